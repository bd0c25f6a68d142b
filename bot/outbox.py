"""Write every outgoing message as an outbox row and wake whoever sends it once the row is committed."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any, Protocol

from sqlalchemy import Connection
from sqlmodel import Session

from bot.channels.base import CHANNELS, OutboundPayload
from bot.engine.context import Env
from bot.engine.conversation import ALL_STEPS
from bot.engine.model import Conversation, Reply
from bot.store.models import OutboxMessage
from bot.store.prepared import Prepared

OUTBOX_CHANNEL = "saathi_outbox"  # PostgreSQL NOTIFY channel: outbox rows were committed
# Lower goes first: a seller waiting on a reply beats a status note, which beats reminders and broadcasts.
PRIORITIES = {"reply": 0, "staff": 0, "status": 1, "reminder": 5, "broadcast": 9}  # staff: a person's reply from the staff app
URGENT = 0  # someone waits at their phone for it (a campaign's test send): as a reply
_TABLE = OutboxMessage.__table__


@dataclass(frozen=True, slots=True)
class Claimed:
    """Hold an outbox row taken by a worker for sending."""

    id: int
    channel: str
    kind: str
    payload: dict
    attempts: int
    seller_id: int | None = None
    recipient_id: int | None = None


class Handoff(Protocol):
    """Take replies written already claimed: the in-process worker, as the outbox sees it."""

    worker_id: str

    def takes_handoffs(self, channel: str) -> bool: ...

    def hand(self, claimed: list[Claimed]) -> None: ...


def row(
    *,
    channel: str,
    kind: str,
    payload: dict,
    now: datetime,
    seller_id: int | None = None,
    language: str | None = None,
    due_at: datetime | None = None,
    priority: int | None = None,
    campaign_id: int | None = None,
    recipient_id: int | None = None,
) -> dict[str, Any]:
    """Shape one pending outbox row; its priority follows its kind unless given."""
    shaped = {
        "seller_id": seller_id,
        "channel": channel,
        "kind": kind,
        "priority": PRIORITIES[kind] if priority is None else priority,
        "language": language,
        "payload": payload,
        "status": "pending",
        "attempts": 0,
        "due_at": due_at or now,
        "created_at": now,
        "updated_at": now,
    }
    if campaign_id is not None or recipient_id is not None:
        shaped["campaign_id"], shaped["recipient_id"] = campaign_id, recipient_id
    return shaped


def reply_payload(to: str, reply: Reply, fallback: dict | None) -> dict:
    """Return the payload of one reply, with what carries it outside the WhatsApp window."""
    return {**OutboundPayload(to=to, text=reply.text, buttons=reply.buttons, request_contact=reply.request_contact).to_json(), "fallback": fallback}


@lru_cache(maxsize=16)
def _insert(columns: tuple[str, ...], returning: bool = False) -> Prepared:
    """Return the INSERT of these outbox columns, compiled once."""
    return Prepared.insert(_TABLE, columns, returning="id" if returning else None)


def _announce(conn: Connection) -> None:
    """Tell workers in every process, at commit, that rows were written (PostgreSQL only)."""
    if conn.dialect.name == "postgresql":
        conn.exec_driver_sql(f"NOTIFY {OUTBOX_CHANNEL}")


def write(conn: Connection, rows: Sequence[Mapping[str, Any]]) -> int:
    """Insert rows shaped by `row` (all with the same columns) in the caller's transaction; return how many."""
    if not rows:
        return 0
    _insert(tuple(rows[0])).executemany(conn, rows)
    _announce(conn)
    return len(rows)


def add(session: Session, shaped: Mapping[str, Any]) -> OutboxMessage:
    """Insert one row shaped by `row` in the session's transaction and return it."""
    added = OutboxMessage(**shaped)
    session.add(added)
    session.flush()  # one INSERT, its id returned with it
    _announce(session.connection())
    return added


class Outbox:
    """Queue replies in a turn's transaction and wake the sender after commit: hand-off, notify or NOTIFY."""

    def __init__(self) -> None:
        self.notify: Callable[[], None] | None = None  # wakes the in-process worker once rows are committed
        self.handoff: Handoff | None = None  # the in-process worker, which takes a turn's replies directly

    def attach(self, worker: Any) -> None:
        """Send through this in-process worker: hand it replies, and wake it for everything else."""
        self.notify = worker.notify
        self.handoff = worker

    def queue_replies(
        self,
        session: Session,
        *,
        seller_id: int | None,
        channel: str,
        to: str,
        language: str | None,
        replies: list[Reply],
        now: datetime,
        kind: str = "reply",
        fallback: dict | None = None,
        handed: list[Claimed] | None = None,
    ) -> bool:
        """Write replies for a real channel in the session's transaction (claimed already, into `handed`, when the in-process worker takes them); say whether any were."""
        if channel not in CHANNELS or not replies:
            return False
        rows = [
            row(channel=channel, kind=kind, payload=reply_payload(to, r, fallback), now=now, seller_id=seller_id, language=language)
            for r in replies
        ]
        conn = session.connection()
        worker = self.handoff
        if handed is None or worker is None or not worker.takes_handoffs(channel):
            write(conn, rows)
            return True
        claim = _insert((*rows[0], "claimed_by", "claimed_at"), returning=True)
        for shaped in rows:
            shaped.update(status="sending", attempts=1, claimed_by=worker.worker_id, claimed_at=now)
            row_id = claim.first(conn, shaped)["id"]
            handed.append(Claimed(id=row_id, channel=channel, kind=kind, payload=shaped["payload"], attempts=1, seller_id=seller_id))
        return True

    def wake(self, *, queued: bool = True, handed: list[Claimed] | None = None) -> None:
        """Hand committed claimed replies to the worker, or wake it when rows were queued."""
        if handed and self.handoff is not None:
            self.handoff.hand(handed)
        elif queued and self.notify is not None:
            self.notify()


def fallback(env: Env, conv: Conversation, kind: str) -> dict:
    """Return the template variables that carry a message to this seller outside the WhatsApp 24-hour window."""
    step_title = env.translations[conv.language or "hi"].gettext(ALL_STEPS[conv.return_step or conv.step].title)
    return {"kind": kind, "variables": {"1": conv.profile.name or "", "2": step_title}}
