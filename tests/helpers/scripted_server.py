"""A tiny real HTTP server whose replies a test scripts one by one, for transport-level behaviour.

The provider emulators cover the contracts; this covers what no contract says: a reply that is
an HTML page, a connection closed before any reply, a Retry-After on a POST. Requests travel over
real sockets on 127.0.0.1, so ``requests`` is exercised for real.
"""

from __future__ import annotations

import json
import threading
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list → JSON, str/bytes → as is
    headers: dict[str, str] = field(default_factory=dict)
    #: "reset": close the socket without answering
    action: str = ""


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer:
    def __init__(self) -> None:
        self.replies: dict[str, deque[Reply]] = {}
        self.default = Reply(404, {"detail": "Not Found"})
        self.seen: list[Seen] = []
        self._lock = threading.Lock()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                path = self.path.split("?", 1)[0]
                with owner._lock:
                    owner.seen.append(Seen(self.command, self.path, dict(self.headers), body))
                    queue = owner.replies.get(path)
                    reply = queue.popleft() if queue else owner.default
                if reply.action == "reset":
                    self.close_connection = True
                    self.connection.close()
                    return
                data = reply.body
                ctype = reply.headers.get("Content-Type")
                if isinstance(data, (dict, list)):
                    data, ctype = json.dumps(data).encode(), ctype or "application/json"
                elif isinstance(data, str):
                    data = data.encode()
                data = data or b""
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if ctype and "Content-Type" not in reply.headers:
                    self.send_header("Content-Type", ctype)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def script(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self.replies.setdefault(path, deque()).extend(replies)

    def count(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path.split("?", 1)[0] == path)

    def __enter__(self) -> ScriptedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self._server.shutdown()
        self._server.server_close()
