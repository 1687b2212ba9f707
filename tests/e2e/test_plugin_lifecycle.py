# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin as QGIS sees it: classFactory, initGui, the dock, and an unload that leaves nothing behind."""

from __future__ import annotations

import logging

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtWidgets import QMainWindow


@pytest.fixture()
def iface(qgis_canvas, qgis_new_project):
    from eo_orders.demo.iface import HeadlessIface

    window = QMainWindow()
    yield HeadlessIface(qgis_canvas, window)
    window.deleteLater()


def _plugin_layers() -> list:
    return [lyr for lyr in QgsProject.instance().mapLayers().values()
            if lyr.customProperty("eo_orders/temporary")]


def test_metadata_is_complete():
    import configparser
    from pathlib import Path

    meta = configparser.ConfigParser()
    meta.read(Path(__file__).resolve().parents[2] / "metadata.txt", encoding="utf-8")
    general = meta["general"]
    for key in ("name", "description", "about", "version", "qgisMinimumVersion", "author", "email", "repository",
                "tracker", "homepage", "tags", "icon", "category"):
        assert general.get(key), key
    assert general["qgisMinimumVersion"] == "3.22"
    assert (Path(__file__).resolve().parents[2] / general["icon"]).exists()


def test_reloading_twice_leaves_nothing_behind(iface, qgis_app, memory_keyring, tmp_path):
    from eo_orders import classFactory

    for _ in range(2):
        plugin = classFactory(iface)
        plugin.journal_path = str(tmp_path / "journal.sqlite")
        plugin.initGui()
        assert plugin.action in iface.web_toolbar.actions()
        assert plugin.action in iface.web_menus["&EO Orders"].actions()
        plugin.action.setChecked(True)
        dock = plugin.dock
        assert dock is not None
        assert dock in iface.mainWindow().findChildren(type(dock)) or dock.parent() is not None
        handlers_before = len(logging.getLogger("eo_orders").handlers)
        plugin.unload()
        qgis_app.processEvents()
        assert iface.web_toolbar.actions() == []
        assert "&EO Orders" not in iface.web_menus
        assert plugin.dock is None and plugin.action is None and plugin.runner is None
        assert _plugin_layers() == []
        assert len(logging.getLogger("eo_orders").handlers) == handlers_before - 1
        assert iface.docks == []


def test_unload_while_a_slow_call_runs_leaves_no_task_and_no_callback(iface, qgis_app, memory_keyring, tmp_path,
                                                                      sandbox):
    """Reloading the plugin mid-request must not let the finished task call into the deleted dock."""
    import time

    import requests

    from eo_orders import classFactory
    from eo_orders.demo.flow import add_connection

    requests.post(sandbox.base_url + "/_sandbox/faults", json={"method": "GET", "path": "/Workflows",
                                                              "action": "delay", "seconds": 2, "times": -1},
                  timeout=5)
    plugin = classFactory(iface)
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    plugin.initGui()
    plugin.action.setChecked(True)
    conn = add_connection(plugin.store, "slow", "CDSE sandbox", "cdse_odp", sandbox.connection_urls("cdse"))
    plugin.dock.reload_connections()
    plugin.dock.set_connection(conn.id)  # starts the (delayed) workflow listing in a task
    runner = plugin.runner
    assert runner.active >= 1
    t = time.monotonic()
    plugin.unload()  # cancels and waits for the worker threads
    assert time.monotonic() - t < 15
    assert runner.active == 0
    for _ in range(50):  # let any queued signal arrive: nothing may touch the deleted dock
        qgis_app.processEvents()
        time.sleep(0.02)
    from qgis.core import QgsApplication

    assert not [t for t in QgsApplication.taskManager().tasks() if t.description().startswith("EO Orders")]


def _project_with_a_grouped_layer():
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer("Point?crs=EPSG:4326", "analyst's layer", "memory")
    project = QgsProject.instance()
    project.addMapLayer(layer, False)
    project.layerTreeRoot().addGroup("analyst's group").addLayer(layer)
    return layer


def test_disabling_the_plugin_keeps_the_project(iface, qgis_app, memory_keyring, tmp_path):
    """The plugin manager unloads from inside its dialog's event loop: the analyst's project stays."""
    from qgis.PyQt.QtCore import QEventLoop, QTimer

    from eo_orders import classFactory

    iface.mainWindow().show()
    plugin = classFactory(iface)
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    plugin.initGui()
    layer = _project_with_a_grouped_layer()
    loop = QEventLoop()

    def unload_from_the_dialog():
        plugin.unload()
        loop.quit()

    QTimer.singleShot(0, unload_from_the_dialog)
    loop.exec()
    assert QgsProject.instance().mapLayer(layer.id()) is layer
    assert QgsProject.instance().layerTreeRoot().findGroup("analyst's group") is not None


def test_unloaded_after_qgis_event_loop_ended_lets_go_of_the_project(iface, qgis_app, memory_keyring, tmp_path):
    """QGIS quitting unloads the plugin after its event loop ended (a plugin installed while QGIS ran is
    unloaded before its own ``aboutToQuit`` handler runs): the project is cleared then, so that QGIS 3.44
    does not crash tearing down a layer tree whose view is gone (tests/release runs the real desktop)."""
    from eo_orders import classFactory

    iface.mainWindow().show()
    plugin = classFactory(iface)
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    plugin.initGui()
    _project_with_a_grouped_layer()
    plugin.unload()  # no event loop runs here: as after QCoreApplication.exec() returned
    assert QgsProject.instance().mapLayers() == {}
    assert QgsProject.instance().layerTreeRoot().children() == []
