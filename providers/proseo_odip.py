# SPDX-License-Identifier: GPL-2.0-or-later
"""prosEO ODIP: ESA's On-Demand Production Interface Delivery Point as served by a self-hosted prosEO.

Why this module looks the way it does:

- Every installation has its own base URL, so nothing here assumes a host; the mission (``S5P``, ``S1A``
  ...) comes from the connection and prefixes the user name (``S5P\\user``) as the server requires.
- Two auth modes: HTTP Basic on every request (default) or a bearer token from ``/odip/v1/token``. The
  token endpoint wants the Basic header too and gives no refresh token, so renewing means logging in again;
  ``TokenAuth`` does exactly that when the token runs out or a 401 arrives.
- The result download answers 307 to the mission's PRIP. ``requests`` drops ``Authorization`` on a
  cross-host redirect, so the redirect is followed here, by hand, sending the Basic credentials only to the
  API's own host or the configured PRIP URL (never to an arbitrary host named by a ``Location`` header).
- Errors come as a ``Warning`` header (``199 proseo-api-odip (E7238) msg`` per the RAML, ``(E7238) msg``
  from the running server) and/or an OData body ``{"error": {"code", "message"}}``: both are read.
- The API has no client-side order name. To reconcile after an ambiguous submit, the provider remembers
  what it sent under the request's name and looks for a matching order submitted since then.
"""

from __future__ import annotations

import base64
import re
import threading
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any
from urllib.parse import quote, quote_plus, urljoin, urlsplit

import requests

from .base import (
    AuthError,
    Capability,
    ConnectionConfig,
    NotFoundError,
    NotSupportedError,
    Order,
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
from .common import as_int, odata_string, parse_iso_datetime, range_headers, utc_millis
from .http import HeaderAuth, TokenAuth, Transport, json_body, oauth_error
from .i18n import QT_TR_NOOP, tr
from .schema import option_strings, schema_from_option_list
from .toolkit import BASE_LADDER, Api, ErrorLadder, Rung, Sheet, StatusMap, skip_top

_GUID = re.compile(r"^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$")
#: ``[199 <agent> ](E7238) message`` — the agent part is optional and varies between prosEO services.
_WARNING = re.compile(r"^\s*(?:(?P<status>\d{3})\s+(?P<agent>\S+)\s+)?\((?P<code>[EWI]\d{3,5})\)\s*(?P<msg>.*?)\s*$",
                      re.S)
_DATE = re.compile(r"^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d))?(?:[.:](\d{1,9}))?\s*(Z|[+-]\d\d:?\d\d)?$")
_OPTION_NAME = re.compile(r"Workflow option\s+(?P<name>[^\s:]+)")

STATUS_MAP = StatusMap({
    "queued": OrderStatus.QUEUED,
    "in_progress": OrderStatus.IN_PROGRESS,
    "completed": OrderStatus.COMPLETED,
    "failed": OrderStatus.FAILED,
    "cancelled": OrderStatus.CANCELLED,
}, unknown=OrderStatus.QUEUED)
#: The error ladder as data: prosEO message code -> (error kind, form field it belongs to).
#: Read from prosEO's server (dlr-eoc/prosEO ``OdipUtilBase.toModelOrder`` and ``OdipEntityProcessor``, HEAD
#: a6376d0): a refused order is answered with a status (``OdipException`` without a status defaults to **404**),
#: a ``Warning`` header and **no body**. So the code, not the status, says what went wrong: E7239-E7242 come
#: with 404 but are refusals of the form, not a missing resource. Field keys: an option's name ("{option}"),
#: "workflow", "inputs", "priority" or "" (the whole request).
ERROR_CODES: dict[str, tuple[str, str]] = {
    # order refusals (toModelOrder / createOrder)
    "E7238": ("invalid", "workflow"),   # Workflow UUID missing (400)
    "E7239": ("invalid", "workflow"),   # Workflow referenced by UUID not found (404)
    "E7269": ("invalid", "workflow"),   # workflow disabled (404)
    "E7267": ("invalid", "workflow"),   # cross mission access user <-> workflow (400)
    "E7260": ("invalid", "workflow"),   # no enabled workflow with UUID
    "E7240": ("invalid", "{option}"),   # option not defined in workflow (404)
    "E7241": ("invalid", "{option}"),   # option value does not match its type (404)
    "E7242": ("invalid", "{option}"),   # option value not in its value range (404)
    "E7258": ("invalid", "inputs"),     # no product file named X on any archive (404, wrapped in E7208)
    "E7268": ("invalid", "inputs"),     # cross mission access workflow <-> product (400)
    "E7255": ("invalid", "inputs"),     # invalid input reference
    "E7259": ("invalid", "inputs"),     # no product of the input type found
    "E7254": ("invalid", ""),           # sensing start/stop missing
    "E7256": ("invalid", ""),           # product class not defined for mission
    "E7251": ("invalid", ""),           # order data invalid (order manager refused it, 400)
    "E7262": ("invalid", ""),           # JSON parse error (406)
    "E7221": ("invalid", ""),           # invalid query condition ($filter)
    # real absences
    "E7206": ("not_found", ""),         # no production order with UUID
    "E7263": ("not_found", ""),         # no product for the production order (yet)
    "E7264": ("not_found", ""),         # no workflow for the production order
    "E7265": ("not_found", ""),         # product of the order has no files
    "E7210": ("not_found", ""),         # product not available on any processing facility
    "E7201": ("not_found", ""),         # invalid entity type in the request
    # access
    "E7205": ("auth", ""), "E7207": ("auth", ""), "E7215": ("auth", ""), "E7216": ("auth", ""),
    "E7225": ("auth", ""), "E7226": ("auth", ""), "E7247": ("auth", ""), "E7248": ("auth", ""),
    "E7261": ("auth", ""),
    # the server failed (a wrapped exception: with 404 when it came from an OdipException without status)
    "E7203": ("failed", ""), "E7204": ("failed", ""), "E7208": ("failed", ""), "E7243": ("failed", ""),
    "E7245": ("failed", ""), "E7253": ("failed", ""),
    "E7209": ("not_supported", ""),     # creation/update/deletion not allowed (403)
    "E7223": ("quota", ""),             # result set exceeds the quota without $top (429)
}
#: what each kind of code becomes (the ladder's rungs for prosEO's own codes); ``{msg}`` is prosEO's text
KIND_RUNGS: dict[str, Rung] = {
    "invalid": Rung(ValidationError, "The prosEO service rejected the request: {msg}"),
    "not_supported": Rung(NotSupportedError, "The prosEO ODIP interface does not allow this: {msg}."),
    "auth": Rung(AuthError, "Access denied by the prosEO service: {msg}."),
    # E7223 is a refusal of the query itself: waiting and asking again gets the same answer
    "quota": Rung(ProviderError, "The prosEO service refused the query: {msg}. Narrow the filter or page it.",
                  retryable=False),
    "failed": Rung(ProviderError, "The prosEO service could not carry out the request (HTTP {status}): {msg}"),
    "not_found": Rung(NotFoundError, "Not found: {msg}."),
}
_REFUSED = Rung(ProviderError, "The prosEO service refused the request (HTTP {status}): {msg}")
#: the ladder: prosEO's code first (``ERROR_CODES`` kinds), the status only when there is no known code
ERROR_LADDER: ErrorLadder = BASE_LADDER.override({
    400: KIND_RUNGS["invalid"], 406: KIND_RUNGS["invalid"], 422: KIND_RUNGS["invalid"],
    401: Rung(AuthError, "The prosEO service refused the login: {msg}. Check the user name, password and mission "
                         "of the connection."),
    403: KIND_RUNGS["auth"],
    404: _REFUSED,  # a 404 with no code at all is a refusal; with a code it is "not found" (see odip_error)
    429: Rung(ProviderError, KIND_RUNGS["quota"].template),
    "4xx": _REFUSED,
    "5xx": Rung(ProviderError, "The prosEO service failed (HTTP {status}): {msg}. Try again later."),
}, by_code={code: KIND_RUNGS[kind] for code, (kind, _) in ERROR_CODES.items()}, fallback=_REFUSED)
#: codes that mean "the request is wrong", shown next to the form rather than as a service failure
VALIDATION_CODES = frozenset(code for code, (kind, _) in ERROR_CODES.items() if kind == "invalid")
_CODE_IN_TEXT = re.compile(r"\((?P<code>[EWI]\d{4,5})\)\s*")
#: Priority as the RAML documents it (1-100, default 50). The server checks only that it is an integer
#: (Edm.Int64), so the client does not refuse other values either; the range only bounds the spin box.
PRIORITY_MIN, PRIORITY_MAX, PRIORITY_DEFAULT = 1, 100, 50
#: prosEO writes the string "null" as the Reference of a time-range order (OdipUtilBase.toOdipProductionOrder)
NO_REFERENCE = "null"
#: ODIP answers 429 (E7223) above 5000 results when no $top is given: every listing sends $top
PAGE_SIZE = 100
MAX_PAGE_SIZE = 1000
REFRESH_BATCH = 20
#: how far back to look for an order after an ambiguous submit (clock skew between client and server)
RECONCILE_MARGIN = timedelta(minutes=10)


# --------------------------------------------------------------------------------------------- errors
def parse_warning(value: str | None) -> tuple[str, str] | None:
    """``(code, message)`` from a prosEO ``Warning`` header, with or without the ``199 <agent>`` prefix."""
    if not value:
        return None
    m = _WARNING.match(value)
    if not m:
        return None
    msg = m.group("msg")
    if len(msg) >= 2 and msg[0] == msg[-1] == '"':  # RFC 7234 quotes the text; prosEO does not
        msg = msg[1:-1]
    return m.group("code"), msg


def _odata_error_body(resp: requests.Response) -> tuple[str | None, str]:
    try:
        body = resp.json()
    except ValueError:
        return None, ""
    if isinstance(body, dict) and isinstance(body.get("error"), dict):
        err = body["error"]
        code = str(err.get("code") or "") or None
        return code, str(err.get("message") or "")
    return None, ""


def _innermost(code: str | None, message: str) -> tuple[str | None, str]:
    """The most specific known code in a message: prosEO wraps some refusals in E7208 ("Request failed
    (cause ...OdipException: (E7258) No product file named X ...)"), so the inner code says what happened."""
    for m in _CODE_IN_TEXT.finditer(message):
        inner = m.group("code")
        if inner != code and inner in ERROR_CODES:
            return inner, message[m.end():].strip().removesuffix(")").strip()
    return code, message


def _field_for(code: str | None, message: str) -> str | None:
    """The form field an error code belongs to, or None when the code is not a refusal of the request."""
    kind, fld = ERROR_CODES.get(code or "", ("", ""))
    if kind != "invalid":
        return None
    if fld == "{option}":
        m = _OPTION_NAME.search(message)
        return m.group("name").rstrip(":") if m else ""
    return fld


def odip_error(resp: requests.Response) -> ProviderError | None:
    """One ``ProviderError`` from the ``Warning`` header and/or the OData error body; ``None`` when neither.

    The ladder goes by prosEO's code first (``ERROR_CODES``) and by the HTTP status only when there is no
    known code: the server answers option and workflow refusals with 404 and no body, which a status-first
    ladder would show as "Not found" with no field marked.
    """
    code, message = _odata_error_body(resp)
    header = resp.headers.get("Warning")
    warning = parse_warning(header)
    if warning:
        w_code, w_msg = warning
        code = code or w_code
        message = message or w_msg
    elif header and not message:  # e.g. "Order not created": a Warning without a code
        message = re.sub(r"^\s*\d{3}\s+\S+\s+", "", header).strip().strip('"')
    if message:
        prefixed = parse_warning(message)  # some servers repeat "(E7206) ..." inside the body message
        if prefixed:
            code = code or prefixed[0]
            message = prefixed[1]
    if not code and not message:
        return None
    code, message = _innermost(code, message)
    status = resp.status_code
    message = message or resp.reason or "request refused"
    kind = ERROR_CODES.get(code or "", ("", ""))[0]
    if (status == 401 and kind in ("", "auth")) or (kind == "failed" and status >= 500):
        rung = ERROR_LADDER.rung(status)  # here the status says more than the code
    elif not kind and code and status == 404:
        rung = KIND_RUNGS["not_found"]  # an unknown code on a 404: something is missing
    else:
        rung = ERROR_LADDER.rung(status, code)
    return rung.make(status, message, code, {_field_for(code, message) or "": [message]})


def token_error(resp: requests.Response) -> ProviderError | None:
    """Token endpoint errors: OAuth2 ``{"error", "error_description"}`` or the ODIP shapes."""
    return oauth_error(resp) or odip_error(resp)


# ---------------------------------------------------------------------------------------- conversion
def parse_date(value: Any) -> datetime | None:
    """ODIP timestamps (``...T10:35:18.872Z``), tolerant of the ``18:872Z`` typo in the vendor's examples
    (``_DATE`` accepts ``:`` before the fraction; it also insists on a time, unlike the generic pattern)."""
    return parse_iso_datetime(value, pattern=_DATE)


#: ``YYYY-MM-DDTHH:MM:SS.sssZ`` in UTC, the only form the RAML pattern allows (naive means UTC)
format_date = utc_millis


def list_items(body: Any) -> tuple[list[dict[str, Any]], int | None]:
    """Entities and ``@odata.count`` from a bare JSON array (RAML examples) or ``{"value": [...]}`` (Olingo)."""
    if isinstance(body, list):
        return [e for e in body if isinstance(e, dict)], None
    if isinstance(body, dict):
        items = body.get("value")
        if isinstance(items, list):
            return [e for e in items if isinstance(e, dict)], as_int(body.get("@odata.count"))
        if "Id" in body:  # a single entity where a list was expected
            return [body], None
    raise ProviderError(tr("The prosEO service sent a list reply in an unknown shape."))


def option_values(options: Any) -> dict[str, str]:
    """``WorkflowOptions`` of an order as ``{name: value}``; ``Value`` may be a string or a one-item list."""
    out: dict[str, str] = {}
    for opt in options if isinstance(options, list) else []:
        if not isinstance(opt, dict) or not opt.get("Name"):
            continue
        value = opt.get("Value")
        if isinstance(value, list):
            value = ", ".join(str(v) for v in value)
        out[str(opt["Name"])] = "" if value is None else str(value)
    return out


def workflow_from_entity(entity: dict[str, Any], capabilities: frozenset[Capability] = frozenset()) -> Workflow:
    """A ``Workflow``; its ``WorkflowOptions`` list becomes the JSON Schema the options form renders."""
    options = entity.get("WorkflowOptions") if isinstance(entity.get("WorkflowOptions"), list) else []
    in_type = entity.get("InputProductType")
    return Workflow(
        id=str(entity.get("Id") or ""),
        name=str(entity.get("Name") or ""),
        title=str(entity.get("Name") or ""),
        description=str(entity.get("Description") or ""),
        input_product_types=[str(in_type)] if in_type else [],
        output_product_type=str(entity.get("OutputProductType") or ""),
        version=str(entity.get("WorkflowVersion") or ""),
        options_schema=schema_from_option_list(options),
        kind="processing",
        capabilities=capabilities,
        raw=entity,
    )


def order_label(entity: dict[str, Any]) -> str:
    """A readable name for an order, since ODIP orders carry none: the input reference or the time range."""
    ref = entity.get("InputProductReference") if isinstance(entity.get("InputProductReference"), dict) else {}
    wf = str(entity.get("WorkflowName") or "")
    if ref.get("Reference") and ref["Reference"] != NO_REFERENCE:
        return f"{wf}: {ref['Reference']}" if wf else str(ref["Reference"])
    cd = ref.get("ContentDate") if isinstance(ref.get("ContentDate"), dict) else {}
    if cd:
        return f"{wf}: {cd.get('Start', '?')} – {cd.get('End', '?')}".strip(": ")
    return wf or str(entity.get("Id") or "")


def order_from_entity(entity: dict[str, Any], name: str = "") -> Order:
    raw_status = str(entity.get("Status") or "")
    status = STATUS_MAP(raw_status)
    size = as_int(entity.get("OrderOutputSize"))
    completed = parse_date(entity.get("CompletedDate"))
    return Order(
        id=str(entity.get("Id") or ""),
        name=name or order_label(entity),
        status=status,
        raw_status=raw_status,
        message=str(entity.get("StatusMessage") or ""),
        workflow_name=str(entity.get("WorkflowName") or ""),
        kind="production",
        submitted_at=parse_date(entity.get("SubmissionDate")),
        estimated_at=parse_date(entity.get("EstimatedDate")),
        completed_at=completed,
        progress=1.0 if status == OrderStatus.COMPLETED else None,
        size=size,
        expires_at=parse_date(entity.get("EvictionDate")),
        raw=entity,
    )


# ------------------------------------------------------------------------------------------ provider
class ProseoOdipProvider(Provider):
    """prosEO ODIP client. ``connection.options``: ``mission`` (e.g. ``S5P``), ``auth_mode`` ``basic``|``token``."""
    costs = QT_TR_NOOP("Self-hosted: costs and quotas are set by your prosEO operator.")
    charges = False

    kind = "proseo_odip"
    title = "prosEO ODIP"
    capabilities = frozenset({Capability.WORKFLOWS, Capability.ORDER_BY_PRODUCT, Capability.ORDER_BY_TIME_RANGE,
                              Capability.PRIORITY, Capability.NOTIFICATION})
    priority_range = (PRIORITY_MIN, PRIORITY_MAX, PRIORITY_DEFAULT)
    connection_options_schema = {"type": "object", "required": ["mission"], "properties": {
        "mission": {"type": "string", "title": QT_TR_NOOP("Mission"), "minLength": 1, "default": "S5P",
                    "description": QT_TR_NOOP("Mission code of the prosEO instance; the user logs in as "
                                              "MISSION\\user.")},
        "auth_mode": {"type": "string", "title": QT_TR_NOOP("Authentication"), "enum": ["basic", "token"],
                      "default": "basic",
                      "description": QT_TR_NOOP("basic: HTTP Basic on every call; token: a bearer token from the "
                                     "token endpoint.")}}}
    default_urls = {
        "api": "https://proseo.example.org/proseo/odip/odata/v1",
        "token": "https://proseo.example.org/proseo/odip/v1/token",
        "prip": "",
    }

    def __init__(self, connection: ConnectionConfig, transport: Transport | None = None) -> None:
        super().__init__(connection, transport)
        self.mission = str(connection.options.get("mission") or "").strip()
        self.auth_mode = str(connection.options.get("auth_mode") or "basic").strip().lower()
        if self.auth_mode not in ("basic", "token"):
            raise ValidationError(tr("Unknown auth mode {auth_mode}: use 'basic' or 'token'.").format(
                                      auth_mode=f"{self.auth_mode!r}"))
        self.basic = HeaderAuth("Authorization", "Basic " + self._basic_value(), secret=connection.secret)
        self.auth = TokenAuth(self._fetch_token) if self.auth_mode == "token" else self.basic
        self._lock = threading.Lock()
        #: client name -> (body sent, time sent) and order id -> client name, for reconciliation
        self._sent: dict[str, tuple[dict[str, Any], datetime]] = {}
        self._names: dict[str, str] = {}

    # -- auth
    @property
    def login_user(self) -> str:
        """``MISSION\\user`` unless the user name already carries a mission prefix."""
        user = self.connection.username
        if not self.mission or "\\" in user:
            return user
        return f"{self.mission}\\{user}"

    def _basic_value(self) -> str:
        raw = f"{self.login_user}:{self.connection.secret}".encode()
        return base64.b64encode(raw).decode("ascii")

    def _password_secrets(self) -> tuple[str, ...]:
        pw = self.connection.secret
        return tuple(s for s in (pw, quote_plus(pw), quote(pw, safe="")) if s)

    def _fetch_token(self, transport: Transport, _refresh: str | None) -> tuple[str, float, str | None]:
        """Password grant: query parameters *and* the Basic header; no refresh token, so always a fresh login."""
        params = {"grant_type": "password", "username": self.login_user, "password": self.connection.secret}
        resp = transport.request("POST", self.url("token"), params=params, auth=self.basic, retry_auth=False,
                                 error_parser=token_error, idempotent=True, secrets=self._password_secrets())
        body = json_body(resp)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthError(tr("The prosEO token endpoint answered without an access token."), status=resp.status_code)
        try:
            lifetime = float(body.get("expires_in") or 3600)
        except (TypeError, ValueError):
            lifetime = 3600.0
        return str(token), lifetime, None

    @property
    def api(self) -> Api:
        """The ODIP API with the connection's credentials; the password (in every encoding) is redacted."""
        return Api(self.transport, self.url("api"), self.auth, odip_error, secrets=self._password_secrets)

    def _request(self, method: str, path_or_url: str, **kwargs: Any) -> requests.Response:
        return self.api.call(method, path_or_url, **kwargs)

    def _get_json(self, path: str, params: dict[str, str] | None = None) -> Any:
        return self.api.get(path, params)

    # -- workflows
    def workflows(self, filter_text: str = "") -> list[Workflow]:
        """All workflows of the mission, sorted by name; ``filter_text`` matches part of the name."""
        base: dict[str, str] = {"$orderby": "Name asc", "$count": "true"}
        if filter_text.strip():
            base["$filter"] = f"contains(Name,{odata_string(filter_text.strip())})"
        out: list[Workflow] = []
        for entity in self._pages("Workflows", base, PAGE_SIZE):
            out.append(workflow_from_entity(entity, self.capabilities))
        return out

    def workflow(self, workflow_id: str) -> Workflow:
        literal = workflow_id if _GUID.match(workflow_id) else odata_string(workflow_id)  # Edm.Guid: unquoted
        items = list(self._pages("Workflows", {"$filter": f"Id eq {literal}"}, 2))
        if not items:
            raise NotFoundError(tr("The workflow {workflow} does not exist (any more) for mission {mission}.").format(
                workflow=workflow_id, mission=self.mission))
        return workflow_from_entity(items[0], self.capabilities)

    def _pages(self, path: str, params: dict[str, str], page_size: int, limit: int | None = None):
        """Entities over ``$skip`` pages (ODIP has no nextLink); stops on a short page or at ``@odata.count``."""
        def fetch(skip: int, top: int) -> Sheet:
            items, count = list_items(self._get_json(path, {**params, "$top": str(top), "$skip": str(skip)}))
            return Sheet(items, total=count)

        return skip_top(fetch, page_size, limit=limit)

    # -- orders
    def validate(self, request: OrderRequest) -> None:
        """Everything the server would refuse and the client can tell: options, priority, input reference."""
        errors: dict[str, list[str]] = {}
        try:
            super().validate(request)
        except ValidationError as exc:
            errors.update(exc.field_errors)
        prio = request.priority
        # Only the type is checked: the server takes any Edm.Int64 (no range check in OdipUtilBase); the
        # RAML's "1-100" is documentation, not a refusal.
        if prio is not None and (isinstance(prio, bool) or not isinstance(prio, int)):
            errors.setdefault("priority", []).append("The priority must be a whole number.")
        if not request.workflow.id:
            errors.setdefault("workflow", []).append("The workflow has no id; reload the workflow list.")
        if len(request.inputs) > 1:
            errors.setdefault("inputs", []).append("prosEO ODIP takes one input product per order.")
        if not request.inputs:
            if request.start is None or request.end is None:
                errors.setdefault("", []).append("Give an input product or a sensing time range.")
            elif request.end <= request.start:
                errors.setdefault("", []).append("The end of the time range must be after its start.")
        if request.notification is not None and not request.notification.endpoint.strip():
            errors.setdefault("notification", []).append("The notification endpoint is empty.")
        if errors:
            summary = "; ".join(f"{k or 'request'}: {v[0]}" for k, v in errors.items())
            raise ValidationError(tr("The order is not valid — {summary}").format(summary=summary), field_errors=errors)

    def order_body(self, request: OrderRequest) -> dict[str, Any]:
        """The ``ProductionOrder`` entity to POST (public so the dock can show what will be sent)."""
        if request.inputs:
            ref: dict[str, Any] = {"Reference": request.inputs[0]}
        elif request.start is not None and request.end is not None:
            ref = {"ContentDate": {"Start": format_date(request.start), "End": format_date(request.end)}}
        else:
            raise ValidationError(tr("Give an input product or a sensing time range."))
        body: dict[str, Any] = {
            "Priority": PRIORITY_DEFAULT if request.priority is None else int(request.priority),
            "InputProductReference": ref,
            "WorkflowId": request.workflow.id,
            "WorkflowName": request.workflow.name,
            "WorkflowOptions": option_strings(request.options),
        }
        if request.notification is not None:
            body["NotificationEndpoint"] = request.notification.endpoint
            if request.notification.username:
                body["NotificationEpUsername"] = request.notification.username
            if request.notification.password:
                body["NotificationEpPassword"] = request.notification.password
        return body

    def submit(self, request: OrderRequest) -> Order:
        """POST the order once (never repeated blindly): an ambiguous failure is reconciled by name."""
        self.validate(request)
        body = self.order_body(request)
        secrets = (request.notification.password,) if request.notification and request.notification.password else ()
        with self._lock:
            self._sent[request.name] = (body, datetime.now(timezone.utc))
        resp = self._request("POST", "ProductionOrder", json=body, idempotent=False, secrets=secrets,
                             headers={"Content-Type": "application/json", "Accept": "application/json"})
        entity = json_body(resp)
        if not isinstance(entity, dict) or not entity.get("Id"):
            raise ProviderError(tr("The prosEO service accepted the order but sent no order id; look for it in the "
                                   "order list before submitting again."), status=resp.status_code)
        with self._lock:
            self._names[str(entity["Id"])] = request.name
        return order_from_entity(entity, request.name)

    def _order(self, entity: dict[str, Any]) -> Order:
        return order_from_entity(entity, self._names.get(str(entity.get("Id") or ""), ""))

    def orders(self, query: OrderQuery | None = None) -> Page[Order]:
        """One page, newest first; ``next_token`` is the next ``$skip`` (there is no nextLink)."""
        query = query or OrderQuery()
        top = max(1, min(int(query.top or PAGE_SIZE), MAX_PAGE_SIZE))
        params = {"$top": str(top), "$skip": str(max(0, int(query.skip))), "$count": "true",
                  "$orderby": "SubmissionDate desc,Id asc"}
        flt = self.order_filter(query)
        if flt:
            params["$filter"] = flt
        items, count = list_items(self._get_json("ProductionOrders", params))
        orders = [self._order(e) for e in items]
        end = query.skip + len(items)
        more = (end < count) if count is not None else len(items) >= top
        return Page(orders, total=count, next_token=end if more and items else None)

    @staticmethod
    def order_filter(query: OrderQuery) -> str:
        parts = []
        if query.status is not None:
            parts.append(f"Status eq OData.CSC.JobStatus'{query.status.value}'")
        if query.workflow_name:
            parts.append(f"WorkflowName eq {odata_string(query.workflow_name)}")
        return " and ".join(parts)

    def all_orders(self, query: OrderQuery | None = None, page_size: int = PAGE_SIZE) -> list[Order]:
        """Every order matching ``query``, fetched page by page with ``$skip``."""
        query = query or OrderQuery()

        def fetch(skip: int, top: int) -> Sheet:
            page = self.orders(OrderQuery(status=query.status, workflow_name=query.workflow_name, top=top, skip=skip))
            return Sheet(page.items, total=page.total, last=page.next_token is None)

        return list(skip_top(fetch, page_size, skip=query.skip))

    def order(self, order_id: str) -> Order:
        entity = self._get_json(f"ProductionOrders({self._key(order_id)})")
        if not isinstance(entity, dict):
            raise ProviderError(tr("The prosEO service sent an order in an unknown shape."))
        return self._order(entity)

    def refresh_orders(self, orders: Iterable[Order]) -> list[Order]:
        """Fresh state of several orders in one request per 20 (``Id eq a or Id eq b ...``), not one each."""
        wanted = [o.id for o in orders]
        found: dict[str, Order] = {}
        for i in range(0, len(wanted), REFRESH_BATCH):
            chunk = [self._key(oid) for oid in wanted[i:i + REFRESH_BATCH]]
            flt = " or ".join(f"Id eq {key}" for key in chunk)
            for entity in self._pages("ProductionOrders", {"$filter": flt, "$count": "true"}, REFRESH_BATCH):
                order = self._order(entity)
                found[order.id.lower()] = order
        missing = [oid for oid in wanted if oid.lower() not in found]
        if missing:
            raise NotFoundError(tr("{count} order(s) no longer exist on the prosEO service.").format(
                                    count=len(missing)))
        return [found[oid.lower()] for oid in wanted]

    @staticmethod
    def _key(order_id: str) -> str:
        """The GUID key, unquoted as the server's Edm.Guid key expects (the RAML's quotes are wrong)."""
        key = str(order_id).strip().strip("'")
        if not _GUID.match(key):
            raise NotFoundError(tr("{order_id} is not a prosEO production order id.").format(
                                    order_id=f"{order_id!r}"))
        return key

    def find_orders_by_name(self, name: str) -> list[Order]:
        """Orders matching what was sent under ``name``: same workflow, input and options, submitted since.

        ODIP orders carry no client name, so only submits made through this provider object can be found.
        """
        with self._lock:
            sent = self._sent.get(name)
        if sent is None:  # not submitted through this object: nothing identifies it on the server
            return []
        body, when = sent
        since = format_date(when - RECONCILE_MARGIN)
        flt = f"WorkflowName eq {odata_string(body['WorkflowName'])} and SubmissionDate ge {since}"
        params = {"$filter": flt, "$orderby": "SubmissionDate desc", "$count": "true"}
        found = []
        for entity in self._pages("ProductionOrders", params, PAGE_SIZE, limit=MAX_PAGE_SIZE):
            if self._matches(entity, body):
                with self._lock:
                    self._names.setdefault(str(entity.get("Id")), name)
                found.append(self._order(entity))
        return found

    @staticmethod
    def _matches(entity: dict[str, Any], body: dict[str, Any]) -> bool:
        if str(entity.get("WorkflowId") or "").lower() != str(body["WorkflowId"]).lower():
            return False
        got = entity.get("InputProductReference") if isinstance(entity.get("InputProductReference"), dict) else {}
        want = body["InputProductReference"]
        if "Reference" in want:
            if got.get("Reference") != want["Reference"]:
                return False
        else:
            gcd = got.get("ContentDate") if isinstance(got.get("ContentDate"), dict) else {}
            wcd = want["ContentDate"]
            if parse_date(gcd.get("Start")) != parse_date(wcd["Start"]) or \
                    parse_date(gcd.get("End")) != parse_date(wcd["End"]):
                return False
        got_opts = option_values(entity.get("WorkflowOptions"))
        return all(got_opts.get(o["Name"]) == o["Value"] for o in body["WorkflowOptions"])

    def cancel(self, order_id: str) -> Order | None:
        raise NotSupportedError(tr("prosEO ODIP does not allow cancelling production orders (the interface refuses "
                                   "every update and deletion)."), code="E7209")

    # -- results
    def _product_url(self, order_id: str, value: bool) -> str:
        return f"{self.url('api')}/ProductionOrders({self._key(order_id)})/Product" + ("/$value" if value else "")

    def _prip_allowed(self, url: str) -> bool:
        """Whether the Basic credentials may go to ``url``: the API's own origin or the configured PRIP."""
        target = urlsplit(url)
        api = urlsplit(self.url("api"))
        if (target.scheme, target.netloc) == (api.scheme, api.netloc):
            return True
        prip = self.connection.urls.get("prip") or self.default_urls.get("prip") or ""
        if prip:
            p = urlsplit(prip)
            return (target.scheme, target.netloc) == (p.scheme, p.netloc)
        return False

    def _follow(self, url: str, *, stream: bool = False, headers: dict[str, str] | None = None,
                max_hops: int = 5) -> requests.Response:
        """GET ``url`` following redirects by hand: the ODIP leg with the connection's auth, the PRIP leg with
        the Basic credentials (which ``requests`` would drop on a cross-host redirect)."""
        auth = self.auth
        for _ in range(max_hops):
            resp = self._request("GET", url, auth=auth, stream=stream, allow_redirects=False,
                                 headers=dict(headers or {}))
            if resp.status_code not in (301, 302, 303, 307, 308):
                return resp
            location = resp.headers.get("Location")
            resp.close()
            if not location:
                raise ProviderError(tr("The prosEO service redirected the download without a target."))
            url = urljoin(url, location)
            if not self._prip_allowed(url):
                raise ProviderError(tr("The download was redirected to {netloc}, which is not this connection's "
                                       "server: set the PRIP URL of the connection to trust it.").format(
                                        netloc=urlsplit(url).netloc))
            auth = self.basic
        raise ProviderError(tr("The prosEO download was redirected too many times."))

    def results(self, order: Order) -> list[ResultAsset]:
        """The order's one output product, described by the PRIP; nothing before the order is completed."""
        if order.status != OrderStatus.COMPLETED:
            return []
        resp = self._follow(self._product_url(order.id, value=False), headers={"Accept": "application/json"})
        product = json_body(resp)
        if not isinstance(product, dict):
            raise ProviderError(tr("The PRIP described the product in an unknown shape."))
        name = str(product.get("Name") or f"{order.id}.zip")
        checksum, algorithm = "", ""
        for c in product.get("Checksum") if isinstance(product.get("Checksum"), list) else []:
            if isinstance(c, dict) and c.get("Value"):
                checksum, algorithm = str(c["Value"]), str(c.get("Algorithm") or "")
                break
        ctype = str(product.get("ContentType") or "")
        lower = name.lower()
        role = "zip" if lower.endswith(".zip") else "raster" if lower.endswith((".tif", ".tiff")) else "other"
        size = product.get("ContentLength")
        return [ResultAsset(href=self._product_url(order.id, value=True), file_name=name,
                            size=int(size) if isinstance(size, (int, float)) else None, media_type=ctype,
                            checksum=checksum, checksum_algorithm=algorithm, role=role, order_id=order.id)]

    def open_asset(self, asset: ResultAsset, offset: int = 0) -> requests.Response:
        return self._follow(asset.href, stream=True, headers=range_headers(offset))
