# SPDX-License-Identifier: GPL-2.0-or-later
"""The demo catalogue: deterministic, real naming, real reply shape, and filterable like CDSE."""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qsl, urlsplit

import pytest
from osgeo import ogr
from werkzeug.datastructures import MultiDict

from sandbox import catalogue
from sandbox.odata import ODataError

ROME_WKT = "POLYGON((12.35 41.8,12.65 41.8,12.65 42,12.35 42,12.35 41.8))"
ROOT = "http://127.0.0.1:1/cdse/odata/v1"
PRODUCTS_URL = f"{ROOT}/Products"
S1_NAME = re.compile(
    r"^S1[AC]_IW_(GRDH|SLC_)_1SDV_(\d{8}T\d{6})_(\d{8}T\d{6})_\d{6}_[0-9A-F]{6}_([0-9A-F]{4}|FAILME)\.SAFE$")
S2_NAME = re.compile(r"^S2[ABC]_MSIL(1C|2A)_(\d{8}T\d{6})_N\d{4}_R\d{3}_T\d{2}[A-Z]{3}_\d{8}T\d{6}\.SAFE$")


def attrs(p):
    return {a["Name"]: a["Value"] for a in p["Attributes"] if not a.get("_hidden")}


def reply(args, **kw):
    return catalogue.catalogue_products_response(MultiDict(args), PRODUCTS_URL, **kw)


def test_catalogue_is_deterministic_and_well_formed():
    ps = catalogue.products()
    assert 30 <= len(ps) <= 80
    assert ps == catalogue.products()
    assert len({p["Id"] for p in ps}) == len(ps) == len({p["Name"] for p in ps})
    types = {attrs(p)["productType"] for p in ps}
    assert types == {"IW_GRDH_1S", "IW_SLC__1S", "S2MSI1C", "S2MSI2A"}
    for p in ps:
        pattern = S1_NAME if p["Name"].startswith("S1") else S2_NAME
        m = pattern.match(p["Name"])
        assert m, p["Name"]
        assert p["ContentDate"]["Start"].replace("-", "").replace(":", "")[:15] == m.group(2)
        assert "2026-09-27" < p["ContentDate"]["Start"] < "2026-11-26"
        assert p["Footprint"].startswith("geography'SRID=4326;POLYGON ((") and p["Footprint"].endswith("))'")
        ring = p["GeoFootprint"]["coordinates"][0]
        assert ring[0] == ring[-1] and len(ring) == 5
        a = attrs(p)
        assert {"productType", "platformSerialIdentifier", "orbitDirection", "relativeOrbitNumber"} <= set(a)
        if p["Name"].startswith("S2"):
            assert 0 <= a["cloudCover"] <= 100 and re.fullmatch(r"\d{2}[A-Z]{3}", a["tileId"])
        assert p["Checksum"][0]["Algorithm"] == "MD5" and len(p["Checksum"][0]["Value"]) == 32


def test_coverage_of_demo_area_and_orderables():
    aoi = ogr.CreateGeometryFromWkt(ROME_WKT)
    ps = catalogue.products()
    hits = [ogr.CreateGeometryFromJson(json.dumps(p["GeoFootprint"])).Intersects(aoi) for p in ps]
    assert sum(hits) >= 25 and not all(hits)
    assert any(not p["Online"] for p in ps) and any(p["Online"] for p in ps)
    failing = [p for p in ps if "FAILME" in p["Name"]]
    assert len(failing) == 1 and hits[ps.index(failing[0])]


def test_lookups_and_copies():
    ps = catalogue.products("SENTINEL-2")
    assert ps and all(p["Name"].startswith("S2") for p in ps)
    assert all(p["Name"].startswith("S1") for p in catalogue.products("SENTINEL-1"))
    p = ps[0]
    assert catalogue.product_by_id(p["Id"]) == p
    assert catalogue.product_by_id(p["Id"].upper()) == p
    assert catalogue.product_by_name(p["Name"]) == p
    assert catalogue.product_by_name(p["Name"].removesuffix(".SAFE")) == p
    assert catalogue.product_by_name("nope") is None and catalogue.product_by_id("nope") is None
    p["Online"] = "mutated"
    assert catalogue.product_by_id(p["Id"])["Online"] in (True, False)


def test_reply_shape_matches_the_real_fixture(shared_fixture):
    real = shared_fixture("cdse_odp/catalogue_products_response.json")
    ours = reply([("$filter", "Online eq true"), ("$expand", "Attributes"), ("$expand", "Assets"), ("$top", "1"),
                  ("$count", "true"), ("$orderby", "ContentDate/Start asc")])
    assert set(ours) == set(real)
    assert set(ours["value"][0]) == set(real["value"][0])
    real_attr_keys = {k for a in real["value"][0]["Attributes"] for k in a}
    assert {k for a in ours["value"][0]["Attributes"] for k in a} == real_attr_keys
    assert ours["@odata.context"] == "$metadata#Products(Attributes())(Assets())"  # as in the real reply


def test_filter_by_collection_time_aoi_and_type():
    f = ("Collection/Name eq 'SENTINEL-2' and ContentDate/Start ge 2026-10-01T00:00:00.000Z and "
         "ContentDate/Start lt 2026-11-01T00:00:00.000Z and "
         f"OData.CSC.Intersects(area=geography'SRID=4326;{ROME_WKT}') and "
         "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' and "
         "att/OData.CSC.StringAttribute/Value eq 'S2MSI2A') and "
         "Attributes/OData.CSC.DoubleAttribute/any(att:att/Name eq 'cloudCover' and "
         "att/OData.CSC.DoubleAttribute/Value le 20.00)")
    body = reply([("$filter", f), ("$orderby", "ContentDate/Start asc"), ("$count", "1"), ("$expand", "Attributes")])
    names = [p["Name"] for p in body["value"]]
    assert body["@odata.count"] == len(names) >= 3
    for p in body["value"]:
        a = attrs(p)
        assert a["productType"] == "S2MSI2A" and a["cloudCover"] <= 20
        assert "2026-10-01" <= p["ContentDate"]["Start"] < "2026-11-01"
    assert names == sorted(names, key=lambda n: n.split("_")[2])
    assert "Collection" not in body["value"][0]


def test_group_product_type_and_short_lambda():
    grd = reply([("$filter", "Attributes/any(i0:i0/Name eq 'productType' and i0/Value eq 'GRD')"),
                 ("$top", "1000"), ("$expand", "Attributes")])["value"]
    assert grd and all(attrs(p)["productType"] == "IW_GRDH_1S" for p in grd)
    # the hidden group attribute never shows in a reply
    assert all(a["Value"] != "GRD" for p in grd for a in p["Attributes"])
    slc = reply([("$filter", "Attributes/any(i0:i0/Name eq 'productType' and i0/Value eq 'IW_SLC__1S')")])["value"]
    assert slc and all("_SLC_" in p["Name"] for p in slc)


def test_paging_with_next_links_visits_everything_once():
    args = [("$filter", "Online eq true"), ("$orderby", "ContentDate/Start desc"), ("$top", "7"),
            ("$count", "true"), ("$expand", "Attributes")]
    body = reply(args)
    total = body["@odata.count"]
    seen = [p["Id"] for p in body["value"]]
    pages = 1
    while "@odata.nextLink" in body:
        link = body["@odata.nextLink"]
        assert link.startswith(PRODUCTS_URL + "?%24filter=Online+eq+true")
        body = reply(parse_qsl(urlsplit(link).query))
        seen += [p["Id"] for p in body["value"]]
        pages += 1
    assert len(seen) == len(set(seen)) == total and pages == -(-total // 7)
    assert total == sum(1 for p in catalogue.products() if p["Online"])


def test_expand_select_and_asset_links():
    body = reply([("$expand", "Assets,Locations"), ("$top", "2"), ("$select", "Name,ContentLength")])
    p = body["value"][0]
    assert set(p) == {"@odata.mediaContentType", "Id", "Name", "ContentLength", "Assets", "Locations"}
    assert p["Assets"][0]["DownloadLink"] == f"{ROOT}/Assets({p['Assets'][0]['Id']})/$value"
    assert p["Locations"][0]["DownloadLink"] == f"{ROOT}/Products({p['Id']})/$value"
    plain = reply([("$top", "1")])
    assert plain["@odata.context"] == "$metadata#Products"
    assert "Attributes" not in plain["value"][0] and "Assets" not in plain["value"][0]
    assert "@odata.count" not in plain and "@odata.nextLink" in plain


@pytest.mark.parametrize(("args", "status"), [
    ([("$skip", "10001")], 422), ([("$top", "1001")], 422), ([("$filter", "Colection/Name eq 'SENTINEL-2'")], 400),
    ([("$filter", "Name eq SENTINEL")], 400), ([("$orderby", "Name asc")], 400), ([("$expand", "Nodes")], 400),
    ([("$select", "Secret")], 400),
    ([("$filter", "OData.CSC.Intersects(area=geography'SRID=4326;POLYGON((12 41,13 41,13 42))')")], 400),
])
def test_bad_queries(args, status):
    with pytest.raises(ODataError) as err:
        reply(args)
    assert err.value.status == status


def test_entities_override_for_emulator_state():
    ps = catalogue.products()
    for p in ps:
        p["Online"] = True
    body = reply([("$filter", "Online eq false"), ("$count", "true")], entities=ps)
    assert body["@odata.count"] == 0 and body["value"] == []


def test_level0_products_are_kept_apart_from_the_shared_catalogue():
    """Level-0 RAW inputs exist for CDSE's On-Demand Production only: the shared list (CREODIAS) is unchanged."""
    level0 = catalogue.level0_products()
    assert level0 and all("_RAW__0S" in p["Name"] for p in level0)
    assert not any("_RAW__0" in p["Name"] for p in catalogue.products())
    assert catalogue.product_by_name(level0[0]["Name"].removesuffix(".SAFE"))["Id"] == level0[0]["Id"]
    types = {a["Value"] for p in level0 for a in p["Attributes"] if a["Name"] == "productType"}
    levels = {a["Value"] for p in level0 for a in p["Attributes"] if a["Name"] == "processingLevel"}
    assert (types, levels) == ({"IW_RAW__0S"}, {"LEVEL0"})
    body = reply(MultiDict([("$filter", "Attributes/OData.CSC.StringAttribute/any(att:att/Name eq 'productType' "
                                        "and att/OData.CSC.StringAttribute/Value eq 'IW_RAW__0S')"),
                            ("$count", "true")]), entities=catalogue.products() + level0)
    assert body["@odata.count"] == len(level0)
