"""Webhooks clean what providers carry at the edge: a surrogate, a NUL or an absurd id is never a server error."""

from __future__ import annotations

import json
from urllib.parse import urlencode

from sqlmodel import Session, select
from twilio.request_validator import RequestValidator

from api.limits import BODY_MAX
from bot.store.models import ChannelIdentity, MessageLog
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    PUBLIC,
    TG_SECRET,
    TWILIO_TOKEN,
    live,
    post_whatsapp,
    telegram_server,
    twilio_server,
)
from tests.fakes import telegram_button_update, telegram_text_update, whatsapp_form


def _post_telegram_raw(client, body: str):  # type: ignore[no-untyped-def]
    headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET, "Content-Type": "application/json"}
    return client.post("/webhooks/telegram", content=body.encode("utf-8"), headers=headers)


def _inbound_texts(db) -> list[str]:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        return [t or "" for t in session.exec(select(MessageLog.text).where(MessageLog.direction == "in"))]


def test_a_lone_surrogate_in_a_telegram_update_is_cleaned(live, db) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(telegram_text_update(21, 5550101, "PLACEHOLDER")).replace("PLACEHOLDER", "नमस्ते\\ud800\\u0000")
    assert _post_telegram_raw(live, body).status_code == 200
    tap = json.dumps(telegram_button_update(22, 5550101, "PLACEHOLDER")).replace("PLACEHOLDER", "ask_language:hi\\udc00")
    assert _post_telegram_raw(live, tap).status_code == 200
    assert "नमस्ते\ufffd" in _inbound_texts(db)
    assert "ask_language:hi\ufffd" in _inbound_texts(db)


def test_a_telegram_update_with_out_of_range_ids_is_ignored(live, db) -> None:  # type: ignore[no-untyped-def]
    huge = 10**40
    assert _post_telegram_raw(live, json.dumps(telegram_text_update(huge, 5550102, "hi"))).status_code == 200
    assert _post_telegram_raw(live, json.dumps(telegram_text_update(23, huge**2, "hi"))).status_code == 200
    with Session(db) as session:
        assert session.exec(select(ChannelIdentity)).all() == []


def test_a_ten_megabyte_telegram_text_is_capped(live, db) -> None:  # type: ignore[no-untyped-def]
    assert _post_telegram_raw(live, json.dumps(telegram_text_update(24, 5550103, "y" * 100_000))).status_code == 200
    assert max(len(t) for t in _inbound_texts(db)) == 4096


def test_a_twilio_form_with_nul_and_an_overlong_sender_is_cleaned(live, db) -> None:  # type: ignore[no-untyped-def]
    form = whatsapp_form("SM" + "1" * 32, "+919812345678", "नमस्ते\x00ji")
    assert post_whatsapp(live, form).status_code == 200
    assert "नमस्तेji" in _inbound_texts(db)
    long_sender = whatsapp_form("SM" + "2" * 32, "+91" + "9" * 80, "hi")
    assert post_whatsapp(live, long_sender).status_code == 200
    long_sid = whatsapp_form("SM" + "3" * 80, "+919812345679", "hi")
    assert post_whatsapp(live, long_sid).status_code == 200
    with Session(db) as session:
        assert session.exec(select(ChannelIdentity.external_id)).all() == ["+919812345678"]


def test_a_telegram_update_nested_a_thousand_deep_is_ignored(live, db) -> None:  # type: ignore[no-untyped-def]
    body = '{"update_id": 25, "message": ' + "[" * 5000 + "]" * 5000 + "}"
    response = _post_telegram_raw(live, body)
    assert response.status_code == 200 and response.json() == {}
    assert _inbound_texts(db) == []


def test_a_telegram_update_over_the_limit_is_a_413(live, db) -> None:  # type: ignore[no-untyped-def]
    body = json.dumps(telegram_text_update(26, 5550104, "z" * (BODY_MAX + 1)))
    assert _post_telegram_raw(live, body).status_code == 413
    assert _inbound_texts(db) == []


def test_the_twilio_signature_is_checked_on_the_raw_form_before_anything_else(live, db) -> None:  # type: ignore[no-untyped-def]
    form = whatsapp_form("SM" + "4" * 32, "+919812345670", "a+b & c=d %")
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC + "/webhooks/twilio/whatsapp", form)
    assert live.post("/webhooks/twilio/whatsapp", content=urlencode(form), headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}).status_code == 200
    assert "a+b & c=d %" in _inbound_texts(db)
    # Multipart (which would spool files before the signature was known) is refused unread; so is a form of thousands of fields.
    multipart = live.post("/webhooks/twilio/whatsapp", data=form, files={"f": ("x.bin", b"x" * 1000)}, headers={"X-Twilio-Signature": signature})
    assert multipart.status_code == 415
    many = urlencode({f"F{n}": "x" for n in range(5000)})
    assert live.post("/webhooks/twilio/whatsapp", content=many, headers={
        "X-Twilio-Signature": signature, "Content-Type": "application/x-www-form-urlencoded"}).status_code == 413
    assert post_whatsapp(live, {**form, "Body": "changed"}, token="another-token").status_code == 403


def test_a_button_tap_whose_id_holds_a_surrogate_is_answered_not_a_server_error(live, db) -> None:  # type: ignore[no-untyped-def]
    update = telegram_button_update(27, 5550105, "ask_language:hi")
    update["callback_query"]["id"] = "PLACEHOLDER"
    response = _post_telegram_raw(live, json.dumps(update).replace("PLACEHOLDER", "cbq\\ud800"))
    assert response.status_code == 200 and response.json() == {"method": "answerCallbackQuery", "callback_query_id": "cbq\ufffd"}
    assert _inbound_texts(db) == ["ask_language:hi"]
