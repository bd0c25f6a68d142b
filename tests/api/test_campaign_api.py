"""The campaigns API: drafts and their refusals, preview, test sends, scheduling, approval, the life cycle, scope."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from sqlalchemy import func, update
from sqlmodel import Session, select

from bot.campaigns.feeder import CampaignFeeder
from bot.campaigns.rules import sync_recipient
from bot.store.db import transaction
from bot.store.models import Campaign, CampaignRecipient, OutboxMessage, Seller, VendorListEntry
from tests.api.campaign_helpers import AGRA, LUCKNOW, NOW, add_seller, draft, pin_clock
from tests.api.department_helpers import access_log, bearer, department
from tests.conftest import TEST_SECRET

THRESHOLD = 3
A_LINK = "dept_a_link"  # the deep link department(db, "dept_a") makes: a department's campaign reaches only its own sellers


@pytest.fixture
def settings(database_url: str):  # type: ignore[no-untyped-def]
    """Return test settings where a campaign to more than three people needs an admin's approval."""
    from bot.settings import Settings

    return Settings(environment="test", database_url=database_url, secret_key=TEST_SECRET, campaign_approval_threshold=THRESHOLD)


@pytest.fixture
def api(client):  # type: ignore[no-untyped-def]
    """Return the test client with the app's clock pinned to NOW."""
    pin_clock(client)
    return client


def _create(api, headers, **fields):  # type: ignore[no-untyped-def]
    response = api.post("/api/v1/campaigns", json=draft(**fields), headers=headers)
    assert response.status_code == 201, response.text
    return response.json()


def _pending(db, **where) -> list[OutboxMessage]:  # type: ignore[no-untyped-def]
    with Session(db) as session:
        query = select(OutboxMessage).where(OutboxMessage.status == "pending")
        for name, value in where.items():
            query = query.where(getattr(OutboxMessage, name) == value)
        return list(session.exec(query))


def _mark_sent(db, row_id: int) -> None:  # type: ignore[no-untyped-def]
    """Do what the worker does when a provider took a message."""
    with transaction(db) as session:
        row = session.get(OutboxMessage, row_id)
        row.status, row.sent_at, row.updated_at = "sent", NOW, NOW
        sync_recipient(session, row, NOW)


# --------------------------------------------------------------------------- drafts


def test_staff_save_a_draft_with_districts_by_name_and_code(api, db) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dic_lucknow")
    staff = bearer(db, dept)
    body = _create(api, staff, audience={"districts": ["lakhnau", "आगरा", AGRA], "categories": ["cleaning"], "channels": ["whatsapp"]},
                   exclusions={"target_stage": "gem_account", "exclude_recent_hours": 48})
    assert body["department_id"] == dept and body["status"] == "draft" and body["audience_size"] is None
    assert [d["lgd_code"] for d in body["audience"]["districts"]] == [LUCKNOW, AGRA]
    assert body["audience"]["districts"][0]["name_hi"] == "लखनऊ"
    assert body["exclusions"] == {"target_stage": "gem_account", "exclude_recent_hours": 48}
    assert body["button_title_hi"] == "आगे बढ़ें"
    with Session(db) as session:
        stored = session.get(Campaign, body["id"])
    assert stored.audience == {"districts": [LUCKNOW, AGRA], "categories": ["cleaning"], "channels": ["whatsapp"]}
    assert api.get(f"/api/v1/campaigns/{body['id']}", headers=staff).json() == body
    assert [c["id"] for c in api.get("/api/v1/campaigns", headers=staff).json()] == [body["id"]]
    assert api.get("/api/v1/campaigns?status=scheduled", headers=staff).json() == []

    changed = api.patch(f"/api/v1/campaigns/{body['id']}", json={"name": "Renamed", "button_title_en": None}, headers=staff)
    assert changed.status_code == 200, changed.text
    assert changed.json()["name"] == "Renamed" and changed.json()["button_title_en"] is None
    assert changed.json()["audience"] == body["audience"]  # left alone when not given
    refused = api.patch(f"/api/v1/campaigns/{body['id']}", json={"message_en": "Hello {naam}"}, headers=staff)
    assert refused.status_code == 422 and "unknown variables" in refused.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("label", "fields", "says"),
    [
        ("unknown variable", {"message_hi": "नमस्ते {naam}"}, "unknown variables: naam"),
        ("variables differ", {"message_en": "Namaste {name}!"}, "same variables"),
        ("stray brace", {"message_hi": "नमस्ते {name} {", "message_en": "Namaste {name} {"}, "stray brace"),
        ("format spec", {"message_hi": "नमस्ते {name!r}", "message_en": "Namaste {name!r}"}, "{name!r}"),
        ("attribute", {"message_hi": "{name.upper}", "message_en": "{name.upper}"}, "{name.upper}"),
        ("half a template pair", {"template_sids": {"hi": "HX0123456789abcdef0123456789abcdef"}}, "one Content SID for Hindi and one for English"),
        ("missing message", {"message_en": "   "}, "both Hindi and English"),
    ],
)
def test_a_campaign_that_cannot_be_sent_is_422_with_the_reason(api, db, label, fields, says) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    response = api.post("/api/v1/campaigns", json=draft(**fields), headers=staff)
    assert response.status_code == 422, label
    assert says in response.json()["detail"][0]["msg"], label
    with Session(db) as session:
        assert session.exec(select(Campaign)).all() == []


def test_an_unclear_district_is_422_listing_the_candidates(api, db) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    response = api.post("/api/v1/campaigns", json=draft(audience={"districts": ["Lucknow", "Kanpur"]}), headers=staff)
    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["type"] == "ambiguous_district" and error["loc"] == ["body", "audience", "districts", 1]
    assert "Kanpur Nagar" in error["msg"] and "Kanpur Dehat" in error["msg"]
    assert {c["name_en"] for c in error["ctx"]["candidates"]} == {"Kanpur Nagar", "Kanpur Dehat"}
    unknown = api.post("/api/v1/campaigns", json=draft(audience={"districts": [9999]}), headers=staff)
    assert unknown.status_code == 422 and "9999" in unknown.json()["detail"][0]["msg"]


@pytest.mark.parametrize(
    ("label", "fields"),
    [
        ("button title over 20", {"button_title_en": "Finish my registration now"}),
        ("unknown category", {"audience": {"categories": ["jewellery"]}}),
        ("unknown stage", {"exclusions": {"target_stage": "registered"}}),
        ("unknown filter", {"audience": {"pincode": ["226001"]}}),
        ("bad template variable", {"template_variables": ["pan"]}),
        ("bad channel", {"audience": {"channels": ["sms"]}}),
    ],
)
def test_a_malformed_body_is_422(api, db, label, fields) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    assert api.post("/api/v1/campaigns", json=draft(**fields), headers=staff).status_code == 422, label


def test_who_may_create_for_which_department(api, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a, admin = bearer(db, a), bearer(db, None)
    assert api.post("/api/v1/campaigns", json=draft(department_id=b), headers=staff_a).status_code == 403
    assert _create(api, admin, department_id=b)["department_id"] == b
    assert _create(api, admin)["department_id"] is None  # MSME-wide
    assert api.post("/api/v1/campaigns", json=draft(department_id=9999), headers=admin).status_code == 404
    # Without a department the vendor-list and deep-link filters would mean nothing: everyone would get it.
    response = api.post("/api/v1/campaigns", json=draft(audience={"vendor_list": True}), headers=admin)
    assert response.status_code == 422 and "department" in response.json()["detail"][0]["msg"]
    assert api.post("/api/v1/campaigns", json=draft()).status_code == 401


# --------------------------------------------------------------------------- preview


def test_the_preview_counts_by_channel_and_shows_both_languages(api, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a, staff_b = bearer(db, a), bearer(db, b)
    own = add_seller(db, 1, source=A_LINK, step="ask_gstin")
    add_seller(db, 2, source=A_LINK)
    add_seller(db, 3, source=A_LINK, last_inbound=NOW - timedelta(days=3))
    add_seller(db, 4, channel="telegram", language="en", mobile="+919811100004")  # dept_a's by its vendor list, not a link
    add_seller(db, 5, source=A_LINK, district=AGRA)
    add_seller(db, 6)  # in Lucknow but nobody's: no department reaches them
    with transaction(db) as session:
        session.add(VendorListEntry(department_id=a, phone="+919811100004", created_at=NOW))
    campaign = _create(api, staff_a)

    preview = api.get(f"/api/v1/campaigns/{campaign['id']}/preview", headers=staff_a)
    assert preview.status_code == 200, preview.text
    body = preview.json()
    assert (body["audience"], body["reachable"]) == (4, 3)
    assert body["by_channel"] == {"telegram": 1, "whatsapp_in_window": 2, "whatsapp_template_only": 1, "first_contact": 0}
    assert body["reachable_by_channel"] == {"telegram": 1, "whatsapp": 2}
    assert [(u["reason"], u["count"]) for u in body["unreachable"]] == [("whatsapp_needs_approved_template", 1)]
    assert "template" in body["unreachable"][0]["explanation"]
    assert body["approval_needed"] is True and body["approval_threshold"] == THRESHOLD
    assert body["sample"] == {"source": "seller", "seller_id": own}
    hi, en = body["messages"]["hi"], body["messages"]["en"]
    assert hi["text"] == "नमस्ते Seller 1! लखनऊ में जेम पंजीकरण पूरा करें।"
    assert en["text"] == "Namaste Seller 1! Finish your GeM registration in Lucknow."
    assert hi["buttons"] == [{"id": "cmd:resume", "title": "आगे बढ़ें"}] and en["buttons"][0]["title"] == "Carry on"
    assert hi["template"] is None
    assert ("campaign.preview" in {action for _, action, _ in access_log(db)})

    # Another department's campaign reaches none of dept_a's sellers, and shows none of them, not even as the sample.
    other = _create(api, staff_b)
    made_up = api.get(f"/api/v1/campaigns/{other['id']}/preview", headers=staff_b).json()
    assert made_up["audience"] == 0 and made_up["sample"] == {"source": "made_up", "seller_id": None}
    assert made_up["messages"]["hi"]["text"].startswith("नमस्ते रमेश कुमार!") and "Ramesh Kumar" in made_up["messages"]["en"]["text"]
    refused = api.post(f"/api/v1/campaigns/{other['id']}/schedule", json={"at": None}, headers=staff_b)
    assert refused.status_code == 422 and "nobody matches this audience" in refused.json()["detail"][0]["msg"]
    # A campaign without a department (an admin's) reaches every seller in the districts, whoever brought them.
    admin = bearer(db, None)
    msme_wide = _create(api, admin)
    assert api.get(f"/api/v1/campaigns/{msme_wide['id']}/preview", headers=admin).json()["audience"] == 5

    sids = {"hi": "HX0123456789abcdef0123456789abcdef", "en": "HXfedcba9876543210fedcba9876543210"}
    patched = api.patch(f"/api/v1/campaigns/{campaign['id']}", json={"template_sids": sids, "template_variables": ["name", "district"]}, headers=staff_a)
    assert patched.status_code == 200, patched.text
    body = api.get(f"/api/v1/campaigns/{campaign['id']}/preview", headers=staff_a).json()
    assert body["unreachable"] == [] and body["reachable"] == 4 and body["reachable_by_channel"] == {"telegram": 1, "whatsapp": 3}
    assert body["messages"]["hi"]["template"] == {"content_sid": sids["hi"], "variables": {"1": "Seller 1", "2": "लखनऊ"}}
    assert body["messages"]["en"]["template"] == {"content_sid": sids["en"], "variables": {"1": "Seller 1", "2": "Lucknow"}}


def test_the_preview_says_telegram_cannot_reach_vendors_who_are_not_sellers(api, db) -> None:  # type: ignore[no-untyped-def]
    a = department(db, "dept_a")
    staff = bearer(db, a)
    add_seller(db, 1, mobile="+919811100001", channel="telegram")
    with transaction(db) as session:
        session.add(VendorListEntry(department_id=a, phone="+919811100001", created_at=NOW))
        session.add(VendorListEntry(department_id=a, phone="+919811100002", created_at=NOW))
    both = _create(api, staff, audience={"vendor_list": True})
    body = api.get(f"/api/v1/campaigns/{both['id']}/preview", headers=staff).json()
    assert (body["audience"], body["by_channel"]["telegram"], body["by_channel"]["first_contact"]) == (2, 1, 1)
    assert [u["reason"] for u in body["unreachable"]] == ["whatsapp_needs_approved_template"]
    telegram_only = _create(api, staff, audience={"vendor_list": True, "channels": ["telegram"]})
    body = api.get(f"/api/v1/campaigns/{telegram_only['id']}/preview", headers=staff).json()
    assert body["audience"] == 1 and [(u["reason"], u["count"]) for u in body["unreachable"]] == [("telegram_cannot_start_a_chat", 1)]


# --------------------------------------------------------------------------- scope


def test_a_department_sees_and_touches_only_its_own_campaigns(api, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_a, staff_b, admin = bearer(db, a), bearer(db, b), bearer(db, None)
    add_seller(db, 1, source=A_LINK)
    of_a = _create(api, staff_a)["id"]
    msme_wide = _create(api, admin)["id"]
    for campaign_id in (of_a, msme_wide, 9999):
        assert api.get(f"/api/v1/campaigns/{campaign_id}", headers=staff_b).status_code == 404
        assert api.patch(f"/api/v1/campaigns/{campaign_id}", json={"name": "mine"}, headers=staff_b).status_code == 404
        assert api.get(f"/api/v1/campaigns/{campaign_id}/preview", headers=staff_b).status_code == 404
        assert api.get(f"/api/v1/campaigns/{campaign_id}/progress", headers=staff_b).status_code == 404
        assert api.post(f"/api/v1/campaigns/{campaign_id}/test-send", json={"channel": "telegram", "to": "12345"}, headers=staff_b).status_code == 404
        assert api.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={"at": None}, headers=staff_b).status_code == 404
        for action in ("pause", "resume", "cancel"):
            assert api.post(f"/api/v1/campaigns/{campaign_id}/{action}", headers=staff_b).status_code == 404, action
    assert api.get("/api/v1/campaigns", headers=staff_b).json() == []
    assert api.get(f"/api/v1/campaigns/{msme_wide}", headers=staff_a).status_code == 404

    assert api.post(f"/api/v1/campaigns/{of_a}/schedule", json={"at": None}, headers=staff_a).json()["status"] == "scheduled"
    assert api.post(f"/api/v1/campaigns/{of_a}/pause", headers=staff_b).status_code == 404
    with Session(db) as session:
        assert session.get(Campaign, of_a).status == "scheduled"
        assert session.exec(select(func.count()).select_from(OutboxMessage)).one() == 0
    assert {c["id"] for c in api.get("/api/v1/campaigns", headers=admin).json()} == {of_a, msme_wide}
    assert api.post(f"/api/v1/campaigns/{of_a}/pause", headers=admin).json()["status"] == "paused"


# --------------------------------------------------------------------------- life cycle


def test_draft_scheduled_sending_paused_resumed_cancelled(api, db, env) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    for n in range(3):
        add_seller(db, n, source=A_LINK)
    campaign_id = _create(api, staff)["id"]
    url = f"/api/v1/campaigns/{campaign_id}"
    assert api.post(f"{url}/resume", headers=staff).status_code == 409  # a draft cannot resume
    assert api.post(f"{url}/pause", headers=staff).status_code == 409  # nor pause

    scheduled = api.post(f"{url}/schedule", json={"at": None}, headers=staff)
    assert scheduled.status_code == 200, scheduled.text
    assert scheduled.json()["status"] == "scheduled" and scheduled.json()["audience_size"] == 3
    assert api.patch(url, json={"name": "too late"}, headers=staff).status_code == 409
    assert api.post(f"{url}/schedule", json={"at": None}, headers=staff).status_code == 409
    add_seller(db, 99, source=A_LINK)  # dept_a's, but joins after the freeze: not in this campaign
    progress = api.get(f"{url}/progress", headers=staff).json()
    assert progress["counts"]["queued"] == 3 and progress["audience_size"] == 3 and progress["percent_done"] == 0
    assert progress["started_at"] is None

    feeder = CampaignFeeder(db, env, buffer=1, batch=1)
    feeder.run_once(NOW)
    [first] = _pending(db, campaign_id=campaign_id)
    assert api.get(url, headers=staff).json()["status"] == "sending"
    _mark_sent(db, first.id)
    feeder.run_once(NOW)
    [second] = _pending(db, campaign_id=campaign_id)

    paused = api.post(f"{url}/pause", headers=staff)
    assert paused.status_code == 200 and paused.json()["status"] == "paused"
    assert _pending(db, campaign_id=campaign_id) == []  # the message not yet with the provider was withdrawn
    for _ in range(3):
        feeder.run_once(NOW)
    assert _pending(db, campaign_id=campaign_id) == []  # paused: the feeder adds nothing
    assert api.post(f"{url}/pause", headers=staff).status_code == 409

    assert api.post(f"{url}/resume", headers=staff).json()["status"] == "sending"
    feeder.run_once(NOW)
    assert len(_pending(db, campaign_id=campaign_id)) == 1
    progress = api.get(f"{url}/progress", headers=staff).json()
    assert {k: v for k, v in progress["counts"].items() if v} == {"sent": 1, "outboxed": 1, "queued": 1}
    assert (progress["processed"], progress["percent_done"], progress["status"]) == (1, 33.3, "sending")
    assert progress["started_at"] is not None and progress["finished_at"] is None

    cancelled = api.post(f"{url}/cancel", headers=staff)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    feeder.run_once(NOW)
    assert _pending(db, campaign_id=campaign_id) == []
    progress = api.get(f"{url}/progress", headers=staff).json()
    assert {k: v for k, v in progress["counts"].items() if v} == {"sent": 1, "cancelled": 2}
    assert progress["percent_done"] == 100.0 and progress["finished_at"] is not None
    for action in ("pause", "resume", "cancel"):
        assert api.post(f"{url}/{action}", headers=staff).status_code == 409, action
    actions = [action for _, action, _ in access_log(db) if action.startswith("campaign.")]
    assert actions == ["campaign.schedule", "campaign.pause", "campaign.resume", "campaign.cancel"]


def test_a_start_time_in_india_time_is_kept_and_waited_for(api, db, env) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    add_seller(db, 1, source=A_LINK)
    campaign_id = _create(api, staff)["id"]
    url = f"/api/v1/campaigns/{campaign_id}"
    past = api.post(f"{url}/schedule", json={"at": "2026-11-23T09:00:00"}, headers=staff)  # 09:00 IST is 03:30 UTC: gone
    assert past.status_code == 422 and "passed" in past.json()["detail"][0]["msg"]
    body = api.post(f"{url}/schedule", json={"at": "2026-11-23T17:30:00"}, headers=staff).json()  # 17:30 IST = 12:00 UTC
    assert body["status"] == "scheduled" and body["scheduled_at"].startswith("2026-11-23T12:00:00")

    feeder = CampaignFeeder(db, env)
    feeder.run_once(NOW)
    assert api.get(url, headers=staff).json()["status"] == "scheduled"
    # Paused before it started, it waits for its time again when resumed.
    assert api.post(f"{url}/pause", headers=staff).json()["status"] == "paused"
    assert api.post(f"{url}/resume", headers=staff).json()["status"] == "scheduled"
    feeder.run_once(NOW + timedelta(hours=6))
    assert api.get(url, headers=staff).json()["status"] == "sending"
    assert len(_pending(db, campaign_id=campaign_id)) == 1


def test_an_empty_audience_is_not_scheduled(api, db) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    add_seller(db, 1, district=AGRA, source=A_LINK)  # the department's own seller, but outside the districts
    campaign_id = _create(api, staff)["id"]
    response = api.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={"at": None}, headers=staff)
    assert response.status_code == 422 and "nobody" in response.json()["detail"][0]["msg"]
    with Session(db) as session:
        assert session.get(Campaign, campaign_id).status == "draft"
        assert session.exec(select(CampaignRecipient)).all() == []


def test_a_large_campaign_waits_for_an_admin(api, db, env) -> None:  # type: ignore[no-untyped-def]
    dept = department(db, "dept_a")
    staff, other_staff, admin = bearer(db, dept), bearer(db, department(db, "dept_b")), bearer(db, None)
    for n in range(THRESHOLD + 1):
        add_seller(db, n, source=A_LINK)
    campaign_id = _create(api, staff)["id"]
    url = f"/api/v1/campaigns/{campaign_id}"
    assert api.post(f"{url}/approve", headers=admin).status_code == 409  # a draft is not waiting for approval
    body = api.post(f"{url}/schedule", json={"at": None}, headers=staff).json()
    assert (body["status"], body["audience_size"]) == ("pending_approval", THRESHOLD + 1)
    CampaignFeeder(db, env).run_once(NOW)
    assert _pending(db) == [] and api.get(url, headers=staff).json()["status"] == "pending_approval"
    assert api.post(f"{url}/approve", headers=staff).status_code == 403
    assert api.post(f"{url}/approve", headers=other_staff).status_code == 403
    assert api.post(f"{url}/pause", headers=staff).status_code == 409
    approved = api.post(f"{url}/approve", headers=admin)
    assert approved.status_code == 200 and approved.json()["status"] == "scheduled" and approved.json()["approved_at"]
    assert api.post(f"{url}/approve", headers=admin).status_code == 409
    CampaignFeeder(db, env).run_once(NOW)
    assert len(_pending(db, campaign_id=campaign_id)) == THRESHOLD + 1


def test_a_campaign_waiting_for_approval_can_be_cancelled(api, db) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    for n in range(THRESHOLD + 1):
        add_seller(db, n, source=A_LINK)
    campaign_id = _create(api, staff)["id"]
    api.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={"at": None}, headers=staff)
    assert api.post(f"/api/v1/campaigns/{campaign_id}/cancel", headers=staff).json()["status"] == "cancelled"
    assert api.get(f"/api/v1/campaigns/{campaign_id}/progress", headers=staff).json()["counts"]["cancelled"] == THRESHOLD + 1


# --------------------------------------------------------------------------- test sends


def test_a_listed_number_never_shows_another_departments_seller_in_the_preview(api, db) -> None:  # type: ignore[no-untyped-def]
    a, b = department(db, "dept_a"), department(db, "dept_b")
    staff_b = bearer(db, b)
    # A seller who came by dept_a's link and told the bot their name; dept_b puts the number on its list to probe it.
    theirs = add_seller(db, 1, source=A_LINK, mobile="+919811100001")
    with transaction(db) as session:
        session.get(Seller, theirs).name = "Gopal Verma"
        session.add(VendorListEntry(department_id=b, phone="+919811100001", name="Probe Entry", district_lgd=LUCKNOW, created_at=NOW))
    probing = _create(api, staff_b)
    body = api.get(f"/api/v1/campaigns/{probing['id']}/preview", headers=staff_b).json()
    assert body["audience"] == 1  # the count the preview must show
    assert body["sample"] == {"source": "vendor_list", "seller_id": None}
    shown = json.dumps(body["messages"], ensure_ascii=False)
    assert "Probe Entry" in shown and "Gopal" not in shown and str(theirs) not in json.dumps(body["sample"])

    # The same preview whether or not the listed number is a seller: nothing else tells them apart.
    with transaction(db) as session:
        session.get(Seller, theirs).mobile = "+919811100009"
    unknown = api.get(f"/api/v1/campaigns/{probing['id']}/preview", headers=staff_b).json()
    assert unknown["audience"] == 0
    assert (unknown["sample"], unknown["messages"]) == (body["sample"], body["messages"])

    # dept_a's own preview shows the seller who came by its link, as themselves.
    staff_a = bearer(db, a)
    with transaction(db) as session:
        session.get(Seller, theirs).mobile = "+919811100001"
    own = api.get(f"/api/v1/campaigns/{_create(api, staff_a)['id']}/preview", headers=staff_a).json()
    assert own["sample"] == {"source": "seller", "seller_id": theirs} and "Gopal Verma" in own["messages"]["en"]["text"]


def test_a_test_send_queues_exactly_one_message_for_a_made_up_seller(api, db) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    add_seller(db, 1, source=A_LINK)  # in the audience, yet a real seller's name must not go to a test number
    campaign_id = _create(api, staff)["id"]
    response = api.post(f"/api/v1/campaigns/{campaign_id}/test-send", json={"channel": "telegram", "to": "123456789", "language": "en"}, headers=staff)
    assert response.status_code == 202, response.text
    assert response.json() | {"outbox_id": 0} == {
        "outbox_id": 0, "channel": "telegram", "to": "123456789", "language": "en", "template": False, "channel_configured": False,
    }
    with Session(db) as session:
        [row] = session.exec(select(OutboxMessage)).all()
        assert session.exec(select(CampaignRecipient)).all() == []
    assert (row.kind, row.priority, row.channel, row.seller_id, row.campaign_id, row.recipient_id) == ("broadcast", 0, "telegram", None, None, None)
    assert row.payload["to"] == "123456789"
    assert row.payload["text"] == "Namaste Ramesh Kumar! Finish your GeM registration in Lucknow."
    assert api.get(f"/api/v1/campaigns/{campaign_id}", headers=staff).json()["status"] == "draft"
    assert api.get(f"/api/v1/campaigns/{campaign_id}/progress", headers=staff).json()["audience_size"] == 0


def test_a_whatsapp_test_send_uses_the_template_when_set(api, db) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    sids = {"hi": "HX0123456789abcdef0123456789abcdef", "en": "HXfedcba9876543210fedcba9876543210"}
    campaign_id = _create(api, staff, template_sids=sids, template_variables=["name"])["id"]
    response = api.post(f"/api/v1/campaigns/{campaign_id}/test-send", json={"channel": "whatsapp", "to": "+91-98123 45210"}, headers=staff)
    assert response.status_code == 202, response.text
    assert response.json()["to"] == "+91 98XXX XX210" and response.json()["template"] is True
    [row] = _pending(db)
    assert row.payload["to"] == "+919812345210"
    assert row.payload["template"] == {"content_sid": sids["hi"], "variables": {"1": "रमेश कुमार"}}
    log = [detail for _, action, detail in access_log(db) if action == "campaign.test_send"]
    assert log and "9812345210" not in log[0]


@pytest.mark.parametrize(
    ("label", "body"),
    [
        ("telegram username", {"channel": "telegram", "to": "@someone"}),
        ("not a mobile", {"channel": "whatsapp", "to": "12345"}),
        ("unknown channel", {"channel": "sms", "to": "9812345678"}),
    ],
)
def test_a_test_send_to_a_bad_address_is_422(api, db, label, body) -> None:  # type: ignore[no-untyped-def]
    staff = bearer(db, department(db, "dept_a"))
    campaign_id = _create(api, staff)["id"]
    assert api.post(f"/api/v1/campaigns/{campaign_id}/test-send", json=body, headers=staff).status_code == 422, label
    assert _pending(db) == []


def test_recipients_opted_out_after_the_freeze_are_skipped(api, db, env) -> None:  # type: ignore[no-untyped-def]
    from bot.store.models import Seller

    staff = bearer(db, department(db, "dept_a"))
    keep, leave = add_seller(db, 1, source=A_LINK), add_seller(db, 2, source=A_LINK)
    campaign_id = _create(api, staff)["id"]
    api.post(f"/api/v1/campaigns/{campaign_id}/schedule", json={"at": None}, headers=staff)
    with db.begin() as conn:
        conn.execute(update(Seller).where(Seller.id == leave).values(opted_out=True))
    CampaignFeeder(db, env).run_once(NOW)
    assert [row.seller_id for row in _pending(db, campaign_id=campaign_id)] == [keep]
    counts = api.get(f"/api/v1/campaigns/{campaign_id}/progress", headers=staff).json()["counts"]
    assert (counts["outboxed"], counts["skipped"]) == (1, 1)
