"""Helpers several emulators share where the logic is really the same (``core`` holds the server's machinery).

Why a module: the CDSE, prosEO, Capella and UP42 emulators each had their own copy of the "sandbox time as
``...SS.sssZ``" formatter, the "hide the ``_private`` bookkeeping keys" filter and the bearer-token look-up.
What differs on purpose stays in the emulator: each provider's 401 body, UP42's 6-digit timestamps,
Finder's ``+00:00`` ones.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

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
