"""Take the name out of an answer typed as a sentence: "mera naam Ramesh Kumar hai" → "Ramesh Kumar"."""

# The words around names are data (data/name_frames.toml), in Hindi, Hinglish and English side by side. The name
# is the longest run of words that are not frame words, after a father's or husband's name and the places are taken
# off; when two runs are equally long, no name is taken and the seller is asked for just the name.

from __future__ import annotations

import re
from functools import lru_cache
import tomllib
from typing import NamedTuple
from importlib import resources

from bot.engine.districts import names_a_district
from bot.engine.understanding import command_in, doubt_in, people, spaced, spelling
from bot.engine.validators import fold

_FRAMES = tomllib.loads(resources.files("bot.engine").joinpath("data/name_frames.toml").read_text("utf-8"))
_KINDS = ("person", "business")
# Quotes around a business name mark it out: "काम हम "सरस्वती सिलाई सेंटर" के नाम से करते हैं".
_SEGMENTS = re.compile(r"([,;|\n]|\s[-–—]\s|:\s?)")
# Quotes around a name, double or single (a single one only at a word's edge: "Ram's" is no quote).
_QUOTED = re.compile("[\"\u201c\u201d\u00ab\u00bb](.+?)[\"\u201c\u201d\u00ab\u00bb]|(?:^|(?<=\\s))['\u2018](.+?)['\u2019](?=\\s|$|[.,!?\u0964])")
_SPOKEN_MARKS = re.compile(r"\b(?:full ?stop|comma|purn viram)\b|फुल ?स्टॉप|कॉमा|कौमा|पूर्ण ?विराम|अल्प ?विराम", re.IGNORECASE)  # punctuation said aloud to voice typing
# "mera naam daal do Salim Ansari", "naam badal ke Kanpur Leather Exports kar diya": words of putting or changing a name, not one
_PUT = re.compile(r"\b((?i:naam|nam|name))\s+(?i:daal|dal)\s+(?i:do|dijiye|dijie|dena)\b|(नाम)\s+डाल\s+(?:दो|दीजिए|दीजिये|देना)")
_CHANGED = re.compile(r"\b((?i:naam|nam|name))\s+badal\s*(?:ke|kar|kr)\b|(नाम)\s+बदल\s*(?:के|कर)")  # not "name Badal ke pita ka nahi"
_PARENTHESES = re.compile(r"\(([^()]*)\)")
_OF_A_PLACE = re.compile(r"\b(?:wale|wala|wali|vale|vala)\b|वाले|वाला|वाली", re.IGNORECASE)  # "Jaunpur wale": of that place
_ABBREVIATIONS = frozenset(("pvt", "ltd", "co", "bros", "corp", "inc", "mfg", "ind", "mohd", "md"))
_EDGE = " \t,;:.-–—|/\"'()[]!?*_~"


@lru_cache(maxsize=16384)
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
# The cut phrases by the word they may begin with: their first word, or all their words typed as one ("s/o" as "so").
_CUT_GLUED: dict[str, dict[str, tuple[tuple[tuple[str, ...], str], ...]]] = {
    kind: {start: tuple((phrase, "".join(phrase)) for phrase in _CUT[kind] if start in (phrase[0], "".join(phrase)))
           for start in {word for phrase in _CUT[kind] for word in (phrase[0], "".join(phrase))}}
    for kind in _KINDS}
_SENTENCE = _keys(_FRAMES["sentence"]["both"])
_NAMED = frozenset(_key(w) for w in ("naam", "name", "नाम", "is", "called", "kehte", "कहते"))
_INTRO = frozenset(_key(w) for w in ("am", "im", "myself", "main", "mai", "मैं", "hum", "हम"))
_BY = frozenset(_key(w) for w in ("se", "से", "ke", "के"))  # "… naam se": the name came before
_REAL = frozenset(_key(w) for w in ("asli", "असली", "real", "actual", "poora", "pura", "पूरा", "full"))
_AND = frozenset(_key(w) for w in ("aur", "and", "और", "evam", "एवं"))
_OWNER = frozenset(_key(w) for w in ("proprietor", "prop", "owner", "malik", "मालिक", "प्रोप्राइटर", "प्रोपराइटर", "partner", "पार्टनर", "director",
                                     # the kind of firm in brackets: "Bansal & Tyagi Engg Works (partnership)"
                                     "partnership", "proprietorship", "llp", "huf", "पार्टनरशिप", "साझेदारी", "प्रोप्राइटरशिप"))


@lru_cache(maxsize=16384)
def _word(raw: str) -> str:
    """Return a typed word without the punctuation around it, keeping the dots of initials ("R.K.")."""
    word = raw.strip(_EDGE)
    if raw.rstrip().endswith(".") and ("." in word and word.replace(".", "").isalpha() or len(word) == 1 and word.isalpha()
                                       or word.casefold() in _ABBREVIATIONS):
        word += "."  # "R.K.", "Pvt. Ltd."
    return "".join(ch for ch in word if ch.isalnum() or ch in ".&'-\u0900\u0901\u0902\u0903\u093c\u094d" or "\u093e" <= ch <= "\u094c")


def _cut_relations(words: list[str], kind: str) -> list[str]:
    """Return the words before "s/o", "पुत्र", "wife of" and the like."""
    keys = [_key(w) for w in words]
    for i in range(len(words)):
        for phrase, glued in _CUT_GLUED[kind].get(keys[i], ()):
            # "s/o" typed as "so" cuts only after a name ("Ram Kumar so Shyam Lal"), not as the English "so" ("ok so Arvind Pal")
            if (keys[i] == glued and (len(phrase) == 1 or i > 0 and keys[i - 1] not in _FRAME[kind])
                    or tuple(keys[i:i + len(phrase)]) == phrase):
                return words[:i]
    return words


class _Run(NamedTuple):
    """Hold a run of name words and what stood before it."""

    words: list[str]
    introduced: int  # 2 after "naam"/"name", 1 after "main"/"I am"/"myself", 0 otherwise (and after "the firm's name" at a person)
    apart: bool  # after a comma, a dash, or "from"
    segment: int  # which comma-separated part of the answer it is in
    after_and: bool  # right after "aur"/"and": a second person
    firm: bool = False  # named as the firm's at a question for a person's name ("dukan ka naam …")


def _runs(text: str, kind: str) -> list[_Run]:
    """Return the runs of words an answer holds that are not frame words, with what stood before each."""
    runs: list[_Run] = []
    parts = _SEGMENTS.split(text)
    for segment_number, segment in enumerate(parts[::2]):
        words = [w for w in (_word(raw) for raw in _cut_relations(segment.split(), kind)) if w]
        current: list[str] = []
        labelled = segment_number > 0 and parts[2 * segment_number - 1].strip() in (":", "-", "–", "—")  # "firm: …", "naam - …"
        gap: list[str] = [_key("naam")] if labelled else []  # the frame words since the last run ended
        for word in words:
            key = _key(word)
            # "NI Traders", "RK Stores": capitals among small letters are a name's initials, not a frame word ("M/S. DEEP JYOTI" is all capitals)
            initials = (2 <= len(word) <= 3 and word.isupper() and word.isalpha() and word.isascii() and not segment.isupper()
                        and key not in _TITLES | _SAID_IN_CAPITALS)
            capital = key in _FRAME_IF_SMALL and word[:1].isupper()  # "He Man Gym", "Use N Throw": a name's own first word
            if not initials and not capital and (key in _FRAME[kind] or key in _FROM[kind] or (key in _LEAD[kind] and not current)):
                current = []  # a run already stands in runs from its first word
                gap.append(key)
                if len(gap) == 2 and gap[0] in _NAMED and key in _BY and runs and runs[-1].segment == segment_number:
                    runs[-1] = runs[-1]._replace(introduced=2)  # "Kisan Seva Kendra naam se …": the name stood before "naam se"
                    gap = []
                continue
            if not current:
                runs.append(_run(current, gap, segment_number, kind))
                gap = []
            current.append(word)
    return runs


_FRAME_IF_SMALL = _keys(_FRAMES["business"]["small_only"])  # frame words only when typed small ("… Dairy Farm he", "please use …")


def _run(words: list[str], gap: list[str], segment: int, kind: str) -> _Run:
    """Return a run with what the frame words before it say of it."""
    previous = gap[-1] if gap else ""
    introduced = max((3 if i and gap[i - 1] in _REAL and key in _NAMED else 2 if key in _NAMED else 1 if key in _INTRO else 0
                      for i, key in enumerate(gap)), default=0)
    firm = kind == "person" and _names_the_firm(gap)  # "name is vikas bind and the business is Bind Sand Suppliers"
    return _Run(words, 0 if firm else introduced, previous in _FROM[kind] or segment > 0, segment, previous in _AND, firm)


_FIRM = _keys(["firm", "shop", "dukan", "dukaan", "company", "business", "enterprise", "karobar", "karobaar", "factory", "unit", "फर्म", "दुकान",
               "कंपनी", "बिज़नेस", "बिजनेस", "कारोबार", "फैक्ट्री", "यूनिट"])
_OF = _keys(["ka", "ki", "ke", "का", "की", "के", "of", "the", "my", "our", "mera", "meri", "hamara", "hamari", "मेरा", "मेरी", "हमारा", "हमारी"])


def _names_the_firm(gap: list[str]) -> bool:
    """Say whether the frame words before a run name the firm's name ("firm ka naam", "the business is"), not the person's."""
    for i, key in enumerate(gap):
        if key in _NAMED:
            before = [k for k in gap[:i] if k not in _OF]
            return bool(before) and before[-1] in _FIRM
    return False


def _soft_name(text: str, kind: str) -> str | None:
    """Return a two-word name that starts with a frame word that is also a name ("Main Singh", "Mata Prasad"), alone or after "naam"."""
    words = [w for w in (_word(raw) for raw in text.split()) if w]
    keys = [_key(w) for w in words]
    named = [i for i, key in enumerate(keys) if key in _NAMED and key != _key("is")]
    for start in dict.fromkeys((0, named[-1] + 1 if named else 0)):
        end = len(words)
        while end > start + 2 and keys[end - 1] in _AROUND:
            end -= 1  # "mera naam Mata Prasad hai"
        if end - start == 2 and keys[start] in _SOFT[kind] and keys[start + 1] not in _FRAME[kind]:
            return " ".join(words[start:end])
        # Written with a capital on each word, a longer name too: "Mata Prasad Yadav" (not "Main", which begins sentences).
        if (2 < end - start <= 5 and keys[start] in _SOFT[kind] - _keys(["main", "naam"]) and all(w[:1].isupper() for w in words[start:end])
                and not any(key in _FRAME[kind] for key in keys[start + 1:end])):
            return " ".join(words[start:end])
    return None


# A full stop after a word of three letters or more, before a word that opens a sentence: "… LLP. I'm a partner.", "… Emporium.
# pehle …"; not "Sharma Engg. Works", "Prof. Sharma".
_SENTENCE_END = re.compile(r"(?<![\w.])(\w{3,})\.\s+(?=[a-z\u0900-\u097f]|(?:I|I'm|Im|I've|We|We're|It|It's|The|My|Our|Please|He|She|They|This|So|But|And|Also|Main|Mai|Hum|Ham|Hamara"
                           r"|Mera|Meri|Pehle|Prop|Proprietor|Owner|Naam|Sir|Ye|Yeh|Aur|Lekin)\b)")
_MESSRS = _keys(["m/s", "ms", "messrs", "मैसर्स", "मेसर्स", "मे."])
# What marks a quoted name as the one it had before: said just before it ("pehle "…"", "instead of "…"", "changed from "…"")
# or just after it (""…" की जगह", ""…" to purana tha", ""…" se change kiya tha").
_OLD_BEFORE = re.compile(r"(?:\b(?:pehle|pahle|purana|purane|instead of|from|earlier|old|dusri firm|doosri firm|other firm|another firm)|पहले|पुराना"
                         r"|पुराने|दूसरी फर्म)\s*$", re.IGNORECASE)
_OLD_AFTER = re.compile(r"^\s*(?:\b(?:ki jagah|ke bajaye|to purana|purana|tha|thi|was|se change|se badal)\b|की जगह|के बजाय|तो पुराना|पुराना|था|थी|से बदल)",
                        re.IGNORECASE)


def _the_quoted_name(text: str) -> str:
    """Return the one of several quoted names not said to be the old one ("pehle "Shyam Store" tha"), or "" when not one is left."""
    spans = list(_QUOTED.finditer(text))
    new = {(m.group(1) or m.group(2)).strip() for m in spans
           if not _OLD_BEFORE.search(text[:m.start()]) and not _OLD_AFTER.search(text[m.end():])}
    return new.pop() if len(new) == 1 and len(spans) > 1 else ""  # 'naam "Badal Enterprises" hai, GST me bhi "Badal Enterprises"': one name


# A greeting said first and set apart ("नमस्ते, हमारी फर्म है …", "radhe radhe ji, …"): no part of a business's name.
_GREETING = re.compile(r"^\s*(?:(?:namaste|namaskar|pranam|salaam|adab|radhe radhe|ram ram|jai shri ram|good morning|hello|नमस्ते|नमस्कार|प्रणाम"
                       r"|आदाब|सलाम|राधे राधे|राम राम|जय श्री राम)(?:\s+(?:ji|sir|sahab|bhai|bhaiya|जी|सर|साहब|भाई|भैया))*\s*[,.!\u0964]+\s*)+",
                       re.IGNORECASE)


# "naam bete se puchh ke batata hu", "I will ask him the name and tell", "confirm … and revert": a name still to come
_TO_ASK_AND_TELL = re.compile(r"\b(?:puchh|pooch|puch|pata kar)\w*\s*(?:ke|kar|kr)\s+bata\w*|पूछ\s*(?:के|कर|कै)\s+बता\w*|पता\s+करके\s+बता\w*"
                              r"|\bask\s+(?:him|her|them|and)\b.*\b(?:tell|revert|let you know)|\bconfirm\b.*\brevert\b", re.IGNORECASE)


_CALLED = _keys(["bolte", "bolti", "kehte", "kahte", "kahat", "bulate", "bulaate", "pukarte", "jaante", "jante", "बोलते", "बोलती", "कहते", "कहत",
                 "बुलाते", "पुकारते", "जानते"])
_BY_NAME = re.compile(r"\b(?:ke naam se|ke nam se|hi bulate|hi bolte)\b|के नाम से|ही बुलाते|ही बोलते", re.IGNORECASE)


def name_in(text: str, kind: str = "person") -> str:
    """Return the name an answer gives without the words around it, or "" when it gives none or two."""
    if _TO_ASK_AND_TELL.search(text):
        return ""
    if kind == "business":
        text = _GREETING.sub("", text) or text
    keys = _keys(text.split())
    undenied = not keys & _DENIED  # "Jaunpuri Imarti Ghar" may end in "ghar"; not "dukan nahi, Patel Nagar ghar", a home
    slip = _SLIP.search(text)
    after = text[slip.end():].replace(",", " ").split()[:1] if slip else []
    if slip and text[:slip.start()].strip(" .…,") and after and _key(_word(after[0])) not in _STILL_OF_IT:
        # "रमेश... गलत लिख गया, राकेश वर्मा": a slip told of takes the first name back; not "Rakesh Verma, pehle galat likh gaya tha"
        text = _SLIP.sub(" nahi nahi , ", text)
    corrected = _CORRECTION.split(text)
    if len(corrected) > 1 and _WRITE.search(corrected[-1]) and not _JUST_THIS.search(corrected[-1]):
        text = corrected[-1]  # "Ramesh... nahi nahi, Suresh Kumar likho": the name said after taking the first one back
    taken_back = _TAKEN_BACK.split(text)
    if len(taken_back) > 1 and taken_back[0].strip() and taken_back[-1].strip() and not _JUST_THIS.search(taken_back[-1]):
        text = taken_back[-1]  # "नाम है ओम डेरी फार्म नहीं नहीं ओम दुग्ध डेयरी": the name after "no, no"
    once = _ONCE.search(text)
    last_now = next(reversed(list(_NOW_SAID.finditer(text))), None) if once else None
    since = text[last_now.end():] if last_now and last_now.start() > once.start() else ""
    if since.strip() and not _keys(since.split()) & _DENIED:  # not "… pehle … likhte the par ab wo naam nahi chalta"
        now = name_in(since, kind)
        if now:
            return now  # "pehle Hind Sports tha, ab New Hind Sports hai": the name it has now
    on_pan = _ON_PAN.search(text) if kind == "person" and "?" not in text else None
    if on_pan and not _keys((on_pan.group(1) or on_pan.group(2)).split()) & (_NAMING | _NOT_A_NAME_ON_PAN):
        text = on_pan.group(1) or on_pan.group(2)  # "pan card pe kamla devi likha hai par sab amma bolte hain": the name on the PAN
    text = _EMOJI.sub(lambda m: _emoji_as(m, text, kind), text)
    if kind == "person":
        text = _TITLE.sub(" ", text)  # "Km. Pooja Yadav", "Er. Ankit Tyagi", "कु. रीना यादव"; not the initials "K.M. Tripathi"
    text = _SPOKEN_MARKS.sub(" , ", spaced(text))  # "नामहै नसीम बानो", "… Engineering Works full stop", as voice typing writes them
    text = _SENTENCE_END.sub(lambda m: m.group(0) if _key(m.group(1)) in _ABBREVIATIONS | _TITLES else m.group(1) + " , ", text)  # "… LLP. I'm …"
    text = text.replace("\u0964", " , ").replace("\u0965", " , ")  # a danda ends a sentence too
    text = _CHANGED.sub(lambda m: m.group(1) or m.group(2), _PUT.sub(lambda m: f"{m.group(1) or m.group(2)} likh do", text))
    quoted = [first or second for first, second in _QUOTED.findall(text)]
    if quoted and kind == "business":
        if len(quoted) > 1 and (says_two_names(text) or differs_on_paper(text)):
            return ""  # "बोर्ड पर "माँ काली हार्डवेयर" … जीएसटी में "काली ट्रेडिंग कंपनी" बा": which one is asked
        said = _the_quoted_name(text) if len(quoted) > 1 else quoted[0]
        if not said:
            return ""  # two names between quotes and neither said to be the old one: which is asked
        words = said.split()
        while words and _key(_word(words[0])) in _MESSRS:
            words = words[1:]  # "M/s …"
        while len(words) > 1 and _key(_word(words[-1])) in _AROUND:
            words = words[:-1]  # 'naam "Shiv Traders hai"'
        if words and not any(_key(_word(word)) in _SENTENCE for word in words[1:]):
            return _as_written(" ".join(words))  # 'naam "No Ball Sports"': typed between quotes, the name whole
        text = said
    soft = _soft_name(text, kind)
    if soft:
        return _as_written(soft)
    # A district or the owner in brackets is said apart from the name: "(बहराइच)", "Ramesh Traders (proprietor Ramesh Kumar)".
    inside = [part for part in _PARENTHESES.findall(text)
              if names_a_district(_OF_A_PLACE.sub(" ", part)) or kind == "business" and _keys(part.split()) & _OWNER]  # "(Jaunpur wale)"
    text = _PARENTHESES.sub(lambda m: " , " if m.group(1) in inside else " " + m.group(1) + " ", text)
    if kind == "business":
        text = _OWNER_AFTER.sub(" , ", text)  # "Vishwakarma Furniture Works, Prop: Suresh Vishwakarma": the owner is no business name
    runs = _runs(text, kind)
    if kind == "person" and len(runs) > 1:
        # "ghar pe sab Pappu bolte hain, kagaz me Praveen Kumar Gupta hai": the name people call the seller by is not the one asked for
        called = {n for n, part in enumerate(_SEGMENTS.split(text)[::2]) if _keys(part.split()) & _CALLED and not _BY_NAME.search(part)}
        kept = [run for run in runs if run.segment not in called]
        given = [len(run.words) for run in runs if run.segment in called]
        if kept and given and max(len(run.words) for run in kept) >= max(given):
            runs = kept  # not "log mujhe Rajendra Prasad ke naam se jaante hain, ghar me Raju": the called one is the full name
    if "?" in text or doubt_in(text) == "question" or says_two_names(text) or kind == "business" and differs_on_paper(text):
        return ""  # a question, or two names ("do naam hain, …", "we have two: …", "… but the GST is in the name of …"), not a name
    found = _name_of_runs(runs, kind, undenied, text)
    if kind == "person":
        return found
    whole = _whole_name(text)
    if whole and (not found or _keys(found.split()) <= _keys(whole.split())):
        found = _as_written(" ".join(_without_place(whole.split())))
    elif found:
        found = _opened(found, text)
    if not found:
        return ""
    while len(found.split()) > 1 and _key(found.split()[-1]) in _AND:
        found = found.rsplit(" ", 1)[0]  # "Royal Gym Store and the GST is also in that name": no name ends in "and"
    typed_as_a_name = any(word[:1].isupper() for word in text.split())  # "General Store", typed with capitals, may be its name
    said, named = _keys(text.split()), _keys(found.split())
    if not said & _NAMING and (names_a_district(found) or not typed_as_a_name and named <= _TRADE_KINDS | _LEAD["business"] | _TRADES | _JOINED):
        return ""  # "kirana store hai", "mithai ki dukan", "Etawah, Bharthana road": the kind of business or its town, no name
    if (not typed_as_a_name and _says(text, _NONE_YET) and not said & _INSTEAD
            and (not named & _FIRM_ENDINGS - _LEAD["business"] or len(found.split()) == 1)):
        # "abhi koi naam nahi rakha hai, sochenge", "…, nayi dukan h": no name yet, and none given in its place ("mera naam likh
        # do …"); not "…, gst me patel hardware hai"
        return ""
    if (said & _DOING and not said & _NAMING and (not typed_as_a_name or named & _DOING)
            and _key(_word(found.split()[-1])) not in _FIRM_ENDINGS):
        # The part of the answer the name came from holds the work: "cricket ka saman banate hai", "we do laptop and cctv reselling"
        # give no name; "om sai ram steel, almirah banate hai" does. One word is checked against the whole answer, as it may be
        # the first of a list of goods ("chair, table, almirah banate hain").
        parts = _SEGMENTS.split(text)[::2]
        said_with = text if len(found.split()) == 1 else next((part for part in parts if _key(_word(found.split()[0])) in _keys(part.split())), text)
        if _keys(said_with.split()) & _DOING:
            return ""
    return found


# Words that open many business names and are frame words elsewhere ("Bhai Bhai Traders", "OK Tailors", "Apna Bazaar", "Hello Mobiles").
_OPENERS = _keys(["bhai", "भाई", "apna", "अपना", "ok", "yes", "new", "न्यू", "jai", "जय", "royal", "shree", "shri", "श्री"])
_PAUSE = re.compile(r"[,;:.!?]$")
# Trade words a name may end in, too few to be a name alone ("Tailors", "Bazaar").
_TRADES = _keys(["tailors", "tailor", "bazaar", "bazar", "बाज़ार", "बाजार", "mart", "dhaba", "ढाबा", "footwear", "sweets", "caterers", "textiles",
                 "garments", "jewellers", "hardware", "furniture", "medical", "medicals", "electricals", "ट्रेडर्स", "टेलर्स", "भंडार", "स्टोर"])
# Words that say what kind of business it is; a "name" made of these alone names none ("Kirana Store", "मिठाई की दुकान").
_TRADE_KINDS = _keys(_FRAMES["business"]["kinds"])
_DOING = _keys(_FRAMES["business"]["doing"])
_INSTEAD = _keys(["mera", "meri", "mere", "apna", "apni", "my", "मेरा", "मेरी", "मेरे", "अपना", "अपनी", "likh", "likho", "likhiye", "likhna", "daal",
                  "dal", "daalo", "write", "put", "use", "लिख", "लिखो", "लिखिए", "डाल", "डालो"])  # a name given in place of the firm's


def _says(text: str, phrases: dict[str, tuple[tuple[str, ...], ...]]) -> bool:
    """Say whether an answer holds one of these phrases (indexed by their first word's key), word for word."""
    keys = tuple(key for key in (_key(_word(raw)) for raw in text.split()) if key)
    return any(keys[i:i + len(phrase)] == phrase for i, key in enumerate(keys) for phrase in phrases.get(key, ()))


def _by_first_key(phrases: list[str]) -> dict[str, tuple[tuple[str, ...], ...]]:
    """Return phrases as tuples of word keys, grouped by their first key, for `_says`."""
    grouped: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        keyed = tuple(_key(w) for w in phrase.split())
        if keyed:
            grouped.setdefault(keyed[0], []).append(keyed)
    return {first: tuple(group) for first, group in grouped.items()}


_NONE_YET = _by_first_key(_FRAMES["business"]["none_yet"])
_JOINED = _keys(["ki", "ka", "ke", "की", "का", "के", "and", "&", "aur", "और", "a", "an"])
_EMOJI = re.compile(r"\s*[\U0001F300-\U0001FAFF\u2600-\u27BF][\U0001F300-\U0001FAFF\u2600-\u27BF\uFE0F\U0001F3FB-\U0001F3FF]*\s*")


def _emoji_as(match: re.Match[str], text: str, kind: str) -> str:
    """Return what an emoji stands for in a name answer: a comma after a whole name ("Firdaus Caterers 🍗 Nakhas Chowk"), else a space."""
    before = text[:match.start()].split()
    ended = kind == "person" or bool(before) and _key(_word(before[-1])) in _ENDS | _TRADES | _TRADE_KINDS
    return " , " if ended and match.end() < len(text) else " "


_TITLE = re.compile(r"(?:^|(?<=\s))(?:[Kk]m|[Kk]um|[Ee]r|KM(?=[.0])|ER(?=[.0])|इं|कु)(?:\.|0|\s)\s*(?=\w)")  # not "KM Tripathi", initials
# The name as the PAN card has it, said beside another the seller goes by.
_ON_PAN = re.compile(r"(?:pan|पैन)(?:\s*card|\s*कार्ड)?\s+(?:pe|par|pr|पर|पे|me|mein|में)\s+(.+?)\s+(?:likha|लिखा|लिखल)"
                     r"|\bpan(?:\s*card)?\s+(?:says|shows|has)\s+([^,.;]+)", re.IGNORECASE)
# Words that say what is on the PAN rather than give it ("pan card pe bhi yahi likha hai", "spelling galat likha hai").
_NOT_A_NAME_ON_PAN = _keys(["bhi", "yahi", "yehi", "wahi", "vahi", "same", "aisa", "aise", "spelling", "galat", "hindi", "english", "भी",
                            "यही", "वही", "ऐसा", "गलत", "स्पेलिंग", "हिंदी"])
# Trailing dots, then a word that takes back what came before ("सलमा बेगम... नहीं, …", "kanpur leather works... nahi nahi ruko, …").
_TAKEN_BACK = re.compile(r"(?:^|\s)(?:nahi|nahin|nhi|नहीं|नही|नाहीं)[\s,.!]+(?:nahi|nahin|nhi|नहीं|नही|नाहीं)(?![a-z\u0900-\u097f])[\s,.!]*",
                         re.IGNORECASE)
_SLIP = re.compile(r"\b(?:galat|galti\s+se|wrong(?:ly)?)\s+(?:likh|type|ho|typed|written)\s*(?:gaya|gayi|gya|diya|ho\s+gaya)?\b"
                   r"|(?:गलत|गलती\s+से)\s+(?:लिख|टाइप|हो)\s*(?:गया|गई|गयी|दिया|हो\s+गया)?", re.IGNORECASE)
_STILL_OF_IT = _keys(["tha", "thi", "the", "ho", "to", "hai", "h", "है", "था", "थी", "हो", "तो"])  # "… galat likh gaya tha", "… ho to sudhar dena"
_ONCE = re.compile(r"\b(?:pehle|pahle|old|earlier|purana|purane)\b|पहले|पहिले|पुराना|पुराने", re.IGNORECASE)  # a name it had once
_NOW_SAID = re.compile(r"\b(?:ab|now)\b|\sअब\s", re.IGNORECASE)  # "… ab New Hind Sports hai": the name after it is the one now
_CORRECTION = re.compile(r"(?:\.{2,}|…)\s*(?:(?:nahi|nahin|nhi|नहीं|नही|नाहीं|नाही|galat|गलत|ruko|रुको)(?![a-z])[\s,.!]*)+", re.IGNORECASE)
# …and then a name to write ("… likho", "… लिखिए"), not "bas itna hi" or "pata nahi"
_WRITE = re.compile(r"\b(?:likho|likhiye|likhie|likh do|write|put)\b|लिखिए|लिखो|लिखें|लिख दो|लिख दीजिए", re.IGNORECASE)
_JUST_THIS = re.compile(r"\b(?:bas|itna|itna hi|that'?s it|pata)\b|बस|इतना|पता", re.IGNORECASE)
_LEGAL = _keys(["ltd", "limited", "pvt", "private", "llp", "लिमिटेड", "federation", "trust", "samiti", "समिति"])  # after a firm's own ending
_GROUPS = _keys(["samuh", "samooh", "समूह", "samiti", "समिति", "sangh", "संघ", "group", "society", "sahakari", "सहकारी"])
_TITLES = _keys(["ms", "mr", "dr", "sri", "smt", "shri", "mrs", "er"])
_SAID_IN_CAPITALS = _keys(["ok", "ji", "ha", "haa", "hai", "ho", "na", "sir", "hi", "yes", "no", "hn", "hmm", "bhi", "to", "is", "am", "ka", "ki", "ke"])
_OWNER_AFTER = re.compile(r"(?<=\S)[\s,]+prop\b\.?\s*[:\-–]?\s*[^,;]*", re.IGNORECASE)  # after a name, not "Sole proprietor - …"
_NAMING = _keys(["naam", "nam", "name", "नाम", "registered", "called", "named"])
_ALWAYS_HEARD = frozenset(("stop", "erase"))
_DENIED = _keys(["nahi", "nhi", "not", "no", "नहीं", "mat", "मत", "koi", "कोई"])  # "abhi koi naam nahi hai, … Business Name"
_CAPITALS = re.compile(r"[A-Z][\w'.&-]*(?:\s+(?:[A-Z][\w'.&-]*|&))+")


@lru_cache(maxsize=1024)
def written_out(text: str, kind: str = "person") -> str:
    """Return an answer that is only a name, two words or more, each with a capital and none a word around names ("Help Line Computer Services"), else ""."""
    if command_in(text) in _ALWAYS_HEARD:
        return ""  # "Stop Sending Messages", "Delete Everything": a seller can always stop or erase, however it is written
    plain = " ".join(_word(raw) for raw in text.split())
    words = plain.split()
    if len(words) >= 2 and plain == " ".join(text.split()) and plain.istitle() and not _keys(words) & _FRAME[kind]:
        return plain
    # "Quick Help Computer Services is the registered name": one run of capitals, and around it only words around names
    runs = _CAPITALS.findall(" ".join(text.split()))
    if len(runs) != 1 or len(runs[0].split()) < 2:
        return ""
    around = " ".join(text.split()).replace(runs[0], " ").split()
    name = runs[0].split()
    while name and _key(_word(name[0])) in _FRAME[kind] - _FRAME_IF_SMALL:
        name = name[1:]  # "Dr. Sanjay Kumar Pathak here": the title is not kept
    keys = _keys([_word(word) for word in around])
    if len(name) < 2 or not all(word.islower() for word in around) or not keys <= _FRAME[kind] or not keys & _NAMING or keys & _DENIED:
        return ""  # "Stop Sending Messages please", "abhi koi Business Name nahi hai": no word around it says it is a name
    return " ".join(name)


_ENDS = _keys(_FRAMES["business"]["ends"])
_FIRM_ENDINGS = _ENDS | _GROUPS | _TRADES | _TRADE_KINDS  # words a firm's name ends in ("… Traders", "… Samuh", "… Hardware")


@lru_cache(maxsize=1024)
def led_by_a_request_word(text: str, kind: str = "person") -> str:
    """Return a name of three words or more whose first word alone is a request and the rest none ("madad ali khan naam hai"), else ""."""
    name = name_in(text, kind) if _keys(text.split()) & _NAMING else ""  # "मेनू देखाईं तनी" asks; "madad ali khan naam hai" names
    if not name and kind == "business":
        # "help kite center hai mian": a business name's own ending says it is a name
        ended = [run.words for run in _runs(spaced(text), kind) if _key(_word(run.words[-1])) in _ENDS]
        name = _as_written(" ".join(ended[0])) if len(ended) == 1 else ""
    words = name.split()
    said = command_in(text)
    if said is not None and said not in _ALWAYS_HEARD and kind == "business":
        held = _firm_holding_a_request(text, said)
        if held or not name:
            return held
    if len(words) < 3 or said is None or said in _ALWAYS_HEARD or command_in(words[0]) != said or command_in(" ".join(words[1:])) is not None:
        return ""
    return name


def _firm_holding_a_request(text: str, said: str) -> str:
    """Return a firm's name that ends as one and holds a request word ("status tailors", "naam likho status tailors"), alone or after "naam"."""
    if "?" in text or doubt_in(text):
        return ""
    runs = [run for run in _runs(spaced(text), "business") if len(run.words) >= 2 and _key(_word(run.words[-1])) in _FIRM_ENDINGS
            and command_in(" ".join(run.words)) == said]
    if len(runs) != 1:
        return ""
    name = runs[0].words

    def only_frame_around(part: str) -> bool:
        return all(_key(word) in _FRAME["business"] for word in (_word(raw) for raw in part.split()) if word and word not in name)

    alone = only_frame_around(spaced(text))  # "status tailors", "naam status tailors hai"
    segment = _SEGMENTS.split(spaced(text))[::2][runs[0].segment]
    # "Status Printers naam hai, shaadi card chhapte hain", "hum Menu Point Caterers wale hain, …": said as a name in its own clause
    apart = only_frame_around(segment) and (bool(_keys(segment.split()) & _NAMING) or all(word[:1].isupper() for word in name))
    return _as_written(" ".join(name)) if runs[0].introduced == 2 or alone or apart else ""


_PAPERS = _keys(["gst", "gstin", "जीएसटी", "pan", "पैन", "card", "कार्ड", "papers", "kagaz", "kaagaz", "कागज", "कागज़", "registry", "रजिस्ट्री", "legal", "udyam",
                  "उद्यम", "bill", "बिल", "deed", "डीड", "partnership", "पार्टनरशिप"])
# Not "par" inside a clause, where it is "on" ("GST par bhi yahi naam hai"), unless a paper follows it ("… pr GST pe …")
_UNLIKE = _keys(["but", "lekin", "लेकिन", "magar", "मगर", "however", "though", "whereas", "alag", "अलग", "different"])
# The same name on paper, or no difference: not asked about
_SAME = _by_first_key([
    "yahi naam", "yehi naam", "wahi naam", "vahi naam", "यही नाम", "वही नाम", "same name", "same naam", "naam same", "name same", "same hai",
    "same h", "alag nahi", "alag nhi", "अलग नहीं", "different nahi", "not different", "no different", "alag naam nahi", "koi fark nahi",
    "farak nahi", "फर्क नहीं"])


def differs_on_paper(text: str) -> bool:
    """Say whether a business name answer says the name on its papers is another ("… lekin GST me Sharma Traders likha hai")."""
    keys = [_key(_word(raw)) for raw in spaced(text).split()]
    unlike = set(keys) & _UNLIKE or _BUT_FIRST.search(text) or _BUT_PAPER.search(text)  # "…, पर जीएसटी में …", "… pr GST pe …"
    same = _says(spaced(text), _SAME)  # "GST par bhi yahi naam hai", "koi alag naam nahi"
    return bool(set(keys) & _PAPERS and unlike and not same)


_BUT_FIRST = re.compile(r"(?:^|[,.;]\s*)(?:par|pr|पर)\s", re.IGNORECASE)
_BUT_PAPER = re.compile(r"\b(?:par|pr)\s+(?:gst|pan|udyam|papers?|kagaz|kaagaz)\b|\sपर\s+(?:जीएसटी|पैन|उद्यम|कागज)", re.IGNORECASE)


_TWO = _keys(["two", "do", "दो", "2", "dono", "दोनों", "both"])
_OF_NAMES = _keys(["naam", "नाम", "name", "names", "dukan", "dukaan", "दुकान", "दुकानें", "firm", "firms", "फर्म", "shops", "businesses",
                   "companies", "units", "log", "लोग"])


def says_two_names(text: str) -> bool:
    """Say whether an answer says it holds two names ("दो नाम हैं, …", "we have two: …", "two firms")."""
    keys = [_key(w) for w in text.split()]
    return any(key in _TWO and (i + 1 == len(keys) or keys[i + 1] in _OF_NAMES or key == _key("two") and text.split()[i].endswith(":"))
               for i, key in enumerate(keys))


def _no_sentence_in(words: list[str], kind: str, undenied: bool = False) -> bool:
    """Say whether a run holds no word of a sentence, its first word aside in a business name that ends like one ("Back Bay Knits LLP")."""
    # "kapde bechte": the work, no name; not "Make Well Pharma", typed as a name
    inside = [_key(word) in _SENTENCE or kind == "business" and _key(word) in _DOING and not word[:1].isupper() for word in words]
    if not any(inside):
        return True
    if kind == "business" and undenied and len(words) >= 3 and not any(inside[:-1]) and _key(_word(words[-1])) in _ENDS:
        return True  # "जौनपुरी इमरती घर", "Rampur Patang Ghar": a business name's own last word, though a sentence may hold it
    return (kind == "business" and len(words) >= 3 and _key(_word(words[-1])) in _FIRM_ENDINGS and not any(inside[1:])
            and (command_in(words[0]) not in (None, *_ALWAYS_HEARD) or _key(words[0]) in _MOVES))  # a request word, not "sorry" or "pehle"


_MOVES = _keys(["back", "start", "wapas", "vapas", "वापस", "peeche", "पीछे", "restart"])  # requests only as a button's word: "Back Bay Knits LLP"


_NOT_AN_ENDING = (_LEAD["business"] - _GROUPS) | _TRADE_KINDS | _keys(["bazaar", "bazar", "बाज़ार", "बाजार", "market", "मार्केट", "mandi", "मंडी"])


_WITH_AFTER = re.compile(r"^\s*(?:ke liye|ke saath|ke sath|ko|se|me|mein|chala\w*|के लिए|के साथ|को|से|में|चला[\u0900-\u097f]*)(?![\w\u0900-\u097f])",
                         re.IGNORECASE)
_WITH_BEFORE = re.compile(r"(?:\b(?:to|for|from|with))\s*$", re.IGNORECASE)


def _worked_with(name: str, text: str) -> bool:
    """Say whether a firm named in an answer is one the seller works with, not their own ("Kendriya Bhandar ko supply karte")."""
    plain = " ".join(text.split())
    at = plain.find(name)
    return at >= 0 and bool(_WITH_AFTER.match(plain[at + len(name):]) or _WITH_BEFORE.search(plain[:at]))


def _name_of_runs(runs: list[_Run], kind: str, undenied: bool = False, text: str = "") -> str:
    """Return the one run of words an answer gives as its name, or "" when it gives none or two."""
    runs = [run for run in runs if not all(_key(word) in _PAPERS for word in run.words)  # "GST", "PAN": a paper, no name
            and not (kind == "business" and any(_whose(word) != _key(word) for word in run.words)  # "uncle's shop", not "Maa Enterprise"
                     and all(_whose(word) in people() or _key(word) in _LEAD["business"] for word in run.words))]
    if any(run.introduced for run in runs):
        runs = [run for run in runs if not run.firm]  # "mera naam Suresh, dukan ka naam Suresh Kirana": the firm's is not the person's
    plain = [run for run in runs if _no_sentence_in(run.words, kind, undenied)]
    first = min((run.segment for run in runs), default=0)
    if len(plain) < len(runs) and not any(run.introduced or run.segment == first for run in plain):
        return ""  # a sentence about something else, and no name said as one ("I am …", "naam …") or first
    runs = [run for run in plain if not any(other is not run and _fuller_name(other.words, run.words) for other in plain)]
    if kind == "person" and any(run.after_and for run in runs):
        return ""  # "Arif aur Asif Qureshi": two people
    if len(runs) > 1:  # a place set apart from the name ("…, Firozabad", "… from Kanpur") is where they are
        runs = [run for run in runs if not (names_a_district(" ".join(run.words)) and (run.apart or kind == "person"))] or runs
    if len(runs) > 1 and kind == "business" and undenied:
        # "firm ka naam wahi hai jo GST me hai, Saba Art Exports": the one run that ends as a firm's name does; not one that ends
        # in the kind of business or a market ("हमाई दुकान", "कुतुबखाना बाज़ार"), nor beside a correction, nor another firm the
        # seller works with ("Jan Seva Kendra chalate hain, naam …", "Kendriya Bhandar ko supply karte", "supply to … Exports")
        ended = [run for run in runs if len(run.words) > 1 and _key(_word(run.words[-1])) in _FIRM_ENDINGS - _NOT_AN_ENDING
                 and not _worked_with(" ".join(run.words), text)]
        runs = ended if len(ended) == 1 else runs
    if len(runs) > 1:
        best = max(run.introduced for run in runs)
        runs = [run for run in runs if run.introduced == best]  # "naam Dinesh" before "main thekedar"
    if len(runs) > 1:
        first = min(run.segment for run in runs)
        runs = [run for run in runs if run.segment == first]  # what comes after a comma is about something else
    if len(runs) > 1:
        longest = max(len(run.words) for run in runs)
        runs = [run for run in runs if len(run.words) == longest]
    if len(runs) != 1:
        return ""
    return _as_written(" ".join(_without_place(runs[0].words)))


def _without_place(words: list[str]) -> list[str]:
    """Return a name's words without a district after it ("Ansh Solar Solutions Lucknow", "shree ji bangles firozabad")."""
    if len(words) >= 4 and _OF_A_PLACE.fullmatch(words[-1]) and names_a_district(words[-2]):
        words = words[:-1]  # "… इटावा वाले": of that district
    for size in (2, 1):  # a district after a name of two words or more is where it is
        if len(words) >= size + 2 and names_a_district(" ".join(words[-size:])) and _key(_word(words[-size - 1])) not in _FRAME["business"]:
            return words[:-size]  # not "Gupta Ji Ki Mathura", which the district ends
    return words


def _opened(name: str, text: str) -> str:
    """Return a business name of one trade word with the words that open it ("Bhai Bhai Traders", "OK Tailors", "Apna Bazaar")."""
    if len(name.split()) != 1 or _key(name) not in _ENDS | _LEAD["business"] | _TRADES:
        return name
    raws = [raw for raw in text.split() if _word(raw)]
    words = [_word(raw) for raw in raws]
    keys = [_key(w) for w in words]
    if _key(name) not in keys:
        return ""
    at = keys.index(_key(name))
    start = at
    while start > 0 and at - start < 2 and keys[start - 1] in _OPENERS and not _PAUSE.search(raws[start - 1]):
        start -= 1  # not across a comma ("bhai, Mart")
    return _as_written(" ".join(words[start:at + 1])) if start < at else ""  # "hum traders hain": a trade word alone names no firm


def _whose(word: str) -> str:
    """Return a word's key without the "'s" that makes it a possessive ("uncle's" → "uncle")."""
    return _key(word[:-2] if word.casefold().endswith(("'s", "\u2019s")) else word)


def _as_written(name: str) -> str:
    """Return a name typed all in small Latin letters on a phone with capitals, as a name is written; any other as typed."""
    if name != name.lower() or not name.isascii():
        return name
    return " ".join(word.upper() if word in _INITIALISMS else word.title() for word in name.split())


_INITIALISMS = frozenset(("llp", "opc", "huf", "shg", "fpo", "ngo"))  # "back bay knits llp" is "Back Bay Knits LLP"


# Frame words that are also part of many business names: "Sharma Ji Ki Rasoi", "Jai Mata Di", "Apna Bazaar", "Bikaner Wala".
_JOINERS = _keys(["ji", "jee", "ki", "ka", "ke", "di", "da", "de", "bhai", "do", "दो", "wala", "wale", "wali", "vala", "mata", "maa", "papa", "dada", "dadi",
                  "nani", "chacha", "mummy", "the", "of", "and", "जी", "की", "का", "के", "दी", "दा", "वाला", "वाले", "वाली", "माँ", "माता",
                  "अपना", "अपनी", "हमारा", "मेरा", "apna", "apni", "apne", "mera", "meri", "hamara", "hamari", "humara"])
_POSSESSIVE = _keys(["apna", "apni", "apne", "mera", "meri", "hamara", "hamari", "humara", "अपना", "अपनी", "हमारा", "मेरा", "the"])
_GENITIVE = _keys(["ki", "ka", "ke", "of", "and", "की", "का", "के"])  # "Jai Mata Di" may end in "di"
_AROUND = _keys(["hai", "h", "he", "hain", "ji", "jee", "sir", "bhai", "bhaiya", "भाई", "भैया", "please", "pls", "thanks", "है", "हैं", "जी", "सर",
                 "haan", "ha", "yes", "ok",
                 "is", "-", "naam", "name", "नाम", "called", "ba", "बा"])


def _whole_name(text: str) -> str | None:
    """Return a business name whose own words are also frame words ("sharma ji ki rasoi", "Apna Bazaar"), said alone or after "naam"."""
    segment = _SEGMENTS.split(text)[0]
    words = [w for w in (_word(raw) for raw in segment.split()) if w]
    keys = [_key(w) for w in words]
    named = [i for i, key in enumerate(keys) if key in _NAMED and key != _key("is") or key == _key("called")]
    start = named[-1] + 1 if named else 0
    end = len(words)
    while start < end and keys[start] in _AROUND:
        start += 1
    while end > start and keys[end - 1] in _AROUND and keys[end - 1] not in _JOINERS - _keys(["ji", "jee", "जी", "bhai", "bhaiya", "भाई", "भैया"]):
        end -= 1
    words, keys = words[start:end], keys[start:end]
    # a word for the kind of business ends a name ("Ramesh Ki Dukan"), though it does not begin one
    own = [key not in _FRAME["business"] and (key not in _LEAD["business"] or i == len(keys) - 1) for i, key in enumerate(keys)]
    if (not 2 <= len(words) <= 6 or not any(own[i] and keys[i] not in _LEAD["business"] for i in range(len(words)))
            or not all(own[i] or keys[i] in _JOINERS for i in range(len(words)))):
        return None
    if all(own) or keys[0] in _GENITIVE or keys[-1] in _GENITIVE | _POSSESSIVE:
        return None  # no joiner inside (the runs read it), or one at an edge ("ki dukan")
    if keys[0] in _POSSESSIVE and sum(own) > 1:
        return None  # "hamari Gupta Traders": "our" is said of the firm, not part of its name; "Apna Bazaar" keeps it
    return " ".join(words)


def _fuller_name(longer: list[str], shorter: list[str]) -> bool:
    """Say whether a name is said again in full ("mera naam Pankaj hai, Pankaj Kumar Jaiswal")."""
    return len(longer) > len(shorter) and [_key(w) for w in longer[:len(shorter)]] == [_key(w) for w in shorter]


def looks_like_a_name(name: str, kind: str = "person") -> bool:
    """Say whether what is left of an answer can be a name: one to six words, eight for a group (letters are checked after)."""
    words = name.split()
    # A firm's or a group's name may run to eight words when it ends as one ("… Private Limited", "… स्वयं सहायता समूह") and names
    # one firm; an address after a name ("… मेन बाजार सिकंदरपुर बलिया") or two firms ("… Store Sai Krupa … Centre") does not.
    ends = [_key(_word(word)) in _ENDS | _GROUPS for word in words]
    long_name = kind == "business" and bool(ends) and ends[-1] and sum(ends[:-1]) <= (1 if _key(_word(words[-1])) in _LEGAL else 0)
    return 0 < len(words) <= (8 if long_name else 6)
