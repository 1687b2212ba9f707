# SPDX-License-Identifier: GPL-2.0-or-later
"""The provider toolkit: what every provider module shares, so each module only declares its contract.

- ``Api`` (calls): one call/JSON helper binding a base URL, credentials and an error parser;
- ``ErrorLadder``/``Rung``/``BASE_LADDER`` (ladder): HTTP status and provider code to error, as data;
- ``StatusMap`` (statuses): the provider's status words to ``OrderStatus``;
- ``skip_top``, ``page_numbers``, ``next_links`` (paging): pagers under one shared bound.

Imports only the leaf modules ``errors``, ``http`` (transport) and ``base`` (the domain model), never a
provider module: the graph stays a tree (``tests/providers/test_registry.py`` checks there is no cycle).
"""

from .calls import Api, raise_if_final
from .ladder import BASE_LADDER, ErrorLadder, Rung, status_class
from .paging import MAX_ITEMS, MAX_PAGES, Paged, Sheet, next_links, page_numbers, rel_next, skip_top
from .statuses import StatusMap

__all__ = ["Api", "raise_if_final", "BASE_LADDER", "ErrorLadder", "Rung", "status_class", "MAX_ITEMS",
           "MAX_PAGES", "Paged", "Sheet", "next_links", "page_numbers", "rel_next", "skip_top", "StatusMap"]
