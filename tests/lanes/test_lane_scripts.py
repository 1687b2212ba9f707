# SPDX-License-Identifier: GPL-2.0-or-later
"""The QGIS lane scripts (scripts/lanes/) fail loudly, by lane name, and count honestly.

A lane that cannot reach Debian's archive must fail CI, never pass by running nothing; these tests
point the scripts at archives of our own on 127.0.0.1 (one that answers 404 to everything, one that
refuses connections), so nothing is downloaded or built.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LANES = ROOT / "scripts" / "lanes"


class _NotAnArchive(BaseHTTPRequestHandler):
    """Answers 404 to every request and remembers the paths asked for."""

    seen: list[str] = []

    def do_GET(self) -> None:  # noqa: N802 - the http.server API
        self.seen.append(self.path)
        self.send_response(404)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *args) -> None:
        pass


@pytest.fixture()
def empty_archive():
    _NotAnArchive.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _NotAnArchive)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/debian", _NotAnArchive.seen
    server.shutdown()
    server.server_close()


@pytest.fixture()
def refused_url():
    """A loopback URL whose port nobody listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"http://127.0.0.1:{port}/debian"


def run_script(name: str, *args: str, cache: Path, mirror: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, EO_LANES_CACHE=str(cache), EO_LANES_MIRROR=mirror)
    return subprocess.run(["bash", str(LANES / name), *args], capture_output=True, text=True, env=env,
                          timeout=300, stdin=subprocess.DEVNULL)


def test_an_archive_without_the_suite_fails_the_lane_by_name(tmp_path, empty_archive):
    mirror, seen = empty_archive
    proc = run_script("lane.sh", "3.44", cache=tmp_path / "cache", mirror=mirror)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f"qgis-3.44: LANE FAILED: the Debian archive {mirror} cannot be reached or has no trixie" in proc.stderr
    assert seen == ["/debian/dists/trixie/Release"]
    assert not list((tmp_path / "cache").glob("3.44-*")), "no chroot may be left behind"


def test_an_unreachable_archive_fails_the_lane_by_name(tmp_path, refused_url):
    proc = run_script("lane.sh", "3.40", cache=tmp_path / "cache", mirror=refused_url)
    assert proc.returncode == 1
    assert f"qgis-3.40: LANE FAILED: the Debian archive {refused_url} cannot be reached" in proc.stderr


def test_an_unknown_lane_is_refused(tmp_path, refused_url):
    proc = run_script("lane.sh", "4.0", cache=tmp_path / "cache", mirror=refused_url)
    assert proc.returncode == 2
    assert "qgis-4.0: unknown lane (known: 3.22 3.40 3.44)" in proc.stderr


def test_the_matrix_runs_every_lane_and_fails_when_one_failed(tmp_path, empty_archive):
    mirror, seen = empty_archive
    proc = run_script("matrix.sh", "3.40", "3.44", cache=tmp_path / "cache", mirror=mirror)
    assert proc.returncode == 1
    assert seen == ["/debian/dists/bookworm/Release", "/debian/dists/trixie/Release"], "both lanes were tried"
    summary = proc.stdout.split("== QGIS lanes ==", 1)[1].strip().splitlines()
    assert [line.split(":")[0] for line in summary] == ["qgis-3.40", "qgis-3.44"]
    assert all("FAILED (exit 1)" in line for line in summary)


def test_the_closing_line_counts_a_real_pytest_report(tmp_path):
    """summary.py reads pytest's JUnit XML: errors count as failures, skips are named apart."""
    planted = tmp_path / "test_planted.py"
    planted.write_text(textwrap.dedent("""
        import pytest

        @pytest.fixture()
        def broken():
            raise RuntimeError("setup fails")

        def test_ok_1():
            pass

        def test_ok_2():
            pass

        def test_fails():
            assert 1 == 2

        def test_errors(broken):
            pass

        def test_skipped():
            pytest.skip("planted")
    """), encoding="utf-8")
    (tmp_path / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    report = tmp_path / "report.xml"
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-c",
                          str(tmp_path / "pytest.ini"), f"--junitxml={report}", str(planted)],
                         capture_output=True, text=True, cwd=tmp_path, timeout=300)
    assert run.returncode == 1, run.stdout + run.stderr
    line = subprocess.run([sys.executable, str(LANES / "summary.py"), str(report)], capture_output=True,
                          text=True, check=True, timeout=60).stdout.strip()
    assert line == "2 passed, 2 failed, 1 skipped"
    both = subprocess.run([sys.executable, str(LANES / "summary.py"), str(report), str(report)],
                          capture_output=True, text=True, check=True, timeout=60).stdout.strip()
    assert both == "4 passed, 4 failed, 2 skipped"
