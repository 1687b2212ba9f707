# SPDX-License-Identifier: GPL-2.0-or-later
"""Prepare a QGIS profile as an analyst's would be, for the ``qgis_process`` tests (run as a subprocess).

It runs under ``QGIS_CUSTOM_CONFIG_PATH`` like ``qgis_process`` will: sets the authentication database's
master password (read from the file named by ``EO_ORDERS_MASTER_FILE``), saves the connections given as
JSON on stdin through the plugin's own ``ConnectionStore`` (no keyring here, so the secrets go to the QGIS
authentication database, never to QGIS3.ini) and enables the plugin. Secrets never travel as arguments.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from demo.bootstrap import ensure_package

    ensure_package()
    from qgis.core import QgsApplication, QgsSettings
    from qgis.PyQt.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName("QGIS")  # what the QGIS executables set: settings in QGIS/QGIS3.ini
    QCoreApplication.setOrganizationDomain("qgis.org")
    QCoreApplication.setApplicationName("QGIS3")
    app = QgsApplication([], False)
    app.initQgis()
    master = Path(os.environ["EO_ORDERS_MASTER_FILE"]).read_text(encoding="utf-8").strip()
    if not QgsApplication.authManager().setMasterPassword(master, True):
        print("could not set the master password", file=sys.stderr)
        return 1
    from eo_orders.core.connections import BACKEND_QGIS_AUTH, ConnectionStore
    from eo_orders.providers.base import ConnectionConfig

    store = ConnectionStore(prompt_master_password=False)
    store._keyring_ok = False  # the QGIS authentication database, even where a desktop keyring works
    saved = {}
    for spec in json.load(sys.stdin):
        conn = store.save(ConnectionConfig(**spec))
        assert QgsSettings().value(f"{store.prefix}/{conn.id}/secret_backend") == BACKEND_QGIS_AUTH
        saved[conn.name] = conn.id
    QgsSettings().setValue("PythonPlugins/eo_orders", True)
    QgsSettings().sync()
    print(json.dumps({"profile": QgsApplication.qgisSettingsDirPath(), "connections": saved}))
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
