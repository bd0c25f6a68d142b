"""Read an answer written as a sentence: the option it names, yes or no, a position, an amount, or a request."""

# The words are data (data/vocabulary.toml), in Hindi, Hinglish and English side by side; this module only
# finds them. It never guesses: when an answer names two options it says so, and the step asks back.

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import lru_cache
from importlib import resources

from bot.engine.districts import DISTRICTS, match_district, names_of
from bot.engine.validators import ORDINAL_WORDS, fold, to_ascii_digits

_VOCABULARY = tomllib.loads(resources.files("bot.engine").joinpath("data/vocabulary.toml").read_text("utf-8"))
# Goods of no group are "Something else" at the category as well as products at the offering: one list, read by both.
_VOCABULARY["ask_category"]["other"] = [*_VOCABULARY["ask_category"]["other"], *_VOCABULARY["goods_of_no_group"]["products"]]
Cues = tuple[tuple[str, tuple[str, ...]], ...]

# Hindi in Latin letters has no fixed spelling: "nahin", "nahi"; "sewa", "seva"; "zaroor", "jaroor"; "shuru", "suru".
_LATIN_SPELLINGS = (("ee", "i"), ("oo", "u"), ("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("ck", "k"), ("sh", "s"))
_DOUBLED = re.compile(r"([a-z])\1+")
# In Devanagari, long and short i and u and the nasal marks are written either way: नहीं, नही, नहि; हूँ, हु.
_DEVANAGARI_SPELLINGS = str.maketrans({"\u0940": "\u093f", "\u0942": "\u0941", "\u0908": "\u0907", "\u090a": "\u0909", "\u0902": None})
_VOWELS = frozenset("aeiouy")
_DIGRAPHS = frozenset(("kh", "gh", "ch", "jh", "th", "dh", "ph", "bh", "sh"))


@lru_cache(maxsize=16384)
def spelling(word: str) -> str:
    """Return one spelling for the ways a folded word is written ("nahin" → "nahi", "हूँ" → "हु")."""
    if not word.isascii():
        return word.translate(_DEVANAGARI_SPELLINGS) or word
    if word.isdigit():
        return word
    for written, kept in _LATIN_SPELLINGS:
        word = word.replace(written, kept)
    word = _DOUBLED.sub(r"\1", word)
    if len(word) >= 4 and word[-1] == "n" and word[-2] in "ieu":  # a nasal ending: nahin, hain, mein
        word = word[:-1]
    return word


def _skeleton(word: str) -> str:
    """Return a Latin word's consonants, the part that survives when vowels are left out ("krte" for "karte")."""
    return "".join(ch for ch in word if ch not in _VOWELS)


def _vowels_blanked(word: str) -> str:
    """Return a word with each vowel replaced by the same mark, so spellings that differ only in vowels are equal."""
    return "".join("*" if ch in _VOWELS else ch for ch in word)


def _is_subsequence(short: str, long: str) -> bool:
    """Say whether the letters of short appear in long in order."""
    letters = iter(long)
    return all(ch in letters for ch in short)


def _deletions(word: str) -> set[str]:
    """Return the word with each one letter left out."""
    return {word[:i] + word[i + 1:] for i in range(len(word))}


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], dict[str, frozenset[str]], dict[str, frozenset[str]]]:
    """Return every word the vocabulary knows, by spelling; by skeleton; and by each one-letter deletion (long words only)."""
    words: set[str] = set()
    for name, section in _VOCABULARY.items():
        for phrases in section.values():
            for phrase in phrases if name not in ("shorthand", "dialect", "joined") else ():
                words.update(spelling(w) for w in fold(phrase).split())
    words.update(spelling(fold(w)) for w in (*ORDINAL_WORDS, *_COUNTS, *_UNITS))
    words.update(_MARKERS | _LESS | _MORE | _NOT_AFTER | _NOT_BEFORE | _LINKS | _ARTICLES | _MIDDLE | _PER_YEAR | _PER_MONTH | _PER_DAY)
    skeletons: dict[str, set[str]] = {}
    near: dict[str, set[str]] = {}
    for word in words:
        if word.isascii() and not word.isdigit():
            skeletons.setdefault(_skeleton(word), set()).add(word)
        if len(word) >= _TYPO_FROM:
            for gone in _deletions(word) | {word}:
                near.setdefault(gone, set()).add(word)
    # A word the vocabulary also holds in full ("nhi" beside "nahi") is read as the full word, in answers and phrases alike.
    short = {word for word in words if word.isascii() and len(word) >= 3 and len(_fuller(word, skeletons)) == 1}
    return (frozenset(words - short), {k: frozenset(v) for k, v in skeletons.items()}, {k: frozenset(v) for k, v in near.items()})


def _fuller(word: str, skeletons: dict[str, set[str]] | dict[str, frozenset[str]]) -> set[str]:
    """Return the longer words with the same consonants that a word is, written the quick way without its first vowel ("krte", "nhi")."""
    first = 2 if word[:2] in _DIGRAPHS else 1  # "kh", "bh", "sh" … are one sound: "khan" and "bhi" keep their vowel
    if len(word) <= first or word[first] in _VOWELS or word[0] in _VOWELS and len(word) < 4:
        return set()  # "and", "its", "any" are English words of their own, not "anda" cut short  # "mat", "karo", "khan" are words of their own, not "mata", "karao", "kahan" cut short
    # "krte" for "karte"; and a word that begins with a vowel keeps it: "optn" for "option", "accnt" for "account"
    return {w for w in skeletons.get(_skeleton(word), ())
            if len(w) > len(word) and (w[1] in _VOWELS or word[0] in _VOWELS) and w[0] == word[0] and _is_subsequence(word, w)}


_TYPO_TO = 32  # no vocabulary word is longer, so a longer word is tried for no slip (its deletions grow with its square)
_TYPO_FROM = 8  # a word this long with one letter wrong, missing, extra or swapped is still read as the word it was meant to be


# Bundeli and Braj "no" ("कोऊ साझेदार नईं"), told from "नई" (new) only by its nasal mark, which spelling folds away.
_NASAL_NO = {fold(no): "नहीं" for no in ("नईं", "नइं", "नाईं", "नाइं")}


@lru_cache(maxsize=16384)
def _known(word: str) -> str:
    """Return the vocabulary word a typed word is, allowing for spelling, left-out vowels and one slip of a finger."""
    word = spelling(_NASAL_NO.get(word, word))
    word = _shorthand().get(word, word)
    known, skeletons, near = _lexicon()
    if word in known or len(word) < 3:
        return word
    if word.isascii() and len(word) >= 5 and word.endswith("s"):  # an English plural: "uniforms", "chairs", "batteries"
        for singular in (word[:-1], word[:-2] if word.endswith("es") else "", word[:-3] + "y" if word.endswith("ies") else ""):
            if singular in known:
                return singular
    if word.isascii():
        fuller = _fuller(word, skeletons)
        if len(fuller) == 1:
            return fuller.pop()
        if len(fuller) > 1 and len({_vowels_blanked(w) for w in fuller}) == 1:
            return min(fuller)  # "phla": "pehla" and "pahla" are one word spelt two ways
    if _TYPO_FROM <= len(word) <= _TYPO_TO:
        meant = set(near.get(word, ()))  # one letter extra, or one left out of a long word
        for gone in _deletions(word):
            meant |= near.get(gone, set())  # one letter wrong, or two swapped
        meant = {w for w in meant if abs(len(w) - len(word)) <= 1 and _one_slip(word, w)}
        if len(meant) == 1:
            return meant.pop()
    return word


@lru_cache(maxsize=1)
def _shorthand() -> dict[str, str]:
    """Return the quick ways words are typed on a phone, and Bhojpuri and Awadhi word forms, with the Hindi word each stands for."""
    table = {**_VOCABULARY["shorthand"], **_VOCABULARY["dialect"]}
    return {spelling(fold(short)): spelling(fold(word)) for short, word in table.items()}


def _one_slip(typed: str, meant: str) -> bool:
    """Say whether typed is meant with one letter wrong, missing, extra, or two neighbours swapped."""
    if len(typed) == len(meant):
        diff = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
        return len(diff) == 1 or (len(diff) == 2 and diff[1] == diff[0] + 1 and typed[diff[0]] == meant[diff[1]] and typed[diff[1]] == meant[diff[0]])
    longer, shorter = (typed, meant) if len(typed) > len(meant) else (meant, typed)
    return shorter in _deletions(longer)


CLAUSE = ","  # the word that stands where a comma, a full stop or a question mark parted an answer's clauses
# "i don't read hindi, english please"; a full stop only before a space and a word: not the dot of "no. 1", "2.5" or "a.b@gmail.com"
_CLAUSE_MARKS = re.compile(r"[,;!?\u0964\u0965\u2013\u2014]|\.(?=\s+\D)")  # a dash parts clauses as a comma does


_LETTERS_OWN = re.compile(r"\b([A-Z]{2,})['’]s\b")  # "CA's", "GST's": the letters, not "cas" (which is a slip for "cash")
_WILL_CUT = re.compile(r"(?<=[A-Za-z])['’]ll\b")  # "we'll", "they'll": "we will", not the filler "well"


# "40%" is a share under half, said in a word ("40 percent"), which a helper asks about; "60%" or "100%" of one owner decides.
_PERCENT = re.compile(r"(?<!\d)([1-4]?\d|50)\s*%")
_OWNING = re.compile(r"\b(?:owns?|share|shares|stake|hissa|partner|partners|malik|maalik)\b|हिस्सा|पार्टनर|मालिक", re.IGNORECASE)


def _shares(text: str) -> str:
    """Return text with a share under half written as a word ("40 percent") where it speaks of owning, so that it is asked about."""
    return _PERCENT.sub(r"\1 percent", text) if "%" in text and _OWNING.search(text) else text


@lru_cache(maxsize=4096)
def words_of(text: str) -> tuple[str, ...]:
    """Return an answer's words as the vocabulary spells them, a comma word where punctuation parts its clauses."""
    words: list[str] = []
    for clause in _CLAUSE_MARKS.split(_WILL_CUT.sub(" will", _LETTERS_OWN.sub(r"\1", _shares(text)))):
        typed = fold(clause).split()
        typed = [word for i, word in enumerate(typed) if not (i and _echo(typed[i - 1], word))]
        found = [piece for word in typed for part in _apart(word) for known in (_known(part),) for piece in _joined().get(known, (known,))]
        found = [_BECAME.get(word, word) if then in _WENT and after not in _NOT_AFTER else word
                 for word, then, after in zip(found, [*found[1:], ""], [*found[2:], "", ""])]
        if found:
            words.extend((CLAUSE, *found) if words else found)
    return tuple(words)


@lru_cache(maxsize=1)
def _joined() -> dict[str, tuple[str, ...]]:
    """Return the words typed as one for two ("hogya"), with the two words each stands for, as the vocabulary spells them."""
    return {_known(spelling(fold(one))): _phrase(two) for one, two in _VOCABULARY["joined"].items()}


_BECAME = {spelling(fold(w)): spelling(fold(became)) for w, became in (("है", "हो"), ("hai", "ho"))}  # Braj "है गयो" is "हो गया"
_WENT = frozenset(spelling(fold(w)) for w in ("गया", "गई", "गयी", "गए", "गये", "gaya", "gayi", "gai", "gaye"))


def _echo(word: str, then: str) -> bool:
    """Say whether a word echoes the one before with a "v" or an "o" ("kagaz vagaz", "चाय वाय", "सेवा ओवा"): "and the like", not a word."""
    if len(word) >= 3 and then[:1] in ("o", "\u0913") and len(then) > 2:
        # the eastern echo puts "o" for the first syllable: "सेवा-ओवा", "kaam oam"
        rest = word.lstrip("bcdfghjklmnpqrstvwxyz")[1:] if word.isascii() else word[2:] if word[1] in _JOINING else word[1:]
        return then[1:] == rest
    if len(word) < 3 or then[:1] not in ("v", "w", "\u0935") or word[:1] in ("v", "w", "\u0935"):
        return False
    if word.isascii():
        return then[1:] == word.lstrip("bcdfghjklmnpqrstxyz")
    return then[1:] == (word[1:] if word[0] in _CONSONANTS else word)


_RUN_MAX = 200  # letters in the longest run of Devanagari tried as words typed without spaces (a long sentence, voice typed)
_RUN_FROM = 12  # Devanagari letters in a word the vocabulary does not know before it is tried as words run together
_JOINING = frozenset(chr(c) for c in range(0x0900, 0x0980) if unicodedata.category(chr(c)) in ("Mn", "Mc"))  # vowel signs, nasal marks, virama


@lru_cache(maxsize=1)
def _pieces() -> frozenset[str]:
    """Return the words a run of Devanagari may be cut into: the vocabulary's, the dialect and quick forms it reads, and district names."""
    places = {spelling(part) for district in DISTRICTS for name in names_of(district) if not name.isascii() for part in fold(name).split()}
    return _lexicon()[0] | _shorthand().keys() | places


# Particles, one of which a short Devanagari run must hold to be cut ("नामहै" yes, "रेणुका" no).
_PARTICLES = frozenset(spelling(fold(w)) for w in ("में", "से", "है", "हैं", "जी", "नहीं", "नही", "भी", "वाला", "वाले", "वाली", "पर", "पे", "तो", "था",
                                                    "थी", "थे", "हूँ", "हूं"))
# Words of one letter and its marks that a short run may be cut into; any other piece holds two consonants or more ("बरेलीमें" is
# not "बरे लि में").
_SHORT_WORDS = _PARTICLES | frozenset(spelling(fold(w)) for w in ("का", "की", "के", "को", "ही", "हाँ", "हां", "ना", "न", "हम", "मैं", "जो", "वो", "ये",
                                                                  "तब", "अब"))
_CONSONANTS = frozenset(chr(c) for c in (*range(0x0915, 0x093A), *range(0x0958, 0x0960)))


@lru_cache(maxsize=4096)
def _apart(word: str) -> tuple[str, ...]:
    """Split Devanagari words typed without spaces, as voice typing writes them ("हमखुदनहींबनाते"), into the words the vocabulary knows."""
    spelt = spelling(word)
    if word.isascii():
        return _latin_apart(spelt) or (word,)
    if len(spelt) < 5 or len(spelt) > _RUN_MAX or _known(spelt) in _lexicon()[0]:
        return (word,)  # a run longer than any sentence typed without spaces is no words run together
    if len(spelt) >= _RUN_FROM:
        unknown, pieces, parts = _cut(spelt, anywhere=True)
        if pieces >= 2 and unknown * 4 <= len(spelt):  # else mostly words the vocabulary does not hold: a name, kept whole
            return parts
    # A shorter run ("बरेलीमेंहैजी", "नामहै", "ठीकहैमंजूरहै"): known words after at most one unknown word at its start,
    # with a particle among them, so that a name ("रेणुका") or a word of its own ("सरकार") is kept whole.
    unknown, pieces, parts = _cut(spelt, anywhere=False)
    if pieces >= 2 and unknown < len(spelt) and any(part in _PARTICLES for part in parts[1 if unknown else 0:]):
        return parts
    return (word,)


def said_in_phrases(section: str, text: str, option: str) -> bool:
    """Say whether an answer names an option in a phrase of two words or more of the step's vocabulary ("dal diya", not "not")."""
    return option in _found(words_of(text), _long_cues(section), None, _denied(section))


@lru_cache(maxsize=4096)
def spaced(text: str) -> str:
    """Return an answer with Devanagari runs made wholly of known words given their spaces ("नामहै नसीम बानो": "नाम है नसीम बानो")."""
    def apart(token: str) -> str:
        parts = _apart(fold(token)) if not token.isascii() and len(fold(token).split()) == 1 else ()
        return " ".join(parts) if len(parts) > 1 and all(part in _pieces() for part in parts) else token
    return " ".join(apart(token) for token in text.split())


def runs_together(text: str) -> bool:
    """Say whether an answer holds Devanagari words typed without spaces, which its words are read apart from."""
    return any(not word.isascii() and len(_apart(word)) > 1 for word in fold(text).split())


_PIECE_MAX = 16  # letters in the longest piece a run is cut into


def _cut(spelt: str, *, anywhere: bool) -> tuple[int, int, tuple[str, ...]]:
    """Return (letters unknown, pieces, pieces' text) for the cut of a Devanagari run into known words leaving fewest unknown."""
    # Then fewest pieces. With anywhere false, only the first piece may be unknown. A cut never falls before a vowel sign,
    # after a virama or inside a cluster.
    known = _pieces()
    n = len(spelt)
    cuts = [i for i in range(1, n) if spelt[i] not in _JOINING and spelt[i - 1] != "\u094d"] + [n]
    best: dict[int, tuple[int, int, tuple[str, ...]]] = {0: (0, 0, ())}
    for end in cuts:
        options = []
        for start in range(max(0, end - _PIECE_MAX), end):  # only the cuts a piece's length away: linear in the run's length
            if start not in best:
                continue
            unknown, pieces, parts = best[start]
            piece = spelt[start:end]
            if piece in known and (anywhere or piece in _SHORT_WORDS or sum(ch in _CONSONANTS for ch in piece) >= 2):
                options.append((unknown, pieces + 1, (*parts, piece)))
            elif anywhere or start == 0:
                options.append((unknown + len(piece), pieces + 1, (*parts, piece)))
        if options:
            best[end] = min(options)
    return best.get(n, (n, 1, (spelt,)))


_LATIN_RUN_MAX = 48  # letters in the longest such word: three words typed together, not a line of one letter
_LATIN_RUN_FROM = 5  # letters in a Latin-script word the vocabulary does not know before it is tried as words typed without a space
_ENDINGS = frozenset(spelling(w) for w in ("me", "se", "ko", "ka", "ki", "ke", "ho", "hi", "di", "do", "na", "pe", "bhi"))  # may end a run


def _latin_apart(spelt: str) -> tuple[str, ...] | None:
    """Return a Latin-script word typed without spaces ("pichlasawal", "otp aayanahi") as two or three known words, else None."""
    if not _LATIN_RUN_FROM <= len(spelt) <= _LATIN_RUN_MAX or not spelt.isalpha() or _known(spelt) in _lexicon()[0] or spelt.endswith(_tenses()[0]):
        return None  # a verb in the future ("daalenge") is one word, and says what it says by its ending
    known = _pieces()

    def cut(rest: str, left: int) -> tuple[str, ...] | None:
        if (rest in known or spelling(rest) in known) and (len(rest) >= 3 or rest in _ENDINGS):
            return (rest,)
        if left == 1:
            return None
        for at in range(len(rest) - 2, 2, -1):  # the longest first piece that leaves known words
            if rest[:at] in known or spelling(rest[:at]) in known:
                tail = cut(rest[at:], left - 1)
                if tail:
                    return (rest[:at], *tail)
        return None

    parts = cut(spelt, 3)
    return parts if parts and len(parts) > 1 else None


def _phrase(text: str) -> tuple[str, ...]:
    """Return a vocabulary phrase's words as answers are read."""
    return tuple(_known(word) for word in fold(text).split())


@lru_cache(maxsize=64)
def _cues(section: str) -> Cues:
    """Return a vocabulary section as (option, words) pairs."""
    table = _VOCABULARY.get(section, {})
    return tuple((option, _phrase(phrase)) for option, phrases in table.items() for phrase in phrases if _phrase(phrase))


@lru_cache(maxsize=64)
def _long_cues(section: str) -> Cues:
    """Return a vocabulary section's phrases of two words or more."""
    return tuple(cue for cue in _cues(section) if len(cue[1]) >= 2)


@lru_cache(maxsize=256)
def _by_first_word(cues: Cues) -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Index phrases by their first word, so an answer is scanned once rather than once per phrase."""
    index: dict[str, list[tuple[str, tuple[str, ...]]]] = {}
    for option, phrase in cues:
        index.setdefault(phrase[0], []).append((option, phrase))
    return {word: tuple(found) for word, found in index.items()}


_NOT_AFTER = frozenset(spelling(fold(w)) for w in ("nahi", "nahin", "nhi", "nai", "ni", "not", "mat", "नहीं", "नही", "ना", "मत", "naikhe", "नइखे", "konya", "कोन्या"))
# English denials come before what they deny, contracted too: "it isn't linked", "we aren't manufacturers", "couldn't complete it".
_CONTRACTED = ("isnt", "arent", "wasnt", "werent", "cant", "cannot", "couldnt", "wont", "dont", "doesnt", "didnt", "havent", "hasnt",
               "shouldnt", "wouldnt", "aint")
_NOT_BEFORE = frozenset(spelling(fold(w)) for w in ("not", "no", "non", "never", "nahi", "nahin", "nhi", "नहीं", "नही", "bina", "बिना", "without", "na", "ना", "न", "neither", "nor",
                                                    *_CONTRACTED))


_NA, _NO = spelling("na"), spelling("no")
_BEING = frozenset(spelling(fold(w)) for w in ("hai", "h", "he", "hain", "ba", "baa", "tha", "thi", "hu", "hoon"))  # "SC ST na hai": a "na" then "is" denies


def _negated(words: tuple[str, ...] | list[str], start: int, end: int) -> bool:
    """Say whether the words found at start:end are denied: "manufacturer nahi hai", "not a manufacturer", "पार्टनर नहीं"."""
    after = words[end:end + 5]
    of_it = next((len(words_of_it) for words_of_it in _WORK_OF if tuple(after[:len(words_of_it)]) == words_of_it), 0)
    after = after[of_it:of_it + 3]  # "marammat ka kaam nahi karte", "mahila ke naam nahi hai": the work or the name of it denied
    # "partner hai nahi", "partnership wagera kuch nahi", "sc st me nahi aate"
    inside = bool(after[:1]) and after[0] in _INSIDE and not _in_another(words[end + 1:])  # "sc st me nahi aate"; not "sbi me nahi, pnb me hai"
    linked = next((i for i, word in enumerate(after) if word not in _LINKS and not (i == 0 and inside)), len(after))
    before = words[max(0, start - 2):start]
    if before and before[-1] in _ONLY:
        not_before = start > 1 and words[start - 2] in _NOT_BEFORE | _NOT_AFTER  # "not only goods"
        not_after = linked < len(after) and after[linked] in _NOT_AFTER  # "sirf saman nahi, installation bhi"
        if not_before or not_after:
            return False  # more than this, not this denied
    at = end + of_it + linked  # where the word after the thing and its links stands in the whole answer
    if linked < len(after) and after[linked] in _NOT_AFTER and set(words[at + 1:at + 2]) & _GIVEN_UP:
        return False  # "service wala kaam nahi chhoda": not given up, so still done
    tag = (linked < len(after) and after[linked] in _NA_ALONE and at > 0 and words[at - 1] in _TAGGED  # "जुड़ा है ना": "isn't it?", a yes
           and tuple(words[at + 1:at + 2]) in ((), (CLAUSE,)))
    return bool(linked < len(after) and (after[linked] in _NOT_AFTER and not tag or after[linked] == _NA and _BEING.intersection(after[linked + 1:linked + 2])
                                         or after[linked] == _NO and tuple(words[at + 1:at + 2]) in ((), (CLAUSE,)))  # "woman yes, SC no"
                or before and before[-1] in _NOT_BEFORE or len(before) == 2 and before[1] in _ARTICLES and before[0] in _NOT_BEFORE
                or len(before) == 2 and before[0] in _NA_ALONE and before[1] in _STRESS)  # "na hi sc st me aata", "न ही महिला"


_GIVEN_UP = frozenset(spelling(fold(w)) for w in ("chhoda", "chhodi", "chhode", "choda", "chodi", "छोड़ा", "छोड़ी", "छोड़े", "chhodenge", "छोड़ेंगे"))
_NA_ALONE = frozenset(spelling(fold(w)) for w in ("na", "ना", "न"))  # not "nahi to", which is "otherwise"
_TAGGED = frozenset(spelling(fold(w)) for w in ("hai", "h", "he", "hain", "ba", "है", "हैं", "बा"))  # a "na" after these asks "isn't it?"
_STRESS = frozenset(spelling(fold(w)) for w in ("hi", "ही", "to", "तो"))


def _denied_far(words: tuple[str, ...] | list[str], start: int, starts: dict[int, set[str]], option: str) -> bool:
    """Say whether an English "not" a few words before denies the words at start, with no other option's words between them."""
    for k in range(start - 1, max(0, start - 5) - 1, -1):
        if words[k] == CLAUSE or words[k] in _BUT:
            return False  # "i don't read hindi, english please", "not linked earlier but I updated it": no denial past a comma or a "but"
        if words[k] in _NOT_IN_ENGLISH and not any(k < other < start and found - {option} for other, found in starts.items()):
            # "we do not currently have a bank account", "we don't sell any goods" (the verb and its thing are one option);
            # not "i don't read hindi, english please"
            return True
    return False


def _not_before_another(words: tuple[str, ...] | list[str], end: int, starts: dict[int, set[str]], option: str) -> bool:
    """Say whether an English "not" right after an option's words begins another's ("products not services" denies services)."""
    return end + 1 < len(words) and words[end] == _NOT and bool(starts.get(end + 1, set()) - {option})


_NOT = spelling("not")
_NOT_IN_ENGLISH = frozenset(spelling(w) for w in ("not", "never", *_CONTRACTED))
# Words between a thing and its denial that keep it denied: "marammat ka kaam nahi", "mahila ke naam par nahi hai".
_WORK_OF = tuple(sorted((tuple(spelling(fold(w)) for w in pair.split()) for pair in (
    "स्वामित्व", "swamitva", "ka koi kaam", "ka koi kam", "का कोई काम", "wala kaam", "vala kaam", "वाला काम", "wale kaam", "वाले काम", "ka kaam", "ka kam", "का काम", "ki seva", "की सेवा", "ke naam", "ke nam", "के नाम", "ko naam", "को नाम", "ke naam par", "ke naam pe", "ke naam se", "के नाम पर",
    "के नाम पे", "के नाम से", "malik", "maalik", "मालिक", "malkin", "मालकिन")), key=len, reverse=True))  # "mahila malik nahi hai"
_ONLY = frozenset(spelling(fold(w)) for w in ("sirf", "sirph", "only", "keval", "kewal", "सिर्फ", "सिर्फ़", "केवल"))


_YES_DENIED = {"yes": "no", "no": "no", "unknown": "unknown"}  # "manufacturer nahi hai" is a no
_AS_SAID = {"none": "none", "question": "question", "partly": "partly", "unknown": "unknown"}  # words that already say no
_HONORIFICS = frozenset(spelling(fold(w)) for w in ("ji", "jee", "जी", "sir", "सर", "bhai", "bhaiya", "भैया"))
_INSIDE = frozenset(spelling(fold(w)) for w in ("me", "mein", "mei", "mai", "men", "में", "मे", "मैं"))  # "in", right after the thing
_ON = frozenset(spelling(fold(w)) for w in ("pe", "पे"))  # "factory me nahi banta, ghar pe khud banate": made elsewhere


def _in_another(words: tuple[str, ...] | list[str]) -> bool:
    """Say whether the clause after a denial puts it in another place and denies nothing there ("…, pnb me hai firm ka khata")."""
    if CLAUSE not in words:
        return False
    after = words[words.index(CLAUSE) + 1:]
    after = after[:after.index(CLAUSE)] if CLAUSE in after else after
    return bool(set(after) & (_INSIDE | _ON)) and not set(after) & _NOT_AFTER

_ANY_COMMAND = {command: command for command in ("menu", "help", "status", "language", "back", "human", "stop", "start", "erase")}
# Words that may stand between a thing and its denial: "partner hai nahi", "partnership wagera kuch nahi".
_LINKS = frozenset(spelling(fold(w)) for w in ("hai", "he", "h", "to", "bhi", "hi", "koi", "है", "तो", "भी", "ही", "कोई", "is", "are", "wagera", "vagaira", "vagairah",
                                               "वगैरह", "etc", "kuch", "कुछ", "kuchho", "कुछो", "hamara", "humara", "हमारा", "apna", "अपना",
                                               "wala", "wali", "wale", "वाला", "वाली", "वाले"))  # "SC ST wala nahi hai": the one of it denied
_ARTICLES = frozenset(("a", "an", "the", "any", "to", "koi", "कोई"))


_NO_ANSWER = "not_an_answer"  # a section's phrases that hold an answer's words but give none ("hum dono bhai" is no "both")


def _found(words: tuple[str, ...] | list[str], cues: Cues, allowed: tuple[str, ...] | None = None, denied: dict[str, str] | None = None) -> list[str]:
    """Return the options the words name; a phrase inside a longer one of another option, or denied and not in `denied`, names none."""
    index = _by_first_word(cues)
    spans: list[tuple[int, int, str]] = []
    for start, word in enumerate(words):
        for option, phrase in index.get(word, ()):
            n = len(phrase)
            if (allowed is None or option in allowed or option == _NO_ANSWER) and tuple(words[start:start + n]) == phrase:
                spans.append((start, start + n, option))
    if not spans:
        return []
    kept = set()
    starts: dict[int, set[str]] = {}
    for start, _, option in spans:
        starts.setdefault(start, set()).add(option)
    denials = {(start, end, option) for start, end, option in spans
               if (_negated(words, start, end) and not _not_before_another(words, end, starts, option))
               or _denied_far(words, start, starts, option)}
    denied_ends = {(end, option) for _, end, option in denials}
    for start, end, option in spans:
        if any(s <= start and end <= e and (e - s) > (end - start) for s, e, _ in spans):
            continue
        # "maal nahi bechte": the verb after "nahi" is denied with the thing before it
        if (start, end, option) in denials or start > 0 and words[start - 1] in _NOT_AFTER and (start - 1, option) in denied_ends:
            if denied is None or option not in denied:
                continue
            option = denied[option]
        kept.add(option)
    return [option for option in (allowed or tuple(dict.fromkeys(o for o, _ in cues))) if option in kept and option != _NO_ANSWER]


_COUNTS = {
    **dict.fromkeys(("1", "ek", "एक", "one"), 1), **dict.fromkeys(("2", "do", "दो", "two"), 2), **dict.fromkeys(("3", "teen", "तीन", "three"), 3),
    **dict.fromkeys(("4", "char", "चार", "four"), 4), **dict.fromkeys(("5", "paanch", "panch", "पाँच", "पांच", "five"), 5),
}
_MARKERS = frozenset(spelling(fold(w)) for w in ("number", "no", "option", "opt", "button", "vikalp", "नंबर", "नम्बर", "विकल्प", "बटन", "ऑप्शन", "choice"))
_ORDINAL_KEYS = {spelling(fold(k)): v for k, v in ORDINAL_WORDS.items()}
_MIDDLE = frozenset(spelling(fold(w)) for w in ("middle", "beech", "bich", "beech wala", "बीच"))
_NOW = frozenset(spelling(fold(w)) for w in ("now", "abhi", "ab", "aaj", "अभी", "अब", "आज", "abhie", "right away", "turant", "तुरंत"))
_LAST = frozenset(spelling(fold(w)) for w in ("last", "aakhri", "akhri", "aakhiri", "akhiri", "antim", "आखिरी", "आख़िरी", "अंतिम", "aakhir"))
_COUNT_KEYS = {spelling(fold(k)): v for k, v in _COUNTS.items()}


# "jo pehla button hai wahi"; not "wahi jo pehle" ("the same as before")
_POINTING = frozenset(spelling(fold(w)) for w in ("jo", "wahi", "vahi", "yahi", "जो", "वही", "यही"))
_BEFORE_TOO = frozenset(spelling(fold(w)) for w in ("pehle", "pahle", "पहले"))


def position_in(words: tuple[str, ...] | list[str], count: int) -> int | None:
    """Return the option number a message names ("pehla wala", "number do", "option 2", "the third one"), if just one, else None."""
    found: set[int] = set()
    for i, word in enumerate(words):
        if word in _ORDINAL_KEYS:
            found.add(_ORDINAL_KEYS[word])
        elif word in _MIDDLE and count % 2:
            found.add((count + 1) // 2)  # "the middle one" of three
        elif word in _LAST:
            found.add(count)  # "last option", "आखिरी वाला"
        elif word in _COUNT_KEYS:
            near = {words[j] for j in (i - 1, i + 1) if 0 <= j < len(words)}
            if word.isdigit() or near & _MARKERS or len(words) == 1:
                found.add(_COUNT_KEYS[word])
        elif word != CLAUSE and word not in _fillers() and word not in _POINTING:
            return None  # other words around the number say something else ("pehle menu dikhao"): not a position
    if len(found) == 1 and not (set(words) & _POINTING and set(words) & _BEFORE_TOO):
        number = found.pop()
        return number if 1 <= number <= count else None
    return None


def _without_buyer(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return an answer's words without whom the goods go to ("… to hostels", "daftaron ke liye …", "schoolon ko …")."""
    for i, word in enumerate(words):
        if word in _BUYER_AFTER:
            end = words.index(CLAUSE, i) if CLAUSE in words[i:] else len(words)
            return words[:i] + words[end:]  # English: whom comes after "to"
        if word in _BUYER_BEFORE and i:
            start = max((k + 1 for k in range(max(0, i - 2), i) if words[k] == CLAUSE), default=max(0, i - 2))
            return words[:start] + words[i + 1:]  # Hindi: whom comes before "ko", "ke liye"
    return words


_BUYER_AFTER = frozenset(spelling(w) for w in ("to", "for"))
_BUYER_BEFORE = frozenset(spelling(fold(w)) for w in ("ko", "को", "liye", "लिए", "liya"))


@lru_cache(maxsize=8)
def _mainly(section: str) -> frozenset[str]:
    """Return the words that say which of two things is the main one ("zyada", "mostly"), with a step's own ("aaram")."""
    return frozenset(_phrase(word)[0] for word in (*_VOCABULARY["mainly"]["words"], *_VOCABULARY["mainly"].get(section, ())))


def _main_beside(words: tuple[str, ...], i: int, section: str, named: tuple[str, ...]) -> list[str]:
    """Return what "zyada" at i makes the main one: said just before it ("kapde zyada, computer thoda"), else just after ("zyada stationery")."""
    before = words[max(0, i - 2):i]
    before = before[len(before) - before[::-1].index(CLAUSE):] if CLAUSE in before else before
    after = words[i + 1:i + 4]
    after = after[:after.index(CLAUSE)] if CLAUSE in after else after
    if i and words[i - 1] in _THAN:
        return _found(after, _cues(section), named)  # "hindi se jyada english aati hai": what is more than the other
    return _found(before, _cues(section), named) or _found(after, _cues(section), named)


def _clause_at(words: tuple[str, ...], i: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Return the words of the clause the word at i stands in, before it and from it on."""
    start = max((k + 1 for k in range(i) if words[k] == CLAUSE), default=0)
    end = next((k for k in range(i, len(words)) if words[k] == CLAUSE), len(words))
    return words[start:i], words[i:end]


def _plainly_main(words: tuple[str, ...], i: int) -> bool:
    """Say whether "zyada" or "easier" at i says plainly which is the main one: not denied nor said of someone else."""
    before, rest = _clause_at(words, i)
    return not set(before + rest) & (_NEGATION | _NOT_BEFORE | _DONT_DO | people() | _SIBLINGS)


def _uncounted(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return an answer's words without a "both" that counts the people after it ("dono behne", "दोनों एससी")."""
    counted = _spelled_words("together", "counted")
    return tuple(word for i, word in enumerate(words) if not (word in _BOTH and words[i + 1:i + 2] and words[i + 1] in counted))


@lru_cache(maxsize=4096)
def option_in(section: str, text: str, options: tuple[str, ...], *, answers: str = "", phrases_only: bool = False) -> str | tuple[str, ...] | None:
    """Return the option an answer names, the options it could mean (to ask which), or None; `answers` names a request the step answers."""
    words = _uncounted(words_of(text))
    if not words:
        return None
    if phrases_only:  # only what is named in two words or more: "talk in hindi", not the "hindi" of "why hindi?"
        named = _found(words, _long_cues(section), options, _denied(section))
        return named[0] if len(named) == 1 else None
    asked = bool(_found(words, _asks(), (section,), {section: section}))
    if asked and section in _VOCABULARY["asks_yield"]["to_phrases"] and len(_found(words, _long_cues(section), options, _denied(section))) == 1:
        asked = False  # "hum yadav hain OBC me, na SC na ST": an answer said outright in words of its own is not asked about
    if (asked and len(words) > 2 and words[1] == CLAUSE
            and any(f"{section}.{option}" in _VOCABULARY["asks_yield"]["first"] for option in _found(words[:1], _cues(section), options))):
        asked = False  # "neither, we are OBC": the answer's own word said first, alone, and then why
    if asked and section not in _VOCABULARY["asks_yield"]["steps"]:
        return tuple(options)  # "sirf saving account hai": a helper would ask rather than take either answer
    if _found(words, _listed("asks_yield", f"{section}.always")):
        return tuple(options)  # "pehle partnership thi, … kagaj abhi badle nahi", "हमारी दो फर्म हैं": ask, whatever is named
    if section == "ask_turnover" and _amounts(text):
        return turnover_band(text)  # a figure says the band, whatever "kam hai" is around it ("3 crore se kam hai" may be two)
    position = position_in(words, len(options)) if len(words) > 1 and section != "ask_turnover" else None
    if position:
        return options[position - 1]  # "पहले वाला बटन": a position and the words around one, whatever else "pehle" may say
    named = _found(words, _cues(section), options, _denied(section, yet=bool(set(words) & _tenses()[3])))
    forming = _listed("asks_yield", f"{section}.forming")
    if len(named) == 1 and forming and not set(words) & _NOW and _next_to(words, forming, tuple(cue for cue in _cues(section) if cue[0] in named)):
        return tuple(options)  # "partnership banane wale hain": a business about to be formed, and nothing said of what it is now
    loose = tuple(phrase for _, phrase in _listed("asks_yield", f"{section}.loose"))
    if asked and len(named) != 1 or asked and loose and not _found(_without(words, loose), _cues(section), options, _denied(section)):
        return tuple(options)  # "family business hai": ask; "family business, HUF" names its type; "wife milke chalate": ask
    if len(named) > 1:
        said = _found(words, _cues(section), options)  # "mahila nahi, SC hain": what is said outright beats what a denial implies
        named = said if len(said) == 1 else named
    if len(named) > 1 and _loose(section):
        # "meri company proprietorship hai": a word used loosely gives way to one said next to it ("कंपनी भी है और ट्रस्ट भी" is two)
        firm = _found(words, tuple(cue for cue in _cues(section) if cue not in _loose(section)), options, _denied(section))
        if len(firm) == 1 and _next_to(words, _loose(section), tuple(cue for cue in _cues(section) if cue[0] == firm[0])):
            named = firm
    if len(named) > 1 and _faint(section):
        plain = _found(words, tuple(cue for cue in _cues(section) if cue not in _faint(section)), options, _denied(section))
        named = plain if len(plain) == 1 else named  # "SC hain, dusra koi bhi nahi": the faint "koi bhi nahi" gives way
    if len(named) > 1 and section in _VOCABULARY["buyers"]["steps"]:
        sold = _found(_without_buyer(words), _cues(section), options, _denied(section))
        named = sold if len(sold) == 1 else named  # "we supply blankets to hostels and hospitals": what is sold, not to whom
    if len(named) > 1 and section in _VOCABULARY["weak_in"]["steps"]:
        said_first = [option for option in named if answered_first(text, tuple(_VOCABULARY["weak_in"][option]))
                      and not set(words) & (_DENIAL | _SORRY)]  # not "english, nahi aati, hindi me bhejo"
        # "english pls, typing hindi is slow for me", "english thodi kam aati, hindi thik h": not the language found hard; and not
        # a language denied in a clause of its own in what is left ("hindi me bhi atak jaata hu par english to bilkul nahi aati")
        kept = _clauses_not_weak(words)
        easy = _found(tuple(word for clause in kept for word in clause), _cues(section), options, _denied(section))
        easy = [] if any(_found(clause, _cues(section), options) and set(clause) & (_NEGATION | _NOT_BEFORE) for clause in kept) else easy
        named = said_first or (easy if len(easy) == 1 else named)
    if len(named) > 1 and section in _VOCABULARY["mainly"]["steps"]:
        main = {option for i, word in enumerate(words) if word in _mainly(section) and _plainly_main(words, i)
                for option in _main_beside(words, i, section, tuple(named))}
        named = list(main) if len(main) == 1 else named  # "… stationery bhi, zyada stationery": the main work, as the step asks
    if (named and command_in(text) not in (None, answers) and not _found(words, _long_cues(section), options, _denied(section))
            and not any(word in _ONLY and _found(words[i + 1:i + 2], _cues(section), options) for i, word in enumerate(words))):
        return None  # "msg fir se chalu kro": a request, though one of its words is also a step's answer; not "only services, …"
    if named and "later" not in options and _only_planned(text, section, options):
        return tuple(options)  # "abhi kuch nahi bechte, aage atta chakki ka plan hai": a plan says nothing of the business now
    if len(named) > 1 and "later" not in options:
        named = _said_of_now(text, section, options, named)  # "abhi to proprietorship hai, aage company banayenge"
    for option, parts in _VOCABULARY["together"].items():
        step, _, both = option.partition(".")
        if step == section and both in options and len(named) > 1 and set(named) <= {*parts, both}:
            return both  # "saman bhi aur service bhi", "दलित महिला हूँ"
    last = _VOCABULARY["prevails"].get(f"{section}.last", ())
    if len(named) > 1 and last and CLAUSE in words:
        tail = words[len(words) - words[::-1].index(CLAUSE):]
        said_last = _found(tuple(word for word in tail if word not in _NOW), _cues(section), options, _denied(section))
        # Said alone in the last clause and not of the future ("will start after PAN arrives"); "now" is left out of the
        # reading, as in "now milk is coming" it names nothing.
        if len(said_last) == 1 and said_last[0] in last and _tense(tail) != "future":
            return said_last[0]  # "PAN and GST we'll add later, start the registration now": what is said last is what is decided
    if "done" in named and "later" in options and set(words) & _WILL:
        # "listing will be done thereafter", "the profile shall be filled after the meeting": done is yet to come; so is what
        # is done in a clause of when ("will upload the menus after the new rate card is approved")
        undone = tuple(word for i, word in enumerate(words) if not (words[max(0, i - 2):i] and set(words[max(0, i - 2):i]) & _WILL)
                       and not _in_a_when(words, i))
        if "done" not in _found(undone, _cues(section), options, _denied(section)):
            named = list(dict.fromkeys("later" if option == "done" else option for option in named))
    charged = _prevailing(f"{section}.charged")
    if (set(named) == {"help", "done"} and charged and not denies(text) and doubt_in(text) is None
            and not _found(words, _listed("prevails", f"{section}.twice"))):
        if "help" not in _found(_without(words, charged), _cues(section), options, _denied(section)):
            named = ["done"]  # "paisa kat gaya aur receipt bhi aa gayi": the money taken, and the step done
    waiting = _prevailing(f"{section}.waiting")
    if set(named) == {"help", "later"} and waiting and _tense(words) == "future" and not doubt_in(text) == "question":
        if "help" not in _found(_without(words, waiting), _cues(section), options, _denied(section)):
            named = ["later"]  # "VA next week apply karenge, drawings pending": something awaited, and a plan; no problem
    topics = _prevailing(f"{section}.topics")
    if "help" in named and topics and "?" not in text and not doubt_in(text) and not denies(text):
        # "profile completed, including the registered office", "cancel cheque leke bharunga": a part of the step named in
        # a report or a plan, and no problem with it
        rest, tense = _found(_without(words, topics), _cues(section), options, _denied(section)), _tense(words)
        if rest == ["done"] and tense == "past" or rest in (["later"], []) and tense == "future" and "later" in options:
            named = rest or ["later"]
    items = _VOCABULARY["prevails"].get(f"{section}.items", ())
    if len(named) > 1 and items and CLAUSE in words:
        started = _rest_started(words, section, options, frozenset(word for item in items for word in words_of(item)))
        if started:
            return started  # "haan start karo, udyam baad me bana lenge": one paper put off, the rest started now
    if {"help", "done"} <= set(named) <= {"help", "done", "later"} and doubt_in(text) != "question" and _trouble_gone(words, section, options):
        named = ["done"]  # "error aa raha tha, ab ho gaya": a problem there was, and the step done since
    if len(named) > 1:
        order = _VOCABULARY["prevails"].get(section, ())
        prevailing = [option for option in order if option in named]
        if section in _VOCABULARY["prevails"]["not_when_both"] and _both_said(words):
            prevailing = []  # "stationery bhi aur printing bhi, dono barabar": two said alike, so the seller is asked
        if len(prevailing) == 1 or prevailing and set(named) <= set(order):
            named = prevailing[:1]  # "payment fail ho gaya, paise kat gaye": help; not "safai bhi aur guard bhi"
        partly = _VOCABULARY["prevails"].get(f"{section}.partly", ())
        if partly and partly[0] in options and set(named) <= set(order) and doubt_in(text) == "partly":
            named = list(partly[:1])  # "abhi shuru karo, baaki baad me": the rest is put off, the step is started
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        return tuple(named)
    # A request ("mera record khatam kar do") or a question ("paise wapas milenge?") is not an answer in any tense.
    request = command_in(text)
    if request == "status" and done_then_next(text):
        request = None  # "… kar di, agla step batao": what comes next after the step said done, not the progress
    tense = _tense(words) if not named and not request and not doubt_in(text) else None
    if tense == "future" and "later" in options:
        return "later"  # "photo khinchwa ke daalenge", "I'll do it once stock arrives"
    if tense == "past" and "done" in options and about_gem(text):  # "bijli chali gayi thi" is not a step done
        return "done"  # "sab upload kar diye", "QCI cleared"
    if section == "ask_turnover":  # an amount names a band; "crore se upar h", a unit alone, is one of it
        band = turnover_band(text, alone=not set(words) & (_PER_MONTH | _PER_DAY))
        if band is not None:
            return band
    position = position_in(words, len(options))
    return options[position - 1] if position else None


_WHEN = frozenset(spelling(w) for w in ("after", "once", "when", "until", "till", "unless"))


def _in_a_when(words: tuple[str, ...], i: int) -> bool:
    """Say whether the word at i stands in an English clause of when, after "after", "once" or "until", up to the clause's end."""
    return bool(set(_clause_at(words, i)[0]) & _WHEN)


@lru_cache(maxsize=64)
def _listed(table: str, key: str) -> Cues:
    """Return the phrases listed under a key of a vocabulary table as cues, spelled as answers are read."""
    return tuple((key, spelled) for spelled in (_phrase(p) for p in _VOCABULARY[table].get(key, ())) if spelled)


@lru_cache(maxsize=64)
def _prevailing(key: str) -> tuple[tuple[str, ...], ...]:
    """Return the phrases of a `prevails` entry of the vocabulary, spelled as answers are read."""
    return tuple(spelled for spelled in (_phrase(phrase) for phrase in _VOCABULARY["prevails"].get(key, ())) if spelled)


def _without(words: tuple[str, ...], phrases: tuple[tuple[str, ...], ...]) -> tuple[str, ...]:
    """Return the words with every run that is one of the spelled phrases taken out."""
    kept, i = [], 0
    while i < len(words):
        n = next((len(phrase) for phrase in phrases if tuple(words[i:i + len(phrase)]) == phrase), 0)
        if n:
            i += n
        else:
            kept.append(words[i])
            i += 1
    return tuple(kept)


def _rest_started(words: tuple[str, ...], section: str, options: tuple[str, ...], items: frozenset[str]) -> str | None:
    """Return the option said now in one clause when another clause puts off one named item, else None."""
    clauses, start = [], 0
    for i, word in enumerate((*words, CLAUSE)):
        if word == CLAUSE:
            clauses.append(words[start:i])
            start = i + 1
    said = [(clause, _found(clause, _cues(section), options, _denied(section))) for clause in clauses]
    now = [found[0] for clause, found in said if len(found) == 1 and found[0] != "later" and _tense(clause) != "future"]
    put_off = [clause for clause, found in said if found == ["later"] and set(clause) & items]
    return now[0] if len(now) == 1 and put_off else None


def _next_to(words: tuple[str, ...] | list[str], these: Cues | frozenset[tuple[str, tuple[str, ...]]], those: Cues) -> bool:
    """Say whether a phrase of these stands right before or after a phrase of those, at most one word between."""
    def spans(cues: Cues | frozenset[tuple[str, tuple[str, ...]]]) -> list[tuple[int, int]]:
        return [(i, i + len(phrase)) for _, phrase in cues for i in range(len(words)) if tuple(words[i:i + len(phrase)]) == phrase]
    return any(b_start - a_end <= 1 and a_start - b_end <= 1 and (b_start >= a_end or a_start >= b_end)
               for a_start, a_end in spans(these) for b_start, b_end in spans(those))


def _step_phrases(table: str, section: str) -> frozenset[tuple[str, tuple[str, ...]]]:
    """Return the (option, words) pairs a table keyed "<step>.<option>" lists for a step."""
    return frozenset((key.partition(".")[2], _phrase(phrase)) for key, phrases in _VOCABULARY[table].items()
                     if key.partition(".")[0] == section for phrase in phrases)


@lru_cache(maxsize=64)
def _loose(section: str) -> frozenset[tuple[str, tuple[str, ...]]]:
    """Return the (option, words) pairs of a step that sellers also use loosely ("company" for any business)."""
    return _step_phrases("loose", section)


@lru_cache(maxsize=64)
def _faint(section: str) -> frozenset[tuple[str, tuple[str, ...]]]:
    """Return the (option, words) pairs of a step that name their option only when no other option is named ("koi bhi nahi")."""
    return _step_phrases("faint", section)


@lru_cache(maxsize=1)
def _happenings() -> frozenset[str]:
    """Return the verbs in the future that say what will happen to the seller ("milega", "aayega")."""
    return frozenset(_phrase(w)[0] for w in _VOCABULARY["tense"]["happen_words"])


def _said_of_now(text: str, section: str, options: tuple[str, ...], named: list[str]) -> list[str]:
    """Return the options named in the parts of an answer that speak of now, leaving out a plan or what used to be."""
    _, _, _, _, former = _tenses()
    # By clauses first ("abhi sirf maal bechte h, service baad me shuru karenge"), then at the words of time too.
    for breaks in (_CLAUSE_BREAK, _TIME_BREAK):
        now: set[str] = set()
        carried = False  # "… vichar hai next year pvt ltd": a plan's words before a break speak of what follows it
        for part in breaks.split(text):
            words = words_of(part) if part and part.strip() else ()
            found = _found(words, _cues(section), options, _denied(section)) if words else []
            if found and _tense(words) != "future" and not set(words) & former and not _planned(words) and not (carried and not set(words) & _IS):
                now.update(found)
            carried = bool(words) and _planned(words[-3:])
        kept = [option for option in named if option in now]
        if kept and len(kept) < len(named):
            return kept
    return named


_IS = frozenset(spelling(fold(w)) for w in ("hai", "hain", "h", "hu", "hun", "hoon", "है", "हैं", "हूँ", "हूं", "is", "are", "am"))  # said of now
_AHEAD = re.compile(r"\b(?:aage|age|aagay|baad|bad|later|future)\b|आगे|बाद", re.IGNORECASE)


def _only_planned(text: str, section: str, options: tuple[str, ...]) -> bool:
    """Say whether an answer names the step's options only in a plan set against what is now ("abhi …, aage … karenge")."""
    parts = [words_of(part) for part in _TIME_BREAK.split(text) if part and part.strip()]
    parts = [words for words in parts if words]
    if len(parts) < 2:
        return False  # "GeM pe furniture bechenge": what will be sold there, with nothing said of now
    ahead = bool(_AHEAD.search(text))  # "aage chal ke … karenge": a future set after now; not the polite "batana chahenge"
    # "aage … shuru karenge": something new started later; not "aage bhi kapde hi bechenge" or "aage GeM pe supply karenge"
    planned = [bool(ahead and _tense(words) == "future" and set(words) & _STARTING or _planned(words)) for words in parts]
    found = [bool(_found(words, _cues(section), options, _denied(section))) for words in parts]
    return any(planned) and not all(planned) and any(found) and not any(f and not p for f, p in zip(found, planned))


def said_now_apart(text: str) -> str | None:
    """Return the parts of an answer said of now when another part is only a plan ("abhi sirf chikan ke kurte, aage … karenge"), else None."""
    parts = [part for part in _TIME_BREAK.split(text) if part and words_of(part)]
    ahead = bool(_AHEAD.search(text))
    planned = [bool(ahead and _tense(words_of(part)) == "future" and set(words_of(part)) & _STARTING or _planned(words_of(part))) for part in parts]
    if len(parts) < 2 or not any(planned) or all(planned):
        return None
    return " ".join(part for part, plan in zip(parts, planned) if not plan)


def now_and_before(text: str) -> tuple[str, str] | None:
    """Return an answer's parts said of now and of what used to be or has stopped ("… par service wala kaam abhi band h"), when it has both."""
    if _found(words_of(text), _listed("tense", "again")):
        return None  # "lockdown me band hua tha, ab fir se dono", "closed last year but reopened now": started again
    now, before = [], []
    for part in _NOW_BREAK.split(text):
        words = words_of(part) if part and part.strip() else ()
        if words and _former(words) and len(words) <= 2 and now:
            before.append(now.pop() + " " + part)  # "service wala kaam ab | band h": the stop said after "ab" is of what came before it
        elif words:
            (before if _former(words) else now).append(part)
    return (" ".join(now), " ".join(before)) if now and before else None


# Another number or account than the business's own: "ab naye number se juda hai", "ab OD account hai", "jan dhan".
_ANOTHER_ONE = frozenset(spelling(fold(w)) for w in ("naya", "naye", "nayi", "new", "dusra", "dusre", "doosre", "दूसरे", "नए", "नया", "other", "od",
                                                   "saving", "savings", "personal", "jan"))


def was_not_now_is(section: str, text: str) -> bool:
    """Say whether an answer says "no" of the past and "yes" of now ("pehle nahi tha, parso khulwa liya", "पहले नहीं जुड़ा था, परसों जुड़वा लिया")."""
    parts = [part for part in _NOW_BREAK.split(text) if part and words_of(part)]
    said = [(yes_no_in(section, part, ("yes", "no")), set(words_of(part)) & (_WAS - _THE)) for part in parts]
    no_then = next((i for i, (answer, past) in enumerate(said) if answer == "no" and past), None)
    words = words_of(text)
    whose = [word for i, word in enumerate(words) if word in people() and not set(words[i + 1:i + 2]) & _DID]  # not "abbu ne karwa diya"
    if no_then is None or _found(words, _still_said()) or whose:
        return False  # "khata nahi tha, papa ka account hai": someone else's is asked about
    if set(words_of(" ".join(parts[no_then + 1:]))) & _ANOTHER_ONE:
        return False  # "nahi juda tha, ab naye number se juda hai": another number or account, asked about
    later = [(answer, past) for answer, past in said[no_then + 1:] if answer is not None]
    return bool(later) and all(answer == "yes" and not past for answer, past in later) and _tense(words_of(parts[-1])) != "future"


def without_words_of(text: str, other: str) -> str:
    """Return an answer's words without those another part of it holds ("saman bhi aur service bhi" without "service … band h")."""
    theirs = set(words_of(other))
    return " ".join(word for word in words_of(text) if word not in theirs)


def _former(words: tuple[str, ...]) -> bool:
    """Say whether words tell of work that has stopped or used to be done ("repair band kar diya", "pehle service karte the", "होत रहल")."""
    if set(words) & _EARLIER or set(words) & _FIRST and set(words) & _WAS:  # "earlier", "pehle … the" ("pehle" alone is "first" as often)
        return True
    for i, word in enumerate(words):
        after, before = words[i + 1:i + 2], words[i - 1:i] if i else ()
        if (word in _STOP and (not after or after[0] in _STOP_VERB)  # "band kar diya", "stopped"; not "hair band", "band nahi hui", "band rehta"
                or word == _USED and after == (_TO,)  # "used to", not "used cars"
                or word == _CLOSED and (not after or after[0] == _DOWN or before and before[0] in _BE_PAST)  # "was closed", not "closed circuit"
                or word in _HABIT_WAS and before and before[0].endswith(("त", "at")) and not set(after) & _BE_NOW):  # "होत रहल", not "कर रहल बानी"
            return True
    return False


_NOW_BREAK = re.compile(r"[,;.|]|\b(?:par|pr|lekin|magar|kintu|parantu|but|and|aur|ab|now)\b|\s(?:पर|लेकिन|मगर|किंतु|किन्तु|परंतु|परन्तु|और|अब)\s")
_FIRST = frozenset(spelling(fold(w)) for w in ("pehle", "पहले"))
_EARLIER = frozenset(spelling(fold(w)) for w in ("earlier", "previously", "formerly"))
_STOP = frozenset(spelling(fold(w)) for w in ("band", "बंद", "stopped", "shut", "discontinued", "chhod", "chhoda", "छोड़", "छोड़ा", "chod"))
_STOP_VERB = frozenset(spelling(fold(w)) for w in ("h", "hai", "he", "ho", "hua", "hui", "kar", "kr", "kiya", "kiye", "है", "हो", "हुआ", "हुई", "कर", "किया",
                                                   "diya", "दिया", "in", "last", "since", "the", "it", "ho", "gaya", "gayi", "गया", "गई"))
_USED, _TO, _CLOSED, _DOWN = (spelling(w) for w in ("used", "to", "closed", "down"))
_BE_PAST = frozenset(spelling(w) for w in ("was", "were", "is", "have", "has", "we", "i", "got", "had"))
_HABIT_WAS = frozenset(spelling(fold(w)) for w in ("रहल", "rahal"))
_BE_NOW = frozenset(spelling(fold(w)) for w in ("बानी", "बा", "ba", "bani", "baani", "बाटे"))


def own_part(text: str, *, only: bool = False) -> str | None:
    """Return the parts of an answer the seller says of themselves when other parts speak of a relative ("bhai repair karta, main sirf saman bechta")."""
    if _found(words_of(text), _listed("not_theirs", "one_shop")):
        return None  # "papa repair karte hain, main sirf bill banata hu, dukan ek hi hai": one business, the family's work in it
    parts = [part for part in _CLAUSE_BREAK.split(text) if part and words_of(part)]
    theirs = [part for part in parts if set(words_of(part)[:3]) & people()]
    mine = [part for part in parts if part not in theirs and set(words_of(part)[:3]) & _ME and (not only or set(words_of(part)) & _JUST)]
    return " ".join(mine) if theirs and mine else None


def added(text: str) -> bool:
    """Say whether an answer says something is done as well ("ab accessories bhi rakhte h")."""
    return bool(set(words_of(text)) & _ALSO)


_JUST = _ONLY | frozenset(spelling(fold(w)) for w in ("bas", "बस", "khali", "खाली", "khaali"))  # "main sirf saman bechta", "हम त बस किराना"
_ME = frozenset(spelling(fold(w)) for w in ("main", "mai", "mein", "मैं", "मै", "hum", "ham", "हम", "i", "we", "apan", "हमनी", "hamni"))


def _planned(words: tuple[str, ...]) -> bool:
    """Say whether words say something is only planned ("masale ka plan h", "vichar hai"); not an "AMC plan" that is sold."""
    return bool(_found(words, _listed("tense", "plan_words")))


_STARTING = frozenset(spelling(fold(w)) for w in ("shuru", "start", "शुरू", "begin", "kholenge", "lagayenge", "lagaenge", "खोलेंगे", "लगाएंगे",
                                                 "banayenge", "banaenge", "बनाएंगे", "बनायेंगे"))


@lru_cache(maxsize=1)
def _tenses() -> tuple[tuple[str, ...], frozenset[str], frozenset[str], frozenset[str], frozenset[str]]:
    """Return the endings of verbs in the future tense, and the words that say something will happen, has happened, not yet, or used to be."""
    table = _VOCABULARY["tense"]
    return (tuple(spelling(fold(e)) for e in table["future_endings"]), frozenset(_phrase(w)[0] for w in table["future_words"]),
            frozenset(_phrase(w)[0] for w in table["past_words"]), frozenset(_phrase(w)[0] for w in table["yet_words"]),
            frozenset(_phrase(w)[0] for w in table["former_words"]))


_WILL = frozenset(spelling(w) for w in ("will", "shall", "ill"))  # "ill" is "I'll" without its apostrophe
_BE = spelling("be")


_SORRY = frozenset(spelling(fold(w)) for w in ("sorry", "no", "सॉरी", "maaf", "माफ"))
_POLITE = frozenset(spelling(fold(w)) for w in ("please", "pls", "plz", "kripya", "कृपया", "ji", "जी", "sir", "सर"))


def _clauses_not_weak(words: tuple[str, ...]) -> list[list[str]]:
    """Return an answer's clauses but for those that say the seller finds something hard ("angrezi kam aati", "hindi is slow")."""
    return [clause for clause in _clauses_of(words) if clause and not _found(clause, _listed("weak_in", "phrases"))]


def _clauses_of(words: tuple[str, ...]) -> list[list[str]]:
    """Return an answer's words cut into clauses at commas and at "but" ("lekin", "par")."""
    clauses: list[list[str]] = [[]]
    for word in words:
        if word == CLAUSE or word in _BUT:
            clauses.append([])
        else:
            clauses[-1].append(word)
    return clauses


def answered_first(text: str, these: tuple[str, ...]) -> bool:
    """Say whether an answer opens with one of these words standing alone before a comma ("dono, …", "english pls, …")."""
    words = words_of(text)
    i = 1
    while i < len(words) and words[i] in _POLITE:
        i += 1
    return len(words) > i + 1 and words[i] == CLAUSE and words[0] in {spelling(fold(w)) for w in these}


def says_done(section: str, text: str) -> bool:
    """Say whether an answer says a step is done before it asks anything ("bhar di, kya karna hai ab?"; not "kitna paisa jama karna h?")."""
    if asks_whether_done(section, text):
        return False  # "ho gaya kya?", "साइन अप है गयो का?": whether it is done, asked
    if _tense(words_of(text)) == "past":
        return True
    topics = _prevailing(f"{section}.topics")  # "रजिस्टर्ड ऑफिस का पता कौन सा डालें": a part of the step, not a report
    for part in _TIME_BREAK.split(text):
        words = _without(words_of(part), topics) if part and part.strip() else ()
        for end in range(1, len(words) + 1):  # the shortest start of the part that says done, and whether it asks
            if _found(words[:end], _cues(section), ("done",)):
                if doubt_in(" ".join(words[:end])) != "question":
                    return True
                break
    return False


_WHETHER_CLOSES = frozenset(spelling(fold(w)) for w in ("kya", "kyaa", "ka", "kaa", "क्या", "का"))
_WHETHER_OPENS = frozenset(spelling(fold(w)) for w in ("kya", "kyaa", "क्या"))
_WHETHER_OPENS_ASKED = frozenset(spelling(w) for w in ("is", "has"))  # with a "?" and "it" after: "is it done?", "has it been approved?"
_IT = frozenset(spelling(w) for w in ("it", "this", "the", "my", "our"))


@lru_cache(maxsize=4096)
def asks_whether_done(section: str, text: str) -> bool:
    """Say whether every clause that says a step done asks it instead ("ho gaya kya?", "साइन अप है गयो का", "is it done?")."""
    said = [clause for clause in _clauses_of(words_of(text)) if _found(clause, _cues(section), ("done",))]
    return bool(said) and all(_asks_if(section, clause, "?" in text) for clause in said)


def _asks_if(section: str, clause: list[str], marked: bool) -> bool:
    """Say whether a clause is a yes-or-no question: "kya" before it, or "kya" or "का" closing it ("ho gaya kya", "kya ho gaya")."""
    if len(clause) > 1 and clause[-1] in _WHETHER_CLOSES:
        return not _found(clause[:-2], _cues(section), ("done",))  # not "id bana li ab aage kya", where "kya" asks what next
    # "is it done?", not "…, has been submitted" nor the Hindi "is form me sab bhar diya"
    return len(clause) > 1 and (clause[0] in _WHETHER_OPENS or marked and clause[0] in _WHETHER_OPENS_ASKED and clause[1] in _IT)


@lru_cache(maxsize=4096)
def done_but_not(section: str, text: str) -> bool:
    """Say whether a GeM answer says done, then after a "but" denies a part of it ("paisa transfer kar diya, par portal pe jama nahi kiya")."""
    words = words_of(text)
    cut = max((i for i, word in enumerate(words) if word in _BUT and i), default=None)
    if cut is None:
        return False
    before, after = words[:cut], words[cut + 1:]
    if set(after) & {spelling(fold(word)) for word in _VOCABULARY["done_but"]["not_a_part"]}:
        return False  # "ho gaya lekin koi dikkat nahi", "par abhi koi order nahi", "done but I do not know next step"
    return bool(_found(before, _cues(section), ("done",))) and bool(set(after) & _NOT_AFTER) and not _found(after, _cues(section), ("done",))


_NEXT = frozenset(spelling(fold(w)) for w in ("agla", "agli", "agle", "अगला", "अगली", "अगले", "next", "aage", "आगे"))


_SKIPPED = frozenset(spelling(fold(w)) for w in ("chhod", "chod", "छोड़", "छोड", "skip", "skipped"))


def done_then_next(text: str) -> bool:
    """Say whether an answer says a GeM step is done in one clause and asks for the next step in another ("प्रोफ़ाइल भर दी, अगला स्टेप बताइए")."""
    clauses = [part for part in _CLAUSE_BREAK.split(text) if part and part.strip()]
    asks_next = [part for part in clauses if set(words_of(part)) & _NEXT]
    said = [part for part in clauses if part not in asks_next]
    # Done said outright, with no progress asked for beside it ("kitne step ho gaye"), and nothing skipped ("chhod diya")
    return bool(asks_next and said and all(command_in(part) is None and not set(words_of(part)) & _SKIPPED for part in said)
                and any((_found(words_of(part), _cues("gem"), ("done",)) or _tense(words_of(part)) == "past" and about_gem(part))
                        and doubt_in(part) != "question" for part in said))


def _denied_next(words: tuple[str, ...] | list[str], i: int) -> bool:
    """Say whether a "not" follows a word within two words of the same clause ("baad me nahi", "kal nahi")."""
    after = list(words[i + 1:i + 3])
    after = after[:after.index(CLAUSE)] if CLAUSE in after else after
    return bool(set(after) & _NEGATION)


def _tense(words: tuple[str, ...] | list[str]) -> str | None:
    """Say whether an answer speaks of what will happen ("future") or has happened ("past"), when it says just one."""
    endings, future_words, past_words, _, _ = _tenses()
    if any(word in _WILL and words[i + 1:i + 2] and words[i + 1] == _BE for i, word in enumerate(words)):
        return "future"  # "will be done", "shall be filled": what is to be done, whatever past form follows
    # A Devanagari verb is shorter in letters than its Latin spelling: "लूंगा" is four, "lunga" five. What will happen to the
    # seller ("paisa wapas milega") is not what the seller will do.
    # "baad me nahi, abhi": a time denied is no plan
    future = any(word in future_words and not (word not in _WILL and _denied_next(words, i))
                 or (len(word) > (4 if word.isascii() else 3) and word.endswith(endings) and word not in _happenings())
                 for i, word in enumerate(words))
    past = any(word in past_words for word in words) and not any(word in _NOT_AFTER for word in words)  # "otp nahi aaya"
    return "future" if future and not past else "past" if past and not future else None


_THEREFORE = frozenset(spelling(fold(w)) for w in ("isliye", "isiliye", "इसलिए", "इसीलिए", "therefore"))


def ends_in_a_plan(section: str, text: str) -> bool:
    """Say whether an answer's last clause, apart from a problem told before it, says what the seller will do ("…, will update by friday")."""
    words = words_of(text)
    cuts = [i for i, word in enumerate(words) if word == CLAUSE or word in _THEREFORE]  # "net slow hai isliye kal karunga"
    if not cuts:
        return False  # "cheque se payment kar denge": the plan is the problem
    last = _without(words[cuts[-1] + 1:], _no_matter())  # "koi baat nahi kal bhar dunga"
    if not last or "help" in _found(last, _cues(section)) or set(last) & _NO_PLAN:
        # "kal try karenge": the problem is still there; "it will not work", "main nahi kar paunga": no plan; "guide karenge
        # please": what the bot is asked to do; "I will send screenshot", "will wait for your reply": more to pass between us
        return False
    if command_in(" ".join(last)) is not None:
        return False  # "मदद करेंगे": a request in the polite future
    # The seller's own verb in the future: "bhar dunga", "I will", "we'll", "will …" with no one before it; "karenge", which
    # is also the polite "aap … karenge" (the bot asked); or someone who does it for the seller ("CA will do it", "beta aake
    # karega"). Not a word of time ("baad", "after"), which a problem's account also holds, nor what will happen to the
    # seller ("the bank says money will come back").
    will = any(word in _WILL for word in last)
    mine = will and (last[0] in _WILL or bool(set(last) & _I_WE)) or _ends_in(last, _I_WILL, shortest=4)
    if set(last) & _YOU and not mine:
        return False  # "aap dekh lenge", "will wait for your reply"; not "CA se baat karke aapko bata dunga"
    doer = bool(set(last) & _DOERS) and (will or _ends_in(last, _THEY_WILL))
    return mine or _ends_in(last, _WE_WILL) or doer


_AGAIN = frozenset(spelling(fold(w)) for w in ("phir", "fir", "dobara", "dubara", "again", "फिर", "दोबारा", "दुबारा"))
_GEM_SIDE = frozenset(spelling(fold(w)) for w in ("gem", "जेम", "portal", "पोर्टल", "wale", "वाले", "site", "साइट", "server", "सर्वर"))
_TODAY_BREAK = re.compile(r"[,;.|]|\b(?:aaj|aj|today|abhi|now|ab)\b|(?:^|\s)(?:आज|अभी|अब)(?=\s|$)", re.IGNORECASE)


def opens_with_a_plan(section: str, text: str) -> bool:
    """Say whether an answer first says when the seller will do the step and then why not now ("kal karenge, aaj net nahi chal raha")."""
    parts = [part for part in _TODAY_BREAK.split(text) if part and part.strip()]
    if len(parts) < 2:
        return False  # "kal karenge": later on its own; "OTP nahi aa raha, kal karenge" ends in its plan instead
    first = words_of(parts[0])
    if not first or set(first) & (_NO_PLAN | _YOU) or command_in(parts[0]) is not None:
        return False  # "kal try karenge, …": the problem is still there; "aap kal karenge?": the bot is asked
    if _found(first, _cues(section)) != ["later"] or set(first) & _AGAIN:
        return False  # "kal phir karenge, aaj OTP nahi aaya": trying again, so the problem is still there
    rest = words_of(" ".join(parts[1:]))
    # The reason must be the seller's own day (the net, the power, cash, time, the bank closed), and nothing of GeM's
    # own going wrong beside it ("kal denge, aaj payment fail ho gaya paisa kat gaya" needs help)
    own = _listed("tense", "own_circumstances")
    if not _found(rest, own) or "help" in _found(_without(rest, tuple(phrase for _, phrase in own)), _cues(section)):
        return False
    will = any(word in _WILL for word in first)
    return will or _ends_in(first, _I_WILL, shortest=4) or (_ends_in(first, _WE_WILL) and not set(first) & (_DOERS | _GEM_SIDE))


def _ends_in(words: tuple[str, ...], endings: tuple[str, ...], shortest: int = 5) -> bool:
    """Say whether a word, not a word of what happens to the seller, has one of these verb endings ("duga" is four letters)."""
    return any(len(word) >= (shortest if word.isascii() else 4) and word.endswith(endings) and word not in _happenings() for word in words)


_TRY = frozenset(spelling(fold(w)) for w in ("try", "retry", "koshish", "कोशिश", "prayas", "प्रयास", "ट्राई"))
_YOU = frozenset(spelling(fold(w)) for w in ("aap", "ap", "aapko", "aapka", "aapki", "आप", "आपको", "you", "your", "u", "tum", "तुम", "tu"))
_PLEASE = frozenset(spelling(fold(w)) for w in ("please", "pls", "plz", "kripya", "kripaya", "कृपया", "kindly"))
_SENDING = frozenset(spelling(fold(w)) for w in ("send", "screenshot", "ss", "bhej", "bhejunga", "bhejenge", "bhejta", "भेज", "भेजूंगा", "भेजेंगे",
                                                 "स्क्रीनशॉट"))
_WAITING = frozenset(spelling(fold(w)) for w in ("wait", "waiting", "reply", "intezaar", "intezar", "इंतजार", "इंतज़ार", "jawab", "जवाब"))
_I_WE = frozenset(spelling(fold(w)) for w in ("i", "we", "ill", "us", "myself"))  # not "me", which is Hindi "in" too
_I_WILL = tuple(spelling(fold(w)) for w in ("unga", "ungi", "oonga", "ungaa", "uga", "ugi", "ूंगा", "ूँगा", "ूंगी", "ूगा"))
_WE_WILL = tuple(spelling(fold(w)) for w in ("enge", "engi", "ेंगे", "ेंगी"))
_THEY_WILL = tuple(spelling(fold(w)) for w in ("ega", "egi", "ेगा", "ेगी", *_WE_WILL))
_DOERS = frozenset(spelling(fold(w)) for w in ("ca", "munim", "munimji", "accountant", "consultant", "agent", "beta", "bitiya", "beti", "papa", "partner",
                                               "staff", "operator", "son", "daughter", "brother", "मुनीम", "सीए", "बेटा", "बेटी", "पापा", "पार्टनर"))

# Words that say an answer holds no plan of the seller's own: trying again, a denial, a request, something still to pass between us
_NO_PLAN = _TRY | _NOT_AFTER | _NOT_BEFORE | _PLEASE | _SENDING | _WAITING


@lru_cache(maxsize=1)
def _no_matter() -> tuple[tuple[str, ...], ...]:
    """Return "no problem" and its kind, spelled as answers are read: a denial that denies nothing."""
    return tuple(p for p in (_phrase(x) for x in ("koi baat nahi", "koi baat nhi", "कोई बात नहीं", "no problem", "no issues", "no worries")) if p)


@lru_cache(maxsize=128)
def _denied(section: str, *, yet: bool = False) -> dict[str, str] | None:
    """Return what a denied option of a step means instead ("na mahila na SC": neither; "not done yet": later), or None when it means nothing."""
    found = {key.partition(".")[2]: meant for key, meant in _VOCABULARY["denied"].items() if key.partition(".")[0] == section}
    if yet:
        found.update((key.partition(".")[2], meant) for key, meant in _VOCABULARY["denied_yet"].items() if key.partition(".")[0] == section)
    return found or None


_NO_FIRST = frozenset(spelling(fold(w)) for w in ("no", "nahi", "nahin", "nhi", "nope", "नहीं", "नही", "ना"))
_ALSO = frozenset(spelling(fold(w)) for w in ("bhi", "bhee", "भी", "also"))
_BOTH = frozenset(spelling(fold(w)) for w in ("dono", "donon", "दोनों", "both", "barabar", "बराबर"))


def refused_after_asking(section: str, text: str, options: tuple[str, ...]) -> str | None:
    """Return "private" for a question followed by a refusal and nothing else ("ye sab kyun batana, rehne do, nahi bataungi"), else None."""
    if doubt_in(text) != "question" or takes(text) and option_in(section, text, options, phrases_only=True) is not None:
        return None  # no question asked, or a question that asks for an answer in so many words
    if about_another(text) or one_and_other(text):
        return None  # someone else's business, or two answers at once: asked about
    parts = [part for part in re.split(r"[?,]", text) if part.strip()]
    if len(parts) < 2 or doubt_in(parts[-1]) is not None or command_in(parts[-1]):
        return None
    refusal = option_in(section, parts[-1], options, phrases_only=True) == "private"
    return "private" if refusal and refusal_alone(section, text, parts[-1], options) else None


# A form of "tell" ("batana", "bataunga", "batayib", "बताहैं", "बतावे"), not a request to the bot to tell ("batao", "bataiye", "bata do")
# nor a telling in the past ("papa ne bataya nahi").
_TELL = ("bata", "बता")
_TELL_NOT = frozenset(spelling(fold(w)) for w in ("batao", "bataiye", "bataie", "batayiye", "bataiyo", "bataya", "batayi", "batai", "bataye",
                                                   "बताओ", "बताइए", "बताइये", "बताया", "बताई", "बतायी", "बताए", "बताये", "बताएं", "बताईं"))
_TELL_ASKED = frozenset(spelling(fold(w)) for w in ("do", "dijiye", "dijie", "dena", "दो", "दीजिए", "देना", "dein", "दें"))
_NEGATION = _NOT_AFTER | frozenset(spelling(fold(w)) for w in ("na", "nahi", "नाय", "नायँ", "नाहीं", "नाही", "नईं"))
# What a seller says to leave a question be ("skip karo", "rehne do", "jaati ki baat chhodiye"), and giving out details
# ("jaankari nahi dena").
_LEAVE_IT = frozenset(spelling(fold(w)) for w in ("skip", "chhodo", "chhodiye", "chodo", "chodiye", "छोड़ो", "छोड़िए", "छोडो", "छोडिए"))


@lru_cache(maxsize=1)
def _leave_it() -> Cues:
    """Return the phrases that leave a question be ("rehne do", "जाने दो")."""
    return tuple(("leave", _phrase(p)) for p in ("rehne do", "रहने दो", "rehne dijiye", "रहने दीजिए", "jaane do", "जाने दो"))


_PARTICULARS = frozenset(spelling(fold(w)) for w in ("jankari", "jaankari", "जानकारी", "detail", "details", "info", "suchna", "सूचना", "maloomat"))
_GIVE = frozenset(spelling(fold(w)) for w in ("dena", "denge", "dunga", "dungi", "देना", "देंगे", "दूंगा", "दूंगी", "share", "saajha", "साझा"))


def wont_tell(text: str) -> bool:
    """Say whether an answer's last clause declines to tell ("nai batahen", "बतावे के मन नइखे", "skip karo", "jaankari nahi dena")."""
    words = words_of(text)
    last = tuple(" ".join(words).split(CLAUSE)[-1].split())
    if not last or text.rstrip().endswith("?") or set(last) & _IF or doubt_in(" ".join(last)) is not None or _found(words, _cues("yes_no"), ("unknown",), _AS_SAID):
        return False  # "nahi batana to chalega?", "agar dikhega to nahi batana", "main nahi bata sakta, pata nahi": a question, a condition, not knowing
    # A "no" of refusal ("hum to nahi batayenge"), not "abhi nahi" (not now: "ghar jaake batata hu abhi nahi") nor "nahi to
    # nahi" (otherwise not)
    refusing = {i for i, word in enumerate(last) if word in _NEGATION and not set(last[max(0, i - 1):i]) & _NOT_NOW
                and not set(last[i + 1:i + 2]) & _OTHERWISE and not (set(last[max(0, i - 1):i]) & _OTHERWISE and set(last[max(0, i - 2):i - 1]) & _NEGATION)}
    for i, word in enumerate(last):
        near = any(abs(k - i) <= 3 for k in refusing)
        if word.startswith(_TELL) and word not in _TELL_NOT and near and not set(last[i + 1:i + 2]) & _TELL_ASKED:
            return True
        if word in _PARTICULARS and near and set(last[i + 1:]) & _GIVE:
            return True
    return bool(set(last) & _LEAVE_IT or _found(last, _leave_it()))


_NOT_NOW = frozenset(spelling(fold(w)) for w in ("abhi", "अभी"))
_OTHERWISE = frozenset(spelling(fold(w)) for w in ("to", "तो"))


_LANGUAGES = frozenset(spelling(fold(w)) for w in ("hindi", "english", "angrezi", "हिंदी", "हिन्दी", "इंग्लिश", "अंग्रेजी"))
_IF = frozenset(spelling(fold(w)) for w in ("agar", "if", "अगर", "yadi", "यदि"))


# What a clause after a part done may plan that is no part of the step: sending or telling something, a condition, GeM's own
# doing, a look at a status ("Paid it, I'll send the receipt later", "refund status baad me dekhunga", "QCI wale … karenge", "bank will
# be verified by them").
_NOT_THE_REST = _SENDING | _IF | _GEM_SIDE | frozenset(spelling(fold(w)) for w in (
    "dekhunga", "dekhenge", "dekh", "देख", "देखूंगा", "देखेंगे", "status", "स्टेटस", "check", "चेक", "qci", "inspection", "scheduled", "they", "them", "by"))


_EXCEPT = frozenset(spelling(fold(w)) for w in ("except", "siwa", "siway", "sivay", "सिवा", "सिवाय", "chhodkar", "छोड़कर"))
_REMAINDER = frozenset(spelling(fold(w)) for w in ("baaki", "baki", "बाकी", "बाक़ी", "rest", "remaining", "bacha", "bache", "बचा", "बचे", "aadha",
                                                   "aadhe", "adha", "आधा", "आधे", "half"))


def _part_done(section: str, text: str, step: str) -> tuple[list[tuple[str, ...]], list[list[str]], int | None, frozenset[str]]:
    """Return an answer's clauses, what each says of a GeM step, the first said done, and the step's parts ("fees", "bank")."""
    clauses = [tuple(clause) for clause in _clauses_of(words_of(text)) if clause]
    said = [_found(clause, _cues(section), ("done", "help", "later"), _denied(section)) for clause in clauses]
    parts = _spelled_words("rest_of_step", step) if step in _VOCABULARY["rest_of_step"] else frozenset()
    done_at = next((k for k, named in enumerate(said) if named == ["done"]), None)
    if done_at is None:  # "PAN aur bank bhar diya, …": a part of the step in a clause of the past, in words of no cue
        done_at = next((k for k, clause in enumerate(clauses) if not said[k] and set(clause) & parts and _tense(clause) == "past"), None)
    return clauses, said, done_at, parts


@lru_cache(maxsize=4096)
def rest_put_off(section: str, text: str, step: str = "") -> bool:
    """Say whether a part of a step is said done and a clause after it plans the rest ("aadha ho gaya, baaki raat ko karunga")."""
    clauses, said, done_at, parts = _part_done(section, text, step)
    words = set(words_of(text))
    if done_at is None or any("help" in named for named in said) or words & _EXCEPT:
        return False  # "profile done except Udyam, which we will add later": the step said done, but for a part, is asked about
    # The plan names the rest ("baaki raat ko karunga") or another part of this step ("documents upload ho gaye, fees kal
    # bharenge"); a plan beside a step done that names neither is another matter ("profile bhar diya, kal caution money bharunga").
    return any((_tense(clause) == "future" or said[k] == ["later"] and _tense(clause) != "past" and not set(clause) & _WAS)
               and (words & _REMAINDER or set(clause) & parts and not set(clauses[done_at]) & set(clause) & parts)
               and not set(clause) & _NOT_THE_REST
               and not any(word.startswith(_TELL) for word in clause) for k, clause in enumerate(clauses) if k > done_at)


def rest_still_to_do(section: str, text: str, step: str) -> bool:
    """Say whether a part of a step is said done and a clause after it says another part must still be done ("kagaz daal diye, fees bharni hai")."""
    clauses, said, done_at, parts = _part_done(section, text, step)
    if not parts or done_at is None or set(clauses[done_at]) & _spelled_words("rest_of_step", "whole"):
        return False  # "assessment ho gaya, documents dobara dekhne hain": the whole step said done
    # another part of this step ("fees", "bank"), then one of the seller's own acts still to do: "bharni hai", "upload karne
    # hain", "bharna baaki hai"; not a check by someone else, a receipt, or a verification ("QCI ne jaanchne hain")
    acts, aside = _spelled_words("rest_of_step", "acts"), _spelled_words("rest_of_step", "aside")
    return any(set(clause) & parts and not set(clauses[done_at]) & set(clause) & parts and not said[k]
               and set(clause) & acts and not set(clause) & aside
               and any(_owed(word) and set(clause[i + 1:i + 2]) & (_STILL | _THERE) for i, word in enumerate(clause))
               for k, clause in enumerate(clauses) if k > done_at)


@lru_cache(maxsize=8)
def _part_groups(step: str) -> tuple[frozenset[str], ...]:
    """Return the groups of a step's parts that are not the whole of it ("the fee", "the documents")."""
    return tuple(_spelled_words("part_alone", key) for key in _VOCABULARY["part_alone"] if key.partition(".")[0] == step)


def part_alone(text: str, step: str) -> bool:
    """Say whether an answer says done only of a part of a step that is not the whole of it ("fees bhar di bas", "Documents approved.")."""
    parts = _part_groups(step)
    if not parts:
        return False
    said = words_of(text)
    words = set(said)
    clauses = [clause for clause in _clauses_of(said) if clause]
    return (len(clauses) == 1 and sum(bool(words & group) for group in parts) == 1 and not words & (_NEGATION | _NOT_BEFORE)
            and not words & (_spelled_words("part_alone", "beyond") | _spelled_words("rest_of_step", "whole"))
            and said[:2] not in _OPENING_DONE)  # "ho gaya fees bhar di": the step said done first, then how


_OPENING_DONE = frozenset(tuple(spelling(fold(w)) for w in pair.split())
                          for pair in ("ho gaya", "ho gya", "हो गया", "ho gayo", "हो गओ", "kar diya", "कर दिया"))


def _owed(word: str) -> bool:
    """Say whether a word is an infinitive of any gender ("bharna", "bharni", "karne", "भरनी"): a thing that must be done."""
    return len(word) > (4 if word.isascii() else 3) and word.endswith(("na", "ni", "ne", "ना", "नि", "ने")) and word not in _SHORT_WORDS


def refusal_alone(section: str, text: str, after: str, options: tuple[str, ...]) -> bool:
    """Say whether a refusal after a question is all the answer says: no option named before it, no request, no "if"."""
    said = [part for part in re.split(r"[?,]", text[:text.rfind(after)]) if part.strip() and doubt_in(part) != "question"]
    # not "we are general, no comments" (but "women wala kya hota hai? nahi batana" names a category only in its question),
    # not "agar dikhega to nahi batana", nor "Hindi me puchh sakte ho? English me not comfortable"
    return (all(option_in(section, part, options) is None for part in said) and not command_in(text)
            and not set(words_of(text)) & (_IF | _LANGUAGES))


_YES_FIRST = frozenset(spelling(fold(w)) for w in ("haan", "han", "ha", "haa", "हाँ", "हां", "हा", "yes", "ji", "जी"))
_SELLING_ALONE = frozenset(spelling(fold(w)) for w in ("hai", "hain", "है", "हैं", "hum", "ham", "हम", "log", "लोग", "to", "तो"))


@lru_cache(maxsize=1024)
def yes_to_selling(text: str) -> bool:
    """Say whether an answer is a yes that speaks only of selling ("हाँ बेचते हैं"): at the maker question, not a yes to making."""
    words = [word for word in words_of(text) if word != CLAUSE]
    sells = _spelled_words("offering_also", "sells")
    rest = [word for word in words[1:] if word not in _YES_FIRST]
    return (len(words) >= 2 and words[0] in _YES_FIRST and bool(rest) and any(word in sells for word in rest)
            and all(word in sells | _SELLING_ALONE for word in rest))


_DOUBLE_NO = re.compile(r"^\s*(?:nahi|nahin|nhi|na|no|नहीं|नही|ना|नाहीं|नईं)[\s,.!]+(?:nahi|nahin|nhi|na|no|नहीं|नही|ना|नाहीं|नईं)"
                        r"(?![\w\u0900-\u097f])[\s,.!]*", re.IGNORECASE)


def after_a_double_no(text: str) -> str:
    """Return what follows a "no, no" that opens an answer ("ना ना लिंक बा": the seller puts the bot right), else ""."""
    match = _DOUBLE_NO.match(text)
    rest = text[match.end():] if match else ""
    said = words_of(rest)
    # not the "na" that asks "isn't it?" after "hai" ("नहीं नहीं, जुड़ा है ना, …")
    words = {word for i, word in enumerate(said) if not (word in _NA_ALONE and i and said[i - 1] in _TAGGED)}
    # a denial counts in the correction's first clause ("नहीं नहीं भर दिया ऐसा नहीं है") or after a "but" ("na na hum banate hain,
    # lekin abhi nahi"), not in a clause after it that says why ("nhi nhi khud hi bnate h, bahr se kuch nhi lete")
    first = set(_clauses_of(said)[0]) & words
    denials = first if not set(said) & _BUT else words
    if (not words or "?" in rest or doubt_in(rest) or denials & (_NEGATION | _NOT_BEFORE) or words & (_ONLY | _MISTAKE)
            or len(said) <= 2 and yes_no_in("yes_no", without_honorifics(rest), ("yes", "no")) is not None):
        # "नहीं नहीं भर दिया ऐसा नहीं है", "no no bhar diya kya aapne?", "nahi nahi, sirf saving account hai", "maine galti se haan
        # bol diya", "nahi nahi bilkul": a denial, a question, a limit, a slip or a bare word after it; read whole
        return ""
    return rest


_BUT_THEN = re.compile(r"\b(?:but|lekin|magar)\b|लेकिन|मगर|[,.]\s*(?:par|pr)\b|[,.]\s*पर\s", re.IGNORECASE)


@lru_cache(maxsize=1024)
def done_but_asks(section: str, step: str, text: str) -> bool:
    """Say whether a step said done is followed by a "but" and a question on this step's own topics ("Paid, but shouldn't it be 25,000?")."""
    parts = _BUT_THEN.split(text, maxsplit=1)
    if len(parts) != 2 or not words_of(parts[0]):
        return False
    said = _found(words_of(parts[0]), _cues(section), ("done", "help", "later"), _denied(section))
    # not "…, par aage kya?", "…, lekin caution money kitni lagegi?" (what comes next, or another step), "…, par aap kaun ho?"
    return (said == ["done"] and doubt_in(parts[1]) == "question" and not set(words_of(parts[1])) & _NEXT
            and steps_named(parts[1]) == {step})


_RUPEES = re.compile(r"(?<![\d,])(\d{1,2},?\d{3})(?![\d,])")  # "5000", "10,000", "25000": a sum in rupees
_THOUSAND = frozenset(spelling(fold(w)) for w in ("hazar", "hazaar", "hajar", "हजार", "हज़ार", "thousand"))


def cash_later(text: str) -> bool:
    """Say whether an answer says money is not at hand and when it will be ("abhi dudh ka paisa nahi aaya, 10 tarikh ke baad")."""
    words = words_of(text)
    when = set(words) & _spelled_words("cash_later", "when") or _found(words, _listed("cash_later", "when"))
    return bool(_found(words, _listed("cash_later", "cash"))) and bool(when) and doubt_in(text) != "question"


def two_sums(text: str, usual: tuple[int, ...]) -> bool:
    """Say whether an answer names two different sums of money ("10000 bhar diya, 5000 hi lagna tha"); `usual` are the step's own sums."""
    digits = to_ascii_digits(text)
    words = [spelling(word) for word in fold(digits).split()]
    sums = {int(figure.replace(",", "")) for figure in _RUPEES.findall(digits)}
    if set(words) & _THOUSAND:  # the usual sums said in thousands, the word said once for both ("दस हजार भर दिए, पांच भरने थे")
        sums |= {int(_NUMBER_WORDS[word] * 1000) for word in words if word in _NUMBER_WORDS and _NUMBER_WORDS[word] * 1000 in usual}
    return len(sums) >= 2


_UPON = frozenset(spelling(fold(w)) for w in ("tab", "तब", "jab", "जब", "once", "when"))  # not "baad": "shuru karo, baaki baad me"
_ONLY_THEN = frozenset(spelling(fold(w)) for w in ("hi", "ही"))


@lru_cache(maxsize=1024)
def start_waits(text: str) -> bool:
    """Say whether a start is put off until something else ("बेटी आएगी तब शुरू करूँगी", "उद्यम बनवाकर ही शुरू करेंगे"): later."""
    starts = _spelled_words("checklist_waits", "start")
    for clause in _clauses_of(words_of(text)):
        if not set(clause) & starts or _tense(tuple(clause)) != "future" or set(clause) & (_RIGHT_NOW | _YOU_SAY):
            continue  # the wait must be in the start's own clause: not "shuru karte hain, email jab banega tab bata dunga"
        upon = any(word in _UPON and clause[i + 1:i + 2] != [_TAK] and not (i and clause[i - 1] in _NEW)
                   for i, word in enumerate(clause))  # not "tab tak", "new tab"
        after_doing = any(word.endswith(("कर", "kar")) and clause[i + 1:i + 2] and clause[i + 1] in _ONLY_THEN for i, word in enumerate(clause))
        if upon or after_doing:
            return True
    return False


_TAK = spelling(fold("tak"))
_NEW = frozenset(spelling(fold(w)) for w in ("new", "naya", "nayi", "नया", "नई"))
_RIGHT_NOW = frozenset(spelling(fold(w)) for w in ("abhi", "अभी", "now", "turant", "तुरंत", "aaj", "आज"))
_YOU_SAY = frozenset(spelling(fold(w)) for w in ("aap", "आप", "you", "bolo", "boliye", "kaho", "kahiye", "kahein", "बोलो", "कहो"))


def answer_before_question(text: str) -> str | None:
    """Return an answer's first clause when it asks nothing and a later clause asks ("haan ba, aadhaar number bheji ka?"), else None."""
    clauses = [clause for clause in _CLAUSE_MARKS.split(text) if words_of(clause)]
    if len(clauses) != 2:
        return None  # "haan, par papa ke naam pe hai, kya karna padega?": what lies between may change the answer
    first, question = (words_of(clause) for clause in clauses)
    acknowledged, taken_in = {spelling(fold(word)) for word in _VOCABULARY["doubt"]["acknowledged"]}, set(first) - _COURTESY
    if (len(first) > 4 or doubt_in(clauses[0]) or command_in(clauses[0]) or taken_in and taken_in <= acknowledged
            or set(first) & (_IF | _MAYBE) or set(question) & (_BUT | _WAS - {"the"})  # "the" is Hindi "were" and the English article
            or not (doubt_in(clauses[1]) == "question" and _found(question, _listed("doubt", "after")))
            or _found(question, _listed("doubt", "choosing"))):
        # not "partnership ya company, kaunsa better hai?", a long first clause that may hold more than the answer, "ok, aage
        # kya karna hai?" (taken in, not answered), "agar haan, to …", nor "haan, lekin kaise check karu ki link hai?"
        return None
    return clauses[0]


_MAYBE = frozenset(spelling(fold(w)) for w in ("hoga", "hogi", "होगा", "होगी", "shayad", "शायद", "matlab", "मतलब", "sorry", "सॉरी"))
_COURTESY = _POLITE | frozenset(spelling(fold(w)) for w in ("hai", "है", "bhai", "bhaiya", "भैया"))


def two_things_said(text: str) -> bool:
    """Say whether an answer says two things with "bhi … bhi" or "also" ("kapde bhi bechte h aur silai ka kaam bhi")."""
    words = words_of(text)
    return _also_twice(words) or "also" in words


_THE = frozenset((spelling("the"),))  # the English article, spelt as the Hindi "थे" is
_WAS = frozenset(spelling(fold(w)) for w in ("tha", "thi", "the", "था", "थी", "थे", "was", "were", "pehle", "पहले", "earlier", "yesterday"))


def _trouble_gone(words: tuple[str, ...], section: str, options: tuple[str, ...]) -> bool:
    """Say whether a problem is told as over and what follows says only that the step is done ("otp nahi aa raha tha, ab ho gaya")."""
    # The clause the problem is told in as past ("payment pending ka error aa raha tha"): a word of "still" anywhere else says it
    # is not over ("ab bhi wahi error, kal bhi aaya tha, …", "abhi tak approve nahi hua, pehle photo reject hui thi, …")
    clauses = [tuple(clause) for clause in _clauses_of(words)]
    told = next((k for k, clause in enumerate(clauses) if _told_as_over(clause)), None)
    if _found(tuple(word for k, clause in enumerate(clauses) if k != told for word in (*clause, CLAUSE)), _still_said()):
        return False
    for cut in (i for i, word in enumerate(words) if word == CLAUSE or word in _SINCE or word in _BUT):
        parted = words[cut] == CLAUSE or words[cut] in _BUT  # "OTP der se aaya par ho gaya sign up": a "but" parts them as a comma does
        head, tail = words[:cut], words[cut + parted:]
        # What follows may run over several clauses, each done or saying nothing ("category nahi mil rahi thi, mil gayi, sab daal diya")
        if (tail and _told_as_over(head) and (parted and not _since_yesterday(head) or set(tail) & _SINCE)
                and "help" in (said := _found(head, _cues(section), options, _denied(section))) and set(said) <= {"help", "later", "done"}
                and _found(tail, _cues(section), options, _denied(section)) == ["done"] and not denies(" ".join(tail)) and _tense(tail) != "future"):
            return True  # "IFSC galat dal gaya tha, sahi kar diya ab sab theek", "payment fail ho gaya tha, dobara bhara to ho gaya"
    return False


# Words that tell a problem is behind the seller: now, again, a second try ("ab", "dobara", "the second went through"); not
# "then", which is spelt as the English "the".
_SINCE = frozenset(spelling(fold(w)) for w in ("ab", "अब", "now", "fir", "phir", "फिर", "dubara", "dobara", "दोबारा", "दुबारा", "again",
                                               "second", "teesri", "tisri", "तीसरी", "doosri", "dusri", "दूसरी", "finally", "aakhir", "आखिर",
                                               "aaj", "आज", "today", "fixed", "resolved", "abhi", "अभी")) - _THE
# …told of the past: "tha", "was", "failed", "pehle", "kal" (not the English "the", spelt as "थे" is).
_OVER = (_WAS - _THE) | frozenset(spelling(fold(w)) for w in ("failed", "rejected", "kal", "कल", "initially", "hui", "hua", "हुई", "हुआ", "dikha", "दिखा",
                                                              "aaya", "aayi", "आया", "आई", "pahile", "पहिले", "rahal", "रहल", "had"))
# ("pahile … reject hot rahal", Bhojpuri for "was being rejected")


def _told_as_over(words: tuple[str, ...]) -> bool:
    """Say whether words tell a problem as past ("otp nahi aa raha tha") or as put right ("galat IFSC mita ke sahi daala"), not "nahi hua"."""
    return (any(word in _OVER and not set(words[max(0, i - 1):i]) & _NOT_AFTER for i, word in enumerate(words))
            or bool(_found(words, _PUT_RIGHT)))


def _since_yesterday(words: tuple[str, ...]) -> bool:
    """Say whether words tell a problem going on since yesterday ("kal raat se button dab hi nahi raha"), not one of yesterday."""
    return any(word in _YESTERDAY and set(words[i + 1:i + 3]) & _FROM for i, word in enumerate(words))


_YESTERDAY = frozenset(spelling(fold(w)) for w in ("kal", "कल"))
_FROM = frozenset(spelling(fold(w)) for w in ("se", "से"))


_PUT_RIGHT = tuple(("fixed", tuple(spelling(fold(w)) for w in phrase.split())) for phrase in (
    "sahi kiya", "sahi kar", "sahi karwaya", "sahi daala", "sahi dala", "sahi karke", "सही किया", "सही कर", "सही करवाया", "सही डाला", "theek kiya",
    "thik kiya", "ठीक किया", "got sorted", "sorted out", "got resolved"))


def finished_after_parts(section: str, text: str) -> bool:
    """Say whether a step done in parts ends by saying all of it is done now ("aadha kal bhara, aaj woh bhi kar diya", "… ab poora ho gaya")."""
    words = words_of(text)
    now = [i for i, word in enumerate(words) if word in _NOW_DONE]
    if not now:
        return False
    tail = words[now[-1] + 1:]
    that_too = {i for i in range(len(tail) - 1) if tail[i] in _THAT and tail[i + 1] in _ALSO}  # "woh bhi", "baaki bhi"
    rest = tuple(word for i, word in enumerate(tail) if i not in that_too)
    # Not when all of it was lost or a problem is named after "now" ("aadha bhara tha, ab sab gayab ho gaya")
    return bool((set(tail) & _WHOLE or that_too) and not set(tail) & _LOST and _found(tail, _cues(section), ("done", "help")) == ["done"]
                and not _found(rest, _cues("doubt"), ("partly",)) and not _found(tail, _still_said()) and not denies(" ".join(tail))
                and _tense(tail) != "future")


_NOW_DONE = frozenset(spelling(fold(w)) for w in ("ab", "अब", "now", "aaj", "आज", "today", "finally", "aakhir", "आखिर"))
_WHOLE = frozenset(spelling(fold(w)) for w in ("sab", "सब", "saara", "sara", "सारा", "saari", "sari", "सारी", "poora", "pura", "पूरा", "poori", "puri",
                                              "पूरी", "all", "everything", "whole", "complete", "completely", "full"))
_LOST = frozenset(spelling(fold(w)) for w in ("gayab", "गायब", "delete", "deleted", "डिलीट", "logout", "khali", "खाली", "khatam", "खत्म", "ulta",
                                             "उल्टा", "hang", "हैंग", "mit", "मिट", "lost", "gone", "blank", "error", "एरर", "band", "बंद"))
_THAT = frozenset(spelling(fold(w)) for w in ("woh", "wo", "vo", "वो", "वह", "baaki", "baki", "बाकी", "that", "rest"))


@lru_cache(maxsize=1)
def _still_said() -> Cues:
    """Return the phrases that say a problem is not over ("ab bhi", "abhi tak", "do baar")."""
    return tuple(("still", _phrase(p)) for p in ("ab bhi", "अब भी", "abhi bhi", "अभी भी", "ab tak", "अब तक", "abhi tak", "अभी तक", "aaj tak", "आज तक",
                                                 "fir bhi", "phir bhi", "फिर भी", "still", "wahi", "vahi", "वही", "same", "wait", "waiting", "intezar",
                                                 "intzaar", "इंतजार", "इंतज़ार", "pending", "पेंडिंग", "twice"))


def _both_said(words: tuple[str, ...]) -> bool:
    """Say whether an answer says two things alike ("X bhi aur Y bhi", "dono barabar"), so neither prevails."""
    return _also_twice(words) or bool(set(words) & _BOTH)


def _also_twice(words: tuple[str, ...]) -> bool:
    """Say whether "bhi" or "also" comes twice in an answer."""
    return sum(word in _ALSO for word in words) >= 2


_BUT = frozenset(spelling(fold(w)) for w in ("lekin", "par", "pr", "magar", "but", "लेकिन", "पर", "मगर", "kintu", "किंतु", "किन्तु", "parantu", "परंतु", "परन्तु"))
_DETAILS = frozenset(spelling(fold(w)) for w in ("ifsc", "आईएफएससी", "micr", "branch", "ब्रांच", "शाखा", "shakha"))


def _without_forgotten_details(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return an answer's words without a clause that only forgets a detail ("… lekin IFSC yaad nahi"), when another clause answers."""
    if not set(words) & _DETAILS:
        return words
    clauses = _clauses_of(words)
    kept = [clause for clause in clauses if clause and not (set(clause) & _DETAILS and _found(clause, _cues("yes_no"), ("unknown",), _AS_SAID))]
    return tuple(word for clause in kept for word in clause) if kept and len(kept) < len([c for c in clauses if c]) else words


_AND = frozenset(spelling(fold(w)) for w in ("aur", "or", "और", "अउर", "and"))
_SOME = frozenset(spelling(fold(w)) for w in ("kisi", "किसी", "koi", "कोई", "kuch", "कुछ", "someone", "something"))
_THEY = frozenset(spelling(fold(w)) for w in ("log", "लोग", "they", "dusre", "doosre", "दूसरे", "दूसर"))


def _without_bought_inputs(section: str, words: tuple[str, ...]) -> tuple[str, ...]:
    """Return a maker's answer without its clauses on where raw material comes from, when another clause makes ("kapda Surat se aata, silai hum karte")."""
    inputs = _spelled_words("bought_inputs", "inputs")
    if section not in _VOCABULARY["bought_inputs"]["steps"] or not set(words) & inputs:
        return words
    parted = tuple(CLAUSE if word in _AND and before not in _SOME else word for word, before in zip(words, ("", *words)))  # not "kisi aur ki"
    clauses = [tuple(clause) for clause in _clauses_of(parted) if clause]
    sells = _spelled_words("offering_also", "sells")
    # a clause of where things come from, not one that sells them or denies ("kapda kharid ke bechte hain, banate nahi")
    kept = [clause for clause in clauses if not (set(clause) & inputs and not set(clause) & (sells | _NEGATION | _NOT_BEFORE))]
    # and a clause that makes now, the seller's own: not someone else's, a plan, or what used to be ("pehle factory thi")
    others = people() | _THEIRS | _THEY | _spelled_words("tense", "former_words")
    makes = [clause for clause in kept if _found(clause, _cues(section), ("yes", "no", "unknown"), _YES_DENIED) == ["yes"]
             and not set(clause) & (others | _NEGATION | _NOT_BEFORE) and _tense(clause) != "future"]
    return tuple(word for clause in kept for word in (*clause, CLAUSE))[:-1] if makes and len(kept) < len(clauses) else words


_MISTAKE = frozenset(spelling(fold(w)) for w in ("galti", "galati", "गलती", "mistake", "mistakenly", "wrongly"))


@lru_cache(maxsize=4096)
def made_here(text: str) -> bool:
    """Say whether goods are said made at the seller's own place and nothing says they come from outside ("गिट्टी हमारे क्रेशर पर ही बनती है")."""
    words = words_of(text)
    table = {key: _spelled_words("made_here", key) for key in ("making", "ours", "places", "here", "outside", "not_now", "beside", "makers", "group")}
    # right here ("sab itai banat hai"), not a town's ("yahin Agra me", "wahin se aata"); our own place of work, not near it
    # ("hamare ghar ke paas") or someone's at it ("hamari dairy wale ke yahan")
    here = any(word in table["here"] and not set(words[i + 1:i + 2]) & _THAN and not set(words[i + 2:i + 3]) & _IN for i, word in enumerate(words))
    ours = any(word in table["ours"] and (place := next((k for k in range(i + 1, min(i + 3, len(words))) if words[k] in table["places"]), None))
               is not None and not set(words[place + 1:place + 3]) & table["beside"] for i, word in enumerate(words))
    others = table["outside"] | table["not_now"] | (table["makers"] if not set(words) & table["group"] else frozenset())
    return ((here or ours) and bool(set(words) & table["making"]) and not set(words) & (others | _NEGATION)
            and _tense(words) is None and not set(words) & _tenses()[4] and doubt_in(text) is None and not about_another(text))


def benefit_from_owner(text: str) -> str | None:
    """Return "women" or "neither" for an answer that puts the owner outside SC/ST and says whether the owner is a woman, else None."""
    words = _without_places_of_castes(words_of(text))  # "Yadav Nagar me dukan", "Thakur ji ki kripa": no caste said
    said = _cues("benefit_owner")
    if (not _found(words, said, ("not_scheduled",)) or _found(words, _cues("ask_benefit_category"), ("sc_st", "both"))
            or doubt_in(text) or _tense(words) == "future" or _found(words, said, ("plan",)) or _found(words, _other_doubts())):
        return None  # "OBC nahi, SC hain"; nothing said of the caste; a question, a plan, or a reason to ask ("pati patni", "50 50")
    women = _cues("ask_benefit_category")
    clauses = [tuple(clause.split()) for clause in " ".join(words).split(CLAUSE)]
    named = [clause for clause in clauses if _found(clause, women, ("women",), {"women": "women"})]
    if any(_found(clause, said, ("former",)) for clause in named) and _found(words, said, ("now",)):
        return None  # "dukan bhabhi ke naam pe thi, ab mere naam pe": who owned it once
    # "मेहरारू के नाम पर नाहीं बा", "महिला वाला गलती से दबा गइल": a woman denied, or named as a mistake, is not the owner
    denied = [clause for clause in named if not _found(clause, women, ("women",)) or set(clause) & _MISTAKE]
    speaks_as_owner, she_speaks = bool(_found(words, said, ("self",))), bool(_found(words, said, ("speaker_woman",), {"speaker_woman": "speaker_woman"}))
    woman = len(named) > len(denied) and bool(_found(words, said, ("owns",))) or speaks_as_owner and she_speaks
    man = (bool(_found(words, said, ("man",))) or speaks_as_owner and not she_speaks or _no_said_first(clauses)
           or (bool(denied) or bool(_found(words, said, ("speaker",)))) and not woman)
    if woman == man or named and not woman and not denied:
        return None  # neither said, or both; or a woman named who is not said to own it ("meri beti form bhar rahi hai")
    return "women" if woman else "neither"


_BARE_NO = frozenset(spelling(fold(w)) for w in ("nahi", "nahin", "nhi", "nai", "na", "no", "nope", "नहीं", "नही", "ना", "नईं", "नाहीं"))
_WITH_A_NO = _HONORIFICS | frozenset(spelling(fold(w)) for w in ("sahab", "saheb", "साहब", "madam", "मैडम", "hai", "है", "ba", "बा"))


def _no_said_first(clauses: list[tuple[str, ...]]) -> bool:
    """Say whether an answer opens with a bare "no" before the clauses that follow it ("na ji, hum thakur hain")."""
    first = clauses[0] if len(clauses) > 1 else ()
    return bool(first) and first[0] in _BARE_NO and all(word in _BARE_NO | _WITH_A_NO for word in first)


_WOMAN = frozenset(spelling(fold(w)) for w in ("mahila", "महिला", "woman", "women", "lady", "aurat", "औरत", "female", "stri", "स्त्री"))


def _without_places_of_castes(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return an answer's words without a caste word that names a place, a deity or a person ("Yadav Nagar", "Thakur ji")."""
    after, castes = _listed("benefit_owner", "caste_not_before"), _castes()
    return tuple(word for i, word in enumerate(words) if not (word in castes and _found(words[i + 1:i + 2], after)))


@lru_cache(maxsize=1)
def _castes() -> frozenset[str]:
    """Return the one-word names of castes outside SC/ST ("thakur", "yadav")."""
    return frozenset(phrase[0] for option, phrase in _cues("benefit_owner") if option == "not_scheduled" and len(phrase) == 1)


@lru_cache(maxsize=4096)
def only_woman_denied(text: str) -> bool:
    """Say whether an answer denies a woman owner and says nothing of SC/ST ("not woman owned", "mahila nahi hai"): half an answer."""
    words = words_of(text)
    cues = _cues("ask_benefit_category")
    said = _cues("benefit_said")
    return (bool(set(words) & _WOMAN) and bool(set(words) & (_NOT_AFTER | {"no", "non"})) and not _found(words, said, ("said",))
            and not set(_found(words, said, ("denied",), {"denied": "denied"})) - set(_found(words, said, ("denied",)))
            and not _found(words, cues, ("sc_st", "neither", "both"), {"sc_st": "sc_st", "neither": "neither", "both": "both"})
            and not _found(words, _cues("benefit_owner"), ("not_scheduled", "man"), {"not_scheduled": "not_scheduled", "man": "man"}))


_MINE = frozenset(spelling(fold(w)) for w in ("meri", "mera", "mere", "hamari", "hamara", "humari", "humara", "मेरी", "मेरा", "मेरे", "हमारी", "हमारा",
                                               "my", "mine", "main", "मैं", "i"))  # not "mai", which is a mother in the east
_I_AM = frozenset(spelling(fold(w)) for w in ("main", "मैं", "हम", "i", "am", "hoon", "hun", "hu", "हूं", "हूँ", "हईं"))
_SHE = frozenset(spelling(fold(w)) for w in ("she", "u", "wo", "woh", "vo", "वो", "वह", "ऊ", "ये", "ye", "yeh"))
_HERS = frozenset(spelling(fold(w)) for w in ("her", "hers", "she", "unke", "unka", "unki", "unhi", "unhin", "inke", "inka", "inki", "okar", "uske",
                                               "uska", "uski", "उनके", "उनका", "उनकी", "उन्हीं", "उन्ही", "इनके", "इनका", "इनकी", "ओकर", "उसके", "उसका",
                                               "उसकी"))


@lru_cache(maxsize=1)
def _woman_named() -> tuple[frozenset[str], frozenset[str]]:
    """Return the words for a woman who is someone's relative, and the business things that, named beside her, say she owns it."""
    relatives, business = ([spelling(fold(word)) for word in _VOCABULARY["woman_named"][key]] for key in ("relatives", "business"))
    return frozenset(relatives), frozenset(business)


def woman_beside_another_owner(text: str) -> bool:
    """Say whether a woman is named with no word of owning while another part says whose it is ("पत्नी टीचर है, दुकान मेरी है")."""
    said, women = _cues("benefit_owner"), _cues("ask_benefit_category")
    relatives, business = _woman_named()
    clauses = [tuple(clause) for clause in _clauses_of(words_of(text)) if clause]
    named = [clause for clause in clauses if _found(clause, women, ("women",), {"women": "women"}) and set(clause) & relatives]
    if not named or any(_found(clause, said, ("owns",)) or set(clause) & (_I_AM | _SHE | business) for clause in named):
        # no relative named (the seller herself: "mahila hain, dukan meri hai"), one said to own it ("mummy ke naam pe hai",
        # "firm wife ki"), or the seller speaking of herself ("हम मेहरारू हईं")
        return False
    others = [clause for clause in clauses if clause not in named]
    if any(set(clause) & _HERS for clause in others):
        return False  # "आंटी विधवा हैं, चक्की उन्हीं के नाम से है": the owning said of her
    return any(_found(clause, said, ("owns", "man")) or set(clause) & _MINE for clause in others)


@lru_cache(maxsize=4096)
def woman_in_a_role(text: str) -> bool:
    """Say whether the women an answer names are named only at work, helping or to come ("wife dukan pe baithti h"), never as owners."""
    words, women = words_of(text), _cues("ask_benefit_category")
    named = [tuple(clause) for clause in _clauses_of(words) if clause and _found(clause, women, ("women",), {"women": "women"})]
    # Not when anything in the answer says who owns it ("wife baithti hai, dukan uske naam hai", "main aurat hoon aur khud dekhti
    # hoon"), nor of a women's group
    return (bool(named) and all(_found(clause, _listed("benefit_owner", "role")) for clause in named)
            and not _found(words, _cues("benefit_owner"), ("owns",)) and not set(words) & _GROUP and not _majority(text))


_SHARE = re.compile(r"\b(\d{2,3})\s*(?:%|percent|per cent|pratishat|प्रतिशत)", re.IGNORECASE)


def _majority(text: str) -> bool:
    """Say whether an answer gives one share of 51 % or more and no other ("holds 60% of the shares"): a majority that owns it."""
    shares = [int(figure) for figure in _SHARE.findall(to_ascii_digits(text))]
    return len(shares) == 1 and 51 <= shares[0] <= 100


def woman_holds_majority(text: str) -> bool:
    """Say whether the clause giving a share of 51 % or more names a woman ("51 प्रतिशत हिस्सा मेरी पत्नी का है, बाकी मेरा")."""
    women, owners = _cues("ask_benefit_category"), _cues("benefit_owner")
    if doubt_in(text) == "question" or _found(words_of(text), women, ("sc_st", "both")):
        return False  # "Does woman-owned mean she must hold 51%?"; "SC hain, 75% mummy ka" says both, read as ever
    for clause in _CLAUSE_MARKS.split(to_ascii_digits(text)):
        shares = [int(figure) for figure in _SHARE.findall(clause)]
        words = words_of(clause)
        # hers alone: not "my aunt owns 40% and my dad 60%", "मेरा 60 प्रतिशत और पत्नी का 40", "wife ka 60 percent nahi", "80% workers
        # mahilayen hain", "wife had 60% till last year"
        if (shares and max(shares) >= 51 and _found(words, women, ("women",), {"women": "women"}) == ["women"]
                and not _found(words, owners, ("man", "former", "plan")) and not set(words) & _NOT_HERS):
            return True
    return False


_NOT_HERS = frozenset(spelling(fold(w)) for w in (
    "mera", "main", "mai", "i", "mine", "मेरा", "मैं", "pati", "पति", "husband", "bhai", "भाई", "ladka", "ladke",
    "लड़का", "beta", "बेटा", "son", "papa", "पापा", "father", "nahi", "नहीं", "not", "workers", "worker", "staff", "karmchari", "कर्मचारी", "had",
    "till", "tha", "thi", "था", "थी", "dene", "देने"))


def no_then_one(section: str, text: str, options: tuple[str, ...]) -> str | None:
    """Return the one option said outright after a "no" that opens the answer ("No, not SC/ST, but the owner is a lady"), else None."""
    words = words_of(text)
    if not words or words[0] not in _NO_FIRST or "neither" not in options or _found(words, _asks(), (section,), {section: section}):
        return None  # not "nahi, SC ka certificate abhi nahi bana", which the step asks about
    said = [option for option in _found(words[1:], _cues(section), options) if option != "neither"]
    return said[0] if len(said) == 1 and said[0] != "both" else None


_GROUP = frozenset(spelling(fold(w)) for w in ("samuh", "samooh", "समूह", "group", "shg", "sangh", "संघ", "samiti", "समिति"))


@lru_cache(maxsize=1)
def _other_doubts() -> Cues:
    """Return the reasons to ask at the owner category other than the caste itself ("pati patni", "50 50", "certificate nahi")."""
    caste = {phrase for option, phrase in _cues("benefit_owner") if option == "not_scheduled"}
    return tuple(cue for cue in _asks() if cue[0] == "ask_benefit_category" and cue[1] not in caste)


def sells_too(text: str) -> bool:
    """Say whether an answer also says, with "bhi" or "also", that goods are sold or supplied ("material bhi supply krta hu")."""
    words = words_of(text)
    said = _cues("offering_also")
    if set(words) & _tenses()[4]:
        return False  # "pehle saman bhi bechte the, ab sirf repair": what was sold once
    return bool(_found(words, said, ("sells",))) and bool(_found(words, said, ("also",)))


_PARTS = re.compile(_CLAUSE_MARKS.pattern + r"|\b(?:and|aur|plus|also)\b|\s(?:और|तथा)\s", re.IGNORECASE)


def parts_of(text: str) -> list[str]:
    """Return the parts of an answer between commas and "and", "aur", "plus" ("processed dal, and we also do grading")."""
    return [part for part in _PARTS.split(text) if words_of(part)]


@lru_cache(maxsize=4096)
def makes_or_sells(text: str) -> bool:
    """Say whether a part of an answer says goods are made or sold ("we stitch uniforms", "homemade achaar", "saree bunte")."""
    words = words_of(text)
    return bool(_found(words, _cues("offering_also"), ("makes",)))


_NONE_OTHER = frozenset(spelling(fold(w)) for w in ("koi", "कोई", "any", "other"))


def _ends_denied(words: tuple[str, ...]) -> bool:
    """Say whether an answer ends on a denial ("… dusri sim nahi hai"), with nothing after it but a word of being."""
    end = len(words)
    while end and words[end - 1] in _BEING | {CLAUSE}:
        end -= 1
    return bool(end) and words[end - 1] in _NOT_AFTER


@lru_cache(maxsize=4096)
def yes_no_in(section: str, text: str, options: tuple[str, ...]) -> str | tuple[str, ...] | None:
    """Return "yes", "no" or "unknown" for an answer written as a sentence, both when it says both, or None."""
    words = _without_bought_inputs(section, words_of(text))
    if not words:
        return None
    asked = _found(words, _asks(), (section,), {section: section})
    if asked and not _found(words, _asks(), (section,)) and (set(words) & _NONE_OTHER or _ends_denied(words)):
        # a reason to ask that is ruled out is none: "haan linked hai, (koi) dusri sim nahi hai"; not "ye nahi, dusra wala",
        # "jio wala nahi airtel wala"
        asked = []
    if asked and "?" not in text and _found(words, _listed("asks_yield", f"{section}.outright")):
        asked = []  # "ये नंबर बेटे का है, आधार में दूसरा नंबर है": the Aadhaar holds another number, whoever's this one is
    if asked:
        # "sirf saving account hai" is asked about; "no sir, only my personal savings account", a no said first, is a no.
        said = _found(words[:2], _cues("yes_no"), ("yes", "no"), _YES_DENIED)
        return "no" if said == ["no"] and "no" in options else tuple(options)
    words = _without_forgotten_details(_without_whether(words) or words)  # "khata hai lekin IFSC yaad nahi": the account is there
    if _found(words, _cues("yes_no"), ("unknown",), _AS_SAID):
        return "unknown" if "unknown" in options else tuple(options)  # "shayad hai" where there is no "don't know": ask
    if "yes" in options and _done_since(section, words):
        return "yes"  # "pehle link nahi tha, ab karwa liya": not linked before, linked since
    lead = next((i for i, word in enumerate(words) if word not in _NO_FIRST), len(words))
    # "kharidte nahi", "not a trader": a maker; not "nahi trading hai", where the no answers the question
    own = _found(words, _cues(section), options, {**_YES_DENIED, **(_denied(section) or {} if not lead or words[lead:lead + 1] == (CLAUSE,) else {})})
    if own == ["yes"] and "no" in options and words[0] in _NO_FIRST and _tense(words) == "future":
        return "no"  # "No sir, will get it linked next week": what will be is not what is
    if len(own) > 1:
        prevailing = [option for option in _VOCABULARY["prevails"].get(section, ()) if option in own]
        own = prevailing[:1] or own  # "the number linked to aadhaar is different from this one": not linked
    if len(own) == 1:
        return own[0]
    if len(own) > 1 and not command_in(text):
        return tuple(own)  # "kuch khud banate kuch bahar se": both said, so the seller is asked
    if command_in(text):
        return None  # "hindi me likho, angrezi nahi aati": a request, whatever "nahi" it holds
    position = position_in(words, len(options))
    if position:
        return options[position - 1]  # "ji, doosra wala": the position said, not the "ji" around it
    knows = "unknown" in options and bool(_found(words, _listed("yes_no", "someone_knows")))  # the words already lack a "whether" clause
    if knows and not _found(tuple(w for w in words if w not in _HONORIFICS), _cues("yes_no"), ("yes", "no"), _YES_DENIED):
        return "unknown"  # "munim ji ko maloom hoga": the "ji" is politeness, and someone else would know
    # "no" before a number is a number ("no. 2"), not a refusal; "ji nahi" is a no, as its longer phrase says.
    said = _found([w for i, w in enumerate(words) if not (w == "no" and i + 1 < len(words) and words[i + 1].isdigit())], _cues("yes_no"),
                  ("yes", "no"), _YES_DENIED)
    if len(said) > 1 and _found([w for w in words if w not in _HONORIFICS], _cues("yes_no"), ("yes", "no"), _YES_DENIED) == ["no"]:
        said = ["no"]  # "nahi bhai data nahi dena ji": the "ji" is politeness, not a yes
    if len(said) == 1:
        return said[0]
    if said:
        return ("yes", "no")  # "haan … nahi": both said, so the seller is asked
    if "yes" in options and _found(words, _cues(section), ("weak_yes",)):
        return "yes"  # "state bank", "khate hain": an account, when nothing else is said ("No, we plan to open one in the firm name")
    if knows:
        return "unknown"  # "jura hai ki nahi ye to bete ko pata hoga": whether it is, someone else knows; not beside a yes or a no
    return None


def _done_since(section: str, words: tuple[str, ...]) -> bool:
    """Say whether an answer tells a "no" of before and ends in a clause that has got it done since, with nothing after or against it."""
    since = _listed("since_done", section)
    if not since or not _found(words, since) or set(words) & _spelled_words("aadhaar_link_plan", "other"):
        return False  # nothing got done since, or another paper ("pehle PAN link nahi tha, ab karwa liya")
    earlier, against = _spelled_words("since_done", "earlier"), _spelled_words("since_done", "against")
    clauses = [tuple(clause) for clause in _clauses_of(words) if clause]
    before = next((k for k, clause in enumerate(clauses) if set(clause) & earlier and set(clause) & (_NEGATION | _NOT_BEFORE)), None)
    if before is None or before == len(clauses) - 1:
        return False
    last = len(clauses) - 2 if len(clauses) - 2 > before and set(clauses[-1]) <= _DONE_SAID else len(clauses) - 1  # "…, ab ho gaya"
    later = [word for clause in clauses[before + 1:] for word in clause]
    # someone who got it done ("abbu ne … karwa diya") is no one else's number; "bete ne apne number se" is
    others = {word for i, word in enumerate(later) if word in people() and not (set(later[i + 1:i + 2]) & _DID and not set(later) & _OWN)}
    # "… karwa liya tha par ab number band hai", "ab apply karwa liya, 15 din lagenge"
    return (bool(_found(clauses[last], since)) and not set(later) & (_NEGATION | _NOT_BEFORE | against) and not others
            and not _found(tuple(later), _cues(section), ("no", "unknown")))


_DONE_SAID = frozenset(spelling(fold(w)) for w in ("ab", "अब", "ho", "हो", "gaya", "गया", "gayi", "गई", "sab", "सब", "theek", "thik", "ठीक", "hai", "है",
                                                   "now", "done", "all", "good"))


@lru_cache(maxsize=32)
def _spelled_words(table: str, key: str) -> frozenset[str]:
    """Return the words listed under a key of a vocabulary table, spelled as answers are read."""
    return frozenset(spelling(fold(word)) for word in _VOCABULARY[table][key])


_WHETHER = frozenset(spelling(fold(w)) for w in ("ki", "kee", "ya", "कि", "की", "या"))
_KNOWING = frozenset(spelling(fold(w)) for w in ("pata", "pta", "पता", "maloom", "malum", "मालूम", "sure", "pakka", "पक्का", "confirm"))
_WHETHER_THEN = frozenset(spelling(fold(w)) for w in ("ye", "yeh", "to", "pata", "wo", "woh", "ये", "यह", "तो", "पता", "वो", "वह", "maloom", "मालूम"))
_SAID_SO = frozenset(spelling(fold(w)) for w in ("bataya", "batai", "bola", "boli", "kaha", "kahi", "diya", "di", "tha", "बताया", "बताई", "बोला", "बोली",
                                                 "कहा", "दिया", "दी", "था", "ना"))


def _without_whether(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return an answer's words without a clause that asks whether ("jura hai ki nahi …"), which says neither yes nor no."""
    for i in range(1, len(words) - 1):
        if (words[i] in _WHETHER and words[i + 1] in _NEGATION and words[i - 1] not in _SAID_SO
                and (i + 2 == len(words) or words[i + 2] == CLAUSE or words[i + 2] in _WHETHER_THEN)):  # not "bataya to tha ki nahi juda"
            # back to a comma, a "that", or the words of knowing before it: "pata nahi ki | juda hai ki nahi", "pakka nahi pata | ho gaya ki nahi"
            start = max((k + 1 for k in range(i) if words[k] == CLAUSE or words[k] in _WHETHER | _KNOWING), default=0)
            return words[:start] + words[i + 2:]
    return words


@lru_cache(maxsize=1)
def _asks() -> Cues:
    """Return what makes a helper ask back, per step, with someone else's number or email at the steps that ask for one's own."""
    table = _VOCABULARY["someone_else"]
    return _cues("asks") + tuple((step, _phrase(phrase)) for step in table["steps"] for phrase in table["phrases"])


@lru_cache(maxsize=4)
def _commands(shortest: int) -> Cues:
    """Return the request phrases of at least `shortest` words."""
    return tuple(cue for cue in _cues("commands") if len(cue[1]) >= shortest)


def help_beside(text: str) -> bool:
    """Say whether a call for help stands in a clause of its own beside an answer ("no Udyam yet, kindly guide")."""
    if command_in(text) != "help" or CLAUSE not in words_of(text):
        return False
    clauses = [clause for clause in _CLAUSE_MARKS.split(text) if words_of(clause)]
    return any(not command_in(clause) and not doubt_in(clause) for clause in clauses)  # an answer, not more of the same


_THERE = frozenset(spelling(fold(w)) for w in ("hai", "h", "he", "hain", "ba", "baa", "है", "हैं", "बा", "have", "has", "is", "there"))
_BARE_YES = frozenset([CLAUSE, *(spelling(fold(w)) for w in ("haan", "ha", "han", "ji", "to", "sahi", "हाँ", "हां", "जी", "तो", "yes", "it"))])


def asks_of_email(text: str, email: str) -> bool:
    """Say whether an answer asks about the email it gives ("mera de du? …", "… ye chalega?"), not about what comes next."""
    at = text.casefold().find(email.casefold())
    head, tail = (text[:at], text[at + len(email):]) if at >= 0 else (text, "")
    return ("?" in head and doubt_in(head) == "question"
            or "?" in tail and doubt_in(tail) == "question" and bool(_found(words_of(tail), _cues("email_asked"))))


@lru_cache(maxsize=4096)
def there_but(section: str, text: str) -> bool:
    """Say whether an answer says this step's paper is there before a "but" ("पैन है पर पति का है"): no "don't have one" then."""
    words = words_of(text)
    cut = next((i for i, word in enumerate(words) if i and word in _BUT), None)
    if cut is None:
        return False
    table = _VOCABULARY["papers"]
    own = {spelt for word in table.get(section, ()) for spelt in _phrase(word)}
    others = {spelt for word in table["others"] for spelt in _phrase(word)} - own
    before = set(words[:cut])
    # the step's own paper said there, not "dukan hai par GST nahi", nor one applied for ("GST applied hai par number nahi aaya")
    bare = before <= _THERE | _BARE_YES  # "hai, par abhi mil nahi raha": nothing but "it is there" before the "but"
    return bool(before & _THERE) and bool(before & own or bare) and not before & (_NOT_AFTER | others) and not _found(words[:cut], _cues("papers"), ("not_yet",))


@lru_cache(maxsize=4096)
def lacks(text: str) -> bool:
    """Say whether an answer says the seller has no such number or email yet ("abhi udyam nahi bana", "email ni bnaya")."""
    if refuses(text) or "?" in text or command_in(text) and not help_beside(text):
        return False  # "ईमेल वाला समझ में नहीं आया" asks for help, whatever "nahi aaya" it holds  # "PAN nahi dena": there may well be one; "papa ka email nahi h, mera de du?" asks
    if _found(words_of(text), _cues("dont_have"), ("none",), _AS_SAID) or still_to_do(text):
        return True
    # At a question for a number, "… nahi bana" says there is none; "pata nahi", a question, or a request do not.
    return (denies(text) and not doubt_in(text) and not not_at_hand(text) and not command_in(text)
            and not _found(words_of(text), _cues("yes_no"), ("unknown",), _AS_SAID))


@lru_cache(maxsize=4096)
def sentence_word(word: str) -> bool:
    """Say whether a word is one of a sentence around a value ("mera", "email", "likh", "is"), not part of the value itself."""
    folded = fold(word)
    return not folded or not folded.isascii() or _known(folded) in _lexicon()[0] or spelling(folded) in _around_values()


@lru_cache(maxsize=1)
def _around_values() -> frozenset[str]:
    """Return the words that introduce a value ("email", "id", "likh lo"), by spelling."""
    return frozenset(spelling(fold(w)) for w in _VOCABULARY["filler"]["around_values"])


def without_honorifics(text: str) -> str:
    """Return an answer without "ji", "sir" and "bhai", which are politeness rather than a yes ("जी हमारा ट्रांसपोर्ट का काम है")."""
    kept = " ".join(word for word in text.split() if spelling(fold(word)) not in _HONORIFICS)
    return kept if kept.strip() else text  # "ji" alone is a yes


@lru_cache(maxsize=1)
def _not_theirs() -> tuple[frozenset[str], frozenset[str], frozenset[str], Cues]:
    """Return the family words, the words for people outside it, the words of belonging, and what sets the seller apart."""
    table = _VOCABULARY["not_theirs"]
    words = [frozenset(spelling(fold(word)) for word in table[key]) for key in ("family", "others", "whose")]
    return words[0], words[1], words[2], tuple(("apart", _phrase(phrase)) for phrase in table["apart"])


@lru_cache(maxsize=1)
def people() -> frozenset[str]:
    """Return the words for relatives and people outside the family ("uncle", "padosi"), spelt as answers are."""
    family, others, _, _ = _not_theirs()
    return family | others | _kin()[0]


_DID = frozenset(spelling(fold(w)) for w in ("ne", "ने"))
_POSSESSIVE = re.compile(r"([A-Za-z]+)['\u2019]s\b")


def _owners(words: tuple[str, ...], text: str, *, doers: bool = True) -> set[str]:
    """Return the words an answer says something belongs to ("bhai ka store", "my cousin's factory"), and who did something ("bhai ne") if `doers`."""
    whose = _not_theirs()[2] if doers else _of()
    return ({word for i, word in enumerate(words) if set(words[i + 1:i + 3]) & whose}
            | {spelling(fold(word)) for word in _POSSESSIVE.findall(text)})


@lru_cache(maxsize=4096)
def about_another(text: str) -> bool:
    """Say whether an answer speaks of someone else's business, not the seller's own ("bhai ka store h mera nahi", "padosi ka assessment")."""
    words = words_of(text)
    family, others, _, apart = _not_theirs()
    owners = _owners(words, text)
    apart_said = bool(_found(words, apart))
    # "my cousin paid for his firm … for him": someone outside the family, and the seller set apart from them
    # a relative by marriage whose business it is ("devar ka profile … unki alag dukan"); not one who did the seller's step
    # ("devar ne meri profile bhar di, main nahi kar payi") nor beside the seller's own ("unka bhi, hamara bhi")
    kin_owns = bool(_owners(words, text, doers=False) & _kin()[0]) and apart_said and not _found(words, _kin_own())
    return (bool(owners & others) or bool(owners & family) and apart_said or kin_owns or bool(set(words) & others) and apart_said
            or bool(_found(words, _other_firms())) or _kin_business(words) or _theirs_too(words, text) or _outsiders_own(words)
            or _did_their_own(words) or _outsider_and_theirs(words) or _possessed(text) or _siblings_step(words) or _ours_not(words, text))


def _ours_not(words: tuple[str, ...], text: str) -> bool:
    """Say whether an answer tells of someone's, then ends saying the seller's own is not, or is not known ("…, humaro pata na")."""
    clauses = [clause for clause in _clauses_of(words) if clause]
    if len(clauses) < 2:
        return False
    ours, last = _spelled_words("not_theirs", "ours"), clauses[-1]
    before = tuple(word for clause in clauses[:-1] for word in clause)
    return (last[0] in ours and any(word in _NEGATION for word in last[1:])
            and all(word in _NEGATION or word in _spelled_words("not_theirs", "ours_small") for word in last[1:])
            and bool(_owners(before, text) & (people() | _SIBLINGS | _spelled_words("not_theirs", "ours_others")))
            and not set(before) & _spelled_words("not_theirs", "ours_aside"))


_STEPS_OF_THEIRS = _spelled_words("not_theirs", "steps_of_theirs")
_FIRMS = _spelled_words("not_theirs", "firms")
_MEANS = _spelled_words("not_theirs", "means")  # "behan ke naam pe registration": hers, the seller's firm
_TRADING_PARTIES = _spelled_words("not_theirs", "trading_parties")  # not a client, whose step a CA does
_POSSESSORS = frozenset(("my", "our", "his", "her", "their"))
_POSSESSED = re.compile(r"\b([A-Za-z]+)\s+(?:([A-Za-z]+)\s+)?([A-Za-z]+)['\u2019]s\s+([A-Za-z]+)")


@lru_cache(maxsize=1)
def _possessions() -> tuple[frozenset[str], frozenset[str]]:
    """Return who may own another's firm or step in an English possessive, and the firms and steps they may own."""
    owners = (_SIBLINGS | _kin()[0] | _not_theirs()[1] | _TRADING_PARTIES
              | frozenset(phrase[-1] for found in _outsiders().values() for _, phrase in found))  # "my previous employer's"
    return owners, _STEPS_OF_THEIRS - {spelling(fold("catalogue"))}  # a supplier's catalogue is their price list


def _possessed(text: str) -> bool:
    """Say whether "my", "our" or "his" gives a firm or a GeM step to a sibling, relative or trading party ("my supplier's assessment")."""
    owners, things = _possessions()
    for line in text.splitlines():
        for first, second, owner, thing in _POSSESSED.findall(line):
            mine = first.lower() in _POSSESSORS or second.lower() in _POSSESSORS  # "my supplier's", "my previous employer's"
            if mine and spelling(fold(owner)) in owners and spelling(fold(thing)) in things:
                return not _found(words_of(text), _kin_own())
    return False


def _siblings_step(words: tuple[str, ...]) -> bool:
    """Say whether a brother's or sister's GeM step is told of ("bhai ka catalogue pending hai", "भइया के फर्म के असेसमेंट")."""
    whose = _of()
    for i, word in enumerate(words):
        if word in _SIBLINGS:
            after = words[i + 1:i + 6]
            after = after[1:] if after[:1] and after[0] in _HONORIFICS else after
            after = after[:after.index(CLAUSE)] if CLAUSE in after else after  # not "bhaiya ka karin, profile atak gayil": "what do I do"
            # the step within three words of the "of" ("bhai ka catalogue", "bhaiya ke firm ke profile", "didi ki silai wali
            # samiti ka signup"); not their laptop, phone, money or help that did the seller's step ("bhai ke laptop se profile")
            step = any(word in _STEPS_OF_THEIRS - _FIRMS for word in after[1:4]) and not set(after[1:4]) & _MEANS
            if after[:1] and after[0] in whose and step and not _found(words, _kin_own()):
                return True
    return False


def _outsider_and_theirs(words: tuple[str, ...]) -> bool:
    """Say whether someone outside the family is named and then a business or step of "his" ("my neighbour … his profile")."""
    outsider = next((i for i, word in enumerate(words) for _, phrase in _outsiders().get(word, ())
                     if words[i:i + len(phrase)] == phrase), None)
    things = _spelled_words("not_theirs", "outsiders_things")
    return outsider is not None and any(word in _THEIRS and words[i + 1:i + 2] and words[i + 1] in things
                                        for i, word in enumerate(words) if i > outsider)  # "… his profile", "… unka karkhana"


_THEIRS = frozenset(spelling(fold(w)) for w in ("his", "their", "him", "them", "uska", "uski", "uske", "unka", "unki", "unke", "usko", "unko",
                                                "उसका", "उसकी", "उसके", "उनका", "उनकी", "उनके", "उसको", "उनको", "उन्हें", "उसे"))


_THEY_BY = frozenset(spelling(fold(w)) for w in ("usne", "unhone", "unhonne", "उसने", "उन्होंने", "उन्होने"))
_OWN = frozenset(spelling(fold(w)) for w in ("apna", "apni", "apne", "अपना", "अपनी", "अपने"))


def _did_their_own(words: tuple[str, ...]) -> bool:
    """Say whether someone else is said to have done their own ("भाई ने अपना सामान डाल दिया", "usne apni profile bhari")."""
    for i, word in enumerate(words):
        by = word in _THEY_BY or word in _DID and i and words[i - 1] in people()
        if by and set(words[i + 1:i + 3]) & _OWN:
            return True
    return False


@lru_cache(maxsize=1)
def _of() -> frozenset[str]:
    """Return the words that say whose a thing is ("ka", "ki", "ke", "'s"), without those that say who did something ("ne")."""
    return _not_theirs()[2] - _DID


@lru_cache(maxsize=1)
def _outsiders() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Return the words for people outside the family ("padosi", "competitor", "dusre seller"), indexed by their first word."""
    return _by_first_word(tuple(("outsider", _phrase(p)) for p in _VOCABULARY["not_theirs"]["outsiders"]))


def _outsiders_own(words: tuple[str, ...]) -> bool:
    """Say whether an answer tells of a business or GeM step that someone outside the family owns ("pados wale ka assessment atka h")."""
    index = _outsiders()
    whose = _of()
    theirs = _spelled_words("not_theirs", "outsiders_things")
    for start, word in enumerate(words):
        for _, phrase in index.get(word, ()):
            end = start + len(phrase)
            if tuple(words[start:end]) != phrase:
                continue
            # their own thing: "of" within four words, and a business or a step right after it ("pados wale sharma ji ka bhi profile",
            # "पड़ोस की समिति"); not a place ("pados ke mohalle me"), a likeness ("dusre seller ki photo dekh ke") or a partner
            at = next((k for k in range(end, min(end + 4, len(words))) if words[k] in whose), None)
            after = tuple(w for w in words[at + 1:at + 3] if w not in _ALSO) if at is not None else ()
            if after[:1] and after[0] in theirs and not _found(words, _kin_own()):
                return True
    return False


@lru_cache(maxsize=1)
def _third_too() -> tuple[frozenset[str], frozenset[str], Cues]:
    """Return the words of a third person's, of "too", and of asking for something to be done."""
    table = _VOCABULARY["not_theirs"]
    return (frozenset(spelling(fold(w)) for w in table["third"]), frozenset(spelling(fold(w)) for w in table["too"]),
            tuple(("asking", _phrase(p)) for p in table["asking"]))


def _theirs_too(words: tuple[str, ...], text: str) -> bool:
    """Say whether an answer asks for another person's step too ("bhai ka shop hai, uska assessment bhi ho jayega?")."""
    third, too, asking = _third_too()
    family, others, _, _ = _not_theirs()
    theirs = [i for i, word in enumerate(words) if word in third and words[i + 1:i + 2] not in ((_AFTER,), (_AFTER_HI,))]  # not "uske baad"
    if _tense(words) == "past":
        return False  # "client ka signup ho gaya, uski user id bhi aa gayi": the seller tells what was done, and asks nothing for another
    # A question asks for their step when it names the step right after them ("uska assessment bhi ho jayega?"), not a paper or
    # a detail of the seller's own step ("papa ke naam firm hai, unka bhi aadhaar lagega?")
    step_asked = doubt_in(text) == "question" and any(_found(words[i + 1:i + 4], _listed("not_theirs", "steps")) for i in theirs)
    if (set(words) & too and not _found(words, _kin_own()) and (doubt_in(text) == "question" or _found(words, asking))
            and _relatives_thing(words, _SIBLINGS | _kin()[0])):
        return True  # "मेरे भाई की फर्म का प्रोफ़ाइल भी भर दोगे?", "mama ji ke crusher ka maal bhi daal dein?": a relative's asked for too
    return (bool(theirs) and bool(set(words) & too) and bool(set(words) & (family | others | _kin()[0] | _OWNERS_OTHER))
            and not _found(words, _kin_own()) and (step_asked or bool(_found(words, asking))))


# Brothers and sisters, whose firm is seldom the seller's own; a parent's or a wife's often is ("mummy ki firm to mahila wali h").
_SIBLINGS = _spelled_words("not_theirs", "siblings")


def _relatives_thing(words: tuple[str, ...], relatives: frozenset[str]) -> bool:
    """Say whether an answer names a relative's business or GeM step ("bhai ki firm", "भाई का प्रोफाइल"), not their wedding, home or phone."""
    whose = _of()
    for i, word in enumerate(words):
        if word in relatives:
            after = words[i + 1:i + 4]
            after = after[1:] if after[:1] and after[0] in _HONORIFICS else after
            # "bhai ki firm", "bhai ka profile"; not "bhai ki shaadi", "bhai ka phone", "bhai ke ghar", "bhaiya ke kehne pe"
            if after[:1] and after[0] in whose and not set(after[1:2]) & _NOT_A_BUSINESS:
                return True
    return False


_NOT_A_BUSINESS = frozenset(spelling(fold(w)) for w in (
    "shaadi", "shadi", "शादी", "function", "फंक्शन", "beti", "बेटी", "beta", "बेटा", "bete", "बेटे", "ghar", "घर", "yahan", "yaha", "यहां", "यहाँ",
    "kehne", "kahne", "कहने", "phone", "फोन", "number", "नंबर", "naam", "नाम", "godown", "गोदाम", "tabiyat", "तबीयत", "sath", "saath", "साथ"))


_AFTER, _AFTER_HI = spelling(fold("baad")), spelling(fold("बाद"))
_OWNERS_OTHER = frozenset(spelling(fold(w)) for w in ("client", "clients", "customer", "क्लाइंट"))


@lru_cache(maxsize=1)
def _kin() -> tuple[frozenset[str], Cues]:
    """Return the words for relatives outside the household, and the words that say a business or a GeM step is theirs."""
    table = _VOCABULARY["not_theirs"]
    return frozenset(spelling(fold(word)) for word in table["kin"]), tuple(("theirs", _phrase(phrase)) for phrase in table["of_theirs"])


@lru_cache(maxsize=1)
def _kin_own() -> Cues:
    """Return the words that say the seller's own firm or step is spoken of too."""
    table = _VOCABULARY["not_theirs"]
    return tuple(("own", _phrase(p)) for p in (*table["own"], *table["own_too"]))


def _kin_business(words: tuple[str, ...]) -> bool:
    """Say whether a relative outside the household is said to have the business or the step ("mere chacha ki factory ka assessment")."""
    kin, theirs = _kin()
    if _found(words, _kin_own()) and not _found(words, _not_theirs()[3]):
        return False  # "chacha ka assessment pichle saal hua tha, mera bhi ho gaya ab": the seller's own beside it, not "hamari firm alag hai"
    for i, word in enumerate(words):
        if word in kin:
            after = words[i + 1:i + 5]
            after = after[1:] if after[:1] and after[0] in _HONORIFICS else after  # "chacha ji ki factory"
            said = next((len(phrase) for _, phrase in theirs if tuple(after[:len(phrase)]) == phrase), 0)
            if said and not set(after[said:said + 1]) & _AT:  # not "chacha ki dukan pe jaake", "… dukan wale computer se"
                return True
    return False


_AT = frozenset(spelling(fold(w)) for w in ("pe", "par", "pr", "me", "mein", "se", "wale", "wala", "vale", "ke", "पे", "पर", "में", "से", "वाले", "के",
                                            "jaisi", "jaisa", "dekh", "dekhke"))  # a place or a model, not whose


@lru_cache(maxsize=4096)
def about_another_business(text: str) -> bool:
    """Say whether a business name answer speaks of someone else's business and names none of the seller's own."""
    words = words_of(text)
    family, others, _, apart = _not_theirs()
    owners = _owners(words, text)
    own = tuple(("own", _phrase(phrase)) for phrase in _VOCABULARY["not_theirs"]["own"])
    if _found(words, own):
        return False  # "didi ki alag dukan hai, meri wali ka naam Riya Boutique"; a sister concern beside the seller's firm too
    return bool(_found(words, apart)) and bool(owners & (family | others) or set(words) & others)


@lru_cache(maxsize=1)
def _other_firms() -> Cues:
    """Return the words for another business of the seller's group ("sister concern", "group company")."""
    return tuple(("firm", _phrase(phrase)) for phrase in _VOCABULARY["not_theirs"]["other_firms"])


_IF_PRESSED = frozenset(spelling(fold(w)) for w in ("if", "agar", "अगर", "yadi", "यदि", "press", "dabau", "dabaun", "dabaye", "दबाऊं", "दबाऊँ", "दबाएं"))


_OR = frozenset(spelling(fold(w)) for w in ("or", "ya", "या"))


@lru_cache(maxsize=4096)
def asks_about_answer(text: str) -> bool:
    """Say whether an answer asks what an answer would do, or which to give ("if I press later…?", "done dabaun ya later"), rather than giving it."""
    words = words_of(text)
    return (bool(set(words) & _IF_PRESSED) and ("?" in text or doubt_in(text) == "question" or unsure(text))
            or bool(set(words) & _OR) and "?" in text)  # "done or later, what do you suggest?"


@lru_cache(maxsize=4096)
def wonders(text: str) -> bool:
    """Say whether an answer wonders what will happen ("paisa wapas milega", "otp aayega"): a question, though it has no "?"."""
    return bool(set(words_of(text)) & _happenings())


@lru_cache(maxsize=4096)
def unsure(text: str) -> bool:
    """Say whether an answer says the seller does not know or is not sure ("pata nahi", "shayad", "not sure")."""
    return bool(_found(words_of(text), _cues("yes_no"), ("unknown",), _AS_SAID))


@lru_cache(maxsize=4096)
def unsure_if_done(section: str, text: str) -> bool:
    """Say whether an answer does not know if the step was done ("beta kar raha tha, pata nahi pura hua ki nahi", "can't tell if it's done")."""
    words = words_of(text)
    if set(words) & _WHY_WHEN:
        return False  # "paise kat gaye, pata nahi kyu pending hai", "… kab karenge pata nahi": not knowing why or when is a problem
    return unsure(text) and bool(_found(words, _cues(section), ("done",), {"done": "done"}) or set(words) & _tenses()[2]
                                 or _found(words, _cues("doubt"), ("whether",)))


_WHY = frozenset(spelling(fold(w)) for w in ("kyu", "kyun", "kyon", "kyo", "क्यों", "क्यूं", "क्यो", "why"))
_WHY_WHEN = _WHY | frozenset(spelling(fold(w)) for w in ("kab", "कब", "when"))


@lru_cache(maxsize=4096)
def acknowledges(text: str) -> bool:
    """Say whether an answer only thanks or acknowledges ("thank you", "accha ji"), so the seller is asked which answer they mean."""
    words = words_of(text)
    thanked = {word for _, phrase in _cues("yes_no") if _ in ("thanks", "yes") for word in phrase}
    return bool(_found(words, _cues("yes_no"), ("thanks",))) and all(word in thanked or word in _fillers() for word in words)


@lru_cache(maxsize=4096)
def thanks(text: str) -> bool:
    """Say whether an answer thanks, whatever else it says ("bahut shukriya aapka")."""
    return bool(_found(words_of(text), _cues("yes_no"), ("thanks",)))


@lru_cache(maxsize=4096)
def refuses(text: str) -> bool:
    """Say whether an answer says the seller does not want to give the number or email ("PAN nahi dena", "not comfortable sharing")."""
    return bool(_found(words_of(text), _cues("dont_have"), ("refuse",), {"refuse": "refuse"}))


@lru_cache(maxsize=4096)
def to_make(text: str) -> bool:
    """Say whether an answer says the number or email is still to be made ("bana ke bhejta hu"): there is none yet."""
    return bool(_found(words_of(text), _cues("dont_have"), ("to_make",)))


_COMING = frozenset(spelling(fold(w)) for w in ("aail", "ail", "aayo", "ayo", "aaya", "aya", "aayi", "ayi", "aai", "aawat", "aavat", "aavela", "aawela",
                                                 "mil", "mila", "mili", "milal", "milat", "milta", "milti", "hot", "hoy", "ho", "hua", "hui",
                                                 "bhail", "bhayo", "dikh", "dikhat", "dikhta", "khul", "khulat", "khulta", "jud", "judal", "juda"))
_DONE_BEFORE = frozenset(spelling(fold(w)) for w in ("gaya", "gayi", "gaye", "diya", "liya", "hai", "h", "ba", "gail", "gawa"))  # "ho gaya na …"


@lru_cache(maxsize=4096)
def denies(text: str) -> bool:
    """Say whether an answer says that something is not so ("link aaya hi nahi", "not getting the OTP")."""
    words = words_of(text)
    # and the eastern and Braj "na" before a verb of coming, getting or happening ("link na aail", "option na mil rahyo"), not a
    # "na" that ends a clause ("ho gaya na") or one of before ("pahile match na hot rahal")
    return any(word in _NOT_AFTER or word in _NOT_IN_ENGLISH
               or word == _NA and words[i + 1:i + 2] and words[i + 1] in _COMING and not (i and words[i - 1] in _DONE_BEFORE)
               and not set(words) & _spelled_words("tense", "former_words")
               for i, word in enumerate(words))


@lru_cache(maxsize=4096)
def about_gem(text: str) -> bool:
    """Say whether an answer speaks of GeM, its portal and what it asks for (a question about the step, not about the weather)."""
    words = words_of(text)
    named = _found(words, _cues("gem_topics"), ("topic",), {"topic": "topic"}) or _found(words, _cues("gem_step_topics"))  # "where do I enter IFSC?"
    return bool(named) and not beyond_gem(text)


@lru_cache(maxsize=4096)
def beyond_gem(text: str) -> bool:
    """Say whether an answer asks about what the bot cannot help with at a GeM step (a loan, insurance)."""
    words = words_of(text)
    # "awas yojana wala ghar hai, wahi address daalu profile me?": a GeM step's own matter named beside it is that step's question
    beyond = tuple(phrase for option, phrase in _cues("gem_topics") if option == "beyond")
    # "pan card pe loan milega?": the PAN, which two steps ask for, does not make a loan a step's matter
    alone = tuple(phrase for option, phrase in _cues("gem_topics") if option == "beyond_alone")
    rest = _without(words, alone)  # "gst rate" names the GST, which the profile asks for, only as a tax rate
    if (len(rest) < len(words) and not _found(rest, _cues("gem")) and not steps_named(" ".join(rest))
            and not _found(rest, _cues("gem_step_topics"))):
        return True  # "KCC ka byaj kitna chal raha h": a scheme or a tax rate, and nothing of the step said beside it
    # "do handmade items also need this? we don't have BIS": a paper of the step, even denied, makes it the step's question
    return bool(_found(words, _cues("gem_topics"), ("beyond",))) and not _steps_named_alone(" ".join(_without(words, beyond)), denied_too=True)


@lru_cache(maxsize=4096)
def about_selling(step: str, text: str) -> bool:
    """Say whether a question at a GeM step asks about selling once registered ("does GeM take commission?") and not about this step."""
    words = words_of(text)
    return (doubt_in(text) == "question" and bool(_found(words, _cues("gem_topics"), ("selling",)))
            and step not in _found(words, _cues("gem_step_topics")))


_THIS_STEP = frozenset(spelling(fold(w)) for w in ("isme", "ismein", "ismen", "इसमें", "इसमे", "iska", "iski", "इसका", "इसकी"))  # "in this": the step asked about


@lru_cache(maxsize=4096)
def about_another_step(step: str, text: str) -> bool:
    """Say whether an answer at a GeM step speaks of another GeM step's matters and none of its own ("caution money kitna?" at sign-up)."""
    named = steps_named(text)
    if set(words_of(text)) & _THIS_STEP:
        return False  # "kya isme bhi OTP aayega?": another step's matter, asked of this one
    if step in named and step not in _steps_named_alone(text):
        # "udyam ke liye pan lagega?" at the sign-up: the PAN is the sign-up's and the profile's, and Udyam the profile's alone;
        # not "udyam hai to chhoot milegi?" at the caution money, whose exemption it shares with the assessment, not the profile
        sharers = {other for other, phrase in _cues("gem_step_topics") if other != step and (step, phrase) in _cues("gem_step_topics")
                   and _found(words_of(text), ((other, phrase),))}
        return bool(sharers & _steps_named_alone(text))
    return bool(named) and step not in named


_ANY_STEP = {step: step for step in ("gem_signup", "gem_profile", "gem_caution_money", "gem_vendor_assessment", "gem_catalogue")}


@lru_cache(maxsize=4096)
def _steps_named_alone(text: str, *, denied_too: bool = False) -> frozenset[str]:
    """Return the GeM steps an answer names by words that belong to that step alone (not "pan", which two steps ask for)."""
    cues = _cues("gem_step_topics")
    shared = {phrase for _, phrase in cues if sum(1 for _, other in cues if other == phrase) > 1}
    return frozenset(_found(words_of(text), tuple(cue for cue in cues if cue[1] not in shared), None, _ANY_STEP if denied_too else None))


@lru_cache(maxsize=4096)
def plans(section: str, text: str) -> bool:
    """Say whether an answer holds one of a section's plans and none of its other things ("kal jaake link karwa lenge", not "pan se")."""
    words = words_of(text)
    return bool(_found(words, _cues(section), ("plan",))) and not _found(words, _cues(section), ("other",), {"other": "other"})


@lru_cache(maxsize=4096)
def steps_named(text: str) -> frozenset[str]:
    """Return the GeM steps whose own matters an answer speaks of ("otp aaya" names the sign-up)."""
    return frozenset(_found(words_of(text), _cues("gem_step_topics")))


@lru_cache(maxsize=1)
def _near() -> tuple[tuple[tuple[str, ...], ...], tuple[tuple[str, ...], ...], frozenset[str], Cues]:
    """Return the words that say "near" after a place and before it, the words that may follow "near X", and "the same district"."""
    table = _VOCABULARY["near"]
    return (tuple(_phrase(p) for p in table["after"]), tuple(_phrase(p) for p in table["before"]),
            frozenset([CLAUSE, *(spelling(fold(w)) for w in table["ends"])]), tuple(("same", _phrase(p)) for p in table["same"]))


@lru_cache(maxsize=4096)
def only_near(text: str, names: tuple[str, ...]) -> bool:
    """Say whether an answer names a district only as what the place is near ("rampur ke paas ek gaon", "near Lucknow")."""
    words = words_of(text)
    spelt = {phrase for phrase in (_phrase(name) for name in names) if phrase}
    said = [(i, i + len(name)) for name in spelt for i in range(len(words)) if tuple(words[i:i + len(name)]) == name]
    after, before, ends, same = _near()
    # "near Lucknow", not "near Lucknow railway station", a place in it
    if not said or not all(any(tuple(words[end:end + len(near)]) == near for near in after)
                            or any(tuple(words[max(0, start - len(near)):start]) == near for near in before)
                            and (end == len(words) or words[end] in ends) for start, end in said):
        return False
    if _found(words, same):
        return False  # "Lucknow ke paas hai, jila wahi": the same district said
    rest = " ".join(_without(words, tuple(spelt)))
    return match_district(rest).district is None  # not "banaras ke paas, lohta me": a town of its own said too


@lru_cache(maxsize=4096)
def outside_up(text: str) -> bool:
    """Say whether an answer names a place outside Uttar Pradesh ("dilli me h dukan", "we are in NCR")."""
    words = words_of(text)
    return not set(words) & _BORDER and bool(_found(words, _cues("outside_up"), ("place",), {"place": "place"}))


@lru_cache(maxsize=4096)
def away_only_in_delhi(text: str) -> bool:
    """Say whether the only places outside UP an answer names are Delhi's, and no UP town it names is also a Delhi locality."""
    words = words_of(text)
    cues = _cues("outside_up")
    delhi = tuple(cue for cue in cues if cue[0] == "delhi")
    others = _found(_without(words, tuple(phrase for _, phrase in delhi)), cues, ("place",), {"place": "place"})
    if not _found(words, cues, ("place",), {"place": "place"}) or others or _found(words, cues, ("shared",), {"shared": "shared"}):
        return False
    office = {phrase for option, phrase in _cues("place_of_business") if option == "office"}
    places = tuple(cue for cue in _cues("place_of_business") if cue[0] == "business" and cue[1] not in office)
    # "factory Delhi me, godown Sahibabad me": a place of work in Delhi too (an office there is only where papers are kept)
    return not any(_found(clause, delhi) and _found(clause, places) for clause in _clauses_of(words))


_BORDER = frozenset(spelling(fold(w)) for w in ("border", "बॉर्डर", "बार्डर", "seema", "सीमा"))  # "Nepal border ke paas": near it, in UP


@lru_cache(maxsize=4096)
def asked_about(step: str, text: str) -> bool:
    """Say whether an answer to a step is one a helper would ask about rather than take (an old Udyog Aadhaar, a landline)."""
    return bool(_found(words_of(text), _asks(), (step,), {step: step}))


@lru_cache(maxsize=4096)
def not_at_hand(text: str) -> bool:
    """Say whether an answer says the number or email exists but is not to hand now ("yaad nahi", "CA ke paas hai")."""
    return bool(_found(words_of(text), _cues("not_at_hand"), ("later",), {"later": "later"}))


_MESSAGES = frozenset(spelling(fold(w)) for w in ("message", "messages", "msg", "msgs", "sms", "मैसेज", "मेसेज", "मैसेजेस", "संदेश", "sandesh",
                                                 "notification", "notifications", "reminder", "reminders", "रिमाइंडर", "stop", "स्टॉप"))


def of_messages(text: str) -> bool:
    """Say whether an answer asks for the bot's messages again ("msg bhejte raho", "resume messages"), not one read or sent."""
    words = words_of(text)
    if _tense(words) == "future" or set(words) & _RECEIVED and not set(words) & _NOT_AFTER:
        return False  # "phir aapko message karenge": the seller's own; "msg mil gaya, chalu karo": a message read, the sign-up started
    # "phir se messages chalu karo", or messages said to have stopped coming ("messages aa nahi rahe, chalu karo", "msg aane band ho gaye")
    return any(word in _MESSAGES and (set(words[max(0, i - 2):i + 3]) & _ONCE_MORE or set(words[i + 1:i + 4]) & (_NOT_AFTER | _SHUT))
               for i, word in enumerate(words))


_SHUT = frozenset(spelling(fold(w)) for w in ("band", "बंद", "stopped", "ruk", "रुक"))
_RECEIVED = frozenset(spelling(fold(w)) for w in ("mila", "mil", "mili", "mile", "padh", "padha", "dekh", "dekha", "read", "received", "मिल",
                                                  "मिला", "पढ़", "पढ़ा", "देख", "देखा", "signup", "sign"))
# …said with a word of having them again: "phir se", "dobara", "resume", "chalu", "bhejte raho", "by mistake"
_ONCE_MORE = frozenset(spelling(fold(w)) for w in ("phir", "fir", "dobara", "dubara", "दोबारा", "फिर", "resume", "restart", "chalu", "chaalu", "चालू",
                                                   "bhejte", "bhejo", "bhejiye", "भेजते", "भेजो", "भेजिए", "भेजना", "on", "galti", "गलती", "mistake",
                                                   "wapas", "वापस", "again", "continue", "keep", "sending", "turn", "start"))


@lru_cache(maxsize=4096)
def command_in(text: str, *, shortest: int = 1, paired: bool = True) -> str | None:
    """Return the request a sentence makes (talk to a person, stop, erase, …) when it makes just one, else None."""
    unquoted = _QUOTED.sub(" , ", text)
    if unquoted.strip(" ,.?!") and _SCREEN.search(unquoted):
        text = unquoted  # 'error aa raha "please try again"': the words quoted from a screen ask nothing of the bot
    words = words_of(text)
    named = [command for command in _found(words, _commands(shortest)) if command != "not_a_request"]
    if not named and paired and (going := _going_back(words)):
        # "वापस जाकर नाम बदलना है": going back to change the name, not taking it back; "ghar wapas jaake photo daalunga" neither
        after = going + 1 if words[going:going + 1] == (CLAUSE,) else going  # "wapas jaake, district badalna hai"
        clause = words[after:words.index(CLAUSE, after)] if CLAUSE in words[after:] else words[after:]
        if set(clause) & _CHANGE and not set(words) & _ON_PORTAL and _tense(words) is None:
            # not "wapas ja ke photo theek kar dunga" (a plan), "profile wapas jaake edit karni hai GeM par" (on GeM), or "wapas
            # jakar dekha, address sahi hai" (the putting right in another clause)
            return "back"
        words = words[:going - 2] + words[going:]
    if not named and _language_alone(words):
        return "language"  # "hindi me", "in English please": a language named alone, as the whole message
    if not named and paired:  # a request in words of its own: what it is about and what to do with it ("mera record mita dijiye")
        named = _request_in_words(_without_non_requests(words))
    if named == ["start"] and paired and _tense(words) == "future" and "stop" in _request_in_words(words):
        return "stop"  # "Kindly stop these messages for now; I will resume next week": a stop now, and a start only planned
    if named == ["stop"] and _erase_denied(words):
        return None  # "mera data delete mat karna": do not erase, which asks for nothing, least of all to stop
    if named == ["stop"] and _kind_refused(words):
        # "english mat bhejna, samajh nahi aata": the other language; "help mat bhejo, ho gaya": not that help; neither is silence
        return "language" if set(words) & _LANGUAGE_NAMES else None
    if set(named) <= {"stop", "start"} and "stop" in named and _stop_denied(words):
        # "stop mat karna", "phir se shuru karo, band mat karna": keep the messages on, whatever "mat karna" says alone; beside an
        # answer ("40 lakh, aur msg band mat karna") the answer is read
        return "start" if "start" in named or CLAUSE not in words else None
    if named == ["stop"] and any(set(clause) & _RECORDS and set(clause) & _WIPE and not set(clause) & (_DENIAL | _DONT)
                                 for clause in _clauses_of(words)):
        named = ["erase"]  # "सब रोक दो, मेरा रिकॉर्ड मिटा दो": erasing one's data stops the messages too, and is confirmed first
    if set(named) == {"stop", "erase"}:
        named = ["erase"]
    if set(named) in ({"back", "menu"}, {"human", "help"}):
        named = [next(command for command in ("menu", "human") if command in named)]  # "back to the main menu"; "koi call karke samjha do"
    if named == ["help"] and thanks(text):
        return None  # "bahut madad ki aapne": thanks for help given, not a call for it
    if named == ["human"] and _talks_to_own(words):
        return None  # "pehle partner se baat karni hai", "ghar me baat karke": the seller's own people, not one of ours
    if named == ["help"] and about_another(text):
        return None  # "meri padosan ka bhi assessment atka hai, uski help kar do": help for someone else's business, asked about
    if named == ["language"] and set(words) & _OR and doubt_in(text) == "question":
        return None  # "naam hindi me likhen ya angrezi me?": which to write in, not a switch
    return named[0] if len(named) == 1 else None


_OWN_CIRCLE = frozenset(spelling(fold(w)) for w in ("partner", "partners", "पार्टनर", "ca", "सीए", "munim", "मुनीम", "accountant", "ghar", "घर",
                                                     "family", "parivar", "परिवार"))
_WITH = frozenset(spelling(fold(w)) for w in ("se", "से", "me", "में", "mein"))
_TALK = frozenset(spelling(fold(w)) for w in ("baat", "बात", "salah", "सलाह", "puchh", "पूछ", "poochh", "discuss"))
_YOURS = frozenset(spelling(fold(w)) for w in ("aapke", "aapka", "aapki", "आपके", "आपका", "आपकी", "your", "koi", "कोई", "kisi", "किसी"))


def _talks_to_own(words: tuple[str, ...]) -> bool:
    """Say whether an answer speaks of talking to the seller's own people ("papa se baat karni hai"), not to one of ours."""
    if set(words) & (_YOURS | _WHO):
        return False  # "…, ab aapke expert se baat karni hai", "didi se baat karao jo helpline pe thi": one of ours is asked for too
    own = (people() | _OWN_CIRCLE) - _SAID_TO_STAFF
    return any((word in own or word in _SAID_TO_STAFF and i and words[i - 1] in _MY) and words[i + 1] in _WITH and words[i + 2] in _TALK
               for i, word in enumerate(words[:-2]))


# Words for family that sellers also call our staff by ("bhaiya se baat karao"): the seller's own only after "mere", "hamare".
_SAID_TO_STAFF = frozenset(spelling(fold(w)) for w in ("bhaiya", "bhaiyya", "भैया", "भइया", "didi", "दीदी", "uncle", "aunty", "bhai", "भाई"))
_MY = frozenset(spelling(fold(w)) for w in ("mere", "meri", "hamare", "hamari", "apne", "apni", "मेरे", "मेरी", "हमारे", "हमारी", "अपने", "अपनी", "my", "our"))
_WHO = frozenset(spelling(fold(w)) for w in ("jo", "जो", "who"))


@lru_cache(maxsize=1)
def _non_requests() -> dict[str, tuple[tuple[str, tuple[str, ...]], ...]]:
    """Return the phrases that deny a request ("didn't need any help") or name goods ("bat ball"), indexed by their first word."""
    denials = _NOT_IN_ENGLISH | _NEGATION
    goods = tuple(("not_a_request", _phrase(phrase)) for phrase in _VOCABULARY["request_words_of_goods"]["phrases"])
    return _by_first_word(tuple(cue for cue in _commands(1) if cue[0] == "not_a_request" and set(cue[1]) & denials) + goods)


def _without_non_requests(words: tuple[str, ...]) -> tuple[str, ...]:
    """Return an answer's words without the phrases that deny a request or name goods ("didn't need any help", "bat ka kaam")."""
    index = _non_requests()
    kept, i = [], 0
    while i < len(words):
        size = max((len(phrase) for _, phrase in index.get(words[i], ()) if words[i:i + len(phrase)] == phrase), default=0)
        kept.extend(words[i:i + 1] if not size else (CLAUSE,))
        i += size or 1
    return tuple(kept)


def _request_in_words(words: tuple[str, ...]) -> list[str]:
    """Return the requests made by what they are about and what to do with it ("mera record mita dijiye", "message mat bhejo")."""
    about = set(_found(words, _cues("request_about"), None, _ANY_COMMAND))  # "message mat bhejo": the denial is in what to do
    named = [command for command in _found(words, _cues("request_do")) if command in about] if about else []
    if "erase" in named:
        clauses = [tuple(clause) for clause in _clauses_of(words) if clause]
        if not any(_erase_in(clauses, i) for i in range(len(clauses))):
            named.remove("erase")  # "barsaat khatam hone ke baad, abhi sab log …", "sab details bhar di, forget password se …": not one request
    return named


def _erase_in(clauses: list[tuple[str, ...]], i: int) -> bool:
    """Say whether clause i asks to erase, about what it or the clause before names ("…, use mita dijiye"), or any clause when it is short."""
    if "erase" not in _found(clauses[i], _cues("request_do")):
        return False
    if len(clauses[i]) <= 3:
        others = tuple(word for k, clause in enumerate(clauses) if k != i for word in (CLAUSE, *clause))
    elif set(clauses[i]) & _THEM:  # "…, kripya unhe hata dijiye": what it points back to, said in any clause before
        others = tuple(word for clause in clauses[:i] for word in (CLAUSE, *clause))
    else:
        others = (CLAUSE, *clauses[i - 1]) if i else ()
    return "erase" in _found(clauses[i] + others, _cues("request_about"), None, _ANY_COMMAND)


def _stop_spans(words: tuple[str, ...]) -> list[tuple[int, int]]:
    """Return where an answer's words for stopping stand: the request phrases of stopping, and the bare words ("stop", "band")."""
    index = _by_first_word(_commands(1))
    spans = [(start, start + len(phrase)) for start, word in enumerate(words) for option, phrase in index.get(word, ())
             if option == "stop" and tuple(words[start:start + len(phrase)]) == phrase]
    return spans + [(start, start + 1) for start, word in enumerate(words) if word in _STOP_WORDS]


def _dont_after(words: tuple[str, ...], end: int) -> bool:
    """Say whether a "don't" ("mat", "मत") comes within two words after a position: "band mat karo", not "band nahi ho rahe"."""
    return bool(set(words[end:end + 2]) & _DONT_DO)


def _erase_denied(words: tuple[str, ...]) -> bool:
    """Say whether an answer says not to erase ("data delete mat karna", "हटाना मत") and asks no stop of its own beside it."""
    denials = {i + k for i, word in enumerate(words) if word in _WIPE | _WIPE_MORE for k in (1, 2)
               if words[i + k:i + k + 1] and words[i + k] in _DONT_DO}
    if not denials:
        return False
    # "data delete mat karo, sirf message band karo": a stop asked in words of its own is still asked
    return all(start in denials or _dont_after(words, end) for start, end in _stop_spans(words))


_THEM = frozenset(spelling(fold(w)) for w in ("unhe", "unhein", "unko", "use", "usko", "ise", "isko", "उन्हें", "उनको", "उसे", "उसको", "इसे", "इसको",
                                              "them", "it"))
_WIPE_MORE = frozenset(spelling(fold(w)) for w in ("hatana", "mitana", "हटाना", "मिटाना", "remove", "erase"))


_HELP_SENT = frozenset(spelling(fold(w)) for w in ("help", "madad", "मदद"))
_LANGUAGE_NAMES = _spelled_words("weak_in", "hi") | _spelled_words("weak_in", "en")


def _kind_refused(words: tuple[str, ...]) -> bool:
    """Say whether each stop in an answer is a "don't" after a language's name or help ("english mat bhejo", "help mat bhejo, ho gaya")."""
    kinds = _LANGUAGE_NAMES | _HELP_SENT
    refused = {i + 1 if words[i + 1:i + 2] and words[i + 1] in _DONT_DO else i + 2 for i, word in enumerate(words) if word in kinds
               and (set(words[i + 1:i + 2]) & _DONT_DO or set(words[i + 1:i + 2]) & _IN and set(words[i + 2:i + 3]) & _DONT_DO)}
    spans = _stop_spans(words)
    return bool(refused) and bool(spans) and all(start in refused for start, _ in spans)


def _stop_denied(words: tuple[str, ...]) -> bool:
    """Say whether every word for stopping in an answer is denied ("stop mat karna", "messages band mat karo"); "band nahi ho rahe" is no denial."""
    spans = _stop_spans(words)
    denied = [span for span in spans if _dont_after(words, span[1])]
    # a phrase that is itself a "don't" ("mat karna") right after a denied one adds nothing; "message mat bhejo" is no denial
    undenied = [span for span in spans if span not in denied
                and not (words[span[0]] in _DONT_DO and any(d[0] < span[0] <= d[1] for d in denied))]
    return bool(denied) and not undenied


_STOP_WORDS = frozenset(spelling(fold(w)) for w in ("stop", "band", "बंद", "rok", "roko", "रोक", "रोको", "unsubscribe"))
_DONT_DO = frozenset(spelling(fold(w)) for w in ("mat", "mt", "मत"))  # "band mat karo", not "dukan band nahi hai"


_IN = frozenset(spelling(fold(w)) for w in ("me", "mein", "mai", "में", "in"))


@lru_cache(maxsize=1024)
def screen_quoted(section: str, text: str) -> bool:
    """Say whether an answer quotes a screen's words that tell of a failure ('"Image resolution too low" aa rha'): a problem."""
    quotes = _QUOTED.findall(text)
    outside = outside_quotes(text)
    return (len(quotes) == 1 and bool(_SCREEN.search(outside)) and not denies(outside) and bool(_FAILED.search(quotes[0]))
            and option_in(section, quotes[0].strip("\"\u201c\u201d"), ("done", "help", "later")) != "done")


# What a screen's words say when something went wrong ("Category not found", "Image resolution too low", "Invalid IFSC").
_FAILED = re.compile(r"\b(?:not|invalid|error|failed|fail|failure|mismatch|too low|too large|too big|rejected|minimum|should be|incorrect|wrong"
                     r"|unable|exceeds?|required|already|denied|unavailable|busy|expired|timeout|timed out|duplicate|try again|please upload"
                     r"|please enter)\b|नहीं|गलत|त्रुटि|असफल|अमान्य|समाप्त|बाद में प्रयास|पुनः", re.IGNORECASE)


def outside_quotes(text: str) -> str:
    """Return an answer without the words it quotes from a screen."""
    return _QUOTED.sub(" , ", text)


_SCREEN = re.compile(r"\b(?:aa raha|aa rha|aata|aaya|dikha|dikh|message|msg|error|shows?|showing|says|saying|remark)\b|आ रहा|आता|दिख|मैसेज|एरर",
                     re.IGNORECASE)  # words that tell the quote is from a screen
_QUOTED = re.compile(r"[\"\u201c\u201d][^\"\u201c\u201d]{3,}[\"\u201c\u201d]")  # a screen's words quoted in double quotes


def _language_alone(words: tuple[str, ...]) -> bool:
    """Say whether an answer is only a language and "in", with courtesy around them ("hindi me ji", "in english please")."""
    said = [word for word in words if word not in _COURTESY and word != CLAUSE]
    return len(said) == 2 and bool(set(said) & _LANGUAGES) and bool(set(said) & _IN)


_RECORDS = frozenset(spelling(fold(w)) for w in ("data", "record", "records", "details", "detail", "jankari", "jaankari", "information", "info",
                                                  "डेटा", "डाटा", "रिकॉर्ड", "रिकार्ड", "जानकारी", "विवरण"))
_WIPE = frozenset(spelling(fold(w)) for w in ("mita", "mitao", "mitado", "delete", "hata", "hatao", "erase", "remove", "मिटा", "मिटाओ", "डिलीट", "हटा",
                                               "हटाओ"))
_DONT = frozenset(spelling(fold(w)) for w in ("mat", "मत", "na", "ना", "dont", "don't", "rakhna", "रखना", "rakho", "रखो"))


_BACK = frozenset(spelling(fold(w)) for w in ("wapas", "vapas", "wapis", "वापस", "वापिस", "peeche", "piche", "पीछे"))
_GOING = frozenset(spelling(fold(w)) for w in ("jaake", "jake", "ja", "jakar", "jaakar", "jaa", "जाकर", "जाके", "जा", "jaiye", "jaiye"))
_CHANGE = frozenset(spelling(fold(w)) for w in ("badal", "badalna", "badlna", "badalni", "badlo", "badle", "sahi", "theek", "thik", "change", "correct",
                                                "edit", "बदल", "बदलना", "बदलनी", "बदलो", "बदलें", "सही", "ठीक"))


_ON_PORTAL = frozenset(spelling(fold(w)) for w in ("gem", "portal", "profile", "photo", "photos", "catalogue", "catalog", "listing", "site",
                                                    "website", "जेम", "पोर्टल", "प्रोफाइल", "फोटो", "कैटलॉग"))


def _going_back(words: tuple[str, ...]) -> int:
    """Return where the words after a going back start ("वापस जाकर …"), or 0 when there is none."""
    return next((i + 2 for i in range(len(words) - 1) if words[i] in _BACK and words[i + 1] in _GOING), 0)


# English words that begin a question ("can I …", "should I …"); not "is" or "do", which are Hindi words too ("is number pe", "do email").
_ASKING_FIRST = frozenset(("are", "does", "can", "should", "could", "would", "shall", "may"))


@lru_cache(maxsize=1)
def _fillers() -> frozenset[str]:
    """Return the words that may stand around a position."""
    return frozenset(_phrase(word)[0] for word in _VOCABULARY["filler"]["words"])


_STILL = frozenset(spelling(fold(w)) for w in ("baki", "baaki", "बाकी", "बाक़ी"))


def _to_do(word: str) -> bool:
    """Say whether a word is a verb's infinitive ("khulwana", "बनवाना"), which "baaki" after it makes a thing still to do."""
    return len(word) > (4 if word.isascii() else 3) and word.endswith(("na", "ना")) and word not in _SHORT_WORDS


def _still_to_do(words: tuple[str, ...]) -> set[int]:
    """Return where "baaki" follows an infinitive ("khata khulwana baaki hai"): not yet done, rather than a part of something."""
    return {i for i, word in enumerate(words) if word in _STILL and i and _to_do(words[i - 1])}


def still_to_do(text: str) -> bool:
    """Say whether an answer says the thing asked about is still to be done ("link karwana baki h", "उद्यम बनवाना बाकी है")."""
    return bool(_still_to_do(words_of(text)))


@lru_cache(maxsize=4096)
def doubt_in(text: str) -> str | None:
    """Say whether an answer is a question ("question") or names a part or a choice between ("partly"), else None."""
    words = words_of(text)
    if still := _still_to_do(words):
        words = tuple(word for i, word in enumerate(words) if i not in still)
    if "?" not in text and text.isascii():  # "owned by my wife, who belongs to …": "who" inside a sentence ties it on, it does not ask
        words = tuple(word for i, word in enumerate(words) if not _ties_on(words, i))
    if ("?" in text or _found(words, _cues("doubt"), ("question",), _AS_SAID) or words and words[0] in _ASKING_FIRST and text.isascii()
            or _tag_question(words)):
        return "question"  # "can I give my CA's email", "should I send both", "aadhaar to nahi maangoge na"
    # "kuch nahi" is not a part (denied), nor "kuch din baad" (a time)
    # "भर दिया सब कुछ, koi dikkat nahi": everything; not "sab kuch khud nahi banate", which denies it in its clause, a part
    if set(words) & _EVERYTHING_FIRST:
        kept: list[str] = []
        for clause in _clauses_of(words):
            kept.extend((*(clause if set(clause) & _DENIAL else _without(tuple(clause), _EVERYTHING)), CLAUSE))
        words = tuple(kept[:-1])
    if _SOME_PERCENT.search(text):
        return "partly"  # "Profile is 80% complete", "60 percent khud banate hain": a part, asked about
    return "partly" if "partly" in _found(words, _cues("doubt"), ("partly", "not_partly")) else None


# Only a share of the work: "80% complete", "60 percent khud banate", "90% ho gaya"; not "18% GST", "85% marks", "99% sure".
_SOME_PERCENT = re.compile(r"(?<![\d.])[1-9]\d?\s*(?:%|percent|per cent|प्रतिशत|pratishat)\s+(?:\S+\s+)?(?:bhar|भर|(?:complete|completed|done|"
                           r"finished|filled|ready|ho|hua|hui|pura|poora|khud|हो|हुआ|हुई|पूरा|पूरी|खुद|तैयार)(?![^\s.,!?]))", re.IGNORECASE)


_ONE = frozenset(word for word, count in _COUNT_KEYS.items() if count == 1 and not word.isdigit())  # ek, एक, one
_OTHER = frozenset(spelling(fold(w)) for w in ("dusra", "dusri", "dusre", "doosra", "doosri", "dusari", "other", "दूसरा", "दूसरी", "दूसरे", "दुसरा", "दुसरी"))


@lru_cache(maxsize=4096)
def one_and_other(text: str) -> bool:
    """Say whether an answer tells two things apart and denies one ("ek sim me link h dusri me nhi", "one partner is a woman, one is not")."""
    words = words_of(text)
    ones = sum(word in _ONE for word in words)
    return bool(ones and (ones > 1 or set(words) & _OTHER) and denies(text))


_MAY = frozenset(spelling(fold(w)) for w in ("sakte", "sakta", "sakti", "सकते", "सकता", "सकती", "can", "could", "chalega", "चलेगा"))


def may_i(text: str) -> bool:
    """Say whether a question asks whether something may be done ("ghar ka pata daal sakte hain kya?"), not whether it was done."""
    return doubt_in(text) == "question" and bool(set(words_of(text)) & _MAY)


@lru_cache(maxsize=4096)
def takes(text: str) -> bool:
    """Say whether a question asks for an answer to be taken ("can we talk in hindi?", "furniture wala chalega?") rather than about it."""
    return bool(_found(words_of(text), _cues("doubt"), ("takes",)))


_RELATIVE = frozenset(("who", "vho", "which", "vhich", "whom", "vhom", "whose", "vhose"))  # as spelt: "w" reads as "v"


def _ties_on(words: tuple[str, ...], i: int) -> bool:
    """Say whether the word at i is an English "who" or "which" that ties a clause on: inside one, or after a comma that follows a noun."""
    if words[i] not in _RELATIVE or not i:
        return False
    return words[i - 1] != CLAUSE or i > 1 and words[i - 2] not in _fillers()  # not "ok, which one is better"


_TAG = frozenset(spelling(fold(w)) for w in ("na", "naa", "ना", "न"))


def _tag_question(words: tuple[str, ...]) -> bool:
    """Say whether an answer ends in a verb of the future and "na", which asks for a promise ("nahi maangoge na", "भेजोगे ना")."""
    if len(words) < 2 or words[-1] not in _TAG:
        return False
    verb = words[-2]
    return len(verb) > (4 if verb.isascii() else 3) and verb.endswith(_tenses()[0])


_NUMBER = re.compile(r"\d+(?:\.\d+)?")
_UNITS = {**dict.fromkeys(("hazar", "hazaar", "hajar", "हज़ार", "हजार", "thousand"), 0.0001),
          **dict.fromkeys(("lakh", "lac", "lakhs", "lacs", "laakh", "lk", "lkh", "लाख"), 0.01),
          **dict.fromkeys(("crore", "crores", "cr", "karod", "karor", "karoda", "करोड", "करोड़", "करोड़"), 1.0)}
_UNIT_KEYS = {spelling(fold(k)): v for k, v in _UNITS.items()}
_LESS = frozenset(spelling(fold(w)) for w in ("kam", "neeche", "niche", "below", "less", "under", "कम", "नीचे", "andar", "अंदर", "se kam"))
_MORE = frozenset(spelling(fold(w)) for w in ("upar", "zyada", "jyada", "adhik", "more", "above", "over", "ऊपर", "ज़्यादा", "ज्यादा", "अधिक", "plus"))


_NUMBER_WORDS = {spelling(fold(word)): value for value, words in (
    (1, ("ek", "one", "एक")), (2, ("do", "two", "दो")), (3, ("teen", "tin", "three", "तीन")), (4, ("char", "chaar", "four", "चार")),
    (5, ("paanch", "panch", "five", "पांच", "पाँच")), (6, ("chhe", "chhah", "six", "छह", "छः")), (7, ("saat", "seven", "सात")),
    (8, ("aath", "eight", "आठ")), (9, ("nau", "nine", "नौ")), (10, ("das", "ten", "दस")), (11, ("gyarah", "eleven", "ग्यारह")),
    (12, ("barah", "baarah", "twelve", "बारह")), (13, ("terah", "thirteen", "तेरह")), (14, ("chaudah", "fourteen", "चौदह")),
    (15, ("pandrah", "fifteen", "पंद्रह")), (16, ("solah", "sixteen", "सोलह")), (17, ("satrah", "seventeen", "सत्रह")),
    (18, ("atharah", "eighteen", "अठारह")), (19, ("unnis", "nineteen", "उन्नीस")), (20, ("bees", "twenty", "बीस")),
    (25, ("pachchis", "pachis", "twenty five", "पच्चीस")), (30, ("tees", "thirty", "तीस")), (40, ("chalis", "chaalis", "forty", "चालीस")),
    (50, ("pachas", "pachaas", "fifty", "पचास")), (60, ("saath", "sixty", "साठ")), (70, ("sattar", "seventy", "सत्तर")),
    (75, ("pachattar", "पचहत्तर")), (80, ("assi", "eighty", "अस्सी")), (90, ("nabbe", "ninety", "नब्बे")), (100, ("sau", "hundred", "सौ")),
    (1.5, ("dedh", "dedh", "डेढ़", "डेढ")), (2.5, ("dhai", "dhaai", "ढाई")),
    # The rest of one to a hundred, as said in Hindi ("बाईस लाख", "paintalis lakh")
    (21, ("ikkis", "इक्कीस")), (22, ("bais", "baais", "बाईस")), (23, ("teis", "तेईस")), (24, ("chaubis", "चौबीस")), (26, ("chhabbis", "छब्बीस")),
    (27, ("sattais", "सत्ताईस")), (28, ("atthais", "अट्ठाईस")), (29, ("untis", "उनतीस")), (31, ("iktis", "इकतीस")), (32, ("battis", "बत्तीस")),
    (33, ("taintis", "तैंतीस")), (34, ("chauntis", "चौंतीस")), (35, ("paintis", "पैंतीस")), (36, ("chhattis", "छत्तीस")), (37, ("saintis", "सैंतीस")),
    (38, ("adtis", "अड़तीस")), (39, ("untalis", "उनतालीस")), (41, ("iktalis", "इकतालीस")), (42, ("bayalis", "बयालीस")),
    (43, ("taintalis", "तैंतालीस")), (44, ("chauvalis", "chawalis", "चौवालीस", "चवालीस")), (45, ("paintalis", "पैंतालीस")),
    (46, ("chhiyalis", "छियालीस")), (47, ("saintalis", "सैंतालीस")), (48, ("adtalis", "अड़तालीस")), (49, ("unchas", "उनचास")),
    (51, ("ikyavan", "इक्यावन")), (52, ("bavan", "बावन")), (53, ("tirepan", "तिरेपन")), (54, ("chauvan", "चौवन")), (55, ("pachpan", "पचपन")),
    (56, ("chhappan", "छप्पन")), (57, ("sattavan", "सत्तावन")), (58, ("atthavan", "अट्ठावन")), (59, ("unsath", "उनसठ")), (61, ("iksath", "इकसठ")),
    (62, ("basath", "बासठ")), (63, ("tiresath", "तिरेसठ")), (64, ("chaunsath", "चौंसठ")), (65, ("painsath", "पैंसठ")), (66, ("chhiyasath", "छियासठ")),
    (67, ("sadsath", "सड़सठ")), (68, ("adsath", "अड़सठ")), (69, ("unhattar", "उनहत्तर")), (71, ("ikhattar", "इकहत्तर")), (72, ("bahattar", "बहत्तर")),
    (73, ("tihattar", "तिहत्तर")), (74, ("chauhattar", "चौहत्तर")), (76, ("chhihattar", "छिहत्तर")), (77, ("sathattar", "सतहत्तर")),
    (78, ("athhattar", "अठहत्तर")), (79, ("unyasi", "उन्यासी")), (81, ("ikyasi", "इक्यासी")), (82, ("bayasi", "बयासी")), (83, ("tirasi", "तिरासी")),
    (84, ("chaurasi", "चौरासी")), (85, ("pachasi", "पचासी")), (86, ("chhiyasi", "छियासी")), (87, ("sattasi", "सत्तासी")), (88, ("atthasi", "अट्ठासी")),
    (89, ("navasi", "नवासी")), (91, ("ikyanve", "इक्यानवे")), (92, ("banve", "बानवे")), (93, ("tiranve", "तिरानवे")), (94, ("chauranve", "चौरानवे")),
    (95, ("pachanve", "पचानवे")), (96, ("chhiyanve", "छियानवे")), (97, ("sattanve", "सत्तानवे")), (98, ("atthanve", "अट्ठानवे")),
    (99, ("ninyanve", "निन्यानवे")),
) for word in words}
_PLUS = {spelling(fold(word)): add for word, add in (("sava", 0.25), ("sawa", 0.25), ("सवा", 0.25), ("saadhe", 0.5), ("sadhe", 0.5),
                                                     ("साढ़े", 0.5), ("साढे", 0.5), ("paune", -0.25), ("पौने", -0.25))}
_DIGIT_GROUPS = re.compile(r"(?<=\d),(?=\d)")  # 40,00,000
_UNIT_JOINED = re.compile(r"(?<=\d)(?=[^\W\d_])")  # "80lakh", "2करोड़": a figure typed against its unit
_DECIMAL = re.compile(r"(?<=\d)\.(?=\d)")  # 2.5, kept through fold as 2p5


def _amounts(text: str, *, alone: bool = False) -> list[float]:
    """Return the amounts an answer says, in crore ("ढाई करोड़", "1 करोड़ 20 लाख", "8 se 12 crore" gives two, "40,00,000" in rupees)."""
    tokens = fold(_DECIMAL.sub("p", _DIGIT_GROUPS.sub("", _UNIT_JOINED.sub(" ", to_ascii_digits(text))))).split()
    amounts: list[float] = []
    pending: list[float] = []  # numbers waiting for their unit ("8 to 12 crore")
    plus = 0.0
    joined = False  # the last amount may go on ("1 crore 20 lakh")
    rupees: list[float] = []  # figures with no unit, big enough to be rupees written out
    for token in tokens:
        key = token if token[0].isdigit() else spelling(fold(token))
        if key in _PLUS:
            plus = _PLUS[key]
        elif _FIGURE.fullmatch(token) or key in _NUMBER_WORDS:
            number = float(token.replace("p", ".")) if token[0].isdigit() else _NUMBER_WORDS[key]
            pending.append(number + plus)
            plus = 0.0
        elif key in _HALF and pending:
            pending[-1] += 0.5  # "one and a half crore"
        elif pending and key not in _UNIT_KEYS and key not in _RANGE_WORDS and key not in ("a", "an"):
            # "FY 2024-25, turnover was 6.2 crore": a figure that another word parts from the unit is not an amount in it
            rupees.extend(pending)
            pending = []
        elif key in _UNIT_KEYS and (pending or plus):
            pending = pending or [1 + plus]  # "sava crore" is one and a quarter
            plus = 0.0
            values = [number * _UNIT_KEYS[key] for number in pending]
            if joined and len(values) == 1 and _UNIT_KEYS[key] < 1:
                amounts[-1] += values[0]
            else:
                amounts.extend(values)
            pending, joined = [], _UNIT_KEYS[key] >= 1
            continue
        # "1 crore 20 lakh" goes on; not across other words ("1 crore tak nahi pahunche, 90 lakh ke upar")
        joined = joined and key not in _RANGE_WORDS and bool(_FIGURE.fullmatch(token) or key in _NUMBER_WORDS or key in _PLUS)
    amounts.extend(number / 1e7 for number in rupees + pending if number >= 100_000)  # rupees written out: "40,00,000"
    if alone and not amounts and not rupees and not pending:
        # "crore se upar hai", "lakhon me": a unit alone is one of it, so "above a crore" is asked about and "in lakhs" is under
        amounts = [_UNIT_KEYS[key] for key in (spelling(fold(token)) for token in tokens if not token[0].isdigit()) if key in _UNIT_KEYS][:1]
    return amounts


_PER_YEAR = frozenset(spelling(fold(w)) for w in ("saal", "sal", "salana", "year", "yearly", "annual", "annually", "varshik", "वर्ष", "साल",
                                                  "सालाना", "वार्षिक"))
_PER_MONTH = frozenset(spelling(fold(w)) for w in ("mahine", "mahina", "mahinay", "monthly", "month", "महीने", "महीना", "मासिक", "masik"))
_PER_DAY = frozenset(spelling(fold(w)) for w in ("roz", "rozana", "daily", "day", "din", "रोज़", "रोज", "रोजाना", "प्रतिदिन", "pratidin"))
_HALF = frozenset(spelling(fold(w)) for w in ("half", "aadha", "आधा"))
_FIGURE = re.compile(r"\d+(?:p\d+)?")
_RANGE_WORDS = frozenset(spelling(fold(w)) for w in ("to", "se", "or", "ya", "and", "aur", "between", "से", "या", "और"))


_BANDS = ("under_1cr", "1_10cr", "over_10cr")
_ENGLISH_COMPARED = frozenset(spelling(w) for w in ("below", "less", "under", "more", "above", "over", "plus"))
_THAN = frozenset(spelling(fold(w)) for w in ("se", "sy", "ke", "से", "के"))


def _compared(words: tuple[str, ...], comparing: frozenset[str], *, denied: bool = False, slightly: bool = False) -> bool:
    """Say whether an answer compares its amount with these words (denied: each comparison denied; slightly: only by a little)."""
    # denied: "se upar nahi"; slightly: "1 crore se thoda kam", "slightly above 1 crore"
    # English anywhere, Hindi after "se" ("crore se kam", not "ka kaam"); denied as "se upar nahi gaya" or "not more than"
    degree = _SLIGHTLY if slightly else _DEGREE
    found = [i for i, word in enumerate(words) if word in comparing and not _not_a_bit(words, i) and (
        not slightly and (word in _ENGLISH_COMPARED or i and words[i - 1] in _THAN | _UNIT_KEYS.keys())
        or slightly and word in _ENGLISH_COMPARED and i and words[i - 1] in degree
        or i > 1 and words[i - 1] in degree and words[i - 2] in _THAN | _UNIT_KEYS.keys())]
    if not denied:
        return bool(found)
    return bool(found) and all(set(words[i + 1:i + 3]) & _NOT_SAID or tuple(words[i + 1:i + 3]) in _NA_IS
                               or i and words[i - 1] in _NOT_IN_ENGLISH for i in found)


# "na" right before "is" denies ("2 lakh se jyada na ba"); a "na" after it asks for agreement ("ऊपर है ना")
_NA_IS = frozenset(tuple(spelling(fold(w)) for w in pair.split()) for pair in ("na ba", "na baa", "ना बा", "na hai", "ना है", "na h"))


_SMALLEST = frozenset(spelling(w) for w in ("a", "one", "single", "rupee", "paisa", "penny", "bit", "even"))


def _not_a_bit(words: tuple[str, ...], i: int) -> bool:
    """Say whether a comparison is "not a rupee more": the figure said exactly, no comparison (not "not sure, more than …")."""
    j = i - 1
    while j >= 0 and i - j <= 3 and words[j] in _OR_MORE:
        j -= 1  # "not one rupee more or less": "less" too
    k = j
    while j >= 0 and k - j <= 3 and words[j] in _SMALLEST:
        j -= 1
    return j < k and j >= 0 and words[j] in _NOT_IN_ENGLISH


_OR_MORE = frozenset(spelling(w) for w in ("or", "nor", "more", "less"))


# "nahi" said outright; not "ना", which also asks for agreement ("एक करोड़ से ऊपर है ना"), nor "mat" ("upar hai mat bolna")
_NOT_SAID = frozenset(spelling(fold(w)) for w in ("nahi", "nahin", "nhi", "nai", "नहीं", "नही", "naikhe", "नइखे"))


_DEGREE = frozenset(spelling(fold(w)) for w in ("kaafi", "kafi", "bahut", "काफी", "काफ़ी", "बहुत", "much", "far", "way"))  # not "thoda": a little over 2 crore is about 2
_SLIGHTLY = frozenset(spelling(fold(w)) for w in ("thoda", "thora", "थोड़ा", "थोडा", "slightly", "little", "bit", "tanik", "तनिक"))


_LAST_YEAR = tuple(("last", spelled) for spelled in (_phrase(p) for p in (
    "pichle saal", "pichhle saal", "pichla saal", "pichhla saal", "pichlesal", "पिछले साल", "पिछला साल", "पिछले वर्ष", "last year",
    "previous year", "last financial year", "last fy", "gat varsh", "गत वर्ष", "गत वित्तीय वर्ष")) if spelled)
_AHEAD_YEAR = frozenset(spelling(fold(w)) for w in ("isal", "jaye", "jaaye", "jayega", "hoga", "होगा", "expected", "ummeed", "उम्मीद",
                                                   "shayad", "शायद", "projected", "expect", "expecting"))


# Clauses, and "is saal" / "this year" starting one ("pichlesal 80lakh tha isal do karod"); not the dot of "1.5 cr".
_YEAR_BREAK = re.compile(r"[,;!?\u0964\u0965]|\.(?=\s+\D)|\b(?:aur|and|but|par|pr|lekin|magar)\b|(?=\b(?:is\s*saa?l|isal|this\s+year)\b)|(?=इस साल)",
                         re.IGNORECASE)


def without_this_year(text: str) -> str:
    """Return an answer without its clauses about this year's turnover ("is saal shayad 1.5 cr ho jaye"), which GeM does not ask."""
    parts = [part for part in _YEAR_BREAK.split(text) if part and part.strip()]
    kept = [part for part in parts if not (_THIS_YEAR.match(part) or _tense(words_of(part)) == "future" and not _found(words_of(part), _LAST_YEAR))]
    return " , ".join(kept) if last_year_part(text) is not None and kept else text


_THIS_YEAR = re.compile(r"\s*(?:is\s*saa?l|isal|this\s+year|इस साल)", re.IGNORECASE)


def last_year_part(text: str) -> str | None:
    """Return the part of an answer with last year's figure, when the other parts with a figure only foresee this year's."""
    parts = [part for part in _YEAR_BREAK.split(text) if part and part.strip() and _amounts(part)]
    if len(parts) < 2:
        return None
    gone = [part for part in parts if _found(words_of(part), _LAST_YEAR)]
    ahead = [part for part in parts if part not in gone and (set(words_of(part)) & _AHEAD_YEAR or _tense(words_of(part)) == "future")]
    return gone[0] if len(gone) == 1 and len(gone) + len(ahead) == len(parts) else None


_NOT_REACHED = re.compile(r"(crore|karod|करोड़|lakhs|lakh|lac|lkh|लाख|\bcr)\s+(?:\b(?:tak|तक)\s+)?(?:\b(?:abhi|अभी)\s+)?(?:\b(?:nahi|nhi|nahin|na|नहीं|नही|ना)\s+)(?:pahu|pahun|pohch|pahonch|पहु|पहुं|पहुँ)\w*",
                          re.IGNORECASE)


@lru_cache(maxsize=4096)
def turnover_band(text: str, *, alone: bool = False) -> str | tuple[str, ...] | None:
    """Return the turnover band of an amount said in lakh, crore or rupees (with alone, a unit without a number is one of it)."""
    amounts = _amounts(text, alone=alone)
    if not amounts:
        return None
    if len(amounts) == 1:
        text = _NOT_REACHED.sub(r"\1 se kam ", text)  # "1 cr tak nhi pahucha", "एक करोड़ अभी नहीं पहुँचे": under that figure
    last = last_year_part(text)
    if last is not None:
        return turnover_band(last)  # "pichle saal 80 lakh, is saal dedh karod hoga": the year gone by is what GeM asks
    if sorted(amounts) == [1.0, 10.0]:
        return "1_10cr"  # "between 1 and 10 cr": the middle button's own words
    words = set(words_of(text))
    if words & _PER_YEAR:
        pass  # "pichle saal 2 crore": a year's figure, whatever a month's is said beside it
    elif words & _PER_MONTH:
        amounts = [crore * 12 for crore in amounts]  # "mahine ka 10 lakh" is 1.2 crore a year
    elif words & _PER_DAY:  # "roz ka 20 hazar": a year of 300 to 365 working days
        amounts = [crore * days for crore in amounts for days in (300, 365)]
    typed = words_of(text)
    less, more = _compared(typed, _LESS), _compared(typed, _MORE)
    # "slightly above 1 crore" is just over it, not every band beyond: when that is the answer's one comparison, and not denied
    one_comparison = sum(word in _LESS | _MORE for word in typed) == 1 and not words & (_NEGATION | _NOT_BEFORE)
    slight_less, slight_more = (_compared(typed, _LESS, slightly=True), _compared(typed, _MORE, slightly=True)) if one_comparison else (False, False)
    if slight_less or slight_more:
        less = more = False
    flipped = less != more and _compared(typed, _LESS if less else _MORE, denied=True)
    if flipped:
        less, more = more, less  # "पचास लाख से ऊपर नहीं गया", "not more than 50 lakh": the other side of the figure, itself included
    bands = []
    for crore in amounts:
        band: str | tuple[str, ...] = "under_1cr" if crore < 1 else "1_10cr" if crore < 10 else "over_10cr"
        for edge, below, above in ((1.0, "under_1cr", "1_10cr"), (10.0, "1_10cr", "over_10cr")):
            if abs(crore - edge) < 1e-9:
                band = (below, above) if flipped else below if less and not more else above if more and not less else (below, above)
                if not (less or more) and len(amounts) == 1 and slight_less != slight_more:
                    band = below if slight_less else above  # "1 crore se thoda kam": just under the edge, so the band below it
        if less != more and isinstance(band, str):
            # "more than" or "less than" a figure leaves open every band beyond it: "1 crore se zyada" may be 1–10 or
            # over 10 crore, "5 crore se kam" under 1 or 1–10; "10 crore se upar" and "1 crore se kam" are one band.
            beyond = _BANDS[_BANDS.index(band):] if more else _BANDS[:_BANDS.index(band) + 1]
            band = beyond if len(beyond) > 1 else band
        bands.extend(band if isinstance(band, tuple) else (band,))
    found = tuple(dict.fromkeys(bands))
    return found[0] if len(found) == 1 else found


_CLAUSE_BREAK = re.compile(r"[,;.|]|\b(?:par|pr|lekin|magar|kintu|parantu|bakir|but|and|aur|while|whereas)\b|\s(?:पर|लेकिन|मगर|किंतु|किन्तु|परंतु|परन्तु|बाकिर|और)\s")
# "pehle partnership thi ab …", "abhi maal bechte h baad me service bhi karenge": what is now and what comes later
_TIME_BREAK = re.compile(_CLAUSE_BREAK.pattern + r"|\b(?:ab|now|abhi|currently|baad|bad|later|aage|future|agle|next)\b|\s(?:अब|अभी|बाद|आगे|अगले)\s")


_BOTH_PLACES = tuple(("both", spelled) for spelled in (_phrase(p) for p in (
    "dono jagah", "donon jagah", "दोनों जगह", "both places", "both locations", "dono me dukan", "dono me dukaan", "दोनों में दुकान",
    "dono district", "dono jile", "दोनों जिले", "in both")) if spelled)


@lru_cache(maxsize=1)
def _major_places() -> Cues:
    """Return the words of a place of business but for the minor ones (a crusher, a kiln), which may be a job or a supplier's."""
    minor = _spelled_words("place_of_business", "minor")
    return tuple(cue for cue in _cues("place_of_business") if not set(cue[1]) <= minor)


def business_part(text: str) -> str | None:
    """Return the part of an answer that says where the business is, when it also names where the seller lives ("ghar Unnao, dukan Kanpur")."""
    parts = [part for part in _CLAUSE_BREAK.split(text) if part and part.strip()]
    cues = _cues("place_of_business")
    if len(parts) == 1:  # "rehta hapur me hu factory meerut me h": cut where the second of home and business begins
        typed = text.split()
        kinds = [_found(words_of(word), cues, ("business", "home")) for word in typed]
        marks = [i for i, kind in enumerate(kinds) if kind]
        if len(marks) == 2 and kinds[marks[0]] != kinds[marks[1]]:
            parts = [" ".join(typed[:marks[1]]), " ".join(typed[marks[1]:])]
    if len(parts) < 2 or _found(words_of(text), _BOTH_PLACES):
        return None  # "rampur aur moradabad dono jagah kaam chalta hai": the business is in both
    found = [part for part in parts if _found(words_of(part), cues, ("business",))]
    major = [part for part in found if _found(words_of(part), _major_places(), ("business",))]
    found = major if len(found) > 1 and major else found  # "crusher ki naukri Sonbhadra me, ghar aur dukan Mirzapur me": the shop
    if len(found) > 1:
        # "karkhana bhadohi me hai lekin ghar banaras me hai to karkhana wala hi likh lo bhadohi": two parts of the business
        # that name one district; not "registered office in Lucknow, the tannery at Magarwara"
        found = [part for part in found if not set(words_of(part)) & _tenses()[4]] or found  # "shop Lucknow me thi, ab …": not where it was
        named = {match_district(part).district for part in found} - {None}
        found = [part for part in found if match_district(part).district in named] if len(named) == 1 else []
    return found[0] if found else None


def without_home(text: str) -> str:
    """Return an answer without its clauses that speak only of where the seller lives, when another clause names the business."""
    parts = [part for part in _CLAUSE_BREAK.split(text) if part and part.strip()]
    cues = _cues("place_of_business")
    home = [bool(_found(words_of(part), cues, ("home",))) and not _found(words_of(part), cues, ("business",)) for part in parts]
    business = [bool(_found(words_of(part), cues, ("business",))) for part in parts]
    if not any(home) or not any(business):
        return text  # "gaon Mirzapur post Khutar zila Shahjahanpur": no business named elsewhere
    return " , ".join(part for part, only_home in zip(parts, home) if not only_home)


def without_denied(text: str) -> str:
    """Return an answer without its clauses that deny something ("बाराबंकी नहीं, अयोध्या"), when another clause is left."""
    parts = [part for part in _CLAUSE_BREAK.split(text) if part and part.strip()]
    # not the tag "na" ("Sitapur hai na, Lucknow se 90 km"), and only a clause that names one district
    return _kept(text, parts, [part for part in parts if not (set(words_of(part)) & _DENIAL and match_district(part).district)])


def _kept(text: str, parts: list[str], kept: list[str]) -> str:
    """Return the parts kept, joined, when some but not all were dropped; else the whole text."""
    return " , ".join(kept) if kept and len(kept) < len(parts) else text


def without_denying_parts(text: str) -> str:
    """Return an answer without its parts that deny something ("ghee bechte hain, koi service nahi"), when another part is left."""
    parts = parts_of(text)
    return _kept(text, parts, [part for part in parts if not set(words_of(part)) & (_DENIAL | _NA_ALONE)])


_EVERYTHING = tuple(_phrase(p) for p in ("sab kuch", "sab kuchh", "सब कुछ", "sabkuch", "सबकुछ", "everything"))
_EVERYTHING_FIRST = frozenset(phrase[0] for phrase in _EVERYTHING)
_DENIAL = frozenset(spelling(fold(w)) for w in ("nahi", "nahin", "nhi", "nai", "not", "नहीं", "नही", "नाहीं", "नइखे", "naikhe", "konya", "कोन्या"))


def from_elsewhere(part: str) -> bool:
    """Say whether a part of an answer names a place as where something comes from or whose it is ("maal Tundla se aata", "Firozabad wale ka")."""
    return bool(_found(words_of(part), _cues("place_of_business"), ("elsewhere",)))


_SPOKEN_DIGITS = {spelling(fold(word)): digit for digit, words in (
    ("0", ("zero", "shunya", "sunya", "sifar", "shoonya", "शून्य", "जीरो", "ज़ीरो")), ("1", ("one", "ek", "एक")), ("2", ("two", "do", "दो")),
    ("3", ("three", "teen", "tin", "तीन")), ("4", ("four", "char", "chaar", "चार")), ("5", ("five", "paanch", "panch", "पांच", "पाँच")),
    ("6", ("six", "chhe", "chhah", "che", "chhah", "छह", "छः", "छे")), ("7", ("seven", "saat", "sat", "सात")),
    ("8", ("eight", "aath", "aat", "आठ")), ("9", ("nine", "nau", "नौ")),
) for word in words}
_REPEAT = {spelling(fold(word)): times for word, times in (("double", 2), ("triple", 3), ("डबल", 2), ("ट्रिपल", 3))}


def spoken_number(text: str) -> str | None:
    """Return the digits of a number said as words ("nau aath teen …", "nine eight double three …"), when it is said that way."""
    digits: list[str] = []
    repeat = 1
    for word in fold(text).split():
        key = spelling(word)
        if key in _REPEAT:
            repeat = _REPEAT[key]
        elif key in _SPOKEN_DIGITS or word.isdigit():
            digits.append((_SPOKEN_DIGITS.get(key) or word) * repeat)
            repeat = 1
    number = "".join(digits)
    return number if len(number) >= 10 else None
