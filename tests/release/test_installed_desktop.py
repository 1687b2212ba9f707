# SPDX-License-Identifier: GPL-2.0-or-later
"""Installed as a user installs it: the built ZIP in a fresh profile, the QGIS desktop under Xvfb, one order.

The ZIP from ``make package`` goes into a fresh profile in two ways: in the English run it is unzipped into
``<profiles>/profiles/default/python/plugins/`` the way the plugin manager's *Install from ZIP* does (every
member extracted under the plugins folder, so the ZIP's ``eo_orders/`` folder becomes the plugin) and
``PythonPlugins/eo_orders=true`` is set in the profile's ``QGIS3.ini`` as the plugin manager's check box does;
in the German runs QGIS's own installer (``pyplugin_installer``'s ``installFromZipFile``, what the *Install
from ZIP* button calls) installs and enables it inside the running desktop (``RUNS`` below). The real ``qgis``
binary starts with ``--profiles-path`` under Xvfb. ``desktop_startup.py`` (``--code``) opens the dock from the
toolbar action and runs the CDSE order flow against the sandbox, which runs as its own process on 127.0.0.1.
It runs in English and, with ``--lang de``, in German, where the plugin's compiled translation must show. Then
QGIS quits, as the analyst quits or as a script does, and must end cleanly (exit code 0, no question left
open). QGIS's temporary folder (``TMPDIR``) is set apart from the test's folder, as on an analyst's machine,
where results are downloaded outside it: QGIS asks before quitting with layers from its temporary folder.

Which QGIS runs is a parameter: ``EO_ORDERS_QGIS`` (default ``qgis`` on PATH), so the lanes' chroots run the
same test against their QGIS 3.40/3.44. The profile turns off QGIS's own start-up calls to the internet (news
feed, version check, plugin repository check): the only server it talks to is the sandbox.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import zipfile
from pathlib import Path

import pytest

from .conftest import ROOT

QGIS = os.environ.get("EO_ORDERS_QGIS", "qgis")
TIMEOUT = 300
#: what a fresh profile needs so the desktop starts quietly and offline
PROFILE_INI = """\
[PythonPlugins]
eo_orders=true

[app]
plugin_installer\\checkOnStart=false

[core]
NewsFeed\\httpsfeedqgisorg\\disabled=true

[qgis]
checkVersion=false
allowVersionCheck=false
"""


def install_like_the_plugin_manager(zip_path: Path, plugins_dir: Path) -> Path:
    """pyplugin_installer's unzip: each member under the plugins folder, folders created as needed."""
    plugins_dir.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(zip_path) as zf:
        for name in zf.namelist():
            target = plugins_dir / name
            assert plugins_dir.resolve() in target.resolve().parents, name
            if name.endswith("/"):
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(zf.read(name))
    return plugins_dir / "eo_orders"


def qgis_command() -> list[str]:
    qgis = shutil.which(QGIS)
    xvfb_run = shutil.which("xvfb-run")
    assert qgis, f"the QGIS desktop ({QGIS}) is not installed: WITH_DESKTOP=1 WITH_XVFB=1 bash scripts/bootstrap.sh"
    assert xvfb_run, "Xvfb is not installed: WITH_XVFB=1 bash scripts/bootstrap.sh"
    return [xvfb_run, "-a", "-s", "-screen 0 1600x1000x24", qgis]


@pytest.fixture()
def sandbox_process():
    from eo_orders.demo.sandbox_process import SandboxProcess

    proc = SandboxProcess("--queued-seconds", "1", "--processing-seconds", "3").start()
    yield proc
    proc.stop()


#: per interface language: what the plugin's menu entries and the dock's last tab must read
LANGUAGES = {
    "en": ({"eoOrdersToggleDock": "EO Orders", "eoOrdersHelp": "Help"}, "Orders"),
    "de": ({"eoOrdersToggleDock": "EO Orders", "eoOrdersHelp": "Hilfe"}, "Aufträge"),
}


#: the runs: (interface language, how the ZIP is installed, how QGIS is quit). Installed by unzipping into
#: the profile before QGIS starts, or by QGIS's own *Install from ZIP* while it runs; quit as the analyst
#: does (*Project › Exit QGIS*, with QGIS's own checks) or with ``QCoreApplication.exit`` as scripts and test
#: harnesses do. QGIS 3.44 itself crashes on the scripted path once the layer tree holds a group; plugin.py
#: lets go of the project first, whichever way the plugin was installed.
RUNS = {
    "en": ("en", "unzip", "script"),
    "de": ("de", "installer", "menu"),
    "de-installer-script": ("de", "installer", "script"),
}


@pytest.mark.desktop
@pytest.mark.parametrize("run", sorted(RUNS))
def test_zip_installed_in_a_fresh_profile_orders_in_the_qgis_desktop(run, plugin_zip, sandbox_process, tmp_path,
                                                                     artifacts_dir):
    profiles = tmp_path / "profiles"
    profile = profiles / "profiles" / "default"
    installed = profile / "python" / "plugins" / "eo_orders"
    (profile / "QGIS").mkdir(parents=True)
    lang, install, quit_by = RUNS[run]
    by_plugin_manager = install == "installer"
    if by_plugin_manager:
        # QGIS's own installer unzips and enables it at run time (desktop_startup.py)
        (profile / "QGIS" / "QGIS3.ini").write_text(PROFILE_INI.replace("eo_orders=true\n", ""), encoding="utf-8")
    else:
        assert install_like_the_plugin_manager(plugin_zip, installed.parent) == installed
        (profile / "QGIS" / "QGIS3.ini").write_text(PROFILE_INI, encoding="utf-8")

    out = tmp_path / "out"
    out.mkdir()
    config = tmp_path / "install-test.json"
    config.write_text(json.dumps({
        "out_dir": str(out),
        "sandbox_url": sandbox_process.base_url,
        "connections": sandbox_process.connections(),
        "flow_path": str(ROOT / "demo" / "flow.py"),
        "master_password": "install-test-master-password",
        "install_zip": str(plugin_zip) if by_plugin_manager else None,
        "quit": quit_by,
    }), encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("QT_QPA_", "PYTHONPATH", "QGIS_"))}
    env.update(EO_ORDERS_INSTALL_TEST=str(config), QT_QPA_PLATFORM="xcb", PYTHONDONTWRITEBYTECODE="1",
               PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring", HOME=str(tmp_path / "home"),
               XDG_RUNTIME_DIR=str(tmp_path / "runtime"), TMPDIR=str(tmp_path / "qgis-tmp"))
    (tmp_path / "runtime").mkdir(mode=0o700)
    (tmp_path / "qgis-tmp").mkdir()
    cmd = [*qgis_command(), "--profiles-path", str(profiles), "--nologo", "--noversioncheck", "--lang", lang,
           "--code", str(Path(__file__).with_name("desktop_startup.py"))]
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    try:
        log, _ = proc.communicate(timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        log, _ = proc.communicate()
        pytest.fail(f"QGIS did not finish within {TIMEOUT} s:\n{log[-4000:]}")
    (artifacts_dir / f"installed-desktop-{run}.log").write_text(log, encoding="utf-8")
    report_file = out / "report.json"
    assert report_file.is_file(), f"the start-up script wrote no report (exit {proc.returncode}):\n{log[-4000:]}"
    report = json.loads(report_file.read_text(encoding="utf-8"))
    if (out / "desktop.png").is_file():
        shutil.copy2(out / "desktop.png", artifacts_dir / f"installed-desktop-{run}.png")
    assert report["ok"], report.get("error")
    blocked = out / "quit-blocked.txt"
    assert not blocked.exists(), f"QGIS asked before quitting: {blocked.read_text(encoding='utf-8')}"
    assert proc.returncode == 0, log[-4000:]

    # The plugin QGIS ran is the one the ZIP installed, enabled in the profile's settings.
    assert (installed / "metadata.txt").is_file() and (installed / "LICENSE").is_file()
    assert not (installed / "tests").exists() and not (installed / "demo").exists()
    assert report["enabled_setting"] is True
    assert "eo_orders" in report["active_plugins"]
    assert Path(report["plugin_module"]).resolve() == (installed / "__init__.py").resolve()
    # In the interface language QGIS was started with (German from the plugin's compiled translation).
    actions, orders_tab = LANGUAGES[lang]
    assert report["actions"] == actions
    assert report["dock_visible"]
    assert report["orders_tab"] == orders_tab
    # One order went through and its result is in the project as valid raster layers in the order's group.
    assert report["order_status"] == "completed"
    assert report["layers"] and all(lyr["valid"] and lyr["in_project"] and lyr["provider"] == "gdal"
                                    for lyr in report["layers"])
    assert report["group_in_tree"]
    with zipfile.ZipFile(out / "project.qgz") as qgz:
        project_xml = qgz.read(next(n for n in qgz.namelist() if n.endswith(".qgs"))).decode()
    for lyr in report["layers"]:
        assert lyr["id"] in project_xml
    assert (out / "desktop.png").stat().st_size > 10_000
    # Nothing went wrong on the way: no Python traceback, no warning or error from the plugin in the QGIS log.
    assert "Traceback" not in log
    assert [m for m in report["logged"] if m[0] in ("EO Orders", "Python error")] == []
