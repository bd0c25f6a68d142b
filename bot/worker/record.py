"""Record what happened to each send: sent, a retry with backoff, failed, unreachable, opted out or a template needed."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, bindparam, update
from sqlmodel import Session, select

from bot import metrics
from bot.campaigns.rules import DELIVERY_RANK, sync_recipient
from bot.channels.base import OutboundPayload, SendResult
from bot.delivery import (
    FINAL_STATUSES,
    GAVE_UP,
    NO_TEMPLATE,
    STATUS_CHANNELS,
    TemplateBook,
    apply_early,
    as_template,
    mark_unreachable,
    scrub_if_orphaned,
    set_opted_out,
)
from bot.outbox import Claimed
from bot.store.db import scrub_log, transaction
from bot.store.models import CampaignRecipient, OutboxMessage
from bot.store.prepared import Prepared

_outbox, _recipient = OutboxMessage.__table__, CampaignRecipient.__table__
# A send that went out: only while this worker still holds the row (a lapsed lease means another took it).
_MARK_SENT = Prepared(
    update(_outbox)
    .where(_outbox.c.id == bindparam("oid"), _outbox.c.claimed_by == bindparam("worker"))
    .values(status="sent", provider_message_id=bindparam("pid"), sent_at=bindparam("now"), updated_at=bindparam("now"), error_code=None, error=None)
)
# Their campaign recipients move to "sent", never backwards (a delivery receipt may have come first).
_NOT_YET_SENT = tuple(_recipient.c.status != done for done in DELIVERY_RANK if DELIVERY_RANK[done] >= DELIVERY_RANK["sent"])


class Recorder:
    """Write send outcomes to their outbox rows (and campaign recipients), a batch per transaction."""

    def __init__(
        self,
        engine: Engine,
        *,
        worker_id: str,
        clock: Callable[[], datetime],
        templates: TemplateBook,
        max_attempts: int = 8,
        backoff_base: float = 2.0,
        backoff_cap: float = 600.0,
        jitter: Callable[[], float] = random.random,
    ) -> None:
        self.engine = engine
        self.worker_id = worker_id
        self.clock = clock
        self.templates = templates
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.jitter = jitter
        self.sent = 0
        self.failed = 0

    def backoff(self, attempts: int) -> float:
        """Return seconds to wait before another try: exponential, capped, with jitter."""
        delay = min(self.backoff_cap, self.backoff_base * 2 ** max(attempts - 1, 0))
        return delay * (0.5 + self.jitter() / 2)

    def record_many(self, outcomes: list[tuple[Claimed, SendResult]]) -> None:
        """Store what happened to several sends, in one transaction."""
        now = self.clock()
        # Most sends simply went out: one prepared UPDATE for all of them, one for their campaign
        # recipients. The rest (retries, failures, templates, rows of erased sellers whose payload
        # is blanked) go through the ORM below.
        plain: list[tuple[Claimed, SendResult]] = []
        others: list[tuple[Claimed, SendResult]] = []
        for claimed, result in outcomes:
            (plain if result.outcome == "sent" and claimed.seller_id is not None else others).append((claimed, result))
            metrics.record_send(claimed.channel, result.outcome, result.error_code)
        with transaction(self.engine, urgent=True) as session:
            conn = session.connection()
            if plain:
                marked = [{"oid": c.id, "worker": self.worker_id, "pid": r.provider_message_id, "now": now} for c, r in plain]
                self.sent += _MARK_SENT.executemany(conn, marked)
                ids = [c.id for c, _ in plain if c.recipient_id is not None]
                if ids:  # their recipients, for the rows this worker still held
                    held = select(_outbox.c.recipient_id).where(_outbox.c.id.in_(ids), _outbox.c.status == "sent", _outbox.c.claimed_by == self.worker_id)
                    conn.execute(update(_recipient).where(_recipient.c.id.in_(held), *_NOT_YET_SENT).values(status="sent", updated_at=now))
            rows = {r.id: r for r in session.exec(select(OutboxMessage).where(OutboxMessage.id.in_([c.id for c, _ in others])))} if others else {}
            erased = False
            for claimed, result in others:
                row = rows.get(claimed.id)
                if row is None or row.claimed_by != self.worker_id:
                    continue  # the lease ran out and another worker took it over
                self._record(session, row, result, now)
                erased = erased or (row.seller_id is None and row.kind == "reply" and row.status in FINAL_STATUSES)
            # Statuses the provider reported before these ids were written (bot/delivery.py keeps them).
            session.flush()
            for channel in {c.channel for c, _ in outcomes} & STATUS_CHANNELS:
                ids = [r.provider_message_id for c, r in outcomes if c.channel == channel and r.outcome == "sent" and r.provider_message_id]
                apply_early(session, channel, ids, now, self.templates)
        if erased:
            scrub_log(self.engine)  # an erased seller's confirmation went, and its number with it: out of SQLite's log too

    def _record(self, session: Session, row: OutboxMessage, result: SendResult, now: datetime) -> None:
        row.error_code, row.error = result.error_code, (result.error or None) and result.error[:500]
        if result.outcome == "sent":
            row.status, row.provider_message_id, row.sent_at = "sent", result.provider_message_id, now
            self.sent += 1
        elif result.outcome == "retry":
            if result.retry_after is not None:
                row.attempts -= 1  # the provider asked us to wait; that is pacing, not a failed try
            if row.attempts >= self.max_attempts:
                self.finish(row, "failed", now, error=row.error or GAVE_UP)
            else:
                delay = result.retry_after if result.retry_after is not None else self.backoff(row.attempts)
                row.status, row.due_at, row.claimed_by, row.claimed_at = "pending", now + timedelta(seconds=delay), None, None
        elif result.outcome == "needs_template":
            template = self.templates.template_for(row)
            if template is None or row.payload.get("template"):
                self.finish(row, "skipped", now, error=NO_TEMPLATE)
            else:
                row.payload = as_template(row, template)
                row.status, row.due_at, row.claimed_by, row.claimed_at = "pending", now, None, None
        else:
            if result.outcome == "unreachable":
                mark_unreachable(session, row.channel, OutboundPayload.from_json(row.payload).to)
            elif result.outcome == "opted_out":
                set_opted_out(session, row.seller_id)
            self.finish(row, "failed", now, error=row.error or result.outcome)
        row.updated_at = now
        sync_recipient(session, row, now)
        scrub_if_orphaned(row)

    def finish(self, row: OutboxMessage, status: str, now: datetime, *, error: str | None = None) -> None:
        """Give a row its final status and let it go."""
        row.status, row.claimed_by, row.claimed_at, row.updated_at = status, None, None, now
        if error:
            row.error = error[:500]
        if status == "failed":
            self.failed += 1
        scrub_if_orphaned(row)
