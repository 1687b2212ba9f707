# SPDX-License-Identifier: GPL-2.0-or-later
"""A fixed, deterministic Copernicus catalogue around the demo area (Rome) for the OData emulators.

Why fixed: tests and the demo must see the same products every run (no ``now()``), with real naming
conventions, real-ish footprints (S1 IW swaths, S2 MGRS tiles computed in UTM) and the OData product
fields of CDSE/CREODIAS, so the plugin's parsers meet the shapes they will meet in production.

Both the CDSE and the CREODIAS emulators answer ``GET .../odata/v1/Products`` with
:func:`catalogue_products_response`; the filtering itself is ``odata.apply_query``.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import math
import uuid
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

from osgeo import osr

from .odata import ODataError, apply_query, next_link

#: fields a $filter may name (strict: anything else is a 400)
FILTER_FIELDS = frozenset({
    "Id", "Name", "ContentType", "ContentLength", "OriginDate", "PublicationDate", "ModificationDate", "Online",
    "EvictionDate", "S3Path", "ContentDate/Start", "ContentDate/End", "Collection/Name", "Attributes",
    "Footprint", "GeoFootprint",
})
#: the documented $orderby keys
ORDERBY_FIELDS = frozenset({"ContentDate/Start", "ContentDate/End", "PublicationDate", "ModificationDate"})
EXPANDABLE = ("Attributes", "Assets", "Locations")
SELECTABLE = frozenset({
    "@odata.mediaContentType", "Id", "Name", "ContentType", "ContentLength", "OriginDate", "PublicationDate",
    "ModificationDate", "Online", "EvictionDate", "S3Path", "Checksum", "ContentDate", "Footprint", "GeoFootprint",
})
#: product-type groups the real catalogue accepts as productType values (e.g. 'GRD' finds IW_GRDH_1S)
PRODUCT_TYPE_GROUPS = {"IW_GRDH_1S": "GRD", "IW_SLC__1S": "SLC"}
_NS = uuid.UUID("6f0c3b8e-2d1a-4c55-9a8e-0e0e5a0d1b00")
NEVER_EVICTED = "9999-12-31T23:59:59.999999Z"


# ------------------------------------------------------------------------------------------- geometry

def _srs(epsg: int) -> osr.SpatialReference:
    s = osr.SpatialReference()
    s.ImportFromEPSG(epsg)
    s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return s


def _to_lonlat(epsg: int, pts: list[tuple[float, float]]) -> list[list[float]]:
    ct = osr.CoordinateTransformation(_srs(epsg), _srs(4326))
    return [[round(p[0], 6), round(p[1], 6)] for p in ct.TransformPoints(pts)]


def _s2_tile(zone: int, east: float, north: float) -> list[list[float]]:
    """A 109.8 km MGRS tile whose lower-left corner is (east, north) in UTM ``zone`` N, as a closed lon/lat ring."""
    e2, n2 = east + 109800, north + 109800
    ring = _to_lonlat(32600 + zone, [(east, north), (e2, north), (e2, n2), (east, n2)])
    return [*ring, ring[0]]


def _s1_swath(lon: float, lat: float, ascending: bool) -> list[list[float]]:
    """An IW slice: 250 km across, 170 km along a track tilted ~12 degrees off the meridian."""
    epsg = 32633 if lon >= 12 else 32632
    fwd = osr.CoordinateTransformation(_srs(4326), _srs(epsg))
    cx, cy, _ = fwd.TransformPoint(lon, lat)
    heading = math.radians(-12 if ascending else 192)  # from north, clockwise
    ax, ay = math.sin(heading), math.cos(heading)  # along track
    px, py = ay, -ax  # across track (to the right)
    half_a, half_w = 85000, 125000
    corners = [(cx + sa * half_a * ax + sw * half_w * px, cy + sa * half_a * ay + sw * half_w * py)
               for sa, sw in ((-1, -1), (-1, 1), (1, 1), (1, -1))]
    ring = _to_lonlat(epsg, corners)
    return [*ring, ring[0]]


def _wkt_polygon(ring: list[list[float]]) -> str:
    return "POLYGON ((" + ", ".join(f"{x:.6f} {y:.6f}".replace(".000000", "") for x, y in ring) + "))"


# ----------------------------------------------------------------------------------------------- data

# (day offset from 2026-09-28, satellite, orbit direction, relative orbit, centre lon, centre lat)
_S1 = [
    (0, "A", "DESCENDING", 22, 12.55, 41.95), (2, "C", "ASCENDING", 117, 12.30, 41.85),
    (6, "C", "DESCENDING", 22, 12.55, 41.95), (8, "A", "ASCENDING", 117, 12.30, 41.85),
    (12, "A", "DESCENDING", 22, 12.55, 41.95), (14, "C", "ASCENDING", 117, 12.30, 41.85),
    (17, "A", "DESCENDING", 95, 9.10, 40.10),  # Sardinia: does not touch the demo AOI
    (18, "C", "DESCENDING", 22, 12.55, 41.95), (24, "A", "DESCENDING", 22, 12.55, 41.95),
    (26, "A", "ASCENDING", 117, 12.30, 41.85), (30, "C", "DESCENDING", 22, 12.55, 41.95),
    (35, "C", "ASCENDING", 44, 14.60, 37.60),  # Sicily
    (36, "A", "DESCENDING", 22, 12.55, 41.95), (42, "C", "DESCENDING", 22, 12.55, 41.95),
    (48, "A", "DESCENDING", 22, 12.55, 41.95), (50, "C", "ASCENDING", 117, 12.30, 41.85),
    (54, "C", "DESCENDING", 22, 12.55, 41.95),
]
# (day offset, satellite, relative orbit, tile id, UTM zone, easting, northing, cloud cover)
_S2_TILES = {
    "T33TTG": (33, 199980, 4590240), "T33TUG": (33, 300000, 4590240), "T32TQM": (32, 699960, 4590240),
    "T33TTF": (33, 199980, 4490220), "T33TVF": (33, 399960, 4490220),
}
_S2 = [
    (1, "A", 79, "T33TTG", 12.4), (3, "C", 122, "T32TQM", 63.0), (4, "B", 79, "T33TUG", 5.1),
    (6, "C", 79, "T33TTG", 0.8), (11, "A", 79, "T33TTG", 34.7), (13, "B", 122, "T33TTF", 2.2),
    (16, "B", 79, "T33TTG", 88.9), (19, "A", 79, "T33TVF", 9.9), (21, "C", 79, "T33TTG", 17.3),
    (26, "A", 79, "T33TTG", 3.6), (28, "C", 122, "T32TQM", 21.0), (31, "B", 79, "T33TTG", 45.5),
    (36, "C", 79, "T33TTG", 7.7), (41, "A", 79, "T33TUG", 0.0), (46, "B", 79, "T33TTG", 59.2),
    (51, "C", 79, "T33TTG", 1.9), (56, "A", 79, "T33TTG", 26.4),
]
_EPOCH = dt.datetime(2026, 9, 28, tzinfo=dt.timezone.utc)


def _ts(when: dt.datetime, digits: int = 6) -> str:
    text = when.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")
    return text[: 20 + digits] + "Z"


def _h(*parts: Any) -> str:
    return hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()


def _attr(name: str, value: Any, kind: str = "String", hidden: bool = False) -> dict[str, Any]:
    a = {"@odata.type": f"#OData.CSC.{kind}Attribute", "Name": name, "Value": value, "ValueType": kind}
    if hidden:
        a["_hidden"] = True
    return a


def _product(name: str, collection: str, start: dt.datetime, end: dt.datetime, ring: list[list[float]],
             size: int, online: bool, s3dir: str, attrs: list[dict[str, Any]]) -> dict[str, Any]:
    pid = str(uuid.uuid5(_NS, name))
    origin = end + dt.timedelta(minutes=97, seconds=int(_h(name, "o")[:4], 16) % 1800)
    published = origin + dt.timedelta(minutes=41, microseconds=int(_h(name, "p")[:5], 16) % 999999)
    modified = published + dt.timedelta(seconds=30)
    return {
        "@odata.mediaContentType": "application/octet-stream",
        "Id": pid,
        "Name": name,
        "ContentType": "application/octet-stream",
        "ContentLength": size,
        "OriginDate": _ts(origin),
        "PublicationDate": _ts(published),
        "ModificationDate": _ts(modified),
        "Online": online,
        "EvictionDate": NEVER_EVICTED,
        "S3Path": f"/eodata/{s3dir}/{start:%Y/%m/%d}/{name}",
        "Checksum": [
            {"Value": _h(name, "md5")[:32], "Algorithm": "MD5", "ChecksumDate": _ts(published)},
            {"Value": _h(name, "blake3"), "Algorithm": "BLAKE3", "ChecksumDate": _ts(modified)},
        ],
        "ContentDate": {"Start": _ts(start), "End": _ts(end)},
        "Footprint": f"geography'SRID=4326;{_wkt_polygon(ring)}'",
        "GeoFootprint": {"type": "Polygon", "coordinates": [ring]},
        "Attributes": [*attrs,
                       _attr("beginningDateTime", _ts(start, 3), "DateTimeOffset"),
                       _attr("endingDateTime", _ts(end, 3), "DateTimeOffset")],
        "Assets": [{"Type": "QUICKLOOK", "Id": str(uuid.uuid5(_NS, name + "/ql")),
                    "S3Path": f"/eodata/{s3dir}/{start:%Y/%m/%d}/{name}/preview/quick-look.png"}],
        # not an OData product property: the filter path Collection/Name reads it; stripped from replies
        "Collection": {"Name": collection},
    }


def _s1_products() -> list[dict[str, Any]]:
    out = []
    for i, (day, sat, direction, rel, lon, lat) in enumerate(_S1):
        asc = direction == "ASCENDING"
        start = _EPOCH + dt.timedelta(days=day, hours=17 if asc else 5, minutes=11 if asc else 3,
                                      seconds=21 + i * 3)
        for ptype, code, size in (("IW_GRDH_1S", "GRDH", 1_690_000_000), ("IW_SLC__1S", "SLC_", 4_480_000_000)):
            if ptype == "IW_SLC__1S" and i % 3:
                continue  # fewer SLCs than GRDs, as in the real archive
            stop = start + dt.timedelta(seconds=25 if code == "GRDH" else 27)
            abs_orbit = (66000 if sat == "A" else 4700) + day * 15 + rel % 15
            datatake = _h(sat, day, rel)[:6].upper()
            unique = _h(sat, day, code)[:4].upper()
            if day == 36 and code == "GRDH":
                unique = "FAILME"  # orders on this input must fail (SandboxConfig.fail_marker)
            name = (f"S1{sat}_IW_{code}_1SDV_{start:%Y%m%dT%H%M%S}_{stop:%Y%m%dT%H%M%S}_{abs_orbit:06d}_"
                    f"{datatake}_{unique}.SAFE")
            size_j = size + int(_h(name)[:6], 16) % 90_000_000
            attrs = [
                _attr("productType", ptype), _attr("productType", PRODUCT_TYPE_GROUPS[ptype], hidden=True),
                _attr("platformShortName", "SENTINEL-1"), _attr("platformSerialIdentifier", sat),
                _attr("instrumentShortName", "SAR"), _attr("operationalMode", "IW"),
                _attr("swathIdentifier", "IW1 IW2 IW3"), _attr("polarisationChannels", "VV&VH"),
                _attr("orbitDirection", direction), _attr("relativeOrbitNumber", rel, "Integer"),
                _attr("orbitNumber", abs_orbit, "Integer"), _attr("processingLevel", "LEVEL1"),
                _attr("timeliness", "Fast-24h"), _attr("productClass", "S"),
                _attr("datatakeID", int(datatake, 16), "Integer"), _attr("sliceNumber", 4 + i % 3, "Integer"),
            ]
            online = not (i % 4 == 1 or (code == "SLC_" and day < 20))
            s3 = f"Sentinel-1/SAR/{ptype}"
            out.append(_product(name, "SENTINEL-1", start, stop, _s1_swath(lon, lat, asc), size_j, online, s3,
                                attrs))
    return out


def _s2_products() -> list[dict[str, Any]]:
    out = []
    for i, (day, sat, rel, tile, cloud) in enumerate(_S2):
        zone, east, north = _S2_TILES[tile]
        start = _EPOCH + dt.timedelta(days=day, hours=9 if rel == 79 else 10, minutes=50, seconds=29)
        ring = _s2_tile(zone, east, north)
        for ptype, level, size in (("S2MSI1C", "L1C", 820_000_000), ("S2MSI2A", "L2A", 1_110_000_000)):
            if ptype == "S2MSI1C" and i % 2:
                continue
            gen = start + dt.timedelta(hours=2, minutes=i * 3 + (7 if level == "L2A" else 0), seconds=11)
            name = f"S2{sat}_MSI{level}_{start:%Y%m%dT%H%M%S}_N0511_R{rel:03d}_{tile}_{gen:%Y%m%dT%H%M%S}.SAFE"
            size_j = size + int(_h(name)[:6], 16) % 60_000_000
            attrs = [
                _attr("productType", ptype), _attr("platformShortName", "SENTINEL-2"),
                _attr("platformSerialIdentifier", sat), _attr("instrumentShortName", "MSI"),
                _attr("cloudCover", cloud, "Double"), _attr("tileId", tile[1:]),
                _attr("orbitDirection", "DESCENDING"), _attr("relativeOrbitNumber", rel, "Integer"),
                _attr("orbitNumber", 48000 + day * 14 + rel, "Integer"),
                _attr("processingLevel", "S2MSI1C" if level == "L1C" else "S2MSI2A"),
                _attr("processingBaseline", 5.11, "Double"), _attr("operationalMode", "INS-NOBS"),
            ]
            online = i % 5 != 3
            s3 = f"Sentinel-2/MSI/{level}"
            out.append(_product(name, "SENTINEL-2", start, start, ring, size_j, online, s3, attrs))
    return out


@lru_cache(maxsize=1)
def _level0() -> tuple[dict[str, Any], ...]:
    """Sentinel-1 IW Level-0 RAW products (every second S1 pass), the inputs of CDSE's On-Demand Production
    workflows (``Sentinel-1-L0-IW_GRDH_1S`` ... take the RAW product as reference). Kept apart from
    ``_catalogue()`` so emulators that never list Level-0 (the CREODIAS one) are unchanged."""
    out = []
    for i, (day, sat, direction, rel, lon, lat) in enumerate(_S1):
        if i % 2:
            continue
        asc = direction == "ASCENDING"
        start = _EPOCH + dt.timedelta(days=day, hours=17 if asc else 5, minutes=11 if asc else 3, seconds=19 + i * 3)
        stop = start + dt.timedelta(seconds=33)
        abs_orbit = (66000 if sat == "A" else 4700) + day * 15 + rel % 15
        datatake = _h(sat, day, rel)[:6].upper()
        name = (f"S1{sat}_IW_RAW__0SDV_{start:%Y%m%dT%H%M%S}_{stop:%Y%m%dT%H%M%S}_{abs_orbit:06d}_{datatake}_"
                f"{_h(sat, day, 'RAW')[:4].upper()}.SAFE")
        attrs = [
            _attr("productType", "IW_RAW__0S"), _attr("platformShortName", "SENTINEL-1"),
            _attr("platformSerialIdentifier", sat), _attr("instrumentShortName", "SAR"),
            _attr("operationalMode", "IW"), _attr("polarisationChannels", "VV&VH"),
            _attr("orbitDirection", direction), _attr("relativeOrbitNumber", rel, "Integer"),
            _attr("orbitNumber", abs_orbit, "Integer"), _attr("processingLevel", "LEVEL0"),
            _attr("timeliness", "Fast-24h"), _attr("productClass", "S"),
            _attr("datatakeID", int(datatake, 16), "Integer"),
        ]
        size = 1_560_000_000 + int(_h(name)[:6], 16) % 90_000_000
        out.append(_product(name, "SENTINEL-1", start, stop, _s1_swath(lon, lat, asc), size, True,
                            "Sentinel-1/SAR/IW_RAW__0S", attrs))
    return tuple(out)


def level0_products() -> list[dict[str, Any]]:
    """The Level-0 products (deep copies); only the CDSE emulator lists them, with ``products()``."""
    return [copy.deepcopy(p) for p in _level0()]


@lru_cache(maxsize=1)
def _catalogue() -> tuple[dict[str, Any], ...]:
    items = _s1_products() + _s2_products()
    items.sort(key=lambda p: p["ContentDate"]["Start"])
    return tuple(items)


# ------------------------------------------------------------------------------------------------ API

def products(collection: str | None = None) -> list[dict[str, Any]]:
    """All products (deep copies, so an emulator may mutate e.g. ``Online``), optionally of one collection.

    Entities carry two internal extras that :func:`public_product` strips: ``Collection`` and hidden
    group-value ``productType`` attributes.
    """
    return [copy.deepcopy(p) for p in _catalogue() if collection is None or p["Collection"]["Name"] == collection]


def product_by_name(name: str) -> dict[str, Any] | None:
    """The product called ``name`` (with or without the ``.SAFE`` suffix), or None."""
    for p in (*_catalogue(), *_level0()):
        if p["Name"] == name or p["Name"].removesuffix(".SAFE") == name:
            return copy.deepcopy(p)
    return None


def product_by_id(pid: str) -> dict[str, Any] | None:
    pid = str(pid).lower()
    for p in _catalogue():
        if p["Id"] == pid:
            return copy.deepcopy(p)
    return None


def _expands(args: Any) -> list[str]:
    raw = args.getlist("$expand") if hasattr(args, "getlist") else args.get("$expand")
    values = raw if isinstance(raw, (list, tuple)) else ([raw] if raw else [])
    out: list[str] = []
    for value in values:
        for part in str(value).split(","):
            part = part.strip()
            if part not in EXPANDABLE:
                raise ODataError(f"invalid $expand: {part!r}; expected one of {', '.join(EXPANDABLE)}")
            if part not in out:
                out.append(part)
    return out


def _selects(args: Mapping[str, Any]) -> list[str] | None:
    raw = args.get("$select")
    if raw is None or str(raw).strip() in ("", "*"):
        return None
    fields = [f.strip() for f in str(raw).split(",")]
    for f in fields:
        if f not in SELECTABLE:
            raise ODataError(f"invalid $select: unknown property {f!r}")
    return fields


def public_product(p: Mapping[str, Any], expand: list[str] | tuple[str, ...] = (), select: list[str] | None = None,
                   service_root: str = "") -> dict[str, Any]:
    """A product as the OData reply shows it: internals stripped, navigation properties only when expanded.

    ``service_root`` (e.g. ``http://127.0.0.1:5000/cdse/odata/v1``) builds the Assets' ``DownloadLink``.
    """
    out = {k: v for k, v in p.items() if k not in ("Collection", "Attributes", "Assets", "Locations")}
    if select is not None:
        out = {k: v for k, v in out.items() if k in select or k in ("Id", "@odata.mediaContentType")}
    out = copy.deepcopy(out)
    if "Attributes" in expand:
        out["Attributes"] = [{k: v for k, v in a.items() if k != "_hidden"}
                             for a in p.get("Attributes", []) if not a.get("_hidden")]
    if "Assets" in expand:
        out["Assets"] = [{**a, "DownloadLink": f"{service_root}/Assets({a['Id']})/$value"}
                         for a in p.get("Assets", [])]
    if "Locations" in expand:
        out["Locations"] = [{"FormatType": "Extracted", "DownloadLink": f"{service_root}/Products({p['Id']})/$value",
                             "ContentLength": p["ContentLength"], "Checksum": copy.deepcopy(p["Checksum"]),
                             "S3Path": p["S3Path"]}]
    return out


def catalogue_products_response(args: Any, base_url_for_next: str,
                                entities: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The JSON reply of ``GET <service root>/Products`` for the request ``args`` (a MultiDict or dict).

    ``base_url_for_next`` is the absolute Products URL (``.../odata/v1/Products``): the nextLink is built
    on it and the service root (for asset links) is derived from it. ``entities`` lets an emulator pass
    its own view of ``products()`` (e.g. with ``Online`` flipped after an order). Raises ``ODataError``
    (status 400/422) for a bad query; the emulator turns it into its error reply.
    """
    expand = _expands(args)
    select = _selects(args)
    page, count, next_skip = apply_query(products() if entities is None else entities, args,
                                         allowed_fields=FILTER_FIELDS, orderby_fields=ORDERBY_FIELDS)
    root = base_url_for_next.rsplit("/Products", 1)[0]
    context = "$metadata#Products" + "".join(f"({e}())" for e in expand)  # as CDSE: (Attributes())(Assets())
    body: dict[str, Any] = {"@odata.context": context}
    if count is not None:
        body["@odata.count"] = count
    body["value"] = [public_product(p, expand, select, root) for p in page]
    if next_skip is not None:
        body["@odata.nextLink"] = next_link(base_url_for_next, args, next_skip)
    return body
