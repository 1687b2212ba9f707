# SPDX-License-Identifier: GPL-2.0-or-later
"""TLS failures are named as certificate problems, tried once, never make a submit ambiguous; QGIS's proxy
settings (exclusions included) win over the environment.

Safe outcome: a ``ProviderError`` that says "certificate" after exactly one connection attempt, which
``submit_once`` does not treat as an ambiguous (maybe-paid) submit; requests go through the proxy QGIS
names, except to excluded hosts, whatever ``HTTP_PROXY`` says.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from qgis.core import QgsSettings

from eo_orders.core.connections import qgis_proxy_exclusions, qgis_transport_settings
from eo_orders.providers.base import AmbiguousSubmitError, OrderRequest, ProviderError, Workflow
from eo_orders.providers.http import Transport, TransportSettings
from eo_orders.providers.submit import is_ambiguous, submit_once
from tests.hostile.servers import STYLES, HostileServer, Reply, first_call, make_provider, self_signed, with_login


@pytest.mark.parametrize("variant", sorted(STYLES))
def test_untrusted_certificate_is_named_and_not_retried(variant, tmp_path):
    with HostileServer(tls=self_signed(tmp_path)) as api:
        api.handler = with_login(lambda req: Reply(200, {}))
        provider = make_provider(variant, api.url)
        provider.transport.settings.retries = 4
        with pytest.raises(ProviderError) as err:
            first_call(provider)
    assert "certificate" in err.value.message and "not trusted" in err.value.message
    assert err.value.code == "certificate" and not err.value.retryable
    assert api.connections == 1


@pytest.mark.parametrize("variant", sorted(STYLES))
def test_submit_failing_on_tls_is_not_ambiguous(variant, tmp_path):
    request = OrderRequest(workflow=Workflow(id="wf", name="wf", kind="processing"), name="eo-tls-1",
                           inputs=["S2A_MSIL1C_20240101.SAFE"], start=datetime(2024, 1, 1, tzinfo=timezone.utc),
                           end=datetime(2024, 1, 2, tzinfo=timezone.utc),
                           aoi={"type": "Polygon", "coordinates": [[[0, 0], [1, 0], [1, 1], [0, 0]]]})
    with HostileServer(tls=self_signed(tmp_path)) as api:
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError) as err:
            submit_once(provider, request, lookup_delay=0)
    assert not isinstance(err.value, AmbiguousSubmitError) and not is_ambiguous(err.value)
    assert api.connections <= 1


def test_trusted_ca_bundle_makes_it_work(tmp_path):
    """The same server is fine once its certificate is trusted: the failure above is about trust only."""
    ctx = self_signed(tmp_path)
    with HostileServer(tls=ctx) as api:
        api.handler = lambda req: Reply(200, {"ok": True})
        t = Transport(TransportSettings(verify=str(tmp_path / "cert.pem")))
        assert t.json("GET", f"{api.url}/x") == {"ok": True}


def _proxy_servers():
    return HostileServer(lambda req: Reply(200, {"via": "qgis-proxy"})), \
        HostileServer(lambda req: Reply(200, {"via": "env-proxy"}))


def test_qgis_proxy_wins_over_the_environment(monkeypatch):
    qgis_proxy, env_proxy = _proxy_servers()
    with qgis_proxy, env_proxy:
        monkeypatch.setenv("HTTP_PROXY", env_proxy.url)
        monkeypatch.setenv("http_proxy", env_proxy.url)
        t = Transport(TransportSettings(proxies={"http": qgis_proxy.url, "https": qgis_proxy.url}))
        assert t.json("GET", "http://eo-orders-target.invalid/x") == {"via": "qgis-proxy"}
    assert env_proxy.received == []


@pytest.mark.parametrize("exclusion", ["{target}", "{target}/", "127.0.0.1"])
def test_excluded_hosts_go_direct(monkeypatch, exclusion):
    qgis_proxy, env_proxy = _proxy_servers()
    with qgis_proxy, env_proxy, HostileServer(lambda req: Reply(200, {"via": "direct"})) as target:
        monkeypatch.setenv("HTTP_PROXY", env_proxy.url)
        monkeypatch.setenv("http_proxy", env_proxy.url)
        t = Transport(TransportSettings(proxies={"http": qgis_proxy.url, "https": qgis_proxy.url},
                                        no_proxy=(exclusion.format(target=target.url),)))
        assert t.json("GET", f"{target.url}/x") == {"via": "direct"}
    assert qgis_proxy.received == [] and env_proxy.received == []


def test_without_a_qgis_proxy_the_system_environment_applies(monkeypatch):
    _, env_proxy = _proxy_servers()
    with env_proxy:
        monkeypatch.setenv("HTTP_PROXY", env_proxy.url)
        monkeypatch.setenv("http_proxy", env_proxy.url)
        monkeypatch.delenv("NO_PROXY", raising=False)
        monkeypatch.delenv("no_proxy", raising=False)
        assert Transport(TransportSettings()).json("GET", "http://eo-orders-target.invalid/x") == {"via": "env-proxy"}


def test_qgis_settings_map_to_transport_settings(qgis_app):
    s = QgsSettings()
    keys = ["proxy/proxyEnabled", "proxy/proxyHost", "proxy/proxyPort", "proxy/proxyType", "proxy/proxyExcludedUrls"]
    old = {k: s.value(k) for k in keys}
    try:
        s.setValue("proxy/proxyEnabled", True)
        s.setValue("proxy/proxyHost", "proxy.local")
        s.setValue("proxy/proxyPort", "3128")
        s.setValue("proxy/proxyType", "HttpProxy")
        s.setValue("proxy/proxyExcludedUrls", ["https://odp.dataspace.copernicus.eu", "http://intranet.local/"])
        settings = qgis_transport_settings()
        assert settings.proxies["https"] == "http://proxy.local:3128"
        assert "https://odp.dataspace.copernicus.eu" in settings.no_proxy
        s.setValue("proxy/proxyExcludedUrls", "http://a.local|http://b.local")
        assert qgis_proxy_exclusions() == ("http://a.local", "http://b.local")
        s.setValue("eo_orders/max_reply_mb", 500)
        s.setValue("eo_orders/request_deadline_s", 30)
        settings = qgis_transport_settings()
        assert settings.max_body_bytes == 500 << 20 and settings.deadline == 30.0
    finally:
        s.remove("eo_orders/max_reply_mb")
        s.remove("eo_orders/request_deadline_s")
        for k, v in old.items():
            if v is None:
                s.remove(k)
            else:
                s.setValue(k, v)
