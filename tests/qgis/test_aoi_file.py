# SPDX-License-Identifier: GPL-2.0-or-later
"""AOI from vector files written by GDAL/OGR in a temp dir, the drop helper, and the world-sized extent.

Each file is made with OGR itself (not QGIS), in the formats analysts get AOIs in: GeoJSON, KML,
GeoPackage (several layers), Shapefile (UTM, and zipped). Expected areas come from the authalic-latitude
formula in test_aoi.py, independent of QgsDistanceArea.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle
from qgis.PyQt.QtCore import QMimeData, QUrl

from eo_orders.core.aoi import AoiError, aoi_from_extent, aoi_from_file, vector_paths_from_mime

from .test_aoi import ellipsoid_rect_km2


def _srs(epsg: int) -> osr.SpatialReference:
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def write_vector(path: Path, driver: str, layers: dict[str, list[str]], epsg: int = 4326,
                 geom_type: int = ogr.wkbUnknown) -> Path:
    """A vector file with one layer per key, each holding the WKT geometries given."""
    drv = ogr.GetDriverByName(driver)
    if path.exists():
        drv.DeleteDataSource(str(path))
    ds = drv.CreateDataSource(str(path))
    for name, wkts in layers.items():
        lyr = ds.CreateLayer(name, _srs(epsg) if epsg else None, geom_type)
        lyr.CreateField(ogr.FieldDefn("name", ogr.OFTString))
        for i, wkt in enumerate(wkts):
            feat = ogr.Feature(lyr.GetLayerDefn())
            feat.SetField("name", f"f{i}")
            feat.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
            lyr.CreateFeature(feat)
    ds = None
    return path


def rect_wkt(w: float, s: float, e: float, n: float) -> str:
    return f"POLYGON(({w} {s},{e} {s},{e} {n},{w} {n},{w} {s}))"


@pytest.mark.parametrize(("driver", "suffix"), [("GeoJSON", "geojson"), ("KML", "kml"), ("GPKG", "gpkg"),
                                                ("ESRI Shapefile", "shp")])
def test_two_touching_fields_become_one_rectangle(qgis_new_project, tmp_path, driver, suffix):
    path = write_vector(tmp_path / f"fields.{suffix}", driver,
                        {"fields": [rect_wkt(12.4, 41.8, 12.5, 41.9), rect_wkt(12.5, 41.8, 12.6, 41.9)]},
                        geom_type=ogr.wkbPolygon)
    aoi = aoi_from_file(str(path))
    assert aoi.geometry["type"] == "Polygon"
    assert aoi.bbox == pytest.approx((12.4, 41.8, 12.6, 41.9))
    assert aoi.area_km2 == pytest.approx(ellipsoid_rect_km2(12.4, 41.8, 12.6, 41.9), rel=1e-3)
    assert "2 polygons" in aoi.source and f"fields.{suffix}" in aoi.source


def test_kmz_opens_like_google_earth_saves_it(qgis_new_project, tmp_path):
    kml = write_vector(tmp_path / "doc.kml", "KML", {"field": [rect_wkt(12.4, 41.8, 12.5, 41.9)]},
                       geom_type=ogr.wkbPolygon)
    kmz = tmp_path / "field.kmz"
    with zipfile.ZipFile(kmz, "w") as zf:
        zf.write(kml, "doc.kml")
    aoi = aoi_from_file(str(kmz))
    assert aoi.bbox == pytest.approx((12.4, 41.8, 12.5, 41.9)) and "field.kmz" in aoi.source
    libkml = gdal.GetDriverByName("LIBKML")
    if libkml is not None:  # and where GDAL has no LIBKML driver, the KML inside is read
        libkml.Deregister()
        try:
            from eo_orders.core.compat import gdal_open  # None whether or not GDAL exceptions are on (3.40+)

            assert gdal_open(str(kmz), gdal.OF_VECTOR) is None
            again = aoi_from_file(str(kmz))
        finally:
            libkml.Register()
        assert again.bbox == pytest.approx(aoi.bbox)


def test_utm_shapefile_is_reprojected_and_zipped_one_opens_too(qgis_new_project, tmp_path):
    # 10 km x 10 km in UTM 33N near Rome
    shp = write_vector(tmp_path / "utm.shp", "ESRI Shapefile",
                       {"utm": [rect_wkt(284_000, 4_640_000, 294_000, 4_650_000)]}, epsg=32633,
                       geom_type=ogr.wkbPolygon)
    aoi = aoi_from_file(str(shp))
    assert aoi.area_km2 == pytest.approx(100.0, rel=2e-3)
    west, south, east, north = aoi.bbox
    assert 12.3 < west < east < 12.6 and 41.8 < south < north < 42.0
    archive = tmp_path / "utm.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for part in tmp_path.glob("utm.*"):
            if part.suffix != ".zip":
                zf.write(part, part.name)
    zipped = aoi_from_file(str(archive))
    assert zipped.area_km2 == pytest.approx(aoi.area_km2)
    assert "utm.zip" in zipped.source


def test_geopackage_layers_are_merged_and_points_left_out(qgis_new_project, tmp_path):
    path = tmp_path / "mixed.gpkg"
    write_vector(path, "GPKG", {"a": [rect_wkt(10, 45, 10.1, 45.1)], "b": [rect_wkt(10.2, 45, 10.3, 45.1)]},
                 geom_type=ogr.wkbPolygon)
    ds = ogr.Open(str(path), 1)
    pts = ds.CreateLayer("pts", _srs(4326), ogr.wkbPoint)
    feat = ogr.Feature(pts.GetLayerDefn())
    feat.SetGeometry(ogr.CreateGeometryFromWkt("POINT(0 0)"))
    pts.CreateFeature(feat)
    ds = None
    aoi = aoi_from_file(str(path))
    assert aoi.geometry["type"] == "MultiPolygon"
    assert len(aoi.geometry["coordinates"]) == 2
    assert aoi.bbox == pytest.approx((10, 45, 10.3, 45.1))


def test_geojson_with_mixed_geometries_keeps_the_polygons(qgis_new_project, tmp_path):
    path = write_vector(tmp_path / "mixed.geojson", "GeoJSON",
                        {"m": ["POINT(12 41)", "LINESTRING(12 41, 13 42)", rect_wkt(12.4, 41.8, 12.5, 41.9)]})
    aoi = aoi_from_file(str(path))
    assert aoi.bbox == pytest.approx((12.4, 41.8, 12.5, 41.9))
    assert aoi.source.startswith("1 polygon from")


def test_bad_files_give_clear_errors(qgis_new_project, tmp_path):
    with pytest.raises(AoiError, match="does not exist"):
        aoi_from_file(str(tmp_path / "missing.geojson"))
    junk = tmp_path / "junk.geojson"
    junk.write_bytes(b"\x00\x01 this is not json {")
    with pytest.raises(AoiError, match="not a vector file"):
        aoi_from_file(str(junk))
    image = tmp_path / "photo.kml"
    image.write_text("<kml><oops")
    with pytest.raises(AoiError, match="not a vector file|no features"):
        aoi_from_file(str(image))
    points = write_vector(tmp_path / "points.shp", "ESRI Shapefile", {"points": ["POINT(12 41)"]},
                          geom_type=ogr.wkbPoint)
    with pytest.raises(AoiError, match="points or lines"):
        aoi_from_file(str(points))
    empty = write_vector(tmp_path / "empty.gpkg", "GPKG", {"nothing": []}, geom_type=ogr.wkbPolygon)
    with pytest.raises(AoiError, match="no features"):
        aoi_from_file(str(empty))
    no_prj = write_vector(tmp_path / "noprj.shp", "ESRI Shapefile", {"noprj": [rect_wkt(0, 0, 1, 1)]}, epsg=0,
                          geom_type=ogr.wkbPolygon)
    with pytest.raises(AoiError, match="no coordinate reference system"):
        aoi_from_file(str(no_prj))
    huge = write_vector(tmp_path / "huge.geojson", "GeoJSON", {"huge": [rect_wkt(0, 0, 40, 40)]})
    with pytest.raises(AoiError, match="more than the limit"):
        aoi_from_file(str(huge))


def test_invalid_polygon_is_repairable(qgis_new_project, tmp_path):
    bowtie = "POLYGON((0 0, 1 1, 1 0, 0 1, 0 0))"
    path = write_vector(tmp_path / "bowtie.geojson", "GeoJSON", {"bowtie": [bowtie]})
    with pytest.raises(AoiError, match="not valid") as info:
        aoi_from_file(str(path))
    assert info.value.repairable
    aoi = aoi_from_file(str(path), repair=True)
    assert "repaired" in aoi.source
    assert aoi.bbox == pytest.approx((0, 0, 1, 1))


def test_drop_helper_keeps_local_vector_files(tmp_path):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(tmp_path / "a.GeoJSON")), QUrl("https://example.com/b.kml"),
                  QUrl.fromLocalFile(str(tmp_path / "photo.png")), QUrl.fromLocalFile(str(tmp_path / "c.gpkg"))])
    assert vector_paths_from_mime(mime) == [str(tmp_path / "a.GeoJSON"), str(tmp_path / "c.gpkg")]
    text = QMimeData()
    text.setText("/tmp/a.geojson")
    assert vector_paths_from_mime(text) == []
    assert vector_paths_from_mime(None) == []


@pytest.mark.parametrize(("code", "rect"), [
    ("EPSG:4326", (-180.0, -90.0, 180.0, 90.0)),
    ("EPSG:4326", (-250.0, -120.0, 250.0, 120.0)),  # zoomed out past the world
    ("EPSG:3857", (-20_037_508.0, -20_037_508.0, 20_037_508.0, 20_037_508.0)),
    ("EPSG:3857", (-30_000_000.0, -15_000_000.0, 30_000_000.0, 15_000_000.0)),
])
def test_world_sized_extent_is_too_large_not_antimeridian(qgis_new_project, code, rect):
    with pytest.raises(AoiError, match="more than the limit") as info:
        aoi_from_extent(QgsRectangle(*rect), QgsCoordinateReferenceSystem(code))
    assert "antimeridian" not in str(info.value)
    shown = float(str(info.value).split(" km²")[0].rsplit(" ", 1)[1].replace(",", ""))
    assert 3.0e8 < shown < 5.2e8  # about the Earth's 510 million km², not a made-up number
