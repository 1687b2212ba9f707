# SPDX-License-Identifier: GPL-2.0-or-later
"""Wait for orders and load results: follow orders to the end, download and verify their results, and
return the rasters (loaded into the project when run from the QGIS window)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from qgis.core import (
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingMultiStepFeedback,
    QgsProcessingOutputMultipleLayers,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ...providers.base import Order, OrderStatus
from ...providers.i18n import QT_TR_NOOP, tr
from ..order_ops import download_and_verify, follow, refresh_orders
from ..result_info import ResultInfo
from ..result_loading import load_order_results
from ..results import default_download_root
from ..tracked import needs_decision
from .base import CONNECTION, OUTPUT, EoOrdersAlgorithm, is_headless, on_main_thread
from .compat import FAST_INSERT, FILE_FOLDER, FLAG_ADVANCED, NUMBER_DOUBLE, SOURCE_VECTOR

FIELDS = (("connection_id", "str"), ("order_id", "str"), ("name", "str"), ("status", "str"), ("raw_status", "str"),
          ("message", "str"), ("folder", "str"), ("files", "int"), ("rasters", "str"))
OUTPUT_LAYERS = "OUTPUT_LAYERS"
LOADING_NOTE = "Loading the results into the project as the EO Orders panel does"


class WaitForResultsAlgorithm(EoOrdersAlgorithm):
    NAME = "waitforresults"
    DISPLAY_NAME = QT_TR_NOOP("Wait for orders and load results")
    HELP = QT_TR_NOOP(
        "Follows orders until each one completed, failed or was cancelled, then downloads the results of the "
        "completed ones (resumed where a download was cut short, checked against their size and checksum, "
        "zips unpacked safely) and returns the rasters. Run from the QGIS window, the rasters are added to "
        "the project as the EO Orders panel loads them: named from the order and the product, with "
        "layer metadata, acquisition time for the temporal controller and a style for the product type, in a "
        "group named after the order; a result already loaded is not added again. Untick <i>Load results "
        "into the project</i> to get the paths only.\n\n"
        "<b>Orders</b>: the output of <i>Submit orders</i> or <i>Orders</i> (fields <i>order_id</i> and "
        "<i>connection_id</i>; refused rows are skipped), or order ids separated by commas with a "
        "<i>Connection</i>. Cancelling the algorithm stops following and downloading; the orders go on at the "
        "provider and the EO Orders panel keeps following them.\n\n"
        "An order that waits for your decision (a tasking quotation to accept, a feasibility option to choose) "
        "is reported and not waited for: decide in the EO Orders panel. "
        "<b>Timeout</b> (minutes, 0: none): orders still running then are reported as such. Files go to "
        "<b>Download folder</b> (default: the EO Orders download folder), one sub-folder per order.")

    def __init__(self, backend: Any) -> None:
        super().__init__(backend)
        #: (download result, order info, connection id) of each order to load after the run
        self._to_load: list[tuple[Any, ResultInfo, str]] = []
        self._load = True

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802 - QGIS API
        self.addParameter(QgsProcessingParameterFeatureSource("ORDERS", tr("Orders table"), [SOURCE_VECTOR],
                                                              optional=True))
        self.add_connection_parameter(optional=True, help_text=tr("The connection of the order ids below."))
        self.addParameter(QgsProcessingParameterString("ORDER_IDS", tr("Order ids (comma separated)"),
                                                       optional=True))
        self.addParameter(QgsProcessingParameterBoolean("DOWNLOAD", tr("Download results"), True))
        self.addParameter(QgsProcessingParameterBoolean("LOAD", tr("Load results into the project"), True))
        self.addParameter(QgsProcessingParameterFile("FOLDER", tr("Download folder"), behavior=FILE_FOLDER,
                                                     optional=True))
        self.addParameter(QgsProcessingParameterNumber("TIMEOUT", tr("Timeout (minutes, 0: none)"),
                                                       NUMBER_DOUBLE, 0, minValue=0))
        poll = QgsProcessingParameterNumber("POLL_INTERVAL", tr("Check every (seconds)"), NUMBER_DOUBLE, 10,
                                            minValue=0.1)
        poll.setFlags(poll.flags() | FLAG_ADVANCED)
        self.addParameter(poll)
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, tr("Order results"), SOURCE_VECTOR))
        self.addOutput(QgsProcessingOutputMultipleLayers(OUTPUT_LAYERS, tr("Result rasters")))
        self.addOutput(QgsProcessingOutputNumber("COMPLETED", tr("Orders completed")))

    def _order_refs(self, parameters: dict[str, Any], context: QgsProcessingContext) -> dict[str, list[str]]:
        """connection id → order ids, in the order given, without repeats."""
        refs: dict[str, list[str]] = defaultdict(list)
        source = self.parameterAsSource(parameters, "ORDERS", context)
        if source is not None:
            names = source.fields().names()
            if "order_id" not in names or "connection_id" not in names:
                raise QgsProcessingException(tr("The orders table needs the fields order_id and connection_id "
                                                     "(the output of Submit orders or Orders)."))
            for f in source.getFeatures():
                if f["order_id"] and str(f["order_id"]) not in refs[str(f["connection_id"])]:
                    refs[str(f["connection_id"])].append(str(f["order_id"]))
        ids = [i.strip() for i in self.parameterAsString(parameters, "ORDER_IDS", context).split(",") if i.strip()]
        if ids:
            ref = self.parameterAsString(parameters, CONNECTION, context)
            if not ref.strip():
                raise QgsProcessingException(tr("Order ids need a connection."))
            conn_id = self.backend.find_connection(ref).id
            refs[conn_id].extend(i for i in ids if i not in refs[conn_id])
        if not any(refs.values()):
            raise QgsProcessingException(tr("No order to wait for: give an orders table or order ids."))
        return {k: v for k, v in refs.items() if v}

    def execute(self, parameters: dict[str, Any], context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, Any]:
        refs = self._order_refs(parameters, context)
        download = self.parameterAsBoolean(parameters, "DOWNLOAD", context)
        self._load, self._to_load = self.parameterAsBoolean(parameters, "LOAD", context), []
        folder = self.parameterAsFile(parameters, "FOLDER", context)
        root = Path(folder) if folder else default_download_root()
        timeout_min = self.parameterAsDouble(parameters, "TIMEOUT", context)
        poll_s = self.parameterAsDouble(parameters, "POLL_INTERVAL", context)
        sink, dest_id, fields = self.output_sink(parameters, context, FIELDS)
        journal = self.backend.journal
        steps = QgsProcessingMultiStepFeedback(2 * len(refs), feedback)
        rasters: list[str] = []
        completed = 0
        for n, (conn_id, order_ids) in enumerate(refs.items()):
            conn, prov = self.backend.open(conn_id)
            try:
                steps.setCurrentStep(2 * n)
                feedback.pushInfo(tr("Following {count} orders of “{name}”.").format(count=len(order_ids),
                                                                                       name=conn.name))
                known = [Order(id=i, name="", status=OrderStatus.QUEUED) for i in order_ids]
                first = {o.id: o for o in refresh_orders(prov, journal, conn_id, known)}
                orders = [first.get(o.id, o) for o in known]

                def changed(order: Order) -> None:
                    feedback.pushInfo(tr("Order {id} “{name}”: {status} ({raw}).").format(
                        id=order.id, name=order.name, status=order.status.label, raw=order.raw_status))

                orders = follow(prov, journal, conn_id, orders, poll_s=poll_s,
                                timeout_s=timeout_min * 60 if timeout_min > 0 else None, task=steps, on_change=changed)
                steps.setCurrentStep(2 * n + 1)
                done = [o for o in orders if o.status == OrderStatus.COMPLETED]
                for order in orders:  # every order gets its row, cancelled or not: its last known state
                    folder_text, files, order_rasters = "", 0, []
                    if order.status == OrderStatus.COMPLETED:
                        completed += 1
                        if download and not feedback.isCanceled():
                            feedback.pushInfo(tr("Downloading the results of {id} “{name}”.").format(
                                id=order.id, name=order.name))
                            sub = QgsProcessingMultiStepFeedback(max(1, len(done)), steps)
                            sub.setCurrentStep(done.index(order))
                            result = download_and_verify(prov, journal, conn_id, order, root, task=sub)
                            folder_text, files = str(result.folder), len(result.files)
                            order_rasters = [str(p) for p in result.rasters]
                            rasters.extend(order_rasters)
                            if order_rasters:
                                self._to_load.append((result, ResultInfo.from_order(order, prov), conn_id))
                    elif needs_decision(order):
                        feedback.reportError(tr("Order {id} “{name}” needs your decision ({status}): take it in the "
                                                "EO Orders panel, then run this algorithm again.").format(
                            id=order.id, name=order.name, status=order.sub_status), False)
                    elif order.status.is_active:
                        feedback.reportError(tr("Order {id} is still {status}; run this algorithm again later or "
                                                "follow it in the EO Orders panel.").format(
                            id=order.id, status=order.status.label.lower()), False)
                    else:
                        feedback.reportError(tr("Order {id} {status}: {message}").format(
                            id=order.id, status=order.status.label.lower(), message=order.message), False)
                    f = QgsFeature(fields)
                    f.setAttributes([conn_id, order.id, order.name, order.status.value, order.raw_status, order.message,
                                     folder_text, files, ";".join(order_rasters)])
                    sink.addFeature(f, FAST_INSERT)
            finally:
                prov.close()
        feedback.pushInfo(tr("{completed} orders completed, {rasters} result rasters.").format(
            completed=completed, rasters=len(rasters)))
        return {OUTPUT: dest_id, OUTPUT_LAYERS: rasters, "COMPLETED": completed}

    def postProcessAlgorithm(self, context: QgsProcessingContext,  # noqa: N802 - QGIS API
                             feedback: QgsProcessingFeedback) -> dict[str, Any]:
        """Run with a project and *Load results into the project* ticked (the QGIS window), the results are
        loaded exactly as the dock loads them; headless (``qgis_process``, even with a project, or no
        project) the outputs are the raster paths only."""
        project = context.project()
        if project is not None and self._load and self._to_load and not is_headless():
            jobs, self._to_load = self._to_load, []
            feedback.pushInfo(tr("Loading the results into the project as the EO Orders panel does ({count} "
                                 "rasters).").format(count=sum(len(r.rasters) for r, _i, _c in jobs)))
            on_main_thread(lambda: [load_order_results(result, info, conn_id, project)
                                    for result, info, conn_id in jobs])
        return {}
