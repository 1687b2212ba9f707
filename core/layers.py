# SPDX-License-Identifier: GPL-2.0-or-later
"""Map layers the plugin creates: result rasters, streamed COGs, input footprints.

Why here and not in the dock: layer creation must run on the main thread after a task finished, and
the same rules apply wherever a result comes from. Results get a readable default style (a
2–98 % cumulative-cut stretch: EO reflectances and SAR backscatter look black with a plain min/max),
streamed layers never write a signed URL into a project file, and everything temporary is marked so
plugin unload can remove it.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from qgis.core import (
    Qgis,
    QgsContrastEnhancement,
    QgsDateTimeRange,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsLayerMetadata,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsMapLayer,
    QgsMessageLog,
    QgsMultiBandColorRenderer,
    QgsPathResolver,
    QgsProject,
    QgsRaster,
    QgsRasterLayer,
    QgsRasterMinMaxOrigin,
    QgsRectangle,
    QgsSingleBandGrayRenderer,
    QgsVectorLayer,
)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QDateTime, Qt

from ..providers.base import EoOrdersError, InputProduct
from ..providers.http import redact, safe_url
from ..providers.i18n import QT_TR_NOOP, tr
from .aoi import geojson_to_geometry
from .compat import field_type, qgis_enum
from .project_guard import (  # noqa: F401 - re-exported: callers know them as layers.*
    SKIP_MEMORY_CHECK_PROPERTY,
    TEMPORARY_PROPERTY,
    _remove_project_guards,
    install_project_guard,
    is_temporary_layer,
    mark_temporary,
    remove_temporary_layers,
)
from .result_info import ResultInfo
from .result_styles import apply_pseudocolour, co_cross_order, write_band_stack
from .settings import LOG_TAG

ASSET_PROPERTY = "eo_orders/asset"
STREAMED_PROPERTY = "eo_orders/streamed"
FOOTPRINT_LAYER_NAME = QT_TR_NOOP("EO Orders – input footprints")
CUT_LOWER, CUT_UPPER = 0.02, 0.98
STATS_SAMPLE = 250_000

log = logging.getLogger("eo_orders.layers")

#: the fixed-range temporal mode (QGIS 3.38 moved it to ``Qgis.RasterTemporalMode``)
FIXED_TEMPORAL_RANGE = qgis_enum("Qgis.RasterTemporalMode.FixedTemporalRange",
                                 "QgsRasterLayerTemporalProperties.ModeFixedTemporalRange")

_RED = {"red", "b04", "b4", "r", "band4"}
_GREEN = {"green", "b03", "b3", "g", "band3"}
_BLUE = {"blue", "b02", "b2", "b", "band2"}


def _project(project: QgsProject | None) -> QgsProject:
    return project if project is not None else QgsProject.instance()


def _results_insert_index(project: QgsProject) -> int:
    """Where a new result group goes: just under the plugin's overlays at the top of the tree.

    Why: the footprints are outlines without fill, so above a result they hide nothing, while a result
    raster above them hides the next search's footprints. Everything else in the tree stays below.
    """
    index = 0
    for node in project.layerTreeRoot().children():
        layer = node.layer() if isinstance(node, QgsLayerTreeLayer) else None
        if layer is None or not is_temporary_layer(layer):
            break
        index += 1
    return index


def result_group(group_name: str, project: QgsProject | None = None) -> QgsLayerTreeGroup:
    """The top-level layer-tree group ``group_name``; a new one goes at the top, under the footprints."""
    project = _project(project)
    root = project.layerTreeRoot()
    group = root.findGroup(group_name)
    return group if group is not None else root.insertGroup(_results_insert_index(project), group_name)


def _band_descriptions(path: str, count: int) -> list[str]:
    """GDAL band descriptions (e.g. "B04", "VV"); empty strings when GDAL cannot tell."""
    try:
        from osgeo import gdal

        ds = gdal.Open(path)
        if ds is None:
            return [""] * count
        return [(ds.GetRasterBand(i).GetDescription() or "").strip() for i in range(1, count + 1)]
    except Exception:  # GDAL missing or a path GDAL cannot reopen: styling falls back to band order
        return [""] * count


def _cut_enhancement(layer: QgsRasterLayer, band: int) -> QgsContrastEnhancement:
    dp = layer.dataProvider()
    ce = QgsContrastEnhancement(dp.dataType(band))
    ce.setContrastEnhancementAlgorithm(QgsContrastEnhancement.ContrastEnhancementAlgorithm.StretchToMinimumMaximum)
    lo, hi = dp.cumulativeCut(band, CUT_LOWER, CUT_UPPER, QgsRectangle(), STATS_SAMPLE)
    if not (hi > lo):
        stats = dp.bandStatistics(band, 0x2 | 0x4, QgsRectangle(), STATS_SAMPLE)  # Min | Max
        lo, hi = stats.minimumValue, stats.maximumValue
    ce.setMinimumValue(lo)
    ce.setMaximumValue(hi)
    return ce


def _cut_origin() -> QgsRasterMinMaxOrigin:
    origin = QgsRasterMinMaxOrigin()
    origin.setLimits(QgsRasterMinMaxOrigin.Limits.CumulativeCut)
    origin.setCumulativeCutLower(CUT_LOWER)
    origin.setCumulativeCutUpper(CUT_UPPER)
    origin.setExtent(QgsRasterMinMaxOrigin.Extent.WholeRaster)
    origin.setStatAccuracy(QgsRasterMinMaxOrigin.StatAccuracy.Estimated)
    return origin


def _rgb_bands(layer: QgsRasterLayer, descriptions: Sequence[str]) -> tuple[int, int, int]:
    """Natural colour where the file says which band is which, else bands 1, 2, 3."""
    dp = layer.dataProvider()
    found: dict[str, int] = {}
    interp = {QgsRaster.ColorInterpretation.RedBand: "r", QgsRaster.ColorInterpretation.GreenBand: "g",
              QgsRaster.ColorInterpretation.BlueBand: "b"}
    for band in range(1, layer.bandCount() + 1):
        colour = interp.get(dp.colorInterpretation(band))
        if colour and colour not in found:
            found[colour] = band
    if len(found) < 3:
        found = {}
        for band, desc in enumerate(descriptions, start=1):
            key = desc.lower()
            for colour, names in (("r", _RED), ("g", _GREEN), ("b", _BLUE)):
                if key in names and colour not in found:
                    found[colour] = band
    if len(found) == 3:
        return found["r"], found["g"], found["b"]
    return 1, 2, 3


def apply_default_style(layer: QgsRasterLayer, descriptions: Sequence[str] | None = None) -> None:
    """1 band or 2 (SAR VV/VH): gray with a cumulative-cut stretch; 3+: RGB with per-band stretch.

    Paletted rasters (class maps with a colour table) keep the palette GDAL gives them.
    """
    dp = layer.dataProvider()
    count = layer.bandCount()
    descriptions = list(descriptions) if descriptions is not None else _band_descriptions(layer.source(), count)
    if count == 1 and dp.colorInterpretation(1) == QgsRaster.ColorInterpretation.PaletteIndex:
        return
    if count >= 3:
        r, g, b = _rgb_bands(layer, descriptions)
        renderer = QgsMultiBandColorRenderer(dp, r, g, b)
        renderer.setRedContrastEnhancement(_cut_enhancement(layer, r))
        renderer.setGreenContrastEnhancement(_cut_enhancement(layer, g))
        renderer.setBlueContrastEnhancement(_cut_enhancement(layer, b))
        for band in range(1, count + 1):
            if dp.colorInterpretation(band) == QgsRaster.ColorInterpretation.AlphaBand:
                renderer.setAlphaBand(band)
    else:
        band = 1
        if count == 2:
            lowered = [d.lower() for d in descriptions]
            band = lowered.index("vv") + 1 if "vv" in lowered else 1
        renderer = QgsSingleBandGrayRenderer(dp, band)
        renderer.setContrastEnhancement(_cut_enhancement(layer, band))
    renderer.setMinMaxOrigin(_cut_origin())
    layer.setRenderer(renderer)


_BAND_FILE = re.compile(r"^(?P<stem>.*?)[_-](?P<band>B(?:0[1-9]|1[0-2]|8A))(?:[_-](?P<res>\d+m))?$", re.I)
#: natural colour first (red, green, blue), then the rest in band order
_STACK_ORDER = ("B04", "B03", "B02", "B08", "B8A", "B05", "B06", "B07", "B11", "B12", "B01", "B09", "B10")


def stack_band_files(paths: Iterable[str | Path]) -> list[Path]:
    """Replace one-band-per-file products (Sentinel-2 ``…_B04_10m.jp2``) by one VRT stack per product.

    Why: an analyst wants one natural-colour layer, not four grey ones. The VRT lists red, green, blue
    first, so the default RGB style shows natural colour; files are referenced, not copied. Rasters that
    are not band files, and products with fewer than three of B02/B03/B04, stay as they are.
    """
    groups: dict[tuple[Path, str, str], dict[str, Path]] = {}
    others: list[Path] = []
    for path in map(Path, paths):
        m = _BAND_FILE.match(path.stem)
        if m is None:
            others.append(path)
            continue
        key = (path.parent, m.group("stem"), (m.group("res") or "").lower())
        groups.setdefault(key, {})[m.group("band").upper()] = path
    out: list[Path] = []
    for (folder, stem, res), bands in groups.items():
        if not {"B02", "B03", "B04"} <= bands.keys():
            others.extend(bands.values())
            continue
        names = [b for b in _STACK_ORDER if b in bands] + sorted(set(bands) - set(_STACK_ORDER))
        vrt_path = folder / f"{stem}{'_' + res if res else ''}_natural_colour.vrt"
        if not write_band_stack(vrt_path, [bands[b] for b in names], names):
            others.extend(bands.values())
            continue
        out.append(vrt_path)
    return sorted(out) + others


#: layer property: the result file a layer was made from (a second "Download & load" finds it again)
RESULT_FILE_PROPERTY = "eo_orders/result_file"
#: layer property: the provider's id of the order a result layer came from (zoom to an order's results)
ORDER_PROPERTY = "eo_orders/order_id"


def order_layers(order_id: str, project: QgsProject | None = None) -> list[QgsMapLayer]:
    """The result layers (downloaded or streamed) of order ``order_id`` in the project."""
    return [lyr for lyr in _project(project).mapLayers().values()
            if order_id and lyr.customProperty(ORDER_PROPERTY) == order_id]


def _polarisation_bands(path: str) -> list[str]:
    """The bands' polarisations when every band description names one (``["VV", "VH"]``), else []."""
    from .result_info import POLARISATIONS

    try:
        from osgeo import gdal

        ds = gdal.Open(path)
        names = [(ds.GetRasterBand(i).GetDescription() or "").strip().upper() for i in range(1, ds.RasterCount + 1)]
    except Exception:  # GDAL absent or the file unreadable: the layer loads without polarisations
        return []
    return names if names and all(n in POLARISATIONS for n in names) else []


def _existing_result_layer(project: QgsProject, key: str) -> QgsRasterLayer | None:
    for layer in project.mapLayers().values():
        if isinstance(layer, QgsRasterLayer) and layer.customProperty(RESULT_FILE_PROPERTY) == key:
            return layer
    return None


def _qdt(value: datetime) -> QDateTime:
    """A timezone-aware datetime as a UTC QDateTime (QGIS's temporal controller compares in UTC)."""
    utc = value.astimezone(timezone.utc) if value.tzinfo else value.replace(tzinfo=timezone.utc)
    out = QDateTime.fromString(utc.strftime("%Y-%m-%dT%H:%M:%S"), Qt.DateFormat.ISODate)
    out.setTimeSpec(Qt.TimeSpec.UTC)
    return out


def set_acquisition_time(layer: QgsRasterLayer, start: datetime | None, end: datetime | None = None) -> bool:
    """The acquisition time as the layer's fixed temporal range, so QGIS's temporal controller animates a
    series of results; False when the time is unknown (the layer then shows at every time)."""
    if start is None:
        return False
    rng = QgsDateTimeRange(_qdt(start), _qdt(end if end is not None and end >= start else start))
    props = layer.temporalProperties()
    props.setMode(FIXED_TEMPORAL_RANGE)
    props.setFixedTemporalRange(rng)
    props.setIsActive(True)
    return True


def fill_metadata(layer: QgsRasterLayer, info: ResultInfo) -> QgsLayerMetadata:
    """``QgsLayerMetadata`` from what the provider told: title, abstract, keywords (mission, product type,
    provider, order), licence, temporal extent, identifier."""
    md = QgsLayerMetadata(layer.metadata())
    md.setTitle(layer.name())
    md.setIdentifier(info.product or info.order_id)
    md.setParentIdentifier(info.order_id)
    md.setType("dataset")
    md.setAbstract(info.abstract())
    md.setKeywords(info.keywords())
    if info.mission:
        md.setCategories([info.mission])
    if info.licence:
        md.setLicenses([info.licence])
    if info.start is not None:
        extent = md.extent()
        extent.setTemporalExtents([QgsDateTimeRange(_qdt(info.start), _qdt(info.end or info.start))])
        md.setExtent(extent)
    layer.setMetadata(md)
    return md


def _style_result(layer: QgsRasterLayer, info: ResultInfo, sar: bool) -> str:
    """Style ``layer`` for its product type; returns the band label for its name ("VV/VH", "" for RGB)."""
    count = layer.bandCount()
    dp = layer.dataProvider()
    if sar:
        if count == 3:  # the false-colour VRT: VV, VH, VV − VH in dB
            renderer = QgsMultiBandColorRenderer(dp, 1, 2, 3)
            renderer.setRedContrastEnhancement(_cut_enhancement(layer, 1))
            renderer.setGreenContrastEnhancement(_cut_enhancement(layer, 2))
            renderer.setBlueContrastEnhancement(_cut_enhancement(layer, 3))
        else:
            renderer = QgsSingleBandGrayRenderer(dp, 1)
            renderer.setContrastEnhancement(_cut_enhancement(layer, 1))
        renderer.setMinMaxOrigin(_cut_origin())
        layer.setRenderer(renderer)
        return "/".join(co_cross_order(info.polarisations)) + " (dB)"
    if count in (1, 2) and dp.colorInterpretation(1) != QgsRaster.ColorInterpretation.PaletteIndex:
        ce = _cut_enhancement(layer, 1)
        renderer = apply_pseudocolour(layer, 1, ce.minimumValue(), ce.maximumValue())
        renderer.setMinMaxOrigin(_cut_origin())
        return info.polarisations[0] if info.polarisations else ""  # the band shown
    apply_default_style(layer)
    return ""


def add_result_layers(paths: Iterable[str | Path], group_name: str, project: QgsProject | None = None,
                      info: ResultInfo | None = None, root: str | Path | None = None) -> list[QgsRasterLayer]:
    """Add each result raster as a named, styled, time-stamped layer in the top-level group ``group_name``.

    - names come from the order and product (``ResultInfo``), not file names: "Sentinel-1A · CARD-BS ·
      2024-01-05 05:12 UTC · VV/VH (dB)"; ``root`` is the order's download folder, whose sub-folders are
      the products;
    - a file loaded before (a second "Download & load") is not added again: its layer is returned;
    - band-per-file products are stacked (Sentinel-2 bands to natural colour, VV/VH files to one dual-pol
      product); SAR backscatter shows in dB (VV/VH false colour), other single-band products in
      pseudocolour with a legend, optical products in RGB;
    - ``QgsLayerMetadata`` and the layer's temporal range carry the acquisition time.

    Unreadable files are skipped with a warning in the log.
    """
    from .result_info import gdal_acquisition_time, product_of
    from .result_styles import sar_db_vrt, stack_polarisation_files

    project = _project(project)
    info = info if info is not None else ResultInfo(order_name=group_name)
    group: QgsLayerTreeGroup | None = None
    added: list[QgsRasterLayer] = []
    stacked_paths, stacked_pols = stack_polarisation_files(stack_band_files(paths))
    for path in stacked_paths:
        key = str(Path(path).resolve())
        existing = _existing_result_layer(project, key)
        if existing is not None:
            added.append(existing)
            continue
        pinfo = info.for_product(product_of(path, root), Path(path).stem)
        if path in stacked_pols:
            pinfo.polarisations = stacked_pols[path]
        elif not pinfo.polarisations:
            pinfo.polarisations = _polarisation_bands(str(path))
        if pinfo.start is None:
            pinfo.start = pinfo.end = gdal_acquisition_time(str(path))
        source = str(path)
        sar = False
        if pinfo.is_backscatter:
            db = sar_db_vrt(path, pinfo.polarisations)
            probe = QgsRasterLayer(str(db) if db else source, "", "gdal")
            sar = probe.isValid() and probe.bandCount() in (1, 3) and (db is not None or probe.bandCount() == 1)
            source = str(db) if db and sar else source
        layer = QgsRasterLayer(source, pinfo.product or Path(source).stem, "gdal")
        if not layer.isValid():
            QgsMessageLog.logMessage(f"Skipped {path}: GDAL cannot open it as a raster.", LOG_TAG,
                                     Qgis.MessageLevel.Warning)
            continue
        bands = _style_result(layer, pinfo, sar)
        layer.setName(pinfo.layer_name(bands))
        layer.setCustomProperty(RESULT_FILE_PROPERTY, key)
        if pinfo.order_id:
            layer.setCustomProperty(ORDER_PROPERTY, pinfo.order_id)
        fill_metadata(layer, pinfo)
        set_acquisition_time(layer, pinfo.start, pinfo.end)
        if group is None:
            group = result_group(group_name, project)
        project.addMapLayer(layer, False)
        group.addLayer(layer)
        added.append(layer)
    return added


# --------------------------------------------------------------------------- streamed layers


def safe_streamed_source(source: str) -> str:
    """A streamed layer's source without its query string, safe to write into a project file."""
    prefix = "/vsicurl/"
    if source.startswith(prefix):
        return prefix + safe_url(source[len(prefix):])
    return redact(safe_url(source))


#: full sources of streamed layers whose URL carries a query (a signature, maybe): never written out
_signed_sources: set[str] = set()
_path_writer_id: str | None = None


def _path_writer(path: str) -> str:
    """QGIS calls this for every path it writes into a project (``<datasource>``, the layer tree ...)."""
    try:
        if path in _signed_sources or ("/vsicurl/" + path) in _signed_sources:
            return safe_streamed_source(path)
    except Exception:  # a writer must never break saving the project
        log.exception("path writer failed")
    return path


#: kept on the QApplication so a reloaded plugin (a fresh module) can remove the writer of its predecessor
_WRITER_APP_PROPERTY = "eo_orders_path_writer_id"


def _install_path_writer() -> None:
    global _path_writer_id
    if _path_writer_id is None:
        app = QCoreApplication.instance()
        previous = app.property(_WRITER_APP_PROPERTY) if app is not None else None
        if previous:
            QgsPathResolver.removePathWriter(str(previous))
        _path_writer_id = QgsPathResolver.setPathWriter(_path_writer)
        if app is not None:
            app.setProperty(_WRITER_APP_PROPERTY, _path_writer_id)


def unload() -> None:
    """Plugin unload: remove the project path writer and guards (a reloaded plugin installs fresh ones)."""
    global _path_writer_id
    _remove_project_guards()
    if _path_writer_id is not None:
        QgsPathResolver.removePathWriter(_path_writer_id)
        app = QCoreApplication.instance()
        if app is not None and app.property(_WRITER_APP_PROPERTY) == _path_writer_id:
            app.setProperty(_WRITER_APP_PROPERTY, None)
        _path_writer_id = None


def add_streamed_layer(url: str, name: str, group_name: str, project: QgsProject | None = None,
                       asset_ref: str = "", info: ResultInfo | None = None) -> QgsRasterLayer:
    """Open a remote COG through GDAL ``/vsicurl/`` (needs a server honouring Range) in ``group_name``.

    ``asset_ref`` ("<connection_id>|<order_id>|<asset file name>") is stored in the layer property
    ``eo_orders/asset``; the URL's query (a signature) is never written into the project file. A layer
    already streaming that asset is re-pointed at the fresh ``url`` instead of being added twice. With
    ``info`` the layer is named, described and time-stamped like a downloaded result.
    """
    project = _project(project)
    if asset_ref:
        for existing in project.mapLayers().values():
            if isinstance(existing, QgsRasterLayer) and existing.customProperty(ASSET_PROPERTY) == asset_ref:
                set_streamed_source(existing, url)
                return existing
    layer = QgsRasterLayer("/vsicurl/" + url, name, "gdal")
    layer.setCustomProperty(STREAMED_PROPERTY, True)
    if asset_ref:
        layer.setCustomProperty(ASSET_PROPERTY, asset_ref)
    if not layer.isValid():
        QgsMessageLog.logMessage(f"Could not stream {safe_url(url)}: GDAL cannot open it.", LOG_TAG,
                                 Qgis.MessageLevel.Warning)
        return layer
    if "?" in url:
        _signed_sources.add(layer.source())
        _install_path_writer()
    apply_default_style(layer, [""] * layer.bandCount())
    if info is not None:
        pinfo = info.for_product(Path(name).stem, Path(name).stem)
        bands = "/".join(co_cross_order(pinfo.polarisations)) if pinfo.is_backscatter else ""
        layer.setName(pinfo.layer_name(bands))
        fill_metadata(layer, pinfo)
        set_acquisition_time(layer, pinfo.start, pinfo.end)
        if pinfo.order_id:
            layer.setCustomProperty(ORDER_PROPERTY, pinfo.order_id)
    project.addMapLayer(layer, False)
    result_group(group_name, project).addLayer(layer)
    return layer


def streamed_layers_to_resolve(project: QgsProject | None = None) -> dict[str, list[tuple[str, str, str]]]:
    """Streamed layers of a (re)opened project, by connection id: ``[(layer id, order id, file name)]``.

    Their saved source has no signature (see ``_path_writer``), so each needs a fresh URL from its
    provider before it can draw again.
    """
    out: dict[str, list[tuple[str, str, str]]] = {}
    for layer in _project(project).mapLayers().values():
        ref = layer.customProperty(ASSET_PROPERTY)
        if not isinstance(layer, QgsRasterLayer) or not ref or str(ref).count("|") != 2:
            continue
        conn_id, order_id, file_name = str(ref).split("|")
        out.setdefault(conn_id, []).append((layer.id(), order_id, file_name))
    return out


def set_streamed_source(layer: QgsRasterLayer, url: str) -> bool:
    """Point a streamed layer at a freshly signed URL (kept out of project files like the first one)."""
    source = "/vsicurl/" + url
    if "?" in url:
        _signed_sources.add(source)
        _install_path_writer()
    layer.setDataSource(source, layer.name(), "gdal")
    if layer.isValid():
        layer.triggerRepaint()
    return layer.isValid()


# --------------------------------------------------------------------------- footprints


def _to_qdatetime(value: Any) -> QDateTime:
    return QDateTime(value) if value is not None else QDateTime()


class FootprintLayer:
    """A temporary memory layer with the footprints of catalogue products (EPSG:4326).

    It defines no signals of its own: the dock syncs selection with ``layer.selectionChanged`` and its
    table's selection model, using ``select_ids`` / ``selected_ids``.
    """

    def __init__(self, project: QgsProject | None = None, name: str = "") -> None:
        name = name or tr(FOOTPRINT_LAYER_NAME)
        self.project = _project(project)
        fields = QgsFields()
        fields.append(QgsField("id", field_type("string")))
        fields.append(QgsField("name", field_type("string")))
        fields.append(QgsField("start", field_type("datetime")))
        fields.append(QgsField("product_type", field_type("string")))
        fields.append(QgsField("cloud_cover", field_type("double")))
        self.layer = QgsVectorLayer("Polygon?crs=EPSG:4326", name, "memory")
        self.layer.dataProvider().addAttributes(fields.toList())
        self.layer.updateFields()
        mark_temporary(self.layer, self.project)
        self.layer.setFlags(self.layer.flags() & ~QgsMapLayer.LayerFlag.Searchable)
        symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "255,140,0,255",
                                             "outline_width": "0.6"})
        self.layer.renderer().setSymbol(symbol)
        self._fid_by_id: dict[str, int] = {}
        #: products of the last ``set_products`` whose footprint could not be drawn (listed without one)
        self.skipped_footprints = 0
        self._id_by_fid: dict[int, str] = {}
        self.project.addMapLayer(self.layer, False)
        self.project.layerTreeRoot().insertLayer(0, self.layer)

    def _alive(self) -> bool:
        return not sip.isdeleted(self.layer)

    def set_products(self, products: Iterable[InputProduct]) -> None:
        """Replace the footprints with those of ``products`` (products without footprint get none)."""
        if not self._alive():
            return
        dp = self.layer.dataProvider()
        self.layer.removeSelection()
        dp.truncate()
        feats = []
        ids: list[str] = []
        skipped = 0
        for product in products:
            f = QgsFeature(self.layer.fields())
            try:
                geom = geojson_to_geometry(product.footprint)
            except (EoOrdersError, KeyError, TypeError, ValueError, IndexError, AttributeError, RecursionError):
                geom, skipped = QgsGeometry(), skipped + 1  # a malformed footprint: listed, not drawn
            if not geom.isEmpty():
                f.setGeometry(geom)
            f.setAttributes([product.id, product.name, _to_qdatetime(product.sensing_start), product.product_type,
                             product.cloud_cover])
            feats.append(f)
            ids.append(product.id)
        ok, added = dp.addFeatures(feats)
        if not ok:
            log.warning("could not add every footprint")
        self.skipped_footprints = skipped
        if skipped:
            log.warning("%d products have a footprint that cannot be drawn; they are listed without one", skipped)
        self._fid_by_id = {pid: f.id() for pid, f in zip(ids, added)}
        self._id_by_fid = {fid: pid for pid, fid in self._fid_by_id.items()}
        self.layer.updateExtents()
        self.layer.triggerRepaint()

    def select_ids(self, ids: Iterable[str]) -> None:
        """Select exactly the products ``ids`` (unknown ids are ignored)."""
        if not self._alive():
            return
        fids = [self._fid_by_id[i] for i in ids if i in self._fid_by_id]
        self.layer.selectByIds(fids)

    def selected_ids(self) -> list[str]:
        """Selected product ids, in the order the products were given."""
        if not self._alive():
            return []
        selected = set(self.layer.selectedFeatureIds())
        return [pid for pid, fid in self._fid_by_id.items() if fid in selected]

    def remove(self) -> None:
        if self._alive() and self.project.mapLayer(self.layer.id()) is not None:
            self.project.removeMapLayer(self.layer.id())
