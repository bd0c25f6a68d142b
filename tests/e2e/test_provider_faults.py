"""Providers that fail as real ones do (5 % server errors, 1 % timeouts, bursts of 429 with a wait): every message ends sent, or failed with a reason, and sending stays under the limit."""

from __future__ import annotations

import os
import signal
import threading
import time
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from bot.channels.base import OutboundPayload
from bot.store.db import make_engine, transaction
from bot.store.models import ChannelIdentity, OutboxMessage, Seller
from tests.fakes import ChildLog, Recorder, fake_telegram, fake_twilio, serve, start_worker

PER_CHANNEL, WA_LIMIT, TG_LIMIT = 240, 40, 40


class Faults:
    """Answer like a provider on a bad day, and note when each request that was let through arrived."""

    def __init__(self, too_many: tuple[int, dict[str, Any], dict[str, str]]) -> None:
        self.too_many = too_many
        self.seen = 0
        self.accepted: list[float] = []
        self.faults: dict[str, int] = {"5xx": 0, "timeout": 0, "429": 0}
        self.lock = threading.Lock()

    def __call__(self, method: str, params: dict[str, Any]) -> tuple[Any, ...] | None:
        """Return a fault for some sends (None lets the normal answer through): of every hundred, a burst of five 429s, five 5xx, one timeout."""
        if method not in ("Messages", "sendMessage"):
            return None
        with self.lock:
            self.seen += 1
            k = self.seen % 100
            if 40 <= k < 45:
                self.faults["429"] += 1
                return self.too_many
            if k % 20 == 3:
                self.faults["5xx"] += 1
                return (503, {"message": "Service Unavailable", "code": 20500, "status": 503})
            if k == 77:
                self.faults["timeout"] += 1
                return (200, None, {}, 2.5)  # the answer comes after the sender stopped waiting
            self.accepted.append(time.monotonic())
            return None

    def busiest_second(self) -> int:
        """Return the most sends let through within any one second."""
        times, most, start = sorted(self.accepted), 0, 0
        for end, at in enumerate(times):
            while at - times[start] >= 1.0:
                start += 1
            most = max(most, end - start + 1)
        return most


def test_every_message_ends_sent_or_failed_with_a_reason_under_provider_faults(sqlite_url: str) -> None:
    url = sqlite_url
    engine = make_engine(url)
    now = datetime.now(UTC)
    with transaction(engine) as session:
        for n in range(PER_CHANNEL):
            seller = Seller(created_at=now, updated_at=now, stage_changed_at=now)
            session.add(seller)
            session.flush()
            phone = f"+9198760{n:05d}"
            session.add(ChannelIdentity(seller_id=seller.id, channel="whatsapp", external_id=phone, created_at=now, last_inbound_at=now))
            for channel, to in (("whatsapp", phone), ("telegram", str(6_000_000 + n))):
                payload = OutboundPayload(to=to, text=f"message {n}").to_json()
                session.add(OutboxMessage(channel=channel, kind="reply", priority=1, payload=payload, due_at=now, created_at=now, updated_at=now,
                                          seller_id=seller.id))
    wa_faults = Faults((429, {"code": 20429, "message": "Too Many Requests", "status": 429}, {"Retry-After": "1"}))
    tg_faults = Faults((429, {"ok": False, "error_code": 429, "description": "Too Many Requests: retry after 1", "parameters": {"retry_after": 1}}))
    twilio, telegram = Recorder(script=wa_faults), Recorder(script=tg_faults)
    with serve(fake_twilio(twilio)) as twilio_root, serve(fake_telegram(telegram)) as telegram_root:
        env = {
            **os.environ, "DATABASE_URL": url, "PUBLIC_BASE_URL": "https://saathi.example.in",
            "TELEGRAM_BOT_TOKEN": "123456:FAULTS-test", "TELEGRAM_API_BASE_URL": telegram_root, "TELEGRAM_PER_SECOND": str(TG_LIMIT),
            "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": "faults-twilio-token-0123456789", "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "TWILIO_API_BASE_URL": twilio_root, "WHATSAPP_PER_SECOND": str(WA_LIMIT), "TWILIO_TIMEOUT_SECONDS": "1",
        }
        worker = start_worker(env, log := ChildLog())
        try:
            deadline = time.monotonic() + 150
            while time.monotonic() < deadline:
                with Session(engine) as session:
                    if not session.exec(select(func.count()).where(OutboxMessage.status.in_(("pending", "sending")))).one():
                        break
                time.sleep(0.3)
        finally:
            worker.send_signal(signal.SIGTERM)
            worker.wait(timeout=30)
    assert worker.returncode == 0, log.text()[-2000:]
    with Session(engine) as session:
        rows = session.exec(select(OutboxMessage.channel, OutboxMessage.status, OutboxMessage.error, OutboxMessage.attempts)).all()
    engine.dispose()
    assert len(rows) == 2 * PER_CHANNEL
    assert {status for _, status, _, _ in rows} <= {"sent", "failed"}, [r for r in rows if r[1] not in ("sent", "failed")][:5]
    assert all(error for _, status, error, _ in rows if status == "failed")  # a failure says why
    assert max(attempts for *_, attempts in rows) <= 8  # within the retry cap
    for faults in (wa_faults, tg_faults):
        assert all(faults.faults.values()), faults.faults  # each kind of fault was met
    # What got through stayed under each account's limit in every second, 429 bursts and retries included.
    assert wa_faults.busiest_second() <= WA_LIMIT, wa_faults.busiest_second()
    assert tg_faults.busiest_second() <= TG_LIMIT, tg_faults.busiest_second()
    sent = sum(status == "sent" for _, status, _, _ in rows)
    print(f"\nprovider faults: {sent} of {len(rows)} sent, {len(rows) - sent} failed with a reason; WhatsApp {wa_faults.faults}, "
          f"Telegram {tg_faults.faults}; busiest second {wa_faults.busiest_second()}/{WA_LIMIT} and {tg_faults.busiest_second()}/{TG_LIMIT}")
