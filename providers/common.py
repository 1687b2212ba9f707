# SPDX-License-Identifier: GPL-2.0-or-later
"""Small helpers every provider module needs: lenient field readers, ISO dates, OData literals, AOI rings.

Why a module of its own: each provider module had grown its own copy of these (an ISO parser, a "UTC with
milliseconds and Z" formatter, ``_int``/``_obj``/``_list``, OData quoting, the Keycloak wiring), and copies
drift: a fix for a vendor's odd reply reached one provider and not the next. Only logic that is really the
same lives here; where providers differ on purpose (prosEO's ``18:872Z`` typo, Capella's STAC geometry) the
difference is a parameter or stays in the provider module.

Pure Python (stdlib + requests through ``http``): no qgis, no PyQt.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime, timedelta, timezone
from typing import Any

from .base import ConnectionConfig, Order
from .http import TokenAuth, Transport, keycloak_password_fetch
from .toolkit.paging import MAX_PAGES  # noqa: E402,F401 - the one page bound lives with the pagers

# --------------------------------------------------------------------------------------- lenient field readers


def as_int(value: Any) -> int | None:
    """``int(value)``, or None when the field is missing or junk: a bad size must not fail a whole listing."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite float
        return None


def as_float(value: Any) -> float | None:
    """``float(value)``, or None when the field is missing or junk (``"12.5"`` and ``12`` both read)."""
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def as_dict(value: Any) -> dict[str, Any]:
    """``value`` when it is an object, else ``{}``: a field of the wrong type reads as missing."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list[Any]:
    """``value`` when it is a list, else ``[]``: a field of the wrong type reads as missing."""
    return value if isinstance(value, list) else []


# ------------------------------------------------------------------------------------------------- date-times

#: ISO-8601 date, optional time (seconds optional), any fraction digits, ``Z`` or ``±hh[:]mm``; ``T`` or space.
ISO_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$", re.I)


def parse_iso_datetime(value: Any, pattern: re.Pattern[str] = ISO_DATETIME,
                       never_year: int | None = None) -> datetime | None:
    """An aware UTC ``datetime`` from an ISO-8601 text, or None when absent or unreadable; naive means UTC.

    Why not ``datetime.fromisoformat``: the QGIS 3.22 Python (3.9) takes neither ``Z`` nor other than 3 or 6
    fraction digits, and providers send both. ``pattern`` lets a provider accept its own variant (it must have
    the 8 groups of ``ISO_DATETIME``: year, month, day, hour, minute, second, fraction, zone); ``never_year``
    turns "never" sentinels such as ``9999-12-31T23:59:59Z`` into None.
    """
    if not isinstance(value, str) or not value.strip():
        return None
    m = pattern.match(value.strip())
    if not m:
        return None
    y, mo, d, h, mi, s, frac, tz = m.groups()
    if never_year is not None and int(y) >= never_year:
        return None
    tzinfo = timezone.utc
    if tz and tz.upper() != "Z":
        digits = tz[1:].replace(":", "")
        offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4]))
        tzinfo = timezone(-offset if tz[0] == "-" else offset)
    try:
        dt = datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(s or 0),
                      int((frac or "0")[:6].ljust(6, "0")), tzinfo=tzinfo)
    except ValueError:
        return None
    return dt.astimezone(timezone.utc)


def utc_millis(dt: datetime) -> str:
    """``YYYY-MM-DDTHH:MM:SS.sssZ`` in UTC (naive means UTC): the one form ODP, ODIP, OData filters and
    Capella all accept, and the only one the ODIP RAML pattern allows."""
    if dt.tzinfo is None:
        dt = dt.replace(tzinfo=timezone.utc)
    dt = dt.astimezone(timezone.utc)
    return dt.strftime("%Y-%m-%dT%H:%M:%S.") + f"{dt.microsecond // 1000:03d}Z"


def newest_first(orders: Iterable[Order]) -> list[Order]:
    """Orders sorted by submission time, newest first; orders without a date go last."""
    oldest = datetime.min.replace(tzinfo=timezone.utc)
    return sorted(orders, key=lambda o: o.submitted_at or oldest, reverse=True)


# ----------------------------------------------------------------------------------------------------- OData

def odata_string(value: Any) -> str:
    """A quoted OData string literal: single quotes are doubled, so a name cannot break out of the filter."""
    return "'" + str(value).replace("'", "''") + "'"


def md5_checksum(product: dict[str, Any]) -> str:
    """The MD5 value of an OData product's ``Checksum`` list (``[{"Algorithm", "Value"}]``), or ``""``."""
    for c in as_list(product.get("Checksum")):
        if isinstance(c, dict) and str(c.get("Algorithm", "")).upper() == "MD5" and c.get("Value"):
            return str(c["Value"])
    return ""


def ring_coords_wkt(ring: Iterable[Any]) -> str:
    """``"x y,x y,..."`` of a lon/lat ring: 6 decimals (about 0.1 m) and closed, as ``POLYGON((...))`` needs."""
    pts = [(round(float(p[0]), 6), round(float(p[1]), 6)) for p in ring]
    if pts and pts[0] != pts[-1]:
        pts.append(pts[0])
    return ",".join(f"{x:g} {y:g}" for x, y in pts)


# ------------------------------------------------------------------------------------------------ downloads

_resume = threading.local()


@contextmanager
def resume_condition(validator: str) -> Iterator[None]:
    """While a download resumes, the version it continues (strong ETag or Last-Modified): ``range_headers``
    adds it as ``If-Range``, so a server whose file changed answers with the whole new file instead of a
    piece of it. Set by ``download.download_asset`` around ``open_fn`` in the same thread."""
    previous = getattr(_resume, "validator", "")
    _resume.validator = validator
    try:
        yield
    finally:
        _resume.validator = previous


def range_headers(offset: int) -> dict[str, str]:
    """``Range`` to resume a download at ``offset`` (none from 0: a plain GET then means the whole file),
    with ``If-Range`` when the version being resumed is known (see ``resume_condition``)."""
    if offset <= 0:
        return {}
    headers = {"Range": f"bytes={int(offset)}-"}
    validator = getattr(_resume, "validator", "")
    if validator:
        headers["If-Range"] = validator
    return headers


# ----------------------------------------------------------------------------------------------------- auth

def keycloak_auth(token_url: str, client_id: str, connection: ConnectionConfig, *, totp: bool = True,
                  extra: Mapping[str, str] | None = None, refresh: bool = True, **auth_kwargs: Any) -> TokenAuth:
    """``TokenAuth`` over a Keycloak password grant with the connection's user name and secret.

    ``totp``: send ``connection.options["totp"]`` (2FA accounts). ``refresh=False`` logs in afresh each time,
    as the UP42 SDK does, instead of using the refresh token. ``auth_kwargs`` go to ``TokenAuth`` (header
    name, scheme, renewal margin).
    """
    inner = keycloak_password_fetch(token_url, client_id, connection.username, connection.secret,
                                    totp=str(connection.options.get("totp") or "") if totp else "", extra=extra)
    if refresh:
        return TokenAuth(inner, **auth_kwargs)

    def fetch(transport: Transport, _refresh: str | None) -> tuple[str, float, str | None]:
        token, expires_in, _ = inner(transport, None)
        return token, expires_in, None

    return TokenAuth(fetch, **auth_kwargs)

