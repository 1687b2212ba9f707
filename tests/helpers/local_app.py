# SPDX-License-Identifier: GPL-2.0-or-later
"""Small Flask apps served for real on 127.0.0.1, for tests that need a web server of their own.

A presigned bucket URL honouring ``Range`` (streamed result rasters) and hostile quicklook hosts are
not part of any provider contract, so the sandbox does not emulate them; these tests serve them here,
over real sockets, through werkzeug's threaded server.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from flask import Flask, request, send_file
from werkzeug.serving import make_server


@contextmanager
def served(app: Flask) -> Iterator[str]:
    """Serve ``app`` on a free port of 127.0.0.1 for the block; yields its base URL (no trailing slash)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()


@contextmanager
def bucket_file(path: Path, mimetype: str = "image/tiff") -> Iterator[tuple[str, list[str]]]:
    """``path`` behind ``/bucket/<name>`` honouring Range, like a bucket behind a presigned URL.

    Yields the file's URL and the list of ``Range`` headers received (``""`` for a whole-file GET), so
    a test can tell a streamed read from a download.
    """
    app = Flask("bucket")
    seen: list[str] = []

    @app.get(f"/bucket/{path.name}")
    def serve():
        seen.append(request.headers.get("Range", ""))
        return send_file(path, mimetype=mimetype, conditional=True)

    with served(app) as base:
        yield f"{base}/bucket/{path.name}", seen
