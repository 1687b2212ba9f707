# SPDX-License-Identifier: GPL-2.0-or-later
"""Credentials stay with the origin they were issued for, for every provider and every auth style.

Safe outcome in each test: the third-party server (another port on 127.0.0.1 is another origin) receives
no credential header of any style (Bearer, Keycloak-Token, ApiKey, Basic) and no password in any
encoding; the call either ends with a ``ProviderError`` or, for downloads, succeeds without credentials.
"""

from __future__ import annotations

import pytest

from eo_orders.providers.base import ProviderError, ResultAsset
from eo_orders.providers.download import download_asset
from tests.hostile.servers import (
    STYLES,
    HostileServer,
    Reply,
    carries_credentials,
    first_call,
    leaked,
    make_provider,
    with_login,
)

VARIANTS = sorted(STYLES)


def _redirect_all(to: str, status: int):
    return with_login(lambda req: Reply(status, b"", {"Location": f"{to}/stolen{req.path}"}))


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("variant", VARIANTS)
def test_api_redirect_to_another_host_gets_no_credentials(variant, status):
    """Safe: an API reply redirecting elsewhere is not followed with credentials (here: not at all)."""
    with HostileServer() as thief, HostileServer() as api:
        api.handler = _redirect_all(thief.url, status)
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError) as err:
            first_call(provider)
        assert "another server" in err.value.message or "not HTTP" in err.value.message
        for req in thief.received:
            assert not carries_credentials(req), req.text()
        assert not leaked(str(err.value))


@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
@pytest.mark.parametrize("variant", ["cdse_odp", "proseo_odip_token", "creodias_finder", "up42", "capella_token"])
def test_login_redirect_never_reposts_the_password(variant, status):
    """Safe: a login endpoint that redirects to another host never receives the form or Basic header again
    there; the login fails with a ProviderError."""
    with HostileServer() as thief, HostileServer() as api:
        def handler(req):
            if "token" in req.path:
                return Reply(status, b"", {"Location": f"{thief.url}/collect"})
            return Reply(200, {})

        api.handler = handler
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError):
            first_call(provider)
        assert thief.received == [] or all(not carries_credentials(r) for r in thief.received)
        assert all(r.method == "GET" and not r.body for r in thief.received)


@pytest.mark.parametrize("variant", VARIANTS)
def test_scheme_change_on_the_same_host_is_another_origin(variant):
    """Safe: ``http`` → ``https`` (or a different port) of the same host name is not the same origin."""
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(302, b"", {"Location": api.url.replace("http://", "https://")
                                                              + "/x"}))
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError) as err:
            first_call(provider)
        assert "another server" in err.value.message


@pytest.mark.parametrize("variant", VARIANTS)
def test_asset_link_to_another_host_gets_no_credentials(variant, tmp_path):
    """Safe: a result ``href`` naming another origin (a link from a reply) is fetched without credentials,
    or refused; the bytes are kept only if the download completes."""
    with HostileServer() as storage, HostileServer() as api:
        storage.handler = lambda req: Reply(200, b"GEOTIFF-BYTES", {"Content-Type": "image/tiff"})
        api.handler = with_login(lambda req: Reply(200, {}))
        provider = make_provider(variant, api.url)
        asset = ResultAsset(href=f"{storage.url}/bucket/result.tif", file_name="result.tif", size=13)
        try:
            path = download_asset(lambda off: provider.open_asset(asset, off), tmp_path, asset.file_name,
                                  expected_size=13)
            assert path.read_bytes() == b"GEOTIFF-BYTES"
        except ProviderError:
            assert not (tmp_path / "result.tif").exists()
        for req in storage.received:
            assert not carries_credentials(req), req.text()


@pytest.mark.parametrize("variant", VARIANTS)
def test_download_redirect_to_storage_is_followed_without_credentials(variant, tmp_path):
    """Safe: a download on the API host that redirects to object storage (a signed URL) is followed for the
    bytes, but the storage host sees no credential; providers that refuse foreign hosts refuse cleanly."""
    with HostileServer() as storage, HostileServer() as api:
        storage.handler = lambda req: Reply(200, b"ZIPBYTES", {"Content-Type": "application/zip"})

        def handler(req):
            if req.path.endswith("/result.zip"):
                return Reply(302, b"", {"Location": f"{storage.url}/signed/result.zip?X-Goog-Signature=abc123"})
            return Reply(200, {})

        api.handler = with_login(handler)
        provider = make_provider(variant, api.url)
        base = provider.url("api")
        asset = ResultAsset(href=f"{base}/result.zip", file_name="result.zip", size=8)
        try:
            path = download_asset(lambda off: provider.open_asset(asset, off), tmp_path, asset.file_name,
                                  expected_size=8)
            assert path.read_bytes() == b"ZIPBYTES"
        except ProviderError as exc:
            assert "abc123" not in str(exc)
        for req in storage.received:
            assert not carries_credentials(req), req.text()


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/x", "javascript:alert(1)",
                                      "//evil.invalid/x", "http://user:pw@127.0.0.1:1/x"])
@pytest.mark.parametrize("variant", ["cdse_odp", "capella"])
def test_redirect_to_odd_targets_is_refused(variant, location):
    """Safe: a Location that is not HTTP(S) on the same origin is never followed (no local file read, no
    credential sent to a protocol-relative or user-info address)."""
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(302, b"", {"Location": location}))
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError) as err:
            first_call(provider)
        assert "pw@" not in err.value.message


@pytest.mark.parametrize("variant", VARIANTS)
def test_redirect_loop_on_the_same_host_stops(variant):
    with HostileServer() as api:
        api.handler = with_login(lambda req: Reply(302, b"", {"Location": req.path + "x"}))
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError, match="redirected more than|requests"):
            first_call(provider)
        assert len(api.received) < 40
