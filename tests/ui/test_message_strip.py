# SPDX-License-Identifier: GPL-2.0-or-later
"""The message strip on its own, as real widgets in offscreen QGIS: one fixed line whatever it holds, the
text elided with the whole of it in the tooltip and the details dialog, the × and "n more", timeouts."""

from __future__ import annotations

import html
import re

import pytest
from qgis.core import Qgis
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication, QVBoxLayout, QWidget

from eo_orders.demo.flow import wait_for

LONG = ("The provider refused the order: the area of interest has 12,408 vertices and CDSE On-Demand "
        "Processing accepts at most 1,000.\nSimplify the area (Vector › Geometry Tools › Simplify) or draw a "
        "smaller one, then submit the order again.")


@pytest.fixture()
def strip(qgis_app):
    """A strip in a 420 px wide host (the dock's width), shown (offscreen), as the dock holds it."""
    from eo_orders.ui.message_strip import MessageStrip

    host = QWidget()
    layout = QVBoxLayout(host)
    bar = MessageStrip(host)
    layout.addWidget(bar)
    host.resize(420, 80)
    host.show()
    _settle()
    yield bar
    if bar.details_dialog is not None:
        bar.details_dialog.close()
    host.close()
    host.deleteLater()


def _settle() -> None:
    for _ in range(5):
        QApplication.processEvents()


def _tooltip_text(tip: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", tip))


def test_blank_strip_is_a_quiet_line_of_the_same_height_as_a_full_one(strip):
    empty_height = strip.height()
    assert empty_height > strip.fontMetrics().height() and empty_height < 3 * strip.fontMetrics().height()
    assert strip.current() is None and strip.label.text() == "" and strip.styleSheet() == ""
    assert not any(b.isVisible() for b in (strip.close_button, strip.more_button))

    strip.pushMessage("EO Orders", LONG, Qgis.MessageLevel.Critical, 0)
    for n in range(4):
        strip.pushMessage("EO Orders", f"Order “card_bs {n}” submitted.", Qgis.MessageLevel.Success, 8)
    _settle()
    assert strip.height() == empty_height and strip.sizeHint().height() == empty_height
    assert strip.close_button.isVisible() and strip.more_button.isVisible()
    strip.clear()
    _settle()
    assert strip.height() == empty_height and strip.current() is None and strip.styleSheet() == ""


def test_long_text_is_elided_to_one_line_and_the_tooltip_holds_all_of_it(strip):
    strip.pushMessage("EO Orders", LONG, Qgis.MessageLevel.Warning, 0)
    _settle()
    shown = strip.label.text()
    assert strip.label.is_elided() and shown.endswith("…") and "\n" not in shown
    assert shown[:-1] in " ".join(LONG.split())
    assert strip.label.width() < strip.width()  # the long text does not widen the strip (or the dock)
    assert strip.minimumSizeHint().width() < 300
    assert _tooltip_text(strip.label.toolTip()).startswith(LONG + "Click the message")
    assert strip.current().level == Qgis.MessageLevel.Warning and strip.current().text == LONG


def test_a_click_on_the_text_shows_the_whole_error_selectable(strip):
    strip.pushMessage("EO Orders", LONG, Qgis.MessageLevel.Critical, 0)
    _settle()
    QTest.mouseClick(strip.label, Qt.MouseButton.LeftButton)
    _settle()
    dialog = strip.details_dialog
    assert dialog is not None and dialog.isVisible() and dialog.windowTitle() == "EO Orders"
    assert dialog.text.toPlainText() == LONG and dialog.text.isReadOnly()
    assert dialog.text.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    dialog.text.selectAll()
    assert dialog.text.textCursor().selectedText().replace("\u2029", "\n") == LONG
    dialog.close()
    _settle()
    assert strip.details_dialog is None
    QTest.keyClick(strip.label, Qt.Key.Key_Return)  # the keyboard's way to the same dialog
    _settle()
    assert strip.details_dialog is not None and strip.details_dialog.text.toPlainText() == LONG


def test_a_short_message_shows_whole_and_a_blank_strip_opens_nothing(strip):
    QTest.mouseClick(strip.label, Qt.MouseButton.LeftButton)
    assert strip.details_dialog is None
    strip.pushMessage("EO Orders", "Order “x” submitted.", Qgis.MessageLevel.Success, 8)
    _settle()
    assert not strip.label.is_elided() and strip.label.text() == "Order “x” submitted."
    assert strip.close_button.isVisible() and not strip.more_button.isVisible()


def test_close_shows_the_next_open_message_then_a_blank_line(strip):
    strip.pushMessage("EO Orders", "The start date is after the end.", Qgis.MessageLevel.Critical, 0)
    strip.pushMessage("EO Orders", "Quote for “x”: 12 credits", Qgis.MessageLevel.Success, 8)
    _settle()
    assert strip.current().text.startswith("Quote") and strip.more_button.text() == "1 more"
    QTest.mouseClick(strip.close_button, Qt.MouseButton.LeftButton)
    _settle()
    assert strip.current().text.startswith("The start date") and not strip.more_button.isVisible()
    assert strip.label.text() == "The start date is after the end."
    QTest.mouseClick(strip.close_button, Qt.MouseButton.LeftButton)
    _settle()
    assert strip.current() is None and strip.label.text() == "" and not strip.close_button.isVisible()


def test_shot_of_messages(strip, artifacts_dir):
    """For the eye: an error with more behind it, at the dock's width."""
    strip.pushMessage("EO Orders", "Login refused for “CDSE”.", Qgis.MessageLevel.Critical, 0)
    strip.pushMessage("EO Orders", LONG, Qgis.MessageLevel.Critical, 0)
    _settle()
    strip.window().grab().save(str(artifacts_dir / "message-strip-error.png"))
    strip.pushMessage("EO Orders", "Order “card_bs 1” submitted.", Qgis.MessageLevel.Success, 8)
    _settle()
    strip.window().grab().save(str(artifacts_dir / "message-strip-success.png"))
    assert strip.more_button.text() == "2 more" and not strip.label.is_elided()


def test_n_more_lists_the_earlier_messages_and_brings_one_back(strip):
    texts = ["Login refused for “CDSE”.", "The area crosses the antimeridian.", "Order “b” submitted."]
    levels = [Qgis.MessageLevel.Critical, Qgis.MessageLevel.Warning, Qgis.MessageLevel.Success]
    for text, level in zip(texts, levels):
        strip.pushMessage("EO Orders", text, level, 0)
    _settle()
    assert strip.label.text() == texts[2] and strip.more_button.text() == "2 more"
    QTest.mouseClick(strip.more_button, Qt.MouseButton.LeftButton)
    menu = strip.more_menu
    assert menu.isVisible()
    entries = [a for a in menu.actions() if not a.isSeparator()]
    assert [a.text() for a in entries[:2]] == [texts[1], texts[0]]  # newest first
    assert [a.toolTip() for a in entries[:2]] == [texts[1], texts[0]]
    assert entries[-1].text() == "Close all messages"
    entries[1].trigger()
    _settle()
    assert strip.current().text == texts[0] and strip.current().level == Qgis.MessageLevel.Critical
    assert strip.label.text() == texts[0] and strip.more_button.text() == "2 more"
    strip.more_button.click()
    next(a for a in menu.actions() if a.text() == "Close all messages").trigger()
    _settle()
    assert strip.current() is None and strip.messages == []


def test_success_clears_itself_and_an_error_stays(strip):
    strip.pushMessage("EO Orders", "The service failed (HTTP 503).", Qgis.MessageLevel.Critical, 0)
    strip.pushMessage("EO Orders", "Order “x” submitted.", Qgis.MessageLevel.Success, 1)
    assert strip.current().text == "Order “x” submitted."
    wait_for(lambda: strip.current().text != "Order “x” submitted.", 20, "the success to clear itself")
    assert strip.current().text == "The service failed (HTTP 503)."  # back in front, no timer of its own
    assert strip.current().timer is None and len(strip.messages) == 1


def test_a_flood_of_messages_stays_bounded(strip):
    from eo_orders.ui.message_strip import MAX_OPEN

    for n in range(MAX_OPEN + 15):
        strip.pushMessage("EO Orders", f"error {n}", Qgis.MessageLevel.Critical, 0)
    assert len(strip.messages) == MAX_OPEN and strip.current().text == f"error {MAX_OPEN + 14}"
    assert strip.more_button.text() == f"{MAX_OPEN - 1} more"


def test_the_same_message_twice_is_one(strip):
    strip.pushMessage("EO Orders", "Login refused for “CDSE”.", Qgis.MessageLevel.Critical, 0)
    strip.pushMessage("EO Orders", "Order “b” submitted.", Qgis.MessageLevel.Success, 8)
    strip.pushMessage("EO Orders", "Login refused for “CDSE”.", Qgis.MessageLevel.Critical, 0)
    assert [m.text for m in strip.messages] == ["Order “b” submitted.", "Login refused for “CDSE”."]
    assert strip.more_button.text() == "1 more"
    strip.pushMessage("EO Orders", "Login refused for “CDSE”.", Qgis.MessageLevel.Warning, 0)  # another level
    assert len(strip.messages) == 3


def test_a_larger_font_gives_a_taller_line_still_fixed(strip):
    small, close_width = strip.height(), strip.close_button.width()
    font = strip.font()
    font.setPointSizeF(font.pointSizeF() * 2)
    strip.setFont(font)
    _settle()
    large = strip.height()
    assert large > small and strip.close_button.width() > close_width
    strip.pushMessage("EO Orders", LONG, Qgis.MessageLevel.Critical, 0)
    _settle()
    assert strip.height() == large
