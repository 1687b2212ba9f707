# SPDX-License-Identifier: GPL-2.0-or-later
"""CREODIAS Finder: the sandbox's replies have the shapes of the real ones, and the client parses the real ones.

Real replies are read from ``../shared/fixtures/creodias_finder/`` at test time (never copied into the project):
CloudFerro's Keycloak token reply and a real ``/summary`` reply. Nothing real exists for the order list, the
order items, order creation or Finder's error bodies: those are guesses (listed in the README) and the
sandbox serves each guessed form behind a switch, tested in ``tests/providers/test_creodias_finder.py``.
"""

from __future__ import annotations

import requests

from eo_orders.providers.base import ConnectionConfig, OrderStatus, ProviderError
from eo_orders.providers.creodias_finder import CreodiasFinderProvider, parse_summary
from eo_orders.providers.http import Transport, TransportSettings
from sandbox.creodias import seed_order
from tests.helpers.scripted_server import Reply, ScriptedServer
from tests.helpers.shapes import assert_same_shape

USER = "demo@example.com"


def sandbox_token(sandbox) -> requests.Response:
    return requests.post(sandbox.connection_urls("creodias")["token"], timeout=10, data={
        "client_id": "CLOUDFERRO_PUBLIC", "grant_type": "password", "username": USER,
        "password": sandbox.state.config.users[USER]})


def test_token_reply_has_the_real_shape_and_lifetime(sandbox, shared_fixture):
    real = shared_fixture("creodias_finder/keycloak_token_response.json")
    reply = sandbox_token(sandbox)
    assert reply.status_code == 200
    assert_same_shape(real, reply.json())
    assert reply.json()["expires_in"] == real["expires_in"] == 300  # captured, not the document's ten minutes


def test_summary_has_the_real_shape(sandbox, shared_fixture):
    oid = seed_order(sandbox.state, 12)
    token = sandbox_token(sandbox).json()["access_token"]
    api = sandbox.connection_urls("creodias")["api"]
    reply = requests.get(f"{api}/{oid}/summary", headers={"Keycloak-Token": token}, timeout=10)
    assert reply.status_code == 200
    assert_same_shape(shared_fixture("creodias_finder/order_summary_response.json"), reply.json())


def test_client_logs_in_with_the_real_token_reply_and_reads_the_real_summary(shared_fixture):
    token = shared_fixture("creodias_finder/keycloak_token_response.json")
    summary = shared_fixture("creodias_finder/order_summary_response.json")
    with ScriptedServer() as server:
        server.script("/token", Reply(200, token))
        server.script("/api/order/1331871/summary", Reply(200, summary))
        conn = ConnectionConfig(id="real", name="Finder replay", kind="creodias_finder", username=USER, secret="pw",
                                urls={"api": f"{server.url}/api/order", "token": f"{server.url}/token",
                                      "catalogue": f"{server.url}/odata/v1", "download": f"{server.url}/zipper"})
        p = CreodiasFinderProvider(conn, Transport(TransportSettings(retries=0)))
        body = p.order_summary("1331871")
        (call,) = (s for s in server.seen if s.path.startswith("/api/"))
        # the real token (with '&', '%' and '#' in it) travels whole in Keycloak-Token, not in Authorization
        assert call.headers["Keycloak-Token"] == token["access_token"] and "Authorization" not in call.headers
    order = parse_summary("1331871", body)
    assert (order.id, order.status, order.raw_status) == ("1331871", OrderStatus.IN_PROGRESS, "processing")
    assert order.progress == (192 + 0) / (40 + 0 + 192 + 575 + 0)
    assert order.message == "192 of 807 products done, 0 failed or cancelled."
    assert order.completed_at is None  # still processing


def test_client_says_retired_for_a_gateway_410_or_a_module_404():
    with ScriptedServer() as server:
        server.script("/token", *[Reply(200, {"access_token": "t", "expires_in": 300, "refresh_token": "r",
                                              "refresh_expires_in": 1800, "token_type": "bearer"})] * 2)
        server.script("/api/order/", Reply(410, "<html><body>410 Gone</body></html>",
                                           {"Content-Type": "text/html"}),
                      Reply(404, {"ErrorMessage": "processModuleRoute - Not Found", "ErrorCode": 404}))
        conn = ConnectionConfig(id="gone", name="Finder", kind="creodias_finder", username=USER, secret="pw",
                                urls={"api": f"{server.url}/api/order", "token": f"{server.url}/token",
                                      "catalogue": f"{server.url}/odata/v1", "download": f"{server.url}/zipper"})
        p = CreodiasFinderProvider(conn, Transport(TransportSettings(retries=0)))
        for status in (410, 404):
            try:
                p.orders()
            except ProviderError as exc:
                assert (exc.status, exc.code) == (status, "SERVICE_RETIRED") and "has been retired" in exc.message
            else:
                raise AssertionError(f"HTTP {status} must raise")
