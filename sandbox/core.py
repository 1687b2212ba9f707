# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared parts of the provider emulators: clock, token issuer, users, errors, admin control.

Every emulator is a Flask blueprint mounted under its own prefix on one local server (see ``app``).
The sandbox never imports the plugin's code: it emulates the providers' documented contracts, so a
plugin bug cannot hide behind a matching bug here.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable

from flask import Response, current_app, jsonify, request


class Clock:
    """Time for order state machines, with a speed factor so tests move orders on in seconds.

    ``now()`` is sandbox time in seconds; ``advance(s)`` jumps forward (tests use it to finish orders
    without waiting).
    """

    def __init__(self, speed: float = 1.0) -> None:
        self._lock = threading.Lock()
        self.speed = speed
        self._offset = 0.0
        self._start_real = time.time()
        self._start_virtual = time.time()

    def now(self) -> float:
        with self._lock:
            return self._start_virtual + (time.time() - self._start_real) * self.speed + self._offset

    def advance(self, seconds: float) -> None:
        with self._lock:
            self._offset += seconds

    def set_speed(self, speed: float) -> None:
        with self._lock:
            now_virtual = self._start_virtual + (time.time() - self._start_real) * self.speed
            self._start_real, self._start_virtual, self.speed = time.time(), now_virtual, speed


@dataclass
class Token:
    value: str
    user: str
    realm: str
    expires_at: float
    kind: str = "access"


class TokenIssuer:
    """Issues and checks expiring access and refresh tokens (real wall time, not the order clock)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._tokens: dict[str, Token] = {}
        self.issued = 0

    def issue(self, user: str, realm: str, lifetime: float, kind: str = "access") -> Token:
        tok = Token(secrets.token_urlsafe(32), user, realm, time.time() + lifetime, kind)
        with self._lock:
            self._tokens[tok.value] = tok
            if kind == "access":
                self.issued += 1
        return tok

    def check(self, value: str | None, realm: str, kind: str = "access") -> Token | None:
        if not value:
            return None
        with self._lock:
            tok = self._tokens.get(value)
        if tok is None or tok.realm != realm or tok.kind != kind or tok.expires_at <= time.time():
            return None
        return tok

    def revoke(self, value: str) -> None:
        with self._lock:
            self._tokens.pop(value, None)


@dataclass
class SandboxConfig:
    """Knobs tests turn: token lifetimes, how fast orders move, which inputs fail."""

    token_lifetime: float | None = None  # None: each provider's documented lifetime
    refresh_lifetime: float | None = None
    #: seconds of sandbox time an order spends queued, then in progress
    queued_seconds: float = 2.0
    processing_seconds: float = 4.0
    #: input names containing this marker end as failed
    fail_marker: str = "FAILME"
    users: dict[str, str] = field(default_factory=lambda: {"demo@example.com": "demo-Pa55 &=%é word"})
    totp: dict[str, str] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)


class SandboxState:
    """Everything the emulators share, kept on the Flask app as ``app.extensions['sandbox']``."""

    def __init__(self, config: SandboxConfig | None = None, data_dir: str = "") -> None:
        self.config = config or SandboxConfig()
        self.clock = Clock()
        self.tokens = TokenIssuer()
        self.data_dir = data_dir
        self.lock = threading.RLock()
        #: per-emulator state (orders, ...), keyed by emulator name
        self.stores: dict[str, Any] = {}
        #: request log: (method, path) per request, for tests that count calls
        self.requests: list[tuple[str, str]] = []
        self.reset_hooks: list[Callable[[], None]] = []

    def store(self, name: str, factory: Callable[[], Any]) -> Any:
        with self.lock:
            if name not in self.stores:
                self.stores[name] = factory()
            return self.stores[name]

    def reset(self) -> None:
        with self.lock:
            self.stores.clear()
            self.requests.clear()
            self.config = SandboxConfig()
            self.clock = Clock()


def state() -> SandboxState:
    return current_app.extensions["sandbox"]


def base_url() -> str:
    """The server root as the client reached it (``http://127.0.0.1:PORT``)."""
    return request.host_url.rstrip("/")


def json_error(status: int, body: Any, headers: dict[str, str] | None = None) -> Response:
    resp = jsonify(body)
    resp.status_code = status
    for k, v in (headers or {}).items():
        resp.headers[k] = v
    return resp


def bearer_token() -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth.lower().startswith("bearer "):
        return auth[7:].strip()
    return None


def keycloak_token_endpoint(realm: str, client_id: str, default_lifetime: float,
                            default_refresh: float) -> Response:
    """A Keycloak ``openid-connect/token`` endpoint: password and refresh_token grants, form-encoded.

    Errors are Keycloak's: ``{"error": "invalid_grant", "error_description": ...}`` with 401 for bad
    credentials, 400 for a bad request.
    """
    st = state()
    cfg = st.config
    if not request.content_type or "application/x-www-form-urlencoded" not in request.content_type:
        return json_error(400, {"error": "invalid_request", "error_description": "Missing form parameter: grant_type"})
    form = request.form
    if form.get("client_id") != client_id:
        return json_error(401, {"error": "invalid_client",
                                "error_description": "Invalid client or Invalid client credentials"})
    grant = form.get("grant_type")
    lifetime = cfg.token_lifetime if cfg.token_lifetime is not None else default_lifetime
    refresh_life = cfg.refresh_lifetime if cfg.refresh_lifetime is not None else default_refresh
    if grant == "password":
        user, password = form.get("username", ""), form.get("password", "")
        if cfg.users.get(user) != password:
            return json_error(401, {"error": "invalid_grant", "error_description": "Invalid user credentials"})
        if user in cfg.totp and form.get("totp") != cfg.totp[user]:
            return json_error(401, {"error": "invalid_grant", "error_description": "Invalid user credentials"})
    elif grant == "refresh_token":
        ref = st.tokens.check(form.get("refresh_token"), realm, kind="refresh")
        if ref is None:
            return json_error(400, {"error": "invalid_grant", "error_description": "Token is not active"})
        user = ref.user
    else:
        return json_error(400, {"error": "unsupported_grant_type", "error_description": "Unsupported grant_type"})
    access = st.tokens.issue(user, realm, lifetime)
    refresh = st.tokens.issue(user, realm, refresh_life, kind="refresh")
    return jsonify({
        "access_token": access.value,
        "expires_in": int(lifetime) if float(lifetime).is_integer() else lifetime,
        "refresh_expires_in": int(refresh_life),
        "refresh_token": refresh.value,
        "token_type": "Bearer",
        "not-before-policy": 0,
        "session_state": secrets.token_hex(8),
        "scope": "profile email",
    })
