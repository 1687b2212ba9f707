# SPDX-License-Identifier: GPL-2.0-or-later
"""Test fixtures: the plugin importable as the package ``eo_orders``, the sandbox on a free port.

The repository root is the plugin package (QGIS installs it as a folder named ``eo_orders``), so the
tests reach it through a symlink ``.pytest_pkg/eo_orders`` → root, exactly as QGIS would import it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import keyring
import keyring.backend
import keyring.errors
import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from demo.bootstrap import ensure_package  # noqa: E402

ensure_package()

SHARED_FIXTURES = ROOT.parent / "shared" / "fixtures"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="session")
def sandbox_server(tmp_path_factory):
    """One sandbox server for the session; each test gets it reset by ``sandbox``."""
    from sandbox import SandboxServer

    server = SandboxServer(data_dir=str(tmp_path_factory.mktemp("sandbox-data"))).start()
    yield server
    server.stop()


@pytest.fixture()
def sandbox(sandbox_server):
    """The running sandbox with fresh state (orders, tokens, config) for this test."""
    sandbox_server.state.reset()
    faults = sandbox_server.app.extensions.get("faults")
    if faults is not None:
        faults.clear()
    yield sandbox_server
    sandbox_server.state.reset()


@pytest.fixture()
def shared_fixture():
    """Load a real provider reply from ../shared/fixtures; skip when that folder is absent."""
    import json

    def load(rel: str):
        path = SHARED_FIXTURES / rel
        if not path.exists():
            pytest.skip(f"shared fixture {rel} not available")
        return json.loads(path.read_text(encoding="utf-8"))

    return load


@pytest.fixture(scope="session")
def artifacts_dir() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class MemoryKeyring(keyring.backend.KeyringBackend):
    """A real keyring backend kept in a dict: headless machines have no usable system keyring."""

    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.data.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.data[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.data.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError(username)


@pytest.fixture()
def memory_keyring():
    """Install an in-memory keyring backend for the test; restore the previous one after."""
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture()
def german(qgis_app, tmp_path):
    """QGIS set to German and the plugin's translator installed from i18n/eo_orders_de.ts compiled now with
    Debian's lrelease (as make package does); yields the tr() hook. Restores the locale settings after."""
    import shutil
    import subprocess

    from qgis.core import QgsSettings

    from eo_orders.core import translation
    from eo_orders.providers import i18n

    subprocess.run([shutil.which("lrelease") or "lrelease", "-silent", str(ROOT / "i18n" / "eo_orders_de.ts"), "-qm",
                    str(tmp_path / "eo_orders_de.qm")], check=True)
    settings = QgsSettings()
    before = {k: settings.value(k) for k in ("locale/userLocale", "locale/overrideFlag")}
    settings.setValue("locale/userLocale", "de_DE")
    settings.setValue("locale/overrideFlag", True)
    translator = translation.install(folder=tmp_path)
    assert translator is not None, "the German .qm did not load for the QGIS locale"
    yield i18n.tr
    translation.remove(translator)
    for key, value in before.items():
        settings.remove(key) if value is None else settings.setValue(key, value)
