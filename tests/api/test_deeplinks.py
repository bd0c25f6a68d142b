"""Deep links, their QR codes, and crediting a seller who arrives through one on WhatsApp."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.channels.base import InboundMessage
from bot.engine.model import Inbound
from bot.intake import take_inbound
from bot.services.attribution import code_in_text
from bot.store.models import MessageLog, Seller
from tests.api.department_helpers import access_log, bearer, department
from tests.conftest import TEST_SECRET


@pytest.fixture
def settings(database_url: str):  # type: ignore[no-untyped-def]
    """Return test settings with a Telegram bot name and a WhatsApp sender (but no credentials: nothing is sent)."""
    from bot.settings import Settings

    return Settings(
        environment="test",
        database_url=database_url,
        secret_key=TEST_SECRET,
        telegram_bot_username="@GemSaathiBot",
        twilio_whatsapp_from="whatsapp:+1 415-523-8886",
    )


def test_staff_make_a_link_with_both_urls(client, db) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dic_kanpur")
    staff = bearer(db, dept)
    response = client.post("/api/v1/deeplinks", json={"campaign_name": "Udyog Mela", "code": "kanpur-mela_2025"}, headers=staff)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["code"] == "kanpur-mela_2025" and body["department_id"] == dept and body["campaign_name"] == "Udyog Mela"
    assert body["telegram_url"] == "https://t.me/GemSaathiBot?start=kanpur-mela_2025"
    assert body["whatsapp_url"] == "https://wa.me/14155238886?text=kanpur-mela_2025"
    generated = client.post("/api/v1/deeplinks", json={}, headers=staff).json()["code"]
    assert generated.startswith("dic_kanpur_") and len(generated) <= 64
    assert {link["code"] for link in client.get("/api/v1/deeplinks", headers=staff).json()} == {"dic_kanpur_link", "kanpur-mela_2025", generated}
    assert [action for _, action, _ in access_log(db)] == ["deeplink.create", "deeplink.create"]


@pytest.mark.parametrize(
    ("label", "body", "status"),
    [
        ("code taken", {"code": "dept_a_link"}, 409),
        ("code with a space", {"code": "a b"}, 422),
        ("code too long for Telegram", {"code": "a" * 65}, 422),
        ("another department", {"department_id": "B"}, 403),
    ],
)
def test_deep_link_refusals(client, db, label, body, status) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    body = {**body, "department_id": b} if body.get("department_id") == "B" else body
    assert client.post("/api/v1/deeplinks", json=body, headers=bearer(db, a)).status_code == status, label


def test_an_admin_names_the_department(client, db) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dept_a")
    admin = bearer(db, None)
    assert client.post("/api/v1/deeplinks", json={}, headers=admin).status_code == 422
    assert client.post("/api/v1/deeplinks", json={"department_id": 999}, headers=admin).status_code == 404
    assert client.post("/api/v1/deeplinks", json={"department_id": dept}, headers=admin).status_code == 201
    assert len(client.get("/api/v1/deeplinks", headers=admin).json()) == 2


def test_qr_codes_for_a_poster(client, db) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dept_a")
    staff = bearer(db, dept)
    png = client.get("/api/v1/deeplinks/dept_a_link/qr.png", headers=staff)
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    width = int.from_bytes(png.content[16:20], "big")
    assert 1200 <= width <= 2480  # big enough to print sharp on A4, no wider than A4 at 300 dpi
    wa = client.get("/api/v1/deeplinks/dept_a_link/qr.png?channel=whatsapp", headers=staff)
    assert wa.status_code == 200 and wa.content != png.content
    svg = client.get("/api/v1/deeplinks/dept_a_link/qr.svg?channel=whatsapp", headers=staff)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content and b"mm" in svg.content
    assert client.get("/api/v1/deeplinks/dept_a_link/qr.png?channel=sms", headers=staff).status_code == 422
    log = access_log(db)
    assert [detail for _, action, detail in log if action == "deeplink.qr"] == [
        "deep link dept_a_link telegram", "deep link dept_a_link whatsapp", "deep link dept_a_link whatsapp",
    ]


def test_another_departments_qr_code_is_404(client, db) -> None:  # type: ignore[no-untyped-def]
    department(db, "dept_a")
    staff_b = bearer(db, department(db, "dept_b"))
    assert client.get("/api/v1/deeplinks/dept_a_link/qr.png", headers=staff_b).status_code == 404
    assert client.get("/api/v1/deeplinks/nope/qr.svg", headers=staff_b).status_code == 404
    assert client.get("/api/v1/deeplinks/dept_a_link/qr.png", headers=bearer(db, None)).status_code == 200
    assert client.get("/api/v1/deeplinks/dept_a_link/qr.png").status_code == 401


# --------------------------------------------------------------------------- attribution on WhatsApp


@pytest.mark.parametrize(
    ("label", "text", "expected"),
    [
        ("the prefilled code alone", "dic_lucknow_1a2b3c4d", "dic_lucknow_1a2b3c4d"),
        ("code with spaces and a newline", "  dic_lucknow_1a2b3c4d\n", "dic_lucknow_1a2b3c4d"),
        ("code inside a greeting", "Namaste! dic_lucknow_1a2b3c4d please help", "dic_lucknow_1a2b3c4d"),
        ("code in another case", "DIC_LUCKNOW_1A2B3C4D", "dic_lucknow_1a2b3c4d"),
        ("code with a hyphen", "kanpur-mela", "kanpur-mela"),
        ("part of a longer word is not the code", "xdic_lucknow_1a2b3c4d", None),
        ("a plain greeting", "नमस्ते", None),
        ("empty", "", None),
    ],
)
def test_code_in_text(label, text, expected) -> None:  # type: ignore[no-untyped-def]
    assert code_in_text(text, {"dic_lucknow_1a2b3c4d", "kanpur-mela", "other"}) == expected, label


def test_a_case_insensitive_match_must_name_one_code() -> None:
    assert code_in_text("mela", {"Mela", "MELA"}) is None
    assert code_in_text("Mela", {"Mela", "MELA"}) == "Mela"


def test_a_whatsapp_seller_arriving_with_a_code_is_credited_to_the_department(client, db) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dept_a")
    state = client.app.state.saathi
    message = InboundMessage(
        channel="whatsapp",
        external_id="+919811111111",
        provider_message_id="SM1",
        inbound=Inbound(kind="text", text="dept_a_link", phone="+919811111111"),
    )
    handled = take_inbound(state.runner, message)
    assert handled.conversation.step == "ask_language" and handled.replies  # greeted, not told the code is a wrong answer
    with Session(db) as session:
        seller = session.exec(select(Seller)).one()
        logged = session.exec(select(MessageLog.text).where(MessageLog.direction == "in")).one()
    assert seller.source_code == "dept_a_link" and logged == "/start"
    pushed = client.post(f"/api/v1/sellers/{seller.id}/status", json={"stage": "gem_account"}, headers=bearer(db, dept))
    assert pushed.status_code == 200 and pushed.json()["changed"] is True

    plain = InboundMessage(channel="whatsapp", external_id="+919822222222", provider_message_id="SM2", inbound=Inbound(kind="text", text="hello dept_b"))
    take_inbound(state.runner, plain)
    with Session(db) as session:
        other = session.exec(select(Seller).where(Seller.id != seller.id)).one()
    assert other.source_code is None
