"""Issue API tokens: made with a secret shown once, kept only as a digest, revoked rather than deleted."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from bot.services.errors import NotFound
from bot.services.principal import Principal
from bot.store.db import transaction
from bot.store.models import ApiToken, Department

TOKEN_PREFIX = "gs_"
PREFIX_LENGTH = 8  # characters of the secret kept in clear, to tell tokens apart in lists
# Writing last_used_at on every request would make every API call a write; once a minute is enough to audit.
LAST_USED_RESOLUTION = timedelta(minutes=1)


def token_digest(secret: str) -> str:
    """Return the SHA-256 hex digest under which a token's secret is stored."""
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """Hold a token just made, with its secret: the only time the secret exists outside the caller's hands."""

    token: ApiToken
    secret: str


def create_token(*, engine: Engine, label: str, department_id: int | None, now: datetime | None = None) -> IssuedToken:
    """Make a staff token for a department, or an admin token when no department is given."""
    label = label.strip()
    if not label or len(label) > 100:
        raise ValueError("a token needs a label of 1 to 100 characters, e.g. the holder's name")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with transaction(engine) as session:
        if department_id is not None and session.get(Department, department_id) is None:
            raise NotFound(f"no department {department_id}")
        token = ApiToken(
            department_id=department_id,
            role="admin" if department_id is None else "staff",
            label=label,
            token_hash=token_digest(secret),
            prefix=secret[:PREFIX_LENGTH],
            created_at=now or datetime.now(UTC),
        )
        session.add(token)
        session.flush()
    return IssuedToken(token=token, secret=secret)


def get_token(*, engine: Engine, token_id: int) -> ApiToken:
    """Return one token (without its secret, which is not kept) or raise NotFound."""
    with Session(engine) as session:
        token = session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(f"no token {token_id}")
    return token


def revoke_token(*, engine: Engine, token_id: int, now: datetime | None = None) -> ApiToken:
    """Revoke a token for good; revoking it again changes nothing."""
    with transaction(engine) as session:
        token = session.get(ApiToken, token_id)
        if token is None:
            raise NotFound(f"no token {token_id}")
        if token.revoked_at is None:
            token.revoked_at = now or datetime.now(UTC)
        session.flush()
    return token


def tokens_matching(*, engine: Engine, prefix_or_secret: str) -> list[ApiToken]:
    """Return the tokens shown with this prefix (or the one token whose whole secret this is)."""
    text = prefix_or_secret.strip()
    with Session(engine) as session:
        if len(text) > PREFIX_LENGTH:
            return list(session.exec(select(ApiToken).where(ApiToken.token_hash == token_digest(text))))
        return list(session.exec(select(ApiToken).where(ApiToken.prefix == text).order_by(ApiToken.id)))


def list_tokens(*, engine: Engine, department_id: int | None = None) -> list[ApiToken]:
    """Return tokens, of one department when given, newest first."""
    query = select(ApiToken).order_by(ApiToken.id.desc())
    if department_id is not None:
        query = query.where(ApiToken.department_id == department_id)
    with Session(engine) as session:
        return list(session.exec(query))


def principal_for(*, engine: Engine, secret: str, now: datetime) -> Principal | None:
    """Return who holds a valid, unrevoked token with this secret (noting its use once a minute), or None."""
    digest = token_digest(secret)
    with Session(engine) as session:
        token = session.exec(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    # The lookup is by digest; comparing again in constant time costs nothing and keeps timing flat.
    if token is None or not hmac.compare_digest(token.token_hash, digest) or token.revoked_at is not None:
        return None
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
        with transaction(engine) as session:
            session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return Principal(token_id=token.id, role=token.role, department_id=token.department_id)
