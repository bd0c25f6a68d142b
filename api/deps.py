"""Define the FastAPI dependencies as Annotated aliases."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request

from bot.compose import AppState


async def get_app_state(request: Request) -> AppState:
    """Return the state built at start-up."""
    return request.app.state.saathi


AppStateDep = Annotated[AppState, Depends(get_app_state)]
