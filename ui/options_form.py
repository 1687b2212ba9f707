# SPDX-License-Identifier: GPL-2.0-or-later
"""A form generated from a workflow's JSON Schema (draft-07).

Why generated: five providers describe order options in two shapes (ODIP option lists, converted by
``providers.schema``, and UP42's native JSON Schema with ``definitions``/``allOf``/``anyOf``-of-``const``),
and hand-written forms per workflow would drift from what the server validates. Validation is NOT done
here: ``validate()`` asks ``providers.schema.validate_options`` (jsonschema), the same check the
providers run, and only places its messages next to the fields.

Properties the form cannot edit (objects, arrays - e.g. UP42's ``geometry``, filled from the AOI) are
not shown; values given for them through ``set_values`` pass through unchanged.
"""

from __future__ import annotations

import copy
import math
from datetime import date, datetime, timezone
from typing import Any

from qgis.gui import QgsDateEdit, QgsDateTimeEdit
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ..providers.base import ValidationError
from ..providers.i18n import QT_TR_NOOP, tr
from ..providers.schema import check_schema, validate_options

INT_MIN, INT_MAX = -1_000_000_000, 2**31 - 1
NOT_SET = QT_TR_NOOP("not set")
HELP_STYLE = "color: #6b6b6b; font-size: 8pt;"
ERROR_STYLE = "color: #c0392b;"


# -- schema helpers ------------------------------------------------------------------------------
def resolve_ref(root: dict[str, Any], ref: str) -> dict[str, Any]:
    """A local JSON pointer (``#/definitions/X``, ``#/$defs/X``) into ``root``; {} when unknown."""
    if not ref.startswith("#"):
        return {}
    node: Any = root
    for part in ref.lstrip("#").strip("/").split("/"):
        if not part:
            continue
        part = part.replace("~1", "/").replace("~0", "~")
        if not isinstance(node, dict) or part not in node:
            return {}
        node = node[part]
    return node if isinstance(node, dict) else {}


def flatten_property(root: dict[str, Any], prop: dict[str, Any], depth: int = 0) -> dict[str, Any]:
    """Merge ``$ref`` and ``allOf`` parts into one dict; the property's own keys win.

    UP42 writes ``{"title": "Acquisition mode", "allOf": [{"$ref": "#/definitions/acquisitionMode"}]}``
    where the definition carries the ``anyOf`` list and a technical ``title``: the outer title is the
    one to show.
    """
    if depth > 10 or not isinstance(prop, dict):
        return {}
    merged: dict[str, Any] = {}
    if "$ref" in prop:
        merged.update(flatten_property(root, resolve_ref(root, prop["$ref"]), depth + 1))
    for part in prop.get("allOf") or []:
        merged.update(flatten_property(root, part, depth + 1))
    merged.update({k: v for k, v in prop.items() if k not in ("$ref", "allOf")})
    return merged


def _json_type(prop: dict[str, Any]) -> str:
    t = prop.get("type")
    if isinstance(t, list):
        t = next((x for x in t if x != "null"), "string")
    if not t:
        if "enum" in prop or _const_choices(prop):
            values = prop.get("enum") or [c for c, _ in _const_choices(prop) or []]
            sample = next((v for v in values if v is not None), "")
            return {bool: "boolean", int: "integer", float: "number"}.get(type(sample), "string")
        if "properties" in prop:
            return "object"
        return "string"
    return str(t)


def _const_choices(prop: dict[str, Any]) -> list[tuple[Any, str]] | None:
    """``anyOf``/``oneOf`` made only of ``const`` entries → [(value, title)]; else None."""
    for key in ("anyOf", "oneOf"):
        options = prop.get(key)
        if isinstance(options, list) and options and all(isinstance(o, dict) and "const" in o for o in options):
            return [(o["const"], str(o.get("title") or o["const"])) for o in options]
    return None


def _parse_datetime(value: Any) -> datetime | None:
    if isinstance(value, datetime):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    text = value.strip().replace("Z", "+00:00").replace("z", "+00:00")
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


class FitLabel(QLabel):
    """A word-wrapped label whose minimum height is what its text needs at its current width.

    Why: height-for-width does not travel up through the nested layouts of a dialog or a scroll area, so
    a wrapped help line got one line's height and the next field (the authentication combo) was drawn
    over its second line. A minimum height does travel."""

    def __init__(self, text: str = "", parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self._fit()

    def setText(self, text: str) -> None:  # noqa: N802 - Qt API name
        super().setText(text)
        self._fit()

    def _fit(self) -> None:
        needed = self.heightForWidth(self.width()) if self.text() and self.width() > 20 else 0
        if needed > 0 and self.minimumHeight() != needed:
            self.setMinimumHeight(needed)


# -- fields --------------------------------------------------------------------------------------
class _Field:
    """One property: its widget plus how to read, write and reset it."""

    def __init__(self, name: str, prop: dict[str, Any], required: bool) -> None:
        self.name = name
        self.prop = prop
        self.required = required
        self.jtype = _json_type(prop)
        self.default = prop.get("default")
        self.widget = self._make_widget()

    def _make_widget(self) -> QWidget:
        prop = self.prop
        choices = _const_choices(prop)
        if choices is None and isinstance(prop.get("enum"), list):
            choices = [(v, str(v)) for v in prop["enum"] if v is not None]
        if choices is not None:
            combo = QComboBox()
            if self.default is None:
                combo.addItem(tr("— choose —") if self.required else "", None)
            for value, title in choices:
                combo.addItem(title, value)
                if title != str(value):
                    combo.setItemData(combo.count() - 1, str(value), Qt.ItemDataRole.ToolTipRole)
            self.kind = "combo"
            return combo
        fmt = prop.get("format")
        if self.jtype == "boolean":
            box = QCheckBox()
            if self.default is None and not self.required:
                box.setTristate(True)  # partially checked = not set: false and "not given" differ
            self.kind = "bool"
            return box
        if self.jtype == "integer":
            spin = QSpinBox()
            lo = math.ceil(prop["minimum"]) if "minimum" in prop else INT_MIN
            hi = math.floor(prop["maximum"]) if "maximum" in prop else INT_MAX
            if "exclusiveMinimum" in prop:
                lo = int(prop["exclusiveMinimum"]) + 1
            if "exclusiveMaximum" in prop:
                hi = int(prop["exclusiveMaximum"]) - 1
            self._unset = lo - 1  # one below the minimum shows "not set"
            spin.setRange(self._unset, hi)
            spin.setSpecialValueText(tr(NOT_SET))
            self.kind = "int"
            return spin
        if self.jtype == "number":
            spin = QDoubleSpinBox()
            lo = float(prop.get("minimum", -1e12))
            hi = float(prop.get("maximum", 1e12))
            span = hi - lo
            step = 0.1 if span <= 10 else 1.0
            spin.setDecimals(4 if span <= 10 else 2)
            spin.setSingleStep(step)
            self._unset = lo - step
            spin.setRange(self._unset, hi)
            spin.setSpecialValueText(tr(NOT_SET))
            self.kind = "float"
            return spin
        if self.jtype == "string" and fmt == "date-time":
            edit = QgsDateTimeEdit()
            edit.setDisplayFormat("yyyy-MM-dd HH:mm 'UTC'")
            edit.setTimeSpec(Qt.TimeSpec.UTC)
            edit.setAllowNull(True)
            edit.setNullRepresentation(tr(NOT_SET))
            self.kind = "datetime"
            return edit
        if self.jtype == "string" and fmt == "date":
            edit = QgsDateEdit()
            edit.setDisplayFormat("yyyy-MM-dd")
            edit.setAllowNull(True)
            edit.setNullRepresentation(tr(NOT_SET))
            self.kind = "date"
            return edit
        line = QLineEdit()
        if prop.get("maxLength"):
            line.setMaxLength(int(prop["maxLength"]))
        example = _example(prop)
        if example:  # an example reads better than the regex the schema checks with
            line.setPlaceholderText(tr("e.g. {example}").format(example=example))
        self.kind = "text"
        return line

    # value access ---------------------------------------------------------------------------------
    def reset(self) -> None:
        self.set(self.default)

    def set(self, value: Any) -> None:
        w = self.widget
        if self.kind == "combo":
            idx = next((i for i in range(w.count()) if w.itemData(i) == value and w.itemData(i) is not None), -1)
            if idx < 0 and value is not None:  # an unknown value is kept rather than silently lost
                w.addItem(str(value), value)
                idx = w.count() - 1
            w.setCurrentIndex(max(idx, 0))
        elif self.kind == "bool":
            if value is None:
                w.setCheckState(Qt.CheckState.PartiallyChecked if w.isTristate() else Qt.CheckState.Unchecked)
            else:
                checked = value in (True, "true", "True", 1)
                w.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)
        elif self.kind in ("int", "float"):
            if value is None or value == "":
                w.setValue(self._unset)
            else:
                try:
                    w.setValue(int(value) if self.kind == "int" else float(value))
                except (TypeError, ValueError):
                    w.setValue(w.minimum())
        elif self.kind == "datetime":
            dt = _parse_datetime(value)
            if dt is None:
                w.clear()
            else:
                if dt.tzinfo is not None:
                    dt = dt.astimezone(timezone.utc)
                w.setDateTime(QDateTime(QDate(dt.year, dt.month, dt.day),
                                        QTime(dt.hour, dt.minute, dt.second), Qt.TimeSpec.UTC))
        elif self.kind == "date":
            d = value if isinstance(value, date) else None
            if d is None and isinstance(value, str) and value:
                try:
                    d = date.fromisoformat(value[:10])
                except ValueError:
                    d = None
            if d is None:
                w.clear()
            else:
                w.setDate(QDate(d.year, d.month, d.day))
        else:
            w.setText("" if value is None else str(value))

    def get(self) -> Any:
        """The value, or None when not set."""
        w = self.widget
        if self.kind == "combo":
            return w.currentData()
        if self.kind == "bool":
            state = w.checkState()
            return None if state == Qt.CheckState.PartiallyChecked else state == Qt.CheckState.Checked
        if self.kind in ("int", "float"):
            if math.isclose(w.value(), self._unset):
                return None
            return int(w.value()) if self.kind == "int" else float(w.value())
        if self.kind == "datetime":
            if w.isNull():
                return None
            qdt = w.dateTime().toUTC()
            return qdt.toString("yyyy-MM-ddTHH:mm:ss") + "Z"
        if self.kind == "date":
            return None if w.isNull() else w.date().toString("yyyy-MM-dd")
        text = w.text().strip()
        return text or None

    def changed_signal(self) -> Any:
        return {"combo": "currentIndexChanged", "bool": "stateChanged", "int": "valueChanged",
                "float": "valueChanged", "datetime": "valueChanged", "date": "valueChanged",
                "text": "textChanged"}[self.kind]


class OptionsForm(QWidget):
    """Options of one workflow; ``values()`` gives what to send, ``validate()`` shows jsonschema's verdict."""

    valuesChanged = pyqtSignal()

    def __init__(self, schema: dict[str, Any] | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.schema: dict[str, Any] = {}
        self.fields: dict[str, _Field] = {}
        self.error_labels: dict[str, QLabel] = {}
        self._passthrough: dict[str, Any] = {}
        self._hidden_titles: dict[str, str] = {}
        self._body: QWidget | None = None
        self.top_error = QLabel()
        self.top_error.setWordWrap(True)
        self.top_error.setStyleSheet(ERROR_STYLE)
        self.top_error.hide()
        self._layout.addWidget(self.top_error)
        self.set_schema(schema or {})

    # -- building ----------------------------------------------------------------------------------
    def set_schema(self, schema: dict[str, Any] | None, empty_text: str | None = None) -> None:
        """Rebuild the form for ``schema``; defaults are applied. ``empty_text`` replaces the "no
        options" sentence (the dock says "Select a workflow" before there is one)."""
        # a provider's schema is checked before use: options it cannot show or check safely are left out
        self.schema, self.schema_problems = check_schema(copy.deepcopy(schema or {}))
        self.fields.clear()
        self.error_labels.clear()
        self._passthrough.clear()
        self._hidden_titles.clear()
        self.clear_errors()
        if self._body is not None:  # hide now: deleteLater only acts on the next event loop pass
            self._layout.removeWidget(self._body)
            self._body.hide()
            self._body.setParent(None)
            self._body.deleteLater()
        self._body = QWidget(self)
        self._layout.addWidget(self._body)
        props = self.schema.get("properties") or {}
        required = set(self.schema.get("required") or [])
        form = QFormLayout(self._body)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        shown = 0
        for name in start_before_end(list(props)):
            raw_prop = props[name]
            prop = flatten_property(self.schema, raw_prop)
            # the plugin's own titles and help (marked QT_TR_NOOP in providers/) show translated; a server's
            # text has no translation and shows as sent
            title = tr(str(prop.get("title") or name))
            if _json_type(prop) in ("object", "array") and _const_choices(prop) is None and "enum" not in prop:
                self._hidden_titles[name] = title
                continue
            fld = _Field(name, prop, name in required)
            self.fields[name] = fld
            label = FitLabel(f"{title} *" if fld.required else title)
            label.setWordWrap(True)
            description = tr(str(prop.get("description") or ""))
            box = QWidget()
            vbox = QVBoxLayout(box)
            vbox.setContentsMargins(0, 0, 0, 0)
            vbox.setSpacing(1)
            vbox.addWidget(fld.widget)
            if description:
                label.setToolTip(description)
                fld.widget.setToolTip(description)
                help_label = FitLabel(_short(description))
                help_label.setWordWrap(True)
                help_label.setStyleSheet(HELP_STYLE)
                help_label.setToolTip(description)
                vbox.addWidget(help_label)
            err = FitLabel()
            err.setWordWrap(True)
            err.setStyleSheet(ERROR_STYLE)
            err.hide()
            vbox.addWidget(err)
            self.error_labels[name] = err
            fld.widget.setObjectName(f"option_{name}")
            form.addRow(label, box)
            fld.reset()
            getattr(fld.widget, fld.changed_signal()).connect(self.valuesChanged)
            # a value chosen answers "This field is required": the message goes with the change
            getattr(fld.widget, fld.changed_signal()).connect(lambda *_, n=name: self.clear_error(n))
            shown += 1
        if self.schema_problems:
            note = QLabel("\n".join(self.schema_problems[:10]))
            note.setTextFormat(Qt.TextFormat.PlainText)
            note.setWordWrap(True)
            note.setObjectName("schema_problems")
            note.setStyleSheet("color: #6b6b6b;")
            form.addRow(note)
        if shown == 0:
            empty = QLabel(empty_text or (tr("This workflow has no options.") if not self._hidden_titles
                                          else tr("This workflow has no options to set here.")))
            empty.setStyleSheet("color: #6b6b6b;")
            form.addRow(empty)
        self.valuesChanged.emit()

    # -- layout --------------------------------------------------------------------------------------
    def hasHeightForWidth(self) -> bool:  # noqa: N802 - Qt API name
        """No height-for-width: the wrapped labels carry minimum heights instead (``FitLabel``)."""
        return False

    # -- values ------------------------------------------------------------------------------------
    def values(self) -> dict[str, Any]:
        """Option values to send; unset fields are left out (the server applies its defaults)."""
        out = dict(self._passthrough)
        for name, fld in self.fields.items():
            value = fld.get()
            if value is None or value == "":
                continue
            out[name] = value
        return out

    def set_values(self, values: dict[str, Any]) -> None:
        """Set the given fields; others go back to their defaults."""
        self._passthrough = {k: v for k, v in values.items() if k not in self.fields}
        for name, fld in self.fields.items():
            if name in values:
                fld.set(values[name])
            else:
                fld.reset()

    # -- errors ------------------------------------------------------------------------------------
    def validate(self, extra: dict[str, Any] | None = None) -> bool:
        """Validate ``values()`` (plus ``extra``, e.g. what the dock fills in) with jsonschema."""
        self.clear_errors()
        try:
            validate_options(self.schema, {**self.values(), **(extra or {})})
        except ValidationError as exc:
            self.show_errors(exc.field_errors or {"": [exc.message]})
            return False
        return True

    def show_errors(self, field_errors: dict[str, list[str]]) -> None:
        """Red text under each field; errors for the whole request or hidden fields go on top."""
        self.clear_errors()
        top: list[str] = []
        for name, messages in field_errors.items():
            text = "\n".join(str(m) for m in messages)
            label = self.error_labels.get(name)
            if label is not None:
                label.setText(text)
                label.show()
            elif name:
                top.append(f"{self._hidden_titles.get(name, name)}: {text}")
            else:
                top.append(text)
        if top:
            self.top_error.setText("\n".join(top))
            self.top_error.show()

    def clear_error(self, name: str) -> None:
        label = self.error_labels.get(name)
        if label is not None and label.text():
            label.clear()
            label.hide()

    def title(self, name: str) -> str:
        """The title a field shows (its key only when the schema gives none)."""
        if name in self._hidden_titles:
            return self._hidden_titles[name]
        prop = flatten_property(self.schema, (self.schema.get("properties") or {}).get(name) or {})
        return tr(str(prop.get("title") or name))

    def clear_errors(self) -> None:
        self.top_error.clear()
        self.top_error.hide()
        for label in self.error_labels.values():
            label.clear()
            label.hide()

    def errors(self) -> dict[str, str]:
        """The error texts on show (tests and the dock's ``last_error`` read them)."""
        out = {name: label.text() for name, label in self.error_labels.items() if label.text()}
        if self.top_error.text():
            out[""] = self.top_error.text()
        return out


def start_before_end(names: list[str]) -> list[str]:
    """The schema's order, except that a "…Start" field always comes before its "…End" (a server that
    sorts its JSON keys lists ``acquisitionEnd`` first)."""
    out = list(names)
    for name in names:
        for start, end in (("Start", "End"), ("start", "end"), ("_start", "_end")):
            if name.endswith(end) and name[: -len(end)] + start in out:
                partner = name[: -len(end)] + start
                if out.index(partner) > out.index(name):
                    out.remove(partner)
                    out.insert(out.index(name), partner)
    return out


def _example(prop: dict[str, Any]) -> str:
    examples = prop.get("examples")
    if isinstance(examples, list) and examples and examples[0] not in (None, ""):
        return str(examples[0])
    return str(prop["example"]) if prop.get("example") not in (None, "") else ""


def _short(text: str, limit: int = 160) -> str:
    """The first sentence (or ``limit`` characters) for the grey help line; the tooltip has the rest."""
    first = text.split(". ")[0].strip()
    if len(first) < len(text.strip()):
        first = first.rstrip(".") + "."
    return first if len(first) <= limit else first[: limit - 1].rstrip() + "…"
