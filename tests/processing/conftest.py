# SPDX-License-Identifier: GPL-2.0-or-later
"""The EO Orders Processing provider registered in the real Processing framework, over a throw-away
connection store (secrets in an in-memory keyring), journal and download folder, against the sandbox."""

from __future__ import annotations

import sys
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

PROCESSING_PLUGINS = "/usr/share/qgis/python/plugins"


@dataclass
class ProcEnv:
    backend: Any
    provider: Any
    sandbox: Any
    tmp_path: Path

    def save(self, emulator: str, name: str | None = None, **options: Any) -> Any:
        """Save a sandbox connection as an analyst would in the dock; returns it."""
        from eo_orders.demo.flow import flow_specs
        from eo_orders.providers.base import ConnectionConfig

        spec = flow_specs()[emulator]
        return self.backend.store.save(ConnectionConfig(
            id="", name=name or f"{spec.title} {uuid.uuid4().hex[:4]}", kind=spec.kind,
            urls=self.sandbox.connection_urls(emulator), username=spec.username, secret=spec.secret,
            options={**spec.connection_options, **options}))

    def run(self, alg: str, params: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
        import processing

        return processing.run(f"eo_orders:{alg}", params, **kwargs)


def ensure_processing() -> None:
    """The Processing framework as QGIS starts it (its Python plugin lives outside the venv)."""
    if PROCESSING_PLUGINS not in sys.path:
        sys.path.insert(0, PROCESSING_PLUGINS)
    from processing.core.Processing import Processing

    Processing.initialize()


@pytest.fixture()
def proc(qgis_app, qgis_new_project, sandbox, memory_keyring, tmp_path, monkeypatch):
    import qgis.utils
    from qgis.core import QgsApplication, QgsLayerTreeModel, QgsProject
    from qgis.gui import QgsLayerTreeView

    from eo_orders.core.connections import ConnectionStore
    from eo_orders.core.processing.base import ProcessingBackend
    from eo_orders.core.processing.provider import EoOrdersProcessingProvider
    from eo_orders.core.settings import DOWNLOAD_DIR
    from eo_orders.providers.http import TransportSettings

    ensure_processing()
    # Processing's result loading hands iface.layerTreeView() to C++ from QGIS 3.44 on: give it a real view of
    # the project's tree, not the test iface's stand-in (a MagicMock, which only pure-Python code accepted).
    view = QgsLayerTreeView()
    view.setModel(QgsLayerTreeModel(QgsProject.instance().layerTreeRoot(), view))
    if qgis.utils.iface is not None:
        monkeypatch.setattr(qgis.utils.iface, "layerTreeView", lambda: view, raising=False)
    DOWNLOAD_DIR.set_value(str(tmp_path / "downloads"))
    store = ConnectionStore(f"eo_orders_test/{uuid.uuid4().hex[:8]}/connections", prompt_master_password=False)
    backend = ProcessingBackend(store, journal_path=str(tmp_path / "journal.sqlite"),
                                transport_settings=lambda: TransportSettings(retries=4, backoff=0.01, max_backoff=0.5))
    provider = EoOrdersProcessingProvider(lambda: backend)
    registry = QgsApplication.processingRegistry()
    assert registry.addProvider(provider)
    yield ProcEnv(backend, provider, sandbox, tmp_path)
    registry.removeProvider(provider)
    backend.close()
    DOWNLOAD_DIR.remove()


def table_rows(layer_or_id: Any, context: Any = None) -> list[dict[str, Any]]:
    """Rows of an algorithm's table output (a layer, or a layer id or path)."""
    from qgis.core import QgsProcessingUtils, QgsProject, QgsVectorLayer

    layer = layer_or_id
    if isinstance(layer_or_id, str):
        layer = QgsProject.instance().mapLayer(layer_or_id) or (
            QgsProcessingUtils.mapLayerFromString(layer_or_id, context) if context else None) or \
            QgsVectorLayer(layer_or_id, "out", "ogr")
    assert layer is not None and layer.isValid(), layer_or_id
    names = layer.fields().names()
    return [dict(zip(names, f.attributes())) for f in layer.getFeatures()]
