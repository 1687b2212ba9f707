# SPDX-License-Identifier: GPL-2.0-or-later
"""Capella Space emulator: ApiKey/token auth, STAC search, order review/placement, presigned downloads, tasking.

Strict where the contract is certain (``../shared/providers/capella.md``, ``catalogues.md`` §3): a missing or
wrong key is a 401 ``INVALID_API_KEY``, bad search bodies and order items are 400s with Capella's
``{"error": {"message", "code"}}`` shape, a Vessel Detection add-on without its GEO image is refused, and the
asset URLs from ``/orders/{id}/download`` are signed here (HMAC over path and expiry) so a client that adds
credentials to them, or uses one after it expired, gets S3's XML refusal. Lenient where the notes say "both":
the search time range as top-level ``datetime`` or as ``query.datetime``; ``tasks/paged`` by GET or POST.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import threading
import uuid
from base64 import b64decode
from datetime import datetime, timedelta, timezone
from typing import Any

from flask import Blueprint, Response, jsonify, request

from .common import iso_millis as _iso
from .common import page_slice, public
from .core import base_url, json_error, state

KIND = "capella"
NAME = "capella"
blueprint = Blueprint("capella", __name__)

TOKEN_LIFETIME = 3600.0
REFRESH_LIFETIME = 86400.0
MAX_LIMIT = 900
MAX_REACHABLE = 10000
DEFAULT_LIMIT = 500
COLLECTIONS = ("capella-slc", "capella-geo", "capella-gec", "capella-sicd", "capella-sidd", "capella-cphd",
               "capella-open-data")
QUERY_OPS = {"eq", "in", "gt", "gte", "lt", "lte"}
TIERS = ("urgent", "priority", "standard", "flexible", "routine", "7_day", "14_day", "28_day")
COLLECT_MODES = ("spotlight", "stripmap", "sliding_spotlight")
#: price in USD per archive image by instrument mode; VS analytic per collect
PRICES = {"spotlight": 750.0, "sliding_spotlight": 600.0, "stripmap": 500.0}
VS_PRICE = 100.0
TIER_PRICES = {"urgent": 4000.0, "priority": 2500.0, "standard": 1500.0, "flexible": 1000.0, "routine": 1000.0,
               "7_day": 1500.0, "14_day": 1200.0, "28_day": 1000.0}
_SIGNING_KEY = secrets.token_bytes(32)
_file_lock = threading.Lock()


def connection_urls(base: str) -> dict[str, str]:
    return {"api": base}


# ----------------------------------------------------------------------------------------------- helpers

def _err(status: int, message: str, code: str, detail: Any = None) -> Response:
    body: dict[str, Any] = {"message": message, "code": code}
    if detail is not None:
        body["detail"] = detail
    return json_error(status, {"error": body})




def _parse_time(text: Any) -> float | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        dt = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    return dt.timestamp()


def _user_id(email: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"capella-user:{email}"))


def _org_id() -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, "capella-org:sandbox"))


class Store:
    """Per-test state: orders, tasking requests, the granules tasking produced."""

    def __init__(self) -> None:
        self.orders: dict[str, dict[str, Any]] = {}
        self.tasks: dict[str, dict[str, Any]] = {}
        self.extra_items: list[dict[str, Any]] = []
        self.ordered: set[str] = set()
        self.seeded = False
        #: ``page`` of every ``tasks/paged`` call, in order (tests check which pages a client reads)
        self.paged_pages: list[int] = []


def _store() -> Store:
    return state().store(NAME, Store)


def _current_user() -> tuple[str | None, Response | None]:
    """The caller's e-mail, or the documented 401."""
    st = state()
    auth = request.headers.get("Authorization", "")
    scheme, _, value = auth.partition(" ")
    value = value.strip()
    if scheme.lower() == "apikey" and value:
        keys = st.config.extra.get("capella_api_keys", {"demo-capella-key"})
        if value in set(keys):
            return next(iter(st.config.users), "demo@example.com"), None
        return None, _err(401, "The API key is not valid.", "INVALID_API_KEY")
    if scheme.lower() == "bearer" and value:
        tok = st.tokens.check(value, "capella")
        if tok is None:
            return None, _err(401, "The token is invalid or has expired.", "INVALID_TOKEN")
        return tok.user, None
    return None, _err(401, "Missing credentials: send 'Authorization: ApiKey <key>'.", "INVALID_API_KEY")


def _user_body(email: str) -> dict[str, Any]:
    return {"id": _user_id(email), "organizationId": _org_id(), "email": email, "firstName": "Demo",
            "lastName": "User", "roles": ["api-user"], "organization": {"id": _org_id(), "name": "Sandbox Org"}}


# ----------------------------------------------------------------------------------------------- auth

def _issue_tokens(email: str) -> Response:
    st = state()
    life = st.config.token_lifetime if st.config.token_lifetime is not None else TOKEN_LIFETIME
    ref_life = st.config.refresh_lifetime if st.config.refresh_lifetime is not None else REFRESH_LIFETIME
    access = st.tokens.issue(email, "capella", life)
    refresh = st.tokens.issue(email, "capella", ref_life, kind="refresh")
    resp = jsonify({"accessToken": access.value, "refreshToken": refresh.value})
    resp.status_code = 201
    return resp


@blueprint.post("/token")
def token() -> Response:
    auth = request.headers.get("Authorization", "")
    if not auth.lower().startswith("basic "):
        return _err(401, "Basic authentication with e-mail and password is required.", "INVALID_CREDENTIALS")
    try:
        email, _, password = b64decode(auth[6:].strip()).decode("utf-8").partition(":")
    except (ValueError, UnicodeDecodeError):
        return _err(401, "Malformed Basic authentication header.", "INVALID_CREDENTIALS")
    if state().config.users.get(email) != password:
        return _err(401, "Invalid e-mail or password.", "INVALID_CREDENTIALS")
    return _issue_tokens(email)


@blueprint.post("/token/refresh")
def token_refresh() -> Response:
    body = request.get_json(silent=True)
    ref = body.get("refreshToken") if isinstance(body, dict) else None
    tok = state().tokens.check(ref, "capella", kind="refresh") if isinstance(ref, str) else None
    if tok is None:
        return _err(401, "The refresh token is invalid or has expired.", "INVALID_TOKEN")
    return _issue_tokens(tok.user)


@blueprint.get("/user")
def user() -> Response:
    email, err = _current_user()
    if err:
        return err
    return jsonify(_user_body(email or ""))


# ----------------------------------------------------------------------------------------------- catalogue

_PRODUCTS_BY_COLLECT = (("SLC", "GEO", "GEC"), ("SLC", "GEO", "GEC", "SICD", "SIDD"))


def _footprint(lon: float, lat: float, half_w: float, half_h: float) -> dict[str, Any]:
    ring = [[lon - half_w, lat - half_h], [lon + half_w, lat - half_h], [lon + half_w, lat + half_h],
            [lon - half_w, lat + half_h], [lon - half_w, lat - half_h]]
    return {"type": "Polygon", "coordinates": [[[round(x, 6), round(y, 6)] for x, y in ring]]}


def _make_item(collect_id: str, product: str, mode: str, sat: int, t0: float, lon: float, lat: float,
               direction: str, orbit_state: str, incidence: float) -> dict[str, Any]:
    abbrev = {"spotlight": "SP", "stripmap": "SM", "sliding_spotlight": "SS"}[mode]
    start, end = t0, t0 + (4.0 if mode != "stripmap" else 10.0)
    stamp = datetime.fromtimestamp(start, timezone.utc).strftime("%Y%m%d%H%M%S")
    stamp2 = datetime.fromtimestamp(end, timezone.utc).strftime("%Y%m%d%H%M%S")
    item_id = f"CAPELLA_C{sat:02d}_{abbrev}_{product}_HH_{stamp}_{stamp2}"
    half = 0.03 if mode != "stripmap" else 0.06
    geom = _footprint(lon, lat, half, half * 0.8 if mode != "stripmap" else half * 1.6)
    ring = geom["coordinates"][0]
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    mid = start + (end - start) / 2
    hours = round(lon / 15.0)  # the real items carry the local solar time zone as Etc/GMT∓h
    local = datetime.fromtimestamp(mid, timezone(timedelta(hours=hours)))
    complex_ = product in ("SLC", "SICD")
    # the property names, types and order of a real item (../shared/fixtures/capella/stac_item_slc.json)
    props = {
        "datetime": _iso(mid), "start_datetime": _iso(start), "end_datetime": _iso(end),
        "locale:datetime": local.strftime("%Y-%m-%dT%H:%M:%S.%f%z"),
        "locale:timezone": f"Etc/GMT{'-' if hours > 0 else '+'}{abs(hours)}" if hours else "Etc/GMT",
        "locale:time": local.strftime("%H:%M:%S.%f"),
        "platform": f"capella-{sat}", "constellation": "capella", "instruments": [f"capella-radar-{sat}"],
        "sar:instrument_mode": mode, "sar:frequency_band": "X", "sar:center_frequency": 9.65,
        "sar:polarizations": ["HH"], "sat:orbit_state": orbit_state, "sar:product_type": product,
        "sar:pixel_spacing_range": 0.4 if mode == "spotlight" else 1.0,
        "sar:pixel_spacing_azimuth": 0.4 if mode == "spotlight" else 1.0,
        "sar:looks_range": 1, "sar:looks_azimuth": 1 if complex_ else 9,
        "sar:looks_equivalent_number": 1 if complex_ else 7.2,
        "sar:resolution_range": 0.5 if mode == "spotlight" else 1.2,
        "capella:resolution_ground_range": 0.8 if mode == "spotlight" else 1.9,
        "sar:resolution_azimuth": 0.5,
        "view:incidence_angle": incidence, "view:look_angle": round(incidence - 3, 1),
        "capella:squint_angle": 0.0, "capella:orbital_plane": (45, 53, 97)[sat % 3],
        "sar:observation_direction": direction, "capella:collect_id": collect_id,
        "capella:image_formation_algorithm": "backprojection",
        "capella:hash": hashlib.sha256(item_id.encode()).hexdigest()[:32],
    }
    return {
        "type": "Feature", "stac_version": "1.0.0", "id": item_id, "collection": f"capella-{product.lower()}",
        "geometry": geom, "bbox": [min(xs), min(ys), max(xs), max(ys)], "properties": props,
        "assets": {"thumbnail": {"href": f"https://sandbox-capella-archive/{item_id}/{item_id}_thumb.png",
                                 "type": "image/png", "title": "Thumbnail"}},
        "links": [],
    }


def _base_items() -> list[dict[str, Any]]:
    """~36 deterministic SAR items over Rome: 12 collects × SLC/GEO/GEC (+SICD/SIDD for every 4th)."""
    items = []
    t_start = datetime(2024, 5, 1, 5, 10, tzinfo=timezone.utc).timestamp()
    modes = ("spotlight", "stripmap", "sliding_spotlight")
    for i in range(12):
        collect_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"capella-collect:{i}"))
        lon = 12.38 + (i % 4) * 0.08
        lat = 41.83 + (i // 4) * 0.07
        t0 = t_start + i * 5 * 86400 + i * 97
        for product in _PRODUCTS_BY_COLLECT[1 if i % 4 == 0 else 0]:
            items.append(_make_item(collect_id, product, modes[i % 3], 2 + i % 12, t0, lon, lat,
                                    "left" if i % 2 else "right", "ascending" if i % 3 else "descending",
                                    round(25 + i * 1.5, 1)))
    return items


_BASE_ITEMS = _base_items()


def _all_items() -> list[dict[str, Any]]:
    return _BASE_ITEMS + _store().extra_items


def _item_by_id(granule_id: str) -> dict[str, Any] | None:
    return next((it for it in _all_items() if it["id"] == granule_id), None)


def _geom_bbox(geom: dict[str, Any]) -> tuple[float, float, float, float] | None:
    coords: list[tuple[float, float]] = []

    def walk(c: Any) -> None:
        if isinstance(c, (list, tuple)) and len(c) >= 2 and all(isinstance(v, (int, float)) for v in c[:2]):
            coords.append((float(c[0]), float(c[1])))
        elif isinstance(c, (list, tuple)):
            for sub in c:
                walk(sub)

    walk(geom.get("coordinates"))
    if not coords:
        return None
    xs, ys = [c[0] for c in coords], [c[1] for c in coords]
    return min(xs), min(ys), max(xs), max(ys)


def _intersects(geom: dict[str, Any], item: dict[str, Any]) -> bool:
    from osgeo import ogr

    a = ogr.CreateGeometryFromJson(json.dumps(geom))
    b = ogr.CreateGeometryFromJson(json.dumps(item["geometry"]))
    return bool(a is not None and b is not None and a.Intersects(b))


def _cmp(value: Any, op: str, arg: Any) -> bool:
    if op == "eq":
        return value == arg
    if op == "in":
        return value in arg
    if value is None:
        return False
    try:
        if op == "gt":
            return value > arg
        if op == "gte":
            return value >= arg
        if op == "lt":
            return value < arg
        return value <= arg
    except TypeError:
        return False


def _validate_search(body: dict[str, Any]) -> str | None:
    """The message of the first contract violation, or None."""
    limit = body.get("limit", DEFAULT_LIMIT)
    if not isinstance(limit, int) or isinstance(limit, bool) or not 1 <= limit <= MAX_LIMIT:
        return f"limit must be an integer between 1 and {MAX_LIMIT}"
    page = body.get("page", 1)
    if not isinstance(page, int) or isinstance(page, bool) or page < 1:
        return "page must be an integer >= 1"
    if page * limit > MAX_REACHABLE:
        return f"at most {MAX_REACHABLE} items can be reached (page * limit)"
    inter = body.get("intersects")
    if inter is not None:
        if not isinstance(inter, dict) or inter.get("type") not in ("Point", "LineString", "Polygon") \
                or not isinstance(inter.get("coordinates"), list):
            return "intersects must be a GeoJSON geometry of type Point, LineString or Polygon"
    bbox = body.get("bbox")
    if bbox is not None and (not isinstance(bbox, list) or len(bbox) != 4
                             or not all(isinstance(v, (int, float)) for v in bbox)):
        return "bbox must be [minLon, minLat, maxLon, maxLat]"
    for key in ("collections", "ids"):
        val = body.get(key)
        if val is not None and (not isinstance(val, list) or not all(isinstance(v, str) for v in val)):
            return f"{key} must be a list of strings"
    dt = body.get("datetime")
    if dt is not None:
        if not isinstance(dt, str):
            return "datetime must be a string"
        parts = dt.split("/")
        if len(parts) > 2 or any(p not in ("", "..") and _parse_time(p) is None for p in parts):
            return "datetime must be an RFC 3339 instant or interval 'start/end'"
    query = body.get("query")
    if query is not None:
        if not isinstance(query, dict):
            return "query must be an object"
        for prop, cond in query.items():
            if not isinstance(cond, dict) or not cond:
                return f"query.{prop} must be an object of operators"
            bad = set(cond) - QUERY_OPS
            if bad:
                return f"unsupported query operator(s) {sorted(bad)} for {prop}; use one of {sorted(QUERY_OPS)}"
            if "in" in cond and not isinstance(cond["in"], list):
                return f"query.{prop}.in must be a list"
            if prop == "datetime" and any(_parse_time(v) is None for k, v in cond.items() if k != "in"):
                return "query.datetime values must be RFC 3339 instants"
    return None


def _matches(item: dict[str, Any], body: dict[str, Any]) -> bool:
    props = item["properties"]
    if body.get("collections") and item["collection"] not in body["collections"]:
        return False
    if body.get("ids") and item["id"] not in body["ids"]:
        return False
    if body.get("intersects") and not _intersects(body["intersects"], item):
        return False
    if body.get("bbox"):
        w, s, e, n = body["bbox"]
        iw, is_, ie, in_ = item["bbox"]
        lon_ok = (iw <= e and ie >= w) if w <= e else (ie >= w or iw <= e)
        if not (lon_ok and is_ <= n and in_ >= s):
            return False
    item_t = _parse_time(props["datetime"]) or 0.0
    if body.get("datetime"):
        parts = body["datetime"].split("/")
        if len(parts) == 1:
            if abs(item_t - (_parse_time(parts[0]) or 0)) > 0.001:
                return False
        else:
            lo, hi = (_parse_time(p) if p not in ("", "..") else None for p in parts)
            if (lo is not None and item_t < lo) or (hi is not None and item_t > hi):
                return False
    for prop, cond in (body.get("query") or {}).items():
        for op, arg in cond.items():
            if prop == "datetime":
                if op == "in":
                    return False
                if not _cmp(item_t, op, _parse_time(arg)):
                    return False
                continue
            value = props.get(prop, item.get(prop))
            if op == "eq" and isinstance(arg, list):
                op = "in"
            if isinstance(value, list) and op in ("eq", "in"):
                wanted = arg if op == "in" else [arg]
                if not set(value) & set(wanted):
                    return False
            elif not _cmp(value, op, arg):
                return False
    return True


@blueprint.post("/catalog/search")
def catalog_search() -> Response:
    _, err = _current_user()
    if err:
        return err
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        return _err(400, "The request body must be a JSON object.", "VALIDATION_ERROR")
    problem = _validate_search(body)
    if problem:
        return _err(400, problem, "VALIDATION_ERROR")
    found = [it for it in _all_items() if _matches(it, body)]
    desc = True
    for sort in body.get("sortby") or []:
        if isinstance(sort, dict) and sort.get("field") in ("properties.datetime", "datetime"):
            desc = sort.get("direction", "asc") == "desc"
    found.sort(key=lambda it: (it["properties"]["datetime"], it["id"]), reverse=desc)
    limit, page = body.get("limit", DEFAULT_LIMIT), body.get("page", 1)
    start = (page - 1) * limit
    page_items = found[start:start + limit]
    # the real service sometimes repeats an item across pages: emulate on demand to exercise de-duplication
    if state().config.extra.get("capella_duplicate_ids") and page > 1 and start - 1 < len(found):
        page_items = [found[start - 1], *page_items]
    links = []
    if start + limit < len(found):
        # relative, as the real links are (``…?page=2``), resolved against the search URL itself
        links.append({"rel": "next", "href": f"search?page={page + 1}"})
    page_items = [_with_public_thumbnail(it) for it in page_items]
    return jsonify({"type": "FeatureCollection", "features": page_items, "numberMatched": len(found),
                    "numberReturned": len(page_items), "links": links})


def _with_public_thumbnail(item: dict[str, Any]) -> dict[str, Any]:
    """The item with its thumbnail served by this sandbox (a plain, unsigned URL like a public bucket's)."""
    assets = dict(item.get("assets") or {})
    if "thumbnail" in assets:
        assets["thumbnail"] = {**assets["thumbnail"],
                               "href": f"{base_url()}/capella/catalog/thumbnails/{item['id']}.png"}
    return {**item, "assets": assets}


@blueprint.get("/catalog/thumbnails/<item_id>.png")
def catalog_thumbnail(item_id: str) -> Response:
    """A catalogue item's thumbnail: a small PNG rendered over its footprint with GDAL (no credentials)."""
    from . import files, rasters

    item = _item_by_id(item_id)
    if item is None or "/" in item_id or ".." in item_id:
        return _err(404, f"Item {item_id} not found.", "NOT_FOUND")
    png = rasters.data_dir() / f"capella-thumb-{item_id}.png"
    with _file_lock:
        if not png.exists():
            from osgeo import gdal

            seed = int(hashlib.sha256(item_id.encode()).hexdigest()[:6], 16)
            cog = rasters.cached_cog(item["geometry"], name=f"capella-thumb-{item_id}.tif", bands=1, size=64,
                                     dtype="Byte", epsg=4326, seed=seed)
            tmp = png.with_suffix(".tmp.png")
            gdal.Translate(str(tmp), cog["path"], format="PNG")
            tmp.replace(png)
    return files.send_file_range(png, mimetype="image/png")


@blueprint.get("/catalog/collections")
@blueprint.get("/catalog/collections/")  # the vendor's Postman collection writes the slash
def catalog_collections() -> Response:
    _, err = _current_user()
    if err:
        return err
    return jsonify({"collections": [{"id": c, "title": c.replace("-", " ").title()} for c in COLLECTIONS]})


# ----------------------------------------------------------------------------------------------- orders

def _item_price(item: dict[str, Any], already: set[str]) -> float:
    if item["id"] in already:
        return 0.0
    return PRICES.get(item["properties"]["sar:instrument_mode"], 500.0)


def _money(amount: float) -> str:
    return f"${amount:,.2f}"


def _check_items(body: Any) -> tuple[list[dict[str, Any]], list[dict[str, Any]], Response | None]:
    """(granule items, VS add-ons, error) for an orders/review body."""
    if not isinstance(body, dict) or not isinstance(body.get("items"), list) or not body["items"]:
        return [], [], _err(400, "items must be a non-empty list.", "ORDER_VALIDATION_ERROR")
    granules: list[dict[str, Any]] = []
    addons: list[dict[str, Any]] = []
    for n, it in enumerate(body["items"]):
        if not isinstance(it, dict):
            return [], [], _err(400, f"items[{n}] must be an object.", "ORDER_VALIDATION_ERROR")
        if "productType" in it:
            if it["productType"] != "VS":
                return [], [], _err(400, f"items[{n}]: unknown analytic productType {it['productType']!r}.",
                                    "ORDER_VALIDATION_ERROR")
            ids = it.get("collectIds")
            if not isinstance(ids, list) or not ids or not all(isinstance(c, str) for c in ids):
                return [], [], _err(400, f"items[{n}]: collectIds must be a non-empty list of collect ids.",
                                    "ORDER_VALIDATION_ERROR")
            addons.append(it)
            continue
        cid, gid = it.get("collectionId"), it.get("granuleId")
        if not isinstance(cid, str) or not isinstance(gid, str):
            return [], [], _err(400, f"items[{n}] needs collectionId and granuleId strings.",
                                "ORDER_VALIDATION_ERROR")
        found = _item_by_id(gid)
        if found is None or found["collection"] != cid:
            return [], [], _err(400, f"items[{n}]: granule {gid} not found in collection {cid}.",
                                "ORDER_VALIDATION_ERROR")
        granules.append(found)
    geo_collects = {g["properties"]["capella:collect_id"] for g in granules
                    if g["properties"]["sar:product_type"] == "GEO"}
    for add in addons:
        missing = [c for c in add["collectIds"] if c not in geo_collects]
        if missing:
            return [], [], _err(400, "A GEO image must be specified as part of the analytic order: no GEO item "
                                     f"for collect(s) {', '.join(missing)}.", "ORDER_VALIDATION_ERROR")
    return granules, addons, None


def _review(granules: list[dict[str, Any]], addons: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``/orders/review`` reply.

    The captured replies (order_review_*_response.json) carry only ``authorized`` and, when refused,
    ``authorizationDenialReason``; that is the default. The document promises "the total cost ... and the
    cost of each individual product" in a shape nobody has captured: ``config.extra["capella_review_costs"]``
    adds our guess of it (``orderDetails.summary`` + ``lineItems``) so the client is tested on both.
    """
    st = state()
    already = _store().ordered
    lines = []
    total = 0.0
    for g in granules:
        price = _item_price(g, already)
        total += price
        lines.append({"collectionId": g["collection"], "granuleId": g["id"], "previouslyOrdered": g["id"] in already,
                      "accountingSize": {"unit": "image", "value": 1}, "price": _money(price)})
    for add in addons:
        price = VS_PRICE * len(add["collectIds"])
        total += price
        lines.append({"productType": "VS", "collectIds": add["collectIds"], "price": _money(price)})
    body: dict[str, Any] = {"authorized": True}
    if st.config.extra.get("capella_review_costs"):
        body["orderDetails"] = {"summary": {"subtotal": _money(total), "total": _money(total), "currency": "USD"},
                                "lineItems": lines}
    balance = st.config.extra.get("capella_balance")
    if balance is not None and total > float(balance):
        body["authorized"] = False
        body["authorizationDenialReason"] = {
            "message": f"This order will exceed your active contract period's value commitment. "
                       f"Order cost: {_money(total)}; Available Commitment: {_money(float(balance))}",
            "code": "AUTHORIZATION_INSUFFICIENT_FUNDS"}
    return body


def _items_request() -> tuple[str, list[dict[str, Any]], list[dict[str, Any]], Response | None]:
    """The caller and the checked ``items`` of a review or order POST (both take the same body), or the
    401/400 to send."""
    email, err = _current_user()
    if err:
        return "", [], [], err
    body = request.get_json(silent=True)
    err = _contract_error(body)
    if err:
        return "", [], [], err
    granules, addons, err = _check_items(body)
    return email or "", granules, addons, err


def _contract_error(body: Any) -> Response | None:
    """400 ``CONTRACT_NOT_FOUND`` for a ``contractId`` the organisation does not have (the real reply,
    error_contract_not_found_400.json); no ``contractId`` charges the default contract."""
    contract = body.get("contractId") if isinstance(body, dict) else None
    if contract is None:
        return None
    known = set(state().config.extra.get("capella_contracts", {"sandbox-contract-1"}))
    if not isinstance(contract, str) or contract not in known:
        return _err(400, "Contract not found", "CONTRACT_NOT_FOUND")
    return None


@blueprint.post("/orders/review")
def orders_review() -> Response:
    _, granules, addons, err = _items_request()
    if err:
        return err
    return jsonify(_review(granules, addons))


def _new_order(email: str, granules: list[dict[str, Any]], addons: list[dict[str, Any]], status: str = "",
               task_id: str = "") -> dict[str, Any]:
    st = state()
    now = st.clock.now()
    store = _store()
    order = {
        "orderId": str(uuid.uuid4()), "userId": _user_id(email), "organizationId": _org_id(),
        "orderDate": _iso(now), "expirationDate": _iso(now + 3600), "orderStatus": status or "submitted",
        "items": [{"collectionId": g["collection"], "granuleId": g["id"],
                   "type": g["properties"]["sar:instrument_mode"],
                   "previouslyOrdered": g["id"] in store.ordered, "collectionDate": g["properties"]["datetime"],
                   "size": 100_000_000} for g in granules]
        + [{"productType": "VS", "collectIds": a["collectIds"]} for a in addons],
        "_t0": now, "_final": status,
    }
    if task_id:
        order["taskingrequestId"] = task_id
    store.orders[order["orderId"]] = order
    store.ordered.update(g["id"] for g in granules)
    return order


def _order_view(order: dict[str, Any]) -> dict[str, Any]:
    """The order as the API shows it now: ``submitted`` → ``processing`` → ``completed`` on the sandbox clock."""
    st = state()
    out = public(order)
    if not order["_final"]:
        elapsed = st.clock.now() - order["_t0"]
        if elapsed >= st.config.queued_seconds + st.config.processing_seconds:
            out["orderStatus"] = "completed"
        elif elapsed >= st.config.queued_seconds:
            out["orderStatus"] = "processing"
    return out


@blueprint.post("/orders")
def orders_create() -> Response:
    email, granules, addons, err = _items_request()
    if err:
        return err
    review = _review(granules, addons)
    # archive images are ready at once (the documented answer says "completed"); an analytic add-on has to be
    # processed first, on the sandbox clock
    status = "rejected" if not review["authorized"] else ("" if addons else "completed")
    order = _new_order(email or "", granules, addons, status)
    if status == "rejected":  # the real rejected reply (order_rejected_response.json) names no items or dates
        return jsonify({k: order[k] for k in ("orderId", "userId", "organizationId", "orderStatus")})
    return jsonify(_order_view(order))


@blueprint.get("/orders")
def orders_list() -> Response:
    email, err = _current_user()
    if err:
        return err
    customer = request.args.get("customerId")
    if not customer:
        return _err(400, "customerId is required.", "VALIDATION_ERROR")
    if customer != _user_id(email or ""):
        return _err(403, "You are not authorized to list this customer's orders.", "NOT_AUTHORIZED")
    orders = [o for o in _store().orders.values() if o["userId"] == customer]
    orders.sort(key=lambda o: o["_t0"], reverse=True)
    return jsonify([_order_view(o) for o in orders])


def _get_order(order_id: str) -> tuple[dict[str, Any] | None, Response | None]:
    email, err = _current_user()
    if err:
        return None, err
    order = _store().orders.get(order_id)
    if order is None or order["organizationId"] != _org_id():
        return None, _err(404, f"Order {order_id} not found.", "NOT_FOUND")
    return order, None


@blueprint.get("/orders/<order_id>")
def order_get(order_id: str) -> Response:
    order, err = _get_order(order_id)
    if err:
        return err
    return jsonify(_order_view(order))


def _sign(path: str, expires: int) -> str:
    return hmac.new(_SIGNING_KEY, f"{path}\n{expires}".encode(), hashlib.sha256).hexdigest()


def _presign(path: str) -> str:
    st = state()
    expires = int(st.clock.now() + float(st.config.extra.get("capella_url_lifetime", 3600)))
    return (f"{base_url()}{path}?AWSAccessKeyId=ASIASANDBOXCAPELLA&Expires={expires}"
            f"&Signature={_sign(path, expires)}&x-amz-security-token=sandbox-session")


def _asset_files(item: dict[str, Any]) -> dict[str, tuple[str, str, str]]:
    """asset key → (file name, media type, title) for an ordered granule."""
    gid = item["id"]
    product = item["properties"]["sar:product_type"]
    out = {"HH": (f"{gid}.tif", "image/tiff; application=geotiff; profile=cloud-optimized", f"{product} image"),
           "metadata": (f"{gid}_extended.json", "application/json", "Extended metadata"),
           "thumbnail": (f"{gid}_thumb.png", "image/png", "Thumbnail")}
    if product in ("GEO", "GEC", "SIDD"):
        out["preview"] = (f"{gid}_preview.tif", "image/tiff; application=geotiff", "Preview")
    return out


@blueprint.get("/orders/<order_id>/download")
def order_download(order_id: str) -> Response:
    order, err = _get_order(order_id)
    if err:
        return err
    view = _order_view(order)
    if view["orderStatus"] == "rejected":
        return _err(400, "The order was rejected; nothing can be downloaded.", "ORDER_REJECTED")
    if view["orderStatus"] != "completed":
        return _err(409, "The order is not completed yet.", "ORDER_NOT_COMPLETED")
    if state().clock.now() > order["_t0"] + 3600 + state().config.queued_seconds + state().config.processing_seconds \
            and state().config.extra.get("capella_orders_expire", False):
        return _err(400, "The order has expired: place it again to download.", "ORDER_EXPIRED")
    out = []
    for it in order["items"]:
        if "granuleId" in it:
            item = _item_by_id(it["granuleId"])
            if item is None:
                continue
            assets = {}
            for key, (fname, mtype, title) in _asset_files(item).items():
                path = f"/capella/_files/{item['collection']}/{item['id']}/{fname}"
                assets[key] = {"href": _presign(path), "title": title, "type": mtype,
                               "roles": ["data"] if key == "HH" else [key]}
            out.append({**{k: v for k, v in item.items() if k != "assets"}, "assets": assets})
        else:
            for cid in it["collectIds"]:
                vs_id = f"CAPELLA_VS_{cid}"
                base = f"/capella/_files/capella-vs/{vs_id}"
                geo = next((i for i in _all_items() if i["properties"]["capella:collect_id"] == cid
                            and i["properties"]["sar:product_type"] == "GEO"), None)
                out.append({"type": "Feature", "id": vs_id, "collection": "capella-analytics",
                            "geometry": geo["geometry"] if geo else None,
                            "properties": {"sar:product_type": "VS", "capella:collect_id": cid},
                            "assets": {"analytic_product": {"href": _presign(f"{base}/{vs_id}.geojson"),
                                                            "type": "application/geo+json",
                                                            "title": "Vessel detections"}}})
    return jsonify(out)


# ----------------------------------------------------------------------------------------------- signed files

def _s3_error(status: int, code: str, message: str) -> Response:
    xml = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>{code}</Code><Message>{message}</Message>'
           f"<RequestId>{secrets.token_hex(8).upper()}</RequestId></Error>")
    return Response(xml, status=status, mimetype="application/xml")


def _make_file(path: str, collection: str, granule: str, fname: str) -> bool:
    """Create the asset file on first use (deterministic content per granule); False if unknown."""
    if collection == "capella-vs":
        cid = granule.removeprefix("CAPELLA_VS_")
        geo = next((i for i in _all_items() if i["properties"]["capella:collect_id"] == cid
                    and i["properties"]["sar:product_type"] == "GEO"), None)
        if geo is None or fname != f"{granule}.geojson":
            return False
        lon, lat = geo["bbox"][0], geo["bbox"][1]
        feats = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [lon + 0.01 * k, lat + 0.005 * k]},
                  "properties": {"length_m": 40 + 7 * k, "confidence": 0.9}} for k in range(1, 4)]
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"type": "FeatureCollection", "features": feats}, fh)
        return True
    item = _item_by_id(granule)
    if item is None or item["collection"] != collection:
        return False
    files = {v[0]: k for k, v in _asset_files(item).items()}
    key = files.get(fname)
    if key is None:
        return False
    seed = int(hashlib.sha256(granule.encode()).hexdigest()[:6], 16)
    if key in ("HH", "preview"):
        from . import rasters

        bands = 2 if item["properties"]["sar:product_type"] in ("SLC", "SICD") else 1
        rasters.make_cog(path, item["geometry"], bands=bands, size=256 if key == "HH" else 64, seed=seed)
    elif key == "thumbnail":
        from osgeo import gdal

        mem = gdal.GetDriverByName("MEM").Create("", 32, 32, 1, gdal.GDT_Byte)
        mem.GetRasterBand(1).Fill(seed % 200 + 20)
        gdal.GetDriverByName("PNG").CreateCopy(path, mem)
        mem = None
    else:
        with open(path, "w", encoding="utf-8") as fh:
            json.dump({"collect": {"collect_id": item["properties"]["capella:collect_id"]},
                       "product_type": item["properties"]["sar:product_type"], "granule": granule}, fh)
    return True


@blueprint.get("/_files/<collection>/<granule>/<fname>")
def signed_file(collection: str, granule: str, fname: str) -> Response:
    """An S3-like object behind a presigned URL: signature + expiry checked, no other credentials allowed."""
    st = state()
    if request.headers.get("Authorization"):
        return _s3_error(400, "InvalidArgument", "Only one auth mechanism allowed; only the X-Amz-Algorithm query "
                                                 "parameter, Signature query string parameter or the Authorization "
                                                 "header should be specified")
    expires, sig = request.args.get("Expires", ""), request.args.get("Signature", "")
    if not expires.isdigit() or not sig:
        return _s3_error(403, "AccessDenied", "Query-string authentication requires the Signature, Expires and "
                                              "AWSAccessKeyId parameters")
    if not hmac.compare_digest(sig, _sign(request.path, int(expires))):
        return _s3_error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match the "
                                                       "signature you provided.")
    if st.clock.now() > int(expires):
        return _s3_error(403, "AccessDenied", "Request has expired")
    if "/" in fname or ".." in fname or "/" in granule or ".." in granule:
        return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
    folder = os.path.join(st.data_dir, "capella", collection, granule)
    path = os.path.join(folder, fname)
    with _file_lock:
        if not os.path.exists(path):
            os.makedirs(folder, exist_ok=True)
            tmp_ok = _make_file(path, collection, granule, fname)
            if not tmp_ok:
                return _s3_error(404, "NoSuchKey", "The specified key does not exist.")
    from . import files

    mtype = {".tif": "image/tiff", ".png": "image/png", ".json": "application/json",
             ".geojson": "application/geo+json"}.get(os.path.splitext(fname)[1], "application/octet-stream")
    return files.send_file_range(path, download_name=fname, mimetype=mtype)


# ----------------------------------------------------------------------------------------------- tasking

_TASK_STEPS = (("received", "Request created"), ("review", "Tasking request ready for review."),
               ("submitted", "Request submitted through automatic approval"),
               ("accepted", "Request can be completely satisfied during validity window."),
               ("active", "Collection of the request has been scheduled."),
               ("completed", "Tasking request has been completed."))


def _validate_task(body: Any) -> str | None:
    if not isinstance(body, dict) or body.get("type") != "Feature":
        return "The body must be a GeoJSON Feature."
    geom = body.get("geometry")
    if not isinstance(geom, dict) or geom.get("type") not in ("Point", "Polygon") \
            or _geom_bbox(geom) is None:
        return "geometry must be a GeoJSON Point or Polygon."
    props = body.get("properties")
    if not isinstance(props, dict):
        return "properties must be an object."
    name = props.get("taskingrequestName")
    if name is not None and not isinstance(name, str):
        return "taskingrequestName must be a string."
    wo, wc = props.get("windowOpen"), props.get("windowClose")
    for key, val in (("windowOpen", wo), ("windowClose", wc)):
        if val is not None and _parse_time(val) is None:
            return f"{key} must be an RFC 3339 date-time."
    if wo and wc and _parse_time(wc) <= _parse_time(wo):  # type: ignore[operator]
        return "windowClose must be after windowOpen."
    tier = props.get("collectionTier")
    if tier is not None and tier not in TIERS:
        return f"collectionTier must be one of {', '.join(TIERS)}."
    cc = props.get("collectConstraints", {})
    if not isinstance(cc, dict):
        return "collectConstraints must be an object."
    enums = {"collectMode": COLLECT_MODES, "lookDirection": ("left", "right", "either"),
             "ascDsc": ("ascending", "descending", "either"), "polarization": ("HH", "VV")}
    for key, allowed in enums.items():
        if key in cc and cc[key] not in allowed:
            return f"collectConstraints.{key} must be one of {', '.join(allowed)}."
    bounds = {"offNadirMin": (5, 50), "offNadirMax": (5, 50), "numLooks": (1, 50), "imageLength": (1000, 100000),
              "imageWidth": (1000, 100000), "grrMin": (0.3, 20), "grrMax": (0.3, 20), "azrMin": (0.3, 20),
              "azrMax": (0.3, 20), "neszMax": (-30, 0)}
    for key, (lo, hi) in bounds.items():
        if key in cc:
            val = cc[key]
            if not isinstance(val, (int, float)) or isinstance(val, bool) or not lo <= val <= hi:
                return f"collectConstraints.{key} must be a number between {lo} and {hi}."
    if "offNadirMin" in cc and "offNadirMax" in cc and cc["offNadirMin"] > cc["offNadirMax"]:
        return "collectConstraints.offNadirMin must not exceed offNadirMax."
    planes = cc.get("orbitalPlanes")
    if planes is not None and (not isinstance(planes, list) or any(p not in (45, 53, 97) for p in planes)):
        return "collectConstraints.orbitalPlanes must be a list of 45, 53, 97."
    return None


def _task_view(task: dict[str, Any]) -> dict[str, Any]:
    """The request with ``statusHistory`` (newest first) as of the sandbox clock."""
    st = state()
    now = st.clock.now()
    t0 = task["_t0"]
    props = task["properties"]
    approved = task.get("_approved_at")
    q, p = st.config.queued_seconds, st.config.processing_seconds
    steps: list[tuple[float, str, str]] = [(t0, *_TASK_STEPS[0]), (t0, *_TASK_STEPS[1])]
    if task.get("_history_final"):
        steps = [(t0, *_TASK_STEPS[0]), (t0, *_TASK_STEPS[2]), (t0 + 60, *_TASK_STEPS[3]),
                 (t0 + 3600, *_TASK_STEPS[5])]
    elif approved is not None:
        steps.append((approved, "submitted", "Request approved and submitted for scheduling"
                       if not props.get("preApproval") else _TASK_STEPS[2][1]))
        failing = st.config.fail_marker in str(props.get("taskingrequestName", ""))
        if failing:
            steps.append((approved + q, "rejected", "Request cannot be satisfied during the validity window."))
        else:
            steps.append((approved + q, *_TASK_STEPS[3]))
            steps.append((approved + q + p / 2, *_TASK_STEPS[4]))
            steps.append((approved + q + p, *_TASK_STEPS[5]))
    if task.get("_canceled_at") is not None:
        steps = [s for s in steps if s[0] <= task["_canceled_at"]]
        steps.append((task["_canceled_at"], "canceled", "Request canceled by the customer."))
    history = [{"time": _iso(t), "code": code, "message": msg} for t, code, msg in steps if t <= now]
    history.sort(key=lambda h: h["time"], reverse=True)
    out = {"type": "Feature", "geometry": task["geometry"], "properties": dict(props)}
    out["properties"]["statusHistory"] = history
    if history and history[0]["code"] == "completed":
        _ensure_task_items(task)
        out["properties"]["transactionStatus"] = "completed"
    return out


def _ensure_task_items(task: dict[str, Any]) -> None:
    """A completed request's collect lands in the catalogue once: GEO, SLC, GEC over its location."""
    if task.get("_items"):
        return
    bb = _geom_bbox(task["geometry"]) or (12.5, 41.9, 12.5, 41.9)
    lon, lat = (bb[0] + bb[2]) / 2, (bb[1] + bb[3]) / 2
    collect_id = str(uuid.uuid5(uuid.NAMESPACE_URL, f"capella-task-collect:{task['properties']['taskingrequestId']}"))
    mode = (task["properties"].get("collectConstraints") or {}).get("collectMode", "spotlight")
    t0 = task["_t0"] + 1800 + (int(collect_id[:4], 16) % 3600)
    items = [_make_item(collect_id, product, mode, 14, t0, lon, lat, "left", "ascending", 35.0)
             for product in ("SLC", "GEO", "GEC")]
    _store().extra_items.extend(items)
    task["_items"] = [i["id"] for i in items]


#: what the service fills into ``collectConstraints`` when a request leaves a constraint out; the spotlight
#: values are the real reply's (task_response.json), the other modes' image length is a guess
CONSTRAINT_DEFAULTS: dict[str, Any] = {
    "lookDirection": "either", "ascDsc": "either", "orbitalPlanes": [], "localTime": [[0, 86400]],
    "offNadirMin": 25, "offNadirMax": 40, "collectMode": "spotlight", "imageLength": 5000, "grrMin": 0.5,
    "grrMax": 0.7, "azrMin": 0.5, "azrMax": 0.5, "neszMax": -10, "numLooks": 9,
}
MODE_IMAGE_LENGTH = {"spotlight": 5000, "sliding_spotlight": 10000, "stripmap": 20000}


def collect_constraints(sent: dict[str, Any] | None) -> dict[str, Any]:
    """The request's constraints with the server-side defaults filled in, in the real reply's key order."""
    sent = dict(sent or {})
    mode = sent.get("collectMode", "spotlight")
    defaults = {**CONSTRAINT_DEFAULTS, "collectMode": mode, "imageLength": MODE_IMAGE_LENGTH.get(mode, 5000)}
    out = {k: sent.pop(k, v) for k, v in defaults.items()}
    out.update(sent)  # imageWidth, polarization, ...: kept as sent
    return out


def _new_task(email: str, body: dict[str, Any], t0: float, history_final: bool = False) -> dict[str, Any]:
    props = dict(body["properties"])
    tid = str(uuid.uuid4())
    wo = props.get("windowOpen") or _iso(t0)
    wc = props.get("windowClose") or _iso((_parse_time(wo) or t0) + 7 * 86400)
    tier = props.get("collectionTier", "standard")
    props.update({
        "submissionTime": _iso(t0), "taskingrequestId": tid,
        "taskingrequestName": props.get("taskingrequestName") or f"Task {tid[:8]}",
        "taskingrequestDescription": props.get("taskingrequestDescription"), "userId": _user_id(email),
        "repeatrequestId": None, "windowOpen": wo, "windowClose": wc,
        "windowDuration": int((_parse_time(wc) or 0) - (_parse_time(wo) or 0)), "collectionTier": tier,
        "archiveHoldback": props.get("archiveHoldback", "none"), "preApproval": bool(props.get("preApproval", False)),
        "collectConstraints": collect_constraints(props.get("collectConstraints")),
        "type": (props.get("collectConstraints") or {}).get("collectMode", "spotlight"),
        "transactionStatus": "in-progress", "sandbox": True,
        "order": {"summary": {"total": _money(TIER_PRICES.get(tier, 1500.0)),
                              "subtotal": _money(TIER_PRICES.get(tier, 1500.0))},
                  "lineItems": [{"taskId": tid, "accountingSize": {"unit": "sqkm", "value": 25}}],
                  "archiveHoldback": props.get("archiveHoldback", "none"), "managedOrganizationIds": ["*"]},
    })
    task = {"geometry": body["geometry"], "properties": props, "_t0": t0,
            "_approved_at": t0 if props["preApproval"] else None, "_history_final": history_final}
    _store().tasks[tid] = task
    return task


def _seed_history(email: str) -> None:
    """``config.extra["capella_history_tasks"] = N`` old completed requests, one a day back from now."""
    store = _store()
    if store.seeded:
        return
    store.seeded = True
    count = int(state().config.extra.get("capella_history_tasks", 0) or 0)
    now = state().clock.now()
    for n in range(count):
        t0 = now - (n + 1) * 86400
        body = {"type": "Feature", "geometry": {"type": "Point", "coordinates": [12.4 + (n % 10) * 0.02, 41.85]},
                "properties": {"taskingrequestName": f"Archive task {n + 1}", "collectionTier": "standard",
                               "windowOpen": _iso(t0), "windowClose": _iso(t0 + 7 * 86400), "preApproval": True}}
        _new_task(email, body, t0, history_final=True)


def _caller_task(task_id: str, seed: bool = False) -> tuple[str, dict[str, Any], Response | None]:
    """The caller and the tasking request ``task_id``, or the 401/404 to send. ``seed``: create the user's
    archive history first (a read may name one of those requests)."""
    email, err = _current_user()
    if err:
        return "", {}, err
    if seed:
        _seed_history(email or "")
    task = _store().tasks.get(task_id)
    if task is None:
        return email or "", {}, _err(404, f"Tasking request {task_id} not found.", "NOT_FOUND")
    return email or "", task, None


@blueprint.post("/task")
def task_create() -> Response:
    email, err = _current_user()
    if err:
        return err
    _seed_history(email or "")
    body = request.get_json(silent=True)
    problem = _validate_task(body)
    if problem:
        return _err(400, problem, "VALIDATION_ERROR")
    contract_err = _contract_error(body)
    if contract_err:
        return contract_err
    task = _new_task(email or "", body, state().clock.now())
    resp = jsonify(_task_view(task))
    resp.status_code = 201
    return resp


@blueprint.get("/task/<task_id>")
def task_get(task_id: str) -> Response:
    _, task, err = _caller_task(task_id, seed=True)
    if err:
        return err
    return jsonify(_task_view(task))


@blueprint.patch("/task/<task_id>/status")
def task_status(task_id: str) -> Response:
    """Approve a request waiting in review, or cancel one that is not finished."""
    _, task, err = _caller_task(task_id)
    if err:
        return err
    body = request.get_json(silent=True) or {}
    wanted = body.get("status") if isinstance(body, dict) else None
    current = _task_view(task)["properties"]["statusHistory"]
    code = current[0]["code"] if current else "received"
    now = state().clock.now()
    if code in ("completed", "canceled", "rejected", "expired", "failed", "error"):
        return _err(400, f"This transaction has been finalized with a status of '{code}'. It cannot be further "
                         "modified.", "UNABLE_TO_UPDATE_FINALIZED_TRANSACTION")
    if wanted == "approved":
        if task["_approved_at"] is None:
            task["_approved_at"] = now
    elif wanted == "canceled":
        task["_canceled_at"] = now
    else:
        return _err(400, "status must be 'approved' or 'canceled'.", "VALIDATION_ERROR")
    return jsonify(_task_view(task))


@blueprint.route("/tasks/paged", methods=["GET", "POST"])
def tasks_paged() -> Response:
    email, err = _current_user()
    if err:
        return err
    _seed_history(email or "")
    args = request.args
    try:
        page = int(args.get("page", "1"))
        limit = int(args.get("limit", "100"))
    except ValueError:
        return _err(400, "page and limit must be integers.", "VALIDATION_ERROR")
    if page < 1 or not 1 <= limit <= 500:
        return _err(400, "page must be >= 1 and limit between 1 and 500.", "VALIDATION_ERROR")
    _store().paged_pages.append(page)
    org, customer = args.get("organizationId"), args.get("customerId")
    if not org and not customer:
        return _err(400, "organizationId or customerId is required.", "VALIDATION_ERROR")
    if (org and org != _org_id()) or (customer and customer != _user_id(email or "")):
        return _err(403, "You are not authorized to list these tasking requests.", "NOT_AUTHORIZED")
    # oldest first (issue 12: the vendor's pages are; the document only says "sorted by submissionTime");
    # ``config.extra["capella_tasks_order"] = "newest_first"`` serves the other order for the client's tests
    newest = state().config.extra.get("capella_tasks_order", "oldest_first") == "newest_first"
    tasks = sorted(_store().tasks.values(), key=lambda t: t["_t0"], reverse=newest)
    chunk, total_pages = page_slice(tasks, page, limit, first=1)
    total_pages = max(1, total_pages)
    return jsonify({"results": [_task_view(t) for t in chunk], "currentPage": page, "totalPages": total_pages})


@blueprint.post("/orders/task/<task_id>")
def order_task(task_id: str) -> Response:
    email, task, err = _caller_task(task_id)
    if err:
        return err
    history = _task_view(task)["properties"]["statusHistory"]
    if not history or history[0]["code"] != "completed":
        return _err(400, "The tasking request is not completed yet.", "TASK_NOT_COMPLETED")
    granules = [g for g in (_item_by_id(i) for i in task.get("_items", [])) if g is not None]
    order = _new_order(email, granules, [], status="completed", task_id=task_id)
    return jsonify(_order_view(order))
