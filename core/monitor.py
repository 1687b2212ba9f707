# SPDX-License-Identifier: GPL-2.0-or-later
"""Follows every active order of every saved connection, with or without the dock.

Why a monitor apart from the dock: analysts leave orders running overnight and close the panel; they
expect to hear when an order completes, fails or waits for their decision, and to find it followed
again after a QGIS restart. The plugin starts the monitor with itself (``plugin.initGui``).

Each cycle asks each provider once for its active orders (one bulk call where the provider has one).
A provider that cannot be reached is asked again later and later (doubling up to a ceiling), and its
orders are marked "offline — last checked …". A connection whose secret cannot be read without asking
(a one-time code, a locked QGIS authentication database) is not logged in behind the user's back:
``signInNeeded`` is emitted once, and the dock's sign-in resumes it. No widget here: the notifier in
``ui/`` turns the signals into messages.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from qgis.PyQt.QtCore import QObject, QTimer, pyqtSignal

from ..providers.base import AuthError, EoOrdersError
from .order_service import OrderService, SignInRequired, TrackedOrder
from .settings import AUTO_DOWNLOAD, MONITOR_INTERVAL_S, MONITOR_MAX_BACKOFF_S


@dataclass
class _ConnectionState:
    failures: int = 0
    next_at: float = 0.0
    resumed: bool = False
    sign_in_asked: bool = False


class OrderMonitor(QObject):
    """A timer over the order service: one refresh per connection with active orders per cycle."""

    #: connection id, connection name, what to do
    signInNeeded = pyqtSignal(str, str, str)
    #: connection id, seconds until the next attempt (the provider could not be reached)
    backingOff = pyqtSignal(str, float)

    def __init__(self, service: OrderService, interval_s: float | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.service = service
        self.interval_s = float(interval_s if interval_s is not None else MONITOR_INTERVAL_S.value())
        self.max_backoff_s = float(MONITOR_MAX_BACKOFF_S.value())
        self._states: dict[str, _ConnectionState] = {}
        self._timer = QTimer(self)
        self._timer.timeout.connect(self.check_now)
        self.service.attention.connect(self._on_attention)

    # -- life ---------------------------------------------------------------------------------------
    def start(self) -> None:
        """Orders come back from the journal at once (no network call); the first check follows as soon
        as the event loop runs, then one every ``interval_s``."""
        self.service.load_journal()
        self._timer.start(max(1, int(self.interval_s * 1000)))
        QTimer.singleShot(0, self.check_now)

    def stop(self) -> None:
        self._timer.stop()
        try:
            self.service.attention.disconnect(self._on_attention)
        except TypeError:  # already disconnected
            pass

    @property
    def running(self) -> bool:
        return self._timer.isActive()

    def is_following(self, conn_id: str | None = None) -> bool:
        """Whether a cycle would check orders (of this connection): the timer runs and some are active."""
        return self.running and bool(self.service.active_orders(conn_id))

    def signed_in(self, conn_id: str) -> None:
        """The user signed in (the dock made the provider): follow that connection again at once."""
        state = self._state(conn_id)
        state.sign_in_asked = False
        state.next_at = 0.0
        if self.running:
            self._check(conn_id, time.monotonic())

    def _state(self, conn_id: str) -> _ConnectionState:
        return self._states.setdefault(conn_id, _ConnectionState())

    # -- cycles ---------------------------------------------------------------------------------------
    def check_now(self) -> None:
        """One cycle: every connection with active orders (or work left from the last session) once."""
        if not self.running:
            return
        now = time.monotonic()
        for conn_id in self.service.connection_ids():
            self._check(conn_id, now)

    def _check(self, conn_id: str, now: float) -> None:
        state = self._state(conn_id)
        if not state.resumed:
            if not self._resume(conn_id, state):
                return
        if not self.service.active_orders(conn_id) or state.next_at > now:
            return
        if not self._provider_ready(conn_id, state):
            return
        self.service.refresh(conn_id, full=False, interactive=False, what="monitor",
                             on_done=lambda _: self._succeeded(conn_id),
                             on_error=lambda err: self._failed(conn_id, err))

    def _resume(self, conn_id: str, state: _ConnectionState) -> bool:
        """What the last session left: submits to reconcile by name, downloads to resume."""
        journal = self.service.journal
        pending = journal is not None and bool(journal.pending_submits(conn_id)
                                               or journal.unfinished_downloads(conn_id))
        if pending or self.service.active_orders(conn_id):
            if not self._provider_ready(conn_id, state):
                return False
        state.resumed = True
        if pending:
            self.service.reconcile_pending(conn_id, interactive=False)
            self.service.resume_downloads(conn_id, interactive=False)
        return True

    def _provider_ready(self, conn_id: str, state: _ConnectionState) -> bool:
        try:
            self.service.provider(conn_id, interactive=False)
        except SignInRequired as exc:
            self._ask_sign_in(conn_id, state, exc)
            return False
        except EoOrdersError as exc:
            self._failed(conn_id, exc)
            return False
        return True

    def _ask_sign_in(self, conn_id: str, state: _ConnectionState, exc: EoOrdersError) -> None:
        if not state.sign_in_asked:
            state.sign_in_asked = True
            conn = self.service.connection(conn_id)
            self.signInNeeded.emit(conn_id, conn.name if conn else conn_id, str(exc))

    def _succeeded(self, conn_id: str) -> None:
        state = self._state(conn_id)
        state.failures = 0
        state.next_at = 0.0
        state.resumed = True
        if self.service.journal is not None and self.service.journal.unfinished_downloads(conn_id):
            self.service.resume_downloads(conn_id, interactive=False)

    def _failed(self, conn_id: str, err: EoOrdersError) -> None:
        state = self._state(conn_id)
        if isinstance(err, AuthError):  # a changed password: the user has to sign in, retrying will not help
            self._ask_sign_in(conn_id, state, err)
        state.failures += 1
        delay = min(self.interval_s * (2 ** state.failures), self.max_backoff_s)
        state.next_at = time.monotonic() + delay
        self.service.mark_offline(conn_id)
        self.backingOff.emit(conn_id, delay)

    def _on_attention(self, tracked: TrackedOrder, event: str) -> None:
        if event == "completed" and AUTO_DOWNLOAD.value():
            self.service.download(tracked.connection_id, tracked.id, interactive=False)
