"""Kill the worker process mid-send; after a restart every outbox row ends sent or failed, none lost."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime

from sqlalchemy import func
from sqlmodel import Session, select

from bot.channels.base import OutboundPayload
from bot.store.db import make_engine, transaction
from bot.store.models import OutboxMessage
from bot.worker import LANES
from tests.fakes import ChildLog, Recorder, fake_telegram, serve, start_worker

ROWS = 120


def _counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())


def test_a_killed_worker_loses_no_message(sqlite_url: str) -> None:
    url = sqlite_url
    engine = make_engine(url)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        for n in range(ROWS):
            payload = OutboundPayload(to=str(7_000_000 + n), text=f"message {n}").to_json()
            session.add(OutboxMessage(channel="telegram", kind="broadcast", priority=9, payload=payload, due_at=now, created_at=now, updated_at=now))

    recorder = Recorder(delay=0.02)
    with serve(fake_telegram(recorder)) as root:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": "123456:CRASH-test",
            "TELEGRAM_API_BASE_URL": root,
            "TELEGRAM_PER_SECOND": "400",
            "WORKER_BATCH_SIZE": "25",
            "WORKER_LEASE_SECONDS": "1",
            "PUBLIC_BASE_URL": "https://saathi.example.in",
        }
        first = start_worker(env)
        try:
            recorder.wait_for("sendMessage", 30, timeout=30)
        finally:
            first.send_signal(signal.SIGKILL)
            first.wait(timeout=10)
        assert first.returncode == -signal.SIGKILL
        mid = _counts(engine)
        assert mid.get("sent", 0) < ROWS, f"the worker finished before it was killed: {mid}"

        second = start_worker(env, log := ChildLog())
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                counts = _counts(engine)
                if counts.get("pending", 0) == 0 and counts.get("sending", 0) == 0:
                    break
                time.sleep(0.2)
        finally:
            second.send_signal(signal.SIGTERM)
            second.wait(timeout=20)
        assert second.returncode == 0, log.text()[-2000:]

    counts = _counts(engine)
    assert sum(counts.values()) == ROWS
    assert set(counts) <= {"sent", "failed"}, counts
    delivered_chats = {int(body["chat_id"]) for body in recorder.named("sendMessage")}
    assert delivered_chats == {7_000_000 + n for n in range(ROWS)}
    duplicates = len(recorder.named("sendMessage")) - ROWS
    in_flight = LANES * 25  # each sending lane may have had one claimed batch out when it was killed
    assert duplicates <= in_flight, f"{duplicates} messages went twice: more than the batches that were in flight"
    engine.dispose()
