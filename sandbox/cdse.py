# SPDX-License-Identifier: GPL-2.0-or-later
"""CDSE emulator: Keycloak identity, the OData catalogue and On-Demand Processing (ODP), under ``/cdse``.

Contract: ``shared/providers/cdse-odp.md`` and ``catalogues.md`` §1. Strict where the contract is certain:
every ODP call needs a live bearer token (401 ``{"detail": "Not authenticated"}``, FastAPI style), bodies
are validated like a pydantic model would (422 with a ``detail`` list), unknown workflows, options and
input products are refused, bad ``$filter`` gives 400. One form where the document shows one: Cancel is a
GET (``ProductionOrder(<id>)/OData.CSC.Cancel``; a POST is 405); ids in the path unquoted (quoted ones only
with the ``cdse_quoted_ids`` switch, since the truth is unknown).

The workflows are the documented ones: CARD-BS, CARD-COH12 (its ten ``InputProductTypes`` as the document
lists them), and "On-Demand Production" workflows (IPF from Level-0, output kept 14 days) for Sentinel-1/2/3.
Per-user quotas (``config.extra``, off unless set, the documented values in ``DOCUMENTED_QUOTAS``):
``cdse_quota_concurrent_orders`` and ``cdse_quota_products_per_month``; how a refusal looks is not
documented, so ``cdse_quota_status`` (429 or 403) switches its status [guess].

Order state moves on the sandbox clock: ``queued`` for ``config.queued_seconds``, ``in_progress`` for
``config.processing_seconds``, then ``completed`` (or ``failed`` when the input name carries
``config.fail_marker``). A batch order's items are ordinary production orders (as the doc says: "each
item in the batch is an individual Production Order"), started ``BatchSize`` at a time; they are not
listed by ``/ProductionOrders`` but reachable by id.
"""

from __future__ import annotations

import re
import threading
import uuid
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, Response, jsonify, request

from .common import current_user, odata_collection, public
from .common import iso_millis as _iso
from .common import require_token as common_require_token
from .core import json_error, keycloak_token_endpoint, state

KIND = "cdse_odp"
REALM = "CDSE"
CLIENT_ID = "cdse-public"
TOKEN_LIFETIME = 600.0
REFRESH_LIFETIME = 3600.0
ODP = "/odp/odata/v1"
#: Rome demo area, used as the footprint of time-range orders that name no product
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.8], [12.65, 41.8], [12.65, 42.0], [12.35, 42.0],
                                            [12.35, 41.8]]]}

blueprint = Blueprint("cdse", __name__)


def connection_urls(base: str) -> dict[str, str]:
    return {"api": base + ODP, "catalogue": base + "/catalogue/odata/v1",
            "token": base + f"/identity/auth/realms/{REALM}/protocol/openid-connect/token"}


# --------------------------------------------------------------------------------------------- workflows

def _option(name: str, description: str, otype: str, default: Any, values: list[Any], required: bool = False
            ) -> dict[str, Any]:
    return {"Name": name, "Description": description, "Type": otype, "Default": default, "Value": values,
            "Required": required}


_STORAGE = _option("output_storage", "Where the result is kept: TEMPORARY keeps it 14 days.", "string",
                   "TEMPORARY", ["TEMPORARY"])
_DEM = _option("DEM", "Digital elevation model used for terrain correction.", "string", "getasse30v1",
               ["coarse", "getasse30v1", "getasse30v2"])

#: the documented quotas of a Copernicus General User for the Data Workspace (Quotas.qmd): 1 concurrent
#: order (DAD), 25 processed products per month
DOCUMENTED_QUOTAS = {"concurrent_orders": 1, "products_per_month": 25}
#: "On-Demand Production API.qmd": the S1 option is DEM in the table but "Dem" in the worked request
#: (production_order_request_s1_grd_doc): the worked request is the one that ran, so "Dem" it is [doc]
_DEM_L0 = _option("Dem", "Identifier of the digital elevation model to use for processing.", "string",
                  "getasse30v1", ["coarse", "getasse30v1", "getasse30v2"])


def _production(sensor: int, name: str, in_types: list[str], out_type: str, options: list[dict[str, Any]],
                wid: int) -> dict[str, Any]:
    """An On-Demand Production workflow (IPF processors from Level-0; the output is kept 14 days)."""
    return {"Id": str(wid), "Name": f"Sentinel-{sensor}-L0-{name}", "DisplayName": f"Sentinel-{sensor}: {out_type}",
            "Documentation": None,
            "Description": f"Production of {out_type} from Level-0 with the IPF processor set of the Production "
                           f"Service. The output is kept in the temporary storage for 14 days.",
            "InputProductType": in_types[0], "InputProductTypes": in_types, "OutputProductType": out_type,
            "WorkflowVersion": "1.0.0", "WorkflowOptions": [*options, _STORAGE], "_bands": 1,
            "_suffix": f"_{out_type.rstrip('_')}"}


WORKFLOWS: list[dict[str, Any]] = [
    {"Id": "12", "Name": "card_bs", "DisplayName": "Sentinel-1: CARD Backscatter", "Documentation": None,
     "Description": "Terrain-corrected gamma-0 backscatter (VV, VH) from a Sentinel-1 GRD product, "
                    "Copernicus Analysis Ready Data.",
     "InputProductType": "GRD", "InputProductTypes": ["GRD", "IW_GRDH_1S", "EW_GRDM_1S"],
     "OutputProductType": "CARD-BS", "WorkflowVersion": "3.6.2", "WorkflowOptions": [_DEM, _STORAGE],
     "_bands": 2, "_suffix": "_CARD_BS"},
    {"Id": "47", "Name": "card_coh12_public", "DisplayName": "Sentinel-1: Coherence (12 days)",
     "Documentation": None,
     "Description": "Interferometric coherence of two Sentinel-1 SLC acquisitions 12 days apart, "
                    "terrain-corrected with a DEM.",
     # the ten InputProductTypes exactly as the document lists them
     "InputProductType": "SLC", "InputProductTypes": ["SLC", "S1_SLC__1S", "S2_SLC__1S", "S3_SLC__1S", "S4_SLC__1S",
                                                      "S5_SLC__1S", "S6_SLC__1S", "IW_SLC__1S", "EW_SLC__1S",
                                                      "WV_SLC__1S"],
     "OutputProductType": "CARD-COH12", "WorkflowVersion": "3.1.0", "WorkflowOptions": [_DEM, _STORAGE],
     "_bands": 2, "_suffix": "_CARD_COH12"},
    {"Id": "61", "Name": "s2_l2a_ndvi", "DisplayName": "Sentinel-2: NDVI", "Documentation": None,
     "Description": "Normalised difference vegetation index from a Sentinel-2 L2A product.",
     "InputProductType": "S2MSI2A", "InputProductTypes": ["S2MSI2A"], "OutputProductType": "S2-NDVI",
     "WorkflowVersion": "1.0.0",
     "WorkflowOptions": [
         _option("resolution", "Output pixel size in metres.", "integer", 10, [10, 20, 60]),
         _option("cloud_mask", "Mask clouds with the scene classification.", "boolean", True, []),
         _STORAGE],
     "_bands": 1, "_suffix": "_NDVI"},
    _production(1, "IW_GRDH_1S", ["IW_RAW__0"], "IW_GRDH_1S", [_DEM_L0], 101),
    _production(1, "IW_SLC__1S", ["IW_RAW__0"], "IW_SLC__1S", [_DEM_L0], 102),
    _production(2, "S2MSI2A", ["S2MSI2A"], "S2MSI2A",
                [_option("Baseline", "Version number of the processor and static auxiliary files.", "string",
                         "05.11", ["05.10", "05.11"])], 201),
    _production(3, "SL_2_LST", ["SL_0_SLT___"], "SL_2_LST___",
                [_option("Baseline", "Version number of the processor and static auxiliary files.", "string",
                         "3.27", ["3.27"]),
                 _option("Mode", "Timeliness condition: NTC (Non-Time Critical).", "string", "NTC", ["NTC"])], 301),
]




def _workflow(name: str) -> dict[str, Any] | None:
    return next((w for w in WORKFLOWS if w["Name"] == name), None)


# --------------------------------------------------------------------------------------------- store

class CdseStore:
    """Orders of this test: production orders (batch items included) and batch orders, by id."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.orders: dict[str, dict[str, Any]] = {}
        self.batches: dict[int, dict[str, Any]] = {}
        self.next_id = 2322968
        self.next_batch = 1374977

    def new_id(self) -> str:
        with self.lock:
            self.next_id += 1
            return str(self.next_id)

    def new_batch_id(self) -> int:
        with self.lock:
            self.next_batch += 1
            return self.next_batch


def _store() -> CdseStore:
    return state().store("cdse", CdseStore)




# --------------------------------------------------------------------------------------------- auth, errors

def detail(status: int, message: Any) -> Response:
    """FastAPI's error shape: ``{"detail": str}`` or ``{"detail": [{"type", "loc", "msg", "input"}]}``."""
    return json_error(status, {"detail": message})


def field_error(loc: list[Any], msg: str, etype: str, value: Any = None) -> dict[str, Any]:
    return {"type": etype, "loc": loc, "msg": msg, "input": value}


#: 401 ``{"detail": "Not authenticated"}`` unless the request carries a live CDSE access token
require_token = common_require_token(
    REALM, lambda: json_error(401, {"detail": "Not authenticated"}, {"WWW-Authenticate": "Bearer"}))
_user = current_user


def _odata_page(entities: list[dict[str, Any]], context: str, allowed: set[str]) -> Response:
    """``$filter``/``$orderby``/``$top``/``$skip``/``$count`` over ``entities`` with the shared OData engine;
    a filter on a property the entity does not have is a 400, as on a real OData server."""
    from . import odata

    try:
        page, count, _next_skip = odata.apply_query(entities, request.args, allowed_fields=allowed,
                                                    default_top=1000, max_top=1000)
    except odata.ODataError as exc:
        return json_error(exc.status, exc.body())
    return jsonify(odata_collection(context, page, count))


WORKFLOW_FIELDS = {"Id", "Name", "DisplayName", "Description", "Documentation", "InputProductType",
                   "InputProductTypes", "OutputProductType", "WorkflowVersion"}
ORDER_FIELDS = {"Id", "Name", "Status", "StatusMessage", "WorkflowName", "WorkflowId", "SubmissionDate",
                "EstimatedDate", "Priority", "InputProductReference"}
BATCH_FIELDS = {"Id", "Name", "Status", "WorkflowName", "WorkflowId", "WorkflowDisplayName", "SubmissionDate",
                "EstimatedDate", "Priority"}


_ID = re.compile(r"^'?([0-9]+)'?$")


def _path_id(raw: str) -> str | None:
    """The id in ``Entity(<id>)``: unquoted as the document writes it. Whether the service also takes a
    quoted id is unknown, so ``config.extra["cdse_quoted_ids"]`` switches that on; the client never quotes."""
    m = _ID.match(raw)
    if not m or (raw.startswith("'") and not state().config.extra.get("cdse_quoted_ids")):
        return None
    return m.group(1)


# --------------------------------------------------------------------------------------------- identity

@blueprint.post(f"/identity/auth/realms/{REALM}/protocol/openid-connect/token")
def token() -> Response:
    return keycloak_token_endpoint(REALM, CLIENT_ID, TOKEN_LIFETIME, REFRESH_LIFETIME)


# --------------------------------------------------------------------------------------------- catalogue

@blueprint.get("/catalogue/odata/v1/Products")
def products() -> Any:
    """Anonymous catalogue search (the shared Rome catalogue and OData engine)."""
    from . import catalogue, odata

    try:
        return jsonify(catalogue.catalogue_products_response(
            request.args, request.base_url, catalogue.products() + catalogue.level0_products()))
    except odata.ODataError as exc:
        return json_error(exc.status, exc.body())


@blueprint.get("/catalogue/odata/v1/Assets(<asset_id>)/$value")
def quicklook(asset_id: str) -> Any:
    """A product's QUICKLOOK asset: a small PNG rendered over its footprint (anonymous, like the catalogue)."""
    from . import catalogue, files, rasters

    aid = asset_id.strip("'").lower()
    listed = catalogue.products() + catalogue.level0_products()  # every product the catalogue lists
    product = next((p for p in listed for a in p.get("Assets") or [] if a.get("Id") == aid), None)
    if product is None:
        return detail(404, f"Asset {asset_id} not found")
    png = rasters.data_dir() / f"cdse-ql-{aid}.png"
    with _zip_lock:
        if not png.exists():
            from osgeo import gdal

            cog = rasters.cached_cog(product["GeoFootprint"], name=f"cdse-ql-{aid}.tif", bands=1, size=64,
                                     dtype="Byte", epsg=4326, seed=len(product["Name"]))
            tmp = png.with_suffix(".tmp.png")
            gdal.Translate(str(tmp), cog["path"], format="PNG")
            tmp.replace(png)
    return files.send_file_range(png, mimetype="image/png")


def _find_product(name: str) -> dict[str, Any] | None:
    """A catalogue product by name, with or without its ``.SAFE``/``.SEN3`` suffix."""
    from . import catalogue

    for finder_name in ("product_by_name", "find_product"):
        finder = getattr(catalogue, finder_name, None)
        if finder is not None:
            found = finder(name)
            if found is not None:
                return found
    stem = _stem(name)
    lister = getattr(catalogue, "products", None) or getattr(catalogue, "all_products", None)
    for p in (lister() if lister else []):
        if _stem(str(p.get("Name", ""))) == stem:
            return p
    return None


def _stem(name: str) -> str:
    return re.sub(r"\.(SAFE|SEN3|zip)$", "", name, flags=re.I)


def _product_type(product: dict[str, Any]) -> str:
    for att in product.get("Attributes") or []:
        if att.get("Name") == "productType":
            return str(att.get("Value"))
    return ""


# --------------------------------------------------------------------------------------------- validation

def _json_body() -> tuple[dict[str, Any] | None, Response | None]:
    body = request.get_json(silent=True)
    if body is None:
        return None, detail(422, [field_error(["body"], "Input should be a valid dictionary or object to extract "
                                                        "fields from", "model_attributes_type")])
    if not isinstance(body, dict):
        return None, detail(422, [field_error(["body"], "Input should be a valid dictionary", "dict_type", body)])
    return body, None


def _order_request() -> tuple[dict[str, Any], list[dict[str, Any]], dict[str, Any] | None, Response | None]:
    """An order POST's JSON body, the list its 422 field errors go to (the workflow's first), its workflow
    (None when unknown) - or the error to send when the body is no JSON object."""
    body, err = _json_body()
    if err is not None or body is None:
        return {}, [], None, err
    errors: list[dict[str, Any]] = []
    return body, errors, _check_workflow(body, errors), None


def _check_name(body: dict[str, Any], errors: list[dict[str, Any]], required: bool) -> Any:
    """``Name`` must be a string; a batch order requires it, a production order does not."""
    name = body.get("Name")
    if name is None:
        if required:
            errors.append(field_error(["body", "Name"], "Field required", "missing", body))
    elif not isinstance(name, str):
        errors.append(field_error(["body", "Name"], "Input should be a valid string", "string_type", name))
    return name


def _refusal(body: dict[str, Any], errors: list[dict[str, Any]], workflow: dict[str, Any] | None
             ) -> Response | None:
    """The 422 for an order body: its field errors, else an unknown workflow; None when it may go on."""
    if errors:
        return detail(422, errors)
    if workflow is None:
        return detail(422, f"Workflow '{body.get('WorkflowName')}' does not exist or is not available to the user")
    return None


def _created(context: str, value: dict[str, Any]) -> Response:
    """201 with the new entity wrapped the way ODP wraps single entities."""
    resp = jsonify({"@odata.context": context, "value": value})
    resp.status_code = 201
    return resp


def _check_int(body: dict[str, Any], key: str, errors: list[dict[str, Any]], minimum: int | None = None) -> int | None:
    value = body.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not (isinstance(value, int) or (isinstance(value, str) and
                                                                   re.fullmatch(r"-?\d+", value.strip()))):
        errors.append(field_error(["body", key], "Input should be a valid integer", "int_parsing", value))
        return None
    number = int(value)
    if minimum is not None and number < minimum:
        errors.append(field_error(["body", key], f"Input should be greater than or equal to {minimum}",
                                  "greater_than_equal", value))
    return number


def _check_options(workflow: dict[str, Any], options: Any, errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    """``WorkflowOptions[{Name, Value}]`` against the workflow's declared options: names, types, allowed values."""
    if options is None:
        return []
    if not isinstance(options, list):
        errors.append(field_error(["body", "WorkflowOptions"], "Input should be a valid list", "list_type", options))
        return []
    declared = {o["Name"]: o for o in workflow["WorkflowOptions"]}
    out = []
    for i, opt in enumerate(options):
        loc = ["body", "WorkflowOptions", i]
        if not isinstance(opt, dict) or "Name" not in opt or "Value" not in opt:
            errors.append(field_error(loc, "Field required (Name and Value)", "missing", opt))
            continue
        name, value = str(opt["Name"]), opt["Value"]
        spec = declared.get(name)
        if spec is None:
            errors.append(field_error([*loc, "Name"], f"Unknown option '{name}' for workflow {workflow['Name']}; "
                                      f"allowed: {', '.join(declared)}", "value_error", name))
            continue
        text = str(value).strip()
        otype = spec["Type"]
        if otype == "integer" and not re.fullmatch(r"-?\d+", text):
            errors.append(field_error([*loc, "Value"], f"Option {name} must be an integer", "int_parsing", value))
            continue
        if otype == "boolean" and text.lower() not in ("true", "false"):
            errors.append(field_error([*loc, "Value"], f"Option {name} must be true or false", "bool_parsing", value))
            continue
        allowed = [str(v) for v in spec.get("Value") or []]
        if allowed and text not in allowed:
            errors.append(field_error([*loc, "Value"], f"Option {name} must be one of: {', '.join(allowed)}",
                                      "enum", value))
            continue
        out.append({"Name": name, "Value": text})
    return out


def _check_workflow(body: dict[str, Any], errors: list[dict[str, Any]]) -> dict[str, Any] | None:
    name = body.get("WorkflowName")
    if name is None:
        errors.append(field_error(["body", "WorkflowName"], "Field required", "missing", body))
        return None
    if not isinstance(name, str):
        errors.append(field_error(["body", "WorkflowName"], "Input should be a valid string", "string_type", name))
        return None
    return _workflow(name)


def _resolve_input(workflow: dict[str, Any], reference: str) -> tuple[dict[str, Any] | None, str | None]:
    """(catalogue product, error text). A reference carrying the fail marker is accepted as is, so tests can
    make orders fail without a matching catalogue product."""
    product = _find_product(reference)
    if product is None:
        if state().config.fail_marker and state().config.fail_marker in reference:
            return None, None
        return None, f"Input product '{reference}' not found in the catalogue"
    ptype = _product_type(product)
    if ptype and ptype not in workflow["InputProductTypes"] and not any(
            t in ptype for t in workflow["InputProductTypes"] if len(t) >= 3):
        return None, (f"Input product type {ptype} cannot be processed by workflow {workflow['Name']} "
                      f"(accepts {', '.join(workflow['InputProductTypes'])})")
    return product, None


# --------------------------------------------------------------------------------------------- quotas

def _quota_refusal(new_items: int) -> Response | None:
    """The refusal when a per-user quota is reached (quotas are off unless ``config.extra`` sets them).

    Concurrent orders: production and batch orders of the user still queued or in progress, the new one
    included. Processed products per month: order items submitted in the sandbox clock's month. The status
    (429 or 403) and the wording are guesses: ``cdse_quota_status`` switches the status."""
    extra = state().config.extra
    concurrent, monthly = extra.get("cdse_quota_concurrent_orders"), extra.get("cdse_quota_products_per_month")
    if concurrent is None and monthly is None:
        return None
    status = int(extra.get("cdse_quota_status") or 429)
    user = _user()
    with _store().lock:
        orders = [o for o in _store().orders.values() if o["_user"] == user]
        batches = [b for b in _store().batches.values() if b["_user"] == user]
    if concurrent is not None:
        active = sum(1 for o in orders if o["_batch"] is None and _status(o)[0] in ("queued", "in_progress"))
        active += sum(1 for b in batches if any(_status(o)[0] in ("queued", "in_progress") for o in _batch_items(b)))
        if active + 1 > int(concurrent):
            return detail(status, f"Quota exceeded: the limit of {concurrent} concurrent orders is reached "
                                  f"({active} orders queued or in progress)")
    if monthly is not None:
        month = datetime.fromtimestamp(state().clock.now(), tz=timezone.utc).strftime("%Y-%m")
        used = sum(1 for o in orders
                   if datetime.fromtimestamp(o["_submitted"], tz=timezone.utc).strftime("%Y-%m") == month)
        if used + new_items > int(monthly):
            return detail(status, f"Quota exceeded: the limit of {monthly} processed products per month is "
                                  f"reached ({used} used this month, {new_items} requested)")
    return None


# --------------------------------------------------------------------------------------------- state machine

def _new_order(workflow: dict[str, Any], name: str, reference: str | None, content_date: dict[str, Any] | None,
               options: list[dict[str, str]], priority: int, product: dict[str, Any] | None, start_delay: float = 0.0,
               batch_id: int | None = None) -> dict[str, Any]:
    st = state()
    now = st.clock.now()
    footprint = (product or {}).get("GeoFootprint") or ROME
    order = {
        "Id": _store().new_id(), "Name": name, "WorkflowName": workflow["Name"], "WorkflowId": int(workflow["Id"]),
        "WorkflowOptions": options, "Priority": priority,
        "InputProductReference": {"Reference": reference, "ContentDate": content_date},
        "_user": _user(), "_submitted": now, "_start": now + start_delay, "_footprint": footprint,
        "_cancelled_at": None, "_batch": batch_id, "_product_id": str(uuid.uuid4()),
        "_fail": bool(st.config.fail_marker and reference and st.config.fail_marker in reference),
    }
    with _store().lock:
        _store().orders[order["Id"]] = order
    return order


def _status(order: dict[str, Any]) -> tuple[str, str]:
    """(Status, StatusMessage) at the current sandbox time."""
    cfg = state().config
    now = state().clock.now()
    queued_end = order["_start"] + cfg.queued_seconds
    done_at = queued_end + cfg.processing_seconds
    cancelled = order["_cancelled_at"]
    if cancelled is not None and cancelled < queued_end:
        return "cancelled", "cancelled by the user before processing started"
    if now < queued_end:
        return "queued", "queued"
    if now < done_at:
        msg = "processing; cancellation requested, the running item will finish" if cancelled else "processing"
        return "in_progress", msg
    if order["_fail"]:
        return "failed", "processing failed: the processor exited with an error on the input product"
    return "completed", "requested output product is available"


def _order_json(order: dict[str, Any]) -> dict[str, Any]:
    status, message = _status(order)
    cfg = state().config
    out = public(order)
    out.update({
        "Status": status, "StatusMessage": message, "SubmissionDate": _iso(order["_submitted"]),
        "EstimatedDate": _iso(order["_start"] + cfg.queued_seconds + cfg.processing_seconds),
    })
    if order["_batch"] is not None:
        out["BatchOrderId"] = order["_batch"]
    return out


def _output_name(order: dict[str, Any]) -> str:
    wf = _workflow(order["WorkflowName"]) or WORKFLOWS[0]
    ref = order["InputProductReference"].get("Reference")
    if ref:
        stem = _stem(ref)
    else:
        cd = order["InputProductReference"].get("ContentDate") or {}
        stem = f"{wf['Name']}_{str(cd.get('Start', ''))[:10]}_{str(cd.get('End', ''))[:10]}".replace("-", "")
    return stem + wf["_suffix"]


def _result_zip(order: dict[str, Any]) -> dict[str, Any]:
    """The output product zip: one multi-band COG (CARD-BS: VV and VH, Float32) in UTM over the input footprint.

    One GeoTIFF with both polarisations (not one file per band) so a layer shows the product as a whole.
    """
    from . import rasters

    wf = _workflow(order["WorkflowName"]) or WORKFLOWS[0]
    name = _output_name(order)
    seed = int(order["Id"]) % 100000
    bands = wf["_bands"]
    dtype = "Float32"
    cog = rasters.cached_cog(order["_footprint"], name=f"cdse-{name}.tif", bands=bands, size=256, dtype=dtype,
                             seed=seed)
    zip_path = rasters.data_dir() / f"cdse-{name}.zip"
    with _zip_lock:
        if not zip_path.exists():
            suffix = "_VV_VH" if bands == 2 and wf["Name"] == "card_bs" else ("_COH_VV_VH" if bands == 2 else "")
            rasters.make_zip(zip_path, {f"{name}/measurement/{name}{suffix}.tif": cog["path"]})
    return {"path": str(zip_path), "name": name, "size": zip_path.stat().st_size, "md5": rasters.file_md5(zip_path),
            "cog": cog}


_zip_lock = threading.Lock()


def _get_order(raw_id: str) -> dict[str, Any] | None:
    oid = _path_id(raw_id)
    order = _store().orders.get(oid or "")
    if order is None or order["_user"] != _user():
        return None
    return order


def _order_or_404(raw_id: str, completed: bool = False) -> tuple[dict[str, Any], Response | None]:
    """The caller's production order, or the 404 to send: unknown id, someone else's order, or (with
    ``completed``) an order that has no output product yet."""
    order = _get_order(raw_id)
    if order is None:
        return {}, detail(404, f"Production order {raw_id} not found")
    if completed:
        status, _ = _status(order)
        if status != "completed":
            return order, detail(404, f"No output product: production order {order['Id']} is {status}")
    return order, None


def _product_json(order: dict[str, Any]) -> dict[str, Any]:
    info = _result_zip(order)
    ref = order["InputProductReference"]
    return {"Id": order["_product_id"], "Name": info["name"], "ContentType": "application/zip",
            "ContentLength": info["size"], "Checksum": [{"Value": info["md5"], "Algorithm": "MD5"}],
            "OriginDate": _iso(order["_start"] + state().config.queued_seconds + state().config.processing_seconds),
            "InputProductReference": ref, "GeoFootprint": order["_footprint"]}


# --------------------------------------------------------------------------------------------- ODP routes

@blueprint.get(f"{ODP}/Workflows")
@require_token
def workflows() -> Response:
    return _odata_page([public(w) for w in WORKFLOWS], "$metadata#Workflows", WORKFLOW_FIELDS)


@blueprint.post(f"{ODP}/ProductionOrder/OData.CSC.Order")
@require_token
def create_production_order() -> Response:
    body, errors, workflow, err = _order_request()
    if err is not None:
        return err
    priority = _check_int(body, "Priority", errors, minimum=0)
    name = _check_name(body, errors, required=False)
    ref = body.get("InputProductReference")
    reference, content_date = None, None
    if not isinstance(ref, dict):
        errors.append(field_error(["body", "InputProductReference"], "Field required" if ref is None else
                                  "Input should be a valid dictionary", "missing" if ref is None else "dict_type", ref))
    else:
        reference, content_date = ref.get("Reference"), ref.get("ContentDate")
        if reference is not None and not isinstance(reference, str):
            errors.append(field_error(["body", "InputProductReference", "Reference"], "Input should be a valid string",
                                      "string_type", reference))
        if content_date is not None and not _valid_range(content_date):
            errors.append(field_error(["body", "InputProductReference", "ContentDate"],
                                      "Start and End must be ISO-8601 date-times with Start before End",
                                      "value_error", content_date))
        if not reference and not content_date:
            errors.append(field_error(["body", "InputProductReference"], "Reference or ContentDate is required",
                                      "value_error", ref))
    options = _check_options(workflow, body.get("WorkflowOptions"), errors) if workflow else []
    refused = _refusal(body, errors, workflow)
    if refused is not None:
        return refused
    assert workflow is not None
    product = None
    if reference:
        product, problem = _resolve_input(workflow, reference)
        if problem:
            return detail(422, problem)
    over = _quota_refusal(1)
    if over is not None:
        return over
    order = _new_order(workflow, name or (reference or workflow["Name"]), reference, content_date, options,
                       priority if priority is not None else 1, product)
    return _created("$metadata#OData.CSC.Order", _order_json(order))


def _valid_range(cd: Any) -> bool:
    if not isinstance(cd, dict):
        return False
    try:
        start = datetime.fromisoformat(str(cd.get("Start")).replace("Z", "+00:00"))
        end = datetime.fromisoformat(str(cd.get("End")).replace("Z", "+00:00"))
    except ValueError:
        return False
    return start < end


@blueprint.get(f"{ODP}/ProductionOrders")
@require_token
def production_orders() -> Response:
    with _store().lock:
        mine = [o for o in _store().orders.values() if o["_user"] == _user() and o["_batch"] is None]
    return _odata_page([_order_json(o) for o in mine], "$metadata#ProductionOrder/$entity", ORDER_FIELDS)


@blueprint.get(f"{ODP}/ProductionOrders(<raw_id>)")
@blueprint.get(f"{ODP}/ProductionOrder(<raw_id>)")
@require_token
def production_order(raw_id: str) -> Response:
    order, missing = _order_or_404(raw_id)
    if missing is not None:
        return missing
    return jsonify({"@odata.context": "$metadata#OData.CSC.Order", "value": _order_json(order)})


@blueprint.route(f"{ODP}/ProductionOrder(<raw_id>)/OData.CSC.Cancel", methods=["POST", "PUT", "PATCH", "DELETE"])
def cancel_wrong_method(raw_id: str) -> Response:
    """The document shows Cancel as a GET only; FastAPI answers any other method with 405."""
    return json_error(405, {"detail": "Method Not Allowed"}, {"Allow": "GET"})


@blueprint.get(f"{ODP}/ProductionOrder(<raw_id>)/OData.CSC.Cancel")
@require_token
def cancel_order(raw_id: str) -> Response:
    order, missing = _order_or_404(raw_id)
    if missing is not None:
        return missing
    status, _ = _status(order)
    if status not in ("queued", "in_progress"):
        return detail(400, f"Production order {order['Id']} is {status} and cannot be cancelled")
    order["_cancelled_at"] = state().clock.now()
    return jsonify({"@odata.context": "$metadata#OData.CSC.Order", "value": _order_json(order)})


@blueprint.get(f"{ODP}/ProductionOrder(<raw_id>)/Product")
@require_token
def order_product(raw_id: str) -> Response:
    order, missing = _order_or_404(raw_id, completed=True)
    if missing is not None:
        return missing
    return jsonify({"@odata.context": "$metadata#OData.CSC.Product", "value": _product_json(order)})


@blueprint.get(f"{ODP}/ProductionOrder(<raw_id>)/Product/$value")
@require_token
def order_product_value(raw_id: str) -> Response:
    from . import files

    order, missing = _order_or_404(raw_id, completed=True)
    if missing is not None:
        return missing
    info = _result_zip(order)
    return files.send_file_range(info["path"], download_name=info["name"] + ".zip", mimetype="application/zip",
                                 etag=info["md5"])


# --------------------------------------------------------------------------------------------- batch orders

def _batch_items(batch: dict[str, Any]) -> list[dict[str, Any]]:
    return [_store().orders[i] for i in batch["_items"] if i in _store().orders]


def _batch_json(batch: dict[str, Any]) -> dict[str, Any]:
    statuses = [_status(o)[0] for o in _batch_items(batch)]
    counts = {s: statuses.count(s) for s in ("queued", "in_progress", "completed", "failed", "cancelled")}
    if counts["in_progress"]:
        status = "in_progress"
    elif counts["queued"]:
        status = "in_progress" if counts["completed"] + counts["failed"] + counts["cancelled"] else "queued"
    elif statuses and counts["cancelled"] == len(statuses):
        status = "cancelled"
    elif statuses and counts["failed"] == len(statuses):
        status = "failed"
    else:
        status = "completed"
    cfg = state().config
    items = _batch_items(batch)
    last = max((o["_start"] + cfg.queued_seconds + cfg.processing_seconds for o in items), default=batch["_submitted"])
    out = public(batch)
    out.update({
        "Status": status, "SubmissionDate": _iso(batch["_submitted"]), "EstimatedDate": _iso(last),
        "Summary": {
            "status": status, "processing_order_items_count": counts["in_progress"],
            "downloading_order_items_count": 0, "done_order_items_count": counts["completed"],
            "already_done_order_items_count": 0, "queued_order_items_count": counts["queued"],
            "failed_or_cancelled_order_items_count": counts["failed"] + counts["cancelled"],
            "last_order_item_change_timestamp": _iso(min(last, state().clock.now())),
        },
    })
    return out


@blueprint.post(f"{ODP}/BatchOrder/OData.CSC.Order")
@require_token
def create_batch_order() -> Response:
    body, errors, workflow, err = _order_request()
    if err is not None:
        return err
    name = _check_name(body, errors, required=True)
    priority = _check_int(body, "Priority", errors, minimum=0)
    batch_size = _check_int(body, "BatchSize", errors, minimum=0)
    _check_int(body, "BatchVolume", errors, minimum=0)
    identifiers = body.get("IdentifierList")
    if not isinstance(identifiers, list) or not identifiers or not all(isinstance(i, str) for i in identifiers):
        errors.append(field_error(["body", "IdentifierList"], "Input should be a non-empty list of strings",
                                  "list_type", identifiers))
    options = _check_options(workflow, body.get("WorkflowOptions"), errors) if workflow else []
    refused = _refusal(body, errors, workflow)
    if refused is not None:
        return refused
    assert workflow is not None
    assert isinstance(identifiers, list)
    resolved = []
    for ident in identifiers:
        product, problem = _resolve_input(workflow, ident)
        if problem:
            return detail(422, problem)
        resolved.append((ident, product))
    over = _quota_refusal(len(resolved))
    if over is not None:
        return over
    st = state()
    per_round = batch_size if batch_size else len(resolved)
    batch_id = _store().new_batch_id()
    items = [_new_order(workflow, ident, ident, None, options, priority or 1, product,
                        start_delay=(i // per_round) * st.config.processing_seconds, batch_id=batch_id)["Id"]
             for i, (ident, product) in enumerate(resolved)]
    batch = {"Name": name, "Priority": priority if priority is not None else 1, "WorkflowName": workflow["Name"],
             "NotificationEndpoint": None, "NotificationEpUsername": None, "NotificationStatus": None,
             "WorkflowOptions": options, "Id": batch_id, "KeycloakUUID": str(uuid.uuid5(uuid.NAMESPACE_URL, _user())),
             "WorkflowId": int(workflow["Id"]), "WorkflowDisplayName": workflow["DisplayName"],
             "WorkflowVersion": workflow["WorkflowVersion"], "_batch_size": per_round,
             "_user": _user(), "_submitted": st.clock.now(), "_items": items}
    with _store().lock:
        _store().batches[batch_id] = batch
    out = _batch_json(batch)
    out.pop("Summary", None)  # the create reply carries no Summary (CloudFerro's fixture)
    return _created("#metadata/Odata.CSC.BatchOrder", out)


def _get_batch(raw_id: str) -> dict[str, Any] | None:
    bid = _path_id(raw_id)
    batch = _store().batches.get(int(bid)) if bid else None
    if batch is None or batch["_user"] != _user():
        return None
    return batch


@blueprint.route(f"{ODP}/BatchOrder", methods=["GET", "POST"])
@require_token
def batch_orders() -> Response:
    """The list of batch orders. The document's example lists them with ``-X POST`` (and a JSON content
    type, like its create example above it); in OData a POST to a collection creates. Unknown which the
    service takes: GET always, POST only with the ``cdse_batch_list_post`` switch. The client sends GET."""
    if request.method == "POST" and not state().config.extra.get("cdse_batch_list_post"):
        return json_error(405, {"detail": "Method Not Allowed"}, {"Allow": "GET"})
    with _store().lock:
        mine = [b for b in _store().batches.values() if b["_user"] == _user()]
    return _odata_page([_batch_json(b) for b in mine], "#metadata/Odata.CSC.BatchOrder", BATCH_FIELDS)


@blueprint.get(f"{ODP}/BatchOrder(<raw_id>)")
@require_token
def batch_order(raw_id: str) -> Response:
    batch = _get_batch(raw_id)
    if batch is None:
        return detail(404, f"Batch order {raw_id} not found")
    return jsonify({"@odata.context": "#metadata/Odata.CSC.BatchOrder", "value": _batch_json(batch)})


def _item_json(order: dict[str, Any]) -> dict[str, Any]:
    out = _order_json(order)
    out["ProductionOrderId"] = order["Id"]
    out["Product"] = None
    if out["Status"] == "completed":
        product = _product_json(order)
        out["Product"] = {"Id": product["Id"], "Name": product["Name"], "ContentLength": product["ContentLength"]}
    return out


@blueprint.get(f"{ODP}/BatchOrder(<raw_id>)/Products")
@require_token
def batch_products(raw_id: str) -> Response:
    batch = _get_batch(raw_id)
    if batch is None:
        return detail(404, f"Batch order {raw_id} not found")
    return jsonify({"@odata.context": "$metadata#ProductionOrder", "value": [_item_json(o) for o in
                                                                            _batch_items(batch)]})


@blueprint.get(f"{ODP}/BatchOrder(<raw_id>)/Product(<order_id>)")
@require_token
def batch_product(raw_id: str, order_id: str) -> Response:
    batch = _get_batch(raw_id)
    oid = _path_id(order_id)
    if batch is None or oid not in batch["_items"]:
        return detail(404, f"Order {order_id} of batch order {raw_id} not found")
    return jsonify({"@odata.context": "$metadata#ProductionOrder/$entity",
                    "value": _item_json(_store().orders[oid])})
