# SPDX-License-Identifier: GPL-2.0-or-later
"""The plugin loaded as QGIS loads it, with its dock open, a throw-away journal and download folder."""

from __future__ import annotations

import pytest
from qgis.core import QgsSettings
from qgis.PyQt.QtWidgets import QMainWindow


@pytest.fixture()
def plugin(qgis_canvas, qgis_new_project, memory_keyring, tmp_path):
    from eo_orders import classFactory
    from eo_orders.core.settings import AUTO_DOWNLOAD, DOWNLOAD_DIR, STREAM_RASTERS
    from eo_orders.demo.iface import HeadlessIface

    DOWNLOAD_DIR.set_value(str(tmp_path / "downloads"))
    window = QMainWindow()
    iface = HeadlessIface(qgis_canvas, window)
    plugin = classFactory(iface)
    plugin.journal_path = str(tmp_path / "journal.sqlite")
    plugin.initGui()
    plugin.action.setChecked(True)
    yield plugin
    plugin.unload()
    DOWNLOAD_DIR.remove()
    STREAM_RASTERS.remove()
    AUTO_DOWNLOAD.remove()
    window.deleteLater()


@pytest.fixture()
def sandbox_call(sandbox):
    import requests

    def call(method, path, body=None):
        return requests.request(method, sandbox.base_url + path, json=body, timeout=10).json()

    return call


@pytest.fixture()
def qgis_log():
    """Every message written to the QGIS log panel during the test."""
    from qgis.core import QgsApplication

    messages: list[str] = []

    def keep(message, *args):
        messages.append(message)

    QgsApplication.messageLog().messageReceived.connect(keep)
    yield messages
    QgsApplication.messageLog().messageReceived.disconnect(keep)


def assert_no_secrets(plugin, sandbox, tmp_path, secrets: list[str], log_messages: list[str]) -> None:
    """Search the project file, the QGIS settings file, the QGIS log, the journal and the dock's messages
    for the passwords, keys, tokens and signed-URL signatures a flow used."""
    import zipfile
    from pathlib import Path

    from qgis.core import QgsProject

    project_file = tmp_path / "secrets-check.qgz"
    QgsProject.instance().write(str(project_file))
    with zipfile.ZipFile(project_file) as zf:
        project_text = "".join(zf.read(n).decode("utf-8", "replace") for n in zf.namelist())
    settings_file = Path(QgsSettings().fileName())
    QgsSettings().sync()
    journal_bytes = b"".join(p.read_bytes() for p in tmp_path.glob("journal.sqlite*"))
    haystacks = {
        "project file": project_text,
        "settings file": settings_file.read_text("utf-8", "replace") if settings_file.exists() else "",
        "QGIS log": "\n".join(log_messages),
        "journal": journal_bytes.decode("utf-8", "replace"),
        "dock messages": f"{plugin.dock.last_error}\n{plugin.dock.last_message}",
    }
    tokens = list(sandbox.state.tokens._tokens)
    needles = [s for s in [*secrets, *tokens] if s] + ["Signature=", "x-amz-security-token"]
    for where, text in haystacks.items():
        for needle in needles:
            assert needle not in text, f"a secret ({needle[:4]}…) is in the {where}"


def open_dock_on(plugin, sandbox, emulator: str, conn_id: str, spec_account: tuple[str, ...] = ()):
    """Save a connection to the sandbox's ``emulator`` as the demo flow spec describes it (title, kind,
    options) and open the dock on it; returns ``(spec, conn)``.

    ``spec_account`` names which of the spec's credentials (``"username"``, ``"secret"``) are saved; the
    others stay ``demo.flow.add_connection``'s defaults (the demo user's), as the flows that need no
    particular account use.
    """
    from eo_orders.demo.flow import add_connection, flow_specs

    spec = flow_specs()[emulator]
    credentials = {field: getattr(spec, field) for field in spec_account}
    conn = add_connection(plugin.store, conn_id, spec.title, spec.kind, sandbox.connection_urls(emulator),
                          options=spec.connection_options, **credentials)
    plugin.dock.reload_connections()
    plugin.dock.set_connection(conn.id)
    return spec, conn
