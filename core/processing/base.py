# SPDX-License-Identifier: GPL-2.0-or-later
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
    QgsCoordinateReferenceSystem,
    QgsFields,
    QgsProcessingAlgorithm,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingParameterEnum,
)
from qgis.PyQt.QtCore import QCoreApplication, QObject, pyqtSignal
from qgis.PyQt.QtGui import QIcon

from ...providers.base import ConnectionConfig, EoOrdersError, Provider
from ...providers.http import TransportSettings
from ...providers.i18n import tr
from ..connections import ConnectionStore, qgis_transport_settings
from ..order_ops import build_provider
from .compat import WKB_NO_GEOMETRY, make_field

ICON_PATH = str(Path(__file__).resolve().parents[2] / "icons" / "eo_orders.svg")
CONNECTION = "CONNECTION"
OUTPUT = "OUTPUT"


class _MainThreadRunner(QObject):
    """Runs a function on the thread of the QGIS application (where layers may be added to a project)."""

    requested = pyqtSignal(object)

    def __init__(self) -> None:
        super().__init__()
        # auto connection: called at once from the main thread, queued to it from a worker thread
        self.requested.connect(self._run)

    def _run(self, job: Callable[[], Any]) -> None:
        job()


_runner: _MainThreadRunner | None = None


def on_main_thread(job: Callable[[], Any]) -> None:
    """Run ``job`` now when on the main thread, else as soon as the main thread's event loop gets to it.

    Why: ``postProcessAlgorithm`` runs on the thread that made the context — the main thread for a
    toolbox run, a worker thread for an algorithm inside a model run from the QGIS window.
    """
    global _runner
    app = QCoreApplication.instance()
    # Python's main thread is the one QGIS started the interpreter and its application in
    if app is None or threading.current_thread() is threading.main_thread():
        job()
        return
    if _runner is None:
        raise RuntimeError("on_main_thread: the runner was not created on the main thread")
    _runner.requested.emit(job)


def is_headless() -> bool:
    """Run by ``qgis_process`` (its ``QgsApplication`` names the platform so): nothing to load layers into."""
    from qgis.core import QgsApplication

    return QgsApplication.platform() == "qgis_process"


def make_main_thread_runner() -> None:
    """Called by the provider on load (the main thread): the receiver of ``on_main_thread`` jobs."""
    global _runner
    if _runner is None:
        _runner = _MainThreadRunner()


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
        #: headless, the same QGIS network settings as the dock's order service (proxy, exclusions, reply
        #: size and deadline limits); in the QGIS window the plugin passes the service's own
        self.transport_settings = transport_settings or qgis_transport_settings

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
        names = ", ".join(f"“{c.name}”" for c in conns) or tr("none")
        if named:
            raise QgsProcessingException(tr("Several saved connections are named “{name}”; give its id instead "
                                            "({ids}).").format(name=ref, ids=", ".join(c.id for c in named)))
        raise QgsProcessingException(tr("No saved EO Orders connection is named “{name}”. Saved connections: "
                                        "{names}. Add connections in the EO Orders panel.").format(name=ref,
                                                                                                    names=names))

    def open(self, ref: str) -> tuple[ConnectionConfig, Provider]:
        """The connection (secret read from the keyring or the QGIS authentication database) and its provider."""
        conn = self.find_connection(ref)
        if conn.options.get("two_factor"):
            raise QgsProcessingException(tr("“{name}” signs in with a one-time code, which an algorithm cannot "
                                            "ask for. Use the EO Orders panel for this connection.").format(
                name=conn.name))
        try:
            full = self.store.get(conn.id)
            return conn, build_provider(full, self.transport_settings())
        except EoOrdersError as exc:
            raise QgsProcessingException(str(exc)) from exc


def connection_choices(conns: list[ConnectionConfig]) -> list[str]:
    """The drop-down's entries: each connection's name, or its id where several share that name."""
    counts: dict[str, int] = {}
    for conn in conns:
        counts[conn.name.strip().lower()] = counts.get(conn.name.strip().lower(), 0) + 1
    return [conn.name if counts[conn.name.strip().lower()] == 1 else conn.id for conn in conns]


class ConnectionParameter(QgsProcessingParameterEnum):
    """The saved connections as an enum of static strings that also takes a connection's id or a name
    saved after the algorithm was built: the algorithm resolves it and says which connections exist."""

    def __init__(self, name: str, description: str, options: list[str], optional: bool = False,
                 defaultValue: Any = None) -> None:  # noqa: N803 - QGIS spelling
        super().__init__(name, description, options, False, defaultValue, optional, True)

    def checkValueIsAcceptable(self, value: Any, context: Any = None) -> bool:  # noqa: N802 - QGIS API
        if isinstance(value, str) and value.strip():
            return True
        return super().checkValueIsAcceptable(value, context) if context is not None \
            else super().checkValueIsAcceptable(value)


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
        return tr(self.DISPLAY_NAME)

    def group(self) -> str:
        return ""

    def groupId(self) -> str:  # noqa: N802 - QGIS API
        return ""

    def tags(self) -> list[str]:
        """Words the toolbox search finds the algorithm by."""
        return tr("eo,earth observation,satellite,order,processing,tasking,cdse,up42,capella,creodias,proseo"
                       ).split(",")

    def shortHelpString(self) -> str:  # noqa: N802 - QGIS API
        return tr(self.HELP)

    def icon(self) -> QIcon:
        return QIcon(ICON_PATH)

    def tr(self, text: str) -> str:
        """QGIS's algorithm convention, through the plugin's one hook (the ``@default`` context of ``tr()``)."""
        return tr(text)

    # -- shared parameters ---------------------------------------------------------------------------
    def add_connection_parameter(self, optional: bool = False, help_text: str = "") -> None:
        """A drop-down of the saved connections (the toolbox and the model designer), by name.

        The value is the connection's name (static strings: a model keeps working when connections are
        added or removed); ``qgis_process`` and scripts may also give a connection's id.
        """
        try:
            names = connection_choices(self.backend.connections())
        except Exception:  # a store that cannot be read yet: the drop-down is empty, a typed name still works
            names = []
        param = ConnectionParameter(CONNECTION, tr("Connection"), options=names, optional=optional,
                                    defaultValue=None if optional or not names else names[0])
        param.setHelp(help_text or tr("A connection saved in the EO Orders panel (its name, or its id from "
                                      "qgis_process). Its secret comes from the system keyring or the QGIS "
                                      "authentication database."))
        self.addParameter(param)

    def output_sink(self, parameters: dict[str, Any], context: QgsProcessingContext,
                    spec: tuple[tuple[str, str], ...], wkb_type: Any = None,
                    crs: QgsCoordinateReferenceSystem | None = None) -> tuple[Any, str, QgsFields]:
        """The ``OUTPUT`` sink with fields ``spec`` (name, kind) — a table unless ``wkb_type`` is given:
        ``(sink, destination id, fields)``."""
        fields = QgsFields()
        for name, kind in spec:
            fields.append(make_field(name, kind))
        sink, dest_id = self.parameterAsSink(parameters, OUTPUT, context, fields,
                                             WKB_NO_GEOMETRY if wkb_type is None else wkb_type,
                                             crs if crs is not None else QgsCoordinateReferenceSystem())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, OUTPUT))
        return sink, dest_id, fields

    def open_connection(self, parameters: dict[str, Any], context: QgsProcessingContext,
                        feedback: QgsProcessingFeedback) -> tuple[ConnectionConfig, Provider]:
        ref = self.parameterAsString(parameters, CONNECTION, context)
        if not ref.strip():
            raise QgsProcessingException(tr("Choose a connection."))
        conn, prov = self.backend.open(ref)
        feedback.pushInfo(tr("Connection “{name}” ({provider}).").format(name=conn.name, provider=prov.title))
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
