# SPDX-License-Identifier: GPL-2.0-or-later
"""``python -m sandbox --port 0``: serve every emulator on 127.0.0.1 and print the base URL."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading

from .app import SandboxServer
from .core import SandboxConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sandbox", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0, help="0 picks a free port")
    parser.add_argument("--token-lifetime", type=float, default=None,
                        help="seconds an access token lives (default: each provider's documented value)")
    parser.add_argument("--queued-seconds", type=float, default=2.0)
    parser.add_argument("--processing-seconds", type=float, default=4.0)
    parser.add_argument("--print-connections", action="store_true", help="print the connection URLs as JSON")
    args = parser.parse_args(argv)
    config = SandboxConfig(token_lifetime=args.token_lifetime, queued_seconds=args.queued_seconds,
                           processing_seconds=args.processing_seconds)
    server = SandboxServer(args.host, args.port, config).start()
    extra = ""
    if args.print_connections:
        extra = json.dumps({n: server.connection_urls(n) for n in server.app.extensions["emulators"]})
    return serve(server, extra)


def serve(server: SandboxServer, extra: str = "") -> int:
    """Print the base URL (the first line a parent process reads), then serve until SIGTERM or Ctrl-C."""
    print(server.base_url, flush=True)
    if extra:
        print(extra, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    try:
        stop.wait()
    except KeyboardInterrupt:
        pass
    server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
