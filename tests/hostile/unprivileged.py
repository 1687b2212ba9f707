# SPDX-License-Identifier: GPL-2.0-or-later
"""Run a snippet of Python in a child process as an unprivileged user and/or with a file-size limit.

Why: "read-only profile" and "disk full" must be real. The tests run as root in CI containers, where file
modes do not stop writes, so the child drops to ``nobody``; a full disk is made with ``RLIMIT_FSIZE`` (the
kernel refuses to grow a file past the limit: ``OSError(EFBIG)``, the same path as ``ENOSPC`` in our code)
because a tiny tmpfs needs a mount, which a test cannot make.
"""

from __future__ import annotations

import os
import pwd
import resource
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run_python(code: str, *, as_nobody: bool = False, max_file_bytes: int | None = None,
               timeout: float = 60) -> subprocess.CompletedProcess[str]:
    uid = gid = None
    if as_nobody and os.geteuid() == 0:
        entry = pwd.getpwnam("nobody")
        uid, gid = entry.pw_uid, entry.pw_gid

    def prepare() -> None:
        if max_file_bytes is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (max_file_bytes, max_file_bytes))
        if gid is not None:
            os.setgid(gid)
        if uid is not None:
            os.setuid(uid)

    prelude = (f"import sys, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
               f"sys.path[:0] = [{str(ROOT / '.pytest_pkg')!r}, {str(ROOT)!r}]\n")
    env = {k: v for k, v in os.environ.items() if k not in ("HOME",)}
    env["HOME"] = "/tmp"
    return subprocess.run([sys.executable, "-c", prelude + code], capture_output=True, text=True, timeout=timeout,
                          preexec_fn=prepare, env=env, cwd="/tmp")
