# SPDX-License-Identifier: GPL-2.0-or-later
"""Transport faults on representative read endpoints of every provider.

Transient faults (429 with Retry-After, 502/503, a gateway's HTML page, a reset before the reply, a slow
body, a delay) are absorbed: the call succeeds. Faults that persist, and replies that are not JSON,
surface as a ``ProviderError`` with a message fit for a user: never another exception type, never a raw
HTML page or a traceback-worthy text. Back-off sleeps are recorded, not slept, so the suite stays fast.
"""

from __future__ import annotations

import pytest

from eo_orders.providers.base import ProviderError
from tests.reliability.cases import CASES, fault

READS = [(case, label, call, path) for case in CASES for label, call, path in case.reads]
READ_IDS = [f"{case.id}-{label}" for case, label, _, _ in READS]

TRANSIENT = {
    "429-retry-after": {"action": "status", "status": 429, "retry_after": "3"},
    "502": {"action": "status", "status": 502},
    "503": {"action": "status", "status": 503},
    "504-html-page": {"action": "html", "status": 504},
    "reset-before": {"action": "reset_before"},
    "slow-body": {"action": "slow_body", "bytes_per_second": 40000},
    "delay": {"action": "delay", "seconds": 0.3},
}

PERSISTENT = {
    "503-always": ({"action": "status", "status": 503, "times": -1}, ("Try again later",)),
    "html-always": ({"action": "html", "status": 502, "times": -1}, ("later",)),
    "malformed-json": ({"action": "malformed_json", "times": 1}, ()),
    "truncated-json": ({"action": "truncated_json", "times": 1}, ()),
    "reset-always": ({"action": "reset_before", "times": -1}, ("connection",)),
}


def _call(p, call):
    """Run ``call``; return (result, error) where any non-ProviderError exception fails the test."""
    try:
        return call(p), None
    except ProviderError as exc:
        return None, exc
    except Exception as exc:  # noqa: BLE001 - the point: nothing but ProviderError may escape
        pytest.fail(f"{type(exc).__name__} escaped instead of a ProviderError: {exc!r}")


def _hits(sandbox) -> list:
    return list(sandbox.app.extensions["faults"].hits)


@pytest.mark.parametrize("fault_name", list(TRANSIENT))
@pytest.mark.parametrize("case, label, call, path", READS, ids=READ_IDS)
def test_transient_fault_is_absorbed(sandbox, case, label, call, path, fault_name):
    p = case.make(sandbox)
    fault(sandbox, {"method": "*", "path": path, "times": 1, **TRANSIENT[fault_name]})
    result, error = _call(p, call)
    assert error is None, f"{fault_name} on {label} surfaced: {error}"
    assert result is not None
    assert len(_hits(sandbox)) == 1, "the fault was injected on this endpoint"
    slept = p.transport.slept
    if fault_name == "429-retry-after":
        assert slept == [3.0], "Retry-After honoured"
    elif fault_name in ("slow-body", "delay"):
        assert slept == [], "a slow reply within the timeout is not an error"
    else:
        assert len(slept) == 1 and slept[0] < 1.0, "one quick back-off, then the repeat succeeded"


@pytest.mark.parametrize("fault_name", list(PERSISTENT))
@pytest.mark.parametrize("case, label, call, path", READS, ids=READ_IDS)
def test_persistent_fault_is_a_clear_provider_error(sandbox, case, label, call, path, fault_name):
    rule, words = PERSISTENT[fault_name]
    p = case.make(sandbox)
    fault(sandbox, {"method": "*", "path": path, **rule})
    result, error = _call(p, call)
    assert error is not None, f"{fault_name} on {label} was silently accepted: {result!r}"
    text = str(error)
    assert text and len(text) < 400
    for bad in ("<html", "Traceback", "\x00", "tru\x00e"):
        assert bad not in text
    for word in words:
        assert word.lower() in text.lower(), text
    if rule.get("times") == -1:
        assert error.retryable, "the user can try again later"
        assert len(_hits(sandbox)) == 3, "retried (retries=2), then given up"
        assert len(p.transport.slept) == 2
    else:
        assert len(_hits(sandbox)) == 1, "a 200 reply that is not JSON is not repeated"


@pytest.mark.parametrize("case", CASES, ids=str)
def test_read_timeout_once_is_retried(sandbox, case):
    label, call, path = case.reads[0]
    p = case.make(sandbox, read_timeout=0.5)
    call(p)  # log in first: the timeout is meant for the data call
    fault(sandbox, {"method": "*", "path": path, "action": "delay", "seconds": 1.0, "times": 1})
    result, error = _call(p, call)
    assert error is None and result is not None
    assert len(p.transport.slept) == 1


def test_read_timeout_that_persists_is_a_clear_error(sandbox):
    case = CASES[0]
    label, call, path = case.reads[0]
    p = case.make(sandbox, read_timeout=0.3, retries=1)
    call(p)
    fault(sandbox, {"method": "*", "path": path, "action": "delay", "seconds": 0.6, "times": -1})
    _, error = _call(p, call)
    assert error is not None and error.retryable
    assert "Check the network" in str(error) and "timed out" in str(error).lower()
