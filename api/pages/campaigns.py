"""Serve campaigns as pages: drafts with a live audience count and message preview, test sends, scheduling, approval, progress."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import ValidationError

from api.web import AdminPageDep, Page, PageNotFound, PageRoute, PeopleDep, query_number
from bot.campaigns import staff
from bot.campaigns.rules import VARIABLES, CampaignError
from bot.campaigns.shapes import CATEGORY_IDS, CampaignCreate, CampaignFields
from bot.engine.context import IST, N_
from bot.engine.districts import DISTRICTS
from bot.engine.model import STAGES
from bot.services import departments
from bot.services.errors import NotFound
from bot.services.vendor_lists import mask_phone
from bot.shapes import RowId, row_id

router = APIRouter(include_in_schema=False, route_class=PageRoute)

STATUSES = {
    "draft": N_("Draft"), "pending_approval": N_("Waiting for approval"), "scheduled": N_("Scheduled"), "sending": N_("Sending"),
    "paused": N_("Paused"), "done": N_("Finished"), "cancelled": N_("Cancelled"),
}
RECIPIENT_STATUSES = {
    "queued": N_("Waiting"), "outboxed": N_("About to go"), "sent": N_("Sent"), "delivered": N_("Delivered"), "read": N_("Read"),
    "replied": N_("Replied"), "progressed": N_("Moved ahead"), "failed": N_("Not delivered"), "skipped": N_("Left out"), "cancelled": N_("Cancelled"),
}
UNREACHABLE = {
    "whatsapp_needs_approved_template": N_("WhatsApp allows only an approved template outside the 24-hour window and for first contact: set the template pair."),
    "telegram_cannot_start_a_chat": N_("Vendors not yet sellers can be reached only by a WhatsApp template: Telegram reaches only people who pressed Start."),
}
FIELDS_WRONG = N_("Some fields are not right: %(fields)s.")
FIELD_NAMES = {
    "name": N_("Name"), "message_hi": N_("Message in Hindi"), "message_en": N_("Message in English"), "button_title_hi": N_("Button in Hindi"),
    "button_title_en": N_("Button in English"), "template_sids": N_("WhatsApp templates"), "audience": N_("Audience"), "exclusions": N_("Left out"),
}
BAD_TIME = N_("Give the start as a date and time, or leave it empty to start now.")
TEST_SENT = N_("The test message is on its way to %(to)s.")
EXAMPLE = {
    "hi": "नमस्ते {name} जी! जेम पर पंजीकरण मुफ़्त है। {district} के विक्रेता अपना अगला कदम पूरा करें: {next_step}।",
    "en": "Namaste {name} ji! Registering on GeM is free. Sellers of {district}, finish your next step: {next_step}.",
}


def _lists(form: Any, name: str) -> list[str]:
    return [value for value in form.getlist(name) if value]


def _fields_from(form: Any, *, create: bool) -> dict[str, Any]:
    """Return the campaign fields a page's form gives, as the shapes take them."""
    hours = query_number(form.get("exclude_recent_hours") or "0")
    values: dict[str, Any] = {
        "name": (form.get("name") or "").strip(),
        "message_hi": form.get("message_hi") or "",
        "message_en": form.get("message_en") or "",
        "button_title_hi": form.get("button_title_hi") or None,
        "button_title_en": form.get("button_title_en") or None,
        "audience": {
            "districts": [code for d in _lists(form, "districts") if (code := query_number(d)) is not None],
            "categories": _lists(form, "categories"), "stages": _lists(form, "stages"), "channels": _lists(form, "channels"),
            "languages": _lists(form, "languages"), "vendor_list": form.get("vendor_list") == "true", "attributed": form.get("attributed") == "true",
        },
        "exclusions": {
            "target_stage": form.get("target_stage") or None,
            "exclude_recent_hours": hours if hours is not None else -1,
        },
        "template_sids": {"hi": form.get("template_hi") or None, "en": form.get("template_en") or None},
        "template_variables": [v for v in _lists(form, "template_variables") if v],
    }
    if create:
        department = form.get("department_id") or ""
        values["department_id"] = row_id(department)
    return values


def _validation_message(page: Page, error: ValidationError) -> str:
    names = sorted({page._(FIELD_NAMES.get(str(e["loc"][0]), str(e["loc"][0]))) for e in error.errors() if e.get("loc")})
    return page._(FIELDS_WRONG) % {"fields": ", ".join(names)}


def _form_context(page: Page) -> dict[str, Any]:
    return {
        "districts": sorted(DISTRICTS, key=lambda d: d.name_en), "stages": STAGES, "categories": CATEGORY_IDS, "variables": VARIABLES,
        "statuses": STATUSES, "recipient_statuses": RECIPIENT_STATUSES, "unreachable_text": UNREACHABLE,
    }


@router.get("/campaigns")
async def campaign_list(page: PeopleDep, status: str | None = None) -> Response:
    """List the department's campaigns (an admin's: all), those waiting for approval first."""
    rows = await run_in_threadpool(staff.list_campaigns, engine=page.state.engine, principal=page.principal,
                                   status=status if status in STATUSES else None)
    rows.sort(key=lambda c: (c.status != "pending_approval", -c.id))
    names = {d.id: d.name for d in await run_in_threadpool(departments.list_departments, engine=page.state.engine)}
    return page.render("staff/campaigns.html", campaigns=rows, department_names=names, chosen=status, **_form_context(page))


@router.get("/campaigns/new")
async def new_campaign(page: PeopleDep) -> Response:
    """Show the form that starts a draft."""
    offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine) if page.principal.is_admin else []
    return page.render("staff/campaign_new.html", departments=offices, error=None, form={"message_hi": EXAMPLE["hi"], "message_en": EXAMPLE["en"]})


@router.post("/campaigns")
async def create(page: PeopleDep, request: Request) -> Response:
    """Save a new draft and open it."""
    form = await request.form()
    fields = _fields_from(form, create=True)
    if not page.principal.is_admin:
        fields["department_id"] = page.principal.department_id  # staff make their own department's campaigns, whatever the form says
    try:
        draft = CampaignCreate.model_validate(fields)
        campaign = await run_in_threadpool(staff.create_campaign, engine=page.state.engine, principal=page.principal, draft=draft, now=page.now)
    except NotFound:
        raise PageNotFound from None
    except (ValidationError, CampaignError) as error:
        offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine) if page.principal.is_admin else []
        message = _validation_message(page, error) if isinstance(error, ValidationError) else page.problem(error.problem)
        return page.render("staff/campaign_new.html", status_code=400, departments=offices, error=message, form=dict(form))
    await page.log("campaign.create", f"campaign {campaign.id}", department_id=campaign.department_id)
    return page.redirect(f"/campaigns/{campaign.id}")


async def _campaign_page(page: Page, campaign_id: RowId, status_code: int = 200, **extra: Any) -> Response:
    try:
        campaign = await run_in_threadpool(staff.get_campaign, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id)
        preview = await run_in_threadpool(
            staff.preview_campaign, engine=page.state.engine, env=page.state.env, principal=page.principal, campaign_id=campaign_id,
            threshold=page.state.settings.campaign_approval_threshold, now=page.now,
        )
        progress = await run_in_threadpool(staff.campaign_progress, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id)
        reasons = await run_in_threadpool(staff.failure_reasons, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id)
    except NotFound:
        raise PageNotFound from None
    context = {"reasons": reasons, "error": None, "notice": None, "check_error": None, **_form_context(page), **extra}
    return page.render("staff/campaign.html", status_code=status_code, campaign=campaign, preview=preview, progress=progress,
                       scheduled_ist=campaign.scheduled_at.astimezone(IST) if campaign.scheduled_at else None, **context)


@router.get("/campaigns/{campaign_id}")
async def campaign_page(page: PeopleDep, campaign_id: RowId) -> Response:
    """Show one campaign: its draft form and live preview, or its progress and the actions its status allows."""
    return await _campaign_page(page, campaign_id)


@router.post("/campaigns/{campaign_id}/preview")
async def live_preview(page: PeopleDep, campaign_id: RowId, request: Request) -> Response:
    """Answer the preview of a draft's form as it is being filled in (nothing is saved)."""
    form = await request.form()
    check_error = None
    try:
        changes = CampaignFields.model_validate(_fields_from(form, create=False))
        preview = await run_in_threadpool(
            staff.preview_campaign, engine=page.state.engine, env=page.state.env, principal=page.principal, campaign_id=campaign_id,
            threshold=page.state.settings.campaign_approval_threshold, now=page.now, changes=changes,
        )
    except NotFound:
        raise PageNotFound from None
    except ValidationError as error:
        return page.render("staff/_campaign_preview.html", preview=None, check_error=_validation_message(page, error), **_form_context(page))
    except CampaignError as error:
        return page.render("staff/_campaign_preview.html", preview=None, check_error=page.problem(error.problem),
                           **_form_context(page))
    try:
        await run_in_threadpool(staff.check_draft, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id, changes=changes)
    except CampaignError as error:
        check_error = page.problem(error.problem)
    return page.render("staff/_campaign_preview.html", preview=preview, check_error=check_error, **_form_context(page))


@router.post("/campaigns/{campaign_id}")
async def save(page: PeopleDep, campaign_id: RowId, request: Request) -> Response:
    """Save a draft's changes."""
    form = await request.form()
    try:
        changes = CampaignFields.model_validate(_fields_from(form, create=False))
        campaign = await run_in_threadpool(staff.update_campaign, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id,
                                           changes=changes, now=page.now)
    except NotFound:
        raise PageNotFound from None
    except ValidationError as error:
        return await _campaign_page(page, campaign_id, 400, error=_validation_message(page, error))
    except CampaignError as error:
        return await _campaign_page(page, campaign_id, 400, error=page.problem(error.problem))
    await page.log("campaign.update", f"campaign {campaign_id}", department_id=campaign.department_id)
    return page.redirect(f"/campaigns/{campaign_id}")


async def _act(page: Page, campaign_id: RowId, action: str, call: Any, **kwargs: Any) -> Response:
    """Run one life-cycle step and come back to the campaign, or show why it could not be done."""
    try:
        result = await run_in_threadpool(call, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id, now=page.now, **kwargs)
    except NotFound:
        raise PageNotFound from None
    except CampaignError as error:
        return await _campaign_page(page, campaign_id, 409, error=page.problem(error.problem))
    campaign = result[0] if isinstance(result, tuple) else result
    await page.log(action, f"campaign {campaign_id} {campaign.status}", department_id=campaign.department_id)
    return page.redirect(f"/campaigns/{campaign_id}")


@router.post("/campaigns/{campaign_id}/schedule")
async def schedule(page: PeopleDep, campaign_id: RowId, request: Request) -> Response:
    """Freeze the audience and start now or at a time in India time (large ones wait for an admin's approval)."""
    form = await request.form()
    raw = (form.get("at") or "").strip()
    at = None
    if raw:
        try:
            at = datetime.fromisoformat(raw).replace(tzinfo=IST)
        except ValueError:
            return await _campaign_page(page, campaign_id, 400, error=page._(BAD_TIME))
    return await _act(page, campaign_id, "campaign.schedule", staff.schedule_campaign, at=at, threshold=page.state.settings.campaign_approval_threshold)


@router.post("/campaigns/{campaign_id}/approve")
async def approve(page: AdminPageDep, campaign_id: RowId) -> Response:
    """Approve a large campaign (admins of the MSME department only)."""
    return await _act(page, campaign_id, "campaign.approve", staff.approve_campaign)


@router.post("/campaigns/{campaign_id}/pause")
async def pause(page: PeopleDep, campaign_id: RowId) -> Response:
    """Pause a campaign within seconds; messages not yet handed to the provider wait."""
    return await _act(page, campaign_id, "campaign.pause", staff.pause_campaign)


@router.post("/campaigns/{campaign_id}/resume")
async def resume(page: PeopleDep, campaign_id: RowId) -> Response:
    """Carry on a paused campaign."""
    return await _act(page, campaign_id, "campaign.resume", staff.resume_campaign)


@router.post("/campaigns/{campaign_id}/cancel")
async def cancel(page: PeopleDep, campaign_id: RowId) -> Response:
    """Cancel a campaign; nothing more of it is sent."""
    return await _act(page, campaign_id, "campaign.cancel", staff.cancel_campaign)


@router.post("/campaigns/{campaign_id}/test")
async def test_send(page: PeopleDep, campaign_id: RowId, request: Request) -> Response:
    """Send the campaign's message, for a made-up seller, to one's own WhatsApp number or Telegram chat."""
    form = await request.form()
    channel = form.get("channel") if form.get("channel") in ("whatsapp", "telegram") else "whatsapp"
    language = form.get("language") if form.get("language") in ("hi", "en") else page.lang
    try:
        row = await run_in_threadpool(
            staff.queue_test_send, engine=page.state.engine, env=page.state.env, principal=page.principal, campaign_id=campaign_id,
            channel=channel, to=str(form.get("to") or "")[:32], language=language, now=page.now,
        )
    except NotFound:
        raise PageNotFound from None
    except CampaignError as error:
        return await _campaign_page(page, campaign_id, 400, error=page.problem(error.problem))
    page.state.outbox.wake()
    shown = row.payload["to"] if channel == "telegram" else mask_phone(row.payload["to"])
    await page.log("campaign.test_send", f"campaign {campaign_id} {channel} {shown} outbox {row.id}", department_id=page.account.department_id)
    return await _campaign_page(page, campaign_id, notice=page._(TEST_SENT) % {"to": shown})


@router.get("/campaigns/{campaign_id}/progress")
async def progress(page: PeopleDep, campaign_id: RowId) -> Response:
    """Answer the progress panel (polled every few seconds while the campaign sends)."""
    try:
        campaign = await run_in_threadpool(staff.get_campaign, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id)
        result = await run_in_threadpool(staff.campaign_progress, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id)
    except NotFound:
        raise PageNotFound from None
    if page.request.headers.get("hx-request") and campaign.status not in ("scheduled", "sending"):
        # It finished, or someone paused or cancelled it: the whole page (status, buttons) changes, not only this panel.
        return Response(status_code=204, headers={"HX-Refresh": "true"})
    reasons = await run_in_threadpool(staff.failure_reasons, engine=page.state.engine, principal=page.principal, campaign_id=campaign_id)
    return page.render("staff/_campaign_progress.html", campaign=campaign, progress=result, reasons=reasons, **_form_context(page))

