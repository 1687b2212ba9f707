# SPDX-License-Identifier: GPL-2.0-or-later
"""``make translations``: refresh ``i18n/eo_orders_<lang>.ts`` from the plugin's sources, then compile them.

Debian's ``pylupdate5`` reads every Python and Qt Designer file that ships in the plugin (the ones
``git archive`` exports: tests, sandbox, bench, demo and scripts are left out by ``.gitattributes``) and
adds new strings to each ``.ts`` while keeping the translations already made; ``-noobsolete`` drops
strings the code no longer has. ``lrelease`` then compiles each ``.ts`` to the ``.qm`` the plugin loads
(``core/translation.py``). ``make package`` compiles the ``.qm`` files again into the ZIP, so they are
not tracked. Add a language by adding its code to ``LANGUAGES``.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
I18N = ROOT / "i18n"
LANGUAGES = ("de",)
NOT_SHIPPED = ("tests/", "sandbox/", "bench/", "demo/", "scripts/", "docs/", ".ci/")


def plugin_sources(root: Path = ROOT) -> list[str]:
    """The plugin's .py and .ui files, relative to the root (the paths the .ts records)."""
    out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py", "*.ui"],
                         cwd=root, check=True, capture_output=True, text=True).stdout
    return sorted(p for p in out.splitlines() if not p.startswith(NOT_SHIPPED) and (root / p).is_file())


def main() -> int:
    pylupdate, lrelease = shutil.which("pylupdate5"), shutil.which("lrelease")
    if not pylupdate or not lrelease:
        print("pylupdate5 and lrelease are needed: apt-get install pyqt5-dev-tools qttools5-dev-tools")
        return 2
    I18N.mkdir(exist_ok=True)
    sources = plugin_sources()
    for lang in LANGUAGES:
        ts = I18N / f"eo_orders_{lang}.ts"
        subprocess.run([pylupdate, "-noobsolete", *sources, "-ts", str(ts.relative_to(ROOT))], cwd=ROOT, check=True)
        subprocess.run([lrelease, str(ts), "-qm", str(ts.with_suffix(".qm"))], cwd=ROOT, check=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
