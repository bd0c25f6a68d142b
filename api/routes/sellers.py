"""Take the GeM stages departments report for their sellers: one at a time, or a CSV file."""

from __future__ import annotations

from fastapi import APIRouter, File, HTTPException, UploadFile, status

from api.auth import PrincipalDep
from api.department_schemas import (
    SellerStatusPublic,
    SellerStatusUpdate,
    StatusImportError,
    StatusImportReport,
)
from api.deps import AppStateDep
from api.responses import BEARER, invalid, refused
from api.schemas import ReplyPublic
from bot.services import seller_status
from bot.services.access_log import record_access
from bot.services.errors import NotFound
from bot.shapes import RowId

router = APIRouter(prefix="/api/v1/sellers", tags=["sellers"], responses=BEARER)


@router.post("/{seller_id}/status", response_model=SellerStatusPublic, responses=refused(404, "No such seller among yours"))
def push_status(seller_id: RowId, body: SellerStatusUpdate, state: AppStateDep, principal: PrincipalDep) -> SellerStatusPublic:
    """Record that a seller reached a GeM stage and congratulate them; repeating it changes and sends nothing."""
    # A sync route: FastAPI runs it in its threadpool, so the runner's transaction does not block the loop.
    try:
        pushed = seller_status.push_seller_stage(
            engine=state.engine, env=state.env, outbox=state.outbox, now=state.clock(), principal=principal,
            seller_id=seller_id, stage=body.stage, gem_seller_id=body.gem_seller_id,
        )
    except NotFound:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no seller {seller_id}") from None
    except ValueError as error:  # a stage the engine will not take from outside
        raise invalid(str(error), "body", "stage") from None
    record_access(
        engine=state.engine,
        token_id=principal.token_id,
        action="seller.status",
        detail=f"seller {seller_id} {body.stage} {'changed' if pushed.changed else 'unchanged'}",
        now=state.clock(),
    )
    return SellerStatusPublic(
        seller_id=seller_id, stage=pushed.stage, step=pushed.step, changed=pushed.changed, replies=[ReplyPublic.of(r) for r in pushed.replies]
    )


@router.post(
    "/status-import",
    response_model=StatusImportReport,
    responses={**refused(400, "Not a readable CSV file"), **refused(413, "Larger than 5 MB")},
)
def import_statuses(
    state: AppStateDep,
    principal: PrincipalDep,
    file: UploadFile = File(description="CSV with the header phone,stage (and optionally gem_seller_id); UTF-8 or Excel's Windows-1252"),
) -> StatusImportReport:
    """Apply a CSV of GeM stages by mobile number; bad rows are reported by row number and the rest still apply."""
    data = file.file.read(seller_status.MAX_IMPORT_BYTES + 1)
    if len(data) > seller_status.MAX_IMPORT_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail="the file is larger than 5 MB; split it into smaller files")
    try:
        report = seller_status.import_statuses(
            engine=state.engine, env=state.env, outbox=state.outbox, now=state.clock(), principal=principal, data=data
        )
    except seller_status.BadFile as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    record_access(
        engine=state.engine,
        token_id=principal.token_id,
        action="sellers.status_import",
        detail=(
            f"rows {report.rows} updated {report.updated} unchanged {report.unchanged} errors {len(report.errors)}; "
            f"sellers {','.join(map(str, sorted(set(report.seller_ids)))) or '-'}"
        ),
        now=state.clock(),
    )
    return StatusImportReport(
        rows=report.rows,
        updated=report.updated,
        unchanged=report.unchanged,
        errors=[StatusImportError(row=row, error=error) for row, error in report.errors],
    )
