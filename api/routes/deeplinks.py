"""Serve deep links for departments, and their QR codes for posters."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query, Response, status

from api.auth import Principal, PrincipalDep
from api.department_schemas import DeepLinkCreate, DeepLinkPublic
from api.deps import AppStateDep
from api.responses import BEARER, invalid, refused
from bot.channels.base import Channel
from bot.services import deeplinks
from bot.services.access_log import record_access
from bot.services.errors import AlreadyExists, NotFound
from bot.settings import Settings
from bot.store.models import DeepLink

router = APIRouter(prefix="/api/v1/deeplinks", tags=["deep links"], responses=BEARER)
QR_REFUSALS = {**refused(404, "No such deep link among yours"), **refused(409, "The channel is not set up here")}
ChannelQuery = Query("telegram", description="Which app the code opens")


def _public(link: DeepLink, settings: Settings) -> DeepLinkPublic:
    urls = deeplinks.deep_link_urls(settings=settings, code=link.code)
    return DeepLinkPublic(
        code=link.code,
        department_id=link.department_id,
        campaign_name=link.campaign_name,
        created_at=link.created_at,
        telegram_url=urls.telegram,
        whatsapp_url=urls.whatsapp,
    )


@router.post(
    "",
    response_model=DeepLinkPublic,
    status_code=status.HTTP_201_CREATED,
    responses={**refused(403, "Another department's"), **refused(404, "No such department"), **refused(409, "The code is taken")},
)
def create_deep_link(body: DeepLinkCreate, state: AppStateDep, principal: PrincipalDep) -> DeepLinkPublic:
    """Create a deep link for a department (staff: their own; admins: the one named)."""
    department_id = body.department_id if body.department_id is not None else principal.department_id
    if department_id is None:
        raise invalid("name the department_id the link is for", "body", "department_id")
    if not principal.covers(department_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="a department's token makes links for that department only")
    try:
        link = deeplinks.create_deep_link(
            engine=state.engine, department_id=department_id, campaign_name=body.campaign_name, code=body.code, now=state.clock()
        )
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except AlreadyExists as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from None
    record_access(engine=state.engine, token_id=principal.token_id, action="deeplink.create", detail=f"deep link {link.code}", now=state.clock())
    return _public(link, state.settings)


@router.get("", response_model=list[DeepLinkPublic])
def list_deep_links(state: AppStateDep, principal: PrincipalDep) -> list[DeepLinkPublic]:
    """List the caller's deep links (an admin's: all of them)."""
    department_id = None if principal.is_admin else principal.department_id
    return [_public(link, state.settings) for link in deeplinks.list_deep_links(engine=state.engine, department_id=department_id)]


def _url_for_qr(state: AppStateDep, principal: Principal, code: str, channel: str) -> str:
    try:
        link = deeplinks.get_deep_link(engine=state.engine, code=code)
    except NotFound:
        link = None
    if link is None or not principal.covers(link.department_id):
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no deep link {code!r}")
    url = deeplinks.deep_link_urls(settings=state.settings, code=code).of(channel)  # type: ignore[arg-type]
    if url is None:
        setting = "TELEGRAM_BOT_USERNAME" if channel == "telegram" else "TWILIO_WHATSAPP_FROM"
        raise HTTPException(status.HTTP_409_CONFLICT, detail=f"{channel} is not set up here: set {setting}")
    record_access(engine=state.engine, token_id=principal.token_id, action="deeplink.qr", detail=f"deep link {code} {channel}", now=state.clock())
    return url


@router.get("/{code}/qr.png", response_class=Response, responses={200: {"content": {"image/png": {}}}, **QR_REFUSALS})
def deep_link_qr_png(
    code: str, state: AppStateDep, principal: PrincipalDep, channel: Channel = ChannelQuery
) -> Response:
    """Return the deep link as a QR code PNG for an A4 poster (300 dpi, about 15 cm across)."""
    png = deeplinks.qr_png(_url_for_qr(state, principal, code, channel))
    return Response(png, media_type="image/png", headers={"Content-Disposition": f'inline; filename="{code}-{channel}.png"'})


@router.get("/{code}/qr.svg", response_class=Response, responses={200: {"content": {"image/svg+xml": {}}}, **QR_REFUSALS})
def deep_link_qr_svg(
    code: str, state: AppStateDep, principal: PrincipalDep, channel: Channel = ChannelQuery
) -> Response:
    """Return the deep link as a QR code SVG, 15 cm across, for print shops."""
    svg = deeplinks.qr_svg(_url_for_qr(state, principal, code, channel), title=f"GeM Saathi {code}")
    return Response(svg, media_type="image/svg+xml", headers={"Content-Disposition": f'inline; filename="{code}-{channel}.svg"'})
