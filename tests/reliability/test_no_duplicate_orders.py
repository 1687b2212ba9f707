# SPDX-License-Identifier: GPL-2.0-or-later
"""No order is ever paid twice: a submit whose connection breaks is reconciled by its client-chosen name.

For every provider the sandbox's fault injector breaks the order-creation POST in the three ways a real
network does: after the server created the order (``reset_after``), before it did (``reset_before``),
and with a gateway 503 in front of it. The sandbox's own order store is the judge of what exists.
"""

from __future__ import annotations

import pytest

from eo_orders.providers.base import AmbiguousSubmitError, ProviderError
from eo_orders.providers.submit import submit_once
from tests.reliability.cases import CASES, Case, fault


def _posts(sandbox, case: Case) -> list[str]:
    import re

    pattern = re.compile(case.create_path)
    return [p for m, p in sandbox.state.requests if m == "POST" and pattern.search(p)]


def _no_wait(_seconds: float) -> None:
    """submit_once's pause between look-ups: the sandbox lists a new order at once."""


@pytest.mark.parametrize("case", CASES, ids=str)
def test_connection_lost_after_the_order_was_created_adopts_it(sandbox, case):
    p = case.make(sandbox)
    request = case.request(p, f"dup-after-{case.id}")
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "reset_after", "times": 1})
    order, adopted = submit_once(p, request, sleep=_no_wait)
    assert adopted is True
    assert case.count(sandbox) == 1, "exactly one order exists on the service"
    assert len(_posts(sandbox, case)) == 1, "the order was never sent a second time"
    assert order.id and p.order(order.id).id == order.id
    assert order.name == request.name


@pytest.mark.parametrize("case", CASES, ids=str)
def test_connection_lost_before_the_server_saw_it_submits_once_more(sandbox, case):
    p = case.make(sandbox)
    request = case.request(p, f"dup-before-{case.id}")
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "reset_before", "times": 1})
    order, adopted = submit_once(p, request, sleep=_no_wait)
    assert adopted is False
    assert case.count(sandbox) == 1
    assert len(_posts(sandbox, case)) == 2, "sent again only after the look-up found nothing"
    assert p.order(order.id).id == order.id


@pytest.mark.parametrize("case", CASES, ids=str)
def test_a_broken_submit_is_ambiguous_never_retried_by_the_transport(sandbox, case):
    """Without reconciliation the transport itself must not repeat a POST whose reply was lost."""
    p = case.make(sandbox, retries=4)
    request = case.request(p, f"dup-raw-{case.id}")
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "reset_after", "times": 1})
    with pytest.raises(AmbiguousSubmitError) as err:
        p.submit(request)
    assert "may or may not" in str(err.value)
    assert len(_posts(sandbox, case)) == 1 and case.count(sandbox) == 1


@pytest.mark.parametrize("case", CASES, ids=str)
def test_503_on_the_submit_is_not_repeated_blindly(sandbox, case):
    p = case.make(sandbox, retries=4)
    request = case.request(p, f"dup-503-{case.id}")
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "status", "status": 503, "times": 1})
    with pytest.raises(ProviderError) as err:
        p.submit(request)
    assert err.value.status == 503 and not isinstance(err.value, AmbiguousSubmitError)
    assert len(_posts(sandbox, case)) == 1, "a POST answered 503 is not retried by the transport"
    assert case.count(sandbox) == 0
    assert p.transport.slept == []  # type: ignore[attr-defined]

    # submit_once treats a 5xx as "maybe created": it looks the order up first, then sends it once
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "status", "status": 503, "times": 1})
    before = len(sandbox.state.requests)
    order, adopted = submit_once(p, request, sleep=_no_wait)
    assert adopted is False and case.count(sandbox) == 1
    after = sandbox.state.requests[before:]
    posts = [i for i, (m, path) in enumerate(after) if m == "POST" and path in _posts(sandbox, case)]
    assert len(posts) == 2
    looked_up = after[posts[0] + 1: posts[1]]
    assert any(m == "GET" for m, _ in looked_up), "the order was looked up by name before sending it again"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_429_on_the_submit_waits_and_sends_it_once(sandbox, case):
    """A 429 means "not processed": repeating it after Retry-After cannot duplicate the order."""
    p = case.make(sandbox)
    request = case.request(p, f"dup-429-{case.id}")
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "status", "status": 429,
                    "retry_after": "2", "times": 1})
    order, adopted = submit_once(p, request, sleep=_no_wait)
    assert adopted is False and case.count(sandbox) == 1
    assert p.transport.slept == [2.0]  # type: ignore[attr-defined]  # Retry-After honoured


@pytest.mark.parametrize("case", CASES, ids=str)
def test_truncated_submit_reply_is_reconciled_not_repeated(sandbox, case):
    """The order was created but its reply is cut: the client must not order again."""
    p = case.make(sandbox)
    request = case.request(p, f"dup-trunc-{case.id}")
    fault(sandbox, {"method": "POST", "path": case.create_path, "action": "truncated_json", "times": 1})
    order, adopted = submit_once(p, request, sleep=_no_wait)
    assert adopted is True, "a 2xx reply that cannot be read is ambiguous: the order is found again"
    assert case.count(sandbox) == 1
    assert len(_posts(sandbox, case)) == 1
    assert p.order(order.id).id == order.id
