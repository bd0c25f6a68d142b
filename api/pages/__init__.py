"""Serve the staff web app: sign-in, leads, team, departments and the audit log, in Hindi and English."""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.errors import invalid_body, unreadable_body
from api.pages import admin, auth, campaigns, deeplinks, funnel, home, leads, vendors
from api.templating import render
from api.web import (
    SESSION_COOKIE,
    PageNotFound,
    SignInNeeded,
    page_language,
    sign_in_url,
)
from bot.engine.context import N_
from bot.services import accounts

ROUTERS = (auth.router, home.router, funnel.router, leads.router, vendors.router, campaigns.router, deeplinks.router, admin.router)
FORM_EXPIRED = N_("This form has expired. Go back, reload the page and send it again.")
NOT_ACCEPTED = N_("Not accepted")
NOT_VALID = N_("Something in the address or the form is not as this page expects. Go back, check it and send it again.")
TOO_LARGE = N_("What you sent is larger than this page accepts. Send less, or split the file into smaller files.")


def _wants_page(request: Request) -> bool:
    """Say whether a request is a browser's for a page (the JSON API and webhooks keep FastAPI's JSON answers)."""
    return "text/html" in request.headers.get("accept", "") and not request.url.path.startswith(("/api/", "/webhooks/"))


async def _error_page(request: Request, status_code: int, message_id: str | None = None, heading_id: str | None = None) -> HTMLResponse:
    """Render a not-found or refused page in the visitor's language."""
    state = request.app.state.saathi
    account = None
    secret = request.cookies.get(SESSION_COOKIE)
    if secret:
        account = await run_in_threadpool(accounts.session_account, engine=state.engine, secret=secret, now=state.clock())
    lang = page_language(request, account)
    translations = state.env.translations[lang]
    message = translations.gettext(message_id) if message_id else None
    heading = translations.gettext(heading_id) if heading_id else None
    html = render("staff/not_found.html", lang=lang, translations=translations, account=account, csrf_token="", path=request.url.path,
                  query="", message=message, heading=heading, page=None)
    return HTMLResponse(html, status_code=status_code)


def install(app: FastAPI) -> None:
    """Add the staff app's routers and the handlers that answer its errors as pages."""
    for router in ROUTERS:
        app.include_router(router)

    @app.exception_handler(SignInNeeded)
    async def _sign_in(request: Request, _: SignInNeeded) -> Response:
        if request.headers.get("hx-request"):
            return Response(status_code=204, headers={"HX-Redirect": sign_in_url(request)})
        return RedirectResponse(sign_in_url(request), status_code=303)

    @app.exception_handler(PageNotFound)
    async def _not_found(request: Request, _: PageNotFound) -> Response:
        return await _error_page(request, 404)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, error: StarletteHTTPException) -> Response:
        if error.status_code == 400 and (unreadable := unreadable_body(error)) is not None:  # FastAPI's "error parsing the body"
            return unreadable
        # The JSON API and webhooks keep FastAPI's JSON answers; pages answer with pages.
        wants_page = _wants_page(request)
        if wants_page and error.status_code == 404:
            return await _error_page(request, 404)
        if wants_page and error.status_code == 403 and error.detail == "csrf":
            return await _error_page(request, 403, FORM_EXPIRED)
        if wants_page and error.status_code == 413:
            return await _error_page(request, 413, TOO_LARGE, NOT_ACCEPTED)
        return await http_exception_handler(request, error)

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, error: RequestValidationError) -> Response:
        if not _wants_page(request):
            return await invalid_body(request, error)
        if all(problem.get("loc", ("",))[0] == "path" for problem in error.errors()):
            return await _error_page(request, 404)  # an id out of range names nothing there is
        return await _error_page(request, 422, NOT_VALID, NOT_ACCEPTED)
