"""The SQLite pool hands out the connection used last, whose page cache is still good."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from bot.store.db import make_engine, transaction


def test_the_connection_used_last_is_handed_out_next(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'app.db'}")
    try:
        first, second = engine.connect(), engine.connect()
        older, newer = first.connection.dbapi_connection, second.connection.dbapi_connection
        first.close()
        second.close()  # returned last: the one that saw the newest state of the file
        with transaction(engine) as session:
            session.execute(text("CREATE TABLE t (x INTEGER)"))
            assert session.connection().connection.dbapi_connection is newer
        with engine.connect() as conn:  # and after that write, again the same one
            assert conn.connection.dbapi_connection is newer
        assert older is not newer
    finally:
        engine.dispose()
