# SPDX-License-Identifier: GPL-2.0-or-later
"""Result layers that read well, and the footprint layer kept out of saved projects, in real QGIS.

Rasters are real GDAL files made here (``make_cog`` from test_layers); projects are really written to
disk and read back.
"""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import (
    QgsDateTimeRange,
    QgsInterval,
    QgsLayerTreeGroup,
    QgsLayerTreeLayer,
    QgsMultiBandColorRenderer,
    QgsProject,
    QgsSingleBandPseudoColorRenderer,
    QgsTemporalNavigationObject,
    QgsUnitTypes,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, Qt, QTime
from qgis.PyQt.QtWidgets import QApplication

from eo_orders.core.layers import (
    FIXED_TEMPORAL_RANGE,
    FOOTPRINT_LAYER_NAME,
    FootprintLayer,
    add_result_layers,
    add_streamed_layer,
    order_layers,
)
from eo_orders.core.project_guard import (
    SKIP_MEMORY_CHECK_PROPERTY,
    TEMPORARY_PROPERTY,
    _remove_project_guards,
    install_project_guard,
    is_temporary_layer,
)
from eo_orders.core.result_info import ResultInfo, parse_product_name, polarisations_in
from eo_orders.providers.base import InputProduct, Order, OrderStatus
from eo_orders.providers.capella import CapellaProvider
from eo_orders.providers.cdse_odp import CdseOdpProvider
from eo_orders.providers.creodias_finder import CreodiasFinderProvider
from tests.helpers.local_app import bucket_file

from .test_layers import make_cog

SQUARE = {"type": "Polygon", "coordinates": [[[12.4, 41.8], [12.6, 41.8], [12.6, 41.95], [12.4, 41.95],
                                              [12.4, 41.8]]]}


@pytest.fixture()
def project(qgis_new_project):
    proj = QgsProject.instance()
    yield proj
    proj.clear()


def _footprints() -> FootprintLayer:
    fp = FootprintLayer()
    fp.set_products([InputProduct(id="p1", name="S1A_IW_GRDH_1SDV_20240105T051234", footprint=SQUARE,
                                  sensing_start=datetime(2024, 1, 5, 5, 12, 34, tzinfo=timezone.utc))])
    return fp


def test_footprints_never_reach_a_saved_project(project, tmp_path):
    user = QgsVectorLayer("Polygon?crs=EPSG:4326", "my fields", "memory")
    project.addMapLayer(user)
    fp = _footprints()
    assert fp.layer.customProperty(SKIP_MEMORY_CHECK_PROPERTY) == 1  # no scratch-layer prompt on quit
    path = tmp_path / "analysis.qgs"
    assert project.write(str(path))
    text = path.read_text(encoding="utf-8")
    assert fp.layer.id() not in text and FOOTPRINT_LAYER_NAME not in text
    assert user.id() in text  # the user's own memory layer is saved as always
    # the session keeps its footprints after saving, in the layer order too, and the project is clean
    QApplication.processEvents()
    assert project.mapLayer(fp.layer.id()) is fp.layer and fp.layer.featureCount() == 1
    assert fp.layer in project.layerTreeRoot().customLayerOrder()
    assert not project.isDirty()

    qgz = tmp_path / "analysis.qgz"  # the default format of QGIS's "Save"
    assert project.write(str(qgz))
    with zipfile.ZipFile(qgz) as zf:
        inner = zf.read(next(n for n in zf.namelist() if n.endswith(".qgs"))).decode("utf-8")
    assert fp.layer.id() not in inner and user.id() in inner

    project.clear()
    assert project.read(str(path))
    names = [lyr.name() for lyr in project.mapLayers().values()]
    assert names == ["my fields"]
    assert all(isinstance(n, QgsLayerTreeLayer) and n.layer() is not None
               for n in project.layerTreeRoot().children())  # no dangling tree node


def test_an_older_project_holding_footprints_drops_them_on_read(project, tmp_path):
    fp = _footprints()
    _remove_project_guards()  # as the plugin before this fix: the layer is written out
    path = tmp_path / "old.qgs"
    assert project.write(str(path))
    assert fp.layer.id() in path.read_text(encoding="utf-8")
    project.clear()
    install_project_guard(project)
    assert project.read(str(path))
    assert not any(is_temporary_layer(lyr) or lyr.customProperty(TEMPORARY_PROPERTY)
                   for lyr in project.mapLayers().values())
    assert project.mapLayersByName(FOOTPRINT_LAYER_NAME) == []


def test_result_groups_go_under_the_footprints_and_above_the_rest(project, tmp_path):
    basemap = QgsVectorLayer("Polygon?crs=EPSG:4326", "basemap", "memory")
    project.addMapLayer(basemap)
    fp = _footprints()
    first = add_result_layers([make_cog(tmp_path / "a.tif", 1)], "Order A")
    second = add_result_layers([make_cog(tmp_path / "b.tif", 1)], "Order B")
    assert first and second
    top = project.layerTreeRoot().children()
    assert isinstance(top[0], QgsLayerTreeLayer) and top[0].layer() is fp.layer
    assert [n.name() for n in top[1:3]] == ["Order B", "Order A"]
    assert all(isinstance(n, QgsLayerTreeGroup) for n in top[1:3])
    assert top[-1].layer() is basemap
    # drawing order follows the tree: footprints drawn over the results, results over the basemap
    order = project.layerTreeRoot().layerOrder()
    assert order.index(fp.layer) < order.index(second[0]) < order.index(first[0]) < order.index(basemap)


# --------------------------------------------------------------------------- results that read well

S1_PRODUCT = "S1A_IW_GRDH_1SDV_20240105T051234_20240105T051259_052000_064A1B_ABCD_CARD_BS"
S2_PRODUCT = "S2B_MSIL2A_20240117T101309_N0510_R022_T32TQM_20240117T122010"


def write_raster(path: Path, arrays: list[np.ndarray], descriptions: list[str] | None = None,
                 metadata: dict[str, str] | None = None, dtype: int = gdal.GDT_Float32) -> Path:
    """A GeoTIFF in UTM 33N over Rome with the given band arrays."""
    path.parent.mkdir(parents=True, exist_ok=True)
    h, w = arrays[0].shape
    ds = gdal.GetDriverByName("GTiff").Create(str(path), w, h, len(arrays), dtype, ["TILED=YES"])
    ds.SetGeoTransform((284_000.0, 40.0, 0, 4_650_000.0, 0, -40.0))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    ds.SetProjection(srs.ExportToWkt())
    for i, arr in enumerate(arrays, start=1):
        band = ds.GetRasterBand(i)
        band.WriteArray(arr)
        if descriptions:
            band.SetDescription(descriptions[i - 1])
    if metadata:
        ds.SetMetadata(metadata)
    ds = None
    return path


def linear_backscatter(seed: int, mean_db: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return (10 ** ((mean_db + rng.normal(0, 2, (128, 128))) / 10)).astype("float32")


def _order(**kw) -> Order:
    return Order(id=kw.pop("id", "ord-7"), name=kw.pop("name", "Rome floods"), status=OrderStatus.COMPLETED, **kw)


def _utc(*args) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


def test_card_bs_dual_pol_reads_well_and_loads_once(project, tmp_path):
    root = tmp_path / "Rome floods"
    vv, vh = linear_backscatter(1, -8.0), linear_backscatter(2, -15.0)
    tif = write_raster(root / S1_PRODUCT / "measurement" / f"{S1_PRODUCT}_VV_VH.tif", [vv, vh])
    info = ResultInfo.from_order(_order(workflow_name="card_bs"), CdseOdpProvider)

    layers = add_result_layers([tif], "Rome floods", info=info, root=root)
    assert len(layers) == 1
    layer = layers[0]
    assert layer.name() == "Sentinel-1A · CARD-BS · 2024-01-05 05:12 UTC · VV/VH (dB)"

    # VV/VH false colour in dB: red = VV, green = VH, blue = VV − VH, each stretched on its own
    r = layer.renderer()
    assert isinstance(r, QgsMultiBandColorRenderer) and (r.redBand(), r.greenBand(), r.blueBand()) == (1, 2, 3)
    assert -14 < r.redContrastEnhancement().minimumValue() < -8 < r.redContrastEnhancement().maximumValue() < -2
    assert -21 < r.greenContrastEnhancement().minimumValue() < -15 < r.greenContrastEnhancement().maximumValue()
    ds = gdal.Open(layer.source())
    db = [ds.GetRasterBand(i).ReadAsArray() for i in (1, 2, 3)]
    assert np.allclose(db[0], 10 * np.log10(vv), atol=1e-4)
    assert np.allclose(db[1], 10 * np.log10(vh), atol=1e-4)
    assert np.allclose(db[2], db[0] - db[1], atol=1e-4)
    assert [ds.GetRasterBand(i).GetDescription() for i in (1, 2, 3)] == ["VV (dB)", "VH (dB)", "VV − VH (dB)"]

    md = layer.metadata()
    assert md.title() == layer.name()
    assert md.keywords()["mission"] == ["Sentinel-1A"]
    assert md.keywords()["product type"] == ["CARD-BS"]
    assert md.keywords()["order"] == ["ord-7"]
    assert md.keywords()["provider"] == ["CDSE On-Demand Processing"]
    assert md.keywords()["polarisation"] == ["VV", "VH"]
    assert md.identifier() == S1_PRODUCT and md.parentIdentifier() == "ord-7"
    assert any("Copernicus" in lic for lic in md.licenses())
    assert "Rome floods" in md.abstract() and "2024-01-05 05:12:34 UTC" in md.abstract()
    (extent,) = md.extent().temporalExtents()
    assert extent.begin().toUTC().toString(Qt.DateFormat.ISODate) == "2024-01-05T05:12:34Z"
    assert extent.end().toUTC().toString(Qt.DateFormat.ISODate) == "2024-01-05T05:12:59Z"

    props = layer.temporalProperties()
    assert props.isActive() and props.mode() == FIXED_TEMPORAL_RANGE
    rng = props.fixedTemporalRange()
    assert rng.begin().toUTC().toString(Qt.DateFormat.ISODate) == "2024-01-05T05:12:34Z"
    assert rng.end().toUTC().toString(Qt.DateFormat.ISODate) == "2024-01-05T05:12:59Z"

    group = project.layerTreeRoot().findGroup("Rome floods")
    assert [n.layer() for n in group.findLayers()] == [layer]
    assert order_layers("ord-7") == [layer] and order_layers("another") == []

    # a second "Download & load" finds the same layer: nothing is added twice
    count = len(project.mapLayers())
    again = add_result_layers([tif], "Rome floods", info=info, root=root)
    assert again == [layer]
    assert len(project.mapLayers()) == count and len(group.findLayers()) == 1


def test_one_file_per_polarisation_becomes_one_dual_pol_layer(project, tmp_path):
    root = tmp_path / "order"
    folder = root / S1_PRODUCT / "measurement"
    vh = write_raster(folder / "VH.tif", [linear_backscatter(3, -16.0)])
    vv = write_raster(folder / "VV.tif", [linear_backscatter(4, -9.0)])
    (layer,) = add_result_layers([vh, vv], "Order", info=ResultInfo.from_order(_order(workflow_name="card_bs")),
                                 root=root)
    assert layer.name().endswith("· VV/VH (dB)") and layer.bandCount() == 3
    ds = gdal.Open(layer.source())
    assert np.allclose(ds.GetRasterBand(1).ReadAsArray(),
                       10 * np.log10(gdal.Open(str(vv)).ReadAsArray()), atol=1e-4)  # red is VV


def test_optical_product_is_natural_colour_and_named_from_its_product(project, tmp_path):
    root = tmp_path / "order"
    folder = root / f"{S2_PRODUCT}.SAFE" / "IMG_DATA"
    rng = np.random.default_rng(5)
    files = [write_raster(folder / f"T32TQM_20240117T101309_{b}_10m.tif",
                          [rng.integers(300, 4000, (64, 64)).astype("uint16")], dtype=gdal.GDT_UInt16)
             for b in ("B02", "B03", "B04")]
    info = ResultInfo.from_order(_order(name="Rome L2A"), CreodiasFinderProvider)
    (layer,) = add_result_layers(files, "Rome L2A", info=info, root=root)
    assert layer.name() == "Sentinel-2B · MSIL2A · 2024-01-17 10:13 UTC"
    r = layer.renderer()
    assert isinstance(r, QgsMultiBandColorRenderer) and (r.redBand(), r.greenBand(), r.blueBand()) == (1, 2, 3)
    rng_ = layer.temporalProperties().fixedTemporalRange()
    assert rng_.begin() == rng_.end()  # Sentinel-2's second time is the processing baseline's, not an end
    assert layer.metadata().keywords()["provider"] == ["CREODIAS Finder orders"]


def test_single_band_product_gets_pseudocolour_with_a_legend(project, tmp_path):
    rng = np.random.default_rng(6)
    coh = write_raster(tmp_path / "S1A_IW_SLC__1SDV_20240105T051234_20240117T051234_CARD_COH12.tif",
                       [rng.uniform(0.1, 0.9, (64, 64)).astype("float32")])
    (layer,) = add_result_layers([coh], "Coherence", info=ResultInfo.from_order(_order(workflow_name="card_coh12")))
    r = layer.renderer()
    assert isinstance(r, QgsSingleBandPseudoColorRenderer) and r.band() == 1
    assert 0.1 <= r.classificationMin() < 0.2 and 0.8 < r.classificationMax() <= 0.9
    legend = r.legendSymbologyItems()
    assert len(legend) == 5 and float(legend[0][0]) == pytest.approx(r.classificationMin(), abs=1e-3)
    assert layer.name() == "Sentinel-1A · CARD-COH12 · 2024-01-05 05:12 UTC"
    props = layer.temporalProperties()
    assert props.fixedTemporalRange().end().toUTC().toString(Qt.DateFormat.ISODate) == "2024-01-17T05:12:34Z"


def test_a_time_series_animates_with_the_temporal_controller(project, tmp_path):
    info = ResultInfo.from_order(_order(workflow_name="card_bs"))
    paths = []
    for day, seed in (("20240105", 7), ("20240117", 8)):
        name = f"S1A_IW_GRDH_1SDV_{day}T051234_{day}T051259_052000_064A1B_ABCD_CARD_BS"
        paths.append(write_raster(tmp_path / name / f"{name}_VV_VH.tif",
                                  [linear_backscatter(seed, -8), linear_backscatter(seed + 1, -15)]))
    first, second = add_result_layers(paths, "Series", info=info, root=tmp_path)
    nav = QgsTemporalNavigationObject()
    nav.setTemporalExtents(QgsDateTimeRange(QDateTime(QDate(2024, 1, 1), QTime(0, 0), Qt.TimeSpec.UTC),
                                            QDateTime(QDate(2024, 1, 31), QTime(0, 0), Qt.TimeSpec.UTC)))
    nav.setFrameDuration(QgsInterval(1, QgsUnitTypes.TemporalUnit.TemporalDays))
    seen = {}
    for frame in range(nav.totalFrameCount()):
        rng = nav.dateTimeRangeForFrameNumber(frame)
        seen[frame] = [lyr.temporalProperties().isVisibleInTemporalRange(rng) for lyr in (first, second)]
    assert seen[4] == [True, False]  # 5 January
    assert seen[16] == [False, True]  # 17 January
    assert sum(v[0] for v in seen.values()) == 1 and sum(v[1] for v in seen.values()) == 1


def test_time_from_gdal_metadata_when_the_name_has_none(project, tmp_path):
    tif = write_raster(tmp_path / "result.tif", [np.ones((32, 32), dtype="float32")],
                       metadata={"TIFFTAG_DATETIME": "2023:07:14 09:30:00"})
    (layer,) = add_result_layers([tif], "Plain order", info=ResultInfo.from_order(_order(name="Plain order")))
    assert layer.name() == "result"  # nothing known but the product's name
    rng = layer.temporalProperties().fixedTemporalRange()
    assert rng.begin().toUTC().toString(Qt.DateFormat.ISODate) == "2023-07-14T09:30:00Z"


def test_product_name_parsing():
    s1 = parse_product_name(S1_PRODUCT)
    assert (s1.mission, s1.product_type, s1.start, s1.end) == (
        "Sentinel-1A", "IW GRDH", _utc(2024, 1, 5, 5, 12, 34), _utc(2024, 1, 5, 5, 12, 59))
    cap = parse_product_name("CAPELLA_C02_SP_GEO_HH_20201109060434_20201109060437")
    assert (cap.mission, cap.start, cap.end) == ("Capella C02", _utc(2020, 11, 9, 6, 4, 34),
                                                 _utc(2020, 11, 9, 6, 4, 37))
    assert polarisations_in("CAPELLA_C02_SP_GEO_HH_20201109060434") == ["HH"]
    assert polarisations_in("s1_vh_vv_stack") == ["VH", "VV"]
    assert polarisations_in("HVAC_plan") == []
    assert parse_product_name("ndvi_rome").mission == "" and parse_product_name("ndvi_rome").start is None
    coh = ResultInfo.from_order(_order(workflow_name="card_coh12")).for_product(S1_PRODUCT, "x_COH12_VV")
    assert coh.polarisations == ["VV"] and not coh.is_backscatter  # coherence is not backscatter
    assert ResultInfo(workflow="card_bs").for_product(S1_PRODUCT, "x_VV").is_backscatter


@pytest.fixture()
def remote_cog(tmp_path):
    """A COG behind a small HTTP server honouring Range, like a bucket behind a presigned URL."""
    with bucket_file(make_cog(tmp_path / "remote.tif", 1)) as url_and_ranges:
        yield url_and_ranges


def test_a_streamed_capella_result_is_named_time_stamped_and_streamed_once(project, remote_cog):
    base, seen = remote_cog
    granule = "CAPELLA_C02_SP_GEO_HH_20240501051034_20240501051037"
    info = ResultInfo.from_order(_order(id="cap-1", name="Rome SAR"), CapellaProvider)
    url = base + "?Signature=first"
    layer = add_streamed_layer(url, f"{granule}.tif", "Rome SAR", asset_ref=f"c|cap-1|{granule}.tif", info=info)
    assert layer.isValid() and seen
    assert layer.name() == "Capella C02 · 2024-05-01 05:10 UTC · HH"
    assert layer.metadata().keywords()["provider"] == ["Capella Space"]
    rng = layer.temporalProperties().fixedTemporalRange()
    assert rng.begin().toUTC().toString(Qt.DateFormat.ISODate) == "2024-05-01T05:10:34Z"
    count = len(project.mapLayers())
    again = add_streamed_layer(base + "?Signature=second", f"{granule}.tif", "Rome SAR",
                               asset_ref=f"c|cap-1|{granule}.tif", info=info)
    assert again is layer and len(project.mapLayers()) == count
    assert "Signature=second" in layer.source() and layer.isValid()  # re-pointed at the fresh URL
