# SPDX-License-Identifier: GPL-2.0-or-later
"""UP42 emulator: Keycloak realm ``public``, collections, order schemas, estimate, v2 orders, tasking.

Strict where the contract notes are certain (``/work/shared/providers/up42.md`` [spec]/[doc]): a missing,
unknown or expired bearer token gives 401; params are validated with ``jsonschema`` against the data
product's draft-07 schema (400 with ``details``); orders are placed only in the caller's workspace; errors
use the shape of real replies ``{"status", "title", "detail"}``.

Documented guesses (the notes do not say):
- a rejected quotation ends the order as ``CANCELED`` with sub-status ``QUOTATION_REJECTED``;
- cancelling in a status other than CREATED / PLACEMENT_FAILED answers 409;
- feasibility is automatic (an ``AUTO`` study, already accepted) unless ``config.extra["up42_manual_feasibility"]``
  is true: then a ``MANUAL`` study with two options waits for ``PATCH {acceptedOptionId}``;
- delivered files are found with ``POST /v2/assets/stac/search`` filtered on ``order_id`` (CQL2 JSON ``=``);
  an asset ``href`` is ``/v2/assets/{id}/content``, read with the bearer token and ``Range``;

Today's API only (issue 12): ``/v2`` paths plus ``/orders/schema/{id}``, which up42-py 3.x still calls. The
legacy placement ``POST /workspaces/{id}/orders`` and the older ``/v2/tasking/feasibility`` path are not
served (up42-py dropped them; nothing real shows the service still answers them). Shapes checked against the
real replies in ``../shared/fixtures/up42/`` by ``tests/sandbox/test_fidelity_up42.py``: Spring pages with
``sort``, orders with ``createdBy``/``updatedBy``, the cancellation reply ``{orderId, status}`` the SDK reads,
the Pléiades tasking schema's bounds and enum values.

Tasking timeline (sandbox clock, q = queued_seconds, p = processing_seconds): CREATED for q, PLACED /
FEASIBILITY_WAITING_UPLOAD for q, then the feasibility study (auto-accepted, or waiting for the user), then
QUOTATION_WAITING_UPLOAD for q, then a quotation NOT_DECIDED (QUOTATION_WAITING_RESPONSE) until the user
decides; accepted -> QUOTATION_ACCEPTED for q -> BEING_FULFILLED for p -> FULFILLED with delivered COGs.
Archive orders: CREATED for q, BEING_FULFILLED for p, FULFILLED (FAILED_PERMANENTLY when the display name
holds ``config.fail_marker``).
"""

from __future__ import annotations

import math
import re
import uuid
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import jsonschema
from flask import Blueprint, Response, jsonify, request

from .common import page_slice, public, token_user
from .core import base_url, json_error, keycloak_token_endpoint, state
from .files import send_file_range

KIND = "up42"
REALM = "up42-public"
CLIENT_ID = "up42-sdk"
TOKEN_LIFETIME = 300.0  # UP42 access tokens live five minutes
MAX_VERTICES = 999

blueprint = Blueprint("up42", __name__)

TASKING_PRODUCT = "bd102407-1814-4f92-8b5a-7697b7a73f5a"
ARCHIVE_PRODUCT = "4f1b2f62-98df-4c74-81f4-5dce45deee99"
NEO_PRODUCT = "7e3d1b5c-2a4f-4e8b-9d6c-1f0a2b3c4d5e"


def connection_urls(base: str) -> dict[str, str]:
    realm = f"{base}/auth/realms/public/protocol/openid-connect"
    return {"api": base, "token": f"{realm}/token", "userinfo": f"{realm}/userinfo"}


# --------------------------------------------------------------------------------------------- catalogue

def _enum(name: str, values: list[tuple[str, str]], default: Any = None) -> dict[str, Any]:
    """An enum the way UP42 writes it: ``anyOf`` of ``{const, title}`` (reached via ``allOf: [{$ref}]``)."""
    return {"title": name, "anyOf": [{"const": v, "title": t} for v, t in values], "default": default}


def _ref(title: str, name: str, description: str) -> dict[str, Any]:
    return {"title": title, "description": description, "type": "string",
            "allOf": [{"$ref": f"#/definitions/{name}"}]}


def _polygon_definition() -> dict[str, Any]:
    # the real definition has no bound on the number of rings and none on the ring's closing
    return {
        "title": "Polygon", "description": "A GeoJSON Polygon.", "type": "object",
        "properties": {
            "type": {"title": "Type", "default": "Polygon", "const": "Polygon", "type": "string"},
            "coordinates": {"type": "array", "items": {
                "type": "array", "minItems": 4,
                "items": {"type": "array", "minItems": 2, "maxItems": 2, "items": {"type": "number"}}}},
        },
        "required": ["coordinates"],
    }


def _when(prop: str, value: str, then: dict[str, Any], otherwise: dict[str, Any] | None = None) -> dict[str, Any]:
    """One of the real schema's ``if/then/else`` blocks. UP42 puts ``definitions`` inside ``then``/``else``
    (a hint for its own form; JSON Schema validation ignores it), so these blocks narrow nothing here either."""
    out: dict[str, Any] = {"if": {"properties": {prop: {"const": value}}}, "then": {"definitions": then}}
    if otherwise is not None:
        out["else"] = {"definitions": otherwise}
    return out


def _bh(minimum: float, maximum: float) -> dict[str, Any]:
    return {"minBH": {"type": "number", "minimum": 0.2, "maximum": 0.8, "default": minimum},
            "maxBH": {"type": "number", "minimum": 0.2, "maximum": 0.8, "default": maximum}}


def tasking_schema() -> dict[str, Any]:
    """A Pléiades(-Neo) tasking order schema with the real one's structure, bounds and enum values.

    Decision (captured reply > SDK > document): the seed document lists cloud cover 0–100, incidence 0–90
    and more processing levels; the real schema served by ``/orders/schema/{id}``
    (``../shared/fixtures/up42/schema_pleiades_tasking.json``) has cloud cover 5–20, incidence 5–50,
    ``minBH``/``maxBH`` 0.2–0.8 and one value for each processing enum. The real schema wins.
    """
    props: dict[str, Any] = {
        "geometry": {"title": "Geometry", "type": "object", "allOf": [{"$ref": "#/definitions/Polygon"}]},
        "displayName": {"title": "Order name", "type": "string"},
        "extraDescription": {"title": "Description", "type": "string"},
        "acquisitionStart": {"title": "Start", "type": "string", "format": "date-time"},
        "acquisitionEnd": {"title": "End", "type": "string", "format": "date-time"},
        "acquisitionMode": _ref("Acquisition mode", "acquisitionMode",
                                "Mono (one viewpoint), stereo or tristereo (two or three viewpoints on one orbit)."),
        "cloudCoverage": {"title": "Maximum cloud coverage (%)", "description": "Largest cloud cover accepted.",
                          "minimum": 5, "maximum": 20, "type": "integer"},
        "incidenceAngle": {"title": "Maximum incidence angle (°)", "description": "Largest incidence accepted.",
                           "minimum": 5, "maximum": 50, "type": "integer"},
        "minBH": {"title": "Minimum B/H ratio", "description": "Stereo and tristereo only: smallest base/height.",
                  "minimum": 0.2, "maximum": 0.8, "type": "number"},
        "maxBH": {"title": "Maximum B/H ratio", "description": "Stereo and tristereo only: largest base/height.",
                  "minimum": 0.2, "maximum": 0.8, "type": "number"},
        "geometricProcessing": _ref("Geometric processing", "geometricProcessing", "Ortho-rectified delivery."),
        "projection": _ref("Coordinate reference system", "projection", "EPSG code of the delivery."),
        "spectralProcessing": _ref("Spectral bands combination", "spectralProcessing", "Bands delivered."),
        "pixelCoding": _ref("Bit depth per pixel", "pixelCoding", "Bits per pixel of the delivery."),
        "radiometricProcessing": _ref("Radiometric processing", "radiometricProcessing", "Radiometric level."),
        "deliveredAs": _ref("Delivery format", "deliveredAs", "File format of the delivery."),
    }
    projections = ("2154", "23031", "25831", "27563", "27572", "27573", "3035", "3857", "4326", "32631")
    radiometric = [("basic", "Basic"), ("display", "Display")]
    return {
        "$schema": "https://json-schema.org/draft-07/schema",
        "type": "object",
        "properties": props,
        "required": ["geometry", "displayName", "acquisitionStart", "acquisitionEnd", "acquisitionMode",
                     "cloudCoverage", "incidenceAngle", "geometricProcessing", "spectralProcessing",
                     "pixelCoding", "radiometricProcessing", "deliveredAs"],
        "definitions": {
            "Polygon": _polygon_definition(),
            "acquisitionMode": _enum("acquisitionMode", [("mono", "MONO"), ("stereo", "STEREO"),
                                                         ("tristereo", "TRISTEREO")]),
            "geometricProcessing": _enum("geometricProcessing", [("ortho", "Ortho")], "ortho"),
            "projection": _enum("projection", [("4326", "4326")], "4326"),
            "spectralProcessing": _enum("spectralProcessing",
                                        [("bundle", "Bundle: panchromatic + 4 multispectral bands")], "bundle"),
            "pixelCoding": _enum("pixelCoding", [("12bits", "12 bits (JPEG 2000) / 16 bits (GeoTIFF)")], "12bits"),
            "radiometricProcessing": _enum("radiometricProcessing", [("reflectance", "Reflectance")],
                                           "reflectance"),
            "deliveredAs": _enum("deliveredAs", [("geotiff", "DIMAP-GeoTIFF")], "geotiff"),
        },
        "additionalProperties": False,
        "allOf": [
            _when("geometricProcessing", "primary", {"projection": {"const": None}},
                  {"projection": {"anyOf": [{"const": p, "title": p} for p in projections]}}),
            {"allOf": [_when("acquisitionMode", "mono", {"minBH": {"const": None}, "maxBH": {"const": None}}),
                       _when("acquisitionMode", "stereo", _bh(0.4, 0.7)),
                       _when("acquisitionMode", "tristereo", _bh(0.2, 0.35))]},
            _when("pixelCoding", "8bits", {"radiometricProcessing": {"anyOf": [
                {"const": v, "title": t} for v, t in radiometric]}},
                {"radiometricProcessing": {"anyOf": [{"const": v, "title": t} for v, t in
                                                     [*radiometric, ("reflectance", "Reflectance")]]}}),
        ],
    }


def archive_schema() -> dict[str, Any]:
    return {
        "$schema": "https://json-schema.org/draft-07/schema",
        "title": "Pléiades archive",
        "type": "object",
        "properties": {
            "id": {"title": "Scene id", "type": "string", "minLength": 8},
            "displayName": {"title": "Order name", "type": "string", "minLength": 1, "maxLength": 200},
        },
        "required": ["id", "displayName"],
        "additionalProperties": False,
    }


def collections() -> list[dict[str, Any]]:
    def coll(name: str, title: str, ctype: str, product: dict[str, Any]) -> dict[str, Any]:
        return {"name": name, "title": title, "description": f"{title} ({ctype.lower()})", "type": ctype,
                "restricted": False,
                "providers": [{"name": "oneatlas", "title": "OneAtlas", "roles": ["PRODUCER", "HOST"]}],
                "dataProducts": [product], "metadata": {"resolutionValue": {"minimum": 0.3, "maximum": 0.5},
                                                        "productType": "OPTICAL"}}

    return [
        coll("phr-tasking", "Pléiades", "TASKING",
             {"id": TASKING_PRODUCT, "name": "pleiades-display-tasking", "title": "Display tasking",
              "description": "Tasked Pléiades acquisition, 50 cm."}),
        coll("pneo-tasking", "Pléiades Neo", "TASKING",
             {"id": NEO_PRODUCT, "name": "pneo-tasking", "title": "Tasking", "description": "30 cm tasking."}),
        coll("phr", "Pléiades", "ARCHIVE",
             {"id": ARCHIVE_PRODUCT, "name": "pleiades-display", "title": "Display archive",
              "description": "Archive Pléiades scene, clipped to the AOI."}),
    ]


PRODUCTS: dict[str, tuple[str, Any]] = {
    TASKING_PRODUCT: ("TASKING", tasking_schema),
    NEO_PRODUCT: ("TASKING", tasking_schema),
    ARCHIVE_PRODUCT: ("ARCHIVE", archive_schema),
}
CREDITS_PER_KM2 = {TASKING_PRODUCT: 25, NEO_PRODUCT: 40, ARCHIVE_PRODUCT: 8}
MIN_KM2 = {"TASKING": 25.0, "ARCHIVE": 1.0}


# ------------------------------------------------------------------------------------------------- helpers

def _err(status: int, title: str, detail: Any = None) -> Response:
    return json_error(status, {"status": status, "title": title, "detail": detail if detail is not None else {}})


def _iso(t: float) -> str:
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _store() -> dict[str, Any]:
    return state().store("up42", lambda: {"orders": {}, "quotations": {}, "feasibility": {}, "assets": {}})


def workspace_of(user: str) -> str:
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"up42-sandbox:{user}"))


def _user() -> str | None:
    return token_user(REALM)


@blueprint.before_request
def _auth() -> Response | None:
    path = request.path.split("/up42", 1)[-1]
    if path.startswith("/auth/"):
        return None
    if _user() is None:
        return _err(401, "Unauthorized", "Full authentication is required: a valid bearer token is missing or expired.")
    return None


def _area_km2(geom: dict[str, Any]) -> float:
    """Spherical polygon area (outer rings minus holes), good enough for credit estimates."""
    polys = [geom["coordinates"]] if geom.get("type") == "Polygon" else geom.get("coordinates", [])
    total = 0.0
    for poly in polys:
        for i, ring in enumerate(poly):
            s = 0.0
            for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
                s += math.radians(x2 - x1) * (2 + math.sin(math.radians(y1)) + math.sin(math.radians(y2)))
            a = abs(s) * 6371.0088 ** 2 / 2.0
            total += a if i == 0 else -a
    return total


def _page(items: list[Any], default_size: int = 20) -> dict[str, Any]:
    """A Spring ``Page`` of ``items`` from ``page`` (0-based) and ``size``."""
    try:
        page = int(request.args.get("page", 0))
        size = int(request.args.get("size", default_size))
    except ValueError:
        raise _BadRequest("page and size must be integers") from None
    if page < 0 or size < 1 or size > 500:
        raise _BadRequest("page must be >= 0 and size between 1 and 500")
    chunk, total_pages = page_slice(items, page, size)
    # the real pages (../shared/fixtures/up42/*_page_response.json) carry ``sort`` twice: in ``pageable``
    # and at the top; every listing here is sorted (``sort`` argument, createdAt by default)
    sort = {"sorted": True, "unsorted": False, "empty": False}
    return {"content": chunk, "pageable": {"sort": dict(sort), "pageNumber": page, "pageSize": size,
                                           "offset": page * size, "unpaged": False, "paged": True},
            "totalPages": total_pages, "totalElements": len(items), "last": (page + 1) >= total_pages,
            "sort": sort, "numberOfElements": len(chunk), "first": page == 0, "size": size, "number": page,
            "empty": not chunk}


class _BadRequest(Exception):
    pass


@blueprint.errorhandler(_BadRequest)
def _bad_request(exc: _BadRequest) -> Response:
    return _err(400, "Bad Request", str(exc))


def _workspace_arg(user: str) -> None:
    ws = request.args.get("workspaceId")
    if ws is not None and ws != workspace_of(user):
        raise _Forbidden()


class _Forbidden(Exception):
    pass


@blueprint.errorhandler(_Forbidden)
def _forbidden(exc: _Forbidden) -> Response:
    return _err(403, "Forbidden", "You have no access to this workspace.")


# --------------------------------------------------------------------------------------------------- auth

@blueprint.post("/auth/realms/public/protocol/openid-connect/token")
def token() -> Response:
    return keycloak_token_endpoint(REALM, CLIENT_ID, TOKEN_LIFETIME, 1800.0)


@blueprint.route("/auth/realms/public/protocol/openid-connect/userinfo", methods=["GET", "POST"])
def userinfo() -> Response:
    user = _user()
    if user is None:
        return json_error(401, {"error": "invalid_token", "error_description": "Token verification failed"})
    return jsonify({"sub": workspace_of(user), "email": user, "email_verified": True,
                    "preferred_username": user})


# --------------------------------------------------------------------------------------- collections/schema

@blueprint.get("/v2/collections")
def list_collections() -> Response:
    """One collection per page (``totalPages`` 3), so clients must follow the pages."""
    items = collections()
    try:
        page = int(request.args.get("page", 0))
    except ValueError:
        return _err(400, "Bad Request", "page must be an integer")
    content = items[page:page + 1] if page >= 0 else []
    return jsonify({"content": content, "totalPages": len(items), "totalElements": len(items), "number": page,
                    "size": 1, "last": page >= len(items) - 1})


@blueprint.get("/orders/schema/<product_id>")
def order_schema(product_id: str) -> Response:
    if product_id not in PRODUCTS:
        return _err(404, "Resource does not exist.", f"Data product {product_id} not found.")
    return jsonify(PRODUCTS[product_id][1]())


# ------------------------------------------------------------------------------------------------- orders

def _check_order_body(body: Any) -> tuple[dict[str, Any], list[dict[str, Any]], str]:
    """(params, geometries, order type) of a valid order body, or ``_BadRequest`` with details."""
    if not isinstance(body, dict):
        raise _BadRequest("The body must be a JSON object.")
    product = body.get("dataProduct")
    if product not in PRODUCTS:
        raise _BadRequest(f"Unknown dataProduct: {product!r}.")
    params = body.get("params")
    if not isinstance(params, dict):
        raise _BadRequest("params must be an object.")
    otype = PRODUCTS[product][0]
    display = body.get("displayName")
    fc = body.get("featureCollection")
    if fc is None:
        geoms = []
    elif not isinstance(fc, dict) or fc.get("type") != "FeatureCollection" or not isinstance(
            fc.get("features"), list):
        raise _BadRequest("featureCollection must be a GeoJSON FeatureCollection.")
    else:
        geoms = [f.get("geometry") if isinstance(f, dict) else None for f in fc["features"]]
    if not isinstance(display, str) or not 1 <= len(display) <= 200:
        raise _BadRequest("displayName must be a string of 1 to 200 characters.")
    if not geoms:
        raise _BadRequest("An order needs an AOI: featureCollection with at least one feature.")
    for g in geoms:
        if not isinstance(g, dict) or g.get("type") not in ("Polygon", "MultiPolygon"):
            raise _BadRequest("Every feature needs a Polygon or MultiPolygon geometry.")
    return params, geoms, otype


def _validate_params(product: str, params: dict[str, Any], geom: dict[str, Any]) -> list[str]:
    """Messages of everything wrong with ``params`` (+ the AOI) for this data product."""
    schema = PRODUCTS[product][1]()
    full = dict(params)
    props = schema.get("properties", {})
    if "geometry" in props:
        full["geometry"] = geom  # v2: the AOI travels as featureCollection; validate it as the schema's geometry
    msgs = []
    validator = jsonschema.Draft7Validator(schema, format_checker=FORMATS)
    for e in sorted(validator.iter_errors(full), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in e.absolute_path) or "params"
        msgs.append(f"{where}: {e.message}")
    if PRODUCTS[product][0] == "TASKING":
        if geom.get("type") != "Polygon":
            msgs.append("geometry: Pléiades tasking accepts exactly one Polygon.")
        else:
            ring = geom.get("coordinates", [[]])[0]
            if len(ring) - 1 > MAX_VERTICES:
                msgs.append(f"geometry: the polygon has {len(ring) - 1} vertices; at most {MAX_VERTICES} are allowed.")
        start, end = params.get("acquisitionStart"), params.get("acquisitionEnd")
        if isinstance(start, str) and isinstance(end, str) and start >= end:
            msgs.append("acquisitionEnd: must be after acquisitionStart.")
    return msgs


FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _is_date_time(value: Any) -> bool:
    """RFC 3339 date-time, checked here because jsonschema skips it without ``rfc3339-validator``."""
    if not isinstance(value, str):
        return True
    if not re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$", value, re.I):
        return False
    datetime.fromisoformat(value[:19])
    return True


def _estimate(product: str, geoms: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], float, int]:
    otype = PRODUCTS[product][0]
    results, total_size, total_credits = [], 0.0, 0
    for i, g in enumerate(geoms):
        size = round(max(_area_km2(g), MIN_KM2[otype]), 3)
        credits = int(math.ceil(size * CREDITS_PER_KM2[product]))
        results.append({"index": i, "credits": credits, "size": size, "unit": "SQ_KM"})
        total_size += size
        total_credits += credits
    return results, round(total_size, 3), total_credits


@blueprint.post("/v2/orders/estimate")
def estimate() -> Response:
    body = request.get_json(silent=True)
    params, geoms, _ = _check_order_body(body)
    errors = []
    for i, g in enumerate(geoms):
        msgs = _validate_params(body["dataProduct"], params, g)
        if msgs:
            errors.append({"index": i, "message": "Order parameters are invalid.", "details": msgs})
    if errors:
        return jsonify({"summary": {"totalCredits": 0, "totalSize": 0, "unit": "SQ_KM"}, "results": [],
                        "errors": errors})
    results, size, credits = _estimate(body["dataProduct"], geoms)
    return jsonify({"summary": {"totalCredits": credits, "totalSize": size, "unit": "SQ_KM"}, "results": results,
                    "errors": []})


def _new_order(user: str, body: dict[str, Any], params: dict[str, Any], geom: dict[str, Any], otype: str,
               display: str) -> dict[str, Any]:
    st = state()
    now = st.clock.now()
    oid = str(uuid.uuid4())
    details = {k: v for k, v in params.items() if k not in ("geometry", "displayName")}
    if otype == "TASKING":
        details.update({"geometry": geom, "subStatus": None})
    else:
        details.update({"aoi": geom, "imageId": params.get("id")})
    order = {
        "id": oid, "displayName": display, "status": "CREATED", "workspaceId": workspace_of(user),
        "accountId": str(uuid.uuid5(uuid.NAMESPACE_URL, f"up42-account:{user}")), "type": otype,
        "dataProductId": body["dataProduct"], "tags": list(body.get("tags") or []),
        "createdAt": _iso(now), "updatedAt": _iso(now), "orderDetails": details,
        "createdBy": {"id": workspace_of(user), "type": "USER"},
        # real orders (order_v2.json) name who changed them last; the platform itself is ``system``/``INTERNAL``
        "updatedBy": {"id": workspace_of(user), "type": "USER"},
        "_t0": now, "_events": {}, "_user": user,
    }
    _store()["orders"][oid] = order
    return order


@blueprint.post("/v2/orders")
def place_orders() -> Response:
    user = _user()
    ws = request.args.get("workspaceId")
    if not ws:
        raise _BadRequest("Required request parameter 'workspaceId' is missing.")
    _workspace_arg(user)
    body = request.get_json(silent=True)
    params, geoms, otype = _check_order_body(body)
    results, errors = [], []
    for i, g in enumerate(geoms):
        msgs = _validate_params(body["dataProduct"], params, g)
        if msgs:
            errors.append({"index": i, "message": "Order parameters are invalid.", "details": msgs})
            continue
        order = _new_order(user, body, params, g, otype, body["displayName"])
        results.append({"index": i, "id": order["id"]})
    return jsonify({"results": results, "errors": errors})


# ----------------------------------------------------------------------------------------- state machine

def _set(order: dict[str, Any], status: str, sub: str | None, at: float) -> None:
    if order["status"] != status or order["orderDetails"].get("subStatus", sub) != sub:
        order["updatedAt"] = _iso(at)
        order["updatedBy"] = {"id": "system", "type": "INTERNAL"}
    order["status"] = status
    if order["type"] == "TASKING":
        order["orderDetails"]["subStatus"] = sub


def _advance(order: dict[str, Any]) -> dict[str, Any]:
    """Bring ``order`` up to the sandbox clock: a pure function of its creation time and the user's decisions."""
    st = state()
    cfg, now, ev = st.config, st.clock.now(), order["_events"]
    q, p, t0 = float(cfg.queued_seconds), float(cfg.processing_seconds), order["_t0"]
    if "cancelled" in ev:
        _set(order, "CANCELED", order["orderDetails"].get("subStatus"), ev["cancelled"])
        return order
    if now < t0 + q:
        _set(order, "CREATED", None, t0)
        return order
    if order["type"] == "ARCHIVE":
        if now < t0 + q + p:
            _set(order, "BEING_FULFILLED", None, t0 + q)
        elif cfg.fail_marker and cfg.fail_marker in order["displayName"]:
            _set(order, "FAILED_PERMANENTLY", None, t0 + q + p)
        else:
            _deliver(order, t0 + q + p)
        return order
    if now < t0 + 2 * q:
        _set(order, "PLACED", "FEASIBILITY_WAITING_UPLOAD", t0 + q)
        return order
    study = _feasibility_for(order, t0 + 2 * q)
    if study["decision"] == "NOT_DECIDED":
        _set(order, "PLACED", "FEASIBILITY_WAITING_RESPONSE", t0 + 2 * q)
        return order
    feas_at = ev.get("feasibility", t0 + 2 * q)
    if now < feas_at + q:
        _set(order, "PLACED", "QUOTATION_WAITING_UPLOAD", feas_at)
        return order
    quotation = _quotation_for(order, feas_at + q)
    if quotation["decision"] == "NOT_DECIDED":
        _set(order, "PLACED", "QUOTATION_WAITING_RESPONSE", feas_at + q)
        return order
    dec_at = ev["quotation"]
    if quotation["decision"] == "REJECTED":
        _set(order, "CANCELED", "QUOTATION_REJECTED", dec_at)
        return order
    if now < dec_at + q:
        _set(order, "PLACED", "QUOTATION_ACCEPTED", dec_at)
    elif now < dec_at + q + p:
        _set(order, "BEING_FULFILLED", "QUOTATION_ACCEPTED", dec_at + q)
    elif cfg.fail_marker and cfg.fail_marker in order["displayName"]:
        _set(order, "FAILED_PERMANENTLY", "QUOTATION_ACCEPTED", dec_at + q + p)
    else:
        _deliver(order, dec_at + q + p)
    return order


def _feasibility_for(order: dict[str, Any], at: float) -> dict[str, Any]:
    store = _store()["feasibility"]
    for study in store.values():
        if study["orderId"] == order["id"]:
            return study
    sid = str(uuid.uuid4())
    manual = bool(state().config.extra.get("up42_manual_feasibility"))
    options = [{"id": str(uuid.uuid4()), "createdAt": _iso(at), "updatedAt": _iso(at), "studyId": sid,
                "description": d} for d in ("Option 1: extend the acquisition window by two weeks",
                                            "Option 2: accept up to 25 % cloud cover")] if manual else []
    study = {"id": sid, "createdAt": _iso(at), "updatedAt": _iso(at), "accountId": order["accountId"],
             "workspaceId": order["workspaceId"], "orderId": order["id"], "type": "MANUAL" if manual else "AUTO",
             "options": options, "decision": "NOT_DECIDED" if manual else "ACCEPTED", "decisionById": None,
             "decisionByType": None, "decisionAt": None if manual else _iso(at), "decisionOption": None}
    store[sid] = study
    return study


def _quotation_for(order: dict[str, Any], at: float) -> dict[str, Any]:
    store = _store()["quotations"]
    for quotation in store.values():
        if quotation["orderId"] == order["id"]:
            return quotation
    geom = order["orderDetails"]["geometry"]
    _, _, credits = _estimate(order["dataProductId"], [geom])
    qid = str(uuid.uuid4())
    quotation = {"id": qid, "createdAt": _iso(at), "updatedAt": _iso(at), "accountId": order["accountId"],
                 "workspaceId": order["workspaceId"], "orderId": order["id"], "creditsPrice": credits,
                 "decision": "NOT_DECIDED", "decisionById": None, "decisionByType": None, "decisionAt": None}
    store[qid] = quotation
    return quotation


def _deliver(order: dict[str, Any], at: float) -> None:
    _set(order, "FULFILLED", order["orderDetails"].get("subStatus") if order["type"] == "TASKING" else None, at)
    assets = _store()["assets"]
    if any(a["orderId"] == order["id"] for a in assets.values()):
        return
    bands = {"ms": 4, "pan": 1} if order["type"] == "TASKING" else {"display": 3}
    for i, (key, n) in enumerate(bands.items()):
        aid = str(uuid.uuid5(uuid.UUID(order["id"]), key))
        assets[aid] = {"id": aid, "orderId": order["id"], "key": key, "bands": n, "seed": i,
                       "name": f"{order['type'].lower()}_{order['id'][:8]}_{key}.tif", "createdAt": _iso(at)}


def _visible_orders(user: str) -> list[dict[str, Any]]:
    with state().lock:
        orders = [o for o in _store()["orders"].values() if o["_user"] == user]
        return [_advance(o) for o in orders]




@blueprint.get("/v2/orders")
def list_orders() -> Response:
    user = _user()
    _workspace_arg(user)
    orders = _visible_orders(user)
    statuses = request.args.getlist("status")
    known = {"CREATED", "BEING_PLACED", "PLACED", "PLACEMENT_FAILED", "BEING_FULFILLED", "FULFILLED",
             "FAILED_PERMANENTLY", "CANCELED"}
    bad = [s for s in statuses if s not in known]
    if bad:
        raise _BadRequest(f"Unknown status value(s): {', '.join(bad)}")
    if statuses:
        orders = [o for o in orders if o["status"] in statuses]
    if request.args.get("type"):
        orders = [o for o in orders if o["type"] == request.args["type"]]
    if request.args.get("displayName"):
        orders = [o for o in orders if o["displayName"] == request.args["displayName"]]
    sort = request.args.get("sort", "createdAt,desc")
    if sort not in ("createdAt,desc", "createdAt,asc"):
        raise _BadRequest(f"Unsupported sort: {sort}")
    orders.sort(key=lambda o: o["_t0"], reverse=sort.endswith("desc"))
    return jsonify(_page([public(o) for o in orders]))


def _order_or_404(order_id: str) -> dict[str, Any] | None:
    order = _store()["orders"].get(order_id)
    if order is None or order["_user"] != _user():
        return None
    with state().lock:
        return _advance(order)


@blueprint.get("/v2/orders/<order_id>")
def get_order(order_id: str) -> Response:
    order = _order_or_404(order_id)
    if order is None:
        return _err(404, "Resource does not exist.", f"Order {order_id} not found.")
    return jsonify(public(order))


@blueprint.post("/v2/orders/<order_id>/cancellation")
def cancel_order(order_id: str) -> Response:
    order = _order_or_404(order_id)
    if order is None:
        return _err(404, "Resource does not exist.", f"Order {order_id} not found.")
    if order["status"] not in ("CREATED", "PLACEMENT_FAILED"):
        return _err(409, f"Order in status {order['status']} cannot be cancelled.",
                    "Only orders in CREATED or PLACEMENT_FAILED can be cancelled.")
    now = state().clock.now()
    order["_events"]["cancelled"] = now
    _set(order, "CANCELED", None, now)
    order["updatedBy"] = {"id": workspace_of(_user() or ""), "type": "USER"}
    # the SDK (up42-py ``Order.cancel``) reads ``orderId`` and ``status`` from this reply
    return jsonify({"orderId": order["id"], "status": order["status"]})


# ------------------------------------------------------------------------------------------------ tasking

def _refresh_all(user: str) -> None:
    _visible_orders(user)


def _decision_filter(items: list[dict[str, Any]]) -> list[dict[str, Any]]:
    decision = request.args.getlist("decision")
    if request.args.get("orderId"):
        items = [i for i in items if i["orderId"] == request.args["orderId"]]
    if decision:
        items = [i for i in items if i["decision"] in decision]
    items.sort(key=lambda i: i["createdAt"], reverse=True)
    return items


def _decision_listing(kind: str) -> Response:
    """``GET`` of quotations or feasibility studies (``kind``): the caller's, filtered and paged alike."""
    user = _user()
    _workspace_arg(user)
    _refresh_all(user)
    mine = [r for r in _store()[kind].values() if r["workspaceId"] == workspace_of(user)]
    return jsonify(_page(_decision_filter(mine), default_size=10))


def _own_record(kind: str, rid: str) -> tuple[dict[str, Any] | None, str]:
    """The caller's quotation or feasibility study ``rid`` (None: not there or another workspace's), and
    the caller."""
    user = _user() or ""
    _refresh_all(user)
    record = _store()[kind].get(rid)
    if record is None or record["workspaceId"] != workspace_of(user):
        return None, user
    return record, user


def _decide(record: dict[str, Any], user: str, event: str, **fields: Any) -> Response:
    """Record the user's decision on ``record`` and move its order on (``event``: what the order waited for)."""
    now = state().clock.now()
    record.update({**fields, "decisionById": workspace_of(user), "decisionByType": "USER",
                   "decisionAt": _iso(now), "updatedAt": _iso(now)})
    order = _store()["orders"][record["orderId"]]
    order["_events"][event] = now
    _advance(order)
    return jsonify(record)


@blueprint.get("/v2/tasking/quotation")
def list_quotations() -> Response:
    return _decision_listing("quotations")


@blueprint.patch("/v2/tasking/quotation/<qid>")
def decide_quotation(qid: str) -> Response:
    quotation, user = _own_record("quotations", qid)
    if quotation is None:
        return _err(404, "Resource does not exist.")
    body = request.get_json(silent=True) or {}
    if body.get("decision") not in ("ACCEPTED", "REJECTED"):
        raise _BadRequest("decision must be ACCEPTED or REJECTED.")
    if quotation["decision"] != "NOT_DECIDED":
        return _err(405, "Resource (Quotation) is write-protected.")
    return _decide(quotation, user, "quotation", decision=body["decision"])


# only the path of today's SDK (up42-py 2025+); the older ``/v2/tasking/feasibility`` is not served
@blueprint.get("/v2/tasking/feasibility-studies")
def list_feasibility() -> Response:
    return _decision_listing("feasibility")


@blueprint.patch("/v2/tasking/feasibility-studies/<sid>")
def decide_feasibility(sid: str) -> Response:
    study, user = _own_record("feasibility", sid)
    if study is None:
        return _err(404, "Resource does not exist.")
    body = request.get_json(silent=True) or {}
    option = next((o for o in study["options"] if o["id"] == body.get("acceptedOptionId")), None)
    if option is None:
        raise _BadRequest("acceptedOptionId must be the id of one of the study's options.")
    if study["decision"] != "NOT_DECIDED":
        return _err(405, "Resource (FeasibilityStudy) is write-protected.")
    return _decide(study, user, "feasibility", decision="ACCEPTED", decisionOption=option)


# ------------------------------------------------------------------------------------------------- assets

def _asset_file(asset: dict[str, Any]) -> dict[str, Any]:
    from .rasters import make_cog

    order = _store()["orders"][asset["orderId"]]
    geom = order["orderDetails"].get("geometry") or order["orderDetails"].get("aoi")
    path = Path(state().data_dir) / "up42" / asset["orderId"] / asset["name"]
    path.parent.mkdir(parents=True, exist_ok=True)
    return make_cog(path, geom, bands=asset["bands"], size=128, dtype="UInt16", seed=asset["seed"])


@blueprint.post("/v2/assets/stac/search")
def stac_search() -> Response:
    """Delivered items of an order: ``{"filter": {"op": "=", "args": [{"property": "order_id"}, id]}}``."""
    user = _user()
    body = request.get_json(silent=True)
    flt = body.get("filter") if isinstance(body, dict) else None
    try:
        op, (prop, order_id) = flt["op"], flt["args"]
        ok = op == "=" and prop == {"property": "order_id"} and isinstance(order_id, str)
    except (TypeError, KeyError, ValueError):
        ok = False
    if not ok:
        raise _BadRequest('Only {"filter": {"op": "=", "args": [{"property": "order_id"}, "<id>"]}} is supported.')
    order = _order_or_404(order_id)
    features = []
    if order is not None and order["status"] == "FULFILLED":
        geom = order["orderDetails"].get("geometry") or order["orderDetails"].get("aoi")
        assets = {}
        for a in sorted(_store()["assets"].values(), key=lambda a: a["key"]):
            if a["orderId"] != order_id:
                continue
            info = _asset_file(a)
            assets[a["key"]] = {"href": f"{base_url()}/up42/v2/assets/{a['id']}/content", "title": a["name"],
                                "type": "image/tiff; application=geotiff; profile=cloud-optimized",
                                "roles": ["data"], "file:size": info["size_bytes"]}
        features.append({"type": "Feature", "stac_version": "1.0.0", "id": str(uuid.uuid5(uuid.UUID(order_id), "i")),
                         "collection": order["dataProductId"], "geometry": geom,
                         "properties": {"order_id": order_id, "workspace_id": order["workspaceId"],
                                        "datetime": order["updatedAt"]},
                         "assets": assets, "links": []})
    _ = user
    return jsonify({"type": "FeatureCollection", "features": features, "links": []})


@blueprint.get("/v2/assets/<asset_id>/content")
def asset_content(asset_id: str) -> Response:
    asset = _store()["assets"].get(asset_id)
    if asset is None or _order_or_404(asset["orderId"]) is None:
        return _err(404, "Resource does not exist.", f"Asset {asset_id} not found.")
    info = _asset_file(asset)
    return send_file_range(info["path"], download_name=asset["name"], mimetype="image/tiff")
