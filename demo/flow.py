# SPDX-License-Identifier: GPL-2.0-or-later
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


@dataclass
class FlowSpec:
    """How an analyst orders from one provider: which workflow, which options, which steps."""

    emulator: str
    kind: str
    title: str
    workflow: str
    options: dict[str, Any] = field(default_factory=dict)
    search: bool = True
    pick_input: Callable[[Any], bool] = lambda p: p.online and "FAILME" not in p.name
    time_range: bool = False
    #: sensing period searched (default: the dock's last 30 days)
    search_range: tuple[str, str] | None = None
    #: labels (prefixes) of order actions to take, in order, as they become available
    actions: list[str] = field(default_factory=list)
    secret: str = DEMO_PASSWORD
    username: str = DEMO_USER
    connection_options: dict[str, Any] = field(default_factory=dict)
    expected_bands: tuple[int, ...] = ()


def _tasking_window() -> dict[str, str]:
    from datetime import datetime, timedelta, timezone

    opens = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(days=1)
    return {"open": opens.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "close": (opens + timedelta(days=10)).strftime("%Y-%m-%dT%H:%M:%SZ")}


def sandbox_flow(emulator: str, title: str, workflow: str, **kw: Any) -> FlowSpec:
    """A flow against the sandbox emulator ``emulator``: the provider kind, the connection settings and the
    secret the emulator accepts come from the provider registry; the analyst's choices come from ``kw``."""
    from ..providers import REGISTRY, kind_for_sandbox

    kind = kind_for_sandbox(emulator)
    entry = REGISTRY[kind]
    kw.setdefault("connection_options", dict(entry.demo_options))
    if entry.demo_secret:
        kw.setdefault("secret", entry.demo_secret)
    return FlowSpec(emulator, kind, title, workflow, **kw)


def flow_specs() -> dict[str, FlowSpec]:
    """One flow per provider, as an analyst would click it."""
    window = _tasking_window()
    return {
        "cdse": sandbox_flow("cdse", "CDSE sandbox", "card_bs", options={"DEM": "getasse30v1"},
                             expected_bands=(3,)),  # VV, VH, VV − VH in dB
        "proseo": sandbox_flow("proseo", "prosEO sandbox", "S5P-L2-NO2", search=False, time_range=True,
                               expected_bands=(1,)),
        "creodias": sandbox_flow("creodias", "CREODIAS sandbox", "sen2cor",
                                 pick_input=lambda p: p.online and "FAILME" not in p.name and "MSIL1C" in p.name,
                                 expected_bands=(4,)),
        "up42": sandbox_flow("up42", "UP42 sandbox", "", search=False,
                             options={"acquisitionStart": window["open"], "acquisitionEnd": window["close"],
                                      "acquisitionMode": "mono", "cloudCoverage": 20, "incidenceAngle": 30},
                             actions=["Accept quotation"], expected_bands=(4, 1)),
        "capella": sandbox_flow("capella", "Capella sandbox", "GEO", pick_input=lambda p: "_GEO_" in p.name,
                                search_range=("2024-05-01T00:00:00+00:00", "2024-08-01T00:00:00+00:00"),
                                expected_bands=(1,)),
    }


def run_provider_flow(dock, sandbox_call: SandboxCall, canvas, spec: FlowSpec,
                      log: Callable[[str], None] = print, confirmations: list[str] | None = None) -> FlowResult:
    """AOI from the canvas → workflows → (inputs over the AOI) → options → (quote) → submit → follow
    (taking the provider's order actions) → download → layers."""
    result = FlowResult()
    confirmations = confirmations if confirmations is not None else []

    def step(text: str) -> None:
        result.steps.append(text)
        log(text)

    def confirm(text: str = "", *_: Any) -> bool:
        confirmations.append(str(text))
        return True

    set_canvas_to_demo_area(canvas)
    dock.use_canvas_extent()
    if dock.current_aoi is None:
        raise RuntimeError(f"no AOI: {dock.last_error}")
    step(f"AOI: {dock.current_aoi.summary()}")

    dock.refresh_workflows()
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0 or bool(dock.last_error), 60, "workflows")
    workflows = model_objects(dock.workflow_panel.workflows_model)
    if not workflows:
        raise RuntimeError(f"no workflows: {dock.last_error}")
    name = spec.workflow or next(w.name for w in workflows if w.kind == "tasking")
    dock.select_workflow(name)
    step(f"{len(workflows)} workflows listed; chose {name}")
    if spec.options:
        dock.workflow_panel.options_form.set_values({**dock.workflow_panel.options_form.values(), **spec.options})
    if spec.time_range:
        from datetime import datetime, timedelta, timezone

        end = datetime(2026, 11, 20, tzinfo=timezone.utc)
        dock.set_time_range(end - timedelta(days=2), end)

    if spec.search:
        if spec.search_range:
            from datetime import datetime

            dock.set_time_range(*(datetime.fromisoformat(t) for t in spec.search_range))
        dock.search_inputs()
        wait_for(lambda: not dock.runner.active, 60, "input products")
        products = model_objects(dock.inputs_panel.inputs_model)
        chosen = next((p for p in products if spec.pick_input(p)), None)
        if chosen is None:
            raise RuntimeError(f"no suitable input among {len(products)} products: {dock.last_error}")
        result.input_name = chosen.name
        dock.select_inputs([chosen.name])
        step(f"{len(products)} input products over the AOI; chose {chosen.name}")

    before = {o.id for o in model_objects(dock.orders_panel.orders_model)}
    dock.last_error = ""
    dock.submit_order(confirm=confirm)
    wait_for(lambda: any(o.id not in before for o in model_objects(dock.orders_panel.orders_model))
             or (bool(dock.last_error) and not dock.runner.active), 90, "the new order")
    new = [o for o in model_objects(dock.orders_panel.orders_model) if o.id not in before]
    if not new:
        raise RuntimeError(f"order not submitted: {dock.last_error}")
    order = new[0]
    step(f"order {order.name} submitted ({order.status.value})"
         + (f" after confirming: {confirmations[-1]}" if confirmations else ""))

    def fresh() -> Any:
        return {o.id: o for o in model_objects(dock.orders_panel.orders_model)}.get(order.id)

    pending = list(spec.actions)
    deadline = time.monotonic() + 120
    while True:
        sandbox_call("POST", "/_sandbox/advance", {"seconds": 3600})
        dock.refresh_orders()
        wait_for(lambda: not dock.runner.active, 60, "order refresh")
        current = fresh()
        if current is not None and current.status.value == "completed":
            break
        if current is not None and current.status.value in ("failed", "cancelled"):
            raise RuntimeError(f"order ended {current.status.value}: {current.message}")
        if pending:
            dock.select_order(order.id)
            wait_for(lambda: not dock.runner.active, 60, "order actions")
            action = next((a for a in dock.current_order_actions() if a.label.startswith(pending[0])), None)
            if action is not None:
                dock.run_order_action(action.id, confirm=confirm)
                wait_for(lambda: not dock.runner.active, 60, "the order action")
                step(f"took action '{action.label}'")
                pending.pop(0)
        if time.monotonic() > deadline:
            raise TimeoutError(f"order did not complete: {current}")
    order = fresh()
    result.order = order
    step(f"order {order.name} completed")

    dock.select_order(order.id)
    layers_before = set(QgsProject.instance().mapLayers())
    dock.last_error = ""
    dock.download_selected_order()
    wait_for(lambda: not dock.runner.active and (set(QgsProject.instance().mapLayers()) - layers_before
                                                  or bool(dock.last_error)), 240, "result layers")
    new_ids = set(QgsProject.instance().mapLayers()) - layers_before
    result.layers = [QgsProject.instance().mapLayer(i) for i in new_ids
                     if isinstance(QgsProject.instance().mapLayer(i), QgsRasterLayer)]
    if not result.layers:
        raise RuntimeError(f"no layers loaded: {dock.last_error}")
    result.group_name = order.name or order.id
    step(f"{len(result.layers)} raster layer(s) loaded in group '{result.group_name}'")
    return result


def run_cdse_flow(dock, sandbox_call: SandboxCall, canvas, workflow: str = "card_bs",
                  log: Callable[[str], None] = print) -> FlowResult:
    """The foundation flow: CDSE On-Demand Processing, CARD-BS on a Sentinel-1 GRD over the AOI."""
    spec = flow_specs()["cdse"]
    spec.workflow = workflow
    return run_provider_flow(dock, sandbox_call, canvas, spec, log)
