# SPDX-License-Identifier: GPL-2.0-or-later
"""The monitor follows every connection's active orders without the dock, over real HTTP to the sandbox."""

from __future__ import annotations

import requests

from .conftest import place_proseo_order


def _monitor(env, interval_s: float = 0.2):
    from eo_orders.core.monitor import OrderMonitor

    return OrderMonitor(env.service, interval_s=interval_s)


def _orders_requests(sandbox) -> list[str]:
    return [p for m, p in sandbox.state.requests if m == "GET" and "ProductionOrders" in p]


def test_one_bulk_request_per_provider_per_cycle_and_completion_announced(env, sandbox):
    from eo_orders.demo.flow import wait_for

    conn_id = env.save("proseo")
    placed = [place_proseo_order(env, conn_id, f"mon-bulk-{i}") for i in range(3)]
    monitor = _monitor(env, interval_s=3600)  # cycles only when the test asks
    events: list[tuple[str, str]] = []
    env.service.attention.connect(lambda t, event: events.append((t.id, event)))
    monitor.start()
    try:
        wait_for(lambda: not env.service.runner.active, 30, "the first cycle")
        before = len(_orders_requests(sandbox))
        monitor.check_now()
        wait_for(lambda: not env.service.runner.active, 30, "one cycle")
        assert len(_orders_requests(sandbox)) - before == 1  # three active orders, one request
        assert monitor.is_following(conn_id)

        sandbox.state.clock.advance(3600)
        monitor.check_now()
        wait_for(lambda: not env.service.runner.active, 30, "the completing cycle")
        assert sorted(events) == sorted((t.id, "completed") for t in placed)
        assert not monitor.is_following(conn_id)
    finally:
        monitor.stop()


def test_unreachable_provider_backs_off_and_marks_its_orders_offline(env, sandbox):
    from eo_orders.demo.flow import wait_for

    conn_id = env.save("proseo")
    tracked = place_proseo_order(env, conn_id, "mon-offline")
    requests.post(sandbox.base_url + "/_sandbox/faults", timeout=5,
                  json={"method": "GET", "path": "ProductionOrders", "action": "status", "status": 503, "times": -1})
    monitor = _monitor(env, interval_s=3600)  # cycles only when the test asks
    monitor.max_backoff_s = 10 * 3600
    delays: list[float] = []
    monitor.backingOff.connect(lambda cid, delay: delays.append(delay))
    monitor.start()
    try:
        wait_for(lambda: bool(delays) and not env.service.runner.active, 30, "the failed cycle")
        offline = env.service.tracked(conn_id, tracked.id)
        assert offline.offline and offline.checked_text.startswith("offline — last checked ")
        assert offline.status.is_active  # the last known status stays

        hits = len(_orders_requests(sandbox))
        monitor.check_now()  # within the back-off: the provider is left alone
        wait_for(lambda: not env.service.runner.active, 5, "nothing")
        assert len(_orders_requests(sandbox)) == hits and len(delays) == 1

        monitor._states[conn_id].next_at = 0  # the back-off elapsed, still unreachable: twice as long
        monitor.check_now()
        wait_for(lambda: len(delays) == 2 and not env.service.runner.active, 30, "the second failure")
        assert delays == [2 * 3600, 4 * 3600]

        requests.delete(sandbox.base_url + "/_sandbox/faults", timeout=5)
        monitor._states[conn_id].next_at = 0
        monitor.check_now()
        wait_for(lambda: not env.service.tracked(conn_id, tracked.id).offline, 30, "the provider back")
        assert monitor._states[conn_id].failures == 0
    finally:
        monitor.stop()


def test_connection_that_needs_the_user_is_not_logged_in_behind_their_back(env, sandbox):
    """A restart with an active order on a two-factor connection: one message offering to sign in, no
    request to the provider, and following resumes as soon as the user signed in."""
    from eo_orders.demo.flow import wait_for

    conn_id = env.save("proseo")
    tracked = place_proseo_order(env, conn_id, "mon-2fa")
    conn = env.store.get(conn_id)
    conn.options = {**conn.options, "two_factor": True}
    env.store.save(conn)
    restarted = env.new_service()
    env.service.close()
    env.service = restarted
    restarted.reload_connections()
    monitor = _monitor(env, interval_s=0.05)
    asked: list[tuple[str, str]] = []
    monitor.signInNeeded.connect(lambda cid, name, why: asked.append((cid, why)))
    before = len(sandbox.state.requests)
    monitor.start()
    try:
        import time

        deadline = time.monotonic() + 0.6  # about ten cycles
        wait_for(lambda: time.monotonic() > deadline, 5, "a few cycles")
        assert len(asked) == 1 and asked[0][0] == conn_id and "one-time code" in asked[0][1]
        assert len(sandbox.state.requests) == before
        assert restarted.tracked(conn_id, tracked.id).status.is_active  # listed from the journal all the same

        restarted.totp_prompt = lambda name: "000000"  # the sandbox asks no code of prosEO: any will do
        restarted.provider(conn_id)  # what the dock's sign-in does
        monitor.signed_in(conn_id)
        wait_for(lambda: len(_orders_requests(sandbox)) > 0, 30, "following again")
    finally:
        monitor.stop()


def test_completed_results_download_and_load_by_themselves_when_chosen(env, sandbox):
    from qgis.core import QgsProject

    from eo_orders.core.settings import AUTO_DOWNLOAD
    from eo_orders.demo.flow import wait_for

    conn_id = env.save("proseo")
    place_proseo_order(env, conn_id, "mon-auto")
    AUTO_DOWNLOAD.set_value(True)
    monitor = _monitor(env, interval_s=0.2)
    monitor.start()
    try:
        sandbox.state.clock.advance(3600)
        wait_for(lambda: QgsProject.instance().layerTreeRoot().findGroup("mon-auto") is not None
                 and not env.service.runner.active, 60, "the results on the map")
        group = QgsProject.instance().layerTreeRoot().findGroup("mon-auto")
        assert group.findLayers() and all(node.layer().isValid() for node in group.findLayers())
    finally:
        monitor.stop()
        AUTO_DOWNLOAD.remove()


def test_tasking_quotation_is_a_decision_of_its_own_and_announced(env, sandbox):
    """A UP42 tasking order whose quotation waits: "Needs your decision" in the orders view (and its
    filter), and one notification saying what to do — from the monitor, with no dock."""
    from eo_orders.core.order_service import DECISION_LABEL
    from eo_orders.demo.flow import flow_specs, wait_for
    from eo_orders.providers.base import OrderRequest
    from eo_orders.ui.models import OrdersFilterProxy, OrdersModel
    from eo_orders.ui.notifier import attention_text
    from tests.helpers.service import call

    conn_id = env.save("up42")
    tasking = next(w for w in call(env.service.list_workflows, conn_id) if w.kind == "tasking")
    rome = {"type": "Polygon", "coordinates": [[[12.35, 41.8], [12.65, 41.8], [12.65, 42.0], [12.35, 42.0],
                                                [12.35, 41.8]]]}
    from eo_orders.ui.options_form import OptionsForm

    form = OptionsForm(tasking.options_schema)  # the choices an analyst starts from, as in the dock
    request = OrderRequest(workflow=tasking, name="mon-decision", aoi=rome,
                           options={**form.values(), **flow_specs()["up42"].options})
    tracked, _ = call(env.service.submit, conn_id, request, "43,276.00 credits")
    events: list[tuple[str, str]] = []
    env.service.attention.connect(lambda t, event: events.append((t.id, event)))
    monitor = _monitor(env, interval_s=0.2)
    monitor.start()
    try:
        import time

        for _ in range(6):  # the sandbox's tasking moves on with its clock until the quotation waits
            if events:
                break
            sandbox.state.clock.advance(3600)
            end = time.monotonic() + 0.5
            wait_for(lambda end=end: bool(events) or time.monotonic() > end, 5, "a cycle or two")
        assert events == [(tracked.id, "decision")]
        waiting = env.service.tracked(conn_id, tracked.id)
        assert waiting.needs_decision and waiting.state_label == DECISION_LABEL and waiting.status.is_active
        assert waiting.cost == "43,276.00 credits"
        text, _level = attention_text(waiting, "decision")
        assert "needs your decision" in text and "mon-decision" in text

        model = OrdersModel()
        model.set_items(env.service.orders())
        proxy = OrdersFilterProxy()
        proxy.setSourceModel(model)
        proxy.set_status_filter(OrdersFilterProxy.DECISION)
        assert proxy.rowCount() == 1 and proxy.index(0, OrdersModel.STATUS_COLUMN).data() == DECISION_LABEL
        proxy.set_connection_filter("another-connection")
        assert proxy.rowCount() == 0
    finally:
        monitor.stop()
