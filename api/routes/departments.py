"""Manage departments and their API tokens (admins only)."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, status

from api.auth import AdminDep
from api.department_schemas import (
    ApiTokenCreate,
    ApiTokenCreated,
    ApiTokenPublic,
    DepartmentCreate,
    DepartmentPublic,
)
from api.deps import AppStateDep
from api.responses import ADMIN_ONLY, BEARER, refused
from bot.services import departments, tokens
from bot.services.errors import AlreadyExists, NotFound
from bot.shapes import RowId

router = APIRouter(prefix="/api/v1/departments", tags=["departments"], responses={**BEARER, **ADMIN_ONLY})
NO_DEPARTMENT = refused(404, "No such department")


@router.post("", response_model=DepartmentPublic, status_code=status.HTTP_201_CREATED, responses=refused(409, "A department with this code exists"))
def create_department(body: DepartmentCreate, state: AppStateDep, _admin: AdminDep) -> DepartmentPublic:
    """Create a department (its code goes into its deep-link codes)."""
    try:
        department = departments.create_department(engine=state.engine, name=body.name, code=body.code, now=state.clock())
    except AlreadyExists as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    return DepartmentPublic.model_validate(department, from_attributes=True)


@router.get("", response_model=list[DepartmentPublic])
def list_departments(state: AppStateDep, _admin: AdminDep) -> list[DepartmentPublic]:
    """List every department."""
    return [DepartmentPublic.model_validate(d, from_attributes=True) for d in departments.list_departments(engine=state.engine)]


@router.post("/{department_id}/tokens", response_model=ApiTokenCreated, status_code=status.HTTP_201_CREATED, responses=NO_DEPARTMENT)
def create_department_token(department_id: RowId, body: ApiTokenCreate, state: AppStateDep, _admin: AdminDep) -> ApiTokenCreated:
    """Issue a staff token for a department; the secret is in this response only."""
    try:
        issued = tokens.create_token(engine=state.engine, label=body.label, department_id=department_id, now=state.clock())
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    return ApiTokenCreated.model_validate({**ApiTokenPublic.model_validate(issued.token, from_attributes=True).model_dump(), "secret": issued.secret})


@router.get("/{department_id}/tokens", response_model=list[ApiTokenPublic], responses=NO_DEPARTMENT)
def list_department_tokens(department_id: RowId, state: AppStateDep, _admin: AdminDep) -> list[ApiTokenPublic]:
    """List a department's tokens, revoked ones included (secrets are not kept, so not shown)."""
    try:
        departments.get_department(engine=state.engine, department_id=department_id)
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    found = tokens.list_tokens(engine=state.engine, department_id=department_id)
    return [ApiTokenPublic.model_validate(t, from_attributes=True) for t in found]
