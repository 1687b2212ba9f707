# SPDX-License-Identifier: GPL-2.0-or-later
"""Bulk without losses: one order per feature of a 200-feature layer through *Submit orders*, with refused
features, rate limiting and uncertain replies along the way; every other feature is ordered exactly once."""

from __future__ import annotations

from qgis.core import QgsVectorLayer

from .conftest import table_rows
from .test_submit_and_wait import UP42_ARCHIVE, Recorder, faults, sandbox_orders, square_layer

N = 200
NO_GEOMETRY = {17, 101}
TOO_EXPENSIVE = {5, 150, 199}  # 0.05° squares: ~190 credits, above the maximum cost of 50


def grid() -> QgsVectorLayer:
    return square_layer("Polygon?crs=EPSG:4326", "fields", [
        None if i in NO_GEOMETRY else (12.30 + 0.06 * (i % 20), 41.60 + 0.06 * (i // 20),
                                       0.05 if i in TOO_EXPENSIVE else 0.01)
        for i in range(N)])


def test_200_features_each_ordered_once_and_refusals_do_not_stop_the_others(proc):
    conn = proc.save("up42")
    layer = grid()
    faults(proc, [
        {"method": "POST", "path": r"/v2/orders$", "times": 3, "action": "reset_after"},
        {"method": "POST", "path": r"/v2/orders$", "times": 2, "action": "status", "status": 429, "retry_after": "0"},
        {"method": "POST", "path": r"/v2/orders/estimate$", "times": 4, "action": "status", "status": 429,
         "retry_after": "0"},
    ])
    feedback = Recorder()
    out = proc.run("submitorders", {"CONNECTION": conn.name, "WORKFLOW": UP42_ARCHIVE, "INPUT": layer, "MAX_COST": 50,
                                    "CONCURRENCY": 8, "OPTIONS": '{"id": "DS_PHR1A_201906101021_FR1_PX_E012N41"}',
                                    "OUTPUT": "memory:"}, feedback=feedback)
    rows = table_rows(out["OUTPUT"])
    refused = {r["feature_id"] - 1 for r in rows if r["refused"]}  # memory layer feature ids start at 1
    assert refused == NO_GEOMETRY | TOO_EXPENSIVE
    assert out["SUBMITTED"] == N - len(refused) and out["REFUSED"] == len(refused) and len(rows) == N
    placed = sandbox_orders(proc, "up42")
    assert len(placed) == N - len(refused)  # nothing placed twice, although 3 replies were lost
    assert sorted(o["id"] for o in placed) == sorted(r["order_id"] for r in rows if r["order_id"])
    assert len({o["displayName"] for o in placed}) == len(placed)
    journal = proc.backend.journal
    assert len([e for e in journal.orders(conn.id) if e.order_id]) == len(placed)
    assert not journal.pending_submits(conn.id)
    assert sum("found again" in i for i in feedback.infos) == 3
