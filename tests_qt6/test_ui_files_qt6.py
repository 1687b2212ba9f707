# SPDX-License-Identifier: GPL-2.0-or-later
"""The Designer files on Qt6: PyQt6's uic builds ui/*.ui, enums and flags included. QGIS's own widgets in
them (map layer combo, date-time edit, password edit) are QGIS classes, so here each is built as the Qt class
it extends; the forms as a whole (with those widgets) are tested in tests/ui on QGIS."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from qgis.PyQt import uic
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QTabWidget,
    QToolButton,
)

UI = Path(__file__).resolve().parents[1] / "ui"
CUSTOM = re.compile(r"<customwidget><class>(\w+)</class><extends>(\w+)</extends>.*?</customwidget>", re.S)


def qt_only(path: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A copy of ``path`` with each QGIS custom widget replaced by the Qt class it extends (if any)."""
    text = path.read_text(encoding="utf-8")
    custom = dict(CUSTOM.findall(text))
    for cls, base in custom.items():
        text = text.replace(f'class="{cls}"', f'class="{base}"')
    text = re.sub(r"<customwidgets>.*?</customwidgets>", "", text, flags=re.S)
    out = tmp_path / path.name
    out.write_text(text, encoding="utf-8")
    return out, custom


@pytest.mark.parametrize("name", sorted(p.relative_to(UI).as_posix() for p in UI.rglob("*.ui")))
def test_every_ui_file_builds_on_qt6(qgis_app, tmp_path, name):
    path, custom = qt_only(UI / name, tmp_path)
    form_class, base_class = uic.loadUiType(str(path))
    widget = base_class()
    form = form_class()
    form.setupUi(widget)
    assert widget.findChildren(QLabel) or widget.findChildren(QTabWidget)
    assert set(custom) <= {"QgsMapLayerComboBox", "QgsDateTimeEdit", "QgsPasswordLineEdit"}, (
        "a new QGIS widget in the .ui: name it in the README's Qt6 section")


def test_connection_dialog_enums_on_qt6(qgis_app, tmp_path):
    path, _ = qt_only(UI / "connection_dialog.ui", tmp_path)
    dialog = uic.loadUi(str(path))
    buttons = dialog.findChild(QDialogButtonBox)
    assert buttons.standardButtons() == (QDialogButtonBox.StandardButton.Cancel |
                                         QDialogButtonBox.StandardButton.Save)
    policies = {layout.fieldGrowthPolicy() for layout in dialog.findChildren(QFormLayout)}
    assert policies == {QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow}
    assert isinstance(dialog.secretEdit, QLineEdit)


def test_dock_enums_on_qt6(qgis_app, tmp_path):
    """The dock is a shell of panels (ui/panels/*.ui): their enums and flags."""
    def load(name: str):
        return uic.loadUi(str(qt_only(UI / "panels" / name, tmp_path)[0]))

    workflow, orders = load("workflow_panel.ui"), load("orders_panel.ui")
    assert workflow.workflowDescription.textInteractionFlags() == Qt.TextInteractionFlag.TextSelectableByMouse
    assert orders.orderDetails.textInteractionFlags() == Qt.TextInteractionFlag.TextBrowserInteraction
    assert orders.actionsButton.popupMode() == QToolButton.ToolButtonPopupMode.InstantPopup
    assert workflow.optionsScroll.frameShape() == QFrame.Shape.NoFrame
    assert workflow.optionsScroll.widgetResizable()
    assert isinstance(load("aoi_panel.ui").layerCombo, QComboBox)
    assert isinstance(load("inputs_panel.ui").startEdit, QDateTimeEdit)
    assert isinstance(uic.loadUi(str(UI / "dock.ui")).tabs, QTabWidget)
