# SPDX-License-Identifier: GPL-2.0-or-later
"""Inputs: catalogue products over the AOI (drawn on the map, selection kept in step both ways), or a
product reference, and the time range searched or ordered.

Why the footprints live here: they are this panel's products on the map; the panel removes its
temporary layer when the dock goes.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QDateTime, QItemSelection, QItemSelectionModel, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QMenu, QWidget

from ...core.aoi import Aoi
from ...core.quicklooks import QuicklookLoader
from ...providers.base import Capability, InputProduct, InputQuery, Provider
from ...providers.http import Transport
from ...providers.i18n import QT_TR_NOOP, tr
from ..models import InputsModel, SortProxy
from ..quicklook_view import QuicklookPreview, QuicklookProxyModel, install_quicklooks
from .base import EmptyHint, Panel, TableMenu, copy_text, fit_columns, geojson_extent, load_form, setup_view, zoom_to

FORM_CLASS = load_form(__file__, "inputs_panel")
SEARCH_HINT = QT_TR_NOOP("Search to list products over the AOI")
#: the quicklook preview under the table: big enough to judge clouds, small enough for a narrow dock
PREVIEW_HEIGHT = 170


class InputsPanel(Panel, FORM_CLASS):
    selectionChanged = pyqtSignal()

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.footprints: Any = None
        self._syncing = False
        self._search_shown = False
        self.inputs_model = InputsModel(self)
        # quicklooks: fetched in the background for the rows on screen, cached, shown as thumbnails
        self.quicklooks = QuicklookLoader(service.runner, transport=Transport(service.transport_settings()),
                                          parent=self)
        self.inputs_proxy = SortProxy(self)
        self.inputs_proxy.setSourceModel(self.inputs_model)
        # on top of the sort proxy: a header click still reaches the model's own sort through both proxies
        self.quicklook_proxy = QuicklookProxyModel(self.quicklooks, self)
        self.quicklook_proxy.setSourceModel(self.inputs_proxy)
        setup_view(self.inputsView, self.quicklook_proxy, QAbstractItemView.SelectionMode.ExtendedSelection)
        install_quicklooks(self.inputsView)
        self.preview = QuicklookPreview(self.quicklooks, self)
        self.preview.setObjectName("quicklookPreview")
        self.preview.setMinimumHeight(PREVIEW_HEIGHT // 2)
        self.preview.setMaximumHeight(PREVIEW_HEIGHT)
        self.inputsLayout.insertWidget(self.inputsLayout.indexOf(self.inputsView) + 1, self.preview)
        self.inputsView.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.inputs_hint = EmptyHint(self.inputsView, tr(SEARCH_HINT))
        #: the map "Zoom to footprint" moves (the dock sets it)
        self.iface: Any = None
        self.table_menu = TableMenu(self.inputsView, self._fill_menu, self.zoom_to_product)
        now = QDateTime.currentDateTimeUtc()
        for edit, value in ((self.startEdit, now.addDays(-30)), (self.endEdit, now)):
            edit.setAllowNull(False)
            edit.setTimeSpec(Qt.TimeSpec.UTC)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setDateTime(value)
        self.referenceEdit.textChanged.connect(self.selectionChanged)
        self.inputsView.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.inputsView.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self.preview.show_product(current.data(Qt.ItemDataRole.UserRole)
                                                                 if current.isValid() else None))

    def apply_capabilities(self, prov: type[Provider] | None) -> bool:
        """Show the search or the reference field; returns whether the Inputs tab is needed at all."""
        caps = prov.capabilities if prov else frozenset()
        search = Capability.SEARCH_INPUTS in caps
        by_reference = not search and Capability.ORDER_BY_PRODUCT in caps
        by_time = Capability.ORDER_BY_TIME_RANGE in caps
        for widget in (self.collectionLabel, self.collectionCombo, self.productTypeLabel, self.productTypeCombo,
                       self.cloudLabel, self.cloudSpin, self.limitLabel, self.limitSpin, self.searchButton,
                       self.inputsView, self.inputsSummary, self.preview):
            widget.setVisible(search)
        self._search_shown = search
        self.referenceLabel.setVisible(by_reference)
        self.referenceEdit.setVisible(by_reference)
        return search or by_reference or by_time

    def clear(self) -> None:
        self.quicklooks.clear()
        self.inputs_model.clear()
        self.preview.show_product(None)
        self.inputsSummary.clear()  # a count beside an empty table reads as a contradiction
        self.inputs_hint.set_text(tr(SEARCH_HINT))
        if self.footprints is not None and self.footprints._alive():
            self.footprints.set_products([])

    def set_product_types(self, types: list[str]) -> None:
        self.productTypeCombo.clear()
        for ptype in types:
            self.productTypeCombo.addItem(ptype)

    # -- time range -------------------------------------------------------------------------------
    def set_time_range(self, start: datetime, end: datetime) -> None:
        for edit, value in ((self.startEdit, start), (self.endEdit, end)):
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp()), Qt.TimeSpec.UTC))

    def time_range(self) -> tuple[datetime, datetime]:
        return _to_datetime(self.startEdit.dateTime()), _to_datetime(self.endEdit.dateTime())

    def dates_in_order(self) -> bool:
        if self.startEdit.dateTime() >= self.endEdit.dateTime():
            self.report(tr("The start date must be before the end date."))
            return False
        return True

    # -- search -----------------------------------------------------------------------------------
    def search(self, conn_id: str, aoi: Aoi) -> None:
        if not self.dates_in_order():
            return
        start, end = self.time_range()
        query = InputQuery(aoi=aoi.geometry, start=start, end=end,
                           collection=self.collectionCombo.currentText().strip(),
                           product_type=self.productTypeCombo.currentText().strip(),
                           max_cloud_cover=float(self.cloudSpin.value()) if self.cloudSpin.value() < 100 else None,
                           limit=self.limitSpin.value())

        def done(page: Any) -> None:
            items = list(page.items)
            self.quicklooks.clear()  # the previous search's queue; its thumbnails stay cached
            self.inputs_model.set_items(items)
            fit_columns(self.inputsView, first_max=190)
            self.inputs_hint.set_text(tr("No products match: widen the dates or the AOI"))
            count, total = len(items), page.total if page.total is not None and page.total > len(items) else None
            if total is not None:
                summary = (tr("{count} of {total} product") if count == 1 else tr("{count} of {total} products"))
            else:
                summary = tr("{count} product") if count == 1 else tr("{count} products")
            summary = summary.format(count=count, total=total)
            if total is not None or page.next_token:
                summary = tr("{summary} – raise “Max products” to list more").format(summary=summary)
            self.inputsSummary.setText(summary if items else "")
            self._draw_footprints(items)
            self.changed.emit()

        self.inputs_hint.set_text(tr("Searching…"))
        self.inputs_model.clear()
        self.inputsSummary.clear()
        self.service.search_inputs(conn_id, query, done, self.report, owner=self)
        self.changed.emit()

    def _draw_footprints(self, items: list[InputProduct]) -> None:
        from ...core.layers import FootprintLayer

        if self.footprints is not None and not self.footprints._alive():
            self.footprints = None
        if self.footprints is None:
            self.footprints = FootprintLayer()
            self.footprints.layer.selectionChanged.connect(self._map_selection_changed)
        self.footprints.set_products(items)

    # -- selection --------------------------------------------------------------------------------
    def select_inputs(self, names: list[str]) -> None:
        wanted = set(names)
        selection = QItemSelection()
        for row, product in enumerate(self.inputs_model.items()):
            if product.name in wanted or product.id in wanted:
                idx = self.quicklook_proxy.mapFromSource(self.inputs_proxy.mapFromSource(
                    self.inputs_model.index(row, 0)))
                selection.select(idx, idx)
        self.inputsView.selectionModel().select(
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def selected_inputs(self) -> list[InputProduct]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.inputsView.selectionModel().selectedRows()]

    def input_names(self) -> list[str]:
        """What the order is placed on: the product reference where there is no search, else the selection."""
        if not self._search_shown:
            ref = self.referenceEdit.text().strip()
            return [ref] if ref else []
        return [p.name for p in self.selected_inputs()]

    def _table_selection_changed(self, *args: Any) -> None:
        if not self._syncing and self.footprints is not None and self.footprints._alive():
            self._syncing = True
            try:
                self.footprints.select_ids([p.id for p in self.selected_inputs()])
            finally:
                self._syncing = False
        self.selectionChanged.emit()
        self.changed.emit()

    def _map_selection_changed(self, *args: Any) -> None:
        if self._syncing or self.footprints is None:
            return
        self._syncing = True
        try:
            ids = set(self.footprints.selected_ids())
            self.select_inputs([p.id for p in self.inputs_model.items() if p.id in ids])
        finally:
            self._syncing = False

    # -- right-click menu, double-click ------------------------------------------------------------
    def zoom_to_product(self, product: InputProduct | None) -> bool:
        """Zoom the map to a product's footprint (the double-click)."""
        from qgis.core import QgsCoordinateReferenceSystem

        extent = geojson_extent(product.footprint) if product is not None else None
        return zoom_to(self.iface, extent, QgsCoordinateReferenceSystem("EPSG:4326"))

    def _fill_menu(self, menu: QMenu, product: InputProduct) -> None:
        if product.footprint:
            menu.addAction(QgsApplication.getThemeIcon("mActionZoomToSelected.svg"), tr("Zoom to footprint"),
                           lambda: self.zoom_to_product(product))
        menu.addAction(QgsApplication.getThemeIcon("mActionEditCopy.svg"), tr("Copy product name"),
                       lambda: copy_text(product.name))
        if product.id and product.id != product.name:
            menu.addAction(tr("Copy product id"), lambda: copy_text(product.id))

    def cleanup(self) -> None:
        """Remove the footprint layer and stop fetching quicklooks (dock closed, plugin unloaded)."""
        self.quicklooks.cancel()
        if self.footprints is not None:
            if self.footprints._alive():
                self.footprints.remove()
            self.footprints = None


def _to_datetime(qdt: QDateTime) -> datetime:
    return datetime.fromtimestamp(qdt.toSecsSinceEpoch(), tz=timezone.utc)
