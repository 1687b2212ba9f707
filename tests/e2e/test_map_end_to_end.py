# SPDX-License-Identifier: GPL-2.0-or-later
"""The analyst's map, end to end in the plugin's dock against the sandbox: draw the AOI with the mouse on
the real canvas, see it drawn, search, see quicklooks, zoom to a product, order, and get result layers
that read well (names, metadata, time, style), loaded once; then take the AOI from a file, by the
button and by dropping it on the dock."""

from __future__ import annotations

import zipfile

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsMultiBandColorRenderer, QgsProject
from qgis.PyQt.QtCore import QEvent, Qt
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtWidgets import QApplication

from tests.helpers.canvas import drag_enter, drop, file_mime, mouse, write_geojson


def test_draw_search_quicklooks_order_and_results_that_read_well(plugin, sandbox, sandbox_call, qgis_canvas,
                                                                 tmp_path, artifacts_dir):
    from eo_orders.core.layers import FOOTPRINT_LAYER_NAME, order_layers
    from eo_orders.demo.flow import add_connection, model_objects, set_canvas_to_demo_area, wait_for

    dock = plugin.dock
    conn = add_connection(plugin.store, "e2e-map", "CDSE sandbox", "cdse_odp", sandbox.connection_urls("cdse"))
    dock.reload_connections()
    dock.set_connection(conn.id)
    qgis_canvas.resize(600, 400)
    qgis_canvas.show()
    set_canvas_to_demo_area(qgis_canvas)  # Web Mercator over Rome
    QApplication.processEvents()

    # 1. draw the AOI: the rectangle tool, a drag on the canvas
    tools = dock.aoi_panel.tools
    tools.buttons["rectangle"].click()
    assert qgis_canvas.mapTool() is tools.tools["rectangle"]
    mouse(qgis_canvas, QEvent.Type.MouseButtonPress, 150, 100, held=Qt.MouseButton.LeftButton)
    mouse(qgis_canvas, QEvent.Type.MouseMove, 300, 200, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
    mouse(qgis_canvas, QEvent.Type.MouseButtonRelease, 450, 300)
    aoi = dock.current_aoi
    assert aoi is not None and aoi.source == "Drawn rectangle", dock.last_error
    to_4326 = QgsCoordinateTransform(qgis_canvas.mapSettings().destinationCrs(),
                                     QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance())
    ul = to_4326.transform(qgis_canvas.getCoordinateTransform().toMapCoordinates(150, 100))
    lr = to_4326.transform(qgis_canvas.getCoordinateTransform().toMapCoordinates(450, 300))
    assert aoi.bbox == pytest.approx((ul.x(), lr.y(), lr.x(), ul.y()), abs=1e-5)
    assert not tools.overlay.geometry().isEmpty()  # drawn on the map
    assert dock.aoi_panel.aoiLabel.text() == aoi.summary()

    # 2. search: footprints, quicklooks in the table and in the preview, zoom to a product
    dock.search_inputs()
    wait_for(lambda: not dock.runner.active, 60, "input products")
    products = model_objects(dock.inputs_panel.inputs_model)
    assert products and all(p.quicklook_url for p in products)
    view = dock.inputs_panel.inputsView
    first_cell = view.model().index(0, 0)
    first_cell.data(Qt.ItemDataRole.DecorationRole)  # what painting the row asks for
    wait_for(lambda: isinstance(view.model().index(0, 0).data(Qt.ItemDataRole.DecorationRole), QPixmap)
             and not dock.runner.active, 60, "the first quicklook")
    chosen = next(p for p in products if p.online and "FAILME" not in p.name)
    dock.select_inputs([chosen.name])
    row = next(r for r in range(view.model().rowCount())
               if view.model().index(r, 0).data(Qt.ItemDataRole.UserRole).id == chosen.id)
    view.setCurrentIndex(view.model().index(row, 0))
    wait_for(lambda: not dock.runner.active, 60, "the chosen quicklook")
    preview = dock.inputs_panel.preview
    assert preview.pixmap() is not None and not preview.pixmap().isNull()
    dock.tabs.setCurrentWidget(dock.inputsTab)
    dock.setFloating(True)
    dock.resize(440, 860)
    dock.show()
    for r in range(view.model().rowCount()):  # every row on screen asks for its quicklook
        view.model().index(r, 0).data(Qt.ItemDataRole.DecorationRole)
    wait_for(lambda: not dock.runner.active, 60, "the quicklooks")
    dock.grab().save(str(artifacts_dir / "e2e-map-inputs.png"))
    assert dock.inputs_panel.zoom_to_product(chosen)  # what a double-click on its row does

    # 3. order, follow, download: the result reads well and sits under the footprints
    dock.select_workflow("card_bs")
    dock.select_inputs([chosen.name])
    dock.submit_order(confirm=lambda *a: True)
    wait_for(lambda: dock.orders_panel.orders_model.rowCount() == 1 and not dock.runner.active, 60, "the order")
    (order,) = model_objects(dock.orders_panel.orders_model)
    sandbox_call("POST", "/_sandbox/advance", {"seconds": 3600})
    dock.refresh_orders()
    wait_for(lambda: model_objects(dock.orders_panel.orders_model)[0].status.value == "completed"
             and not dock.runner.active, 60, "completion")
    dock.select_order(order.id)
    dock.download_selected_order()
    wait_for(lambda: bool(order_layers(order.id)) and not dock.runner.active, 120, "the result layer")
    (layer,) = order_layers(order.id)
    mission = chosen.name[:3].replace("S1", "Sentinel-1")
    when = chosen.sensing_start.strftime("%Y-%m-%d %H:%M")
    assert layer.name() == f"{mission} · CARD-BS · {when} UTC · VV/VH (dB)"
    keywords = layer.metadata().keywords()
    assert keywords["order"] == [order.id] and keywords["provider"] == ["CDSE On-Demand Processing"]
    assert keywords["product type"] == ["CARD-BS"] and any("Copernicus" in x for x in layer.metadata().licenses())
    props = layer.temporalProperties()
    assert props.isActive()
    assert props.fixedTemporalRange().begin().toSecsSinceEpoch() == int(chosen.sensing_start.timestamp())
    renderer = layer.renderer()
    assert isinstance(renderer, QgsMultiBandColorRenderer) and layer.bandCount() == 3
    order_ = QgsProject.instance().layerTreeRoot().layerOrder()
    footprints = QgsProject.instance().mapLayersByName(FOOTPRINT_LAYER_NAME)[0]
    assert order_.index(footprints) < order_.index(layer)  # the next search's footprints stay visible
    dock.setFloating(True)
    dock.resize(440, 860)
    dock.grab().save(str(artifacts_dir / "e2e-map-dock.png"))

    # the orders table's double-click: to the results on the map
    qgis_canvas.zoomByFactor(50)
    assert dock.orders_panel.zoom_to_results(model_objects(dock.orders_panel.orders_model)[0])
    shown = qgis_canvas.extent()
    result_box = qgis_canvas.mapSettings().layerExtentToOutputExtent(layer, layer.extent())
    # framed: the canvas's tighter side is close to the result's (the other follows the canvas's shape)
    assert shown.contains(result_box)
    assert min(shown.width() / result_box.width(), shown.height() / result_box.height()) < 1.5

    # "Download & load" again: the same layer, nothing added twice
    count = len(QgsProject.instance().mapLayers())
    dock.download_selected_order()
    wait_for(lambda: not dock.runner.active, 120, "the second download")
    assert len(QgsProject.instance().mapLayers()) == count and order_layers(order.id) == [layer]

    # the saved project holds the result, never the footprints
    path = tmp_path / "analysis.qgz"
    assert QgsProject.instance().write(str(path))
    with zipfile.ZipFile(path) as zf:
        text = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    assert layer.id() in text and footprints.id() not in text

    # 4. the AOI from a file: by the button, then by dropping another file onto the dock
    field = write_geojson(tmp_path / "field.geojson", "POLYGON((12.40 41.85,12.45 41.85,12.45 41.90,12.40 41.90,"
                                                      "12.40 41.85))")
    tools.pick_file = lambda: str(field)
    tools.fileButton.click()
    assert dock.current_aoi.source == "1 polygon from 'field.geojson'"
    assert dock.current_aoi.bbox == pytest.approx((12.40, 41.85, 12.45, 41.90))
    other = write_geojson(tmp_path / "other.geojson", "POLYGON((12.50 41.85,12.55 41.85,12.55 41.90,12.50 41.90,"
                                                      "12.50 41.85))")
    mime = file_mime(other)
    target = dock.inputs_panel.inputsView.viewport()  # dropped over the table: reaches the dock's contents
    assert drag_enter(target, mime, 20, 20).isAccepted()
    drop(target, mime, 20, 20)
    assert dock.current_aoi.source == "1 polygon from 'other.geojson'"
    assert tools.overlay.aoi is dock.current_aoi
