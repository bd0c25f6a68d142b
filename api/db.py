"""Database engine and sessions: SQLite in WAL mode by default, PostgreSQL at scale."""

from __future__ import annotations

from collections.abc import Iterator
import threading
from contextlib import contextmanager

from typing import Any

from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def make_engine(url: str) -> Engine:
    """Create an engine; SQLite gets WAL, a busy timeout and write transactions that lock up front."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
            dbapi_connection.isolation_level = None  # let SQLAlchemy's BEGIN below decide
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=NORMAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        @event.listens_for(engine, "begin")
        def _sqlite_begin(conn):  # type: ignore[no-untyped-def]
            # Write transactions take the write lock at the start (BEGIN IMMEDIATE), so two turns
            # for one seller cannot both read the old state and then both write; reads stay
            # deferred and, in WAL mode, never wait for writers.
            conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get(WRITE_OPTION) else "BEGIN")

        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


WRITE_OPTION = "saathi_write"


def is_postgres(engine: Engine | Connection) -> bool:
    """Say whether the engine (or connection) talks to PostgreSQL."""
    return engine.dialect.name == "postgresql"


def upsert(bind: Engine | Connection, table: Any) -> Any:
    """An INSERT with ON CONFLICT (`on_conflict_do_nothing` / `_do_update`) in the bind's dialect."""
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
    """The in-process queue of SQLite writers: one at a time, and urgent writers go before the others.

    The outbox worker's claims and records are urgent: a seller is waiting for the reply they
    carry, and the turn thread, busy under a burst of webhooks, would otherwise take the lock back
    at once every time and leave the worker waiting. After `URGENT_STREAK` urgent writers in a row
    a waiting ordinary writer goes first, so a busy broadcast cannot hold turns back. A writer that
    finds the lock free takes it at once; handing it over in strict arrival order instead halved
    throughput (each hand-over waits for the next thread to wake and win the GIL).
    """

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
    """Yield a session inside one transaction that commits on success and rolls back on error.

    SQLite allows one writer at a time; threads of this process queue on a lock instead of
    spinning in SQLite's busy handler, whose growing sleeps were what made tail latency long.
    `urgent` writers (the outbox worker) go first in that queue.
    """
    lock = _write_lock(engine)
    if lock is not None:
        lock.acquire(urgent)
    try:
        with Session(_writer(engine), expire_on_commit=False, autoflush=False) as session, session.begin():
            yield session
    finally:
        if lock is not None:
            lock.release()
