"""Build the FastAPI app: webhooks, simulator, health; the worker starts with it in the single-process default."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send

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
from bot.compose import AppState, build_state
from bot.loop import serving
from bot.services import accounts
from bot.settings import Settings, get_settings

log = logging.getLogger("gem_saathi")


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
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

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
                    state.turns.shutdown(wait=True)  # a turn in flight finishes and commits
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
    return app


app = create_app()
