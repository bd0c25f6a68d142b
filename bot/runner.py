"""Apply one inbound message in one database transaction: load state, run the engine, store the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any, Protocol

from sqlalchemy import Engine, String, and_, bindparam, case, cast, delete, exists, insert, literal, or_, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.db import is_postgres, transaction
from api.digests import pan_digester  # noqa: F401 - the runner's long-standing home of the PAN digest; benchmarks import it here
from api.prepared import Prepared
from api.models import (
    CallbackRequest,
    Campaign,
    CampaignRecipient,
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    DeepLink,
    FunnelEvent,
    MessageLog,
    OutboxMessage,
    Reminder,
    Seller,
    VendorListEntry,
)
from api.services.attribution import candidate_codes, code_in_text
from api.services.suppression import channel_numbers, lift, suppress
from bot.campaigns import mark_engaged
from bot.channels.base import OutboundPayload
from bot.outbox import OUTBOX_CHANNEL, Claimed
from bot.engine import validators
from bot.engine.context import Env
from bot.engine.conversation import ALL_STEPS, push_stage, resume
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
from bot.engine.steps import STEP_IDS
from bot.reminders import ReminderPolicy, next_reminder

log = logging.getLogger(__name__)


def utcnow() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


REAL_CHANNELS = ("telegram", "whatsapp")
SELLER_COLUMNS = tuple(c.name for c in Seller.__table__.columns)

# The statements of an ordinary turn, built once: building them anew each turn cost more than running them.
_identity, _seller, _state, _reminder = (m.__table__ for m in (ChannelIdentity, Seller, ConversationState, Reminder))
_LOAD = (
    select(
        _identity.c.id.label("identity_id"),
        _identity.c.phone.label("identity_phone"),
        _state.c.state,
        _reminder.c.stage.label("reminder_stage"),
        _reminder.c.sent.label("reminder_sent"),
        *(_seller.c[name] for name in SELLER_COLUMNS),
    )
    .select_from(_identity.join(_seller, _seller.c.id == _identity.c.seller_id).join(_state, _state.c.seller_id == _seller.c.id))
    .outerjoin(_reminder, _reminder.c.seller_id == _seller.c.id)
    .where(_identity.c.channel == bindparam("channel"), _identity.c.external_id == bindparam("external_id"))
)
_LOAD_LOCKED = Prepared(_LOAD.with_for_update(of=_identity))
_LOAD = Prepared(_LOAD)
_SEEN = Prepared(
    select(MessageLog.__table__.c.id).where(
        MessageLog.__table__.c.channel == bindparam("channel"),
        MessageLog.__table__.c.direction == "in",
        MessageLog.__table__.c.provider_message_id == bindparam("provider_id"),
    )
)
_TOUCH_IDENTITY = Prepared(update(_identity).where(_identity.c.id == bindparam("identity_id")).values(last_inbound_at=bindparam("now")))
_SAVE_STATE = Prepared(
    update(_state)
    .where(_state.c.seller_id == bindparam("sid"))
    .values(step=bindparam("step"), state=bindparam("state", type_=_state.c.state.type), updated_at=bindparam("now"))
)
_REMINDER_VALUES = {name: bindparam(name, type_=_reminder.c[name].type) for name in ("stage", "sent", "last_activity_at", "due_at", "updated_at")}
_SAVE_REMINDER = Prepared(update(_reminder).where(_reminder.c.seller_id == bindparam("sid")).values(**_REMINDER_VALUES))
_ADD_REMINDER = Prepared(insert(_reminder).values(seller_id=bindparam("sid"), **_REMINDER_VALUES))
_ADD_LOG = Prepared.insert(
    MessageLog.__table__, ("seller_id", "channel", "direction", "kind", "provider_message_id", "text", "buttons", "created_at")
)
_OUTBOX_COLUMNS = ("seller_id", "channel", "kind", "priority", "language", "payload", "status", "attempts", "due_at", "created_at", "updated_at")
_ADD_OUTBOX = Prepared.insert(OutboxMessage.__table__, _OUTBOX_COLUMNS)
# A reply written already claimed by the in-process worker, which is handed it after commit.
_ADD_CLAIMED_OUTBOX = Prepared.insert(OutboxMessage.__table__, (*_OUTBOX_COLUMNS, "claimed_by", "claimed_at"), returning="id")


# A new sender's rows. A seller's defaults come from the model itself, read once.
_NEW_SELLER_DEFAULTS = {
    name: value
    for name, value in Seller(created_at=datetime.now(UTC), updated_at=datetime.now(UTC), stage_changed_at=datetime.now(UTC)).model_dump().items()
    if name in SELLER_COLUMNS and name != "id"
}
assert all(isinstance(v, (str, int, float, bool, type(None), datetime)) for v in _NEW_SELLER_DEFAULTS.values()), "mutable seller default"
_ADD_SELLER = Prepared.insert(_seller, _NEW_SELLER_DEFAULTS, returning="id")
_ADD_STATE = Prepared.insert(_state, ("seller_id", "step", "state", "updated_at"))
_ADD_IDENTITY = Prepared.insert(_identity, ("seller_id", "channel", "external_id", "phone", "reachable", "created_at", "last_inbound_at"))
# The consenting seller who has this mobile and is not yet on this channel (one phone, one seller across channels).
_PHONE_OWNER = Prepared(
    select(_seller.c.id)
    .where(
        _seller.c.mobile == bindparam("phone"),
        _seller.c.erased_at.is_(None),
        _seller.c.is_test.is_(False),
        _seller.c.id != bindparam("besides"),
        ~exists().where(_identity.c.seller_id == _seller.c.id, _identity.c.channel == bindparam("channel")),
    )
    .order_by(_seller.c.id)
    .limit(1)
)


@lru_cache(maxsize=256)
def _update_seller(columns: frozenset[str]) -> Prepared:
    """The UPDATE of these seller columns (a turn changes a few; each set is compiled once)."""
    return Prepared(
        update(_seller)
        .where(_seller.c.id == bindparam("seller_id"))
        .values({name: bindparam(name, type_=_seller.c[name].type) for name in sorted(columns)})
    )


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


def _deep_link_code(session: Session, text: str) -> str | None:
    """Return the deep-link code a message carries, looking up only the message's own words."""
    words = candidate_codes(text)
    if not words:
        return None
    return code_in_text(text, set(session.exec(select(DeepLink.code).where(DeepLink.code.in_(words)))))


def _store_profile(seller: Seller, conv: Conversation, now: datetime) -> None:
    """Copy the conversation's profile onto an ORM seller, touching only what changed (no change, no UPDATE)."""
    for name, value in _profile_changes(seller, conv, now).items():
        setattr(seller, name, value)


def _event_writes(seller_id: int, is_test: bool, channel: str, event: object) -> tuple[dict, list[tuple[type, dict]]]:
    """Return what one engine event changes on the seller row and the rows it adds."""
    if isinstance(event, StageReached):
        return {"stage": event.stage, "stage_changed_at": event.at}, [
            (FunnelEvent, {"seller_id": seller_id, "stage": event.stage, "previous_stage": event.previous, "is_test": is_test, "at": event.at})
        ]
    if isinstance(event, ConsentGiven):
        return {}, [
            (ConsentRecord, {"seller_id": seller_id, "notice_version": event.notice_version, "purpose": event.purpose, "channel": channel,
                             "given_at": event.at, "withdrawn_at": None})
        ]
    if isinstance(event, CallbackRequested):
        return {"needs_help": True}, [
            (CallbackRequest, {"seller_id": seller_id, "step": event.step, "status": "open", "is_test": is_test, "requested_at": event.at,
                               "expected_by": event.expected_by})
        ]
    if isinstance(event, (OptedOut, OptedIn)):
        return {"opted_out": isinstance(event, OptedOut)}, []
    if isinstance(event, AadhaarDetected):
        log.warning("seller %s typed an Aadhaar number; it was redacted before storage", seller_id)
    return {}, []


def _profile_changes(seller: Any, conv: Conversation, now: datetime) -> dict:
    """Return the seller columns the conversation changed (empty when nothing did)."""
    changes = {name: getattr(conv.profile, name) for name in PROFILE_FIELDS if getattr(seller, name) != getattr(conv.profile, name)}
    if seller.language != conv.language:
        changes["language"] = conv.language
    if seller.opted_out != conv.opted_out:
        changes["opted_out"] = conv.opted_out
    if changes:
        changes["updated_at"] = now
    return changes


@dataclass(slots=True)
class Handled:
    """What one inbound message led to."""

    seller: Seller | None
    conversation: Conversation
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    queued: bool = False
    handed: list[Claimed] = field(default_factory=list)  # replies written already claimed by the in-process worker


class Handoff(Protocol):
    """The in-process outbox worker, as a turn sees it."""

    worker_id: str

    def takes_handoffs(self, channel: str) -> bool: ...

    def hand(self, claimed: list[Claimed]) -> None: ...


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
        self.handoff: Handoff | None = None  # the in-process worker, which takes a turn's replies directly
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
                if handled.handed and self.handoff is not None:
                    self.handoff.hand(handled.handed)
                elif handled.queued and self.on_outbox:
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
        conn = session.connection()
        if provider_message_id and _SEEN.first(conn, {"channel": channel, "provider_id": provider_message_id}):
            return Handled(seller=None, conversation=Conversation(), duplicate=True)

        # One round trip for everything a turn reads: identity, seller, state and reminder schedule.
        row = self._load(session, channel, external_id)
        if row is None and channel == "whatsapp" and inbound.text and not start_payload:
            # A wa.me link carries its deep-link code as the first message's text.
            start_payload = _deep_link_code(session, inbound.text)
            if start_payload and inbound.text.strip() == start_payload:
                inbound = replace(inbound, text="/start")
        if row is None:
            # A new sender: the consenting seller with this number on another channel, else a new seller.
            seller_id = self._phone_owner(conn, inbound.phone, channel) if channel in REAL_CHANNELS else None
            if seller_id is None:
                values = {**_NEW_SELLER_DEFAULTS, "created_at": now, "updated_at": now, "stage_changed_at": now, "is_test": is_test, "source_code": start_payload}
                seller_id = _ADD_SELLER.first(conn, values)["id"]
                _ADD_STATE.execute(conn, {"seller_id": seller_id, "step": "ask_language", "state": {}, "updated_at": now})
            _ADD_IDENTITY.execute(
                conn,
                {"seller_id": seller_id, "channel": channel, "external_id": external_id, "phone": inbound.phone, "reachable": True,
                 "created_at": now, "last_inbound_at": None},
            )
            row = self._load(session, channel, external_id)
        seller = SimpleNamespace(**{c: row[c] for c in SELLER_COLUMNS})
        if seller.clock_offset_seconds:
            now += timedelta(seconds=seller.clock_offset_seconds)
        _TOUCH_IDENTITY.execute(conn, {"identity_id": row["identity_id"], "now": now})
        new_phone = bool(inbound.phone) and row["identity_phone"] is None
        if new_phone:
            conn.execute(update(_identity).where(_identity.c.id == row["identity_id"]).values(phone=inbound.phone))

        profile = Profile(**{name: getattr(seller, name) for name in PROFILE_FIELDS})
        conversation = Conversation.from_json(row["state"], profile)
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
        seller_changes: dict[str, Any] = {}
        if start_payload and seller.source_code is None:
            seller_changes["source_code"] = start_payload
        added: dict[type, list[dict]] = {}
        for event in result.events:
            changes, rows = _event_writes(seller.id, seller.is_test, channel, event)
            seller_changes.update(changes)
            for model, values in rows:
                added.setdefault(model, []).append(values)
        for model, rows in added.items():
            conn.execute(insert(model.__table__), rows)
        if conv.consent_version and (new_phone or ConsentRecord in added):
            # Someone who came back on their own and consented chose to hear from us again: the numbers
            # their channel vouches for come off the suppression list (a typed number does not count).
            lift(conn, self.env.pan_digest, channel_numbers(channel, external_id, inbound.phone or row["identity_phone"]))
        if any(isinstance(e, EraseConfirmed) for e in result.events):
            _ADD_LOG.executemany(conn, logged)
            erased = session.get(Seller, seller.id)
            self._erase(session, erased, now)
            # The confirmation still has to reach them: queued with no seller attached.
            handed: list[Claimed] = []
            queued = self._enqueue(session, None, channel, external_id, conv.language, result.replies, now, handed=handed)
            return Handled(seller=erased, conversation=conv, replies=result.replies, queued=queued, handed=handed)

        seller_changes.update(_profile_changes(seller, conv, now))
        if seller_changes:
            _update_seller(frozenset(seller_changes)).execute(conn, {"seller_id": seller.id, **seller_changes})
            for name, value in seller_changes.items():
                setattr(seller, name, value)
        _SAVE_STATE.execute(conn, {"sid": seller.id, "step": conv.step, "state": conv.to_json(), "now": now})
        reminder = next_reminder((row["reminder_stage"], row["reminder_sent"]) if row["reminder_stage"] else None, conv, now, self.policy)
        (_SAVE_REMINDER if row["reminder_stage"] else _ADD_REMINDER).execute(conn, {"sid": seller.id, **reminder})
        if seller.last_broadcast_at is not None and now - seller.last_broadcast_at < ENGAGEMENT_WINDOW:
            mark_engaged(session, seller.id, now, progressed=any(isinstance(e, StageReached) for e in result.events))
        replies = result.replies
        if "mobile" in seller_changes and conv.profile.mobile and channel in REAL_CHANNELS:
            other_id = self._phone_owner(conn, conv.profile.mobile, channel, besides=seller.id)
            other = session.get(Seller, other_id) if other_id is not None else None
            if other is not None:
                current = session.get(Seller, seller.id)
                seller, conv, replies = self._merge(session, current, conv, other, channel, now)
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
        _ADD_LOG.executemany(conn, logged)
        handed = []
        queued = self._enqueue(
            session, seller.id, channel, external_id, conv.language, replies, now, fallback=self.fallback(conv, "resume"), handed=handed
        )
        return Handled(seller=seller, conversation=conv, replies=replies, queued=queued, handed=handed)

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

    def _load(self, session: Session, channel: str, external_id: str) -> Any | None:
        """Load one sender's identity, seller, conversation and reminder as one row, locked on PostgreSQL."""
        statement = _LOAD_LOCKED if is_postgres(self.engine) else _LOAD
        return statement.first(session.connection(), {"channel": channel, "external_id": external_id})

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
        handed: list[Claimed] | None = None,
    ) -> bool:
        """Write replies for a real channel to the outbox, in this transaction; say whether any were.

        With `handed` and an in-process worker sending on this channel, the rows are written already
        claimed by it and listed in `handed`, for the caller to hand over once the transaction commits.
        """
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
        conn = session.connection()
        worker = self.handoff
        if handed is None or worker is None or not worker.takes_handoffs(channel):
            _ADD_OUTBOX.executemany(conn, rows)
            if is_postgres(self.engine):
                conn.exec_driver_sql(f"NOTIFY {OUTBOX_CHANNEL}")  # delivered at commit, to workers in any process
            return True
        for row in rows:
            row.update(status="sending", attempts=1, claimed_by=worker.worker_id, claimed_at=now)
            row_id = _ADD_CLAIMED_OUTBOX.first(conn, row)["id"]
            handed.append(Claimed(id=row_id, channel=channel, kind=kind, payload=row["payload"], attempts=1, seller_id=seller_id))
        return True

    @staticmethod
    def _phone_owner(conn: Any, phone: str | None, channel: str, besides: int = 0) -> int | None:
        """The consenting seller with this mobile who is not yet reachable on this channel (other than `besides`)."""
        if not phone:
            return None
        owner = _PHONE_OWNER.first(conn, {"phone": phone, "channel": channel, "besides": besides})
        return owner["id"] if owner else None

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
        """Apply one engine event to an ORM seller (the path for stage pushes)."""
        changes, rows = _event_writes(seller.id, seller.is_test, channel, event)
        for name, value in changes.items():
            setattr(seller, name, value)
        for model, row in rows:
            session.execute(insert(model), [row])

    def _withdraw_from_campaigns(self, session: Session, seller_id: int, numbers: set[str]) -> None:
        """Take a person out of every campaign: their recipient rows, and first contacts addressed to their numbers
        before they were a seller, lose the address; those not yet sent are skipped and their outbox rows go."""
        # First contacts exist only in department campaigns; naming those lets the unique key find the rows.
        campaigns = session.exec(select(Campaign.id).where(Campaign.department_id.is_not(None))).all()
        first_contact = and_(
            CampaignRecipient.campaign_id.in_(campaigns),
            CampaignRecipient.channel == "whatsapp",
            CampaignRecipient.external_id.in_(numbers),
            CampaignRecipient.seller_id.is_(None),
        )
        rows = session.execute(
            select(CampaignRecipient.id, CampaignRecipient.campaign_id).where(or_(CampaignRecipient.seller_id == seller_id, first_contact))
        ).all()
        if not rows:
            return
        ids = [row.id for row in rows]
        session.execute(delete(OutboxMessage).where(OutboxMessage.campaign_id.in_({row.campaign_id for row in rows}), OutboxMessage.recipient_id.in_(ids)))
        unsent = CampaignRecipient.status.in_(("queued", "outboxed"))
        session.execute(
            update(CampaignRecipient)
            .where(CampaignRecipient.id.in_(ids))
            .values(
                seller_id=None,
                external_id=literal("erased-") + cast(CampaignRecipient.id, String),
                status=case((unsent, "skipped"), else_=CampaignRecipient.status),
                error=case((unsent, "erased at the person's request"), else_=CampaignRecipient.error),
            )
        )

    def _erase(self, session: Session, seller: Seller, now: datetime) -> None:
        """Delete a seller's personal data, keeping only anonymous funnel figures and proof of withdrawal."""
        # Provider ids of inbound messages stay (without text or seller) so a re-delivered
        # webhook is still recognised; everything else the seller said or was told goes.
        session.execute(
            update(MessageLog)
            .where(MessageLog.seller_id == seller.id, MessageLog.direction == "in", MessageLog.provider_message_id.is_not(None))
            .values(seller_id=None, text=None, buttons=None)
        )
        numbers = {seller.mobile} if seller.mobile else set()
        for identity in session.exec(select(ChannelIdentity).where(ChannelIdentity.seller_id == seller.id)):
            numbers |= channel_numbers(identity.channel, identity.external_id, identity.phone)
        session.execute(delete(MessageLog).where(MessageLog.seller_id == seller.id))
        session.execute(delete(OutboxMessage).where(OutboxMessage.seller_id == seller.id))
        session.execute(delete(ChannelIdentity).where(ChannelIdentity.seller_id == seller.id))
        session.execute(delete(ConversationState).where(ConversationState.seller_id == seller.id))
        session.execute(delete(Reminder).where(Reminder.seller_id == seller.id))
        # Departments' vendor lists hold the same numbers: erasure covers them too, and the numbers'
        # digests go on the suppression list so a list uploaded again cannot bring them back.
        session.execute(delete(VendorListEntry).where(VendorListEntry.phone.in_(numbers)))
        suppress(session.connection(), self.env.pan_digest, numbers, now)
        self._withdraw_from_campaigns(session, seller.id, numbers)
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
