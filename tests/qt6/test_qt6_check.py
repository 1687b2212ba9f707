# SPDX-License-Identifier: GPL-2.0-or-later
"""scripts/qt6_check.py: it catches a planted violation of each kind, passes clean code, fixes what is
mechanical, and its tables are the real libraries' (PyQt6 from PyPI, PyQt5 and QGIS from Debian).

The checker runs as the CLI does (a subprocess, exit status and ``file:line:col: CODE`` lines); the tables it
derives are compared with the libraries themselves (PyQt6 in a subprocess: it must not load beside PyQt5).
"""

from __future__ import annotations

import ast
import importlib.util
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "qt6_check.py"


def _load_module():
    spec = importlib.util.spec_from_file_location("qt6_check", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["qt6_check"] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


qt6_check = _load_module()


def run_check(*args: str | Path) -> tuple[int, list[str], str]:
    proc = subprocess.run([sys.executable, str(SCRIPT), *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"), timeout=600)
    return proc.returncode, [line for line in proc.stdout.splitlines() if line.strip()], proc.stderr


def plant(tmp_path: Path, name: str, code: str) -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(code).lstrip(), encoding="utf-8")
    return path


# One planted violation per kind: (source line, code expected, a word of the message).
VIOLATIONS = [
    ("from qgis.PyQt.QtCore import Qt\nx = Qt.AlignLeft", "QT6-ENUM", "Qt.AlignmentFlag.AlignLeft"),
    ("from qgis.core import QgsTask\nx = QgsTask.CanCancel", "QT6-ENUM", "QgsTask.Flag.CanCancel"),
    ("from qgis.core import Qgis\nx = Qgis.Critical", "QT6-ENUM", "Qgis.MessageLevel.Critical"),
    ("from qgis.PyQt.QtWidgets import QMessageBox\nx = QMessageBox.Yes", "QT6-ENUM",
     "QMessageBox.StandardButton.Yes"),
    ("from qgis.PyQt.QtWidgets import QSizePolicy\nx = QSizePolicy.Expanding", "QT6-ENUM",
     "QSizePolicy.Policy.Expanding"),
    ("from qgis.PyQt.QtGui import QColorSpace\nx = QColorSpace.Custom", "QT6-ENUM", "ambiguous"),
    ("def f(dialog):\n    return dialog.exec_()", "QT6-EXEC", "exec_"),
    ("def f(printer, doc):\n    doc.print_(printer)", "QT6-EXEC", "print_"),
    ("class D:\n    def exec_(self):\n        pass", "QT6-EXEC", "method named exec_"),
    ("from PyQt5.QtCore import QObject", "QT6-IMPORT", "qgis.PyQt"),
    ("import PyQt6.QtWidgets", "QT6-IMPORT", "PyQt6"),
    ("import sip", "QT6-IMPORT", "sip"),
    ("from qgis.PyQt.QtCore import QRegExp", "QT6-REMOVED", "QRegExp"),
    ("from qgis.PyQt.QtWidgets import QDesktopWidget", "QT6-REMOVED", "QDesktopWidget"),
    ("from qgis.PyQt.QtWidgets import QRegExpValidator", "QT6-REMOVED", "QRegExpValidator"),
    ("from qgis.PyQt.QtGui import QAction", "QT6-QT5", "QAction"),
    ("from qgis.PyQt.QtWidgets import QApplication\nd = QApplication.desktop()", "QT6-REMOVED",
     "QApplication.desktop"),
    ("from qgis.PyQt.QtGui import QFontMetrics\nw = QFontMetrics(font).width('x')", "QT6-REMOVED",
     "horizontalAdvance"),
    ("from qgis.PyQt.QtGui import QFontMetrics\nfm = QFontMetrics(font)\nw = fm.width('x')", "QT6-REMOVED",
     "horizontalAdvance"),
    ("def f(label):\n    return label.fontMetrics().width('x')", "QT6-REMOVED", "horizontalAdvance"),
    ("def f(combo, slot):\n    combo.activated[str].connect(slot)", "QT6-SIGNAL", "activated[str]"),
    ("from qgis.PyQt.QtWidgets import qApp", "QT6-REMOVED", "qApp"),
    ("from qgis.core import QgsField\nfrom qgis.PyQt.QtCore import QVariant\nf = QgsField('a', QVariant.String)",
     "QT6-QVARIANT", "core.compat.field_type"),
    ("from . import resources_rc", "QT6-RESOURCES", "resources_rc"),
    ("from qgis.PyQt.QtCore import Qt\nx = Qt.AlignmentFlag.AlignMiddle", "QT6-SCOPED", "AlignMiddle"),
    ("from qgis.core import Qgis\nx = Qgis.MessageLevel.Fatal", "QT6-SCOPED", "Fatal"),
    ("from qgis.PyQt.QtCore import Qt\nx = Qt.MidButton", "QT6-REMOVED", "Qt.MidButton"),
]


@pytest.mark.parametrize(("code", "expected", "word"), VIOLATIONS, ids=[v[1] + ":" + v[2] for v in VIOLATIONS])
def test_each_planted_violation_is_caught(tmp_path, code, expected, word):
    path = plant(tmp_path, "planted.py", code)
    status, lines, stderr = run_check(path)
    assert status == 1, stderr
    hits = [line for line in lines if f" {expected} " in line and word in line]
    assert hits, lines
    # file:line:col pointing at the planted line (the last line of each snippet unless it is an import)
    assert all(line.startswith(f"{path}:") for line in lines)
    assert "FAILED" in stderr


def test_all_violations_in_one_file_are_each_reported_with_their_line(tmp_path):
    body = "\n".join(f"def case_{i}():\n" + textwrap.indent(code, "    ") for i, (code, _, _) in enumerate(VIOLATIONS))
    path = plant(tmp_path, "many.py", body)
    _, lines, _ = run_check(path)
    source = path.read_text(encoding="utf-8").splitlines()
    for _code, expected, word in VIOLATIONS:
        assert any(f" {expected} " in line and word in line for line in lines), (expected, word)
    for line in lines:
        lineno = int(line.split(":")[1])
        assert 1 <= lineno <= len(source)


def test_ui_file_violations_are_caught(tmp_path):
    path = plant(tmp_path, "form.ui", """
        <ui version="4.0"><class>Form</class>
         <widget class="QWidget" name="Form"><layout class="QFormLayout" name="form">
          <property name="fieldGrowthPolicy"><enum>QFormLayout::AllNonFixedFieldsGrow</enum></property>
          <item row="0" column="0"><widget class="QLabel" name="label">
           <property name="alignment"><set>Qt::AlignLeft|Qt::AlignNoSuchThing</set></property></widget></item>
          <item row="1" column="0"><widget class="QDesktopWidget" name="gone"/></item>
         </layout></widget></ui>
    """)
    status, lines, _ = run_check(path)
    assert status == 1
    assert any("QT6-UI" in line and "Qt::AlignNoSuchThing" in line for line in lines), lines
    assert any("QT6-UI" in line and "QDesktopWidget" in line for line in lines), lines
    assert not any("AllNonFixedFieldsGrow" in line or "Qt::AlignLeft " in line for line in lines), lines


def test_clean_code_passes(tmp_path):
    plant(tmp_path, "clean.py", """
        from qgis.core import Qgis, QgsTask
        from qgis.PyQt import sip
        from qgis.PyQt.QtCore import Qt, QVariant
        from qgis.PyQt.QtWidgets import QAction, QMessageBox, QSizePolicy


        def f(dialog, label, combo, slot, task):
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
            combo.textActivated.connect(slot)
            width = label.fontMetrics().horizontalAdvance("x")
            level = Qgis.MessageLevel.Critical
            flags = QgsTask.Flag.CanCancel
            policy = QSizePolicy.Policy.Expanding
            null = QVariant()
            alive = not sip.isdeleted(task)
            return dialog.exec() == QMessageBox.StandardButton.Yes, width, level, flags, policy, null, alive, QAction
    """)
    plant(tmp_path, "form.ui", """
        <ui version="4.0"><widget class="QWidget" name="Form"><layout class="QFormLayout" name="form">
          <property name="fieldGrowthPolicy"><enum>QFormLayout::AllNonFixedFieldsGrow</enum></property>
        </layout></widget></ui>
    """)
    status, lines, stderr = run_check(tmp_path)
    assert (status, lines) == (0, []), stderr
    assert "ok: 0 finding(s) in 2 file(s)" in stderr


def test_fix_rewrites_enums_and_exec_and_leaves_the_rest_reported(tmp_path):
    path = plant(tmp_path, "fixme.py", """
        from qgis.core import Qgis, QgsTask, QgsWkbTypes
        from qgis.PyQt.QtCore import Qt
        from qgis.PyQt.QtCore import QRegExp
        from qgis.PyQt.QtGui import QColorSpace
        from qgis.PyQt.QtWidgets import QMessageBox


        def f(dialog, geom):
            title = "“quoted” — é"; align = Qt.AlignLeft | Qt.AlignTop  # non-ASCII before the enums
            ok = dialog.exec_() == QMessageBox.Yes
            space = QColorSpace.SRgb
            custom = QColorSpace.Custom
            return title, align, ok, space, custom, Qgis.Info, QgsTask.CanCancel, QgsWkbTypes.PolygonGeometry, QRegExp
    """)
    status, _, stderr = run_check("--fix", path)
    fixed = path.read_text(encoding="utf-8")
    ast.parse(fixed)
    assert 'title = "“quoted” — é"; align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop' in fixed
    assert "ok = dialog.exec() == QMessageBox.StandardButton.Yes" in fixed
    assert "space = QColorSpace.NamedColorSpace.SRgb" in fixed  # ambiguous in PyQt6, PyQt5 says which
    assert "custom = QColorSpace.Custom" in fixed  # ambiguous everywhere: left for a human
    assert "Qgis.MessageLevel.Info, QgsTask.Flag.CanCancel, QgsWkbTypes.GeometryType.PolygonGeometry" in fixed
    assert status == 1
    status, lines, _ = run_check(path)
    assert status == 1
    assert [line.split(": ", 1)[1].split(" ")[0] for line in lines] == ["QT6-REMOVED", "QT6-ENUM"], lines
    # a second --fix changes nothing more
    run_check("--fix", path)
    assert path.read_text(encoding="utf-8") == fixed


def test_fixed_forms_work_on_this_qgis_and_pyqt5():
    from qgis.core import Qgis, QgsTask, QgsWkbTypes
    from qgis.PyQt.QtCore import Qt
    from qgis.PyQt.QtWidgets import QMessageBox

    assert Qt.AlignmentFlag.AlignLeft == Qt.AlignLeft
    assert QMessageBox.StandardButton.Yes == QMessageBox.Yes
    assert Qgis.MessageLevel.Info == Qgis.Info
    assert QgsTask.Flag.CanCancel == QgsTask.CanCancel
    assert QgsWkbTypes.GeometryType.PolygonGeometry == QgsWkbTypes.PolygonGeometry


def test_tables_are_the_real_libraries():
    tables = qt6_check.load_tables()
    probe = textwrap.dedent("""
        import json
        from PyQt6.QtCore import Qt, PYQT_VERSION_STR
        from PyQt6.QtWidgets import QMessageBox
        print(json.dumps({"align": sorted(Qt.AlignmentFlag.__members__), "buttons": sorted(
            QMessageBox.StandardButton.__members__), "version": PYQT_VERSION_STR}))
    """)
    real = json.loads(subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True,
                                     env=dict(os.environ, QT_QPA_PLATFORM="offscreen")).stdout)
    assert tables.qt6["classes"]["Qt"]["enums"]["AlignmentFlag"] == real["align"]
    assert tables.qt6["classes"]["QMessageBox"]["enums"]["StandardButton"] == real["buttons"]
    assert real["version"] in tables.qt6["version"]
    assert "QRegExp" not in tables.qt6["modules"]["QtCore"] and "QRegExp" in tables.qt5["modules"]["QtCore"]

    from qgis.core import Qgis, QgsTask

    assert Qgis.QGIS_VERSION in tables.qgis["version"]
    members = tables.qgis["classes"]["Qgis"]["enums"]["MessageLevel"]
    assert members == sorted(m for m in dir(Qgis) if isinstance(getattr(Qgis, m), Qgis.MessageLevel))
    assert "CanCancel" in tables.qgis["classes"]["QgsTask"]["enums"]["Flag"]
    assert tables.qgis["classes"]["QgsTask"]["unscoped"]["CanCancel"] == ["Flag"]
    assert QgsTask.Flag.CanCancel == QgsTask.CanCancel


def test_cache_key_follows_the_library_binaries(tmp_path, monkeypatch):
    package = tmp_path / "fakeqt"
    package.mkdir()
    (package / "__init__.py").write_text("")
    binary = package / "QtCore.abi3.so"
    binary.write_bytes(b"one")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = qt6_check._binary_signature("fakeqt", ("QtCore*.so",))
    binary.write_bytes(b"other size")
    assert qt6_check._binary_signature("fakeqt", ("QtCore*.so",)) != first
    assert qt6_check._binary_signature("no_such_package_here", ("*.so",)) is None


def test_stale_cache_is_regenerated(tmp_path, monkeypatch):
    fresh = qt6_check.load_tables()
    monkeypatch.setattr(qt6_check, "CACHE_DIR", tmp_path)
    (tmp_path / "tables.json").write_text(json.dumps({
        "key": {**qt6_check._cache_key(), "pyqt6": "an older PyQt6"},
        "qt6": {"version": "stale", "modules": {}, "classes": {}}, "qt5": {}, "qgis": {}}))
    regenerated = qt6_check.load_tables()
    assert regenerated.qt6["version"] == fresh.qt6["version"] != "stale"
    assert json.loads((tmp_path / "tables.json").read_text())["key"] == qt6_check._cache_key()



def test_the_plugin_code_passes():
    status, lines, stderr = run_check()
    assert (status, lines) == (0, []), "\n".join(lines) + stderr


def test_fix_points_at_lines_it_made_too_long(tmp_path):
    path = plant(tmp_path, "long.py", """
        from qgis.PyQt.QtCore import Qt

        flags = (Qt.AlignLeft, Qt.AlignRight, Qt.AlignTop, Qt.AlignBottom, Qt.AlignCenter, Qt.AlignVCenter)
    """)
    status, lines, stderr = run_check("--fix", path)
    assert (status, lines) == (0, []), stderr
    assert f"{path}:3: --fix made this line" in stderr and "(> 120): wrap it" in stderr
