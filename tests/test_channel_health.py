"""A sender that cannot start leaves its channel degraded and is tried again with growing waits until it starts."""

from __future__ import annotations

import asyncio
import time
from datetime import UTC, datetime

from bot.channel_health import ChannelHealth


class FlakySender:
    """Fail to start a given number of times, with the secret in the error, then start."""

    channel = "telegram"

    def __init__(self, failures: int) -> None:
        self.failures = failures
        self.tries: list[float] = []

    def redact(self, text: str) -> str:
        """Hide the secret."""
        return text.replace("s3cret", "<token>")

    async def start(self) -> None:
        """Fail while failures are left."""
        self.tries.append(time.monotonic())
        if len(self.tries) <= self.failures:
            raise ConnectionError("token s3cret refused")

    async def send(self, payload):  # type: ignore[no-untyped-def]
        """Send nothing."""

    async def close(self) -> None:
        """Close nothing."""


class PlainSender(FlakySender):
    """Have nothing to start."""

    channel = "whatsapp"
    start = None  # type: ignore[assignment]


def test_a_failed_start_is_retried_with_doubling_waits_until_it_works() -> None:
    async def scenario() -> tuple[ChannelHealth, FlakySender]:
        sender = FlakySender(failures=3)
        health = ChannelHealth({"telegram": sender, "whatsapp": PlainSender(0)}, lambda: datetime.now(UTC), first_wait=0.05, max_wait=0.1)
        stop = asyncio.Event()
        retries = await health.start(stop)
        assert len(retries) == 1
        report = health.report()
        assert report["telegram"]["status"] == "degraded" and report["whatsapp"]["status"] == "up"
        assert "<token>" in str(report["telegram"]["error"]) and "s3cret" not in str(report["telegram"]["error"])
        await asyncio.wait_for(health.wait_up("telegram"), 2)
        await asyncio.gather(*retries)
        return health, sender

    health, sender = asyncio.run(scenario())
    assert health.usable("telegram") and health.report()["telegram"]["attempts"] == 4
    waits = [later - earlier for earlier, later in zip(sender.tries, sender.tries[1:], strict=False)]
    assert 0.04 <= waits[0] < waits[1] and waits[2] < 0.3  # 0.05, then 0.1, then capped at 0.1


def test_stopping_ends_the_retries() -> None:
    async def scenario() -> FlakySender:
        sender = FlakySender(failures=1000)
        health = ChannelHealth({"telegram": sender}, lambda: datetime.now(UTC), first_wait=0.05, max_wait=0.05)
        stop = asyncio.Event()
        retries = await health.start(stop)
        await asyncio.sleep(0.2)
        stop.set()
        await asyncio.wait_for(asyncio.gather(*retries), 1)
        return sender

    sender = asyncio.run(scenario())
    assert 2 <= len(sender.tries) < 10


def test_sends_that_get_no_answer_degrade_a_channel_and_one_sent_brings_it_back() -> None:
    from bot.channels.base import SendResult

    async def scenario() -> list[str]:
        health = ChannelHealth({"whatsapp": PlainSender(0)}, lambda: datetime.now(UTC))
        seen = [str(health.report()["whatsapp"]["status"])]
        health.observe("whatsapp", SendResult("retry", error_code="429"))  # the provider answered: busy, not down
        seen.append(str(health.report()["whatsapp"]["status"]))
        health.observe("whatsapp", SendResult("retry", error_code="network", error="ClientConnectorError"))
        seen.append(str(health.report()["whatsapp"]["status"]))
        health.observe("whatsapp", SendResult("sent", provider_message_id="SM1"))
        seen.append(str(health.report()["whatsapp"]["status"]))
        health.observe("telegram", SendResult("retry", error_code="network"))  # not configured: nothing to say
        return seen

    assert asyncio.run(scenario()) == ["up", "up", "degraded", "up"]
