# SPDX-License-Identifier: GPL-2.0-or-later
"""Loading a downloaded order's results into the project: the one place both the dock (``OrderService``)
and the Processing algorithm *Wait for orders and load results* go through.

Why one function: a result must look the same whichever way it was fetched — named from the order and
product, described by ``QgsLayerMetadata``, on the temporal controller's timeline, styled for its product
type, in the order's group, and never added twice. Runs on the main thread (it adds layers).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from qgis.core import QgsMapLayer, QgsProject

from .result_info import ResultInfo


def result_group_name(info: ResultInfo) -> str:
    """The layer-tree group of an order's results: the order's name, else its id."""
    return info.order_name or info.order_id


def load_order_results(result: Any, info: ResultInfo, conn_id: str,
                       project: QgsProject | None = None) -> list[QgsMapLayer]:
    """Add the rasters (and streamed files) of ``result`` (``core.results.DownloadResult``) as layers.

    ``info`` is ``ResultInfo.from_order(order, provider)``: what the provider told about the order. A file
    already loaded (a second download, a second run of the algorithm) gives back its existing layer.
    """
    from .layers import add_result_layers, add_streamed_layer

    group = result_group_name(info)
    added: list[QgsMapLayer] = list(add_result_layers([str(p) for p in result.rasters], group_name=group,
                                                      project=project, info=info, root=result.folder))
    for url, name in getattr(result, "streams", None) or []:
        layer = add_streamed_layer(url, Path(name).stem, group, project=project,
                                   asset_ref=f"{conn_id}|{info.order_id}|{name}", info=info)
        if layer is not None and layer.isValid():
            added.append(layer)
    return added
