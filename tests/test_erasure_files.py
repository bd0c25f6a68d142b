"""After an erasure nothing of the erased seller is left in SQLite's files: not in the database, not in its write-ahead log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import inspect, text

from bot.engine.model import Inbound

NAME, BUSINESS, EMAIL = "Zebulonquixote Prasad", "Quixotica Handlooms", "zebulon.quixote@example.in"


def _files(db) -> list[Path]:  # type: ignore[no-untyped-def]
    database = Path(db.url.database)
    return [path for path in (database, Path(f"{database}-wal"), Path(f"{database}-shm")) if path.exists()]


def test_an_erased_sellers_words_are_in_no_file_of_the_database(client, db) -> None:  # type: ignore[no-untyped-def]
    if db.dialect.name != "sqlite":
        pytest.skip("reads SQLite's own files; PostgreSQL's pages and WAL are the server's, covered by its vacuum and backups policy")
    runner = client.app.state.saathi.runner
    phone = "+919811199999"
    answers = [
        Inbound(kind="text", text="namaste", phone=phone), Inbound(kind="button", button="ask_language:en", phone=phone),
        Inbound(kind="button", button="ask_consent:yes", phone=phone), Inbound(kind="text", text=NAME, phone=phone),
        Inbound(kind="text", text=BUSINESS, phone=phone),
    ]
    for inbound in answers:
        runner.handle(channel="whatsapp", external_id=phone, inbound=inbound)
    stored = b"".join(path.read_bytes() for path in _files(db))
    assert NAME.encode() in stored and BUSINESS.encode() in stored  # the check can see them while they are there

    runner.handle(channel="whatsapp", external_id=phone, inbound=Inbound(kind="text", text="erase my data", phone=phone))
    handled = runner.handle(channel="whatsapp", external_id=phone, inbound=Inbound(kind="button", button="confirm_erase:yes", phone=phone))
    assert handled.erased and handled.seller.erased_at is not None
    left = b"".join(path.read_bytes() for path in _files(db))
    for secret in (NAME, BUSINESS, "Quixotica", "Zebulonquixote"):
        assert secret.encode() not in left, f"{secret!r} is still in the database files"
    wal = Path(f"{db.url.database}-wal")
    assert not wal.exists() or wal.stat().st_size == 0  # the log was emptied
    # The number stays only where the confirmation must still go to: the one row waiting to be sent.
    with db.connect() as conn:
        holders = [(t, row) for t in inspect(db).get_table_names() for row in conn.execute(text(f"SELECT * FROM {t}"))
                   if any(phone[3:] in str(value) for value in row)]
    assert [t for t, _ in holders] == ["outboxmessage"] and holders[0][1].seller_id is None and holders[0][1].status == "pending"


def test_once_the_confirmation_is_sent_the_number_leaves_the_files_too(client, db) -> None:  # type: ignore[no-untyped-def]
    from bot.channels.base import SendResult
    from bot.delivery import TemplateBook
    from bot.outbox import Claimed
    from bot.worker.record import Recorder

    if db.dialect.name != "sqlite":
        pytest.skip("reads SQLite's own files; PostgreSQL's pages and WAL are the server's, covered by its vacuum and backups policy")
    runner = client.app.state.saathi.runner
    phone = "+919811188888"
    for inbound in (Inbound(kind="text", text="namaste", phone=phone), Inbound(kind="button", button="ask_language:en", phone=phone),
                    Inbound(kind="button", button="ask_consent:yes", phone=phone), Inbound(kind="text", text="erase my data", phone=phone),
                    Inbound(kind="button", button="confirm_erase:yes", phone=phone)):
        runner.handle(channel="whatsapp", external_id=phone, inbound=inbound)
    with db.begin() as conn:  # the worker claims the confirmation …
        row = conn.execute(text("SELECT id, channel, kind FROM outboxmessage WHERE seller_id IS NULL AND status = 'pending'")).one()
        conn.execute(text("UPDATE outboxmessage SET status = 'sending', claimed_by = 'w1' WHERE id = :id"), {"id": row.id})
    recorder = Recorder(db, worker_id="w1", clock=client.app.state.saathi.clock, templates=TemplateBook(), max_attempts=3, backoff_base=1,
                        backoff_cap=5, jitter=lambda: 0.0)
    claimed = Claimed(id=row.id, channel=row.channel, kind=row.kind, payload={}, attempts=1)
    recorder.record_many([(claimed, SendResult(outcome="sent", provider_message_id="SM123"))])  # … and sends it
    left = b"".join(path.read_bytes() for path in _files(db))
    assert phone[3:].encode() not in left and phone.encode() not in left
