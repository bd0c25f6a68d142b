"""Serve the staff app's pages: session cookie, CSRF token, language, and rendering with the page's context."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import quote

from babel.dates import format_date, format_datetime, format_timedelta
from babel.numbers import format_decimal
from fastapi import Depends, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.routing import APIRoute
from jinja2 import pass_context
from starlette.datastructures import FormData

from api import labels
from api.deps import AppStateDep
from api.templating import environment, render
from bot.compose import AppState
from bot.engine.clean import clean_text
from bot.engine.context import BABEL_LOCALES, IST
from bot.services import accounts
from bot.services.access_log import record_access
from bot.services.principal import Principal
from bot.services.uploads import Problem
from bot.store.models import StaffAccount

SESSION_COOKIE = "gs_session"
CSRF_COOKIE = "gs_csrf"
LANG_COOKIE = "gs_lang"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@pass_context
def _number(context: Any, value: int | float | None) -> str:
    """Format a number with Indian digit grouping (12,34,567) in the page's language."""
    if value is None:
        return "–"
    return format_decimal(value, locale=BABEL_LOCALES[context["lang"]])


@pass_context
def _when(context: Any, moment: datetime | None) -> str:
    """Format a moment in India time, in the page's language: 15 मार्च 2025, 3:40 pm."""
    if moment is None:
        return "–"
    return format_datetime(moment.astimezone(IST), "d MMM y, h:mm a", locale=BABEL_LOCALES[context["lang"]])


@pass_context
def _day(context: Any, moment: datetime | date | None) -> str:
    """Format the day of a moment in India time (or a date as it is), in the page's language."""
    if moment is None:
        return "–"
    day = moment.astimezone(IST).date() if isinstance(moment, datetime) else moment
    return format_date(day, "d MMM y", locale=BABEL_LOCALES[context["lang"]])


@pass_context
def _district(context: Any, lgd_code: int | None) -> str:
    """Name a district in the page's language."""
    return labels.district_name(lgd_code, context["lang"]) or "–"


@pass_context
def _duration(context: Any, seconds: float | None) -> str:
    """Say a length of time roughly, in the page's language: 5 मिनट, 3 hours, 2 दिन."""
    if seconds is None:
        return "–"
    return format_timedelta(timedelta(seconds=seconds), threshold=1.1, locale=BABEL_LOCALES[context["lang"]])


environment.filters.update(number=_number, when=_when, day=_day, district=_district, duration=_duration)
environment.globals["labels"] = labels


def client_address(request: Request) -> str | None:
    """Return the client's address as the server saw it (behind a proxy, uvicorn's --proxy-headers sets it)."""
    return request.client.host if request.client else None


def _csrf_token(key: str, basis: str) -> str:
    """Return the CSRF token for a session (or, before sign-in, for the visitor's CSRF cookie)."""
    return hmac.new(key.encode(), f"csrf:{basis}".encode(), hashlib.sha256).hexdigest()


class SignInNeeded(Exception):
    """Signal that a page needs a signed-in person: the app answers with the sign-in page."""


class PageNotFound(Exception):
    """Signal a page for something unknown or out of the caller's scope: the app answers 404 in the caller's language."""


@dataclass(slots=True)
class Page:
    """Hold what every page knows about its request: the app, the person (if any), language and CSRF token."""

    request: Request
    state: AppState
    account: StaffAccount | None
    lang: str
    csrf_token: str
    new_csrf_cookie: str | None = None

    @property
    def principal(self) -> Principal:
        """Return the signed-in person as a principal (pages that use it require sign-in)."""
        if self.account is None:
            raise SignInNeeded
        return accounts.principal_of(self.account)

    @property
    def now(self) -> datetime:
        """Return the app's time now."""
        return self.state.clock()

    def render(self, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        """Render a template as this page's answer, in its language (the call-back badge loads itself unless given `waiting`)."""
        html = render(
            template, lang=self.lang, translations=self.state.env.translations[self.lang], page=self, account=self.account,
            csrf_token=self.csrf_token, path=self.request.url.path, query=self.request.url.query, **context,
        )
        response = HTMLResponse(html, status_code=status_code)
        self.finish(response)
        return response

    def redirect(self, url: str) -> Response:
        """Answer with a redirect (for htmx, a client-side one) after a form was handled."""
        if self.request.headers.get("hx-request"):
            response: Response = Response(status_code=204, headers={"HX-Redirect": url})
        else:
            response = RedirectResponse(url, status_code=303)
        self.finish(response)
        return response

    def finish(self, response: Response) -> None:
        """Set the visitor's CSRF cookie on a response when this request made one."""
        if self.new_csrf_cookie:
            response.set_cookie(CSRF_COOKIE, self.new_csrf_cookie, httponly=True, samesite="strict", secure=secure_cookies(self.state), path="/")

    async def log(self, action: str, detail: str, department_id: int | None = None) -> None:
        """Record what the signed-in person did in the access log, off the event loop."""
        await run_in_threadpool(
            record_access, engine=self.state.engine, account_id=self.account.id if self.account else None, department_id=department_id,
            action=action, detail=detail, now=self.now,
        )

    def problem(self, problem: Problem) -> str:
        """Say a service's refusal in the page's language."""
        return problem.translated(self.state.env.translations[self.lang])

    def _(self, message: str) -> str:
        """Translate a message into the page's language (for text made in a route, not a template)."""
        return self.state.env.translations[self.lang].gettext(message)


def secure_cookies(state: AppState) -> bool:
    """Say whether cookies must be sent only over HTTPS (the app is served at an https:// address)."""
    return (state.settings.public_base_url or "").startswith("https://")


def page_language(request: Request, account: StaffAccount | None) -> str:
    """Return the page's language: the account's, else the visitor's cookie, else Hindi."""
    if account is not None and account.language in ("hi", "en"):
        return account.language
    chosen = request.cookies.get(LANG_COOKIE)
    if chosen in ("hi", "en"):
        return chosen
    return "hi"


async def page_context(request: Request, state: AppStateDep) -> Page:
    """Build the page's context from its cookies; check the CSRF token of anything but a read."""
    secret = request.cookies.get(SESSION_COOKIE)
    account = None
    if secret:
        account = await run_in_threadpool(accounts.session_account, engine=state.engine, secret=secret, now=state.clock())
    key = state.settings.secret_key.get_secret_value()
    visitor = request.cookies.get(CSRF_COOKIE)
    new_cookie = None
    if account is None and not visitor:
        visitor = new_cookie = secrets.token_urlsafe(24)
    basis = hashlib.sha256(secret.encode()).hexdigest() if account is not None else visitor
    page = Page(request=request, state=state, account=account, lang=page_language(request, account), csrf_token=_csrf_token(key, basis),
                new_csrf_cookie=new_cookie)
    if request.method not in SAFE_METHODS:
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
        if not isinstance(sent, str) or not hmac.compare_digest(sent, page.csrf_token) or new_cookie is not None:
            raise HTTPException(403, detail="csrf")
    return page


PageDep = Annotated[Page, Depends(page_context)]


async def signed_in(page: PageDep) -> Page:
    """Require a signed-in person, else send them to sign in and back."""
    if page.account is None:
        raise SignInNeeded
    return page


async def with_people(page: Annotated[Page, Depends(signed_in)]) -> Page:
    """Require a person who may see sellers' personal data (admin or staff, not a viewer)."""
    if not page.principal.sees_personal_data:
        raise PageNotFound
    return page


async def admin_only(page: Annotated[Page, Depends(signed_in)]) -> Page:
    """Require an admin; anyone else gets the not-found page."""
    if not page.principal.is_admin:
        raise PageNotFound
    return page


SignedInDep = Annotated[Page, Depends(signed_in)]
PeopleDep = Annotated[Page, Depends(with_people)]
AdminPageDep = Annotated[Page, Depends(admin_only)]


def sign_in_url(request: Request) -> str:
    """Return the sign-in page's address, with the page asked for to come back to."""
    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
    return f"/signin?next={quote(target, safe='')}"


def safe_next(target: str | None) -> str:
    """Return a local path to go to after sign-in (never another site)."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/home"
    return target


def query_number(value: str | None) -> int | None:
    """Return a filter's number from the query string, or None for an empty or odd value (the filter is then ignored, never an error)."""
    return int(value) if value and value.isascii() and value.isdigit() and len(value) < 10 else None


class CleanFormRequest(Request):
    """Read a page's form with every text field cleaned at the edge (bot/engine/clean.py); files stay as they came."""

    async def _get_form(self, **limits: Any) -> FormData:
        if self._form is None:
            form = await super()._get_form(**limits)
            self._form = FormData([(name, clean_text(value, None) if isinstance(value, str) else value) for name, value in form.multi_items()])
        return self._form


class PageRoute(APIRoute):
    """Route a staff page's request through CleanFormRequest, so no form field reaches a page or a service uncleaned."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """Return FastAPI's handler, given the request as a CleanFormRequest."""
        handler = super().get_route_handler()

        async def cleaned(request: Request) -> Response:
            return await handler(CleanFormRequest(request.scope, request.receive))

        return cleaned
