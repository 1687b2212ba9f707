# SPDX-License-Identifier: GPL-2.0-or-later
"""The "EO Orders" Processing provider (id ``eo_orders``): its algorithms in the toolbox, the model designer
and ``qgis_process run eo_orders:<algorithm>``."""

from __future__ import annotations

from typing import Callable

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtGui import QIcon

from ...providers.i18n import tr
from .base import ICON_PATH, ProcessingBackend, make_main_thread_runner
from .list_orders import ListOrdersAlgorithm
from .list_workflows import ListWorkflowsAlgorithm
from .search_inputs import SearchInputsAlgorithm
from .submit_orders import SubmitOrdersAlgorithm
from .wait_for_results import WaitForResultsAlgorithm

ALGORITHMS = (ListWorkflowsAlgorithm, SearchInputsAlgorithm, SubmitOrdersAlgorithm, WaitForResultsAlgorithm,
              ListOrdersAlgorithm)


class EoOrdersProcessingProvider(QgsProcessingProvider):
    """Holds the backend (connections, journal) the algorithms share.

    ``backend`` returns the plugin's backend when the plugin's service runs (the QGIS window); without one
    (``qgis_process``) the provider opens the profile's connection store and journal on first use and
    closes them when it is removed.
    """

    def __init__(self, backend: Callable[[], ProcessingBackend] | None = None) -> None:
        super().__init__()
        make_main_thread_runner()
        self._given = backend
        self._own: ProcessingBackend | None = None

    def backend(self) -> ProcessingBackend:
        if self._given is not None:
            given = self._given()
            if given is not None:
                return given
        if self._own is None:
            self._own = ProcessingBackend()
        return self._own

    def id(self) -> str:
        return "eo_orders"

    def name(self) -> str:
        return "EO Orders"

    def longName(self) -> str:  # noqa: N802 - QGIS API
        return tr("EO Orders: order on-demand satellite processing and tasking")

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def loadAlgorithms(self) -> None:  # noqa: N802 - QGIS API
        for cls in ALGORITHMS:
            self.addAlgorithm(cls(self.backend))

    def unload(self) -> None:
        if self._own is not None:
            self._own.close()
            self._own = None
        super().unload()
