"""Hand a channel's inbound message to the runner: the one path shared by webhooks and polling."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot import metrics
from bot.channels.base import InboundMessage
from bot.turn import Handled, Runner

log = logging.getLogger(__name__)


def take_inbound(runner: Runner, message: InboundMessage) -> Handled:
    """Apply one inbound message (an edit is told apart so the engine can say it reads only new ones)."""
    inbound = replace(message.inbound, kind="edit") if message.edited else message.inbound
    with metrics.TURN_SECONDS.labels(message.channel).time():
        handled = runner.handle(
            channel=message.channel,
            external_id=message.external_id,
            inbound=inbound,
            provider_message_id=message.provider_message_id,
            start_payload=message.start_payload,
        )
    metrics.TURNS.labels(message.channel, "duplicate" if handled.duplicate else "answered").inc()
    if handled.duplicate:
        log.info("%s message %s was delivered before; nothing done", message.channel, message.provider_message_id)
    return handled
