# SPDX-License-Identifier: GPL-2.0-or-later
"""Fault injection: make the next matching request(s) slow, fail, return junk or lose the connection.

Why: the plugin's retry, timeout, resume and "did my order get created?" logic can only be tested
against a server that misbehaves on demand, in the ways real networks and gateways do. Tests add rules
with ``POST /_sandbox/faults`` (a JSON list, or one rule object) and clear them with ``DELETE``.

A rule::

    {"method": "GET" | "*", "path": "<regex searched in the request path>", "times": 1,
     "action": "delay" | "status" | "html" | "malformed_json" | "truncated_json" |
               "reset_before" | "reset_after" | "drop_body_at" | "slow_body",
     ...action parameters}

Parameters: ``delay``: ``seconds``; ``status``: ``status`` (e.g. 429/500/502/503), ``retry_after``
(header value), ``body`` (JSON, optional); ``html``: ``status`` (default 502); ``drop_body_at``:
``bytes`` and ``chunked`` (true: drop Content-Length so the reply is chunked); ``slow_body``:
``bytes_per_second``.

Note on ``drop_body_at``: the reply keeps its Content-Length by default, like a real server whose
connection dies. urllib3 1.26 (Debian's, used by QGIS) does NOT raise on such a short body: a client
must compare the bytes it got with Content-Length. With ``chunked`` every client sees an error.

The action's main parameter may also be given as ``value``. ``times`` counts the matching requests the
rule hits (-1: every one).

``reset_before`` closes the socket before the view runs (no side effect); ``reset_after``,
``drop_body_at``, ``slow_body``, ``malformed_json`` and ``truncated_json`` let the view run first, so its
side effect (e.g. an order created) happens although the client never gets a usable reply.
Admin paths under ``/_sandbox`` are never hit, except downloads under ``/_sandbox/files/``.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from flask import Blueprint, Flask, Request, Response, current_app, g, jsonify, request

BEFORE_ACTIONS = ("delay", "status", "html", "reset_before")
AFTER_ACTIONS = ("malformed_json", "truncated_json", "reset_after", "drop_body_at", "slow_body")
ACTIONS = BEFORE_ACTIONS + AFTER_ACTIONS
_PARAM = {"delay": "seconds", "status": "status", "html": "status", "drop_body_at": "bytes",
          "slow_body": "bytes_per_second"}
_HTML = ("<html>\r\n<head><title>{code} {reason}</title></head>\r\n<body>\r\n<center><h1>{code} {reason}</h1>"
         "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")
_REASONS = {429: "Too Many Requests", 500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable",
            504: "Gateway Time-out"}


class FaultError(ValueError):
    """A rule that cannot be used (unknown action, bad regex, missing parameter)."""


@dataclass
class Rule:
    action: str
    path: re.Pattern[str]
    method: str = "*"
    times: int = 1
    params: dict[str, Any] = field(default_factory=dict)
    hits: int = 0

    @classmethod
    def from_dict(cls, raw: dict[str, Any]) -> Rule:
        if not isinstance(raw, dict):
            raise FaultError("a rule must be a JSON object")
        action = raw.get("action")
        if action not in ACTIONS:
            raise FaultError(f"unknown action {action!r}; expected one of {', '.join(ACTIONS)}")
        try:
            path = re.compile(str(raw.get("path", ".*")))
        except re.error as exc:
            raise FaultError(f"bad path regex: {exc}") from None
        params = {k: v for k, v in raw.items() if k not in ("action", "path", "method", "times")}
        key = _PARAM.get(action)
        if key and key not in params and "value" in params:
            params[key] = params.pop("value")
        if action == "status" and "status" not in params:
            raise FaultError("action 'status' needs 'status'")
        if action in ("delay", "drop_body_at", "slow_body") and key not in params:
            raise FaultError(f"action {action!r} needs {key!r}")
        try:
            for name in ("seconds", "bytes_per_second"):
                if name in params:
                    params[name] = float(params[name])
            for name in ("status", "bytes"):
                if name in params:
                    params[name] = int(params[name])
            times = int(raw.get("times", 1))
        except (TypeError, ValueError):
            raise FaultError("numeric rule parameter expected") from None
        if params.get("bytes_per_second", 1) <= 0:
            raise FaultError("bytes_per_second must be > 0")
        return cls(action, path, str(raw.get("method", "*")).upper(), times, params)

    def describe(self) -> dict[str, Any]:
        return {"action": self.action, "path": self.path.pattern, "method": self.method, "times": self.times,
                "hits": self.hits, **self.params}


def _client_socket(req: Request) -> socket.socket:
    sock = req.environ.get("werkzeug.socket")
    if sock is None:
        raise RuntimeError("connection faults need the werkzeug development server")
    return sock


def _drop_connection(sock: socket.socket) -> None:
    """Shut the client socket down: werkzeug's next write fails and it treats the request as dropped.

    ``shutdown`` (not ``close``) so the descriptor stays owned by the server thread and cannot be reused
    by another connection while werkzeug still refers to it.
    """
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class FaultInjector:
    """The rules and their application; installed as ``app.extensions['faults']``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.rules: list[Rule] = []
        #: (method, path, action) of every injected fault, for tests
        self.hits: list[tuple[str, str, str]] = []

    def clear(self) -> None:
        with self._lock:
            self.rules.clear()
            self.hits.clear()

    def add(self, rule: dict[str, Any] | Rule) -> Rule:
        parsed = rule if isinstance(rule, Rule) else Rule.from_dict(rule)
        with self._lock:
            self.rules.append(parsed)
        return parsed

    def _take(self, req: Request) -> Rule | None:
        path = req.path
        if path.startswith("/_sandbox/") and not path.startswith("/_sandbox/files/"):
            return None
        with self._lock:
            for rule in self.rules:
                if rule.times == 0 or (rule.method != "*" and rule.method != req.method):
                    continue
                if rule.path.search(path):
                    rule.hits += 1
                    if rule.times > 0:
                        rule.times -= 1
                    self.hits.append((req.method, path, rule.action))
                    return rule
        return None

    # ------------------------------------------------------------------------------ request hooks

    def before(self, req: Request) -> Response | None:
        """Called from the app's ``before_request``: a response short-circuits the view."""
        rule = self._take(req)
        if rule is None:
            return None
        g.eo_fault = rule
        p = rule.params
        if rule.action == "delay":
            time.sleep(p["seconds"])
            return None
        if rule.action == "status":
            code = p["status"]
            resp = jsonify(p.get("body", {"error": "injected fault", "status": code}))
            resp.status_code = code
            if p.get("retry_after") is not None:
                resp.headers["Retry-After"] = str(p["retry_after"])
            return resp
        if rule.action == "html":
            code = p.get("status", 502)
            page = _HTML.format(code=code, reason=_REASONS.get(code, "Error"))
            return Response(page, status=code, mimetype="text/html")
        if rule.action == "reset_before":
            _drop_connection(_client_socket(req))
            return Response(b"", status=500)  # never reaches the client
        return None  # after-actions: let the view run

    def after(self, req: Request, resp: Response) -> Response:
        """Called from ``after_request``: applies the actions that need the view's response."""
        rule = getattr(g, "eo_fault", None)
        if rule is None or rule.action not in AFTER_ACTIONS:
            return resp
        p = rule.params
        if rule.action == "reset_after":
            _drop_connection(_client_socket(req))
            return resp
        if rule.action == "malformed_json":
            body = b'{"value": [{"Id": "6b1c", "Name": tru\x00e,,]'
            out = Response(body, status=resp.status_code, mimetype="application/json")
            return out
        if rule.action == "truncated_json":
            data = resp.get_data()
            cut = data[: max(1, len(data) // 2)] if len(data) > 1 else b"{"
            out = Response(cut, status=resp.status_code, mimetype="application/json")
            for key in ("Location", "Retry-After"):
                if key in resp.headers:
                    out.headers[key] = resp.headers[key]
            return out
        original = resp.response
        if rule.action == "drop_body_at":
            # the generator runs after the request context is gone: take the socket now
            resp.response = _dropping(original, p["bytes"], _client_socket(req))
            if p.get("chunked"):
                # without Content-Length werkzeug sends chunked encoding, whose missing last chunk every
                # client detects; with it, urllib3 1.x silently returns a short body (clients must compare)
                resp.headers.pop("Content-Length", None)
        else:
            resp.response = _throttled(original, p["bytes_per_second"])
        resp.direct_passthrough = False
        return resp


def _dropping(body: Iterable[bytes], limit: int, sock: socket.socket) -> Iterator[bytes]:
    """Yield the first ``limit`` bytes of ``body`` (headers go out with the first yield), then drop."""
    sent = 0
    try:
        yield b""  # makes werkzeug send the status line and headers even when limit is 0
        for chunk in body:
            if sent + len(chunk) >= limit:
                yield chunk[: limit - sent]
                break
            yield chunk
            sent += len(chunk)
        _drop_connection(sock)
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


def _throttled(body: Iterable[bytes], rate: float) -> Iterator[bytes]:
    """Yield ``body`` at about ``rate`` bytes per second in ~10 pieces a second."""
    piece = max(1, int(rate / 10))
    start = time.monotonic()
    sent = 0
    try:
        yield b""  # status line and headers go out at once; only the body is slow
        for chunk in body:
            for i in range(0, len(chunk), piece):
                part = chunk[i:i + piece]
                sent += len(part)
                wait = start + sent / rate - time.monotonic()
                if wait > 0:
                    time.sleep(wait)
                yield part
    finally:
        close = getattr(body, "close", None)
        if close is not None:
            close()


# ------------------------------------------------------------------------------------ admin endpoint

blueprint = Blueprint("sandbox_faults", __name__)


def _injector() -> FaultInjector:
    return current_app.extensions["faults"]


@blueprint.post("/_sandbox/faults")
def _add_rules() -> Any:
    body = request.get_json(force=True, silent=True)
    rules = body if isinstance(body, list) else [body]
    try:
        parsed = [Rule.from_dict(r) for r in rules]
    except FaultError as exc:
        resp = jsonify({"error": str(exc)})
        resp.status_code = 400
        return resp
    for r in parsed:
        _injector().add(r)
    return jsonify({"added": len(parsed), "rules": [r.describe() for r in _injector().rules]})


@blueprint.get("/_sandbox/faults")
def _list_rules() -> Any:
    inj = _injector()
    return jsonify({"rules": [r.describe() for r in inj.rules], "hits": [list(h) for h in inj.hits]})


@blueprint.delete("/_sandbox/faults")
def _clear_rules() -> Any:
    _injector().clear()
    return jsonify({"ok": True})


def install(app: Flask) -> FaultInjector:
    """Put an injector on ``app`` (the app's before_request calls ``before``) and hook ``after``."""
    injector = FaultInjector()
    app.extensions["faults"] = injector
    app.register_blueprint(blueprint)

    @app.after_request
    def _fault_after(resp: Response) -> Response:
        return injector.after(request, resp)

    return injector
