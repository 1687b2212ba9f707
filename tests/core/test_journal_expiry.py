# SPDX-License-Identifier: GPL-2.0-or-later
"""The journal keeps what the orders view shows across a restart: the output's expiry (CDSE keeps production
outputs 14 days) and the provider's sub-status (a quotation waiting for the user's decision).

Real SQLite files (a version-2 journal built with the version-2 schema, as that plugin wrote it), real
QGIS, the sandbox over HTTP; requests are counted in the sandbox's own log.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtTest import QAbstractItemModelTester

from tests.helpers.service import call

#: the journal schema of version 2 (core/store.py at 41bc334), as files written by that version hold it
V2_SCHEMA = """
CREATE TABLE IF NOT EXISTS orders (
    row_id        INTEGER PRIMARY KEY AUTOINCREMENT,
    provider_kind TEXT NOT NULL,
    connection_id TEXT NOT NULL,
    name          TEXT NOT NULL DEFAULT '',
    request_json  TEXT NOT NULL DEFAULT '{}',
    order_id      TEXT,
    state         TEXT NOT NULL,
    raw_status    TEXT NOT NULL DEFAULT '',
    message       TEXT NOT NULL DEFAULT '',
    workflow_name TEXT NOT NULL DEFAULT '',
    kind          TEXT NOT NULL DEFAULT '',
    progress      REAL,
    size          INTEGER,
    created_at    TEXT NOT NULL,
    submitted_at  TEXT,
    updated_at    TEXT NOT NULL,
    completed_at  TEXT,
    download_state TEXT NOT NULL DEFAULT '',
    download_folder TEXT,
    UNIQUE (connection_id, order_id)
);
CREATE INDEX IF NOT EXISTS orders_by_state ON orders (state);
CREATE TABLE IF NOT EXISTS downloads (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    row_id        INTEGER NOT NULL REFERENCES orders (row_id) ON DELETE CASCADE,
    path          TEXT NOT NULL,
    downloaded_at TEXT NOT NULL,
    UNIQUE (row_id, path)
);
"""
T0 = "2026-11-20T10:00:00+00:00"
ROME = {"type": "Polygon", "coordinates": [[[12.35, 41.80], [12.65, 41.80], [12.65, 42.00], [12.35, 42.00],
                                            [12.35, 41.80]]]}


def _version_2_file(path: Path, user_version: int = 2) -> None:
    """A journal as version 2 wrote it (WAL, like the plugin), with a pending submit, a completed order
    with a downloaded file and an order still running."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.executescript(V2_SCHEMA)
    rows = [
        ("cdse_odp", "c1", "pending", '{"name": "pending"}', None, "submitting", "", "", None, None),
        ("cdse_odp", "c1", "done", '{"accepted_cost": "0 EUR"}', "41", "completed", "completed", "downloaded",
         T0, "/tmp/done"),
        ("proseo_odip", "c2", "running", "{}", "7", "in_progress", "RUNNING", "", None, None),
    ]
    for kind, conn_id, name, body, oid, state, raw, dl_state, completed, folder in rows:
        conn.execute("INSERT INTO orders (provider_kind, connection_id, name, request_json, order_id, state, "
                     "raw_status, workflow_name, created_at, updated_at, completed_at, download_state, "
                     "download_folder) VALUES (?, ?, ?, ?, ?, ?, ?, 'Sentinel-1-L0-IW_GRDH_1S', ?, ?, ?, ?, ?)",
                     (kind, conn_id, name, body, oid, state, raw, T0, T0, completed, dl_state, folder))
    conn.execute("INSERT INTO downloads (row_id, path, downloaded_at) VALUES (2, '/tmp/done/a.tif', ?)", (T0,))
    conn.execute(f"PRAGMA user_version={user_version}")
    conn.close()


def _columns(path: Path) -> set[str]:
    conn = sqlite3.connect(path)
    try:
        return {r[1] for r in conn.execute("PRAGMA table_info(orders)")}
    finally:
        conn.close()


def _user_version(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_a_version_2_journal_is_migrated_in_place_and_keeps_every_row(tmp_path):
    from eo_orders.core.store import SCHEMA_VERSION, Journal
    from eo_orders.providers.base import Order, OrderStatus

    path = tmp_path / "journal.sqlite"
    _version_2_file(path)
    assert "expires_at" not in _columns(path) and _user_version(path) == 2

    with Journal(path) as j:
        assert j.mode == "file" and not j.warnings and j.set_aside is None
        assert [e.name for e in j.pending_submits()] == ["pending"]
        [done] = j.orders("c1")
        assert (done.order_id, done.state, done.download_state, done.files) == ("41", "completed", "downloaded",
                                                                              ["/tmp/done/a.tif"])
        assert done.request == {"accepted_cost": "0 EUR"} and done.completed_at == datetime.fromisoformat(T0)
        assert done.expires_at is None and done.sub_status == "" and done.to_order().expires_at is None
        [running] = j.active_orders("c2")
        assert running.order_id == "7" and running.raw_status == "RUNNING"
        # the next status update writes the expiry (and the sub-status) into the migrated row
        expires = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
        j.record_status("c1", Order(id="41", name="done", status=OrderStatus.COMPLETED, raw_status="completed",
                                    expires_at=expires, sub_status="ARCHIVED"), "cdse_odp")
    assert SCHEMA_VERSION == 3 and _user_version(path) == 3
    assert {"expires_at", "sub_status", "download_state", "download_folder"} <= _columns(path)
    assert not list(tmp_path.glob("*.corrupt-*"))

    with Journal(path) as again:  # the migrated file opens as it is, nothing migrated twice
        assert again.mode == "file" and not again.warnings
        [done] = again.orders("c1")
        assert done.expires_at == datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc) and done.sub_status == "ARCHIVED"
        order = done.to_order()
        assert (order.expires_at, order.sub_status) == (done.expires_at, "ARCHIVED")
        assert done.files == ["/tmp/done/a.tif"] and [e.name for e in again.pending_submits()] == ["pending"]
        assert [e.order_id for e in again.active_orders()] == ["7"]


def test_a_later_update_without_an_expiry_keeps_the_known_one(tmp_path):
    """A listing that cannot tell the expiry (a reply without WorkflowName) must not erase the one known."""
    from eo_orders.core.store import Journal
    from eo_orders.providers.base import Order, OrderStatus

    expires = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    with Journal(tmp_path / "j.sqlite") as j:
        j.record_status("c1", Order(id="1", name="a", status=OrderStatus.COMPLETED, expires_at=expires))
        j.record_status("c1", Order(id="1", name="a", status=OrderStatus.COMPLETED))
        assert j.orders("c1")[0].expires_at == expires
        # while a sub-status is a state: a decision taken clears it
        j.record_status("c1", Order(id="2", name="b", status=OrderStatus.QUEUED,
                                    sub_status="QUOTATION_WAITING_RESPONSE"))
        j.record_status("c1", Order(id="2", name="b", status=OrderStatus.IN_PROGRESS))
        assert j.orders("c1")[1].sub_status == ""


def test_two_journals_opening_one_version_2_file_at_once_both_work(tmp_path):
    """Two QGIS starting together on an old journal: the migration runs once, neither falls back to memory."""
    import threading

    from eo_orders.core.store import Journal

    path = tmp_path / "journal.sqlite"
    _version_2_file(path)
    opened: list = []
    barrier = threading.Barrier(2)

    def open_one() -> None:
        barrier.wait()
        opened.append(Journal(path))

    threads = [threading.Thread(target=open_one) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    try:
        assert [j.mode for j in opened] == ["file", "file"] and not any(j.warnings for j in opened)
        assert all(len(j.orders("c1")) == 1 for j in opened)
    finally:
        for j in opened:
            j.close()
    assert _user_version(path) == 3


def test_a_newer_journal_is_still_only_read_into_memory(tmp_path):
    """A file of a newer plugin (here one that lacks this version's new columns) is left byte for byte as it
    is; its rows are read and the session records states in memory, expiry included."""
    from eo_orders.core.store import SCHEMA_VERSION, Journal
    from eo_orders.providers.base import Order, OrderStatus

    path = tmp_path / "journal.sqlite"
    _version_2_file(path, user_version=SCHEMA_VERSION + 1)
    for extra in ("-wal", "-shm"):
        assert not path.with_name(path.name + extra).exists()
    before = path.read_bytes()
    with Journal(path) as j:
        assert j.mode == "memory" and "newer version" in j.warnings[0]
        assert [e.name for e in j.pending_submits()] == ["pending"] and j.orders("c1")[0].files
        expires = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
        j.record_status("c1", Order(id="41", name="done", status=OrderStatus.COMPLETED, expires_at=expires))
        assert j.orders("c1")[0].expires_at == expires
    assert path.read_bytes() == before and _user_version(path) == SCHEMA_VERSION + 1
    assert "expires_at" not in _columns(path)


# ------------------------------------------------------------------------------------------ with the sandbox
def _production_order(env, conn_id: str, name: str):
    """A CDSE On-Demand Production order (output kept 14 days) placed through the service."""
    from eo_orders.providers.base import InputQuery, OrderRequest

    wf = next(w for w in call(env.service.list_workflows, conn_id) if w.name == "Sentinel-1-L0-IW_GRDH_1S")
    page = call(env.service.search_inputs, conn_id,
                InputQuery(aoi=ROME, start=datetime(2015, 1, 1, tzinfo=timezone.utc),
                           end=datetime(2030, 1, 1, tzinfo=timezone.utc), product_type=wf.input_product_types[0],
                           limit=5))
    request = OrderRequest(workflow=wf, name=name, inputs=[page.items[0].name],
                           options={"Dem": "getasse30v1", "output_storage": "TEMPORARY"})
    tracked, adopted = call(env.service.submit, conn_id, request)
    assert not adopted and tracked.expires_at is None  # not known before completion
    return tracked


def _complete(env, conn_id: str, order_id: str):
    env.sandbox.state.clock.advance(3600)
    call(env.service.refresh, conn_id)
    done = env.service.tracked(conn_id, order_id)
    assert done.status.value == "completed" and done.expires_at is not None
    return done


def _restart(env):
    """QGIS closes and starts again: the service and the journal closed, a new journal on the same file
    and a new service over it, filled from the journal as the plugin does at start."""
    from eo_orders.core.store import Journal

    env.service.close()
    env.journal.close()
    env.journal = Journal(env.tmp_path / "journal.sqlite")
    env.service = env.new_service()
    return env.service.load_journal()


def _status_cell(model, key: str, role=Qt.ItemDataRole.DisplayRole):
    from eo_orders.ui.models import OrdersModel

    return model.index(model.row_of(key), OrdersModel.STATUS_COLUMN).data(role)


def test_the_expiry_is_shown_after_a_restart_before_any_network_call(env, sandbox):
    from eo_orders.ui.models import OrdersModel
    from eo_orders.ui.panels.orders_panel import order_details

    conn_id = env.save("cdse")
    placed = _production_order(env, conn_id, "exp-restart")
    done = _complete(env, conn_id, placed.id)
    assert done.expires_at == done.order.estimated_at + timedelta(days=14)  # the documented retention
    kept = f"Output kept until {done.expires_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"

    requests_before = len(sandbox.state.requests)
    restored = _restart(env)
    model = OrdersModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items(env.service.orders())
    assert [t.key for t in restored] == [done.key]
    assert kept in _status_cell(model, done.key, Qt.ItemDataRole.ToolTipRole)
    assert _status_cell(model, done.key) == "Completed"
    assert kept in order_details(model.get(done.key))
    assert model.get(done.key).expires_at == done.expires_at.replace(microsecond=0)  # kept to the second
    assert len(sandbox.state.requests) == requests_before  # all of it from the journal, no HTTP request
    del tester


def test_an_expired_output_says_so_and_download_explains_instead_of_failing(env, sandbox):
    """An order completed more than 14 days ago (the sandbox clock set back 20 days before the submit):
    "Output expired on … UTC" in the view and the details, and Download answers with that, not with a
    provider error, asking the provider nothing; a download left to resume is dropped, not retried."""
    from eo_orders.demo.flow import wait_for
    from eo_orders.providers.base import ErrorLevel, ProviderError
    from eo_orders.ui.models import OrdersModel
    from eo_orders.ui.panels.orders_panel import order_details

    conn_id = env.save("cdse")
    sandbox.state.clock.advance(-20 * 86400)
    placed = _production_order(env, conn_id, "exp-old")
    done = _complete(env, conn_id, placed.id)
    assert done.output_expired and done.expires_at < datetime.now(timezone.utc) - timedelta(days=5)
    expired = f"Output expired on {done.expires_at.astimezone(timezone.utc):%Y-%m-%d %H:%M} UTC"

    model = OrdersModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items(env.service.orders())
    assert _status_cell(model, done.key) == "Output expired"
    assert expired in _status_cell(model, done.key, Qt.ItemDataRole.ToolTipRole)
    assert expired in order_details(done) and "kept until" not in order_details(done)

    def product_requests() -> int:
        return sum(1 for _m, p in sandbox.state.requests if "/Product" in p)

    # the orders panel: Download & load cannot be pressed, and its tooltip says why
    from eo_orders.ui.panels.orders_panel import OrdersPanel

    panel = OrdersPanel(env.service)
    panel.select_order(done.id, conn_id)
    assert panel.selected_order().key == done.key
    assert not panel.downloadButton.isEnabled()
    assert "expired on" in panel.downloadButton.toolTip() and "Place the order again" in panel.downloadButton.toolTip()
    panel.cleanup()
    panel.deleteLater()

    before = product_requests()
    with pytest.raises(ProviderError) as info:
        call(env.service.download, conn_id, done.id)
    text = str(info.value)
    assert "exp-old" in text and "expired on" in text and "Place the order again" in text
    assert info.value.level == ErrorLevel.WARNING and product_requests() == before
    assert not env.journal.unfinished_downloads(conn_id)

    # a download of it that an earlier session left unfinished: after a restart it is said once, then dropped
    env.journal.record_download_started(conn_id, done.id, env.tmp_path / "downloads" / "exp-old")
    _restart(env)
    model.set_items(env.service.orders())
    assert _status_cell(model, done.key) == "Output expired"  # from the journal, before any request
    errors: list = []
    env.service.error.connect(errors.append)
    assert env.service.resume_downloads(conn_id) == 1
    wait_for(lambda: bool(errors) and not env.service.runner.active, 30, "the refused resume")
    assert "expired on" in str(errors[0]) and product_requests() == before
    assert not env.journal.unfinished_downloads(conn_id)  # the next start does not try again
    del tester


def test_a_decision_waiting_order_still_needs_it_after_a_restart(env, sandbox):
    """A UP42 tasking order whose quotation waits for the user: "Needs your decision" (its sub-status)
    comes back from the journal, so the view and its filter say so before the first poll."""
    from eo_orders.core.order_service import DECISION_LABEL
    from eo_orders.demo.flow import flow_specs
    from eo_orders.providers.base import OrderRequest
    from eo_orders.ui.models import OrdersFilterProxy, OrdersModel
    from eo_orders.ui.options_form import OptionsForm

    conn_id = env.save("up42")
    tasking = next(w for w in call(env.service.list_workflows, conn_id) if w.kind == "tasking")
    form = OptionsForm(tasking.options_schema)
    request = OrderRequest(workflow=tasking, name="exp-decision", aoi=ROME,
                           options={**form.values(), **flow_specs()["up42"].options})
    tracked, _ = call(env.service.submit, conn_id, request, "43,276.00 credits")
    for _ in range(6):  # the sandbox's tasking moves on with its clock until the quotation waits
        if env.service.tracked(conn_id, tracked.id).needs_decision:
            break
        sandbox.state.clock.advance(3600)
        call(env.service.refresh, conn_id)
    waiting = env.service.tracked(conn_id, tracked.id)
    assert waiting.needs_decision and waiting.sub_status

    requests_before = len(sandbox.state.requests)
    _restart(env)
    restored = env.service.tracked(conn_id, tracked.id)
    assert restored.needs_decision and restored.sub_status == waiting.sub_status
    assert restored.state_label == DECISION_LABEL and restored.cost == "43,276.00 credits"
    model = OrdersModel()
    tester = QAbstractItemModelTester(model, QAbstractItemModelTester.FailureReportingMode.Fatal)
    model.set_items(env.service.orders())
    proxy = OrdersFilterProxy()
    proxy.setSourceModel(model)
    proxy.set_status_filter(OrdersFilterProxy.DECISION)
    assert proxy.rowCount() == 1 and proxy.index(0, OrdersModel.STATUS_COLUMN).data() == DECISION_LABEL
    assert len(sandbox.state.requests) == requests_before
    del tester


def test_the_view_keeps_a_known_expiry_when_a_later_reply_cannot_tell_it(env):
    """A CDSE order listed without its workflow has no expiry in that reply: the view keeps the known date."""
    from eo_orders.providers.base import Order, OrderStatus

    expires = datetime(2026, 12, 4, 10, 0, tzinfo=timezone.utc)
    conn = env.save("cdse")
    env.service._merge(conn, [Order(id="41", name="done", status=OrderStatus.COMPLETED, expires_at=expires)])
    env.service._merge(conn, [Order(id="41", name="done", status=OrderStatus.COMPLETED)])
    assert env.service.tracked(conn, "41").expires_at == expires
    later = datetime(2026, 12, 9, tzinfo=timezone.utc)  # a reply that does tell it wins
    env.service._merge(conn, [Order(id="41", name="done", status=OrderStatus.COMPLETED, expires_at=later)])
    assert env.service.tracked(conn, "41").expires_at == later
