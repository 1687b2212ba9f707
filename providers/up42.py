# SPDX-License-Identifier: GPL-2.0-or-later
"""UP42 tasking and archive orders (API v2, Keycloak password login, credits).

Why it looks like this:
- UP42 describes each data product's order parameters with a draft-07 JSON Schema; the dock renders
  ``Workflow.options_schema`` as a form, so ``workflows()`` fetches every schema (a small thread pool, since
  there is one request per data product) and normalises the real quirks the form cannot know about:
  ``"$schema"`` variants, broken ``$ref`` prefixes, ``enum`` lists of ``{id, label}`` objects, ``"default":
  null``, and the geometry / displayName fields that the plugin fills itself from the AOI and the order name.
- Orders cost credits: ``quote()`` calls ``/v2/orders/estimate`` and the dock shows it before ``submit()``;
  placement is never retried blindly (``idempotent=False``) and is reconciled by ``displayName``.
- Errors arrive as ``{"status","title","detail"}`` (real replies), ``{code,message,details}`` (OpenAPI) or the
  v1 envelope ``{"data","error"}``; ``up42_error`` turns all of them into one clear message.
- Today's API only (issue 12; captured reply > vendor SDK > document): ``/v2`` paths and
  ``/orders/schema/{id}`` as up42-py 3.x calls them. The seed document's placement
  ``POST /workspaces/{id}/orders`` (geometry in ``params``) was retired with the SDK's legacy endpoints, and
  feasibility studies live at ``/v2/tasking/feasibility-studies`` (the SDK moved there in 2025); nothing real
  shows the older paths still answer, so there is no setting to use them.

The contract as data: ``STATUS_MAP``/``SUB_STATUS_TEXT`` (statuses), ``CANCELLABLE``, ``ENDPOINTS`` (paths),
``up42_error`` (the error ladder) and the ``parse_*`` functions (one per reply shape, each fed the real
captured replies in ``tests/sandbox/test_fidelity_up42.py``).
"""

from __future__ import annotations

import copy
import re
from concurrent.futures import ThreadPoolExecutor
from datetime import timezone
from typing import Any, ClassVar

import requests

from .base import (
    AuthError,
    Capability,
    ConnectionConfig,
    NotFoundError,
    NotSupportedError,
    Order,
    OrderAction,
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
from .common import as_float, as_list, keycloak_auth, parse_iso_datetime, range_headers
from .http import Transport
from .i18n import QT_TR_NOOP, tr
from .schema import validate_options
from .toolkit import BASE_LADDER, Api, ErrorLadder, Rung, Sheet, StatusMap, next_links, page_numbers, rel_next

CLIENT_ID = "up42-sdk"
MAX_VERTICES = 999
DRAFT7 = "http://json-schema.org/draft-07/schema#"
#: schema properties the plugin fills itself (AOI, order name): hidden from the options form
AUTO_FILLED = ("geometry", "aoi", "displayName")

STATUS_MAP = StatusMap({
    "CREATED": OrderStatus.QUEUED,
    "BEING_PLACED": OrderStatus.QUEUED,
    "PLACED": OrderStatus.QUEUED,
    "BEING_FULFILLED": OrderStatus.IN_PROGRESS,
    "FULFILLED": OrderStatus.COMPLETED,
    "FAILED_PERMANENTLY": OrderStatus.FAILED,
    "PLACEMENT_FAILED": OrderStatus.FAILED,
    "FAILED": OrderStatus.FAILED,
    "CANCELED": OrderStatus.CANCELLED,
    "CANCELLED": OrderStatus.CANCELLED,
}, case="upper", unknown=OrderStatus.QUEUED)
SUB_STATUS_TEXT = {
    "FEASIBILITY_WAITING_UPLOAD": "Feasibility study being prepared",
    "FEASIBILITY_WAITING_RESPONSE": "Feasibility study waiting for your choice of option",
    "QUOTATION_WAITING_UPLOAD": "Quotation being prepared",
    "QUOTATION_WAITING_RESPONSE": "Quotation waiting for your decision",
    "QUOTATION_ACCEPTED": "Quotation accepted",
    "QUOTATION_REJECTED": "Quotation rejected",
}
CANCELLABLE = ("CREATED", "PLACEMENT_FAILED")
#: the paths spoken (all under the ``api`` URL)
ENDPOINTS = {
    "collections": "/v2/collections",
    "schema": "/orders/schema/{id}",
    "estimate": "/v2/orders/estimate",
    "orders": "/v2/orders",
    "order": "/v2/orders/{id}",
    "cancellation": "/v2/orders/{id}/cancellation",
    "quotations": "/v2/tasking/quotation",
    "quotation": "/v2/tasking/quotation/{id}",
    "feasibility_studies": "/v2/tasking/feasibility-studies",
    "feasibility_study": "/v2/tasking/feasibility-studies/{id}",
    "stac_search": "/v2/assets/stac/search",
}


# --------------------------------------------------------------------------------------------- errors

def _detail_text(detail: Any) -> str:
    if detail in (None, "", {}, []):
        return ""
    if isinstance(detail, str):
        return detail
    if isinstance(detail, list):
        return "; ".join(_detail_text(d) for d in detail if _detail_text(d))
    if isinstance(detail, dict):
        for key in ("message", "detail", "error"):
            if isinstance(detail.get(key), str):
                return detail[key]
        return "; ".join(f"{k}: {_detail_text(v)}" for k, v in detail.items() if _detail_text(v))
    return str(detail)


def error_message(body: Any) -> tuple[str, str | None]:
    """``(message, code)`` from any UP42 error body shape; ``("", None)`` when it is none of them."""
    if not isinstance(body, dict):
        return "", None
    if "error" in body and "data" in body and body.get("error"):
        err = body["error"]
        if isinstance(err, dict):
            msg = str(err.get("message") or "")
            extra = _detail_text(err.get("details"))
            return (f"{msg}: {extra}" if msg and extra else msg or extra), (str(err["code"]) if err.get("code")
                                                                            is not None else None)
        return str(err), None
    if "title" in body and ("status" in body or "detail" in body):
        extra = _detail_text(body.get("detail"))
        title = str(body.get("title") or "")
        return (f"{title.rstrip('.')}: {extra}" if extra else title), None
    if "message" in body and ("code" in body or "details" in body):
        extra = _detail_text(body.get("details"))
        msg = str(body.get("message") or "")
        return (f"{msg}: {extra}" if extra else msg), (str(body["code"]) if body.get("code") is not None else None)
    return "", None


#: the error ladder: HTTP status → (error class, message; ``{msg}`` is UP42's own text). Statuses not
#: listed give ``ProviderError("UP42 error (HTTP n): …")``, retryable for 5xx and 429.
_UP42_ERROR = Rung(ProviderError, "UP42 error (HTTP {status}): {msg}")
ERROR_LADDER: ErrorLadder = BASE_LADDER.override({
    400: Rung(ValidationError, "UP42 refused the request: {msg}"),
    401: Rung(AuthError, "UP42 did not accept the login: {msg}. Check the connection's credentials."),
    403: Rung(AuthError, "UP42 denied access: {msg}."),
    404: Rung(NotFoundError, "UP42: {msg}"),
    405: Rung(ProviderError, "UP42 refused the change: {msg} (it was already decided)."),
    422: Rung(ValidationError, "UP42 refused the request: {msg}"),
    429: _UP42_ERROR, "4xx": _UP42_ERROR, "5xx": _UP42_ERROR,
}, fallback=_UP42_ERROR)


def up42_error(resp: requests.Response) -> ProviderError | None:
    """A ``ProviderError`` from a UP42 error reply (via ``ERROR_LADDER``), or None to let the generic parser
    try."""
    try:
        body = resp.json()
    except ValueError:
        return None
    msg, code = error_message(body)
    if not msg:
        return None
    return ERROR_LADDER.rung(resp.status_code).make(resp.status_code, msg, code, {"": [msg]})


# --------------------------------------------------------------------------------------------- schema

_REF_FIX = re.compile(r"^[^#]*(#/.*)$")


def form_schema(raw: dict[str, Any]) -> dict[str, Any]:
    """The data product schema as the options form and ``jsonschema`` need it (a copy; ``raw`` is kept)."""
    schema = copy.deepcopy(raw) if isinstance(raw, dict) else {}
    schema["$schema"] = DRAFT7

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")
            if isinstance(ref, str) and not ref.startswith("#") and _REF_FIX.match(ref):
                node["$ref"] = _REF_FIX.match(ref).group(1)  # e.g. ",#/definitions/x" in a real schema
            enum = node.get("enum")
            if isinstance(enum, list) and enum and all(isinstance(e, dict) and "id" in e for e in enum):
                node.pop("enum")
                node["anyOf"] = [{"const": e["id"], "title": str(e.get("label") or e["id"])} for e in enum]
            if "default" in node and node["default"] is None:
                node.pop("default")
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
        return node

    walk(schema)
    props = schema.get("properties")
    if not isinstance(props, dict):  # junk where the properties belong: an empty form, not a crash
        props = schema["properties"] = {}
    for key in AUTO_FILLED:
        props.pop(key, None)
    if isinstance(schema.get("required"), list):
        schema["required"] = [r for r in schema["required"] if r not in AUTO_FILLED]
    schema.setdefault("type", "object")
    return schema


def _coerce_numbers(schema: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """Numeric strings to numbers where the schema wants a number (real orders carry ``"cloudCoverage": "12"``)."""
    out = dict(values)
    for key, value in values.items():
        jtype = (schema.get("properties", {}).get(key) or {}).get("type")
        if isinstance(value, str) and jtype in ("integer", "number"):
            try:
                out[key] = int(value) if jtype == "integer" else float(value)
            except ValueError:
                pass
    return out


def _bad_date_times(schema: dict[str, Any], values: dict[str, Any]) -> dict[str, list[str]]:
    """Errors for ``format: date-time`` values that are not ISO 8601 date-times.

    Why here: ``jsonschema`` checks this format only when the optional ``rfc3339-validator`` package is
    installed, which Debian's QGIS Python does not have.
    """
    out: dict[str, list[str]] = {}
    for key, prop in (schema.get("properties") or {}).items():
        value = values.get(key)
        if isinstance(prop, dict) and prop.get("format") == "date-time" and isinstance(value, str):
            if not re.match(r"^\d{4}-\d\d-\d\d[Tt ]\d\d:\d\d(:\d\d(\.\d+)?)?([Zz]|[+-]\d\d:?\d\d)$", value) \
                    or _parse_time(value) is None:
                out[key] = [f"{value!r} is not a date-time such as 2026-12-01T00:00:00Z."]
    return out


def polygon_vertices(geom: dict[str, Any] | None) -> tuple[int, int]:
    """``(polygon count, vertices of the largest outer ring)``, the closing position not counted."""
    if not isinstance(geom, dict):
        return 0, 0
    if geom.get("type") == "Feature":
        return polygon_vertices(geom.get("geometry"))
    if geom.get("type") == "Polygon":
        polys = [geom.get("coordinates") or []]
    elif geom.get("type") == "MultiPolygon":
        polys = geom.get("coordinates") or []
    else:
        return 0, 0
    rings = [p[0] for p in polys if p]
    return len(polys), max((len(r) - 1 if len(r) > 1 and r[0] == r[-1] else len(r) for r in rings), default=0)


def _single_polygon(geom: dict[str, Any]) -> dict[str, Any]:
    if geom.get("type") == "Feature":
        geom = geom["geometry"]
    if geom.get("type") == "MultiPolygon" and len(geom.get("coordinates") or []) == 1:
        return {"type": "Polygon", "coordinates": geom["coordinates"][0]}
    return geom


#: UP42 date-times (``createdAt``: 6 fraction digits and ``Z``) as aware UTC; naive means UTC
_parse_time = parse_iso_datetime


def spring_page(body: Any) -> Sheet:
    """A Spring page (``content``, ``totalPages``, ``last``, pages from 0) as the pagers read it."""
    if not isinstance(body, dict):
        raise ProviderError(tr("UP42 sent a listing that is not a page."))
    pages = body.get("totalPages")
    return Sheet(list(body.get("content") or []), total=int(pages) if isinstance(pages, (int, float)) else None,
                 last=body.get("last") is True or pages is None)


def _unwrap(body: Any) -> Any:
    """v1 replies come as ``{"data": ..., "error": null}``; v2 replies are bare."""
    if isinstance(body, dict) and set(body) >= {"data", "error"} and len(body) <= 3:
        return body["data"]
    return body


# ------------------------------------------------------------------------------------------- provider

class Up42Provider(Provider):
    costs = QT_TR_NOOP("Orders cost UP42 credits (up42.com); you confirm each estimate first.")
    charges = True
    kind: ClassVar[str] = "up42"
    title: ClassVar[str] = "UP42"
    capabilities: ClassVar[frozenset[Capability]] = frozenset({
        Capability.WORKFLOWS, Capability.ORDER_BY_AOI, Capability.QUOTE, Capability.CANCEL, Capability.TASKING})
    connection_options_schema: ClassVar[dict[str, Any]] = {"type": "object", "properties": {}}
    max_aoi_vertices: ClassVar[int | None] = MAX_VERTICES
    default_urls: ClassVar[dict[str, str]] = {
        "api": "https://api.up42.com",
        "token": "https://auth.up42.com/realms/public/protocol/openid-connect/token",
        "userinfo": "https://auth.up42.com/realms/public/protocol/openid-connect/userinfo",
    }
    schema_workers = 4
    page_size = 20

    def __init__(self, connection: ConnectionConfig, transport: Transport | None = None) -> None:
        super().__init__(connection, transport)
        # like the official SDK: a fresh password grant each time, no refresh token, no TOTP
        self.auth = keycloak_auth(self.url("token"), CLIENT_ID, connection, totp=False, extra={"scope": "openid"},
                                  refresh=False, margin=30.0)
        self._workspace: str | None = None

    # ------------------------------------------------------------------------------------ plumbing
    @property
    def api(self) -> Api:
        """The UP42 API: bearer token, ``up42_error``, v1 ``{"data", "error"}`` envelopes unwrapped."""
        return Api(self.transport, self.url("api"), self.auth, up42_error, unwrap=_unwrap)

    def workspace_id(self) -> str:
        """The user's workspace: ``sub`` of the Keycloak userinfo (fetched once per connection)."""
        if self._workspace is None:
            body = self.api.json("GET", self.url("userinfo"))
            sub = body.get("sub") if isinstance(body, dict) else None
            if not sub:
                raise AuthError(tr("UP42 userinfo has no workspace id (sub); log in again."))
            self._workspace = str(sub)
        return self._workspace

    def _pages(self, path: str, params: dict[str, Any], limit: int = 50) -> list[dict[str, Any]]:
        """Every item of a Spring-paged listing (``page`` from 0), at most ``limit`` pages."""
        return list(page_numbers(lambda n: spring_page(self.api.json("GET", path, params={**params, "page": n})),
                                 max_pages=limit, total_pages=lambda sheet: sheet.total))

    # ----------------------------------------------------------------------------------- workflows
    def workflows(self, filter_text: str = "") -> list[Workflow]:
        colls = list(page_numbers(lambda n: spring_page(self.api.json("GET", ENDPOINTS["collections"],
                                                                   params={"page": n})),
                                  max_pages=101, total_pages=lambda sheet: sheet.total or 1))
        flows: list[Workflow] = []
        for coll in colls:
            ctype = str(coll.get("type") or "").upper()
            for product in coll.get("dataProducts") or []:
                if not product.get("id"):
                    continue
                title = f"{coll.get('title') or coll.get('name')} – {product.get('title') or product.get('name')}"
                if filter_text and filter_text.lower() not in title.lower():
                    continue
                flows.append(Workflow(
                    id=str(product["id"]), name=str(product["id"]), title=title,
                    description=str(product.get("description") or coll.get("description") or ""),
                    input_product_types=[str(coll.get("name") or "")], output_product_type=str(coll.get("name") or ""),
                    kind="tasking" if ctype == "TASKING" else "archive",
                    capabilities=frozenset({Capability.ORDER_BY_AOI, Capability.QUOTE}
                                           | ({Capability.TASKING} if ctype == "TASKING" else set())),
                    raw={"collection": {k: v for k, v in coll.items() if k != "dataProducts"}, "dataProduct": product}))
        if flows:
            with ThreadPoolExecutor(max_workers=min(self.schema_workers, len(flows))) as pool:
                schemas = list(pool.map(self._schema_or_error, flows))
            for wf, (raw, error) in zip(flows, schemas):
                wf.raw["schema"] = raw
                if error:
                    wf.raw["schema_error"] = error
                wf.options_schema = form_schema(raw) if raw else wf.options_schema
        return flows

    def _schema_or_error(self, wf: Workflow) -> tuple[dict[str, Any] | None, str]:
        try:
            return self.workflow_schema(wf), ""
        except ProviderError as exc:
            return None, exc.message

    def workflow_schema(self, workflow: Workflow) -> dict[str, Any]:
        """The raw order schema of a data product (``GET /orders/schema/{id}``)."""
        body = self.api.json("GET", ENDPOINTS["schema"].format(id=workflow.id))
        if not isinstance(body, dict):
            raise ProviderError(tr("UP42 sent no order schema for {label}.").format(label=workflow.label))
        return body

    # ----------------------------------------------------------------------------------- ordering
    def validate(self, request: OrderRequest) -> None:
        wf = request.workflow
        if wf.raw.get("schema_error"):
            raise ProviderError(tr("The order form of {label} could not be loaded: {schema_error}").format(
                                    label=wf.label, schema_error=wf.raw['schema_error']))
        if request.aoi is None:
            raise ValidationError(tr("UP42 orders need an area of interest: draw or select one first."),
                                  field_errors={"": [tr("An AOI is required.")]})
        if wf.kind == "tasking" or "geometry" in (wf.raw.get("schema") or {}).get("properties", {}):
            count, vertices = polygon_vertices(request.aoi)
            if count != 1:
                raise ValidationError(
                    tr("{label} accepts exactly one polygon, the AOI has {count}. Merge the parts or order them "
                       "one by one.").format(label=wf.label,
                                             count=count), field_errors={"": [tr("The AOI must be one polygon.")]},
                    code="AOI_NOT_ONE_POLYGON")
            if vertices > MAX_VERTICES:
                raise ValidationError(
                    tr("The AOI polygon has {vertices} vertices; {label} accepts at most {MAX_VERTICES}. Simplify "
                       "the AOI (e.g. Vector ▸ Geometry Tools ▸ Simplify) and try again.").format(
                        vertices=vertices, label=wf.label, MAX_VERTICES=MAX_VERTICES),
                    field_errors={"": [tr("{vertices} vertices > {MAX_VERTICES}: simplify the AOI.").format(
                                           vertices=vertices, MAX_VERTICES=MAX_VERTICES)]},
                    code="AOI_TOO_MANY_VERTICES")
        if not 1 <= len(request.name or "") <= 200:
            raise ValidationError(tr("The order name must have 1 to 200 characters."),
                                  field_errors={"": [tr("Order name: 1 to 200 characters.")]})
        values = self.options_of(request)
        bad_times = _bad_date_times(wf.options_schema, values)
        try:
            validate_options(wf.options_schema, values)
        except ValidationError as exc:
            for key, msgs in bad_times.items():
                exc.field_errors.setdefault(key, []).extend(msgs)
            raise
        if bad_times:
            summary = "; ".join(f"{k}: {v[0]}" for k, v in bad_times.items())
            raise ValidationError(tr("Some options are not valid — {summary}").format(summary=summary),
                                  field_errors=bad_times)

    def options_of(self, request: OrderRequest) -> dict[str, Any]:
        """The option values to send: the form's, numbers coerced, the dock's time range as the acquisition
        window when the form left it empty."""
        values = _coerce_numbers(request.workflow.options_schema, request.options)
        props = request.workflow.options_schema.get("properties", {})
        for key, when in (("acquisitionStart", request.start), ("acquisitionEnd", request.end)):
            if when is not None and key in props and not values.get(key):
                stamp = when if when.tzinfo else when.replace(tzinfo=timezone.utc)
                values[key] = stamp.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        return values

    def order_body(self, request: OrderRequest) -> dict[str, Any]:
        """The JSON body of an estimate or an order: the AOI as ``featureCollection`` (one order per feature)."""
        wf = request.workflow
        raw_props = (wf.raw.get("schema") or {}).get("properties", {})
        params = {k: v for k, v in self.options_of(request).items() if v is not None and v != ""}
        if "displayName" in raw_props:
            params["displayName"] = request.name
        geom = _single_polygon(request.aoi) if request.aoi else None
        return {"dataProduct": wf.id, "displayName": request.name, "params": params,
                "featureCollection": {"type": "FeatureCollection",
                                      "features": [{"type": "Feature", "geometry": geom, "properties": {}}]}}

    def quote(self, request: OrderRequest) -> Quote:
        self.validate(request)
        body = self.order_body(request)
        reply = self.api.json("POST", ENDPOINTS["estimate"], json=body, idempotent=True)
        return parse_estimate(reply, tasking=request.workflow.kind == "tasking")

    def submit(self, request: OrderRequest) -> Order:
        self.validate(request)
        body = self.order_body(request)
        ws = self.workspace_id()
        reply = self.api.json("POST", ENDPOINTS["orders"], params={"workspaceId": ws}, json=body, idempotent=False)
        return self.order(parse_placement(reply)[0])

    # ------------------------------------------------------------------------------------- orders
    def orders(self, query: OrderQuery | None = None) -> Page[Order]:
        query = query or OrderQuery()
        size = max(1, min(query.top or self.page_size, 100))
        params: dict[str, Any] = {"workspaceId": self.workspace_id(), "sort": "createdAt,desc",
                                  "page": query.skip // size, "size": size}
        if query.name:
            params["displayName"] = query.name
        if query.status is not None:
            params["status"] = [raw for raw in STATUS_MAP.words_for(query.status) if raw not in
                                ("FAILED", "CANCELLED")]
        body = self.api.json("GET", ENDPOINTS["orders"], params=params)
        if not isinstance(body, dict):
            raise ProviderError(tr("UP42 sent an order list that is not a page."))
        items = [parse_order(o) for o in body.get("content") or [] if isinstance(o, dict)]
        if query.workflow_name:  # the API has no data product filter: filter the page
            items = [o for o in items if o.workflow_name == query.workflow_name]
        last = body.get("last")
        if last is None:
            last = int(body.get("number", 0)) + 1 >= int(body.get("totalPages") or 0)
        next_token = None if last else query.skip + size
        return Page(items=items, total=body.get("totalElements"), next_token=next_token)

    def find_orders_by_name(self, name: str) -> list[Order]:
        """Server-side ``displayName`` filter: one request even with a long order history."""
        found: list[Order] = []
        skip = 0
        for _ in range(20):
            page = self.orders(OrderQuery(name=name, top=100, skip=skip))
            found.extend(o for o in page.items if o.name == name)
            if page.next_token is None:
                break
            skip = int(page.next_token)
        return found

    def order(self, order_id: str) -> Order:
        return parse_order(self.api.json("GET", ENDPOINTS["order"].format(id=order_id)))

    def cancel(self, order_id: str) -> Order | None:
        current = self.order(order_id)
        if current.raw_status not in CANCELLABLE:
            status = current.raw_status + (f" ({current.sub_status})" if current.sub_status else "")
            raise NotSupportedError(
                (tr("UP42 cancels orders only while they are CREATED or PLACEMENT_FAILED; this one is {status}. "
                    "Reject its quotation instead.") if current.sub_status == "QUOTATION_WAITING_RESPONSE" else
                 tr("UP42 cancels orders only while they are CREATED or PLACEMENT_FAILED; this one is {status}.")
                 ).format(status=status),
                code="NOT_CANCELLABLE")
        reply = self.api.json("POST", ENDPOINTS["cancellation"].format(id=order_id), idempotent=True)
        cancelled_id, _ = parse_cancellation(reply)
        if cancelled_id and cancelled_id != order_id:
            raise ProviderError(tr("UP42 answered the cancellation of {order_id} with another order "
                                   "({cancelled_id}).").format(order_id=order_id, cancelled_id=cancelled_id))
        return self.order(order_id)

    # ------------------------------------------------------------------------------------ tasking
    def quotations(self, order_id: str) -> list[dict[str, Any]]:
        """Quotations of a tasking order, newest first (``creditsPrice``, ``decision``)."""
        return [parse_quotation(q) for q in self._pages(
            ENDPOINTS["quotations"], {"orderId": order_id, "workspaceId": self.workspace_id(),
                                      "sort": "createdAt,desc"}) if isinstance(q, dict)]

    def decide_quotation(self, quotation_id: str, accept: bool) -> dict[str, Any]:
        """Accept (credits are charged) or reject a quotation; 405 when it was already decided."""
        return parse_quotation(self.api.json("PATCH", ENDPOINTS["quotation"].format(id=quotation_id),
                                          json={"decision": "ACCEPTED" if accept else "REJECTED"},
                                          idempotent=True))

    def feasibility(self, order_id: str) -> list[dict[str, Any]]:
        """Feasibility studies of a tasking order; a ``MANUAL`` one ``NOT_DECIDED`` waits for an option."""
        return [parse_feasibility_study(f) for f in self._pages(
            ENDPOINTS["feasibility_studies"], {"orderId": order_id, "workspaceId": self.workspace_id(),
                                               "sort": "createdAt,desc"}) if isinstance(f, dict)]

    def choose_feasibility(self, study_id: str, option_id: str) -> dict[str, Any]:
        return parse_feasibility_study(self.api.json("PATCH", ENDPOINTS["feasibility_study"].format(id=study_id),
                                                  json={"acceptedOptionId": option_id}, idempotent=True))

    def order_actions(self, order: Order) -> list[OrderAction]:
        """Accept/reject a waiting quotation (with its price), or choose a manual feasibility option."""
        actions: list[OrderAction] = []
        if order.sub_status == "QUOTATION_WAITING_RESPONSE":
            waiting = [q for q in self.quotations(order.id) if q.get("decision") == "NOT_DECIDED" and q.get("id")]
            if waiting:
                q = waiting[0]
                credits = q.get("creditsPrice")
                price = "an unknown number of" if credits is None else f"{credits:,.0f}" if float(
                    credits).is_integer() else f"{credits:,.2f}"
                actions.append(OrderAction(
                    f"quotation:accept:{q['id']}", tr("Accept quotation ({price} credits)").format(price=price),
                    confirm=tr("Accept the quotation for '{name}'? {price} credits will be charged to the "
                               "workspace and the satellite will be tasked.").format(name=order.name, price=price),
                    cost="" if credits is None else f"{price} credits"))
                actions.append(OrderAction(
                    f"quotation:reject:{q['id']}", tr("Reject quotation"),
                    confirm=tr("Reject the quotation for '{name}'? The order will not be fulfilled.").format(
                                name=order.name)))
        elif order.sub_status == "FEASIBILITY_WAITING_RESPONSE":
            for study in self.feasibility(order.id):
                if study.get("decision") != "NOT_DECIDED" or not study.get("id"):
                    continue
                for opt in study.get("options") or []:
                    if isinstance(opt, dict) and opt.get("id"):
                        actions.append(OrderAction(f"feasibility:{study['id']}:{opt['id']}",
                                                   tr("Choose: {value}").format(
                                                       value=opt.get('description') or opt['id'])))
                break
        return actions

    def run_order_action(self, order: Order, action_id: str) -> Order:
        kind, _, rest = action_id.partition(":")
        if kind == "quotation":
            decision, _, quotation_id = rest.partition(":")
            self.decide_quotation(quotation_id, decision == "accept")
        elif kind == "feasibility":
            study_id, _, option_id = rest.partition(":")
            self.choose_feasibility(study_id, option_id)
        else:
            return super().run_order_action(order, action_id)
        return self.order(order.id)

    # ------------------------------------------------------------------------------------ results
    def results(self, order: Order) -> list[ResultAsset]:
        """Delivered files: STAC items of the order in UP42 storage (``/v2/assets/stac/search``)."""
        body: dict[str, Any] = {"filter": {"op": "=", "args": [{"property": "order_id"}, order.id]}}
        out: list[ResultAsset] = []
        seen: set[str] = set()

        def fetch(where: tuple[str, dict[str, Any]]) -> Sheet:
            url, page_body = where
            reply = self.api.json("POST", url, json=page_body, idempotent=True)
            features = reply.get("features") or []
            for item in features:
                for key, asset in (item.get("assets") or {}).items():
                    href = asset.get("href")
                    if not href or href in seen:
                        continue
                    seen.add(href)
                    out.append(_result_asset(key, asset, order.id))
            nxt = rel_next(reply.get("links"))
            return Sheet(features, next=(nxt["href"], nxt.get("body") or page_body) if nxt else None)

        next_links(fetch, (ENDPOINTS["stac_search"], body), max_pages=50)
        return out

    def open_asset(self, asset: ResultAsset, offset: int = 0) -> requests.Response:
        return self.api.call("GET", asset.href, stream=True,
                                      headers=range_headers(offset), cross_origin_redirects=True)


# ------------------------------------------------------------------------------------------- parsing

#: the old name, still used above and by the parser fuzz tests
_num = as_float


def _error_item_text(err: Any) -> str:
    if not isinstance(err, dict):
        return str(err)
    msg = str(err.get("message") or "invalid")
    extra = _detail_text(err.get("details"))
    return f"{msg} {extra}".strip() if extra else msg


def _result_asset(key: str, asset: dict[str, Any], order_id: str) -> ResultAsset:
    media = str(asset.get("type") or "")
    roles = asset.get("roles") if isinstance(asset.get("roles"), list) else []
    href = str(asset.get("href") or "")
    if "tiff" in media or "jp2" in media:
        role = "raster"
    elif "zip" in media:
        role = "zip"
    elif "thumbnail" in roles or "overview" in roles:
        role = "thumbnail"
    elif "metadata" in roles:
        role = "metadata"
    else:
        role = "other"
    name = str(asset.get("title") or "")
    if not name or "/" in name:
        name = href.split("?", 1)[0].rstrip("/").split("/")[-1] or key
        if role == "raster" and not name.lower().endswith((".tif", ".tiff")):
            name = f"{key}.tif"
    size = _num(asset.get("file:size") or asset.get("size"))
    checksum = str(asset.get("file:checksum") or "")
    # a size that is no finite number (junk, NaN, inf) is unknown rather than a crash
    size_ok = size is not None and size == size and abs(size) != float("inf") and size > 0
    return ResultAsset(href=href, file_name=name, size=int(size) if size_ok else None, media_type=media,
                       checksum=checksum, checksum_algorithm="multihash" if checksum else "", role=role,
                       order_id=order_id)


def parse_order(body: Any) -> Order:
    """An ``Order`` from a v2 order (or a v1 ``{"data": ...}``-wrapped one)."""
    data = _unwrap(body)
    if not isinstance(data, dict) or not data.get("id"):
        raise ProviderError(tr("UP42 sent an order without an id."))
    raw_status = str(data.get("status") or "")
    details = data.get("orderDetails") if isinstance(data.get("orderDetails"), dict) else {}
    sub = str(details.get("subStatus") or data.get("subStatus") or "")
    status = STATUS_MAP(raw_status)
    message = SUB_STATUS_TEXT.get(sub, sub.replace("_", " ").capitalize() if sub else "")
    name = str(data.get("displayName") or details.get("displayName") or "")
    updated = _parse_time(data.get("updatedAt"))
    return Order(
        id=str(data["id"]), name=name, status=status, raw_status=raw_status, sub_status=sub, message=message,
        workflow_name=str(data.get("dataProductId") or ""), kind=str(data.get("type") or "").lower() or "tasking",
        submitted_at=_parse_time(data.get("createdAt")),
        completed_at=updated if status in (OrderStatus.COMPLETED, OrderStatus.FAILED, OrderStatus.CANCELLED)
        else None, raw=data)


def parse_estimate(reply: Any, tasking: bool = False) -> Quote:
    """``POST /v2/orders/estimate`` → Quote: ``{summary{totalCredits, totalSize, unit}, results[], errors[]}``.

    A tasking estimate is not the price: UP42 sends a quotation to accept later, so the quote says so.
    """
    if not isinstance(reply, dict):
        raise ProviderError(tr("UP42 sent an estimate that is not an object."))
    summary = reply.get("summary") if isinstance(reply.get("summary"), dict) else {}
    errors = [e for e in as_list(reply.get("errors")) if e]
    lines = []
    for i, r in enumerate(as_list(reply.get("results"))):
        if not isinstance(r, dict):
            continue
        index = r["index"] if isinstance(r.get("index"), int) and not isinstance(r["index"], bool) else i
        lines.append(QuoteLine(tr("Order {number}").format(number=index + 1) + _size_text(r.get("size"), r.get("unit")),
                               _num(r.get("credits")), "credits"))
    reason = "; ".join(_error_item_text(e) for e in errors)
    if tasking and not errors:
        reason = tr("Tasking: the final price comes as a quotation to accept before anything is charged.")
    return Quote(total=_num(summary.get("totalCredits")), unit="credits", authorized=not errors, reason=reason,
                 lines=lines, raw=reply)


#: UP42's size units as people write them
SIZE_UNITS = {"sq_km": "km²", "sqkm": "km²", "km2": "km²", "scene": "scenes", "scenes": "scenes"}


def _size_text(size: Any, unit: Any) -> str:
    """" (118.71 km²)" from ``size``/``unit`` of an estimate line; "" when UP42 gave no size."""
    number = _num(size)
    if number is None:
        return ""
    raw = str(unit or "").strip()
    text = SIZE_UNITS.get(raw.lower(), raw.lower().replace("_", " "))
    shown = f"{number:,.2f}".rstrip("0").rstrip(".")
    return f" ({shown} {text})" if text else f" ({shown})"


def parse_placement(reply: Any) -> list[str]:
    """Order ids of ``POST /v2/orders`` (``{results[{index, id}], errors[]}``); refused orders raise."""
    if not isinstance(reply, dict):
        raise ProviderError(tr("UP42 answered the order with something that is not an object; check the order list "
                               "before ordering again."))
    errors = [e for e in as_list(reply.get("errors")) if e]
    ids = [str(r["id"]) for r in as_list(reply.get("results")) if isinstance(r, dict) and r.get("id")]
    if errors and not ids:
        text = "; ".join(_error_item_text(e) for e in errors)
        raise ValidationError(tr("UP42 refused the order: {text}").format(text=text), field_errors={"": [text]})
    if not ids:
        raise ProviderError(tr("UP42 answered without an order id; check the order list before ordering again."))
    return ids


def parse_cancellation(reply: Any) -> tuple[str, str]:
    """``(order id, status)`` of ``POST /v2/orders/{id}/cancellation``.

    The SDK (up42-py ``Order.cancel``) reads ``orderId`` and ``status``; ``id`` is tolerated because the
    public OpenAPI text once named it so. An empty reply is ``("", "")``: the caller re-reads the order.
    """
    if not isinstance(reply, dict):
        return "", ""
    return str(reply.get("orderId") or reply.get("id") or ""), str(reply.get("status") or "")


def parse_quotation(raw: dict[str, Any]) -> dict[str, Any]:
    """A tasking quotation as the plugin uses it: ``id, orderId, creditsPrice`` (number or None), ``decision``."""
    return {"id": str(raw.get("id") or ""), "orderId": str(raw.get("orderId") or ""),
            "creditsPrice": _num(raw.get("creditsPrice")), "decision": str(raw.get("decision") or ""),
            "decisionAt": _parse_time(raw.get("decisionAt")), "raw": raw}


def parse_feasibility_study(raw: dict[str, Any]) -> dict[str, Any]:
    """A feasibility study: ``id, orderId, type`` (MANUAL/AUTO), ``decision``, ``options[{id, description}]``
    and the chosen ``decisionOption`` (None until decided; real AUTO studies have no options at all)."""
    options = [{"id": str(o["id"]), "description": str(o.get("description") or "")}
               for o in as_list(raw.get("options")) if isinstance(o, dict) and o.get("id")]
    chosen = raw.get("decisionOption")
    return {"id": str(raw.get("id") or ""), "orderId": str(raw.get("orderId") or ""),
            "type": str(raw.get("type") or ""), "decision": str(raw.get("decision") or ""), "options": options,
            "decisionOption": {"id": str(chosen["id"]), "description": str(chosen.get("description") or "")}
            if isinstance(chosen, dict) and chosen.get("id") else None, "raw": raw}
