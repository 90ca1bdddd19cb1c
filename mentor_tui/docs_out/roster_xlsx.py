"""Rows of the first sheet of an .xlsx roster (openpyxl, imported here only, read-only mode;
formulas are read as their cached values, never evaluated)."""

from __future__ import annotations

import io
import zipfile

from mentor_tui.core.errors import MentorError
from mentor_tui.core.roster import HEADER_SEARCH_ROWS, MAX_BYTES, MAX_ROWS

MAX_COLUMNS = 100


def read_rows(data: bytes, name: str = "") -> list[list[object]]:
    """The first worksheet's rows as lists of cell values (str, int, float, datetime, None)."""
    if len(data) > MAX_BYTES:
        raise MentorError("err.roster_too_large", rows=MAX_ROWS, mb=MAX_BYTES // 2**20)
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise MentorError("err.roster_unreadable", path=name, detail=type(exc).__name__) from None
    try:
        ws = wb.worksheets[0]
        rows = []
        for row in ws.iter_rows(max_col=MAX_COLUMNS, values_only=True):
            rows.append(list(row))
            if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
                raise MentorError("err.roster_too_large", rows=MAX_ROWS, mb=MAX_BYTES // 2**20)
        while rows and all(v in (None, "") for v in rows[-1]):
            rows.pop()
        return rows
    finally:
        wb.close()
