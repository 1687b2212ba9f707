"""Add or edit a provider connection.

The secret field starts empty when editing: secrets are never read back into a widget, and an empty
field keeps the stored secret (``ConnectionStore.save`` semantics). One URL field per endpoint of the
provider class, pre-filled with the real service's defaults, lets the same dialog point at the sandbox.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from qgis.PyQt import uic
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QGroupBox, QLineEdit, QVBoxLayout, QWidget

from .. import providers
from ..providers.base import ConnectionConfig
from .options_form import OptionsForm

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("connection_dialog.ui")))


class ConnectionDialog(QDialog, FORM_CLASS):
    def __init__(self, connection: ConnectionConfig | None = None, parent: QWidget | None = None,
                 kinds: list[str] | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.original = connection
        self.url_edits: dict[str, QLineEdit] = {}
        # the provider's own settings (mission, auth mode…) as a form from its JSON Schema; anything else
        # stays possible as JSON under "Advanced options"
        self.settingsGroup = QGroupBox("Settings")
        self.settings_form = OptionsForm()
        QVBoxLayout(self.settingsGroup).addWidget(self.settings_form)
        self.mainLayout.insertWidget(self.mainLayout.indexOf(self.optionsLabel), self.settingsGroup)
        self.optionsLabel.setText("Advanced options (JSON, optional)")
        for kind in kinds if kinds is not None else providers.available_kinds():
            self.kindCombo.addItem(providers.REGISTRY[kind][2], kind)
        self.kindCombo.currentIndexChanged.connect(self._kind_changed)
        self.buttonBox.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self._save)
        self.buttonBox.rejected.connect(self.reject)
        self.nameEdit.textChanged.connect(self._update_save)
        if connection is not None:
            self.setWindowTitle(f"Edit connection – {connection.name}")
            self.nameEdit.setText(connection.name)
            idx = self.kindCombo.findData(connection.kind)
            self.kindCombo.setCurrentIndex(max(idx, 0))
            self.kindCombo.setEnabled(False)  # the URLs and secret belong to one provider kind
            self.userEdit.setText(connection.username)
            self.secretEdit.setPlaceholderText("unchanged (stored securely)")
        self._kind_changed()
        if connection is not None:
            for name, edit in self.url_edits.items():
                if connection.urls.get(name):
                    edit.setText(connection.urls[name])
            known = set(self._settings_schema().get("properties", {}))
            self.settings_form.set_values({k: v for k, v in connection.options.items() if k in known})
            extra = {k: v for k, v in connection.options.items() if k not in known}
            self.optionsEdit.setPlainText(json.dumps(extra, indent=1) if extra else "")
        self.result_connection: ConnectionConfig | None = None
        self._update_save()

    def kind(self) -> str:
        return self.kindCombo.currentData() or ""

    def _kind_changed(self) -> None:
        while self.urlsLayout.rowCount():
            self.urlsLayout.removeRow(0)
        self.url_edits.clear()
        if not self.kind():
            return
        cls = providers.provider_class(self.kind())
        self.secretLabel.setText(cls.secret_label)
        schema = cls.connection_options_schema
        self.settings_form.set_schema(schema)
        self.settingsGroup.setVisible(bool(schema.get("properties")))
        for name, url in cls.default_urls.items():
            edit = QLineEdit(url)
            edit.setObjectName(f"url_{name}")
            self.urlsLayout.addRow(name, edit)
            self.url_edits[name] = edit

    def _settings_schema(self) -> dict[str, Any]:
        return providers.provider_class(self.kind()).connection_options_schema if self.kind() else {}

    def _update_save(self) -> None:
        self.buttonBox.button(QDialogButtonBox.StandardButton.Save).setEnabled(
            bool(self.nameEdit.text().strip() and self.kind()))

    def connection(self) -> ConnectionConfig:
        """The edited connection; raises ``ValueError`` with a user message when the options are not JSON."""
        text = self.optionsEdit.toPlainText().strip()
        try:
            options: Any = json.loads(text) if text else {}
        except ValueError as exc:
            raise ValueError(f"Options must be a JSON object: {exc}") from exc
        if not isinstance(options, dict):
            raise ValueError("Options must be a JSON object, e.g. {\"page_size\": 50}.")
        if self.settingsGroup.isVisibleTo(self) and not self.settings_form.validate():
            raise ValueError("Some settings are not valid: see the messages next to them.")
        options = {**self.settings_form.values(), **options}  # advanced JSON wins where both say something
        return ConnectionConfig(
            id=self.original.id if self.original else "",
            name=self.nameEdit.text().strip(),
            kind=self.kind(),
            urls={name: edit.text().strip() for name, edit in self.url_edits.items() if edit.text().strip()},
            username=self.userEdit.text().strip(),
            secret=self.secretEdit.text(),
            options=options,
        )

    def _save(self) -> None:
        try:
            self.result_connection = self.connection()
        except ValueError as exc:
            self.errorLabel.setText(str(exc))
            return
        self.accept()
