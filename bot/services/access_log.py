"""Keep the DPDP access record: which token read, changed or exported sellers' data, and when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine

from bot.store.db import transaction
from bot.store.models import AccessLog


def record_access(*, engine: Engine, token_id: int, action: str, detail: str, now: datetime) -> None:
    """Write one access-log row in its own transaction (ids and counts only, never a phone number)."""
    with transaction(engine) as session:
        session.add(AccessLog(token_id=token_id, action=action, detail=detail, at=now))
