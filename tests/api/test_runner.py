"""The runner: one transaction per message, duplicates change nothing."""

from __future__ import annotations

from sqlmodel import Session, func, select

from bot.engine.model import Inbound
from bot.store.models import MessageLog, Seller
from bot.turn import Runner


def test_a_redelivered_message_changes_nothing(db, env) -> None:  # type: ignore[no-untyped-def]
    runner = Runner(db, env)
    first = runner.handle(channel="whatsapp", external_id="+919812345678", inbound=Inbound(text="hi"), provider_message_id="SM1")
    again = runner.handle(channel="whatsapp", external_id="+919812345678", inbound=Inbound(text="hi"), provider_message_id="SM1")
    assert first.replies and not first.duplicate
    assert again.duplicate and again.replies == []
    with Session(db) as session:
        assert session.exec(select(func.count()).select_from(MessageLog).where(MessageLog.direction == "in")).one() == 1
        assert session.exec(select(func.count()).select_from(Seller)).one() == 1


def test_a_failing_turn_leaves_no_trace(db, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    runner = Runner(db, env)
    runner.handle(channel="whatsapp", external_id="+919812345678", inbound=Inbound(text="hi"))

    def explode(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("engine crashed")

    monkeypatch.setattr("bot.turn.resume", explode)
    try:
        runner.handle(channel="whatsapp", external_id="+919812345678", inbound=Inbound(button="ask_language:hi", kind="button"))
    except RuntimeError:
        pass
    with Session(db) as session:
        assert session.exec(select(func.count()).select_from(MessageLog)).one() == 2  # the first turn's in and out
