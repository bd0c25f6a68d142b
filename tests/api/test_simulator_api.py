"""The simulator API end to end: real app, real database, the public contract."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlmodel import Session, select

from bot.store.models import (
    CallbackRequest,
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    FunnelEvent,
    MessageLog,
    Seller,
)
from tests.api.helpers import TO_PAN_STEP, all_stored_text, say, walk


def test_health_answers_when_ready(client) -> None:  # type: ignore[no-untyped-def]
    assert client.get("/healthz").json() == {"status": "ok", "channels": {}}


def test_a_new_seller_gets_the_bilingual_welcome(client) -> None:  # type: ignore[no-untyped-def]
    turn = say(client, "u1", "नमस्ते")
    assert turn["step"] == "ask_language" and turn["stage"] == "engaged"
    assert [b["id"] for b in turn["replies"][0]["buttons"]] == ["ask_language:hi", "ask_language:en"]
    assert turn["profile"]["name"] is None and turn["profile"]["opted_out"] is False


def test_the_journey_fills_the_public_profile(client, db) -> None:  # type: ignore[no-untyped-def]
    turn = walk(client, "u2", [*TO_PAN_STEP, "bnzpm2501f", "09BNZPM2501F1ZS", "haan", "हाँ", "ramesh@example.in"])
    assert turn["step"] == "checklist"
    assert turn["stage"] == "documents_ready"
    profile = turn["profile"]
    assert profile["district"] == {"lgd_code": 162, "name_en": "Lucknow", "name_hi": "लखनऊ"}
    assert profile["pan_masked"] == "BNZPMXXXXF"
    assert profile["gstin"] == "09BNZPM2501F1ZS"
    assert profile["mobile"] == "+919812345678"
    assert profile["enterprise_type"] == "proprietorship"
    assert profile["women_owned"] is False and profile["sc_st_owned"] is False
    with Session(db) as session:
        stages = [e.stage for e in session.exec(select(FunnelEvent).order_by(FunnelEvent.id))]
        seller = session.exec(select(Seller)).one()
    assert stages == ["engaged", "consented", "profiled", "documents_ready"]
    assert seller.is_test is True


def test_a_typed_aadhaar_number_never_reaches_the_database(client, db) -> None:  # type: ignore[no-untyped-def]
    walk(client, "u3", ["hi", "[ask_language:hi]", "[ask_consent:yes]"])
    turn = say(client, "u3", "mera aadhaar २३४१ २३४१ २३४६ hai")
    assert "आधार" in turn["replies"][0]["text"] or "Aadhaar" in turn["replies"][0]["text"]
    say(client, "u3", "234123412346")
    stored = all_stored_text(db)
    for form in ("234123412346", "2341 2341 2346", "२३४१"):
        assert form not in stored
    assert "XXXX XXXX 2346" in stored


def test_a_pan_is_stored_only_masked(client, db) -> None:  # type: ignore[no-untyped-def]
    walk(client, "u4", [*TO_PAN_STEP, "mera pan bnzpm 2501 f hai"])
    stored = all_stored_text(db).upper()
    assert "BNZPM2501F" not in stored and "BNZPM 2501 F" not in stored
    assert "BNZPMXXXXF" in stored


def test_erase_deletes_personal_data_and_keeps_anonymous_figures(client, db) -> None:  # type: ignore[no-untyped-def]
    walk(client, "u5", [*TO_PAN_STEP, "BNZPM2501F", "baat karao", "मेरा डेटा हटाओ"])
    turn = say(client, "u5", button="confirm_erase:yes")
    assert turn["profile"]["name"] is None
    with Session(db) as session:
        seller = session.exec(select(Seller)).one()
        assert seller.erased_at is not None and seller.name is None and seller.pan_masked is None and seller.mobile is None
        assert seller.district_lgd == 162  # kept for district figures, not identifying alone
        assert session.exec(select(MessageLog)).all() == []
        assert session.exec(select(ChannelIdentity)).all() == []
        assert session.exec(select(ConversationState)).all() == []
        assert all(c.withdrawn_at is not None for c in session.exec(select(ConsentRecord)))
        assert [c.status for c in session.exec(select(CallbackRequest))] == ["cancelled"]
        assert len(session.exec(select(FunnelEvent)).all()) == 3
    assert "रमेश" not in all_stored_text(db)
    again = say(client, "u5", "hi")
    assert again["step"] == "ask_language"
    with Session(db) as session:
        assert len(session.exec(select(Seller)).all()) == 2


def test_talk_to_a_person_records_a_callback_staff_can_see(client, db) -> None:  # type: ignore[no-untyped-def]
    walk(client, "u6", ["hi", "[ask_language:en]", "[ask_consent:yes]"])
    turn = say(client, "u6", "talk to a person")
    assert "MSME department" in turn["replies"][0]["text"]
    with Session(db) as session:
        request = session.exec(select(CallbackRequest)).one()
        seller = session.exec(select(Seller)).one()
    assert request.step == "ask_name" and request.status == "open"
    assert request.expected_by > request.requested_at
    assert seller.needs_help is True


def test_progress_survives_a_week_of_silence(client) -> None:  # type: ignore[no-untyped-def]
    clock = client.app.state.saathi.clock
    start = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    clock.pin(start)
    walk(client, "u7", ["hi", "[ask_language:hi]", "[ask_consent:yes]", "Sita Ram"])
    clock.pin(start + timedelta(days=7))
    turn = say(client, "u7", "नमस्ते")
    assert turn["step"] == "ask_business_name"
    assert len(turn["replies"]) == 2 and "Sita Ram" in turn["replies"][0]["text"]


def test_stop_and_start_are_remembered(client, db) -> None:  # type: ignore[no-untyped-def]
    walk(client, "u8", ["hi", "[ask_language:hi]", "[ask_consent:yes]"])
    assert say(client, "u8", "STOP")["profile"]["opted_out"] is True
    with Session(db) as session:
        assert session.exec(select(Seller)).one().opted_out is True
    assert say(client, "u8", "रमेश")["step"] == "ask_name"  # paused: the answer is not taken
    turn = say(client, "u8", "START")
    assert turn["profile"]["opted_out"] is False and turn["step"] == "ask_name"


def test_the_same_user_on_two_simulated_channels_is_two_sellers(client, db) -> None:  # type: ignore[no-untyped-def]
    say(client, "u9", "hi", channel="whatsapp")
    say(client, "u9", "hi", channel="telegram", phone=None)
    with Session(db) as session:
        assert len(session.exec(select(Seller)).all()) == 2


def test_concurrent_messages_from_one_seller_lose_nothing(client, db) -> None:  # type: ignore[no-untyped-def]
    walk(client, "u10", ["hi", "[ask_language:hi]", "[ask_consent:yes]"])
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda i: say(client, "u10", "status"), range(16)))
    with Session(db) as session:
        inbound = session.exec(select(MessageLog).where(MessageLog.direction == "in")).all()
        assert len(inbound) == 19
        assert len(session.exec(select(Seller)).all()) == 1


def test_concurrent_first_messages_make_one_seller(client, db) -> None:  # type: ignore[no-untyped-def]
    with ThreadPoolExecutor(max_workers=6) as pool:
        list(pool.map(lambda i: say(client, "u11", "hi"), range(6)))
    with Session(db) as session:
        assert len(session.exec(select(Seller)).all()) == 1
        assert len(session.exec(select(MessageLog).where(MessageLog.direction == "in")).all()) == 6


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"user": "", "channel": "whatsapp", "text": "hi"}, 422),
        ({"user": "x", "channel": "sms", "text": "hi"}, 422),
        ({"user": "x", "channel": "whatsapp"}, 422),
        ({"user": "x", "channel": "whatsapp", "text": "hi", "phone": "12"}, 422),
        ({"user": "x" * 65, "channel": "whatsapp", "text": "hi"}, 422),
    ],
    ids=["empty user", "unknown channel", "nothing said", "bad phone", "long user"],
)
def test_bad_requests_are_refused_clearly(client, body, status) -> None:  # type: ignore[no-untyped-def]
    response = client.post("/api/simulator/messages", json=body)
    assert response.status_code == status
    assert response.json()["detail"]
