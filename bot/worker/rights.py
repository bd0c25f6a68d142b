"""Hold the right to send on an account: one worker at a time per account, across processes."""

from __future__ import annotations

import logging
import threading
import zlib
from typing import BinaryIO

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError

from bot.store.db import is_postgres, sqlite_file

try:
    import fcntl
except ImportError:  # Windows: no advisory file locks; one process owns every account there
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)


class SendingRights:
    """Hold the sending accounts this worker may use: one worker per account, so the provider's rate limit holds across processes."""

    # On PostgreSQL a worker holds the account's advisory lock; on an SQLite file, an exclusive lock on a file beside
    # it (`<db>.<channel>-sender.lock`), so a `python -m bot worker` started beside `make run`, or a second web
    # process, does not double the rate. A dead worker's locks go with its connection or its process, and another
    # worker takes over. An in-memory database (or a system without file locks) has one process, which owns them all.

    def __init__(self, engine: Engine, channels: list[str]) -> None:
        self.engine = engine
        self.channels = channels
        self._path = sqlite_file(engine) if fcntl is not None else None
        self.exclusive = bool(is_postgres(engine) or self._path)  # held by a lock other processes see, not assumed
        self.owned: set[str] = set() if self.exclusive else set(channels)
        self._connection = None
        self._files: dict[str, BinaryIO] = {}
        self._lock = threading.Lock()
        self._closed = False

    def open(self) -> None:
        """Allow taking accounts again (a worker that runs again after it stopped)."""
        with self._lock:
            self._closed = False

    def refresh(self) -> set[str]:
        """Try to take the accounts no worker holds; return the ones held now."""
        with self._lock:
            return self._refresh()

    def _refresh(self) -> set[str]:
        if self._closed:
            return self.owned
        if self._connection is not None and self.owned and not self._still_connected():
            # The connection that held the locks is gone (a database restart or failover): so are the locks,
            # and another worker may hold them now. Stop sending until they are taken again.
            log.warning("the connection holding the sending rights dropped; sending pauses until they are taken again")
            self.owned = set()
        if self.owned == set(self.channels):
            return self.owned
        if is_postgres(self.engine):
            try:
                if self._connection is None:
                    self._connection = self.engine.connect()
                for channel in self.channels:
                    if channel not in self.owned:
                        key = zlib.crc32(f"gem-saathi-sender:{channel}".encode())
                        if self._connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({key})").scalar():
                            self._took(channel)
                self._connection.commit()
            except DBAPIError:
                # The database went away meanwhile: the locks with it. A fresh connection tries again next time.
                self._drop_connection()
                self.owned = set()
                raise
        elif self._path:
            for channel in self.channels:
                if channel not in self.owned:
                    lock_file = open(f"{self._path}.{channel}-sender.lock", "a+b")  # noqa: SIM115 - held open while owned
                    try:
                        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:  # another worker sends on it
                        lock_file.close()
                        continue
                    self._files[channel] = lock_file
                    self._took(channel)
        return self.owned

    def _still_connected(self) -> bool:
        """Say whether the connection that holds the advisory locks still answers; drop it when it does not."""
        try:
            self._connection.exec_driver_sql("SELECT 1").scalar()
            self._connection.commit()
            return True
        except DBAPIError:
            self._drop_connection()
            return False

    def _drop_connection(self) -> None:
        """Throw away the connection that held the locks (its server side is gone)."""
        if self._connection is not None:
            try:
                self._connection.invalidate()
                self._connection.close()
            except DBAPIError:
                pass
        self._connection = None

    def _took(self, channel: str) -> None:
        self.owned.add(channel)
        log.info("this worker now sends on %s", channel)

    def release(self) -> None:
        """Give the accounts back (a worker that dies gives them back when its connection drops)."""
        with self._lock:
            self._release()

    def _release(self) -> None:
        self._closed = True
        if self._connection is not None:
            try:
                # The connection goes back to a pool, not away: unlock explicitly.
                self._connection.exec_driver_sql("SELECT pg_advisory_unlock_all()")
                self._connection.commit()
                self._connection.close()
                self._connection = None
            except DBAPIError:  # the server dropped it (a restart): its locks went with it
                self._drop_connection()
        for lock_file in self._files.values():
            lock_file.close()  # closing the file lets its lock go
        self._files.clear()
        if is_postgres(self.engine) or self._path:
            self.owned = set()
