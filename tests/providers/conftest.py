# SPDX-License-Identifier: GPL-2.0-or-later
"""Fixtures shared by the provider-layer tests: a scripted HTTP server and a transport that records waits."""

from __future__ import annotations

import pytest

from eo_orders.providers.http import Transport, TransportSettings
from tests.helpers.scripted_server import ScriptedServer


@pytest.fixture()
def server():
    """A ``ScriptedServer`` running on 127.0.0.1 for the test (a module may define its own ``server``)."""
    with ScriptedServer() as srv:
        yield srv


@pytest.fixture()
def recording_transport():
    """Make a ``Transport`` whose back-off waits are recorded in ``.sleeps``, not slept; closed after.

    What the retry tests check is whether and how long the transport would wait, not the waiting.
    """
    made: list[Transport] = []

    def make(retries: int) -> Transport:
        t = Transport(TransportSettings(retries=retries, backoff=0.01, connect_timeout=2, read_timeout=5))
        t.sleeps = []
        t.sleep = t.sleeps.append
        made.append(t)
        return t

    yield make
    for t in made:
        t.close()
