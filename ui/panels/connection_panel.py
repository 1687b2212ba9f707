# SPDX-License-Identifier: GPL-2.0-or-later
"""The connection row: pick a saved connection, add, edit or delete one; the header's help button.

Why it asks the service to forget a provider on save/delete: an edited password or URL must log in
afresh, and a deleted connection must not be followed any more.
"""

from __future__ import annotations

from typing import Any

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import Qt, pyqtSignal
from qgis.PyQt.QtWidgets import QWidget

from ... import providers
from ...providers.base import ConnectionConfig, EoOrdersError
from ...providers.i18n import tr
from ..connection_dialog import ConnectionDialog, costs_text
from .base import Panel, ask, load_form

FORM_CLASS = load_form(__file__, "connection_panel")


class ConnectionPanel(Panel, FORM_CLASS):
    #: the chosen connection id, or None
    connectionChanged = pyqtSignal(object)
    #: the header's help button (plugin.py decides what help opens; hidden until something listens)
    help_requested = pyqtSignal()

    def __init__(self, service: Any, parent: QWidget | None = None) -> None:
        super().__init__(service, parent)
        #: connection id -> provider kind, of the connections listed
        self._kinds: dict[str, str] = {}
        self.costsLabel.hide()
        for button, icon in ((self.addConnectionButton, "symbologyAdd.svg"),
                             (self.editConnectionButton, "symbologyEdit.svg"),
                             (self.deleteConnectionButton, "symbologyRemove.svg"),
                             (self.helpButton, "mActionHelpContents.svg")):
            button.setIcon(QgsApplication.getThemeIcon(icon))
            button.setAutoRaise(True)
        self.helpButton.hide()
        self.helpButton.clicked.connect(self.help_requested)
        self.connectionCombo.currentIndexChanged.connect(self._changed)
        self.addConnectionButton.clicked.connect(self.add_connection)
        self.editConnectionButton.clicked.connect(self.edit_connection)
        self.deleteConnectionButton.clicked.connect(self.delete_connection)

    def show_help_button(self, visible: bool = True) -> None:
        """The release adds a help handler on ``help_requested``; it shows the button then."""
        self.helpButton.setVisible(visible)

    @property
    def connection_id(self) -> str | None:
        return self.connectionCombo.currentData()

    def reload(self, select_id: str | None = None) -> list[ConnectionConfig]:
        """Refill the list from the saved connections; keeps (or selects) ``select_id``. Emits
        ``connectionChanged`` only when the selection really changed."""
        keep = select_id or self.connection_id
        before = self.connection_id
        conns = self.service.reload_connections()
        self.connectionCombo.blockSignals(True)
        self.connectionCombo.clear()
        self.connectionCombo.addItem(tr("Choose a connection…"), None)
        self._kinds = {conn.id: conn.kind for conn in conns}
        for conn in conns:
            title = providers.REGISTRY.get(conn.kind, ("", "", conn.kind))[2]
            tip = "\n".join(filter(None, (title, costs_text(conn.kind))))
            self.connectionCombo.addItem(conn.name, conn.id)
            self.connectionCombo.setItemData(self.connectionCombo.count() - 1, tip, Qt.ItemDataRole.ToolTipRole)
        idx = self.connectionCombo.findData(keep) if keep else 0
        self.connectionCombo.setCurrentIndex(max(idx, 0))
        self.connectionCombo.blockSignals(False)
        if self.connection_id != before or select_id is not None:
            self._changed()
        self._update_buttons()
        return conns

    def select(self, connection_id: str | None) -> bool:
        """Choose a connection; re-announces it when it is already chosen (a fresh start on it)."""
        idx = self.connectionCombo.findData(connection_id) if connection_id else 0
        if idx < 0:
            self.reload()
            idx = self.connectionCombo.findData(connection_id)
        if idx < 0:
            self.report(tr("No saved connection with id {id}.").format(id=connection_id))
            return False
        if idx == self.connectionCombo.currentIndex():
            self._changed()
        else:
            self.connectionCombo.setCurrentIndex(idx)
        return True

    def _changed(self, *args: Any) -> None:
        self._update_buttons()
        self._update_costs()
        self.connectionChanged.emit(self.connection_id)

    def _update_costs(self) -> None:
        """Under the row: who pays for the chosen connection's orders (from the provider), so the analyst
        knows which providers charge before ordering; a paid provider's line says so first."""
        text = costs_text(self._kinds.get(self.connection_id or "", ""))
        self.costsLabel.setText(text)
        self.costsLabel.setVisible(bool(text))

    def _update_buttons(self) -> None:
        self.editConnectionButton.setEnabled(bool(self.connection_id))
        self.deleteConnectionButton.setEnabled(bool(self.connection_id))

    def add_connection(self) -> None:
        dlg = ConnectionDialog(parent=self, transport_settings=self.service.transport_settings)
        if dlg.exec() and dlg.result_connection is not None:
            self._save(dlg.result_connection)

    def edit_connection(self) -> None:
        if not self.connection_id:
            return
        conn_id = self.connection_id
        dlg = ConnectionDialog(self.service.store.get(conn_id, with_secret=False), parent=self,
                               secret_lookup=lambda: self.service.store.get(conn_id).secret,
                               transport_settings=self.service.transport_settings)
        if dlg.exec() and dlg.result_connection is not None:
            self._save(dlg.result_connection)

    def _save(self, conn: ConnectionConfig) -> None:
        try:
            saved = self.service.store.save(conn)
        except EoOrdersError as exc:
            self.report(EoOrdersError(tr("The connection was not saved: {error}").format(error=exc), level=exc.level))
            return
        self.service.drop_provider(saved.id)
        self.reload(saved.id)

    def delete_connection(self) -> None:
        conn_id = self.connection_id
        if not conn_id:
            return
        name = self.connectionCombo.currentText()
        if not ask(self, tr("Delete connection"), tr("Delete the connection “{name}” and its stored password? Its "
                                                     "orders stay with the provider.").format(name=name),
                   yes=tr("Delete"), no=tr("Keep it")):
            return
        self.service.store.delete(conn_id)
        self.service.drop_provider(conn_id)
        self.reload()
