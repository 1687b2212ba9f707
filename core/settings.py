# SPDX-License-Identifier: GPL-2.0-or-later
"""Every setting of the plugin, declared once with its key, type and default (qfieldsync style).

Why one module: keys spelled in several places drift apart (a typo reads the default for ever), and a
reader should see in one screen what the plugin keeps in ``QgsSettings``. Secrets never live here: the
connection store keeps them in the system keyring or the QGIS authentication database.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from qgis.core import QgsSettings

#: the tag of the plugin's messages in the QGIS log panel
LOG_TAG = "EO Orders"
#: every key below starts with this
PREFIX = "eo_orders"

T = TypeVar("T", bool, int, str)


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One ``QgsSettings`` entry: ``value()`` always returns the declared type, the default when unset."""

    name: str
    default: T
    description: str = ""

    @property
    def key(self) -> str:
        return f"{PREFIX}/{self.name}"

    def value(self) -> T:
        return QgsSettings().value(self.key, self.default, type=type(self.default))

    def set_value(self, value: T) -> None:
        QgsSettings().setValue(self.key, value)

    def remove(self) -> None:
        QgsSettings().remove(self.key)


STREAM_RASTERS: Setting[bool] = Setting("stream_rasters", False,
                                        "Open result COGs over HTTP instead of downloading them (where offered)")
DOWNLOAD_DIR: Setting[str] = Setting("download_dir", "",
                                     "Folder for downloaded results; empty: ~/EO Orders downloads")
AUTO_DOWNLOAD: Setting[bool] = Setting("auto_download", False,
                                       "Download and load an order's results as soon as the monitor sees it complete")
MONITOR_INTERVAL_S: Setting[int] = Setting("monitor_interval_s", 60,
                                           "Seconds between two checks of the active orders of every connection")
MONITOR_MAX_BACKOFF_S: Setting[int] = Setting("monitor_max_backoff_s", 1800,
                                              "Longest wait between checks of a provider that cannot be reached")
#: the group under which saved connections live (one child group per connection id)
CONNECTIONS_GROUP = f"{PREFIX}/connections"

ALL: tuple[Setting[Any], ...] = (STREAM_RASTERS, DOWNLOAD_DIR, AUTO_DOWNLOAD, MONITOR_INTERVAL_S,
                                 MONITOR_MAX_BACKOFF_S)
