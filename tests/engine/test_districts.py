"""Test recognising UP districts in English, Hindi and Hindi typed in Latin letters."""

from __future__ import annotations

import csv
import dataclasses
import io
import time
from importlib import resources

import pytest

from bot.engine.districts import (
    DISTRICTS,
    District,
    DistrictMatch,
    by_code,
    match_district,
)

LUCKNOW, VARANASI, PRAYAGRAJ, AYODHYA, GBN, KHERI = 162, 187, 120, 140, 144, 159
KANPUR_NAGAR, KANPUR_DEHAT, GORAKHPUR, AGRA = 157, 156, 148, 118


def _rows() -> list[dict[str, str]]:
    """Read the packaged CSV independently of the module under test."""
    raw = resources.files("bot.engine").joinpath("data/up_districts.csv").read_text("utf-8")
    return list(csv.DictReader(io.StringIO(raw)))


ROWS = _rows()
# Said for more than one district: Kanpur Nagar and Kanpur Dehat; Akbarpur is the seat of Ambedkar Nagar and of Kanpur
# Dehat; there is a Nawabganj in Barabanki, Bareilly, Gonda and Unnao.
AMBIGUOUS_ALIASES = {"Kanpur", "कानपुर", "Akbarpur", "अकबरपुर", "Nawabganj", "नवाबगंज"}
ALIASES = [
    (alias, int(row["lgd_code"]))
    for row in ROWS
    for alias in row["aliases"].split("|")
    if alias and alias not in AMBIGUOUS_ALIASES
]


def _cases(table):
    """Return pytest params from (id, *values) rows."""
    return [pytest.param(*row[1:], id=row[0]) for row in table]


def _code(match: DistrictMatch) -> int | None:
    return match.district.lgd_code if match.district else None


def _codes(match: DistrictMatch) -> list[int]:
    return [d.lgd_code for d in match.candidates]


# --------------------------------------------------------------------------- the table

def test_there_are_75_districts_with_unique_codes_and_names() -> None:
    assert len(DISTRICTS) == 75
    assert len({d.lgd_code for d in DISTRICTS}) == 75
    assert len({d.name_en for d in DISTRICTS}) == 75
    assert len({d.name_hi for d in DISTRICTS}) == 75


def test_table_matches_the_csv() -> None:
    assert [(d.lgd_code, d.name_en, d.name_hi) for d in DISTRICTS] == [
        (int(r["lgd_code"]), r["name_en"], r["name_hi"]) for r in ROWS
    ]


def test_by_code() -> None:
    assert by_code(LUCKNOW) == District(LUCKNOW, "Lucknow", "लखनऊ")
    assert by_code(AGRA).name_hi == "आगरा"
    assert by_code(999) is None


def test_district_is_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        DISTRICTS[0].name_en = "Elsewhere"  # type: ignore[misc]


# --------------------------------------------------------------------------- every district

@pytest.mark.parametrize("district", DISTRICTS, ids=[d.name_en for d in DISTRICTS])
def test_every_district_by_english_name(district: District) -> None:
    assert match_district(district.name_en) == DistrictMatch(district, ())


@pytest.mark.parametrize("district", DISTRICTS, ids=[d.name_en for d in DISTRICTS])
def test_every_district_by_hindi_name(district: District) -> None:
    assert match_district(district.name_hi) == DistrictMatch(district, ())


@pytest.mark.parametrize("district", DISTRICTS, ids=[d.name_en for d in DISTRICTS])
def test_every_district_lower_case_in_an_english_sentence(district: District) -> None:
    assert match_district(f"my district is {district.name_en.lower()}.").district == district


@pytest.mark.parametrize("district", DISTRICTS, ids=[d.name_en for d in DISTRICTS])
def test_every_district_in_a_hindi_sentence(district: District) -> None:
    assert match_district(f"मेरा जिला {district.name_hi} है।").district == district


@pytest.mark.parametrize("alias, code", ALIASES, ids=[a for a, _ in ALIASES])
def test_every_unambiguous_alias(alias: str, code: int) -> None:
    assert _code(match_district(alias)) == code


# --------------------------------------------------------------------------- what people type

@pytest.mark.parametrize(
    "text, code",
    _cases([
        ("lakhnau", "lakhnau", LUCKNOW),
        ("lakhnow", "lakhnow", LUCKNOW),
        ("lucknow-caps", "LUCKNOW", LUCKNOW),
        ("lukhnow", "lukhnow", LUCKNOW),
        ("hindi-short-u", "लखनउ", LUCKNOW),
        ("hindi-lakhnau-variant", "लखनौ", LUCKNOW),
        ("varansi", "varansi", VARANASI),
        ("varnasi", "varnasi", VARANASI),
        ("banaras", "banaras", VARANASI),
        ("benaras", "benaras", VARANASI),
        ("benares", "Benares", VARANASI),
        ("kashi", "kashi", VARANASI),
        ("hindi-banaras", "बनारस", VARANASI),
        ("prayagraj", "prayagraj", PRAYAGRAJ),
        ("prayag-a-town-in-prayagraj", "prayag", PRAYAGRAJ),
        ("allahabad", "allahabad", PRAYAGRAJ),
        ("alahabad-typo", "alahabad", PRAYAGRAJ),
        ("ilahabad", "ilahabad", PRAYAGRAJ),
        ("hindi-ilahabad", "इलाहाबाद", PRAYAGRAJ),
        ("faizabad", "faizabad", AYODHYA),
        ("hindi-faizabad-nukta", "फ़ैज़ाबाद", AYODHYA),
        ("hindi-faizabad-plain", "फैजाबाद", AYODHYA),
        ("noida", "noida", GBN),
        ("greater-noida", "Greater Noida", GBN),
        ("hindi-noida", "नोएडा", GBN),
        ("gautam-budh-nagar", "gautam budh nagar", GBN),
        ("lakhimpur", "lakhimpur", KHERI),
        ("lakhimpur-kheri", "lakhimpur kheri", KHERI),
        ("lakimpur-typo", "lakimpur", KHERI),
        ("kheeri", "kheeri", KHERI),
        ("gorakpur-typo", "gorakpur", GORAKHPUR),
        ("gorakhpoor", "gorakhpoor", GORAKHPUR),
        ("hindi-long-u", "गोरखपूर", GORAKHPUR),
        ("kanpur-dehat", "kanpur dehat", KANPUR_DEHAT),
        ("kanpur-dehat-joined", "kanpurdehat", KANPUR_DEHAT),
        ("kanpur-nagar", "Kanpur Nagar", KANPUR_NAGAR),
        ("aligadh", "aligadh", 119),
        ("hapud", "hapud", 661),
        ("hindi-aligarh-no-nukta", "अलीगढ", 119),
        ("muzzafarnagar", "muzzafarnagar", 172),
        ("mujaffarnagar", "mujaffarnagar", 172),
        ("gaziabad", "gaziabad", 145),
        ("gaziyabad", "gaziyabad", 145),
        ("bareli", "bareli", 130),
        ("rae-bareilly", "rae bareilly", 175),
        ("raibareli", "raibareli", 175),
        ("hindi-rae-bareli-spaced", "राय बरेली", 175),
        ("jansi", "jansi", 153),
        ("hindi-jhansi-anusvara", "झांसी", 153),
        ("baliya", "baliya", 126),
        ("itawa", "itawa", 139),
        ("devriya", "devriya", 137),
        ("badaun", "badaun", 133),
        ("azamgadh", "azamgadh", 123),
        ("ajamgarh", "ajamgarh", 123),
        ("ferozabad", "ferozabad", 143),
        ("sidharthnagar", "sidharthnagar", 182),
        ("behraich", "behraich", 125),
        ("chitrakut", "chitrakut", 136),
        ("kanoj", "kanoj", 155),
        ("sonebhadra", "sonebhadra", 184),
        ("partapgarh", "partapgarh", 174),
        ("unnav", "unnav", 186),
        ("bulandshahar", "bulandshahar", 134),
        ("kosambi", "kosambi", 158),
        ("muradabad", "muradabad", 171),
        ("mirjapur", "mirjapur", 170),
        ("sravasti", "sravasti", 181),
        ("padrauna", "padrauna", 160),
        ("gyanpur", "gyanpur", 179),
        ("orai", "orai", 151),
        ("mau-short-name", "mau", 168),
    ]),
)
def test_spellings_people_use(text: str, code: int) -> None:
    match = match_district(text)
    assert _code(match) == code
    assert match.candidates == ()


@pytest.mark.parametrize(
    "text, code",
    _cases([
        ("mera-jila-hai", "mera jila Agra hai", AGRA),
        ("main-se-hoon-hindi", "मैं आगरा से हूँ", AGRA),
        ("hindi-jila-suffix", "आगरा जिला", AGRA),
        ("hindi-janpad", "मुरादाबाद जनपद", 171),
        ("hindi-mein", "मेरठ में", 169),
        ("hinglish-se-hu", "meerut se hu", 169),
        ("district-word", "District: Lucknow", LUCKNOW),
        ("i-am-from", "I am from Gorakhpur, UP", GORAKHPUR),
        ("mau-in-sentence", "mau se hu", 168),
        ("mau-in-hindi-sentence", "मैं मऊ से हूँ", 168),
        ("old-and-new-name", "prayagraj (allahabad)", PRAYAGRAJ),
        ("town-and-district", "mathura vrindavan", 167),
        ("noida-sector", "noida sector 62", GBN),
        ("kanpur-dehat-in-sentence", "hum kanpur dehat mein rehte hain", KANPUR_DEHAT),
        ("typo-in-sentence", "mera jila gorakpur hai", GORAKHPUR),
        ("pin-code-ignored", "lucknow 226001", LUCKNOW),
    ]),
)
def test_sentences(text: str, code: int) -> None:
    assert _code(match_district(text)) == code


@pytest.mark.parametrize(
    "text",
    _cases([
        ("kanpur", "kanpur"),
        ("kanpur-caps", "KANPUR"),
        ("hindi-kanpur", "कानपुर"),
        ("hindi-kanpur-long-u", "कानपूर"),
        ("kanpoor", "kanpoor"),
        ("kanpur-sentence", "main kanpur se hoon"),
        ("kanpur-mein", "kanpur mein rehta hu"),
    ]),
)
def test_kanpur_alone_is_ambiguous(text: str) -> None:
    match = match_district(text)
    assert match.district is None
    assert set(_codes(match)) == {KANPUR_NAGAR, KANPUR_DEHAT}


@pytest.mark.parametrize(
    "text, codes",
    _cases([
        ("two-districts", "agra ya mathura", {AGRA, 167}),
        ("two-districts-hindi", "आगरा या मथुरा", {AGRA, 167}),
    ]),
)
def test_two_districts_give_candidates(text: str, codes: set[int]) -> None:
    match = match_district(text)
    assert match.district is None
    assert set(_codes(match)) == codes


@pytest.mark.parametrize(
    "text, first",
    _cases([
        ("noyda", "noyda", GBN),
        ("gorakh", "gorakh", GORAKHPUR),
        ("start-of-name-azam", "azam", 123),
        ("start-of-name-muzaffar", "muzaffar", 172),
        ("start-of-name-firoz", "firoz", 143),
        ("kanpr", "kanpr", None),
        ("oraiya", "oraiya", None),
    ]),
)
def test_unsure_gives_close_candidates(text: str, first: int | None) -> None:
    match = match_district(text)
    assert match.district is None
    assert 1 <= len(match.candidates) <= 3
    if first is not None:
        assert match.candidates[0].lgd_code == first
    assert len(set(match.candidates)) == len(match.candidates)


def test_oraiya_offers_auraiya() -> None:
    assert 122 in _codes(match_district("oraiya"))


def test_kanpr_offers_both_kanpurs() -> None:
    assert {KANPUR_NAGAR, KANPUR_DEHAT} <= set(_codes(match_district("kanpr")))


@pytest.mark.parametrize(
    "text",
    _cases([
        ("keyboard-mash", "asdfgh"),
        ("qwerty", "qwerty"),
        ("greeting", "hello"),
        ("greeting-ji", "hello ji"),
        ("unrelated", "gem registration"),
        ("business", "business"),
        ("other-state-city", "delhi"),
        ("other-state-city-2", "dehradun"),
        ("hindi-word-karo", "karo"),
        ("state-only", "uttar pradesh"),
        ("up-only", "UP"),
        ("name-sentence", "mera naam ram hai"),
        ("digits", "12345"),
        ("empty", ""),
        ("spaces", "   "),
        ("punctuation", "?!"),
    ]),
)
def test_nonsense_matches_nothing(text: str) -> None:
    assert match_district(text) == DistrictMatch(None, ())


def test_no_name_or_alias_word_is_a_filler_word() -> None:
    from bot.engine.districts import _STOPWORDS
    from bot.engine.validators import fold

    words = {w for row in ROWS for name in [row["name_en"], row["name_hi"], *row["aliases"].split("|")]
             for w in fold(name).split()}
    assert not words & _STOPWORDS


LONG_CHAT = "mera business kapde ka hai aur main bahut saal se kaam kar raha hoon " * 10


def test_a_long_message_without_a_district_offers_nothing() -> None:
    assert match_district(LONG_CHAT) == DistrictMatch(None, ())


def test_a_district_after_a_long_message_is_found() -> None:
    assert _code(match_district(LONG_CHAT[:200] + " lucknow")) == LUCKNOW


def test_matching_is_fast() -> None:
    inputs = [d.name_en.lower() + " jila" for d in DISTRICTS] + ["asdfgh qwerty", "mera jila gorakpur hai"]
    match_district("warm up")
    start = time.perf_counter()
    for text in inputs * 4:
        match_district(text)
    per_match = (time.perf_counter() - start) / (len(inputs) * 4)
    assert per_match < 0.001


@pytest.mark.parametrize("town", ["Akbarpur", "नवाबगंज", "Tanda", "शाहाबाद में"])
def test_a_town_several_districts_share_is_asked_back(town: str) -> None:
    found = match_district(town)
    assert found.district is None and len(found.candidates) >= 2


def test_a_town_the_directory_lists_once_is_asked_about_with_its_namesake() -> None:
    assert {d.name_en for d in match_district("Tanda, UP").candidates} == {"Ambedkar Nagar", "Rampur"}
    assert {d.name_en for d in match_district("शाहाबाद").candidates} == {"Hardoi", "Rampur"}


def test_a_town_said_with_its_district_is_that_district() -> None:
    assert match_district("kanpur dehat ke akbarpur me").district.name_en == "Kanpur Dehat"


def test_a_town_with_a_post_office_names_its_district() -> None:
    from bot.engine.districts import match_district

    for text, district in (("sardhana tehsil padta hai", "Meerut"), ("सरधना में है", "Meerut"), ("factory pilkhuwa me", "Hapur"),
                           ("टूंडला", "Firozabad"), ("Our unit is in Deoband", "Saharanpur")):
        found = match_district(text)
        assert found.district is not None and found.district.name_en == district and found.town, text
    assert match_district("lalganj").district is None  # a town in six districts: not a guess
    assert match_district("please reply in hindi").district is None  # "hindi" is no town


def test_the_town_list_names_only_districts_it_knows_and_no_district_s_own_name() -> None:
    import csv
    from importlib import resources

    from bot.engine.districts import by_code, names_a_district

    raw = resources.files("bot.engine").joinpath("data/up_towns.csv").read_text("utf-8").splitlines()
    rows = list(csv.DictReader(line for line in raw if not line.startswith("#")))
    assert len(rows) > 1000
    for row in rows:
        assert all(by_code(int(code)) for code in row["lgd_codes"].split("|")), row
        assert not names_a_district(row["town"]), row


def test_a_town_whose_name_holds_a_district_s_is_that_town_and_areas_are_no_towns() -> None:
    from bot.engine.districts import match_district

    assert match_district("fatehpur sikri me dukan").district.name_en == "Agra"
    assert match_district("fatehpur").district.name_en == "Fatehpur"
    assert match_district("modi nagar").district.name_en == "Ghaziabad"  # not also a town called "Nagar"
    assert match_district("Bareilly, near Civil Lines").district.name_en == "Bareilly"


@pytest.mark.parametrize("text", ["market", "Ghanta ghar market", "bazar", "बाजार", "बड़ा बाज़ार वाला मंडी"])
def test_a_word_for_a_part_of_a_town_is_no_district(text: str) -> None:
    assert match_district(text).district is None  # "market" sounded like Meerut, "बाजार" like Bijnor


def test_a_district_or_town_said_beside_a_word_for_a_market_is_still_found() -> None:
    assert match_district("meerut market").district.name_en == "Meerut"
    assert match_district("barabanki mandi").district.name_en == "Barabanki"
    assert match_district("Siswa Bazar").district.name_en == "Maharajganj"
