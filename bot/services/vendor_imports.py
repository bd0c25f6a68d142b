"""Run a vendor-list upload from the staff app in the background, keeping its progress and findings in a row any process can read."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import datetime, timedelta

from sqlalchemy import Engine, update
from sqlmodel import Session, select

from bot.engine.context import N_
from bot.services.errors import NotFound
from bot.services.principal import Principal
from bot.services.uploads import BadFile, Problem
from bot.services.vendor_lists import MAX_LISTED_ERRORS, upload_vendor_list
from bot.store.db import transaction
from bot.store.digests import Digest
from bot.store.models import Department, VendorImport

log = logging.getLogger(__name__)

REPORT_EVERY = 0.5  # seconds between two progress writes
STALE_AFTER = timedelta(minutes=2)  # a running import not heard from for this long died with its process
FAILED = N_("the upload stopped because of an error on our side; please try again")


def start_import(*, engine: Engine, principal: Principal, department_id: int, file_name: str, now: datetime) -> VendorImport:
    """Record a new upload for a department the caller covers; NotFound otherwise."""
    if not principal.sees_personal_data or not principal.covers(department_id):
        raise NotFound(f"no department {department_id}")
    with transaction(engine) as session:
        if session.get(Department, department_id) is None:
            raise NotFound(f"no department {department_id}")
        row = VendorImport(department_id=department_id, account_id=principal.account_id, file_name=file_name[:200], created_at=now, updated_at=now)
        session.add(row)
        session.flush()
        return row


def run_import(*, engine: Engine, import_id: int, data: bytes, keyed: Digest, clock: Callable[[], datetime]) -> None:
    """Apply an uploaded file and write its progress and outcome to the import's row (blocking: callers use a thread)."""
    with Session(engine) as session:
        row = session.get(VendorImport, import_id)
    if row is None:
        raise NotFound(f"no import {import_id}")
    last = 0.0

    def report(stage: str, done: int, total: int) -> None:
        nonlocal last
        if time.monotonic() - last < REPORT_EVERY and not (stage == "saving" and done in (0, total)):
            return
        last = time.monotonic()
        values = {"stage": stage, "updated_at": clock()}
        values.update({"rows_read": done} if stage == "reading" else {"vendors_saved": done, "vendors_total": total})
        with transaction(engine) as session:
            session.execute(update(VendorImport).where(VendorImport.id == import_id).values(**values))

    now = clock()
    try:
        result = upload_vendor_list(engine=engine, department_id=row.department_id, data=data, now=now, keyed=keyed, progress=report)
    except BadFile as error:
        _finish(engine, import_id, clock(), status="failed", failure={"msgid": error.problem.msgid, "values": dict(error.problem.values)})
        return
    except Exception:  # noqa: BLE001 - the page must say it failed rather than spin for ever
        log.exception("vendor import %s failed", import_id)
        _finish(engine, import_id, clock(), status="failed", failure={"msgid": FAILED, "values": {}})
        return
    errors = [[number, problem.msgid, dict(problem.values)] for number, problem in result.errors[:MAX_LISTED_ERRORS]]
    _finish(
        engine, import_id, clock(), status="done", rows_read=result.rows, added=result.added, updated=result.updated, unchanged=result.unchanged,
        suppressed=result.suppressed, error_count=len(result.errors), errors=errors,
    )


def _finish(engine: Engine, import_id: int, now: datetime, **values: object) -> None:
    with transaction(engine) as session:
        session.execute(update(VendorImport).where(VendorImport.id == import_id).values(updated_at=now, finished_at=now, **values))


def run_in_background(*, engine: Engine, import_id: int, data: bytes, keyed: Digest, clock: Callable[[], datetime]) -> threading.Thread:
    """Start applying an uploaded file on a thread of its own and return the thread."""
    thread = threading.Thread(
        target=run_import, kwargs={"engine": engine, "import_id": import_id, "data": data, "keyed": keyed, "clock": clock},
        name=f"vendor-import-{import_id}", daemon=True,
    )
    thread.start()
    return thread


def get_import(*, engine: Engine, principal: Principal, import_id: int) -> VendorImport:
    """Return an import of a department the caller covers; NotFound otherwise (the same for unknown ones)."""
    with Session(engine) as session:
        row = session.get(VendorImport, import_id)
    if row is None or not principal.sees_personal_data or not principal.covers(row.department_id):
        raise NotFound(f"no import {import_id}")
    return row


def interrupted(row: VendorImport, now: datetime) -> bool:
    """Say whether a running import stopped being heard from (its process died); uploading the file again finishes it."""
    return row.status == "running" and now - row.updated_at > STALE_AFTER


def recent_imports(*, engine: Engine, principal: Principal, department_id: int, limit: int = 10) -> list[VendorImport]:
    """Return a department's latest uploads, newest first."""
    if not principal.covers(department_id):
        raise NotFound(f"no department {department_id}")
    with Session(engine) as session:
        query = select(VendorImport).where(VendorImport.department_id == department_id).order_by(VendorImport.id.desc()).limit(limit)
        return list(session.exec(query))


def problem_of(entry: list) -> Problem:  # type: ignore[type-arg]
    """Return the problem an import row keeps for one refused row ([row, msgid, values])."""
    return Problem(entry[1], entry[2] or {})


def failure_of(row: VendorImport) -> Problem | None:
    """Return why a failed import could not read its file, or None."""
    return Problem(row.failure["msgid"], row.failure.get("values") or {}) if row.failure else None
