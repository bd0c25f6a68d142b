"""Log lines carry no personal data: a whole conversation, its sends and its mistakes logged at DEBUG hold no number, name, PAN, email or text."""

from __future__ import annotations

import io
import json
import logging

import pytest

from bot import logs
from tests.e2e.test_channels_e2e import (  # noqa: F401 - fixtures
    live,
    post_telegram,
    post_whatsapp,
    telegram_server,
    twilio_server,
)
from tests.fakes import telegram_text_update, whatsapp_form

PHONE, CHAT = "+919812377771", 7_333_001
NAME, BUSINESS, PAN, EMAIL = "Zorawar Bhadauria", "Bhadauria Kalaghar", "ABCPK7391F", "zorawar.kala@example.in"
SAID = "kuchh bhi puchhna hai mujhe gulmohar ke baare me"


@pytest.mark.parametrize(
    ("text", "hidden"),
    [
        ("to +919812377771", "9812377771"), ("to 98123 77771", "98123 77771"), ("call 09812377771", "9812377771"),
        ("mail zorawar.kala@example.in now", "zorawar.kala"), ("pan ABCPK7391F", "7391"), ("aadhaar 2341.2341.2346", "2341.2341"),
    ],
)
def test_the_mask_hides_numbers_emails_pans_and_aadhaar(text: str, hidden: str) -> None:
    assert hidden not in logs.mask(text)


def test_the_mask_keeps_ids_and_counts() -> None:
    assert logs.mask("seller 81 answered in 12 ms; outbox row 123456") == "seller 81 answered in 12 ms; outbox row 123456"


def test_a_whole_conversation_logged_at_debug_holds_no_personal_data(live, twilio_server) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(logs.Masking())
    handler.setFormatter(logs.JsonLines())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        answers = ["namaste", "English", "yes", NAME, BUSINESS, "lucknow", SAID, "mera aadhaar 2341 2341 2346", f"my pan is {PAN}",
                   f"email {EMAIL}", "my number is 98123 77771"]
        for n, text in enumerate(answers):
            assert post_whatsapp(live, whatsapp_form(f"SM{n:032d}", PHONE, text)).status_code == 200
            assert post_telegram(live, telegram_text_update(60_000 + n, CHAT, text)).status_code == 200
        twilio_server[1].wait_for("Messages", len(answers), timeout=30)  # the replies went out, and their sends were logged
        assert post_whatsapp(live, whatsapp_form("SM" + "7" * 32, PHONE, NAME), token="wrong").status_code == 403
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
    lines = out.getvalue().splitlines()
    assert len(lines) >= 2  # the check saw lines: the two Aadhaar warnings at least
    for line in lines:
        record = json.loads(line)  # every line is one JSON object
        assert {"time", "level", "logger", "message"} <= record.keys()
    written = out.getvalue()
    for secret in (PHONE, PHONE[3:], "98123 77771", str(CHAT), NAME, "Zorawar", "Bhadauria", PAN, "7391", EMAIL, "zorawar.kala", SAID,
                   "gulmohar", "2341 2341"):
        assert secret not in written, f"{secret!r} reached a log line"
    warned = [json.loads(line) for line in lines if "Aadhaar" in line]
    assert len(warned) == 2 and all(len(w.get("request_id", "")) == 16 for w in warned)  # the webhook's id reaches the turn's thread


def test_the_access_log_keeps_no_query_and_no_set_up_secret() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d', None, None)
    record.args = ("127.0.0.1:5000", "GET", "/setup/s3cr3t-link?next=/home", "1.1", 200)
    logs.Masking().filter(record)
    assert record.getMessage() == '127.0.0.1:5000 - "GET /setup/… HTTP/1.1" 200'
    record.args = ("127.0.0.1:5000", "GET", "/leads?q=Zorawar", "1.1", 200)
    logs.Masking().filter(record)
    assert "Zorawar" not in record.getMessage() and "/leads" in record.getMessage()


def test_every_answer_carries_a_request_id_and_a_plain_one_from_the_caller_is_kept(client) -> None:  # type: ignore[no-untyped-def]
    assert len(client.get("/healthz").headers["x-request-id"]) == 16
    assert client.get("/healthz", headers={"X-Request-ID": "lb-42.abc"}).headers["x-request-id"] == "lb-42.abc"
    made_up = client.get("/healthz", headers={"X-Request-ID": "<script>" + "x" * 80}).headers["x-request-id"]
    assert made_up != "<script>" and len(made_up) == 16


def test_a_database_error_does_not_carry_the_rows_values(db) -> None:  # type: ignore[no-untyped-def]
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    with pytest.raises(DBAPIError) as raised, db.begin() as conn:
        conn.execute(text("INSERT INTO no_such_table (name) VALUES (:name)"), {"name": NAME})
    assert NAME not in str(raised.value)
