# SPDX-License-Identifier: GPL-2.0-or-later
"""Waiting for the order service's request/reply methods from a test, with the Qt event loop running.

The service answers through ``on_done`` / ``on_error`` callbacks from QGIS tasks; a test wants a plain
return value or the raised error. The core tests and the end-to-end tests drive the same service, so
they share this one waiter.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def call(method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run one of the service's request/reply methods and wait (the event loop running) for its reply."""
    from eo_orders.demo.flow import wait_for

    box: dict[str, Any] = {}
    method(*args, on_done=lambda r: box.setdefault("result", r), on_error=lambda e: box.setdefault("error", e),
           **kwargs)
    wait_for(lambda: bool(box), 60, method.__name__)
    if "error" in box:
        raise box["error"]
    return box["result"]
