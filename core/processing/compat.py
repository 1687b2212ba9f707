# SPDX-License-Identifier: GPL-2.0-or-later
"""The Processing enums the algorithms use, looked up once through ``core.compat`` (3.22 … 4.x).

Why: 3.36 moved the Processing enums to ``Qgis`` (``Qgis.ProcessingSourceType``...), 3.30 moved
``QgsWkbTypes.Type`` to ``Qgis.WkbType``; QGIS 4 drops the old spellings. The algorithms import the names
from here; ``core.compat`` chooses the spelling this QGIS has and the ``QgsField`` type form.
"""

from __future__ import annotations

from qgis.core import QgsField

from ..compat import field_type, qgis_enum

SOURCE_POLYGON = qgis_enum("Qgis.ProcessingSourceType.VectorPolygon", "QgsProcessing.TypeVectorPolygon")
SOURCE_VECTOR = qgis_enum("Qgis.ProcessingSourceType.Vector", "QgsProcessing.TypeVector")
NUMBER_DOUBLE = qgis_enum("Qgis.ProcessingNumberParameterType.Double", "QgsProcessingParameterNumber.Double")
NUMBER_INTEGER = qgis_enum("Qgis.ProcessingNumberParameterType.Integer", "QgsProcessingParameterNumber.Integer")
DATETIME = qgis_enum("Qgis.ProcessingDateTimeParameterDataType.DateTime", "QgsProcessingParameterDateTime.DateTime")
FLAG_ADVANCED = qgis_enum("Qgis.ProcessingParameterFlag.Advanced", "QgsProcessingParameterDefinition.FlagAdvanced")
FILE_FOLDER = qgis_enum("Qgis.ProcessingFileParameterBehavior.Folder", "QgsProcessingParameterFile.Folder")
WKB_NO_GEOMETRY = qgis_enum("Qgis.WkbType.NoGeometry", "QgsWkbTypes.NoGeometry")
WKB_MULTIPOLYGON = qgis_enum("Qgis.WkbType.MultiPolygon", "QgsWkbTypes.MultiPolygon")
FAST_INSERT = qgis_enum("QgsFeatureSink.Flag.FastInsert", "QgsFeatureSink.FastInsert")

#: the algorithms' short field kinds → ``core.compat`` kinds
_KINDS = {"str": "string", "int": "int", "int64": "int64", "float": "double", "bool": "bool", "datetime": "datetime"}


def make_field(name: str, kind: str = "str") -> QgsField:
    """A ``QgsField`` of ``kind`` ("str", "int", "int64", "float", "bool", "datetime") on this QGIS."""
    return QgsField(name, field_type(_KINDS[kind]))
