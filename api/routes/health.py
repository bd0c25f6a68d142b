"""Answer the readiness probe."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException
from sqlalchemy import text

from api.deps import AppStateDep

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz(state: AppStateDep) -> dict[str, str]:
    """Answer 200 when the database answers and the catalogues are loaded."""
    try:
        with state.engine.connect() as conn:
            conn.execute(text("SELECT 1 FROM alembic_version"))
    except Exception as error:  # noqa: BLE001 - any failure means not ready
        raise HTTPException(status_code=503, detail="database not ready") from error
    return {"status": "ok"}
