# SPDX-License-Identifier: GPL-2.0-or-later
"""The order journal: a real SQLite file, written from several threads, reopened like a new session."""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from eo_orders.core.store import SUBMITTING, Journal, default_journal_path
from eo_orders.providers.base import Notification, Order, OrderRequest, OrderStatus, Workflow

WF = Workflow(id="7", name="card_bs", title="CARD-BS", raw={"huge": "x" * 1000})


def request(name: str = "rome-1") -> OrderRequest:
    return OrderRequest(workflow=WF, name=name, inputs=["S1A_IW_GRDH_X.SAFE"],
                        start=datetime(2024, 5, 1, tzinfo=timezone.utc),
                        options={"DEM": "getasse30v2", "api_key": "k3y-should-vanish"},
                        notification=Notification("https://hook.example/x", "bob", "hunter2-secret"))


def order(oid: str, status: OrderStatus = OrderStatus.QUEUED, name: str = "rome-1", **kw) -> Order:
    return Order(id=oid, name=name, status=status, raw_status=status.value, workflow_name="card_bs", **kw)


@pytest.fixture()
def journal(tmp_path):
    j = Journal(tmp_path / "j" / "journal.sqlite")
    yield j
    j.close()


def test_submit_lifecycle(journal):
    row = journal.record_submit("cdse_odp", "c1", request())
    [pending] = journal.pending_submits()
    assert pending.row_id == row and pending.state == SUBMITTING and pending.status is None
    assert pending.name == "rome-1" and pending.workflow_name == "card_bs" and pending.order_id is None
    assert pending.request["inputs"] == ["S1A_IW_GRDH_X.SAFE"]
    assert pending.request["options"] == {"DEM": "getasse30v2"}
    assert pending.request["start"] == "2024-05-01T00:00:00+00:00"
    assert pending.request["notification"] == {"endpoint": "https://hook.example/x", "username": "bob"}
    assert journal.orders("c1") == [] and journal.active_orders() == []

    journal.record_submitted(row, order("42"))
    assert journal.pending_submits() == []
    [entry] = journal.orders("c1")
    assert entry.order_id == "42" and entry.status == OrderStatus.QUEUED and entry.submitted_at is not None
    assert [e.order_id for e in journal.active_orders("c1")] == ["42"]

    done_at = datetime(2024, 5, 2, 12, 0, tzinfo=timezone.utc)
    journal.record_status("c1", order("42", OrderStatus.COMPLETED, completed_at=done_at, progress=1.0, size=123))
    [entry] = journal.orders("c1")
    assert entry.row_id == row and entry.status == OrderStatus.COMPLETED
    assert entry.completed_at == done_at and entry.progress == 1.0 and entry.size == 123
    assert journal.active_orders() == []
    as_order = entry.to_order()
    assert as_order.id == "42" and as_order.status == OrderStatus.COMPLETED and as_order.name == "rome-1"

    journal.record_download("c1", "42", ["/d/a.zip", Path("/d/a/x.tif")])
    journal.record_download("c1", "42", ["/d/a.zip"])  # again: no duplicate
    assert journal.orders("c1")[0].files == ["/d/a.zip", "/d/a/x.tif"]
    with pytest.raises(KeyError):
        journal.record_download("c1", "nope", ["/x"])


def test_no_secret_reaches_the_file(journal):
    journal.record_submit("cdse_odp", "c1", request())
    journal.close()
    raw = Path(journal.path).read_bytes() + b"".join(
        p.read_bytes() for p in Path(journal.path).parent.glob("journal.sqlite-*"))
    assert b"hunter2-secret" not in raw and b"k3y-should-vanish" not in raw
    assert b"xxxxxxxxxx" not in raw  # the workflow's raw reply is not copied either


def test_rejected_and_ambiguous_submits(journal):
    rejected = journal.record_submit("cdse_odp", "c1", request("bad"))
    journal.record_submit_failed(rejected, "Unknown workflow")
    ambiguous = journal.record_submit("cdse_odp", "c1", request("maybe"))
    journal.record_submit("up42", "c2", request("other"))
    assert [e.row_id for e in journal.pending_submits("c1")] == [ambiguous]
    assert len(journal.pending_submits()) == 2
    assert journal.entry(rejected).state == "rejected" and journal.entry(rejected).message == "Unknown workflow"


def test_poller_row_is_folded_into_the_submit_row(journal):
    row = journal.record_submit("cdse_odp", "c1", request())
    journal.record_status("c1", order("42", OrderStatus.IN_PROGRESS))  # poller saw it first
    journal.record_submitted(row, order("42", OrderStatus.IN_PROGRESS))
    [entry] = journal.orders("c1")
    assert entry.row_id == row and entry.request["inputs"] and entry.status == OrderStatus.IN_PROGRESS


def test_orders_placed_elsewhere_are_recorded(journal):
    rid = journal.record_status("c1", order("web-1", name="from the portal"), provider_kind="cdse_odp")
    assert journal.record_status("c1", order("web-1", OrderStatus.FAILED, name="from the portal")) == rid
    [entry] = journal.orders("c1")
    assert entry.name == "from the portal" and entry.status == OrderStatus.FAILED
    assert journal.orders("other") == []


def test_reopen_keeps_everything_and_uses_wal(tmp_path):
    path = tmp_path / "journal.sqlite"
    with Journal(path) as j:
        row = j.record_submit("cdse_odp", "c1", request())
        j.record_submitted(row, order("42"))
    with Journal(path) as j:
        assert [e.order_id for e in j.active_orders()] == ["42"]
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_concurrent_writers(journal):
    errors: list[BaseException] = []

    def worker(n: int) -> None:
        try:
            for i in range(40):
                row = journal.record_submit("cdse_odp", f"c{n}", request(f"o-{n}-{i}"))
                journal.record_submitted(row, order(f"{n}-{i}", name=f"o-{n}-{i}"))
                journal.record_status(f"c{n}", order(f"{n}-{i}", OrderStatus.COMPLETED, name=f"o-{n}-{i}"))
                journal.active_orders()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    for n in range(6):
        entries = journal.orders(f"c{n}")
        assert len(entries) == 40 and all(e.status == OrderStatus.COMPLETED for e in entries)


def test_a_corrupt_file_is_kept_aside(tmp_path):
    path = tmp_path / "journal.sqlite"
    path.write_bytes(b"this is not a database" * 100)
    with Journal(path) as j:
        assert j.pending_submits() == []
        j.record_submit("cdse_odp", "c1", request())
    assert list(tmp_path.glob("journal.sqlite.corrupt-*"))


def test_default_path_is_in_the_qgis_profile(qgis_app):
    from qgis.core import QgsApplication

    path = default_journal_path()
    assert path.name == "journal.sqlite" and path.parent.name == "eo_orders"
    assert str(path).startswith(str(Path(QgsApplication.qgisSettingsDirPath())))


def test_unfinished_download_survives_a_restart(tmp_path):
    path = tmp_path / "journal.sqlite"
    with Journal(path) as j:
        j.record_status("c1", order("o-1", OrderStatus.COMPLETED))
        j.record_status("c1", order("o-2", OrderStatus.COMPLETED))
        j.record_download_started("c1", "o-1", tmp_path / "o-1")
        j.record_download_started("c1", "o-2", tmp_path / "o-2")
        j.record_download("c1", "o-2", [tmp_path / "o-2" / "a.tif"])
    with Journal(path) as j:
        (entry,) = j.unfinished_downloads("c1")
        assert entry.order_id == "o-1" and entry.download_folder == str(tmp_path / "o-1")
        done = next(e for e in j.orders("c1") if e.order_id == "o-2")
        assert done.download_state == "downloaded" and done.files == [str(tmp_path / "o-2" / "a.tif")]


def test_a_version_1_journal_is_migrated(tmp_path):
    path = tmp_path / "old.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE orders (row_id INTEGER PRIMARY KEY AUTOINCREMENT, provider_kind TEXT NOT NULL,
            connection_id TEXT NOT NULL, name TEXT NOT NULL DEFAULT '', request_json TEXT NOT NULL DEFAULT '{}',
            order_id TEXT, state TEXT NOT NULL, raw_status TEXT NOT NULL DEFAULT '', message TEXT NOT NULL DEFAULT '',
            workflow_name TEXT NOT NULL DEFAULT '', kind TEXT NOT NULL DEFAULT '', progress REAL, size INTEGER,
            created_at TEXT NOT NULL, submitted_at TEXT, updated_at TEXT NOT NULL, completed_at TEXT,
            UNIQUE (connection_id, order_id));
        INSERT INTO orders (provider_kind, connection_id, order_id, state, created_at, updated_at)
            VALUES ('cdse_odp', 'c1', 'old-1', 'completed', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
        PRAGMA user_version=1;
    """)
    conn.close()
    with Journal(path) as j:
        (entry,) = j.orders("c1")
        assert entry.order_id == "old-1" and entry.download_state == ""
        j.record_download_started("c1", "old-1", tmp_path)
        assert [e.order_id for e in j.unfinished_downloads("c1")] == ["old-1"]
