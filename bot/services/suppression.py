"""Keep the suppression list: phone numbers never to be contacted again, stored only as keyed digests."""

# A number goes on it when its owner erases their data, and comes off when that person writes to us again on
# their own and gives consent. Vendor-list uploads refuse suppressed numbers, and campaigns leave them out
# (bot/campaigns/rules.py matches `VendorListEntry.phone_digest` against it in SQL).

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import Connection, delete, select

from bot.store.db import upsert
from bot.store.digests import Digest, phone_digest
from bot.store.models import SuppressedPhone

ERASED = "erased"


def channel_numbers(channel: str, external_id: str, phone: str | None) -> set[str]:
    """Return the phone numbers a channel vouches for: a WhatsApp sender's number, a contact shared as one's own."""
    # A number typed into the conversation is not among them: anyone can type anyone's number.
    numbers = {phone} if phone else set()
    if channel == "whatsapp":
        numbers.add(external_id)
    return numbers


def suppress(conn: Connection, keyed: Digest, numbers: Iterable[str], now: datetime, reason: str = ERASED) -> None:
    """Put numbers on the suppression list; a number already on it stays as it was (no error)."""
    rows = [{"phone_digest": digest, "reason": reason, "suppressed_at": now} for digest in sorted({phone_digest(keyed, n) for n in numbers})]
    if not rows:
        return
    conn.execute(upsert(conn, SuppressedPhone).on_conflict_do_nothing(index_elements=["phone_digest"]), rows)


def lift(conn: Connection, keyed: Digest, numbers: Iterable[str]) -> int:
    """Take numbers off the suppression list; return how many were on it."""
    digests = [phone_digest(keyed, n) for n in numbers]
    if not digests:
        return 0
    return conn.execute(delete(SuppressedPhone).where(SuppressedPhone.phone_digest.in_(digests))).rowcount or 0


def suppressed_among(conn: Connection, digests: Iterable[str]) -> set[str]:
    """Return which of these phone digests are on the suppression list."""
    wanted = list(digests)
    if not wanted:
        return set()
    return set(conn.execute(select(SuppressedPhone.phone_digest).where(SuppressedPhone.phone_digest.in_(wanted))).scalars())
