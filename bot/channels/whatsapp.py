"""Carry WhatsApp through Twilio: verify and read webhooks, read status callbacks, render and send replies."""

# Inbound webhooks and status callbacks are form-encoded and signed with X-Twilio-Signature over the
# exact public URL plus every posted field. Outbound messages go through twilio's REST client in its
# asynchronous form, over one pooled aiohttp session (no thread per send). Outside the 24-hour session window WhatsApp accepts
# only approved templates (Content SID + variables); interactive quick-reply buttons also need a
# Content SID, so without one the options are sent as numbered lines that the engine understands.

from __future__ import annotations

import hmac
import json
import logging
from collections.abc import Callable, Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from typing import Any
from urllib.parse import parse_qsl, urlparse, urlsplit

import aiohttp
from twilio.base.exceptions import (
    TwilioException,
    TwilioRestException,
    TwilioServiceException,
)
from twilio.http import AsyncHttpClient
from twilio.http.response import Response as TwilioResponse
from twilio.request_validator import RequestValidator, add_port, remove_port
from twilio.rest import Client

from bot.channels.base import (
    InboundMessage,
    OutboundPayload,
    Outcome,
    SendResult,
    Template,
)
from bot.engine.clean import BUTTON_MAX, ID_MAX, NAME_MAX, TEXT_MAX, clean_id, clean_text
from bot.engine.model import Button, Inbound
from bot.engine.validators import InvalidInput, find_mobile

__all__ = [
    "CHANNEL",
    "CONTACT_SHARE_BUTTON",
    "DEFAULT_API_BASE_URL",
    "DEFAULT_TIMEOUT_SECONDS",
    "ERROR_OUTCOMES",
    "PER_SENDER_PER_SECOND",
    "QUICK_REPLY_MAX",
    "QUICK_REPLY_TITLE_MAX",
    "SESSION_WINDOW",
    "SIGNATURE_HEADER",
    "STATUS_MAP",
    "WHATSAPP_PREFIX",
    "StatusUpdate",
    "WhatsAppSender",
    "error_outcome",
    "numbered_options",
    "parse_inbound",
    "parse_status",
    "public_url",
    "read_form",
    "render_text",
    "signature_valid",
    "within_session",
]

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- provider facts

CHANNEL = "whatsapp"
WHATSAPP_PREFIX = "whatsapp:"
PER_SENDER_PER_SECOND = 80  # Twilio's WhatsApp throughput per sender; pace sends yourself
QUICK_REPLY_MAX = 3  # in-session quick-reply buttons per message
QUICK_REPLY_TITLE_MAX = 20  # characters per quick-reply title
SESSION_WINDOW = timedelta(hours=24)  # free-form messages only this long after the user's last message
SIGNATURE_HEADER = "X-Twilio-Signature"
FORM_FIELDS_MAX = 200  # Twilio posts a few dozen fields at most; a form with more is not Twilio's
DEFAULT_API_BASE_URL = "https://api.twilio.com"
DEFAULT_TIMEOUT_SECONDS = 15.0  # twilio's own client waits forever unless given a timeout
ERROR_CODE_MAX = 16  # Twilio's error codes are five digits; the column that keeps one is 16 wide
CONTACT_SHARE_BUTTON = "contact:share"  # Telegram's share-my-number button; WhatsApp already knows the number

# Twilio MessageStatus → our delivery status. Statuses of inbound messages (receiving, received) are
# not ours to track and are left out, so parse_status ignores them.
STATUS_MAP: dict[str, str] = {
    "accepted": "queued",
    "scheduled": "queued",
    "queued": "queued",
    "sending": "queued",
    "sent": "sent",
    "delivered": "delivered",
    "read": "read",
    "failed": "failed",
    "undelivered": "undelivered",
    "canceled": "failed",
}

# Twilio error code → what the outbox does about it. Codes not listed are permanent failures.
ERROR_OUTCOMES: dict[str, Outcome] = {
    "21610": "opted_out",  # the recipient replied STOP: unsubscribed
    "63016": "needs_template",  # outside the 24-hour window: free-form not allowed
    "63018": "retry",  # rate limit exceeded for the WhatsApp sender
    "20429": "retry",  # too many requests to the REST API
    "21211": "failed",  # invalid 'To' number
    "21614": "failed",  # 'To' is not a valid mobile number
    "63003": "unreachable",  # channel could not find the To address (not on WhatsApp)
    "20003": "retry",  # authentication failed: a credentials mix-up ops can fix; don't drop the queue
    "63024": "failed",  # invalid message recipient
}


def error_outcome(code: str | int | None) -> Outcome:
    """Return what to do about a Twilio error code: the ERROR_OUTCOMES entry, else "failed"."""
    return ERROR_OUTCOMES.get(str(code), "failed") if code not in (None, "") else "failed"


def within_session(last_inbound_at: datetime | None, now: datetime) -> bool:
    """Say whether a free-form message may still be sent: the user wrote within SESSION_WINDOW."""
    return last_inbound_at is not None and now - last_inbound_at < SESSION_WINDOW


# --------------------------------------------------------------------------- webhook signatures


def signature_valid(auth_token: str, url: str, params: Mapping[str, str], signature: str | None) -> bool:
    """Say whether X-Twilio-Signature matches the public URL and all posted fields; False when missing."""
    if not signature or not auth_token:
        return False
    validator, given, parsed = RequestValidator(auth_token), signature.encode("utf-8", "replace"), urlparse(url)
    # Twilio signs the URL with or without its port (docs: "validating signatures"); the form without it, the one a
    # webhook URL is configured with, is computed first and the other only when that fails. Each comparison takes
    # the same time whatever the bytes; which form matched says nothing of the token.
    return any(hmac.compare_digest(validator.compute_signature(uri, params).encode(), given) for uri in (remove_port(parsed), add_port(parsed)))


def read_form(raw: bytes) -> dict[str, str] | None:
    """Return the fields of an url-encoded body as plain strings (the last of a repeated name wins), or None with too many fields."""
    try:
        pairs = parse_qsl(raw.decode("utf-8", "replace"), keep_blank_values=True, errors="replace", max_num_fields=FORM_FIELDS_MAX)
    except ValueError:  # more than FORM_FIELDS_MAX fields
        return None
    return dict(pairs)


def public_url(public_base_url: str, path: str, query: str) -> str:
    """Rebuild the URL Twilio called: configured public base (no trailing slash) + path + raw query."""
    url = public_base_url.rstrip("/") + "/" + path.lstrip("/")
    return f"{url}?{query}" if query else url


# --------------------------------------------------------------------------- inbound


def _address(value: str | None) -> str:
    """Return a Twilio address without its channel prefix: "whatsapp:+9198…" → "+9198…"."""
    value = (value or "").strip()
    if value.lower().startswith(WHATSAPP_PREFIX):
        value = value[len(WHATSAPP_PREFIX) :]
    return value.strip()


def _indian_mobile(number: str) -> str | None:
    """Return number as +91XXXXXXXXXX when it is an Indian mobile (the GeM login needs one), else None."""
    try:
        return find_mobile(number)
    except InvalidInput:
        return None


def _int(value: str | None) -> int:
    try:
        return int(value or 0)
    except ValueError:
        return 0


def _text(form: Mapping[str, str], name: str, limit: int = TEXT_MAX, *, multiline: bool = True) -> str:
    """Return one form field cleaned at the edge ("" when absent)."""
    value = form.get(name)
    return clean_text(value, limit, multiline=multiline) if isinstance(value, str) else ""


def parse_inbound(form: Mapping[str, str]) -> InboundMessage | None:
    """Lift one WhatsApp message out of Twilio's webhook fields; None when From or MessageSid is missing or malformed."""
    number = clean_id(_address(_text(form, "From", multiline=False)))
    sid = clean_id(_text(form, "MessageSid", multiline=False) or _text(form, "SmsMessageSid", multiline=False) or _text(form, "SmsSid", multiline=False))
    if not number or not sid:
        return None
    phone = _indian_mobile(number)
    body = _text(form, "Body")
    # Quick-reply taps become kind "button" (ButtonPayload is the button id, ButtonText the text); a shared location
    # becomes "location"; media without a caption becomes "media" (with a caption it is text). Fields Twilio adds
    # later are ignored.
    button_id = (_text(form, "ButtonPayload", BUTTON_MAX, multiline=False) or _text(form, "ListId", BUTTON_MAX, multiline=False)).strip()
    button_text = _text(form, "ButtonText", BUTTON_MAX) or _text(form, "ListTitle", BUTTON_MAX)
    if button_id:
        inbound = Inbound(kind="button", text=button_text or body or None, button=button_id, phone=phone)
    elif form.get("Latitude") and form.get("Longitude"):
        inbound = Inbound(kind="location", phone=phone)
    elif _int(form.get("NumMedia")) > 0 and not body.strip():
        inbound = Inbound(kind="media", phone=phone)
    else:
        inbound = Inbound(kind="text", text=body or _text(form, "ButtonText", BUTTON_MAX), phone=phone)
    return InboundMessage(
        channel=CHANNEL,
        external_id=number,
        provider_message_id=sid,
        inbound=inbound,
        profile_name=_text(form, "ProfileName", NAME_MAX, multiline=False).strip() or None,
    )


# --------------------------------------------------------------------------- status callbacks


@dataclass(frozen=True, slots=True)
class StatusUpdate:
    """Hold one delivery report for a message we sent."""

    provider_message_id: str
    status: str  # a STATUS_MAP value: queued | sent | delivered | read | failed | undelivered
    error_code: str | None
    raw_status: str

    @property
    def outcome(self) -> Outcome | None:
        """Return what the error code asks for (e.g. needs_template), None without an error."""
        return error_outcome(self.error_code) if self.error_code else None


def parse_status(form: Mapping[str, str]) -> StatusUpdate | None:
    """Read a status callback; None without a message SID or for statuses we do not track (received)."""
    sid = clean_id(_text(form, "MessageSid", multiline=False) or _text(form, "SmsSid", multiline=False))
    raw = (_text(form, "MessageStatus", ID_MAX, multiline=False) or _text(form, "SmsStatus", ID_MAX, multiline=False)).strip().lower()
    status = STATUS_MAP.get(raw)
    if not sid or status is None:
        return None
    code = _text(form, "ErrorCode", ERROR_CODE_MAX, multiline=False).strip()
    return StatusUpdate(provider_message_id=sid, status=status, error_code=code if code and code != "0" else None, raw_status=raw)


# --------------------------------------------------------------------------- rendering


def numbered_options(text: str, buttons: list[Button] | tuple[Button, ...]) -> str:
    """Return text followed by the options as "1. title" lines (the engine accepts the number)."""
    if not buttons:
        return text
    lines = "\n".join(f"{n}. {button.title}" for n, button in enumerate(buttons, start=1))
    return f"{text}\n\n{lines}" if text else lines


def render_text(payload: OutboundPayload) -> tuple[str, list[Button]]:
    """Render a free-form reply: (text, quick replies) when the buttons fit WhatsApp, else (numbered text, [])."""
    buttons = [b for b in payload.buttons if b.id != CONTACT_SHARE_BUTTON]
    if 1 <= len(buttons) <= QUICK_REPLY_MAX and all(len(b.title) <= QUICK_REPLY_TITLE_MAX for b in buttons):
        return payload.text, buttons
    return numbered_options(payload.text, buttons), []


# --------------------------------------------------------------------------- sending


def quick_reply_templates(sids: Mapping[str, str]) -> Callable[[str, list[Button]], Template | None]:
    """Return a chooser of in-session quick-reply Content templates, one per number of buttons."""
    # Each template (made once in Twilio's Content API, type twilio/quick-reply; in-session ones need no approval)
    # has the body "{{1}}", button titles "{{2}}"… and ids after the titles, so one template serves every question
    # with that many buttons.

    def choose(text: str, buttons: list[Button]) -> Template | None:
        sid = sids.get(str(len(buttons)))
        if sid is None:
            return None
        variables = {"1": text}
        for n, button in enumerate(buttons):
            variables[str(2 + n)] = button.title
            variables[str(2 + len(buttons) + n)] = button.id
        return Template(content_sid=sid, variables=variables)

    return choose


_LAST_RESPONSE: ContextVar[TwilioResponse | None] = ContextVar("twilio_last_response", default=None)


class _AiohttpClient(AsyncHttpClient):
    """Implement twilio's asynchronous HTTP client interface over one pooled aiohttp session."""

    # Each answer is also remembered in a context variable, so the send that made the request (its own asyncio
    # task) can read the Retry-After header of a 429 while other sends run alongside. The session is opened on
    # first use, inside the event loop (twilio's own AsyncTwilioHttpClient wants it made up front).

    def __init__(self, timeout: float | None) -> None:
        super().__init__(logging.getLogger("twilio.http_client"), True, timeout)
        self._timeout = aiohttp.ClientTimeout(total=timeout, connect=min(timeout, 5.0) if timeout else None)
        self.session: aiohttp.ClientSession | None = None

    async def request(  # type: ignore[override]
        self,
        method: str,
        url: str,
        params: dict[str, object] | None = None,
        data: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
        auth: tuple[str, str] | None = None,
        timeout: float | None = None,
        allow_redirects: bool = False,
    ) -> TwilioResponse:
        _LAST_RESPONSE.set(None)
        if self.session is None or self.session.closed:
            self.session = aiohttp.ClientSession(timeout=self._timeout, connector=aiohttp.TCPConnector(limit=100))
        headers = dict(headers or {})
        if auth:
            headers["Authorization"] = aiohttp.encode_basic_auth(*auth)
        options: dict[str, Any] = {"timeout": aiohttp.ClientTimeout(total=timeout)} if timeout else {}  # else the session's
        async with self.session.request(
            method.upper(), url, params=params, data=data, headers=headers, allow_redirects=allow_redirects, **options
        ) as answer:
            response = TwilioResponse(answer.status, await answer.text(), answer.headers)
        _LAST_RESPONSE.set(response)
        return response

    async def close(self) -> None:
        if self.session is not None:
            await self.session.close()
            self.session = None

    @staticmethod
    def last_headers() -> Mapping[str, str]:
        """Return the headers of this task's last response, empty when there was none."""
        response = _LAST_RESPONSE.get()
        return (response.headers or {}) if response is not None else {}


def _retry_after(headers: Mapping[str, str]) -> float | None:
    """Return seconds from a Retry-After header (delta-seconds or HTTP date), None when absent or bad."""
    value = next((v for k, v in headers.items() if k.lower() == "retry-after"), None)
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=timezone.utc)
    return max(0.0, (when - datetime.now(timezone.utc)).total_seconds())


class WhatsAppSender:
    """Send outbound payloads through Twilio's Messages API from one WhatsApp sender."""

    channel = CHANNEL

    def __init__(
        self,
        account_sid: str,
        auth_token: str,
        from_number: str,
        *,
        base_url: str = DEFAULT_API_BASE_URL,
        status_callback_url: str | None = None,
        quick_reply_content: Callable[[str, list[Button]], Template | None] | None = None,
        timeout: float | None = DEFAULT_TIMEOUT_SECONDS,
    ) -> None:
        self.from_number = _address(from_number)
        self.status_callback_url = status_callback_url
        self.quick_reply_content = quick_reply_content
        self._http = _AiohttpClient(timeout)
        self._client = Client(account_sid, auth_token, http_client=self._http)
        self._client.api.base_url = base_url.rstrip("/")
        if not (urlsplit(base_url).hostname or "").endswith("twilio.com"):
            # twilio reads TWILIO_EDGE / TWILIO_REGION from the environment and would rewrite the host.
            self._client.edge = self._client.region = None
        self._messages = self._client.messages  # resolve the lazy properties once

    def __repr__(self) -> str:  # never show the token
        return f"<WhatsAppSender from={self.from_number}>"

    def _params(self, payload: OutboundPayload) -> dict[str, Any]:
        """Return the Messages.create arguments for one payload."""
        params: dict[str, Any] = {"from_": WHATSAPP_PREFIX + self.from_number, "to": WHATSAPP_PREFIX + _address(payload.to)}
        if self.status_callback_url:
            params["status_callback"] = self.status_callback_url
        template = payload.template
        if template is None:
            text, quick_replies = render_text(payload)
            if quick_replies and self.quick_reply_content is not None:
                template = self.quick_reply_content(text, quick_replies)
            if template is None:
                params["body"] = numbered_options(text, quick_replies)
                return params
        params["content_sid"] = template.content_sid
        if template.variables:
            params["content_variables"] = json.dumps(template.variables, ensure_ascii=False)
        return params

    async def _create(self, params: dict[str, Any]) -> SendResult:
        """Call Twilio and turn the answer into a SendResult."""
        try:
            message = await self._messages.create_async(**params)
        except (TwilioRestException, TwilioServiceException) as exc:
            return self._rest_error(exc)
        except TimeoutError:
            log.warning("twilio send: timed out")
            return SendResult("retry", error_code="timeout", error="Timed out")
        except aiohttp.ClientError as exc:
            log.warning("twilio send: network error %s", type(exc).__name__)
            return SendResult("retry", error_code="network", error=type(exc).__name__)
        except TwilioException as exc:
            log.warning("twilio send: client error %s", type(exc).__name__)
            return SendResult("retry", error=type(exc).__name__)
        return SendResult("sent", provider_message_id=message.sid)

    def _rest_error(self, exc: TwilioRestException | TwilioServiceException) -> SendResult:
        status = int(exc.status or 0)
        code = str(exc.code) if exc.code else None
        if isinstance(exc, TwilioServiceException):
            message = " - ".join(part for part in (exc.title, exc.detail) if part)
        else:
            message = str(exc.msg)
        if code in ERROR_OUTCOMES:
            outcome = ERROR_OUTCOMES[code]
        elif status == 429 or status >= 500:
            outcome = "retry"
        else:
            outcome = "failed"
        retry_after = _retry_after(self._http.last_headers()) if outcome == "retry" else None
        log.warning("twilio send: HTTP %s code %s -> %s", status, code, outcome)
        return SendResult(outcome, retry_after=retry_after, error_code=code or (str(status) if status else None), error=message or None)

    async def send(self, payload: OutboundPayload) -> SendResult:
        """Send one payload; never raises for provider or network errors."""
        return await self._create(self._params(payload))

    async def close(self) -> None:
        """Release the HTTP connection pool."""
        await self._http.close()
