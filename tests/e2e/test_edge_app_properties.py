"""Property tests through the whole app: any body to the simulator and the webhooks is never a 5xx, and the conversation goes on."""

from __future__ import annotations

import itertools
import json
from typing import Any
from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twilio.request_validator import RequestValidator

from sqlmodel import Session, select

from bot.engine.clean import ID_MAX
from bot.store.models import ChannelIdentity, MessageLog, VendorListEntry
from tests.api.helpers import say
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    PUBLIC,
    TG_SECRET,
    TWILIO_TOKEN,
    live,
    telegram_server,
    twilio_server,
)
from tests.fakes import telegram_text_update
from tests.test_edge_properties import ANY_TEXT, JSON_VALUES, TELEGRAM_UPDATES, TWILIO_FORMS

APP = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
SIMULATOR_BODIES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries({"user": ANY_TEXT | JSON_VALUES},
                          optional={"text": ANY_TEXT | JSON_VALUES, "button": ANY_TEXT, "phone": ANY_TEXT, "kind": ANY_TEXT,
                                    "channel": st.sampled_from(["whatsapp", "telegram"]) | ANY_TEXT}),
)


def _deep(depth: int) -> str:
    return "[" * depth + "]" * depth


def _wide(width: int) -> str:
    return json.dumps({"user": "wide", "text": "hi", **{f"k{n}": [n] * 10 for n in range(width)}})


@APP
@given(SIMULATOR_BODIES, st.sampled_from([None, 5, 1000, 50_000]), st.sampled_from([None, 10, 5000]))
def test_any_simulator_body_is_never_a_server_error(client, body: Any, deep: int | None, wide: int | None) -> None:  # type: ignore[no-untyped-def]
    raw = json.dumps(body) if deep is None and wide is None else _deep(deep) if deep else _wide(wide or 0)
    response = client.post("/api/simulator/messages", content=raw.encode("utf-8"), headers={"Content-Type": "application/json"})
    assert response.status_code < 500, (response.status_code, response.text[:300])
    if response.status_code == 422:
        assert isinstance(response.json()["detail"], (list, str))
    assert say(client, "after-anything", "नमस्ते")["replies"]  # the next message is answered as ever


@APP
@given(TELEGRAM_UPDATES)
def test_any_telegram_update_is_never_a_server_error(live, update: Any) -> None:  # type: ignore[no-untyped-def]
    headers = {"X-Telegram-Bot-Api-Secret-Token": TG_SECRET, "Content-Type": "application/json"}
    response = live.post("/webhooks/telegram", content=json.dumps(update).encode(), headers=headers)
    assert response.status_code < 500, (response.status_code, response.text[:300])
    follow = live.post("/webhooks/telegram", json=telegram_text_update(7_000_000, 5550999, "नमस्ते"), headers=headers)
    assert follow.status_code == 200


@APP
@given(TWILIO_FORMS, st.sampled_from(["/webhooks/twilio/whatsapp", "/webhooks/twilio/status"]))
def test_any_signed_twilio_form_is_never_a_server_error(live, db, form: dict[str, str], path: str) -> None:  # type: ignore[no-untyped-def]
    form = {k.encode("utf-8", "replace").decode("utf-8"): v.encode("utf-8", "replace").decode("utf-8") for k, v in form.items()}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(PUBLIC + path, form)
    response = live.post(path, content=urlencode(form), headers={"X-Twilio-Signature": signature,
                                                                  "Content-Type": "application/x-www-form-urlencoded"})
    assert response.status_code < 500, (response.status_code, response.text[:300])
    assert response.status_code != 403  # signed as Twilio signs: the app reads it rather than refusing it
    with Session(db) as session:
        stored = session.exec(select(MessageLog.text, ChannelIdentity.external_id).join(
            ChannelIdentity, ChannelIdentity.seller_id == MessageLog.seller_id)).all()
    assert not any("\x00" in (text or "") + address or len(address) > ID_MAX for text, address in stored)


CELLS = st.one_of(ANY_TEXT, st.sampled_from(["9876543210", "+91 98765 43210", "९८७६५४३२१०", "Lucknow", "162", "cleaning", "", '"', '""', ",", ";"]))
TABLES = st.tuples(
    st.sampled_from(["phone,name,business_name,district,category", "phone;name", "मोबाइल,नाम", "phone,stage,gem_seller_id", "", "name"]),
    st.lists(st.lists(CELLS, max_size=6), max_size=4)  # anything at all, or rows a vendor list takes, with any name in them
    | st.lists(st.tuples(st.sampled_from(["9876543210", "9812345678", "+91 98111 22222", "९८७६५४३२११"]), ANY_TEXT, ANY_TEXT).map(list), max_size=4),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-16", "cp1252"]),
)


DEPARTMENTS = itertools.count(1)  # one department per example: the database is emptied per test, not per example


def _table(header: str, rows: list[list[str]], separator: str, encoding: str) -> bytes:
    text = "\n".join([header.replace(",", separator), *(separator.join(row) for row in rows)]) + "\n"
    return text.encode(encoding, "replace") if encoding != "utf-8" else text.encode("utf-8", "surrogatepass")


@APP
@given(TABLES)
def test_any_uploaded_table_is_a_report_or_a_clear_refusal(client, db, table: tuple) -> None:  # type: ignore[no-untyped-def]
    from tests.api.department_helpers import bearer
    from tests.api.staff_helpers import department

    headers = bearer(db, department(db, f"d{next(DEPARTMENTS)}"))
    data = _table(*table)
    for path in ("/api/v1/vendor-lists", "/api/v1/sellers/status-import"):
        response = client.post(path, files={"file": ("rows.csv", data)}, headers=headers)
        assert response.status_code in (200, 400), (path, response.status_code, response.text[:300])
    with Session(db) as session:
        stored = [f"{v.name or ''}{v.business_name or ''}" for v in session.exec(select(VendorListEntry))]
    assert not any(ch in text for text in stored for ch in "\x00\x1b\n\r")
