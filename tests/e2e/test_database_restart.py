"""PostgreSQL restarted in the middle of a broadcast: the worker reconnects, takes its sending rights again and finishes, nothing lost."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from datetime import UTC, datetime

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.channels.base import OutboundPayload
from bot.store.db import make_engine, transaction
from bot.store.models import OutboxMessage
from bot.worker import LANES
from tests.fakes import ChildLog, Recorder, fake_telegram, serve, start_worker

ROWS, BATCH = 1500, 25


def _cluster() -> list[str]:
    """Return the command that restarts the local PostgreSQL cluster, or skip when this machine cannot."""
    if not shutil.which("pg_ctlcluster") or not shutil.which("pg_lsclusters") or os.geteuid() != 0:
        pytest.skip("restarting PostgreSQL needs Debian's pg_ctlcluster and root (as in CI)")
    version, name = subprocess.run(["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True).stdout.split()[:2]
    return ["pg_ctlcluster", version, name, "restart", "-m", "fast"]


def _counts(engine) -> dict[str, int]:  # type: ignore[no-untyped-def]
    for _ in range(50):  # the test's own reads ride out the restart too
        try:
            with Session(engine) as session:
                return dict(session.exec(select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)).all())
        except Exception:  # noqa: BLE001 - the server is coming back
            time.sleep(0.2)
    raise AssertionError("the database did not come back")


def test_a_broadcast_finishes_with_nothing_lost_across_a_database_restart(db, database_url: str) -> None:  # type: ignore[no-untyped-def]
    if db.dialect.name != "postgresql":
        pytest.skip("restarts the PostgreSQL server; CI runs this with DATABASE_URL set to it")
    restart = _cluster()
    engine = make_engine(database_url)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        for n in range(ROWS):
            payload = OutboundPayload(to=str(8_000_000 + n), text=f"broadcast {n}").to_json()
            session.add(OutboxMessage(channel="telegram", kind="broadcast", priority=9, payload=payload, due_at=now, created_at=now, updated_at=now))
    recorder = Recorder(delay=0.01)
    with serve(fake_telegram(recorder)) as root:
        env = {
            **os.environ, "DATABASE_URL": database_url, "TELEGRAM_BOT_TOKEN": "123456:RESTART-test", "TELEGRAM_API_BASE_URL": root,
            "TELEGRAM_PER_SECOND": "100", "WORKER_BATCH_SIZE": str(BATCH), "WORKER_LEASE_SECONDS": "20", "PUBLIC_BASE_URL": "https://saathi.example.in",
        }
        worker = start_worker(env, log := ChildLog())
        try:
            recorder.wait_for("sendMessage", 300, timeout=60)
            subprocess.run(restart, check=True, capture_output=True, timeout=60)
            restarted_with = len(recorder.named("sendMessage"))
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                counts = _counts(engine)
                if not counts.get("pending") and not counts.get("sending"):
                    break
                time.sleep(0.5)
            assert worker.poll() is None, "the worker stopped"
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
    engine.dispose()
    assert restarted_with < ROWS, "the broadcast was over before the restart"
    assert counts == {"sent": ROWS}, (counts, log.text()[-2000:])
    chats = [int(body["chat_id"]) for body in recorder.named("sendMessage")]
    assert set(chats) == {8_000_000 + n for n in range(ROWS)}
    assert len(chats) - ROWS <= LANES * BATCH * 2  # at most what was sent and not yet recorded when the server went
    # The outage is told in a line when it starts and one when it ends, not a traceback for every try.
    text = log.text()
    assert "the database cannot be reached" in text and "the database is back" in text, text[-2000:]
    assert "Traceback" not in text, text[-4000:]
