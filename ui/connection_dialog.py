# SPDX-License-Identifier: GPL-2.0-or-later
"""Add or edit a provider connection, and test it before saving.

The secret field starts empty when editing: secrets are never read back into a widget, and an empty
field keeps the stored secret (``ConnectionStore.save`` semantics; *Test connection* asks the store for
it then). One URL field per endpoint of the provider class, pre-filled with the real service's defaults,
lets the same dialog point at the sandbox. *Test connection* runs ``core.connection_check`` in a
background task and says which step failed: the address, the credentials or the account's permissions.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Callable

from qgis.PyQt import uic
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGroupBox,
    QInputDialog,
    QLayout,
    QLineEdit,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from .. import providers
from ..providers.base import ConnectionConfig
from ..providers.i18n import tr
from .options_form import OptionsForm

OK_STYLE = "color: #1e7d32;"
FAIL_STYLE = "color: #c0392b;"

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).with_name("connection_dialog.ui")))


def costs_text(kind: str) -> str:
    """Who pays for a provider's orders, in the user's language, "Paid provider" first where orders are paid
    for; empty for a kind no installed provider knows. Shown under the dock's connection row and in this
    dialog, so the analyst learns which providers charge before the first order."""
    try:
        cls = providers.provider_class(kind)
    except (KeyError, ImportError, AttributeError):
        return ""
    if not cls.costs:
        return ""
    return tr("Paid provider — {costs}").format(costs=tr(cls.costs)) if cls.charges else tr(cls.costs)


class ConnectionDialog(QDialog, FORM_CLASS):
    def __init__(self, connection: ConnectionConfig | None = None, parent: QWidget | None = None,
                 kinds: list[str] | None = None, secret_lookup: Callable[[], str] | None = None,
                 transport_settings: Callable[[], Any] | None = None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.original = connection
        #: the stored secret of the connection being edited (the field stays empty): for the test only
        self.secret_lookup = secret_lookup
        self.transport_settings = transport_settings
        self.url_edits: dict[str, QLineEdit] = {}
        self._runner: Any = None
        #: the last test's steps (``core.connection_check.CheckStep``), newest run only
        self.check_steps: list[Any] = []
        self.testButton = QPushButton(tr("Test connection"))
        self.testButton.setObjectName("testButton")
        self.testButton.setToolTip(tr("Checks that the URLs answer, that the credentials are accepted and that this "
                                      "account may list orders. Nothing is ordered or changed."))
        self.buttonBox.addButton(self.testButton, QDialogButtonBox.ButtonRole.ActionRole)
        self.testButton.clicked.connect(lambda: self.test_connection())
        self.testResult.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self.testResult.hide()
        # the window never gets smaller than its fields need: squeezed, the settings' help lines were drawn
        # under the next field (the authentication combo over its own help text)
        self.mainLayout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        # the provider's own settings (mission, auth mode…) as a form from its JSON Schema; anything else
        # stays possible as JSON under "Advanced options"
        self.settingsGroup = QGroupBox(tr("Settings"))
        self.settings_form = OptionsForm()
        QVBoxLayout(self.settingsGroup).addWidget(self.settings_form)
        self.settings_form.valuesChanged.connect(self._update_labels)
        self.mainLayout.insertWidget(self.mainLayout.indexOf(self.optionsLabel), self.settingsGroup)
        self.optionsLabel.setText(tr("Advanced options (JSON, optional)"))
        for kind in kinds if kinds is not None else providers.available_kinds():
            self.kindCombo.addItem(providers.title(kind), kind)
        self.kindCombo.currentIndexChanged.connect(self._kind_changed)
        self.buttonBox.button(QDialogButtonBox.StandardButton.Save).clicked.connect(self._save)
        self.buttonBox.rejected.connect(self.reject)
        self.nameEdit.textChanged.connect(self._update_save)
        if connection is not None:
            self.setWindowTitle(tr("Edit connection – {name}").format(name=connection.name))
            self.nameEdit.setText(connection.name)
            idx = self.kindCombo.findData(connection.kind)
            self.kindCombo.setCurrentIndex(max(idx, 0))
            self.kindCombo.setEnabled(False)  # the URLs and secret belong to one provider kind
            self.userEdit.setText(connection.username)
            self.secretEdit.setPlaceholderText(tr("unchanged (stored securely)"))
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
        self.errorLabel.hide()  # shown with a message only: an empty wrapped label takes a line
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
        self._show_costs()
        schema = cls.connection_options_schema
        self.settings_form.set_schema(schema)
        self._update_labels()
        self.settingsGroup.setVisible(bool(schema.get("properties")))
        for name, url in cls.default_urls.items():
            edit = QLineEdit(url)
            edit.setObjectName(f"url_{name}")
            self.urlsLayout.addRow(name, edit)
            self.url_edits[name] = edit

    def _show_costs(self) -> None:
        """Who pays, under the provider. Its wrapped lines get their height up front: a word-wrapped label's
        height depends on its width, which a dialog's layout does not reserve by itself (the settings
        below were squeezed)."""
        label = self.costsLabel
        label.setText(costs_text(self.kind()))
        label.setVisible(bool(label.text()))
        margins = self.layout().contentsMargins()
        width = max(self.width(), self.minimumSizeHint().width()) - margins.left() - margins.right()
        label.setMinimumHeight(label.heightForWidth(width) if label.text() else 0)

    def _update_labels(self) -> None:
        """The secret's label follows the authentication chosen: a Capella API key, or the password of
        the older e-mail login (token mode); the user name is not asked where an API key alone signs in."""
        if not self.kind():
            return
        label = providers.provider_class(self.kind()).secret_label
        mode = self.settings_form.values().get("auth_mode")
        api_key_only = label == "API key" and mode in (None, "api_key")
        if label == "API key" and not api_key_only:
            label = "Password"
        shown = {"API key": tr("API key"), "Password": tr("Password")}  # the providers' secret_label values
        self.secretLabel.setText(shown.get(label, label))
        self.userLabel.setText(tr("Username") if not api_key_only else tr("Username (not used)"))
        self.userEdit.setEnabled(not api_key_only)
        self.userEdit.setPlaceholderText("" if not api_key_only else tr("not needed with an API key"))

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
            raise ValueError(tr("Options must be a JSON object: {error}").format(error=exc)) from exc
        if not isinstance(options, dict):
            raise ValueError(tr("Options must be a JSON object, e.g. {example}.").format(example='{"page_size": 50}'))
        if self.settingsGroup.isVisibleTo(self) and not self.settings_form.validate():
            raise ValueError(tr("Some settings are not valid: see the messages next to them."))
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

    # -- Test connection ----------------------------------------------------------------------------
    def test_connection(self) -> bool:
        """Start the check in the background; the result shows under the fields. False when it did not start."""
        from ..core.connection_check import run_check
        from ..core.tasks import TaskRunner

        try:
            conn = self.connection()
        except ValueError as exc:
            self._show_result(False, str(exc))
            return False
        if not conn.secret and self.secret_lookup is not None:
            try:
                conn.secret = self.secret_lookup() or ""
            except Exception as exc:  # noqa: BLE001 - a locked secret store is a message, not a crash
                self._show_result(False, tr("The stored password could not be read: {error}").format(error=exc))
                return False
        if conn.options.get("two_factor"):
            code, ok = QInputDialog.getText(self, tr("Two-factor login"),
                                             tr("One-time code (from your authenticator app):"))
            if not ok or not code.strip():
                self._show_result(False, tr("The test needs the one-time code of your authenticator app."))
                return False
            conn.options = {**conn.options, "totp": code.strip()}
        if self._runner is None:
            self._runner = TaskRunner(self)
        settings = self.transport_settings() if self.transport_settings is not None else None
        self.testButton.setEnabled(False)
        self.testResult.setStyleSheet("")
        self.testResult.setText(tr("Testing…"))
        self._runner.start(tr("EO Orders: test connection “{name}”").format(name=conn.name or conn.kind),
                           lambda task: run_check(conn, settings), self._tested, self._test_failed, owner=self,
                           ask_before_cancel=False)
        return True

    def _tested(self, steps: list[Any]) -> None:
        from ..core.connection_check import summary

        self.check_steps = steps
        ok, text = summary(steps)
        self._show_result(ok, text)

    def _test_failed(self, err: Any) -> None:
        self._show_result(False, str(err))

    def _show_result(self, ok: bool, text: str) -> None:
        self.testButton.setEnabled(True)
        self.testResult.setStyleSheet(OK_STYLE if ok else FAIL_STYLE)
        self.testResult.setText(text)
        self.testResult.show()

    def wait_for_test(self, timeout_s: float = 60.0) -> bool:
        """Tests: process events until the running check ended."""
        return self._runner.wait_idle(timeout_s) if self._runner is not None else True

    def done(self, result: int) -> None:  # noqa: D401 - Qt API
        """Closing the dialog cancels a running test (its task must not outlive the widgets)."""
        if self._runner is not None:
            self._runner.cancel_all(3000)
        super().done(result)

    def _save(self) -> None:
        try:
            self.result_connection = self.connection()
        except ValueError as exc:
            self.errorLabel.setText(str(exc))
            self.errorLabel.show()
            return
        self.accept()
