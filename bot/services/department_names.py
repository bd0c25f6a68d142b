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
def _names() -> tuple[dict[str, str], dict[str, str]]:
    """Read the packaged CSV once into Hindi names by code and by English name."""
    raw = resources.files("bot.services").joinpath("data/up_departments.csv").read_text("utf-8")
    by_code: dict[str, str] = {}
    by_name: dict[str, str] = {}
    for row in csv.DictReader(io.StringIO(raw)):
        hindi = row["name_hi"].strip()
        by_code[_key(row["code"])] = hindi
        by_name[_key(row["name_en"])] = hindi
    return by_code, by_name


def hindi_name(*, name: str, code: str | None = None) -> str:
    """Return a department's Hindi name, found by its English name or its code; else the English name as given."""
    by_code, by_name = _names()
    return by_name.get(_key(name)) or (by_code.get(_key(code)) if code else None) or name
