"""ConnectionDialog: one URL field per endpoint, defaults pre-filled, JSON options checked."""

from __future__ import annotations

import pytest

from eo_orders.providers import provider_class
from eo_orders.providers.base import ConnectionConfig
from eo_orders.ui.connection_dialog import ConnectionDialog


def test_new_connection_uses_default_urls(qgis_app):
    dlg = ConnectionDialog(kinds=["cdse_odp"])
    defaults = provider_class("cdse_odp").default_urls
    assert set(dlg.url_edits) == set(defaults)
    dlg.nameEdit.setText("CDSE")
    dlg.userEdit.setText("demo@example.com")
    dlg.secretEdit.setText("pw")
    dlg.optionsEdit.setPlainText('{"page_size": 50}')
    conn = dlg.connection()
    assert conn.kind == "cdse_odp" and conn.urls == defaults and conn.secret == "pw"
    assert conn.options == {"page_size": 50, "two_factor": False} and conn.id == ""
    dlg.optionsEdit.setPlainText("[1]")
    with pytest.raises(ValueError, match="JSON object"):
        dlg.connection()


def test_edit_keeps_id_and_urls_and_never_shows_the_secret(qgis_app):
    original = ConnectionConfig(id="abc", name="Sandbox", kind="cdse_odp",
                                urls={"api": "http://127.0.0.1:9/cdse/odata/v1"}, username="u", secret="s3cret")
    dlg = ConnectionDialog(original, kinds=["cdse_odp"])
    assert dlg.secretEdit.text() == "" and not dlg.kindCombo.isEnabled()
    assert dlg.url_edits["api"].text() == "http://127.0.0.1:9/cdse/odata/v1"
    conn = dlg.connection()
    assert conn.id == "abc" and conn.secret == "" and conn.urls["api"].startswith("http://127.0.0.1")


def test_provider_settings_are_a_form_from_the_providers_schema(qgis_app):
    dlg = ConnectionDialog(kinds=["proseo_odip", "capella"])
    dlg.nameEdit.setText("prosEO")
    assert dlg.settingsGroup.isVisibleTo(dlg)
    values = dlg.settings_form.values()
    assert values["mission"] == "S5P" and values["auth_mode"] == "basic"
    dlg.settings_form.set_values({**values, "auth_mode": "token"})
    conn = dlg.connection()
    assert conn.options["auth_mode"] == "token" and conn.options["mission"] == "S5P"
    dlg.kindCombo.setCurrentIndex(dlg.kindCombo.findData("capella"))
    assert dlg.secretLabel.text() == "API key"
    assert dlg.settings_form.values()["auth_mode"] == "api_key"


def test_editing_splits_known_settings_from_advanced_json(qgis_app):
    original = ConnectionConfig(id="p1", name="P", kind="proseo_odip", urls={}, username="u",
                                options={"mission": "S1A", "auth_mode": "token", "page": 7})
    dlg = ConnectionDialog(original, kinds=["proseo_odip"])
    assert dlg.settings_form.values()["mission"] == "S1A"
    assert '"page": 7' in dlg.optionsEdit.toPlainText()
    assert dlg.connection().options == {"mission": "S1A", "auth_mode": "token", "page": 7}
