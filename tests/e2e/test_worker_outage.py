"""The worker process started with Telegram unreachable keeps sending WhatsApp, and says Telegram is degraded without its token."""

from __future__ import annotations

import os
import signal
import time
from datetime import UTC, datetime

import httpx
from sqlmodel import Session, select

from bot.channels.base import OutboundPayload
from bot.store.db import make_engine, transaction
from bot.store.models import ChannelIdentity, OutboxMessage, Seller
from tests.fakes import ChildLog, Recorder, fake_twilio, free_port, serve, start_worker

TOKEN = "123456:WORKER-secret-token"


def test_the_worker_sends_whatsapp_while_telegram_is_unreachable(sqlite_url: str) -> None:
    url = sqlite_url
    engine = make_engine(url)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        seller = Seller(created_at=now, updated_at=now, stage_changed_at=now)
        session.add(seller)
        session.flush()
        # The seller wrote a minute ago: a free-form reply is inside WhatsApp's window.
        session.add(ChannelIdentity(seller_id=seller.id, channel="whatsapp", external_id="+919812345678", created_at=now, last_inbound_at=now))
        payload = OutboundPayload(to="+919812345678", text="नमस्ते").to_json()
        session.add(OutboxMessage(channel="whatsapp", kind="reply", priority=1, payload=payload, due_at=now, created_at=now, updated_at=now))
    recorder = Recorder()
    with serve(fake_twilio(recorder)) as twilio_root:
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "TELEGRAM_BOT_TOKEN": TOKEN,
            "TELEGRAM_API_BASE_URL": f"http://127.0.0.1:{free_port()}",
            "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
            "TWILIO_AUTH_TOKEN": "twilio-auth-token-0123456789abcdef",
            "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "TWILIO_API_BASE_URL": twilio_root,
            "PUBLIC_BASE_URL": "https://saathi.example.in",
            "WORKER_METRICS_PORT": str(metrics_port := free_port()),
        }
        worker = start_worker(env, output := ChildLog())
        try:
            recorder.wait_for("Messages", 1, timeout=30)
            deadline = time.monotonic() + 10
            while time.monotonic() < deadline:
                with Session(engine) as session:
                    if session.exec(select(OutboxMessage.status)).one() == "sent":
                        break
                time.sleep(0.1)
            assert worker.poll() is None, "the worker stopped"
            # The worker's own metrics say the same: Telegram degraded, WhatsApp up and its message sent.
            scraped = httpx.get(f"http://127.0.0.1:{metrics_port}/metrics", timeout=5).text
            assert 'saathi_channel_up{channel="telegram"} 0.0' in scraped and 'saathi_channel_up{channel="whatsapp"} 1.0' in scraped
            assert 'saathi_sends_total{channel="whatsapp",error_code="",outcome="sent"} 1.0' in scraped
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=20)
    log = output.text()
    assert worker.returncode == 0, log[-2000:]
    assert "telegram is degraded" in log and TOKEN not in log and "WORKER-secret" not in log
    with Session(engine) as session:
        assert session.exec(select(OutboxMessage.status)).one() == "sent"
