# SPDX-License-Identifier: GPL-2.0-or-later
"""Run the sandbox as a separate process, as a real service would be: the plugin reaches it only over HTTP."""

from __future__ import annotations

import json
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


class SandboxProcess:
    """``python -m sandbox`` (or another command printing its base URL first) as a child process."""

    def __init__(self, *args: str, command: list[str] | None = None) -> None:
        self.command = command or [sys.executable, "-m", "sandbox", "--port", "0"]
        self.args = args
        self.proc: subprocess.Popen[str] | None = None
        self.base_url = ""

    def start(self) -> SandboxProcess:
        self.proc = subprocess.Popen([*self.command, *self.args], cwd=str(ROOT), stdout=subprocess.PIPE, text=True)
        assert self.proc.stdout is not None
        self.base_url = self.proc.stdout.readline().strip()
        if not self.base_url.startswith("http"):
            raise RuntimeError("the sandbox did not start")
        return self

    def call(self, method: str, path: str, body: Any = None, timeout: float = 30) -> Any:
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base_url + path, data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            return json.loads(resp.read() or b"null")

    def connections(self) -> dict[str, Any]:
        return self.call("GET", "/_sandbox/connections")

    def stop(self) -> None:
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
            self.proc = None
