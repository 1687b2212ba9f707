# SPDX-License-Identifier: GPL-2.0-or-later
"""UP42: the sandbox's replies have the shapes of the real ones, and the client parses the real ones.

Real replies are read from ``../shared/fixtures/up42/`` at test time (never copied into the project). Each
sandbox reply is fetched over real HTTP and compared with ``assert_same_shape``; each real reply is then
served by a small scripted server on 127.0.0.1 to the real client, whose parsed domain objects are checked.
"""

from __future__ import annotations

import requests

from eo_orders.providers.base import ConnectionConfig, NotFoundError, OrderQuery, OrderStatus, ProviderError
from eo_orders.providers.http import Transport, TransportSettings
from eo_orders.providers.up42 import Up42Provider, parse_estimate, parse_placement
from tests.helpers.scripted_server import Reply, ScriptedServer
from tests.helpers.shapes import assert_same_shape

USER, PASSWORD = "demo@example.com", "demo-Pa55 &=%é word"
TASKING = "bd102407-1814-4f92-8b5a-7697b7a73f5a"
ROME = {"type": "Polygon", "coordinates": [[[12.40, 41.85], [12.50, 41.85], [12.50, 41.93], [12.40, 41.93],
                                            [12.40, 41.85]]]}
PARAMS = {"acquisitionStart": "2026-12-01T00:00:00Z", "acquisitionEnd": "2026-12-31T00:00:00Z",
          "acquisitionMode": "mono", "cloudCoverage": 10, "incidenceAngle": 20, "geometricProcessing": "ortho",
          "radiometricProcessing": "reflectance", "spectralProcessing": "bundle", "pixelCoding": "12bits",
          "deliveredAs": "geotiff", "projection": "4326", "extraDescription": "fidelity check"}


class Api:
    """Raw HTTP to the sandbox's UP42 with a real password-grant token."""

    def __init__(self, sandbox) -> None:
        self.urls = sandbox.connection_urls("up42")
        tok = requests.post(self.urls["token"], data={"grant_type": "password", "client_id": "up42-sdk",
                                                      "username": USER, "password": PASSWORD}, timeout=10)
        tok.raise_for_status()
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {tok.json()['access_token']}"
        self.workspace = self.session.get(self.urls["userinfo"], timeout=10).json()["sub"]

    def call(self, method: str, path: str, **kw) -> requests.Response:
        return self.session.request(method, self.urls["api"] + path, timeout=10, **kw)

    def order_body(self, name: str = "fidelity", **params) -> dict:
        return {"dataProduct": TASKING, "displayName": name, "params": {**PARAMS, "displayName": name, **params},
                "featureCollection": {"type": "FeatureCollection",
                                      "features": [{"type": "Feature", "geometry": ROME, "properties": {}}]}}

    def place(self, name: str = "fidelity") -> str:
        reply = self.call("POST", "/v2/orders", params={"workspaceId": self.workspace}, json=self.order_body(name))
        assert reply.status_code == 200, reply.text
        return reply.json()["results"][0]["id"]


def wait(sandbox, queued_steps: float) -> None:
    sandbox.state.clock.advance(queued_steps * sandbox.state.config.queued_seconds + 0.1)


# ------------------------------------------------------------------------------------------ sandbox shapes

def test_pleiades_tasking_schema_is_the_real_one(sandbox, shared_fixture):
    real = shared_fixture("up42/schema_pleiades_tasking.json")
    ours = Api(sandbox).call("GET", f"/orders/schema/{TASKING}").json()
    for key in ("properties", "definitions"):
        assert_same_shape(real[key], ours[key])
    assert sorted(ours) == sorted(real) and ours["required"] == real["required"]
    assert len(ours["allOf"]) == len(real["allOf"])
    for real_block, our_block in zip(real["allOf"], ours["allOf"]):
        if "allOf" in real_block:  # the B/H block nests one if/then per mode: heterogeneous, compare pairwise
            assert sorted(our_block) == ["allOf"] and len(our_block["allOf"]) == len(real_block["allOf"])
            for real_mode, our_mode in zip(real_block["allOf"], our_block["allOf"]):
                assert_same_shape(real_mode, our_mode)
        else:
            assert_same_shape(real_block, our_block)
    for key in ("cloudCoverage", "incidenceAngle", "minBH", "maxBH"):  # the real bounds, not the document's
        assert (ours["properties"][key]["minimum"], ours["properties"][key]["maximum"]) == \
            (real["properties"][key]["minimum"], real["properties"][key]["maximum"])
    for name, definition in real["definitions"].items():  # the real enum values only
        if "anyOf" in definition:
            assert [e["const"] for e in ours["definitions"][name]["anyOf"]] == \
                [e["const"] for e in definition["anyOf"]], name


def test_sandbox_refuses_what_the_real_schema_refuses(sandbox):
    api = Api(sandbox)
    for bad in ({"cloudCoverage": 30}, {"cloudCoverage": 2}, {"incidenceAngle": 60}, {"pixelCoding": "8bits"},
                {"geometricProcessing": "primary"}, {"spectralProcessing": "pansharpened"},
                {"minBH": 0.9}):
        reply = api.call("POST", "/v2/orders/estimate", json=api.order_body(**bad)).json()
        assert reply["errors"] and not reply["results"], bad
    ok = api.call("POST", "/v2/orders/estimate", json=api.order_body(acquisitionMode="stereo", minBH=0.4,
                                                                      maxBH=0.7)).json()
    assert ok["errors"] == [] and ok["results"]


def test_estimate_and_placement_have_the_real_shapes(sandbox, shared_fixture):
    api = Api(sandbox)
    estimate = api.call("POST", "/v2/orders/estimate", json=api.order_body()).json()
    assert_same_shape(shared_fixture("up42/estimate_response_v2.json"), estimate)
    placed = api.call("POST", "/v2/orders", params={"workspaceId": api.workspace}, json=api.order_body()).json()
    assert_same_shape(shared_fixture("up42/order_placement_response_v2.json"), placed)


def test_order_has_the_real_shape_with_updated_by(sandbox, shared_fixture):
    real = shared_fixture("up42/order_v2.json")
    api = Api(sandbox)
    order_id = api.place()
    wait(sandbox, 1)  # PLACED / FEASIBILITY_WAITING_UPLOAD, like the real order
    ours = api.call("GET", f"/v2/orders/{order_id}").json()
    assert (ours["status"], ours["orderDetails"]["subStatus"]) == (real["status"], real["orderDetails"]["subStatus"])
    # orderDetails also carries the order's params (the real v1 order shows them there); the rest is strict
    assert_same_shape({k: v for k, v in real.items() if k != "orderDetails"},
                      {k: v for k, v in ours.items() if k != "orderDetails"})
    assert_same_shape(real["orderDetails"], ours["orderDetails"], allow_extra=True)
    assert ours["updatedBy"] == {"id": "system", "type": "INTERNAL"}  # the platform moved it on


def test_spring_pages_carry_sort_like_the_real_ones(sandbox, shared_fixture):
    real = shared_fixture("up42/quotations_page_response.json")
    api = Api(sandbox)
    api.place()
    page = api.call("GET", "/v2/orders", params={"workspaceId": api.workspace, "sort": "createdAt,desc"}).json()
    strip = lambda p: {k: v for k, v in p.items() if k != "content"}  # noqa: E731
    assert_same_shape(strip(real), strip(page))
    assert page["sort"]["sorted"] is True and page["pageable"]["sort"]["sorted"] is True


def test_quotations_and_feasibility_studies_have_the_real_shapes(sandbox, shared_fixture):
    sandbox.state.config.extra["up42_manual_feasibility"] = True
    api = Api(sandbox)
    order_id = api.place()
    wait(sandbox, 2)
    args = {"workspaceId": api.workspace, "orderId": order_id, "sort": "createdAt,desc"}
    waiting = api.call("GET", "/v2/tasking/feasibility-studies", params={**args, "decision": "NOT_DECIDED"})
    assert_same_shape(shared_fixture("up42/feasibility_not_decided_response.json"), waiting.json())
    study = waiting.json()["content"][0]
    chosen = api.call("PATCH", f"/v2/tasking/feasibility-studies/{study['id']}",
                      json={"acceptedOptionId": study["options"][0]["id"]})
    assert chosen.status_code == 200
    decided = api.call("GET", "/v2/tasking/feasibility-studies", params=args).json()
    assert_same_shape(shared_fixture("up42/feasibility_studies_page_response.json"), decided)
    assert decided["content"][0]["decisionOption"]["id"] == study["options"][0]["id"]
    # the path before the SDK's 2025 move is not served: one form, as the real service's today
    assert api.call("GET", "/v2/tasking/feasibility", params=args).status_code == 404
    assert api.call("PATCH", f"/v2/tasking/feasibility/{study['id']}", json={}).status_code == 404

    wait(sandbox, 1)
    quotations = api.call("GET", "/v2/tasking/quotation", params=args).json()
    assert_same_shape(shared_fixture("up42/quotations_page_response.json"), quotations)
    quotation = quotations["content"][0]
    assert api.call("PATCH", f"/v2/tasking/quotation/{quotation['id']}", json={"decision": "ACCEPTED"}).ok
    again = api.call("PATCH", f"/v2/tasking/quotation/{quotation['id']}", json={"decision": "ACCEPTED"})
    assert again.status_code == 405
    assert_same_shape(shared_fixture("up42/error_quotation_write_protected_405.json"), again.json())
    missing = api.call("PATCH", "/v2/tasking/quotation/6f83adac-0000-4546-8c35-639a3b20d2b7",
                       json={"decision": "ACCEPTED"})
    assert missing.status_code == 404
    assert_same_shape(shared_fixture("up42/error_quotation_not_found_404.json"), missing.json())


def test_cancellation_reply_names_the_order_as_the_sdk_reads_it(sandbox):
    api = Api(sandbox)
    order_id = api.place()
    reply = api.call("POST", f"/v2/orders/{order_id}/cancellation")
    assert reply.status_code == 200
    assert reply.json() == {"orderId": order_id, "status": "CANCELED"}  # up42-py reads orderId and status


def test_legacy_placement_is_not_served(sandbox):
    api = Api(sandbox)
    reply = api.call("POST", f"/workspaces/{api.workspace}/orders",
                     json={"dataProduct": TASKING, "params": {**PARAMS, "displayName": "x", "geometry": ROME}})
    assert reply.status_code == 404


# -------------------------------------------------------------------------------- the client on real replies

def scripted_provider(server: ScriptedServer) -> Up42Provider:
    server.script("/token", *[Reply(200, {"access_token": "header.payload.sig", "expires_in": 300,
                                          "token_type": "Bearer"})] * 3)
    server.script("/userinfo", *[Reply(200, {"sub": "313ba781-8aee-4585-b045-77eafa1fb592"})] * 3)
    conn = ConnectionConfig(id="real", name="UP42 replay", kind="up42",
                            urls={"api": server.url, "token": f"{server.url}/token",
                                  "userinfo": f"{server.url}/userinfo"},
                            username=USER, secret=PASSWORD)
    return Up42Provider(conn, Transport(TransportSettings(retries=0)))


def test_client_parses_real_estimate_and_placement(shared_fixture):
    quote = parse_estimate(shared_fixture("up42/estimate_response_v2.json"))
    assert (quote.total, quote.unit, quote.authorized) == (100, "credits", True)
    assert [(ln.label, ln.amount) for ln in quote.lines] == [("Order 1 (0.1 km²)", 100)]
    assert parse_placement(shared_fixture("up42/order_placement_response_v2.json")) == \
        ["da2310a2-c7fb-42ed-bead-fb49ad862c67"]


def test_client_reads_real_orders_pages_quotations_and_feasibility(shared_fixture):
    order = shared_fixture("up42/order_v2.json")
    page = {**shared_fixture("up42/quotations_page_response.json"), "content": [order]}
    with ScriptedServer() as server:
        p = scripted_provider(server)
        server.script("/v2/orders", Reply(200, page))
        listed = p.orders(OrderQuery())
        (o,) = listed.items
        assert (o.id, o.name, o.status, o.sub_status, o.kind) == (
            "da2310a2-c7fb-42ed-bead-fb49ad862c67", "Pléiades Neo over North America", OrderStatus.QUEUED,
            "FEASIBILITY_WAITING_UPLOAD", "tasking")
        assert listed.next_token is None  # the real page says last: true

        quotations = shared_fixture("up42/quotations_page_response.json")
        server.script("/v2/tasking/quotation", Reply(200, quotations))
        got = p.quotations(o.id)
        assert [(q["creditsPrice"], q["decision"]) for q in got][:2] == [(300, "ACCEPTED"), (2, "ACCEPTED")]
        assert len(got) == len(quotations["content"])

        first = shared_fixture("up42/feasibility_studies_page_response.json")  # page 1 of 3
        server.script("/v2/tasking/feasibility-studies", *[Reply(200, {**first, "number": n, "first": n == 0,
                                                                        "last": n == 2, "totalPages": 3})
                                                           for n in range(3)])
        studies = p.feasibility(o.id)
        assert len(studies) == 3 * len(first["content"])
        assert studies[0]["decisionOption"] == {"id": "377aabca-3113-4b38-853f-8f954843fb50",
                                                "description": "Feasibility option B"}
        assert studies[1]["type"] == "AUTO" and studies[1]["options"] == []
        assert server.count("/v2/tasking/feasibility") == 0  # only today's path

        waiting = shared_fixture("up42/feasibility_not_decided_response.json")
        server.script("/v2/tasking/feasibility-studies", Reply(200, waiting))
        o.sub_status = "FEASIBILITY_WAITING_RESPONSE"
        actions = p.order_actions(o)
        assert [a.label for a in actions] == ["Choose: Option 1: Extend dates",
                                              "Choose: Option 2: increase cloud cover percentage"]


def test_client_turns_real_error_replies_into_clear_errors(shared_fixture):
    with ScriptedServer() as server:
        p = scripted_provider(server)
        qid = "6f83adac-752c-4546-8c35-639a3b20d2b7"
        server.script(f"/v2/tasking/quotation/{qid}",
                      Reply(404, shared_fixture("up42/error_quotation_not_found_404.json")),
                      Reply(405, shared_fixture("up42/error_quotation_write_protected_405.json")))
        try:
            p.decide_quotation(qid, True)
        except NotFoundError as exc:
            assert exc.status == 404 and "Resource does not exist" in exc.message
        else:
            raise AssertionError("a 404 must raise NotFoundError")
        try:
            p.decide_quotation(qid, True)
        except ProviderError as exc:
            assert exc.status == 405 and "write-protected" in exc.message and "already decided" in exc.message
        else:
            raise AssertionError("a 405 must raise")
