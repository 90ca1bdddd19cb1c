"""The ledger as CSV for Excel on Chinese Windows: UTF-8 with a BOM, CRLF line ends, and every
text cell that a spreadsheet would run as a formula neutralised.

CSV has no sheets, so the ledger is two files: the children (one row per child) and the monthly
duties (one row per child per month, the month in the first column).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence

from mentor_tui.docs_out.ledger_model import Ledger, Sheet

# OWASP "CSV injection": a leading = + - @ (or tab / carriage return, which some spreadsheets
# skip before looking) starts a formula. A leading apostrophe makes the cell text. The check runs
# on the text as written (control characters already removed, so "\x07=1" cannot hide a formula)
# and again after leading whitespace, which some spreadsheets also skip.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
_LEADING_SPACE = " \t\r\n\u3000\u00a0"
MAX_CELL = 32_767  # Excel's limit per cell


def _control_free(text: str) -> str:
    return "".join(ch for ch in text if ch in "\n\t" or not (ord(ch) < 32 or ord(ch) == 127))


def neutralise(value: object) -> str:
    """A cell's text, safe to open in a spreadsheet."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = _control_free(str(value))
    if text.startswith(FORMULA_START) or text.lstrip(_LEADING_SPACE).startswith(FORMULA_START):
        text = "'" + text
    return text if len(text) <= MAX_CELL else text[: MAX_CELL - 1] + "…"


def render_rows(headers: Sequence[object], rows: Iterable[Sequence[object]]) -> bytes:
    buf = io.StringIO(newline="")
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow([neutralise(h) for h in headers])
    for r in rows:
        w.writerow([neutralise(c) for c in r])
    return buf.getvalue().encode("utf-8-sig")


def render_children(ledger: Ledger) -> bytes:
    return render_rows(ledger.children.headers, ledger.children.rows)


def render_months(ledger: Ledger, month_header: str) -> bytes:
    """All month sheets in one table: month, then the sheet's columns."""
    sheets: list[Sheet] = ledger.months
    if not sheets:
        return render_rows([month_header], [])
    headers = [month_header] + sheets[0].headers
    rows = [[s.name, *r] for s in sheets for r in s.rows]
    return render_rows(headers, rows)
