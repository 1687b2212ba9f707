"""The analyst's dock: pick a connection and an AOI, choose a workflow and inputs, order, follow, load.

Why it is shaped this way: every provider call runs in a ``TaskRunner`` task (never on the UI thread)
and its result comes back on the main thread; the dock only moves domain objects into the Qt models and
enables what makes sense. Widgets come from ``dock.ui``; what depends on the provider (tabs, quote,
cancel, priority) is shown or hidden from its ``capabilities``.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from qgis.core import Qgis, QgsApplication, QgsMapLayerProxyModel
from qgis.gui import QgsDockWidget, QgsMessageBar
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDateTime, QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QMessageBox,
    QTableView,
    QToolButton,
    QWidget,
)

from .. import providers
from ..core.aoi import Aoi, AoiError, aoi_from_extent, aoi_from_layer_selection
from ..core.order_service import OrderService, TrackedOrder, cost_text, order_key
from ..core.settings import STREAM_RASTERS
from ..providers.base import (
    Capability,
    EoOrdersError,
    InputQuery,
    Notification,
    OrderAction,
    OrderRequest,
    OrderStatus,
    Provider,
    Quote,
    ValidationError,
    Workflow,
)
from .connection_dialog import ConnectionDialog
from .models import InputsModel, OrdersFilterProxy, OrdersModel, SortProxy, WorkflowsModel
from .notifier import show_error
from .options_form import OptionsForm

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("dock.ui")))

ERROR_STYLE = "color: #c0392b;"
HINT_STYLE = "color: #8a8a8a;"
NO_WORKFLOW = "Select a workflow to see its options."


class _ResizeWatcher(QObject):
    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Resize:
            self.callback()
        return False


class EmptyHint:
    """A grey sentence centred over an empty table: says what to do instead of showing a blank grid."""

    def __init__(self, view: QTableView, text: str) -> None:
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setAlignment(Qt.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(HINT_STYLE)
        self.label.setAttribute(Qt.WA_TransparentForMouseEvents)
        model = view.model()
        for sig in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.layoutChanged):
            sig.connect(self.update)
        self._filter = _ResizeWatcher(self.update, view)  # keep the label sized to the viewport
        view.viewport().installEventFilter(self._filter)
        self.update()

    def set_text(self, text: str) -> None:
        self.label.setText(text)
        self.update()

    def update(self, *args: Any) -> None:
        vp = self.view.viewport()
        self.label.setGeometry(8, 8, max(vp.width() - 16, 50), max(vp.height() - 16, 30))
        self.label.setVisible(self.view.model().rowCount() == 0)


class EoOrdersDock(QgsDockWidget, FORM_CLASS):
    busyChanged = pyqtSignal(bool)
    #: the user signed in to a connection (its provider exists now): the monitor follows it again
    signedIn = pyqtSignal(str)
    #: the header's help button was pressed (the help itself is wired by plugin.py)
    help_requested = pyqtSignal()

    def __init__(self, iface: Any, service: OrderService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        #: the owner of every order's life: the dock only calls it and listens to it
        self.service = service
        self.runner = service.runner
        self.store = service.store
        if service.totp_prompt is None:
            service.totp_prompt = self._ask_totp
        #: order key -> what the provider offers for it now (accept a quotation, approve…)
        self._order_actions: dict[str, list[OrderAction]] = {}
        self.last_error = ""
        self.last_message = ""
        self.current_aoi: Aoi | None = None
        self.current_workflow: Workflow | None = None
        self.footprints: Any = None
        self.connection_id: str | None = None
        self._was_busy = False
        self._syncing = False

        for button, icon in ((self.addConnectionButton, "symbologyAdd.svg"),
                             (self.editConnectionButton, "symbologyEdit.svg"),
                             (self.deleteConnectionButton, "symbologyRemove.svg")):
            button.setIcon(QgsApplication.getThemeIcon(icon))
            button.setAutoRaise(True)
        self.workflowsView.setMaximumHeight(170)
        self.optionsScroll.setMinimumHeight(140)
        self.message_bar = QgsMessageBar(self)
        self.messageLayout.addWidget(self.message_bar)

        self.workflows_model = WorkflowsModel(self)
        self.workflows_proxy = SortProxy(self)
        self.workflows_proxy.setSourceModel(self.workflows_model)
        self.inputs_model = InputsModel(self)
        self.inputs_proxy = SortProxy(self)
        self.inputs_proxy.setSourceModel(self.inputs_model)
        self.orders_model = OrdersModel(self)
        self.orders_model.set_items(service.orders())
        self.orders_proxy = OrdersFilterProxy(self)
        self.orders_proxy.setSourceModel(self.orders_model)
        self._setup_view(self.workflowsView, self.workflows_proxy, QAbstractItemView.SingleSelection)
        self._setup_view(self.inputsView, self.inputs_proxy, QAbstractItemView.ExtendedSelection)
        self._setup_view(self.ordersView, self.orders_proxy, QAbstractItemView.SingleSelection)
        self.ordersView.sortByColumn(4, Qt.DescendingOrder)
        self.inputsView.sortByColumn(1, Qt.DescendingOrder)
        self.workflows_hint = EmptyHint(self.workflowsView, "Pick a connection to list its workflows")
        self.inputs_hint = EmptyHint(self.inputsView, "Search to list products over the AOI")
        self.orders_hint = EmptyHint(self.ordersView, "No orders yet")

        self._add_extra_widgets()
        self.options_form = OptionsForm()
        self.options_form.set_schema({}, empty_text=NO_WORKFLOW)
        self.optionsScroll.setWidget(self.options_form)
        self.layerCombo.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.layerCombo.setAllowEmptyLayer(True)
        self.busyBar.hide()
        self.statusCombo.setSizeAdjustPolicy(self.statusCombo.AdjustToContents)
        self.statusCombo.addItem("All statuses", None)
        self.statusCombo.addItem("Active", OrdersFilterProxy.ACTIVE)
        self.statusCombo.addItem("Needs your decision", OrdersFilterProxy.DECISION)
        for status in OrderStatus:
            self.statusCombo.addItem(status.label, status)
        now = QDateTime.currentDateTimeUtc()
        for edit, value in ((self.startEdit, now.addDays(-30)), (self.endEdit, now)):
            edit.setAllowNull(False)
            edit.setTimeSpec(Qt.UTC)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setDateTime(value)

        self.connectionCombo.currentIndexChanged.connect(self._connection_changed)
        self.addConnectionButton.clicked.connect(self.add_connection)
        self.editConnectionButton.clicked.connect(self.edit_connection)
        self.deleteConnectionButton.clicked.connect(self.delete_connection)
        self.extentButton.clicked.connect(self.use_canvas_extent)
        self.selectionButton.clicked.connect(lambda: self.use_layer_selection(self.layerCombo.currentLayer()))
        self.layerCombo.layerChanged.connect(self.update_state)
        self.workflowFilterEdit.textChanged.connect(self.workflows_proxy.setFilterFixedString)
        self.workflowsView.selectionModel().selectionChanged.connect(self._workflow_selected)
        self.inputsView.selectionModel().selectionChanged.connect(self._inputs_selection_changed)
        self.ordersView.selectionModel().selectionChanged.connect(self.update_state)
        self.orders_model.dataChanged.connect(self.update_state)
        self.statusCombo.currentIndexChanged.connect(
            lambda: self.orders_proxy.set_status_filter(self.statusCombo.currentData()))
        self.connectionFilterCombo.currentIndexChanged.connect(
            lambda: self.orders_proxy.set_connection_filter(self.connectionFilterCombo.currentData()))
        self.ordersFilterEdit.textChanged.connect(self.orders_proxy.set_text_filter)
        self.searchButton.clicked.connect(self.search_inputs)
        self.quoteButton.clicked.connect(lambda: self.submit_order(quote_only=True))
        self.submitButton.clicked.connect(lambda: self.submit_order())
        self.refreshButton.clicked.connect(self.refresh_orders)
        self.cancelButton.clicked.connect(self.cancel_selected_order)
        self.downloadButton.clicked.connect(self.download_selected_order)
        self.ordersView.selectionModel().selectionChanged.connect(self._order_selection_changed)

        service.ordersChanged.connect(self._orders_changed)
        service.busyChanged.connect(self._after_busy_change)
        service.resultsLoaded.connect(self._results_loaded)

        self._set_aoi_text("No area of interest yet: use the canvas extent or selected polygons.", hint=True)
        self._apply_capabilities(None)
        self.reload_connections()
        if self.orders_model.rowCount():
            self._fit_orders()

    def _add_extra_widgets(self) -> None:
        """Widgets only some providers need, added here rather than in dock.ui to keep the .ui plain."""
        self.referenceLabel = QLabel("Product reference")
        self.referenceEdit = QLineEdit()
        self.referenceEdit.setPlaceholderText("Product name, or leave empty to order by the time range")
        self.referenceEdit.setClearButtonEnabled(True)
        self.referenceEdit.textChanged.connect(self.update_state)
        self.searchForm.insertRow(0, self.referenceLabel, self.referenceEdit)
        from qgis.PyQt.QtWidgets import QSpinBox

        self.limitLabel = QLabel("Max products")
        self.limitSpin = QSpinBox()
        self.limitSpin.setRange(10, 2000)
        self.limitSpin.setSingleStep(100)
        self.limitSpin.setValue(100)
        self.limitSpin.setToolTip("The search follows the catalogue's pages until this many products are listed")
        self.searchForm.addRow(self.limitLabel, self.limitSpin)
        from qgis.gui import QgsPasswordLineEdit

        self.notifyEdit = QLineEdit()
        self.notifyEdit.setPlaceholderText("https://… called when the order completes (optional)")
        self.notifyUserEdit = QLineEdit()
        self.notifyPasswordEdit = QgsPasswordLineEdit()
        self.notifyPasswordEdit.setToolTip("Sent with the order only; never saved")
        self.notify_rows = [(QLabel("Notify URL"), self.notifyEdit), (QLabel("Notify user"), self.notifyUserEdit),
                            (QLabel("Notify password"), self.notifyPasswordEdit)]
        for label, field in self.notify_rows:
            self.orderForm.addRow(label, field)
        self.orderDetails.setOpenExternalLinks(True)
        self.orderDetails.setTextInteractionFlags(Qt.TextBrowserInteraction)
        self.actionsButton = QToolButton()
        self.actionsButton.setText("Actions")
        self.actionsButton.setToolTip("Steps the provider offers for this order (accept a quotation, approve…)")
        self.actionsButton.setPopupMode(QToolButton.InstantPopup)
        self.actionsButton.setMenu(QMenu(self.actionsButton))
        self.ordersButtons.insertWidget(2, self.actionsButton)
        # compact buttons: the dock must fit the usual 400 px side panel
        self.refreshButton.setText("")
        self.refreshButton.setIcon(QgsApplication.getThemeIcon("mActionRefresh.svg"))
        self.refreshButton.setToolTip("Refresh the orders now (they refresh by themselves while any is active)")
        self.cancelButton.setText("Cancel")
        self.cancelButton.setToolTip("Cancel the selected order")
        self.downloadButton.setToolTip("Download the results and add them to the map")
        self.streamCheck = QCheckBox("Stream rasters (no download)")
        self.streamCheck.setToolTip("Open the result COGs over HTTP instead of downloading them first")
        self.streamCheck.setChecked(STREAM_RASTERS.value())
        self.streamCheck.toggled.connect(STREAM_RASTERS.set_value)
        self.ordersLayout.insertWidget(self.ordersLayout.count() - 1, self.streamCheck)
        self.connectionFilterCombo = QComboBox()
        self.connectionFilterCombo.setToolTip("Show the orders of one connection or of all")
        self.connectionFilterCombo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.ordersFilterRow.insertWidget(0, self.connectionFilterCombo)
        self.helpButton = QToolButton()
        self.helpButton.setIcon(QgsApplication.getThemeIcon("mActionHelpContents.svg"))
        self.helpButton.setAutoRaise(True)
        self.helpButton.setToolTip("Help")
        self.helpButton.clicked.connect(self.help_requested)
        self.helpButton.hide()  # shown once plugin.py connects a help handler (see show_help_button)
        self.connectionRow.addWidget(self.helpButton)

    # -- helpers -----------------------------------------------------------------------------------
    @staticmethod
    def _setup_view(view: QTableView, model: Any, mode: Any) -> None:
        view.setModel(model)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectRows)
        view.setSelectionMode(mode)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(22)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.Interactive)
        view.setEditTriggers(QAbstractItemView.NoEditTriggers)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.ElideMiddle)  # product and order names differ at their ends

    def show_error(self, err: EoOrdersError | str) -> None:
        """The one place the dock shows an error: at the level the error carries."""
        self.last_error = show_error(self.message_bar, err)

    def show_success(self, text: str) -> None:
        self.last_message = text
        self.message_bar.pushMessage("", text, Qgis.Success, 8)

    def _set_aoi_text(self, text: str, error: bool = False, hint: bool = False) -> None:
        self.aoiLabel.setText(text)
        self.aoiLabel.setStyleSheet(ERROR_STYLE if error else HINT_STYLE if hint else "")

    @property
    def busy(self) -> bool:
        return self.service.is_busy()

    def _busy_with(self, what: str) -> bool:
        return bool(self.connection_id) and self.service.is_busy(self.connection_id, what)

    def _after_busy_change(self) -> None:
        busy = self.busy
        self.busyBar.setVisible(busy)
        if busy != self._was_busy:
            self._was_busy = busy
            self.busyChanged.emit(busy)
        self.update_state()

    def _failed(self, err: EoOrdersError) -> None:
        self.show_error(err)
        self.update_state()

    # -- connections -------------------------------------------------------------------------------
    def reload_connections(self, select_id: str | None = None) -> None:
        keep = select_id or self.connection_id
        conns = self.service.reload_connections()
        self.connectionCombo.blockSignals(True)
        self.connectionCombo.clear()
        self.connectionCombo.addItem("Choose a connection…", None)
        shown = self.connectionFilterCombo.currentData()
        self.connectionFilterCombo.blockSignals(True)
        self.connectionFilterCombo.clear()
        self.connectionFilterCombo.addItem("All connections", None)
        for conn in conns:
            title = providers.REGISTRY.get(conn.kind, ("", "", conn.kind))[2]
            self.connectionCombo.addItem(conn.name, conn.id)
            self.connectionCombo.setItemData(self.connectionCombo.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
            self.connectionFilterCombo.addItem(conn.name, conn.id)
        self.connectionFilterCombo.setCurrentIndex(max(self.connectionFilterCombo.findData(shown), 0))
        self.connectionFilterCombo.blockSignals(False)
        self.orders_proxy.set_connection_filter(self.connectionFilterCombo.currentData())
        idx = self.connectionCombo.findData(keep) if keep else 0
        self.connectionCombo.setCurrentIndex(max(idx, 0))
        self.connectionCombo.blockSignals(False)
        if self.connectionCombo.currentData() != self.connection_id:
            self._connection_changed()
        self.update_state()

    def set_connection(self, connection_id: str | None) -> None:
        idx = self.connectionCombo.findData(connection_id) if connection_id else 0
        if idx < 0:
            self.reload_connections()
            idx = self.connectionCombo.findData(connection_id)
        if idx < 0:
            self.show_error(f"No saved connection with id {connection_id}.")
            return
        if idx == self.connectionCombo.currentIndex():
            self._connection_changed()
        else:
            self.connectionCombo.setCurrentIndex(idx)

    def provider(self) -> Provider | None:
        """The current connection's provider (made by the service on first use: this may log in)."""
        if not self.connection_id:
            return None
        had = self.service.has_provider(self.connection_id)
        try:
            prov = self.service.provider(self.connection_id)
        except EoOrdersError as exc:
            self.show_error(exc)
            return None
        if not had:
            self.signedIn.emit(self.connection_id)
        return prov

    @property
    def totp_prompt(self) -> Callable[[str], str] | None:
        """Asks for a one-time code for two-factor logins (tests replace it); kept by the service."""
        return self.service.totp_prompt

    @totp_prompt.setter
    def totp_prompt(self, prompt: Callable[[str], str]) -> None:
        self.service.totp_prompt = prompt

    def _provider_type(self) -> Any:
        """The current connection's provider class (its capabilities), without creating or logging in."""
        return self.service.provider_class(self.connection_id)

    def _ask_totp(self, connection_name: str) -> str:
        from qgis.PyQt.QtWidgets import QInputDialog

        code, ok = QInputDialog.getText(self, "Two-factor login",
                                        f"One-time code for “{connection_name}” (from your authenticator app):")
        return code.strip() if ok else ""

    def _connection_changed(self, *args: Any) -> None:
        self.connection_id = self.connectionCombo.currentData()
        self.current_workflow = None
        self.workflows_model.clear()
        self.inputs_model.clear()
        self.options_form.set_schema({}, empty_text=NO_WORKFLOW)
        self.workflowDescription.clear()
        if self.footprints is not None:
            self.footprints.set_products([])
        prov = self.provider()
        self._apply_capabilities(prov)
        self.workflows_hint.set_text("Loading workflows…" if prov else "Pick a connection to list its workflows")
        self.update_state()
        if prov is not None:
            self.refresh_workflows()
            self.refresh_orders()

    def _apply_capabilities(self, prov: Provider | None) -> None:
        """Show only what the provider can do."""
        caps = prov.capabilities if prov else frozenset()
        search = Capability.SEARCH_INPUTS in caps
        by_reference = not search and Capability.ORDER_BY_PRODUCT in caps
        by_time = Capability.ORDER_BY_TIME_RANGE in caps
        self.tabs.setTabVisible(self.tabs.indexOf(self.inputsTab), search or by_reference or by_time)
        for widget in (self.collectionLabel, self.collectionCombo, self.productTypeLabel, self.productTypeCombo,
                       self.cloudLabel, self.cloudSpin, self.limitLabel, self.limitSpin, self.searchButton,
                       self.inputsView, self.inputsSummary):
            widget.setVisible(search)
        self.referenceLabel.setVisible(by_reference)
        self.referenceEdit.setVisible(by_reference)
        self.quoteButton.setVisible(Capability.QUOTE in caps)
        self.cancelButton.setVisible(Capability.CANCEL in caps)
        self.streamCheck.setVisible(Capability.STREAMING in caps)
        self.actionsButton.setVisible(prov is not None and type(prov).order_actions is not Provider.order_actions)
        for label, field in self.notify_rows:
            label.setVisible(Capability.NOTIFICATION in caps)
            field.setVisible(Capability.NOTIFICATION in caps)
        uses_priority = Capability.PRIORITY in caps
        self.priorityLabel.setVisible(uses_priority)
        self.prioritySpin.setVisible(uses_priority)
        if prov is not None and uses_priority:
            low, high, default = prov.priority_range
            self.prioritySpin.setRange(low, high)
            self.prioritySpin.setValue(default)

    def add_connection(self) -> None:
        dlg = ConnectionDialog(parent=self)
        if dlg.exec() and dlg.result_connection is not None:
            self._save_connection(dlg.result_connection)

    def edit_connection(self) -> None:
        if not self.connection_id:
            return
        dlg = ConnectionDialog(self.store.get(self.connection_id, with_secret=False), parent=self)
        if dlg.exec() and dlg.result_connection is not None:
            self._save_connection(dlg.result_connection)

    def _save_connection(self, conn: Any) -> None:
        try:
            saved = self.store.save(conn)
        except EoOrdersError as exc:
            self.show_error(EoOrdersError(f"The connection was not saved: {exc}", level=exc.level))
            return
        self.service.drop_provider(saved.id)
        self.connection_id = None  # force a reload of the (possibly edited) connection
        self.reload_connections(saved.id)

    def delete_connection(self) -> None:
        if not self.connection_id:
            return
        name = self.connectionCombo.currentText()
        if QMessageBox.question(self, "Delete connection", f"Delete the connection “{name}” and its stored "
                                "password?") != QMessageBox.StandardButton.Yes:
            return
        self.store.delete(self.connection_id)
        self.service.drop_provider(self.connection_id)
        self.reload_connections()

    # -- AOI ---------------------------------------------------------------------------------------
    def use_canvas_extent(self) -> None:
        canvas = self.iface.mapCanvas()
        try:
            aoi = aoi_from_extent(canvas.extent(), canvas.mapSettings().destinationCrs())
        except AoiError as exc:
            self._aoi_failed(exc)
            return
        self._set_aoi(aoi)

    def use_layer_selection(self, layer: Any = None) -> None:
        layer = layer or self.layerCombo.currentLayer()
        try:
            aoi = aoi_from_layer_selection(layer)
        except AoiError as exc:
            if getattr(exc, "repairable", False) and QMessageBox.question(
                    self, "Invalid geometry", f"{exc}\n\nRepair it with makeValid?") == QMessageBox.Yes:
                try:
                    aoi = aoi_from_layer_selection(layer, repair=True)
                except AoiError as exc2:
                    self._aoi_failed(exc2)
                    return
            else:
                self._aoi_failed(exc)
                return
        self._set_aoi(aoi)

    def _aoi_failed(self, err: AoiError) -> None:
        self.current_aoi = None
        self.last_error = str(err)
        self._set_aoi_text(str(err), error=True)
        self.update_state()

    def _set_aoi(self, aoi: Aoi) -> None:
        self.current_aoi = aoi
        self._set_aoi_text(aoi.summary())
        self.update_state()

    # -- workflows ---------------------------------------------------------------------------------
    def refresh_workflows(self) -> None:
        if self.provider() is None:
            return

        def done(workflows: list[Workflow]) -> None:
            self.workflows_model.set_items(workflows)
            _fit_columns(self.workflowsView, first_max=160)
            self.workflows_hint.set_text("This connection offers no workflows")

        def failed(err: EoOrdersError) -> None:
            self.workflows_hint.set_text("Workflows could not be loaded: see the message above")
            self._failed(err)

        self.service.list_workflows(self.connection_id, done, failed, owner=self)

    def select_workflow(self, name: str) -> None:
        row = next((r for r, w in enumerate(self.workflows_model.items()) if w.name == name), -1)
        if row < 0:
            self.show_error(f"Workflow {name} is not offered by this connection.")
            return
        proxy_index = self.workflows_proxy.mapFromSource(self.workflows_model.index(row, 0))
        self.workflowsView.selectionModel().select(
            proxy_index, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)
        self.workflowsView.scrollTo(proxy_index)

    def _workflow_selected(self, *args: Any) -> None:
        rows = self.workflowsView.selectionModel().selectedRows()
        wf = rows[0].data(Qt.UserRole) if rows else None
        self.current_workflow = wf
        self.options_form.set_schema(wf.options_schema if wf else {}, empty_text=None if wf else NO_WORKFLOW)
        self.workflowDescription.setText(wf.description if wf else "")
        self.productTypeCombo.clear()
        if wf is not None:
            for ptype in wf.input_product_types:
                self.productTypeCombo.addItem(ptype)
            self.orderNameEdit.setText(self._default_order_name(wf))
        self.update_state()

    def _default_order_name(self, wf: Workflow) -> str:
        label = wf.name if len(wf.name) <= 24 and " " not in wf.name else _slug(wf.title or wf.name)
        base = f"{label} {datetime.now().strftime('%Y%m%d-%H%M%S')}"
        taken = {o.name for o in self.service.orders(self.connection_id)}
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        return name

    # -- inputs ------------------------------------------------------------------------------------
    def _query(self) -> InputQuery:
        return InputQuery(
            aoi=self.current_aoi.geometry if self.current_aoi else {},
            start=_to_datetime(self.startEdit.dateTime()), end=_to_datetime(self.endEdit.dateTime()),
            collection=self.collectionCombo.currentText().strip(),
            product_type=self.productTypeCombo.currentText().strip(),
            max_cloud_cover=float(self.cloudSpin.value()) if self.cloudSpin.value() < 100 else None,
            limit=self.limitSpin.value())

    def _dates_in_order(self) -> bool:
        if self.startEdit.dateTime() >= self.endEdit.dateTime():
            self.show_error("The start date must be before the end date.")
            return False
        return True

    def search_inputs(self) -> None:
        if self.current_aoi is None or self.provider() is None:
            self.show_error("Choose a connection and an area of interest first.")
            return
        if not self._dates_in_order():
            return
        query = self._query()

        def done(page: Any) -> None:
            items = list(page.items)
            self.inputs_model.set_items(items)
            _fit_columns(self.inputsView, first_max=190)
            self.inputs_hint.set_text("No products match: widen the dates or the AOI")
            total = f" of {page.total}" if page.total is not None and page.total > len(items) else ""
            more = " – raise “Max products” to list more" if total or page.next_token else ""
            self.inputsSummary.setText(f"{len(items)}{total} products{more}")
            self._draw_footprints(items)
            self.update_state()

        self.inputs_hint.set_text("Searching…")
        self.service.search_inputs(self.connection_id, query, done, self._failed, owner=self)

    def _draw_footprints(self, items: list[Any]) -> None:
        from ..core.layers import FootprintLayer

        if self.footprints is not None and not self.footprints._alive():
            self.footprints = None
        if self.footprints is None:
            self.footprints = FootprintLayer()
            self.footprints.layer.selectionChanged.connect(self._map_selection_changed)
        self.footprints.set_products(items)

    def select_inputs(self, names: list[str]) -> None:
        wanted = set(names)
        selection = QItemSelection()
        for row, product in enumerate(self.inputs_model.items()):
            if product.name in wanted or product.id in wanted:
                idx = self.inputs_proxy.mapFromSource(self.inputs_model.index(row, 0))
                selection.select(idx, idx)
        self.inputsView.selectionModel().select(
            selection, QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows)

    def selected_inputs(self) -> list[Any]:
        return [i.data(Qt.UserRole) for i in self.inputsView.selectionModel().selectedRows()]

    def set_time_range(self, start: datetime, end: datetime) -> None:
        """The sensing period searched, and ordered where the provider orders by time range."""
        for edit, value in ((self.startEdit, start), (self.endEdit, end)):
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp()), Qt.UTC))

    def _input_names(self) -> list[str]:
        if self.referenceEdit.isVisible() or (self.referenceEdit.text().strip() and not self.inputsView.isVisible()):
            ref = self.referenceEdit.text().strip()
            return [ref] if ref else []
        return [p.name for p in self.selected_inputs()]

    def _inputs_selection_changed(self, *args: Any) -> None:
        if not self._syncing and self.footprints is not None and self.footprints._alive():
            self._syncing = True
            try:
                self.footprints.select_ids([p.id for p in self.selected_inputs()])
            finally:
                self._syncing = False
        self.update_state()

    def _map_selection_changed(self, *args: Any) -> None:
        if self._syncing or self.footprints is None:
            return
        self._syncing = True
        try:
            ids = set(self.footprints.selected_ids())
            self.select_inputs([p.id for p in self.inputs_model.items() if p.id in ids])
        finally:
            self._syncing = False

    # -- submit ------------------------------------------------------------------------------------
    def _needs_inputs(self, prov: Provider) -> bool:
        caps = prov.capabilities
        # where products can be searched the analyst picks them; otherwise a reference or the time range serves
        return (Capability.ORDER_BY_PRODUCT in caps and Capability.ORDER_BY_AOI not in caps
                and Capability.SEARCH_INPUTS in caps)

    def build_request(self) -> OrderRequest | None:
        wf = self.current_workflow
        if wf is None:
            return None
        name = self.orderNameEdit.text().strip() or self._default_order_name(wf)
        prov = self.provider()
        return OrderRequest(
            workflow=wf, name=name, inputs=self._input_names(),
            aoi=self.current_aoi.geometry if self.current_aoi else None,
            start=_to_datetime(self.startEdit.dateTime()), end=_to_datetime(self.endEdit.dateTime()),
            options=self.options_form.values(),
            priority=self.prioritySpin.value() if prov is not None and prov.supports(Capability.PRIORITY) else None,
            notification=self._notification(prov))

    def _notification(self, prov: Provider | None) -> Notification | None:
        endpoint = self.notifyEdit.text().strip()
        if prov is None or not prov.supports(Capability.NOTIFICATION) or not endpoint:
            return None
        return Notification(endpoint, self.notifyUserEdit.text().strip(), self.notifyPasswordEdit.text())

    def submit_order(self, confirm: Callable[[Quote], bool] | None = None, quote_only: bool = False) -> None:
        """Validate, quote (and confirm the cost) when the provider prices orders, then submit."""
        prov = self.provider()
        request = self.build_request()
        if prov is None or request is None:
            self.show_error("Choose a connection and a workflow first.")
            return
        if self._needs_inputs(prov) and not request.inputs:
            self.show_error("Select at least one input product in the Inputs tab.")
            return
        if not request.inputs and prov.supports(Capability.ORDER_BY_TIME_RANGE) and not self._dates_in_order():
            return
        self.options_form.clear_errors()
        try:
            prov.validate(request)
        except ValidationError as exc:
            if exc.code == "AOI_TOO_MANY_VERTICES" and self._offer_simplify(prov, confirm):
                self.submit_order(confirm, quote_only)
                return
            self.options_form.show_errors(exc.field_errors or {"": [exc.message]})
            self.show_error(exc)
            return
        except EoOrdersError as exc:
            self.show_error(exc)
            return
        conn_id = self.connection_id or ""
        if prov.supports(Capability.QUOTE):
            def quoted(quote: Quote) -> None:
                if not quote.authorized:
                    self.show_error(f"The provider refuses this order: {quote.reason or 'no reason given'}")
                    return
                if quote_only:
                    self.show_success(f"Quote for “{request.name}”: {cost_text(quote)}")
                    return
                ok = confirm(quote) if confirm is not None else self._confirm_quote(request, quote)
                if ok:
                    self._submit(conn_id, request, cost_text(quote))

            self.service.quote(conn_id, request, quoted, self._failed, owner=self)
            self.update_state()
        elif not quote_only:
            self._submit(conn_id, request)

    def _offer_simplify(self, prov: Provider, confirm: Callable[..., bool] | None) -> bool:
        """The AOI has more vertices than the provider takes: offer to simplify it (nothing is sent)."""
        from ..core.aoi import AoiError, simplify_aoi

        limit = prov.max_aoi_vertices
        if self.current_aoi is None or not limit:
            return False
        question = (f"{prov.title} accepts at most {limit} vertices; the AOI has {self.current_aoi.vertex_count}. "
                    f"Simplify it for this order?")
        ok = confirm(question) if confirm is not None else QMessageBox.question(
            self, "Simplify the area of interest", question) == QMessageBox.StandardButton.Yes
        if not ok:
            return False
        try:
            self._set_aoi(simplify_aoi(self.current_aoi, limit - 1))
        except AoiError as exc:
            self.show_error(exc)
            return False
        return True

    def _confirm_quote(self, request: OrderRequest, quote: Quote) -> bool:
        lines = "\n".join(f"• {ln.label}: {ln.amount} {ln.unit}" for ln in quote.lines[:10])
        text = f"Order “{request.name}” will cost {cost_text(quote)}.\n{lines}\n\nSubmit this paid order?"
        return QMessageBox.question(self, "Confirm paid order", text.strip()) == QMessageBox.StandardButton.Yes

    def _submit(self, conn_id: str, request: OrderRequest, cost: str = "") -> None:
        def done(result: tuple[TrackedOrder, bool]) -> None:
            tracked, adopted = result
            self.tabs.setCurrentWidget(self.ordersTab)
            self.select_order(tracked.id)
            note = " (found again after a connection problem)" if adopted else ""
            self.show_success(f"Order “{tracked.name or tracked.id}” submitted{note}.")
            if self.current_workflow is not None:
                self.orderNameEdit.setText(self._default_order_name(self.current_workflow))

        self.service.submit(conn_id, request, cost, done, self._failed, owner=self)
        self.update_state()

    # -- orders ------------------------------------------------------------------------------------
    def refresh_orders(self) -> None:
        """Ask the provider now (the monitor also checks every connection's active orders by itself)."""
        if not self.connection_id or self._busy_with("orders") or self.provider() is None:
            return
        selected = self.selected_order()

        def done(_: Any) -> None:
            fresh = self.service.tracked(selected.connection_id, selected.id) if selected is not None else None
            if fresh is not None and (fresh.status, fresh.sub_status) != (selected.status, selected.sub_status):
                self._load_actions(fresh)

        self.service.refresh(self.connection_id, full=True, on_done=done, on_error=self._failed, owner=self)
        self.update_state()

    def _orders_changed(self, rows: list[TrackedOrder]) -> None:
        first_fill = self.orders_model.rowCount() == 0
        self.orders_model.update_orders(rows)
        if first_fill and self.orders_model.rowCount():
            self._fit_orders()
        self.update_state()

    def _fit_orders(self) -> None:
        _fit_columns(self.ordersView, first_max=150)
        self.ordersView.setColumnWidth(OrdersModel.STATUS_COLUMN, 130)  # room for "Needs your decision"

    def _results_loaded(self, tracked: TrackedOrder, count: int, folder: str, streamed: bool) -> None:
        how = "streamed" if streamed else "added"
        self.show_success(f"{count} layer{'s' if count != 1 else ''} {how} from order “{tracked.name or tracked.id}” "
                          f"– files in {folder}")

    # -- order actions -----------------------------------------------------------------------------
    def _order_selection_changed(self, *args: Any) -> None:
        order = self.selected_order()
        if order is not None and order.key not in self._order_actions:
            self._load_actions(order)
        self._fill_actions_menu()

    def _load_actions(self, order: TrackedOrder) -> None:
        cls = self.service.provider_class(order.connection_id)
        if cls is None or cls.order_actions is Provider.order_actions or not order.status.is_active:
            return

        def done(actions: list[OrderAction]) -> None:
            self._order_actions[order.key] = actions
            self._fill_actions_menu()

        self.service.order_actions(order.connection_id, order.id, done, self._failed, owner=self)

    def current_order_actions(self) -> list[OrderAction]:
        """What the provider offers for the selected order now (accept a quotation, approve…)."""
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
            self.show_error("That action is not available for the selected order any more.")
            return
        if action.confirm:
            ok = confirm(action.confirm) if confirm is not None else QMessageBox.question(
                self, action.label, action.confirm) == QMessageBox.StandardButton.Yes
            if not ok:
                return

        def done(updated: TrackedOrder | None) -> None:
            self._order_actions.pop(order.key, None)
            self.show_success(f"{action.label}: done for “{order.name or order.id}”.")
            if updated is not None:
                self._load_actions(updated)

        self.service.run_order_action(order.connection_id, order.id, action, done, self._failed, owner=self)

    def select_order(self, order_id: str) -> None:
        """Select an order by its id (of the current connection first, else of any connection)."""
        keys = [order_key(self.connection_id, order_id)] if self.connection_id else []
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

    def show_order(self, conn_id: str, order_id: str) -> None:
        """Open the orders tab on one order (a notification's "Show order")."""
        self.tabs.setCurrentWidget(self.ordersTab)
        row = self.orders_model.row_of(order_key(conn_id, order_id))
        if row >= 0:
            self.select_order(order_id)

    def selected_order(self) -> TrackedOrder | None:
        rows = self.ordersView.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def cancel_selected_order(self) -> None:
        order = self.selected_order()
        if order is None or not order.status.is_active:
            return

        def done(_: Any) -> None:
            self.show_success(f"Cancel requested for order “{order.name or order.id}”.")

        self.service.cancel(order.connection_id, order.id, done, self._failed, owner=self)
        self.update_state()

    def download_selected_order(self) -> None:
        order = self.selected_order()
        if order is not None:
            self.download_order(order)

    def download_order(self, order: TrackedOrder) -> None:
        """Download (or stream, where the provider and the user's choice allow) and load the results."""
        if order.status != OrderStatus.COMPLETED:
            return
        self.service.download(order.connection_id, order.id, stream=self.streamCheck.isChecked(),
                              on_error=self._failed, owner=self)
        self.update_state()

    # -- state -------------------------------------------------------------------------------------
    def update_state(self, *args: Any) -> None:
        """Enable only what makes sense now; say why Submit is disabled.

        Works from the provider's class, so it never logs in (or asks for a one-time code) by itself.
        """
        prov = self._provider_type()
        has_conn = prov is not None
        self.editConnectionButton.setEnabled(bool(self.connection_id))
        self.deleteConnectionButton.setEnabled(bool(self.connection_id))
        for w in (self.aoiGroup, self.tabs):
            w.setEnabled(has_conn)
        self.selectionButton.setEnabled(self.layerCombo.currentLayer() is not None)
        self.searchButton.setEnabled(has_conn and self.current_aoi is not None and not self._busy_with("search"))
        wf = self.current_workflow
        reason = ""
        if not has_conn:
            reason = "Pick a connection."
        elif wf is None:
            reason = "Select a workflow."
        elif self._needs_inputs(prov) and not self.selected_inputs():
            reason = "Select input products in the Inputs tab."
        elif self._busy_with("submit"):
            reason = "Submitting…"
        self.submitHint.setText(reason)
        self.submitButton.setEnabled(not reason)
        self.quoteButton.setEnabled(not reason)
        order = self.selected_order()
        # order buttons follow the selected order's own connection: the list spans every connection
        busy = (lambda what: self.service.is_busy(order.connection_id, what)) if order else (lambda what: True)
        self.cancelButton.setEnabled(order is not None and order.status.is_active and not busy("cancel"))
        self.downloadButton.setEnabled(order is not None and order.status == OrderStatus.COMPLETED
                                       and not self.service.is_downloading(order.connection_id, order.id))
        self.refreshButton.setEnabled(has_conn and not self._busy_with("orders"))
        self.actionsButton.setEnabled(bool(self.current_order_actions()) and not busy("action"))
        self.orderDetails.setText(_order_details(order) if order else "")

    # -- teardown ----------------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Remove the footprint layer and stop listening to the service (plugin unload, dock close).

        The providers, tasks and orders belong to the service: they live on with the dock closed."""
        for signal, slot in ((self.service.ordersChanged, self._orders_changed),
                             (self.service.busyChanged, self._after_busy_change),
                             (self.service.resultsLoaded, self._results_loaded)):
            try:
                signal.disconnect(slot)
            except TypeError:  # already disconnected
                pass
        if self.footprints is not None:
            if self.footprints._alive():
                self.footprints.remove()
            self.footprints = None


def _fit_columns(view: QTableView, first_max: int) -> None:
    """Columns sized to their content, the (long) name column capped so the others stay in sight."""
    view.resizeColumnsToContents()
    if view.columnWidth(0) > first_max:
        view.setColumnWidth(0, first_max)


def _slug(text: str, limit: int = 24) -> str:
    """A short, readable order-name prefix from a workflow title ("Pléiades – Tasking" → "pleiades-tasking")."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "order"


def _to_datetime(qdt: QDateTime) -> datetime:
    return datetime.fromtimestamp(qdt.toSecsSinceEpoch(), tz=timezone.utc)


def _order_details(order: TrackedOrder) -> str:
    from html import escape

    parts = [f"<b>{escape(order.name or order.id)}</b> — {escape(order.state_label)}"]
    if order.raw_status and order.raw_status.lower() != order.status.value:
        parts[0] += f" ({escape(order.raw_status)})"
    facts = [x for x in (order.connection_name, f"cost {order.cost}" if order.cost else "",
                         order.checked_text if order.offline else "") if x]
    if facts:
        parts.append(escape(" · ".join(facts)))
    if order.message:
        parts.append(escape(order.message))
    if order.download_folder:
        # the folder's own name as the link text: a full path cannot wrap and would widen the dock
        folder = Path(order.download_folder)
        parts.append(f'Files: <a href="{folder.as_uri()}">{escape(folder.name)}</a>')
    return "<br>".join(parts)
