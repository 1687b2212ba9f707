"""The analyst's flow, driven through the dock's public methods exactly as the buttons drive it.

Shared by ``make demo`` and the end-to-end test, so the demo can never show something the tests do not
check.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, Callable

from qgis.core import (
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsProject,
    QgsRasterLayer,
    QgsRectangle,
)
from qgis.PyQt.QtCore import Qt

#: the sandbox catalogue lies around Rome
DEMO_EXTENT_4326 = QgsRectangle(12.35, 41.80, 12.65, 42.00)
DEMO_USER = "demo@example.com"
DEMO_PASSWORD = "demo-Pa55 &=%é word"

SandboxCall = Callable[[str, str, Any], Any]


def wait_for(predicate: Callable[[], bool], timeout: float = 60.0, what: str = "condition") -> None:
    """Process Qt events until ``predicate()`` holds: the UI thread keeps running, as in QGIS."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise TimeoutError(f"timed out waiting for {what}")
        QgsApplication.processEvents()
        time.sleep(0.02)


def model_objects(model) -> list[Any]:
    return [model.data(model.index(r, 0), Qt.UserRole) for r in range(model.rowCount())]


@dataclass
class FlowResult:
    order: Any = None
    layers: list[QgsRasterLayer] = field(default_factory=list)
    group_name: str = ""
    input_name: str = ""
    steps: list[str] = field(default_factory=list)


def add_connection(store, conn_id: str, name: str, kind: str, urls: dict[str, str], username: str = DEMO_USER,
                   secret: str = DEMO_PASSWORD, options: dict[str, Any] | None = None):
    from eo_orders.providers.base import ConnectionConfig

    conn = ConnectionConfig(id=conn_id, name=name, kind=kind, urls=urls, username=username, secret=secret,
                            options=options or {})
    store.save(conn)
    return conn


def set_canvas_to_demo_area(canvas, crs_authid: str = "EPSG:3857") -> None:
    """Show the demo area in a projected CRS, so the AOI really is reprojected to EPSG:4326."""
    from qgis.core import QgsCoordinateTransform

    crs = QgsCoordinateReferenceSystem(crs_authid)
    canvas.setDestinationCrs(crs)
    xform = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), crs, QgsProject.instance())
    canvas.setExtent(xform.transformBoundingBox(DEMO_EXTENT_4326))
    canvas.refresh()


def wait_idle(dock, timeout: float = 120.0) -> None:
    dock.runner.wait_idle(timeout) if hasattr(dock, "runner") else None
    wait_for(lambda: not getattr(dock, "busy", False), timeout, "the dock to finish its work")


def run_cdse_flow(dock, sandbox_call: SandboxCall, canvas, workflow: str = "card_bs",
                  log: Callable[[str], None] = print) -> FlowResult:
    """AOI from the canvas → workflows → inputs over the AOI → submit → follow → download → layers."""
    result = FlowResult()

    def step(text: str) -> None:
        result.steps.append(text)
        log(text)

    set_canvas_to_demo_area(canvas)
    dock.use_canvas_extent()
    if dock.current_aoi is None:
        raise RuntimeError(f"no AOI: {dock.last_error}")
    step(f"AOI: {dock.current_aoi.summary()}")

    dock.refresh_workflows()
    wait_for(lambda: dock.workflows_model.rowCount() > 0 or bool(dock.last_error), 60, "workflows")
    if dock.workflows_model.rowCount() == 0:
        raise RuntimeError(f"no workflows: {dock.last_error}")
    step(f"{dock.workflows_model.rowCount()} workflows listed")
    dock.select_workflow(workflow)

    dock.search_inputs()
    wait_for(lambda: dock.inputs_model.rowCount() > 0 or bool(dock.last_error), 60, "input products")
    products = model_objects(dock.inputs_model)
    if not products:
        raise RuntimeError(f"no input products: {dock.last_error}")
    candidates = [p for p in products if p.online and "FAILME" not in p.name] or products
    chosen = candidates[0]
    result.input_name = chosen.name
    dock.select_inputs([chosen.name])
    step(f"{len(products)} input products over the AOI; chose {chosen.name}")

    before = {o.id for o in model_objects(dock.orders_model)}
    dock.submit_order(confirm=lambda *_: True)
    wait_for(lambda: any(o.id not in before for o in model_objects(dock.orders_model)) or bool(dock.last_error)
             and "submitted" not in dock.last_error.lower(), 60, "the new order")
    new = [o for o in model_objects(dock.orders_model) if o.id not in before]
    if not new:
        raise RuntimeError(f"order not submitted: {dock.last_error}")
    order = new[0]
    step(f"order {order.name} submitted ({order.status.value})")

    sandbox_call("POST", "/_sandbox/advance", {"seconds": 3600})

    def completed() -> bool:
        dock.refresh_orders()
        wait_for(lambda: not dock.runner.active, 30, "order refresh")
        fresh = {o.id: o for o in model_objects(dock.orders_model)}
        return fresh.get(order.id) is not None and fresh[order.id].status.value == "completed"

    wait_for(completed, 60, "the order to complete")
    order = {o.id: o for o in model_objects(dock.orders_model)}[order.id]
    result.order = order
    step(f"order {order.name} completed")

    dock.select_order(order.id)
    layers_before = set(QgsProject.instance().mapLayers())
    dock.download_selected_order()
    wait_for(lambda: set(QgsProject.instance().mapLayers()) - layers_before or
             ("fail" in (dock.last_error or "").lower()), 180, "result layers")
    wait_for(lambda: not dock.runner.active, 60, "downloads")
    new_ids = set(QgsProject.instance().mapLayers()) - layers_before
    result.layers = [QgsProject.instance().mapLayer(i) for i in new_ids
                     if isinstance(QgsProject.instance().mapLayer(i), QgsRasterLayer)]
    if not result.layers:
        raise RuntimeError(f"no layers loaded: {dock.last_error}")
    result.group_name = order.name or order.id
    step(f"{len(result.layers)} raster layer(s) loaded in group '{result.group_name}'")
    return result
