# SPDX-License-Identifier: GPL-2.0-or-later
"""prosEO ODIP provider against its strict sandbox emulator over real HTTP, plus the error and shape parsers
on the real captured fixtures (loaded, never copied)."""

from __future__ import annotations

import base64
import json
from dataclasses import replace
from datetime import datetime, timezone

import pytest
import requests

from eo_orders.providers import create_provider
from eo_orders.providers.base import (
    AuthError,
    Capability,
    ConnectionConfig,
    NotFoundError,
    Notification,
    NotSupportedError,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    ProviderError,
    ValidationError,
)
from eo_orders.providers.http import Transport, TransportSettings
from eo_orders.providers.proseo_odip import (
    ProseoOdipProvider,
    format_date,
    list_items,
    odip_error,
    option_values,
    order_from_entity,
    parse_date,
    parse_warning,
    token_error,
    workflow_from_entity,
)

USER = "demo@example.com"
PASSWORD = "demo-Pa55 &=%é word"
NO2 = "S5P-L2-NO2"
REF = "S5P_OFFL_L1B_RA_BD4_20240501T100000_20240501T114130_33901_03_020100_20240501T120000.nc"


def make(sandbox, mode: str = "basic", password: str = PASSWORD, **urls: str) -> ProseoOdipProvider:
    conn = ConnectionConfig(id="c1", name="prosEO S5P", kind="proseo_odip",
                            urls={**sandbox.connection_urls("proseo"), **urls}, username=USER, secret=password,
                            options={"mission": "S5P", "auth_mode": mode})
    # no retries: the 429 quota answer must surface at once, and no test should wait on back-off
    provider = create_provider(conn, Transport(TransportSettings(retries=0, backoff=0.01)))
    assert isinstance(provider, ProseoOdipProvider)
    return provider


def basic(login: str, password: str = PASSWORD) -> dict[str, str]:
    return {"Authorization": "Basic " + base64.b64encode(f"{login}:{password}".encode()).decode()}


def api(sandbox) -> str:
    return sandbox.connection_urls("proseo")["api"]


def response(status: int, body: object = None, warning: str | None = None) -> requests.Response:
    """A plain ``requests.Response`` as the transport hands it to the error parser (no network)."""
    resp = requests.Response()
    resp.status_code = status
    resp._content = json.dumps(body).encode() if body is not None else b"<html>oops</html>"
    resp.headers["Content-Type"] = "application/json" if body is not None else "text/html"
    if warning is not None:
        resp.headers["Warning"] = warning
    resp.url = "http://odip.test/x"
    return resp


def wf_by_name(provider: ProseoOdipProvider, name: str):
    return next(w for w in provider.workflows() if w.name == name)


# ------------------------------------------------------------------------------------- pure parsers
@pytest.mark.parametrize("header, code, message", [
    ("199 proseo-api-odip (E7238) Workflow UUID missing", "E7238", "Workflow UUID missing"),
    ("(E7238) Workflow UUID missing", "E7238", "Workflow UUID missing"),
    ("199 proseo-odip (E7206) No production order found with UUID 1", "E7206",
     "No production order found with UUID 1"),
    ("199 proseo-api-prip (W7212) Ignoring invalid HTTP range header x", "W7212",
     "Ignoring invalid HTTP range header x"),
    ("199 proseo-api-odip (E4711) 'creation-date > today()' is not a valid query filter", "E4711",
     "'creation-date > today()' is not a valid query filter"),
    ('199 proseo-api-odip (E7209) "quoted text"', "E7209", "quoted text"),
])
def test_warning_header_both_forms(header, code, message):
    assert parse_warning(header) == (code, message)


@pytest.mark.parametrize("header", [None, "", "199 something without a code", "E7238 no parentheses"])
def test_warning_header_not_an_error(header):
    assert parse_warning(header) is None


def test_error_parser_header_only_body_only_and_both():
    only_header = odip_error(response(400, None, "199 proseo-api-odip (E7240) Workflow option X not defined"))
    assert isinstance(only_header, ValidationError)
    assert (only_header.code, only_header.status) == ("E7240", 400)
    assert only_header.field_errors == {"X": ["Workflow option X not defined"]}
    only_body = odip_error(response(404, {"error": {"code": "E7206", "message": "No production order found"}}))
    assert isinstance(only_body, NotFoundError) and only_body.code == "E7206"
    assert "No production order found" in str(only_body) and "E7206" in str(only_body)
    both = odip_error(response(403, {"error": {"code": "E7209", "message": "not allowed through ODPRIP"}},
                               "(E7209) not allowed through ODPRIP"))
    assert isinstance(both, NotSupportedError) and both.status == 403
    assert str(both).count("not allowed through ODPRIP") == 1
    auth = odip_error(response(401, {"error": {"code": "E7225", "message": "Basic authentication missing"}}))
    assert isinstance(auth, AuthError) and auth.code == "E7225"
    assert odip_error(response(500, {"detail": "no ODIP shape"})) is None


def test_token_error_on_real_oauth2_fixture(shared_fixture):
    body = shared_fixture("proseo_odip/raml/examples/oauth2-error-response.json")
    err = token_error(response(400, body))
    assert isinstance(err, AuthError)
    assert err.code == "unauthorized_client" and "not authorized for ODIP API" in err.message


def test_real_workflow_list_fixture_becomes_schema(shared_fixture):
    items, count = list_items(shared_fixture("proseo_odip/raml/examples/workflow-list.json"))
    assert count is None and len(items) == 1
    wf = workflow_from_entity(items[0])
    assert (wf.id, wf.name, wf.version) == ("2b17b57d-fff4-4645-b539-91f305c83b91", "S2_L1C_L2A", "1.2")
    assert wf.input_product_types == ["S2MSILC"] and wf.output_product_type == "S2MSI2A"
    prop = wf.options_schema["properties"]["ImageFormat"]
    assert prop["enum"] == ["GEOTIFF", "JPG"] and prop["default"] == "GEOTIFF" and prop["type"] == "string"


def test_real_order_fixtures_parse(shared_fixture):
    items, _ = list_items(shared_fixture("proseo_odip/raml/examples/productionorder-list.json"))
    single = shared_fixture("proseo_odip/raml/examples/productionorder.json")
    for entity in (items[0], single):
        order = order_from_entity(entity)
        assert order.workflow_name == "S2_L1C_L2A"
        assert option_values(entity["WorkflowOptions"]) == {"ImageFormat": "JPG"}  # Value is a list here
        assert "S2B_MSIL1C_20191025T085939" in order.name
    # the vendor's example has "10:35:18:872Z" (colon before the milliseconds): still a date
    end = single["InputProductReference"]["ContentDate"]["End"]
    assert parse_date(end) == datetime(2016, 1, 17, 10, 35, 18, 872000, tzinfo=timezone.utc)
    wrapped, count = list_items({"@odata.count": 3, "value": items})
    assert wrapped == items and count == 3


def test_request_fixtures_have_the_body_shape_we_send(shared_fixture, sandbox):
    by_ref = shared_fixture("proseo_odip/request_create_order_by_reference.json")
    by_time = shared_fixture("proseo_odip/request_create_order_by_time_range.json")
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    ours_ref = provider.order_body(OrderRequest(workflow=wf, name="a", inputs=[REF]))
    ours_time = provider.order_body(OrderRequest(workflow=wf, name="b", start=datetime(2019, 11, 4, 9),
                                                 end=datetime(2019, 11, 4, 10, 41, 10, 300000)))
    assert set(by_ref) - {"NotificationEndpoint"} <= set(ours_ref)
    assert set(by_ref["InputProductReference"]) == set(ours_ref["InputProductReference"])
    time_keys = set(ours_time["InputProductReference"]["ContentDate"])
    assert set(by_time["InputProductReference"]["ContentDate"]) == time_keys
    assert ours_time["InputProductReference"]["ContentDate"]["End"] == "2019-11-04T10:41:10.300Z"
    assert format_date(parse_date(by_time["InputProductReference"]["ContentDate"]["Start"])) == \
        by_time["InputProductReference"]["ContentDate"]["Start"]


def test_redirect_credentials_only_to_trusted_hosts(sandbox):
    provider = make(sandbox)
    assert provider._prip_allowed(api(sandbox).replace("/odip/odata/v1", "/prip/odata/v1/Products(x)"))
    assert not provider._prip_allowed("http://evil.example.com/prip/odata/v1/Products(x)")
    other = make(sandbox, prip="https://prip.example.org/odata/v1")
    assert other._prip_allowed("https://prip.example.org/odata/v1/Products(x)/$value")
    assert not other._prip_allowed("http://prip.example.org/odata/v1/Products(x)")  # scheme downgrade


# -------------------------------------------------------------------------------------------- auth
def test_basic_auth_mission_prefix_forms_and_401_shape(sandbox):
    url = f"{api(sandbox)}/Workflows"
    assert requests.get(url, headers=basic(f"S5P\\{USER}"), timeout=10).status_code == 200
    assert requests.get(url, headers=basic(f"S5P-{USER}"), timeout=10).status_code == 200
    for headers, code in [({}, "E7225"), (basic(USER), "E7225"), (basic(f"S1A\\{USER}"), "E7205"),
                          (basic(f"S5P\\{USER}", "wrong"), "E7225")]:
        resp = requests.get(url, headers=headers, timeout=10)
        assert resp.status_code == 401
        assert resp.json()["error"]["code"] == code
        assert parse_warning(resp.headers["Warning"])[0] == code


def test_wrong_password_is_a_clear_auth_error(sandbox):
    with pytest.raises(AuthError) as info:
        make(sandbox, password="nope").workflows()
    assert info.value.status == 401 and info.value.code == "E7225"
    assert "nope" not in str(info.value)


def test_token_mode_relogins_when_the_token_runs_out(sandbox):
    from sandbox import proseo as emu

    provider = make(sandbox, mode="token")
    assert len(provider.workflows()) == 3
    assert provider.auth.logins == 1
    emu.expire_tokens(sandbox.state)  # the server now answers 401 E7216 to the old token
    assert provider.orders().items == []
    assert provider.auth.logins == 2
    store = sandbox.state.stores["proseo"]
    assert store.logins == 2
    # the API calls carried the bearer token, not Basic: only the token endpoint saw the password
    paths = [p for _, p in sandbox.state.requests]
    assert paths.count("/proseo/odip/v1/token") == 2


def test_token_mode_wrong_password(sandbox):
    with pytest.raises(AuthError) as info:
        make(sandbox, mode="token", password="nope").workflows()
    assert info.value.status == 400 and info.value.code == "unauthorized_client"


def test_token_endpoint_contract(sandbox):
    url = sandbox.connection_urls("proseo")["token"]
    h = basic(f"S5P\\{USER}")
    assert requests.post(url, headers=h, timeout=10).json()["error"] == "unsupported_grant_type"
    resp = requests.post(url, params={"grant_type": "password", "username": f"S5P\\{USER}", "password": "x"},
                         headers=h, timeout=10)
    assert resp.status_code == 400 and "E7219" in resp.json()["error_description"]
    resp = requests.post(url, params={"grant_type": "client_credentials", "username": USER}, headers=h, timeout=10)
    assert "E7220" in resp.json()["error_description"]
    ok = requests.post(url, params={"grant_type": "client_credentials"}, headers=h, timeout=10).json()
    assert ok["token_type"] == "bearer" and ok["expires_in"] == 3600 and "refresh_token" not in ok
    wf = requests.get(f"{api(sandbox)}/Workflows", headers={"Authorization": f"Bearer {ok['access_token']}"},
                      timeout=10)
    assert wf.status_code == 200


# ---------------------------------------------------------------------------------------- workflows
def test_workflows_with_filter_orderby_and_schema(sandbox):
    provider = make(sandbox)
    wfs = provider.workflows()
    assert [w.name for w in wfs] == sorted(w.name for w in wfs)
    no2 = next(w for w in wfs if w.name == NO2)
    props = no2.options_schema["properties"]
    assert props["ProcessingMode"]["enum"] == ["NRTI", "OFFL", "RPRO"]
    assert props["QaThreshold"] == {"type": "integer", "title": "QaThreshold", "default": 50,
                                    "description": props["QaThreshold"]["description"]}
    assert props["CloudCorrection"]["type"] == "boolean" and props["CloudCorrection"]["default"] is True
    assert [w.name for w in provider.workflows("CO")] == ["S5P-L2-CO"]
    assert provider.workflow(no2.id).name == NO2
    resp = requests.get(f"{api(sandbox)}/Workflows", params={"$filter": "Bogus eq 1"},
                        headers=basic(f"S5P\\{USER}"), timeout=10)
    assert resp.status_code == 400 and resp.json()["error"]["code"] == "E7221"


def test_bare_array_replies_are_accepted(sandbox):
    from sandbox import proseo as emu

    sandbox.state.config.extra["proseo_bare_arrays"] = True
    emu.seed_orders(sandbox.state, 23)
    provider = make(sandbox)
    assert isinstance(requests.get(f"{api(sandbox)}/Workflows", headers=basic(f"S5P\\{USER}"), timeout=10).json(),
                      list)
    assert len(provider.workflows()) == 3
    page = provider.orders(OrderQuery(top=10))
    assert page.total is None and page.next_token == 10
    assert len({o.id for o in provider.all_orders(page_size=10)}) == 23


# ------------------------------------------------------------------------------------------- paging
@pytest.mark.parametrize("n", [0, 10, 11, 89, 1000])
def test_paging_boundaries(sandbox, n):
    from sandbox import proseo as emu

    ids = emu.seed_orders(sandbox.state, n)
    provider = make(sandbox)
    page_size = 100 if n >= 1000 else 10
    first = provider.orders(OrderQuery(top=page_size))
    assert first.total == n
    before = len(sandbox.state.requests)
    orders = provider.all_orders(page_size=page_size)
    got = [o.id for o in orders]
    assert len(got) == n and len(set(got)) == n and set(got) == set(ids)
    assert all(o.status == OrderStatus.COMPLETED for o in orders)
    # newest first, and exactly ceil(n / size) requests (one for an empty list): no page fetched twice
    assert [o.submitted_at for o in orders] == sorted((o.submitted_at for o in orders), reverse=True)
    assert len(sandbox.state.requests) - before == max(1, -(-n // page_size))


def test_quota_without_top_is_429_and_client_always_pages(sandbox):
    from sandbox import proseo as emu

    emu.seed_orders(sandbox.state, 5001)
    resp = requests.get(f"{api(sandbox)}/ProductionOrders", headers=basic(f"S5P\\{USER}"), timeout=30)
    assert resp.status_code == 429 and resp.json()["error"]["code"] == "E7223"
    provider = make(sandbox)
    with pytest.raises(ProviderError) as info:
        provider._get_json("ProductionOrders")
    assert (info.value.code, info.value.status) == ("E7223", 429) and "5000" in info.value.message
    page = provider.orders(OrderQuery(top=50, skip=4990))
    assert page.total == 5001 and len(page.items) == 11 and page.next_token is None


def test_status_filter_only_the_enum_literal(sandbox):
    """``Status`` is the enum ``OData.CSC.JobStatus`` (prosEO OdipEdmProvider): the server's parser refuses a
    plain string, so the sandbox does too, and the client sends the enum literal."""
    from sandbox import proseo as emu

    emu.seed_orders(sandbox.state, 4)
    provider = make(sandbox)
    provider.submit(OrderRequest(workflow=wf_by_name(provider, NO2), name="new", inputs=[REF]))
    assert provider.orders(OrderQuery(status=OrderStatus.COMPLETED)).total == 4
    assert provider.orders(OrderQuery(status=OrderStatus.QUEUED)).total == 1
    assert provider.order_filter(OrderQuery(status=OrderStatus.QUEUED)) == "Status eq OData.CSC.JobStatus'queued'"
    for flt in ("Status eq 'queued'", "Status eq OData.CSC.Other'queued'", "Status eq OData.CSC.JobStatus'done'"):
        plain = requests.get(f"{api(sandbox)}/ProductionOrders", params={"$filter": flt, "$count": "true",
                                                                         "$top": "10"},
                             headers=basic(f"S5P\\{USER}"), timeout=10)
        assert plain.status_code == 400, flt
        assert "Warning" not in plain.headers and "error" in plain.json()


# ------------------------------------------------------------------------------------------- orders
def test_submit_by_reference_and_by_content_date(sandbox):
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    by_ref = provider.submit(OrderRequest(workflow=wf, name="by-ref", inputs=[REF],
                                          options={"ProcessingMode": "RPRO", "QaThreshold": 75,
                                                   "CloudCorrection": False}))
    assert by_ref.status == OrderStatus.QUEUED and by_ref.name == "by-ref"
    raw = by_ref.raw
    assert raw["WorkflowId"] == wf.id and raw["WorkflowName"] == NO2 and raw["Priority"] == 50
    # the server reports the product's sensing period with the reference (toOdipProductionOrder)
    assert raw["InputProductReference"] == {"Reference": REF, "ContentDate": {
        "Start": "2024-05-01T10:00:00.000Z", "End": "2024-05-01T11:41:30.000Z"}}
    assert option_values(raw["WorkflowOptions"]) == {"ProcessingMode": "RPRO", "QaThreshold": "75",
                                                     "CloudCorrection": "false"}
    start, end = datetime(2024, 5, 1, 10, tzinfo=timezone.utc), datetime(2024, 5, 1, 11, 41, 30, tzinfo=timezone.utc)
    by_time = provider.submit(OrderRequest(workflow=wf, name="by-time", start=start, end=end, priority=90,
                                           notification=Notification("https://hooks.example.org/done", "hook",
                                                                     "hook-Secret-1")))
    cd = by_time.raw["InputProductReference"]["ContentDate"]
    assert (cd["Start"], cd["End"]) == ("2024-05-01T10:00:00.000Z", "2024-05-01T11:41:30.000Z")
    assert by_time.raw["Priority"] == 90
    # defaults fill the options not sent; the notification password is echoed masked
    assert option_values(by_time.raw["WorkflowOptions"])["ProcessingMode"] == "OFFL"
    assert by_time.raw["NotificationEpPassword"] != "hook-Secret-1"
    again = provider.order(by_time.id)
    assert again.id == by_time.id and again.name == "by-time"
    # the key is an Edm.Guid: unquoted only (the RAML's quoted form is refused by the server's URI parser)
    assert requests.get(f"{api(sandbox)}/ProductionOrders({by_ref.id})", headers=basic(f"S5P\\{USER}"),
                        timeout=10).status_code == 200
    quoted = requests.get(f"{api(sandbox)}/ProductionOrders('{by_ref.id}')", headers=basic(f"S5P\\{USER}"),
                          timeout=10)
    assert quoted.status_code == 400 and "Warning" not in quoted.headers
    assert provider.order(f"'{by_ref.id}'").id == by_ref.id  # the client strips quotes a user pasted


@pytest.mark.parametrize("priority", [True, 50.5, "high"])
def test_priority_of_the_wrong_type_refused_before_sending(sandbox, priority):
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    sent_before = [r for r in sandbox.state.requests if r[0] == "POST"]
    with pytest.raises(ValidationError) as info:
        provider.submit(OrderRequest(workflow=wf, name="p", inputs=[REF], priority=priority))
    assert "priority" in info.value.field_errors
    assert [r for r in sandbox.state.requests if r[0] == "POST"] == sent_before


@pytest.mark.parametrize("priority", [0, 101, -5, 1000])
def test_no_priority_range_check(sandbox, priority):
    """The server takes any Edm.Int64 priority (no range check in OdipUtilBase): neither the client nor the
    sandbox invents one."""
    provider = make(sandbox)
    order = provider.submit(OrderRequest(workflow=wf_by_name(provider, NO2), name="p", inputs=[REF],
                                         priority=priority))
    assert order.raw["Priority"] == priority


def test_priority_not_an_integer_is_a_parse_error(sandbox):
    provider = make(sandbox)
    body = {**provider.order_body(OrderRequest(workflow=wf_by_name(provider, NO2), name="x", inputs=[REF])),
            "Priority": "high"}
    raw = requests.post(f"{api(sandbox)}/ProductionOrder", json=body, headers=basic(f"S5P\\{USER}"), timeout=10)
    assert raw.status_code == 406 and raw.content == b"" and "(E7262)" in raw.headers["Warning"]


@pytest.mark.parametrize("options, code, field", [
    ({"Bogus": "1"}, "E7240", "Bogus"),
    ({"QaThreshold": "lots"}, "E7241", "QaThreshold"),
    ({"CloudCorrection": "maybe"}, "E7241", "CloudCorrection"),
    ({"ProcessingMode": "FAST"}, "E7242", "ProcessingMode"),
])
def test_option_refusals_are_404_without_body_and_mark_the_field(sandbox, options, code, field):
    """prosEO answers option refusals with 404, a Warning header and no body (OdipException without a
    status): the client must show them on the option's field, not as "Not found"."""
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    body = {**provider.order_body(OrderRequest(workflow=wf, name="o", inputs=[REF])),
            "WorkflowOptions": [{"Name": k, "Value": v} for k, v in options.items()]}
    raw = requests.post(f"{api(sandbox)}/ProductionOrder", json=body, headers=basic(f"S5P\\{USER}"), timeout=10)
    assert raw.status_code == 404 and raw.content == b"" and raw.headers["Warning"].startswith(f"({code}) ")
    # the client-side schema would catch these first: an empty schema lets them reach the server
    loose = replace(wf, options_schema={})
    with pytest.raises(ValidationError) as info:
        provider.submit(OrderRequest(workflow=loose, name="o", inputs=[REF], options=options))
    assert not isinstance(info.value, NotFoundError)
    assert info.value.code == code and info.value.status == 404
    assert list(info.value.field_errors) == [field]
    assert field in info.value.message and "Not found" not in info.value.message
    with pytest.raises(ValidationError):  # and the schema does catch them before sending
        provider.validate(OrderRequest(workflow=wf, name="o", inputs=[REF], options=options))


def test_option_value_must_be_a_string(sandbox):
    """``OrderWorkflowOptions.Value`` is Edm.String: the RAML example's one-item list is a parse error."""
    provider = make(sandbox)
    body = {**provider.order_body(OrderRequest(workflow=wf_by_name(provider, NO2), name="o", inputs=[REF])),
            "WorkflowOptions": [{"Name": "ProcessingMode", "Value": ["RPRO"]}]}
    raw = requests.post(f"{api(sandbox)}/ProductionOrder", json=body, headers=basic(f"S5P\\{USER}"), timeout=10)
    assert raw.status_code == 406 and "(E7262)" in raw.headers["Warning"]
    assert all(isinstance(o["Value"], str) for o in provider.order_body(
        OrderRequest(workflow=wf_by_name(provider, NO2), name="o", inputs=[REF],
                     options={"QaThreshold": 5, "CloudCorrection": True}))["WorkflowOptions"])


def test_unknown_workflow_is_a_workflow_field_error_not_not_found(sandbox):
    provider = make(sandbox)
    wf = replace(wf_by_name(provider, NO2), id="0b0e3a1c-1111-4222-8333-944455566677")
    with pytest.raises(ValidationError) as info:
        provider.submit(OrderRequest(workflow=wf, name="w", inputs=[REF]))
    assert (info.value.code, info.value.status) == ("E7239", 404)
    assert "workflow" in info.value.field_errors and not isinstance(info.value, NotFoundError)


def test_workflow_name_mismatch_is_not_refused(sandbox):
    """The server only logs E7266 and takes the workflow its UUID names."""
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    order = provider.submit(OrderRequest(workflow=replace(wf, name="S5P-L2-OLD-NAME"), name="m", inputs=[REF]))
    assert order.raw["WorkflowName"] == NO2 and order.raw["WorkflowId"] == wf.id


def test_unknown_input_reference_is_404_and_an_inputs_error(sandbox):
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    missing = "S5P_OFFL_L1B_RA_BD4_20990101T000000_20990101T010000_99999_03_020100_20990101T020000.nc.bogus"
    raw = requests.post(f"{api(sandbox)}/ProductionOrder", headers=basic(f"S5P\\{USER}"), timeout=10,
                        json=provider.order_body(OrderRequest(workflow=wf, name="x", inputs=[missing])))
    assert raw.status_code == 404 and raw.content == b""
    assert raw.headers["Warning"].startswith("(E7208) ") and "(E7258)" in raw.headers["Warning"]
    with pytest.raises(ValidationError) as info:
        provider.submit(OrderRequest(workflow=wf, name="x", inputs=[missing]))
    assert info.value.code == "E7258" and info.value.status == 404
    assert list(info.value.field_errors) == ["inputs"] and missing in info.value.message


def test_reference_of_another_mission_is_e7268(sandbox):
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    with pytest.raises(ValidationError) as info:
        provider.submit(OrderRequest(workflow=wf, name="x", inputs=["S2B_MSIL1C_X.zip"]))
    assert (info.value.code, info.value.status) == ("E7268", 400) and "inputs" in info.value.field_errors


@pytest.mark.parametrize("prefix", ["", "199 proseo-api-odip"])
def test_documented_errors_both_warning_forms(sandbox, prefix):
    sandbox.state.config.extra["proseo_warning_prefix"] = prefix
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    body = provider.order_body(OrderRequest(workflow=wf, name="x", inputs=[REF]))
    del body["WorkflowId"]
    raw = requests.post(f"{api(sandbox)}/ProductionOrder", json=body, headers=basic(f"S5P\\{USER}"), timeout=10)
    assert raw.headers["Warning"] == (f"{prefix} " if prefix else "") + "(E7238) Workflow UUID missing"
    assert raw.status_code == 400 and raw.content == b""
    with pytest.raises(ValidationError) as info:
        provider._request("POST", "ProductionOrder", json=body, idempotent=False)
    assert (info.value.code, info.value.status) == ("E7238", 400) and "Workflow UUID missing" in info.value.message
    assert "workflow" in info.value.field_errors
    with pytest.raises(ProviderError) as info:
        provider._request("POST", "ProductionOrder", data="{not json", idempotent=False,
                          headers={"Content-Type": "application/json"})
    assert (info.value.code, info.value.status) == ("E7262", 406)
    with pytest.raises(NotFoundError) as info:
        provider.order("0b0e3a1c-1111-4222-8333-944455566677")
    assert info.value.code == "E7206" and "0b0e3a1c-1111-4222-8333-944455566677" in info.value.message
    order = provider.submit(OrderRequest(workflow=wf, name="y", inputs=[REF]))
    for method in ("DELETE", "PATCH", "PUT"):
        with pytest.raises(NotSupportedError) as info:
            provider._request(method, f"ProductionOrders({order.id})", json={})
        assert (info.value.code, info.value.status) == ("E7209", 403)
    with pytest.raises(NotFoundError) as info:  # no product before the order completes
        provider._follow(provider._product_url(order.id, value=False))
    assert info.value.code == "E7263"
    with pytest.raises(NotFoundError) as info:
        provider._get_json("Products")
    assert info.value.code == "E7201"
    with pytest.raises(ValidationError) as info:  # neither reference nor dates: the order manager refuses
        provider._request("POST", "ProductionOrder", idempotent=False,
                          json={**body, "WorkflowId": wf.id, "InputProductReference": {}})
    assert (info.value.code, info.value.status) == ("E7251", 400)


def test_order_without_code_is_a_plain_refusal():
    err = odip_error(response(404, None, warning="Order not created"))
    assert type(err) is ProviderError and "Order not created" in err.message


def test_a_wrapped_failure_is_not_not_found():
    """E7208 (MSG_EXCEPTION) around an unknown cause comes with 404 from an OdipException without status."""
    err = odip_error(response(404, None, warning="(E7208) Request failed (cause java.lang.IllegalStateException: "
                                                 "boom)"))
    assert type(err) is ProviderError and err.code == "E7208" and "boom" in err.message


def test_alternative_create_paths(sandbox):
    provider = make(sandbox)
    body = provider.order_body(OrderRequest(workflow=wf_by_name(provider, NO2), name="x", inputs=[REF]))
    for path in ("ProductionOrder", "ProductionOrder/OData.CSC.Order", "ProductionOrders/OData.CSC.ProductionOrder"):
        resp = requests.post(f"{api(sandbox)}/{path}", json=body, headers=basic(f"S5P\\{USER}"), timeout=10)
        assert resp.status_code == 201 and resp.json()["Status"] == "queued"
    assert provider.orders().total == 3


def test_cancel_not_supported(sandbox):
    provider = make(sandbox)
    assert Capability.CANCEL not in provider.capabilities
    assert {Capability.ORDER_BY_PRODUCT, Capability.ORDER_BY_TIME_RANGE} <= provider.capabilities
    order = provider.submit(OrderRequest(workflow=wf_by_name(provider, NO2), name="c", inputs=[REF]))
    posts = len(sandbox.state.requests)
    with pytest.raises(NotSupportedError):
        provider.cancel(order.id)
    assert len(sandbox.state.requests) == posts  # nothing sent


def test_find_orders_by_name_after_submit(sandbox):
    from sandbox import proseo as emu

    emu.seed_orders(sandbox.state, 30)
    provider = make(sandbox)
    wf = wf_by_name(provider, NO2)
    a = provider.submit(OrderRequest(workflow=wf, name="first", inputs=[REF], options={"QaThreshold": 10}))
    b = provider.submit(OrderRequest(workflow=wf, name="second", inputs=[REF], options={"QaThreshold": 20}))
    assert [o.id for o in provider.find_orders_by_name("first")] == [a.id]
    assert [o.id for o in provider.find_orders_by_name("second")] == [b.id]
    assert provider.find_orders_by_name("never-sent") == []


def test_refresh_orders_in_batches(sandbox):
    from sandbox import proseo as emu

    ids = emu.seed_orders(sandbox.state, 45)
    provider = make(sandbox)
    stale = [o for o in provider.all_orders(page_size=100)]
    before = len(sandbox.state.requests)
    fresh = provider.refresh_orders(list(reversed(stale)))
    assert [o.id for o in fresh] == list(reversed([o.id for o in stale]))
    assert set(ids) == {o.id for o in fresh}
    assert len(sandbox.state.requests) - before == 3  # 45 orders in batches of 20


def test_failed_order_and_state_machine(sandbox):
    provider = make(sandbox)
    order = provider.submit(OrderRequest(workflow=wf_by_name(provider, NO2), name="f",
                                         inputs=["S5P_OFFL_L1B_FAILME.nc"]))
    sandbox.state.clock.advance(sandbox.state.config.queued_seconds + 0.5)
    assert provider.order(order.id).status == OrderStatus.IN_PROGRESS
    sandbox.state.clock.advance(sandbox.state.config.processing_seconds)
    done = provider.order(order.id)
    assert done.status == OrderStatus.FAILED and done.message
    assert provider.results(done) == []


# ------------------------------------------------------------------------------------------ full flow
@pytest.mark.parametrize("mode", ["basic", "token"])
def test_full_flow_to_a_geotiff(sandbox, tmp_path, mode):
    from osgeo import gdal

    provider = make(sandbox, mode=mode)
    wf = wf_by_name(provider, "S5P-L2-AER-RGB")
    order = provider.submit(OrderRequest(workflow=wf, name=f"flow-{mode}", inputs=[REF],
                                         options={"ImageFormat": "GEOTIFF"}, priority=10))
    assert order.status == OrderStatus.QUEUED
    assert provider.results(order) == []
    requests.post(f"{sandbox.base_url}/_sandbox/advance", json={"seconds": 60}, timeout=10)
    done = provider.order(order.id)
    assert done.status == OrderStatus.COMPLETED and done.size and done.completed_at
    [asset] = provider.results(done)
    assert asset.file_name.endswith(".tif") and asset.size == done.size
    assert asset.checksum_algorithm == "MD5" and asset.role == "raster"
    # the PRIP refuses anonymous and bearer access: the provider must have sent Basic after the 307
    prip_url = f"{sandbox.connection_urls('proseo')['prip']}/Products({asset.href.split('(')[1].split(')')[0]})"
    assert requests.get(prip_url, timeout=10).status_code == 401
    with provider.open_asset(asset) as resp:
        assert resp.status_code == 200
        data = resp.content
    assert len(data) == asset.size
    assert any(p.startswith("/proseo/prip/odata/v1/Products(") and p.endswith("/$value")
               for _, p in sandbox.state.requests)
    with provider.open_asset(asset, offset=1000) as resp:
        assert resp.status_code == 206
        assert resp.headers["Content-Range"].startswith(f"bytes 1000-{asset.size - 1}/")
        tail = resp.content
    assert tail == data[1000:]
    # the shared download path resumes a partial file through open_asset (Range) and verifies the PRIP's MD5
    from eo_orders.providers.download import download_asset

    (tmp_path / (asset.file_name + ".part")).write_bytes(data[:1000])
    path = download_asset(lambda offset: provider.open_asset(asset, offset), tmp_path, asset.file_name,
                          expected_size=asset.size, checksum=asset.checksum,
                          checksum_algorithm=asset.checksum_algorithm)
    assert path.read_bytes() == data
    ds = gdal.Open(str(path))
    assert ds is not None and ds.RasterCount == 3
    assert ds.GetRasterBand(1).Checksum() >= 0
    ds = None
