# SPDX-License-Identifier: GPL-2.0-or-later
"""Workflows and options: the connection's workflows, the chosen one's options as a form, the order's
name, priority and notification endpoint, and the quote/submit buttons.

Why the panel builds no request itself: a request also needs the AOI and the inputs of the other panels;
the dock puts them together (``EoOrdersDock.build_request``) from what each panel says.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QItemSelectionModel, Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QAbstractItemView, QMenu, QWidget

from ...providers.base import Capability, Notification, Provider, Workflow
from ...providers.i18n import QT_TR_NOOP, tr
from ..models import SortProxy, WorkflowsModel
from ..options_form import OptionsForm
from .base import EmptyHint, Panel, TableMenu, copy_text, fit_columns, load_form, setup_view

FORM_CLASS = load_form(__file__, "workflow_panel")
NO_WORKFLOW = QT_TR_NOOP("Select a workflow to see its options.")


class WorkflowPanel(Panel, FORM_CLASS):
    workflowChanged = pyqtSignal(object)
    #: the user pressed Get quote (True) or Submit order (False)
    submitRequested = pyqtSignal(bool)

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        self.current_workflow: Workflow | None = None
        self.workflows_model = WorkflowsModel(self)
        self.workflows_proxy = SortProxy(self)
        self.workflows_proxy.setSourceModel(self.workflows_model)
        setup_view(self.workflowsView, self.workflows_proxy, QAbstractItemView.SelectionMode.SingleSelection)
        self.workflows_hint = EmptyHint(self.workflowsView, tr("Pick a connection to list its workflows"))
        self.table_menu = TableMenu(self.workflowsView, self._fill_menu, self._double_clicked)
        self.options_form = OptionsForm()
        self.options_form.set_schema({}, empty_text=tr(NO_WORKFLOW))
        self.optionsScroll.setWidget(self.options_form)
        self.notify_rows = [(self.notifyLabel, self.notifyEdit), (self.notifyUserLabel, self.notifyUserEdit),
                            (self.notifyPasswordLabel, self.notifyPasswordEdit)]
        self.workflowFilterEdit.textChanged.connect(self.workflows_proxy.setFilterFixedString)
        self.workflowsView.selectionModel().selectionChanged.connect(self._selected)
        self.quoteButton.clicked.connect(lambda: self.submitRequested.emit(True))
        self.submitButton.clicked.connect(lambda: self.submitRequested.emit(False))

    # -- the connection's workflows ---------------------------------------------------------------
    def clear(self, hint: str) -> None:
        self.current_workflow = None
        self.workflows_model.clear()
        self.options_form.set_schema({}, empty_text=tr(NO_WORKFLOW))
        self.workflowDescription.clear()
        self.workflows_hint.set_text(hint)

    def load(self, conn_id: str) -> None:
        """List the connection's workflows (in the background)."""
        def done(workflows: list[Workflow]) -> None:
            self.workflows_model.set_items(workflows)
            fit_columns(self.workflowsView, first_max=160)
            self.workflows_hint.set_text(tr("This connection offers no workflows"))
            self.changed.emit()

        def failed(err: Any) -> None:
            self.workflows_hint.set_text(tr("Workflows could not be loaded: see the message below"))
            self.report(err)

        self.service.list_workflows(conn_id, done, failed, owner=self)

    def apply_capabilities(self, prov: type[Provider] | None) -> None:
        """Show only what the provider can do: quote, priority (with its range), notification."""
        caps = prov.capabilities if prov else frozenset()
        self.quoteButton.setVisible(Capability.QUOTE in caps)
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

    def select_workflow(self, name: str) -> bool:
        row = next((r for r, w in enumerate(self.workflows_model.items()) if w.name == name), -1)
        if row < 0:
            self.report(tr("Workflow {name} is not offered by this connection.").format(name=name))
            return False
        proxy_index = self.workflows_proxy.mapFromSource(self.workflows_model.index(row, 0))
        self.workflowsView.selectionModel().select(
            proxy_index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
        self.workflowsView.scrollTo(proxy_index)
        return True

    def _selected(self, *args: Any) -> None:
        rows = self.workflowsView.selectionModel().selectedRows()
        wf = rows[0].data(Qt.ItemDataRole.UserRole) if rows else None
        self.current_workflow = wf
        self.options_form.set_schema(wf.options_schema if wf else {}, empty_text=None if wf else tr(NO_WORKFLOW))
        self.workflowDescription.setText(wf.description if wf else "")
        if wf is not None:
            self.orderNameEdit.setText(self.default_order_name(wf))
        self.workflowChanged.emit(wf)
        self.changed.emit()

    def _fill_menu(self, menu: QMenu, wf: Workflow) -> None:
        menu.addAction(tr("Set options"), lambda: self._double_clicked(wf))
        menu.addAction(QgsApplication.getThemeIcon("mActionEditCopy.svg"), tr("Copy workflow name"),
                       lambda: copy_text(wf.name))

    def _double_clicked(self, wf: Workflow | None) -> None:
        """Double-click: the workflow's options, first field focused (the form is what comes next)."""
        if wf is None:
            return
        self.optionsScroll.ensureVisible(0, 0)
        first = next(iter(self.options_form.fields.values()), None)
        (first.widget if first is not None else self.orderNameEdit).setFocus()

    # -- the order's own fields -------------------------------------------------------------------
    def default_order_name(self, wf: Workflow) -> str:
        """"<workflow> <date-time>", made unique among the orders known: the name finds the order again
        after an ambiguous submit, so it must not collide."""
        label = wf.name if len(wf.name) <= 24 and " " not in wf.name else _slug(wf.title or wf.name)
        base = f"{label} {datetime.now().strftime('%Y%m%d-%H%M%S')}"
        taken = {o.name for o in self.service.orders()}
        name, n = base, 2
        while name in taken:
            name, n = f"{base}-{n}", n + 1
        return name

    def order_name(self) -> str:
        wf = self.current_workflow
        return self.orderNameEdit.text().strip() or (self.default_order_name(wf) if wf else "")

    def next_order(self) -> None:
        """After a submit: a fresh name, so the next order is not taken for this one."""
        if self.current_workflow is not None:
            self.orderNameEdit.setText(self.default_order_name(self.current_workflow))

    def priority(self, prov: type[Provider] | None) -> int | None:
        return self.prioritySpin.value() if prov is not None and Capability.PRIORITY in prov.capabilities else None

    def notification(self, prov: type[Provider] | None) -> Notification | None:
        endpoint = self.notifyEdit.text().strip()
        if prov is None or Capability.NOTIFICATION not in prov.capabilities or not endpoint:
            return None
        return Notification(endpoint, self.notifyUserEdit.text().strip(), self.notifyPasswordEdit.text())

    def set_blocked(self, reason: str) -> None:
        """Why Submit is disabled ("" enables it)."""
        self.submitHint.setText(reason)
        self.submitButton.setEnabled(not reason)
        self.quoteButton.setEnabled(not reason)


def _slug(text: str, limit: int = 24) -> str:
    """A short, readable order-name prefix from a workflow title ("Pléiades – Tasking" → "pleiades-tasking")."""
    import re
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug[:limit].rstrip("-") or "order"
