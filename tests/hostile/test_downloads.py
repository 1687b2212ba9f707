# SPDX-License-Identifier: GPL-2.0-or-later
"""A downloaded file is kept only if it is the file the server described.

Safe outcome in each test: either the final file holds exactly the right bytes, or there is no final file
and no partial file left filling the disk, and the error is one ``ProviderError`` sentence.
"""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import re
import tarfile
import zipfile

import pytest

from eo_orders.providers.base import ProviderError, ResultAsset
from eo_orders.providers.download import (
    PARTIAL_DIR,
    archive_kind,
    download_asset,
    partial_path,
    safe_extract,
    safe_extract_zip,
)
from tests.hostile.servers import STYLES, HostileServer, Reply, make_provider, with_login
from tests.hostile.unprivileged import run_python

DATA = bytes(range(256)) * 4096  # 1 MiB
V2 = bytes(reversed(range(256))) * 4096


def _ranged(payload_of, etag_of=lambda: '"v1"', honour_if_range=True, drop_first=False):
    """A file server honouring Range (and If-Range), whose file may change between requests."""
    state = {"drops": 1 if drop_first else 0}

    def handler(req):
        payload, etag = payload_of(), etag_of()
        rng = req.headers.get("Range")
        if_range = req.headers.get("If-Range")
        headers = {"ETag": etag, "Content-Type": "image/tiff"}
        m = re.fullmatch(r"bytes=(\d+)-", rng or "")
        if m and (not if_range or if_range == etag or not honour_if_range):
            start = int(m.group(1))
            headers["Content-Range"] = f"bytes {start}-{len(payload) - 1}/{len(payload)}"
            return Reply(206, payload[start:], headers)
        if state["drops"]:
            state["drops"] -= 1
            headers["Content-Length"] = str(len(payload))
            return Reply(200, iter([payload[: len(payload) // 3]]), headers)  # then the connection closes
        return Reply(200, payload, headers)

    return handler


def _open(url, transport=None):
    from eo_orders.providers.common import range_headers
    from eo_orders.providers.http import Transport, TransportSettings

    t = transport or Transport(TransportSettings(verify=True, retries=0))
    return lambda offset: t.request("GET", url, stream=True, headers=range_headers(offset))


def _nothing_left(folder):
    return [p.name for p in folder.rglob("*") if p.is_file()]


def test_result_named_like_a_partial_file_does_not_collide(tmp_path):
    with HostileServer() as srv:
        srv.handler = lambda req: Reply(200, DATA if req.path == "/x.tif" else b"OTHER-FILE")
        a = download_asset(_open(f"{srv.url}/x.tif"), tmp_path, "x.tif", expected_size=len(DATA))
        b = download_asset(_open(f"{srv.url}/x.tif.part"), tmp_path, "x.tif.part", expected_size=10)
    assert a.read_bytes() == DATA and b.read_bytes() == b"OTHER-FILE"
    assert partial_path(tmp_path, "x.tif").parent.name == PARTIAL_DIR


def test_206_starting_elsewhere_without_a_range_request_is_refused(tmp_path):
    """The server answers a plain GET with 206 from byte 100: those bytes cannot be placed."""
    with HostileServer() as srv:
        srv.handler = lambda req: Reply(206, DATA[100:], {"Content-Range": f"bytes 100-{len(DATA) - 1}/{len(DATA)}"})
        with pytest.raises(ProviderError):
            download_asset(_open(f"{srv.url}/f"), tmp_path, "f.tif", max_resumes=2)
    assert _nothing_left(tmp_path) == []


def test_resume_answered_at_the_wrong_offset_is_refused(tmp_path):
    with HostileServer() as srv:
        calls = {"n": 0}

        def handler(req):
            calls["n"] += 1
            if "Range" not in req.headers:
                return Reply(200, iter([DATA[:5000]]), {"Content-Length": str(len(DATA)), "ETag": '"v1"'})
            return Reply(206, DATA[10:], {"Content-Range": f"bytes 10-{len(DATA) - 1}/{len(DATA)}", "ETag": '"v1"'})

        srv.handler = handler
        with pytest.raises(ProviderError):
            download_asset(_open(f"{srv.url}/f"), tmp_path, "f.tif", max_resumes=3)
    assert not (tmp_path / "f.tif").exists()


@pytest.mark.parametrize("headers", [{"Content-Length": "0"}, {}])
def test_empty_file_is_never_saved(tmp_path, headers):
    with HostileServer() as srv:
        srv.handler = lambda req: Reply(200, b"", headers)
        with pytest.raises(ProviderError, match="empty"):
            download_asset(_open(f"{srv.url}/f"), tmp_path, "f.tif")
        with pytest.raises(ProviderError, match="empty"):
            download_asset(_open(f"{srv.url}/f"), tmp_path, "g.tif", expected_size=0)
    assert _nothing_left(tmp_path) == []


def test_unknown_size_is_kept_only_when_it_verifies(tmp_path):
    with HostileServer() as srv:
        srv.handler = lambda req: Reply(200, iter([DATA[:300_000], DATA[300_000:]]))  # no length: read to close
        ok = download_asset(_open(f"{srv.url}/f"), tmp_path, "ok.tif", checksum=hashlib.md5(DATA).hexdigest())
        assert ok.read_bytes() == DATA
        with pytest.raises(ProviderError, match="checksum"):
            download_asset(_open(f"{srv.url}/f"), tmp_path, "bad.tif", checksum=hashlib.md5(b"x").hexdigest())
    assert not (tmp_path / "bad.tif").exists()


@pytest.mark.parametrize("honour_if_range", [True, False])
def test_file_changed_during_resume_is_never_stitched(tmp_path, honour_if_range):
    """v1 breaks off a third of the way; by the resume the file is v2. The result is all v2, never a mix."""
    current = {"data": DATA, "etag": '"v1"'}
    seen_if_range = []
    with HostileServer() as srv:
        inner = _ranged(lambda: current["data"], lambda: current["etag"], honour_if_range, drop_first=True)

        def handler(req):
            seen_if_range.append(req.headers.get("If-Range"))
            reply = inner(req)
            current.update(data=V2, etag='"v2"')  # the file changes right after the first answer
            return reply

        srv.handler = handler
        out = download_asset(_open(f"{srv.url}/f"), tmp_path, "f.tif", expected_size=len(DATA))
    assert out.read_bytes() == V2
    assert '"v1"' in seen_if_range  # the resume was conditional


def test_resume_across_sessions_needs_a_validator(tmp_path):
    """A partial file left by a server that gave no ETag/Last-Modified and no checksum is not continued."""
    part = partial_path(tmp_path, "f.tif")
    part.parent.mkdir()
    part.write_bytes(b"OLD-VERSION-BYTES")
    with HostileServer() as srv:
        srv.handler = lambda req: Reply(206 if "Range" in req.headers else 200,
                                        DATA[17:] if "Range" in req.headers else DATA,
                                        {"Content-Range": f"bytes 17-{len(DATA) - 1}/{len(DATA)}"}
                                        if "Range" in req.headers else {})
        out = download_asset(_open(f"{srv.url}/f"), tmp_path, "f.tif", expected_size=len(DATA))
    assert out.read_bytes() == DATA


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


@pytest.mark.parametrize("names", [("a.tif", "A.tif"), ("a:b.tif", "a_b.tif"), ("d/x.tif", "d\\x.tif"),
                                   ("x", "x/y.tif"), ("e\u0301.tif", "\u00e9.tif")])
def test_zip_members_that_collide_are_refused(tmp_path, names):
    z = tmp_path / "r.zip"
    z.write_bytes(_zip({names[0]: b"one", names[1]: b"two"}))
    with pytest.raises(ProviderError, match="not extracted"):
        safe_extract_zip(z, tmp_path / "out")
    assert _nothing_left(tmp_path / "out") == []


def test_zip_bomb_is_refused_before_writing(tmp_path):
    z = tmp_path / "bomb.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("zeros.tif", "w", force_zip64=True) as f:
            block = b"\0" * (1 << 20)
            for _ in range(300):
                f.write(block)
    assert z.stat().st_size < 2 << 20
    with pytest.raises(ProviderError, match="expand"):
        safe_extract_zip(z, tmp_path / "out")
    assert _nothing_left(tmp_path / "out") == []


def test_bad_crc_cleans_up_and_says_damaged(tmp_path):
    data = _zip({"a.tif": b"A" * 1000, "b.tif": bytes(range(256)) * 40})
    pos = data.index(b"b.tif") + 5 + 20  # inside b.tif's compressed data
    bad = data[:pos] + bytes([data[pos] ^ 0xFF]) + data[pos + 1:]
    z = tmp_path / "r.zip"
    z.write_bytes(bad)
    with pytest.raises(ProviderError, match="damaged|not a readable"):
        safe_extract_zip(z, tmp_path / "out")
    assert _nothing_left(tmp_path / "out") == []


def test_gzip_bzip2_and_tar_results_are_handled(tmp_path):
    (tmp_path / "x.tif.gz").write_bytes(gzip.compress(b"GZ-RASTER"))
    (tmp_path / "y.tif.bz2").write_bytes(bz2.compress(b"BZ-RASTER"))
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        info = tarfile.TarInfo("inner/z.tif")
        info.size = 9
        tf.addfile(info, io.BytesIO(b"TAR-RASTR"))
    (tmp_path / "t.tar.gz").write_bytes(buf.getvalue())
    assert archive_kind(tmp_path / "x.tif.gz", "application/x-gzip") == "gzip"  # contains "zip", is no zip
    assert archive_kind(tmp_path / "y.tif.bz2", "application/x-bzip2") == "bzip2"
    assert [p.read_bytes() for p in safe_extract(tmp_path / "x.tif.gz", tmp_path / "o")] == [b"GZ-RASTER"]
    assert [p.read_bytes() for p in safe_extract(tmp_path / "y.tif.bz2", tmp_path / "o")] == [b"BZ-RASTER"]
    [z] = safe_extract(tmp_path / "t.tar.gz", tmp_path / "t")
    assert z.read_bytes() == b"TAR-RASTR" and z.name == "z.tif"


def test_tar_with_a_link_or_escape_is_refused(tmp_path):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        link = tarfile.TarInfo("evil")
        link.type = tarfile.SYMTYPE
        link.linkname = "/etc/passwd"
        tf.addfile(link)
    (tmp_path / "t.tar").write_bytes(buf.getvalue())
    with pytest.raises(ProviderError, match="link"):
        safe_extract(tmp_path / "t.tar", tmp_path / "o")


def test_disk_full_gives_one_message_and_removes_the_partial_file(tmp_path):
    """Real: the child may not write files beyond 200 KB (RLIMIT_FSIZE → EFBIG, like a full disk)."""
    with HostileServer() as srv:
        srv.handler = lambda req: Reply(200, DATA, {"ETag": '"v1"'})
        code = f"""
from pathlib import Path
from eo_orders.providers.base import ProviderError
from eo_orders.providers.download import download_asset
from eo_orders.providers.http import Transport, TransportSettings
t = Transport(TransportSettings(verify=True))
dest = Path({str(tmp_path)!r})
try:
    download_asset(lambda off: t.request("GET", {srv.url + '/f'!r}, stream=True), dest, "f.tif",
                   expected_size={len(DATA)})
except ProviderError as exc:
    print("MESSAGE:", exc)
left = [str(p) for p in dest.rglob("*") if p.is_file()]
print("LEFT:", left)
"""
        out = run_python(code, max_file_bytes=200_000)
    assert out.returncode == 0, out.stderr
    assert "is full" in out.stdout and "LEFT: []" in out.stdout, out.stdout


def test_extraction_disk_full_removes_what_was_written(tmp_path):
    z = tmp_path / "r.zip"
    z.write_bytes(_zip({"a.tif": bytes(range(256)) * 1000, "b.tif": bytes(range(256)) * 1000}))
    code = f"""
from pathlib import Path
from eo_orders.providers.base import ProviderError
from eo_orders.providers.download import safe_extract_zip
try:
    safe_extract_zip(Path({str(z)!r}), Path({str(tmp_path / "out")!r}))
except ProviderError as exc:
    print("MESSAGE:", exc)
"""
    out = run_python(code, max_file_bytes=100_000)
    assert "is full" in out.stdout, out.stdout + out.stderr
    assert _nothing_left(tmp_path / "out") == []


@pytest.mark.parametrize("variant", sorted(STYLES))
def test_every_provider_refuses_a_misplaced_range(variant, tmp_path):
    """Through each provider's own ``open_asset``: a resume answered from the wrong offset is never kept."""
    with HostileServer() as api:
        def handler(req):
            if "Range" not in req.headers:
                return Reply(200, iter([DATA[:4000]]), {"Content-Length": str(len(DATA)), "ETag": '"v1"'})
            return Reply(206, DATA, {"Content-Range": f"bytes 0-{len(DATA) - 1}/{len(DATA)}", "ETag": '"v1"'})

        api.handler = with_login(handler)
        provider = make_provider(variant, api.url)
        asset = ResultAsset(href=f"{provider.url('api')}/result.tif", file_name="result.tif", size=len(DATA))
        with pytest.raises(ProviderError):
            download_asset(lambda off: provider.open_asset(asset, off), tmp_path, "result.tif",
                           expected_size=len(DATA), max_resumes=2)
    assert not (tmp_path / "result.tif").exists()


@pytest.mark.parametrize("variant", sorted(STYLES))
def test_every_provider_refuses_an_empty_result(variant, tmp_path):
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(200, b"", {"Content-Length": "0"}))
        provider = make_provider(variant, api.url)
        asset = ResultAsset(href=f"{provider.url('api')}/result.tif", file_name="result.tif")
        with pytest.raises(ProviderError):
            download_asset(lambda off: provider.open_asset(asset, off), tmp_path, "result.tif")
    assert _nothing_left(tmp_path) == []
