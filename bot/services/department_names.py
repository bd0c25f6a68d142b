"""Name Uttar Pradesh departments in Hindi from the packaged list of their English names and codes."""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources


def _key(text: str) -> str:
    """Return a name or code folded for matching: lower case, single spaces, '&' read as 'and'."""
    return " ".join(text.replace("&", " and ").replace("_", " ").lower().split())


@cache
def listed() -> dict[str, tuple[str, str]]:
    """Return the packaged list of UP departments: code → (English name, Hindi name)."""
    raw = resources.files("bot.services").joinpath("data/up_departments.csv").read_text("utf-8")
    return {row["code"].strip(): (row["name_en"].strip(), row["name_hi"].strip()) for row in csv.DictReader(io.StringIO(raw))}


@cache
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """Return Hindi names by folded code and by folded English name."""
    by_code = {_key(code): hindi for code, (_, hindi) in listed().items()}
    by_name = {_key(english): hindi for english, hindi in listed().values()}
    return by_code, by_name


def hindi_name(*, name: str, code: str | None = None) -> str:
    """Return a department's Hindi name, found by its English name or its code; else the English name as given."""
    by_code, by_name = _names()
    return by_name.get(_key(name)) or (by_code.get(_key(code)) if code else None) or name
