"""Send what the outbox holds: claim due rows in batches, pace per sending account, record each outcome."""

from __future__ import annotations

import asyncio
import heapq
import logging
import random
import socket
import threading
import uuid
import zlib
from collections import OrderedDict, deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, BinaryIO

from aiolimiter import AsyncLimiter
from sqlalchemy import Connection, Engine, and_, bindparam, or_, update
from sqlmodel import Session, select

from api.db import is_postgres, sqlite_file, transaction
from api.models import CampaignRecipient, ChannelIdentity, OutboxMessage
from api.prepared import Prepared
from bot.channels.base import OutboundPayload, Sender, SendResult, messages_in
from bot.outbox import OUTBOX_CHANNEL, Claimed, TemplateBook, as_template, mark_unreachable, needs_window, scrub_if_orphaned, set_opted_out, window_closed
from bot.campaigns import DELIVERY_RANK, CampaignFeeder, FeederProcess, sync_recipient
from bot.reminders import ReminderScheduler
from bot.runner import utcnow

try:
    import fcntl
except ImportError:  # Windows: no advisory file locks; one process owns every account there
    fcntl = None  # type: ignore[assignment]

log = logging.getLogger(__name__)

BROADCAST_KINDS = frozenset({"broadcast", "reminder"})
LANES = 2
RECORD_BATCH = 50  # outcomes written per transaction at most
RECORD_WAIT = 0.02  # seconds to wait for more outcomes before writing what has come


@dataclass(frozen=True, slots=True)
class Pacing:
    """How fast one sending account may go; broadcasts get a share of it so replies keep headroom."""

    per_second: float
    per_chat_per_second: float | None = None
    broadcast_share: float = 0.8


# The schedule runs a little under the provider's published limit: that leaves room in the window
# (below) for the slots made up after a stall and for each message's round trip.
PROVIDER_MARGIN = 0.97
# How far behind its schedule a pacer may fall and still make the slots up (within the window), s.
CATCH_UP = 0.1
TRIP_MEMORY = 10.0  # seconds over which the shortest round trip to the provider is taken
TRIP_SLACK = 0.005  # of that round trip, the part not counted on: the two ways may differ by this much
WINDOW_POLL = 0.005  # seconds between looks at a window full of messages still on their way

DEFAULT_PACING = {"telegram": Pacing(per_second=30, per_chat_per_second=1), "whatsapp": Pacing(per_second=80)}


def feed_buffer(pacing: Mapping[str, Pacing], seconds: float = 3.0) -> int:
    """How many of a campaign's messages to keep in the outbox: about `seconds` of sending at these rates.

    Too few starves the sender between top-ups (the feeder runs once a second); too many makes a
    pause or cancel withdraw more rows and one top-up a long transaction. Between 500 and 5,000.
    """
    return min(5000, max(500, int(seconds * sum(p.per_second for p in pacing.values()))))


def claim_batch(pacing: Mapping[str, Pacing], least: int = 50, seconds: float = 0.2) -> int:
    """How many rows a lane claims at once: at least `least`, or about `seconds` of sending at the
    fastest account's rate (at most 500), so a fast account is not held up by claiming 50 at a time."""
    return min(500, max(least, int(seconds * max((p.per_second for p in pacing.values()), default=0))))


class Pacer:
    """Hands out send slots 1/rate apart on a fixed schedule, first come, first served; with a `limit`,
    never more than that many messages inside the provider's one-second window.

    The schedule is GCRA: a slot used late is made up by the next ones, and a pacer that fell behind
    (its timer woke late while a claim held the interpreter, or both lanes were claiming and nobody
    asked) makes up to `catch_up` seconds of slots at once. The window is what makes that safe. The
    provider counts what arrives in any one second, and a message arrives some time after its slot
    (a burst leaves one by one, and a busy interpreter holds sends back), so the pacer counts each
    message from its slot until a second after its answer came (`answered`), less the shortest round
    trip seen lately, the part of that wait every message has. (Before, a slot whose timer woke more
    than 15 ms late was given up, to keep bunched messages under the limit; a run lost a few per cent
    of its rate that way.)
    """

    def __init__(self, rate: float, limit: int | None = None, catch_up: float = CATCH_UP) -> None:
        self.interval = 1 / rate
        self.limit = limit
        self.catch_up = catch_up
        self.next = 0.0  # loop time of the next slot on the schedule
        self._waiters: deque[tuple[asyncio.Future[float], int]] = deque()
        self._timer: asyncio.Task[None] | None = None
        self._in_window = 0  # slots granted and not yet out of the window
        self._leaving: list[tuple[float, int]] = []  # heap of (loop time it leaves the window, slots), answered ones
        self._trips: deque[tuple[float, float]] = deque()  # (loop time, round trip), rising: the shortest lately first
        self._trips_from = 0.0  # loop time of the first answer in the current run of answers

    async def acquire(self, count: int = 1) -> float:
        """Wait for the next `count` slots, taken together (the parts of one long message); return the
        loop time they were granted, for `answered` (a pacer with a limit must be told)."""
        loop = asyncio.get_running_loop()
        now = loop.time()
        if not self._waiters and self._wait(now, count) <= 0:  # nobody ahead and a slot free
            self._take(now, count)
            return now
        waiter: asyncio.Future[float] = loop.create_future()
        self._waiters.append((waiter, count))
        if self._timer is None or self._timer.done():
            self._timer = loop.create_task(self._release())
        return await waiter  # cancelled: the timer passes over it

    async def _release(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiters:
            waiter, count = self._waiters[0]
            if waiter.done():  # cancelled while it waited
                self._waiters.popleft()
                continue
            now = loop.time()
            wait = self._wait(now, count)
            if wait > 0:
                await asyncio.sleep(wait)
                continue  # look again: a hold or an answer may have changed it meanwhile
            self._waiters.popleft()
            self._take(now, count)
            waiter.set_result(now)

    def _wait(self, now: float, count: int) -> float:
        """Seconds until `count` slots are free on the schedule and in the window (≤ 0: now)."""
        wait = self.next - now
        if self.limit is None:
            return wait
        leaving = self._leaving
        while leaving and leaving[0][0] <= now:
            self._in_window -= heapq.heappop(leaving)[1]
        if self._in_window + count > max(self.limit, count):  # a message longer than the limit goes alone
            # Look again when the next message leaves, or shortly if all are still on their way.
            wait = max(wait, leaving[0][0] - now if leaving else WINDOW_POLL)
        return wait

    def _take(self, now: float, count: int) -> None:
        # Behind by more than catch_up, the rest is gone; the very first slot is now.
        slot = max(self.next, now - self.catch_up) if self.next else now
        self.next = slot + self.interval * count
        if self.limit is not None:
            self._in_window += count

    def answered(self, granted: float, count: int = 1) -> None:
        """The `count` messages sent on the slots granted at `granted` (loop time) have their answer,
        whatever it was: from now they leave the window a second later, less the shortest round trip
        (the way there and back that every message takes), once a second of answers has shown it."""
        if self.limit is None:
            return
        now = asyncio.get_running_loop().time()
        trip = now - granted
        trips = self._trips
        if not trips or now - trips[-1][0] > TRIP_MEMORY:  # the first answers, or the first in a long while
            trips.clear()
            self._trips_from = now
        while trips and trips[-1][1] >= trip:
            trips.pop()
        trips.append((now, trip))
        while trips[0][0] < now - TRIP_MEMORY:
            trips.popleft()
        # The first answers after a quiet spell wait on new connections and a burst's queue: no
        # round trip is taken off until a second of answers has shown the shortest.
        way = trips[0][1] - TRIP_SLACK if now - self._trips_from >= 1.0 else 0.0
        heapq.heappush(self._leaving, (now + 1.0 - max(way, 0.0), count))

    def unused(self, count: int = 1) -> None:
        """Give back slots granted and not used (their message did not go): they leave the window now."""
        if self.limit is not None:
            self._in_window -= count

    def hold(self, until: float) -> None:
        """Hand out no slot before `until` (loop time): the provider asked for a pause."""
        self.next = max(self.next, until)


class SendingRights:
    """Which sending accounts this worker may use: one worker at a time sends on each account, so the
    provider's rate limit holds across processes. On PostgreSQL a worker holds the account's advisory
    lock; on an SQLite file, an exclusive lock on a file beside it (`<db>.<channel>-sender.lock`), so a
    `python -m bot worker` started beside `make run`, or a second web process, does not double the
    rate. A dead worker's locks go with its connection or its process, and another worker takes over.
    An in-memory database (or a system without file locks) has one process, which owns them all."""

    def __init__(self, engine: Engine, channels: list[str]) -> None:
        self.engine = engine
        self.channels = channels
        self._path = sqlite_file(engine) if fcntl is not None else None
        self.owned: set[str] = set() if is_postgres(engine) or self._path else set(channels)
        self._connection = None
        self._files: dict[str, BinaryIO] = {}
        self._lock = threading.Lock()
        self._closed = False

    def open(self) -> None:
        """Allow taking accounts again (a worker that runs again after it stopped)."""
        with self._lock:
            self._closed = False

    def refresh(self) -> set[str]:
        """Try to take the accounts no worker holds; return the ones held now."""
        with self._lock:
            return self._refresh()

    def _refresh(self) -> set[str]:
        if self._closed or self.owned == set(self.channels):
            return self.owned
        if is_postgres(self.engine):
            if self._connection is None:
                self._connection = self.engine.connect()
            for channel in self.channels:
                if channel not in self.owned:
                    key = zlib.crc32(f"gem-saathi-sender:{channel}".encode())
                    if self._connection.exec_driver_sql(f"SELECT pg_try_advisory_lock({key})").scalar():
                        self._took(channel)
            self._connection.commit()
        elif self._path:
            for channel in self.channels:
                if channel not in self.owned:
                    lock_file = open(f"{self._path}.{channel}-sender.lock", "a+b")  # noqa: SIM115 - held open while owned
                    try:
                        fcntl.flock(lock_file.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                    except OSError:  # another worker sends on it
                        lock_file.close()
                        continue
                    self._files[channel] = lock_file
                    self._took(channel)
        return self.owned

    def _took(self, channel: str) -> None:
        self.owned.add(channel)
        log.info("this worker now sends on %s", channel)

    def release(self) -> None:
        """Give the accounts back (a worker that dies gives them back when its connection drops)."""
        with self._lock:
            self._release()

    def _release(self) -> None:
        self._closed = True
        if self._connection is not None:
            try:
                # The connection goes back to a pool, not away: unlock explicitly.
                self._connection.exec_driver_sql("SELECT pg_advisory_unlock_all()")
                self._connection.commit()
            finally:
                self._connection.close()
                self._connection = None
        for lock_file in self._files.values():
            lock_file.close()  # closing the file lets its lock go
        self._files.clear()
        if is_postgres(self.engine) or self._path:
            self.owned = set()


_outbox, _recipient = OutboxMessage.__table__, CampaignRecipient.__table__
_CLAIM_COLUMNS = tuple(
    _outbox.c[name] for name in ("id", "channel", "kind", "language", "payload", "attempts", "seller_id", "recipient_id", "priority", "due_at")
)
# A send that went out: only while this worker still holds the row (a lapsed lease means another took it).
_MARK_SENT = Prepared(
    update(_outbox)
    .where(_outbox.c.id == bindparam("oid"), _outbox.c.claimed_by == bindparam("worker"))
    .values(status="sent", provider_message_id=bindparam("pid"), sent_at=bindparam("now"), updated_at=bindparam("now"), error_code=None, error=None)
)
# Their campaign recipients move to "sent", never backwards (a delivery receipt may have come first).
_NOT_YET_SENT = tuple(_recipient.c.status != done for done in DELIVERY_RANK if DELIVERY_RANK[done] >= DELIVERY_RANK["sent"])


def _claimed(row: Any, attempts: int) -> Claimed:
    """The in-memory claim of an outbox row (a plain row or an ORM object)."""
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


class Worker:
    """Claims due outbox rows and sends them; rows, not memory, are the truth, so a restart loses nothing."""

    def __init__(
        self,
        engine: Engine,
        senders: Mapping[str, Sender],
        *,
        clock: Callable[[], datetime] = utcnow,
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
    ) -> None:
        self.engine = engine
        self.senders = dict(senders)
        self.clock = clock
        self.templates = templates or TemplateBook()
        self.batch_size = batch_size
        self.lease = lease
        self.max_attempts = max_attempts
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self.idle_poll = idle_poll
        self.worker_id = worker_id or f"{socket.gethostname()}:{uuid.uuid4().hex[:8]}"
        self.jitter = jitter
        self.rights = SendingRights(engine, list(self.senders))
        self._running = False
        pacing = {**DEFAULT_PACING, **(pacing or {})}
        self.pacing = {channel: pacing[channel] for channel in self.senders}
        # One slot every 1/rate seconds, and never more than the limit inside the provider's window:
        # providers count per second and answer 429 to a burst even when the average is under the limit.
        self._limiters = {c: Pacer(p.per_second * PROVIDER_MARGIN, limit=max(int(p.per_second), 1)) for c, p in self.pacing.items()}
        self._broadcast_limiters = {c: Pacer(max(p.per_second * PROVIDER_MARGIN * p.broadcast_share, 0.1)) for c, p in self.pacing.items()}
        self._paused_until: dict[str, float] = {}
        self._chat_limiters: OrderedDict[tuple[str, str], AsyncLimiter] = OrderedDict()
        self._wake: asyncio.Event | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._handed: asyncio.Queue[list[Claimed]] = asyncio.Queue()
        self.sent = 0
        self.failed = 0
        self.scheduler = scheduler
        self.schedule_every = schedule_every
        self.feeder = feeder
        self.feed_every = feed_every

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
            helpers.append(asyncio.create_task(self._every(5.0, self.rights.refresh, stop)))
            if self.scheduler is not None:
                helpers.append(asyncio.create_task(self._every(self.schedule_every, self._schedule, stop)))
            if self.feeder is not None:
                helpers.append(asyncio.create_task(self._every(self.feed_every, self._feed, stop)))
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

    async def _every(self, seconds: float, job: Callable[[], None], stop: asyncio.Event) -> None:
        while not stop.is_set():
            try:
                await asyncio.to_thread(job)
            except Exception:  # noqa: BLE001 - try again next time
                log.exception("periodic job failed")
            try:
                await asyncio.wait_for(stop.wait(), timeout=seconds)
            except TimeoutError:
                pass

    async def _listen(self) -> None:
        """On PostgreSQL, wake on every commit that queued outbox rows, in whichever process it happened.

        A worker in its own process (the Procfile's `worker`) would otherwise find a web process's
        replies only at its next poll. Should the listening connection drop, polling still finds
        everything; it is opened again after a pause.
        """
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
            try:
                done = await self.run_once()
            except Exception:  # noqa: BLE001 - one bad batch must not stop the worker
                log.exception("worker batch failed")
                done = 0
            if done:
                continue
            self._wake.clear()
            waiters = {asyncio.ensure_future(self._wake.wait()), asyncio.ensure_future(stop.wait())}
            _, pending = await asyncio.wait(waiters, timeout=self.idle_poll, return_when=asyncio.FIRST_COMPLETED)
            for waiter in pending:
                waiter.cancel()

    async def run_once(self) -> int:
        """Claim one batch, send it with pacing, record the outcomes as they come; return rows handled."""
        claimed = await asyncio.to_thread(self.claim)
        if not claimed:
            return 0
        await self._send_batch(claimed)
        return len(claimed)

    async def _send_batch(self, claimed: list[Claimed]) -> None:
        # Sends run side by side (paced by the limiters); outcomes are written a handful at a time,
        # as soon as they come, so a crash leaves at most that handful unrecorded.
        outcomes: asyncio.Queue[tuple[Claimed, SendResult]] = asyncio.Queue()
        tasks = [asyncio.ensure_future(self._deliver(row, outcomes)) for row in claimed]
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
            await asyncio.to_thread(self.record_many, batch)
        await asyncio.gather(*tasks)

    # -- replies handed over by the turn that wrote them ------------------------------------------
    def takes_handoffs(self, channel: str) -> bool:
        """Say whether replies on this channel may be written already claimed by this worker and handed to it."""
        return self._running and self._loop is not None and channel in self.senders and channel in self.rights.owned

    def hand(self, claimed: list[Claimed]) -> None:
        """Take replies a turn wrote already claimed by this worker (safe from any thread, after commit).

        They skip the claim: no second transaction and no wait for one. Should this process die
        first, they are rows like any other whose lease runs out, and a worker takes them over.
        """
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

    async def drain(self, timeout: float = 30.0) -> None:
        """Send until nothing is due (for tests and the command line)."""
        deadline = asyncio.get_running_loop().time() + timeout
        while await self.run_once():
            if asyncio.get_running_loop().time() > deadline:
                raise TimeoutError("outbox did not drain in time")

    # -- claiming -------------------------------------------------------------------------------
    def claim(self) -> list[Claimed]:
        """Take due rows (and rows whose previous claimer died) for this worker, in one transaction."""
        # Inside run() only the accounts this worker holds; a direct call (tests, drain) sends on all.
        channels = [c for c in self.senders if c in self.rights.owned] if self._running else list(self.senders)
        if not channels:
            return []
        now = self.clock()
        # Due rows, and rows whose claimer's lease lapsed (it died mid-send).
        branches = (
            and_(OutboxMessage.status == "pending", OutboxMessage.due_at <= now),
            and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < now - self.lease),
        )
        due = or_(*branches)
        # Look first without taking the write lock: an idle worker polling must not queue behind,
        # or hold up, the web process's writes.
        with self.engine.connect() as conn:
            if conn.execute(select(OutboxMessage.id).where(OutboxMessage.channel.in_(channels), due).limit(1)).first() is None:
                return []
        with transaction(self.engine, urgent=True) as session:
            conn = session.connection()
            # Each kind through its own index in priority order (an OR of the two would sort every due row), then merged.
            order = (OutboxMessage.priority, OutboxMessage.due_at, OutboxMessage.id)
            found = []
            for branch in branches:
                query = select(*_CLAIM_COLUMNS).where(branch, OutboxMessage.channel.in_(channels)).order_by(*order).limit(self.batch_size)
                if is_postgres(self.engine):
                    query = query.with_for_update(skip_locked=True)
                found += conn.execute(query).all()
            found = sorted(found, key=lambda r: (r.priority, r.due_at, r.id))[: self.batch_size]
            # The usual row is claimed as it is, all in one UPDATE; a row out of tries or outside the
            # WhatsApp window is finished or turned into a template through the ORM below.
            last_inbound = _last_inbound(conn, [r.payload.get("to") for r in found if needs_window(r)])
            plain = [r for r in found if r.attempts < self.max_attempts and not window_closed(r, last_inbound.get(r.payload.get("to")), now)]
            if plain:
                conn.execute(
                    update(_outbox)
                    .where(_outbox.c.id.in_([r.id for r in plain]))
                    .values(status="sending", claimed_at=now, claimed_by=self.worker_id, attempts=_outbox.c.attempts + 1, updated_at=now)
                )
            claimed = [_claimed(r, r.attempts + 1) for r in plain]
            taken = {r.id for r in plain}
            special = [r.id for r in found if r.id not in taken]
            if not special:
                return claimed
            for row in session.exec(select(OutboxMessage).where(OutboxMessage.id.in_(special)).order_by(OutboxMessage.id)):
                if row.attempts >= self.max_attempts:
                    self._finish(row, "failed", now, error="gave up after repeated attempts")
                    sync_recipient(session, row, now)
                    continue
                if window_closed(row, last_inbound.get(row.payload.get("to")), now):
                    template = self.templates.template_for(row)
                    if template is None:
                        self._finish(row, "skipped", now, error="outside the WhatsApp 24-hour window and no approved template")
                        sync_recipient(session, row, now)
                        continue
                    row.payload = as_template(row, template)
                row.status, row.claimed_at, row.claimed_by = "sending", now, self.worker_id
                row.attempts += 1
                row.updated_at = now
                claimed.append(_claimed(row, row.attempts))
            return claimed

    # -- sending --------------------------------------------------------------------------------
    def _chat_limiter(self, channel: str, to: str) -> AsyncLimiter | None:
        rate = self.pacing[channel].per_chat_per_second
        if rate is None:
            return None
        key = (channel, to)
        limiter = self._chat_limiters.get(key)
        if limiter is None:
            limiter = self._chat_limiters[key] = AsyncLimiter(1, 1 / rate)
            if len(self._chat_limiters) > 10_000:
                self._chat_limiters.popitem(last=False)
        else:
            self._chat_limiters.move_to_end(key)
        return limiter

    async def _deliver(self, row: Claimed, outcomes: asyncio.Queue[tuple[Claimed, SendResult]]) -> None:
        payload = OutboundPayload.from_json(row.payload)
        chat = self._chat_limiter(row.channel, payload.to)
        if chat is not None:
            await chat.acquire()
        sender = self.senders[row.channel]
        messages = messages_in(sender, payload)
        account = self._limiters[row.channel]
        granted = await self._slot(row, messages)
        loop = asyncio.get_running_loop()
        try:
            result = await sender.send(payload)
        except Exception as error:  # noqa: BLE001 - an adapter bug is a retry, not a lost row
            log.exception("sending outbox row %s raised", row.id)
            result = SendResult("retry", error=f"{type(error).__name__}: {error}"[:500])
        finally:  # cancelled too: the provider may have counted it
            account.answered(granted, messages)
        if result.outcome == "retry" and result.retry_after:
            until = max(self._paused_until.get(row.channel, 0.0), loop.time() + result.retry_after)
            self._paused_until[row.channel] = until
            account.hold(until)
            self._broadcast_limiters[row.channel].hold(until)
        outcomes.put_nowait((row, result))

    async def _slot(self, row: Claimed, messages: int = 1) -> float:
        """Wait for this row's send slots on its account, one per provider message it makes, and return
        when the account's were granted; a slot that fell inside a 429 pause is given up and a new one
        taken after it, so the messages held back go out paced, not all at once. (The per-chat limit,
        above, counts a reply once.)"""
        loop = asyncio.get_running_loop()
        account = self._limiters[row.channel]
        while True:
            if row.kind in BROADCAST_KINDS:
                await self._broadcast_limiters[row.channel].acquire(messages)
            granted = await account.acquire(messages)
            wait = self._paused_until.get(row.channel, 0.0) - loop.time()
            if wait <= 0:
                return granted
            account.unused(messages)
            await asyncio.sleep(wait)

    # -- recording ------------------------------------------------------------------------------
    def backoff(self, attempts: int) -> float:
        """Return seconds to wait before another try: exponential, capped, with jitter."""
        delay = min(self.backoff_cap, self.backoff_base * 2 ** max(attempts - 1, 0))
        return delay * (0.5 + self.jitter() / 2)

    def record(self, claimed: Claimed, result: SendResult) -> None:
        """Store what happened to one send."""
        self.record_many([(claimed, result)])

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
        with transaction(self.engine, urgent=True) as session:
            conn = session.connection()
            if plain:
                marked = [{"oid": c.id, "worker": self.worker_id, "pid": r.provider_message_id, "now": now} for c, r in plain]
                self.sent += _MARK_SENT.executemany(conn, marked)
                ids = [c.id for c, _ in plain if c.recipient_id is not None]
                if ids:  # their recipients, for the rows this worker still held
                    held = select(_outbox.c.recipient_id).where(_outbox.c.id.in_(ids), _outbox.c.status == "sent", _outbox.c.claimed_by == self.worker_id)
                    conn.execute(update(_recipient).where(_recipient.c.id.in_(held), *_NOT_YET_SENT).values(status="sent", updated_at=now))
            if not others:
                return
            rows = {r.id: r for r in session.exec(select(OutboxMessage).where(OutboxMessage.id.in_([c.id for c, _ in others])))}
            for claimed, result in others:
                row = rows.get(claimed.id)
                if row is None or row.claimed_by != self.worker_id:
                    continue  # the lease ran out and another worker took it over
                self._record(session, row, result, now)

    def _record(self, session: Session, row: OutboxMessage, result: SendResult, now: datetime) -> None:
        row.error_code, row.error = result.error_code, (result.error or None) and result.error[:500]
        if result.outcome == "sent":
            row.status, row.provider_message_id, row.sent_at = "sent", result.provider_message_id, now
            self.sent += 1
        elif result.outcome == "retry":
            if result.retry_after is not None:
                row.attempts -= 1  # the provider asked us to wait; that is pacing, not a failed try
            if row.attempts >= self.max_attempts:
                self._finish(row, "failed", now, error=row.error or "gave up after repeated attempts")
            else:
                delay = result.retry_after if result.retry_after is not None else self.backoff(row.attempts)
                row.status, row.due_at, row.claimed_by, row.claimed_at = "pending", now + timedelta(seconds=delay), None, None
        elif result.outcome == "needs_template":
            template = self.templates.template_for(row)
            if template is None or row.payload.get("template"):
                self._finish(row, "skipped", now, error="outside the WhatsApp 24-hour window and no approved template")
            else:
                row.payload = as_template(row, template)
                row.status, row.due_at, row.claimed_by, row.claimed_at = "pending", now, None, None
        else:
            if result.outcome == "unreachable":
                mark_unreachable(session, row.channel, OutboundPayload.from_json(row.payload).to)
            elif result.outcome == "opted_out":
                set_opted_out(session, row.seller_id)
            self._finish(row, "failed", now, error=row.error or result.outcome)
        row.updated_at = now
        sync_recipient(session, row, now)
        scrub_if_orphaned(row)

    def _finish(self, row: OutboxMessage, status: str, now: datetime, *, error: str | None = None) -> None:
        row.status, row.claimed_by, row.claimed_at, row.updated_at = status, None, None, now
        if error:
            row.error = error[:500]
        if status == "failed":
            self.failed += 1
        scrub_if_orphaned(row)
