# SPDX-License-Identifier: GPL-2.0-or-later
"""The order service on its own (no widget): submit, follow, restore from the journal, errors of one family."""

from __future__ import annotations

import pytest

from tests.helpers.service import call

from .conftest import place_proseo_order


def test_submit_is_journaled_and_restart_restores_orders_without_a_network_call(env):
    conn_id = env.save("proseo")
    changed: list[list] = []
    env.service.ordersChanged.connect(changed.append)
    tracked = place_proseo_order(env, conn_id, "svc-restore", cost="12.00 credits")
    assert tracked.key == f"{conn_id}|{tracked.id}" and tracked.connection_name == "prosEO sandbox"
    assert tracked.cost == "12.00 credits" and tracked.status.is_active
    assert any(t.key == tracked.key for batch in changed for t in batch)
    [entry] = env.journal.orders(conn_id)
    assert entry.order_id == tracked.id and entry.request["accepted_cost"] == "12.00 credits"

    requests_before = len(env.sandbox.state.requests)
    restarted = env.new_service()
    try:
        [restored] = restarted.load_journal()
        assert len(env.sandbox.state.requests) == requests_before  # no network call at all
        assert (restored.key, restored.name, restored.cost) == (tracked.key, "svc-restore", "12.00 credits")
        assert restored.status.is_active and not restarted.has_provider(conn_id)  # nobody logged in yet
    finally:
        restarted.close()


def test_refresh_follows_the_order_to_completion_and_announces_it(env, sandbox):
    conn_id = env.save("proseo")
    tracked = place_proseo_order(env, conn_id, "svc-follow")
    events: list[tuple[str, str]] = []
    env.service.attention.connect(lambda t, event: events.append((t.key, event)))
    sandbox.state.clock.advance(3600)
    call(env.service.refresh, conn_id)
    fresh = env.service.tracked(conn_id, tracked.id)
    assert fresh.status.value == "completed" and fresh.checked_at is not None
    assert events == [(tracked.key, "completed")]
    assert env.journal.orders(conn_id)[0].state == "completed"
    call(env.service.refresh, conn_id)  # nothing changed: no second announcement
    assert events == [(tracked.key, "completed")]


def test_download_loads_layers_and_records_the_folder(env, sandbox):
    from qgis.core import QgsProject, QgsRasterLayer

    conn_id = env.save("proseo")
    tracked = place_proseo_order(env, conn_id, "svc-download")
    sandbox.state.clock.advance(3600)
    call(env.service.refresh, conn_id)
    loaded: list[tuple] = []
    env.service.resultsLoaded.connect(lambda t, n, folder, streamed: loaded.append((t.key, n, streamed)))
    current, layers, result = call(env.service.download, conn_id, tracked.id)
    assert loaded == [(tracked.key, len(layers), False)] and layers
    assert all(isinstance(lyr, QgsRasterLayer) and lyr.isValid() for lyr in layers)
    assert QgsProject.instance().layerTreeRoot().findGroup("svc-download") is not None
    assert current.download_folder == str(result.folder) and str(env.tmp_path) in current.download_folder
    assert env.journal.orders(conn_id)[0].download_state == "downloaded"


def test_errors_are_of_one_family_with_a_level(env):
    from eo_orders.core.order_service import SignInRequired
    from eo_orders.providers.base import EoOrdersError, ErrorLevel

    with pytest.raises(EoOrdersError, match="No saved connection"):
        env.service.provider("no-such-connection")
    conn_id = env.save("cdse", two_factor=True)
    with pytest.raises(SignInRequired) as info:
        env.service.provider(conn_id, interactive=False)  # the monitor never asks for a one-time code
    assert info.value.level == ErrorLevel.WARNING and "one-time code" in str(info.value)
    reported: list = []
    env.service.list_workflows("no-such-connection", on_done=lambda r: None, on_error=reported.append)
    assert len(reported) == 1 and isinstance(reported[0], EoOrdersError)


def test_a_download_cut_short_resumes_once_per_session(env, sandbox):
    """The journal remembers a download that did not finish; resuming it is tried once, not every cycle."""
    import requests

    from eo_orders.demo.flow import wait_for

    conn_id = env.save("proseo")
    tracked = place_proseo_order(env, conn_id, "svc-resume")
    sandbox.state.clock.advance(3600)
    call(env.service.refresh, conn_id)
    requests.post(sandbox.base_url + "/_sandbox/faults", timeout=5,
                  json={"method": "GET", "path": r"Product/\$value", "action": "status", "status": 404, "times": -1})
    from eo_orders.providers.base import EoOrdersError

    with pytest.raises(EoOrdersError):
        call(env.service.download, conn_id, tracked.id)
    assert env.journal.unfinished_downloads(conn_id)
    errors: list = []
    env.service.error.connect(errors.append)
    assert env.service.resume_downloads(conn_id) == 1
    wait_for(lambda: bool(errors) and not env.service.runner.active, 30, "the failed resume")
    assert env.service.resume_downloads(conn_id) == 0  # not again this session
    requests.delete(sandbox.base_url + "/_sandbox/faults", timeout=5)
