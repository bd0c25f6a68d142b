"""Apply GeM stages reported by departments: one seller at a time, or a CSV file of many."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial

from sqlalchemy import Engine, exists
from sqlmodel import Session, select

from bot.engine import validators
from bot.engine.context import Env
from bot.engine.conversation import PUSHABLE_STAGES
from bot.outbox import Outbox
from bot.services.errors import NotFound
from bot.services.principal import Principal
from bot.services.uploads import BadFile, clean_cells, decode_csv
from bot.stage_push import PushedStage, push_stage
from bot.store.models import DeepLink, Seller

MAX_IMPORT_BYTES = 5 * 1024 * 1024
REQUIRED_COLUMNS = ("phone", "stage")
OPTIONAL_COLUMNS = ("gem_seller_id",)


def _in_scope(query, principal: Principal):  # type: ignore[no-untyped-def]
    """Narrow a seller query to the sellers a department brought in through its deep links."""
    if principal.is_admin:
        return query
    brought_by_department = exists().where(DeepLink.code == Seller.source_code, DeepLink.department_id == principal.department_id)
    return query.where(brought_by_department)


def seller_in_scope(session: Session, *, principal: Principal, seller_id: int) -> bool:
    """Say whether the caller may act on this seller (erased sellers are nobody's)."""
    query = select(Seller.id).where(Seller.id == seller_id, Seller.erased_at.is_(None))
    return session.exec(_in_scope(query, principal)).first() is not None


def push_seller_stage(
    *, engine: Engine, env: Env, outbox: Outbox, now: datetime, principal: Principal, seller_id: int, stage: str, gem_seller_id: str | None = None
) -> PushedStage:
    """Set one seller's GeM stage and tell them; NotFound for an unknown, erased or other department's seller."""
    with Session(engine) as session:
        if not seller_in_scope(session, principal=principal, seller_id=seller_id):
            raise NotFound(f"no seller {seller_id}")
    try:
        return push_stage(engine=engine, env=env, outbox=outbox, now=now, seller_id=seller_id, stage=stage, gem_seller_id=gem_seller_id)
    except LookupError:
        raise NotFound(f"no seller {seller_id}") from None


def decode_table(data: bytes) -> str:
    """Return the text of an uploaded CSV, refusing workbooks and binary files with a hint."""
    if data.startswith(b"PK\x03\x04"):
        raise BadFile("this is an Excel workbook (.xlsx), not CSV; in Excel use Save As → “CSV UTF-8 (comma delimited)”")
    return decode_csv(data, not_text="this is not a text file; upload a CSV file with the columns phone,stage")


def _delimiter(text: str) -> str:
    """Return the delimiter of the header line: Excel writes ; or tabs in some locales."""
    header = text.split("\n", 1)[0]
    return max((",", ";", "\t"), key=header.count)


def _normal_stage(raw: str) -> str:
    return raw.strip().lower().replace(" ", "_").replace("-", "_")


@dataclass(slots=True)
class ImportReport:
    """Count what a status import did: rows read, sellers moved on, rows that changed nothing, rows refused."""

    rows: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    seller_ids: list[int] = field(default_factory=list)


def import_statuses(*, engine: Engine, env: Env, outbox: Outbox, now: datetime, principal: Principal, data: bytes) -> ImportReport:
    """Apply a CSV of phone,stage[,gem_seller_id] rows, each on its own (row numbers count the header as 1; a second import changes nothing)."""
    push = partial(push_stage, engine=engine, env=env, outbox=outbox, now=now)
    if len(data) > MAX_IMPORT_BYTES:
        raise BadFile(f"the file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB; split it")
    text = decode_table(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    try:
        header = next(reader)
    except StopIteration:
        raise BadFile("the file is empty; the first line must be the header phone,stage") from None
    except csv.Error as error:
        raise BadFile(f"the header line cannot be read as CSV: {error}") from None
    columns = [name.strip().lstrip("\ufeff").lower() for name in header]
    missing = [name for name in REQUIRED_COLUMNS if name not in columns]
    if missing:
        raise BadFile(f"the header must name the columns phone and stage (optionally gem_seller_id); missing: {', '.join(missing)}")
    phone_at, stage_at = columns.index("phone"), columns.index("stage")
    gem_at = columns.index("gem_seller_id") if "gem_seller_id" in columns else None

    report = ImportReport()
    row_number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            row_number += 1
            report.rows += 1
            report.errors.append((row_number, f"cannot be read as CSV: {error}"))
            continue
        row_number += 1
        cells = clean_cells(cells)
        if not any(cell.strip() for cell in cells):
            continue  # blank line or a row of empty cells, as Excel leaves at the end
        report.rows += 1
        try:
            moved, seller_ids = _apply_row(push, engine, principal, cells, phone_at, stage_at, gem_at)
        except _RowError as error:
            report.errors.append((row_number, str(error)))
            continue
        except Exception as error:  # noqa: BLE001 - one row's failure must not stop the file
            report.errors.append((row_number, f"could not be applied ({type(error).__name__})"))
            continue
        report.seller_ids.extend(seller_ids)
        if moved:
            report.updated += 1
        else:
            report.unchanged += 1
    return report


class _RowError(ValueError):
    """Explain why one row was refused, in words for the person who made the file."""


def _apply_row(
    push: Callable[..., PushedStage], engine: Engine, principal: Principal, cells: list[str], phone_at: int, stage_at: int, gem_at: int | None = None
) -> tuple[bool, list[int]]:
    raw_phone = cells[phone_at].strip() if phone_at < len(cells) else ""
    raw_stage = validators.mask_aadhaar(cells[stage_at]) if stage_at < len(cells) else ""
    if not raw_phone:
        raise _RowError("phone is empty")
    try:
        phone = validators.find_mobile(raw_phone)
    except validators.InvalidInput:
        raise _RowError("phone is not an Indian mobile number (10 digits starting 6-9)") from None
    stage = _normal_stage(raw_stage)
    if stage not in PUSHABLE_STAGES:
        shown = raw_stage.strip()[:40] or "(empty)"
        raise _RowError(f"stage {shown!r} is not one of {', '.join(PUSHABLE_STAGES)}")
    with Session(engine) as session:
        query = select(Seller.id).where(Seller.mobile == phone, Seller.erased_at.is_(None)).order_by(Seller.id)
        seller_ids = list(session.exec(_in_scope(query, principal)))
    if not seller_ids:
        # The same words whether the number is unknown or another department's seller: a department
        # must not learn which numbers are registered elsewhere.
        raise _RowError("no seller with this mobile among the sellers you can update")
    moved = False
    for seller_id in seller_ids:
        try:
            gem_seller_id = (validators.mask_aadhaar(cells[gem_at].strip())[:64] or None) if gem_at is not None and gem_at < len(cells) else None
            moved = push(seller_id=seller_id, stage=stage, gem_seller_id=gem_seller_id).changed or moved
        except LookupError:
            if len(seller_ids) == 1:
                raise _RowError("no seller with this mobile among the sellers you can update") from None
    return moved, seller_ids
