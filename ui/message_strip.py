# SPDX-License-Identifier: GPL-2.0-or-later
"""The dock's message strip: one reserved line at the bottom of the dock that never moves or covers a control.

Why a strip of its own instead of ``QgsMessageBar``: in the dock's layout the bar pushed every control down
while it showed (clicks landed on the wrong button), and floated over the contents it covered the connection
and AOI rows for 8–10 s. The strip is always in the layout with a fixed height of one line, empty or not, so
nothing moves and nothing is covered. A message longer than the line is elided; the whole text is in the
tooltip and in a details dialog where it can be selected and copied. Messages that arrive while others are
still open stack up: the newest shows, "n more" lists the others. Success and info messages clear themselves
after their time, errors stay until closed (or until the one in front of them goes, when they show again).

``pushMessage(title, text, level, duration)`` is the ``QgsMessageBar`` call the rest of the plugin already
makes (``ui.notifier.show_error``), so callers need not know which of the two they talk to.
"""

from __future__ import annotations

import html
from dataclasses import dataclass, field
from typing import Any

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QEvent, QSize, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QIcon
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPlainTextEdit,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ..providers.i18n import tr

#: how many open messages the strip keeps (a flood of errors must not grow without end)
MAX_OPEN = 20
ICON_SIZE = 16
#: the level's QGIS icon (the ones ``QgsMessageBar`` uses) and the strip's tint: background, text
LOOKS = {
    Qgis.MessageLevel.Info: ("/mIconInfo.svg", "#e7f0fa", "#1d3f66"),
    Qgis.MessageLevel.Success: ("/mIconSuccess.svg", "#e6f4e6", "#1e4d1e"),
    Qgis.MessageLevel.Warning: ("/mIconWarning.svg", "#fdf1dc", "#5c3d00"),
    Qgis.MessageLevel.Critical: ("/mIconCritical.svg", "#fbe4e2", "#6b1410"),
}


def one_line(text: str) -> str:
    """The text as the strip's single line shows it: line breaks and runs of blanks become one space."""
    return " ".join(text.split())


def level_icon(level: Any) -> QIcon:
    return QgsApplication.getThemeIcon(LOOKS.get(level, LOOKS[Qgis.MessageLevel.Info])[0])


@dataclass(eq=False)
class StripMessage:
    """One message the strip holds: its title (the dialog's), its full text, its level and when it goes."""

    text: str
    level: Any = Qgis.MessageLevel.Info
    title: str = ""
    #: seconds until it clears itself; 0: until closed
    duration: int = 0
    timer: QTimer | None = field(default=None, repr=False)


class ElidedLabel(QLabel):
    """A one-line label that elides its text to its width (``QLabel`` alone would widen the dock)."""

    #: a left click on the text (the strip opens the whole message)
    clicked = pyqtSignal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._full = ""
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.setMinimumWidth(40)

    def set_full_text(self, text: str) -> None:
        self._full = one_line(text)
        self._elide()

    def full_text(self) -> str:
        return self._full

    def is_elided(self) -> bool:
        return self.text() != self._full

    def resizeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().resizeEvent(event)
        self._elide()

    def keyPressEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        """Enter or Space on the focused message opens it, as a click does (keyboard users)."""
        if self._full and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.clicked.emit()
            return
        super().keyPressEvent(event)

    def mouseReleaseEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().mouseReleaseEvent(event)
        if event.button() == Qt.MouseButton.LeftButton and self._full and self.rect().contains(event.pos()):
            self.clicked.emit()

    def _elide(self) -> None:
        width = max(self.contentsRect().width(), 1)
        self.setText(self.fontMetrics().elidedText(self._full, Qt.TextElideMode.ElideRight, width))


class MessageDetails(QDialog):
    """The whole message, selectable and copyable (an error's text for a support request)."""

    def __init__(self, message: StripMessage, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(message.title or tr("Message"))
        self.setWindowIcon(level_icon(message.level))
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(level_icon(message.level).pixmap(QSize(24, 24)))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        head.addWidget(icon)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.text.setPlainText(message.text)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        head.addWidget(self.text, 1)
        layout.addLayout(head)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(460, 220)


class MessageStrip(QFrame):
    """A fixed one-line message area: level icon, elided text (a click shows all of it), *n more*, ×."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("eoOrdersMessageStrip")
        #: the open messages, oldest first; the last one is on show
        self.messages: list[StripMessage] = []
        #: the details dialog last opened (tests read and close it)
        self.details_dialog: MessageDetails | None = None

        layout = QHBoxLayout(self)
        layout.setContentsMargins(4, 2, 2, 2)
        layout.setSpacing(4)
        self.icon = QLabel(self)
        self.icon.setFixedSize(ICON_SIZE, ICON_SIZE)
        layout.addWidget(self.icon)
        self.label = ElidedLabel(self)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        self.label.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.label.clicked.connect(self.show_details)
        layout.addWidget(self.label, 1)
        self.more_button = self._button("", tr("Earlier messages that are still open"))
        self.more_menu = QMenu(self.more_button)
        self.more_menu.setToolTipsVisible(True)
        self.more_menu.aboutToShow.connect(self._fill_menu)
        self.more_button.clicked.connect(self.show_more)  # a plain button: no menu arrow taking the text's room
        layout.addWidget(self.more_button)
        self.close_button = self._button("×", tr("Close this message"))
        self.close_button.setObjectName("eoOrdersMessageClose")
        self.close_button.clicked.connect(self.close_current)
        layout.addWidget(self.close_button)

        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self._fix_height()
        self._show_current()

    def _button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        self._set_button_text(button, text)
        button.setToolTip(tip)
        button.setAutoRaise(True)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        return button

    @staticmethod
    def _set_button_text(button: QToolButton, text: str) -> None:
        """The text and a width just wide enough for it: the style's tool-button padding would take the
        room the message needs."""
        button.setText(text)
        button.setFixedWidth(button.fontMetrics().horizontalAdvance(text) + 12)

    def _fix_height(self) -> None:
        """One line of text or one button, whichever is taller, plus the margins: the same empty or full."""
        margins = self.layout().contentsMargins()
        buttons = max(b.sizeHint().height() for b in (self.more_button, self.close_button))
        line = max(self.fontMetrics().height() + 4, ICON_SIZE, buttons)
        for button in (self.more_button, self.close_button):
            button.setFixedHeight(line)
        self.setFixedHeight(line + margins.top() + margins.bottom())

    def changeEvent(self, event: Any) -> None:  # noqa: N802 - Qt API name
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            for button in (self.more_button, self.close_button):
                self._set_button_text(button, button.text())
            self._fix_height()

    # -- what callers use ---------------------------------------------------------------------------
    def pushMessage(self, title: str, text: str, level: Any = Qgis.MessageLevel.Info,  # noqa: N802 - QgsMessageBar's
                    duration: int = 0) -> StripMessage:
        """Show ``text`` in front; ``duration`` seconds later it goes by itself (0: when closed). The same
        text at the same level said again (one failed login reported by two panels) is one message."""
        for same in [m for m in self.messages if m.text == text and m.level == level]:
            self._stop(same)
            self.messages.remove(same)
        message = StripMessage(text=text, level=level, title=title, duration=max(int(duration or 0), 0))
        if message.duration:
            message.timer = QTimer(self)
            message.timer.setSingleShot(True)
            message.timer.timeout.connect(lambda m=message: self.remove(m))
            message.timer.start(message.duration * 1000)
        self.messages.append(message)
        while len(self.messages) > MAX_OPEN:
            self.remove(self.messages[0])
        self._show_current()
        return message

    def current(self) -> StripMessage | None:
        """The message on show, or None when the strip is blank."""
        return self.messages[-1] if self.messages else None

    def others(self) -> list[StripMessage]:
        """The open messages behind the one on show, newest first (what "n more" lists)."""
        return list(reversed(self.messages[:-1]))

    def close_current(self) -> None:
        """The ×: the message on show goes; the next open one, if any, shows in its place."""
        if self.messages:
            self.remove(self.messages[-1])

    def clear(self) -> None:
        """Close every message: the strip is blank."""
        for message in list(self.messages):
            self._stop(message)
        self.messages = []
        self._show_current()

    def bring_to_front(self, message: StripMessage) -> None:
        """Show an earlier message again (picked from "n more")."""
        if message in self.messages:
            self.messages.remove(message)
            self.messages.append(message)
            self._show_current()

    def remove(self, message: StripMessage) -> None:
        if message in self.messages:
            self._stop(message)
            self.messages.remove(message)
            self._show_current()

    def show_details(self) -> MessageDetails | None:
        """The whole text of the message on show in a dialog (not modal: the dock stays usable)."""
        message = self.current()
        if message is None:
            return None
        if self.details_dialog is not None:
            self.details_dialog.close()
        self.details_dialog = MessageDetails(message, self.window())
        self.details_dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.details_dialog.finished.connect(self._details_closed)
        self.details_dialog.show()
        return self.details_dialog

    def _details_closed(self, _result: int = 0) -> None:
        if self.details_dialog is not None and self.details_dialog is self.sender():
            self.details_dialog = None

    # -- drawing ------------------------------------------------------------------------------------
    @staticmethod
    def _stop(message: StripMessage) -> None:
        if message.timer is not None:
            message.timer.stop()
            message.timer.deleteLater()
            message.timer = None

    def _show_current(self) -> None:
        message = self.current()
        if message is None:  # a quiet blank line
            for button in (self.more_button, self.close_button):
                button.hide()
            self.label.unsetCursor()
            self.icon.clear()
            self.label.set_full_text("")
            self.label.setToolTip("")
            self.icon.setToolTip("")
            self.setStyleSheet("")
            return
        _, background, foreground = LOOKS.get(message.level, LOOKS[Qgis.MessageLevel.Info])
        self.setStyleSheet(f"#eoOrdersMessageStrip {{ background: {background}; border-radius: 3px; }}"
                           f" #eoOrdersMessageStrip QLabel, #eoOrdersMessageStrip QToolButton"
                           f" {{ color: {foreground}; }}"
                           " #eoOrdersMessageStrip QToolButton { border: 1px solid transparent; border-radius: 3px;"
                           " padding: 0px 4px; }"
                           f" #eoOrdersMessageStrip QToolButton:hover {{ border-color: {foreground}; }}")
        self.icon.setPixmap(level_icon(message.level).pixmap(QSize(ICON_SIZE, ICON_SIZE)))
        self.label.set_full_text(message.text)
        tip = (f"<p style='white-space:pre-wrap'>{html.escape(message.text)}</p><p><i>"
               + html.escape(tr("Click the message to see all of it and copy it.")) + "</i></p>")
        self.label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.label.setToolTip(tip)
        self.icon.setToolTip(tip)
        others = len(self.messages) - 1
        self._set_button_text(self.more_button, tr("{count} more").format(count=others))
        self.close_button.setVisible(True)
        self.more_button.setVisible(others > 0)

    def show_more(self) -> QMenu:
        """The "n more" popup, under its button (not modal: ``popup``, not ``exec``)."""
        self.more_menu.popup(self.more_button.mapToGlobal(self.more_button.rect().bottomLeft()))
        return self.more_menu

    def _fill_menu(self) -> None:
        self.more_menu.clear()
        metrics = self.more_menu.fontMetrics()
        for message in self.others():
            shown = metrics.elidedText(one_line(message.text), Qt.TextElideMode.ElideRight, 360)
            action = self.more_menu.addAction(level_icon(message.level), shown)
            action.setToolTip(message.text)
            action.triggered.connect(lambda _=False, m=message: self.bring_to_front(m))
        self.more_menu.addSeparator()
        self.more_menu.addAction(tr("Close all messages"), self.clear)
