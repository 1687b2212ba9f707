# SPDX-License-Identifier: GPL-2.0-or-later
"""What every panel of the dock shares: its ``.ui``, the order service, and two signals to the dock.

Why panels report instead of showing: one place (the dock's message bar, ``ui.notifier.show_error``)
shows every ``EoOrdersError`` at the level it carries; a panel only says what happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QEvent, QItemSelectionModel, QObject, QPoint, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QMenu, QMessageBox, QTableView, QWidget

from ...providers.i18n import tr

ERROR_STYLE = "color: #c0392b;"
HINT_STYLE = "color: #8a8a8a;"


#: the object name of every confirmation box (tests find the box by it and press its buttons)
CONFIRM_NAME = "eoOrdersConfirm"


def ask(parent: QWidget | None, title: str, text: str, yes: str = "", no: str = "") -> bool:
    """Confirm an irreversible step (cancel, pay, delete). "No" is the default and Esc's answer, so a
    stray Enter never spends money; the buttons say what they do."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, QMessageBox.StandardButton.NoButton, parent)
    box.setObjectName(CONFIRM_NAME)
    yes_button = box.addButton(yes or tr("Yes"), QMessageBox.ButtonRole.YesRole)
    no_button = box.addButton(no or tr("No"), QMessageBox.ButtonRole.NoRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


def load_form(module_file: str, name: str) -> Any:
    """The form class of ``name.ui`` next to the panel's module."""
    form, _ = uic.loadUiType(str(Path(module_file).with_name(f"{name}.ui")))
    return form


class Panel(QWidget):
    """Base of the dock's panels. Subclasses mix in their form class (``class X(Panel, FORM)``)."""

    #: an ``EoOrdersError`` (or plain text) for the dock to show
    error = pyqtSignal(object)
    #: a success message for the dock to show
    success = pyqtSignal(str)
    #: something the dock's button states depend on changed
    changed = pyqtSignal()

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.service = service

    def report(self, err: Any) -> None:
        self.error.emit(err)
        self.changed.emit()


class _ResizeWatcher(QObject):
    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API name
        if event.type() == QEvent.Type.Resize:
            self.callback()
        return False


class EmptyHint:
    """A grey sentence centred over an empty table: says what to do instead of showing a blank grid."""

    def __init__(self, view: QTableView, text: str) -> None:
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(HINT_STYLE)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        model = view.model()
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            sig.connect(self.update)
        self._filter = _ResizeWatcher(self.update, view)  # keep the label sized to the viewport
        view.viewport().installEventFilter(self._filter)
        self.update()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.update()

    def update(self, *args: Any) -> None:
        vp = self.view.viewport()
        self.label.setGeometry(8, 8, max(vp.width() - 16, 50), max(vp.height() - 16, 30))
        self.label.setVisible(self.view.model().rowCount() == 0)


def setup_view(view: QTableView, model: Any, mode: Any) -> None:
    view.setModel(model)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(mode)
    view.setAlternatingRowColors(True)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(22)
    view.horizontalHeader().setStretchLastSection(True)
    view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setWordWrap(False)
    view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # product and order names differ at their ends


def fit_columns(view: QTableView, first_max: int) -> None:
    """Columns sized to their content, the (long) name column capped so the others stay in sight."""
    view.resizeColumnsToContents()
    if view.columnWidth(0) > first_max:
        view.setColumnWidth(0, first_max)


class TableMenu(QObject):
    """A right-click menu, double-click and Enter on a table: the analyst's habits from QGIS's attribute
    table. ``build(menu, item)`` fills the menu for the item under the cursor (selected first);
    ``activate(item)`` is the double-click (zoom to the footprint, open the results…)."""

    def __init__(self, view: QTableView, build: Callable[[QMenu, Any], None],
                 activate: Callable[[Any], None] | None = None) -> None:
        super().__init__(view)
        self.view = view
        self.build = build
        self.activate = activate
        view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        view.customContextMenuRequested.connect(self._show)
        view.doubleClicked.connect(self._activated)
        #: the last menu built (tests read its actions)
        self.last_menu: QMenu | None = None

    def item_at(self, pos: QPoint) -> Any:
        index = self.view.indexAt(pos)
        if not index.isValid():
            return None
        selection = self.view.selectionModel()
        if not selection.isRowSelected(index.row(), index.parent()):
            selection.select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                             | QItemSelectionModel.SelectionFlag.Rows)
        return index.sibling(index.row(), 0).data(Qt.ItemDataRole.UserRole)

    def menu_for(self, pos: QPoint) -> QMenu | None:
        item = self.item_at(pos)
        if item is None:
            return None
        menu = QMenu(self.view)
        self.build(menu, item)
        self.last_menu = menu
        return menu if menu.actions() else None

    def _show(self, pos: QPoint) -> None:
        menu = self.menu_for(pos)
        if menu is not None:
            menu.exec(self.view.viewport().mapToGlobal(pos))

    def _activated(self, index: Any) -> None:
        if self.activate is not None and index.isValid():
            self.activate(index.sibling(index.row(), 0).data(Qt.ItemDataRole.UserRole))


def copy_text(text: str) -> None:
    from qgis.PyQt.QtWidgets import QApplication

    QApplication.clipboard().setText(text)


def zoom_to(iface: Any, extent: Any, crs: Any) -> bool:
    """Zoom the map canvas to ``extent`` (in ``crs``), with a margin; False when there is nothing to show."""
    from qgis.core import QgsCoordinateTransform, QgsProject

    if iface is None or extent is None or extent.isNull():
        return False
    canvas = iface.mapCanvas()
    dest = canvas.mapSettings().destinationCrs()
    if crs is not None and crs.isValid() and dest.isValid() and crs != dest:
        extent = QgsCoordinateTransform(crs, dest, QgsProject.instance()).transformBoundingBox(extent)
    extent = extent.buffered(max(extent.width(), extent.height()) * 0.1 or 0.01)
    canvas.setExtent(extent)
    canvas.refresh()
    return True


def geojson_extent(geometry: Any) -> Any:
    """The bounding box of a GeoJSON geometry (EPSG:4326) as a QgsRectangle, or None."""
    import json

    from osgeo import ogr
    from qgis.core import QgsRectangle

    if not geometry:
        return None
    try:
        geom = ogr.CreateGeometryFromJson(json.dumps(geometry))
    except (TypeError, ValueError, RuntimeError):
        return None
    if geom is None:
        return None
    min_x, max_x, min_y, max_y = geom.GetEnvelope()
    return QgsRectangle(min_x, min_y, max_x, max_y)
