"""End to end: signed webhooks in, the worker sends through fake Telegram and Twilio servers on loopback."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from api.main import create_app
from bot.settings import Settings
from bot.store.models import ChannelIdentity, OutboxMessage, Seller
from tests.conftest import TEST_SECRET
from tests.fakes import (
    Recorder,
    fake_telegram,
    fake_twilio,
    serve,
    telegram_button_update,
    telegram_text_update,
    whatsapp_form,
)

TG_SECRET = "webhook-secret_123"
TWILIO_TOKEN = "twilio-auth-token-0123456789abcdef"
PUBLIC = "https://saathi.example.in"


@pytest.fixture
def telegram_server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    with serve(fake_telegram(recorder)) as root:
        yield root, recorder


@pytest.fixture
def twilio_server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    with serve(fake_twilio(recorder)) as root:
        yield root, recorder


@pytest.fixture
def live(db, database_url, telegram_server, twilio_server) -> Iterator[TestClient]:  # type: ignore[no-untyped-def]
    settings = Settings(
        environment="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        telegram_bot_token="123456:TEST-token",
        telegram_webhook_secret=TG_SECRET,
        telegram_api_base_url=telegram_server[0],
        twilio_account_sid="AC" + "1" * 32,
        twilio_auth_token=TWILIO_TOKEN,
        twilio_whatsapp_from="whatsapp:+14155238886",
        twilio_api_base_url=twilio_server[0],
        public_base_url=PUBLIC,
    )
    with TestClient(create_app(settings)) as client:
        yield client


def post_whatsapp(client: TestClient, form: dict[str, str], path: str = "/webhooks/twilio/whatsapp", token: str = TWILIO_TOKEN):  # type: ignore[no-untyped-def]
    signature = RequestValidator(token).compute_signature(PUBLIC + path, form)
    return client.post(path, data=form, headers={"X-Twilio-Signature": signature})


def post_telegram(client: TestClient, update: dict, secret: str | None = TG_SECRET):  # type: ignore[no-untyped-def]
    headers = {"X-Telegram-Bot-Api-Secret-Token": secret} if secret is not None else {}
    return client.post("/webhooks/telegram", json=update, headers=headers)


def test_telegram_message_in_reply_out(live, telegram_server) -> None:  # type: ignore[no-untyped-def]
    _, recorder = telegram_server
    started = time.monotonic()
    assert post_telegram(live, telegram_text_update(1, 5550001, "/start ws_lko_01")).status_code == 200
    sent = recorder.wait_for("sendMessage")
    latency = time.monotonic() - started
    assert sent[0]["chat_id"] == 5550001
    assert "GeM Saathi" in sent[0]["text"]
    assert [key["callback_data"] for key in sent[0]["reply_markup"]["inline_keyboard"][0]] == ["ask_language:hi", "ask_language:en"]
    assert latency < 5


def test_telegram_button_tap_is_answered_in_the_webhook_response(live, telegram_server, db) -> None:  # type: ignore[no-untyped-def]
    _, recorder = telegram_server
    post_telegram(live, telegram_text_update(10, 5550002, "नमस्ते"))
    response = post_telegram(live, telegram_button_update(11, 5550002, "ask_language:hi"))
    assert response.json() == {"method": "answerCallbackQuery", "callback_query_id": "cbq11"}
    texts = [m["text"] for m in recorder.wait_for("sendMessage", 2)]
    assert "सहमत" in texts[-1]


def test_telegram_redelivered_update_sends_nothing_twice(live, telegram_server) -> None:  # type: ignore[no-untyped-def]
    _, recorder = telegram_server
    update = telegram_text_update(20, 5550003, "hi")
    assert post_telegram(live, update).status_code == 200
    assert post_telegram(live, update).status_code == 200
    recorder.wait_for("sendMessage", 1)
    time.sleep(0.3)
    assert len(recorder.named("sendMessage")) == 1


@pytest.mark.parametrize("secret", ["wrong", None, ""], ids=["wrong secret", "missing header", "empty header"])
def test_telegram_webhook_refuses_a_bad_secret(live, telegram_server, secret) -> None:  # type: ignore[no-untyped-def]
    assert post_telegram(live, telegram_text_update(30, 5550004, "hi"), secret=secret).status_code == 403
    assert telegram_server[1].named("sendMessage") == []


def test_telegram_update_of_an_unknown_kind_is_acknowledged(live) -> None:  # type: ignore[no-untyped-def]
    update = {"update_id": 40, "poll": {"id": "1", "question": "?", "options": [], "total_voter_count": 0, "is_closed": False,
              "is_anonymous": True, "type": "regular", "allows_multiple_answers": False}}
    assert post_telegram(live, update).status_code == 200


def test_whatsapp_message_in_reply_out_and_status_callbacks(live, twilio_server, db) -> None:  # type: ignore[no-untyped-def]
    _, recorder = twilio_server
    assert post_whatsapp(live, whatsapp_form("SM" + "a" * 32, "+919876500011", "नमस्ते")).status_code == 200
    sent = recorder.wait_for("Messages")[0]
    assert sent["To"] == "whatsapp:+919876500011" and sent["From"] == "whatsapp:+14155238886"
    assert "जेम" in sent["Body"]
    assert sent["StatusCallback"] == PUBLIC + "/webhooks/twilio/status"
    with Session(db) as session:
        row = session.exec(select(OutboxMessage)).one()
    assert row.status == "sent" or _wait_status(db, row.id, "sent")
    with Session(db) as session:
        sid = session.get(OutboxMessage, row.id).provider_message_id
    status = {"MessageSid": sid, "MessageStatus": "delivered", "AccountSid": "AC" + "1" * 32, "To": "whatsapp:+919876500011"}
    assert post_whatsapp(live, status, path="/webhooks/twilio/status").status_code == 204
    assert _wait_status(db, row.id, "delivered")
    late = {**status, "MessageStatus": "sent"}
    post_whatsapp(live, late, path="/webhooks/twilio/status")
    assert _wait_status(db, row.id, "delivered")


def test_whatsapp_stop_error_from_twilio_opts_the_seller_out(live, twilio_server, db) -> None:  # type: ignore[no-untyped-def]
    _, recorder = twilio_server
    post_whatsapp(live, whatsapp_form("SM" + "b" * 32, "+919876500012", "hi"))
    recorder.wait_for("Messages")
    with Session(db) as session:
        row = session.exec(select(OutboxMessage)).one()
    _wait_status(db, row.id, "sent")
    with Session(db) as session:
        sid = session.get(OutboxMessage, row.id).provider_message_id
    status = {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "21610", "To": "whatsapp:+919876500012"}
    post_whatsapp(live, status, path="/webhooks/twilio/status")
    with Session(db) as session:
        assert session.exec(select(Seller)).one().opted_out is True


@pytest.mark.parametrize(
    ("tamper", "status"),
    [("signature", 403), ("body", 403), ("missing", 403)],
    ids=["wrong signature", "tampered field", "missing header"],
)
def test_whatsapp_webhook_refuses_bad_signatures(live, twilio_server, tamper, status) -> None:  # type: ignore[no-untyped-def]
    form = whatsapp_form("SM" + "c" * 32, "+919876500013", "hi")
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC + "/webhooks/twilio/whatsapp", form)
    headers = {"X-Twilio-Signature": "x" + signature[1:]} if tamper == "signature" else {"X-Twilio-Signature": signature}
    if tamper == "body":
        form = {**form, "Body": "tampered"}
    if tamper == "missing":
        headers = {}
    assert live.post("/webhooks/twilio/whatsapp", data=form, headers=headers).status_code == status
    time.sleep(0.2)
    assert twilio_server[1].named("Messages") == []


def test_whatsapp_redelivered_message_sends_nothing_twice(live, twilio_server) -> None:  # type: ignore[no-untyped-def]
    form = whatsapp_form("SM" + "d" * 32, "+919876500014", "hi")
    post_whatsapp(live, form)
    post_whatsapp(live, form)
    twilio_server[1].wait_for("Messages")
    time.sleep(0.3)
    assert len(twilio_server[1].named("Messages")) == 1


def test_one_seller_on_both_channels_is_one_journey(live, twilio_server, telegram_server, db) -> None:  # type: ignore[no-untyped-def]
    phone = "+919876500015"
    steps = ["hi", "1", "ha", "Sunita Devi"]
    for n, text in enumerate(steps):
        post_whatsapp(live, whatsapp_form(f"SM{n:032d}", phone, text))
    twilio_server[1].wait_for("Messages", len(steps))
    # The same person starts on Telegram and shares the same number through the contact button.
    post_telegram(live, telegram_text_update(50, 5550015, "hi"))
    post_telegram(live, telegram_button_update(51, 5550015, "ask_language:hi"))
    post_telegram(live, telegram_button_update(52, 5550015, "ask_consent:yes"))
    contact = telegram_text_update(53, 5550015, "")
    del contact["message"]["text"]
    contact["message"]["contact"] = {"phone_number": "919876500015", "first_name": "Sunita", "user_id": 5550015}
    post_telegram(live, contact)
    with Session(db) as session:
        sellers = session.exec(select(Seller)).all()
        identities = session.exec(select(ChannelIdentity)).all()
    assert len(sellers) == 1
    assert sellers[0].name == "Sunita Devi" and sellers[0].mobile == phone
    assert {i.channel for i in identities} == {"whatsapp", "telegram"}


def _wait_status(db, row_id: int, status: str, timeout: float = 5.0) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with Session(db) as session:
            if session.get(OutboxMessage, row_id).status == status:
                return True
        time.sleep(0.02)
    raise AssertionError(f"row {row_id} never reached {status}")


def test_without_a_public_url_the_app_polls_telegram(db, database_url) -> None:  # type: ignore[no-untyped-def]
    recorder = Recorder()
    served = []

    def script(method: str, body: dict):  # type: ignore[no-untyped-def]
        if method == "getUpdates":
            if not served:
                served.append(1)
                return 200, {"ok": True, "result": [telegram_text_update(900, 5550900, "नमस्ते")]}
            time.sleep(0.2)
            return 200, {"ok": True, "result": []}
        return None

    recorder.script = script
    with serve(fake_telegram(recorder)) as root:
        settings = Settings(environment="test", database_url=database_url, secret_key=TEST_SECRET,
                            telegram_bot_token="123456:POLL-token", telegram_api_base_url=root)
        with TestClient(create_app(settings)):
            sent = recorder.wait_for("sendMessage")
    assert recorder.named("deleteWebhook")  # polling needs the webhook off
    assert sent[0]["chat_id"] == 5550900 and "जेम" in sent[0]["text"]


def test_telegram_setup_sets_the_webhook_secret_and_menus_in_both_languages(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import os
    import subprocess
    import sys
    from pathlib import Path

    recorder = Recorder()
    with serve(fake_telegram(recorder)) as root:
        env = {**os.environ, "TELEGRAM_BOT_TOKEN": "123456:SETUP-token", "TELEGRAM_API_BASE_URL": root,
               "TELEGRAM_WEBHOOK_SECRET": TG_SECRET, "PUBLIC_BASE_URL": PUBLIC, "DATABASE_URL": f"sqlite:///{tmp_path / 's.db'}"}
        done = subprocess.run([sys.executable, "-m", "bot", "telegram-setup"], cwd=Path(__file__).resolve().parents[2], env=env,
                              capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    webhook = recorder.named("setWebhook")[0]
    assert webhook["url"] == PUBLIC + "/webhooks/telegram" and webhook["secret_token"] == TG_SECRET
    menus = {call.get("language_code"): call["commands"] for call in recorder.named("setMyCommands")}
    assert {"hi", "en"} <= set(menus)
    assert any(c["description"] == "भाषा बदलें" for c in menus["hi"]) and any(c["description"] == "Change language" for c in menus["en"])
    assert "123456:SETUP-token" not in done.stdout + done.stderr
