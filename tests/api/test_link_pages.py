"""The links page: make a deep link, copy its Telegram and WhatsApp links, download QR codes and A4 posters, own department only."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.services import deeplinks
from bot.services.department_names import hindi_name
from bot.services.departments import create_department
from bot.store.models import AccessLog
from tests.api.campaign_helpers import pin_clock
from tests.api.staff_helpers import account, department, post, sign_in
from tests.conftest import TEST_SECRET

TELEGRAM = "https://t.me/GemSaathiBot?start="
WHATSAPP = "https://wa.me/14155238886?text="
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def settings(database_url: str):  # type: ignore[no-untyped-def]
    """Return test settings with a Telegram bot name and a WhatsApp sender (but no credentials: nothing is sent)."""
    from bot.settings import Settings

    return Settings(
        environment="test", database_url=database_url, secret_key=TEST_SECRET, telegram_bot_username="@GemSaathiBot",
        twilio_whatsapp_from="whatsapp:+1 415-523-8886",
    )


@pytest.fixture
def client(db: Engine, settings) -> Iterator:  # type: ignore[no-untyped-def]
    """Yield a test client of the app with the clock pinned."""
    from fastapi.testclient import TestClient

    from api.main import create_app

    with TestClient(create_app(settings)) as test_client:
        pin_clock(test_client)
        yield test_client


@pytest.fixture
def offices(db: Engine) -> dict[str, int]:
    """Return two departments: public works (named as in the state's list) and health, each with one link."""
    pwd = create_department(engine=db, name="Public Works Department", code="up_pwd").id
    deeplinks.create_deep_link(engine=db, department_id=pwd, code="up_pwd_link")
    return {"pwd": pwd, "health": department(db, "health")}


def _actions(db: Engine) -> list[tuple[str, str]]:
    with Session(db) as session:
        return [(row.action, row.detail) for row in session.exec(select(AccessLog).where(AccessLog.action.startswith("deeplink.")).order_by(AccessLog.id))]


def test_staff_make_a_link_and_see_both_urls(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@pwd.up.gov.in", department_id=offices["pwd"])
    sign_in(client, "staff@pwd.up.gov.in")
    empty = client.get("/links")
    assert empty.status_code == 200 and 'data-code="up_pwd_link"' in empty.text and "health_link" not in empty.text
    response = post(client, "/links", {"code": "kanpur-mela_2026", "campaign_name": "Udyog Mela"}, token_from="/links")
    assert response.status_code == 303 and response.headers["location"] == "/links"
    made = post(client, "/links", {"campaign_name": ""}, token_from="/links")
    assert made.status_code == 303
    page = client.get("/links").text
    assert 'data-code="kanpur-mela_2026"' in page and "Udyog Mela" in page
    assert f'value="{TELEGRAM}kanpur-mela_2026"' in page and f'value="{WHATSAPP}kanpur-mela_2026"' in page
    assert 'href="/links/kanpur-mela_2026/poster.svg?channel=whatsapp"' in page
    assert 'src="data:image/svg+xml' in page  # the preview is inline: the page's policy allows data: images only
    generated = re.findall(r'data-code="(up_pwd_[0-9a-f]{8})"', page)
    assert len(generated) == 1
    assert "<script>" not in page and " style=" not in page and " onclick=" not in page
    assert _actions(db) == [("deeplink.create", "deep link kanpur-mela_2026"), ("deeplink.create", f"deep link {generated[0]}")]


def test_a_bad_or_taken_code_is_explained(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@pwd.up.gov.in", department_id=offices["pwd"])
    sign_in(client, "staff@pwd.up.gov.in")
    bad = post(client, "/links", {"code": "mela 2026"}, token_from="/links")
    assert bad.status_code == 400 and "only English letters" in bad.text and 'value="mela 2026"' in bad.text
    taken = post(client, "/links", {"code": "health_link"}, token_from="/links")
    assert taken.status_code == 409 and "already in use" in taken.text
    long = post(client, "/links", {"campaign_name": "x" * 101}, token_from="/links")
    assert long.status_code == 400 and "too long" in long.text
    assert _actions(db) == []


def test_qr_codes_download_as_png_and_svg(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@pwd.up.gov.in", department_id=offices["pwd"])
    sign_in(client, "staff@pwd.up.gov.in")
    png = client.get("/links/up_pwd_link/qr.png?channel=telegram")
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n") and "attachment" in png.headers["content-disposition"]
    svg = client.get("/links/up_pwd_link/qr.svg?channel=whatsapp")
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert ET.fromstring(svg.content).tag == f"{SVG}svg"
    assert client.get("/links/up_pwd_link/qr.gif").status_code == 404
    assert client.get("/links/up_pwd_link/qr.png?channel=sms").status_code == 404
    assert _actions(db) == [("deeplink.qr", "deep link up_pwd_link telegram"), ("deeplink.qr", "deep link up_pwd_link whatsapp")]


def test_the_poster_is_a4_with_both_names_and_the_link(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@pwd.up.gov.in", department_id=offices["pwd"])
    sign_in(client, "staff@pwd.up.gov.in")
    response = client.get("/links/up_pwd_link/poster.svg?channel=whatsapp")
    assert response.status_code == 200 and response.headers["content-type"].startswith("image/svg+xml")
    assert response.headers["content-disposition"] == 'attachment; filename="up_pwd_link-whatsapp-poster.svg"'
    root = ET.fromstring(response.content)
    assert root.tag == f"{SVG}svg" and root.get("viewBox") == "0 0 210 297" and root.get("width") == "210mm"
    assert "Devanagari" in root.get("font-family", "")
    text = [t.text for t in root.iter(f"{SVG}text")]
    assert "लोक निर्माण विभाग" in text and "Public Works Department" in text
    assert f"{WHATSAPP}up_pwd_link" in text
    assert deeplinks.POSTER_CALL[0] in text and deeplinks.POSTER_CALL[1] in text
    assert deeplinks.POSTER_FREE[0] in text and deeplinks.POSTER_FREE[1] in text
    assert [path for path in root.iter(f"{SVG}path")], "the poster has no QR code"
    assert _actions(db) == [("deeplink.poster", "deep link up_pwd_link whatsapp")]


def test_poster_text_is_escaped() -> None:
    svg = deeplinks.poster_svg(department_name="R&D <Cell>", department_code=None, url="https://t.me/x?start=a&b", channel="telegram", code="a")
    root = ET.fromstring(svg)
    text = [t.text for t in root.iter(f"{SVG}text")]
    assert "R&D <Cell>" in text and "https://t.me/x?start=a&b" in text


def test_hindi_names_are_found_by_english_name_or_code() -> None:
    assert hindi_name(name="Public Works Department") == "लोक निर्माण विभाग"
    assert hindi_name(name="public works  department") == "लोक निर्माण विभाग"
    assert hindi_name(name="Department health", code="health") == "चिकित्सा स्वास्थ्य एवं परिवार कल्याण"
    assert hindi_name(name="DIC Kanpur", code="dic_kanpur") == "DIC Kanpur"


def test_another_departments_links_are_not_found(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@health.up.gov.in", department_id=offices["health"])
    sign_in(client, "staff@health.up.gov.in")
    for url in ("/links/up_pwd_link/qr.png?channel=telegram", "/links/up_pwd_link/qr.svg?channel=whatsapp",
                "/links/up_pwd_link/poster.svg?channel=telegram", "/links/up_pwd_link/poster.svg?channel=whatsapp",
                "/links/nothing_here/qr.png", "/links/nothing_here/poster.svg"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Public Works" not in response.text and "t.me/" not in response.text  # (the not-found page echoes the path asked for)
    listing = client.get("/links?department=" + str(offices["pwd"])).text  # staff cannot pick another department
    assert "up_pwd_link" not in listing and "health_link" in listing
    made = post(client, "/links", {"code": "sneaky", "department_id": str(offices["pwd"])}, token_from="/links")
    assert made.status_code == 303
    assert deeplinks.get_deep_link(engine=db, code="sneaky").department_id == offices["health"]
    assert [action for action, _ in _actions(db)] == ["deeplink.create"]


def test_an_admin_picks_the_department(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "admin@up.gov.in", role="admin")
    sign_in(client, "admin@up.gov.in")
    picker = client.get("/links").text
    assert 'data-testid="links-department"' in picker and 'data-testid="link-form"' not in picker
    page = client.get(f"/links?department={offices['pwd']}").text
    assert 'data-code="up_pwd_link"' in page and "health_link" not in page
    made = post(client, "/links", {"code": "pwd_mela", "department_id": str(offices["pwd"])}, token_from=f"/links?department={offices['pwd']}")
    assert made.status_code == 303 and made.headers["location"] == f"/links?department={offices['pwd']}"
    assert client.get("/links/health_link/poster.svg?channel=telegram").status_code == 200
    assert client.get("/links?department=999999").status_code == 404


def test_a_viewer_gets_not_found(client, db, offices) -> None:  # type: ignore[no-untyped-def]
    account(db, "viewer@up.gov.in", role="viewer", department_id=offices["pwd"])
    sign_in(client, "viewer@up.gov.in")
    for url in ("/links", "/links/up_pwd_link/qr.png", "/links/up_pwd_link/poster.svg"):
        assert client.get(url).status_code == 404, url
