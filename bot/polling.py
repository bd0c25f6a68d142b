"""Fetch Telegram updates with getUpdates and feed them like webhooks, for local use without a public URL."""

from __future__ import annotations

import asyncio
import logging

from bot.channels.telegram import TelegramSender, parse_update
from bot.intake import take_inbound
from bot.turn import Runner

log = logging.getLogger(__name__)


async def poll_telegram(sender: TelegramSender, runner: Runner, stop: asyncio.Event, *, timeout: int = 20) -> None:
    """Long-poll Telegram until `stop` is set; each update goes through the same path as a webhook."""
    offset: int | None = None
    configured = False
    log.info("polling Telegram for updates (no PUBLIC_BASE_URL set)")
    while not stop.is_set():
        try:
            if not configured:
                await sender.configure(webhook_url=None, secret=None, commands={}, descriptions={})  # getUpdates needs no webhook
                configured = True
            updates = await sender.get_updates(offset, timeout)
        except Exception:  # noqa: BLE001 - network trouble: wait and try again
            log.warning("getUpdates failed; retrying in 5 s", exc_info=True)
            await asyncio.sleep(5)
            continue
        for data in updates:
            offset = max(offset or 0, int(data["update_id"]) + 1)
            parsed = parse_update(data)
            if parsed.message is None:
                continue
            await asyncio.to_thread(take_inbound, runner, parsed.message)
            if parsed.message.callback_query_id:
                await sender.bot.answer_callback_query(parsed.message.callback_query_id)
