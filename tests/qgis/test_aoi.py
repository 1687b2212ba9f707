# SPDX-License-Identifier: GPL-2.0-or-later
"""AOI from canvas extents and selected features, in real QGIS (offscreen).

Expected areas come from independent formulas (the authalic-latitude formula for a lon/lat
rectangle on the WGS84 ellipsoid, UTM planar area corrected by nothing: the scale factor near Rome
is within 0.02 % of 1), not from QgsDistanceArea itself.
"""

from __future__ import annotations

import math

import pytest
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsRectangle,
    QgsVectorLayer,
)

from eo_orders.core.aoi import (
    MAX_AREA_KM2,
    Aoi,
    AoiError,
    aoi_from_extent,
    aoi_from_geometry,
    aoi_from_layer_selection,
    aoi_to_geometry,
)

A = 6378137.0
F = 1 / 298.257223563
B = A * (1 - F)
E = math.sqrt(1 - (B / A) ** 2)


def ellipsoid_rect_km2(west: float, south: float, east: float, north: float) -> float:
    """Exact area of a lon/lat quadrangle on WGS84 (authalic latitude formula)."""

    def q(lat: float) -> float:
        s = math.sin(math.radians(lat))
        return s / (1 - E * E * s * s) + math.log((1 + E * s) / (1 - E * s)) / (2 * E)

    return math.radians(east - west) * B * B / 2 * (q(north) - q(south)) / 1e6


def mercator_to_lonlat(x: float, y: float) -> tuple[float, float]:
    return math.degrees(x / A), math.degrees(math.atan(math.sinh(y / A)))


def crs(code: str) -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(code)


def polygon_layer(code: str, rings: list[list[tuple[float, float]]], name: str = "fields") -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Polygon?crs={code}", name, "memory")
    feats = []
    for ring in rings:
        f = QgsFeature()
        f.setGeometry(QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in ring]]))
        feats.append(f)
    assert layer.dataProvider().addFeatures(feats)[0]
    layer.updateExtents()
    return layer


def square(x0: float, y0: float, size: float) -> list[tuple[float, float]]:
    return [(x0, y0), (x0 + size, y0), (x0 + size, y0 + size), (x0, y0 + size), (x0, y0)]


def assert_closed_ccw(aoi: Aoi) -> None:
    polygons = [aoi.geometry["coordinates"]] if aoi.geometry["type"] == "Polygon" else aoi.geometry["coordinates"]
    for poly in polygons:
        for i, ring in enumerate(poly):
            assert ring[0] == ring[-1]
            signed = sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2
            assert (signed > 0) == (i == 0)


def test_extent_in_wgs84_is_a_five_vertex_rectangle(qgis_new_project):
    aoi = aoi_from_extent(QgsRectangle(12.35, 41.80, 12.65, 42.00), crs("EPSG:4326"))
    assert aoi.geometry["type"] == "Polygon"
    assert aoi.vertex_count == 5
    assert aoi.bbox == pytest.approx((12.35, 41.80, 12.65, 42.00))
    assert aoi.area_km2 == pytest.approx(ellipsoid_rect_km2(12.35, 41.80, 12.65, 42.00), rel=1e-4)
    assert aoi.summary() == f"Canvas extent · {aoi.area_km2:,.1f} km² · 5 vertices"
    assert_closed_ccw(aoi)


def test_extent_in_web_mercator_has_ellipsoidal_area(qgis_new_project):
    xmin, ymin, xmax, ymax = 1_374_000.0, 5_130_000.0, 1_408_000.0, 5_160_000.0
    aoi = aoi_from_extent(QgsRectangle(xmin, ymin, xmax, ymax), crs("EPSG:3857"))
    west, south = mercator_to_lonlat(xmin, ymin)
    east, north = mercator_to_lonlat(xmax, ymax)
    assert aoi.bbox == pytest.approx((west, south, east, north), abs=1e-6)
    expected = ellipsoid_rect_km2(west, south, east, north)
    assert aoi.area_km2 == pytest.approx(expected, rel=2e-3)
    # the planar Mercator area is ~1.8x too big at this latitude: make sure we did not use it
    assert (xmax - xmin) * (ymax - ymin) / 1e6 > 1.5 * aoi.area_km2
    # a Mercator rectangle is a lon/lat rectangle: densification must not leave extra vertices
    assert aoi.vertex_count == 5


def test_extent_in_utm_keeps_its_area_and_lies_over_rome(qgis_new_project):
    extent = QgsRectangle(280_000.0, 4_630_000.0, 305_000.0, 4_652_000.0)
    aoi = aoi_from_extent(extent, crs("EPSG:32633"))
    assert aoi.area_km2 == pytest.approx(25 * 22, rel=2e-3)
    west, south, east, north = aoi.bbox
    assert 12.2 < west < 12.5 < east < 12.9 and 41.7 < south < 41.9 < north < 42.1
    assert 5 <= aoi.vertex_count < 200
    assert_closed_ccw(aoi)


def test_selected_features_in_utm_are_dissolved(qgis_new_project):
    layer = polygon_layer("EPSG:32633", [square(285_000, 4_635_000, 5_000), square(295_000, 4_640_000, 3_000),
                                         square(200_000, 4_500_000, 1_000)])
    layer.selectByIds([f.id() for f in layer.getFeatures()][:2])
    aoi = aoi_from_layer_selection(layer)
    assert aoi.source == "2 selected features of 'fields'"
    assert aoi.geometry["type"] == "MultiPolygon"
    assert aoi.area_km2 == pytest.approx(25 + 9, rel=2e-3)
    assert aoi.vertex_count == 10
    west, south, east, north = aoi.bbox
    assert 12.3 < west < east < 12.7 and 41.8 < south < north < 42.0
    assert_closed_ccw(aoi)


def test_overlapping_features_become_one_polygon(qgis_new_project):
    layer = polygon_layer("EPSG:32633", [square(285_000, 4_635_000, 4_000), square(287_000, 4_637_000, 4_000)])
    layer.selectAll()
    aoi = aoi_from_layer_selection(layer)
    assert aoi.geometry["type"] == "Polygon"
    assert aoi.area_km2 == pytest.approx(16 + 16 - 4, rel=2e-3)


def test_empty_selection_is_refused(qgis_new_project):
    layer = polygon_layer("EPSG:4326", [square(12.4, 41.85, 0.05)])
    with pytest.raises(AoiError, match="No features are selected in layer 'fields'"):
        aoi_from_layer_selection(layer)


def test_point_layer_is_refused(qgis_new_project):
    layer = QgsVectorLayer("Point?crs=EPSG:4326", "wells", "memory")
    with pytest.raises(AoiError, match="needs polygons"):
        aoi_from_layer_selection(layer)


def test_self_intersecting_selection_is_refused_then_repaired(qgis_new_project):
    bowtie = [(12.40, 41.85), (12.50, 41.95), (12.50, 41.85), (12.40, 41.95), (12.40, 41.85)]
    layer = polygon_layer("EPSG:4326", [bowtie])
    layer.selectAll()
    with pytest.raises(AoiError, match="not valid") as info:
        aoi_from_layer_selection(layer)
    assert info.value.repairable
    aoi = aoi_from_layer_selection(layer, repair=True)
    assert "repaired with makeValid" in aoi.source
    # the two triangles of the bow tie: half the square
    assert aoi.area_km2 == pytest.approx(ellipsoid_rect_km2(12.40, 41.85, 12.50, 41.95) / 2, rel=1e-2)


def test_oversized_area_is_refused(qgis_new_project):
    with pytest.raises(AoiError, match="more than the limit"):
        aoi_from_extent(QgsRectangle(0, 30, 20, 50), crs("EPSG:4326"))
    assert ellipsoid_rect_km2(0, 30, 20, 50) > MAX_AREA_KM2
    with pytest.raises(AoiError, match="limit of 100 km²"):
        aoi_from_extent(QgsRectangle(12.35, 41.80, 12.65, 42.00), crs("EPSG:4326"), max_area_km2=100)


@pytest.mark.parametrize(("code", "rect"), [
    ("EPSG:4326", (170.0, -20.0, 190.0, -10.0)),
    ("EPSG:3857", (19_900_000.0, -2_000_000.0, 20_200_000.0, -1_800_000.0)),
    ("EPSG:3832", (3_000_000.0, -2_000_000.0, 3_700_000.0, -1_800_000.0)),  # PDC Mercator, 150°E centre
])
def test_antimeridian_crossing_is_refused(qgis_new_project, code, rect):
    with pytest.raises(AoiError, match="antimeridian"):
        aoi_from_extent(QgsRectangle(*rect), crs(code), max_area_km2=1e9)


def test_empty_extent_is_refused(qgis_new_project):
    with pytest.raises(AoiError, match="Zoom"):
        aoi_from_extent(QgsRectangle(), crs("EPSG:4326"))


def test_geometry_round_trip(qgis_new_project):
    geom = QgsGeometry.fromWkt("POLYGON((12.4 41.85, 12.6 41.85, 12.6 41.95, 12.4 41.95, 12.4 41.85),"
                               "(12.45 41.88, 12.45 41.9, 12.5 41.9, 12.5 41.88, 12.45 41.88))")
    aoi = aoi_from_geometry(geom, crs("EPSG:4326"), "Drawn")
    assert len(aoi.geometry["coordinates"]) == 2
    assert_closed_ccw(aoi)
    back = aoi_to_geometry(aoi)
    assert back.isGeosValid()
    assert back.equals(geom) or back.symDifference(geom).area() < 1e-12
    with pytest.raises(AoiError, match="polygon"):
        aoi_from_geometry(QgsGeometry.fromWkt("LINESTRING(12 41, 13 42)"), crs("EPSG:4326"), "Drawn")
