"""Make the database engine and sessions: SQLite in WAL mode by default, PostgreSQL at scale."""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import URL, Connection, Engine, create_engine, event, exc, make_url
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and write transactions that lock up front."""
    if url.startswith("sqlite"):
        # A file's pool hands out the connection used last. SQLite drops a connection's whole page
        # cache when another connection has written since it last read, so round-robin over the pool
        # (the default) read every page from disk again; the last-used one usually has them all.
        # (An in-memory database has one connection per thread, and no such choice.)
        pooling: dict[str, Any] = {"pool_use_lifo": True} if _sqlite_path(make_url(url)) else {}
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30}, hide_parameters=True, **pooling)

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below decide
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute(f"PRAGMA wal_autocheckpoint={AUTOCHECKPOINT_PAGES}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA secure_delete=FAST")  # zero what a change frees inside a page when that costs no extra write
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            # Write transactions take the write lock at the start (BEGIN IMMEDIATE), so two turns
            # for one seller cannot both read the old state and then both write; reads stay
            # deferred and, in WAL mode, never wait for writers.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")

        return engine
    # hide_parameters: a database error's text (logged, or shown in a traceback) never carries the values of a row.
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20, hide_parameters=True)


WRITE_OPTION = "saathi_write"
# WAL pages after which a commit copies the log back into the database file itself, fsync included
# (SQLite's default is 1,000: 6-30 ms here, every eighty-odd turns, paid by whoever committed). The
# web and worker processes do it in the background instead (`Checkpointer`), long before this many;
# the limit is the safety net for the command line and anything else that runs without one.
AUTOCHECKPOINT_PAGES = 10_000

log = logging.getLogger(__name__)


def sqlite_file(engine: Engine) -> str | None:
    """Return the path of the engine's SQLite database file (None for PostgreSQL or an in-memory database)."""
    return _sqlite_path(engine.url)


def _sqlite_path(url: URL) -> str | None:
    database = url.database if url.get_backend_name() == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        return None
    return database


class Checkpointer:
    """Copy an SQLite file's write-ahead log back into the database once a second, on a thread of its own."""

    # A passive checkpoint takes no write lock: turns and the outbox worker keep committing meanwhile and never wait
    # for the copy and its fsync. The thread holds the GIL only to start each one. Nothing to do on PostgreSQL or an
    # in-memory database.

    def __init__(self, engine: Engine, every: float = 1.0) -> None:
        self.path = sqlite_file(engine)
        self.every = every
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        if self.path is not None and self._thread is None:
            self._thread = threading.Thread(target=self._run, name="wal-checkpoint", daemon=True)
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None

    def _run(self) -> None:
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=5)
        try:
            while not self._stop.wait(self.every):
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
                except sqlite3.Error as error:  # the next second tries again; commits still checkpoint past the limit
                    log.warning("WAL checkpoint failed: %s", error)
        finally:
            conn.close()


def scrub_log(engine: Engine, tries: int = 40) -> bool:
    """Copy SQLite's write-ahead log into the database and empty it, so older copies of erased rows are gone; say whether it did."""
    path = sqlite_file(engine)
    if path is None:
        return True  # PostgreSQL, or an in-memory database: no log file of old pages to empty
    conn = sqlite3.connect(path, isolation_level=None, timeout=5)
    try:
        for _ in range(tries):
            busy, _, _ = conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            if not busy:
                return True
            time.sleep(0.05)  # a reader still uses old pages of the log: wait for it to finish
        log.warning("the write-ahead log could not be emptied after an erasure; the next erasure or restart tries again")
        return False
    finally:
        conn.close()


def is_postgres(engine: Engine | Connection) -> bool:
    """Say whether the engine (or connection) talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def deadlocked(error: BaseException) -> bool:
    """Say whether PostgreSQL ended a transaction to break a deadlock (it can simply run again)."""
    return getattr(getattr(error, "orig", None), "sqlstate", None) == "40P01"


def unreachable(error: BaseException) -> bool:
    """Say whether a database error means the server is away for now (a restart, a failover, a dropped link)."""
    if isinstance(error, exc.TimeoutError):  # no pooled connection came back in time
        return True
    if not isinstance(error, exc.DBAPIError):
        return False
    sqlstate = getattr(error.orig, "sqlstate", None) or ""
    # Class 08 is a connection failure; 57P01-57P03 are an administrator's shutdown and a server still starting.
    return error.connection_invalidated or sqlstate.startswith("08") or sqlstate in ("57P01", "57P02", "57P03") or (
        isinstance(error, exc.OperationalError) and not sqlstate and not isinstance(error.orig, sqlite3.OperationalError))


def upsert(bind: Engine | Connection, table: Any) -> Any:
    """Return an INSERT with ON CONFLICT (`on_conflict_do_nothing` / `_do_update`) in the bind's dialect."""
    return (postgresql if is_postgres(bind) else sqlite).insert(table)


_GUARD = threading.Lock()


def _writer(engine: Engine) -> Engine:
    """Return the engine marked for write transactions (made once per engine: making one is not free)."""
    writer = engine.__dict__.get("_saathi_writer")
    if writer is None:
        with _GUARD:
            writer = engine.__dict__.setdefault("_saathi_writer", engine.execution_options(**{WRITE_OPTION: True}))
    return writer


class WriterLock:
    """Queue this process's SQLite writers: one at a time, and urgent writers go before the others."""

    # Urgent are the outbox worker's claims and records (a seller waits for the reply they carry); otherwise the
    # turn thread, busy under a burst of webhooks, would take the lock back every time. After URGENT_STREAK urgent
    # writers in a row a waiting ordinary writer goes first, so a busy broadcast cannot hold turns back. A writer
    # that finds the lock free takes it at once: handing it over in strict arrival order halved throughput (each
    # hand-over waits for the next thread to wake and win the GIL).

    URGENT_STREAK = 4

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._urgent_turn = threading.Condition(self._mutex)
        self._normal_turn = threading.Condition(self._mutex)
        self._held = False
        self._urgent_waiting = 0
        self._normal_waiting = 0
        self._streak = 0  # urgent writers in a row

    def acquire(self, urgent: bool = False) -> None:
        with self._mutex:
            if urgent:
                self._urgent_waiting += 1
                while self._held or (self._normal_waiting and self._streak >= self.URGENT_STREAK):
                    self._urgent_turn.wait()
                self._urgent_waiting -= 1
                self._streak += 1
            else:
                self._normal_waiting += 1
                while self._held or (self._urgent_waiting and self._streak < self.URGENT_STREAK):
                    self._normal_turn.wait()
                self._normal_waiting -= 1
                self._streak = 0
            self._held = True

    def release(self) -> None:
        with self._mutex:
            self._held = False
            if self._urgent_waiting and (self._streak < self.URGENT_STREAK or not self._normal_waiting):
                self._urgent_turn.notify()
            elif self._normal_waiting:
                self._normal_turn.notify()


def _write_lock(engine: Engine) -> WriterLock | None:
    """Return the in-process lock that queues SQLite writers (None on PostgreSQL)."""
    if engine.dialect.name != "sqlite":
        return None
    lock = engine.__dict__.get("_saathi_write_lock")
    if lock is None:
        with _GUARD:
            lock = engine.__dict__.setdefault("_saathi_write_lock", WriterLock())
    return lock


@contextmanager
def transaction(engine: Engine, *, urgent: bool = False) -> Iterator[Session]:
    """Yield a session inside one transaction that commits on success and rolls back on error."""
    # SQLite allows one writer at a time: this process's threads queue on a lock (`urgent` ones, the outbox
    # worker, first) instead of spinning in SQLite's busy handler, whose growing sleeps made tail latency long.
    lock = _write_lock(engine)
    if lock is not None:
        lock.acquire(urgent)
    try:
        with Session(_writer(engine), expire_on_commit=False, autoflush=False) as session, session.begin():
            yield session
    finally:
        if lock is not None:
            lock.release()
