# SPDX-License-Identifier: GPL-2.0-or-later
"""The OData $filter parser is strict like the real servers, and evaluates what clients really send."""

from __future__ import annotations

import datetime as dt
from urllib.parse import parse_qsl, urlsplit

import pytest
from werkzeug.datastructures import MultiDict

from sandbox.odata import (
    MISSING,
    BoolOp,
    Compare,
    Intersects,
    Lambda,
    Literal,
    ODataError,
    ODataTypeError,
    Path,
    apply_query,
    evaluate,
    next_link,
    parse_filter,
)


def attr(name, value, kind="String"):
    return {"@odata.type": f"#OData.CSC.{kind}Attribute", "Name": name, "Value": value, "ValueType": kind}


S2 = {
    "Id": "0f1c2d3e-0000-4000-8000-000000000001",
    "Name": "S2B_MSIL2A_20261014T095029_N0511_R079_T33TTG_20261014T115040.SAFE",
    "Online": True,
    "ContentLength": 1200,
    "Collection": {"Name": "SENTINEL-2"},
    "ContentDate": {"Start": "2026-10-14T09:50:29.024Z", "End": "2026-10-14T09:50:29.024Z"},
    "PublicationDate": "2026-10-14T12:00:00.000000Z",
    "GeoFootprint": {"type": "Polygon", "coordinates": [[[12.0, 41.5], [13.3, 41.5], [13.3, 42.5], [12.0, 42.5],
                                                         [12.0, 41.5]]]},
    "Attributes": [attr("productType", "S2MSI2A"), attr("cloudCover", 12.5, "Double"),
                   attr("relativeOrbitNumber", 79, "Integer"), attr("spatialResolution", "2.3", "Integer")],
    "Status": "completed",
}
S1 = {
    "Id": "0f1c2d3e-0000-4000-8000-000000000002",
    "Name": "S1A_IW_GRDH_1SDV_20261012T050321_20261012T050346_066123_07ABCD_1A2B.SAFE",
    "Online": False,
    "ContentLength": 900,
    "Collection": {"Name": "SENTINEL-1"},
    "ContentDate": {"Start": "2026-10-12T05:03:21.000Z", "End": "2026-10-12T05:03:46.000Z"},
    "PublicationDate": "2026-10-12T08:00:00.000Z",
    "Footprint": "geography'SRID=4326;POLYGON ((20 45, 21 45, 21 46, 20 46, 20 45))'",
    "Attributes": [attr("productType", "IW_GRDH_1S"), attr("orbitDirection", "DESCENDING")],
    "Status": "failed",
}


def match(text, entity=S2, resolver=None):
    return evaluate(parse_filter(text), entity, resolver)


# --------------------------------------------------------------------------- literal filters from the docs

DOC_FILTERS = [
    "Collection/Name eq 'SENTINEL-2'",
    "ContentDate/Start gt 2022-05-03T00:00:00.000Z and ContentDate/Start lt 2022-05-21T00:00:00.000Z",
    "ContentDate/Start lt 2026-11-01T00:00:00.000Z and ContentDate/End gt 2026-10-01T00:00:00.000Z",
    "ContentDate/Start gt 2024-09-01",
    "ContentDate/Start gt 2022-05-03T00:00:00-04:00",
    "ContentDate/Start gt 2022-05-03T00:00:00.000000Z",
    "Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and "
    "att/OData.CSC.DoubleAttribute/Value le 20.00)",
    "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and "
    "att/OData.CSC.StringAttribute/Value eq 'S2MSI2A')",
    "Attributes/any(i0:i0/Name eq 'productType' and i0/Value eq 'RAW')",
    "Online eq true",
    "Name eq 'S1A_IW_GRDH_1SDV_20141031T161924_20141031T161949_003076_003856_634E.SAFE'",
    "contains(Name,'S1A') and startswith(Name,'S1') and endswith(Name,'.SAFE')",
    "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((12.655118166047592 47.44667197521409,"
    "21.39065656328509 48.347694733853245,28.334291357162826 41.877123516783655,"
    "17.47086198383573 40.35854475076158,12.655118166047592 47.44667197521409))')",
    "OData.CSC.Intersects(Footprint=geography'SRID=4326;POLYGON ((12.4 41.8, 12.6 41.8, 12.6 42, 12.4 41.8))')",
    "OData.CSC.Intersects(area=geography'SRID=4326;POINT(12.5 41.9)')",
    "OData.CSC.Intersects(area=geography'SRID=4326;MULTIPOLYGON(((12.4 41.8,12.6 41.8,12.6 42,12.4 41.8)),"
    "((0 0,1 0,1 1,0 0)))')",
    "Name eq 'coh'",
    "contains(InputProductType,'SLC')",
    "WorkflowName eq 'coh' and Status eq 'completed'",
    "Status eq OData.CSC.JobStatus'completed'",
    "not (Online eq false) or (Collection/Name ne 'SENTINEL-1')",
    "Id eq 0f1c2d3e-0000-4000-8000-000000000001",
    "ContentLength ge 0 and ContentLength lt 5000000000 and ContentLength ne null",
    "Attributes/OData.CSC.IntegerAttribute/any(att:att/Name eq 'relativeOrbitNumber' and "
    "att/OData.CSC.IntegerAttribute/Value eq 79)",
]


@pytest.mark.parametrize("text", DOC_FILTERS)
def test_documented_filters_parse(text):
    node = parse_filter(text)
    evaluate(node, S2)
    evaluate(node, S1)


def test_real_next_link_filter_parses_and_evaluates(shared_fixture):
    reply = shared_fixture("cdse_odp/catalogue_products_response.json")
    query = dict(parse_qsl(urlsplit(reply["@odata.nextLink"]).query))
    node = parse_filter(query["$filter"])
    product = reply["value"][0]
    # the fixture's product is a CARD-BS product of 2024-02-06 in the reply to exactly this filter
    product = {**product, "Collection": {"Name": "SENTINEL-1"},
               "Attributes": [*product["Attributes"], attr("productType", "CARD-BS")]}
    assert evaluate(node, product)
    assert not evaluate(node, {**product, "Online": False})
    assert not evaluate(node, {**product, "ContentDate": {"Start": "2024-02-08T00:00:00.000Z"}})


# ------------------------------------------------------------------------------------------ tree shapes

def test_tree_shape_and_precedence():
    node = parse_filter("a eq 1 or b eq 2 and not c eq 3")
    assert isinstance(node, BoolOp) and node.op == "or"
    assert isinstance(node.items[1], BoolOp) and node.items[1].op == "and"
    cmp = parse_filter("Collection/Name eq 'it''s'")
    assert cmp == Compare("eq", Path(("Collection", "Name")), Literal("it's", "str"))
    lam = parse_filter("Attributes/any(i0:i0/Name eq 'x')")
    assert isinstance(lam, Lambda) and lam.var == "i0" and lam.path.segments == ("Attributes",)
    assert lam.body.left == Path(("Name",), "i0")
    inter = parse_filter("OData.CSC.Intersects(Footprint=geography'SRID=4326;POINT(1 2)')")
    assert isinstance(inter, Intersects) and inter.param == "Footprint"
    when = parse_filter("x gt 2022-05-03T01:02:03.123456+02:00").right
    assert when.kind == "dt" and when.value == dt.datetime(2022, 5, 2, 23, 2, 3, 123456, dt.timezone.utc)
    assert parse_filter("x eq 2024-09-01").right.kind == "date"
    assert parse_filter("x eq -1.5e2").right.value == -150.0


# ----------------------------------------------------------------------------------------- strictness

BAD = [
    "", "Name eq", "Name eq 'unterminated", "Name == 'x'", "Name eq x y", "(Name eq 'x'", "Name eq 'x')",
    "Name eq 'x' and", "foo(Name,'x')", "contains(Name)", "contains(Name,5)", "Name EQ 'x'",
    "ContentDate/Start gt 2022-05-03T00:00:00 00:00",  # '+' decoded to a space, as the doc warns
    "ContentDate/Start gt 2022-13-03T00:00:00Z", "'a' eq 'b'",
    "OData.CSC.Intersects(geom=geography'SRID=4326;POINT(1 2)')",
    "OData.CSC.Intersects(area=geography'SRID=3857;POINT(1 2)')",
    "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((1 1, 2 1, 2 2, 1 2))')",  # not closed
    "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((0 0, 2 2, 2 0, 0 2, 0 0))')",  # bow tie
    "OData.CSC.Intersects(area=geography'SRID=4326;LINESTRING(0 0, 1 1)')",
    "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((garbage))')",
    "OData.CSC.Intersects(area='SRID=4326;POINT(1 2)')",
    "Attributes/any(i0:i0/Name eq 'x'", "Attributes/any(i0 i0/Name eq 'x')", "OData.CSC.Thing eq 1",
    "Name eq 'x' # comment", "5", "'text'", "Name/", "Status eq OData.CSC.JobStatus",
]


@pytest.mark.parametrize("text", BAD)
def test_bad_filters_are_rejected(text):
    with pytest.raises(ODataError) as err:
        parse_filter(text)
    assert err.value.status == 400 and err.value.message


# ------------------------------------------------------------------------------------------ evaluation

@pytest.mark.parametrize(("text", "s2", "s1"), [
    ("Collection/Name eq 'SENTINEL-2'", True, False),
    ("Collection/Name ne 'SENTINEL-2'", False, True),
    ("ContentDate/Start gt 2026-10-13T00:00:00.000Z", True, False),
    ("ContentDate/Start ge 2026-10-12T05:03:21.000000Z", True, True),
    ("ContentDate/Start gt 2026-10-12T06:00:00+02:00", True, True),
    ("ContentDate/Start lt 2026-10-14", False, True),
    ("2026-10-13T00:00:00Z lt ContentDate/Start", True, False),
    ("Online eq true", True, False),
    ("Online", True, False),
    ("not Online", False, True),
    ("ContentLength gt 1000", True, False),
    ("Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and "
     "att/OData.CSC.DoubleAttribute/Value le 20.00)", True, False),
    ("Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and "
     "att/OData.CSC.DoubleAttribute/Value lt 10)", False, False),
    # a StringAttribute cast does not see the DoubleAttribute cloudCover
    ("Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'cloudCover')", False, False),
    ("Attributes/any(i0:i0/Name eq 'productType' and i0/Value eq 'IW_GRDH_1S')", False, True),
    ("Attributes/any(a:a/Name eq 'spatialResolution' and a/Value gt 2)", True, False),
    ("Attributes/all(a:a/Name ne 'orbitDirection')", True, False),
    ("Attributes/any()", True, True),
    ("contains(Name,'MSIL2A')", True, False),
    ("startswith(Name,'S1A_')", False, True),
    ("endswith(Name,'.SAFE')", True, True),
    ("Id eq 0F1C2D3E-0000-4000-8000-000000000002", False, True),
    ("Id eq '0f1c2d3e-0000-4000-8000-000000000001'", True, False),
    ("Status eq OData.CSC.JobStatus'completed'", True, False),
    ("Status eq 'failed' or ContentLength eq 1200", True, True),
    ("Missing eq null", True, True),
    ("Missing ne null", False, False),
    ("Missing gt 3", False, False),
    ("(Online eq true or Online eq false) and not (Collection/Name eq 'SENTINEL-1')", True, False),
    # S2 covers Rome; S1 lies in Hungary and comes as a geography string
    ("OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((12.35 41.8,12.65 41.8,12.65 42,12.35 42,12.35 41.8))')",
     True, False),
    ("OData.CSC.Intersects(area=geography'SRID=4326;POINT(20.5 45.5)')", False, True),
    ("OData.CSC.Intersects(Footprint=geography'SRID=4326;MULTIPOLYGON(((0 0,1 0,1 1,0 0)),"
     "((20.1 45.1,20.2 45.1,20.2 45.2,20.1 45.1))))')", False, True),
])
def test_evaluate(text, s2, s1):
    assert match(text, S2) is s2
    assert match(text, S1) is s1


def test_resolver_can_supply_footprint_and_fields():
    node = parse_filter("OData.CSC.Intersects(area=geography'SRID=4326;POINT(100 10)') and Virtual eq 3")

    def resolver(segments, entity):
        if segments == ("Footprint",):
            return "POLYGON((99 9, 101 9, 101 11, 99 11, 99 9))"
        if segments == ("Virtual",):
            return 3
        return MISSING

    assert evaluate(node, S2, resolver)
    assert not evaluate(node, S2)
    assert not evaluate(parse_filter("OData.CSC.Intersects(area=geography'SRID=4326;POINT(1 1)')"),
                        {"Footprint": None, "GeoFootprint": None})


# ---------------------------------------------------------------------------------------- query options

def make_entities(n=30):
    return [{"Id": f"id-{i:03d}", "Name": f"P{i % 7}", "Online": i % 2 == 0,
             "ContentDate": {"Start": f"2026-10-{1 + i % 28:02d}T00:00:00.{'000' if i % 3 else '000000'}Z"}}
            for i in range(n)]


FIELDS = {"Id", "Name", "Online", "ContentDate/Start"}


def test_apply_query_filter_order_page_count():
    ents = make_entities()
    args = {"$filter": "Online eq true", "$orderby": "ContentDate/Start desc", "$top": "4", "$count": "True"}
    page, count, nxt = apply_query(ents, args, allowed_fields=FIELDS)
    assert count == 15 and len(page) == 4 and nxt == 4
    starts = [e["ContentDate"]["Start"][:10] for e in page]
    assert starts == sorted(starts, reverse=True)
    page2, count2, nxt2 = apply_query(ents, {**args, "$skip": "12", "$count": "false"}, allowed_fields=FIELDS)
    assert count2 is None and len(page2) == 3 and nxt2 is None


def test_apply_query_multi_key_order_and_default_top():
    ents = make_entities()
    page, count, nxt = apply_query(ents, {"$orderby": "Name asc,ContentDate/Start desc"}, allowed_fields=FIELDS)
    assert len(page) == 20 and count is None and nxt == 20
    keys = [(e["Name"], e["ContentDate"]["Start"][:10]) for e in page]
    assert [k[0] for k in keys] == sorted(k[0] for k in keys)
    for a, b in zip(keys, keys[1:]):
        if a[0] == b[0]:
            assert a[1] >= b[1]


def test_apply_query_limits_are_fastapi_422():
    with pytest.raises(ODataError) as err:
        apply_query([], {"$skip": "10001"})
    assert err.value.status == 422
    assert err.value.body() == {"detail": [{"type": "less_than_equal", "loc": ["query", "$skip"],
                                            "msg": "Input should be less than or equal to 10000", "input": "10001",
                                            "ctx": {"le": 10000}}]}
    for args in ({"$top": "1001"}, {"$top": "-1"}, {"$top": "ten"}, {"$count": "maybe"}):
        with pytest.raises(ODataError) as err:
            apply_query([], args)
        assert err.value.status == 422 and isinstance(err.value.detail, list)


def test_apply_query_unknown_fields_rejected():
    for args in ({"$filter": "Nme eq 'x'"}, {"$filter": "ContentDate/Stop gt 2026-01-01"},
                 {"$filter": "Online eq True"}, {"$orderby": "Size desc"}, {"$orderby": "Name sideways"},
                 {"$filter": "Name eq"}):
        with pytest.raises(ODataError) as err:
            apply_query(make_entities(), args, allowed_fields=FIELDS)
        assert err.value.status == 400


def test_next_link_omitted_past_max_skip():
    ents = make_entities(50)
    _, _, nxt = apply_query(ents, {"$top": "10", "$skip": "10"}, max_skip=15)
    assert nxt is None
    _, _, nxt = apply_query(ents, {"$top": "10", "$skip": "0"}, max_skip=15)
    assert nxt == 10
    _, _, nxt = apply_query(ents, {"$top": "0"})
    assert nxt is None


def test_next_link_encoding_keeps_repeated_options():
    args = MultiDict([("$filter", "Online eq true and Name eq 'a b'"), ("$expand", "Attributes"),
                      ("$expand", "Assets"), ("$top", "2"), ("$skip", "0"), ("$count", "true")])
    link = next_link("https://x.test/odata/v1/Products", args, 2)
    assert link.startswith("https://x.test/odata/v1/Products?%24filter=Online+eq+true+and+Name+eq+%27a+b%27")
    query = parse_qsl(urlsplit(link).query)
    assert ("$expand", "Attributes") in query and ("$expand", "Assets") in query
    assert query.count(("$skip", "2")) == 1 and ("$skip", "0") not in query
    assert next_link("http://h/p", {"$top": 5}, 5) == "http://h/p?%24top=5&%24skip=5"


JOB = {"Status": ("OData.CSC.JobStatus", ("queued", "in_progress", "completed", "failed", "cancelled"))}


def test_enum_fields_take_only_their_enum_literal():
    rows = [{"Id": 1, "Status": "queued"}, {"Id": 2, "Status": "completed"}]
    page, _, _ = apply_query(rows, {"$filter": "Status eq OData.CSC.JobStatus'completed'"}, enum_fields=JOB)
    assert [r["Id"] for r in page] == [2]
    page, _, _ = apply_query(rows, {"$filter": "not (Status eq OData.CSC.JobStatus'completed') and Id ge 1"},
                             enum_fields=JOB)
    assert [r["Id"] for r in page] == [1]
    for bad in ("Status eq 'completed'", "Status eq OData.CSC.Other'completed'",
                "Status eq OData.CSC.JobStatus'done'", "Id eq 1 or 'queued' eq Status"):
        with pytest.raises(ODataTypeError):
            apply_query(rows, {"$filter": bad}, enum_fields=JOB)
    # without enum_fields (CDSE's string Status) the plain string still works
    page, _, _ = apply_query(rows, {"$filter": "Status eq 'queued'"})
    assert [r["Id"] for r in page] == [1]
