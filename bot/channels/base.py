"""Define what every channel adapter speaks: inbound messages lifted from payloads, outbound sends, their outcome."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, get_args

from bot.engine.model import Button, Inbound

Channel = Literal["telegram", "whatsapp"]  # the real channels: the ones with a provider, an outbox and a sender
CHANNELS: tuple[str, ...] = get_args(Channel)


@dataclass(frozen=True, slots=True)
class InboundMessage:
    """Hold one seller message as a channel delivered it, ready for the runner."""

    channel: str  # "telegram" | "whatsapp"
    external_id: str  # Telegram chat id; WhatsApp number in E.164
    provider_message_id: str  # de-duplication key: "tg-update:<update_id>" or Twilio MessageSid
    inbound: Inbound
    profile_name: str | None = None
    start_payload: str | None = None  # Telegram deep-link payload after /start
    callback_query_id: str | None = None  # Telegram button tap, to answer so the spinner stops
    edited: bool = False


@dataclass(frozen=True, slots=True)
class Template:
    """Name an approved WhatsApp template: Twilio Content SID plus its numbered variables."""

    content_sid: str
    variables: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class OutboundPayload:
    """Hold one message to send: free-form text with buttons, or a template."""

    to: str
    text: str = ""
    buttons: tuple[Button, ...] = ()
    request_contact: bool = False
    template: Template | None = None

    def to_json(self) -> dict[str, Any]:
        """Return the payload as JSON-ready data for the outbox."""
        return {
            "to": self.to,
            "text": self.text,
            "buttons": [{"id": b.id, "title": b.title} for b in self.buttons],
            "request_contact": self.request_contact,
            "template": {"content_sid": self.template.content_sid, "variables": self.template.variables} if self.template else None,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> OutboundPayload:
        """Build a payload from outbox JSON."""
        template = data.get("template")
        return cls(
            to=data["to"],
            text=data.get("text", ""),
            buttons=tuple(Button(b["id"], b["title"]) for b in data.get("buttons", [])),
            request_contact=data.get("request_contact", False),
            template=Template(template["content_sid"], template.get("variables", {})) if template else None,
        )


Outcome = Literal["sent", "retry", "failed", "unreachable", "opted_out", "needs_template"]


@dataclass(frozen=True, slots=True)
class SendResult:
    """Tell what happened to one send."""

    # outcome:
    #   sent            the provider took it (provider_message_id set)
    #   retry           try again later (retry_after seconds when the provider said, else the worker backs off)
    #   failed          permanent failure for this message
    #   unreachable     the person blocked the bot / cannot be messaged on this channel
    #   opted_out       the person opted out with the provider (Twilio 21610)
    #   needs_template  outside the WhatsApp 24-hour window (Twilio 63016): resend as a template
    outcome: Outcome
    provider_message_id: str | None = None
    retry_after: float | None = None
    error_code: str | None = None
    error: str | None = None


class Sender(Protocol):
    """Send outbound payloads for one channel account."""

    channel: str

    async def send(self, payload: OutboundPayload) -> SendResult: ...

    async def close(self) -> None: ...


def messages_in(sender: Sender, payload: OutboundPayload) -> int:
    """Return how many provider messages `sender` makes of this payload (a long text goes in parts)."""
    # Each one takes its own send slot. A sender that never splits need not say.
    count = getattr(sender, "messages_in", None)
    return count(payload) if count is not None else 1
