# SPDX-License-Identifier: GPL-2.0-or-later
"""Search input products: catalogue products over an area and a time range, as a footprint layer."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import Any

from qgis.core import (
    QgsFeature,
    QgsGeometry,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDateTime,
    QgsProcessingParameterExtent,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)
from qgis.PyQt.QtCore import QDateTime

from ...providers.base import Capability, InputQuery
from ...providers.i18n import QT_TR_NOOP, tr
from ..aoi import Aoi, aoi_from_extent, aoi_from_geometry, geojson_to_geometry, wgs84
from .base import OUTPUT, EoOrdersAlgorithm
from .compat import DATETIME, FAST_INSERT, NUMBER_DOUBLE, NUMBER_INTEGER, SOURCE_POLYGON, WKB_MULTIPOLYGON

FIELDS = (("connection_id", "str"), ("product_id", "str"), ("name", "str"), ("collection", "str"),
          ("product_type", "str"), ("sensing_start", "datetime"), ("sensing_end", "datetime"), ("size", "int64"),
          ("online", "bool"), ("cloud_cover", "float"))
DEFAULT_DAYS = 30


def to_datetime(value: QDateTime | None) -> datetime | None:
    """A QDateTime as an aware UTC ``datetime`` (None when unset)."""
    if value is None or not value.isValid():
        return None
    return datetime.fromtimestamp(value.toMSecsSinceEpoch() / 1000.0, timezone.utc)


def to_qdatetime(value: datetime | None) -> QDateTime:
    if value is None:
        return QDateTime()
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return QDateTime.fromMSecsSinceEpoch(int(value.timestamp() * 1000))


def area_of_interest(alg: EoOrdersAlgorithm, parameters: dict[str, Any], context: QgsProcessingContext) -> Aoi:
    """The AOI from the layer parameter (features merged; "selected features only" honoured), else the extent."""
    source = alg.parameterAsSource(parameters, "AOI", context)
    if source is not None:
        parts = [f.geometry() for f in source.getFeatures() if f.hasGeometry()]
        if not parts:
            raise QgsProcessingException(tr("The area of interest layer has no feature with a geometry."))
        return aoi_from_geometry(QgsGeometry.unaryUnion(parts), source.sourceCrs(), tr("Area of interest layer"))
    extent = alg.parameterAsExtent(parameters, "EXTENT", context)
    if extent is None or extent.isNull() or extent.isEmpty():
        raise QgsProcessingException(tr("Give an area of interest: an extent or a polygon layer."))
    return aoi_from_extent(extent, alg.parameterAsExtentCrs(parameters, "EXTENT", context))


def time_range(alg: EoOrdersAlgorithm, parameters: dict[str, Any],
               context: QgsProcessingContext) -> tuple[datetime, datetime]:
    end = to_datetime(alg.parameterAsDateTime(parameters, "END", context)) if parameters.get("END") else None
    start = to_datetime(alg.parameterAsDateTime(parameters, "START", context)) if parameters.get("START") else None
    end = end or datetime.now(timezone.utc).replace(microsecond=0)
    start = start or end - timedelta(days=DEFAULT_DAYS)
    if start >= end:
        raise QgsProcessingException(tr("The start of the time range must come before its end."))
    return start, end


class SearchInputsAlgorithm(EoOrdersAlgorithm):
    NAME = "searchinputs"
    DISPLAY_NAME = QT_TR_NOOP("Search input products")
    HELP = QT_TR_NOOP(
        "Searches the connection's catalogue for input products over an area of interest and a time range, "
        "and writes their footprints (EPSG:4326) with their attributes.\n\n"
        "<b>Area of interest</b>: a polygon layer (its features are merged; tick <i>Selected features only</i> "
        "to use a selection) or, when no layer is given, an extent (type it, take it from a layer or the "
        "canvas, or draw it). <b>Start</b>/<b>End</b> default to the last 30 days. Collection, product type and "
        "maximum cloud cover are passed to the provider's catalogue.\n\n"
        "The output feeds <i>Submit orders</i> in its <i>One order per input product</i> mode.")

    def initAlgorithm(self, config: dict[str, Any] | None = None) -> None:  # noqa: N802 - QGIS API
        self.add_connection_parameter()
        self.addParameter(QgsProcessingParameterExtent("EXTENT", tr("Extent"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource("AOI", tr("Area of interest layer"),
                                                              [SOURCE_POLYGON], optional=True))
        self.addParameter(QgsProcessingParameterDateTime("START", tr("Start"), DATETIME, optional=True))
        self.addParameter(QgsProcessingParameterDateTime("END", tr("End"), DATETIME, optional=True))
        self.addParameter(QgsProcessingParameterString("COLLECTION", tr("Collection"), optional=True))
        self.addParameter(QgsProcessingParameterString("PRODUCT_TYPE", tr("Product type"), optional=True))
        self.addParameter(QgsProcessingParameterNumber("MAX_CLOUD", tr("Maximum cloud cover (%)"), NUMBER_DOUBLE,
                                                       optional=True, minValue=0, maxValue=100))
        self.addParameter(QgsProcessingParameterNumber("LIMIT", tr("Maximum number of products"), NUMBER_INTEGER,
                                                       100, minValue=1, maxValue=1000))
        self.addParameter(QgsProcessingParameterFeatureSink(OUTPUT, tr("Input products"), SOURCE_POLYGON))
        self.addOutput(QgsProcessingOutputNumber("COUNT", tr("Number of products")))

    def execute(self, parameters: dict[str, Any], context: QgsProcessingContext,
            feedback: QgsProcessingFeedback) -> dict[str, Any]:
        aoi = area_of_interest(self, parameters, context)
        start, end = time_range(self, parameters, context)
        cloud = parameters.get("MAX_CLOUD")
        query = InputQuery(aoi=aoi.geometry, start=start, end=end,
                           collection=self.parameterAsString(parameters, "COLLECTION", context).strip(),
                           product_type=self.parameterAsString(parameters, "PRODUCT_TYPE", context).strip(),
                           max_cloud_cover=(self.parameterAsDouble(parameters, "MAX_CLOUD", context)
                                            if cloud not in (None, "") else None),
                           limit=self.parameterAsInt(parameters, "LIMIT", context))
        conn, prov = self.open_connection(parameters, context, feedback)
        try:
            if not prov.supports(Capability.SEARCH_INPUTS):
                raise QgsProcessingException(tr("{provider} orders are not placed on catalogue products; use Submit "
                                                "orders with an area or a time range instead.").format(
                    provider=prov.title))
            feedback.pushInfo(tr("Searching {aoi} from {start} to {end} UTC.").format(
                aoi=aoi.summary(), start=f"{start:%Y-%m-%d %H:%M}", end=f"{end:%Y-%m-%d %H:%M}"))
            products = prov.search_inputs(query).items[:query.limit]
        finally:
            prov.close()
        sink, dest_id, fields = self.output_sink(parameters, context, FIELDS, WKB_MULTIPOLYGON, wgs84())
        for p in products:
            f = QgsFeature(fields)
            if p.footprint:
                geom = geojson_to_geometry(p.footprint)
                geom.convertToMultiType()
                f.setGeometry(geom)
            f.setAttributes([conn.id, p.id, p.name, p.collection, p.product_type, to_qdatetime(p.sensing_start),
                             to_qdatetime(p.sensing_end), p.size, p.online, p.cloud_cover])
            sink.addFeature(f, FAST_INSERT)
        feedback.pushInfo(tr("{count} input products.").format(count=len(products)))
        return {OUTPUT: dest_id, "COUNT": len(products)}
