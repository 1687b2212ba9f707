# SPDX-License-Identifier: GPL-2.0-or-later
"""Bad input gets a clear message in the dock and nothing is sent to the provider."""

from __future__ import annotations

from datetime import datetime, timezone

from qgis.core import QgsCoordinateReferenceSystem, QgsRectangle


def _connect(plugin, sandbox, name, kind, **kw):
    from eo_orders.demo.flow import add_connection

    conn = add_connection(plugin.store, f"bad-{name}", name, kind, sandbox.connection_urls(name), **kw)
    plugin.dock.reload_connections()
    plugin.dock.set_connection(conn.id)
    return plugin.dock


def _sent(sandbox, method: str = "") -> list[str]:
    return [p for m, p in sandbox.state.requests if not method or m == method]


def test_dates_in_the_wrong_order_are_refused_before_searching(plugin, sandbox, qgis_canvas):
    from eo_orders.demo.flow import set_canvas_to_demo_area, wait_for

    dock = _connect(plugin, sandbox, "cdse", "cdse_odp")
    wait_for(lambda: not dock.runner.active, 30, "start-up calls")
    set_canvas_to_demo_area(qgis_canvas)
    dock.use_canvas_extent()
    dock.set_time_range(datetime(2026, 11, 20, tzinfo=timezone.utc), datetime(2026, 11, 1, tzinfo=timezone.utc))
    before = len(_sent(sandbox))
    dock.search_inputs()
    assert "start date must be before the end date" in dock.last_error
    assert len(_sent(sandbox)) == before and not dock.runner.active


def test_missing_required_option_shows_next_to_the_field_and_sends_nothing(plugin, sandbox, qgis_canvas):
    """The form cannot hold out-of-range numbers or unknown choices (spin boxes, combo boxes), so what is
    left to catch is what the analyst did not fill in: caught before the quote, which is a request too."""
    from eo_orders.demo.flow import model_objects, set_canvas_to_demo_area, wait_for

    dock = _connect(plugin, sandbox, "up42", "up42")
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0, 30, "workflows")
    set_canvas_to_demo_area(qgis_canvas)
    dock.use_canvas_extent()
    tasking = next(w for w in model_objects(dock.workflow_panel.workflows_model) if w.kind == "tasking")
    dock.select_workflow(tasking.name)
    posts_before = len(_sent(sandbox, "POST"))
    dock.submit_order(confirm=lambda *_: True)
    assert "required" in dock.last_error and not dock.runner.active
    assert dock.workflow_panel.options_form.errors()
    assert len(_sent(sandbox, "POST")) == posts_before


def test_empty_and_antimeridian_areas_get_a_message(plugin, sandbox, qgis_canvas):
    dock = _connect(plugin, sandbox, "cdse", "cdse_odp")
    qgis_canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    qgis_canvas.setExtent(QgsRectangle(179.0, -17.0, 181.5, -16.0))  # Fiji, across the antimeridian
    dock.use_canvas_extent()
    assert dock.current_aoi is None and "antimeridian" in dock.last_error.lower()
    dock.use_layer_selection(None)
    assert dock.current_aoi is None and dock.last_error


def test_detailed_aoi_is_simplified_on_request_for_pleiades(plugin, sandbox, qgis_canvas):
    """Pléiades takes one polygon of at most 999 vertices: the dock offers to simplify, then orders."""
    import math

    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer

    from eo_orders.demo.flow import flow_specs, model_objects, wait_for

    layer = QgsVectorLayer("Polygon?crs=EPSG:4326", "field boundary", "memory")
    ring = [QgsPointXY(12.5 + 0.05 * math.cos(a / 2000 * 2 * math.pi) * (1 + 0.02 * math.sin(a / 7)),
                       41.9 + 0.04 * math.sin(a / 2000 * 2 * math.pi)) for a in range(2000)]
    feature = QgsFeature()
    feature.setGeometry(QgsGeometry.fromPolygonXY([ring]))
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    layer.selectAll()

    dock = _connect(plugin, sandbox, "up42", "up42")
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0, 30, "workflows")
    dock.use_layer_selection(layer)
    assert dock.current_aoi.vertex_count > 999
    tasking = next(w for w in model_objects(dock.workflow_panel.workflows_model) if w.kind == "tasking")
    dock.select_workflow(tasking.name)
    form = dock.workflow_panel.options_form
    form.set_values({**form.values(), **flow_specs()["up42"].options})
    questions: list[str] = []
    dock.submit_order(confirm=lambda q: questions.append(str(q)) or True)
    assert "at most 999 vertices" in questions[0]
    assert dock.current_aoi.vertex_count <= 999 and "simplified" in dock.current_aoi.source
    orders = dock.orders_panel.orders_model
    wait_for(lambda: orders.rowCount() == 1 or (bool(dock.last_error) and not dock.runner.active), 30, "the order")
    assert dock.orders_panel.orders_model.rowCount() == 1, dock.last_error


def test_max_products_pages_through_the_catalogue(plugin, sandbox, qgis_canvas):
    """The search follows the catalogue's pages up to the analyst's limit, and says when more exist."""
    from datetime import datetime, timezone

    from eo_orders.demo.flow import set_canvas_to_demo_area, wait_for

    dock = _connect(plugin, sandbox, "cdse", "cdse_odp", options={"page_size": 2})
    wait_for(lambda: not dock.runner.active, 30, "start-up calls")
    set_canvas_to_demo_area(qgis_canvas)
    dock.use_canvas_extent()
    dock.set_time_range(datetime(2026, 9, 1, tzinfo=timezone.utc), datetime(2026, 11, 30, tzinfo=timezone.utc))
    dock.inputs_panel.productTypeCombo.setEditText("")
    dock.inputs_panel.limitSpin.setValue(10)
    dock.search_inputs()
    wait_for(lambda: not dock.runner.active, 30, "the search")
    assert dock.inputs_panel.inputs_model.rowCount() == 10
    pages = [p for m, p in sandbox.state.requests if m == "GET" and p.endswith("/Products")]
    assert len(pages) == 5  # 5 pages of 2
    assert "Max products" in dock.inputs_panel.inputsSummary.text()


def test_two_factor_login_asks_for_the_code_and_never_saves_it(plugin, sandbox):
    from qgis.core import QgsSettings

    from eo_orders.demo.flow import DEMO_USER, wait_for

    sandbox.state.config.totp = {DEMO_USER: "314159"}
    asked: list[str] = []
    codes = iter(["000000", "314159"])
    plugin.dock.totp_prompt = lambda name: asked.append(name) or next(codes)
    dock = _connect(plugin, sandbox, "cdse", "cdse_odp", options={"two_factor": True})
    wait_for(lambda: not dock.runner.active, 30, "the first login")
    assert "Invalid user credentials" in dock.last_error and dock.workflow_panel.workflows_model.rowCount() == 0
    dock.refresh_workflows()  # a wrong code: the next call asks again
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0, 30, "workflows after the right code")
    assert len(asked) == 2
    QgsSettings().sync()
    from pathlib import Path

    assert "314159" not in Path(QgsSettings().fileName()).read_text("utf-8", "replace")
