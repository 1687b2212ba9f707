# SPDX-License-Identifier: GPL-2.0-or-later
"""Runs *inside* the QGIS desktop (``qgis --code``) for the installed-plugin test; never imported by pytest.

Everything it uses comes from the QGIS being tested and the plugin as the ZIP installed it: the only thing
taken from the checkout is ``demo/flow.py``, the analyst's flow the demo and the end-to-end tests share,
loaded by path (it is not part of the plugin ZIP). What it saw goes to ``report.json`` in the output
folder, with a screenshot of the main window and the saved project; then QGIS quits.
"""

import importlib.util
import json
import os
import sys
import time
import traceback
import types
import urllib.request

from qgis.core import Qgis, QgsApplication, QgsProject, QgsSettings, QgsVectorLayer
from qgis.PyQt.QtCore import QCoreApplication, QTimer
from qgis.PyQt.QtWidgets import QAction, QDockWidget
from qgis.utils import active_plugins, iface, plugins

#: QGIS log messages of warning level or worse seen while the flow ran: (tag, level, text)
LOGGED = []


def remember(message, tag, level):
    if level >= Qgis.Warning:
        LOGGED.append((tag, int(level), message))


QgsApplication.messageLog().messageReceived.connect(remember)

CONFIG = json.loads(open(os.environ["EO_ORDERS_INSTALL_TEST"], encoding="utf-8").read())
OUT = CONFIG["out_dir"]


def sandbox_call(method, path, body=None, timeout=30):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(CONFIG["sandbox_url"] + path, data=data, method=method,
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - the local sandbox
        return json.loads(resp.read() or b"null")


def load_flow():
    """``demo/flow.py`` as ``eo_orders.demo.flow``: its relative imports then reach the installed plugin."""
    demo_dir = os.path.dirname(CONFIG["flow_path"])
    if "eo_orders.demo" not in sys.modules:
        package = types.ModuleType("eo_orders.demo")
        package.__path__ = [demo_dir]
        sys.modules["eo_orders.demo"] = package
    spec = importlib.util.spec_from_file_location("eo_orders.demo.flow", CONFIG["flow_path"])
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


def settle(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QgsApplication.processEvents()
        time.sleep(0.02)


def run():
    report = {"ok": False, "steps": [], "qgis_version": Qgis.QGIS_VERSION}
    try:
        if CONFIG.get("install_zip"):
            # What the plugin manager's "Install from ZIP" button runs once the user picked the file.
            import pyplugin_installer

            pyplugin_installer.instance().installFromZipFile(CONFIG["install_zip"])
        report["enabled_setting"] = QgsSettings().value("PythonPlugins/eo_orders", False, bool)
        report["active_plugins"] = list(active_plugins)
        plugin = plugins["eo_orders"]
        report["plugin_module"] = sys.modules["eo_orders"].__file__
        report["locale"] = QgsApplication.locale()
        i18n_dir = os.path.join(os.path.dirname(report["plugin_module"]), "i18n")
        report["translations"] = sorted(os.listdir(i18n_dir)) if os.path.isdir(i18n_dir) else []
        report["translator_loaded"] = getattr(plugin, "_translator", None) is not None
        web_actions = [a for a in iface.mainWindow().findChildren(QAction)
                       if a.objectName() in ("eoOrdersToggleDock", "eoOrdersHelp")]
        report["actions"] = {a.objectName(): a.text() for a in web_actions}
        # A fresh profile without a system keyring keeps secrets in the QGIS authentication database.
        QgsApplication.authManager().setMasterPassword(CONFIG["master_password"], True)
        plugin.action.trigger()  # the toolbar button
        dock = plugin.dock
        report["dock_visible"] = bool(dock is not None and dock.isVisible())
        flow = load_flow()
        conn = flow.add_connection(plugin.store, "sandbox-cdse", "CDSE sandbox", "cdse_odp",
                                   CONFIG["connections"]["cdse"]["urls"])
        dock.reload_connections()
        dock.set_connection(conn.id)
        result = flow.run_cdse_flow(dock, sandbox_call, iface.mapCanvas(), log=report["steps"].append)
        project = QgsProject.instance()
        report["layers"] = [{"id": lyr.id(), "name": lyr.name(), "valid": lyr.isValid(),
                             "provider": lyr.providerType(), "bands": lyr.bandCount(),
                             "in_project": project.mapLayer(lyr.id()) is not None} for lyr in result.layers]
        report["group"] = result.group_name
        report["group_in_tree"] = project.layerTreeRoot().findGroup(result.group_name) is not None
        report["order_status"] = result.order.status.value
        canvas = iface.mapCanvas()
        for layer in project.mapLayers().values():  # the screenshot shows the result, not the footprints
            if isinstance(layer, QgsVectorLayer):
                layer.removeSelection()
                node = project.layerTreeRoot().findLayer(layer.id())
                if node is not None:
                    node.setItemVisibilityChecked(False)
        canvas.setExtent(canvas.mapSettings().layerExtentToOutputExtent(result.layers[0],
                                                                        result.layers[0].extent()))
        canvas.refresh()
        tabs = dock.tabs  # the Orders tab shows the completed order (and its title, translated)
        tabs.setCurrentWidget(dock.ordersTab)
        report["orders_tab"] = tabs.tabText(tabs.indexOf(dock.ordersTab))
        settle(1.0)
        canvas.waitWhileRendering()
        settle(0.5)
        report["dock_title"] = dock.windowTitle() if isinstance(dock, QDockWidget) else ""
        iface.mainWindow().grab().save(os.path.join(OUT, "desktop.png"))
        project.write(os.path.join(OUT, "project.qgz"))
        report["ok"] = True
    except Exception:
        report["error"] = traceback.format_exc()
    finally:
        report["logged"] = LOGGED
        with open(os.path.join(OUT, "report.json"), "w", encoding="utf-8") as fh:
            json.dump(report, fh, indent=2)
        QgsProject.instance().setDirty(False)
        QTimer.singleShot(300, lambda: quit_qgis(report["ok"]))


def quit_qgis(ok):
    """Quit the way the run asks: as the analyst does (*Project › Exit QGIS*) or as a script does.

    The analyst's way runs QGIS's own checks before quitting (unsaved edits, temporary layers, tasks still
    running); any question still open after a while is written to ``quit-blocked.txt`` and QGIS is ended
    with exit code 4, so the test names the question instead of waiting for its timeout.
    """
    if not ok or CONFIG.get("quit") != "menu":
        QCoreApplication.exit(0 if ok else 3)
        return
    QTimer.singleShot(20_000, quit_blocked)
    iface.actionExit().trigger()


def quit_blocked():
    from qgis.PyQt.QtWidgets import QApplication

    questions = [f"{type(w).__name__}: {w.windowTitle()}: {getattr(w, 'text', lambda: '')()}"
                 for w in QApplication.topLevelWidgets() if w.isVisible() and w is not iface.mainWindow()]
    with open(os.path.join(OUT, "quit-blocked.txt"), "w", encoding="utf-8") as fh:
        fh.write("\n".join(questions) or "QGIS did not quit and asked nothing")
    QCoreApplication.exit(4)


QTimer.singleShot(1500, run)
