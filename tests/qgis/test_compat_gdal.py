"""core.compat.gdal_open: the same answer whether GDAL's Python exceptions are off (QGIS 3.22) or on
(QGIS 3.40+, whose Processing GDAL provider turns them on for the whole process)."""

from __future__ import annotations

import pytest
from osgeo import gdal

from eo_orders.core.compat import gdal_open


@pytest.fixture(params=[False, True], ids=["exceptions-off", "exceptions-on"])
def gdal_mode(request):
    before = gdal.GetUseExceptions()
    if request.param:
        gdal.UseExceptions()
    else:
        gdal.DontUseExceptions()
    yield request.param
    if before:
        gdal.UseExceptions()
    else:
        gdal.DontUseExceptions()


def test_unreadable_files_give_none_and_readable_ones_a_dataset(gdal_mode, tmp_path):
    junk = tmp_path / "junk.geojson"
    junk.write_text("{not json", encoding="utf-8")
    assert gdal_open(str(junk)) is None
    assert gdal_open(str(junk), gdal.OF_VECTOR | gdal.OF_READONLY) is None
    assert gdal_open(str(tmp_path / "missing.tif")) is None

    tif = tmp_path / "one.tif"
    created = gdal.GetDriverByName("GTiff").Create(str(tif), 4, 3, 2, gdal.GDT_Byte)
    created.FlushCache()
    del created  # closes the file
    opened = gdal_open(str(tif))
    assert opened is not None and (opened.RasterXSize, opened.RasterYSize, opened.RasterCount) == (4, 3, 2)
    assert gdal.GetUseExceptions() == gdal_mode, "the caller's GDAL mode is left as it was"
