"""Processing and field enums that moved between QGIS 3.22 and 4.x, looked up once.

Why: 3.36 moved the Processing enums to ``Qgis`` (``Qgis.ProcessingSourceType``...), 3.30 moved
``QgsWkbTypes.Type`` to ``Qgis.WkbType`` and 3.38 made ``QgsField`` take ``QMetaType``; QGIS 4 drops the
old spellings. The algorithms import the names from here and work on every release.
"""

from __future__ import annotations

from typing import Any

from qgis.core import (
    Qgis,
    QgsFeatureSink,
    QgsField,
    QgsProcessing,
    QgsProcessingAlgorithm,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterFile,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)


def _first(*candidates: tuple[Any, str]) -> Any:
    """The first attribute path that exists: ``(owner, "Enum.Member")``."""
    for owner, path in candidates:
        value = owner
        try:
            for part in path.split("."):
                value = getattr(value, part)
        except AttributeError:
            continue
        return value
    raise AttributeError(f"none of {[p for _, p in candidates]} exists in this QGIS")


SOURCE_POLYGON = _first((Qgis, "ProcessingSourceType.VectorPolygon"), (QgsProcessing, "TypeVectorPolygon"))
SOURCE_ANY_GEOMETRY = _first((Qgis, "ProcessingSourceType.VectorAnyGeometry"),
                             (QgsProcessing, "TypeVectorAnyGeometry"))
SOURCE_VECTOR = _first((Qgis, "ProcessingSourceType.Vector"), (QgsProcessing, "TypeVector"))
NUMBER_DOUBLE = _first((Qgis, "ProcessingNumberParameterType.Double"), (QgsProcessingParameterNumber, "Double"))
NUMBER_INTEGER = _first((Qgis, "ProcessingNumberParameterType.Integer"), (QgsProcessingParameterNumber, "Integer"))
DATETIME = _first((Qgis, "ProcessingDateTimeParameterDataType.DateTime"), (QgsProcessingParameterDateTime, "DateTime"))
FLAG_ADVANCED = _first((Qgis, "ProcessingParameterFlag.Advanced"), (QgsProcessingParameterDefinition, "FlagAdvanced"))
FLAG_NO_THREADING = _first((Qgis, "ProcessingAlgorithmFlag.NoThreading"), (QgsProcessingAlgorithm, "FlagNoThreading"))
WKB_NO_GEOMETRY = _first((Qgis, "WkbType.NoGeometry"), (QgsWkbTypes, "NoGeometry"))
WKB_MULTIPOLYGON = _first((Qgis, "WkbType.MultiPolygon"), (QgsWkbTypes, "MultiPolygon"))
FILE_FOLDER = _first((Qgis, "ProcessingFileParameterBehavior.Folder"), (QgsProcessingParameterFile, "Folder"))
FAST_INSERT = _first((QgsFeatureSink, "Flag.FastInsert"), (QgsFeatureSink, "FastInsert"))


def _field_types() -> dict[str, Any]:
    if Qgis.versionInt() >= 33800:  # QgsField(name, QMetaType.Type)
        from qgis.PyQt.QtCore import QMetaType

        t = QMetaType.Type
        return {"str": t.QString, "int": t.Int, "float": t.Double, "bool": t.Bool, "datetime": t.QDateTime,
                "int64": t.LongLong}
    from qgis.PyQt.QtCore import QVariant

    return {"str": QVariant.String, "int": QVariant.Int, "float": QVariant.Double, "bool": QVariant.Bool,
            "datetime": QVariant.DateTime, "int64": QVariant.LongLong}


_TYPES = _field_types()


def make_field(name: str, kind: str = "str") -> QgsField:
    """A ``QgsField`` of ``kind`` ("str", "int", "int64", "float", "bool", "datetime")."""
    return QgsField(name, _TYPES[kind])
