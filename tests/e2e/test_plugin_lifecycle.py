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
