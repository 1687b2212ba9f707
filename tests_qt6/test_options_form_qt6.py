# SPDX-License-Identifier: GPL-2.0-or-later
"""The options form on Qt6: widgets built from JSON Schema, typed into with QTest, values and jsonschema
errors read back. Date and date-time fields use QGIS's date editors and are tested only in tests/ui."""

from __future__ import annotations

import pytest
from qgis.PyQt.QtCore import QPoint, Qt
from qgis.PyQt.QtTest import QSignalSpy, QTest
from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from eo_orders.providers.schema import schema_from_option_list
from eo_orders.ui.options_form import NOT_SET, OptionsForm

SCHEMA = {
    "type": "object",
    "definitions": {
        "mode": {"anyOf": [{"const": "mono", "title": "MONO"}, {"const": "stereo", "title": "STEREO"}]},
    },
    "properties": {
        "mode": {"title": "Acquisition mode", "allOf": [{"$ref": "#/definitions/mode"}]},
        "level": {"enum": ["L1", "L2"], "default": "L2"},
        "cloud": {"title": "Max cloud", "type": "integer", "minimum": 5, "maximum": 20},
        "ratio": {"type": "number", "minimum": 0.2, "maximum": 0.8, "default": 0.4},
        "speckle": {"type": "boolean", "description": "Apply a Lee filter."},
        "label": {"type": "string", "maxLength": 12},
        "geometry": {"type": "object"},
    },
    "required": ["mode", "cloud", "geometry"],
    "additionalProperties": False,
}
GEOMETRY = {"type": "Polygon", "coordinates": [[[12.4, 41.8], [12.6, 41.8], [12.6, 42.0], [12.4, 41.8]]]}


def test_widgets_and_defaults(qgis_app):
    form = OptionsForm(SCHEMA)
    mode = form.fields["mode"].widget
    assert isinstance(mode, QComboBox)
    assert [mode.itemText(i) for i in range(mode.count())] == ["— choose —", "MONO", "STEREO"]
    assert mode.itemData(2, Qt.ItemDataRole.ToolTipRole) == "stereo"
    assert isinstance(form.fields["cloud"].widget, QSpinBox) and form.fields["cloud"].widget.maximum() == 20
    assert isinstance(form.fields["ratio"].widget, QDoubleSpinBox)
    speckle = form.fields["speckle"].widget
    assert isinstance(speckle, QCheckBox) and speckle.isTristate()
    assert speckle.checkState() == Qt.CheckState.PartiallyChecked  # not set, which differs from false
    assert isinstance(form.fields["label"].widget, QLineEdit) and form.fields["label"].widget.maxLength() == 12
    assert "geometry" not in form.fields
    assert form.fields["cloud"].widget.text() == NOT_SET
    assert form.values() == {"level": "L2", "ratio": 0.4}
    labels = [w.text() for w in form.findChildren(QLabel)]
    assert "Acquisition mode *" in labels and "Max cloud *" in labels and "Apply a Lee filter." in labels


def test_typing_into_the_form_on_qt6(qgis_app):
    form = OptionsForm(SCHEMA)
    form.show()
    spy = QSignalSpy(form.valuesChanged)
    QTest.keyClicks(form.fields["label"].widget, "Rome stereo pair")  # 16 characters, 12 allowed
    speckle = form.fields["speckle"].widget
    indicator = QPoint(7, speckle.height() // 2)  # a check box without text is hit on its box only
    QTest.mouseClick(speckle, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, indicator)
    cloud = form.fields["cloud"].widget
    cloud.setFocus()
    QTest.keyClick(cloud, Qt.Key.Key_Up)  # from "not set" to the minimum
    mode = form.fields["mode"].widget
    mode.setCurrentIndex(mode.findData("stereo"))
    values = form.values()
    assert form.fields["label"].widget.text() == "Rome stereo "  # maxLength held the typing at 12
    assert values["label"] == "Rome stereo"
    assert values["speckle"] is True
    assert values["cloud"] == 5 and values["mode"] == "stereo"
    assert len(spy) >= 4
    form.set_values({**values, "geometry": GEOMETRY})
    assert form.values() == {**values, "geometry": GEOMETRY}
    assert form.validate()


def test_round_trip_and_errors(qgis_app):
    form = OptionsForm(SCHEMA)
    assert not form.validate()
    errors = form.errors()
    assert "required" in errors["mode"] and "required" in errors["cloud"]
    assert errors[""].startswith("geometry")
    assert form.error_labels["mode"].isVisibleTo(form)
    values = {"mode": "mono", "level": "L1", "cloud": 12, "ratio": 0.55, "speckle": False, "label": "x",
              "geometry": GEOMETRY}
    form.set_values(values)
    assert form.values() == values
    assert form.validate() and form.errors() == {}
    form.set_values({**values, "cloud": None, "speckle": None})
    assert "cloud" not in form.values() and "speckle" not in form.values()
    form.show_errors({"ratio": ["too large"], "": ["The provider refused the order."]})
    assert form.errors() == {"ratio": "too large", "": "The provider refused the order."}
    form.clear_errors()
    assert form.errors() == {}


def test_option_list_schema_and_rebuild(qgis_app):
    options = [
        {"Name": "output_resolution", "Type": "integer", "Default": 20, "Value": [10, 20, 40]},
        {"Name": "speckle_filter", "Type": "boolean", "Default": "false"},
        {"Name": "scale", "Type": "double"},
    ]
    form = OptionsForm(schema_from_option_list(options))
    assert form.values() == {"output_resolution": 20, "speckle_filter": False}
    form.set_schema({"type": "object", "properties": {}})
    assert form.values() == {} and form.validate()
    assert "This workflow has no options." in [w.text() for w in form.findChildren(QLabel) if w.isVisibleTo(form)]


def test_date_fields_need_qgis(qgis_app):
    with pytest.raises(RuntimeError, match="QgsDateTimeEdit is a QGIS class"):
        OptionsForm({"type": "object", "properties": {"after": {"type": "string", "format": "date-time"}}})
