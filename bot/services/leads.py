"""Work a department's leads: the inbox, a seller's page, notes, assignment, follow-up status and replies through the bot."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, and_, case, exists, func, or_, select, update
from sqlmodel import Session

from bot import outbox
from bot.channels.whatsapp import within_session
from bot.delivery import TemplateBook
from bot.engine import validators
from bot.engine.context import Env
from bot.engine.model import Reply
from bot.funnel import figures
from bot.outbox import Outbox
from bot.sellers import conversation_of, of_department, preferred_identity
from bot.services.errors import NotFound
from bot.services.principal import Principal
from bot.services.vendor_lists import mask_phone
from bot.store.db import transaction
from bot.store.models import (
    CallbackRequest,
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    FunnelEvent,
    Lead,
    LeadNote,
    MessageLog,
    OutboxMessage,
    Reminder,
    Seller,
    StaffAccount,
)

PAGE_SIZE = 50
LEAD_STATUSES = ("new", "contacted", "resolved")
REPLY_MAX = 1000  # characters of a staff reply
NOTE_MAX = 2000


class LeadError(ValueError):
    """Signal a lead action that cannot be done as asked (an empty reply, an unknown status, a seller out of reach)."""


def _visible(principal: Principal) -> Any:
    """Return the condition for the sellers a caller may count or see (real, not erased, their department's)."""
    condition = and_(Seller.is_test.is_(False), Seller.erased_at.is_(None))
    if principal.is_admin or (principal.role == "viewer" and principal.department_id is None):  # a state-wide viewer counts all
        return condition
    return and_(condition, of_department(principal.department_id))


@dataclass(frozen=True, slots=True)
class Summary:
    """Hold the figures of the staff home: sellers by funnel stage, and what waits for the team."""

    sellers: int
    by_stage: dict[str, int]
    needs_help: int
    waiting_callbacks: int


def summary(*, engine: Engine, principal: Principal) -> Summary:
    """Count the caller's sellers by stage and those who wait for help (figures only: a viewer may see them)."""
    by_stage = figures.stages(engine=engine, filters=figures.Filters().scoped(principal)).at  # the funnel's counts, not a scan of the sellers
    with Session(engine) as session:
        needs_help = session.execute(select(func.count()).select_from(Seller).where(_visible(principal), Seller.needs_help.is_(True))).scalar_one()
        waiting = session.execute(_waiting(principal)).scalar_one()
    return Summary(sellers=sum(by_stage.values()), by_stage=by_stage, needs_help=needs_help, waiting_callbacks=waiting)


def _require_people(principal: Principal) -> None:
    if not principal.sees_personal_data:
        raise NotFound("leads")


@dataclass(frozen=True, slots=True)
class LeadFilters:
    """Hold the inbox's filters, as the page's query string gives them."""

    district: int | None = None
    stage: str | None = None
    category: str | None = None
    needs_help: bool = False
    mine: bool = False
    status: str | None = None
    campaign: int | None = None
    search: str = ""
    page: int = 1


@dataclass(frozen=True, slots=True)
class LeadRow:
    """Hold one line of the inbox."""

    seller_id: int
    name: str | None
    business_name: str | None
    phone: str | None  # masked
    district_lgd: int | None
    category: str | None
    stage: str
    channel: str | None
    last_activity_at: datetime | None
    needs_help: bool
    open_callbacks: int
    status: str
    assigned_to: str | None


@dataclass(slots=True)
class Inbox:
    """Hold one page of the inbox and the counts around it."""

    rows: list[LeadRow]
    total: int
    page: int
    pages: int
    waiting_callbacks: int


def _lead_of(principal: Principal, seller: Any = Seller.id) -> Any:
    """Return the condition that picks the caller's department's lead row of a seller (an id, or the joined seller)."""
    department = Lead.department_id.is_(None) if principal.is_admin else Lead.department_id == principal.department_id  # None: admins' own
    return and_(Lead.seller_id == seller, department)


def _open_callbacks() -> Any:
    """Return the number of a seller's open call-back requests, as a correlated subquery."""
    return (
        select(func.count())
        .select_from(CallbackRequest)
        .where(CallbackRequest.seller_id == Seller.id, CallbackRequest.status == "open")
        .correlate(Seller)
        .scalar_subquery()
    )


def _ordered_ids(principal: Principal, filters: LeadFilters) -> Any:
    """Return the ids of the filtered leads in inbox order: open call-backs, then needing help, then the most recently active."""
    waiting = exists().where(CallbackRequest.seller_id == Seller.id, CallbackRequest.status == "open")
    conditions = [_visible(principal)]
    if filters.district is not None:
        conditions.append(Seller.district_lgd == filters.district)
    if filters.stage:
        conditions.append(Seller.stage == filters.stage)
    if filters.category:
        conditions.append(Seller.category == filters.category)
    if filters.needs_help:
        conditions.append(or_(Seller.needs_help.is_(True), waiting))
    if filters.mine and principal.account_id is not None:
        conditions.append(Lead.assigned_account_id == principal.account_id)
    if filters.status:
        conditions.append(func.coalesce(Lead.status, "new") == filters.status)
    if filters.campaign is not None:
        # Only a campaign the caller may see narrows the list; another department's id matches nobody.
        own = Campaign.id == filters.campaign
        if not principal.is_admin:
            own = and_(own, Campaign.department_id == principal.department_id)
        conditions.append(
            exists().where(CampaignRecipient.seller_id == Seller.id, CampaignRecipient.campaign_id == filters.campaign, exists().where(own))
        )
    search = filters.search.strip()
    if search:
        digits = "".join(ch for ch in search if ch.isdigit())
        like = f"%{search.lower()}%"
        found = [func.lower(Seller.name).like(like), func.lower(Seller.business_name).like(like)]
        if len(digits) >= 3:
            found.append(Seller.mobile.like(f"%{digits[-10:]}"))
        conditions.append(or_(*found))
    query = select(Seller.id).select_from(Seller).outerjoin(Reminder, Reminder.seller_id == Seller.id)
    if filters.mine or filters.status:
        query = query.outerjoin(Lead, _lead_of(principal))
    return query.where(*conditions).order_by(
        case((waiting, 0), else_=1),
        case((Seller.needs_help.is_(True), 0), else_=1),
        Reminder.last_activity_at.desc().nulls_last(),
        Seller.id.desc(),
    )


def _lead_details(session: Session, principal: Principal, ids: list[int]) -> list[LeadRow]:
    """Return the inbox lines of these sellers, in the order of `ids` (the costly columns, for one page only)."""
    if not ids:
        return []
    latest_channel = (
        select(ChannelIdentity.channel)
        .where(ChannelIdentity.seller_id == Seller.id)
        .order_by(ChannelIdentity.last_inbound_at.desc())
        .limit(1)
        .correlate(Seller)
        .scalar_subquery()
    )
    query = (
        select(
            Seller.id, Seller.name, Seller.business_name, Seller.mobile, Seller.district_lgd, Seller.category, Seller.stage,
            Seller.needs_help, Reminder.last_activity_at, _open_callbacks().label("open_callbacks"), latest_channel.label("channel"),
            func.coalesce(Lead.status, "new").label("status"), StaffAccount.name.label("assigned_to"),
        )
        .select_from(Seller)
        .outerjoin(Lead, _lead_of(principal))
        .outerjoin(StaffAccount, StaffAccount.id == Lead.assigned_account_id)
        .outerjoin(Reminder, Reminder.seller_id == Seller.id)
        .where(Seller.id.in_(ids))
    )
    found = {r.id: _row(r) for r in session.execute(query)}
    return [found[i] for i in ids if i in found]


def _row(r: Any) -> LeadRow:
    return LeadRow(
        seller_id=r.id, name=r.name, business_name=r.business_name, phone=mask_phone(r.mobile) if r.mobile else None, district_lgd=r.district_lgd,
        category=r.category, stage=r.stage, channel=r.channel, last_activity_at=r.last_activity_at, needs_help=r.needs_help,
        open_callbacks=r.open_callbacks, status=r.status, assigned_to=r.assigned_to,
    )


def inbox(*, engine: Engine, principal: Principal, filters: LeadFilters) -> Inbox:
    """Return a page of the caller's leads, open call-backs and sellers needing help first, then the most recently active."""
    _require_people(principal)
    ordered = _ordered_ids(principal, filters)
    with Session(engine) as session:
        total = session.execute(select(func.count()).select_from(ordered.order_by(None).subquery())).scalar_one()
        pages = max(1, -(-total // PAGE_SIZE))
        page = min(max(filters.page, 1), pages)
        ids = list(session.execute(ordered.limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)).scalars())
        rows = _lead_details(session, principal, ids)
    return Inbox(rows=rows, total=total, page=page, pages=pages, waiting_callbacks=waiting_callbacks(engine=engine, principal=principal))


def export_rows(*, engine: Engine, principal: Principal, filters: LeadFilters, limit: int) -> list[LeadRow]:
    """Return the filtered leads in inbox order (phones masked), at most `limit`, for a download."""
    _require_people(principal)
    with Session(engine) as session:
        ids = list(session.execute(_ordered_ids(principal, filters).limit(limit)).scalars())
        return [row for start in range(0, len(ids), 500) for row in _lead_details(session, principal, ids[start : start + 500])]


def waiting_callbacks(*, engine: Engine, principal: Principal) -> int:
    """Return how many of the caller's sellers asked for a call and wait for one."""
    _require_people(principal)
    with Session(engine) as session:
        return session.execute(_waiting(principal)).scalar_one()


def _waiting(principal: Principal) -> Any:
    """Return the count of open call-back requests of the sellers a caller may see."""
    return (
        select(func.count())
        .select_from(CallbackRequest)
        .join(Seller, Seller.id == CallbackRequest.seller_id)
        .where(CallbackRequest.status == "open", _visible(principal))
    )


# --------------------------------------------------------------------------- one seller


@dataclass(slots=True)
class SellerPage:
    """Hold what a seller's page shows: profile, journey, conversation, call-backs, notes, follow-up and reach."""

    seller: Seller
    phone: str | None
    step: str | None
    journey: list[FunnelEvent]
    messages: list[MessageLog]
    callbacks: list[CallbackRequest]
    notes: list[tuple[LeadNote, str]]
    lead: Lead | None
    staff_replies: list[OutboxMessage]
    channel: str | None
    window_open: bool
    template_ready: bool
    colleagues: list[StaffAccount] = field(default_factory=list)


def _seller_for(session: Session, principal: Principal, seller_id: int) -> Seller:
    """Return a seller the caller may see, or raise NotFound (the same for unknown and out-of-scope)."""
    _require_people(principal)
    seller = session.execute(select(Seller).where(Seller.id == seller_id, _visible(principal))).scalars().first()
    if seller is None:
        raise NotFound(f"no seller {seller_id}")
    return seller


def seller_page(*, engine: Engine, principal: Principal, seller_id: int, templates: TemplateBook, now: datetime) -> SellerPage:
    """Return a seller's page for the caller, or NotFound when the seller is not theirs."""
    with Session(engine) as session:
        seller = _seller_for(session, principal, seller_id)
        _, conv = conversation_of(session, seller)
        identity = preferred_identity(session, seller.id)
        journey = list(session.execute(select(FunnelEvent).where(FunnelEvent.seller_id == seller.id).order_by(FunnelEvent.at)).scalars())
        messages = list(
            session.execute(select(MessageLog).where(MessageLog.seller_id == seller.id).order_by(MessageLog.created_at.desc(), MessageLog.id.desc()).limit(200))
            .scalars()
        )
        messages.reverse()
        callbacks = list(
            session.execute(select(CallbackRequest).where(CallbackRequest.seller_id == seller.id).order_by(CallbackRequest.requested_at.desc())).scalars()
        )
        note_query = (
            select(LeadNote, StaffAccount.name)
            .join(StaffAccount, StaffAccount.id == LeadNote.account_id)
            .where(LeadNote.seller_id == seller.id)
            .order_by(LeadNote.created_at.desc())
        )
        if not principal.is_admin:
            note_query = note_query.where(LeadNote.department_id == principal.department_id)
        notes = [(note, name) for note, name in session.execute(note_query)]
        lead = session.execute(select(Lead).where(_lead_of(principal, seller.id))).scalars().first()
        replies = list(
            session.execute(
                select(OutboxMessage).where(OutboxMessage.seller_id == seller.id, OutboxMessage.kind == "staff").order_by(OutboxMessage.created_at.desc()).limit(20)
            ).scalars()
        )
        colleague_query = select(StaffAccount).where(StaffAccount.disabled_at.is_(None), StaffAccount.role != "viewer").order_by(StaffAccount.name)
        if not principal.is_admin:
            colleague_query = colleague_query.where(StaffAccount.department_id == principal.department_id)
        colleagues = list(session.execute(colleague_query).scalars())
    channel = identity.channel if identity else None
    window_open = channel == "telegram" or (channel == "whatsapp" and within_session(identity.last_inbound_at, now))
    template_ready = bool(templates.sids.get("resume", {}).get(seller.language or "hi"))
    return SellerPage(
        seller=seller, phone=seller.mobile or (identity.phone if identity else None), step=conv.step, journey=journey, messages=messages,
        callbacks=callbacks, notes=notes, lead=lead, staff_replies=replies, channel=channel, window_open=window_open,
        template_ready=template_ready, colleagues=colleagues,
    )


def _lead_row(session: Session, principal: Principal, seller_id: int, now: datetime) -> Lead:
    """Return the caller's department's lead row of a seller, made on first use."""
    lead = session.execute(select(Lead).where(_lead_of(principal, seller_id))).scalars().first()
    if lead is None:
        lead = Lead(department_id=None if principal.is_admin else principal.department_id, seller_id=seller_id, updated_at=now)
        session.add(lead)
        session.flush()
    return lead


def add_note(*, engine: Engine, principal: Principal, seller_id: int, text: str, now: datetime) -> LeadNote:
    """Add a note to a seller's page, seen by the caller's department and admins."""
    text = text.strip()
    if not text:
        raise LeadError("empty")
    with transaction(engine) as session:
        _seller_for(session, principal, seller_id)
        note = LeadNote(
            department_id=None if principal.is_admin else principal.department_id, seller_id=seller_id, account_id=principal.account_id,
            text=validators.redact(text)[:NOTE_MAX], created_at=now,  # notes taken on a call never keep an Aadhaar number or a whole PAN
        )
        session.add(note)
        return note


def follow_up(
    *, engine: Engine, principal: Principal, seller_id: int, now: datetime, status: str | None = None, assign_to: int | None | str = "keep"
) -> Lead:
    """Set how far the department's follow-up of a seller went, and who has it (`assign_to` None: nobody)."""
    with transaction(engine) as session:
        _seller_for(session, principal, seller_id)
        lead = _lead_row(session, principal, seller_id, now)
        if status is not None:
            if status not in LEAD_STATUSES:
                raise LeadError("status")
            lead.status = status
            if status in ("contacted", "resolved"):
                # Calling the seller back is what an open call-back request asked for.
                session.execute(
                    update(CallbackRequest)
                    .where(CallbackRequest.seller_id == seller_id, CallbackRequest.status == "open")
                    .values(status="done")
                )
                if status == "resolved":
                    session.execute(update(Seller).where(Seller.id == seller_id).values(needs_help=False))
        if assign_to != "keep":
            if assign_to is not None:
                colleague = session.get(StaffAccount, assign_to)
                if colleague is None or colleague.disabled_at is not None or not (principal.is_admin or colleague.department_id == principal.department_id):
                    raise NotFound(f"no account {assign_to}")
            lead.assigned_account_id = assign_to
        lead.updated_at = now
        return lead


def reply(
    *, engine: Engine, env: Env, outbox_writer: Outbox, principal: Principal, seller_id: int, text: str, now: datetime
) -> OutboxMessage:
    """Queue a staff member's reply to a seller on their latest channel, through the outbox; LeadError when it cannot go."""
    text = text.strip()
    if not text:
        raise LeadError("empty")
    if len(text) > REPLY_MAX:
        raise LeadError("long")
    with transaction(engine) as session:
        seller = _seller_for(session, principal, seller_id)
        if seller.opted_out:
            raise LeadError("opted_out")
        identity = preferred_identity(session, seller.id)
        if identity is None:
            raise LeadError("unreachable")
        _, conv = conversation_of(session, seller)
        row = outbox.add(
            session,
            outbox.row(
                channel=identity.channel, kind="staff", now=now, seller_id=seller.id, language=conv.language,
                payload=outbox.reply_payload(identity.external_id, Reply(text=text), outbox.fallback(env, conv, "resume")),
            ),
        )
        session.add(MessageLog(seller_id=seller.id, channel=identity.channel, direction="out", kind="staff", text=text, created_at=now))
    outbox_writer.wake()
    return row
