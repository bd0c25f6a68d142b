"""Hindi is first-class: every message has a Hindi translation, placeholders survive, titles fit WhatsApp."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from babel import Locale
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.engine.context import Turn
from bot.engine.conversation import MENU
from bot.engine.steps import STEPS
from bot.i18n import MissingCatalogue, catalogue_path, load_translations

ROOT = Path(__file__).resolve().parents[1]
KEYWORDS = {"_": None, "N_": None, "gettext": None}
PLACEHOLDER = re.compile(r"{\w+}|%\(\w+\)s")  # the bot's {name} and the pages' %(name)s
WHATSAPP_BUTTON_TITLE_MAX = 20


def _source_msgids() -> set[str]:
    found = set()
    for package in ("bot", "api"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package,
            method_map=[("**.py", "python"), ("**/templates/**.html", "jinja2")],
            options_map={"**/templates/**.html": {"extensions": "jinja2.ext.i18n"}},
            keywords=KEYWORDS,
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


SOURCE_MSGIDS = sorted(_source_msgids())


def _catalogue(lang: str):  # type: ignore[no-untyped-def]
    with catalogue_path(lang, "po").open("rb") as fh:
        return read_po(fh, locale=lang)


def test_the_code_has_messages_to_check() -> None:
    assert len(SOURCE_MSGIDS) > 100
    assert "Call the sellers who are waiting" in SOURCE_MSGIDS  # the staff pages' templates are read too


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_every_message_in_the_code_is_translated(lang: str) -> None:
    catalogue = _catalogue(lang)
    missing = [m for m in SOURCE_MSGIDS if m not in catalogue or not catalogue[m].string or catalogue[m].fuzzy]
    assert not missing, f"{len(missing)} messages lack a {lang} translation (run `make messages` and translate): {missing[:5]}"


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_translations_keep_their_placeholders(lang: str) -> None:
    broken = [
        m.id
        for m in _catalogue(lang)
        if m.id and m.string and set(PLACEHOLDER.findall(m.id)) != set(PLACEHOLDER.findall(m.string))
    ]
    assert not broken


def test_hindi_translations_are_hindi() -> None:
    catalogue = _catalogue("hi")
    devanagari = re.compile(r"[\u0900-\u097F]")
    # Messages that are only a name or a code may stay in Latin script.
    allowed_latin = {"English", "GSTIN", "Catering"}
    latin_only = [m.id for m in catalogue if m.id and m.string and not devanagari.search(m.string) and m.id not in allowed_latin]
    assert not latin_only, latin_only[:5]


def test_missing_compiled_catalogue_is_an_error_not_a_silent_fallback(tmp_path: Path) -> None:
    with pytest.raises(MissingCatalogue):
        load_translations(tmp_path)


def test_hindi_plural_rule_follows_cldr() -> None:
    header = _catalogue("hi").plural_expr
    assert header == "(n > 1)"
    locale = Locale("hi")
    assert [locale.plural_form(n) for n in (0, 1, 2)] == ["one", "one", "other"]


def _titles(options) -> list[str]:  # type: ignore[no-untyped-def]
    return [o.title for o in options]


def _quick_reply_titles() -> list[str]:
    titles = []
    for step in STEPS:
        if step.options and len(step.options) <= 3:
            titles += _titles(step.options)
        titles += _titles(getattr(step, "extra", ()))
    return titles + ["Help", "Skip", "Talk to a person", "Continue", "Menu", "None of these"]


@pytest.mark.parametrize("lang", ["hi", "en"])
def test_quick_reply_titles_fit_whatsapp(env, lang: str) -> None:  # type: ignore[no-untyped-def]
    too_long = [
        (t, env.translations[lang].gettext(t))
        for t in _quick_reply_titles() + _titles(MENU)
        if len(env.translations[lang].gettext(t)) > WHATSAPP_BUTTON_TITLE_MAX
    ]
    assert not too_long


def test_rupees_use_indian_grouping_and_hindi_dates(env) -> None:  # type: ignore[no-untyped-def]
    turn = Turn(env=env, now=datetime(2026, 3, 15, 6, 0, tzinfo=UTC), channel="whatsapp", lang="hi")
    assert turn.rupees(1234567) == "₹12,34,567"
    assert turn.day(turn.now) == "15 मार्च"
    turn.lang = "en"
    assert turn.day(turn.now) == "15 March"
