"""The term diary as one self-contained HTML page with a print stylesheet (A4, a page per child).

Every user string goes through :func:`html.escape` (quotes too), so a name like
``<script>`` or ``" onload=`` is shown literally. No scripts, no external resources.
"""

from __future__ import annotations

from html import escape as _esc

from mentor_tui.core.diary_model import ContactCard, Diary, EntryBlock, Item
from mentor_tui.docs_out.progress import Progress

STYLE = """
body { font-family: "Songti SC", SimSun, "Noto Serif CJK SC", serif; font-size: 11pt;
       line-height: 1.5; max-width: 190mm; margin: 1em auto; color: #000; }
h1, h2, h3, h4 { font-family: "Heiti SC", SimHei, "Noto Sans CJK SC", sans-serif; }
h1 { font-size: 20pt; text-align: center; margin-top: 3em; }
.subtitle { text-align: center; font-size: 13pt; }
.cover { margin: 3em auto; border-collapse: collapse; }
table { border-collapse: collapse; margin: .5em 0; }
th, td { border: 1px solid #444; padding: 2px 6px; vertical-align: top; text-align: left; }
th { background: #eee; }
td.num { text-align: center; }
dl.items { display: grid; grid-template-columns: max-content 1fr; gap: 0 1em; margin: .3em 0; }
dl.items dt { font-weight: bold; } dl.items dd { margin: 0; white-space: pre-wrap; }
.note { font-size: 9pt; color: #333; border-left: 3px solid #999; padding-left: .5em; }
.entry { margin: .6em 0; break-inside: avoid; page-break-inside: avoid; }
.entry h4 { margin: .2em 0; font-size: 11pt; }
.card { border: 1px solid #000; padding: 4mm; margin: 4mm 0; break-inside: avoid;
        page-break-inside: avoid; }
.card h3 { margin-top: 0; }
@page { size: A4; margin: 20mm 18mm; }
@media print {
  body { max-width: none; margin: 0; }
  .page { break-before: page; page-break-before: always; }
  th { background: none; }
}
"""


def esc(text: object) -> str:
    return _esc(str(text), quote=True)


def page(lang: str, title: str, body: list[str], extra_style: str = "") -> str:
    html_lang = "zh-CN" if lang == "zh" else "en"
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{html_lang}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}{extra_style}</style>\n</head>\n"
        "<body>\n" + "\n".join(body) + "\n</body>\n</html>\n"
    )


def items(its: list[Item]) -> str:
    if not its:
        return ""
    rows = "".join(f"<dt>{esc(i.label)}</dt><dd>{esc(i.value)}</dd>" for i in its)
    return f'<dl class="items">{rows}</dl>'


def table(headers: list[str], rows: list[list[str]], cls: str = "") -> str:
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
    klass = f' class="{cls}"' if cls else ""
    return f"<table{klass}><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def card_html(card: ContactCard, heading_tag: str = "h3", title: str | None = None) -> str:
    parts = [
        f'<div class="card"><{heading_tag}>{esc(title or card.title)}</{heading_tag}>',
        items(card.items),
    ]
    for c in card.contacts:
        parts.append(f"<h4>{esc(c.title)}</h4>{items(c.items)}")
    parts.append("</div>")
    return "".join(parts)


def _entry(b: EntryBlock) -> str:
    return f'<div class="entry"><h4>{esc(b.heading)}</h4>{items(b.items)}</div>'


def render_diary(d: Diary, progress: Progress | None = None) -> str:
    body = [
        f"<h1>{esc(d.title)}</h1>",
        f'<p class="subtitle">{esc(d.subtitle)}</p>',
        '<table class="cover"><tbody>'
        + "".join(f"<tr><th>{esc(i.label)}</th><td>{esc(i.value)}</td></tr>" for i in d.cover)
        + "</tbody></table>",
    ]
    body += [f'<p class="note">{esc(n)}</p>' for n in d.notes]
    body += [
        f'<section class="page summary"><h2>{esc(d.summary_title)}</h2>',
        f'<p class="note">{esc(d.summary_note)}</p>',
        table(d.summary_headers, [r.cells for r in d.summary_rows], "summary"),
        "</section>",
    ]
    for i, s in enumerate(d.sections):
        body.append(f'<section class="page child"><h2>{esc(s.heading)}</h2>')
        body.append(card_html(s.card, "h3", d.labels["card"]))
        for key, blocks in (("plan", s.plan), ("entries", s.entries), ("summary", s.summary)):
            body.append(f'<h3 class="{key}">{esc(d.labels[key])}</h3>')
            if not blocks:
                body.append(f"<p>{esc(d.labels['none'])}</p>")
            body.extend(_entry(b) for b in blocks)
        body.append("</section>")
        if progress:
            progress(i + 1, len(d.sections))
    return page(d.lang, d.title, body)
