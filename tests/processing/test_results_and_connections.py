# SPDX-License-Identifier: GPL-2.0-or-later
"""Wait for orders loads results through the dock's own code (names, metadata, time, group, no second
copy), or returns only paths when told not to load; the connection parameter is a drop-down of the saved
connections that still takes a name or an id."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingException,
    QgsProcessingParameterEnum,
    QgsProject,
    QgsRasterLayer,
)

from eo_orders.core.processing.wait_for_results import LOADING_NOTE

from .conftest import table_rows
from .test_submit_and_wait import EXTENT, Recorder


def _one_cdse_order(proc) -> tuple:
    """A CDSE connection and a search's products near Rome."""
    conn = proc.save("cdse")
    found = proc.run("searchinputs", {"CONNECTION": conn.name, "EXTENT": EXTENT, "PRODUCT_TYPE": "IW_GRDH_1S",
                                      "LIMIT": 5, "OUTPUT": "memory:"})
    return conn, found["OUTPUT"]


def _submit_one(proc, conn, products) -> str:
    from qgis.core import QgsProcessingFeatureSourceDefinition

    products.selectByExpression("\"name\" NOT LIKE '%FAILME%' AND \"online\"")
    first = products.selectedFeatureIds()[0]
    products.selectByIds([first])
    QgsProject.instance().addMapLayer(products)
    out = proc.run("submitorders", {
        "CONNECTION": conn.name, "WORKFLOW": "card_bs", "MODE": 1, "OPTIONS": json.dumps({"DEM": "getasse30v1"}),
        "INPUT": QgsProcessingFeatureSourceDefinition(products.id(), selectedFeaturesOnly=True), "OUTPUT": "memory:"})
    [row] = table_rows(out["OUTPUT"])
    assert row["order_id"], row
    return row["order_id"]


def _result_layers(order_id: str) -> list[QgsRasterLayer]:
    from eo_orders.core.layers import ORDER_PROPERTY

    return [lyr for lyr in QgsProject.instance().mapLayers().values()
            if isinstance(lyr, QgsRasterLayer) and lyr.customProperty(ORDER_PROPERTY) == order_id]


def test_results_are_loaded_as_the_dock_loads_them_and_never_twice(proc, tmp_path):
    conn, products = _one_cdse_order(proc)
    order_id = _submit_one(proc, conn, products)
    params = {"CONNECTION": conn.name, "ORDER_IDS": order_id, "POLL_INTERVAL": 0.2,
              "FOLDER": str(tmp_path / "dl"), "OUTPUT": "memory:"}
    feedback = Recorder()
    waited = proc.run("waitforresults", params, feedback=feedback)
    assert waited["COMPLETED"] == 1 and waited["OUTPUT_LAYERS"]
    assert any(LOADING_NOTE in i for i in feedback.infos)
    [row] = table_rows(waited["OUTPUT"])
    layers = _result_layers(order_id)
    assert layers and all(lyr.isValid() for lyr in layers)
    group = QgsProject.instance().layerTreeRoot().findGroup(row["name"] or order_id)
    assert group is not None and {lyr.id() for lyr in layers} <= set(group.findLayerIds())
    for layer in layers:
        # named from the order and product as in the dock, not "<order> – <file stem>"
        assert " · " in layer.name() and " – " not in layer.name(), layer.name()
        assert "Sentinel-1" in layer.name() and "(dB)" in layer.name(), layer.name()
        md = layer.metadata()
        assert md.parentIdentifier() == order_id and order_id in md.keywords().get("order", [])
        assert md.extent().temporalExtents() and layer.temporalProperties().isActive()
    # the dock's code itself, given the same download, finds the same layers and adds nothing
    from eo_orders.core.result_info import ResultInfo
    from eo_orders.core.result_loading import load_order_results
    from eo_orders.core.results import DownloadResult

    count = len(QgsProject.instance().mapLayers())
    again = proc.run("waitforresults", params)
    assert again["OUTPUT_LAYERS"] == waited["OUTPUT_LAYERS"]
    assert len(QgsProject.instance().mapLayers()) == count
    folder = tmp_path / "dl" / row["name"]
    result = DownloadResult(folder=folder, files=[], rasters=[Path(p) for p in waited["OUTPUT_LAYERS"]],
                            order=None)
    dock = load_order_results(result, ResultInfo(order_id=order_id, order_name=row["name"]), conn.id)
    assert {lyr.id() for lyr in dock} == {lyr.id() for lyr in layers}
    assert len(QgsProject.instance().mapLayers()) == count


def test_without_loading_the_outputs_are_the_paths_only(proc, tmp_path):
    conn, products = _one_cdse_order(proc)
    order_id = _submit_one(proc, conn, products)
    before = set(QgsProject.instance().mapLayers())
    waited = proc.run("waitforresults", {"CONNECTION": conn.id, "ORDER_IDS": order_id, "POLL_INTERVAL": 0.2,
                                         "LOAD": False, "FOLDER": str(tmp_path / "dl"), "OUTPUT": "memory:"})
    assert waited["OUTPUT_LAYERS"] and all(p.startswith(str(tmp_path / "dl")) for p in waited["OUTPUT_LAYERS"])
    assert set(QgsProject.instance().mapLayers()) == before


def test_the_connection_is_a_drop_down_of_the_saved_connections(proc):
    first = proc.save("cdse", name="CDSE work")
    second = proc.save("up42", name="UP42 tasking")
    registry = QgsApplication.processingRegistry()
    for alg_id, optional in (("eo_orders:listworkflows", False), ("eo_orders:searchinputs", False),
                             ("eo_orders:submitorders", False), ("eo_orders:waitforresults", True),
                             ("eo_orders:listorders", True)):
        alg = registry.createAlgorithmById(alg_id)
        param = alg.parameterDefinition("CONNECTION")
        assert isinstance(param, QgsProcessingParameterEnum) and param.type() == "enum"
        assert param.usesStaticStrings() and not param.allowMultiple()
        assert param.options() == ["CDSE work", "UP42 tasking"], alg_id
        assert bool(param.flags() & 0x8) == optional  # FlagOptional
        if not optional:
            assert param.defaultValue() == "CDSE work"
    # a connection saved later shows in the next dialog (a fresh instance)
    proc.save("cdse", name="CDSE later")
    alg = registry.createAlgorithmById("eo_orders:listworkflows")
    assert "CDSE later" in alg.parameterDefinition("CONNECTION").options()
    # by name, by id (as from qgis_process), and an unknown one refused with the saved names
    by_name = proc.run("listworkflows", {"CONNECTION": "UP42 tasking", "OUTPUT": "memory:"})
    by_id = proc.run("listworkflows", {"CONNECTION": second.id, "OUTPUT": "memory:"})
    assert table_rows(by_name["OUTPUT"]) == table_rows(by_id["OUTPUT"]) and table_rows(by_id["OUTPUT"])
    assert first.id != second.id
    with pytest.raises(QgsProcessingException, match="CDSE work"):
        proc.run("listworkflows", {"CONNECTION": "nobody", "OUTPUT": "memory:"})


def test_loading_asked_from_a_worker_thread_runs_on_the_main_thread(proc):
    """Inside a model run from the QGIS window, Wait's post-processing runs on the model's worker thread."""
    import threading

    from qgis.PyQt.QtCore import QCoreApplication, QThread

    from eo_orders.core.processing.base import on_main_thread

    ran_on: list[bool] = []
    main = QCoreApplication.instance().thread()
    worker = threading.Thread(target=on_main_thread, args=(lambda: ran_on.append(QThread.currentThread() == main),))
    worker.start()
    worker.join(30)
    assert ran_on == []  # queued, not run on the worker
    for _ in range(100):
        QCoreApplication.processEvents()
        if ran_on:
            break
    assert ran_on == [True]


def test_headless_algorithms_use_the_dock_s_network_settings(qgis_app):
    """``qgis_process`` has no order service: the backend reads the same QGIS settings the dock's does."""
    from qgis.core import QgsSettings

    from eo_orders.core.connections import DEADLINE_KEY, MAX_REPLY_MB_KEY, qgis_transport_settings
    from eo_orders.core.processing.base import ProcessingBackend

    settings = QgsSettings()
    settings.setValue(MAX_REPLY_MB_KEY, 3)
    settings.setValue(DEADLINE_KEY, 42)
    try:
        backend = ProcessingBackend(store=object(), journal=object())
        ours, dock = backend.transport_settings(), qgis_transport_settings()
        assert ours == dock and ours.max_body_bytes == 3 << 20 and ours.deadline == 42.0
    finally:
        settings.remove(MAX_REPLY_MB_KEY)
        settings.remove(DEADLINE_KEY)
