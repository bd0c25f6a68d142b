"""WhatsApp through Twilio: signatures, webhook and status parsing, rendering, and sends to a fake Twilio."""

from __future__ import annotations

import asyncio
import base64
import json
import logging
import time
from collections.abc import AsyncIterator, Iterator
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from starlette.datastructures import FormData

from bot.channels.base import InboundMessage, OutboundPayload, Sender, Template
from bot.channels.whatsapp import (
    CHANNEL,
    QUICK_REPLY_MAX,
    QUICK_REPLY_TITLE_MAX,
    SESSION_WINDOW,
    SIGNATURE_HEADER,
    StatusUpdate,
    WhatsAppSender,
    error_outcome,
    parse_inbound,
    parse_status,
    public_url,
    render_text,
    signature_valid,
    within_session,
)
from bot.engine.model import Button, Inbound
from tests.fakes import Recorder, Scripted, fake_twilio, free_port, serve

ACCOUNT_SID = "AC" + "0123456789abcdef" * 2
AUTH_TOKEN = "tok-" + "f" * 28  # distinctive, to look for in logs
SENDER = "+14155238886"
SELLER = "+919812345678"
CALLBACK = "https://saathi.example.in/webhooks/whatsapp/status"


def test_provider_facts() -> None:
    assert CHANNEL == "whatsapp"
    assert (QUICK_REPLY_MAX, QUICK_REPLY_TITLE_MAX) == (3, 20)
    assert SESSION_WINDOW == timedelta(hours=24)
    assert SIGNATURE_HEADER == "X-Twilio-Signature"


@pytest.mark.parametrize(
    ("minutes_ago", "expected"),
    [pytest.param(5, True, id="5-minutes"), pytest.param(24 * 60 - 1, True, id="23h59"), pytest.param(24 * 60, False, id="24h"), pytest.param(None, False, id="never")],
)
def test_within_session(minutes_ago: int | None, expected: bool) -> None:
    now = datetime(2026, 11, 20, 12, 0, tzinfo=timezone.utc)
    last = now - timedelta(minutes=minutes_ago) if minutes_ago is not None else None
    assert within_session(last, now) is expected


# --------------------------------------------------------------------------- signatures

EXAMPLE_URL = "https://mycompany.com/myapp.php?foo=1&bar=2"
EXAMPLE_PARAMS = {"CallSid": "CA1234567890ABCDE", "Caller": "+12349013030", "Digits": "1234", "From": "+12349013030", "To": "+18005551212"}
EXAMPLE_SIGNATURE = "0/KCTR6DLpKmkAf8muzZqo1nDgQ="


@pytest.mark.parametrize(
    ("token", "url", "params", "signature", "expected"),
    [
        pytest.param("12345", EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, True, id="twilio-published-example"),
        pytest.param("12345", "https://mycompany.com:443/myapp.php?foo=1&bar=2", EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, True, id="explicit-default-port"),
        pytest.param("12345", EXAMPLE_URL, {**EXAMPLE_PARAMS, "Digits": "1235"}, EXAMPLE_SIGNATURE, False, id="tampered-param"),
        pytest.param("12345", EXAMPLE_URL, {**EXAMPLE_PARAMS, "Body": "hi"}, EXAMPLE_SIGNATURE, False, id="added-param"),
        pytest.param("12345", "https://mycompany.com/myapp.php?foo=1&bar=3", EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, False, id="tampered-query"),
        pytest.param("54321", EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, False, id="wrong-token"),
        pytest.param("12345", EXAMPLE_URL, EXAMPLE_PARAMS, None, False, id="missing-header"),
        pytest.param("12345", EXAMPLE_URL, EXAMPLE_PARAMS, "", False, id="empty-header"),
        pytest.param("", EXAMPLE_URL, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE, False, id="no-token-configured"),
    ],
)
def test_signature_valid(token: str, url: str, params: dict[str, str], signature: str | None, expected: bool) -> None:
    assert signature_valid(token, url, params, signature) is expected


def test_signature_over_form_data_multidict() -> None:
    """Starlette's FormData, what a route receives, validates like a dict."""
    form = FormData(list(EXAMPLE_PARAMS.items()))
    assert signature_valid("12345", EXAMPLE_URL, form, EXAMPLE_SIGNATURE)


def test_signature_behind_proxy() -> None:
    """The app sees http://10.0.0.5:8000/…; only the URL rebuilt from the public base validates."""
    internal = "http://10.0.0.5:8000/myapp.php?foo=1&bar=2"
    rebuilt = public_url("https://mycompany.com/", "/myapp.php", "foo=1&bar=2")
    assert rebuilt == EXAMPLE_URL
    assert signature_valid("12345", rebuilt, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE)
    assert not signature_valid("12345", internal, EXAMPLE_PARAMS, EXAMPLE_SIGNATURE)


@pytest.mark.parametrize(
    ("base", "path", "query", "expected"),
    [
        pytest.param("https://saathi.example.in", "/webhooks/whatsapp", "", "https://saathi.example.in/webhooks/whatsapp", id="no-query"),
        pytest.param("https://saathi.example.in/", "/webhooks/whatsapp", "", "https://saathi.example.in/webhooks/whatsapp", id="trailing-slash"),
        pytest.param("https://saathi.example.in", "/wa", "b=2&a=1", "https://saathi.example.in/wa?b=2&a=1", id="query-kept-in-order"),
        pytest.param("https://saathi.example.in", "/wa", "x=%2B91", "https://saathi.example.in/wa?x=%2B91", id="query-kept-encoded"),
        pytest.param("https://example.in/saathi/", "/wa", "", "https://example.in/saathi/wa", id="base-with-prefix"),
    ],
)
def test_public_url(base: str, path: str, query: str, expected: str) -> None:
    assert public_url(base, path, query) == expected


# --------------------------------------------------------------------------- inbound webhooks


def webhook(**fields: str) -> dict[str, str]:
    """Return an inbound WhatsApp webhook as Twilio posts it, with fields overridden or added."""
    sid = fields.pop("sid", "SM" + "1" * 32)
    form = {
        "SmsMessageSid": sid,
        "NumMedia": "0",
        "ProfileName": "Ramesh Kumar",
        "MessageType": "text",
        "SmsSid": sid,
        "WaId": SELLER.lstrip("+"),
        "SmsStatus": "received",
        "Body": "",
        "To": "whatsapp:" + SENDER,
        "NumSegments": "1",
        "ReferralNumMedia": "0",
        "MessageSid": sid,
        "AccountSid": ACCOUNT_SID,
        "From": "whatsapp:" + SELLER,
        "ApiVersion": "2010-04-01",
    }
    form.update(fields)
    return form


MEDIA_SID = "MM" + "2" * 32
MEDIA_URL = f"https://api.twilio.com/2010-04-01/Accounts/{ACCOUNT_SID}/Messages/{MEDIA_SID}/Media/ME" + "3" * 32


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        pytest.param(webhook(Body="Hello"), Inbound(kind="text", text="Hello", phone=SELLER), id="text"),
        pytest.param(
            webhook(Body="मेरा नंबर ९८७६५ ४३२१० है"), Inbound(kind="text", text="मेरा नंबर ९८७६५ ४३२१० है", phone=SELLER), id="hindi-devanagari-digits"
        ),
        pytest.param(
            webhook(
                Body="हाँ",
                MessageType="button",
                ButtonText="हाँ",
                ButtonPayload="ask_consent:yes",
                OriginalRepliedMessageSender="whatsapp:" + SENDER,
                OriginalRepliedMessageSid="SM" + "9" * 32,
            ),
            Inbound(kind="button", text="हाँ", button="ask_consent:yes", phone=SELLER),
            id="button-tap",
        ),
        pytest.param(
            webhook(sid=MEDIA_SID, MessageType="image", NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0=MEDIA_URL),
            Inbound(kind="media", phone=SELLER),
            id="image-without-caption",
        ),
        pytest.param(
            webhook(sid=MEDIA_SID, MessageType="image", NumMedia="1", MediaContentType0="image/jpeg", MediaUrl0=MEDIA_URL, Body="मेरा उद्यम प्रमाणपत्र"),
            Inbound(kind="text", text="मेरा उद्यम प्रमाणपत्र", phone=SELLER),
            id="image-with-caption",
        ),
        pytest.param(
            webhook(sid=MEDIA_SID, MessageType="audio", NumMedia="1", MediaContentType0="audio/ogg", MediaUrl0=MEDIA_URL),
            Inbound(kind="media", phone=SELLER),
            id="voice-note",
        ),
        pytest.param(
            webhook(MessageType="location", Latitude="26.8467", Longitude="80.9462", Address="Hazratganj, Lucknow", Label="Shop"),
            Inbound(kind="location", phone=SELLER),
            id="location",
        ),
        pytest.param(
            webhook(Body="Hi", SomeFieldTwilioAddsLater="x", Forwarded="true", ChannelMetadata='{"type":"whatsapp"}'),
            Inbound(kind="text", text="Hi", phone=SELLER),
            id="unknown-extra-fields",
        ),
        pytest.param(
            webhook(Body="Hi", From="whatsapp:+447700900123", WaId="447700900123"),
            Inbound(kind="text", text="Hi", phone=None),
            id="foreign-number-not-a-gem-mobile",
        ),
    ],
)
def test_parse_inbound(form: dict[str, str], expected: Inbound) -> None:
    message = parse_inbound(form)
    assert message is not None
    assert message.inbound == expected
    assert message.channel == "whatsapp"
    assert message.external_id == form["From"].removeprefix("whatsapp:")
    assert message.provider_message_id == form["MessageSid"]
    assert message.profile_name == "Ramesh Kumar"
    assert (message.start_payload, message.callback_query_id, message.edited) == (None, None, False)


def _without(form: dict[str, str], *keys: str) -> dict[str, str]:
    return {k: v for k, v in form.items() if k not in keys}


@pytest.mark.parametrize(
    ("form", "expected_sid"),
    [
        pytest.param(_without(webhook(Body="Hi"), "MessageSid", "SmsMessageSid", "SmsSid"), None, id="missing-message-sid"),
        pytest.param(_without(webhook(Body="Hi"), "From"), None, id="missing-from"),
        pytest.param(webhook(Body="Hi", From=""), None, id="empty-from"),
        pytest.param({}, None, id="empty-form"),
        pytest.param(_without(webhook(Body="Hi", sid="SM" + "4" * 32), "MessageSid"), "SM" + "4" * 32, id="sms-message-sid-only"),
    ],
)
def test_parse_inbound_identifiers(form: dict[str, str], expected_sid: str | None) -> None:
    message = parse_inbound(form)
    assert (message.provider_message_id if message else None) == expected_sid


def test_parse_inbound_without_profile_name() -> None:
    message = parse_inbound(_without(webhook(Body="Hi"), "ProfileName"))
    assert isinstance(message, InboundMessage) and message.profile_name is None


# --------------------------------------------------------------------------- status callbacks


def status_callback(status: str, **fields: str) -> dict[str, str]:
    """Return a WhatsApp status callback as Twilio posts it."""
    sid = "SM" + "5" * 32
    form = {
        "ChannelPrefix": "whatsapp",
        "ApiVersion": "2010-04-01",
        "MessageStatus": status,
        "SmsSid": sid,
        "SmsStatus": status,
        "ChannelInstallSid": "XE" + "6" * 32,
        "To": "whatsapp:" + SELLER,
        "From": "whatsapp:" + SENDER,
        "MessageSid": sid,
        "StructuredMessage": "false",
        "AccountSid": ACCOUNT_SID,
        "ChannelToAddress": "+9198123XXXXX",
    }
    form.update(fields)
    return form


STATUS_SID = "SM" + "5" * 32


@pytest.mark.parametrize(
    ("form", "expected"),
    [
        pytest.param(status_callback("accepted"), StatusUpdate(STATUS_SID, "queued", None, "accepted"), id="accepted"),
        pytest.param(status_callback("queued"), StatusUpdate(STATUS_SID, "queued", None, "queued"), id="queued"),
        pytest.param(status_callback("sending"), StatusUpdate(STATUS_SID, "queued", None, "sending"), id="sending"),
        pytest.param(status_callback("sent"), StatusUpdate(STATUS_SID, "sent", None, "sent"), id="sent"),
        pytest.param(status_callback("delivered"), StatusUpdate(STATUS_SID, "delivered", None, "delivered"), id="delivered"),
        pytest.param(status_callback("read", EventType="READ"), StatusUpdate(STATUS_SID, "read", None, "read"), id="read"),
        pytest.param(
            status_callback("failed", ErrorCode="63016", ErrorMessage="Failed to send freeform message because you are outside the allowed window."),
            StatusUpdate(STATUS_SID, "failed", "63016", "failed"),
            id="failed-63016-outside-window",
        ),
        pytest.param(
            status_callback("undelivered", ErrorCode="21610", EventType="UNDELIVERED"),
            StatusUpdate(STATUS_SID, "undelivered", "21610", "undelivered"),
            id="undelivered-21610-stopped",
        ),
        pytest.param(status_callback("failed", ErrorCode="63018"), StatusUpdate(STATUS_SID, "failed", "63018", "failed"), id="failed-63018-rate-limit"),
        pytest.param(status_callback("received"), None, id="received-ignored"),
        pytest.param(status_callback("receiving"), None, id="receiving-ignored"),
        pytest.param(status_callback("some-new-status"), None, id="unknown-status-ignored"),
        pytest.param(_without(status_callback("sent"), "MessageSid", "SmsSid"), None, id="missing-sid"),
        pytest.param(_without(status_callback("sent"), "MessageStatus"), StatusUpdate(STATUS_SID, "sent", None, "sent"), id="sms-status-only"),
    ],
)
def test_parse_status(form: dict[str, str], expected: StatusUpdate | None) -> None:
    assert parse_status(form) == expected


@pytest.mark.parametrize(
    ("code", "outcome"),
    [
        pytest.param("63016", "needs_template", id="63016"),
        pytest.param("21610", "opted_out", id="21610"),
        pytest.param("63018", "retry", id="63018"),
        pytest.param(20429, "retry", id="20429-int"),
        pytest.param("21211", "failed", id="21211"),
        pytest.param("21614", "failed", id="21614"),
        pytest.param("63003", "unreachable", id="63003 not on WhatsApp"),
        pytest.param("63024", "failed", id="63024"),
        pytest.param("30008", "failed", id="unlisted"),
        pytest.param(None, "failed", id="none"),
    ],
)
def test_error_outcome(code: str | int | None, outcome: str) -> None:
    assert error_outcome(code) == outcome


def test_status_update_outcome() -> None:
    assert parse_status(status_callback("failed", ErrorCode="63016")).outcome == "needs_template"  # type: ignore[union-attr]
    assert parse_status(status_callback("delivered")).outcome is None  # type: ignore[union-attr]


# --------------------------------------------------------------------------- rendering

YES, NO = Button("ask_consent:yes", "हाँ"), Button("ask_consent:no", "नहीं")
SHARE = Button("contact:share", "Share my number")
DISTRICTS = tuple(Button(f"ask_district:{n}", name) for n, name in enumerate(["Lucknow", "Kanpur Nagar", "Agra", "Varanasi", "Gorakhpur"]))
LONG = Button("ask_offering:both", "Products and services")  # 21 characters
TWENTY = Button("ask_offering:goods", "x" * 20)


@pytest.mark.parametrize(
    ("payload", "expected_text", "expected_buttons"),
    [
        pytest.param(OutboundPayload(SELLER, "क्या आप सहमत हैं?", (YES, NO)), "क्या आप सहमत हैं?", [YES, NO], id="two-buttons-quick-replies"),
        pytest.param(OutboundPayload(SELLER, "Pick", (YES, NO, TWENTY)), "Pick", [YES, NO, TWENTY], id="three-buttons-20-chars"),
        pytest.param(
            OutboundPayload(SELLER, "Which district?", DISTRICTS),
            "Which district?\n\n1. Lucknow\n2. Kanpur Nagar\n3. Agra\n4. Varanasi\n5. Gorakhpur",
            [],
            id="five-options-numbered",
        ),
        pytest.param(
            OutboundPayload(SELLER, "What do you sell?", (YES, Button("x:25", "y" * 25))),
            f"What do you sell?\n\n1. हाँ\n2. {'y' * 25}",
            [],
            id="25-char-title-numbered",
        ),
        pytest.param(OutboundPayload(SELLER, "Offer?", (YES, LONG)), "Offer?\n\n1. हाँ\n2. Products and services", [], id="21-char-title-numbered"),
        pytest.param(OutboundPayload(SELLER, "Your mobile?", (SHARE,), request_contact=True), "Your mobile?", [], id="contact-share-dropped"),
        pytest.param(OutboundPayload(SELLER, "Mobile?", (SHARE, YES)), "Mobile?", [YES], id="contact-share-dropped-others-kept"),
        pytest.param(OutboundPayload(SELLER, "Just text"), "Just text", [], id="no-buttons"),
        pytest.param(OutboundPayload(SELLER, "", DISTRICTS[:4]), "1. Lucknow\n2. Kanpur Nagar\n3. Agra\n4. Varanasi", [], id="no-text-four-options"),
    ],
)
def test_render_text(payload: OutboundPayload, expected_text: str, expected_buttons: list[Button]) -> None:
    assert render_text(payload) == (expected_text, expected_buttons)


# --------------------------------------------------------------------------- sends to a fake Twilio


def twilio_error(status: int, code: int, message: str) -> str:
    """Return a Twilio REST error body."""
    return json.dumps({"code": code, "message": message, "more_info": f"https://www.twilio.com/docs/errors/{code}", "status": status})


@pytest.fixture(scope="module")
def fake_server() -> Iterator[tuple[str, Recorder]]:
    recorder = Recorder()
    with serve(fake_twilio(recorder)) as root:
        yield root, recorder


def qr_template(text: str, buttons: list[Button]) -> Template | None:
    """Pretend a quick-reply Content template exists for two-button questions only."""
    if len(buttons) != 2:
        return None
    return Template("HX" + "a" * 32, {"1": text, "2": buttons[0].title, "3": buttons[1].title})


@pytest.fixture
async def sender(fake: Recorder, root: str) -> AsyncIterator[WhatsAppSender]:
    s = WhatsAppSender(
        ACCOUNT_SID, AUTH_TOKEN, "whatsapp:" + SENDER, base_url=root, status_callback_url=CALLBACK, timeout=1.0
    )
    yield s
    await s.close()


async def test_send_text_success(sender: WhatsAppSender, fake: Recorder, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    as_sender: Sender = sender  # structurally a Sender
    assert as_sender.channel == "whatsapp"
    result = await sender.send(OutboundPayload(SELLER, "नमस्ते! GeM पंजीकरण में आपका स्वागत है।"))
    assert result.outcome == "sent"
    assert result.provider_message_id and result.provider_message_id.startswith("SM")
    [call] = fake.calls
    assert call.account == ACCOUNT_SID
    assert call.params == {
        "From": "whatsapp:" + SENDER,
        "To": "whatsapp:" + SELLER,
        "Body": "नमस्ते! GeM पंजीकरण में आपका स्वागत है।",
        "StatusCallback": CALLBACK,
    }
    assert call.authorization == "Basic " + base64.b64encode(f"{ACCOUNT_SID}:{AUTH_TOKEN}".encode()).decode()
    assert AUTH_TOKEN not in caplog.text
    assert AUTH_TOKEN not in repr(sender)


async def test_send_ignores_twilio_region_env_for_custom_base_url(fake: Recorder, root: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TWILIO_REGION", "ie1")
    monkeypatch.setenv("TWILIO_EDGE", "dublin")
    s = WhatsAppSender(ACCOUNT_SID, AUTH_TOKEN, SENDER, base_url=root, timeout=2)
    result = await s.send(OutboundPayload(SELLER, "Hi"))
    await s.close()
    assert result.outcome == "sent" and len(fake.calls) == 1


async def test_send_without_status_callback(fake: Recorder, root: str) -> None:
    s = WhatsAppSender(ACCOUNT_SID, AUTH_TOKEN, SENDER, base_url=root + "/", timeout=2)
    result = await s.send(OutboundPayload("whatsapp:" + SELLER, "Hi"))
    await s.close()
    assert result.outcome == "sent"
    assert fake.sent()[-1] == {"From": "whatsapp:" + SENDER, "To": "whatsapp:" + SELLER, "Body": "Hi"}


async def test_send_template(sender: WhatsAppSender, fake: Recorder) -> None:
    template = Template("HX" + "b" * 32, {"1": "रमेश", "2": "उद्यम पंजीकरण"})
    result = await sender.send(OutboundPayload(SELLER, "ignored outside the window", template=template))
    assert result.outcome == "sent"
    form = fake.sent()[-1]
    assert "Body" not in form
    assert form["ContentSid"] == "HX" + "b" * 32
    assert json.loads(form["ContentVariables"]) == {"1": "रमेश", "2": "उद्यम पंजीकरण"}
    assert form["StatusCallback"] == CALLBACK and form["To"] == "whatsapp:" + SELLER


async def test_send_template_without_variables(sender: WhatsAppSender, fake: Recorder) -> None:
    await sender.send(OutboundPayload(SELLER, template=Template("HX" + "c" * 32)))
    form = fake.sent()[-1]
    assert form["ContentSid"] == "HX" + "c" * 32 and "ContentVariables" not in form and "Body" not in form


@pytest.mark.parametrize(
    ("with_content", "buttons", "expected"),
    [
        pytest.param(
            True, (YES, NO), {"ContentSid": "HX" + "a" * 32, "ContentVariables": {"1": "सहमत?", "2": "हाँ", "3": "नहीं"}}, id="quick-reply-content-sid"
        ),
        pytest.param(False, (YES, NO), {"Body": "सहमत?\n\n1. हाँ\n2. नहीं"}, id="no-content-callback-numbered"),
        pytest.param(True, (YES,), {"Body": "सहमत?\n\n1. हाँ"}, id="callback-returns-none-numbered"),
        pytest.param(True, DISTRICTS, {"Body": "सहमत?\n\n" + "\n".join(f"{n}. {b.title}" for n, b in enumerate(DISTRICTS, 1))}, id="too-many-numbered"),
        pytest.param(True, (SHARE,), {"Body": "सहमत?"}, id="contact-share-dropped"),
    ],
)
async def test_send_buttons(fake: Recorder, root: str, with_content: bool, buttons: tuple[Button, ...], expected: dict[str, Any]) -> None:
    s = WhatsAppSender(
        ACCOUNT_SID, AUTH_TOKEN, SENDER, base_url=root, quick_reply_content=qr_template if with_content else None, timeout=2
    )
    result = await s.send(OutboundPayload(SELLER, "सहमत?", buttons))
    await s.close()
    assert result.outcome == "sent"
    form = fake.sent()[-1]
    got = {k: (json.loads(v) if k == "ContentVariables" else v) for k, v in form.items() if k in ("Body", "ContentSid", "ContentVariables")}
    assert got == expected


ERR_TO = "+919800000001"


@pytest.mark.parametrize(
    ("scripted", "outcome", "error_code", "retry_after", "error_contains"),
    [
        pytest.param(
            Scripted(429, twilio_error(429, 20429, "Too Many Requests"), {"Retry-After": "7"}), "retry", "20429", 7.0, "Too Many Requests", id="429-20429-retry-after"
        ),
        pytest.param(Scripted(429, twilio_error(429, 20429, "Too Many Requests")), "retry", "20429", None, "Too Many Requests", id="429-20429-no-header"),
        pytest.param(Scripted(500, twilio_error(500, 20500, "Internal Server Error")), "retry", "20500", None, "Internal Server Error", id="500-json"),
        pytest.param(Scripted(502, "<html>Bad Gateway</html>"), "retry", "502", None, "Unable to create record", id="502-html"),
        pytest.param(
            Scripted(503, twilio_error(503, 20503, "Service Unavailable"), {"Retry-After": "Fri, 20 Nov 2020 06:30:00 GMT"}),
            "retry",
            "20503",
            0.0,
            "Service Unavailable",
            id="503-retry-after-date-in-past",
        ),
        pytest.param(
            Scripted(400, twilio_error(400, 21610, "Attempt to send to unsubscribed recipient")), "opted_out", "21610", None, "unsubscribed", id="400-21610-opted-out"
        ),
        pytest.param(
            Scripted(400, twilio_error(400, 63016, "Failed to send freeform message because you are outside the allowed window.")),
            "needs_template",
            "63016",
            None,
            "outside the allowed window",
            id="400-63016-needs-template",
        ),
        pytest.param(
            Scripted(400, twilio_error(400, 21211, "Invalid 'To' Phone Number: whatsapp:+9198000XXXXX")),
            "failed",
            "21211",
            None,
            "Invalid 'To' Phone Number",
            id="400-21211-failed",
        ),
        pytest.param(Scripted(400, twilio_error(400, 63018, "Rate limit exceeded")), "retry", "63018", None, "Rate limit", id="400-63018-retry"),
        pytest.param(Scripted(401, twilio_error(401, 20003, "Authenticate")), "retry", "20003", None, "Authenticate", id="401-20003-retry"),
        pytest.param(
            Scripted(
                400,
                json.dumps(
                    {"type": "https://www.twilio.com/docs/errors/21604", "title": "Missing parameter", "status": 400, "code": 21604, "detail": "'To' is required"}
                ),
            ),
            "failed",
            "21604",
            None,
            "'To' is required",
            id="400-rfc9457-problem-details",
        ),
    ],
)
async def test_send_errors(
    sender: WhatsAppSender, fake: Recorder, scripted: Scripted, outcome: str, error_code: str, retry_after: float | None, error_contains: str
) -> None:
    fake.answer_next("Messages", scripted)
    result = await sender.send(OutboundPayload(ERR_TO, "Hello"))
    assert (result.outcome, result.error_code, result.retry_after, result.provider_message_id) == (outcome, error_code, retry_after, None)
    assert error_contains in (result.error or "")
    assert AUTH_TOKEN not in (result.error or "")


async def test_send_timeout_is_retry(sender: WhatsAppSender, fake: Recorder) -> None:
    fake.answer_next("Messages", Scripted(201, "{}", delay=2.0))
    started = time.monotonic()
    result = await sender.send(OutboundPayload(ERR_TO, "Hello"))
    assert time.monotonic() - started < 1.8
    assert (result.outcome, result.error_code, result.error, result.retry_after) == ("retry", "timeout", "Timed out", None)


async def test_send_connection_refused_is_retry() -> None:
    s = WhatsAppSender(ACCOUNT_SID, AUTH_TOKEN, SENDER, base_url=f"http://127.0.0.1:{free_port()}", timeout=1)
    result = await s.send(OutboundPayload(SELLER, "Hello"))
    await s.close()
    assert (result.outcome, result.error_code, result.error) == ("retry", "network", "ClientConnectorError")


async def test_sends_run_concurrently(sender: WhatsAppSender, fake: Recorder) -> None:
    """Sends are asynchronous: slow ones overlap and do not hold up the event loop."""
    slow = "+919800000002"
    fake.answer_next("Messages", *[Scripted(201, "{}", delay=0.3)] * 3)
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        for _ in range(10):
            await asyncio.sleep(0.02)
            ticks += 1

    results = await asyncio.gather(*(sender.send(OutboundPayload(slow, "Hi")) for _ in range(3)), ticker())
    assert ticks == 10
    assert [r.outcome for r in results[:3]] == ["sent"] * 3


def test_quick_reply_templates_carry_text_titles_and_ids() -> None:
    from bot.channels.whatsapp import quick_reply_templates

    choose = quick_reply_templates({"2": "HX" + "2" * 32})
    template = choose("क्या आप सहमत हैं?", [Button("ask_consent:yes", "मैं सहमत हूँ"), Button("ask_consent:no", "नहीं")])
    assert template is not None and template.content_sid == "HX" + "2" * 32
    assert template.variables == {"1": "क्या आप सहमत हैं?", "2": "मैं सहमत हूँ", "3": "नहीं", "4": "ask_consent:yes", "5": "ask_consent:no"}
    assert choose("three", [Button("a", "A"), Button("b", "B"), Button("c", "C")]) is None  # no template for 3: numbered text
