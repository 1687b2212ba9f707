# SPDX-License-Identifier: GPL-2.0-or-later
"""The run is what it claims: Qt6 from PyQt6, no PyQt5 and no QGIS bindings in the process."""

from __future__ import annotations

import sys

import pytest


def test_qt6_and_no_pyqt5(qgis_app):
    from qgis.PyQt.QtCore import QT_VERSION_STR
    from qgis.PyQt.QtWidgets import QApplication

    assert QT_VERSION_STR.startswith("6.")
    assert type(qgis_app) is QApplication and QApplication.__module__.startswith("PyQt6")
    assert not [name for name in sys.modules if name.split(".")[0] in ("PyQt5", "sip")]
    assert not [name for name in sys.modules if name.startswith(("qgis._core", "qgis._gui"))]
    with pytest.raises(ImportError, match="must not load in the PyQt6 run"):
        import PyQt5  # noqa: F401


def test_qaction_from_qtwidgets_as_qgis_provides_it():
    from qgis.PyQt.QtGui import QAction as GuiAction
    from qgis.PyQt.QtWidgets import QAction

    assert QAction is GuiAction


def test_qgis_classes_are_refused_not_faked(qgis_app):
    from qgis.gui import QgsDateTimeEdit

    with pytest.raises(RuntimeError, match="QgsDateTimeEdit is a QGIS class"):
        QgsDateTimeEdit()
    with pytest.raises(ImportError):
        from qgis.core import QgsTask  # noqa: F401
