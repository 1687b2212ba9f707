"""QGIS closes mid-flow and starts again: the orders are still there, polling resumes for the active
ones, and a download cut short resumes from its partial file. The plugin is unloaded and loaded again
with the same journal, exactly as a restart would do it."""

from __future__ import annotations

from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsRasterLayer, QgsSettings
from qgis.PyQt.QtWidgets import QMainWindow


@pytest.fixture()
def restartable(qgis_canvas, qgis_new_project, memory_keyring, tmp_path):
    """Start the plugin as often as the test wants, always with the same journal and download folder."""
    from eo_orders import classFactory
    from eo_orders.demo.iface import HeadlessIface

    QgsSettings().setValue("eo_orders/download_dir", str(tmp_path / "downloads"))
    window = QMainWindow()
    iface = HeadlessIface(qgis_canvas, window)
    running = []

    def start():
        plugin = classFactory(iface)
        plugin.journal_path = str(tmp_path / "journal.sqlite")
        plugin.initGui()
        plugin.action.setChecked(True)
        running.append(plugin)
        return plugin

    def stop(plugin):
        plugin.unload()
        running.remove(plugin)

    yield start, stop
    for plugin in list(running):
        plugin.unload()
    QgsSettings().remove("eo_orders/download_dir")
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
    wait_for(lambda: dock.workflows_model.rowCount() > 0, 30, "workflows")
    dock.select_workflow("card_bs")
    dock.search_inputs()
    wait_for(lambda: not dock.runner.active, 30, "inputs")
    product = next(p for p in model_objects(dock.inputs_model) if p.online and "FAILME" not in p.name)
    dock.select_inputs([product.name])
    dock.submit_order(confirm=lambda *_: True)
    wait_for(lambda: dock.orders_model.rowCount() == 1, 30, "the order")
    (order,) = model_objects(dock.orders_model)
    assert order.status.is_active

    # QGIS closes while the order is queued
    stop(plugin)
    plugin = start()
    dock = plugin.dock
    dock.set_connection(conn.id)
    # the journal shows the order at once, before the provider answered, and polling is on for it
    assert [o.id for o in model_objects(dock.orders_model)] == [order.id]
    assert dock.poll_timer.isActive()

    sandbox_call("POST", "/_sandbox/advance", {"seconds": 3600})
    dock.refresh_orders()
    wait_for(lambda: dock.orders_model.get(order.id).status.value == "completed" and not dock.runner.active, 30,
             "completion")
    wait_for(lambda: not dock.poll_timer.isActive(), 5, "polling to stop")

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

    # the network is back; QGIS starts: the download resumes by itself and the layer arrives
    import requests

    requests.delete(sandbox.base_url + "/_sandbox/faults", timeout=10)
    plugin = start()
    dock = plugin.dock
    dock.set_connection(conn.id)
    wait_for(lambda: bool(_rasters()) and not dock.runner.active, 60, "the resumed download")
    assert not list(Path(tmp_path / "downloads").rglob("*.part"))
    ranged = [p for m, p in sandbox.state.requests if m == "GET" and p.endswith("/Product/$value")]
    assert ranged, "the result was fetched"
    layer = _rasters()[0]
    assert layer.isValid() and layer.bandCount() == 3  # VV, VH and VV − VH in dB (false colour)
