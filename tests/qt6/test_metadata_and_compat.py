# SPDX-License-Identifier: GPL-2.0-or-later
"""metadata.txt offers the plugin to QGIS 3.22 … 4.x; core/compat.py picks the form this QGIS wants."""

from __future__ import annotations

import configparser
from pathlib import Path

import pytest
from qgis.core import Qgis, QgsField
from qgis.PyQt.QtCore import QMetaType, QVariant

from eo_orders.core import compat

ROOT = Path(__file__).resolve().parents[2]


def test_metadata_covers_qgis_3_22_to_4():
    meta = configparser.ConfigParser(interpolation=None)
    meta.read(ROOT / "metadata.txt", encoding="utf-8")
    general = meta["general"]
    assert general["qgisMinimumVersion"] == "3.22"
    assert general["qgisMaximumVersion"] == "4.99"
    # deprecated and flagged by the plugin repository's validator
    assert "supportsqt6" not in {key.lower() for key in general}


@pytest.mark.parametrize(("kind", "variant", "metatype"), [
    ("string", QVariant.String, QMetaType.Type.QString),
    ("double", QVariant.Double, QMetaType.Type.Double),
    ("datetime", QVariant.DateTime, QMetaType.Type.QDateTime),
    ("int64", QVariant.LongLong, QMetaType.Type.LongLong),
])
def test_field_type_follows_the_qgis_version(kind, variant, metatype):
    assert compat.field_type(kind, version=32216) == variant
    assert compat.field_type(kind, version=33800) == metatype
    assert compat.field_type(kind, version=40000) == metatype
    field = QgsField("f", compat.field_type(kind))
    assert field.type() == variant  # QVariant.Type and QMetaType.Type share their numbers


def test_field_type_on_this_qgis():
    expected = QMetaType.Type.QString if Qgis.QGIS_VERSION_INT >= 33800 else QVariant.String
    assert compat.field_type("string") == expected
    with pytest.raises(ValueError, match="unknown field type"):
        compat.field_type("blob")


def test_qgis_enum_takes_the_first_spelling_this_qgis_has():
    value = compat.qgis_enum("Qgis.NoSuchEnum.Critical", "Qgis.MessageLevel.Critical", "Qgis.Critical")
    assert value == Qgis.MessageLevel.Critical
    with pytest.raises(AttributeError, match="has none of: Qgis.Nope.A, QgsNope.B"):
        compat.qgis_enum("Qgis.Nope.A", "QgsNope.B")
