"""Take the name out of an answer typed as a sentence: "mera naam Ramesh Kumar hai" → "Ramesh Kumar"."""

# The phrases around names are data (data/name_frames.toml), in Hindi, Hinglish and English side by side.

from __future__ import annotations

import tomllib
from importlib import resources

from bot.engine.districts import match_district
from bot.engine.validators import fold

_FRAMES = tomllib.loads(resources.files("bot.engine").joinpath("data/name_frames.toml").read_text("utf-8"))
_EDGE = " \t,;:.-–—|/\"'()[]!?"
# Words after a name that never end one, so they come off even when one word is left ("Ramu ji" → "Ramu").
_ALWAYS_AFTER = frozenset(fold(w) for w in ("ji", "जी", "hai", "है", "hoon", "hun", "hu", "हूँ", "हूं", "sir", "here"))


def _phrases(kind: str, where: str) -> tuple[tuple[str, ...], ...]:
    """Return a frame list as folded word tuples, longest first."""
    folded = {tuple(fold(phrase).split()) for phrase in _FRAMES[kind][where]}
    return tuple(sorted((words for words in folded if words), key=len, reverse=True))


_BEFORE = {kind: _phrases(kind, "before") for kind in ("person", "business")}
_AFTER = {kind: _phrases(kind, "after") for kind in ("person", "business")}
_FROM = {kind: frozenset(fold(word) for word in _FRAMES[kind]["from"]) for kind in ("person", "business")}


def _is_place(words: list[str]) -> bool:
    """Say whether words name a district of UP (or a city several districts share the name of)."""
    found = match_district(" ".join(words))
    return found.district is not None or bool(found.candidates)


def name_in(text: str, kind: str = "person") -> str:
    """Return the name an answer gives, without the words around it; the answer as it was when nothing is around it."""
    raw = text.split()
    words = [w.strip(_EDGE) for w in raw]
    comma = [w.rstrip().endswith(",") for w in raw]  # a comma after this word
    kept = [i for i, w in enumerate(words) if w]
    words, comma = [words[i] for i in kept], [comma[i] for i in kept]
    keys = [fold(w) for w in words]
    changed = True
    while changed and len(words) > 1:
        changed = False
        for phrase in _BEFORE[kind]:
            n = len(phrase)
            # A one-word frame ("main", "ji") comes off only when a name of two words is left: "Main Singh" stays.
            if len(words) > n + (n == 1) and tuple(keys[:n]) == phrase:
                words, keys, comma, changed = words[n:], keys[n:], comma[n:], True
                break
        for phrase in _AFTER[kind]:
            n = len(phrase)
            if len(words) > n + (n == 1 and phrase[0] not in _ALWAYS_AFTER) and tuple(keys[-n:]) == phrase:
                words, keys, comma, changed = words[:-n], keys[:-n], comma[:-n], True
                break
        # "… from Kanpur", "…, Firozabad": a district after the name is where they are, not their name.
        for size in (2, 1):
            if len(words) <= size + 1:
                continue
            after_from, after_comma = keys[-size - 1] in _FROM[kind], comma[-size - 1]
            if (after_from or after_comma) and _is_place(words[-size:]):
                cut = size + 1 if after_from else size
                words, keys, comma, changed = words[:-cut], keys[:-cut], comma[:-cut], True
                break
    name = " ".join(words).strip(_EDGE)
    if name and name == name.lower() and name.isascii():
        name = name.title()  # typed all in small letters on a phone: kept as a name is written
    return name or " ".join(text.split())


_NOT_A_NAME = {kind: frozenset(fold(word) for word in _FRAMES["not_a_name"][kind]) for kind in ("person", "business")}


def looks_like_a_name(name: str, kind: str = "person") -> bool:
    """Say whether what is left of an answer reads as a name: at most six words, none of them a word of a sentence."""
    words = fold(name).split()
    return 0 < len(words) <= 6 and not any(word in _NOT_A_NAME[kind] for word in words)
