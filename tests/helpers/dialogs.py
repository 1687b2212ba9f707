# SPDX-License-Identifier: GPL-2.0-or-later
"""Drive the plugin's confirmation boxes in tests as a user would: wait for the box, read it, press a button.

The boxes are real ``QMessageBox`` objects opened with ``exec()`` (``ui.panels.base.ask``); a timer started
before the click finds the modal box and presses the button by its text, so the code under test runs its
own dialog path, not a stand-in.
"""

from __future__ import annotations

from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication


class BoxAnswer:
    """Press ``button`` on the next confirmation box; ``texts`` holds what the boxes said."""

    def __init__(self, button: str, tries: int = 400) -> None:
        self.button = button
        self.tries = tries
        self.texts: list[str] = []
        self.titles: list[str] = []
        self.buttons: list[list[str]] = []
        QTimer.singleShot(0, self._press)

    def _press(self) -> None:
        from eo_orders.ui.panels.base import CONFIRM_NAME

        box = QApplication.activeModalWidget()
        if box is None or box.objectName() != CONFIRM_NAME:
            self.tries -= 1
            if self.tries > 0:
                QTimer.singleShot(10, self._press)
            return
        self.texts.append(box.text())
        self.titles.append(box.windowTitle())
        self.buttons.append([b.text() for b in box.buttons()])
        for button in box.buttons():
            if button.text() == self.button:
                button.click()
                return
        box.reject()  # no such button: the test fails on what it reads, never hangs
