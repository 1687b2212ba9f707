# SPDX-License-Identifier: GPL-2.0-or-later
"""One orders view across connections, through the dock: every connection's orders together, kept on a
connection switch, filtered by connection, status (with "Needs your decision") and text."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from tests.helpers.service import call


def test_orders_of_every_connection_in_one_view(plugin, sandbox, artifacts_dir):
    from eo_orders.core.order_service import DECISION_LABEL
    from eo_orders.demo.flow import add_connection, flow_specs, model_objects, wait_for
    from eo_orders.providers.base import OrderRequest
    from eo_orders.ui.models import OrdersFilterProxy, OrdersModel
    from eo_orders.ui.options_form import OptionsForm

    service, dock = plugin.service, plugin.dock
    specs = flow_specs()
    proseo = add_connection(plugin.store, "view-proseo", specs["proseo"].title, "proseo_odip",
                            sandbox.connection_urls("proseo"), options=specs["proseo"].connection_options)
    up42 = add_connection(plugin.store, "view-up42", specs["up42"].title, "up42", sandbox.connection_urls("up42"))
    dock.reload_connections()

    wf = next(w for w in call(service.list_workflows, proseo.id) if w.name == "S5P-L2-NO2")
    end = datetime(2026, 11, 20, tzinfo=timezone.utc)
    call(service.submit, proseo.id, OrderRequest(workflow=wf, name="no2 over rome", start=end - timedelta(days=2),
                                                   end=end), "")
    tasking = next(w for w in call(service.list_workflows, up42.id) if w.kind == "tasking")
    rome = {"type": "Polygon", "coordinates": [[[12.35, 41.8], [12.65, 41.8], [12.65, 42.0], [12.35, 42.0],
                                                [12.35, 41.8]]]}
    options = {**OptionsForm(tasking.options_schema).values(), **specs["up42"].options}
    tasked, _ = call(service.submit, up42.id, OrderRequest(workflow=tasking, name="pleiades tasking", aoi=rome,
                                                             options=options), "43,276.00 credits")
    for _ in range(6):  # the sandbox's tasking moves on with its clock until its quotation waits
        sandbox.state.clock.advance(3600)
        call(service.refresh, up42.id, full=False)
        if service.tracked(up42.id, tasked.id).needs_decision:
            break

    panel = dock.orders_panel
    model, proxy = panel.orders_model, panel.orders_proxy
    assert {o.connection_name for o in model_objects(model)} == {"prosEO sandbox", "UP42 sandbox"}
    for conn_id in (proseo.id, up42.id, proseo.id):  # a connection switch keeps every order in view
        dock.set_connection(conn_id)
        wait_for(lambda: not plugin.runner.active, 30, "the switch")
        assert model.rowCount() == 2 and proxy.rowCount() == 2

    panel.connectionFilterCombo.setCurrentIndex(panel.connectionFilterCombo.findData(up42.id))
    assert [o.name for o in model_objects(proxy)] == ["pleiades tasking"]
    panel.connectionFilterCombo.setCurrentIndex(0)
    panel.statusCombo.setCurrentIndex(panel.statusCombo.findData(OrdersFilterProxy.DECISION))
    [waiting] = model_objects(proxy)
    assert waiting.key == tasked.key and proxy.index(0, OrdersModel.STATUS_COLUMN).data() == DECISION_LABEL
    assert proxy.index(0, 6).data() == "43,276.00 credits"  # the cost the user accepted
    panel.statusCombo.setCurrentIndex(0)
    panel.ordersFilterEdit.setText("rome")
    assert [o.name for o in model_objects(proxy)] == ["no2 over rome"]
    panel.ordersFilterEdit.clear()

    dock.show_order(up42.id, tasked.id)
    wait_for(lambda: bool(dock.current_order_actions()) and not plugin.runner.active, 30, "the order's actions")
    assert any(a.label.startswith("Accept quotation") for a in dock.current_order_actions())
    assert "UP42 sandbox · cost 43,276.00 credits" in panel.orderDetails.text()
    # the buttons follow the selected order's provider (UP42), not the connection chosen above (prosEO)
    assert dock.connection_id == proseo.id
    assert panel.actionsButton.isVisibleTo(panel) and panel.actionsButton.isEnabled()
    assert panel.cancelButton.isVisibleTo(panel)
    dock.setFloating(True)  # docked, the headless main window would crop it
    dock.resize(440, 860)
    dock.grab().save(str(artifacts_dir / "e2e-orders-across-connections.png"))
