# SPDX-License-Identifier: GPL-2.0-or-later
"""core.compat.gdal_open: the same answer whether GDAL's Python exceptions are off (QGIS 3.22) or on
(QGIS 3.40+, whose Processing GDAL provider turns them on for the whole process).

Each mode runs in a fresh interpreter: once exceptions are on, GDAL 3.6 refuses to turn them off again.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent("""
    import sys
    sys.path.insert(0, sys.argv[1])
    from demo.bootstrap import ensure_package
    ensure_package()
    from osgeo import gdal
    if sys.argv[3] == "on":
        gdal.UseExceptions()
    else:
        gdal.DontUseExceptions()
    from eo_orders.core.compat import gdal_open

    tmp = sys.argv[2]
    with open(tmp + "/junk.geojson", "w") as fh:
        fh.write("{not json")
    assert gdal_open(tmp + "/junk.geojson") is None
    assert gdal_open(tmp + "/junk.geojson", gdal.OF_VECTOR | gdal.OF_READONLY) is None
    assert gdal_open(tmp + "/missing.tif") is None
    created = gdal.GetDriverByName("GTiff").Create(tmp + "/one.tif", 4, 3, 2, gdal.GDT_Byte)
    created.FlushCache()
    del created
    opened = gdal_open(tmp + "/one.tif")
    assert opened is not None and (opened.RasterXSize, opened.RasterYSize, opened.RasterCount) == (4, 3, 2)
    assert bool(gdal.GetUseExceptions()) == (sys.argv[3] == "on"), "the caller's GDAL mode is left as it was"
    print("gdal_open ok", sys.argv[3])
""")


@pytest.mark.parametrize("mode", ["off", "on"])
def test_unreadable_files_give_none_and_readable_ones_a_dataset(mode, tmp_path):
    proc = subprocess.run([sys.executable, "-c", SCRIPT, str(ROOT), str(tmp_path), mode], capture_output=True,
                          text=True, timeout=120, env=dict(os.environ, QT_QPA_PLATFORM="offscreen"))
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip().endswith(f"gdal_open ok {mode}")
