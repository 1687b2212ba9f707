# SPDX-License-Identifier: GPL-2.0-or-later
"""Python 3.11 … 3.14 (QGIS 3.22 on bookworm's 3.11, 3.44 on trixie's 3.13 and sid's 3.14): the plugin and the
sandbox use nothing of the stdlib that those versions removed or deprecated.

Two checks: a scan of the source for the known removals and deprecations (it can name what a newer Python
would break before anyone runs it there), and an import of every module with this Python's deprecation
warnings raised as errors when they come from our code.
"""

from __future__ import annotations

import ast
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ("plugin.py", "__init__.py", "core", "ui", "providers", "sandbox", "demo", "bench", "scripts")

# module → why (removed by PEP 594/632 in 3.12/3.13, or deprecated for removal)
REMOVED_MODULES = {
    **dict.fromkeys(("imp", "distutils", "asynchat", "asyncore", "smtpd"), "removed in Python 3.12"),
    **dict.fromkeys(("cgi", "cgitb", "crypt", "imghdr", "sndhdr", "nntplib", "msilib", "audioop", "chunk",
                     "mailcap", "nis", "ossaudiodev", "pipes", "spwd", "sunau", "telnetlib", "uu", "xdrlib",
                     "lib2to3"), "removed in Python 3.13"),
    "pkg_resources": "deprecated by setuptools: use importlib.metadata / importlib.resources",
}
# attribute → why
DEPRECATED_ATTRIBUTES = {
    "utcnow": "datetime.utcnow() is deprecated since 3.12: datetime.now(timezone.utc)",
    "utcfromtimestamp": "datetime.utcfromtimestamp() is deprecated since 3.12: fromtimestamp(ts, timezone.utc)",
    "get_event_loop": "asyncio.get_event_loop() without a running loop fails on 3.14: asyncio.run / new_event_loop",
    "getdefaultlocale": "locale.getdefaultlocale() is deprecated since 3.11: locale.getlocale()",
    "find_loader": "pkgutil.find_loader() is removed in 3.14: importlib.util.find_spec()",
    "get_loader": "pkgutil.get_loader() is removed in 3.14: importlib.util.find_spec()",
    "makeSuite": "unittest.makeSuite() is removed in 3.13",
    "findTestCases": "unittest.findTestCases() is removed in 3.13",
    "SafeConfigParser": "configparser.SafeConfigParser is removed in 3.12",
    "readfp": "ConfigParser.readfp() is removed in 3.12",
    "wrap_socket": "ssl.wrap_socket() is removed in 3.12: SSLContext.wrap_socket()",
    "match_hostname": "ssl.match_hostname() is removed in 3.12",
    "setDaemon": "Thread.setDaemon() is deprecated: thread.daemon = True",
    "currentThread": "threading.currentThread() is deprecated: threading.current_thread()",
    "ByteString": "typing.ByteString is removed in 3.14",
    "iscoroutinefunction": "asyncio.iscoroutinefunction() is deprecated in 3.14: inspect.iscoroutinefunction()",
}
AST_NODES_REMOVED = {"Num", "Str", "Bytes", "NameConstant", "Ellipsis"}  # ast.* removed in 3.14


def scan(source: str, filename: str) -> list[str]:
    found = []
    tree = ast.parse(source, filename=filename)
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            names = []
        for name in names:
            if name.split(".")[0] in REMOVED_MODULES:
                found.append(f"{filename}:{node.lineno}: import {name}: {REMOVED_MODULES[name.split('.')[0]]}")
        if isinstance(node, ast.Attribute):
            if node.attr in DEPRECATED_ATTRIBUTES:
                found.append(f"{filename}:{node.lineno}: .{node.attr}: {DEPRECATED_ATTRIBUTES[node.attr]}")
            if isinstance(node.value, ast.Name) and node.value.id == "ast" and node.attr in AST_NODES_REMOVED:
                found.append(f"{filename}:{node.lineno}: ast.{node.attr} is removed in 3.14: ast.Constant")
            if node.attr == "warn" and isinstance(node.value, ast.Name) and node.value.id in ("logging", "logger",
                                                                                               "log", "LOG"):
                found.append(f"{filename}:{node.lineno}: logging .warn() is deprecated: .warning()")
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            keywords = {k.arg for k in node.keywords}
            if node.func.attr == "extractall" and "filter" not in keywords:
                found.append(f"{filename}:{node.lineno}: extractall() without filter= changes meaning in 3.14 "
                             f"(tarfile) — pass filter='data', or check zip members yourself")
            if node.func.attr == "rmtree" and "onerror" in keywords:
                found.append(f"{filename}:{node.lineno}: rmtree(onerror=) is deprecated since 3.12: onexc=")
    return found


def test_the_scan_catches_each_planted_use():
    planted = textwrap.dedent("""
        import imp
        import cgi
        from distutils.version import LooseVersion
        import pkg_resources
        import asyncio, datetime, locale, logging, pkgutil, shutil, tarfile, threading
        a = datetime.datetime.utcnow()
        b = datetime.datetime.utcfromtimestamp(0)
        c = asyncio.get_event_loop()
        d = locale.getdefaultlocale()
        e = pkgutil.find_loader("x")
        logging.warn("x")
        tarfile.open("x.tar").extractall("out")
        shutil.rmtree("x", onerror=print)
        threading.Thread().setDaemon(True)
        f = ast.Str("x")
    """)
    found = scan(planted, "planted.py")
    for needle in ("import imp:", "import cgi:", "import distutils.version:", "import pkg_resources:", ".utcnow:",
                   ".utcfromtimestamp:", ".get_event_loop:", ".getdefaultlocale:", ".find_loader:", ".warn()",
                   "extractall()", "rmtree(onerror=)", ".setDaemon:", "ast.Str"):
        assert any(needle in line for line in found), (needle, found)
    assert scan("from datetime import datetime, timezone\nnow = datetime.now(timezone.utc)\n", "clean.py") == []


def test_plugin_and_sandbox_use_no_removed_or_deprecated_stdlib():
    found = []
    for entry in SCANNED:
        path = ROOT / entry
        files = [path] if path.is_file() else sorted(path.rglob("*.py"))
        for file in files:
            found += scan(file.read_text(encoding="utf-8"), str(file.relative_to(ROOT)))
    assert found == [], "\n".join(found)


def test_importing_every_module_raises_no_deprecation_from_our_code():
    code = textwrap.dedent("""
        import importlib, pkgutil, sys, warnings
        sys.path[:0] = [sys.argv[1], sys.argv[2]]
        warnings.filterwarnings("error", category=DeprecationWarning, module=r"(eo_orders|sandbox)(\\.|$)")
        warnings.filterwarnings("error", category=PendingDeprecationWarning, module=r"(eo_orders|sandbox)(\\.|$)")
        from qgis.core import QgsApplication
        app = QgsApplication([], False)
        app.initQgis()
        names = []
        for package in ("eo_orders", "sandbox"):
            module = importlib.import_module(package)
            for info in pkgutil.walk_packages(module.__path__, package + "."):
                if info.name.startswith(("sandbox.__main__", "eo_orders.tests", "eo_orders.sandbox",
                                         "eo_orders.bench", "eo_orders.demo", "eo_orders.scripts")):
                    continue
                importlib.import_module(info.name)
                names.append(info.name)
        print(len(names), " ".join(names))
    """)
    from demo.bootstrap import ensure_package

    ensure_package()
    proc = subprocess.run([sys.executable, "-c", code, str(ROOT / ".pytest_pkg"), str(ROOT)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    count, names = proc.stdout.split(" ", 1)
    assert int(count) > 20 and "eo_orders.ui.dock" in names and "sandbox.up42" in names
