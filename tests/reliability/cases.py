# SPDX-License-Identifier: GPL-2.0-or-later
"""One description per provider (and auth mode) for the reliability suite: how to build the client
against the sandbox, what an order request looks like, which path creates an order, how many orders the
sandbox holds, and a full user flow (list, search, submit, poll, results, download).

Why one table: the reliability properties (no duplicate orders, token renewal, clear errors, no leaked
secrets) must hold for EVERY provider; parametrising the tests over these cases makes a provider added
later fail loudly until it has a case here.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import requests

from eo_orders.providers.base import (
    ConnectionConfig,
    InputQuery,
    Order,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    Provider,
    ResultAsset,
)
from eo_orders.providers.download import download_asset
from eo_orders.providers.http import Transport, TransportSettings

USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
CAPELLA_KEY = "demo-capella-key"
ROME = {"type": "Polygon", "coordinates": [[[12.40, 41.85], [12.50, 41.85], [12.50, 41.93], [12.40, 41.93],
                                            [12.40, 41.85]]]}
START = datetime(2015, 1, 1, tzinfo=timezone.utc)
END = datetime(2030, 1, 1, tzinfo=timezone.utc)
PROSEO_REF = "S5P_OFFL_L1B_RA_BD4_20240501T100000_20240501T114130_33901_03_020100_20240501T120000.nc"
UP42_TASKING_OPTIONS = {
    "acquisitionStart": "2026-12-01T00:00:00Z", "acquisitionEnd": "2026-12-31T00:00:00Z",
    "acquisitionMode": "mono", "cloudCoverage": 10, "incidenceAngle": 20, "geometricProcessing": "ortho",
    "radiometricProcessing": "reflectance", "spectralProcessing": "bundle", "pixelCoding": "12bits",
    "deliveredAs": "geotiff", "projection": "4326",
}
UP42_ARCHIVE_ID = "DS_PHR1A_202406101003_FR1_PX_E012N41"


def transport(retries: int = 2, read_timeout: float = 30.0) -> Transport:
    """A transport whose back-off sleeps are recorded instead of slept (``transport.slept``)."""
    t = Transport(TransportSettings(retries=retries, backoff=0.01, max_backoff=5.0, read_timeout=read_timeout))
    slept: list[float] = []
    t.slept = slept  # type: ignore[attr-defined]
    t.sleep = slept.append
    return t


def _store_len(sandbox: Any, name: str, attr: str) -> int:
    store = sandbox.state.stores.get(name)
    if store is None:
        return 0
    value = store[attr] if isinstance(store, dict) else getattr(store, attr)
    return len(value)


def _first(items: list[Any], what: str) -> Any:
    usable = [i for i in items if "FAILME" not in getattr(i, "name", "")]
    assert usable, f"the sandbox has {what}"
    return usable[0]


@dataclass
class Case:
    """A provider (in one auth mode) as the reliability tests drive it."""

    id: str
    emulator: str
    #: the provider kind; by default the one the registry says the emulator serves
    kind: str = ""
    options: dict[str, Any] = field(default_factory=dict)
    username: str = USER
    secret: str = PASSWORD
    #: regex of the path that creates an order (fault rules target it)
    create_path: str = ""
    #: (label, call, path regex of the GET it makes) for the transport fault matrix
    reads: tuple[tuple[str, Callable[[Provider], Any], str], ...] = ()
    expiring_tokens: bool = False
    #: (sandbox) -> orders held by the emulator
    count: Callable[[Any], int] = lambda sandbox: 0
    #: (provider, name) -> an order request the emulator accepts
    request: Callable[[Provider, str], OrderRequest] | None = None
    #: (provider, sandbox, order) -> the order once finished (clock moved on, quotations accepted...)
    finish: Callable[[Provider, Any, Order], Order] | None = None
    #: (provider) -> something the catalogue search returns (None when the provider has no search)
    search: Callable[[Provider], Any] | None = None

    def __post_init__(self) -> None:
        from eo_orders.providers import kind_for_sandbox

        self.kind = self.kind or kind_for_sandbox(self.emulator)

    def make(self, sandbox: Any, *, secret: str | None = None, retries: int = 2, read_timeout: float = 30.0,
             urls: dict[str, str] | None = None) -> Provider:
        from eo_orders.providers import create_provider

        conn = ConnectionConfig(id=f"rel-{self.id}", name=f"{self.id} sandbox", kind=self.kind,
                                urls=urls or sandbox.connection_urls(self.emulator), username=self.username,
                                secret=self.secret if secret is None else secret, options=dict(self.options))
        return create_provider(conn, transport(retries, read_timeout))

    def __str__(self) -> str:
        return self.id


# ------------------------------------------------------------------------------------------------- CDSE

def _cdse_request(p: Provider, name: str) -> OrderRequest:
    grd = _first(p.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S",
                                            limit=5)).items, "S1 GRD products over Rome")
    wf = next(w for w in p.workflows() if w.name == "card_bs")
    return OrderRequest(workflow=wf, name=name, inputs=[grd.name])


def _advance_finish(seconds: float) -> Callable[[Provider, Any, Order], Order]:
    def finish(p: Provider, sandbox: Any, order: Order) -> Order:
        sandbox.state.clock.advance(seconds)
        return p.order(order.id)

    return finish


CDSE = Case(
    id="cdse", emulator="cdse", expiring_tokens=True,
    create_path=r"/odp/odata/v1/ProductionOrder/OData\.CSC\.Order$",
    reads=(("orders", lambda p: p.orders(OrderQuery(top=5)), r"/odp/odata/v1/ProductionOrders$"),
           ("workflows", lambda p: p.workflows(), r"/odp/odata/v1/Workflows$")),
    count=lambda sb: _store_len(sb, "cdse", "orders"),
    request=_cdse_request, finish=_advance_finish(3600),
    search=lambda p: p.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=3)),
)


# ------------------------------------------------------------------------------------------------ prosEO

def _proseo_request(p: Provider, name: str) -> OrderRequest:
    wf = next(w for w in p.workflows() if w.name == "S5P-L2-AER-RGB")
    return OrderRequest(workflow=wf, name=name, inputs=[PROSEO_REF], options={"ImageFormat": "GEOTIFF"})


def _proseo(mode: str) -> Case:
    return Case(
        id=f"proseo-{mode}", emulator="proseo", options={"mission": "S5P", "auth_mode": mode},
        expiring_tokens=mode == "token", create_path=r"/odip/odata/v1/ProductionOrder$",
        reads=(("orders", lambda p: p.orders(OrderQuery(top=5)), r"/odip/odata/v1/ProductionOrders$"),
               ("workflows", lambda p: p.workflows(), r"/odip/odata/v1/Workflows$")),
        count=lambda sb: _store_len(sb, "proseo", "orders"),
        request=_proseo_request, finish=_advance_finish(120),
    )


# ---------------------------------------------------------------------------------------------- CREODIAS

def _creodias_search(p: Provider) -> Any:
    return p.search_inputs(InputQuery(aoi=ROME, start=START, end=END, max_cloud_cover=60, limit=2))


def _creodias_request(p: Provider, name: str) -> OrderRequest:
    product = _first(_creodias_search(p).items, "S2 L1C products over Rome")
    wf = next(w for w in p.workflows() if w.id == "sen2cor")
    return OrderRequest(workflow=wf, name=name, inputs=[product.name])


CREODIAS = Case(
    id="creodias", emulator="creodias", expiring_tokens=True,
    create_path=r"/api/order/$",
    reads=(("orders", lambda p: p.orders(), r"/api/order/$"),
           ("search", _creodias_search, r"/odata/v1/Products$")),
    count=lambda sb: _store_len(sb, "creodias", "orders"),
    request=_creodias_request, finish=_advance_finish(3600), search=_creodias_search,
)


# -------------------------------------------------------------------------------------------------- UP42

def _up42_request(p: Provider, name: str) -> OrderRequest:
    wf = next(w for w in p.workflows() if w.kind == "tasking" and w.title.startswith("Pléiades –"))
    return OrderRequest(workflow=wf, name=name, aoi=ROME, options=dict(UP42_TASKING_OPTIONS))


def _up42_finish(p: Provider, sandbox: Any, order: Order) -> Order:
    """Tasking: feasibility, then a quotation the user accepts, then delivery."""
    cfg = sandbox.state.config
    for _ in range(6):
        sandbox.state.clock.advance(cfg.queued_seconds + 0.1)
        current = p.order(order.id)
        if current.sub_status == "QUOTATION_WAITING_RESPONSE":
            (quotation,) = p.quotations(order.id)  # type: ignore[attr-defined]
            p.decide_quotation(quotation["id"], True)  # type: ignore[attr-defined]
            break
    sandbox.state.clock.advance(cfg.queued_seconds + cfg.processing_seconds + 1)
    return p.order(order.id)


UP42 = Case(
    id="up42", emulator="up42", expiring_tokens=True, create_path=r"/v2/orders$",
    reads=(("orders", lambda p: p.orders(), r"/v2/orders$"),
           ("workflows", lambda p: p.workflows(), r"/v2/collections$")),
    count=lambda sb: _store_len(sb, "up42", "orders"),
    request=_up42_request, finish=_up42_finish,
)


# ----------------------------------------------------------------------------------------------- Capella

def _capella_search(p: Provider) -> Any:
    return p.search_inputs(InputQuery(aoi=ROME, start=datetime(2024, 1, 1, tzinfo=timezone.utc),
                                      end=datetime(2025, 1, 1, tzinfo=timezone.utc), product_type="GEO", limit=3))


def _capella_request(p: Provider, name: str) -> OrderRequest:
    geo = _first(_capella_search(p).items, "Capella GEO products over Rome")
    wf = next(w for w in p.workflows() if w.name == "GEO")
    return OrderRequest(workflow=wf, name=name, inputs=[geo.id])


def _capella(mode: str) -> Case:
    token = mode == "token"
    return Case(
        id=f"capella-{mode}", emulator="capella",
        options={"auth_mode": "token"} if token else {}, secret=PASSWORD if token else CAPELLA_KEY,
        username=USER if token else "", expiring_tokens=token, create_path=r"/capella/orders$",
        reads=(("orders", lambda p: p.orders(), r"/capella/orders$"),
               ("search", _capella_search, r"/capella/catalog/search$")),
        count=lambda sb: _store_len(sb, "capella", "orders"),
        request=_capella_request, finish=_advance_finish(60), search=_capella_search,
    )


CASES = [CDSE, _proseo("basic"), _proseo("token"), CREODIAS, UP42, _capella("api_key"), _capella("token")]
TOKEN_CASES = [c for c in CASES if c.expiring_tokens]


# --------------------------------------------------------------------------------------------- full flow

def fault(sandbox: Any, *rules: dict[str, Any]) -> None:
    """Switch fault rules on through the sandbox's admin endpoint (as a test script or the demo would)."""
    resp = requests.post(f"{sandbox.base_url}/_sandbox/faults", json=list(rules), timeout=10)
    assert resp.status_code == 200, resp.text


def download(p: Provider, asset: ResultAsset, dest: Path) -> Path:
    return download_asset(lambda offset: p.open_asset(asset, offset), dest, asset.file_name,
                          expected_size=asset.size, checksum=asset.checksum,
                          checksum_algorithm=asset.checksum_algorithm)


@dataclass
class FlowResult:
    order: Order
    assets: list[ResultAsset]
    files: list[Path]
    calls: int


def full_flow(case: Case, p: Provider, sandbox: Any, dest: Path, name: str, *, poll_seconds: float = 0.0,
              poll_interval: float = 0.4, journal: Any = None, max_files: int = 1,
              submit: Callable[[Provider, OrderRequest], Order] | None = None) -> FlowResult:
    """List, search, submit, poll (for ``poll_seconds`` of wall time), finish, results, download.

    Every provider call counts in ``calls``; any exception propagates (the callers count failures).
    """
    assert case.request is not None and case.finish is not None
    calls = 0
    p.orders()
    calls += 1
    if case.search is not None:
        assert case.search(p).items
        calls += 1
    request = case.request(p, name)
    row = journal.record_submit(case.kind, p.connection.id, request) if journal is not None else None
    order = submit(p, request) if submit is not None else p.submit(request)
    calls += 1
    if journal is not None:
        journal.record_submitted(row, order)
    deadline = time.monotonic() + poll_seconds
    while time.monotonic() < deadline:
        time.sleep(poll_interval)
        p.refresh_orders([order])
        p.orders(OrderQuery(top=5))
        calls += 2
    done = case.finish(p, sandbox, order)
    calls += 1
    assert done.status == OrderStatus.COMPLETED, (done.status, done.raw_status, done.sub_status, done.message)
    if journal is not None:
        journal.record_status(p.connection.id, done, case.kind)
    assets = p.results(done)
    calls += 1
    wanted = [a for a in assets if a.role in ("raster", "zip")] or assets
    assert wanted, "the finished order has results"
    files = [download(p, a, dest) for a in wanted[:max_files]]
    calls += len(files)
    if journal is not None:
        journal.record_download(p.connection.id, done.id, files)
    return FlowResult(done, assets, files, calls)
