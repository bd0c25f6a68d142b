"""Manage departments: the government offices that bring sellers in and follow them up."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from sqlalchemy import Engine, or_
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from bot.services.errors import AlreadyExists, NotFound
from bot.store.db import transaction
from bot.store.models import Department

DEPARTMENT_CODE = re.compile(r"[a-z0-9_]{1,24}")


def normalise_code(code: str) -> str:
    """Return a department code trimmed and lower-cased, or raise ValueError if it is not a-z, 0-9, _ (≤ 24)."""
    code = code.strip().lower()
    if not DEPARTMENT_CODE.fullmatch(code):
        raise ValueError("a department code is 1 to 24 characters of a-z, 0-9 and _, e.g. dic_lucknow")
    return code


def create_department(*, engine: Engine, name: str, code: str, now: datetime | None = None) -> Department:
    """Create a department; raise AlreadyExists when its name or code is taken."""
    name, code = name.strip(), normalise_code(code)
    if not name:
        raise ValueError("a department needs a name")
    try:
        with transaction(engine) as session:
            taken = session.exec(select(Department).where(or_(Department.name == name, Department.code == code))).first()
            if taken is not None:
                what = "code" if taken.code == code else "name"
                raise AlreadyExists(f"a department with this {what} already exists")
            department = Department(name=name, code=code, created_at=now or datetime.now(UTC))
            session.add(department)
            session.flush()
            return department
    except IntegrityError:
        raise AlreadyExists("a department with this name or code already exists") from None


def list_departments(*, engine: Engine) -> list[Department]:
    """Return every department by name."""
    with Session(engine) as session:
        return list(session.exec(select(Department).order_by(Department.name)))


def get_department(*, engine: Engine, department_id: int) -> Department:
    """Return one department or raise NotFound."""
    with Session(engine) as session:
        department = session.get(Department, department_id)
    if department is None:
        raise NotFound(f"no department {department_id}")
    return department


def department_by_code(*, engine: Engine, code: str) -> Department:
    """Return the department with this code or raise NotFound."""
    with Session(engine) as session:
        department = session.exec(select(Department).where(Department.code == code.strip().lower())).first()
    if department is None:
        raise NotFound(f"no department with code {code!r}")
    return department
