"""Test identifier extraction, redaction, and yes/no and choice parsing with tables of real input."""

from __future__ import annotations

import pytest
from stdnum import luhn, verhoeff
from stdnum.in_ import gstin as stdnum_gstin

from bot.engine.validators import (
    PAN_HOLDER_TYPES,
    PAN_TYPES_FOR_ENTERPRISE,
    UP_STATE_CODE,
    InvalidInput,
    aadhaar_spans,
    contains_aadhaar,
    find_email,
    find_gstin,
    find_ifsc,
    find_mobile,
    find_pan,
    find_udyam,
    fold,
    gstin_pan,
    gstin_state_code,
    mask_pan,
    match_option,
    normalise,
    pan_fits_enterprise,
    parse_number_choice,
    parse_yes_no,
    redact,
    to_ascii_digits,
)

GSTIN_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def _gstin(first14: str) -> str:
    """Return first14 completed with its correct GSTIN check character."""
    return first14 + luhn.calc_check_digit(first14, GSTIN_ALPHABET)


def _aadhaar(first11: str) -> str:
    """Return first11 completed with its Verhoeff check digit."""
    return first11 + verhoeff.calc_check_digit(first11)


UP_GSTIN = _gstin("09ABCPK1234F1Z")  # 09ABCPK1234F1Z3
UP_GSTIN_COMPANY = _gstin("09AAACR5055K2Z")
AADHAAR = "234123412346"  # UIDAI-style test number, Verhoeff-valid
AADHAAR_2 = _aadhaar("50000000000")
AADHAAR_BAD = "234123412347"


def _cases(table):
    """Return pytest params from (id, *values) rows."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def _raises_code(func, text: str) -> str:
    with pytest.raises(InvalidInput) as info:
        func(text)
    return info.value.code


def test_test_fixtures_are_what_they_claim() -> None:
    assert UP_GSTIN == "09ABCPK1234F1Z3"
    assert stdnum_gstin.is_valid(UP_GSTIN) and stdnum_gstin.is_valid(UP_GSTIN_COMPANY)
    assert verhoeff.is_valid(AADHAAR) and verhoeff.is_valid(AADHAAR_2)
    assert not verhoeff.is_valid(AADHAAR_BAD)


def test_invalid_input_is_a_value_error_with_a_code() -> None:
    error = InvalidInput("pan_format")
    assert isinstance(error, ValueError)
    assert error.code == "pan_format"


# --------------------------------------------------------------------------- text basics

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("devanagari", "०१२३४५६७८९", "0123456789"),
        ("mixed", "पिन २२६००१", "पिन 226001"),
        ("bengali", "১২৩", "123"),
        ("arabic-indic", "٤٥٦", "456"),
        ("fullwidth", "７８９", "789"),
        ("ascii-untouched", "abc 123", "abc 123"),
        ("superscript-not-decimal", "x²", "x²"),
    ]),
)
def test_to_ascii_digits(text: str, expected: str) -> None:
    assert to_ascii_digits(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("case-and-space", "  Hello   WORLD ", "hello world"),
        ("edge-punctuation", "...Haan!!", "haan"),
        ("danda", "हाँ।", "हाँ"),
        ("inner-punctuation-kept", "no. 2", "no. 2"),
        ("devanagari-digits", "विकल्प २", "विकल्प 2"),
        ("nfc", "e\u0301", "\u00e9"),
        ("zero-width", "ha\u200ban", "haan"),
        ("emoji-edge", "👍 yes 👍", "yes"),
        ("only-punctuation", "?!", ""),
        ("newlines", "line\none", "line one"),
    ]),
)
def test_normalise(text: str, expected: str) -> None:
    assert normalise(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("nukta", "फ़ैज़ाबाद", "फैजाबाद"),
        ("chandrabindu", "हाँ", "हां"),
        ("half-nasal", "सम्भल", "संभल"),
        ("candra-o", "कॉल", "कोल"),
        ("latin-diacritics", "Prayāgrāj", "prayagraj"),
        ("apostrophe", "Don't know", "dont know"),
        ("punctuation-inside", "kanpur-dehat, up", "kanpur dehat up"),
    ]),
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


# --------------------------------------------------------------------------- PAN

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("plain", "ABCPK1234F", "ABCPK1234F"),
        ("lower", "abcpk1234f", "ABCPK1234F"),
        ("sentence-with-spaces", "my pan is abcpk 1234 f ji", "ABCPK1234F"),
        ("hyphens", "ABCPK-1234-F", "ABCPK1234F"),
        ("dots-between-letters", "A.B.C.P.K.1234.F", "ABCPK1234F"),
        ("devanagari-digits", "पैन नंबर: abcpk१२३४f है", "ABCPK1234F"),
        ("firm", "firm ka PAN AAPFU0939F", "AAPFU0939F"),
        ("company-trailing-dot", "PAN - aaacr5055k.", "AAACR5055K"),
        ("fullwidth", "ＡＢＣＰＫ１２３４Ｆ", "ABCPK1234F"),
        ("newline-padding", "\n  abcpk1234f \n", "ABCPK1234F"),
        ("second-is-valid", "abcxk1234f nahi, abcpk1234f", "ABCPK1234F"),
    ]),
)
def test_find_pan(text: str, expected: str) -> None:
    assert find_pan(text) == expected


@pytest.mark.parametrize(
    "text, code",
    _cases([
        ("empty", "", "pan_format"),
        ("word", "hello", "pan_format"),
        ("nine-chars", "ABCPK1234", "pan_format"),
        ("five-digits", "ABCPK12345", "pan_format"),
        ("four-letters", "ABCP1234F", "pan_format"),
        ("all-digits", "1234567890", "pan_format"),
        ("gstin-not-pan", UP_GSTIN, "pan_format"),
        ("serial-0000", "ACUPA0000R", "pan_format"),
        ("holder-x", "abcxk1234f", "pan_type"),
        ("holder-k-retired", "ABCKK1234F", "pan_type"),
        ("holder-d-in-sentence", "mera pan ABCDE1234F hai", "pan_type"),
    ]),
)
def test_find_pan_rejects(text: str, code: str) -> None:
    assert _raises_code(find_pan, text) == code


@pytest.mark.parametrize(
    "pan, enterprise_type, fits",
    _cases([
        ("proprietor-P", "ABCPK1234F", "proprietorship", True),
        ("proprietor-C", "AAACR5055K", "proprietorship", False),
        ("partnership-F", "AAPFU0939F", "partnership", True),
        ("partnership-P", "ABCPK1234F", "partnership", False),
        ("company-C", "AAACR5055K", "company", True),
        ("company-F", "AAPFU0939F", "company", False),
        ("other-T", "AAATR1234A", "other", True),
        ("other-K", "AAAKR1234A", "other", False),
        ("lower-case-input", "abcpk1234f", "proprietorship", True),
        ("too-short", "ABC", "other", False),
    ]),
)
def test_pan_fits_enterprise(pan: str, enterprise_type: str, fits: bool) -> None:
    assert pan_fits_enterprise(pan, enterprise_type) is fits


def test_pan_types_for_enterprise_table() -> None:
    assert PAN_TYPES_FOR_ENTERPRISE["proprietorship"] == {"P"}
    assert PAN_TYPES_FOR_ENTERPRISE["partnership"] == {"F"}
    assert PAN_TYPES_FOR_ENTERPRISE["company"] == {"C"}
    assert PAN_TYPES_FOR_ENTERPRISE["other"] == set("ABCFGHLJPT") == PAN_HOLDER_TYPES


def test_pan_fits_enterprise_rejects_unknown_type() -> None:
    with pytest.raises(ValueError):
        pan_fits_enterprise("ABCPK1234F", "cooperative-of-cats")


@pytest.mark.parametrize(
    "pan, masked",
    _cases([
        ("individual", "ABCPK1234F", "ABCPKXXXXF"),
        ("domain-example", "AAPPV8261K", "AAPPVXXXXK"),
        ("lower", "abcpk1234f", "ABCPKXXXXF"),
    ]),
)
def test_mask_pan(pan: str, masked: str) -> None:
    assert mask_pan(pan) == masked


# --------------------------------------------------------------------------- GSTIN

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("stdnum-example", "27AAPFU0939F1ZV", "27AAPFU0939F1ZV"),
        ("up", UP_GSTIN, UP_GSTIN),
        ("up-company-second-registration", UP_GSTIN_COMPANY.lower(), UP_GSTIN_COMPANY),
        ("sentence-lower", f"gstin: {UP_GSTIN.lower()} hai ji", UP_GSTIN),
        ("spaced", "09 ABCPK 1234 F 1Z3", UP_GSTIN),
        ("hyphenated", "09-ABCPK1234F-1Z3", UP_GSTIN),
        ("devanagari-digits", "०९ABCPK१२३४F1Z3", UP_GSTIN),
        ("ladakh-38-missing-in-stdnum", _gstin("38ABCPK1234F1Z"), _gstin("38ABCPK1234F1Z")),
        ("other-territory-97", _gstin("97ABCPK1234F1Z"), _gstin("97ABCPK1234F1Z")),
    ]),
)
def test_find_gstin(text: str, expected: str) -> None:
    assert find_gstin(text) == expected


@pytest.mark.parametrize(
    "text, code",
    _cases([
        ("stdnum-bad-check", "27AAPFU0939F1ZO", "gstin_checksum"),
        ("up-bad-check", UP_GSTIN[:-1] + "4", "gstin_checksum"),
        ("typo-in-pan-part", "09ABCPK1243F1Z3", "gstin_checksum"),
        ("ladakh-bad-check", _gstin("38ABCPK1234F1Z")[:-1] + "0", "gstin_checksum"),
        ("fourteen-chars", "27AAPFU0939F1Z", "gstin_format"),
        ("entity-zero", _gstin("09ABCPK1234F0Z"), "gstin_format"),
        ("no-z", _gstin("09ABCPK1234F1A"), "gstin_format"),
        ("unknown-state-40", _gstin("40ABCPK1234F1Z"), "gstin_format"),
        ("retired-holder-k", _gstin("09ABCKK1234F1Z"), "gstin_format"),
        ("pan-only", "ABCPK1234F", "gstin_format"),
        ("word", "gst nahi hai", "gstin_format"),
        ("empty", "", "gstin_format"),
    ]),
)
def test_find_gstin_rejects(text: str, code: str) -> None:
    assert _raises_code(find_gstin, text) == code


def test_gstin_parts() -> None:
    assert UP_STATE_CODE == "09"
    assert gstin_state_code(UP_GSTIN) == UP_STATE_CODE
    assert gstin_state_code("27AAPFU0939F1ZV") == "27"
    assert gstin_pan(UP_GSTIN) == "ABCPK1234F"
    assert gstin_pan("27AAPFU0939F1ZV") == "AAPFU0939F"


# --------------------------------------------------------------------------- Udyam

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("canonical", "UDYAM-UP-12-0012345", "UDYAM-UP-12-0012345"),
        ("lower-spaces", "udyam up 12 0012345", "UDYAM-UP-12-0012345"),
        ("joined-digits", "UDYAM UP 120012345", "UDYAM-UP-12-0012345"),
        ("no-separators", "udyamup120012345", "UDYAM-UP-12-0012345"),
        ("sentence", "mera Udyam no. UDYAM-UP-12-0012345 hai", "UDYAM-UP-12-0012345"),
        ("dots", "udyam.up.12.0012345", "UDYAM-UP-12-0012345"),
        ("hindi-prefix-devanagari-digits", "उद्यम UP-१२-००१२३४५", "UDYAM-UP-12-0012345"),
        ("no-prefix-known-state", "UP-12-0012345", "UDYAM-UP-12-0012345"),
        ("other-state", "UDYAM-DL-01-0000001", "UDYAM-DL-01-0000001"),
    ]),
)
def test_find_udyam(text: str, expected: str) -> None:
    assert find_udyam(text) == expected


@pytest.mark.parametrize(
    "text, code",
    _cases([
        ("serial-five-digits", "UDYAM-UP-12-12345", "udyam_format"),
        ("serial-eight-digits", "UDYAM-UP-12-00123456", "udyam_format"),
        ("district-one-digit", "UDYAM-UP-1-0012345", "udyam_format"),
        ("no-prefix-unknown-state", "XX-12-0012345", "udyam_format"),
        ("word", "udyam nahi hai", "udyam_format"),
        ("empty", "", "udyam_format"),
        ("uam", "UP05A0000001", "udyam_is_uam"),
        ("uam-spaced-lower", "up 05 a 0000001", "udyam_is_uam"),
        ("uam-sentence", "mera udyog aadhaar UP05A0000001 hai", "udyam_is_uam"),
        ("uam-devanagari-digits", "UP०५A००००००१", "udyam_is_uam"),
    ]),
)
def test_find_udyam_rejects(text: str, code: str) -> None:
    assert _raises_code(find_udyam, text) == code


# --------------------------------------------------------------------------- mobile

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("ten-digits", "9876543210", "+919876543210"),
        ("zero-prefix", "09876543210", "+919876543210"),
        ("plus91-spaced", "+91 98765 43210", "+919876543210"),
        ("91-no-plus", "919876543210", "+919876543210"),
        ("plus91-hyphens", "+91-98765-43210.", "+919876543210"),
        ("0091", "0091 9876543210", "+919876543210"),
        ("devanagari", "९८७६५४३२१०", "+919876543210"),
        ("sentence", "mera number 98765 43210 hai", "+919876543210"),
        ("whatsapp-from", "whatsapp:+919876543210", "+919876543210"),
        ("starts-6", "6000000000", "+916000000000"),
        ("starts-7", "7012345678", "+917012345678"),
        ("starts-8", "8123456789", "+918123456789"),
        ("after-pin-code", "pin 226001, mob 98765-43210", "+919876543210"),
    ]),
)
def test_find_mobile(text: str, expected: str) -> None:
    assert find_mobile(text) == expected


@pytest.mark.parametrize(
    "text",
    _cases([
        ("starts-5", "5876543210"),
        ("landline", "0522 2345678"),
        ("too-short", "98765"),
        ("eleven-digits", "98765432101"),
        ("foreign", "+1 650 253 0000"),
        ("aadhaar", AADHAAR),
        ("letters", "call me"),
        ("empty", ""),
    ]),
)
def test_find_mobile_rejects(text: str) -> None:
    assert _raises_code(find_mobile, text) == "mobile_format"


# --------------------------------------------------------------------------- email

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("plain", "ram@gmail.com", "ram@gmail.com"),
        ("domain-lowered-local-kept", "Ram.Kumar@Gmail.COM", "Ram.Kumar@gmail.com"),
        ("sentence-plus-tag", "email: ram_k+gem@company.co.in hai", "ram_k+gem@company.co.in"),
        ("trailing-dot", "ram@gmail.com.", "ram@gmail.com"),
        ("angle-brackets", "<udyog@mail.up.gov.in>", "udyog@mail.up.gov.in"),
        ("devanagari-digits", "ram१२३@gmail.com", "ram123@gmail.com"),
        ("hyphen-domain", "sales@shree-ram-traders.in", "sales@shree-ram-traders.in"),
    ]),
)
def test_find_email(text: str, expected: str) -> None:
    assert find_email(text) == expected


@pytest.mark.parametrize(
    "text",
    _cases([
        ("no-at", "ramgmail.com"),
        ("no-dot-in-domain", "ram@gmail"),
        ("space-before-at", "ram @gmail.com"),
        ("space-after-at", "ram@ gmail.com"),
        ("double-dot-local", "ram..k@gmail.com"),
        ("two-ats", "a@b@c.com"),
        ("no-local", "@gmail.com"),
        ("one-letter-tld", "ram@gmail.c"),
        ("empty", ""),
    ]),
)
def test_find_email_rejects(text: str) -> None:
    assert _raises_code(find_email, text) == "email_format"


# --------------------------------------------------------------------------- IFSC

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("plain", "SBIN0001234", "SBIN0001234"),
        ("lower", "sbin0001234", "SBIN0001234"),
        ("spaced", "IFSC: sbin 0001234", "SBIN0001234"),
        ("letters-in-branch", "HDFC0ABC123", "HDFC0ABC123"),
        ("sentence", "ifsc code hai PUNB0123400 ji", "PUNB0123400"),
        ("devanagari-digits", "SBIN०००१२३४", "SBIN0001234"),
    ]),
)
def test_find_ifsc(text: str, expected: str) -> None:
    assert find_ifsc(text) == expected


@pytest.mark.parametrize(
    "text",
    _cases([
        ("fifth-not-zero", "SBIN1001234"),
        ("letter-o-for-zero", "SBINO001234"),
        ("ten-chars", "SBIN000123"),
        ("twelve-chars", "SBIN00012345"),
        ("digits", "1234"),
        ("empty", ""),
    ]),
)
def test_find_ifsc_rejects(text: str) -> None:
    assert _raises_code(find_ifsc, text) == "ifsc_format"


# --------------------------------------------------------------------------- Aadhaar and redaction

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("bare", AADHAAR, [(0, 12, AADHAAR)]),
        ("spaced-4-4-4", "2341 2341 2346", [(0, 14, AADHAAR)]),
        ("hyphenated", "2341-2341-2346", [(0, 14, AADHAAR)]),
        ("in-sentence", "mera aadhaar 2341 2341 2346 hai", [(13, 27, AADHAAR)]),
        ("devanagari", "आधार २३४१२३४१२३४६", [(5, 17, AADHAAR)]),
        ("two", f"{AADHAAR} aur {AADHAAR_2}", [(0, 12, AADHAAR), (17, 29, AADHAAR_2)]),
        ("bad-checksum", AADHAAR_BAD, []),
        ("starts-with-1", _aadhaar("12341234123"), []),
        ("thirteen-digits", "1" + AADHAAR, []),
        ("part-of-longer-run", AADHAAR + "5", []),
        ("e164-phone-not-aadhaar", "+919876543200", []),
        ("eleven-digits", AADHAAR[:-1], []),
        ("no-digits", "aadhaar linked hai", []),
    ]),
)
def test_aadhaar_spans(text: str, expected: list[tuple[int, int, str]]) -> None:
    assert aadhaar_spans(text) == expected


@pytest.mark.parametrize(
    "written",
    [
        "2341.2341.2346", "2341/2341/2346", "2341_2341_2346", "2341,2341,2346", "2341 - 2341 - 2346", "2341\u20132341\u20132346",
        "2341\u200b2341\u200b2346", "2341\u200d2341\u200d2346", "2341\u20602341\u20602346", "2341\u202f2341\u202f2346",
        "2 3 4 1 2 3 4 1 2 3 4 6", "2341 2341-2346", "2341. 2341. 2346", "२३४१.2341.२३४६", "\u200b".join(AADHAAR),
    ],
)
def test_aadhaar_is_found_with_every_separator_people_and_phones_use(written: str) -> None:
    assert [digits for _, _, digits in aadhaar_spans(f"mera aadhaar {written} hai")] == [AADHAAR]
    assert redact(f"no. {written}") == "no. XXXX XXXX 2346"


@pytest.mark.parametrize(
    "text",
    ["+91 98765 43210", "91 98765 43210", "call 98765 43210", "9876543210, 9876543211", "1" + AADHAAR, "UDYAM-UP-12-0012345",
     "2341 2341 234", "GSTIN 09ABCPK1234F1Z3"],
)
def test_numbers_that_are_not_aadhaar_are_left_alone(text: str) -> None:
    assert aadhaar_spans(text) == []


def test_an_aadhaar_after_a_phone_number_is_still_found() -> None:
    assert [d for _, _, d in aadhaar_spans(f"9876543210, {AADHAAR}")] == [AADHAAR]
    assert [d for _, _, d in aadhaar_spans(f"{AADHAAR[:4]} {AADHAAR[4:8]} {AADHAAR[8:]} 98765 43210")] == [AADHAAR]


def test_phone_fixture_would_pass_verhoeff_without_the_plus() -> None:
    assert verhoeff.is_valid("919876543200")
    assert aadhaar_spans("919876543200") == [(0, 12, "919876543200")]


@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("aadhaar-sentence", "mera aadhaar 2341 2341 2346 hai", "mera aadhaar XXXX XXXX 2346 hai"),
        ("aadhaar-bare", AADHAAR, "XXXX XXXX 2346"),
        ("aadhaar-devanagari", "मेरा आधार २३४१ २३४१ २३४६ है", "मेरा आधार XXXX XXXX 2346 है"),
        ("aadhaar-bad-checksum-kept", f"number {AADHAAR_BAD}", f"number {AADHAAR_BAD}"),
        ("pan-spaced-lower", "my pan is abcpk 1234 f ji", "my pan is ABCPKXXXXF ji"),
        ("pan-punctuated", "PAN: ABCPK1234F.", "PAN: ABCPKXXXXF."),
        ("pan-hyphens", "abcpk-1234-f", "ABCPKXXXXF"),
        ("pan-devanagari-digits", "पैन abcpk१२३४f", "पैन ABCPKXXXXF"),
        ("gstin-untouched", f"gst {UP_GSTIN}", f"gst {UP_GSTIN}"),
        ("spaced-gstin-untouched", "gst 09 ABCPK1234F 1Z3", "gst 09 ABCPK1234F 1Z3"),
        ("pan-inside-longer-word-untouched", "XABCPK1234F", "XABCPK1234F"),
        (
            "both",
            "pan ABCPK1234F aadhaar 2341-2341-2346",
            "pan ABCPKXXXXF aadhaar XXXX XXXX 2346",
        ),
        ("mobile-untouched", "call 98765 43210", "call 98765 43210"),
        ("udyam-untouched", "UDYAM-UP-12-0012345", "UDYAM-UP-12-0012345"),
        ("nothing", "namaste", "namaste"),
    ]),
)
def test_redact(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("sentence", "aadhaar 2341 2341 2346 hai", True),
        ("devanagari", "२३४१२३४१२३४६", True),
        ("bad-checksum", AADHAAR_BAD, False),
        ("mobile", "9876543210", False),
        ("empty", "", False),
    ]),
)
def test_contains_aadhaar(text: str, expected: bool) -> None:
    assert contains_aadhaar(text) is expected


# --------------------------------------------------------------------------- yes / no

@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("yes", "yes", "yes"),
        ("Y", "Y", "yes"),
        ("yeah", "Yeah!", "yes"),
        ("haan", "haan", "yes"),
        ("han", "han", "yes"),
        ("ha", "ha", "yes"),
        ("haa", "haa", "yes"),
        ("hanji", "hanji", "yes"),
        ("haanji", "Haanji", "yes"),
        ("ji", "ji", "yes"),
        ("ji-haan", "ji haan", "yes"),
        ("haan-ji", "haan ji", "yes"),
        ("haan-hai", "haan hai", "yes"),
        ("hai", "hai", "yes"),
        ("bilkul", "bilkul", "yes"),
        ("deva-haan-chandrabindu", "हाँ", "yes"),
        ("deva-haan-anusvara", "हां", "yes"),
        ("deva-ha", "हा", "yes"),
        ("deva-ji", "जी", "yes"),
        ("deva-ji-haan-danda", "जी हाँ।", "yes"),
        ("deva-bilkul", "बिल्कुल", "yes"),
        ("deva-hai", "है", "yes"),
        ("yes-sir", "yes sir", "yes"),
        ("haan-haan", "haan haan", "yes"),
        ("no", "no", "no"),
        ("N", "N", "no"),
        ("nahi", "nahi", "no"),
        ("nahin", "Nahin.", "no"),
        ("nhi", "nhi", "no"),
        ("na", "na", "no"),
        ("nai", "nai", "no"),
        ("nope", "nope", "no"),
        ("nahi-hai", "nahi hai", "no"),
        ("ji-nahi", "ji nahi", "no"),
        ("deva-nahin", "नहीं", "no"),
        ("deva-nahi-short", "नही", "no"),
        ("deva-na", "ना", "no"),
        ("deva-nahin-hai", "नहीं है", "no"),
        ("pata-nahi", "pata nahi", "unknown"),
        ("pta-nhi", "pta nhi", "unknown"),
        ("nahi-pata", "nahi pata", "unknown"),
        ("mujhe-nahi-pata", "mujhe nahi pata", "unknown"),
        ("maloom-nahi", "maloom nahi", "unknown"),
        ("malum-nahin-hai", "malum nahin hai", "unknown"),
        ("deva-pata-nahin", "पता नहीं", "unknown"),
        ("deva-nahin-pata", "नहीं पता", "unknown"),
        ("deva-maloom-nahin", "मालूम नहीं", "unknown"),
        ("dont-know", "don't know", "unknown"),
        ("dont-know-no-apostrophe", "dont know", "unknown"),
        ("i-dont-know-curly", "I don’t know", "unknown"),
        ("not-sure", "not sure", "unknown"),
        ("ok-is-not-yes", "ok", None),
        ("okay", "okay", None),
        ("sentence-with-haan", "haan lekin OTP nahi aaya", None),
        ("sentence-with-no", "no idea what GeM is, please explain", None),
        ("name", "Hanuman", None),
        ("empty", "", None),
        ("punctuation-only", "??", None),
    ]),
)
def test_parse_yes_no(text: str, expected: str | None) -> None:
    assert parse_yes_no(text) == expected


# --------------------------------------------------------------------------- number choices and options

@pytest.mark.parametrize(
    "text, count, expected",
    _cases([
        ("digit", "2", 3, 2),
        ("devanagari", "२", 3, 2),
        ("trailing-dot", "2.", 3, 2),
        ("option", "option 2", 3, 2),
        ("no-dot", "no. 2", 3, 2),
        ("hash", "#3", 3, 3),
        ("paren", "1)", 3, 1),
        ("hindi-vikalp", "विकल्प ३", 3, 3),
        ("number-wala", "2 number", 3, 2),
        ("ordinal-en", "second", 3, 2),
        ("ordinal-hi", "दूसरा", 3, 2),
        ("ordinal-hinglish", "pehla", 3, 1),
        ("too-big", "4", 3, None),
        ("zero", "0", 3, None),
        ("two-numbers", "1 2", 3, None),
        ("words", "two", 3, None),
        ("sentence", "mujhe option 2 nahi chahiye", 3, None),
        ("pin-code", "226001", 3, None),
        ("empty", "", 3, None),
    ]),
)
def test_parse_number_choice(text: str, count: int, expected: int | None) -> None:
    assert parse_number_choice(text, count) == expected


ENTERPRISE_OPTIONS = [
    ("proprietorship", ["Proprietorship", "proprietor", "एकल स्वामित्व", "ekal swamitva", "akela malik"]),
    ("partnership", ["Partnership", "partner", "LLP", "साझेदारी", "sajhedari"]),
    ("company", ["Company", "pvt ltd", "private limited", "कंपनी", "kampani"]),
    ("other", ["Other", "anya", "अन्य"]),
]


@pytest.mark.parametrize(
    "text, expected",
    _cases([
        ("exact-title-case", "Partnership", "partnership"),
        ("exact-lower", "company", "company"),
        ("hindi", "साझेदारी", "partnership"),
        ("hindi-half-nasal-variant", "कम्पनी", "company"),
        ("hinglish", "ekal swamitva", "proprietorship"),
        ("with-filler", "company hai ji", "company"),
        ("punctuated", "Pvt. Ltd.", "company"),
        ("number", "2", "partnership"),
        ("devanagari-number", "३", "company"),
        ("option-number", "option 4", "other"),
        ("typo", "partnrship", "partnership"),
        ("typo-2", "propritorship", "proprietorship"),
        ("number-out-of-range", "5", None),
        ("nonsense", "xyz", None),
        ("prefix-only", "comp", None),
        ("unrelated-sentence", "mujhe nahi pata", None),
        ("empty", "", None),
    ]),
)
def test_match_option(text: str, expected: str | None) -> None:
    assert match_option(text, ENTERPRISE_OPTIONS) == expected


@pytest.mark.parametrize(
    "text, options",
    _cases([
        ("fuzzy-tie", "sahe", [("a", ["sahi"]), ("b", ["sahu"])]),
        ("same-synonym-two-ids", "done", [("a", ["done"]), ("b", ["done"])]),
    ]),
)
def test_match_option_ambiguous_is_none(text: str, options: list[tuple[str, list[str]]]) -> None:
    assert match_option(text, options) is None
