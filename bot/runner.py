"""Apply one inbound message in one database transaction: load state, run the engine, store the outcome."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlalchemy import Engine, delete, update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from api.db import is_postgres, transaction
from api.models import CallbackRequest, ChannelIdentity, ConsentRecord, ConversationState, FunnelEvent, MessageLog, Seller
from bot.engine import validators
from bot.engine.context import Env
from bot.engine.conversation import resume
from bot.engine.model import (
    PROFILE_FIELDS,
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


@dataclass(slots=True)
class Handled:
    """What one inbound message led to."""

    seller: Seller | None
    conversation: Conversation
    replies: list[Reply] = field(default_factory=list)
    duplicate: bool = False


class Runner:
    """Feeds inbound messages through the engine; the only place conversation state is written."""

    def __init__(self, engine: Engine, env: Env, clock: Callable[[], datetime] = utcnow) -> None:
        self.engine = engine
        self.env = env
        self.clock = clock

    def handle(
        self,
        *,
        channel: str,
        external_id: str,
        inbound: Inbound,
        provider_message_id: str | None = None,
        is_test: bool = False,
        renders_as: str | None = None,
    ) -> Handled:
        """Apply one inbound message; a provider id seen before changes nothing.

        `renders_as` names the channel whose abilities the engine assumes (the simulator
        stores its sellers apart but behaves like Telegram or WhatsApp).
        """
        for attempt in range(3):
            try:
                with transaction(self.engine) as session:
                    return self._handle(session, channel, external_id, inbound, provider_message_id, is_test, renders_as or channel)
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

        identity_query = select(ChannelIdentity).where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == external_id)
        if is_postgres(self.engine):
            identity_query = identity_query.with_for_update()
        identity = session.exec(identity_query).first()
        if identity is None:
            seller = Seller(created_at=now, updated_at=now, stage_changed_at=now, is_test=is_test)
            session.add(seller)
            session.flush()
            identity = ChannelIdentity(seller_id=seller.id, channel=channel, external_id=external_id, phone=inbound.phone, created_at=now)
            session.add(identity)
            state = ConversationState(seller_id=seller.id, step="ask_language", state={}, updated_at=now)
            session.add(state)
            session.flush()
        else:
            seller = session.get(Seller, identity.seller_id)
            state = session.get(ConversationState, identity.seller_id)
        identity.last_inbound_at = now

        profile = Profile(**{name: getattr(seller, name) for name in PROFILE_FIELDS})
        conversation = Conversation.from_json(state.state, profile)
        result = resume(conversation, inbound, now=now, env=self.env, channel=renders_as)
        conv = result.conversation

        session.add(
            MessageLog(
                seller_id=seller.id,
                channel=channel,
                direction="in",
                kind=inbound.kind,
                provider_message_id=provider_message_id,
                text=validators.redact(inbound.text) if inbound.text else inbound.button,
                created_at=now,
            )
        )
        erased = any(isinstance(e, EraseConfirmed) for e in result.events)
        for event in result.events:
            self._apply(session, seller, channel, event)
        if erased:
            self._erase(session, seller, now)
            return Handled(seller=seller, conversation=conv, replies=result.replies)

        for name in PROFILE_FIELDS:
            setattr(seller, name, getattr(conv.profile, name))
        seller.language = conv.language
        seller.opted_out = conv.opted_out
        seller.updated_at = now
        state.step = conv.step
        state.state = conv.to_json()
        state.updated_at = now
        for reply in result.replies:
            session.add(
                MessageLog(
                    seller_id=seller.id,
                    channel=channel,
                    direction="out",
                    text=reply.text,
                    buttons=[{"id": b.id, "title": b.title} for b in reply.buttons] or None,
                    created_at=now,
                )
            )
        session.flush()
        return Handled(seller=seller, conversation=conv, replies=result.replies)

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
        session.execute(delete(MessageLog).where(MessageLog.seller_id == seller.id))
        session.execute(delete(ChannelIdentity).where(ChannelIdentity.seller_id == seller.id))
        session.execute(delete(ConversationState).where(ConversationState.seller_id == seller.id))
        session.execute(
            update(ConsentRecord).where(ConsentRecord.seller_id == seller.id, ConsentRecord.withdrawn_at.is_(None)).values(withdrawn_at=now)
        )
        session.execute(update(CallbackRequest).where(CallbackRequest.seller_id == seller.id, CallbackRequest.status == "open").values(status="cancelled"))
        for name in PROFILE_FIELDS:
            if name != "district_lgd":
                setattr(seller, name, None)
        seller.language = None
        seller.opted_out = True
        seller.needs_help = False
        seller.erased_at = now
        seller.updated_at = now
        session.flush()
