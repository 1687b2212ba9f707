# SPDX-License-Identifier: GPL-2.0-or-later
"""Making any text safe to show or log: secrets removed, server HTML turned into short plain text.

Why a leaf module of its own: the error family (``errors.py``), the transport, the journal and the log
handler all need the same rules, and ``errors.py`` must not import the transport. A rule added here
reaches every exception message, every log line and every journal row at once.

What counts as a secret here: signed-URL query parameters (``X-Amz-*``, ``X-Goog-*``, ``sig``,
``token``...), form- or URL-encoded ``password=``/``client_secret=`` fields, JSON ``"password": "..."``
members, ``user:pass@`` in URLs, ``Bearer``/``Basic``/``ApiKey``/``Keycloak-Token`` header values and
bare base64 text that decodes to ``user:password``.
"""

from __future__ import annotations

import base64
import binascii
import html
import logging
import re
from urllib.parse import quote, quote_plus

MASK = "***"
#: longest server text shown to a user: enough for a real message, not a 5 MB page
MAX_MESSAGE_CHARS = 600

#: names of parameters, form fields, JSON members and options that hold secrets
SECRET_NAME = (r"(?:[a-z0-9_.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|apikey|credential|signature|"
               r"authorization|session|cookie)[a-z0-9_.-]*|x-amz-[a-z0-9-]+|x-goog-[a-z0-9-]+|sig|key|otp|totp|sas)")
SECRET_NAME_RE = re.compile(rf"^{SECRET_NAME}$", re.I)
# name=value in a query string or a form body (the value ends at &, whitespace, a quote or #)
_PARAM = re.compile(rf"(?<![a-z0-9_.-])({SECRET_NAME})(=|%3D)[^&#\s\"'<>,;]+", re.I)
# "name": "value" / 'name': 'value' in JSON or a Python repr
_JSON = re.compile(rf"([\"']{SECRET_NAME}[\"']\s*:\s*)(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|[^,}}\s]+)", re.I)
# user:password@ in a URL
_USERINFO = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@:]*:[^/\s@]*@", re.I)
# header-style credentials
_SCHEMES = re.compile(r"\b(Bearer|Basic|ApiKey|Api-Key|Keycloak-Token)(\s*[:=]?\s+)"
                      r"(?=[A-Za-z0-9._~+/=-]*[0-9+/=._~-])[A-Za-z0-9._~+/=-]{6,}", re.I)
_HEADER = re.compile(r"\b(Authorization|Keycloak-Token|X-Api-Key|Api-Key|ApiKey|Cookie|Set-Cookie|X-Auth-Token)"
                     r"(\s*[:=]\s*)[^\r\n,;'\"]+", re.I)
# long base64 runs: decoded and masked when they are "user:password"
_B64 = re.compile(r"(?<![A-Za-z0-9+/=])[A-Za-z0-9+/]{8,}={0,2}(?![A-Za-z0-9+/=])")
# JWTs (header.payload.signature), wherever they appear
_JWT = re.compile(r"\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")

_TAG = re.compile(r"<\s*/?\s*[A-Za-z!][^<>]*>")
_SCRIPT = re.compile(r"<\s*(script|style)\b.*?<\s*/\s*\1\s*>", re.I | re.S)
_SPACE = re.compile(r"[ \t\r\f\v]+")
_LINES = re.compile(r"\s*\n\s*")


def _basic_pair(match: re.Match[str]) -> str:
    token = match.group(0)
    try:
        decoded = base64.b64decode(token + "=" * (-len(token) % 4), validate=True).decode("utf-8")
    except (binascii.Error, ValueError):
        return token
    if ":" in decoded and decoded.isprintable() and 0 < decoded.index(":") < len(decoded) - 1:
        return MASK
    return token


def secret_variants(secret: str) -> list[str]:
    """A secret as it may appear in a text: raw, URL-encoded (both ways), JSON-escaped, base64'd."""
    if not secret or len(secret) < 4:
        return []
    out = {secret, quote(secret, safe=""), quote_plus(secret), secret.replace("\\", "\\\\").replace('"', '\\"'),
           base64.b64encode(secret.encode()).decode()}
    return sorted(out, key=len, reverse=True)


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """``text`` with every known secret and every secret-looking part replaced by ``***``."""
    out = str(text)
    for s in secrets:
        for variant in secret_variants(s or ""):
            out = out.replace(variant, MASK)
    out = _USERINFO.sub(rf"\1{MASK}@", out)
    out = _PARAM.sub(rf"\1\2{MASK}", out)
    out = _JSON.sub(rf'\1"{MASK}"', out)
    out = _HEADER.sub(rf"\1\2{MASK}", out)
    out = _SCHEMES.sub(rf"\1\2{MASK}", out)
    out = _JWT.sub(MASK, out)
    out = _B64.sub(_basic_pair, out)
    return out


def plain_text(text: str, limit: int = MAX_MESSAGE_CHARS) -> str:
    """Server text fit for a message bar: tags removed (no clickable links), entities decoded,
    whitespace collapsed, at most ``limit`` characters."""
    out = str(text)
    if len(out) > limit * 20:  # do not run the regexes over megabytes of text to show 600 characters
        out = out[: limit * 20]
    out = _SCRIPT.sub(" ", out)
    for _ in range(3):  # entities may hide tags (&lt;a href&gt;): decode, strip again
        stripped = _TAG.sub(" ", out)
        decoded = html.unescape(stripped)
        if decoded == out:
            break
        out = decoded
    out = _TAG.sub(" ", out)
    out = _LINES.sub("\n", _SPACE.sub(" ", out)).strip()
    if len(out) > limit:
        out = out[: limit - 1].rstrip() + "…"
    return out


def user_text(text: str, secrets: tuple[str, ...] | list[str] = (), limit: int = MAX_MESSAGE_CHARS) -> str:
    """What any exception message becomes: redacted, plain, short."""
    return plain_text(redact(text, secrets), limit)


def safe_url(url: str) -> str:
    """The URL without query, fragment and user info: safe to show, since signatures live in the query."""
    text = str(url).split("#", 1)[0].split("?", 1)[0]
    return _USERINFO.sub(r"\1", text)


def is_secret_name(name: str) -> bool:
    """Whether an option, field or header name says its value is a secret (``password``, ``apiKey``...)."""
    return bool(SECRET_NAME_RE.match(str(name).strip()))


class RedactingFilter(logging.Filter):
    """A logging filter that redacts a record's message and arguments before any handler sees them.

    Installed on the plugin's loggers and on ``urllib3.connectionpool`` (which logs full URLs, signed
    query strings included, at DEBUG)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # noqa: BLE001 - a bad format string must not hide the record
            message = str(record.msg)
        record.msg = redact(message)
        record.args = None
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True


_FILTER = RedactingFilter()
#: loggers whose records may carry URLs or replies
REDACTED_LOGGERS = ("eo_orders", "eo_orders.http", "eo_orders.download", "eo_orders.submit", "eo_orders.results",
                    "eo_orders.store", "urllib3.connectionpool", "requests")


def install_log_redaction(names: tuple[str, ...] = REDACTED_LOGGERS) -> None:
    """Put the redacting filter on each named logger (filters of a logger apply to its own records only,
    so every logger that logs URLs is listed). Idempotent."""
    for name in names:
        logger = logging.getLogger(name)
        if _FILTER not in logger.filters:
            logger.addFilter(_FILTER)


install_log_redaction()
