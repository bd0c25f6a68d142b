"""Kill -9 a web process under inbound load: every message it answered 200 is in the database and gets its reply."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from bot.store.db import make_engine
from bot.store.models import MessageLog
from tests.fakes import Recorder, fake_twilio, free_port, serve, whatsapp_form

ROOT = Path(__file__).resolve().parents[2]
TOKEN, PUBLIC, MESSAGES = "web-kill-twilio-token-0123456789", "https://saathi.example.in", 240


def _web(env: dict[str, str], port: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "uvicorn", "api.main:app", "--host", "127.0.0.1", "--port", str(port)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def _ready(root: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{root}/readyz", timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.1)
    raise AssertionError("the web process did not become ready")


def test_what_a_killed_web_process_answered_200_is_kept_and_answered(sqlite_url: str) -> None:
    url = sqlite_url
    twilio = Recorder()
    answered: list[str] = []  # MessageSids the web process answered 200
    with serve(fake_twilio(twilio)) as twilio_root:
        port = free_port()
        root = f"http://127.0.0.1:{port}"
        env = {
            **os.environ, "DATABASE_URL": url, "PUBLIC_BASE_URL": PUBLIC, "WORKER_IN_PROCESS": "false", "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
            "TWILIO_AUTH_TOKEN": TOKEN, "TWILIO_WHATSAPP_FROM": "whatsapp:+14155238886", "TWILIO_API_BASE_URL": twilio_root,
        }
        web = _web(env, port)
        worker = subprocess.Popen([sys.executable, "-m", "bot", "worker"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        stop = threading.Event()

        def load() -> None:
            """Post one message per seller back to back, as Twilio would, noting the ones answered 200."""
            validator = RequestValidator(TOKEN)
            with httpx.Client(timeout=5) as client:
                for n in range(MESSAGES):
                    if stop.is_set():
                        return
                    form = whatsapp_form(f"SM{n:032d}", f"+9196543{n:05d}", "namaste")
                    signature = validator.compute_signature(PUBLIC + "/webhooks/twilio/whatsapp", form)
                    try:
                        response = client.post(f"{root}/webhooks/twilio/whatsapp", data=form, headers={"X-Twilio-Signature": signature})
                    except httpx.HTTPError:
                        time.sleep(0.05)  # the process is gone: this message is not acknowledged (Twilio would try its fallback)
                        continue
                    if response.status_code == 200:
                        answered.append(form["MessageSid"])

        try:
            _ready(root)
            sender = threading.Thread(target=load)
            sender.start()
            while len(answered) < 60:
                time.sleep(0.01)
            web.send_signal(signal.SIGKILL)  # mid-load: some requests are in the middle of their turn
            web.wait(timeout=10)
            web = _web(env, port)  # the process manager starts it again
            _ready(root)
            sender.join(timeout=120)
            stop.set()
            twilio.wait_for("Messages", len(answered), timeout=60)
        finally:
            stop.set()
            for process in (web, worker):
                process.send_signal(signal.SIGTERM)
                process.wait(timeout=30)
    engine = make_engine(url)
    with Session(engine) as session:
        logged = set(session.exec(select(MessageLog.provider_message_id).where(MessageLog.direction == "in")).all())
    engine.dispose()
    assert 60 < len(answered) < MESSAGES  # the kill came in the middle of the load, and some messages were refused while it was down
    missing = [sid for sid in answered if sid not in logged]
    assert not missing, f"{len(missing)} messages answered 200 are not in the database"
    replied_to = {body["To"] for body in twilio.named("Messages")}
    unanswered = [sid for sid in answered if f"whatsapp:+9196543{int(sid[2:]):05d}" not in replied_to]
    assert not unanswered, f"{len(unanswered)} acknowledged messages got no reply"
