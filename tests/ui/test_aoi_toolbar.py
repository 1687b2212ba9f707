# SPDX-License-Identifier: GPL-2.0-or-later
"""The AOI toolbar end to end on a real canvas: press a tool button, draw with mouse events, get a
validated AOI drawn as the overlay; load one from a file by the button and by drag and drop."""

from __future__ import annotations

import pytest
from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
from qgis.gui import QgsMapToolPan, QgsRubberBand
from qgis.PyQt.QtCore import QEvent, QMimeData, Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QWidget

from eo_orders.core.aoi import Aoi, AoiError
from eo_orders.ui.aoi_toolbar import AoiDropFilter, AoiToolbar
from tests.helpers.canvas import ROME, click, drag_enter, drop, file_mime, mouse, shown_canvas, write_geojson


@pytest.fixture()
def canvas(qgis_new_project):
    with shown_canvas(ROME) as c:
        yield c


@pytest.fixture()
def make_bar(canvas):
    """AoiToolbars on ``canvas``, cleaned up and deleted before the canvas goes (as the plugin's unload)."""
    bars: list[AoiToolbar] = []

    def make(**kwargs) -> AoiToolbar:
        bar = AoiToolbar(canvas, **kwargs)
        bars.append(bar)
        return bar

    yield make
    for bar in bars:
        bar.cleanup()
        bar.deleteLater()
    QApplication.processEvents()


class Results:
    def __init__(self, bar: AoiToolbar) -> None:
        self.aois: list[Aoi] = []
        self.errors: list[AoiError] = []
        self.points: list[tuple[float, float, float]] = []
        bar.aoiChosen.connect(self.aois.append)
        bar.aoiFailed.connect(self.errors.append)
        bar.taskPointChosen.connect(lambda x, y, r: self.points.append((x, y, r)))


def test_draw_a_rectangle_then_the_map_tool_comes_back(canvas, make_bar):
    pan = QgsMapToolPan(canvas)
    canvas.setMapTool(pan)
    bar = make_bar()
    got = Results(bar)
    QTest.mouseClick(bar.buttons["rectangle"], Qt.MouseButton.LeftButton)
    assert canvas.mapTool() is bar.tools["rectangle"] and bar.buttons["rectangle"].isChecked()
    mouse(canvas, QEvent.Type.MouseButtonPress, 100, 80, held=Qt.MouseButton.LeftButton)
    mouse(canvas, QEvent.Type.MouseMove, 300, 220, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton)
    live = float(bar.areaLabel.text().strip("≈ km²").replace(",", ""))  # the live area while drawing
    mouse(canvas, QEvent.Type.MouseButtonRelease, 300, 220)
    assert got.errors == [] and len(got.aois) == 1
    aoi = got.aois[0]
    assert live == pytest.approx(aoi.area_km2, rel=0.01) and bar.areaLabel.text() == ""
    assert aoi.source == "Drawn rectangle" and aoi.geometry["type"] == "Polygon"
    west, south, east, north = aoi.bbox
    assert 12.3 < west < east < 12.7 and 41.7 < south < north < 42.0
    assert canvas.mapTool() is pan and not bar.buttons["rectangle"].isChecked()
    # the AOI is drawn on the map, and zoom-to frames it
    drawn = bar.overlay.geometry().boundingBox()
    assert drawn.width() == pytest.approx(200 * canvas.mapUnitsPerPixel(), rel=0.01)
    assert bar.zoomButton.isEnabled()
    canvas.setExtent(QgsRectangle(0, 0, 10_000_000, 10_000_000))
    QTest.mouseClick(bar.zoomButton, Qt.MouseButton.LeftButton)
    assert canvas.extent().contains(drawn) and canvas.extent().width() < drawn.width() * 2


def test_a_crossed_polygon_is_repaired_and_esc_gives_nothing(canvas, make_bar):
    bar = make_bar()
    got = Results(bar)
    bar.buttons["polygon"].click()
    click(canvas, 50, 50)
    click(canvas, 300, 50)
    key = QTest.keyClick
    key(canvas, Qt.Key.Key_Escape)
    assert got.aois == [] and not bar.buttons["polygon"].isChecked()
    bar.buttons["polygon"].click()
    for x, y in ((50, 50), (300, 250), (300, 50), (50, 250)):  # a bow tie
        click(canvas, x, y)
    click(canvas, 50, 250, Qt.MouseButton.RightButton)
    assert len(got.aois) == 1 and "repaired" in got.aois[0].source
    assert got.aois[0].geometry["type"] == "MultiPolygon"


def test_a_task_point_gives_lon_lat_and_radius(canvas, make_bar):
    bar = make_bar()
    got = Results(bar)
    bar.buttons["point"].click()
    click(canvas, 200, 150)
    click(canvas, 200, 150, Qt.MouseButton.RightButton)  # the default radius
    assert len(got.points) == 1 and len(got.aois) == 1
    lon, lat, radius = got.points[0]
    assert 12.3 < lon < 12.7 and 41.7 < lat < 42.0 and radius == 5000
    assert got.aois[0].source == "Task point"
    assert got.aois[0].area_km2 == pytest.approx(3.14159 * 25, rel=0.01)


def test_aoi_from_a_file_by_button_and_by_drop(canvas, make_bar, tmp_path):
    good = write_geojson(tmp_path / "field.geojson", "POLYGON((12.4 41.8,12.5 41.8,12.5 41.9,12.4 41.9,12.4 41.8))")
    bowtie = write_geojson(tmp_path / "bowtie.geojson", "POLYGON((12.4 41.8,12.5 41.9,12.5 41.8,12.4 41.9,12.4 41.8))")
    answers = [False, True]
    chosen = [str(good)]
    bar = make_bar(pick_file=lambda: chosen[0], confirm=lambda q: answers.pop(0))
    got = Results(bar)
    QTest.mouseClick(bar.fileButton, Qt.MouseButton.LeftButton)
    assert len(got.aois) == 1 and "field.geojson" in got.aois[0].source
    assert got.aois[0].bbox == pytest.approx((12.4, 41.8, 12.5, 41.9))
    assert not bar.overlay.geometry().isEmpty()

    chosen[0] = str(bowtie)
    bar.fileButton.click()  # repair refused: an error, the previous AOI stays drawn
    assert len(got.errors) == 1 and got.errors[0].repairable
    bar.fileButton.click()  # repair accepted
    assert len(got.aois) == 2 and "repaired" in got.aois[1].source

    panel = QWidget(bar)
    AoiDropFilter(panel, bar)
    assert panel.acceptDrops()
    mime = file_mime(good)
    assert drag_enter(panel, mime, 5, 5).isAccepted()
    drop(panel, mime, 5, 5)
    assert len(got.aois) == 3 and "field.geojson" in got.aois[2].source

    text = QMimeData()
    text.setText("not a file")
    assert not drag_enter(panel, text, 5, 5).isAccepted()

    chosen[0] = str(tmp_path / "missing.kml")
    bar.fileButton.click()
    assert "does not exist" in str(got.errors[-1])


def test_cleanup_leaves_nothing_on_the_canvas(canvas, make_bar):
    bar = make_bar()
    bar.buttons["polygon"].click()
    click(canvas, 10, 10)
    bar.cleanup()
    assert canvas.mapTool() is None
    bands = [i for i in canvas.scene().items() if isinstance(i, QgsRubberBand) and i.isVisible()
             and not i.asGeometry().isEmpty()]
    assert bands == []


def _count_colour(image, rgb: tuple[int, int, int], tol: int = 40) -> int:
    n = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            c = image.pixelColor(x, y)
            if abs(c.red() - rgb[0]) < tol and abs(c.green() - rgb[1]) < tol and abs(c.blue() - rgb[2]) < tol:
                n += 1
    return n


def test_the_map_shows_footprints_and_the_aoi_over_a_result(canvas, make_bar, tmp_path, artifacts_dir):
    """What the analyst sees: a result raster, the next search's footprints drawn over it (orange), the AOI
    over everything (crimson, dashed). Saved as test-artifacts/map-aoi-footprints-result.png."""
    import numpy as np
    from qgis.core import QgsProject

    from eo_orders.core.aoi import aoi_from_extent
    from eo_orders.core.layers import FootprintLayer, add_result_layers
    from eo_orders.providers.base import InputProduct

    from ..qgis.test_result_layers import S1_PRODUCT, write_raster

    # a result under Rome's centre, in UTM 33N (write_raster's grid: 5.1 km square from 284000, 4650000)
    # smooth fields with speckle, VH following VV like real dual-pol backscatter
    yy, xx = np.mgrid[0:128, 0:128] / 128.0
    rng = np.random.default_rng(3)
    vv_db = -12 + 5 * np.sin(3 * xx + 2 * yy) + 2 * np.cos(6 * yy) + rng.normal(0, 0.8, (128, 128))
    vh_db = vv_db - 6 - 2 * np.sin(5 * xx) + rng.normal(0, 0.8, (128, 128))
    vv, vh = (10 ** (vv_db / 10)).astype("float32"), (10 ** (vh_db / 10)).astype("float32")
    add_result_layers([write_raster(tmp_path / S1_PRODUCT / f"{S1_PRODUCT}_VV_VH.tif", [vv, vh])], "Order",
                      root=tmp_path)
    fp = FootprintLayer()
    fp.set_products([InputProduct("a", "A", {"type": "Polygon", "coordinates": [[
        [12.40, 41.93], [12.46, 41.93], [12.46, 41.97], [12.40, 41.97], [12.40, 41.93]]]})])
    bar = make_bar()
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    bar.show_aoi(aoi_from_extent(QgsRectangle(12.38, 41.92, 12.48, 41.98), wgs84))
    project = QgsProject.instance()
    canvas.setLayers(project.layerTreeRoot().layerOrder())
    bar.overlay.zoom_to()
    canvas.refreshAllLayers()
    canvas.waitWhileRendering()
    QApplication.processEvents()
    image = canvas.grab().toImage()
    image.save(str(artifacts_dir / "map-aoi-footprints-result.png"))
    assert project.layerTreeRoot().layerOrder()[0] is fp.layer  # footprints drawn over the result
    assert _count_colour(image, (255, 140, 0)) > 20  # orange footprint outline visible over the raster
    assert _count_colour(image, (220, 20, 60)) > 20  # crimson AOI outline
    assert np.std([image.pixelColor(x, 150).red() for x in range(0, 400, 5)]) > 5  # the raster is drawn
