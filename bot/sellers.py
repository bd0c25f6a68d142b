"""Read a seller's profile from its row, write back what a conversation changed, and apply engine events."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import exists, insert, or_
from sqlmodel import Session, select

from bot.channels.base import CHANNELS
from bot.engine.model import (
    PROFILE_FIELDS,
    AadhaarDetected,
    CallbackRequested,
    ConsentGiven,
    Conversation,
    OptedIn,
    OptedOut,
    Profile,
    StageReached,
)
from bot.store.models import (
    CallbackRequest,
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    DeepLink,
    FunnelEvent,
    Seller,
    VendorListEntry,
)

log = logging.getLogger(__name__)

SELLER_COLUMNS = tuple(c.name for c in Seller.__table__.columns)


def profile_of(seller: Any) -> Profile:
    """Build the engine's profile from a seller row (an ORM seller or any object with its columns)."""
    return Profile(**{name: getattr(seller, name) for name in PROFILE_FIELDS})


def conversation_of(session: Session, seller: Seller) -> tuple[ConversationState | None, Conversation]:
    """Load a seller's stored conversation, with its profile, and the row it lives in (None for none)."""
    state = session.get(ConversationState, seller.id)
    return state, Conversation.from_json(state.state if state is not None else None, profile_of(seller))


def save_conversation(seller: Seller, state: ConversationState, conv: Conversation, now: datetime) -> None:
    """Write a conversation back onto an ORM seller and its state row (no change, no UPDATE)."""
    for name, value in profile_changes(seller, conv, now).items():
        setattr(seller, name, value)
    state.step, state.state, state.updated_at = conv.step, conv.to_json(), now


def profile_changes(seller: Any, conv: Conversation, now: datetime) -> dict:
    """Return the seller columns the conversation changed (empty when nothing did)."""
    changes = {name: getattr(conv.profile, name) for name in PROFILE_FIELDS if getattr(seller, name) != getattr(conv.profile, name)}
    if seller.language != conv.language:
        changes["language"] = conv.language
    if seller.opted_out != conv.opted_out:
        changes["opted_out"] = conv.opted_out
    if changes:
        changes["updated_at"] = now
    return changes


def of_department(department_id: int | None) -> Any:
    """Return the condition that a seller is a department's: brought by its deep links or on its vendor list."""
    return or_(
        exists().where(DeepLink.code == Seller.source_code, DeepLink.department_id == department_id),
        exists().where(VendorListEntry.phone == Seller.mobile, VendorListEntry.department_id == department_id),
    )


def preferred_identity(session: Session, seller_id: int) -> ChannelIdentity | None:
    """Return the reachable real channel the seller used most recently."""
    return session.exec(
        select(ChannelIdentity)
        .where(ChannelIdentity.seller_id == seller_id, ChannelIdentity.reachable.is_(True), ChannelIdentity.channel.in_(CHANNELS))
        .order_by(ChannelIdentity.last_inbound_at.desc())
    ).first()


def event_writes(seller_id: int, is_test: bool, channel: str, event: object) -> tuple[dict, list[tuple[type, dict]]]:
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


def apply_event(session: Session, seller: Seller, channel: str, event: object) -> None:
    """Apply one engine event to an ORM seller and add the rows it makes."""
    changes, rows = event_writes(seller.id, seller.is_test, channel, event)
    for name, value in changes.items():
        setattr(seller, name, value)
    for model, row in rows:
        session.execute(insert(model), [row])
