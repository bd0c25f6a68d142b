"""Recognise Uttar Pradesh districts typed in English, Hindi or Hindi in Latin letters."""

# The district table is read once at import from the packaged `data/up_districts.csv`. Matching
# tries, in order: exact names and aliases in either script (plus the Hindi names transliterated);
# a phonetic key that ignores vowel spellings, aspiration and doubled letters (Hindi names are
# transliterated to Latin with a simple schwa-deletion rule first); then fuzzy scores, which yield
# buttons to offer, and a decision only for a clear, close winner.

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass
from importlib import resources

from indic_transliteration import sanscript
from rapidfuzz import fuzz, process

from bot.engine.validators import fold

__all__ = ["DISTRICTS", "District", "DistrictMatch", "by_code", "match_district"]


@dataclass(frozen=True, slots=True)
class District:
    """Describe one UP district by its LGD code and names."""

    lgd_code: int
    name_en: str
    name_hi: str


@dataclass(frozen=True, slots=True)
class DistrictMatch:
    """Hold a confident district, or else the closest candidates to offer (possibly none), and the town it was known by."""

    district: District | None
    candidates: tuple[District, ...] = ()
    town: str = ""  # "Sardhana" when the answer named a town, not its district (Meerut)


# Words people wrap around a district name: "mera jila Agra hai", "मैं आगरा से हूँ".
_STOPWORDS = frozenset(
    fold(w)
    for w in """
    mera meri mere mujhe main mai mein me hum ham hamara hamari hamare apna apni se ka ki ke ko
    hai hain hoon hun hu hoo tha thi the rehta rahta rehte rahte rehti rahti wala wale wali vala
    vale jila jilla zila zilla janpad district dist distt city shahar sheher shehar gaon gav
    i am im from my is the in at of live living stay near ji sir up u p uttar pradesh
    name naam mandal division tehsil block aur or ya bhi par pe kar karta karte karti raha rahe
    rahi kaam kam business dukan dukaan shop factory firm company ek do
    मेरा मेरी मेरे मुझे मैं में हम हमारा हमारी से का की के को है हैं हूं हूँ हु था थी रहता
    रहती रहते वाला वाले वाली जिला ज़िला जनपद शहर गांव गाँव उत्तर प्रदेश यूपी नाम जी और या भी
    पर कर करता करते रहा रहे काम दुकान
    """.split()
)
# Words for a part of a town ("Aminabad market", "बड़ा बाज़ार"): they sound like district names to a fuzzy guess ("market"
# like Meerut, "बाजार" like Bijnor) but never are one. An exact name or town that holds them is still found.
_PLACE_WORDS = frozenset(
    fold(w)
    for w in """
    market markets bazar bazaar bajar baazar bazzar mandi chowk chauk chauraha chaurahe mohalla muhalla colony road marg gali
    area ilaka ilaqa crossing station
    बाजार बाज़ार मंडी चौक चौराहा चौराहे मोहल्ला मुहल्ला कॉलोनी कालोनी रोड मार्ग गली इलाका इलाक़ा स्टेशन
    """.split()
)
# Trailing words that several names share; the name without them is an ambiguous short form.
_GENERIC_TAILS = frozenset({"nagar", "dehat", fold("नगर"), fold("देहात")})

_CONFIDENT_FUZZY = 88.0
_CONFIDENT_MARGIN = 6.0
_CANDIDATE_BEST = 75.0
_CANDIDATE_FLOOR = 65.0
_MAX_CANDIDATES = 3
_PREFIX_SCORE = 82.0  # "azam", "firoz", "muzaffar": the start of exactly one name earns a button
_MIN_PREFIX = 4
# Short phonetic keys ("kara" for Kheri) also fit everyday words ("karo"), so they count only
# when the whole message is one word; inside sentences a key needs more letters.
_MIN_PHONETIC_KEY_ALONE = 5
_MIN_PHONETIC_KEY_IN_SENTENCE = 6
_MAX_NGRAM = 4
_MAX_TOKENS = 20  # a district answer is short; cap the work on pasted paragraphs
_MIN_FUZZY_QUERY = 4
_MAX_FUZZY_TOKENS = 6
_MIN_FUZZY_PHONETIC_CHOICE = 5  # "ana" (Unnao), "kara" (Kheri) are near everything


# --------------------------------------------------------------------------- keys

_DEVANAGARI = re.compile("[\u0900-\u097f]")
_CONSONANTS = frozenset(chr(c) for c in range(0x0915, 0x093A))
_VOWEL_SIGNS = frozenset(chr(c) for c in range(0x093E, 0x094D)) | {"\u0962", "\u0963"}
_MODIFIERS = frozenset("\u0901\u0902\u0903")
_VOWEL_MARKS = _MODIFIERS | _VOWEL_SIGNS
_VIRAMA = "\u094d"
_SEMIVOWELS = frozenset("\u092f\u0930\u0932\u0935")  # य र ल व
_IAST_TO_ASCII = str.maketrans(
    {"ṃ": "n", "ṁ": "n", "ṅ": "n", "ñ": "n", "ṇ": "n", "ś": "sh", "ṣ": "sh", "ṛ": "ri", "ḥ": "h"}
)
_PHONETIC_SUBS = (
    ("ck", "k"), ("q", "k"), ("x", "ks"), ("ph", "f"), ("w", "v"), ("z", "j"),
    ("mb", "nb"), ("mp", "np"),
)
# Town-name endings that start a new word for schwa deletion: कानपुर is kān+pur, not kānpur→kānapur.
_COMPOUND_TAILS = tuple(fold(w) for w in ("नगर", "पुरी", "पुर", "बाद", "गंज"))
# ड़ and ढ़ are flapped, written r/rh in Latin (अलीगढ़ → Aligarh); folding would lose the nukta.
_FLAPS = str.maketrans({"\u095c": "\u0930", "\u095d": "\u0930"})
_ASPIRATE = re.compile(r"([bcdfgjklmnprstv])h")
_IY = re.compile(r"iy(?=[aeiou])")
_Y_BETWEEN_VOWELS = re.compile(r"(?<=[aeiou])y(?=[aeiou])")
_Y_AS_VOWEL = re.compile(r"y(?![aeiou])")
_V_AS_VOWEL = re.compile(r"(?<=[aeiou])v(?![aeiou])")
_VOWELS = re.compile(r"[aeiou]+")
_DOUBLE = re.compile(r"(.)\1+")


def _plain_key(text: str) -> str:
    """Return folded text without spaces, the key for exact lookups in either script."""
    return fold(text).replace(" ", "")


def _delete_schwas(word: str) -> str:
    """Return a folded Devanagari word with a virama where Hindi drops the inherent 'a'."""
    units: list[list] = []  # [text, is_consonant, has_vowel, bare_schwa]
    i = 0
    while i < len(word):
        ch = word[i]
        j = i + 1
        if ch in _CONSONANTS:
            kind = "a"
            if j < len(word) and word[j] == _VIRAMA:
                kind, j = "none", j + 1
            elif j < len(word) and word[j] in _VOWEL_SIGNS:
                kind, j = "sign", j + 1
            start_mods = j
            while j < len(word) and word[j] in _MODIFIERS:
                j += 1
            bare = kind == "a" and j == start_mods
            units.append([word[i:j], True, kind != "none", bare])
        else:
            while j < len(word) and word[j] in _VOWEL_MARKS:
                j += 1
            units.append([word[i:j], False, True, False])
        i = j
    last = len(units) - 1
    for k in range(last, -1, -1):
        text, _, _, bare = units[k]
        if not bare:
            continue
        if k == last:
            # A final conjunct ending in r/y/l/v keeps its vowel: भद्र → bhadra, but सिद्धार्थ → siddharth.
            drop = k > 0 and (units[k - 1][2] or text[0] not in _SEMIVOWELS)
        else:
            nxt = units[k + 1]
            drop = k > 0 and units[k - 1][2] and nxt[1] and nxt[2]
        if drop:
            units[k][0] = text + _VIRAMA
            units[k][2] = False
    return "".join(u[0] for u in units)


def _split_compound(word: str) -> list[str]:
    """Split a town-name ending (पुर, नगर, बाद, गंज) off a Devanagari word."""
    for suffix in _COMPOUND_TAILS:
        if word.endswith(suffix) and len(word) > len(suffix) + 1:
            return [word[: -len(suffix)], suffix]
    return [word]


def _to_latin(folded: str, *, compounds: bool = True) -> str:
    """Return folded Devanagari text transliterated to plain ASCII Latin, as Hindi is spoken (town names' endings split off if `compounds`)."""
    words = [_delete_schwas(part) for w in folded.split() for part in (_split_compound(w) if compounds else [w])]
    iast = sanscript.transliterate(" ".join(words), sanscript.DEVANAGARI, sanscript.IAST)
    iast = iast.replace("jñ", "gy").translate(_IAST_TO_ASCII)
    decomposed = unicodedata.normalize("NFKD", iast)
    return "".join(ch for ch in decomposed if ch.isascii())


def in_devanagari(text: str) -> bool:
    """Say whether a text holds Devanagari letters."""
    return bool(_DEVANAGARI.search(text))


def spoken_in_latin(text: str) -> str:
    """Return an answer with its Devanagari words written in Latin letters as they are spoken ("सामान डाल दिया": "saman dal diya")."""
    return " ".join(_to_latin(fold(token), compounds=False) if in_devanagari(token) else token for token in text.split())


def _phonetic_key(text: str) -> str:
    """Return a spelling-tolerant Latin key: aspirates, vowel runs and doubled letters collapsed."""
    if _DEVANAGARI.search(text):
        flapped = unicodedata.normalize("NFD", text).replace("\u0921\u093c", "\u095c")
        flapped = flapped.replace("\u0922\u093c", "\u095d").translate(_FLAPS)
        return _latin_key(_to_latin(fold(flapped)))
    return _latin_key(fold(text))


def _letters_folded(latin: str, spellings: tuple[tuple[str, str], ...]) -> str:
    """Return Latin text's letters with each of these spellings made one ("ph" is "f", "w" is "v") and aspirates dropped."""
    key = re.sub(r"[^a-z]", "", latin.lower())
    for old, new in spellings:
        key = key.replace(old, new)
    return _ASPIRATE.sub(r"\1", key)


def _latin_key(latin: str) -> str:
    """Return the phonetic key of text already in Latin letters."""
    key = _IY.sub("i", _letters_folded(latin, _PHONETIC_SUBS))
    key = _Y_BETWEEN_VOWELS.sub("", key)
    key = _Y_AS_VOWEL.sub("i", key)
    key = _V_AS_VOWEL.sub("o", key)
    key = key.removesuffix("h")
    key = _VOWELS.sub("a", key)
    return _DOUBLE.sub(r"\1", key)


# --------------------------------------------------------------------------- data

def _load() -> tuple[tuple[District, ...], dict[int, tuple[str, ...]]]:
    """Read the packaged CSV into districts and their aliases by LGD code."""
    raw = resources.files("bot.engine").joinpath("data/up_districts.csv").read_text("utf-8")
    districts, aliases = [], {}
    for row in csv.DictReader(io.StringIO(raw)):
        district = District(int(row["lgd_code"]), row["name_en"].strip(), row["name_hi"].strip())
        districts.append(district)
        aliases[district.lgd_code] = tuple(a.strip() for a in row["aliases"].split("|") if a.strip())
    return tuple(districts), aliases


DISTRICTS, _ALIASES = _load()
_BY_CODE = {d.lgd_code: d for d in DISTRICTS}


def by_code(lgd_code: int) -> District | None:
    """Return the district with this LGD code, or None."""
    return _BY_CODE.get(lgd_code)


def names_of(district: District) -> tuple[str, ...]:
    """Return every name of a district: English, Hindi and aliases."""
    return (district.name_en, district.name_hi, *_ALIASES[district.lgd_code])


def _holds_a_name(town: str, district: District | None) -> bool:
    """Say whether a town's name holds a name of the district otherwise read ("Fatehpur Sikri" holds "Fatehpur")."""
    # "chandauli, mughalsarai wala, ab deen dayal nagar": Aligarh's "Dayal Nagar" holds no name of Chandauli, which is kept
    if district is None:
        return True
    key = _town_key(fold(town).replace(" ", ""))
    names = ("".join(_to_latin(w) if _DEVANAGARI.search(w) else w for w in fold(name).split()) for name in names_of(district))
    return any(len(name) >= _MIN_TOWN_KEY and name in key for name in map(_town_key, names))


def _add(index: dict[str, list[District]], key: str, district: District) -> None:
    """Add district under key once, keeping first-added districts first."""
    if key and district not in index.setdefault(key, []):
        index[key].append(district)


def _build_indexes():
    """Build the exact and phonetic lookups and the fuzzy choice lists."""
    exact: dict[str, list[District]] = {}
    phonetic: dict[str, list[District]] = {}
    for district in DISTRICTS:
        for name in names_of(district):
            _add(exact, _plain_key(name), district)
            _add(phonetic, _phonetic_key(name), district)
            if _DEVANAGARI.search(name):  # बलिया → "baliya", as people type it in Latin letters
                latin = _to_latin(fold(name))
                _add(exact, _plain_key(latin), district)
                _add(phonetic, _phonetic_key(latin), district)  # आज़मगढ़ read without nukta
    # Short forms ("kanpur" for Kanpur Nagar and Kanpur Dehat) go after full names and aliases.
    for district in DISTRICTS:
        for name in names_of(district):
            words = fold(name).split()
            if len(words) > 1 and words[-1] in _GENERIC_TAILS:
                _add(exact, "".join(words[:-1]), district)
                _add(phonetic, _phonetic_key(" ".join(words[:-1])), district)
    plain_choices, phonetic_choices = [], []
    for key, owners in exact.items():
        plain_choices += [(key, d) for d in owners]
    for key, owners in phonetic.items():
        if len(key) >= _MIN_FUZZY_PHONETIC_CHOICE:
            phonetic_choices += [(key, d) for d in owners]
    return (
        {k: tuple(v) for k, v in exact.items()},
        {k: tuple(v) for k, v in phonetic.items() if len(k) >= _MIN_PHONETIC_KEY_ALONE},
        plain_choices,
        phonetic_choices,
    )


_EXACT, _PHONETIC, _PLAIN_CHOICES, _PHONETIC_CHOICES = _build_indexes()
_PLAIN_KEYS = [k for k, _ in _PLAIN_CHOICES]
_PHONETIC_KEYS = [k for k, _ in _PHONETIC_CHOICES]


# --------------------------------------------------------------------------- matching

class _LazyLatin:
    """Transliterate the tokens of one message to Latin on first use, each at most once."""

    __slots__ = ("_tokens", "_latin")

    def __init__(self, tokens: list[str]) -> None:
        self._tokens = tokens
        self._latin: dict[int, str] = {}

    def join(self, start: int, stop: int) -> str:
        """Return tokens[start:stop] in Latin letters, joined without spaces."""
        parts = []
        for i in range(start, stop):
            if i not in self._latin:
                token = self._tokens[i]
                self._latin[i] = _to_latin(token) if _DEVANAGARI.search(token) else token
            parts.append(self._latin[i])
        return "".join(parts)


# Not "mp" as "np", which the fuzzy key allows: Dhampur and Danpur are two towns.
_TOWN_SPELLINGS = (("ph", "f"), ("w", "v"), ("z", "j"), ("q", "k"), ("ee", "i"), ("oo", "u"), ("ck", "k"))


def _town_key(latin: str) -> str:
    """Return a town's name in Latin letters as a key: spellings and aspirates folded, vowels kept ("Pilkhuwa": "pilkuva")."""
    return _DOUBLE.sub(r"\1", _letters_folded(latin, _TOWN_SPELLINGS))


def _skeleton(key: str) -> str:
    """Return a key's consonants: Hindi spelt by ear drops or adds vowels ("सरधना" comes out "saradhna")."""
    return re.sub(r"[aeiouy]", "", key)


def _load_towns() -> tuple[dict[str, tuple[str, tuple[District, ...]]], dict[str, tuple[str, tuple[District, ...]]]]:
    """Read the packaged town list into lookups by key and by its consonants: the town's name and its districts."""
    raw = resources.files("bot.engine").joinpath("data/up_towns.csv").read_text("utf-8")
    by_key: dict[str, tuple[str, tuple[District, ...]]] = {}
    by_skeleton: dict[str, list[tuple[str, tuple[District, ...]]]] = {}
    for row in csv.DictReader(line for line in io.StringIO(raw) if not line.startswith("#")):
        key = _town_key(fold(row["town"]))
        if len(key) < _MIN_TOWN_KEY:
            continue  # too short to tell from everyday words (bot/towns.py leaves out districts' own names)
        found = tuple(_BY_CODE[int(code)] for code in row["lgd_codes"].split("|"))
        _, before = by_key.get(key, ("", ()))
        by_key[key] = (row["town"], tuple(dict.fromkeys((*before, *found))))
        by_skeleton.setdefault(_skeleton(key), []).append(by_key[key])
    # A skeleton two towns share says neither.
    return by_key, {k: v[0] for k, v in by_skeleton.items() if len(v) == 1 and len(k) >= _MIN_TOWN_SKELETON}


_MIN_TOWN_KEY = 5  # "naini" is "nan" as a key: too short to tell from everyday words
_MIN_TOWN_SKELETON = 4
_TOWNS, _TOWN_SKELETONS = _load_towns()


def _by_town(tokens: list[str], latin: _LazyLatin, *, longest: bool = False) -> DistrictMatch:
    """Return the district of the one town an answer names ("sardhana tehsil"), its districts to ask between, or nothing."""
    found: dict[str, tuple[District, ...]] = {}
    covered: set[int] = set()
    for start, n, _ in _ngrams(tokens, 2):  # two words first: "Modi Nagar" is not also a town called "Nagar"
        if longest and n < 2 or covered & {start, start + n - 1}:
            continue  # with longest, only names of two words, which may hold a district's name ("Fatehpur Sikri")
        key = _town_key(latin.join(start, start + n))
        hit = _TOWNS.get(key)
        if not hit and n == 1 and _DEVANAGARI.search(tokens[start]):
            hit = _TOWN_SKELETONS.get(_skeleton(key))  # Devanagari read by ear: "सरधना" comes out "saradhna"
        if hit:
            found.setdefault(*hit)
            covered |= {start, start + n - 1}
    if len(found) != 1:
        return DistrictMatch(None, ())  # none, or two towns: not a guess
    (town, districts), = found.items()
    if len(districts) == 1:
        return DistrictMatch(districts[0], (), town)
    return DistrictMatch(None, districts, town) if len(districts) <= _MAX_CANDIDATES else DistrictMatch(None, ())


def names_a_district(text: str) -> bool:
    """Say whether text is, word for word, the name of a district or one of its other names ("Lucknow", "Banaras", "कानपुर देहात")."""
    words = fold(text).split()
    return bool(words) and "".join(words) in _EXACT


def _tokens(text: str) -> list[str]:
    """Return the folded words of text without filler words and numbers."""
    words = [w for w in fold(text).split() if w not in _STOPWORDS and not w.isdigit()]
    return words[:_MAX_TOKENS]


def _ngrams(tokens: list[str], max_n: int):
    """Yield (start, length, words) for every run of up to max_n words, longest first."""
    for n in range(min(max_n, len(tokens)), 0, -1):
        for i in range(len(tokens) - n + 1):
            yield i, n, tokens[i : i + n]


def _spans(tokens: list[str], latin: _LazyLatin, min_phonetic: int) -> list[tuple[int, int, tuple[District, ...]]]:
    """Return where non-overlapping n-grams name districts (start, end, owners), longest n-grams first."""
    covered = [False] * len(tokens)
    spans = []
    for i, n, gram in _ngrams(tokens, _MAX_NGRAM):
        if any(covered[i : i + n]):
            continue
        owners = _lookup(gram, i, latin, min_phonetic)
        if owners:
            spans.append((i, i + n, owners))
            covered[i : i + n] = [True] * n
    return spans


def _roads(tokens: list[str], spans: list[tuple[int, int, tuple[District, ...]]]) -> set[int]:
    """Return the starts of the names that name a road ("sultanpur road", each name of "Bulandshahr Aligarh road")."""
    roads = {i for i, end, _ in spans if tokens[end : end + 1] and tokens[end] in _ROADS}
    while more := {i for i, end, _ in spans if i not in roads and end in roads}:
        roads |= more
    return roads


def _scan(tokens: list[str], latin: _LazyLatin, min_phonetic: int, *, roads_apart: bool = True) -> list[tuple[District, ...]]:
    """Return the districts named, a road named after one only when nothing else is named ("sultanpur road lucknow" is Lucknow)."""
    spans = _spans(tokens, latin, min_phonetic)
    if roads_apart:
        roads = _roads(tokens, spans)
        found = [owners for i, _, owners in spans if i not in roads]
        if found:
            return found
    return [owners for _, _, owners in spans]


def names_only_a_road(text: str) -> bool:
    """Say whether the only districts an answer names are in a road's name ("gorakhpur road pe dukan hai")."""
    tokens = _tokens(text)
    spans = _spans(tokens, _LazyLatin(tokens), _MIN_PHONETIC_KEY_IN_SENTENCE)
    return bool(spans) and {i for i, _, _ in spans} <= _roads(tokens, spans)


_RELATIVE = re.compile(r"\b(?:se|ke paas|ke pass|side|nahi|nahin|nhi|pehle|pahle|near|from|km|shift)\b|से|के पास|नहीं|पहले|तरफ", re.IGNORECASE)
_ROADS = frozenset(fold(w) for w in ("road", "rd", "marg", "रोड", "मार्ग"))  # not a highway, which runs through many districts


def _decide(found: list[tuple[District, ...]]) -> DistrictMatch | None:
    """Turn exact hits into a match: one district is confident, several are candidates."""
    if not found:
        return None
    merged = tuple(dict.fromkeys(d for owners in found for d in owners))
    if len(merged) == 1:
        return DistrictMatch(merged[0], ())
    common = set(found[0]).intersection(*found[1:])
    if len(common) == 1:  # "kanpur dehat ke akbarpur me": the one district every name given belongs to
        return DistrictMatch(common.pop(), ())
    return DistrictMatch(None, merged[:_MAX_CANDIDATES])


def _lookup(
    gram: list[str], start: int, latin: _LazyLatin, min_phonetic: int
) -> tuple[District, ...] | None:
    """Return the districts a name, alias or phonetic key of this n-gram names exactly."""
    owners = _EXACT.get("".join(gram))
    if owners is None:
        key = _latin_key(latin.join(start, start + len(gram)))
        owners = _PHONETIC.get(key) if len(key) >= min_phonetic else None
    return owners


def _fuzzy_scores(tokens: list[str], latin: _LazyLatin, min_phonetic: int) -> dict[District, float]:
    """Return each district's best fuzzy score (0–100) over the n-grams of tokens."""
    scores: dict[District, float] = {}
    for i, n, gram in _ngrams(tokens, 3):
        plain = "".join(gram)
        if len(plain) < _MIN_FUZZY_QUERY or _PLACE_WORDS.intersection(gram):
            continue
        if n == 1 and len(plain) >= _MIN_PREFIX:
            starts = {d for key, d in _PLAIN_CHOICES if key.startswith(plain)}
            if len(starts) == 1:
                district = starts.pop()
                scores[district] = max(scores.get(district, 0.0), _PREFIX_SCORE)
        queries = [(plain, _PLAIN_KEYS, _PLAIN_CHOICES)]
        phonetic = _latin_key(latin.join(i, i + n))
        # Phonetic keys of word runs inside a sentence ("kar raha") sound like too many names.
        if len(phonetic) >= min_phonetic and n in (1, len(tokens)):
            queries.append((phonetic, _PHONETIC_KEYS, _PHONETIC_CHOICES))
        for query, keys, choices in queries:
            for _, score, index in process.extract(
                query, keys, scorer=fuzz.ratio, limit=12, score_cutoff=_CANDIDATE_FLOOR
            ):
                district = choices[index][1]
                if score > scores.get(district, 0.0):
                    scores[district] = score
    return scores


_MARKERS = frozenset(fold(w) for w in "jila jilla zila zilla janpad district distt dist जिला ज़िला जनपद".split())
_CLAUSE_WORDS = frozenset((",", *(fold(w) for w in "par lekin magar but ab aur पर लेकिन मगर अब और".split())))
_ELSEWHERE = frozenset(fold(w) for w in (
    "nahi nahin nhi nai nhin naahi not नहीं नही नाहीं नइखे pehle पहले earlier formerly previously tha thi था थी was "  # denied, or once
    "udyog उद्योग industries industry kendra केंद्र dic").split())  # the district industries centre
_BESIDE = frozenset(fold(w) for w in "bagal बगल border बॉर्डर paas pass पास near nearby sata सटा adjacent".split())


def marked_district(text: str) -> District | None:
    """Return the one district named right beside "zila" or "district" ("mill fatehpur tehsil me, zila barabanki"), else None."""
    words = [word for chunk in re.split(r"[,;.()|]", text) for word in (*fold(chunk).split(), ",")]  # fold drops the commas
    found = set()
    for i, word in enumerate(words):
        if word in _MARKERS and not _elsewhere(words, i):
            for part in (words[i + 1:i + 3], words[i + 1:i + 2], words[max(0, i - 2):i], words[i - 1:i] if i else []):
                if part and "," not in part and names_a_district(" ".join(part)):  # a name as written, not a guess at one
                    found.add(match_district(" ".join(part)).district)
    return found.pop() if len(found) == 1 else None


def _elsewhere(words: list[str], i: int) -> bool:
    """Say whether the clause around a "zila" at i speaks of a district that is not where the business is now."""
    start = max((k + 1 for k in range(i) if words[k] in _CLAUSE_WORDS), default=0)
    end = next((k for k in range(i + 1, len(words)) if words[k] in _CLAUSE_WORDS), len(words))
    if _ELSEWHERE.intersection(words[start:end]):
        return True  # "Lucknow district me nahi", "pehle Sultanpur zila", "लखनऊ जिला उद्योग केंद्र"
    # "Gonda district ke bagal me": beside the district named, not in it; not "bus stand ke paas zila Barabanki" (the
    # place is beside something in the district) nor "Barabanki district near Lucknow" (the other district is the one beside)
    beside = next((k for k in range(i + 1, min(end, i + 4)) if words[k] in _BESIDE), None)
    return beside is not None and not any(names_a_district(word) for word in words[beside + 1:end])


def match_district(text: str) -> DistrictMatch:
    """Return the district named in text, or the closest candidates when unsure (empty if none)."""
    tokens = _tokens(text)
    if not tokens:
        return DistrictMatch(None, ())
    latin = _LazyLatin(tokens)
    min_phonetic = (
        _MIN_PHONETIC_KEY_ALONE if len(tokens) == 1 else _MIN_PHONETIC_KEY_IN_SENTENCE
    )
    # "sultanpur road lucknow": the road's district set apart; not when the other is said as near, away or before ("kanpur road,
    # lucknow se 20 km pehle", "bareilly road pe, pilibhit wale side")
    decided = _decide(_scan(tokens, latin, min_phonetic, roads_apart=not _RELATIVE.search(text)))
    if decided is not None:
        longer = _by_town(tokens, latin, longest=True)  # "फतेहपुर सीकरी": a town whose name holds a district's is that town
        if (longer.district or longer.candidates) and _holds_a_name(longer.town, decided.district):
            return longer
        return decided
    town = _by_town(tokens, latin)  # "sardhana tehsil": a town with a post office, before any guess at a district's spelling
    if town.district or town.candidates or len(tokens) > _MAX_FUZZY_TOKENS:  # a long message without a name: no guesses
        return town
    scores = _fuzzy_scores(tokens, latin, min_phonetic)
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0].name_en))
    if not ranked or ranked[0][1] < _CANDIDATE_BEST:
        return DistrictMatch(None, ())
    best_score = ranked[0][1]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    if best_score >= _CONFIDENT_FUZZY and best_score - runner_up >= _CONFIDENT_MARGIN:
        return DistrictMatch(ranked[0][0], ())
    return DistrictMatch(None, tuple(d for d, _ in ranked[:_MAX_CANDIDATES]))
