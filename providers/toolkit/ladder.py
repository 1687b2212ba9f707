# SPDX-License-Identifier: GPL-2.0-or-later
"""One HTTP-status-to-error ladder for every provider, with per-provider overrides declared as data.

Why: each provider module had its own copy of "401 is a login problem, 404 is gone, 5xx is worth another
try", and the copies drifted (one marked 429 retryable, the next did not). Here the ladder is a table: a
provider module reads its error body into ``(message, code)`` and declares only where it differs from
``BASE_LADDER`` (its wording, a code that outranks the status, a refusal that must not be retried).

Lookup order: the provider's own code (``by_code``), then the exact status, then the status class
(``"4xx"``/``"5xx"``), then the ladder's fallback. Imports only the leaf error family.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Union

from ..errors import AuthError, NotFoundError, ProviderError, ValidationError

StatusKey = Union[int, str]


@dataclass(frozen=True)
class Rung:
    """What one status (or provider code) becomes: an error class and a message template.

    The template may use ``{msg}`` (the provider's own text), ``{status}`` and ``{code}``. ``retryable``
    None means "as HTTP says": 429 and 5xx may be tried again, anything else not. False marks a final
    refusal even on a 429 (a used-up monthly quota does not come back after ``Retry-After``).
    """

    error: type[ProviderError] = ProviderError
    template: str = "{msg}"
    retryable: bool | None = None

    def make(self, status: int | None, msg: str, code: str | None = None,
             field_errors: dict[str, list[str]] | None = None, **extra: Any) -> ProviderError:
        retryable = self.retryable
        if retryable is None:
            retryable = status is not None and (status == 429 or status >= 500)
        text = self.template.format(msg=msg, status=status, code=code or "")
        kwargs: dict[str, Any] = {"status": status, "code": code, "retryable": retryable, **extra}
        if issubclass(self.error, ValidationError):
            kwargs["field_errors"] = field_errors
        return self.error(text, **kwargs)


def status_class(status: int) -> str:
    """``"4xx"`` or ``"5xx"`` (``"3xx"`` ...): the key a ladder falls back to for statuses it does not name."""
    return f"{status // 100}xx"


@dataclass(frozen=True)
class ErrorLadder:
    """A table from HTTP status and provider code to a ``Rung``; ``override`` makes a provider's copy."""

    by_status: Mapping[StatusKey, Rung]
    by_code: Mapping[str, Rung] = field(default_factory=dict)
    fallback: Rung = field(default_factory=lambda: Rung(ProviderError, "Request refused (HTTP {status}): {msg}"))

    def override(self, by_status: Mapping[StatusKey, Rung] | None = None, *,
                 by_code: Mapping[str, Rung] | None = None, fallback: Rung | None = None) -> ErrorLadder:
        """This ladder with some rungs replaced or added (the provider's differences, as data)."""
        return ErrorLadder({**self.by_status, **(by_status or {})}, {**self.by_code, **(by_code or {})},
                           fallback or self.fallback)

    def rung(self, status: int | None, code: str | None = None) -> Rung:
        if code and code in self.by_code:
            return self.by_code[code]
        if status is not None:
            if status in self.by_status:
                return self.by_status[status]
            if status_class(status) in self.by_status:
                return self.by_status[status_class(status)]
        return self.fallback

    def error(self, status: int | None, msg: str, code: str | None = None, *,
              field_errors: dict[str, list[str]] | None = None, **extra: Any) -> ProviderError:
        """The error for a reply with ``status`` whose body said ``msg`` (and the provider's ``code``)."""
        return self.rung(status, code).make(status, msg, code, field_errors, **extra)


#: the ladder every provider starts from: the same words ``http.generic_error`` uses for bodies no provider
#: parser understood (``tests/providers/test_toolkit.py`` keeps the two in step)
BASE_LADDER = ErrorLadder({
    401: Rung(AuthError, "Not authorised: {msg}. Check the connection's credentials."),
    403: Rung(AuthError, "Access denied: {msg}."),
    404: Rung(NotFoundError, "Not found: {msg}."),
    429: Rung(ProviderError, "Too many requests: {msg}. Try again in a moment."),
    "5xx": Rung(ProviderError, "The service failed (HTTP {status}): {msg}. Try again later."),
})
