"""Table models: structure checked by QAbstractItemModelTester (Fatal) through resets, inserts and updates."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QAbstractItemModelTester, QSignalSpy

from eo_orders.providers.base import InputProduct, Order, OrderStatus, Workflow
from eo_orders.ui.models import (
    SORT_ROLE,
    InputsModel,
    OrdersFilterProxy,
    OrdersModel,
    SortProxy,
    WorkflowsModel,
    format_size,
)

T0 = datetime(2026, 11, 1, 10, 0, tzinfo=timezone.utc)


def model_tester(model):
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def order(i: int, status: OrderStatus = OrderStatus.QUEUED, **kw) -> Order:
    return Order(id=f"o{i}", name=kw.pop("name", f"order {i}"), status=status, raw_status=status.value,
                 workflow_name=kw.pop("workflow_name", "card_bs"), submitted_at=T0 + timedelta(minutes=i), **kw)


def test_workflows_model(qgis_app):
    model = WorkflowsModel()
    proxy = SortProxy()
    proxy.setSourceModel(model)
    t1, t2 = model_tester(model), model_tester(proxy)
    wfs = [Workflow(id=str(i), name=f"wf_{i}", title=f"Workflow {i}", input_product_types=["S1_GRD", "S1_SLC"],
                    output_product_type="CARD_BS", version="1.0") for i in range(5)]
    model.set_items(wfs)
    assert model.rowCount() == 5 and model.columnCount() == 5
    assert model.index(0, 2).data() == "S1_GRD, S1_SLC"
    assert model.index(3, 0).data(Qt.UserRole) is wfs[3]
    proxy.setFilterFixedString("WORKFLOW 3")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "wf_3"
    proxy.setFilterFixedString("")
    model.append([Workflow(id="x", name="aaa")])
    proxy.sort(0, Qt.AscendingOrder)
    assert proxy.index(0, 0).data() == "aaa"
    model.clear()
    assert proxy.rowCount() == 0
    del t1, t2


def test_inputs_model_sorts_by_raw_values(qgis_app):
    model = InputsModel()
    proxy = SortProxy()
    proxy.setSourceModel(model)
    t1, t2 = model_tester(model), model_tester(proxy)
    products = [
        InputProduct(id="a", name="A", sensing_start=T0 + timedelta(days=2), size=900, cloud_cover=50.0),
        InputProduct(id="b", name="B", sensing_start=T0, size=10 * 1024**3, cloud_cover=5.0, online=False),
        InputProduct(id="c", name="C", sensing_start=None, size=None, cloud_cover=None),
    ]
    model.append(products[:2])
    model.append(products[2:])
    assert model.rowCount() == 3
    proxy.sort(4, Qt.DescendingOrder)  # size: 10 GB > 900 B > unknown (not alphabetical "900 B" > "10.0 GB")
    assert [proxy.index(r, 0).data() for r in range(3)] == ["B", "A", "C"]
    proxy.sort(1, Qt.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["C", "B", "A"]
    assert model.index(1, 5).data() == "no (archive)"
    assert model.index(0, 3).data() == "50"
    assert model.index(0, 1).data(SORT_ROLE) == (T0 + timedelta(days=2)).timestamp()
    del t1, t2


def test_orders_update_emits_only_changed_rows(qgis_app):
    model = OrdersModel()
    proxy = OrdersFilterProxy()
    proxy.setSourceModel(model)
    t1, t2 = model_tester(model), model_tester(proxy)
    model.set_items([order(i) for i in range(10)])
    spy = QSignalSpy(model.dataChanged)
    inserted = QSignalSpy(model.rowsInserted)
    fresh = [order(i) for i in range(10)]
    fresh[3] = order(3, OrderStatus.IN_PROGRESS, progress=40.0)
    fresh[4] = order(4, OrderStatus.COMPLETED)
    fresh[8] = order(8, OrderStatus.FAILED, message="boom")
    n = model.update_orders([*fresh, order(10), order(11)])
    assert n == 5
    ranges = [(s[0].row(), s[1].row()) for s in spy]
    assert ranges == [(3, 4), (8, 8)]
    assert len(inserted) == 1 and model.rowCount() == 12
    assert model.get("o3").progress == 40.0 and model.index(3, 5).data() == "40 %"
    assert model.index(4, 1).data() == "Completed"
    assert model.index(4, 1).data(Qt.DecorationRole) is not None
    assert model.index(4, 1).data(Qt.ForegroundRole) is not None
    # no change -> no signal
    spy2 = QSignalSpy(model.dataChanged)
    assert model.update_orders(fresh) == 0 and len(spy2) == 0

    proxy.set_status_filter(OrderStatus.FAILED)
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(Qt.UserRole).id == "o8"
    proxy.set_status_filter(OrdersFilterProxy.ACTIVE)
    assert proxy.rowCount() == 10  # 12 minus completed and failed
    proxy.set_text_filter("ORDER 1")
    assert {proxy.index(r, 0).data(Qt.UserRole).id for r in range(proxy.rowCount())} == {"o1", "o10", "o11"}
    proxy.set_status_filter(None)
    proxy.set_text_filter("")
    proxy.sort(1, Qt.AscendingOrder)
    assert proxy.index(0, 1).data() == "Queued" and proxy.index(11, 1).data() == "Failed"
    # a status change moves the row under dynamic sorting; the tester checks the proxy stays coherent
    model.update_orders([order(0, OrderStatus.CANCELLED)])
    assert proxy.index(11, 0).data(Qt.UserRole).id == "o0"
    del t1, t2


@pytest.mark.slow
def test_ten_thousand_orders_then_thousand_updates(qgis_app):
    """10 pages of 1,000 orders, then 1,000 scattered status updates through a sorted, filtered proxy.

    The testers watch the inserts; they are detached for the updates because QAbstractItemModelTester
    re-walks every cell on each dataChanged (1,000 x 70,000 cells would take hours), and fresh testers
    are attached afterwards, which checks the final structure once.
    """
    model = OrdersModel()
    proxy = OrdersFilterProxy()
    proxy.setSourceModel(model)
    proxy.sort(4, Qt.DescendingOrder)
    t1, t2 = model_tester(model), model_tester(proxy)
    for page in range(10):
        model.append([order(i) for i in range(page * 1000, (page + 1) * 1000)])
    assert model.rowCount() == 10_000 and proxy.rowCount() == 10_000
    del t1, t2
    spy = QSignalSpy(model.dataChanged)
    updates = [order(i, OrderStatus.COMPLETED) for i in range(0, 10_000, 10)]
    assert model.update_orders(updates) == 1000
    assert len(spy) == 1000  # every 10th row: no two are contiguous, so one signal each
    assert model.rowCount() == 10_000 and proxy.rowCount() == 10_000
    proxy.set_status_filter(OrderStatus.COMPLETED)
    t1, t2 = model_tester(model), model_tester(proxy)
    assert proxy.rowCount() == 1000
    assert proxy.index(0, 0).data(Qt.UserRole).id == "o9990"
    assert proxy.index(999, 0).data(Qt.UserRole).id == "o0"
    assert len(model.active_orders()) == 9000
    del t1, t2


def test_format_size():
    assert format_size(None) == "" and format_size(512) == "512 B" and format_size(3 * 1024**2) == "3.0 MB"
