# SPDX-License-Identifier: GPL-2.0-or-later
"""The transport under every provider: retries only when safe, Retry-After, clear errors, tokens once."""

from __future__ import annotations

import threading

import pytest

from eo_orders.providers.base import AmbiguousSubmitError, AuthError, ProviderError
from eo_orders.providers.http import (
    HeaderAuth,
    TokenAuth,
    Transport,
    keycloak_password_fetch,
    redact,
)
from tests.helpers.scripted_server import Reply


@pytest.fixture()
def transport(recording_transport):
    return recording_transport(retries=3)


def test_get_retries_503_then_succeeds(server, transport):
    server.script("/x", Reply(503, {"detail": "busy"}), Reply(502, "<html>bad gateway</html>",
                                                                {"Content-Type": "text/html"}), Reply(200, {"ok": 1}))
    assert transport.json("GET", server.url + "/x") == {"ok": 1}
    assert server.count("/x") == 3
    assert len(transport.sleeps) == 2


def test_retry_after_is_honoured(server, transport):
    server.script("/x", Reply(429, {"detail": "slow down"}, {"Retry-After": "7"}), Reply(200, {"ok": 1}))
    transport.json("GET", server.url + "/x")
    assert transport.sleeps == [7.0]


def test_post_429_is_retried_because_nothing_happened(server, transport):
    server.script("/order", Reply(429, {"detail": "quota"}, {"Retry-After": "1"}), Reply(201, {"Id": 5}))
    assert transport.json("POST", server.url + "/order", json={"a": 1}) == {"Id": 5}
    assert server.count("/order") == 2


def test_post_503_is_not_blindly_repeated(server, transport):
    server.script("/order", Reply(503, {"detail": "down"}), Reply(201, {"Id": 5}))
    with pytest.raises(ProviderError) as exc:
        transport.json("POST", server.url + "/order", json={"a": 1})
    assert server.count("/order") == 1
    assert "try again later" in str(exc.value).lower()


def test_post_connection_reset_is_ambiguous(server, transport):
    server.script("/order", Reply(action="reset"))
    with pytest.raises(AmbiguousSubmitError):
        transport.json("POST", server.url + "/order", json={"a": 1})
    assert server.count("/order") == 1


def test_get_connection_reset_is_retried(server, transport):
    server.script("/x", Reply(action="reset"), Reply(200, {"ok": 1}))
    assert transport.json("GET", server.url + "/x") == {"ok": 1}


def test_gives_up_after_retries_with_clear_message(server, transport):
    server.script("/x", *[Reply(503, {"detail": "maintenance"})] * 10)
    with pytest.raises(ProviderError) as exc:
        transport.json("GET", server.url + "/x")
    assert server.count("/x") == 4
    assert "maintenance" in str(exc.value)


@pytest.mark.parametrize("body,ctype,expect", [
    ("<html><body>Gateway</body></html>", "text/html", "HTML page"),
    ('{"value": [1, 2', "application/json", "not valid JSON"),
])
def test_html_or_malformed_body_is_a_clear_error(server, transport, body, ctype, expect):
    server.script("/x", Reply(200, body, {"Content-Type": ctype}))
    with pytest.raises(ProviderError) as exc:
        transport.json("GET", server.url + "/x")
    assert expect in str(exc.value)


def test_fastapi_validation_detail_becomes_message(server, transport):
    server.script("/x", Reply(422, {"detail": [{"loc": ["body", "Priority"], "msg": "value is not a valid integer",
                                                "type": "type_error.integer"}]}))
    with pytest.raises(ProviderError) as exc:
        transport.json("POST", server.url + "/x", json={})
    assert "Priority: value is not a valid integer" in str(exc.value)
    assert exc.value.status == 422


def test_401_renews_the_token_once(server, transport):
    server.script("/token", Reply(200, {"access_token": "tok-one-1234", "expires_in": 600}),
                  Reply(200, {"access_token": "tok-two-5678", "expires_in": 600}))
    server.script("/x", Reply(401, {"detail": "expired"}), Reply(200, {"ok": 1}))
    auth = TokenAuth(keycloak_password_fetch(server.url + "/token", "cid", "u", "p"))
    assert transport.json("GET", server.url + "/x", auth=auth) == {"ok": 1}
    auths = [s.headers.get("Authorization") for s in server.seen if s.path == "/x"]
    assert auths == ["Bearer tok-one-1234", "Bearer tok-two-5678"]


def test_concurrent_calls_share_one_login(server, transport):
    server.script("/token", Reply(200, {"access_token": "shared-token", "expires_in": 600}))
    server.default = Reply(200, {"ok": 1})
    auth = TokenAuth(keycloak_password_fetch(server.url + "/token", "cid", "u", "p"))
    threads = [threading.Thread(target=transport.json, args=("GET", server.url + f"/x{i}"), kwargs={"auth": auth})
               for i in range(10)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert server.count("/token") == 1
    assert auth.logins == 1


def test_wrong_password_is_a_login_message_without_the_password(server, transport):
    server.script("/token", Reply(401, {"error": "invalid_grant", "error_description": "Invalid user credentials"}))
    auth = TokenAuth(keycloak_password_fetch(server.url + "/token", "cid", "u", "s3cret-Pass&word"))
    with pytest.raises(AuthError) as exc:
        transport.json("GET", server.url + "/x", auth=auth)
    assert "Invalid user credentials" in str(exc.value)
    assert "s3cret" not in str(exc.value)


def test_password_with_special_characters_is_form_encoded(server, transport):
    server.script("/token", Reply(200, {"access_token": "t-ok-123", "expires_in": 600}))
    password = "a&b=c%d e+é"
    auth = TokenAuth(keycloak_password_fetch(server.url + "/token", "cid", "user@x", password))
    auth.token(transport)
    from urllib.parse import parse_qs

    form = parse_qs(server.seen[0].body.decode())
    assert form["password"] == [password]


def test_header_auth_secret_is_redacted_from_errors(server, transport):
    server.script("/x", Reply(400, {"detail": "bad key ApiKey-SECRET-123 given"}))
    with pytest.raises(ProviderError) as exc:
        transport.json("GET", server.url + "/x", auth=HeaderAuth("Authorization", "ApiKey ApiKey-SECRET-123",
                                                                 secret="ApiKey-SECRET-123"))
    assert "ApiKey-SECRET-123" not in str(exc.value)


def test_redact_removes_signatures_from_urls():
    url = "https://bucket.s3.amazonaws.com/a.tif?X-Amz-Credential=AKIA/x&X-Amz-Signature=abcdef&token=zzz"
    out = redact(url)
    assert "abcdef" not in out and "zzz" not in out and "AKIA" not in out


def test_system_ca_bundle_is_trusted_by_default(monkeypatch, tmp_path):
    from eo_orders.providers.http import SYSTEM_CA_BUNDLES, system_ca_bundle

    bundle = tmp_path / "corp-ca.pem"
    bundle.write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    assert system_ca_bundle() == str(bundle)
    assert Transport().session.verify == str(bundle)
    monkeypatch.delenv("REQUESTS_CA_BUNDLE")
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    import os

    expected = next((p for p in SYSTEM_CA_BUNDLES if os.path.exists(p)), True)
    assert system_ca_bundle() == expected
