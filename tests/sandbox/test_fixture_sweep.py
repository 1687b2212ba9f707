# SPDX-License-Identifier: GPL-2.0-or-later
"""Every real captured REQUEST is sent to the sandbox over HTTP, and answered as the real service answers it.

Material (read from ``../shared/fixtures`` at test time, never copied here; see its ``SOURCES.md``):

* prosEO ODIP: both vendor Postman collections (every item), and the two request bodies cut out of them;
* CDSE ODP: every ``*request*`` body (CloudFerro's ordering-script README and test data, the CDSE document);
* Capella: every item of the vendor Postman collection that targets an endpoint the sandbox emulates, and the
  three ``requests/*.json`` bodies taken from it.

Postman ``{{variables}}`` are replaced by values the sandbox itself hands out (a workflow id from its
listing, a token from its token endpoint, a task id from a task it created); each substitution is said
where it happens. Placeholder values the vendor wrote (``"string"``) are sent as they are and must be
refused in the real service's error shape, never with a 5xx.
"""

from __future__ import annotations

import base64
import json
import re
from typing import Any

import pytest
import requests

from tests.conftest import SHARED_FIXTURES

USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}


# ---------------------------------------------------------------------------------------------- Postman
def postman_items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    """The request items of a Postman collection (folders flattened), each with its folder path in ``_path``."""
    out: list[dict[str, Any]] = []

    def walk(items: list[dict[str, Any]], folder: tuple[str, ...]) -> None:
        for item in items:
            if "item" in item:
                walk(item["item"], (*folder, item["name"]))
            else:
                out.append({**item, "_path": (*folder, item["name"])})

    walk(collection["item"], ())
    return out


def raw_url(item: dict[str, Any]) -> str:
    url = item["request"]["url"]
    return url if isinstance(url, str) else url["raw"]


def substitute(text: str, values: dict[str, str]) -> str:
    """Replace every ``{{name}}``; an unknown variable fails the test (nothing is guessed)."""
    def one(m: re.Match[str]) -> str:
        assert m.group(1) in values, f"no sandbox value for Postman variable {m.group(0)}"
        return values[m.group(1)]

    return re.sub(r"\{\{([^}]+)\}\}", one, text)


def basic(user: str, password: str) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode("ascii")}


# =============================================================================================== prosEO
PROSEO_COLLECTIONS = ["proseo_odip/postman/prosEO_ODIP.postman_collection.json",
                      "proseo_odip/postman/prosEO_ODIP_S1A.postman_collection.json"]
#: an archive product of the sandbox's mission (S5P), of the input type of its S5P-L2-NO2 workflow
S5P_REF = "S5P_OFFL_L1B_RA_BD4_20191104T090000_20191104T104110_10000_01_010000_20191104T120000.nc"


class Proseo:
    """The sandbox's prosEO ODIP as the vendor's collection reaches it."""

    def __init__(self, sandbox) -> None:
        urls = sandbox.connection_urls("proseo")
        # the collections address ``{{service-root-uri}}`` / ``http://localhost:8090/proseo/odip``: the part
        # after it is the same on the sandbox, below its ``/proseo/odip``
        self.root = urls["api"].rsplit("/odata/v1", 1)[0]
        # the collection-level auth is Basic {{username}}:{{password}}: the sandbox's demo user, with the
        # mission prefix every prosEO login carries
        self.auth = basic(f"S5P\\{USER}", PASSWORD)

    def workflow(self) -> dict[str, Any]:
        reply = requests.get(f"{self.root}/odata/v1/Workflows", params={"$top": "10"}, headers=self.auth, timeout=10)
        assert reply.status_code == 200
        return next(w for w in reply.json()["value"] if w["Name"] == "S5P-L2-NO2")

    def orders(self) -> list[dict[str, Any]]:
        reply = requests.get(f"{self.root}/odata/v1/ProductionOrders", params={"$top": "100"}, headers=self.auth,
                             timeout=10)
        assert reply.status_code == 200
        return reply.json()["value"]

    def send(self, item: dict[str, Any], values: dict[str, str], body: str | None = None) -> requests.Response:
        req = item["request"]
        url = substitute(raw_url(item), values)
        path = url.split("/proseo/odip", 1)[1] if "/proseo/odip" in url else url.split("}}", 1)[1]
        headers = {h["key"]: h["value"] for h in req.get("header", [])}
        auth = req.get("auth")
        if auth and auth["type"] == "bearer":
            headers["Authorization"] = "Bearer " + substitute(auth["bearer"][0]["value"], values)
        else:
            headers.update(self.auth)
        if body is None:
            body = (req.get("body") or {}).get("raw")
        data = substitute(body, values).encode() if body else None
        return requests.request(req["method"], self.root + path, data=data, headers=headers, timeout=10)


def _proseo_values(api: Proseo) -> dict[str, str]:
    """``{{WorkflowId}}``: the Id of a workflow in the sandbox's listing; ``{{bearerToken}}`` /
    ``{{bearer-token}}``: an access token from the sandbox's token endpoint (the collection's own "Get
    Authorization Token" request); ``{{service-root-uri}}``: the sandbox's ``…/proseo/odip``."""
    token = requests.post(f"{api.root}/v1/token", params={"grant_type": "client_credentials"}, headers=api.auth,
                          timeout=10)
    assert token.status_code == 200, token.text
    access = token.json()["access_token"]
    return {"WorkflowId": api.workflow()["Id"], "bearerToken": access, "bearer-token": access,
            "service-root-uri": api.root}


@pytest.mark.parametrize("collection", PROSEO_COLLECTIONS, ids=["odip", "odip-s1a"])
def test_proseo_collection_reads_are_answered(sandbox, shared_fixture, collection):
    """Workflows, orders with Basic and with Bearer, the token: 200, with the entity sets' ``value`` lists."""
    api = Proseo(sandbox)
    values = _proseo_values(api)
    items = {i["name"]: i for i in postman_items(shared_fixture(collection))}
    workflows = api.send(items["Get workflows"], values)
    assert workflows.status_code == 200, workflows.text
    # $count=true&$top=1&$skip=0: one workflow and the count of all
    assert len(workflows.json()["value"]) == 1 and workflows.json()["@odata.count"] == 3
    token = api.send(items["Get Authorization Token"], values)
    assert token.status_code == 200 and token.json()["token_type"] == "bearer"
    for name in ("Get orders (Basic Auth)", "Get orders (Bearer Token)"):
        reply = api.send(items[name], values)
        assert reply.status_code == 200, (name, reply.text)
        assert reply.json()["value"] == [] and reply.json()["@odata.count"] == 0
    if "Get OData Metadata Description" in items:
        # Olingo serves the service's CSDL at $metadata (the document is generated by OdipEdmProvider)
        meta = api.send(items["Get OData Metadata Description"], values)
        assert meta.status_code == 200, meta.text
        assert meta.headers["Content-Type"].startswith("application/xml")
        assert b'Namespace="OData.CSC"' in meta.content
        for entity_set in (b'EntitySet Name="ProductionOrders"', b'EntitySet Name="Workflows"'):
            assert entity_set in meta.content


def _create_items(collection: dict[str, Any]) -> list[dict[str, Any]]:
    return [i for i in postman_items(collection) if i["name"].startswith("Create order")]


@pytest.mark.parametrize("collection", PROSEO_COLLECTIONS, ids=["odip", "odip-s1a"])
def test_proseo_collection_orders_are_created_on_the_sandboxs_mission(sandbox, shared_fixture, collection):
    """The collections' create requests, body as written (``{{WorkflowId}}`` from the listing).

    The vendor wrote them for a test mission ``PTM``; the sandbox is an S5P deployment. The time-range order
    names no product and is created as sent. The reference order names a PTM file: an S5P deployment refuses
    it as cross-mission (E7268, status and Warning, no body); with the Reference swapped for an S5P archive
    product (the only change) it is created, ``mailto:`` notification endpoint included."""
    api = Proseo(sandbox)
    values = _proseo_values(api)
    posts = [i for i in _create_items(shared_fixture(collection)) if i["request"]["method"] == "POST"]
    assert posts
    for item in _create_items(shared_fixture(collection)):
        raw = item["request"]["body"]["raw"]
        sent = json.loads(substitute(raw, values))
        if item["request"]["method"] == "GET":
            continue  # the collection's GET variant: test_proseo_get_with_an_order_body_creates_nothing
        reply = api.send(item, values)
        if "Reference" in sent["InputProductReference"]:
            assert reply.status_code == 400 and reply.content == b"", reply.text
            assert reply.headers["Warning"].startswith("(E7268) Cross mission access")
            swapped = json.dumps({**sent, "InputProductReference": {"Reference": S5P_REF}})
            reply = api.send(item, values, body=swapped)
        assert reply.status_code == 201, (item["name"], reply.headers.get("Warning"), reply.text)
        created = reply.json()
        assert created["WorkflowId"] == values["WorkflowId"] and created["Priority"] == sent["Priority"]
        assert created["NotificationEndpoint"] == sent["NotificationEndpoint"]
        assert reply.headers["Location"].endswith(f"/ProductionOrders({created['Id']})")
        # a WorkflowName that is not the workflow's is only logged by prosEO (E7266): the UUID decides
        assert created["WorkflowName"] == "S5P-L2-NO2"
        if "ContentDate" in sent["InputProductReference"]:
            assert created["InputProductReference"]["ContentDate"] == sent["InputProductReference"]["ContentDate"]
    assert len(api.orders()) == len(posts)


def test_proseo_get_with_an_order_body_creates_nothing(sandbox, shared_fixture):
    """``prosEO_ODIP`` sends "Create order by input time range" with **GET** to ``…/Odata.CSC.Order``
    (lower-case "data"). A GET is a read for Olingo; it never reaches ``createEntity``. What it reads
    is uncertain (the qualified name does not resolve in namespace ``OData.CSC``), so: refused or read,
    never an order, never a 5xx."""
    api = Proseo(sandbox)
    values = _proseo_values(api)
    [item] = [i for i in _create_items(shared_fixture(PROSEO_COLLECTIONS[0])) if i["request"]["method"] == "GET"]
    reply = api.send(item, values)
    assert 400 <= reply.status_code < 500, reply.text
    assert api.orders() == []


def test_proseo_request_bodies_are_the_collections(shared_fixture):
    """The two cut-out bodies are byte-for-byte the collection's (so the collection sweep covers them)."""
    bodies = {i["name"]: i["request"]["body"]["raw"] for i in _create_items(shared_fixture(PROSEO_COLLECTIONS[0]))}
    for name, file in (("Create order by input file name", "request_create_order_by_reference.json"),
                       ("Create order by input time range", "request_create_order_by_time_range.json")):
        text = (SHARED_FIXTURES / "proseo_odip" / file).read_text(encoding="utf-8")
        assert json.loads(text) == json.loads(bodies[name])
