"""The analyst's dock: pick a connection and an AOI, choose a workflow and inputs, order, follow, load.

Why it is shaped this way: every provider call runs in a ``TaskRunner`` task (never on the UI thread)
and its result comes back on the main thread; the dock only moves domain objects into the Qt models and
enables what makes sense. Widgets come from ``dock.ui``; what depends on the provider (tabs, quote,
cancel, priority) is shown or hidden from its ``capabilities``.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

from qgis.core import Qgis, QgsApplication, QgsMapLayerProxyModel
from qgis.gui import QgsDockWidget, QgsMessageBar
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDateTime, QEvent, QItemSelection, QItemSelectionModel, QObject, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
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
from ..core.connections import ConnectionStore, qgis_proxies
from ..core.tasks import TaskRunner
from ..providers.base import (
    AuthError,
    Capability,
    InputQuery,
    NotFoundError,
    Notification,
    Order,
    OrderAction,
    OrderQuery,
    OrderRequest,
    OrderStatus,
    Provider,
    ProviderError,
    Quote,
    ValidationError,
    Workflow,
)
from ..providers.http import Transport, TransportSettings
from .connection_dialog import ConnectionDialog
from .models import InputsModel, OrdersFilterProxy, OrdersModel, SortProxy, WorkflowsModel
from .options_form import OptionsForm

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("dock.ui")))

STREAM_SETTING = "eo_orders/stream_rasters"
#: active orders missing from the provider's first listing page that one refresh asks for individually
MAX_UNLISTED_REFRESH = 50
ERROR_STYLE = "color: #c0392b;"
HINT_STYLE = "color: #8a8a8a;"
NO_WORKFLOW = "Select a workflow to see its options."


class _ResizeWatcher(QObject):
    def __init__(self, callback: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self.callback = callback

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.callback()
        return False


class EmptyHint:
    """A grey sentence centred over an empty table: says what to do instead of showing a blank grid."""

    def __init__(self, view: QTableView, text: str) -> None:
        self.view = view
        self.label = QLabel(text, view.viewport())
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setStyleSheet(HINT_STYLE)
        self.label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
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

    def __init__(self, iface: Any, runner: TaskRunner, store: ConnectionStore, parent: QWidget | None = None,
                 journal: Any = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        self.runner = runner
        self.store = store
        #: the order journal (store.Journal) or None: orders, submits and downloads survive a restart
        self.journal = journal
        #: asks for a one-time code for two-factor logins (tests replace it)
        self.totp_prompt: Callable[[str], str] = self._ask_totp
        self._order_actions: dict[str, list[OrderAction]] = {}
        #: order id -> folder its results were downloaded to (linked under the orders table)
        self._result_folders: dict[str, Path] = {}
        self.poll_interval_ms = 5000
        self.last_error = ""
        self.last_message = ""
        self.current_aoi: Aoi | None = None
        self.current_workflow: Workflow | None = None
        self.footprints: Any = None
        self.connection_id: str | None = None
        self._providers: dict[str, Provider] = {}
        self._busy: set[str] = set()
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
        self.orders_proxy = OrdersFilterProxy(self)
        self.orders_proxy.setSourceModel(self.orders_model)
        self._setup_view(self.workflowsView, self.workflows_proxy, QAbstractItemView.SelectionMode.SingleSelection)
        self._setup_view(self.inputsView, self.inputs_proxy, QAbstractItemView.SelectionMode.ExtendedSelection)
        self._setup_view(self.ordersView, self.orders_proxy, QAbstractItemView.SelectionMode.SingleSelection)
        self.ordersView.sortByColumn(4, Qt.SortOrder.DescendingOrder)
        self.inputsView.sortByColumn(1, Qt.SortOrder.DescendingOrder)
        self.workflows_hint = EmptyHint(self.workflowsView, "Pick a connection to list its workflows")
        self.inputs_hint = EmptyHint(self.inputsView, "Search to list products over the AOI")
        self.orders_hint = EmptyHint(self.ordersView, "No orders yet")

        self._add_extra_widgets()
        self.options_form = OptionsForm()
        self.options_form.set_schema({}, empty_text=NO_WORKFLOW)
        self.optionsScroll.setWidget(self.options_form)
        self.layerCombo.setFilters(QgsMapLayerProxyModel.Filter.PolygonLayer)
        self.layerCombo.setAllowEmptyLayer(True)
        self.busyBar.hide()
        self.statusCombo.setSizeAdjustPolicy(self.statusCombo.AdjustToContents)
        self.statusCombo.addItem("All statuses", None)
        self.statusCombo.addItem("Active", OrdersFilterProxy.ACTIVE)
        for status in OrderStatus:
            self.statusCombo.addItem(status.label, status)
        now = QDateTime.currentDateTimeUtc()
        for edit, value in ((self.startEdit, now.addDays(-30)), (self.endEdit, now)):
            edit.setAllowNull(False)
            edit.setTimeSpec(Qt.TimeSpec.UTC)
            edit.setDisplayFormat("yyyy-MM-dd HH:mm")
            edit.setDateTime(value)

        self.poll_timer = QTimer(self)
        self.poll_timer.timeout.connect(self._poll)

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
        self.ordersFilterEdit.textChanged.connect(self.orders_proxy.set_text_filter)
        self.searchButton.clicked.connect(self.search_inputs)
        self.quoteButton.clicked.connect(lambda: self.submit_order(quote_only=True))
        self.submitButton.clicked.connect(lambda: self.submit_order())
        self.refreshButton.clicked.connect(self.refresh_orders)
        self.cancelButton.clicked.connect(self.cancel_selected_order)
        self.downloadButton.clicked.connect(self.download_selected_order)
        self.ordersView.selectionModel().selectionChanged.connect(self._order_selection_changed)

        self._set_aoi_text("No area of interest yet: use the canvas extent or selected polygons.", hint=True)
        self._apply_capabilities(None)
        from qgis.core import QgsProject

        QgsProject.instance().readProject.connect(self._project_read)
        self.reload_connections()

    def _add_extra_widgets(self) -> None:
        """Widgets only some providers need, added here rather than in dock.ui to keep the .ui plain."""
        from qgis.core import QgsSettings

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
        self.orderDetails.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.actionsButton = QToolButton()
        self.actionsButton.setText("Actions")
        self.actionsButton.setToolTip("Steps the provider offers for this order (accept a quotation, approve…)")
        self.actionsButton.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
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
        self.streamCheck.setChecked(QgsSettings().value(STREAM_SETTING, False, type=bool))
        self.streamCheck.toggled.connect(lambda on: QgsSettings().setValue(STREAM_SETTING, on))
        self.ordersLayout.insertWidget(self.ordersLayout.count() - 1, self.streamCheck)

    # -- helpers -----------------------------------------------------------------------------------
    @staticmethod
    def _setup_view(view: QTableView, model: Any, mode: Any) -> None:
        view.setModel(model)
        view.setSortingEnabled(True)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(mode)
        view.setAlternatingRowColors(True)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(22)
        view.horizontalHeader().setStretchLastSection(True)
        view.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setWordWrap(False)
        view.setTextElideMode(Qt.TextElideMode.ElideMiddle)  # product and order names differ at their ends

    def show_error(self, text: str) -> None:
        self.last_error = text
        self.message_bar.pushMessage("", text, Qgis.MessageLevel.Critical, 10)

    def show_success(self, text: str) -> None:
        self.last_message = text
        self.message_bar.pushMessage("", text, Qgis.MessageLevel.Success, 8)

    def _set_aoi_text(self, text: str, error: bool = False, hint: bool = False) -> None:
        self.aoiLabel.setText(text)
        self.aoiLabel.setStyleSheet(ERROR_STYLE if error else HINT_STYLE if hint else "")

    @property
    def busy(self) -> bool:
        return bool(self._busy)

    def _run(self, key: str, description: str, work: Callable[[Any], Any], on_done: Callable[[Any], None],
             on_error: Callable[[ProviderError], None] | None = None) -> None:
        """Start a provider call in the background; ``key`` marks what is busy (its button is disabled)."""
        was_busy = self.busy
        self._busy.add(key)
        conn_id = self.connection_id

        def finish() -> bool:
            self._busy.discard(key)
            self._after_busy_change(True)
            return conn_id == self.connection_id  # a reply for a connection no longer shown is dropped

        def done(result: Any) -> None:
            if finish():
                on_done(result)
                self.update_state()

        def failed(err: ProviderError) -> None:
            if isinstance(err, AuthError) and conn_id:
                self._providers.pop(conn_id, None)  # log in afresh next time (a new one-time code, a fixed password)
            if finish():
                (on_error or (lambda e: self.show_error(str(e))))(err)
                self.update_state()

        self.runner.start(description, work, done, failed, owner=self)
        if not was_busy:
            self._after_busy_change(False)
        self.update_state()

    def _after_busy_change(self, was_busy: bool) -> None:
        busy = self.busy
        self.busyBar.setVisible(busy)
        if busy != was_busy:
            self.busyChanged.emit(busy)

    # -- connections -------------------------------------------------------------------------------
    def reload_connections(self, select_id: str | None = None) -> None:
        keep = select_id or self.connection_id
        self.connectionCombo.blockSignals(True)
        self.connectionCombo.clear()
        self.connectionCombo.addItem("Choose a connection…", None)
        self._kinds = {}
        for conn in self.store.list():
            self._kinds[conn.id] = conn.kind
            title = providers.REGISTRY.get(conn.kind, ("", "", conn.kind))[2]
            self.connectionCombo.addItem(conn.name, conn.id)
            self.connectionCombo.setItemData(self.connectionCombo.count() - 1, title, Qt.ItemDataRole.ToolTipRole)
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
        """The cached provider of the current connection (created on first use)."""
        if not self.connection_id:
            return None
        prov = self._providers.get(self.connection_id)
        if prov is None:
            try:
                conn = self.store.get(self.connection_id)
                if conn.options.get("two_factor"):
                    code = self.totp_prompt(conn.name)
                    if not code:
                        self.show_error(f"“{conn.name}” needs the one-time code of your authenticator app.")
                        return None
                    conn.options = {**conn.options, "totp": code}  # this login only, never saved
                transport = Transport(TransportSettings(proxies=qgis_proxies()))
                prov = providers.create_provider(conn, transport)
            except Exception as exc:  # unknown kind, secret store locked: say so, never a traceback
                self.show_error(f"Cannot open the connection: {exc}")
                return None
            self._providers[self.connection_id] = prov
        return prov

    def _provider_type(self) -> Any:
        """The current connection's provider class (its capabilities), without creating or logging in."""
        if not self.connection_id:
            return None
        cached = self._providers.get(self.connection_id)
        if cached is not None:
            return type(cached)
        kind = getattr(self, "_kinds", {}).get(self.connection_id)
        try:
            return providers.provider_class(kind) if kind else None
        except (KeyError, ImportError):
            return None

    def _ask_totp(self, connection_name: str) -> str:
        from qgis.PyQt.QtWidgets import QInputDialog

        code, ok = QInputDialog.getText(self, "Two-factor login",
                                        f"One-time code for “{connection_name}” (from your authenticator app):")
        return code.strip() if ok else ""

    def _close_providers(self) -> None:
        for prov in self._providers.values():
            try:
                prov.close()
            except Exception:  # closing is best effort
                pass
        self._providers.clear()

    def _connection_changed(self, *args: Any) -> None:
        self._close_providers()
        self.connection_id = self.connectionCombo.currentData()
        self.poll_timer.stop()
        self.current_workflow = None
        self.workflows_model.clear()
        self.inputs_model.clear()
        self.orders_model.clear()
        self.options_form.set_schema({}, empty_text=NO_WORKFLOW)
        self.workflowDescription.clear()
        if self.footprints is not None:
            self.footprints.set_products([])
        prov = self.provider()
        self._order_actions.clear()
        self._apply_capabilities(prov)
        self.workflows_hint.set_text("Loading workflows…" if prov else "Pick a connection to list its workflows")
        self.update_state()
        if prov is not None:
            self._restore_from_journal(prov)
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
        except Exception as exc:
            self.show_error(f"The connection was not saved: {exc}")
            return
        self._providers.pop(saved.id, None)
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
        self.reload_connections()

    # -- AOI ---------------------------------------------------------------------------------------
    def use_canvas_extent(self) -> None:
        canvas = self.iface.mapCanvas()
        try:
            aoi = aoi_from_extent(canvas.extent(), canvas.mapSettings().destinationCrs())
        except AoiError as exc:
            self._aoi_failed(str(exc))
            return
        self._set_aoi(aoi)

    def use_layer_selection(self, layer: Any = None) -> None:
        layer = layer or self.layerCombo.currentLayer()
        try:
            aoi = aoi_from_layer_selection(layer)
        except AoiError as exc:
            if getattr(exc, "repairable", False) and QMessageBox.question(
                    self, "Invalid geometry", f"{exc}\n\nRepair it with makeValid?") == QMessageBox.StandardButton.Yes:
                try:
                    aoi = aoi_from_layer_selection(layer, repair=True)
                except AoiError as exc2:
                    self._aoi_failed(str(exc2))
                    return
            else:
                self._aoi_failed(str(exc))
                return
        self._set_aoi(aoi)

    def _aoi_failed(self, text: str) -> None:
        self.current_aoi = None
        self.last_error = text
        self._set_aoi_text(text, error=True)
        self.update_state()

    def _set_aoi(self, aoi: Aoi) -> None:
        self.current_aoi = aoi
        self._set_aoi_text(aoi.summary())
        self.update_state()

    # -- workflows ---------------------------------------------------------------------------------
    def refresh_workflows(self) -> None:
        prov = self.provider()
        if prov is None:
            return

        def done(workflows: list[Workflow]) -> None:
            self.workflows_model.set_items(workflows)
            _fit_columns(self.workflowsView, first_max=160)
            self.workflows_hint.set_text("This connection offers no workflows")

        def failed(err: ProviderError) -> None:
            self.workflows_hint.set_text("Workflows could not be loaded: see the message above")
            self.show_error(str(err))

        self._run("workflows", "EO Orders: list workflows", lambda task: prov.workflows(), done, failed)

    def select_workflow(self, name: str) -> None:
        row = next((r for r, w in enumerate(self.workflows_model.items()) if w.name == name), -1)
        if row < 0:
            self.show_error(f"Workflow {name} is not offered by this connection.")
            return
        proxy_index = self.workflows_proxy.mapFromSource(self.workflows_model.index(row, 0))
        self.workflowsView.selectionModel().select(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.workflowsView.scrollTo(proxy_index)

    def _workflow_selected(self, *args: Any) -> None:
        rows = self.workflowsView.selectionModel().selectedRows()
        wf = rows[0].data(Qt.ItemDataRole.UserRole) if rows else None
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
        taken = {o.name for o in self.orders_model.items()}
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
        prov = self.provider()
        if prov is None or self.current_aoi is None:
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

        self.inputs_hint.set_text("Searching…")
        self._run("search", "EO Orders: search input products", lambda task: prov.search_inputs(query), done)

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
            selection, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)

    def selected_inputs(self) -> list[Any]:
        return [i.data(Qt.ItemDataRole.UserRole) for i in self.inputsView.selectionModel().selectedRows()]

    def set_time_range(self, start: datetime, end: datetime) -> None:
        """The sensing period searched, and ordered where the provider orders by time range."""
        for edit, value in ((self.startEdit, start), (self.endEdit, end)):
            edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(value.timestamp()), Qt.TimeSpec.UTC))

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
            self.show_error(str(exc))
            return
        except ProviderError as exc:
            self.show_error(str(exc))
            return
        if prov.supports(Capability.QUOTE):
            def quoted(quote: Quote) -> None:
                if not quote.authorized:
                    self.show_error(f"The provider refuses this order: {quote.reason or 'no reason given'}")
                    return
                if quote_only:
                    self.show_success(f"Quote for “{request.name}”: {_cost(quote)}")
                    return
                ok = confirm(quote) if confirm is not None else self._confirm_quote(request, quote)
                if ok:
                    self._submit(prov, request)

            self._run("submit", "EO Orders: get a quote", lambda task: prov.quote(request), quoted)
        elif not quote_only:
            self._submit(prov, request)

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
            self.show_error(str(exc))
            return False
        return True

    def _confirm_quote(self, request: OrderRequest, quote: Quote) -> bool:
        lines = "\n".join(f"• {ln.label}: {ln.amount} {ln.unit}" for ln in quote.lines[:10])
        text = f"Order “{request.name}” will cost {_cost(quote)}.\n{lines}\n\nSubmit this paid order?"
        return QMessageBox.question(self, "Confirm paid order", text.strip()) == QMessageBox.StandardButton.Yes

    def _submit(self, prov: Provider, request: OrderRequest) -> None:
        from ..providers.submit import is_ambiguous, submit_once

        journal, conn_id = self.journal, self.connection_id or ""
        row = journal.record_submit(prov.kind, conn_id, request) if journal is not None else None

        def work(task: Any) -> tuple[Order, bool]:
            result = submit_once(prov, request)
            if row is not None:
                journal.record_submitted(row, result[0])
            return result

        def failed(err: ProviderError) -> None:
            if row is not None and not is_ambiguous(err):
                journal.record_submit_failed(row, str(err))  # an ambiguous one is reconciled at next start
            self.show_error(str(err))

        def done(result: tuple[Order, bool]) -> None:
            order, adopted = result
            first_fill = self.orders_model.rowCount() == 0
            self.orders_model.update_orders([order])
            if first_fill:
                _fit_columns(self.ordersView, first_max=150)
                self.ordersView.setColumnWidth(OrdersModel.STATUS_COLUMN, 130)
            self.tabs.setCurrentWidget(self.ordersTab)
            self.select_order(order.id)
            note = " (found again after a connection problem)" if adopted else ""
            self.show_success(f"Order “{order.name or order.id}” submitted{note}.")
            if self.current_workflow is not None:
                self.orderNameEdit.setText(self._default_order_name(self.current_workflow))
            self._update_polling()

        self._run("submit", "EO Orders: submit order", work, done, failed)

    # -- orders ------------------------------------------------------------------------------------
    def refresh_orders(self) -> None:
        prov = self.provider()
        if prov is None or "orders" in self._busy:
            return

        journal, conn_id = self.journal, self.connection_id or ""
        listed_before = {o.id for o in self.orders_model.active_orders()}

        def work(task: Any) -> Any:
            page = prov.orders(OrderQuery())
            listed = {o.id for o in page.items}
            # active orders known from the journal but beyond the listing's first page: asked one by one
            for order_id in sorted(listed_before - listed)[:MAX_UNLISTED_REFRESH]:
                try:
                    page.items.append(prov.order(order_id))
                except NotFoundError:
                    old = self.orders_model.get(order_id)
                    if old is not None:
                        page.items.append(replace(old, status=OrderStatus.FAILED, raw_status="unknown",
                                                  message="The provider no longer knows this order."))
            if journal is not None:
                for order in page.items:
                    journal.record_status(conn_id, order, prov.kind)
            return page

        def done(page: Any) -> None:
            selected = self.selected_order()
            self._show_orders(page.items)
            fresh = self.orders_model.get(selected.id) if selected is not None else None
            if fresh is not None and (fresh.status, fresh.sub_status) != (selected.status, selected.sub_status):
                self._load_actions(fresh)
            self._resume_downloads()

        self._run("orders", "EO Orders: list orders", work, done)

    def _show_orders(self, orders: list[Order]) -> None:
        first_fill = self.orders_model.rowCount() == 0
        self.orders_model.update_orders(orders)
        if first_fill and self.orders_model.rowCount():
            _fit_columns(self.ordersView, first_max=150)
            self.ordersView.setColumnWidth(OrdersModel.STATUS_COLUMN, 130)  # room for "In progress"
        self._update_polling()

    # -- journal -----------------------------------------------------------------------------------
    def _restore_from_journal(self, prov: Provider) -> None:
        """Orders known from earlier sessions show at once; unknown submits are reconciled; unfinished
        downloads resume once the order is confirmed completed."""
        self._pending_downloads: set[str] = set()
        if self.journal is None or not self.connection_id:
            return
        conn_id = self.connection_id
        entries = self.journal.orders(conn_id)
        if entries:
            self._show_orders([e.to_order() for e in entries])
        self._pending_downloads = {e.order_id for e in self.journal.unfinished_downloads(conn_id) if e.order_id}
        for entry in self.journal.pending_submits(conn_id):
            self._reconcile(prov, entry)

    def _reconcile(self, prov: Provider, entry: Any) -> None:
        journal = self.journal

        def work(task: Any) -> list[Order]:
            found = prov.find_orders_by_name(entry.name) if entry.name else []
            if found:
                journal.record_submitted(entry.row_id, found[0])
            else:
                journal.record_submit_failed(entry.row_id, "QGIS stopped while submitting; the provider has no "
                                                            "order of that name, so it was not placed.")
            return found

        def done(found: list[Order]) -> None:
            if found:
                self._show_orders(found[:1])
                self.show_success(f"Order “{entry.name}”, submitted when QGIS stopped, was found at the provider.")

        self._run("reconcile", f"EO Orders: look up order {entry.name}", work, done)

    def _resume_downloads(self) -> None:
        for order_id in list(getattr(self, "_pending_downloads", ())):
            order = self.orders_model.get(order_id)
            if order is not None and order.status == OrderStatus.COMPLETED:
                self._pending_downloads.discard(order_id)
                self.download_order(order)

    # -- streamed layers ---------------------------------------------------------------------------
    def _project_read(self, *args: Any) -> None:
        """A project with streamed layers was opened: their signed URLs were never saved, so ask each
        layer's provider for a fresh one (by connection, order id and file name)."""
        from ..core.layers import streamed_layers_to_resolve

        for conn_id, refs in streamed_layers_to_resolve().items():
            prov = self.provider_for(conn_id)
            if prov is None:
                continue

            def work(task: Any, prov: Provider = prov, refs: list = refs) -> list[tuple[str, str]]:
                return [(layer_id, prov.fresh_asset_url(order_id, name)) for layer_id, order_id, name in refs]

            def done(urls: list[tuple[str, str]]) -> None:
                from qgis.core import QgsProject

                from ..core.layers import set_streamed_source

                for layer_id, url in urls:
                    layer = QgsProject.instance().mapLayer(layer_id)
                    if layer is not None:
                        set_streamed_source(layer, url)

            self.runner.start("EO Orders: re-open streamed layers", work, done,
                              lambda err: self.show_error(f"Streamed layers could not be re-opened: {err}"),
                              owner=self)

    def provider_for(self, connection_id: str) -> Provider | None:
        """The provider of any saved connection (the current one or another), cached like ``provider()``."""
        if connection_id == self.connection_id:
            return self.provider()
        prov = self._providers.get(connection_id)
        if prov is None and connection_id in self.store.ids():
            try:
                prov = providers.create_provider(self.store.get(connection_id),
                                                 Transport(TransportSettings(proxies=qgis_proxies())))
            except Exception as exc:
                self.show_error(f"Cannot open the connection: {exc}")
                return None
            self._providers[connection_id] = prov
        return prov

    # -- order actions -----------------------------------------------------------------------------
    def _order_selection_changed(self, *args: Any) -> None:
        order = self.selected_order()
        if order is not None and order.id not in self._order_actions:
            self._load_actions(order)
        self._fill_actions_menu()

    def _load_actions(self, order: Order) -> None:
        prov = self.provider()
        if prov is None or type(prov).order_actions is Provider.order_actions:
            return

        def done(actions: list[OrderAction]) -> None:
            self._order_actions[order.id] = actions
            self._fill_actions_menu()

        self._run("actions", "EO Orders: order actions", lambda task: prov.order_actions(order), done)

    def current_order_actions(self) -> list[OrderAction]:
        """What the provider offers for the selected order now (accept a quotation, approve…)."""
        order = self.selected_order()
        return list(self._order_actions.get(order.id, [])) if order is not None else []

    def _fill_actions_menu(self) -> None:
        menu = self.actionsButton.menu()
        menu.clear()
        for action in self.current_order_actions():
            menu.addAction(action.label, lambda aid=action.id: self.run_order_action(aid))
        self.update_state()

    def run_order_action(self, action_id: str, confirm: Callable[[str], bool] | None = None) -> None:
        prov, order = self.provider(), self.selected_order()
        action = next((a for a in self.current_order_actions() if a.id == action_id), None)
        if prov is None or order is None or action is None:
            self.show_error("That action is not available for the selected order any more.")
            return
        if action.confirm:
            ok = confirm(action.confirm) if confirm is not None else QMessageBox.question(
                self, action.label, action.confirm) == QMessageBox.StandardButton.Yes
            if not ok:
                return

        def done(updated: Order) -> None:
            self._order_actions.pop(order.id, None)
            self._show_orders([updated])
            self.show_success(f"{action.label}: done for “{order.name or order.id}”.")
            self._load_actions(updated)

        self._run("action", f"EO Orders: {action.label}", lambda task: prov.run_order_action(order, action_id), done)

    def _poll(self) -> None:
        if self.orders_model.active_orders():
            self.refresh_orders()
        else:
            self.poll_timer.stop()

    def _update_polling(self) -> None:
        if self.orders_model.active_orders():
            if not self.poll_timer.isActive():
                self.poll_timer.start(self.poll_interval_ms)
        else:
            self.poll_timer.stop()

    def select_order(self, order_id: str) -> None:
        row = self.orders_model.row_of(order_id)
        if row < 0:
            return
        idx = self.orders_proxy.mapFromSource(self.orders_model.index(row, 0))
        if not idx.isValid():  # hidden by the filters: show everything rather than select nothing
            self.statusCombo.setCurrentIndex(0)
            self.ordersFilterEdit.clear()
            idx = self.orders_proxy.mapFromSource(self.orders_model.index(row, 0))
        self.ordersView.selectionModel().select(
            idx, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.ordersView.scrollTo(idx)

    def selected_order(self) -> Order | None:
        rows = self.ordersView.selectionModel().selectedRows()
        return rows[0].data(Qt.ItemDataRole.UserRole) if rows else None

    def cancel_selected_order(self) -> None:
        prov, order = self.provider(), self.selected_order()
        if prov is None or order is None or not order.status.is_active:
            return

        def done(result: Order | None) -> None:
            if result is not None:
                self.orders_model.update_orders([result])
            self.show_success(f"Cancel requested for order “{order.name or order.id}”.")
            self.refresh_orders()

        self._run("cancel", "EO Orders: cancel order", lambda task: prov.cancel(order.id), done)

    def download_selected_order(self) -> None:
        order = self.selected_order()
        if order is not None:
            self.download_order(order)

    def download_order(self, order: Order) -> None:
        """Download (or stream, where the provider and the user's choice allow) and load the results."""
        from ..core.results import default_download_root, download_results_work, order_folder_name

        prov = self.provider()
        if prov is None or order.status != OrderStatus.COMPLETED:
            return
        stream = prov.supports(Capability.STREAMING) and self.streamCheck.isChecked()
        root = default_download_root()
        journal, conn_id = self.journal, self.connection_id or ""
        if journal is not None:
            journal.record_download_started(conn_id, order.id, root / order_folder_name(order))
        work = download_results_work(prov, order, root, stream=stream)
        group = order.name or order.id

        def done(result: Any) -> None:
            from ..core.layers import add_result_layers, add_streamed_layer

            added = add_result_layers([str(p) for p in result.rasters], group_name=group)
            for url, name in result.streams:
                layer = add_streamed_layer(url, Path(name).stem, group, asset_ref=f"{conn_id}|{order.id}|{name}")
                if layer is not None and layer.isValid():
                    added.append(layer)
            if journal is not None:
                journal.record_download(conn_id, order.id, result.files)
            self._result_folders[order.id] = Path(result.folder)
            how = "streamed" if result.streams else "added"
            self.show_success(f"{len(added)} layer{'s' if len(added) != 1 else ''} {how} from order “{group}” – "
                              f"files in {result.folder}")

        self._run("download", f"EO Orders: download {group}", work, done)

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
        self.searchButton.setEnabled(has_conn and self.current_aoi is not None and "search" not in self._busy)
        wf = self.current_workflow
        reason = ""
        if not has_conn:
            reason = "Pick a connection."
        elif wf is None:
            reason = "Select a workflow."
        elif self._needs_inputs(prov) and not self.selected_inputs():
            reason = "Select input products in the Inputs tab."
        elif "submit" in self._busy:
            reason = "Submitting…"
        self.submitHint.setText(reason)
        self.submitButton.setEnabled(not reason)
        self.quoteButton.setEnabled(not reason)
        order = self.selected_order()
        self.cancelButton.setEnabled(has_conn and order is not None and order.status.is_active
                                     and "cancel" not in self._busy)
        self.downloadButton.setEnabled(has_conn and order is not None and order.status == OrderStatus.COMPLETED
                                       and "download" not in self._busy)
        self.refreshButton.setEnabled(has_conn and "orders" not in self._busy)
        self.actionsButton.setEnabled(has_conn and bool(self.current_order_actions()) and "action" not in self._busy)
        folder = self._result_folders.get(order.id) if order else None
        self.orderDetails.setText(_order_details(order, folder) if order else "")

    # -- teardown ----------------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Stop timers, remove the footprint layer, close providers (plugin unload and dock close)."""
        self.poll_timer.stop()
        from qgis.core import QgsProject

        try:
            QgsProject.instance().readProject.disconnect(self._project_read)
        except TypeError:  # already disconnected
            pass
        if self.footprints is not None:
            try:
                self.footprints.remove()
            except Exception:  # the project may already be cleared
                pass
            self.footprints = None
        self._close_providers()

    def closeEvent(self, event: Any) -> None:
        self.cleanup()
        super().closeEvent(event)


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


def _cost(quote: Quote) -> str:
    return "an unknown amount" if quote.total is None else f"{quote.total:,.2f} {quote.unit}".strip()


def _order_details(order: Order, folder: Path | None = None) -> str:
    from html import escape

    parts = [f"<b>{escape(order.name or order.id)}</b> — {order.status.label}"]
    if order.raw_status and order.raw_status.lower() != order.status.value:
        parts[0] += f" ({escape(order.raw_status)})"
    if order.message:
        parts.append(escape(order.message))
    if folder is not None:
        # the folder's own name as the link text: a full path cannot wrap and would widen the dock
        parts.append(f'Files: <a href="{Path(folder).as_uri()}">{escape(Path(folder).name)}</a>')
    return "<br>".join(parts)
