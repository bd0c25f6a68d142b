"""Define the small shapes that services return and the web shows: a district, a button and a row id."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from bot.engine.clean import clean_text

# Ids of sellers, campaigns, departments, tokens, uploads and accounts are integer columns, 32 bits
# wide on PostgreSQL; a larger number names no row, and one above 2^63 - 1 no database can even bind.
ROW_ID_MAX = 2**31 - 1
RowId = Annotated[int, Field(ge=1, le=ROW_ID_MAX)]  # a row's id in a path, query, form or body: 422 outside it
Offset = Annotated[int, Field(ge=0, le=ROW_ID_MAX)]  # how many rows to skip


def row_id(value: str | None) -> int | None:
    """Return the row id a form or query field spells in ASCII digits, or None for anything else (empty, odd, out of range)."""
    if not value or not value.isascii() or not value.isdigit() or len(value) > len(str(ROW_ID_MAX)):
        return None
    number = int(value)
    return number if 1 <= number <= ROW_ID_MAX else None


class DistrictPublic(BaseModel):
    lgd_code: int
    name_en: str
    name_hi: str


class ButtonPublic(BaseModel):
    id: str
    title: str


def _cleaned(value: object) -> object:
    if isinstance(value, str):
        return clean_text(value, None)  # the field's own max_length decides what is too long
    if isinstance(value, list):
        return [_cleaned(item) for item in value]
    if isinstance(value, dict):
        return {_cleaned(key): _cleaned(item) for key, item in value.items()}
    return value


class CleanInput(BaseModel):
    """Clean every text of a request body at the edge (bot/engine/clean.py), nested ones too, before its fields are checked."""

    @field_validator("*", mode="before")
    @classmethod
    def _clean_text(cls, value: object) -> object:
        return _cleaned(value)
