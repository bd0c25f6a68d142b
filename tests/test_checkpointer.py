"""SQLite's write-ahead log is copied back in the background, not by whichever commit crosses a limit."""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import text

from bot.store.db import AUTOCHECKPOINT_PAGES, Checkpointer, make_engine, transaction


def test_commits_leave_the_checkpoint_to_the_background(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA wal_autocheckpoint").scalar() == AUTOCHECKPOINT_PAGES
    finally:
        engine.dispose()


def test_the_checkpointer_copies_the_log_back_while_the_engine_is_in_use(tmp_path: Path) -> None:
    path = tmp_path / "app.db"
    engine = make_engine(f"sqlite:///{path}")
    checkpointer = Checkpointer(engine, every=0.05)
    try:
        with transaction(engine) as session:
            session.execute(text("CREATE TABLE blob (data BLOB)"))
        with transaction(engine) as session:
            session.execute(text("INSERT INTO blob VALUES (zeroblob(2000000))"))  # 2 MB, only in the log so far
        assert path.stat().st_size < 1_000_000
        checkpointer.start()
        deadline = time.monotonic() + 5
        while path.stat().st_size < 2_000_000 and time.monotonic() < deadline:
            time.sleep(0.02)
        assert path.stat().st_size >= 2_000_000  # the pages are in the database file now
        with engine.connect() as conn:  # and the data reads back as it was written
            assert conn.exec_driver_sql("SELECT length(data) FROM blob").scalar() == 2_000_000
    finally:
        checkpointer.stop()
        engine.dispose()
    assert checkpointer._thread is None


def test_nothing_to_do_without_an_sqlite_file() -> None:
    engine = make_engine("sqlite://")
    try:
        checkpointer = Checkpointer(engine)
        checkpointer.start()
        assert checkpointer.path is None and checkpointer._thread is None
        checkpointer.stop()
    finally:
        engine.dispose()
