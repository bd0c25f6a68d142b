"""Remind sellers who stall of their status: one row per seller with a due time, processed in batches."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta

from sqlalchemy import Engine
from sqlmodel import Session, select

from bot.engine.context import IST, Env
from bot.engine.conversation import reminder as reminder_reply
from bot.engine.model import Conversation, Reply
from bot.outbox import Outbox, fallback
from bot.sellers import conversation_of, preferred_identity
from bot.store.db import is_postgres, transaction
from bot.store.models import ChannelIdentity, MessageLog, Reminder, Seller

log = logging.getLogger(__name__)

# No reminders once the seller is done, or at steps where nothing is waiting on them.
NO_REMINDER_STEPS = frozenset({"registered", "confirm_erase"})


@dataclass(frozen=True, slots=True)
class ReminderPolicy:
    """Decide when reminders go: days of silence before each, and the quiet hours in India time."""

    cadence_days: tuple[float, ...] = (2, 5, 10)
    quiet_start: time = time(21, 0)
    quiet_end: time = time(9, 0)
    spread: timedelta = timedelta(hours=2)  # reminders held back by quiet hours go out over this window

    @property
    def per_stage(self) -> int:
        """Return how many reminders one stage gets at most."""
        return len(self.cadence_days)

    def due_after(self, last_activity: datetime, sent: int) -> datetime | None:
        """Return when the next reminder is due after `sent` were sent, or None when none is left."""
        if sent >= self.per_stage:
            return None
        return last_activity + timedelta(days=self.cadence_days[sent])

    def quiet_until(self, now: datetime, seller_id: int) -> datetime | None:
        """Return when a reminder due now may go if now is within quiet hours (spread per seller), else None."""
        local = now.astimezone(IST)
        clock = local.time()
        if self.quiet_start <= self.quiet_end:
            quiet = self.quiet_start <= clock < self.quiet_end
        else:
            quiet = clock >= self.quiet_start or clock < self.quiet_end
        if not quiet:
            return None
        day = local.date() if clock < self.quiet_end else local.date() + timedelta(days=1)
        opening = datetime.combine(day, self.quiet_end, tzinfo=IST)
        offset = zlib.crc32(str(seller_id).encode()) % max(int(self.spread.total_seconds()), 1)
        return (opening + timedelta(seconds=offset)).astimezone(UTC)


def next_reminder(current: tuple[str, int] | None, conv: Conversation, now: datetime, policy: ReminderPolicy) -> dict:
    """Return the seller's reminder row after activity now: the clock restarts; a new stage resets the count."""
    stage = conv.stage or "engaged"
    sent = current[1] if current is not None and current[0] == stage else 0
    wanted = not (conv.opted_out or conv.step in NO_REMINDER_STEPS or conv.consent_version is None)
    return {
        "stage": stage,
        "sent": sent,
        "last_activity_at": now,
        "due_at": policy.due_after(now, sent) if wanted else None,
        "updated_at": now,
    }


@dataclass(slots=True)
class ReminderRun:
    """Count what one pass of the scheduler did."""

    sent: int = 0
    deferred: int = 0
    stopped: int = 0
    failed: int = 0
    replies: list[tuple[datetime, Reply]] = field(default_factory=list)


Deliver = Callable[[Session, Seller, Conversation, Reply, datetime], bool]


def on_latest_channel(env: Env, outbox: Outbox) -> Deliver:
    """Return a delivery that queues each reminder on the seller's most recent reachable channel."""

    def deliver(session: Session, seller: Seller, conv: Conversation, reply: Reply, now: datetime) -> bool:
        identity = preferred_identity(session, seller.id)
        if identity is None:
            return False
        return outbox.queue_replies(
            session, seller_id=seller.id, channel=identity.channel, to=identity.external_id, language=conv.language,
            replies=[reply], now=now, kind="reminder", fallback=fallback(env, conv, "reminder"),
        )

    return deliver


class ReminderScheduler:
    """Find reminders that are due and hand each to `deliver`, one seller at a time, each in its own savepoint."""

    def __init__(self, engine: Engine, env: Env, deliver: Deliver, *, policy: ReminderPolicy | None = None, batch_size: int = 200) -> None:
        self.engine = engine
        self.env = env
        self.deliver = deliver
        self.policy = policy or ReminderPolicy()
        self.batch_size = batch_size

    def run_once(self, now: datetime) -> ReminderRun:
        """Send every reminder due by `now` for real sellers (simulated ones wait for the simulator's clock)."""
        run = ReminderRun()
        with transaction(self.engine) as session:
            query = (
                select(Reminder)
                .join(Seller, Seller.id == Reminder.seller_id)
                .where(Reminder.due_at.is_not(None), Reminder.due_at <= now, Seller.is_test.is_(False))
                .order_by(Reminder.due_at)
                .limit(self.batch_size)
            )
            if is_postgres(self.engine):
                query = query.with_for_update(skip_locked=True, of=Reminder)
            for reminder in session.exec(query).all():
                try:
                    with session.begin_nested():
                        self._process(session, reminder, now, run)
                except Exception:  # noqa: BLE001 - one seller's trouble must not stop the others
                    run.failed += 1
                    log.exception("reminder for seller %s failed", reminder.seller_id)
        return run

    def run_for(self, session: Session, seller_id: int, now: datetime) -> ReminderRun:
        """Send, in order, every reminder one seller would have had by `now` (the simulator's clock)."""
        run = ReminderRun()
        for _ in range(self.policy.per_stage * 2 + 2):
            reminder = session.get(Reminder, seller_id)
            if reminder is None or reminder.due_at is None or reminder.due_at > now:
                break
            self._process(session, reminder, reminder.due_at, run)
        return run

    def _process(self, session: Session, reminder: Reminder, now: datetime, run: ReminderRun) -> None:
        seller = session.get(Seller, reminder.seller_id)
        state, conv = conversation_of(session, seller) if seller is not None else (None, None)
        if seller is None or state is None or seller.erased_at is not None or seller.opted_out:
            reminder.due_at = None
            run.stopped += 1
            return
        later = self.policy.quiet_until(now, seller.id)
        if later is not None:
            reminder.due_at = later
            run.deferred += 1
            return
        number = reminder.sent + 1
        reply = reminder_reply(conv, number, self.policy.per_stage, now=now, env=self.env, channel="whatsapp")
        if not self.deliver(session, seller, conv, reply, now):
            reminder.due_at = None  # nowhere to send it
            run.stopped += 1
            return
        session.add(MessageLog(seller_id=seller.id, channel="reminder", direction="out", kind="reminder", text=reply.text,
                               buttons=[{"id": b.id, "title": b.title} for b in reply.buttons], created_at=now))
        reminder.sent = number
        if number >= self.policy.per_stage:
            seller.needs_help = True
        reminder.due_at = self.policy.due_after(reminder.last_activity_at, number)
        reminder.updated_at = now
        run.sent += 1
        run.replies.append((now, reply))


def advance_simulated(
    *, engine: Engine, env: Env, policy: ReminderPolicy, now: datetime, channel: str, external_ids: list[str], hours: float
) -> tuple[Seller | None, list[tuple[datetime, Reply]]]:
    """Move a simulated seller's clock ahead and return the reminders they would have had meanwhile."""
    with transaction(engine) as session:
        identity = session.exec(
            select(ChannelIdentity)
            .where(ChannelIdentity.channel == channel, ChannelIdentity.external_id.in_(external_ids))
            .order_by(ChannelIdentity.last_inbound_at.desc())
        ).first()
        if identity is None:
            return None, []
        seller = session.get(Seller, identity.seller_id)
        seller.clock_offset_seconds += int(hours * 3600)
        scheduler = ReminderScheduler(engine, env, lambda *args: True, policy=policy)
        run = scheduler.run_for(session, seller.id, now + timedelta(seconds=seller.clock_offset_seconds))
        return seller, run.replies
