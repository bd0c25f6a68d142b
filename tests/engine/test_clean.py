"""Text from outside is cleaned once: NFC, no lone surrogates, no control characters, capped per field."""

from __future__ import annotations

import unicodedata

import pytest

from bot.engine.clean import ID_MAX, REPLACEMENT, TEXT_MAX, clean_id, clean_text


@pytest.mark.parametrize(
    ("raw", "cleaned"),
    [
        ("नमस्ते", "नमस्ते"),
        ("a\ud800b", f"a{REPLACEMENT}b"),  # a lone high surrogate, as JSON's "\ud800" decodes
        ("\udfffx", f"{REPLACEMENT}x"),  # a lone low surrogate
        ("\ud83d\ude00", "😀"),  # a pair written as two escapes is one character
        ("ra\x00m", "ram"),  # NUL
        ("a\x07\x1b[31mb\x7f\x9b", "a[31mb"),  # bell, escape, DEL, a C1 control
        ("line one\r\nline two\rthree\u2028four", "line one\nline two\nthree\nfour"),
        ("tab\there", "tab here"),
        ("e\u0301", "é"),  # NFC composes
        ("ज़\u200dरा", "ज़\u200dरा"),  # zero-width joiner is text in Devanagari, not a control
    ],
)
def test_clean_text(raw: str, cleaned: str) -> None:
    assert clean_text(raw) == cleaned


def test_one_line_fields_lose_their_line_breaks() -> None:
    assert clean_text("a\nb\tc\r\nd", multiline=False) == "a b c d"


def test_text_is_capped_after_cleaning() -> None:
    assert len(clean_text("x" * 10_000_000)) == TEXT_MAX
    assert clean_text("\x00" * 10 + "abc", 2) == "ab"
    assert len(clean_text("अ" * 5000, 100)) == 100


def test_cleaned_text_can_be_stored_as_utf8_and_is_nfc() -> None:
    raw = "\ud800\x00\u0915\u093c\ue000" * 3
    cleaned = clean_text(raw)
    cleaned.encode("utf-8")  # would raise on a surrogate
    assert unicodedata.is_normalized("NFC", cleaned) and "\x00" not in cleaned


def test_ids_are_one_line_trimmed_and_refused_when_too_long() -> None:
    assert clean_id("  whatsapp:+919812345678\x00 ") == "whatsapp:+919812345678"
    assert clean_id("a" * ID_MAX) == "a" * ID_MAX
    assert clean_id("a" * (ID_MAX + 1)) is None
    assert clean_id(" \x00 ") is None and clean_id(None) is None
