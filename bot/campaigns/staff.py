"""Handle department campaigns through the API: drafts, preview, test sends, scheduling, approval, life cycle."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from sqlalchemy import Engine, exists, func
from sqlmodel import Session, select

from bot import outbox
from bot.campaigns import rules as core
from bot.campaigns.rules import CampaignError
from bot.campaigns.shapes import (
    CampaignCreate,
    CampaignFields,
    CampaignPreview,
    CampaignProgress,
    ReachPublic,
    RenderedMessage,
    SamplePublic,
    TemplatePublic,
    Unreachable,
)
from bot.channels.base import CHANNELS, OutboundPayload
from bot.engine import validators
from bot.engine.context import IST, N_, Env
from bot.services.errors import NotFound
from bot.services.principal import Principal
from bot.shapes import ButtonPublic
from bot.store.db import transaction
from bot.store.models import (
    Campaign,
    CampaignRecipient,
    ConversationState,
    DeepLink,
    Department,
    OutboxMessage,
    Seller,
    VendorListEntry,
)

SCHEDULE_GRACE = timedelta(minutes=5)  # a start time a little in the past (a slow form) means "now"
PAUSABLE = frozenset({"scheduled", "sending"})
CANCELLABLE = frozenset({"draft", "pending_approval", "scheduled", "sending", "paused"})
WAITING = frozenset({"queued", "outboxed"})  # recipient statuses not yet settled
RECIPIENT_STATUSES = ("queued", "outboxed", "sent", "delivered", "read", "replied", "progressed", "failed", "skipped", "cancelled")
TELEGRAM_CHAT_ID = re.compile(r"-?\d{1,20}")
SAMPLE_STEP = "ask_pan"
SAMPLE_DISTRICT = 162  # Lucknow, when the audience names none
SAMPLE_NAMES = {"hi": "रमेश कुमार", "en": "Ramesh Kumar"}
UNREACHABLE_REASONS = {
    "whatsapp_needs_approved_template": "WhatsApp allows only an approved template outside the 24-hour window and for first contact; set template_sids",
    "telegram_cannot_start_a_chat": "uploaded vendors who are not sellers yet can only be reached by a WhatsApp template; Telegram reaches only people who pressed Start",
}


class CampaignConflict(CampaignError):
    """Signal that the campaign's status does not allow this (e.g. editing a scheduled one, resuming a draft)."""


# --------------------------------------------------------------------------- checks


def check(campaign: Campaign) -> None:
    """Raise CampaignError when the campaign cannot be sent as it is (the rules live in bot.campaigns.rules)."""
    core.check_campaign(campaign)


def _apply(campaign: Campaign, fields: CampaignFields) -> None:
    """Copy the fields a caller gave onto a campaign (audience and exclusions replace the whole group)."""
    given = fields.model_fields_set
    for name in ("name", "message_hi", "message_en", "button_title_hi", "button_title_en"):
        if name in given and (getattr(fields, name) is not None or name.startswith("button")):
            setattr(campaign, name, getattr(fields, name))
    if "audience" in given:
        campaign.audience = fields.audience.as_json() if fields.audience else {}
    if "exclusions" in given:
        campaign.target_stage = fields.exclusions.target_stage if fields.exclusions else None
        campaign.exclude_recent_hours = fields.exclusions.exclude_recent_hours if fields.exclusions else 0
    if "template_sids" in given:
        campaign.template_sids = fields.template_sids.as_json() if fields.template_sids else {}
    if "template_variables" in given:
        campaign.template_variables = list(fields.template_variables or [])


# --------------------------------------------------------------------------- finding


def _scoped(session: Session, principal: Principal, campaign_id: int, *, lock: bool = False) -> Campaign:
    """Return a campaign the caller may see (locked for update when asked), or raise NotFound."""
    query = select(Campaign).where(Campaign.id == campaign_id)
    if lock:
        query = query.with_for_update()
    campaign = session.exec(query).first()
    if campaign is None or not (principal.is_admin or (campaign.department_id is not None and campaign.department_id == principal.department_id)):
        raise NotFound(f"no campaign {campaign_id}")
    return campaign


def get_campaign(*, engine: Engine, principal: Principal, campaign_id: int) -> Campaign:
    """Return one campaign the caller may see, or raise NotFound."""
    with Session(engine) as session:
        return _scoped(session, principal, campaign_id)


def list_campaigns(*, engine: Engine, principal: Principal, status: str | None = None) -> list[Campaign]:
    """Return the caller's campaigns (an admin's: all), newest first."""
    query = select(Campaign).order_by(Campaign.id.desc())
    if not principal.is_admin:
        query = query.where(Campaign.department_id == principal.department_id)
    if status:
        query = query.where(Campaign.status == status)
    with Session(engine) as session:
        return list(session.exec(query))


# --------------------------------------------------------------------------- drafts


def create_campaign(*, engine: Engine, principal: Principal, draft: CampaignCreate, now: datetime) -> Campaign:
    """Save a draft campaign for a department (or MSME-wide, for an admin); CampaignError when it cannot be sent."""
    department_id = draft.department_id if draft.department_id is not None else principal.department_id
    if not principal.covers(department_id):  # an admin may leave the department out: an MSME-wide campaign
        raise PermissionError("a department's token makes campaigns for that department only")
    campaign = Campaign(department_id=department_id, name=draft.name, status="draft", created_at=now, updated_at=now)
    _apply(campaign, draft)
    check(campaign)
    with transaction(engine) as session:
        if department_id is not None and session.get(Department, department_id) is None:
            raise NotFound(f"no department {department_id}")
        session.add(campaign)
        session.flush()
        return campaign


def update_campaign(*, engine: Engine, principal: Principal, campaign_id: int, changes: CampaignFields, now: datetime) -> Campaign:
    """Change a draft; CampaignConflict once it is scheduled, CampaignError when the result cannot be sent."""
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id, lock=True)
        if campaign.status != "draft":
            raise CampaignConflict(N_("only a draft can be changed (this one is %(status)s); cancel it and make a new one"), status=campaign.status)
        _apply(campaign, changes)
        check(campaign)
        campaign.updated_at = now
        return campaign


# --------------------------------------------------------------------------- preview and test send


@dataclass(frozen=True, slots=True)
class Sample:
    """Hold whom a preview or test send is rendered for: a real seller of the audience, a row of the department's list, or a made-up one."""

    seller: Seller | None
    step: str | None
    channel: str
    seller_id: int | None = None
    vendor: VendorListEntry | None = None

    @property
    def source(self) -> str:
        """Name where the sample comes from: seller, vendor_list or made_up."""
        return "seller" if self.seller is not None else "vendor_list" if self.vendor is not None else "made_up"

    def for_language(self, lang: str, campaign: Campaign) -> Seller:
        """Return the seller to render for: the real one, one made of the department's own list row, or a made-up one named in this language."""
        if self.seller is not None:
            return self.seller
        districts = campaign.audience.get("districts") or [SAMPLE_DISTRICT]
        if self.vendor is not None:
            return Seller(name=self.vendor.name or SAMPLE_NAMES[lang], business_name=self.vendor.business_name,
                          district_lgd=self.vendor.district_lgd or districts[0], category=self.vendor.category, language=lang)
        return Seller(name=SAMPLE_NAMES[lang], district_lgd=districts[0], language=lang)


def _sample(session: Session, campaign: Campaign, principal: Principal, now: datetime) -> Sample:
    """Return the first seller the campaign reaches whom the caller may see whole, else a row of the department's list, else a made-up one."""
    # A department sees a seller as themselves only when they came by its own links. A seller it reaches because their number
    # is on its list is shown from the list's own row, one chosen without looking at who is a seller: what another department's
    # lead told us, and whether a listed number belongs to a seller at all, stay out of the preview.
    query = core.audience_query(campaign, now)
    if not principal.is_admin:
        query = query.where(Seller.source_code.in_(select(DeepLink.code).where(DeepLink.department_id == principal.department_id)))
    row = session.execute(query.order_by(Seller.id).limit(1)).first()
    channels = campaign.audience.get("channels") or CHANNELS
    channel = "whatsapp" if "whatsapp" in channels else "telegram"
    if row is None:
        vendor = _listed_sample(session, campaign)
        return Sample(None, SAMPLE_STEP, channel, vendor=vendor)
    seller_id, channel, _, _ = row
    step = session.exec(select(ConversationState.step).where(ConversationState.seller_id == seller_id)).first()
    return Sample(session.get(Seller, seller_id), step, channel, seller_id)


def _listed_sample(session: Session, campaign: Campaign) -> VendorListEntry | None:
    """Return the first row of the campaign department's list that its audience filters allow, seller or not."""
    a = campaign.audience
    if campaign.department_id is None or a.get("attributed"):
        return None
    query = select(VendorListEntry).where(*core.listed_in_audience(campaign))
    if a.get("categories"):
        query = query.where(VendorListEntry.category.in_(a["categories"]))
    return session.exec(query.order_by(VendorListEntry.id).limit(1)).first()


def _render(campaign: Campaign, sample: Sample, lang: str, channel: str, to: str, env: Env) -> OutboundPayload:
    recipient = CampaignRecipient(campaign_id=campaign.id or 0, channel=channel, external_id=to, language=lang, status="queued")
    return core.render(campaign, recipient, sample.for_language(lang, campaign), sample.step, env)


def _rendered(campaign: Campaign, sample: Sample, lang: str, env: Env) -> RenderedMessage:
    text = _render(campaign, sample, lang, "telegram", "preview", env)
    template = _render(campaign, sample, lang, "whatsapp", "preview", env).template if campaign.template_sids else None
    return RenderedMessage(
        text=text.text,
        buttons=[ButtonPublic(id=b.id, title=b.title) for b in text.buttons],
        template=TemplatePublic(content_sid=template.content_sid, variables=template.variables) if template else None,
    )


def _vendors_telegram_cannot_reach(session: Session, campaign: Campaign) -> int:
    """Count uploaded vendors, not yet sellers, whom a Telegram-only campaign leaves out."""
    a = campaign.audience
    if not a.get("vendor_list") or campaign.department_id is None or not a.get("channels") or "whatsapp" in a["channels"]:
        return 0
    known = exists().where(Seller.mobile == VendorListEntry.phone, Seller.erased_at.is_(None))
    query = select(func.count()).select_from(VendorListEntry).where(*core.listed_in_audience(campaign), ~known)
    return session.execute(query).scalar_one()


def preview_campaign(
    *, engine: Engine, env: Env, principal: Principal, campaign_id: int, threshold: int, now: datetime, changes: CampaignFields | None = None
) -> CampaignPreview:
    """Count whom the campaign reaches on which channel (and why not the rest), and show its message in both languages (with unsaved `changes`)."""
    with Session(engine) as session:
        campaign = _scoped(session, principal, campaign_id)
        if changes is not None:
            session.expunge(campaign)  # edits on the page, previewed and never written
            _apply(campaign, changes)
        counts = core.audience_counts(session, campaign, now)
        unreachable = dict(counts.unreachable)
        telegram_left_out = _vendors_telegram_cannot_reach(session, campaign)
        if telegram_left_out:
            unreachable["telegram_cannot_start_a_chat"] = telegram_left_out
        sample = _sample(session, campaign, principal, now)
        templated = bool(campaign.template_sids)
        size = campaign.audience_size if campaign.materialized_at is not None else None
        return CampaignPreview(
            campaign_id=campaign.id,
            status=campaign.status,
            audience=counts.total,
            reachable=counts.reachable,
            reachable_by_channel={
                "telegram": counts.telegram,
                "whatsapp": counts.whatsapp_in_window + ((counts.whatsapp_template_only + counts.first_contact) if templated else 0),
            },
            by_channel=ReachPublic(
                telegram=counts.telegram,
                whatsapp_in_window=counts.whatsapp_in_window,
                whatsapp_template_only=counts.whatsapp_template_only,
                first_contact=counts.first_contact,
            ),
            unreachable=[
                Unreachable(reason=reason, count=n, explanation=UNREACHABLE_REASONS.get(reason, reason.replace("_", " ")))
                for reason, n in sorted(unreachable.items())
            ],
            audience_size=size,
            approval_threshold=threshold,
            approval_needed=(size if size is not None else counts.total) > threshold,
            sample=SamplePublic(source=sample.source, seller_id=sample.seller_id),
            messages={lang: _rendered(campaign, sample, lang, env) for lang in ("hi", "en")},
        )


def check_draft(*, engine: Engine, principal: Principal, campaign_id: int, changes: CampaignFields) -> None:
    """Raise CampaignError when the draft with these changes could not be sent (nothing is saved)."""
    with Session(engine) as session:
        campaign = _scoped(session, principal, campaign_id)
        session.expunge(campaign)
        _apply(campaign, changes)
        check(campaign)


def normalise_address(channel: str, to: str) -> str:
    """Return a test-send address as the channel takes it: a Telegram chat id, or a mobile as +91XXXXXXXXXX."""
    to = to.strip()
    if channel == "telegram":
        if not TELEGRAM_CHAT_ID.fullmatch(to):
            raise CampaignError(N_("a Telegram test send needs the numeric chat id of someone who pressed Start in the bot"))
        return to
    try:
        return validators.find_mobile(to)
    except validators.InvalidInput:
        raise CampaignError(N_("a WhatsApp test send needs an Indian mobile number (10 digits starting 6-9)")) from None


def queue_test_send(
    *, engine: Engine, env: Env, principal: Principal, campaign_id: int, channel: str, to: str, language: str, now: datetime
) -> OutboxMessage:
    """Queue the campaign's message, rendered for a made-up seller, to one address (no recipient row, not in progress)."""
    address = normalise_address(channel, to)
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id)
        # A made-up sample always: a real seller's name must not go to whatever number is typed here.
        sample = Sample(None, SAMPLE_STEP, channel)
        payload = _render(campaign, sample, language, channel, address, env)
        # No campaign_id: the feeder counts a campaign's rows in flight, and a test row waiting on an
        # unconfigured channel would keep the campaign from ever finishing.
        row = outbox.add(
            session,
            outbox.row(channel=channel, kind="broadcast", payload=payload.to_json(), now=now, language=language, priority=outbox.URGENT),
        )
        return row


# --------------------------------------------------------------------------- life cycle


def as_utc_start(at: datetime | None, now: datetime) -> datetime:
    """Return when to start in UTC: a time without an offset is India time; none (or a moment ago) is now."""
    if at is None:
        return now
    moment = at.replace(tzinfo=IST) if at.tzinfo is None else at
    moment = moment.astimezone(now.tzinfo or timezone.utc)
    if moment < now - SCHEDULE_GRACE:
        raise CampaignError(N_("the start time %(time)s has passed; give a later time or null for now"), time=moment.astimezone(IST).isoformat())
    return max(moment, now)


def schedule_campaign(*, engine: Engine, principal: Principal, campaign_id: int, at: datetime | None, threshold: int, now: datetime) -> Campaign:
    """Check a draft again, freeze its audience now, and schedule it (or hold it for approval when large)."""
    start = as_utc_start(at, now)
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id, lock=True)
        if campaign.status != "draft":
            raise CampaignConflict(N_("only a draft can be scheduled (this one is %(status)s)"), status=campaign.status)
        check(campaign)
        core.materialize(session, campaign, now)
        if not campaign.audience_size:
            raise CampaignError(N_("nobody matches this audience now; widen it before scheduling"))  # rolls the freeze back
        campaign.status = "pending_approval" if campaign.audience_size > threshold else "scheduled"
        campaign.scheduled_at, campaign.updated_at = start, now
        return campaign


def approve_campaign(*, engine: Engine, principal: Principal, campaign_id: int, now: datetime) -> Campaign:
    """Let a large campaign go out at its scheduled time (admins only)."""
    if not principal.is_admin:
        raise PermissionError("only an MSME-department admin approves campaigns")
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id, lock=True)
        if campaign.status != "pending_approval":
            raise CampaignConflict(N_("only a campaign waiting for approval can be approved (this one is %(status)s)"), status=campaign.status)
        campaign.status, campaign.approved_at, campaign.approved_by_token_id, campaign.updated_at = "scheduled", now, principal.token_id, now
        return campaign


def pause_campaign(*, engine: Engine, principal: Principal, campaign_id: int, now: datetime) -> tuple[Campaign, int]:
    """Hold a scheduled or sending campaign; return it and how many queued messages were withdrawn."""
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id, lock=True)
        if campaign.status not in PAUSABLE:
            raise CampaignConflict(N_("only a scheduled or sending campaign can be paused (this one is %(status)s)"), status=campaign.status)
        withdrawn = core.pause(session, campaign, now)
        return campaign, withdrawn


def _started(session: Session, campaign_id: int) -> datetime | None:
    """Return when the feeder first queued a message of the campaign (None if it has not)."""
    return session.execute(
        select(func.min(OutboxMessage.created_at)).where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.recipient_id.is_not(None))
    ).scalar_one()


def resume_campaign(*, engine: Engine, principal: Principal, campaign_id: int, now: datetime) -> Campaign:
    """Carry on a paused campaign; one paused before it started waits for its start time again."""
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id, lock=True)
        try:
            core.resume(campaign, now)
        except CampaignError as error:
            raise CampaignConflict(error.problem.msgid, **error.problem.values) from None
        if _started(session, campaign.id) is None:
            campaign.status = "scheduled"  # the core's resume goes straight to sending, skipping scheduled_at
        return campaign


def cancel_campaign(*, engine: Engine, principal: Principal, campaign_id: int, now: datetime) -> tuple[Campaign, int]:
    """Stop a campaign for good: nothing not yet handed to a provider goes out."""
    with transaction(engine) as session:
        campaign = _scoped(session, principal, campaign_id, lock=True)
        if campaign.status not in CANCELLABLE:
            raise CampaignConflict(N_("a %(status)s campaign cannot be cancelled"), status=campaign.status)
        withdrawn = core.pause(session, campaign, now, cancel=True)
        return campaign, withdrawn


def campaign_progress(*, engine: Engine, principal: Principal, campaign_id: int) -> CampaignProgress:
    """Return recipients by status, how far the campaign is, and when it started and finished."""
    with Session(engine) as session:
        campaign = _scoped(session, principal, campaign_id)
        found = core.progress(session, campaign.id)
        started = _started(session, campaign.id)
    counts = {status: found.get(status, 0) for status in RECIPIENT_STATUSES} | found
    size = campaign.audience_size or sum(found.values())
    processed = sum(n for status, n in counts.items() if status not in WAITING)
    if size:
        percent = round(100 * processed / size, 1)
    else:
        percent = 100.0 if campaign.status in ("done", "cancelled") else 0.0
    return CampaignProgress(
        campaign_id=campaign.id,
        status=campaign.status,
        audience_size=size,
        counts=counts,
        processed=processed,
        percent_done=percent,
        scheduled_at=campaign.scheduled_at,
        started_at=started,
        finished_at=campaign.finished_at,
    )


def failure_reasons(*, engine: Engine, principal: Principal, campaign_id: int, limit: int = 10) -> list[tuple[str, int]]:
    """Return why the campaign's messages failed or were left out, most common first (the reason as recorded, and how many)."""
    with Session(engine) as session:
        campaign = _scoped(session, principal, campaign_id)
        reason = func.coalesce(CampaignRecipient.error, "")
        query = (
            select(reason, func.count())
            .where(CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.status.in_(("failed", "skipped")))
            .group_by(reason)
            .order_by(func.count().desc(), reason)
            .limit(limit)
        )
        return [(text, count) for text, count in session.execute(query)]
