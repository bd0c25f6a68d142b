"""Answer a table as a download: CSV that Excel opens in Hindi, or an XLSX workbook."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_download(header: Sequence[str], rows: Iterable[Sequence[Any]], *, fmt: str, file_name: str, sheet: str, width: int | None = None) -> Response:
    """Return a header and rows as a CSV (with a BOM, so Excel reads Hindi right) or XLSX attachment named `file_name`.`fmt`."""
    disposition = {"Content-Disposition": f'attachment; filename="{file_name}.{fmt}"'}
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(header)
        writer.writerows(rows)
        return Response("\ufeff" + buffer.getvalue(), media_type="text/csv; charset=utf-8", headers=disposition)
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=width is None)
    table = book.create_sheet(sheet[:31]) if width is None else book.active
    if width is not None:
        table.title = sheet[:31]
        for column in range(1, len(header) + 1):
            table.column_dimensions[get_column_letter(column)].width = width
    table.append(list(header))
    for row in rows:
        table.append(list(row))
    data = io.BytesIO()
    book.save(data)
    return Response(data.getvalue(), media_type=XLSX, headers=disposition)
