# SPDX-License-Identifier: GPL-2.0-or-later
"""Capella Space: the provider client against the strict sandbox emulator over real HTTP, plus contract tests
that feed real captured replies (../shared/fixtures/capella) through the client's parsers."""

from __future__ import annotations

import logging
import math
from datetime import datetime, timedelta, timezone

import pytest
import requests

from eo_orders.providers import capella
from eo_orders.providers.base import (
    AuthError,
    ConnectionConfig,
    InputQuery,
    NotSupportedError,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    ProviderError,
    ValidationError,
)
from eo_orders.providers.capella import CapellaProvider
from eo_orders.providers.http import Transport, TransportSettings

KEY = "demo-capella-key"
USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}
START = datetime(2024, 1, 1, tzinfo=timezone.utc)
END = datetime(2025, 1, 1, tzinfo=timezone.utc)


def make_provider(sandbox, secret: str = KEY, username: str = "", **options) -> CapellaProvider:
    conn = ConnectionConfig(id="t", name="Capella sandbox", kind="capella", urls=sandbox.connection_urls("capella"),
                            username=username, secret=secret, options=options)
    return CapellaProvider(conn, Transport(TransportSettings(retries=1, backoff=0.01, read_timeout=60)))


@pytest.fixture()
def provider(sandbox):
    p = make_provider(sandbox)
    yield p
    p.close()


def api(sandbox, path: str) -> str:
    return sandbox.connection_urls("capella")["api"] + path


def calls(sandbox, method: str, path: str) -> int:
    return sum(1 for m, p in sandbox.state.requests if m == method and p == "/capella" + path)


def calls_prefix(sandbox, method: str, prefix: str) -> int:
    return sum(1 for m, p in sandbox.state.requests if m == method and p.startswith("/capella" + prefix))


def workflow(provider: CapellaProvider, name: str):
    return next(w for w in provider.workflows() if w.name == name)


def search(provider: CapellaProvider, product_type: str = "", limit: int = 100):
    return provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type=product_type, limit=limit))


def fetch_whole(provider: CapellaProvider, asset, path, first_chunk: int = 4096) -> None:
    """Read the first bytes, then the rest with a Range request from that offset — as a resumed download."""
    with provider.open_asset(asset) as resp:
        assert resp.status_code == 200
        head = next(resp.iter_content(first_chunk))
    with provider.open_asset(asset, offset=len(head)) as resp:
        assert resp.status_code == 206
        assert resp.headers["Content-Range"].startswith(f"bytes {len(head)}-")
        path.write_bytes(head + resp.content)


def assert_geotiff(path, bands: int) -> None:
    from osgeo import gdal

    ds = gdal.Open(str(path))
    assert ds is not None, "GDAL cannot open the downloaded file"
    assert ds.GetDriver().ShortName == "GTiff"
    assert ds.RasterCount == bands
    assert ds.RasterXSize > 0 and ds.GetProjection()
    ds = None


# ----------------------------------------------------------------------------------------------- auth

def test_api_key_is_sent_and_user_ids_are_read(sandbox, provider):
    user = provider.user_info()
    assert user["id"] and user["organizationId"] and user["email"] == USER
    assert calls(sandbox, "GET", "/user") == 1
    provider.user_info()
    assert calls(sandbox, "GET", "/user") == 1  # cached


def test_wrong_api_key_gives_clear_auth_error_without_the_key(sandbox):
    p = make_provider(sandbox, secret="not-the-key-123")
    with pytest.raises(AuthError) as err:
        p.user_info()
    assert err.value.code == "INVALID_API_KEY" and err.value.status == 401
    assert "API key" in str(err.value) and "not-the-key-123" not in str(err.value)


def test_sandbox_refuses_missing_credentials_with_documented_shape(sandbox):
    resp = requests.post(api(sandbox, "/catalog/search"), json={}, timeout=10)
    assert resp.status_code == 401
    assert resp.json()["error"]["code"] == "INVALID_API_KEY" and resp.json()["error"]["message"]
    resp = requests.get(api(sandbox, "/user"), headers={"Authorization": "Bearer nope"}, timeout=10)
    assert resp.status_code == 401 and resp.json()["error"]["code"] == "INVALID_TOKEN"


def test_token_login_refreshes_when_the_access_token_is_refused(sandbox):
    p = make_provider(sandbox, secret=PASSWORD, username=USER, auth_mode="token")
    assert p.user_info()["email"] == USER
    assert calls(sandbox, "POST", "/token") == 1
    sandbox.state.tokens.revoke(p.auth._token)  # the server forgets it: like an expiry
    p._user = None
    assert p.user_info()["email"] == USER
    assert calls(sandbox, "POST", "/token/refresh") == 1 and calls(sandbox, "POST", "/token") == 1


def test_token_login_with_wrong_password(sandbox):
    p = make_provider(sandbox, secret="wrong pass", username=USER, auth_mode="token")
    with pytest.raises(AuthError) as err:
        p.user_info()
    assert err.value.code == "INVALID_CREDENTIALS" and "wrong pass" not in str(err.value)


# ----------------------------------------------------------------------------------------------- search

def test_search_follows_next_links_and_drops_duplicates(sandbox):
    sandbox.state.config.extra["capella_duplicate_ids"] = True
    p = make_provider(sandbox, page_size=5)
    page = search(p)
    ids = [i.id for i in page.items]
    assert len(ids) == len(set(ids)) == page.total and page.total >= 25
    assert calls(sandbox, "POST", "/catalog/search") == math.ceil(page.total / 5)
    first = page.items[0]
    assert first.footprint["type"] == "Polygon" and first.sensing_start and first.collection.startswith("capella-")
    assert first.sensing_start >= page.items[-1].sensing_start  # newest first
    lon = [pt[0] for pt in first.footprint["coordinates"][0]]
    assert 12.3 < min(lon) < max(lon) < 12.7


def test_search_filters_product_types_and_limit(sandbox, provider):
    geo = search(provider, product_type="GEO,GEC")
    assert geo.items and {i.product_type for i in geo.items} == {"GEO", "GEC"}
    assert len(search(provider, limit=7).items) == 7
    far = provider.search_inputs(InputQuery(aoi={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1],
                                                                                       [0, 0]]]},
                                            start=START, end=END))
    assert far.items == []


def test_sandbox_search_accepts_both_time_forms_and_rejects_bad_bodies(sandbox):
    headers = {"Authorization": f"ApiKey {KEY}"}
    url = api(sandbox, "/catalog/search")
    a = requests.post(url, json={"datetime": "2024-05-01T00:00:00Z/2024-05-20T00:00:00Z"}, headers=headers,
                      timeout=10).json()
    b = requests.post(url, json={"query": {"datetime": {"gt": "2024-05-01T00:00:00Z", "lt": "2024-05-20T00:00:00Z"}}},
                      headers=headers, timeout=10).json()
    assert a["numberMatched"] == b["numberMatched"] > 0
    for bad in ({"limit": 901}, {"query": {"sar:product_type": {"startsWith": "G"}}},
                {"intersects": {"type": "MultiPolygon", "coordinates": []}}, {"page": 0}):
        resp = requests.post(url, json=bad, headers=headers, timeout=10)
        assert resp.status_code == 400 and resp.json()["error"]["code"] == "VALIDATION_ERROR", bad


# ----------------------------------------------------------------------------------------------- review / orders

@pytest.mark.parametrize("costs", [False, True], ids=["captured-review", "review-with-costs"])
def test_review_denial_blocks_submit_before_any_order_is_placed(sandbox, provider, costs):
    sandbox.state.config.extra["capella_balance"] = 100
    sandbox.state.config.extra["capella_review_costs"] = costs
    item = search(provider, product_type="GEO").items[0]
    request = OrderRequest(workflow=workflow(provider, "GEO"), name="denied-1", inputs=[item.id])
    quote = provider.quote(request)
    assert quote.authorized is False
    assert (quote.total is not None and quote.total > 100) if costs else (quote.total is None and not quote.lines)
    assert "AUTHORIZATION_INSUFFICIENT_FUNDS" in quote.reason
    with pytest.raises(ProviderError) as err:
        provider.submit(request)
    assert err.value.code == "AUTHORIZATION_INSUFFICIENT_FUNDS"
    assert calls(sandbox, "POST", "/orders") == 0
    assert calls(sandbox, "POST", "/orders/review") == 2  # quote() and again inside submit()


def test_vessel_detection_needs_its_geo_image(sandbox, provider):
    sandbox.state.config.extra["capella_review_costs"] = True  # one priced line per item
    items = search(provider).items
    slc = next(i for i in items if i.product_type == "SLC")
    with pytest.raises(ValidationError):
        provider.quote(OrderRequest(workflow=workflow(provider, "VS"), name="vs-bad", inputs=[slc.id]))
    assert calls(sandbox, "POST", "/orders/review") == 0
    # the emulator refuses the add-on without its GEO image, as the API does
    resp = requests.post(api(sandbox, "/orders"), headers={"Authorization": f"ApiKey {KEY}"}, timeout=10,
                         json={"items": [{"collectionId": slc.collection, "granuleId": slc.id},
                                         {"productType": "VS",
                                          "collectIds": [slc.raw["properties"]["capella:collect_id"]]}]})
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "ORDER_VALIDATION_ERROR"
    geo = next(i for i in items if i.product_type == "GEO")
    request = OrderRequest(workflow=workflow(provider, "VS"), name="vs-ok", inputs=[geo.id])
    assert provider.order_items(request)[-1] == {"productType": "VS",
                                                 "collectIds": [geo.raw["properties"]["capella:collect_id"]]}
    quote = provider.quote(request)
    assert quote.authorized and len(quote.lines) == 2
    order = provider.submit(request)
    assert order.status.is_active and order.name == "vs-ok"
    sandbox.state.clock.advance(60)
    order = provider.order(order.id)
    assert order.status == OrderStatus.COMPLETED
    assets = provider.results(order)
    vs = [a for a in assets if a.file_name.endswith(".geojson")]
    assert len(vs) == 1 and vs[0].role == "other" and "geo+json" in vs[0].media_type
    with provider.open_asset(vs[0]) as resp:
        assert resp.json()["type"] == "FeatureCollection"


def test_archive_cannot_be_cancelled_and_unknown_products_are_refused(sandbox, provider):
    with pytest.raises(NotSupportedError):
        provider.cancel("some-order")
    with pytest.raises(ValidationError):
        provider.quote(OrderRequest(workflow=workflow(provider, "GEO"), name="x", inputs=["CAPELLA_NOPE"]))


# ----------------------------------------------------------------------------------------------- tasking listing

def paged_pages(sandbox) -> list[int]:
    from sandbox.capella import Store

    return list(sandbox.state.store("capella", Store).paged_pages)


@pytest.mark.parametrize("order", ["oldest_first", "newest_first"])
def test_tasks_listed_with_one_call_per_page_and_early_stop(sandbox, order):
    """The vendor's pages are oldest-first (the newest requests on the last page): the client reads page 1
    for the page count, then from the last page back until a page lies wholly before the cut-off. A
    newest-first service is read forwards with the same stop."""
    sandbox.state.config.extra["capella_history_tasks"] = 450  # one a day back from now: 5 pages of 100
    sandbox.state.config.extra["capella_tasks_order"] = order
    p = make_provider(sandbox, tasking_days=150)
    tasks = p.tasking_requests()
    assert 149 <= len(tasks) <= 150
    # pages of 100; the pages wholly older than 150 days but one are never asked for
    assert paged_pages(sandbox) == ([1, 5, 4, 3] if order == "oldest_first" else [1, 2, 3])
    assert calls_prefix(sandbox, "GET", "/task/") == 0  # never one call per request
    assert all(t.kind == "tasking" and t.status == OrderStatus.COMPLETED for t in tasks)
    dates = [t.submitted_at for t in tasks]
    assert dates == sorted(dates, reverse=True)
    # refreshing a few recent ones: the page holding them, no per-request calls
    before = len(paged_pages(sandbox))
    fresh = p.refresh_orders(tasks[:3])
    assert [o.id for o in fresh] == [t.id for t in tasks[:3]]
    assert paged_pages(sandbox)[before:] == ([1, 5] if order == "oldest_first" else [1])
    assert calls_prefix(sandbox, "GET", "/task/") == 0


def test_tasks_paged_reads_every_page_of_a_long_recent_history(sandbox):
    """The old client stopped at the first page holding an old request: with oldest-first pages that was
    page 1, and every recent request was missing."""
    sandbox.state.config.extra["capella_history_tasks"] = 230
    p = make_provider(sandbox, tasking_days=3650)
    tasks = p.tasking_requests()
    assert len(tasks) == 230 and paged_pages(sandbox) == [1, 3, 2]
    assert tasks[0].name == "Archive task 1"  # the newest (a day old) comes first


def test_orders_merges_archive_orders_and_tasking_requests(sandbox, provider):
    geo = search(provider, product_type="GEO").items[0]
    placed = provider.submit(OrderRequest(workflow=workflow(provider, "GEO"), name="merge-1", inputs=[geo.id]))
    task = provider.submit(OrderRequest(workflow=workflow(provider, "tasking"), name="merge-task", aoi=ROME,
                                        options={"collectionTier": "standard", "collectMode": "spotlight"}))
    page = provider.orders(OrderQuery())
    assert {placed.id, task.id} <= {o.id for o in page.items}
    assert calls(sandbox, "GET", "/orders") == 1 and calls(sandbox, "GET", "/tasks/paged") == 1
    assert [o.id for o in provider.find_orders_by_name("merge-1")] == [placed.id]
    assert [o.id for o in provider.find_orders_by_name("merge-task")] == [task.id]


def test_tasking_options_are_validated_before_sending(sandbox, provider):
    wf = workflow(provider, "tasking")
    with pytest.raises(ValidationError) as err:
        provider.submit(OrderRequest(workflow=wf, name="bad", aoi=ROME,
                                     options={"collectionTier": "standard", "collectMode": "spotlight",
                                              "offNadirMin": 60}))
    assert "offNadirMin" in err.value.field_errors
    with pytest.raises(ValidationError):
        provider.submit(OrderRequest(workflow=wf, name="bad2", aoi=ROME,
                                     options={"collectionTier": "standard", "collectMode": "spotlight",
                                              "windowOpen": "2030-01-02T00:00:00Z",
                                              "windowClose": "2030-01-01T00:00:00Z"}))
    assert calls(sandbox, "POST", "/task") == 0


# ----------------------------------------------------------------------------------------------- signed URLs

def _geo_order(provider):
    geo = search(provider, product_type="GEO").items[0]
    order = provider.submit(OrderRequest(workflow=workflow(provider, "GEO"), name="signed", inputs=[geo.id]))
    assert order.status == OrderStatus.COMPLETED
    return order


def test_expired_signed_url_is_re_requested_transparently(sandbox, provider, tmp_path):
    sandbox.state.config.extra["capella_url_lifetime"] = 2
    order = _geo_order(provider)
    raster = next(a for a in provider.results(order) if a.role == "raster" and a.file_name.endswith(".tif")
                  and "preview" not in a.file_name)
    with provider.open_asset(raster) as resp:
        head = next(resp.iter_content(4096))
    old_href = raster.href
    sandbox.state.clock.advance(30)  # the URL expires mid-download
    assert requests.get(old_href, timeout=10).status_code == 403
    with provider.open_asset(raster, offset=len(head)) as resp:
        assert resp.status_code == 206
        (tmp_path / raster.file_name).write_bytes(head + resp.content)
    assert raster.href != old_href
    assert calls(sandbox, "GET", f"/orders/{order.id}/download") == 2
    assert_geotiff(tmp_path / raster.file_name, 1)
    assert provider.fresh_asset_url(order.id, raster.file_name).split("?")[0] == old_href.split("?")[0]


def test_signed_urls_refuse_credentials_and_bad_signatures(sandbox, provider):
    order = _geo_order(provider)
    asset = provider.results(order)[0]
    resp = requests.get(asset.href, headers={"Authorization": f"ApiKey {KEY}"}, timeout=10)
    assert resp.status_code == 400 and b"InvalidArgument" in resp.content
    tampered = asset.href.replace("Signature=", "Signature=0")
    resp = requests.get(tampered, timeout=10)
    assert resp.status_code == 403 and b"SignatureDoesNotMatch" in resp.content


def test_presigned_url_never_appears_in_errors_or_logs(sandbox, provider, caplog):
    order = _geo_order(provider)
    sandbox.state.config.extra["capella_url_lifetime"] = 0  # every URL, even a fresh one, is already expired
    asset = next(a for a in provider.results(order) if a.role == "raster")
    signature = asset.href.split("Signature=")[1].split("&")[0]
    assert asset.href not in repr(asset)
    with caplog.at_level(logging.DEBUG):
        with pytest.raises(ProviderError) as err:
            provider.open_asset(asset)
    text = str(err.value) + err.value.message
    assert err.value.code == "URL_EXPIRED" and "expired" in text
    # the plugin's own loggers (what reaches the QGIS log); urllib3's DEBUG lines are not routed there
    ours = "\n".join(r.getMessage() for r in caplog.records if r.name.startswith("eo_orders"))
    assert "download link" in ours
    for secret in (signature, asset.href, "Signature=", "x-amz-security-token"):
        assert secret not in text and secret not in ours
    bad = type(asset)(href=asset.href.replace("Signature=", "Signature=f"), file_name="x.tif")
    with pytest.raises(ProviderError) as err:
        provider.open_asset(bad)
    assert "Signature=" not in str(err.value) and err.value.code == "SignatureDoesNotMatch"


# ----------------------------------------------------------------------------------------------- contract fixtures

def _response(status: int, body: bytes, ctype: str = "application/json") -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body
    resp.headers["Content-Type"] = ctype
    resp.url = "https://api.capellaspace.com/x"
    return resp


def test_real_replies_parse(shared_fixture):
    import json

    p1 = shared_fixture("capella/catalog_search_page1_response.json")
    assert capella.parse_product(p1["features"][0]).id.startswith("CAPELLA_C02_SP_SLC")
    slc = capella.parse_product(shared_fixture("capella/stac_item_slc.json"))
    assert slc.product_type == "SLC" and slc.sensing_start.year == 2024 and slc.sensing_end > slc.sensing_start
    order = capella.parse_order(shared_fixture("capella/orders_list_response.json")[0])
    assert order.status == OrderStatus.COMPLETED and order.items[0].size == 100000000 and order.kind == "archive"
    assert capella.parse_order(shared_fixture("capella/order_rejected_response.json")).status == OrderStatus.FAILED
    tasks = [capella.parse_task(f) for f in shared_fixture("capella/tasks_paged_response.json")["results"]]
    assert [t.status for t in tasks] == [OrderStatus.COMPLETED, OrderStatus.IN_PROGRESS]
    assert tasks[0].id == "task:abc" and tasks[0].raw_status == "completed"
    ok = capella.parse_review(shared_fixture("capella/order_review_authorized_response.json"), [])
    assert ok.authorized and ok.total is None
    denied = capella.parse_review(shared_fixture("capella/order_review_insufficient_funds_response.json"), [])
    assert not denied.authorized and "AUTHORIZATION_INSUFFICIENT_FUNDS" in denied.reason
    err = capella.capella_error(_response(400, json.dumps(shared_fixture(
        "capella/error_contract_not_found_400.json")).encode()))
    assert err.code == "CONTRACT_NOT_FOUND" and "Contract not found" in err.message
    dl = shared_fixture("capella/order_download_response.json")
    assert capella._file_name_of(dl[0]["assets"]["HH"]["href"], "x").endswith("154523.png")


def test_error_shapes_wrapped_unwrapped_and_s3_xml():
    wrapped = capella.capella_error(_response(400, b'{"error": {"message": "gone", "code": "ORDER_EXPIRED"}}'))
    assert wrapped.code == "ORDER_EXPIRED" and "place it again" in wrapped.message
    bare = capella.capella_error(_response(401, b'{"message": "bad key", "code": "INVALID_API_KEY"}'))
    assert isinstance(bare, AuthError) and bare.code == "INVALID_API_KEY"
    xml = capella.capella_error(_response(403, b"<?xml version='1.0'?><Error><Code>AccessDenied</Code>"
                                               b"<Message>Request has expired</Message></Error>", "application/xml"))
    assert xml.code == "URL_EXPIRED" and xml.status == 403
    assert capella.parse_money("$1,000.00") == 1000.0 and capella.parse_money("n/a") is None


# ----------------------------------------------------------------------------------------------- full flows

@pytest.mark.parametrize("costs", [False, True], ids=["captured-review", "review-with-costs"])
def test_full_archive_flow_ends_in_a_geotiff(sandbox, provider, tmp_path, costs):
    sandbox.state.config.extra["capella_review_costs"] = costs
    provider.user_info()
    flows = provider.workflows()
    assert {"GEO", "SLC", "GEC", "SICD", "SIDD", "VS", "tasking"} <= {w.name for w in flows}
    products = search(provider, product_type="SLC")
    slc = products.items[0]
    request = OrderRequest(workflow=workflow(provider, "SLC"), name="flow-archive", inputs=[slc.id])
    quote = provider.quote(request)
    if costs:
        assert quote.authorized and quote.unit == "USD" and quote.total and quote.total > 0
        assert quote.lines[0].label.startswith(slc.id)
    else:  # the real review names no price: the confirmation says so, and which image it is about
        assert quote.authorized and quote.total is None
        (line,) = quote.lines
        assert line.amount is None and "gives no price" in line.label and slc.id in line.label
    order = provider.submit(request)
    assert calls(sandbox, "POST", "/orders") == 1
    sandbox.state.clock.advance(10)
    order = provider.refresh_orders([order])[0]
    assert order.status == OrderStatus.COMPLETED and order.name == "flow-archive"
    assets = provider.results(order)
    roles = {a.role for a in assets}
    assert {"raster", "metadata", "thumbnail"} <= roles
    raster = next(a for a in assets if a.file_name == f"{slc.id}.tif")
    fetch_whole(provider, raster, tmp_path / raster.file_name)
    assert_geotiff(tmp_path / raster.file_name, 2)  # SLC: I and Q
    if costs:  # a second order of the same granule is free: previously ordered
        assert provider.quote(request).total == 0


def test_full_tasking_flow_approve_complete_order_and_download(sandbox, provider, tmp_path):
    wf = workflow(provider, "tasking")
    assert wf.options_schema["properties"]["collectionTier"]["enum"]
    quote = provider.quote(OrderRequest(workflow=wf, name="t", aoi=ROME))
    assert quote.authorized and quote.lines
    opens = datetime.now(timezone.utc) + timedelta(hours=1)
    request = OrderRequest(workflow=wf, name="flow-task", aoi=ROME, options={
        "collectionTier": "priority", "collectMode": "spotlight", "offNadirMin": 20, "offNadirMax": 40,
        "windowOpen": opens.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "windowClose": (opens + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")})
    order = provider.submit(request)
    assert order.kind == "tasking" and order.status == OrderStatus.QUEUED
    assert order.sub_status == "awaiting approval" and "$" in order.message
    body = order.raw
    assert body["geometry"]["type"] == "Point"  # the AOI centroid
    lon, lat = body["geometry"]["coordinates"]
    # the area centroid of the 0.3° × 0.2° box: on its middle meridian, 8.7 m south of its mid-latitude (more area
    # lies nearer the equator)
    assert abs(lon - 12.5) < 1e-9 and abs((lat - 41.9) * 111_195 + 8.7) < 0.1
    constraints = body["properties"]["collectConstraints"]
    assert {k: constraints[k] for k in ("collectMode", "offNadirMin", "offNadirMax")} == {
        "collectMode": "spotlight", "offNadirMin": 20, "offNadirMax": 40}
    assert constraints["lookDirection"] == "either" and constraints["numLooks"] == 9  # filled by the service
    sandbox.state.clock.advance(3600)
    assert provider.order(order.id).status == OrderStatus.QUEUED  # nothing happens before approval
    assert provider.results(order) == []
    provider.approve_tasking_request(order.id)
    sandbox.state.clock.advance(3600)
    order = provider.refresh_orders([order])[0]
    assert order.status == OrderStatus.COMPLETED and order.raw_status == "completed"
    assets = provider.results(order)
    assert calls_prefix(sandbox, "POST", "/orders/task/") == 1
    provider.results(order)
    assert calls_prefix(sandbox, "POST", "/orders/task/") == 1  # ordered once
    raster = next(a for a in assets if a.role == "raster" and "_GEO_" in a.file_name and "preview" not in a.file_name)
    fetch_whole(provider, raster, tmp_path / raster.file_name)
    assert_geotiff(tmp_path / raster.file_name, 1)


def test_signed_cog_streams_through_gdal_vsicurl(sandbox, provider):
    """The STREAMING capability: GDAL reads the COG by ranges straight from the presigned URL."""
    from osgeo import gdal

    order = _geo_order(provider)
    raster = next(a for a in provider.results(order) if a.role == "raster" and "preview" not in a.file_name)
    old = gdal.GetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN")
    gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "EMPTY_DIR")
    try:
        ds = gdal.Open("/vsicurl/" + provider.fresh_asset_url(order.id, raster.file_name))
        assert ds is not None and ds.RasterCount == 1
        assert ds.GetRasterBand(1).Checksum() >= 0
        ds = None
    finally:
        gdal.SetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", old)
    assert any(m == "GET" and "/_files/" in p for m, p in sandbox.state.requests)


def test_expired_order_gives_a_clear_message(sandbox, provider):
    sandbox.state.config.extra["capella_orders_expire"] = True
    order = _geo_order(provider)
    sandbox.state.clock.advance(2 * 3600)
    with pytest.raises(ProviderError) as err:
        provider.fresh_asset_url(order.id, "anything.tif")
    assert err.value.code == "ORDER_EXPIRED" and "place it again" in str(err.value)


def test_sandbox_tasks_paged_accepts_post_and_checks_the_organization(sandbox, provider):
    org = provider.user_info()["organizationId"]
    headers = {"Authorization": f"ApiKey {KEY}"}
    url = api(sandbox, "/tasks/paged")
    resp = requests.post(url, params={"page": 1, "limit": 100, "organizationId": org}, headers=headers, timeout=10)
    assert resp.status_code == 200 and resp.json()["currentPage"] == 1 and resp.json()["totalPages"] == 1
    assert requests.get(url, params={"page": 1}, headers=headers, timeout=10).status_code == 400
    resp = requests.get(url, params={"organizationId": "someone-else"}, headers=headers, timeout=10)
    assert resp.status_code == 403 and resp.json()["error"]["code"] == "NOT_AUTHORIZED"


def test_tasking_request_can_be_cancelled_until_it_is_final(sandbox, provider):
    order = provider.submit(OrderRequest(workflow=workflow(provider, "tasking"), name="to-cancel", aoi=ROME,
                                         options={"collectionTier": "flexible", "collectMode": "stripmap",
                                                  "geometryType": "Polygon"}))
    assert order.raw["geometry"]["type"] == "Polygon"
    cancelled = provider.cancel(order.id)
    assert cancelled.status == OrderStatus.CANCELLED and cancelled.raw_status == "canceled"
    with pytest.raises(ProviderError) as err:
        provider.cancel(order.id)
    assert err.value.code == "UNABLE_TO_UPDATE_FINALIZED_TRANSACTION"
    resp = requests.get(api(sandbox, "/orders"), headers={"Authorization": f"ApiKey {KEY}"}, timeout=10)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "VALIDATION_ERROR"


def test_order_action_approves_a_tasking_request(sandbox, provider):
    wf = workflow(provider, "tasking")
    opens = datetime.now(timezone.utc) + timedelta(hours=1)
    order = provider.submit(OrderRequest(workflow=wf, name="approve-action", aoi=ROME, options={
        "collectionTier": "priority", "collectMode": "spotlight", "windowOpen": opens.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "windowClose": (opens + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M:%SZ")}))
    (action,) = provider.order_actions(order)
    assert action.id == "approve" and "$" in action.confirm
    approved = provider.run_order_action(order, action.id)
    assert approved.sub_status == "" and provider.order_actions(approved) == []


# ----------------------------------------------------------------------------------------------- tasking point

def square(lon0: float, lat0: float, side_m: float) -> tuple[dict, tuple[float, float]]:
    """A ``side_m`` square AOI with its south-west corner at (lon0, lat0), and its exact centre."""
    dlat = side_m / 111_195.0
    dlon = side_m / (111_195.0 * math.cos(math.radians(lat0)))
    ring = [[lon0, lat0], [lon0 + dlon, lat0], [lon0 + dlon, lat0 + dlat], [lon0, lat0 + dlat], [lon0, lat0]]
    return {"type": "Polygon", "coordinates": [ring]}, (lon0 + dlon / 2, lat0 + dlat / 2)


def metres_off(point: tuple[float, float], centre: tuple[float, float]) -> float:
    dx = ((point[0] - centre[0] + 180.0) % 360.0 - 180.0) * 111_195.0 * math.cos(math.radians(centre[1]))
    return math.hypot(dx, (point[1] - centre[1]) * 111_195.0)


@pytest.mark.parametrize("side", [2.0, 22.0])
@pytest.mark.parametrize("corner", [(-122.416315, 37.76124), (139.7454, 35.6586), (12.4923, 41.8902),
                                    (179.99998, -16.5)], ids=["san-francisco", "tokyo", "rome", "antimeridian"])
def test_tasking_point_of_a_small_aoi_is_its_centre(side, corner):
    """The shoelace formula on raw degrees put a 2 m AOI over San Francisco 9 km off and a 22 m one over Tokyo
    31 m off; the local equal-area centroid is within a millimetre."""
    aoi, centre = square(*corner, side)
    assert metres_off(capella.polygon_centroid(aoi["coordinates"][0]), centre) < 0.001


def test_tasking_request_for_a_2m_aoi_points_at_its_centre(sandbox, provider):
    aoi, centre = square(-122.416315, 37.76124, 2.0)
    order = provider.submit(OrderRequest(workflow=workflow(provider, "tasking"), name="tiny", aoi=aoi,
                                         options={"collectionTier": "standard", "collectMode": "spotlight"}))
    point = order.raw["geometry"]["coordinates"]
    assert order.raw["geometry"]["type"] == "Point" and metres_off(tuple(point), centre) < 0.001


def test_line_or_point_aoi_falls_back_to_the_mean():
    assert capella.polygon_centroid([[10.0, 50.0], [10.0, 50.0], [10.0, 50.0]]) == pytest.approx((10.0, 50.0))
    lon, lat = capella.polygon_centroid([[10.0, 50.0], [10.00002, 50.0], [10.0, 50.0]])
    assert lon == pytest.approx(10.00001, abs=1e-9) and lat == pytest.approx(50.0, abs=1e-9)


# ----------------------------------------------------------------------------------------------- contracts, auth

def test_unknown_contract_is_refused_with_a_message_that_says_what_to_fix(sandbox):
    bad = make_provider(sandbox, contract_id="no-such-contract")
    geo = search(bad, product_type="GEO").items[0]
    with pytest.raises(ValidationError) as err:
        bad.quote(OrderRequest(workflow=workflow(bad, "GEO"), name="c1", inputs=[geo.id]))
    assert err.value.status == 400 and err.value.code == "CONTRACT_NOT_FOUND"
    assert "contract id of this connection" in err.value.message
    with pytest.raises(ValidationError) as err:
        bad.submit(OrderRequest(workflow=workflow(bad, "tasking"), name="c2", aoi=ROME,
                                options={"collectionTier": "standard", "collectMode": "spotlight"}))
    assert err.value.code == "CONTRACT_NOT_FOUND" and calls(sandbox, "POST", "/task") == 1
    good = make_provider(sandbox, contract_id="sandbox-contract-1")
    order = good.submit(OrderRequest(workflow=workflow(good, "GEO"), name="c3", inputs=[geo.id]))
    assert order.status == OrderStatus.COMPLETED


def test_api_key_is_the_default_login(sandbox):
    conn = ConnectionConfig(id="k", name="Capella", kind="capella", urls=sandbox.connection_urls("capella"),
                            username="", secret=KEY, options={})
    p = CapellaProvider(conn, Transport(TransportSettings(retries=0)))
    assert p.user_info()["id"]
    assert CapellaProvider.connection_options_schema["properties"]["auth_mode"]["default"] == "api_key"
    assert calls(sandbox, "POST", "/token") == 0  # no password login was tried
