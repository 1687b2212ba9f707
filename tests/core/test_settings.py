# SPDX-License-Identifier: GPL-2.0-or-later
"""Every setting is declared once (core/settings.py) with its default, and read back in its own type."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_settings_read_their_declared_type_and_default(qgis_app):
    from eo_orders.core.settings import ALL, MONITOR_INTERVAL_S, PREFIX, STREAM_RASTERS

    for setting in ALL:
        setting.remove()
        assert setting.value() == setting.default and type(setting.value()) is type(setting.default)
        assert setting.key.startswith(PREFIX + "/") and setting.description
    assert len({s.key for s in ALL}) == len(ALL)
    try:
        STREAM_RASTERS.set_value(True)
        MONITOR_INTERVAL_S.set_value(15)
        assert STREAM_RASTERS.value() is True and MONITOR_INTERVAL_S.value() == 15
    finally:
        STREAM_RASTERS.remove()
        MONITOR_INTERVAL_S.remove()


def test_no_module_spells_a_settings_key_of_its_own():
    """``QgsSettings`` is used only by core/settings.py and the connection store (one group per
    connection, under ``CONNECTIONS_GROUP``); no other module writes an ``eo_orders/…`` key."""
    users = []
    for path in sorted(ROOT.glob("*.py")) + sorted(p for d in ("core", "ui", "providers")
                                                   for p in (ROOT / d).rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if "QgsSettings" in text or re.search(r"setValue\(\s*[\"']eo_orders/", text):
            users.append(path.relative_to(ROOT).as_posix())
    assert users == ["core/connections.py", "core/settings.py"]


def test_log_tag_is_declared_once():
    hits = [p.relative_to(ROOT).as_posix() for d in ("core", "ui", "providers") for p in (ROOT / d).rglob("*.py")
            if re.search(r"^LOG_TAG\s*=", p.read_text(encoding="utf-8"), re.M)]
    assert hits == ["core/settings.py"]
