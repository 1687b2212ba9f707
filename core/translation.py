# SPDX-License-Identifier: GPL-2.0-or-later
"""Load the plugin's compiled translation for the QGIS user interface language and wire the ``tr()`` hook.

QGIS keeps the interface language in the ``locale/userLocale`` setting (``de_DE``, ``fr``, …) when
``locale/overrideFlag`` is set, else it follows the system; ``QgsApplication.locale()`` says which. The
plugin ships ``i18n/eo_orders_<locale>.qm`` files compiled by ``make package`` (sources: ``make translations``);
the full locale is tried first, then the language alone.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from qgis.core import QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QTranslator

from ..providers import i18n

I18N_DIR = Path(__file__).resolve().parents[1] / "i18n"


def user_locale() -> str:
    """The language QGIS translates its interface to, e.g. ``de`` or ``de_DE``.

    ``QgsApplication.translation()`` (QGIS ≥ 3.22) is what QGIS itself loaded, including ``qgis --lang``;
    ``QgsApplication.locale()`` (``locale/userLocale`` when overridden, else the system's) is the fallback.
    """
    app = QgsApplication.instance()
    code = app.translation() if app is not None and hasattr(app, "translation") else ""
    return code or QgsApplication.locale() or ""


def qm_file(locale: str, folder: Path = I18N_DIR) -> Optional[Path]:
    """The compiled translation for ``locale`` (``de_DE`` → ``eo_orders_de_DE.qm`` or ``eo_orders_de.qm``)."""
    for name in (locale, locale.split("_")[0]):
        path = folder / f"eo_orders_{name}.qm"
        if name and path.is_file():
            return path
    return None


def install(locale: Optional[str] = None, folder: Path = I18N_DIR) -> Optional[QTranslator]:
    """Install the translator for ``locale`` (default: QGIS's) and the ``tr()`` hook; returns it for removal."""
    path = qm_file(locale or user_locale(), folder)
    i18n.set_translator(QCoreApplication.translate)
    if path is None:
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def remove(translator: Optional[QTranslator]) -> None:
    """Undo :func:`install` (plugin unload)."""
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
    i18n.set_translator(None)
