"""Serve signing in and out, the first admin's set-up link and the language switch."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.web import (
    LANG_COOKIE,
    PageDep,
    PageRoute,
    SESSION_COOKIE,
    SignedInDep,
    client_address,
    safe_next,
    secure_cookies,
)
from bot.engine.context import N_
from bot.services import accounts
from bot.services.errors import AlreadyExists, NotFound

router = APIRouter(include_in_schema=False, route_class=PageRoute)

ACCOUNT_ERRORS = {
    "email": N_("Please give a valid e-mail address."),
    "password": N_("The password must be at least 10 characters long."),
    "name": N_("Please give your name."),
    "department": N_("Choose a department for department staff."),
    "role": N_("Choose a role."),
}
TOO_MANY = N_("Too many attempts. Please wait 15 minutes and try again.")
NO_MATCH = N_("That e-mail and password do not match an active account.")


@router.get("/")
async def root(page: PageDep) -> Response:
    """Send a visitor to the staff home when signed in, else to sign in."""
    return page.redirect("/home" if page.account is not None else "/signin")


@router.get("/signin")
async def signin_form(page: PageDep, next: str = "/home") -> Response:  # noqa: A002 - the query parameter's name
    """Show the sign-in form (or go on, when already signed in)."""
    if page.account is not None:
        return page.redirect(safe_next(next))
    return page.render("staff/signin.html", next=safe_next(next), email="", error=None)


@router.post("/signin")
async def signin(page: PageDep, email: Annotated[str, Form(max_length=254)] = "", password: Annotated[str, Form(max_length=256)] = "",
                 next: Annotated[str, Form(max_length=2000)] = "/home") -> Response:  # noqa: A002
    """Check the e-mail and password; start a session, or say politely why not (never which of the two was wrong)."""
    try:
        signed = await run_in_threadpool(
            accounts.sign_in, engine=page.state.engine, email=email, password=password, address=client_address(page.request), now=page.now
        )
    except accounts.SignInRefused as refused:
        message = TOO_MANY if refused.throttled else NO_MATCH
        return page.render("staff/signin.html", status_code=429 if refused.throttled else 400, next=safe_next(next), email=email[:254],
                           error=page._(message))
    return _start_session(page, signed.secret, safe_next(next))


@router.post("/signout")
async def signout(page: PageDep) -> Response:
    """End this session and go to the sign-in page."""
    secret = page.request.cookies.get(SESSION_COOKIE)
    if secret:
        await run_in_threadpool(accounts.end_session, engine=page.state.engine, secret=secret, now=page.now)
    response = page.redirect("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/signout/everywhere")
async def signout_everywhere(page: SignedInDep) -> Response:
    """End every session of the signed-in account, on every device."""
    await run_in_threadpool(accounts.end_all_sessions, engine=page.state.engine, account_id=page.account.id, now=page.now)
    response = page.redirect("/signin")
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


@router.post("/language")
async def language(page: PageDep, language: Annotated[str, Form(max_length=2)] = "hi", next: Annotated[str, Form(max_length=2000)] = "/") -> Response:  # noqa: A002
    """Switch the app's language, remembered on the account (or, before sign-in, in a cookie)."""
    language = language if language in accounts.LANGUAGES else "hi"
    if page.account is not None:
        await run_in_threadpool(accounts.set_language, engine=page.state.engine, account_id=page.account.id, language=language, now=page.now)
    response = page.redirect(safe_next(next))
    response.set_cookie(LANG_COOKIE, language, max_age=365 * 24 * 3600, httponly=True, samesite="lax", secure=secure_cookies(page.state), path="/")
    return response


@router.get("/setup/{secret}")
async def setup_form(page: PageDep, secret: str) -> Response:
    """Show the form that creates the first admin, when the link is still good."""
    valid = await run_in_threadpool(accounts.setup_link_valid, engine=page.state.engine, secret=secret[:100], now=page.now)
    return page.render("staff/setup.html", status_code=200 if valid else 404, valid=valid, name="", email="", error=None)


@router.post("/setup/{secret}")
async def setup(page: PageDep, secret: str, name: Annotated[str, Form(max_length=100)] = "", email: Annotated[str, Form(max_length=254)] = "",
                password: Annotated[str, Form(max_length=256)] = "") -> Response:
    """Create the first admin with a one-time link, then sign them in."""
    try:
        await run_in_threadpool(
            accounts.use_setup_link, engine=page.state.engine, secret=secret[:100], email=email, name=name, password=password, now=page.now
        )
    except accounts.AccountError as error:
        return page.render("staff/setup.html", status_code=400, valid=True, name=name, email=email, error=page._(ACCOUNT_ERRORS[str(error)]))
    except AlreadyExists:
        return page.render("staff/setup.html", status_code=400, valid=True, name=name, email=email,
                           error=page._("An account with this e-mail exists already."))
    except NotFound:
        return page.render("staff/setup.html", status_code=404, valid=False, name="", email="", error=None)
    signed = await run_in_threadpool(
        accounts.sign_in, engine=page.state.engine, email=email, password=password, address=client_address(page.request), now=page.now
    )
    return _start_session(page, signed.secret, "/home")


def _start_session(page: PageDep, secret: str, target: str) -> Response:
    """Answer a sign-in with the session cookie and the page to go on to."""
    response = page.redirect(target)
    response.set_cookie(SESSION_COOKIE, secret, max_age=int(accounts.SESSION_LIFETIME.total_seconds()), httponly=True,
                        samesite="lax", secure=secure_cookies(page.state), path="/")
    return response
