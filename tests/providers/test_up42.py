# SPDX-License-Identifier: GPL-2.0-or-later
"""UP42 provider against the strict sandbox emulator over real HTTP (no mocked requests)."""

from __future__ import annotations

import time

import pytest
from osgeo import gdal

from eo_orders.providers.base import (
    AuthError,
    ConnectionConfig,
    NotFoundError,
    NotSupportedError,
    OrderQuery,
    OrderStatus,
    ProviderError,
    ValidationError,
)
from eo_orders.providers.http import Transport, TransportSettings
from eo_orders.providers.up42 import Up42Provider, error_message, form_schema, parse_order, up42_error

USER, PASSWORD = "demo@example.com", "demo-Pa55 &=%é word"
ROME = {"type": "Polygon", "coordinates": [[[12.40, 41.85], [12.50, 41.85], [12.50, 41.93], [12.40, 41.93],
                                            [12.40, 41.85]]]}
TASKING_OPTIONS = {
    "acquisitionStart": "2026-12-01T00:00:00Z", "acquisitionEnd": "2026-12-31T00:00:00Z",
    "acquisitionMode": "mono", "cloudCoverage": 10, "incidenceAngle": 20, "geometricProcessing": "ortho",
    "radiometricProcessing": "reflectance", "spectralProcessing": "bundle", "pixelCoding": "12bits",
    "deliveredAs": "geotiff", "projection": "4326", "extraDescription": "Rome, Colosseum area",
}


def make_provider(sandbox, password: str = PASSWORD, **options) -> Up42Provider:
    conn = ConnectionConfig(id="c1", name="UP42 sandbox", kind="up42", urls=sandbox.connection_urls("up42"),
                            username=USER, secret=password, options=options)
    return Up42Provider(conn, Transport(TransportSettings(retries=0)))


def tasking_workflow(provider: Up42Provider):
    return next(w for w in provider.workflows() if w.kind == "tasking" and w.title.startswith("Pléiades –"))


def request_for(provider, wf, name="rome-tasking", **changes):
    from eo_orders.providers.base import OrderRequest

    options = {**TASKING_OPTIONS, **changes.pop("options", {})} if wf.kind == "tasking" else changes.pop("options")
    return OrderRequest(workflow=wf, name=name, aoi=changes.pop("aoi", ROME), options=options, **changes)


def api_calls(sandbox, prefix="/up42/v2/orders"):
    return [r for r in sandbox.state.requests if r[1].startswith(prefix)]


def circle(n: int) -> dict:
    import math

    ring = [[12.5 + 0.05 * math.cos(2 * math.pi * i / n), 41.9 + 0.05 * math.sin(2 * math.pi * i / n)]
            for i in range(n)]
    return {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}


# ----------------------------------------------------------------------------------------- workflows

def test_workflows_list_every_collection_page_with_usable_schemas(sandbox):
    p = make_provider(sandbox)
    flows = p.workflows()
    assert {w.kind for w in flows} == {"tasking", "archive"}
    assert len(flows) == 3  # three collection pages followed
    wf = next(w for w in flows if w.title == "Pléiades – Display tasking")
    assert wf.name == wf.id == "bd102407-1814-4f92-8b5a-7697b7a73f5a"
    schema = wf.options_schema
    # AOI and order name are filled by the plugin, not by the form
    assert "geometry" not in schema["properties"] and "displayName" not in schema["properties"]
    assert "geometry" not in schema["required"] and "acquisitionMode" in schema["required"]
    assert schema["definitions"]["acquisitionMode"]["anyOf"][0] == {"const": "mono", "title": "MONO"}
    # the real Pléiades bounds (schema_pleiades_tasking.json), not the seed document's 0–100 / 0–90
    bounds = {k: (v.get("minimum"), v.get("maximum")) for k, v in schema["properties"].items()}
    assert (bounds["cloudCoverage"], bounds["incidenceAngle"]) == ((5, 20), (5, 50))
    assert {"minBH", "maxBH"} <= set(schema["properties"])
    assert [e["const"] for e in schema["definitions"]["geometricProcessing"]["anyOf"]] == ["ortho"]
    assert schema["properties"]["acquisitionStart"]["format"] == "date-time"
    assert wf.raw["schema"]["properties"]["geometry"]  # raw schema kept
    assert len(api_calls(sandbox, "/up42/orders/schema/")) == 3


def test_form_schema_normalises_real_schemas(shared_fixture):
    import jsonschema

    phr = form_schema(shared_fixture("up42/schema_pleiades_tasking.json"))
    jsonschema.Draft7Validator.check_schema(phr)
    assert "geometry" not in phr["properties"] and "default" not in phr["definitions"]["acquisitionMode"]
    from eo_orders.providers.schema import validate_options

    good = {**TASKING_OPTIONS, "cloudCoverage": 10}
    good.pop("extraDescription")
    validate_options(phr, good)  # the real Pléiades schema accepts a sensible order...
    with pytest.raises(ValidationError) as exc:  # ...and its own bounds/enums refuse a bad one
        validate_options(phr, {**good, "cloudCoverage": 30, "pixelCoding": "8bits", "geometry": ROME})
    assert set(exc.value.field_errors) == {"cloudCoverage", "pixelCoding", ""}
    assert "'geometry' was unexpected" in exc.value.field_errors[""][0]  # the AOI never goes through the form
    legacy = form_schema(shared_fixture("up42/schema_tasking_legacy.json"))
    assert legacy["properties"]["acquisitionMode"]["allOf"][0]["$ref"] == "#/definitions/acquisitionMode"
    assert legacy["definitions"]["acquisitionMode"]["anyOf"][0] == {"const": "spotlight", "title": "Spotlight"}

    validate_options(legacy, {"id": "x", "acquisitionMode": "stripmap"})
    with pytest.raises(ValidationError):
        validate_options(legacy, {"id": "x", "acquisitionMode": "nope"})


def test_parse_real_orders_and_errors(shared_fixture):
    o = parse_order(shared_fixture("up42/order_v2.json"))
    assert (o.status, o.raw_status, o.sub_status, o.kind) == (OrderStatus.QUEUED, "PLACED",
                                                              "FEASIBILITY_WAITING_UPLOAD", "tasking")
    v1 = parse_order(shared_fixture("up42/order_tasking_v1_wrapped.json"))
    assert v1.status is OrderStatus.IN_PROGRESS and v1.raw_status == "BEING_FULFILLED"
    assert error_message(shared_fixture("up42/error_quotation_write_protected_405.json"))[0] == \
        "Resource (Quotation) is write-protected."
    assert error_message({"code": "E1", "message": "Bad AOI", "details": ["too big"]}) == ("Bad AOI: too big", "E1")
    assert error_message({"data": None, "error": {"code": 422, "message": "Invalid", "details": None}}) == \
        ("Invalid", "422")


# --------------------------------------------------------------------------------- validation, estimate

def test_invalid_options_refused_before_any_request(sandbox):
    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    before = len(sandbox.state.requests)
    with pytest.raises(ValidationError) as exc:
        p.quote(request_for(p, wf, options={"cloudCoverage": 150, "acquisitionMode": "quadstereo"}))
    assert set(exc.value.field_errors) >= {"cloudCoverage", "acquisitionMode"}
    with pytest.raises(ValidationError) as exc:
        p.submit(request_for(p, wf, options={"acquisitionStart": "next tuesday"}))
    assert "acquisitionStart" in exc.value.field_errors
    assert len(sandbox.state.requests) == before


def test_too_many_vertices_refused_up_front_with_simplify_hint(sandbox):
    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    before = len(sandbox.state.requests)
    with pytest.raises(ValidationError) as exc:
        p.submit(request_for(p, wf, aoi=circle(1000)))
    assert "1000 vertices" in exc.value.message and "Simplify" in exc.value.message
    assert len(sandbox.state.requests) == before
    p.validate(request_for(p, wf, aoi=circle(999)))  # the limit itself is fine
    two = {"type": "MultiPolygon", "coordinates": [ROME["coordinates"], circle(8)["coordinates"]]}
    with pytest.raises(ValidationError, match="exactly one polygon"):
        p.validate(request_for(p, wf, aoi=two))


def test_server_refuses_what_client_checks_skip(sandbox):
    """The emulator is strict by itself: a raw order with a 1000-vertex ring or bad enum gets errors[]."""
    import requests

    p = make_provider(sandbox)
    headers = {"Authorization": f"Bearer {p.auth.token(p.transport)}"}
    body = {"dataProduct": tasking_workflow(p).id, "displayName": "x",
            "params": {**TASKING_OPTIONS, "displayName": "x", "acquisitionMode": "quad"},
            "featureCollection": {"type": "FeatureCollection",
                                  "features": [{"type": "Feature", "geometry": circle(1000), "properties": {}}]}}
    r = requests.post(f"{sandbox.base_url}/up42/v2/orders", params={"workspaceId": p.workspace_id()}, json=body,
                      headers=headers, timeout=10)
    assert r.status_code == 200 and r.json()["results"] == []
    details = " ".join(r.json()["errors"][0]["details"])
    assert "acquisitionMode" in details and "1000 vertices" in details
    r = requests.post(f"{sandbox.base_url}/up42/v2/orders", json=body, headers=headers, timeout=10)
    assert r.status_code == 400 and r.json()["status"] == 400  # workspaceId is required


def test_estimate_shown_as_credits(sandbox):
    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    q = p.quote(request_for(p, wf))
    assert q.unit == "credits" and q.authorized
    # ~8.3 km x 8.9 km = ~74 km2 at 25 credits/km2
    assert 1700 < q.total < 2000
    assert q.lines and q.lines[0].unit == "credits" and q.lines[0].amount == q.total
    assert "quotation" in q.reason
    assert api_calls(sandbox) == [("POST", "/up42/v2/orders/estimate")]


def test_time_range_fills_the_acquisition_window(sandbox):
    from datetime import datetime

    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    opts = {k: v for k, v in TASKING_OPTIONS.items() if not k.startswith("acquisition")}
    opts["acquisitionMode"] = "stereo"
    req = request_for(p, wf, start=datetime(2027, 1, 1), end=datetime(2027, 2, 1))
    req.options = opts
    body = p.order_body(req)
    assert body["params"]["acquisitionStart"] == "2027-01-01T00:00:00Z"
    assert body["featureCollection"]["features"][0]["geometry"] == ROME and "geometry" not in body["params"]
    assert p.quote(req).authorized


def test_estimate_errors_mean_not_authorized(sandbox):
    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    # passes the client schema, fails the server's rule that the window must not be reversed
    q = p.quote(request_for(p, wf, options={"acquisitionStart": "2026-12-31T00:00:00Z",
                                             "acquisitionEnd": "2026-12-01T00:00:00Z"}))
    assert not q.authorized and "acquisitionEnd" in q.reason
    before = len(api_calls(sandbox))
    with pytest.raises(ValidationError, match="UP42 refused the order.*acquisitionEnd"):
        p.submit(request_for(p, wf, options={"acquisitionStart": "2026-12-31T00:00:00Z",
                                              "acquisitionEnd": "2026-12-01T00:00:00Z"}))
    assert len(api_calls(sandbox)) == before + 1  # sent once (errors[] in a 200 reply), never repeated
    assert p.orders().items == []


# ------------------------------------------------------------------------------------------ auth/errors

def test_token_renewed_30s_before_expiry_and_workspace_from_userinfo(sandbox, monkeypatch):
    import eo_orders.providers.http as http

    offset = [0.0]
    real = time.monotonic
    monkeypatch.setattr(http.time, "monotonic", lambda: real() + offset[0])  # client-side clock only
    p = make_provider(sandbox)
    assert p.workspace_id()  # sub of userinfo
    p.workflows()
    assert p.auth.logins == 1
    offset[0] = 300 - 31  # 31 s left of the documented 300 s lifetime: still used
    p.orders()
    assert p.auth.logins == 1
    offset[0] = 300 - 29  # inside the 30 s margin: renewed before it expires, with no 401 on the way
    p.orders()
    assert p.auth.logins == 2
    assert sandbox.state.requests.count(("GET", "/up42/v2/orders")) == 2  # no call was refused and repeated


def test_revoked_token_triggers_one_new_login(sandbox):
    p = make_provider(sandbox)
    p.orders()
    sandbox.state.tokens.revoke(p.auth.token(p.transport))  # server forgets it: the next call gets 401
    assert p.orders().items == []
    assert p.auth.logins == 2


def test_bad_password_and_missing_token_errors(sandbox):
    import requests

    p = make_provider(sandbox, password="wrong")
    with pytest.raises(AuthError, match="Login refused"):
        p.workflows()
    r = requests.get(f"{sandbox.base_url}/up42/v2/orders", timeout=10)
    assert r.status_code == 401 and r.json()["status"] == 401 and r.json()["title"]
    err = up42_error(r)
    assert isinstance(err, AuthError) and "UP42" in err.message


def test_unknown_order_and_decided_quotation_errors(sandbox):
    p = make_provider(sandbox)
    with pytest.raises(NotFoundError, match="Resource does not exist"):
        p.order("00000000-0000-0000-0000-000000000000")
    with pytest.raises(NotFoundError):
        p.decide_quotation("00000000-0000-0000-0000-000000000000", True)


# ----------------------------------------------------------------------------------- orders, cancel

def test_cancel_allowed_only_while_created(sandbox):
    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    order = p.submit(request_for(p, wf, name="cancel-me"))
    assert order.raw_status == "CREATED" and order.status is OrderStatus.QUEUED
    cancelled = p.cancel(order.id)
    assert cancelled.status is OrderStatus.CANCELLED and cancelled.raw_status == "CANCELED"
    later = p.submit(request_for(p, wf, name="too-late"))
    sandbox.state.clock.advance(sandbox.state.config.queued_seconds + 0.1)
    with pytest.raises(NotSupportedError, match="CREATED or PLACEMENT_FAILED"):
        p.cancel(later.id)
    assert ("POST", f"/up42/v2/orders/{later.id}/cancellation") not in sandbox.state.requests


def test_find_orders_by_name_uses_server_filter(sandbox):
    p = make_provider(sandbox)
    wf = tasking_workflow(p)
    for name in ("a-1", "b-2", "a-1"):
        p.submit(request_for(p, wf, name=name))
    found = p.find_orders_by_name("a-1")
    assert len(found) == 2 and {o.name for o in found} == {"a-1"}
    listing = [r for r in sandbox.state.requests if r == ("GET", "/up42/v2/orders")]
    assert len(listing) == 1
    page = p.orders()
    assert page.total == 3 and [o.name for o in page.items] == ["a-1", "b-2", "a-1"][::-1]
    p.cancel(page.items[0].id)
    assert [o.name for o in p.orders(OrderQuery(status=OrderStatus.CANCELLED)).items] == ["a-1"]
    assert len(p.orders(OrderQuery(status=OrderStatus.QUEUED)).items) == 2


def test_reject_quotation_cancels_order(sandbox):
    p = make_provider(sandbox)
    order = p.submit(request_for(p, tasking_workflow(p), name="reject-me"))
    sandbox.state.clock.advance(3 * sandbox.state.config.queued_seconds + 0.1)
    o = p.order(order.id)
    assert o.sub_status == "QUOTATION_WAITING_RESPONSE" and o.status is OrderStatus.QUEUED
    (quotation,) = p.quotations(order.id)
    assert quotation["decision"] == "NOT_DECIDED" and quotation["creditsPrice"] > 0
    assert p.decide_quotation(quotation["id"], False)["decision"] == "REJECTED"
    o = p.order(order.id)
    assert (o.status, o.sub_status) == (OrderStatus.CANCELLED, "QUOTATION_REJECTED")
    with pytest.raises(ProviderError, match="write-protected") as exc:
        p.decide_quotation(quotation["id"], True)
    assert exc.value.status == 405


def test_manual_feasibility_option_chosen(sandbox):
    sandbox.state.config.extra["up42_manual_feasibility"] = True
    p = make_provider(sandbox)
    order = p.submit(request_for(p, tasking_workflow(p), name="feasible"))
    sandbox.state.clock.advance(2 * sandbox.state.config.queued_seconds + 0.1)
    assert p.order(order.id).sub_status == "FEASIBILITY_WAITING_RESPONSE"
    (study,) = p.feasibility(order.id)
    assert study["decision"] == "NOT_DECIDED" and len(study["options"]) == 2
    with pytest.raises(ValidationError):
        p.choose_feasibility(study["id"], "not-an-option")
    chosen = p.choose_feasibility(study["id"], study["options"][1]["id"])
    assert chosen["decisionOption"]["id"] == study["options"][1]["id"]
    sandbox.state.clock.advance(sandbox.state.config.queued_seconds + 0.1)
    assert p.order(order.id).sub_status == "QUOTATION_WAITING_RESPONSE"


# ------------------------------------------------------------------------------------------ full flows

def _centre_lonlat(ds) -> tuple[float, float]:
    from osgeo import osr

    gt = ds.GetGeoTransform()
    x = gt[0] + gt[1] * ds.RasterXSize / 2 + gt[2] * ds.RasterYSize / 2
    y = gt[3] + gt[4] * ds.RasterXSize / 2 + gt[5] * ds.RasterYSize / 2
    src = osr.SpatialReference(wkt=ds.GetProjection())
    dst = osr.SpatialReference()
    dst.ImportFromEPSG(4326)
    for s in (src, dst):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    lon, lat, _ = osr.CoordinateTransformation(src, dst).TransformPoint(x, y)
    return lon, lat


def _download(p, asset, path):
    """Read the asset in two parts: the first 1000 bytes, then the rest with Range (resume)."""
    with p.open_asset(asset) as r:
        assert r.status_code == 200
        head = r.raw.read(1000)
    with p.open_asset(asset, offset=len(head)) as r:
        assert r.status_code == 206 and r.headers["Content-Range"].startswith(f"bytes {len(head)}-")
        tail = r.content
    path.write_bytes(head + tail)
    assert path.stat().st_size == asset.size


def test_full_tasking_flow_quotation_accepted_to_geotiffs(sandbox, tmp_path):
    p = make_provider(sandbox)
    flows = p.workflows()
    wf = next(w for w in flows if w.title == "Pléiades – Display tasking")
    req = request_for(p, wf, name="rome-tasking-flow", options={"cloudCoverage": "15"})  # numeric string accepted
    quote = p.quote(req)
    assert quote.total and quote.unit == "credits"
    order = p.submit(req)
    assert order.name == "rome-tasking-flow" and order.status is OrderStatus.QUEUED
    q = sandbox.state.config.queued_seconds
    sandbox.state.clock.advance(q + 0.1)
    assert p.order(order.id).sub_status == "FEASIBILITY_WAITING_UPLOAD"
    sandbox.state.clock.advance(2 * q)
    assert p.order(order.id).sub_status == "QUOTATION_WAITING_RESPONSE"
    assert p.results(p.order(order.id)) == []
    (quotation,) = p.quotations(order.id)
    assert quotation["creditsPrice"] == quote.total
    p.decide_quotation(quotation["id"], True)
    sandbox.state.clock.advance(q + 0.1)
    assert p.order(order.id).status is OrderStatus.IN_PROGRESS
    sandbox.state.clock.advance(sandbox.state.config.processing_seconds)
    done = p.order(order.id)
    assert done.status is OrderStatus.COMPLETED and done.raw_status == "FULFILLED" and done.completed_at
    assets = p.results(done)
    assert [a.role for a in assets] == ["raster", "raster"] and all(a.size for a in assets)
    bands = {}
    for a in assets:
        path = tmp_path / a.file_name
        _download(p, a, path)
        ds = gdal.Open(str(path))
        assert ds is not None
        bands[a.file_name.rsplit("_", 1)[-1]] = ds.RasterCount
        lon, lat = _centre_lonlat(ds)
        assert 12.40 < lon < 12.50 and 41.85 < lat < 41.93  # the delivered image covers the AOI
        del ds
    assert bands == {"ms.tif": 4, "pan.tif": 1}


def test_full_archive_flow_speaks_v2_only(sandbox, tmp_path):
    """An archive order through to a delivered COG, on today's /v2 paths only (no legacy placement)."""
    p = make_provider(sandbox, api_version="legacy")  # an old saved option is ignored: there is no legacy API
    wf = next(w for w in p.workflows() if w.kind == "archive")
    assert set(wf.options_schema["required"]) == {"id"}
    req = request_for(p, wf, name="rome-archive", options={"id": "DS_PHR1A_202406101003_FR1_PX_E012N41"})
    assert p.quote(req).total == pytest.approx(8 * 74, rel=0.1)
    order = p.submit(req)
    assert ("POST", "/up42/v2/orders") in sandbox.state.requests
    assert not [r for r in sandbox.state.requests if r[1].startswith("/up42/workspaces/")]
    assert order.kind == "archive" and order.status is OrderStatus.QUEUED
    sandbox.state.clock.advance(sandbox.state.config.queued_seconds + sandbox.state.config.processing_seconds + 1)
    done = p.order(order.id)
    assert done.status is OrderStatus.COMPLETED
    (asset,) = p.results(done)
    path = tmp_path / asset.file_name
    _download(p, asset, path)
    ds = gdal.Open(str(path))
    assert ds is not None and ds.RasterCount == 3


def test_order_actions_accept_quotation_with_its_price(sandbox):
    p = make_provider(sandbox)
    order = p.submit(request_for(p, tasking_workflow(p), name="actions"))
    assert p.order_actions(p.order(order.id)) == []  # nothing to decide yet
    sandbox.state.clock.advance(3 * sandbox.state.config.queued_seconds + 0.1)
    o = p.order(order.id)
    actions = p.order_actions(o)
    (quotation,) = p.quotations(order.id)
    price = f"{quotation['creditsPrice']:,.0f}"  # the sandbox quotes whole credits: "2,968"
    assert [a.label for a in actions] == [f"Accept quotation ({price} credits)", "Reject quotation"]
    assert f"{price} credits will be charged" in actions[0].confirm
    assert actions[0].cost == f"{price} credits" and actions[1].cost == ""  # kept with the order once accepted
    o = p.run_order_action(o, actions[0].id)
    assert o.sub_status == "QUOTATION_ACCEPTED" or o.status is OrderStatus.IN_PROGRESS
    assert p.order_actions(o) == []


def test_order_actions_choose_feasibility_option(sandbox):
    sandbox.state.config.extra["up42_manual_feasibility"] = True
    p = make_provider(sandbox)
    order = p.submit(request_for(p, tasking_workflow(p), name="feasible-actions"))
    sandbox.state.clock.advance(2 * sandbox.state.config.queued_seconds + 0.1)
    actions = p.order_actions(p.order(order.id))
    assert len(actions) == 2 and actions[1].label.startswith("Choose: Option 2")
    p.run_order_action(p.order(order.id), actions[1].id)
    (study,) = p.feasibility(order.id)
    assert study["decisionOption"]["id"] == actions[1].id.rsplit(":", 1)[1]
