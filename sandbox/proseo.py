# SPDX-License-Identifier: GPL-2.0-or-later
"""prosEO ODIP emulator (mission S5P) plus the mission's PRIP, mounted at ``/proseo``.

Strict where the contract is certain, and where prosEO's published server code (dlr-eoc/prosEO HEAD a6376d0,
``OdipEntityProcessor``/``OdipUtilBase``/``OdipEdmProvider``) says how the real server answers: HTTP Basic
with the mission-prefixed user (``S5P\\user`` or ``S5P-user``) or a bearer token from ``/odip/v1/token``
(asked for *with* the Basic header, no refresh token); 401 with an OData error body and a ``Warning``
header; refused orders answered with a status (404 unless the server names another), a ``Warning`` header
and **no body**; 403 E7209 for every PATCH/PUT/DELETE; 429 E7223 above 5000 results without ``$top``; the
product download as a 307 to the PRIP, which wants the same Basic credentials and serves a real GeoTIFF (a
single ``.tif`` COG per order, Range-capable). One form only where the server takes one: order keys
unquoted (``Edm.Guid``), order option values as strings (``OrderWorkflowOptions.Value`` is ``Edm.String``),
the ``Status`` filter as an enum literal (``OData.CSC.JobStatus'completed'``). The three create paths stay:
the server's entity sets answer all three.

The archive: a reference is "found" when it is a well-formed S5P file name
(``S5P_<class>_<type>_<start>_<stop>_<orbit>_<collection>_<version>_<production>.nc``) or carries the
sandbox's fail marker; any other reference of the mission is unknown (404, E7208 wrapping E7258).

Knobs (``state().config.extra``): ``proseo_warning_prefix`` (e.g. ``"199 proseo-api-odip"``; default none,
like the running server) and ``proseo_bare_arrays`` (answer lists as bare JSON arrays like the RAML).
"""

from __future__ import annotations

import base64
import binascii
import json
import os
import re
import threading
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, Response, jsonify, redirect, request

from .common import iso_millis, odata_collection, public
from .core import SandboxState, base_url, json_error, state

KIND = "proseo_odip"
MISSION = "S5P"
REALM = "proseo-odip"
#: documented token lifetime (``expires_in: 3600`` in the RAML example)
TOKEN_LIFETIME = 3600.0
#: results allowed without ``$top`` (E7223)
QUOTA = 5000
STORE = "proseo"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                             [12.35, 41.80]]]}
_GUID = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"
_KEY = re.compile(rf"^({_GUID})$")
#: file names the sandbox's archive "holds" (see the module docstring)
_ARCHIVE_NAME = re.compile(r"^S5P_(?:NRTI|OFFL|RPRO)_[A-Z0-9_]{10}_(\d{8}T\d{6})_(\d{8}T\d{6})_\d{5}_\d{2}_\d{6}_"
                           r"\d{8}T\d{6}\.nc$")
_DATE = re.compile(r"^\d\d\d\d-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")

blueprint = Blueprint("proseo", __name__)


def connection_urls(base: str) -> dict[str, str]:
    """Endpoint URLs of a plugin connection to this emulator (``base`` ends with ``/proseo``)."""
    return {"api": f"{base}/odip/odata/v1", "token": f"{base}/odip/v1/token", "prip": f"{base}/prip/odata/v1"}


# ------------------------------------------------------------------------------------------ workflows
def _opt(name: str, typ: str, default: str, values: list[str] | None = None, desc: str = "") -> dict[str, Any]:
    # Value is a collection in the EDM (CT_WORKFLOWOPTION): an option without a value range has [], not no key
    return {"Name": name, "Description": desc, "Type": typ, "Default": default, "Value": list(values or [])}


WORKFLOWS: list[dict[str, Any]] = [
    {
        "Id": "5e0d3c1a-6f0b-4c55-9a3e-1b2c3d4e5f60", "Name": "S5P-L2-NO2",
        "Description": "Sentinel-5P L1B radiances to L2 tropospheric NO2 column. Processor UPAS 2.4.0",
        "InputProductType": "L1B_RA_BD4", "OutputProductType": "L2__NO2___", "WorkflowVersion": "2.4.0",
        "WorkflowOptions": [
            _opt("ProcessingMode", "String", "OFFL", ["NRTI", "OFFL", "RPRO"], "Timeliness of the processing"),
            _opt("QaThreshold", "Integer", "50", None, "Minimum quality value (0..100) of pixels kept"),
            _opt("CloudCorrection", "Boolean", "true", None, "Apply the cloud radiance fraction correction"),
        ],
        "_bands": 1,
    },
    {
        "Id": "7a1f2e3d-4c5b-4a69-8877-665544332211", "Name": "S5P-L2-CO",
        "Description": "Sentinel-5P SWIR L1B to L2 carbon monoxide total column. Processor SICOR 1.5",
        "InputProductType": "L1B_RA_BD7", "OutputProductType": "L2__CO____", "WorkflowVersion": "1.5.0",
        "WorkflowOptions": [
            _opt("ProcessingMode", "String", "OFFL", ["NRTI", "OFFL"], "Timeliness of the processing"),
            _opt("GridResolution", "Number", "5.5", None, "Output grid spacing in km"),
        ],
        "_bands": 2,
    },
    {
        "Id": "9c8b7a69-5847-4362-a1b0-c9d8e7f6a5b4", "Name": "S5P-L2-AER-RGB",
        "Description": "Sentinel-5P L2 aerosol index as a three-band quicklook composite",
        "InputProductType": "L2__AER_AI", "OutputProductType": "L2__AER_RGB", "WorkflowVersion": "1.0.1",
        "WorkflowOptions": [
            _opt("ImageFormat", "String", "GEOTIFF", ["GEOTIFF"], "Image format of the output"),
        ],
        "_bands": 3,
    },
]
_WF_BY_ID = {w["Id"].lower(): w for w in WORKFLOWS}
WORKFLOW_FIELDS = ("Id", "Name", "WorkflowVersion", "Description", "InputProductType", "OutputProductType")
#: ``Status`` is the enum ``OData.CSC.JobStatus`` (OdipEdmProvider): only its enum literal filters it
ENUM_FIELDS = {"Status": ("OData.CSC.JobStatus", ("queued", "in_progress", "completed", "failed", "cancelled"))}
ORDER_FIELDS = ("Id", "Status", "StatusMessage", "OrderOutputSize", "SubmissionDate", "EstimatedDate",
                "CompletedDate", "EvictionDate", "Priority", "WorkflowId", "WorkflowName")




# ---------------------------------------------------------------------------------------------- state
@dataclass
class ProseoStore:
    """Orders and issued tokens of one test (cleared by the sandbox reset)."""

    orders: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: access token -> (user, wall-clock expiry)
    tokens: dict[str, tuple[str, float]] = field(default_factory=dict)
    logins: int = 0
    lock: threading.RLock = field(default_factory=threading.RLock)


def _store(st: SandboxState | None = None) -> ProseoStore:
    return (st or state()).store(STORE, ProseoStore)


iso = iso_millis


def _sensing(ref: dict[str, Any]) -> dict[str, str] | None:
    """The ``ContentDate`` the server reports: the one sent, or the referenced product's sensing times."""
    if isinstance(ref.get("ContentDate"), dict):
        return ref["ContentDate"]
    m = _ARCHIVE_NAME.match(str(ref.get("Reference") or ""))
    if not m:
        return None
    def iso_of(text: str) -> str:
        return f"{text[:4]}-{text[4:6]}-{text[6:8]}T{text[9:11]}:{text[11:13]}:{text[13:15]}.000Z"
    return {"Start": iso_of(m.group(1)), "End": iso_of(m.group(2))}


def _new_order(st: SandboxState, body: dict[str, Any], wf: dict[str, Any], options: list[dict[str, str]],
               t0: float) -> dict[str, Any]:
    ref = body["InputProductReference"]
    label = ref.get("Reference") or f"{ref['ContentDate']['Start']}_{ref['ContentDate']['End']}"
    # prosEO's toOdipProductionOrder: Reference is the string "null" for a time-range order, ContentDate is
    # the order's sensing period; the Notification* fields only when given, the password masked.
    reported: dict[str, Any] = {"Reference": ref.get("Reference") or "null"}
    sensing = _sensing(ref)
    if sensing:
        reported["ContentDate"] = sensing
    rec: dict[str, Any] = {
        "Id": str(uuid.uuid4()),
        "Priority": body.get("Priority", 50),
        "InputProductReference": reported,
        "WorkflowId": wf["Id"],
        "WorkflowName": wf["Name"],
        "WorkflowOptions": options,
        "_t0": t0,
        "_product_id": str(uuid.uuid4()),
        "_fail": st.config.fail_marker in str(label),
        "_bands": wf["_bands"],
        "_output_type": wf["OutputProductType"],
    }
    for key in ("NotificationEndpoint", "NotificationEpUsername"):
        if body.get(key):
            rec[key] = body[key]
    if body.get("NotificationEpPassword"):
        rec["NotificationEpPassword"] = "*****"
    return rec


def seed_orders(st: SandboxState, n: int, workflow_name: str = "S5P-L2-NO2", completed: bool = True) -> list[str]:
    """Add ``n`` orders at once (paging tests); completed ones were submitted long ago, one second apart."""
    wf = next(w for w in WORKFLOWS if w["Name"] == workflow_name)
    cfg = st.config
    now = st.clock.now()
    base = now - (cfg.queued_seconds + cfg.processing_seconds + 3600) if completed else now
    store = _store(st)
    ids = []
    with store.lock:
        for i in range(int(n)):
            hhmm = f"{i // 60 % 24:02d}{i % 60:02d}"
            ref = {"Reference": f"S5P_OFFL_L1B_RA_BD4_20240501T{hhmm}00_20240501T{hhmm}59_{i % 100000:05d}_03_020100_"
                                f"20240501T120000.nc"}
            rec = _new_order(st, {"InputProductReference": ref, "Priority": 50}, wf,
                             [{"Name": o["Name"], "Value": o["Default"]} for o in wf["WorkflowOptions"]],
                             base - (n - i))
            store.orders[rec["Id"]] = rec
            ids.append(rec["Id"])
    return ids


def expire_tokens(st: SandboxState) -> None:
    """Make every issued access token expired now (tests of the re-login path, without waiting)."""
    store = _store(st)
    with store.lock:
        store.tokens = {t: (u, 0.0) for t, (u, _) in store.tokens.items()}


_FILES: dict[tuple[str, int], dict[str, Any]] = {}
_FILES_LOCK = threading.Lock()


def _product_file(rec: dict[str, Any], st: SandboxState | None = None) -> dict[str, Any]:
    """The order's output GeoTIFF: one cached COG per band count (orders share the bytes, not the name).

    Remembered in memory per data dir, so listing thousands of completed orders does not touch the disk.
    """
    from .rasters import cached_cog, file_md5

    bands = int(rec["_bands"])
    key = ((st or state()).data_dir, bands)
    with _FILES_LOCK:
        info = _FILES.get(key)
        if info is None or not os.path.exists(info["path"]):
            info = dict(cached_cog(ROME, name=f"proseo-s5p-{bands}b.tif", bands=bands, size=256, dtype="Float32",
                                   seed=5))
            info["md5"] = file_md5(info["path"])
            _FILES[key] = info
        return info


def _product_name(rec: dict[str, Any]) -> str:
    start = datetime.fromtimestamp(rec["_t0"], tz=timezone.utc).strftime("%Y%m%dT%H%M%S")
    return f"S5P_OFFL_{rec['_output_type']}_{start}_{rec['Id'][:8]}.tif"


def render(st: SandboxState, rec: dict[str, Any]) -> dict[str, Any]:
    """The order entity as of the sandbox clock: queued → in_progress → completed (or failed)."""
    cfg = st.config
    now = st.clock.now()
    t0 = rec["_t0"]
    done_at = t0 + cfg.queued_seconds + cfg.processing_seconds
    out = public(rec)
    out["SubmissionDate"] = iso(t0)
    out["EstimatedDate"] = iso(done_at)
    if now < t0 + cfg.queued_seconds:
        out["Status"], out["StatusMessage"] = "queued", "Production order queued"
    elif now < done_at:
        out["Status"], out["StatusMessage"] = "in_progress", "Production order being processed"
    elif rec["_fail"]:
        out["Status"], out["StatusMessage"] = "failed", "Processing of the input product failed"
    else:
        out["Status"], out["StatusMessage"] = "completed", "Product available for download"
        out["CompletedDate"] = iso(done_at)
        out["EvictionDate"] = iso(done_at + 7 * 86400)
        out["OrderOutputSize"] = int(_product_file(rec, st)["size_bytes"])
    return out


# --------------------------------------------------------------------------------------------- errors
def odip_error(status: int, code: str, text: str, headers: dict[str, str] | None = None) -> Response:
    """The prosEO error: OData body ``{"error": {"code", "message"}}`` and a ``Warning`` header."""
    prefix = str(state().config.extra.get("proseo_warning_prefix") or "")
    warning = f"({code}) {text}"
    if prefix:
        warning = f"{prefix} {warning}"
    hdrs = {"Warning": warning.encode("latin-1", "replace").decode("latin-1")}
    hdrs.update(headers or {})
    return json_error(status, {"error": {"code": code, "message": text}}, hdrs)


def odip_refusal(status: int, code: str, text: str) -> Response:
    """A refused order as prosEO's ``createEntity`` sends it: the status, a ``Warning`` header, no body."""
    prefix = str(state().config.extra.get("proseo_warning_prefix") or "")
    warning = f"({code}) {text}"
    if prefix:
        warning = f"{prefix} {warning}"
    resp = Response(b"", status=status)
    resp.headers["Warning"] = warning.encode("latin-1", "replace").decode("latin-1")
    return resp


def olingo_error(status: int, text: str) -> Response:
    """An error from Apache Olingo itself (URI or $filter refused before prosEO's code runs): OData error
    body, no ``Warning`` header. The exact text is a guess; the shape is Olingo's."""
    return json_error(status, {"error": {"code": None, "message": text}})


def _unauthorised(code: str, text: str) -> Response:
    return odip_error(401, code, text, {"WWW-Authenticate": 'Basic realm="prosEO"'})


def _basic_user() -> tuple[str | None, Response | None]:
    """The user of a valid ``S5P\\user`` / ``S5P-user`` Basic header, or the 401 to send."""
    header = request.headers.get("Authorization", "")
    if not header.lower().startswith("basic "):
        return None, _unauthorised("E7225", "Basic authentication missing or invalid: no Basic Authorization "
                                            "header")
    try:
        raw = base64.b64decode(header[6:].strip(), validate=True)
    except (binascii.Error, ValueError):
        return None, _unauthorised("E7225", "Basic authentication missing or invalid: not Base64")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    login, sep, password = text.partition(":")
    if not sep:
        return None, _unauthorised("E7225", "Basic authentication missing or invalid: no password")
    for mark in ("\\", "-"):
        if login.startswith(MISSION + mark):
            user = login[len(MISSION) + 1:]
            break
    else:
        mission, _, user = login.partition("\\")
        if user:
            return None, _unauthorised("E7205", f"User {mission}\\{user} not authorized for requested service")
        return None, _unauthorised("E7225", f"Basic authentication missing or invalid: user {login} has no "
                                            f"mission prefix")
    if state().config.users.get(user) != password:
        return None, _unauthorised("E7225", f"Basic authentication missing or invalid: bad credentials for "
                                            f"{MISSION}\\{user}")
    return user, None


def _authenticate(allow_bearer: bool = True) -> tuple[str | None, Response | None]:
    header = request.headers.get("Authorization", "")
    if allow_bearer and header.lower().startswith("bearer "):
        value = header[7:].strip()
        store = _store()
        with store.lock:
            entry = store.tokens.get(value)
        if entry is None:
            return None, _unauthorised("E7215", "Authentication token invalid (cause: unknown token)")
        user, expires = entry
        if expires <= time.time():
            return None, _unauthorised("E7216", f"Authentication token expired at {iso(expires)}")
        return user, None
    return _basic_user()


# ---------------------------------------------------------------------------------------------- token
@blueprint.post("/odip/v1/token")
def token() -> Response:
    """``POST ?grant_type=password&username=&password=`` or ``client_credentials``, both with Basic."""
    def oauth(err: str, desc: str, status: int = 400) -> Response:
        return json_error(status, {"error": err, "error_description": desc})

    grant = request.args.get("grant_type", "")
    if grant not in ("password", "client_credentials"):
        return oauth("unsupported_grant_type", f"(E7217) Invalid grant type {grant or '(none)'}")
    user, failure = _basic_user()
    if failure is not None:
        return oauth("unauthorized_client", "(E7225) Basic authentication missing or invalid")
    if grant == "password":
        q_user, q_pw = request.args.get("username"), request.args.get("password")
        if not q_user or q_pw is None:
            return oauth("invalid_request", f"(E7218) Invalid username parameter {q_user or '(none)'}")
        bare = q_user
        for mark in ("\\", "-"):
            if q_user.startswith(MISSION + mark):
                bare = q_user[len(MISSION) + 1:]
        if bare != user or state().config.users.get(user) != q_pw:
            return oauth("invalid_request", "(E7219) Username and password do not match Authorization header")
    elif "username" in request.args or "password" in request.args:
        return oauth("invalid_request", "(E7220) Superfluous query parameter(s) found (no credentials allowed "
                                        "for 'client_credentials' flow)")
    cfg = state().config
    lifetime = float(cfg.token_lifetime if cfg.token_lifetime is not None else TOKEN_LIFETIME)
    tok = state().tokens.issue(str(user), REALM, lifetime)
    store = _store()
    with store.lock:
        store.tokens[tok.value] = (str(user), tok.expires_at)
        store.logins += 1
    return jsonify({"access_token": tok.value, "token_type": "bearer",
                    "expires_in": int(lifetime) if lifetime.is_integer() else lifetime})


# ---------------------------------------------------------------------------------------------- query
def _query(entities: list[dict[str, Any]], fields: tuple[str, ...], context: str) -> Response:
    """``$filter``/``$orderby``/``$top``/``$skip``/``$count`` over ``entities`` the ODIP way."""
    from .odata import ODataError, ODataTypeError, apply_query

    args = {k: v for k, v in request.args.items()}
    want_count = args.get("$count", "false").lower() == "true"
    has_top = "$top" in args
    args["$count"] = "true"
    try:
        page, count, _next = apply_query(entities, args, allowed_fields=list(fields), default_top=QUOTA + 1,
                                         max_top=QUOTA, max_skip=10 ** 9, enum_fields=ENUM_FIELDS)
    except ODataTypeError as exc:
        # Olingo's parser refuses a comparison of the JobStatus enum with a string before prosEO sees it
        return olingo_error(400, str(exc))
    except ODataError as exc:
        return odip_error(400, "E7221", f"Invalid query condition (cause: {exc})")
    if not has_top and (count or 0) > QUOTA:
        return odip_error(429, "E7223", f"Result set exceeds maximum quota of {QUOTA} products")
    if state().config.extra.get("proseo_bare_arrays"):
        return jsonify([{"@odata.context": f"$metadata#{context}/$entity", **e} for e in page])
    return jsonify(odata_collection(f"$metadata#{context}", page, count if want_count else None))


@blueprint.get("/odip/odata/v1/Workflows")
def workflows() -> Response:
    user, failure = _authenticate()
    if failure is not None:
        return failure
    return _query([public(w) for w in WORKFLOWS], WORKFLOW_FIELDS, "Workflows")


@blueprint.get("/odip/odata/v1/ProductionOrders")
def production_orders() -> Response:
    user, failure = _authenticate()
    if failure is not None:
        return failure
    st = state()
    store = _store(st)
    with store.lock:
        records = list(store.orders.values())
    return _query([render(st, r) for r in records], ORDER_FIELDS, "ProductionOrders")


def _find(key: str) -> tuple[dict[str, Any] | None, Response | None]:
    m = _KEY.match(key)
    if not m:  # the key is an Edm.Guid: a quoted key is a string literal, refused by Olingo's URI parser
        return None, olingo_error(400, f"The key value '{key}' is invalid.")
    store = _store()
    with store.lock:
        rec = store.orders.get(m.group(1).lower())
    if rec is None:
        return None, odip_error(404, "E7206", f"No production order found with UUID {m.group(1)}")
    return rec, None


@blueprint.get("/odip/odata/v1/ProductionOrders(<key>)")
def production_order(key: str) -> Response:
    user, failure = _authenticate()
    if failure is not None:
        return failure
    rec, failure = _find(key)
    if failure is not None:
        return failure
    return jsonify({"@odata.context": "$metadata#ProductionOrders/$entity", **render(state(), rec)})


@blueprint.get("/odip/odata/v1/ProductionOrders(<key>)/Product", defaults={"value": False})
@blueprint.get("/odip/odata/v1/ProductionOrders(<key>)/Product/$value", defaults={"value": True})
def order_product(key: str, value: bool) -> Response:
    user, failure = _authenticate()
    if failure is not None:
        return failure
    rec, failure = _find(key)
    if failure is not None:
        return failure
    if render(state(), rec)["Status"] != "completed":
        return odip_error(404, "E7263", f"No product found for production order with UUID {rec['Id']}")
    target = f"{base_url()}/proseo/prip/odata/v1/Products({rec['_product_id']})" + ("/$value" if value else "")
    return redirect(target, code=307)


# ---------------------------------------------------------------------------------------------- create
class _Refused(Exception):
    """An order refusal: (status, code, text) as ``OdipUtilBase.toModelOrder`` raises it."""

    def __init__(self, status: int, code: str, text: str) -> None:
        super().__init__(text)
        self.status, self.code, self.text = status, code, text


def _check_options(wf: dict[str, Any], given: Any) -> list[dict[str, str]]:
    """E7240/E7241/E7242 as ``toModelOrder`` checks them (404: the OdipException carries no status);
    defaults fill the options not sent. Values must be strings: ``OrderWorkflowOptions.Value`` is
    ``Edm.String``, so a list fails in Olingo's deserializer (406 E7262)."""
    if given is None:
        given = []
    if not isinstance(given, list):
        raise _Refused(406, "E7262", "JSON parse error: WorkflowOptions must be a collection")
    defined = {o["Name"]: o for o in wf["WorkflowOptions"]}
    values: dict[str, str] = {}
    for item in given:
        if not isinstance(item, dict):
            raise _Refused(406, "E7262", "JSON parse error: a workflow option must be an object")
        name, value = item.get("Name"), item.get("Value")
        if (name is not None and not isinstance(name, str)) or (value is not None and not isinstance(value, str)):
            raise _Refused(406, "E7262", f"JSON parse error: Invalid value for property Value of option {name}")
        if name is None or value is None:  # the server skips options without a name or a value
            continue
        if name not in defined:
            raise _Refused(404, "E7240", f"Workflow option {name} not  defined in workflow {wf['Name']}")
        opt = defined[name]
        if not _type_ok(opt["Type"], value):
            raise _Refused(404, "E7241", f"Workflow option {name} does not match type: {opt['Type']}, value: {value}")
        allowed = opt.get("Value")
        if allowed and value not in allowed:
            raise _Refused(404, "E7242", f"Workflow option {name}: value not in value range [{', '.join(allowed)}]")
        values[name] = value
    for name, opt in defined.items():
        if name not in values and opt.get("Default") not in (None, ""):
            values[name] = opt["Default"]
    return [{"Name": k, "Value": v} for k, v in values.items()]


def _type_ok(typ: str, value: str) -> bool:
    t = typ.lower()
    if t in ("integer", "int", "long"):
        return re.fullmatch(r"[+-]?\d+", value.strip()) is not None
    if t in ("number", "double", "float"):
        try:
            float(value)
        except ValueError:
            return False
        return True
    if t in ("boolean", "bool"):
        return value.lower() in ("true", "false")
    return True


def _check_reference(ref: Any) -> None:
    """The input reference as ``toModelOrder`` treats it: a reference of another mission is E7268 (400); an
    unknown one is E7258, caught and re-thrown as E7208 by the server (404); dates must be DateTimeOffset
    (Olingo: 406 E7262). Neither a reference nor both dates: the server passes the order on and the order
    manager refuses it (E7251, 400; the cause text is a guess)."""
    if ref is not None and not isinstance(ref, dict):
        raise _Refused(406, "E7262", "JSON parse error: InputProductReference must be an object")
    ref = ref or {}
    reference, content = ref.get("Reference"), ref.get("ContentDate")
    if reference is not None and not isinstance(reference, str):
        raise _Refused(406, "E7262", "JSON parse error: Invalid value for property Reference")
    if content is not None:
        if not isinstance(content, dict):
            raise _Refused(406, "E7262", "JSON parse error: ContentDate must be an object")
        for key in ("Start", "End"):
            value = content.get(key)
            if value is not None and not (isinstance(value, str) and _DATE.match(value)):
                raise _Refused(406, "E7262", f"JSON parse error: Invalid value {value} for property {key}")
    has_dates = isinstance(content, dict) and content.get("Start") and content.get("End")
    if reference:
        if not (reference.startswith(MISSION) or reference.startswith(MISSION[:2] + "_")):
            raise _Refused(400, "E7268", f"Cross mission access (workflow <-> product) {MISSION} <-> "
                                         f"{reference[:3]}")
        if not (_ARCHIVE_NAME.match(reference) or state().config.fail_marker in reference):
            inner = f"(E7258) No product file named {reference} found on any archive"
            raise _Refused(404, "E7208", f"Request failed (cause de.dlr.proseo.api.odip.odata.OdipUtilBase."
                                         f"OdipException: {inner})")
    elif not has_dates:
        raise _Refused(400, "E7251", "Order data invalid (cause: sensing start and stop time missing)")
    if has_dates and content["Start"] >= content["End"]:
        raise _Refused(400, "E7251", "Order data invalid (cause: start time is not before stop time)")


@blueprint.post("/odip/odata/v1/ProductionOrder")
@blueprint.post("/odip/odata/v1/ProductionOrder/OData.CSC.Order")
@blueprint.post("/odip/odata/v1/ProductionOrders/OData.CSC.ProductionOrder")
def create_order() -> Response:
    """``OdipEntityProcessor.createEntity``: every refusal is a status and a ``Warning``, without a body."""
    user, failure = _authenticate()
    if failure is not None:
        return failure
    try:
        body = json.loads(request.get_data(as_text=True) or "")
    except ValueError as exc:
        return odip_refusal(406, "E7262", f"JSON parse error: {exc}")
    if not isinstance(body, dict):
        return odip_refusal(406, "E7262", "JSON parse error: a JSON object is expected")
    try:
        prio = body.get("Priority", 50)
        # Edm.Int64, nothing more: the server has no range check (the RAML's 1-100 is documentation)
        if isinstance(prio, bool) or not isinstance(prio, int):
            raise _Refused(406, "E7262", f"JSON parse error: Invalid value {json.dumps(prio)} for property Priority")
        wf_id = body.get("WorkflowId")
        if wf_id is None:
            raise _Refused(400, "E7238", "Workflow UUID missing")
        wf = _WF_BY_ID.get(str(wf_id).lower())
        if wf is None:
            raise _Refused(404, "E7239", f"Workflow referenced by UUID {wf_id} not found")
        # A WorkflowName that differs from the workflow's is only logged (E7266) by the server, not refused:
        # the order takes the name of the workflow its UUID names.
        _check_reference(body.get("InputProductReference"))
        options = _check_options(wf, body.get("WorkflowOptions"))
    except _Refused as refused:
        return odip_refusal(refused.status, refused.code, refused.text)
    st = state()
    rec = _new_order(st, {**body, "Priority": prio}, wf, options, st.clock.now())
    store = _store(st)
    with store.lock:
        store.orders[rec["Id"]] = rec
    resp = jsonify({"@odata.context": "$metadata#ProductionOrders/$entity", **render(st, rec)})
    resp.status_code = 201
    resp.headers["Location"] = f"{base_url()}/proseo/odip/odata/v1/ProductionOrders({rec['Id']})"
    return resp


#: the part of prosEO's service document (``OdipEdmProvider``) the sandbox serves: the two entity sets, their
#: primitive properties with the server's EDM types, the complex and enum types by their server names
_METADATA = """<?xml version="1.0" encoding="UTF-8"?>
<edmx:Edmx xmlns:edmx="http://docs.oasis-open.org/odata/ns/edmx" Version="4.0">
<edmx:DataServices>
<Schema xmlns="http://docs.oasis-open.org/odata/ns/edm" Namespace="OData.CSC">
<EnumType Name="JobStatus"><Member Name="queued"/><Member Name="in_progress"/><Member Name="completed"/>\
<Member Name="failed"/><Member Name="cancelled"/></EnumType>
<ComplexType Name="ContentDate"><Property Name="Start" Type="Edm.DateTimeOffset"/>\
<Property Name="End" Type="Edm.DateTimeOffset"/></ComplexType>
<ComplexType Name="InputProductReference"><Property Name="Reference" Type="Edm.String"/>\
<Property Name="ContentDate" Type="OData.CSC.ContentDate"/></ComplexType>
<ComplexType Name="OrderWorkflowOptions"><Property Name="Name" Type="Edm.String"/>\
<Property Name="Value" Type="Edm.String"/></ComplexType>
<ComplexType Name="WorkflowOptions"><Property Name="Name" Type="Edm.String"/>\
<Property Name="Description" Type="Edm.String"/><Property Name="Type" Type="Edm.String"/>\
<Property Name="Default" Type="Edm.String"/><Property Name="Value" Type="Collection(Edm.String)"/></ComplexType>
<EntityType Name="ProductionOrder"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid"/>\
<Property Name="Status" Type="OData.CSC.JobStatus"/><Property Name="StatusMessage" Type="Edm.String"/>\
<Property Name="OrderOutputSize" Type="Edm.Int64"/><Property Name="SubmissionDate" Type="Edm.DateTimeOffset"/>\
<Property Name="EstimatedDate" Type="Edm.DateTimeOffset"/><Property Name="CompletedDate" Type="Edm.DateTimeOffset"/>\
<Property Name="EvictionDate" Type="Edm.DateTimeOffset"/><Property Name="Priority" Type="Edm.Int64"/>\
<Property Name="InputProductReference" Type="OData.CSC.InputProductReference"/>\
<Property Name="WorkflowId" Type="Edm.String"/><Property Name="WorkflowName" Type="Edm.String"/>\
<Property Name="WorkflowOptions" Type="Collection(OData.CSC.OrderWorkflowOptions)"/>\
<Property Name="NotificationEndpoint" Type="Edm.String"/><Property Name="NotificationEpUsername" Type="Edm.String"/>\
<Property Name="NotificationEpPassword" Type="Edm.String"/></EntityType>
<EntityType Name="Workflow"><Key><PropertyRef Name="Id"/></Key><Property Name="Id" Type="Edm.Guid"/>\
<Property Name="Name" Type="Edm.String"/><Property Name="Description" Type="Edm.String"/>\
<Property Name="InputProductType" Type="Edm.String"/><Property Name="OutputProductType" Type="Edm.String"/>\
<Property Name="WorkflowVersion" Type="Edm.String"/>\
<Property Name="WorkflowOptions" Type="Collection(OData.CSC.WorkflowOptions)"/></EntityType>
<EntityContainer Name="Container"><EntitySet Name="ProductionOrders" EntityType="OData.CSC.ProductionOrder"/>\
<EntitySet Name="Workflows" EntityType="OData.CSC.Workflow"/></EntityContainer>
</Schema>
</edmx:DataServices>
</edmx:Edmx>
"""


@blueprint.get("/odip/odata/v1/$metadata")
def metadata() -> Response:
    """Olingo's own metadata processor answers ``$metadata`` (the vendor's S1A collection asks for it)."""
    user, failure = _authenticate()
    if failure is not None:
        return failure
    return Response(_METADATA, status=200, content_type="application/xml")


@blueprint.get("/odip/odata/v1/<path:rest>")
def unknown_resource(rest: str) -> Response:
    user, failure = _authenticate()
    if failure is not None:
        return failure
    return odip_error(404, "E7201", f"Invalid entity type {rest.split('/')[0]} referenced in service request")


@blueprint.route("/odip/odata/v1/<path:rest>", methods=["PATCH", "PUT", "DELETE"])
def forbidden(rest: str) -> Response:
    user, failure = _authenticate()
    if failure is not None:
        return failure
    return odip_error(403, "E7209", "Creation, update and deletion of objects not allowed through ODPRIP")


# ------------------------------------------------------------------------------------------------ PRIP
def _prip_product(key: str) -> tuple[dict[str, Any] | None, Response | None]:
    user, failure = _authenticate(allow_bearer=False)
    if failure is not None:
        return None, failure
    m = _KEY.match(key)
    if m:
        store = _store()
        with store.lock:
            for rec in store.orders.values():
                if rec["_product_id"] == m.group(1).lower():
                    if render(state(), rec)["Status"] == "completed":
                        return rec, None
                    break
    return None, odip_error(404, "E7210", f"Product {key.strip(chr(39))} not available on any Processing Facility")


@blueprint.get("/prip/odata/v1/Products(<key>)")
def prip_product(key: str) -> Response:
    rec, failure = _prip_product(key)
    if failure is not None:
        return failure
    info = _product_file(rec)
    done = render(state(), rec)
    ref = rec["InputProductReference"]
    start = ref.get("ContentDate", {}).get("Start") or done["SubmissionDate"]
    end = ref.get("ContentDate", {}).get("End") or done["CompletedDate"]
    ring = ROME["coordinates"][0]
    # the primitive and complex properties of prosEO's PRIP Product entity (api/prip ProductEdmProvider);
    # the attribute collections are navigation properties, sent only with $expand
    return jsonify({
        "@odata.context": "$metadata#Products/$entity",
        "Id": rec["_product_id"], "Name": _product_name(rec), "ContentType": "image/tiff",
        "ContentLength": info["size_bytes"], "OriginDate": done["CompletedDate"],
        "PublicationDate": done["CompletedDate"],
        "EvictionDate": done["EvictionDate"], "ProductionType": "on-demand default",
        "Checksum": [{"Algorithm": "MD5", "Value": info["md5"], "ChecksumDate": done["CompletedDate"]}],
        "ContentDate": {"Start": start, "End": end},
        "Footprint": "geography'SRID=4326;POLYGON((" + ",".join(f"{x} {y}" for x, y in ring) + "))'",
        "GeoFootprint": ROME,
    })


@blueprint.get("/prip/odata/v1/Products(<key>)/$value")
def prip_value(key: str) -> Response:
    rec, failure = _prip_product(key)
    if failure is not None:
        return failure
    from .files import send_file_range

    return send_file_range(_product_file(rec)["path"], download_name=_product_name(rec), mimetype="image/tiff")


# ----------------------------------------------------------------------------------------------- admin
@blueprint.post("/_seed")
def seed() -> Response:
    """``{"orders": n, "workflow": name?, "completed": bool?}`` → the new order ids (tests, demo)."""
    body = request.get_json(force=True, silent=True) or {}
    ids = seed_orders(state(), int(body.get("orders", 0)), str(body.get("workflow") or "S5P-L2-NO2"),
                      bool(body.get("completed", True)))
    return jsonify({"ids": ids})


def when_done(st: SandboxState) -> float:
    """Seconds of sandbox time an order takes from submit to completion."""
    return st.config.queued_seconds + st.config.processing_seconds


__all__ = ["KIND", "blueprint", "connection_urls", "expire_tokens", "seed_orders"]
