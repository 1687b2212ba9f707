# SPDX-License-Identifier: GPL-2.0-or-later
"""CREODIAS Finder provider against its strict sandbox emulator over real HTTP on 127.0.0.1."""

from __future__ import annotations

import io
import math
import time
import zipfile
from datetime import datetime, timezone

import pytest
import requests

from eo_orders.providers.base import (
    AuthError,
    Capability,
    ConnectionConfig,
    InputQuery,
    NotFoundError,
    OrderRequest,
    OrderStatus,
    ProviderError,
    ValidationError,
    Workflow,
)
from eo_orders.providers.creodias_finder import CreodiasFinderProvider, parse_order, strip_title
from eo_orders.providers.http import TokenAuth
from sandbox.creodias import seed_order, store

USER = "demo@example.com"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}


def provider(sandbox, password: str | None = None, urls: dict | None = None, **options) -> CreodiasFinderProvider:
    conn = ConnectionConfig(id="f", name="finder", kind="creodias_finder",
                            urls=urls or sandbox.connection_urls("creodias"), username=USER,
                            secret=password if password is not None else sandbox.state.config.users[USER],
                            options=options)
    return CreodiasFinderProvider(conn)


def sen2cor(p: CreodiasFinderProvider) -> Workflow:
    return next(w for w in p.workflows() if w.id == "sen2cor")


def count(sandbox, method: str, suffix: str) -> int:
    return sum(1 for m, path in sandbox.state.requests if m == method and path.endswith(suffix))


def finish_orders(sandbox) -> None:
    cfg = sandbox.state.config
    r = requests.post(f"{sandbox.base_url}/_sandbox/advance",
                      json={"seconds": cfg.queued_seconds + cfg.processing_seconds + 1}, timeout=10)
    assert r.ok


# ------------------------------------------------------------------------------------------- contract

def test_kind_urls_and_capabilities(sandbox):
    assert set(sandbox.connection_urls("creodias")) == set(CreodiasFinderProvider.default_urls)
    caps = CreodiasFinderProvider.capabilities
    for cap in (Capability.ORDER_BY_PRODUCT, Capability.SEARCH_INPUTS, Capability.CANCEL, Capability.ORDER_ITEMS):
        assert cap in caps
    assert Capability.QUOTE not in caps


def test_workflows_default_sen2cor_with_options_schema(sandbox):
    p = provider(sandbox)
    wfs = p.workflows()
    assert wfs[0].id == "sen2cor" and "download" in [w.id for w in wfs]
    schema = wfs[0].options_schema
    assert schema["properties"]["priority"]["type"] == "integer"
    with pytest.raises(ValidationError) as exc:
        p.validate(OrderRequest(workflow=wfs[0], name="x", inputs=["a"], options={"priority": "high"}))
    assert "priority" in exc.value.field_errors
    with pytest.raises(ValidationError) as exc:
        p.validate(OrderRequest(workflow=wfs[0], name="x", inputs=["a"], options={"callback": "ftp://x"}))
    assert "callback" in exc.value.field_errors
    p.validate(OrderRequest(workflow=wfs[0], name="x", inputs=["a"], options={"priority": 3,
                                                                               "callback": "https://example.com/cb"}))
    assert [w.id for w in p.workflows("orderable")] == ["download"]


def test_strip_title():
    assert strip_title("S2A_MSIL1C_X.SAFE") == "S2A_MSIL1C_X"
    assert strip_title("S2A_MSIL1C_X.zip") == "S2A_MSIL1C_X"
    assert strip_title("/eodata/Sentinel-2/S2A_MSIL1C_X.SAFE/") == "S2A_MSIL1C_X"


def test_sandbox_token_and_summary_match_real_shapes(sandbox, shared_fixture):
    real_token = shared_fixture("creodias_finder/keycloak_token_response.json")
    urls = sandbox.connection_urls("creodias")
    r = requests.post(urls["token"], data={"client_id": "CLOUDFERRO_PUBLIC", "grant_type": "password",
                                           "username": USER, "password": sandbox.state.config.users[USER]},
                      timeout=10)
    assert r.status_code == 200
    assert set(real_token) <= set(r.json())
    assert r.json()["expires_in"] == real_token["expires_in"] == 300  # the captured reply, not the doc's 10 min
    real_summary = shared_fixture("creodias_finder/order_summary_response.json")
    oid = seed_order(sandbox.state, 3)
    summary = provider(sandbox).order_summary(str(oid))
    assert set(summary) == set(real_summary)
    assert summary["done_order_items_count"] == 3 and summary["status"] == "done"
    assert parse_order({"id": 1, **real_summary}).status == OrderStatus.IN_PROGRESS


# ------------------------------------------------------------------------------------------------ auth

@pytest.mark.parametrize("password", ["demo-Pa55 &=%é word", "ends with &", "a=b&c=d%20e+f ü€ 漢字", "%%&&=="])
def test_password_with_special_characters(sandbox, password):
    sandbox.state.config.users = {USER: password}
    p = provider(sandbox, password)
    assert p.orders().items == []
    assert p.auth.logins == 1


def test_wrong_password_is_invalid_grant_message(sandbox):
    p = provider(sandbox, "wrong&")
    with pytest.raises(AuthError) as exc:
        p.orders()
    assert exc.value.code == "invalid_grant"
    assert "Invalid user credentials" in exc.value.message and "wrong&" not in str(exc.value)


def test_lower_case_realm_works(sandbox):
    urls = dict(sandbox.connection_urls("creodias"))
    urls["token"] = urls["token"].replace("/identity/auth/realms/DIAS/", "/realms/dias/")
    assert provider(sandbox, urls=urls).orders().total == 0
    urls["token"] = urls["token"].replace("/realms/dias/", "/realms/other/")
    with pytest.raises(ProviderError):
        provider(sandbox, urls=urls).orders()


def test_totp_sent_when_configured(sandbox):
    sandbox.state.config.totp = {USER: "123456"}
    with pytest.raises(AuthError):
        provider(sandbox).orders()
    assert provider(sandbox, totp="123456").orders().total == 0


def test_token_refreshed_before_expiry(sandbox):
    sandbox.state.config.token_lifetime = 1.5  # renewed after ~1 s (a third of the life as margin)
    p = provider(sandbox)
    p.orders()
    first = p.auth.token(p.transport)
    time.sleep(1.2)
    p.orders()
    assert p.auth.token(p.transport) != first
    assert count(sandbox, "POST", "/openid-connect/token") == 2
    assert p.auth.logins == 1  # the second token came from the refresh grant, not a new password login


def test_forbidden_token_gets_one_fresh_login(sandbox):
    p = provider(sandbox)
    p.orders()
    old = p.auth.token(p.transport)
    sandbox.state.tokens.revoke(old)  # the server forgets it: 403 like the doc
    assert p.orders().total == 0
    assert p.auth.token(p.transport) != old
    assert count(sandbox, "POST", "/openid-connect/token") == 2
    assert count(sandbox, "GET", "/api/order/") == 3  # one 403, one retry after the renewal


def test_token_never_accepted_gives_clear_message(sandbox):
    p = provider(sandbox)
    p.auth = TokenAuth(lambda transport, refresh: ("not-a-token", 600, None), header="Keycloak-Token", scheme="")
    with pytest.raises(AuthError) as exc:
        p.orders()
    assert exc.value.status == 403 and exc.value.code == "403"
    assert "Forbidden" in exc.value.message and "Keycloak token was not accepted" in exc.value.message


# --------------------------------------------------------------------------------------- sandbox strict

def test_sandbox_is_strict_about_header_slash_and_body(sandbox):
    urls = sandbox.connection_urls("creodias")
    api = urls["api"]
    r = requests.get(f"{api}/", timeout=10)  # the one documented refusal: 403 <module>- Forbidden
    assert r.status_code == 403 and r.json() == {"ErrorMessage": "getOrders- Forbidden", "ErrorCode": 403}
    r = requests.get(f"{api}/", headers={"Authorization": "Bearer x"}, timeout=10)
    assert r.status_code == 403  # the token goes in Keycloak-Token, not Authorization
    sandbox.state.config.extra["finder_missing_token_401"] = True  # the guessed 401, behind a switch
    r = requests.get(f"{api}/", timeout=10)
    assert r.status_code == 401 and r.json() == {"ErrorMessage": "getOrders- Unauthorized", "ErrorCode": 401}
    r = requests.get(f"{api}/", headers={"Keycloak-Token": "nope"}, timeout=10)
    assert r.status_code == 403 and r.json() == {"ErrorMessage": "getOrders- Forbidden", "ErrorCode": 403}
    p = provider(sandbox)
    tok = {"Keycloak-Token": p.auth.token(p.transport)}
    r = requests.get(api, headers=tok, timeout=10)
    assert r.status_code == 404 and r.json() == {"ErrorMessage": "processModuleRoute - Not Found", "ErrorCode": 404}
    oid = seed_order(sandbox.state, 2)
    assert requests.get(f"{api}/{oid}", headers=tok, timeout=10).status_code == 404
    assert requests.get(f"{api}/{oid}/order_items", headers=tok, timeout=10).status_code == 404
    assert requests.get(f"{api}/{oid}/order_items/?page=-1", headers=tok, timeout=10).status_code == 400
    bad_bodies = [{}, {"processor": "", "identifier_list": ["A"]}, {"processor": "sen2cor"},
                  {"processor": "sen2cor", "identifier_list": ["S2A_MSIL1C_X.SAFE"]},
                  {"processor": "sen2cor", "identifier_list": ["A"], "priority": "1"}]
    for body in bad_bodies:
        r = requests.post(f"{api}/", json=body, headers=tok, timeout=10)
        assert r.status_code == 400 and r.json()["ErrorCode"] == 400, body


def test_unknown_api_path_says_retired_or_mistyped_and_unknown_order_is_not_found(sandbox):
    urls = dict(sandbox.connection_urls("creodias"))
    urls["api"] = urls["api"].replace("/api/order", "/api/orders")
    with pytest.raises(ProviderError) as exc:
        provider(sandbox, urls=urls).orders()
    assert exc.value.code == "SERVICE_RETIRED" and "API URL" in exc.value.message
    with pytest.raises(NotFoundError) as exc:
        provider(sandbox).order("999")
    assert exc.value.status == 404


def test_other_users_orders_are_invisible(sandbox):
    sandbox.state.config.users = {USER: "pw-1", "other@example.com": "pw-2"}
    oid = seed_order(sandbox.state, 2, user="other@example.com")
    p = provider(sandbox, "pw-1")
    assert p.orders().total == 0
    with pytest.raises(NotFoundError):
        p.order(str(oid))


# -------------------------------------------------------------------------------------------- paging

@pytest.mark.parametrize("n", [0, 1, 9, 10, 11, 20, 89, 1000])
def test_order_items_paging(sandbox, n):
    oid = seed_order(sandbox.state, n)
    expected = [i.id for i in store(sandbox.state).orders[oid].items]
    items = provider(sandbox).order_items(str(oid))
    assert [int(i.id) for i in items] == expected  # all, in order, no duplicates
    assert len({i.id for i in items}) == n
    assert all(i.status == OrderStatus.COMPLETED and i.result_name.endswith(".SAFE") for i in items)
    # the stop rule: page 0, then exactly the pages total needs, never one more
    assert count(sandbox, "GET", f"/api/order/{oid}/order_items/") == max(1, math.ceil(n / 10))


@pytest.mark.parametrize("shape", ["paged", "list"])
def test_order_list_in_either_guessed_shape(sandbox, shape):
    """Nothing real shows the order list's body: the client reads a page like the items' or a bare list."""
    sandbox.state.config.extra["finder_order_list"] = shape
    ids = [seed_order(sandbox.state, 1, name=f"o{i}") for i in range(23)]
    p = provider(sandbox)
    page = p.orders()
    assert page.total == 23 and sorted(int(o.id) for o in page.items) == ids
    assert count(sandbox, "GET", "/api/order/") == (3 if shape == "paged" else 1)
    assert [o.name for o in p.find_orders_by_name("o7")] == ["o7"]


@pytest.mark.parametrize("status", [404, 410])
def test_retired_order_api_says_so(sandbox, status):
    """The RESTO Finder API is deprecated: a 404 for the module route or a 410 means the service is gone."""
    oid = seed_order(sandbox.state, 1)
    p = provider(sandbox)
    sandbox.state.config.extra["finder_retired"] = status
    for call in (p.orders, lambda: p.order(str(oid)), lambda: p.cancel(str(oid)),
                 lambda: p.submit(OrderRequest(workflow=sen2cor(p), name="late", inputs=["S2A_MSIL1C_X"]))):
        with pytest.raises(ProviderError) as exc:
            call()
        assert exc.value.code == "SERVICE_RETIRED" and exc.value.status == status
        assert "has been retired" in exc.value.message and "OData" in exc.value.message
        assert not isinstance(exc.value, NotFoundError)


@pytest.mark.parametrize("workers", [6, 3])
def test_pages_fetched_concurrently_and_bounded(sandbox, workers):
    sandbox.state.config.extra["creodias_page_delay"] = 0.15
    oid = seed_order(sandbox.state, 200)
    p = provider(sandbox)
    p.page_workers = workers
    assert len(p.order_items(str(oid))) == 200
    peak = store(sandbox.state).max_in_flight
    assert 2 <= peak <= workers


# ---------------------------------------------------------------------------------- orders lifecycle

def test_submit_statuses_on_clock_reconcile_and_cancel(sandbox):
    p = provider(sandbox)
    wf = sen2cor(p)
    titles = ["SEED_S2A_MSIL1C_20230610T100031_N0509_R122_T33TTG_A.SAFE",
              "SEED_S2A_MSIL1C_20230610T100031_N0509_R122_T33TTG_FAILME.zip"]
    order = p.submit(OrderRequest(workflow=wf, name="eo-orders-123", inputs=titles, priority=5))
    assert order.status == OrderStatus.QUEUED and order.name == "eo-orders-123" and order.workflow_name == "sen2cor"
    sent = store(sandbox.state).orders[int(order.id)]
    assert [i.name for i in sent.items] == [strip_title(t) for t in titles] and sent.priority == 5
    assert [o.id for o in p.find_orders_by_name("eo-orders-123")] == [order.id]
    assert p.find_orders_by_name("nope") == []
    sandbox.state.clock.advance(sandbox.state.config.queued_seconds + 0.1)
    running = p.order(order.id)
    assert running.status == OrderStatus.IN_PROGRESS and running.raw_status == "processing"
    finish_orders(sandbox)
    done = p.order(order.id)
    assert done.status == OrderStatus.COMPLETED and done.raw_status == "done_with_error"
    assert [i.status for i in done.items] == [OrderStatus.COMPLETED, OrderStatus.FAILED]
    assert "1 of 2" in done.message and done.items[1].message
    with pytest.raises(ProviderError) as exc:
        p.cancel(order.id)
    assert exc.value.status == 400 and "already" in exc.value.message

    second = p.submit(OrderRequest(workflow=wf, name="to-cancel", inputs=[titles[0]]))
    cancelled = p.cancel(second.id)
    assert cancelled is not None and cancelled.status == OrderStatus.CANCELLED
    finish_orders(sandbox)
    assert p.order(second.id).items[0].raw_status == "cancelled"
    assert [o.status for o in p.refresh_orders([second, order])] == [OrderStatus.CANCELLED, OrderStatus.COMPLETED]


def test_unknown_processor_and_empty_inputs(sandbox):
    p = provider(sandbox)
    with pytest.raises(ProviderError) as exc:
        p.submit(OrderRequest(workflow=Workflow(id="nope", name="nope"), name="x", inputs=["SEED_A"]))
    assert exc.value.status == 400 and "Unknown processor" in exc.value.message and exc.value.code == "400"
    with pytest.raises(ValidationError):
        p.submit(OrderRequest(workflow=sen2cor(p), name="x", inputs=[]))
    assert count(sandbox, "POST", "/api/order/") == 1


# ------------------------------------------------------------------------------------ search + full flow

def _search(p, **kw):
    return p.search_inputs(InputQuery(aoi=ROME, start=datetime(2015, 1, 1, tzinfo=timezone.utc),
                                      end=datetime(2030, 1, 1, tzinfo=timezone.utc), **kw))


def test_search_inputs_over_rome_with_cloud_filter(sandbox):
    pytest.importorskip("sandbox.catalogue")
    p = provider(sandbox)
    everything = _search(p)
    assert everything.items, "the shared catalogue has S2 L1C products around Rome"
    assert all(i.product_type == "S2MSI1C" and i.footprint for i in everything.items)
    starts = [i.sensing_start for i in everything.items]
    assert starts == sorted(starts)
    clear = _search(p, max_cloud_cover=20)
    assert {i.id for i in clear.items} <= {i.id for i in everything.items}
    assert all(i.cloud_cover is not None and i.cloud_cover <= 20 for i in clear.items)
    assert len(clear.items) < len(everything.items)
    limited = _search(p, limit=2)
    assert [i.id for i in limited.items] == [i.id for i in everything.items[:2]]


def test_full_flow_to_band_geotiffs(sandbox, tmp_path):
    pytest.importorskip("sandbox.catalogue")
    from osgeo import gdal

    p = provider(sandbox)
    assert p.workflows()[0].id == "sen2cor"
    found = _search(p, max_cloud_cover=60, limit=2)
    assert found.items
    names = [i.name for i in found.items]
    order = p.submit(OrderRequest(workflow=sen2cor(p), name="flow-1", inputs=names))
    finish_orders(sandbox)
    done = p.order(order.id)
    assert done.status == OrderStatus.COMPLETED and done.raw_status == "done"
    assets = p.results(done)
    assert len(assets) == len(names)
    asset = assets[0]
    assert asset.role == "zip" and asset.media_type == "application/zip" and asset.file_name.endswith(".zip")
    assert "MSIL2A" in asset.file_name and asset.size

    with p.open_asset(asset) as resp:
        assert resp.status_code == 200
        whole = resp.content
    assert len(whole) == asset.size
    with p.open_asset(asset, offset=1000) as resp:
        assert resp.status_code == 206
        assert resp.content == whole[1000:]
    r = requests.get(asset.href, timeout=10)
    assert r.status_code == 401  # the zipper needs the token too

    from eo_orders.providers.download import download_asset

    assert asset.checksum_algorithm == "MD5" and len(asset.checksum) == 32
    out = download_asset(lambda offset: p.open_asset(asset, offset), tmp_path, asset.file_name,
                         expected_size=asset.size, checksum=asset.checksum,
                         checksum_algorithm=asset.checksum_algorithm)  # size and MD5 verified
    assert out.read_bytes() == whole
    with zipfile.ZipFile(out) as zf:
        tifs = sorted(n for n in zf.namelist() if n.endswith(".tif"))
        assert [t.rsplit("_", 2)[-2] for t in tifs] == ["B02", "B03", "B04", "B08"]
        zf.extractall(tmp_path / "x")
    ds = gdal.Open(str(tmp_path / "x" / next(t for t in tifs if "_B04_" in t)))
    assert ds is not None and ds.RasterCount == 1 and ds.RasterXSize > 0
    assert zipfile.is_zipfile(io.BytesIO(whole))


def test_orderable_product_is_brought_online(sandbox):
    pytest.importorskip("sandbox.catalogue")
    p = provider(sandbox)
    offline = [i for i in _search(p, limit=1000).items if not i.online]
    if not offline:
        pytest.skip("the shared catalogue has no orderable (Online false) S2 L1C product over Rome")
    download = next(w for w in p.workflows() if w.id == "download")
    order = p.submit(OrderRequest(workflow=download, name="bring-online", inputs=[offline[0].name]))
    cfg = sandbox.state.config
    sandbox.state.clock.advance(cfg.queued_seconds + 0.1)
    item = p.order(order.id).items[0]
    assert item.raw_status == "downloading" and item.status == OrderStatus.IN_PROGRESS
    finish_orders(sandbox)
    done = p.order(order.id)
    assert done.status == OrderStatus.COMPLETED
    assert done.items[0].result_name == strip_title(offline[0].name) + ".SAFE"
    assets = p.results(done)
    assert len(assets) == 1 and offline[0].id in assets[0].href
    with p.open_asset(assets[0], offset=10) as resp:
        assert resp.status_code == 206 and len(resp.content) == assets[0].size - 10
    now_online = [i for i in _search(p, limit=1000).items if i.id == offline[0].id]
    assert now_online and now_online[0].online
