# SPDX-License-Identifier: GPL-2.0-or-later
"""List workflows: the workflows (or orderable products) of a connection as a table."""

from __future__ import annotations

import json
from typing import Any

from qgis.core import (
    QgsFeature,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterString,
)

from ...providers.i18n import QT_TR_NOOP, tr
from .base import OUTPUT, EoOrdersAlgorithm
from .compat import FAST_INSERT, SOURCE_VECTOR

FIELDS = (("connection", "str"), ("workflow_id", "str"), ("name", "str"), ("title", "str"), ("kind", "str"),
          ("version", "str"), ("inputs", "str"), ("output", "str"), ("description", "str"),
          ("options_schema", "str"))


class ListWorkflowsAlgorithm(EoOrdersAlgorithm):
    NAME = "listworkflows"
    DISPLAY_NAME = QT_TR_NOOP("List workflows")
    HELP = QT_TR_NOOP(
        "Lists the workflows of a saved connection (processing workflows, or the products a tasking or "
        "archive provider sells) as a table.\n\n"
        "Use a workflow's <b>name</b> or <b>workflow_id</b> in <i>Submit orders</i>; <b>options_schema</b> is "
        "the JSON Schema of its options (what the <i>Options</i> parameter of <i>Submit orders</i> accepts).")

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802 - QGIS API
        self.add_connection_parameter()
        self.addParameter(QgsProcessingParameterString("FILTER", tr("Name contains"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, tr("Workflows"), SOURCE_VECTOR))
        self.addOutput(QgsProcessingOutputNumber("COUNT", tr("Number of workflows")))

    def execute(self, parameters: dict[str, Any], context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, Any]:
        conn, prov = self.open_connection(parameters, context, feedback)
        try:
            flows = prov.workflows(self.parameterAsString(parameters, "FILTER", context).strip())
        finally:
            prov.close()
        sink, dest_id, fields = self.output_sink(parameters, context, FIELDS)
        for wf in flows:
            f = QgsFeature(fields)
            f.setAttributes([conn.name, wf.id, wf.name, wf.title, wf.kind, wf.version,
                             ", ".join(wf.input_product_types), wf.output_product_type, wf.description,
                             json.dumps(wf.options_schema, ensure_ascii=False)])
            sink.addFeature(f, FAST_INSERT)
        feedback.pushInfo(tr("{count} workflows.").format(count=len(flows)))
        return {OUTPUT: dest_id, "COUNT": len(flows)}
