# SPDX-License-Identifier: GPL-2.0-or-later
"""The synchronous steps of an order's life, shared by the order service's tasks and the Processing algorithms.

Why plain functions: the dock drives orders through ``OrderService`` (callbacks on the main thread, one
``QgsTask`` per call), while a Processing algorithm already runs on a worker thread (or on the main
thread in ``qgis_process``) and needs each step to block until it is done. Both call these functions, so
there is one code path for the lifecycle: the same provider building, the same journal rows written
*before* a submit is sent, the same reconcile by name after an ambiguous failure (``providers.submit``),
the same downloads with resume and verification (``core.results``).

Nothing here touches widgets, layers or the project; ``task`` arguments only need ``isCanceled()`` and
``setProgress()`` (a ``QgsTask`` or a ``QgsProcessingFeedback``).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Callable, Protocol

from .. import providers
from ..providers.base import (
    Capability,
    ConnectionConfig,
    EoOrdersError,
    ErrorLevel,
    NotFoundError,
    Order,
    OrderRequest,
    OrderStatus,
    Provider,
    ProviderError,
)
from ..providers.http import Transport, TransportSettings
from ..providers.i18n import tr
from .tracked import cost_text, expired_download_message, needs_decision, output_expired

#: orders placed at once per provider by a bulk submit: enough to overlap round trips, few enough that
#: a provider's rate limit (429 + Retry-After, honoured by the transport) is rarely reached
DEFAULT_CONCURRENCY = 4
MAX_CONCURRENCY = 16


class Progress(Protocol):
    """What the steps need from a ``QgsTask`` or a ``QgsProcessingFeedback``."""

    def isCanceled(self) -> bool: ...  # noqa: N802 - Qt name

    def setProgress(self, progress: float) -> None: ...  # noqa: N802 - Qt name


# -- providers ------------------------------------------------------------------------------------------
def build_provider(conn: ConnectionConfig, settings: TransportSettings) -> Provider:
    """The provider of a connection read with its secret; raises ``EoOrdersError`` when its kind is missing."""
    try:
        return providers.create_provider(conn, Transport(settings))
    except (KeyError, ImportError) as exc:
        raise EoOrdersError(tr("Cannot open the connection “{name}”: its provider ({kind}) is not "
                               "available.").format(name=conn.name, kind=conn.kind), details=str(exc)) from exc


# -- quote and submit -----------------------------------------------------------------------------------
def check_cost(provider: Provider, request: OrderRequest, max_cost: float | None) -> tuple[str, str]:
    """``(cost text, refusal)``: the quote of a priced order checked against ``max_cost``.

    A provider without quotes gives ``("", "")``. A priced order is refused (non-empty refusal) when the
    provider declines it, when it gives no amount, or when the amount is above ``max_cost`` (``None``
    counts as 0: nothing that costs anything is placed without a limit the user chose).
    """
    if not provider.supports(Capability.QUOTE):
        return "", ""
    quote = provider.quote(request)
    text = cost_text(quote)
    if not quote.authorized:
        return text, f"the provider refuses it: {quote.reason or 'no reason given'}"
    if quote.total is None:
        return text, "the provider gave no amount, so it cannot be checked against the maximum cost"
    limit = max_cost if max_cost is not None else 0.0
    if quote.total > limit:
        return text, (f"it costs {text}, above the maximum cost of {limit:,.2f} {quote.unit}".rstrip()
                      if max_cost is not None else f"it costs {text} and no maximum cost was given")
    return text, ""


def submit_order(provider: Provider, journal: Any, conn_id: str, request: OrderRequest,
                 cost: str = "") -> tuple[Order, bool]:
    """Send the order once; the journal row is written before sending, so a crash or an ambiguous
    failure leaves a row to reconcile by name. Returns ``(order, adopted)`` like ``submit_once``."""
    from ..providers.submit import is_ambiguous, submit_once
    from .store import request_to_json

    row = None
    if journal is not None:
        body = request_to_json(request)
        if cost:
            body["accepted_cost"] = cost
        row = journal.record_submit(provider.kind, conn_id, body, name=request.name)
    try:
        result = submit_once(provider, request)
    except ProviderError as exc:
        if row is not None and not is_ambiguous(exc):
            journal.record_submit_failed(row, str(exc))  # an ambiguous one is reconciled at next start
        raise
    if row is not None:
        journal.record_submitted(row, result[0])
    return result


@dataclass
class SubmitOutcome:
    """What became of one request of a bulk submit: an order, or why it was refused."""

    key: Any
    request: OrderRequest
    order: Order | None = None
    adopted: bool = False
    cost: str = ""
    refused: str = ""


def submit_many(provider: Provider, journal: Any, conn_id: str, requests: Iterable[tuple[Any, OrderRequest]],
                max_cost: float | None = None, concurrency: int = DEFAULT_CONCURRENCY,
                task: Progress | None = None,
                on_outcome: Callable[[SubmitOutcome], None] | None = None) -> list[SubmitOutcome]:
    """Quote (where priced), check against ``max_cost`` and submit each request, ``concurrency`` at a time.

    Every request is independent: a refused quote, a validation error or a provider error ends that one
    with a refusal and the others go on. Duplicates cannot happen: each request carries its own unique
    name, is journaled before it is sent and reconciled by that name after an ambiguous failure. Requests
    not started when ``task`` is cancelled are refused as "cancelled". Outcomes come back in input order.
    """
    items = list(requests)
    done = [0]

    def one(item: tuple[Any, OrderRequest]) -> SubmitOutcome:
        key, request = item
        out = SubmitOutcome(key, request)
        if task is not None and task.isCanceled():
            out.refused = "cancelled before it was sent"
            return out
        try:
            provider.validate(request)
            out.cost, out.refused = check_cost(provider, request, max_cost)
            if not out.refused:
                out.order, out.adopted = submit_order(provider, journal, conn_id, request, out.cost)
        except EoOrdersError as exc:
            out.refused = str(exc)
        return out

    workers = max(1, min(int(concurrency or 1), MAX_CONCURRENCY, len(items) or 1))
    outcomes: list[SubmitOutcome] = []
    with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eo-orders-submit") as pool:
        for outcome in pool.map(one, items):
            outcomes.append(outcome)
            done[0] += 1
            if task is not None:
                task.setProgress(100.0 * done[0] / max(1, len(items)))
            if on_outcome is not None:
                on_outcome(outcome)
    return outcomes


# -- following ------------------------------------------------------------------------------------------
def refresh_orders(provider: Provider, journal: Any, conn_id: str, orders: list[Order],
                   concurrency: int = DEFAULT_CONCURRENCY) -> list[Order]:
    """Fresh state of ``orders`` (one bulk call where the provider has one, else one lookup per order,
    ``concurrency`` at a time), written to the journal. An order the provider no longer knows ends as
    failed with a message saying so."""
    if not orders:
        return []
    if type(provider).refresh_orders is not Provider.refresh_orders:
        fresh = provider.refresh_orders(orders)
    else:
        def one(old: Order) -> Order:
            try:
                return provider.order(old.id)
            except NotFoundError:
                return replace(old, status=OrderStatus.FAILED, raw_status="unknown",
                               message=tr("The provider no longer knows this order."))

        workers = max(1, min(int(concurrency or 1), MAX_CONCURRENCY, len(orders)))
        if workers == 1:
            fresh = [one(o) for o in orders]
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="eo-orders-refresh") as pool:
                fresh = list(pool.map(one, orders))
    if journal is not None:
        for order in fresh:
            journal.record_status(conn_id, order, provider.kind)
    return fresh


def follow(provider: Provider, journal: Any, conn_id: str, orders: list[Order], *, poll_s: float = 10.0,
           timeout_s: float | None = None, task: Progress | None = None,
           on_change: Callable[[Order], None] | None = None, concurrency: int = DEFAULT_CONCURRENCY,
           sleep: Callable[[float], None] = time.sleep) -> list[Order]:
    """Poll ``orders`` until none is active, ``timeout_s`` passes or ``task`` is cancelled; returns their
    last known state (input order). An order waiting for the user's decision (a tasking quotation, a
    feasibility choice) is not waited for: only the user can move it on. Progress is the share of orders
    that ended."""
    latest = {o.id: o for o in orders}
    deadline = None if timeout_s is None else time.monotonic() + timeout_s

    def waiting(o: Order) -> bool:
        return o.status.is_active and not needs_decision(o)

    while True:
        active = [o for o in latest.values() if waiting(o)]
        if task is not None:
            task.setProgress(100.0 * (len(latest) - len(active)) / max(1, len(latest)))
        if not active or (task is not None and task.isCanceled()):
            break
        if deadline is not None and time.monotonic() >= deadline:
            break
        for fresh in refresh_orders(provider, journal, conn_id, active, concurrency):
            old = latest.get(fresh.id)
            if fresh.id in latest:
                if not fresh.name and old is not None:
                    fresh = replace(fresh, name=old.name)
                latest[fresh.id] = fresh
                if on_change is not None and (old is None or (old.status, old.raw_status) != (fresh.status,
                                                                                             fresh.raw_status)):
                    on_change(fresh)
        if not any(waiting(o) for o in latest.values()):
            continue
        waited = 0.0
        while waited < poll_s and not (task is not None and task.isCanceled()):
            step = min(0.25, poll_s - waited)
            sleep(step)
            waited += step
            if deadline is not None and time.monotonic() >= deadline:
                break
    return [latest[o.id] for o in orders]


# -- results --------------------------------------------------------------------------------------------
def download_and_verify(provider: Provider, journal: Any, conn_id: str, order: Order, root: str | Path,
                        task: Progress | None = None, stream: bool = False) -> Any:
    """Download every result file of a completed order (resume, size and checksum checks, safe unzip) into
    ``root/<order name or id>/``; the journal notes the start (so a cut-short download resumes after a
    restart) and the files. An order whose output has expired is refused with a message saying so, without
    asking the provider. Returns ``core.results.DownloadResult``."""
    from .results import download_results_work, order_folder_name

    if output_expired(order):
        # the provider deleted the output (CDSE: 14 days after completion): asking would end in a bare
        # "not found"; say why instead, and drop a download left to resume so no restart tries it again
        if journal is not None:
            journal.record_download_abandoned(conn_id, order.id)
        raise ProviderError(expired_download_message(order), level=ErrorLevel.WARNING)
    root = Path(root)
    if journal is not None:
        journal.record_download_started(conn_id, order.id, root / order_folder_name(order))
    result = download_results_work(provider, order, root, stream=stream)(task)
    if journal is not None and not (task is not None and task.isCanceled()):
        journal.record_download(conn_id, order.id, result.files)
    return result
