"""Provider clients: pure Python (requests), no Qt and no QGIS.

Each provider lives in its own module behind the ``Provider`` interface of ``base``. The registry
below maps a connection's ``kind`` to its class, imported lazily so a missing optional provider never
breaks the others.
"""

from __future__ import annotations

import importlib
from typing import Any

from .base import ConnectionConfig, Provider

#: kind -> (module, class name, human title)
REGISTRY: dict[str, tuple[str, str, str]] = {
    "cdse_odp": ("cdse_odp", "CdseOdpProvider", "CDSE On-Demand Processing"),
    "proseo_odip": ("proseo_odip", "ProseoOdipProvider", "prosEO ODIP"),
    "creodias_finder": ("creodias_finder", "CreodiasFinderProvider", "CREODIAS Finder orders"),
    "up42": ("up42", "Up42Provider", "UP42 tasking and archive"),
    "capella": ("capella", "CapellaProvider", "Capella Space"),
}


def provider_class(kind: str) -> type[Provider]:
    module_name, class_name, _ = REGISTRY[kind]
    module = importlib.import_module(f"{__name__}.{module_name}")
    return getattr(module, class_name)


def available_kinds() -> list[str]:
    """Kinds whose module imports: the connection dialog offers only these."""
    out = []
    for kind in REGISTRY:
        try:
            provider_class(kind)
        except (ImportError, AttributeError):
            continue
        out.append(kind)
    return out


def create_provider(connection: ConnectionConfig, transport: Any = None) -> Provider:
    return provider_class(connection.kind)(connection, transport)
