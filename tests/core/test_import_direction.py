# SPDX-License-Identifier: GPL-2.0-or-later
"""The folder tree is the architecture: ``ui → core → providers``, and the sandbox stands apart.

Read from the source with ``ast`` (no import side effects): every ``import``/``from`` of every module,
relative ones resolved against the plugin package.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _imports(path: Path) -> list[str]:
    """Dotted names imported by ``path``; relative imports (and ``eo_orders.…``) as paths from the plugin
    root, e.g. ``from ..ui import dock`` in ``core/x.py`` → ``ui.dock``."""
    package = list(path.relative_to(ROOT).with_suffix("").parts[:-1])
    out = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[:len(package) - node.level + 1]
                if node.module:
                    out.append(".".join([*base, node.module]))
                else:
                    out += [".".join([*base, alias.name]) for alias in node.names]
            else:
                out.append(node.module or "")
    return [name.removeprefix("eo_orders.") for name in out]


#: folder → names it must not import (a name, or anything below it)
RULES = {
    "providers": ("qgis", "PyQt5", "PyQt6", "sip", "core", "ui", "plugin"),
    "core": ("ui", "plugin", "qgis.gui", "qgis.PyQt.QtWidgets"),
    "sandbox": ("eo_orders", "core", "ui", "providers", "plugin", "demo"),
}


def offences(folder: str) -> list[str]:
    found = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in _imports(path):
            if any(name == bad or name.startswith(bad + ".") for bad in RULES[folder]):
                found.append(f"{path.relative_to(ROOT)} imports {name}")
    return found


@pytest.mark.parametrize("folder", sorted(RULES))
def test_layers_import_only_downwards(folder):
    assert offences(folder) == []


def test_the_checker_sees_a_forbidden_import():
    """The rule can fail: a module of core/ importing ui/ or a Qt widget is caught."""
    probe = ROOT / "core" / "_probe_import_direction.py"
    probe.write_text("from ..ui import dock\nfrom qgis.gui import QgsMessageBar\nfrom .tasks import TaskRunner\n",
                     encoding="utf-8")
    try:
        assert _imports(probe) == ["ui", "qgis.gui", "core.tasks"]
        assert offences("core") == ["core/_probe_import_direction.py imports ui",
                                    "core/_probe_import_direction.py imports qgis.gui"]
    finally:
        probe.unlink()
