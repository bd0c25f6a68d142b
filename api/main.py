"""Build the FastAPI app: webhooks, simulator, health; the worker starts with it in the single-process default."""

from __future__ import annotations

import asyncio
import logging
import re
import time
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api import pages
from api.routes import (
    campaigns,
    deeplinks,
    departments,
    docs,
    health,
    sellers,
    simulator,
    tokens,
    vendor_lists,
    webhooks,
)
from api.limits import BodyLimits
from bot import logs, metrics
from bot.compose import AppState, build_state
from bot.loop import serving
from bot.services import accounts
from bot.settings import Settings, get_settings

log = logging.getLogger("gem_saathi")


class WebhookMetrics:
    """Count and time every webhook request by channel and outcome, before anything else answers it."""

    CHANNELS = {"/webhooks/telegram": "telegram", "/webhooks/twilio/whatsapp": "whatsapp", "/webhooks/twilio/status": "whatsapp_status"}

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on, noting its status and how long the answer took."""
        channel = self.CHANNELS.get(scope["path"]) if scope["type"] == "http" else None
        if channel is None:
            await self.app(scope, receive, send)
            return
        status = 500

        async def noting(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        started = time.perf_counter()
        try:
            await self.app(scope, receive, noting)
        finally:
            metrics.WEBHOOK_SECONDS.labels(channel).observe(time.perf_counter() - started)
            metrics.WEBHOOKS.labels(channel, "ok" if status < 400 else "refused" if status < 500 else "error").inc()


class RequestIds:
    """Give every request an id (the caller's X-Request-ID when it is a plain token, else a new one) for its log lines and its answer."""

    HEADER = b"x-request-id"
    PLAIN = re.compile(r"[A-Za-z0-9._-]{1,64}")

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Set the request id for everything this request logs, and send it back in the answer's headers."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = next((value.decode("latin-1") for name, value in scope["headers"] if name == self.HEADER), "")
        request_id = given if self.PLAIN.fullmatch(given) else uuid.uuid4().hex[:16]
        token = logs.REQUEST_ID.set(request_id)

        async def tagged(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (self.HEADER, request_id.encode())]
            await send(message)

        try:
            await self.app(scope, receive, tagged)
        finally:
            logs.REQUEST_ID.reset(token)


class PagesGZip:
    """Compress what browsers fetch (pages, styles, scripts) and leave webhooks and the JSON API on their short path."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=1024)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass a request through the compressor unless it is a webhook or an API call."""
        # Offices and phones are often on slow links: Pico's 83 KB become about 12.
        if scope["type"] == "http" and not scope["path"].startswith(("/webhooks/", "/api/")):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def announce_setup_link(state: AppState) -> str | None:
    """Print a one-time link that creates the first admin, when no admin can sign in yet; return it."""
    if accounts.admin_exists(engine=state.engine):
        return None
    secret = accounts.issue_setup_link(engine=state.engine, now=state.clock())
    link = f"{state.settings.site_url}/setup/{secret}"
    minutes = int(accounts.SETUP_LINK_LIFETIME.total_seconds() // 60)
    # The console is where the person who started the app looks; the link is not written to the log file's level filter.
    print(f"\n  First run: open {link}\n  to create the first admin account (works once, for {minutes} minutes).\n", flush=True)
    return link


async def _poll_when_up(state: AppState, stop: asyncio.Event) -> None:
    """Poll Telegram for updates once its sender has started (at once, or when Telegram answers again)."""
    from bot.polling import poll_telegram

    assert state.channels is not None
    await state.channels.wait_up("telegram")
    await poll_telegram(state.senders["telegram"], state.runner, stop)


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app from settings (read from the environment when not given)."""
    settings = settings or get_settings()
    logs.configure(settings.log_level, settings.log_lines)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        state = build_state(settings)
        app.state.saathi = state
        log.info("Telegram is %s", "on" if settings.telegram_on else "off (TELEGRAM_BOT_TOKEN not set)")
        log.info("WhatsApp is %s", "on" if settings.whatsapp_on else "off (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM not all set)")
        log.info("Simulator is %s", "on at /simulator" if settings.simulator_on else "off")
        await asyncio.to_thread(announce_setup_link, state)
        stop = asyncio.Event()
        tasks: list[asyncio.Task] = []
        try:
            with serving(state.engine):
                # A provider that does not answer leaves its channel degraded and retried, never the app down: bot/channel_health.py.
                if state.channels is not None:
                    tasks += await state.channels.start(stop)
                if state.worker is not None:
                    tasks.append(asyncio.create_task(state.worker.run(stop), name="outbox-worker"))
                if "telegram" in state.senders and not settings.public_base_url:
                    tasks.append(asyncio.create_task(_poll_when_up(state, stop), name="telegram-polling"))
                try:
                    yield
                finally:
                    stop.set()
                    for task in tasks:
                        task.cancel()
                    await asyncio.gather(*tasks, return_exceptions=True)
                    for sender in state.senders.values():
                        await sender.close()
                    if state.turns is not None:
                        state.turns.shutdown(wait=True)  # a turn in flight finishes and commits
                    await asyncio.to_thread(state.finish_background, settings.shutdown_grace_seconds)  # an upload being applied finishes
        finally:
            state.engine.dispose()

    app = FastAPI(title="GeM Saathi", version="0.1.0", lifespan=lifespan, docs_url=None, redoc_url=None)  # docs: api/routes/docs.py
    app.include_router(docs.router)
    app.include_router(health.router)
    app.include_router(simulator.router)
    app.include_router(webhooks.router)
    app.include_router(departments.router)
    app.include_router(tokens.router)
    app.include_router(deeplinks.router)
    app.include_router(sellers.router)
    app.include_router(campaigns.router)
    app.include_router(vendor_lists.router)
    pages.install(app)
    app.mount("/static", StaticFiles(packages=[("api", "static")]), name="static")
    app.add_middleware(PagesGZip)
    # Outermost: a body over its route's size (api/limits.py) or too slow to arrive is refused as it is received.
    app.add_middleware(BodyLimits, idle=settings.body_idle_seconds, total=settings.body_total_seconds)
    app.add_middleware(WebhookMetrics)  # outside the limits, so a refused body is counted too
    app.add_middleware(RequestIds)
    return app


app = create_app()
