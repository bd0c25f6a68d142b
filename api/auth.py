"""Authenticate REST API callers by bearer token: tell who is calling, and whether they may."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.deps import AppStateDep
from bot.services import tokens
from bot.services.principal import Principal
from bot.services.tokens import TOKEN_PREFIX

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
    principal = tokens.principal_for(engine=state.engine, secret=secret, now=state.clock())
    if principal is None:
        raise _unauthorized("This API token is unknown or revoked.")
    return principal


PrincipalDep = Annotated[Principal, Depends(authenticate)]


def require_admin(principal: PrincipalDep) -> Principal:
    """Return the caller if an admin, or answer 403."""
    if not principal.is_admin:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="Only an MSME-department admin token may do this.")
    return principal


AdminDep = Annotated[Principal, Depends(require_admin)]
