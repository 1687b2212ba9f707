# SPDX-License-Identifier: GPL-2.0-or-later
"""QGIS closes mid-flow and starts again: the orders are still there (from the journal, before any network
call), the monitor follows the active ones without the dock being opened, and a download cut short
resumes from its partial file. The plugin is unloaded and loaded again with the same journal, exactly as
a restart would do it."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsRasterLayer
from qgis.PyQt.QtWidgets import QMainWindow

from tests.helpers.service import call


@pytest.fixture()
def restartable(qgis_canvas, qgis_new_project, memory_keyring, tmp_path):
    """Start the plugin as often as the test wants, always with the same journal and download folder."""
    from eo_orders import classFactory
    from eo_orders.core.settings import DOWNLOAD_DIR
    from eo_orders.demo.iface import HeadlessIface

    DOWNLOAD_DIR.set_value(str(tmp_path / "downloads"))
    window = QMainWindow()
    iface = HeadlessIface(qgis_canvas, window)
    running = []

    def start(open_dock: bool = True, interval_s: float = 0.3):
        plugin = classFactory(iface)
        plugin.journal_path = str(tmp_path / "journal.sqlite")
        plugin.monitor_interval_s = interval_s
        plugin.initGui()
        if open_dock:
            plugin.action.setChecked(True)
        running.append(plugin)
        return plugin

    def stop(plugin):
        plugin.unload()
        running.remove(plugin)

    yield start, stop
    for plugin in list(running):
        plugin.unload()
    DOWNLOAD_DIR.remove()
    window.deleteLater()


def _rasters() -> list[QgsRasterLayer]:
    return [lyr for lyr in QgsProject.instance().mapLayers().values() if isinstance(lyr, QgsRasterLayer)]


def test_orders_polling_and_downloads_survive_a_restart(restartable, sandbox, sandbox_call, qgis_canvas, tmp_path):
    from eo_orders.demo.flow import add_connection, model_objects, set_canvas_to_demo_area, wait_for

    start, stop = restartable
    plugin = start()
    dock = plugin.dock
    conn = add_connection(plugin.store, "restart-cdse", "CDSE sandbox", "cdse_odp", sandbox.connection_urls("cdse"))
    dock.reload_connections()
    dock.set_connection(conn.id)
    set_canvas_to_demo_area(qgis_canvas)
    dock.use_canvas_extent()
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0, 30, "workflows")
    dock.select_workflow("card_bs")
    dock.search_inputs()
    wait_for(lambda: not dock.runner.active, 30, "inputs")
    product = next(p for p in model_objects(dock.inputs_panel.inputs_model) if p.online and "FAILME" not in p.name)
    dock.select_inputs([product.name])
    dock.submit_order(confirm=lambda *_: True)
    wait_for(lambda: dock.orders_panel.orders_model.rowCount() == 1, 30, "the order")
    (order,) = model_objects(dock.orders_panel.orders_model)
    assert order.status.is_active

    # QGIS closes while the order is queued; it starts again with the dock closed
    stop(plugin)
    requests_before = len(sandbox.state.requests)
    plugin = start(open_dock=False)
    # the journal gives the order back at once, before any network call, and the monitor follows it
    assert [t.id for t in plugin.service.orders()] == [order.id]
    assert len(sandbox.state.requests) == requests_before
    assert plugin.monitor.is_following(conn.id)

    # the order completes while the dock is closed: the main window's message bar says so
    sandbox_call("POST", "/_sandbox/advance", {"seconds": 3600})
    wait_for(lambda: plugin.service.tracked(conn.id, order.id).status.value == "completed"
             and not plugin.runner.active, 30, "completion seen by the monitor")
    wait_for(lambda: any("completed" in text and order.name in text for text in plugin.notifier.history), 5,
             "the notification")
    shown = plugin.iface.messageBar().currentItem()  # the main window's message bar, with a "Show order" button
    assert shown is not None and "completed" in shown.text() and order.name in shown.text()
    assert plugin.dock is None  # all of this with the dock never opened
    assert not plugin.monitor.is_following(conn.id)
    from qgis.PyQt.QtWidgets import QPushButton

    [show] = [b for b in shown.findChildren(QPushButton) if b.text() == "Show order"]
    show.click()  # opens the dock on that order, in its fresh state
    dock = plugin.dock
    assert dock is not None and dock.isVisibleTo(plugin.iface.mainWindow()) and plugin.action.isChecked()
    assert dock.tabs.currentWidget() is dock.ordersTab and dock.selected_order().key == order.key
    assert dock.orders_panel.orders_model.get(order.key).status.value == "completed"
    dock.set_connection(conn.id)

    # the download breaks again and again: QGIS is closed with a partial file on disk
    sandbox_call("POST", "/_sandbox/faults", {"method": "GET", "path": r"Product/\$value", "action": "drop_body_at",
                                             "bytes": 40000, "times": -1})
    dock.select_order(order.id)
    dock.last_error = ""
    dock.download_selected_order()
    wait_for(lambda: not dock.runner.active and bool(dock.last_error), 60, "the failed download")
    parts = list(Path(tmp_path / "downloads").rglob("*.part"))
    assert parts and parts[0].stat().st_size > 0
    assert _rasters() == []
    stop(plugin)

    # the network is back; QGIS starts (dock closed): the download resumes by itself and the layer arrives
    import requests

    requests.delete(sandbox.base_url + "/_sandbox/faults", timeout=10)
    plugin = start(open_dock=False)
    wait_for(lambda: bool(_rasters()) and not plugin.runner.active, 60, "the resumed download")
    assert not list(Path(tmp_path / "downloads").rglob("*.part"))
    ranged = [p for m, p in sandbox.state.requests if m == "GET" and p.endswith("/Product/$value")]
    assert ranged, "the result was fetched"
    layer = _rasters()[0]
    assert layer.isValid() and layer.bandCount() == 3  # VV, VH and VV − VH in dB (false colour)


def _place_proseo_order(plugin, sandbox, conn_name: str, order_name: str):
    """A prosEO connection saved in ``plugin`` and one production order placed through its service."""
    from datetime import datetime, timedelta, timezone

    from eo_orders.demo.flow import add_connection, flow_specs
    from eo_orders.providers.base import OrderRequest

    spec = flow_specs()["proseo"]
    conn = add_connection(plugin.store, conn_name, spec.title, spec.kind, sandbox.connection_urls("proseo"),
                          options=spec.connection_options)
    plugin.service.reload_connections()
    workflow = next(w for w in call(plugin.service.list_workflows, conn.id) if w.name == spec.workflow)
    end = datetime(2026, 11, 20, tzinfo=timezone.utc)
    tracked, _ = call(plugin.service.submit, conn.id,
                      OrderRequest(workflow=workflow, name=order_name, start=end - timedelta(days=2), end=end), "")
    return spec, conn, tracked


def test_after_a_restart_a_two_factor_connection_asks_once_to_sign_in(restartable, sandbox):
    """Its password cannot be used without a one-time code: nothing is sent, one message offers to sign
    in, and its "Sign in" opens the dock on the connection, asks for the code and following resumes."""
    from qgis.PyQt.QtWidgets import QPushButton

    from eo_orders.demo.flow import wait_for

    start, stop = restartable
    plugin = start(open_dock=False)
    spec, conn, tracked = _place_proseo_order(plugin, sandbox, "restart-2fa", "overnight")
    conn.options = {**conn.options, "two_factor": True}
    plugin.store.save(conn)
    stop(plugin)

    sent_before = len(sandbox.state.requests)
    plugin = start(open_dock=False)
    wait_for(lambda: any("sign in" in t for t in plugin.notifier.history), 10, "the sign-in message")
    import time

    later = time.monotonic() + 1.0  # a few more cycles: still one message, still nothing sent
    wait_for(lambda: time.monotonic() > later, 5, "more cycles")
    assert sum("sign in" in t for t in plugin.notifier.history) == 1
    assert len(sandbox.state.requests) == sent_before
    assert plugin.service.tracked(conn.id, tracked.id).name == "overnight"  # listed from the journal all the same

    asked: list[str] = []
    plugin.service.totp_prompt = lambda name: asked.append(name) or "123456"
    item = plugin.iface.messageBar().currentItem()
    [sign_in] = [b for b in item.findChildren(QPushButton) if b.text() == "Sign in"]
    sign_in.click()
    assert plugin.dock is not None and plugin.dock.connection_id == conn.id and asked == [spec.title]
    before = plugin.service.tracked(conn.id, tracked.id).checked_at
    wait_for(lambda: plugin.service.tracked(conn.id, tracked.id).checked_at != before
             and not plugin.runner.active, 30, "following again")


def test_reopening_the_dock_shows_fresh_states_without_a_manual_refresh(restartable, sandbox):
    """The issue's analyst: an order moved on while the dock was closed; reopened, the dock must not show
    the old status until someone presses Refresh (the monitor's next cycle is an hour away here)."""
    from eo_orders.demo.flow import wait_for

    start, _stop = restartable
    plugin = start(open_dock=False, interval_s=3600)
    _spec, conn, tracked = _place_proseo_order(plugin, sandbox, "reopen", "reopen")
    sandbox.state.clock.advance(3600)
    plugin.action.setChecked(True)
    model = plugin.dock.orders_panel.orders_model
    wait_for(lambda: model.get(tracked.key).status.value == "completed", 30, "the fresh state")
