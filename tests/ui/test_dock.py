# SPDX-License-Identifier: GPL-2.0-or-later
"""Dock smoke test against the CDSE sandbox over real HTTP: connection → workflows → AOI → search →
footprints and selection sync → submit → order polled to completion. Screenshots go to test-artifacts."""

from __future__ import annotations

import uuid

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsProject, QgsRectangle, QgsSettings

from eo_orders.core.connections import ConnectionStore
from eo_orders.core.order_service import OrderService
from eo_orders.core.settings import DOWNLOAD_DIR
from eo_orders.providers.base import ConnectionConfig, OrderStatus

pytest.importorskip("eo_orders.providers.cdse_odp")
pytest.importorskip("sandbox.cdse")


@pytest.fixture()
def env(qgis_app, sandbox, memory_keyring):
    prefix = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    store = ConnectionStore(prefix)
    user, password = next(iter(sandbox.state.config.users.items()))
    conn = store.save(ConnectionConfig(id="", name="CDSE sandbox", kind="cdse_odp",
                                       urls=sandbox.connection_urls("cdse"), username=user, secret=password))
    service = OrderService(store)
    yield store, conn, service
    service.close()
    QgsSettings().remove(prefix.rsplit("/", 1)[0])


def _shot(dock, tab, artifacts_dir, name):
    dock.tabs.setCurrentWidget(tab)
    dock.resize(420, 800)
    dock.show()
    dock.grab().save(str(artifacts_dir / name))


def test_empty_dock_without_connection(env, qgis_iface, artifacts_dir):
    from eo_orders.ui.dock import EoOrdersDock

    store, _conn, service = env
    dock = EoOrdersDock(qgis_iface, service)
    assert dock.connection_panel.connectionCombo.count() == 2 and dock.connection_id is None
    assert not dock.workflow_panel.isEnabled() and not dock.workflow_panel.submitButton.isEnabled()
    assert not dock.inputs_panel.isEnabled() and not dock.aoi_panel.isEnabled()
    assert dock.orders_panel.isEnabled()  # orders of every connection stay in view without a connection
    assert dock.workflow_panel.workflows_hint.label.isVisibleTo(dock.workflow_panel.workflowsView)
    assert not dock.connection_panel.helpButton.isVisibleTo(dock)  # until the plugin gives it a handler
    helped = []
    dock.set_help_handler(lambda: helped.append(True))
    dock.connection_panel.helpButton.click()
    assert helped == [True] and dock.connection_panel.helpButton.isVisibleTo(dock)
    _shot(dock, dock.workflowsTab, artifacts_dir, "dock-empty.png")
    dock.cleanup()


def test_dock_order_flow(env, sandbox, qgis_iface, qgis_canvas, artifacts_dir, tmp_path):
    from eo_orders.ui.dock import EoOrdersDock

    store, conn, service = env
    runner = service.runner
    dock = EoOrdersDock(qgis_iface, service)
    busy = []
    dock.busyChanged.connect(busy.append)
    dock.set_connection(conn.id)
    assert runner.wait_idle(30)
    assert busy and busy[-1] is False
    assert dock.last_error == ""
    names = [w.name for w in dock.workflow_panel.workflows_model.items()]
    assert "card_bs" in names
    assert not dock.workflow_panel.submitButton.isEnabled()  # no workflow yet
    assert not dock.inputs_panel.searchButton.isEnabled()  # no AOI yet

    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_canvas.setExtent(QgsRectangle(12.35, 41.80, 12.65, 42.00))
    dock.use_canvas_extent()
    assert dock.current_aoi is not None and "km²" in dock.aoi_panel.aoiLabel.text()
    assert dock.inputs_panel.searchButton.isEnabled()

    dock.select_workflow("card_bs")
    assert dock.current_workflow.name == "card_bs"
    assert "DEM" in dock.workflow_panel.options_form.fields
    assert dock.inputs_panel.productTypeCombo.currentText() == "GRD"
    assert not dock.workflow_panel.submitButton.isEnabled()  # CDSE orders on products: none selected yet
    _shot(dock, dock.workflowsTab, artifacts_dir, "dock-workflows.png")

    dock.search_inputs()
    assert runner.wait_idle(30)
    assert dock.last_error == ""
    assert dock.inputs_panel.inputs_model.rowCount() > 0
    layer = dock.inputs_panel.footprints.layer
    layer_id = layer.id()
    assert QgsProject.instance().mapLayer(layer_id) is not None
    assert layer.featureCount() == dock.inputs_panel.inputs_model.rowCount()
    first = dock.inputs_panel.inputs_model.item(0)
    dock.select_inputs([first.name])
    assert dock.inputs_panel.footprints.selected_ids() == [first.id]
    # map -> table
    second = dock.inputs_panel.inputs_model.item(1) if dock.inputs_panel.inputs_model.rowCount() > 1 else first
    dock.inputs_panel.footprints.select_ids([second.id])
    assert [p.id for p in dock.selected_inputs()] == [second.id]
    dock.select_inputs([first.name])
    assert dock.workflow_panel.submitButton.isEnabled()
    _shot(dock, dock.inputsTab, artifacts_dir, "dock-inputs.png")

    dock.workflow_panel.options_form.set_values({"DEM": "no-such-dem"})
    dock.submit_order()
    assert "DEM" in dock.workflow_panel.options_form.errors() and dock.last_error
    assert dock.orders_panel.orders_model.rowCount() == 0
    dock.workflow_panel.options_form.set_values({})

    dock.submit_order(confirm=lambda quote: True)
    assert runner.wait_idle(30)
    assert dock.orders_panel.orders_model.rowCount() == 1, dock.last_error
    order = dock.orders_panel.orders_model.item(0)
    assert order.status.is_active and "submitted" in dock.last_message
    assert order.connection_id == conn.id and order.connection_name == "CDSE sandbox"
    assert dock.selected_order().id == order.id
    assert [t.key for t in service.active_orders()] == [order.key]  # what the monitor follows
    assert dock.orders_panel.cancelButton.isEnabled() and not dock.orders_panel.downloadButton.isEnabled()

    sandbox.state.clock.advance(3600)
    dock.refresh_orders()
    assert runner.wait_idle(30)
    done = dock.orders_panel.orders_model.get(order.key)
    assert done.status == OrderStatus.COMPLETED, done
    assert service.active_orders() == []
    assert dock.orders_panel.downloadButton.isEnabled() and not dock.orders_panel.cancelButton.isEnabled()
    DOWNLOAD_DIR.set_value(str(tmp_path))
    try:
        dock.download_selected_order()
        assert runner.wait_idle(60)
    finally:
        DOWNLOAD_DIR.remove()
    assert "layer" in dock.last_message and str(tmp_path) in dock.last_message, dock.last_error
    group = QgsProject.instance().layerTreeRoot().findGroup(done.name)
    assert group is not None and group.findLayers()
    _shot(dock, dock.ordersTab, artifacts_dir, "dock-orders.png")

    dock.cleanup()
    assert dock.inputs_panel.footprints is None
    assert QgsProject.instance().mapLayer(layer_id) is None


def test_one_place_shows_errors_at_their_level(env, qgis_iface):
    """Any error of the family reaches the dock's message bar at the level it carries; plain text is
    critical. An AOI problem is a warning, a provider failure critical."""
    from qgis.core import Qgis

    from eo_orders.core.aoi import AoiError
    from eo_orders.providers.base import ErrorLevel, ProviderError
    from eo_orders.ui.dock import EoOrdersDock

    _store, _conn, service = env
    dock = EoOrdersDock(qgis_iface, service)
    for err, level in ((AoiError("The area crosses the antimeridian."), Qgis.MessageLevel.Warning),
                       (ProviderError("The service failed (HTTP 503)."), Qgis.MessageLevel.Critical),
                       (ProviderError("Nothing to do.", level=ErrorLevel.INFO), Qgis.MessageLevel.Info),
                       ("The start date must be before the end date.", Qgis.MessageLevel.Critical)):
        dock.show_error(err)
        item = dock.message_bar.current()
        assert item.level == level and item.text == str(err) and dock.last_error == str(err)
    dock.cleanup()
