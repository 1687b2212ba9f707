# SPDX-License-Identifier: GPL-2.0-or-later
"""``make package``: build the plugin ZIP a user installs, with qgis-plugin-ci, from what git tracks.

Why a staging copy: qgis-plugin-ci expects the plugin in a sub-folder of its git repository and rewrites
``metadata.txt`` in place before resetting the work tree with ``git checkout``. This repository's root *is*
the plugin, so running it here would both mis-name the ZIP's folder and throw away uncommitted edits.
Instead the tracked files (committed, plus uncommitted edits to tracked files, via ``git stash create``)
are exported with ``git archive`` — which honours ``export-ignore`` in ``.gitattributes``, so tests,
sandbox, bench, demo, scripts and docs stay out — into ``build/stage/eo_orders`` inside a throw-away git
repository, translations are refreshed there with ``pylupdate5`` and compiled with ``lrelease``, and
qgis-plugin-ci packages that.
qgis-plugin-ci writes the latest ``CHANGELOG.md`` entries into the ZIP's ``metadata.txt``.

Writes ``build/eo_orders.<version>.zip`` and a copy named ``build/eo_orders.zip``.
"""

from __future__ import annotations

import argparse
import configparser
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PLUGIN_DIR = "eo_orders"
ORG, PROJECT = "eo-orders", "eo-orders"


def metadata_version(root: Path = ROOT) -> str:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment, method-assign]
    parser.read(root / "metadata.txt", encoding="utf-8")
    return parser["general"]["version"].strip()


#: an identity for the commits this script makes (a CI clone may have none configured)
IDENT = ("-c", "user.name=eo-orders packager", "-c", "user.email=packager@localhost")


def _git(*args: str, cwd: Path = ROOT, **kw) -> str:
    return subprocess.run(["git", *IDENT, *args], cwd=cwd, check=True, capture_output=True, text=True,
                          **kw).stdout.strip()


def _in_git_checkout() -> bool:
    probe = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=ROOT, capture_output=True, text=True)
    return probe.returncode == 0 and Path(probe.stdout.strip()).resolve() == ROOT


def export_tree(stage: Path) -> str:
    """Export the tracked plugin files into ``stage/eo_orders``; returns the tree-ish exported.

    A copy of the work tree without git data (the QGIS lanes' chroots get one) is first snapshotted into a
    throw-away repository outside the tree (``git add -A`` honours ``.gitignore``), so the same
    ``git archive`` rules apply.
    """
    target = stage / PLUGIN_DIR
    target.mkdir(parents=True)
    env = None
    if _in_git_checkout():
        treeish = _git("stash", "create") or "HEAD"
    else:
        env = {**os.environ, "GIT_DIR": str(stage / "snapshot.git"), "GIT_WORK_TREE": str(ROOT)}
        _git("init", "-q", env=env)
        _git("add", "-A", env=env)
        _git("commit", "-q", "--no-verify", "-m", "snapshot of a work tree without git data", env=env)
        treeish = "HEAD"
    archive = subprocess.run(["git", "archive", "--format=tar", treeish], cwd=ROOT, check=True, capture_output=True,
                             env=env)
    subprocess.run(["tar", "-x", "-C", str(target)], input=archive.stdout, check=True)
    if env is not None:
        shutil.rmtree(stage / "snapshot.git")
    return treeish


def compile_translations(stage: Path) -> list[Path]:
    """Compile each ``i18n/*.ts`` into the staged plugin; the ZIP carries only the ``.qm`` files.

    Each ``.ts`` is first brought up to date with the staged sources by ``pylupdate5`` (in a scratch copy:
    the repository's ``.ts`` is left alone), so a string that moved to another widget or panel keeps its
    translation (pylupdate5 carries translations over by identical source text) and the ZIP never ships a
    translation older than its code. New strings stay English until ``make translations`` and a translator
    add them.
    """
    sources = sorted((ROOT / "i18n").glob("*.ts"))
    if not sources:
        return []
    pylupdate, lrelease = shutil.which("pylupdate5"), shutil.which("lrelease")
    if pylupdate is None or lrelease is None:
        raise SystemExit("pylupdate5 and lrelease are missing: apt-get install pyqt5-dev-tools qttools5-dev-tools")
    plugin = stage / PLUGIN_DIR
    code = sorted(str(p.relative_to(plugin)) for p in plugin.rglob("*") if p.suffix in (".py", ".ui"))
    out = []
    with tempfile.TemporaryDirectory(prefix="eo-orders-ts-") as scratch:
        for ts in sources:
            work = Path(scratch) / ts.name
            shutil.copy2(ts, work)
            subprocess.run([pylupdate, "-noobsolete", *code, "-ts", str(work)], cwd=plugin, check=True,
                           capture_output=True)
            qm = plugin / "i18n" / (ts.stem + ".qm")
            qm.parent.mkdir(parents=True, exist_ok=True)
            subprocess.run([lrelease, "-silent", str(work), "-qm", str(qm)], check=True)
            out.append(qm)
    return out


def write_config(stage: Path) -> None:
    (stage / ".qgis-plugin-ci").write_text(
        f"plugin_path: {PLUGIN_DIR}\n"
        f"github_organization_slug: {ORG}\n"
        f"project_slug: {PROJECT}\n"
        "changelog_include: true\n"
        "changelog_number_of_entries: 2\n",
        encoding="utf-8",
    )
    shutil.copy2(ROOT / "CHANGELOG.md", stage / "CHANGELOG.md")


def package(out_dir: Path, version: str | None = None) -> Path:
    version = version or metadata_version()
    stage = out_dir / "stage"
    shutil.rmtree(stage, ignore_errors=True)
    stage.mkdir(parents=True)
    treeish = export_tree(stage)
    compile_translations(stage)
    write_config(stage)
    _git("init", "-q", cwd=stage)
    for key, value in (("user.name", "eo-orders packager"), ("user.email", "packager@localhost")):
        _git("config", key, value, cwd=stage)  # qgis-plugin-ci commits a stash there
    _git("add", "-A", cwd=stage)
    _git("commit", "-q", "-m", f"eo_orders {version} from {treeish[:12]}", cwd=stage)
    subprocess.run([sys.executable, "-m", "qgispluginci", "package", version], cwd=stage, check=True)
    built = stage / f"{PLUGIN_DIR}.{version}.zip"
    final = out_dir / built.name
    shutil.move(str(built), final)
    shutil.copy2(final, out_dir / f"{PLUGIN_DIR}.zip")
    shutil.rmtree(stage, ignore_errors=True)
    return final


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=ROOT / "build", help="folder for the ZIP (default: build/)")
    ap.add_argument("--version", help="version to write into the ZIP (default: metadata.txt's)")
    args = ap.parse_args(argv)
    final = package(args.out.resolve(), args.version)
    print(f"Plugin ZIP: {final} (copy: {final.parent / (PLUGIN_DIR + '.zip')})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
