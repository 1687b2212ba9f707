# SPDX-License-Identifier: GPL-2.0-or-later
"""`make check-package` passes the real ZIP and fails on a planted violation of each kind."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from .conftest import load_script

check_package = load_script("check_package")

SHELL_CALL = "import subprocess\n\n\ndef run(cmd):\n    return subprocess.call(cmd, shell=True)"
#: AWS's documented example key id, put together at run time so no scanner flags this test file itself
FAKE_AWS_KEY = "AKIA" + "IOSFODNN7" + "EXAMPLE"


def rebuild(src: Path, dest: Path, *, drop=(), add=(), edit=None, rename_top=None, mode=None) -> Path:
    """Copy the ZIP member by member, dropping, adding or editing members (a planted violation)."""
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            data = zin.read(info)
            if edit and info.filename in edit:
                data = edit[info.filename](data.decode()).encode()
            name = info.filename
            if rename_top:
                name = rename_top + name[name.index("/"):]
            new = zipfile.ZipInfo(name, date_time=info.date_time)
            new.external_attr = (mode << 16) if (mode and name.endswith("__init__.py")) else info.external_attr
            zout.writestr(new, data, zipfile.ZIP_DEFLATED)
        for name, data in add:
            zout.writestr(name, data)
    return dest


@pytest.fixture(scope="module")
def mini_zip(plugin_zip, tmp_path_factory) -> Path:
    """The real metadata, licence and entry point only: scanning it takes a second, not the whole plugin."""
    keep = {"eo_orders/__init__.py", "eo_orders/metadata.txt", "eo_orders/LICENSE", "eo_orders/icons/eo_orders.svg"}
    with zipfile.ZipFile(plugin_zip) as zf:
        drop = [n for n in zf.namelist() if n not in keep]
    return rebuild(plugin_zip, tmp_path_factory.mktemp("mini") / "mini.zip", drop=drop)


def test_the_built_zip_passes_every_check(plugin_zip, capsys):
    assert check_package.check(plugin_zip) == []
    assert check_package.main([str(plugin_zip)]) == 0
    assert "passes" in capsys.readouterr().out


def test_the_mini_zip_passes(mini_zip):
    assert check_package.check(mini_zip) == []


def _meta_edit(key, value=None):
    def edit(text: str) -> str:
        out, skipping = [], False
        for line in text.splitlines():
            if skipping and line[:1] in (" ", "\t"):
                continue
            skipping = line.startswith(key + "=")
            if skipping:
                if value is not None:
                    out.append(f"{key}={value}")
                continue
            out.append(line)
        return "\n".join(out) + "\n"
    return {"eo_orders/metadata.txt": edit}


STRUCTURAL = {
    "compiled python": (dict(add=[("eo_orders/core/aoi.cpython-311.pyc", b"\x00")]), "forbidden file"),
    "pycache folder": (dict(add=[("eo_orders/core/__pycache__/x.txt", b"x")]), "forbidden folder"),
    "git folder": (dict(add=[("eo_orders/.git/config", b"[core]")]), "forbidden folder"),
    "macos folder": (dict(add=[("eo_orders/__MACOSX/._plugin.py", b"x")]), "forbidden folder"),
    "hidden file": (dict(add=[("eo_orders/.env", b"A=1")]), "hidden file"),
    "native library by name": (dict(add=[("eo_orders/lib/fast.so", b"not really")]), "binary"),
    "windows script": (dict(add=[("eo_orders/install.bat", b"echo")]), "binary"),
    "ELF binary in disguise": (dict(add=[("eo_orders/data/table.dat", b"\x7fELF\x02\x01\x01" + b"\x00" * 64)]),
                               "binary"),
    "PE binary in disguise": (dict(add=[("eo_orders/data/helper.dat", b"MZ\x90\x00" + b"\x00" * 64)]), "binary"),
    "executable python": (dict(mode=0o100755), "permissions"),
    "path traversal": (dict(add=[("eo_orders/../evil.py", b"x = 1")]), "path"),
    "second top folder": (dict(add=[("other/readme.txt", b"x")]), "structure"),
    "no licence": (dict(drop=["eo_orders/LICENSE"]), "missing file: eo_orders/LICENSE"),
    "no metadata": (dict(drop=["eo_orders/metadata.txt"]), "missing file: eo_orders/metadata.txt"),
    "no entry point": (dict(drop=["eo_orders/__init__.py"]), "missing file: eo_orders/__init__.py"),
    "wrong folder name": (dict(rename_top="eo-orders-main"), "folder name"),
    "placeholder email": (dict(edit=_meta_edit("email", "someone@example.com")), "email"),
    "default tracker": (dict(edit=_meta_edit("tracker", "http://bugs")), "tracker is not a valid URL"),
    "relative repository": (dict(edit=_meta_edit("repository", "eo-orders/eo-orders")), "repository is not a valid"),
    "author with slash": (dict(edit=_meta_edit("author", "A/B")), "author cannot contain slashes"),
    "boolean not boolean": (dict(edit=_meta_edit("experimental", "maybe")), "experimental must be"),
    "no general section": (dict(edit={"eo_orders/metadata.txt": lambda t: t.replace("[general]", "[plugin]")}),
                           "no [general] section"),
}


@pytest.mark.parametrize("case", sorted(STRUCTURAL))
def test_planted_structural_violation_fails(case, mini_zip, tmp_path):
    changes, expected = STRUCTURAL[case]
    bad = rebuild(mini_zip, tmp_path / "bad.zip", **changes)
    problems = check_package.check(bad, scan=False)
    assert any(expected in p for p in problems), problems


@pytest.mark.parametrize("field", check_package.REQUIRED_METADATA)
def test_each_required_metadata_field_is_checked(field, mini_zip, tmp_path):
    bad = rebuild(mini_zip, tmp_path / "bad.zip", edit=_meta_edit(field))
    problems = check_package.check(bad, scan=False)
    assert any(p.startswith("metadata: missing") and field in p for p in problems), problems


def test_oversized_zip_fails(mini_zip, tmp_path):
    import os

    bad = tmp_path / "big.zip"
    rebuild(mini_zip, bad)
    with zipfile.ZipFile(bad, "a", zipfile.ZIP_STORED) as zf:
        zf.writestr("eo_orders/data/noise.bin", os.urandom(check_package.MAX_SIZE + 1))
    problems = check_package.check(bad, scan=False)
    assert any(p.startswith("size:") for p in problems), problems


def test_not_a_zip_fails(tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK but not really a zip")
    assert check_package.check(bad)[0].startswith("structure: cannot unzip")


def test_bandit_finding_blocks(mini_zip, tmp_path, capsys):
    bad = rebuild(mini_zip, tmp_path / "bad.zip", add=[("eo_orders/runner.py", SHELL_CALL + "\n")])
    problems = check_package.check(bad)
    assert any(p.startswith("bandit B602") and "runner.py:5" in p for p in problems), problems
    assert check_package.main([str(bad)]) == 1
    assert "FAIL bandit B602" in capsys.readouterr().out


def test_bandit_false_positive_marked_with_reason_passes(mini_zip, tmp_path):
    marked = SHELL_CALL + "  # nosec B602 - cmd is a constant list chosen by the plugin\n"
    ok = rebuild(mini_zip, tmp_path / "ok.zip", add=[("eo_orders/runner.py", marked)])
    assert check_package.check(ok) == []


def test_detect_secrets_finding_blocks(mini_zip, tmp_path):
    source = f'AWS_ACCESS_KEY_ID = "{FAKE_AWS_KEY}"\n'
    bad = rebuild(mini_zip, tmp_path / "bad.zip", add=[("eo_orders/settings_default.py", source)])
    problems = check_package.check(bad)
    assert any(p.startswith("detect-secrets AWS Access Key") and "settings_default.py:1" in p
               for p in problems), problems


def test_secret_in_a_non_python_file_blocks(mini_zip, tmp_path):
    bad = rebuild(mini_zip, tmp_path / "bad.zip", add=[("eo_orders/defaults.json", f'{{"key": "{FAKE_AWS_KEY}"}}')])
    assert any("defaults.json" in p for p in check_package.check(bad))


def test_secret_false_positive_marked_passes(mini_zip, tmp_path):
    source = f'EXAMPLE_KEY_IN_DOCS = "{FAKE_AWS_KEY}"  # pragma: allowlist secret - AWS documentation example\n'
    ok = rebuild(mini_zip, tmp_path / "ok.zip", add=[("eo_orders/docs_example.py", source)])
    assert check_package.check(ok) == []
