# SPDX-License-Identifier: GPL-2.0-or-later
"""The one owner of an order's life: providers per connection, quote, submit, reconcile, refresh,
cancel, order actions, downloads, loading result layers and re-signing streamed layers.

Why a service and not the dock: an order lives longer than any widget (overnight, across QGIS
restarts), and several parts drive it — the dock, the monitor that follows every connection, the tests.
So the lifecycle lives here, in ``core/`` (QGIS, no widgets), and reports through Qt signals.

Threading rules kept here:
* every provider call runs in a ``QgsTask`` through ``TaskRunner`` (errors captured in ``run()``,
  reported in ``finished()`` on the main thread);
* the work functions receive plain values (the provider, ids, the orders known when the task
  started) and never read a Qt model or a widget;
* the journal is written by the work functions (worker threads), never on the UI thread where its
  SQLite lock could block; it is read on the main thread at start-up only, without any network call.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Callable

from qgis.core import QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, pyqtSignal

from .. import providers
from ..providers.base import (
    AuthError,
    Capability,
    ConnectionConfig,
    EoOrdersError,
    ErrorLevel,
    InputQuery,
    NotFoundError,
    Order,
    OrderAction,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    Provider,
    ProviderError,
)
from ..providers.http import TransportSettings
from ..providers.i18n import tr
from .connections import ConnectionStore, qgis_transport_settings
from .order_ops import build_provider, download_and_verify, submit_order
from .settings import STREAM_RASTERS
from .tasks import TaskRunner
from .tracked import (  # noqa: F401 - re-exported: the service's callers name these with it
    DECISION_LABEL,
    DECISION_SUB_STATUSES,
    TrackedOrder,
    cost_text,
    needs_decision,
    order_key,
)

log = logging.getLogger("eo_orders.service")

#: active orders missing from the provider's first listing page that one refresh asks for individually
MAX_UNLISTED_REFRESH = 50
#: work that only reads and is simply done again (listings, searches, status checks, the lookup of an
#: uncertain submit, fresh download links): QGIS cancels it on Exit without asking. Submits, quotes, order
#: actions, cancels and downloads keep QGIS's question, so a paid step or a long download is never dropped
#: without the analyst knowing.
READ_ONLY_WORK = frozenset({"workflows", "search", "actions", "orders", "monitor", "reconcile", "resign"})
Callback = Callable[[Any], None]
ErrorCallback = Callable[[EoOrdersError], None]


class SignInRequired(EoOrdersError):
    """The connection cannot log in without the user (a one-time code, a locked secret store)."""

    level = ErrorLevel.WARNING


class OrderService(QObject):
    """Drives orders for every saved connection; the dock, the monitor and the tests call its methods.

    Request/reply calls (workflows, search, quote, actions) take ``on_done``/``on_error`` callbacks run
    on the main thread (skipped when ``owner``, a widget, was deleted meanwhile). State changes are
    signals, whoever started them: ``ordersChanged`` for new or changed rows, ``attention`` when an order
    completes, fails or waits for the user, ``resultsLoaded`` when layers are on the map, ``error`` for
    failures nobody asked to handle.
    """

    ordersChanged = pyqtSignal(list)
    #: TrackedOrder, adopted (found again by name after an ambiguous submit)
    orderSubmitted = pyqtSignal(object, bool)
    #: TrackedOrder, event: "completed", "failed", "cancelled" or "decision"
    attention = pyqtSignal(object, str)
    #: TrackedOrder, number of layers, folder, streamed
    resultsLoaded = pyqtSignal(object, int, str, bool)
    error = pyqtSignal(object)
    message = pyqtSignal(str)
    busyChanged = pyqtSignal()

    def __init__(self, store: ConnectionStore, journal: Any = None, runner: TaskRunner | None = None,
                 totp_prompt: Callable[[str], str] | None = None, parent: QObject | None = None,
                 transport_settings: Callable[[], TransportSettings] | None = None) -> None:
        super().__init__(parent)
        self.store = store
        #: the same settings without ever asking for the QGIS master password (the monitor's logins)
        self._quiet_store = ConnectionStore(store.prefix, prompt_master_password=False)
        self.journal = journal
        self.runner = runner or TaskRunner(self)
        #: asks the user for a one-time code (two-factor logins); None: such connections wait for the dock
        self.totp_prompt = totp_prompt
        #: how new providers talk HTTP (the QGIS proxy by default; tests shorten the retries)
        self.transport_settings = transport_settings or qgis_transport_settings
        self._providers: dict[str, Provider] = {}
        self._connections: dict[str, ConnectionConfig] = {}
        self._orders: dict[str, TrackedOrder] = {}
        self._busy: dict[str, int] = {}
        self._downloading: set[str] = set()
        #: downloads resumed this session: a download that keeps failing is not retried every cycle
        self._resumed: set[str] = set()
        self._closed = False
        self.reload_connections()
        QgsProject.instance().readProject.connect(self.resign_streamed_layers)

    # -- connections and providers -----------------------------------------------------------------
    def reload_connections(self) -> list[ConnectionConfig]:
        """Re-read the saved connections (names, kinds); providers of edited ones are rebuilt."""
        conns = self.store.list()
        self._connections = {c.id: c for c in conns}
        for conn_id in list(self._providers):
            if conn_id not in self._connections:
                self.drop_provider(conn_id)
        return conns

    def connection(self, conn_id: str) -> ConnectionConfig | None:
        return self._connections.get(conn_id)

    def connection_ids(self) -> list[str]:
        return list(self._connections)

    def provider_class(self, conn_id: str | None) -> type[Provider] | None:
        """The connection's provider class (its capabilities) without creating it or logging in."""
        if not conn_id:
            return None
        cached = self._providers.get(conn_id)
        if cached is not None:
            return type(cached)
        conn = self._connections.get(conn_id)
        try:
            return providers.provider_class(conn.kind) if conn else None
        except (KeyError, ImportError):
            return None

    def has_provider(self, conn_id: str) -> bool:
        return conn_id in self._providers

    def provider(self, conn_id: str, interactive: bool = True) -> Provider:
        """The connection's provider, made on first use and cached.

        ``interactive`` False (the monitor): never ask anything — no one-time code, no master password;
        raises ``SignInRequired`` when the login needs the user. Raises ``EoOrdersError`` otherwise.
        """
        prov = self._providers.get(conn_id)
        if prov is not None:
            return prov
        store = self.store if interactive else self._quiet_store
        try:
            conn = store.get(conn_id)
        except KeyError:
            raise EoOrdersError(tr("No saved connection with id {id}.").format(id=conn_id)) from None
        except EoOrdersError as exc:
            if interactive:
                raise
            raise SignInRequired(tr("“{name}” needs you to sign in: {error}").format(name=self._name(conn_id),
                                                                                   error=exc)) from exc
        if conn.options.get("two_factor"):
            if not interactive or self.totp_prompt is None:
                raise SignInRequired(tr("“{name}” needs the one-time code of your authenticator app to sign "
                                        "in.").format(name=conn.name))
            code = self.totp_prompt(conn.name)
            if not code:
                raise AuthError(tr("“{name}” needs the one-time code of your authenticator app.").format(
                    name=conn.name), level=ErrorLevel.WARNING)
            conn.options = {**conn.options, "totp": code}  # this login only, never saved
        prov = build_provider(conn, self.transport_settings())
        self._providers[conn_id] = prov
        self._connections.setdefault(conn_id, replace(conn, secret=""))
        return prov

    def drop_provider(self, conn_id: str) -> None:
        """Forget a provider (edited connection, refused login): the next call logs in afresh."""
        prov = self._providers.pop(conn_id, None)
        if prov is not None:
            try:
                prov.close()
            except OSError:  # closing sockets is best effort
                pass

    def _name(self, conn_id: str) -> str:
        conn = self._connections.get(conn_id)
        return conn.name if conn else conn_id

    def _title(self, conn_id: str) -> str:
        conn = self._connections.get(conn_id)
        return providers.REGISTRY.get(conn.kind, ("", "", conn.kind))[2] if conn else ""

    # -- orders known -----------------------------------------------------------------------------
    def orders(self, conn_id: str | None = None) -> list[TrackedOrder]:
        return [t for t in self._orders.values() if conn_id is None or t.connection_id == conn_id]

    def tracked(self, conn_id: str, order_id: str) -> TrackedOrder | None:
        return self._orders.get(order_key(conn_id, order_id))

    def active_orders(self, conn_id: str | None = None) -> list[TrackedOrder]:
        return [t for t in self.orders(conn_id) if t.status.is_active]

    def load_journal(self) -> list[TrackedOrder]:
        """Every order of every saved connection from the journal: no network call. Start-up uses it."""
        if self.journal is None:
            return []
        rows = []
        for conn_id in self._connections:
            for entry in self.journal.orders(conn_id):
                key = order_key(conn_id, entry.order_id or "")
                if key in self._orders:
                    continue
                tracked = TrackedOrder(conn_id, entry.to_order(), self._name(conn_id), self._title(conn_id),
                                       cost=str((entry.request or {}).get("accepted_cost") or ""),
                                       checked_at=entry.updated_at, download_folder=entry.download_folder
                                       if entry.download_state == "downloaded" else "")
                self._orders[key] = tracked
                rows.append(tracked)
        if rows:
            self.ordersChanged.emit(rows)
        return rows

    def _merge(self, conn_id: str, orders: list[Order], checked: bool = True) -> list[TrackedOrder]:
        """Fold fresh orders in; emit ``attention`` for transitions the user must hear about."""
        now = datetime.now(timezone.utc)
        changed: list[TrackedOrder] = []
        for order in orders:
            key = order_key(conn_id, order.id)
            old = self._orders.get(key)
            if old is not None and not order.name:
                order = replace(order, name=old.name)
            if old is not None and order.expires_at is None and old.order.expires_at is not None:
                # a reply that cannot tell the output's expiry (a CDSE order listed without its workflow)
                # does not make it unknown: the date the provider gave once stays true
                order = replace(order, expires_at=old.order.expires_at)
            new = TrackedOrder(conn_id, order, self._name(conn_id), self._title(conn_id),
                               cost=old.cost if old else "", checked_at=now if checked else (old and old.checked_at),
                               offline=False, download_folder=old.download_folder if old else "")
            if old == new:
                continue
            self._orders[key] = new
            changed.append(new)
            if old is not None and old.status.is_active and not order.status.is_active:
                self.attention.emit(new, order.status.value)
            elif new.needs_decision and (old is None or not old.needs_decision):
                self.attention.emit(new, "decision")
        if changed:
            self.ordersChanged.emit(changed)
        return changed

    def mark_offline(self, conn_id: str) -> None:
        """The provider could not be reached: its active orders keep their last known state, marked."""
        changed = []
        for t in self.active_orders(conn_id):
            if not t.offline:
                t2 = replace(t, offline=True)
                self._orders[t.key] = t2
                changed.append(t2)
        if changed:
            self.ordersChanged.emit(changed)

    # -- running work -----------------------------------------------------------------------------
    def is_busy(self, conn_id: str | None = None, what: str | None = None) -> bool:
        if conn_id is None and what is None:
            return any(self._busy.values())
        return any(n for k, n in self._busy.items()
                   if (conn_id is None or k.startswith(f"{conn_id}:")) and (what is None or k.endswith(f":{what}")))

    def _start(self, conn_id: str, what: str, description: str, work: Callable[[Any], Any],
               on_done: Callable[[Any], None], on_error: ErrorCallback | None = None, owner: QObject | None = None,
               after: Callable[[Any], Any] | None = None, cleanup: Callable[[], None] | None = None) -> Any:
        """Run ``work`` in a task; ``after`` (the service's own bookkeeping) runs first, whoever asked;
        ``on_done``/``on_error`` (the caller's) only while ``owner`` is alive."""
        busy_key = f"{conn_id}:{what}"
        self._busy[busy_key] = self._busy.get(busy_key, 0) + 1

        def owner_alive() -> bool:
            return owner is None or not sip.isdeleted(owner)

        def release() -> None:
            if cleanup is not None:
                cleanup()
            n = self._busy.get(busy_key, 1) - 1
            if n > 0:
                self._busy[busy_key] = n
            else:
                self._busy.pop(busy_key, None)
            self.busyChanged.emit()

        def done(result: Any) -> None:
            release()
            if after is not None:
                result = after(result)
            if owner_alive():
                on_done(result)

        def failed(err: ProviderError) -> None:
            release()
            if isinstance(err, AuthError):
                self.drop_provider(conn_id)  # log in afresh next time (a new one-time code, a fixed password)
            if on_error is not None:
                if owner_alive():
                    on_error(err)
            else:
                self.error.emit(err)

        task = self.runner.start(description, work, done, failed, owner=self,
                                 ask_before_cancel=what not in READ_ONLY_WORK)

        def terminated() -> None:
            if task.isCanceled():  # the runner reports nothing for a cancelled task: only release it
                release()

        task.taskTerminated.connect(terminated)
        self.busyChanged.emit()
        return task

    def _provider_or_report(self, conn_id: str, on_error: ErrorCallback | None,
                            interactive: bool = True) -> Provider | None:
        try:
            return self.provider(conn_id, interactive)
        except EoOrdersError as exc:
            (on_error or self.error.emit)(exc)
            return None

    @staticmethod
    def _ignore(_: Any) -> None:
        return None

    # -- request / reply --------------------------------------------------------------------------
    def list_workflows(self, conn_id: str, on_done: Callback, on_error: ErrorCallback | None = None,
                       owner: QObject | None = None) -> None:
        prov = self._provider_or_report(conn_id, on_error)
        if prov is not None:
            self._start(conn_id, "workflows", tr("EO Orders: list workflows"), lambda task: prov.workflows(),
                        on_done, on_error, owner)

    def search_inputs(self, conn_id: str, query: InputQuery, on_done: Callback,
                      on_error: ErrorCallback | None = None, owner: QObject | None = None) -> None:
        prov = self._provider_or_report(conn_id, on_error)
        if prov is not None:
            self._start(conn_id, "search", tr("EO Orders: search input products"),
                        lambda task: prov.search_inputs(query), on_done, on_error, owner)

    def quote(self, conn_id: str, request: OrderRequest, on_done: Callback, on_error: ErrorCallback | None = None,
              owner: QObject | None = None) -> None:
        prov = self._provider_or_report(conn_id, on_error)
        if prov is not None:
            self._start(conn_id, "submit", tr("EO Orders: get a quote"), lambda task: prov.quote(request), on_done,
                        on_error, owner)

    def order_actions(self, conn_id: str, order_id: str, on_done: Callback, on_error: ErrorCallback | None = None,
                      owner: QObject | None = None) -> None:
        tracked = self.tracked(conn_id, order_id)
        prov = self._provider_or_report(conn_id, on_error)
        if prov is None or tracked is None or type(prov).order_actions is Provider.order_actions:
            return
        order = tracked.order
        self._start(conn_id, "actions", tr("EO Orders: order actions"), lambda task: prov.order_actions(order),
                    on_done, on_error, owner)

    def run_order_action(self, conn_id: str, order_id: str, action: OrderAction, on_done: Callback,
                         on_error: ErrorCallback | None = None, owner: QObject | None = None) -> None:
        tracked = self.tracked(conn_id, order_id)
        prov = self._provider_or_report(conn_id, on_error)
        if prov is None or tracked is None:
            return
        order, journal, kind = tracked.order, self.journal, prov.kind

        def work(task: Any) -> Order:
            updated = prov.run_order_action(order, action.id)
            if journal is not None:
                journal.record_status(conn_id, updated, kind)
                if action.cost:
                    journal.record_cost(conn_id, updated.id, action.cost)
            return updated

        def after(updated: Order) -> TrackedOrder | None:
            self._merge(conn_id, [updated])
            fresh = self.tracked(conn_id, updated.id)
            if action.cost and fresh is not None and fresh.cost != action.cost:  # the price the user accepted
                fresh = self._orders[fresh.key] = replace(fresh, cost=action.cost)
                self.ordersChanged.emit([fresh])
            return fresh

        self._start(conn_id, "action", tr("EO Orders: {action}").format(action=action.label), work, on_done,
                    on_error, owner, after=after)

    # -- submit and reconcile ---------------------------------------------------------------------
    def submit(self, conn_id: str, request: OrderRequest, cost: str = "", on_done: Callback | None = None,
               on_error: ErrorCallback | None = None, owner: QObject | None = None) -> None:
        """Send the order once (``submit_once``); the journal row is written by the task before sending,
        so a crash or an ambiguous failure leaves a row to reconcile by name at the next start."""
        prov = self._provider_or_report(conn_id, on_error)
        if prov is None:
            return
        journal = self.journal

        def work(task: Any) -> tuple[Order, bool]:
            return submit_order(prov, journal, conn_id, request, cost)

        def after(result: tuple[Order, bool]) -> tuple[TrackedOrder, bool]:
            order, adopted = result
            self._merge(conn_id, [order])
            tracked = self._orders[order_key(conn_id, order.id)]
            if cost and not tracked.cost:
                tracked = self._orders[tracked.key] = replace(tracked, cost=cost)
                self.ordersChanged.emit([tracked])
            self.orderSubmitted.emit(tracked, adopted)
            return tracked, adopted

        self._start(conn_id, "submit", tr("EO Orders: submit order"), work, on_done or self._ignore, on_error, owner,
                    after=after)

    def reconcile_pending(self, conn_id: str, interactive: bool = True) -> int:
        """Submits cut short in an earlier session: look each up by its name; adopt it or mark it not
        placed. Returns how many lookups started."""
        if self.journal is None:
            return 0
        entries = self.journal.pending_submits(conn_id)
        if not entries:
            return 0
        prov = self._provider_or_report(conn_id, None, interactive)
        if prov is None:
            return 0
        journal = self.journal
        for entry in entries:
            def work(task: Any, entry: Any = entry) -> list[Order]:
                found = prov.find_orders_by_name(entry.name) if entry.name else []
                if found:
                    journal.record_submitted(entry.row_id, found[0])
                else:
                    journal.record_submit_failed(entry.row_id, tr("QGIS stopped while submitting; the provider has "
                                                                  "no order of that name, so it was not placed."))
                return found

            def done(found: list[Order], entry: Any = entry) -> None:
                if found:
                    self._merge(conn_id, found[:1])
                    self.message.emit(tr("Order “{name}”, submitted when QGIS stopped, was found at the "
                                         "provider.").format(name=entry.name))

            self._start(conn_id, "reconcile", tr("EO Orders: look up order {name}").format(name=entry.name), work, done)
        return len(entries)

    # -- following orders -------------------------------------------------------------------------
    def refresh(self, conn_id: str, full: bool = True, on_done: Callback | None = None,
                on_error: ErrorCallback | None = None, owner: QObject | None = None, interactive: bool = True,
                what: str = "orders") -> bool:
        """Fresh state of the connection's orders.

        ``full``: the provider's listing (it also shows orders placed elsewhere, e.g. on its web
        portal) plus the known active orders it did not list. Otherwise (the monitor) only the active
        orders, in one bulk call where the provider has one. Returns False when nothing started.
        """
        if self.is_busy(conn_id, what):
            return False
        prov = self._provider_or_report(conn_id, on_error, interactive)
        if prov is None:
            return False
        known = [t.order for t in self.active_orders(conn_id)]
        if not full and not known:
            return False
        journal, kind = self.journal, prov.kind
        bulk = type(prov).refresh_orders is not Provider.refresh_orders

        def work(task: Any) -> list[Order]:
            if not full and bulk:
                items = prov.refresh_orders(known)
            else:
                items = list(prov.orders(OrderQuery()).items)
                listed = {o.id for o in items}
                missing = [o for o in known if o.id not in listed][:MAX_UNLISTED_REFRESH]
                if missing and bulk:
                    items += prov.refresh_orders(missing)
                else:
                    for old in missing:
                        try:
                            items.append(prov.order(old.id))
                        except NotFoundError:
                            items.append(replace(old, status=OrderStatus.FAILED, raw_status="unknown",
                                                 message=tr("The provider no longer knows this order.")))
            if journal is not None:
                for order in items:
                    journal.record_status(conn_id, order, kind)
            return items

        self._start(conn_id, what, tr("EO Orders: list orders"), work, on_done or self._ignore, on_error, owner,
                    after=lambda items: self._merge(conn_id, items))
        return True

    def cancel(self, conn_id: str, order_id: str, on_done: Callback | None = None,
               on_error: ErrorCallback | None = None, owner: QObject | None = None) -> None:
        prov = self._provider_or_report(conn_id, on_error)
        if prov is None:
            return
        journal, kind = self.journal, prov.kind

        def work(task: Any) -> Order | None:
            result = prov.cancel(order_id)
            if result is not None and journal is not None:
                journal.record_status(conn_id, result, kind)
            return result

        def after(result: Order | None) -> Order | None:
            if result is not None:
                self._merge(conn_id, [result])
            self.refresh(conn_id)
            return result

        self._start(conn_id, "cancel", tr("EO Orders: cancel order"), work, on_done or self._ignore, on_error, owner,
                    after=after)

    # -- results ----------------------------------------------------------------------------------
    def is_downloading(self, conn_id: str, order_id: str) -> bool:
        return order_key(conn_id, order_id) in self._downloading

    def download(self, conn_id: str, order_id: str, stream: bool | None = None, on_done: Callback | None = None,
                 on_error: ErrorCallback | None = None, owner: QObject | None = None,
                 interactive: bool = True) -> bool:
        """Download (or stream, where offered and chosen) the results and load them as layers."""
        from .results import default_download_root

        tracked = self.tracked(conn_id, order_id)
        if tracked is None or tracked.status != OrderStatus.COMPLETED or tracked.key in self._downloading:
            return False
        prov = self._provider_or_report(conn_id, on_error, interactive)
        if prov is None:
            return False
        stream = (STREAM_RASTERS.value() if stream is None else stream) and prov.supports(Capability.STREAMING)
        order, journal = tracked.order, self.journal
        root = default_download_root()
        group = order.name or order.id
        key = tracked.key
        self._downloading.add(key)

        def work(task: Any) -> Any:
            return download_and_verify(prov, journal, conn_id, order, root, task, stream=stream)

        def after(result: Any) -> tuple[TrackedOrder, list[Any], Any]:
            from .result_info import ResultInfo
            from .result_loading import load_order_results

            # names, metadata and acquisition times from what the provider told about the order
            added = load_order_results(result, ResultInfo.from_order(order, prov), conn_id)
            current = self._orders.get(key, tracked)
            current = self._orders[key] = replace(current, download_folder=str(result.folder))
            self.ordersChanged.emit([current])
            self.resultsLoaded.emit(current, len(added), str(result.folder), bool(result.streams))
            return current, added, result

        self._start(conn_id, "download", tr("EO Orders: download {name}").format(name=group), work,
                    on_done or self._ignore, on_error, owner, after=after,
                    cleanup=lambda: self._downloading.discard(key))
        return True

    def resume_downloads(self, conn_id: str, interactive: bool = True) -> int:
        """Downloads cut short (QGIS closed, connection lost) of completed orders start again and resume
        from their partial files: once per session each (after that, the user's Download button)."""
        if self.journal is None:
            return 0
        started = 0
        for entry in self.journal.unfinished_downloads(conn_id):
            tracked = self.tracked(conn_id, entry.order_id or "")
            if tracked is not None and tracked.status == OrderStatus.COMPLETED and tracked.key not in self._resumed:
                self._resumed.add(tracked.key)
                started += self.download(conn_id, tracked.id, interactive=interactive)
        return started

    def resign_streamed_layers(self, *args: Any) -> None:
        """A project with streamed layers was opened: their signed URLs were never saved, so ask each
        layer's provider for a fresh one (by connection, order id and file name)."""
        from .layers import streamed_layers_to_resolve

        if self._closed:
            return
        for conn_id, refs in streamed_layers_to_resolve().items():
            prov = self._provider_or_report(conn_id, None)
            if prov is None:
                continue

            def work(task: Any, prov: Provider = prov, refs: list = refs) -> list[tuple[str, str]]:
                return [(layer_id, prov.fresh_asset_url(order_id, name)) for layer_id, order_id, name in refs]

            def done(urls: list[tuple[str, str]]) -> None:
                from .layers import set_streamed_source

                for layer_id, url in urls:
                    layer = QgsProject.instance().mapLayer(layer_id)
                    if layer is not None:
                        set_streamed_source(layer, url)

            def failed(err: EoOrdersError) -> None:
                self.error.emit(EoOrdersError(tr("Streamed layers could not be re-opened: {error}").format(error=err),
                                              level=err.level))

            self._start(conn_id, "resign", tr("EO Orders: re-open streamed layers"), work, done, failed)

    # -- teardown ---------------------------------------------------------------------------------
    def close(self) -> None:
        """Plugin unload: cancel and wait for the tasks, close the providers' sessions."""
        self._closed = True
        try:
            QgsProject.instance().readProject.disconnect(self.resign_streamed_layers)
        except TypeError:  # already disconnected
            pass
        self.runner.cancel_all()
        for conn_id in list(self._providers):
            self.drop_provider(conn_id)
