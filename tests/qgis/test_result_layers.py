"""Result layers that read well, and the footprint layer kept out of saved projects, in real QGIS.

Rasters are real GDAL files made here (``make_cog`` from test_layers); projects are really written to
disk and read back.
"""

from __future__ import annotations

import zipfile
from datetime import datetime, timezone

import pytest
from qgis.core import QgsLayerTreeGroup, QgsLayerTreeLayer, QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QApplication

from eo_orders.core.layers import (
    FOOTPRINT_LAYER_NAME,
    SKIP_MEMORY_CHECK_PROPERTY,
    TEMPORARY_PROPERTY,
    FootprintLayer,
    _remove_project_guards,
    add_result_layers,
    install_project_guard,
    is_temporary_layer,
)
from eo_orders.providers.base import InputProduct

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
