"""Send what the outbox holds: claim due rows, pace them per sending account, send, and record each outcome."""

from __future__ import annotations

import asyncio
import logging
import random
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from bot.campaigns.feeder import CampaignFeeder, FeederProcess
from bot.channels.base import Sender, SendResult
from bot.clock import Clock
from bot.delivery import TemplateBook
from bot import metrics
from bot.funnel import cube
from bot.outbox import OUTBOX_CHANNEL, Claimed
from bot.reminders import ReminderScheduler
from bot.store.db import is_postgres, unreachable
from bot.worker.claim import claim_due
from bot.worker.pacing import (
    CATCH_UP,
    DEFAULT_PACING,
    PROVIDER_MARGIN,
    TRIP_SLACK,
    Pacer,
    Pacing,
    claim_batch,
    feed_buffer,
)
from bot.worker.record import Recorder
from bot.worker.rights import SendingRights
from bot.worker.send import BROADCAST_KINDS, Dispatch

__all__ = [
    "BROADCAST_KINDS", "CATCH_UP", "LANES", "PROVIDER_MARGIN", "TRIP_SLACK", "Pacer", "Pacing", "SendingRights", "Worker", "claim_batch", "feed_buffer",
]

log = logging.getLogger(__name__)

LANES = 2
RECORD_BATCH = 50  # outcomes written per transaction at most
RECORD_WAIT = 0.02  # seconds to wait for more outcomes before writing what has come
RIGHTS_EVERY = 1.0  # seconds between a standby's tries for an account's lock: how soon it takes over from a dead sender
OUTAGE_PAUSES = (0.2, 5.0)  # seconds between tries while the database is away: the first, doubled up to the last


class Outage:
    """Notice the database going away and coming back: one line each way, and growing pauses between tries meanwhile."""

    # While PostgreSQL restarts or fails over, every claim and every record fails at once; a traceback for each
    # would flood the log (and a log read by nobody fills its pipe and stops the process that writes to it).

    def __init__(self) -> None:
        self.since: float | None = None
        self.tries = 0
        self.outages = 0

    def failed(self, error: BaseException) -> float:
        """Note a try that found the database away; return how long to wait before the next."""
        if self.since is None:
            self.since, self.tries = time.monotonic(), 0
            self.outages += 1
            metrics.DATABASE_OUTAGES.inc()
            log.warning("the database cannot be reached (%s); the worker waits and tries again", type(error).__name__)
        self.tries += 1
        first, most = OUTAGE_PAUSES
        return min(most, first * 2 ** (self.tries - 1))

    def passed(self) -> None:
        """Note a try that reached the database, saying once that it is back."""
        if self.since is not None:
            log.warning("the database is back after %.1f s; the worker carries on", time.monotonic() - self.since)
            self.since = None


class Worker:
    """Claim due outbox rows and send them; rows, not memory, are the truth, so a restart loses nothing."""

    def __init__(
        self,
        engine: Engine,
        senders: Mapping[str, Sender],
        *,
        clock: Callable[[], datetime] | None = None,
        pacing: Mapping[str, Pacing] | None = None,
        templates: TemplateBook | None = None,
        batch_size: int = 50,
        lease: timedelta = timedelta(seconds=120),
        max_attempts: int = 8,
        backoff_base: float = 2.0,
        backoff_cap: float = 600.0,
        idle_poll: float = 1.0,
        worker_id: str | None = None,
        jitter: Callable[[], float] = random.random,
        scheduler: ReminderScheduler | None = None,
        schedule_every: float = 5.0,
        feeder: CampaignFeeder | FeederProcess | None = None,
        feed_every: float = 1.0,
        fold_every: float = 300.0,
        quiet_after: timedelta = timedelta(days=2),
        observe: Callable[[str, SendResult], None] | None = None,
        write: Callable[[Callable[[], Any]], Awaitable[Any]] | None = None,
    ) -> None:
        self.engine = engine
        self.senders = dict(senders)
        self.clock = clock or Clock()
        self.batch_size = batch_size
        self.lease = lease
        self.idle_poll = idle_poll
        self.worker_id = worker_id or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.rights = SendingRights(engine, list(self.senders))
        self._running = False
        pacing = {**DEFAULT_PACING, **(pacing or {})}
        self.pacing = {channel: pacing[channel] for channel in self.senders}
        self.dispatch = Dispatch(self.senders, self.pacing, observe)
        self.recorder = Recorder(
            engine, worker_id=self.worker_id, clock=lambda: self.clock(), templates=templates or TemplateBook(), max_attempts=max_attempts,
            backoff_base=backoff_base, backoff_cap=backoff_cap, jitter=jitter,
        )
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handed: asyncio.Queue[list[Claimed]] = asyncio.Queue()
        self.scheduler = scheduler
        self.schedule_every = schedule_every
        self.feeder = feeder
        self.feed_every = feed_every
        self.fold_every = fold_every
        self.folder = cube.Folder(engine, self.clock, quiet_after=quiet_after)
        self.outage = Outage()
        # Claims and records run where the web process runs its turns when the worker is inside it (on SQLite, the loop);
        # otherwise on a thread, so that the send loop's timers keep time.
        self.write = write or asyncio.to_thread
        self._stop: asyncio.Event | None = None

    @property
    def sent(self) -> int:
        """Return how many messages this worker has sent."""
        return self.recorder.sent

    @property
    def failed(self) -> int:
        """Return how many messages failed for good."""
        return self.recorder.failed

    @property
    def templates(self) -> TemplateBook:
        """Return the approved WhatsApp templates."""
        return self.recorder.templates

    # -- waking ---------------------------------------------------------------------------------
    def notify(self) -> None:
        """Wake the worker now (safe to call from any thread), e.g. right after a reply is committed."""
        if self._loop is not None and self._wake is not None:
            self._loop.call_soon_threadsafe(self._wake.set)

    async def run(self, stop: asyncio.Event) -> None:
        """Send until `stop` is set; sleep between batches only when there is nothing due."""
        self._loop = asyncio.get_running_loop()
        self._wake = asyncio.Event()
        self._handed = asyncio.Queue()
        self._stop = stop
        self._running = True
        log.info("worker %s sending on %s", self.worker_id, ", ".join(self.senders) or "no channel")
        self.rights.open()
        helpers: list[asyncio.Task] = []
        try:
            # The accounts first, so the first replies are handed over; inside `try`, so that accounts
            # taken by a refresh still under way when the worker is stopped are given back.
            await asyncio.to_thread(self.rights.refresh)
            if self.feeder is not None:
                await asyncio.to_thread(self.feeder.start)  # a feeding process starts here, and stops below
            # Reminders and campaign feeding run beside the sending loop, so sending never pauses for them.
            helpers.append(asyncio.create_task(self._every(RIGHTS_EVERY, self.rights.refresh, stop)))
            if self.scheduler is not None:
                helpers.append(asyncio.create_task(self._every(self.schedule_every, self._schedule, stop)))
            if self.feeder is not None:
                helpers.append(asyncio.create_task(self._every(self.feed_every, self._feed, stop)))
            # The funnel's +1/-1 rows, its daily snapshot and where sellers stop: a long read, so not at start-up, when
            # a restart (or a test's short-lived app) would run it again and again.
            helpers.append(asyncio.create_task(self._every(self.fold_every, self.folder.run, stop, wait_first=True, finish=True)))
            if is_postgres(self.engine):
                helpers.append(asyncio.create_task(self._listen()))
            await self._send_loop(stop)
        finally:
            for task in helpers:
                task.cancel()
            await asyncio.gather(*helpers, return_exceptions=True)
            self._running = False
            # In threads, which finish even if this wait is cancelled; they wait for a refresh or a feed under way.
            if self.feeder is not None:
                await asyncio.to_thread(self.feeder.close)
            await asyncio.to_thread(self.rights.release)

    async def _every(self, seconds: float, job: Callable[[], None], stop: asyncio.Event, *, wait_first: bool = False,
                     finish: bool = False) -> None:
        if wait_first and await self._stopped_within(seconds, stop):
            return
        while not stop.is_set():
            running = asyncio.ensure_future(asyncio.to_thread(job))
            try:
                await (asyncio.shield(running) if finish else running)
            except asyncio.CancelledError:
                if finish:
                    await asyncio.wait([running])  # let the job's thread end before the worker says it has stopped
                raise
            except Exception as error:  # noqa: BLE001 - try again next time
                if unreachable(error):
                    self.outage.failed(error)
                else:
                    log.exception("periodic job failed")
            if await self._stopped_within(seconds, stop):
                return

    @staticmethod
    async def _stopped_within(seconds: float, stop: asyncio.Event) -> bool:
        """Wait up to `seconds` for the stop signal; say whether it came."""
        try:
            await asyncio.wait_for(stop.wait(), timeout=seconds)
        except TimeoutError:
            return False
        return True

    async def _listen(self) -> None:
        """Wake on every commit that queued outbox rows, in whichever process it happened (PostgreSQL only)."""
        # Else a worker in its own process (the Procfile's `worker`) finds a web process's replies only at its next
        # poll. Should the listening connection drop, polling still finds everything; it is opened again after a pause.
        import psycopg

        conninfo = self.engine.url.set(drivername="postgresql").render_as_string(hide_password=False)
        while True:
            try:
                async with await psycopg.AsyncConnection.connect(conninfo, autocommit=True) as conn:
                    await conn.execute(f"LISTEN {OUTBOX_CHANNEL}")
                    async for _ in conn.notifies():
                        self._wake.set()
            except psycopg.Error as error:
                log.warning("listening for outbox notices failed (%s); polling meanwhile", type(error).__name__)
                await asyncio.sleep(5.0)

    def _schedule(self) -> None:
        reminders = self.scheduler.run_once(self.clock())
        if reminders.sent or reminders.deferred or reminders.failed:
            log.info("reminders: %s queued, %s held for quiet hours, %s failed", reminders.sent, reminders.deferred, reminders.failed)
        if reminders.sent:
            self.notify()

    def _feed(self) -> None:
        if self.feeder.run_once(self.clock()).queued:
            self.notify()

    async def _send_loop(self, stop: asyncio.Event) -> None:
        # Two lanes, each claiming and sending its own batch: while one finishes its last sends and
        # records them, the other is already sending, so the pace has no gap between batches. Replies
        # handed over by turns go out beside them.
        await asyncio.gather(*(self._lane(stop) for _ in range(LANES)), self._handoff_lane(stop))

    async def _lane(self, stop: asyncio.Event) -> None:
        while not stop.is_set():
            # Cleared before the claim, not after it: a notice that comes while the claim runs keeps the event set,
            # so the lane claims again at once instead of sleeping a whole poll on a row queued meanwhile.
            self._wake.clear()
            try:
                done = await self.run_once()
            except Exception as error:  # noqa: BLE001 - one bad batch must not stop the worker
                if not unreachable(error):
                    log.exception("worker batch failed")
                    done = 0
                elif await self._stopped_within(self.outage.failed(error), stop):
                    return
                else:
                    continue
            if done:
                continue
            waiters = {asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())}
            _, pending = await asyncio.wait(waiters, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED)
            for waiter in pending:
                waiter.cancel()

    async def run_once(self) -> int:
        """Claim one batch, send it with pacing, record the outcomes as they come; return rows handled."""
        claimed = await self.write(self.claim)
        self.outage.passed()
        if not claimed:
            return 0
        await self._send_batch(claimed)
        return len(claimed)

    async def _send_batch(self, claimed: list[Claimed]) -> None:
        # Sends run side by side (paced by the limiters); outcomes are written a handful at a time,
        # as soon as they come, so a crash leaves at most that handful unrecorded.
        outcomes: asyncio.Queue[tuple[Claimed, SendResult]] = asyncio.Queue()
        tasks = [asyncio.ensure_future(self.dispatch.deliver(row, outcomes)) for row in claimed]
        loop = asyncio.get_running_loop()
        remaining = len(claimed)
        while remaining:
            batch = [await outcomes.get()]
            deadline = loop.time() + RECORD_WAIT
            while len(batch) < remaining and len(batch) < RECORD_BATCH:
                try:
                    batch.append(await asyncio.wait_for(outcomes.get(), timeout=max(deadline - loop.time(), 0)))
                except TimeoutError:
                    break
            remaining -= len(batch)
            await self._record(batch)
        await asyncio.gather(*tasks)

    async def _record(self, batch: list[tuple[Claimed, SendResult]]) -> None:
        """Write outcomes, waiting out a database that is away: what was sent is kept, not sent again."""
        # Each row is written only if this worker still holds it, so a late write never undoes another worker's.
        # Given up only when the worker stops; its rows then go to whoever claims them after the lease.
        while True:
            try:
                await self.write(lambda: self.recorder.record_many(batch))
            except Exception as error:
                if not unreachable(error):
                    raise
                pause = self.outage.failed(error)
                if self._stop is None or await self._stopped_within(pause, self._stop):
                    raise
                continue
            self.outage.passed()
            return

    # -- replies handed over by the turn that wrote them ------------------------------------------
    def takes_handoffs(self, channel: str) -> bool:
        """Say whether replies on this channel may be written already claimed by this worker and handed to it."""
        return self._running and self._loop is not None and channel in self.senders and channel in self.rights.owned

    def hand(self, claimed: list[Claimed]) -> None:
        """Take replies a turn wrote already claimed by this worker (safe from any thread, after commit)."""
        # They skip the claim: no second transaction and no wait for one. Should this process die first, they are
        # rows like any other whose lease runs out, and a worker takes them over.
        if claimed and self._loop is not None:
            self._loop.call_soon_threadsafe(self._handed.put_nowait, claimed)

    async def _handoff_lane(self, stop: asyncio.Event) -> None:
        running: set[asyncio.Task] = set()
        while not stop.is_set():
            getter = asyncio.ensure_future(self._handed.get())
            stopper = asyncio.ensure_future(stop.wait())
            done, _ = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
            stopper.cancel()
            if getter not in done:
                getter.cancel()
                break
            batch = getter.result()
            while not self._handed.empty():  # whatever else came meanwhile goes in the same batch
                batch = batch + self._handed.get_nowait()
            task = asyncio.ensure_future(self._send_batch(batch))
            running.add(task)
            task.add_done_callback(running.discard)
        if running:
            await asyncio.gather(*running, return_exceptions=True)

    # -- claiming and recording ----------------------------------------------------------------
    def claim(self) -> list[Claimed]:
        """Take due rows (and rows whose previous claimer died) for this worker, in one transaction."""
        # Inside run() only the accounts this worker holds; a direct call (tests) sends on all.
        channels = [c for c in self.senders if c in self.rights.owned] if self._running else list(self.senders)
        return claim_due(self.recorder, channels=channels, now=self.clock(), lease=self.lease, batch_size=self.batch_size,
                         sole_sender=self._running and self.rights.exclusive)

    def record_many(self, outcomes: list[tuple[Claimed, SendResult]]) -> None:
        """Store what happened to several sends, in one transaction."""
        self.recorder.record_many(outcomes)

    def backoff(self, attempts: int) -> float:
        """Return seconds to wait before another try."""
        return self.recorder.backoff(attempts)
