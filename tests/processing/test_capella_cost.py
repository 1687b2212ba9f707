# SPDX-License-Identifier: GPL-2.0-or-later
"""Capella's USD-priced archive orders through Submit orders against the sandbox: each order is reviewed
(``POST /orders/review``) and placed only when its price is within the maximum cost; above it, without a
price, or not authorised by Capella, it is refused with the reason and never sent."""

from __future__ import annotations

import pytest
from qgis.core import QgsProcessingFeatureSourceDefinition, QgsProject

from .conftest import table_rows
from .test_submit_and_wait import EXTENT, Recorder, sandbox_orders

#: the sandbox's archive prices (sandbox/capella.py PRICES): spotlight 750, sliding spotlight 600, stripmap 500 USD
MODE_PRICE = {"_SP_": 750.0, "_SS_": 600.0, "_SM_": 500.0}


def _geo_products(proc, conn, limit: int = 9):
    found = proc.run("searchinputs", {"CONNECTION": conn.name, "EXTENT": EXTENT, "PRODUCT_TYPE": "GEO",
                                      "START": "2024-05-01T00:00:00", "END": "2024-08-01T00:00:00",
                                      "LIMIT": limit, "OUTPUT": "memory:"})
    layer = found["OUTPUT"]
    QgsProject.instance().addMapLayer(layer)
    return layer


def _price(name: str) -> float:
    [price] = [p for token, p in MODE_PRICE.items() if token in name]
    return price


def _submit(proc, conn, layer, max_cost: float | None, feedback=None) -> tuple[dict, list[dict]]:
    params = {"CONNECTION": conn.name, "WORKFLOW": "archive:GEO", "MODE": 1, "OPTIONS": "{}",
              "INPUT": QgsProcessingFeatureSourceDefinition(layer.id()), "OUTPUT": "memory:"}
    if max_cost is not None:
        params["MAX_COST"] = max_cost
    out = proc.run("submitorders", params, feedback=feedback)
    return out, table_rows(out["OUTPUT"])


def test_priced_orders_within_the_maximum_cost_are_placed_and_dearer_ones_refused(proc, tmp_path):
    proc.sandbox.state.config.extra["capella_review_costs"] = True
    conn = proc.save("capella")
    layer = _geo_products(proc, conn)
    names = {f.id(): f["name"] for f in layer.getFeatures()}
    prices = {fid: _price(n) for fid, n in names.items()}
    assert {750.0, 600.0, 500.0} <= set(prices.values()), names  # every price band is in the test
    feedback = Recorder()
    out, rows = _submit(proc, conn, layer, 650, feedback)
    assert len(rows) == len(names)
    for row in rows:
        price = prices[row["feature_id"]]
        assert row["cost"].replace(",", "").startswith(f"{price:.2f}") and row["cost"].endswith("USD"), row
        if price <= 650:
            assert row["order_id"] and not row["refused"] and row["status"], row
        else:
            assert not row["order_id"] and "above the maximum cost of 650.00 USD" in row["refused"], row
    placed = [r for r in rows if r["order_id"]]
    assert out["SUBMITTED"] == len(placed) and out["REFUSED"] == len(rows) - len(placed) > 0
    assert len(sandbox_orders(proc, "capella")) == len(placed)  # the dear ones were never sent
    assert any("650.00 USD" in e for e in feedback.errors)
    accepted = {e.order_id: e.request.get("accepted_cost") for e in proc.backend.journal.orders(conn.id)}
    assert accepted == {r["order_id"]: r["cost"] for r in placed}
    # the placed orders are real: they complete and deliver their rasters
    waited = proc.run("waitforresults", {"ORDERS": out["OUTPUT"], "POLL_INTERVAL": 0.2, "LOAD": False,
                                         "FOLDER": str(tmp_path / "dl"), "OUTPUT": "memory:"})
    assert waited["COMPLETED"] == len(placed) and waited["OUTPUT_LAYERS"]


@pytest.mark.parametrize("max_cost", [None, 10_000.0])
def test_a_review_without_a_price_places_nothing(proc, max_cost):
    """Capella's captured review replies carry no price: nothing can be checked against a limit."""
    conn = proc.save("capella")
    layer = _geo_products(proc, conn, limit=2)
    out, rows = _submit(proc, conn, layer, max_cost)
    assert rows and out["SUBMITTED"] == 0
    assert all(not r["order_id"] and "gave no amount" in r["refused"] for r in rows), rows
    assert sandbox_orders(proc, "capella") == []


def test_an_order_capella_does_not_authorise_is_refused_with_its_reason(proc):
    proc.sandbox.state.config.extra.update(capella_review_costs=True, capella_balance=100)
    conn = proc.save("capella")
    layer = _geo_products(proc, conn, limit=2)
    out, rows = _submit(proc, conn, layer, 10_000)
    assert rows and out["SUBMITTED"] == 0
    assert all("exceed your active contract" in r["refused"] for r in rows), rows
    assert sandbox_orders(proc, "capella") == []
