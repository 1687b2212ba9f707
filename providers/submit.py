# SPDX-License-Identifier: GPL-2.0-or-later
"""Submitting an order without ever paying twice.

A submit is not safe to repeat: if the connection breaks after the server created the order, a blind
retry makes a second (paid) order. So a failed submit whose outcome is unknown is *reconciled*: the
order is looked up by the client-chosen name sent with it; if it exists it is adopted, and only if it
does not is the request sent once more.
"""

from __future__ import annotations

import logging
import time
from typing import Callable

from .base import AmbiguousSubmitError, Order, OrderRequest, Provider, ProviderError

log = logging.getLogger("eo_orders.submit")

#: statuses where a server may have created the order before failing to answer
AMBIGUOUS_STATUSES = frozenset({500, 502, 503, 504})


def is_ambiguous(exc: ProviderError) -> bool:
    """Whether the server may have created the order although the submit failed: the connection broke
    after sending, a gateway error, or a success status whose body could not be read."""
    status = exc.status or 0
    return isinstance(exc, AmbiguousSubmitError) or status in AMBIGUOUS_STATUSES or 200 <= status < 300


def submit_once(provider: Provider, request: OrderRequest, *, lookups: int = 3, lookup_delay: float = 1.0,
                sleep: Callable[[float], None] = time.sleep) -> tuple[Order, bool]:
    """Submit ``request``; return ``(order, adopted)`` where ``adopted`` says the order was found after an
    ambiguous failure rather than confirmed by the submit reply.

    The lookup is tried a few times because some services list a new order only after a moment.
    """
    try:
        return provider.submit(request), False
    except ProviderError as exc:
        if not is_ambiguous(exc):
            raise
        first_error = exc
    log.warning("submit of %s ended ambiguously (%s); looking the order up by name", request.name, first_error)
    for attempt in range(lookups):
        try:
            found = provider.find_orders_by_name(request.name)
        except ProviderError as exc:
            log.warning("lookup of %s failed: %s", request.name, exc)
            found = []
        if found:
            if len(found) > 1:
                log.warning("%d orders named %s exist; adopting the newest", len(found), request.name)
            newest = max(found, key=lambda o: (o.submitted_at is not None, o.submitted_at or 0, o.id))
            return newest, True
        if attempt + 1 < lookups:
            sleep(lookup_delay)
    # the server did not create it: now sending it again cannot duplicate it
    return provider.submit(request), False
