"""What every EO Orders algorithm shares: where connections and the journal come from, the connection
parameter, opening a provider, and turning the plugin's errors into ``QgsProcessingException``.

Why a backend object: in the QGIS desktop the algorithms use the plugin's own connection store and
journal (the dock then shows the orders they placed); in ``qgis_process`` the plugin's GUI never starts,
so the provider opens the profile's store and journal itself. Either way it is the same settings, the
same secret store and the same SQLite journal.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any, Callable

from qgis.core import (
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

from ...providers.base import ConnectionConfig, EoOrdersError, Provider
from ...providers.http import TransportSettings
from ..connections import ConnectionStore, qgis_proxies
from ..order_ops import build_provider

ICON_PATH = str(Path(__file__).resolve().parents[2] / "icons" / "eo_orders.svg")
CONNECTION = "CONNECTION"
OUTPUT = "OUTPUT"


class ProcessingBackend:
    """The connection store, journal and HTTP settings the algorithms use (thread-safe, opened lazily)."""

    def __init__(self, store: ConnectionStore | None = None, journal: Any = None,
                 transport_settings: Callable[[], TransportSettings] | None = None,
                 journal_path: str | None = None) -> None:
        #: never asks for the QGIS master password from a worker thread: a locked database is an error
        self.store = store or ConnectionStore(prompt_master_password=False)
        self._journal = journal
        self._own_journal = journal is None
        self._journal_path = journal_path
        self._lock = threading.Lock()
        self.transport_settings = transport_settings or (lambda: TransportSettings(proxies=qgis_proxies()))

    @property
    def journal(self) -> Any:
        with self._lock:
            if self._journal is None:
                from ..store import Journal

                self._journal = Journal(self._journal_path)
            return self._journal

    def close(self) -> None:
        with self._lock:
            if self._own_journal and self._journal is not None:
                self._journal.close()
            self._journal = None

    def connections(self) -> list[ConnectionConfig]:
        return self.store.list()

    def find_connection(self, ref: str) -> ConnectionConfig:
        """A saved connection by its name (as shown in the dock) or its id, without its secret."""
        ref = (ref or "").strip()
        conns = self.connections()
        for conn in conns:
            if conn.id == ref:
                return conn
        named = [c for c in conns if c.name.strip().lower() == ref.lower()]
        if len(named) == 1:
            return named[0]
        names = ", ".join(f"“{c.name}”" for c in conns) or "none"
        if named:
            raise QgsProcessingException(f"Several saved connections are named “{ref}”; give its id instead "
                                         f"({', '.join(c.id for c in named)}).")
        raise QgsProcessingException(f"No saved EO Orders connection is named “{ref}”. Saved connections: {names}. "
                                     f"Add connections in the EO Orders panel.")

    def open(self, ref: str) -> tuple[ConnectionConfig, Provider]:
        """The connection (secret read from the keyring or the QGIS authentication database) and its provider."""
        conn = self.find_connection(ref)
        if conn.options.get("two_factor"):
            raise QgsProcessingException(f"“{conn.name}” signs in with a one-time code, which an algorithm cannot "
                                         f"ask for. Use the EO Orders panel for this connection.")
        try:
            full = self.store.get(conn.id)
            return conn, build_provider(full, self.transport_settings())
        except EoOrdersError as exc:
            raise QgsProcessingException(str(exc)) from exc


class EoOrdersAlgorithm(QgsProcessingAlgorithm):
    """Base of the EO Orders algorithms: names, icon, help, backend and error handling."""

    #: set by subclasses
    NAME = ""
    DISPLAY_NAME = ""
    HELP = ""

    def __init__(self, backend: Callable[[], ProcessingBackend]) -> None:
        super().__init__()
        self._backend_factory = backend

    @property
    def backend(self) -> ProcessingBackend:
        return self._backend_factory()

    # -- identity ------------------------------------------------------------------------------------
    def createInstance(self) -> EoOrdersAlgorithm:  # noqa: N802 - QGIS API
        return type(self)(self._backend_factory)

    def name(self) -> str:
        return self.NAME

    def displayName(self) -> str:  # noqa: N802 - QGIS API
        return self.tr(self.DISPLAY_NAME)

    def group(self) -> str:
        return ""

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return ""

    def tags(self) -> list[str]:
        """Words the toolbox search finds the algorithm by."""
        return self.tr("eo,earth observation,satellite,order,processing,tasking,cdse,up42,capella,creodias,proseo"
                       ).split(",")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return self.tr(self.HELP)

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("EoOrdersProcessing", text)

    # -- shared parameters ---------------------------------------------------------------------------
    def add_connection_parameter(self, optional: bool = False, help_text: str = "") -> None:
        param = QgsProcessingParameterString(CONNECTION, self.tr("Connection (name or id)"), optional=optional)
        param.setHelp(self.tr(help_text or "A connection saved in the EO Orders panel, by its name or id. Its secret "
                                           "comes from the system keyring or the QGIS authentication database."))
        self.addParameter(param)

    def open_connection(self, parameters: dict[str, Any], context: QgsProcessingContext,
                        feedback: QgsProcessingFeedback) -> tuple[ConnectionConfig, Provider]:
        ref = self.parameterAsString(parameters, CONNECTION, context)
        if not ref.strip():
            raise QgsProcessingException(self.tr("Choose a connection."))
        conn, prov = self.backend.open(ref)
        feedback.pushInfo(self.tr(f"Connection “{conn.name}” ({prov.title})."))
        return conn, prov

    def processAlgorithm(self, parameters: dict[str, Any], context: QgsProcessingContext,  # noqa: N802
                         feedback: QgsProcessingFeedback) -> dict[str, Any]:
        """Runs ``run``; a provider error ends the algorithm with its user-fit message."""
        try:
            return self.execute(parameters, context, feedback)
        except EoOrdersError as exc:
            raise QgsProcessingException(str(exc)) from exc

    def execute(self, parameters: dict[str, Any], context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, Any]:
        raise NotImplementedError
