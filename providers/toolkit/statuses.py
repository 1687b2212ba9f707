# SPDX-License-Identifier: GPL-2.0-or-later
"""A provider's status words mapped to the one ``OrderStatus`` enum, declared as data.

Every provider had its own lookup with its own normalising (lower case here, upper case there, dashes or
spaces to underscores) and its own idea of what an unknown word means. ``StatusMap`` keeps the table and
those two choices together, so a provider module states them and nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..base import OrderStatus


class StatusMap(dict):
    """``{word: OrderStatus}`` with the provider's spelling rule and the status of an unknown word.

    ``case``: "lower", "upper" or "" (as sent). Spaces and dashes become underscores before the lookup.
    ``unknown``: what a word missing from the table means (most services: still running, keep polling).
    """

    def __init__(self, table: Mapping[str, OrderStatus], *, case: str = "lower",
                 unknown: OrderStatus = OrderStatus.IN_PROGRESS) -> None:
        self.case = case
        self.unknown = unknown
        super().__init__({self.normalise(word): status for word, status in table.items()})

    def normalise(self, raw: Any) -> str:
        word = str(raw if raw is not None else "").strip().replace(" ", "_").replace("-", "_")
        return word.lower() if self.case == "lower" else word.upper() if self.case == "upper" else word

    def __call__(self, raw: Any) -> OrderStatus:
        return self.get(self.normalise(raw), self.unknown)

    def words_for(self, status: OrderStatus) -> list[str]:
        """The provider's words for one of our statuses (for server-side status filters)."""
        return [word for word, st in self.items() if st == status]
