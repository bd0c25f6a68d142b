"""Campaigns as pages: a draft with a live count and preview, test send, schedule, approval, progress, pause and cancel."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.store.models import AccessLog, Campaign, OutboxMessage
from tests.api.campaign_helpers import AGRA, LUCKNOW, add_seller, pin_clock
from tests.api.staff_helpers import account, csrf, department, sign_in

HI = "नमस्ते {name} जी! {district} में जेम पंजीकरण पूरा करें।"
EN = "Namaste {name} ji! Finish your GeM registration in {district}."


def _staff_with_sellers(client, db, language: str = "en") -> int:  # type: ignore[no-untyped-def]
    pin_clock(client)
    pwd = department(db, "pwd")
    account(db, "staff@pwd.up.gov.in", department_id=pwd, language=language)
    for n in range(3):
        add_seller(db, n, source="pwd_link", district=LUCKNOW)
    add_seller(db, 3, source="pwd_link", district=AGRA)
    add_seller(db, 4, district=LUCKNOW)  # nobody's: not the department's
    sign_in(client, "staff@pwd.up.gov.in")
    return pwd


def _create(client, name: str = "Lucknow December") -> int:  # type: ignore[no-untyped-def]
    token = csrf(client, "/campaigns/new")
    response = client.post("/campaigns", data={"name": name, "message_hi": HI, "message_en": EN, "csrf_token": token}, follow_redirects=False)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def _form(client, campaign_id: int, **changes: object) -> dict:  # type: ignore[no-untyped-def]
    data = {"name": "Lucknow December", "message_hi": HI, "message_en": EN, "csrf_token": csrf(client, f"/campaigns/{campaign_id}"),
            "exclude_recent_hours": "0"}
    data.update(changes)
    return data


def test_a_draft_shows_its_reach_and_both_languages_as_chat_bubbles(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db)
    campaign_id = _create(client)
    page = client.get(f"/campaigns/{campaign_id}").text
    assert 'data-testid="audience-count">4<' in page  # the department's four sellers, not the fifth
    assert 'data-testid="bubble-whatsapp-hi"' in page and "जेम पंजीकरण पूरा करें" in page and "Finish your GeM registration" in page


def test_the_live_preview_follows_the_form_without_saving(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db)
    campaign_id = _create(client)
    narrowed = client.post(f"/campaigns/{campaign_id}/preview", data=_form(client, campaign_id, districts=str(LUCKNOW)))
    assert narrowed.status_code == 200 and 'data-testid="audience-count">3<' in narrowed.text
    mismatch = client.post(f"/campaigns/{campaign_id}/preview", data=_form(client, campaign_id, message_en="Hello {name} from {next_step}"))
    assert 'data-testid="check-error"' in mismatch.text and "same variables" in mismatch.text
    with Session(db) as session:
        assert session.get(Campaign, campaign_id).audience == {}  # nothing was saved


def test_a_check_error_is_in_hindi_for_a_hindi_reader(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db, language="hi")
    campaign_id = _create(client)
    saved = client.post(f"/campaigns/{campaign_id}", data=_form(client, campaign_id, message_en="Hello {name} from {next_step}"), follow_redirects=False)
    assert saved.status_code == 400 and "एक जैसे" in saved.text


def test_schedule_pause_resume_and_cancel(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db)
    campaign_id = _create(client)
    assert client.post(f"/campaigns/{campaign_id}", data=_form(client, campaign_id, districts=str(LUCKNOW)), follow_redirects=False).status_code == 303
    token = csrf(client, f"/campaigns/{campaign_id}")
    assert client.post(f"/campaigns/{campaign_id}/schedule", data={"at": "", "csrf_token": token}, follow_redirects=False).status_code == 303
    with Session(db) as session:
        campaign = session.get(Campaign, campaign_id)
        assert campaign.status in ("scheduled", "sending") and campaign.audience_size == 3
    progress = client.get(f"/campaigns/{campaign_id}/progress")
    assert progress.status_code == 200 and 'data-testid="progress-bar"' in progress.text and "every 2s" in progress.text
    assert client.get(f"/campaigns/{campaign_id}/progress", headers={"HX-Request": "true"}).status_code == 200  # still live: the panel
    for action, status in (("pause", "paused"), ("resume", None), ("cancel", "cancelled")):
        token = csrf(client, f"/campaigns/{campaign_id}")
        assert client.post(f"/campaigns/{campaign_id}/{action}", data={"csrf_token": token}, follow_redirects=False).status_code == 303
        with Session(db) as session:
            now = session.get(Campaign, campaign_id).status
        assert now == status if status else now in ("scheduled", "sending")
    ended = client.get(f"/campaigns/{campaign_id}/progress", headers={"HX-Request": "true"})
    assert ended.status_code == 204 and ended.headers["HX-Refresh"] == "true"  # the page reloads to show the new status and buttons
    refused = client.post(f"/campaigns/{campaign_id}/resume", data={"csrf_token": csrf(client, f"/campaigns/{campaign_id}")})
    assert refused.status_code == 409 and "only a paused campaign can resume" in refused.text
    with Session(db) as session:
        actions = [row.action for row in session.exec(select(AccessLog).where(AccessLog.action.startswith("campaign.")))]
    assert "campaign.schedule" in actions and "campaign.cancel" in actions


def test_a_large_campaign_waits_for_an_admin(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db)
    client.app.state.saathi.settings.campaign_approval_threshold = 2
    campaign_id = _create(client)
    token = csrf(client, f"/campaigns/{campaign_id}")
    client.post(f"/campaigns/{campaign_id}/schedule", data={"at": "", "csrf_token": token})
    with Session(db) as session:
        assert session.get(Campaign, campaign_id).status == "pending_approval"
    assert client.post(f"/campaigns/{campaign_id}/approve", data={"csrf_token": csrf(client, f"/campaigns/{campaign_id}")}).status_code == 404
    client.cookies.clear()
    account(db, "admin@up.gov.in", role="admin")
    sign_in(client, "admin@up.gov.in")
    home = client.get("/home").text
    assert 'data-testid="approval-queue"' in home and f"/campaigns/{campaign_id}" in home  # the admin's queue, on the first page they see
    assert "data-testid=\"approve\"" in client.get(f"/campaigns/{campaign_id}").text
    approved = client.post(f"/campaigns/{campaign_id}/approve", data={"csrf_token": csrf(client, f"/campaigns/{campaign_id}")}, follow_redirects=False)
    assert approved.status_code == 303
    with Session(db) as session:
        assert session.get(Campaign, campaign_id).status in ("scheduled", "sending")


def test_a_test_send_goes_to_the_outbox_first(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db)
    campaign_id = _create(client)
    token = csrf(client, f"/campaigns/{campaign_id}")
    sent = client.post(f"/campaigns/{campaign_id}/test", data={"channel": "whatsapp", "to": "98765 43210", "language": "hi", "csrf_token": token})
    assert sent.status_code == 200 and "+91 98XXX XX210" in sent.text
    with Session(db) as session:
        row = session.exec(select(OutboxMessage)).one()
    assert row.priority == 0 and row.payload["to"] == "+919876543210" and "रमेश कुमार" in row.payload["text"]
    wrong = client.post(f"/campaigns/{campaign_id}/test", data={"channel": "whatsapp", "to": "12345", "language": "hi", "csrf_token": token})
    assert wrong.status_code == 400 and "Indian mobile number" in wrong.text


def test_another_departments_campaign_is_not_found_on_every_page(client, db) -> None:  # type: ignore[no-untyped-def]
    _staff_with_sellers(client, db)
    campaign_id = _create(client)
    client.cookies.clear()
    health = department(db, "health")
    account(db, "staff@health.up.gov.in", department_id=health)
    sign_in(client, "staff@health.up.gov.in")
    token = csrf(client, "/home")
    assert client.get(f"/campaigns/{campaign_id}").status_code == 404
    assert client.get(f"/campaigns/{campaign_id}/progress").status_code == 404
    for action in ("", "/preview", "/schedule", "/pause", "/resume", "/cancel", "/test"):
        response = client.post(f"/campaigns/{campaign_id}{action}", data={"csrf_token": token, "to": "9876543210", "name": "x"})
        assert response.status_code == 404, action
    assert "Lucknow December" not in client.get("/campaigns").text


def test_the_progress_says_why_messages_did_not_go_in_the_readers_language(client, db) -> None:  # type: ignore[no-untyped-def]
    from bot.delivery import NO_TEMPLATE
    from bot.store.db import transaction
    from bot.store.models import CampaignRecipient
    from tests.api.campaign_helpers import NOW

    _staff_with_sellers(client, db, language="hi")
    campaign_id = _create(client)
    with transaction(db) as session:
        campaign = session.get(Campaign, campaign_id)
        campaign.status, campaign.materialized_at, campaign.audience_size = "sending", NOW, 3
        for n, (status, error) in enumerate((("skipped", NO_TEMPLATE), ("skipped", NO_TEMPLATE), ("failed", "63018"))):
            session.add(CampaignRecipient(campaign_id=campaign_id, channel="whatsapp", external_id=f"+91980000{n:04d}", language="hi",
                                          status=status, error=error, created_at=NOW, updated_at=NOW))
    panel = client.get(f"/campaigns/{campaign_id}/progress").text
    assert 'data-testid="failure-reasons"' in panel
    assert "<strong>2</strong> · 24 घंटे" in panel and "<strong>1</strong> · 63018" in panel  # ours in Hindi, the provider's code as it came


def test_a_form_naming_another_department_still_makes_the_staffs_own_campaign(client, db) -> None:  # type: ignore[no-untyped-def]
    pwd = _staff_with_sellers(client, db)
    health = department(db, "health")
    token = csrf(client, "/campaigns/new")
    made = client.post("/campaigns", data={"name": "Sneaky", "message_hi": HI, "message_en": EN, "department_id": str(health), "csrf_token": token},
                       follow_redirects=False)
    assert made.status_code == 303
    with Session(db) as session:
        assert session.exec(select(Campaign.department_id).where(Campaign.name == "Sneaky")).one() == pwd
