"""The staff web app: first-run set-up, sign-in and its limits, sessions, CSRF, language, leads, a seller's page."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from api.main import announce_setup_link
from bot.services import accounts
from bot.store.models import (
    AccessLog,
    Lead,
    LeadNote,
    MessageLog,
    OutboxMessage,
    StaffSession,
)
from tests.api.campaign_helpers import NOW, pin_clock
from tests.api.staff_helpers import (
    PASSWORD,
    account,
    csrf,
    department,
    lead,
    post,
    sign_in,
)


@pytest.fixture
def app(client):  # type: ignore[no-untyped-def]
    """Yield the test client with the app's clock pinned."""
    pin_clock(client)
    return client


def test_the_root_leads_to_sign_in_and_then_home(app, db) -> None:  # type: ignore[no-untyped-def]
    first = app.get("/", follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/signin"
    page = app.get("/signin")
    assert page.status_code == 200 and 'href="/simulator"' in page.text
    account(db, "admin@up.gov.in", role="admin")
    sign_in(app, "admin@up.gov.in")
    assert app.get("/", follow_redirects=False).headers["location"] == "/home"


def test_a_first_run_prints_a_set_up_link_that_makes_one_admin_once(app, db, capsys) -> None:  # type: ignore[no-untyped-def]
    link = announce_setup_link(app.app.state.saathi)
    assert link is not None and link in capsys.readouterr().out
    path = link.split("://", 1)[1].split("/", 1)[1]
    path = "/" + path
    form = app.get(path)
    assert form.status_code == 200 and "data-testid=\"create-admin\"" in form.text
    token = csrf(app, path)
    done = app.post(path, data={"name": "Asha Verma", "email": "Asha@UP.gov.in", "password": PASSWORD, "csrf_token": token}, follow_redirects=False)
    assert done.status_code == 303 and done.headers["location"] == "/home"
    assert "Asha Verma" in app.get("/home").text
    assert accounts.admin_exists(engine=db)
    assert announce_setup_link(app.app.state.saathi) is None  # an admin exists now: no more links at start-up
    app.cookies.clear()
    again = app.post(path, data={"name": "X", "email": "x@up.gov.in", "password": PASSWORD, "csrf_token": csrf(app, "/signin")})
    assert again.status_code == 404


def test_a_set_up_link_expires(app, db) -> None:  # type: ignore[no-untyped-def]
    secret = accounts.issue_setup_link(engine=db, now=NOW - accounts.SETUP_LINK_LIFETIME - timedelta(seconds=1))
    assert app.get(f"/setup/{secret}").status_code == 404


def test_links_printed_by_two_processes_both_work(app, db) -> None:  # type: ignore[no-untyped-def]
    first = accounts.issue_setup_link(engine=db, now=NOW)
    second = accounts.issue_setup_link(engine=db, now=NOW + timedelta(seconds=1))
    assert app.get(f"/setup/{first}").status_code == 200 and app.get(f"/setup/{second}").status_code == 200


def test_a_short_password_is_refused_politely_in_hindi_and_the_link_still_works(app, db) -> None:  # type: ignore[no-untyped-def]
    secret = accounts.issue_setup_link(engine=db, now=NOW)
    token = csrf(app, f"/setup/{secret}")
    short = app.post(f"/setup/{secret}", data={"name": "A", "email": "a@up.gov.in", "password": "short", "csrf_token": token})
    assert short.status_code == 400 and "कम से कम 10 अक्षर" in short.text
    assert app.get(f"/setup/{secret}").status_code == 200


def test_a_wrong_password_and_an_unknown_email_get_the_same_words(app, db) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@up.gov.in")
    token = csrf(app)
    wrong = app.post("/signin", data={"email": "staff@up.gov.in", "password": "not the password", "csrf_token": token})
    unknown = app.post("/signin", data={"email": "nobody@up.gov.in", "password": "not the password", "csrf_token": token})
    assert wrong.status_code == unknown.status_code == 400
    message = "यह ईमेल और पासवर्ड किसी चालू खाते से मेल नहीं खाते।"
    assert message in wrong.text and message in unknown.text


def test_sign_in_is_throttled_per_account_then_per_address(app, db) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@up.gov.in")
    token = csrf(app)
    for _ in range(accounts.THROTTLE_PER_ACCOUNT):
        assert app.post("/signin", data={"email": "staff@up.gov.in", "password": "wrong password!", "csrf_token": token}).status_code == 400
    refused = app.post("/signin", data={"email": "staff@up.gov.in", "password": PASSWORD, "csrf_token": token})
    assert refused.status_code == 429 and "15 मिनट" in refused.text  # even the right password waits
    for n in range(accounts.THROTTLE_PER_ADDRESS):
        app.post("/signin", data={"email": f"guess{n}@up.gov.in", "password": "wrong password!", "csrf_token": token})
    account(db, "other@up.gov.in")
    assert app.post("/signin", data={"email": "other@up.gov.in", "password": PASSWORD, "csrf_token": token}).status_code == 429
    pin_clock(app, NOW + accounts.THROTTLE_WINDOW + timedelta(seconds=1))
    sign_in(app, "other@up.gov.in")


def test_forms_without_the_csrf_token_are_refused(app, db) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@up.gov.in")
    assert app.post("/signin", data={"email": "staff@up.gov.in", "password": PASSWORD}).status_code == 403
    sign_in(app, "staff@up.gov.in")
    assert app.post("/signout", data={"csrf_token": "0" * 64}).status_code == 403
    assert app.post("/signout", headers={"X-CSRF-Token": csrf(app, "/home")}, follow_redirects=False).status_code == 303


def test_signing_out_ends_the_session_on_the_server(app, db) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@up.gov.in")
    sign_in(app, "staff@up.gov.in")
    cookie = app.cookies.get("gs_session")
    assert post(app, "/signout").status_code == 303
    app.cookies.set("gs_session", cookie)  # the old cookie, replayed
    assert app.get("/home", follow_redirects=False).headers["location"].startswith("/signin")


def test_disabling_an_account_ends_its_sessions_and_sign_out_everywhere_ends_all(app, db) -> None:  # type: ignore[no-untyped-def]
    from fastapi.testclient import TestClient

    account(db, "admin@up.gov.in", role="admin")
    staff = account(db, "staff@up.gov.in")
    sign_in(app, "admin@up.gov.in")
    with TestClient(app.app) as other:
        pin_clock(other)  # the second client's start-up gave the shared app a fresh clock; the admin's session is from NOW
        sign_in(other, "staff@up.gov.in")
        assert other.get("/home").status_code == 200
        assert post(app, f"/team/{staff.id}/disable", {"disabled": "true"}).status_code == 303
        assert other.get("/home", follow_redirects=False).status_code == 303
        assert post(app, f"/team/{staff.id}/disable", {"disabled": "false"}).status_code == 303
        sign_in(other, "staff@up.gov.in")
        assert post(other, "/signout/everywhere").status_code == 303
    with Session(db) as session:
        live = session.exec(select(StaffSession).where(StaffSession.account_id == staff.id, StaffSession.revoked_at.is_(None))).all()
    assert live == []


def test_the_language_switch_is_remembered_on_the_account(app, db) -> None:  # type: ignore[no-untyped-def]
    account(db, "staff@up.gov.in", department_id=department(db, "pwd"), language="hi")
    sign_in(app, "staff@up.gov.in")
    assert "लीड" in app.get("/home").text
    assert post(app, "/language", {"language": "en", "next": "/home"}).status_code == 303
    app.cookies.delete("gs_lang")
    assert ">Leads" in app.get("/home").text


def test_the_inbox_shows_the_departments_own_sellers_with_call_backs_first(app, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    health = department(db, "health")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    quiet = lead(db, 1, "pwd_link", name="Quiet Seller")
    calling = lead(db, 2, "pwd_link", name="Calling Seller", callback=True)
    other = lead(db, 3, "health_link", name="Health Seller")
    sign_in(app, "staff@pwd.up.gov.in")
    page = app.get("/leads")
    assert page.status_code == 200
    assert page.text.index("Calling Seller") < page.text.index("Quiet Seller")
    assert "Health Seller" not in page.text
    assert "+91 98XXX XX" in page.text and "+919800000001" not in page.text  # masked in the list
    assert app.get(f"/leads/{other}").status_code == 404
    assert app.get(f"/leads/{calling}").status_code == 200
    odd = app.get("/leads?stage=nonsense&district=999999&category=x&status=y&page=99")  # unknown filters are ignored, never an error
    assert app.get("/leads?district=&q=&stage=").status_code == 200 and app.get("/leads?district=abc").status_code == 200
    assert odd.status_code == 200 and f"/leads/{quiet}" in odd.text
    filtered = app.get("/leads?needs_help=true").text
    assert "Calling Seller" in filtered and "Quiet Seller" not in filtered
    assert "Quiet Seller" in app.get("/leads?q=quiet").text and "Calling Seller" not in app.get("/leads?q=quiet").text
    assert "Calling Seller" in app.get("/leads?q=00002").text  # last digits of the mobile
    del health


def test_staff_cannot_touch_another_departments_seller_by_changing_the_id(app, db) -> None:  # type: ignore[no-untyped-def]
    pwd, health = department(db, "pwd"), department(db, "health")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    theirs = lead(db, 3, "health_link", name="Health Seller")
    sign_in(app, "staff@pwd.up.gov.in")
    assert post(app, f"/leads/{theirs}/notes", {"text": "hello"}).status_code == 404
    assert post(app, f"/leads/{theirs}/follow-up", {"status": "resolved"}).status_code == 404
    assert post(app, f"/leads/{theirs}/reply", {"text": "hello"}).status_code == 404
    with Session(db) as session:
        assert session.exec(select(LeadNote)).all() == [] and session.exec(select(Lead)).all() == []
        assert session.exec(select(OutboxMessage)).all() == []
    del health


def test_a_reply_goes_through_the_outbox_and_into_the_conversation(app, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    seller_id = lead(db, 1, "pwd_link", name="Ramesh", callback=True, said="mujhe call karo")
    sign_in(app, "staff@pwd.up.gov.in")
    assert post(app, f"/leads/{seller_id}/reply", {"text": "Namaste Ramesh ji, main kal call karungi."}).status_code == 303
    with Session(db) as session:
        row = session.exec(select(OutboxMessage).where(OutboxMessage.seller_id == seller_id)).one()
        logged = session.exec(select(MessageLog).where(MessageLog.seller_id == seller_id, MessageLog.direction == "out")).one()
        audit = session.exec(select(AccessLog).where(AccessLog.action == "seller.reply")).one()
    assert row.kind == "staff" and row.priority == 0 and row.payload["text"].startswith("Namaste Ramesh ji")
    assert row.payload["fallback"]["kind"] == "resume"
    assert logged.kind == "staff" and audit.detail == f"seller {seller_id} outbox {row.id}"
    page = app.get(f"/leads/{seller_id}").text
    assert "main kal call karungi" in page and "mujhe call karo" in page and 'data-testid="reply-status"' in page
    empty = post(app, f"/leads/{seller_id}/reply", {"text": "   "})
    assert empty.status_code == 400


def test_notes_and_follow_up_are_the_departments_own(app, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    me = account(db, "staff@pwd.up.gov.in", department_id=pwd)
    seller_id = lead(db, 1, "pwd_link", callback=True)
    sign_in(app, "staff@pwd.up.gov.in")
    assert post(app, f"/leads/{seller_id}/notes", {"text": "Called, will send PAN tomorrow"}).status_code == 303
    assert post(app, f"/leads/{seller_id}/follow-up", {"status": "contacted", "assign_to": str(me.id)}).status_code == 303
    assert "Called, will send PAN tomorrow" in app.get(f"/leads/{seller_id}").text
    mine = app.get("/leads?mine=true").text
    assert f"/leads/{seller_id}" in mine
    assert 'data-testid="callback-flag"' not in mine  # calling back closed the request


def test_exports_are_scoped_masked_and_logged(app, db) -> None:  # type: ignore[no-untyped-def]
    pwd, health = department(db, "pwd"), department(db, "health")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    lead(db, 1, "pwd_link", name="Ours")
    lead(db, 2, "health_link", name="Theirs")
    sign_in(app, "staff@pwd.up.gov.in")
    csv_file = app.get("/leads/export.csv")
    assert csv_file.status_code == 200 and "Ours" in csv_file.text and "Theirs" not in csv_file.text
    assert "+919800000001" not in csv_file.text and "+91 98XXX XX001" in csv_file.text
    xlsx = app.get("/leads/export.xlsx")
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"
    with Session(db) as session:
        actions = [row.action for row in session.exec(select(AccessLog).where(AccessLog.action.startswith("leads.export")))]
    assert sorted(actions) == ["leads.export_csv", "leads.export_xlsx"]
    del health


def test_a_viewer_sees_figures_and_no_person(app, db) -> None:  # type: ignore[no-untyped-def]
    pwd = department(db, "pwd")
    account(db, "viewer@up.gov.in", role="viewer", department_id=pwd)
    seller_id = lead(db, 1, "pwd_link", name="Ramesh Kumar", callback=True, said="mera naam Ramesh")
    sign_in(app, "viewer@up.gov.in")
    home = app.get("/home")
    assert home.status_code == 200 and 'data-testid="sellers">1<' in home.text
    for path in ("/leads", f"/leads/{seller_id}", "/leads/export.csv", "/leads/waiting", "/admin/audit"):
        response = app.get(path)
        assert response.status_code == 404, path
        assert "Ramesh" not in response.text and "98000" not in response.text


def test_erasing_a_seller_erases_staff_notes_and_follow_up(app, db, env) -> None:  # type: ignore[no-untyped-def]
    from bot.erasure import erase
    from bot.store.db import transaction
    from bot.store.models import Seller

    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    seller_id = lead(db, 1, "pwd_link")
    sign_in(app, "staff@pwd.up.gov.in")
    post(app, f"/leads/{seller_id}/notes", {"text": "Lives near the station, wife runs the shop"})
    post(app, f"/leads/{seller_id}/follow-up", {"status": "contacted"})
    with transaction(db) as session:
        erase(session, session.get(Seller, seller_id), now=NOW, keyed=env.pan_digest)
    with Session(db) as session:
        assert session.exec(select(LeadNote)).all() == [] and session.exec(select(Lead)).all() == []
    assert app.get(f"/leads/{seller_id}").status_code == 404


def test_the_inbox_filters_by_the_departments_own_campaign(app, db) -> None:  # type: ignore[no-untyped-def]
    from bot.store.db import transaction
    from bot.store.models import Campaign, CampaignRecipient

    pwd, health = department(db, "pwd"), department(db, "health")
    account(db, "staff@pwd.up.gov.in", department_id=pwd)
    reached = lead(db, 1, "pwd_link", name="Reached Seller")
    lead(db, 2, "pwd_link", name="Other Seller")
    with transaction(db) as session:
        ours = Campaign(department_id=pwd, name="Ours", status="sending", message_hi="x", message_en="x", created_at=NOW, updated_at=NOW,
                        materialized_at=NOW, audience_size=1)
        theirs = Campaign(department_id=health, name="Theirs", status="sending", message_hi="x", message_en="x", created_at=NOW, updated_at=NOW,
                          materialized_at=NOW, audience_size=1)
        session.add_all([ours, theirs])
        session.flush()
        for campaign in (ours, theirs):
            session.add(CampaignRecipient(campaign_id=campaign.id, seller_id=reached, channel="whatsapp", external_id=f"+9198000{campaign.id:05d}",
                                          language="hi", status="sent", created_at=NOW, updated_at=NOW))
        ours_id, theirs_id = ours.id, theirs.id
    sign_in(app, "staff@pwd.up.gov.in")
    page = app.get(f"/leads?campaign={ours_id}").text
    assert "Reached Seller" in page and "Other Seller" not in page
    assert ">Ours<" in app.get("/leads").text and ">Theirs<" not in app.get("/leads").text
    assert "Reached Seller" not in app.get(f"/leads?campaign={theirs_id}").text  # another department's campaign matches nobody


def test_the_admin_create_command_prints_a_set_up_link(db, database_url, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from bot.__main__ import cli
    from bot.settings import get_settings

    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://saathi.up.gov.in")
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(cli, ["admin", "create"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    secret = result.output.split("https://saathi.up.gov.in/setup/", 1)[1].split()[0]
    from datetime import UTC, datetime

    made = datetime.now(UTC)
    assert accounts.setup_link_valid(engine=db, secret=secret, now=made + timedelta(minutes=29))
    assert not accounts.setup_link_valid(engine=db, secret=secret, now=made + timedelta(minutes=31))
