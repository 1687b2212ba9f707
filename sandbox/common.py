# SPDX-License-Identifier: GPL-2.0-or-later
"""Helpers several emulators share where the logic is really the same (``core`` holds the server's machinery).

Why a module: the CDSE, prosEO, Capella and UP42 emulators each had their own copy of the "sandbox time as
``...SS.sssZ``" formatter, the "hide the ``_private`` bookkeeping keys" filter, the bearer-token look-up, the
"live token or 401" guard, the page slicing and the OData collection body.
What differs on purpose stays in the emulator: each provider's 401 body, UP42's 6-digit timestamps,
Finder's ``+00:00`` ones.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

from flask import Response, request

from .core import bearer_token, state


def iso_millis(ts: float) -> str:
    """Sandbox time (epoch seconds) as ``YYYY-MM-DDTHH:MM:SS.sssZ`` in UTC, the form CDSE, ODIP and Capella
    document. Seconds and milliseconds come from the same rounded ``datetime``, so they always agree (a time
    a hair below a whole second must not print as the next second with ``.999``)."""
    dt = datetime.fromtimestamp(ts, tz=timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def public(entity: dict[str, Any]) -> dict[str, Any]:
    """``entity`` without its ``_``-prefixed keys: the emulators keep their bookkeeping (owner, start time,
    final state) next to the documented fields and must never send it."""
    return {k: v for k, v in entity.items() if not k.startswith("_")}


def token_user(realm: str) -> str | None:
    """The user of the request's live bearer token of ``realm``; None when missing, unknown or expired
    (the caller answers with its provider's documented 401)."""
    tok = state().tokens.check(bearer_token(), realm)
    return tok.user if tok else None


# ------------------------------------------------------------------------------------------ token checks

def require_token(realm: str, refusal: Callable[[], Response]) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """A view decorator: the view runs only for a live bearer token of ``realm``; otherwise the provider's
    own 401 (``refusal()``: each service words it differently, and that wording is its contract). The
    caller's user is then ``current_user()``."""

    def decorate(view: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = token_user(realm)
            if user is None:
                return refusal()
            request.environ[_USER_KEY] = user
            return view(*args, **kwargs)

        return wrapper

    return decorate


_USER_KEY = "sandbox.user"


def current_user() -> str:
    """The user ``require_token`` let in for this request ("" outside such a view)."""
    return str(request.environ.get(_USER_KEY, ""))


# ------------------------------------------------------------------------------------------------ paging

def page_slice(items: list[Any], page: int, size: int, first: int = 0) -> tuple[list[Any], int]:
    """Page number ``page`` (counted from ``first``) of ``size`` items, and how many pages there are (0 for
    no items): Spring (UP42, from 0), Finder (from 0) and Capella's ``tasks/paged`` (from 1) page alike."""
    start = (page - first) * size
    total_pages = math.ceil(len(items) / size) if items else 0
    return items[start:start + size], total_pages


def odata_collection(context: str, page: list[Any], count: int | None = None) -> dict[str, Any]:
    """An OData collection reply: ``@odata.context``, ``@odata.count`` when asked for, then ``value``."""
    body: dict[str, Any] = {"@odata.context": context}
    if count is not None:
        body["@odata.count"] = count
    body["value"] = page
    return body
