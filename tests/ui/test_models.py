# SPDX-License-Identifier: GPL-2.0-or-later
"""Table models: structure checked by QAbstractItemModelTester (Fatal) through resets, inserts, updates and sorts.

The models sort themselves (the proxies forward ``sort`` and only filter), so these tests also check that
source order, proxy order and persistent indexes (a view's selection) agree after every kind of change.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from qgis.PyQt.QtCore import QItemSelectionModel, Qt
from qgis.PyQt.QtTest import QAbstractItemModelTester, QSignalSpy
from qgis.PyQt.QtWidgets import QAbstractItemView, QTableView

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
STATUS_RANK = {s: i for i, s in enumerate(OrderStatus)}


def model_tester(model):
    return QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)


def watched(model, proxy):
    """``proxy`` over ``model``, both under a fatal ``QAbstractItemModelTester``: (model, proxy, testers).

    The testers watch only while referenced: a test keeps ``testers`` until its last step.
    """
    proxy.setSourceModel(model)
    return model, proxy, (model_tester(model), model_tester(proxy))


def order(i: int, status: OrderStatus = OrderStatus.QUEUED, **kw) -> Order:
    return Order(id=f"o{i}", name=kw.pop("name", f"order {i}"), status=status, raw_status=status.value,
                 workflow_name=kw.pop("workflow_name", "card_bs"), submitted_at=T0 + timedelta(minutes=i), **kw)


def proxy_ids(proxy) -> list[str]:
    return [proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).id for r in range(proxy.rowCount())]


def model_ids(model) -> list[str]:
    return [o.id for o in model.items()]


def assert_consistent(model: OrdersModel) -> None:
    """Row index, id lookup and the model's own sort order agree."""
    for row, o in enumerate(model.items()):
        assert model.row_of(o.id) == row and model.index(row, 0).data(Qt.ItemDataRole.UserRole) is o
    column, order_ = model.sort_column(), model.sort_order()
    if column >= 0:
        keys = [model.columns[column].sort(o) for o in model.items()]
        assert keys == sorted(keys, reverse=order_ == Qt.SortOrder.DescendingOrder)


def test_workflows_model(qgis_app):
    model, proxy, testers = watched(WorkflowsModel(), SortProxy())
    wfs = [Workflow(id=str(i), name=f"wf_{i}", title=f"Workflow {i}", input_product_types=["S1_GRD", "S1_SLC"],
                    output_product_type="CARD_BS", version="1.0") for i in range(5)]
    model.set_items(wfs)
    assert model.rowCount() == 5 and model.columnCount() == 5
    assert model.index(0, 2).data() == "S1_GRD, S1_SLC"
    assert model.index(3, 0).data(Qt.ItemDataRole.UserRole) is wfs[3]
    proxy.setFilterFixedString("WORKFLOW 3")
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data() == "wf_3"
    proxy.setFilterFixedString("")
    model.append([Workflow(id="x", name="aaa")])
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 0).data() == "aaa"
    assert proxy.sortColumn() == 0 and proxy.sortOrder() == Qt.SortOrder.AscendingOrder
    proxy.sort(0, Qt.SortOrder.DescendingOrder)
    assert [proxy.index(r, 0).data() for r in range(6)] == ["wf_4", "wf_3", "wf_2", "wf_1", "wf_0", "aaa"]
    model.set_items(wfs[:2])  # a reset while sorted comes in sorted
    assert [proxy.index(r, 0).data() for r in range(2)] == ["wf_1", "wf_0"]
    model.clear()
    assert proxy.rowCount() == 0
    del testers


def test_inputs_model_sorts_by_raw_values(qgis_app):
    model, proxy, testers = watched(InputsModel(), SortProxy())
    products = [
        InputProduct(id="a", name="A", sensing_start=T0 + timedelta(days=2), size=900, cloud_cover=50.0),
        InputProduct(id="b", name="B", sensing_start=T0, size=10 * 1024**3, cloud_cover=5.0, online=False),
        InputProduct(id="c", name="C", sensing_start=None, size=None, cloud_cover=None),
    ]
    model.append(products[:2])
    model.append(products[2:])
    assert model.rowCount() == 3
    proxy.sort(4, Qt.SortOrder.DescendingOrder)  # size: 10 GB > 900 B > unknown (not alphabetical "900 B" > "10.0 GB")
    assert [proxy.index(r, 0).data() for r in range(3)] == ["B", "A", "C"]
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(3)] == ["C", "B", "A"]
    assert [p.id for p in model.items()] == ["c", "b", "a"]  # the source model itself is sorted
    assert model.index(model.row_of("b"), 5).data() == "no (archive)"
    assert model.index(model.row_of("a"), 3).data() == "50"
    assert model.index(model.row_of("a"), 1).data(SORT_ROLE) == (T0 + timedelta(days=2)).timestamp()
    del testers


def test_orders_update_emits_only_changed_rows(qgis_app):
    model, proxy, testers = watched(OrdersModel(), OrdersFilterProxy())
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
    assert model.index(4, 1).data(Qt.ItemDataRole.DecorationRole) is not None
    assert model.index(4, 1).data(Qt.ItemDataRole.ForegroundRole) is not None
    # no change -> no signal
    spy2 = QSignalSpy(model.dataChanged)
    assert model.update_orders(fresh) == 0 and len(spy2) == 0

    proxy.set_status_filter(OrderStatus.FAILED)
    assert proxy.rowCount() == 1 and proxy.index(0, 0).data(Qt.ItemDataRole.UserRole).id == "o8"
    proxy.set_status_filter(OrdersFilterProxy.ACTIVE)
    assert proxy.rowCount() == 10  # 12 minus completed and failed
    proxy.set_text_filter("ORDER 1")
    assert set(proxy_ids(proxy)) == {"o1", "o10", "o11"}
    proxy.set_text_filter("in progress")  # the status label is searched too
    assert proxy_ids(proxy) == ["o3"]
    proxy.set_status_filter(None)
    proxy.set_text_filter("")
    proxy.sort(1, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, 1).data() == "Queued" and proxy.index(11, 1).data() == "Failed"
    # a status change moves the row while sorted on status; the testers check both models stay coherent
    model.update_orders([order(0, OrderStatus.CANCELLED)])
    assert proxy.index(11, 0).data(Qt.ItemDataRole.UserRole).id == "o0"
    assert_consistent(model)
    del testers


def test_filters_follow_status_changes(qgis_app):
    """With a filter set, an order whose status changes leaves or joins the filtered rows at once."""
    model, proxy, testers = watched(OrdersModel(), OrdersFilterProxy())
    model.update_orders([order(i) for i in range(6)])
    assert not proxy.dynamicSortFilter()  # nothing to filter: data changes cost the proxy nothing
    proxy.set_status_filter(OrdersFilterProxy.ACTIVE)
    assert proxy.dynamicSortFilter() and proxy.rowCount() == 6
    model.update_orders([order(2, OrderStatus.COMPLETED), order(4, OrderStatus.FAILED)])
    assert sorted(proxy_ids(proxy)) == ["o0", "o1", "o3", "o5"]
    proxy.set_status_filter(OrderStatus.COMPLETED)
    assert proxy_ids(proxy) == ["o2"]
    proxy.set_status_filter("failed")  # the status value works as well as the enum member
    assert proxy_ids(proxy) == ["o4"]
    proxy.set_status_filter(OrderStatus.COMPLETED)
    model.update_orders([order(i, OrderStatus.COMPLETED) for i in range(6)])
    assert sorted(proxy_ids(proxy)) == [f"o{i}" for i in range(6)]
    proxy.set_status_filter(None)
    proxy.set_text_filter("ORDER 3")
    assert proxy_ids(proxy) == ["o3"]
    model.update_orders([order(3, name="renamed")])  # the cached search text follows the new object
    assert proxy_ids(proxy) == []
    proxy.set_text_filter("renamed")
    assert proxy_ids(proxy) == ["o3"]
    proxy.set_text_filter("")
    assert not proxy.dynamicSortFilter() and proxy.rowCount() == 6
    del testers


def test_many_changes_emit_one_span(qgis_app):
    model = OrdersModel()
    model.update_orders([order(i) for i in range(300)])
    spy = QSignalSpy(model.dataChanged)
    changes = [order(i, OrderStatus.IN_PROGRESS) for i in range(5, 300, 3)]  # 99 scattered rows
    assert model.update_orders(changes) == len(changes)
    assert [(s[0].row(), s[1].row(), s[1].column()) for s in spy] == [(5, 299, 10)]
    spy = QSignalSpy(model.dataChanged)
    assert model.update_orders([order(i, OrderStatus.COMPLETED) for i in range(0, 128, 2)]) == 64
    assert len(spy) == 64  # up to BULK_CHANGES: one signal per run


def test_sorted_pages_insert_in_place_and_selection_survives(qgis_app):
    """The dock's set-up: view with sorting enabled, newest first; a page of newer orders is one insert at
    the top; a page that does not fit in one place and a re-sort keep the selected order selected."""
    model, proxy, testers = watched(OrdersModel(), OrdersFilterProxy())
    view = QTableView()
    view.setModel(proxy)
    view.setSortingEnabled(True)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.sortByColumn(4, Qt.SortOrder.DescendingOrder)
    assert proxy.sortColumn() == 4 and proxy.sortOrder() == Qt.SortOrder.DescendingOrder
    model.update_orders([order(i) for i in range(10, 20)])
    assert proxy_ids(proxy) == [f"o{i}" for i in range(19, 9, -1)]

    inserted, layout = QSignalSpy(model.rowsInserted), QSignalSpy(model.layoutChanged)
    model.update_orders([order(i) for i in range(20, 25)])  # newer: one block at the top, no re-sort
    assert [(s[1], s[2]) for s in inserted] == [(0, 4)] and len(layout) == 0
    model.update_orders([order(i) for i in range(0, 10)])  # older: one block at the bottom
    assert [(s[1], s[2]) for s in inserted][1:] == [(15, 24)] and len(layout) == 0
    assert_consistent(model)

    selected = proxy.mapFromSource(model.index(model.row_of("o12"), 0))
    view.selectionModel().select(
        selected, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
    model.update_orders([order(i) for i in (-5, 30)])  # one older, one newer: appended, then re-sorted
    assert len(layout) == 1 and model.rowCount() == 27
    assert model_ids(model)[0] == "o30" and model_ids(model)[-1] == "o-5"
    assert [i.data(Qt.ItemDataRole.UserRole).id for i in view.selectionModel().selectedRows()] == ["o12"]
    view.sortByColumn(0, Qt.SortOrder.AscendingOrder)  # what a header click does: by name
    names = [proxy.index(r, 0).data() for r in range(proxy.rowCount())]
    assert names == sorted(names, key=str.lower)
    assert [i.data(Qt.ItemDataRole.UserRole).id for i in view.selectionModel().selectedRows()] == ["o12"]
    assert_consistent(model)
    view.close()
    del testers


def test_bulk_status_changes_resort_when_sorted_on_status(qgis_app):
    model, proxy, testers = watched(OrdersModel(), OrdersFilterProxy())
    proxy.sort(OrdersModel.STATUS_COLUMN, Qt.SortOrder.DescendingOrder)
    model.update_orders([order(i) for i in range(200)])
    rng = random.Random(7)
    statuses = list(OrderStatus)
    changes = [order(i, rng.choice(statuses)) for i in rng.sample(range(200), 120)]
    spy, layout = QSignalSpy(model.dataChanged), QSignalSpy(model.layoutChanged)
    model.update_orders(changes)
    assert len(spy) == 1 and len(layout) == 1
    ranks = [STATUS_RANK[proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).status] for r in range(200)]
    assert ranks == sorted(ranks, reverse=True)
    assert_consistent(model)
    del testers


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["page", "update", "sort", "reset"]),
                          st.lists(st.integers(0, 60), max_size=40),
                          st.integers(0, 6), st.booleans(), st.sampled_from(list(OrderStatus))),
                max_size=8))
def test_any_sequence_keeps_models_sorted_and_coherent(qgis_app, steps):
    """Pages, updates, sorts and resets in any order: testers stay quiet and the rows stay sorted."""
    model, proxy, testers = watched(OrdersModel(), OrdersFilterProxy())
    for kind, ids, column, descending, status in steps:
        if kind == "page":
            model.update_orders([order(i, status) for i in ids])
        elif kind == "update":
            model.update_orders([order(i, status, progress=float(i)) for i in ids])
        elif kind == "sort":
            proxy.sort(column, Qt.SortOrder.DescendingOrder if descending else Qt.SortOrder.AscendingOrder)
        else:
            model.set_items([order(i, status) for i in dict.fromkeys(ids)])
        assert_consistent(model)
        assert proxy_ids(proxy) == model_ids(model)
    del testers


def _fill_and_update(model: OrdersModel, proxy: OrdersFilterProxy, n: int) -> None:
    """n/1000 pages of 1,000 orders (newest first, like the dock), then an update of every 10th order."""
    proxy.sort(4, Qt.SortOrder.DescendingOrder)
    for page in range(n // 1000):
        model.append([order(i) for i in range(page * 1000, (page + 1) * 1000)])
    assert model.rowCount() == n and proxy.rowCount() == n
    assert proxy.index(0, 0).data(Qt.ItemDataRole.UserRole).id == f"o{n - 1}"
    spy = QSignalSpy(model.dataChanged)
    updates = [order(i, OrderStatus.COMPLETED) for i in range(0, n, 10)]
    assert model.update_orders(updates) == n // 10
    assert len(spy) == 1  # scattered rows: one signal over their span, not one each
    assert (spy[0][0].row(), spy[0][1].row()) == (model.row_of(f"o{n - 10}"), model.row_of("o0"))


def test_thousand_orders_with_testers(qgis_app):
    """The 10,000-row scenario at 1,000 rows, with testers watching every signal (they re-walk all cells
    on each one, which is what makes them too slow at 10,000)."""
    model, proxy, testers = watched(OrdersModel(), OrdersFilterProxy())
    _fill_and_update(model, proxy, 1000)
    proxy.set_status_filter(OrderStatus.COMPLETED)
    assert proxy.rowCount() == 100
    assert proxy_ids(proxy) == [f"o{i}" for i in range(990, -1, -10)]
    proxy.sort(OrdersModel.STATUS_COLUMN, Qt.SortOrder.AscendingOrder)
    proxy.set_status_filter(None)
    assert proxy.index(0, 1).data() == "Queued" and proxy.index(999, 1).data() == "Completed"
    assert_consistent(model)
    del testers


def test_ten_thousand_orders_then_thousand_updates(qgis_app):
    """10 pages of 1,000 orders, then 1,000 scattered status updates, through the filter proxy; plain
    assertions (the 1,000-row test above runs the same steps under QAbstractItemModelTester)."""
    model = OrdersModel()
    proxy = OrdersFilterProxy()
    proxy.setSourceModel(model)
    _fill_and_update(model, proxy, 10_000)
    assert model.rowCount() == 10_000 and proxy.rowCount() == 10_000
    proxy.set_status_filter(OrderStatus.COMPLETED)
    assert proxy.rowCount() == 1000
    assert proxy.index(0, 0).data(Qt.ItemDataRole.UserRole).id == "o9990"
    assert proxy.index(999, 0).data(Qt.ItemDataRole.UserRole).id == "o0"
    assert len(model.active_orders()) == 9000
    proxy.set_status_filter(None)
    proxy.sort(OrdersModel.STATUS_COLUMN, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, 1).data() == "Completed" and proxy.index(9999, 1).data() == "Queued"
    assert_consistent(model)


def test_format_size():
    assert format_size(None) == "" and format_size(512) == "512 B" and format_size(3 * 1024**2) == "3.0 MB"


def test_orders_of_several_connections_keyed_apart_with_decision_and_connection_filters(qgis_app):
    """Tracked orders of two connections may share an id; each is its own row. The decision status and
    the connection filter hold through updates, under the model tester."""
    from dataclasses import replace

    from eo_orders.core.tracked import DECISION_LABEL, TrackedOrder

    a = [TrackedOrder("conn-a", order(i), "Alpha", "UP42") for i in range(3)]
    b = [TrackedOrder("conn-b", order(i), "Beta", "Capella Space") for i in range(2)]  # same ids as in A
    model = OrdersModel()
    model_tester(model)
    proxy = OrdersFilterProxy()
    proxy.setSourceModel(model)
    model_tester(proxy)
    model.set_items(a)
    assert model.update_orders(b) == 2 and model.rowCount() == 5
    assert len({model.item(r).key for r in range(5)}) == 5

    proxy.set_connection_filter("conn-b")
    assert sorted(proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).key for r in range(proxy.rowCount())) == \
        ["conn-b|o0", "conn-b|o1"]
    waiting = replace(b[1], order=replace(b[1].order, sub_status="awaiting approval"))
    proxy.set_connection_filter(None)
    proxy.set_status_filter(OrdersFilterProxy.DECISION)
    assert proxy.rowCount() == 0
    model.update_orders([waiting])
    assert proxy.rowCount() == 1
    row = proxy.index(0, 0).data(Qt.ItemDataRole.UserRole)
    assert row.key == "conn-b|o1" and proxy.index(0, OrdersModel.STATUS_COLUMN).data() == DECISION_LABEL
    assert model.index(model.row_of("conn-a|o1"), OrdersModel.STATUS_COLUMN).data() == "Queued"
    offline = replace(a[0], offline=True, checked_at=T0)
    model.update_orders([offline])
    checked = model.index(model.row_of("conn-a|o0"), OrdersModel.CHECKED_COLUMN).data()
    assert checked == "offline — last checked 2026-11-01 10:00"
    proxy.set_status_filter(None)
    proxy.set_text_filter("capella")  # connection and provider are searched too
    keys = {proxy.index(r, 0).data(Qt.ItemDataRole.UserRole).key for r in range(proxy.rowCount())}
    assert keys == {"conn-b|o0", "conn-b|o1"}
    proxy.set_text_filter("alpha")
    assert proxy.rowCount() == 3
