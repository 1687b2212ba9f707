# SPDX-License-Identifier: GPL-2.0-or-later
"""Large downloads through the sandbox's file route while the fault injector breaks the body.

A 200 MB body (generated once per session) loses its connection three times, once as a chunked reply
that every client detects and twice as a short body under a Content-Length (urllib3 1.26 returns those
silently): ``download_asset`` resumes each time with ``Range`` and ends with identical bytes (MD5).
A server that ignores the range makes it restart cleanly; a cancel leaves no file behind.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from eo_orders.providers.base import ProviderError
from eo_orders.providers.download import DownloadCancelled, download_asset, partial_path
from sandbox import files, rasters
from tests.reliability.cases import fault, transport

MB = 1 << 20
BIG = 200 * MB
SMALL = 24 * MB


@pytest.fixture(scope="session")
def blobs(tmp_path_factory) -> dict[str, dict]:
    """The test bodies, written once per session (make_big_file also reuses an identical file)."""
    folder = tmp_path_factory.mktemp("reliability-blobs")
    return {"big": rasters.make_big_file(folder / "big.bin", BIG, seed=6),
            "small": rasters.make_big_file(folder / "small.bin", SMALL, seed=7)}


def _serve(sandbox, info: dict) -> tuple[str, str]:
    """(absolute URL, path regex) of ``info``'s file on the sandbox's Range-capable file route."""
    with sandbox.app.app_context():
        path = files.register_file(info["path"])
    return sandbox.base_url + path, path.replace(".", r"\.") + "$"


class Opener:
    """``open_fn`` for download_asset over the plugin's Transport; records each request's Range header."""

    def __init__(self, url: str, if_range: str = "") -> None:
        self.url, self.if_range = url, if_range
        self.transport = transport()
        self.sent: list[tuple[str | None, int]] = []

    def __call__(self, offset: int):
        headers = {"Range": f"bytes={offset}-"} if offset else {}
        if offset and self.if_range:
            headers["If-Range"] = self.if_range  # a validator the server does not match: it sends all
        resp = self.transport.request("GET", self.url, headers=headers, stream=True)
        self.sent.append((headers.get("Range"), resp.status_code))
        return resp


def _md5(path: Path) -> str:
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(8 * MB), b""):
            h.update(block)
    return h.hexdigest()


def test_three_drops_in_a_200_mb_body_give_identical_bytes(sandbox, blobs, tmp_path):
    info = blobs["big"]
    url, path = _serve(sandbox, info)
    fault(sandbox,
          {"method": "GET", "path": path, "action": "drop_body_at", "bytes": 70 * MB, "times": 1},
          {"method": "GET", "path": path, "action": "drop_body_at", "bytes": 50 * MB, "chunked": True, "times": 1},
          {"method": "GET", "path": path, "action": "drop_body_at", "bytes": 30 * MB, "times": 1})
    opener = Opener(url)
    out = download_asset(opener, tmp_path, "big.bin", expected_size=BIG, checksum=info["md5"],
                         checksum_algorithm="md5", chunk_size=4 * MB)
    assert len(sandbox.app.extensions["faults"].hits) == 3, "three drops were injected"
    assert [r for r, _ in opener.sent] == [None, f"bytes={70 * MB}-", f"bytes={120 * MB}-", f"bytes={150 * MB}-"]
    assert [s for _, s in opener.sent] == [200, 206, 206, 206], "resumed, never restarted"
    assert out.stat().st_size == BIG and _md5(out) == info["md5"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.bin"], "no .part left"


def test_server_ignoring_range_restarts_cleanly(sandbox, blobs, tmp_path):
    info = blobs["small"]
    url, path = _serve(sandbox, info)
    fault(sandbox, {"method": "GET", "path": path, "action": "drop_body_at", "bytes": 5 * MB, "times": 1})
    opener = Opener(url, if_range='"not-the-current-etag"')
    out = download_asset(opener, tmp_path, "small.bin", expected_size=SMALL, checksum=info["md5"],
                         checksum_algorithm="md5")
    assert opener.sent == [(None, 200), (f"bytes={5 * MB}-", 200)], "the server sent the whole file again"
    assert _md5(out) == info["md5"] and out.stat().st_size == SMALL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["small.bin"]


def test_drops_beyond_the_resume_budget_keep_the_part_for_a_later_resume(sandbox, blobs, tmp_path):
    info = blobs["small"]
    url, path = _serve(sandbox, info)
    fault(sandbox, {"method": "GET", "path": path, "action": "drop_body_at", "bytes": 2 * MB, "times": 6})
    with pytest.raises(ProviderError) as err:
        download_asset(Opener(url), tmp_path, "small.bin", expected_size=SMALL, checksum=info["md5"],
                       checksum_algorithm="md5", max_resumes=5)
    assert "Try again later" in str(err.value)
    part = partial_path(tmp_path, "small.bin")
    assert part.stat().st_size == 12 * MB, "the bytes received so far are kept"
    assert not (tmp_path / "small.bin").exists(), "no half file under the final name"
    # later (the network is back): the download resumes from the kept part instead of starting over
    opener = Opener(url)
    out = download_asset(opener, tmp_path, "small.bin", expected_size=SMALL, checksum=info["md5"],
                         checksum_algorithm="md5")
    assert opener.sent == [(f"bytes={12 * MB}-", 206)]
    assert _md5(out) == info["md5"] and not part.exists()


def test_cancel_leaves_no_files(sandbox, blobs, tmp_path):
    info = blobs["big"]
    url, path = _serve(sandbox, info)
    fault(sandbox, {"method": "GET", "path": path, "action": "drop_body_at", "bytes": 4 * MB, "times": 1})
    got = {"bytes": 0}

    def progress(done: int, total: int | None) -> None:
        got["bytes"] = done

    with pytest.raises(DownloadCancelled):
        download_asset(Opener(url), tmp_path, "big.bin", expected_size=BIG, checksum=info["md5"],
                       checksum_algorithm="md5", progress=progress, is_cancelled=lambda: got["bytes"] >= 10 * MB)
    assert 10 * MB <= got["bytes"] < BIG, "cancelled after the resume, mid-body"
    assert list(tmp_path.iterdir()) == [], "cancel leaves neither the .part nor a final file"
