"""A printable sheet of contact cards (联系卡), one card per child, in Word and HTML.

The content comes from :func:`mentor_tui.core.diary_model.build_cards` (same masking and
minimum scope as the diary); the layout reuses the diary renderers' pieces. Two cards per A4
page.
"""

from __future__ import annotations

from mentor_tui.core.diary_model import CardSheet
from mentor_tui.docs_out import render_html as rh

CARD_STYLE = """
.card { min-height: 120mm; }
@media print { .card:nth-of-type(2n+1) { break-before: page; page-break-before: always; }
               .card:first-of-type { break-before: auto; page-break-before: auto; } }
"""


def render_html(sheet: CardSheet) -> str:
    body = [f"<h1>{rh.esc(sheet.title)}</h1>", f'<p class="subtitle">{rh.esc(sheet.subtitle)}</p>']
    body += [f'<p class="note">{rh.esc(n)}</p>' for n in sheet.notes]
    body += [rh.card_html(card, "h2") for card in sheet.cards]
    return rh.page(sheet.lang, sheet.title, body, CARD_STYLE)


def render_docx(sheet: CardSheet) -> bytes:
    from mentor_tui.docs_out import render_docx as rd

    doc = rd.new_document(sheet.lang)
    b = rd.Body()
    rd.cover(b, sheet.title, sheet.subtitle, [], sheet.notes)
    for i, card in enumerate(sheet.cards):
        b.card(card, card.title, 2, page_break=i % 2 == 0)
    b.into(doc)
    return rd.to_bytes(doc)
