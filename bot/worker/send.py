"""Send claimed rows through their channel's sender, each on its paced slot, and report every outcome."""

from __future__ import annotations

import asyncio
import logging
from collections import OrderedDict
from collections.abc import Callable, Mapping

from aiolimiter import AsyncLimiter

from bot.channels.base import OutboundPayload, Sender, SendResult, messages_in
from bot.outbox import Claimed
from bot.worker.pacing import PROVIDER_MARGIN, Pacer, Pacing

log = logging.getLogger(__name__)

BROADCAST_KINDS = frozenset({"broadcast", "reminder"})
CHAT_LIMITERS = 10_000  # chats whose per-chat limiter is kept, most recent first


class Dispatch:
    """Send rows on the accounts' pacers (broadcasts after replies) and each chat's limiter, pausing an account on a 429."""

    def __init__(self, senders: Mapping[str, Sender], pacing: Mapping[str, Pacing],
                 observe: Callable[[str, SendResult], None] | None = None) -> None:
        self.senders = senders
        self.pacing = pacing
        self.observe = observe  # told every send's result, e.g. to report a channel whose provider stopped answering
        # One slot every 1/rate seconds, and never more than the limit inside the provider's window:
        # providers count per second and answer 429 to a burst even when the average is under the limit.
        self.limiters = {c: Pacer(p.per_second * PROVIDER_MARGIN, limit=max(int(p.per_second), 1)) for c, p in pacing.items()}
        self.paused_until: dict[str, float] = {}
        self._chat_limiters: OrderedDict[tuple[str, str], AsyncLimiter] = OrderedDict()

    def paced(self) -> dict[str, tuple[float, float]]:
        """Return each account's paced rate and its provider's limit, per second."""
        return {channel: (1 / pacer.interval, float(self.pacing[channel].per_second)) for channel, pacer in self.limiters.items()}

    def _chat_limiter(self, channel: str, to: str) -> AsyncLimiter | None:
        rate = self.pacing[channel].per_chat_per_second
        if rate is None:
            return None
        key = (channel, to)
        limiter = self._chat_limiters.get(key)
        if limiter is None:
            limiter = self._chat_limiters[key] = AsyncLimiter(1, 1 / rate)
            if len(self._chat_limiters) > CHAT_LIMITERS:
                self._chat_limiters.popitem(last=False)
        else:
            self._chat_limiters.move_to_end(key)
        return limiter

    async def deliver(self, row: Claimed, outcomes: asyncio.Queue[tuple[Claimed, SendResult]]) -> None:
        """Send one row when its slots come and put its outcome on `outcomes`; a fault of ours is a retry, never a batch left waiting."""
        try:
            result = await self._send(row)
        except Exception as error:  # noqa: BLE001 - the batch waits for every row's outcome
            log.exception("outbox row %s could not be sent", row.id)
            result = SendResult("retry", error=f"{type(error).__name__}: {error}"[:500])
        outcomes.put_nowait((row, result))

    async def _send(self, row: Claimed) -> SendResult:
        """Wait for the row's slots, send it, and return what the provider said."""
        payload = OutboundPayload.from_json(row.payload)
        chat = self._chat_limiter(row.channel, payload.to)
        if chat is not None:
            await chat.acquire()
        sender = self.senders[row.channel]
        messages = messages_in(sender, payload)
        account = self.limiters[row.channel]
        granted = await self.slot(row, messages)
        loop = asyncio.get_running_loop()
        try:
            result = await sender.send(payload)
        except Exception as error:  # noqa: BLE001 - an adapter bug is a retry, not a lost row
            log.exception("sending outbox row %s raised", row.id)
            result = SendResult("retry", error=f"{type(error).__name__}: {error}"[:500])
        finally:  # cancelled too: the provider may have counted it
            account.answered(granted, messages)
        if self.observe is not None:
            self.observe(row.channel, result)
        if result.outcome == "retry" and result.retry_after:
            until = max(self.paused_until.get(row.channel, 0.0), loop.time() + result.retry_after)
            self.paused_until[row.channel] = until
            account.hold(until)
        return result

    async def slot(self, row: Claimed, messages: int = 1) -> float:
        """Wait for a row's slots on its account, one per provider message, outside any 429 pause; return the loop time they were granted."""
        # The per-chat limit (in `deliver`) counts a reply once; a slot that fell inside a pause is
        # given back and a new one taken after it, so the messages held back go out paced.
        loop = asyncio.get_running_loop()
        account = self.limiters[row.channel]
        while True:
            granted = await account.acquire(messages, bulk=row.kind in BROADCAST_KINDS)
            wait = self.paused_until.get(row.channel, 0.0) - loop.time()
            if wait <= 0:
                return granted
            account.unused(messages)
            await asyncio.sleep(wait)
