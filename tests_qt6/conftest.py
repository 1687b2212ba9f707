# SPDX-License-Identifier: GPL-2.0-or-later
"""The Qt-only parts of the plugin on Qt6: ``qgis.PyQt`` mapped to PyQt6 from PyPI, no QGIS, no PyQt5.

QGIS 4 is built on Qt6 and its ``qgis.PyQt.*`` modules re-export PyQt6; this shim does the same, so the
plugin's Qt models, options form and Designer files run on the real Qt6 here, beside the real QGIS 3.22 /
PyQt5 run of ``tests/``. PyQt5 and PyQt6 must never load in one process: this folder is its own pytest
process (``make test`` runs it second) and a finder refuses PyQt5 and the real QGIS bindings outright.

What it maps, like QGIS's own ``python/PyQt/PyQt6`` package: ``qgis.PyQt.{QtCore, QtGui, QtWidgets, QtTest,
QtNetwork, QtXml, QtSvg, sip, uic}``; ``QAction``, ``QActionGroup`` and ``QShortcut`` are importable from
``QtWidgets`` as in QGIS (qgis/QGIS#55658, #57467). ``qgis.core`` and ``qgis.gui`` hold no QGIS class: the
only names given are the two date editors the options form imports, and they refuse to be built (date and
date-time fields need QGIS; see the README).
"""

from __future__ import annotations

import importlib
import importlib.abc
import os
import sys
import types
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
BLOCKED = ("PyQt5", "sip", "qgis._core", "qgis._gui", "qgis._analysis", "qgis.PyQt.Qt")
QT_MODULES = ("QtCore", "QtGui", "QtWidgets", "QtTest", "QtNetwork", "QtXml", "QtSvg", "sip", "uic")
QGIS_ONLY_WIDGETS = ("QgsDateEdit", "QgsDateTimeEdit")


class _RefuseQt5AndQgis(importlib.abc.MetaPathFinder):
    """Any import of PyQt5 or of QGIS's compiled bindings in this process is a bug in the shim or the code."""

    def find_spec(self, name, path, target=None):
        if any(name == b or name.startswith(b + ".") for b in BLOCKED):
            raise ImportError(f"{name} must not load in the PyQt6 run (tests_qt6/conftest.py)")
        return None


class _QgisOnlyWidget:
    def __init__(self, *args, **kwargs) -> None:
        raise RuntimeError(f"{type(self).__name__} is a QGIS class: it cannot be built in the PyQt6-only run")


def _module_without_qgis_classes(name: str, given: dict[str, object]) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(given)

    def __getattr__(attr: str):
        raise AttributeError(f"{name}.{attr} is QGIS API: not available in the PyQt6-only run")

    module.__getattr__ = __getattr__
    return module


def install_shim() -> None:
    if "PyQt5" in sys.modules:
        pytest.exit("PyQt5 is already loaded: run this folder on its own, "
                    "`python -m pytest -c tests_qt6/pytest.ini tests_qt6`", returncode=4)
    sys.meta_path.insert(0, _RefuseQt5AndQgis())
    for name in list(sys.modules):
        if name == "qgis" or name.startswith("qgis."):
            del sys.modules[name]
    qgis = types.ModuleType("qgis")
    qgis.__path__ = []
    pyqt = types.ModuleType("qgis.PyQt")
    pyqt.__path__ = []
    sys.modules.update({"qgis": qgis, "qgis.PyQt": pyqt})
    qgis.PyQt = pyqt
    for name in QT_MODULES:
        module = importlib.import_module(f"PyQt6.{name}")
        if name == "QtWidgets":  # QGIS keeps these importable from QtWidgets on Qt6
            gui = importlib.import_module("PyQt6.QtGui")
            widgets = types.ModuleType("qgis.PyQt.QtWidgets")
            widgets.__dict__.update({k: v for k, v in vars(module).items() if not k.startswith("__")})
            widgets.QAction, widgets.QActionGroup, widgets.QShortcut = gui.QAction, gui.QActionGroup, gui.QShortcut
            module = widgets
        sys.modules[f"qgis.PyQt.{name}"] = module
        setattr(pyqt, name, module)
    qgis.core = sys.modules["qgis.core"] = _module_without_qgis_classes("qgis.core", {})
    qgis.gui = sys.modules["qgis.gui"] = _module_without_qgis_classes(
        "qgis.gui", {n: type(n, (_QgisOnlyWidget,), {}) for n in QGIS_ONLY_WIDGETS})


install_shim()

sys.path.insert(0, str(ROOT))
from demo.bootstrap import ensure_package  # noqa: E402

ensure_package()


@pytest.fixture(scope="session")
def qgis_app(qapp):
    """The name the Qt5/QGIS tests use for the application: here pytest-qt's QApplication on PyQt6."""
    return qapp


@pytest.fixture()
def shared_fixture():
    """Real provider replies from ../shared/fixtures, as in tests/conftest.py."""
    import json

    def load(rel: str):
        path = SHARED_FIXTURES / rel
        if not path.exists():
            pytest.fail(f"shared fixture {rel} not available")
        return json.loads(path.read_text(encoding="utf-8"))

    return load
