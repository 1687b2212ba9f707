# SPDX-License-Identifier: GPL-2.0-or-later
"""Range serving: what a resuming downloader and GDAL /vsicurl/ rely on, checked over real HTTP."""

from __future__ import annotations

import hashlib

import pytest
import requests
from osgeo import gdal

from sandbox import files, rasters

ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}


@pytest.fixture()
def served(sandbox, tmp_path):
    """A 3 MiB + 7 byte file registered on the running sandbox: (absolute url, bytes)."""
    info = rasters.make_big_file(tmp_path / "blob.bin", (3 << 20) + 7, seed=4)
    data = (tmp_path / "blob.bin").read_bytes()
    with sandbox.app.test_request_context():
        path = files.register_file(info["path"], download_name="blob.bin")
    return sandbox.base_url + path, data


def test_full_get_has_range_headers(served):
    url, data = served
    r = requests.get(url, timeout=30)
    assert r.status_code == 200
    assert r.content == data
    assert r.headers["Accept-Ranges"] == "bytes"
    assert int(r.headers["Content-Length"]) == len(data)
    assert r.headers["ETag"] and r.headers["Last-Modified"]
    assert "attachment" in r.headers["Content-Disposition"] and "blob.bin" in r.headers["Content-Disposition"]


@pytest.mark.parametrize(("header", "start", "end"), [
    ("bytes=0-0", 0, 0), ("bytes=10-19", 10, 19), ("bytes=3145720-", 3145720, 3145734),
    ("bytes=-5", 3145730, 3145734), ("bytes=3145730-9999999", 3145730, 3145734),
])
def test_single_ranges_give_206(served, header, start, end):
    url, data = served
    r = requests.get(url, headers={"Range": header}, timeout=30)
    assert r.status_code == 206
    assert r.content == data[start:end + 1]
    assert r.headers["Content-Range"] == f"bytes {start}-{end}/{len(data)}"
    assert int(r.headers["Content-Length"]) == end - start + 1


@pytest.mark.parametrize("header", ["bytes=3145735-", "bytes=4000000-4000010"])
def test_unsatisfiable_range_is_416(served, header):
    url, data = served
    r = requests.get(url, headers={"Range": header}, timeout=30)
    assert r.status_code == 416
    assert r.headers["Content-Range"] == f"bytes */{len(data)}"


def test_head_and_conditional(served):
    url, data = served
    h = requests.head(url, timeout=30)
    assert h.status_code == 200 and int(h.headers["Content-Length"]) == len(data) and not h.content
    etag = h.headers["ETag"]
    assert requests.get(url, headers={"If-None-Match": etag}, timeout=30).status_code == 304
    # If-Range with the current ETag resumes; with a stale one the whole file comes back
    r = requests.get(url, headers={"Range": "bytes=100-", "If-Range": etag}, timeout=30)
    assert r.status_code == 206 and r.content == data[100:]
    r = requests.get(url, headers={"Range": "bytes=100-", "If-Range": '"stale"'}, timeout=30)
    assert r.status_code == 200 and len(r.content) == len(data)


def test_resume_reassembles_identical_bytes(served):
    url, data = served
    first = requests.get(url, headers={"Range": "bytes=0-1048575"}, timeout=30).content
    rest = requests.get(url, headers={"Range": f"bytes={len(first)}-"}, timeout=30).content
    assert hashlib.md5(first + rest).hexdigest() == hashlib.md5(data).hexdigest()


def test_unknown_token_or_wrong_name_is_404(sandbox, served):
    url, _ = served
    assert requests.get(sandbox.base_url + "/_sandbox/files/deadbeef/blob.bin", timeout=30).status_code == 404
    assert requests.get(url.rsplit("/", 1)[0] + "/other.bin", timeout=30).status_code == 404


def test_registration_is_cleared_by_reset(sandbox, served):
    url, _ = served
    sandbox.state.reset()
    assert requests.get(url, timeout=30).status_code == 404


def test_missing_file_is_404(sandbox, tmp_path):
    p = tmp_path / "gone.bin"
    p.write_bytes(b"x")
    with sandbox.app.test_request_context():
        path = files.register_file(p)
    p.unlink()
    assert requests.get(sandbox.base_url + path, timeout=30).status_code == 404


def test_gdal_vsicurl_opens_served_cog(sandbox, tmp_path):
    cog = rasters.make_cog(tmp_path / "c.tif", ROME, size=512, seed=2)
    with sandbox.app.test_request_context():
        path = files.register_file(cog["path"])
    gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
    try:
        ds = gdal.Open(f"/vsicurl/{sandbox.base_url}{path}")
        assert ds is not None, gdal.GetLastErrorMsg()
        assert (ds.RasterXSize, ds.RasterYSize) == (cog["width"], cog["height"])
        ovr = ds.GetRasterBand(1).GetOverview(0).ReadAsArray()
        local_ds = gdal.Open(cog["path"])  # keep the dataset referenced while its band is used
        local = local_ds.GetRasterBand(1).GetOverview(0).ReadAsArray()
        assert (ovr == local).all()
        ds = None
    finally:
        gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", None)
        gdal.VSICurlClearCache()


def test_large_file_streams(sandbox, tmp_path):
    info = rasters.make_big_file(tmp_path / "big.bin", 64 << 20, seed=9)
    with sandbox.app.test_request_context():
        path = files.register_file(info["path"])
    md5 = hashlib.md5()
    with requests.get(sandbox.base_url + path, stream=True, timeout=60) as r:
        assert r.status_code == 200
        for chunk in r.iter_content(1 << 20):
            md5.update(chunk)
    assert md5.hexdigest() == info["md5"]
