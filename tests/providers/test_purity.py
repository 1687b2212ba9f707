# SPDX-License-Identifier: GPL-2.0-or-later
"""providers/ must stay pure Python: importing every module in a plain interpreter that blocks Qt and
QGIS must work (the layer rule of the design)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_providers_import_without_qt_or_qgis():
    code = textwrap.dedent("""
        import importlib, importlib.abc, pkgutil, sys
        class Block(importlib.abc.MetaPathFinder):
            def find_spec(self, name, path, target=None):
                if name.split('.')[0] in ('qgis', 'PyQt5', 'sip', 'PyQt6'):
                    raise ImportError('providers/ imports ' + name)
        sys.meta_path.insert(0, Block())
        sys.path.insert(0, sys.argv[1])
        import providers
        names = [m.name for m in pkgutil.iter_modules(providers.__path__)]
        for n in names:
            importlib.import_module('providers.' + n)
        print(','.join(sorted(names)))
    """)
    out = subprocess.run([sys.executable, "-c", code, str(ROOT)], capture_output=True, text=True, check=True)
    assert "base" in out.stdout and "http" in out.stdout
