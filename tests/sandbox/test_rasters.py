# SPDX-License-Identifier: GPL-2.0-or-later
"""Result rasters must be real, valid COGs in the right place; zips must look like processed products."""

from __future__ import annotations

import hashlib
import json
import zipfile

import numpy as np
import pytest
from osgeo import gdal

from sandbox import rasters

ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}
SWATH = {"type": "MultiPolygon", "coordinates": [[[[12.0, 41.5], [13.0, 41.6], [12.9, 42.3], [11.9, 42.2],
                                                   [12.0, 41.5]]]]}


def _cog_layout(path: str) -> dict:
    return gdal.Info(path, format="json")


def test_make_cog_is_a_valid_cog_in_utm(tmp_path):
    out = rasters.make_cog(tmp_path / "a.tif", ROME, bands=2, size=512, seed=3)
    assert out["epsg"] == 32633  # Rome lies in UTM zone 33N
    assert out["bands"] == 2 and max(out["width"], out["height"]) == 512
    info = _cog_layout(out["path"])
    assert info["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG"
    band = info["bands"][0]
    assert band["block"] == [256, 256]
    assert band["overviews"], "a COG needs overviews"
    assert info["coordinateSystem"]["wkt"].count("UTM zone 33N")
    minx, miny, maxx, maxy = out["bounds_4326"]
    assert minx <= 12.35 and maxx >= 12.65 and miny <= 41.80 and maxy >= 42.00
    assert maxx - minx < 0.5 and maxy - miny < 0.4
    assert out["size_bytes"] == (tmp_path / "a.tif").stat().st_size


def test_cog_values_are_plausible_and_deterministic(tmp_path):
    a = rasters.make_cog(tmp_path / "a.tif", ROME, size=64, seed=7)
    b = rasters.make_cog(tmp_path / "b.tif", ROME, size=64, seed=7)
    c = rasters.make_cog(tmp_path / "c.tif", ROME, size=64, seed=8)
    arr = gdal.Open(a["path"]).ReadAsArray()
    assert arr.dtype == np.float32 and -30 < arr.min() < arr.max() < 0  # backscatter-like dB
    assert np.array_equal(arr, gdal.Open(b["path"]).ReadAsArray())
    assert not np.array_equal(arr, gdal.Open(c["path"]).ReadAsArray())
    # small rasters still get tiles and an overview
    info = _cog_layout(a["path"])
    assert info["metadata"]["IMAGE_STRUCTURE"]["LAYOUT"] == "COG" and info["bands"][0]["overviews"]


def test_uint16_4326_with_nodata_outside_footprint(tmp_path):
    tri = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.35, 42.00], [12.35, 41.80]]]}
    out = rasters.make_cog(tmp_path / "r.tif", tri, bands=4, size=128, dtype="UInt16", epsg=4326, nodata=0)
    ds = gdal.Open(out["path"])
    assert out["epsg"] == 4326 and ds.RasterCount == 4
    assert out["bounds"] == pytest.approx([12.35, 41.80, 12.65, 42.00], abs=0.01)
    arr = ds.GetRasterBand(1).ReadAsArray()
    assert arr.dtype == np.uint16 and ds.GetRasterBand(1).GetNoDataValue() == 0
    assert arr[0, -1] == 0  # top right corner is outside the triangle
    assert arr[-1, 0] > 0 and arr[arr > 0].max() <= 10000


def test_byte_and_bad_args(tmp_path):
    out = rasters.make_cog(tmp_path / "b.tif", SWATH, dtype="Byte", size=32)
    assert gdal.Open(out["path"]).ReadAsArray().dtype == np.uint8
    with pytest.raises(ValueError):
        rasters.make_cog(tmp_path / "x.tif", ROME, dtype="Int8")
    with pytest.raises(ValueError):
        rasters.make_cog(tmp_path / "x.tif", {"type": "Polygon", "coordinates": []})


@pytest.mark.parametrize("kwargs", [
    {"size": 512, "bands": 2}, {"size": 64}, {"size": 100, "dtype": "UInt16", "epsg": 4326, "nodata": 0},
    {"size": 1000, "dtype": "Byte"},
])
def test_gdal_cog_validator_accepts(tmp_path, kwargs):
    validator = pytest.importorskip("osgeo_utils.samples.validate_cloud_optimized_geotiff")
    out = rasters.make_cog(tmp_path / "v.tif", SWATH, **kwargs)
    warnings, errors, details = validator.validate(out["path"], full_check=True)
    assert errors == [] and warnings == []
    assert details["ifd_offsets"].get("overview_0")


def test_make_cog_reuses_cached_file(tmp_path):
    p = tmp_path / "c.tif"
    rasters.make_cog(p, ROME, size=64)
    mtime = p.stat().st_mtime_ns
    rasters.make_cog(p, ROME, size=64)
    assert p.stat().st_mtime_ns == mtime
    before = gdal.Open(str(p)).ReadAsArray()
    rasters.make_cog(p, ROME, size=64, seed=1)  # other parameters: regenerated
    assert json.loads(p.with_name("c.tif.meta.json").read_text())["params"]["seed"] == 1
    assert not np.array_equal(before, gdal.Open(str(p)).ReadAsArray())


def test_result_zip_layout(tmp_path):
    out = rasters.make_result_zip(tmp_path / "r.zip", "S1A_TEST_PRODUCT", ROME, ["VV", "VH"], size=64,
                                  metadata={"workflow": "demo"})
    with zipfile.ZipFile(out["path"]) as zf:
        names = set(zf.namelist())
        assert names == {"S1A_TEST_PRODUCT/measurement/VV.tif", "S1A_TEST_PRODUCT/measurement/VH.tif",
                         "S1A_TEST_PRODUCT/manifest.json"}
        manifest = json.loads(zf.read("S1A_TEST_PRODUCT/manifest.json"))
        tif = zf.read("S1A_TEST_PRODUCT/measurement/VV.tif")
    assert manifest["workflow"] == "demo" and len(manifest["files"]) == 2
    assert manifest["files"][0]["md5"] == hashlib.md5(tif).hexdigest()
    ds = gdal.Open(f"/vsizip/{out['path']}/S1A_TEST_PRODUCT/measurement/VV.tif")
    assert ds is not None and max(ds.RasterXSize, ds.RasterYSize) == 64
    assert out["md5"] == rasters.file_md5(out["path"])


def test_big_file_deterministic_and_chunks_differ(tmp_path):
    size = (8 << 20) * 2 + 12345
    a = rasters.make_big_file(tmp_path / "a.bin", size, seed=1)
    b = rasters.make_big_file(tmp_path / "b.bin", size, seed=1)
    assert a["size_bytes"] == size == (tmp_path / "a.bin").stat().st_size
    assert a["md5"] == b["md5"] == rasters.file_md5(tmp_path / "a.bin")
    with open(tmp_path / "a.bin", "rb") as fh:
        first = fh.read(4096)
        fh.seek(8 << 20)
        second = fh.read(4096)
    assert first != second
    assert rasters.make_big_file(tmp_path / "c.bin", 1000, seed=2)["md5"] != rasters.make_big_file(
        tmp_path / "d.bin", 1000, seed=3)["md5"]


def test_cached_helpers_use_app_data_dir(sandbox):
    with sandbox.app.app_context():
        cog = rasters.cached_cog(ROME, size=32)
        again = rasters.cached_cog(ROME, size=32)
        z = rasters.cached_result_zip("P1", ROME, 1, size=32)
        big = rasters.cached_big_file(1024, seed=5)
    for item in (cog, z, big):
        assert item["path"].startswith(sandbox.state.data_dir)
    assert cog == again


def _blocks(arr: np.ndarray, n: int = 4) -> np.ndarray:
    """Means of n × n blocks: the scene under the speckle."""
    h, w = (arr.shape[0] // n) * n, (arr.shape[1] // n) * n
    return arr[:h, :w].reshape(h // n, n, w // n, n).mean(axis=(1, 3))


def test_dual_pol_backscatter_is_correlated_like_real_vv_vh(tmp_path):
    """VH follows VV about 6-8 dB lower, with its own speckle; water is dark, land brighter."""
    out = rasters.make_cog(tmp_path / "s1.tif", ROME, bands=2, size=256, seed=11)
    vv, vh = (a.astype(np.float64) for a in gdal.Open(out["path"]).ReadAsArray())
    diff = vv - vh
    assert 6.0 <= np.median(diff) <= 8.0 and np.percentile(diff, 5) > 2.0 and np.percentile(diff, 95) < 12.0
    assert np.corrcoef(_blocks(vv).ravel(), _blocks(vh).ravel())[0, 1] > 0.85
    assert not np.array_equal(np.round(diff, 3), np.round(np.median(diff), 3))  # speckle differs per band
    assert np.corrcoef(vv.ravel(), vh.ravel())[0, 1] < 0.995
    water = vv < -19.0
    assert 0.002 < water.mean() < 0.5 and np.median(vv[~water]) > -16.0  # land and water, not one texture
    assert -30 < vv.min() and vv.max() < 0


def test_the_landscape_is_tied_to_the_ground_and_per_band_files_agree(tmp_path):
    a = gdal.Open(rasters.make_cog(tmp_path / "a.tif", ROME, size=128, seed=1)["path"]).ReadAsArray()
    b = gdal.Open(rasters.make_cog(tmp_path / "b.tif", ROME, size=128, seed=2)["path"]).ReadAsArray()
    assert not np.array_equal(a, b)  # two acquisitions: other speckle, fields a little changed
    assert np.corrcoef(_blocks(a).ravel(), _blocks(b).ravel())[0, 1] > 0.8  # the same river, towns and fields
    zipped = rasters.make_result_zip(tmp_path / "p.zip", "S1A_P", ROME, ["VV", "VH"], size=128, seed=3)
    vv, vh = (gdal.Open(f"/vsizip/{zipped['path']}/S1A_P/measurement/{p}.tif").ReadAsArray().astype(np.float64)
              for p in ("VV", "VH"))
    assert 6.0 <= np.median(vv - vh) <= 8.0
    assert np.corrcoef(_blocks(vv).ravel(), _blocks(vh).ravel())[0, 1] > 0.85
