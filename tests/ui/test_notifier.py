# SPDX-License-Identifier: GPL-2.0-or-later
"""Notifications in the main window's message bar: one per order, one summary when many moved on."""

from __future__ import annotations

from qgis.core import Qgis
from qgis.PyQt.QtWidgets import QMainWindow, QPushButton


def _tracked(i: int, status: str = "completed", sub_status: str = ""):
    from eo_orders.core.order_service import TrackedOrder
    from eo_orders.providers.base import Order, OrderStatus

    return TrackedOrder("conn", Order(id=f"o{i}", name=f"night {i}", status=OrderStatus(status),
                                      sub_status=sub_status, message="no data" if status == "failed" else ""),
                        "UP42 sandbox", "UP42")


def test_one_message_per_order_and_one_summary_for_a_night_of_changes(qgis_app, qgis_canvas):
    from eo_orders.demo.iface import HeadlessIface
    from eo_orders.ui.notifier import Notifier

    window = QMainWindow()
    iface = HeadlessIface(qgis_canvas, window)
    shown: list[tuple[str, str]] = []
    notifier = Notifier(iface, lambda c, o: shown.append((c, o)), lambda c: None)
    try:
        notifier.order_attention(_tracked(1), "completed")
        qgis_app.processEvents()
        item = iface.messageBar().currentItem()
        assert "“night 1” (UP42 sandbox) completed" in item.text() and item.level() == Qgis.MessageLevel.Success
        [button] = [b for b in item.findChildren(QPushButton) if b.text() == "Show order"]
        button.click()
        assert shown == [("conn", "o1")]

        for i in range(2, 6):
            notifier.order_attention(_tracked(i), "completed")
        notifier.order_attention(_tracked(6, "failed"), "failed")
        notifier.order_attention(_tracked(7, "in_progress", "QUOTATION_WAITING_RESPONSE"), "decision")
        qgis_app.processEvents()
        assert notifier.history[-1] == "6 orders moved on: 4 completed, 1 failed, 1 need your decision."
        assert len(notifier.history) == 2 and iface.messageBar().currentItem().level() == Qgis.MessageLevel.Critical
        [button] = [b for b in iface.messageBar().currentItem().findChildren(QPushButton)
                    if b.text() == "Show orders"]
        button.click()
        assert shown[-1] == ("conn", "o7")  # the one waiting for a decision first
    finally:
        notifier.close()
        window.deleteLater()
