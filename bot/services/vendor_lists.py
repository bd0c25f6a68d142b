"""Take vendor lists: the suppliers a department already buys from, uploaded as CSV or Excel to bring them onto GeM."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

import phonenumbers
from sqlalchemy import Engine, func
from sqlmodel import Session, select

from bot.engine import validators
from bot.engine.context import N_
from bot.engine.districts import by_code, match_district
from bot.funnel import cube
from bot.services.errors import NotFound
from bot.services.suppression import suppressed_among
from bot.services.uploads import BadFile, Problem, clean_cells, decode_csv
from bot.store.db import transaction, upsert
from bot.store.digests import Digest, phone_digest
from bot.store.models import Department, VendorListEntry

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
MAX_ROWS = 200_000
# A 5 MB workbook is compressed; refuse one that unpacks to more than this before reading it (zip bombs).
MAX_UNPACKED_BYTES = 200 * 1024 * 1024
MAX_LISTED_ERRORS = 1000
CHUNK = 500
XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"

# Header names as people write them, compared after validators.fold (case, nukta, _ and - ignored).
COLUMN_NAMES = {
    "phone": ("phone", "mobile", "phone number", "mobile number", "mobile no", "phone no", "contact", "फ़ोन", "फोन", "मोबाइल", "मोबाइल नंबर", "फ़ोन नंबर"),
    "name": ("name", "owner name", "vendor name", "नाम"),
    "business_name": ("business name", "business", "firm", "firm name", "company", "फर्म", "फर्म का नाम", "व्यवसाय का नाम"),
    "district": ("district", "जिला", "ज़िला", "जनपद"),
    "category": ("category", "श्रेणी"),
}
LIMITS = {"name": 100, "business_name": 100, "category": 32}
SUPPRESSED = N_("this number asked not to be contacted (it was erased at the person's request); it was not added")


# A cell that is plainly one Indian number ("+91 98111-11210", "09811111210") skips PhoneNumberMatcher,
# which costs ~0.5 ms a row: a full 5 MB list would take most of a minute. Anything else goes through find_mobile.
_PLAIN_MOBILE = re.compile(r"(?:\+?91|0)?([6-9]\d{9})")
_SEPARATORS = str.maketrans("", "", " -.()\u00a0")
_MOBILE_TYPES = frozenset({phonenumbers.PhoneNumberType.MOBILE, phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE})


@dataclass(slots=True)
class UploadReport:
    """Count what an upload did: rows read, vendors added, vendors changed, vendors already so, rows refused."""

    rows: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # numbers on the suppression list: refused like bad rows (an error each), and also counted here
    suppressed: int = 0
    errors: list[tuple[int, Problem]] = field(default_factory=list)


class _RowError(ValueError):
    """Explain why one row was refused, in words for the person who made the file."""

    def __init__(self, msgid: str, **values: Any) -> None:
        self.problem = Problem(msgid, values)
        super().__init__(str(self.problem))


# --------------------------------------------------------------------------- reading


def _csv_rows(data: bytes) -> Iterator[list[str] | csv.Error]:
    text = decode_csv(data, not_text=N_("this is neither a CSV file nor an .xlsx workbook"))
    header = text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=max((",", ";", "\t"), key=header.count))
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            yield error


def _cell_text(value: Any) -> str:
    """Return an Excel cell as the text a person sees: 9812345678 rather than 9812345678.0."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    import openpyxl
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise BadFile(N_("the workbook unpacks to more than 200 MB; split it or save it as CSV"))
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError) as error:
        if isinstance(error, BadFile):
            raise
        raise BadFile(N_("the file cannot be read as an Excel workbook (.xlsx); save it again or as “CSV UTF-8”")) from None
    try:
        sheet = workbook.worksheets[0] if workbook.worksheets else None
        if sheet is None:
            return
        for values in sheet.iter_rows(values_only=True):
            yield [_cell_text(v) for v in values]
    finally:
        workbook.close()


def table_rows(data: bytes) -> Iterator[list[str] | csv.Error]:
    """Yield the rows of an uploaded CSV or .xlsx file, header first, each cell cleaned at the edge; a CSV row that cannot be parsed comes as its error."""
    if data.startswith(XLS_MAGIC):
        raise BadFile(N_("this is an old Excel .xls workbook; save it as .xlsx or “CSV UTF-8”"))
    rows = _xlsx_rows(data) if data.startswith(XLSX_MAGIC) else _csv_rows(data)
    return (row if isinstance(row, csv.Error) else clean_cells(row) for row in rows)


def _columns(header: list[str]) -> dict[str, int]:
    """Return where each known column is, from header names in English or Hindi, any case."""
    wanted = {validators.fold(alias): column for column, aliases in COLUMN_NAMES.items() for alias in aliases}
    found: dict[str, int] = {}
    for at, name in enumerate(header):
        column = wanted.get(validators.fold(name.lstrip("\ufeff")))
        if column is not None and column not in found:
            found[column] = at
    if "phone" not in found:
        shown = ", ".join(name.strip() for name in header if name.strip())[:200] or "(nothing)"
        raise BadFile(
            N_("the first row must name the columns: phone (or मोबाइल / फ़ोन), and optionally name, business_name, district, category; found: %(found)s"),
            found=shown,
        )
    return found


@lru_cache(maxsize=4096)
def _district(text: str) -> int:
    if text.isascii() and text.isdigit() and len(text) < 10:
        if by_code(int(text)) is None:
            raise _RowError(N_("district %(value)s is not the LGD code of a district of Uttar Pradesh"), value=text)
        return int(text)
    found = match_district(text)
    if found.district is not None:
        return found.district.lgd_code
    if found.candidates:
        raise _RowError(N_("district %(value)s is not clear: it could be %(choices)s"), value=repr(text[:40]), choices=" or ".join(d.name_en for d in found.candidates))
    raise _RowError(N_("district %(value)s is not a district of Uttar Pradesh"), value=repr(text[:40]))


def normalise_mobile(text: str) -> str:
    """Return the Indian mobile number in a cell as +91XXXXXXXXXX (as validators.find_mobile does), or raise InvalidInput."""
    plain = _PLAIN_MOBILE.fullmatch(validators.to_ascii_digits(text).translate(_SEPARATORS))
    if plain is not None:
        number = phonenumbers.PhoneNumber(country_code=91, national_number=int(plain.group(1)))
        if phonenumbers.number_type(number) in _MOBILE_TYPES:
            return f"+91{plain.group(1)}"
    return validators.find_mobile(text)


def _vendor(cells: list[str], columns: dict[str, int]) -> dict[str, Any]:
    """Return one row's vendor fields (None where blank), or raise _RowError."""
    def cell(column: str) -> str:
        at = columns.get(column)
        text = cells[at].strip() if at is not None and at < len(cells) else ""
        # An Aadhaar number in a name or district cell is masked before it is stored or quoted in a problem.
        return text if column == "phone" else validators.mask_aadhaar(text)

    raw_phone = cell("phone")
    if not raw_phone:
        raise _RowError(N_("phone is empty"))
    try:
        phone = normalise_mobile(raw_phone)
    except validators.InvalidInput:
        raise _RowError(N_("phone is not an Indian mobile number (10 digits starting 6-9)")) from None
    vendor: dict[str, Any] = {"phone": phone}
    for column, limit in LIMITS.items():
        value = " ".join(cell(column).split()) or None
        if value is not None and len(value) > limit:
            raise _RowError(N_("%(column)s is longer than %(limit)s characters"), column=column, limit=limit)
        vendor[column] = value.lower() if column == "category" and value else value
    district = cell("district")
    vendor["district_lgd"] = _district(district) if district else None
    return vendor


# --------------------------------------------------------------------------- storing


def _upsert(session: Session, department_id: int, vendors: list[dict[str, Any]], now: datetime, report: UploadReport) -> None:
    """Insert new vendors and fill in known ones (a blank cell leaves what is stored), counting which was which."""
    fields = ("name", "business_name", "district_lgd", "category")
    existing = {
        entry.phone: entry
        for entry in session.exec(
            select(VendorListEntry).where(VendorListEntry.department_id == department_id, VendorListEntry.phone.in_([v["phone"] for v in vendors]))
        )
    }
    for vendor in vendors:
        entry = existing.get(vendor["phone"])
        if entry is None:
            report.added += 1
        elif any(vendor[f] is not None and vendor[f] != getattr(entry, f) for f in fields):
            report.updated += 1
        else:
            report.unchanged += 1
    table = VendorListEntry.__table__
    statement = upsert(session.get_bind(), table)
    # ON CONFLICT rather than insert-or-update in Python: two uploads at once must not collide on the unique key.
    statement = statement.on_conflict_do_update(
        index_elements=["department_id", "phone"],
        set_={**{f: func.coalesce(getattr(statement.excluded, f), table.c[f]) for f in fields}, "phone_digest": statement.excluded.phone_digest},
    )
    # One statement, many parameter sets: compiled once and sent in batches (a multi-row VALUES compiles slowly).
    # Sellers with these numbers become the department's: their funnel counts follow.
    cube.claims(session.connection(), phones=(v["phone"] for v in vendors))
    with cube.Tracked(session.connection(), cube.sellers_with_mobiles(session.connection(), (v["phone"] for v in vendors))):
        session.connection().execute(statement, [{"department_id": department_id, "created_at": now, **vendor} for vendor in vendors])


def _unsuppressed(session: Session, vendors: list[dict[str, Any]], rows: dict[str, int], report: UploadReport) -> list[dict[str, Any]]:
    """Return the vendors whose numbers are not on the suppression list, reporting the others by row."""
    barred = suppressed_among(session.connection(), (vendor["phone_digest"] for vendor in vendors))
    for vendor in vendors:
        if vendor["phone_digest"] in barred:
            report.suppressed += 1
            report.errors.append((rows[vendor["phone"]], Problem(SUPPRESSED)))
    return [vendor for vendor in vendors if vendor["phone_digest"] not in barred] if barred else vendors


Progress = Callable[[str, int, int], None]  # (stage: reading | saving, done, total or 0 while unknown)
PROGRESS_ROWS = 2000  # rows read between two progress reports


def upload_vendor_list(
    *, engine: Engine, department_id: int, data: bytes, now: datetime, keyed: Digest, progress: Progress | None = None
) -> UploadReport:
    """Add or update a department's vendors from a CSV or .xlsx file; each bad row is reported and the rest still apply."""
    # Row numbers count the header as row 1, as a spreadsheet shows them. Uploading the same file twice adds nothing
    # the second time. Numbers on the suppression list are not stored. `keyed` is the app's keyed digest
    # (`Env.pan_digest`), which makes the phone digest stored with each vendor.
    if len(data) > MAX_UPLOAD_BYTES:
        raise BadFile(N_("the file is larger than %(mb)s MB; split it"), mb=MAX_UPLOAD_BYTES // (1024 * 1024))
    if not data.strip():
        raise BadFile(N_("the file is empty; the first row must name the columns, e.g. phone,name,district"))
    with Session(engine) as session:
        if session.get(Department, department_id) is None:
            raise NotFound(f"no department {department_id}")
    rows = iter(table_rows(data))
    header = next(rows, None)
    if header is None or isinstance(header, csv.Error):
        raise BadFile(N_("the first row must name the columns, e.g. phone,name,district"))
    columns = _columns(header)

    report = UploadReport()
    seen: dict[str, int] = {}
    vendors: list[dict[str, Any]] = []
    for row_number, cells in enumerate(rows, start=2):
        if isinstance(cells, csv.Error):
            report.rows += 1
            report.errors.append((row_number, Problem(N_("cannot be read as CSV: %(detail)s"), {"detail": str(cells)})))
            continue
        if not any(cell.strip() for cell in cells):
            continue  # blank line, or a row of empty cells as Excel leaves at the end
        report.rows += 1
        if progress is not None and report.rows % PROGRESS_ROWS == 0:
            progress("reading", report.rows, 0)
        if report.rows > MAX_ROWS:
            raise BadFile(N_("the file has more than %(rows)s rows; split it"), rows=f"{MAX_ROWS:,}")
        try:
            vendor = _vendor(cells, columns)
        except _RowError as error:
            report.errors.append((row_number, error.problem))
            continue
        if vendor["phone"] in seen:
            report.errors.append((row_number, Problem(N_("the same phone as row %(row)s; only that row was kept"), {"row": seen[vendor["phone"]]})))
            continue
        seen[vendor["phone"]] = row_number
        vendor["phone_digest"] = phone_digest(keyed, vendor["phone"])
        vendors.append(vendor)
    if progress is not None:
        progress("saving", 0, len(vendors))
    # A transaction per chunk: a long list does not hold SQLite's one writer (and the bot's replies) for
    # seconds, and a second upload of the same file finishes what an interrupted one began.
    for start in range(0, len(vendors), CHUNK):
        with transaction(engine) as session:
            chunk = _unsuppressed(session, vendors[start : start + CHUNK], seen, report)
            if chunk:
                _upsert(session, department_id, chunk, now, report)
        if progress is not None:
            progress("saving", min(start + CHUNK, len(vendors)), len(vendors))
    report.errors.sort(key=lambda error: error[0])  # suppressed rows are found after the others
    return report


# --------------------------------------------------------------------------- listing


def mask_phone(phone: str) -> str:
    """Return a mobile number with its middle hidden: +919812345210 → +91 98XXX XX210."""
    digits = phone.removeprefix("+91")
    if len(digits) != 10 or not digits.isdigit():
        return "XXXXX XXXXX"
    return f"+91 {digits[:2]}XXX XX{digits[7:]}"


def vendor_list(*, engine: Engine, department_id: int | None, limit: int, offset: int) -> tuple[int, list[VendorListEntry]]:
    """Return how many vendors a department has (every department's when None) and a page of them, newest first."""
    count = select(func.count()).select_from(VendorListEntry)
    page = select(VendorListEntry).order_by(VendorListEntry.id.desc()).offset(offset).limit(limit)
    if department_id is not None:
        count = count.where(VendorListEntry.department_id == department_id)
        page = page.where(VendorListEntry.department_id == department_id)
    with Session(engine) as session:
        return session.execute(count).scalar_one(), list(session.exec(page))
