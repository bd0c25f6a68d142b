"""Telegram Bot API adapter: lift updates into inbound messages, send outbound payloads, map errors.

Parsing (`parse_update`) is pure: no network, no database. Sending (`TelegramSender`) goes through
python-telegram-bot's `Bot`, pointed at `base_url` (the real API, or a fake server in tests).
"""

from __future__ import annotations

import hmac
import json
import logging
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import telegram
from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    KeyboardButton,
    Message,
    ReplyKeyboardMarkup,
    ReplyKeyboardRemove,
)
from telegram.constants import ChatType
from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
    TimedOut,
)
from telegram.request import BaseRequest
from telegram.warnings import PTBDeprecationWarning

from bot.channels.base import InboundMessage, OutboundPayload, Outcome, SendResult
from bot.engine.model import Button, Inbound

# ── Provider facts (https://core.telegram.org/bots/api, https://core.telegram.org/bots/faq) ──
CHANNEL = "telegram"
OVERALL_PER_SECOND = 30  # messages per second across all chats (free tier)
PER_CHAT_PER_SECOND = 1  # messages per second to one chat (short bursts tolerated)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
DEFAULT_API_BASE_URL = "https://api.telegram.org"
CALLBACK_DATA_MAX_BYTES = 64  # InlineKeyboardButton.callback_data: 1-64 bytes
MESSAGE_TEXT_MAX = 4096  # sendMessage text: 1-4096 characters (counted in UTF-16 code units)
START_PAYLOAD_PATTERN = re.compile(r"[A-Za-z0-9_-]{1,64}")  # deep link t.me/<bot>?start=<payload>
ALLOWED_UPDATES = ("message", "edited_message", "callback_query")

# ── Our rendering choices ──
CONTACT_BUTTON_ID = "contact:share"  # a Button with this id carries the contact keyboard's label
DEFAULT_CONTACT_LABEL = "📱 मेरा नंबर भेजें / Share my number"  # only when the caller gave no label
INLINE_ROW_MAX_BUTTONS = 3  # more buttons than this: one per row
INLINE_ROW_TITLE_MAX = 20  # any title longer than this: one per row

# Message fields that mean "the seller sent something we cannot read".
MEDIA_FIELDS = (
    "photo",
    "voice",
    "audio",
    "video",
    "video_note",
    "sticker",
    "document",
    "animation",
    "dice",
    "poll",
    "story",
    "paid_media",
)

# PTB's httpx logging prints request URLs, which contain the bot token; PTB's own debug logging
# prints the API URL (token included) and every request's parameters (sellers' messages).
logging.getLogger("httpx").setLevel(logging.WARNING)
logging.getLogger("httpcore").setLevel(logging.WARNING)
logging.getLogger("telegram.Bot").setLevel(logging.INFO)

log = logging.getLogger(__name__)


# ── Webhook secret ──


def secret_matches(expected: str | None, given: str | None) -> bool:
    """Return whether the secret-token header matches the configured secret, in constant time."""
    if not expected or not given:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


# ── Parsing updates ──


@dataclass(frozen=True, slots=True)
class ParsedUpdate:
    """What one update means: a message for the runner, a webhook answer, or why it was ignored.

    `answer` is a Bot API method call to return as the webhook's HTTP response body (Telegram
    executes it), e.g. answerCallbackQuery so a tapped button's spinner stops.
    """

    message: InboundMessage | None = None
    answer: dict[str, Any] | None = None
    ignored_reason: str | None = None


def parse_update(data: dict[str, Any], bot: telegram.Bot | None = None) -> ParsedUpdate:
    """Lift one Telegram update (the JSON Telegram posts) into a ParsedUpdate; never raises."""
    if not isinstance(data, dict):
        return ParsedUpdate(ignored_reason="malformed: not an object")
    if not isinstance(data.get("update_id"), int):
        return ParsedUpdate(ignored_reason="malformed: update_id")
    kinds = [key for key in data if key != "update_id"]
    if not any(kind in ALLOWED_UPDATES for kind in kinds):
        # Decide from the raw keys: update types we ignore need not parse in this PTB version.
        return ParsedUpdate(ignored_reason=kinds[0] if kinds else "empty update")
    try:
        update = telegram.Update.de_json(data, bot)
    except Exception as exc:  # missing or mistyped fields: PTB raises TypeError/KeyError/ValueError
        return ParsedUpdate(ignored_reason=f"malformed: {type(exc).__name__}")
    provider_id = f"tg-update:{update.update_id}"
    try:
        if update.callback_query is not None:
            return _parse_callback_query(update.callback_query, provider_id)
        if update.message is not None:
            return _parse_message(update.message, provider_id, edited=False)
        if update.edited_message is not None:
            return _parse_message(update.edited_message, provider_id, edited=True)
    except Exception as exc:  # a shape de_json accepted but we cannot read
        return ParsedUpdate(ignored_reason=f"malformed: {type(exc).__name__}")
    return ParsedUpdate(ignored_reason="malformed: no content")


def _parse_callback_query(query: telegram.CallbackQuery, provider_id: str) -> ParsedUpdate:
    answer = {"method": "answerCallbackQuery", "callback_query_id": query.id}
    chat = query.message.chat if query.message is not None else None
    if chat is not None and chat.type != ChatType.PRIVATE:
        return ParsedUpdate(answer=answer, ignored_reason=f"chat type {chat.type}")
    if not query.data:
        return ParsedUpdate(answer=answer, ignored_reason="callback_query without data")
    external_id = str(chat.id) if chat is not None else str(query.from_user.id)
    message = InboundMessage(
        channel=CHANNEL,
        external_id=external_id,
        provider_message_id=provider_id,
        inbound=Inbound(kind="button", button=query.data),
        profile_name=_full_name(query.from_user),
        callback_query_id=query.id,
    )
    return ParsedUpdate(message=message, answer=answer)


def _parse_message(msg: Message, provider_id: str, *, edited: bool) -> ParsedUpdate:
    if msg.chat.type != ChatType.PRIVATE:
        return ParsedUpdate(ignored_reason=f"chat type {msg.chat.type}")
    lifted = _lift_message(msg)
    if lifted is None:
        return ParsedUpdate(ignored_reason="unsupported message content")
    inbound, start_payload = lifted
    message = InboundMessage(
        channel=CHANNEL,
        external_id=str(msg.chat.id),
        provider_message_id=provider_id,
        inbound=inbound,
        profile_name=_full_name(msg.from_user),
        start_payload=start_payload,
        edited=edited,
    )
    return ParsedUpdate(message=message)


def _lift_message(msg: Message) -> tuple[Inbound, str | None] | None:
    """Return the inbound message and deep-link payload, or None for content we ignore."""
    if msg.text is not None:
        return _lift_text(msg.text)
    if msg.contact is not None:
        phone = normalise_phone(msg.contact.phone_number)
        own = msg.from_user is not None and msg.contact.user_id == msg.from_user.id
        if own and phone:
            return Inbound(kind="contact", phone=phone), None
        return Inbound(kind="media"), None  # someone else's contact card: not the seller's number
    if msg.location is not None or msg.venue is not None:
        return Inbound(kind="location"), None
    if any(getattr(msg, name, None) for name in MEDIA_FIELDS):
        return Inbound(kind="media"), None
    return None


def _lift_text(text: str) -> tuple[Inbound, str | None]:
    command, _, rest = text.strip().partition(" ")
    if command.split("@", 1)[0].casefold() == "/start":
        payload = rest.strip()
        valid = payload if START_PAYLOAD_PATTERN.fullmatch(payload) else None
        return Inbound(kind="text", text="/start"), valid
    return Inbound(kind="text", text=text), None


def normalise_phone(number: str | None) -> str | None:
    """Return a contact's phone number as "+<digits>" (Telegram sends it with or without "+")."""
    digits = "".join(ch for ch in number or "" if ch.isascii() and ch.isdigit())
    return f"+{digits}" if digits else None


def _full_name(user: telegram.User | None) -> str | None:
    if user is None:
        return None
    name = " ".join(part for part in (user.first_name, user.last_name) if part).strip()
    return name or None


# ── Rendering ──


def _utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def split_text(text: str, limit: int = MESSAGE_TEXT_MAX) -> list[str]:
    """Split text into parts of at most `limit` UTF-16 units, at line breaks, else spaces, else anywhere."""
    if _utf16_len(text) <= limit:
        return [text]
    parts: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if _utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            parts.append(current)
        current = ""
        for piece in _split_long_line(line, limit):
            if current:
                parts.append(current)
            current = piece
    if current:
        parts.append(current)
    return [part for part in parts if part.strip()] or [text[:limit]]


def _split_long_line(line: str, limit: int) -> list[str]:
    if _utf16_len(line) <= limit:
        return [line]
    pieces: list[str] = []
    current = ""
    for word in line.split(" "):
        candidate = f"{current} {word}" if current else word
        if _utf16_len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        current = ""
        while _utf16_len(word) > limit:
            cut = limit
            while _utf16_len(word[:cut]) > limit:
                cut -= 1
            pieces.append(word[:cut])
            word = word[cut:]
        current = word
    if current:
        pieces.append(current)
    return pieces


def inline_keyboard(buttons: tuple[Button, ...] | list[Button]) -> InlineKeyboardMarkup | None:
    """Return the inline keyboard for buttons: one row when short and few, else one per row."""
    if not buttons:
        return None
    for button in buttons:
        if len(button.id.encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
            raise ValueError(f"button id longer than {CALLBACK_DATA_MAX_BYTES} bytes: {button.id!r}")
    keys = [InlineKeyboardButton(button.title, callback_data=button.id) for button in buttons]
    one_row = len(keys) <= INLINE_ROW_MAX_BUTTONS and all(len(b.title) <= INLINE_ROW_TITLE_MAX for b in buttons)
    return InlineKeyboardMarkup([keys] if one_row else [[key] for key in keys])


def contact_keyboard(label: str) -> ReplyKeyboardMarkup:
    """Return the one-time keyboard with a single share-my-number button."""
    return ReplyKeyboardMarkup(
        [[KeyboardButton(label, request_contact=True)]], one_time_keyboard=True, resize_keyboard=True
    )


Markup = InlineKeyboardMarkup | ReplyKeyboardMarkup | ReplyKeyboardRemove


def render(payload: OutboundPayload) -> list[tuple[str, Markup | None]]:
    """Return the (text, reply_markup) messages one payload becomes, in sending order.

    Inline buttons ride on the last text part. The contact keyboard rides on the last part too,
    unless there are inline buttons (a message carries one markup): then it follows as its own
    message whose text is its label. A message without buttons removes any stale contact keyboard.
    Raises ValueError for programming errors: over-long button ids, nothing to send.
    """
    contact_labels = [b.title for b in payload.buttons if b.id == CONTACT_BUTTON_ID]
    inline_buttons = tuple(b for b in payload.buttons if b.id != CONTACT_BUTTON_ID)
    inline = inline_keyboard(inline_buttons)
    if not payload.text.strip():
        raise ValueError("nothing to send: empty text")
    parts = split_text(payload.text)
    messages: list[tuple[str, Markup | None]] = [(part, None) for part in parts[:-1]]
    contact = None
    if payload.request_contact:
        if not contact_labels:
            log.warning("request_contact without a %r button: using the default label", CONTACT_BUTTON_ID)
        contact = contact_keyboard(contact_labels[-1] if contact_labels else DEFAULT_CONTACT_LABEL)
    if inline is not None:
        messages.append((parts[-1], inline))
        if contact is not None:
            messages.append((contact.keyboard[0][0].text, contact))
    else:
        messages.append((parts[-1], contact if contact is not None else ReplyKeyboardRemove()))
    return messages


# ── Errors → outcomes ──


def _retry_after_seconds(exc: RetryAfter) -> float:
    with warnings.catch_warnings():  # PTB 22.2+ warns that the int attribute will become a timedelta
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        value = exc.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


# Checked in order, first match wins: subclasses before their bases (BadRequest and TimedOut are
# NetworkErrors in PTB). PTB strips "Bad Request: " and capitalises, so match case-insensitively.
# (exception class, text the message contains or None, outcome, error_code)
ERROR_TABLE: tuple[tuple[type[TelegramError], str | None, Outcome, str], ...] = (
    (Forbidden, None, "unreachable", "403"),  # bot was blocked by the user, user is deactivated
    (BadRequest, "chat not found", "unreachable", "400"),
    (BadRequest, "peer_id_invalid", "unreachable", "400"),
    (BadRequest, None, "failed", "400"),
    (ChatMigrated, None, "unreachable", "400"),  # groups only; we serve private chats
    (InvalidToken, None, "retry", "401"),  # misconfiguration: keep the message until it is fixed
    (TimedOut, None, "retry", "timeout"),
    (NetworkError, None, "retry", "network"),  # includes 5xx and connection failures
    (TelegramError, None, "failed", "telegram"),
)


def result_for_error(exc: TelegramError, redact: Callable[[str], str] = lambda s: s) -> SendResult:
    """Map a python-telegram-bot error to a SendResult."""
    if isinstance(exc, RetryAfter):
        return SendResult("retry", retry_after=_retry_after_seconds(exc), error_code="429", error=redact(str(exc)))
    text = str(exc)
    for cls, contains, outcome, code in ERROR_TABLE:
        if isinstance(exc, cls) and (contains is None or contains in text.casefold()):
            return SendResult(outcome, error_code=code, error=redact(text))
    return SendResult("failed", error=redact(text))  # unreachable: TelegramError is the last row


# ── Sending ──


class TelegramSender:
    """Sends outbound payloads through one Telegram bot; implements bot.channels.base.Sender."""

    channel = CHANNEL

    def __init__(
        self, token: str, base_url: str = DEFAULT_API_BASE_URL, *, request: BaseRequest | None = None
    ) -> None:
        self._token = token
        self._bot = telegram.Bot(token, base_url=f"{base_url.rstrip('/')}/bot", request=request)
        self._started = False

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._bot.base_url.replace(self._token, '<token>')!r})"

    @property
    def bot(self) -> telegram.Bot:
        """The underlying Bot, e.g. for `parse_update(data, sender.bot)`."""
        return self._bot

    def _redact(self, text: str) -> str:
        return text.replace(self._token, "<token>") if self._token else text

    async def start(self) -> None:
        """Open the HTTP client and check the token (calls getMe)."""
        await self._bot.initialize()
        self._started = True

    async def close(self) -> None:
        """Close the HTTP client."""
        await self._bot.shutdown()
        self._started = False

    async def __aenter__(self) -> TelegramSender:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def send(self, payload: OutboundPayload) -> SendResult:
        """Send one payload (split when long); the result is the last part's, or the first failure's."""
        try:
            chat_id = int(payload.to)
        except ValueError:
            return SendResult("failed", error=f"not a Telegram chat id: {payload.to!r}")
        if payload.template is not None and not payload.text:
            return SendResult("failed", error="templates are WhatsApp-only; Telegram needs text")
        messages = render(payload)  # ValueError here is a programming error: let it raise
        sent: Message | None = None
        for index, (text, markup) in enumerate(messages):
            try:
                if not self._started:
                    await self.start()
                sent = await self._bot.send_message(chat_id=chat_id, text=text, reply_markup=markup)
            except TelegramError as exc:
                result = result_for_error(exc, self._redact)
                if index:
                    note = f" (after {index} of {len(messages)} parts were sent)"
                    result = SendResult(result.outcome, None, result.retry_after, result.error_code, (result.error or "") + note)
                return result
        assert sent is not None
        return SendResult("sent", provider_message_id=f"{chat_id}:{sent.message_id}")

    async def get_updates(self, offset: int | None, timeout: int) -> list[dict[str, Any]]:
        """Long-poll for updates (polling mode); returns raw update dicts for `parse_update`."""
        if not self._started:
            await self.start()
        updates = await self._bot.get_updates(offset=offset, timeout=timeout, allowed_updates=list(ALLOWED_UPDATES))
        return [json.loads(update.to_json()) for update in updates]  # plain JSON types, no enums

    async def configure(
        self,
        webhook_url: str | None,
        secret: str | None,
        commands: dict[str | None, list[tuple[str, str]]],
        descriptions: dict[str | None, str],
    ) -> None:
        """Set (or delete) the webhook, and the command menu and description per language.

        Keys of `commands` and `descriptions` are language codes: None (or "") for the default,
        "hi", "en".
        """
        if not self._started:
            await self.start()
        if webhook_url:
            await self._bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False
            )
        else:
            await self._bot.delete_webhook(drop_pending_updates=False)
        for language, entries in commands.items():
            await self._bot.set_my_commands(
                [BotCommand(name, description) for name, description in entries], language_code=language or None
            )
        for language, description in descriptions.items():
            await self._bot.set_my_description(description, language_code=language or None)
