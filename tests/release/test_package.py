# SPDX-License-Identifier: GPL-2.0-or-later
"""`make package`: the ZIP holds the plugin and only the plugin, with its licence and changelog."""

from __future__ import annotations

import configparser
import zipfile

from .conftest import ROOT, load_script


def test_zip_holds_only_the_plugin(plugin_zip):
    names = zipfile.ZipFile(plugin_zip).namelist()
    assert names and all(n.startswith("eo_orders/") for n in names)
    for required in ("__init__.py", "metadata.txt", "LICENSE", "CHANGELOG.md", "plugin.py", "icons/eo_orders.svg"):
        assert f"eo_orders/{required}" in names
    top_level = {n.split("/")[1] for n in names}
    for dev_only in ("tests", "tests_qt6", "sandbox", "bench", "demo", "scripts", "docs", ".ci", "Makefile",
                     "README.md", "pytest.ini", "ruff.toml", "requirements-dev.txt", ".gitignore", ".gitattributes",
                     "resources.qrc", ".venv", "build"):
        assert dev_only not in top_level, dev_only
    assert not [n for n in names if n.endswith((".pyc", ".ts")) or "__pycache__" in n or "/." in n]


def test_every_plugin_module_ships(plugin_zip):
    """Nothing the plugin imports is left out: every tracked module of the plugin's packages is in the ZIP."""
    names = set(zipfile.ZipFile(plugin_zip).namelist())
    for package in ("providers", "core", "ui"):
        for path in (ROOT / package).glob("*.py"):
            assert f"eo_orders/{package}/{path.name}" in names


def test_metadata_carries_version_and_changelog_from_changelog_md(plugin_zip):
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read_string(zipfile.ZipFile(plugin_zip).read("eo_orders/metadata.txt").decode())
    meta = parser["general"]
    assert meta["version"] == load_script("package").metadata_version()
    changelog = (ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    latest = changelog.split("\n## ")[1].split(" - ")[0].strip()
    assert meta["version"] == latest, "CHANGELOG.md's newest entry must be the version in metadata.txt"
    assert f"Version {latest}:" in meta["changelog"]
    first_item = changelog.split("\n## ")[1].split("\n- ")[1].splitlines()[0]
    assert first_item in meta["changelog"]


def test_licence_is_the_gpl(plugin_zip):
    text = zipfile.ZipFile(plugin_zip).read("eo_orders/LICENSE").decode()
    assert text == (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "GNU GENERAL PUBLIC LICENSE" in text and "Version 2, June 1991" in text


def test_compiled_translations_ship_when_sources_exist(plugin_zip):
    names = set(zipfile.ZipFile(plugin_zip).namelist())
    sources = sorted((ROOT / "i18n").glob("*.ts"))
    assert {f"eo_orders/i18n/{ts.stem}.qm" for ts in sources} <= names
    assert not [n for n in names if n.endswith(".qm") and n.split("/")[-1][:-3] not in {ts.stem for ts in sources}]


def _metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "metadata.txt", encoding="utf-8")
    return parser["general"]


def test_metadata_links_match_the_readme_and_the_guide():
    meta = _metadata()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    guide = (ROOT / "docs" / "guide.md").read_text(encoding="utf-8")
    assert meta["homepage"] == meta["repository"]
    assert meta["tracker"] == meta["repository"] + "/issues"
    for key in ("repository", "tracker"):
        assert meta[key] in readme, key
    assert meta["tracker"] in guide


def test_about_says_who_charges_and_how_to_sign_up():
    about = _metadata()["about"]
    for provider in ("Copernicus Data Space Ecosystem", "UP42", "Capella", "CREODIAS", "prosEO"):
        assert provider in about
    for sign_up in ("dataspace.copernicus.eu", "up42.com", "Capella Console", "creodias.eu"):
        assert sign_up in about
    assert "free of charge" in about and "credits" in about and "commercial" in about


def test_a_copy_without_git_data_packages_the_same_files(plugin_zip, tmp_path):
    """The QGIS lanes copy the work tree without .git: packaging there ships exactly the same files."""
    import shutil
    import subprocess
    import sys

    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, symlinks=True, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "test-artifacts", ".pytest_pkg", ".qgis-settings", "demo-output"))
    subprocess.run([sys.executable, str(copy / "scripts" / "package.py"), "--out", str(tmp_path / "out")],
                   check=True, capture_output=True)
    assert not (copy / ".git").exists(), "the snapshot repository must live outside the tree"
    built = zipfile.ZipFile(tmp_path / "out" / "eo_orders.zip").namelist()
    assert sorted(built) == sorted(zipfile.ZipFile(plugin_zip).namelist())
