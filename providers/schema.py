"""Workflow options as JSON Schema: one shape for every provider, validated with ``jsonschema``.

CDSE and prosEO describe options as a list (``WorkflowOptions[{Name, Type, Default, Value[]}]``);
UP42 sends a JSON Schema. Turning the list into a schema lets one options form and one validator
serve all of them.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from .errors import ValidationError

_TYPE_MAP = {
    "string": "string", "str": "string", "text": "string",
    "integer": "integer", "int": "integer", "long": "integer",
    "number": "number", "double": "number", "float": "number", "decimal": "number",
    "boolean": "boolean", "bool": "boolean",
    "datetime": "string", "date": "string",
}


def schema_from_option_list(options: Iterable[dict[str, Any]] | None) -> dict[str, Any]:
    """``[{Name, Description, Type, Default, Value: [allowed...], Required}]`` → JSON Schema.

    Unknown ``Type`` words fall back to string; an allowed-value list becomes an ``enum``.
    """
    props: dict[str, Any] = {}
    required: list[str] = []
    for opt in options or []:
        if not isinstance(opt, dict) or not opt.get("Name"):
            continue
        name = str(opt["Name"])
        raw_type = str(opt.get("Type") or "string").strip().lower()
        jtype = _TYPE_MAP.get(raw_type, "string")
        prop: dict[str, Any] = {"type": jtype, "title": name.replace("_", " ")}
        if opt.get("Description"):
            prop["description"] = str(opt["Description"])
        if raw_type in ("datetime", "date"):
            prop["format"] = "date-time" if raw_type == "datetime" else "date"
        allowed = opt.get("Value")
        if isinstance(allowed, list) and allowed:
            prop["enum"] = [_coerce(v, jtype) for v in allowed]
        default = opt.get("Default")
        if default not in (None, ""):
            prop["default"] = _coerce(default, jtype)
        if opt.get("Required") in (True, "true", "True"):
            required.append(name)
        props[name] = prop
    schema: dict[str, Any] = {"type": "object", "properties": props, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


def _coerce(value: Any, jtype: str) -> Any:
    try:
        if jtype == "integer":
            return int(value)
        if jtype == "number":
            return float(value)
        if jtype == "boolean":
            return value if isinstance(value, bool) else str(value).strip().lower() in ("true", "1", "yes")
    except (TypeError, ValueError):
        return value
    return value


def _is_date_time(value: object) -> bool:
    """RFC 3339 date-time, checked here because jsonschema only checks it with an optional package."""
    if not isinstance(value, str):
        return True
    from datetime import datetime

    text = value.strip()
    if "T" not in text.upper():
        return False
    try:
        datetime.fromisoformat(text[:-1] + "+00:00" if text.upper().endswith("Z") else text)
    except ValueError:
        return False
    return True


def _format_checker(validator_cls: Any) -> Any:
    checker = copy.deepcopy(validator_cls.FORMAT_CHECKER)
    if "date-time" not in checker.checkers:
        checker.checks("date-time")(_is_date_time)
    return checker


def validate_options(schema: dict[str, Any] | None, values: dict[str, Any]) -> None:
    """Raise ``ValidationError`` with per-field messages when ``values`` break ``schema``."""
    if not schema:
        return
    import jsonschema

    validator_cls = jsonschema.validators.validator_for(schema, default=jsonschema.Draft7Validator)
    validator = validator_cls(schema, format_checker=_format_checker(validator_cls))
    errors: dict[str, list[str]] = {}
    for err in validator.iter_errors(values):
        path = [str(p) for p in err.absolute_path]
        key = path[0] if path else ""
        if err.validator == "required" and not path:
            missing = err.message.split("'")[1] if "'" in err.message else ""
            key = missing
            message = "This field is required."
        elif err.validator == "additionalProperties":
            message = err.message
        elif err.validator == "pattern":  # a regex means nothing to most users: say it in words
            message = "This value is not in the expected format."
        else:
            message = err.message
        errors.setdefault(key, []).append(message)
    if errors:
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        summary = "; ".join(f"{_title(schema, props.get(k)) or k or 'request'}: {v[0]}" for k, v in errors.items())
        raise ValidationError(f"Some options are not valid — {summary}", field_errors=errors)


def _title(schema: dict[str, Any], prop: Any, depth: int = 0) -> str:
    """A property's title for messages ("Acquisition mode", not ``acquisitionMode``): its own, else the one
    of what it refers to."""
    if not isinstance(prop, dict) or depth > 5:
        return ""
    if prop.get("title"):
        return str(prop["title"])
    refs = [prop.get("$ref")] + [p.get("$ref") for p in prop.get("allOf") or [] if isinstance(p, dict)]
    for ref in refs:
        if isinstance(ref, str) and ref.startswith("#/"):
            node: Any = schema
            for part in ref[2:].split("/"):
                node = node.get(part) if isinstance(node, dict) else None
            if title := _title(schema, node, depth + 1):
                return title
    return ""


def option_strings(values: dict[str, Any]) -> list[dict[str, str]]:
    """Option values as the OData ``WorkflowOptions[{Name, Value}]`` list of strings."""
    out = []
    for name, value in values.items():
        if value is None or value == "":
            continue
        if isinstance(value, bool):
            value = "true" if value else "false"
        out.append({"Name": name, "Value": str(value)})
    return out
