"""Apply one inbound message in one database transaction: load state, run the engine, store the outcome."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, String, cast, delete, insert, literal, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.db import is_postgres, transaction
from api.models import CallbackRequest, CampaignRecipient, DeepLink, ChannelIdentity, ConsentRecord, ConversationState, FunnelEvent, MessageLog, OutboxMessage, Reminder, Seller, VendorListEntry
from bot.channels.base import OutboundPayload
from api.services.attribution import candidate_codes, code_in_text
from bot.campaigns import mark_engaged
from bot.reminders import ReminderPolicy, reschedule
from bot.engine import validators
from bot.engine.context import Env
from bot.engine.conversation import ALL_STEPS, push_stage, resume
from bot.engine.steps import STEP_IDS
from bot.engine.model import (
    PROFILE_FIELDS,
    STAGE_RANK,
    AadhaarDetected,
    CallbackRequested,
    ConsentGiven,
    Conversation,
    EraseConfirmed,
    Inbound,
    OptedIn,
    OptedOut,
    Profile,
    Reply,
    StageReached,
)

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def pan_digester(secret_key: str) -> Callable[[str], str]:
    """Return a keyed digest of a PAN, so the same PAN can be recognised without keeping it."""
    key = secret_key.encode()

    def digest(pan: str) -> str:
        return hmac.new(key, pan.encode(), hashlib.sha256).hexdigest()

    return digest


REAL_CHANNELS = ("telegram", "whatsapp")
# Lower goes first: a seller waiting on a reply beats a status note, which beats reminders and broadcasts.
PRIORITIES = {"reply": 0, "status": 1, "reminder": 5, "broadcast": 9}


@dataclass(frozen=True, slots=True)
class PushedStage:
    """What setting a stage from outside did."""

    changed: bool
    stage: str | None
    step: str
    replies: list[Reply]


def preferred_identity(session: Session, seller_id: int) -> ChannelIdentity | None:
    """Return the reachable real channel the seller used most recently."""
    return session.exec(
        select(ChannelIdentity)
        .where(ChannelIdentity.seller_id == seller_id, ChannelIdentity.reachable.is_(True), ChannelIdentity.channel.in_(REAL_CHANNELS))
        .order_by(ChannelIdentity.last_inbound_at.desc())
    ).first()


def _progress(conv: Conversation) -> tuple[int, int]:
    """Rank how far a conversation has got: funnel stage first, then the step."""
    step = conv.return_step or conv.step
    return (STAGE_RANK[conv.stage] if conv.stage else -1, STEP_IDS.index(step) if step in STEP_IDS else -1)


ENGAGEMENT_WINDOW = timedelta(days=14)  # a reply this soon after a campaign message counts for the campaign


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _deep_link_code(session: Session, text: str) -> str | None:
    """Return the deep-link code a message carries, looking up only the message's own words."""
    words = candidate_codes(text)
    if not words:
        return None
    return code_in_text(text, set(session.exec(select(DeepLink.code).where(DeepLink.code.in_(words)))))


def _store_profile(seller: Seller, conv: Conversation, now: datetime) -> None:
    """Copy the conversation's profile onto the seller row, touching only what changed (no change, no UPDATE)."""
    changed = False
    for name in PROFILE_FIELDS:
        value = getattr(conv.profile, name)
        if getattr(seller, name) != value:
            setattr(seller, name, value)
            changed = True
    if seller.language != conv.language:
        seller.language, changed = conv.language, True
    if seller.opted_out != conv.opted_out:
        seller.opted_out, changed = conv.opted_out, True
    if changed:
        seller.updated_at = now


@dataclass(slots=True)
class Handled:
    """What one inbound message led to."""

    seller: Seller | None
    conversation: Conversation
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    queued: bool = False


class Runner:
    """Feeds inbound messages through the engine; the only place conversation state is written."""

    def __init__(
        self,
        engine: Engine,
        env: Env,
        clock: Callable[[], datetime] = utcnow,
        on_outbox: Callable[[], None] | None = None,
        policy: ReminderPolicy | None = None,
    ) -> None:
        self.engine = engine
        self.env = env
        self.clock = clock
        self.on_outbox = on_outbox  # wakes the in-process worker once outbox rows are committed
        self.policy = policy or ReminderPolicy()

    def handle(
        self,
        *,
        channel: str,
        external_id: str,
        inbound: Inbound,
        provider_message_id: str | None = None,
        is_test: bool = False,
        renders_as: str | None = None,
        start_payload: str | None = None,
    ) -> Handled:
        """Apply one inbound message; a provider id seen before changes nothing.

        `renders_as` names the channel whose abilities the engine assumes (the simulator
        stores its sellers apart but behaves like Telegram or WhatsApp).
        """
        for attempt in range(3):
            try:
                with transaction(self.engine) as session:
                    handled = self._handle(
                        session, channel, external_id, inbound, provider_message_id, is_test, renders_as or channel, start_payload
                    )
                if handled.queued and self.on_outbox:
                    self.on_outbox()
                return handled
            except IntegrityError:
                # Two first messages from one new sender raced to create the seller, or a
                # re-delivered webhook raced its original: the retry sees the winner's rows.
                if attempt == 2:
                    raise
        raise AssertionError("unreachable")

    def _handle(
        self,
        session: Session,
        channel: str,
        external_id: str,
        inbound: Inbound,
        provider_message_id: str | None,
        is_test: bool,
        renders_as: str,
        start_payload: str | None,
    ) -> Handled:
        now = self.clock()
        if provider_message_id and session.exec(
            select(MessageLog.id).where(
                MessageLog.channel == channel,
                MessageLog.direction == "in",
                MessageLog.provider_message_id == provider_message_id,
            )
        ).first():
            return Handled(seller=None, conversation=Conversation(), duplicate=True)

        # One round trip for everything a turn reads: identity, seller, state and reminder schedule.
        loaded = self._load(session, channel, external_id)
        if loaded is None and channel == "whatsapp" and inbound.text and not start_payload:
            # A wa.me link carries its deep-link code as the first message's text.
            start_payload = _deep_link_code(session, inbound.text)
            if start_payload and inbound.text.strip() == start_payload:
                inbound = replace(inbound, text="/start")
        if loaded is None:
            seller = self._seller_with_phone(session, inbound.phone, channel) if channel in REAL_CHANNELS else None
            if seller is None:
                seller = Seller(created_at=now, updated_at=now, stage_changed_at=now, is_test=is_test, source_code=start_payload)
                session.add(seller)
                session.flush()
                session.add(ConversationState(seller_id=seller.id, step="ask_language", state={}, updated_at=now))
            session.add(ChannelIdentity(seller_id=seller.id, channel=channel, external_id=external_id, phone=inbound.phone, created_at=now))
            session.flush()
            loaded = self._load(session, channel, external_id)
        identity, seller, state, reminder = loaded
        if seller.clock_offset_seconds:
            now += timedelta(seconds=seller.clock_offset_seconds)
        if start_payload and seller.source_code is None:
            seller.source_code = start_payload
        identity.last_inbound_at = now
        if inbound.phone and identity.phone is None:
            identity.phone = inbound.phone

        profile = Profile(**{name: getattr(seller, name) for name in PROFILE_FIELDS})
        conversation = Conversation.from_json(state.state, profile)
        result = resume(conversation, inbound, now=now, env=self.env, channel=renders_as)
        conv = result.conversation

        logged = [
            {
                "seller_id": seller.id,
                "channel": channel,
                "direction": "in",
                "kind": inbound.kind,
                "provider_message_id": provider_message_id,
                "text": validators.redact(inbound.text) if inbound.text else inbound.button,
                "buttons": None,
                "created_at": now,
            }
        ]
        erased = any(isinstance(e, EraseConfirmed) for e in result.events)
        for event in result.events:
            self._apply(session, seller, channel, event)
        if erased:
            session.execute(insert(MessageLog), logged)
            self._erase(session, seller, now)
            # The confirmation still has to reach them: queued with no seller attached.
            queued = self._enqueue(session, None, channel, external_id, conv.language, result.replies, now)
            return Handled(seller=seller, conversation=conv, replies=result.replies, queued=queued)

        mobile_before = seller.mobile
        _store_profile(seller, conv, now)
        state.step = conv.step
        state.state = conv.to_json()
        state.updated_at = now
        reschedule(session, seller, conv, now, self.policy, reminder)
        if seller.last_broadcast_at is not None and now - _utc(seller.last_broadcast_at) < ENGAGEMENT_WINDOW:
            mark_engaged(session, seller.id, now, progressed=any(isinstance(e, StageReached) for e in result.events))
        replies = result.replies
        if conv.profile.mobile and conv.profile.mobile != mobile_before and channel in REAL_CHANNELS:
            other = self._seller_with_phone(session, conv.profile.mobile, channel, besides=seller.id)
            if other is not None:
                seller, conv, replies = self._merge(session, seller, conv, other, channel, now)
                logged[0]["seller_id"] = seller.id
        logged += [
            {
                "seller_id": seller.id,
                "channel": channel,
                "direction": "out",
                "kind": "text",
                "provider_message_id": None,
                "text": reply.text,
                "buttons": [{"id": b.id, "title": b.title} for b in reply.buttons] or None,
                "created_at": now,
            }
            for reply in replies
        ]
        session.execute(insert(MessageLog), logged)
        queued = self._enqueue(
            session, seller.id, channel, external_id, conv.language, replies, now, fallback=self.fallback(conv, "resume")
        )
        return Handled(seller=seller, conversation=conv, replies=replies, queued=queued)

    def push_stage(self, seller_id: int, stage: str, gem_seller_id: str | None = None) -> PushedStage:
        """Set a seller's GeM stage from outside (a department's records, a GeM report) and tell the seller."""
        with transaction(self.engine) as session:
            seller = session.get(Seller, seller_id)
            state = session.get(ConversationState, seller_id)
            if seller is None or state is None or seller.erased_at is not None:
                raise LookupError(f"no seller {seller_id}")
            now = self.clock()
            identity = preferred_identity(session, seller_id)
            conv = Conversation.from_json(state.state, Profile(**{n: getattr(seller, n) for n in PROFILE_FIELDS}))
            before = conv.stage
            if gem_seller_id and seller.gem_seller_id != gem_seller_id:
                seller.gem_seller_id = gem_seller_id
            result = push_stage(conv, stage, now=now, env=self.env, channel=identity.channel if identity else "whatsapp")
            for event in result.events:
                self._apply(session, seller, identity.channel if identity else "api", event)
            conv = result.conversation
            _store_profile(seller, conv, now)
            state.step, state.state, state.updated_at = conv.step, conv.to_json(), now
            queued = False
            if identity is not None and result.replies:
                queued = self._enqueue(
                    session, seller.id, identity.channel, identity.external_id, conv.language, result.replies, now,
                    kind="status", fallback=self.fallback(conv, "status"),
                )
        if queued and self.on_outbox:
            self.on_outbox()
        return PushedStage(changed=conv.stage != before, stage=conv.stage, step=conv.step, replies=result.replies)

    def deliver_reminder(self, session: Session, seller: Seller, conv: Conversation, reply: Reply, now: datetime) -> bool:
        """Queue a reminder on the seller's most recent channel; say whether there was one."""
        identity = preferred_identity(session, seller.id)
        if identity is None:
            return False
        return self._enqueue(
            session, seller.id, identity.channel, identity.external_id, conv.language, [reply], now,
            kind="reminder", fallback=self.fallback(conv, "reminder"),
        )

    def advance_simulated(self, channel: str, external_ids: list[str], hours: float) -> tuple[Seller | None, list[tuple[datetime, Reply]]]:
        """Move a simulated seller's clock ahead and return the reminders they would have had meanwhile."""
        from bot.reminders import ReminderScheduler

        with transaction(self.engine) as session:
            identity = session.exec(
                select(ChannelIdentity)
                .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id.in_(external_ids))
                .order_by(ChannelIdentity.last_inbound_at.desc())
            ).first()
            if identity is None:
                return None, []
            seller = session.get(Seller, identity.seller_id)
            seller.clock_offset_seconds += int(hours * 3600)
            now = self.clock() + timedelta(seconds=seller.clock_offset_seconds)
            scheduler = ReminderScheduler(self.engine, self.env, lambda *args: True, policy=self.policy)
            run = scheduler.run_for(session, seller.id, now)
            return seller, run.replies

    def fallback(self, conv: Conversation, kind: str) -> dict:
        """Return the template variables that carry a message outside the WhatsApp 24-hour window."""
        step_title = self.env.translations[conv.language or "hi"].gettext(ALL_STEPS[conv.return_step or conv.step].title)
        return {"kind": kind, "variables": {"1": conv.profile.name or "", "2": step_title}}

    def _load(self, session: Session, channel: str, external_id: str) -> tuple[ChannelIdentity, Seller, ConversationState, Reminder | None] | None:
        """Load one sender's identity, seller, conversation and reminder row, locking them on PostgreSQL."""
        query = (
            select(ChannelIdentity, Seller, ConversationState, Reminder)
            .join(Seller, Seller.id == ChannelIdentity.seller_id)
            .join(ConversationState, ConversationState.seller_id == Seller.id)
            .outerjoin(Reminder, Reminder.seller_id == Seller.id)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        )
        if is_postgres(self.engine):
            query = query.with_for_update(of=ChannelIdentity)
        return session.exec(query).first()

    def _enqueue(
        self,
        session: Session,
        seller_id: int | None,
        channel: str,
        to: str,
        language: str | None,
        replies: list[Reply],
        now: datetime,
        *,
        kind: str = "reply",
        fallback: dict | None = None,
        due_at: datetime | None = None,
    ) -> bool:
        """Write replies for a real channel to the outbox, in this transaction; say whether any were."""
        if channel not in REAL_CHANNELS:
            return False
        if not replies:
            return False
        rows = [
            {
                "seller_id": seller_id,
                "channel": channel,
                "kind": kind,
                "priority": PRIORITIES[kind],
                "language": language,
                "payload": {
                    **OutboundPayload(to=to, text=r.text, buttons=r.buttons, request_contact=r.request_contact).to_json(),
                    "fallback": fallback,
                },
                "status": "pending",
                "attempts": 0,
                "due_at": due_at or now,
                "created_at": now,
                "updated_at": now,
            }
            for r in replies
        ]
        session.execute(insert(OutboxMessage), rows)
        return True

    def _seller_with_phone(self, session: Session, phone: str | None, channel: str, besides: int | None = None) -> Seller | None:
        """Find a consenting seller with this mobile who is not yet reachable on this channel."""
        if not phone:
            return None
        query = select(Seller).where(Seller.mobile == phone, Seller.erased_at.is_(None), Seller.is_test.is_(False))
        if besides is not None:
            query = query.where(Seller.id != besides)
        for candidate in session.exec(query.order_by(Seller.id)):
            on_channel = session.exec(
                select(ChannelIdentity.id).where(ChannelIdentity.seller_id == candidate.id, ChannelIdentity.channel == channel)
            ).first()
            if on_channel is None:
                return candidate
        return None

    def _merge(
        self, session: Session, current: Seller, conv: Conversation, other: Seller, channel: str, now: datetime
    ) -> tuple[Seller, Conversation, list[Reply]]:
        """Make two sellers with one phone number one seller, keeping the furthest progress and all consent."""
        other_state = session.get(ConversationState, other.id)
        other_conv = Conversation.from_json(other_state.state, Profile(**{n: getattr(other, n) for n in PROFILE_FIELDS}))
        current_ahead = _progress(conv) >= _progress(other_conv)
        keep, drop = (current, other) if current_ahead else (other, current)
        keep_conv = conv if current_ahead else other_conv
        for name in PROFILE_FIELDS:
            if getattr(keep_conv.profile, name) is None:
                setattr(keep_conv.profile, name, getattr(conv.profile if keep is other else other_conv.profile, name))
        kept_stages = set(session.exec(select(FunnelEvent.stage).where(FunnelEvent.seller_id == keep.id)))
        for model in (ChannelIdentity, ConsentRecord, MessageLog, CallbackRequest, OutboxMessage):
            session.execute(update(model).where(model.seller_id == drop.id).values(seller_id=keep.id))
        for event in session.exec(select(FunnelEvent).where(FunnelEvent.seller_id == drop.id)):
            if event.stage in kept_stages:
                session.delete(event)
            else:
                event.seller_id = keep.id
        session.execute(delete(ConversationState).where(ConversationState.seller_id == drop.id))
        session.execute(delete(Reminder).where(Reminder.seller_id == drop.id))
        session.flush()
        keep.needs_help = keep.needs_help or drop.needs_help
        keep.source_code = keep.source_code or drop.source_code
        session.delete(drop)
        session.flush()
        replies: list[Reply] = []
        if not current_ahead:
            # Carry on from where the other channel's conversation stands, with a recap.
            result = resume(keep_conv, Inbound(kind="button", button="cmd:start"), now=now, env=self.env, channel=channel)
            keep_conv, replies = result.conversation, result.replies
        else:
            replies = []
        _store_profile(keep, keep_conv, now)
        state = session.get(ConversationState, keep.id)
        state.step, state.state, state.updated_at = keep_conv.step, keep_conv.to_json(), now
        log.info("merged seller %s into seller %s (same mobile on %s)", drop.id, keep.id, channel)
        return keep, keep_conv, replies

    def _apply(self, session: Session, seller: Seller, channel: str, event: object) -> None:
        if isinstance(event, StageReached):
            seller.stage = event.stage
            seller.stage_changed_at = event.at
            session.add(FunnelEvent(seller_id=seller.id, stage=event.stage, previous_stage=event.previous, is_test=seller.is_test, at=event.at))
        elif isinstance(event, ConsentGiven):
            session.add(ConsentRecord(seller_id=seller.id, notice_version=event.notice_version, purpose=event.purpose, channel=channel, given_at=event.at))
        elif isinstance(event, CallbackRequested):
            seller.needs_help = True
            session.add(CallbackRequest(seller_id=seller.id, step=event.step, is_test=seller.is_test, requested_at=event.at, expected_by=event.expected_by))
        elif isinstance(event, (OptedOut, OptedIn)):
            seller.opted_out = isinstance(event, OptedOut)
        elif isinstance(event, AadhaarDetected):
            log.warning("seller %s typed an Aadhaar number; it was redacted before storage", seller.id)

    def _erase(self, session: Session, seller: Seller, now: datetime) -> None:
        """Delete a seller's personal data, keeping only anonymous funnel figures and proof of withdrawal."""
        # Provider ids of inbound messages stay (without text or seller) so a re-delivered
        # webhook is still recognised; everything else the seller said or was told goes.
        session.execute(
            update(MessageLog)
            .where(MessageLog.seller_id == seller.id, MessageLog.direction == "in", MessageLog.provider_message_id.is_not(None))
            .values(seller_id=None, text=None, buttons=None)
        )
        session.execute(delete(MessageLog).where(MessageLog.seller_id == seller.id))
        session.execute(delete(OutboxMessage).where(OutboxMessage.seller_id == seller.id))
        session.execute(delete(ChannelIdentity).where(ChannelIdentity.seller_id == seller.id))
        session.execute(delete(ConversationState).where(ConversationState.seller_id == seller.id))
        session.execute(delete(Reminder).where(Reminder.seller_id == seller.id))
        if seller.mobile:
            # Departments' vendor lists hold the same number: erasure covers them too.
            session.execute(delete(VendorListEntry).where(VendorListEntry.phone == seller.mobile))
        session.execute(
            update(CampaignRecipient)
            .where(CampaignRecipient.seller_id == seller.id)
            .values(seller_id=None, external_id=literal("erased-") + cast(CampaignRecipient.id, String))
        )
        session.execute(
            update(ConsentRecord).where(ConsentRecord.seller_id == seller.id, ConsentRecord.withdrawn_at.is_(None)).values(withdrawn_at=now)
        )
        session.execute(update(CallbackRequest).where(CallbackRequest.seller_id == seller.id, CallbackRequest.status == "open").values(status="cancelled"))
        for name in PROFILE_FIELDS:
            if name != "district_lgd":
                setattr(seller, name, None)
        seller.language = None
        seller.gem_seller_id = None
        seller.opted_out = True
        seller.needs_help = False
        seller.erased_at = now
        seller.updated_at = now
        session.flush()
