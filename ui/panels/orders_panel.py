# SPDX-License-Identifier: GPL-2.0-or-later
"""Orders of every connection in one table: filters by connection, status (with "Needs your decision")
and text; cancel, provider actions, download and load; the streaming and automatic-download options.

Why the rows come from the service: orders are followed by the monitor with or without this panel, so
the table mirrors ``OrderService.orders()`` (filled from the journal at start-up, no network) and its
``ordersChanged`` signal; switching the connection above filters nothing away.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QItemSelectionModel, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QAbstractItemView, QComboBox, QMenu, QWidget

from ...core.order_service import TrackedOrder, order_key
from ...core.settings import AUTO_DOWNLOAD, STREAM_RASTERS
from ...core.tracked import expired_download_message
from ...providers.base import Capability, ConnectionConfig, OrderAction, OrderStatus, Provider
from ...providers.i18n import tr
from ..models import OrdersFilterProxy, OrdersModel
from .base import EmptyHint, Panel, TableMenu, ask, copy_text, fit_columns, load_form, setup_view, zoom_to

FORM_CLASS = load_form(__file__, "orders_panel")


class OrdersPanel(Panel, FORM_CLASS):
    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        #: the dock's current connection (the refresh button asks its provider)
        self.connection_id: str | None = None
        self._current_provider: type[Provider] | None = None
        #: order key -> what the provider offers for it now (accept a quotation, approve…)
        self._order_actions: dict[str, list[OrderAction]] = {}
        self.orders_model = OrdersModel(self)
        self.orders_model.set_items(service.orders())
        self.orders_proxy = OrdersFilterProxy(self)
        self.orders_proxy.setSourceModel(self.orders_model)
        setup_view(self.ordersView, self.orders_proxy, QAbstractItemView.SelectionMode.SingleSelection)
        self.ordersView.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.orders_hint = EmptyHint(self.ordersView, tr("No orders yet"))
        #: the map the "Zoom to results" entry moves (the dock sets it)
        self.iface: Any = None
        self.table_menu = TableMenu(self.ordersView, self._fill_menu, self._double_clicked)
        for combo in (self.statusCombo, self.connectionFilterCombo):  # the dock must fit a 400 px side panel
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            combo.setMinimumContentsLength(9)
        self.statusCombo.addItem(tr("All statuses"), None)
        self.statusCombo.addItem(tr("Active"), OrdersFilterProxy.ACTIVE)
        self.statusCombo.addItem(tr("Needs your decision"), OrdersFilterProxy.DECISION)
        for status in OrderStatus:
            self.statusCombo.addItem(status.label, status)
        self.connectionFilterCombo.addItem(tr("All connections"), None)
        self.actionsButton.setMenu(QMenu(self.actionsButton))
        self.refreshButton.setIcon(QgsApplication.getThemeIcon("mActionRefresh.svg"))
        self.streamCheck.setChecked(STREAM_RASTERS.value())
        self.streamCheck.toggled.connect(STREAM_RASTERS.set_value)
        self.autoDownloadCheck.setChecked(AUTO_DOWNLOAD.value())
        self.autoDownloadCheck.toggled.connect(AUTO_DOWNLOAD.set_value)

        self.statusCombo.currentIndexChanged.connect(
            lambda: self.orders_proxy.set_status_filter(self.statusCombo.currentData()))
        self.connectionFilterCombo.currentIndexChanged.connect(
            lambda: self.orders_proxy.set_connection_filter(self.connectionFilterCombo.currentData()))
        self.ordersFilterEdit.textChanged.connect(self.orders_proxy.set_text_filter)
        self.ordersView.selectionModel().selectionChanged.connect(self._selection_changed)
        self.orders_model.dataChanged.connect(self.update_state)
        self.refreshButton.clicked.connect(self.refresh)
        self.cancelButton.clicked.connect(lambda: self.cancel_selected_order())
        self.downloadButton.clicked.connect(self.download_selected_order)
        self._download_tip = self.downloadButton.toolTip()
        service.ordersChanged.connect(self._orders_changed)
        service.busyChanged.connect(self.update_state)
        service.resultsLoaded.connect(self._results_loaded)
        if self.orders_model.rowCount():
            self._fit()
        self.update_state()

    def set_connections(self, conns: list[ConnectionConfig]) -> None:
        shown = self.connectionFilterCombo.currentData()
        self.connectionFilterCombo.blockSignals(True)
        self.connectionFilterCombo.clear()
        self.connectionFilterCombo.addItem(tr("All connections"), None)
        for conn in conns:
            self.connectionFilterCombo.addItem(conn.name, conn.id)
        self.connectionFilterCombo.setCurrentIndex(max(self.connectionFilterCombo.findData(shown), 0))
        self.connectionFilterCombo.blockSignals(False)
        self.orders_proxy.set_connection_filter(self.connectionFilterCombo.currentData())

    def apply_capabilities(self, prov: type[Provider] | None) -> None:
        """The current connection's provider: the buttons follow it while no order is selected."""
        self._current_provider = prov
        self.update_state()

    def _show_capabilities(self, prov: type[Provider] | None) -> None:
        """Cancel, Actions and streaming only where the provider (of the selected order) offers them."""
        caps = prov.capabilities if prov else frozenset()
        self.cancelButton.setVisible(prov is None or Capability.CANCEL in caps)
        self.streamCheck.setVisible(Capability.STREAMING in caps)
        self.actionsButton.setVisible(prov is None or prov.order_actions is not Provider.order_actions)

    # -- rows -------------------------------------------------------------------------------------
    def _orders_changed(self, rows: list[TrackedOrder]) -> None:
        first_fill = self.orders_model.rowCount() == 0
        self.orders_model.update_orders(rows)
        if first_fill and self.orders_model.rowCount():
            self._fit()
        elif any(t.needs_decision for t in rows):  # the longest status: widen its column when one appears
            wanted = self.ordersView.sizeHintForColumn(OrdersModel.STATUS_COLUMN)
            if wanted > self.ordersView.columnWidth(OrdersModel.STATUS_COLUMN):
                self.ordersView.setColumnWidth(OrdersModel.STATUS_COLUMN, wanted)
        self.update_state()

    def _fit(self) -> None:
        fit_columns(self.ordersView, first_max=150)
        status = OrdersModel.STATUS_COLUMN  # room for "In progress" at least
        self.ordersView.setColumnWidth(status, max(130, self.ordersView.sizeHintForColumn(status)))

    def refresh(self) -> None:
        """Ask the current connection's provider now (the monitor also follows active orders by itself)."""
        conn_id = self.connection_id
        if not conn_id or self.service.is_busy(conn_id, "orders"):
            return
        selected = self.selected_order()

        def done(_: Any) -> None:
            fresh = self.service.tracked(selected.connection_id, selected.id) if selected is not None else None
            if fresh is not None and (fresh.status, fresh.sub_status) != (selected.status, selected.sub_status):
                self._load_actions(fresh)

        self.service.refresh(conn_id, full=True, on_done=done, on_error=self.report, owner=self)
        self.update_state()

    def select_order(self, order_id: str, conn_id: str | None = None) -> None:
        """Select an order by its id (of ``conn_id`` or the current connection first, else of any)."""
        conn_id = conn_id or self.connection_id
        keys = [order_key(conn_id, order_id)] if conn_id else []
        keys += [t.key for t in self.orders_model.items() if t.id == order_id]
        row = next((r for r in map(self.orders_model.row_of, keys) if r >= 0), -1)
        if row < 0:
            return
        idx = self.orders_proxy.mapFromSource(self.orders_model.index(row, 0))
        if not idx.isValid():  # hidden by the filters: show everything rather than select nothing
            self.statusCombo.setCurrentIndex(0)
            self.connectionFilterCombo.setCurrentIndex(0)
            self.ordersFilterEdit.clear()
            idx = self.orders_proxy.mapFromSource(self.orders_model.index(row, 0))
        self.ordersView.selectionModel().select(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.ordersView.scrollTo(idx)

    def selected_order(self) -> TrackedOrder | None:
        rows = self.ordersView.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def _selection_changed(self, *args: Any) -> None:
        order = self.selected_order()
        if order is not None and order.key not in self._order_actions:
            self._load_actions(order)
        self._fill_actions_menu()

    # -- actions ----------------------------------------------------------------------------------
    def _load_actions(self, order: TrackedOrder) -> None:
        cls = self.service.provider_class(order.connection_id)
        if cls is None or cls.order_actions is Provider.order_actions or not order.status.is_active:
            return

        def done(actions: list[OrderAction]) -> None:
            self._order_actions[order.key] = actions
            self._fill_actions_menu()

        self.service.order_actions(order.connection_id, order.id, done, self.report, owner=self)

    def current_order_actions(self) -> list[OrderAction]:
        order = self.selected_order()
        return list(self._order_actions.get(order.key, [])) if order is not None else []

    def _fill_actions_menu(self) -> None:
        menu = self.actionsButton.menu()
        menu.clear()
        for action in self.current_order_actions():
            menu.addAction(action.label, lambda aid=action.id: self.run_order_action(aid))
        self.update_state()

    def run_order_action(self, action_id: str, confirm: Callable[[str], bool] | None = None) -> None:
        order = self.selected_order()
        action = next((a for a in self.current_order_actions() if a.id == action_id), None)
        if order is None or action is None:
            self.report(tr("That action is not available for the selected order any more."))
            return
        if action.confirm:
            ok = confirm(action.confirm) if confirm is not None else ask(self, action.label, action.confirm,
                                                                          yes=action.label, no=tr("Not now"))
            if not ok:
                return

        def done(updated: TrackedOrder | None) -> None:
            self._order_actions.pop(order.key, None)
            self.success.emit(tr("{action}: done for “{name}”.").format(action=action.label,
                                                                         name=order.name or order.id))
            if updated is not None:
                self._load_actions(updated)

        self.service.run_order_action(order.connection_id, order.id, action, done, self.report, owner=self)

    # -- cancel, results --------------------------------------------------------------------------
    def cancel_selected_order(self, confirm: Callable[[str], bool] | None = None) -> None:
        """Cancel the selected order, once the user confirmed it (a provider cannot undo a cancel)."""
        order = self.selected_order()
        if order is None or not order.status.is_active:
            return
        question = tr("Cancel the order “{name}” ({connection})? The provider stops it and it cannot be resumed; "
                      "work already paid for may still be charged.").format(
            name=order.name or order.id, connection=order.connection_name or order.provider_title)
        ok = confirm(question) if confirm is not None else ask(self, tr("Cancel order"), question,
                                                               yes=tr("Cancel order"), no=tr("Keep it running"))
        if not ok:
            return

        def done(_: Any) -> None:
            self.success.emit(tr("Cancel requested for order “{name}”.").format(name=order.name or order.id))

        self.service.cancel(order.connection_id, order.id, done, self.report, owner=self)
        self.update_state()

    def download_selected_order(self) -> None:
        order = self.selected_order()
        if order is not None and order.status == OrderStatus.COMPLETED:
            self.service.download(order.connection_id, order.id, stream=self.streamCheck.isChecked(),
                                  on_error=self.report, owner=self)
            self.update_state()

    def _results_loaded(self, tracked: TrackedOrder, count: int, folder: str, streamed: bool) -> None:
        if streamed:
            text = tr("{count} layer streamed from order “{name}” – files in {folder}") if count == 1 else tr(
                "{count} layers streamed from order “{name}” – files in {folder}")
        else:
            text = tr("{count} layer added from order “{name}” – files in {folder}") if count == 1 else tr(
                "{count} layers added from order “{name}” – files in {folder}")
        self.success.emit(text.format(count=count, name=tracked.name or tracked.id, folder=folder))

    # -- right-click menu, double-click ------------------------------------------------------------
    def result_layers(self, order: TrackedOrder) -> list[Any]:
        """The layers loaded from ``order`` (its group in the layer tree, named after the order)."""
        group = QgsProject.instance().layerTreeRoot().findGroup(order.name or order.id)
        return [node.layer() for node in group.findLayers() if node.layer() is not None] if group else []

    def zoom_to_results(self, order: TrackedOrder) -> bool:
        layers = self.result_layers(order)
        if not layers:
            return False
        from qgis.core import QgsCoordinateTransform, QgsRectangle

        dest = layers[0].crs()
        extent = QgsRectangle()
        for layer in layers:
            box = layer.extent()
            if layer.crs() != dest:
                box = QgsCoordinateTransform(layer.crs(), dest, QgsProject.instance()).transformBoundingBox(box)
            extent.combineExtentWith(box)
        return zoom_to(self.iface, extent, dest)

    def _fill_menu(self, menu: QMenu, order: TrackedOrder) -> None:
        """Zoom to results, download, open folder, cancel and the provider's steps; copy id and name."""
        self.select_order(order.id, order.connection_id)
        if self.result_layers(order):
            menu.addAction(QgsApplication.getThemeIcon("mActionZoomToLayer.svg"), tr("Zoom to results"),
                           lambda: self.zoom_to_results(order))
        if order.status == OrderStatus.COMPLETED and self.downloadButton.isEnabled():
            menu.addAction(self.downloadButton.text(), lambda: self.download_selected_order())
        if order.download_folder:
            menu.addAction(QgsApplication.getThemeIcon("mActionFileOpen.svg"), tr("Open results folder"),
                           lambda: QDesktopServices.openUrl(QUrl.fromLocalFile(order.download_folder)))
        for action in self.current_order_actions():
            menu.addAction(action.label, lambda aid=action.id: self.run_order_action(aid))
        if self.cancelButton.isVisible() and self.cancelButton.isEnabled():
            menu.addAction(QgsApplication.getThemeIcon("mTaskCancel.svg"), tr("Cancel order…"),
                           lambda: self.cancel_selected_order())
        if menu.actions():
            menu.addSeparator()
        menu.addAction(QgsApplication.getThemeIcon("mActionEditCopy.svg"), tr("Copy order id"),
                       lambda: copy_text(order.id))
        if order.name:
            menu.addAction(tr("Copy order name"), lambda: copy_text(order.name))

    def _double_clicked(self, order: TrackedOrder) -> None:
        """Zoom to the results when loaded; load them when the order completed; otherwise nothing to open."""
        if order is None or self.zoom_to_results(order):
            return
        if order.status == OrderStatus.COMPLETED and self.downloadButton.isEnabled():
            self.download_selected_order()

    # -- state ------------------------------------------------------------------------------------
    def update_state(self, *args: Any) -> None:
        """Buttons follow the selected order's own connection: the list spans every connection."""
        order = self.selected_order()
        self._show_capabilities(self.service.provider_class(order.connection_id) if order is not None
                                else self._current_provider)

        def busy(what: str) -> bool:
            return order is None or self.service.is_busy(order.connection_id, what)

        self.cancelButton.setEnabled(order is not None and order.status.is_active and not busy("cancel"))
        expired = order is not None and order.output_expired
        self.downloadButton.setEnabled(order is not None and order.status == OrderStatus.COMPLETED and not expired
                                       and not self.service.is_downloading(order.connection_id, order.id))
        # an expired output is gone at the provider: the button says why it cannot be pressed
        self.downloadButton.setToolTip(expired_download_message(order.order) if expired else self._download_tip)
        self.refreshButton.setEnabled(bool(self.connection_id) and not self.service.is_busy(self.connection_id,
                                                                                             "orders"))
        self.actionsButton.setEnabled(bool(self.current_order_actions()) and not busy("action"))
        self.orderDetails.setText(order_details(order) if order else "")
        self.ordersView.viewport().update()  # workflow titles learnt since (UP42 ids → titles) show at once

    def cleanup(self) -> None:
        for signal, slot in ((self.service.ordersChanged, self._orders_changed),
                             (self.service.busyChanged, self.update_state),
                             (self.service.resultsLoaded, self._results_loaded)):
            try:
                signal.disconnect(slot)
            except TypeError:  # already disconnected
                pass


def order_details(order: TrackedOrder) -> str:
    from html import escape

    parts = [f"<b>{escape(order.name or order.id)}</b> — {escape(order.state_label)}"]
    if order.raw_status and order.raw_status.lower() != order.status.value:
        parts[0] += f" ({escape(order.raw_status)})"
    facts = [x for x in (order.connection_name, tr("cost {cost}").format(cost=order.cost) if order.cost else "",
                         order.checked_text if order.offline else "") if x]
    if facts:
        parts.append(escape(" · ".join(facts)))
    if order.message:
        parts.append(escape(order.message))
    if order.expiry_text:
        parts.append(escape(order.expiry_text))
    if order.download_folder:
        # the folder's own name as the link text: a full path cannot wrap and would widen the dock
        folder = Path(order.download_folder)
        link = f'<a href="{folder.as_uri()}">{escape(folder.name)}</a>'
        parts.append(tr("Files: {link}").format(link=link))
    return "<br>".join(parts)
