# SPDX-License-Identifier: GPL-2.0-or-later
"""Orders: the orders of one or all saved connections, with their status and accepted cost, as a table."""

from __future__ import annotations

from typing import Any

from qgis.core import (
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
)

from ...providers.base import EoOrdersError, OrderQuery, OrderStatus
from ...providers.i18n import QT_TR_NOOP, tr
from .base import CONNECTION, OUTPUT, EoOrdersAlgorithm
from .compat import FAST_INSERT, NUMBER_INTEGER, SOURCE_VECTOR
from .search_inputs import to_qdatetime

STATUSES = (QT_TR_NOOP("Any"), QT_TR_NOOP("Active (queued or in progress)"), QT_TR_NOOP("Completed"),
            QT_TR_NOOP("Failed"), QT_TR_NOOP("Cancelled"))
FIELDS = (("connection", "str"), ("connection_id", "str"), ("order_id", "str"), ("name", "str"), ("workflow", "str"),
          ("kind", "str"), ("status", "str"), ("raw_status", "str"), ("cost", "str"), ("submitted_at", "datetime"),
          ("completed_at", "datetime"), ("message", "str"))


def status_matches(choice: int, status: OrderStatus) -> bool:
    if choice == 1:
        return status.is_active
    wanted = {2: OrderStatus.COMPLETED, 3: OrderStatus.FAILED, 4: OrderStatus.CANCELLED}.get(choice)
    return wanted is None or status == wanted


class ListOrdersAlgorithm(EoOrdersAlgorithm):
    NAME = "listorders"
    DISPLAY_NAME = QT_TR_NOOP("Orders")
    HELP = QT_TR_NOOP(
        "Lists the orders of one saved connection, or of every one when <i>Connection</i> is empty, with their "
        "status (as EO Orders names it, and the provider's own word), dates and the cost accepted when they "
        "were placed from QGIS. Orders placed elsewhere (e.g. on the provider's web portal) are listed too. "
        "A connection that cannot be reached is reported and the others are still listed.\n\n"
        "The table feeds <i>Wait for orders and load results</i>.")

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802 - QGIS API
        self.add_connection_parameter(optional=True,
                                      help_text=tr("A saved connection by name or id; empty: all of them."))
        self.addParameter(QgsProcessingParameterEnum("STATUS", tr("Status"), options=[tr(s) for s in STATUSES],
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber("LIMIT", tr("Most recent orders per connection"),
                                                       NUMBER_INTEGER, 100, minValue=1, maxValue=1000))
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, tr("Orders"), SOURCE_VECTOR))
        self.addOutput(QgsProcessingOutputNumber("COUNT", tr("Number of orders")))

    def execute(self, parameters: dict[str, Any], context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, Any]:
        ref = self.parameterAsString(parameters, CONNECTION, context).strip()
        conns = [self.backend.find_connection(ref)] if ref else self.backend.connections()
        choice = self.parameterAsEnum(parameters, "STATUS", context)
        limit = self.parameterAsInt(parameters, "LIMIT", context)
        sink, dest_id, fields = self.output_sink(parameters, context, FIELDS)
        journal = self.backend.journal
        count = 0
        for n, conn in enumerate(conns):
            if feedback.isCanceled():
                break
            feedback.setProgress(100.0 * n / max(1, len(conns)))
            try:
                conn, prov = self.backend.open(conn.id)
                try:
                    orders = list(prov.orders(OrderQuery(top=limit)).items)[:limit]
                finally:
                    prov.close()
            except (EoOrdersError, QgsProcessingException) as exc:  # one connection down: list the others
                if ref:
                    raise
                feedback.reportError(f"“{conn.name}”: {exc}", False)
                continue
            costs = {e.order_id: str((e.request or {}).get("accepted_cost") or "") for e in journal.orders(conn.id)}
            for order in orders:
                journal.record_status(conn.id, order, prov.kind)
                if not status_matches(choice, order.status):
                    continue
                f = QgsFeature(fields)
                f.setAttributes([conn.name, conn.id, order.id, order.name, order.workflow_name, order.kind,
                                 order.status.value, order.raw_status, costs.get(order.id, ""),
                                 to_qdatetime(order.submitted_at), to_qdatetime(order.completed_at), order.message])
                sink.addFeature(f, FAST_INSERT)
                count += 1
        feedback.pushInfo(tr("{count} orders.").format(count=count))
        return {OUTPUT: dest_id, "COUNT": count}
