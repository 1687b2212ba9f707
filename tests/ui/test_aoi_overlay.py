# SPDX-License-Identifier: GPL-2.0-or-later
"""The AOI overlay on a real (offscreen) canvas: drawn in the canvas CRS, follows CRS changes, zooms,
and never reaches the layer tree or a saved project."""

from __future__ import annotations

import pytest
from qgis.core import (
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
)
from qgis.gui import QgsMapCanvas, QgsRubberBand

from eo_orders.core.aoi import aoi_from_extent
from eo_orders.ui.aoi_overlay import AoiOverlay
from tests.helpers.canvas import MERCATOR, WGS84, shown_canvas


@pytest.fixture()
def canvas(qgis_new_project):
    with shown_canvas(QgsRectangle(0, 0, 4_000_000, 3_000_000)) as c:
        yield c


def bands_on(canvas: QgsMapCanvas) -> list[QgsRubberBand]:
    return [item for item in canvas.scene().items() if isinstance(item, QgsRubberBand)]


def test_overlay_follows_the_canvas_crs_and_zooms(canvas, tmp_path):
    aoi = aoi_from_extent(QgsRectangle(12.35, 41.80, 12.65, 42.00), WGS84)
    overlay = AoiOverlay(canvas)
    assert overlay.geometry().isEmpty()
    overlay.set_aoi(aoi)
    to_merc = QgsCoordinateTransform(WGS84, MERCATOR, QgsProject.instance().transformContext())
    sw, ne = to_merc.transform(QgsPointXY(12.35, 41.80)), to_merc.transform(QgsPointXY(12.65, 42.00))
    box = overlay.geometry().boundingBox()
    assert (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()) == pytest.approx(
        (sw.x(), sw.y(), ne.x(), ne.y()), rel=1e-6)
    assert overlay.band in bands_on(canvas) and overlay.band.isVisible()

    assert overlay.zoom_to()
    shown = canvas.extent()
    assert shown.contains(box)
    assert shown.width() < box.width() * 2  # zoomed in to it, not just somewhere around it

    canvas.setDestinationCrs(WGS84)  # the band is rebuilt in the new CRS
    box = overlay.geometry().boundingBox()
    assert (box.xMinimum(), box.yMinimum(), box.xMaximum(), box.yMaximum()) == pytest.approx(
        (12.35, 41.80, 12.65, 42.00), abs=1e-6)

    # never a layer: nothing in the tree, nothing in the saved project
    project = QgsProject.instance()
    assert project.mapLayers() == {} and project.layerTreeRoot().children() == []
    path = tmp_path / "with_overlay.qgs"
    assert project.write(str(path))
    assert "12.35" not in path.read_text(encoding="utf-8")

    overlay.set_aoi(None)
    assert overlay.geometry().isEmpty() and not overlay.zoom_to()
    overlay.remove()
    assert overlay.band not in bands_on(canvas)
