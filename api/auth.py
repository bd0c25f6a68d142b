"""Authenticate REST API callers by bearer token: tell who is calling, and whether they may."""

from __future__ import annotations

import hmac
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import update
from sqlmodel import Session, select

from api.deps import AppStateDep
from bot.services.principal import Principal
from bot.services.tokens import TOKEN_PREFIX, token_digest
from bot.store.db import transaction
from bot.store.models import ApiToken

# Writing last_used_at on every request would make every API call a write; once a minute is enough to audit.
LAST_USED_RESOLUTION = timedelta(minutes=1)

bearer = HTTPBearer(auto_error=False, description="A token made with `python -m bot token create` or POST /api/v1/departments/{id}/tokens.")


def _unauthorized(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail, headers={"WWW-Authenticate": 'Bearer realm="gem-saathi"'})


def authenticate(state: AppStateDep, credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]) -> Principal:
    """Return the caller of a valid, unrevoked token, or answer 401."""
    if credentials is None or credentials.scheme.lower() != "bearer" or not credentials.credentials:
        raise _unauthorized("Send an API token: Authorization: Bearer gs_…")
    secret = credentials.credentials.strip()
    if not secret.startswith(TOKEN_PREFIX):
        raise _unauthorized("This is not a GeM Saathi API token.")
    digest = token_digest(secret)
    with Session(state.engine) as session:
        token = session.exec(select(ApiToken).where(ApiToken.token_hash == digest)).first()
    # The lookup is by digest; comparing again in constant time costs nothing and keeps timing flat.
    if token is None or not hmac.compare_digest(token.token_hash, digest) or token.revoked_at is not None:
        raise _unauthorized("This API token is unknown or revoked.")
    now = state.clock()
    last_used = token.last_used_at
    if last_used is None or now - last_used >= LAST_USED_RESOLUTION:
        with transaction(state.engine) as session:
            session.execute(update(ApiToken).where(ApiToken.id == token.id).values(last_used_at=now))
    return Principal(token_id=token.id, role=token.role, department_id=token.department_id)


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require_admin(principal: PrincipalDep) -> Principal:
    """Return the caller if an admin, or answer 403."""
    if not principal.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Only an MSME-department admin token may do this.")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]
