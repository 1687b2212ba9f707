# SPDX-License-Identifier: GPL-2.0-or-later
"""Capella: the sandbox's replies have the shapes of the real ones, and the client parses the real ones.

Real replies are read from ``../shared/fixtures/capella/`` at test time (never copied into the project). They
are the official SDK's (console-client) mocks of the real API; where a mock is visibly trimmed to what the SDK
reads (a search feature of two keys, an asset with only ``href``), the comparison allows the sandbox's extra
keys (``allow_extra``) but still requires every real key with its type. The collects listing
(``/collects/list/{id}``) is not emulated: the plugin never calls it.
"""

from __future__ import annotations

import base64
import json
from datetime import datetime, timezone

import pytest
import requests

from eo_orders.providers import capella
from eo_orders.providers.base import ConnectionConfig, InputQuery, OrderStatus, ValidationError
from eo_orders.providers.capella import CapellaProvider
from eo_orders.providers.http import Transport, TransportSettings
from tests.helpers.scripted_server import Reply, ScriptedServer
from tests.helpers.shapes import assert_same_shape

KEY = "demo-capella-key"
USER, PASSWORD = "demo@example.com", "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}
WHEN = "2024-01-01T00:00:00Z/2025-01-01T00:00:00Z"


class Api:
    """Raw HTTP to the sandbox's Capella API with the API key."""

    def __init__(self, sandbox) -> None:
        self.base = sandbox.connection_urls("capella")["api"]
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"ApiKey {KEY}"

    def call(self, method: str, path: str, **kw) -> requests.Response:
        return self.session.request(method, self.base + path, timeout=10, **kw)

    def search(self, **body) -> dict:
        reply = self.call("POST", "/catalog/search", json={"intersects": ROME, "datetime": WHEN, **body})
        assert reply.status_code == 200, reply.text
        return reply.json()

    def item(self, product: str) -> dict:
        return self.search(query={"sar:product_type": {"eq": product}}, limit=1)["features"][0]

    def items_body(self, *items: dict) -> dict:
        return {"items": [{"collectionId": i["collection"], "granuleId": i["id"]} for i in items]}

    def task(self, real_request: dict, **props) -> requests.Response:
        body = {**real_request, "properties": {**real_request["properties"], **props}}
        return self.call("POST", "/task", json=body)


# ------------------------------------------------------------------------------------------ sandbox shapes

def test_token_reply_has_the_real_shape(sandbox, shared_fixture):
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode("ascii")  # UTF-8, as the client sends it
    reply = requests.post(sandbox.connection_urls("capella")["api"] + "/token", timeout=10,
                          headers={"Authorization": f"Basic {basic}"})
    assert reply.status_code == 201
    assert_same_shape(shared_fixture("capella/token_response.json"), reply.json())


def test_search_pages_have_the_real_shape_with_relative_next_links(sandbox, shared_fixture):
    api = Api(sandbox)
    first = api.search(limit=2)
    assert_same_shape(shared_fixture("capella/catalog_search_page1_response.json"), first, allow_extra=True)
    (link,) = first["links"]
    assert link["rel"] == "next" and not link["href"].startswith(("http:", "https:", "/"))  # relative, as real
    last = api.search(limit=2, page=first["numberMatched"] // 2 + 1)
    assert_same_shape(shared_fixture("capella/catalog_search_page2_response.json"), last, allow_extra=True)
    assert last["links"] == []


def test_stac_items_carry_the_real_property_set(sandbox, shared_fixture):
    real = shared_fixture("capella/stac_item_slc.json")
    ours = Api(sandbox).item("SLC")
    assert_same_shape(real["properties"], ours["properties"])  # strict: names, types
    assert_same_shape(real, ours, allow_extra=True)


@pytest.mark.parametrize("costs", [False, True], ids=["captured-review", "review-with-costs"])
def test_review_replies_have_the_real_shapes(sandbox, shared_fixture, costs):
    sandbox.state.config.extra["capella_review_costs"] = costs
    api = Api(sandbox)
    body = api.items_body(api.item("GEO"))
    ok = api.call("POST", "/orders/review", json=body).json()
    real_ok = shared_fixture("capella/order_review_authorized_response.json")
    if costs:  # the document's costs, a guess: every real key is still there
        assert_same_shape(real_ok, ok, allow_extra=True)
        assert set(ok) == {"authorized", "orderDetails"}
    else:
        assert_same_shape(real_ok, ok)
    sandbox.state.config.extra["capella_balance"] = 1
    denied = api.call("POST", "/orders/review", json=body).json()
    assert_same_shape(shared_fixture("capella/order_review_insufficient_funds_response.json"), denied,
                      allow_extra=costs)
    assert denied["authorized"] is False


def test_orders_have_the_real_shapes(sandbox, shared_fixture):
    api = Api(sandbox)
    submitted = api.call("POST", "/orders", json=api.items_body(api.item("SLC"))).json()
    assert_same_shape(shared_fixture("capella/order_submit_response.json"), submitted)
    user = api.call("GET", "/user").json()
    listed = api.call("GET", "/orders", params={"customerId": user["id"]}).json()
    assert_same_shape(shared_fixture("capella/orders_list_response.json"), listed)
    download = api.call("GET", f"/orders/{submitted['orderId']}/download").json()
    # the SDK's mock keeps only id and assets[].href of the STAC items the document describes
    assert_same_shape(shared_fixture("capella/order_download_response.json"), download, allow_extra=True)
    sandbox.state.config.extra["capella_balance"] = 1
    rejected = api.call("POST", "/orders", json=api.items_body(api.item("GEO"))).json()
    assert_same_shape(shared_fixture("capella/order_rejected_response.json"), rejected)


def test_task_reply_carries_the_server_filled_constraints(sandbox, shared_fixture):
    real = shared_fixture("capella/task_response.json")
    request = shared_fixture("capella/requests/task_request_standard_stripmap_point.json")
    reply = Api(sandbox).task(request, windowOpen="2030-01-01T00:00:00.000Z", windowClose="2030-01-08T00:00:00.000Z")
    assert reply.status_code == 201, reply.text
    ours = reply.json()
    sent = set(request["properties"])
    echoed = {k: v for k, v in ours["properties"].items() if k in sent - set(real["properties"])}
    assert echoed == {"productCategory": "standard"}  # what the request itself sent comes back
    assert_same_shape(real, {**ours, "properties": {k: v for k, v in ours["properties"].items() if k not in echoed}})
    constraints = ours["properties"]["collectConstraints"]
    assert set(constraints) == set(real["properties"]["collectConstraints"])  # every default filled in
    assert constraints["collectMode"] == "stripmap" and constraints["lookDirection"] == "either"


def test_task_listing_has_the_real_shape_and_is_oldest_first(sandbox, shared_fixture):
    sandbox.state.config.extra["capella_history_tasks"] = 3
    api = Api(sandbox)
    org = api.call("GET", "/user").json()["organizationId"]
    page = api.call("GET", "/tasks/paged", params={"page": 1, "limit": 100, "organizationId": org}).json()
    assert_same_shape(shared_fixture("capella/tasks_paged_response.json"), page)
    stamps = [t["properties"]["submissionTime"] for t in page["results"]]
    assert len(stamps) == 3 and stamps == sorted(stamps)


def test_error_replies_have_the_real_shapes(sandbox, shared_fixture):
    api = Api(sandbox)
    request = shared_fixture("capella/requests/task_request_custom_spotlight_point.json")
    bad = api.call("POST", "/task", json={**request, "contractId": "invalid-contract"})
    assert bad.status_code == 400
    assert bad.json() == shared_fixture("capella/error_contract_not_found_400.json")
    created = api.task(request, windowOpen="2030-01-01T00:00:00.000Z", windowClose="2030-01-08T00:00:00.000Z")
    task_id = created.json()["properties"]["taskingrequestId"]
    assert api.call("PATCH", f"/task/{task_id}/status", json={"status": "canceled"}).status_code == 200
    final = api.call("PATCH", f"/task/{task_id}/status", json={"status": "canceled"})
    assert final.status_code == 400
    assert_same_shape(shared_fixture("capella/error_task_cancel_finalized_400.json"), final.json())
    assert final.json()["error"]["code"] == "UNABLE_TO_UPDATE_FINALIZED_TRANSACTION"


# -------------------------------------------------------------------------------- the client on real replies

USER_BODY = {"id": "MOCK_ID", "organizationId": "MOCK_ORG_ID", "email": USER}


def scripted_provider(server: ScriptedServer) -> CapellaProvider:
    server.script("/user", Reply(200, USER_BODY))
    conn = ConnectionConfig(id="real", name="Capella replay", kind="capella", urls={"api": server.url},
                            username="", secret=KEY)
    return CapellaProvider(conn, Transport(TransportSettings(retries=0)))


def test_client_follows_the_real_relative_next_link(shared_fixture):
    with ScriptedServer() as server:
        p = scripted_provider(server)
        server.script("/catalog/search", Reply(200, shared_fixture("capella/catalog_search_page1_response.json")),
                      Reply(200, shared_fixture("capella/catalog_search_page2_response.json")))
        page = p.search_inputs(InputQuery(aoi=ROME, start=datetime(2021, 4, 1, tzinfo=timezone.utc),
                                          end=datetime(2021, 5, 1, tzinfo=timezone.utc), limit=10))
        assert [i.id for i in page.items] == ["CAPELLA_C02_SP_SLC_HH_20210422052316_20210422052318",
                                              "CAPELLA_C02_SP_GEC_HH_20210422052305_20210422052329",
                                              "CAPELLA_C02_SP_GEO_HH_20210422052305_20210422052329",
                                              "CAPELLA_C02_SP_SICD_HH_20210422052316_20210422052318"]
        assert page.total == 4 and all(i.collection == "capella-archive" for i in page.items)
        second = [s for s in server.seen if s.path.startswith("/catalog/")][1]
        # "next_href?page=2" resolves off the search path: the client stays on the search URL, keeps the query
        assert second.path == "/catalog/search?page=2" and json.loads(second.body)["page"] == 2
        assert second.headers["Authorization"] == f"ApiKey {KEY}"


def test_next_link_on_another_host_stays_on_the_configured_one():
    search = "https://api.capellaspace.com/catalog/search"
    assert capella.next_search_url(search, search, "https://internal-gw:8443/catalog/search?page=3") == \
        f"{search}?page=3"
    assert capella.next_search_url(search, search, "search?page=2") == f"{search}?page=2"
    assert capella.next_search_url(search, search, "/catalog/search?page=4") == f"{search}?page=4"


def test_client_parses_real_items_orders_reviews_and_tasks(shared_fixture):
    slc = capella.parse_product(shared_fixture("capella/stac_item_slc.json"))
    assert (slc.product_type, slc.collection) == ("SLC", "capella-archive")
    assert slc.sensing_start == datetime(2024, 5, 12, 17, 17, 8, 841022, tzinfo=timezone.utc)

    submitted = capella.parse_order(shared_fixture("capella/order_submit_response.json"))
    assert (submitted.id, submitted.status, submitted.size) == ("1", OrderStatus.COMPLETED, 100000000)
    assert [i.id for i in submitted.items] == ["CAPELLA_C02_SM_SLC_HH_20201126192221_20201126192225"]
    rejected = capella.parse_order(shared_fixture("capella/order_rejected_response.json"))
    assert (rejected.status, rejected.message) == (OrderStatus.FAILED, "Rejected by Capella.")

    ok = capella.parse_review(shared_fixture("capella/order_review_authorized_response.json"), ["G1"])
    assert ok.authorized and ok.total is None
    (line,) = ok.lines  # the confirmation still says something true: no price was given, for which image
    assert line.amount is None and "gives no price" in line.label and "G1" in line.label
    denied = capella.parse_review(shared_fixture("capella/order_review_insufficient_funds_response.json"), ["G1"])
    assert not denied.authorized and "AUTHORIZATION_INSUFFICIENT_FUNDS" in denied.reason and not denied.lines

    task = capella.parse_task(shared_fixture("capella/task_response.json"))
    assert (task.id, task.name, task.status, task.raw_status) == (
        "task:abc", "TASKING_REQUEST_NAME", OrderStatus.COMPLETED, "completed")
    assert task.submitted_at == datetime(2020, 4, 21, 21, 20, 54, 385000, tzinfo=timezone.utc)

    err = capella.capella_error(_response(400, shared_fixture("capella/error_contract_not_found_400.json")))
    assert isinstance(err, ValidationError) and err.code == "CONTRACT_NOT_FOUND"
    final = capella.capella_error(_response(400, shared_fixture("capella/error_task_cancel_finalized_400.json")))
    assert final.code == "UNABLE_TO_UPDATE_FINALIZED_TRANSACTION" and "customer-cancelled" in final.message


def test_client_lists_and_downloads_from_real_replies(shared_fixture):
    with ScriptedServer() as server:
        p = scripted_provider(server)
        server.script("/orders", Reply(200, shared_fixture("capella/orders_list_response.json")))
        server.script("/tasks/paged", Reply(200, shared_fixture("capella/tasks_paged_response.json")))
        since = datetime(2020, 1, 1, tzinfo=timezone.utc)
        tasks = p.tasking_requests(since=since)
        # the real page is oldest-first (abc 2020, def 2021); the client lists newest first
        assert [(t.id, t.status) for t in tasks] == [("task:def", OrderStatus.IN_PROGRESS),
                                                     ("task:abc", OrderStatus.COMPLETED)]
        (order,) = p._archive_orders()
        assert (order.id, order.status) == ("1", OrderStatus.COMPLETED)
        server.script("/orders/1/download", Reply(200, shared_fixture("capella/order_download_response.json")))
        assets = p.results(order)
        assert [(a.file_name, a.role) for a in assets] == [
            ("CAPELLA_C02_SM_GEO_HH_20210119154519_20210119154523.png", "raster"),
            ("CAPELLA_C02_SM_GEO_HH_20210119154519_20210119154523_thumb.png", "thumbnail"),
            ("CAPELLA_C02_SM_GEO_HH_20210119154529_20210119154533.png", "raster"),
            ("CAPELLA_C02_SM_GEO_HH_20210119154529_20210119154533_thumb.png", "thumbnail")]


def _response(status: int, body: dict) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = json.dumps(body).encode()
    resp.headers["Content-Type"] = "application/json"
    return resp


def test_client_requests_have_the_shapes_of_the_vendors_requests(shared_fixture):
    """What the client sends matches the vendor's own Postman requests (order body, point tasking request)."""
    from eo_orders.providers.base import OrderRequest

    stac = shared_fixture("capella/stac_item_slc.json")
    with ScriptedServer() as server:
        p = scripted_provider(server)
        p._known[stac["id"]] = stac  # as if found by a search
        server.script("/orders/review", Reply(200, shared_fixture("capella/order_review_authorized_response.json")))
        server.script("/orders", Reply(200, shared_fixture("capella/order_submit_response.json")))
        wf = next(w for w in p.workflows() if w.name == "SLC")
        p.submit(OrderRequest(workflow=wf, name="postman-order", inputs=[stac["id"]]))
        server.script("/task", Reply(201, shared_fixture("capella/task_response.json")))
        tasking = next(w for w in p.workflows() if w.name == "tasking")
        aoi = {"type": "Polygon", "coordinates": [[[-122.4164, 37.7612], [-122.4162, 37.7612],
                                                   [-122.4162, 37.7613], [-122.4164, 37.7613],
                                                   [-122.4164, 37.7612]]]}
        p.submit(OrderRequest(workflow=tasking, name="Standard point task", aoi=aoi, options={
            "collectionTier": "standard", "productCategory": "standard", "collectMode": "stripmap",
            "taskingrequestDescription": "Stripmap example", "windowOpen": "2030-12-19T22:57:57.284Z",
            "windowClose": "2030-12-26T22:57:57.284Z"}))
        sent = {s.path: json.loads(s.body) for s in server.seen if s.method == "POST"}
    assert_same_shape(shared_fixture("capella/requests/order_request.json"), sent["/orders"])
    assert sent["/orders/review"] == sent["/orders"]
    assert_same_shape(shared_fixture("capella/requests/task_request_standard_stripmap_point.json"), sent["/task"])
