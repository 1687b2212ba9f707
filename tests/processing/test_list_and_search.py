# SPDX-License-Identifier: GPL-2.0-or-later
"""List workflows, Search input products and Orders run in-process through ``processing.run`` against the
sandbox over real HTTP."""

from __future__ import annotations

import json

import pytest
from qgis.core import QgsProcessingException, QgsRectangle

from .conftest import table_rows


def test_provider_lists_its_algorithms_with_help_and_icon(proc):
    from qgis.core import QgsApplication

    provider = QgsApplication.processingRegistry().providerById("eo_orders")
    assert provider is not None and provider.name() == "EO Orders" and not provider.icon().isNull()
    names = sorted(a.name() for a in provider.algorithms())
    assert names == ["listorders", "listworkflows", "searchinputs", "submitorders", "waitforresults"]
    for alg in provider.algorithms():
        assert alg.shortHelpString() and alg.displayName() and alg.id() == f"eo_orders:{alg.name()}"


def test_list_workflows_of_a_saved_connection_as_a_table(proc, tmp_path):
    conn = proc.save("cdse")
    out = tmp_path / "workflows.csv"
    result = proc.run("listworkflows", {"CONNECTION": conn.name, "OUTPUT": str(out)})
    rows = table_rows(str(out))
    assert result["COUNT"] == len(rows) > 0
    card = next(r for r in rows if r["name"] == "card_bs")
    assert card["connection"] == conn.name and card["kind"] == "processing"
    assert "DEM" in json.loads(card["options_schema"])["properties"]
    # by id too, and the filter narrows the list
    narrowed = proc.run("listworkflows", {"CONNECTION": conn.id, "FILTER": "card_bs", "OUTPUT": "memory:"})
    assert [f["name"] for f in narrowed["OUTPUT"].getFeatures()] == ["card_bs"]


def test_an_unknown_connection_names_the_saved_ones(proc):
    proc.save("cdse", name="My CDSE")
    with pytest.raises(QgsProcessingException, match="My CDSE"):
        proc.run("listworkflows", {"CONNECTION": "nope", "OUTPUT": "memory:"})


def test_a_refused_login_is_one_user_fit_message(proc):
    from dataclasses import replace

    conn = proc.save("cdse")
    proc.backend.store.save(replace(conn, secret="wrong password"))
    with pytest.raises(QgsProcessingException) as err:
        proc.run("listworkflows", {"CONNECTION": conn.name, "OUTPUT": "memory:"})
    assert "wrong password" not in str(err.value) and str(err.value)


def test_search_inputs_over_an_extent_gives_footprints_with_attributes(proc):
    from eo_orders.demo.flow import DEMO_EXTENT_4326

    conn = proc.save("cdse")
    extent = QgsRectangle(DEMO_EXTENT_4326)
    result = proc.run("searchinputs", {
        "CONNECTION": conn.name,
        "EXTENT": f"{extent.xMinimum()},{extent.xMaximum()},{extent.yMinimum()},{extent.yMaximum()} [EPSG:4326]",
        "OUTPUT": "memory:"})
    layer = result["OUTPUT"]
    assert layer.crs().authid() == "EPSG:4326" and result["COUNT"] == layer.featureCount() > 0
    feats = list(layer.getFeatures())
    assert all(f.hasGeometry() and f.geometry().intersects(extent) for f in feats)
    assert all(f["connection_id"] == conn.id and f["name"] and f["product_id"] for f in feats)
    assert all(f["sensing_start"].isValid() for f in feats)


def test_search_inputs_over_a_polygon_layer_in_another_crs(proc):
    from qgis.core import (
        QgsCoordinateReferenceSystem,
        QgsCoordinateTransform,
        QgsFeature,
        QgsGeometry,
        QgsProject,
        QgsVectorLayer,
    )

    from eo_orders.demo.flow import DEMO_EXTENT_4326

    conn = proc.save("cdse")
    xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"),
                                   QgsCoordinateReferenceSystem("EPSG:3857"), QgsProject.instance())
    aoi = QgsVectorLayer("Polygon?crs=EPSG:3857", "aoi", "memory")
    f = QgsFeature()
    f.setGeometry(QgsGeometry.fromRect(xform.transformBoundingBox(DEMO_EXTENT_4326)))
    aoi.dataProvider().addFeatures([f])
    by_layer = proc.run("searchinputs", {"CONNECTION": conn.name, "AOI": aoi, "OUTPUT": "memory:"})
    by_extent = proc.run("searchinputs", {"CONNECTION": conn.name, "EXTENT": DEMO_EXTENT_4326.toString() and
                                          f"{DEMO_EXTENT_4326.xMinimum()},{DEMO_EXTENT_4326.xMaximum()},"
                                          f"{DEMO_EXTENT_4326.yMinimum()},{DEMO_EXTENT_4326.yMaximum()} [EPSG:4326]",
                                          "OUTPUT": "memory:"})
    names = sorted(f["name"] for f in by_layer["OUTPUT"].getFeatures())
    assert names and names == sorted(f["name"] for f in by_extent["OUTPUT"].getFeatures())


def test_search_needs_an_area(proc):
    conn = proc.save("cdse")
    with pytest.raises(QgsProcessingException, match="area of interest"):
        proc.run("searchinputs", {"CONNECTION": conn.name, "OUTPUT": "memory:"})
