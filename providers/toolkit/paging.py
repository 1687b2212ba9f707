# SPDX-License-Identifier: GPL-2.0-or-later
"""Pagers for the three ways our services page a listing, with one bound every provider shares.

- ``skip_top``: OData ``$skip``/``$top`` (CDSE ODP, prosEO ODIP), stopping on a short page or at the count;
- ``page_numbers``: numbered pages (UP42's Spring pages from 0, Capella's STAC ``page`` from 1, Finder);
- ``next_links``: follow the link the reply names (OData ``@odata.nextLink``, STAC ``links[rel=next]``).

Each pager takes a ``fetch`` function that makes one request and returns a ``Sheet`` (the page's items,
the total when the service says it, and how to get the next page); the pager decides when to stop. Why one
place: a server that claims a huge total, repeats a page or links to itself must not keep a task reading
for ever, and the guard (``MAX_PAGES`` pages, ``MAX_ITEMS`` items) is the same for everyone. The transport
adds its own bound on the requests of one call (``TransportSettings.max_requests_per_call``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

#: the most pages any listing is read to, whatever total the server claims
MAX_PAGES = 500
#: the most items any listing yields (a page size of 1000 times 100 pages is already more than a user reads)
MAX_ITEMS = 100_000


@dataclass
class Sheet:
    """One page as a pager needs it: ``items``, ``total`` when known, ``next`` (a link, a body... or None)
    and ``last`` when the service says this is the last page."""

    items: list[Any]
    total: int | None = None
    next: Any = None
    last: bool = False


@dataclass
class Paged:
    """What a pager read: the items, the total the service claimed, and where it stopped (``next``) when
    the caller's ``limit`` ended the reading first, so a later call can continue."""

    items: list[Any]
    total: int | None = None
    next: Any = None


def _bounded(limit: int | None, max_items: int) -> int:
    return max_items if limit is None else max(0, min(limit, max_items))


def skip_top(fetch: Callable[[int, int], Sheet], page_size: int, *, limit: int | None = None, skip: int = 0,
             max_pages: int = MAX_PAGES, max_items: int = MAX_ITEMS) -> Iterator[Any]:
    """Items over ``$skip``/``$top`` pages: ``fetch(skip, top)``; stops on a short or empty page, at the
    service's count, at ``limit``, or at the shared guard."""
    want = _bounded(limit, max_items)
    seen = 0
    for _ in range(max_pages):
        top = min(page_size, want - seen)
        if top <= 0:
            return
        sheet = fetch(skip, top)
        items = sheet.items[:want - seen]  # a server that ignores $top still ends at the limit
        yield from items
        seen += len(items)
        skip += len(sheet.items)
        if sheet.last or len(items) < top or (sheet.total is not None and skip >= sheet.total):
            return


def page_numbers(fetch: Callable[[int], Sheet], *, first: int = 0, limit: int | None = None,
                 total_pages: Callable[[Sheet], int | None] | None = None,
                 max_pages: int = MAX_PAGES, max_items: int = MAX_ITEMS) -> Iterator[Any]:
    """Items over numbered pages from ``first``: ``fetch(number)``; stops on an empty page or one marked
    last, after ``total_pages(sheet)`` pages when the service says how many, at ``limit`` or the guard."""
    want = _bounded(limit, max_items)
    seen = 0
    number = first
    for count in range(1, max_pages + 1):
        sheet = fetch(number)
        for item in sheet.items:
            if seen >= want:
                return
            yield item
            seen += 1
        pages = total_pages(sheet) if total_pages else None
        if sheet.last or not sheet.items or seen >= want or (pages is not None and count >= pages):
            return
        number += 1


def next_links(fetch: Callable[[Any], Sheet], start: Any, *, limit: int | None = None,
               max_pages: int = MAX_PAGES, max_items: int = MAX_ITEMS) -> Paged:
    """Items over pages that name their successor: ``fetch(start)``, then ``fetch(sheet.next)`` while there
    is one. A next that was already fetched (a page linking back) ends the reading, as do ``limit`` and the
    guard. ``Paged.next`` is the link to go on from when ``limit`` stopped it."""
    want = _bounded(limit, max_items)
    items: list[Any] = []
    total: int | None = None
    seen_links: set[str] = set()
    where: Any = start
    for _ in range(max_pages):
        seen_links.add(repr(where))
        sheet = fetch(where)
        if total is None and isinstance(sheet.total, int):
            total = sheet.total
        items.extend(sheet.items)
        where = sheet.next
        if where is None or sheet.last or not sheet.items or repr(where) in seen_links:
            return Paged(items[:want], total, None)
        if len(items) >= want:
            return Paged(items[:want], total, where)
    return Paged(items[:want], total, None)


def rel_next(links: Any) -> dict[str, Any] | None:
    """The ``rel="next"`` entry of a STAC/HAL ``links`` list (with an ``href``), or None."""
    if not isinstance(links, list):
        return None
    return next((link for link in links if isinstance(link, dict) and link.get("rel") == "next"
                 and link.get("href")), None)
