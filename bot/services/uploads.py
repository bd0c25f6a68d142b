"""Read files staff upload, in the encodings spreadsheets save CSV in, and say what is wrong with them in words people can act on."""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from bot.engine.clean import clean_text
from bot.engine.context import N_, Translation


@dataclass(frozen=True, slots=True)
class Problem:
    """Tell what is wrong with a file or one of its rows: an English msgid and the values that fill its %(name)s places."""

    msgid: str
    values: Mapping[str, Any] = field(default_factory=dict)

    def __str__(self) -> str:
        """Return the message in English (the REST API's words)."""
        return self.msgid % self.values if self.values else self.msgid

    def translated(self, translation: Translation) -> str:
        """Return the message in a catalogue's language."""
        text = translation.gettext(self.msgid)
        return text % self.values if self.values else text


class BadFile(ValueError):
    """Signal an upload that cannot be read at all; the message says how to save it instead."""

    def __init__(self, msgid: str, **values: Any) -> None:
        self.problem = Problem(msgid, values)
        super().__init__(str(self.problem))


def decode_csv(data: bytes, *, not_text: str) -> str:
    """Return the text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or Excel's Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadFile(N_("the file says it is UTF-16 but is not; save it as “CSV UTF-8”")) from None
    if b"\x00" in data:
        raise BadFile(not_text)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile(N_("the file is neither UTF-8 nor Windows-1252 text; save it as “CSV UTF-8”"))


def clean_cells(cells: list[str]) -> list[str]:
    """Return a table row's cells cleaned at the edge like any text from outside (bot/engine/clean.py), each on one line."""
    return [clean_text(cell, None, multiline=False) for cell in cells]
