# SPDX-License-Identifier: GPL-2.0-or-later
"""Help: open the user guide (costs, sign-up and quotas per provider) where users look for it.

Used by *Web › EO Orders › Help* (``plugin.py``) and by the dock's Help button. The guide lives with the
project's sources (``docs/guide.md``, rendered with its screenshots by the repository's web page), so the
plugin ZIP stays small and the guide can be corrected without a new release; its address is built from
the ``homepage`` in ``metadata.txt`` so that one place names the project's home.
"""

from __future__ import annotations

import configparser
from pathlib import Path

from qgis.PyQt.QtCore import QUrl
from qgis.PyQt.QtGui import QDesktopServices, QIcon
from qgis.PyQt.QtWidgets import QAction, QWidget

from ..providers.i18n import tr

PLUGIN_DIR = Path(__file__).resolve().parents[1]
GUIDE_PATH = "blob/main/docs/guide.md"


def homepage(plugin_dir: Path = PLUGIN_DIR) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(plugin_dir / "metadata.txt", encoding="utf-8")
    return parser.get("general", "homepage", fallback="").strip().rstrip("/")


def guide_url() -> QUrl:
    """The user guide's address: ``<homepage>/blob/main/docs/guide.md``."""
    return QUrl(f"{homepage()}/{GUIDE_PATH}")


def open_guide() -> bool:
    """Open the guide in the user's browser; False when the desktop has no handler for it."""
    return QDesktopServices.openUrl(guide_url())


def help_action(parent: QWidget) -> QAction:
    """The *Help* menu entry; triggering it opens the guide."""
    action = QAction(QIcon.fromTheme("help-contents"), tr("Help"), parent)
    action.setObjectName("eoOrdersHelp")
    action.setToolTip(tr("Open the EO Orders user guide: costs, accounts and quotas of each provider"))
    action.triggered.connect(open_guide)
    return action
