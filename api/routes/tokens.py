"""Revoke API tokens."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from api.auth import PrincipalDep
from api.department_schemas import ApiTokenPublic
from api.responses import BEARER, refused
from api.deps import AppStateDep
from bot.services import tokens
from bot.services.access_log import record_access
from bot.services.errors import NotFound
from bot.shapes import RowId

router = APIRouter(prefix="/api/v1/tokens", tags=["tokens"], responses=BEARER)


@router.delete("/{token_id}", response_model=ApiTokenPublic, responses=refused(404, "No such token among yours"))
def revoke_token(token_id: RowId, state: AppStateDep, principal: PrincipalDep) -> ApiTokenPublic:
    """Revoke a token at once (an admin any token, staff their own department's); revoking twice is harmless."""
    try:
        token = tokens.get_token(engine=state.engine, token_id=token_id)
        if not principal.covers(token.department_id):
            raise NotFound(f"no token {token_id}")
        token = tokens.revoke_token(engine=state.engine, token_id=token_id, now=state.clock())
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    record_access(engine=state.engine, token_id=principal.token_id, action="token.revoke", detail=f"token {token_id}", now=state.clock())
    return ApiTokenPublic.model_validate(token, from_attributes=True)
