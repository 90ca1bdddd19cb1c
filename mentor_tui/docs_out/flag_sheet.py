"""The flag report sheet (``mentor flag export``) in Markdown and Word, built from the blocks
that ``commands.flags.sheet`` gathers: ``[(kind, value)]`` with kinds h1, h2, p, kv, list, id.

Shares the diary's Markdown escaping, its A4 document with Chinese fonts and its in-memory
Word protection (render_md.escape, render_docx.new_document / safe / protect).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from mentor_tui.docs_out.render_md import escape

# (kind, value): a text for h1, h2, p and id; (label, text) pairs for kv; texts for list
Block = tuple[str, Any]


def _md(text: object) -> str:
    return "  \n".join((escape(str(text)) or "").split("\n"))


def render_md(blocks: Iterable[Block]) -> str:
    out = []
    for kind, value in blocks:
        if kind == "h1":
            out.append(f"# {_md(value)}\n")
        elif kind == "h2":
            out.append(f"\n## {_md(value)}\n")
        elif kind == "p":
            out.append(f"{_md(value)}\n")
        elif kind == "kv":
            out.extend(f"- **{_md(k)}**: {_md(v)}" for k, v in value)
            out.append("")
        elif kind == "list":
            out.extend(f"- {_md(x)}" for x in value)
    return "\n".join(out).rstrip() + "\n"


def render_docx(blocks: Iterable[Block], password: str | None, lang: str = "zh") -> bytes:
    """A Word document in memory; with ``password`` it is encrypted before it is returned, so
    the plain document never touches the disk."""
    from mentor_tui.docs_out.render_docx import new_document, protect, safe, to_bytes

    doc = new_document(lang)
    for kind, value in blocks:
        if kind == "h1":
            doc.add_heading(safe(value), level=1)
        elif kind == "h2":
            doc.add_heading(safe(value), level=2)
        elif kind == "p":
            doc.add_paragraph(safe(value))
        elif kind == "kv":
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for k, v in value:
                row = table.add_row().cells
                row[0].text, row[1].text = safe(k), safe(v)
        elif kind == "list":
            for x in value:
                doc.add_paragraph(safe(x), style="List Bullet")
    data = to_bytes(doc)
    return data if password is None else protect(data, password)
