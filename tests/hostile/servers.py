# SPDX-License-Identifier: GPL-2.0-or-later
"""Small hostile HTTP(S) servers on 127.0.0.1, and a provider of each kind pointed at one.

Why our own servers and not the sandbox: the sandbox emulates what the providers promise; an attacker
(or a broken proxy, a misconfigured CDN) sends what nobody promised — redirects to a third host, bodies
that never end or explode when decompressed, a byte every half second, certificates nobody trusts. Each
``HostileServer`` answers with whatever a test's ``handler`` returns, over real sockets, and records
everything it received so a test can prove a secret never reached it.
"""

from __future__ import annotations

import datetime as dt
import json
import ssl
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from eo_orders.providers import create_provider
from eo_orders.providers.base import ConnectionConfig, Provider
from eo_orders.providers.http import Transport, TransportSettings

USERNAME = "alice@example.org"
#: a password with every character that needs URL or form encoding
PASSWORD = "p&ss w0rd=Sé%cret+/"
API_KEY = "ak-9f8e7d6c5b4a3210SECRET"
TOKEN = "tok-5e6f7a8b9c0dSECRETTOKEN"
REFRESH = "ref-0a1b2c3d4e5fSECRETREFRESH"
KINDS = ("cdse_odp", "proseo_odip", "creodias_finder", "up42", "capella")


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes
    #: the request target as sent (path and query string)
    target: str = ""

    def text(self) -> str:
        """Everything received, as one text: where a test looks for leaked secrets."""
        head = "\n".join(f"{k}: {v}" for k, v in self.headers.items())
        return f"{self.method} {self.path}?{self.query}\n{head}\n\n{self.body.decode('utf-8', 'replace')}"


@dataclass
class Reply:
    status: int = 200
    body: Any = b""  # dict/list → JSON; str → UTF-8; bytes as is; an iterable of bytes is streamed
    headers: dict[str, str] = field(default_factory=dict)
    #: seconds between streamed pieces (a trickle)
    delay: float = 0.0
    #: "close": drop the connection without answering
    action: str = ""


Handler = Callable[[Request], Reply]


def not_found(_: Request) -> Reply:
    return Reply(404, {"detail": "Not Found"})


class HostileServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 whose every answer comes from ``handler``."""

    def __init__(self, handler: Handler = not_found, tls: ssl.SSLContext | None = None) -> None:
        self.handler = handler
        self.received: list[Request] = []
        self._lock = threading.Lock()
        owner = self

        class _H(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                parts = urlsplit(self.path)
                req = Request(self.command, parts.path, parse_qs(parts.query), {k: v for k, v in self.headers.items()},
                              body, target=self.path)
                with owner._lock:
                    owner.received.append(req)
                reply = owner.handler(req)
                if reply.action == "close":
                    self.close_connection = True
                    return
                data = reply.body
                headers = dict(reply.headers)
                if isinstance(data, (dict, list)) or data is None and "Content-Type" not in headers:
                    data = json.dumps(data).encode()
                    headers.setdefault("Content-Type", "application/json")
                elif isinstance(data, str):
                    data = data.encode()
                try:
                    self.send_response(reply.status)
                    streamed = not isinstance(data, (bytes, bytearray))
                    if streamed:
                        headers.setdefault("Connection", "close")
                        self.close_connection = True
                    elif "Content-Length" not in headers:
                        headers["Content-Length"] = str(len(data))
                    for k, v in headers.items():
                        self.send_header(k, v)
                    self.end_headers()
                    if streamed:
                        for piece in data:
                            self.wfile.write(piece)
                            self.wfile.flush()
                            if reply.delay:
                                time.sleep(reply.delay)
                    elif self.command != "HEAD":
                        self.wfile.write(data)
                except (BrokenPipeError, ConnectionResetError, ssl.SSLError, OSError):
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _handle

        class _Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request: Any, client_address: Any) -> bool:
                with owner._lock:
                    owner.connections += 1
                return True

            def handle_error(self, request: Any, client_address: Any) -> None:
                pass  # a refused TLS handshake is the point of some tests, not noise for the log

        self.connections = 0
        self._server = _Server(("127.0.0.1", 0), _H)
        if tls is not None:
            # the handshake happens in the handler thread, so every attempt is counted first
            self._server.socket = tls.wrap_socket(self._server.socket, server_side=True,
                                                  do_handshake_on_connect=False)
        scheme = "https" if tls is not None else "http"
        self.url = f"{scheme}://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)

    def __enter__(self) -> HostileServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()

    def everything(self) -> str:
        with self._lock:
            return "\n----\n".join(r.text() for r in self.received)


# ------------------------------------------------------------------------------------------- secrets


def secret_forms() -> list[str]:
    """Every form in which the test credentials could leak: raw, URL/form-encoded, base64 Basic."""
    import base64
    from urllib.parse import quote, quote_plus

    out = []
    for s in (PASSWORD, API_KEY, TOKEN, REFRESH):
        out += [s, quote(s, safe=""), quote_plus(s)]
    out.append(base64.b64encode(f"{USERNAME}:{PASSWORD}".encode()).decode())
    out.append(base64.b64encode(f"{USERNAME}:{API_KEY}".encode()).decode())
    return out


def leaked(text: str) -> list[str]:
    return [s for s in secret_forms() if s in text]


def carries_credentials(req: Request) -> list[str]:
    """Credential headers present on a request, whatever their style."""
    names = {"authorization", "keycloak-token", "x-api-key", "apikey", "api-key", "cookie"}
    return [k for k in req.headers if k.lower() in names] + leaked(req.text())


# ---------------------------------------------------------------------------------- providers


def login_reply(req: Request) -> Reply | None:
    """The answer of a well-behaved login service (every provider's token shape at once), or None when
    ``req`` is not a login."""
    if req.method == "POST" and req.path.endswith("/token") or req.path.endswith("/token/refresh"):
        return Reply(200, {"access_token": TOKEN, "expires_in": 600, "refresh_token": REFRESH,
                           "accessToken": TOKEN, "expiresIn": 600, "refreshToken": REFRESH, "token_type": "Bearer"})
    if req.path.endswith("/userinfo"):
        return Reply(200, {"sub": "workspace-1"})
    return None


def with_login(handler: Handler) -> Handler:
    """``handler`` for everything but the login and userinfo calls, which succeed."""

    def h(req: Request) -> Reply:
        return login_reply(req) or handler(req)

    return h


#: the auth style each provider variant uses
STYLES = {
    "cdse_odp": ("cdse_odp", {}),  # Keycloak password grant → Bearer
    "proseo_odip": ("proseo_odip", {"auth_mode": "basic", "mission": "S1"}),  # HTTP Basic
    "proseo_odip_token": ("proseo_odip", {"auth_mode": "token", "mission": "S1"}),  # form login → Bearer
    "creodias_finder": ("creodias_finder", {}),  # Keycloak → Keycloak-Token header
    "up42": ("up42", {}),  # Keycloak password grant → Bearer
    "capella": ("capella", {"auth_mode": "api_key"}),  # Authorization: ApiKey
    "capella_token": ("capella", {"auth_mode": "token"}),  # Basic login → Bearer
}


def make_provider(variant: str, base: str, settings: TransportSettings | None = None) -> Provider:
    """A provider of ``variant`` (a key of ``STYLES``) with every endpoint on the server at ``base``."""
    kind, options = STYLES[variant]
    from eo_orders.providers import provider_class

    cls = provider_class(kind)
    urls = {name: f"{base}/{name}" for name in cls.default_urls}
    if kind == "capella":
        urls["api"] = f"{base}/api"
    urls["token"] = f"{base}/auth/token"
    if kind == "capella":
        urls.pop("token")
    secret = API_KEY if options.get("auth_mode") == "api_key" else PASSWORD
    conn = ConnectionConfig(id=f"c-{variant}", name=variant, kind=kind, urls=urls, username=USERNAME, secret=secret,
                            options=dict(options))
    transport = Transport(settings or TransportSettings(retries=1, backoff=0.01, max_backoff=0.05, deadline=20,
                                                       read_timeout=10, verify=True))
    transport.sleep = lambda s: None
    return create_provider(conn, transport)


def first_call(provider: Provider) -> Any:
    """One authenticated API call every provider has: the order listing."""
    return provider.orders()


def self_signed(tmp: Path) -> ssl.SSLContext:
    """A server TLS context with a fresh self-signed certificate for 127.0.0.1 (trusted by nobody)."""
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                           critical=False)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp / "cert.pem", tmp / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(str(cert_path), str(key_path))
    return ctx


def endless(piece: bytes = b"[" * 1024) -> Iterable[bytes]:
    while True:
        yield piece


class RawServer:
    """A bare TCP server on 127.0.0.1: ``handler(sock)`` writes whatever bytes it likes, at any pace (for
    what ``http.server`` cannot do, such as headers sent one byte at a time)."""

    def __init__(self, handler: Callable[[Any], None]) -> None:
        import socket

        self.handler = handler
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(16)
        self._sock.settimeout(0.1)
        self.url = f"http://127.0.0.1:{self._sock.getsockname()[1]}"
        self._stop = threading.Event()
        self.accepted = 0
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._sock.accept()
            except OSError:
                continue
            self.accepted += 1
            threading.Thread(target=self._one, args=(conn,), daemon=True).start()

    def _one(self, conn: Any) -> None:
        try:
            conn.settimeout(5)
            conn.recv(65536)  # the request (small in these tests)
            self.handler(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def __enter__(self) -> RawServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._stop.set()
        self._thread.join(2)
        self._sock.close()


def header_trickle(stop_after: float = 60.0) -> Callable[[Any], None]:
    """A handler sending a status line, then one header byte every 0.1 s (for at most ``stop_after`` s)."""

    def handler(conn: Any) -> None:
        conn.sendall(b"HTTP/1.1 200 OK\r\n")
        end = time.monotonic() + stop_after
        while time.monotonic() < end:
            conn.sendall(b"X")
            time.sleep(0.1)

    return handler
