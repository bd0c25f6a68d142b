"""Status callbacks: the quick path for the usual statuses leaves every row exactly as the locked, row-by-row path does."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

from sqlmodel import Session

from bot.delivery import TemplateBook, apply_status, record_status
from bot.store.db import transaction
from bot.store.models import Campaign, CampaignRecipient, OutboxMessage, Seller

NOW = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
ROW_STATUSES = ("sending", "sent", "delivered", "read", "failed", "undelivered", "skipped")
RECIPIENT_STATUSES = ("outboxed", "sent", "delivered", "read", "replied", "failed")
CALLBACKS = ("queued", "sending", "sent", "delivered", "read", "accepted")


def _make_pair(session: Session, n: int, row_status: str, recipient_status: str | None, seller_id: int | None, campaign_id: int) -> None:
    """Add two identical outbox rows (ids A-n and B-n), each with its own recipient when one is asked for."""
    for side in "AB":
        recipient_id = None
        if recipient_status is not None:
            recipient = CampaignRecipient(campaign_id=campaign_id, channel="whatsapp", external_id=f"+91{side}{n:06d}", status=recipient_status,
                                          updated_at=NOW - timedelta(days=1))
            session.add(recipient)
            session.flush()
            recipient_id = recipient.id
        session.add(OutboxMessage(channel="whatsapp", kind="broadcast", payload={"to": f"whatsapp:+91{n:010d}", "text": "namaste"}, status=row_status,
                                  provider_message_id=f"SM{side}{n:06d}", seller_id=seller_id, recipient_id=recipient_id, due_at=NOW,
                                  created_at=NOW, updated_at=NOW - timedelta(days=1)))


def _state(session: Session, pid: str) -> tuple:
    """Return what a callback may change on a row and its recipient."""
    row = session.exec(OutboxMessage.__table__.select().where(OutboxMessage.__table__.c.provider_message_id == pid)).one()
    recipient = session.get(CampaignRecipient, row.recipient_id) if row.recipient_id else None
    return (row.status, row.payload, row.updated_at.replace(tzinfo=None), row.error_code,
            recipient and (recipient.status, recipient.updated_at.replace(tzinfo=None)))


def test_the_quick_path_changes_rows_exactly_as_the_row_by_row_path(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        seller = Seller(created_at=NOW, updated_at=NOW, stage_changed_at=NOW)
        campaign = Campaign(name="test", created_at=NOW, updated_at=NOW)
        session.add(seller)
        session.add(campaign)
        session.flush()
        seller_id, campaign_id = seller.id, campaign.id
        cases = list(itertools.product(ROW_STATUSES, (*RECIPIENT_STATUSES, None), (seller_id, None), CALLBACKS))
        for n, (row_status, recipient_status, owner, _) in enumerate(cases):
            _make_pair(session, n, row_status, recipient_status, owner, campaign_id)
    book = TemplateBook()
    moved = 0
    for n, (row_status, recipient_status, owner, callback) in enumerate(cases):
        # A: through record_status (the quick path first); B: through apply_status alone, as before it.
        assert record_status(engine=db, channel="whatsapp", provider_message_id=f"SMA{n:06d}", status=callback, error_code=None, now=NOW,
                             templates=book) == "applied"
        with transaction(db) as session:
            assert apply_status(session, channel="whatsapp", provider_message_id=f"SMB{n:06d}", status=callback, error_code=None, now=NOW,
                                templates=book) is not None
        with Session(db) as session:
            quick, careful = _state(session, f"SMA{n:06d}"), _state(session, f"SMB{n:06d}")
        assert quick == careful, (row_status, recipient_status, owner, callback)
        moved += quick[0] != row_status
    assert moved > 50  # the cases do move rows forward, not only leave them
    assert record_status(engine=db, channel="whatsapp", provider_message_id="SMunknown", status="read", error_code=None, now=NOW,
                         templates=book) is None


def test_a_batch_of_statuses_leaves_rows_as_the_same_statuses_told_one_at_a_time(db) -> None:  # type: ignore[no-untyped-def]
    import random

    from bot.delivery import StatusUpdate, record_statuses

    with transaction(db) as session:
        seller = Seller(created_at=NOW, updated_at=NOW, stage_changed_at=NOW)
        campaign = Campaign(name="batch", created_at=NOW, updated_at=NOW)
        session.add(seller)
        session.add(campaign)
        session.flush()
        for n in range(30):
            _make_pair(session, n, ("sending", "sent")[n % 2], ("outboxed", None)[n % 3 == 0], seller.id, campaign.id)
    # The same message told several statuses in one batch, out of order, repeated, a failure among them, one not ours.
    random.seed(15)
    told = [(random.randrange(32), random.choice(("sent", "delivered", "read", "read", "failed", "queued"))) for _ in range(150)]
    book = TemplateBook()
    batch = [StatusUpdate("whatsapp", f"SMA{n:06d}", status, "30003" if status == "failed" else None) for n, status in told]
    together = record_statuses(engine=db, updates=batch, now=NOW, templates=book)
    alone = [record_status(engine=db, channel="whatsapp", provider_message_id=f"SMB{n:06d}", status=status,
                           error_code="30003" if status == "failed" else None, now=NOW, templates=book) for n, status in told]
    assert together == alone
    assert together.count(None) == sum(n >= 30 for n, _ in told) > 0
    with Session(db) as session:
        for n in range(30):
            assert _state(session, f"SMA{n:06d}") == _state(session, f"SMB{n:06d}"), n
        assert {_state(session, f"SMA{n:06d}")[0] for n in range(30)} >= {"read", "failed"}


def test_statuses_told_together_are_written_together_and_each_caller_gets_its_own_answer(db) -> None:  # type: ignore[no-untyped-def]
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    from bot.delivery import StatusUpdate, StatusWriter

    with transaction(db) as session:
        seller = Seller(created_at=NOW, updated_at=NOW, stage_changed_at=NOW)
        session.add(seller)
        session.flush()
        for n in range(40):
            session.add(OutboxMessage(channel="whatsapp", kind="reply", payload={"to": "whatsapp:+919800000001", "text": "namaste"}, status="sent",
                                      provider_message_id=f"SMW{n:06d}", seller_id=seller.id, due_at=NOW, created_at=NOW, updated_at=NOW))
    pool = ThreadPoolExecutor(1)

    async def run(job):  # type: ignore[no-untyped-def]
        return await asyncio.get_running_loop().run_in_executor(pool, job)

    writer = StatusWriter(db, TemplateBook(), lambda: NOW, run)

    async def tell() -> list[str | None]:
        told = [StatusUpdate("whatsapp", f"SMW{n:06d}", "delivered") for n in range(40)]
        told += [StatusUpdate("whatsapp", "SMnot-ours", "read"), StatusUpdate("whatsapp", "SMW000003", "read")]
        return await asyncio.gather(*(writer.record(one) for one in told))

    answers = asyncio.run(tell())
    pool.shutdown()
    assert answers == ["applied"] * 40 + [None, "applied"]
    assert 1 <= writer.batches < 10  # grouped: not one transaction each
    with Session(db) as session:
        statuses = {row.provider_message_id: row.status for row in session.exec(OutboxMessage.__table__.select())}
    assert statuses["SMW000003"] == "read" and all(statuses[f"SMW{n:06d}"] in ("delivered", "read") for n in range(40))


async def test_statuses_that_come_before_their_message_id_is_written_are_applied_when_it_is(db) -> None:  # type: ignore[no-untyped-def]
    """Twilio may report a message before the worker has recorded the send's answer: nothing it said is lost."""
    from bot.channels.base import SendResult
    from bot.store.models import EarlyStatus
    from tests.test_worker import ScriptedSender, _queue, _seller, _worker

    book = TemplateBook()
    _queue(db, _seller(db))
    # The callbacks arrive while the send is still on its way: sent, then delivered and read.
    for status in ("sent", "delivered", "read"):
        assert record_status(engine=db, channel="whatsapp", provider_message_id="SMearly1", status=status, error_code=None, now=NOW,
                             templates=book) is None
    assert await _worker(db, ScriptedSender("whatsapp", SendResult("sent", provider_message_id="SMearly1"))).run_once() == 1
    with Session(db) as session:
        row = session.exec(OutboxMessage.__table__.select()).one()
        assert (row.status, row.provider_message_id) == ("read", "SMearly1")
        assert session.exec(EarlyStatus.__table__.select()).all() == []
    # One for a message that never turns up is let go after a day.
    record_status(engine=db, channel="whatsapp", provider_message_id="SMnever", status="read", error_code=None, now=NOW, templates=book)
    record_status(engine=db, channel="whatsapp", provider_message_id="SMlater", status="read", error_code=None, now=NOW + timedelta(days=2),
                  templates=book)
    with Session(db) as session:
        assert [r.provider_message_id for r in session.exec(EarlyStatus.__table__.select())] == ["SMlater"]
