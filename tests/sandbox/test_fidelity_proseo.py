# SPDX-License-Identifier: GPL-2.0-or-later
"""prosEO ODIP: the sandbox's replies have the shape of the real material, and the client reads the real replies.

The real material is read from ``../shared/fixtures/proseo_odip`` at test time (never copied here): the
vendor's RAML examples (workflow list, production order, order list, token replies), the RAML ``Warning``
header pattern, and ``odip_messages.json`` (every E72xx message of prosEO's ``OdipMessage.java``). Where the
RAML example and prosEO's server code disagree, the server code wins and the test says so (one place:
order option values are ``Edm.String`` on the server, one-item lists in the RAML example).
"""

from __future__ import annotations

import base64
import json
import re
from datetime import datetime, timezone

import pytest
import requests

from eo_orders.providers.base import ConnectionConfig, Notification, OrderRequest, OrderStatus, ValidationError
from eo_orders.providers.http import Transport, TransportSettings
from eo_orders.providers.proseo_odip import (
    ProseoOdipProvider,
    list_items,
    odip_error,
    order_from_entity,
    token_error,
    workflow_from_entity,
)
from tests.helpers.shapes import assert_same_shape, shape_differences

USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
REF = "S5P_OFFL_L1B_RA_BD4_20240501T100000_20240501T114130_33901_03_020100_20240501T120000.nc"
EXAMPLES = "proseo_odip/raml/examples/"


def auth() -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"S5P\\{USER}:{PASSWORD}".encode()).decode()}


def api(sandbox) -> str:
    return sandbox.connection_urls("proseo")["api"]


def make(sandbox) -> ProseoOdipProvider:
    conn = ConnectionConfig(id="f", name="prosEO", kind="proseo_odip", urls=sandbox.connection_urls("proseo"),
                            username=USER, secret=PASSWORD, options={"mission": "S5P"})
    return ProseoOdipProvider(conn, Transport(TransportSettings(retries=0)))


def no2(provider: ProseoOdipProvider):
    return next(w for w in provider.workflows() if w.name == "S5P-L2-NO2")


def string_option_values(order: dict) -> dict:
    """The RAML example's order with its option values as the server's EDM types them (Edm.String).

    prosEO's ``OdipEdmProvider`` declares ``OrderWorkflowOptions.Value`` as a single Edm.String (the RAML
    reuses the workflow example, whose ``Value`` is the list of allowed values): server code beats document.
    """
    out = dict(order)
    out["WorkflowOptions"] = [{**o, "Value": o["Value"][0] if isinstance(o["Value"], list) else o["Value"]}
                              for o in order["WorkflowOptions"]]
    return out


def submit_with_everything(sandbox) -> dict:
    provider = make(sandbox)
    order = provider.submit(OrderRequest(workflow=no2(provider), name="f", inputs=[REF],
                                         notification=Notification("https://hooks.example.org/n", "hook", "pw-1")))
    return order.raw


# ---------------------------------------------------------------------------------------------- lists
@pytest.mark.parametrize("bare", [False, True])
def test_workflow_list_has_the_real_shape(sandbox, shared_fixture, bare):
    """The RAML example is a bare array whose elements carry ``@odata.context``; an Olingo server wraps
    collections in ``{"value": [...]}``. Which one a deployed prosEO sends is not certain, so the sandbox
    serves either (``proseo_bare_arrays``) and the client reads both."""
    real = shared_fixture(EXAMPLES + "workflow-list.json")
    sandbox.state.config.extra["proseo_bare_arrays"] = bare
    body = requests.get(f"{api(sandbox)}/Workflows", params={"$top": "10"}, headers=auth(), timeout=10).json()
    if bare:
        assert_same_shape(real, body)
    else:
        element = {k: v for k, v in real[0].items() if k != "@odata.context"}
        assert set(body) == {"@odata.context", "value"}
        assert_same_shape([element], body["value"])
    items, _ = list_items(body)
    assert {w["Name"] for w in items} == {"S5P-L2-NO2", "S5P-L2-CO", "S5P-L2-AER-RGB"}


def test_real_workflow_list_parses(shared_fixture):
    items, count = list_items(shared_fixture(EXAMPLES + "workflow-list.json"))
    [wf] = [workflow_from_entity(e) for e in items]
    assert count is None
    assert (wf.id, wf.name, wf.version) == ("2b17b57d-fff4-4645-b539-91f305c83b91", "S2_L1C_L2A", "1.2")
    assert wf.input_product_types == ["S2MSILC"] and wf.output_product_type == "S2MSI2A"
    image = wf.options_schema["properties"]["ImageFormat"]
    assert image["enum"] == ["GEOTIFF", "JPG"] and image["default"] == "GEOTIFF"


@pytest.mark.parametrize("bare", [False, True])
def test_order_list_has_the_real_shape(sandbox, shared_fixture, bare):
    real = shared_fixture(EXAMPLES + "productionorder-list.json")
    submit_with_everything(sandbox)
    sandbox.state.config.extra["proseo_bare_arrays"] = bare
    body = requests.get(f"{api(sandbox)}/ProductionOrders", params={"$top": "10"}, headers=auth(),
                        timeout=10).json()
    ours = body if bare else body["value"]
    assert len(ours) == 1
    # the RAML example is the request body reused: the server adds Id, Status, dates (allow_extra)
    expected = [string_option_values(real[0])]
    assert_same_shape(expected, ours, allow_extra=True)
    # and the one divergence from the document is exactly the option value type
    assert shape_differences(real, ours, allow_extra=True) == ["$[0].WorkflowOptions[0].Value: real is array, "
                                                               "sandbox is string",
                                                               "$[0].WorkflowOptions[1].Value: real is array, "
                                                               "sandbox is string",
                                                               "$[0].WorkflowOptions[2].Value: real is array, "
                                                               "sandbox is string"]


def test_real_order_list_parses(shared_fixture):
    items, _ = list_items(shared_fixture(EXAMPLES + "productionorder-list.json"))
    [order] = [order_from_entity(e) for e in items]
    # the example has no Id and no Status: the order is queued until the server says otherwise
    assert order.status == OrderStatus.QUEUED and order.workflow_name == "S2_L1C_L2A"
    assert order.name == "S2_L1C_L2A: S2B_MSIL1C_20191025T085939_N0208_R007_T37VCC_20191025T112031.zip"
    assert order.raw["Priority"] == 50


# ---------------------------------------------------------------------------------------- one order
def test_created_and_fetched_order_have_the_real_shape(sandbox, shared_fixture):
    """``productionorder.json`` is the RAML's request, 201 reply and single-order reply at once."""
    real = string_option_values(shared_fixture(EXAMPLES + "productionorder.json"))
    created = submit_with_everything(sandbox)
    assert_same_shape(real, created, allow_extra=True)
    assert created["NotificationEpPassword"] == "*****"
    fetched = requests.get(f"{api(sandbox)}/ProductionOrders({created['Id']})", headers=auth(), timeout=10).json()
    assert_same_shape(real, fetched, allow_extra=True)
    assert set(created) - set(real) <= {"@odata.context", "Id", "Status", "StatusMessage", "SubmissionDate",
                                        "EstimatedDate", "CompletedDate", "EvictionDate", "OrderOutputSize"}


def test_real_order_parses(shared_fixture):
    real = shared_fixture(EXAMPLES + "productionorder.json")
    order = order_from_entity(real, name="mine")
    assert order.name == "mine" and order.workflow_name == "S2_L1C_L2A" and order.raw["WorkflowId"]
    # the example's End has a typo (":872Z"): read anyway, not dropped
    from eo_orders.providers.proseo_odip import parse_date

    assert parse_date(real["InputProductReference"]["ContentDate"]["End"]) == \
        datetime(2016, 1, 17, 10, 35, 18, 872000, tzinfo=timezone.utc)
    # the body the client sends for a reference order has the example's request fields
    assert {"InputProductReference", "Priority", "WorkflowId", "WorkflowName", "WorkflowOptions"} <= set(real)


# --------------------------------------------------------------------------------------------- token
def test_token_replies_have_the_real_shape(sandbox, shared_fixture):
    url = sandbox.connection_urls("proseo")["token"]
    ok = requests.post(url, params={"grant_type": "password", "username": f"S5P\\{USER}", "password": PASSWORD},
                       headers=auth(), timeout=10)
    assert ok.status_code == 200
    assert_same_shape(shared_fixture(EXAMPLES + "oauth2-response.json"), ok.json())
    refused = requests.post(url, params={"grant_type": "password", "username": "x", "password": "y"},
                            headers={"Authorization": "Basic " + base64.b64encode(b"S5P\\x:y").decode()}, timeout=10)
    assert refused.status_code == 400
    real_error = shared_fixture(EXAMPLES + "oauth2-error-response.json")
    assert_same_shape(real_error, refused.json())
    # the client reads the real error reply
    resp = requests.Response()
    resp.status_code, resp._content = 400, json.dumps(real_error).encode()
    resp.headers["Content-Type"] = "application/json"
    err = token_error(resp)
    assert err is not None and "not authorized for ODIP API" in err.message


# -------------------------------------------------------------------------------------------- errors
def _template_regex(template: str) -> re.Pattern[str]:
    """A prosEO ``MessageFormat`` template as a regex: ``{n}`` is any text, ``''`` one quote."""
    parts = re.split(r"\{\d+\}", template.replace("''", "'"))
    return re.compile("^" + "(.+)".join(re.escape(p) for p in parts) + "$", re.S)


def raml_warning_pattern() -> re.Pattern[str]:
    """The ``Warning`` header pattern of the vendor's ``raml/types/error.raml``, read at test time."""
    from tests.conftest import SHARED_FIXTURES

    text = (SHARED_FIXTURES / "proseo_odip/raml/types/error.raml").read_text(encoding="utf-8")
    m = re.search(r"^\s*pattern:\s*(\S.*?)\s*$", text, re.M)
    assert m, "error.raml has a Warning pattern"
    return re.compile(m.group(1))


def _refusals(sandbox) -> list[requests.Response]:
    """One reply per kind of refusal the sandbox can send for orders, queries and access."""
    provider = make(sandbox)
    wf = no2(provider)
    good = provider.order_body(OrderRequest(workflow=wf, name="x", inputs=[REF]))
    post = f"{api(sandbox)}/ProductionOrder"
    out = [
        requests.post(post, json={k: v for k, v in good.items() if k != "WorkflowId"}, headers=auth(), timeout=10),
        requests.post(post, json={**good, "WorkflowId": "0b0e3a1c-1111-4222-8333-944455566677"}, headers=auth(),
                      timeout=10),
        requests.post(post, json={**good, "WorkflowOptions": [{"Name": "Bogus", "Value": "1"}]}, headers=auth(),
                      timeout=10),
        requests.post(post, json={**good, "WorkflowOptions": [{"Name": "QaThreshold", "Value": "x"}]},
                      headers=auth(), timeout=10),
        requests.post(post, json={**good, "WorkflowOptions": [{"Name": "ProcessingMode", "Value": "FAST"}]},
                      headers=auth(), timeout=10),
        requests.post(post, json={**good, "InputProductReference": {"Reference": "S5P_OFFL_NOPE.nc"}},
                      headers=auth(), timeout=10),
        requests.post(post, json={**good, "InputProductReference": {"Reference": "S2B_MSIL1C_X.zip"}},
                      headers=auth(), timeout=10),
        requests.post(post, json={**good, "InputProductReference": {}}, headers=auth(), timeout=10),
        requests.post(post, data="{no json", headers={**auth(), "Content-Type": "application/json"}, timeout=10),
        requests.get(f"{api(sandbox)}/ProductionOrders(0b0e3a1c-1111-4222-8333-944455566677)", headers=auth(),
                     timeout=10),
        requests.get(f"{api(sandbox)}/ProductionOrders", params={"$filter": "Nope eq 1", "$top": "1"},
                     headers=auth(), timeout=10),
        requests.delete(f"{api(sandbox)}/ProductionOrders(0b0e3a1c-1111-4222-8333-944455566677)", headers=auth(),
                        timeout=10),
        requests.get(f"{api(sandbox)}/Workflows", timeout=10),
        requests.get(f"{api(sandbox)}/Nothing", headers=auth(), timeout=10),
    ]
    return out


@pytest.mark.parametrize("prefix", ["", "199 proseo-api-odip"])
def test_every_warning_is_a_real_prosEO_message(sandbox, shared_fixture, prefix):
    """Each ``Warning`` the sandbox sends names a real E72xx code and reads as that code's template
    (``odip_messages.json``); with the RAML's prefix switched on it matches the RAML's header pattern."""
    messages = shared_fixture("proseo_odip/odip_messages.json")["messages"]
    raml_pattern = raml_warning_pattern()
    sandbox.state.config.extra["proseo_warning_prefix"] = prefix
    seen = set()
    for resp in _refusals(sandbox):
        assert resp.status_code >= 400
        warning = resp.headers["Warning"]
        text = warning[len(prefix) + 1:] if prefix else warning
        m = re.match(r"^\((?P<code>E\d{4})\) (?P<msg>.+)$", text, re.S)
        assert m, warning
        code, msg = m.group("code"), m.group("msg")
        assert code in messages, code
        assert _template_regex(messages[code]["template"]).match(msg), (code, msg, messages[code]["template"])
        if prefix:
            assert raml_pattern.match(warning), (raml_pattern.pattern, warning)
        seen.add(code)
        err = odip_error(resp)
        assert err is not None and err.code in messages
    assert {"E7238", "E7239", "E7240", "E7241", "E7242", "E7208", "E7268", "E7251", "E7262", "E7206", "E7221",
            "E7209", "E7225", "E7201"} <= seen


def test_order_refusals_carry_no_body(sandbox):
    """``OdipEntityProcessor.createEntity`` sets status and Warning only; read errors carry the OData body."""
    replies = _refusals(sandbox)
    for resp in replies[:9]:
        assert resp.content == b"", resp.headers["Warning"]
    not_found = replies[9]
    assert not_found.status_code == 404 and not_found.json()["error"]["code"] == "E7206"


def test_client_marks_the_field_for_every_order_refusal(sandbox):
    replies = _refusals(sandbox)
    fields = []
    for resp in replies[:9]:
        err = odip_error(resp)
        assert isinstance(err, ValidationError), resp.headers["Warning"]
        fields.append(next(iter(err.field_errors)))
    assert fields == ["workflow", "workflow", "Bogus", "QaThreshold", "ProcessingMode", "inputs", "inputs", "", ""]
