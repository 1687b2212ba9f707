# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin registers the EO Orders Processing provider when QGIS loads it (initGui in the window,
initProcessing alone in qgis_process), shares its connections and journal with it, and removes it on unload."""

from __future__ import annotations

import configparser
from pathlib import Path

from qgis.core import QgsApplication
from qgis.PyQt.QtWidgets import QMainWindow

from .conftest import ensure_processing, table_rows

ROOT = Path(__file__).resolve().parents[2]


def test_metadata_declares_the_processing_provider():
    meta = configparser.ConfigParser()
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    assert meta["general"]["hasProcessingProvider"] == "yes"


def test_init_processing_alone_registers_it_once_and_unload_removes_it(qgis_app, tmp_path):
    from eo_orders import classFactory

    registry = QgsApplication.processingRegistry()
    plugin = classFactory(None)  # qgis_process has no iface and calls initProcessing only
    plugin.initProcessing()
    plugin.initProcessing()
    assert registry.providerById("eo_orders") is not None
    assert sum(p.id() == "eo_orders" for p in registry.providers()) == 1
    plugin.unload()
    assert registry.providerById("eo_orders") is None


def test_the_window_plugin_shares_its_connections_and_journal_with_the_algorithms(
        qgis_canvas, qgis_new_project, sandbox, memory_keyring, tmp_path):
    import processing

    from eo_orders import classFactory
    from eo_orders.demo.flow import add_connection, flow_specs
    from eo_orders.demo.iface import HeadlessIface
    from eo_orders.providers.base import OrderStatus

    ensure_processing()
    window = QMainWindow()
    plugin = classFactory(HeadlessIface(qgis_canvas, window))
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    plugin.initGui()
    try:
        assert QgsApplication.processingRegistry().providerById("eo_orders") is not None
        spec = flow_specs()["proseo"]
        conn = add_connection(plugin.store, "proc-shared", "prosEO from the dock", spec.kind,
                              sandbox.connection_urls("proseo"), username=spec.username, secret=spec.secret,
                              options=spec.connection_options)
        plugin.service.reload_connections()
        out = processing.run("eo_orders:submitorders", {
            "CONNECTION": "prosEO from the dock", "WORKFLOW": "S5P-L2-NO2", "START": "2026-11-18T00:00:00Z",
            "END": "2026-11-20T00:00:00Z", "OUTPUT": "memory:"})
        [row] = table_rows(out["OUTPUT"])
        # the order is in the plugin's journal: the dock's order list shows it without asking the provider
        [tracked] = plugin.service.load_journal()
        assert (tracked.connection_id, tracked.id) == (conn.id, row["order_id"])
        assert tracked.status in (OrderStatus.QUEUED, OrderStatus.IN_PROGRESS)
    finally:
        plugin.unload()
        window.deleteLater()
    assert QgsApplication.processingRegistry().providerById("eo_orders") is None
