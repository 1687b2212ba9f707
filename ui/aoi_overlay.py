# SPDX-License-Identifier: GPL-2.0-or-later
"""The current area of interest, always drawn on the map canvas, never saved in the project.

Why a canvas item and not a layer: the AOI is the plugin's state, not the user's data. A
``QgsRubberBand`` lives on the canvas only: it is not in the layer tree (so it is never offered as an
AOI source, never saved in the project file, never behind QGIS's scratch-layer prompt on quit) and
it is drawn above every layer, so a result raster can never hide it. It follows the canvas CRS.
"""

from __future__ import annotations

from qgis.core import QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsGeometry, QgsProject, QgsRectangle
from qgis.gui import QgsMapCanvas, QgsRubberBand
from qgis.PyQt import sip
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from ..core.aoi import Aoi, aoi_to_geometry
from .map_tools import polygon_geometry_type

OUTLINE = QColor(220, 20, 60, 255)  # crimson: apart from the orange footprints and the blue drawing band
FILL = QColor(220, 20, 60, 12)  # faint: the colours of a result under it stay true
WIDTH = 2
#: zoom-to leaves this share of the AOI's size as a margin on each side
ZOOM_MARGIN = 0.1


class AoiOverlay:
    """Draws one AOI (EPSG:4326) on ``canvas``; ``set_aoi(None)`` clears it. ``remove()`` on unload."""

    def __init__(self, canvas: QgsMapCanvas) -> None:
        self.canvas = canvas
        self.aoi: Aoi | None = None
        self.band = QgsRubberBand(canvas, polygon_geometry_type())
        self.band.setStrokeColor(OUTLINE)
        self.band.setFillColor(FILL)
        self.band.setWidth(WIDTH)
        self.band.setLineStyle(Qt.PenStyle.DashLine)
        self.band.setZValue(1000)  # over the drawing tools' bands and the snap indicator
        canvas.destinationCrsChanged.connect(self._redraw)

    def _alive(self) -> bool:
        return not sip.isdeleted(self.canvas) and not sip.isdeleted(self.band)

    def set_aoi(self, aoi: Aoi | None) -> None:
        """Show ``aoi`` (or nothing). The band is rebuilt in the canvas CRS whenever that changes."""
        self.aoi = aoi
        self._redraw()

    def geometry(self) -> QgsGeometry:
        """What is drawn, in the canvas CRS (empty when there is no AOI)."""
        return self.band.asGeometry() if self._alive() else QgsGeometry()

    def _redraw(self, *_args: object) -> None:
        if not self._alive():
            return
        self.band.reset(polygon_geometry_type())
        if self.aoi is None:
            return
        geom = aoi_to_geometry(self.aoi)
        crs = self.canvas.mapSettings().destinationCrs()
        wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
        if crs.isValid() and crs != wgs84:
            # densify first so straight lon/lat edges stay true on curved projections
            box = geom.boundingBox()
            step = max(box.width(), box.height()) / 64 or 1e-3
            geom = geom.densifyByDistance(step)
            geom.transform(QgsCoordinateTransform(wgs84, crs, QgsProject.instance().transformContext()))
        self.band.setToGeometry(geom, None)

    def extent(self) -> QgsRectangle:
        """The AOI's extent in the canvas CRS with a margin, or an empty rectangle."""
        geom = self.geometry()
        if geom.isEmpty():
            return QgsRectangle()
        box = QgsRectangle(geom.boundingBox())
        box.grow(max(box.width(), box.height()) * ZOOM_MARGIN)
        return box

    def zoom_to(self) -> bool:
        """Zoom the canvas to the AOI; False when there is none."""
        box = self.extent()
        if box.isEmpty() or not self._alive():
            return False
        self.canvas.setExtent(box)
        self.canvas.refresh()
        return True

    def set_visible(self, visible: bool) -> None:
        if self._alive():
            self.band.setVisible(visible)

    def remove(self) -> None:
        """Take the band off the canvas (plugin unload)."""
        if sip.isdeleted(self.canvas):
            return
        try:
            self.canvas.destinationCrsChanged.disconnect(self._redraw)
        except (TypeError, RuntimeError):
            pass
        if not sip.isdeleted(self.band):
            self.band.reset(polygon_geometry_type())
            self.canvas.scene().removeItem(self.band)
        self.aoi = None
