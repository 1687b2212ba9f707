# SPDX-License-Identifier: GPL-2.0-or-later
"""The order's output expiry (CDSE production outputs are kept 14 days, ODIP's EvictionDate) is shown on it."""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QAbstractItemModelTester

from eo_orders.providers.base import Order, OrderStatus
from eo_orders.ui.models import OrdersModel


def test_status_tooltip_names_the_expiry(qgis_app):
    model = OrdersModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    expiring = Order(id="a", name="a", status=OrderStatus.COMPLETED,
                     expires_at=datetime(2026, 12, 15, 8, 30, tzinfo=timezone.utc))
    kept = Order(id="b", name="b", status=OrderStatus.COMPLETED)
    model.set_items([expiring, kept])
    tip = model.index(model.row_of("a"), OrdersModel.STATUS_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert "Output kept until 2026-12-15 08:30" in tip
    other = model.index(model.row_of("b"), OrdersModel.STATUS_COLUMN).data(Qt.ItemDataRole.ToolTipRole)
    assert "kept until" not in other
    del tester
