"""Answer the liveness and readiness probes (the process serves; the database and each channel are usable) and Prometheus' scrape."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sqlalchemy import text

from api.deps import AppStateDep
from bot import metrics
from bot.compose import AppState

router = APIRouter(tags=["health"])


def _channels(state: AppState) -> dict[str, Any]:
    return state.channels.report() if state.channels is not None else {}


def _database_usable(state: AppState) -> bool:
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1 FROM alembic_version"))
    except Exception:  # noqa: BLE001 - any failure means the database cannot be used
        return False
    return True


@router.get("/healthz")
def healthz(state: AppStateDep) -> dict[str, Any]:
    """Answer 200 while the process serves (liveness), saying which channels are degraded; readiness is /readyz."""
    channels = _channels(state)
    degraded = sorted(name for name, channel in channels.items() if channel["status"] != "up")
    return {"status": "degraded" if degraded else "ok", "channels": channels}


@router.get("/readyz", responses={503: {"description": "The database cannot be used"}})
async def readyz(state: AppStateDep) -> JSONResponse:
    """Say whether the database and each channel are usable: 503 without the database, 200 (degraded) without a channel."""
    database = await run_in_threadpool(_database_usable, state)
    channels = _channels(state)
    usable = {name: channel["status"] == "up" for name, channel in channels.items()}
    body = {
        "status": "unready" if not database else "degraded" if not all(usable.values()) else "ready",
        "database": "ok" if database else "unusable",
        "channels": channels,
        "simulator": "on" if state.settings.simulator_on else "off",
    }
    return JSONResponse(body, status_code=200 if database else 503)


@router.get("/metrics", include_in_schema=False)
async def metrics_scrape(request: Request, state: AppStateDep) -> Response:
    """Answer Prometheus' scrape: with METRICS_TOKEN set only to that bearer token, in production not at all without one."""
    token = state.settings.metrics_token
    if token is None and state.settings.environment == "production":
        raise HTTPException(status_code=404, detail="Not Found")
    if token is not None:
        given = request.headers.get("authorization", "").removeprefix("Bearer ").encode()
        if not hmac.compare_digest(given, token.get_secret_value().encode()):
            raise HTTPException(status_code=401, detail="a bearer token is needed", headers={"WWW-Authenticate": "Bearer"})
    return Response(await run_in_threadpool(metrics.exposition), media_type=metrics.CONTENT_TYPE)
