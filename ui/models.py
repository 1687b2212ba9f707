# SPDX-License-Identifier: GPL-2.0-or-later
"""Qt table models over the domain objects of ``providers.base``.

Why models of our own instead of ``QStandardItemModel``: the dock polls orders every few seconds and a
search can return thousands of products, so updates must be batched (one reset or one insert per page,
``dataChanged`` only for rows whose order really changed) and each row must give back its domain
object (``Qt.UserRole``) without a parallel lookup table in the widget. ``SORT_ROLE`` gives raw values
(timestamps, numbers) so sorting by date or size is not alphabetical.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timezone
from typing import Any, Callable, Generic, TypeVar

from qgis.PyQt.QtCore import QAbstractItemModel, QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt
from qgis.PyQt.QtGui import QBrush, QColor, QIcon, QPainter, QPixmap

from ..core.tracked import expiry_text, format_datetime, output_expired
from ..providers.base import InputProduct, Order, OrderStatus, Workflow
from ..providers.i18n import QT_TR_NOOP, tr

SORT_ROLE = Qt.ItemDataRole.UserRole + 1

T = TypeVar("T")

STATUS_COLORS: dict[OrderStatus, str] = {
    OrderStatus.QUEUED: "#7a7a7a",
    OrderStatus.IN_PROGRESS: "#1f6fc5",
    OrderStatus.COMPLETED: "#1e8a3a",
    OrderStatus.FAILED: "#c0392b",
    OrderStatus.CANCELLED: "#9a6a00",
}

#: an order waiting for the user's decision (a quotation to accept, a tasking request to approve)
DECISION_COLOR = "#d35400"
#: a completed order whose output the provider has deleted
EXPIRED_COLOR = "#7a7a7a"

_ICONS: dict[str, QIcon] = {}


def _dot(color: str) -> QIcon:
    """A small filled circle in a colour (made once; no icon files to ship)."""
    icon = _ICONS.get(color)
    if icon is None:
        pix = QPixmap(12, 12)
        pix.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pix)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(color))
        painter.drawEllipse(1, 1, 10, 10)
        painter.end()
        icon = _ICONS[color] = QIcon(pix)
    return icon


def status_icon(status: OrderStatus) -> QIcon:
    return _dot(STATUS_COLORS[status])


def decision_icon() -> QIcon:
    return _dot(DECISION_COLOR)


def format_size(size: int | None) -> str:
    if size is None:
        return ""
    value = float(size)
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if value < 1024 or unit == "TB":
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return ""  # pragma: no cover


def _ts(value: datetime | None) -> float:
    """Sortable number for a date; missing dates sort first."""
    if value is None:
        return -math.inf
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.timestamp()


def _num(value: float | None) -> float:
    return -math.inf if value is None else float(value)


class Column(Generic[T]):
    """One column: header, display text, sort value, tooltip."""

    def __init__(self, header: str, display: Callable[[T], str], sort: Callable[[T], Any] | None = None,
                 tooltip: Callable[[T], str] | None = None) -> None:
        self.header = header
        self.display = display
        self.sort = sort or (lambda item: display(item).lower())
        self.tooltip = tooltip


class DomainTableModel(QAbstractTableModel, Generic[T]):
    """A flat list of domain objects, one per row, indexed by ``id`` for fast updates.

    The model sorts itself (``sort``) instead of leaving it to ``QSortFilterProxyModel``: a proxy sort
    compares rows in C++ but fetches both sort values through Python ``data()`` calls, about 125 000 of
    them for 10 000 rows, while ``list.sort`` with a key makes one Python call per row. While sorted, the
    model keeps the rows in order itself: a page of new rows is inserted where it belongs (one
    ``rowsInserted`` when it fits in one place, otherwise appended and re-sorted), and an update that puts
    a row out of order re-sorts with ``layoutChanged`` and remapped persistent indexes, so selections stay.
    """

    columns: Sequence[Column[T]] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[T] = []
        self._rows: dict[str, int] = {}
        #: (column, order) of the last ``sort``, or None while rows stay in arrival order
        self._sort_spec: tuple[int, Qt.SortOrder] | None = None
        #: sort key of each row for the sorted column (aligned with ``_items``), None when unsorted
        self._keys: list[Any] | None = None

    # -- Qt interface ----------------------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008 - Qt signature
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole \
                and 0 <= section < len(self.columns):
            return tr(self.columns[section].header)  # the English header stays the column's key
        return None

    def data(self, index: QModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not (0 <= index.row() < len(self._items)):
            return None
        item = self._items[index.row()]
        col = self.columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return col.display(item)
        if role == Qt.ItemDataRole.UserRole:
            return item
        if role == SORT_ROLE:
            return col.sort(item)
        if role == Qt.ItemDataRole.ToolTipRole:
            return col.tooltip(item) if col.tooltip else (col.display(item) or None)
        return self.extra_data(item, index.column(), role)

    def extra_data(self, item: T, column: int, role: int) -> Any:
        return None

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort rows by ``columns[column].sort`` and keep them sorted; a column < 0 stops sorting.

        Python's sort is stable, also with ``reverse=True``, like the proxy's ``std::stable_sort``.
        """
        if not 0 <= column < len(self.columns):
            self._sort_spec = self._keys = None
            return
        self._sort_spec = (column, order)
        key = self.columns[column].sort
        self._keys = [key(item) for item in self._items]
        if not self._in_order(range(len(self._items))):
            self._resort()

    def sort_column(self) -> int:
        return -1 if self._sort_spec is None else self._sort_spec[0]

    def sort_order(self) -> Qt.SortOrder:
        return Qt.SortOrder.AscendingOrder if self._sort_spec is None else self._sort_spec[1]

    # -- batch updates ---------------------------------------------------------------------------
    @staticmethod
    def item_id(item: T) -> str:
        return str(getattr(item, "id", id(item)))

    def set_items(self, items: Iterable[T]) -> None:
        """Replace everything: one reset, however many rows (sorted before the views see them)."""
        self.beginResetModel()
        self._items = list(items)
        if self._sort_spec is not None:
            column, order = self._sort_spec
            key = self.columns[column].sort
            keyed = sorted(((key(item), item) for item in self._items), key=_first,
                           reverse=order == Qt.SortOrder.DescendingOrder)
            self._keys = [k for k, _ in keyed]
            self._items = [item for _, item in keyed]
        self._reindex()
        self.endResetModel()

    def append(self, items: Iterable[T]) -> None:
        """Add one page of rows: one ``rowsInserted`` for the page.

        While sorted, the page is sorted and inserted where it belongs when it fits between two existing
        rows (the usual case: a page of newer orders goes to the top); otherwise it is appended and the
        whole list re-sorted (one ``layoutChanged``).
        """
        new = list(items)
        if not new:
            return
        if self._sort_spec is None or self._keys is None:
            self._insert(len(self._items), new, None)
            return
        column, order = self._sort_spec
        descending = order == Qt.SortOrder.DescendingOrder
        key = self.columns[column].sort
        keyed = sorted(((key(item), item) for item in new), key=_first, reverse=descending)
        new_keys = [k for k, _ in keyed]
        new = [item for _, item in keyed]
        pos = _insert_position(self._keys, new_keys[0], descending)
        fits = pos == len(self._keys) or (
            new_keys[-1] > self._keys[pos] if descending else new_keys[-1] < self._keys[pos])
        if fits:
            self._insert(pos, new, new_keys)
        else:
            self._insert(len(self._items), new, new_keys)
            self._resort()

    def _insert(self, first: int, new: list[T], new_keys: list[Any] | None) -> None:
        self.beginInsertRows(QModelIndex(), first, first + len(new) - 1)
        if first == len(self._items):
            self._items.extend(new)
            for offset, item in enumerate(new):
                self._rows[self.item_id(item)] = first + offset
            if self._keys is not None and new_keys is not None:
                self._keys.extend(new_keys)
        else:
            self._items[first:first] = new
            if self._keys is not None and new_keys is not None:
                self._keys[first:first] = new_keys
            self._reindex()
        self.endInsertRows()

    def clear(self) -> None:
        self.set_items([])

    def _reindex(self) -> None:
        self._rows = dict(zip(map(self.item_id, self._items), range(len(self._items))))

    def _in_order(self, rows: Iterable[int]) -> bool:
        """Whether each given row is in order with its neighbours (enough after changing only those rows)."""
        keys = self._keys
        if keys is None or self._sort_spec is None:
            return True
        descending = self._sort_spec[1] == Qt.SortOrder.DescendingOrder
        last = len(keys) - 1
        for row in rows:
            if row < last:
                a, b = keys[row], keys[row + 1]
                if (a < b) if descending else (b < a):
                    return False
            if row > 0:
                a, b = keys[row - 1], keys[row]
                if (a < b) if descending else (b < a):
                    return False
        return True

    def _resort(self) -> None:
        """Re-order rows by ``_keys`` as one layout change, moving persistent indexes with their rows."""
        if self._sort_spec is None or self._keys is None:
            return
        keys = self._keys
        descending = self._sort_spec[1] == Qt.SortOrder.DescendingOrder
        self.layoutAboutToBeChanged.emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)
        perm = sorted(range(len(keys)), key=keys.__getitem__, reverse=descending)
        self._items = [self._items[i] for i in perm]
        self._keys = [keys[i] for i in perm]
        self._reindex()
        old = self.persistentIndexList()
        if old:
            new_row = [0] * len(perm)
            for new, prev in enumerate(perm):
                new_row[prev] = new
            self.changePersistentIndexList(old, [self.index(new_row[i.row()], i.column()) for i in old])
        self.layoutChanged.emit([], QAbstractItemModel.LayoutChangeHint.VerticalSortHint)

    def items(self) -> list[T]:
        return list(self._items)

    def item(self, row: int) -> T:
        return self._items[row]

    def row_of(self, item_id: str) -> int:
        return self._rows.get(item_id, -1)

    def get(self, item_id: str) -> T | None:
        row = self._rows.get(item_id, -1)
        return self._items[row] if row >= 0 else None


def _first(pair: tuple[Any, Any]) -> Any:
    return pair[0]


def _insert_position(keys: list[Any], key: Any, descending: bool) -> int:
    """Index of the first row that sorts strictly after ``key`` (so equal keys keep arrival order)."""
    lo, hi = 0, len(keys)
    while lo < hi:
        mid = (lo + hi) // 2
        if (keys[mid] < key) if descending else (key < keys[mid]):
            hi = mid
        else:
            lo = mid + 1
    return lo


def _joined(values: Iterable[str]) -> str:
    return ", ".join(v for v in values if v)


_OPAQUE_ID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.IGNORECASE)
#: workflow id -> title, learnt from every workflow list shown: UP42 names its data products by UUID, and
#: the orders table names an order's workflow by its title rather than that id
WORKFLOW_TITLES: dict[str, str] = {}


def is_opaque_id(name: str) -> bool:
    return bool(_OPAQUE_ID.match(name or ""))


def workflow_label(w: Workflow) -> str:
    """The workflow's name, or its title where the name is an opaque id (a UUID says nothing)."""
    return w.title if w.title and is_opaque_id(w.name) else w.name


def order_workflow_label(o: Order) -> str:
    name = o.workflow_name or ""
    return WORKFLOW_TITLES.get(name) or name


class WorkflowsModel(DomainTableModel[Workflow]):
    columns = (
        Column(QT_TR_NOOP("Name"), workflow_label, tooltip=lambda w: f"{w.title}\nid {w.name}" if w.title else w.name),
        Column(QT_TR_NOOP("Title"), lambda w: "" if workflow_label(w) == w.title else w.title,
               tooltip=lambda w: w.description or w.title),
        Column(QT_TR_NOOP("Input types"), lambda w: _joined(w.input_product_types)),
        Column(QT_TR_NOOP("Output"), lambda w: w.output_product_type),
        Column(QT_TR_NOOP("Version"), lambda w: w.version),
    )


def _input_date(p: InputProduct) -> str:
    return format_datetime(p.sensing_start)


    def set_items(self, items: Iterable[Workflow]) -> None:
        items = list(items)
        WORKFLOW_TITLES.update({w.name: w.title for w in items if w.title and is_opaque_id(w.name)})
        super().set_items(items)


class InputsModel(DomainTableModel[InputProduct]):
    columns = (
        Column(QT_TR_NOOP("Name"), lambda p: p.name),
        Column(QT_TR_NOOP("Date (UTC)"), _input_date, sort=lambda p: _ts(p.sensing_start)),
        Column(QT_TR_NOOP("Collection / type"), lambda p: " / ".join(x for x in (p.collection, p.product_type) if x)),
        Column(QT_TR_NOOP("Cloud %"), lambda p: "" if p.cloud_cover is None else f"{p.cloud_cover:.0f}",
               sort=lambda p: _num(p.cloud_cover)),
        Column(QT_TR_NOOP("Size"), lambda p: format_size(p.size), sort=lambda p: _num(p.size)),
        Column(QT_TR_NOOP("Online"), lambda p: tr("yes") if p.online else tr("no (archive)"),
               sort=lambda p: int(bool(p.online))),
    )

    def extra_data(self, item: InputProduct, column: int, role: int) -> Any:
        if role == Qt.ItemDataRole.ForegroundRole and not item.online:
            return QBrush(QColor("#9a6a00"))
        return None


_STATUS_ORDER = {s: i for i, s in enumerate(OrderStatus)}


def _progress(o: Order) -> str:
    """A completed order is done whatever its last progress report said (UP42 and prosEO may still say 1 %)."""
    if o.status == OrderStatus.COMPLETED:
        return "100 %"
    if o.progress is None:
        return ""
    return f"{o.progress:.0f} %"


#: the status of a completed order whose output the provider has deleted
EXPIRED_LABEL = QT_TR_NOOP("Output expired")


def _state_label(o: Order) -> str:
    """The status as the user reads it: "Needs your decision" for a (tracked) order waiting on the user,
    "Output expired" for a completed one whose results are gone (nothing left to download)."""
    if o.status == OrderStatus.COMPLETED and output_expired(o):
        return tr(EXPIRED_LABEL)
    return getattr(o, "state_label", "") or o.status.label


def _state_rank(o: Order) -> int:
    return -1 if getattr(o, "needs_decision", False) else _STATUS_ORDER[o.status]


def _checked(o: Order) -> str:
    return getattr(o, "checked_text", "")


def _expiry(o: Order) -> str:
    """When the provider deletes the output (CDSE production outputs are kept 14 days; ODIP EvictionDate),
    or that it did: read when shown, so a row left open across the moment says "expired" at the next paint."""
    return expiry_text(o)


class OrdersModel(DomainTableModel[Order]):
    """Orders of every connection, one row each.

    Rows are ``core.order_service.TrackedOrder`` objects (an ``Order`` plus its connection, the accepted
    cost and when it was last checked), keyed by connection and order id; plain ``Order`` objects work
    too (keyed by id, the connection columns empty).
    """

    STATUS_COLUMN = 1
    CHECKED_COLUMN = 8
    #: more changed rows than this in one update: one ``dataChanged`` over their span
    BULK_CHANGES = 64
    columns = (
        Column(QT_TR_NOOP("Name"), lambda o: o.name or o.id),
        Column(QT_TR_NOOP("Status"), _state_label, sort=_state_rank,
               tooltip=lambda o: "\n".join(x for x in (_state_label(o), o.sub_status, o.message, _expiry(o),
                                                       _checked(o)) if x)),
        Column(QT_TR_NOOP("Connection"), lambda o: getattr(o, "connection_name", "")),
        Column(QT_TR_NOOP("Workflow"), order_workflow_label, tooltip=lambda o: o.workflow_name),
        Column(QT_TR_NOOP("Submitted (UTC)"), lambda o: format_datetime(o.submitted_at),
               sort=lambda o: _ts(o.submitted_at)),
        Column(QT_TR_NOOP("Progress"), _progress,
               sort=lambda o: 100.0 if o.status == OrderStatus.COMPLETED else _num(o.progress)),
        Column(QT_TR_NOOP("Cost"), lambda o: getattr(o, "cost", "")),
        Column(QT_TR_NOOP("Provider"), lambda o: getattr(o, "provider_title", "")),
        Column(QT_TR_NOOP("Last checked (UTC)"), _checked),
        Column(QT_TR_NOOP("Raw status"), lambda o: o.raw_status),
        Column(QT_TR_NOOP("Id"), lambda o: o.id),
    )

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._search: dict[str, tuple[Order, str]] = {}

    @staticmethod
    def item_id(item: Order) -> str:
        return getattr(item, "key", None) or item.id

    def extra_data(self, item: Order, column: int, role: int) -> Any:
        if column == self.STATUS_COLUMN:
            decision = getattr(item, "needs_decision", False)
            if role == Qt.ItemDataRole.DecorationRole:
                return status_icon(item.status) if not decision else decision_icon()
            if role == Qt.ItemDataRole.ForegroundRole:
                if item.status == OrderStatus.COMPLETED and output_expired(item):
                    return QBrush(QColor(EXPIRED_COLOR))
                return QBrush(QColor(DECISION_COLOR if decision else STATUS_COLORS[item.status]))
        if column == self.CHECKED_COLUMN and role == Qt.ItemDataRole.ForegroundRole and getattr(item, "offline", False):
            return QBrush(QColor(STATUS_COLORS[OrderStatus.FAILED]))
        return None

    def update_orders(self, orders: Iterable[Order]) -> int:
        """Merge fresh orders: ``dataChanged`` for the changed rows, one insert for new ones.

        Up to ``BULK_CHANGES`` changed rows get one signal per contiguous run (a poll usually changes a
        few). Above that, one signal spans them all: each signal costs the proxy and the view a pass of
        their own, so 1 000 scattered changes as 1 000 signals cost more than re-reading the span once.
        If a change puts a row out of order in the sorted column (a status change while sorted by
        status), the rows are re-sorted after the ``dataChanged``.

        Returns how many rows changed or were added (the dock uses it to decide whether to re-check
        button states).
        """
        changed_rows: list[int] = []
        new: list[Order] = []
        seen_new: set[str] = set()
        keys = self._keys
        sort_key = self.columns[self._sort_spec[0]].sort if self._sort_spec is not None and keys is not None else None
        for order in orders:
            key = self.item_id(order)
            row = self._rows.get(key, -1)
            if row < 0:
                if key not in seen_new:
                    seen_new.add(key)
                    new.append(order)
                continue
            if self._items[row] != order:
                self._items[row] = order
                if sort_key is not None:
                    keys[row] = sort_key(order)
                changed_rows.append(row)
        if changed_rows:
            self._emit_changed(sorted(set(changed_rows)))
            if sort_key is not None and not self._in_order(changed_rows):
                self._resort()
        self.append(new)
        return len(changed_rows) + len(new)

    def _emit_changed(self, rows: list[int]) -> None:
        """``rows`` sorted and unique."""
        last_col = len(self.columns) - 1
        if len(rows) > self.BULK_CHANGES:
            self.dataChanged.emit(self.index(rows[0], 0), self.index(rows[-1], last_col))
            return
        start = prev = rows[0]
        for row in rows[1:]:
            if row != prev + 1:
                self.dataChanged.emit(self.index(start, 0), self.index(prev, last_col))
                start = row
            prev = row
        self.dataChanged.emit(self.index(start, 0), self.index(prev, last_col))

    def search_text(self, row: int) -> str:
        """Lower-case text the free-text filter looks in, made once per order object (cached by id)."""
        order = self._items[row]
        hit = self._search.get(self.item_id(order))
        if hit is not None and hit[0] is order:
            return hit[1]
        text = " ".join((order.name, order.id, order.workflow_name, order.raw_status, _state_label(order),
                         getattr(order, "connection_name", ""), getattr(order, "provider_title", ""))).lower()
        self._search[self.item_id(order)] = (order, text)
        return text

    def set_items(self, items: Iterable[Order]) -> None:
        self._search = {}
        super().set_items(items)

    def active_orders(self) -> list[Order]:
        return [o for o in self._items if o.status.is_active]


class SortProxy(QSortFilterProxyModel):
    """Filters on a text over all columns, case-insensitively; sorting is done by the source model.

    ``sort`` (what a ``QTableView`` with sorting enabled calls on a header click) is forwarded to a
    ``DomainTableModel`` source, which sorts its list with one Python key call per row; the proxy itself
    stays unsorted (its own sort column stays -1) and maps rows in source order. Letting the proxy sort
    would make it fetch both sides of every comparison through Python ``data()`` (125 000 calls for
    10 000 rows). Other sources are sorted by the proxy on ``SORT_ROLE`` as usual.
    """

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self.setSortRole(SORT_ROLE)
        self.setFilterCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterKeyColumn(-1)
        self.setDynamicSortFilter(True)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        source = self.sourceModel()
        if isinstance(source, DomainTableModel):
            source.sort(column, order)
        else:
            super().sort(column, order)

    def sortColumn(self) -> int:
        source = self.sourceModel()
        return source.sort_column() if isinstance(source, DomainTableModel) else super().sortColumn()

    def sortOrder(self) -> Qt.SortOrder:
        source = self.sourceModel()
        return source.sort_order() if isinstance(source, DomainTableModel) else super().sortOrder()


class OrdersFilterProxy(SortProxy):
    """Orders filtered by status (one status, ``"active"`` or ``None`` for all) and by free text.

    With no filter set, ``filterAcceptsRow`` returns at once and dynamic filtering is off, so a
    ``dataChanged`` over 10 000 rows costs the proxy no Python call at all; setting a filter turns
    dynamic filtering back on so a row whose status changes leaves or joins the filtered view.
    The text filter reads the source model's cached search text, not ``data()``.
    """

    ACTIVE = "active"
    #: orders waiting for the user (a quotation, a tasking approval)
    DECISION = "decision"

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._status: OrderStatus | str | None = None
        self._connection: str | None = None
        self._text = ""
        self._accept: Callable[[int], bool] | None = None
        self.setDynamicSortFilter(False)

    def set_status_filter(self, status: OrderStatus | str | None) -> None:
        self._status = status
        self._filters_changed()

    def set_connection_filter(self, connection_id: str | None) -> None:
        """Only the orders of one connection (``None``: every connection)."""
        self._connection = connection_id or None
        self._filters_changed()

    def set_text_filter(self, text: str) -> None:
        self._text = text.strip().lower()
        self._filters_changed()

    def setSourceModel(self, model: QAbstractItemModel) -> None:
        super().setSourceModel(model)
        self._filters_changed()

    def _filters_changed(self) -> None:
        self._accept = self._make_accept()
        filtering = self._accept is not None
        if filtering != self.dynamicSortFilter():
            self.setDynamicSortFilter(filtering)
        self.invalidateFilter()

    def _make_accept(self) -> Callable[[int], bool] | None:
        """The row test for the current filters, or None for "everything".

        Built once per filter change so each of the (up to 10 000) calls per pass does only the test
        itself: Qt calls ``filterAcceptsRow`` for every changed row and for every row after a re-sort.
        """
        status, text, conn = self._status, self._text, self._connection
        if status is None and not text and conn is None:
            return None
        model = self.sourceModel()
        if not isinstance(model, OrdersModel):
            return _reject
        if conn is not None or status == self.DECISION:
            return self._slow_accept(model, status, text, conn)
        if status == self.ACTIVE:
            wanted = frozenset(s for s in OrderStatus if s.is_active)
        elif status is not None:
            wanted = frozenset(s for s in OrderStatus if s == status)  # an OrderStatus or its value
        else:
            wanted = frozenset(OrderStatus)
        if not text:
            return lambda row: model._items[row].status in wanted
        search = model.search_text
        return lambda row: model._items[row].status in wanted and text in search(row)

    def _slow_accept(self, model: OrdersModel, status: Any, text: str, conn: str | None) -> Callable[[int], bool]:
        """Connection and decision filters read the tracked order's own fields."""
        search = model.search_text

        def accept(row: int) -> bool:
            o = model._items[row]
            if conn is not None and getattr(o, "connection_id", None) != conn:
                return False
            if status == self.DECISION:
                ok = bool(getattr(o, "needs_decision", False))
            elif status == self.ACTIVE:
                ok = o.status.is_active
            else:
                ok = status is None or o.status == status
            return ok and (not text or text in search(row))

        return accept

    def filterAcceptsRow(self, source_row: int, source_parent: QModelIndex) -> bool:
        accept = self._accept
        return True if accept is None else accept(source_row)


def _reject(row: int) -> bool:
    return False
