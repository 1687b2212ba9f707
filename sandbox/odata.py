# SPDX-License-Identifier: GPL-2.0-or-later
"""A strict OData v4 ``$filter`` parser/evaluator and the ``$top/$skip/$orderby/$count`` query options.

Shared by the CDSE catalogue/ODP and prosEO emulators. Strict on purpose: a real OData server rejects a
malformed filter, an unknown function or an unknown property, so a client bug (an unquoted string, a
``+`` offset sent unencoded, a misspelt field) must fail here too rather than silently match everything.

Supported: ``and or not ( )``, ``eq ne gt ge lt le``, literals ``'str'`` (``''`` escape), integers,
decimals, ``true false null``, unquoted ISO-8601 datetimes and dates, unquoted GUIDs, enum literals
(``OData.CSC.JobStatus'completed'``), member paths with type casts (``Attributes/OData.CSC.StringAttribute``),
``any``/``all`` lambdas, ``contains startswith endswith`` and
``OData.CSC.Intersects(area|Footprint=geography'SRID=4326;<WKT>')``.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Callable, Optional
from urllib.parse import quote_plus, urlencode

from osgeo import ogr

# ------------------------------------------------------------------------------------------------ errors


class ODataError(Exception):
    """A rejected query. ``status`` is the HTTP status; ``detail`` the FastAPI-style body detail."""

    def __init__(self, message: str, status: int = 400, detail: Any = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.detail = detail if detail is not None else message

    def body(self) -> dict[str, Any]:
        """The reply body CDSE's FastAPI front sends: ``{"detail": <str or list>}``."""
        return {"detail": self.detail}


class ODataTypeError(ODataError):
    """A comparison the server's parser refuses on type grounds (e.g. an enum property against a string)."""


def _validation_error(kind: str, name: str, msg: str, value: Any, ctx: dict[str, Any] | None = None) -> ODataError:
    item: dict[str, Any] = {"type": kind, "loc": ["query", name], "msg": msg, "input": value}
    if ctx:
        item["ctx"] = ctx
    return ODataError(f"{name}: {msg}", 422, [item])


# ------------------------------------------------------------------------------------------------ tokens

_DATETIME = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,7}))?)?(Z|[+-]\d{2}:\d{2})?)?(?![\w:.])")
_GUID = re.compile(r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}(?![\w-])")
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?(?![\w.])")
_IDENT = re.compile(r"[A-Za-z_@][A-Za-z0-9_.]*")
_KEYWORDS = {"and", "or", "not", "eq", "ne", "gt", "ge", "lt", "le", "true", "false", "null"}
COMPARISONS = ("eq", "ne", "gt", "ge", "lt", "le")
FUNCTIONS = {"contains": 2, "startswith": 2, "endswith": 2}
SPATIAL_FUNCTIONS = {"OData.CSC.Intersects"}
SPATIAL_PARAMS = {"area", "Footprint"}


@dataclass
class _Tok:
    kind: str  # ident str num dt guid enum geo op ( ) , / : = kw eof
    value: Any
    pos: int
    raw: str = ""


def _parse_datetime(m: re.Match[str]) -> dt.datetime:
    y, mo, d, hh, mm, ss, frac, tz = m.groups()
    micro = int((frac or "0")[:6].ljust(6, "0"))
    tzinfo = dt.timezone.utc
    if tz and tz != "Z":
        sign = 1 if tz[0] == "+" else -1
        tzinfo = dt.timezone(sign * dt.timedelta(hours=int(tz[1:3]), minutes=int(tz[4:6])))
    return dt.datetime(int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0), micro, tzinfo)


def _tokenize(text: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c.isspace():
            i += 1
            continue
        if c in "(),/:=":
            toks.append(_Tok(c, c, i, c))
            i += 1
            continue
        if c == "'":
            value, i2 = _read_string(text, i)
            toks.append(_Tok("str", value, i, text[i:i2]))
            i = i2
            continue
        m = _GUID.match(text, i)
        if m:
            toks.append(_Tok("guid", m.group(0).lower(), i, m.group(0)))
            i = m.end()
            continue
        m = _DATETIME.match(text, i)
        if m:
            try:
                value = _parse_datetime(m)
            except ValueError as exc:
                raise ODataError(f"invalid date/time literal {m.group(0)!r} at {i}: {exc}") from None
            kind = "dt" if m.group(4) is not None else "date"
            toks.append(_Tok(kind, value, i, m.group(0)))
            i = m.end()
            continue
        m = _NUMBER.match(text, i)
        if m:
            raw = m.group(0)
            value = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
            toks.append(_Tok("num", value, i, raw))
            i = m.end()
            continue
        m = _IDENT.match(text, i)
        if m:
            word = m.group(0)
            i = m.end()
            if i < n and text[i] == "'":  # typed literal: geography'...' or Namespace.EnumType'member'
                value, i2 = _read_string(text, i)
                kind = "geo" if word.lower() in ("geography", "geometry") else "enum"
                toks.append(_Tok(kind, (word, value), m.start(), text[m.start():i2]))
                i = i2
                continue
            toks.append(_Tok("kw" if word in _KEYWORDS else "ident", word, m.start(), word))
            continue
        raise ODataError(f"unexpected character {c!r} at position {i} in $filter")
    toks.append(_Tok("eof", None, n, ""))
    return toks


def _read_string(text: str, i: int) -> tuple[str, int]:
    """A quoted literal starting at ``text[i] == "'"``; ``''`` is an escaped quote."""
    out = []
    j = i + 1
    while j < len(text):
        if text[j] == "'":
            if j + 1 < len(text) and text[j + 1] == "'":
                out.append("'")
                j += 2
                continue
            return "".join(out), j + 1
        out.append(text[j])
        j += 1
    raise ODataError(f"unterminated string literal at position {i} in $filter")


# ------------------------------------------------------------------------------------------------- nodes

@dataclass
class Node:
    """Base of the filter syntax tree."""


@dataclass
class Literal(Node):
    value: Any
    kind: str  # str num bool null dt date guid enum
    type_name: str = ""


@dataclass
class Path(Node):
    segments: tuple[str, ...]
    #: the lambda variable this path starts from ("" for the entity itself)
    var: str = ""

    @property
    def text(self) -> str:
        return "/".join(((self.var,) if self.var else ()) + self.segments)


@dataclass
class Compare(Node):
    op: str
    left: Node
    right: Node


@dataclass
class BoolOp(Node):
    op: str  # and / or
    items: list[Node]


@dataclass
class Not(Node):
    item: Node


@dataclass
class Call(Node):
    name: str
    args: list[Node]


@dataclass
class Geography(Node):
    wkt: str
    geometry: Any = field(repr=False, default=None)


@dataclass
class Intersects(Node):
    param: str
    geography: Geography


@dataclass
class Lambda(Node):
    path: Path
    kind: str  # any / all
    var: str
    body: Optional[Node]


# ------------------------------------------------------------------------------------------------ parser

class _Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.toks = _tokenize(text)
        self.i = 0
        self.vars: list[str] = []

    @property
    def tok(self) -> _Tok:
        return self.toks[self.i]

    def _next(self) -> _Tok:
        t = self.toks[self.i]
        self.i += 1
        return t

    def _expect(self, kind: str, what: str) -> _Tok:
        if self.tok.kind != kind:
            self._fail(f"expected {what}")
        return self._next()

    def _fail(self, msg: str) -> None:
        t = self.tok
        found = "end of filter" if t.kind == "eof" else repr(t.raw)
        raise ODataError(f"invalid $filter: {msg} at position {t.pos}, found {found}")

    def parse(self) -> Node:
        if self.tok.kind == "eof":
            raise ODataError("invalid $filter: empty expression")
        node = self._or()
        if self.tok.kind != "eof":
            self._fail("expected 'and', 'or' or end of filter")
        return node

    def _is_kw(self, word: str) -> bool:
        return self.tok.kind == "kw" and self.tok.value == word

    def _or(self) -> Node:
        items = [self._and()]
        while self._is_kw("or"):
            self._next()
            items.append(self._and())
        return items[0] if len(items) == 1 else BoolOp("or", items)

    def _and(self) -> Node:
        items = [self._not()]
        while self._is_kw("and"):
            self._next()
            items.append(self._not())
        return items[0] if len(items) == 1 else BoolOp("and", items)

    def _not(self) -> Node:
        if self._is_kw("not"):
            self._next()
            return Not(self._not())
        return self._comparison()

    def _comparison(self) -> Node:
        left = self._primary()
        if self.tok.kind == "kw" and self.tok.value in COMPARISONS:
            op = self._next().value
            right = self._primary()
            for side in (left, right):
                if isinstance(side, (Compare, BoolOp, Not, Lambda, Intersects, Geography)):
                    self._fail(f"'{op}' needs a property, function or literal on each side")
            if isinstance(left, Literal) and isinstance(right, Literal):
                self._fail(f"'{op}' between two literals")
            return Compare(op, left, right)
        if isinstance(left, Geography) or (isinstance(left, Literal) and left.kind not in ("bool",)):
            self._fail("expected a comparison operator")
        return left

    def _primary(self) -> Node:
        t = self.tok
        if t.kind == "(":
            self._next()
            node = self._or()
            self._expect(")", "')'")
            return node
        if t.kind == "str":
            self._next()
            return Literal(t.value, "str")
        if t.kind == "num":
            self._next()
            return Literal(t.value, "num")
        if t.kind in ("dt", "date", "guid"):
            self._next()
            return Literal(t.value, t.kind)
        if t.kind == "enum":
            self._next()
            return Literal(t.value[1], "enum", t.value[0])
        if t.kind == "geo":
            self._next()
            return _geography(t.value[1])
        if t.kind == "kw" and t.value in ("true", "false", "null"):
            self._next()
            if t.value == "null":
                return Literal(None, "null")
            return Literal(t.value == "true", "bool")
        if t.kind == "ident":
            return self._member_or_call()
        self._fail("expected a property, literal or '('")
        raise AssertionError  # unreachable

    def _member_or_call(self) -> Node:
        first = self._next()
        if self.tok.kind == "(":
            return self._call(first)
        segments = [first.value]
        var = ""
        if first.value in self.vars:
            var, segments = first.value, []
        elif "." in first.value and not first.value.startswith("@"):
            self.i -= 1
            self._fail("a type cast or qualified name cannot start a property path")
        while self.tok.kind == "/":
            self._next()
            seg = self._expect("ident", "a property name after '/'")
            if seg.value in ("any", "all") and self.tok.kind == "(":
                return self._lambda(Path(tuple(segments), var), seg.value)
            segments.append(seg.value)
        if not segments and not var:
            self._fail("empty property path")
        return Path(tuple(segments), var)

    def _lambda(self, path: Path, kind: str) -> Lambda:
        self._expect("(", "'('")
        if self.tok.kind == ")":
            if kind == "all":
                self._fail("all() needs a lambda expression")
            self._next()
            return Lambda(path, kind, "", None)
        var = self._expect("ident", "a lambda variable").value
        if "." in var or var in self.vars:
            self._fail(f"invalid lambda variable {var!r}")
        self._expect(":", "':' after the lambda variable")
        self.vars.append(var)
        try:
            body = self._or()
        finally:
            self.vars.pop()
        self._expect(")", "')' closing the lambda")
        return Lambda(path, kind, var, body)

    def _call(self, name_tok: _Tok) -> Node:
        name = name_tok.value
        self._expect("(", "'('")
        if name in SPATIAL_FUNCTIONS:
            param = self._expect("ident", "'area=' or 'Footprint='").value
            if param not in SPATIAL_PARAMS:
                raise ODataError(f"invalid $filter: {name} takes area= or Footprint=, not {param}=")
            self._expect("=", "'='")
            if self.tok.kind != "geo":
                self._fail("expected geography'SRID=4326;...'")
            geo = _geography(self._next().value[1])
            self._expect(")", "')'")
            return Intersects(param, geo)
        if name not in FUNCTIONS:
            raise ODataError(f"invalid $filter: unknown function {name!r}")
        args: list[Node] = []
        if self.tok.kind != ")":
            args.append(self._primary())
            while self.tok.kind == ",":
                self._next()
                args.append(self._primary())
        self._expect(")", "')' or ','")
        if len(args) != FUNCTIONS[name]:
            raise ODataError(f"invalid $filter: {name}() takes {FUNCTIONS[name]} arguments, got {len(args)}")
        if not isinstance(args[0], (Path, Call)) or not isinstance(args[1], (Literal, Path)):
            raise ODataError(f"invalid $filter: {name}(property, 'text') expected")
        if isinstance(args[1], Literal) and args[1].kind != "str":
            raise ODataError(f"invalid $filter: {name}() needs a string literal")
        return Call(name, args)


_SRID = re.compile(r"^\s*SRID=(\d+);(.*)$", re.S | re.I)


def _geography(text: str) -> Geography:
    """Validate ``SRID=4326;<WKT>`` like the server (Shapely) would: parseable, closed rings, valid."""
    m = _SRID.match(text)
    if not m:
        raise ODataError("invalid geography literal: expected 'SRID=4326;<WKT>'")
    if m.group(1) != "4326":
        raise ODataError(f"invalid geography literal: SRID {m.group(1)} not supported, use 4326")
    wkt = m.group(2).strip()
    if not re.match(r"^(POINT|POLYGON|MULTIPOLYGON)\s*\(", wkt, re.I):
        raise ODataError("invalid geography literal: POINT, POLYGON or MULTIPOLYGON expected")
    try:
        geom = ogr.CreateGeometryFromWkt(wkt)
    except RuntimeError:  # raised instead of None once anything in the process turned GDAL exceptions on
        geom = None
    if geom is None or geom.IsEmpty():
        raise ODataError(f"invalid geography literal: cannot parse WKT {wkt[:80]!r}")
    for ring in _rings(geom):
        if ring.GetPoint_2D(0) != ring.GetPoint_2D(ring.GetPointCount() - 1) or ring.GetPointCount() < 4:
            raise ODataError("invalid geography literal: polygon rings must be closed (first point = last point)")
    if not geom.IsValid():
        raise ODataError("invalid geography literal: the geometry is not valid (self-intersection?)")
    for x, y in _points(geom):
        if not (-180 <= x <= 180 and -90 <= y <= 90):
            raise ODataError("invalid geography literal: coordinates must be lon lat within -180..180, -90..90")
    return Geography(wkt, geom)


def _rings(geom: Any) -> Iterable[Any]:
    name = geom.GetGeometryName()
    if name == "POLYGON":
        yield from (geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount()))
    elif name == "MULTIPOLYGON":
        for i in range(geom.GetGeometryCount()):
            yield from _rings(geom.GetGeometryRef(i))


def _points(geom: Any) -> Iterable[tuple[float, float]]:
    if geom.GetGeometryCount():
        for i in range(geom.GetGeometryCount()):
            yield from _points(geom.GetGeometryRef(i))
    else:
        for i in range(geom.GetPointCount()):
            yield geom.GetPoint_2D(i)


def parse_filter(text: str) -> Node:
    """Parse a ``$filter`` value (already URL-decoded) into a tree; ``ODataError`` on any error."""
    if not isinstance(text, str):
        raise ODataError("invalid $filter: not a string")
    return _Parser(text).parse()


def iter_paths(node: Node) -> Iterable[Path]:
    """Every entity-rooted member path in the tree (lambda-variable paths are not entity fields)."""
    if isinstance(node, Path):
        if not node.var:
            yield node
    elif isinstance(node, Compare):
        yield from iter_paths(node.left)
        yield from iter_paths(node.right)
    elif isinstance(node, BoolOp):
        for item in node.items:
            yield from iter_paths(item)
    elif isinstance(node, Not):
        yield from iter_paths(node.item)
    elif isinstance(node, Call):
        for arg in node.args:
            yield from iter_paths(arg)
    elif isinstance(node, Lambda):
        yield from iter_paths(node.path)
        if node.body is not None:
            yield from iter_paths(node.body)


def _enum_compares(node: Node) -> Iterable[Compare]:
    if isinstance(node, Compare):
        yield node
    elif isinstance(node, BoolOp):
        for item in node.items:
            yield from _enum_compares(item)
    elif isinstance(node, Not):
        yield from _enum_compares(node.item)


def check_enums(node: Node, enum_fields: Mapping[str, tuple[str, Sequence[str]]]) -> None:
    """Comparisons of an enum-typed property take only that enum's literal (``OData.CSC.JobStatus'queued'``),
    as a typed OData server (Olingo) insists: a plain string, another enum type or an unknown member is an
    ``ODataTypeError``."""
    for cmp in _enum_compares(node):
        for path, other in ((cmp.left, cmp.right), (cmp.right, cmp.left)):
            if not (isinstance(path, Path) and not path.var and "/".join(path.segments) in enum_fields):
                continue
            type_name, members = enum_fields["/".join(path.segments)]
            if not isinstance(other, Literal) or other.kind == "null":
                continue
            if other.kind != "enum" or other.type_name != type_name:
                raise ODataTypeError(f"The types of the operands of '{cmp.op}' are not compatible: "
                                     f"{path.text} is {type_name}")
            if other.value not in members:
                raise ODataTypeError(f"The enumeration value '{other.value}' is not a member of {type_name}")


def check_fields(node: Node, allowed: Iterable[str]) -> None:
    """Reject paths whose full text or first segment is not in ``allowed`` (a strict server knows its model)."""
    allowed = set(allowed)
    for path in iter_paths(node):
        plain = "/".join(s for s in path.segments if "." not in s)
        if plain not in allowed and path.segments[0] not in allowed:
            raise ODataError(f"invalid $filter: unknown property {path.text!r}")


# --------------------------------------------------------------------------------------------- evaluator

Resolver = Callable[[tuple[str, ...], Mapping[str, Any]], Any]
MISSING = object()
_FOOTPRINT_WKT = re.compile(r"^geography'SRID=4326;(.*)'$", re.S)


def _walk(value: Any, segments: Sequence[str]) -> Any:
    for seg in segments:
        if "." in seg:  # type cast: keep the elements of that type (elements without a type pass)
            want = "#" + seg
            if isinstance(value, list):
                value = [v for v in value if not isinstance(v, Mapping) or v.get("@odata.type", want) == want]
            elif isinstance(value, Mapping) and value.get("@odata.type", want) != want:
                return None
            continue
        if isinstance(value, Mapping):
            value = value.get(seg)
        else:
            return None
    return value


def _resolve(path: Path, entity: Mapping[str, Any], scope: Mapping[str, Any], resolver: Resolver | None) -> Any:
    if path.var:
        return _walk(scope[path.var], path.segments)
    if resolver is not None:
        value = resolver(path.segments, entity)
        if value is not MISSING:
            return value
    return _walk(entity, path.segments)


def _as_datetime(value: Any) -> dt.datetime | None:
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.replace(tzinfo=dt.timezone.utc)
    if isinstance(value, str):
        m = _DATETIME.fullmatch(value.strip())
        if m:
            try:
                return _parse_datetime(m)
            except ValueError:
                return None
    return None


def _coerce(left: Any, right: Any, rkind: str) -> tuple[Any, Any] | None:
    """Bring an entity value and a literal to comparable Python values; None when they cannot compare."""
    if rkind in ("dt", "date"):
        lv = _as_datetime(left)
        return (lv, right) if lv is not None else None
    if rkind == "num":
        if isinstance(left, bool):
            return None
        if isinstance(left, (int, float)):
            return left, right
        if isinstance(left, str):
            try:
                return float(left), right  # lenient: some attribute Values are numbers sent as strings
            except ValueError:
                return None
        return None
    if rkind == "bool":
        return (left, right) if isinstance(left, bool) else None
    if rkind == "guid":
        return (left.lower(), right) if isinstance(left, str) else None
    if rkind in ("str", "enum"):
        return (left, right) if isinstance(left, str) else None
    # property vs property
    ld, rd = _as_datetime(left), _as_datetime(right)
    if ld is not None and rd is not None:
        return ld, rd
    if type(left) is type(right) or (isinstance(left, (int, float)) and isinstance(right, (int, float))):
        return left, right
    return None


_OPS: dict[str, Callable[[Any, Any], bool]] = {
    "eq": lambda a, b: a == b, "ne": lambda a, b: a != b, "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b, "lt": lambda a, b: a < b, "le": lambda a, b: a <= b,
}


def _operand(node: Node, entity: Mapping[str, Any], scope: Mapping[str, Any], resolver: Resolver | None
             ) -> tuple[Any, str]:
    if isinstance(node, Literal):
        return node.value, node.kind
    if isinstance(node, Path):
        return _resolve(node, entity, scope, resolver), "value"
    return _eval(node, entity, scope, resolver), "value"


def _compare(node: Compare, entity: Mapping[str, Any], scope: Mapping[str, Any], resolver: Resolver | None) -> bool:
    left, lkind = _operand(node.left, entity, scope, resolver)
    right, rkind = _operand(node.right, entity, scope, resolver)
    op = node.op
    if lkind != "value":  # literal on the left: mirror so the literal is on the right
        left, right, lkind, rkind = right, left, rkind, lkind
        op = {"gt": "lt", "lt": "gt", "ge": "le", "le": "ge"}.get(op, op)
    if rkind == "null" or right is None or left is None:
        if op == "eq":
            return left is None and right is None
        if op == "ne":
            return not (left is None and right is None)
        return False
    pair = _coerce(left, right, rkind)
    if pair is None:
        return op == "ne"
    try:
        return _OPS[op](*pair)
    except TypeError:
        return False


def _entity_geometry(entity: Mapping[str, Any], resolver: Resolver | None) -> Any:
    value = MISSING
    if resolver is not None:
        value = resolver(("Footprint",), entity)
    if value is MISSING:
        value = entity.get("GeoFootprint") or entity.get("Footprint")
    if value is None:
        return None
    if isinstance(value, ogr.Geometry):
        return value
    if isinstance(value, Mapping):
        if value.get("type") == "Feature":
            value = value.get("geometry")
        return ogr.CreateGeometryFromJson(json.dumps(value)) if value else None
    if isinstance(value, str):
        m = _FOOTPRINT_WKT.match(value.strip())
        return ogr.CreateGeometryFromWkt(m.group(1) if m else value)
    return None


def _eval(node: Node, entity: Mapping[str, Any], scope: Mapping[str, Any], resolver: Resolver | None) -> Any:
    if isinstance(node, BoolOp):
        if node.op == "and":
            return all(_eval(i, entity, scope, resolver) is True for i in node.items)
        return any(_eval(i, entity, scope, resolver) is True for i in node.items)
    if isinstance(node, Not):
        return _eval(node.item, entity, scope, resolver) is not True
    if isinstance(node, Compare):
        return _compare(node, entity, scope, resolver)
    if isinstance(node, Literal):
        return node.value
    if isinstance(node, Path):
        return _resolve(node, entity, scope, resolver)
    if isinstance(node, Call):
        subject = _operand(node.args[0], entity, scope, resolver)[0]
        needle = _operand(node.args[1], entity, scope, resolver)[0]
        if not isinstance(needle, str):
            return False
        values = subject if isinstance(subject, list) else [subject]
        strings = [v for v in values if isinstance(v, str)]
        if node.name == "contains":
            return any(needle in s for s in strings)
        if node.name == "startswith":
            return any(s.startswith(needle) for s in strings)
        return any(s.endswith(needle) for s in strings)
    if isinstance(node, Lambda):
        coll = _resolve(node.path, entity, scope, resolver)
        if not isinstance(coll, list):
            return False
        if node.body is None:
            return bool(coll)
        results = (_eval(node.body, entity, {**scope, node.var: el}, resolver) is True for el in coll)
        return any(results) if node.kind == "any" else all(results)
    if isinstance(node, Intersects):
        geom = _entity_geometry(entity, resolver)
        return bool(geom is not None and geom.Intersects(node.geography.geometry))
    raise ODataError(f"cannot evaluate {type(node).__name__}")


def evaluate(node: Node, entity: Mapping[str, Any], resolver: Resolver | None = None) -> bool:
    """True when ``entity`` (a plain, possibly nested dict) matches the parsed filter.

    ``resolver(segments, entity)`` may return a value for a member path (or ``MISSING`` to walk the dict);
    ``OData.CSC.Intersects`` asks it for ``("Footprint",)`` and otherwise uses the entity's ``GeoFootprint``
    (GeoJSON) or ``Footprint`` (``geography'SRID=4326;WKT'``).
    """
    return _eval(node, entity, {}, resolver) is True


# ----------------------------------------------------------------------------------------- query options

_TRUE = {"true", "True", "1"}
_FALSE = {"false", "False", "0"}


def _get(args: Mapping[str, Any], name: str) -> str | None:
    value = args.get(name)
    return None if value is None else str(value)


def _int_option(args: Mapping[str, Any], name: str, default: int, maximum: int) -> int:
    raw = _get(args, name)
    if raw is None or raw == "":
        return default
    if not re.fullmatch(r"[+-]?\d+", raw.strip()):
        raise _validation_error("int_parsing", name, "Input should be a valid integer, unable to parse string as an "
                                "integer", raw)
    value = int(raw)
    if value < 0:
        raise _validation_error("greater_than_equal", name, "Input should be greater than or equal to 0", raw,
                                {"ge": 0})
    if value > maximum:
        raise _validation_error("less_than_equal", name, f"Input should be less than or equal to {maximum}", raw,
                                {"le": maximum})
    return value


def parse_count(args: Mapping[str, Any]) -> bool:
    """``$count`` as CDSE accepts it: true/True/1 or false/False/0 (anything else is a 422)."""
    raw = _get(args, "$count")
    if raw is None:
        return False
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise _validation_error("bool_parsing", "$count", "Input should be a valid boolean, unable to interpret input",
                            raw)


def parse_orderby(text: str, fields: Iterable[str] | None) -> list[tuple[tuple[str, ...], bool]]:
    """``"ContentDate/Start desc, Name"`` -> [(("ContentDate","Start"), True), (("Name",), False)]."""
    keys = []
    allowed = set(fields) if fields is not None else None
    for part in text.split(","):
        words = part.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise ODataError(f"invalid $orderby: {part.strip()!r}")
        if allowed is not None and words[0] not in allowed:
            raise ODataError(f"invalid $orderby: unknown or unsortable property {words[0]!r}")
        if not _IDENT.fullmatch(words[0].replace("/", "_")):
            raise ODataError(f"invalid $orderby: {words[0]!r}")
        keys.append((tuple(words[0].split("/")), len(words) == 2 and words[1] == "desc"))
    return keys


def _sort_key(value: Any) -> tuple:
    """Total order over mixed values: None first, then numbers, datetimes, strings."""
    if value is None:
        return (0, 0)
    if isinstance(value, bool):
        return (1, int(value))
    if isinstance(value, (int, float)):
        return (1, value)
    when = _as_datetime(value)
    if when is not None:
        return (2, when.timestamp())
    return (3, str(value))


def apply_query(entities: Iterable[Mapping[str, Any]], args: Mapping[str, Any], *,
                allowed_fields: Iterable[str] | None = None, default_top: int = 20, max_top: int = 1000,
                max_skip: int = 10000, orderby_fields: Iterable[str] | None = None, resolver: Resolver | None = None,
                tie_break: str | None = "Id", enum_fields: Mapping[str, tuple[str, Sequence[str]]] | None = None
                ) -> tuple[list[Mapping[str, Any]], int | None, int | None]:
    """Apply ``$filter``, ``$orderby``, ``$skip``, ``$top`` and ``$count`` from request ``args``.

    Returns ``(page, count or None, next_skip or None)``; ``next_skip`` is None on the last page and once
    it would exceed ``max_skip`` (CDSE omits the nextLink there). Raises ``ODataError`` (400 for a bad
    filter/orderby or unknown field, 422 FastAPI-style for out-of-range ``$top``/``$skip``/``$count``).
    ``orderby_fields`` defaults to ``allowed_fields``; ``enum_fields`` (path -> (enum type, members)) makes
    those properties comparable only with their enum literal (``ODataTypeError`` otherwise).
    """
    top = _int_option(args, "$top", default_top, max_top)
    skip = _int_option(args, "$skip", 0, max_skip)
    want_count = parse_count(args)
    items = list(entities)
    text = _get(args, "$filter")
    if text is not None:
        node = parse_filter(text)
        if allowed_fields is not None:
            check_fields(node, allowed_fields)
        if enum_fields:
            check_enums(node, enum_fields)
        items = [e for e in items if evaluate(node, e, resolver)]
    order = _get(args, "$orderby")
    if order:
        keys = parse_orderby(order, orderby_fields if orderby_fields is not None else allowed_fields)
        if tie_break:
            items.sort(key=lambda e: _sort_key(e.get(tie_break)))
        for segments, desc in reversed(keys):
            items.sort(key=lambda e, s=segments: _sort_key(_walk(e, s)), reverse=desc)
    total = len(items)
    page = items[skip:skip + top]
    nxt = skip + top
    next_skip = nxt if top > 0 and nxt < total and nxt <= max_skip else None
    return page, (total if want_count else None), next_skip


def _arg_items(args: Any) -> list[tuple[str, str]]:
    if hasattr(args, "items") and callable(getattr(args, "lists", None)):
        return [(k, v) for k, vs in args.lists() for v in vs]  # werkzeug MultiDict: keep repeated keys
    if isinstance(args, Mapping):
        out = []
        for k, v in args.items():
            if isinstance(v, (list, tuple)):
                out += [(k, str(x)) for x in v]
            else:
                out.append((k, str(v)))
        return out
    return [(k, str(v)) for k, v in args]


def next_link(base_url: str, args: Any, next_skip: int) -> str:
    """``base_url`` + the same query with ``$skip`` set, encoded like CDSE (``%24skip``, ``+`` for spaces)."""
    items = [(k, v) for k, v in _arg_items(args) if k != "$skip"]
    items.append(("$skip", str(next_skip)))
    return f"{base_url}?{urlencode(items, quote_via=quote_plus)}"
