"""Apply what providers say about sent messages: statuses, the WhatsApp window and templates, opt-outs."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, Engine, delete, update
from sqlmodel import Session, select

from bot import outbox
from bot.channels.base import OutboundPayload, Template
from bot.channels.whatsapp import within_session
from bot.engine.context import N_
from bot.store.db import transaction
from bot.store.models import ChannelIdentity, ConversationState, EarlyStatus, OutboxMessage, Seller
from bot.store.prepared import Prepared

# A later status never moves a message back: a late "sent" after "delivered" is ignored.
STATUS_CHANNELS = frozenset({"whatsapp"})  # the channels whose provider reports delivery by callback
EARLY_KEPT = timedelta(days=1)  # how long a status for an id not yet written is kept
STATUS_RANK = {"pending": 0, "sending": 1, "queued": 2, "sent": 3, "delivered": 4, "read": 5}
FINAL_STATUSES = frozenset({"sent", "delivered", "read", "failed", "undelivered", "skipped", "cancelled"})
# For each usual status, the row statuses it does not move forward: later ones, and the final ones outside the ranking.
_HELD = {status: tuple(s for s, r in STATUS_RANK.items() if r >= rank) + tuple(sorted(FINAL_STATUSES - STATUS_RANK.keys()))
         for status, rank in STATUS_RANK.items()}
# Why a message did not go, in words staff read on a campaign's page (English msgids; providers' own words are kept as they come).
NO_TEMPLATE = N_("outside the WhatsApp 24-hour window and no approved template")
GAVE_UP = N_("gave up after repeated attempts")
LEFT_OUT = N_("opted out or erased since the audience was taken")
FIRST_CONTACT = N_("first contact on WhatsApp needs an approved template")
ERASED = N_("erased at the person's request")


@dataclass(frozen=True, slots=True)
class TemplateBook:
    """Hold the approved WhatsApp templates: message kind → language → Content SID."""

    sids: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def template_for(self, row: OutboxMessage) -> Template | None:
        """Return the template that may carry this row outside the 24-hour window, if one is configured."""
        fallback = row.payload.get("fallback") or {}
        kind = fallback.get("kind") or row.kind
        sid = self.sids.get(kind, {}).get(row.language or "hi")
        if not sid:
            return None
        return Template(content_sid=sid, variables={str(k): str(v) for k, v in (fallback.get("variables") or {}).items()})



def as_template(row: OutboxMessage, template: Template) -> dict:
    """Return the row's payload rewritten to send the template instead of free text."""
    payload = OutboundPayload.from_json(row.payload)
    data = OutboundPayload(to=payload.to, template=template).to_json()
    data["fallback"] = row.payload.get("fallback")
    return data


def needs_window(row: Any) -> bool:
    """Say whether the 24-hour window applies to a row: free-form WhatsApp, not a template."""
    return row.channel == "whatsapp" and not row.payload.get("template")


def window_closed(row: Any, last_inbound_at: datetime | None, now: datetime) -> bool:
    """Say whether a row may not go free-form, given when its recipient last wrote (None: never)."""
    return needs_window(row) and not within_session(last_inbound_at, now)


def set_opted_out(session: Session, seller_id: int | None) -> None:
    """Opt a seller out because the provider says they stopped messages."""
    if seller_id is None:
        return
    seller = session.get(Seller, seller_id)
    if seller is not None:
        seller.opted_out = True
    state = session.get(ConversationState, seller_id)
    if state is not None:
        state.state = {**state.state, "opted_out": True}


def mark_unreachable(session: Session, channel: str, to: str) -> None:
    """Record that a person can no longer be reached on a channel (for example, they blocked the bot)."""
    identity = session.exec(select(ChannelIdentity).where(ChannelIdentity.channel == channel, ChannelIdentity.external_id == to)).first()
    if identity is not None:
        identity.reachable = False


def scrub_if_orphaned(row: OutboxMessage) -> None:
    """Blank a finished message whose seller erased their data: only the erase confirmation is left so."""
    if row.seller_id is None and row.status in FINAL_STATUSES:
        row.payload = {"to": "", "text": ""}


def apply_status(
    session: Session, *, channel: str, provider_message_id: str, status: str, error_code: str | None, now: datetime, templates: TemplateBook
) -> tuple[OutboxMessage, bool] | None:
    """Apply a provider's delivery status to its outbox row, resending as a template when the window had closed; return the row and whether it resent."""
    # Locked, so that the same status taken by two processes at once is applied once: the second waits, then sees the first's.
    # Read afresh, after writing what this transaction changed: a plain UPDATE earlier in it may have moved the row.
    session.flush()
    row = session.exec(
        select(OutboxMessage).where(OutboxMessage.channel == channel, OutboxMessage.provider_message_id == provider_message_id).with_for_update()
        .execution_options(populate_existing=True)
    ).first()
    if row is None:
        return None
    resent = False
    if status in ("failed", "undelivered"):
        if row.status in ("failed", "undelivered") and row.error_code == error_code:
            return row, False  # the same failure told again: already acted on
        row.status, row.error_code = status, error_code
        if error_code == "21610":
            set_opted_out(session, row.seller_id)
        elif error_code == "63016":
            template = templates.template_for(row)
            if template is not None and not row.payload.get("template"):
                outbox.add(
                    session,
                    outbox.row(
                        channel=row.channel, kind=row.kind, payload=as_template(row, template), now=now,
                        seller_id=row.seller_id, language=row.language, priority=row.priority,
                    ),
                )
                resent = True
    elif STATUS_RANK.get(status, -1) > STATUS_RANK.get(row.status, 99 if row.status in FINAL_STATUSES else -1):
        row.status = status
    row.updated_at = now
    from bot.campaigns.rules import (
        sync_recipient,  # campaigns build on delivery, not the other way round
    )

    sync_recipient(session, row, now)
    scrub_if_orphaned(row)
    return row, resent


def _advance(conn: Connection, *, channel: str, provider_message_ids: list[str], status: str, now: datetime) -> set[str]:
    """Move messages' statuses forward with plain UPDATEs, the usual callbacks (sent, delivered, read); return the ids it moved."""
    # Everything else (a failure, a repeat, a status out of order, an erased seller's row, an unknown id) goes through
    # apply_status, which reads the row under its lock. This path changes exactly the rows apply_status would move
    # forward, in the same way, without loading them: one UPDATE for the outbox rows, one for their recipients.
    held = _HELD.get(status)
    if held is None:
        return set()
    table = OutboxMessage.__table__
    moved = conn.execute(
        update(table)
        .where(table.c.channel == channel, table.c.provider_message_id.in_(provider_message_ids), table.c.seller_id.is_not(None),
               table.c.status.not_in(held))
        .values(status=status, updated_at=now)
        .returning(table.c.provider_message_id, table.c.recipient_id)
    ).all()
    recipients = [recipient_id for _, recipient_id in moved if recipient_id is not None]
    if recipients:
        from bot.campaigns.rules import advance_recipients  # campaigns build on delivery, not the other way round

        advance_recipients(conn, recipients, status, now)
    return {provider_message_id for provider_message_id, _ in moved}


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """Hold one delivery status a provider reported for one of our messages."""

    channel: str
    provider_message_id: str
    status: str
    error_code: str | None = None


def record_statuses(*, engine: Engine, updates: list[StatusUpdate], now: datetime, templates: TemplateBook) -> list[str | None]:
    """Apply several statuses in one transaction, as `record_status` applies one; should that fail, each in its own."""
    try:
        with transaction(engine) as session:
            return _apply(session, updates, now, templates)
    except Exception:  # noqa: BLE001 - one bad update must not fail the others: take them one by one
        if len(updates) == 1:
            raise
        return [record_statuses(engine=engine, updates=[told], now=now, templates=templates)[0] for told in updates]


def _apply(session: Session, updates: list[StatusUpdate], now: datetime, templates: TemplateBook) -> list[str | None]:
    """Apply statuses inside a transaction, in the order they came: one UPDATE a status for the usual ones, the rest row by row."""
    results: list[str | None] = [None] * len(updates)
    # Round k holds each message's k-th status, so a message's second status is applied after its first; within a
    # round, one UPDATE a (channel, status).
    rounds: dict[int, dict[tuple[str, str], list[int]]] = {}
    told_before: Counter[tuple[str, str]] = Counter()
    for i, told in enumerate(updates):
        message = (told.channel, told.provider_message_id)
        rounds.setdefault(told_before[message], {}).setdefault((told.channel, told.status), []).append(i)
        told_before[message] += 1
    for groups in rounds.values():  # in order: round k is made only after round k - 1
        for (channel, status), group in groups.items():
            session.flush()  # the row-by-row changes before it, so the UPDATE sees them
            moved = _advance(session.connection(), channel=channel, provider_message_ids=[updates[i].provider_message_id for i in group],
                             status=status, now=now)
            for i in group:
                results[i] = "applied" if updates[i].provider_message_id in moved else _apply_locked(session, updates[i], now, templates)
    return results


def _apply_locked(session: Session, told: StatusUpdate, now: datetime, templates: TemplateBook) -> str | None:
    """Apply one status the quick path did not move, reading its row under its lock; keep it for later when the id is not written yet."""
    applied = apply_status(session, channel=told.channel, provider_message_id=told.provider_message_id, status=told.status,
                           error_code=told.error_code, now=now, templates=templates)
    if applied is None:
        # Not ours, or ours and its id not written yet: the provider may report a message before the send's own
        # answer is recorded. Kept a day for the recorder (`apply_early`); what is older was never ours.
        session.execute(delete(EarlyStatus).where(EarlyStatus.received_at < now - EARLY_KEPT))
        session.add(EarlyStatus(channel=told.channel, provider_message_id=told.provider_message_id, status=told.status,
                                error_code=told.error_code, received_at=now))
        return None
    return "resent" if applied[1] else "applied"


_ANY_EARLY = Prepared(select(EarlyStatus.id).limit(1))  # type: ignore[call-overload]


def apply_early(session: Session, channel: str, provider_message_ids: list[str], now: datetime, templates: TemplateBook) -> None:
    """Apply the statuses kept for messages whose ids were just written, in the order they came."""
    if not provider_message_ids or _ANY_EARLY.first(session.connection(), {}) is None:
        return  # almost always none are kept: one prepared probe instead of an ORM query a batch
    early = session.exec(
        select(EarlyStatus).where(EarlyStatus.channel == channel, EarlyStatus.provider_message_id.in_(provider_message_ids)).order_by(EarlyStatus.id)
    ).all()
    for kept in early:
        apply_status(session, channel=kept.channel, provider_message_id=kept.provider_message_id, status=kept.status, error_code=kept.error_code,
                     now=now, templates=templates)
        session.delete(kept)


class StatusWriter:
    """Write status callbacks that arrive together in one transaction; each caller is answered once its own is stored."""

    # A group commit: while one batch is written, the callbacks that come meanwhile wait and go in the next. An idle
    # app writes each at once; under load one BEGIN/COMMIT serves many. Nobody is answered before their row is stored,
    # so a process killed meanwhile loses nothing the provider was told was taken.

    def __init__(self, engine: Engine, templates: TemplateBook, clock: Callable[[], datetime],
                 run: Callable[[Callable[[], list[str | None]]], Awaitable[list[str | None]]], most: int = 200) -> None:
        self.engine, self.templates, self.clock, self.run, self.most = engine, templates, clock, run, most
        self._waiting: list[tuple[StatusUpdate, asyncio.Future[str | None]]] = []
        self._task: asyncio.Future[None] | None = None  # the batch writer while it runs (held, so the loop keeps it)
        self.batches = 0

    async def record(self, update: StatusUpdate) -> str | None:
        """Store one status with whatever else came meanwhile; return what `record_status` would."""
        future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()
        self._waiting.append((update, future))
        if self._task is None or self._task.done():  # it stops only after finding nothing waiting
            self._task = asyncio.ensure_future(self._write())
        return await future

    async def _write(self) -> None:
        while self._waiting:
            batch, self._waiting = self._waiting[: self.most], self._waiting[self.most :]
            updates = [told for told, _ in batch]
            self.batches += 1
            try:
                results = await self.run(lambda: record_statuses(engine=self.engine, updates=updates, now=self.clock(), templates=self.templates))
            except Exception as error:  # noqa: BLE001 - each waiting request answers with it
                for _, future in batch:
                    if not future.done():
                        future.set_exception(error)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                if not future.done():
                    future.set_result(result)


def record_status(
    *, engine: Engine, channel: str, provider_message_id: str, status: str, error_code: str | None, now: datetime, templates: TemplateBook
) -> str | None:
    """Apply a provider's delivery status in its own transaction: None when the message was not ours, "resent" when it queued a template, else "applied"."""
    return record_statuses(engine=engine, updates=[StatusUpdate(channel, provider_message_id, status, error_code)], now=now, templates=templates)[0]
