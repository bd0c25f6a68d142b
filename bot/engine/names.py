"""Take the name out of an answer typed as a sentence: "mera naam Ramesh Kumar hai" → "Ramesh Kumar"."""

# The words around names are data (data/name_frames.toml), in Hindi, Hinglish and English side by side. The name
# is the longest run of words that are not frame words, after a father's or husband's name and the places are taken
# off; when two runs are equally long, no name is taken and the seller is asked for just the name.

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bot.engine.districts import match_district, names_a_district
from bot.engine.understanding import spelling
from bot.engine.validators import fold

_FRAMES = tomllib.loads(resources.files("bot.engine").joinpath("data/name_frames.toml").read_text("utf-8"))
_KINDS = ("person", "business")
# Quotes around a business name mark it out: "काम हम "सरस्वती सिलाई सेंटर" के नाम से करते हैं".
_QUOTED = re.compile("[\"\u201c\u201d\u00ab\u00bb](.+?)[\"\u201c\u201d\u00ab\u00bb]")
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_EDGE = " \t,;:.-–—|/\"'()[]!?*_~"


def _key(word: str) -> str:
    """Return the matching key of one word."""
    return spelling(fold(word).replace(" ", ""))


def _keys(words: list[str]) -> frozenset[str]:
    """Return the matching keys of a word list."""
    return frozenset(_key(word) for word in words if _key(word))


_FRAME = {kind: _keys(_FRAMES[kind]["frame"]) for kind in _KINDS}
_SOFT = {kind: _keys(_FRAMES[kind]["soft"]) for kind in _KINDS}
_LEAD = {"person": frozenset(), "business": _keys(_FRAMES["business"]["lead"])}
_FROM = {kind: _keys(_FRAMES[kind]["from"]) for kind in _KINDS}
_CUT = {kind: tuple(tuple(_key(w) for w in phrase.replace("/", " / ").split()) for phrase in _FRAMES[kind]["cut"]) for kind in _KINDS}
_SENTENCE = _keys(_FRAMES["sentence"]["both"])
_INTRO = frozenset(_key(w) for w in ("naam", "name", "नाम", "am", "im", "myself", "main", "मैं", "is"))


@lru_cache(maxsize=4096)
def _is_place(words: tuple[str, ...]) -> bool:
    """Say whether words name a district of UP (or a city several districts share the name of)."""
    found = match_district(" ".join(words))
    return found.district is not None or bool(found.candidates)


def _word(raw: str) -> str:
    """Return a typed word without the punctuation around it, keeping the dots of initials ("R.K.")."""
    word = raw.strip(_EDGE)
    if "." in word and raw.rstrip().endswith(".") and word.replace(".", "").isalpha():
        word += "."
    return "".join(ch for ch in word if ch.isalnum() or ch in ".&'-\u0900\u0901\u0902\u0903\u093c\u094d" or "\u093e" <= ch <= "\u094c")


def _cut_relations(words: list[str], kind: str) -> list[str]:
    """Return the words before "s/o", "पुत्र", "wife of" and the like."""
    keys = [_key(w) for w in words]
    for i in range(len(words)):
        for phrase in _CUT[kind]:
            glued = "".join(phrase)
            if keys[i] == glued or tuple(keys[i:i + len(phrase)]) == phrase:
                return words[:i]
    return words


def _runs(text: str, kind: str) -> list[tuple[list[str], bool, bool]]:
    """Return the runs of name words, each with whether it came right after an introducing word and whether it is set apart."""
    runs: list[tuple[list[str], bool, bool]] = []
    for segment_number, segment in enumerate(re.split(r"[,;|\n]|\s[-–—]\s|:\s", text)):
        words = [w for w in (_word(raw) for raw in _cut_relations(segment.split(), kind)) if w]
        current: list[str] = []
        after_intro = apart = False
        previous = ""
        for word in words:
            key = _key(word)
            is_frame = key in _FRAME[kind] or key in _FROM[kind] or (key in _LEAD[kind] and not current)
            if is_frame:
                if current:
                    runs.append((current, after_intro, apart or segment_number > 0))
                    current = []
                previous = key
                continue
            if not current:
                after_intro = previous in _INTRO
                apart = previous in _FROM[kind]
            current.append(word)
        if current:
            runs.append((current, after_intro, apart or segment_number > 0))
    return runs


def _soft_name(text: str, kind: str) -> str | None:
    """Return a two-word name that starts with a frame word that is also a name ("Main Singh"), when nothing else frames it."""
    words = [_word(w) for w in text.split()]
    keys = [_key(w) for w in words if w]
    if len(keys) == 2 and keys[0] in _SOFT[kind] and keys[1] not in _FRAME[kind]:
        return " ".join(w for w in words if w)
    return None


def name_in(text: str, kind: str = "person") -> str:
    """Return the name an answer gives without the words around it, or "" when it gives none or two."""
    quoted = _QUOTED.search(text)
    if quoted and kind == "business":
        text = quoted.group(1)
    soft = _soft_name(text, kind)
    if soft:
        return soft.title() if soft == soft.lower() and soft.isascii() else soft
    inside = [part for part in _PARENTHESES.findall(text) if _is_place(tuple(fold(part).split()))]
    text = _PARENTHESES.sub(lambda m: " , " if m.group(1) in inside else " " + m.group(1) + " ", text)
    runs = _runs(text, kind)
    if len(runs) > 1:  # a place set apart from the name ("…, Firozabad", "… from Kanpur") is where they are
        runs = [run for run in runs if not (_is_place(tuple(fold(" ".join(run[0])).split())) and (run[2] or kind == "person"))] or runs
    if len(runs) > 1:
        introduced = [run for run in runs if run[1]]
        if len(introduced) == 1:
            runs = introduced
        else:
            longest = max(len(run[0]) for run in runs)
            runs = [run for run in runs if len(run[0]) == longest]
    if len(runs) != 1 or any(_key(word) in _SENTENCE for word in runs[0][0]) or "?" in text:
        return ""
    words = runs[0][0]
    for size in (2, 1):  # "Ansh Solar Solutions Lucknow": a district after a name of two words or more is where it is
        if len(words) >= size + 2 and names_a_district(" ".join(words[-size:])):
            words = words[:-size]
            break
    name = " ".join(words)
    if name == name.lower() and name.isascii():
        name = name.title()  # typed all in small letters on a phone: kept as a name is written
    return name


def looks_like_a_name(name: str, kind: str = "person") -> bool:
    """Say whether what is left of an answer can be a name: one to six words (whether they are letters is checked after)."""
    return 0 < len(name.split()) <= 6
