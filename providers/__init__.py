# SPDX-License-Identifier: GPL-2.0-or-later
"""Provider clients: pure Python (requests), no Qt and no QGIS.

Each provider lives in its own module behind the ``Provider`` interface of ``base`` and declares its contract
on the shared ``toolkit``. ``REGISTRY`` below is the one list of providers: the connection dialog, the dock,
the demo, the reliability tests and the sandbox's test wiring read it, so adding a provider means its client
module, its sandbox emulator and one entry here. Provider classes are imported lazily, so a missing optional
provider never breaks the others.

What an entry carries and why it is here rather than on the class: the title is shown before the module is
imported (a broken module still has a name in error messages); ``sandbox`` names the emulator that speaks
the provider's contract (the sandbox never imports the plugin, so the link is written down on this side);
``demo_options``/``demo_secret`` are what a connection to that emulator needs besides its URLs. Everything
else the UI needs (secret label, connection options schema, capabilities, default URLs, priority range) is a
class attribute of the provider, reached with ``provider_class(kind)``.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

from .base import ConnectionConfig, Provider

_NO_OPTIONS: Mapping[str, Any] = MappingProxyType({})


class ProviderEntry(NamedTuple):
    """One provider: ``module`` (under ``providers``, or a full dotted path) and ``class_name`` of its client,
    its ``title``, the ``sandbox`` emulator module (under ``sandbox``, or a full dotted path) and the
    connection ``demo_options``/``demo_secret`` that emulator accepts. Index 0-2 keep the old tuple shape."""

    module: str
    class_name: str
    title: str
    sandbox: str = ""
    demo_options: Mapping[str, Any] = _NO_OPTIONS
    #: what the sandbox accepts as the secret when it is not the demo password (Capella's API key)
    demo_secret: str = ""


#: kind -> entry; ``register`` adds one
REGISTRY: dict[str, ProviderEntry] = {
    "cdse_odp": ProviderEntry("cdse_odp", "CdseOdpProvider", "CDSE On-Demand Processing", sandbox="cdse"),
    "proseo_odip": ProviderEntry("proseo_odip", "ProseoOdipProvider", "prosEO ODIP", sandbox="proseo",
                                 demo_options=MappingProxyType({"mission": "S5P", "auth_mode": "basic"})),
    "creodias_finder": ProviderEntry("creodias_finder", "CreodiasFinderProvider", "CREODIAS Finder orders",
                                     sandbox="creodias"),
    "up42": ProviderEntry("up42", "Up42Provider", "UP42 tasking and archive", sandbox="up42"),
    "capella": ProviderEntry("capella", "CapellaProvider", "Capella Space", sandbox="capella",
                             demo_options=MappingProxyType({"auth_mode": "api_key"}), demo_secret="demo-capella-key"),
}


def register(kind: str, entry: ProviderEntry) -> None:
    """Add (or replace) a provider: the one step besides writing its client and its emulator."""
    REGISTRY[kind] = entry


def entry(kind: str) -> ProviderEntry:
    return REGISTRY[kind]


def title(kind: str) -> str:
    """The provider's human name; the kind itself for a kind no entry knows (an old saved connection)."""
    found = REGISTRY.get(kind)
    return found.title if found else kind


def kind_for_sandbox(emulator: str) -> str:
    """The provider kind whose contract the sandbox emulator ``emulator`` serves."""
    for kind, found in REGISTRY.items():
        if found.sandbox == emulator:
            return kind
    raise KeyError(f"no provider is served by the sandbox emulator {emulator!r}")


def _module_path(name: str) -> str:
    return name if "." in name else f"{__name__}.{name}"


def provider_class(kind: str) -> type[Provider]:
    found = REGISTRY[kind]
    module = importlib.import_module(_module_path(found.module))
    return getattr(module, found.class_name)


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
