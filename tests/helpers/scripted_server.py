# SPDX-License-Identifier: GPL-2.0-or-later
"""A tiny real HTTP server whose replies a test scripts one by one, for transport-level behaviour.

The provider emulators cover the contracts; this covers what no contract says: a reply that is
an HTML page, a connection closed before any reply, a Retry-After on a POST. Requests travel over
real sockets on 127.0.0.1, so ``requests`` is exercised for real. The socket side is the hostile
tests' ``HostileServer``; this adds the script: per path, a queue of replies, then ``default``.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any

from tests.hostile.servers import HostileServer, Request
from tests.hostile.servers import Reply as WireReply


@dataclass
class Reply:
    status: int = 200
    body: Any = None  # dict/list → JSON, str/bytes → as is, None → empty
    headers: dict[str, str] = field(default_factory=dict)
    #: "reset": close the socket without answering
    action: str = ""


@dataclass
class Seen:
    method: str
    #: as sent, with the query string
    path: str
    headers: dict[str, str]
    body: bytes


class ScriptedServer(HostileServer):
    def __init__(self) -> None:
        self.replies: dict[str, deque[Reply]] = {}
        self.default = Reply(404, {"detail": "Not Found"})
        self.seen: list[Seen] = []
        super().__init__(self._answer)

    def _answer(self, req: Request) -> WireReply:
        with self._lock:
            self.seen.append(Seen(req.method, req.target, req.headers, req.body))
            queue = self.replies.get(req.path)
            reply = queue.popleft() if queue else self.default
        if reply.action == "reset":
            return WireReply(action="close")
        return WireReply(reply.status, b"" if reply.body is None else reply.body, dict(reply.headers))

    def script(self, path: str, *replies: Reply) -> None:
        with self._lock:
            self.replies.setdefault(path, deque()).extend(replies)

    def count(self, path: str) -> int:
        return sum(1 for s in self.seen if s.path.split("?", 1)[0] == path)
