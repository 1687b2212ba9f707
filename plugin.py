# SPDX-License-Identifier: GPL-2.0-or-later
"""Plugin wiring: the toolbar button, the Web menu entry, the dock, and a clean unload.

Only wiring lives here. ``unload()`` undoes everything ``initGui()`` and the dock did (actions, dock,
tasks, timers, temporary layers, log handler), so reloading the plugin leaves nothing behind.
"""

from __future__ import annotations

import logging
from pathlib import Path

from qgis.core import Qgis, QgsMessageLog
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import QAction

from .core.settings import LOG_TAG
from .core.tasks import TaskRunner
from .providers.http import redact
from .providers.i18n import tr

MENU = "&EO Orders"
ICON_PATH = str(Path(__file__).resolve().parent / "icons" / "eo_orders.svg")


class MessageLogHandler(logging.Handler):
    """Sends the plugin's Python log records to the QGIS log panel, with secrets redacted."""

    LEVELS = ((logging.ERROR, Qgis.MessageLevel.Critical), (logging.WARNING, Qgis.MessageLevel.Warning),
              (logging.INFO, Qgis.MessageLevel.Info))

    def emit(self, record: logging.LogRecord) -> None:
        level = next((q for py, q in self.LEVELS if record.levelno >= py), Qgis.MessageLevel.Info)
        QgsMessageLog.logMessage(redact(self.format(record)), LOG_TAG, level)


class EoOrdersPlugin:
    """Wiring only: the order service and its monitor start with the plugin; the dock is made on first use."""

    def __init__(self, iface) -> None:
        self.iface = iface
        self.action: QAction | None = None
        self.dock = None
        self.runner: TaskRunner | None = None
        self.store = None
        self.journal = None
        self.service = None
        self.monitor = None
        self.notifier = None
        #: where the order journal lives; None: the QGIS profile folder (tests point it elsewhere)
        self.journal_path: str | None = None
        #: seconds between the monitor's checks; None: the setting (tests make it short)
        self.monitor_interval_s: float | None = None
        self._log_handler: MessageLogHandler | None = None
        self.help_action: QAction | None = None
        self._translator = None
        self.processing_provider = None
        self._processing_backend = None

    # -- QGIS hooks ---------------------------------------------------------------------------
    def initProcessing(self) -> None:  # noqa: N802 - QGIS API name
        """The EO Orders Processing provider: QGIS calls this alone in ``qgis_process``, initGui calls it too."""
        from qgis.core import QgsApplication

        from .core.processing.provider import EoOrdersProcessingProvider

        if self.processing_provider is None:
            self.processing_provider = EoOrdersProcessingProvider(self._processing_backend_of_service)
            QgsApplication.processingRegistry().addProvider(self.processing_provider)

    def _processing_backend_of_service(self):
        """With the service running, the algorithms share its settings and journal (None: their own)."""
        if self.service is None or self.journal is None:
            return None
        if self._processing_backend is None:
            from .core.connections import ConnectionStore
            from .core.processing.base import ProcessingBackend

            quiet = ConnectionStore(self.store.prefix, prompt_master_password=False)  # worker threads never ask
            self._processing_backend = ProcessingBackend(quiet, self.journal, self.service.transport_settings)
        return self._processing_backend

    def initGui(self) -> None:  # noqa: N802 - QGIS API name
        from .core import translation

        self._translator = translation.install()  # first, so every label made from here on is translated
        self.initProcessing()
        self._log_handler = MessageLogHandler()
        logger = logging.getLogger("eo_orders")
        logger.addHandler(self._log_handler)
        logger.setLevel(logging.INFO)
        self.action = QAction(QIcon(ICON_PATH), tr("EO Orders"), self.iface.mainWindow())
        self.action.setObjectName("eoOrdersToggleDock")
        self.action.setToolTip(tr("Show or hide the EO Orders panel: order on-demand satellite processing"))
        self.action.setCheckable(True)
        self.action.toggled.connect(self.set_dock_visible)
        self.iface.addWebToolBarIcon(self.action)
        self.iface.addPluginToWebMenu(MENU, self.action)
        from .ui.help import help_action

        self.help_action = help_action(self.iface.mainWindow())
        self.iface.addPluginToWebMenu(MENU, self.help_action)
        from .core.project_guard import install_project_guard

        install_project_guard()  # footprints never reach a saved project; an older project's are dropped
        from qgis.core import QgsApplication

        QgsApplication.instance().aboutToQuit.connect(self._before_quit)
        self.start_service()

    def _before_quit(self) -> None:
        """QGIS is quitting and the save prompt is behind us: let go of the project's layers while Python runs.

        Why: QGIS 3.44 itself dies with SIGSEGV when its event loop is ended by a script
        (``QCoreApplication.exit``, as test harnesses and automation do) while the layer tree holds a group,
        plugin or not: the project outlives the layer tree view that its removal signals still reach. Quitting
        through *Project › Exit QGIS* or the window's close button closes the project first and is not
        affected. Clearing an already closed project is a no-op, so this costs the analyst nothing.
        """
        from qgis.core import QgsProject

        QgsProject.instance().clear()

    def _qgis_is_quitting(self) -> bool:
        """Whether QGIS's main event loop has ended, so that unload() is part of quitting.

        Why: QGIS unloads every plugin from its own ``aboutToQuit`` handler. A plugin installed and started
        while QGIS runs (the plugin manager's *Install from ZIP*) connected its handler after that one, and is
        unloaded before its handler runs; unload() must then let go of the project itself. Disabling the
        plugin in the plugin manager runs unload() inside the dialog's event loop and never clears anything.
        """
        from qgis.core import QgsApplication

        app = QgsApplication.instance()
        window = self.iface.mainWindow() if self.iface is not None else None  # None: headless Processing
        return (app is not None and app.thread().loopLevel() == 0 and window is not None
                and window.isVisible())

    def start_service(self) -> None:
        """The order service, the monitor that follows every connection, and the notifications: they run
        with the plugin, whether the dock is open or not. The journal is read at once (no network)."""
        from .core.connections import ConnectionStore
        from .core.monitor import OrderMonitor
        from .core.order_service import OrderService
        from .core.store import Journal
        from .ui.notifier import Notifier

        self.runner = TaskRunner()
        self.store = ConnectionStore()
        self.journal = Journal(self.journal_path)
        for warning in self.journal.warnings:  # a locked, read-only, newer or damaged journal: say so once
            self.iface.messageBar().pushMessage(tr("EO Orders"), warning, Qgis.MessageLevel.Warning, 0)
        self.service = OrderService(self.store, self.journal, self.runner)
        self.notifier = Notifier(self.iface, self.show_order, self.sign_in, QIcon(ICON_PATH))
        self.service.attention.connect(self.notifier.order_attention)
        self.service.message.connect(self.notifier.message)
        self.service.error.connect(self._service_error)
        self.monitor = OrderMonitor(self.service, self.monitor_interval_s)
        self.monitor.signInNeeded.connect(self.notifier.sign_in_needed)
        self.monitor.start()

    def unload(self) -> None:
        from qgis.core import QgsApplication

        if self._qgis_is_quitting():
            self._before_quit()
        try:
            QgsApplication.instance().aboutToQuit.disconnect(self._before_quit)
        except (TypeError, RuntimeError):  # initGui never ran (headless Processing) or already disconnected
            pass
        if self.processing_provider is not None:
            from qgis.core import QgsApplication

            QgsApplication.processingRegistry().removeProvider(self.processing_provider)
            self.processing_provider = None
            self._processing_backend = None
        if self.monitor is not None:
            self.monitor.stop()
        if self.service is not None:
            self.service.close()  # cancels and waits for every task
        if self.dock is not None:
            self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.notifier is not None:
            self.notifier.close()
            self.notifier = None
        for obj in (self.monitor, self.service, self.runner):
            if obj is not None:
                obj.deleteLater()
        self.monitor = self.service = self.runner = None
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        if self.action is not None:
            self.iface.removePluginWebMenu(MENU, self.action)
            self.iface.removeWebToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        if self.help_action is not None:
            self.iface.removePluginWebMenu(MENU, self.help_action)
            self.help_action.deleteLater()
            self.help_action = None
        from .core import layers

        layers.remove_temporary_layers()
        layers.unload()
        from .providers.download import shutdown_hash_pool

        shutdown_hash_pool()
        if self._log_handler is not None:
            logging.getLogger("eo_orders").removeHandler(self._log_handler)
            self._log_handler = None
        from .core import translation

        translation.remove(self._translator)
        self._translator = None

    # -- dock -------------------------------------------------------------------------------
    def ensure_dock(self):
        """Create the dock on first use (keeps QGIS start-up free of the plugin's cost)."""
        if self.dock is None:
            from .ui.dock import EoOrdersDock
            from .ui.help import open_guide

            self.dock = EoOrdersDock(self.iface, self.service, self.iface.mainWindow())
            self.dock.setObjectName("EoOrdersDock")
            self.dock.set_help_handler(open_guide)  # the same guide as Web › EO Orders › Help
            self.dock.visibilityChanged.connect(self._sync_action)
            self.dock.signedIn.connect(self.monitor.signed_in)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        return self.dock

    def set_dock_visible(self, visible: bool) -> None:
        if visible:
            dock = self.ensure_dock()
            dock.show()
            dock.raise_()
            if self.monitor is not None:
                self.monitor.check_now()  # a reopened dock shows fresh states, not those of the last cycle
        elif self.dock is not None:
            self.dock.hide()

    def show_order(self, conn_id: str, order_id: str) -> None:
        """A notification's "Show order": open the dock on that order."""
        self._open_dock()
        self.dock.show_order(conn_id, order_id)

    def sign_in(self, conn_id: str) -> None:
        """A notification's "Sign in": open the dock on that connection (it asks what the login needs)."""
        self._open_dock()
        self.dock.set_connection(conn_id)

    def _open_dock(self) -> None:
        if self.action is not None and not self.action.isChecked():
            self.action.setChecked(True)  # shows the dock through set_dock_visible, the button in step
        else:
            self.set_dock_visible(True)

    def _service_error(self, err) -> None:
        """Errors of background work nobody waits for: the open dock's bar, else the main window's."""
        if self.dock is not None and self.dock.isVisible():
            self.dock.show_error(err)
        elif self.notifier is not None:
            self.notifier.error(err)

    def _sync_action(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.blockSignals(True)
            self.action.setChecked(visible)
            self.action.blockSignals(False)
