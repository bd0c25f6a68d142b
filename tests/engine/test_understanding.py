"""Answers written as sentences: the option they name, yes or no, a position, an amount, a request; never a guess."""

from __future__ import annotations

import pytest

from bot.engine import understanding as u

OFFERING = ("products", "services", "both")
TURNOVER = ("under_1cr", "1_10cr", "over_10cr")


@pytest.mark.parametrize(("text", "meant"), [
    ("hum log kapda bechte hain", "products"),
    ("plumbing ka theka lete hain", "services"),
    ("दोनों करते हैं", "both"),
    ("the second one", "services"),
    ("number teen", "both"),
])
def test_an_option_is_read_from_what_it_is_called_or_where_it_stands(text: str, meant: str) -> None:
    assert u.option_in("ask_offering", text, OFFERING) == meant


def test_two_options_named_apart_are_both_returned_so_the_seller_is_asked() -> None:
    assert set(u.option_in("ask_enterprise_type", "partnership hai ya company", ("proprietorship", "partnership", "company", "other"))) == {
        "partnership", "company"}


def test_a_longer_phrase_wins_over_a_word_inside_it() -> None:
    assert u.option_in("ask_language", "mujhe angrezi nahi aati", ("hi", "en")) == "hi"


@pytest.mark.parametrize(("text", "meant"), [
    ("ji haan bilkul", "yes"), ("abhi tak nahi karaya", "no"), ("ji nahi", "no"), ("pata nahi sir", "unknown"), ("teesra", "unknown"),
    ("option no 2", "no"), ("no. 1", "yes"),
])
def test_yes_no_and_unknown_are_read_in_their_many_forms(text: str, meant: str) -> None:
    assert u.yes_no_in("ask_aadhaar_mobile_link", text, ("yes", "no", "unknown")) == meant


def test_yes_and_no_in_one_answer_are_asked_back() -> None:
    assert u.yes_no_in("ask_bank_account", "haan hai par abhi nahi", ("yes", "no")) == ("yes", "no")


@pytest.mark.parametrize(("words", "band"), [
    ("लगभग 50 लाख", "under_1cr"), ("around 3 crore", "1_10cr"), ("15 करोड़ से ऊपर", "over_10cr"), ("ek crore se kam", "under_1cr"),
    ("1 crore", ("under_1cr", "1_10cr")), ("10 crore se zyada", "over_10cr"), ("पिछले साल ढाई करोड़", "1_10cr"), ("बारह करोड़", "over_10cr"),
    ("40,00,000", "under_1cr"), ("1 करोड़ 20 लाख", "1_10cr"), ("2.5 crore", "1_10cr"), ("sava crore", "1_10cr"),
    ("one and a half crore", "1_10cr"), ("between 8 and 12 crore", ("1_10cr", "over_10cr")),
])
def test_a_turnover_is_read_from_an_amount_and_asked_back_on_a_band_edge(words: str, band: object) -> None:
    assert u.turnover_band(words) == band


def test_a_position_needs_only_filler_around_it() -> None:
    assert u.position_in(u.words_of("pehla wala sahi hai"), 3) == 1
    assert u.position_in("pehle menu dikhao".split(), 3) is None  # "first, show the menu": not the first option
    assert u.position_in("do".split(), 3) == 2 and u.position_in("data mita do".split(), 3) is None


@pytest.mark.parametrize(("text", "command"), [
    ("mujhe kisi se baat karni hai", "human"), ("मेसेज मत भेजो", "stop"), ("mera sara data mita do", "erase"), ("peeche jao", "back"),
    ("kahan tak pahuncha", "status"), ("phir se shuru karo", "start"),
])
def test_requests_said_as_sentences_are_found(text: str, command: str) -> None:
    assert u.command_in(text) == command


def test_questions_and_partial_answers_are_told_apart() -> None:
    assert u.doubt_in("pan kyu chahiye?") == "question" and u.doubt_in("kuch khud banate kuch bazar se") == "partly"
    assert u.doubt_in("haan khud banate hain") is None
    assert u.lacks("abhi udyam nahi bana") and not u.lacks("UDYAM-UP-12-0012345")


@pytest.mark.parametrize("name", ["words_of", "option_in", "yes_no_in", "command_in", "takes", "asks_whether_done", "rest_put_off"])
def test_the_readers_every_answer_goes_through_remember_what_they_read(name: str) -> None:
    reader = getattr(u, name)
    assert callable(getattr(reader, "cache_info", None)), f"{name} lost its cache: every answer would be read afresh"
