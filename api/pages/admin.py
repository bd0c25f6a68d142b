"""Serve the team page (an admin adds, disables and signs out accounts), departments, API tokens and the audit log."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Form, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.pages.auth import ACCOUNT_ERRORS
from api.web import AdminPageDep, PageNotFound, PageRoute, SignedInDep, query_number
from bot.services import accounts, departments, tokens
from bot.services.access_log import AuditFilters, audit_page
from bot.services.errors import AlreadyExists, NotFound
from bot.shapes import RowId, row_id

router = APIRouter(include_in_schema=False, route_class=PageRoute)


async def _team(page: SignedInDep, status_code: int = 200, **extra: object) -> Response:
    people = await run_in_threadpool(accounts.list_accounts, engine=page.state.engine, principal=page.principal)
    offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine) if page.principal.is_admin else []
    names = {d.id: d.name for d in offices}
    context = {"people": people, "departments": offices, "department_names": names, "error": None, "form": {}}
    return page.render("staff/team.html", status_code=status_code, **{**context, **extra})


@router.get("/team")
async def team(page: SignedInDep) -> Response:
    """List who may sign in: an admin sees everyone, staff see their own department's people."""
    return await _team(page)


@router.post("/team")
async def add_account(page: AdminPageDep, name: Annotated[str, Form(max_length=100)] = "", email: Annotated[str, Form(max_length=254)] = "",
                      role: Annotated[str, Form(max_length=8)] = "staff", department_id: Annotated[str, Form(max_length=12)] = "",
                      password: Annotated[str, Form(max_length=256)] = "") -> Response:
    """Create an account for a person (admin only)."""
    form = {"name": name, "email": email, "role": role, "department_id": department_id}
    try:
        account = await run_in_threadpool(
            accounts.create_account, engine=page.state.engine, email=email, name=name, role=role,
            department_id=row_id(department_id), password=password, now=page.now, language=page.lang,
        )
    except accounts.AccountError as error:
        return await _team(page, 400, error=page._(ACCOUNT_ERRORS[str(error)]), form=form)
    except AlreadyExists:
        return await _team(page, 400, error=page._("An account with this e-mail exists already."), form=form)
    except NotFound:
        return await _team(page, 400, error=page._("Choose a department for department staff."), form=form)
    await page.log("account.create", f"account {account.id} {account.role}", department_id=account.department_id)
    return page.redirect("/team")


@router.post("/team/{account_id}/disable")
async def disable(page: AdminPageDep, account_id: RowId, disabled: Annotated[str, Form(max_length=5)] = "true") -> Response:
    """Disable an account (its sessions end at once) or enable it again (admin only)."""
    if account_id == page.account.id:
        return await _team(page, 400, error=page._("You cannot disable your own account."))
    try:
        account = await run_in_threadpool(accounts.set_disabled, engine=page.state.engine, account_id=account_id, disabled=disabled == "true", now=page.now)
    except NotFound:
        raise PageNotFound from None
    await page.log("account.disable" if account.disabled_at else "account.enable", f"account {account_id}", department_id=account.department_id)
    return page.redirect("/team")


@router.post("/team/{account_id}/sign-out")
async def sign_out_account(page: AdminPageDep, account_id: RowId) -> Response:
    """End every session of an account (admin only)."""
    try:
        await run_in_threadpool(accounts.get_account, engine=page.state.engine, account_id=account_id)
    except NotFound:
        raise PageNotFound from None
    ended = await run_in_threadpool(accounts.end_all_sessions, engine=page.state.engine, account_id=account_id, now=page.now)
    await page.log("account.sign_out", f"account {account_id}: {ended} sessions")
    return page.redirect("/team")


@router.get("/admin/departments")
async def department_list(page: AdminPageDep) -> Response:
    """List the departments and their API tokens (admin only)."""
    return await _departments(page)


async def _departments(page: AdminPageDep, status_code: int = 200, **extra: object) -> Response:
    offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine)
    issued = await run_in_threadpool(tokens.list_tokens, engine=page.state.engine)
    context = {"departments": offices, "tokens": issued, "error": None, "new_token": None, "form": {}}
    return page.render("staff/departments.html", status_code=status_code, **{**context, **extra})


@router.post("/admin/departments")
async def add_department(page: AdminPageDep, name: Annotated[str, Form(max_length=200)] = "", code: Annotated[str, Form(max_length=24)] = "") -> Response:
    """Create a department (admin only)."""
    try:
        department = await run_in_threadpool(departments.create_department, engine=page.state.engine, name=name.strip(), code=code, now=page.now)
    except (ValueError, AlreadyExists):
        return await _departments(page, 400, error=page._("Give a new name and a short code of a-z, 0-9 and _ (for example dic_lucknow)."),
                                  form={"name": name, "code": code})
    await page.log("department.create", f"department {department.id}", department_id=department.id)
    return page.redirect("/admin/departments")


@router.post("/admin/tokens")
async def add_token(page: AdminPageDep, label: Annotated[str, Form(max_length=100)] = "", department_id: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Issue an API token for another system; its secret is shown once (admin only)."""
    if not label.strip():
        return await _departments(page, 400, error=page._("Give the token a label, such as the system that will use it."))
    try:
        issued = await run_in_threadpool(tokens.create_token, engine=page.state.engine, label=label.strip(),
                                         department_id=row_id(department_id), now=page.now)
    except NotFound:
        raise PageNotFound from None
    await page.log("token.create", f"token {issued.token.id}", department_id=issued.token.department_id)
    return await _departments(page, new_token=issued.secret)


@router.post("/admin/tokens/{token_id}/revoke")
async def revoke_token(page: AdminPageDep, token_id: RowId) -> Response:
    """Revoke an API token (admin only)."""
    try:
        await run_in_threadpool(tokens.revoke_token, engine=page.state.engine, token_id=token_id, now=page.now)
    except NotFound:
        raise PageNotFound from None
    await page.log("token.revoke", f"token {token_id}")
    return page.redirect("/admin/departments")


@router.get("/admin/audit")
async def audit(page: AdminPageDep, action: str = Query("", max_length=32), account: str | None = Query(None, max_length=12),
                department: str | None = Query(None, max_length=12), page_number: int = Query(1, alias="page", ge=1, le=10**6)) -> Response:
    """Show who did what and when, newest first, filtered by action, person or department (admin only)."""
    filters = AuditFilters(action=action.strip() or None, account_id=query_number(account), department_id=query_number(department), page=page_number)
    rows, total = await run_in_threadpool(audit_page, engine=page.state.engine, filters=filters)
    people = await run_in_threadpool(accounts.list_accounts, engine=page.state.engine, principal=page.principal)
    offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine)
    params = [(k, v) for k, v in page.request.query_params.multi_items() if k != "page"]
    return page.render("staff/audit.html", rows=rows, total=total, filters=filters, people=people, departments=offices,
                       pages=max(1, -(-total // 100)), page_query=lambda n: urlencode([*params, ("page", n)]))
