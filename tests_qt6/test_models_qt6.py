# SPDX-License-Identifier: GPL-2.0-or-later
"""The table models on Qt6: every test of tests/ui/test_models.py (QAbstractItemModelTester in Fatal mode
through resets, inserts, updates, sorts and a hypothesis run of random change sequences), unchanged."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_SUITE = Path(__file__).resolve().parents[1] / "tests" / "ui" / "test_models.py"
_spec = importlib.util.spec_from_file_location("qt5_suite_test_models", _SUITE)
_module = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = _module
_spec.loader.exec_module(_module)

globals().update({name: value for name, value in vars(_module).items() if name.startswith("test_")})
TESTS_FROM_QT5_SUITE = sorted(name for name in vars(_module) if name.startswith("test_"))


def test_the_qt5_suite_was_taken_whole():
    assert len(TESTS_FROM_QT5_SUITE) >= 10
    assert all(name in globals() for name in TESTS_FROM_QT5_SUITE)


def test_status_icons_paint_on_qt6(qgis_app):
    from eo_orders.providers.base import OrderStatus
    from eo_orders.ui.models import STATUS_COLORS, status_icon

    for status in OrderStatus:
        image = status_icon(status).pixmap(12, 12).toImage()
        centre = image.pixelColor(6, 6)
        assert centre.name() == STATUS_COLORS[status]
        assert image.pixelColor(0, 0).alpha() == 0
