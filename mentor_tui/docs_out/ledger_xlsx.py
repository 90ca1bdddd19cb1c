"""The ledger as an Excel workbook, print-ready (docs_out/print_sheet.py: title and date line,
sized columns, frozen header, landscape, one page wide), built in memory.

Every text cell is written as a string cell, never as a formula, whatever it starts with;
characters XML cannot hold are dropped and cells are cut at Excel's 32,767.
"""

from __future__ import annotations

from mentor_tui.core.i18n import t
from mentor_tui.docs_out import print_sheet
from mentor_tui.docs_out.ledger_model import Ledger
from mentor_tui.docs_out.progress import Progress

MAX_CELL = print_sheet.MAX_CELL


def render(ledger: Ledger, progress: Progress | None = None) -> bytes:
    made = ledger.made_on.isoformat() if ledger.made_on else ""
    book = print_sheet.Book(
        ledger.title,
        t("docs.print.made_on", lang=ledger.lang, date=made) if made else "",
        [ledger.children, *ledger.months],
    )
    return print_sheet.render(book, progress)
