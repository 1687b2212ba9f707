# SPDX-License-Identifier: GPL-2.0-or-later
"""Tells the user about orders while the dock may be closed: the QGIS message bar of the main window,
and the system tray where the desktop has one.

Why apart from the dock: the monitor follows orders with the dock closed (overnight, after a restart);
the analyst must still hear that an order completed, failed or waits for a decision. One place turns
the order service's and the monitor's signals into messages; ``show_error`` is the one place any
``EoOrdersError`` reaches a message bar, at the level the error carries.
"""

from __future__ import annotations

from typing import Any, Callable

from qgis.core import Qgis
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QPushButton, QSystemTrayIcon

from ..core.order_service import TrackedOrder
from ..providers.base import EoOrdersError, ErrorLevel
from ..providers.i18n import tr

LEVELS = {ErrorLevel.INFO: Qgis.MessageLevel.Info, ErrorLevel.WARNING: Qgis.MessageLevel.Warning,
          ErrorLevel.CRITICAL: Qgis.MessageLevel.Critical}
TITLE = "EO Orders"


def error_level(err: EoOrdersError | str) -> Any:
    """The message bar level of an error (plain text counts as critical)."""
    return LEVELS.get(getattr(err, "level", ErrorLevel.CRITICAL), Qgis.MessageLevel.Critical)


def show_error(bar: Any, err: EoOrdersError | str, duration: int = 10) -> str:
    """Push any error of the family to a message bar at its level; returns the text shown."""
    text = str(err)
    bar.pushMessage(TITLE, text, error_level(err), duration)
    return text


def summary_text(events: list[tuple[TrackedOrder, str]]) -> tuple[str, Any]:
    """Several orders moved on in one check (the morning after a night offline): one message."""
    counts: dict[str, int] = {}
    for _, event in events:
        counts[event] = counts.get(event, 0) + 1
    words = {"completed": tr("{count} completed"), "failed": tr("{count} failed"),
             "cancelled": tr("{count} cancelled"), "decision": tr("{count} need your decision")}
    parts = [words.get(event, "{count} " + event).format(count=n) for event, n in counts.items()]
    level = (Qgis.MessageLevel.Critical if "failed" in counts else Qgis.MessageLevel.Warning if "decision" in counts
             else Qgis.MessageLevel.Success)
    return tr("{count} orders moved on: {events}.").format(count=len(events), events=", ".join(parts)), level


def attention_text(tracked: TrackedOrder, event: str) -> tuple[str, Any]:
    name = tracked.name or tracked.id
    where = f" ({tracked.connection_name})" if tracked.connection_name else ""
    if event == "completed":
        return (tr("Order “{name}”{where} completed: its results are ready.").format(name=name, where=where),
                Qgis.MessageLevel.Success)
    if event == "decision":
        return (tr("Order “{name}”{where} needs your decision ({status}): open EO Orders › Orders › Actions.").format(
            name=name, where=where, status=tracked.sub_status or tracked.raw_status), Qgis.MessageLevel.Warning)
    reason = f": {tracked.message}" if tracked.message else "."
    sentences = {"failed": tr("Order “{name}”{where} failed{reason}"),
                 "cancelled": tr("Order “{name}”{where} cancelled{reason}")}
    text = sentences.get(event, "Order “{name}”{where} " + event + "{reason}")
    return text.format(name=name, where=where, reason=reason), Qgis.MessageLevel.Critical


class Notifier:
    """Message bar (+ tray) notifications with a button that opens the dock on the order."""

    def __init__(self, iface: Any, show_order: Callable[[str, str], None],
                 sign_in: Callable[[str], None], icon: Any = None) -> None:
        self.iface = iface
        self.show_order = show_order
        self.sign_in = sign_in
        #: events of one check, told together once the event loop runs again
        self._pending: list[tuple[TrackedOrder, str]] = []
        self._flush_timer = QTimer()
        self._flush_timer.setSingleShot(True)
        self._flush_timer.timeout.connect(self.flush)
        #: every notification text, newest last (the log of what the user was told)
        self.history: list[str] = []
        self._tray: QSystemTrayIcon | None = None
        if icon is not None and QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages():
            self._tray = QSystemTrayIcon(icon, iface.mainWindow())

    def order_attention(self, tracked: TrackedOrder, event: str) -> None:
        self._pending.append((tracked, event))
        if not self._flush_timer.isActive():
            self._flush_timer.start(0)

    def flush(self) -> None:
        """One message per order, or one summary when a check moved several on."""
        events, self._pending = self._pending, []
        if len(events) == 1:
            tracked, event = events[0]
            text, level = attention_text(tracked, event)
            self._push(text, level, tr("Show order"), lambda: self.show_order(tracked.connection_id, tracked.id))
        elif events:
            text, level = summary_text(events)
            first = next((t for t, e in events if e == "decision"), events[0][0])
            self._push(text, level, tr("Show orders"), lambda: self.show_order(first.connection_id, first.id))

    def sign_in_needed(self, conn_id: str, name: str, why: str) -> None:
        text = tr("Orders of “{name}” are not followed until you sign in. {why}").format(name=name, why=why)
        self._push(text, Qgis.MessageLevel.Warning, tr("Sign in"), lambda: self.sign_in(conn_id))

    def error(self, err: EoOrdersError) -> None:
        self.history.append(str(err))
        show_error(self.iface.messageBar(), err)

    def message(self, text: str) -> None:
        self._push(text, Qgis.MessageLevel.Info)

    def _push(self, text: str, level: Any, button: str = "", action: Callable[[], None] | None = None) -> None:
        self.history.append(text)
        bar = self.iface.messageBar()
        item = bar.createMessage(TITLE, text)
        if button and action is not None:
            push = QPushButton(button, item)
            push.clicked.connect(action)
            item.layout().addWidget(push)
        bar.pushWidget(item, level, 0 if level != Qgis.MessageLevel.Info else 10)
        if self._tray is not None:
            self._tray.show()
            icon = (QSystemTrayIcon.MessageIcon.Critical if level == Qgis.MessageLevel.Critical
                    else QSystemTrayIcon.MessageIcon.Information)
            self._tray.showMessage(TITLE, text, icon, 15000)

    def close(self) -> None:
        self._flush_timer.stop()
        self._pending = []
        if self._tray is not None:
            self._tray.hide()
            self._tray.deleteLater()
            self._tray = None
