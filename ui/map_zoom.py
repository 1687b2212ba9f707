"""Zoom the map to what a table row stands for: a product's footprint, an order's result layers.

Why: an analyst double-clicks a row (or picks *Zoom to* in its context menu) to see where it is; the
footprints are lon/lat GeoJSON and the layers have their own CRS, while the canvas may be in any CRS.
The footprints also flash briefly, so the eye finds them among the others.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsGeometry,
    QgsMapLayer,
    QgsProject,
    QgsRectangle,
)
from qgis.gui import QgsMapCanvas

from ..core.aoi import geojson_to_geometry

#: share of the extent added on each side, so a footprint is not glued to the canvas edge
MARGIN = 0.1


def _grown(box: QgsRectangle) -> QgsRectangle:
    out = QgsRectangle(box)
    out.grow(max(box.width(), box.height()) * MARGIN or 1e-3)
    return out


def footprints_extent(products: Iterable[Any], crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """The footprints' combined extent in ``crs`` (empty when none has a footprint)."""
    geoms = [geojson_to_geometry(getattr(p, "footprint", None)) for p in products]
    geoms = [g for g in geoms if not g.isEmpty()]
    if not geoms:
        return QgsRectangle()
    merged = QgsGeometry.collectGeometry(geoms)
    xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs,
                                   QgsProject.instance().transformContext())
    try:
        merged.transform(xform)
    except QgsCsException:
        return QgsRectangle()
    return merged.boundingBox()


def zoom_to_footprints(canvas: QgsMapCanvas, products: Iterable[Any], flash: bool = True) -> bool:
    """Zoom to the products' footprints (and flash them); False when none has a footprint."""
    products = list(products)
    box = footprints_extent(products, canvas.mapSettings().destinationCrs())
    if box.isNull() or box.isEmpty():
        return False
    canvas.setExtent(_grown(box))
    canvas.refresh()
    if flash:
        geoms = [g for g in (geojson_to_geometry(getattr(p, "footprint", None)) for p in products) if not g.isEmpty()]
        canvas.flashGeometries(geoms, QgsCoordinateReferenceSystem("EPSG:4326"))
    return True


def layers_extent(canvas: QgsMapCanvas, layers: Iterable[QgsMapLayer]) -> QgsRectangle:
    box = QgsRectangle()
    settings = canvas.mapSettings()
    for layer in layers:
        if layer is None or not layer.isValid():
            continue
        try:
            extent = settings.layerExtentToOutputExtent(layer, layer.extent())
        except QgsCsException:
            continue
        if box.isNull() or box.isEmpty():
            box = QgsRectangle(extent)
        else:
            box.combineExtentWith(extent)
    return box


def zoom_to_layers(canvas: QgsMapCanvas, layers: Iterable[QgsMapLayer]) -> bool:
    """Zoom to the layers' combined extent (e.g. ``core.layers.order_layers(order_id)``)."""
    box = layers_extent(canvas, layers)
    if box.isNull() or box.isEmpty():
        return False
    canvas.setExtent(_grown(box))
    canvas.refresh()
    return True
