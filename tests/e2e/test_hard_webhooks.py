"""Webhooks clean what providers carry at the edge: a surrogate, a NUL or an absurd id is never a server error."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from bot.store.models import ChannelIdentity, MessageLog
from tests.e2e.test_channels_e2e import TG_SECRET, live, post_whatsapp, telegram_server, twilio_server  # noqa: F401 - fixtures
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
