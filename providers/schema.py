# SPDX-License-Identifier: GPL-2.0-or-later
"""Workflow options as JSON Schema: one shape for every provider, validated with ``jsonschema``.

CDSE and prosEO describe options as a list (``WorkflowOptions[{Name, Type, Default, Value[]}]``);
UP42 sends a JSON Schema. Turning the list into a schema lets one options form and one validator
serve all of them.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from typing import Any

from .errors import ProviderError, ValidationError
from .i18n import tr
from .sanitize import is_secret_name, redact

try:  # Python 3.11+: the regex parser moved; the old module warns on import
    from re import _parser as _sre  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - Python < 3.11 (QGIS 3.22-3.34)
    import sre_parse as _sre  # type: ignore[no-redef]

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
    for opt in options if isinstance(options, (list, tuple)) else []:  # junk (true, "x", {}) reads as none
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


# ------------------------------------------------------------------------------------ checking a schema

JSON_TYPES = frozenset({"object", "array", "string", "number", "integer", "boolean", "null"})
#: longest regular expression taken from a provider; deepest schema nesting looked at
MAX_PATTERN_CHARS = 1000
MAX_SCHEMA_DEPTH = 32
#: strings longer than this are not matched against a provider pattern on the client (the server checks)
MAX_PATTERN_INPUT = 10_000


def pattern_problem(pattern: Any) -> str:
    """Why a schema ``pattern`` cannot be used safely here (``""`` when it can).

    A provider's regex runs on the user's input on the UI thread: one with catastrophic backtracking
    (``(a+)+$``, ``(a|a)*``, back-references) freezes QGIS. The pattern is parsed and refused when a
    repetition contains another unbounded repetition or overlapping alternatives — the shapes that
    backtrack exponentially — so it never runs at all; the server still validates the value.
    """
    if not isinstance(pattern, str):
        return "its pattern is not text"
    if len(pattern) > MAX_PATTERN_CHARS:
        return "its pattern is too long"
    try:
        tree = _sre.parse(pattern)
    except (re.error, RecursionError, OverflowError, ValueError) as exc:
        return f"its pattern is not a valid regular expression ({str(exc)[:80]})"
    try:
        return _unsafe(tree, inside_repeat=False)
    except RecursionError:
        return "its pattern is nested too deeply"


def _unbounded(max_count: Any) -> bool:
    return max_count == _sre.MAXREPEAT or (isinstance(max_count, int) and max_count > 100)


def _first_chars(items: Any) -> set[Any] | None:
    """Characters a sub-pattern can start with, or None for "anything" (coarse on purpose)."""
    for op, arg in items:
        if op == _sre.LITERAL:
            return {arg}
        if op == _sre.IN and all(o == _sre.LITERAL for o, _ in arg):
            return {a for _, a in arg}
        if op in (_sre.AT,):
            continue
        if op == _sre.SUBPATTERN:
            return _first_chars(arg[-1])
        return None
    return set()


def _unsafe(items: Any, inside_repeat: bool) -> str:
    for op, arg in items:
        if op in (_sre.GROUPREF, getattr(_sre, "GROUPREF_EXISTS", None)):
            return "its pattern uses back-references"
        if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT, getattr(_sre, "POSSESSIVE_REPEAT", None)):
            _min, max_count, sub = arg
            unbounded = _unbounded(max_count)
            if unbounded and inside_repeat:
                return "its pattern nests repetitions (catastrophic backtracking)"
            problem = _unsafe(sub, inside_repeat or unbounded)
            if problem:
                return problem
        elif op == _sre.SUBPATTERN:
            problem = _unsafe(arg[-1], inside_repeat)
            if problem:
                return problem
        elif op == getattr(_sre, "ATOMIC_GROUP", None):
            problem = _unsafe(arg, inside_repeat)
            if problem:
                return problem
        elif op == _sre.BRANCH:
            branches = arg[1]
            if inside_repeat:
                if any(len(b) == 0 for b in branches):  # (a|aa)+ parses as a(|a)+: an empty alternative
                    return "its pattern repeats overlapping alternatives (catastrophic backtracking)"
                starts = [_first_chars(b) for b in branches]
                if any(s is None for s in starts) or sum(len(s) for s in starts if s) != len(
                        set().union(*[s for s in starts if s])):
                    return "its pattern repeats overlapping alternatives (catastrophic backtracking)"
            for b in branches:
                problem = _unsafe(b, inside_repeat)
                if problem:
                    return problem
    return ""


def _resolve(root: dict[str, Any], ref: Any) -> Any:
    """A local ``$ref`` (``#/definitions/x``, ``#/$defs/x``) or None when it cannot be resolved here."""
    if not isinstance(ref, str) or not ref.startswith("#"):
        return None
    node: Any = root
    for part in [p for p in ref[1:].split("/") if p]:
        part = part.replace("~1", "/").replace("~0", "~")
        if isinstance(node, dict) and part in node:
            node = node[part]
        else:
            return None
    return node


def _node_problem(root: dict[str, Any], node: Any, depth: int, refs: tuple[str, ...]) -> str:
    """Why one (sub)schema cannot be shown and checked safely, or ``""``."""
    if depth > MAX_SCHEMA_DEPTH:
        return "its description is nested too deeply"
    if isinstance(node, bool):
        return ""
    if not isinstance(node, dict):
        return "its description is not a schema"
    if "$ref" in node:
        ref = node["$ref"]
        if ref in refs:
            return "its description refers to itself in a loop"
        target = _resolve(root, ref)
        if target is None:
            return f"its description refers to something missing ({str(ref)[:60]})"
        problem = _node_problem(root, target, depth + 1, (*refs, str(ref)))
        if problem:
            return problem
    types = node.get("type")
    if types is not None:
        listed = types if isinstance(types, list) else [types]
        if not listed or not all(isinstance(t, str) and t in JSON_TYPES for t in listed):
            return f"its type {str(types)[:40]} is unknown"
    if "pattern" in node:
        problem = pattern_problem(node["pattern"])
        if problem:
            return problem
    for key in ("patternProperties",):
        if isinstance(node.get(key), dict):
            for pat, sub in node[key].items():
                problem = pattern_problem(pat) or _node_problem(root, sub, depth + 1, refs)
                if problem:
                    return problem
    for key in ("properties", "definitions", "$defs"):
        value = node.get(key)
        if value is not None and not isinstance(value, dict):
            return f"its {key} is not an object"
        for sub in (value or {}).values():
            problem = _node_problem(root, sub, depth + 1, refs)
            if problem:
                return problem
    for key in ("items", "additionalProperties", "not", "if", "then", "else", "contains", "propertyNames"):
        if key in node:
            subs = node[key] if isinstance(node[key], list) else [node[key]]
            for sub in subs:
                problem = _node_problem(root, sub, depth + 1, refs)
                if problem:
                    return problem
    for key in ("allOf", "anyOf", "oneOf"):
        if key in node:
            if not isinstance(node[key], list):
                return f"its {key} is not a list"
            for sub in node[key]:
                problem = _node_problem(root, sub, depth + 1, refs)
                if problem:
                    return problem
    for key in ("enum", "required"):
        if key in node and not isinstance(node[key], list):
            return f"its {key} is not a list"
    return ""


def check_schema(schema: Any) -> tuple[dict[str, Any], list[str]]:
    """A copy of a provider's options ``schema`` that is safe to show and to validate with, and one
    sentence per option left out (bad type, ``$ref`` loop or dangling, regex invalid or unsafe...).

    Why before use: the schema comes from the network; ``jsonschema`` raises raw errors on malformed
    ones, and a catastrophic ``pattern`` would freeze QGIS's UI thread while the user types.
    """
    empty: dict[str, Any] = {"type": "object", "properties": {}}
    if schema is None or schema == {}:
        return empty, []
    if not isinstance(schema, dict):
        return empty, ["The service described this workflow's options in an unreadable form; none are shown."]
    try:
        root = copy.deepcopy(schema)
    except RecursionError:
        return empty, ["The service described this workflow's options nested too deeply; none are shown."]
    problems: list[str] = []
    top_type = root.get("type", "object")
    if top_type != "object":
        return empty, [f"The service described this workflow's options as {str(top_type)[:40]}, not as a set of "
                       f"options; none are shown."]
    props = root.get("properties")
    if props is None:
        props = {}
    if not isinstance(props, dict):
        return empty, ["The service described this workflow's options in an unreadable form; none are shown."]
    clean: dict[str, Any] = {}
    for name, prop in props.items():
        try:
            problem = _node_problem(root, prop, 1, ())
        except RecursionError:
            problem = "its description is nested too deeply"
        if problem:
            problems.append(f"Option '{str(name)[:60]}' is not shown: {problem}.")
        else:
            clean[name] = prop
    root["properties"] = clean
    if isinstance(root.get("required"), list):
        root["required"] = [r for r in root["required"] if r in clean]
    elif "required" in root:
        root.pop("required")
    for key in ("allOf", "anyOf", "oneOf", "if", "then", "else", "not", "patternProperties", "dependencies",
                "dependentSchemas", "additionalProperties", "definitions", "$defs"):
        if key in root:
            try:
                problem = _node_problem(root, {key: root[key]} if key not in ("definitions", "$defs")
                                        else {"properties": root[key]}, 1, ())
            except RecursionError:
                problem = "nested too deeply"
            if problem:
                root.pop(key)
                problems.append(f"A rule of the service's option description was left out: {problem}.")
    return root, problems


def validate_options(schema: dict[str, Any] | None, values: dict[str, Any]) -> None:
    """Raise ``ValidationError`` with per-field messages when ``values`` break ``schema``.

    The schema is checked first (``check_schema``): options it leaves out are not validated here (the
    server still is), and a schema jsonschema cannot use becomes a ``ProviderError``, never a raw one.
    """
    if not schema:
        return
    import jsonschema

    safe, _problems = check_schema(schema)
    values = {k: v for k, v in values.items() if not (isinstance(v, str) and len(v) > MAX_PATTERN_INPUT)}
    try:
        validator_cls = jsonschema.validators.validator_for(safe, default=jsonschema.Draft7Validator)
        validator = validator_cls(safe, format_checker=_format_checker(validator_cls))
        found = list(validator.iter_errors(values))
    except (jsonschema.exceptions.SchemaError, jsonschema.exceptions.RefResolutionError, RecursionError,
            re.error, TypeError, ValueError, KeyError, AttributeError) as exc:
        raise ProviderError(tr("The service's description of these options is malformed ({kind}); they are sent "
                               "unchecked.").format(kind=type(exc).__name__), details=str(exc)[:500]) from None
    # jsonschema quotes the offending value: an option named like a secret (password, apiKey...) must not
    # reach the message with it
    secret_values = tuple(str(v) for k, v in values.items() if is_secret_name(str(k)) and v not in (None, ""))
    errors: dict[str, list[str]] = {}
    for err in found:
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
        errors.setdefault(key, []).append(redact(message, secret_values))
    if errors:
        props = schema.get("properties") if isinstance(schema.get("properties"), dict) else {}
        summary = "; ".join(f"{_title(schema, props.get(k)) or k or 'request'}: {v[0]}" for k, v in errors.items())
        raise ValidationError(tr("Some options are not valid — {summary}").format(summary=summary), field_errors=errors)


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
