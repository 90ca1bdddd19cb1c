"""The roster template (``mentor export roster-template``): an .xlsx with the headers the
importer knows best (core.roster_fields.TEMPLATE), the ID-number, phone and date columns
formatted as text so Excel keeps every digit. openpyxl, imported here only."""

from __future__ import annotations

import io

from mentor_tui.core.roster_fields import TEMPLATE, TEXT_COLUMNS

ROWS_FORMATTED = 500  # rows below the header whose text columns are formatted as text


def render(lang: str = "zh") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "花名册" if lang == "zh" else "Roster"
    headers = [zh if lang == "zh" else en for _f, zh, en in TEMPLATE]
    ws.append(headers)
    for j, (field, _zh, _en) in enumerate(TEMPLATE, start=1):
        cell = ws.cell(row=1, column=j)
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True)
        letter = get_column_letter(j)
        ws.column_dimensions[letter].width = 22 if field in TEXT_COLUMNS else 12
        if field in TEXT_COLUMNS:
            for r in range(2, ROWS_FORMATTED + 2):
                ws.cell(row=r, column=j).number_format = "@"
    ws.freeze_panes = "B2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
