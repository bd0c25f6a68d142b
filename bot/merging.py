"""Make two sellers who turn out to share one mobile number one seller, keeping the furthest progress."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, delete, exists, update
from sqlmodel import Session, select

from bot.engine.context import Env
from bot.engine.conversation import resume
from bot.engine.model import PROFILE_FIELDS, STAGE_RANK, Conversation, Inbound, Reply
from bot.engine.steps import STEP_IDS
from bot.funnel import cube
from bot.sellers import conversation_of, save_conversation
from bot.store.models import (
    CallbackRequest,
    ChannelIdentity,
    ConsentRecord,
    ConversationState,
    FunnelEvent,
    Lead,
    LeadNote,
    MessageLog,
    OutboxMessage,
    Reminder,
    Seller,
)
from bot.store.prepared import Prepared

log = logging.getLogger(__name__)

_seller, _identity = Seller.__table__, ChannelIdentity.__table__
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


def phone_owner(conn: Any, phone: str | None, channel: str, besides: int = 0) -> int | None:
    """Return the consenting seller with this mobile who is not yet reachable on this channel (other than `besides`)."""
    if not phone:
        return None
    owner = _PHONE_OWNER.first(conn, {"phone": phone, "channel": channel, "besides": besides})
    return owner["id"] if owner else None


def _progress(conv: Conversation) -> tuple[int, int]:
    """Rank how far a conversation has got: funnel stage first, then the step."""
    step = conv.return_step or conv.step
    return (STAGE_RANK[conv.stage] if conv.stage else -1, STEP_IDS.index(step) if step in STEP_IDS else -1)


def merge(
    session: Session, current: Seller, conv: Conversation, other: Seller, *, channel: str, now: datetime, env: Env
) -> tuple[Seller, Conversation, list[Reply]]:
    """Merge two sellers with one phone number into one, keeping the furthest progress and all consent."""
    _, other_conv = conversation_of(session, other)
    current_ahead = _progress(conv) >= _progress(other_conv)
    keep, drop = (current, other) if current_ahead else (other, current)
    keep_conv = conv if current_ahead else other_conv
    for name in PROFILE_FIELDS:
        if getattr(keep_conv.profile, name) is None:
            setattr(keep_conv.profile, name, getattr(conv.profile if keep is other else other_conv.profile, name))
    session.flush()
    cube.claims(session.connection(), phones=(keep.mobile, drop.mobile, keep_conv.profile.mobile), codes=(keep.source_code, drop.source_code))
    cube.count(session.connection(), [keep.id, drop.id], -1)
    kept_stages = set(session.exec(select(FunnelEvent.stage).where(FunnelEvent.seller_id == keep.id)))
    for model in (ChannelIdentity, ConsentRecord, MessageLog, CallbackRequest, OutboxMessage, LeadNote):
        session.execute(update(model).where(model.seller_id == drop.id).values(seller_id=keep.id))
    # A department follows a seller once: where it followed both, the kept seller's follow-up stays.
    kept_departments = select(Lead.department_id).where(Lead.seller_id == keep.id, Lead.department_id.is_not(None))
    session.execute(delete(Lead).where(Lead.seller_id == drop.id, Lead.department_id.in_(kept_departments)))
    session.execute(delete(Lead).where(Lead.seller_id == drop.id, Lead.department_id.is_(None), exists().where(Lead.seller_id == keep.id, Lead.department_id.is_(None))))
    session.execute(update(Lead).where(Lead.seller_id == drop.id).values(seller_id=keep.id))
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
    keep.channel = keep.channel or drop.channel
    keep.campaign_id = keep.campaign_id or drop.campaign_id
    session.delete(drop)
    session.flush()
    replies: list[Reply] = []
    if not current_ahead:
        # Carry on from where the other channel's conversation stands, with a recap.
        result = resume(keep_conv, Inbound(kind="button", button="cmd:start"), now=now, env=env, channel=channel)
        keep_conv, replies = result.conversation, result.replies
    save_conversation(keep, session.get(ConversationState, keep.id), keep_conv, now)
    session.flush()
    cube.count(session.connection(), [keep.id], +1)
    log.info("merged seller %s into seller %s (same mobile on %s)", drop.id, keep.id, channel)
    return keep, keep_conv, replies
