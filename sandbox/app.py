# SPDX-License-Identifier: GPL-2.0-or-later
"""The sandbox server: one Flask app on 127.0.0.1 with every provider emulator mounted under a prefix.

Emulator modules (``sandbox/<name>.py``) expose ``KIND`` (the plugin's provider kind),
``blueprint`` (mounted at ``/<name>``) and ``connection_urls(base) -> dict`` (the endpoint URLs a
plugin connection needs). They are found, not listed: every module of this package that has those three is
an emulator, so a new provider's emulator is one new file and no edit here. (The sandbox never imports the
plugin; the plugin's registry names each provider's emulator, and tests check the two sides agree.) A caller
may mount more emulators from elsewhere by dotted module name (``create_app(extra_emulators=...)``). Admin
endpoints under ``/_sandbox`` let tests and the demo move the clock,
change knobs and reset state.
"""

from __future__ import annotations

import importlib
import logging
import pkgutil
import tempfile
import threading
from types import ModuleType
from typing import Any

from flask import Flask, jsonify, request
from werkzeug.serving import make_server

from . import faults, files
from .core import SandboxConfig, SandboxState

#: modules of this package that are the server's machinery, never emulators (and ``__main__`` starts a server)
MACHINERY = frozenset({"app", "catalogue", "common", "core", "faults", "files", "odata", "rasters"})


def is_emulator(module: ModuleType) -> bool:
    """Whether ``module`` speaks a provider's contract: it has ``KIND``, ``blueprint`` and ``connection_urls``."""
    return isinstance(getattr(module, "KIND", None), str) and hasattr(module, "blueprint") \
        and callable(getattr(module, "connection_urls", None))


def emulator_names() -> list[str]:
    """The emulator modules of this package, by name (sorted: the mount order never depends on the disk)."""
    from pathlib import Path

    names = [m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)])
             if not m.name.startswith("_") and not m.ispkg and m.name not in MACHINERY]
    return sorted(n for n in names if is_emulator(importlib.import_module(f"{__package__}.{n}")))


def load_emulators(extra: tuple[str, ...] = ()) -> dict[str, ModuleType]:
    """Emulator modules by mount name: this package's own, then ``extra`` dotted module paths (mounted under
    the last part of their name)."""
    out = {name: importlib.import_module(f"{__package__}.{name}") for name in emulator_names()}
    for dotted in extra:
        module = importlib.import_module(dotted)
        if not is_emulator(module):
            raise ValueError(f"{dotted} is not an emulator (it needs KIND, blueprint and connection_urls)")
        out[dotted.rsplit(".", 1)[-1]] = module
    return out


def create_app(config: SandboxConfig | None = None, data_dir: str | None = None,
               extra_emulators: tuple[str, ...] = ()) -> Flask:
    app = Flask("eo_orders_sandbox")
    data_dir = data_dir or tempfile.mkdtemp(prefix="eo-sandbox-")
    st = SandboxState(config, data_dir)
    app.extensions["sandbox"] = st
    app.extensions["emulators"] = load_emulators(tuple(extra_emulators))
    for name, module in app.extensions["emulators"].items():
        app.register_blueprint(module.blueprint, url_prefix=f"/{name}")
    files.install(app)  # generic /_sandbox/files/<token>/<name> route for registered result files
    faults.install(app)  # app.extensions["faults"], /_sandbox/faults, after_request hook

    @app.before_request
    def _record() -> Any:
        if not request.path.startswith("/_sandbox"):
            with st.lock:
                st.requests.append((request.method, request.path))
        faults = app.extensions.get("faults")
        if faults is not None:
            return faults.before(request)
        return None

    @app.post("/_sandbox/reset")
    def _reset() -> Any:
        st.reset()
        app.extensions["faults"].clear()
        return jsonify({"ok": True})

    @app.post("/_sandbox/config")
    def _config() -> Any:
        body = request.get_json(force=True) or {}
        for key, value in body.items():
            if key == "clock_speed":
                st.clock.set_speed(float(value))
            elif hasattr(st.config, key):
                setattr(st.config, key, value)
            else:
                st.config.extra[key] = value
        return jsonify({"ok": True})

    @app.post("/_sandbox/advance")
    def _advance() -> Any:
        st.clock.advance(float((request.get_json(force=True) or {}).get("seconds", 0)))
        return jsonify({"now": st.clock.now()})

    @app.get("/_sandbox/requests")
    def _requests() -> Any:
        with st.lock:
            return jsonify([list(r) for r in st.requests])

    @app.get("/_sandbox/connections")
    def _connections() -> Any:
        base = request.host_url.rstrip("/")
        return jsonify(connection_urls_all(app, base))

    return app


def connection_urls_all(app: Flask, base: str) -> dict[str, dict[str, Any]]:
    """``{name: {"kind": ..., "urls": {...}}}`` for every mounted emulator."""
    return {name: {"kind": m.KIND, "urls": m.connection_urls(f"{base}/{name}")}
            for name, m in app.extensions["emulators"].items()}


class SandboxServer:
    """The app served by a threaded werkzeug server in a background thread (tests, demo)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, config: SandboxConfig | None = None,
                 data_dir: str | None = None, extra_emulators: tuple[str, ...] = ()) -> None:
        self.app = create_app(config, data_dir, extra_emulators)
        self._server = make_server(host, port, self.app, threaded=True)
        self.port = self._server.server_port
        self.base_url = f"http://{host}:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="eo-sandbox", daemon=True)

    @property
    def state(self) -> SandboxState:
        return self.app.extensions["sandbox"]

    def connection_urls(self, name: str) -> dict[str, str]:
        return connection_urls_all(self.app, self.base_url)[name]["urls"]

    def start(self) -> SandboxServer:
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SandboxServer:
        return self.start()

    def __exit__(self, *exc: Any) -> None:
        self.stop()

