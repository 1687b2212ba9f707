# SPDX-License-Identifier: GPL-2.0-or-later
"""The AOI map tools driven by real mouse and key events on a real (offscreen) QgsMapCanvas.

Events go to the canvas's viewport as Qt delivers them to QGIS, so the canvas itself turns them into
QgsMapMouseEvents (with its snapping utils) before the tool sees them. Expected coordinates come from
the canvas's own pixel → map transform; expected distances from the WGS84 ellipsoid.
"""

from __future__ import annotations

import math

import pytest
from qgis.core import (
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsSnappingConfig,
    QgsTolerance,
    QgsVectorLayer,
)
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QEvent, Qt
from qgis.PyQt.QtGui import QKeyEvent
from qgis.PyQt.QtWidgets import QApplication

from eo_orders.core.aoi import aoi_from_geometry
from eo_orders.ui.map_tools import PointRadiusMapTool, PolygonMapTool, RectangleMapTool, geodesic_circle
from tests.helpers.canvas import MERCATOR, ROME, WGS84, click, mouse, shown_canvas


@pytest.fixture()
def canvas(qgis_new_project):
    with shown_canvas(ROME, refresh=True) as c:
        yield c


def to_map(canvas: QgsMapCanvas, x: float, y: float) -> QgsPointXY:
    return canvas.getCoordinateTransform().toMapCoordinates(int(x), int(y))


def key(canvas, k):
    event = QKeyEvent(QEvent.Type.KeyPress, k, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, event)


class Captured:
    def __init__(self, tool):
        self.geometries: list[QgsGeometry] = []
        self.cancelled = 0
        tool.geometryCaptured.connect(lambda g: self.geometries.append(QgsGeometry(g)))
        tool.captureCancelled.connect(self._cancel)

    def _cancel(self):
        self.cancelled += 1


def ring_xy(geom: QgsGeometry) -> list[tuple[float, float]]:
    return [(p.x(), p.y()) for p in geom.asPolygon()[0]]


def test_rectangle_by_drag_and_by_two_clicks(canvas):
    tool = RectangleMapTool(canvas)
    canvas.setMapTool(tool)
    got = Captured(tool)
    mouse(canvas, QEvent.Type.MouseButtonPress, 50, 40, held=Qt.MouseButton.LeftButton)
    for x, y in ((100, 90), (200, 150), (250, 200)):
        mouse(canvas, QEvent.Type.MouseMove, x, y, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
    assert tool.is_drawing()
    assert tool._band.asGeometry().boundingBox().width() > 0  # the rubber band follows the mouse
    mouse(canvas, QEvent.Type.MouseButtonRelease, 250, 200)
    assert len(got.geometries) == 1
    expected = QgsRectangle(to_map(canvas, 50, 40), to_map(canvas, 250, 200))
    box = got.geometries[0].boundingBox()
    for a, b in ((box.xMinimum(), expected.xMinimum()), (box.yMinimum(), expected.yMinimum()),
                 (box.xMaximum(), expected.xMaximum()), (box.yMaximum(), expected.yMaximum())):
        assert a == pytest.approx(b, abs=1e-6)
    assert got.geometries[0].area() == pytest.approx(expected.width() * expected.height())
    assert not tool.is_drawing() and tool._band.asGeometry().isEmpty()

    click(canvas, 300, 250)  # first corner: nothing yet
    assert got.geometries[1:] == [] and tool.is_drawing()
    mouse(canvas, QEvent.Type.MouseMove, 350, 280, Qt.MouseButton.NoButton)
    click(canvas, 380, 290)
    assert len(got.geometries) == 2
    box = got.geometries[1].boundingBox()
    assert box.xMinimum() == pytest.approx(to_map(canvas, 300, 250).x())
    assert box.yMinimum() == pytest.approx(to_map(canvas, 380, 290).y())

    # the captured geometry (canvas CRS) becomes a valid lon/lat AOI over Rome
    aoi = aoi_from_geometry(got.geometries[0], canvas.mapSettings().destinationCrs(), "Drawn rectangle")
    west, south, east, north = aoi.bbox
    assert 12.2 < west < east < 12.7 and 41.7 < south < north < 42.0


def test_polygon_with_undo_finish_and_escape(canvas):
    tool = PolygonMapTool(canvas)
    canvas.setMapTool(tool)
    got = Captured(tool)
    for x, y in ((50, 50), (300, 60), (330, 250), (20, 290)):
        click(canvas, x, y)
    assert len(tool.vertices()) == 4
    key(canvas, Qt.Key.Key_Backspace)  # the last vertex goes
    assert len(tool.vertices()) == 3
    click(canvas, 60, 240)
    mouse(canvas, QEvent.Type.MouseMove, 200, 200, Qt.MouseButton.NoButton)
    assert tool._band.numberOfVertices() >= 5  # the vertices plus the one under the mouse
    click(canvas, 200, 200, Qt.MouseButton.RightButton)
    assert len(got.geometries) == 1
    expected = [to_map(canvas, x, y) for x, y in ((50, 50), (300, 60), (330, 250), (60, 240), (50, 50))]
    assert ring_xy(got.geometries[0]) == [pytest.approx((p.x(), p.y())) for p in expected]
    assert got.geometries[0].isGeosValid()

    click(canvas, 10, 10)
    click(canvas, 100, 10)
    key(canvas, Qt.Key.Key_Escape)
    assert got.cancelled == 1 and not tool.is_drawing() and len(got.geometries) == 1
    click(canvas, 10, 10)
    click(canvas, 100, 10)
    click(canvas, 100, 10, Qt.MouseButton.RightButton)  # two vertices are not an area
    assert got.cancelled == 2 and len(got.geometries) == 1


def test_vertices_snap_to_a_layer_vertex(canvas):
    corner = to_map(canvas, 120, 100)
    layer = QgsVectorLayer("Polygon?crs=EPSG:3857", "parcels", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromPolygonXY([[corner, QgsPointXY(corner.x() + 5000, corner.y()),
                                              QgsPointXY(corner.x() + 5000, corner.y() - 5000), corner]]))
    layer.dataProvider().addFeatures([f])
    QgsProject.instance().addMapLayer(layer)
    canvas.setLayers([layer])
    config = QgsSnappingConfig(QgsProject.instance())
    config.setEnabled(True)
    config.setMode(QgsSnappingConfig.SnappingMode.AllLayers)
    config.setTypeFlag(QgsSnappingConfig.SnappingTypes.VertexFlag)
    config.setTolerance(15)
    config.setUnits(QgsTolerance.UnitType.Pixels)
    canvas.snappingUtils().setConfig(config)
    # QGIS indexes layers for snapping in the background while the mouse moves; build it now
    assert canvas.snappingUtils().snapToMap(to_map(canvas, 121, 101)).isValid()

    tool = PolygonMapTool(canvas)
    canvas.setMapTool(tool)
    got = Captured(tool)
    click(canvas, 124, 104)  # 4 px off the parcel's corner: snaps onto it
    click(canvas, 300, 100)
    click(canvas, 300, 250)
    click(canvas, 300, 250, Qt.MouseButton.RightButton)
    first = got.geometries[0].asPolygon()[0][0]
    assert (first.x(), first.y()) == pytest.approx((corner.x(), corner.y()), abs=1e-6)
    second = got.geometries[0].asPolygon()[0][1]
    assert (second.x(), second.y()) == pytest.approx((to_map(canvas, 300, 100).x(), to_map(canvas, 300, 100).y()))

    config.setEnabled(False)
    canvas.snappingUtils().setConfig(config)
    for x, y in ((124, 104), (300, 100), (300, 250)):
        click(canvas, x, y)
    click(canvas, 300, 250, Qt.MouseButton.RightButton)
    first = got.geometries[1].asPolygon()[0][0]
    assert first.x() == pytest.approx(to_map(canvas, 124, 104).x())  # snapping off: where clicked


def _geodesic_m(a: QgsPointXY, b: QgsPointXY) -> float:
    da = QgsDistanceArea()
    da.setSourceCrs(WGS84, QgsProject.instance().transformContext())
    da.setEllipsoid("WGS84")
    return da.measureLine(a, b)


def test_point_with_radius_gives_a_geodesic_circle(canvas):
    tool = PointRadiusMapTool(canvas, radius_m=2000)
    canvas.setMapTool(tool)
    got = Captured(tool)
    points: list[tuple[QgsPointXY, float]] = []
    tool.pointCaptured.connect(lambda p, r: points.append((QgsPointXY(p), r)))
    click(canvas, 200, 150)
    mouse(canvas, QEvent.Type.MouseMove, 240, 150, Qt.MouseButton.NoButton)
    assert not tool._band.asGeometry().isEmpty()
    click(canvas, 260, 150)
    assert len(got.geometries) == 1 and len(points) == 1
    centre, radius = points[0]
    assert (centre.x(), centre.y()) == pytest.approx((to_map(canvas, 200, 150).x(), to_map(canvas, 200, 150).y()))
    to84 = QgsCoordinateTransform(MERCATOR, WGS84, QgsProject.instance().transformContext())
    c84, edge84 = to84.transform(centre), to84.transform(to_map(canvas, 260, 150))
    assert radius == pytest.approx(_geodesic_m(c84, edge84), rel=1e-6)
    # 60 px of a 400 px, 40 km wide Mercator view, at cos(41.9°): about 4.5 km on the ground
    assert 4000 < radius < 5000
    circle = QgsGeometry(got.geometries[0])
    circle.transform(to84)
    distances = [_geodesic_m(c84, p) for p in circle.asPolygon()[0]]
    assert min(distances) == pytest.approx(radius, rel=1e-3) and max(distances) == pytest.approx(radius, rel=1e-3)
    aoi = aoi_from_geometry(got.geometries[0], MERCATOR, "Task point")
    assert aoi.area_km2 == pytest.approx(math.pi * (radius / 1000) ** 2, rel=0.01)

    click(canvas, 100, 100)  # a centre, then right-click without moving: the default radius
    click(canvas, 100, 100, Qt.MouseButton.RightButton)
    assert points[1][1] == 2000
    key(canvas, Qt.Key.Key_Escape)
    assert got.cancelled == 1


def test_geodesic_circle_on_a_lonlat_map_is_round_on_the_ground(qgis_new_project):
    centre = QgsPointXY(12.5, 60.0)  # far north: a degree buffer would be an ellipse twice as wide as tall
    circle = geodesic_circle(centre, 10_000, WGS84)
    box = circle.boundingBox()
    assert box.width() == pytest.approx(2 * box.height(), rel=0.02)
    assert all(_geodesic_m(centre, p) == pytest.approx(10_000, rel=1e-6) for p in circle.asPolygon()[0])
