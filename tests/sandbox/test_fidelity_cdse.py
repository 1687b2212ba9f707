# SPDX-License-Identifier: GPL-2.0-or-later
"""CDSE On-Demand Processing: the sandbox's replies have the shape of the real material, and the client reads it.

Real material, read from ``../shared/fixtures`` at test time (never copied here): CloudFerro's ordering-script
test data (batch order replies, catalogue reply, Keycloak token reply) and the eu-cdse documentation's
examples (workflow ``card_coh12_public``, production order create reply, filtered order list). Where a
real reply is shorter than ours because the document cut it or shows one example field set, the test says
so and allows extra fields; everything the real reply has, ours has with the same JSON type and nesting.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timezone

import pytest
import requests

from eo_orders.providers import cdse_odp
from eo_orders.providers.base import ConnectionConfig, InputQuery, OrderRequest, OrderStatus
from eo_orders.providers.cdse_odp import CdseOdpProvider
from eo_orders.providers.http import Transport, TransportSettings
from tests.helpers.shapes import assert_same_shape, shape_differences

USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}
START, END = datetime(2015, 1, 1, tzinfo=timezone.utc), datetime(2030, 1, 1, tzinfo=timezone.utc)
FIX = "cdse_odp/"


@pytest.fixture()
def provider(sandbox):
    conn = ConnectionConfig(id="f", name="CDSE", kind="cdse_odp", urls=sandbox.connection_urls("cdse"),
                            username=USER, secret=PASSWORD)
    p = CdseOdpProvider(conn, Transport(TransportSettings(retries=0)))
    yield p
    p.close()


def bearer(provider) -> dict[str, str]:
    return {"Authorization": f"Bearer {provider.auth.token(provider.transport)}"}


def api(sandbox, path: str) -> str:
    return sandbox.connection_urls("cdse")["api"] + path


def grd_names(provider, n: int = 2) -> list[str]:
    page = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=20))
    return [p.name for p in page.items if "FAILME" not in p.name][:n]


# ------------------------------------------------------------------------------------------ workflows
def test_workflow_has_the_documented_shape_and_input_types(sandbox, provider, shared_fixture):
    real = shared_fixture(FIX + "workflow_card_coh12_public_doc.json")
    body = requests.get(api(sandbox, "/Workflows"), params={"$filter": "Name eq 'card_coh12_public'"},
                        headers=bearer(provider), timeout=10).json()
    [ours] = body["value"]
    # the document's example shows no WorkflowOptions though it says the listing carries them: extra allowed
    assert_same_shape(real, ours, allow_extra=True)
    assert set(ours) - set(real) == {"WorkflowOptions"}
    assert ours["InputProductTypes"] == real["InputProductTypes"]
    assert (ours["Id"], ours["OutputProductType"], ours["WorkflowVersion"]) == \
        (real["Id"], real["OutputProductType"], real["WorkflowVersion"])


def test_real_workflow_parses(shared_fixture):
    real = shared_fixture(FIX + "workflow_card_coh12_public_doc.json")
    wf = cdse_odp.parse_workflow(real)
    assert (wf.id, wf.name, wf.title, wf.version) == ("47", "card_coh12_public", "Sentinel-1: Coherence (12 days)",
                                                      "3.1.0")
    assert wf.input_product_types == real["InputProductTypes"] and len(wf.input_product_types) == 10
    assert wf.kind == "processing" and wf.output_product_type == "CARD-COH12"


# --------------------------------------------------------------------------------------- production
def test_production_order_create_reply_has_the_real_shape(sandbox, provider, shared_fixture):
    real = shared_fixture(FIX + "production_order_create_response_doc.json")
    request_doc = shared_fixture(FIX + "production_order_request_card_bs_doc.json")
    body = {**request_doc, "InputProductReference": {"Reference": grd_names(provider, 1)[0]}}
    resp = requests.post(api(sandbox, "/ProductionOrder/OData.CSC.Order"), json=body, headers=bearer(provider),
                         timeout=10)
    assert resp.status_code == 201
    assert_same_shape(real, resp.json())
    ours = resp.json()["value"]
    assert isinstance(ours["Id"], str) and ours["Status"] == "queued" and ours["Priority"] == request_doc["Priority"]
    fetched = requests.get(api(sandbox, f"/ProductionOrders({ours['Id']})"), headers=bearer(provider), timeout=10)
    assert_same_shape(real, fetched.json())


def test_real_production_order_replies_parse(shared_fixture):
    created = cdse_odp.parse_production_order(cdse_odp.unwrap(
        shared_fixture(FIX + "production_order_create_response_doc.json")))
    assert (created.id, created.status, created.workflow_name) == ("9999999", OrderStatus.QUEUED, "card_bs")
    assert created.estimated_at == datetime(2023, 4, 5, 10, 33, 16, 161000, tzinfo=timezone.utc)
    assert created.expires_at is None  # card_bs results go to the public repository
    listing = shared_fixture(FIX + "production_orders_filter_response_doc_truncated.json")
    [order] = [cdse_odp.parse_production_order(e) for e in cdse_odp.entity_list(listing)]
    assert order.status == OrderStatus.COMPLETED and order.name == "S1 IW_GRDH_1S getasse30v1"
    # the listed order is an On-Demand Production of an IW_GRDH_1S from Level-0 (its reference is a RAW
    # product), but the truncated reply lacks WorkflowName: no expiry can be told from it
    assert order.expires_at is None


def test_filtered_order_list_has_the_real_shape(sandbox, provider, shared_fixture):
    """The document's reply to ``$filter=Name eq '...'``; it is cut after InputProductReference, so the
    fields after it are allowed."""
    real = shared_fixture(FIX + "production_orders_filter_response_doc_truncated.json")
    name = real["value"][0]["Name"]
    raw = requests.get(api(sandbox, "/Workflows"), params={"$filter": "Name eq 'Sentinel-1-L0-IW_GRDH_1S'"},
                       headers=bearer(provider), timeout=10).json()["value"]
    wf = cdse_odp.parse_workflow(raw[0])
    level0 = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_RAW__0S", limit=1))
    provider.submit(OrderRequest(workflow=wf, name=name, inputs=[level0.items[0].name]))
    sandbox.state.clock.advance(3600)
    body = requests.get(api(sandbox, "/ProductionOrders"), params={"$filter": f"Name eq '{name}'"},
                        headers=bearer(provider), timeout=10).json()
    assert_same_shape(real, body, allow_extra=True)
    assert body["@odata.context"] == real["@odata.context"]
    assert set(body) == set(real)
    [order] = [cdse_odp.parse_production_order(e) for e in cdse_odp.entity_list(body)]
    assert order.status == OrderStatus.COMPLETED and order.expires_at is not None


def test_documented_production_requests_are_accepted_as_sent(sandbox, provider, shared_fixture):
    """The On-Demand Production requests of the document, with a sandbox input of the same type: the
    sandbox takes their exact field names and option names (``Dem``, ``output_storage``, ``Baseline``)."""
    s1 = shared_fixture(FIX + "production_order_request_s1_grd_doc.json")
    level0 = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_RAW__0S", limit=1))
    body = {**s1, "InputProductReference": {"Reference": level0.items[0].name}}
    resp = requests.post(api(sandbox, "/ProductionOrder/OData.CSC.Order"), json=body, headers=bearer(provider),
                         timeout=10)
    assert resp.status_code == 201, resp.text
    assert resp.json()["value"]["WorkflowOptions"] == s1["WorkflowOptions"]
    s3 = shared_fixture(FIX + "production_order_request_s3_lst_doc.json")
    listed = {w.name: w for w in provider.workflows()}
    wf = listed[s3["WorkflowName"]]
    assert {o["Name"] for o in s3["WorkflowOptions"]} <= set(wf.options_schema["properties"])


# -------------------------------------------------------------------------------------------- batch
def test_batch_order_replies_have_the_real_shape(sandbox, provider, shared_fixture):
    created_real = shared_fixture(FIX + "batch_order_create_response.json")
    done_real = shared_fixture(FIX + "batch_order_completed_response.json")
    minimal = shared_fixture(FIX + "batch_order_request_minimal.json")
    body = {**minimal, "IdentifierList": grd_names(provider, 2)}
    resp = requests.post(api(sandbox, "/BatchOrder/OData.CSC.Order"), json=body, headers=bearer(provider), timeout=10)
    assert resp.status_code == 201
    assert_same_shape(created_real, resp.json())
    batch_id = resp.json()["value"]["Id"]
    assert isinstance(batch_id, int)
    sandbox.state.clock.advance(7200)
    done = requests.get(api(sandbox, f"/BatchOrder({batch_id})"), headers=bearer(provider), timeout=10).json()
    assert_same_shape(done_real, done)
    assert done["value"]["Summary"]["status"] == "completed"


def test_real_batch_replies_parse(shared_fixture):
    created = cdse_odp.parse_batch_order(cdse_odp.unwrap(shared_fixture(FIX + "batch_order_create_response.json")))
    assert (created.id, created.kind, created.status) == ("batch:1374977", "batch", OrderStatus.QUEUED)
    done = cdse_odp.parse_batch_order(cdse_odp.unwrap(shared_fixture(FIX + "batch_order_completed_response.json")))
    assert done.status == OrderStatus.COMPLETED and done.progress == 1.0
    assert done.completed_at == datetime(2023, 10, 10, 1, 23, 15, 189000, tzinfo=timezone.utc)


# ---------------------------------------------------------------------------------------- catalogue
def _attribute_differences(real: list[dict], ours: list[dict]) -> list[str]:
    """Attributes are a mixed list (String/Integer/Double/DateTimeOffset): compare each of ours with a real
    attribute of the same ``@odata.type``; every type ours uses must occur in the real reply."""
    by_type: dict[str, dict] = {}
    for a in real:
        by_type.setdefault(a["@odata.type"], a)
    diffs = []
    for i, a in enumerate(ours):
        model = by_type.get(a.get("@odata.type"))
        if model is None:
            diffs.append(f"Attributes[{i}]: type {a.get('@odata.type')} not in the real reply")
            continue
        diffs += shape_differences(model, a, f"Attributes[{i}]")
    return diffs


def test_catalogue_reply_has_the_real_shape(sandbox, provider, shared_fixture):
    """The real reply came from ``$expand=Attributes&$expand=Assets&$count=true``: so does ours, and the
    client asks for the count (the total is known)."""
    real = shared_fixture(FIX + "catalogue_products_response.json")
    body = requests.get(sandbox.connection_urls("cdse")["catalogue"] + "/Products",
                        params=[("$filter", "Collection/Name eq 'SENTINEL-1'"), ("$expand", "Attributes"),
                                ("$expand", "Assets"), ("$count", "true"), ("$top", "2")], timeout=10).json()
    assert set(body) == set(real)
    strip = [{k: v for k, v in e.items() if k != "Attributes"} for e in body["value"]]
    real_strip = {**real, "value": [{k: v for k, v in e.items() if k != "Attributes"} for e in real["value"]]}
    assert_same_shape(real_strip, {**body, "value": strip})
    diffs = []
    for e in body["value"]:
        diffs += _attribute_differences(real["value"][0]["Attributes"], e["Attributes"])
    assert not diffs, diffs
    assert body["@odata.context"] == real["@odata.context"]
    page = provider.search_inputs(InputQuery(aoi=ROME, start=START, end=END, product_type="IW_GRDH_1S", limit=2))
    assert page.total is not None and page.total >= len(page.items)


def test_real_catalogue_reply_parses(shared_fixture):
    real = shared_fixture(FIX + "catalogue_products_response.json")
    [product] = [cdse_odp.parse_product(e) for e in cdse_odp.entity_list(real)]
    assert product.product_type == "CARD-BS" and product.collection == "SENTINEL-1" and product.online
    assert product.size == 5159453518 and product.footprint["type"] == "Polygon"
    assert real["@odata.count"] == 18  # the total the dock shows as "1 of 18"


# -------------------------------------------------------------------------------------------- token
def test_token_reply_has_the_real_keycloak_shape(sandbox, shared_fixture):
    real = shared_fixture("creodias_finder/keycloak_token_response.json")
    resp = requests.post(sandbox.connection_urls("cdse")["token"], data={
        "client_id": "cdse-public", "grant_type": "password", "username": USER, "password": PASSWORD}, timeout=10)
    assert resp.status_code == 200
    ours = resp.json()
    assert_same_shape(real, ours, allow_extra=True)
    assert ours["expires_in"] == 600 and ours["refresh_expires_in"] == 3600


def test_real_attributes_are_all_types_the_sandbox_uses(shared_fixture):
    """The per-type comparison above is only meaningful when the real reply holds each type once at least."""
    real = shared_fixture(FIX + "catalogue_products_response.json")
    types = defaultdict(int)
    for a in real["value"][0]["Attributes"]:
        types[a["@odata.type"]] += 1
    assert {"#OData.CSC.StringAttribute", "#OData.CSC.IntegerAttribute", "#OData.CSC.DoubleAttribute",
            "#OData.CSC.DateTimeOffsetAttribute"} <= set(types)
