# SPDX-License-Identifier: GPL-2.0-or-later
"""Result layers, streamed layers and the footprint layer in real QGIS with real GDAL files."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, osr
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsMultiBandColorRenderer,
    QgsProject,
    QgsRasterMinMaxOrigin,
    QgsSingleBandPseudoColorRenderer,
)

from eo_orders.core import layers as layers_module
from eo_orders.core.layers import (
    ASSET_PROPERTY,
    FOOTPRINT_LAYER_NAME,
    TEMPORARY_PROPERTY,
    FootprintLayer,
    add_result_layers,
    add_streamed_layer,
    remove_temporary_layers,
)
from eo_orders.providers.base import InputProduct
from tests.helpers.local_app import bucket_file

# UTM 33N over Rome (about lon 12.4..12.6, lat 41.85..41.95)
ORIGIN_X, ORIGIN_Y, PIXEL = 284_000.0, 4_650_000.0, 40.0


def make_cog(path: Path, bands: int, descriptions: list[str] | None = None, size: int = 256) -> Path:
    """A tiled, overviewed COG in EPSG:32633 whose values have outliers (so a cut differs from min/max)."""
    mem = gdal.GetDriverByName("MEM").Create("", size, size, bands, gdal.GDT_Float32)
    mem.SetGeoTransform((ORIGIN_X, PIXEL, 0, ORIGIN_Y, 0, -PIXEL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32633)
    mem.SetProjection(srs.ExportToWkt())
    rng = np.random.default_rng(bands)
    for b in range(1, bands + 1):
        data = rng.normal(1000 * b, 100, (size, size)).astype("float32")
        data[0, :8] = 1e6  # outliers a 2-98 % cut must ignore
        band = mem.GetRasterBand(b)
        band.WriteArray(data)
        if descriptions:
            band.SetDescription(descriptions[b - 1])
    gdal.Translate(str(path), mem, format="COG", creationOptions=["BLOCKSIZE=128", "OVERVIEWS=AUTO"])
    return path


@pytest.fixture()
def project(qgis_new_project):
    proj = QgsProject.instance()
    yield proj
    proj.clear()


def test_add_result_layers_styles_and_groups(project, tmp_path):
    project.layerTreeRoot().addGroup("Existing group")
    gray = make_cog(tmp_path / "ndvi.tif", 1)
    rgb = make_cog(tmp_path / "s2_rgb.tif", 4, ["B02", "B03", "B04", "B08"])
    sar = make_cog(tmp_path / "s1_grd.tif", 2, ["VH", "VV"])
    junk = tmp_path / "broken.tif"
    junk.write_text("not a raster")

    layers = add_result_layers([gray, rgb, junk, sar], "Order 42")
    # little is known about these files: the names are the products' (here the files'), SAR says its bands
    assert [lyr.name() for lyr in layers] == ["ndvi", "s2_rgb", "s1_grd · VV/VH (dB)"]
    root = project.layerTreeRoot()
    assert root.children()[0].name() == "Order 42"
    group = root.findGroup("Order 42")
    assert [n.layer() for n in group.findLayers()] == layers
    for lyr in layers:
        assert lyr.isValid()
        assert lyr.crs() == QgsCoordinateReferenceSystem("EPSG:32633")
        ext = lyr.extent()
        assert ext.xMinimum() == pytest.approx(ORIGIN_X) and ext.yMaximum() == pytest.approx(ORIGIN_Y)
        assert ext.width() == pytest.approx(256 * PIXEL)
        assert lyr.renderer().minMaxOrigin().limits() == QgsRasterMinMaxOrigin.CumulativeCut
    assert [lyr.bandCount() for lyr in layers] == [1, 4, 3]  # SAR: VV, VH and VV − VH in dB (a VRT)

    g = layers[0].renderer()
    assert isinstance(g, QgsSingleBandPseudoColorRenderer) and g.band() == 1
    assert 700 < g.classificationMin() < 1000 < g.classificationMax() < 1300  # the 1e6 outliers were cut off

    c = layers[1].renderer()
    assert isinstance(c, QgsMultiBandColorRenderer)
    assert (c.redBand(), c.greenBand(), c.blueBand()) == (3, 2, 1)  # natural colour from B04/B03/B02
    assert 3100 < c.redContrastEnhancement().maximumValue() < 3400  # band 3: mean 3000, sd 100

    s = layers[2].renderer()
    assert isinstance(s, QgsMultiBandColorRenderer) and (s.redBand(), s.greenBand(), s.blueBand()) == (1, 2, 3)
    assert layers[2].source().endswith("_VV_VH_false_colour.vrt")

    # a second order reuses nothing, a second batch for the same order reuses the group
    more = add_result_layers([make_cog(tmp_path / "ndvi2.tif", 1)], "Order 42")
    assert len(root.findGroups()) == 2
    assert more[0] in [n.layer() for n in group.findLayers()]


def test_rgb_without_descriptions_uses_first_three_bands(project, tmp_path):
    layers = add_result_layers([make_cog(tmp_path / "x.tif", 3)], "Order")
    r = layers[0].renderer()
    assert (r.redBand(), r.greenBand(), r.blueBand()) == (1, 2, 3)


def test_nothing_valid_creates_no_group(project, tmp_path):
    junk = tmp_path / "junk.tif"
    junk.write_bytes(b"\0" * 10)
    assert add_result_layers([junk, tmp_path / "missing.tif"], "Empty order") == []
    assert project.layerTreeRoot().findGroup("Empty order") is None


@pytest.fixture()
def cog_server(tmp_path):
    with bucket_file(make_cog(tmp_path / "remote.tif", 1)) as url_and_ranges:
        yield url_and_ranges


def test_streamed_layer_never_writes_the_signed_url(project, tmp_path, cog_server):
    base, seen = cog_server
    url = base + "?X-Amz-Signature=s3cr3tsig&X-Amz-Credential=AKIAEXAMPLE"
    layer = add_streamed_layer(url, "remote", "Order 7", asset_ref="conn-1|order-7|remote.tif")
    assert layer.isValid()
    assert any(r.startswith("bytes=") for r in seen)
    assert layer.crs() == QgsCoordinateReferenceSystem("EPSG:32633")
    assert layer.customProperty(ASSET_PROPERTY) == "conn-1|order-7|remote.tif"
    assert project.layerTreeRoot().findGroup("Order 7").findLayer(layer.id()) is not None
    path = tmp_path / "p.qgs"
    assert project.write(str(path))
    text = path.read_text(encoding="utf-8")
    assert "s3cr3tsig" not in text and "AKIAEXAMPLE" not in text
    assert "/vsicurl/" + base in text
    assert "conn-1|order-7|remote.tif" in text
    # the live layer still works with its signed source
    assert "s3cr3tsig" in layer.source()
    # after plugin unload the writer is gone (proves it is what kept the signature out)
    layers_module.unload()
    assert project.write(str(path))
    assert "s3cr3tsig" in path.read_text(encoding="utf-8")
    layers_module.unload()  # idempotent


def products() -> list[InputProduct]:
    def box(x0: float, y0: float) -> dict:
        return {"type": "Polygon", "coordinates": [[[x0, y0], [x0 + 0.1, y0], [x0 + 0.1, y0 + 0.1],
                                                     [x0, y0 + 0.1], [x0, y0]]]}

    t = datetime(2024, 5, 1, 10, 0, tzinfo=timezone.utc)
    return [InputProduct("a", "S2A_A", box(12.35, 41.8), t, product_type="S2MSI2A", cloud_cover=3.5),
            InputProduct("b", "S2B_B", box(12.45, 41.85), t, product_type="S2MSI2A", cloud_cover=None),
            InputProduct("c", "S1A_C", None, None, product_type="GRD")]


def test_footprint_layer_selection_round_trip(project):
    fp = FootprintLayer()
    assert fp.layer.name() == FOOTPRINT_LAYER_NAME
    assert fp.layer.crs() == QgsCoordinateReferenceSystem("EPSG:4326")
    assert [f.name() for f in fp.layer.fields()] == ["id", "name", "start", "product_type", "cloud_cover"]
    fp.set_products(products())
    assert fp.layer.featureCount() == 3
    feats = {f["id"]: f for f in fp.layer.getFeatures()}
    assert feats["a"]["cloud_cover"] == 3.5 and feats["a"]["start"].date().year() == 2024
    assert not feats["c"].hasGeometry()
    assert fp.layer.extent().xMinimum() == pytest.approx(12.35)

    fp.select_ids(["b", "unknown"])
    assert fp.selected_ids() == ["b"]
    assert fp.layer.selectedFeatureIds() == [feats["b"].id()]
    fp.layer.selectByIds([feats["a"].id(), feats["c"].id()])  # selection made on the map
    assert fp.selected_ids() == ["a", "c"]
    fp.select_ids([])
    assert fp.selected_ids() == []

    fp.set_products(products()[:1])
    assert fp.layer.featureCount() == 1
    fp.select_ids(["a", "b"])
    assert fp.selected_ids() == ["a"]
    fp.remove()
    assert project.mapLayersByName(FOOTPRINT_LAYER_NAME) == []
    fp.remove()  # twice is harmless
    assert fp.selected_ids() == []


def test_remove_temporary_layers_keeps_results(project, tmp_path):
    results = add_result_layers([make_cog(tmp_path / "r.tif", 1)], "Order 1")
    fp = FootprintLayer()
    fp.set_products(products())
    assert fp.layer.customProperty(TEMPORARY_PROPERTY) is True
    assert remove_temporary_layers() == 1
    assert project.mapLayersByName(FOOTPRINT_LAYER_NAME) == []
    assert project.mapLayer(results[0].id()) is not None
    fp.set_products(products())  # the dock may still hold it: no crash on a deleted layer
    assert fp.selected_ids() == []


def test_band_per_file_product_loads_as_one_natural_colour_layer(project, tmp_path):
    from eo_orders.core.layers import stack_band_files

    folder = tmp_path / "S2B_MSIL2A_20261014" / "IMG_DATA" / "R10m"
    folder.mkdir(parents=True)
    for band in ("B02", "B03", "B04", "B08"):
        make_cog(folder / f"T33TTG_20261014T095029_{band}_10m.tif", 1)
    other = make_cog(tmp_path / "preview.tif", 3)
    stacked = stack_band_files([*sorted(folder.glob("*.tif")), other])
    assert [p.suffix for p in stacked] == [".vrt", ".tif"]
    ds = gdal.Open(str(stacked[0]))
    assert ds.RasterCount == 4
    assert [ds.GetRasterBand(i).GetDescription() for i in range(1, 5)] == ["B04", "B03", "B02", "B08"]
    added = add_result_layers(sorted(folder.glob("*.tif")), "S2 order")
    assert len(added) == 1 and added[0].bandCount() == 4
    renderer = added[0].renderer()
    assert isinstance(renderer, QgsMultiBandColorRenderer)
    assert (renderer.redBand(), renderer.greenBand(), renderer.blueBand()) == (1, 2, 3)


def test_incomplete_band_set_stays_as_files(tmp_path):
    from eo_orders.core.layers import stack_band_files

    files = [make_cog(tmp_path / f"X_{b}.tif", 1) for b in ("B04", "B08")]
    assert stack_band_files(files) == files
