# SPDX-License-Identifier: GPL-2.0-or-later
"""The analyst's dock: a shell that arranges the panels and puts an order together from them.

Why a shell: each section (connection, area of interest, workflow and options, inputs, orders) is a
panel with its own ``.ui`` that talks to the order service itself; the order's life (submit, follow,
download, load) belongs to ``core.order_service``. What is left here is what spans panels: choosing a
connection (every panel shows what its provider can do), building the order request from the AOI, the
workflow, the inputs and the options, the quote confirmation, the Submit button's state, and the one
place that shows messages (``show_error``, in the message strip at the bottom of the dock). The public
methods are the buttons' verbs, which the demo and the end-to-end tests drive.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Callable

from qgis.core import Qgis
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import QWidget

from ..core.order_service import OrderService, TrackedOrder, cost_text
from ..core.tracked import accepted_cost, format_amount
from ..providers.base import (
    Capability,
    EoOrdersError,
    OrderAction,
    OrderRequest,
    Provider,
    Quote,
    ValidationError,
    Workflow,
)
from ..providers.i18n import tr
from .message_strip import MessageStrip
from .notifier import TITLE, error_level, show_error
from .panels.aoi_panel import AoiPanel
from .panels.base import ask
from .panels.connection_panel import ConnectionPanel
from .panels.inputs_panel import InputsPanel
from .panels.orders_panel import OrdersPanel
from .panels.workflow_panel import WorkflowPanel

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("dock.ui")))


def quote_confirmation(name: str, quote: Quote) -> str:
    """The paid-order question: the total, then at most ten lines, each with its amount when it has one."""
    lines = "\n".join(f"• {ln.label}" + ("" if ln.amount is None else f": {format_amount(ln.amount, ln.unit)}")
                      for ln in quote.lines[:10])
    more = ("\n• " + tr("… and {count} more").format(count=len(quote.lines) - 10)) if len(quote.lines) > 10 else ""
    head = (tr("Order “{name}” will cost {cost}.").format(name=name, cost=cost_text(quote))
            if quote.total is not None else tr("Order “{name}”: the provider gave no total price.").format(name=name))
    note = f"\n{quote.reason}" if quote.reason and quote.authorized else ""
    question = tr("Submit this order?")
    return f"{head}\n{lines}{more}{note}\n\n{question}".replace("\n\n\n", "\n\n")


class EoOrdersDock(QgsDockWidget, FORM_CLASS):
    busyChanged = pyqtSignal(bool)
    #: the user signed in to a connection (its provider exists now): the monitor follows it again
    signedIn = pyqtSignal(str)

    def __init__(self, iface: Any, service: OrderService, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.iface = iface
        #: the owner of every order's life: the panels call it and listen to it
        self.service = service
        self.runner = service.runner
        if service.totp_prompt is None:
            service.totp_prompt = self._ask_totp
        self.last_error = ""
        self.last_message = ""
        self.connection_id: str | None = None
        self._was_busy = False

        #: the dock's messages: a fixed one-line strip at the bottom of the layout (see ui.message_strip)
        self.message_bar = MessageStrip(self.contents)
        self.mainLayout.addWidget(self.message_bar)
        self.connection_panel = ConnectionPanel(service, self)
        self.headerLayout.addWidget(self.connection_panel)
        self.aoi_panel = AoiPanel(service, iface, self)
        self.aoiLayout.addWidget(self.aoi_panel)
        self.aoi_panel.accept_drops_on(self.widget())  # a vector file dropped anywhere on the dock is the AOI
        self.workflow_panel = WorkflowPanel(service, self)
        self.workflowsTabLayout.addWidget(self.workflow_panel)
        self.inputs_panel = InputsPanel(service, self)
        self.inputsTabLayout.addWidget(self.inputs_panel)
        self.orders_panel = OrdersPanel(service, self)
        self.orders_panel.iface = iface
        self.inputs_panel.iface = iface
        self.ordersTabLayout.addWidget(self.orders_panel)
        self.panels = (self.connection_panel, self.aoi_panel, self.workflow_panel, self.inputs_panel,
                       self.orders_panel)
        # the busy bar keeps its line while hidden: its showing must not move the controls above it
        policy = self.busyBar.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.busyBar.setSizePolicy(policy)
        self.busyBar.hide()

        for panel in self.panels:
            panel.error.connect(self.show_error)
            panel.success.connect(self.show_success)
            panel.changed.connect(self.update_state)
        #: the header's help button: the plugin connects its help here (and shows the button)
        self.help_requested = self.connection_panel.help_requested
        self.connection_panel.connectionChanged.connect(self._connection_changed)
        self.aoi_panel.aoiChanged.connect(self.update_state)
        self.workflow_panel.workflowChanged.connect(self._workflow_changed)
        self.workflow_panel.submitRequested.connect(lambda quote_only: self.submit_order(quote_only=quote_only))
        self.inputs_panel.selectionChanged.connect(self.update_state)
        service.busyChanged.connect(self._after_busy_change)

        self._apply_capabilities(None)
        self.reload_connections()

    def set_help_handler(self, handler: Callable[[], None]) -> None:
        """Where the plugin's help plugs in: the header's help button calls ``handler`` (and shows)."""
        self.help_requested.connect(handler)
        self.connection_panel.show_help_button(True)

    # -- messages: the one place the dock shows them ----------------------------------------------
    def show_error(self, err: EoOrdersError | str) -> None:
        """Any error of the family, at the level it carries (plain text counts as critical). Warnings and
        critical errors stay until closed (the analyst may be looking at the map); info goes after 10 s."""
        lasting = error_level(err) in (Qgis.MessageLevel.Warning, Qgis.MessageLevel.Critical)
        self.last_error = show_error(self.message_bar, err, duration=0 if lasting else 10)

    def show_success(self, text: str) -> None:
        self.last_message = text
        self.message_bar.pushMessage(TITLE, text, Qgis.MessageLevel.Success, 8)

    def show_info(self, text: str) -> None:
        """News that is neither a success nor a failure (a quote without a price)."""
        self.last_message = text
        self.message_bar.pushMessage(TITLE, text, Qgis.MessageLevel.Info, 10)

    @property
    def busy(self) -> bool:
        return self.service.is_busy()

    def _after_busy_change(self) -> None:
        busy = self.busy
        self.busyBar.setVisible(busy)
        if busy != self._was_busy:
            self._was_busy = busy
            self.busyChanged.emit(busy)
        self.update_state()

    # -- connection ---------------------------------------------------------------------------------
    def reload_connections(self, select_id: str | None = None) -> None:
        conns = self.connection_panel.reload(select_id)
        self.orders_panel.set_connections(conns)
        if self.connection_panel.connection_id != self.connection_id:
            self._connection_changed(self.connection_panel.connection_id)
        self.update_state()

    def set_connection(self, connection_id: str | None) -> None:
        self.connection_panel.select(connection_id)

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

    def _ask_totp(self, connection_name: str) -> str:
        from qgis.PyQt.QtWidgets import QInputDialog

        code, ok = QInputDialog.getText(self, tr("Two-factor login"),
                                        tr("One-time code for “{name}” (from your authenticator app):").format(
                                            name=connection_name))
        return code.strip() if ok else ""

    def _connection_changed(self, connection_id: str | None) -> None:
        self.connection_id = connection_id
        self.orders_panel.connection_id = connection_id
        self.inputs_panel.clear()
        self.workflow_panel.orderNameEdit.clear()  # the last connection's order name is not this one's
        prov = self.provider()
        self._apply_capabilities(type(prov) if prov else None)
        self.workflow_panel.clear(tr("Loading workflows…") if prov else tr("Pick a connection to list its workflows"))
        self.update_state()
        if prov is not None:
            self.refresh_workflows()
            self.refresh_orders()

    def _apply_capabilities(self, prov: type[Provider] | None) -> None:
        """Every panel shows only what the provider can do."""
        needs_inputs_tab = self.inputs_panel.apply_capabilities(prov)
        self.tabs.setTabVisible(self.tabs.indexOf(self.inputsTab), needs_inputs_tab)
        self.workflow_panel.apply_capabilities(prov)
        self.orders_panel.apply_capabilities(prov)

    # -- the buttons' verbs (the demo and the tests drive these) -----------------------------------
    @property
    def current_aoi(self) -> Any:
        return self.aoi_panel.current_aoi

    @property
    def current_workflow(self) -> Any:
        return self.workflow_panel.current_workflow

    def use_canvas_extent(self) -> None:
        self.aoi_panel.use_canvas_extent()

    def use_layer_selection(self, layer: Any = None) -> None:
        self.aoi_panel.use_layer_selection(layer)

    def refresh_workflows(self) -> None:
        if self.provider() is not None:
            self.workflow_panel.load(self.connection_id)

    def select_workflow(self, name: str) -> None:
        self.workflow_panel.select_workflow(name)

    def _workflow_changed(self, wf: Any) -> None:
        self.inputs_panel.set_product_types(list(wf.input_product_types) if wf else [])

    def set_time_range(self, start: Any, end: Any) -> None:
        self.inputs_panel.set_time_range(start, end)

    def search_inputs(self) -> None:
        if self.current_aoi is None or self.provider() is None:
            self.show_error(tr("Choose a connection and an area of interest first."))
            return
        self.inputs_panel.search(self.connection_id, self.current_aoi)

    def select_inputs(self, names: list[str]) -> None:
        self.inputs_panel.select_inputs(names)

    def selected_inputs(self) -> list[Any]:
        return self.inputs_panel.selected_inputs()

    def refresh_orders(self) -> None:
        if self.connection_id and self.provider() is not None:
            self.orders_panel.refresh()

    def select_order(self, order_id: str) -> None:
        self.orders_panel.select_order(order_id)

    def selected_order(self) -> TrackedOrder | None:
        return self.orders_panel.selected_order()

    def show_order(self, conn_id: str, order_id: str) -> None:
        """Open the orders tab on one order (a notification's "Show order")."""
        self.tabs.setCurrentWidget(self.ordersTab)
        self.orders_panel.select_order(order_id, conn_id)

    def current_order_actions(self) -> list[OrderAction]:
        return self.orders_panel.current_order_actions()

    def run_order_action(self, action_id: str, confirm: Callable[[str], bool] | None = None) -> None:
        self.orders_panel.run_order_action(action_id, confirm)

    def cancel_selected_order(self, confirm: Callable[[str], bool] | None = None) -> None:
        self.orders_panel.cancel_selected_order(confirm)

    def download_selected_order(self) -> None:
        self.orders_panel.download_selected_order()

    # -- submit: what spans the panels ------------------------------------------------------------
    @staticmethod
    def _needs_inputs(prov: type[Provider], workflow: Workflow | None = None) -> bool:
        """Where products can be searched the analyst picks them; otherwise a reference or the time range
        serves. A workflow that says how it orders wins (Capella: archive products, or tasking over the AOI)."""
        caps = workflow.capabilities if workflow is not None and workflow.capabilities else prov.capabilities
        return (Capability.ORDER_BY_PRODUCT in caps and Capability.ORDER_BY_AOI not in caps
                and Capability.SEARCH_INPUTS in prov.capabilities)

    def build_request(self) -> OrderRequest | None:
        wf = self.current_workflow
        if wf is None:
            return None
        prov = self.service.provider_class(self.connection_id)
        start, end = self.inputs_panel.time_range()
        aoi = self.current_aoi
        return OrderRequest(workflow=wf, name=self.workflow_panel.order_name(), inputs=self.inputs_panel.input_names(),
                            aoi=aoi.geometry if aoi else None, start=start, end=end,
                            options=self.workflow_panel.options_form.values(),
                            priority=self.workflow_panel.priority(prov),
                            notification=self.workflow_panel.notification(prov))

    def submit_order(self, confirm: Callable[[Quote], bool] | None = None, quote_only: bool = False) -> None:
        """Validate, quote (and confirm the cost) when the provider prices orders, then submit."""
        prov = self.provider()
        request = self.build_request()
        if prov is None or request is None:
            self.show_error(tr("Choose a connection and a workflow first."))
            return
        if self._needs_inputs(type(prov), request.workflow) and not request.inputs:
            self.show_error(tr("Select at least one input product in the Inputs tab."))
            return
        if not request.inputs and prov.supports(Capability.ORDER_BY_TIME_RANGE) \
                and not self.inputs_panel.dates_in_order():
            return
        form = self.workflow_panel.options_form
        form.clear_errors()
        try:
            prov.validate(request)
        except ValidationError as exc:
            if exc.code == "AOI_TOO_MANY_VERTICES" and self.aoi_panel.offer_simplify(
                    prov.title, prov.max_aoi_vertices or 0, confirm):
                self.submit_order(confirm, quote_only)
                return
            form.show_errors(exc.field_errors or {"": [exc.message]})
            self.show_error(exc)
            return
        except EoOrdersError as exc:
            self.show_error(exc)
            return
        conn_id = self.connection_id or ""
        if not prov.supports(Capability.QUOTE):
            if not quote_only:
                self._submit(conn_id, request)
            return

        def quoted(quote: Quote) -> None:
            if not quote.authorized:
                self.show_error(tr("The provider refuses this order: {reason}").format(
                    reason=quote.reason or tr("no reason given")))
            elif quote_only and quote.total is None:  # nothing priced: news, not a success
                detail = quote.reason or "; ".join(ln.label for ln in quote.lines[:3])
                self.show_info(tr("No price for “{name}” yet: {detail}").format(name=request.name, detail=detail)
                               if detail else tr("No price for “{name}” yet.").format(name=request.name))
            elif quote_only:
                self.show_success(tr("Quote for “{name}”: {cost}").format(name=request.name, cost=cost_text(quote)))
            elif confirm(quote) if confirm is not None else self._confirm_quote(request, quote):
                self._submit(conn_id, request, accepted_cost(quote))

        self.service.quote(conn_id, request, quoted, self.show_error, owner=self)
        self.update_state()

    def _confirm_quote(self, request: OrderRequest, quote: Quote) -> bool:
        return ask(self, tr("Confirm paid order"), quote_confirmation(request.name, quote), yes=tr("Submit order"),
                   no=tr("Do not order"))

    def _submit(self, conn_id: str, request: OrderRequest, cost: str = "") -> None:
        def done(result: tuple[TrackedOrder, bool]) -> None:
            tracked, adopted = result
            self.tabs.setCurrentWidget(self.ordersTab)
            self.orders_panel.select_order(tracked.id, tracked.connection_id)
            name = tracked.name or tracked.id
            self.show_success(tr("Order “{name}” submitted (found again after a connection problem).").format(name=name)
                              if adopted else tr("Order “{name}” submitted.").format(name=name))
            self.workflow_panel.next_order()

        def failed(err: EoOrdersError) -> None:
            if isinstance(err, ValidationError) and err.field_errors:  # the service's refusal, on its field
                self.workflow_panel.options_form.show_errors(err.field_errors)
            self.show_error(err)

        self.service.submit(conn_id, request, cost, done, failed, owner=self)
        self.update_state()

    # -- state --------------------------------------------------------------------------------------
    def update_state(self, *args: Any) -> None:
        """Enable only what makes sense now; say why Submit is disabled.

        Works from the provider's class, so it never logs in (or asks for a one-time code) by itself.
        """
        prov = self.service.provider_class(self.connection_id)
        has_conn = prov is not None
        self.aoi_panel.setEnabled(has_conn)
        for panel in (self.workflow_panel, self.inputs_panel):
            panel.setEnabled(has_conn)
        busy = (lambda what: self.service.is_busy(self.connection_id, what)) if has_conn else (lambda what: False)
        self.inputs_panel.searchButton.setEnabled(has_conn and self.current_aoi is not None and not busy("search"))
        reason = ""
        if not has_conn:
            reason = tr("Pick a connection.")
        elif self.current_workflow is None:
            reason = tr("Select a workflow.")
        elif self._needs_inputs(prov, self.current_workflow) and not self.selected_inputs():
            reason = tr("Select input products in the Inputs tab.")
        elif busy("submit"):
            reason = tr("Submitting…")
        self.workflow_panel.set_blocked(reason)
        self.orders_panel.update_state()

    # -- teardown -----------------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Remove the footprint layer and stop listening to the service (plugin unload, dock close).

        The providers, tasks and orders belong to the service: they live on with the dock closed."""
        try:
            self.service.busyChanged.disconnect(self._after_busy_change)
        except TypeError:  # already disconnected
            pass
        self.orders_panel.cleanup()
        self.inputs_panel.cleanup()
        self.aoi_panel.cleanup()
