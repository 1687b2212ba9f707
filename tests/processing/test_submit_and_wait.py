# SPDX-License-Identifier: GPL-2.0-or-later
"""Submit orders and Wait for orders and load results through ``processing.run`` against the sandbox: per
product and per feature, the maximum cost, refused features, no duplicate after an uncertain reply,
429 waited out, progress and cancellation, rasters returned and loaded."""

from __future__ import annotations

import json
from typing import Any

import pytest
from osgeo import gdal
from qgis.core import QgsFeature, QgsGeometry, QgsProcessingFeedback, QgsProject, QgsRasterLayer, QgsVectorLayer

from .conftest import table_rows

UP42_ARCHIVE = "4f1b2f62-98df-4c74-81f4-5dce45deee99"  # the sandbox's "Pléiades – Display archive" product
EXTENT = "12.35,12.65,41.80,42.00 [EPSG:4326]"


def square_layer(uri: str, name: str, squares: list[tuple[float, float, float] | None]) -> QgsVectorLayer:
    """A memory layer (``uri`` as ``"Polygon?crs=EPSG:4326"``) with one feature per square ``(x, y, size)``,
    in the layer's CRS units; ``None`` gives a feature without geometry."""
    layer = QgsVectorLayer(uri, name, "memory")
    feats = []
    for square in squares:
        f = QgsFeature()
        if square is not None:
            x, y, size = square
            f.setGeometry(QgsGeometry.fromWkt(
                f"POLYGON(({x} {y},{x + size} {y},{x + size} {y + size},{x} {y + size},{x} {y}))"))
        feats.append(f)
    assert layer.dataProvider().addFeatures(feats)[0]
    return layer


def polygons(*sizes_deg: float, crs: str = "EPSG:4326", empty_at: int | None = None) -> QgsVectorLayer:
    """A memory layer of squares near Rome, ``size`` degrees wide; ``empty_at``: that feature has no geometry."""
    return square_layer(f"MultiPolygon?crs={crs}", "areas",
                        [None if i == empty_at else (12.40 + 0.3 * i, 41.85, size) for i, size in enumerate(sizes_deg)])


class Recorder(QgsProcessingFeedback):
    """A feedback that keeps what the algorithm said, and can cancel when a message appears."""

    def __init__(self, cancel_on: str = "") -> None:
        super().__init__()
        self.infos: list[str] = []
        self.errors: list[str] = []
        self.progress: list[float] = []
        self.cancel_on = cancel_on
        self.progressChanged.connect(self.progress.append)

    def pushInfo(self, info: str) -> None:  # noqa: N802 - QGIS API
        self.infos.append(info)
        if self.cancel_on and self.cancel_on in info:
            self.cancel()

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802, N803 - QGIS API
        self.errors.append(error)


def sandbox_orders(proc, emulator: str) -> list[dict[str, Any]]:
    store = proc.sandbox.state.stores.get(emulator) or {}
    orders = store.get("orders") if isinstance(store, dict) else getattr(store, "orders", {})
    return list((orders or {}).values())


def faults(proc, rules: list[dict[str, Any]]) -> None:
    import requests

    assert requests.post(proc.sandbox.base_url + "/_sandbox/faults", json=rules, timeout=10).ok


def online_cdse_products(proc, conn, limit: int) -> QgsVectorLayer:
    """*Search inputs* for Sentinel-1 GRD over the test extent, with the online products the sandbox will
    not fail already selected."""
    found = proc.run("searchinputs", {"CONNECTION": conn.name, "EXTENT": EXTENT, "PRODUCT_TYPE": "IW_GRDH_1S",
                                      "LIMIT": limit, "OUTPUT": "memory:"})
    products = found["OUTPUT"]
    products.selectByExpression("\"name\" NOT LIKE '%FAILME%' AND \"online\"")
    return products


def test_search_submit_per_product_then_wait_downloads_verified_rasters(proc, tmp_path):
    conn = proc.save("cdse")
    products = online_cdse_products(proc, conn, limit=3)
    from qgis.core import QgsProcessingFeatureSourceDefinition

    QgsProject.instance().addMapLayer(products)
    selected = sorted(f["name"] for f in products.selectedFeatures())
    assert selected
    submitted = proc.run("submitorders", {
        "CONNECTION": conn.name, "WORKFLOW": "card_bs", "MODE": 1,
        "INPUT": QgsProcessingFeatureSourceDefinition(products.id(), selectedFeaturesOnly=True),
        "OPTIONS": json.dumps({"DEM": "getasse30v1"}), "OUTPUT": "memory:"})
    rows = table_rows(submitted["OUTPUT"])
    assert [r["refused"] for r in rows] == [""] * len(selected)
    assert submitted["SUBMITTED"] == len(selected) == len(rows) and submitted["REFUSED"] == 0
    assert all(r["order_id"] and r["connection_id"] == conn.id and not r["refused"] for r in rows)
    journal = proc.backend.journal
    assert sorted(e.order_id for e in journal.orders(conn.id)) == sorted(r["order_id"] for r in rows)
    assert all(e.request["inputs"] in ([n] for n in selected) for e in journal.orders(conn.id))

    feedback = Recorder()
    waited = proc.run("waitforresults", {"ORDERS": submitted["OUTPUT"], "POLL_INTERVAL": 0.5,
                                         "FOLDER": str(tmp_path / "results"), "OUTPUT": "memory:"}, feedback=feedback)
    results = table_rows(waited["OUTPUT"])
    assert waited["COMPLETED"] == len(rows) == len(results)
    assert all(r["status"] == "completed" and r["files"] > 0 for r in results)
    rasters = waited["OUTPUT_LAYERS"]
    assert rasters and all(str(tmp_path / "results") in p for p in rasters)
    for path in rasters:
        ds = gdal.Open(path)
        assert ds is not None and ds.RasterCount >= 1
    assert feedback.progress and max(feedback.progress) == pytest.approx(100, abs=1)
    assert all(e.download_state == "downloaded" for e in journal.orders(conn.id))


def test_one_order_per_feature_within_the_maximum_cost_and_refused_features_said_why(proc):
    conn = proc.save("up42")
    # 0.01° (≈1 km², 8 credits), 0.05° (≈23 km², ~190 credits), 0.02° (≈4 km², ~30 credits), no geometry
    layer = polygons(0.01, 0.05, 0.02, 0.01, empty_at=3)
    feedback = Recorder()
    out = proc.run("submitorders", {
        "CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": layer, "MODE": 0, "MAX_COST": 100,
        "OPTIONS": '{"id": "DS_PHR1A_201906101021_FR1_PX_E012N41"}', "OUTPUT": "memory:"}, feedback=feedback)
    rows = {r["feature_id"]: r for r in table_rows(out["OUTPUT"])}
    assert (out["SUBMITTED"], out["REFUSED"]) == (2, 2) and len(rows) == 4, rows
    ids = sorted(rows)
    small, big, medium, empty = (rows[i] for i in ids)
    assert small["order_id"] and small["cost"].endswith("credits") and not small["refused"]
    assert medium["order_id"] and not medium["refused"]
    assert not big["order_id"] and "above the maximum cost" in big["refused"] and big["cost"]
    assert not empty["order_id"] and "no geometry" in empty["refused"]
    assert len(sandbox_orders(proc, "up42")) == 2  # the refused ones were never sent
    assert any("not ordered" in e for e in feedback.errors)
    costs = {e.order_id: e.request.get("accepted_cost") for e in proc.backend.journal.orders(conn.id)}
    assert costs[small["order_id"]] == small["cost"]


def test_without_a_maximum_cost_no_priced_order_is_placed(proc):
    conn = proc.save("up42")
    out = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": polygons(0.01),
                                    "OPTIONS": '{"id": "DS_PHR1A_201906101021_FR1_PX_E012N41"}',
                                    "OUTPUT": "memory:"})
    [row] = table_rows(out["OUTPUT"])
    assert out["SUBMITTED"] == 0 and "no maximum cost" in row["refused"]
    assert sandbox_orders(proc, "up42") == []


def test_uncertain_replies_and_429_place_each_order_exactly_once(proc):
    conn = proc.save("up42")
    layer = polygons(*[0.01] * 6)
    faults(proc, [
        # the order is created but the reply never arrives: reconciled by name, adopted, not sent again
        {"method": "POST", "path": r"/v2/orders$", "times": 2, "action": "reset_after"},
        # rate limited: waited out (Retry-After) and sent again
        {"method": "POST", "path": r"/v2/orders/estimate$", "times": 3, "action": "status", "status": 429,
         "retry_after": "0"},
    ])
    feedback = Recorder()
    out = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": layer,
                                    "MAX_COST": 50, "CONCURRENCY": 3,
                                    "OPTIONS": '{"id": "DS_PHR1A_201906101021_FR1_PX_E012N41"}',
                                    "OUTPUT": "memory:"}, feedback=feedback)
    rows = table_rows(out["OUTPUT"])
    assert out["SUBMITTED"] == 6 and out["REFUSED"] == 0
    placed = sandbox_orders(proc, "up42")
    assert len(placed) == 6 and len({o["displayName"] for o in placed}) == 6
    assert sorted(r["order_id"] for r in rows) == sorted(o["id"] for o in placed)
    assert sum("found again" in i for i in feedback.infos) == 2, feedback.infos
    assert not proc.backend.journal.pending_submits(conn.id)


def test_a_time_range_order_without_input_layer_then_wait_by_ids_and_cancel(proc):
    from datetime import datetime, timedelta, timezone

    conn = proc.save("proseo")
    end = datetime(2026, 11, 20, tzinfo=timezone.utc)
    out = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": "S5P-L2-NO2",
                                    "START": (end - timedelta(days=2)).isoformat(), "END": end.isoformat(),
                                    "OUTPUT": "memory:"})
    [row] = table_rows(out["OUTPUT"])
    assert row["order_id"] and row["status"] in ("queued", "in_progress")
    # cancelled while following: stops at once, the order is reported as still running, nothing downloaded
    proc.sandbox.state.config.queued_seconds = 3600
    feedback = Recorder(cancel_on="Following")
    waited = proc.run("waitforresults", {"CONNECTION": conn.name, "ORDER_IDS": row["order_id"], "POLL_INTERVAL": 30,
                                         "OUTPUT": "memory:"}, feedback=feedback)
    [res] = table_rows(waited["OUTPUT"])
    assert feedback.isCanceled() and res["status"] in ("queued", "in_progress") and not res["folder"]
    assert waited["OUTPUT_LAYERS"] == []


def test_wait_reports_a_failed_order_and_loads_the_others_into_the_project(proc, tmp_path):
    import processing

    conn = proc.save("up42")
    out = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": polygons(0.01, 0.01),
                                    "MAX_COST": 50, "NAME_PREFIX": "run", "OPTIONS": '{"id": "DS_PHR1A_20190610"}',
                                    "OUTPUT": "memory:"})
    fail = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": polygons(0.01),
                                     "MAX_COST": 50, "NAME_PREFIX": "FAILME", "OPTIONS": '{"id": "DS_PHR1A_20190610"}',
                                     "OUTPUT": "memory:"})
    ids = [r["order_id"] for r in table_rows(out["OUTPUT"]) + table_rows(fail["OUTPUT"])]
    feedback = Recorder()
    before = set(QgsProject.instance().mapLayers())
    waited = processing.runAndLoadResults("eo_orders:waitforresults", {
        "CONNECTION": conn.id, "ORDER_IDS": ",".join(ids), "POLL_INTERVAL": 0.5, "FOLDER": str(tmp_path / "dl"),
        "OUTPUT": "TEMPORARY_OUTPUT"}, feedback=feedback)
    assert waited["COMPLETED"] == 2
    assert any("failed" in e for e in feedback.errors)
    added = [QgsProject.instance().mapLayer(i) for i in set(QgsProject.instance().mapLayers()) - before]
    rasters = [lyr for lyr in added if isinstance(lyr, QgsRasterLayer)]
    assert len(rasters) == len(waited["OUTPUT_LAYERS"]) > 0 and all(lyr.isValid() for lyr in rasters)


def test_orders_of_all_connections_with_status_and_cost(proc):
    up42 = proc.save("up42")
    proseo = proc.save("proseo")
    proc.run("submitorders", {"CONNECTION": up42.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": polygons(0.01),
                              "MAX_COST": 50, "OPTIONS": '{"id": "DS_PHR1A_20190610"}', "OUTPUT": "memory:"})
    proc.run("submitorders", {"CONNECTION": proseo.name, "WORKFLOW": "S5P-L2-NO2", "START": "2026-11-18T00:00:00Z",
                              "END": "2026-11-20T00:00:00Z", "OUTPUT": "memory:"})
    broken = proc.save("cdse", name="Unreachable")
    from dataclasses import replace

    proc.backend.store.save(replace(broken, urls={k: "http://127.0.0.1:9/x" for k in broken.urls}))
    feedback = Recorder()
    out = proc.run("listorders", {"OUTPUT": "memory:"}, feedback=feedback)
    rows = table_rows(out["OUTPUT"])
    by_conn = {r["connection_id"]: r for r in rows}
    assert set(by_conn) == {up42.id, proseo.id} and out["COUNT"] == 2
    assert by_conn[up42.id]["cost"].endswith("credits") and by_conn[proseo.id]["cost"] == ""
    assert all(r["status"] in ("queued", "in_progress", "completed") and r["submitted_at"].isValid() for r in rows)
    assert any("Unreachable" in e for e in feedback.errors)
    only = proc.run("listorders", {"CONNECTION": proseo.name, "STATUS": 2, "OUTPUT": "memory:"})
    assert all(r["status"] == "completed" for r in table_rows(only["OUTPUT"]))


def test_one_batch_order_of_the_selected_products_then_its_results(proc, tmp_path):
    conn = proc.save("cdse")
    products = online_cdse_products(proc, conn, limit=10)
    chosen = [f["name"] for f in products.selectedFeatures()][:2]
    assert len(chosen) == 2
    products.selectByExpression(" OR ".join(f"\"name\" = '{n}'" for n in chosen))
    from qgis.core import QgsProcessingFeatureSourceDefinition

    QgsProject.instance().addMapLayer(products)
    out = proc.run("submitorders", {
        "CONNECTION": conn.name, "WORKFLOW": "card_bs", "MODE": 2, "OPTIONS": '{"DEM": "getasse30v1"}',
        "INPUT": QgsProcessingFeatureSourceDefinition(products.id(), selectedFeaturesOnly=True), "OUTPUT": "memory:"})
    [row] = table_rows(out["OUTPUT"])
    assert row["order_id"].startswith("batch:") and not row["refused"]
    [entry] = proc.backend.journal.orders(conn.id)
    assert sorted(entry.request["inputs"]) == sorted(chosen) and entry.request["batch"] is True
    waited = proc.run("waitforresults", {"ORDERS": out["OUTPUT"], "POLL_INTERVAL": 0.5, "FOLDER": str(tmp_path / "b"),
                                         "OUTPUT": "memory:"})
    [res] = table_rows(waited["OUTPUT"])
    assert res["status"] == "completed" and len(waited["OUTPUT_LAYERS"]) >= 2


def test_batch_mode_needs_a_provider_with_batch_orders(proc):
    conn = proc.save("up42")
    with pytest.raises(Exception, match="no batch orders"):
        proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": polygons(0.01),
                                  "MODE": 2, "OUTPUT": "memory:"})


def test_options_that_are_not_a_json_object_are_refused_before_anything_is_sent(proc):
    conn = proc.save("up42")
    before = len(proc.sandbox.state.requests)
    with pytest.raises(Exception, match="JSON object"):
        proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": polygons(0.01),
                                  "MAX_COST": 50, "OPTIONS": '{"id": ', "OUTPUT": "memory:"})
    assert len(proc.sandbox.state.requests) == before


def test_a_mode_the_provider_cannot_order_is_refused_before_anything_is_sent(proc):
    conn = proc.save("cdse")  # CDSE orders are placed on input products, not on areas
    before = len(proc.sandbox.state.requests)
    with pytest.raises(Exception, match="one order per input product"):
        proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": "card_bs", "INPUT": polygons(0.01),
                                  "MODE": 0, "OUTPUT": "memory:"})
    assert not [r for r in proc.sandbox.state.requests[before:] if r[0] == "POST" and "Order" in r[1]]


def test_a_tasking_order_waiting_for_the_users_decision_is_reported_not_waited_for(proc):
    from eo_orders.demo.flow import flow_specs

    conn = proc.save("up42")
    tasking = "bd102407-1814-4f92-8b5a-7697b7a73f5a"  # the sandbox's Pléiades display tasking product
    options = flow_specs()["up42"].options  # the window and the angles; the processing choices are left out
    submitted = Recorder()
    out = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": tasking, "INPUT": polygons(0.05),
                                    "MAX_COST": 1000, "OPTIONS": json.dumps(options), "OUTPUT": "memory:"},
                   feedback=submitted)
    [row] = table_rows(out["OUTPUT"])
    assert row["order_id"], row["refused"]
    # the schema's defaults filled the choices left out, as the panel's options form does
    assert any("defaults" in i and "geometricProcessing='ortho'" in i for i in submitted.infos)
    [entry] = proc.backend.journal.orders(conn.id)
    assert entry.request["options"]["deliveredAs"] == "geotiff"
    feedback = Recorder()
    waited = proc.run("waitforresults", {"ORDERS": out["OUTPUT"], "POLL_INTERVAL": 0.5, "OUTPUT": "memory:"},
                      feedback=feedback)  # no timeout: it returns because only the user can move the order on
    [res] = table_rows(waited["OUTPUT"])
    assert res["status"] in ("queued", "in_progress") and not res["folder"]
    assert any("needs your decision" in e for e in feedback.errors)
