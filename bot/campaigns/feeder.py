"""Feed sending campaigns into the outbox a few seconds ahead of the sender, on a thread or in a process of its own."""

from __future__ import annotations

import logging
import multiprocessing
import os
import signal
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import datetime
from multiprocessing.connection import wait as wait_for
from typing import Any, TypeVar

from sqlalchemy import Engine, func, or_, select, update
from sqlmodel import Session

from bot import outbox
from bot.campaigns.rules import materialize, render
from bot.delivery import FIRST_CONTACT, LEFT_OUT
from bot.engine.context import Env
from bot.store.db import is_postgres, make_engine, transaction
from bot.store.models import (
    Campaign,
    CampaignRecipient,
    ConversationState,
    OutboxMessage,
    Seller,
)

log = logging.getLogger(__name__)


@dataclass(slots=True)
class FeedRun:
    queued: int = 0
    skipped: int = 0
    finished: int = 0


FEED_CHUNK = 250  # recipients per feeder transaction


class CampaignFeeder:
    """Move recipients of sending campaigns into the outbox a little ahead of the sender, never all at once."""

    # A little at a time, so pause and cancel take effect within seconds and a restart resumes where the rows say.

    def __init__(self, engine: Engine, env: Env, *, buffer: int = 500, batch: int = 500) -> None:
        self.engine = engine
        self.env = env
        self.buffer = buffer
        self.batch = batch

    def start(self) -> None:
        """Do nothing: it feeds on the caller's thread (`FeederProcess` starts a child here)."""

    def close(self) -> None:
        """Do nothing: there is nothing to stop."""

    def run_once(self, now: datetime) -> FeedRun:
        """Start due campaigns, top up each sending campaign's share of the outbox, close finished ones."""
        run = FeedRun()
        with transaction(self.engine) as session:
            for campaign in session.execute(
                select(Campaign).where(Campaign.status == "scheduled", or_(Campaign.scheduled_at.is_(None), Campaign.scheduled_at <= now))
            ).scalars():
                if campaign.materialized_at is None:
                    materialize(session, campaign, now)
                campaign.status, campaign.updated_at = "sending", now
            session.flush()
            ids = session.execute(select(Campaign.id).where(Campaign.status == "sending")).scalars().all()
        for campaign_id in ids:
            try:
                self._feed(campaign_id, now, run)
            except Exception:  # noqa: BLE001 - one campaign's trouble must not stop the others
                log.exception("feeding campaign %s failed", campaign_id)
        return run

    def _feed(self, campaign_id: int, now: datetime, run: FeedRun) -> None:
        """Top one campaign up, FEED_CHUNK recipients per transaction."""
        # In chunks, so the worker's claims and records get SQLite's single writer in between: one long top-up
        # transaction starved the sends it held back (see docs/decisions.md).
        budget = self.batch
        while budget > 0:
            most = min(FEED_CHUNK, budget)
            taken = self._feed_chunk(campaign_id, now, run, most)
            budget -= taken
            if taken < most:
                return

    def _feed_chunk(self, campaign_id: int, now: datetime, run: FeedRun, most: int) -> int:
        """Move up to `most` queued recipients into the outbox; return how many were taken (sent on or skipped)."""
        # Read and render outside the write transaction (in WAL mode a reader waits for no one), so SQLite's single
        # writer is held only for the few statements that move the rows: rendering under it held the worker's claims back.
        with Session(self.engine) as session:
            campaign = session.get(Campaign, campaign_id)
            if campaign is None or campaign.status != "sending":
                return 0
            room = min(most, self.buffer - self._in_flight(session, campaign_id))
            if room <= 0:
                return 0
            rows, skipped = self._render_queued(session, campaign, now, room)
        taken = len(rows) + sum(len(ids) for ids in skipped.values())
        with transaction(self.engine) as session:
            # Locked so a pause committed meanwhile can't be followed by new rows from this pass.
            campaign = session.get(Campaign, campaign_id, with_for_update=is_postgres(self.engine))
            if campaign is None or campaign.status != "sending":
                return 0
            if not taken:
                if self._in_flight(session, campaign_id) == 0 and not self._any_queued(session, campaign_id):
                    campaign.status, campaign.finished_at, campaign.updated_at = "done", now, now
                    run.finished += 1
                return 0
            # Only recipients still queued move: a pause, a cancel or another worker's feeder may
            # have taken some since they were read, and a recipient is never outboxed twice.
            moved = 0
            for error, ids in skipped.items():
                gone = len(_move_queued(session, ids, now, status="skipped", error=error))
                run.skipped += gone
                moved += gone
            outboxed = _move_queued(session, [row["recipient_id"] for row in rows], now, status="outboxed")
            rows = [row for row in rows if row["recipient_id"] in outboxed]
            if rows:
                outbox.write(session.connection(), rows)
                reached = [row["seller_id"] for row in rows if row["seller_id"] is not None]
                if reached:
                    session.execute(update(Seller.__table__).where(Seller.__table__.c.id.in_(reached)).values(last_broadcast_at=now))
            run.queued += len(rows)
        return moved + len(rows)

    @staticmethod
    def _in_flight(session: Session, campaign_id: int) -> int:
        return session.execute(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.campaign_id == campaign_id, OutboxMessage.status.in_(("pending", "sending")))
        ).scalar_one()

    @staticmethod
    def _any_queued(session: Session, campaign_id: int) -> bool:
        r = CampaignRecipient.__table__
        return session.execute(select(r.c.id).where(r.c.campaign_id == campaign_id, r.c.status == "queued").limit(1)).first() is not None

    def _render_queued(self, session: Session, campaign: Campaign, now: datetime, room: int) -> tuple[list[dict[str, Any]], dict[str, list[int]]]:
        """Render the next `room` queued recipients' outbox rows; say which are skipped, and why."""
        # Plain rows, not ORM objects: a top-up can be a thousand recipients, and per-object
        # bookkeeping cost more than the rest of the feed.
        r = CampaignRecipient.__table__
        query = select(r.c.id, r.c.seller_id, r.c.channel, r.c.language, r.c.external_id).where(r.c.campaign_id == campaign.id, r.c.status == "queued")
        recipients = session.execute(query.order_by(r.c.id).limit(room)).all()
        seller_ids = [r.seller_id for r in recipients if r.seller_id is not None]
        sellers: dict[int, Any] = {}
        steps: dict[int, str] = {}
        if seller_ids:
            t = Seller.__table__
            wanted = select(t.c.id, t.c.name, t.c.district_lgd, t.c.opted_out, t.c.erased_at).where(t.c.id.in_(seller_ids))
            sellers = {row.id: row for row in session.execute(wanted)}
            steps = dict(session.execute(select(ConversationState.seller_id, ConversationState.step).where(ConversationState.seller_id.in_(seller_ids))).all())
        rows: list[dict[str, Any]] = []
        skipped: dict[str, list[int]] = {}
        for recipient in recipients:
            seller = sellers.get(recipient.seller_id) if recipient.seller_id else None
            if recipient.seller_id is not None and (seller is None or seller.opted_out or seller.erased_at is not None):
                skipped.setdefault(LEFT_OUT, []).append(recipient.id)
                continue
            if recipient.seller_id is None and not campaign.template_sids:
                skipped.setdefault(FIRST_CONTACT, []).append(recipient.id)
                continue
            payload = render(campaign, recipient, seller, steps.get(recipient.seller_id), self.env).to_json()
            rows.append(
                outbox.row(
                    channel=recipient.channel, kind="broadcast", payload=payload, now=now, seller_id=recipient.seller_id,
                    language=recipient.language, campaign_id=campaign.id, recipient_id=recipient.id,
                )
            )
        return rows, skipped


def _move_queued(session: Session, ids: list[int], now: datetime, **values: Any) -> set[int]:
    """Set `values` on those of these recipients that are still queued; return the ids that moved."""
    if not ids:
        return set()
    r = CampaignRecipient.__table__
    statement = update(r).where(r.c.id.in_(ids), r.c.status == "queued").values(updated_at=now, **values).returning(r.c.id)
    return set(session.execute(statement).scalars())


T = TypeVar("T")
FEEDER_NICENESS = 5  # added to the feeding process's scheduling niceness: the send loop and the web go first
_child_feeder: CampaignFeeder | None = None


def _start_child_feeder(database_url: str, make_env: Callable[[], Env], buffer: int, batch: int) -> None:
    """Build the feeder once, in the feeding process."""
    global _child_feeder  # noqa: PLW0603 - one feeder per child process, built once
    # Ctrl-C is the parent's to act on.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # Feeding runs seconds ahead of the sending: on a busy machine it is the one that should wait.
    os.nice(FEEDER_NICENESS)
    # End with the parent, even one killed outright (which never gets to shut the child down).
    parent = multiprocessing.parent_process()
    if parent is not None:
        sentinel = parent.sentinel
        threading.Thread(target=lambda: (wait_for([sentinel]), os._exit(0)), name="parent-watch", daemon=True).start()
    _child_feeder = CampaignFeeder(make_engine(database_url), make_env(), buffer=buffer, batch=batch)


def _child_ready() -> None:
    assert _child_feeder is not None, "the feeding process was not started"


def _child_feed(now: datetime) -> FeedRun:
    assert _child_feeder is not None, "the feeding process was not started"
    return _child_feeder.run_once(now)


class FeederProcess:
    """Run a CampaignFeeder in a process of its own, with the same `run_once`."""

    # Rendering and writing a thousand messages a second is pure Python: in the worker's process it would take turns
    # with the send loop for the one interpreter lock, and each turn is a late send slot; a child runs on the other
    # core. The child starts on first use and again should it die; what it had not committed is simply fed again.

    def __init__(self, database_url: str, make_env: Callable[[], Env], *, buffer: int = 500, batch: int = 500) -> None:
        self.buffer, self.batch = buffer, batch
        self._args = (database_url, make_env, buffer, batch)
        self._pool: ProcessPoolExecutor | None = None
        self._lock = threading.Lock()

    @property
    def pid(self) -> int | None:
        """Return the feeding process's id, once it runs."""
        with self._lock:
            processes = list(self._pool._processes or {}) if self._pool is not None else []  # noqa: SLF001 - the pool's one child
        return processes[0] if processes else None

    def start(self) -> None:
        """Start the child now rather than at the first feed (it takes a second or two to import); leave a running one be."""
        with self._lock:
            if self._pool is not None:
                return
        self._call(_child_ready)
        log.info("campaigns are fed from process %s", self.pid)

    def run_once(self, now: datetime) -> FeedRun:
        """Feed once in the child (blocking: the worker calls it from a thread)."""
        return self._call(_child_feed, now)

    def _call(self, fn: Callable[..., T], *args: Any) -> T:
        with self._lock:
            if self._pool is None:
                # Spawned, not forked: the worker has threads and open connections.
                context = multiprocessing.get_context("spawn")
                self._pool = ProcessPoolExecutor(1, mp_context=context, initializer=_start_child_feeder, initargs=self._args)
            pool = self._pool
        try:
            return pool.submit(fn, *args).result()
        except BrokenProcessPool:
            log.warning("the feeding process died; a new one is started next time")
            with self._lock:
                if self._pool is pool:
                    self._pool = None
            pool.shutdown(wait=False, cancel_futures=True)
            raise

    def close(self) -> None:
        """Stop the child (after a feed under way finishes)."""
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
