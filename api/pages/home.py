"""Serve the staff home: the figures of one's sellers and what waits for the team."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.web import PageRoute, SignedInDep
from bot.campaigns import staff
from bot.engine.model import STAGES
from bot.services import leads

router = APIRouter(include_in_schema=False, route_class=PageRoute)


@router.get("/home")
async def home(page: SignedInDep) -> Response:
    """Show the signed-in person's figures: sellers by stage, who needs help, call-backs waiting."""
    summary = await run_in_threadpool(leads.summary, engine=page.state.engine, principal=page.principal)
    waiting_approval = []
    if page.principal.is_admin:
        waiting_approval = await run_in_threadpool(staff.list_campaigns, engine=page.state.engine, principal=page.principal, status="pending_approval")
    return page.render("staff/home.html", summary=summary, stages=STAGES, waiting_approval=waiting_approval, waiting=summary.waiting_callbacks)
