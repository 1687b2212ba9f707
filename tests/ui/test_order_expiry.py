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


def test_an_expired_output_reads_expired_in_the_view_and_the_details(qgis_app):
    """Past its expiry a completed order's status reads "Output expired" (greyed), its tooltip and details
    say when; one still kept says until when; the moment is read when shown, not when the row was made."""
    from datetime import timedelta

    from eo_orders.core.tracked import TrackedOrder, expiry_text
    from eo_orders.ui.models import EXPIRED_COLOR
    from eo_orders.ui.panels.orders_panel import order_details

    now = datetime.now(timezone.utc)
    gone = TrackedOrder("c", Order(id="old", name="old", status=OrderStatus.COMPLETED,
                                   expires_at=now - timedelta(days=2)), connection_name="CDSE")
    soon = TrackedOrder("c", Order(id="new", name="new", status=OrderStatus.COMPLETED,
                                   expires_at=now + timedelta(hours=1)), connection_name="CDSE")
    model = OrdersModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items([gone, soon])

    def cell(key: str, role=Qt.ItemDataRole.DisplayRole):
        return model.index(model.row_of(key), OrdersModel.STATUS_COLUMN).data(role)

    when = (now - timedelta(days=2)).strftime("%Y-%m-%d %H:%M")
    assert cell(gone.key) == "Output expired" and gone.output_expired
    assert f"Output expired on {when} UTC" in cell(gone.key, Qt.ItemDataRole.ToolTipRole)
    assert cell(gone.key, Qt.ItemDataRole.ForegroundRole).color().name() == EXPIRED_COLOR
    assert f"Output expired on {when} UTC" in order_details(gone)
    assert cell(soon.key) == "Completed" and "Output kept until" in order_details(soon)
    # the same row a moment later: expired, with no update of the model
    later = now + timedelta(hours=2)
    assert expiry_text(soon.order, later).startswith("Output expired on") and not soon.output_expired
    # an order still running has no expiry to show; a failed one keeps its status
    running = Order(id="r", name="r", status=OrderStatus.IN_PROGRESS)
    failed = Order(id="f", name="f", status=OrderStatus.FAILED, expires_at=now - timedelta(days=1))
    model.set_items([running, failed])
    assert cell("r") == "In progress" and "Output" not in (cell("r", Qt.ItemDataRole.ToolTipRole) or "")
    assert cell("f") == "Failed"
    del tester


def test_the_expiry_messages_are_in_german(german):
    """The German .ts (compiled as ``make package`` does) translates the expiry texts and the download's
    refusal, placeholders kept."""
    from eo_orders.core.tracked import expired_download_message, expiry_text

    order = Order(id="9", name="alt", status=OrderStatus.COMPLETED,
                  expires_at=datetime(2026, 1, 2, 3, 4, tzinfo=timezone.utc))
    assert expiry_text(order) == "Ergebnisse abgelaufen am 2026-01-02 03:04 UTC"
    text = expired_download_message(order)
    assert "„alt“" in text and "2026-01-02 03:04 UTC" in text and "erneut" in text
    model = OrdersModel()
    model.set_items([order])
    assert model.index(0, OrdersModel.STATUS_COLUMN).data() == "Ergebnisse abgelaufen"
    kept = Order(id="8", name="neu", status=OrderStatus.COMPLETED,
                 expires_at=datetime(2099, 1, 2, 3, 4, tzinfo=timezone.utc))
    assert expiry_text(kept) == "Ergebnisse aufbewahrt bis 2099-01-02 03:04 UTC"
