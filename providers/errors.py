# SPDX-License-Identifier: GPL-2.0-or-later
"""The one error family of EO Orders, in a leaf module that imports nothing of the plugin.

Every error the user may see derives from :class:`EoOrdersError`: it carries a message fit for a user,
a level (how loudly to show it) and optional details for the log. Provider errors live here too, so the
pure provider layer, ``core/`` and ``ui/`` share one family and one place shows any of them.
"""

from __future__ import annotations

import enum
from typing import Any

from .sanitize import redact, user_text


class ErrorLevel(str, enum.Enum):
    """How an error is shown: the message bar level it maps to (info, warning, critical)."""

    INFO = "info"
    WARNING = "warning"
    CRITICAL = "critical"


class EoOrdersError(Exception):
    """Base of every error shown to the user: ``message`` (no secret), ``level`` and ``details``."""

    level: ErrorLevel = ErrorLevel.CRITICAL

    def __init__(self, message: str, *, level: ErrorLevel | None = None, details: str = "") -> None:
        message = user_text(message)
        super().__init__(message)
        self._message = message
        if level is not None:
            self.level = level
        self.details = redact(details)

    @property
    def message(self) -> str:
        """The text shown to the user: always redacted, plain text and short (see ``sanitize.user_text``),
        whatever server text went into it, even when code assigns it later."""
        return self._message

    @message.setter
    def message(self, value: str) -> None:
        self._message = user_text(value)
        self.args = (self._message,)

    def __str__(self) -> str:
        return self.message


class ProviderError(EoOrdersError):
    """An error fit to show to a user: what failed and what to do, never a secret.

    ``status`` is the HTTP status when there was one; ``code`` is the provider's own error code
    (ODIP ``E7238``, Finder ``ErrorCode``, Capella ``ORDER_EXPIRED`` ...).
    """

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None,
                 retryable: bool = False, level: ErrorLevel | None = None, details: str = "") -> None:
        super().__init__(message, level=level, details=details)
        self.status = status
        self.code = code
        self.retryable = retryable

    def __str__(self) -> str:
        return f"{self.message} ({self.code})" if self.code and self.code not in self.message else self.message


class AuthError(ProviderError):
    """Login failed or the credentials are no longer accepted."""


class NotFoundError(ProviderError):
    """The order, workflow or product does not exist (any more)."""


class ValidationError(ProviderError):
    """The request is invalid; raised before anything is sent when the client can tell.

    ``field_errors`` maps an option name (or ``""`` for the whole request) to its messages, so the
    options form can show each error next to its field.
    """

    #: the user can fix it: a warning, never logged as a critical failure
    level = ErrorLevel.WARNING

    def __init__(self, message: str, *, field_errors: dict[str, list[str]] | None = None, **kw: Any) -> None:
        super().__init__(message, **kw)
        self.field_errors = {
            str(k)[:200]: [user_text(str(m), limit=300) for m in (v if isinstance(v, list) else [v])][:20]
            for k, v in list((field_errors or {}).items())[:100]}


class NotSupportedError(ProviderError):
    """The provider does not offer this operation (e.g. prosEO ODIP has no cancel)."""


class AmbiguousSubmitError(ProviderError):
    """The submit may or may not have reached the server (connection dropped after sending)."""


class QuotaExceededError(ProviderError):
    """A per-user quota refused the request; ``quota`` names it ("concurrent orders", "processed products per
    month"). Final: a used-up quota does not come back after ``Retry-After``, so it is never retried, even
    when the service sends it as a 429."""

    def __init__(self, message: str, *, quota: str, **kw: Any) -> None:
        kw["retryable"] = False
        super().__init__(message, **kw)
        self.quota = quota
