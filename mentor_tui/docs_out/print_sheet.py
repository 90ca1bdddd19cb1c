"""Print-ready workbooks (issue 19 item 8): the teacher's ledger and the school's sheets (台账,
考核, the county statistics) come out of the printer as tables, not as 27 pages of unsized
columns.

Every sheet gets: a title row and a date line above the header; column widths sized to their
content (a Chinese character counts two); the header bold, wrapped, shaded and repeated on every
printed page; panes frozen below the header and after the first column; landscape A4, fitted to
one page wide, grid lines printed; page numbers in the footer.

Cells: text is always stored as text (never a formula, whatever it starts with), without the
characters XML cannot hold, cut at Excel's 32,767; dates as dates. The workbook is built in
memory and never spills to a temporary file (openpyxl's own writer would: each sheet's XML
goes through a file in the temp folder, children's names included).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from mentor_tui.docs_out.ledger_model import Sheet
from mentor_tui.docs_out.progress import Progress

if TYPE_CHECKING:
    from openpyxl import Workbook

MAX_CELL = 32_767
MIN_WIDTH, MAX_WIDTH = 6.0, 40.0
TITLE_ROW, DATE_ROW, HEADER_ROW = 1, 2, 3
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))


@dataclass(frozen=True)
class Book:
    """A workbook to print: each sheet under ``title`` and the ``subtitle`` line (the date the
    sheet was made, the school, the term)."""

    title: str
    subtitle: str
    sheets: Sequence[Sheet]
    footer: str = "&P / &N"  # page / pages


def text(value: str) -> str:
    cleaned = _ILLEGAL.sub("", value)
    return cleaned if len(cleaned) <= MAX_CELL else cleaned[: MAX_CELL - 1] + "…"


def cells(value: object) -> int:
    """Display width of a value in a column: a Chinese character counts two."""
    if isinstance(value, dt.date):
        return 10
    s = "" if value is None else str(value)
    longest = max((len(line) for line in s.splitlines()), default=0)
    if longest > 80:
        return 80
    return max(
        (
            sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in line)
            for line in s.splitlines()
        ),
        default=0,
    )


def widths(sheet: Sheet) -> list[float]:
    """Each column's width: its longest value among the first rows, the header wrapped onto
    two lines at most, within [MIN_WIDTH, MAX_WIDTH]."""
    out = []
    for col, header in enumerate(sheet.headers):
        longest = max((cells(r[col]) for r in sheet.rows[:300] if col < len(r)), default=0)
        head = (cells(header) + 1) // 2 + 1
        out.append(min(max(MIN_WIDTH, max(longest, head) * 1.1 + 2), MAX_WIDTH))
    return out


def _sheet(wb: Workbook, sheet: Sheet, book: Book) -> None:
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    ws = wb.create_sheet(sheet.name.translate(_BAD_SHEET_CHARS)[:31] or "Sheet")
    ncols = max(1, len(sheet.headers))
    ws.cell(row=TITLE_ROW, column=1, value=text(book.title)).font = Font(bold=True, size=14)
    ws.cell(row=DATE_ROW, column=1, value=text(book.subtitle))
    if ncols > 1:
        ws.merge_cells(start_row=TITLE_ROW, start_column=1, end_row=TITLE_ROW, end_column=ncols)
        ws.merge_cells(start_row=DATE_ROW, start_column=1, end_row=DATE_ROW, end_column=ncols)
    thin = Side(style="thin", color="999999")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    shade = PatternFill("solid", fgColor="DDDDDD")
    wrap = Alignment(wrap_text=True, vertical="center")
    for j, header in enumerate(sheet.headers, start=1):
        c = ws.cell(row=HEADER_ROW, column=j, value=text(str(header)))
        c.data_type = "s"
        c.font, c.fill, c.alignment, c.border = Font(bold=True), shade, wrap, border
    for i, row in enumerate(sheet.rows, start=HEADER_ROW + 1):
        for j, value in enumerate(row, start=1):
            _put(ws, i, j, value)
    for j, width in enumerate(widths(sheet), start=1):
        ws.column_dimensions[get_column_letter(j)].width = width
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=2 if ncols > 1 else 1).coordinate
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_options.horizontalCentered = True
    ws.print_options.gridLines = True  # the table's lines on paper (cheaper than a border a cell)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.oddFooter.center.text = book.footer


def _put(ws: Any, row: int, col: int, value: object) -> None:
    if isinstance(value, str):
        c = ws.cell(row=row, column=col, value=text(value))
        c.data_type = "s"  # never a formula
    elif isinstance(value, dt.date):
        c = ws.cell(row=row, column=col, value=value)
        c.number_format = "yyyy-mm-dd"
    elif value is not None:
        ws.cell(row=row, column=col, value=value)


def render(book: Book, progress: Progress | None = None) -> bytes:
    """The workbook's bytes, built in memory (``progress(done, total)`` after each sheet)."""
    from zipfile import ZIP_DEFLATED, ZipFile

    from openpyxl import Workbook

    wb = Workbook()
    if wb.active is not None:
        wb.remove(wb.active)
    for i, sheet in enumerate(book.sheets):
        _sheet(wb, sheet, book)
        if progress:
            progress(i + 1, len(book.sheets))
    buf = io.BytesIO()
    with ZipFile(buf, "w", ZIP_DEFLATED, allowZip64=True) as archive:
        _memory_writer(wb, archive).write_data()
    return buf.getvalue()


def _memory_writer(wb: Workbook, archive: Any) -> Any:
    """openpyxl's ExcelWriter with each sheet's XML written to memory instead of a temp file."""
    from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
    from openpyxl.writer.excel import ExcelWriter, WorksheetWriter

    class MemoryWriter(ExcelWriter):  # type: ignore[misc]
        def write_worksheet(self, ws: Any) -> None:
            ws._drawing = SpreadsheetDrawing()
            ws._drawing.charts = ws._charts
            ws._drawing.images = ws._images
            writer = WorksheetWriter(ws, out=io.BytesIO())
            writer.write()
            ws._rels = writer._rels
            self._archive.writestr(ws.path[1:], writer.read())
            self.manifest.append(ws)

    return MemoryWriter(wb, archive)
