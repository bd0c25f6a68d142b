"""Telegram adapter: update parsing, webhook secret, and sending against a fake Bot API server on loopback."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

import pytest

from bot.channels.base import InboundMessage, OutboundPayload, SendResult, Template
from bot.channels.telegram import (
    CALLBACK_DATA_MAX_BYTES,
    CHANNEL,
    CONTACT_BUTTON_ID,
    DEFAULT_CONTACT_LABEL,
    MESSAGE_TEXT_MAX,
    ParsedUpdate,
    TelegramSender,
    parse_update,
    render,
    secret_matches,
    split_text,
)
from bot.engine.model import Button, Inbound
from tests.fakes import Recorder, Scripted, fake_telegram, free_port, serve

TOKEN = "123456789:AAH-test-token_DoNotLog"
CHAT_ID = 424242
DATE = 1767225600  # 2026-01-01T00:00:00Z


# ── Update shapes, as https://core.telegram.org/bots/api documents them ──


def user(user_id: int = CHAT_ID, first_name: str = "Ramesh", last_name: str | None = "Gupta") -> dict[str, Any]:
    data: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name, "language_code": "hi"}
    if last_name:
        data["last_name"] = last_name
    return data


def private_chat(chat_id: int = CHAT_ID) -> dict[str, Any]:
    return {"id": chat_id, "first_name": "Ramesh", "last_name": "Gupta", "type": "private"}


def message(message_id: int = 11, chat: dict[str, Any] | None = None, sender: dict[str, Any] | None = None, **content: Any) -> dict[str, Any]:
    return {
        "message_id": message_id,
        "from": sender or user(),
        "chat": chat or private_chat(),
        "date": DATE,
        **content,
    }


def command(text: str) -> dict[str, Any]:
    name = text.split(" ", 1)[0]
    return message(text=text, entities=[{"offset": 0, "length": len(name), "type": "bot_command"}])


def update(update_id: int = 900001, **body: Any) -> dict[str, Any]:
    return {"update_id": update_id, **body}


def inbound_message(inbound: Inbound, **kw: Any) -> InboundMessage:
    values: dict[str, Any] = {
        "channel": CHANNEL,
        "external_id": str(CHAT_ID),
        "provider_message_id": "tg-update:900001",
        "inbound": inbound,
        "profile_name": "Ramesh Gupta",
    }
    values.update(kw)
    return InboundMessage(**values)


PHOTO = [
    {"file_id": "AgACAgUAAxkBAAIBsmZ-small", "file_unique_id": "AQADsmall", "file_size": 1203, "width": 90, "height": 67},
    {"file_id": "AgACAgUAAxkBAAIBsmZ-large", "file_unique_id": "AQADlarge", "file_size": 48211, "width": 800, "height": 600},
]
VOICE = {"file_id": "AwACAgUAAxkBAAIBs2Z-voice", "file_unique_id": "AgADvoice", "duration": 4, "mime_type": "audio/ogg", "file_size": 8123}
STICKER = {
    "file_id": "CAACAgIAAxkBAAIBtGZ-stick",
    "file_unique_id": "AgADstick",
    "type": "regular",
    "width": 512,
    "height": 512,
    "is_animated": False,
    "is_video": False,
    "emoji": "👍",
    "set_name": "HotCherry",
    "file_size": 23514,
}
DOCUMENT = {"file_id": "BQACAgUAAxkBAAIBtWZ-doc", "file_unique_id": "AgADdoc", "file_name": "udyam.pdf", "mime_type": "application/pdf", "file_size": 90211}
LOCATION = {"latitude": 26.846694, "longitude": 80.946166}
VENUE = {"location": LOCATION, "title": "Hazratganj", "address": "Hazratganj, Lucknow"}
CALLBACK_QUERY = {
    "id": "4382bfdwdsb323b2d9",
    "from": user(),
    "message": message(message_id=10, sender={"id": 123456789, "is_bot": True, "first_name": "GeM Saathi", "username": "gem_saathi_bot"}, text="भाषा चुनें / Choose language"),
    "chat_instance": "-8813436389182728011",
    "data": "ask_language:hi",
}
MY_CHAT_MEMBER = {
    "chat": private_chat(),
    "from": user(),
    "date": DATE,
    "old_chat_member": {"user": {"id": 123456789, "is_bot": True, "first_name": "GeM Saathi"}, "status": "member"},
    "new_chat_member": {"user": {"id": 123456789, "is_bot": True, "first_name": "GeM Saathi"}, "status": "kicked", "until_date": 0},
}
GROUP = {"id": -100200300, "title": "UP MSME Sellers", "type": "group"}
SUPERGROUP = {"id": -1001234567890, "title": "UP MSME Sellers", "type": "supergroup"}
ANSWER = {"method": "answerCallbackQuery", "callback_query_id": "4382bfdwdsb323b2d9"}
MEDIA = Inbound(kind="media")


PARSED = [
    pytest.param(update(message=message(text="hello")), inbound_message(Inbound(kind="text", text="hello")), None, id="text"),
    pytest.param(update(message=message(text="नमस्ते, मुझे GeM पर बेचना है")), inbound_message(Inbound(kind="text", text="नमस्ते, मुझे GeM पर बेचना है")), None, id="hindi-text"),
    pytest.param(update(message=command("/start abc123")), inbound_message(Inbound(kind="text", text="/start"), start_payload="abc123"), None, id="start-deep-link"),
    pytest.param(update(message=command("/start dist_LKO-162")), inbound_message(Inbound(kind="text", text="/start"), start_payload="dist_LKO-162"), None, id="start-payload-underscore-dash"),
    pytest.param(update(message=command("/start")), inbound_message(Inbound(kind="text", text="/start")), None, id="start-bare"),
    pytest.param(update(message=command("/start bad!payload")), inbound_message(Inbound(kind="text", text="/start")), None, id="start-invalid-chars"),
    pytest.param(update(message=command("/start " + "a" * 65)), inbound_message(Inbound(kind="text", text="/start")), None, id="start-payload-too-long"),
    pytest.param(update(message=command("/start@gem_saathi_bot xyz")), inbound_message(Inbound(kind="text", text="/start"), start_payload="xyz"), None, id="start-with-bot-name"),
    pytest.param(update(message=command("/help")), inbound_message(Inbound(kind="text", text="/help")), None, id="other-command"),
    pytest.param(update(callback_query=CALLBACK_QUERY), inbound_message(Inbound(kind="button", button="ask_language:hi"), callback_query_id="4382bfdwdsb323b2d9"), ANSWER, id="button-tap"),
    pytest.param(
        update(callback_query={k: v for k, v in CALLBACK_QUERY.items() if k != "message"} | {"inline_message_id": "AAAAAHkRAAAV"}),
        inbound_message(Inbound(kind="button", button="ask_language:hi"), callback_query_id="4382bfdwdsb323b2d9"),
        ANSWER,
        id="button-tap-without-message",
    ),
    pytest.param(
        update(message=message(contact={"phone_number": "919876543210", "first_name": "Ramesh", "last_name": "Gupta", "user_id": CHAT_ID})),
        inbound_message(Inbound(kind="contact", phone="+919876543210")),
        None,
        id="own-contact",
    ),
    pytest.param(
        update(message=message(contact={"phone_number": "+91 98765-43210", "first_name": "Ramesh", "user_id": CHAT_ID})),
        inbound_message(Inbound(kind="contact", phone="+919876543210")),
        None,
        id="own-contact-formatted",
    ),
    pytest.param(
        update(message=message(contact={"phone_number": "+919811122233", "first_name": "Suresh", "user_id": 777000111})),
        inbound_message(MEDIA),
        None,
        id="someone-elses-contact",
    ),
    pytest.param(
        update(message=message(contact={"phone_number": "+919811122233", "first_name": "Suresh"})),
        inbound_message(MEDIA),
        None,
        id="contact-without-user-id",
    ),
    pytest.param(update(message=message(photo=PHOTO, caption="my shop")), inbound_message(MEDIA), None, id="photo"),
    pytest.param(update(message=message(voice=VOICE)), inbound_message(MEDIA), None, id="voice"),
    pytest.param(update(message=message(sticker=STICKER)), inbound_message(MEDIA), None, id="sticker"),
    pytest.param(update(message=message(document=DOCUMENT)), inbound_message(MEDIA), None, id="document"),
    pytest.param(update(message=message(location=LOCATION)), inbound_message(Inbound(kind="location")), None, id="location"),
    pytest.param(update(message=message(location=LOCATION, venue=VENUE)), inbound_message(Inbound(kind="location")), None, id="venue"),
    pytest.param(
        update(edited_message=message(text="Gupta Traders Pvt Ltd", edit_date=DATE + 60)),
        inbound_message(Inbound(kind="text", text="Gupta Traders Pvt Ltd"), edited=True),
        None,
        id="edited-message",
    ),
    pytest.param(
        update(message=message(sender=user(last_name=None), text="hi")),
        inbound_message(Inbound(kind="text", text="hi"), profile_name="Ramesh"),
        None,
        id="first-name-only",
    ),
]


@pytest.mark.parametrize(("data", "expected", "answer"), PARSED)
def test_parse_update_lifts_messages(data: dict[str, Any], expected: InboundMessage, answer: dict[str, Any] | None) -> None:
    parsed = parse_update(data)
    assert parsed == ParsedUpdate(message=expected, answer=answer)


IGNORED = [
    pytest.param(update(message=message(chat=GROUP, text="hello")), None, "chat type group", id="group-message"),
    pytest.param(update(message=message(chat=SUPERGROUP, text="/start")), None, "chat type supergroup", id="supergroup-message"),
    pytest.param(update(callback_query=CALLBACK_QUERY | {"message": message(chat=GROUP, text="x")}), ANSWER, "chat type group", id="group-button-tap-still-answered"),
    pytest.param(update(callback_query={k: v for k, v in CALLBACK_QUERY.items() if k != "data"} | {"game_short_name": "g"}), ANSWER, "callback_query without data", id="button-without-data"),
    pytest.param(update(my_chat_member=MY_CHAT_MEMBER), None, "my_chat_member", id="my-chat-member"),
    pytest.param(
        update(channel_post={"message_id": 5, "sender_chat": {"id": -100999, "title": "News", "type": "channel"}, "chat": {"id": -100999, "title": "News", "type": "channel"}, "date": DATE, "text": "x"}),
        None,
        "channel_post",
        id="channel-post",
    ),
    pytest.param(update(poll={"id": "5", "question": "?", "options": [], "total_voter_count": 0, "is_closed": True, "is_anonymous": True, "type": "regular", "allows_multiple_answers": False}), None, "poll", id="poll-update"),
    pytest.param(update(some_future_update={"id": 1}), None, "some_future_update", id="unknown-update-type"),
    pytest.param(update(), None, "empty update", id="only-update-id"),
    pytest.param(update(message=message(write_access_allowed={"from_request": True})), None, "unsupported message content", id="service-message"),
]


@pytest.mark.parametrize(("data", "answer", "reason"), IGNORED)
def test_parse_update_ignores(data: dict[str, Any], answer: dict[str, Any] | None, reason: str) -> None:
    assert parse_update(data) == ParsedUpdate(answer=answer, ignored_reason=reason)


MALFORMED = [
    pytest.param({"message": message(text="hi")}, id="no-update-id"),
    pytest.param(update(message={"message_id": 1, "date": DATE, "text": "hi"}), id="message-without-chat"),
    pytest.param(update(message={"chat": private_chat(), "text": "hi"}), id="message-without-id-and-date"),
    pytest.param(update(callback_query={"id": "1", "data": "x"}), id="callback-without-from"),
    pytest.param(update(message="not an object"), id="message-is-a-string"),
    pytest.param(update(update_id="abc", message=message(text="hi")), id="update-id-not-a-number"),
    pytest.param([], id="not-an-object"),
    pytest.param({}, id="empty-object"),
]


@pytest.mark.parametrize("data", MALFORMED)
def test_parse_update_survives_malformed(data: Any) -> None:
    parsed = parse_update(data)
    assert parsed.message is None
    assert parsed.ignored_reason is not None and parsed.ignored_reason.startswith("malformed")


def test_parse_update_does_not_mutate_input() -> None:
    data = update(message=command("/start abc123"))
    before = json.dumps(data, sort_keys=True)
    parse_update(data)
    assert json.dumps(data, sort_keys=True) == before


@pytest.mark.parametrize(
    ("expected", "given", "ok"),
    [
        pytest.param("s3cret_Token-1", "s3cret_Token-1", True, id="valid"),
        pytest.param("s3cret_Token-1", "s3cret_Token-2", False, id="wrong"),
        pytest.param("s3cret_Token-1", "s3cret_Token-1 ", False, id="trailing-space"),
        pytest.param("s3cret_Token-1", None, False, id="missing-header"),
        pytest.param("s3cret_Token-1", "", False, id="empty-header"),
        pytest.param(None, "s3cret_Token-1", False, id="missing-config"),
        pytest.param("", "", False, id="both-empty"),
        pytest.param("s3cret", "सीक्रेट", False, id="non-ascii-header"),
    ],
)
def test_secret_matches(expected: str | None, given: str | None, ok: bool) -> None:
    assert secret_matches(expected, given) is ok


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        pytest.param("short", ["short"], id="short"),
        pytest.param("a" * MESSAGE_TEXT_MAX, ["a" * MESSAGE_TEXT_MAX], id="exactly-the-limit"),
        pytest.param("x" * 3000 + "\n" + "y" * 3000, ["x" * 3000, "y" * 3000], id="at-line-break"),
        pytest.param("w " * 2500, None, id="no-line-breaks-split-at-spaces"),
        pytest.param("z" * 5000, ["z" * MESSAGE_TEXT_MAX, "z" * 904], id="one-long-word"),
        pytest.param("🙂" * 2100, ["🙂" * 2048, "🙂" * 52], id="emoji-count-as-two-utf16-units"),
    ],
)
def test_split_text(text: str, parts: list[str] | None) -> None:
    got = split_text(text)
    assert all(len(p.encode("utf-16-le")) // 2 <= MESSAGE_TEXT_MAX for p in got)
    if parts is not None:
        assert got == parts
    else:
        assert len(got) == 2 and " ".join(p.strip() for p in got).split() == text.split()


@pytest.mark.parametrize(
    ("payload", "messages"),
    [
        pytest.param(OutboundPayload("1", "short"), 1, id="short"),
        pytest.param(OutboundPayload("1", "a" * MESSAGE_TEXT_MAX), 1, id="exactly-the-limit"),
        pytest.param(OutboundPayload("1", "z" * 5000), 2, id="long-text-in-two-parts"),
        pytest.param(OutboundPayload("1", "🙂" * 2100), 2, id="emoji-over-the-limit-in-utf16-units"),
        pytest.param(OutboundPayload("1", "z" * 9000, buttons=(Button("a", "A"),)), 3, id="three-parts-buttons-on-the-last"),
        pytest.param(OutboundPayload("1", "Your mobile?", buttons=(Button(CONTACT_BUTTON_ID, "Share"),), request_contact=True), 1, id="contact-keyboard-alone"),
        pytest.param(
            OutboundPayload("1", "Your mobile?", buttons=(Button("skip", "Skip"), Button(CONTACT_BUTTON_ID, "Share")), request_contact=True),
            2,
            id="contact-keyboard-beside-inline-buttons",
        ),
        pytest.param(OutboundPayload("1", "   "), 1, id="nothing-to-send-is-refused-once"),
    ],
)
def test_messages_in_counts_the_sendmessage_calls(payload: OutboundPayload, messages: int) -> None:
    """Each sendMessage takes its own send slot, so the worker must know how many a payload makes."""
    assert TelegramSender.messages_in(payload) == messages
    if payload.text.strip():
        assert len(render(payload)) == messages


# ── Sends against a fake Bot API server on loopback ──


def error(status: int, description: str, **parameters: Any) -> Scripted:
    """Return a Bot API error answer."""
    body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        body["parameters"] = parameters
    return Scripted(status, body)


@pytest.fixture(scope="module")
def fake_server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    with serve(fake_telegram(recorder)) as root:
        yield root, recorder


READ_TIMEOUT = 1.0  # roomy: a busy CI machine must not time out an ordinary send


@pytest.fixture
async def sender(fake: Recorder, root: str) -> AsyncIterator[TelegramSender]:
    s = TelegramSender(TOKEN, root, timeout=READ_TIMEOUT)
    await s.start()
    yield s
    await s.close()


async def test_start_calls_get_me_with_the_token_in_the_path(fake: Recorder, sender: TelegramSender) -> None:
    assert fake.methods() == ["getMe"]
    assert fake.calls[0].account == TOKEN
    assert sender.channel == "telegram"
    assert TOKEN not in repr(sender)


SEND_OUTCOMES = [
    pytest.param([], SendResult("sent", provider_message_id=f"{CHAT_ID}:101"), id="success"),
    pytest.param(
        [error(429, "Too Many Requests: retry after 3", retry_after=3)],
        SendResult("retry", retry_after=3.0, error_code="429", error="Too Many Requests: retry after 3"),
        id="429-retry-after",
    ),
    pytest.param([error(403, "Forbidden: bot was blocked by the user")], SendResult("unreachable", error_code="403", error="Forbidden: bot was blocked by the user"), id="403-blocked"),
    pytest.param([error(403, "Forbidden: user is deactivated")], SendResult("unreachable", error_code="403", error="Forbidden: user is deactivated"), id="403-deactivated"),
    pytest.param([error(400, "Bad Request: chat not found")], SendResult("unreachable", error_code="400", error="Bad Request: chat not found"), id="400-chat-not-found"),
    pytest.param([error(400, "Bad Request: message text is empty")], SendResult("failed", error_code="400", error="Bad Request: message text is empty"), id="400-other"),
    pytest.param([error(500, "Internal Server Error")], SendResult("retry", error_code="network", error="Internal Server Error"), id="500"),
    pytest.param([Scripted(502, {"ok": False})], SendResult("retry", error_code="network", error="Bad Gateway (502)"), id="502-no-description"),
    pytest.param([Scripted(delay=READ_TIMEOUT * 3)], SendResult("retry", error_code="timeout", error="Timed out"), id="slow-beyond-read-timeout"),
    pytest.param([error(429, "Too Many Requests")], SendResult("retry", error_code="429", error="Too Many Requests"), id="429-without-retry-after"),
    pytest.param([error(401, "Unauthorized")], SendResult("retry", error_code="401", error="Unauthorized"), id="401-wrong-token-keeps-the-message"),
    pytest.param([error(404, "Not Found")], SendResult("retry", error_code="401", error="Not Found"), id="404-unknown-token-keeps-the-message"),
    pytest.param(
        [error(400, "Bad Request: group chat was upgraded to a supergroup chat", migrate_to_chat_id=-100123)],
        SendResult("unreachable", error_code="400", error="Bad Request: group chat was upgraded to a supergroup chat"),
        id="400-chat-migrated",
    ),
    pytest.param([error(400, "Bad Request: PEER_ID_INVALID")], SendResult("unreachable", error_code="400", error="Bad Request: PEER_ID_INVALID"), id="400-peer-id-invalid"),
    pytest.param([error(409, "Conflict: something else")], SendResult("failed", error_code="telegram", error="Conflict: something else"), id="409-other-error-fails"),
    pytest.param([Scripted(503, {"no": "json we know"})], SendResult("retry", error_code="network", error="Service Unavailable (503)"), id="503-odd-body"),
]


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
@pytest.mark.parametrize(("script", "expected"), SEND_OUTCOMES)
async def test_send_outcomes(fake: Recorder, sender: TelegramSender, script: list[Scripted], expected: SendResult) -> None:
    fake.answer_next("sendMessage", *script)
    result = await sender.send(OutboundPayload(to=str(CHAT_ID), text="नमस्ते! GeM पंजीकरण में आपका स्वागत है।"))
    assert result == expected
    assert fake.sent()[0]["chat_id"] == CHAT_ID
    assert fake.sent()[0]["text"] == "नमस्ते! GeM पंजीकरण में आपका स्वागत है।"


@pytest.mark.filterwarnings("ignore::telegram.warnings.PTBDeprecationWarning")
async def test_retry_then_success(fake: Recorder, sender: TelegramSender) -> None:
    fake.answer_next("sendMessage", error(429, "Too Many Requests: retry after 3", retry_after=3))
    payload = OutboundPayload(to=str(CHAT_ID), text="hello")
    first = await sender.send(payload)
    second = await sender.send(payload)
    assert (first.outcome, first.retry_after) == ("retry", 3.0)
    assert second == SendResult("sent", provider_message_id=f"{CHAT_ID}:101")
    assert len(fake.sent()) == 2


async def test_sender_recovers_after_a_timeout(fake: Recorder, sender: TelegramSender) -> None:
    fake.answer_next("sendMessage", Scripted(delay=READ_TIMEOUT * 3))
    assert (await sender.send(OutboundPayload(to=str(CHAT_ID), text="a"))).outcome == "retry"
    assert (await sender.send(OutboundPayload(to=str(CHAT_ID), text="b"))).outcome == "sent"


async def test_unreachable_server_is_retry_and_start_is_lazy(fake: Recorder) -> None:
    s = TelegramSender(TOKEN, f"http://127.0.0.1:{free_port()}", timeout=1.0)
    try:
        result = await s.send(OutboundPayload(to=str(CHAT_ID), text="hello"))
    finally:
        await s.close()
    assert result.outcome == "retry"
    assert result.error_code == "network"
    assert TOKEN not in (result.error or "")


async def test_send_starts_the_bot_when_not_started(fake: Recorder, root: str) -> None:
    s = TelegramSender(TOKEN, root + "/")
    try:
        result = await s.send(OutboundPayload(to=str(CHAT_ID), text="hello"))
    finally:
        await s.close()
    assert result.outcome == "sent"
    assert fake.methods() == ["getMe", "sendMessage"]


def b(id: str, title: str) -> Button:
    return Button(id, title)


REMOVE = {"remove_keyboard": True}

KEYBOARDS = [
    pytest.param(
        (b("ask_language:hi", "हिन्दी"), b("ask_language:en", "English")),
        False,
        [{"inline_keyboard": [[{"text": "हिन्दी", "callback_data": "ask_language:hi"}, {"text": "English", "callback_data": "ask_language:en"}]]}],
        id="two-short-buttons-one-row",
    ),
    pytest.param(
        (b("q:a", "A"), b("q:b", "B"), b("q:c", "C"), b("q:d", "D")),
        False,
        [{"inline_keyboard": [[{"text": t, "callback_data": f"q:{t.lower()}"}] for t in "ABCD"]}],
        id="four-buttons-one-per-row",
    ),
    pytest.param(
        (b("ask_offering:products", "उत्पाद (सामान बेचते हैं)"), b("ask_offering:services", "सेवाएँ")),
        False,
        [{"inline_keyboard": [[{"text": "उत्पाद (सामान बेचते हैं)", "callback_data": "ask_offering:products"}], [{"text": "सेवाएँ", "callback_data": "ask_offering:services"}]]}],
        id="long-title-one-per-row",
    ),
    pytest.param(
        (),
        True,
        [{"keyboard": [[{"text": "📱 मेरा नंबर भेजें", "request_contact": True}]], "one_time_keyboard": True, "resize_keyboard": True}],
        id="contact-request-keyboard",
    ),
    pytest.param((), False, [REMOVE], id="plain-text-removes-stale-keyboard"),
    pytest.param(
        (b("ask_mobile:skip", "Skip"),),
        True,
        [
            {"inline_keyboard": [[{"text": "Skip", "callback_data": "ask_mobile:skip"}]]},
            {"keyboard": [[{"text": "📱 मेरा नंबर भेजें", "request_contact": True}]], "one_time_keyboard": True, "resize_keyboard": True},
        ],
        id="inline-and-contact-two-messages",
    ),
]


@pytest.mark.parametrize(("buttons", "request_contact", "markups"), KEYBOARDS)
async def test_keyboards(fake: Recorder, sender: TelegramSender, buttons: tuple[Button, ...], request_contact: bool, markups: list[dict[str, Any]]) -> None:
    if request_contact:
        buttons = (b(CONTACT_BUTTON_ID, "Share"), *buttons, b(CONTACT_BUTTON_ID, "📱 मेरा नंबर भेजें"))
    result = await sender.send(OutboundPayload(to=str(CHAT_ID), text="Question?", buttons=buttons, request_contact=request_contact))
    assert result.outcome == "sent"
    assert [m["reply_markup"] for m in fake.sent()] == markups
    assert fake.sent()[0]["text"] == "Question?"
    assert result.provider_message_id == f"{CHAT_ID}:{100 + len(markups)}"


async def test_contact_keyboard_without_label_uses_default(fake: Recorder, sender: TelegramSender) -> None:
    await sender.send(OutboundPayload(to=str(CHAT_ID), text="Your mobile number?", request_contact=True))
    assert fake.sent()[0]["reply_markup"]["keyboard"] == [[{"text": DEFAULT_CONTACT_LABEL, "request_contact": True}]]


@pytest.mark.parametrize(
    "button_id",
    [
        pytest.param("x" * (CALLBACK_DATA_MAX_BYTES + 1), id="ascii-65-bytes"),
        pytest.param("हि" * 11, id="devanagari-66-bytes"),
    ],
)
async def test_over_long_callback_data_is_a_programming_error(fake: Recorder, sender: TelegramSender, button_id: str) -> None:
    with pytest.raises(ValueError, match="64 bytes"):
        await sender.send(OutboundPayload(to=str(CHAT_ID), text="Q", buttons=(b(button_id, "T"),)))
    assert fake.sent() == []


async def test_callback_data_of_exactly_64_bytes_is_fine(fake: Recorder, sender: TelegramSender) -> None:
    assert (await sender.send(OutboundPayload(to=str(CHAT_ID), text="Q", buttons=(b("x" * 64, "T"),)))).outcome == "sent"


async def test_long_text_is_split_in_order_with_buttons_on_the_last_part(fake: Recorder, sender: TelegramSender) -> None:
    paragraphs = [f"{n}. " + "दस्तावेज़ " * 300 for n in range(1, 5)]  # ~3,300 characters each
    text = "\n".join(paragraphs)
    result = await sender.send(OutboundPayload(to=str(CHAT_ID), text=text, buttons=(b("menu:next", "Next"),)))
    sent = fake.sent()
    assert [m["text"] for m in sent] == paragraphs
    assert all(len(m["text"]) <= MESSAGE_TEXT_MAX for m in sent)
    assert [m.get("reply_markup") for m in sent[:-1]] == [None, None, None]
    assert sent[-1]["reply_markup"] == {"inline_keyboard": [[{"text": "Next", "callback_data": "menu:next"}]]}
    assert result == SendResult("sent", provider_message_id=f"{CHAT_ID}:104")


async def test_failure_midway_through_a_split_message_says_so(fake: Recorder, sender: TelegramSender) -> None:
    fake.answer_next("sendMessage", Scripted(), error(403, "Forbidden: bot was blocked by the user"))
    result = await sender.send(OutboundPayload(to=str(CHAT_ID), text="a" * 3000 + "\n" + "b" * 3000))
    assert result.outcome == "unreachable"
    assert "after 1 of 2 parts" in (result.error or "")


@pytest.mark.parametrize(
    ("payload", "error"),
    [
        pytest.param(OutboundPayload(to="+919876543210x", text="hi"), "not a Telegram chat id", id="not-a-chat-id"),
        pytest.param(OutboundPayload(to=str(CHAT_ID), template=Template("HX123", {"1": "Ramesh"})), "WhatsApp-only", id="template"),
    ],
)
async def test_unsendable_payloads_fail_without_a_request(fake: Recorder, sender: TelegramSender, payload: OutboundPayload, error: str) -> None:
    result = await sender.send(payload)
    assert result.outcome == "failed" and error in (result.error or "")
    assert fake.sent() == []


async def test_the_token_is_never_logged(fake: Recorder, root: str, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    s = TelegramSender(TOKEN, root, timeout=READ_TIMEOUT)
    fake.answer_next("sendMessage", error(500, "Internal Server Error"))
    try:
        await s.send(OutboundPayload(to=str(CHAT_ID), text="hello"))
        await s.send(OutboundPayload(to=str(CHAT_ID), text="hello"))
    finally:
        await s.close()
    assert len(fake.sent()) == 2
    assert TOKEN not in caplog.text
    assert TOKEN.split(":")[1] not in caplog.text


async def test_get_updates_returns_dicts_parse_update_reads(fake: Recorder, sender: TelegramSender) -> None:
    updates = [update(900001, message=command("/start abc123")), update(900002, callback_query=CALLBACK_QUERY)]
    fake.answer_next("getUpdates", Scripted(body={"ok": True, "result": updates}))
    raw = await sender.get_updates(offset=900001, timeout=0)
    call = fake.calls[-1]
    assert call.method == "getUpdates"
    assert call.params["offset"] == "900001"
    assert call.params["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert json.loads(json.dumps(raw)) == raw  # plain JSON
    parsed = [parse_update(item) for item in raw]
    assert parsed[0].message == inbound_message(Inbound(kind="text", text="/start"), start_payload="abc123")
    assert parsed[1].message is not None and parsed[1].message.inbound == Inbound(kind="button", button="ask_language:hi")
    assert parsed[1].answer == ANSWER


COMMANDS = {
    None: [("start", "Start / शुरू करें"), ("help", "Help / मदद")],
    "hi": [("start", "शुरू करें"), ("help", "मदद")],
    "en": [("start", "Start"), ("help", "Help")],
}
DESCRIPTIONS = {None: "GeM Saathi / जेम साथी", "hi": "GeM पर विक्रेता पंजीकरण में मदद", "en": "Help registering as a GeM seller"}


async def test_configure_sets_webhook_commands_and_descriptions(fake: Recorder, sender: TelegramSender) -> None:
    await sender.configure("https://saathi.example.in/webhooks/telegram", "s3cret_Token-1", COMMANDS, DESCRIPTIONS)
    calls = fake.calls[1:]
    assert [c.method for c in calls] == ["setWebhook"] + ["setMyCommands"] * 3 + ["setMyDescription"] * 3
    hook = calls[0].params
    assert hook["url"] == "https://saathi.example.in/webhooks/telegram"
    assert hook["secret_token"] == "s3cret_Token-1"
    assert hook["allowed_updates"] == ["message", "edited_message", "callback_query"]
    assert hook["drop_pending_updates"] == "false"
    commands = {c.params.get("language_code"): c.params["commands"] for c in calls if c.method == "setMyCommands"}
    assert commands == {lang: [{"command": n, "description": d} for n, d in entries] for lang, entries in COMMANDS.items()}
    descriptions = {c.params.get("language_code"): c.params["description"] for c in calls if c.method == "setMyDescription"}
    assert descriptions == DESCRIPTIONS


async def test_configure_without_url_deletes_the_webhook(fake: Recorder, sender: TelegramSender) -> None:
    await sender.configure(None, None, {}, {})
    assert fake.methods() == ["getMe", "deleteWebhook"]
    assert fake.calls[-1].params["drop_pending_updates"] == "false"
