# SPDX-License-Identifier: GPL-2.0-or-later
"""``make run``: the QGIS desktop with the plugin, a local basemap and working sandbox connections.

- The profile is a throw-away folder, so the analyst's own QGIS settings are never touched. With
  ``KEEP_PROFILE=1`` it is ``.run-profile/`` in the checkout instead, kept between runs, and after QGIS
  closes the terminal offers to start it again while the sandbox keeps running: the way to try a restart
  (orders listed from the journal at once, followed again, downloads resumed).
- The sandbox runs as its own process on a fixed port when the profile is kept (the saved connections'
  URLs stay right), on a free one otherwise; its connections are saved at start-up by a script handed to
  ``qgis --code``, with the settings each provider needs (prosEO's mission, Capella's API key), taken
  from ``demo.flow.flow_specs`` like the end-to-end tests — so every one works without editing.
- The project holds a basemap from QGIS's own world map (``resources/data/world_map.gpkg``, Natural
  Earth, shipped with QGIS): no internet needed. The canvas opens on the sandbox's area (Rome).

``EO_ORDERS_RUN_SCREENSHOT=<png>`` (checks under Xvfb): once the dock has listed the workflows, the main
window is saved there and QGIS quits. ``EO_ORDERS_RUN_MASTER_PASSWORD`` sets the QGIS authentication
database's master password without the dialog (for such unattended checks only).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from .bootstrap import ROOT
from .sandbox_process import SandboxProcess

KEPT_PROFILE = ROOT / ".run-profile"
#: the sandbox's port when the profile is kept (the saved URLs must still be right after a restart)
KEPT_PORT = int(os.environ.get("EO_ORDERS_SANDBOX_PORT", "8765"))
PROJECT_NAME = "eo-orders-sandbox.qgz"


def world_map() -> Path | None:
    """QGIS's world map GeoPackage (Debian: qgis-common's ``/usr/share/qgis/resources/data``)."""
    candidates = [Path("/usr/share/qgis/resources/data/world_map.gpkg")]
    try:
        from qgis.core import QgsApplication

        candidates.insert(0, Path(QgsApplication.pkgDataPath()) / "resources" / "data" / "world_map.gpkg")
    except ImportError:  # the launcher does not need QGIS itself
        pass
    return next((p for p in candidates if p.is_file()), None)


def sandbox_connections(conns: dict[str, Any]) -> list[dict[str, Any]]:
    """What the start-up script saves: one connection per emulator, set up as the end-to-end flows are."""
    from .bootstrap import ensure_package

    ensure_package()
    from eo_orders.demo.flow import flow_specs

    specs = flow_specs()
    out = []
    for name, served in conns.items():
        spec = specs.get(name)
        out.append({"id": f"sandbox-{name}", "name": spec.title if spec else f"{name} sandbox",
                    "kind": served["kind"], "urls": served["urls"],
                    "username": spec.username if spec else "demo@example.com",
                    "secret": spec.secret if spec else "demo-Pa55 &=%é word",
                    "options": spec.connection_options if spec else {}})
    return out


STARTUP = textwrap.dedent("""
    import json, os
    from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsProject,
                           QgsRectangle, QgsVectorLayer)
    from qgis.PyQt.QtCore import QTimer
    from qgis.utils import iface, plugins

    conns = json.loads({conns!r})
    basemap, project_path = {basemap!r}, {project!r}
    master = os.environ.get("EO_ORDERS_RUN_MASTER_PASSWORD")
    if master:
        QgsApplication.authManager().setMasterPassword(master, True)
    project = QgsProject.instance()
    if basemap and not project.mapLayers():
        for layer_name, title in (("countries", "Countries (QGIS world map)"),
                                  ("states_provinces", "States and provinces (QGIS world map)")):
            layer = QgsVectorLayer(basemap + "|layername=" + layer_name, title, "ogr")
            if layer.isValid():
                project.addMapLayer(layer)
        project.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
        project.setFileName(project_path)
        project.write()
    plugin = plugins.get("eo_orders")
    if plugin is not None:
        plugin.action.setChecked(True)
        from eo_orders.providers.base import ConnectionConfig
        for spec in conns:
            plugin.store.save(ConnectionConfig(**spec))
            plugin.service.drop_provider(spec["id"])  # a kept profile may hold an older sandbox's URLs
        plugin.dock.reload_connections()
        canvas = iface.mapCanvas()
        xf = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:4326"), canvas.mapSettings().destinationCrs(),
                                    project)
        canvas.setExtent(xf.transformBoundingBox(QgsRectangle(12.35, 41.80, 12.65, 42.00)))
        plugin.dock.set_connection("sandbox-cdse")
        plugin.dock.use_canvas_extent()  # the sandbox's products lie around Rome
        # then a wider view, so the basemap's borders show around the area
        canvas.setExtent(xf.transformBoundingBox(QgsRectangle(10.2, 40.6, 14.8, 43.2)))
        canvas.refresh()
        shot = os.environ.get("EO_ORDERS_RUN_SCREENSHOT")
        if shot:
            from eo_orders.core.connection_check import run_check, summary
            for spec in conns:  # every saved connection works as saved (printed for the log)
                ok, text = summary(run_check(plugin.store.get(spec["id"])))
                print(spec["name"], "OK" if ok else "FAILED", text.replace(chr(10), " | "), flush=True)
            iface.mainWindow().resize(1500, 900)

            def snap(tries=[0]):
                tries[0] += 1
                busy = plugin.dock.workflow_panel.workflows_model.rowCount() == 0 or canvas.isDrawing()
                if busy and tries[0] < 60:
                    QTimer.singleShot(500, snap)
                    return
                QgsApplication.processEvents()
                iface.mainWindow().grab().save(shot)
                project.setDirty(False)
                QTimer.singleShot(200, iface.actionExit().trigger)
            QTimer.singleShot(3000, snap)
""")


def _profile(keep: bool) -> Path:
    if keep:
        KEPT_PROFILE.mkdir(exist_ok=True)
        return KEPT_PROFILE
    return Path(tempfile.mkdtemp(prefix="eo-orders-qgis-"))


def _prepare(profiles: Path) -> None:
    plugin_dir = profiles / "profiles" / "default" / "python" / "plugins"
    plugin_dir.mkdir(parents=True, exist_ok=True)
    link = plugin_dir / "eo_orders"
    if not link.exists():
        link.symlink_to(ROOT, target_is_directory=True)
    ini = profiles / "profiles" / "default" / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True, exist_ok=True)
    if not ini.exists():  # the plugin enabled; QGIS's first-start questions answered
        ini.write_text("[PythonPlugins]\neo_orders=true\n\n[qgis]\nshowTips=false\ncheckVersion=false\n"
                       "newProjectDefault=false\n", encoding="utf-8")


def launch(keep: bool | None = None) -> int:
    qgis = shutil.which("qgis")
    if qgis is None:
        print("The QGIS desktop is not installed: apt-get install qgis")
        return 2
    keep = os.environ.get("KEEP_PROFILE", "") not in ("", "0") if keep is None else keep
    profiles = _profile(keep)
    _prepare(profiles)
    args = ("--port", str(KEPT_PORT)) if keep else ()
    sandbox = SandboxProcess(*args).start()
    try:
        script = profiles / "startup.py"
        project = profiles / PROJECT_NAME
        basemap = world_map()
        if basemap is None:
            print("QGIS's world map (resources/data/world_map.gpkg) was not found: the project has no basemap.")
        script.write_text(STARTUP.format(conns=json.dumps(sandbox_connections(sandbox.connections())),
                                         basemap=str(basemap or ""), project=str(project)), encoding="utf-8")
        while True:
            print(f"Sandbox at {sandbox.base_url}; opening QGIS with profile {profiles}", flush=True)
            command = [qgis, "--profiles-path", str(profiles), "--code", str(script)]
            if project.exists():
                command[1:1] = ["--project", str(project)]
            code = subprocess.call(command)
            if not keep or not sys.stdin.isatty():
                return code
            answer = input("QGIS closed. Enter: start it again (the sandbox keeps its orders); q: quit › ")
            if answer.strip().lower().startswith("q"):
                return code
    finally:
        sandbox.stop()
        if not keep:
            shutil.rmtree(profiles, ignore_errors=True)
        else:
            print(f"Profile kept in {profiles} (delete it for a fresh start).")
