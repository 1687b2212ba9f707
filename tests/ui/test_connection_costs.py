# SPDX-License-Identifier: GPL-2.0-or-later
"""The dock says which providers charge: a line under the connection row and in the connection dialog.

Issue 16 asks that ``about`` *and the plugin itself* say which providers charge; the guide has the details.
The sentence comes from each provider class (``costs``, ``charges``), so a new provider brings its own.
"""

from __future__ import annotations

import uuid

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import Qt

from eo_orders import providers
from eo_orders.core.connections import ConnectionStore
from eo_orders.core.order_service import OrderService
from eo_orders.providers.base import ConnectionConfig

PAID = {"up42", "capella", "creodias_finder"}


@pytest.fixture()
def service(qgis_app, memory_keyring):
    prefix = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    store = ConnectionStore(prefix)
    for kind in providers.REGISTRY:
        store.save(ConnectionConfig(id="", name=f"my {kind}", kind=kind, urls={}, username="u", secret="s"))
    svc = OrderService(store)
    yield svc
    svc.close()
    QgsSettings().remove(prefix.rsplit("/", 1)[0])


def test_every_provider_says_who_pays():
    for kind in providers.REGISTRY:
        cls = providers.provider_class(kind)
        assert 30 < len(cls.costs) <= 100, kind  # one line under the connection row
        assert cls.charges == (kind in PAID), kind


def test_the_connection_row_says_which_providers_charge(service, artifacts_dir):
    from eo_orders.ui.panels.connection_panel import ConnectionPanel

    panel = ConnectionPanel(service)
    panel.resize(420, panel.sizeHint().height())
    panel.show()
    conns = panel.reload()
    assert not panel.costsLabel.isVisible()  # "Choose a connection…": nothing to say yet
    for conn in conns:
        panel.select(conn.id)
        cls = providers.provider_class(conn.kind)
        text = panel.costsLabel.text()
        assert panel.costsLabel.isVisible() and cls.costs in text
        assert text.startswith("Paid provider —") == (conn.kind in PAID), (conn.kind, text)
        combo = panel.connectionCombo
        assert cls.costs in combo.itemData(combo.currentIndex(), Qt.ItemDataRole.ToolTipRole)
        if conn.kind == "up42":
            panel.resize(420, panel.heightForWidth(420) if panel.hasHeightForWidth() else panel.sizeHint().height())
            panel.grab().save(str(artifacts_dir / "connection-costs-up42.png"))
    panel.select(None)
    assert not panel.costsLabel.isVisible()


def test_the_connection_dialog_says_it_when_the_provider_is_picked(qgis_app):
    from eo_orders.ui.connection_dialog import ConnectionDialog

    dialog = ConnectionDialog()
    seen = {}
    for i in range(dialog.kindCombo.count()):
        dialog.kindCombo.setCurrentIndex(i)
        seen[dialog.kind()] = dialog.costsLabel.text()
    assert set(seen) == set(providers.available_kinds())
    for kind, text in seen.items():
        assert providers.provider_class(kind).costs in text
        assert text.startswith("Paid provider —") == (kind in PAID)
    dialog.deleteLater()


def test_in_german_from_the_compiled_translation(german):
    from eo_orders.ui.connection_dialog import costs_text

    assert costs_text("up42").startswith("Kostenpflichtiger Anbieter — Bestellungen kosten UP42-Credits")
    assert costs_text("cdse_odp").startswith("Kostenlos im Rahmen")
    assert costs_text("nonexistent-kind") == ""
