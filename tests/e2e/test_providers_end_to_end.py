# SPDX-License-Identifier: GPL-2.0-or-later
"""One analyst flow per provider through the dock, each ending with valid raster layers in the project.

The same dock, options form, orders table and download path serve every provider; only the capabilities
differ (search or reference, quote and confirmation, order actions such as accepting a tasking quotation).
"""

from __future__ import annotations

import pytest
from osgeo import gdal
from qgis.core import QgsProject

from .conftest import open_dock_on

PROVIDERS = ["proseo", "creodias", "up42", "capella"]


@pytest.mark.parametrize("name", PROVIDERS)
def test_dock_flow_ends_with_raster_layers(name, plugin, sandbox, sandbox_call, qgis_canvas, artifacts_dir, tmp_path,
                                           qgis_log):
    from eo_orders.demo.flow import run_provider_flow

    spec, conn = open_dock_on(plugin, sandbox, name, f"e2e-{name}", spec_account=("username", "secret"))
    dock = plugin.dock
    confirmations: list[str] = []
    result = run_provider_flow(dock, sandbox_call, qgis_canvas, spec, log=lambda s: None,
                               confirmations=confirmations)
    dock.setFloating(True)  # docked, the headless main window would crop it
    dock.resize(440, 860)
    dock.grab().save(str(artifacts_dir / f"e2e-{name}-dock.png"))

    group = QgsProject.instance().layerTreeRoot().findGroup(result.group_name)
    assert group is not None
    in_group = {node.layerId() for node in group.findLayers()}
    for layer in result.layers:
        assert layer.isValid() and layer.id() in in_group
        ds = gdal.Open(layer.source())
        assert ds is not None and layer.bandCount() == ds.RasterCount
        assert layer.bandCount() in spec.expected_bands
        assert not layer.extent().isEmpty()
    if name in ("up42", "capella"):  # paid orders: the cost was in front of the user before submitting
        assert confirmations, "a paid order was placed without a confirmation"
        # ...and stays with the order, in the orders table's Cost column (issue 14)
        from eo_orders.ui.models import OrdersModel

        model = dock.orders_panel.orders_model
        column = [c.header for c in OrdersModel.columns].index("Cost")
        cost = model.index(model.row_of(result.order.key), column).data()
        assert cost and cost == result.order.cost, cost
        assert "None" not in cost and "sq_km" not in cost and "unknown" not in cost
        if name == "up42":  # the accepted quotation's price, in whole credits
            assert cost.endswith(" credits") and ".0 " not in cost
    from .conftest import assert_no_secrets

    assert_no_secrets(plugin, sandbox, tmp_path, [spec.secret], qgis_log)


def test_capella_refused_review_blocks_the_order(plugin, sandbox, sandbox_call, qgis_canvas):
    from eo_orders.demo.flow import model_objects, set_canvas_to_demo_area, wait_for

    sandbox.state.config.extra["capella_balance"] = 1.0  # less than any image costs
    spec, conn = open_dock_on(plugin, sandbox, "capella", "e2e-capella-poor", spec_account=("secret",))
    dock = plugin.dock
    set_canvas_to_demo_area(qgis_canvas)
    dock.use_canvas_extent()
    wait_for(lambda: dock.workflow_panel.workflows_model.rowCount() > 0, 30, "workflows")
    dock.select_workflow("GEO")
    from datetime import datetime

    dock.set_time_range(*(datetime.fromisoformat(t) for t in spec.search_range))
    dock.search_inputs()
    wait_for(lambda: dock.inputs_panel.inputs_model.rowCount() > 0, 30, "inputs")
    chosen = next(p for p in model_objects(dock.inputs_panel.inputs_model) if "_GEO_" in p.name)
    dock.select_inputs([chosen.name])
    asked: list[object] = []
    dock.submit_order(confirm=lambda quote: asked.append(quote) or True)
    wait_for(lambda: not dock.runner.active and bool(dock.last_error), 30, "the refusal")
    assert "refuses" in dock.last_error and asked == []
    posts = [p for m, p in sandbox.state.requests if m == "POST" and p.rstrip("/").endswith("/orders")]
    assert posts == []


def test_capella_streamed_layers_keep_signed_urls_out_of_the_project(plugin, sandbox, sandbox_call, qgis_canvas,
                                                                    tmp_path):
    """Streamed COGs: the presigned URL lives only in memory; a reopened project gets fresh URLs."""
    import zipfile

    from eo_orders.demo.flow import run_provider_flow, wait_for

    spec, conn = open_dock_on(plugin, sandbox, "capella", "e2e-capella-stream", spec_account=("secret",))
    dock = plugin.dock
    dock.orders_panel.streamCheck.setChecked(True)
    result = run_provider_flow(dock, sandbox_call, qgis_canvas, spec, log=lambda s: None)
    assert all(layer.source().startswith("/vsicurl/") and layer.isValid() for layer in result.layers)
    assert all("Signature=" in layer.source() for layer in result.layers)  # signed, in memory only

    project_file = tmp_path / "streamed.qgz"
    assert QgsProject.instance().write(str(project_file))
    with zipfile.ZipFile(project_file) as zf:
        text = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    assert "Signature=" not in text and "x-amz-security-token" not in text
    assert "e2e-capella-stream|" in text  # the asset reference that re-resolves it

    names = {layer.name() for layer in result.layers}
    QgsProject.instance().clear()
    assert QgsProject.instance().read(str(project_file))
    wait_for(lambda: not dock.runner.active, 30, "fresh URLs")
    reopened = [lyr for lyr in QgsProject.instance().mapLayers().values() if lyr.name() in names]
    assert reopened and all(lyr.isValid() and "Signature=" in lyr.source() for lyr in reopened)


def test_proseo_notification_endpoint_is_sent_and_its_password_kept_nowhere(plugin, sandbox, sandbox_call,
                                                                            qgis_canvas, tmp_path, qgis_log,
                                                                            artifacts_dir):
    from eo_orders.demo.flow import run_provider_flow

    spec, conn = open_dock_on(plugin, sandbox, "proseo", "e2e-proseo-notify")
    dock = plugin.dock
    assert dock.workflow_panel.notifyEdit.isVisibleTo(dock)
    dock.workflow_panel.notifyEdit.setText("https://hooks.example.org/eo")
    dock.workflow_panel.notifyUserEdit.setText("hook-user")
    dock.workflow_panel.notifyPasswordEdit.setText("hook-Pa55-never-saved")
    result = run_provider_flow(dock, sandbox_call, qgis_canvas, spec, log=lambda s: None)
    raw = result.order.raw
    assert raw.get("NotificationEndpoint") == "https://hooks.example.org/eo"
    assert set(raw.get("NotificationEpPassword") or "*") == {"*"}  # masked (prosEO sends "*****")
    dock.tabs.setCurrentWidget(dock.workflowsTab)
    dock.setFloating(True)
    dock.resize(440, 900)
    dock.grab().save(str(artifacts_dir / "e2e-proseo-workflows.png"))
    from .conftest import assert_no_secrets

    assert_no_secrets(plugin, sandbox, tmp_path, [spec.secret, "hook-Pa55-never-saved"], qgis_log)
