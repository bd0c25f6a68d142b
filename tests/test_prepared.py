"""Prepared statements: the same values in and out as SQLAlchemy's own execution, on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from sqlalchemy import Engine, bindparam, select, update

from bot.store.db import transaction
from bot.store.models import ConversationState, MessageLog, Seller
from bot.store.prepared import Prepared

IST = timezone(timedelta(hours=5, minutes=30))
_log = MessageLog.__table__
ADD = Prepared.insert(_log, ("seller_id", "channel", "direction", "kind", "provider_message_id", "text", "buttons", "created_at"))
FIND = Prepared(
    select(_log.c.id, _log.c.text, _log.c.buttons, _log.c.created_at.label("at")).where(
        _log.c.channel == bindparam("channel"), _log.c.direction == "in", _log.c.provider_message_id == bindparam("pid")
    )
)


def _row(pid: str, **over: object) -> dict:
    row = {
        "seller_id": None, "channel": "telegram", "direction": "in", "kind": "text", "provider_message_id": pid,
        "text": "नमस्ते", "buttons": [{"id": "a", "title": "हाँ"}], "created_at": datetime(2026, 11, 23, 16, 0, tzinfo=IST),
    }
    return {**row, **over}


def test_values_round_trip_through_the_column_types(db: Engine) -> None:
    with transaction(db) as session:
        ADD.executemany(session.connection(), [_row("p1"), _row("p2", text=None, buttons=None, direction="out")])
    with transaction(db) as session:
        found = FIND.first(session.connection(), {"channel": "telegram", "pid": "p1"})
        orm = session.exec(select(MessageLog).where(MessageLog.provider_message_id == "p1")).scalars().one()
    assert found is not None
    assert found["text"] == "नमस्ते" == orm.text
    assert found["buttons"] == [{"id": "a", "title": "हाँ"}] == orm.buttons
    # Stored in UTC and read back aware, as the ORM reads it.
    assert found["at"] == datetime(2026, 11, 23, 10, 30, tzinfo=UTC) == orm.created_at
    assert found["at"].tzinfo is not None


def test_a_literal_in_the_statement_keeps_its_own_value(db: Engine) -> None:
    with transaction(db) as session:
        ADD.executemany(session.connection(), [_row("p3", direction="out")])
        # direction == "in" is part of FIND, so an outbound row with that id is not found
        assert FIND.first(session.connection(), {"channel": "telegram", "pid": "p3"}) is None


def test_a_missing_value_is_an_error_not_a_null(db: Engine) -> None:
    with transaction(db) as session, pytest.raises(KeyError):
        FIND.first(session.connection(), {"channel": "telegram"})


def test_execute_reports_changed_rows_and_writes_json(db: Engine) -> None:
    now = datetime(2026, 11, 23, 5, 30, tzinfo=UTC)
    with transaction(db) as session:
        seller = Seller(created_at=now, updated_at=now, stage_changed_at=now)
        session.add(seller)
        session.flush()
        session.add(ConversationState(seller_id=seller.id, step="ask_language", state={}, updated_at=now))
        session.flush()
        sid = seller.id
    state = ConversationState.__table__
    save = Prepared(
        update(state).where(state.c.seller_id == bindparam("sid")).values(step=bindparam("step"), state=bindparam("state", type_=state.c.state.type))
    )
    with transaction(db) as session:
        assert save.execute(session.connection(), {"sid": sid, "step": "ask_name", "state": {"retries": 2, "history": ["ask_consent"]}}) == 1
        assert save.execute(session.connection(), {"sid": sid + 1000, "step": "ask_name", "state": {}}) == 0
    with transaction(db) as session:
        stored = session.get(ConversationState, sid)
        assert (stored.step, stored.state) == ("ask_name", {"retries": 2, "history": ["ask_consent"]})


def test_statements_that_expand_at_run_time_are_refused(db: Engine) -> None:
    expanding = Prepared(select(_log.c.id).where(_log.c.provider_message_id.in_(bindparam("ids", expanding=True))))
    with transaction(db) as session, pytest.raises(ValueError, match="expand"):
        expanding.first(session.connection(), {"ids": ["a", "b"]})


def test_driver_errors_come_out_as_sqlalchemy_errors(db: Engine) -> None:
    """A unique violation is an IntegrityError on both databases, so the turn's retry catches it."""
    from sqlalchemy.exc import IntegrityError

    with pytest.raises(IntegrityError), transaction(db) as session:
        ADD.executemany(session.connection(), [_row("same"), _row("same")])
    with transaction(db) as session:
        assert FIND.first(session.connection(), {"channel": "telegram", "pid": "same"}) is None  # nothing half-written
