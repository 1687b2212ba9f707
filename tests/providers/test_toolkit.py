# SPDX-License-Identifier: GPL-2.0-or-later
"""The provider toolkit: one call helper, one error ladder with overrides, status maps and bounded pagers.

The ladder and the call helper are tested over real HTTP (a scripted server on 127.0.0.1); the pagers are
driven by small fetch functions, since what is tested is where they stop, not how a page travels.
"""

from __future__ import annotations

import importlib

import pytest
import requests

from eo_orders.providers.base import OrderStatus
from eo_orders.providers.errors import (
    AuthError,
    NotFoundError,
    ProviderError,
    QuotaExceededError,
    ValidationError,
)
from eo_orders.providers.http import NoAuth, generic_error
from eo_orders.providers.toolkit import (
    BASE_LADDER,
    MAX_PAGES,
    Api,
    ErrorLadder,
    Rung,
    Sheet,
    StatusMap,
    next_links,
    page_numbers,
    rel_next,
    skip_top,
)
from tests.helpers.scripted_server import Reply

PROVIDER_MODULES = ("cdse_odp", "proseo_odip", "creodias_finder", "up42", "capella")


@pytest.fixture()
def transport(recording_transport):
    return recording_transport(retries=2)


# ------------------------------------------------------------------------------------------------ ladder

@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 422, 429, 500, 503])
def test_base_ladder_says_what_the_transport_says_for_unknown_bodies(server, status):
    """``BASE_LADDER`` and ``http.generic_error`` (the transport's fallback) must not drift apart."""
    server.script("/e", Reply(status, {"detail": "the reason"}))
    resp = requests.get(server.url + "/e", timeout=5)
    generic = generic_error(resp)
    ours = BASE_LADDER.error(status, "the reason")
    assert (type(ours), ours.message, ours.status, ours.retryable) == \
        (type(generic), generic.message, generic.status, generic.retryable)


def test_overrides_are_data_and_leave_the_base_alone():
    ladder = BASE_LADDER.override({404: Rung(ProviderError, "Gone here: {msg}"),
                                   "4xx": Rung(ValidationError, "X refused: {msg}")},
                                  by_code={"E1": Rung(NotFoundError, "no such thing ({code}): {msg}")},
                                  fallback=Rung(ProviderError, "X said {status}: {msg}"))
    assert type(ladder.error(404, "a")) is ProviderError and ladder.error(404, "a").message == "Gone here: a"
    assert type(BASE_LADDER.error(404, "a")) is NotFoundError  # the shared ladder is untouched
    # the provider's code outranks the status
    by_code = ladder.error(500, "b", "E1")
    assert isinstance(by_code, NotFoundError) and by_code.message.startswith("no such thing (E1): b")
    assert by_code.retryable is True  # retryable follows HTTP unless the rung says otherwise
    # a status the ladder does not name falls to its class, then to the fallback
    assert isinstance(ladder.error(418, "c"), ValidationError) and ladder.error(418, "c").message == "X refused: c"
    assert ladder.error(302, "d").message == "X said 302: d"
    # inherited rungs stay
    assert isinstance(ladder.error(401, "e"), AuthError)


def test_validation_rungs_carry_field_errors_and_others_ignore_them():
    ladder = ErrorLadder({400: Rung(ValidationError, "{msg}")})
    err = ladder.error(400, "bad", field_errors={"cloud": ["too high"]})
    assert isinstance(err, ValidationError) and err.field_errors == {"cloud": ["too high"]}
    assert ladder.error(500, "x", field_errors={"a": ["b"]}).retryable is True


def test_a_rung_can_make_a_429_final():
    assert BASE_LADDER.error(429, "slow down").retryable is True
    final = Rung(ProviderError, "{msg}", retryable=False).make(429, "quota used up")
    assert final.retryable is False
    assert QuotaExceededError("q", quota="x", status=429, retryable=True).retryable is False


# -------------------------------------------------------------------------------------------- call helper

def _ladder_parser(resp):
    body = resp.json()
    rung = Rung(QuotaExceededError if "quota" in body["detail"] else ProviderError, "{msg}")
    if rung.error is QuotaExceededError:
        return QuotaExceededError(body["detail"], quota="orders", status=resp.status_code)
    return rung.make(resp.status_code, body["detail"])


def test_a_final_429_is_raised_at_once(server, transport):
    server.script("/orders", Reply(429, {"detail": "monthly quota used up"}, {"Retry-After": "60"}),
                  Reply(201, {"Id": 1}))
    api = Api(transport, server.url, NoAuth(), _ladder_parser)
    with pytest.raises(QuotaExceededError):
        api.json("POST", "/orders", json={}, idempotent=False)
    assert server.count("/orders") == 1 and transport.sleeps == []


def test_a_rate_limit_429_waits_retry_after_and_is_sent_again(server, transport):
    # "Connection: close": the transport's pooled-connection reuse after a read reply is the transport's own
    # subject (tests/providers/test_http.py); here only the wait and the second send are tested
    server.script("/orders", Reply(429, {"detail": "slow down"}, {"Retry-After": "3", "Connection": "close"}),
                  Reply(201, {"Id": 1}))
    api = Api(transport, server.url, NoAuth(), _ladder_parser)
    assert api.json("POST", "/orders", json={}, idempotent=False) == {"Id": 1}
    assert server.count("/orders") == 2 and transport.sleeps == [3.0]


def test_api_joins_paths_keeps_absolute_urls_unwraps_and_redacts(server, transport):
    server.script("/base/v1/things", *[Reply(200, {"data": [1, 2], "error": None})] * 2)
    server.script("/elsewhere", Reply(200, {"data": "x", "error": None}))
    server.script("/base/v1/secret", Reply(400, {"detail": "password hunter2 is wrong"}))
    api = Api(transport, server.url + "/base/v1/", NoAuth(), _ladder_parser, unwrap=lambda b: b["data"],
              secrets=lambda: ("hunter2",))
    assert api.get("things") == [1, 2] and api.get("/things") == [1, 2]
    assert api.get(server.url + "/elsewhere") == "x"
    with pytest.raises(ProviderError) as info:
        api.get("/secret")
    assert "hunter2" not in str(info.value) and info.value.status == 400


def test_relogin_on_a_bad_token_status_other_than_401(server, transport):
    """Finder says "bad token" with 403: ``relogin_on=(403,)`` drops the token and tries once more."""
    from eo_orders.providers.http import TokenAuth

    tokens = iter(["old-token", "new-token"])
    auth = TokenAuth(lambda _t, _r: (next(tokens), 300.0, None))
    closing = {"Connection": "close"}  # see test_a_rate_limit_429_waits_retry_after_and_is_sent_again
    forbidden = Reply(403, {"detail": "Forbidden"}, closing)
    server.script("/orders", forbidden, Reply(200, [1]), forbidden, forbidden)
    assert Api(transport, server.url, auth, relogin_on=(403,)).get("/orders") == [1]
    sent = [s.headers.get("Authorization") for s in server.seen if s.path == "/orders"]
    assert sent == ["Bearer old-token", "Bearer new-token"]
    with pytest.raises(AuthError):  # without relogin_on a 403 is the answer
        Api(transport, server.url, auth).get("/orders")
    assert server.count("/orders") == 3


def test_api_reply_that_is_not_json_is_a_provider_error(server, transport):
    server.script("/x", Reply(200, "<html>maintenance</html>", {"Content-Type": "text/html"}))
    with pytest.raises(ProviderError) as info:
        Api(transport, server.url).get("/x")
    assert "HTML" in info.value.message


# ---------------------------------------------------------------------------------------------- statuses

def test_status_map_normalises_and_says_what_an_unknown_word_means():
    statuses = StatusMap({"in-progress": OrderStatus.IN_PROGRESS, "DONE": OrderStatus.COMPLETED,
                          "done_ok": OrderStatus.COMPLETED}, unknown=OrderStatus.QUEUED)
    assert statuses("In Progress") == statuses("IN_PROGRESS") == statuses("in-progress") == OrderStatus.IN_PROGRESS
    assert statuses(" done ") == OrderStatus.COMPLETED and statuses(None) == OrderStatus.QUEUED
    assert statuses("??") == OrderStatus.QUEUED
    assert statuses.words_for(OrderStatus.COMPLETED) == ["done", "done_ok"]
    upper = StatusMap({"FULFILLED": OrderStatus.COMPLETED}, case="upper")
    assert upper("fulfilled") == OrderStatus.COMPLETED and upper("NEW") == OrderStatus.IN_PROGRESS


# ------------------------------------------------------------------------------------------------ pagers

def _entities(n: int) -> list[int]:
    return list(range(n))


def test_skip_top_stops_on_a_short_page_at_the_count_and_at_the_limit():
    data = _entities(25)
    calls: list[tuple[int, int]] = []

    def fetch(skip: int, top: int) -> Sheet:
        calls.append((skip, top))
        return Sheet(data[skip:skip + top])

    assert list(skip_top(fetch, 10)) == data and calls == [(0, 10), (10, 10), (20, 10)]
    calls.clear()
    assert list(skip_top(fetch, 10, limit=12)) == data[:12] and calls == [(0, 10), (10, 2)]
    calls.clear()

    def counted(skip: int, top: int) -> Sheet:
        calls.append((skip, top))
        return Sheet(data[skip:skip + top], total=20)

    assert list(skip_top(counted, 10)) == data[:20] and len(calls) == 2  # no third request for an empty page


def test_skip_top_survives_a_server_that_ignores_top():
    data = _entities(30)
    got = list(skip_top(lambda skip, top: Sheet(data[skip:]), 10, limit=25))
    assert got == data[:25]


def test_page_numbers_follow_the_total_the_last_flag_and_the_guard():
    data = _entities(45)

    def fetch(number: int) -> Sheet:
        chunk = data[number * 10:(number + 1) * 10]
        return Sheet(chunk, total=5, last=number >= 4)

    asked: list[int] = []

    def spy(number: int) -> Sheet:
        asked.append(number)
        return fetch(number)

    assert list(page_numbers(spy, total_pages=lambda s: s.total)) == data and asked == [0, 1, 2, 3, 4]
    assert list(page_numbers(fetch, limit=15)) == data[:15]
    # a server claiming endless full pages stops at the guard
    endless = list(page_numbers(lambda n: Sheet([n]), first=1, max_pages=7))
    assert endless == [1, 2, 3, 4, 5, 6, 7]
    assert MAX_PAGES >= 100


def test_next_links_stop_at_a_loop_at_the_limit_and_at_the_guard():
    pages = {"a": Sheet([1, 2], total=6, next="b"), "b": Sheet([3, 4], next="c"), "c": Sheet([5, 6], next="a")}
    read = next_links(lambda where: pages[where], "a")
    assert read.items == [1, 2, 3, 4, 5, 6] and read.total == 6 and read.next is None  # "c" links back to "a"
    partial = next_links(lambda where: pages[where], "a", limit=3)
    assert partial.items == [1, 2, 3] and partial.next == "c"  # where to go on from
    counter = iter(range(10_000))
    endless = next_links(lambda where: Sheet([where], next=next(counter)), -1, max_pages=9)
    assert len(endless.items) == 9


def test_rel_next_reads_stac_links_leniently():
    assert rel_next([{"rel": "self", "href": "x"}, {"rel": "next", "href": "y"}]) == {"rel": "next", "href": "y"}
    assert rel_next([{"rel": "next"}]) is None and rel_next("junk") is None and rel_next(None) is None


# ------------------------------------------------------------------------------------- providers use it

@pytest.mark.parametrize("name", PROVIDER_MODULES)
def test_each_provider_declares_its_contract_on_the_toolkit(name):
    """Each provider module declares its error ladder and status words as toolkit data and calls its API
    through ``Api``: no private copy of the ladder, the status lookup or the paging loop."""
    module = importlib.import_module(f"eo_orders.providers.{name}")
    assert isinstance(module.ERROR_LADDER, ErrorLadder)
    maps = [v for v in vars(module).values() if isinstance(v, StatusMap)]
    assert maps, f"{name} declares its status words as a StatusMap"
    from eo_orders.providers import REGISTRY

    cls = getattr(module, REGISTRY[name].class_name)
    assert isinstance(cls.__dict__.get("api"), property) or "Api(" in _source(module)
    source = _source(module)
    for copy in ("generic_error(", "while True:", "retry_after_seconds(", "transport.json("):
        assert copy not in source, f"{name} still carries its own {copy!r}"


def _source(module) -> str:
    import inspect

    return inspect.getsource(module)
