"""The ledger as an Excel workbook (openpyxl, write-only mode: fast for 2,000 children).

Every text cell is written as a string cell (``inlineStr``), never as a formula, whatever it
starts with; characters XML cannot hold are dropped and cells are cut at Excel's 32,767.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from typing import TYPE_CHECKING

from mentor_tui.docs_out.ledger_model import Ledger, Sheet
from mentor_tui.docs_out.progress import Progress

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_CELL = 32_767
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


def _text(value: str) -> str:
    text = _ILLEGAL.sub("", value)
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def _width(sheet: Sheet, col: int) -> float:
    longest = len(str(sheet.headers[col]))
    for r in sheet.rows[:200]:
        v = r[col]
        longest = max(longest, 10 if isinstance(v, dt.date) else len(str(v or "")))
    return min(max(6, longest * 1.8 + 2), 60)


def _write_sheet(wb: Workbook, sheet: Sheet, progress: Progress | None = None) -> None:
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet.name.translate(_BAD_SHEET_CHARS)[:31])
    ws.freeze_panes = "B2"
    for i in range(len(sheet.headers)):
        ws.column_dimensions[get_column_letter(i + 1)].width = _width(sheet, i)
    bold = Font(bold=True)
    head = []
    for h in sheet.headers:
        c = WriteOnlyCell(ws, value=_text(str(h)))
        c.data_type = "s"
        c.font = bold
        head.append(c)
    ws.append(head)
    for r in sheet.rows:
        out = []
        for v in r:
            if isinstance(v, str):
                v = _text(v)
                if v.startswith("="):  # openpyxl would store it as a formula: force text
                    c = WriteOnlyCell(ws, value=v)
                    c.data_type = "s"
                    v = c
                out.append(v)
            elif isinstance(v, dt.date):
                c = WriteOnlyCell(ws, value=v)
                c.number_format = "yyyy-mm-dd"
                out.append(c)
            else:
                out.append(v)
        ws.append(out)


def render(ledger: Ledger, progress: Progress | None = None) -> bytes:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)
    sheets = [ledger.children] + ledger.months
    for i, sheet in enumerate(sheets):
        _write_sheet(wb, sheet)
        if progress:
            progress(i + 1, len(sheets))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
