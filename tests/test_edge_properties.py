"""Property tests at the edge: any Unicode, any shape, any size into the parsers, never an exception or unclean text out."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.channels import telegram, whatsapp
from bot.channels.base import InboundMessage
from bot.engine.clean import BUTTON_MAX, ID_MAX, NAME_MAX, TEXT_MAX, clean_id, clean_text

# Every code point, surrogates and control characters included (hypothesis leaves surrogates out unless asked).
ANY_CHAR = st.characters(codec=None, exclude_categories=())
# What breaks storage and parsers, often enough to be met in every run: lone surrogates, NUL and other controls,
# line and paragraph separators, a byte-order mark, decomposed accents, Devanagari with nukta and joiners.
NASTY = st.sampled_from(["\ud800", "\udfff", "\ud83d", "\x00", "\x1b", "\x7f", "\x85", "\u2028", "\r\n", "\t", "\ufeff", "e\u0301",
                         "\u0915\u093c", "\u200d", "😀", "नमस्ते", " ", "%", "&", "="])
ANY_TEXT = (
    st.lists(ANY_CHAR | NASTY, max_size=40).map("".join)
    | st.text(ANY_CHAR, max_size=300)
    | st.builds(lambda c, n: c * n, ANY_CHAR | NASTY, st.integers(4000, 12000))
)
JSON_SCALARS = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | ANY_TEXT
JSON_VALUES = st.recursive(JSON_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4), max_leaves=20)
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _clean(text: str | None, limit: int) -> None:
    """Fail unless text is what clean_text makes: storable UTF-8, NFC, no controls but newlines, within its cap."""
    if text is None:
        return
    text.encode("utf-8")
    assert len(text) <= limit
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text)
    assert unicodedata.is_normalized("NFC", text)


def _check(message: InboundMessage) -> None:
    _clean(message.inbound.text, TEXT_MAX)
    _clean(message.inbound.button, BUTTON_MAX)
    _clean(message.profile_name, NAME_MAX)
    for identifier in (message.external_id, message.provider_message_id):
        identifier.encode("utf-8")
        assert 0 < len(identifier) <= ID_MAX + len("tg-update:")


@FAST
@given(ANY_TEXT, st.integers(1, TEXT_MAX + 10), st.booleans())
def test_clean_text_always_gives_storable_text_within_its_cap(raw: str, limit: int, multiline: bool) -> None:
    cleaned = clean_text(raw, limit, multiline=multiline)
    _clean(cleaned, limit)
    assert multiline or "\n" not in cleaned
    assert clean_text(cleaned, limit, multiline=multiline) == cleaned or len(cleaned) == limit  # cleaning twice changes nothing


@FAST
@given(ANY_TEXT)
def test_clean_id_is_none_or_a_storable_id(raw: str) -> None:
    cleaned = clean_id(raw)
    assert cleaned is None or (0 < len(cleaned) <= ID_MAX and "\n" not in cleaned and cleaned == cleaned.strip())


def _user() -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({"id": st.integers(-(2**70), 2**70), "is_bot": st.booleans(), "first_name": ANY_TEXT},
                                 optional={"last_name": ANY_TEXT | JSON_VALUES})


def _message() -> st.SearchStrategy[dict[str, Any]]:
    chat = st.fixed_dictionaries({"id": st.integers(-(2**70), 2**70), "type": st.sampled_from(["private", "group", "channel", "odd"]) | ANY_TEXT})
    return st.fixed_dictionaries(
        {"message_id": st.integers(-(2**40), 2**40), "date": st.integers(0, 2**40), "chat": chat},
        optional={"text": ANY_TEXT | JSON_VALUES, "from": _user(), "contact": st.fixed_dictionaries({"phone_number": ANY_TEXT}),
                  "entities": JSON_VALUES, "photo": JSON_VALUES, "location": JSON_VALUES},
    )


TELEGRAM_UPDATES = st.one_of(
    JSON_VALUES,
    st.fixed_dictionaries({"update_id": st.integers(-(2**70), 2**70) | JSON_SCALARS},
                          optional={"message": _message() | JSON_VALUES, "edited_message": _message(), "channel_post": JSON_VALUES}),
    st.fixed_dictionaries({"update_id": st.integers(0, 2**31), "callback_query": st.fixed_dictionaries(
        {"id": ANY_TEXT, "from": _user(), "chat_instance": ANY_TEXT}, optional={"data": ANY_TEXT | JSON_VALUES, "message": _message()})}),
)


@FAST
@given(TELEGRAM_UPDATES)
def test_a_telegram_update_of_any_shape_never_raises_and_gives_clean_text(data: Any) -> None:
    parsed = telegram.parse_update(data)
    if parsed.message is not None:
        _check(parsed.message)


TWILIO_FIELDS = ["From", "MessageSid", "SmsSid", "SmsMessageSid", "Body", "ButtonPayload", "ButtonText", "ListId", "ListTitle", "ProfileName",
                 "NumMedia", "Latitude", "Longitude", "MessageStatus", "SmsStatus", "ErrorCode"]
TWILIO_FORMS = st.dictionaries(st.sampled_from(TWILIO_FIELDS) | ANY_TEXT, ANY_TEXT, max_size=12)


@FAST
@given(TWILIO_FORMS)
def test_a_twilio_form_of_any_content_never_raises_and_gives_clean_text(form: dict[str, str]) -> None:
    message = whatsapp.parse_inbound(form)
    if message is not None:
        _check(message)
    status = whatsapp.parse_status(form)
    if status is not None:
        assert 0 < len(status.provider_message_id) <= ID_MAX
        assert status.error_code is None or len(status.error_code) <= whatsapp.ERROR_CODE_MAX


@FAST
@given(st.binary(max_size=3000) | TWILIO_FORMS.map(lambda form: "&".join(f"{k}={v}" for k, v in form.items()).encode("utf-8", "surrogatepass")))
def test_a_twilio_body_of_any_bytes_reads_as_plain_strings_or_is_refused(raw: bytes) -> None:
    form = whatsapp.read_form(raw)
    assert form is None or all(isinstance(k, str) and isinstance(v, str) for k, v in form.items())
    if form is not None:
        json.dumps(form)  # plain data, nothing a parser built


@FAST
@given(TELEGRAM_UPDATES)
def test_why_an_update_was_ignored_is_one_short_clean_line_for_the_log(data: Any) -> None:
    reason = telegram.parse_update(data).ignored_reason
    if reason is not None:
        _clean(reason, 100)
        assert "\n" not in reason
