# SPDX-License-Identifier: GPL-2.0-or-later
"""Measuring tools for the benchmark: RSS sampling, a UI-thread heartbeat, the machine description.

Why sampling /proc/self/status: ``ru_maxrss`` only ever grows, so it cannot show the growth *during*
one download after QGIS start-up and earlier cases. We reset the kernel's high-water mark
(``clear_refs`` 5) and also sample VmRSS in a thread, and report the larger of the two peaks.
"""

from __future__ import annotations

import os
import platform
import subprocess
import threading
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

MiB = 1 << 20


def _status_kib(key: str) -> int:
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def rss_bytes() -> int:
    return _status_kib("VmRSS") * 1024


class RssSampler:
    """Peak RSS growth over a ``with`` block: VmHWM reset at entry plus VmRSS sampled every 5 ms."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.baseline = 0
        self.peak = 0
        self.hwm_reset = False
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="rss-sampler", daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, rss_bytes())
            self._stop.wait(self.interval)

    def __enter__(self) -> RssSampler:
        try:
            with open("/proc/self/clear_refs", "w", encoding="ascii") as fh:
                fh.write("5")  # reset VmHWM to the current RSS (Linux >= 4.0)
            self.hwm_reset = True
        except OSError:
            self.hwm_reset = False
        self.baseline = rss_bytes()
        self.peak = self.baseline
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join()
        if self.hwm_reset:
            self.peak = max(self.peak, _status_kib("VmHWM") * 1024)

    @property
    def growth(self) -> int:
        return self.peak - self.baseline


@dataclass
class Heartbeat:
    """A 10 ms ``QTimer`` on the main thread; the largest gap between ticks is the UI's worst stall."""

    interval_ms: int = 10
    gaps: list[float] = field(default_factory=list)
    _last: float = 0.0
    _timer: Any = None

    def start(self) -> None:
        from qgis.PyQt.QtCore import Qt, QTimer

        self._timer = QTimer()
        self._timer.setTimerType(Qt.PreciseTimer)
        self._timer.setInterval(self.interval_ms)
        self._timer.timeout.connect(self._tick)
        self._last = time.perf_counter()
        self._timer.start()

    def _tick(self) -> None:
        now = time.perf_counter()
        self.gaps.append(now - self._last)
        self._last = now

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    @property
    def max_gap_ms(self) -> float:
        return 1000 * max(self.gaps) if self.gaps else float("nan")

    def percentile_ms(self, q: float) -> float:
        if not self.gaps:
            return float("nan")
        ordered = sorted(self.gaps)
        return 1000 * ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def machine() -> dict[str, str]:
    """CPU, cores, RAM, load and the versions that matter for the figures."""
    info: dict[str, str] = {"date": datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")}
    cpu = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as fh:
            cpu = next((line.split(":", 1)[1].strip() for line in fh if line.startswith("model name")), "")
    except OSError:
        pass
    info["cpu"] = cpu or platform.processor() or platform.machine()
    info["cores"] = str(os.cpu_count())
    try:
        info["ram"] = f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / (1 << 30):.1f} GiB"
    except (ValueError, OSError):
        info["ram"] = "?"
    info["load (1/5/15 min) at start"] = " / ".join(f"{x:.2f}" for x in os.getloadavg())
    info["os"] = platform.platform()
    info["python"] = platform.python_version()
    try:
        from qgis.core import Qgis

        info["qgis"] = Qgis.QGIS_VERSION
    except ImportError:
        info["qgis"] = "?"
    try:
        from osgeo import gdal

        info["gdal"] = gdal.__version__
    except ImportError:
        info["gdal"] = "?"
    import requests
    import urllib3

    info["requests / urllib3"] = f"{requests.__version__} / {urllib3.__version__}"
    try:
        out = subprocess.run(["curl", "--version"], capture_output=True, text=True, timeout=10).stdout
        info["curl"] = out.split("\n", 1)[0].split(" (")[0]
    except (OSError, subprocess.SubprocessError):
        info["curl"] = "not installed"
    return info
