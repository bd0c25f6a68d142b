"""A provider down at start-up degrades its channel, never the app: the rest serves, the channel recovers when it is back."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import create_engine

from api.main import create_app
from bot.settings import Settings
from tests.conftest import TEST_SECRET
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    PUBLIC,
    TG_SECRET,
    TWILIO_TOKEN,
    post_telegram,
    post_whatsapp,
    telegram_server,
    twilio_server,
)
from tests.fakes import Recorder, fake_telegram, fake_twilio, free_port, serve, telegram_text_update, whatsapp_form

BOT_TOKEN = "123456:TEST-secret-token-xyz"


def _settings(database_url: str, telegram_root: str, twilio_root: str) -> Settings:
    return Settings(
        environment="test", database_url=database_url, secret_key=TEST_SECRET,
        telegram_bot_token=BOT_TOKEN, telegram_webhook_secret=TG_SECRET, telegram_api_base_url=telegram_root,
        twilio_account_sid="AC" + "1" * 32, twilio_auth_token=TWILIO_TOKEN, twilio_whatsapp_from="whatsapp:+14155238886",
        twilio_api_base_url=twilio_root, public_base_url=PUBLIC,
    )


@pytest.fixture
def unreachable_telegram(db, database_url, twilio_server, caplog) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    """The app started with nothing listening where Telegram should be."""
    caplog.set_level(logging.INFO)
    nowhere = f"http://127.0.0.1:{free_port()}"
    with TestClient(create_app(_settings(database_url, nowhere, twilio_server[0]))) as client:
        yield client


def test_the_app_serves_with_telegram_unreachable(unreachable_telegram, twilio_server, caplog) -> None:  # type: ignore[no-untyped-def]
    client = unreachable_telegram
    health = client.get("/healthz")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["channels"]["telegram"]["status"] == "degraded"
    assert health.json()["channels"]["whatsapp"]["status"] == "up"
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.json()["database"] == "ok" and ready.json()["status"] == "degraded"
    # The simulator and WhatsApp go on as before.
    turn = client.post("/api/simulator/messages", json={"user": "outage", "text": "नमस्ते"})
    assert turn.status_code == 200 and turn.json()["replies"]
    assert post_whatsapp(client, whatsapp_form("SM" + "5" * 32, "+919812345678", "नमस्ते")).status_code == 200
    assert twilio_server[1].wait_for("Messages")
    # A Telegram update is still taken in: its reply waits in the outbox until Telegram answers.
    assert post_telegram(client, telegram_text_update(31, 5550301, "नमस्ते")).status_code == 200
    degraded = [r.getMessage() for r in caplog.get_records("setup") + caplog.records if "degraded" in r.getMessage()]
    assert degraded and all(BOT_TOKEN not in line and "TEST-secret" not in line for line in degraded)
    assert BOT_TOKEN.split(":")[1] not in health.text


def test_telegram_recovers_when_it_answers_again(db, database_url, twilio_server) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    down = threading.Event()
    down.set()

    def script(method: str, _params: dict):  # type: ignore[no-untyped-def]
        if method == "getMe" and down.is_set():
            return (401, {"ok": False, "error_code": 401, "description": "Unauthorized"})
        return None

    recorder.script = script
    with serve(fake_telegram(recorder)) as root, TestClient(create_app(_settings(database_url, root, twilio_server[0]))) as client:
        state = client.get("/healthz").json()["channels"]["telegram"]
        assert state["status"] == "degraded" and "<token>" in state["error"] and BOT_TOKEN not in state["error"]
        assert post_telegram(client, telegram_text_update(41, 5550401, "नमस्ते")).status_code == 200
        down.clear()
        deadline = time.monotonic() + 10
        while client.get("/healthz").json()["channels"]["telegram"]["status"] != "up":
            assert time.monotonic() < deadline, "Telegram did not come back"
            time.sleep(0.1)
        assert client.get("/readyz").json()["status"] == "ready"
        sent = recorder.wait_for("sendMessage")  # the reply that waited goes out
        assert sent[0]["chat_id"] == 5550401


def test_readyz_says_503_when_the_database_cannot_be_used(client) -> None:  # type: ignore[no-untyped-def]
    state = client.app.state.saathi
    working = state.engine
    state.engine = create_engine("sqlite:////nonexistent/dir/gem_saathi.db")
    try:
        ready = client.get("/readyz")
        assert ready.status_code == 503 and ready.json()["database"] == "unusable"
        assert client.get("/healthz").status_code == 200  # liveness: the process still serves
    finally:
        state.engine.dispose()
        state.engine = working


def test_a_provider_that_stops_answering_later_is_reported_degraded_and_recovers(db, database_url, telegram_server) -> None:  # type: ignore[no-untyped-def]
    twilio_port = free_port()
    nowhere = f"http://127.0.0.1:{twilio_port}"
    with TestClient(create_app(_settings(database_url, telegram_server[0], nowhere))) as client:
        assert client.get("/healthz").json()["status"] == "ok"  # WhatsApp has nothing to check at start-up
        assert post_whatsapp(client, whatsapp_form("SM" + "6" * 32, "+919812345678", "नमस्ते")).status_code == 200
        deadline = time.monotonic() + 10
        while client.get("/healthz").json()["channels"]["whatsapp"]["status"] != "degraded":
            assert time.monotonic() < deadline, "a send that got no answer did not degrade WhatsApp"
            time.sleep(0.1)
        assert client.get("/readyz").json()["status"] == "degraded"
        assert client.post("/api/simulator/messages", json={"user": "later", "text": "hi"}).status_code == 200
        # Telegram goes on meanwhile.
        assert post_telegram(client, telegram_text_update(41, 5550401, "नमस्ते")).status_code == 200
        assert telegram_server[1].wait_for("sendMessage")
        # Twilio answers again where it was: the waiting reply is sent on its next try, and WhatsApp is up again.
        twilio = Recorder()
        with serve(fake_twilio(twilio), port=twilio_port):
            assert twilio.wait_for("Messages", timeout=30)
            deadline = time.monotonic() + 10
            while client.get("/healthz").json()["channels"]["whatsapp"]["status"] != "up":
                assert time.monotonic() < deadline, "WhatsApp did not come back up after a message was sent"
                time.sleep(0.1)


def test_telegram_setup_refused_by_telegram_says_so_without_the_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    recorder = Recorder()
    recorder.script = lambda method, _params: (401, {"ok": False, "error_code": 401, "description": "Unauthorized"}) if method == "getMe" else None
    with serve(fake_telegram(recorder)) as root:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": BOT_TOKEN, "TELEGRAM_API_BASE_URL": root, "TELEGRAM_WEBHOOK_SECRET": TG_SECRET,
               "PUBLIC_BASE_URL": PUBLIC, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
        done = subprocess.run([sys.executable, "-m", "bot", "telegram-setup"], cwd=Path(__file__).resolve().parents[2], env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert "Telegram did not accept the set-up" in done.stderr and "<token>" in done.stderr
    assert BOT_TOKEN not in done.stdout + done.stderr and "TEST-secret" not in done.stdout + done.stderr
