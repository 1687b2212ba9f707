# SPDX-License-Identifier: GPL-2.0-or-later
"""Secrets never reach a message, a log line (DEBUG included) or the journal, whatever a server echoes.

Safe outcome: no form of the password, API key, token or ``user:password`` (raw, URL-encoded, form-encoded,
base64) and no signed-URL parameter appears in the ``ProviderError`` text or in any log record.
"""

from __future__ import annotations

import base64
import logging

import pytest

from eo_orders.providers.base import ProviderError
from eo_orders.providers.sanitize import plain_text, redact
from tests.hostile.servers import (
    PASSWORD,
    STYLES,
    USERNAME,
    HostileServer,
    Reply,
    first_call,
    leaked,
    make_provider,
    with_login,
)

VARIANTS = sorted(STYLES)


def _echo(req):
    """A server that puts everything it received into its error message, in every common error field."""
    text = req.text()
    return Reply(400, {"detail": text, "message": text, "error": "invalid_request", "error_description": text,
                       "ErrorMessage": text, "title": text})


@pytest.mark.parametrize("variant", VARIANTS)
def test_api_error_echoing_the_request_leaks_nothing(variant, caplog):
    caplog.set_level(logging.DEBUG)
    with HostileServer() as api:
        api.handler = with_login(_echo)
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError) as err:
            first_call(provider)
    assert not leaked(str(err.value)), str(err.value)
    assert not leaked(err.value.details)
    assert not leaked(caplog.text), caplog.text


@pytest.mark.parametrize("variant", ["cdse_odp", "proseo_odip_token", "creodias_finder", "up42", "capella_token"])
def test_login_error_echoing_the_form_leaks_nothing(variant, caplog):
    """Safe: a refused login whose message repeats the posted form (URL-encoded password) shows no password."""
    caplog.set_level(logging.DEBUG)
    with HostileServer() as api:
        api.handler = _echo
        provider = make_provider(variant, api.url)
        with pytest.raises(ProviderError) as err:
            first_call(provider)
    assert not leaked(str(err.value)), str(err.value)
    assert not leaked(caplog.text), caplog.text


@pytest.mark.parametrize("text", [
    "https://storage.googleapis.com/b/o.tif?X-Goog-Algorithm=GOOG4&X-Goog-Credential=svc%40p.iam/20240101&"
    "X-Goog-Signature=0123456789abcdef&X-Goog-Date=20240101T000000Z",
    "https://s3.amazonaws.com/b/o?X-Amz-Credential=AKIA123%2F2024&X-Amz-Signature=deadbeef&X-Amz-Security-Token=tok",
    "https://blob.core.windows.net/c/o?sv=2020&sig=Zm9vYmFyYmF6&se=2024",
    "https://api.example.com/notify?token=abcdef123456",
    "https://alice:hunter2secret@hooks.example.com/notify",
    "grant_type=password&username=alice&password=p%26ss+w0rd%3DS%C3%A9%25cret%2B%2F",
    '{"username": "alice", "password": "hunter2secret", "client_secret": "cs-123456"}',
    "Authorization: Basic " + base64.b64encode(b"alice:hunter2secret").decode(),
    "Keycloak-Token: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl",
    "Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhIn0.c2lnbmF0dXJl",
    "header was " + base64.b64encode(b"alice:hunter2secret").decode() + " (base64)",
])
def test_redact_covers_every_form(text):
    out = redact(text)
    for secret in ("0123456789abcdef", "svc%40p.iam", "deadbeef", "AKIA123", "Zm9vYmFyYmF6", "abcdef123456",
                   "hunter2secret", "p%26ss", "cs-123456", "c2lnbmF0dXJl", "eyJzdWIiOiJhIn0",
                   base64.b64encode(b"alice:hunter2secret").decode()):
        assert secret not in out, (secret, out)


def test_known_secret_is_redacted_in_every_encoding():
    from urllib.parse import quote, quote_plus

    for form in (PASSWORD, quote(PASSWORD, safe=""), quote_plus(PASSWORD)):
        assert PASSWORD not in redact(f"x {form} y", (PASSWORD,)) and form not in redact(f"x {form} y", (PASSWORD,))
    basic = base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode()
    assert basic not in redact(f"Basic {basic}")


def test_debug_log_of_urllib3_has_no_signature(caplog):
    """Safe: urllib3 logs each request line at DEBUG; the signed query must not reach the log."""
    caplog.set_level(logging.DEBUG)
    with HostileServer() as storage:
        storage.handler = lambda req: Reply(200, b"ok", {"Content-Type": "text/plain"})
        from eo_orders.providers.http import Transport, TransportSettings

        Transport(TransportSettings(verify=True)).request(
            "GET", f"{storage.url}/o.tif?X-Goog-Signature=sig0123456789&X-Goog-Credential=cred0123")
    assert "sig0123456789" not in caplog.text and "cred0123" not in caplog.text
    assert "X-Goog-Signature" in caplog.text or caplog.text == ""


def test_plain_text_never_renders_markup():
    out = plain_text("<b>x</b> &lt;a href='http://e'&gt;click&lt;/a&gt; <script>alert(1)</script>" + "y" * 5000)
    assert "<" not in out and "href" not in out and "alert" not in out and len(out) <= 600


def test_provider_error_message_is_always_sanitised():
    exc = ProviderError("<a href='http://x'>go</a> password=hunter2secret")
    assert "hunter2secret" not in str(exc) and "<a" not in str(exc)
    exc.message = "token=abcdefgh123 " + "z" * 10_000
    assert "abcdefgh123" not in exc.message and len(exc.message) <= 600


def test_secret_option_values_never_reach_validation_messages():
    """jsonschema quotes the bad value; an option named like a secret must not be quoted."""
    from eo_orders.providers.base import ValidationError
    from eo_orders.providers.schema import validate_options

    schema = {"type": "object", "properties": {"notificationPassword": {"type": "string", "maxLength": 3},
                                               "apiKey": {"type": "integer"}}}
    with pytest.raises(ValidationError) as err:
        validate_options(schema, {"notificationPassword": "hunter2-long-secret", "apiKey": "ak-value-secret"})
    text = str(err.value) + repr(err.value.field_errors)
    assert "hunter2-long-secret" not in text and "ak-value-secret" not in text
    assert set(err.value.field_errors) == {"notificationPassword", "apiKey"}
