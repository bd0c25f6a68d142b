"""Adapt the Telegram Bot API: lift updates into inbound messages, send outbound payloads, map errors."""

# Parsing (`parse_update`) is pure: no network, no database, python-telegram-bot's `Update.de_json`.
# Sending (`TelegramSender`) posts sendMessage JSON itself and leaves the rarer API calls to
# python-telegram-bot's `Bot`, both pointed at `base_url` (the real API, or a fake server in tests).

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

import aiohttp
import telegram
from telegram import BotCommand, Message
from telegram.constants import ChatType
from telegram.error import InvalidToken, NetworkError, TelegramError, TimedOut

from bot.channels.base import InboundMessage, OutboundPayload, Outcome, SendResult
from bot.engine.clean import BUTTON_MAX, NAME_MAX, TEXT_MAX, clean_id, clean_text
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
E164_DIGITS_MAX = 15  # an international phone number has at most 15 digits
REASON_MAX = 64  # characters of an ignored update's kind kept for the log
UPDATE_ID_MAX = 2**63 - 1  # update ids are far smaller; beyond a signed 64-bit integer is not Telegram

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
    """Tell what one update means: a message for the runner, a webhook answer, or why it was ignored."""

    message: InboundMessage | None = None
    # A Bot API method call to return as the webhook's HTTP response body (Telegram executes it),
    # e.g. answerCallbackQuery so a tapped button's spinner stops.
    answer: dict[str, Any] | None = None
    ignored_reason: str | None = None


def parse_update(data: dict[str, Any], bot: telegram.Bot | None = None) -> ParsedUpdate:
    """Lift one Telegram update (the JSON Telegram posts) into a ParsedUpdate; never raises."""
    if not isinstance(data, dict):
        return ParsedUpdate(ignored_reason="malformed: not an object")
    update_id = data.get("update_id")
    if not isinstance(update_id, int) or isinstance(update_id, bool) or not 0 <= update_id <= UPDATE_ID_MAX:
        return ParsedUpdate(ignored_reason="malformed: update_id")
    kinds = [key for key in data if key != "update_id"]
    if not any(kind in ALLOWED_UPDATES for kind in kinds):
        # Decide from the raw keys: update types we ignore need not parse in this PTB version.
        # The reason goes to the log: a key of the client's choosing, so cleaned and cut short.
        return ParsedUpdate(ignored_reason=_reason(kinds[0]) if kinds else "empty update")
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


def _reason(value: object) -> str:
    """Return a value of the client's choosing as it may go into the log: cleaned, on one line, cut short."""
    return clean_text(str(value), REASON_MAX, multiline=False)


def _parse_callback_query(query: telegram.CallbackQuery, provider_id: str) -> ParsedUpdate:
    query_id = clean_id(query.id) if isinstance(query.id, str) else None
    if query_id is None:  # the answer echoes it: it must be a short, clean string
        return ParsedUpdate(ignored_reason="malformed: callback_query id")
    answer = {"method": "answerCallbackQuery", "callback_query_id": query_id}
    chat = query.message.chat if query.message is not None else None
    if chat is not None and chat.type != ChatType.PRIVATE:
        return ParsedUpdate(answer=answer, ignored_reason=f"chat type {_reason(chat.type)}")
    data = clean_text(query.data, BUTTON_MAX, multiline=False) if isinstance(query.data, str) else ""
    if not data.strip():
        return ParsedUpdate(answer=answer, ignored_reason="callback_query without data")
    external_id = clean_id(str(chat.id) if chat is not None else str(query.from_user.id))
    if external_id is None:
        return ParsedUpdate(answer=answer, ignored_reason="malformed: chat id")
    message = InboundMessage(
        channel=CHANNEL,
        external_id=external_id,
        provider_message_id=provider_id,
        inbound=Inbound(kind="button", button=data),
        profile_name=_full_name(query.from_user),
        callback_query_id=query_id,
    )
    return ParsedUpdate(message=message, answer=answer)


def _parse_message(msg: Message, provider_id: str, *, edited: bool) -> ParsedUpdate:
    if msg.chat.type != ChatType.PRIVATE:
        return ParsedUpdate(ignored_reason=f"chat type {_reason(msg.chat.type)}")
    lifted = _lift_message(msg)
    if lifted is None:
        return ParsedUpdate(ignored_reason="unsupported message content")
    inbound, start_payload = lifted
    external_id = clean_id(str(msg.chat.id))
    if external_id is None:
        return ParsedUpdate(ignored_reason="malformed: chat id")
    message = InboundMessage(
        channel=CHANNEL,
        external_id=external_id,
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
    text = clean_text(text, TEXT_MAX)
    command, _, rest = text.strip().partition(" ")
    if command.split("@", 1)[0].casefold() == "/start":
        payload = rest.strip()
        valid = payload if START_PAYLOAD_PATTERN.fullmatch(payload) else None
        return Inbound(kind="text", text="/start"), valid
    return Inbound(kind="text", text=text), None


def normalise_phone(number: str | None) -> str | None:
    """Return a contact's phone number as "+<digits>" (Telegram sends it with or without "+")."""
    digits = "".join(ch for ch in number or "" if ch.isascii() and ch.isdigit()) if isinstance(number, str) else ""
    return f"+{digits}" if 0 < len(digits) <= E164_DIGITS_MAX else None


def _full_name(user: telegram.User | None) -> str | None:
    if user is None:
        return None
    name = " ".join(part for part in (user.first_name, user.last_name) if isinstance(part, str) and part)
    return clean_text(name, NAME_MAX, multiline=False).strip() or None


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


def inline_keyboard(buttons: tuple[Button, ...] | list[Button]) -> dict[str, Any] | None:
    """Return the inline keyboard (Bot API JSON) for buttons: one row when short and few, else one per row."""
    if not buttons:
        return None
    for button in buttons:
        if len(button.id.encode("utf-8")) > CALLBACK_DATA_MAX_BYTES:
            raise ValueError(f"button id longer than {CALLBACK_DATA_MAX_BYTES} bytes: {button.id!r}")
    keys = [{"text": button.title, "callback_data": button.id} for button in buttons]
    one_row = len(keys) <= INLINE_ROW_MAX_BUTTONS and all(len(b.title) <= INLINE_ROW_TITLE_MAX for b in buttons)
    return {"inline_keyboard": [keys] if one_row else [[key] for key in keys]}


def contact_keyboard(label: str) -> dict[str, Any]:
    """Return the one-time keyboard (Bot API JSON) with a single share-my-number button."""
    return {"keyboard": [[{"text": label, "request_contact": True}]], "resize_keyboard": True, "one_time_keyboard": True}


REMOVE_KEYBOARD: dict[str, Any] = {"remove_keyboard": True}


def render(payload: OutboundPayload) -> list[tuple[str, dict[str, Any]]]:
    """Return the (text, reply_markup) messages one payload becomes, in sending order."""
    # Markups are Bot API JSON: InlineKeyboardMarkup, ReplyKeyboardMarkup or ReplyKeyboardRemove. Inline buttons
    # ride on the last text part. The contact keyboard rides on the last part too, unless there are inline buttons
    # (a message carries one markup): then it follows as its own message whose text is its label. A message
    # without buttons removes any stale contact keyboard. ValueError means a programming error: over-long button
    # ids, nothing to send.
    contact_labels = [b.title for b in payload.buttons if b.id == CONTACT_BUTTON_ID]
    inline = inline_keyboard(tuple(b for b in payload.buttons if b.id != CONTACT_BUTTON_ID))
    if not payload.text.strip():
        raise ValueError("nothing to send: empty text")
    parts = split_text(payload.text)
    label = None
    if payload.request_contact:
        if not contact_labels:
            log.warning("request_contact without a %r button: using the default label", CONTACT_BUTTON_ID)
        label = contact_labels[-1] if contact_labels else DEFAULT_CONTACT_LABEL
    messages: list[tuple[str, dict[str, Any]]] = [(part, {}) for part in parts[:-1]]
    if inline is not None:
        messages.append((parts[-1], inline))
        if label is not None:
            messages.append((label, contact_keyboard(label)))
    else:
        messages.append((parts[-1], contact_keyboard(label) if label is not None else REMOVE_KEYBOARD))
    return messages


# ── Errors → outcomes ──

# Bot API error answers look like {"ok": false, "error_code": 403, "description": "Forbidden: bot
# was blocked by the user", "parameters": {"retry_after": 3}}. Checked in order, first match wins.
# (error_code, text the description contains or None, outcome, the error_code we record)
ERROR_TABLE: tuple[tuple[int, str | None, Outcome, str], ...] = (
    (403, None, "unreachable", "403"),  # bot was blocked by the user, user is deactivated
    (400, "chat not found", "unreachable", "400"),
    (400, "peer_id_invalid", "unreachable", "400"),
    (400, None, "failed", "400"),
    (401, None, "retry", "401"),  # wrong token: keep the message until the configuration is fixed
    (404, None, "retry", "401"),  # the Bot API answers 404 to a token it does not know
)


def result_for_response(status: int, data: dict[str, Any] | None) -> SendResult:
    """Map a Bot API error answer (HTTP status and JSON body, when there is one) to a SendResult."""
    data = data or {}
    code = data["error_code"] if isinstance(data.get("error_code"), int) else status
    description = str(data.get("description") or f"{_phrase(status)} ({status})")
    parameters = data["parameters"] if isinstance(data.get("parameters"), dict) else {}
    if code == 429:
        wait = parameters.get("retry_after")
        return SendResult("retry", retry_after=float(wait) if isinstance(wait, (int, float)) else None, error_code="429", error=description)
    if "migrate_to_chat_id" in parameters:  # groups only; we serve private chats
        return SendResult("unreachable", error_code="400", error=description)
    folded = description.casefold()
    for error_code, contains, outcome, ours in ERROR_TABLE:
        if code == error_code and (contains is None or contains in folded):
            return SendResult(outcome, error_code=ours, error=description)
    if code >= 500 or status >= 500:
        return SendResult("retry", error_code="network", error=description)
    return SendResult("failed", error_code="telegram", error=description)


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "HTTP error"


def _result_for_start_error(exc: TelegramError, redact: Callable[[str], str]) -> SendResult:
    """Map a failed getMe (python-telegram-bot's exceptions) to a SendResult."""
    if isinstance(exc, InvalidToken):
        return SendResult("retry", error_code="401", error=redact(str(exc)))
    if isinstance(exc, TimedOut):
        return SendResult("retry", error_code="timeout", error=redact(str(exc)))
    if isinstance(exc, NetworkError):
        return SendResult("retry", error_code="network", error=redact(str(exc)))
    return SendResult("failed", error_code="telegram", error=redact(str(exc)))


# ── Sending ──

DEFAULT_TIMEOUT_SECONDS = 10.0
_JSON_HEADERS = {"Content-Type": "application/json"}


class TelegramSender:
    """Send outbound payloads through one Telegram bot; implement bot.channels.base.Sender."""

    # Every reply and broadcast goes straight to the Bot API's sendMessage as JSON over one pooled aiohttp session,
    # a fraction of the CPU of python-telegram-bot's object model (see docs/decisions.md). The rarer calls
    # (getMe, getUpdates, setWebhook, command menus) go through python-telegram-bot's `Bot`.

    channel = CHANNEL

    def __init__(self, token: str, base_url: str = DEFAULT_API_BASE_URL, *, timeout: float = DEFAULT_TIMEOUT_SECONDS) -> None:
        root = base_url.rstrip("/")
        self._token = token
        self._bot = telegram.Bot(token, base_url=f"{root}/bot")
        self._send_url = f"{root}/bot{token}/sendMessage"
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=min(timeout, 5.0))
        self._session: aiohttp.ClientSession | None = None
        self._started = False
        self._starting = asyncio.Lock()

    def __repr__(self) -> str:
        return f"{type(self).__name__}(base_url={self._bot.base_url.replace(self._token, '<token>')!r})"

    @property
    def bot(self) -> telegram.Bot:
        """Return the underlying Bot, e.g. for `parse_update(data, sender.bot)`."""
        return self._bot

    def redact(self, text: str) -> str:
        """Return text with the bot token replaced by "<token>" (PTB puts it in some error messages)."""
        return text.replace(self._token, "<token>") if self._token else text

    async def start(self) -> None:
        """Open the HTTP clients and check the token (calls getMe)."""
        async with self._starting:  # the start-up retry and a worker's send may both try while Telegram is down
            if self._started:
                return
            await self._bot.initialize()
            if self._session is None or self._session.closed:
                self._session = aiohttp.ClientSession(timeout=self._timeout, connector=aiohttp.TCPConnector(limit=100))
            self._started = True

    async def close(self) -> None:
        """Close the HTTP clients."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        await self._bot.shutdown()
        self._started = False

    async def __aenter__(self) -> TelegramSender:
        await self.start()
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _send_message(self, body: dict[str, Any]) -> tuple[int, dict[str, Any] | None]:
        """POST one sendMessage; return the HTTP status and the JSON answer (None when it is not JSON)."""
        assert self._session is not None
        async with self._session.post(self._send_url, data=json.dumps(body, ensure_ascii=False).encode(), headers=_JSON_HEADERS) as response:
            raw = await response.read()
        try:
            data = json.loads(raw)
        except ValueError:
            data = None
        return response.status, data if isinstance(data, dict) else None

    @staticmethod
    def messages_in(payload: OutboundPayload) -> int:
        """Return how many sendMessage calls this payload takes."""
        # Text over 4,096 UTF-16 units goes in parts, and a contact keyboard beside inline buttons as a message of its own.
        if len(payload.text) <= MESSAGE_TEXT_MAX // 2 and not payload.request_contact:  # ≤ 2 units a character: one part
            return 1
        try:
            return len(render(payload))
        except ValueError:  # nothing to send: send() says so without calling the API
            return 1

    async def send(self, payload: OutboundPayload) -> SendResult:
        """Send one payload (split when long); the result is the last part's, or the first failure's."""
        try:
            chat_id = int(payload.to)
        except ValueError:
            return SendResult("failed", error=f"not a Telegram chat id: {payload.to!r}")
        if payload.template is not None and not payload.text:
            return SendResult("failed", error="templates are WhatsApp-only; Telegram needs text")
        messages = render(payload)  # ValueError here is a programming error: let it raise
        message_id = None
        for index, (text, markup) in enumerate(messages):
            body: dict[str, Any] = {"chat_id": chat_id, "text": text}
            if markup:
                body["reply_markup"] = markup
            try:
                if not self._started:
                    await self.start()
                status, data = await self._send_message(body)
            except TelegramError as exc:  # from start(): getMe failed
                result = _result_for_start_error(exc, self.redact)
            except TimeoutError:  # asyncio.TimeoutError is TimeoutError since Python 3.11
                result = SendResult("retry", error_code="timeout", error="Timed out")
            except aiohttp.ClientError as exc:
                result = SendResult("retry", error_code="network", error=self.redact(f"{type(exc).__name__}: {exc}"))
            else:
                if data is not None and data.get("ok") is True and isinstance(data.get("result"), dict):
                    message_id = data["result"].get("message_id")
                    continue
                result = result_for_response(status, data)
                result = SendResult(result.outcome, None, result.retry_after, result.error_code, self.redact(result.error or ""))
            if index:
                note = f" (after {index} of {len(messages)} parts were sent)"
                result = SendResult(result.outcome, None, result.retry_after, result.error_code, (result.error or "") + note)
            return result
        return SendResult("sent", provider_message_id=f"{chat_id}:{message_id}")

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
        """Set (or delete) the webhook, and the command menu and description per language."""
        if not self._started:
            await self.start()
        if webhook_url:
            await self._bot.set_webhook(
                webhook_url, secret_token=secret, allowed_updates=list(ALLOWED_UPDATES), drop_pending_updates=False
            )
        else:
            await self._bot.delete_webhook(drop_pending_updates=False)
        # Keys of `commands` and `descriptions` are language codes: None (or "") for the default, "hi", "en".
        for language, entries in commands.items():
            await self._bot.set_my_commands(
                [BotCommand(name, description) for name, description in entries], language_code=language or None
            )
        for language, description in descriptions.items():
            await self._bot.set_my_description(description, language_code=language or None)
