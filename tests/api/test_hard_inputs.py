"""Malformed, oversized or out-of-range input is a 4xx or is cleaned at the edge, never a server error."""

from __future__ import annotations

import json

from sqlmodel import Session, select

from bot.store.models import ChannelIdentity, MessageLog
from tests.api.helpers import all_stored_text, say


def _post_raw(client, path: str, body: str):  # type: ignore[no-untyped-def]
    """Post JSON text as it is (with escapes a JSON encoder would not write) and return the response."""
    return client.post(path, content=body.encode("utf-8"), headers={"Content-Type": "application/json"})


def test_lone_surrogates_in_the_simulator_are_cleaned_not_a_server_error(client, db) -> None:  # type: ignore[no-untyped-def]
    for field in ("text", "button"):
        body = {"user": "s1", "channel": "whatsapp", field: "PLACEHOLDER"}
        response = _post_raw(client, "/api/simulator/messages", json.dumps(body).replace("PLACEHOLDER", "ab\\ud800cd"))
        assert response.status_code == 200, (field, response.text)
    response = _post_raw(client, "/api/simulator/messages", '{"user": "s2\\udfff", "channel": "telegram", "text": "hi"}')
    assert response.status_code == 200, response.text
    stored = all_stored_text(db)
    assert "ab\ufffdcd" in stored
    with Session(db) as session:
        assert "telegram:s2\ufffd" in session.exec(select(ChannelIdentity.external_id)).all()


def test_nul_and_control_characters_are_never_stored(client, db) -> None:  # type: ignore[no-untyped-def]
    say(client, "s3", "नमस्ते\x00\x1b[2J")
    say(client, "s3", button="ask_language:hi\x00")
    say(client, "s3", button="ask_consent:yes")
    turn = say(client, "s3", "रमेश\x00 कुमार")
    assert turn["profile"]["name"] == "रमेश कुमार"
    stored = all_stored_text(db)
    assert "\x00" not in stored and "\x1b" not in stored


def test_a_ten_megabyte_simulator_text_is_capped(client, db) -> None:  # type: ignore[no-untyped-def]
    say(client, "s4", "x" * 200_000)
    with Session(db) as session:
        texts = session.exec(select(MessageLog.text).where(MessageLog.direction == "in")).all()
    assert texts and max(len(t or "") for t in texts) <= 4096


def test_a_simulator_user_longer_than_its_column_is_refused(client) -> None:  # type: ignore[no-untyped-def]
    assert client.post("/api/simulator/messages", json={"user": "u" * 55, "text": "hi"}).status_code == 200
    assert client.post("/api/simulator/messages", json={"user": "u" * 56, "text": "hi"}).status_code == 422
    assert client.post("/api/simulator/advance", json={"user": "\x00", "hours": 1}).status_code == 422
    assert _post_raw(client, "/api/simulator/advance", '{"user": "\\ud800", "hours": 1}').status_code == 404
