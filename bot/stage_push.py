"""Set a seller's GeM stage from outside the chat (a department's records, a GeM report) and tell the seller."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine

from bot import outbox as outbox_rows
from bot.engine.context import Env
from bot.engine.conversation import push_stage as engine_push_stage
from bot.engine.model import Reply
from bot.funnel import cube
from bot.outbox import Outbox
from bot.sellers import (
    apply_event,
    conversation_of,
    preferred_identity,
    save_conversation,
)
from bot.store.db import transaction
from bot.store.models import Seller


@dataclass(frozen=True, slots=True)
class PushedStage:
    """Tell what setting a stage from outside did."""

    changed: bool
    stage: str | None
    step: str
    replies: list[Reply]


def push_stage(
    *, engine: Engine, env: Env, outbox: Outbox, now: datetime, seller_id: int, stage: str, gem_seller_id: str | None = None
) -> PushedStage:
    """Move a seller to a GeM stage, note it in their conversation and queue the news on their latest channel."""
    with transaction(engine) as session:
        seller = session.get(Seller, seller_id, with_for_update=True)  # a turn of the same seller waits, and is waited for
        state, conv = conversation_of(session, seller) if seller is not None else (None, None)
        if seller is None or state is None or seller.erased_at is not None:
            raise LookupError(f"no seller {seller_id}")
        identity = preferred_identity(session, seller_id)
        before = conv.stage
        session.flush()
        cube.count(session.connection(), [seller_id], -1)
        if gem_seller_id and seller.gem_seller_id != gem_seller_id:
            seller.gem_seller_id = gem_seller_id
        result = engine_push_stage(conv, stage, now=now, env=env, channel=identity.channel if identity else "whatsapp")
        for event in result.events:
            apply_event(session, seller, identity.channel if identity else "api", event)
        conv = result.conversation
        save_conversation(seller, state, conv, now)
        session.flush()
        cube.count(session.connection(), [seller_id], +1)
        queued = False
        if identity is not None and result.replies:
            queued = outbox.queue_replies(
                session, seller_id=seller.id, channel=identity.channel, to=identity.external_id, language=conv.language,
                replies=result.replies, now=now, kind="status", fallback=outbox_rows.fallback(env, conv, "status"),
            )
    outbox.wake(queued=queued)
    return PushedStage(changed=conv.stage != before, stage=conv.stage, step=conv.step, replies=result.replies)
