# SPDX-License-Identifier: GPL-2.0-or-later
"""Map tools that draw an area of interest on the canvas: rectangle, polygon, point with a radius.

Why own tools and not QGIS's digitizing tools: those need an editable layer, and an AOI is not a
feature of any layer. These keep QGIS's habits so an analyst's hands already know them: snapping
through the canvas's snapping utils (with QGIS's snap indicator), a rubber band while drawing, Esc
cancels, Backspace/Delete removes the last vertex, right-click finishes. Each tool emits the finished
geometry in the canvas CRS (``geometryCaptured``); ``core.aoi.aoi_from_geometry`` validates it and
reprojects it to EPSG:4326.
"""

from __future__ import annotations

import math

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsDistanceArea,
    QgsGeometry,
    QgsPointLocator,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
)
from qgis.gui import QgsMapCanvas, QgsMapMouseEvent, QgsMapTool, QgsRubberBand, QgsSnapIndicator
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtGui import QColor, QKeyEvent

from ..core.compat import qgis_enum

#: a press and release closer than this (pixels) is a click, not a drag
CLICK_TOLERANCE_PX = 4
#: vertices of the polygon that approximates a circle
CIRCLE_SEGMENTS = 72
#: radius (m) used when a point is placed without dragging a radius (Capella/UP42 task points)
DEFAULT_RADIUS_M = 5_000.0

BAND_OUTLINE = QColor(0, 120, 215, 230)
BAND_FILL = QColor(0, 120, 215, 45)


def polygon_geometry_type() -> object:
    """The polygon member of the geometry-type enum, wherever this QGIS keeps it (3.30 moved it to ``Qgis``)."""
    return qgis_enum("Qgis.GeometryType.Polygon", "QgsWkbTypes.GeometryType.PolygonGeometry")


def _wgs84() -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem("EPSG:4326")


def geodesic_circle(center: QgsPointXY, radius_m: float, crs: QgsCoordinateReferenceSystem,
                    segments: int = CIRCLE_SEGMENTS) -> QgsGeometry:
    """A polygon that is a circle of ``radius_m`` metres on the WGS84 ellipsoid around ``center`` (in ``crs``).

    Why geodesic: a buffer in map units is an ellipse in degrees on a lon/lat map, and is wrong by the
    Mercator scale factor on a web map; a task point's radius is metres on the ground.
    """
    context = QgsProject.instance().transformContext()
    to_wgs84 = QgsCoordinateTransform(crs, _wgs84(), context)
    centre84 = to_wgs84.transform(center)
    da = QgsDistanceArea()
    da.setSourceCrs(_wgs84(), context)
    da.setEllipsoid("WGS84")
    ring = [da.computeSpheroidProject(centre84, radius_m, 2 * math.pi * i / segments) for i in range(segments)]
    ring.append(QgsPointXY(ring[0]))
    circle = QgsGeometry.fromPolygonXY([[QgsPointXY(p) for p in ring]])
    circle.transform(QgsCoordinateTransform(_wgs84(), crs, context))
    return circle


class AoiMapTool(QgsMapTool):
    """Shared habits of the AOI tools: snapping, rubber band, Esc, emitting the result.

    ``geometryCaptured`` carries a polygon in the canvas CRS; ``captureCancelled`` fires on Esc (or a
    right-click with nothing drawn). The tool stays active after a capture, like QGIS's own tools.
    """

    geometryCaptured = pyqtSignal(QgsGeometry)
    captureCancelled = pyqtSignal()
    #: the area of the shape being drawn, in km² on the WGS84 ellipsoid (0 when nothing is drawn)
    areaChanged = pyqtSignal(float)

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self._band = QgsRubberBand(canvas, polygon_geometry_type())
        self._band.setStrokeColor(BAND_OUTLINE)
        self._band.setFillColor(BAND_FILL)
        self._band.setWidth(2)
        self._snap: QgsSnapIndicator | None = QgsSnapIndicator(canvas)
        self.setCursor(Qt.CursorShape.CrossCursor)

    # -- helpers -----------------------------------------------------------------------------------
    def snapped_point(self, event: QgsMapMouseEvent) -> QgsPointXY:
        """The event's map point, snapped by the canvas's snapping configuration when it is on."""
        if self.canvas().snappingUtils() is None:  # a bare canvas (QGIS's own always has one)
            return QgsPointXY(event.mapPoint())
        point = event.snapPoint()
        if self._snap is not None:
            self._snap.setMatch(event.mapPointMatch())
        return QgsPointXY(point)

    def crs(self) -> QgsCoordinateReferenceSystem:
        return self.canvas().mapSettings().destinationCrs()

    def is_drawing(self) -> bool:
        raise NotImplementedError

    def reset(self) -> None:
        """Forget the shape being drawn (the tool stays active)."""
        self._band.reset(polygon_geometry_type())
        if self._snap is not None:
            self._snap.setMatch(QgsPointLocator.Match())
        self.areaChanged.emit(0.0)

    def release(self) -> None:
        """Plugin unload, while the canvas lives: drop the snap indicator (its marker belongs to the
        canvas scene; deleting it after the canvas would free it twice)."""
        self.reset()
        self._snap = None

    def _band_changed(self) -> None:
        """Tell the live area of the rubber band (the AOI panel shows it while drawing, as Mapflow does)."""
        geom = self._band.asGeometry()
        if geom.isEmpty():
            self.areaChanged.emit(0.0)
            return
        da = QgsDistanceArea()
        da.setSourceCrs(self.crs(), QgsProject.instance().transformContext())
        da.setEllipsoid("WGS84")
        self.areaChanged.emit(abs(da.measureArea(geom)) / 1e6)

    def _emit(self, geometry: QgsGeometry) -> None:
        self.reset()
        if geometry is not None and not geometry.isEmpty():
            self.geometryCaptured.emit(geometry)

    def cancel(self) -> None:
        self.reset()
        self.captureCancelled.emit()

    # -- QGIS habits --------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.cancel()
            event.accept()
            return
        if event.key() in (Qt.Key.Key_Backspace, Qt.Key.Key_Delete) and self.is_drawing():
            self.undo_last()
            event.accept()
            return
        event.ignore()

    def undo_last(self) -> None:
        """Backspace/Delete: by default undoing means starting again."""
        self.reset()

    def deactivate(self) -> None:
        self.reset()
        super().deactivate()

    def isEditTool(self) -> bool:  # noqa: N802 - QGIS API name
        return False


class RectangleMapTool(AoiMapTool):
    """Drag a rectangle, or click two opposite corners."""

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self._start: QgsPointXY | None = None
        self._start_px = None
        self._end: QgsPointXY | None = None

    def is_drawing(self) -> bool:
        return self._start is not None

    def reset(self) -> None:
        super().reset()
        self._start = self._start_px = self._end = None

    def _show(self, end: QgsPointXY) -> None:
        self._end = end
        rect = QgsRectangle(self._start, end)
        self._band.setToGeometry(QgsGeometry.fromRect(rect), None)
        self._band_changed()

    def canvasPressEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802 - QGIS API name
        if event.button() != Qt.MouseButton.LeftButton or self._start is not None:
            return
        self._start = self.snapped_point(event)
        self._start_px = event.pos()

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        point = self.snapped_point(event)
        if self._start is not None:
            self._show(point)

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.RightButton:
            if self._start is not None and self._end is not None:
                self._finish(self._end)
            else:
                self.cancel()
            return
        if event.button() != Qt.MouseButton.LeftButton or self._start is None:
            return
        moved = (event.pos() - self._start_px).manhattanLength() > CLICK_TOLERANCE_PX
        if moved:  # a drag ends here; a click without moving waits for the second corner
            self._finish(self.snapped_point(event))

    def canvasDoubleClickEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        return

    def _finish(self, end: QgsPointXY) -> None:
        rect = QgsRectangle(self._start, end)
        if rect.width() <= 0 or rect.height() <= 0:
            self.reset()
            return
        self._emit(QgsGeometry.fromRect(rect))


class PolygonMapTool(AoiMapTool):
    """Click the vertices; right-click finishes (at least three); Backspace removes the last one."""

    def __init__(self, canvas: QgsMapCanvas) -> None:
        super().__init__(canvas)
        self._points: list[QgsPointXY] = []
        self._hover: QgsPointXY | None = None

    def is_drawing(self) -> bool:
        return bool(self._points)

    def vertices(self) -> list[QgsPointXY]:
        return list(self._points)

    def reset(self) -> None:
        super().reset()
        self._points = []
        self._hover = None

    def _redraw(self) -> None:
        self._band.reset(polygon_geometry_type())
        pts = self._points + ([self._hover] if self._hover is not None else [])
        for i, p in enumerate(pts):
            self._band.addPoint(p, i == len(pts) - 1)
        self._band_changed()

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        point = self.snapped_point(event)
        if self._points:
            self._hover = point
            self._redraw()

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            point = self.snapped_point(event)
            if not self._points or self._points[-1] != point:
                self._points.append(point)
            self._hover = None
            self._redraw()
        elif event.button() == Qt.MouseButton.RightButton:
            self.finish()

    def undo_last(self) -> None:
        if self._points:
            self._points.pop()
        self._redraw()

    def finish(self) -> None:
        """Close the ring; fewer than three vertices is not an area: cancel."""
        if len(self._points) < 3:
            self.cancel()
            return
        ring = [*self._points, self._points[0]]
        self._emit(QgsGeometry.fromPolygonXY([ring]))


class PointRadiusMapTool(AoiMapTool):
    """Click the centre, move out to the radius and click again (right-click keeps the radius shown, or
    ``radius_m`` when nothing was dragged). Emits the circle as a polygon, and ``pointCaptured`` with
    the centre (canvas CRS) and radius in metres for providers that task a point."""

    pointCaptured = pyqtSignal(QgsPointXY, float)

    def __init__(self, canvas: QgsMapCanvas, radius_m: float = DEFAULT_RADIUS_M) -> None:
        super().__init__(canvas)
        self.radius_m = radius_m
        self._center: QgsPointXY | None = None
        self._radius: float = 0.0

    def is_drawing(self) -> bool:
        return self._center is not None

    def reset(self) -> None:
        super().reset()
        self._center = None
        self._radius = 0.0

    def _distance_m(self, a: QgsPointXY, b: QgsPointXY) -> float:
        da = QgsDistanceArea()
        da.setSourceCrs(self.crs(), QgsProject.instance().transformContext())
        da.setEllipsoid("WGS84")
        return da.measureLine(a, b)

    def canvasMoveEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        point = self.snapped_point(event)
        if self._center is None:
            return
        self._radius = self._distance_m(self._center, point)
        if self._radius > 0:
            self._band.setToGeometry(geodesic_circle(self._center, self._radius, self.crs()), None)
            self._band_changed()

    def canvasReleaseEvent(self, event: QgsMapMouseEvent) -> None:  # noqa: N802
        if event.button() == Qt.MouseButton.LeftButton:
            point = self.snapped_point(event)
            if self._center is None:
                self._center = point
                self._band.setToGeometry(geodesic_circle(point, self.radius_m, self.crs()), None)
                return
            self._radius = self._distance_m(self._center, point)
            self.finish()
        elif event.button() == Qt.MouseButton.RightButton:
            if self._center is None:
                self.cancel()
            else:
                self.finish()

    def finish(self) -> None:
        center = self._center
        radius = self._radius if self._radius > 0 else self.radius_m
        if center is None or radius <= 0:
            self.cancel()
            return
        circle = geodesic_circle(center, radius, self.crs())
        self.reset()
        self.pointCaptured.emit(QgsPointXY(center), float(radius))
        self.geometryCaptured.emit(circle)


#: the tools the AOI row offers, by the name its buttons use
TOOLS = {"rectangle": RectangleMapTool, "polygon": PolygonMapTool, "point": PointRadiusMapTool}

__all__ = ["AoiMapTool", "RectangleMapTool", "PolygonMapTool", "PointRadiusMapTool", "geodesic_circle", "TOOLS"]
