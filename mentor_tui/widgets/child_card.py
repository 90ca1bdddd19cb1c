"""The contact card of a child's file: every field of the child and of each contact, as plain
text in a two-column grid (labels through i18n, values never parsed as markup)."""

from __future__ import annotations

import datetime as dt

from rich.console import Group
from rich.table import Table
from rich.text import Text

from mentor_tui.core.dates import format_date
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.idcard import mask as mask_id
from mentor_tui.widgets.common import mark_text, plain

CHILD_FIELDS = (
    "gender",
    "birth_date",
    "class_name",
    "grade",
    "school",
    "boarding",
    "home_phone",
    "home_address",
    "health_notes",
    "interests",
    "personality",
    "study_notes",
    "psych_notes",
    "categories",
    "study_buddy",
    "status",
    "archived_reason",
    "archived_on",
    "consent_date",
    "consent_how",
    "added_on",
)
CONTACT_FIELDS = (
    "relationship",
    "phones",
    "wechat",
    "work_city",
    "employer",
    "address",
    "occupation",
    "best_time",
    "is_primary",
    "reachability",
)


def show_value(field: str, value: object) -> Text:
    lang = get_language()
    if value in (None, "", [], {}):
        return Text("—", style="dim")
    if isinstance(value, dt.date):
        return Text(format_date(value, lang))
    if isinstance(value, bool):
        return Text(t("yes") if value else t("no"))
    if field == "gender":
        return Text(t(f"gender.{value}"))
    if field == "status":
        return Text(t(f"status.{value}"))
    if field == "categories":
        return Text("、".join(t(f"category.{c}") for c in value))
    if field == "phones":
        return plain(" / ".join(value))
    return plain(value)


def _grid(pairs: list[tuple[str, Text]], per_row: int = 2) -> Table:
    """Label and value pairs, ``per_row`` of them on a line (one on a narrow terminal)."""
    grid = Table.grid(padding=(0, 1), expand=True)
    for _ in range(per_row):
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column(ratio=1)
    for i in range(0, len(pairs), per_row):
        row: list = []
        for label, value in pairs[i : i + per_row]:
            row += [Text(label), value]
        grid.add_row(*row)
    return grid


def child_card(child, contacts: list, wide: bool = True) -> Group:
    """Every field of the child and of each contact: two pairs a line, or one when not
    ``wide``."""
    per_row = 2 if wide else 1
    pairs = [(t(f"child.{f}"), show_value(f, getattr(child, f))) for f in CHILD_FIELDS]
    if getattr(child, "id_number", ""):  # sensitive: masked, and only when there is one
        pairs.insert(2, (t("child.id_number"), plain(mask_id(child.id_number))))
    parts: list = [_grid(pairs, per_row)]
    for c in contacts:
        head = Text(t("label.colon", label=t("role." + c.role)), style="bold underline")
        head.append(plain(c.name))
        parts.append(Text(""))
        parts.append(head)
        parts.append(
            _grid(
                [(t(f"contact.{f}"), show_value(f, getattr(c, f))) for f in CONTACT_FIELDS],
                per_row,
            )
        )
    return Group(*parts)


def short_label(duty_id: str, label: str) -> str:
    """A duty's short label (its kind's column label on the dashboard, ``col.duty.<id>``)
    when it has one, else ``label``."""
    key = f"col.duty.{duty_id}"
    short = t(key)
    return label if short == key else short


def duty_line(marks, done: int | None = None, required: int | None = None) -> Text:
    """This term's duties: each one's mark and done/required so far, the total first."""
    line = Text()
    if required:
        line.append(t("child.term_done", done=done or 0, required=required) + "  ", style="bold")
    for i, m in enumerate(marks):
        if i:
            line.append(" · ")
        line.append(short_label(m.duty_id, m.label) + " ")
        line.append_text(mark_text(m.status, m.days_left))
        if m.required_term:
            line.append(f" {m.done_term}/{m.required_term}", style="dim")
    return line
