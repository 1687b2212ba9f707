# SPDX-License-Identifier: GPL-2.0-or-later
"""CDSE On-Demand Processing: the provider client against the strict sandbox emulator over real HTTP,
plus contract tests that feed real captured replies through the client's parsers."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import datetime, timezone

import pytest
import requests

from eo_orders.providers import cdse_odp
from eo_orders.providers.base import (
    AuthError,
    ConnectionConfig,
    InputQuery,
    NotFoundError,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    ProviderError,
    ValidationError,
)
from eo_orders.providers.cdse_odp import CdseOdpProvider
from eo_orders.providers.http import Transport, TransportSettings

USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}
#: far from every sandbox product (the catalogue lies around Rome)
NOWHERE = {"type": "Polygon", "coordinates": [[[-40.0, -10.0], [-39.0, -10.0], [-39.0, -9.0], [-40.0, -10.0]]]}
START = datetime(2015, 1, 1, tzinfo=timezone.utc)
END = datetime(2030, 1, 1, tzinfo=timezone.utc)


def make_provider(sandbox, password: str = PASSWORD, **options) -> CdseOdpProvider:
    conn = ConnectionConfig(id="t", name="CDSE sandbox", kind="cdse_odp", urls=sandbox.connection_urls("cdse"),
                            username=USER, secret=password, options=options)
    transport = Transport(TransportSettings(retries=1, backoff=0.01, read_timeout=60))
    return CdseOdpProvider(conn, transport)


@pytest.fixture()
def provider(sandbox):
    p = make_provider(sandbox)
    yield p
    p.close()


def advance(sandbox, seconds: float = 3600) -> None:
    sandbox.state.clock.advance(seconds)


def api(sandbox, path: str) -> str:
    return sandbox.connection_urls("cdse")["api"] + path


def products_of(provider, product_type: str, limit: int = 50):
    page = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type=product_type, limit=limit))
    usable = [p for p in page.items if "FAILME" not in p.name]
    assert usable, f"the sandbox catalogue has {product_type} products over Rome"
    return usable


def workflow(provider, name: str):
    return next(w for w in provider.workflows() if w.name == name)


# ------------------------------------------------------------------------------------------ identity

def test_short_tokens_are_refreshed_through_a_longer_flow_without_failure(sandbox, provider):
    sandbox.state.config.token_lifetime = 2
    grd = products_of(provider, "IW_GRDH_1S")[0]
    card_bs = workflow(provider, "card_bs")
    failures = []
    for i in range(3):
        try:
            order = provider.submit(OrderRequest(workflow=card_bs, name=f"refresh-{i}", inputs=[grd.name]))
            time.sleep(1.5)  # past the renewal point of a 2 s token: the next call must refresh first
            assert provider.order(order.id).id == order.id
            provider.orders(OrderQuery(top=5))
            time.sleep(1.5)
        except ProviderError as exc:  # pragma: no cover - the assertion below reports it
            failures.append(exc)
    assert failures == []
    assert provider.auth.logins == 1, "renewed with the refresh token, not by logging in again"
    assert sandbox.state.tokens.issued >= 6  # one login + a refresh after each of the 5 pauses followed by a call


def test_a_token_revoked_by_the_server_is_renewed_once_and_the_call_succeeds(sandbox, provider):
    provider.workflows()
    sandbox.state.tokens.revoke(provider.auth._token)
    assert [w.name for w in provider.workflows()]
    assert provider.auth.logins == 1


def test_wrong_password_gives_a_clear_auth_error_without_the_password(sandbox):
    bad = "wrong-Pa55 &=% secret"
    p = make_provider(sandbox, password=bad)
    with pytest.raises(AuthError) as err:
        p.workflows()
    text = str(err.value)
    assert "Login refused" in text and "password" in text.lower()
    assert bad not in text and "secret" not in text


def test_totp_is_sent_when_configured(sandbox):
    sandbox.state.config.totp = {USER: "123456"}
    with pytest.raises(AuthError):
        make_provider(sandbox).workflows()
    assert make_provider(sandbox, totp="123456").workflows()


# ------------------------------------------------------------------------------------------ workflows

def test_workflows_and_filters(provider):
    names = {w.name for w in provider.workflows()}
    assert {"card_bs", "card_coh12_public", "s2_l2a_ndvi"} <= names
    assert {w.name for w in provider.workflows("card")} == {"card_bs", "card_coh12_public"}
    assert [w.name for w in provider.workflows("InputProductType eq 'S2MSI2A'")] == ["s2_l2a_ndvi",
                                                                                   "Sentinel-2-L0-S2MSI2A"]
    assert [w.name for w in provider.workflows("contains(InputProductType,'SLC')")] == ["card_coh12_public"]
    assert provider.workflows("no-such-workflow") == []


def test_card_bs_options_schema_has_the_dem_enum(provider):
    wf = workflow(provider, "card_bs")
    dem = wf.options_schema["properties"]["DEM"]
    assert dem["enum"] == ["coarse", "getasse30v1", "getasse30v2"]
    assert dem["default"] == "getasse30v1"
    assert wf.options_schema["properties"]["output_storage"]["enum"] == ["TEMPORARY"]
    assert "IW_GRDH_1S" in wf.input_product_types and wf.output_product_type == "CARD-BS"
    ndvi = workflow(provider, "s2_l2a_ndvi").options_schema["properties"]
    assert ndvi["resolution"]["type"] == "integer" and ndvi["cloud_mask"]["type"] == "boolean"


def test_invalid_options_are_refused_before_sending(sandbox, provider):
    wf = workflow(provider, "card_bs")
    before = len(sandbox.state.requests)
    with pytest.raises(ValidationError) as err:
        provider.submit(OrderRequest(workflow=wf, name="bad", inputs=["X"], options={"DEM": "srtm"}))
    assert "DEM" in err.value.field_errors
    assert len(sandbox.state.requests) == before


# ------------------------------------------------------------------------------------------ catalogue

def test_search_inputs_over_rome_filters_by_footprint_type_and_follows_next_links(sandbox):
    p = make_provider(sandbox, page_size=2)
    page = p.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=5))
    assert 2 < len(page.items) <= 5
    product_requests = [r for r in sandbox.state.requests if r[1].endswith("/catalogue/odata/v1/Products")]
    assert len(product_requests) >= 2, "more than one page was fetched via @odata.nextLink"
    assert len({x.id for x in page.items}) == len(page.items)
    for item in page.items:
        assert item.product_type == "IW_GRDH_1S" and item.collection == "SENTINEL-1"
        assert item.footprint and item.footprint["type"] in ("Polygon", "MultiPolygon")
        assert item.sensing_start is not None and START <= item.sensing_start < END
    ql = requests.get(page.items[0].quicklook_url, timeout=30)
    assert ql.status_code == 200 and ql.content[:8] == b"\x89PNG\r\n\x1a\n"
    starts = [x.sensing_start for x in page.items]
    assert starts == sorted(starts)
    assert p.search_inputs(InputQuery(aoi=NOWHERE, start=START, end=END, product_type="IW_GRDH_1S")).items == []


def test_search_inputs_multipolygon_ors_its_parts(sandbox, provider):
    both = provider.search_inputs(InputQuery(aoi={"type": "MultiPolygon", "coordinates": [NOWHERE["coordinates"],
                                                                                            ROME["coordinates"]]},
                                             start=START, end=END, product_type="IW_GRDH_1S", limit=1000))
    rome = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=1000))
    assert {x.id for x in both.items} == {x.id for x in rome.items} and rome.items


def test_search_inputs_cloud_cover_filter(provider):
    page = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="S2MSI2A",
                                             max_cloud_cover=30, limit=1000))
    assert page.items
    assert all(x.cloud_cover is not None and x.cloud_cover <= 30 for x in page.items)
    everything = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="S2MSI2A", limit=1000))
    assert len(everything.items) >= len(page.items)


# ------------------------------------------------------------------------------------------ orders

def test_production_order_lifecycle_results_and_ranged_download(sandbox, provider, tmp_path):
    from osgeo import gdal

    grd = products_of(provider, "IW_GRDH_1S")[0]
    wf = workflow(provider, "card_bs")
    order = provider.submit(OrderRequest(workflow=wf, name="lifecycle", inputs=[grd.name],
                                         options={"DEM": "getasse30v2"}, priority=5))
    assert order.status == OrderStatus.QUEUED and order.raw_status == "queued"
    assert order.id and order.kind == "production" and order.workflow_name == "card_bs"
    assert provider.results(order) == []
    advance(sandbox, sandbox.state.config.queued_seconds + 0.1)
    assert provider.order(order.id).status == OrderStatus.IN_PROGRESS
    advance(sandbox, 3600)
    done = provider.order(order.id)
    assert done.status == OrderStatus.COMPLETED and done.progress == 1.0
    assert done.raw["WorkflowOptions"] == [{"Name": "DEM", "Value": "getasse30v2"}]
    assert done.raw["Priority"] == 5

    [asset] = provider.results(done)
    assert asset.role == "zip" and asset.file_name.endswith(".zip") and asset.size and asset.checksum
    resp = provider.open_asset(asset)
    full = resp.content
    assert resp.status_code == 200 and len(full) == asset.size
    import hashlib

    assert hashlib.md5(full).hexdigest() == asset.checksum
    part = provider.open_asset(asset, offset=1000)
    assert part.status_code == 206 and part.content == full[1000:]

    zf = zipfile.ZipFile(io.BytesIO(full))
    tifs = [n for n in zf.namelist() if n.endswith(".tif")]
    assert len(tifs) == 1
    path = tmp_path / "r.tif"
    path.write_bytes(zf.read(tifs[0]))
    ds = gdal.Open(str(path))
    assert ds.RasterCount == 2  # CARD-BS: VV and VH
    assert ds.GetRasterBand(1).DataType == gdal.GDT_Float32
    assert ds.GetSpatialRef().GetAuthorityCode(None) == "32633"  # UTM 33N over Rome


def test_s2_workflow_gives_a_one_band_result(sandbox, provider, tmp_path):
    from osgeo import gdal

    s2 = products_of(provider, "S2MSI2A")[0]
    wf = workflow(provider, "s2_l2a_ndvi")
    order = provider.submit(OrderRequest(workflow=wf, name="ndvi", inputs=[s2.name],
                                         options={"resolution": 20, "cloud_mask": False}))
    assert order.raw["WorkflowOptions"] == [{"Name": "resolution", "Value": "20"},
                                            {"Name": "cloud_mask", "Value": "false"}]
    advance(sandbox)
    [asset] = provider.results(provider.order(order.id))
    zf = zipfile.ZipFile(io.BytesIO(provider.open_asset(asset).content))
    tif = next(n for n in zf.namelist() if n.endswith(".tif"))
    (tmp_path / "n.tif").write_bytes(zf.read(tif))
    assert gdal.Open(str(tmp_path / "n.tif")).RasterCount == 1


def test_order_by_time_range(sandbox, provider):
    wf = workflow(provider, "s2_l2a_ndvi")
    order = provider.submit(OrderRequest(workflow=wf, name="range", start=datetime(2024, 5, 1, tzinfo=timezone.utc),
                                         end=datetime(2024, 5, 31, tzinfo=timezone.utc)))
    ref = order.raw["InputProductReference"]
    assert ref["ContentDate"] == {"Start": "2024-05-01T00:00:00.000Z", "End": "2024-05-31T00:00:00.000Z"}
    advance(sandbox)
    assert provider.order(order.id).status == OrderStatus.COMPLETED


def test_failed_order_for_a_failme_input(sandbox, provider):
    wf = workflow(provider, "card_bs")
    order = provider.submit(OrderRequest(workflow=wf, name="fails",
                                         inputs=["S1A_IW_GRDH_1SDV_20240101T000000_FAILME.SAFE"]))
    advance(sandbox)
    failed = provider.order(order.id)
    assert failed.status == OrderStatus.FAILED and failed.message
    assert provider.results(failed) == []


def test_cancel_a_queued_order(sandbox, provider):
    grd = products_of(provider, "IW_GRDH_1S")[0]
    order = provider.submit(OrderRequest(workflow=workflow(provider, "card_bs"), name="cancel-me", inputs=[grd.name]))
    cancelled = provider.cancel(order.id)
    # the client cancels with a GET, the only documented form
    cancel_calls = [r for r in sandbox.state.requests if r[1].endswith("/OData.CSC.Cancel")]
    assert [r[0] for r in cancel_calls] == ["GET"]
    assert cancelled is not None and cancelled.status == OrderStatus.CANCELLED
    advance(sandbox)
    assert provider.order(order.id).status == OrderStatus.CANCELLED
    with pytest.raises(ProviderError) as err:
        provider.cancel(order.id)
    assert err.value.status == 400 and "cancelled" in str(err.value)


def test_batch_order_progress_results_and_cancel(sandbox, provider):
    grds = products_of(provider, "IW_GRDH_1S")[:3]
    assert len(grds) >= 2
    wf = workflow(provider, "card_bs")
    names = [g.name for g in grds]
    batch = provider.submit(OrderRequest(workflow=wf, name="batch-1", inputs=names))
    assert batch.kind == "batch" and batch.id.startswith("batch:") and batch.status == OrderStatus.QUEUED
    fresh = provider.order(batch.id)
    assert [i.name for i in fresh.items] == names and fresh.progress == 0
    advance(sandbox)
    done = provider.order(batch.id)
    assert done.status == OrderStatus.COMPLETED and done.progress == 1.0
    assets = provider.results(done)
    assert len(assets) == len(names) and all(a.order_id == batch.id for a in assets)
    assert provider.open_asset(assets[-1]).content[:2] == b"PK"
    bid, item = batch.id.split(":", 1)[1], fresh.items[0].id
    r = requests.get(api(sandbox, f"/BatchOrder({bid})/Product({item})"), headers=_bearer(provider), timeout=10)
    assert r.status_code == 200 and r.json()["value"]["Product"]["Name"].endswith("_CARD_BS")
    r = requests.get(api(sandbox, "/BatchOrder"), headers=_bearer(provider), timeout=10)
    assert [b["Id"] for b in r.json()["value"]] == [int(bid)]

    single = provider.submit(OrderRequest(workflow=wf, name="batch-2", inputs=names[:1], batch=True))
    assert single.kind == "batch"
    after = provider.cancel(single.id)
    assert after is not None and after.status == OrderStatus.CANCELLED


def test_orders_listing_filters_pages_and_counts(sandbox, provider):
    sandbox.state.config.queued_seconds = 100  # every order stays queued, so each one can be cancelled
    grd = products_of(provider, "IW_GRDH_1S")[0]
    wf = workflow(provider, "card_bs")
    ids = []
    for i in range(5):
        ids.append(provider.submit(OrderRequest(workflow=wf, name=f"list-{i}", inputs=[grd.name])).id)
        sandbox.state.clock.advance(1)  # distinct submission dates, so the newest-first order is defined
    provider.cancel(ids[0])
    batch = provider.submit(OrderRequest(workflow=wf, name="list-batch", inputs=[grd.name], batch=True))

    first = provider.orders(OrderQuery(top=2, skip=0))
    assert first.total == 6
    production = [o for o in first.items if o.kind == "production"]
    assert [o.id for o in production] == ids[::-1][:2]
    assert batch.id in {o.id for o in first.items}
    second = provider.orders(OrderQuery(top=2, skip=2))
    assert [o.id for o in second.items] == ids[::-1][2:4]

    assert [o.id for o in provider.orders(OrderQuery(name="list-3")).items] == [ids[3]]
    assert [o.id for o in provider.find_orders_by_name("list-batch")] == [batch.id]
    cancelled = provider.orders(OrderQuery(status=OrderStatus.CANCELLED))
    assert [o.id for o in cancelled.items] == [ids[0]] and cancelled.total == 1
    assert provider.orders(OrderQuery(workflow_name="s2_l2a_ndvi")).items == []


def test_unknown_order_is_not_found(provider):
    with pytest.raises(NotFoundError):
        provider.order("1")
    with pytest.raises(NotFoundError):
        provider.order("batch:1")


# ------------------------------------------------------------------------------------------ strict sandbox

def test_sandbox_refuses_calls_without_a_valid_token(sandbox):
    for path in ("/Workflows", "/ProductionOrders", "/BatchOrder", "/ProductionOrders(1)",
                 "/ProductionOrder(1)/Product/$value", "/ProductionOrder(1)/OData.CSC.Cancel"):
        r = requests.get(api(sandbox, path), timeout=10)
        assert r.status_code == 401 and r.json() == {"detail": "Not authenticated"}
    r = requests.get(api(sandbox, "/Workflows"), headers={"Authorization": "Bearer not-a-token"}, timeout=10)
    assert r.status_code == 401
    r = requests.post(api(sandbox, "/ProductionOrder/OData.CSC.Order"), json={"WorkflowName": "card_bs"}, timeout=10)
    assert r.status_code == 401


def test_sandbox_expired_token_is_refused(sandbox, provider):
    sandbox.state.config.token_lifetime = 1
    token = provider.auth.token(provider.transport)
    time.sleep(1.2)
    r = requests.get(api(sandbox, "/Workflows"), headers={"Authorization": f"Bearer {token}"}, timeout=10)
    assert r.status_code == 401


@pytest.mark.parametrize("quoted_ids", [False, True])
def test_sandbox_cancel_only_as_a_get_as_in_the_doc_and_quoted_ids(sandbox, provider, quoted_ids):
    sandbox.state.config.extra["cdse_quoted_ids"] = quoted_ids
    grd = products_of(provider, "IW_GRDH_1S")[0]
    order = provider.submit(OrderRequest(workflow=workflow(provider, "card_bs"), name="get-cancel", inputs=[grd.name]))
    h = _bearer(provider)
    r = requests.post(api(sandbox, f"/ProductionOrder({order.id})/OData.CSC.Cancel"), headers=h, timeout=10)
    assert r.status_code == 405 and r.headers["Allow"] == "GET"
    assert provider.order(order.id).status == OrderStatus.QUEUED
    r = requests.get(api(sandbox, f"/ProductionOrder({order.id})/OData.CSC.Cancel"), headers=h, timeout=10)
    assert r.status_code == 200 and r.json()["value"]["Status"] == "cancelled"
    r = requests.get(api(sandbox, f"/ProductionOrders('{order.id}')"), headers=h, timeout=10)
    if quoted_ids:
        assert r.status_code == 200 and r.json()["value"]["Id"] == order.id
    else:  # the document writes ids unquoted; quoted ones only behind the switch
        assert r.status_code == 404
    assert provider.order(order.id).status == OrderStatus.CANCELLED  # the client never quotes
    r = requests.get(api(sandbox, f"/ProductionOrder({order.id})/Product"), headers=h, timeout=10)
    assert r.status_code == 404 and "cancelled" in r.json()["detail"]


def _bearer(provider) -> dict[str, str]:
    return {"Authorization": f"Bearer {provider.auth.token(provider.transport)}"}


def test_sandbox_validates_order_bodies(sandbox, provider):
    grd = products_of(provider, "IW_GRDH_1S")[0]
    url = api(sandbox, "/ProductionOrder/OData.CSC.Order")
    h = _bearer(provider)
    ref = {"Reference": grd.name}

    r = requests.post(url, json={"WorkflowName": "nope", "InputProductReference": ref}, headers=h, timeout=10)
    assert r.status_code == 422 and "nope" in r.json()["detail"]
    r = requests.post(url, json={"InputProductReference": ref}, headers=h, timeout=10)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "WorkflowName"]
    r = requests.post(url, json={"WorkflowName": "card_bs", "InputProductReference": ref, "Priority": "high"},
                      headers=h, timeout=10)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "Priority"]
    r = requests.post(url, json={"WorkflowName": "card_bs", "InputProductReference": {"Reference": "S1X_UNKNOWN"}},
                      headers=h, timeout=10)
    assert r.status_code == 422 and "not found" in r.json()["detail"]
    r = requests.post(url, json={"WorkflowName": "card_bs", "InputProductReference": ref,
                                 "WorkflowOptions": [{"Name": "DEM", "Value": "srtm"}]}, headers=h, timeout=10)
    assert r.status_code == 422 and r.json()["detail"][0]["loc"] == ["body", "WorkflowOptions", 0, "Value"]
    s2 = products_of(provider, "S2MSI2A")[0]
    r = requests.post(url, json={"WorkflowName": "card_bs", "InputProductReference": {"Reference": s2.name}},
                      headers=h, timeout=10)
    assert r.status_code == 422 and "S2MSI2A" in r.json()["detail"]
    r = requests.get(api(sandbox, "/ProductionOrders"), params={"$filter": "Status eq"}, headers=h, timeout=10)
    assert r.status_code == 400 and r.json()["detail"]


def test_client_reports_sandbox_refusals_clearly(sandbox, provider):
    wf = workflow(provider, "card_bs")
    wf.name = "nope"
    with pytest.raises(ValidationError) as err:
        provider.submit(OrderRequest(workflow=wf, name="x", inputs=["S1A_whatever"]))
    assert err.value.status == 422 and "nope" in str(err.value)
    with pytest.raises(ProviderError) as err:
        provider.workflows("Name eq 'card_bs' and")
    assert err.value.status == 400


# ------------------------------------------------------------------------------------------ contract (real replies)

def test_contract_catalogue_reply(shared_fixture):
    body = shared_fixture("cdse_odp/catalogue_products_response.json")
    [product] = [cdse_odp.parse_product(e) for e in cdse_odp.entity_list(body)]
    entity = body["value"][0]
    assert product.id == entity["Id"] and product.name == entity["Name"]
    assert product.footprint["type"] == "Polygon"
    assert product.footprint["coordinates"] == entity["GeoFootprint"]["coordinates"]
    assert product.product_type == "CARD-BS" and product.collection == "SENTINEL-1"
    assert product.sensing_start == datetime(2024, 2, 6, 4, 11, 37, 189000, tzinfo=timezone.utc)
    assert product.size == entity["ContentLength"] and product.online is True
    # the WKT footprint alone gives the same polygon
    no_geo = dict(entity, GeoFootprint=None)
    wkt = cdse_odp.parse_product(no_geo).footprint
    assert wkt["coordinates"] == entity["GeoFootprint"]["coordinates"]
    # null footprints, empty checksums and a 6-digit fraction are accepted
    aux = cdse_odp.parse_product(dict(entity, GeoFootprint=None, Footprint=None, Checksum=[],
                                      EvictionDate="9999-12-31T23:59:59.999999Z",
                                      ContentDate={"Start": "2014-04-06T01:00:00.000000Z", "End": None}))
    assert aux.footprint is None and aux.sensing_start == datetime(2014, 4, 6, 1, tzinfo=timezone.utc)
    assert body["@odata.nextLink"].startswith("https://")


def test_contract_production_order_replies(shared_fixture):
    created = cdse_odp.parse_production_order(cdse_odp.unwrap(
        shared_fixture("cdse_odp/production_order_create_response_doc.json")))
    assert created.id == "9999999" and created.status == OrderStatus.QUEUED and created.workflow_name == "card_bs"
    assert created.submitted_at == datetime(2023, 4, 5, 10, 3, 25, 474000, tzinfo=timezone.utc)
    listing = shared_fixture("cdse_odp/production_orders_filter_response_doc_truncated.json")
    [order] = [cdse_odp.parse_production_order(e) for e in cdse_odp.entity_list(listing)]
    assert order.status == OrderStatus.COMPLETED and order.id == "2322968"
    # top-level (unwrapped) replies are accepted too
    flat = cdse_odp.unwrap(shared_fixture("cdse_odp/production_order_create_response_doc.json")["value"])
    assert cdse_odp.parse_production_order(flat).id == "9999999"


def test_contract_batch_order_replies(shared_fixture):
    created = cdse_odp.parse_batch_order(cdse_odp.unwrap(shared_fixture("cdse_odp/batch_order_create_response.json")))
    assert created.id == "batch:1374977" and created.kind == "batch" and created.status == OrderStatus.QUEUED
    done = cdse_odp.parse_batch_order(cdse_odp.unwrap(shared_fixture("cdse_odp/batch_order_completed_response.json")))
    assert done.status == OrderStatus.COMPLETED and done.progress == 1.0 and done.id == "batch:1357372"
    assert done.completed_at is not None


def test_contract_workflow_reply(shared_fixture):
    wf = cdse_odp.parse_workflow(shared_fixture("cdse_odp/workflow_card_coh12_public_doc.json"))
    assert wf.name == "card_coh12_public" and wf.id == "47" and wf.version == "3.1.0"
    assert "IW_SLC__1S" in wf.input_product_types and wf.options_schema["properties"] == {}


def test_contract_request_bodies_use_the_documented_fields(shared_fixture, sandbox, provider):
    """The bodies we really send (captured off the wire) use the doc's field names and nothing else."""
    import json

    doc_single = shared_fixture("cdse_odp/production_order_request_card_bs_doc.json")
    doc_batch = shared_fixture("cdse_odp/batch_order_request_fields_doc.json")
    sent: list[tuple[str, dict]] = []
    provider.transport.session.hooks["response"].append(
        lambda r, *a, **k: sent.append((r.request.url, json.loads(r.request.body)))
        if r.request.method == "POST" and "OData.CSC.Order" in r.request.url else None)
    grd = products_of(provider, "IW_GRDH_1S")[0]
    wf = workflow(provider, "card_bs")
    provider.submit(OrderRequest(workflow=wf, name="shape", inputs=[grd.name], options={"DEM": "coarse"}))
    provider.submit(OrderRequest(workflow=wf, name="shape-b", inputs=[grd.name], batch=True))
    (single_url, single), (batch_url, batch) = sent
    assert single_url.endswith("/ProductionOrder/OData.CSC.Order") and batch_url.endswith("/BatchOrder/OData.CSC.Order")
    documented = {"WorkflowName", "InputProductReference", "WorkflowOptions", "Priority", "NotificationEndpoint",
                  "Name"}
    assert set(doc_single) <= set(single) <= documented
    assert set(single["InputProductReference"]) == set(doc_single["InputProductReference"])
    assert isinstance(single["Priority"], int) and single["WorkflowOptions"] == [{"Name": "DEM", "Value": "coarse"}]
    assert set(batch) <= set(doc_batch) and {"Name", "WorkflowName", "IdentifierList"} <= set(batch)
    assert batch["IdentifierList"] == [grd.name] and isinstance(batch["BatchSize"], int)
    # documented as "(not used)": never sent
    assert "NotificationEndpoint" not in single and not {"Callback", "NotificationEndpoint"} & set(batch)


# ------------------------------------------------------------------------------------------ issue 12

def test_catalogue_search_asks_for_the_count_and_knows_the_total(sandbox):
    p = make_provider(sandbox, page_size=2)
    urls: list[str] = []
    p.transport.session.hooks["response"].append(lambda r, *a, **k: urls.append(r.request.url))
    page = p.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=3))
    assert page.total is not None and page.total > len(page.items) == 3
    everything = p.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=500))
    assert page.total == everything.total == len(everything.items)
    assert "%24count=true" in urls[0]


def test_card_coh12_public_has_the_ten_documented_input_types(provider, shared_fixture):
    documented = shared_fixture("cdse_odp/workflow_card_coh12_public_doc.json")["InputProductTypes"]
    wf = workflow(provider, "card_coh12_public")
    assert wf.input_product_types == documented and len(documented) == 10


def test_on_demand_production_workflows_listed_ordered_and_expiring(sandbox, provider, tmp_path):
    """Sentinel L0 -> L1 with the IPF: listed like the others, ordered with a Level-0 input, output kept 14
    days after completion (shown as the order's expiry)."""
    from datetime import timedelta

    prod = {w.name: w for w in provider.workflows() if w.kind == "production"}
    assert {"Sentinel-1-L0-IW_GRDH_1S", "Sentinel-2-L0-S2MSI2A", "Sentinel-3-L0-SL_2_LST"} <= set(prod)
    wf = prod["Sentinel-1-L0-IW_GRDH_1S"]
    # the catalogue form of the Level-0 type first, so the dock's product type search finds the inputs
    assert wf.input_product_types == ["IW_RAW__0S", "IW_RAW__0"] and "14 days" in wf.description
    assert wf.options_schema["properties"]["Dem"]["enum"] == ["coarse", "getasse30v1", "getasse30v2"]
    raw = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type=wf.input_product_types[0],
                                            limit=5))
    assert raw.items and all(x.product_type == "IW_RAW__0S" for x in raw.items)
    order = provider.submit(OrderRequest(workflow=wf, name="l0-grd", inputs=[raw.items[0].name],
                                         options={"Dem": "getasse30v1", "output_storage": "TEMPORARY"}))
    assert order.status == OrderStatus.QUEUED and order.expires_at is None
    advance(sandbox, 3600)
    done = provider.order(order.id)
    assert done.status == OrderStatus.COMPLETED
    assert done.expires_at == done.estimated_at + timedelta(days=14)
    [asset] = provider.results(done)
    assert asset.size and asset.file_name.endswith("_IW_GRDH_1S.zip")
    # a processing workflow whose output goes to the public repository does not expire
    grd = products_of(provider, "IW_GRDH_1S")[0]
    public = provider.submit(OrderRequest(workflow=workflow(provider, "card_bs"), name="pub", inputs=[grd.name]))
    advance(sandbox, 3600)
    assert provider.order(public.id).expires_at is None


@pytest.mark.parametrize("status", [429, 403])
def test_quota_refusals_name_the_quota(sandbox, status):
    """How CDSE words and codes a quota refusal is not documented: the sandbox serves 429 or 403 and the
    client names the quota either way."""
    extra = sandbox.state.config.extra
    extra.update(cdse_quota_status=status, cdse_quota_concurrent_orders=1)
    p = make_provider(sandbox)
    grd = products_of(p, "IW_GRDH_1S")
    wf = workflow(p, "card_bs")
    p.submit(OrderRequest(workflow=wf, name="one", inputs=[grd[0].name]))
    posts = len([r for r in sandbox.state.requests if r[0] == "POST"])
    with pytest.raises(cdse_odp.QuotaExceededError) as info:
        p.submit(OrderRequest(workflow=wf, name="two", inputs=[grd[1].name]))
    assert info.value.quota == "concurrent orders" and info.value.status == status
    # a quota refusal is not repeated, even as a 429
    assert len([r for r in sandbox.state.requests if r[0] == "POST"]) == posts + 1
    assert "quota of concurrent orders" in info.value.message and "Wait until" in info.value.message
    advance(sandbox, 3600)  # the first order completes: a second one may run
    p.submit(OrderRequest(workflow=wf, name="two", inputs=[grd[1].name]))
    advance(sandbox, 3600)
    del extra["cdse_quota_concurrent_orders"]
    extra["cdse_quota_products_per_month"] = 3
    with pytest.raises(cdse_odp.QuotaExceededError) as info:
        p.submit(OrderRequest(workflow=wf, name="batch", inputs=[g.name for g in grd[2:4]], batch=True))
    assert info.value.quota == "processed products per month"
    assert "processed products per month" in info.value.message and "next month" in info.value.message
    p.submit(OrderRequest(workflow=wf, name="last", inputs=[grd[2].name]))


def test_quota_parser_on_other_wordings():
    assert cdse_odp.quota_error(422, [{"loc": ["body"], "msg": "Monthly limit of processed products reached"}]
                                ).quota == "processed products per month"
    assert cdse_odp.quota_error(403, "Quota exceeded").quota == "account"
    assert cdse_odp.quota_error(403, "Forbidden") is None


def test_wkt_and_filter_helpers():
    assert cdse_odp.wkt_to_geojson("geography'SRID=4326;MULTIPOLYGON (((1 2, 3 4, 5 6, 1 2)), ((7 8, 9 10, 11 12, "
                                   "7 8)))'") == {"type": "MultiPolygon", "coordinates": [
                                       [[[1, 2], [3, 4], [5, 6], [1, 2]]], [[[7, 8], [9, 10], [11, 12], [7, 8]]]]}
    assert cdse_odp.wkt_to_geojson("") is None and cdse_odp.wkt_to_geojson("LINESTRING (1 2, 3 4)") is None
    assert cdse_odp.parse_datetime("") is None and cdse_odp.parse_datetime("9999-12-31T23:59:59.999Z") is None
    assert cdse_odp.parse_datetime("2024-02-06T04:11:37+02:00") == datetime(2024, 2, 6, 2, 11, 37,
                                                                             tzinfo=timezone.utc)
    flt = cdse_odp.intersects_filter(ROME)
    assert flt == ("OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((12.35 41.8,12.65 41.8,12.65 42,"
                   "12.35 42,12.35 41.8))')")
    big = {"type": "Polygon", "coordinates": [[[12 + i / 1000, 41 + (i % 7) / 100] for i in range(400)]
                                              + [[12, 41]]]}
    assert len(cdse_odp.intersects_filter(big)) < 1000  # convex hull when the exact ring is too long
    assert cdse_odp.map_status("done") == OrderStatus.COMPLETED and cdse_odp.map_status("??") == OrderStatus.IN_PROGRESS


@pytest.mark.parametrize("post_lists", [False, True])
def test_batch_list_by_get_and_post_only_behind_the_switch(sandbox, provider, post_lists):
    sandbox.state.config.extra["cdse_batch_list_post"] = post_lists
    grd = products_of(provider, "IW_GRDH_1S")[0]
    provider.submit(OrderRequest(workflow=workflow(provider, "card_bs"), name="b", inputs=[grd.name], batch=True))
    h = _bearer(provider)
    assert len(requests.get(api(sandbox, "/BatchOrder"), headers=h, timeout=10).json()["value"]) == 1
    posted = requests.post(api(sandbox, "/BatchOrder"), headers=h, timeout=10)
    assert posted.status_code == (200 if post_lists else 405)
    assert [o.kind for o in provider.orders().items] == ["batch"]  # the client lists with GET either way
