"""Read files staff upload, in the encodings spreadsheets save CSV in."""

from __future__ import annotations

import codecs


class BadFile(ValueError):
    """Signal an upload that cannot be read at all; the message says how to save it instead."""


def decode_csv(data: bytes, *, not_text: str) -> str:
    """Return the text of an uploaded CSV: UTF-8 (with or without BOM), UTF-16 with BOM, or Excel's Windows-1252."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise BadFile("the file says it is UTF-16 but is not; save it as “CSV UTF-8”") from None
    if b"\x00" in data:
        raise BadFile(not_text)
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise BadFile("the file is neither UTF-8 nor Windows-1252 text; save it as “CSV UTF-8”")
