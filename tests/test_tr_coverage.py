# SPDX-License-Identifier: GPL-2.0-or-later
"""Every user-visible string goes through ``tr()``: an AST scan of the plugin's sources.

pylupdate5 only extracts literals written inside ``tr(...)``, and a literal shown without the call stays
English in every language. The scan looks where user-visible text is handed to Qt or QGIS (widget
constructors, ``setText``/``setToolTip``/…, message boxes, the message bar, the dock's ``show_*``) and at
the messages of the plugin's error family (raised, returned or kept): an argument that is (or contains, by
``+``, ``%`` or an f-string) a literal with letters outside a ``tr()`` call is a violation. The
planted-violation tests prove it fails.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

#: constructors whose text arguments are shown (QLabel("Text"), QPushButton("Text"), QAction(icon, "Text"), …)
WIDGETS = {"QLabel", "QPushButton", "QCheckBox", "QRadioButton", "QGroupBox", "QAction", "QToolButton",
           "QMenu", "QCommandLinkButton", "FitLabel"}
#: methods whose text arguments are shown
SETTERS = {"setText", "setToolTip", "setWindowTitle", "setPlaceholderText", "setStatusTip", "setWhatsThis",
           "setTitle", "addTab", "insertTab", "setTabText", "setTabToolTip", "addAction", "addMenu",
           "setHorizontalHeaderLabels", "setSpecialValueText", "setSuffix", "setPrefix", "setLabelText",
           "setInformativeText", "setDetailedText", "pushMessage", "pushInfo", "pushWarning", "pushCritical",
           "pushSuccess", "information", "warning", "critical", "question", "about", "getText", "getItem",
           "show_error", "show_info", "show_success", "show_warning", "showMessage", "addRow", "setFormat",
           "report", "set_text", "_set_text", "EmptyHint", "addItem", "emit", "ask", "_show_result", "clear",
           "set_blocked", "reportError", "setProgressText", "setHelp", "_warn",
           # task descriptions: QGIS lists them in its task manager and in the quit question
           "start", "ProviderTask", "QgsTask"}
#: the plugin's error family (providers/errors.py and the classes derived from it elsewhere), and the
#: Processing framework's error the algorithms end with
ERRORS = {"EoOrdersError", "ProviderError", "AuthError", "NotFoundError", "ValidationError", "NotSupportedError",
          "AmbiguousSubmitError", "QuotaExceededError", "DownloadCancelled", "SignInRequired", "AoiError",
          "SecretStoreError", "QgsProcessingException"}
TR_NAMES = {"tr", "translate", "QT_TR_NOOP", "QT_TRANSLATE_NOOP"}

#: what the scan covers: the Qt side for shown text, and every module raising the error family
SHOWN_SCOPE = ["plugin.py", "ui", "core"]
RAISE_SCOPE = ["ui", "core", "providers"]


def _has_letters(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and any(c.isalpha() for c in node.value)


def _is_tr(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    func = node.func
    return (isinstance(func, ast.Name) and func.id in TR_NAMES) or (
        isinstance(func, ast.Attribute) and func.attr in TR_NAMES)


def _bare_literals(node: ast.AST) -> list[ast.AST]:
    """Literals with letters inside ``node`` that no ``tr()`` call encloses."""
    if _is_tr(node):
        return []
    if _has_letters(node):
        return [node]
    if isinstance(node, ast.JoinedStr):
        return [v for v in node.values if _has_letters(v)] or [
            lit for v in node.values for lit in _bare_literals(v)]
    if isinstance(node, ast.FormattedValue):
        return _bare_literals(node.value)
    if isinstance(node, ast.Call):
        # "text".format(...), "sep".join(...): the receiver is shown; other calls' arguments are data
        if isinstance(node.func, ast.Attribute) and node.func.attr in {"format", "join"}:
            return _bare_literals(node.func.value) + [lit for a in node.args for lit in _bare_literals(a)]
        return []
    if isinstance(node, (ast.BinOp, ast.IfExp, ast.BoolOp, ast.Tuple, ast.List)):
        children = [c for c in ast.iter_child_nodes(node) if not isinstance(c, (ast.operator, ast.boolop))]
        if isinstance(node, ast.IfExp):
            children = [node.body, node.orelse]
        return [lit for c in children for lit in _bare_literals(c)]
    return []


def _callee(node: ast.Call) -> str:
    func = node.func
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""


def _shows_text(node: ast.Call) -> bool:
    """A call that puts its text arguments on screen (logging's ``warning`` and data signals do not)."""
    name, func = _callee(node), node.func
    if name in {"information", "warning", "critical", "question", "about"}:  # QMessageBox's, not logging's
        return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "QMessageBox"
    if name == "emit":  # the panels' and the service's message signals, not event names
        return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Attribute) and func.value.attr in {
            "success", "error", "message"}
    return name in WIDGETS or name in SETTERS


def violations(source: str, filename: str = "<planted>", *, shown: bool = True) -> list[str]:
    """``file:line: text`` for each user-visible literal not passed through ``tr()``."""
    out: list[str] = []
    tree = ast.parse(source, filename)
    for node in ast.walk(tree):
        args: list[ast.AST] = []
        if isinstance(node, ast.Call) and shown and _shows_text(node):
            args = [*node.args, *(k.value for k in node.keywords if k.arg in {"text", "title", "message", "yes", "no"})]
        elif isinstance(node, ast.Call) and _callee(node) in ERRORS:  # raised, returned or kept for later
            args = node.args[:1] + [k.value for k in node.keywords if k.arg == "message"]
        for arg in args:
            for lit in _bare_literals(arg):
                text = lit.value if isinstance(lit, ast.Constant) else "?"
                out.append(f"{filename}:{lit.lineno}: {text!r}")
    return out


def _files(scope: list[str]) -> list[Path]:
    paths: list[Path] = []
    for entry in scope:
        path = ROOT / entry
        paths.extend(sorted(path.rglob("*.py")) if path.is_dir() else [path])
    return paths


def test_every_shown_string_and_raised_message_is_translatable():
    found: list[str] = []
    for path in _files(SHOWN_SCOPE):
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))
    for path in set(_files(RAISE_SCOPE)) - set(_files(SHOWN_SCOPE)):
        found += violations(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)), shown=False)
    assert not found, "strings shown without tr():\n" + "\n".join(found)


@pytest.mark.parametrize("planted", [
    'QLabel("Area of interest")',
    'button = QPushButton(icon, "Submit")',
    'self.status.setText(f"Order {name} failed")',
    'w.setToolTip("Refresh" + suffix)',
    'QMessageBox.warning(self, tr("Title"), "Really delete?")',
    'self.iface.messageBar().pushMessage("EO Orders", text, level)',
    'self.show_error("Choose a connection first.")',
    'self.success.emit(f"Order {name} submitted")',
    'self.report("The start date must be before the end date.")',
    'raise ProviderError("The server said no")',
    'raise AoiError(f"{path} has no polygon")',
    'return AuthError(f"Login refused: {desc}.", status=401)',
    'err = ProviderError(message="Cannot reach the host")',
    'tabs.addTab(panel, "Inputs" if ok else "None")',
    'label.setText("Order {name} failed".format(name=n))',
])
def test_scan_finds_planted_violations(planted):
    assert violations(planted), planted


@pytest.mark.parametrize("clean", [
    'QLabel(tr("Area of interest"))',
    'self.status.setText(tr("Order {name} failed").format(name=name))',
    'w.setToolTip(tr("Refresh") + " " + str(n))',
    'raise ProviderError(tr("The server said no: {reason}").format(reason=body["message"]))',
    'raise ProviderError(message)',
    'label.setText(order.name)',
    'QLabel("—")',
    'self.setObjectName("EoOrdersDock")',
    'log.warning("could not add every footprint")',
    'self.attention.emit(new, "decision")',
])
def test_scan_accepts_translated_or_data_strings(clean):
    assert violations(clean) == []
