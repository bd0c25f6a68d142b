"""The scaled layout (Procfile.scale under honcho): two web and two worker processes on PostgreSQL answer every message once, duplicates across processes included."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from bot.store.models import OutboxMessage
from tests.fakes import ChildLog, Recorder, fake_telegram, fake_twilio, serve, telegram_text_update, whatsapp_form

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
TG_SECRET, TWILIO_TOKEN, TOKEN = "scale-webhook-secret", "scale-twilio-token-0123456789", "123456:SCALE-test-token"
TEMPLATES = json.dumps({kind: {"hi": "HX" + "a" * 32, "en": "HX" + "b" * 32} for kind in ("reply", "resume", "reminder", "status", "staff")})


def _free_base() -> int:
    """Return a port base whose +100, +101, +200 and +201 (honcho's ports for web and worker) are free."""
    for base in range(21_000, 60_000, 1_000):
        ports = [base + offset for offset in (0, 100, 101, 200, 201)]
        try:
            for port in ports:
                with socket.socket() as sock:
                    sock.bind(("127.0.0.1", port))
        except OSError:
            continue
        return base
    raise RuntimeError("no free ports")


@pytest.fixture
def layout(db, database_url: str) -> Iterator[tuple[list[str], Recorder, Recorder, subprocess.Popen]]:  # type: ignore[no-untyped-def]
    """Run honcho with two web and two worker processes against the test database and fake providers; yield the web roots."""
    if db.dialect.name != "postgresql":
        pytest.skip("several processes share one database only on PostgreSQL; CI runs this with DATABASE_URL set to it")
    telegram, twilio = Recorder(), Recorder()
    with serve(fake_telegram(telegram)) as telegram_root, serve(fake_twilio(twilio)) as twilio_root:
        base = _free_base()
        webs = [f"http://127.0.0.1:{base + 100}", f"http://127.0.0.1:{base + 101}"]
        env = {
            **os.environ, "PATH": f"{BIN}:{os.environ.get('PATH', '')}", "DATABASE_URL": database_url, "SECRET_KEY": "scale-test-secret-key-0123456789abcdef",
            "PUBLIC_BASE_URL": webs[0], "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_WEBHOOK_SECRET": TG_SECRET, "TELEGRAM_API_BASE_URL": telegram_root,
            "TWILIO_ACCOUNT_SID": "AC" + "1" * 32, "TWILIO_AUTH_TOKEN": TWILIO_TOKEN, "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886",
            "TWILIO_API_BASE_URL": twilio_root, "WHATSAPP_TEMPLATES": TEMPLATES,
        }
        honcho = subprocess.Popen(
            [str(BIN / "honcho"), "-f", "Procfile.scale", "start", "-p", str(base), "-c", "providers=0,web=2,worker=2"],
            cwd=ROOT, env=env, stdout=(output := ChildLog()).file, stderr=subprocess.STDOUT, start_new_session=True,
        )
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                try:
                    if all(httpx.get(f"{web}/readyz", timeout=2).status_code == 200 for web in webs):
                        break
                except httpx.HTTPError:
                    pass
                assert honcho.poll() is None, output.text()[-3000:]
                time.sleep(0.3)
            else:
                pytest.fail("the web processes did not become ready")
            yield webs, telegram, twilio, honcho
        finally:
            os.killpg(honcho.pid, signal.SIGTERM)
            try:
                honcho.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(honcho.pid, signal.SIGKILL)


def _whatsapp(web: str, public: str, sid: str, phone: str, text: str) -> int:
    form = whatsapp_form(sid, phone, text)
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(public + "/webhooks/twilio/whatsapp", form)
    return httpx.post(f"{web}/webhooks/twilio/whatsapp", data=form, headers={"X-Twilio-Signature": signature}, timeout=10).status_code


def _telegram(web: str, update: dict) -> int:
    return httpx.post(f"{web}/webhooks/telegram", json=update, headers={"X-Telegram-Bot-Api-Secret-Token": TG_SECRET}, timeout=10).status_code


def _settled(recorder: Recorder, method: str, count: int) -> int:
    """Wait for `count` calls, then a little longer for any extra; return how many came."""
    recorder.wait_for(method, count, timeout=30)
    time.sleep(2)
    return sum(call.method == method for call in recorder.calls)


def test_two_web_and_two_worker_processes_answer_each_message_once(layout) -> None:  # type: ignore[no-untyped-def]
    webs, telegram, twilio, _ = layout
    sends = []
    # Ten sellers on each channel; each message is delivered to both web processes at once, as a provider retrying would.
    with ThreadPoolExecutor(8) as pool:
        for n in range(10):
            for web in webs:
                sends.append(pool.submit(_whatsapp, web, webs[0], f"SM{n:032d}", f"+9198123{n:05d}", "namaste"))
                sends.append(pool.submit(_telegram, web, telegram_text_update(90_000 + n, 8_100_000 + n, "नमस्ते")))
    assert [s.result() for s in sends] == [200] * 40
    assert _settled(twilio, "Messages", 10) == 10  # one reply per message, never two
    assert _settled(telegram, "sendMessage", 10) == 10
    # Each process counts the turns it ran; which of the two took each message is a race, so their metrics are read together.
    metrics = "".join(httpx.get(f"{web}/metrics", timeout=5).text for web in webs)
    assert 'saathi_turns_total{channel="whatsapp",outcome="answered"}' in metrics


def _status(web: str, public: str, sid: str, status: str, error_code: str = "") -> int:
    form = {"MessageSid": sid, "SmsSid": sid, "MessageStatus": status, "SmsStatus": status, "AccountSid": "AC" + "1" * 32,
            "From": "whatsapp:+14155238886", "To": "whatsapp:+919812300000", "ApiVersion": "2010-04-01", "ErrorCode": error_code}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(public + "/webhooks/twilio/status", form)
    return httpx.post(f"{web}/webhooks/twilio/status", data=form, headers={"X-Twilio-Signature": signature}, timeout=10).status_code


def test_a_status_delivered_to_two_processes_at_once_resends_a_template_once(layout, db) -> None:  # type: ignore[no-untyped-def]
    webs, _, twilio, _ = layout
    for n in range(6):
        assert _whatsapp(webs[0], webs[0], f"SM{500 + n:032d}", f"+9198124{n:05d}", "namaste") == 200
    _settled(twilio, "Messages", 6)

    with Session(db) as session:
        sids = [sid for sid in session.exec(select(OutboxMessage.provider_message_id).where(OutboxMessage.channel == "whatsapp")) if sid]
    assert len(sids) == 6
    # "Outside the 24-hour window" (63016), sent twice by Twilio and taken by both web processes at the same moment.
    with ThreadPoolExecutor(12) as pool:
        answers = [pool.submit(_status, web, webs[0], sid, "undelivered", "63016") for sid in sids for web in webs]
    assert {a.result() for a in answers} == {204}
    assert _settled(twilio, "Messages", 12) == 12  # one template each, never two
    assert sum(1 for call in twilio.calls if call.params.get("ContentSid")) == 6
