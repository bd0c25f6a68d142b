"""Keep the understanding corpus well formed: valid steps and meanings, each text once, a large enough test part, no real identifiers."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from bench.understanding import read_corpus
from bot.engine import steps, validators
from bot.engine.commands import COMMANDS
from bot.engine.districts import DISTRICTS
from bot.engine.steps import STEP_IDS, STEPS

ROWS = read_corpus()
VALUE_STEPS = {"ask_name", "ask_business_name", "ask_district", "ask_udyam", "ask_pan", "ask_gstin", "ask_mobile", "ask_email"}
NONE_STEPS = {"ask_udyam", "ask_pan", "ask_gstin", "ask_email"}


def _options(step_id: str) -> set[str]:
    """Return the option ids a step's buttons send."""
    step = next(s for s in STEPS if s.id == step_id)
    found = {option.id for option in step.options}
    if step_id == "ask_category":  # its buttons depend on what the seller offers
        found |= {option.id for option in (*steps.PRODUCT_CATEGORIES, *steps.SERVICE_CATEGORIES, steps.OTHER_CATEGORY)}
    return found


def _key(text: str) -> str:
    """Fold a text the way the README compares them: case, punctuation and spacing ignored."""
    folded = unicodedata.normalize("NFC", text).casefold()
    kept = "".join(ch if ch.isalnum() or ch.isspace() or unicodedata.category(ch).startswith("M") else " " for ch in folded)
    return " ".join(kept.split())


def test_every_row_names_a_step_a_script_and_a_meaning_that_exist() -> None:
    bad = []
    for row in ROWS:
        meaning = row.meaning
        ok = row.split in ("tune", "test") and row.step in STEP_IDS and row.script in ("deva", "latin", "en") and row.text.strip() and (
            meaning == "ask"
            or (meaning.startswith("cmd:") and meaning[4:] in COMMANDS)
            or (meaning.startswith("value:") and row.step in VALUE_STEPS and len(meaning) > 6)
            or (meaning == f"{row.step}:none" and row.step in NONE_STEPS)
            or (meaning.startswith(f"{row.step}:") and meaning.partition(":")[2] in _options(row.step))
        )
        if not ok:
            bad.append((row.split, row.step, row.meaning))
    assert not bad, bad[:20]


def test_each_text_appears_once() -> None:
    counts = Counter(_key(row.text) for row in ROWS)
    assert not [text for text, n in counts.items() if n > 1]


def test_the_test_part_is_at_least_35_percent_and_covers_every_step_and_script() -> None:
    test = [row for row in ROWS if row.split == "test"]
    assert len(test) >= 0.35 * len(ROWS), (len(test), len(ROWS))
    steps = {row.step for row in ROWS}
    assert steps <= {row.step for row in test}
    assert {row.script for row in test} == {"deva", "latin", "en"}


def test_no_row_holds_an_aadhaar_number_and_identifiers_are_well_formed() -> None:
    assert not [row.step for row in ROWS if validators.aadhaar_spans(row.text)]
    for row in ROWS:
        value = row.meaning[6:] if row.meaning.startswith("value:") else None
        if value is None:
            continue
        if row.step == "ask_gstin":
            assert validators.find_gstin(value) == value, value
        elif row.step == "ask_mobile":
            assert re.fullmatch(r"[6-9][0-9]{9}", value), value
        elif row.step == "ask_udyam":
            assert re.fullmatch(r"UDYAM-UP-[0-9]{2}-[0-9]{7}", value), value
        elif row.step == "ask_pan":
            assert re.fullmatch(r"[A-Z]{5}[0-9]{4}[A-Z]", value), value


def test_districts_are_labelled_by_their_official_english_name() -> None:
    official = {district.name_en for district in DISTRICTS}
    labels = {row.meaning[6:] for row in ROWS if row.step == "ask_district" and row.meaning.startswith("value:")}
    assert labels - official == set()
