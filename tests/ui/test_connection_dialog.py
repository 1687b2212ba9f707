# SPDX-License-Identifier: GPL-2.0-or-later
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


# -- Test connection, labels, layout (issue 14) -------------------------------------------------------------
def _dialog_for(sandbox, name, **changes):
    from eo_orders.demo.flow import flow_specs

    spec = flow_specs()[name]
    dlg = ConnectionDialog(kinds=[spec.kind])
    dlg.nameEdit.setText(spec.title)
    dlg.userEdit.setText(spec.username)
    dlg.secretEdit.setText(changes.get("secret", spec.secret))
    urls = changes.get("urls") or sandbox.connection_urls(name)
    for key, edit in dlg.url_edits.items():
        edit.setText(urls.get(key, ""))
    if spec.connection_options:
        dlg.settings_form.set_values({**dlg.settings_form.values(), **spec.connection_options})
    return dlg


def _run_test(dlg):
    from eo_orders.core.connection_check import PERMISSIONS, REACH, SIGN_IN

    assert dlg.test_connection()
    assert not dlg.testButton.isEnabled() and dlg.testResult.text() == "Testing…"
    assert dlg.wait_for_test(60)
    assert dlg.testButton.isEnabled()
    steps = {s.name: s for s in dlg.check_steps}
    assert list(steps) == [REACH, SIGN_IN, PERMISSIONS]
    return steps, dlg.testResult.text()


@pytest.mark.parametrize("name", ["cdse", "proseo", "creodias", "up42", "capella"])
def test_test_connection_passes_on_every_sandbox_provider(name, qgis_app, sandbox):
    dlg = _dialog_for(sandbox, name)
    steps, text = _run_test(dlg)
    assert all(s.ok for s in steps.values()), text
    assert text.count("✔") == 3 and "✘" not in text
    assert "color: #1e7d32" in dlg.testResult.styleSheet()
    assert not any(method == "POST" and "order" in path.lower() and "token" not in path.lower()
                   for method, path in sandbox.state.requests)  # a test orders nothing
    dlg.close()


@pytest.mark.parametrize("name", ["cdse", "proseo", "capella"])
def test_test_connection_names_the_credentials_when_they_are_wrong(name, qgis_app, sandbox):
    dlg = _dialog_for(sandbox, name, secret="not-the-password")
    steps, text = _run_test(dlg)
    reach, sign_in, permissions = steps.values()
    assert reach.ok is True and sign_in.ok is False and permissions.ok is None, text
    assert "not-the-password" not in text
    assert "✘ Sign in" in text and "color: #c0392b" in dlg.testResult.styleSheet()
    dlg.close()


def test_test_connection_names_an_address_that_does_not_answer(qgis_app, sandbox):
    import socket

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    urls = {k: v.replace(sandbox.base_url, f"http://127.0.0.1:{port}") for k, v in
            sandbox.connection_urls("up42").items()}
    dlg = _dialog_for(sandbox, "up42", urls=urls)
    steps, text = _run_test(dlg)
    reach = next(iter(steps.values()))
    assert reach.ok is False and f"Cannot reach 127.0.0.1:{port}" in reach.message
    assert "HTTPConnectionPool" not in text and "Max retries" not in text
    assert [s.ok for s in steps.values()][1:] == [None, None]


def test_test_connection_names_missing_permissions(qgis_app, sandbox):
    import requests

    fault = {"method": "GET", "path": "/capella/orders", "action": "status", "status": 403, "times": -1,
             "body": {"message": "You are not authorized to list this customer's orders.",
                      "code": "NOT_AUTHORIZED"}}
    assert requests.post(f"{sandbox.base_url}/_sandbox/faults", json=[fault], timeout=10).status_code == 200
    dlg = _dialog_for(sandbox, "capella")
    steps, text = _run_test(dlg)
    reach, sign_in, permissions = steps.values()
    assert reach.ok and sign_in.ok and permissions.ok is False, text
    assert "not authorized" in permissions.message.lower()


def test_editing_tests_with_the_stored_secret(qgis_app, sandbox):
    """The secret field stays empty when editing: the test asks the store for the saved one."""
    from eo_orders.demo.flow import flow_specs

    spec = flow_specs()["cdse"]
    original = ConnectionConfig(id="c1", name="CDSE", kind="cdse_odp", urls=sandbox.connection_urls("cdse"),
                                username=spec.username)
    asked = []
    dlg = ConnectionDialog(original, kinds=["cdse_odp"],
                           secret_lookup=lambda: asked.append(True) or spec.secret)
    assert dlg.secretEdit.text() == ""
    steps, text = _run_test(dlg)
    assert asked == [True] and all(s.ok for s in steps.values()), text


def test_capella_secret_label_follows_the_authentication(qgis_app):
    dlg = ConnectionDialog(kinds=["capella"])
    assert dlg.secretLabel.text() == "API key" and not dlg.userEdit.isEnabled()
    dlg.settings_form.set_values({**dlg.settings_form.values(), "auth_mode": "token"})
    assert dlg.secretLabel.text() == "Password" and dlg.userEdit.isEnabled()
    dlg.settings_form.set_values({**dlg.settings_form.values(), "auth_mode": "api_key"})
    assert dlg.secretLabel.text() == "API key"


@pytest.mark.parametrize("kind", ["capella", "proseo_odip", "cdse_odp"])
def test_settings_fields_never_overlap_their_help_text(kind, qgis_app, artifacts_dir):
    from qgis.PyQt.QtWidgets import QApplication, QLabel

    dlg = ConnectionDialog(kinds=[kind])
    dlg.show()
    for _ in range(6):
        QApplication.processEvents()
    dlg.grab().save(str(artifacts_dir / f"connection-dialog-{kind}.png"))
    form = dlg.settings_form
    for name, field in form.fields.items():
        widget = field.widget
        # not squeezed (a fixed-height widget may use its size hint, smaller than its minimum hint)
        assert widget.height() >= min(widget.sizeHint().height(), widget.minimumSizeHint().height()), name
        box = widget.parentWidget()
        for label in box.findChildren(QLabel):
            if label.isVisibleTo(dlg) and label.text():
                assert not widget.geometry().intersects(label.geometry()), (name, label.text())
                assert label.height() >= label.heightForWidth(label.width()), (name, label.text())
    dlg.close()
