"""Decide a campaign's audience, freeze it into recipient rows, render its messages and follow their delivery."""

from __future__ import annotations

import logging
import string
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Connection,
    Integer,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    null,
    or_,
    select,
    text,
    update,
)
from sqlalchemy.orm import aliased
from sqlmodel import Session

from bot.channels.base import CHANNELS, OutboundPayload, Template
from bot.channels.whatsapp import SESSION_WINDOW
from bot.engine.context import N_, Env
from bot.engine.conversation import ALL_STEPS
from bot.engine.districts import by_code
from bot.engine.model import STAGES, Button
from bot.funnel import cube
from bot.services.uploads import Problem
from bot.store.db import upsert
from bot.store.models import (
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    DeepLink,
    OutboxMessage,
    Seller,
    SuppressedPhone,
    VendorListEntry,
)

log = logging.getLogger(__name__)

VARIABLES = ("name", "district", "next_step")
AUDIENCE_KEYS = frozenset({"districts", "categories", "offerings", "stages", "languages", "channels", "vendor_list", "attributed"})
ACTIVE = frozenset({"scheduled", "sending"})
# Recipient statuses that mean the message reached the person, in order; "replied"/"progressed" come after.
DELIVERY_RANK = {"queued": 0, "outboxed": 1, "sent": 2, "delivered": 3, "read": 4, "replied": 5, "progressed": 6}


class CampaignError(ValueError):
    """Signal a campaign that cannot be saved or sent as it is; the message (an English msgid and its values) says what to fix."""

    def __init__(self, msgid: str, **values: Any) -> None:
        self.problem = Problem(msgid, values)
        super().__init__(str(self.problem))


def check_campaign(campaign: Campaign) -> None:
    """Raise CampaignError when the audience, messages or template pair don't fit together."""
    unknown = set(campaign.audience) - AUDIENCE_KEYS
    if unknown:
        raise CampaignError(N_("unknown audience filters: %(filters)s"), filters=", ".join(sorted(unknown)))
    if not campaign.message_hi.strip() or not campaign.message_en.strip():
        raise CampaignError(N_("the message is needed in both Hindi and English"))
    fields = {}
    for lang, message in (("hi", campaign.message_hi), ("en", campaign.message_en)):
        fields[lang] = _fields(message, lang)
        bad = fields[lang] - set(VARIABLES)
        if bad:
            raise CampaignError(N_("the %(lang)s message uses unknown variables: %(bad)s (allowed: %(allowed)s)"), lang=lang, bad=", ".join(sorted(bad)), allowed=", ".join(VARIABLES))
    if fields["hi"] != fields["en"]:
        raise CampaignError(N_("the Hindi and English messages must use the same variables"))
    if campaign.department_id is None and (campaign.audience.get("vendor_list") or campaign.audience.get("attributed")):
        raise CampaignError(N_("vendor_list and attributed audiences belong to a department; give the campaign one"))
    sids = campaign.template_sids or {}
    if sids and set(sids) != {"hi", "en"}:
        raise CampaignError(N_("a WhatsApp template pair needs one Content SID for Hindi and one for English"))
    bad_vars = set(campaign.template_variables) - set(VARIABLES)
    if bad_vars:
        raise CampaignError(N_("template variables must be among %(allowed)s"), allowed=", ".join(VARIABLES))
    if campaign.target_stage is not None and campaign.target_stage not in STAGES:
        raise CampaignError(N_("target stage must be one of %(stages)s"), stages=", ".join(STAGES))


def _fields(text: str, lang: str) -> set[str]:
    """Return the variable names a message uses, refusing anything str.format would choke on."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError as error:
        raise CampaignError(N_("the %(lang)s message has a stray brace (%(error)s); write {{ or }} for a literal brace"), lang=lang, error=str(error)) from None
    names = set()
    for _literal, name, spec, conversion in parsed:
        if name is None:
            continue
        if spec or conversion or not name.isidentifier():
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            raise CampaignError(N_("the %(lang)s message uses %(shown)s: write variables plainly, like {name}"), lang=lang, shown=shown)
        names.add(name)
    return names


def _stages_from(stage: str) -> list[str]:
    return list(STAGES[STAGES.index(stage) :])


def listed_vendor(department_id: int) -> Any:
    """Return the condition that a vendor-list row is the department's and its number is not on the suppression list."""
    suppressed = exists().where(SuppressedPhone.phone_digest == VendorListEntry.phone_digest)
    return and_(VendorListEntry.department_id == department_id, not_(suppressed))


def audience_query(campaign: Campaign, now: datetime) -> Any:
    """Return a SELECT of (seller_id, channel, external_id, language) for every seller the campaign reaches."""
    a = campaign.audience
    channels = [c for c in a.get("channels") or CHANNELS if c in CHANNELS]
    inner = aliased(ChannelIdentity)
    preferred = (
        select(inner.id)
        .where(inner.seller_id == Seller.id, inner.reachable.is_(True), inner.channel.in_(channels))
        .order_by(inner.last_inbound_at.desc().nulls_last(), inner.id)
        .limit(1)
        .correlate(Seller)
        .scalar_subquery()
    )
    conditions = [
        ChannelIdentity.id == preferred,
        Seller.erased_at.is_(None),
        Seller.opted_out.is_(False),
        Seller.is_test.is_(False),
    ]
    if a.get("districts"):
        conditions.append(Seller.district_lgd.in_(a["districts"]))
    if a.get("categories"):
        conditions.append(Seller.category.in_(a["categories"]))
    if a.get("offerings"):
        conditions.append(Seller.offering.in_(a["offerings"]))
    if a.get("stages"):
        conditions.append(Seller.stage.in_(a["stages"]))
    if a.get("languages"):
        conditions.append(Seller.language.in_(a["languages"]))
    if campaign.department_id is not None:
        # A department reaches only its own sellers: those who came through its links, or its vendors.
        both = not a.get("attributed") and not a.get("vendor_list")
        sources = []
        if a.get("attributed") or both:
            sources.append(Seller.source_code.in_(select(DeepLink.code).where(DeepLink.department_id == campaign.department_id)))
        if a.get("vendor_list") or both:
            sources.append(Seller.mobile.in_(select(VendorListEntry.phone).where(listed_vendor(campaign.department_id))))
        conditions.append(or_(*sources))
    if campaign.target_stage:
        conditions.append(Seller.stage.not_in(_stages_from(campaign.target_stage)))
    if campaign.exclude_recent_hours:
        cutoff = now - timedelta(hours=campaign.exclude_recent_hours)
        conditions.append(
            not_(exists().where(OutboxMessage.seller_id == Seller.id, OutboxMessage.sent_at.is_not(None), OutboxMessage.sent_at >= cutoff))
        )
    return (
        select(Seller.id, ChannelIdentity.channel, ChannelIdentity.external_id, func.coalesce(Seller.language, "hi"))
        .select_from(Seller)
        .join(ChannelIdentity, ChannelIdentity.seller_id == Seller.id)
        .where(and_(*conditions))
    )


def listed_in_audience(campaign: Campaign) -> list[Any]:
    """Return the conditions on vendor-list rows that a department's campaign audience takes: its own list, its districts."""
    conditions = [listed_vendor(campaign.department_id)]
    if campaign.audience.get("districts"):
        conditions.append(VendorListEntry.district_lgd.in_(campaign.audience["districts"]))
    return conditions


def first_contact_query(campaign: Campaign) -> Any | None:
    """Return a SELECT of uploaded vendors who are not sellers yet (WhatsApp, approved template only), suppressed numbers left out."""
    a = campaign.audience
    if not a.get("vendor_list") or campaign.department_id is None:
        return None
    if a.get("channels") and "whatsapp" not in a["channels"]:
        return None
    known = exists().where(Seller.mobile == VendorListEntry.phone, Seller.erased_at.is_(None))
    conditions = [*listed_in_audience(campaign), not_(known)]
    # A typed NULL: PostgreSQL takes an untyped one in a subquery for text, which the integer seller_id refuses.
    return select(cast(null(), Integer), literal("whatsapp"), VendorListEntry.phone, literal("hi")).where(and_(*conditions))


@dataclass(slots=True)
class AudienceCounts:
    """Count whom a campaign would reach, on which channel, and why the rest can't be reached."""

    total: int = 0
    telegram: int = 0
    whatsapp_in_window: int = 0
    whatsapp_template_only: int = 0
    first_contact: int = 0
    unreachable: dict[str, int] = field(default_factory=dict)

    @property
    def reachable(self) -> int:
        """Return how many can actually be sent to with the campaign as it is."""
        return self.telegram + self.whatsapp_in_window + self.whatsapp_template_only + self.first_contact - sum(self.unreachable.values())


def audience_counts(session: Session, campaign: Campaign, now: datetime) -> AudienceCounts:
    """Count the audience by channel and reachability, without writing anything."""
    session.flush()  # set-based SQL below must see rows added in this session
    counts = AudienceCounts()
    window_start = now - SESSION_WINDOW
    recent = func.coalesce(ChannelIdentity.last_inbound_at >= window_start, False).label("recent")
    sub = audience_query(campaign, now).add_columns(recent).subquery()
    for channel, recent, n in session.execute(select(sub.c.channel, sub.c.recent, func.count()).group_by(sub.c.channel, sub.c.recent)):
        if channel == "telegram":
            counts.telegram += n
        elif recent:
            counts.whatsapp_in_window += n
        else:
            counts.whatsapp_template_only += n
    first = first_contact_query(campaign)
    if first is not None:
        counts.first_contact = session.execute(select(func.count()).select_from(first.subquery())).scalar_one()
    counts.total = counts.telegram + counts.whatsapp_in_window + counts.whatsapp_template_only + counts.first_contact
    if not campaign.template_sids:
        outside = counts.whatsapp_template_only + counts.first_contact
        if outside:
            counts.unreachable["whatsapp_needs_approved_template"] = outside
    return counts


def materialize(session: Session, campaign: Campaign, now: datetime) -> int:
    """Freeze the audience into recipient rows (set-based; a person already in the campaign is skipped)."""
    session.flush()  # set-based SQL below must see rows added in this session
    if session.get_bind().dialect.name == "sqlite":
        # Without table statistics SQLite may walk the district index for "every district";
        # this gathers statistics where they are missing or stale (cheap when they are fresh).
        session.execute(text("PRAGMA optimize=0x10002"))
    columns = ["seller_id", "channel", "external_id", "language"]
    before = campaign.audience_size or 0
    for query in (audience_query(campaign, now), first_contact_query(campaign)):
        if query is None:
            continue
        # "WHERE 1 = 1": SQLite needs a WHERE before ON CONFLICT in INSERT … SELECT to parse it.
        source = select(literal(campaign.id), *query.subquery().c, literal("queued"), literal(now)).where(literal(1) == literal(1))
        statement = (
            upsert(session.get_bind(), CampaignRecipient)
            .from_select(["campaign_id", *columns, "status", "updated_at"], source)
            .on_conflict_do_nothing()
        )
        session.execute(statement)
    campaign.audience_size = session.execute(
        select(func.count()).select_from(CampaignRecipient).where(CampaignRecipient.campaign_id == campaign.id)
    ).scalar_one()
    added = campaign.audience_size - before
    campaign.materialized_at = now
    return added


def render(campaign: Campaign, recipient: CampaignRecipient, seller: Seller | None, step: str | None, env: Env) -> OutboundPayload:
    """Render one recipient's message in their language: free text with a button, or the approved template."""
    lang = recipient.language if recipient.language in ("hi", "en") else "hi"
    values = {"name": "", "district": "", "next_step": ""}
    if seller is not None:
        values["name"] = seller.name or ""
        district = by_code(seller.district_lgd) if seller.district_lgd else None
        values["district"] = (district.name_hi if lang == "hi" else district.name_en) if district else ""
        values["next_step"] = env.translations[lang].gettext(ALL_STEPS[step].title) if step in ALL_STEPS else ""
    if recipient.channel == "whatsapp" and campaign.template_sids.get(lang):
        variables = {str(n): values[name] or "-" for n, name in enumerate(campaign.template_variables, start=1)}
        return OutboundPayload(to=recipient.external_id, template=Template(campaign.template_sids[lang], variables))
    text = (campaign.message_hi if lang == "hi" else campaign.message_en).format(**values)
    title = (campaign.button_title_hi if lang == "hi" else campaign.button_title_en) or env.translations[lang].gettext("Continue")
    return OutboundPayload(to=recipient.external_id, text=text, buttons=(Button("cmd:resume", title),))


def pause(session: Session, campaign: Campaign, now: datetime, *, cancel: bool = False) -> int:
    """Stop a campaign within seconds: messages not yet handed to a provider go back to the queue (or are cancelled)."""
    held = select(OutboxMessage.recipient_id).where(OutboxMessage.campaign_id == campaign.id, OutboxMessage.status == "pending")
    back = "cancelled" if cancel else "queued"
    session.execute(
        update(CampaignRecipient)
        .where(CampaignRecipient.id.in_(held.scalar_subquery()))
        .values(status=back, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    withdrawn = session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.campaign_id == campaign.id, OutboxMessage.status == "pending")
        .values(status="cancelled", updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if cancel:
        session.execute(
            update(CampaignRecipient)
            .where(CampaignRecipient.campaign_id == campaign.id, CampaignRecipient.status == "queued")
            .values(status="cancelled", updated_at=now)
            .execution_options(synchronize_session=False)
        )
    campaign.status, campaign.updated_at = ("cancelled" if cancel else "paused"), now
    if cancel:
        campaign.finished_at = now
    return withdrawn or 0


def resume(campaign: Campaign, now: datetime) -> None:
    """Carry on a paused campaign from the rows that are still queued."""
    if campaign.status != "paused":
        raise CampaignError(N_("only a paused campaign can resume (this one is %(status)s)"), status=campaign.status)
    not_yet = campaign.scheduled_at is not None and campaign.scheduled_at > now
    campaign.status, campaign.updated_at = ("scheduled" if not_yet else "sending"), now


def sync_recipient(session: Session, row: OutboxMessage, now: datetime) -> None:
    """Carry an outbox row's delivery status over to its campaign recipient, never backwards."""
    if row.recipient_id is None:
        return
    recipient = session.get(CampaignRecipient, row.recipient_id)
    if recipient is None:
        return
    status = row.status
    if status in ("failed", "undelivered", "skipped"):
        if DELIVERY_RANK.get(recipient.status, 0) < DELIVERY_RANK["sent"]:
            recipient.status, recipient.error = ("skipped" if status == "skipped" else "failed"), (row.error or row.error_code or "")[:200]
    elif status in DELIVERY_RANK and DELIVERY_RANK[status] > DELIVERY_RANK.get(recipient.status, -1):
        recipient.status = status
    recipient.updated_at = now


def advance_recipients(conn: Connection, recipient_ids: list[int], status: str, now: datetime) -> None:
    """Carry a delivery status forward to campaign recipients in one UPDATE, as `sync_recipient` does for the usual statuses."""
    table = CampaignRecipient.__table__
    values: dict[str, Any] = {"updated_at": now}
    if status in DELIVERY_RANK:  # "sending" is a provider's step that a recipient does not show
        held = [s for s, rank in DELIVERY_RANK.items() if rank >= DELIVERY_RANK[status]]
        values["status"] = case((table.c.status.in_(held), table.c.status), else_=status)
    conn.execute(update(table).where(table.c.id.in_(recipient_ids)).values(**values))


def mark_engaged(
    session: Session, seller_id: int, now: datetime, *, progressed: bool, attributed: bool = False, within: timedelta = timedelta(days=14)
) -> None:
    """Record that a seller a campaign reached replied (or moved forward a stage) soon after it, and credit the first such campaign."""
    status = "progressed" if progressed else "replied"
    below = [s for s, rank in DELIVERY_RANK.items() if 2 <= rank < DELIVERY_RANK[status]]
    marked = session.execute(
        update(CampaignRecipient)
        .where(CampaignRecipient.seller_id == seller_id, CampaignRecipient.status.in_(below), CampaignRecipient.updated_at >= now - within)
        .values(status=status, updated_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount
    if marked and not attributed:
        # The funnel counts a seller under the campaign they answered first.
        first = session.execute(
            select(func.min(CampaignRecipient.campaign_id)).where(
                CampaignRecipient.seller_id == seller_id, CampaignRecipient.status.in_(("replied", "progressed"))
            )
        ).scalar_one()
        with cube.Tracked(session.connection(), [seller_id]):
            session.execute(
                update(Seller).where(Seller.id == seller_id, Seller.campaign_id.is_(None)).values(campaign_id=first)
                .execution_options(synchronize_session=False)
            )


def progress(session: Session, campaign_id: int) -> dict[str, int]:
    """Return recipient counts by status for one campaign."""
    return dict(
        session.execute(
            select(CampaignRecipient.status, func.count()).where(CampaignRecipient.campaign_id == campaign_id).group_by(CampaignRecipient.status)
        ).all()
    )
