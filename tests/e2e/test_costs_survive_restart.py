# SPDX-License-Identifier: GPL-2.0-or-later
"""The cost the user accepted stays with the order, also after QGIS restarts (issue 14).

UP42 tasking: the estimate is confirmed at submit, then the quotation's price is accepted as an order
action; the orders table shows the accepted price, and a new order service reading the same journal (the
next QGIS start) shows it again without asking the provider.
"""

from __future__ import annotations

from .conftest import open_dock_on


def test_accepted_quotation_cost_survives_a_restart(plugin, sandbox, sandbox_call, qgis_canvas, monkeypatch):
    from eo_orders.core.order_service import OrderService
    from eo_orders.core.store import Journal
    from eo_orders.demo.flow import run_provider_flow

    spec, conn = open_dock_on(plugin, sandbox, "up42", "e2e-up42-cost", spec_account=("username", "secret"))
    dock = plugin.dock
    import sandbox.up42 as up42_emulator

    # UP42 prices the quotation itself: here at twice the estimate, so the two costs can be told apart
    quote_of, raised = up42_emulator._quotation_for, set()

    def dearer(order, at):
        quotation = quote_of(order, at)
        if quotation["id"] not in raised:
            raised.add(quotation["id"])
            quotation["creditsPrice"] *= 2
        return quotation

    monkeypatch.setattr(up42_emulator, "_quotation_for", dearer)
    confirmations: list[str] = []
    result = run_provider_flow(dock, sandbox_call, qgis_canvas, spec, log=lambda s: None,
                               confirmations=confirmations)
    cost = result.order.cost
    quoted = next(c for c in confirmations if "will be charged" not in c)  # the estimate, at submit
    accepted = next(c for c in confirmations if "will be charged" in c)  # the quotation's confirmation
    assert cost.endswith(" credits") and cost.split(" ")[0] in accepted, (cost, accepted)
    assert raised and cost.split(" ")[0] not in quoted  # the quotation's price, not the estimate's

    later = OrderService(plugin.store, Journal(plugin.journal.path))  # the next QGIS start
    try:
        later.reload_connections()
        later.load_journal()
        assert later.tracked(conn.id, result.order.id).cost == cost
    finally:
        later.close()
