# SPDX-License-Identifier: GPL-2.0-or-later
"""Every reply is bounded, and every wrong reply becomes one clear ``ProviderError``, for every provider.

Safe outcome in each test: the call ends (no hang, no ``MemoryError``/``RecursionError``/``KeyError``)
with a ``ProviderError`` whose message is short plain text, or with a result; memory stays near the cap.
"""

from __future__ import annotations

import gzip
import json
import tracemalloc

import pytest

from eo_orders.providers.base import Order, OrderStatus, ProviderError
from eo_orders.providers.http import TransportSettings, parse_retry_after
from tests.hostile.servers import STYLES, HostileServer, Reply, endless, first_call, make_provider, with_login

VARIANTS = sorted(STYLES)
SMALL = dict(retries=1, backoff=0.01, max_backoff=0.05, read_timeout=5, verify=True)


def _settings(**kw) -> TransportSettings:
    return TransportSettings(**{**SMALL, **kw})


def _call(variant, handler, settings=None):
    with HostileServer() as api:
        api.handler = with_login(handler)
        provider = make_provider(variant, api.url, settings)
        try:
            return first_call(provider), api
        except ProviderError as exc:
            return exc, api


@pytest.mark.parametrize("variant", VARIANTS)
def test_huge_json_is_refused_at_the_cap(variant):
    """Safe: a 6 MB listing against a 1 MB cap → ProviderError naming the size; never read in full."""
    body = json.dumps({"value": ["x" * 1000] * 6000}).encode()
    out, _ = _call(variant, lambda req: Reply(200, body, {"Content-Type": "application/json"}),
                   _settings(max_body_bytes=1 << 20))
    assert isinstance(out, ProviderError) and "larger than 1 MB" in out.message


@pytest.mark.parametrize("variant", VARIANTS)
def test_gzip_bomb_stops_at_the_cap(variant):
    """Safe: 200 MB of zeros gzipped to ~200 KB is decoded only up to the cap (memory stays small)."""
    bomb = gzip.compress(b" " * (200 << 20), compresslevel=9)
    tracemalloc.start()
    try:
        out, _ = _call(variant, lambda req: Reply(200, bomb, {"Content-Type": "application/json",
                                                              "Content-Encoding": "gzip"}),
                       _settings(max_body_bytes=2 << 20))
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert isinstance(out, ProviderError) and "larger than" in out.message
    assert peak < 40 << 20


@pytest.mark.parametrize("variant", VARIANTS)
def test_endless_body_is_cut(variant):
    """Safe: a body that never ends (no Content-Length, never closes) stops at the cap."""
    out, _ = _call(variant, lambda req: Reply(200, endless(b"[" * 65536), {"Content-Type": "application/json"}),
                   _settings(max_body_bytes=1 << 20))
    assert isinstance(out, ProviderError)


@pytest.mark.parametrize("variant", VARIANTS)
def test_trickle_hits_the_overall_deadline(variant):
    """Safe: one byte every 0.1 s never trips the socket timeout, but the per-call deadline (1.5 s) stops it."""
    out, _ = _call(variant, lambda req: Reply(200, endless(b" "), {"Content-Type": "application/json"}, delay=0.1),
                   _settings(deadline=1.5, retries=0))
    assert isinstance(out, ProviderError) and ("too long" in out.message or "in time" in out.message)


@pytest.mark.parametrize("variant", VARIANTS)
def test_deep_nesting_is_a_provider_error(variant):
    """Safe: ``[[[[...]]]]`` 200 000 deep → ProviderError, not RecursionError."""
    deep = b"[" * 200_000 + b"]" * 200_000
    out, _ = _call(variant, lambda req: Reply(200, deep, {"Content-Type": "application/json"}))
    assert isinstance(out, ProviderError)


SHAPES = [[], "text", 42, None, True, {"value": "x"}, {"value": [1, "a", None]}, {"value": [{"Id": {}, "Status": []}]},
          {"features": "x"}, {"features": [None, 3]}, {"data": {"content": [1]}}, {"content": [{"id": None}]},
          {"orders": {"a": 1}}, {"results": [[]]}, {"value": [{"Name": 1, "ContentDate": "x", "Footprint": 5}]}]


def _calls(provider):
    """Every public read call of the provider interface, each fed the hostile reply."""
    done = Order(id="o-1", name="n", status=OrderStatus.COMPLETED)
    return [provider.orders, provider.workflows, lambda: provider.order("o-1"), lambda: provider.results(done),
            lambda: provider.find_orders_by_name("n"), lambda: provider.refresh_orders([done]),
            lambda: provider.order_actions(done)]


@pytest.mark.parametrize("shape", range(len(SHAPES)))
@pytest.mark.parametrize("variant", VARIANTS)
def test_wrong_shapes_never_escape_raw(variant, shape):
    """Safe: any JSON of the wrong shape, at any of the read calls, yields a result or a ProviderError,
    never KeyError/TypeError/AttributeError/... (those would fail this test)."""
    body = json.dumps(SHAPES[shape]).encode()
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(200, body, {"Content-Type": "application/json"}))
        provider = make_provider(variant, api.url)
        for call in _calls(provider):
            try:
                call()
            except ProviderError:
                pass


@pytest.mark.parametrize("variant", VARIANTS)
def test_html_and_huge_messages_become_short_plain_text(variant):
    """Safe: a 5 MB error with a link → at most ~600 characters, no tag, nothing clickable."""
    link = '<a href="http://evil.example/phish">click here to re-enter your password</a>'
    message = link + "&lt;a href='x'&gt;y&lt;/a&gt;" + "A" * (5 << 20)
    out, _ = _call(variant, lambda req: Reply(400, {"detail": message, "message": message, "error": message,
                                                    "ErrorMessage": message}))
    assert isinstance(out, ProviderError)
    assert len(out.message) <= 700
    assert "<a" not in out.message and "href" not in out.message


@pytest.mark.parametrize("variant", VARIANTS)
def test_html_error_page_is_plain_text(variant):
    page = "<html><script>alert(1)</script><body><h1>Bad Gateway</h1><a href='http://x'>x</a></body></html>"
    out, _ = _call(variant, lambda req: Reply(400, page, {"Content-Type": "text/html"}))
    assert isinstance(out, ProviderError) and "<" not in out.message and "alert" not in out.message


@pytest.mark.parametrize("value", ["nan", "-1", "1e9", "inf", "-inf", "Wed, 21 Oct 2015 07:28:00 GMT",
                                   "Fri, 31 Dec 9999 23:59:59 GMT", "soon", "1" * 400,
                                   "Thu, 01 Jan 1970 00:00:00 -0000"])
@pytest.mark.parametrize("variant", VARIANTS)
def test_retry_after_junk_never_crashes_or_sleeps_forever(variant, value):
    """Safe: any Retry-After gives a finite wait of at most ``max_backoff``; the call ends with a ProviderError."""
    waits: list[float] = []
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(503, {"detail": "busy"}, {"Retry-After": value}))
        provider = make_provider(variant, api.url, _settings(retries=2, max_backoff=0.2))
        provider.transport.sleep = waits.append
        with pytest.raises(ProviderError):
            first_call(provider)
    assert all(0 <= w <= 0.2 for w in waits)


def test_retry_after_parser():
    assert parse_retry_after("nan") is None and parse_retry_after("-1") is None and parse_retry_after("inf") is None
    assert parse_retry_after("2.5") == 2.5
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 -0000") == 0.0


@pytest.mark.parametrize("variant", VARIANTS)
def test_endless_paging_is_bounded(variant):
    """Safe: a listing whose every page links to one more page (any provider's paging shape) stops after the
    per-call request budget with a ProviderError or a result; never loops for ever."""
    with HostileServer() as api:
        count = {"n": 0}

        def handler(req):
            count["n"] += 1
            n = count["n"]
            nxt = f"{api.url}{req.path}?page={n}"
            item = {"Id": f"o{n}", "id": f"o{n}", "Name": f"n{n}", "name": f"n{n}", "Status": "queued"}
            return Reply(200, {"value": [item] * 3, "@odata.nextLink": nxt, "@odata.count": 10**12,
                               "totalCount": 10**12, "total": 10**12, "totalElements": 10**12, "totalPages": 10**9,
                               "content": [item] * 3, "data": [item] * 3, "features": [],
                               "links": [{"rel": "next", "href": nxt}], "next": nxt, "nextPageToken": str(n),
                               "orders": [item] * 3, "results": [item] * 3})

        api.handler = with_login(handler)
        provider = make_provider(variant, api.url, _settings(max_requests_per_call=40))
        try:
            first_call(provider)
        except ProviderError:
            pass
        assert count["n"] <= 45


@pytest.mark.parametrize("shape", range(len(SHAPES)))
@pytest.mark.parametrize("variant", VARIANTS)
def test_wrong_shapes_at_submit_are_ambiguous_or_refused_never_raw(variant, shape):
    """Safe: a submit whose 2xx reply has the wrong shape may have created the order, so it is reported as
    ambiguous (reconciled by name, never blindly repeated) or refused; never a raw exception."""
    from datetime import datetime, timezone

    from eo_orders.providers.base import OrderRequest, Workflow

    body = json.dumps(SHAPES[shape]).encode()
    request = OrderRequest(workflow=Workflow(id="wf", name="wf"), name="eo-shape-1", inputs=["P1"],
                           start=datetime(2024, 1, 1, tzinfo=timezone.utc),
                           end=datetime(2024, 1, 2, tzinfo=timezone.utc),
                           aoi={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(200, body, {"Content-Type": "application/json"}))
        provider = make_provider(variant, api.url)
        for call in (lambda: provider.submit(request), lambda: provider.quote(request)):
            try:
                call()
            except ProviderError:
                pass


@pytest.mark.parametrize("variant", VARIANTS)
def test_headers_trickled_byte_by_byte_hit_the_deadline(variant):
    """Safe: a server sending its *headers* one byte every 0.1 s (each byte restarts the socket timeout)
    is cut at the call's deadline by the transport's watchdog; the call ends with a ProviderError."""
    from tests.hostile.servers import RawServer, header_trickle

    with RawServer(header_trickle()) as raw:
        provider = make_provider(variant, raw.url, _settings(deadline=1.0, retries=1, read_timeout=5))
        with pytest.raises(ProviderError):
            first_call(provider)
        assert raw.accepted <= 2


def test_header_trickle_on_a_plain_get_says_too_long():
    from eo_orders.providers.http import Transport
    from tests.hostile.servers import RawServer, header_trickle

    with RawServer(header_trickle()) as raw:
        with pytest.raises(ProviderError, match="too long|in time"):
            Transport(_settings(deadline=1.0, retries=0, read_timeout=5)).request("GET", f"{raw.url}/x")
