# SPDX-License-Identifier: GPL-2.0-or-later
"""The journal never discards a readable database, and never stores a secret.

Safe outcome in each test: the journal file and its rows — a "submitting" row above all, since it is
what reconciles a cut-off paid submit — are still there afterwards; the plugin keeps working (in memory
when the file cannot be written) and says so in one sentence; only a file SQLite cannot read is moved
aside, and the sentence names where.
"""

from __future__ import annotations

import json
import sqlite3
import tempfile
from datetime import datetime, timezone
from pathlib import Path

from eo_orders.core.store import SCHEMA_VERSION, SUBMITTING, Journal
from eo_orders.providers.base import Notification, OrderRequest, Workflow
from tests.hostile.unprivileged import run_python


def _request(name="order-1", **kw) -> OrderRequest:
    return OrderRequest(workflow=Workflow(id="wf", name="wf"), name=name, inputs=["a"],
                        start=datetime(2024, 1, 1, tzinfo=timezone.utc), **kw)


def _journal_with_pending(path: Path) -> None:
    j = Journal(path)
    j.record_submit("cdse_odp", "c1", _request())
    j.close()


def test_locked_journal_is_waited_for_then_read_not_discarded(tmp_path):
    path = tmp_path / "journal.sqlite"
    _journal_with_pending(path)
    holder = sqlite3.connect(str(path), isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")  # a second QGIS in the middle of a long write
    try:
        j = Journal(path, busy_timeout=0.2)
        assert j.mode == "memory" and "locked" in j.warnings[0]
        j.record_submit("cdse_odp", "c1", _request("order-2"))  # the session keeps working
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))
    again = Journal(path)
    assert again.mode == "file" and [e.name for e in again.pending_submits()] == ["order-1"]


def test_briefly_locked_journal_is_simply_waited_for(tmp_path):
    path = tmp_path / "journal.sqlite"
    _journal_with_pending(path)
    holder = sqlite3.connect(str(path), isolation_level=None, check_same_thread=False)
    holder.execute("BEGIN IMMEDIATE")
    import threading

    threading.Timer(0.3, lambda: (holder.execute("COMMIT"))).start()
    j = Journal(path, busy_timeout=5)
    assert j.mode == "file" and not j.warnings
    assert [e.state for e in j.pending_submits()] == [SUBMITTING]


def test_newer_schema_is_refused_and_kept(tmp_path):
    path = tmp_path / "journal.sqlite"
    _journal_with_pending(path)
    with sqlite3.connect(str(path)) as conn:
        conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 7}")
    before = path.read_bytes()
    j = Journal(path)
    assert j.mode == "memory" and "newer version" in j.warnings[0]
    assert path.read_bytes() == before and not list(tmp_path.glob("*.corrupt-*"))


def test_unreadable_file_is_set_aside_with_a_message_saying_where(tmp_path):
    path = tmp_path / "journal.sqlite"
    path.write_bytes(b"this is not a database at all " * 100)
    j = Journal(path)
    assert j.set_aside is not None and j.set_aside.exists()
    assert str(j.set_aside) in j.warnings[0]
    assert j.mode == "file" and j.record_submit("k", "c", _request()) > 0


def test_read_only_profile_keeps_working_in_memory():
    """Real permissions: the child runs as ``nobody`` against a journal and folder it cannot write."""
    folder = Path(tempfile.mkdtemp(prefix="eo-ro-"))
    folder.chmod(0o755)
    path = folder / "journal.sqlite"
    _journal_with_pending(path)
    for extra in folder.iterdir():
        extra.chmod(0o644)
    code = f"""
from pathlib import Path
from eo_orders.core.store import Journal
j = Journal(Path({str(path)!r}))
assert j.mode == "memory", j.mode
assert [e.name for e in j.pending_submits()] == ["order-1"], j.pending_submits()
from eo_orders.providers.base import OrderRequest, Workflow
j.record_submit("k", "c", OrderRequest(workflow=Workflow(id="w", name="w"), name="n2"))
print("WARN:", j.warnings[0])
j2 = Journal(Path({str(folder / "sub" / "journal.sqlite")!r}))
assert j2.mode == "memory" and j2.warnings
"""
    out = run_python(code, as_nobody=True)
    assert out.returncode == 0, out.stderr
    assert "read into memory" in out.stdout or "cannot be written" in out.stdout
    assert [e.name for e in Journal(path).pending_submits()] == ["order-1"]


def test_no_secret_reaches_the_journal_file(tmp_path):
    path = tmp_path / "journal.sqlite"
    j = Journal(path)
    req = _request(options={"apiKey": "ak-SECRET-123456", "notificationPassword": "np-SECRET-123456",
                            "resolution": 10, "comment": "token=tk-SECRET-123456"},
                   notification=Notification(endpoint="https://bob:pw-SECRET-123456@hooks.example/x?token=q-SECRET-1",
                                             username="bob", password="pass-SECRET-123456"))
    row = j.record_submit("up42", "c1", req)
    j.record_submit_failed(row, "refused: password=pf-SECRET-123456")
    j.close()
    raw = b"".join(p.read_bytes() for p in tmp_path.iterdir())
    assert b"SECRET" not in raw, raw[raw.find(b"SECRET") - 40: raw.find(b"SECRET") + 20]
    entry = Journal(path).entry(row)
    assert entry is not None and entry.request["options"]["resolution"] == 10
    assert "hooks.example/x" in json.dumps(entry.request)
