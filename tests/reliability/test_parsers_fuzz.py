# SPDX-License-Identifier: GPL-2.0-or-later
"""Every provider's pure parsers, fed unexpected JSON shapes by hypothesis.

A parser runs in a background task on whatever a server (or a proxy, or a half-deployed API version)
sends: ``None`` where an object was expected, lists, numbers, strings that are almost dates, NaN,
missing or junk-typed keys. It must return a value or raise ``ProviderError`` (which the task turns
into a message); any other exception is an unhandled error in a task, i.e. a bug in the parser.

The dictionary keys are drawn from the keys each module itself reads (scraped from its source), so the
junk lands where the parser looks rather than only in keys it ignores.
"""

from __future__ import annotations

import inspect
import json
import os
import re
from typing import Any, Callable

import pytest
import requests
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eo_orders.providers import capella, cdse_odp, creodias_finder, http, proseo_odip, up42
from eo_orders.providers.base import ProviderError

#: examples per parser; raise it (EO_FUZZ_EXAMPLES=1000) for a deeper search before a release
EXAMPLES = int(os.environ.get("EO_FUZZ_EXAMPLES", "40"))
MODULES = {"cdse_odp": cdse_odp, "proseo_odip": proseo_odip, "creodias_finder": creodias_finder, "up42": up42,
           "capella": capella, "http": http}

_KEY = re.compile(r"""(?:\.get\(\s*|\[\s*)["']([^"'\s]{1,60})["']""")
ODD_TEXT = ["", " ", "null", "NaN", "1e309", "-1", "0", "12.5", "2024-01-01T00:00:00Z", "2024-13-45T99:99:99",
            "2024-06-10 10:03:00.123456789+02:00", "2024-06-10T10:03", "POLYGON((1 2, 3 4, 5 6, 1 2))",
            "SRID=4326;POLYGON((12 41,13 41,13 42,12 41))", "MULTIPOLYGON(((1 2)))", "POINT(1)", "completed",
            "RUNNING", "in_progress", "FULFILLED", "$1,234.50", "USD 12", "E7238", "(E7238) bad",
            "199 a (E7206) x", "https://x/y?Signature=abc", "a/b/../c", "{", "[]", "éü漢字", "\x00"]


def _keys(module: Any) -> list[str]:
    return sorted(set(_KEY.findall(inspect.getsource(module))))


def json_values(keys: list[str]) -> st.SearchStrategy[Any]:
    scalars = (st.none() | st.booleans() | st.integers(min_value=-(2 ** 70), max_value=2 ** 70)
               | st.floats(allow_nan=True, allow_infinity=True) | st.sampled_from(ODD_TEXT)
               | st.text(max_size=12))
    key = st.sampled_from(keys) | st.text(max_size=6) if keys else st.text(max_size=6)
    return st.recursive(scalars, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(key, inner, max_size=8),
                        max_leaves=16)


def objects(keys: list[str], only_dicts: bool = False) -> st.SearchStrategy[Any]:
    """Objects with the module's own keys (the shape parsers expect, with junk inside), or any JSON at all.

    ``only_dicts``: the parser declares a ``dict`` parameter and every call site hands it one (entities come
    out of ``entity_list``/``unwrap``/``isinstance`` filters), so only the inside of the object is junk.
    """
    value = json_values(keys)
    entity = st.dictionaries(st.sampled_from(keys), value, max_size=10)
    return entity if only_dicts else entity | value


def responses(keys: list[str]) -> st.SearchStrategy[requests.Response]:
    bodies = (json_values(keys).map(lambda v: json.dumps(v).encode())
              | st.binary(max_size=40) | st.sampled_from([b"", b"<html><body>502</body></html>", b"{\"error\":"]))
    return st.builds(_response, st.sampled_from([200, 400, 401, 403, 404, 405, 409, 416, 422, 429, 500, 502, 503]),
                     bodies, st.sampled_from(["application/json", "text/html", "text/plain", "", "application/xml"]),
                     st.none() | st.sampled_from(ODD_TEXT) | st.text(max_size=30),
                     st.none() | st.sampled_from(["1", "-5", "soon", "Wed, 21 Oct 2015 07:28:00 GMT", ""]))


def _response(status: int, body: bytes, ctype: str, warning: str | None, retry_after: str | None) -> requests.Response:
    resp = requests.Response()
    resp.status_code = status
    resp._content = body
    resp.reason = "Reason"
    resp.url = "http://sandbox.test/path?Signature=secret"
    if ctype:
        resp.headers["Content-Type"] = ctype
    if warning is not None:
        resp.headers["Warning"] = warning
    if retry_after is not None:
        resp.headers["Retry-After"] = retry_after
    return resp


#: (module, function name, how to call it with one fuzzed value) — every parser of every provider module
Target = tuple[str, str, Callable[[Callable[..., Any], Any], Any], str]
TARGETS: list[Target] = []


def _target(module: str, names: str, kind: str = "any", call: Callable[[Callable[..., Any], Any], Any] | None = None
            ) -> None:
    for name in names.split():
        TARGETS.append((module, name, call or (lambda f, v: f(v)), kind))


_target("cdse_odp", "unwrap entity_list str_id parse_datetime wkt_to_geojson parse_workflow map_status "
                    "parse_production_order parse_batch_order parse_batch_item _float _int _attributes parse_product")
_target("cdse_odp", "odp_error", "response")
_target("cdse_odp", "quota_error", call=lambda f, v: f(429, v))
_target("cdse_odp", "output_expiry", "entity", call=lambda f, v: f(v, cdse_odp.OrderStatus.COMPLETED))
_target("proseo_odip", "parse_date list_items option_values workflow_from_entity order_label")
_target("proseo_odip", "order_from_entity", call=lambda f, v: f(v, "client-name"))
_target("proseo_odip", "parse_warning", "text")
# reconciliation after an ambiguous submit compares listed orders with what was sent: junk must not crash it
_SENT = [{"WorkflowId": "wf-1", "InputProductReference": {"Reference": "ref.nc"}, "WorkflowOptions": []},
         {"WorkflowId": "wf-1", "WorkflowOptions": [{"Name": "a", "Value": "1"}],
          "InputProductReference": {"ContentDate": {"Start": "2024-01-01T00:00:00Z", "End": "2024-01-02T00:00:00Z"}}}]
_target("proseo_odip", "ProseoOdipProvider", "entity",
        call=lambda cls, v: [cls._matches(v, sent) for sent in _SENT])
_target("proseo_odip", "odip_error token_error", "response")
_target("creodias_finder", "_parse_dt parse_product parse_item _md5")
_target("creodias_finder", "parse_order", call=lambda f, v: f(v, None))
_target("creodias_finder", "_dedupe", call=lambda f, v: f(v if isinstance(v, list) else [v]))
_target("creodias_finder", "strip_title", "text")
_target("creodias_finder", "finder_error finder_api_error", "response")
_target("creodias_finder", "parse_summary", call=lambda f, v: f("1", v))
_target("up42", "error_message _parse_time _unwrap parse_order _num _error_item_text _detail_text form_schema "
                "polygon_vertices parse_estimate parse_placement parse_cancellation parse_quotation "
                "parse_feasibility_study")
_target("up42", "_result_asset", call=lambda f, v: f("data", v, "order-1"))
_target("up42", "up42_error", "response")
_target("capella", "parse_time parse_money parse_product parse_order parse_task _order_name")
_target("capella", "parse_review", call=lambda f, v: f(v, ["label"]))
_target("capella", "_file_name_of", "text", call=lambda f, v: f(v, "fallback"))
_target("capella", "_jwt_lifetime", "text")
_target("capella", "capella_error", "response")
_target("http", "generic_error oauth_error json_body retry_after_seconds", "response")
_target("http", "parse_retry_after", "text")


def _declares_dict(fn: Callable[..., Any], position: int) -> bool:
    params = list(inspect.signature(fn).parameters.values())
    annotation = str(params[position].annotation) if len(params) > position else ""
    return annotation.startswith("dict") and "None" not in annotation


def _strategy(module: str, name: str, kind: str) -> st.SearchStrategy[Any]:
    keys = _keys(MODULES[module])
    if kind == "response":
        return responses(keys)
    if kind == "text":
        return st.sampled_from(ODD_TEXT) | st.text(max_size=60)
    fn = getattr(MODULES[module], name)
    return objects(keys, only_dicts=kind == "entity" or _declares_dict(fn, 1 if name == "_result_asset" else 0))


def test_every_public_parser_of_every_provider_is_fuzzed():
    """A parser added to a provider module later must be added here too."""
    covered = {(m, n) for m, n, _, _ in TARGETS}
    pattern = re.compile(r"^(parse_|.*_error$|map_status$|unwrap$|entity_list$|list_items$|error_message$)")
    for name, module in MODULES.items():
        for fname, fn in inspect.getmembers(module, inspect.isfunction):
            if fn.__module__ == module.__name__ and pattern.match(fname) and fname != "parse_checksum":
                assert (name, fname) in covered, f"{name}.{fname} is not fuzzed"


@pytest.mark.parametrize("module, name, call, kind", TARGETS, ids=[f"{m}.{n}" for m, n, _, _ in TARGETS])
def test_parser_returns_or_raises_provider_error(module, name, call, kind):
    fn = getattr(MODULES[module], name)

    @settings(max_examples=EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much, HealthCheck.data_too_large])
    @given(_strategy(module, name, kind))
    def check(value: Any) -> None:
        try:
            call(fn, value)
        except ProviderError as exc:
            assert isinstance(exc.message, str) and "Signature=secret" not in str(exc)

    check()
