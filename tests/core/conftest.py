# SPDX-License-Identifier: GPL-2.0-or-later
"""The order service over a throw-away connection store, journal and download folder, against the sandbox."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from qgis.core import QgsSettings

from tests.helpers.service import call


@dataclass
class Env:
    store: Any
    journal: Any
    service: Any
    sandbox: Any
    tmp_path: Path

    def new_service(self) -> Any:
        """A second service over the same settings and journal: what a QGIS restart gives."""
        from eo_orders.core.order_service import OrderService
        from eo_orders.providers.http import TransportSettings

        return OrderService(self.store, self.journal,
                            transport_settings=lambda: TransportSettings(retries=0, backoff=0.01))

    def save(self, emulator: str, **options: Any) -> str:
        """Save a sandbox connection as an analyst would; returns its id."""
        from eo_orders.demo.flow import add_connection, flow_specs

        spec = flow_specs()[emulator]
        conn = add_connection(self.store, f"{emulator}-{uuid.uuid4().hex[:6]}", spec.title, spec.kind,
                              self.sandbox.connection_urls(emulator), username=spec.username, secret=spec.secret,
                              options={**spec.connection_options, **options})
        self.service.reload_connections()
        return conn.id


def place_proseo_order(env: Env, conn_id: str, name: str, cost: str = "") -> Any:
    """A prosEO production order by time range (no catalogue search needed): the service's submit."""
    from eo_orders.providers.base import OrderRequest

    workflow = next(w for w in call(env.service.list_workflows, conn_id) if w.name == "S5P-L2-NO2")
    end = datetime(2026, 11, 20, tzinfo=timezone.utc)
    request = OrderRequest(workflow=workflow, name=name, start=end - timedelta(days=2), end=end)
    tracked, adopted = call(env.service.submit, conn_id, request, cost)
    assert not adopted
    return tracked


@pytest.fixture()
def env(qgis_app, qgis_new_project, sandbox, memory_keyring, tmp_path):
    from eo_orders.core.connections import ConnectionStore
    from eo_orders.core.settings import DOWNLOAD_DIR
    from eo_orders.core.store import Journal

    prefix = f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections"
    DOWNLOAD_DIR.set_value(str(tmp_path / "downloads"))
    journal = Journal(tmp_path / "journal.sqlite")
    e = Env(ConnectionStore(prefix), journal, None, sandbox, tmp_path)
    e.service = e.new_service()
    yield e
    e.service.close()
    journal.close()
    DOWNLOAD_DIR.remove()
    QgsSettings().remove(prefix.rsplit("/", 1)[0])
