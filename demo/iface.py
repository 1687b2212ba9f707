"""A headless ``QgisInterface`` whose Web menu and toolbar are real Qt objects.

pytest-qgis's interface answers unknown calls with mocks; the plugin's unload test needs to see that
every action really left the menu and the toolbar, so those calls are implemented here for real.
"""

from __future__ import annotations

from pytest_qgis.mock_qgis_classes import MockMessageBar
from pytest_qgis.qgis_interface import QgisInterface
from qgis.PyQt.QtWidgets import QAction, QMainWindow, QMenu, QToolBar


class HeadlessIface(QgisInterface):
    def __init__(self, canvas, window: QMainWindow) -> None:
        super().__init__(canvas, MockMessageBar(), window)
        self.web_menus: dict[str, QMenu] = {}
        self.web_toolbar = QToolBar("Web", window)
        window.addToolBar(self.web_toolbar)

    def addWebToolBarIcon(self, action: QAction) -> None:  # noqa: N802 - QGIS API name
        self.web_toolbar.addAction(action)

    def removeWebToolBarIcon(self, action: QAction) -> None:  # noqa: N802
        self.web_toolbar.removeAction(action)

    def addPluginToWebMenu(self, name: str, action: QAction) -> None:  # noqa: N802
        menu = self.web_menus.get(name)
        if menu is None:
            menu = self.web_menus[name] = QMenu(name, self.mainWindow())
        menu.addAction(action)

    def removePluginWebMenu(self, name: str, action: QAction) -> None:  # noqa: N802
        menu = self.web_menus.get(name)
        if menu is not None:
            menu.removeAction(action)
            if not menu.actions():
                del self.web_menus[name]
                menu.deleteLater()
