# SPDX-License-Identifier: GPL-2.0-or-later
"""A real (offscreen) map canvas for tests, and the mouse events and AOI files tests feed it.

The map tools, the AOI toolbar, the AOI overlay and the end-to-end map flow are all tested on a real
``QgsMapCanvas`` driven by real Qt events sent to its viewport (Qt delivers them there, and the canvas
turns them into ``QgsMapMouseEvent`` before a tool sees them). One canvas recipe and one way to send
events keep those tests comparable.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from osgeo import ogr, osr
from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
from qgis.gui import QgsMapCanvas
from qgis.PyQt.QtCore import QEvent, QMimeData, QPoint, QPointF, Qt, QUrl
from qgis.PyQt.QtGui import QDragEnterEvent, QDropEvent, QMouseEvent
from qgis.PyQt.QtWidgets import QApplication, QWidget

MERCATOR = QgsCoordinateReferenceSystem("EPSG:3857")
WGS84 = QgsCoordinateReferenceSystem("EPSG:4326")
#: about Rome, in Web Mercator
ROME = QgsRectangle(1_370_000, 5_130_000, 1_410_000, 5_160_000)


@contextmanager
def shown_canvas(extent: QgsRectangle, *, refresh: bool = False) -> Iterator[QgsMapCanvas]:
    """A 400×300 Web Mercator canvas, shown (offscreen) on ``extent``; unset, hidden and deleted after.

    The extent is set once the canvas has been shown and laid out, so the first resize does not move it.
    """
    c = QgsMapCanvas()
    c.resize(400, 300)
    c.setDestinationCrs(MERCATOR)
    c.show()
    QApplication.processEvents()
    c.setExtent(extent)
    if refresh:
        c.refresh()
    QApplication.processEvents()
    try:
        yield c
    finally:
        if c.mapTool():
            c.unsetMapTool(c.mapTool())
        c.hide()
        c.deleteLater()
        QApplication.processEvents()


def mouse(canvas: QgsMapCanvas, kind: QEvent.Type, x: float, y: float, button=Qt.MouseButton.LeftButton,
          held=Qt.MouseButton.NoButton) -> None:
    """One mouse event at viewport pixel (x, y), delivered to the canvas's viewport as Qt would."""
    event = QMouseEvent(kind, QPointF(x, y), button, held, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas.viewport(), event)


def click(canvas: QgsMapCanvas, x: float, y: float, button=Qt.MouseButton.LeftButton) -> None:
    """Move, press and release at (x, y): a click as a map tool sees it."""
    mouse(canvas, QEvent.Type.MouseMove, x, y, Qt.MouseButton.NoButton)
    mouse(canvas, QEvent.Type.MouseButtonPress, x, y, button, button)
    mouse(canvas, QEvent.Type.MouseButtonRelease, x, y, button)


def write_geojson(path: Path, wkt: str) -> Path:
    """A real GeoJSON file (written by GDAL, WGS84 lon/lat) holding one polygon: an AOI file to load."""
    ds = ogr.GetDriverByName("GeoJSON").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lyr = ds.CreateLayer("aoi", srs, ogr.wkbPolygon)
    feat = ogr.Feature(lyr.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
    lyr.CreateFeature(feat)
    ds = None
    return path


def file_mime(*paths: Path) -> QMimeData:
    """What a file manager drags: the files as local-file URLs."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    return mime


def drag_enter(target: QWidget, mime: QMimeData, x: int, y: int) -> QDragEnterEvent:
    """A copy drag entering ``target`` at (x, y); sent ignored, so it is accepted only if a handler accepts it."""
    event = QDragEnterEvent(QPoint(x, y), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                            Qt.KeyboardModifier.NoModifier)
    event.ignore()
    QApplication.sendEvent(target, event)
    return event


def drop(target: QWidget, mime: QMimeData, x: int, y: int) -> QDropEvent:
    """The copy drop that follows ``drag_enter``, at (x, y)."""
    event = QDropEvent(QPointF(x, y), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(target, event)
    return event
