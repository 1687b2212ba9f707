"""The plugin loaded as QGIS loads it, with its dock open, a throw-away journal and download folder."""

from __future__ import annotations

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtWidgets import QMainWindow


@pytest.fixture()
def plugin(qgis_canvas, qgis_new_project, memory_keyring, tmp_path):
    from eo_orders import classFactory
    from eo_orders.demo.iface import HeadlessIface

    QgsSettings().setValue("eo_orders/download_dir", str(tmp_path / "downloads"))
    window = QMainWindow()
    iface = HeadlessIface(qgis_canvas, window)
    plugin = classFactory(iface)
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    plugin.initGui()
    plugin.action.setChecked(True)
    yield plugin
    plugin.unload()
    QgsSettings().remove("eo_orders/download_dir")
    QgsSettings().remove("eo_orders/stream_rasters")
    window.deleteLater()


@pytest.fixture()
def sandbox_call(sandbox):
    import requests

    def call(method, path, body=None):
        return requests.request(method, sandbox.base_url + path, json=body, timeout=10).json()

    return call
