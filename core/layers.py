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
from pathlib import Path
from typing import Any

from qgis.core import (
    Qgis,
    QgsContrastEnhancement,
    QgsFeature,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsLayerTreeGroup,
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
from qgis.PyQt.QtCore import QCoreApplication, QDateTime

from ..providers.base import InputProduct
from ..providers.http import redact, safe_url
from .aoi import geojson_to_geometry
from .compat import field_type
from .settings import LOG_TAG

TEMPORARY_PROPERTY = "eo_orders/temporary"
ASSET_PROPERTY = "eo_orders/asset"
STREAMED_PROPERTY = "eo_orders/streamed"
FOOTPRINT_LAYER_NAME = "EO Orders – input footprints"
CUT_LOWER, CUT_UPPER = 0.02, 0.98
STATS_SAMPLE = 250_000

log = logging.getLogger("eo_orders.layers")

_RED = {"red", "b04", "b4", "r", "band4"}
_GREEN = {"green", "b03", "b3", "g", "band3"}
_BLUE = {"blue", "b02", "b2", "b", "band2"}


def _project(project: QgsProject | None) -> QgsProject:
    return project if project is not None else QgsProject.instance()


def result_group(group_name: str, project: QgsProject | None = None) -> QgsLayerTreeGroup:
    """The top-level layer-tree group ``group_name``, created at the top of the tree when missing."""
    root = _project(project).layerTreeRoot()
    group = root.findGroup(group_name)
    return group if group is not None else root.insertGroup(0, group_name)


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
    from osgeo import gdal

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
        ds = gdal.BuildVRT(str(vrt_path), [str(bands[b]) for b in names], separate=True)
        if ds is None:
            others.extend(bands.values())
            continue
        for i, name in enumerate(names, start=1):
            ds.GetRasterBand(i).SetDescription(name)
        ds = None  # flush the VRT to disk
        out.append(vrt_path)
    return sorted(out) + others


def add_result_layers(paths: Iterable[str | Path], group_name: str,
                      project: QgsProject | None = None) -> list[QgsRasterLayer]:
    """Add each raster file as a styled layer in the top-level group ``group_name``; skip unreadable ones.

    Band-per-file products are stacked first (``stack_band_files``), so they load as one RGB layer.
    """
    project = _project(project)
    group: QgsLayerTreeGroup | None = None
    added: list[QgsRasterLayer] = []
    for path in stack_band_files(paths):
        source = str(path)
        layer = QgsRasterLayer(source, Path(source).stem, "gdal")
        if not layer.isValid():
            QgsMessageLog.logMessage(f"Skipped {source}: GDAL cannot open it as a raster.", LOG_TAG,
                                     Qgis.MessageLevel.Warning)
            continue
        apply_default_style(layer)
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
    """Plugin unload: remove the project path writer (a reloaded plugin installs a fresh one)."""
    global _path_writer_id
    if _path_writer_id is not None:
        QgsPathResolver.removePathWriter(_path_writer_id)
        app = QCoreApplication.instance()
        if app is not None and app.property(_WRITER_APP_PROPERTY) == _path_writer_id:
            app.setProperty(_WRITER_APP_PROPERTY, None)
        _path_writer_id = None


def add_streamed_layer(url: str, name: str, group_name: str, project: QgsProject | None = None,
                       asset_ref: str = "") -> QgsRasterLayer:
    """Open a remote COG through GDAL ``/vsicurl/`` (needs a server honouring Range) in ``group_name``.

    ``asset_ref`` ("<connection_id>|<order_id>|<asset file name>") is stored in the layer property
    ``eo_orders/asset``; the URL's query (a signature) is never written into the project file.
    """
    project = _project(project)
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

    def __init__(self, project: QgsProject | None = None, name: str = FOOTPRINT_LAYER_NAME) -> None:
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
        self.layer.setCustomProperty(TEMPORARY_PROPERTY, True)
        self.layer.setFlags(self.layer.flags() & ~QgsMapLayer.LayerFlag.Searchable)
        symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "255,140,0,255",
                                             "outline_width": "0.6"})
        self.layer.renderer().setSymbol(symbol)
        self._fid_by_id: dict[str, int] = {}
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
        for product in products:
            f = QgsFeature(self.layer.fields())
            geom = geojson_to_geometry(product.footprint)
            if not geom.isEmpty():
                f.setGeometry(geom)
            f.setAttributes([product.id, product.name, _to_qdatetime(product.sensing_start), product.product_type,
                             product.cloud_cover])
            feats.append(f)
            ids.append(product.id)
        ok, added = dp.addFeatures(feats)
        if not ok:
            log.warning("could not add every footprint")
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


def remove_temporary_layers(project: QgsProject | None = None) -> int:
    """Remove every layer marked ``eo_orders/temporary``; returns how many (plugin unload calls this)."""
    project = _project(project)
    doomed = [layer_id for layer_id, layer in project.mapLayers().items()
              if _truthy(layer.customProperty(TEMPORARY_PROPERTY))]
    if doomed:
        project.removeMapLayers(doomed)
    return len(doomed)


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "1", "yes"))
