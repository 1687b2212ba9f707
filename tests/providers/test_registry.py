# SPDX-License-Identifier: GPL-2.0-or-later
"""The provider registry is the one list of providers, and the provider modules import each other as a tree.

- every providers module imports on its own in a fresh interpreter, and the module graph (function-level
  imports included: a lazy import hides a cycle, it does not remove it) has no cycle;
- each registry entry, its client class, its sandbox emulator, its demo flow and its reliability case agree;
- a sixth provider registered through the registry only (its client module and its emulator module written
  here, outside the plugin and the sandbox) shows up in the connection dialog's kind list and is served by
  the sandbox app, and the client talks to it over real HTTP on the shared toolkit.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from eo_orders import providers
from eo_orders.providers import REGISTRY, ProviderEntry, kind_for_sandbox, provider_class

ROOT = Path(__file__).resolve().parents[2]
PROVIDERS = ROOT / "providers"


def _module_name(path: Path) -> str:
    rel = path.relative_to(ROOT).with_suffix("")
    parts = list(rel.parts)
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in sorted(PROVIDERS.rglob("*.py"))}


def _resolve(importer: str, is_package: bool, level: int, module: str | None) -> str:
    base = importer.split(".")
    if not is_package:
        base = base[:-1]
    if level > 1:
        base = base[:-(level - 1)]
    return ".".join(base + ([module] if module else []))


def import_graph() -> dict[str, set[str]]:
    """``providers`` module -> the ``providers`` modules it imports (anywhere in the file, at any depth)."""
    modules = _modules()
    graph: dict[str, set[str]] = {name: set() for name in modules}
    for name, path in modules.items():
        is_package = path.name == "__init__.py"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            targets: list[str] = []
            if isinstance(node, ast.ImportFrom) and node.level:
                target = _resolve(name, is_package, node.level, node.module)
                targets.append(target)
                targets.extend(f"{target}.{a.name}" for a in node.names)  # "from . import x" names a module
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("providers"):
                targets.append(node.module or "")
            for target in targets:
                # importing a.b.c runs a.b's __init__ first: both are edges (the importer's own package aside)
                parts = target.split(".")
                for i in range(2, len(parts) + 1):
                    candidate = ".".join(parts[:i])
                    if candidate in modules and candidate != name and not name.startswith(candidate + "."):
                        graph[name].add(candidate)
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        stack.append(node)
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                return stack[stack.index(nxt):] + [nxt]
            if nxt not in state:
                found = visit(nxt)
                if found:
                    return found
        stack.pop()
        state[node] = 2
        return None

    for start in sorted(graph):
        if start not in state:
            found = visit(start)
            if found:
                return found
    return None


def test_the_providers_module_graph_has_no_cycle():
    graph = import_graph()
    assert graph["providers.toolkit.calls"] >= {"providers.errors", "providers.http"}  # the graph is read
    assert find_cycle(graph) is None, " -> ".join(find_cycle(graph) or [])
    # the leaves stay leaves: the error family and the transport know no provider, no toolkit, no model
    assert graph["providers.errors"] <= {"providers.sanitize"}
    assert not any(m.startswith(("providers.toolkit", "providers.base")) for m in graph["providers.http"])


def test_the_cycle_finder_finds_a_cycle():
    assert find_cycle({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == ["a", "b", "c", "a"]
    assert find_cycle({"a": {"b"}, "b": set()}) is None


@pytest.mark.parametrize("module", sorted(_modules()))
def test_each_module_imports_first_in_a_fresh_interpreter(module):
    """Imported first, alone: an import cycle shows as an ImportError for some module order."""
    code = textwrap.dedent("""
        import importlib, sys
        sys.path.insert(0, sys.argv[1])
        importlib.import_module(sys.argv[2])
        loaded = [m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'PyQt6')]
        assert not loaded, loaded
    """)
    subprocess.run([sys.executable, "-c", code, str(ROOT), module], check=True, capture_output=True, text=True)


# ------------------------------------------------------------------------------------- registry agrees

@pytest.mark.parametrize("kind", sorted(REGISTRY))
def test_each_entry_names_its_client_and_its_emulator(kind):
    from sandbox.app import emulator_names, load_emulators

    entry = REGISTRY[kind]
    assert provider_class(kind).kind == kind
    assert providers.title(kind) == entry.title
    assert entry.sandbox in emulator_names()
    assert load_emulators()[entry.sandbox].KIND == kind
    assert kind_for_sandbox(entry.sandbox) == kind


def test_every_emulator_serves_a_registered_provider():
    from sandbox.app import emulator_names

    assert sorted(emulator_names()) == sorted(e.sandbox for e in REGISTRY.values())


def test_every_registered_provider_has_a_demo_flow_and_a_reliability_case():
    from eo_orders.demo.flow import flow_specs
    from tests.reliability.cases import CASES

    specs = flow_specs()
    assert {s.kind for s in specs.values()} == set(REGISTRY)
    for spec in specs.values():
        entry = REGISTRY[spec.kind]
        assert spec.connection_options == dict(entry.demo_options)
        assert spec.secret == (entry.demo_secret or spec.secret)
    assert {c.kind for c in CASES} == set(REGISTRY)


def test_an_unknown_kind_keeps_its_name():
    assert providers.title("retired_provider") == "retired_provider"
    with pytest.raises(KeyError):
        kind_for_sandbox("nowhere")


# ------------------------------------------------------------------------------------- a sixth provider

SIXTH_CLIENT = '''
"""A sixth provider, declared on the toolkit only."""
from eo_orders.providers.base import (Capability, NotSupportedError, NotFoundError, Order, OrderStatus, Page,
                                      Provider, Workflow)
from eo_orders.providers.http import HeaderAuth
from eo_orders.providers.toolkit import BASE_LADDER, Api, Rung, Sheet, StatusMap, page_numbers

STATUS_MAP = StatusMap({"waiting": OrderStatus.QUEUED, "working": OrderStatus.IN_PROGRESS,
                        "ready": OrderStatus.COMPLETED})
ERROR_LADDER = BASE_LADDER.override(by_code={"NO_SUCH_ORDER": Rung(NotFoundError, "Sixth has no order {msg}")})


def sixth_error(resp):
    body = resp.json()
    if isinstance(body, dict) and "problem" in body:
        return ERROR_LADDER.error(resp.status_code, str(body["problem"]), body.get("code"))
    return None


class SixthProvider(Provider):
    kind = "sixth"
    title = "Sixth Sense"
    capabilities = frozenset({Capability.WORKFLOWS})
    default_urls = {"api": "https://sixth.example.org/api"}
    secret_label = "Sixth key"

    def __init__(self, connection, transport=None):
        super().__init__(connection, transport)
        self.api = Api(self.transport, self.url("api"), HeaderAuth("X-Sixth-Key", connection.secret), sixth_error)

    def workflows(self, filter_text=""):
        return [Workflow(id=w["id"], name=w["id"], title=w["title"]) for w in self.api.get("/workflows")]

    def orders(self, query=None):
        def fetch(number):
            body = self.api.get("/orders", {"page": number})
            return Sheet(body["orders"], total=body["pages"])

        items = [self._order(o) for o in page_numbers(fetch, first=1, total_pages=lambda s: s.total)]
        return Page(items, total=len(items))

    def order(self, order_id):
        return self._order(self.api.get(f"/orders/{order_id}"))

    @staticmethod
    def _order(raw):
        return Order(id=raw["id"], name=raw["id"], status=STATUS_MAP(raw["state"]), raw_status=raw["state"])

    def submit(self, request):
        raise NotSupportedError("no orders from the sixth")

    def results(self, order):
        return []

    def open_asset(self, asset, offset=0):
        raise NotSupportedError("no files from the sixth")
'''

SIXTH_EMULATOR = '''
"""The sixth provider's contract, served by the sandbox (written with the sandbox's shared pieces)."""
from flask import Blueprint, jsonify, request

from sandbox.common import page_slice
from sandbox.core import json_error

KIND = "sixth"
blueprint = Blueprint("sixth", __name__)
ORDERS = [{"id": f"o{i}", "state": ("waiting", "working", "ready")[i % 3]} for i in range(7)]


def connection_urls(base):
    return {"api": f"{base}/api"}


@blueprint.before_request
def _key():
    if request.headers.get("X-Sixth-Key") != "sixth-secret":
        return json_error(401, {"problem": "the key is not valid", "code": "BAD_KEY"})
    return None


@blueprint.get("/api/workflows")
def workflows():
    return jsonify([{"id": "sharpen", "title": "Sharpen the sixth sense"}])


@blueprint.get("/api/orders")
def orders():
    chunk, pages = page_slice(ORDERS, int(request.args.get("page", 1)), 3, first=1)
    return jsonify({"orders": chunk, "pages": pages})


@blueprint.get("/api/orders/<oid>")
def one(oid):
    found = [o for o in ORDERS if o["id"] == oid]
    if not found:
        return json_error(404, {"problem": oid, "code": "NO_SUCH_ORDER"})
    return jsonify(found[0])
'''


@pytest.fixture()
def sixth(tmp_path, monkeypatch):
    """The sixth provider's two modules in a package of their own, and its one registry entry."""
    pkg = tmp_path / "sixth_pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "sixth_client.py").write_text(SIXTH_CLIENT)
    (pkg / "sixth.py").write_text(SIXTH_EMULATOR)
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(REGISTRY, "sixth", ProviderEntry("sixth_pkg.sixth_client", "SixthProvider", "Sixth Sense",
                                                         sandbox="sixth_pkg.sixth", demo_secret="sixth-secret"))
    yield REGISTRY["sixth"]
    for name in [m for m in sys.modules if m.startswith("sixth_pkg")]:
        del sys.modules[name]


def test_a_sixth_provider_appears_in_the_connection_dialog(qgis_app, sixth):
    from eo_orders.ui.connection_dialog import ConnectionDialog

    assert "sixth" in providers.available_kinds()
    dlg = ConnectionDialog()
    kinds = {dlg.kindCombo.itemData(i): dlg.kindCombo.itemText(i) for i in range(dlg.kindCombo.count())}
    assert kinds["sixth"] == "Sixth Sense" and set(REGISTRY) <= set(kinds)
    dlg.kindCombo.setCurrentIndex(dlg.kindCombo.findData("sixth"))
    assert set(dlg.url_edits) == {"api"} and dlg.url_edits["api"].text() == "https://sixth.example.org/api"
    dlg.close()


def test_a_sixth_provider_is_served_by_the_sandbox_and_spoken_to_over_http(sixth, tmp_path):
    import requests

    from eo_orders.providers import create_provider
    from eo_orders.providers.base import ConnectionConfig, NotFoundError, OrderStatus
    from eo_orders.providers.http import Transport, TransportSettings
    from sandbox import SandboxServer

    extra = tuple(e.sandbox for e in REGISTRY.values() if "." in e.sandbox)  # emulators outside sandbox/
    with SandboxServer(data_dir=str(tmp_path / "data"), extra_emulators=extra) as server:
        listed = requests.get(f"{server.base_url}/_sandbox/connections", timeout=10).json()
        assert listed["sixth"]["kind"] == "sixth"
        assert {info["kind"] for info in listed.values()} == set(REGISTRY)
        conn = ConnectionConfig(id="six", name="Sixth sandbox", kind=kind_for_sandbox(sixth.sandbox),
                                urls=listed["sixth"]["urls"], secret=sixth.demo_secret)
        p = create_provider(conn, Transport(TransportSettings(retries=0)))
        assert [w.name for w in p.workflows()] == ["sharpen"]
        page = p.orders()
        assert [o.id for o in page.items] == [f"o{i}" for i in range(7)]  # three pages, numbered from 1
        assert page.items[2].status == OrderStatus.COMPLETED
        with pytest.raises(NotFoundError) as info:
            p.order("o99")
        assert info.value.message == "Sixth has no order o99" and info.value.code == "NO_SUCH_ORDER"
        p.close()
