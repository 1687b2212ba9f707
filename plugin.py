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

from .core.tasks import LOG_TAG, TaskRunner
from .providers.http import redact

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
    def __init__(self, iface) -> None:
        self.iface = iface
        self.action: QAction | None = None
        self.dock = None
        self.runner: TaskRunner | None = None
        self.store = None
        self.journal = None
        #: where the order journal lives; None: the QGIS profile folder (tests point it elsewhere)
        self.journal_path: str | None = None
        self._log_handler: MessageLogHandler | None = None

    # -- QGIS hooks ---------------------------------------------------------------------------
    def initGui(self) -> None:  # noqa: N802 - QGIS API name
        self._log_handler = MessageLogHandler()
        logger = logging.getLogger("eo_orders")
        logger.addHandler(self._log_handler)
        logger.setLevel(logging.INFO)
        self.action = QAction(QIcon(ICON_PATH), "EO Orders", self.iface.mainWindow())
        self.action.setObjectName("eoOrdersToggleDock")
        self.action.setToolTip("Show or hide the EO Orders panel: order on-demand satellite processing")
        self.action.setCheckable(True)
        self.action.toggled.connect(self.set_dock_visible)
        self.iface.addWebToolBarIcon(self.action)
        self.iface.addPluginToWebMenu(MENU, self.action)

    def unload(self) -> None:
        if self.runner is not None:
            self.runner.cancel_all()
        if self.dock is not None:
            self.dock.cleanup()
            self.iface.removeDockWidget(self.dock)
            self.dock.deleteLater()
            self.dock = None
        if self.runner is not None:
            self.runner.deleteLater()
            self.runner = None
        if self.journal is not None:
            self.journal.close()
            self.journal = None
        if self.action is not None:
            self.iface.removePluginWebMenu(MENU, self.action)
            self.iface.removeWebToolBarIcon(self.action)
            self.action.deleteLater()
            self.action = None
        from .core import layers

        layers.remove_temporary_layers()
        layers.unload()
        from .providers.download import shutdown_hash_pool

        shutdown_hash_pool()
        if self._log_handler is not None:
            logging.getLogger("eo_orders").removeHandler(self._log_handler)
            self._log_handler = None

    # -- dock -------------------------------------------------------------------------------
    def ensure_dock(self):
        """Create the dock on first use (keeps QGIS start-up free of the plugin's cost)."""
        if self.dock is None:
            from .core.connections import ConnectionStore
            from .core.store import Journal
            from .ui.dock import EoOrdersDock

            self.runner = TaskRunner()
            self.store = ConnectionStore()
            self.journal = Journal(self.journal_path)
            self.dock = EoOrdersDock(self.iface, self.runner, self.store, self.iface.mainWindow(),
                                     journal=self.journal)
            self.dock.setObjectName("EoOrdersDock")
            self.dock.visibilityChanged.connect(self._sync_action)
            self.iface.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        return self.dock

    def set_dock_visible(self, visible: bool) -> None:
        if visible:
            dock = self.ensure_dock()
            dock.show()
            dock.raise_()
        elif self.dock is not None:
            self.dock.hide()

    def _sync_action(self, visible: bool) -> None:
        if self.action is not None and self.action.isChecked() != visible:
            self.action.blockSignals(True)
            self.action.setChecked(visible)
            self.action.blockSignals(False)
