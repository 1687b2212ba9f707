# SPDX-License-Identifier: GPL-2.0-or-later
"""The area of interest: from the map canvas or selected features to one GeoJSON (multi)polygon in EPSG:4326.

Why this is careful: every provider takes lon/lat GeoJSON, but the user's map may be in Web Mercator,
UTM or a polar projection. A canvas extent is reprojected as a densified ring (a UTM rectangle is not a
lon/lat rectangle), areas are measured on the WGS84 ellipsoid (planar degrees or Mercator metres are
wrong by large factors), and shapes providers reject anyway (antimeridian crossings, invalid rings,
huge or over-detailed areas) fail here with a message that tells the user what to do.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from qgis.core import (
    Qgis,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsDistanceArea,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..providers.errors import EoOrdersError, ErrorLevel
from ..providers.i18n import tr
from .compat import gdal_open

MAX_AREA_KM2 = 250_000.0
MAX_VERTICES = 10_000
#: points added per extent edge before reprojecting, so curved edges stay curved
DENSIFY_PER_EDGE = 32
#: degrees: vertices closer to a straight line than this are dropped after reprojection (~1 m)
SIMPLIFY_TOLERANCE = 1e-5
COORD_DECIMALS = 7

WGS84 = "EPSG:4326"


class AoiError(EoOrdersError):
    """An AOI the plugin cannot use; the message is fit for the user. ``repairable`` is True when
    the geometry is invalid and ``repair=True`` (``makeValid``) would fix it."""

    def __init__(self, message: str, repairable: bool = False) -> None:
        super().__init__(message, level=ErrorLevel.WARNING)
        self.repairable = repairable


@dataclass
class Aoi:
    """A validated area of interest, ready to send to any provider."""

    geometry: dict[str, Any]
    area_km2: float
    vertex_count: int
    source: str
    bbox: tuple[float, float, float, float]

    def summary(self) -> str:
        return tr("{source} · {area} km² · {count} vertices").format(
            source=self.source, area=f"{self.area_km2:,.1f}", count=f"{self.vertex_count:,}")


def wgs84() -> QgsCoordinateReferenceSystem:
    return QgsCoordinateReferenceSystem(WGS84)


def _transform_to_wgs84(geom: QgsGeometry, crs: QgsCoordinateReferenceSystem) -> QgsGeometry:
    out = QgsGeometry(geom)
    if crs == wgs84():
        return out
    xform = QgsCoordinateTransform(crs, wgs84(), QgsProject.instance().transformContext())
    try:
        out.transform(xform)
    except QgsCsException as exc:
        raise AoiError(tr("The area cannot be converted from {crs} to longitude/latitude ({error}). Zoom to a "
                          "smaller area or use another map projection.").format(
            crs=crs.authid() or crs.description(), error=exc)) from None
    return out


def _rings(geom: QgsGeometry) -> list[list[list[QgsPointXY]]]:
    return geom.asMultiPolygon() if geom.isMultipart() else [geom.asPolygon()]


def _check_wgs84_ring_jumps(geom: QgsGeometry) -> None:
    """A ring that jumps by more than 180° of longitude between two vertices crossed the antimeridian."""
    for polygon in _rings(geom):
        for ring in polygon:
            for a, b in zip(ring, ring[1:]):
                if abs(a.x() - b.x()) > 180:
                    raise _antimeridian_error()
    for polygon in _rings(geom):
        for ring in polygon:
            for p in ring:
                if not (math.isfinite(p.x()) and math.isfinite(p.y())) or abs(p.y()) > 90.0 + 1e-9:
                    raise AoiError(tr("The area reaches beyond the poles or outside the valid coordinate range of "
                                      "its projection. Zoom in or draw a smaller area."))


def _antimeridian_error() -> AoiError:
    return AoiError(tr("The area crosses the antimeridian (180° longitude), which the providers do not accept. "
                       "Split it into one area east and one west of 180°, and order each separately."))


def _signed_area(ring: list[list[float]]) -> float:
    return sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:])) / 2.0


def _ring_coords(ring: list[QgsPointXY], ccw: bool) -> list[list[float]]:
    coords: list[list[float]] = []
    for p in ring:
        c = [round(p.x(), COORD_DECIMALS), round(p.y(), COORD_DECIMALS)]
        if not coords or coords[-1] != c:
            coords.append(c)
    if coords and coords[0] != coords[-1]:
        coords.append(list(coords[0]))
    if (_signed_area(coords) > 0) != ccw:
        coords.reverse()
    return coords


def geometry_to_geojson(geom: QgsGeometry) -> dict[str, Any]:
    """GeoJSON Polygon or MultiPolygon of a 2D polygon geometry, RFC 7946 winding (exterior CCW), closed."""
    polygons = [[_ring_coords(ring, ccw=(i == 0)) for i, ring in enumerate(poly)] for poly in _rings(geom) if poly]
    if len(polygons) == 1:
        return {"type": "Polygon", "coordinates": polygons[0]}
    return {"type": "MultiPolygon", "coordinates": polygons}


def geojson_to_geometry(geometry: dict[str, Any] | None) -> QgsGeometry:
    """A QgsGeometry from a GeoJSON Polygon/MultiPolygon (what providers give as footprints); empty if absent."""
    if not geometry:
        return QgsGeometry()
    gtype, coords = geometry.get("type"), geometry.get("coordinates") or []

    def ring(r: list[list[float]]) -> list[QgsPointXY]:
        return [QgsPointXY(float(c[0]), float(c[1])) for c in r]

    if gtype == "Polygon":
        return QgsGeometry.fromPolygonXY([ring(r) for r in coords])
    if gtype == "MultiPolygon":
        return QgsGeometry.fromMultiPolygonXY([[ring(r) for r in poly] for poly in coords])
    if gtype == "GeometryCollection":
        parts = [geojson_to_geometry(g) for g in geometry.get("geometries") or []]
        return QgsGeometry.collectGeometry([p for p in parts if not p.isEmpty()])
    return QgsGeometry()


def _polygon_parts(geom: QgsGeometry) -> QgsGeometry:
    """Only the polygonal parts (``makeValid`` may add lines or points), as a plain 2D (multi)polygon."""
    if QgsWkbTypes.isCurvedType(geom.wkbType()):
        geom = QgsGeometry(geom.constGet().segmentize())
    if QgsWkbTypes.geometryType(geom.wkbType()) == QgsWkbTypes.GeometryType.PolygonGeometry and not \
            QgsWkbTypes.flatType(geom.wkbType()) == QgsWkbTypes.Type.GeometryCollection:
        polys = _rings(geom)
    else:
        polys = []
        for part in geom.asGeometryCollection():
            if QgsWkbTypes.geometryType(part.wkbType()) == QgsWkbTypes.GeometryType.PolygonGeometry:
                polys.extend(_rings(part))
    polys = [p for p in polys if p and len(p[0]) >= 4]
    if not polys:
        return QgsGeometry()
    return QgsGeometry.fromPolygonXY(polys[0]) if len(polys) == 1 else QgsGeometry.fromMultiPolygonXY(polys)


def _validity_problem(geom: QgsGeometry) -> str:
    errors = geom.validateGeometry(Qgis.GeometryValidationEngine.Geos)  # the same name on 3.22 … 3.44
    if not errors:
        return ""
    err = errors[0]
    where = f" near {err.where().x():.5g}, {err.where().y():.5g}" if err.hasWhere() else ""
    return f"{err.what()}{where}"


def aoi_from_geometry(geom: QgsGeometry, crs: QgsCoordinateReferenceSystem, source: str,
                      max_area_km2: float = MAX_AREA_KM2, *, repair: bool = False,
                      max_vertices: int = MAX_VERTICES) -> Aoi:
    """Validate ``geom`` (in ``crs``) and turn it into an ``Aoi``.

    Invalid geometries (self-intersections, bad rings) raise ``AoiError(repairable=True)`` unless
    ``repair`` is set, in which case ``makeValid`` fixes them and ``source`` says so.
    """
    if geom is None or geom.isNull() or geom.isEmpty():
        raise AoiError(tr("{source}: there is no geometry to use as the area of interest.").format(source=source))
    if not crs.isValid():
        raise AoiError(tr("{source}: the coordinate reference system is unknown; set the layer or project CRS "
                          "first.").format(source=source))
    if QgsWkbTypes.geometryType(geom.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry and \
            QgsWkbTypes.flatType(geom.wkbType()) != QgsWkbTypes.Type.GeometryCollection:
        raise AoiError(tr("{source}: an area of interest must be a polygon, not a {kind}. Select polygons or use "
                          "the canvas extent.").format(
            source=source, kind=QgsWkbTypes.geometryDisplayString(QgsWkbTypes.geometryType(geom.wkbType())).lower()))
    geom = _polygon_parts(geom)
    if geom.isEmpty():
        raise AoiError(tr("{source}: the geometry has no polygon with an area.").format(source=source))
    problem = _validity_problem(geom)
    if problem:
        if not repair:
            raise AoiError(tr("{source}: the geometry is not valid ({problem}). Repair it (Vector ‣ Geometry Tools ‣ "
                              "Fix Geometries) or let the plugin repair it with makeValid.").format(
                source=source, problem=problem), repairable=True)
        geom = _polygon_parts(geom.makeValid())
        if geom.isEmpty() or _validity_problem(geom):
            raise AoiError(tr("{source}: the geometry is not valid ({problem}) and could not be repaired.").format(
                source=source, problem=problem))
        source = tr("{source} (repaired with makeValid)").format(source=source)
    if crs.isGeographic():
        box = geom.boundingBox()
        if box.xMinimum() < -180 - 1e-9 or box.xMaximum() > 180 + 1e-9:
            raise _antimeridian_error()
    out = _transform_to_wgs84(geom, crs)
    _check_wgs84_ring_jumps(out)
    box = out.boundingBox()
    if box.width() > 180:
        raise _antimeridian_error()
    if _validity_problem(out):  # reprojection can fold a valid ring; fix silently, the shape is the same
        out = _polygon_parts(out.makeValid())
    return _finish(out, source, max_area_km2, max_vertices)


def _finish(geom: QgsGeometry, source: str, max_area_km2: float, max_vertices: int) -> Aoi:
    area = QgsDistanceArea()
    area.setSourceCrs(wgs84(), QgsProject.instance().transformContext())
    area.setEllipsoid("WGS84")
    area_km2 = area.measureArea(geom) / 1e6
    if area_km2 <= 0:
        raise AoiError(tr("{source}: the area is empty.").format(source=source))
    if area_km2 > max_area_km2:
        raise AoiError(tr("{source}: the area is {area} km², more than the limit of {limit} km². Zoom in or select "
                          "a smaller area.").format(source=source, area=f"{area_km2:,.0f}",
                                                    limit=f"{max_area_km2:,.0f}"))
    geojson = geometry_to_geojson(geom)
    polygons = geojson["coordinates"] if geojson["type"] == "MultiPolygon" else [geojson["coordinates"]]
    vertex_count = sum(len(r) for poly in polygons for r in poly)
    if vertex_count > max_vertices:
        raise AoiError(tr("{source}: the area has {count} vertices, more than the {limit} the providers accept. "
                          "Simplify it (Vector ‣ Geometry Tools ‣ Simplify) and select it again.").format(
            source=source, count=f"{vertex_count:,}", limit=f"{max_vertices:,}"))
    xs = [c[0] for poly in polygons for r in poly for c in r]
    ys = [c[1] for poly in polygons for r in poly for c in r]
    return Aoi(geometry=geojson, area_km2=area_km2, vertex_count=vertex_count, source=source,
               bbox=(min(xs), min(ys), max(xs), max(ys)))


def _extent_too_large(area_km2: float, max_area_km2: float) -> AoiError:
    return AoiError(tr("The canvas shows {area} km², more than the limit of {limit} km². Zoom in to the area of "
                       "interest, or draw it on the map.").format(area=f"{area_km2:,.0f}",
                                                                   limit=f"{max_area_km2:,.0f}"))


def _visible_extent_km2(extent: QgsRectangle, crs: QgsCoordinateReferenceSystem) -> float:
    """About how much of the Earth the canvas shows: the extent clipped to its CRS's area of use, as the
    lon/lat box of its reprojection, on a sphere. 0 when that cannot be told.

    Why: a zoomed-out (world-sized) canvas also wraps past ±180°, and was refused as "crosses the
    antimeridian"; the true reason is its size, so the size is checked first. The box overestimates a
    curved outline a little, which only matters far above any limit.
    """
    try:
        bounds = crs.bounds()  # the CRS's area of use, in lon/lat
        if crs.isGeographic():
            clip = QgsRectangle(max(bounds.xMinimum(), -180.0), max(bounds.yMinimum(), -90.0),
                                min(bounds.xMaximum(), 180.0), min(bounds.yMaximum(), 90.0))
        else:
            to_crs = QgsCoordinateTransform(wgs84(), crs, QgsProject.instance().transformContext())
            clip = to_crs.transformBoundingBox(bounds)
        visible = extent.intersect(clip)
        if visible.isEmpty():
            return 0.0
        ring = QgsGeometry.fromRect(visible)
        if crs != wgs84():
            ring = ring.densifyByDistance(max(visible.width(), visible.height()) / DENSIFY_PER_EDGE)
            ring.transform(QgsCoordinateTransform(crs, wgs84(), QgsProject.instance().transformContext()))
        box = ring.boundingBox()
    except (QgsCsException, ValueError):
        return 0.0
    west, east = max(box.xMinimum(), -180.0), min(box.xMaximum(), 180.0)
    south, north = max(box.yMinimum(), -90.0), min(box.yMaximum(), 90.0)
    if east <= west or north <= south:
        return 0.0
    radius_km = 6371.0088
    return radius_km ** 2 * math.radians(east - west) * abs(math.sin(math.radians(north)) -
                                                           math.sin(math.radians(south)))


def aoi_from_extent(extent: QgsRectangle, crs: QgsCoordinateReferenceSystem,
                    max_area_km2: float = MAX_AREA_KM2) -> Aoi:
    """The canvas extent as an AOI; the rectangle is densified before reprojection, then simplified."""
    source = tr("Canvas extent")
    if extent is None or extent.isNull() or extent.isEmpty() or extent.width() <= 0 or extent.height() <= 0:
        raise AoiError(tr("The map canvas shows no area yet. Zoom to the area of interest first."))
    if not crs.isValid():
        raise AoiError(tr("The project has no valid coordinate reference system; set one first."))
    visible_km2 = _visible_extent_km2(extent, crs)
    if visible_km2 > max_area_km2:
        raise _extent_too_large(visible_km2, max_area_km2)
    if crs.isGeographic():
        if extent.xMinimum() < -180 - 1e-9 or extent.xMaximum() > 180 + 1e-9:
            raise _antimeridian_error()
        if extent.yMinimum() < -90 - 1e-9 or extent.yMaximum() > 90 + 1e-9:
            raise AoiError(tr("The canvas extent reaches beyond the poles. Zoom in to the area of interest."))
    ring = QgsGeometry.fromRect(extent)
    if crs != wgs84():
        step = max(extent.width(), extent.height()) / DENSIFY_PER_EDGE
        ring = ring.densifyByDistance(step)
    out = _transform_to_wgs84(ring, crs)
    _check_wgs84_ring_jumps(out)
    box = out.boundingBox()
    if box.width() > 180:
        raise _antimeridian_error()
    if crs != wgs84():
        simplified = out.simplify(SIMPLIFY_TOLERANCE)
        if not simplified.isEmpty() and not _validity_problem(simplified):
            out = simplified
    return _finish(out, source, max_area_km2, MAX_VERTICES)


def aoi_from_layer_selection(layer: QgsVectorLayer, max_area_km2: float = MAX_AREA_KM2, *,
                             repair: bool = False) -> Aoi:
    """The selected polygon features of ``layer``, dissolved into one (multi)polygon."""
    if layer is None or not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        raise AoiError(tr("Choose a polygon layer and select the features that make the area of interest."))
    name = layer.name()
    if layer.geometryType() != QgsWkbTypes.GeometryType.PolygonGeometry:
        kind = QgsWkbTypes.geometryDisplayString(layer.geometryType()).lower()
        raise AoiError(tr("Layer '{name}' holds {kind}s; an area of interest needs polygons. Select polygon "
                          "features or use the canvas extent.").format(name=name, kind=kind))
    features = list(layer.selectedFeatures())
    if not features:
        raise AoiError(tr("No features are selected in layer '{name}'. Select one or more polygons, or use the "
                          "canvas extent.").format(name=name))
    geoms = [QgsGeometry(f.geometry()) for f in features if f.hasGeometry() and not f.geometry().isEmpty()]
    if not geoms:
        raise AoiError(tr("The selected features of layer '{name}' have no geometry.").format(name=name))
    count = len(features)
    source = (tr("{count} selected feature of '{name}'") if count == 1
              else tr("{count} selected features of '{name}'")).format(count=count, name=name)
    problems = [_validity_problem(_polygon_parts(g)) for g in geoms]
    invalid = [p for p in problems if p]
    if invalid:
        if not repair:
            problem = invalid[0]
            text = (tr("{source}: {count} geometry is not valid ({problem}). Repair it (Vector ‣ Geometry Tools ‣ "
                       "Fix Geometries) or let the plugin repair with makeValid.") if len(invalid) == 1 else
                    tr("{source}: {count} geometries are not valid ({problem}). Repair them (Vector ‣ Geometry Tools "
                       "‣ Fix Geometries) or let the plugin repair with makeValid."))
            raise AoiError(text.format(source=source, count=len(invalid), problem=problem), repairable=True)
        geoms = [_polygon_parts(g.makeValid()) if p else g for g, p in zip(geoms, problems)]
        source = tr("{source} (repaired with makeValid)").format(source=source)
    merged = geoms[0] if len(geoms) == 1 else QgsGeometry.unaryUnion(geoms)
    return aoi_from_geometry(merged, layer.crs(), source, max_area_km2, repair=repair)


def simplify_aoi(aoi: Aoi, max_vertices: int) -> Aoi:
    """The AOI simplified (Douglas-Peucker, growing tolerance) until it has at most ``max_vertices``.

    Why: some providers (Pléiades tasking: 999) refuse detailed polygons; a field boundary digitised at
    1 m does not need that detail for a satellite order, so the analyst is offered this instead.
    """
    geom = aoi_to_geometry(aoi)
    west, south, east, north = aoi.bbox
    tolerance = max(east - west, north - south) / 10000.0 or 1e-6
    simplified = geom
    for _ in range(40):
        if simplified.constGet().nCoordinates() <= max_vertices:
            break
        simplified = geom.simplify(tolerance)
        tolerance *= 1.6
    result = aoi_from_geometry(simplified, QgsCoordinateReferenceSystem("EPSG:4326"), aoi.source,
                               max_vertices=max(max_vertices, MAX_VERTICES))
    if result.vertex_count > max_vertices:
        raise AoiError(tr("The AOI could not be simplified below {count} vertices.").format(count=max_vertices))
    result.source = tr("{source} (simplified to {count} vertices)").format(source=aoi.source,
                                                                            count=result.vertex_count)
    return result


def aoi_to_geometry(aoi: Aoi) -> QgsGeometry:
    """The AOI as a QgsGeometry in EPSG:4326 (for drawing it, or clipping footprints)."""
    return geojson_to_geometry(aoi.geometry)


# --------------------------------------------------------------------------- AOI from a file

#: file suffixes offered in the file dialog and accepted by drag and drop (OGR opens more; these are the usual)
VECTOR_FILE_SUFFIXES = (".geojson", ".json", ".kml", ".kmz", ".gpkg", ".shp", ".zip", ".gml", ".fgb", ".gpx")
VECTOR_FILE_FILTER = ("Vector files (" + " ".join(f"*{s}" for s in VECTOR_FILE_SUFFIXES) + ");;All files (*)")
#: more features than this are not dissolved on the main thread: the user is asked to dissolve them first
MAX_FILE_FEATURES = 20_000


def _ogr_path(path: str) -> str:
    """A zipped shapefile is opened through GDAL's ``/vsizip/`` like QGIS's own browser does."""
    return f"/vsizip/{path}" if path.lower().endswith(".zip") and not path.startswith("/vsi") else path


def _polygon_layer_names(path: str) -> tuple[list[str], list[str]]:
    """(polygon layer names, other layer names) of a vector file; AoiError when OGR cannot open it."""
    from osgeo import gdal, ogr

    ds = gdal_open(path, gdal.OF_VECTOR | gdal.OF_READONLY)
    if ds is None:
        raise AoiError(tr("'{file}' is not a vector file GDAL/OGR can read. Use GeoJSON, KML, GeoPackage or "
                          "a Shapefile.").format(file=_file_label(path)))
    polygons, others = [], []
    for i in range(ds.GetLayerCount()):
        lyr = ds.GetLayerByIndex(i)
        flat = ogr.GT_Flatten(lyr.GetGeomType())
        if flat in (ogr.wkbPolygon, ogr.wkbMultiPolygon, ogr.wkbCurvePolygon, ogr.wkbMultiSurface,
                    ogr.wkbUnknown, ogr.wkbGeometryCollection):
            polygons.append(lyr.GetName())  # "unknown" (GeoJSON, KML): the features tell, below
        else:
            others.append(lyr.GetName())
    return polygons, others


def _file_label(path: str) -> str:
    from pathlib import PurePath

    return PurePath(path.replace("/vsizip/", "")).name or path


def aoi_from_file(path: str, max_area_km2: float = MAX_AREA_KM2, *, repair: bool = False) -> Aoi:
    """The polygons of a vector file (anything OGR opens: GeoJSON, KML, GeoPackage, Shapefile, zipped
    Shapefile ...) dissolved into one AOI in EPSG:4326.

    Every polygon layer of the file counts (a KML keeps each folder as a layer); points and lines are
    left out, and a file with nothing else is refused. Each layer is reprojected from its own CRS. All
    failures are ``AoiError`` with a message saying what to do; a broken file never raises anything else.
    """
    from pathlib import Path

    if not path or not Path(path.replace("/vsizip/", "")).exists():
        raise AoiError(tr("The file '{path}' does not exist.").format(path=path))
    label = _file_label(path)
    ogr_path = _ogr_path(path)
    try:
        names, others = _polygon_layer_names(ogr_path)
    except AoiError:
        if not path.lower().endswith(".kmz"):
            raise
        ogr_path = f"/vsizip/{path}/doc.kml"  # a GDAL without LIBKML reads the KML inside the KMZ
        names, others = _polygon_layer_names(ogr_path)
    geoms: list[QgsGeometry] = []
    invalid: list[str] = []
    skipped = 0
    total = 0
    for name in names:
        layer = QgsVectorLayer(f"{ogr_path}|layername={name}", name, "ogr")
        if not layer.isValid():
            continue
        crs = layer.crs()
        if not crs.isValid():
            raise AoiError(tr("'{label}': layer '{name}' has no coordinate reference system (a Shapefile without "
                              "its .prj?). Add it, or save the file as GeoJSON in EPSG:4326.").format(
                               label=label, name=name))
        context = QgsProject.instance().transformContext()
        xform = None if crs == wgs84() else QgsCoordinateTransform(crs, wgs84(), context)
        for feature in layer.getFeatures():
            total += 1
            if total > MAX_FILE_FEATURES:
                raise AoiError(tr("'{label}' has more than {limit} features. Dissolve them first "
                                  "(Vector ‣ Geoprocessing Tools ‣ Dissolve) and load the result.").format(
                                   label=label, limit=f"{MAX_FILE_FEATURES:,}"))
            if not feature.hasGeometry():
                continue
            geom = QgsGeometry(feature.geometry())
            if QgsWkbTypes.geometryType(geom.wkbType()) != QgsWkbTypes.GeometryType.PolygonGeometry:
                skipped += 1
                continue
            geom = _polygon_parts(geom)
            if geom.isEmpty():
                continue
            problem = _validity_problem(geom)
            if problem:
                if not repair:
                    invalid.append(problem)
                    continue
                geom = _polygon_parts(geom.makeValid())
            if xform is not None:
                try:
                    geom.transform(xform)
                except QgsCsException:
                    raise AoiError(tr("'{label}': the features of layer '{name}' cannot be converted to "
                                      "longitude/latitude from {crs}.").format(
                                       label=label, name=name, crs=crs.authid() or crs.description())) from None
            geoms.append(geom)
    if invalid:
        text = (tr("'{label}': {count} geometry is not valid ({problem}). Repair it (Vector ‣ Geometry Tools ‣ "
                   "Fix Geometries) or let the plugin repair with makeValid.") if len(invalid) == 1 else
                tr("'{label}': {count} geometries are not valid ({problem}). Repair them (Vector ‣ Geometry Tools ‣ "
                   "Fix Geometries) or let the plugin repair with makeValid."))
        raise AoiError(text.format(label=label, count=len(invalid), problem=invalid[0]), repairable=True)
    if not geoms:
        raise AoiError((tr("'{label}' holds points or lines, not polygons; an area of interest needs polygons.")
                        if others or skipped else
                        tr("'{label}' holds no features, not polygons; an area of interest needs polygons.")
                        ).format(label=label))
    count = len(geoms)
    source = (tr("{count} polygon from '{label}'") if count == 1 else tr("{count} polygons from '{label}'")).format(
        count=count, label=label)
    if repair:
        source = tr("{source} (repaired with makeValid)").format(source=source)
    merged = geoms[0] if count == 1 else QgsGeometry.unaryUnion(geoms)
    if merged is None or merged.isNull():
        raise AoiError(tr("'{label}': the polygons could not be merged into one area.").format(label=label))
    return aoi_from_geometry(merged, wgs84(), source, max_area_km2, repair=repair)


def vector_paths_from_mime(mime: Any) -> list[str]:
    """Local file paths in drag-and-drop data (``QMimeData`` with file URLs) that look like vector files.

    Why a helper: the dock accepts a drop only when this is non-empty (``dragEnterEvent``) and then calls
    ``aoi_from_file`` on the first path; keeping the rule here lets it be tested without a drag.
    """
    if mime is None or not mime.hasUrls():
        return []
    out = []
    for url in mime.urls():
        if not url.isLocalFile():
            continue
        path = url.toLocalFile()
        if path.lower().endswith(VECTOR_FILE_SUFFIXES):
            out.append(path)
    return out
