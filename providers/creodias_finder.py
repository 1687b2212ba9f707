# SPDX-License-Identifier: GPL-2.0-or-later
"""CREODIAS Finder orders: Sentinel-2 L1C → L2A processing (sen2cor) and "orderable" products.

Contract (``shared/providers/creodias-finder.md``): Keycloak password grant on realm ``DIAS`` (client
``CLOUDFERRO_PUBLIC``, ``totp`` when the account has 2FA); every Finder call carries the token in a
``Keycloak-Token`` header (not ``Authorization``). Paths end with a slash. Order items come 10 a page
(``{"items", "total", "page", "size"}``, pages from 0) without next links.

What is confirmed and what is not (captured reply > vendor script > document):

- Token lifetime: the document says ten minutes, the captured Keycloak reply says ``expires_in: 300``; the
  client renews from the reply's own ``expires_in`` (a third early), so either is handled.
- ``GET /api/order/`` (the order list): the document shows the call, no reply. The client reads a Spring-less
  page like the items (``items/total/page/size``) or a bare list; both are guesses.
- Bad or missing token: the document shows ``{"ErrorMessage": "orderProduct- Forbidden", "ErrorCode": 403}``;
  a 401 is treated the same.
- Retirement: CREODIAS deprecated the RESTO Finder API in favour of OData/STAC. A 410 on the order API, or
  a 404 saying the module route does not exist (``processModuleRoute - Not Found``) or not in Finder's shape
  at all, is reported as the service having been retired, not as a generic error (``finder_api_error``).

Choices made here (the Finder doc is silent on them):

- Results: an item's ``result.processed_name`` is looked up in the OData catalogue (``Name eq``, batched
  with ``or``) to get the product ``Id`` and exact ``ContentLength``; the asset is then
  ``<download>/Products(<Id>)/$value`` (the zipper). The download carries the same Keycloak token as
  ``Authorization: Bearer`` (never in the URL, so it cannot leak into logs); redirects are followed by
  hand so the token only goes back to the host it was meant for.
- A ``403 Forbidden`` from Finder is what the doc shows for a bad token, so it is treated like a 401: the
  token is dropped and the call repeated once with a fresh login.
- Finder has no documented name filter: ``find_orders_by_name`` lists the orders (pages fetched
  concurrently) and matches ``order_name``.
"""

from __future__ import annotations

import logging
import math
from concurrent.futures import ThreadPoolExecutor
from typing import Any
from urllib.parse import urljoin, urlsplit

import requests

from .base import (
    AuthError,
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
    as_list,
    keycloak_auth,
    md5_checksum,
    odata_string,
    parse_iso_datetime,
    range_headers,
    ring_coords_wkt,
    utc_millis,
)
from .http import Auth, TokenAuth, Transport, oauth_error, with_budget
from .i18n import QT_TR_NOOP, tr
from .toolkit import BASE_LADDER, MAX_PAGES, Api, ErrorLadder, Rung, Sheet, StatusMap, next_links

log = logging.getLogger("eo_orders.creodias_finder")

CLIENT_ID = "CLOUDFERRO_PUBLIC"

#: Finder order status -> common status. ``done_with_error`` finished with some items failed: results exist.
ORDER_STATUS = StatusMap({
    "queued": OrderStatus.QUEUED, "new": OrderStatus.QUEUED, "pending": OrderStatus.QUEUED,
    "processing": OrderStatus.IN_PROGRESS, "downloading": OrderStatus.IN_PROGRESS,
    "in_progress": OrderStatus.IN_PROGRESS, "running": OrderStatus.IN_PROGRESS,
    "done": OrderStatus.COMPLETED, "done_with_error": OrderStatus.COMPLETED, "completed": OrderStatus.COMPLETED,
    "failed": OrderStatus.FAILED, "error": OrderStatus.FAILED,
    "cancelled": OrderStatus.CANCELLED, "canceled": OrderStatus.CANCELLED,
})
ITEM_STATUS = StatusMap({
    "queued": OrderStatus.QUEUED, "new": OrderStatus.QUEUED,
    "processing": OrderStatus.IN_PROGRESS, "downloading": OrderStatus.IN_PROGRESS,
    "done": OrderStatus.COMPLETED,
    "failed": OrderStatus.FAILED, "error": OrderStatus.FAILED,
    "cancelled": OrderStatus.CANCELLED, "canceled": OrderStatus.CANCELLED,
})

#: The processors offered; sen2cor first because it is the documented default.
PROCESSORS: tuple[tuple[str, str, str, list[str], str], ...] = (
    ("sen2cor", "Sentinel-2 L2A (sen2cor)",
     "Atmospheric correction of Sentinel-2 Level-1C products to Level-2A surface reflectance.",
     ["S2MSI1C"], "S2MSI2A"),
    ("download", "Bring orderable product online",
     "Order an 'orderable' product (visible in the catalogue, not yet in the repository) into the repository.",
     ["S2MSI1C", "S2MSI2A"], ""),
)

_OPTIONS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "priority": {"type": "integer", "title": QT_TR_NOOP("Priority"), "minimum": 0, "maximum": 100, "default": 1,
                     "description": QT_TR_NOOP("Processing priority sent with the order.")},
        "callback": {"type": "string", "title": QT_TR_NOOP("Callback URL"), "format": "uri", "pattern": "^https?://",
                     "description": QT_TR_NOOP("Optional URL Finder calls when the order changes.")},
    },
    "additionalProperties": False,
}


def strip_title(name: str) -> str:
    """A product title as Finder wants it in ``identifier_list``: no ``.SAFE``/``.zip``, no path."""
    title = name.strip().rstrip("/").rsplit("/", 1)[-1]
    for ext in (".zip", ".SAFE", ".safe"):
        if title.endswith(ext):
            title = title[: -len(ext)]
    return title


RETIRED_CODE = "SERVICE_RETIRED"


def service_retired(status: int) -> ProviderError:
    """The message for an order API that is gone (410, or a 404 for the whole module)."""
    return ProviderError(
        tr("The CREODIAS Finder order service has been retired (HTTP {status}): CREODIAS moved ordering to its "
           "OData/STAC services. Order through an On-Demand Processing (OData) connection instead, or check this "
           "connection's API URL if it was mistyped.").format(status=status), status=status, code=RETIRED_CODE)


def finder_api_error(resp: requests.Response) -> ProviderError | None:
    """Errors of the Finder order API (``/api/order/...``): retirement first, then ``finder_error``.

    A 404 about one order (``getOrder - Not Found``) stays "not found"; a 404 about the module route itself,
    or a 404/410 that is not in Finder's ``{"ErrorMessage", "ErrorCode"}`` shape (a gateway's page), means
    the API is no longer there.
    """
    status = resp.status_code
    if status == 410:
        return service_retired(status)
    if status == 404:
        try:
            body = resp.json()
        except ValueError:
            body = None
        message = str(body.get("ErrorMessage") or "") if isinstance(body, dict) else ""
        if not message or message.replace(" ", "").lower().startswith("processmoduleroute-"):
            return service_retired(status)
    return finder_error(resp)


_TOKEN_REFUSED = ("CREODIAS Finder refused the request ({msg}): the Keycloak token was not accepted. Check the "
                  "user name, password and TOTP of the connection.")
_FINDER_REFUSED = Rung(ProviderError, "CREODIAS Finder refused the request: {msg}")
#: the error ladder of ``{"ErrorMessage", "ErrorCode"}`` replies, as overrides of the shared one: ``{msg}`` is
#: Finder's own text; other statuses are a plain refusal, retryable for 429 and 5xx. Order-API retirement
#: (410, or 404 for the module route) is checked before this, in ``finder_api_error``.
ERROR_LADDER: ErrorLadder = BASE_LADDER.override({
    401: Rung(AuthError, _TOKEN_REFUSED),
    403: Rung(AuthError, _TOKEN_REFUSED),
    404: Rung(NotFoundError, "CREODIAS Finder: {msg}. The order does not exist (any more) or the Finder API URL of "
                             "the connection is wrong."),
    429: _FINDER_REFUSED, "4xx": _FINDER_REFUSED, "5xx": _FINDER_REFUSED,
}, fallback=_FINDER_REFUSED)


def finder_error(resp: requests.Response) -> ProviderError | None:
    """``{"ErrorMessage", "ErrorCode"}`` and Keycloak's ``{"error", "error_description"}`` → clear messages."""
    try:
        body = resp.json()
    except ValueError:
        return None
    if not isinstance(body, dict):
        return None
    if "ErrorMessage" in body:
        msg = str(body.get("ErrorMessage") or "").strip()
        code = str(body.get("ErrorCode") or resp.status_code)
        status = resp.status_code
        if any(word in msg.lower() for word in ("forbidden", "unauthorized")):
            status_key = 403  # the documented "<module>- Forbidden" is a token refusal whatever the status
        else:
            status_key = status
        return ERROR_LADDER.rung(status_key).make(status, msg, code)
    if isinstance(body.get("error"), str):
        return oauth_error(resp)
    return None


#: Finder and catalogue date-times (any fraction digits, ``Z`` or an offset, naive means UTC) as aware UTC
_parse_dt = parse_iso_datetime


def _polygons(aoi: dict[str, Any]) -> list[list[list[list[float]]]]:
    """The AOI's polygons (rings of lon/lat) from a GeoJSON geometry, Feature or FeatureCollection."""
    kind = aoi.get("type")
    if kind == "FeatureCollection":
        return [p for f in aoi.get("features") or [] for p in _polygons(f)]
    if kind == "Feature":
        return _polygons(aoi.get("geometry") or {})
    if kind == "Polygon":
        return [aoi["coordinates"]]
    if kind == "MultiPolygon":
        return list(aoi["coordinates"])
    raise ValidationError(tr("The area of interest must be a polygon."))


def intersects_clause(aoi: dict[str, Any]) -> str:
    """``OData.CSC.Intersects`` for the AOI; one clause per part (MULTIPOLYGON support is not certain)."""
    parts = [f"OData.CSC.Intersects(area=geography'SRID=4326;POLYGON(({ring_coords_wkt(p[0])}))')"
             for p in _polygons(aoi) if p and p[0]]
    if not parts:
        raise ValidationError(tr("The area of interest is empty."))
    return parts[0] if len(parts) == 1 else "(" + " or ".join(parts) + ")"


def _attr(product: dict[str, Any], name: str) -> Any:
    for att in product.get("Attributes") if isinstance(product.get("Attributes"), list) else []:
        if isinstance(att, dict) and att.get("Name") == name:
            return att.get("Value")
    return None


def parse_product(p: dict[str, Any]) -> InputProduct:
    """An OData catalogue product → ``InputProduct`` (nulls and empties accepted, see catalogues.md)."""
    cd = p.get("ContentDate") if isinstance(p.get("ContentDate"), dict) else {}
    cloud = as_float(_attr(p, "cloudCover"))
    name = str(p.get("Name") or "")
    return InputProduct(
        id=str(p.get("Id") or ""), name=name, footprint=p.get("GeoFootprint") or None,
        sensing_start=_parse_dt(cd.get("Start")), sensing_end=_parse_dt(cd.get("End")),
        collection=str((p.get("Collection") or {}).get("Name") or "SENTINEL-2") if isinstance(
            p.get("Collection"), dict) else "SENTINEL-2",
        product_type=str(_attr(p, "productType") or ("S2MSI1C" if "MSIL1C" in name else "")),
        size=p.get("ContentLength") if isinstance(p.get("ContentLength"), int) else None,
        online=bool(p.get("Online", True)), cloud_cover=cloud, quicklook_url=_quicklook(p), raw=p)


def _quicklook(p: dict[str, Any]) -> str | None:
    """The QUICKLOOK asset's link (``$expand=Assets``, the same OData catalogue as CDSE's), if any."""
    for asset in p.get("Assets") if isinstance(p.get("Assets"), list) else []:
        if isinstance(asset, dict) and str(asset.get("Type", "")).upper() == "QUICKLOOK":
            link = asset.get("DownloadLink")
            return link if isinstance(link, str) and link else None
    return None


def parse_item(raw: dict[str, Any]) -> OrderItem:
    status = str(raw.get("status") or "").lower()
    result = raw.get("result") if isinstance(raw.get("result"), dict) else {}
    size = result.get("processed_size")
    return OrderItem(id=str(raw.get("id", "")), name=str(raw.get("name") or ""),
                     status=ITEM_STATUS(status), raw_status=status,
                     message=str(raw.get("extra_info") or "") if status == "failed" else "",
                     result_name=str(result.get("processed_name") or ""),
                     size=size if isinstance(size, int) else None)


def parse_order(raw: dict[str, Any], items: list[OrderItem] | None = None) -> Order:
    status = str(raw.get("status") or "").lower()
    items = items or []
    done = sum(1 for i in items if not i.status.is_active)
    failed = sum(1 for i in items if i.status == OrderStatus.FAILED)
    message = f"{failed} of {len(items)} products failed." if failed else ""
    if status == "done_with_error" and not message:
        message = "Some products failed."
    mapped = ORDER_STATUS(status)
    return Order(
        id=str(raw.get("id", "")), name=str(raw.get("order_name") or raw.get("name") or ""), status=mapped,
        raw_status=status, sub_status=status if status == "done_with_error" else "", message=message,
        workflow_name=str(raw.get("processor") or ""),
        submitted_at=_parse_dt(raw.get("created_date") or raw.get("add_date") or raw.get("date")),
        completed_at=_parse_dt(raw.get("completed_date")) if not mapped.is_active else None,
        progress=(done / len(items)) if items else (1.0 if not mapped.is_active else None),
        items=items, raw=raw)


#: the per-state counters of ``GET /api/order/<id>/summary`` (the real reply, order_summary_response.json)
SUMMARY_COUNTS = {"queued": "queued_order_items_count", "downloading": "downloading_order_items_count",
                  "processing": "processing_order_items_count", "done": "done_order_items_count",
                  "failed_or_cancelled": "failed_or_cancelled_order_items_count"}


def parse_summary(order_id: str, body: Any) -> Order:
    """An ``Order`` (status, progress, a count message) from the summary, without paging through the items."""
    if not isinstance(body, dict):
        raise ProviderError(tr("CREODIAS Finder sent an order summary in an unknown shape."))
    counts = {k: c if isinstance(c := body.get(key), int) and not isinstance(c, bool) and c >= 0 else 0
              for k, key in SUMMARY_COUNTS.items()}
    total = sum(counts.values())
    finished = counts["done"] + counts["failed_or_cancelled"]
    order = parse_order({"id": order_id, "status": body.get("status")})
    order.progress = finished / total if total else order.progress
    order.message = (f"{counts['done']} of {total} products done, {counts['failed_or_cancelled']} failed or "
                     f"cancelled." if total else order.message)
    changed = _parse_dt(body.get("last_order_item_change_timestamp"))
    if changed is not None and not order.status.is_active:
        order.completed_at = changed
    return order


class _BearerFrom(Auth):
    """The provider's Keycloak token as ``Authorization: Bearer`` for the zipper download."""

    def __init__(self, token_auth: TokenAuth) -> None:
        self._auth = token_auth

    def apply(self, headers: dict[str, str], transport: Transport) -> None:
        headers["Authorization"] = f"Bearer {self._auth.token(transport)}"

    def invalidate(self) -> None:
        self._auth.invalidate()

    def secrets(self) -> tuple[str, ...]:
        return self._auth.secrets()


class CreodiasFinderProvider(Provider):
    """Finder orders at ``<api>/`` with a Keycloak token, the OData catalogue for inputs and result lookup."""
    costs = QT_TR_NOOP("Orders are billed to your CREODIAS account (creodias.eu).")
    charges = True

    kind = "creodias_finder"
    title = "CREODIAS Finder orders"
    capabilities = frozenset({Capability.WORKFLOWS, Capability.ORDER_BY_PRODUCT, Capability.SEARCH_INPUTS,
                              Capability.CANCEL, Capability.ORDER_ITEMS})
    connection_options_schema = {"type": "object", "properties": {
        "two_factor": {"type": "boolean", "title": QT_TR_NOOP("Two-factor login"), "default": False,
                       "description": QT_TR_NOOP("Ask for the one-time code (TOTP) when logging in; it is never "
                                                 "saved.")}}}
    default_urls = {
        "api": "https://finder.creodias.eu/api/order",
        "token": "https://identity.cloudferro.com/auth/realms/DIAS/protocol/openid-connect/token",
        "catalogue": "https://datahub.creodias.eu/odata/v1",
        "download": "https://zipper.creodias.eu/odata/v1",
    }
    #: bound on concurrent page fetches (the Transport bounds requests in flight on top)
    page_workers = 8
    #: product names per catalogue look-up when resolving results
    name_batch = 20

    def __init__(self, connection: ConnectionConfig, transport: Any = None) -> None:
        super().__init__(connection, transport)
        self.auth = keycloak_auth(self.url("token"), CLIENT_ID, connection, header="Keycloak-Token", scheme="")

    # ------------------------------------------------------------------------------------------ plumbing

    @property
    def api(self) -> Api:
        """The Finder order API: ``Keycloak-Token``, its error reading, and a 403 (how Finder says "bad
        token") answered by one fresh login and one more try."""
        return Api(self.transport, self.url("api"), self.auth, finder_api_error, relogin_on=(403,))

    def fetch_paged(self, path: str) -> list[dict[str, Any]]:
        """Every entry of a paged Finder listing: page 0 first, then the rest concurrently, in order.

        Stop rule of the doc: a page is the last when it is short (fewer than ``size`` entries) or when
        ``size × (page + 1) ≥ total``. A plain list reply (no paging) is taken as it is.
        """
        first = self.api.json("GET", path, params={"page": 0})
        if isinstance(first, list):
            return first
        if not isinstance(first, dict):
            raise ProviderError(tr("CREODIAS Finder sent a listing in an unknown shape."))
        entries = list(first.get("items") or first.get("results") or first.get("orders") or [])
        size = int(first.get("size") or len(entries) or 10)
        total = first.get("total")
        if not isinstance(total, int) or len(entries) < size or size * 1 >= total:
            return _dedupe(entries)
        pages = list(range(1, min(math.ceil(total / size), MAX_PAGES)))  # never trust the server's total

        def get(page: int) -> list[dict[str, Any]]:
            body = self.api.json("GET", path, params={"page": page})
            return list(body.get("items") or body.get("results") or body.get("orders") or []) \
                if isinstance(body, dict) else list(body or [])

        with ThreadPoolExecutor(max_workers=min(self.page_workers, len(pages)),
                                thread_name_prefix="finder-pages") as pool:
            results = list(pool.map(with_budget(get), pages))
        for chunk in results:
            entries.extend(chunk)
            if len(chunk) < size:  # a short page is the last, whatever total said
                break
        return _dedupe(entries)

    # ---------------------------------------------------------------------------------------- workflows

    def workflows(self, filter_text: str = "") -> list[Workflow]:
        out = []
        for pid, title, desc, inputs, output in PROCESSORS:
            wf = Workflow(id=pid, name=pid, title=title, description=desc, input_product_types=list(inputs),
                          output_product_type=output, options_schema=_OPTIONS_SCHEMA, kind="processing",
                          capabilities=frozenset({Capability.ORDER_BY_PRODUCT}))
            if filter_text.lower() in f"{pid} {title} {desc}".lower():
                out.append(wf)
        return out

    # ------------------------------------------------------------------------------------------- search

    def search_inputs(self, query: InputQuery) -> Page[InputProduct]:
        """Sentinel-2 L1C over the AOI in the OData catalogue, ``$orderby`` set, ``@odata.nextLink`` followed."""
        clauses = [f"Collection/Name eq {odata_string(query.collection or 'SENTINEL-2')}",
                   "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and "
                   f"att/OData.CSC.StringAttribute/Value eq {odata_string(query.product_type or 'S2MSI1C')})",
                   f"ContentDate/Start ge {utc_millis(query.start)}",
                   f"ContentDate/Start lt {utc_millis(query.end)}",
                   intersects_clause(query.aoi)]
        if query.max_cloud_cover is not None:
            clauses.append("Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and "
                           f"att/OData.CSC.DoubleAttribute/Value le {float(query.max_cloud_cover):.2f})")
        limit = max(1, int(query.limit))
        params: dict[str, Any] | None = {
            "$filter": " and ".join(clauses), "$orderby": "ContentDate/Start asc",
            "$top": min(limit, 1000), "$expand": ["Attributes", "Assets"], "$count": "true"}
        catalogue = Api(self.transport, self.url("catalogue"))

        def fetch(url: str) -> Sheet:
            body = catalogue.get(url, params if "://" not in url else None)  # nextLink carries the whole query
            if not isinstance(body, dict):
                raise ProviderError(tr("The catalogue sent a reply in an unknown shape."))
            count = body.get("@odata.count")
            return Sheet([parse_product(p) for p in as_list(body.get("value")) if isinstance(p, dict)],
                         total=count if isinstance(count, int) else None, next=body.get("@odata.nextLink"))

        paged = next_links(fetch, "/Products", limit=limit)
        return Page(items=paged.items[:limit], total=paged.total, next_token=paged.next)

    # ------------------------------------------------------------------------------------------- orders

    def submit(self, request: OrderRequest) -> Order:
        self.validate(request)
        titles = [strip_title(n) for n in request.inputs if n and n.strip()]
        if not titles:
            raise ValidationError(tr("Choose at least one product to order."), field_errors={"": [tr("No products.")]})
        priority = request.priority if request.priority is not None else request.options.get("priority", 1)
        body: dict[str, Any] = {"processor": request.workflow.id or "sen2cor", "priority": int(priority),
                                "identifier_list": titles}
        if request.name:
            body["order_name"] = request.name
        if request.options.get("callback"):
            body["callback"] = request.options["callback"]
        raw = self.api.json("POST", "/", json=body, idempotent=False)
        if not isinstance(raw, dict) or "id" not in raw:
            raise ProviderError(tr("CREODIAS Finder accepted the order but sent no order id."))
        raw.setdefault("order_name", request.name)
        raw.setdefault("processor", body["processor"])
        return parse_order(raw)

    def all_orders(self) -> list[Order]:
        return [parse_order(r) for r in self.fetch_paged("/") if isinstance(r, dict)]

    def orders(self, query: OrderQuery | None = None) -> Page[Order]:
        """The user's orders; Finder filters nothing server-side, so status/name filters apply here."""
        query = query or OrderQuery()
        found = [o for o in self.all_orders()
                 if (query.status is None or o.status == query.status)
                 and (not query.name or o.name == query.name)
                 and (not query.workflow_name or o.workflow_name == query.workflow_name)]
        return Page(items=found[query.skip: query.skip + query.top], total=len(found))

    def find_orders_by_name(self, name: str) -> list[Order]:
        return [o for o in self.all_orders() if o.name == name]

    def order_items(self, order_id: str) -> list[OrderItem]:
        return [parse_item(r) for r in self.fetch_paged(f"/{order_id}/order_items/") if isinstance(r, dict)]

    def order(self, order_id: str, with_items: bool = True) -> Order:
        raw = self.api.json("GET", f"/{order_id}/")
        if not isinstance(raw, dict):
            raise ProviderError(tr("CREODIAS Finder sent an order in an unknown shape."))
        return parse_order(raw, self.order_items(order_id) if with_items else None)

    def order_summary(self, order_id: str) -> dict[str, Any]:
        """Item counts per state (``done_order_items_count``...) without paging through the items."""
        body = self.api.json("GET", f"/{order_id}/summary")
        return body if isinstance(body, dict) else {}

    def refresh_orders(self, orders: Any) -> list[Order]:
        wanted = [o.id for o in orders]
        by_id = {o.id: o for o in self.all_orders()}
        return [by_id[i] if i in by_id else self.order(i, with_items=False) for i in wanted]

    def cancel(self, order_id: str) -> Order | None:
        resp = self.api.call("DELETE", f"/{order_id}/")
        try:
            body = resp.json()
        except ValueError:
            body = None
        if isinstance(body, dict) and "status" in body and "id" in body:
            return parse_order(body)
        return self.order(order_id, with_items=False)

    # ------------------------------------------------------------------------------------------ results

    def results(self, order: Order) -> list[ResultAsset]:
        """One zip per done item: its processed product, found by name in the catalogue."""
        items = order.items or self.order_items(order.id)
        names = [i.result_name for i in items if i.status == OrderStatus.COMPLETED and i.result_name]
        found: dict[str, dict[str, Any]] = {}
        for start in range(0, len(names), self.name_batch):
            batch = names[start: start + self.name_batch]
            flt = " or ".join(f"Name eq {odata_string(n)}" for n in batch)
            body = Api(self.transport, self.url("catalogue")).get("/Products", {"$filter": flt, "$top": len(batch)})
            for p in as_list(body.get("value") if isinstance(body, dict) else None):
                if isinstance(p, dict) and p.get("Name"):
                    found[str(p["Name"])] = p
        assets = []
        for name in names:
            p = found.get(name)
            if p is None:
                log.warning("processed product %s is not in the catalogue yet", name)
                continue
            stem = name[:-5] if name.endswith(".SAFE") else name
            size = p.get("ContentLength")
            assets.append(ResultAsset(
                href=f"{self.url('download')}/Products({p['Id']})/$value", file_name=f"{stem}.zip",
                size=size if isinstance(size, int) and size > 0 else None, media_type="application/zip",
                checksum=_md5(p), checksum_algorithm="MD5" if _md5(p) else "", role="zip", order_id=order.id))
        return assets

    def open_asset(self, asset: ResultAsset, offset: int = 0) -> requests.Response:
        """Stream the zip from ``offset``; redirects followed by hand, the token kept to the download host."""
        headers = range_headers(offset)
        url = asset.href
        home = urlsplit(url).netloc
        auth: Auth | None = _BearerFrom(self.auth)
        for _ in range(6):
            resp = self.transport.request("GET", url, auth=auth, headers=dict(headers), stream=True,
                                          allow_redirects=False, error_parser=finder_error)
            if resp.status_code not in (301, 302, 303, 307, 308) or "Location" not in resp.headers:
                return resp
            url = urljoin(url, resp.headers["Location"])
            resp.close()
            if urlsplit(url).netloc != home:
                auth = None  # another host gets no token: it is a signed URL or it must ask again
        raise ProviderError(tr("The download was redirected too many times."))


#: the old name, still used above and by the parser fuzz tests
_md5 = md5_checksum


def _dedupe(entries: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Drop repeats by ``id`` (a listing that shifts while pages are fetched can repeat an entry)."""
    seen: set[Any] = set()
    out = []
    for e in entries:
        key = e.get("id") if isinstance(e, dict) else None
        if isinstance(key, (list, dict)):  # an id of the wrong type must not make the listing crash
            key = repr(key)
        if key is not None and key in seen:
            continue
        seen.add(key)
        out.append(e)
    return out


