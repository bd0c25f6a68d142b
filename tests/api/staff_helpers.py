"""Helpers for staff web app tests: accounts, signing in with the page's CSRF token, sellers credited to departments."""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import Engine

from bot.services import accounts
from bot.services.deeplinks import create_deep_link
from bot.services.departments import create_department
from bot.store.db import transaction
from bot.store.models import CallbackRequest, MessageLog, StaffAccount
from tests.api.campaign_helpers import NOW, add_seller

PASSWORD = "correct horse battery"
CSRF = re.compile(r'name="csrf_token" value="([0-9a-f]{64})"')


def department(db: Engine, code: str) -> int:
    """Create a department with one deep link coded `<code>_link`; return its id."""
    made = create_department(engine=db, name=f"Department {code}", code=code)
    create_deep_link(engine=db, department_id=made.id, code=f"{code}_link")
    return made.id


def account(db: Engine, email: str, role: str = "staff", department_id: int | None = None, language: str = "en") -> StaffAccount:
    """Create an account with the shared test password (staff without a department get one of their own)."""
    if role == "staff" and department_id is None:
        department_id = department(db, "d_" + "".join(ch for ch in email.split("@")[0] if ch.isalnum()).lower()[:20])
    return accounts.create_account(
        engine=db, email=email, name=email.split("@")[0].title(), role=role, department_id=department_id, password=PASSWORD, now=NOW,
        language=language,
    )


def csrf(client, path: str = "/signin") -> str:  # type: ignore[no-untyped-def]
    """Open a page and return the CSRF token its forms carry."""
    response = client.get(path)
    found = CSRF.search(response.text)
    assert found, f"no CSRF token on {path} ({response.status_code})"
    return found.group(1)


def sign_in(client, email: str, password: str = PASSWORD) -> None:  # type: ignore[no-untyped-def]
    """Sign in through the page, as a browser would; fail unless it worked."""
    token = csrf(client)
    response = client.post("/signin", data={"email": email, "password": password, "csrf_token": token, "next": "/home"}, follow_redirects=False)
    assert response.status_code == 303, response.text
    assert response.headers["location"] == "/home"


def post(client, path: str, data: dict | None = None, *, token_from: str = "/home"):  # type: ignore[no-untyped-def]
    """Send a form as the signed-in person, with a valid CSRF token."""
    return client.post(path, data={**(data or {}), "csrf_token": csrf(client, token_from)}, follow_redirects=False)


def lead(db: Engine, n: int, source: str | None = None, *, mobile: str | None = None, name: str | None = None, callback: bool = False,
         said: str | None = None, at: datetime = NOW) -> int:
    """Add a real seller (brought by a deep link code, or none) who may have asked for a call; return the id."""
    seller_id = add_seller(db, n, source=source, mobile=mobile)
    with transaction(db) as session:
        if name:
            from bot.store.models import Seller

            session.get(Seller, seller_id).name = name
        if callback:
            session.add(CallbackRequest(seller_id=seller_id, step="ask_pan", status="open", requested_at=at, expected_by=at))
        if said:
            session.add(MessageLog(seller_id=seller_id, channel="whatsapp", direction="in", kind="text", text=said, created_at=at))
    return seller_id
