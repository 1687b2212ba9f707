# SPDX-License-Identifier: GPL-2.0-or-later
"""Submit orders: one order per feature of an AOI layer, per input product, or one batch order — each quoted
and checked against a maximum cost before it is placed."""

from __future__ import annotations

import json
import uuid
from typing import Any

from qgis.core import (
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...providers.base import Capability, EoOrdersError, OrderRequest, Provider, Workflow
from ...providers.i18n import QT_TR_NOOP, tr
from ..aoi import aoi_from_geometry
from ..order_ops import DEFAULT_CONCURRENCY, MAX_CONCURRENCY, SubmitOutcome, submit_many
from .base import OUTPUT, EoOrdersAlgorithm
from .compat import (
    DATETIME,
    FAST_INSERT,
    FLAG_ADVANCED,
    NUMBER_DOUBLE,
    NUMBER_INTEGER,
    SOURCE_VECTOR,
)
from .search_inputs import to_datetime

PER_FEATURE, PER_PRODUCT, BATCH = 0, 1, 2
MODES = (QT_TR_NOOP("One order per feature (its area)"), QT_TR_NOOP("One order per input product (feature)"),
         QT_TR_NOOP("One batch order of all input products"))
FIELDS = (("feature_id", "int64"), ("connection", "str"), ("connection_id", "str"), ("order_id", "str"),
          ("name", "str"), ("status", "str"), ("cost", "str"), ("refused", "str"))


def find_workflow(prov: Provider, ref: str) -> Workflow:
    ref = ref.strip()
    flows = prov.workflows()
    for wf in flows:
        if ref in (wf.id, wf.name):
            return wf
    titled = [wf for wf in flows if wf.title.strip().lower() == ref.lower()]
    if len(titled) == 1:
        return titled[0]
    names = ", ".join(wf.name for wf in flows[:30])
    raise QgsProcessingException(tr("{provider} has no workflow “{name}”. Its workflows: {names}.").format(
        provider=prov.title, name=ref, names=names))


def parse_options(text: str) -> dict[str, Any]:
    text = (text or "").strip()
    if not text:
        return {}
    try:
        value = json.loads(text)
    except ValueError as exc:
        raise QgsProcessingException(tr("Options must be a JSON object, e.g. {example}: {error}").format(
            example='{"DEM": "getasse30v1"}', error=exc)) from exc
    if not isinstance(value, dict):
        raise QgsProcessingException(tr("Options must be a JSON object (name: value pairs)."))
    return value


def _resolved(schema: dict[str, Any], prop: dict[str, Any]) -> dict[str, Any]:
    """A property with the local definitions it refers to (``$ref`` or ``allOf: [{$ref}]``) merged under it."""
    refs = [prop.get("$ref")] + [p.get("$ref") for p in prop.get("allOf") or [] if isinstance(p, dict)]
    merged: dict[str, Any] = {}
    for ref in refs:
        if isinstance(ref, str) and ref.startswith("#/"):
            node: Any = schema
            for part in ref[2:].split("/"):
                node = node.get(part) if isinstance(node, dict) else None
            if isinstance(node, dict):
                merged.update(node)
    merged.update({k: v for k, v in prop.items() if k not in ("$ref", "allOf")})
    return merged


def with_schema_defaults(schema: dict[str, Any], options: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """Options left out take the workflow schema's defaults (also those of the definitions a property refers
    to), as the dock's options form does; returns the options and the names that were filled."""
    out, filled = dict(options), []
    for name, prop in (schema.get("properties") or {}).items():
        if name in out or not isinstance(prop, dict):
            continue
        default = _resolved(schema, prop).get("default")
        if default is not None:
            out[name] = default
            filled.append(name)
    return out, filled


class SubmitOrdersAlgorithm(EoOrdersAlgorithm):
    NAME = "submitorders"
    DISPLAY_NAME = QT_TR_NOOP("Submit orders")
    HELP = QT_TR_NOOP(
        "Places orders with a saved connection: <b>one order per feature</b> of an area of interest layer (each "
        "feature's polygon is the order's area), <b>one order per input product</b> (features of <i>Search input "
        "products</i>; the product is read from <i>Product name field</i>), or <b>one batch order</b> of all input "
        "products where the provider has batch orders. Without an input layer one order is placed for the time "
        "range (e.g. prosEO production orders). Tick <i>Selected features only</i> to order for a selection.\n\n"
        "<b>Options</b>: the workflow's options as a JSON object; <i>List workflows</i> shows each workflow's "
        "JSON Schema. Options left out take the schema's defaults, as in the EO Orders panel; they are checked "
        "against the schema before anything is sent.\n\n"
        "<b>Maximum cost</b>: where the provider quotes a price (UP42 credits, Capella USD), each order is "
        "quoted first and placed only if its cost is within this limit, in the provider's unit; without a "
        "limit no priced order is placed. Refused features are listed in the output with the reason, and "
        "the others are still ordered.\n\n"
        "Orders are sent a few at a time per provider (<i>Concurrent submissions</i>); a provider's "
        "<i>429 Too Many Requests</i> is waited out. Every order is written to the EO Orders journal before "
        "it is sent and found again by its name after a failure whose outcome is unknown, so an order is "
        "never placed twice. The orders appear in the EO Orders panel like any other.\n\n"
        "The output table (order_id, connection_id, status, cost, refused) feeds <i>Wait for orders and load "
        "results</i>.")

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802 - QGIS API
        self.add_connection_parameter()
        self.addParameter(QgsProcessingParameterString("WORKFLOW", tr("Workflow (name or id)")))
        self.addParameter(QgsProcessingParameterFeatureSource("INPUT", tr("Areas of interest or input products"),
                                                              [SOURCE_VECTOR], optional=True))
        self.addParameter(QgsProcessingParameterEnum("MODE", tr("Orders to place"), options=[tr(m) for m in MODES],
                                                     defaultValue=PER_FEATURE))
        self.addParameter(QgsProcessingParameterField("PRODUCT_FIELD", tr("Product name field"), "name", "INPUT",
                                                      optional=True))
        self.addParameter(QgsProcessingParameterString("OPTIONS", tr("Options (JSON)"), "{}", multiLine=True,
                                                       optional=True))
        self.addParameter(QgsProcessingParameterDateTime("START", tr("Start"), DATETIME, optional=True))
        self.addParameter(QgsProcessingParameterDateTime("END", tr("End"), DATETIME, optional=True))
        self.addParameter(QgsProcessingParameterNumber("MAX_COST", tr("Maximum cost per order"), NUMBER_DOUBLE,
                                                       optional=True, minValue=0))
        self.addParameter(QgsProcessingParameterNumber("PRIORITY", tr("Priority"), NUMBER_INTEGER,
                                                       optional=True))
        prefix = QgsProcessingParameterString("NAME_PREFIX", tr("Order name prefix"), "qgis")
        prefix.setFlags(prefix.flags() | FLAG_ADVANCED)
        self.addParameter(prefix)
        workers = QgsProcessingParameterNumber("CONCURRENCY", tr("Concurrent submissions"), NUMBER_INTEGER,
                                               DEFAULT_CONCURRENCY, minValue=1, maxValue=MAX_CONCURRENCY)
        workers.setFlags(workers.flags() | FLAG_ADVANCED)
        self.addParameter(workers)
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, tr("Orders"), SOURCE_VECTOR))
        self.addOutput(QgsProcessingOutputNumber("SUBMITTED", tr("Orders placed")))
        self.addOutput(QgsProcessingOutputNumber("REFUSED", tr("Orders refused")))

    def checkParameterValues(self, parameters: dict[str, Any],  # noqa: N802 - QGIS API
                             context: QgsProcessingContext) -> tuple[bool, str]:
        """Options that are not a JSON object are refused before the algorithm starts (the dialog says so)."""
        try:
            parse_options(self.parameterAsString(parameters, "OPTIONS", context))
        except QgsProcessingException as exc:
            return False, str(exc)
        return super().checkParameterValues(parameters, context)

    def execute(self, parameters: dict[str, Any], context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, Any]:
        options = parse_options(self.parameterAsString(parameters, "OPTIONS", context))
        mode = self.parameterAsEnum(parameters, "MODE", context)
        start = to_datetime(self.parameterAsDateTime(parameters, "START", context)) if parameters.get("START") else None
        end = to_datetime(self.parameterAsDateTime(parameters, "END", context)) if parameters.get("END") else None
        max_cost = (self.parameterAsDouble(parameters, "MAX_COST", context)
                    if parameters.get("MAX_COST") not in (None, "") else None)
        priority = (self.parameterAsInt(parameters, "PRIORITY", context)
                    if parameters.get("PRIORITY") not in (None, "") else None)
        prefix = self.parameterAsString(parameters, "NAME_PREFIX", context).strip() or "qgis"
        run_token = uuid.uuid4().hex[:8]
        source = self.parameterAsSource(parameters, "INPUT", context)
        product_field = self.parameterAsString(parameters, "PRODUCT_FIELD", context) or "name"

        sink, dest_id, fields = self.output_sink(parameters, context, FIELDS)
        conn, prov = self.open_connection(parameters, context, feedback)
        counts = {"placed": 0, "refused": 0}

        def write(outcome: SubmitOutcome) -> None:
            order = outcome.order
            f = QgsFeature(fields)
            f.setAttributes([outcome.key, conn.name, conn.id, order.id if order else "",
                             order.name if order else outcome.request.name,
                             order.status.value if order else "refused", outcome.cost, outcome.refused])
            sink.addFeature(f, FAST_INSERT)
            if order is not None:
                counts["placed"] += 1
                note = tr(" (found again after an uncertain reply)") if outcome.adopted else ""
                cost = f", {outcome.cost}" if outcome.cost else ""
                feedback.pushInfo(tr("Feature {key}: order {id} “{name}” placed{cost}{note}.").format(
                    key=outcome.key, id=order.id, name=order.name, cost=cost, note=note))
            else:
                counts["refused"] += 1
                feedback.reportError(tr("Feature {key}: not ordered — {reason}").format(
                    key=outcome.key, reason=outcome.refused), False)

        try:
            wf = find_workflow(prov, self.parameterAsString(parameters, "WORKFLOW", context))
            options, filled = with_schema_defaults(wf.options_schema, options)
            if filled:
                feedback.pushInfo(tr("Options not given take the workflow's defaults: {options}.").format(
                    options=", ".join(f"{k}={options[k]!r}" for k in filled)))

            def request(key: Any, **kw: Any) -> OrderRequest:
                return OrderRequest(workflow=wf, name=f"{prefix}-{run_token}-{key}", start=start, end=end,
                                    options=dict(options), priority=priority, **kw)

            items: list[tuple[Any, OrderRequest]] = []
            early: list[SubmitOutcome] = []  # features refused before any request (no area, no product)
            if source is None:
                items.append((0, request(0)))
            elif mode == BATCH:
                if not prov.supports(Capability.BATCH_ORDERS):
                    raise QgsProcessingException(tr("{provider} has no batch orders: choose one order per input "
                                                    "product instead.").format(provider=prov.title))
                names = [str(f[product_field]) for f in source.getFeatures() if f[product_field]]
                items.append((0, request(0, inputs=names, batch=True)))
            else:
                needed = Capability.ORDER_BY_PRODUCT if mode == PER_PRODUCT else Capability.ORDER_BY_AOI
                if not prov.supports(needed):
                    raise QgsProcessingException((
                        tr("{provider} does not place orders on an area of interest: choose one order per input "
                           "product.") if mode == PER_FEATURE else
                        tr("{provider} does not place orders on input products: choose one order per feature.")
                    ).format(provider=prov.title))
                if mode == PER_PRODUCT and source.fields().indexOf(product_field) < 0:
                    raise QgsProcessingException(tr("The input layer has no field “{field}”.").format(
                        field=product_field))
                crs = source.sourceCrs()
                for feat in source.getFeatures():
                    key = feat.id()
                    try:
                        if mode == PER_PRODUCT:
                            name = feat[product_field]
                            if not name:
                                raise EoOrdersError(tr("the feature has no product name"))
                            items.append((key, request(key, inputs=[str(name)])))
                        else:
                            aoi = aoi_from_geometry(feat.geometry(), crs, tr("Feature {key}").format(key=key))
                            items.append((key, request(key, aoi=aoi.geometry)))
                    except EoOrdersError as exc:
                        early.append(SubmitOutcome(key, request(key), refused=str(exc)))
            feedback.pushInfo((tr("{count} orders to place with “{workflow}”, at most {cost} each.")
                               if max_cost is not None else tr("{count} orders to place with “{workflow}”.")).format(
                count=len(items), workflow=wf.label, cost=f"{max_cost:g}" if max_cost is not None else ""))
            for outcome in early:
                write(outcome)
            concurrency = self.parameterAsInt(parameters, "CONCURRENCY", context)
            submit_many(prov, self.backend.journal, conn.id, items, max_cost=max_cost, concurrency=concurrency,
                        task=feedback, on_outcome=write)
        finally:
            prov.close()
        feedback.pushInfo(tr("{placed} orders placed, {refused} refused.").format(placed=counts["placed"],
                                                                                 refused=counts["refused"]))
        return {OUTPUT: dest_id, "SUBMITTED": counts["placed"], "REFUSED": counts["refused"]}
