"""One HTTP transport under every provider.

Why one: timeouts, retries with back-off, ``Retry-After``, the QGIS proxy, the CA bundle, a bound on
requests in flight and the turning of bad replies into ``ProviderError`` are the same for all five
providers, and getting them right once is what keeps a flaky connection from costing the user data.
Secrets (tokens, passwords, signed URLs) never enter an exception text or a log line: see ``redact``.
"""

from __future__ import annotations

import json
import logging
import random
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Callable

import requests

from .errors import AmbiguousSubmitError, AuthError, NotFoundError, ProviderError

log = logging.getLogger("eo_orders.http")

RETRY_STATUSES = frozenset({429, 502, 503, 504})
IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
USER_AGENT = "EO-Orders-QGIS-plugin/0.1"

_SECRET_QUERY = re.compile(r"([?&](?:token|access_token|X-Amz-Signature|X-Amz-Credential|X-Amz-Security-Token|"
                           r"Signature|sig|key|api_key|apikey)=)[^&#\s]+", re.I)


def redact(text: str, secrets: tuple[str, ...] = ()) -> str:
    """Remove known secrets and signed-URL query parts from a text meant for a log or a message."""
    out = _SECRET_QUERY.sub(r"\1***", text)
    for s in secrets:
        if s and len(s) >= 4:
            out = out.replace(s, "***")
    return out


def safe_url(url: str) -> str:
    """The URL without its query string and any ``user:password@``: safe to show, since signatures live
    in the query."""
    base = url.split("?", 1)[0].split("#", 1)[0]
    scheme, sep, rest = base.partition("://")
    if sep and "@" in rest.split("/", 1)[0]:
        rest = rest.split("@", 1)[1]
    return f"{scheme}{sep}{rest}"


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
            raise AuthError("The login service answered without an access token.", status=resp.status_code)
        return str(token), float(body.get("expires_in") or 300), body.get("refresh_token")

    return fetch


def oauth_error(resp: requests.Response) -> ProviderError | None:
    """``{"error": "invalid_grant", "error_description": ...}`` → a clear login message."""
    body = _try_json(resp)
    if isinstance(body, dict) and isinstance(body.get("error"), str):
        desc = str(body.get("error_description") or body["error"])
        login_errors = ("invalid_grant", "unauthorized_client", "invalid_client")
        if body["error"] in login_errors or resp.status_code in (400, 401):
            return AuthError(f"Login refused: {desc}. Check the user name and password of the connection.",
                             status=resp.status_code, code=body["error"])
    return None


def _try_json(resp: requests.Response) -> Any:
    try:
        return resp.json()
    except ValueError:
        return None


def json_body(resp: requests.Response) -> Any:
    """The JSON body, or a ``ProviderError`` that says the service sent something else."""
    try:
        return resp.json()
    except ValueError:
        ctype = resp.headers.get("Content-Type", "")
        what = "an HTML page" if "html" in ctype.lower() else "a reply that is not valid JSON"
        raise ProviderError(f"The service sent {what} where data was expected (HTTP {resp.status_code}, "
                            f"{safe_url(resp.url)}). Try again later.", status=resp.status_code,
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
        return AuthError(f"Not authorised: {reason}. Check the connection's credentials.", status=status, code=code)
    if status == 403:
        return AuthError(f"Access denied: {reason}.", status=status, code=code)
    if status == 404:
        return NotFoundError(f"Not found: {reason}.", status=status, code=code)
    if status == 429:
        return ProviderError(f"Too many requests: {reason}. Try again in a moment.", status=status, code=code,
                             retryable=True)
    if status >= 500:
        return ProviderError(f"The service failed (HTTP {status}): {reason}. Try again later.", status=status,
                             code=code, retryable=True)
    return ProviderError(f"Request refused (HTTP {status}): {reason}", status=status, code=code)


def retry_after_seconds(resp: requests.Response) -> float | None:
    value = resp.headers.get("Retry-After")
    if not value:
        return None
    try:
        return max(float(value), 0.0)
    except ValueError:
        from email.utils import parsedate_to_datetime

        try:
            return max(parsedate_to_datetime(value).timestamp() - time.time(), 0.0)
        except (TypeError, ValueError):
            return None


class Transport:
    """A requests session with the plugin's rules. Thread-safe: tasks share one per connection."""

    def __init__(self, settings: TransportSettings | None = None, session: requests.Session | None = None) -> None:
        self.settings = settings or TransportSettings()
        self.session = session or requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        adapter = requests.adapters.HTTPAdapter(pool_connections=4, pool_maxsize=max(self.settings.max_in_flight, 4))
        self.session.mount("http://", adapter)
        self.session.mount("https://", adapter)
        if self.settings.proxies:
            self.session.proxies.update(self.settings.proxies)
        self.session.verify = self.settings.verify
        self._slots = threading.BoundedSemaphore(self.settings.max_in_flight)
        self.sleep: Callable[[float], None] = time.sleep
        self.request_count = 0

    def close(self) -> None:
        self.session.close()

    def _delay(self, attempt: int, resp: requests.Response | None) -> float:
        if resp is not None:
            ra = retry_after_seconds(resp)
            if ra is not None:
                return min(ra, self.settings.max_backoff)
        base = min(self.settings.backoff * (2 ** attempt), self.settings.max_backoff)
        return base * (0.5 + random.random() / 2)

    def request(self, method: str, url: str, *, auth: Auth | None = None, error_parser: ErrorParser | None = None,
                idempotent: bool | None = None, retry_auth: bool = True, stream: bool = False,
                ok: tuple[int, ...] = (), secrets: tuple[str, ...] = (), timeout: tuple[float, float] | None = None,
                **kwargs: Any) -> requests.Response:
        """Send a request; return the response when its status is 2xx/3xx (or in ``ok``).

        Retries connection errors and 429/502/503/504 only when the request is safe to repeat
        (``idempotent``, by default true for GET/HEAD/PUT/DELETE). A POST whose connection breaks after
        it was sent raises ``AmbiguousSubmitError``: the caller reconciles instead of repeating it.
        """
        method = method.upper()
        auth = auth or NoAuth()
        if idempotent is None:
            idempotent = method in IDEMPOTENT_METHODS
        timeout = timeout or (self.settings.connect_timeout, self.settings.read_timeout)
        attempt = 0
        auth_retried = False
        while True:
            headers = dict(kwargs.pop("headers", None) or {})
            base_headers = dict(headers)
            auth.apply(headers, self)
            all_secrets = secrets + auth.secrets()
            resp: requests.Response | None = None
            try:
                with self._slots:
                    self.request_count += 1
                    resp = self.session.request(method, url, headers=headers, stream=stream, timeout=timeout,
                                                allow_redirects=kwargs.pop("allow_redirects", True), **kwargs)
            except requests.exceptions.ConnectTimeout as exc:
                err: ProviderError = ProviderError(
                    f"Cannot reach {host_of(url)}: no answer in time. Check the connection's URL, the network and "
                    f"the proxy settings.",
                    retryable=True)
                cause: Exception = exc
            except (requests.exceptions.ConnectionError, requests.exceptions.ReadTimeout,
                    requests.exceptions.ChunkedEncodingError) as exc:
                sent = not isinstance(exc, requests.exceptions.ConnectTimeout) and _maybe_sent(exc)
                if sent and not idempotent:
                    raise AmbiguousSubmitError(
                        f"The connection to {safe_url(url)} broke after the request was sent; it may or may "
                        f"not have been carried out.", retryable=False) from None
                if sent:
                    err = ProviderError(f"The connection to {safe_url(url)} failed: "
                                        f"{redact(plain_reason(exc), all_secrets)}. Check the network and try again.",
                                        retryable=True)
                else:  # nothing was sent: the address itself does not answer
                    err = ProviderError(f"Cannot reach {host_of(url)}: {redact(plain_reason(exc), all_secrets)}. "
                                        f"Check the connection's URL, the network and the proxy settings.",
                                        retryable=True)
                cause = exc
            except requests.exceptions.RequestException as exc:
                raise ProviderError(f"Request to {safe_url(url)} failed: {redact(plain_reason(exc), all_secrets)}"
                                    ) from None
            else:
                status = resp.status_code
                if status < 400 or status in ok:
                    return resp
                if status == 401 and retry_auth and not auth_retried and not isinstance(auth, NoAuth):
                    auth.invalidate()
                    auth_retried = True
                    resp.close()
                    kwargs["headers"] = base_headers
                    continue
                parsed = (error_parser(resp) if error_parser else None) or generic_error(resp)
                parsed.message = redact(parsed.message, all_secrets)
                if not (status in RETRY_STATUSES and (idempotent or status == 429)):
                    resp.close()
                    raise parsed
                err, cause = parsed, None
            if attempt >= self.settings.retries:
                if resp is not None:
                    resp.close()
                raise err from None
            delay = self._delay(attempt, resp)
            if resp is not None:
                resp.close()
            log.debug("retrying %s %s in %.2fs (%s)", method, safe_url(url), delay, err.message)
            attempt += 1
            kwargs["headers"] = base_headers
            self.sleep(delay)
            del cause

    def json(self, method: str, url: str, **kwargs: Any) -> Any:
        return json_body(self.request(method, url, **kwargs))


def _short(exc: Exception) -> str:
    text = str(exc)
    return text if len(text) < 200 else text[:200] + "…"


def _maybe_sent(exc: Exception) -> bool:
    """Whether a connection error may have happened after the request reached the server."""
    text = str(exc).lower()
    not_sent = ("connection refused", "name or service not known", "failed to establish", "nodename nor servname",
                "temporary failure in name resolution", "no route to host")
    return not any(s in text for s in not_sent)
