"""Pace sends per sending account: a fixed schedule under the provider's limit, and a window that never holds more than the limit."""

from __future__ import annotations

import asyncio
import heapq
from collections import deque
from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Pacing:
    """Say how fast one sending account may go (and one chat on it); replies take its slots before broadcasts do."""

    per_second: float
    per_chat_per_second: float | None = None


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
    """Return how many of a campaign's messages to keep in the outbox: about `seconds` of sending, 500 to 5,000."""
    # Too few starves the sender between top-ups (the feeder runs once a second); too many makes a pause or
    # cancel withdraw more rows and one top-up a long transaction.
    return min(5000, max(500, int(seconds * sum(p.per_second for p in pacing.values()))))


def claim_batch(pacing: Mapping[str, Pacing], least: int = 50, seconds: float = 0.2) -> int:
    """Return how many rows a lane claims at once: at least `least`, or about `seconds` at the fastest account's rate (≤ 500)."""
    # So a fast account is not held up by claiming 50 at a time.
    return min(500, max(least, int(seconds * max((p.per_second for p in pacing.values()), default=0))))


class Pacer:
    """Hand out send slots 1/rate apart, and at most `limit` in the provider's one-second window: first come, first served, bulk after the rest."""

    # Bulk (broadcasts, reminders) takes every slot nobody else is waiting for, so a broadcast runs at the whole
    # paced rate, and a reply that comes meanwhile goes at the next slot, ahead of every broadcast message waiting.

    # The schedule is GCRA: a slot used late is made up by the next ones, and a pacer that fell behind (its timer
    # woke late while a claim held the interpreter, or both lanes were claiming and nobody asked) makes up to
    # `catch_up` seconds of slots at once. The window makes that safe: the provider counts what arrives in any one
    # second, and a message arrives some time after its slot (a burst leaves one by one, a busy interpreter holds
    # sends back), so each message counts from its slot until a second after its answer came (`answered`), less
    # the shortest round trip seen lately, the part of that wait every message has.

    def __init__(self, rate: float, limit: int | None = None, catch_up: float = CATCH_UP) -> None:
        self.interval = 1 / rate
        self.limit = limit
        self.catch_up = catch_up
        self.next = 0.0  # loop time of the next slot on the schedule
        self._waiters: deque[tuple[asyncio.Future[float], int]] = deque()
        self._bulk: deque[tuple[asyncio.Future[float], int]] = deque()  # served when `_waiters` is empty
        self._timer: asyncio.Task[None] | None = None
        self._in_window = 0  # slots granted and not yet out of the window
        self._leaving: list[tuple[float, int]] = []  # heap of (loop time it leaves the window, slots), answered ones
        self._trips: deque[tuple[float, float]] = deque()  # (loop time, round trip), rising: the shortest lately first
        self._trips_from = 0.0  # loop time of the first answer in the current run of answers

    async def acquire(self, count: int = 1, *, bulk: bool = False) -> float:
        """Wait for the next `count` slots, taken together (one long message's parts); return the loop time they were granted."""
        # A pacer with a limit must be given that time back in `answered`.
        loop = asyncio.get_running_loop()
        now = loop.time()
        ahead = self._waiters or (bulk and self._bulk)
        if not ahead and self._wait(now, count) <= 0:  # nobody ahead and a slot free
            self._take(now, count)
            return now
        waiter: asyncio.Future[float] = loop.create_future()
        (self._bulk if bulk else self._waiters).append((waiter, count))
        if self._timer is None or self._timer.done():
            self._timer = loop.create_task(self._release())
        return await waiter  # cancelled: the timer passes over it

    async def _release(self) -> None:
        loop = asyncio.get_running_loop()
        while self._waiters or self._bulk:
            queue = self._waiters or self._bulk
            waiter, count = queue[0]
            if waiter.done():  # cancelled while it waited
                queue.popleft()
                continue
            now = loop.time()
            wait = self._wait(now, count)
            if wait > 0:
                await asyncio.sleep(wait)
                continue  # look again: a hold, an answer or a reply that came may have changed it meanwhile
            queue.popleft()
            self._take(now, count)
            waiter.set_result(now)

    def _wait(self, now: float, count: int) -> float:
        """Return the seconds until `count` slots are free on the schedule and in the window (≤ 0: now)."""
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
        """Record that the `count` messages sent on the slots granted at `granted` (loop time) have their answer, whatever it was."""
        # From now they leave the window a second later, less the shortest round trip (the way there and back that
        # every message takes), once a second of answers has shown it.
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
