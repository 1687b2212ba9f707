# SPDX-License-Identifier: GPL-2.0-or-later
"""SPDX licence headers on the project's source files: ``--check`` lists files without one, ``--fix`` adds it.

Every tracked ``.py`` and ``.sh`` file gets ``# SPDX-License-Identifier: GPL-2.0-or-later`` as its first line,
after a shebang and a PEP 263 encoding line when the file has them (those must stay first to work).
Re-running ``--fix`` changes nothing (idempotent), so the lead can run it after every merge.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEADER = "# SPDX-License-Identifier: GPL-2.0-or-later"
SUFFIXES = (".py", ".sh")
#: folders .gitignore keeps out of git that a copy without git data may still hold
GENERATED = {"build", "demo-output", "test-artifacts", "__pycache__", "bench/out"}
ENCODING_LINE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*[-\w.]+")


def source_files(root: Path = ROOT) -> list[Path]:
    """Tracked (and new, not ignored) source files, so build output and venvs never count.

    A copy of the tree without git data (the QGIS lanes' chroots) is walked instead, leaving out hidden
    folders (.venv, .git, caches) and generated ones, which is what .gitignore leaves out there.
    """
    try:
        out = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard"], cwd=root,
                             check=True, capture_output=True, text=True).stdout
        names = out.splitlines()
    except (OSError, subprocess.CalledProcessError):
        names = [str(p.relative_to(root)) for p in root.rglob("*")
                 if not any(part.startswith(".") or part in GENERATED
                            for part in p.relative_to(root).parts[:-1])]
    return sorted(root / line for line in names if line.endswith(SUFFIXES) and (root / line).is_file())


def _preamble_length(lines: list[str]) -> int:
    """How many leading lines must stay first: a shebang, then an encoding declaration (line 1 or 2 only)."""
    n = 0
    if lines and lines[0].startswith("#!"):
        n = 1
    if len(lines) > n and n < 2 and ENCODING_LINE.match(lines[n]):
        n += 1
    return n


def has_header(text: str) -> bool:
    lines = text.splitlines()
    n = _preamble_length(lines)
    return any(line.strip() == HEADER for line in lines[: n + 1])


def with_header(text: str) -> str:
    """``text`` with the SPDX line right after its shebang/encoding lines; unchanged when already there."""
    if has_header(text):
        return text
    lines = text.splitlines(keepends=True)
    n = _preamble_length([line.rstrip("\r\n") for line in lines])
    newline = "\r\n" if lines and lines[0].endswith("\r\n") else "\n"
    if n and not lines[n - 1].endswith(("\n", "\r")):
        lines[n - 1] += newline
    return "".join([*lines[:n], HEADER + newline, *lines[n:]])


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as fh:  # keep CRLF files as they are
        return fh.read()


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    mode = ap.add_mutually_exclusive_group(required=True)
    mode.add_argument("--check", action="store_true", help="exit 1 and list the files without the header")
    mode.add_argument("--fix", action="store_true", help="add the header where it is missing")
    ap.add_argument("paths", nargs="*", type=Path, help="files to handle (default: every tracked .py/.sh file)")
    args = ap.parse_args(argv)
    files = [p.resolve() for p in args.paths] or source_files()
    missing = [p for p in files if not has_header(_read(p))]
    if args.fix:
        for path in missing:
            text = with_header(_read(path))  # read before "w" truncates the file
            with open(path, "w", encoding="utf-8", newline="") as fh:
                fh.write(text)
        print(f"SPDX header added to {len(missing)} of {len(files)} files")
        return 0
    for path in missing:
        print(f"missing SPDX header: {path.relative_to(ROOT) if path.is_relative_to(ROOT) else path}")
    if missing:
        print(f"{len(missing)} of {len(files)} files lack '{HEADER}': run `python scripts/spdx.py --fix`")
        return 1
    print(f"SPDX header present in all {len(files)} source files")
    return 0


if __name__ == "__main__":
    sys.exit(main())
