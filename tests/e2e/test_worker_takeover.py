"""Kill -9 a worker twenty times at random moments of a broadcast, a standby always beside it: nothing is lost, duplicates stay within what was in flight, sending resumes within seconds."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from bot.channels.base import OutboundPayload
from bot.store.db import make_engine, transaction
from bot.store.migrate import upgrade
from bot.store.models import OutboxMessage
from bot.worker import LANES
from tests.fakes import Recorder, fake_telegram, serve

ROOT = Path(__file__).resolve().parents[2]
ROWS, KILLS, BATCH, RESUME_WITHIN = 2000, 20, 20, 30.0


def _start(env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _left(engine) -> int:  # type: ignore[no-untyped-def]
    with Session(engine) as session:
        return session.exec(select(func.count()).where(OutboxMessage.status.in_(("pending", "sending")))).one()


def test_twenty_kills_of_a_worker_lose_nothing_and_the_standby_takes_over(db, database_url: str, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # On PostgreSQL the sending rights are advisory locks, on SQLite a locked file beside the database: both are tried in CI.
    if db.dialect.name == "postgresql":
        url = database_url
    else:
        url = f"sqlite:///{tmp_path / 'takeover.db'}"
        upgrade(url)
    engine = make_engine(url)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        for n in range(ROWS):
            payload = OutboundPayload(to=str(7_000_000 + n), text=f"broadcast {n}").to_json()
            session.add(OutboxMessage(channel="telegram", kind="broadcast", priority=9, payload=payload, due_at=now, created_at=now, updated_at=now))
    rng = random.Random(20261203)
    recorder = Recorder(delay=0.01)
    resumes: list[float] = []
    with serve(fake_telegram(recorder)) as root:
        env = {
            **os.environ, "DATABASE_URL": url, "TELEGRAM_BOT_TOKEN": "123456:TAKEOVER-test", "TELEGRAM_API_BASE_URL": root,
            "TELEGRAM_PER_SECOND": "150", "WORKER_BATCH_SIZE": str(BATCH), "PUBLIC_BASE_URL": "https://saathi.example.in",
            "WORKER_LEASE_SECONDS": "120",  # far longer than the test: a takeover must not wait for the lease
        }
        workers = [_start(env), _start(env)]
        try:
            recorder.wait_for("sendMessage", 50, timeout=60)
            for _ in range(KILLS):
                time.sleep(rng.uniform(0.2, 1.2))
                victim = workers.pop(rng.randrange(len(workers)))
                victim.send_signal(signal.SIGKILL)
                victim.wait(timeout=10)
                killed_at, sent_then = time.monotonic(), len(recorder.named("sendMessage"))
                workers.append(_start(env))  # a new standby, as a process manager would start one
                while len(recorder.named("sendMessage")) == sent_then and time.monotonic() - killed_at < 60 and _left(engine):
                    time.sleep(0.05)
                resumes.append(time.monotonic() - killed_at)
            deadline = time.monotonic() + 120
            while _left(engine) and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            for worker in workers:
                worker.send_signal(signal.SIGKILL)
                worker.wait(timeout=10)
    with Session(engine) as session:
        counts = dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
    engine.dispose()
    assert counts == {"sent": ROWS}, counts  # every recipient's message ended sent
    chats = [int(body["chat_id"]) for body in recorder.named("sendMessage")]
    assert set(chats) == {7_000_000 + n for n in range(ROWS)}
    duplicates = len(chats) - ROWS
    # Each kill may leave what the killed sender had out at that moment: a claimed batch per lane.
    assert duplicates <= KILLS * LANES * BATCH, duplicates
    assert max(resumes) < RESUME_WITHIN, resumes
    print(f"\n{KILLS} kills: {duplicates} duplicate sends; sending resumed after at most {max(resumes):.1f} s (median {sorted(resumes)[KILLS // 2]:.1f} s)")
