"""Serve a department's vendor list: upload a CSV or Excel file with progress, read what it found, download a template."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, File, Form, Query, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response

from api.downloads import table_download
from api.web import PageNotFound, PageRoute, PeopleDep
from bot.engine.context import N_
from bot.services import departments, vendor_imports, vendor_lists
from bot.services.errors import NotFound
from bot.shapes import RowId, row_id

router = APIRouter(include_in_schema=False, route_class=PageRoute)

TEMPLATE_HEADERS = {
    "en": ("phone", "name", "business_name", "district", "category"),
    "hi": ("मोबाइल", "नाम", "फर्म का नाम", "जिला", "श्रेणी"),
}
TEMPLATE_ROW = ("9876543210", "Ramesh Kumar", "Shri Ram Traders", "Lucknow", "cleaning")
TOO_BIG = N_("The file is larger than 5 MB. Split it into smaller files.")
NO_FILE = N_("Choose a CSV or Excel file first.")
PREVIEW = 20


def _department(page: PeopleDep, asked: int | None) -> int | None:
    """Return the department whose list the page shows: staff their own, an admin the one asked for."""
    if page.principal.is_admin:
        return asked
    return page.principal.department_id


async def _vendors_page(page: PeopleDep, department_id: int | None, status_code: int = 200, error: str | None = None) -> Response:
    offices = await run_in_threadpool(departments.list_departments, engine=page.state.engine) if page.principal.is_admin else []
    count, preview, imports = 0, [], []
    if department_id is not None:
        try:
            imports = await run_in_threadpool(vendor_imports.recent_imports, engine=page.state.engine, principal=page.principal, department_id=department_id)
        except NotFound:
            raise PageNotFound from None
        count, preview = await run_in_threadpool(vendor_lists.vendor_list, engine=page.state.engine, department_id=department_id, limit=PREVIEW, offset=0)
    return page.render(
        "staff/vendors.html", status_code=status_code, department_id=department_id, departments=offices, count=count, preview=preview,
        imports=imports, error=error, mask=vendor_lists.mask_phone, interrupted=lambda row: vendor_imports.interrupted(row, page.now),
    )


@router.get("/vendors")
async def vendors(page: PeopleDep, department: RowId | None = Query(None)) -> Response:
    """Show the department's vendor list, its recent uploads and the upload form."""
    return await _vendors_page(page, _department(page, department))


@router.post("/vendors")
async def upload(page: PeopleDep, file: Annotated[UploadFile | None, File()] = None, department_id: Annotated[str, Form(max_length=12)] = "") -> Response:
    """Take an uploaded vendor list and apply it in the background; answer with its progress."""
    department = _department(page, row_id(department_id))
    if department is None:
        raise PageNotFound
    if file is None or not file.filename:
        return await _vendors_page(page, department, 400, page._(NO_FILE))
    data = await file.read(vendor_lists.MAX_UPLOAD_BYTES + 1)
    if len(data) > vendor_lists.MAX_UPLOAD_BYTES:
        return await _vendors_page(page, department, 413, page._(TOO_BIG))
    try:
        row = await run_in_threadpool(
            vendor_imports.start_import, engine=page.state.engine, principal=page.principal, department_id=department, file_name=file.filename,
            now=page.now,
        )
    except NotFound:
        raise PageNotFound from None
    page.state.keep(
        vendor_imports.run_in_background(engine=page.state.engine, import_id=row.id, data=data, keyed=page.state.env.pan_digest, clock=page.state.clock)
    )
    await page.log("vendor_list.upload", f"import {row.id}, {len(data)} bytes", department_id=department)
    return page.redirect(f"/vendors/imports/{row.id}")


@router.get("/vendors/imports/{import_id}")
async def import_progress(page: PeopleDep, import_id: RowId) -> Response:
    """Show an upload's progress (polled while it runs) and then what it found, row by row."""
    try:
        row = await run_in_threadpool(vendor_imports.get_import, engine=page.state.engine, principal=page.principal, import_id=import_id)
    except NotFound:
        raise PageNotFound from None
    context = {
        "job": row, "interrupted": vendor_imports.interrupted(row, page.now),
        "problems": [(entry[0], page.problem(vendor_imports.problem_of(entry))) for entry in row.errors],
        "failure": page.problem(failure) if (failure := vendor_imports.failure_of(row)) else None,
    }
    partial = page.request.headers.get("hx-request") and page.request.headers.get("hx-target") == "import"
    return page.render("staff/_import.html" if partial else "staff/import.html", **context)


@router.get("/vendors/template.{fmt}")
async def template(page: PeopleDep, fmt: str) -> Response:
    """Download an empty vendor list with its columns named in the page's language and one example row."""
    if fmt not in ("csv", "xlsx"):
        raise PageNotFound
    return table_download(TEMPLATE_HEADERS[page.lang], [TEMPLATE_ROW], fmt=fmt, file_name="vendor-list", sheet="Vendors", width=22)
