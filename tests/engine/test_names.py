"""A name typed inside a sentence is kept without the words around it, and a name is never cut short."""

from __future__ import annotations

import pytest

from bot.engine.names import name_in


@pytest.mark.parametrize(("typed", "kept"), [
    ("mera naam ramesh kumar hai", "Ramesh Kumar"),
    ("मेरा नाम सुनीता देवी है", "सुनीता देवी"),
    ("जी मैं अनिल मौर्य बोल रहा हूँ", "अनिल मौर्य"),
    ("my name is priya srivastava", "Priya Srivastava"),
    ("this is deepak verma from kanpur", "Deepak Verma"),
    ("ramu ji", "Ramu"),
    ("Ram Prakash Vishwakarma", "Ram Prakash Vishwakarma"),
])
def test_a_person_is_kept_without_the_sentence_around_the_name(typed: str, kept: str) -> None:
    assert name_in(typed) == kept


@pytest.mark.parametrize(("typed", "kept"), [
    ("hamari dukan ka naam gupta kirana store hai", "Gupta Kirana Store"),
    ("हमारी फर्म का नाम यादव ब्रदर्स है", "यादव ब्रदर्स"),
    ("company name is Awadh Agro Foods Pvt Ltd", "Awadh Agro Foods Pvt Ltd"),
    ("siddiqui handicrafts, firozabad", "Siddiqui Handicrafts"),
    ("Lucknow Chikan House", "Lucknow Chikan House"),  # a place that starts a name is part of it
])
def test_a_business_is_kept_without_the_sentence_around_the_name(typed: str, kept: str) -> None:
    assert name_in(typed, "business") == kept


@pytest.mark.parametrize("name", ["Main Singh", "Hari Om", "Naam Dev", "Sundar Lal"])
def test_a_word_that_frames_a_sentence_stays_when_it_is_part_of_the_name(name: str) -> None:
    assert name_in(name) == name
