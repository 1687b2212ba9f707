# SPDX-License-Identifier: GPL-2.0-or-later
"""A headless stand-in for ``QgisInterface`` with real Qt objects behind every call the plugin makes.

The demo and the tests run the plugin without the QGIS desktop. Every method here is one the plugin
calls (``grep iface. plugin.py ui/``), implemented for real — a main window, a map canvas, a Web menu and
toolbar, dock areas — so the plugin's unload test can see that every action really left the menu and
the toolbar.
"""

from __future__ import annotations

from qgis.core import QgsProject
from qgis.gui import QgsMapCanvas, QgsMessageBar
from qgis.PyQt.QtCore import QObject, Qt
from qgis.PyQt.QtWidgets import QAction, QDockWidget, QMainWindow, QMenu, QToolBar


class HeadlessIface(QObject):
    def __init__(self, canvas: QgsMapCanvas, window: QMainWindow) -> None:
        super().__init__(window)
        self._canvas = canvas
        self._window = window
        self._message_bar = QgsMessageBar(window)
        self.web_menus: dict[str, QMenu] = {}
        self.web_toolbar = QToolBar("Web", window)
        window.addToolBar(self.web_toolbar)
        self.docks: list[QDockWidget] = []
        QgsProject.instance().layersAdded.connect(self._show_new_layers)

    def _show_new_layers(self, layers) -> None:
        """Like the desktop: layers added to the project appear on the canvas."""
        self._canvas.setLayers([*layers, *self._canvas.layers()])

    def mainWindow(self) -> QMainWindow:  # noqa: N802 - QGIS API names
        return self._window

    def mapCanvas(self) -> QgsMapCanvas:  # noqa: N802
        return self._canvas

    def messageBar(self) -> QgsMessageBar:  # noqa: N802
        return self._message_bar

    def addDockWidget(self, area: Qt.DockWidgetArea, dock: QDockWidget) -> None:  # noqa: N802
        self._window.addDockWidget(area, dock)
        self.docks.append(dock)

    def removeDockWidget(self, dock: QDockWidget) -> None:  # noqa: N802
        self._window.removeDockWidget(dock)
        if dock in self.docks:
            self.docks.remove(dock)

    def addWebToolBarIcon(self, action: QAction) -> None:  # noqa: N802
        self.web_toolbar.addAction(action)

    def removeWebToolBarIcon(self, action: QAction) -> None:  # noqa: N802
        self.web_toolbar.removeAction(action)

    def addPluginToWebMenu(self, name: str, action: QAction) -> None:  # noqa: N802
        menu = self.web_menus.get(name)
        if menu is None:
            menu = self.web_menus[name] = QMenu(name, self._window)
        menu.addAction(action)

    def removePluginWebMenu(self, name: str, action: QAction) -> None:  # noqa: N802
        menu = self.web_menus.get(name)
        if menu is not None:
            menu.removeAction(action)
            if not menu.actions():
                del self.web_menus[name]
                menu.deleteLater()
