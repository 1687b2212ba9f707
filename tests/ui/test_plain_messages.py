# SPDX-License-Identifier: GPL-2.0-or-later
"""Messages in plain sentences (issue 14): no urllib3 text for an unreachable host, error pages name the
URL they came from (without query or credentials), and the dock shows them as they are made."""

from __future__ import annotations

import socket
import uuid

import pytest
from qgis.core import QgsSettings

from eo_orders.providers.base import ConnectionConfig, NotFoundError, ProviderError
from eo_orders.providers.http import Transport, TransportSettings
from tests.helpers.scripted_server import Reply, ScriptedServer


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_unreachable_host_reads_cannot_reach():
    port = _free_port()
    transport = Transport(TransportSettings(retries=0))
    with pytest.raises(ProviderError) as caught:
        transport.request("GET", f"http://127.0.0.1:{port}/odata/v1/Workflows?$top=5")
    text = str(caught.value)
    assert text.startswith(f"Cannot reach 127.0.0.1:{port}: the connection was refused")
    assert "HTTPConnectionPool" not in text and "Max retries" not in text and "$top" not in text


def test_error_page_names_the_url_without_query_or_credentials():
    with ScriptedServer() as server:
        server.script("/odata/v1/Nope", Reply(404, "<html><body><h1>Not Found</h1></body></html>",
                                              headers={"Content-Type": "text/html"}))
        host = server.url.replace("http://", "")
        transport = Transport(TransportSettings(retries=0))
        with pytest.raises(NotFoundError) as caught:
            transport.request("GET", f"http://user:s3cret@{host}/odata/v1/Nope?token=abc")
    text = str(caught.value)
    assert f"http://{host}/odata/v1/Nope" in text and text.startswith("Not found: the service sent an error page")
    assert "s3cret" not in text and "token=abc" not in text and "user:" not in text


def test_the_dock_says_which_host_it_cannot_reach(qgis_app, memory_keyring, qgis_iface):
    from eo_orders.core.connections import ConnectionStore
    from eo_orders.core.order_service import OrderService
    from eo_orders.providers import provider_class
    from eo_orders.ui.dock import EoOrdersDock

    port = _free_port()
    prefix = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    store = ConnectionStore(prefix)
    urls = {k: f"http://127.0.0.1:{port}/{k}" for k in provider_class("up42").default_urls}
    conn = store.save(ConnectionConfig(id="", name="UP42 nowhere", kind="up42", urls=urls,
                                       username="demo@example.com", secret="pw"))
    service = OrderService(store, transport_settings=lambda: TransportSettings(retries=0))
    dock = EoOrdersDock(qgis_iface, service)
    try:
        dock.set_connection(conn.id)
        assert dock.runner.wait_idle(30)
        assert f"Cannot reach 127.0.0.1:{port}" in dock.last_error, dock.last_error
        assert "Max retries" not in dock.last_error and "HTTPConnectionPool" not in dock.last_error
    finally:
        dock.cleanup()
        service.close()
        QgsSettings().remove(prefix.rsplit("/", 1)[0])
