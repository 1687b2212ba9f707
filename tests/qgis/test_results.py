# SPDX-License-Identifier: GPL-2.0-or-later
"""download_results_work against the CDSE sandbox: real orders, real zips with real GeoTIFFs, real HTTP."""

from __future__ import annotations

import hashlib
from datetime import datetime, timezone
from pathlib import Path

import pytest
from qgis.core import QgsProject, QgsSettings

from eo_orders.core.layers import add_result_layers
from eo_orders.core.results import DownloadResult, default_download_root, download_results_work
from eo_orders.core.tasks import TaskRunner
from eo_orders.providers.base import ConnectionConfig, InputQuery, OrderRequest, OrderStatus
from eo_orders.providers.cdse_odp import CdseOdpProvider
from eo_orders.providers.download import DownloadCancelled
from eo_orders.providers.http import Transport, TransportSettings

USER, PASSWORD = "demo@example.com", "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}


@pytest.fixture()
def provider(sandbox):
    conn = ConnectionConfig(id="c1", name="CDSE sandbox", kind="cdse_odp", urls=sandbox.connection_urls("cdse"),
                            username=USER, secret=PASSWORD)
    p = CdseOdpProvider(conn, Transport(TransportSettings(retries=1, backoff=0.01)))
    yield p
    p.close()


def completed_order(sandbox, provider, name: str, count: int = 1):
    page = provider.search_inputs(InputQuery(aoi=ROME, start=datetime(2015, 1, 1, tzinfo=timezone.utc),
                                             end=datetime(2030, 1, 1, tzinfo=timezone.utc), product_type="IW_GRDH_1S"))
    inputs = [p.name for p in page.items if "FAILME" not in p.name][:count]
    wf = next(w for w in provider.workflows() if w.name == "card_bs")
    order = provider.submit(OrderRequest(workflow=wf, name=name, inputs=inputs))
    sandbox.state.clock.advance(7200)
    done = provider.order(order.id)
    assert done.status == OrderStatus.COMPLETED
    return done


class Recorder:
    """Stands in for the QgsTask when the work runs synchronously (as the benchmark does)."""

    def __init__(self, cancel_after: int | None = None) -> None:
        self.progress: list[float] = []
        self.cancel_after = cancel_after

    def isCanceled(self) -> bool:
        return self.cancel_after is not None and len(self.progress) >= self.cancel_after

    def setProgress(self, value: float) -> None:
        self.progress.append(value)


def value_requests(sandbox) -> int:
    return sum(1 for _, path in sandbox.state.requests if path.endswith("/$value"))


def test_download_in_a_task_then_layers(sandbox, provider, tmp_path, qgis_new_project):
    order = completed_order(sandbox, provider, "rome/backscatter 1")
    [asset] = provider.results(order)
    runner = TaskRunner()
    got: list[DownloadResult] = []
    errors = []
    runner.start("Download", download_results_work(provider, order, tmp_path), on_done=got.append,
                 on_error=errors.append)
    assert runner.wait_idle(120)
    assert errors == [] and len(got) == 1
    result = got[0]
    assert result.folder == tmp_path / "rome_backscatter 1"
    zip_path = result.folder / asset.file_name
    assert result.files[0] == zip_path
    assert hashlib.md5(zip_path.read_bytes()).hexdigest() == asset.checksum
    assert zip_path.stat().st_size == asset.size
    assert len(result.rasters) == 1 and result.rasters[0].is_relative_to(result.folder / zip_path.stem)
    assert not list(tmp_path.rglob("*.part"))
    layers = add_result_layers(result.rasters, order.name)
    # VV and VH in dB plus VV − VH: the dual-polarisation false-colour composite (core/result_styles.py)
    assert len(layers) == 1 and layers[0].isValid() and layers[0].bandCount() == 3
    assert layers[0].crs().authid() == "EPSG:32633"
    assert QgsProject.instance().layerTreeRoot().findGroup(order.name) is not None
    QgsProject.instance().clear()


def test_batch_progress_is_monotonic_and_second_run_skips(sandbox, provider, tmp_path):
    order = completed_order(sandbox, provider, "batch", count=2)
    assets = provider.results(order)
    assert len(assets) == 2
    rec = Recorder()
    result = download_results_work(provider, order, tmp_path)(rec)
    zips = [f for f in result.files if f.suffix == ".zip"]
    assert len(zips) == 2 and len({z.name for z in zips}) == 2
    assert len(result.rasters) == 2
    assert rec.progress == sorted(rec.progress) and rec.progress[-1] == pytest.approx(100.0)
    before = value_requests(sandbox)
    again = download_results_work(provider, order, tmp_path)(None)
    assert value_requests(sandbox) == before, "complete files are not downloaded twice"
    assert sorted(again.skipped) == sorted(z.name for z in zips)
    assert again.rasters == result.rasters


def test_cancel_leaves_no_partial_file(sandbox, provider, tmp_path):
    order = completed_order(sandbox, provider, "cancel me")
    [asset] = provider.results(order)
    assert asset.size and asset.size > 2 * 65536, "the result must span several chunks for this test"
    work = download_results_work(provider, order, tmp_path, chunk_size=65536)
    rec = Recorder(cancel_after=1)
    with pytest.raises(DownloadCancelled):
        work(rec)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_cancel_through_the_task_runner_calls_nothing_back(sandbox, provider, tmp_path):
    order = completed_order(sandbox, provider, "cancelled task")
    runner = TaskRunner()
    calls: list[object] = []
    task = runner.start("Download", download_results_work(provider, order, tmp_path), on_done=calls.append,
                        on_error=calls.append)
    task.cancel()
    assert runner.wait_idle(60)
    assert calls == []
    assert not list(tmp_path.rglob("*.part"))


def test_unfinished_order_downloads_nothing(sandbox, provider, tmp_path):
    order = completed_order(sandbox, provider, "later")
    queued = order.with_status(OrderStatus.QUEUED)
    result = download_results_work(provider, queued, tmp_path)(None)
    assert result.files == [] and result.rasters == []


def test_default_download_root(tmp_path):
    settings = QgsSettings()
    settings.remove("eo_orders/download_dir")
    assert default_download_root() == Path.home() / "EO Orders downloads"
    settings.setValue("eo_orders/download_dir", str(tmp_path / "dl"))
    try:
        assert default_download_root() == tmp_path / "dl"
    finally:
        settings.remove("eo_orders/download_dir")


def test_dropped_connections_resume_to_the_verified_file(sandbox, provider, tmp_path):
    """The sandbox cuts the result body three times; the download resumes with Range and the MD5 matches."""
    import requests

    order = completed_order(sandbox, provider, "flaky")
    [asset] = provider.results(order)
    rule = {"method": "GET", "path": r"/\$value$", "action": "drop_body_at", "bytes": 40_000, "times": 3}
    assert requests.post(sandbox.base_url + "/_sandbox/faults", json=rule, timeout=10).ok
    result = download_results_work(provider, order, tmp_path, chunk_size=16384)(None)
    zip_path = result.folder / asset.file_name
    assert hashlib.md5(zip_path.read_bytes()).hexdigest() == asset.checksum
    assert value_requests(sandbox) == 4
    assert len(result.rasters) == 1
