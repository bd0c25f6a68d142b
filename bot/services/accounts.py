"""Manage staff accounts: one-time set-up links, sign-in with throttling, sessions that can be ended, roles."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import Engine, func, update
from sqlmodel import Session, select

from bot.services.errors import AlreadyExists, NotFound
from bot.services.principal import ROLES, Principal
from bot.store.db import transaction
from bot.store.models import (
    AccessLog,
    Department,
    SetupLink,
    StaffAccount,
    StaffSession,
)

SESSION_LIFETIME = timedelta(days=14)  # a session unused this long ends; each use extends it
SESSION_TOUCH = timedelta(minutes=1)  # last_seen_at is written at most this often (a read stays a read)
SETUP_LINK_LIFETIME = timedelta(minutes=30)
THROTTLE_WINDOW = timedelta(minutes=15)
THROTTLE_PER_ACCOUNT = 5  # failed sign-ins into one account within the window
THROTTLE_PER_ADDRESS = 20  # failed sign-ins from one address within the window
PASSWORD_MIN = 10
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]{1,185}\.[^@\s]{2,63}$")
LANGUAGES = ("hi", "en")

_hasher = PasswordHash((Argon2Hasher(),))
# Checked against when no account matches, so that a wrong e-mail costs as long as a wrong password.
_DUMMY_HASH = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(ValueError):
    """Signal an account change that cannot be made (a short password, an e-mail in use, a role without a department)."""


class SignInRefused(Exception):
    """Signal a refused sign-in: `throttled` when too many failed, else wrong e-mail or password (never which)."""

    def __init__(self, throttled: bool = False) -> None:
        super().__init__("throttled" if throttled else "invalid")
        self.throttled = throttled


@dataclass(frozen=True, slots=True)
class SignedIn:
    """Hold a session just started: its secret (for the cookie, never stored) and the account."""

    secret: str
    account: StaffAccount


def _digest(secret: str) -> str:
    """Return the SHA-256 hex digest under which a session or set-up secret is kept."""
    return hashlib.sha256(secret.encode()).hexdigest()


def normal_email(email: str) -> str:
    """Return an e-mail address trimmed and lower-cased, or raise AccountError when it is not one."""
    email = email.strip().lower()
    if not EMAIL.fullmatch(email):
        raise AccountError("email")
    return email


def _check_password(password: str) -> None:
    if len(password) < PASSWORD_MIN or len(password) > 256:
        raise AccountError("password")


def principal_of(account: StaffAccount) -> Principal:
    """Return the principal a signed-in account acts as."""
    return Principal(role=account.role, department_id=account.department_id, account_id=account.id)


# --------------------------------------------------------------------------- accounts


def create_account(
    *, engine: Engine, email: str, name: str, role: str, department_id: int | None, password: str, now: datetime, language: str = "hi"
) -> StaffAccount:
    """Create an account; AccountError for a bad e-mail, short password or a role that does not fit the department."""
    with transaction(engine) as session:
        return _add_account(session, email=email, name=name, role=role, department_id=department_id, password=password, now=now, language=language)


def _add_account(
    session: Session, *, email: str, name: str, role: str, department_id: int | None, password: str, now: datetime, language: str = "hi"
) -> StaffAccount:
    """Check an account's fields and add it in the session's transaction."""
    email = normal_email(email)
    name = name.strip()
    if not name or len(name) > 100:
        raise AccountError("name")
    if role not in ROLES:
        raise AccountError("role")
    if role == "admin" and department_id is not None:
        department_id = None
    if role == "staff" and department_id is None:
        raise AccountError("department")
    _check_password(password)
    if department_id is not None and session.get(Department, department_id) is None:
        raise NotFound(f"no department {department_id}")
    if session.exec(select(StaffAccount.id).where(StaffAccount.email == email)).first() is not None:
        raise AlreadyExists("email")
    account = StaffAccount(
        email=email, name=name, role=role, department_id=department_id, password_hash=_hasher.hash(password),
        language=language if language in LANGUAGES else "hi", created_at=now, updated_at=now,
    )
    session.add(account)
    session.flush()
    return account


def list_accounts(*, engine: Engine, principal: Principal) -> list[StaffAccount]:
    """Return the accounts the caller may see: all for an admin, their own department's for staff."""
    query = select(StaffAccount).order_by(StaffAccount.disabled_at.is_not(None), StaffAccount.name)
    if not principal.is_admin:
        query = query.where(StaffAccount.department_id == principal.department_id, StaffAccount.department_id.is_not(None))
    with Session(engine) as session:
        return list(session.exec(query))


def get_account(*, engine: Engine, account_id: int) -> StaffAccount:
    """Return one account, or raise NotFound."""
    with Session(engine) as session:
        account = session.get(StaffAccount, account_id)
    if account is None:
        raise NotFound(f"no account {account_id}")
    return account


def set_disabled(*, engine: Engine, account_id: int, disabled: bool, now: datetime) -> StaffAccount:
    """Disable an account (its sessions end at once) or enable it again."""
    with transaction(engine) as session:
        account = session.get(StaffAccount, account_id)
        if account is None:
            raise NotFound(f"no account {account_id}")
        account.disabled_at = now if disabled else None
        account.updated_at = now
        if disabled:
            _end_sessions(session, account_id, now)
        return account


def set_language(*, engine: Engine, account_id: int, language: str, now: datetime) -> None:
    """Remember the language a person reads the staff app in."""
    if language not in LANGUAGES:
        raise AccountError("language")
    with transaction(engine) as session:
        session.execute(update(StaffAccount).where(StaffAccount.id == account_id).values(language=language, updated_at=now))


def admin_exists(*, engine: Engine) -> bool:
    """Say whether any admin account can sign in."""
    with Session(engine) as session:
        query = select(StaffAccount.id).where(StaffAccount.role == "admin", StaffAccount.disabled_at.is_(None)).limit(1)
        return session.exec(query).first() is not None


# --------------------------------------------------------------------------- set-up links


def issue_setup_link(*, engine: Engine, now: datetime) -> str:
    """Make a one-time secret that creates an admin account, valid for SETUP_LINK_LIFETIME."""
    # Earlier links stay good until they expire: with several web processes each prints its own at start-up.
    secret = secrets.token_urlsafe(32)
    with transaction(engine) as session:
        session.add(SetupLink(token_hash=_digest(secret), created_at=now, expires_at=now + SETUP_LINK_LIFETIME))
    return secret


def setup_link_valid(*, engine: Engine, secret: str, now: datetime) -> bool:
    """Say whether a set-up secret can still be used."""
    with Session(engine) as session:
        link = session.exec(select(SetupLink).where(SetupLink.token_hash == _digest(secret))).first()
    return link is not None and link.used_at is None and link.expires_at > now


def use_setup_link(*, engine: Engine, secret: str, email: str, name: str, password: str, now: datetime) -> StaffAccount:
    """Create an admin account with a set-up secret, which then cannot be used again; NotFound when it is spent or unknown."""
    # One transaction: a form refused (a short password, an e-mail in use) leaves the link as it was, to be sent again.
    with transaction(engine) as session:
        link = session.exec(select(SetupLink).where(SetupLink.token_hash == _digest(secret)).with_for_update()).first()
        if link is None or link.used_at is not None or link.expires_at <= now:
            raise NotFound("setup link")
        account = _add_account(session, email=email, name=name, role="admin", department_id=None, password=password, now=now)
        link.used_at, link.account_id = now, account.id
        session.add(AccessLog(account_id=account.id, action="account.setup", detail=f"admin account {account.id} created by a set-up link", at=now))
        return account


# --------------------------------------------------------------------------- signing in


def _failures(session: Session, *, since: datetime, account_id: int | None = None, address: str | None = None) -> int:
    query = select(func.count()).select_from(AccessLog).where(AccessLog.action == "signin.failed", AccessLog.at > since)
    query = query.where(AccessLog.account_id == account_id) if account_id is not None else query.where(AccessLog.address == address)
    return session.exec(query).one()


def sign_in(*, engine: Engine, email: str, password: str, address: str | None, now: datetime) -> SignedIn:
    """Check an e-mail and password and start a session; SignInRefused when wrong, disabled or throttled."""
    try:
        email = normal_email(email)
    except AccountError:
        email = ""
    with Session(engine) as session:
        account = session.exec(select(StaffAccount).where(StaffAccount.email == email)).first() if email else None
        since = now - THROTTLE_WINDOW
        throttled = (address is not None and _failures(session, since=since, address=address) >= THROTTLE_PER_ADDRESS) or (
            account is not None and _failures(session, since=since, account_id=account.id) >= THROTTLE_PER_ACCOUNT
        )
    # The hash is checked whatever happens, so the time taken says nothing about the account.
    matched = _hasher.verify(password[:256], account.password_hash if account is not None else _DUMMY_HASH)
    if throttled or account is None or not matched or account.disabled_at is not None:
        with transaction(engine) as session:
            session.add(
                AccessLog(account_id=account.id if account else None, action="signin.failed",
                          detail="throttled" if throttled else "wrong e-mail, password, or a disabled account", address=address, at=now)
            )
        raise SignInRefused(throttled=throttled)
    secret = secrets.token_urlsafe(32)
    with transaction(engine) as session:
        session.add(StaffSession(account_id=account.id, token_hash=_digest(secret), created_at=now, last_seen_at=now, expires_at=now + SESSION_LIFETIME))
        session.add(AccessLog(account_id=account.id, department_id=account.department_id, action="signin", detail="", address=address, at=now))
    return SignedIn(secret=secret, account=account)


def session_account(*, engine: Engine, secret: str, now: datetime) -> StaffAccount | None:
    """Return the account of a live session (extending it), or None when the session ended, expired or its account is disabled."""
    digest = _digest(secret)
    with Session(engine) as session:
        row = session.exec(
            select(StaffSession, StaffAccount).join(StaffAccount, StaffAccount.id == StaffSession.account_id).where(StaffSession.token_hash == digest)
        ).first()
    if row is None:
        return None
    staff_session, account = row
    if not hmac.compare_digest(staff_session.token_hash, digest):
        return None
    if staff_session.revoked_at is not None or staff_session.expires_at <= now or account.disabled_at is not None:
        return None
    if now - staff_session.last_seen_at >= SESSION_TOUCH:
        with transaction(engine) as session:
            session.execute(
                update(StaffSession).where(StaffSession.id == staff_session.id).values(last_seen_at=now, expires_at=now + SESSION_LIFETIME)
            )
    return account


def end_session(*, engine: Engine, secret: str, now: datetime) -> None:
    """End one session (signing out)."""
    with transaction(engine) as session:
        session.execute(update(StaffSession).where(StaffSession.token_hash == _digest(secret), StaffSession.revoked_at.is_(None)).values(revoked_at=now))


def _end_sessions(session: Session, account_id: int, now: datetime) -> int:
    return session.execute(
        update(StaffSession).where(StaffSession.account_id == account_id, StaffSession.revoked_at.is_(None)).values(revoked_at=now)
    ).rowcount


def end_all_sessions(*, engine: Engine, account_id: int, now: datetime) -> int:
    """End every session of an account (signing out everywhere); return how many were live."""
    with transaction(engine) as session:
        return _end_sessions(session, account_id, now)
