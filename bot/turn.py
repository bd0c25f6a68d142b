"""Apply one inbound message in one database transaction: load state, run the engine, store the outcome."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from types import SimpleNamespace
from typing import Any

from sqlalchemy import Engine, bindparam, insert, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from bot import outbox as outbox_rows
from bot.campaigns.rules import mark_engaged
from bot.channels.base import CHANNELS
from bot.clock import Clock
from bot.engine import validators
from bot.engine.context import Env
from bot.engine.conversation import resume
from bot.engine.model import Conversation, EraseConfirmed, Inbound, Reply, StageReached
from bot.erasure import erase
from bot.funnel import cube
from bot.merging import merge, phone_owner
from bot.outbox import Claimed, Outbox
from bot.reminders import ReminderPolicy, next_reminder
from bot.sellers import SELLER_COLUMNS, event_writes, profile_changes, profile_of
from bot.services.attribution import candidate_codes, code_in_text
from bot.services.suppression import channel_numbers, lift
from bot.store.db import deadlocked, is_postgres, scrub_log, transaction
from bot.store.models import (
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    DeepLink,
    MessageLog,
    Reminder,
    Seller,
)
from bot.store.prepared import Prepared

log = logging.getLogger(__name__)

# The statements of an ordinary turn, built once: building them anew each turn cost more than running them.
_identity, _seller, _state, _reminder = (m.__table__ for m in (ChannelIdentity, Seller, ConversationState, Reminder))
_LOAD_QUERY = (
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
# The seller's row too: a status push, an upload or an erasure that moves the seller's funnel counts waits for the turn, and the turn for them.
_LOAD_LOCKED = Prepared(_LOAD_QUERY.with_for_update(of=[_identity, _seller]))
_LOAD = Prepared(_LOAD_QUERY)
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
@lru_cache(maxsize=256)
def _update_seller(columns: frozenset[str]) -> Prepared:
    """Return the UPDATE of these seller columns (a turn changes a few; each set is compiled once)."""
    return Prepared(
        update(_seller)
        .where(_seller.c.id == bindparam("seller_id"))
        .values({name: bindparam(name, type_=_seller.c[name].type) for name in sorted(columns)})
    )


ENGAGEMENT_WINDOW = timedelta(days=14)  # a reply this soon after a campaign message counts for the campaign


def _deep_link_code(session: Session, text: str) -> str | None:
    """Return the deep-link code a message carries, looking up only the message's own words."""
    words = candidate_codes(text)
    if not words:
        return None
    return code_in_text(text, set(session.exec(select(DeepLink.code).where(DeepLink.code.in_(words)))))


@dataclass(slots=True)
class Handled:
    """Tell what one inbound message led to."""

    seller: Seller | None
    conversation: Conversation
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False
    queued: bool = False
    handed: list[Claimed] = field(default_factory=list)  # replies written already claimed by the in-process worker
    erased: bool = False  # the seller had their data erased in this turn


class Runner:
    """Feed inbound messages through the engine: the only place a turn writes conversation state."""

    def __init__(
        self,
        engine: Engine,
        env: Env,
        clock: Callable[[], datetime] | None = None,
        outbox: Outbox | None = None,
        policy: ReminderPolicy | None = None,
    ) -> None:
        self.engine = engine
        self.env = env
        self.clock = clock or Clock()
        self.outbox = outbox or Outbox()
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
        """Apply one inbound message (`renders_as`: the channel whose abilities the engine assumes); a provider id seen before changes nothing."""
        for attempt in range(3):
            try:
                with transaction(self.engine) as session:
                    handled = self._handle(
                        session, channel, external_id, inbound, provider_message_id, is_test, renders_as or channel, start_payload
                    )
                self.outbox.wake(queued=handled.queued, handed=handled.handed)
                if handled.erased:
                    scrub_log(self.engine)  # older copies of the erased rows leave SQLite's write-ahead log
                return handled
            except IntegrityError:
                # Two first messages from one new sender raced to create the seller, or a
                # re-delivered webhook raced its original: the retry sees the winner's rows.
                if attempt == 2:
                    raise
            except OperationalError as error:
                # Two transactions waited on each other's locks (a turn and an upload over one number): run it again.
                if attempt == 2 or not deadlocked(error):
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
        created = False
        if row is None:
            # A new sender: the consenting seller with this number on another channel, else a new seller.
            seller_id = phone_owner(conn, inbound.phone, channel) if channel in CHANNELS else None
            if seller_id is None:
                values = {**_NEW_SELLER_DEFAULTS, "created_at": now, "updated_at": now, "stage_changed_at": now, "is_test": is_test,
                          "source_code": start_payload, "channel": channel}
                seller_id, created = _ADD_SELLER.first(conn, values)["id"], True
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

        conversation = Conversation.from_json(row["state"], profile_of(seller))
        result = resume(conversation, inbound, now=now, env=self.env, channel=renders_as)
        conv = result.conversation

        logged = [
            {
                "seller_id": seller.id,
                "channel": channel,
                "direction": "in",
                "kind": inbound.kind,
                "provider_message_id": provider_message_id,
                "text": validators.redact(inbound.text or inbound.button or "") or None,
                "buttons": None,
                "created_at": now,
            }
        ]
        seller_changes: dict[str, Any] = {}
        if start_payload and seller.source_code is None:
            seller_changes["source_code"] = start_payload
        added: dict[type, list[dict]] = {}
        for event in result.events:
            changes, rows = event_writes(seller.id, seller.is_test, channel, event)
            seller_changes.update(changes)
            for model, values in rows:
                added.setdefault(model, []).append(values)
        # The funnel's counts follow the seller: its old key out before the change (and before its stage events), the new one in after.
        profile_changed = profile_changes(seller, conv, now)
        new = {**seller_changes, **profile_changed}
        counted = not seller.is_test and (created or bool(new.keys() & cube.KEY_COLUMNS))
        if counted and (new.keys() & {"mobile", "source_code"} or (created and seller.source_code)):
            cube.claims(conn, phones=(seller.mobile, new.get("mobile")), codes=(seller.source_code, new.get("source_code")))
        if counted and not created:
            cube.count(conn, [seller.id], -1, locked=True)  # _load locked the seller's row
        for model, rows in added.items():
            conn.execute(insert(model.__table__), rows)
        if conv.consent_version and (new_phone or ConsentRecord in added):
            # Someone who came back on their own and consented chose to hear from us again: the numbers
            # their channel vouches for come off the suppression list (a typed number does not count).
            lift(conn, self.env.pan_digest, channel_numbers(channel, external_id, inbound.phone or row["identity_phone"]))
        if any(isinstance(e, EraseConfirmed) for e in result.events):
            if counted:
                cube.count(conn, [seller.id], +1)
            _ADD_LOG.executemany(conn, logged)
            erased = session.get(Seller, seller.id)
            erase(session, erased, now=now, keyed=self.env.pan_digest)
            # The confirmation still has to reach them: queued with no seller attached.
            handed: list[Claimed] = []
            queued = self.outbox.queue_replies(
                session, seller_id=None, channel=channel, to=external_id, language=conv.language, replies=result.replies, now=now, handed=handed
            )
            return Handled(seller=erased, conversation=conv, replies=result.replies, queued=queued, handed=handed, erased=True)

        seller_changes.update(profile_changed)
        if seller_changes:
            _update_seller(frozenset(seller_changes)).execute(conn, {"seller_id": seller.id, **seller_changes})
            for name, value in seller_changes.items():
                setattr(seller, name, value)
        if counted:
            cube.count(conn, [seller.id], +1)
        _SAVE_STATE.execute(conn, {"sid": seller.id, "step": conv.step, "state": conv.to_json(), "now": now})
        reminder = next_reminder((row["reminder_stage"], row["reminder_sent"]) if row["reminder_stage"] else None, conv, now, self.policy)
        (_SAVE_REMINDER if row["reminder_stage"] else _ADD_REMINDER).execute(conn, {"sid": seller.id, **reminder})
        if seller.last_broadcast_at is not None and now - seller.last_broadcast_at < ENGAGEMENT_WINDOW:
            mark_engaged(
                session, seller.id, now, progressed=any(isinstance(e, StageReached) for e in result.events), attributed=seller.campaign_id is not None
            )
        replies = result.replies
        if "mobile" in seller_changes and conv.profile.mobile and channel in CHANNELS:
            other_id = phone_owner(conn, conv.profile.mobile, channel, besides=seller.id)
            other = session.get(Seller, other_id, with_for_update=True) if other_id is not None else None
            if other is not None:
                current = session.get(Seller, seller.id)
                seller, conv, replies = merge(session, current, conv, other, channel=channel, now=now, env=self.env)
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
        queued = self.outbox.queue_replies(
            session, seller_id=seller.id, channel=channel, to=external_id, language=conv.language, replies=replies, now=now,
            fallback=outbox_rows.fallback(self.env, conv, "resume"), handed=handed,
        )
        return Handled(seller=seller, conversation=conv, replies=replies, queued=queued, handed=handed)

    def _load(self, session: Session, channel: str, external_id: str) -> Any | None:
        """Load one sender's identity, seller, conversation and reminder as one row, locked on PostgreSQL."""
        statement = _LOAD_LOCKED if is_postgres(self.engine) else _LOAD
        return statement.first(session.connection(), {"channel": channel, "external_id": external_id})
