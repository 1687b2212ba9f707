# SPDX-License-Identifier: GPL-2.0-or-later
"""CREODIAS Finder orders emulator, mounted at ``/creodias``.

Strict where the contract is certain (``shared/providers/creodias-finder.md``):

- Keycloak realm ``DIAS`` (also spelled ``dias``), client ``CLOUDFERRO_PUBLIC``, tokens of 300 s as in the
  captured reply (keycloak_token_response.json; the document's "ten minutes" loses), at
  ``/identity/auth/realms/<realm>/protocol/openid-connect/token`` and ``/realms/<realm>/...``;
- Finder API under ``/api/order/``: every path ends with a slash (a path without it is the documented
  ``processModuleRoute - Not Found``), the token comes in the ``Keycloak-Token`` header: unknown, expired or
  missing → 403 ``{"ErrorMessage": "<module>- Forbidden", "ErrorCode": 403}``, the one form the document
  shows;
- order items: ``{"items", "total", "page", "size": 10}``, pages from 0, no links;
- statuses move on the sandbox clock: items queued → (downloading, for orderable inputs) → processing →
  done/failed (inputs containing the fail marker, or unknown to the catalogue, fail); the order is
  queued / processing / done / done_with_error / cancelled.

Guesses, each behind a switch so the client is tested on every form (``config.extra``):

- ``finder_order_list``: the body of ``GET /api/order/`` (nothing real shows it): ``"paged"`` (default, like
  the items) or ``"list"`` (a bare JSON array);
- ``finder_missing_token_401``: answer a missing token with 401 ``<module>- Unauthorized`` instead of the
  documented 403 (that text is made up: no real material shows a 401 from Finder);
- ``finder_retired``: 404 or 410 for every order API path, as the deprecated RESTO Finder API may answer one
  day (404 with ``processModuleRoute - Not Found``; 410 with a gateway's HTML page).

Lenient where the doc is silent: ``/summary`` with or without the slash.

The OData catalogue (``/catalogue/odata/v1/Products``) serves the shared S1/S2 products plus every
processed L2A product of this emulator's orders, so a client can look results up by name; the zipper
(``/zipper/odata/v1/Products(<Id>)/$value``) serves them as a ``.SAFE``-like zip of band GeoTIFFs (B02,
B03, B04, B08) with Range, with the token as ``Authorization: Bearer`` or ``?token=``.

``seed_order(state, n_items, status)`` creates big orders instantly for paging tests.
"""

from __future__ import annotations

import json
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, jsonify, request

from .common import page_slice
from .core import SandboxState, base_url, bearer_token, json_error, keycloak_token_endpoint, state

KIND = "creodias_finder"
NAME = "creodias"
REALM = "DIAS"
CLIENT_ID = "CLOUDFERRO_PUBLIC"
TOKEN_LIFETIME = 300.0
REFRESH_LIFETIME = 1800.0
PAGE_SIZE = 10
PROCESSORS = ("sen2cor", "download")
BANDS = ("B02", "B03", "B04", "B08")
DEFAULT_USER = "demo@example.com"
#: used for inputs the catalogue does not know (seeded orders, fail-marker names)
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}

blueprint = Blueprint("creodias", __name__)


def connection_urls(base: str) -> dict[str, str]:
    return {"api": f"{base}/api/order",
            "token": f"{base}/identity/auth/realms/{REALM}/protocol/openid-connect/token",
            "catalogue": f"{base}/catalogue/odata/v1",
            "download": f"{base}/zipper/odata/v1"}


# ------------------------------------------------------------------------------------------------ state

@dataclass
class Item:
    id: int
    name: str
    fail_reason: str = ""
    orderable: bool = False
    footprint: dict[str, Any] = field(default_factory=lambda: ROME)


@dataclass
class FinderOrder:
    id: int
    user: str
    name: str
    processor: str
    priority: int
    created: float
    items: list[Item]
    callback: str = ""
    cancelled_at: float | None = None


class Store:
    """Orders of this emulator; ids grow like the real service's."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.next_order = 1331871
        self.next_item = 5_000_000
        self.orders: dict[int, FinderOrder] = {}
        #: processed product name -> (Id, input footprint); filled when an item is created
        self.processed: dict[str, tuple[str, dict[str, Any]]] = {}
        self.in_flight = 0
        self.max_in_flight = 0


def store(st: SandboxState | None = None) -> Store:
    return (st or state()).store(NAME, Store)


def processed_name(title: str, processor: str) -> str:
    if processor == "sen2cor":
        return title.replace("MSIL1C", "MSIL2A") + ".SAFE"
    return title + ".SAFE"


def product_id(name: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"creodias-processed:{name}"))


def _new_order(st: SandboxState, user: str, name: str, processor: str, priority: int, titles: list[str],
               created: float, callback: str = "") -> FinderOrder:
    s = store(st)
    items = []
    with s.lock:
        oid = s.next_order
        s.next_order += 1
        for title in titles:
            items.append(_new_item(st, s, title, processor))
        order = FinderOrder(oid, user, name, processor, priority, created, items, callback)
        s.orders[oid] = order
    return order


def _new_item(st: SandboxState, s: Store, title: str, processor: str) -> Item:
    item = Item(s.next_item, title)
    s.next_item += 1
    product = _catalogue_product(title + ".SAFE")
    if st.config.fail_marker and st.config.fail_marker in title:
        item.fail_reason = f"Processing of {title} failed."
    elif product is None and not title.startswith("SEED_"):
        item.fail_reason = f"Product {title} not found in the repository."
    elif processor == "sen2cor" and "MSIL1C" not in title:
        item.fail_reason = "sen2cor processes Sentinel-2 Level-1C products only."
    if product is not None:
        item.orderable = product.get("Online") is False
        item.footprint = product.get("GeoFootprint") or ROME
    if not item.fail_reason:
        out = processed_name(title, processor)
        existing = _catalogue_product(out)  # "download" brings an orderable product online: same product
        s.processed[out] = (str(existing["Id"]) if existing else product_id(out), item.footprint)
    return item


def seed_order(st: SandboxState, n_items: int, status: str = "done", *, user: str = DEFAULT_USER,
               name: str = "", processor: str = "sen2cor") -> int:
    """An order with ``n_items`` items made instantly (paging tests); ``status`` "done" or "queued".

    Seeded items carry synthetic titles ``SEED_..._MSIL1C_<n>`` that need no catalogue entry.
    """
    now = st.clock.now()
    created = now - 10 * 86400 if status == "done" else now
    titles = [f"SEED_S2B_MSIL1C_20230615T100559_N0509_R022_T33TTG_{i:05d}" for i in range(n_items)]
    return _new_order(st, user, name or f"seeded-{n_items}", processor, 1, titles, created).id


def _catalogue_product(name: str) -> dict[str, Any] | None:
    try:
        from . import catalogue
    except ImportError:  # pragma: no cover - shared module missing
        return None
    return catalogue.product_by_name(name)


def item_status(order: FinderOrder, item: Item, now: float, cfg: Any) -> str:
    """Where an item stands at sandbox time ``now``; a cancel freezes finished items, cancels the rest."""
    def at(t: float) -> str:
        age = t - order.created
        q, p = float(cfg.queued_seconds), float(cfg.processing_seconds)
        if age < q:
            return "queued"
        if age < q + p:
            return "downloading" if item.orderable and age < q + p / 2 else "processing"
        return "failed" if item.fail_reason else "done"

    if order.cancelled_at is not None:
        before = at(order.cancelled_at)
        return before if before in ("done", "failed") else "cancelled"
    return at(now)


def order_status(order: FinderOrder, statuses: list[str]) -> str:
    if order.cancelled_at is not None:
        return "cancelled"
    if not statuses:
        return "done"
    if all(s == "queued" for s in statuses):
        return "queued"
    if any(s in ("queued", "processing", "downloading") for s in statuses):
        return "processing"
    return "done_with_error" if any(s == "failed" for s in statuses) else "done"


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).isoformat()


def order_json(order: FinderOrder, now: float, cfg: Any) -> dict[str, Any]:
    statuses = [item_status(order, i, now, cfg) for i in order.items]
    return {"id": order.id, "status": order_status(order, statuses), "order_name": order.name,
            "processor": order.processor, "priority": order.priority,
            "identifier_list": [i.name for i in order.items], "created_date": _iso(order.created),
            "callback": order.callback or None, "destination": None, "extra": {}}


def _changed_at(order: FinderOrder, now: float, cfg: Any) -> float:
    """When the item last changed state: the latest step boundary passed (or the cancel)."""
    steps = [order.created, order.created + float(cfg.queued_seconds),
             order.created + float(cfg.queued_seconds) + float(cfg.processing_seconds)]
    limit = order.cancelled_at if order.cancelled_at is not None else now
    return max(t for t in steps if t <= limit) if limit >= order.created else order.created


def item_json(order: FinderOrder, item: Item, now: float, cfg: Any) -> dict[str, Any]:
    status = item_status(order, item, now, cfg)
    result = None
    if status == "done":
        out = processed_name(item.name, order.processor)
        result = {"processed_name": out, "processed_size": _zip_size_if_made(out)}
    return {"id": item.id, "order_id": order.id, "name": item.name, "status": status,
            "add_date": _iso(order.created), "mod_date": _iso(_changed_at(order, now, cfg)),
            "extra_info": item.fail_reason if status == "failed" else "", "result": result}


# ------------------------------------------------------------------------------------------------ errors

def finder_error(status: int, message: str) -> Response:
    return json_error(status, {"ErrorMessage": message, "ErrorCode": status})


@blueprint.before_request
def _retired() -> Response | None:
    """``config.extra["finder_retired"]`` = 404 or 410: the order API is gone (see the module docstring)."""
    status = state().config.extra.get("finder_retired")
    if not status or not request.path.split("/creodias", 1)[-1].startswith("/api/"):
        return None
    if int(status) == 410:
        return Response("<html><body><h1>410 Gone</h1></body></html>", status=410, mimetype="text/html")
    return finder_error(404, "processModuleRoute - Not Found")


def _user(module: str) -> tuple[str | None, Response | None]:
    value = request.headers.get("Keycloak-Token")
    if not value:
        if state().config.extra.get("finder_missing_token_401"):
            return None, finder_error(401, f"{module}- Unauthorized")
        return None, finder_error(403, f"{module}- Forbidden")
    tok = state().tokens.check(value.strip(), REALM)
    if tok is None:
        return None, finder_error(403, f"{module}- Forbidden")
    return tok.user, None


def _own_order(order_id: int, module: str) -> tuple[FinderOrder | None, Response | None]:
    """The caller's order, or the error Finder's ``module`` sends: 401/403 for the token, then 404 for an
    unknown id or someone else's order."""
    user, err = _user(module)
    if err:
        return None, err
    order = store().orders.get(order_id)
    if order is None or order.user != (user or ""):
        return None, finder_error(404, f"{module} - Not Found")
    return order, None


# ------------------------------------------------------------------------------------------------- auth

@blueprint.post("/identity/auth/realms/<realm>/protocol/openid-connect/token")
@blueprint.post("/realms/<realm>/protocol/openid-connect/token")
def token(realm: str) -> Response:
    if realm not in ("DIAS", "dias"):
        return json_error(404, {"error": "Realm does not exist"})
    resp = keycloak_token_endpoint(REALM, CLIENT_ID, TOKEN_LIFETIME, REFRESH_LIFETIME)
    body = resp.get_json(silent=True)
    if resp.status_code == 200 and isinstance(body, dict) and "scope" in body:
        # CloudFerro's captured reply (keycloak_token_response.json) carries no ``scope``
        body.pop("scope")
        resp.set_data(json.dumps(body))
    return resp


# ------------------------------------------------------------------------------------------- Finder API

@blueprint.route("/api/order/", methods=["GET", "POST"])
def orders_root() -> Response:
    if request.method == "POST":
        return _create_order()
    user, err = _user("getOrders")
    if err:
        return err
    st = state()
    now = st.clock.now()
    mine = sorted((o for o in store().orders.values() if o.user == user), key=lambda o: -o.id)
    if st.config.extra.get("finder_order_list", "paged") == "list":
        return jsonify([order_json(o, now, st.config) for o in mine])
    return _paged(mine, lambda o: order_json(o, now, st.config))


def _page_arg() -> tuple[int | None, Response | None]:
    raw = request.args.get("page", "0")
    try:
        page = int(raw)
    except ValueError:
        return None, finder_error(400, f"page - Invalid page number '{raw}'")
    if page < 0:
        return None, finder_error(400, f"page - Invalid page number '{raw}'")
    return page, None


def _paged(entries: list[Any], render: Any) -> Response:
    """One page of ``entries`` rendered by ``render`` (only the page is rendered: big orders stay cheap)."""
    page, err = _page_arg()
    if err:
        return err
    assert page is not None
    chunk = [render(e) for e in page_slice(entries, page, PAGE_SIZE)[0]]
    return jsonify({"items": chunk, "total": len(entries), "page": page, "size": PAGE_SIZE})


def _create_order() -> Response:
    user, err = _user("orderProduct")
    if err:
        return err
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return finder_error(400, "orderProduct - Request body must be a JSON object")
    processor = body.get("processor")
    if not isinstance(processor, str) or not processor.strip():
        return finder_error(400, "orderProduct - Field 'processor' is required")
    if processor not in PROCESSORS:
        return finder_error(400, f"orderProduct - Unknown processor '{processor}'")
    priority = body.get("priority", 1)
    if isinstance(priority, bool) or not isinstance(priority, int):
        return finder_error(400, "orderProduct - Field 'priority' must be an integer")
    ids = body.get("identifier_list")
    if not isinstance(ids, list) or not ids or not all(isinstance(i, str) and i.strip() for i in ids):
        return finder_error(400, "orderProduct - Field 'identifier_list' must be a non-empty list of titles")
    bad = [i for i in ids if i.lower().endswith((".safe", ".zip")) or "/" in i]
    if bad:
        return finder_error(400, f"orderProduct - Identifier '{bad[0]}' must be a title without extension")
    name = body.get("order_name")
    if name is not None and not isinstance(name, str):
        return finder_error(400, "orderProduct - Field 'order_name' must be a string")
    st = state()
    order = _new_order(st, user or DEFAULT_USER, name or "", processor, priority, list(ids), st.clock.now(),
                       str(body.get("callback") or ""))
    return json_error(201, order_json(order, st.clock.now(), st.config))


@blueprint.route("/api/order/<int:order_id>/", methods=["GET", "DELETE"])
def one_order(order_id: int) -> Response:
    module = "cancelOrder" if request.method == "DELETE" else "getOrder"
    order, err = _own_order(order_id, module)
    if err:
        return err
    assert order is not None
    st = state()
    now = st.clock.now()
    if request.method == "DELETE":
        current = order_json(order, now, st.config)["status"]
        if current in ("done", "done_with_error", "cancelled"):
            return finder_error(400, f"cancelOrder - Order {order_id} is already {current}")
        order.cancelled_at = now
    return jsonify(order_json(order, now, st.config))


@blueprint.get("/api/order/<int:order_id>/order_items/")
def order_items(order_id: int) -> Response:
    order, err = _own_order(order_id, "getOrderItems")
    if err:
        return err
    assert order is not None
    st = state()
    s = store()
    with s.lock:
        s.in_flight += 1
        s.max_in_flight = max(s.max_in_flight, s.in_flight)
    try:
        delay = float(st.config.extra.get("creodias_page_delay", 0) or 0)
        if delay:
            time.sleep(delay)  # lets tests observe concurrent page fetches
        now = st.clock.now()
        return _paged(order.items, lambda i: item_json(order, i, now, st.config))
    finally:
        with s.lock:
            s.in_flight -= 1


@blueprint.get("/api/order/<int:order_id>/summary")
@blueprint.get("/api/order/<int:order_id>/summary/")
def summary(order_id: int) -> Response:
    order, err = _own_order(order_id, "getOrderSummary")
    if err:
        return err
    assert order is not None
    st = state()
    now = st.clock.now()
    statuses = [item_status(order, i, now, st.config) for i in order.items]
    return jsonify({
        "status": order_status(order, statuses),
        "processing_order_items_count": statuses.count("processing"),
        "downloading_order_items_count": statuses.count("downloading"),
        "done_order_items_count": statuses.count("done"),
        "queued_order_items_count": statuses.count("queued"),
        "failed_or_cancelled_order_items_count": statuses.count("failed") + statuses.count("cancelled"),
        "last_order_item_change_timestamp": _iso(now),
    })


_ANY = ["GET", "POST", "PUT", "PATCH", "DELETE"]


@blueprint.route("/api/", methods=_ANY)
@blueprint.route("/api/<path:rest>", methods=_ANY)
# the documented paths without their trailing slash: named here so werkzeug does not redirect them
@blueprint.route("/api/order", methods=_ANY)
@blueprint.route("/api/order/<int:order_id>", methods=_ANY)
@blueprint.route("/api/order/<int:order_id>/order_items", methods=_ANY)
def unknown_module(rest: str = "", order_id: int = 0) -> Response:
    """Anything else under /api, including the documented paths without their trailing slash."""
    return finder_error(404, "processModuleRoute - Not Found")


# -------------------------------------------------------------------------------------------- catalogue

def processed_products() -> list[dict[str, Any]]:
    """OData products for the processed results of done items (the repository gains them when done)."""
    st = state()
    s = store()
    now = st.clock.now()
    out = []
    with s.lock:
        orders = list(s.orders.values())
    for order in orders:
        for item in order.items:
            if item_status(order, item, now, st.config) != "done":
                continue
            name = processed_name(item.name, order.processor)
            pid, footprint = s.processed.get(name, (product_id(name), item.footprint))
            original = _catalogue_product(name)
            if original is not None:  # an orderable product brought online keeps its catalogue entry
                out.append({**original, "Online": True, "ContentLength": _zip_size_if_made(name) or 0})
            else:
                out.append(_product_entity(name, pid, footprint, order.created, order.processor))
    return out


def _product_entity(name: str, pid: str, footprint: dict[str, Any], created: float, processor: str) -> dict:
    start = _iso(created).replace("+00:00", "Z")
    ring = footprint.get("coordinates", [[]])[0] if footprint.get("type") == "Polygon" else []
    wkt = ", ".join(f"{x} {y}" for x, y in ring)
    ptype = "S2MSI2A" if "MSIL2A" in name else "S2MSI1C"
    return {
        "@odata.mediaContentType": "application/octet-stream", "Id": pid, "Name": name,
        "ContentType": "application/octet-stream", "ContentLength": _zip_size_if_made(name) or 0,
        "OriginDate": start, "PublicationDate": start, "ModificationDate": start, "Online": True,
        "EvictionDate": "", "S3Path": f"/eodata/Sentinel-2/MSI/L2A/{name}", "Checksum": [],
        "ContentDate": {"Start": start, "End": start},
        "Footprint": f"geography'SRID=4326;POLYGON (({wkt}))'" if wkt else None, "GeoFootprint": footprint,
        "Collection": {"Name": "SENTINEL-2"},
        "Attributes": [
            {"@odata.type": "#OData.CSC.StringAttribute", "Name": "productType", "Value": ptype,
             "ValueType": "String"},
            {"@odata.type": "#OData.CSC.StringAttribute", "Name": "processorName", "Value": processor,
             "ValueType": "String"},
        ],
    }


@blueprint.get("/catalogue/odata/v1/Assets(<asset_id>)/$value")
def catalogue_quicklook(asset_id: str) -> Response:
    """A product's QUICKLOOK asset, as the CDSE emulator serves it (the catalogues are the same service)."""
    from .cdse import quicklook

    return quicklook(asset_id)


@blueprint.get("/catalogue/odata/v1/Products")
def catalogue_products() -> Response:
    """The shared catalogue plus this emulator's processed products, through the shared OData engine."""
    from . import catalogue, odata

    by_name = {p["Name"]: p for p in catalogue.products()}
    by_name.update({p["Name"]: p for p in processed_products()})  # an ordered product is online now
    try:
        body = catalogue.catalogue_products_response(request.args, f"{base_url()}{request.path}",
                                                     list(by_name.values()))
    except odata.ODataError as exc:
        return json_error(exc.status, exc.body())
    processed = store().processed
    for p in body["value"]:  # the exact size is known only once the zip exists: make it for what is shown
        if p.get("Name") in processed:
            info = _make_zip(p["Name"])
            p["ContentLength"] = info["size_bytes"]
            p["Checksum"] = [{"Value": info["md5"], "Algorithm": "MD5", "ChecksumDate": p.get("PublicationDate")}]
    return jsonify(body)


# --------------------------------------------------------------------------------------------- zipper

def _zip_path(name: str) -> Path:
    safe = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)
    return Path(state().data_dir or "/tmp") / "creodias" / f"{safe}.zip"


def _zip_size_if_made(name: str) -> int | None:
    try:
        path = _zip_path(name)
    except RuntimeError:
        return None
    return path.stat().st_size if path.exists() else None


_zip_lock = threading.Lock()


def _make_zip(name: str) -> dict[str, Any]:
    """``<name>/GRANULE/<granule>/IMG_DATA/R10m/<tile>_<date>_<band>_10m.tif`` per band + a manifest."""
    from . import rasters

    s = store()
    _pid, footprint = s.processed[name]
    path = _zip_path(name)
    with _zip_lock:
        if path.exists() and path.with_suffix(".md5").exists():
            return {"path": str(path), "size_bytes": path.stat().st_size,
                    "md5": path.with_suffix(".md5").read_text()}
        stem = name[:-5] if name.endswith(".SAFE") else name
        parts = stem.split("_")
        tile = next((p for p in parts if p.startswith("T") and len(p) == 6), "T33TTG")
        date = next((p for p in parts if len(p) == 15 and "T" in p), "20230101T000000")
        work = path.parent / f"{path.stem}-bands"
        work.mkdir(parents=True, exist_ok=True)
        members: dict[str, Any] = {}
        seed = int(uuid.UUID(product_id(name))) % 10_000
        for i, band in enumerate(BANDS):
            tif = work / f"{tile}_{date}_{band}_10m.tif"
            rasters.make_cog(tif, footprint, bands=1, size=128, dtype="UInt16", seed=seed * 10 + i)
            members[f"{name}/GRANULE/L2A_{tile}_{date}/IMG_DATA/R10m/{tile}_{date}_{band}_10m.tif"] = tif
        manifest = work / "MTD_MSIL2A.xml"
        manifest.write_text(f"<?xml version='1.0'?><product name='{name}' bands='{','.join(BANDS)}'/>",
                            encoding="utf-8")
        members[f"{name}/MTD_MSIL2A.xml"] = manifest
        info = rasters.make_zip(path, members)
        info["md5"] = rasters.file_md5(path)
        path.with_suffix(".md5").write_text(info["md5"])
        return info


@blueprint.get("/zipper/odata/v1/Products(<pid>)/$value")
def download(pid: str) -> Response:
    from .files import send_file_range

    token_value = bearer_token() or request.args.get("token")
    if state().tokens.check(token_value, REALM) is None:
        return json_error(401, {"detail": "Expired signature or invalid token"})
    s = store()
    name = next((n for n, (i, _fp) in list(s.processed.items()) if i == pid.strip("'")), None)
    if name is None or not any(p["Id"] == pid.strip("'") for p in processed_products()):
        return json_error(404, {"detail": f"Product {pid} not found"})
    info = _make_zip(name)
    stem = name[:-5] if name.endswith(".SAFE") else name
    return send_file_range(info["path"], download_name=f"{stem}.zip", mimetype="application/zip",
                           etag=info["md5"])
