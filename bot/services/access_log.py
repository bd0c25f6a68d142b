"""Keep the DPDP access record: who (an API token or a signed-in person) read, changed or exported what, and when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, func, select
from sqlmodel import Session

from bot.store.db import transaction
from bot.store.models import AccessLog, StaffAccount


def record_access(
    *,
    engine: Engine,
    action: str,
    detail: str,
    now: datetime,
    token_id: int | None = None,
    account_id: int | None = None,
    department_id: int | None = None,
    address: str | None = None,
) -> None:
    """Write one access-log row in its own transaction (ids and counts only, never a phone number)."""
    with transaction(engine) as session:
        session.add(
            AccessLog(token_id=token_id, account_id=account_id, department_id=department_id, action=action, detail=detail, address=address, at=now)
        )


@dataclass(frozen=True, slots=True)
class AuditFilters:
    """Hold the audit page's filters."""

    action: str | None = None
    account_id: int | None = None
    department_id: int | None = None
    page: int = 1


AUDIT_PAGE = 100


def audit_page(*, engine: Engine, filters: AuditFilters) -> tuple[list[tuple[AccessLog, str | None]], int]:
    """Return a page of the access log, newest first, with the person's name; and how many rows match."""
    conditions = []
    if filters.action:
        conditions.append(AccessLog.action.startswith(filters.action))
    if filters.account_id is not None:
        conditions.append(AccessLog.account_id == filters.account_id)
    if filters.department_id is not None:
        conditions.append(AccessLog.department_id == filters.department_id)
    with Session(engine) as session:
        total = session.execute(select(func.count()).select_from(AccessLog).where(*conditions)).scalar_one()
        query = (
            select(AccessLog, StaffAccount.name)
            .outerjoin(StaffAccount, StaffAccount.id == AccessLog.account_id)
            .where(*conditions)
            .order_by(AccessLog.at.desc(), AccessLog.id.desc())
            .limit(AUDIT_PAGE)
            .offset((max(filters.page, 1) - 1) * AUDIT_PAGE)
        )
        return [(row, name) for row, name in session.execute(query)], total
