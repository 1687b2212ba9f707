# SPDX-License-Identifier: GPL-2.0-or-later
"""QGIS in German: the dock's labels, buttons, tab titles, column headers, hints and a provider's error.

The QGIS locale is set as a user sets it (*Settings › Options › General › Override system locale*: the
``locale/userLocale`` and ``locale/overrideFlag`` settings), the German ``.ts`` is compiled with Debian's
``lrelease`` as ``make package`` does, and the translator is installed the way the plugin does at load
(``core.translation.install()`` reading the QGIS locale). Then the dock is built and driven against the
sandbox over real HTTP, and a screenshot is kept in test-artifacts/dock-de.png.
"""

from __future__ import annotations

import ast
import html
import string
import uuid
import xml.etree.ElementTree as ET

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtCore import Qt

from eo_orders.core.connections import ConnectionStore
from eo_orders.core.order_service import OrderService
from eo_orders.providers.base import ConnectionConfig

from .conftest import ROOT

TS = ROOT / "i18n" / "eo_orders_de.ts"


@pytest.fixture()
def service(qgis_app, sandbox, memory_keyring):
    prefix = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    store = ConnectionStore(prefix)
    user, password = next(iter(sandbox.state.config.users.items()))
    good = store.save(ConnectionConfig(id="", name="CDSE sandbox", kind="cdse_odp",
                                       urls=sandbox.connection_urls("cdse"), username=user, secret=password))
    wrong = store.save(ConnectionConfig(id="", name="CDSE wrong password", kind="cdse_odp",
                                        urls=sandbox.connection_urls("cdse"), username=user, secret="not-it"))
    svc = OrderService(store)
    yield svc, good, wrong
    svc.close()
    QgsSettings().remove(prefix.rsplit("/", 1)[0])


def _messages(ts_text: str) -> list[tuple[str, str, str]]:
    """(context, source, translation) of every message in a .ts."""
    out = []
    for ctx in ET.fromstring(ts_text).iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            out.append((name, msg.findtext("source") or "", msg.findtext("translation") or ""))
    return out


def test_german_ts_is_complete_and_keeps_every_placeholder():
    text = TS.read_text(encoding="utf-8")
    assert 'type="unfinished"' not in text and 'type="obsolete"' not in text
    messages = _messages(text)
    assert len(messages) > 250  # the hook's strings and the Designer labels
    fields = string.Formatter()
    for context, source, translation in messages:
        assert translation.strip(), (context, source)
        names = sorted(f for _, f, _, _ in fields.parse(source) if f is not None)
        assert sorted(f for _, f, _, _ in fields.parse(translation) if f is not None) == names, source
        assert source.count("\n") == translation.count("\n"), source


def test_every_tr_literal_in_the_plugin_is_in_the_ts():
    """`make translations` extracted every literal written inside tr()/QT_TR_NOOP() (none forgotten)."""
    sources = {s for _, s, _ in _messages(TS.read_text(encoding="utf-8"))}
    seen = 0
    for path in [ROOT / "plugin.py", *(ROOT / "ui").rglob("*.py"), *(ROOT / "core").rglob("*.py"),
                 *(ROOT / "providers").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in {
                    "tr", "QT_TR_NOOP"} and node.args and isinstance(node.args[0], ast.Constant):
                seen += 1
                literal = node.args[0].value
                assert literal in sources, f"{path.name}: {literal!r} is not in {TS.name}: run make translations"
    assert seen > 200


def test_dock_speaks_german(german, service, qgis_iface, qgis_canvas, artifacts_dir):
    from eo_orders.ui.dock import EoOrdersDock

    tr = german
    svc, good, wrong = service
    assert tr("Pick a connection.") == "Wählen Sie eine Verbindung."
    dock = EoOrdersDock(qgis_iface, svc)
    try:
        # Designer labels, buttons and tab titles
        tabs = [dock.tabs.tabText(i) for i in range(dock.tabs.count())]
        assert "Aufträge" in tabs and "Workflows" in tabs and "Eingangsdaten" in tabs
        assert dock.workflow_panel.submitButton.text() == "Auftrag senden"
        assert dock.inputs_panel.searchButton.text() == "Suchen"
        assert dock.aoi_panel.extentButton.text() == "Aus Kartenausschnitt"
        # texts the code sets: the connection combo's prompt, the empty AOI, why Submit is disabled
        assert dock.connection_panel.connectionCombo.itemText(0) == "Verbindung wählen …"
        assert dock.aoi_panel.aoiLabel.text().startswith("Noch kein Interessengebiet: Zeichnen Sie eines")
        assert dock.workflow_panel.submitHint.text() == "Wählen Sie eine Verbindung."
        # the models' headers
        headers = [dock.orders_panel.orders_proxy.headerData(c, Qt.Orientation.Horizontal)
                   for c in range(dock.orders_panel.orders_proxy.columnCount())]
        assert headers[:3] == ["Name", "Status", "Verbindung"] and "Fortschritt" in headers

        dock.set_connection(good.id)
        assert svc.runner.wait_idle(30) and dock.last_error == ""
        assert dock.workflow_panel.workflows_model.rowCount() > 0
        assert dock.workflow_panel.submitHint.text() == "Wählen Sie einen Workflow."
        assert dock.workflow_panel.workflows_proxy.headerData(0, Qt.Orientation.Horizontal) == "Name"
        assert dock.workflow_panel.workflows_proxy.headerData(3, Qt.Orientation.Horizontal) == "Ausgabe"

        # a provider's error message, as the message bar shows it
        dock.set_connection(wrong.id)
        svc.runner.wait_idle(30)
        shown = html.unescape(dock.last_error)
        assert shown, "the wrong password produced no message"
        assert "Anmeldung abgelehnt" in shown and "Login refused" not in shown, shown

        dock.tabs.setCurrentWidget(dock.workflowsTab)
        dock.resize(440, 820)
        dock.show()
        dock.grab().save(str(artifacts_dir / "dock-de.png"))
    finally:
        dock.cleanup()
        dock.deleteLater()
