# SPDX-License-Identifier: GPL-2.0-or-later
"""The shipped model (docs/examples) chains Search input products → Submit orders → Wait for orders and load
results; it runs in-process against the sandbox and ends with verified rasters."""

from __future__ import annotations

from pathlib import Path

from osgeo import gdal

from .conftest import table_rows

MODEL = Path(__file__).resolve().parents[2] / "docs" / "examples" / "eo_orders_search_order_load.model3"


def load_model():
    from qgis.core import QgsApplication, QgsProcessingModelAlgorithm

    model = QgsProcessingModelAlgorithm()
    assert model.fromFile(str(MODEL))
    model.setProvider(QgsApplication.processingRegistry().providerById("model"))
    return model


def test_the_model_only_uses_eo_orders_algorithms_and_they_all_exist(proc):
    from qgis.core import QgsApplication

    model = load_model()
    algs = [c.algorithmId() for c in model.childAlgorithms().values()]
    assert sorted(algs) == ["eo_orders:searchinputs", "eo_orders:submitorders", "eo_orders:waitforresults"]
    assert all(QgsApplication.processingRegistry().algorithmById(a) is not None for a in algs)
    ok, errors = model.validate()
    assert ok, errors


def test_model_search_order_wait_load_runs_against_the_sandbox(proc, tmp_path):
    import processing

    conn = proc.save("cdse")
    results = processing.run(load_model(), {
        "connection": conn.name, "workflow": "card_bs", "extent": "12.35,12.65,41.80,42.00 [EPSG:4326]",
        "product_type": "IW_GRDH_1S", "limit": 2, "options": '{"DEM": "getasse30v1"}',
        "folder": str(tmp_path / "model-results"), "search:products": "memory:", "submit:orders": "memory:",
        "wait:results": str(tmp_path / "results.gpkg")})
    products = results["search:products"]
    orders = table_rows(results["submit:orders"])
    final = table_rows(results["wait:results"])
    assert 0 < len(orders) == products.featureCount() <= 2
    assert sorted(r["order_id"] for r in final) == sorted(r["order_id"] for r in orders)
    # the sandbox fails products whose name carries its failure marker: those orders end failed, the rest complete
    failing = sum("FAILME" in f["name"] for f in products.getFeatures())
    statuses = sorted(r["status"] for r in final)
    assert statuses == sorted(["failed"] * failing + ["completed"] * (len(final) - failing)) and "completed" in statuses
    rasters = [p for r in final for p in r["rasters"].split(";") if p]
    assert rasters and all(gdal.Open(p) is not None for p in rasters)
    assert len(proc.backend.journal.orders(conn.id)) == len(orders)
