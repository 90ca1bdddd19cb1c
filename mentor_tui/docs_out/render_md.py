"""The term diary as Markdown that also reads well as plain text.

Every user string is escaped so it cannot inject markup: inline punctuation that Markdown
treats specially is backslash-escaped, block markers at the start of a line (``#``, ``>``,
``-``, ``+``, ``=``, ``1.``) too, and table cells keep to one line with ``|`` escaped.
"""

from __future__ import annotations

import re

from mentor_tui.core.diary_model import Diary, EntryBlock, Item
from mentor_tui.docs_out.progress import Progress

_INLINE = re.compile(r"([\\`*_\[\]<>|&~])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])")


def escape(text: str) -> str:
    """Escape user text for Markdown; newlines are kept (each line escaped on its own)."""
    lines = []
    for line in str(text).replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = _INLINE.sub(r"\\\1", line)
        m = _LINE_START.match(line)
        if m:
            marker = m.group(2)
            esc = marker[:-1] + "\\" + marker[-1] if len(marker) > 1 else "\\" + marker
            line = m.group(1) + esc + line[m.end() :]
        lines.append(line)
    return "\n".join(lines)


def cell(text: str) -> str:
    """A table cell: one line, escaped."""
    one = " / ".join(part.strip() for part in str(text).splitlines() if part.strip())
    return escape(one) or " "


def sep(lang: str) -> str:
    return "：" if lang == "zh" else ": "


def _items(items: list[Item], out: list[str], lang: str, indent: str = "") -> None:
    for it in items:
        value = escape(it.value).replace("\n", "\n  " + indent)
        out.append(f"{indent}- {escape(it.label)}{sep(lang)}{value}")


def _entry(b: EntryBlock, out: list[str], lang: str) -> None:
    out.append(f"#### {escape(b.heading)}")
    out.append("")
    _items(b.items, out, lang)
    if b.items:
        out.append("")


def _table(headers: list[str], rows: list[list[str]], out: list[str]) -> None:
    out.append("| " + " | ".join(cell(h) for h in headers) + " |")
    out.append("|" + "|".join(" --- " for _ in headers) + "|")
    for r in rows:
        out.append("| " + " | ".join(cell(c) for c in r) + " |")
    out.append("")


def render_diary(d: Diary, progress: Progress | None = None) -> str:
    out: list[str] = [f"# {escape(d.title)}", "", escape(d.subtitle), ""]
    _items(d.cover, out, d.lang)
    out.append("")
    for note in d.notes:
        out.append(f"> {escape(note)}")
    out += ["", f"## {escape(d.summary_title)}", "", escape(d.summary_note), ""]
    _table(d.summary_headers, [r.cells for r in d.summary_rows], out)
    for i, s in enumerate(d.sections):
        out += ["---", "", f"## {escape(s.heading)}", ""]
        out += [f"### {escape(d.labels['card'])}", ""]
        _items(s.card.items, out, d.lang)
        for c in s.card.contacts:
            out.append(f"- **{escape(c.title)}**")
            _items(c.items, out, d.lang, indent="  ")
        out.append("")
        for key, blocks in (("plan", s.plan), ("entries", s.entries), ("summary", s.summary)):
            out += [f"### {escape(d.labels[key])}", ""]
            if not blocks:
                out += [escape(d.labels["none"]), ""]
            for b in blocks:
                _entry(b, out, d.lang)
        if progress:
            progress(i + 1, len(d.sections))
    return "\n".join(out).rstrip("\n") + "\n"
