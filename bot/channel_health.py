"""Start each channel's sender without letting a provider outage stop the app: degraded, retried with backoff."""

# A sender with a `start` (Telegram's checks its token with getMe) is started once at start-up, within
# START_TIMEOUT. If that fails the channel is reported degraded (in the log, in /healthz and /readyz)
# and a background task tries again after 1, 2, 4 … seconds (at most RETRY_MAX), until it works or
# the app stops; the rest of the app serves meanwhile. Replies for a degraded channel wait in the
# outbox: the worker's sends try the start themselves and count as "retry later" while it fails.

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from bot.channels.base import Sender, SendResult

log = logging.getLogger(__name__)

START_TIMEOUT = 10.0  # seconds a start may take before it counts as failed
RETRY_FIRST = 1.0  # seconds before the first retry; each retry waits twice as long as the one before
RETRY_MAX = 60.0  # the longest wait between retries
ERROR_MAX = 200  # characters of a provider's error kept for the health pages
OUTAGE_CODES = frozenset({"network", "timeout"})  # a send that failed so: the provider did not answer

Status = Literal["starting", "up", "degraded"]


@dataclass(slots=True)
class ChannelState:
    """Hold what is known about one channel: up or degraded, since when, why, and how many tries so far."""

    status: Status
    since: datetime
    error: str | None = None
    attempts: int = 0

    def public(self) -> dict[str, object]:
        """Return the state as the health endpoints show it."""
        return {"status": self.status, "since": self.since.isoformat(), "error": self.error, "attempts": self.attempts}


def describe(error: BaseException, sender: Sender) -> str:
    """Return a short account of a failed start, with the sender's secrets taken out."""
    text = f"{type(error).__name__}: {error}" if str(error) else type(error).__name__
    redact = getattr(sender, "redact", None)
    if redact is not None:
        text = redact(text)
    return text[:ERROR_MAX]


class ChannelHealth:
    """Start the senders, keep each channel's state, and retry those whose provider is down."""

    def __init__(self, senders: dict[str, Sender], clock: Callable[[], datetime], *, first_wait: float = RETRY_FIRST,
                 max_wait: float = RETRY_MAX, timeout: float = START_TIMEOUT) -> None:
        self.senders = senders
        self.clock = clock
        self.first_wait = first_wait
        self.max_wait = max_wait
        self.timeout = timeout
        self.states: dict[str, ChannelState] = {
            channel: ChannelState("starting" if getattr(sender, "start", None) else "up", clock()) for channel, sender in senders.items()
        }
        self._up: dict[str, asyncio.Event] = {}

    def usable(self, channel: str) -> bool:
        """Say whether a channel is configured and its provider answered."""
        state = self.states.get(channel)
        return state is not None and state.status == "up"

    def report(self) -> dict[str, dict[str, object]]:
        """Return every configured channel's state for the health endpoints."""
        return {channel: state.public() for channel, state in sorted(self.states.items())}

    def observe(self, channel: str, result: SendResult) -> None:
        """Note a send's result: no answer from the provider degrades its channel, a message sent brings it back up."""
        state = self.states.get(channel)
        if state is None:
            return
        if result.outcome == "sent" and state.status != "up":
            log.info("%s is up again: a message was sent", channel)
            self.states[channel] = ChannelState("up", self.clock(), attempts=state.attempts)
            self._event(channel).set()
        elif result.outcome == "retry" and result.error_code in OUTAGE_CODES and state.status == "up":
            log.warning("%s is degraded: its provider did not answer a send (%s); messages wait in the outbox", channel, result.error_code)
            state.status, state.since, state.error = "degraded", self.clock(), f"sending: {result.error_code}"

    async def wait_up(self, channel: str) -> None:
        """Wait until a channel's sender has started."""
        await self._event(channel).wait()

    def _event(self, channel: str) -> asyncio.Event:
        if channel not in self._up:
            self._up[channel] = asyncio.Event()
            if self.usable(channel):
                self._up[channel].set()
        return self._up[channel]

    async def start(self, stop: asyncio.Event) -> list[asyncio.Task[None]]:
        """Start every sender once; return the retry tasks of those that failed (they end when `stop` is set)."""
        retries = []
        for channel, sender in self.senders.items():
            if getattr(sender, "start", None) is None:
                continue
            if not await self._try(channel, sender):
                retries.append(asyncio.create_task(self._retry(channel, sender, stop), name=f"{channel}-start-retry"))
        return retries

    async def _try(self, channel: str, sender: Sender) -> bool:
        state = self.states[channel]
        state.attempts += 1
        try:
            await asyncio.wait_for(sender.start(), self.timeout)  # type: ignore[attr-defined]
        except Exception as error:  # noqa: BLE001 - any failure of the provider: degrade, never stop the app
            reason = describe(error, sender) if not isinstance(error, TimeoutError) else f"no answer within {self.timeout:g} s"
            if state.status != "degraded" or state.error != reason:
                log.warning("%s is degraded: its provider did not answer at start-up (%s); the rest of the app serves, retrying",
                            channel, reason)
            if state.status != "degraded":
                state.since = self.clock()
            state.status, state.error = "degraded", reason
            return False
        if state.status == "degraded":
            log.info("%s is up again after %d attempts", channel, state.attempts)
        self.states[channel] = ChannelState("up", self.clock(), attempts=state.attempts)
        self._event(channel).set()
        return True

    async def _retry(self, channel: str, sender: Sender, stop: asyncio.Event) -> None:
        wait = self.first_wait
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), wait)
                return
            except TimeoutError:
                pass
            if await self._try(channel, sender):
                return
            wait = min(wait * 2, self.max_wait)
