"""Read an answer written as a sentence: the option it names, yes or no, a position, an amount, or a request."""

# The words are data (data/vocabulary.toml), in Hindi, Hinglish and English side by side; this module only
# finds them. It never guesses: when an answer names two options it says so, and the step asks back.

from __future__ import annotations

import re
import tomllib
from functools import lru_cache
from importlib import resources

from bot.engine.validators import ORDINAL_WORDS, fold

_VOCABULARY = tomllib.loads(resources.files("bot.engine").joinpath("data/vocabulary.toml").read_text("utf-8"))
Cues = tuple[tuple[str, tuple[str, ...]], ...]


@lru_cache(maxsize=64)
def _cues(section: str) -> Cues:
    """Return a vocabulary section as (option, folded words) pairs."""
    table = _VOCABULARY.get(section, {})
    return tuple((option, tuple(fold(phrase).split())) for option, phrases in table.items() for phrase in phrases if fold(phrase))


@lru_cache(maxsize=256)
def _by_first_word(cues: Cues) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Index phrases by their first word, so an answer is scanned once rather than once per phrase."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for option, phrase in cues:
        index.setdefault(phrase[0], []).append((option, phrase))
    return {word: tuple(found) for word, found in index.items()}


def _found(words: list[str], cues: Cues, allowed: tuple[str, ...] | None = None) -> list[str]:
    """Return the options whose phrases the words hold, dropping a phrase found inside a longer one of another option."""
    index = _by_first_word(cues)
    spans: list[tuple[int, int, str]] = []
    for start, word in enumerate(words):
        for option, phrase in index.get(word, ()):
            n = len(phrase)
            if (allowed is None or option in allowed) and tuple(words[start:start + n]) == phrase:
                spans.append((start, start + n, option))
    if not spans:
        return []
    kept = {
        option for start, end, option in spans
        if not any(s <= start and end <= e and (e - s) > (end - start) and o != option for s, e, o in spans)
    }
    return [option for option in (allowed or tuple(dict.fromkeys(o for o, _ in cues))) if option in kept]


_COUNTS = {
    **dict.fromkeys(("1", "ek", "एक", "one"), 1), **dict.fromkeys(("2", "do", "दो", "two"), 2), **dict.fromkeys(("3", "teen", "तीन", "three"), 3),
    **dict.fromkeys(("4", "char", "चार", "four"), 4), **dict.fromkeys(("5", "paanch", "panch", "पाँच", "पांच", "five"), 5),
}
_MARKERS = frozenset(fold(w) for w in ("number", "no", "option", "opt", "button", "vikalp", "नंबर", "नम्बर", "विकल्प", "बटन", "ऑप्शन", "choice"))
_ORDINAL_KEYS = {fold(k): v for k, v in ORDINAL_WORDS.items()}
_COUNT_KEYS = {fold(k): v for k, v in _COUNTS.items()}


def position_in(words: list[str], count: int) -> int | None:
    """Return the option number a message names ("pehla wala", "number do", "option 2", "the third one"), if just one, else None."""
    found: set[int] = set()
    for i, word in enumerate(words):
        if word in _ORDINAL_KEYS:
            found.add(_ORDINAL_KEYS[word])
        elif word in _COUNT_KEYS:
            near = {words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)}
            if word.isdigit() or near & _MARKERS or len(words) == 1:
                found.add(_COUNT_KEYS[word])
        elif word not in _fillers():
            return None  # other words around the number say something else ("pehle menu dikhao"): not a position
    if len(found) == 1:
        number = found.pop()
        return number if 1 <= number <= count else None
    return None


def option_in(section: str, text: str, options: tuple[str, ...]) -> str | tuple[str, ...] | None:
    """Return the option an answer names, the options it could mean (to ask which), or None."""
    words = fold(text).split()
    if not words:
        return None
    named = _found(words, _cues(section), options)
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        return tuple(named)
    if section == "ask_turnover":  # an amount names a band
        band = turnover_band(words)
        if band is not None:
            return band
    position = position_in(words, len(options))
    return options[position - 1] if position else None


def yes_no_in(section: str, text: str, options: tuple[str, ...]) -> str | tuple[str, ...] | None:
    """Return "yes", "no" or "unknown" for an answer written as a sentence, both when it says both, or None."""
    words = fold(text).split()
    if not words:
        return None
    if "unknown" in options and _found(words, _cues("yes_no"), ("unknown",)):
        return "unknown"
    own = _found(words, _cues(section), options)
    if len(own) == 1:
        return own[0]
    # "no" before a number is a number ("no. 2"), not a refusal; "ji nahi" is a no, as its longer phrase says.
    said = _found([w for i, w in enumerate(words) if not (w == "no" and i + 1 < len(words) and words[i + 1].isdigit())], _cues("yes_no"),
                  ("yes", "no"))
    if len(said) == 1:
        return said[0]
    if said:
        return ("yes", "no")  # "haan … nahi": both said, so the seller is asked
    position = position_in(words, len(options))
    return options[position - 1] if position else None


@lru_cache(maxsize=4)
def _commands(shortest: int) -> Cues:
    """Return the request phrases of at least `shortest` words."""
    return tuple(cue for cue in _cues("commands") if len(cue[1]) >= shortest)


def lacks(text: str) -> bool:
    """Say whether an answer says the seller has no such number or email yet ("abhi udyam nahi bana")."""
    return bool(_found(fold(text).split(), _cues("dont_have"), ("none",)))


def command_in(text: str, *, shortest: int = 1) -> str | None:
    """Return the request a sentence makes (talk to a person, stop, erase, …) when it makes just one, else None."""
    words = fold(text).split()
    named = _found(words, _commands(shortest))
    return named[0] if len(named) == 1 else None


@lru_cache(maxsize=1)
def _fillers() -> frozenset[str]:
    """Return the words that may stand around a position."""
    return frozenset(fold(word) for word in _VOCABULARY["filler"]["words"])


def doubt_in(text: str) -> str | None:
    """Say whether an answer is a question ("question") or names a part or a choice between ("partly"), else None."""
    words = fold(text).split()
    if "?" in text or _found(words, _cues("doubt"), ("question",)):
        return "question"
    return "partly" if _found(words, _cues("doubt"), ("partly",)) else None


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNITS = {**dict.fromkeys(("lakh", "lac", "lakhs", "lacs", "laakh", "lk", "लाख"), 0.01),
          **dict.fromkeys(("crore", "crores", "cr", "karod", "karor", "karoda", "करोड", "करोड़", "करोड़"), 1.0)}
_UNIT_KEYS = {fold(k): v for k, v in _UNITS.items()}
_LESS = frozenset(fold(w) for w in ("kam", "neeche", "niche", "below", "less", "under", "कम", "नीचे", "andar", "अंदर", "se kam"))
_MORE = frozenset(fold(w) for w in ("upar", "zyada", "jyada", "adhik", "more", "above", "over", "ऊपर", "ज़्यादा", "ज्यादा", "अधिक", "plus"))


def turnover_band(words: list[str]) -> str | tuple[str, ...] | None:
    """Return the turnover band of an amount said in lakh or crore ("लगभग 50 लाख", "around 3 crore"), both bands when on a boundary."""
    for i, word in enumerate(words[:-1]):
        unit = _UNIT_KEYS.get(words[i + 1])
        if unit is None:
            continue
        amount = float(word) if _NUMBER.fullmatch(word) else _COUNT_KEYS.get(word)
        if amount is None:
            continue
        crore = amount * unit
        rest = set(words[i + 2:]) | set(words[:i])
        less, more = bool(rest & _LESS), bool(rest & _MORE)
        for edge, below, above in ((1.0, "under_1cr", "1_10cr"), (10.0, "1_10cr", "over_10cr")):
            if crore == edge:
                return below if less and not more else above if more and not less else (below, above)
        return "under_1cr" if crore < 1 else "1_10cr" if crore < 10 else "over_10cr"
    return None
