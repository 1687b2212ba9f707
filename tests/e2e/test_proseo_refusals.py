# SPDX-License-Identifier: GPL-2.0-or-later
"""prosEO refuses an order with 404, a Warning header and no body: the dock says what was refused and where,
never "Not found"."""

from __future__ import annotations

from datetime import datetime, timezone

from .conftest import open_dock_on


def test_unknown_input_reference_is_shown_as_a_refusal_of_the_input(plugin, sandbox, qgis_canvas):
    from eo_orders.demo.flow import set_canvas_to_demo_area, wait_for

    spec, _conn = open_dock_on(plugin, sandbox, "proseo", "e2e-proseo-refusal")
    dock = plugin.dock
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0, 60, "workflows")
    set_canvas_to_demo_area(qgis_canvas)
    dock.use_canvas_extent()
    dock.select_workflow(spec.workflow)
    dock.set_time_range(datetime(2024, 5, 1, tzinfo=timezone.utc), datetime(2024, 5, 2, tzinfo=timezone.utc))
    missing = "S5P_OFFL_L1B_RA_BD4_NOT_IN_ANY_ARCHIVE.nc"
    dock.inputs_panel.referenceEdit.setText(missing)
    posts = [p for m, p in sandbox.state.requests if m == "POST"]
    dock.submit_order(confirm=lambda *_: True)
    wait_for(lambda: not dock.runner.active, 60, "submit")
    assert len([p for m, p in sandbox.state.requests if m == "POST"]) == len(posts) + 1
    assert f"No product file named {missing}" in dock.last_error
    assert "Not found" not in dock.last_error
    shown = dock.workflow_panel.options_form.errors()
    assert missing in shown.get("", "") and shown[""].startswith("inputs:")
