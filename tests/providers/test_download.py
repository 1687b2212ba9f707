# SPDX-License-Identifier: GPL-2.0-or-later
"""download_asset / safe_file_name / safe_extract_zip against a real HTTP server on 127.0.0.1.

The server below is a few lines of http.server with knobs (drop the connection mid-body, ignore
Range, lie about the size); requests is never mocked.
"""

from __future__ import annotations

import hashlib
import http.server
import os
import re
import socket
import threading
import zipfile
from pathlib import Path

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from eo_orders.providers.base import ProviderError
from eo_orders.providers.download import (
    DownloadCancelled,
    download_asset,
    file_matches,
    parse_checksum,
    partial_path,
    raster_files,
    safe_extract_zip,
    safe_file_name,
)

PAYLOAD = os.urandom(300_000) + bytes(range(256)) * 100


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # keep pytest output clean
        pass

    def do_GET(self):
        srv = self.server
        srv.requests.append(self.headers.get("Range"))
        body = srv.payload
        start = 0
        m = re.match(r"bytes=(\d+)-$", self.headers.get("Range") or "")
        if m and srv.honour_range:
            start = int(m.group(1))
            if start >= len(body):
                self.send_response(416)
                self.send_header("Content-Range", f"bytes */{len(body)}")
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{len(body) - 1}/{len(body)}")
        else:
            self.send_response(200)
        chunk = body[start:]
        announced = srv.announce if srv.announce is not None else len(chunk)
        self.send_header("Content-Length", str(announced))
        self.send_header("Content-Type", "image/tiff")
        if srv.etag:
            self.send_header("ETag", srv.etag)
        self.end_headers()
        if srv.drops_left > 0:
            srv.drops_left -= 1
            cut = min(len(chunk) // 3 + 1000, len(chunk) - 1)
            self.wfile.write(chunk[:cut])
            self.wfile.flush()
            self.connection.shutdown(socket.SHUT_RDWR)
            self.close_connection = True
            return
        self.wfile.write(chunk)


class _Server(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self):
        super().__init__(("127.0.0.1", 0), _Handler)
        self.payload = PAYLOAD
        self.honour_range = True
        self.drops_left = 0
        self.announce: int | None = None
        self.etag = '"v1"'
        self.requests: list[str | None] = []

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/asset.tif"


@pytest.fixture()
def server():
    srv = _Server()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def opener(url: str, session: requests.Session | None = None):
    session = session or requests.Session()

    def open_fn(offset: int) -> requests.Response:
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        return session.get(url, headers=headers, stream=True, timeout=(5, 10))

    return open_fn


def test_plain_download_reports_progress_and_leaves_no_part(server, tmp_path):
    seen = []
    out = download_asset(opener(server.url), tmp_path, "asset.tif", chunk_size=65536,
                         progress=lambda done, total: seen.append((done, total)),
                         checksum=hashlib.sha256(PAYLOAD).hexdigest())
    assert out == tmp_path / "asset.tif"
    assert out.read_bytes() == PAYLOAD
    assert not (partial_path(tmp_path, "asset.tif")).exists()
    assert seen[-1] == (len(PAYLOAD), len(PAYLOAD))
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_three_drops_resume_with_range_to_identical_bytes(server, tmp_path):
    server.drops_left = 3
    out = download_asset(opener(server.url), tmp_path, "asset.tif", chunk_size=8192,
                         checksum=hashlib.md5(PAYLOAD).hexdigest(), checksum_algorithm="MD5")
    assert out.read_bytes() == PAYLOAD
    assert server.requests[0] is None
    assert len(server.requests) == 4
    offsets = [int(r.split("=")[1].rstrip("-")) for r in server.requests[1:]]
    assert offsets == sorted(offsets) and all(o > 0 for o in offsets)


def test_too_many_drops_keep_part_for_a_later_resume(server, tmp_path):
    server.drops_left = 3
    with pytest.raises(ProviderError, match="kept dropping"):
        download_asset(opener(server.url), tmp_path, "asset.tif", chunk_size=8192, max_resumes=1)
    part = partial_path(tmp_path, "asset.tif")
    assert part.exists() and 0 < part.stat().st_size < len(PAYLOAD)
    assert not (tmp_path / "asset.tif").exists()
    # a later session resumes the .part instead of starting over
    server.requests.clear()
    out = download_asset(opener(server.url), tmp_path, "asset.tif", chunk_size=8192, expected_size=len(PAYLOAD))
    assert out.read_bytes() == PAYLOAD
    assert server.requests[0] is not None and server.requests[0].startswith("bytes=")


def test_server_ignoring_range_restarts_cleanly(server, tmp_path):
    server.honour_range = False
    server.drops_left = 1
    out = download_asset(opener(server.url), tmp_path, "asset.tif", chunk_size=8192,
                         checksum="sha256:" + hashlib.sha256(PAYLOAD).hexdigest())
    assert out.read_bytes() == PAYLOAD
    assert len(server.requests) == 2 and server.requests[1] is not None


def test_size_mismatch_leaves_no_file(server, tmp_path):
    with pytest.raises(ProviderError, match="expected"):
        download_asset(opener(server.url), tmp_path, "asset.tif", expected_size=len(PAYLOAD) + 5)
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch_leaves_no_file(server, tmp_path):
    with pytest.raises(ProviderError, match="checksum"):
        download_asset(opener(server.url), tmp_path, "asset.tif", checksum=hashlib.sha256(b"other").hexdigest())
    assert list(tmp_path.iterdir()) == []


def test_cancel_removes_part(server, tmp_path):
    calls = {"n": 0}

    def cancelled() -> bool:
        calls["n"] += 1
        return calls["n"] > 3

    with pytest.raises(DownloadCancelled):
        download_asset(opener(server.url), tmp_path, "asset.tif", chunk_size=4096, is_cancelled=cancelled)
    assert list(tmp_path.iterdir()) == []


def test_http_error_status_is_a_provider_error(server, tmp_path):
    def open_404(offset: int) -> requests.Response:
        return requests.get(server.url, stream=True, timeout=5, headers={"Range": "bytes=999999999-"})

    with pytest.raises(ProviderError):
        download_asset(open_404, tmp_path, "asset.tif")
    assert not (tmp_path / "asset.tif").exists()


def test_not_enough_disk_space_fails_before_writing(server, tmp_path):
    with pytest.raises(ProviderError, match="disk space"):
        download_asset(opener(server.url), tmp_path, "asset.tif", expected_size=1 << 60)
    assert server.requests == []
    assert list(tmp_path.iterdir()) == []


def test_remote_name_is_sanitised(server, tmp_path):
    out = download_asset(opener(server.url), tmp_path / "sub", "../../etc/passwd.tif")
    assert out.parent == tmp_path / "sub"
    assert out.name == "etc_passwd.tif"


@pytest.mark.parametrize(("raw", "expected"), [
    ("S2A_MSIL2A.tif", "S2A_MSIL2A.tif"),
    ("../../etc/passwd", "etc_passwd"),
    ("/abs/path/x.tif", "abs_path_x.tif"),
    ("C:\\Windows\\system.ini", "C_Windows_system.ini"),
    ("CON", "_CON"),
    ("nul.txt", "_nul.txt"),
    ("com1.tar.gz", "_com1.tar.gz"),
    ("a\x00b\x1fc.tif", "a_b_c.tif"),
    ("..", "download"),
    ("", "download"),
    ("   ", "download"),
    ("name. ", "name"),
    ("résumé.tif", "résumé.tif"),
])
def test_safe_file_name(raw, expected):
    assert safe_file_name(raw) == expected


def test_safe_file_name_limits_length_and_keeps_extension():
    out = safe_file_name("x" * 500 + ".tif")
    assert out.endswith(".tif") and len(out.encode()) <= 180
    out = safe_file_name("é" * 300 + ".jp2")
    assert out.endswith(".jp2") and len(out.encode()) <= 180
    assert ".." not in safe_file_name("a..b....tif")


def test_parse_checksum_forms():
    digest = hashlib.sha256(b"x").digest()
    assert parse_checksum(digest.hex()) == ("sha256", digest)
    assert parse_checksum("1220" + digest.hex()) == ("sha256", digest)
    assert parse_checksum(hashlib.md5(b"x").hexdigest(), "MD5") == ("md5", hashlib.md5(b"x").digest())
    assert parse_checksum("") is None


def test_file_matches(tmp_path):
    p = tmp_path / "f.bin"
    p.write_bytes(b"abc")
    assert file_matches(p, 3, hashlib.sha256(b"abc").hexdigest())
    assert not file_matches(p, 3, hashlib.sha256(b"abd").hexdigest())
    assert not file_matches(p, 4)
    assert not file_matches(tmp_path / "missing", 3)


def _zip(path: Path, members: dict[str, bytes], symlink: str | None = None) -> Path:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, "/etc/passwd")
    return path


def test_safe_extract_zip_extracts_nested_files(tmp_path):
    z = _zip(tmp_path / "r.zip", {"out/B04.tif": b"1", "out/meta.xml": b"2", "dir/": b"", "a/CON.tif": b"3"})
    files = safe_extract_zip(z, tmp_path / "x")
    assert sorted(p.relative_to(tmp_path / "x").as_posix() for p in files) == ["a/_CON.tif", "out/B04.tif",
                                                                               "out/meta.xml"]
    assert (tmp_path / "x" / "out" / "B04.tif").read_bytes() == b"1"
    assert raster_files(files) == sorted([tmp_path / "x" / "a" / "_CON.tif", tmp_path / "x" / "out" / "B04.tif"])


@pytest.mark.parametrize("evil", ["../evil.txt", "ok/../../evil.txt", "/abs/evil.txt", "C:/evil.txt", "..\\evil.txt"])
def test_zip_slip_is_refused(tmp_path, evil):
    z = _zip(tmp_path / "r.zip", {"good.tif": b"1", evil: b"bad"})
    dest = tmp_path / "x"
    with pytest.raises(ProviderError, match="outside the download folder"):
        safe_extract_zip(z, dest)
    assert not (tmp_path / "evil.txt").exists()
    assert list(dest.rglob("*")) == []


def test_zip_symlink_is_refused(tmp_path):
    z = _zip(tmp_path / "r.zip", {"good.tif": b"1"}, symlink="link.tif")
    with pytest.raises(ProviderError, match="symbolic link"):
        safe_extract_zip(z, tmp_path / "x")
    assert list((tmp_path / "x").rglob("*")) == []


def test_bad_zip_is_a_provider_error(tmp_path):
    p = tmp_path / "r.zip"
    p.write_bytes(b"not a zip")
    with pytest.raises(ProviderError, match="not a readable zip"):
        safe_extract_zip(p, tmp_path / "x")


def test_raster_files_filters_and_sorts():
    got = raster_files(["b.TIF", "a.jp2", "c.xml", "d.vrt", "e.tiff", "f.zip"])
    assert got == [Path("a.jp2"), Path("b.TIF"), Path("d.vrt"), Path("e.tiff")]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=400))
def test_safe_file_name_properties(raw):
    out = safe_file_name(raw)
    assert out and out not in (".", "..") and ".." not in out
    assert not any(c in out for c in '/\\:<>"|?*') and all(ord(c) >= 32 and ord(c) != 127 for c in out)
    assert len(out.encode("utf-8")) <= 180
    assert out.split(".")[0].upper() not in {"CON", "PRN", "AUX", "NUL", "COM1", "LPT1"}
    assert out == out.strip(" .")
    assert safe_file_name(out) == out  # idempotent: a sanitised name is kept as it is
