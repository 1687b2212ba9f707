#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Qt6 / QGIS 4 compatibility check for the plugin's code, with a ``--fix`` mode.

QGIS 4 runs on Qt6 (PyQt6), where enums are scoped only (``Qt.AlignmentFlag.AlignLeft``), ``exec_`` is gone,
and several classes were removed or moved. The plugin must still run on QGIS 3.22 (PyQt5 5.15), so every
form it writes has to exist in both. This script finds what breaks on Qt6, one line per finding
(``file:line:col: CODE message``), and exits non-zero when there is any.

The tables it checks against are DERIVED, never typed by hand: PyQt6 (from PyPI, requirements-dev.txt) is
introspected for every class, its attributes and its enums; PyQt5 (Debian's, QGIS 3.22's) for the same, so a
scoped form is only proposed when PyQt5 accepts it too; the installed QGIS (``qgis.core``, ``qgis.gui``) for
its enums. Each library is introspected in its own subprocess (PyQt5 and PyQt6 must not load in one process)
and the result is cached under ``.cache/qt6_check/``, keyed by the libraries' binaries (path, size, mtime),
so a library upgrade regenerates it.

``--fix`` rewrites what is mechanical: unscoped enums to their scoped form (when it is unambiguous and exists
in PyQt6, PyQt5 and the installed QGIS) and ``exec_``/``print_`` to ``exec``/``print``. The rest is reported
for a human (a ``QVariant`` field type wants ``core/compat.py``; a removed class wants another API).

Usage: ``python scripts/qt6_check.py [--fix] [PATH ...]`` (default: the plugin's code, see ``PLUGIN_PATHS``).
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import importlib.util
import json
import os
import re
import subprocess
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# The plugin's shipped code: tests, sandbox, bench, demo and scripts are not checked.
PLUGIN_PATHS = ("plugin.py", "__init__.py", "core", "ui", "providers")
CACHE_DIR = ROOT / ".cache" / "qt6_check"
SCHEMA = 3  # bump when the dumped tables change shape

QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtNetwork", "QtXml", "QtSvg", "QtTest", "QtPrintSupport", "QtSql")
QGIS_MODULES = ("qgis.core", "qgis.gui")
# QGIS makes these importable from qgis.PyQt.QtWidgets on Qt6 too (they moved to QtGui in Qt6; qgis/QGIS
# PRs #55658 and #57467), and qgis.PyQt.QtGui has no QAction on QGIS < 3.34: QtWidgets is the form for both.
QGIS_QTWIDGETS_REEXPORTS = ("QAction", "QActionGroup", "QShortcut")
# Signals whose overloads by argument type (``activated[str]``) were removed in Qt6.
OVERLOADED_SIGNALS = ("activated", "highlighted", "currentIndexChanged", "valueChanged", "buttonClicked")
RENAMED = {"exec_": "exec", "print_": "print"}


# --------------------------------------------------------------------------------------------------------
# Introspection (each runs in its own subprocess, see ``_dump``)
# --------------------------------------------------------------------------------------------------------

def _is_enum_type(value: object) -> bool:
    """PyQt6 enums are Python ``enum`` classes; PyQt5 and QGIS 3 (sip 4/5) use ``sip.enumtype``."""
    import enum
    import inspect

    if inspect.isclass(value) and issubclass(value, enum.Enum):
        return True
    return type(value).__name__ == "enumtype"


def _class_table(cls: type) -> dict:
    """Attributes of a class, its enums and their members (inherited ones included, as Python resolves them)."""
    import enum

    attrs, enums, unscoped = [], {}, defaultdict(list)
    for name in dir(cls):
        if name.startswith("__"):
            continue
        try:
            value = getattr(cls, name)
        except Exception:  # noqa: BLE001 - some sip attributes raise on access; they are not API we check
            continue
        attrs.append(name)
        if not _is_enum_type(value):
            continue
        if isinstance(value, type) and issubclass(value, enum.Enum):
            # members, plus aliases QGIS sets on moved enums (``QgsWkbTypes.GeometryType.PolygonGeometry``);
            # vars() too: Python 3.11's dir() of an enum lists members only, not such aliases
            members = list(value.__members__) + [
                n for n in set(dir(value)) | set(vars(value))
                if not n.startswith("_") and isinstance(getattr(value, n, None), value)]
        else:  # sip.enumtype: its members are the scope's attributes that are instances of it
            members = []
            for member in dir(cls):
                try:
                    if isinstance(getattr(cls, member), value):
                        members.append(member)
                except Exception:  # noqa: BLE001
                    continue
        enums[name] = sorted(set(members))
        for member in members:
            try:
                if not isinstance(getattr(cls, member, None), value):
                    continue  # PyQt6: not reachable unscoped at all; PyQt5: a member of another enum
            except Exception:  # noqa: BLE001
                continue
            unscoped[member].append(name)
    return {"attrs": sorted(attrs), "enums": enums, "unscoped": {k: sorted(v) for k, v in unscoped.items()}}


def _dump(kind: str) -> dict:
    """Introspect one library: ``pyqt6``, ``pyqt5`` or ``qgis``."""
    import importlib
    import inspect

    out: dict = {"modules": {}, "classes": {}}
    if kind in ("pyqt6", "pyqt5"):
        package = "PyQt6" if kind == "pyqt6" else "PyQt5"
        modules = []
        for name in QT_MODULES:
            try:
                modules.append((name, importlib.import_module(f"{package}.{name}")))
            except ImportError:
                continue
        core = importlib.import_module(f"{package}.QtCore")
        out["version"] = f"PyQt {core.PYQT_VERSION_STR}, Qt {core.QT_VERSION_STR}"
    else:
        from qgis.core import Qgis

        modules = [(name, importlib.import_module(name)) for name in QGIS_MODULES]
        out["version"] = f"QGIS {Qgis.QGIS_VERSION}"
    for mod_name, module in modules:
        names = sorted(n for n in dir(module) if not n.startswith("_"))
        out["modules"][mod_name] = names
        for name in names:
            value = getattr(module, name)
            if inspect.isclass(value) and not _is_enum_type(value):
                if kind == "qgis" and not getattr(value, "__module__", "").startswith("qgis"):
                    continue  # qgis.core re-exports some Qt classes; those are PyQt's business
                out["classes"][name] = _class_table(value)
    return out


# --------------------------------------------------------------------------------------------------------
# Tables: derived, cached, regenerated when a library changes
# --------------------------------------------------------------------------------------------------------

def _binary_signature(package: str, patterns: tuple[str, ...]) -> str | None:
    """Path, size and mtime of a package's extension modules, found without importing the package."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        return None
    parts = []
    for location in spec.submodule_search_locations:
        for pattern in patterns:
            for path in sorted(Path(location).glob(pattern)):
                st = path.stat()
                parts.append(f"{path}:{st.st_size}:{int(st.st_mtime)}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16] if parts else None


def _cache_key() -> dict:
    return {
        "schema": SCHEMA,
        "script": hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16],
        "pyqt6": _binary_signature("PyQt6", ("QtCore*.so", "QtWidgets*.so", "QtCore*.pyd")),
        "pyqt5": _binary_signature("PyQt5", ("QtCore*.so", "QtWidgets*.so", "QtCore*.pyd")),
        "qgis": _binary_signature("qgis", ("_core*.so", "_gui*.so", "_core*.pyd")),
    }


def _run_dump(kind: str) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    proc = subprocess.run([sys.executable, __file__, "--dump", kind], capture_output=True, text=True, env=env)
    if proc.returncode != 0:
        hint = " (install requirements-dev.txt: make setup)" if kind == "pyqt6" else ""
        raise SystemExit(f"qt6_check: cannot introspect {kind}{hint}:\n{proc.stderr.strip()[-2000:]}")
    return json.loads(proc.stdout)


@dataclass
class Tables:
    """What exists in PyQt6, PyQt5 and the installed QGIS, as the check needs it."""

    qt6: dict
    qt5: dict
    qgis: dict

    @property
    def versions(self) -> str:
        return f"{self.qt6['version']}; {self.qt5['version']}; {self.qgis['version']}"


def load_tables(refresh: bool = False) -> Tables:
    """The derived tables, from the cache when the libraries have not changed since it was written."""
    key = _cache_key()
    if key["pyqt6"] is None:
        raise SystemExit("qt6_check: PyQt6 is not installed in this interpreter; run `make setup` "
                         "(requirements-dev.txt installs it from PyPI)")
    cache = CACHE_DIR / "tables.json"
    if not refresh and cache.exists():
        try:
            data = json.loads(cache.read_text(encoding="utf-8"))
            if data.get("key") == key:
                return Tables(data["qt6"], data["qt5"], data["qgis"])
        except (OSError, ValueError):
            pass
    tables = {kind: _run_dump(kind) for kind in ("pyqt6", "pyqt5", "qgis")}
    CACHE_DIR.mkdir(parents=True, exist_ok=True)
    tmp = cache.with_suffix(f".{os.getpid()}.tmp")  # concurrent runs each write whole, then replace
    tmp.write_text(json.dumps({"key": key, "qt6": tables["pyqt6"], "qt5": tables["pyqt5"],
                               "qgis": tables["qgis"]}), encoding="utf-8")
    tmp.replace(cache)
    return Tables(tables["pyqt6"], tables["pyqt5"], tables["qgis"])


# --------------------------------------------------------------------------------------------------------
# The check
# --------------------------------------------------------------------------------------------------------

@dataclass
class Finding:
    path: Path
    line: int
    col: int
    code: str
    message: str
    # For --fix: (line, start byte, end byte, replacement) in the file's UTF-8 bytes.
    edit: tuple[int, int, int, str] | None = None

    def render(self, base: Path) -> str:
        try:
            shown = self.path.relative_to(base)
        except ValueError:
            shown = self.path
        return f"{shown}:{self.line}:{self.col + 1}: {self.code} {self.message}"


def _qt_module(module: str | None) -> str | None:
    """``qgis.PyQt.QtWidgets`` → ``QtWidgets``; anything else → None."""
    if module and module.startswith("qgis.PyQt."):
        return module.split(".", 2)[2].split(".")[0]
    return None


class _FileChecker(ast.NodeVisitor):
    def __init__(self, path: Path, source: str, tables: Tables) -> None:
        self.path, self.source, self.t = path, source, tables
        self.findings: list[Finding] = []
        self.qt_names: dict[str, str] = {}    # local name → Qt class name (imported from qgis.PyQt)
        self.qgis_names: dict[str, str] = {}  # local name → QGIS class name (imported from qgis.core/gui)
        self.font_metrics: set[str] = set()   # names assigned a QFontMetrics(...)

    # -- helpers
    def add(self, node: ast.AST, code: str, message: str, edit: tuple[int, int, int, str] | None = None) -> None:
        self.findings.append(Finding(self.path, node.lineno, node.col_offset, code, message, edit))

    def _segment_edit(self, node: ast.AST, replacement: str) -> tuple[int, int, int, str] | None:
        if node.lineno != node.end_lineno:
            return None
        return (node.lineno, node.col_offset, node.end_col_offset, replacement)

    # -- imports
    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            top = alias.name.split(".")[0]
            if top in ("PyQt5", "PyQt6", "sip", "PySide2", "PySide6"):
                self.add(node, "QT6-IMPORT", f"`import {alias.name}`: import Qt only through qgis.PyQt "
                                             f"(e.g. `from qgis.PyQt import sip`)")

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        module = node.module or ""
        top = module.split(".")[0]
        if node.level == 0 and top in ("PyQt5", "PyQt6", "sip", "PySide2", "PySide6"):
            self.add(node, "QT6-IMPORT", f"`from {module} import …`: import Qt only through qgis.PyQt")
            return
        for alias in node.names:
            if alias.name == "resources_rc" or module.endswith("resources_rc"):
                self.add(node, "QT6-RESOURCES", "compiled resources (resources_rc) are gone in Qt6: load icons "
                                                "and .ui files by file path")
        if module in QGIS_MODULES:
            for alias in node.names:
                if alias.name in self.t.qgis["classes"]:
                    self.qgis_names[alias.asname or alias.name] = alias.name
            return
        qt_mod = _qt_module(module)
        if qt_mod is None:
            return
        if qt_mod in ("uic", "sip"):
            return
        names6 = set(self.t.qt6["modules"].get(qt_mod, ()))
        names5 = set(self.t.qt5["modules"].get(qt_mod, ()))
        if qt_mod == "QtWidgets":
            names6 |= set(QGIS_QTWIDGETS_REEXPORTS)
        for alias in node.names:
            name = alias.name
            if name == "*":
                self.add(node, "QT6-IMPORT", f"`from {module} import *` hides which Qt names are used")
                continue
            if name == "qApp":
                self.add(node, "QT6-REMOVED", "qApp is gone in Qt6: use QApplication.instance()")
                continue
            if name not in names6:
                where = [m for m, names in self.t.qt6["modules"].items() if name in names]
                moved = f" (in Qt6 it is in {where[0]})" if where else " (removed in Qt6)"
                self.add(node, "QT6-REMOVED", f"{name} is not in Qt6's {qt_mod}{moved}")
            elif name not in names5:
                self.add(node, "QT6-QT5", f"{name} is not in PyQt5's {qt_mod}: QGIS 3.22 cannot import it from "
                                          f"{module}")
            if name in self.t.qt6["classes"] or name in self.t.qt5["classes"]:
                self.qt_names[alias.asname or alias.name] = name

    # -- names and attributes
    def visit_Name(self, node: ast.Name) -> None:
        if node.id == "qApp":
            self.add(node, "QT6-REMOVED", "qApp is gone in Qt6: use QApplication.instance()")

    def visit_FunctionDef(self, node: ast.FunctionDef) -> None:
        if node.name in RENAMED:
            self.add(node, "QT6-EXEC", f"method named {node.name}: Qt6 calls it {RENAMED[node.name]}")

    visit_AsyncFunctionDef = visit_FunctionDef  # type: ignore[assignment]

    def visit_Subscript(self, node: ast.Subscript) -> None:
        value, index = node.value, node.slice
        if isinstance(value, ast.Attribute) and value.attr in OVERLOADED_SIGNALS and isinstance(index, ast.Name) \
                and index.id in ("str", "int", "float", "bool"):
            self.add(node, "QT6-SIGNAL", f"{value.attr}[{index.id}]: signal overloads by type are gone in Qt6 "
                                         f"(use textActivated/… or the plain signal)")

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr in ("width",) and isinstance(func.value, ast.Call):
            inner = func.value.func
            if (isinstance(inner, ast.Attribute) and inner.attr == "fontMetrics") or \
                    (isinstance(inner, ast.Name) and self.qt_names.get(inner.id) in ("QFontMetrics", "QFontMetricsF")):
                self.add(node, "QT6-REMOVED", "QFontMetrics.width() is gone in Qt6: use horizontalAdvance()")
        elif isinstance(func, ast.Attribute) and func.attr == "width" and isinstance(func.value, ast.Name) and \
                func.value.id in self.font_metrics:
            self.add(node, "QT6-REMOVED", "QFontMetrics.width() is gone in Qt6: use horizontalAdvance()")

    def visit_Attribute(self, node: ast.Attribute) -> None:
        if node.attr in RENAMED:
            edit = None
            if node.end_lineno == node.lineno:
                end = node.end_col_offset
                edit = (node.lineno, end - len(node.attr), end, RENAMED[node.attr])
            self.add(node, "QT6-EXEC", f"{node.attr}(): Qt6 has only {RENAMED[node.attr]}()", edit)
        if isinstance(node.value, ast.Name):
            self._check_class_attribute(node, node.value.id)
        elif isinstance(node.value, ast.Attribute) and isinstance(node.value.value, ast.Name):
            self._check_scoped(node, node.value.value.id, node.value.attr, node.attr)

    def _check_class_attribute(self, node: ast.Attribute, local: str) -> None:
        """``Class.attr``: an unscoped enum member, or something Qt6 does not have."""
        if local in self.qt_names:
            cls = self.qt_names[local]
            t6 = self.t.qt6["classes"].get(cls)
            if t6 is None or node.attr in t6["attrs"]:
                return  # a class Qt6 lacks was reported at its import; an attribute Qt6 has is fine
            enums = [e for e, members in t6["enums"].items() if node.attr in members]
            if enums:
                self._report_unscoped(node, local, enums, self.t.qt5["classes"].get(cls), "Qt")
            elif cls == "QVariant":
                self.add(node, "QT6-QVARIANT", f"QVariant.{node.attr} does not exist in Qt6 (QgsField wants a "
                                               f"QMetaType on QGIS ≥ 3.38): use core.compat.field_type()")
            else:
                self.add(node, "QT6-REMOVED", f"{cls}.{node.attr} does not exist in Qt6")
        elif local in self.qgis_names:
            tq = self.t.qgis["classes"].get(self.qgis_names[local])
            if tq is not None and node.attr in tq["unscoped"] and node.attr not in tq["enums"]:
                self._report_unscoped(node, local, tq["unscoped"][node.attr], tq, "QGIS")

    def _report_unscoped(self, node: ast.Attribute, local: str, enums: list[str], qt5: dict | None,
                         kind: str) -> None:
        """One finding for ``Class.Member``; fixable when the scoped form is unambiguous and exists everywhere."""
        if len(enums) > 1 and qt5 is not None:
            # PyQt6 has no unscoped access to tell which enum was meant; PyQt5 (what the code runs on) can.
            meant = qt5["unscoped"].get(node.attr, [])
            enums = [e for e in enums if e in meant] or enums
        if len(enums) != 1:
            choices = ", ".join(f"{local}.{e}.{node.attr}" for e in enums)
            self.add(node, "QT6-ENUM", f"unscoped enum {local}.{node.attr} is ambiguous: one of {choices}")
            return
        scoped = f"{local}.{enums[0]}.{node.attr}"
        if qt5 is None or node.attr not in qt5["enums"].get(enums[0], ()):
            self.add(node, "QT6-ENUM", f"unscoped enum {local}.{node.attr}: Qt6 wants {scoped}, which PyQt5 "
                                       f"5.15 (QGIS 3.22) lacks; needs core/compat.py")
            return
        self.add(node, "QT6-ENUM", f"unscoped {kind} enum {local}.{node.attr} → {scoped}",
                 self._segment_edit(node, scoped))

    def _check_scoped(self, node: ast.Attribute, local: str, enum: str, member: str) -> None:
        """``Class.Enum.member`` must exist where the plugin runs: PyQt6 and PyQt5 (Qt), the installed QGIS."""
        if local in self.qt_names:
            cls = self.qt_names[local]
            t6 = self.t.qt6["classes"].get(cls, {"enums": {}})
            t5 = self.t.qt5["classes"].get(cls, {"enums": {}})
            if enum not in t6["enums"] and enum not in t5["enums"]:
                return  # not an enum (``QDateTime.currentDateTimeUtc().x``)
            for label, tab in (("Qt6", t6), ("PyQt5 5.15 (QGIS 3.22)", t5)):
                if member not in tab["enums"].get(enum, ()):
                    self.add(node, "QT6-SCOPED", f"{local}.{enum}.{member} does not exist in {label}")
        elif local in self.qgis_names:
            tq = self.t.qgis["classes"].get(self.qgis_names[local], {"enums": {}})
            if enum in tq["enums"] and member not in tq["enums"][enum]:
                self.add(node, "QT6-SCOPED", f"{local}.{enum}.{member} does not exist in the installed QGIS")

    def run(self) -> list[Finding]:
        tree = ast.parse(self.source, filename=str(self.path))
        # Imports first (wherever they are), so names imported inside functions are known everywhere.
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.visit(node)
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and \
                    isinstance(node.value.func, ast.Name) and \
                    self.qt_names.get(node.value.func.id) in ("QFontMetrics", "QFontMetricsF"):
                self.font_metrics.update(t.id for t in node.targets if isinstance(t, ast.Name))
        for node in ast.walk(tree):
            if not isinstance(node, (ast.Import, ast.ImportFrom)):
                self.visit(node)  # the visitors do not recurse: ast.walk already reaches every node
        return self.findings

    def generic_visit(self, node: ast.AST) -> None:
        return None


_UI_ENUM = re.compile(r"<(enum|set)>([^<]+)</\1>")
_UI_WIDGET = re.compile(r'<widget class="([A-Za-z0-9_]+)"')
_UI_CUSTOM = re.compile(r"<customwidget>\s*<class>([A-Za-z0-9_]+)</class>")


def check_ui(path: Path, tables: Tables) -> list[Finding]:
    """Qt Designer files: every enum value must resolve in PyQt6's uic and PyQt5's, every widget class exist."""
    text = path.read_text(encoding="utf-8")
    custom = set(_UI_CUSTOM.findall(text))
    findings = []
    for lineno, line in enumerate(text.splitlines(), 1):
        for match in _UI_ENUM.finditer(line):
            for value in match.group(2).split("|"):
                parts = value.strip().split("::")
                if len(parts) < 2:
                    continue
                cls, member = parts[0], parts[-1]
                for label, tab in (("Qt6", tables.qt6), ("PyQt5 5.15", tables.qt5)):
                    table = tab["classes"].get(cls)
                    scope = [parts[1]] if len(parts) == 3 else list((table or {}).get("enums", {}))
                    if table is None or not any(member in table["enums"].get(e, ()) for e in scope):
                        findings.append(Finding(path, lineno, match.start(), "QT6-UI",
                                                f"{value.strip()} does not resolve in {label}"))
        for match in _UI_WIDGET.finditer(line):
            name = match.group(1)
            if name not in custom and name not in tables.qt6["modules"].get("QtWidgets", ()):
                findings.append(Finding(path, lineno, match.start(), "QT6-UI",
                                        f"widget class {name} is not in Qt6's QtWidgets"))
    return findings


def iter_files(paths: list[Path]) -> list[Path]:
    files = []
    for path in paths:
        if path.is_dir():
            files += sorted(p for p in path.rglob("*") if p.suffix in (".py", ".ui") and "__pycache__" not in p.parts)
        elif path.exists():
            files.append(path)
    return files


def check_files(files: list[Path], tables: Tables) -> list[Finding]:
    findings: list[Finding] = []
    for path in files:
        if path.suffix == ".ui":
            findings += check_ui(path, tables)
        elif path.suffix == ".py":
            findings += _FileChecker(path, path.read_text(encoding="utf-8"), tables).run()
    return sorted(findings, key=lambda f: (str(f.path), f.line, f.col))


def apply_fixes(findings: list[Finding]) -> int:
    """Rewrite the fixable findings in place, right to left on each line; returns how many were applied."""
    by_file: dict[Path, list[Finding]] = defaultdict(list)
    for finding in findings:
        if finding.edit is not None:
            by_file[finding.path].append(finding)
    applied = 0
    limit = _line_length()
    for path, items in by_file.items():
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        for finding in sorted(items, key=lambda f: (f.edit[0], f.edit[1]), reverse=True):
            lineno, start, end, replacement = finding.edit
            line = lines[lineno - 1]
            lines[lineno - 1] = line[:start] + replacement.encode("utf-8") + line[end:]
            applied += 1
        path.write_bytes(b"\n".join(lines))
        for lineno in sorted({f.edit[0] for f in items}):
            width = len(lines[lineno - 1].decode("utf-8"))
            if width > limit:  # ruff would fail on it: say where, a human wraps it
                print(f"{path}:{lineno}: --fix made this line {width} characters long (> {limit}): wrap it",
                      file=sys.stderr)
    return applied


def _line_length() -> int:
    """The project's line length (ruff.toml), so ``--fix`` can point at lines it made too long."""
    try:
        import tomllib

        return int(tomllib.loads((ROOT / "ruff.toml").read_text(encoding="utf-8")).get("line-length", 120))
    except (ImportError, OSError, ValueError):
        return 120


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path, help="files or folders (default: the plugin's code)")
    parser.add_argument("--fix", action="store_true", help="rewrite unscoped enums and exec_/print_ in place")
    parser.add_argument("--refresh", action="store_true", help="re-derive the tables even if the cache is fresh")
    parser.add_argument("--dump", choices=("pyqt6", "pyqt5", "qgis"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.dump:
        json.dump(_dump(args.dump), sys.stdout)
        return 0
    tables = load_tables(refresh=args.refresh)
    paths = args.paths or [ROOT / p for p in PLUGIN_PATHS]
    files = iter_files([p.resolve() for p in paths])
    findings = check_files(files, tables)
    if args.fix and findings:
        applied = apply_fixes(findings)
        print(f"qt6_check: fixed {applied} finding(s)", file=sys.stderr)
        findings = check_files(files, tables)
    for finding in findings:
        print(finding.render(ROOT))
    status = "FAILED" if findings else "ok"
    print(f"qt6_check: {status}: {len(findings)} finding(s) in {len(files)} file(s) [{tables.versions}]",
          file=sys.stderr)
    return 1 if findings else 0


if __name__ == "__main__":
    sys.exit(main())
