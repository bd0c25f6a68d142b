"""Normalise, extract and validate what sellers type: PAN, GSTIN, Udyam, mobile, email, IFSC, yes/no."""

# Pure functions: no I/O, no clock, no environment. Regexes only extract candidates; the checks
# themselves come from python-stdnum and phonenumbers wherever those libraries have them.

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from functools import lru_cache

import phonenumbers
from rapidfuzz import fuzz, process
from stdnum import luhn, verhoeff
from stdnum.exceptions import InvalidChecksum, ValidationError
from stdnum.in_ import gstin as _gstin
from stdnum.in_ import pan as _pan

__all__ = [
    "InvalidInput",
    "PAN_HOLDER_TYPES",
    "PAN_TYPES_FOR_ENTERPRISE",
    "UP_STATE_CODE",
    "aadhaar_spans",
    "contains_aadhaar",
    "contains_pan",
    "find_email",
    "find_gstin",
    "find_ifsc",
    "find_mobile",
    "find_pan",
    "find_udyam",
    "fold",
    "gstin_pan",
    "gstin_state_code",
    "mask_aadhaar",
    "mask_pan",
    "match_option",
    "normalise",
    "pan_fits_enterprise",
    "parse_number_choice",
    "parse_yes_no",
    "redact",
    "says_email",
    "spoken_email",
    "to_ascii_digits",
    "word_before_email",
]


class InvalidInput(ValueError):
    """Signal that user text holds no valid value; `.code` names the reason for the reply."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


# --------------------------------------------------------------------------- text basics

_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"), None)
_APOSTROPHES = dict.fromkeys(map(ord, "'\u2018\u2019\u02bc`\u00b4"), None)
_DEVANAGARI_FOLD = str.maketrans(
    {
        "\u093c": None,  # nukta: फ़ → फ
        "\u0901": "\u0902",  # chandrabindu → anusvara: हाँ → हां
        "\u0945": "\u0947",  # candra e → e
        "\u0949": "\u094b",  # candra o (ॉ in कॉल) → o
        "\u0911": "\u0913",  # independent candra o (ऑ) → ओ
        "\u0964": " ",  # danda
        "\u0965": " ",  # double danda
    }
)
# A nasal consonant with virama before another consonant is spelt either way: सम्भल / संभल.
_HALF_NASAL = re.compile("[\u0919\u091e\u0923\u0928\u092e]\u094d(?=[\u0915-\u0939])")
_LATIN_MARKS_AND_NUKTA = re.compile("[\u0300-\u036f\u093c]")


_OTHER_DIGIT = re.compile(r"(?![0-9])\d")


def to_ascii_digits(text: str) -> str:
    """Replace Devanagari and every other Unicode decimal digit with its ASCII digit."""
    if text.isascii() or not _OTHER_DIGIT.search(text):
        return text
    return "".join(
        str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text
    )


def _is_punct_or_symbol(ch: str) -> bool:
    """Return whether ch is Unicode punctuation or a symbol (categories P* and S*)."""
    return unicodedata.category(ch)[0] in "PS"


def _strip_edges(text: str) -> str:
    """Remove whitespace, punctuation and symbols from both ends of text."""
    start, end = 0, len(text)
    while start < end and (text[start].isspace() or _is_punct_or_symbol(text[start])):
        start += 1
    while end > start and (text[end - 1].isspace() or _is_punct_or_symbol(text[end - 1])):
        end -= 1
    return text[start:end]


def normalise(text: str) -> str:
    """Return NFC, ASCII-digit, casefolded text with whitespace collapsed and edge punctuation removed."""
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = to_ascii_digits(text).casefold()
    return _strip_edges(" ".join(text.split()))


@lru_cache(maxsize=16384)
def fold(text: str) -> str:
    """Return a matching key: normalised, punctuation turned to spaces, spelling variants folded."""
    text = unicodedata.normalize("NFKD", text.translate(_INVISIBLE))
    text = _LATIN_MARKS_AND_NUKTA.sub("", text)
    text = unicodedata.normalize("NFC", text).translate(_DEVANAGARI_FOLD)
    text = _HALF_NASAL.sub("\u0902", text)
    text = to_ascii_digits(text).casefold().translate(_APOSTROPHES)
    text = "".join(" " if _is_punct_or_symbol(ch) else ch for ch in text)
    return " ".join(text.split())


def _prepare(text: str) -> str:
    """Return text ready for identifier extraction: NFKC, no invisible characters, ASCII digits, letters said in Devanagari written out."""
    text = to_ascii_digits(unicodedata.normalize("NFKC", text).translate(_INVISIBLE))
    if text.isascii():
        return text
    return _SPOKEN_LETTER.sub(lambda m: _LETTER_NAMES[m.group(0)], text)


# Voice typing writes the letters of a PAN or a Udyam number as their names in Devanagari: "सी क्यू एन पी एम 6043 एच".
_LETTER_NAMES = {
    "ए": "A", "बी": "B", "सी": "C", "डी": "D", "ई": "E", "एफ": "F", "जी": "G", "एच": "H", "आई": "I", "जे": "J", "के": "K", "एल": "L",
    "एम": "M", "एन": "N", "ओ": "O", "पी": "P", "क्यू": "Q", "आर": "R", "एस": "S", "टी": "T", "यू": "U", "वी": "V", "डब्ल्यू": "W",
    "एक्स": "X", "वाई": "Y", "ज़ेड": "Z", "जेड": "Z", "यूपी": "UP", "उद्यम": "UDYAM", "यूडीवाईएएम": "UDYAM",
}
_SPOKEN_LETTER = re.compile("(?<![\u0900-\u097f])(?:" + "|".join(sorted(map(re.escape, _LETTER_NAMES), key=len, reverse=True)) + ")(?![\u0900-\u097f])")


_TOKEN = re.compile(r"[A-Z0-9]+")
_JOINABLE_GAP = re.compile(r"[\s.\-_/]{1,3}")


def _joined_candidates(text: str, length: int) -> Iterator[str]:
    """Yield runs of adjacent ASCII alphanumeric tokens (split by spaces, dots, hyphens) of `length` chars."""
    upper = _prepare(text).upper()
    tokens = list(_TOKEN.finditer(upper))
    for i, first in enumerate(tokens):
        joined = first.group()
        if len(joined) == length:
            yield joined
            continue
        for prev, tok in zip(tokens[i:], tokens[i + 1 :]):
            if len(joined) > length or not _JOINABLE_GAP.fullmatch(upper, prev.end(), tok.start()):
                break
            joined += tok.group()
            if len(joined) == length:
                yield joined
                break


# --------------------------------------------------------------------------- PAN

PAN_HOLDER_TYPES = frozenset("ABCFGHLJPT")
"""Fourth PAN letters the Income Tax Department issues today (stdnum also accepts the retired K)."""

PAN_TYPES_FOR_ENTERPRISE: dict[str, frozenset[str]] = {
    "proprietorship": frozenset("P"),
    "partnership": frozenset("F"),
    "llp": frozenset("F"),
    "company": frozenset("C"),
    "trust": frozenset("TA"),
    "society": frozenset("AT"),
    "other": PAN_HOLDER_TYPES,
}

_PAN_SHAPE = re.compile(r"[A-Z]{5}[0-9]{4}[A-Z]")


def _pan_error(candidate: str) -> str | None:
    """Return the error code for a PAN-shaped candidate, or None when it is valid."""
    if candidate[3] not in PAN_HOLDER_TYPES:
        return "pan_type"
    return None if _pan.is_valid(candidate) else "pan_format"


def find_pan(text: str) -> str:
    """Return the first valid PAN in text as ABCPK1234F or raise InvalidInput(pan_format|pan_type)."""
    first_error = None
    for candidate in _joined_candidates(text, 10):
        if not _PAN_SHAPE.fullmatch(candidate):
            continue
        error = _pan_error(candidate)
        if error is None:
            return candidate
        first_error = first_error or error
    raise InvalidInput(first_error or "pan_format")


def pan_fits_enterprise(pan: str, enterprise_type: str) -> bool:
    """Return whether the PAN's holder letter suits the GeM enterprise type (ValueError if type unknown)."""
    try:
        allowed = PAN_TYPES_FOR_ENTERPRISE[enterprise_type]
    except KeyError:
        raise ValueError(f"unknown enterprise type: {enterprise_type!r}") from None
    compact = _pan.compact(pan)
    return len(compact) == 10 and compact[3] in allowed


def mask_pan(pan: str) -> str:
    """Return the PAN masked the CBDT way: ABCPK1234F → ABCPKXXXXF."""
    return _pan.mask(pan)


# --------------------------------------------------------------------------- GSTIN

UP_STATE_CODE = "09"
_GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_GSTIN_SHAPE = re.compile(r"[0-9]{2}[A-Z]{5}[0-9]{4}[A-Z][0-9A-Z]{3}")
# stdnum 2.2's state table stops at 37; these codes are real but it rejects them.
_GSTIN_EXTRA_STATE_CODES = frozenset({"38", "97", "99"})


def _gstin_error(candidate: str) -> str | None:
    """Return the error code for a GSTIN-shaped candidate, or None when it is valid."""
    try:
        _gstin.validate(candidate)
    except InvalidChecksum:
        return "gstin_checksum"
    except ValidationError:
        if not (
            candidate[:2] in _GSTIN_EXTRA_STATE_CODES
            and candidate[12] != "0"
            and candidate[13] == "Z"
            and _pan.is_valid(candidate[2:12])
        ):
            return "gstin_format"
        if not luhn.is_valid(candidate, _GSTIN_ALPHABET):
            return "gstin_checksum"
    if candidate[5] not in PAN_HOLDER_TYPES:
        return "gstin_format"
    return None


def find_gstin(text: str) -> str:
    """Return the first valid GSTIN in text or raise InvalidInput(gstin_format|gstin_checksum)."""
    first_error = None
    for candidate in _joined_candidates(text, 15):
        if not _GSTIN_SHAPE.fullmatch(candidate):
            continue
        error = _gstin_error(candidate)
        if error is None:
            return candidate
        first_error = first_error or error
    raise InvalidInput(first_error or "gstin_format")


def find_gstins(text: str) -> list[str]:
    """Return the different valid GSTINs in text, in the order written."""
    return list(dict.fromkeys(c for c in _joined_candidates(text, 15) if _GSTIN_SHAPE.fullmatch(c) and _gstin_error(c) is None))


def gstin_state_code(gstin: str) -> str:
    """Return the two-digit state code of a GSTIN ("09" for Uttar Pradesh)."""
    return _gstin.compact(gstin)[:2]


def gstin_pan(gstin: str) -> str:
    """Return the PAN embedded in a GSTIN."""
    return _gstin.to_pan(gstin)


# --------------------------------------------------------------------------- Udyam / UAM

_SEP = r"[\s.\-_/:]*"
_UDYAM_RE = re.compile(
    rf"(?<![A-Z0-9])(UDYAM|UDYM|UDAYAM|UDHYAM|उद्यम)?{_SEP}"
    rf"([A-Z]{{2}}){_SEP}([0-9]{{2}}){_SEP}([0-9]{{7}})(?![A-Z0-9])"
)
_UAM_RE = re.compile(
    rf"(?<![A-Z0-9])[A-Z]{{2}}{_SEP}[0-9]{{2}}{_SEP}[A-Z]{_SEP}[0-9]{{7}}(?![A-Z0-9])"
)
# State codes seen in Udyam numbers; only needed when the "UDYAM" prefix was left out.
_UDYAM_STATES = frozenset(
    "AN AP AR AS BR CG CH CT DD DH DL DN GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR "
    "PB PY RJ SK TG TN TR TS UK UP UT WB".split()
)


def find_udyams(text: str) -> list[str]:
    """Return the different Udyam numbers in text as UDYAM-UP-12-0012345, in the order written."""
    found = (m.groups() for m in _UDYAM_RE.finditer(_prepare(text).upper()))
    return list(dict.fromkeys(f"UDYAM-{state}-{district}-{serial}" for prefix, state, district, serial in found
                              if prefix or state in _UDYAM_STATES))


def find_udyam(text: str) -> str:
    """Return the Udyam number as UDYAM-UP-12-0012345 or raise InvalidInput(udyam_format|udyam_is_uam)."""
    numbers = find_udyams(text)
    if numbers:
        return numbers[0]
    upper = _prepare(text).upper()
    if _UAM_RE.search(upper):
        raise InvalidInput("udyam_is_uam")
    raise InvalidInput("udyam_format")


# --------------------------------------------------------------------------- mobile, email, IFSC

_MOBILE_TYPES = frozenset(
    {phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE}
)


def find_mobiles(text: str) -> list[str]:
    """Return the different Indian mobile numbers in text as +91XXXXXXXXXX, in the order written."""
    found: list[str] = []
    for match in phonenumbers.PhoneNumberMatcher(_prepare(text), "IN"):
        number = match.number
        national = str(number.national_number)
        if (
            number.country_code == 91
            and len(national) == 10
            and national[0] in "6789"
            and phonenumbers.number_type(number) in _MOBILE_TYPES
        ):
            e164 = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
            if e164 not in found:
                found.append(e164)
    return found


def find_mobile(text: str) -> str:
    """Return the first Indian mobile number in text as +91XXXXXXXXXX or raise InvalidInput(mobile_format)."""
    found = find_mobiles(text)
    if not found:
        raise InvalidInput("mobile_format")
    return found[0]


_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
_EMAIL_RE = re.compile(  # the address begins with a letter, digit or "_": in "Email:-ram@gmail.com" the dash is not part of it
    r"(?<![A-Za-z0-9._%+@])"
    r"([A-Za-z0-9_](?:[A-Za-z0-9._%+\-]*[A-Za-z0-9_%+\-])?)"
    rf"@((?:{_LABEL}\.)+[A-Za-z]{{2,}})"
    r"(?![A-Za-z0-9\-@]|\.[A-Za-z0-9])"
)


_SPOKEN_AT = re.compile(r"\s+(?:at\s*the\s*rate(?:\s*of)?|at\s*rate|at|एट\s*द\s*रेट|एट)\s+(?=[A-Za-z0-9-]+(?:\s*(?:\.|dot|डॉट)\s*[A-Za-z]{2,})+)", re.I)
_SPOKEN_DOT = re.compile(r"\s*\b(?:dot|डॉट)\b\s*|\s+\.\s+", re.I)


_SPOKEN_SIGNS = ((re.compile(r"\s+(?:underscore|अंडरस्कोर)\s+", re.I), "_"), (re.compile(r"\s+(?:hyphen|dash|हाइफ़न|हाइफन)\s+", re.I), "-"))
_SPACED_AT = re.compile(r"(?<=[A-Za-z0-9_%+\-])[ \t]*@[ \t]*(?=[A-Za-z0-9])")
_SPACED_DOMAIN = re.compile(r"@[A-Za-z0-9\-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9\-]+)+")
_SAID_AT = re.compile(r"@|\bat\s*the\s*rate\b|\battherate\b|एट\s*द\s*रेट|\b(?:gmail|yahoo|rediffmail|hotmail|outlook)\b|जीमेल|\.com\b|\bdot\s*com\b|डॉट\s*कॉम",
                      re.I)


_DOMAINS_IN_DEVANAGARI = ((re.compile(r"जीमेल"), "gmail"), (re.compile(r"याहू"), "yahoo"), (re.compile(r"रेडिफ\s*मेल"), "rediffmail"),
                          (re.compile(r"हॉटमेल"), "hotmail"), (re.compile(r"आउटलुक"), "outlook"), (re.compile(r"डॉट\s*कॉम"), "dot com"),
                          (re.compile(r"डॉट\s*इन\b"), "dot in"))


def spoken_email(text: str) -> str:
    """Return text with an email said in words or typed with spaces written as one ("ramesh at the rate gmail dot com", "ram @ gmail .com")."""
    if "@" not in text and re.search(r"[A-Za-z0-9]\s+एट", text):  # "sharmaimarti एट द रेट जीमेल डॉट कॉम": the mailbox typed in Latin letters
        for said_in_hindi, domain in _DOMAINS_IN_DEVANAGARI:
            text = said_in_hindi.sub(domain, text)
    said = text if "@" in text else _SPOKEN_AT.sub("@", " " + text)
    if "@" not in said:
        return text
    said = _SPOKEN_DOT.sub(".", said)
    for spoken, sign in _SPOKEN_SIGNS:
        said = spoken.sub(sign, said)
    said = _SPACED_AT.sub("@", said)
    return _SPACED_DOMAIN.sub(lambda m: re.sub(r"[ \t]+", "", m.group(0)), said).strip()


def says_email(text: str) -> bool:
    """Say whether an answer gives an email, with "@", "at the rate" or a mail domain, whether or not it can be read."""
    return bool(_SAID_AT.search(text))


def word_before_email(text: str, email: str) -> str | None:
    """Return the word just before an email in text, when a space is all that parts them ("ramesh traders@gmail.com" → "ramesh")."""
    at = text.lower().find(email.lower())
    head = text[:at] if at > 0 else ""
    if not head.endswith((" ", "\t")):
        return None
    words = head.split()
    return words[-1] if words else None


def find_email(text: str) -> str:
    """Return the first plausible email address (domain lower-cased) or raise InvalidInput(email_format)."""
    for m in _EMAIL_RE.finditer(_prepare(text)):
        local, domain = m.groups()
        if ".." not in local and len(local) <= 64 and len(domain) <= 253:
            return f"{local}@{domain.lower()}"
    raise InvalidInput("email_format")


_IFSC_SHAPE = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")


def find_ifsc(text: str) -> str:
    """Return the first IFSC in text (upper case) or raise InvalidInput(ifsc_format)."""
    for candidate in _joined_candidates(text, 11):
        if _IFSC_SHAPE.fullmatch(candidate):
            return candidate
    raise InvalidInput("ifsc_format")


# --------------------------------------------------------------------------- Aadhaar and redaction

# Between the digits of an Aadhaar number people and phones put spaces of every width, hyphens and
# dashes, dots, slashes, commas, underscores and invisible zero-width characters, often mixed.
_AADHAAR_GAP = r"[\s\u00ad\u200b-\u200d\u2060\ufeff.,:/\\_\-\u2010-\u2015\u00b7]"
_DIGIT_CHAIN = re.compile(f"[0-9]+(?:{_AADHAAR_GAP}{{1,4}}[0-9]+)*")
_DIGIT_RUN = re.compile("[0-9]+")
_ANY_DIGIT = re.compile(r"\d")  # a decimal digit of any script, as to_ascii_digits reads them
_PAN_LOOSE_RE = re.compile(
    r"(?<![A-Za-z0-9])[A-Za-z]{5}[ \-]?[0-9]{4}[ \-]?[A-Za-z](?![A-Za-z0-9])"
)
_GSTIN_HEAD = re.compile(r"[0-9]{2}[ \-]?$")
_GSTIN_TAIL = re.compile(r"[ \-]?[0-9A-Za-z][Zz][0-9A-Za-z](?![A-Za-z0-9])")


def aadhaar_spans(text: str) -> list[tuple[int, int, str]]:
    """Return (start, end, 12 ASCII digits) for every Verhoeff-valid Aadhaar number in text, however its digits are spaced."""
    if len(_ANY_DIGIT.findall(text)) < 12:
        return []  # most messages: fewer digits than one Aadhaar number holds
    view = to_ascii_digits(text)  # one code point per digit, so indices stay valid
    spans: list[tuple[int, int, str]] = []
    for chain in _DIGIT_CHAIN.finditer(view):
        runs = [(m.start(), m.end()) for m in _DIGIT_RUN.finditer(view, chain.start(), chain.end())]
        # A number after "+" is a phone number in international form, not an Aadhaar number.
        first = 1 if chain.start() and view[chain.start() - 1] == "+" else 0
        for i in range(first, len(runs)):
            # The number is twelve digits written whole, or in groups of at most four (4-4-4, digit by digit, ...).
            count, j = 0, i
            while j < len(runs) and count < 12:
                width = runs[j][1] - runs[j][0]
                if width > 4 and not (width == 12 and j == i):
                    break
                count, j = count + width, j + 1
            if count != 12:
                continue
            start, end = runs[i][0], runs[j - 1][1]
            digits = "".join(view[s:e] for s, e in runs[i:j])
            if digits[0] in "23456789" and verhoeff.is_valid(digits) and not (spans and start < spans[-1][1]):
                spans.append((start, end, digits))
    return spans


def contains_aadhaar(text: str) -> bool:
    """Return whether text holds an Aadhaar number."""
    return bool(aadhaar_spans(text))


def _pan_spans(view: str) -> list[tuple[int, int, str]]:
    """Return (start, end, mask) for PAN-shaped tokens in view, skipping PANs inside a GSTIN."""
    spans = []
    for m in _PAN_LOOSE_RE.finditer(view):
        if _GSTIN_HEAD.search(view, max(0, m.start() - 3), m.start()) and _GSTIN_TAIL.match(
            view, m.end()
        ):
            continue
        compact = re.sub(r"[ \-]", "", m.group()).upper()
        spans.append((m.start(), m.end(), mask_pan(compact)))
    return spans


def contains_pan(text: str) -> bool:
    """Return whether text holds a PAN-shaped code outside a GSTIN."""
    return bool(_pan_spans(to_ascii_digits(text)))


def mask_aadhaar(text: str) -> str:
    """Return text with every Aadhaar number shown as XXXX XXXX 1234, nothing else changed."""
    for start, end, digits in reversed(aadhaar_spans(text)):
        text = text[:start] + "XXXX XXXX " + digits[-4:] + text[end:]
    return text


def redact(text: str) -> str:
    """Return text with Aadhaar numbers shown as XXXX XXXX 1234 and PANs masked."""
    view = to_ascii_digits(text)  # one code point per digit, so indices stay valid
    spans = [(s, e, "XXXX XXXX " + digits[-4:]) for s, e, digits in aadhaar_spans(text)]
    spans += _pan_spans(view)
    for start, end, replacement in sorted(spans, reverse=True):
        text = text[:start] + replacement + text[end:]
    return text


# --------------------------------------------------------------------------- yes / no / choices

_FILLERS = frozenset(
    "ji jee जी hai he है hain हैं sir madam mam please pls plz thanks thank you mujhe मुझे i".split()
)
_NAHI = ("nahi", "nahin", "nhi", "nai", "nahee", "nahii", "nahiin")
_PATA = ("pata", "pta", "pataa")
_MALOOM = ("maloom", "malum", "maalum", "maaloom")
_DEVA_NAHI = ("नहीं", "नही", "नइ")
_DEVA_PATA = ("पता", "मालूम", "मालुम")

_UNKNOWN = frozenset(
    {f"{w} {n}" for w in _PATA + _MALOOM for n in _NAHI}
    | {f"{n} {w}" for w in _PATA + _MALOOM for n in _NAHI}
    | {f"{w} {n}" for w in _DEVA_PATA for n in _DEVA_NAHI}
    | {f"{n} {w}" for w in _DEVA_PATA for n in _DEVA_NAHI}
    | {"dont know", "do not know", "dunno", "idk", "not sure", "no idea", "dont know sir"}
)
_NO = frozenset(
    {"no", "n", "nope", "nah", "na", "naa", "नहीं", "नही", "ना", "नहि"}
    | set(_NAHI)
    | {"no no", "bilkul nahi", "बिल्कुल नहीं"}
)
_YES = frozenset(
    {
        "yes", "y", "yeah", "yep", "yup", "yes yes", "ya", "yaa", "yah",
        "haan", "han", "ha", "haa", "haaa", "haanji", "hanji", "haji", "ji haan", "ji han",
        "haan ji", "han ji", "ji", "jee", "hai", "है", "bilkul", "bilkul haan",
        "हां", "हा", "हाँ", "जी", "जी हां", "हां जी", "बिल्कुल", "बिलकुल",
        "hai na", "haan na", "है ना", "हाँ ना",  # "of course there is": the "na" asks for agreement, it does not deny
    }
)


def _fold_set(words: frozenset[str]) -> frozenset[str]:
    """Return the folded form of every phrase."""
    return frozenset(fold(w) for w in words)


_UNKNOWN, _NO, _YES = _fold_set(_UNKNOWN), _fold_set(_NO), _fold_set(_YES)


def _core_words(text: str, fillers: frozenset[str] = _FILLERS) -> tuple[str, str]:
    """Return (folded text, folded text without leading/trailing filler words or repeats)."""
    words = fold(text).split()
    deduped = [w for i, w in enumerate(words) if i == 0 or w != words[i - 1]]
    core = list(deduped)
    while core and core[0] in fillers:
        core.pop(0)
    while core and core[-1] in fillers:
        core.pop()
    return " ".join(words), " ".join(core or deduped)


_HONORIFIC_FIRST = frozenset(fold(w) for w in ("ji", "jee", "जी", "sir", "सर"))


# A message of nothing but these signs answers a yes/no question: a thumbs-up is how many say yes on WhatsApp. Skin tones,
# the emoji variation selector and repeats ("👍🏽👍") change nothing.
_YES_SIGNS = frozenset("👍👌✅✔☑")
_NO_SIGNS = frozenset("👎❌✖❎")
_SIGN_MARKS = frozenset("\ufe0f\U0001f3fb\U0001f3fc\U0001f3fd\U0001f3fe\U0001f3ff ")


def signed_yes_no(text: str) -> str | None:
    """Return "yes" or "no" for a message of nothing but signs of one of them ("👍", "❌"), else None."""
    signs = {ch for ch in text if ch not in _SIGN_MARKS}
    return "yes" if signs and signs <= _YES_SIGNS else "no" if signs and signs <= _NO_SIGNS else None


def parse_yes_no(text: str, *, signs: bool = True) -> str | None:
    """Return "yes", "no" or "unknown" for a whole-message answer in English, Hindi or Hinglish (or a thumbs-up), else None."""
    if signs and (signed := signed_yes_no(text)):
        return signed
    full, core = _core_words(text)
    words = fold(text).split()
    while len(words) > 1 and words[-1] in _FILLERS:
        words.pop()  # "hai na ji": the "hai" that begins it is part of the answer
    while len(words) > 1 and words[0] in _HONORIFIC_FIRST:
        words.pop(0)  # "ji hai na"
    for phrase in (full, " ".join(words), core):
        if phrase in _UNKNOWN:
            return "unknown"
        if phrase in _NO:
            return "no"
        if phrase in _YES:
            return "yes"
    return None


# Ordinal words, the one list: whole answers here ("teesra"), and inside sentences in understanding.position_in.
ORDINAL_WORDS = {
    "first": 1, "1st": 1, "pehla": 1, "pahla": 1, "pehala": 1, "pehle": 1, "pahle": 1, "pehli": 1, "pratham": 1, "पहला": 1, "पहले": 1, "पहली": 1,
    "pehlo": 1, "पहलो": 1,  # Braj and Bundeli: "पहलो वालो"
    "pahilka": 1, "पहिलका": 1, "dusarka": 2, "दूसरका": 2, "tisarka": 3, "तीसरका": 3,  # Bhojpuri: "दूसरका"
    "प्रथम": 1, "द्वितीय": 2, "dwitiya": 2, "dvitiya": 2, "तृतीय": 3, "tritiya": 3, "चतुर्थ": 4, "chaturth": 4, "पंचम": 5, "pancham": 5,  # formal
    "second": 2, "2nd": 2, "dusra": 2, "doosra": 2, "dusara": 2, "dusre": 2, "doosre": 2, "dusri": 2, "दूसरा": 2, "दुसरा": 2, "दूसरे": 2,
    "दूसरी": 2, "dusro": 2, "दूसरो": 2,
    "third": 3, "3rd": 3, "teesra": 3, "tisra": 3, "teesre": 3, "tisre": 3, "tisri": 3, "तीसरा": 3, "तीसरे": 3, "तीसरी": 3, "teesro": 3, "तीसरो": 3,
    "fourth": 4, "4th": 4, "chautha": 4, "chotha": 4, "chauthe": 4, "चौथा": 4, "चौथे": 4,
    "chautho": 4, "चौथो": 4,
    "fifth": 5, "5th": 5, "panchva": 5, "panchwa": 5, "पाँचवाँ": 5, "पांचवां": 5, "panchvo": 5, "paanchvo": 5, "पांचवो": 5,
}
_ORDINALS = {fold(word): number for word, number in ORDINAL_WORDS.items()}
_NUMBER_CHOICE = re.compile(
    r"(?:(?:option|opt|choice|number|num|no|nr|nambar|नंबर|नम्बर|विकल्प|vikalp)\s*)?"
    r"([0-9]{1,3})(?:\s*(?:number|नंबर|wala|vala|वाला|option))?"
)


def parse_number_choice(text: str, count: int) -> int | None:
    """Return the 1-based option number typed ("2", "२", "option 2", "no. 2") if within 1..count."""
    _, core = _core_words(text)
    m = _NUMBER_CHOICE.fullmatch(core)
    if m:
        number = int(m.group(1))
    elif core.removesuffix(" option") in _ORDINALS:
        number = _ORDINALS[core.removesuffix(" option")]
    else:
        return None
    return number if 1 <= number <= count else None


_FUZZY_MIN_SCORE = 85.0
_FUZZY_MIN_MARGIN = 5.0
_FUZZY_MIN_LENGTH = 4


def _digits_of(text: str) -> str:
    """Return the figures written in a text, in order."""
    return "".join(ch for ch in text if ch.isdigit())


class _OptionTable:
    """Hold an option table ready for matching: its ids, each synonym folded and looked up whole, and the synonyms by the figures they hold."""

    __slots__ = ("ids", "whole", "by_figures", "longest")

    def __init__(self, options: tuple[tuple[str, tuple[str, ...]], ...]) -> None:
        self.ids = tuple(oid for oid, _ in options)
        self.whole: dict[str, set[str]] = {}
        self.by_figures: dict[str, tuple[list[str], list[str]]] = {}
        for oid, synonyms in options:
            for folded in (fold(s) for s in synonyms):
                self.whole.setdefault(folded, set()).add(oid)
                spelled, ids = self.by_figures.setdefault(_digits_of(folded), ([], []))
                spelled.append(folded)
                ids.append(oid)
        # the longest synonym per figures: an answer over one and a half times as long is no slip of the finger on any of them
        self.longest = {figures: max(map(len, spelled)) for figures, (spelled, _) in self.by_figures.items()}


@lru_cache(maxsize=1024)
def _option_table(options: tuple[tuple[str, tuple[str, ...]], ...]) -> _OptionTable:
    """Return an option table ready for matching, once per table."""
    return _OptionTable(options)


def match_option(text: str, options: list[tuple[str, list[str]]] | tuple[tuple[str, tuple[str, ...]], ...]) -> str | None:
    """Return the id of the option whose synonym the whole message names (exact, close typo or number)."""
    table = _option_table(options if isinstance(options, tuple) else tuple((oid, tuple(syns)) for oid, syns in options))
    full, core = _core_words(text)
    for phrase in (full, core):
        hits = table.whole.get(phrase)
        if hits and len(hits) == 1:
            return next(iter(hits))
        if hits:
            return None
    number = parse_number_choice(text, len(table.ids))
    if number is not None:
        return table.ids[number - 1]
    if len(core) < _FUZZY_MIN_LENGTH:
        return None
    # A near spelling is a slip of the finger, never a different figure: "1 crore se jyada" is not "10 crore se zyada".
    figures = _digits_of(core)
    if 2 * len(core) > 3 * table.longest.get(figures, 0):
        return None  # two texts whose lengths differ so much share too few letters to score the least a winner needs
    spelled, ids = table.by_figures[figures]
    best: dict[str, float] = {}
    # An option scoring below the least score that could come within the margin of a winner changes no outcome.
    for _, score, index in process.extract(core, spelled, scorer=fuzz.ratio, limit=None, score_cutoff=_FUZZY_MIN_SCORE - _FUZZY_MIN_MARGIN):
        oid = ids[index]
        best[oid] = max(best.get(oid, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: kv[1], reverse=True)
    if not ranked or ranked[0][1] < _FUZZY_MIN_SCORE:
        return None
    if len(ranked) > 1 and ranked[0][1] - ranked[1][1] < _FUZZY_MIN_MARGIN:
        return None
    return ranked[0][0]
