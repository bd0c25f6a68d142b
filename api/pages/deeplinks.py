"""Serve a department's deep links: make one, copy its Telegram and WhatsApp links, download QR codes and A4 posters."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.web import Page, PageNotFound, PageRoute, PeopleDep
from bot.shapes import RowId, row_id
from bot.engine.context import N_
from bot.services import deeplinks, department_names, departments
from bot.services.errors import AlreadyExists, NotFound
from bot.store.models import DeepLink, Department

router = APIRouter(include_in_schema=False, route_class=PageRoute)

CHANNELS = ("telegram", "whatsapp")
BAD_CODE = N_("A code can have only English letters, digits, _ and -, at most 64 of them. Or leave it empty.")
CODE_TAKEN = N_("This code is already in use. Choose another, or leave it empty.")
LONG_NAME = N_("The campaign name is too long: at most 100 characters.")
MAX_LINKS = 200  # newest first; a department rarely has more


def _department(page: Page, asked: int | None) -> int | None:
    """Return the department whose links the page shows: staff their own, an admin the one asked for."""
    if page.principal.is_admin:
        return asked
    return page.principal.department_id


def _channel(channel: str) -> str:
    """Return a known channel, or answer with the not-found page."""
    if channel not in CHANNELS:
        raise PageNotFound
    return channel


async def _links_page(page: Page, department_id: int | None, status_code: int = 200, error: str | None = None,
                      form: dict[str, str] | None = None) -> Response:
    """Render the links page for a department (an admin with none chosen sees the department picker only)."""
    offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine) if page.principal.is_admin else []
    office: Department | None = None
    rows = []
    if department_id is not None:
        try:
            office = await run_in_threadpool(departments.get_department, engine=page.state.engine, department_id=department_id)
        except NotFound:
            raise PageNotFound from None
        links = await run_in_threadpool(deeplinks.list_deep_links, engine=page.state.engine, department_id=department_id)
        rows = [_row(page, link) for link in links[:MAX_LINKS]]
    hindi = department_names.hindi_name(name=office.name, code=office.code) if office is not None else None
    return page.render(
        "staff/links.html", status_code=status_code, department_id=department_id, departments=offices, office=office, office_hi=hindi,
        links=rows, error=error, form=form or {},
    )


def _row(page: Page, link: DeepLink) -> dict:
    """Return what the page shows of one link: its code, campaign, date, and each set-up channel's URL and QR preview."""
    urls = deeplinks.deep_link_urls(settings=page.state.settings, code=link.code)
    channels = []
    for channel in CHANNELS:
        url = urls.of(channel)  # type: ignore[arg-type]
        channels.append({"channel": channel, "url": url, "preview": deeplinks.qr_preview_uri(url=url) if url else None})
    return {"link": link, "channels": channels}


@router.get("/links")
async def links(page: PeopleDep, department: RowId | None = Query(None)) -> Response:
    """Show the department's deep links with their Telegram and WhatsApp links, QR codes and posters, and a form to make one."""
    return await _links_page(page, _department(page, department))


@router.post("/links")
async def create(page: PeopleDep, code: Annotated[str, Form(max_length=200)] = "", campaign_name: Annotated[str, Form(max_length=400)] = "",
                 department_id: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Make a deep link for the department, with the code given or a new one, and go back to the list."""
    department = _department(page, row_id(department_id))
    if department is None:
        raise PageNotFound
    code, campaign_name = code.strip(), " ".join(campaign_name.split())
    form = {"code": code, "campaign_name": campaign_name}
    if code and not deeplinks.DEEP_LINK_CODE.fullmatch(code):
        return await _links_page(page, department, 400, page._(BAD_CODE), form)
    if len(campaign_name) > 100:
        return await _links_page(page, department, 400, page._(LONG_NAME), form)
    try:
        link = await run_in_threadpool(
            deeplinks.create_deep_link, engine=page.state.engine, department_id=department, campaign_name=campaign_name or None, code=code or None,
            now=page.now,
        )
    except NotFound:
        raise PageNotFound from None
    except AlreadyExists:
        return await _links_page(page, department, 409, page._(CODE_TAKEN), form)
    await page.log("deeplink.create", f"deep link {link.code}", department_id=department)
    return page.redirect(f"/links?department={department}" if page.principal.is_admin else "/links")


async def _url(page: Page, code: str, channel: str, action: str) -> tuple[DeepLink, str]:
    """Return the caller's deep link and its URL on a channel, and log the download; else answer with the not-found page."""
    channel = _channel(channel)
    try:
        link = await run_in_threadpool(deeplinks.link_for, engine=page.state.engine, principal=page.principal, code=code)
    except NotFound:
        raise PageNotFound from None
    url = deeplinks.deep_link_urls(settings=page.state.settings, code=link.code).of(channel)  # type: ignore[arg-type]
    if url is None:  # the channel is not set up here: the page offers no download for it
        raise PageNotFound
    await page.log(action, f"deep link {link.code} {channel}", department_id=link.department_id)
    return link, url


@router.get("/links/{code}/qr.{fmt}")
async def qr(page: PeopleDep, code: str, fmt: str, channel: str = Query("telegram", max_length=16)) -> Response:
    """Download a deep link's QR code as PNG (300 dpi, 15 cm) or SVG, for Telegram or WhatsApp."""
    if fmt not in ("png", "svg"):
        raise PageNotFound
    link, url = await _url(page, code, channel, "deeplink.qr")
    if fmt == "png":
        data, media = await run_in_threadpool(deeplinks.qr_png, url), "image/png"
    else:
        data, media = await run_in_threadpool(deeplinks.qr_svg, url, title=f"GeM Saathi {link.code}"), "image/svg+xml"
    return Response(data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{link.code}-{channel}-qr.{fmt}"'})


@router.get("/links/{code}/poster.svg")
async def poster(page: PeopleDep, code: str, channel: str = Query("telegram", max_length=16)) -> Response:
    """Download a printable A4 poster (SVG) of a deep link: the department's names, a large QR code and a call to scan it."""
    link, url = await _url(page, code, channel, "deeplink.poster")
    try:
        office = await run_in_threadpool(departments.get_department, engine=page.state.engine, department_id=link.department_id)
    except NotFound:
        raise PageNotFound from None
    svg = await run_in_threadpool(
        deeplinks.poster_svg, department_name=office.name, department_code=office.code, url=url, channel=channel, code=link.code,
    )
    return Response(svg, media_type="image/svg+xml", headers={"Content-Disposition": f'attachment; filename="{link.code}-{channel}-poster.svg"'})
