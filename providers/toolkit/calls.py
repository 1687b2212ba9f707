# SPDX-License-Identifier: GPL-2.0-or-later
"""One way for a provider to call its API: ``Api.call`` (a response) and ``Api.json`` (the parsed body).

Each provider module used to wrap ``Transport.request`` under its own name (``_get``, ``_req``, ``_api``,
``_request``...), each binding the same three things: the base URL, the credentials and the error parser.
``Api`` binds them once. Transport behaviour (bounded bodies, deadlines, retries, credential scoping) stays
in ``providers/http.py``: this module only builds on it.

A final refusal on a 429: the transport repeats any 429 (it means "not carried out, try later"), which is
right for a rate limit and wrong for a used-up quota. When the provider's error parser marks a 429 as not
retryable (``Rung(retryable=False)``), ``Api`` raises it at once instead of waiting.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import requests

from ..errors import AuthError, ProviderError
from ..http import Auth, ErrorParser, NoAuth, Transport, json_body, retry_after_seconds
from ..sanitize import redact


class Api:
    """A provider's API at one base URL, with its credentials and its error parser bound.

    ``unwrap`` turns every JSON body into what the provider's parsers expect (UP42's ``{"data": ...}``
    envelope, for one). ``secrets`` returns extra texts to redact from errors (e.g. a password the server
    may echo). ``relogin_on``: statuses besides 401 by which the service says "bad token" (Finder's 403):
    an ``AuthError`` with one of them drops the token and the request is sent once more with a fresh one.
    """

    def __init__(self, transport: Transport, base_url: str, auth: Auth | None = None,
                 error_parser: ErrorParser | None = None, *, unwrap: Callable[[Any], Any] | None = None,
                 secrets: Callable[[], tuple[str, ...]] | None = None, relogin_on: tuple[int, ...] = ()) -> None:
        self.transport = transport
        self.base_url = base_url.rstrip("/")
        self.auth = auth or NoAuth()
        self.error_parser = error_parser
        self.unwrap = unwrap
        self._secrets = secrets
        self.relogin_on = relogin_on

    def url(self, path_or_url: str) -> str:
        """An absolute URL is used as is (next links, signed hrefs); a path is joined to the base URL."""
        if "://" in path_or_url:
            return path_or_url
        return f"{self.base_url}/{path_or_url.lstrip('/')}" if path_or_url else self.base_url

    def call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        """``Transport.request`` with this API's URL, auth and error parser (each may be overridden)."""
        if not self.relogin_on:
            return self._call(method, path, **kwargs)
        try:
            return self._call(method, path, **kwargs)
        except AuthError as exc:
            auth = kwargs.get("auth") or self.auth
            if exc.status not in self.relogin_on or isinstance(auth, NoAuth):
                raise
            auth.invalidate()
            return self._call(method, path, **kwargs)

    def _call(self, method: str, path: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("auth", self.auth)
        kwargs.setdefault("error_parser", self.error_parser)
        if self._secrets is not None:
            kwargs["secrets"] = tuple(kwargs.get("secrets", ())) + tuple(self._secrets())
        url = self.url(path)
        parser = kwargs["error_parser"]
        if parser is None or kwargs.get("stream") or 429 in kwargs.get("ok", ()):
            return self.transport.request(method, url, **kwargs)
        first = self.transport.request(method, url, **{**kwargs, "ok": (*kwargs.get("ok", ()), 429)})
        if first.status_code != 429:
            return first
        raise_if_final(first, parser, tuple(kwargs.get("secrets", ())) + tuple((kwargs["auth"] or NoAuth()).secrets()))
        wait = retry_after_seconds(first)  # the body was read (bounded) by the transport: nothing to close
        settings = self.transport.settings
        self.transport.sleep(min(wait if wait is not None else settings.backoff, settings.max_backoff))
        return self.transport.request(method, url, **kwargs)

    def json(self, method: str, path: str, **kwargs: Any) -> Any:
        """The JSON body of ``call`` (size-capped, depth-safe: ``http.json_body``), unwrapped if asked."""
        body = json_body(self.call(method, path, **kwargs))
        return self.unwrap(body) if self.unwrap is not None else body

    def get(self, path: str, params: dict[str, Any] | None = None, **kwargs: Any) -> Any:
        return self.json("GET", path, params=params, **kwargs)


def raise_if_final(resp: requests.Response, parser: ErrorParser, secrets: tuple[str, ...] = ()) -> None:
    """Raise the parser's error for a 429 it marks as not retryable (a quota, not a rate limit)."""
    try:
        err = parser(resp)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError):
        return
    if isinstance(err, ProviderError) and not err.retryable:
        err.message = redact(err.message, secrets)
        raise err
