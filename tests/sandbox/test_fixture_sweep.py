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
from datetime import datetime, timezone
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


def test_proseo_cut_out_bodies_are_posted_as_written(sandbox, shared_fixture):
    """The two cut-out bodies, POSTed to ``/ProductionOrder/OData.CSC.Order`` as SOURCES.md says they were
    meant (the raw text, ``{{WorkflowId}}`` from the sandbox's listing): the time-range order is created;
    the reference order names a PTM product, which the sandbox's S5P deployment refuses as cross-mission."""
    shared_fixture("proseo_odip/request_create_order_by_time_range.json")  # (skips when the folder is absent)
    api = Proseo(sandbox)
    values = {"WorkflowId": api.workflow()["Id"]}
    url = f"{api.root}/odata/v1/ProductionOrder/OData.CSC.Order"
    headers = {**api.auth, "Content-Type": "application/json"}
    by_range = (SHARED_FIXTURES / "proseo_odip/request_create_order_by_time_range.json").read_text(encoding="utf-8")
    created = requests.post(url, data=substitute(by_range, values).encode(), headers=headers, timeout=10)
    assert created.status_code == 201, created.headers.get("Warning")
    assert created.json()["InputProductReference"]["ContentDate"] == \
        json.loads(by_range)["InputProductReference"]["ContentDate"]
    by_ref = (SHARED_FIXTURES / "proseo_odip/request_create_order_by_reference.json").read_text(encoding="utf-8")
    refused = requests.post(url, data=substitute(by_ref, values).encode(), headers=headers, timeout=10)
    assert refused.status_code == 400 and refused.content == b""
    assert refused.headers["Warning"] == "(E7268) Cross mission access (workflow <-> product) S5P <-> PTM"
    assert [o["Id"] for o in api.orders()] == [created.json()["Id"]]


def test_proseo_request_bodies_are_the_collections(shared_fixture):
    """The two cut-out bodies are byte-for-byte the collection's (so the collection sweep covers them)."""
    bodies = {i["name"]: i["request"]["body"]["raw"] for i in _create_items(shared_fixture(PROSEO_COLLECTIONS[0]))}
    for name, file in (("Create order by input file name", "request_create_order_by_reference.json"),
                       ("Create order by input time range", "request_create_order_by_time_range.json")):
        text = (SHARED_FIXTURES / "proseo_odip" / file).read_text(encoding="utf-8")
        assert json.loads(text) == json.loads(bodies[name])


# ================================================================================================= CDSE
CDSE_REQUESTS = ["batch_order_request_minimal.json", "batch_order_request_readme.json",
                 "batch_order_request_fields_readme.json", "batch_order_request_fields_doc.json",
                 "production_order_request_card_bs_doc.json", "production_order_request_s1_grd_doc.json",
                 "production_order_request_s3_lst_doc.json"]
CDSE_START, CDSE_END = datetime(2015, 1, 1, tzinfo=timezone.utc), datetime(2035, 1, 1, tzinfo=timezone.utc)


@pytest.fixture()
def cdse(sandbox):
    from eo_orders.providers.base import ConnectionConfig
    from eo_orders.providers.cdse_odp import CdseOdpProvider
    from eo_orders.providers.http import Transport, TransportSettings

    conn = ConnectionConfig(id="sweep", name="CDSE", kind="cdse_odp", urls=sandbox.connection_urls("cdse"),
                            username=USER, secret=PASSWORD)
    provider = CdseOdpProvider(conn, Transport(TransportSettings(retries=0)))
    yield provider
    provider.close()


def cdse_post(sandbox, cdse, path: str, body: Any) -> requests.Response:
    token = cdse.auth.token(cdse.transport)
    return requests.post(sandbox.connection_urls("cdse")["api"] + path, json=body, timeout=10,
                         headers={"Authorization": f"Bearer {token}"})


def cdse_inputs(cdse, product_type: str, n: int = 1) -> list[str]:
    """Names of sandbox catalogue products of ``product_type`` (the real identifiers are not in its archive)."""
    from eo_orders.providers.base import InputQuery

    page = cdse.search_inputs(InputQuery(aoi=ROME, start=CDSE_START, end=CDSE_END, product_type=product_type,
                                         limit=20))
    names = [p.name for p in page.items if "FAILME" not in p.name][:n]
    assert len(names) == n, (product_type, names)
    return names


def assert_fastapi_refusal(reply: requests.Response, status: int = 422) -> Any:
    """ODP is a FastAPI service: a refusal is ``{"detail": str | [{"type", "loc", "msg", "input"}]}``."""
    assert reply.status_code == status, reply.text
    body = reply.json()
    assert set(body) == {"detail"}
    if isinstance(body["detail"], list):
        assert body["detail"] and all({"type", "loc", "msg"} <= set(e) for e in body["detail"])
    else:
        assert isinstance(body["detail"], str) and body["detail"]
    return body["detail"]


def test_every_cdse_request_fixture_is_swept(shared_fixture):
    """A new request file in the shared folder must be added to this sweep."""
    shared_fixture("cdse_odp/" + CDSE_REQUESTS[0])  # (skips when the folder is absent)
    on_disk = sorted(p.name for p in (SHARED_FIXTURES / "cdse_odp").glob("*request*.json"))
    assert on_disk == sorted(CDSE_REQUESTS)


def test_cdse_batch_requests_as_written(sandbox, cdse, shared_fixture):
    """The batch bodies verbatim: their identifiers are not in the sandbox's archive (CloudFerro's test data
    even pairs S2 L1C names with ``card_bs``), ``sleep_processor`` is not a sandbox workflow, and the field
    lists carry ``"string"`` placeholders: each is refused in FastAPI's shape, naming what is wrong."""
    minimal = shared_fixture("cdse_odp/batch_order_request_minimal.json")
    detail = assert_fastapi_refusal(cdse_post(sandbox, cdse, "/BatchOrder/OData.CSC.Order", minimal))
    assert minimal["IdentifierList"][0] in detail
    readme = shared_fixture("cdse_odp/batch_order_request_readme.json")
    detail = assert_fastapi_refusal(cdse_post(sandbox, cdse, "/BatchOrder/OData.CSC.Order", readme))
    assert "sleep_processor" in detail
    for name in ("batch_order_request_fields_readme.json", "batch_order_request_fields_doc.json"):
        detail = assert_fastapi_refusal(cdse_post(sandbox, cdse, "/BatchOrder/OData.CSC.Order",
                                                  shared_fixture("cdse_odp/" + name)))
        assert "'string'" in str(detail)


def test_cdse_batch_requests_with_sandbox_inputs_are_created(sandbox, cdse, shared_fixture):
    """The same bodies with only what names real entities swapped for the sandbox's (workflow ``card_bs``,
    GRD products of its catalogue, an option the workflow declares): every documented field is taken, the
    README's ``.SAFE`` suffix included."""
    grd = cdse_inputs(cdse, "IW_GRDH_1S", 2)
    bodies = []
    minimal = shared_fixture("cdse_odp/batch_order_request_minimal.json")
    bodies.append({**minimal, "IdentifierList": grd})
    readme = shared_fixture("cdse_odp/batch_order_request_readme.json")
    suffixed = [n if n.endswith(".SAFE") else n + ".SAFE" for n in grd[:1]]
    bodies.append({**readme, "WorkflowName": "card_bs", "IdentifierList": suffixed})
    for name in ("batch_order_request_fields_readme.json", "batch_order_request_fields_doc.json"):
        fields = shared_fixture("cdse_odp/" + name)
        # WorkflowOptions [{"Name": "string", "Value": "string"}] → an option card_bs declares, its default
        bodies.append({**fields, "WorkflowName": "card_bs", "IdentifierList": grd,
                       "WorkflowOptions": [{"Name": "output_storage", "Value": "TEMPORARY"}]})
    for body in bodies:
        reply = cdse_post(sandbox, cdse, "/BatchOrder/OData.CSC.Order", body)
        assert reply.status_code == 201, (body, reply.text)
        created = reply.json()["value"]
        assert (created["Name"], created["WorkflowName"]) == (body["Name"], "card_bs")
        assert created["Priority"] == body.get("Priority", created["Priority"])
        assert isinstance(created["Id"], int)
    listed = requests.get(sandbox.connection_urls("cdse")["api"] + "/BatchOrder", timeout=10,
                          headers={"Authorization": f"Bearer {cdse.auth.token(cdse.transport)}"})
    assert len(listed.json()["value"]) == len(bodies)


def test_cdse_production_requests(sandbox, cdse, shared_fixture):
    """The document's three production requests. Verbatim, the reference is not in the sandbox's archive
    and the refusal names it. With a sandbox input of the workflow's input type in ``Reference`` (the one
    change) each is created with its name, priority and options. The sandbox's catalogue holds no
    Sentinel-3 product, so the S3 request is only checked against the workflow it names (its options)."""
    inputs = {"card_bs": cdse_inputs(cdse, "IW_GRDH_1S")[0],
              "Sentinel-1-L0-IW_GRDH_1S": cdse_inputs(cdse, "IW_RAW__0S")[0]}
    workflows = {w.name: w for w in cdse.workflows()}
    for name in ("production_order_request_card_bs_doc.json", "production_order_request_s1_grd_doc.json",
                 "production_order_request_s3_lst_doc.json"):
        doc = shared_fixture("cdse_odp/" + name)
        detail = assert_fastapi_refusal(cdse_post(sandbox, cdse, "/ProductionOrder/OData.CSC.Order", doc))
        assert doc["InputProductReference"]["Reference"] in detail
        options = workflows[doc["WorkflowName"]].options_schema["properties"]
        for opt in doc.get("WorkflowOptions", []):
            assert opt["Value"] in options[opt["Name"]].get("enum", [opt["Value"]]), opt
        if doc["WorkflowName"] not in inputs:
            continue
        body = {**doc, "InputProductReference": {"Reference": inputs[doc["WorkflowName"]]}}
        reply = cdse_post(sandbox, cdse, "/ProductionOrder/OData.CSC.Order", body)
        assert reply.status_code == 201, (name, reply.text)
        created = reply.json()["value"]
        assert (created["Name"], created["WorkflowName"], created["Priority"]) == (
            doc["Name"], doc["WorkflowName"], doc["Priority"])
        assert created["WorkflowOptions"][:len(doc.get("WorkflowOptions", []))] == doc.get("WorkflowOptions", [])
        assert created["Status"] == "queued"


# =============================================================================================== Capella
CAPELLA_COLLECTION = "capella/postman/capella_postman_collection.json"
#: items of the vendor's collection whose endpoints the sandbox does not emulate because the plugin never
#: calls them (mission awareness, repeat requests, collects, AOIs, archive export, task search, logout);
#: every other item is sent by test_capella_collection_items_are_answered
CAPELLA_NOT_EMULATED = {
    ("Access & Entitlement", "Token (Logout)"),
    ("Catalog", "Archive export", "List archive export files"),
    ("Catalog", "Archive export", "Latest full gpkg archive export file"),
    ("Tasking", "Mission awareness", "Accessrequests"),
    ("Tasking", "Mission awareness", "Accessrequest by ID"),
    ("Tasking", "Single task request", "Task requests search"),
    *(("Tasking", "Repeat task request", n) for n in (
        "Standard Stripmap repeat task request", "Custom Spotlight repeat point task request",
        "ACD Change Detection Spotlight repeat point task request", "Repeat request by ID",
        "Approve repeat request by ID", "Cancel repeat request by ID", "Repeat requests for user",
        "Repeat requests search")),
    ("Tasking", "Tiles and collects", "Collects by task request ID"),
    ("Tasking", "Tiles and collects", "Collects by collect ID"),
    ("Tasking", "Tiles and collects", "Collect status by collect ID"),
    ("AOIs", "AOIs for user"), ("AOIs", "AOI"), ("AOIs", "AOI by ID"),
}


def _future(window: str) -> str:
    """The vendor's tasking windows (Dec 2023 / Jan 2024) were in the future when written; the same day and
    time in 2030 keeps them so (and keeps their duration)."""
    return "2030" + window[4:]


class CapellaPostman:
    """The vendor collection's requests against the sandbox's Capella API."""

    def __init__(self, sandbox, collection: dict[str, Any]) -> None:
        # ``https://{{apiUrl}}`` is the API root: the sandbox's Capella root (plain http on 127.0.0.1)
        self.base = sandbox.connection_urls("capella")["api"]
        self.items = {i["_path"]: i for i in postman_items(collection)}
        self.values: dict[str, str] = {}

    def send(self, path: tuple[str, ...], body: Any = None) -> requests.Response:
        item = self.items[path]
        req = item["request"]
        url = substitute(raw_url(item).replace("https://{{apiUrl}}", self.base), self.values)
        headers = {h["key"]: h["value"] for h in req.get("header", [])}
        auth = req.get("auth") or {}
        if auth.get("type") == "basic":
            # {{username}}/{{password}}: the sandbox's demo user
            headers.update(basic(USER, PASSWORD))
        elif auth.get("type") == "bearer":
            # {{token}}: the accessToken the collection's own "Token (Login)" returned
            headers["Authorization"] = f"Bearer {self.values['token']}"
        raw = (req.get("body") or {}).get("raw") or ""
        if body is None and raw.strip():
            body = json.loads(raw)
        kwargs: dict[str, Any] = {"json": body} if body is not None else {}
        return requests.request(req["method"], url, headers=headers, timeout=10, **kwargs)


def test_capella_collection_is_fully_accounted_for(shared_fixture):
    api = CapellaPostman.__new__(CapellaPostman)
    api.items = {i["_path"]: i for i in postman_items(shared_fixture(CAPELLA_COLLECTION))}
    assert CAPELLA_NOT_EMULATED <= set(api.items)
    # 41 items; "AOI by ID" is three (GET, PATCH, DELETE): 22 not emulated, 19 sent
    assert len(postman_items(shared_fixture(CAPELLA_COLLECTION))) == 41
    assert len(set(api.items) - CAPELLA_NOT_EMULATED) == 19


def test_capella_collection_items_are_answered(sandbox, shared_fixture):
    """Every emulated item in the collection's order: login, user, collections, the three searches, the four
    task requests, read/approve/cancel, the user's tasks, orders by STAC id and by task, order, download."""
    api = CapellaPostman(sandbox, shared_fixture(CAPELLA_COLLECTION))
    sent: set[tuple[str, ...]] = set()

    def send(*path: str, body: Any = None) -> requests.Response:
        sent.add(path)
        return api.send(path, body)

    login = send("Access & Entitlement", "Token (Login)")
    assert login.status_code == 201, login.text
    api.values["token"] = login.json()["accessToken"]
    user = send("Access & Entitlement", "User info")
    assert user.status_code == 200 and user.json()["email"] == USER
    api.values["userId"] = user.json()["id"]

    collections = send("Catalog", "Capabilities", "Collections")  # the collection writes a trailing slash
    assert collections.status_code == 200, collections.text
    ids = {c["id"] for c in collections.json()["collections"]}
    for name in ("Search by date", "Search by bounding box", "Search by product type"):
        path = ("Catalog", "STAC search", name)
        query = json.loads(api.items[path]["request"]["body"]["raw"])
        assert set(query["collections"]) <= ids  # every collection the vendor searches exists
        page = send(*path)
        assert page.status_code == 200, (name, page.text)
        assert page.json()["type"] == "FeatureCollection"
        assert all(f["collection"] in query["collections"] for f in page.json()["features"])
    # the sandbox's catalogue keeps its items in capella-<product> and nothing in capella-open-data (nor over
    # the USA or in Feb 2023): the product-type search, its collection swapped for capella-geo, finds GEO items
    path = ("Catalog", "STAC search", "Search by product type")
    query = {**json.loads(api.items[path]["request"]["body"]["raw"]), "collections": ["capella-geo"]}
    by_type = api.send(path, query).json()["features"]
    assert by_type and {f["properties"]["sar:product_type"] for f in by_type} == {"GEO"}

    tasks = []
    for name in ("Standard Stripmap POINT task request", "Custom Spotlight POINT task request",
                 "Standard Stripmap AREA task request", "Vessel Detection Stripmap POINT task"):
        path = ("Tasking", "Single task request", name)
        body = json.loads(api.items[path]["request"]["body"]["raw"])
        props = body["properties"]
        body["properties"] = {**props, "windowOpen": _future(props["windowOpen"]),
                              "windowClose": _future(props["windowClose"])}
        reply = send(*path, body=body)
        assert reply.status_code == 201, (name, reply.text)
        task = reply.json()["properties"]
        for key, value in props.items():  # what the request said comes back (constraints with defaults added)
            if key in ("windowOpen", "windowClose"):
                value = _future(value)
            if key == "collectConstraints":
                assert value.items() <= task[key].items(), (name, key)
            else:
                assert task[key] == value, (name, key)
        tasks.append(task["taskingrequestId"])
    api.values["taskingrequestId"] = tasks[0]
    read = send("Tasking", "Single task request", "Task request by ID")
    assert read.status_code == 200 and read.json()["properties"]["taskingrequestId"] == tasks[0]
    approved = send("Tasking", "Single task request", "Approve task request by ID")
    assert approved.status_code == 200, approved.text
    assert approved.json()["properties"]["statusHistory"][0]["code"] == "submitted"
    listed = send("Tasking", "Single task request", "Task requests for user")  # limit=500, customerId
    assert listed.status_code == 200, listed.text
    assert {t["properties"]["taskingrequestId"] for t in listed.json()["results"]} == set(tasks)
    api.values["taskingrequestId"] = tasks[1]
    canceled = send("Tasking", "Single task request", "Cancel task request by ID")
    assert canceled.status_code == 200
    assert canceled.json()["properties"]["statusHistory"][0]["code"] == "canceled"

    # the vendor's granule is Capella open data the sandbox's catalogue does not hold: the GEO item found
    # above stands in for it (collectionId and granuleId, the only change)
    path = ("Data Access", "Order by STAC ID")
    body = json.loads(api.items[path]["request"]["body"]["raw"])
    body["items"] = [{"collectionId": by_type[0]["collection"], "granuleId": by_type[0]["id"]}]
    order = send(*path, body=body)
    assert order.status_code == 200, order.text
    api.values["orderId"] = order.json()["orderId"]
    assert [i["granuleId"] for i in order.json()["items"]] == [by_type[0]["id"]]
    mine = send("Data Access", "Orders for user")
    assert mine.status_code == 200 and [o["orderId"] for o in mine.json()] == [api.values["orderId"]]
    one = send("Data Access", "Order by ID")
    assert one.status_code == 200 and one.json()["orderId"] == api.values["orderId"]
    download = send("Data Access", "Download order by ID")
    assert download.status_code == 200, download.text
    assert [d["id"] for d in download.json()] == [by_type[0]["id"]]
    # an order of a task that is not completed yet is refused in Capella's error shape
    api.values["taskingrequestId"] = tasks[0]
    early = send("Data Access", "Order by task request ID")
    assert early.status_code == 400 and early.json()["error"]["code"] == "TASK_NOT_COMPLETED"
    sandbox.state.clock.advance(30 * 86400)
    late = send("Data Access", "Order by task request ID")
    assert late.status_code == 200, late.text
    assert late.json()["items"]

    assert sent == set(api.items) - CAPELLA_NOT_EMULATED


def test_capella_request_bodies_are_the_collections(shared_fixture):
    """The three ``requests/*.json`` are the collection's bodies (so the sweep above sends each of them)."""
    items = {i["name"]: json.loads(i["request"]["body"]["raw"])
             for i in postman_items(shared_fixture(CAPELLA_COLLECTION)) if (i["request"].get("body") or {}).get("raw")}
    for name, file in (("Order by STAC ID", "order_request.json"),
                       ("Standard Stripmap POINT task request", "task_request_standard_stripmap_point.json"),
                       ("Custom Spotlight POINT task request", "task_request_custom_spotlight_point.json")):
        assert shared_fixture("capella/requests/" + file) == items[name]
    on_disk = sorted(p.name for p in (SHARED_FIXTURES / "capella" / "requests").glob("*.json"))
    assert on_disk == ["order_request.json", "task_request_custom_spotlight_point.json",
                       "task_request_standard_stripmap_point.json"]


# ================================================================================ real replies, parsers
def test_proseo_client_in_token_mode_reads_the_real_token_and_workflow_replies(shared_fixture):
    """The RAML's token reply and workflow list, served over HTTP: the client takes the access token the
    reply carries, sends it as the bearer, and reads the workflow."""
    from eo_orders.providers.base import ConnectionConfig
    from eo_orders.providers.http import Transport, TransportSettings
    from eo_orders.providers.proseo_odip import ProseoOdipProvider
    from tests.helpers.scripted_server import Reply, ScriptedServer

    token = shared_fixture("proseo_odip/raml/examples/oauth2-response.json")
    with ScriptedServer() as server:
        server.script("/odip/v1/token", Reply(200, token))
        server.script("/odip/odata/v1/Workflows",
                      Reply(200, shared_fixture("proseo_odip/raml/examples/workflow-list.json")))
        conn = ConnectionConfig(id="t", name="prosEO", kind="proseo_odip", username=USER, secret=PASSWORD,
                                urls={"api": server.url + "/odip/odata/v1", "token": server.url + "/odip/v1/token"},
                                options={"mission": "S2", "auth_mode": "token"})
        provider = ProseoOdipProvider(conn, Transport(TransportSettings(retries=0)))
        [workflow] = provider.workflows()
        listing = next(s for s in server.seen if s.path.startswith("/odip/odata/v1/Workflows"))
    assert listing.headers["Authorization"] == f"Bearer {token['access_token']}"
    assert (workflow.name, workflow.version, workflow.output_product_type) == ("S2_L1C_L2A", "1.2", "S2MSI2A")


def test_capella_collects_reply_times_read_or_refused_cleanly(shared_fixture):
    """``collects_list_response.json`` (``GET /collects/list/{id}``) has no parser of its own: the plugin
    never calls that endpoint. Its times go through the client's one time parser, and the SDK mock's
    impossible ``windowClose`` (month 14) reads as "no time", not as an exception."""
    from eo_orders.providers import capella

    [collect] = shared_fixture("capella/collects_list_response.json")
    assert capella.parse_time(collect["windowOpen"]) == datetime(2021, 1, 22, 5, 23, 22, 805000, tzinfo=timezone.utc)
    assert collect["windowClose"].startswith("2021-14-")
    assert capella.parse_time(collect["windowClose"]) is None
    history = [capella.parse_time(h["time"]) for h in collect["collectStatusHistory"]]
    assert all(t is not None and t.tzinfo is not None for t in history)
    assert history == sorted(history, reverse=True)  # newest first, like a task's statusHistory
    # the task this collect belongs to reads from the SDK's task mock: same id, a completed request
    task = capella.parse_task(shared_fixture("capella/task_response.json"))
    assert task.id == capella.TASK_PREFIX + collect["taskingrequestId"]
