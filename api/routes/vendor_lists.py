"""Serve vendor lists: a department's current suppliers, uploaded to bring them onto GeM; shown only masked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, HTTPException, Query, UploadFile, status

from api.auth import PrincipalDep
from api.campaign_schemas import (
    VendorListPublic,
    VendorPublic,
    VendorUploadError,
    VendorUploadReport,
)
from api.deps import AppStateDep
from api.responses import BEARER, invalid, invalid_input, refused
from bot.services import vendor_lists
from bot.services.access_log import record_access
from bot.services.errors import NotFound
from bot.shapes import RowId, Offset

router = APIRouter(prefix="/api/v1/vendor-lists", tags=["vendor-lists"], responses=BEARER)


@router.post(
    "",
    response_model=VendorUploadReport,
    responses={
        **refused(400, "Not a readable CSV or .xlsx file"),
        **refused(403, "Another department's list"),
        **refused(404, "No such department"),
        **refused(413, "Larger than 5 MB"),
        **invalid_input("Not valid, or an admin did not name the department"),
    },
)
def upload_vendor_list(
    state: AppStateDep,
    principal: PrincipalDep,
    file: UploadFile = File(
        description="CSV (UTF-8 or Excel's Windows-1252) or .xlsx with the columns phone (required), name, business_name, district, category; "
        "header names in any case, Hindi फ़ोन / मोबाइल / नाम too"
    ),
    department_id: RowId | None = Form(None, description="Whose vendors; a department's staff may leave it out, an admin must give it"),
) -> VendorUploadReport:
    """Add or update a department's vendors by mobile; bad rows and erased owners' numbers (counted in `suppressed`) are refused, the rest apply."""
    department_id = department_id if department_id is not None else principal.department_id
    if department_id is None:
        raise invalid("name the department_id the vendors belong to", "body", "department_id")
    if not principal.covers(department_id):
        raise HTTPException(status.HTTP_403_FORBIDDEN, detail="a department's token uploads that department's vendors only")
    data = file.file.read(vendor_lists.MAX_UPLOAD_BYTES + 1)
    if len(data) > vendor_lists.MAX_UPLOAD_BYTES:
        raise HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail="the file is larger than 5 MB; split it into smaller files")
    # A number whose owner had their data erased is on the suppression list: its row is refused with the reason
    # and counted in `suppressed`; bad rows are reported by row number and the rest still apply.
    try:
        report = vendor_lists.upload_vendor_list(
            engine=state.engine, department_id=department_id, data=data, now=state.clock(), keyed=state.env.pan_digest
        )
    except NotFound as error:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=str(error)) from None
    except vendor_lists.BadFile as error:
        raise HTTPException(status.HTTP_400_BAD_REQUEST, detail=str(error)) from None
    record_access(
        engine=state.engine,
        token_id=principal.token_id,
        action="vendor_list.upload",
        detail=f"department {department_id} rows {report.rows} added {report.added} updated {report.updated} "
        f"unchanged {report.unchanged} errors {len(report.errors)}",
        now=state.clock(),
    )
    listed = report.errors[: vendor_lists.MAX_LISTED_ERRORS]
    return VendorUploadReport(
        department_id=department_id,
        rows=report.rows,
        added=report.added,
        updated=report.updated,
        unchanged=report.unchanged,
        suppressed=report.suppressed,
        errors=[VendorUploadError(row=row, error=str(problem)) for row, problem in listed],
        more_errors=len(report.errors) - len(listed),
    )


@router.get("", response_model=VendorListPublic, responses=refused(404, "Another department's list"))
def list_vendors(
    state: AppStateDep,
    principal: PrincipalDep,
    department_id: RowId | None = Query(None, description="An admin's choice of department (all when left out); staff see their own"),
    limit: int = Query(20, ge=0, le=100),
    offset: Annotated[Offset, Query()] = 0,
) -> VendorListPublic:
    """Return how many vendors are on the list and a page of them with masked phone numbers, newest first."""
    if not principal.is_admin:
        if department_id is not None and department_id != principal.department_id:
            raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no vendor list of department {department_id}")
        department_id = principal.department_id
    count, entries = vendor_lists.vendor_list(engine=state.engine, department_id=department_id, limit=limit, offset=offset)
    record_access(
        engine=state.engine,
        token_id=principal.token_id,
        action="vendor_list.preview",
        detail=f"department {department_id if department_id is not None else 'all'} count {count} shown {len(entries)}",
        now=state.clock(),
    )
    return VendorListPublic(
        department_id=department_id,
        count=count,
        preview=[VendorPublic.of(entry, vendor_lists.mask_phone(entry.phone)) for entry in entries],
        limit=limit,
        offset=offset,
    )
