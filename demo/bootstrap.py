# SPDX-License-Identifier: GPL-2.0-or-later
"""Make the repository importable as the package ``eo_orders``, as QGIS imports an installed plugin."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def ensure_package() -> None:
    parent = ROOT / ".pytest_pkg"
    link = parent / "eo_orders"
    if not link.exists():
        parent.mkdir(exist_ok=True)
        link.symlink_to(ROOT, target_is_directory=True)
    for p in (str(parent), str(ROOT)):
        if p not in sys.path:
            sys.path.insert(0, p)
