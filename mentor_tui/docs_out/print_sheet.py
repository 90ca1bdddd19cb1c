"""Print-ready workbooks (issue 19 item 8): the teacher's ledger and the school's sheets (台账,
考核, the county statistics) come out of the printer as tables, not as 27 pages of unsized
columns.

Every sheet gets: a title row and a date line above the header; column widths sized to their
content (a Chinese character counts two); the header bold, wrapped, shaded and repeated on every
printed page; panes frozen below the header and after the first column; landscape A4, fitted to
one page wide, grid lines printed; page numbers in the footer.

Cells: text is always stored as text (never a formula, whatever it starts with), without the
characters XML cannot hold, cut at Excel's 32,767; dates as dates. The workbook is built in
memory by XlsxWriter (``in_memory``) and never spills to a temporary file (openpyxl's writer
would: each sheet's XML goes through a file in the temp folder, children's names included, and
a kill -9 leaves it there: issue 13).
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
    from xlsxwriter.workbook import Workbook
    from xlsxwriter.worksheet import Worksheet

MAX_CELL = 32_767
MIN_WIDTH, MAX_WIDTH = 6.0, 40.0
TITLE_ROW, DATE_ROW, HEADER_ROW = 1, 2, 3
_ILLEGAL = re.compile("[\x00-\x08\x0b-\x1f\x7f]")
_BAD_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", "_"))
# Nothing a teacher typed is ever taken for a formula, a link or a number.
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "strings_to_numbers": False,
}


@dataclass(frozen=True)
class Book:
    """A workbook to print: each sheet under ``title`` and the ``subtitle`` line (the date the
    sheet was made, the school, the term)."""

    title: str
    subtitle: str
    sheets: Sequence[Sheet]
    footer: str = "&C&P / &N"  # page / pages, centred


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


def sheet_name(name: str, taken: set[str]) -> str:
    """A sheet name Excel takes: no []:*?/\\, at most 31 characters, unique in the book."""
    base = name.translate(_BAD_SHEET_CHARS).strip("'")[:31] or "Sheet"
    out, n = base, 1
    while out.lower() in taken:
        n += 1
        out = f"{base[: 31 - len(str(n)) - 1]}~{n}"
    taken.add(out.lower())
    return out


def _sheet(wb: Workbook, sheet: Sheet, book: Book, taken: set[str], fmt: dict[str, Any]) -> None:
    ws = wb.add_worksheet(sheet_name(sheet.name, taken))
    ncols = max(1, len(sheet.headers))
    title, subtitle = text(book.title), text(book.subtitle)
    if ncols > 1:  # rows and columns count from 0 here (TITLE_ROW etc. are Excel's, from 1)
        ws.merge_range(TITLE_ROW - 1, 0, TITLE_ROW - 1, ncols - 1, title, fmt["title"])
        ws.merge_range(DATE_ROW - 1, 0, DATE_ROW - 1, ncols - 1, subtitle, fmt["plain"])
    else:
        ws.write_string(TITLE_ROW - 1, 0, title, fmt["title"])
        ws.write_string(DATE_ROW - 1, 0, subtitle)
    for j, header in enumerate(sheet.headers):
        ws.write_string(HEADER_ROW - 1, j, text(str(header)), fmt["header"])
    for i, row in enumerate(sheet.rows, start=HEADER_ROW):
        for j, value in enumerate(row):
            _put(ws, i, j, value, fmt)
    for j, width in enumerate(widths(sheet)):
        ws.set_column(j, j, width)
    ws.freeze_panes(HEADER_ROW, 1 if ncols > 1 else 0)
    ws.repeat_rows(HEADER_ROW - 1)
    ws.set_landscape()
    ws.set_paper(9)  # A4
    ws.fit_to_pages(1, 0)  # one page wide, as many pages tall as it takes
    ws.center_horizontally()
    ws.hide_gridlines(0)  # the table's lines on paper (cheaper than a border a cell)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.set_footer(book.footer)


def _put(ws: Worksheet, row: int, col: int, value: object, fmt: dict[str, Any]) -> None:
    if isinstance(value, str):
        if value:
            ws.write_string(row, col, text(value))  # never a formula
    elif isinstance(value, dt.date):
        ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), fmt["date"])
    elif isinstance(value, bool | int | float):
        ws.write_number(row, col, value)
    elif value is not None:
        ws.write_string(row, col, text(str(value)))


def render(book: Book, progress: Progress | None = None) -> bytes:
    """The workbook's bytes, built in memory (``progress(done, total)`` after each sheet)."""
    from xlsxwriter import Workbook

    buf = io.BytesIO()
    wb = Workbook(buf, OPTIONS)
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "plain": wb.add_format({}),
        "header": wb.add_format(
            {
                "bold": True,
                "text_wrap": True,
                "valign": "vcenter",
                "bg_color": "#DDDDDD",
                "border": 1,
                "border_color": "#999999",
            }
        ),
        "date": wb.add_format({"num_format": "yyyy-mm-dd"}),
    }
    taken: set[str] = set()
    for i, sheet in enumerate(book.sheets):
        _sheet(wb, sheet, book, taken, fmt)
        if progress:
            progress(i + 1, len(book.sheets))
    wb.close()
    return buf.getvalue()
