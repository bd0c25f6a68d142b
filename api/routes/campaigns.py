"""Serve campaigns: take a department's registration broadcast from draft to done."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Literal

from fastapi import APIRouter, HTTPException, Query, status

from api.auth import AdminDep, Principal, PrincipalDep
from api.campaign_schemas import (
    CampaignPublic,
    CampaignUpdate,
    ScheduleRequest,
    SendTest,
    SendTestQueued,
)
from api.deps import AppStateDep
from api.responses import BEARER, invalid, invalid_input, refused
from bot.campaigns import staff as campaigns
from bot.campaigns.rules import CampaignError
from bot.campaigns.shapes import CampaignCreate, CampaignPreview, CampaignProgress
from bot.campaigns.staff import CampaignConflict
from bot.services.access_log import record_access
from bot.services.errors import NotFound
from bot.services.vendor_lists import mask_phone
from bot.shapes import RowId

router = APIRouter(prefix="/api/v1/campaigns", tags=["campaigns"], responses=BEARER)
REFUSALS = {
    **refused(403, "Another department's, or an admin's job"),
    **refused(404, "No such campaign among yours"),
    **refused(409, "Its status does not allow this"),
    **invalid_input("Not valid, or the campaign could not be saved or sent as it is (`loc` is `[\"campaign\"]`); the detail says why"),
}
Status = Literal["draft", "pending_approval", "scheduled", "sending", "paused", "done", "cancelled"]


@contextmanager
def _answering() -> Iterator[None]:
    """Turn what the campaign service refuses into HTTP answers."""
    try:
        yield
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except PermissionError as error:
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail=str(error)) from None
    except CampaignConflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    except CampaignError as error:
        raise invalid(str(error), "campaign") from None


def _log(state: AppStateDep, principal: Principal, action: str, detail: str) -> None:
    record_access(engine=state.engine, token_id=principal.token_id, action=action, detail=detail, now=state.clock())


@router.post("", response_model=CampaignPublic, status_code=status.HTTP_201_CREATED, responses=REFUSALS)
def create_campaign(body: CampaignCreate, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Save a draft campaign (staff: for their department; admins: for any, or MSME-wide without one)."""
    with _answering():
        campaign = campaigns.create_campaign(engine=state.engine, principal=principal, draft=body, now=state.clock())
    return CampaignPublic.of(campaign)


@router.get("", response_model=list[CampaignPublic])
def list_campaigns(state: AppStateDep, principal: PrincipalDep, status_: Status | None = Query(None, alias="status")) -> list[CampaignPublic]:
    """List the caller's campaigns (an admin's: all), newest first."""
    found = campaigns.list_campaigns(engine=state.engine, principal=principal, status=status_)
    return [CampaignPublic.of(c) for c in found]


@router.get("/{campaign_id}", response_model=CampaignPublic, responses=REFUSALS)
def get_campaign(campaign_id: RowId, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Return one campaign."""
    with _answering():
        return CampaignPublic.of(campaigns.get_campaign(engine=state.engine, principal=principal, campaign_id=campaign_id))


@router.patch("/{campaign_id}", response_model=CampaignPublic, responses=REFUSALS)
def update_campaign(campaign_id: RowId, body: CampaignUpdate, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Change a draft; audience and exclusions, when given, replace the whole group."""
    with _answering():
        campaign = campaigns.update_campaign(engine=state.engine, principal=principal, campaign_id=campaign_id, changes=body, now=state.clock())
    return CampaignPublic.of(campaign)


@router.get("/{campaign_id}/preview", response_model=CampaignPreview, responses=REFUSALS)
def preview_campaign(campaign_id: RowId, state: AppStateDep, principal: PrincipalDep) -> CampaignPreview:
    """Count whom it reaches on which channel, why not the rest, whether an admin must approve, and the message in both languages."""
    with _answering():
        preview = campaigns.preview_campaign(
            engine=state.engine,
            env=state.env,
            principal=principal,
            campaign_id=campaign_id,
            threshold=state.settings.campaign_approval_threshold,
            now=state.clock(),
        )
    _log(state, principal, "campaign.preview", f"campaign {campaign_id} audience {preview.audience} sample {preview.sample.seller_id or 'made-up'}")
    return preview


@router.post("/{campaign_id}/test-send", response_model=SendTestQueued, status_code=status.HTTP_202_ACCEPTED, responses=REFUSALS)
def test_send(campaign_id: RowId, body: SendTest, state: AppStateDep, principal: PrincipalDep) -> SendTestQueued:
    """Queue the message once, rendered for a made-up seller, to a chat id or number of your own (WhatsApp: the template when set)."""
    with _answering():
        row = campaigns.queue_test_send(
            engine=state.engine,
            env=state.env,
            principal=principal,
            campaign_id=campaign_id,
            channel=body.channel,
            to=body.to,
            language=body.language,
            now=state.clock(),
        )
    to = row.payload["to"] if body.channel == "telegram" else mask_phone(row.payload["to"])
    _log(state, principal, "campaign.test_send", f"campaign {campaign_id} {body.channel} {to} outbox {row.id}")
    state.outbox.wake()
    return SendTestQueued(
        outbox_id=row.id,
        channel=body.channel,
        to=to,
        language=body.language,
        template=bool(row.payload.get("template")),
        channel_configured=body.channel in state.senders,
    )


@router.post("/{campaign_id}/schedule", response_model=CampaignPublic, responses=REFUSALS)
def schedule_campaign(campaign_id: RowId, body: ScheduleRequest, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Freeze the audience now and schedule the draft; above the approval threshold it waits for an admin."""
    with _answering():
        campaign = campaigns.schedule_campaign(
            engine=state.engine,
            principal=principal,
            campaign_id=campaign_id,
            at=body.at,
            threshold=state.settings.campaign_approval_threshold,
            now=state.clock(),
        )
    _log(state, principal, "campaign.schedule", f"campaign {campaign_id} audience {campaign.audience_size} {campaign.status}")
    return CampaignPublic.of(campaign)


@router.post("/{campaign_id}/approve", response_model=CampaignPublic, responses=REFUSALS)
def approve_campaign(campaign_id: RowId, state: AppStateDep, admin: AdminDep) -> CampaignPublic:
    """Let a campaign above the approval threshold go out at its time (admins only)."""
    with _answering():
        campaign = campaigns.approve_campaign(engine=state.engine, principal=admin, campaign_id=campaign_id, now=state.clock())
    _log(state, admin, "campaign.approve", f"campaign {campaign_id} audience {campaign.audience_size}")
    return CampaignPublic.of(campaign)


@router.post("/{campaign_id}/pause", response_model=CampaignPublic, responses=REFUSALS)
def pause_campaign(campaign_id: RowId, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Hold a scheduled or sending campaign within seconds; messages not yet with a provider go back to the queue."""
    with _answering():
        campaign, withdrawn = campaigns.pause_campaign(engine=state.engine, principal=principal, campaign_id=campaign_id, now=state.clock())
    _log(state, principal, "campaign.pause", f"campaign {campaign_id} withdrawn {withdrawn}")
    return CampaignPublic.of(campaign)


@router.post("/{campaign_id}/resume", response_model=CampaignPublic, responses=REFUSALS)
def resume_campaign(campaign_id: RowId, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Carry on a paused campaign from where it stopped (one paused before it started waits for its time)."""
    with _answering():
        campaign = campaigns.resume_campaign(engine=state.engine, principal=principal, campaign_id=campaign_id, now=state.clock())
    _log(state, principal, "campaign.resume", f"campaign {campaign_id} {campaign.status}")
    return CampaignPublic.of(campaign)


@router.post("/{campaign_id}/cancel", response_model=CampaignPublic, responses=REFUSALS)
def cancel_campaign(campaign_id: RowId, state: AppStateDep, principal: PrincipalDep) -> CampaignPublic:
    """Stop a campaign for good: nothing not yet handed to a provider goes out."""
    with _answering():
        campaign, withdrawn = campaigns.cancel_campaign(engine=state.engine, principal=principal, campaign_id=campaign_id, now=state.clock())
    _log(state, principal, "campaign.cancel", f"campaign {campaign_id} withdrawn {withdrawn}")
    return CampaignPublic.of(campaign)


@router.get("/{campaign_id}/progress", response_model=CampaignProgress, responses=REFUSALS)
def campaign_progress(campaign_id: RowId, state: AppStateDep, principal: PrincipalDep) -> CampaignProgress:
    """Return recipients by status, the share done, and when it started and finished."""
    with _answering():
        return campaigns.campaign_progress(engine=state.engine, principal=principal, campaign_id=campaign_id)
