# SPDX-License-Identifier: GPL-2.0-or-later
"""The translation hook, the .qm loading for the QGIS locale, and Web › EO Orders › Help."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QObject, QUrl, pyqtSlot
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QMainWindow

from .conftest import ROOT


@pytest.fixture()
def german_qm(tmp_path):
    """i18n/eo_orders_de.ts compiled with Debian's lrelease, as make package does."""
    qm = tmp_path / "eo_orders_de.qm"
    subprocess.run([shutil.which("lrelease") or "lrelease", "-silent", str(ROOT / "i18n" / "eo_orders_de.ts"),
                    "-qm", str(qm)], check=True)
    return tmp_path


def test_hook_is_identity_until_a_translator_is_set():
    from eo_orders.providers import i18n

    assert i18n.tr("Order failed") == "Order failed"
    seen = []
    i18n.set_translator(lambda ctx, text: seen.append(ctx) or text.upper())
    try:
        assert i18n.tr("Order failed") == "ORDER FAILED"
        assert seen == [i18n.CONTEXT]
        i18n.set_translator(lambda ctx, text: 1 / 0)
        assert i18n.tr("Order failed") == "Order failed"  # a broken translator never breaks a message
        i18n.set_translator(lambda ctx, text: "")
        assert i18n.tr("Order failed") == "Order failed"
    finally:
        i18n.set_translator(None)
    assert i18n.tr("Order failed") == "Order failed"


def test_german_qm_translates_hook_and_designer_strings(qgis_app, german_qm):
    from eo_orders.core import translation
    from eo_orders.providers import i18n

    assert translation.qm_file("de_DE", german_qm) == german_qm / "eo_orders_de.qm"
    assert translation.qm_file("fr_FR", german_qm) is None
    translator = translation.install("de_DE", german_qm)
    try:
        assert translator is not None
        assert i18n.tr("Help") == "Hilfe"
        assert QCoreApplication.translate("EoOrdersDockBase", "Orders") == "Aufträge"
        assert i18n.tr("A text nobody translated") == "A text nobody translated"
    finally:
        translation.remove(translator)
    assert i18n.tr("Help") == "Help"
    assert QCoreApplication.translate("EoOrdersDockBase", "Orders") == "Orders"


def test_locale_follows_the_qgis_setting(qgis_app):
    from eo_orders.core import translation

    settings = QgsSettings()
    before = {k: settings.value(k) for k in ("locale/userLocale", "locale/overrideFlag")}
    try:
        settings.setValue("locale/userLocale", "de_DE")
        settings.setValue("locale/overrideFlag", True)
        assert translation.user_locale() == "de_DE" == QgsApplication.locale()
    finally:
        for key, value in before.items():
            settings.remove(key) if value is None else settings.setValue(key, value)


def test_german_source_translates_every_hook_string():
    """The German .ts translates every string the plugin passes through the tr() hook."""
    text = (ROOT / "i18n" / "eo_orders_de.ts").read_text(encoding="utf-8")
    assert text.startswith('<?xml version="1.0" encoding="utf-8"?>') and "<TS version=" in text
    default = text.split("<name>@default</name>")[1].split("</context>")[0]
    assert 'type="unfinished"' not in default


class UrlCatcher(QObject):
    """A real URL handler registered with QDesktopServices, as a browser would be."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[QUrl] = []

    @pyqtSlot(QUrl)
    def open(self, url: QUrl) -> None:
        self.urls.append(url)


def test_help_menu_opens_the_guide(qgis_app, qgis_canvas, memory_keyring, tmp_path):
    from eo_orders import classFactory
    from eo_orders.demo.iface import HeadlessIface
    from eo_orders.ui import help as plugin_help

    window = QMainWindow()
    iface = HeadlessIface(qgis_canvas, window)
    catcher = UrlCatcher()
    QDesktopServices.setUrlHandler("https", catcher, "open")
    plugin = classFactory(iface)
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    try:
        plugin.initGui()
        menu = iface.web_menus["&EO Orders"]
        help_action = next(a for a in menu.actions() if a.objectName() == "eoOrdersHelp")
        assert help_action.text() == "Help"
        help_action.trigger()
        assert [u.toString() for u in catcher.urls] == [plugin_help.guide_url().toString()]
        assert catcher.urls[0].toString() == "https://github.com/eo-orders/eo-orders/blob/main/docs/guide.md"
        assert (ROOT / "docs" / "guide.md").is_file()
        plugin.unload()
        assert "&EO Orders" not in iface.web_menus and plugin.help_action is None
    finally:
        QDesktopServices.unsetUrlHandler("https")
        window.deleteLater()
