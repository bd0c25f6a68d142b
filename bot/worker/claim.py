"""Claim due outbox rows for a worker: a look without the write lock first, then one short transaction."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Connection, and_, or_, update
from sqlmodel import select

from bot.campaigns.rules import sync_recipient
from bot.delivery import GAVE_UP, NO_TEMPLATE, as_template, needs_window, window_closed
from bot.outbox import Claimed
from bot.store.db import is_postgres, transaction
from bot.store.models import ChannelIdentity, OutboxMessage
from bot.worker.record import Recorder

_outbox = OutboxMessage.__table__
_CLAIM_COLUMNS = tuple(
    _outbox.c[name] for name in ("id", "channel", "kind", "language", "payload", "attempts", "seller_id", "recipient_id", "priority", "due_at")
)


def claimed(row: Any, attempts: int) -> Claimed:
    """Return the in-memory claim of an outbox row (a plain row or an ORM object)."""
    return Claimed(
        id=row.id, channel=row.channel, kind=row.kind, payload=dict(row.payload), attempts=attempts, seller_id=row.seller_id, recipient_id=row.recipient_id
    )


def _last_inbound(conn: Connection, numbers: list[str | None]) -> dict[str, datetime | None]:
    """Return when each WhatsApp number last wrote to us (one query for a whole batch)."""
    numbers = sorted({n for n in numbers if n})
    if not numbers:
        return {}
    identity = ChannelIdentity.__table__
    query = select(identity.c.external_id, identity.c.last_inbound_at).where(identity.c.channel == "whatsapp", identity.c.external_id.in_(numbers))
    return {external_id: at for external_id, at in conn.execute(query)}


def claim_due(
    recorder: Recorder, *, channels: list[str], now: datetime, lease: timedelta, batch_size: int, sole_sender: bool = False
) -> list[Claimed]:
    """Take due rows (and rows whose previous claimer died) on these channels for the recorder's worker, in one transaction."""
    if not channels:
        return []
    engine, worker_id, templates, max_attempts = recorder.engine, recorder.worker_id, recorder.templates, recorder.max_attempts
    # Due rows, and rows whose claimer's lease lapsed (it died mid-send). A worker that holds the sending rights on
    # these accounts (`sole_sender`) knows that any other worker's claim on them is a former holder's, which died or
    # gave the rights up: it takes those rows at once instead of waiting out the lease.
    lapsed = OutboxMessage.claimed_at < now - lease
    if sole_sender:
        lapsed = or_(lapsed, OutboxMessage.claimed_by != worker_id)
    branches = (
        and_(OutboxMessage.status == "pending", OutboxMessage.due_at <= now),
        and_(OutboxMessage.status == "sending", lapsed),
    )
    due = or_(*branches)
    # Look first without taking the write lock: an idle worker polling must not queue behind,
    # or hold up, the web process's writes.
    with engine.connect() as conn:
        if conn.execute(select(OutboxMessage.id).where(OutboxMessage.channel.in_(channels), due).limit(1)).first() is None:
            return []
    with transaction(engine, urgent=True) as session:
        conn = session.connection()
        # Each kind through its own index in priority order (an OR of the two would sort every due row), then merged.
        order = (OutboxMessage.priority, OutboxMessage.due_at, OutboxMessage.id)
        found = []
        for branch in branches:
            query = select(*_CLAIM_COLUMNS).where(branch, OutboxMessage.channel.in_(channels)).order_by(*order).limit(batch_size)
            if is_postgres(engine):
                query = query.with_for_update(skip_locked=True)
            found += conn.execute(query).all()
        found = sorted(found, key=lambda r: (r.priority, r.due_at, r.id))[:batch_size]
        # The usual row is claimed as it is, all in one UPDATE; a row out of tries or outside the
        # WhatsApp window is finished or turned into a template through the ORM below.
        last_inbound = _last_inbound(conn, [r.payload.get("to") for r in found if needs_window(r)])
        plain = [r for r in found if r.attempts < max_attempts and not window_closed(r, last_inbound.get(r.payload.get("to")), now)]
        if plain:
            conn.execute(
                update(_outbox)
                .where(_outbox.c.id.in_([r.id for r in plain]))
                .values(status="sending", claimed_at=now, claimed_by=worker_id, attempts=_outbox.c.attempts + 1, updated_at=now)
            )
        taken = [claimed(r, r.attempts + 1) for r in plain]
        ids = {r.id for r in plain}
        special = [r.id for r in found if r.id not in ids]
        if not special:
            return taken
        for row in session.exec(select(OutboxMessage).where(OutboxMessage.id.in_(special)).order_by(OutboxMessage.id)):
            if row.attempts >= max_attempts:
                recorder.finish(row, "failed", now, error=GAVE_UP)
                sync_recipient(session, row, now)
                continue
            if window_closed(row, last_inbound.get(row.payload.get("to")), now):
                template = templates.template_for(row)
                if template is None:
                    recorder.finish(row, "skipped", now, error=NO_TEMPLATE)
                    sync_recipient(session, row, now)
                    continue
                row.payload = as_template(row, template)
            row.status, row.claimed_at, row.claimed_by = "sending", now, worker_id
            row.attempts += 1
            row.updated_at = now
            taken.append(claimed(row, row.attempts))
        return taken
