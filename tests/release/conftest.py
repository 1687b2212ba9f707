# SPDX-License-Identifier: GPL-2.0-or-later
"""Release tests: the ZIP a user installs, built once per session by scripts/package.py."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parents[2]


def load_script(name: str) -> ModuleType:
    """Import ``scripts/<name>.py`` (scripts/ is tooling, not a package)."""
    module_name = f"eo_orders_scripts_{name}"
    if module_name in sys.modules:
        return sys.modules[module_name]
    spec = importlib.util.spec_from_file_location(module_name, ROOT / "scripts" / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session")
def plugin_zip(tmp_path_factory) -> Path:
    """The plugin ZIP exactly as `make package` builds it (qgis-plugin-ci over the tracked files).

    ``EO_ORDERS_PLUGIN_ZIP`` names a ZIP built beforehand (e.g. on the host, for a QGIS lane's chroot).
    """
    given = os.environ.get("EO_ORDERS_PLUGIN_ZIP")
    if given:
        copy = tmp_path_factory.mktemp("package") / Path(given).name
        shutil.copy2(given, copy)
        return copy
    return load_script("package").package(tmp_path_factory.mktemp("package"))
