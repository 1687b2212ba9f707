# SPDX-License-Identifier: GPL-2.0-or-later
"""CDSE On-Demand Processing (ODP): OData workflows, production and batch orders, results.

Contract: ``/work/shared/providers/cdse-odp.md`` (ODP) and ``catalogues.md`` §1 (the CDSE OData
catalogue that supplies the input products). Where the contract is uncertain the parsers accept every
shape seen in the docs and in real replies: single entities wrapped in ``{"value": {...}}`` or at top
level, ``Id`` as string or integer, ``EvictionDate`` empty or ``9999-...``, 3 or 6 fraction digits,
null footprints.

Issue 12 decisions (real material > vendor SDK > document): Cancel is the documented ``GET``; catalogue
searches ask ``$count=true`` so the total is known; ``NotificationEndpoint``/``Callback`` are documented as
"not used" and never sent; "On-Demand Production" workflows (``Sentinel-N-L0-...``, IPF from Level-0) are
workflows like the others, their outputs expire 14 days after completion (``Order.expires_at``); a refusal
that speaks of a quota becomes ``QuotaExceededError`` naming the quota.

Our ``Order.id`` for a batch order is ``"batch:<Id>"``: production and batch orders live in two
id spaces on the server (``/ProductionOrders(<id>)`` vs ``/BatchOrder(<id>)``), and the plugin keeps
only one string per order, so the prefix is what routes ``order()``, ``cancel()`` and ``results()``.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import Any

import requests

from .base import (
    Capability,
    ConnectionConfig,
    InputProduct,
    InputQuery,
    NotFoundError,
    Order,
    OrderItem,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    Page,
    Provider,
    ProviderError,
    ResultAsset,
    ValidationError,
    Workflow,
)
from .common import (
    as_float,
    as_int,
    as_list,
    keycloak_auth,
    md5_checksum,
    newest_first,
    odata_string,
    parse_iso_datetime,
    range_headers,
    ring_coords_wkt,
    utc_millis,
)
from .errors import QuotaExceededError  # the leaf error family; still reachable as cdse_odp.QuotaExceededError
from .http import NoAuth, Transport
from .i18n import QT_TR_NOOP, tr
from .schema import option_strings, schema_from_option_list
from .toolkit import BASE_LADDER, Api, Rung, Sheet, StatusMap, next_links

CLIENT_ID = "cdse-public"
BATCH_PREFIX = "batch:"
#: the catalogue serves at most 1000 products per page (catalogues.md §1)
MAX_PAGE = 1000
#: eodag keeps the WKT under 1600 characters; above this we send convex hulls instead of the exact rings
MAX_WKT = 1600

STATUS_MAP = StatusMap({
    "queued": OrderStatus.QUEUED, "pending": OrderStatus.QUEUED, "accepted": OrderStatus.QUEUED,
    "created": OrderStatus.QUEUED, "paused": OrderStatus.QUEUED,
    "in_progress": OrderStatus.IN_PROGRESS, "processing": OrderStatus.IN_PROGRESS,
    "downloading": OrderStatus.IN_PROGRESS, "running": OrderStatus.IN_PROGRESS,
    "completed": OrderStatus.COMPLETED, "done": OrderStatus.COMPLETED, "already_done": OrderStatus.COMPLETED,
    "succeeded": OrderStatus.COMPLETED,
    "failed": OrderStatus.FAILED, "error": OrderStatus.FAILED,
    "cancelled": OrderStatus.CANCELLED, "canceled": OrderStatus.CANCELLED,
})
#: FastAPI refusals (``{"detail": "..."}`` or ``{"detail": [{"loc", "msg"}]}``) on 400/422 are refusals of
#: the request; other statuses and bodies go by the shared ladder
ERROR_LADDER = BASE_LADDER.override({
    400: Rung(ValidationError, "Request refused (HTTP {status}): {msg}"),
    422: Rung(ValidationError, "Request refused (HTTP {status}): {msg}"),
})
_ODATA_EXPR = re.compile(r"\b(eq|ne|gt|ge|lt|le|and|or|not)\b\s|\b(contains|startswith|endswith|any)\(", re.I)
#: "On-Demand Production" workflows (Sentinel L0 -> L1/L2 with the IPF processors) are named like
#: ``Sentinel-1-L0-IW_GRDH_1S`` (eu-cdse/documentation, On-Demand Production API.qmd)
PRODUCTION_WORKFLOW = re.compile(r"^Sentinel-[1-3]-L[0-2]-", re.I)
#: "The output of the production is stored in the temporary data storage and available to download for a
#: period of 14 days" (same document); ``output_storage=TEMPORARY`` means the same for processing workflows
TEMPORARY_RETENTION = timedelta(days=14)
#: The per-user quotas CDSE publishes for the Data Workspace / ODP (Quotas.qmd): words in a refusal -> the
#: quota it names. How the service words a quota refusal is not documented [guess]: matched loosely.
QUOTAS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"concurren|parallel|simultaneous|running|active orders", re.I), "concurrent orders"),
    (re.compile(r"month|monthly|processed products", re.I), "processed products per month"),
)
_QUOTA_WORDS = re.compile(r"quota|limit", re.I)


# --- parsing helpers (module level so contract tests can feed real fixtures through them) -------------------

def unwrap(body: Any) -> dict[str, Any]:
    """A single entity from ``{"@odata.context", "value": {...}}`` or a top-level object: both occur."""
    if isinstance(body, dict) and isinstance(body.get("value"), dict):
        return body["value"]
    if isinstance(body, dict):
        return body
    raise ProviderError(tr("The service sent an unexpected reply (no object where an order was expected)."))


def entity_list(body: Any) -> list[dict[str, Any]]:
    """The ``value`` list of a collection reply (a bare list is accepted too)."""
    if isinstance(body, dict):
        body = body.get("value", [])
    return [e for e in body if isinstance(e, dict)] if isinstance(body, list) else []


def str_id(value: Any) -> str:
    """``Id`` is a string in the docs and an integer in real replies: always a string here."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def parse_datetime(value: Any) -> datetime | None:
    """ISO-8601 with 0, 3 or 6 (or more) fraction digits, ``Z`` or an offset; naive means UTC.

    ``""`` and the "never" sentinel ``9999-12-31...`` (EvictionDate) give None.
    """
    return parse_iso_datetime(value, never_year=9999)


#: an unquoted OData literal in UTC with milliseconds: ``2024-02-06T00:00:00.000Z``
odata_datetime = utc_millis


def wkt_to_geojson(text: Any) -> dict[str, Any] | None:
    """``geography'SRID=4326;POLYGON ((lon lat, ...))'`` (or MULTIPOLYGON/POINT, with or without the
    geography wrapper) → GeoJSON; None when absent or unreadable (AUX products have no footprint)."""
    if not isinstance(text, str) or not text.strip():
        return None
    s = text.strip()
    if s.lower().startswith("geography'"):
        s = s[len("geography'"):].rstrip("'")
    if ";" in s:
        s = s.split(";", 1)[1]
    m = re.match(r"^\s*(MULTIPOLYGON|POLYGON|POINT)\s*(\(.*\))\s*$", s, re.I | re.S)
    if not m:
        return None
    kind, body = m.group(1).upper(), m.group(2)
    try:
        nested = _parse_nested(body)
    except (ValueError, IndexError):
        return None
    if kind == "POINT":
        return {"type": "Point", "coordinates": nested[0]}
    if kind == "POLYGON":
        return {"type": "Polygon", "coordinates": nested}
    return {"type": "MultiPolygon", "coordinates": nested}


def _parse_nested(body: str) -> Any:
    """Parse ``((x y, x y), (x y, ...))`` nesting into lists; leaves are ``[x, y]`` pairs."""
    pos = 0

    def parse() -> Any:
        nonlocal pos
        assert body[pos] == "("
        pos += 1
        items: list[Any] = []
        buf = ""
        while pos < len(body):
            ch = body[pos]
            if ch == "(":
                items.append(parse())
                continue
            if ch in ",)":
                if buf.strip():
                    items.append([float(v) for v in buf.split()][:2])
                buf = ""
                pos += 1
                if ch == ")":
                    return items
                continue
            buf += ch
            pos += 1
        raise ValueError("unbalanced parentheses")

    return parse()


def _attributes(entity: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for att in as_list(entity.get("Attributes")):
        if isinstance(att, dict) and att.get("Name"):
            out[str(att["Name"])] = att.get("Value")
    return out


#: the old names, still used below and by the parser fuzz tests
_float = as_float
_int = as_int


def parse_product(entity: dict[str, Any], collection: str = "") -> InputProduct:
    """A catalogue ``Products`` entry → ``InputProduct``; lenient about every field (catalogues.md §1)."""
    atts = _attributes(entity)
    footprint = entity.get("GeoFootprint")
    if not (isinstance(footprint, dict) and footprint.get("type") and footprint.get("coordinates")):
        footprint = wkt_to_geojson(entity.get("Footprint"))
    content = entity.get("ContentDate") or {}
    quicklook = None
    for asset in as_list(entity.get("Assets")):
        if isinstance(asset, dict) and str(asset.get("Type", "")).upper() == "QUICKLOOK":
            quicklook = asset.get("DownloadLink")
            break
    coll = collection or str(atts.get("platformShortName") or "")
    online = entity.get("Online")
    return InputProduct(
        id=str_id(entity.get("Id")),
        name=str(entity.get("Name") or ""),
        footprint=footprint,
        sensing_start=parse_datetime(content.get("Start")) if isinstance(content, dict) else None,
        sensing_end=parse_datetime(content.get("End")) if isinstance(content, dict) else None,
        collection=coll,
        product_type=str(atts.get("productType") or ""),
        size=_int(entity.get("ContentLength")),
        online=online if isinstance(online, bool) else True,
        cloud_cover=_float(atts.get("cloudCover")),
        quicklook_url=quicklook,
        raw=entity,
    )


def parse_workflow(entity: dict[str, Any]) -> Workflow:
    """A ``/Workflows`` entry → ``Workflow``; ``WorkflowOptions`` become a JSON Schema."""
    types = entity.get("InputProductTypes")
    if not isinstance(types, list) or not types:
        types = [entity["InputProductType"]] if entity.get("InputProductType") else []
    name = str(entity.get("Name") or "")
    description = str(entity.get("Description") or entity.get("Documentation") or "")
    production = is_production_workflow(name)
    if production:  # the retention is a fact of the service, not of the listing: say it where the user picks
        description = (description + "\n\n" if description else "") + \
            "On-Demand Production (IPF processors from Level-0): the output is kept 14 days."
    return Workflow(
        id=str_id(entity.get("Id")) or name,
        name=name,
        title=str(entity.get("DisplayName") or "") or name,
        description=description,
        input_product_types=catalogue_types([str(t) for t in types]),
        output_product_type=str(entity.get("OutputProductType") or ""),
        version=str(entity.get("WorkflowVersion") or ""),
        options_schema=schema_from_option_list(as_list(entity.get("WorkflowOptions"))),
        kind="production" if production else "processing",
        capabilities=frozenset({Capability.ORDER_BY_PRODUCT, Capability.BATCH_ORDERS}),
        raw=entity,
    )


def map_status(raw: Any) -> OrderStatus:
    """The service's status word → our enum; an unknown word counts as in progress (keep polling)."""
    return STATUS_MAP(raw)


#: ODP names Sentinel-1 Level-0 inputs ``IW_RAW__0``; the catalogue's ``productType`` carries the product
#: class letter too (``IW_RAW__0S`` for standard products, as ``IW_GRDH_1S``), from the Sentinel-1 naming
#: convention ``MMM_TTTR_LFPP`` [guess: no catalogue reply for Level-0 seen]
_S1_LEVEL0 = re.compile(r"^([A-Z0-9]{2})_RAW__0$")


def catalogue_types(input_types: list[str]) -> list[str]:
    """The workflow's input types as the catalogue searches them: each Level-0 type preceded by its
    catalogue form, so the dock's first product type finds the inputs."""
    out: list[str] = []
    for t in input_types:
        m = _S1_LEVEL0.match(t)
        if m and f"{t}S" not in out:
            out.append(f"{t}S")
        if t not in out:
            out.append(t)
    return out


def is_production_workflow(name: str) -> bool:
    """Whether ``name`` is an On-Demand Production workflow (IPF reprocessing from Level-0)."""
    return bool(PRODUCTION_WORKFLOW.match(name or ""))


def _option_value(entity: dict[str, Any], name: str) -> str:
    for opt in as_list(entity.get("WorkflowOptions")):
        if isinstance(opt, dict) and str(opt.get("Name", "")).lower() == name.lower():
            return str(opt.get("Value") or "")
    return ""


def output_expiry(entity: dict[str, Any], status: OrderStatus) -> datetime | None:
    """When the output is deleted: the service's ``EvictionDate`` when it sends one, else 14 days after
    completion for production workflows and ``output_storage=TEMPORARY`` (the documented retention). The
    completion time is ``CompletedDate``, or ``EstimatedDate`` of a completed order (the doc's completed
    order carries only that); None before completion or for outputs kept in the public repository."""
    evicted = parse_datetime(entity.get("EvictionDate"))
    if evicted is not None:
        return evicted
    temporary = is_production_workflow(str(entity.get("WorkflowName") or "")) or \
        _option_value(entity, "output_storage").upper() == "TEMPORARY"
    if not temporary or status != OrderStatus.COMPLETED:
        return None
    done = parse_datetime(entity.get("CompletedDate")) or parse_datetime(entity.get("EstimatedDate"))
    return done + TEMPORARY_RETENTION if done else None


def parse_production_order(entity: dict[str, Any]) -> Order:
    raw_status = str(entity.get("Status") or "")
    status = map_status(raw_status)
    ref = entity.get("InputProductReference") or {}
    return Order(
        expires_at=output_expiry(entity, status),
        id=str_id(entity.get("Id")),
        name=str(entity.get("Name") or (ref.get("Reference") if isinstance(ref, dict) else "") or ""),
        status=status,
        raw_status=raw_status,
        message=str(entity.get("StatusMessage") or ""),
        workflow_name=str(entity.get("WorkflowName") or ""),
        kind="production",
        submitted_at=parse_datetime(entity.get("SubmissionDate")),
        estimated_at=parse_datetime(entity.get("EstimatedDate")),
        completed_at=parse_datetime(entity.get("CompletedDate")),
        progress=1.0 if status == OrderStatus.COMPLETED else None,
        raw=entity,
    )


_SUMMARY_DONE = ("done_order_items_count", "already_done_order_items_count", "failed_or_cancelled_order_items_count")
_SUMMARY_ALL = (*_SUMMARY_DONE, "processing_order_items_count", "downloading_order_items_count",
                "queued_order_items_count")


def parse_batch_order(entity: dict[str, Any]) -> Order:
    """A ``/BatchOrder`` entry → ``Order`` of kind "batch"; ``Summary`` counts give the progress."""
    summary = entity.get("Summary") if isinstance(entity.get("Summary"), dict) else {}
    raw_status = str(entity.get("Status") or summary.get("status") or "")
    total = sum(_int(summary.get(k)) or 0 for k in _SUMMARY_ALL)
    done = sum(_int(summary.get(k)) or 0 for k in _SUMMARY_DONE)
    status = map_status(raw_status)
    progress = done / total if total else (1.0 if status == OrderStatus.COMPLETED else None)
    message = str(entity.get("StatusMessage") or "")
    if total and not message:
        message = f"{done} of {total} items finished"
    return Order(
        id=BATCH_PREFIX + str_id(entity.get("Id")),
        name=str(entity.get("Name") or ""),
        status=status,
        raw_status=raw_status,
        message=message,
        workflow_name=str(entity.get("WorkflowName") or ""),
        kind="batch",
        submitted_at=parse_datetime(entity.get("SubmissionDate")),
        estimated_at=parse_datetime(entity.get("EstimatedDate")),
        completed_at=parse_datetime(summary.get("last_order_item_change_timestamp"))
        if status == OrderStatus.COMPLETED else None,
        progress=progress,
        raw=entity,
    )


def parse_batch_item(entity: dict[str, Any]) -> OrderItem:
    """One entry of ``/BatchOrder(<id>)/Products``: an item production order with its output product."""
    raw_status = str(entity.get("Status") or "")
    ref = entity.get("InputProductReference") or {}
    product = entity.get("Product") if isinstance(entity.get("Product"), dict) else {}
    return OrderItem(
        id=str_id(entity.get("ProductionOrderId") or entity.get("OrderId") or entity.get("Id")),
        name=str((ref.get("Reference") if isinstance(ref, dict) else "") or entity.get("Name") or ""),
        status=map_status(raw_status),
        raw_status=raw_status,
        message=str(entity.get("StatusMessage") or ""),
        result_name=str(product.get("Name") or entity.get("ProductName") or ""),
        size=_int(product.get("ContentLength") or entity.get("ContentLength")),
    )


def odp_error(resp: requests.Response) -> ProviderError | None:
    """FastAPI-style ``{"detail": [{"loc", "msg", "type"}]}`` → ``ValidationError`` with per-field messages;
    every other shape falls through to the transport's generic reading."""
    if resp.status_code not in (400, 403, 422, 429):
        return None
    try:
        body = resp.json()
    except ValueError:
        return None
    detail = body.get("detail") if isinstance(body, dict) else None
    quota = quota_error(resp.status_code, detail)
    if quota is not None:
        return quota
    if resp.status_code not in (400, 422):
        return None
    if isinstance(detail, str) and detail:
        return ERROR_LADDER.error(resp.status_code, detail)
    if not isinstance(detail, list) or not detail:
        return None
    fields: dict[str, list[str]] = {}
    for item in detail:
        if not isinstance(item, dict):
            fields.setdefault("", []).append(str(item))
            continue
        loc = [str(p) for p in as_list(item.get("loc")) if p not in ("body", "query", "path")]
        fields.setdefault("/".join(loc), []).append(str(item.get("msg") or item.get("type") or "invalid"))
    summary = "; ".join(f"{k or 'request'}: {', '.join(v)}" for k, v in fields.items())
    return ERROR_LADDER.error(resp.status_code, summary, field_errors=fields)


def quota_error(status: int, detail: Any) -> QuotaExceededError | None:
    """A refusal that speaks of a quota or limit -> a message naming the quota and what to do.

    The status of such a refusal is not documented (403, 429 and 422 are all plausible): any of them is
    read, as long as the text says quota or limit."""
    text = detail if isinstance(detail, str) else "; ".join(
        str(d.get("msg") if isinstance(d, dict) else d) for d in as_list(detail))
    if not text or not _QUOTA_WORDS.search(text):
        return None
    name = next((label for pattern, label in QUOTAS if pattern.search(text)), "")
    if name == "concurrent orders":
        advice = "Wait until one of your running orders finishes, or cancel one, then submit again."
    elif name:
        advice = "The quota renews at the start of next month."
    else:
        advice = "Check the quotas of your CDSE account."
    what = f"your quota of {name}" if name else "a quota of your account"
    return QuotaExceededError(tr("CDSE refused the order: {what} is used up ({text}). {advice}").format(
                                  what=what, text=text, advice=advice),
                              quota=name or "account", status=status, code="quota")


# --- geometry helpers for the catalogue's spatial filter ----------------------------------------------------

def _polygons(geom: dict[str, Any]) -> list[list[list[float]]]:
    """Outer rings of a Polygon / MultiPolygon (holes dropped: Intersects with the outer ring is a superset,
    and the documented filter takes one simple POLYGON)."""
    gtype = geom.get("type")
    if gtype == "Feature":
        return _polygons(geom.get("geometry") or {})
    if gtype == "FeatureCollection":
        return [r for f in geom.get("features") or [] for r in _polygons(f)]
    if gtype == "Polygon":
        return [geom["coordinates"][0]]
    if gtype == "MultiPolygon":
        return [poly[0] for poly in geom["coordinates"] if poly]
    if gtype == "GeometryCollection":
        return [r for g in geom.get("geometries") or [] for r in _polygons(g)]
    raise ValidationError(tr("The area of interest must be a polygon, not {gtype}.").format(gtype=f"{gtype!r}"))


def _convex_hull(points: list[list[float]]) -> list[list[float]]:
    """Andrew's monotone chain; closed ring, counter-clockwise."""
    pts = sorted({(float(p[0]), float(p[1])) for p in points})
    if len(pts) < 3:
        return [list(p) for p in pts] + [list(pts[0])]

    def cross(o: tuple[float, float], a: tuple[float, float], b: tuple[float, float]) -> float:
        return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])

    lower: list[tuple[float, float]] = []
    upper: list[tuple[float, float]] = []
    for p in pts:
        while len(lower) >= 2 and cross(lower[-2], lower[-1], p) <= 0:
            lower.pop()
        lower.append(p)
    for p in reversed(pts):
        while len(upper) >= 2 and cross(upper[-2], upper[-1], p) <= 0:
            upper.pop()
        upper.append(p)
    hull = lower[:-1] + upper[:-1]
    return [list(p) for p in hull] + [list(hull[0])]


def _ring_wkt(ring: list[list[float]]) -> str:
    return "POLYGON((" + ring_coords_wkt(ring) + "))"


def intersects_filter(aoi: dict[str, Any]) -> str:
    """The spatial clause for an AOI: one ``OData.CSC.Intersects`` per polygon part, OR'ed.

    Why not one MULTIPOLYGON: the documented filter takes a POLYGON (multipolygons were "not supported" until
    mid-2024). Why OR'ed parts rather than one convex hull: the hull of distant parts matches products between
    them that touch no part. Only when the exact rings make the WKT too long do we fall back to each part's
    convex hull (still a superset of the true result, never missing a product).
    """
    rings = _polygons(aoi)
    if not rings:
        raise ValidationError(tr("The area of interest is empty."))
    wkts = [_ring_wkt(r) for r in rings]
    if sum(len(w) for w in wkts) > MAX_WKT:
        wkts = [_ring_wkt(_convex_hull(r)) for r in rings]
    clauses = [f"OData.CSC.Intersects(area=geography'SRID=4326;{w}')" for w in wkts]
    return clauses[0] if len(clauses) == 1 else "(" + " or ".join(clauses) + ")"


def guess_collection(product_type: str) -> str:
    """The collection for a product type, since the catalogue wants ``Collection/Name`` on every query."""
    pt = product_type.upper()
    if pt.startswith("S2") or pt.startswith("L2A") or pt.startswith("L1C"):
        return "SENTINEL-2"
    if pt.startswith(("S3", "OL_", "SL_", "SR_", "SY_", "MW_")):
        return "SENTINEL-3"
    if pt.startswith(("IW_", "EW_", "SM_", "WV_", "S1")) or pt in ("GRD", "SLC", "RAW", "OCN", "CARD-BS"):
        return "SENTINEL-1"
    return ""


def products_filter(query: InputQuery) -> str:
    clauses = []
    collection = query.collection or guess_collection(query.product_type)
    if collection:
        clauses.append(f"Collection/Name eq {odata_string(collection)}")
    clauses.append(f"ContentDate/Start ge {odata_datetime(query.start)}")
    clauses.append(f"ContentDate/Start lt {odata_datetime(query.end)}")
    clauses.append(intersects_filter(query.aoi))
    if query.product_type:
        clauses.append("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and "
                       f"att/OData.CSC.StringAttribute/Value eq {odata_string(query.product_type)})")
    if query.max_cloud_cover is not None:
        clauses.append("Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and "
                       f"att/OData.CSC.DoubleAttribute/Value le {float(query.max_cloud_cover):.2f})")
    return " and ".join(clauses)


class CdseOdpProvider(Provider):
    """Client of the CDSE On-Demand Processing OData API (plus the CDSE catalogue for inputs)."""
    costs = QT_TR_NOOP("Free of charge within your Copernicus Data Space quotas (dataspace.copernicus.eu).")
    charges = False

    kind = "cdse_odp"
    title = "CDSE On-Demand Processing"
    capabilities = frozenset({Capability.WORKFLOWS, Capability.SEARCH_INPUTS, Capability.ORDER_BY_PRODUCT,
                              Capability.ORDER_BY_TIME_RANGE, Capability.BATCH_ORDERS, Capability.CANCEL,
                              Capability.PRIORITY})
    connection_options_schema = {"type": "object", "properties": {
        "page_size": {"type": "integer", "title": QT_TR_NOOP("Catalogue page size"), "minimum": 1, "maximum": 1000,
                      "default": 100, "description": QT_TR_NOOP("Products fetched per catalogue request ($top).")},
        "two_factor": {"type": "boolean", "title": QT_TR_NOOP("Two-factor login"), "default": False,
                       "description": QT_TR_NOOP("Ask for the one-time code (TOTP) when logging in; it is never "
                                                 "saved.")}}}
    default_urls = {
        "api": "https://odp.dataspace.copernicus.eu/odata/v1",
        "catalogue": "https://catalogue.dataspace.copernicus.eu/odata/v1",
        "token": "https://identity.dataspace.copernicus.eu/auth/realms/CDSE/protocol/openid-connect/token",
    }

    def __init__(self, connection: ConnectionConfig, transport: Transport | None = None) -> None:
        super().__init__(connection, transport)
        self.auth = keycloak_auth(self.url("token"), CLIENT_ID, connection)
        #: catalogue page size ($top); a connection option so tests and slow links can ask for less
        self.page_size = max(1, min(int(connection.options.get("page_size") or 100), MAX_PAGE))

    # --- plumbing ---------------------------------------------------------------------------------------------
    @property
    def api(self) -> Api:
        """The ODP API with the bearer token; a quota 429 is final (``QuotaExceededError`` is not retryable)."""
        return Api(self.transport, self.url("api"), self.auth, odp_error)

    # --- workflows --------------------------------------------------------------------------------------------
    def workflows(self, filter_text: str = "") -> list[Workflow]:
        """All workflows, or those whose name contains ``filter_text``; an OData expression is sent as is."""
        params: dict[str, Any] = {}
        text = filter_text.strip()
        if text:
            params["$filter"] = text if _ODATA_EXPR.search(text) else f"contains(Name,{odata_string(text)})"
        return [parse_workflow(w) for w in entity_list(self.api.get("/Workflows", params))]

    # --- catalogue --------------------------------------------------------------------------------------------
    def search_inputs(self, query: InputQuery) -> Page[InputProduct]:
        """Catalogue products over the AOI, oldest first, following ``@odata.nextLink`` up to ``query.limit``.

        The catalogue is searched anonymously (the token is not sent to a host the nextLink may name).
        ``Page.next_token`` holds the next link when more products exist than ``limit``.
        """
        # $count=true: without it the catalogue sends no @odata.count and the dock cannot say "n of N"
        params: dict[str, Any] | None = {"$filter": products_filter(query), "$orderby": "ContentDate/Start asc",
                  "$top": str(min(self.page_size, max(query.limit, 1))), "$count": "true",
                  "$expand": ["Attributes", "Assets"]}
        collection = query.collection or guess_collection(query.product_type)
        catalogue = Api(self.transport, self.url("catalogue"), NoAuth(), odp_error)

        def fetch(url: str) -> Sheet:
            # the next link carries every query option: follow it verbatim (params only on the first page)
            body = catalogue.get(url, params if "://" not in url else None)
            count = body.get("@odata.count") if isinstance(body, dict) else None
            return Sheet([parse_product(e, collection) for e in entity_list(body)],
                         total=count if isinstance(count, int) else None,
                         next=body.get("@odata.nextLink") if isinstance(body, dict) else None)

        paged = next_links(fetch, "/Products", limit=max(query.limit, 1))
        return Page(items=paged.items[:query.limit], total=paged.total, next_token=paged.next)

    # --- orders -----------------------------------------------------------------------------------------------
    def submit(self, request: OrderRequest) -> Order:
        """A production order for one input (or a time range), a batch order for several or when asked."""
        self.validate(request)
        options = option_strings(request.options)
        priority = request.priority if request.priority is not None else 1
        if request.batch or len(request.inputs) > 1:
            if not request.inputs:
                raise ValidationError(tr("A batch order needs at least one input product."))
            body: dict[str, Any] = {"Name": request.name, "WorkflowName": request.workflow.name,
                                    "Priority": priority, "WorkflowOptions": options,
                                    "IdentifierList": list(request.inputs), "BatchSize": len(request.inputs)}
            return parse_batch_order(unwrap(self.api.json("POST", "/BatchOrder/OData.CSC.Order", json=body,
                                                          idempotent=False)))
        if request.inputs:
            reference: dict[str, Any] = {"Reference": request.inputs[0]}
        elif request.start and request.end:
            reference = {"ContentDate": {"Start": odata_datetime(request.start), "End": odata_datetime(request.end)}}
        else:
            raise ValidationError(tr("Choose an input product or a time range for the order."))
        body = {"WorkflowName": request.workflow.name, "InputProductReference": reference,
                "WorkflowOptions": options, "Priority": priority, "Name": request.name}
        return parse_production_order(unwrap(self.api.json("POST", "/ProductionOrder/OData.CSC.Order", json=body,
                                                           idempotent=False)))

    @staticmethod
    def _order_filter(query: OrderQuery) -> str:
        clauses = []
        if query.status is not None:
            clauses.append(f"Status eq {odata_string(query.status.value)}")
        if query.name:
            clauses.append(f"Name eq {odata_string(query.name)}")
        if query.workflow_name:
            clauses.append(f"WorkflowName eq {odata_string(query.workflow_name)}")
        return " and ".join(clauses)

    def orders(self, query: OrderQuery | None = None) -> Page[Order]:
        """Production orders newest first (server-side filter and paging), with batch orders merged in.

        Batch orders come from a second listing (``/BatchOrder``) and are added on the first page only, so
        paging through production orders with ``skip`` never repeats them; ``total`` counts both.
        """
        query = query or OrderQuery()
        params: dict[str, Any] = {"$orderby": "SubmissionDate desc", "$top": str(query.top),
                                  "$skip": str(query.skip), "$count": "true"}
        flt = self._order_filter(query)
        if flt:
            params["$filter"] = flt
        body = self.api.get("/ProductionOrders", params)
        items = [parse_production_order(e) for e in entity_list(body)]
        total = body.get("@odata.count") if isinstance(body, dict) else None
        if query.skip == 0:
            bparams: dict[str, Any] = {"$orderby": "SubmissionDate desc", "$top": str(query.top), "$count": "true"}
            if flt:
                bparams["$filter"] = flt
            bbody = self.api.get("/BatchOrder", bparams)
            batches = [parse_batch_order(e) for e in entity_list(bbody)]
            items.extend(batches)
            btotal = bbody.get("@odata.count") if isinstance(bbody, dict) else None
            if isinstance(total, int):
                total += btotal if isinstance(btotal, int) else len(batches)
            items = newest_first(items)
        return Page(items=items, total=total if isinstance(total, int) else None)

    def _batch_items(self, batch_id: str) -> list[OrderItem]:
        return [parse_batch_item(e) for e in entity_list(self.api.get(f"/BatchOrder({batch_id})/Products"))]

    def order(self, order_id: str) -> Order:
        if order_id.startswith(BATCH_PREFIX):
            bid = order_id[len(BATCH_PREFIX):]
            order = parse_batch_order(unwrap(self.api.get(f"/BatchOrder({bid})")))
            order.items = self._batch_items(bid)
            return order
        return parse_production_order(unwrap(self.api.get(f"/ProductionOrders({order_id})")))

    def _cancel(self, order_id: str) -> None:
        """``GET /ProductionOrder(<id>)/OData.CSC.Cancel``: the only documented form is a GET (the document's
        curl has no ``-X``), so that is what is sent; repeating it is harmless, so it may be retried."""
        self.api.call("GET", f"/ProductionOrder({order_id})/OData.CSC.Cancel")  # body read and bounded already

    def cancel(self, order_id: str) -> Order | None:
        """Cancel; returns the order as it is now, or None when the service removed it (queued orders are
        "removed instantly" per the doc). A batch is cancelled item by item: each item is a production
        order and ``ProductionOrder(<id>)/OData.CSC.Cancel`` is the documented call."""
        if order_id.startswith(BATCH_PREFIX):
            for item in self._batch_items(order_id[len(BATCH_PREFIX):]):
                if item.status.is_active and item.id:
                    try:
                        self._cancel(item.id)
                    except NotFoundError:
                        continue
        else:
            self._cancel(order_id)
        try:
            return self.order(order_id)
        except NotFoundError:
            return None

    # --- results ----------------------------------------------------------------------------------------------
    def _product_asset(self, order_id: str) -> ResultAsset:
        product = unwrap(self.api.get(f"/ProductionOrder({order_id})/Product"))
        name = str(product.get("Name") or f"order_{order_id}")
        checksum = md5_checksum(product)
        return ResultAsset(
            href=f"{self.url('api')}/ProductionOrder({order_id})/Product/$value",
            file_name=name if name.lower().endswith(".zip") else name + ".zip",
            size=_int(product.get("ContentLength")),
            media_type="application/zip", checksum=checksum, checksum_algorithm="MD5" if checksum else "",
            role="zip", order_id=order_id)

    def results(self, order: Order) -> list[ResultAsset]:
        """The result zip of a production order; for a batch, one zip per completed item."""
        if order.id.startswith(BATCH_PREFIX):
            assets = []
            for item in self._batch_items(order.id[len(BATCH_PREFIX):]):
                if item.status == OrderStatus.COMPLETED and item.id:
                    asset = self._product_asset(item.id)
                    asset.order_id = order.id
                    assets.append(asset)
            return assets
        if order.status != OrderStatus.COMPLETED:
            return []
        return [self._product_asset(order.id)]

    def open_asset(self, asset: ResultAsset, offset: int = 0) -> requests.Response:
        """Stream the zip with the bearer token, from ``offset`` with a ``Range`` header. The caller checks
        for 206 when ``offset`` > 0 (a 200 means the server sent the whole file again)."""
        return self.api.call("GET", asset.href, stream=True, headers=range_headers(offset),
                             cross_origin_redirects=True)
