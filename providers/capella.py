# SPDX-License-Identifier: GPL-2.0-or-later
"""Capella Space: archive and analytic orders, tasking requests and presigned downloads.

Contract: ``../shared/providers/capella.md`` and the Capella "Ordering and Download" document. Three things
shape this module:

* Money. Every archive order is reviewed (``POST /orders/review``) first — by ``quote()`` for the dock's
  confirmation and again inside ``submit()``, which refuses when the review says ``authorized: false``. A
  tasking request is sent with ``preApproval`` off by default, so it waits in review with its price until
  the user approves it (``approve_tasking_request``).
* Bulk listing. Tasking requests are listed with one ``tasks/paged`` call per page (newest first, stopping
  at a cut-off), never one status call per request, as Capella asks of automated clients.
* Presigned URLs. Asset hrefs from ``/orders/{id}/download`` are secrets that expire: they are fetched
  without our credentials, never put in a message or log, and re-resolved from the order when they lapse.
"""

from __future__ import annotations

import base64
import json
import logging
import math
import re
import time
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit

import requests

from .base import (
    AuthError,
    Capability,
    ConnectionConfig,
    InputProduct,
    InputQuery,
    NotFoundError,
    NotSupportedError,
    Order,
    OrderAction,
    OrderItem,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    Page,
    Provider,
    ProviderError,
    Quote,
    QuoteLine,
    ResultAsset,
    ValidationError,
    Workflow,
)
from .common import as_dict, as_list, newest_first, parse_iso_datetime, range_headers, utc_millis
from .http import Auth, HeaderAuth, NoAuth, TokenAuth, Transport, json_body
from .i18n import QT_TR_NOOP, tr
from .toolkit import BASE_LADDER, Api, ErrorLadder, Rung, Sheet, StatusMap, next_links, rel_next

log = logging.getLogger("eo_orders.capella")

#: STAC search page size limit of the API (and the SDK)
MAX_SEARCH_LIMIT = 900
#: tasking requests per ``tasks/paged`` call
TASKS_PAGE_LIMIT = 100
#: at most this many ``tasks/paged`` pages per listing (10 000 tasking requests)
MAX_TASK_PAGES = 100
#: requests older than this many days are not listed unless the connection says otherwise
DEFAULT_TASKING_DAYS = 90
TOKEN_LIFETIME = 3600.0
TASK_PREFIX = "task:"

ARCHIVE_PRODUCTS: dict[str, tuple[str, str]] = {
    "GEO": ("Geocoded terrain corrected (GEO)", "Detected amplitude image projected to a map grid: ready for GIS."),
    "GEC": ("Geocoded ellipsoid corrected (GEC)", "Detected amplitude on the ellipsoid, without terrain correction."),
    "SLC": ("Single look complex (SLC)", "Complex image in slant range: phase kept, for interferometry."),
    "SICD": ("Sensor independent complex data (SICD)", "NGA standard complex image."),
    "SIDD": ("Sensor independent derived data (SIDD)", "NGA standard detected image."),
}
STATUS_ORDER = StatusMap({
    "completed": OrderStatus.COMPLETED, "ready": OrderStatus.COMPLETED, "delivered": OrderStatus.COMPLETED,
    "submitted": OrderStatus.QUEUED, "pending": OrderStatus.QUEUED, "received": OrderStatus.QUEUED,
    "queued": OrderStatus.QUEUED, "processing": OrderStatus.IN_PROGRESS, "in-progress": OrderStatus.IN_PROGRESS,
    "rejected": OrderStatus.FAILED, "failed": OrderStatus.FAILED, "error": OrderStatus.FAILED,
    "expired": OrderStatus.FAILED, "canceled": OrderStatus.CANCELLED, "cancelled": OrderStatus.CANCELLED,
})
STATUS_TASK = StatusMap({
    "received": OrderStatus.QUEUED, "review": OrderStatus.QUEUED, "submitted": OrderStatus.QUEUED,
    "accepted": OrderStatus.IN_PROGRESS, "active": OrderStatus.IN_PROGRESS, "completed": OrderStatus.COMPLETED,
    "rejected": OrderStatus.FAILED, "expired": OrderStatus.FAILED, "anomaly": OrderStatus.FAILED,
    "error": OrderStatus.FAILED, "failed": OrderStatus.FAILED, "canceled": OrderStatus.CANCELLED,
    "cancelled": OrderStatus.CANCELLED,
})
#: option names of the tasking workflow that go into ``properties.collectConstraints``
CONSTRAINT_KEYS = ("collectMode", "lookDirection", "ascDsc", "orbitalPlanes", "offNadirMin", "offNadirMax",
                   "numLooks", "imageLength", "imageWidth", "grrMin", "grrMax", "azrMin", "azrMax", "neszMax",
                   "polarization")
RASTER_KEYS = {"HH", "HV", "VH", "VV", "raster", "data", "image"}
METADATA_KEYS = {"metadata", "extended_metadata", "sidecar"}
THUMBNAIL_KEYS = {"thumbnail", "preview", "overview"}

_ERROR_HINTS = {
    # The next line is a user message that names a key, not a key.
    # pragma: allowlist nextline secret
    "INVALID_API_KEY": "Capella refused the API key: check the key stored for this connection.",
    "INVALID_TOKEN": "Capella refused the login token: sign in again.",
    "INVALID_CREDENTIALS": "Capella refused the e-mail or password of this connection.",
    "ORDER_EXPIRED": "The order has expired: place it again (items ordered before are not charged again).",
    "COLLECTION_ACCESS_DENIED": "Your Capella contract gives no access to this collection.",
    "NOT_AUTHORIZED": "Your Capella account is not allowed to do this.",
    "CONTRACT_NOT_FOUND": "Capella does not know the contract id of this connection: correct it in the "
                          "connection settings, or leave it empty to charge your default contract.",
}
#: codes of a request Capella refused as invalid (HTTP 400): the user can correct something
VALIDATION_CODES = ("VALIDATION_ERROR", "ORDER_VALIDATION_ERROR", "CONTRACT_NOT_FOUND")
_AUTH_CODES = ("INVALID_API_KEY", "INVALID_TOKEN", "INVALID_CREDENTIALS", "NOT_AUTHORIZED", "COLLECTION_ACCESS_DENIED")
#: the error ladder as overrides of the shared one: Capella's own code outranks the status; ``{msg}`` is
#: Capella's text with the hint for its code. Unmatched: 5xx is a retryable failure, anything else a plain
#: ``ProviderError`` with Capella's text.
ERROR_LADDER: ErrorLadder = BASE_LADDER.override({
    401: Rung(AuthError), 403: Rung(AuthError), 404: Rung(NotFoundError), 429: Rung(ProviderError),
    "4xx": Rung(ProviderError), "5xx": Rung(ProviderError, "Capella failed (HTTP {status}): {msg}. Try again later."),
}, by_code={
    **{code: Rung(AuthError) for code in _AUTH_CODES},
    "NOT_FOUND": Rung(NotFoundError),
    **{code: Rung(ValidationError, "Capella refused the request: {msg}") for code in VALIDATION_CODES},
}, fallback=Rung(ProviderError))
_MONEY = re.compile(r"-?[\d,]*\.?\d+")


# ----------------------------------------------------------------------------------------------- parsing helpers

def parse_time(value: Any) -> datetime | None:
    """ISO-8601 with any fraction digits and ``Z`` or an offset (Python 3.9's ``fromisoformat`` takes neither)."""
    return parse_iso_datetime(value)


#: UTC with milliseconds and ``Z``, the form Capella's own examples use
iso = utc_millis


def parse_money(value: Any) -> float | None:
    """``"$1,000.00"`` → 1000.0; numbers pass through; anything else is None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dict):
        return parse_money(value.get("amount", value.get("value", value.get("total"))))
    if isinstance(value, str):
        m = _MONEY.search(value.replace(" ", ""))
        if m:
            try:
                return float(m.group(0).replace(",", ""))
            except ValueError:
                return None
    return None


def _file_name_of(href: str, fallback: str) -> str:
    name = unquote(urlsplit(href).path.rsplit("/", 1)[-1]) if href else ""
    return name or fallback


def capella_error(resp: requests.Response) -> ProviderError | None:
    """``{"error": {"message", "code", "detail"}}``, the same unwrapped, or S3's XML from a presigned URL.

    The text never contains the request URL: presigned URLs carry their signature in it.
    """
    status = resp.status_code
    ctype = resp.headers.get("Content-Type", "").lower()
    if "xml" in ctype or resp.text.lstrip().startswith("<?xml") or resp.text.lstrip().startswith("<Error"):
        code = re.search(r"<Code>([^<]*)</Code>", resp.text)
        msg = re.search(r"<Message>([^<]*)</Message>", resp.text)
        s3_code = code.group(1) if code else "AccessDenied"
        s3_msg = msg.group(1) if msg else "access denied"
        if "expired" in s3_msg.lower():
            return ProviderError(tr("The download link has expired; request the order's download again."),
                                 status=status, code="URL_EXPIRED")
        return ProviderError(tr("The storage refused the download link ({s3_code}: {s3_msg}).").format(
                                 s3_code=s3_code, s3_msg=s3_msg), status=status,
                             code=s3_code)
    try:
        body = resp.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    err = body.get("error") if isinstance(body.get("error"), dict) else body
    message = err.get("message")
    code = err.get("code")
    if not isinstance(message, str) and not isinstance(code, str):
        return None
    code = str(code) if code else None
    message = str(message or code)
    detail = err.get("detail")
    if detail:
        message = f"{message} ({detail if isinstance(detail, str) else json.dumps(detail)[:300]})"
    hint = _ERROR_HINTS.get(code or "")
    text = f"{hint} {message}" if hint and message not in hint else message
    return ERROR_LADDER.error(status, text, code)


def parse_product(item: dict[str, Any]) -> InputProduct:
    props = as_dict(item.get("properties"))
    thumb = as_dict(as_dict(item.get("assets")).get("thumbnail")).get("href")
    return InputProduct(
        id=str(item.get("id")), name=str(item.get("id")), footprint=item.get("geometry"),
        sensing_start=parse_time(props.get("start_datetime") or props.get("datetime")),
        sensing_end=parse_time(props.get("end_datetime") or props.get("datetime")),
        collection=str(item.get("collection") or ""), product_type=str(props.get("sar:product_type") or ""),
        # a signed thumbnail URL is a secret: only plain ones become quicklooks
        quicklook_url=thumb if isinstance(thumb, str) and "?" not in thumb else None,
        raw=item)


def _order_name(items: list[dict[str, Any]]) -> str:
    ids = [str(i.get("granuleId")) for i in as_list(items) if isinstance(i, dict) and i.get("granuleId")]
    if not ids:
        return "Capella order"
    return ids[0] + (f" (+{len(ids) - 1})" if len(ids) > 1 else "")


def parse_order(body: dict[str, Any]) -> Order:
    raw_status = str(body.get("orderStatus") or "")
    status = STATUS_ORDER(raw_status)
    items = []
    for it in as_list(body.get("items")):
        if not isinstance(it, dict):
            continue
        if it.get("granuleId"):
            items.append(OrderItem(id=str(it["granuleId"]), name=str(it["granuleId"]), status=status,
                                   raw_status=raw_status, size=it.get("size") if isinstance(it.get("size"), int)
                                   else None))
        elif it.get("productType"):
            ids = ", ".join(map(str, as_list(it.get("collectIds"))))
            items.append(OrderItem(id=f"{it['productType']}:{ids}", name=f"{it['productType']} analytic for {ids}",
                                   status=status, raw_status=raw_status))
    sizes = [i.size for i in items if i.size]
    return Order(id=str(body.get("orderId")), name=_order_name(body.get("items") or []), status=status,
                 raw_status=raw_status, kind="archive", workflow_name="archive",
                 submitted_at=parse_time(body.get("orderDate")),
                 completed_at=parse_time(body.get("orderDate")) if status == OrderStatus.COMPLETED else None,
                 size=sum(sizes) if sizes else None, items=items, raw=body,
                 message=tr("Rejected by Capella.") if raw_status == "rejected" else "")


def task_price(feature: Any) -> str:
    """A tasking request's price as people write it ("1,500.00 USD"), or "" when Capella sent none."""
    summary = as_dict(as_dict(as_dict(as_dict(feature).get("properties")).get("order")).get("summary"))
    raw, total = summary.get("total"), parse_money(summary.get("total"))
    if total is None:
        return ""
    if isinstance(raw, str) and raw.strip():  # Capella writes it already ("$1,500.00")
        return raw.strip()
    return f"{total:,.2f} {summary.get('currency') or 'USD'}"


def parse_task(feature: dict[str, Any]) -> Order:
    """A tasking request; its status is ``properties.statusHistory[0].code`` (the history is newest first)."""
    props = as_dict(feature.get("properties"))
    history = [h for h in as_list(props.get("statusHistory")) if isinstance(h, dict)]
    latest = history[0] if history else {}
    code = str(latest.get("code") or "received")
    status = STATUS_TASK(code)
    price = task_price(feature)
    message = str(latest.get("message") or "")
    sub = ""
    if code in ("received", "review") and not props.get("preApproval"):
        sub = "awaiting approval"
        message = (f"Price {price}: approve the request to submit it." if price
                   else "Waiting for your approval.")
    completed = parse_time(latest.get("time")) if status == OrderStatus.COMPLETED else None
    return Order(id=TASK_PREFIX + str(props.get("taskingrequestId")), name=str(props.get("taskingrequestName") or ""),
                 status=status, raw_status=code, sub_status=sub, message=message, workflow_name="tasking",
                 kind="tasking", submitted_at=parse_time(props.get("submissionTime")),
                 estimated_at=parse_time(props.get("windowClose")), completed_at=completed, raw=feature)


#: what the price confirmation says when Capella's review names no price (the captured reply's case)
NO_PRICE_TEXT = QT_TR_NOOP("Capella's review gives no price for this order, only that your contract authorises it; "
                           "the cost is charged to your contract at its rates (previously ordered images are free)")


def parse_review(body: Any, labels: list[str]) -> Quote:
    """``/orders/review`` → Quote.

    Decision (captured reply > SDK > document): the captured replies (console-client's mocks, and the SDK
    only ever reads ``authorized`` and ``authorizationDenialReason.message``) carry no price at all; the
    "Ordering and Download" document promises "a summary of the total cost ... and the cost of each
    individual product". Both are parsed: cost fields when present (``orderDetails``/``order`` with
    ``summary.total`` and ``lineItems``), else a quote without a total whose one line says truthfully that
    no price was given. The sandbox serves either (``config.extra["capella_review_costs"]``).
    """
    if not isinstance(body, dict):
        raise ProviderError(tr("Capella sent an order review that is not an object."))
    details = as_dict(body.get("orderDetails") or body.get("order")) or body
    summary = details.get("summary") if isinstance(details.get("summary"), dict) else {}
    total = parse_money(summary.get("total", details.get("total", body.get("total"))))
    unit = str(summary.get("currency") or body.get("currency") or "USD")
    lines = []
    for n, li in enumerate(as_list(details.get("lineItems"))):
        if not isinstance(li, dict):
            continue
        label = li.get("granuleId") or (f"{li.get('productType')} analytic" if li.get("productType") else None)
        label = str(label or (labels[n] if n < len(labels) else tr("item {number}").format(number=n + 1)))
        if li.get("previouslyOrdered"):
            label += tr(" (ordered before)")
        lines.append(QuoteLine(label=label, amount=parse_money(li.get("price", li.get("cost"))), unit=unit))
    authorized = body.get("authorized") is True
    if total is None and not lines and authorized:
        lines = [QuoteLine(tr(NO_PRICE_TEXT) + ": " + ", ".join(labels[:5]) + (" …" if len(labels) > 5 else ""),
                           None, "")]
    reason = ""
    denial = body.get("authorizationDenialReason")
    if not authorized:
        if isinstance(denial, dict):
            reason = str(denial.get("message") or denial.get("code") or "")
            code = denial.get("code")
            if code and code not in reason:
                reason = f"{reason} ({code})"
        else:
            reason = str(denial or "Capella did not authorise this order.")
    return Quote(total=total, unit=unit, authorized=authorized, reason=reason, lines=lines, raw=body)


EARTH_RADIUS_M = 6371008.8


def polygon_centroid(ring: list[list[float]]) -> tuple[float, float]:
    """The area centroid ``(lon, lat)`` of a lon/lat ring, precise to millimetres for a 2 m AOI.

    Why not the shoelace formula on degrees: its cross products (``lon0 * lat1``, hundreds to thousands) cancel
    to the tiny area of a small AOI, and double precision leaves centimetres-to-kilometres of error (a 2 m
    square over San Francisco came out 9 km off). Here the ring is first moved to a local origin (its first
    vertex) and projected to a cylindrical equal-area plane with its standard parallel there, in metres; the
    centroid is taken in that plane (``math.fsum``) and projected back. Longitudes are unwrapped across the
    antimeridian. A ring without area (a line, a point) gives the mean of its distinct vertices.
    """
    pts = [(float(p[0]), float(p[1])) for p in ring if isinstance(p, (list, tuple)) and len(p) >= 2]
    if len(pts) > 1 and pts[0] == pts[-1]:
        pts = pts[:-1]
    if not pts:
        raise ValidationError(tr("The AOI polygon has no vertices."))
    lon0, lat0 = pts[0]
    k = math.cos(math.radians(lat0)) or 1e-12
    sin0 = math.sin(math.radians(lat0))

    def fwd(lon: float, lat: float) -> tuple[float, float]:
        dlon = (lon - lon0 + 180.0) % 360.0 - 180.0
        return (EARTH_RADIUS_M * math.radians(dlon) * k,
                EARTH_RADIUS_M * (math.sin(math.radians(lat)) - sin0) / k)

    xy = [fwd(lon, lat) for lon, lat in pts]
    closed = [*xy, xy[0]]
    crosses = [x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(closed, closed[1:])]
    area2 = math.fsum(crosses)
    if abs(area2) < 1e-6:  # below a square millimetre: no area to weigh
        cx = math.fsum(x for x, _ in xy) / len(xy)
        cy = math.fsum(y for _, y in xy) / len(xy)
    else:
        cx = math.fsum((x0 + x1) * c for ((x0, _), (x1, _)), c in zip(zip(closed, closed[1:]), crosses)) / (3 * area2)
        cy = math.fsum((y0 + y1) * c for ((_, y0), (_, y1)), c in zip(zip(closed, closed[1:]), crosses)) / (3 * area2)
    lon = lon0 + math.degrees(cx / (EARTH_RADIUS_M * k))
    lat = math.degrees(math.asin(max(-1.0, min(1.0, cy * k / EARTH_RADIUS_M + sin0))))
    return (lon + 180.0) % 360.0 - 180.0, lat


#: the old private name
_polygon_centroid = polygon_centroid


def next_search_url(search_url: str, current: str, href: str) -> str:
    """Where to POST the next catalogue page, from a ``links[rel=next]`` href.

    Real next links are relative (``…?page=2``, resolved against the URL just called); an absolute one may
    name the API gateway's internal host, which the SDK (console-client ``_page_search``) replaces by the
    search URL, keeping the query. Either way the request stays on our search URL's host, so the API key never
    goes to a host the user did not configure.
    """
    target = urlsplit(urljoin(current, href))
    home = urlsplit(search_url)
    if (target.scheme, target.netloc, target.path) != (home.scheme, home.netloc, home.path):
        return search_url + (f"?{target.query}" if target.query else "")
    return target.geturl()


def stac_geometry(aoi: dict[str, Any]) -> dict[str, Any]:
    """The AOI as a geometry STAC ``intersects`` accepts (Point, LineString, Polygon).

    A MultiPolygon of one part becomes that Polygon; of several parts, the polygon of their bounding box
    (the caller's footprints still show what really intersects).
    """
    geom = aoi.get("geometry", aoi) if aoi.get("type") == "Feature" else aoi
    if geom.get("type") == "MultiPolygon":
        parts = geom.get("coordinates") or []
        if len(parts) == 1:
            return {"type": "Polygon", "coordinates": parts[0]}
        pts = [p for poly in parts for ring in poly for p in ring]
        xs, ys = [p[0] for p in pts], [p[1] for p in pts]
        w, s, e, n = min(xs), min(ys), max(xs), max(ys)
        return {"type": "Polygon", "coordinates": [[[w, s], [e, s], [e, n], [w, n], [w, s]]]}
    return geom


# ----------------------------------------------------------------------------------------------- workflows

def tasking_schema() -> dict[str, Any]:
    """The tasking request fields as JSON Schema (flat: the form shows one field per constraint)."""
    num = {"type": "number"}
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["collectionTier", "collectMode"],
        "properties": {
            "taskingrequestDescription": {"type": "string", "title": QT_TR_NOOP("Description")},
            "windowOpen": {"type": "string", "format": "date-time", "title": QT_TR_NOOP("Window open"),
                           "description": QT_TR_NOOP("Start of the collection window (default: the request's start "
                                                     "or now).")},
            "windowClose": {"type": "string", "format": "date-time", "title": QT_TR_NOOP("Window close"),
                            "description": QT_TR_NOOP("End of the collection window (default: the request's end or "
                                                      "+7 days).")},
            "collectionTier": {"type": "string", "enum": ["urgent", "priority", "standard", "flexible"],
                               "default": "standard", "title": QT_TR_NOOP("Collection tier")},
            "productCategory": {"type": "string", "enum": ["standard", "custom", "extended"], "default": "standard",
                                "title": QT_TR_NOOP("Product category")},
            "collectMode": {"type": "string", "enum": ["spotlight", "stripmap", "sliding_spotlight"],
                            "default": "spotlight", "title": QT_TR_NOOP("Imaging mode")},
            "geometryType": {"type": "string", "enum": ["Point", "Polygon"], "default": "Point",
                             "title": QT_TR_NOOP("Send AOI as"),
                             "description": QT_TR_NOOP("Point: the AOI centroid (spotlight). Polygon: the AOI "
                                                       "outline (area).")},
            "lookDirection": {"type": "string", "enum": ["either", "left", "right"], "default": "either",
                              "title": QT_TR_NOOP("Look direction")},
            "ascDsc": {"type": "string", "enum": ["either", "ascending", "descending"], "default": "either",
                       "title": QT_TR_NOOP("Orbit direction")},
            "orbitalPlanes": {"type": "array", "items": {"type": "integer", "enum": [45, 53, 97]},
                              "uniqueItems": True, "title": QT_TR_NOOP("Orbital planes")},
            "offNadirMin": {**num, "minimum": 5, "maximum": 50, "title": QT_TR_NOOP("Off-nadir min (°)")},
            "offNadirMax": {**num, "minimum": 5, "maximum": 50, "title": QT_TR_NOOP("Off-nadir max (°)")},
            "numLooks": {"type": "integer", "minimum": 1, "maximum": 50, "title": QT_TR_NOOP("Number of looks")},
            "imageLength": {"type": "integer", "minimum": 1000, "maximum": 100000,
                            "title": QT_TR_NOOP("Image length (m)")},
            "imageWidth": {"type": "integer", "minimum": 1000, "maximum": 100000,
                           "title": QT_TR_NOOP("Image width (m)")},
            "grrMin": {**num, "minimum": 0.3, "maximum": 20, "title": QT_TR_NOOP("Ground range resolution min (m)")},
            "grrMax": {**num, "minimum": 0.3, "maximum": 20, "title": QT_TR_NOOP("Ground range resolution max (m)")},
            "azrMin": {**num, "minimum": 0.3, "maximum": 20, "title": QT_TR_NOOP("Azimuth resolution min (m)")},
            "azrMax": {**num, "minimum": 0.3, "maximum": 20, "title": QT_TR_NOOP("Azimuth resolution max (m)")},
            "neszMax": {**num, "minimum": -30, "maximum": 0, "title": QT_TR_NOOP("NESZ max (dB)")},
            "polarization": {"type": "string", "enum": ["HH", "VV"], "title": QT_TR_NOOP("Polarization")},
            "preApproval": {"type": "boolean", "default": False, "title": QT_TR_NOOP("Pre-approve the price"),
                            "description": QT_TR_NOOP("Off: the request waits in review with its price until you "
                                                      "approve it.")},
        },
    }


def _archive_workflows() -> list[Workflow]:
    out = []
    caps = frozenset({Capability.ORDER_BY_PRODUCT, Capability.QUOTE})
    for pt, (title, desc) in ARCHIVE_PRODUCTS.items():
        props: dict[str, Any] = {}
        if pt == "GEO":
            props["vesselDetection"] = {"type": "boolean", "default": False,
                                        "title": QT_TR_NOOP("Add Vessel Detection (VS) analytic"),
                                        "description": QT_TR_NOOP("Derives vessel detections from each GEO image "
                                                                  "ordered.")}
        out.append(Workflow(id=f"archive:{pt}", name=pt, title=title, description=desc, input_product_types=[pt],
                            output_product_type=pt, kind="archive", capabilities=caps,
                            options_schema={"type": "object", "properties": props, "additionalProperties": False}))
    out.append(Workflow(id="analytic:VS", name="VS", title=tr("Vessel detection (VS) with its GEO images"),
                        description=tr("Orders the GEO images and the Vessel Detection analytic derived from them."),
                        input_product_types=["GEO"], output_product_type="VS", kind="archive", capabilities=caps,
                        options_schema={"type": "object", "properties": {}, "additionalProperties": False}))
    return out


TASKING_WORKFLOW_ID = "tasking"


# ----------------------------------------------------------------------------------------------- provider

def _role(key: str, media_type: str) -> str:
    if key in RASTER_KEYS:
        return "raster"
    if key in METADATA_KEYS:
        return "metadata"
    if key in THUMBNAIL_KEYS:
        return "thumbnail"
    return "raster" if "tiff" in media_type.lower() else "other"


def _jwt_lifetime(token: str) -> float | None:
    """Seconds left on a JWT access token (its ``exp`` claim); None when the token is not a JWT."""
    parts = token.split(".")
    if len(parts) != 3:
        return None
    try:
        payload = json.loads(base64.urlsafe_b64decode(parts[1] + "=" * (-len(parts[1]) % 4)))
        return max(float(payload["exp"]) - time.time(), 0.0)
    except (ValueError, KeyError, TypeError):
        return None


class CapellaProvider(Provider):
    """Client of the Capella Space API (``https://api.capellaspace.com``)."""
    costs = QT_TR_NOOP("Orders are charged per product (Capella Console); you confirm each cost review first.")
    charges = True

    kind = "capella"
    title = "Capella Space"
    capabilities = frozenset({Capability.WORKFLOWS, Capability.SEARCH_INPUTS, Capability.ORDER_BY_PRODUCT,
                              Capability.ORDER_BY_AOI, Capability.QUOTE, Capability.TASKING, Capability.CANCEL,
                              Capability.ORDER_ITEMS, Capability.STREAMING})
    default_urls = {"api": "https://api.capellaspace.com"}
    secret_label = "API key"  # pragma: allowlist secret - the label the dialog shows
    connection_options_schema = {"type": "object", "properties": {
        "auth_mode": {"type": "string", "title": QT_TR_NOOP("Authentication"), "enum": ["api_key", "token"],
                      "default": "api_key",
                      "description": QT_TR_NOOP("api_key (default; Capella's only login since 2025): the secret is "
                                                "an API "
                                     "key. token: e-mail and password login of older deployments.")},
        "page_size": {"type": "integer", "title": QT_TR_NOOP("Search page size"), "minimum": 1, "maximum": 900,
                      "default": 500},
        "tasking_days": {"type": "number", "title": QT_TR_NOOP("Tasking requests listed (days)"), "minimum": 1,
                         "maximum": 3650, "default": 90},
        "contract_id": {"type": "string", "title": QT_TR_NOOP("Contract id"),
                        "description": QT_TR_NOOP("Charge orders and tasking requests to this contract (empty: your "
                                                  "default "
                                       "contract), as the SDK's contract_id.")}}}

    def __init__(self, connection: ConnectionConfig, transport: Transport | None = None) -> None:
        super().__init__(connection, transport)
        self.auth: Auth = self._make_auth()
        self.search_page_size = max(1, min(int(connection.options.get("page_size") or 500), MAX_SEARCH_LIMIT))
        self.tasking_days = float(connection.options.get("tasking_days") or DEFAULT_TASKING_DAYS)
        self._user: dict[str, Any] | None = None
        #: STAC items seen in searches, by id: order items need their collection and collect id
        self._known: dict[str, dict[str, Any]] = {}
        #: client-chosen submit name → granule ids, to reconcile archive orders (they carry no name)
        self._submitted: dict[str, frozenset[str]] = {}
        #: tasking request id → the archive order that fetched its assets
        self._task_orders: dict[str, str] = {}

    # --- plumbing ---------------------------------------------------------------------------------------------
    def _make_auth(self) -> Auth:
        conn = self.connection
        if str(conn.options.get("auth_mode") or "api_key") != "token":
            return HeaderAuth("Authorization", f"ApiKey {conn.secret}", conn.secret)
        api, email, password = self.url("api"), conn.username, conn.secret

        def fetch(transport: Transport, refresh: str | None) -> tuple[str, float, str | None]:
            if refresh:
                resp = transport.request("POST", f"{api}/token/refresh", json={"refreshToken": refresh},
                                         auth=NoAuth(), retry_auth=False, error_parser=capella_error,
                                         idempotent=True, secrets=(refresh,))
            else:
                basic = base64.b64encode(f"{email}:{password}".encode()).decode("ascii")
                resp = transport.request("POST", f"{api}/token", headers={"Authorization": f"Basic {basic}"},
                                         auth=NoAuth(), retry_auth=False, error_parser=capella_error,
                                         idempotent=True, secrets=(password, basic))
            body = json_body(resp)
            token = body.get("accessToken") if isinstance(body, dict) else None
            if not token:
                raise AuthError(tr("Capella's login answered without an access token."), status=resp.status_code)
            lifetime = body.get("expiresIn") or _jwt_lifetime(str(token)) or TOKEN_LIFETIME
            return str(token), float(lifetime), body.get("refreshToken") or refresh

        return TokenAuth(fetch)

    @property
    def api(self) -> Api:
        """The Capella API with the connection's credentials and ``capella_error``."""
        return Api(self.transport, self.url("api"), self.auth, capella_error)

    def _with_contract(self, body: dict[str, Any]) -> dict[str, Any]:
        """``body`` with the connection's ``contractId`` at its top level, where the SDK puts it in order
        bodies and in the tasking request Feature; without one, Capella charges the default contract."""
        contract = str(self.connection.options.get("contract_id") or "").strip()
        return {**body, "contractId": contract} if contract else body

    def user_info(self) -> dict[str, Any]:
        """``GET /user`` once per provider: the user id lists orders, the organization id lists tasks."""
        if self._user is None:
            body = self.api.json("GET", "/user")
            if not isinstance(body, dict) or not body.get("id"):
                raise ProviderError(tr("Capella's /user answer has no user id."))
            self._user = body
        return self._user

    # --- workflows --------------------------------------------------------------------------------------------
    def workflows(self, filter_text: str = "") -> list[Workflow]:
        """Archive product types, the Vessel Detection add-on and tasking (Capella has no workflow listing)."""
        flows = [*_archive_workflows(),
                 Workflow(id=TASKING_WORKFLOW_ID, name="tasking", title=tr("New tasking request"),
                          description=tr("Ask Capella to collect a new SAR image over the AOI in a time window."),
                          kind="tasking", options_schema=tasking_schema(),
                          capabilities=frozenset({Capability.ORDER_BY_AOI, Capability.TASKING}))]
        text = filter_text.strip().lower()
        return [w for w in flows if not text or text in f"{w.name} {w.title}".lower()]

    # --- catalogue --------------------------------------------------------------------------------------------
    def search_inputs(self, query: InputQuery) -> Page[InputProduct]:
        """STAC search over the AOI; follows ``next`` links by re-POSTing the same body with ``page`` + 1 and
        drops ids already seen (the service repeats some across pages)."""
        limit = max(1, query.limit)
        page_size = min(self.search_page_size, limit, MAX_SEARCH_LIMIT)
        body: dict[str, Any] = {"intersects": stac_geometry(query.aoi),
                                "datetime": f"{iso(query.start)}/{iso(query.end)}", "limit": page_size, "page": 1,
                                "sortby": [{"field": "properties.datetime", "direction": "desc"}]}
        if query.collection:
            body["collections"] = [c.strip() for c in query.collection.split(",") if c.strip()]
        types = [t.strip().upper() for t in query.product_type.split(",") if t.strip()]
        if types:
            body["query"] = {"sar:product_type": {"in": types}}
        search_url = self.url("api") + "/catalog/search"
        seen: set[str] = set()
        out: list[InputProduct] = []

        def fetch(where: tuple[str, int]) -> Sheet:
            url, page = where
            data = self.api.json("POST", url, json={**body, "page": page}, idempotent=True)
            if not isinstance(data, dict):
                raise ProviderError(tr("Capella's catalogue sent a search answer that is not an object."))
            features = as_list(data.get("features"))
            for feature in features:
                if not isinstance(feature, dict) or not feature.get("id") or feature["id"] in seen:
                    continue
                seen.add(feature["id"])
                self._known[str(feature["id"])] = feature
                out.append(parse_product(feature))
            nxt = rel_next(data.get("links"))
            more = nxt is not None and len(out) < limit and page * page_size < 10000  # STAC's page window
            total = data.get("numberMatched")
            return Sheet(features, total=total if isinstance(total, int) else None,
                         next=(next_search_url(search_url, url, str(nxt["href"])), page + 1) if more and nxt else None)

        paged = next_links(fetch, (search_url, 1))
        return Page(items=out[:limit], total=paged.total)

    def _resolve(self, ids: list[str]) -> dict[str, dict[str, Any]]:
        """STAC items for granule ids: from earlier searches, else one search by ``ids``."""
        missing = [i for i in ids if i not in self._known]
        for start in range(0, len(missing), MAX_SEARCH_LIMIT):
            chunk = missing[start:start + MAX_SEARCH_LIMIT]
            data = self.api.json("POST", "/catalog/search", json={"ids": chunk, "limit": len(chunk)}, idempotent=True)
            for feature in (data.get("features") if isinstance(data, dict) else None) or []:
                if isinstance(feature, dict) and feature.get("id"):
                    self._known[str(feature["id"])] = feature
        unknown = [i for i in ids if i not in self._known]
        if unknown:
            raise ValidationError(tr("Capella's catalogue does not know {join}.").format(join=', '.join(unknown)),
                                  field_errors={"": [f"Unknown product {u}" for u in unknown]})
        return {i: self._known[i] for i in ids}

    # --- orders -----------------------------------------------------------------------------------------------
    @staticmethod
    def _is_tasking(request: OrderRequest) -> bool:
        return request.workflow.kind == "tasking" or request.workflow.id == TASKING_WORKFLOW_ID

    def order_items(self, request: OrderRequest) -> list[dict[str, Any]]:
        """The ``items`` of ``/orders/review`` and ``/orders``: one per granule, plus the VS add-on naming the
        collects of the GEO images (the API refuses VS without its GEO image in the same order)."""
        ids = list(dict.fromkeys(request.inputs))
        if not ids:
            raise ValidationError(tr("Select at least one Capella product to order."),
                                  field_errors={"": [tr("No product selected.")]})
        known = self._resolve(ids)
        items: list[dict[str, Any]] = [{"collectionId": known[i].get("collection"), "granuleId": i} for i in ids]
        wants_vs = request.workflow.name == "VS" or bool(request.options.get("vesselDetection"))
        if wants_vs:
            geo = [i for i in ids if (known[i].get("properties") or {}).get("sar:product_type") == "GEO"]
            others = [i for i in ids if i not in geo]
            if request.workflow.name == "VS" and others:
                raise ValidationError(tr("Vessel Detection is derived from GEO images only; not GEO: "
                                         "{products}").format(products=", ".join(others)),
                                      field_errors={"": [tr("Select GEO products only.")]})
            collects = list(dict.fromkeys(str((known[i].get("properties") or {}).get("capella:collect_id") or "")
                                          for i in geo))
            collects = [c for c in collects if c]
            if not collects:
                raise ValidationError(tr("Vessel Detection needs at least one GEO image in the same order."),
                                      field_errors={"": [tr("Add a GEO product.")]})
            items.append({"productType": "VS", "collectIds": collects})
        return items

    def _review(self, items: list[dict[str, Any]]) -> Quote:
        labels = [str(i.get("granuleId") or f"{i.get('productType')} analytic") for i in items]
        body = self.api.json("POST", "/orders/review", json=self._with_contract({"items": items}), idempotent=True)
        return parse_review(body, labels)

    def quote(self, request: OrderRequest) -> Quote:
        """The cost from ``POST /orders/review``; ``authorized`` false carries Capella's reason."""
        if self._is_tasking(request):
            return Quote(total=None, unit="USD", authorized=True, lines=[QuoteLine(
                tr("Tasking request: Capella prices it after submission; without pre-approval it waits for your "
                   "approval of that price."), None)])
        self.validate(request)
        return self._review(self.order_items(request))

    def submit(self, request: OrderRequest) -> Order:
        """Review, refuse when not authorised, then ``POST /orders`` (never repeated blindly); tasking → ``/task``."""
        self.validate(request)
        if self._is_tasking(request):
            return self._submit_task(request)
        items = self.order_items(request)
        quote = self._review(items)
        if not quote.authorized:
            denial = quote.raw.get("authorizationDenialReason")
            code = denial.get("code") if isinstance(denial, dict) else None
            raise ProviderError(tr("Capella does not authorise this order: {reason}").format(
                                    reason=quote.reason or tr("no reason given")),
                                code=str(code) if code else "NOT_AUTHORIZED")
        self._submitted[request.name] = frozenset(str(i["granuleId"]) for i in items if i.get("granuleId"))
        body = self.api.json("POST", "/orders", json=self._with_contract({"items": items}), idempotent=False)
        if not isinstance(body, dict) or not body.get("orderId"):
            raise ProviderError(tr("Capella accepted the order but sent no order id; look for it in the order list."))
        order = parse_order(body)
        order.name = request.name
        return order

    def _submit_task(self, request: OrderRequest) -> Order:
        opts = {k: v for k, v in request.options.items() if v is not None and v != ""}
        if not request.aoi:
            raise ValidationError(tr("A tasking request needs an AOI."),
                                  field_errors={"": [tr("Draw or select an AOI.")]})
        geom = stac_geometry(request.aoi)
        if str(opts.pop("geometryType", "Point")) == "Point" and geom.get("type") == "Polygon":
            lon, lat = polygon_centroid(geom["coordinates"][0])
            # 9 decimals: 0.1 mm; Capella's own examples send up to 14 (``37.76123999999999``)
            geom = {"type": "Point", "coordinates": [round(lon, 9), round(lat, 9)]}
        now = datetime.now(timezone.utc)
        wo = parse_time(opts.pop("windowOpen", None)) or request.start or now
        wc = parse_time(opts.pop("windowClose", None)) or request.end or wo + timedelta(days=7)
        if wc <= wo:
            raise ValidationError(tr("The window must close after it opens."),
                                  field_errors={"windowClose": [tr("Must be after the window opens.")]})
        constraints = {k: opts.pop(k) for k in CONSTRAINT_KEYS if k in opts}
        if constraints.get("offNadirMin", 0) > constraints.get("offNadirMax", 90):
            raise ValidationError(tr("The minimum off-nadir angle exceeds the maximum."),
                                  field_errors={"offNadirMin": [tr("Must not exceed the maximum.")]})
        constraints.setdefault("collectMode", "spotlight")
        props: dict[str, Any] = {
            "taskingrequestName": request.name, "windowOpen": iso(wo), "windowClose": iso(wc),
            "collectionTier": opts.pop("collectionTier", "standard"),
            "productCategory": opts.pop("productCategory", "standard"),
            "collectConstraints": constraints, "preApproval": bool(opts.pop("preApproval", False)),
        }
        if opts.get("taskingrequestDescription"):
            props["taskingrequestDescription"] = str(opts.pop("taskingrequestDescription"))
        feature = self._with_contract({"type": "Feature", "geometry": geom, "properties": props})
        body = self.api.json("POST", "/task", json=feature, idempotent=False)
        if not isinstance(body, dict):
            raise ProviderError(tr("Capella sent a tasking answer that is not a GeoJSON Feature."))
        return parse_task(body)

    def approve_tasking_request(self, task_id: str) -> Order:
        """Accept the price of a request waiting in review (sent with ``preApproval`` off)."""
        return self._task_status(task_id, "approved")

    def _task_status(self, task_id: str, status: str) -> Order:
        task_id = task_id[len(TASK_PREFIX):] if task_id.startswith(TASK_PREFIX) else task_id
        return parse_task(self.api.json("PATCH", f"/task/{task_id}/status", json={"status": status}, idempotent=True))

    def cancel(self, order_id: str) -> Order | None:
        """Cancel a tasking request; archive orders cannot be cancelled (they complete at once)."""
        if not order_id.startswith(TASK_PREFIX):
            raise NotSupportedError(tr("Capella archive orders cannot be cancelled; tasking requests can."))
        return self._task_status(order_id, "canceled")

    def order_actions(self, order: Order) -> list[OrderAction]:
        """Approve a tasking request waiting for the user's approval of its price."""
        if order.kind == "tasking" and order.sub_status == "awaiting approval":
            return [OrderAction("approve", tr("Approve tasking request"),
                                confirm=tr("Approve the tasking request '{name}'? {message} Capella will charge it "
                                           "once collected.").format(name=order.name, message=order.message),
                                cost=task_price(order.raw))]
        return []

    def run_order_action(self, order: Order, action_id: str) -> Order:
        if action_id == "approve":
            return self.approve_tasking_request(order.id)
        return super().run_order_action(order, action_id)

    def order_tasking_request(self, task_id: str) -> Order:
        """``POST /orders/task/{id}``: an archive order of every asset a completed tasking request produced."""
        task_id = task_id[len(TASK_PREFIX):] if task_id.startswith(TASK_PREFIX) else task_id
        body = self.api.json("POST", f"/orders/task/{task_id}", idempotent=False)
        if not isinstance(body, dict) or not body.get("orderId"):
            raise ProviderError(tr("Capella sent no order for the tasking request."))
        order = parse_order(body)
        self._task_orders[task_id] = order.id
        return order

    def _archive_orders(self) -> list[Order]:
        body = self.api.json("GET", "/orders", params={"customerId": self.user_info()["id"]})
        if isinstance(body, dict):  # tolerate a wrapped list
            body = body.get("results") or body.get("orders") or []
        return [parse_order(o) for o in body if isinstance(o, dict)]

    def tasking_requests(self, since: datetime | None = None, wanted: Iterable[str] | None = None) -> list[Order]:
        """Tasking requests since ``since`` (default: ``tasking_days`` ago), newest first, with ONE
        ``tasks/paged`` call per page of 100 (never one status call per request, as Capella asks).

        Decision (captured reply > document): the document only says "sorted by properties.submissionTime";
        the captured page (tasks_paged_response.json: 2020, then 2021) is oldest-first, so the newest requests
        are on the LAST page. Page 1 gives ``totalPages``; the rest
        are read from the last page backwards until a page lies wholly before ``since`` (the document's
        "early abort"), or every id in ``wanted`` was seen; at most ``MAX_TASK_PAGES`` pages in all. Where a
        page 1 comes back newest-first (the order is not confirmed by a captured reply), the pages are read
        forwards with the same early abort instead, so either order lists every recent request.
        """
        org = self.user_info().get("organizationId")
        params: dict[str, Any] = {"limit": TASKS_PAGE_LIMIT}
        if org:
            params["organizationId"] = org
        else:
            params["customerId"] = self.user_info()["id"]
        cutoff = since or datetime.now(timezone.utc) - timedelta(days=self.tasking_days)
        remaining = {w[len(TASK_PREFIX):] if w.startswith(TASK_PREFIX) else w for w in wanted or ()}
        found: dict[str, Order] = {}

        def read(page: int) -> tuple[list[Order], int | None]:
            data = self.api.json("GET", "/tasks/paged", params={**params, "page": page})
            if not isinstance(data, dict):
                raise ProviderError(tr("Capella sent a tasking request page that is not an object."))
            orders = [parse_task(f) for f in as_list(data.get("results")) if isinstance(f, dict)]
            for order in orders:
                if order.submitted_at is None or order.submitted_at >= cutoff:
                    found[order.id] = order
                remaining.discard(order.id[len(TASK_PREFIX):])
            total = data.get("totalPages")
            return orders, total if isinstance(total, int) and not isinstance(total, bool) else None

        def all_old(orders: list[Order]) -> bool:
            return bool(orders) and all(o.submitted_at is not None and o.submitted_at < cutoff for o in orders)

        first, total_pages = read(1)
        total = max(total_pages or 1, 1)
        if total > MAX_TASK_PAGES:
            log.warning("tasks/paged has %d pages; reading the %d most recent", total, MAX_TASK_PAGES)
        stamps = [o.submitted_at for o in first if o.submitted_at is not None]
        descending = len(stamps) > 1 and stamps[0] > stamps[-1]
        if descending:
            pages: Iterable[int] = range(2, min(total, MAX_TASK_PAGES) + 1)
            done = all_old(first)
        else:
            pages = range(total, max(1, total - (MAX_TASK_PAGES - 1)), -1)
            done = False
        for page in pages:
            if done or (wanted is not None and not remaining):
                break
            orders, _ = read(page)
            done = not orders or all_old(orders)
        return newest_first(found.values())

    def orders(self, query: OrderQuery | None = None) -> Page[Order]:
        """Archive orders (``GET /orders?customerId=``) merged with recent tasking requests, newest first."""
        query = query or OrderQuery()
        found = self._archive_orders() + self.tasking_requests()
        found = newest_first(found)
        if query.status is not None:
            found = [o for o in found if o.status == query.status]
        if query.name:
            found = [o for o in found if query.name.lower() in o.name.lower()]
        if query.workflow_name:
            found = [o for o in found if o.workflow_name == query.workflow_name or o.kind == query.workflow_name]
        return Page(items=found[query.skip:query.skip + query.top], total=len(found))

    def find_orders_by_name(self, name: str) -> list[Order]:
        """Tasking requests carry the name (``taskingrequestName``): one listing, stopping at the cut-off.
        Archive orders carry none: they are matched by the granules submitted under this name."""
        hits = [o for o in self.tasking_requests() if o.name == name]
        granules = self._submitted.get(name)
        if granules:
            for order in self._archive_orders():
                if frozenset(i.id for i in order.items if ":" not in i.id) == granules:
                    order.name = name
                    hits.append(order)
        return hits

    def order(self, order_id: str) -> Order:
        if order_id.startswith(TASK_PREFIX):
            return parse_task(self.api.json("GET", f"/task/{order_id[len(TASK_PREFIX):]}"))
        body = self.api.json("GET", f"/orders/{order_id}")
        if not isinstance(body, dict):
            raise ProviderError(tr("Capella sent an order that is not an object."))
        return parse_order(body)

    def refresh_orders(self, orders: Iterable[Order]) -> list[Order]:
        """Bulk: one ``GET /orders`` for archive orders, ``tasks/paged`` pages for tasking requests."""
        orders = list(orders)
        fresh: dict[str, Order] = {}
        if any(not o.id.startswith(TASK_PREFIX) for o in orders):
            fresh.update((o.id, o) for o in self._archive_orders())
        tasks = [o for o in orders if o.id.startswith(TASK_PREFIX)]
        if tasks:
            dates = [o.submitted_at for o in tasks if o.submitted_at is not None]
            since = min(dates) - timedelta(days=1) if len(dates) == len(tasks) else datetime(1970, 1, 1,
                                                                                              tzinfo=timezone.utc)
            fresh.update((o.id, o) for o in self.tasking_requests(since=since, wanted=[t.id for t in tasks]))
        out = []
        for o in orders:
            new = fresh.get(o.id)
            if new is None:
                try:
                    new = self.order(o.id)
                except NotFoundError:
                    new = o
            elif o.name and not o.id.startswith(TASK_PREFIX):
                new.name = o.name  # the client-chosen name survives a refresh
            out.append(new)
        return out

    # --- results ----------------------------------------------------------------------------------------------
    def _download_items(self, order_id: str) -> list[dict[str, Any]]:
        body = self.api.json("GET", f"/orders/{order_id}/download")
        if isinstance(body, dict):
            body = body.get("features") or body.get("items") or []
        return [i for i in body if isinstance(i, dict)]

    def results(self, order: Order) -> list[ResultAsset]:
        """Every asset of ``GET /orders/{id}/download``. A completed tasking request is first ordered (once)
        with ``orders/task/{id}``. The hrefs are presigned: secrets that expire."""
        if order.id.startswith(TASK_PREFIX):
            if order.status != OrderStatus.COMPLETED:
                return []
            task_id = order.id[len(TASK_PREFIX):]
            archive_id = self._task_orders.get(task_id)
            archive = self.order(archive_id) if archive_id else self.order_tasking_request(task_id)
            order = archive
        if order.status != OrderStatus.COMPLETED:
            return []
        assets = []
        for item in self._download_items(order.id):
            item_id = str(item.get("id") or "item")
            for key, asset in (item.get("assets") or {}).items():
                if not isinstance(asset, dict) or not isinstance(asset.get("href"), str):
                    continue
                media_type = str(asset.get("type") or "")
                assets.append(ResultAsset(href=asset["href"], file_name=_file_name_of(asset["href"],
                                                                                      f"{item_id}_{key}"),
                                          media_type=media_type, role=_role(key, media_type), order_id=order.id,
                                          size=asset.get("file:size") if isinstance(asset.get("file:size"), int)
                                          else None))
        log.debug("order %s: %d assets", order.id, len(assets))
        return assets

    def fresh_asset_url(self, order_id: str, file_name: str) -> str:
        """A new presigned URL for one asset of an order (by file name), e.g. for a streamed layer whose URL
        expired or a project reopened later. Only the order id and file name are ever stored."""
        for item in self._download_items(order_id):
            for key, asset in (item.get("assets") or {}).items():
                href = asset.get("href") if isinstance(asset, dict) else None
                if isinstance(href, str) and _file_name_of(href, f"{item.get('id')}_{key}") == file_name:
                    return href
        raise NotFoundError(tr("Order {order_id} has no asset named {file_name} any more.").format(
                                order_id=order_id, file_name=file_name))

    def _get_signed(self, href: str, offset: int) -> requests.Response:
        headers = range_headers(offset)
        query = href.split("?", 1)[1] if "?" in href else ""
        # NoAuth: a presigned URL must not get our credentials (S3 refuses two auth mechanisms, and the key
        # would leak to the storage host)
        return self.api.call("GET", href, auth=NoAuth(), stream=True, headers=headers,
                             secrets=(query,) if query else (), cross_origin_redirects=True)

    def open_asset(self, asset: ResultAsset, offset: int = 0) -> requests.Response:
        """Stream the asset from its presigned URL (``Range`` from ``offset``). When the storage refuses it
        (403: expired), fetch a fresh URL for the same file from the order and retry once."""
        try:
            return self._get_signed(asset.href, offset)
        except ProviderError as exc:
            if exc.status != 403 or not asset.order_id:
                raise
            log.info("download link of %s refused (%s); asking Capella for a new one", asset.file_name, exc.code)
        asset.href = self.fresh_asset_url(asset.order_id, asset.file_name)
        return self._get_signed(asset.href, offset)

    def close(self) -> None:
        self._known.clear()
        super().close()
