"""What every panel of the dock shares: its ``.ui``, the order service, and two signals to the dock.

Why panels report instead of showing: one place (the dock's message bar, ``ui.notifier.show_error``)
shows every ``EoOrdersError`` at the level it carries; a panel only says what happened.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from qgis.PyQt import uic
from qgis.PyQt.QtCore import QEvent, QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QTableView, QWidget

ERROR_STYLE = "color: #c0392b;"
HINT_STYLE = "color: #8a8a8a;"


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
