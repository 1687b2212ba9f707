# SPDX-License-Identifier: GPL-2.0-or-later
"""OptionsForm: widgets from JSON Schema, value round trips, jsonschema errors shown next to fields."""

from __future__ import annotations

from qgis.PyQt.QtWidgets import QCheckBox, QComboBox, QDoubleSpinBox, QLabel, QLineEdit, QSpinBox

from eo_orders.providers.schema import schema_from_option_list
from eo_orders.ui.options_form import OptionsForm

CARD_BS_OPTIONS = [
    {"Name": "output_resolution", "Type": "integer", "Default": 20, "Value": [10, 20, 40]},
    {"Name": "speckle_filter", "Type": "boolean", "Default": "false", "Description": "Apply a Lee filter."},
    {"Name": "dem_name", "Type": "string", "Default": "COP-DEM", "Value": ["COP-DEM", "SRTM"]},
    {"Name": "scale", "Type": "double", "Description": "Scale factor. Used for display."},
    {"Name": "label", "Type": "string", "Required": True},
    {"Name": "after", "Type": "datetime"},
]

DEFS_SCHEMA = {
    "type": "object",
    "definitions": {
        "mode": {"title": "mode", "anyOf": [{"const": "mono", "title": "MONO"}, {"const": "stereo", "title": "STEREO"}],
                 "default": None},
        "level": {"enum": ["L1", "L2"]},
    },
    "properties": {
        "mode": {"title": "Acquisition mode", "type": "string", "allOf": [{"$ref": "#/definitions/mode"}]},
        "level": {"$ref": "#/definitions/level", "title": "Level", "default": "L2"},
        "cloud": {"title": "Max cloud", "type": "integer", "minimum": 5, "maximum": 20},
        "ratio": {"type": "number", "minimum": 0.2, "maximum": 0.8, "default": 0.4},
        "day": {"type": "string", "format": "date"},
        "geometry": {"type": "object"},
    },
    "required": ["mode", "cloud", "geometry"],
    "additionalProperties": False,
}


def test_card_bs_list_schema_round_trip(qgis_app):
    form = OptionsForm(schema_from_option_list(CARD_BS_OPTIONS))
    assert isinstance(form.fields["output_resolution"].widget, QComboBox)
    assert isinstance(form.fields["speckle_filter"].widget, QCheckBox)
    assert isinstance(form.fields["scale"].widget, QDoubleSpinBox)
    assert isinstance(form.fields["label"].widget, QLineEdit)
    # defaults applied; unset optional fields left out
    assert form.values() == {"output_resolution": 20, "speckle_filter": False, "dem_name": "COP-DEM"}
    values = {"output_resolution": 40, "speckle_filter": True, "dem_name": "SRTM", "scale": 2.5, "label": "x",
              "after": "2026-10-01T12:30:00Z"}
    form.set_values(values)
    assert form.values() == values
    assert form.validate()
    labels = [w.text() for w in form.findChildren(QLabel)]
    assert "label *" in labels and "Apply a Lee filter." in labels


def test_definitions_allof_and_const_lists(qgis_app):
    form = OptionsForm(DEFS_SCHEMA)
    mode = form.fields["mode"].widget
    assert isinstance(mode, QComboBox)
    assert [mode.itemText(i) for i in range(mode.count())] == ["— choose —", "MONO", "STEREO"]
    assert isinstance(form.fields["cloud"].widget, QSpinBox)
    assert "geometry" not in form.fields  # filled from the AOI, not typed
    assert form.values() == {"level": "L2", "ratio": 0.4}
    geometry = {"type": "Polygon", "coordinates": [[[12.4, 41.8], [12.6, 41.8], [12.6, 42.0], [12.4, 41.8]]]}
    values = {"mode": "stereo", "level": "L1", "cloud": 10, "ratio": 0.55, "day": "2026-12-01", "geometry": geometry}
    form.set_values(values)
    assert form.values() == values
    assert form.validate()


def test_invalid_values_show_errors_next_to_fields(qgis_app):
    form = OptionsForm(DEFS_SCHEMA)
    assert not form.validate()
    errors = form.errors()
    assert "required" in errors["mode"] and "required" in errors["cloud"]
    assert errors[""].startswith("geometry")  # hidden field: reported on top
    assert form.error_labels["mode"].isVisibleTo(form)
    form.set_values({"mode": "mono", "cloud": 12, "geometry": {"type": "Polygon", "coordinates": []}})
    assert form.validate() and form.errors() == {}
    form.show_errors({"ratio": ["too large"], "": ["The provider refused the order."]})
    assert form.errors() == {"ratio": "too large", "": "The provider refused the order."}
    form.clear_errors()
    assert form.errors() == {}


def test_empty_schema_says_so(qgis_app):
    form = OptionsForm({"type": "object", "properties": {}})
    assert form.values() == {} and form.validate()
    assert "This workflow has no options." in [w.text() for w in form.findChildren(QLabel)]


def test_pleiades_tasking_schema(qgis_app, shared_fixture):
    schema = shared_fixture("up42/schema_pleiades_tasking.json")
    form = OptionsForm(schema)
    mode = form.fields["acquisitionMode"].widget
    assert isinstance(mode, QComboBox) and mode.findText("TRISTEREO") >= 0
    assert isinstance(form.fields["cloudCoverage"].widget, QSpinBox)
    assert form.fields["cloudCoverage"].widget.maximum() == 20
    assert form.values()["deliveredAs"] == "geotiff"
    labels = [w.text() for w in form.findChildren(QLabel)]
    assert "Acquisition mode *" in labels and "Maximum B/H ratio" in labels
    values = {**form.values(), "displayName": "Rome stereo", "acquisitionStart": "2026-12-01T00:00:00Z",
              "acquisitionEnd": "2026-12-31T23:59:00Z", "acquisitionMode": "stereo", "cloudCoverage": 10,
              "incidenceAngle": 30, "minBH": 0.4, "maxBH": 0.7,
              "geometry": {"type": "Polygon",
                           "coordinates": [[[12.4, 41.8], [12.6, 41.8], [12.6, 42.0], [12.4, 42.0], [12.4, 41.8]]]}}
    form.set_values(values)
    assert form.values() == values
    assert form.validate()
    form.set_values({**values, "cloudCoverage": None, "acquisitionMode": None})
    assert not form.validate()
    assert set(form.errors()) >= {"cloudCoverage", "acquisitionMode"}


# -- issue 14: what the analyst reads -------------------------------------------------------------------
def _row_names(form: OptionsForm) -> list[str]:
    from qgis.PyQt.QtWidgets import QFormLayout

    layout = form._body.layout()
    names = []
    for row in range(layout.rowCount()):
        item = layout.itemAt(row, QFormLayout.ItemRole.FieldRole)
        field = next((n for n, f in form.fields.items() if item is not None and item.widget() is not None
                      and item.widget().isAncestorOf(f.widget)), None)
        if field:
            names.append(field)
    return names


def test_start_comes_before_end_even_when_the_server_sorts_its_keys(qgis_app):
    sorted_keys = {"type": "object", "properties": {  # as a JSON encoder with sort_keys writes it
        "acquisitionEnd": {"type": "string", "format": "date-time", "title": "End"},
        "acquisitionMode": {"type": "string", "enum": ["mono", "stereo"]},
        "acquisitionStart": {"type": "string", "format": "date-time", "title": "Start"},
        "window_end": {"type": "string"}, "window_start": {"type": "string"}}}
    form = OptionsForm(sorted_keys)
    order = _row_names(form)
    assert order.index("acquisitionStart") < order.index("acquisitionEnd")
    assert order.index("window_start") < order.index("window_end")
    assert order.index("acquisitionMode") > order.index("acquisitionEnd")  # the rest keeps its place


def test_a_pattern_is_never_a_placeholder_nor_a_message(qgis_app):
    schema = {"type": "object", "properties": {
        "reference": {"type": "string", "title": "Product reference", "pattern": "^S5P_[A-Z0-9_]+$"},
        "tile": {"type": "string", "pattern": "^[0-9]{2}[A-Z]{3}$", "examples": ["33TUG"]}}}
    form = OptionsForm(schema)
    assert form.fields["reference"].widget.placeholderText() == ""
    assert form.fields["tile"].widget.placeholderText() == "e.g. 33TUG"
    form.set_values({"reference": "bad", "tile": "33TUG"})
    assert not form.validate()
    message = form.errors()["reference"]
    assert "expected format" in message and "^" not in message and "S5P_" not in message


def test_messages_name_fields_by_title_and_go_once_a_value_is_chosen(qgis_app):
    from eo_orders.providers.base import ValidationError
    from eo_orders.providers.schema import validate_options

    form = OptionsForm(DEFS_SCHEMA)
    try:
        validate_options({**DEFS_SCHEMA, "required": ["mode"]}, {})
    except ValidationError as exc:
        assert "Acquisition mode: This field is required." in exc.message and "mode:" not in exc.message.lower(
        ).replace("acquisition mode:", "")
        form.show_errors(exc.field_errors)
    else:
        raise AssertionError("a missing required field passed")
    assert form.errors()["mode"] == "This field is required."
    combo = form.fields["mode"].widget
    combo.setCurrentIndex(combo.findData("stereo"))
    assert "mode" not in form.errors()
