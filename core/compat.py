# SPDX-License-Identifier: GPL-2.0-or-later
"""What differs between QGIS 3.22 … 4.x (Qt5 and Qt6), in one place, so the rest of the code has one form.

Most of the plugin needs no shim: scoped enums (``Qt.AlignmentFlag.AlignLeft``, ``Qgis.MessageLevel.Info``)
and ``exec()`` work on PyQt5 5.15 and PyQt6 alike (``scripts/qt6_check.py`` keeps it that way). What cannot
be written once lives here:

- Field types: ``QgsField`` takes a ``QMetaType.Type`` from QGIS 3.38 on (the ``QVariant.Type`` constructor is
  deprecated there) and PyQt6 has no ``QVariant.String`` at all, while QGIS < 3.38 accepts only the
  ``QVariant`` form, whatever the Qt version (3.34 built on Qt6 included).
- QGIS enums that moved after 3.22 without a backward-compatible alias: :func:`qgis_enum` takes the candidate
  spellings, newest first, and returns the first this QGIS has.
"""

from __future__ import annotations

from typing import Any

from qgis.core import Qgis
from qgis.PyQt.QtCore import QMetaType, QVariant

# QGIS version from which QgsField (and QgsFields, QgsVectorLayer providers) take QMetaType.Type.
QMETATYPE_FIELDS_SINCE = 33800

# kind → (QMetaType.Type member, QVariant.Type member)
_FIELD_TYPES = {
    "string": ("QString", "String"),
    "int": ("Int", "Int"),
    "int64": ("LongLong", "LongLong"),
    "double": ("Double", "Double"),
    "bool": ("Bool", "Bool"),
    "date": ("QDate", "Date"),
    "datetime": ("QDateTime", "DateTime"),
}


def qgis_version_int() -> int:
    """``Qgis.QGIS_VERSION_INT`` (e.g. 32216 for 3.22.16, 40000 for 4.0)."""
    return int(Qgis.QGIS_VERSION_INT)


def field_type(kind: str, version: int | None = None) -> Any:
    """The type to give ``QgsField`` for ``kind`` (one of ``_FIELD_TYPES``) on this QGIS.

    ``version`` is for tests: the form chosen for another QGIS version (only the ``QMetaType`` form can be
    chosen under PyQt6, which has no ``QVariant.Type`` members).
    """
    try:
        metatype, variant = _FIELD_TYPES[kind]
    except KeyError:
        raise ValueError(f"unknown field type {kind!r}; known: {', '.join(_FIELD_TYPES)}") from None
    if (qgis_version_int() if version is None else version) >= QMETATYPE_FIELDS_SINCE:
        return getattr(QMetaType.Type, metatype)
    return getattr(QVariant, variant)


def qgis_enum(*spellings: str) -> Any:
    """The first of ``spellings`` (dotted paths in ``qgis.core``, newest first) that this QGIS has.

    Example: ``qgis_enum("Qgis.RasterRangeExtent.WholeRaster", "QgsRasterMinMaxOrigin.Extent.WholeRaster")``.
    Raises ``AttributeError`` naming every spelling tried, so a QGIS that has none fails loudly.
    """
    import qgis.core

    for spelling in spellings:
        value: Any = qgis.core
        try:
            for part in spelling.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    raise AttributeError(f"QGIS {Qgis.QGIS_VERSION} has none of: {', '.join(spellings)}")


def gdal_open(path: str, flags: int | None = None) -> Any:
    """``gdal.Open`` / ``gdal.OpenEx(path, flags)``, or None when GDAL cannot open ``path``, in either GDAL mode.

    Why: QGIS 3.40+ turns GDAL's Python exceptions on process-wide (its Processing GDAL provider calls
    ``gdal.UseExceptions()``), and then an unreadable file raises ``RuntimeError`` instead of returning None;
    on QGIS 3.22 it returns None. GDAL's own error text still goes to the quiet handler, not stderr.
    """
    from osgeo import gdal

    gdal.PushErrorHandler("CPLQuietErrorHandler")
    try:
        return gdal.Open(path) if flags is None else gdal.OpenEx(path, flags)
    except RuntimeError:
        return None
    finally:
        gdal.PopErrorHandler()
