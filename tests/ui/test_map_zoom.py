"""Zoom-to for table rows on a real canvas: product footprints (lon/lat) and an order's result layers
(UTM), with the canvas in Web Mercator."""

from __future__ import annotations

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject, QgsRectangle
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtWidgets import QApplication

from eo_orders.core.layers import add_result_layers, order_layers
from eo_orders.core.result_info import ResultInfo
from eo_orders.providers.base import InputProduct
from eo_orders.ui.map_zoom import zoom_to_footprints, zoom_to_layers

from ..qgis.test_layers import ORIGIN_X, ORIGIN_Y, PIXEL, make_cog

MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")


@pytest.fixture()
def canvas(qgis_new_project):
    c = QgsMapCanvas()
    c.resize(400, 300)
    c.setDestinationCrs(MERCATOR)
    c.show()
    c.setExtent(QgsRectangle(-10_000_000, -5_000_000, 10_000_000, 5_000_000))
    QApplication.processEvents()
    yield c
    QgsProject.instance().clear()
    c.hide()
    c.deleteLater()
    QApplication.processEvents()


def box(x0: float, y0: float, d: float = 0.1) -> dict:
    return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + d, y0], [x0 + d, y0 + d], [x0, y0 + d], [x0, y0]]]}


def test_zoom_to_footprints(canvas):
    products = [InputProduct("a", "A", box(12.35, 41.8)), InputProduct("b", "B", box(12.6, 41.9)),
                InputProduct("c", "C", None)]
    assert zoom_to_footprints(canvas, products)
    to_merc = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), MERCATOR,
                                     QgsProject.instance().transformContext())
    sw, ne = to_merc.transform(QgsPointXY(12.35, 41.8)), to_merc.transform(QgsPointXY(12.7, 42.0))
    shown = canvas.extent()
    assert shown.contains(QgsRectangle(sw, ne))
    assert shown.width() < (ne.x() - sw.x()) * 3  # close in, not the world
    assert not zoom_to_footprints(canvas, [products[2]])


def test_zoom_to_an_orders_result_layers(canvas, tmp_path):
    info = ResultInfo.from_order(type("O", (), {"id": "ord-9", "name": "Nine", "workflow_name": ""})())
    layers = add_result_layers([make_cog(tmp_path / "r.tif", 1)], "Nine", info=info)
    assert order_layers("ord-9") == layers and order_layers("other") == []
    assert zoom_to_layers(canvas, order_layers("ord-9"))
    utm = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:32633"), MERCATOR,
                                 QgsProject.instance().transformContext())
    corner = utm.transform(QgsPointXY(ORIGIN_X + 128 * PIXEL, ORIGIN_Y - 128 * PIXEL))  # the raster's centre
    assert canvas.extent().contains(corner)
    assert canvas.extent().width() < 256 * PIXEL * 3
    assert not zoom_to_layers(canvas, [])
