# SPDX-License-Identifier: GPL-2.0-or-later
"""The order journal: every order this QGIS profile placed, in SQLite, written before and after submit.

Why a journal: a submit whose connection drops may or may not have created an order (and may cost
money). Writing the request *before* sending it means a crash, a closed QGIS or an ambiguous network
error always leaves a "submitting" row that the plugin reconciles by the client-chosen name, instead of
forgetting the order or submitting it twice. It also remembers remote ids, last known states and
downloaded files across sessions. Tasks write from worker threads: one connection guarded by a lock,
WAL so readers never block the writer. No secrets are stored: request JSON drops passwords and keys.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field, is_dataclass
from datetime import datetime, timezone
from enum import Enum
from pathlib import Path
from typing import Any

from ..providers.base import Order, OrderRequest, OrderStatus
from ..providers.i18n import tr
from ..providers.sanitize import is_secret_name, redact

log = logging.getLogger("eo_orders.store")

SCHEMA_VERSION = 3
SUBMITTING = "submitting"
REJECTED = "rejected"
_SECRET_KEYS = ("password", "secret", "token", "apikey", "api_key", "credential", "authorization")

_SCHEMA = """
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
    sub_status    TEXT NOT NULL DEFAULT '',
    expires_at    TEXT,
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


def default_journal_path() -> Path:
    """``<QGIS profile>/eo_orders/journal.sqlite``."""
    from qgis.core import QgsApplication

    return Path(QgsApplication.qgisSettingsDirPath()) / "eo_orders" / "journal.sqlite"


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=timezone.utc)
    return value.astimezone(timezone.utc).isoformat(timespec="seconds")


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _scrub(value: Any) -> Any:
    """JSON-ready copy without secret-looking keys, datetimes as ISO, enums as their values."""
    if is_dataclass(value) and not isinstance(value, type):
        value = asdict(value)
    if isinstance(value, dict):
        return {str(k): _scrub(v) for k, v in value.items()
                if not any(s in str(k).lower().replace("-", "_") for s in _SECRET_KEYS) and not is_secret_name(str(k))}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [_scrub(v) for v in value]
    if isinstance(value, datetime):
        return _iso(value)
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, str):
        return redact(value)  # user:pass@ and ?token= in a notification URL, a key pasted into a free text
    if isinstance(value, (int, float, bool)) or value is None:
        return value
    return redact(str(value))


def request_to_json(request: OrderRequest | dict[str, Any]) -> dict[str, Any]:
    """What was asked, without secrets and without the workflow's bulky raw reply and schema."""
    if isinstance(request, OrderRequest):
        wf = request.workflow
        body: dict[str, Any] = {
            "workflow": {"id": wf.id, "name": wf.name, "version": wf.version, "kind": wf.kind},
            "name": request.name, "inputs": list(request.inputs), "aoi": request.aoi,
            "start": request.start, "end": request.end, "options": request.options,
            "priority": request.priority, "batch": request.batch,
            "notification": ({"endpoint": request.notification.endpoint, "username": request.notification.username}
                             if request.notification else None),
        }
        return _scrub(body)
    return _scrub(dict(request))


#: columns added after version 1, with their declarations, for migrating older journals. Version 2 added the
#: download columns; version 3 keeps what the orders view shows that only the provider knew before, so a
#: restart shows it before any network call: the provider's sub-status (a UP42 quotation or a Capella
#: tasking request waiting for the user's decision) and when the output is deleted (CDSE's 14 days, ODIP's
#: ``EvictionDate``)
_ADDED_COLUMNS = (("download_state", "TEXT NOT NULL DEFAULT ''"), ("download_folder", "TEXT"),
                  ("sub_status", "TEXT NOT NULL DEFAULT ''"), ("expires_at", "TEXT"))
DOWNLOADING, DOWNLOADED = "downloading", "downloaded"


@dataclass
class JournalEntry:
    """One journal row, shaped so the orders table can show it like an ``Order``."""

    row_id: int
    provider_kind: str
    connection_id: str
    name: str
    order_id: str | None
    state: str
    raw_status: str = ""
    message: str = ""
    workflow_name: str = ""
    kind: str = ""
    progress: float | None = None
    size: int | None = None
    created_at: datetime | None = None
    submitted_at: datetime | None = None
    updated_at: datetime | None = None
    completed_at: datetime | None = None
    request: dict[str, Any] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    #: "", "downloading" (started, not finished: resumed after a restart) or "downloaded"
    download_state: str = ""
    download_folder: str = ""
    #: the provider's own sub-status (a quotation waiting for the user's decision), kept for the view
    sub_status: str = ""
    #: when the provider deletes the output (``Order.expires_at``), as last reported
    expires_at: datetime | None = None

    @property
    def status(self) -> OrderStatus | None:
        """The order status, or None while submitting / after a rejected submit."""
        try:
            return OrderStatus(self.state)
        except ValueError:
            return None

    @property
    def id(self) -> str:
        return self.order_id or ""

    def to_order(self) -> Order:
        return Order(id=self.order_id or "", name=self.name, status=self.status or OrderStatus.QUEUED,
                     raw_status=self.raw_status or self.state, sub_status=self.sub_status, message=self.message,
                     workflow_name=self.workflow_name, kind=self.kind or "production",
                     submitted_at=self.submitted_at, completed_at=self.completed_at, progress=self.progress,
                     size=self.size, expires_at=self.expires_at)


class Journal:
    """The SQLite order journal. Safe to call from any thread.

    Opening never discards a readable journal (SQLite's own guidance: a busy database is waited for, a
    read-only one is read, only "file is not a database"/"malformed" means damage). ``mode`` says what
    happened: ``"file"`` (normal), ``"memory"`` (the file could not be written — read-only profile, locked
    by another QGIS for longer than ``busy_timeout``, or written by a newer plugin — so its rows were copied
    into memory and nothing is saved this session). ``warnings`` holds one sentence per problem, for the
    message bar. Only a file SQLite cannot read at all is moved aside, and the warning says where.
    """

    #: seconds SQLite waits for another process's lock before giving up (``busy_timeout``)
    BUSY_TIMEOUT = 10.0

    def __init__(self, path: str | Path | None = None, busy_timeout: float | None = None) -> None:
        self.path = Path(path) if path is not None else default_journal_path()
        self.busy_timeout = self.BUSY_TIMEOUT if busy_timeout is None else busy_timeout
        self._lock = threading.RLock()
        self.warnings: list[str] = []
        self.mode = "file"
        self.set_aside: Path | None = None
        self._conn = self._open()
        for w in self.warnings:
            log.warning("%s", w)

    # ------------------------------------------------------------------------------- opening

    def _warn(self, text: str) -> None:
        self.warnings.append(text)

    def _open(self) -> sqlite3.Connection:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError:
            self._warn(tr("The order journal folder {parent} cannot be created (read-only profile?): orders are "
                          "remembered only until QGIS closes.").format(parent=self.path.parent))
            return self._memory()
        if self.path.exists() and self._schema_version_readonly() > SCHEMA_VERSION:
            self._warn(tr("The order journal {path} was written by a newer version of EO Orders; it is kept "
                          "unchanged and only copied into memory: update the plugin so new orders are saved.").format(
                           path=self.path))
            return self._memory(copy_from_file=True, migrate=False)
        for attempt in range(2):
            try:
                return self._connect()
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" in text or "busy" in text) and attempt == 0:
                    time.sleep(0.2)
                    continue  # one more full busy_timeout wait
                locked = "locked" in text or "busy" in text
                self._warn((tr("The order journal {path} is locked by another program (another QGIS?): it is left "
                               "untouched and read into memory; orders placed now are remembered only until QGIS "
                               "closes.") if locked else
                            tr("The order journal {path} cannot be written (read-only file or folder?): it is left "
                               "untouched and read into memory; orders placed now are remembered only until QGIS "
                               "closes.")).format(path=self.path))
                return self._memory(copy_from_file=True)
            except sqlite3.DatabaseError as exc:
                # "file is not a database", "database disk image is malformed": really unreadable
                aside = self.path.with_name(f"{self.path.name}.corrupt-{int(time.time())}")
                try:
                    self.path.replace(aside)
                    for suffix in ("-wal", "-shm"):
                        extra = self.path.with_name(self.path.name + suffix)
                        if extra.exists():
                            extra.replace(aside.with_name(aside.name + suffix))
                except OSError:
                    self._warn(tr("The order journal {path} is damaged ({exc}) and cannot be moved aside: orders "
                                  "are remembered only until QGIS closes.").format(path=self.path, exc=exc))
                    return self._memory()
                self.set_aside = aside
                self._warn(tr("The order journal {name} was damaged ({exc}); it was moved to {aside} and a new "
                              "journal was started.").format(name=self.path.name, exc=exc, aside=aside))
                try:
                    return self._connect()
                except sqlite3.DatabaseError:
                    return self._memory()
        return self._memory()  # pragma: no cover - the loop always returns

    def _schema_version_readonly(self) -> int:
        """The file's ``user_version`` read without writing anything (0 when unreadable)."""
        for query in ("mode=ro", "mode=ro&immutable=1"):
            try:
                conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?{query}", uri=True, timeout=self.busy_timeout)
                try:
                    return int(conn.execute("PRAGMA user_version").fetchone()[0])
                finally:
                    conn.close()
            except sqlite3.Error as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    return 0
        return 0

    def _memory(self, copy_from_file: bool = False, migrate: bool = True) -> sqlite3.Connection:
        """An in-memory journal, holding a copy of the file's rows when it can be read."""
        self.mode = "memory"
        mem = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        mem.row_factory = sqlite3.Row
        if copy_from_file and self.path.exists():
            # SQLite's guidance for WAL files in a read-only folder: ``mode=ro`` needs the -shm file; when it
            # cannot be made, ``immutable=1`` reads the file as it is (nobody can be writing it then)
            copied, reason = False, ""
            for query in ("mode=ro", "mode=ro&immutable=1"):
                try:
                    self._copy_into(mem, query)
                    copied = True
                    break
                except sqlite3.Error as exc:
                    reason = str(exc)
                    if "locked" in reason or "busy" in reason:
                        break  # being written by someone else: immutable would read torn pages
            if not copied:
                self._warn(tr("The order journal {path} could not be read either ({reason}); it is left "
                              "untouched.").format(path=self.path, reason=reason))
        if migrate:
            self._migrate(mem)
        else:
            # a newer journal's rows, copied: the file stays untouched, and the copy gets any column this
            # version writes that it lacks, so the session can record states as with any other journal
            try:
                self._add_missing_columns(mem)
            except sqlite3.Error as exc:  # no orders table at all: the session works with what it has
                log.warning("journal copy kept as it is: %s", exc)
        return mem

    def _copy_into(self, mem: sqlite3.Connection, query: str) -> None:
        src = sqlite3.connect(f"{self.path.resolve().as_uri()}?{query}", uri=True, timeout=self.busy_timeout)
        give_up = time.monotonic() + max(self.busy_timeout, 0.5) * 2

        def progress(_status: int, _remaining: int, _total: int) -> None:
            # sqlite3's backup retries a busy source for ever: give up after the busy timeout
            if time.monotonic() > give_up:
                raise sqlite3.OperationalError("database is locked")

        try:
            src.execute("SELECT count(*) FROM sqlite_master").fetchone()  # waits busy_timeout at most
            src.backup(mem, pages=64, progress=progress)
        finally:
            src.close()

    def _migrate(self, conn: sqlite3.Connection) -> None:
        """Bring an older journal to ``SCHEMA_VERSION`` in place, keeping every row: tables created when
        missing, columns added (``ALTER TABLE … ADD COLUMN`` never rewrites rows). One ``IMMEDIATE``
        transaction, the version read again inside it, so two QGIS opening the same old file at once do
        not both add a column, and a crash half-way leaves the old version to migrate again."""
        if conn.execute("PRAGMA user_version").fetchone()[0] >= SCHEMA_VERSION:
            return
        conn.execute("BEGIN IMMEDIATE")
        try:
            if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    conn.execute(statement)
                self._add_missing_columns(conn)
                conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @staticmethod
    def _add_missing_columns(conn: sqlite3.Connection) -> None:
        """Columns of this version an older journal lacks (journals written by an older plugin)."""
        columns = {r["name"] for r in conn.execute("PRAGMA table_info(orders)")}
        for name, decl in _ADDED_COLUMNS:
            if name not in columns:
                conn.execute(f"ALTER TABLE orders ADD COLUMN {name} {decl}")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(str(self.path), timeout=self.busy_timeout, check_same_thread=False,
                               isolation_level=None)
        conn.row_factory = sqlite3.Row
        try:
            conn.execute(f"PRAGMA busy_timeout={int(self.busy_timeout * 1000)}")
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA foreign_keys=ON")
            self._migrate(conn)
            # prove the file is writable now, not at the first paid submit
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("COMMIT")
        except sqlite3.DatabaseError:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        with self._lock:
            self._conn.close()

    def __enter__(self) -> Journal:
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def _write(self, sql: str, params: Iterable[Any] = ()) -> sqlite3.Cursor:
        with self._lock:
            return self._conn.execute(sql, tuple(params))

    # ------------------------------------------------------------------------------- writes

    def record_submit(self, provider_kind: str, connection_id: str, request: OrderRequest | dict[str, Any],
                      name: str | None = None) -> int:
        """Before sending: returns the row id to pass to ``record_submitted`` / ``record_submit_failed``."""
        body = request_to_json(request)
        name = name if name is not None else str(body.get("name") or "")
        workflow = body.get("workflow") or {}
        now = _now()
        cur = self._write(
            "INSERT INTO orders (provider_kind, connection_id, name, request_json, state, workflow_name, "
            "created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (provider_kind, connection_id, name, json.dumps(body, ensure_ascii=False), SUBMITTING,
             str(workflow.get("name") or "") if isinstance(workflow, dict) else "", now, now))
        return int(cur.lastrowid)

    def record_submitted(self, row_id: int, order: Order) -> None:
        """After the provider accepted the order (or it was found again by name)."""
        with self._lock:
            row = self._conn.execute("SELECT connection_id FROM orders WHERE row_id = ?", (row_id,)).fetchone()
            if row is None:
                raise KeyError(f"no journal row {row_id}")
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                # the status poller may have recorded the order already: fold that row into this one
                self._conn.execute("DELETE FROM orders WHERE connection_id = ? AND order_id = ? AND row_id != ?",
                                   (row["connection_id"], order.id, row_id))
                self._conn.execute(
                    "UPDATE orders SET order_id = ?, submitted_at = COALESCE(?, submitted_at, ?) WHERE row_id = ?",
                    (order.id, _iso(order.submitted_at), _now(), row_id))
                self._update_status(row_id, order)
                self._conn.execute("COMMIT")
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise

    def record_submit_failed(self, row_id: int, message: str) -> None:
        """The provider certainly did not create the order (a validation or auth error)."""
        self._write("UPDATE orders SET state = ?, message = ?, updated_at = ? WHERE row_id = ?",
                    (REJECTED, redact(message), _now(), row_id))

    def _update_status(self, row_id: int, order: Order) -> None:
        self._conn.execute(
            "UPDATE orders SET state = ?, raw_status = ?, sub_status = ?, message = ?, workflow_name = "
            "COALESCE(NULLIF(?, ''), workflow_name), kind = ?, progress = ?, size = ?, completed_at = COALESCE(?, "
            "completed_at), expires_at = COALESCE(?, expires_at), name = COALESCE(NULLIF(?, ''), name), "
            "updated_at = ? WHERE row_id = ?",
            (order.status.value, order.raw_status, order.sub_status or "", redact(order.message or ""),
             order.workflow_name, order.kind, order.progress, order.size, _iso(order.completed_at),
             _iso(order.expires_at), order.name, _now(), row_id))

    def record_status(self, connection_id: str, order: Order, provider_kind: str = "") -> int:
        """The latest known state of an order; inserts orders placed elsewhere (e.g. on the web portal)."""
        with self._lock:
            row = self._conn.execute("SELECT row_id FROM orders WHERE connection_id = ? AND order_id = ?",
                                     (connection_id, order.id)).fetchone()
            if row is None:
                now = _now()
                cur = self._conn.execute(
                    "INSERT INTO orders (provider_kind, connection_id, name, order_id, state, created_at, "
                    "submitted_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (provider_kind, connection_id, order.name, order.id, order.status.value, now,
                     _iso(order.submitted_at), now))
                row_id = int(cur.lastrowid)
            else:
                row_id = int(row["row_id"])
            self._update_status(row_id, order)
            return row_id

    def record_cost(self, connection_id: str, order_id: str, cost: str) -> None:
        """The price the user accepted after the submit (a UP42 quotation, a Capella tasking approval): kept
        with the order's request, where the submit's accepted cost lives, so a restart shows it too."""
        with self._lock:
            row = self._conn.execute("SELECT row_id, request_json FROM orders WHERE connection_id = ? AND "
                                     "order_id = ?", (connection_id, order_id)).fetchone()
            if row is None:
                return
            try:
                body = json.loads(row["request_json"] or "{}")
            except ValueError:
                body = {}
            body = body if isinstance(body, dict) else {}
            body["accepted_cost"] = cost
            self._conn.execute("UPDATE orders SET request_json = ?, updated_at = ? WHERE row_id = ?",
                               (json.dumps(body, ensure_ascii=False), _now(), row["row_id"]))

    def record_download_started(self, connection_id: str, order_id: str, folder: str | Path) -> None:
        """A download began: if QGIS stops before ``record_download``, the next start resumes it."""
        self._write("UPDATE orders SET download_state = ?, download_folder = ?, updated_at = ? "
                    "WHERE connection_id = ? AND order_id = ?",
                    (DOWNLOADING, str(folder), _now(), connection_id, order_id))

    def record_download_abandoned(self, connection_id: str, order_id: str) -> None:
        """A started download that can never finish (the output expired): not resumed at the next start."""
        self._write("UPDATE orders SET download_state = '', updated_at = ? WHERE connection_id = ? AND order_id = ? "
                    "AND download_state = ?", (_now(), connection_id, order_id, DOWNLOADING))

    def unfinished_downloads(self, connection_id: str) -> list[JournalEntry]:
        """Completed orders whose download started but never finished (QGIS closed, connection lost)."""
        return self._entries("connection_id = ? AND download_state = ? AND order_id IS NOT NULL",
                             (connection_id, DOWNLOADING))

    def record_download(self, connection_id: str, order_id: str, files: Iterable[str | Path]) -> None:
        self._write("UPDATE orders SET download_state = ?, updated_at = ? WHERE connection_id = ? AND order_id = ?",
                    (DOWNLOADED, _now(), connection_id, order_id))
        with self._lock:
            row = self._conn.execute("SELECT row_id FROM orders WHERE connection_id = ? AND order_id = ?",
                                     (connection_id, order_id)).fetchone()
            if row is None:
                raise KeyError(f"order {order_id} of connection {connection_id} is not in the journal")
            now = _now()
            self._conn.executemany(
                "INSERT INTO downloads (row_id, path, downloaded_at) VALUES (?, ?, ?) "
                "ON CONFLICT (row_id, path) DO UPDATE SET downloaded_at = excluded.downloaded_at",
                [(row["row_id"], str(f), now) for f in files])

    def forget(self, row_id: int) -> None:
        self._write("DELETE FROM orders WHERE row_id = ?", (row_id,))

    # ------------------------------------------------------------------------------- reads

    def _entries(self, where: str, params: Iterable[Any] = ()) -> list[JournalEntry]:
        with self._lock:
            # bandit B608 is a false positive: `where` is always one of this class's literal clauses,
            # and values go as ? parameters
            rows = self._conn.execute(f"SELECT * FROM orders WHERE {where} ORDER BY row_id",  # nosec B608
                                      tuple(params)).fetchall()
            files: dict[int, list[str]] = {}
            if rows:
                ids = [r["row_id"] for r in rows]
                marks = ",".join("?" * len(ids))
                # the IN list is only "?" placeholders, one per id
                for f in self._conn.execute(f"SELECT row_id, path FROM downloads WHERE row_id IN ({marks}) "  # nosec B608
                                            f"ORDER BY id", ids):
                    files.setdefault(f["row_id"], []).append(f["path"])
        return [JournalEntry(
            row_id=r["row_id"], provider_kind=r["provider_kind"], connection_id=r["connection_id"], name=r["name"],
            order_id=r["order_id"], state=r["state"], raw_status=r["raw_status"], message=r["message"],
            workflow_name=r["workflow_name"], kind=r["kind"], progress=r["progress"], size=r["size"],
            created_at=_parse(r["created_at"]), submitted_at=_parse(r["submitted_at"]),
            updated_at=_parse(r["updated_at"]), completed_at=_parse(r["completed_at"]),
            request=json.loads(r["request_json"] or "{}"), files=files.get(r["row_id"], []),
            download_state=r["download_state"] or "", download_folder=r["download_folder"] or "",
            sub_status=r["sub_status"] or "", expires_at=_parse(r["expires_at"])) for r in rows]

    def entry(self, row_id: int) -> JournalEntry | None:
        found = self._entries("row_id = ?", (row_id,))
        return found[0] if found else None

    def pending_submits(self, connection_id: str | None = None) -> list[JournalEntry]:
        """Submits with no known outcome: reconcile each by its name (``Provider.find_orders_by_name``)."""
        if connection_id is None:
            return self._entries("state = ?", (SUBMITTING,))
        return self._entries("state = ? AND connection_id = ?", (SUBMITTING, connection_id))

    def orders(self, connection_id: str) -> list[JournalEntry]:
        """Every order of a connection that reached the provider, oldest first."""
        return self._entries("connection_id = ? AND order_id IS NOT NULL", (connection_id,))

    def active_orders(self, connection_id: str | None = None) -> list[JournalEntry]:
        """Orders still queued or in progress: the status poller follows these."""
        active = (OrderStatus.QUEUED.value, OrderStatus.IN_PROGRESS.value)
        if connection_id is None:
            return self._entries("state IN (?, ?) AND order_id IS NOT NULL", active)
        return self._entries("state IN (?, ?) AND order_id IS NOT NULL AND connection_id = ?",
                             (*active, connection_id))
