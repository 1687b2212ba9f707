# SPDX-License-Identifier: GPL-2.0-or-later
"""Quicklooks: fetched in real background tasks from the sandbox (CDSE OData Assets, Capella STAC
thumbnails) and from a small hostile server of our own, cached on disk (bounded), shown as thumbnails
in the inputs table and in a preview."""

from __future__ import annotations

import time
from datetime import datetime, timezone

import pytest
from flask import Flask, Response
from osgeo import gdal
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QPixmap
from qgis.PyQt.QtTest import QAbstractItemModelTester
from qgis.PyQt.QtWidgets import QTableView

from eo_orders.core.quicklooks import QuicklookCache, QuicklookLoader, fetch_quicklook
from eo_orders.core.tasks import TaskRunner
from eo_orders.providers.base import ConnectionConfig, InputProduct, InputQuery, ProviderError
from eo_orders.providers.capella import CapellaProvider
from eo_orders.providers.cdse_odp import CdseOdpProvider
from eo_orders.providers.creodias_finder import CreodiasFinderProvider
from eo_orders.providers.http import Transport, TransportSettings
from eo_orders.ui.models import InputsModel
from eo_orders.ui.quicklook_view import QuicklookPreview, QuicklookProxyModel, install_quicklooks
from tests.helpers.local_app import served

ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}
USER, PASSWORD = "demo@example.com", "demo-Pa55 &=%é word"


def png_bytes(tmp_path, size: int = 200, value: int = 90) -> bytes:
    """A real PNG written by GDAL."""
    mem = gdal.GetDriverByName("MEM").Create("", size, size // 2, 1, gdal.GDT_Byte)
    mem.GetRasterBand(1).Fill(value)
    path = tmp_path / f"ql_{size}_{value}.png"
    gdal.GetDriverByName("PNG").CreateCopy(str(path), mem)
    return path.read_bytes()


@pytest.fixture()
def runner(qgis_app):
    r = TaskRunner()
    yield r
    r.cancel_all()


@pytest.fixture()
def hostile(tmp_path):
    """A server with one good quicklook (hits counted) and the ways a quicklook link goes wrong."""
    good = png_bytes(tmp_path)
    hits = {"good": 0}
    app = Flask("hostile-quicklooks")

    @app.get("/good.png")
    def good_png():
        hits["good"] += 1
        return Response(good, mimetype="image/png")

    @app.get("/page.png")
    def html():
        return Response("<html>login</html>", mimetype="text/html")

    @app.get("/garbage.png")
    def garbage():
        return Response(b"\x89PNG but not really", mimetype="image/png")

    @app.get("/huge.png")
    def huge():
        def body():
            chunk = b"\0" * (1 << 20)
            for _ in range(64):  # 64 MiB, without a Content-Length
                yield chunk
        return Response(body(), mimetype="image/png")

    @app.get("/missing.png")
    def missing():
        return Response("gone", status=404)

    with served(app) as base:
        yield base, hits


def product(pid: str, url: str | None) -> InputProduct:
    return InputProduct(id=pid, name=f"product {pid}", quicklook_url=url,
                        sensing_start=datetime(2024, 1, 5, tzinfo=timezone.utc))


def transport() -> Transport:
    return Transport(TransportSettings(retries=0, backoff=0.01))


def collect(loader: QuicklookLoader) -> tuple[list[str], dict[str, str]]:
    ready: list[str] = []
    failed: dict[str, str] = {}
    loader.thumbnailReady.connect(ready.append)
    loader.thumbnailFailed.connect(lambda pid, msg: failed.__setitem__(pid, msg))
    return ready, failed


def wait(runner: TaskRunner, loader: QuicklookLoader) -> None:
    deadline = time.monotonic() + 60
    while loader.busy and time.monotonic() < deadline:
        runner.wait_idle(5)
    assert not loader.busy


def load_all(runner: TaskRunner, prov, items: list[InputProduct], cache_dir) -> tuple[list[str], dict[str, str]]:
    """Every item's quicklook through a fresh loader over ``prov``'s transport, waited for: (ready, failed)."""
    loader = QuicklookLoader(runner, QuicklookCache(cache_dir), prov.transport)
    ready, failed = collect(loader)
    loader.request(items)
    wait(runner, loader)
    return ready, failed


def test_cdse_quicklooks_from_the_sandbox_load_in_the_background_and_are_cached(sandbox, runner, tmp_path):
    conn = ConnectionConfig(id="t", name="CDSE", kind="cdse_odp", urls=sandbox.connection_urls("cdse"),
                            username=USER, secret=PASSWORD)
    prov = CdseOdpProvider(conn, transport())
    page = prov.search_inputs(InputQuery(aoi=ROME, start=datetime(2015, 1, 1, tzinfo=timezone.utc),
                                         end=datetime(2030, 1, 1, tzinfo=timezone.utc), limit=8))
    items = [p for p in page.items if p.quicklook_url]
    assert len(items) >= 4, "the sandbox catalogue offers quicklooks like the real one"
    cache = QuicklookCache(tmp_path / "cache")
    loader = QuicklookLoader(runner, cache, prov.transport)
    ready, failed = collect(loader)
    assert loader.request(items) == len(items)
    assert loader.request(items) == 0  # already on the way: not fetched twice
    wait(runner, loader)
    assert failed == {} and sorted(ready) == sorted(p.id for p in items)
    for p in items:
        image = loader.thumbnail(p.id)
        assert image is not None and not image.isNull()
        assert max(image.width(), image.height()) == 64
    assert len(list((tmp_path / "cache").glob("*.ql"))) == len(items)

    # a new loader (a restarted QGIS) gets them from the disk cache: no request reaches the server
    counted = transport()
    offline = QuicklookLoader(runner, cache, counted)
    ready2, failed2 = collect(offline)
    offline.request([InputProduct(id=p.id, name=p.name, quicklook_url=p.quicklook_url) for p in items])
    wait(runner, offline)
    assert failed2 == {} and len(ready2) == len(items)
    assert counted.request_count == 0
    assert prov.transport.request_count > len(items)  # the first loader did fetch them
    prov.close()


def test_creodias_quicklooks_from_the_sandbox(sandbox, runner, tmp_path):
    conn = ConnectionConfig(id="t", name="CREODIAS", kind="creodias_finder",
                            urls=sandbox.connection_urls("creodias"), username=USER, secret=PASSWORD)
    prov = CreodiasFinderProvider(conn, transport())
    page = prov.search_inputs(InputQuery(aoi=ROME, start=datetime(2015, 1, 1, tzinfo=timezone.utc),
                                         end=datetime(2030, 1, 1, tzinfo=timezone.utc), limit=4))
    items = [p for p in page.items if p.quicklook_url]
    assert items and all("/creodias/" in p.quicklook_url for p in items)
    ready, failed = load_all(runner, prov, items, tmp_path / "c")
    assert failed == {} and len(ready) == len(items)


def test_capella_thumbnails_from_the_sandbox(sandbox, runner, tmp_path):
    conn = ConnectionConfig(id="t", name="Capella", kind="capella", urls=sandbox.connection_urls("capella"),
                            secret="demo-capella-key")
    prov = CapellaProvider(conn, transport())
    page = prov.search_inputs(InputQuery(aoi=ROME, start=datetime(2024, 1, 1, tzinfo=timezone.utc),
                                         end=datetime(2025, 1, 1, tzinfo=timezone.utc), limit=5))
    items = [p for p in page.items if p.quicklook_url]
    assert items and all("?" not in p.quicklook_url for p in items)  # plain URLs, no signature to leak
    ready, failed = load_all(runner, prov, items, tmp_path / "c")
    assert failed == {} and len(ready) == len(items)


def test_hostile_quicklooks_fail_cleanly_and_good_ones_are_fetched_once(hostile, runner, tmp_path):
    base, hits = hostile
    products = [product("good", f"{base}/good.png"), product("html", f"{base}/page.png"),
                product("garbage", f"{base}/garbage.png"), product("huge", f"{base}/huge.png"),
                product("missing", f"{base}/missing.png"), product("file", "file:///etc/passwd"),
                product("none", None)]
    cache = QuicklookCache(tmp_path / "cache")
    loader = QuicklookLoader(runner, cache, transport())
    ready, failed = collect(loader)
    assert loader.request(products) == 6  # the product without a link is not queued
    wait(runner, loader)
    assert ready == ["good"]
    assert set(failed) == {"html", "garbage", "huge", "missing", "file"}
    assert "not an image (text/html)" in failed["html"]
    assert "not an image Qt can read" in failed["garbage"]
    assert "larger than" in failed["huge"]
    assert "http(s)" in failed["file"]
    assert all(isinstance(m, str) and m for m in failed.values())
    assert loader.request(products) == 0  # failures are not retried in a loop
    assert cache.get(f"{base}/huge.png") is None and cache.get(f"{base}/page.png") is None

    again = QuicklookLoader(runner, cache, transport())
    ready2, _ = collect(again)
    again.request([product("good", f"{base}/good.png")])
    wait(runner, again)
    assert ready2 == ["good"] and hits["good"] == 1


def test_fetch_refuses_a_declared_oversize_before_reading(hostile, tmp_path):
    base, _ = hostile
    with pytest.raises(ProviderError, match="larger than|too large"):
        fetch_quicklook(f"{base}/huge.png", transport(), max_bytes=1000)
    assert len(fetch_quicklook(f"{base}/good.png", transport())) > 0


def test_disk_cache_stays_under_its_bound_oldest_out(tmp_path):
    cache = QuicklookCache(tmp_path / "c", max_bytes=10_000)
    for i in range(6):
        cache.put(f"https://example.com/{i}.png", bytes([i]) * 3000)
        time.sleep(0.01)  # distinct modification times
    assert cache.size() <= 10_000
    assert cache.get("https://example.com/5.png") == bytes([5]) * 3000
    assert cache.get("https://example.com/0.png") is None


def test_inputs_table_shows_thumbnails_and_the_preview_shows_the_picture(hostile, runner, tmp_path):
    base, hits = hostile
    items = [product("good", f"{base}/good.png"), product("none", None), product("bad", f"{base}/page.png")]
    model = InputsModel()
    model.set_items(items)
    loader = QuicklookLoader(runner, QuicklookCache(tmp_path / "cache"), transport())
    proxy = QuicklookProxyModel(loader)
    proxy.setSourceModel(model)
    QAbstractItemModelTester(proxy, QAbstractItemModelTester.FailureReportingMode.Fatal)
    view = QTableView()
    view.setModel(proxy)
    install_quicklooks(view)
    assert view.iconSize().width() == 32 and view.verticalHeader().defaultSectionSize() >= 34
    changed: list[int] = []
    proxy.dataChanged.connect(lambda a, b, roles: changed.append(a.row()))
    preview = QuicklookPreview(loader)
    preview.resize(300, 200)

    assert proxy.index(0, 0).data(Qt.ItemDataRole.DecorationRole) is None  # asked: now on its way
    preview.show_product(items[0])
    # the thumbnail fetch started above may already have filled the cache (a fast worker): then the
    # picture shows at once; otherwise the preview says it is on its way
    shown_at_once = preview.pixmap() is not None and not preview.pixmap().isNull()
    assert shown_at_once or "Loading" in preview.text()
    wait(runner, loader)
    icon = proxy.index(0, 0).data(Qt.ItemDataRole.DecorationRole)
    assert isinstance(icon, QPixmap) and not icon.isNull() and icon.width() == 64 and icon.height() == 32
    assert proxy.index(1, 0).data(Qt.ItemDataRole.DecorationRole) is None
    assert "offers no quicklook" in proxy.index(1, 0).data(Qt.ItemDataRole.ToolTipRole)
    proxy.index(2, 0).data(Qt.ItemDataRole.DecorationRole)
    wait(runner, loader)
    assert "no quicklook: " in proxy.index(2, 0).data(Qt.ItemDataRole.ToolTipRole)
    assert 0 in changed and 2 in changed
    assert proxy.index(0, 0).data(Qt.ItemDataRole.DisplayRole) == "product good"  # the rest passes through
    # the preview filled itself when the picture arrived, larger than the thumbnail
    assert preview.pixmap() is not None and preview.pixmap().width() > 64
    preview.show_product(items[1])
    assert "offers no quicklook" in preview.text()
    assert hits["good"] == 1
