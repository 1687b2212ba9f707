"""``make run``: open the QGIS desktop with a throw-away profile holding the plugin and the sandbox.

The profile lives in a temporary folder, so the analyst's own QGIS settings are never touched. The
sandbox runs as its own process; its connections are added to the plugin at start-up by a small
script handed to ``qgis --code``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile
import textwrap
from pathlib import Path

from .bootstrap import ROOT
from .sandbox_process import SandboxProcess

STARTUP = textwrap.dedent("""
    import json
    from qgis.utils import plugins, iface
    conns = json.loads({conns!r})
    plugin = plugins.get("eo_orders")
    if plugin is not None:
        plugin.action.setChecked(True)
        from eo_orders.providers.base import ConnectionConfig
        for name, spec in conns.items():
            plugin.store.save(ConnectionConfig(id="sandbox-" + name, name=name.upper() + " sandbox",
                                               kind=spec["kind"], urls=spec["urls"], username="demo@example.com",
                                               secret="demo-Pa55 &=%é word",
                                               options=spec.get("options", {{}})))
        plugin.dock.reload_connections()
        plugin.dock.set_connection("sandbox-cdse")
        from qgis.core import QgsRectangle, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject
        canvas = iface.mapCanvas()
        xf = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), canvas.mapSettings().destinationCrs(),
                                    QgsProject.instance())
        canvas.setExtent(xf.transformBoundingBox(QgsRectangle(12.35, 41.80, 12.65, 42.00)))
        plugin.dock.use_canvas_extent()
""")


def launch() -> int:
    qgis = shutil.which("qgis")
    if qgis is None:
        print("The QGIS desktop is not installed: apt-get install qgis")
        return 2
    profiles = Path(tempfile.mkdtemp(prefix="eo-orders-qgis-"))
    plugin_dir = profiles / "profiles" / "default" / "python" / "plugins"
    plugin_dir.mkdir(parents=True)
    (plugin_dir / "eo_orders").symlink_to(ROOT, target_is_directory=True)
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text("[PythonPlugins]\neo_orders=true\n", encoding="utf-8")
    sandbox = SandboxProcess().start()
    try:
        conns = sandbox.connections()
        script = profiles / "startup.py"
        script.write_text(STARTUP.format(conns=json.dumps(conns)), encoding="utf-8")
        print(f"Sandbox at {sandbox.base_url}; opening QGIS with profile {profiles}")
        return subprocess.call([qgis, "--profiles-path", str(profiles), "--code", str(script)])
    finally:
        sandbox.stop()
        shutil.rmtree(profiles, ignore_errors=True)
