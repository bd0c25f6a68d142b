"""Clean text from outside once, at the edge: NFC, no lone surrogates, no control characters, capped per field."""

# Every way in (Telegram updates, Twilio forms, the simulator) passes what a person or a client typed
# through `clean_text` before the rest of the app sees it, so nothing downstream meets a lone UTF-16
# surrogate (which no database can store), a NUL (which PostgreSQL refuses) or a megabyte of text.
# The caps are documented in docs/limits.md.

from __future__ import annotations

import unicodedata

__all__ = [
    "BUTTON_MAX",
    "ID_MAX",
    "NAME_MAX",
    "PHONE_MAX",
    "REPLACEMENT",
    "TEXT_MAX",
    "clean_id",
    "clean_text",
]

TEXT_MAX = 4096  # a message's text: Telegram's own limit for one message, far above what a seller types at one step
BUTTON_MAX = 256  # a button id or title as a client sends it (ours are at most 64 bytes: Telegram's callback_data)
NAME_MAX = 128  # a person's profile name on the channel
ID_MAX = 64  # an address or a provider's message id: the width of the columns that keep them
PHONE_MAX = 32  # a phone number as typed, before it is checked
REPLACEMENT = "\ufffd"  # what a lone surrogate becomes, as any UTF-8 decoder would make of it

_LINE_BREAKS = {"\r\n": "\n", "\r": "\n", "\u2028": "\n", "\u2029": "\n", "\x85": "\n"}
# The control characters (C0, DEL, C1): a tab becomes a space, a line break stays (or becomes a space), the rest go.
_CONTROLS = [chr(code) for code in (*range(0x20), *range(0x7F, 0xA0))]
_MULTILINE = str.maketrans({ch: "\n" if ch == "\n" else " " if ch == "\t" else None for ch in _CONTROLS})
_ONE_LINE = str.maketrans({ch: " " if ch in "\n\t" else None for ch in _CONTROLS})


def clean_text(value: str, limit: int | None = TEXT_MAX, *, multiline: bool = True) -> str:
    """Return text in NFC without lone surrogates or control characters, at most `limit` characters long (None: no cap)."""
    if value.isascii() and value.isprintable():
        return value[:limit]
    # What lies beyond four times the cap is cut before the work, so a megabyte costs no more than a page.
    text = value if limit is None else value[: limit * 4 + 4]
    # Lone surrogates (from JSON's "\ud800") become U+FFFD; a pair written as two escapes becomes its one character.
    text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")
    for old, new in _LINE_BREAKS.items():
        text = text.replace(old, new)
    text = text.translate(_MULTILINE if multiline else _ONE_LINE)
    return unicodedata.normalize("NFC", text)[:limit]


def clean_id(value: str | None, limit: int = ID_MAX) -> str | None:
    """Return an identifier cleaned to one line with its edges trimmed, or None when it is empty or longer than `limit`."""
    if value is None:
        return None
    text = clean_text(value, None, multiline=False).strip()
    return text if text and len(text) <= limit else None
