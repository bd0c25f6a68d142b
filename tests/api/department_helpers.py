"""Helpers for department-backend tests: departments, tokens and sellers credited to a department."""

from __future__ import annotations

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from bot.services.deeplinks import create_deep_link
from bot.services.departments import create_department
from bot.services.tokens import create_token
from bot.store.models import AccessLog, Seller
from tests.api.helpers import walk

CONSENTED = ["hi", "[ask_language:hi]", "[ask_consent:yes]"]  # far enough for the mobile to be on the seller


def department(db: Engine, code: str) -> int:
    """Create a department with one deep link coded `<code>_link`; return its id."""
    made = create_department(engine=db, name=f"Department {code}", code=code)
    create_deep_link(engine=db, department_id=made.id, code=f"{code}_link")
    return made.id


def bearer(db: Engine, department_id: int | None, label: str = "test") -> dict[str, str]:
    """Issue a token (admin when no department) and return the Authorization header that carries it."""
    return {"Authorization": f"Bearer {create_token(engine=db, label=label, department_id=department_id).secret}"}


def seller(client, db: Engine, user: str, phone: str, source_code: str | None, answers: list[str] | None = None) -> int:  # type: ignore[no-untyped-def]
    """Bring a simulated seller along (consented by default) and credit them to a deep link; return the id."""
    walk(client, user, answers or CONSENTED, phone=phone)
    with Session(db) as session:
        seller_id = session.exec(select(Seller.id).where(Seller.mobile == phone).order_by(Seller.id.desc())).first()
    assert seller_id is not None
    with db.begin() as conn:
        conn.execute(update(Seller).where(Seller.id == seller_id).values(source_code=source_code))
    return seller_id


def access_log(db: Engine) -> list[tuple[int, str, str]]:
    """Return (token id, action, detail) of every access-log row, oldest first."""
    with Session(db) as session:
        return [(row.token_id, row.action, row.detail) for row in session.exec(select(AccessLog).order_by(AccessLog.id))]


def upload_vendors(client, headers: dict[str, str], data: bytes, name: str = "vendors.csv", department_id: int | None = None):  # type: ignore[no-untyped-def]
    """Upload a vendor list file through the API and return the response."""
    form = {"department_id": str(department_id)} if department_id is not None else {}
    return client.post("/api/v1/vendor-lists", files={"file": (name, data, "application/octet-stream")}, data=form, headers=headers)
