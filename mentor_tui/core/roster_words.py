"""The roster preview in words, the same for the command line and the TUI: each row's status
and what it changes, the summary, the mapping of each sheet's columns. Pure."""

from __future__ import annotations

from collections.abc import Mapping

from mentor_tui.core import roster as core
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.roster_fields import IGNORE
from mentor_tui.core.roster_header import CHOSEN, REMEMBERED, Column, Layout, letters

MARKS = {core.NEW: "✓", core.UPDATE: "↻", core.SAME: "=", core.CHOOSE: "?", core.ERROR: "✗"}
SEP = {"zh": "；", "en": "; "}


def _sep(lang: str | None) -> str:
    """The list separator of ``lang`` (the current language when None): "；" or "; "."""
    return SEP.get(lang or get_language(), "；")


def field_label(field: str, lang: str | None = None) -> str:
    return t(f"roster.field.{field or 'ignore'}", lang=lang)


def change_text(change: core.Change, lang: str | None = None) -> str:
    """ "班级 三年级一班 → 三年级二班", "父亲电话 + 13900002222", "母亲（新联系人） 张秀英"."""
    if "." in change.what:
        role, part = change.what.split(".", 1)
        what = t(
            "roster.change.contact",
            lang=lang,
            role=t(f"role.{role}", lang=lang),
            field=t(f"roster.contact.{part}", lang=lang),
        )
    else:
        what = field_label(change.what, lang)
    if change.what == "categories":  # ids, joined: shown as their labels
        change = core.Change(
            change.what, _categories(change.old, lang), _categories(change.new, lang)
        )
    if not change.old:
        return t("roster.change.added", lang=lang, what=what, new=change.new)
    return t("roster.change.item", lang=lang, what=what, old=change.old, new=change.new)


def _categories(ids: str, lang: str | None) -> str:
    return "、".join(t(f"category.{c}", lang=lang) for c in ids.split("、") if c)


def status_line(
    row: core.RosterRow, lang: str | None = None, names: Mapping[str, str] | None = None
) -> str:
    """The row's status as one line: its mark, what importing it does, its warnings or
    errors (a ⚠ before each warning)."""
    status = row.status
    sep = _sep(lang)
    reason = t(f"roster.dup.{row.match.rule}", lang=lang) if row.match and row.match.rule else ""
    if status == core.ERROR:
        return f"{MARKS[status]} " + sep.join(
            m for (key, _kw), m in zip(row.problems, row.messages(lang)) if not core.is_warning(key)
        )
    if status == core.CHOOSE:
        who = (
            "、".join((names or {}).get(c, c[:8]) for c in row.match.candidates)
            if row.match
            else ""
        )
        text = t("roster.match.choose", lang=lang, names=who, reason=reason)
    elif status == core.UPDATE:
        changes = sep.join(change_text(c, lang) for c in row.changes)
        text = t("roster.match.update", lang=lang, reason=reason, changes=changes)
    elif status == core.SAME:
        text = t("roster.match.same", lang=lang, reason=reason)
    else:
        text = t("roster.status.new", lang=lang)
    if row.match is not None and row.match.needs_choice and row.choice is not None:
        chosen = (
            t("roster.match.chosen_new", lang=lang)
            if row.choice == core.CHOSEN_NEW
            else t("roster.match.chosen", lang=lang, name=(names or {}).get(row.choice, ""))
        )
        text = f"{text}{sep}{chosen}"
    warnings = [
        t("roster.warn_mark", lang=lang) + m
        for (key, _kw), m in zip(row.problems, row.messages(lang))
        if core.is_warning(key)
    ]
    return sep.join([f"{MARKS[status]} {text}", *warnings])


def summary(roster: core.Roster, lang: str | None = None) -> list[str]:
    """One or two lines: rows that import, with warnings, with errors; then, when some rows
    are children of her list, the updates, the unchanged and the choices."""
    ok = len(roster.good)
    warned = len(roster.warned)
    bad = roster.count(core.ERROR)
    lines = [t("roster.summary", lang=lang, total=len(roster.rows), ok=ok, warned=warned, bad=bad)]
    update, same, choose = (roster.count(s) for s in (core.UPDATE, core.SAME, core.CHOOSE))
    if update or same or choose:
        lines.append(t("roster.summary_match", lang=lang, update=update, same=same, choose=choose))
    return lines


def column_line(c: Column, lang: str | None = None) -> str:
    """ "D列 出生年月 → 出生日期（你指定的） 例：2016-03-04、2015/11/20"."""
    line = t(
        "roster.map.line",
        lang=lang,
        col=letters(c.index),
        header=c.header or "—",
        field=field_label(c.field or IGNORE, lang),
    )
    if c.how == CHOSEN:
        line += t("roster.map.chosen", lang=lang)
    elif c.how == REMEMBERED:
        line += t("roster.map.remembered", lang=lang)
    if c.samples:
        line += "  " + t("roster.map.samples", lang=lang, samples=" | ".join(c.samples))
    elif not c.has_data:
        line += "  " + t("roster.map.no_data", lang=lang)
    if c.question:
        line += "  ⚠ " + t(c.question, lang=lang)
    return line


def mapping_lines(lay: Layout, lang: str | None = None) -> list[str]:
    rows = "、".join(str(r + 1) for r in lay.header_rows)
    out = [t("roster.map.title", lang=lang, sheet=lay.sheet, rows=rows, n=lay.row_count)]
    out += ["  " + column_line(c, lang) for c in lay.columns if not c.sequence]
    unmapped = lay.unmapped_with_data()
    if unmapped:
        names = "、".join(c.header or letters(c.index) for c in unmapped)
        out.append("⚠ " + t("roster.map.unmapped_data", lang=lang, names=names))
    return out
