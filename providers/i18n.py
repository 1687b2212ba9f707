# SPDX-License-Identifier: GPL-2.0-or-later
"""One translation hook for the whole plugin that the pure provider layer can call without importing Qt.

Provider messages reach the user (``ProviderError`` texts, option titles), so they must be translatable,
yet ``providers/`` never imports Qt. Code here and in the rest of the plugin writes ``tr("Some text")``;
by default that returns the text unchanged, and the plugin, when QGIS loads it, plugs in Qt's translator
(``core/translation.py``), so the same call then returns the text in the user's QGIS language.

Strings must be literals inside the call (``tr("Order %s failed") % name``, not ``tr(message)``): Debian's
``pylupdate5`` (``make translations``) finds them by reading the source, and puts calls of a plain
``tr(...)`` in the ``@default`` context, which is the context :data:`CONTEXT` the hook looks them up in.
"""

from __future__ import annotations

from typing import Callable, Optional

#: the Qt translation context of plain ``tr()`` calls, as pylupdate5 files them
CONTEXT = "@default"

Translator = Callable[[str, str], str]

_translator: Optional[Translator] = None


def set_translator(fn: Optional[Translator]) -> None:
    """Install ``fn(context, text) -> translation`` (e.g. ``QCoreApplication.translate``); None: identity."""
    global _translator
    _translator = fn


def tr(text: str) -> str:
    """``text`` in the user's language when a translator is installed and knows it, else ``text`` itself."""
    if _translator is None:
        return text
    try:
        translated = _translator(CONTEXT, text)
    except Exception:  # a broken translator must never break an error message or a form
        return text
    return translated or text


def QT_TR_NOOP(text: str) -> str:  # noqa: N802 - the name pylupdate5 looks for
    """Marks a literal for extraction where it is defined (module constants); translate it where it is
    shown with ``tr(CONSTANT)``, once the translator is installed."""
    return text
