"""The FastAPI app: webhooks, simulator, health; the worker starts with it in the single-process default."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from api.app_state import build_state
from api.routes import health, simulator
from api.settings import Settings, get_settings

log = logging.getLogger("gem_saathi")


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app from settings (read from the environment when not given)."""
    settings = settings or get_settings()
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.saathi = build_state(settings)
        log.info("Telegram is %s", "on" if settings.telegram_on else "off (TELEGRAM_BOT_TOKEN not set)")
        log.info("WhatsApp is %s", "on" if settings.whatsapp_on else "off (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_WHATSAPP_FROM not all set)")
        log.info("Simulator is %s", "on at /simulator" if settings.simulator_on else "off")
        yield
        app.state.saathi.engine.dispose()

    app = FastAPI(title="GeM Saathi", version="0.1.0", lifespan=lifespan)
    app.include_router(health.router)
    app.include_router(simulator.router)
    return app


app = create_app()
