"""Tell which department brought a seller: the deep-link code in a WhatsApp first message (Telegram sends it after /start)."""

from __future__ import annotations

import re

_CODE_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")
# Only the start of a message is searched: a prefilled wa.me text is short, and a long message that
# happens to contain a code-like word later on was typed, not prefilled.
_SEARCHED_CHARS = 300


def candidate_codes(text: str) -> list[str]:
    """Return the words of a message that could be deep-link codes, in order."""
    words = re.split(r"[^A-Za-z0-9_-]+", (text or "")[:_SEARCHED_CHARS])
    return [word for word in words if _CODE_TOKEN.fullmatch(word)]


def code_in_text(text: str, known_codes: set[str]) -> str | None:
    """Return the first known deep-link code that is a whole word of the text, or None."""
    words = candidate_codes(text)
    for word in words:
        if word in known_codes:
            return word
    # Failing an exact match, a match ignoring case counts, but only when it names one code.
    folded: dict[str, list[str]] = {}
    for code in known_codes:
        folded.setdefault(code.casefold(), []).append(code)
    for word in words:
        matches = folded.get(word.casefold(), [])
        if len(matches) == 1:
            return matches[0]
    return None
