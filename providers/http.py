# SPDX-License-Identifier: GPL-2.0-or-later
"""One HTTP transport under every provider.

Why one: timeouts, retries with back-off, ``Retry-After``, the QGIS proxy, the CA bundle, a bound on
requests in flight and the turning of bad replies into ``ProviderError`` are the same for all five
providers, and getting them right once is what keeps a flaky connection from costing the user data.
Secrets (tokens, passwords, signed URLs) never enter an exception text or a log line: see ``redact``.
"""

from __future__ import annotations

import json
import logging
import math
import random
import threading
import time
import zlib
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timezone
from typing import Any, Callable
from urllib.parse import urljoin, urlsplit

import requests

from .errors import AmbiguousSubmitError, AuthError, NotFoundError, ProviderError
from .i18n import tr
from .sanitize import is_secret_name, redact, safe_url  # noqa: F401 - re-exported for the rest of the plugin

log = logging.getLogger("eo_orders.http")

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
USER_AGENT = "EO-Orders-QGIS-plugin/0.1"
#: headers that carry credentials in the styles our providers use; any header whose name marks it as a
#: secret (``is_secret_name``) is treated the same way
AUTH_HEADERS = frozenset({"authorization", "keycloak-token", "x-api-key", "api-key", "apikey", "cookie",
                          "x-auth-token", "x-amz-security-token"})


def origin(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a URL, the default port filled in: what credentials are bound to."""
    parts = urlsplit(url)
    scheme = (parts.scheme or "").lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower().rstrip("."), port or {"http": 80, "https": 443}.get(scheme, 0)


def _is_auth_header(name: str) -> bool:
    return name.lower() in AUTH_HEADERS or is_secret_name(name)


def host_of(url: str) -> str:
    """``host[:port]`` of a URL, for "Cannot reach …" messages."""
    rest = safe_url(url).partition("://")[2] or safe_url(url)
    return rest.split("/", 1)[0] or url


#: urllib3's wording → what a user reads ("HTTPConnectionPool(…): Max retries exceeded…" helps nobody)
PLAIN_REASONS = (
    (("connection refused",), "the connection was refused (is the service running at that address?)"),
    (("name or service not known", "nodename nor servname", "temporary failure in name resolution",
      "name resolution", "getaddrinfo failed"), "the host name is unknown"),
    (("no route to host", "network is unreachable"), "the network cannot reach it"),
    (("read timed out",), "no reply in time (read timed out)"),
    (("connect timeout", "connection timed out", "timed out"), "no answer in time (timed out)"),
    (("certificate verify failed", "ssl"), "its HTTPS certificate is not trusted"),
    (("connection reset", "connection aborted", "remotedisconnected", "remote end closed"),
     "the connection was closed by the other side"),
)


def plain_reason(exc: Exception) -> str:
    """Why a connection failed, in words; the library's text only when nothing better is known."""
    text = str(exc)
    lower = text.lower()
    for needles, reason in PLAIN_REASONS:
        if any(n in lower for n in needles):
            return reason
    if "max retries exceeded" in lower and "caused by" in lower:
        text = text[lower.rindex("caused by") + len("caused by"):].strip(" ()")
    return _short(text)


@dataclass
class TransportSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 60.0
    retries: int = 4
    backoff: float = 0.5
    max_backoff: float = 30.0
    max_in_flight: int = 8
    #: requests-style proxies mapping, filled from the QGIS network settings by the QGIS side
    proxies: dict[str, str] = field(default_factory=dict)
    #: True, False or a CA bundle path; by default the system's bundle (see ``system_ca_bundle``)
    verify: bool | str = field(default_factory=lambda: system_ca_bundle())
    #: URL prefixes or host names that bypass ``proxies`` (QGIS's proxy exclusion list)
    no_proxy: tuple[str, ...] = ()
    #: largest reply body read into memory (decoded): generous for real listings, far below a memory scare
    max_body_bytes: int = 64 << 20
    #: error replies are cut at this size: a 5 MB error page only ever yields a short message
    max_error_bytes: int = 256 << 10
    #: one request, retries and redirects included, ends after this many seconds (socket timeouts bound
    #: only the wait for each packet: a server trickling one byte a second would never time out)
    deadline: float = 300.0
    max_redirects: int = 10
    #: the most HTTP requests one provider call may make (pages, retries, redirects): bounds every pager
    max_requests_per_call: int = 2000


#: where Linux distributions and macOS (Homebrew/OpenSSL) keep the system's trusted certificates
SYSTEM_CA_BUNDLES = ("/etc/ssl/certs/ca-certificates.crt", "/etc/pki/tls/certs/ca-bundle.crt",
                     "/etc/ssl/ca-bundle.pem", "/etc/ssl/cert.pem")


def system_ca_bundle() -> bool | str:
    """The CA bundle to trust: an explicit ``REQUESTS_CA_BUNDLE``/``SSL_CERT_FILE``, else the system's own
    (so a company's TLS-inspecting proxy that IT added to the system store works), else requests' default."""
    import os

    for var in ("REQUESTS_CA_BUNDLE", "SSL_CERT_FILE"):
        if os.environ.get(var) and os.path.exists(os.environ[var]):
            return os.environ[var]
    for path in SYSTEM_CA_BUNDLES:
        if os.path.exists(path):
            return path
    return True


ErrorParser = Callable[[requests.Response], "ProviderError | None"]


class Auth:
    """Applies credentials to a request; ``invalidate`` is called once on a 401 before one retry."""

    def apply(self, headers: dict[str, str], transport: Transport) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def invalidate(self) -> None:
        pass

    def secrets(self) -> tuple[str, ...]:
        return ()


class NoAuth(Auth):
    def apply(self, headers: dict[str, str], transport: Transport) -> None:
        return None


class HeaderAuth(Auth):
    """A fixed header such as ``Authorization: ApiKey <key>`` or HTTP Basic."""

    def __init__(self, name: str, value: str, secret: str = "") -> None:
        self.name, self.value, self._secret = name, value, secret or value

    def apply(self, headers: dict[str, str], transport: Transport) -> None:
        headers[self.name] = self.value

    def secrets(self) -> tuple[str, ...]:
        return (self._secret, self.value)


class TokenAuth(Auth):
    """A bearer-style token fetched by ``fetch`` and renewed shortly before it expires.

    ``fetch(refresh_token | None)`` returns ``(access_token, expires_in, refresh_token | None)``; when
    renewing with a refresh token fails with ``AuthError`` it logs in again from scratch. A lock makes
    concurrent tasks share one login.
    """

    def __init__(self, fetch: Callable[[Transport, str | None], tuple[str, float, str | None]],
                 header: str = "Authorization", scheme: str = "Bearer", margin: float = 30.0) -> None:
        self._fetch = fetch
        self.header, self.scheme, self.margin = header, scheme, margin
        self._lock = threading.Lock()
        self._token: str | None = None
        self._refresh: str | None = None
        self._expires_at = 0.0
        self.logins = 0

    def token(self, transport: Transport) -> str:
        with self._lock:
            now = time.monotonic()
            if self._token and now < self._expires_at:
                return self._token
            result = None
            if self._refresh:
                try:
                    result = self._fetch(transport, self._refresh)
                except AuthError:
                    result = None
            if result is None:
                result = self._fetch(transport, None)
                self.logins += 1
            token, expires_in, refresh = result
            self._token, self._refresh = token, refresh
            # renew early: a margin of at most a third of the lifetime, so short test tokens still work
            margin = min(self.margin, max(expires_in / 3.0, 0.0))
            self._expires_at = time.monotonic() + max(expires_in - margin, 0.0)
            return token

    def apply(self, headers: dict[str, str], transport: Transport) -> None:
        token = self.token(transport)
        headers[self.header] = f"{self.scheme} {token}" if self.scheme else token

    def invalidate(self) -> None:
        with self._lock:
            self._token = None
            self._expires_at = 0.0

    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self._token, self._refresh) if s)


def keycloak_password_fetch(token_url: str, client_id: str, username: str, password: str,
                            totp: str = "", extra: Mapping[str, str] | None = None,
                            error_parser: ErrorParser | None = None) -> Callable[[Transport, str | None],
                                                                                  tuple[str, float, str | None]]:
    """A ``TokenAuth`` fetcher for a Keycloak (OpenID Connect) password grant with refresh.

    The form is encoded by requests, so passwords with ``&``, ``=``, ``%``, spaces or non-ASCII
    characters go through unchanged.
    """

    def fetch(transport: Transport, refresh_token: str | None) -> tuple[str, float, str | None]:
        if refresh_token:
            data = {"grant_type": "refresh_token", "refresh_token": refresh_token, "client_id": client_id}
        else:
            data = {"grant_type": "password", "client_id": client_id, "username": username, "password": password}
            if totp:
                data["totp"] = totp
            data.update(extra or {})
        resp = transport.request("POST", token_url, data=data, auth=NoAuth(), retry_auth=False,
                                 error_parser=error_parser or oauth_error, idempotent=True,
                                 secrets=(password, refresh_token or ""))
        body = json_body(resp)
        token = body.get("access_token") if isinstance(body, dict) else None
        if not token:
            raise AuthError(tr("The login service answered without an access token."), status=resp.status_code)
        return str(token), float(body.get("expires_in") or 300), body.get("refresh_token")

    return fetch


def oauth_error(resp: requests.Response) -> ProviderError | None:
    """``{"error": "invalid_grant", "error_description": ...}`` → a clear login message."""
    body = _try_json(resp)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        desc = str(body.get("error_description") or body["error"])
        login_errors = ("invalid_grant", "unauthorized_client", "invalid_client")
        if body["error"] in login_errors or resp.status_code in (400, 401):
            return AuthError(tr("Login refused: {desc}. Check the user name and password of the connection.").format(
                                 desc=desc),
                             status=resp.status_code, code=body["error"])
    return None


def _try_json(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except (ValueError, RecursionError):
        return None


def json_body(resp: requests.Response) -> Any:
    """The JSON body, or a ``ProviderError`` that says the service sent something else.

    The body was already read with a size cap by ``Transport``; nesting too deep for the parser (a
    hostile ``[[[[...]]]]``) is refused here instead of escaping as ``RecursionError``.
    """
    try:
        return resp.json()
    except RecursionError:
        raise ProviderError(tr("The service sent data nested too deeply to read ({url}).").format(
                                url=safe_url(resp.url)),
                            status=resp.status_code) from None
    except ValueError:
        ctype = resp.headers.get("Content-Type", "")
        what = "an HTML page" if "html" in ctype.lower() else "a reply that is not valid JSON"
        raise ProviderError(tr("The service sent {what} where data was expected (HTTP {status_code}, {url}). Try "
                               "again later.").format(
                                what=what, status_code=resp.status_code, url=safe_url(resp.url)),
                            status=resp.status_code,
                            retryable=True) from None


def generic_error(resp: requests.Response) -> ProviderError:
    """A message from any common error body shape (``detail``, ``message``, ``error``...)."""
    body = _try_json(resp)
    msg = ""
    code = None
    if isinstance(body, dict):
        for key in ("detail", "message", "ErrorMessage", "error_description", "error", "title"):
            val = body.get(key)
            if isinstance(val, dict):
                code = str(val.get("code") or val.get("ErrorCode") or "") or None
                val = val.get("message") or val.get("ErrorMessage") or val.get("msg") or json.dumps(val)[:200]
            if isinstance(val, list) and val:
                val = "; ".join(
                    f"{'/'.join(map(str, v.get('loc', [])[1:])) or 'request'}: {v.get('msg', v)}"
                    if isinstance(v, dict) else str(v) for v in val)
            if val:
                msg = str(val)
                break
        if code is None and body.get("ErrorCode") is not None:
            code = str(body.get("ErrorCode"))
    elif "html" in resp.headers.get("Content-Type", "").lower():
        msg = "the service sent an error page" + (f" for {safe_url(resp.url)}" if resp.url else "")
    status = resp.status_code
    reason = msg or resp.reason or "unexpected reply"
    if status == 401:
        return AuthError(tr("Not authorised: {reason}. Check the connection's credentials.").format(reason=reason),
                         status=status, code=code)
    if status == 403:
        return AuthError(tr("Access denied: {reason}.").format(reason=reason), status=status, code=code)
    if status == 404:
        return NotFoundError(tr("Not found: {reason}.").format(reason=reason), status=status, code=code)
    if status == 429:
        return ProviderError(tr("Too many requests: {reason}. Try again in a moment.").format(reason=reason),
                             status=status, code=code,
                             retryable=True)
    if status >= 500:
        return ProviderError(tr("The service failed (HTTP {status}): {reason}. Try again later.").format(
                                 status=status, reason=reason), status=status,
                             code=code, retryable=True)
    return ProviderError(tr("Request refused (HTTP {status}): {reason}").format(status=status, reason=reason),
                         status=status, code=code)


def parse_retry_after(value: str | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (delta seconds or an HTTP date), or None when absent or
    not a sane finite non-negative number (``nan``, ``-1``, ``inf``, junk dates are ignored)."""
    if not value:
        return None
    value = value.strip()
    try:
        seconds = float(value)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
        if when is None:
            return None
        if when.tzinfo is None:
            when = when.replace(tzinfo=timezone.utc)
        try:
            seconds = when.timestamp() - time.time()
        except (OverflowError, OSError, ValueError):
            return None
        return max(seconds, 0.0)
    if not math.isfinite(seconds) or seconds < 0:
        return None
    return seconds


def retry_after_seconds(resp: requests.Response) -> float | None:
    return parse_retry_after(resp.headers.get("Retry-After"))


# ------------------------------------------------------------------------------------ bounded bodies


class _Decoder:
    """Content-Encoding decoding with a bound on the *decoded* size, so a gzip bomb stops at the cap."""

    def __init__(self, encoding: str) -> None:
        codings = [c.strip() for c in encoding.lower().split(",") if c.strip() and c.strip() != "identity"]
        if len(codings) > 1 or (codings and codings[0] not in ("gzip", "x-gzip", "deflate")):
            raise ProviderError(tr("The service sent a reply in an encoding this plugin does not read "
                                   "({encoding}).").format(encoding=encoding[:40]))
        self._z = zlib.decompressobj(zlib.MAX_WBITS | 32) if codings else None

    def feed(self, data: bytes, room: int) -> bytes:
        if self._z is None:
            return data
        try:
            return self._z.decompress(data, max(room, 1))
        except zlib.error:
            raise ProviderError(tr("The service sent a compressed reply that could not be decoded.")) from None


def read_bounded(resp: requests.Response, cap: int, deadline: float, *, truncate: bool = False) -> bytes:
    """Read a streamed reply's body into ``resp`` (so ``resp.content``/``json()`` work) and return it.

    At most ``cap`` decoded bytes (more → ``ProviderError``, or cut when ``truncate``), and never past the
    monotonic ``deadline``: the body is read a packet at a time, so a trickling server is stopped too.
    """
    if getattr(resp, "_content_consumed", False) and resp._content is not None:  # type: ignore[attr-defined]
        return resp._content  # type: ignore[attr-defined]
    raw = resp.raw
    fp = getattr(raw, "_fp", None)
    out = bytearray()
    if fp is not None and not (resp.request is not None and resp.request.method == "HEAD") \
            and resp.status_code not in (204, 304):
        decoder = _Decoder(resp.headers.get("Content-Encoding", ""))
        read = getattr(fp, "read1", None) or (lambda n: raw.read(n, decode_content=False))
        while True:
            if time.monotonic() > deadline:
                resp.close()
                raise ProviderError(tr("The service at {url} took too long to send its reply; stopped. Try again "
                                       "later.").format(url=safe_url(resp.url)), retryable=True)
            try:
                chunk = read(64 << 10)
            except (OSError, ValueError) as exc:  # incomplete read, reset, socket timeout, closed file
                resp.close()
                raise requests.exceptions.ChunkedEncodingError(f"reply cut short: {type(exc).__name__}") from None
            if not chunk:
                try:
                    fp.close()  # as urllib3 does at the end of a body: the socket stays for the next request
                    raw.release_conn()
                except Exception:  # noqa: BLE001 - a pool that cannot take it back just drops it
                    resp.close()
                break
            data = decoder.feed(chunk, cap - len(out) + 1)
            out += data
            if len(out) > cap:
                resp.close()
                if truncate:
                    del out[cap:]
                    break
                raise ProviderError(tr("The service sent a reply larger than {cap} MB ({url}); it was not read. "
                                       "Narrow the request (a smaller area or period) or raise the limit (advanced "
                                       "setting eo_orders/max_reply_mb).").format(
                                        cap=cap >> 20, url=safe_url(resp.url)))
    resp._content = bytes(out)  # type: ignore[attr-defined]
    resp._content_consumed = True  # type: ignore[attr-defined]
    return resp._content  # type: ignore[attr-defined]


# --------------------------------------------------------------------------- per-call request budget

_call = threading.local()


class _Budget:
    def __init__(self, what: str, limit: int | None) -> None:
        self.what, self.limit, self.count = what, limit, 0
        self.lock = threading.Lock()


@contextmanager
def call_scope(what: str, max_requests: int | None = None) -> Iterator[None]:
    """Count the HTTP requests made inside one provider call; the transport refuses to make more than
    ``max_requests`` (default ``settings.max_requests_per_call``): an endless pager or a redirect loop stops
    with a clear error. Nested scopes share the outermost budget; worker threads join it via ``with_budget``."""
    if getattr(_call, "budget", None) is not None:
        yield
        return
    _call.budget = _Budget(what, max_requests)
    try:
        yield
    finally:
        _call.budget = None


def with_budget(func: Callable[..., Any]) -> Callable[..., Any]:
    """``func`` made to count against the calling thread's request budget when run in a worker thread
    (e.g. pages fetched concurrently by a thread pool)."""
    budget = getattr(_call, "budget", None)

    def run(*args: Any, **kwargs: Any) -> Any:
        previous = getattr(_call, "budget", None)
        _call.budget = budget
        try:
            return func(*args, **kwargs)
        finally:
            _call.budget = previous

    return run


def _count_request(settings_max: int) -> None:
    budget: _Budget | None = getattr(_call, "budget", None)
    if budget is None:
        return
    with budget.lock:
        budget.count += 1
        limit = budget.limit or settings_max
        over = budget.count > limit
    if over:
        raise ProviderError(tr("{what} needed more than {limit} requests to the service; stopped. The service "
                               "keeps sending more pages or redirects than any real listing has.").format(
                                what=budget.what, limit=limit))


# ------------------------------------------------------------------ a deadline for the header phase too

#: thread id -> the urllib3 connection that thread is waiting on (set while a request's headers are read)
_waiting: dict[int, Any] = {}
_waiting_lock = threading.Lock()


def _watched(pool_cls: type) -> type:
    """A urllib3 pool class that records which connection each thread is waiting on, so a watchdog can
    cut it at the call's deadline: socket timeouts restart at every byte, and a server trickling its
    *headers* would otherwise hold the call for ever."""

    class Watched(pool_cls):  # type: ignore[misc, valid-type]
        def _make_request(self, conn: Any, *args: Any, **kwargs: Any) -> Any:
            key = threading.get_ident()
            with _waiting_lock:
                _waiting[key] = conn
            try:
                return super()._make_request(conn, *args, **kwargs)
            finally:
                with _waiting_lock:
                    _waiting.pop(key, None)

    Watched.__name__ = f"Watched{pool_cls.__name__}"
    return Watched


def _cut(thread_id: int, fired: list[bool]) -> None:
    """Watchdog: shut the socket the thread is still waiting on (recv returns at once, the call fails)."""
    import socket

    with _waiting_lock:
        conn = _waiting.get(thread_id)
    sock = getattr(conn, "sock", None)
    if sock is None:
        return
    fired.append(True)
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


class _DeadlineAdapter(requests.adapters.HTTPAdapter):
    """``HTTPAdapter`` whose pools are ``_watched`` (direct and through an HTTP proxy)."""

    def _watch(self, manager: Any) -> None:
        try:
            from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

            manager.pool_classes_by_scheme = {"http": _watched(HTTPConnectionPool),
                                              "https": _watched(HTTPSConnectionPool)}
        except (ImportError, AttributeError):  # pragma: no cover - another urllib3: socket timeouts only
            pass

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        super().init_poolmanager(*args, **kwargs)
        self._watch(self.poolmanager)

    def proxy_manager_for(self, proxy: str, **proxy_kwargs: Any) -> Any:
        manager = super().proxy_manager_for(proxy, **proxy_kwargs)
        if proxy.lower().startswith("http"):
            self._watch(manager)
        return manager


class Transport:
    """A requests session with the plugin's rules. Thread-safe: tasks share one per connection.

    Credentials are bound to origins (scheme, host, port): ``trusted_origins`` holds the origins of the
    connection's configured endpoints (set by ``Provider``); with none set, the origin of each call's own
    URL. A request to any other origin, whether a link from a reply or a redirect, goes without any
    credential header. Redirects are followed by this class, hop by hop, never by requests.
    """

    def __init__(self, settings: TransportSettings | None = None, session: requests.Session | None = None) -> None:
        self.settings = settings or TransportSettings()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        # only encodings ``read_bounded`` decodes with a size cap
        self.session.headers["Accept-Encoding"] = "gzip, deflate"
        # never read proxies, CA bundles or .netrc credentials from the environment behind the user's back:
        # QGIS's proxy settings win, the environment's proxies are used only when QGIS has none (see _proxies_for)
        self.session.trust_env = False
        adapter = _DeadlineAdapter(pool_connections=4, pool_maxsize=max(self.settings.max_in_flight, 4))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        if self.settings.proxies:
            self.session.proxies.update(self.settings.proxies)
        self.session.verify = self.settings.verify
        self._slots = threading.BoundedSemaphore(self.settings.max_in_flight)
        self.sleep: Callable[[float], None] = time.sleep
        self.request_count = 0
        self.trusted_origins: set[tuple[str, str, int]] = set()

    def close(self) -> None:
        self.session.close()

    def trust(self, *urls: str) -> None:
        """Allow credentials to go to the origins of ``urls`` (the connection's configured endpoints)."""
        for url in urls:
            if url and "://" in url:
                self.trusted_origins.add(origin(url))

    def credentials_allowed(self, url: str, call_url: str) -> bool:
        """Whether credentials may be sent to ``url`` during a call that started at ``call_url``."""
        target = origin(url)
        if target[0] not in ("http", "https"):
            return False
        if self.trusted_origins:
            return target in self.trusted_origins
        return target == origin(call_url)

    def _proxies_for(self, url: str) -> dict[str, str | None]:
        """Per-request proxies: QGIS's proxy unless the URL is excluded; else the environment's own
        (``HTTP(S)_PROXY`` with ``NO_PROXY``), read here because the session does not trust the environment."""
        if self.settings.proxies:
            if _excluded(url, self.settings.no_proxy):
                return {"http": None, "https": None, "all": None}  # type: ignore[dict-item]
            return {}
        try:
            return dict(requests.utils.get_environ_proxies(url))
        except Exception:  # noqa: BLE001 - a malformed environment must not break requests
            return {}

    def _delay(self, attempt: int, resp: requests.Response | None) -> float:
        if resp is not None:
            ra = retry_after_seconds(resp)
            if ra is not None:
                return min(ra, self.settings.max_backoff)
        base = min(self.settings.backoff * (2 ** attempt), self.settings.max_backoff)
        return base * (0.5 + random.random() / 2)

    def _send(self, method: str, url: str, headers: dict[str, str], auth: Auth, *, follow: bool,
              cross_origin: bool, timeout: tuple[float, float], deadline: float,
              kwargs: dict[str, Any]) -> tuple[requests.Response, bool]:
        """One logical request: send, and follow redirects hop by hop under the credential rules.

        Returns the final response (streamed, body unread) and whether credentials went with it.
        """
        hop_url, hop_method, body = url, method, dict(kwargs)
        for _hop in range(self.settings.max_redirects + 1):
            hop_headers = dict(headers)
            creds = self.credentials_allowed(hop_url, url)
            if creds:
                auth.apply(hop_headers, self)
            else:
                for name in [k for k in hop_headers if _is_auth_header(k)]:
                    del hop_headers[name]
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise ProviderError(tr("The service at {url} did not answer in time; stopped.").format(
                                        url=safe_url(url)), retryable=True)
            _count_request(self.settings.max_requests_per_call)
            fired: list[bool] = []
            watchdog = threading.Timer(remaining, _cut, args=(threading.get_ident(), fired))
            watchdog.daemon = True
            with self._slots:
                self.request_count += 1
                watchdog.start()
                try:
                    resp = self.session.request(hop_method, hop_url, headers=hop_headers, stream=True,
                                                timeout=(timeout[0], max(min(timeout[1], remaining), 0.5)),
                                                allow_redirects=False, proxies=self._proxies_for(hop_url), **body)
                except requests.exceptions.RequestException:
                    if fired and hop_method in IDEMPOTENT_METHODS:
                        raise ProviderError(tr("The service at {url} took too long to answer; stopped. Try again "
                                               "later.").format(url=safe_url(url)), retryable=True) from None
                    raise  # a POST cut while waiting was sent: the caller's ambiguity rules apply
                finally:
                    watchdog.cancel()
            location = resp.headers.get("Location")
            if not follow or resp.status_code not in REDIRECT_STATUSES or not location:
                return resp, creds
            resp.close()
            next_url = urljoin(hop_url, location.strip())
            next_origin = origin(next_url)
            if next_origin[0] not in ("http", "https") or not next_origin[1]:
                raise ProviderError(tr("The service at {url} redirected to an address that is not HTTP(S); not "
                                       "followed.").format(url=safe_url(hop_url)))
            # as browsers and requests do: 303 turns anything but HEAD into GET, 301/302 turn a POST into GET,
            # 307/308 keep the method and body
            new_method = hop_method
            if (resp.status_code == 303 and hop_method != "HEAD") or (resp.status_code in (301, 302)
                                                                     and hop_method == "POST"):
                new_method = "GET"
            if not self.credentials_allowed(next_url, url):
                # leaving the origins the credentials were issued for
                if new_method not in ("GET", "HEAD"):
                    raise ProviderError(tr("The service at {url} redirected a {method} request to another server "
                                           "({target}); not followed, so that nothing sent to it (a login, an order) "
                                           "reaches a third party.").format(
                                            url=safe_url(hop_url), method=method, target=safe_url(next_url)),
                                        status=resp.status_code)
                if not cross_origin:
                    raise ProviderError(tr("The service at {url} redirected to another server ({target}); not "
                                           "followed, so that the connection's credentials stay with the "
                                           "service.").format(url=safe_url(hop_url), target=safe_url(next_url)),
                                        status=resp.status_code)
            if new_method != hop_method or resp.status_code == 303:
                body = {k: v for k, v in body.items() if k not in ("data", "json", "files")}
                headers = {k: v for k, v in headers.items() if k.lower() not in ("content-type", "content-length")}
            body.pop("params", None)  # the Location already carries its query
            hop_url, hop_method = next_url, new_method
        raise ProviderError(tr("The service at {url} redirected more than {max_redirects} times; stopped.").format(
                                url=safe_url(url), max_redirects=self.settings.max_redirects))

    def request(self, method: str, url: str, *, auth: Auth | None = None, error_parser: ErrorParser | None = None,
                idempotent: bool | None = None, retry_auth: bool = True, stream: bool = False,
                ok: tuple[int, ...] = (), secrets: tuple[str, ...] = (), timeout: tuple[float, float] | None = None,
                cross_origin_redirects: bool = False, max_bytes: int | None = None,
                **kwargs: Any) -> requests.Response:
        """Send a request; return the response when its status is 2xx/3xx (or in ``ok``).

        Retries connection errors and 429/502/503/504 only when the request is safe to repeat
        (``idempotent``, by default true for GET/HEAD/PUT/DELETE). A POST whose connection breaks after
        it was sent raises ``AmbiguousSubmitError``: the caller reconciles instead of repeating it.

        Redirects within the credentials' origins are followed; one to another origin is followed only
        when ``cross_origin_redirects`` (signed download URLs that move to object storage), and then
        without any credential; a non-GET is never sent on to another origin. ``allow_redirects=False``
        returns the 3xx reply as is. Unless ``stream``, the body is read here, at most ``max_bytes``
        (default ``settings.max_body_bytes``) and within ``settings.deadline``.
        """
        method = method.upper()
        auth = auth or NoAuth()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        timeout = timeout or (self.settings.connect_timeout, self.settings.read_timeout)
        follow = bool(kwargs.pop("allow_redirects", True))
        base_headers = dict(kwargs.pop("headers", None) or {})
        if stream and not any(k.lower() == "accept-encoding" for k in base_headers):
            base_headers["Accept-Encoding"] = "identity"  # file bytes as they are: sizes, ranges and checksums hold
        deadline = time.monotonic() + self.settings.deadline
        cap = max_bytes or self.settings.max_body_bytes
        attempt = 0
        auth_retried = False
        while True:
            all_secrets = tuple(secrets) + tuple(auth.secrets())
            resp: requests.Response | None = None
            err: ProviderError
            try:
                try:
                    resp, creds = self._send(method, url, base_headers, auth, follow=follow,
                                             cross_origin=cross_origin_redirects, timeout=timeout, deadline=deadline,
                                             kwargs=kwargs)
                    status = resp.status_code
                    if status >= 400 and status not in ok:
                        read_bounded(resp, self.settings.max_error_bytes, deadline, truncate=True)
                    elif not stream:
                        read_bounded(resp, cap, deadline)
                except ProviderError as exc:
                    exc.message = redact(exc.message, all_secrets)
                    raise
            except requests.exceptions.SSLError as exc:
                # a certificate problem is not a flaky network: retrying cannot help, and since the TLS
                # handshake failed, nothing was sent (a submit is not ambiguous)
                raise ProviderError(
                    tr("The certificate of {origin} is not trusted ({reason}). If your network inspects TLS, add "
                       "its certificate authority to the system or set a CA bundle; nothing was sent.").format(
                        origin=origin(url)[1], reason=redact(_tls_reason(exc),
                                                             all_secrets)), code="certificate") from None
            except requests.exceptions.ConnectTimeout:
                err = ProviderError(
                    tr("Cannot reach {host}: no answer in time. Check the connection's URL, the network and the "
                       "proxy settings.").format(host=host_of(url)),
                    retryable=True)
            except (requests.exceptions.ConnectionError, requests.exceptions.ReadTimeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                sent = _maybe_sent(exc)
                if sent and not idempotent:
                    raise AmbiguousSubmitError(
                        tr("The connection to {url} broke after the request was sent; it may or may not have been "
                           "carried out.").format(url=safe_url(url)), retryable=False) from None
                if sent:
                    err = ProviderError(tr("The connection to {url} failed: {reason}. Check the network and try "
                                           "again.").format(
                                            url=safe_url(url), reason=redact(plain_reason(exc), all_secrets)),
                                        retryable=True)
                else:  # nothing was sent: the address itself does not answer
                    err = ProviderError(tr("Cannot reach {host}: {reason}. Check the connection's URL, the network "
                                           "and the proxy settings.").format(
                                            host=host_of(url), reason=redact(plain_reason(exc), all_secrets)),
                                        retryable=True)
            except requests.exceptions.RequestException as exc:
                raise ProviderError(tr("Request to {url} failed: {reason}").format(
                                        url=safe_url(url), reason=redact(plain_reason(exc), all_secrets))
                                    ) from None
            else:
                if status < 400 or status in ok:
                    return resp
                if status == 401 and creds and retry_auth and not auth_retried and not isinstance(auth, NoAuth):
                    auth.invalidate()
                    auth_retried = True
                    resp.close()
                    continue
                try:
                    parsed = (error_parser(resp) if error_parser else None) or generic_error(resp)
                except (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError):
                    parsed = generic_error(resp)  # an error body of a shape the provider's parser did not expect
                parsed.message = redact(parsed.message, all_secrets)
                resp.close()
                if not (status in RETRY_STATUSES and (idempotent or status == 429)):
                    raise parsed
                err = parsed
            delay = self._delay(attempt, resp)
            if attempt >= self.settings.retries or time.monotonic() + delay > deadline:
                raise err from None
            log.debug("retrying %s %s in %.2fs (%s)", method, safe_url(url), delay, err.message)
            attempt += 1
            self.sleep(delay)

    def json(self, method: str, url: str, **kwargs: Any) -> Any:
        return json_body(self.request(method, url, **kwargs))


def _excluded(url: str, patterns: tuple[str, ...]) -> bool:
    """Whether ``url`` is in a proxy exclusion list: URL prefixes as QGIS stores them, or host names
    (``example.com`` also covers its subdomains, as ``NO_PROXY`` does)."""
    host = origin(url)[1]
    for raw in patterns:
        pattern = (raw or "").strip()
        if not pattern:
            continue
        if "://" in pattern:
            if url.lower().startswith(pattern.lower()):
                return True
            continue
        pattern = pattern.lower().lstrip("*").lstrip(".").split("/", 1)[0].split(":", 1)[0]
        if pattern and (host == pattern or host.endswith("." + pattern)):
            return True
    return False


def _tls_reason(exc: Exception) -> str:
    text = str(exc)
    for needle in ("self-signed certificate", "self signed certificate", "certificate has expired",
                   "hostname mismatch", "unable to get local issuer certificate", "certificate verify failed"):
        if needle in text.lower():
            return needle
    return "certificate verification failed"


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 200 else text[:200] + "…"


def _maybe_sent(exc: Exception) -> bool:
    """Whether a connection error may have happened after the request reached the server."""
    text = str(exc).lower()
    not_sent = ("connection refused", "name or service not known", "failed to establish", "nodename nor servname",
                "temporary failure in name resolution", "no route to host")
    return not any(s in text for s in not_sent)
