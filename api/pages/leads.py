"""Serve the leads inbox, a seller's page with notes, follow-up and replies, and the leads' export."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response

from api import labels
from api.downloads import table_download
from api.web import PageNotFound, PageRoute, PeopleDep, query_number
from bot.campaigns import staff
from bot.engine.context import N_
from bot.engine.districts import DISTRICTS, by_code
from bot.engine.model import STAGES
from bot.services import leads
from bot.services.errors import NotFound
from bot.shapes import RowId, row_id

router = APIRouter(include_in_schema=False, route_class=PageRoute)

REPLY_ERRORS = {
    "empty": N_("Write a message first."),
    "long": N_("The message is too long: at most 1,000 characters."),
    "opted_out": N_("This seller asked not to get messages. Call them instead."),
    "unreachable": N_("This seller cannot be reached on WhatsApp or Telegram now."),
}
EXPORT_COLUMNS = (
    N_("Seller"), N_("Business"), N_("Mobile"), N_("District"), N_("Category"), N_("Stage"), N_("Follow-up"), N_("Needs help"), N_("Last active"),
)
EXPORT_LIMIT = 100_000


def _query(district: str | None = Query(None, max_length=12), stage: str | None = Query(None, max_length=32),
           category: str | None = Query(None, max_length=32), needs_help: bool = False, mine: bool = False,
           status: str | None = Query(None, max_length=16), campaign: str | None = Query(None, max_length=12), q: str = Query("", max_length=100),
           page: int = Query(1, ge=1, le=10**6)) -> leads.LeadFilters:
    """Read the inbox's filters from the query string (unknown values are ignored, never an error)."""
    return leads.LeadFilters(
        district=d if (d := query_number(district)) and by_code(d) else None, stage=stage if stage in STAGES else None,
        category=category if category in labels.CATEGORIES else None, needs_help=needs_help, mine=mine,
        status=status if status in leads.LEAD_STATUSES else None, campaign=query_number(campaign), search=q, page=page,
    )


LeadQuery = Annotated[leads.LeadFilters, Depends(_query)]


@router.get("/leads")
async def inbox(page: PeopleDep, filters: LeadQuery) -> Response:
    """Show the department's leads, open call-backs and sellers who need help first."""
    result = await run_in_threadpool(leads.inbox, engine=page.state.engine, principal=page.principal, filters=filters)
    campaigns = await run_in_threadpool(staff.list_campaigns, engine=page.state.engine, principal=page.principal)
    template = "staff/_leads_table.html" if page.request.headers.get("hx-request") and page.request.headers.get("hx-target") == "leads" else "staff/leads.html"
    params = [(k, v) for k, v in page.request.query_params.multi_items() if k != "page"]
    return page.render(template, inbox=result, filters=filters, districts=sorted(DISTRICTS, key=lambda d: d.name_en), stages=STAGES,
                       waiting=result.waiting_callbacks, page_query=lambda n: urlencode([*params, ("page", n)]),
                       campaigns=[c for c in campaigns if c.materialized_at is not None])


@router.get("/leads/waiting")
async def waiting(page: PeopleDep) -> Response:
    """Answer the badge of call-backs waiting (polled by every page)."""
    count = await run_in_threadpool(leads.waiting_callbacks, engine=page.state.engine, principal=page.principal)
    return page.render("staff/_waiting_badge.html", waiting=count)


@router.get("/leads/export.{fmt}")
async def export(page: PeopleDep, fmt: str, filters: LeadQuery) -> Response:
    """Download the filtered leads as CSV or XLSX (phones masked), and log who took them."""
    if fmt not in ("csv", "xlsx"):
        raise PageNotFound
    rows = await run_in_threadpool(leads.export_rows, engine=page.state.engine, principal=page.principal, filters=filters, limit=EXPORT_LIMIT)
    header = [page._(title) for title in EXPORT_COLUMNS]
    table = [
        [r.name or "", r.business_name or "", r.phone or "", labels.district_name(r.district_lgd, page.lang) or "",
         page._(labels.CATEGORIES[r.category]) if r.category in labels.CATEGORIES else "", page._(labels.STAGES[r.stage]),
         page._(labels.LEAD_STATUSES[r.status]), page._("Yes") if r.needs_help or r.open_callbacks else "",
         r.last_activity_at.isoformat(timespec="minutes") if r.last_activity_at else ""]
        for r in rows
    ]
    await page.log(f"leads.export_{fmt}", f"{len(table)} rows", department_id=page.account.department_id)
    return table_download(header, table, fmt=fmt, file_name=f"gem-saathi-leads-{page.now:%Y-%m-%d}", sheet="Leads")


@router.get("/leads/{seller_id}")
async def seller(page: PeopleDep, seller_id: RowId) -> Response:
    """Show one seller: profile, journey, conversation, call-backs, notes, follow-up and the reply box."""
    return await _seller_page(page, seller_id)


async def _seller_page(page: PeopleDep, seller_id: RowId, status_code: int = 200, **extra: object) -> HTMLResponse:
    try:
        view = await run_in_threadpool(
            leads.seller_page, engine=page.state.engine, principal=page.principal, seller_id=seller_id, templates=page.state.templates, now=page.now
        )
    except NotFound:
        raise PageNotFound from None
    await page.log("seller.view", f"seller {seller_id}", department_id=page.account.department_id)
    context = {"reply_error": None, "note_error": None, "reply_text": "", **extra}
    return page.render("staff/seller.html", status_code=status_code, view=view, **context)


@router.post("/leads/{seller_id}/notes")
async def add_note(page: PeopleDep, seller_id: RowId, text: Annotated[str, Form(max_length=leads.NOTE_MAX)] = "") -> Response:
    """Add a note to a seller's page."""
    try:
        await run_in_threadpool(leads.add_note, engine=page.state.engine, principal=page.principal, seller_id=seller_id, text=text, now=page.now)
    except NotFound:
        raise PageNotFound from None
    except leads.LeadError:
        return await _seller_page(page, seller_id, 400, note_error=page._("Write a note first."))
    return page.redirect(f"/leads/{seller_id}#notes")


@router.post("/leads/{seller_id}/follow-up")
async def follow_up(page: PeopleDep, seller_id: RowId, status: Annotated[str | None, Form(max_length=16)] = None,
                    assign_to: Annotated[str | None, Form(max_length=12)] = None) -> Response:
    """Mark a seller contacted or resolved, or give them to a colleague."""
    assignee: int | None | str = "keep"
    if assign_to is not None:
        assignee = row_id(assign_to)
    try:
        await run_in_threadpool(
            leads.follow_up, engine=page.state.engine, principal=page.principal, seller_id=seller_id, now=page.now,
            status=status if status in leads.LEAD_STATUSES else None, assign_to=assignee,
        )
    except NotFound:
        raise PageNotFound from None
    await page.log("lead.follow_up", f"seller {seller_id} {status or ''} {'assigned ' + str(assignee) if assignee != 'keep' else ''}".strip(), department_id=page.account.department_id)
    return page.redirect(f"/leads/{seller_id}")


@router.post("/leads/{seller_id}/reply")
async def reply(page: PeopleDep, seller_id: RowId, text: Annotated[str, Form(max_length=5000)] = "") -> Response:
    """Send a reply to the seller through the bot, by the outbox like every other message."""
    try:
        row = await run_in_threadpool(
            leads.reply, engine=page.state.engine, env=page.state.env, outbox_writer=page.state.outbox, principal=page.principal,
            seller_id=seller_id, text=text, now=page.now,
        )
    except NotFound:
        raise PageNotFound from None
    except leads.LeadError as error:
        return await _seller_page(page, seller_id, 400, reply_error=page._(REPLY_ERRORS[str(error)]), reply_text=text[:leads.REPLY_MAX])
    await page.log("seller.reply", f"seller {seller_id} outbox {row.id}", department_id=page.account.department_id)
    return page.redirect(f"/leads/{seller_id}#replies")
