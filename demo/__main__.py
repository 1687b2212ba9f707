# SPDX-License-Identifier: GPL-2.0-or-later
"""``make demo``: start the sandbox, run the whole CDSE order flow in real QGIS, save the evidence.

Writes ``demo-output/demo.qgz`` (the project with the result layers), ``demo-output/dock.png`` (the dock
after the flow) and ``demo-output/map.png`` (the map with the result). Offscreen unless ``--gui``, in
which case QGIS itself is opened with the plugin and the sandbox connections ready.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from .bootstrap import ROOT, ensure_package
from .sandbox_process import SandboxProcess

OUT = ROOT / "demo-output"


def headless(out: Path) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    profile = Path(tempfile.mkdtemp(prefix="eo-orders-demo-profile-"))
    os.environ["QGIS_AUTH_DB_DIR_PATH"] = str(profile)
    ensure_package()

    from qgis.core import QgsApplication, QgsProject
    from qgis.gui import QgsMapCanvas
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtWidgets import QMainWindow

    app = QgsApplication([], True, str(profile))
    app.initQgis()
    QgsApplication.authManager().setMasterPassword("eo-orders-demo-master", True)
    sandbox = SandboxProcess("--queued-seconds", "1", "--processing-seconds", "3").start()
    try:
        window = QMainWindow()
        canvas = QgsMapCanvas(window)
        canvas.resize(QSize(900, 700))
        window.setCentralWidget(canvas)
        window.resize(1400, 900)
        from eo_orders import classFactory
        from eo_orders.demo.flow import add_connection, flow_specs, run_cdse_flow
        from eo_orders.demo.iface import HeadlessIface

        iface = HeadlessIface(canvas, window)

        plugin = classFactory(iface)
        plugin.initGui()
        plugin.action.setChecked(True)
        dock = plugin.dock
        urls = sandbox.connections()["cdse"]["urls"]
        spec = flow_specs()["cdse"]
        conn = add_connection(plugin.store, "demo-cdse", spec.title, spec.kind, urls)
        dock.reload_connections()
        dock.set_connection(conn.id)
        result = run_cdse_flow(dock, sandbox.call, canvas, log=lambda s: print(f"  • {s}", flush=True))

        out.mkdir(parents=True, exist_ok=True)
        dock.setFloating(True)  # docked, the headless main window would crop it
        dock.resize(440, 860)
        dock.tabs.setCurrentWidget(dock.ordersTab)
        QgsApplication.processEvents()
        dock.grab().save(str(out / "dock.png"))
        canvas.setLayers(result.layers)
        canvas.setExtent(result.layers[0].extent()) if canvas.mapSettings().destinationCrs() == result.layers[
            0].crs() else None
        _render_map(result.layers, out / "map.png")
        project_path = out / "demo.qgz"
        QgsProject.instance().write(str(project_path))
        print(f"Project with {len(result.layers)} result layer(s): {project_path}")
        print(f"Dock screenshot: {out / 'dock.png'}; map: {out / 'map.png'}")
        plugin.unload()
        QgsProject.instance().clear()
        window.close()
        window.deleteLater()
        QgsApplication.processEvents()
        return 0
    finally:
        sandbox.stop()
        shutil.rmtree(profile, ignore_errors=True)
        # exitQgis() after the widgets are gone; PyQt's own teardown at interpreter exit can still
        # free QGIS objects twice, so the process leaves through os._exit once all is flushed
        app.exitQgis()
        sys.stdout.flush()
        sys.stderr.flush()


def _render_map(layers, path: Path) -> None:
    """Render the result layers to a PNG with QGIS's own renderer."""
    from qgis.core import QgsMapRendererParallelJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    from qgis.PyQt.QtGui import QColor

    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(layers[0].crs())
    extent = layers[0].extent()
    for layer in layers[1:]:
        extent.combineExtentWith(layer.extent())
    settings.setExtent(extent)
    settings.setOutputSize(QSize(800, 600))
    settings.setBackgroundColor(QColor("white"))
    job = QgsMapRendererParallelJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(str(path))


def gui() -> int:
    """Open QGIS with a throw-away profile holding the plugin and the sandbox connections."""
    from .gui_launch import launch

    return launch()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m demo", description=__doc__)
    parser.add_argument("--gui", action="store_true", help="open QGIS itself (needs a display)")
    parser.add_argument("--out", default=str(OUT))
    args = parser.parse_args(argv)
    if args.gui:
        return gui()
    return headless(Path(args.out))


if __name__ == "__main__":
    code = main()
    os._exit(code)
