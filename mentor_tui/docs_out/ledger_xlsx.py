"""The ledger as an Excel workbook, built in memory with XlsxWriter (``in_memory``: no
temporary file ever holds a sheet — openpyxl's writer spills every sheet to ``$TMPDIR`` in
both its modes, which a kill -9 leaves behind in plaintext; issue 13).

Every text cell is written as a string cell, never as a formula, URL or number, whatever it
starts with; characters XML cannot hold are dropped and cells are cut at Excel's 32,767.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING, Any

from mentor_tui.docs_out.ledger_model import Ledger, Sheet
from mentor_tui.docs_out.progress import Progress

if TYPE_CHECKING:
    from xlsxwriter.workbook import Workbook

MAX_CELL = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
# Nothing a teacher typed is ever taken for a formula, a link or a number.
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


def _text(value: str) -> str:
    text = _ILLEGAL.sub("", value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _width(sheet: Sheet, col: int) -> float:
    longest = len(str(sheet.headers[col]))
    for r in sheet.rows[:200]:
        v = r[col]
        longest = max(longest, 10 if isinstance(v, dt.date) else len(str(v or "")))
    return min(max(6, longest * 1.8 + 2), 60)


def _sheet_name(name: str, taken: set[str]) -> str:
    base = name.translate(_BAD_SHEET_CHARS).strip("'")[:31] or "Sheet"
    out, n = base, 1
    while out.lower() in taken:
        n += 1
        out = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(out.lower())
    return out


def _write_sheet(wb: Workbook, sheet: Sheet, taken: set[str], fmt: dict[str, Any]) -> None:
    ws = wb.add_worksheet(_sheet_name(sheet.name, taken))
    ws.freeze_panes(1, 1)
    for i in range(len(sheet.headers)):
        ws.set_column(i, i, _width(sheet, i))
    for c, h in enumerate(sheet.headers):
        ws.write_string(0, c, _text(str(h)), fmt["bold"])
    for r, row in enumerate(sheet.rows, start=1):
        for c, v in enumerate(row):
            if v is None or v == "":
                continue
            if isinstance(v, str):
                ws.write_string(r, c, _text(v))
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, dt.datetime.combine(v, dt.time()), fmt["date"])
            elif isinstance(v, bool | int | float):
                ws.write_number(r, c, v)
            else:
                ws.write_string(r, c, _text(str(v)))


def render(ledger: Ledger, progress: Progress | None = None) -> bytes:
    from xlsxwriter import Workbook

    buf = io.BytesIO()
    wb = Workbook(buf, OPTIONS)
    fmt = {
        "bold": wb.add_format({"bold": True}),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
    }
    sheets = [ledger.children] + ledger.months
    taken: set[str] = set()
    for i, sheet in enumerate(sheets):
        _write_sheet(wb, sheet, taken, fmt)
        if progress:
            progress(i + 1, len(sheets))
    wb.close()
    return buf.getvalue()
