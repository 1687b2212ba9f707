# SPDX-License-Identifier: GPL-2.0-or-later
"""Provider schemas and footprints are checked before use; what cannot be shown is skipped and said.

Safe outcome: no raw jsonschema/``re``/``RecursionError`` escapes, a catastrophic ``pattern`` never runs on
the user's input (the check would otherwise hang until the child's timeout), the options form shows the
good options and a plain-text note for each one left out, and a malformed footprint leaves its product
listed without a geometry.
"""

from __future__ import annotations

import pytest
from qgis.core import QgsProject
from qgis.PyQt.QtWidgets import QLabel

from eo_orders.providers.base import InputProduct, ProviderError, ValidationError
from eo_orders.providers.schema import check_schema, pattern_problem, validate_options
from tests.hostile.unprivileged import run_python

BAD_SCHEMAS = {
    "ref_loop": {"type": "object", "properties": {"a": {"$ref": "#/definitions/a"}},
                 "definitions": {"a": {"$ref": "#/definitions/b"}, "b": {"$ref": "#/definitions/a"}}},
    "dangling_ref": {"type": "object", "properties": {"a": {"$ref": "#/definitions/none"}}},
    "remote_ref": {"type": "object", "properties": {"a": {"$ref": "http://127.0.0.1:1/evil.json"}}},
    "unknown_type": {"type": "object", "properties": {"a": {"type": "strnig"}}},
    "type_list": {"type": "object", "properties": {"a": {"type": ["string", 7]}}},
    "bad_regex": {"type": "object", "properties": {"a": {"type": "string", "pattern": "(["}}},
    "evil_regex": {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(a+)+$"}}},
    "evil_regex_words": {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(\\w+\\s?)*$"}}},
    "backref": {"type": "object", "properties": {"a": {"type": "string", "pattern": "(a)\\1"}}},
    "evil_pattern_props": {"type": "object", "patternProperties": {"(x+)+y": {"type": "string"}}},
    "properties_not_object": {"type": "object", "properties": ["a", "b"]},
    "enum_not_list": {"type": "object", "properties": {"a": {"enum": "abc"}}},
    "not_a_dict": ["type", "object"],
    "array_top": {"type": "array", "items": {"type": "string"}},
    "deep": {"type": "object", "properties": {"a": {"type": "object", "properties": {}}}},
}
_node = BAD_SCHEMAS["deep"]["properties"]["a"]
for _ in range(100):
    _node["properties"]["x"] = {"type": "object", "properties": {}}
    _node = _node["properties"]["x"]


@pytest.mark.parametrize("name", sorted(BAD_SCHEMAS))
def test_bad_schemas_never_raise_raw(name):
    schema = BAD_SCHEMAS[name]
    safe, problems = check_schema(schema)
    assert problems, "a bad schema must be reported"
    assert isinstance(safe, dict) and safe.get("type") == "object"
    try:
        validate_options(schema, {"a": "a" * 40 + "!", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxz": "v"})
    except ValidationError:
        pass
    except ProviderError:
        pass


def test_good_options_survive_next_to_bad_ones():
    schema = {"type": "object", "required": ["good", "evil"],
              "properties": {"good": {"type": "integer", "minimum": 1}, "evil": {"type": "string",
                                                                                "pattern": "^(a|aa)+$"}}}
    safe, problems = check_schema(schema)
    assert list(safe["properties"]) == ["good"] and safe["required"] == ["good"]
    assert any("'evil'" in p for p in problems)
    with pytest.raises(ValidationError) as err:
        validate_options(schema, {"good": 0, "evil": "a" * 50 + "!"})
    assert "good" in err.value.field_errors and "evil" not in err.value.field_errors


@pytest.mark.parametrize("pattern", ["^[A-Z]{2}\\d{3}$", "^S2[AB]_MSIL[12][AC]_\\d{8}T\\d{6}.*\\.SAFE$",
                                     "^(\\d{1,3}\\.){3}\\d{1,3}$", "^[a-z0-9._-]+@[a-z0-9.-]+$", "^(low|high)$"])
def test_real_patterns_are_kept(pattern):
    assert pattern_problem(pattern) == ""


def test_catastrophic_pattern_never_runs_on_input():
    """In a child with a time limit: if the evil pattern ran on this input it would take hours."""
    code = """
from eo_orders.providers.schema import validate_options
schema = {"type": "object", "properties": {"a": {"type": "string", "pattern": "^(a+)+$"},
                                           "b": {"type": "string", "pattern": "^(\\\\w+\\\\s?)*$"}}}
validate_options(schema, {"a": "a" * 60 + "!", "b": "word " * 30 + "!"})
print("DONE")
"""
    out = run_python(code, timeout=60)
    assert out.returncode == 0 and "DONE" in out.stdout, out.stderr


def test_options_form_skips_and_says_so(qgis_app):
    from eo_orders.ui.options_form import OptionsForm

    form = OptionsForm({"type": "object", "properties": {
        "ok": {"type": "string", "title": "Fine"},
        "evil": {"type": "string", "pattern": "^(a+)+$", "description": "<a href='http://x'>click</a>"},
        "loop": {"$ref": "#/definitions/l"}}, "definitions": {"l": {"$ref": "#/definitions/l"}}})
    assert list(form.fields) == ["ok"]
    note = form.findChild(QLabel, "schema_problems")
    assert note is not None and "'evil'" in note.text() and "'loop'" in note.text()
    form.validate()  # validating the shown options raises nothing raw
    form.deleteLater()


@pytest.mark.parametrize("footprint", [{"type": "Polygon", "coordinates": "nope"}, {"type": "Polygon"},
                                       {"type": "Polygon", "coordinates": [[[0, 0], [1]]]},
                                       {"type": "Unknown", "coordinates": []},
                                       {"type": "GeometryCollection", "geometries": [None, 5]},
                                       {"type": "MultiPolygon", "coordinates": [[[["a", "b"]]]]}, "POLYGON((", 42])
def test_malformed_footprint_is_listed_without_geometry(qgis_app, footprint):
    from eo_orders.core.layers import FootprintLayer

    project = QgsProject.instance()
    try:
        layer = FootprintLayer(project)
        good = InputProduct(id="good", name="good",
                            footprint={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})
        bad = InputProduct(id="bad", name="bad", footprint=footprint)  # type: ignore[arg-type]
        layer.set_products([good, bad])
        assert layer.layer.featureCount() == 2
        geoms = {f["id"] if "id" in f.fields().names() else f.id(): f.hasGeometry() for f in layer.layer.getFeatures()}
        assert sum(geoms.values()) == 1
    finally:
        project.clear()
