"""Campaigns: audience queries, freezing recipients, feeding the outbox, pause/resume/cancel, restarts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, select

from bot.campaigns.feeder import CampaignFeeder, FeedRun
from bot.campaigns.rules import (
    CampaignError,
    audience_counts,
    check_campaign,
    mark_engaged,
    materialize,
    pause,
    progress,
    resume,
)
from bot.engine.model import Inbound
from bot.services.suppression import suppress
from bot.store.db import transaction
from bot.store.digests import phone_digest
from bot.store.models import (
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    ConversationState,
    DeepLink,
    Department,
    OutboxMessage,
    Seller,
    VendorListEntry,
)
from bot.turn import Runner
from tests.test_worker import ScriptedSender, _worker

NOW = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
LUCKNOW, AGRA = 162, 118


def _department(session: Session, code: str = "pwd") -> Department:
    department = Department(name=f"Dept {code}", code=code, created_at=NOW)
    session.add(department)
    session.flush()
    return department


def _seller(session: Session, n: int, *, district: int = LUCKNOW, category: str = "cleaning", stage: str = "profiled", channel: str = "whatsapp",
            language: str = "hi", opted_out: bool = False, erased: bool = False, is_test: bool = False, source: str | None = None,
            last_inbound: datetime | None = NOW, mobile: str | None = None) -> Seller:
    seller = Seller(created_at=NOW, updated_at=NOW, stage_changed_at=NOW, name=f"Seller {n}", district_lgd=district, category=category,
                    stage=stage, language=language, opted_out=opted_out, erased_at=NOW if erased else None, is_test=is_test,
                    source_code=source, mobile=mobile or f"+9198000{n:05d}", offering="services")
    session.add(seller)
    session.flush()
    external = f"+9198000{n:05d}" if channel == "whatsapp" else str(900000 + n)
    session.add(ChannelIdentity(seller_id=seller.id, channel=channel, external_id=external, created_at=NOW, last_inbound_at=last_inbound))
    session.add(ConversationState(seller_id=seller.id, step="ask_pan", state={"step": "ask_pan"}, updated_at=NOW))
    return seller


def _campaign(session: Session, department: Department | None = None, **fields: object) -> Campaign:
    values = {"name": "Workshop follow-up", "message_hi": "नमस्ते {name}! {district} में जेम पंजीकरण पूरा करें।",
              "message_en": "Namaste {name}! Finish your GeM registration in {district}.", "status": "draft", "created_at": NOW, "updated_at": NOW}
    values.update(fields)
    campaign = Campaign(department_id=department.id if department else None, **values)
    check_campaign(campaign)
    session.add(campaign)
    session.flush()
    return campaign


def test_filters_pick_the_right_sellers(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        _seller(session, 1)
        _seller(session, 2, district=AGRA)
        _seller(session, 3, category="security")
        _seller(session, 4, opted_out=True)
        _seller(session, 5, erased=True)
        _seller(session, 6, is_test=True)
        _seller(session, 7, stage="gem_account")
        _seller(session, 8, channel="telegram")
        campaign = _campaign(session, audience={"districts": [LUCKNOW], "categories": ["cleaning"]}, target_stage="gem_account")
        counts = audience_counts(session, campaign, NOW)
    assert counts.total == 2 and counts.telegram == 1 and counts.whatsapp_in_window == 1


def test_whatsapp_outside_the_window_needs_a_template(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        _seller(session, 1, last_inbound=NOW - timedelta(days=3))
        campaign = _campaign(session)
        counts = audience_counts(session, campaign, NOW)
        assert counts.whatsapp_template_only == 1 and counts.unreachable == {"whatsapp_needs_approved_template": 1}
        campaign.template_sids = {"hi": "HXhi", "en": "HXen"}
        assert audience_counts(session, campaign, NOW).unreachable == {}


def test_recently_messaged_sellers_are_left_out(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        seller = _seller(session, 1)
        _seller(session, 2)
        session.add(OutboxMessage(seller_id=seller.id, channel="whatsapp", payload={"to": "x"}, status="sent", due_at=NOW, created_at=NOW,
                                  updated_at=NOW, sent_at=NOW - timedelta(hours=3)))
        campaign = _campaign(session, exclude_recent_hours=24)
        assert audience_counts(session, campaign, NOW).total == 1


def test_department_audiences_use_its_links_and_vendor_list(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        pwd, other = _department(session, "pwd"), _department(session, "health")
        session.add(DeepLink(code="pwd_lko", department_id=pwd.id, created_at=NOW))
        session.add(DeepLink(code="health_agra", department_id=other.id, created_at=NOW))
        _seller(session, 1, source="pwd_lko")
        _seller(session, 2, source="health_agra")
        _seller(session, 3, mobile="+919811100003")
        session.add(VendorListEntry(department_id=pwd.id, phone="+919811100003", created_at=NOW))
        session.add(VendorListEntry(department_id=pwd.id, phone="+919811100099", name="Not yet a seller", created_at=NOW))
        campaign = _campaign(session, pwd, audience={"attributed": True, "vendor_list": True})
        counts = audience_counts(session, campaign, NOW)
        assert materialize(session, campaign, NOW) == 3  # the vendor who is not a seller yet too, with no seller id
    assert (counts.total, counts.first_contact) == (3, 1)


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"message_en": ""}, "both Hindi and English"),
        ({"message_hi": "नमस्ते {naam}"}, "unknown variables"),
        ({"message_en": "Hello {name} from {district}", "message_hi": "नमस्ते {name}"}, "same variables"),
        ({"template_sids": {"hi": "HX1"}}, "one Content SID for Hindi and one for English"),
        ({"template_variables": ["pan"]}, "template variables"),
        ({"audience": {"pincode": ["226001"]}}, "unknown audience filters"),
    ],
    ids=["missing english", "unknown variable", "variables differ", "half a template pair", "bad template variable", "unknown filter"],
)
def test_campaigns_that_cannot_be_sent_are_refused_with_the_reason(fields: dict, problem: str) -> None:
    values = {"name": "x", "message_hi": "नमस्ते {name}", "message_en": "Namaste {name}", "created_at": NOW, "updated_at": NOW, **fields}
    with pytest.raises(CampaignError, match=problem):
        check_campaign(Campaign(**values))


def test_freezing_the_audience_twice_adds_nobody_twice(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        for n in range(5):
            _seller(session, n)
        campaign = _campaign(session)
        assert materialize(session, campaign, NOW) == 5
        _seller(session, 99)
        assert materialize(session, campaign, NOW) == 1
        assert campaign.audience_size == 6


async def test_a_campaign_sends_once_to_everyone_across_pause_resume_and_restart(db, env) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        for n in range(30):
            _seller(session, n)
        campaign_id = _campaign(session, status="scheduled").id
    feeder = CampaignFeeder(db, env, buffer=10, batch=10)
    sender = ScriptedSender("whatsapp")
    worker = _worker(db, sender, batch_size=5)
    worker.clock.now = NOW
    feeder.run_once(NOW)
    await worker.run_once()
    with transaction(db) as session:
        withdrawn = pause(session, session.get(Campaign, campaign_id), NOW)
    assert withdrawn == 5  # the rest of the buffer went back to the queue
    feeder.run_once(NOW)
    assert await worker.run_once() == 0  # paused: nothing more goes
    with transaction(db) as session:
        resume(session.get(Campaign, campaign_id), NOW)
    # A "restart": fresh feeder and worker objects, same rows.
    feeder, worker = CampaignFeeder(db, env, buffer=10, batch=10), _worker(db, sender, batch_size=5)
    worker.clock.now = NOW
    for _ in range(20):
        feeder.run_once(NOW)
        await worker.run_once()
    feeder.run_once(NOW)
    sent_to = [payload.to for _, payload in sender.sent]
    assert len(sent_to) == 30 and len(set(sent_to)) == 30
    with Session(db) as session:
        assert session.get(Campaign, campaign_id).status == "done"
        assert progress(session, campaign_id) == {"sent": 30}
        texts = {p.text for _, p in sender.sent}
    assert any("Seller 3" in t and "लखनऊ" in t for t in texts)


async def test_cancel_stops_everything_not_yet_sent(db, env) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        for n in range(12):
            _seller(session, n)
        campaign_id = _campaign(session, status="scheduled").id
    CampaignFeeder(db, env, buffer=4, batch=4).run_once(NOW)
    with transaction(db) as session:
        pause(session, session.get(Campaign, campaign_id), NOW, cancel=True)
    with Session(db) as session:
        assert progress(session, campaign_id) == {"cancelled": 12}
        assert session.exec(select(OutboxMessage).where(OutboxMessage.status == "pending")).all() == []


async def test_whatsapp_templates_carry_the_variables_in_order(db, env) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        _seller(session, 1, language="en", last_inbound=NOW - timedelta(days=5))
        _campaign(session, status="scheduled", template_sids={"hi": "HXhi", "en": "HXen"}, template_variables=["name", "next_step"])
    CampaignFeeder(db, env).run_once(NOW)
    with Session(db) as session:
        row = session.exec(select(OutboxMessage)).one()
    assert row.payload["template"] == {"content_sid": "HXen", "variables": {"1": "Seller 1", "2": "Business PAN"}}


def test_replies_and_progress_after_a_campaign_are_recorded(db) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        seller = _seller(session, 1)
        campaign = _campaign(session)
        session.add(CampaignRecipient(campaign_id=campaign.id, seller_id=seller.id, channel="whatsapp", external_id="+91", status="delivered", updated_at=NOW))
    with transaction(db) as session:
        mark_engaged(session, seller.id, NOW + timedelta(hours=2), progressed=False)
    with Session(db) as session:
        assert session.exec(select(CampaignRecipient)).one().status == "replied"
    with transaction(db) as session:
        mark_engaged(session, seller.id, NOW + timedelta(hours=3), progressed=True)
    with Session(db) as session:
        assert session.exec(select(CampaignRecipient)).one().status == "progressed"


TEMPLATES = {"hi": "HXhi", "en": "HXen"}


def _vendor(session: Session, department: Department, phone: str, env) -> None:  # type: ignore[no-untyped-def]
    session.add(VendorListEntry(department_id=department.id, phone=phone, phone_digest=phone_digest(env.pan_digest, phone), created_at=NOW))


def test_suppressed_numbers_are_left_out_of_vendor_audiences_even_when_listed(db, env) -> None:  # type: ignore[no-untyped-def]
    with transaction(db) as session:
        pwd = _department(session)
        _seller(session, 3, mobile="+919811100003")  # back as a seller, but has not consented again
        for phone in ("+919811100003", "+919811100099", "+919811100098"):
            _vendor(session, pwd, phone, env)  # rows that slipped in, e.g. uploaded while the erasure was committing
        suppress(session.connection(), env.pan_digest, ["+919811100003", "+919811100099"], NOW)
        campaign = _campaign(session, pwd, audience={"vendor_list": True}, template_sids=TEMPLATES)
        counts = audience_counts(session, campaign, NOW)
        assert (counts.total, counts.first_contact) == (1, 1)
        assert materialize(session, campaign, NOW) == 1
        recipients = session.exec(select(CampaignRecipient.seller_id, CampaignRecipient.external_id)).all()
    assert recipients == [(None, "+919811100098")]


def test_erasure_withdraws_first_contacts_already_frozen_for_the_number(db, env) -> None:  # type: ignore[no-untyped-def]
    phone, other = "+919811100099", "+919811100098"
    with transaction(db) as session:
        pwd = _department(session)
        _vendor(session, pwd, phone, env)
        _vendor(session, pwd, other, env)
        sending = _campaign(session, pwd, audience={"vendor_list": True}, template_sids=TEMPLATES, status="scheduled")
        frozen = _campaign(session, pwd, audience={"vendor_list": True}, template_sids=TEMPLATES)
        materialize(session, frozen, NOW)
    assert CampaignFeeder(db, env).run_once(NOW).queued == 2  # the scheduled campaign's two are in the outbox
    runner = Runner(db, env)

    def say(*inbounds: Inbound) -> None:
        for inbound in inbounds:
            runner.handle(channel="whatsapp", external_id=phone, inbound=replace(inbound, phone=phone))

    say(Inbound(text="hi"), Inbound(kind="button", button="ask_language:hi"), Inbound(kind="button", button="ask_consent:yes"))
    with transaction(db) as session:
        everyone = _campaign(session)  # an admin campaign, frozen while they are a seller
        assert materialize(session, everyone, NOW) == 1
    say(Inbound(text="मेरा डेटा हटाओ"), Inbound(kind="button", button="confirm_erase:yes"))
    with Session(db) as session:
        rows = session.exec(select(CampaignRecipient).order_by(CampaignRecipient.id)).all()
        outboxed = session.exec(select(OutboxMessage.payload).where(OutboxMessage.campaign_id == sending.id)).all()
    assert sorted((r.campaign_id, r.status, r.external_id.startswith("erased-"), r.seller_id) for r in rows) == [
        (sending.id, "outboxed", False, None), (sending.id, "skipped", True, None),
        (frozen.id, "queued", False, None), (frozen.id, "skipped", True, None),
        (everyone.id, "skipped", True, None),
    ]
    assert {r.external_id for r in rows} & {phone} == set() and [p["to"] for p in outboxed] == [other]


def test_a_top_up_larger_than_a_chunk_keeps_to_its_budget_and_skips_the_opted_out(db, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The feeder writes in chunks of FEED_CHUNK per transaction, but a top-up still moves exactly its budget."""
    import bot.campaigns.feeder as campaigns

    monkeypatch.setattr(campaigns, "FEED_CHUNK", 4)
    with transaction(db) as session:
        ids = [_seller(session, n).id for n in range(13)]
        campaign = _campaign(session, status="scheduled")
        assert materialize(session, campaign, NOW) == 13
        campaign_id = campaign.id
    with transaction(db) as session:
        session.get(Seller, ids[2]).opted_out = True  # after the audience was taken
    run = CampaignFeeder(db, env, buffer=100, batch=10).run_once(NOW)
    assert (run.queued, run.skipped) == (9, 1)  # ten recipients taken: nine messages, one skipped
    with Session(db) as session:
        assert progress(session, campaign_id) == {"outboxed": 9, "skipped": 1, "queued": 3}
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id)).all()
        assert sorted(row.recipient_id for row in rows) == sorted({row.recipient_id for row in rows})  # one each
        assert all(row.status == "pending" and row.kind == "broadcast" for row in rows)


def test_a_feeder_racing_another_or_a_cancel_never_outboxes_a_recipient_twice(db, env, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Rows are read and rendered before the write transaction; only recipients still queued at write time move."""
    with transaction(db) as session:
        for n in range(6):
            _seller(session, n)
        campaign = _campaign(session, status="scheduled")
        materialize(session, campaign, NOW)
        campaign_id = campaign.id
    CampaignFeeder(db, env, buffer=0, batch=10).run_once(NOW)  # starts the campaign, moves nothing (no room)
    slow, quick = CampaignFeeder(db, env, buffer=100, batch=10), CampaignFeeder(db, env, buffer=100, batch=10)
    render_queued = slow._render_queued

    def meanwhile(session, campaign, now, room):  # type: ignore[no-untyped-def]
        read = render_queued(session, campaign, now, room)
        # Between this feeder's read and its write: another feeder takes the first four recipients,
        # and the two left are cancelled by staff.
        assert quick._feed_chunk(campaign_id, now, FeedRun(), 4) == 4
        with transaction(db) as other:
            other.execute(update(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign_id, CampaignRecipient.status == "queued").values(status="cancelled"))
        return read

    monkeypatch.setattr(slow, "_render_queued", meanwhile)
    run = FeedRun()
    assert slow._feed_chunk(campaign_id, NOW, run, 10) == 0
    assert (run.queued, run.skipped) == (0, 0)
    with Session(db) as session:
        assert progress(session, campaign_id) == {"outboxed": 4, "cancelled": 2}
        rows = session.exec(select(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id)).all()
        assert len(rows) == 4 and len({row.recipient_id for row in rows}) == 4
