"""Small shared pieces: user text as plain Text, duty marks, labelled form rows."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.widget import Widget
from textual.widgets import Label

from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text

MARK_STYLE = {
    "overdue": "bold red",
    "due_soon": "yellow",
    "done": "green",
    "due": "",
    "paused": "dim",
    "not_applicable": "dim",
}


def plain(value: object, width: int | None = None, style: str = "") -> Text:
    """User text shown literally: never parsed as markup; control and bidi characters removed
    (an escape sequence in a name cannot reach the terminal); truncated to ``width`` cells."""
    text = Text(
        clean_text(str(value if value is not None else "")),
        style=style,
        no_wrap=width is not None,
        overflow="ellipsis",
    )
    if width is not None and cell_len(text.plain) > width:
        text.truncate(width, overflow="ellipsis")
    return text


def error_text(err: BaseException | str, prefix: str = "! ") -> Text:
    """An error's sentence as plain text: never markup, control characters removed (its
    placeholders may carry what the teacher typed: a phone, a file name)."""
    return Text(prefix + clean_text(str(err), multiline=True))


def mark_text(status: str, days_left: int | None) -> Text:
    """A duty mark in words and a symbol (colour is never the only signal)."""
    n = abs(days_left) if days_left is not None else 0
    if status == "overdue":
        label = t("mark.overdue", n=n)
    elif status == "due_soon":
        label = t("mark.due_today") if n == 0 else t("mark.due_soon", n=n)
    elif status == "due":
        label = t("mark.due", n=n)
    elif status == "done":
        label = t("mark.done")
    elif status == "paused":
        label = t("mark.paused")
    else:
        label = "—"
    return Text(label, style=MARK_STYLE.get(status, ""))


def others_text(mark) -> Text:
    """The most urgent of the duties without a column of their own, with how many share it."""
    if mark is None:
        return Text("—", style="dim")
    key = {
        "overdue": "mark.others_overdue",
        "due_soon": "mark.others_due_soon",
        "due": "mark.others_due",
    }.get(mark.status)
    if key is None:
        return mark_text(mark.status, mark.days_left)
    return Text(t(key, n=mark.count), style=MARK_STYLE.get(mark.status, ""))


def mark_pressed(radio_set, labels: dict[str, str]) -> None:
    """Put ✓ before the chosen radio button's label (the dot differs only by colour)."""
    pressed = radio_set.pressed_button
    for button in radio_set.query("RadioButton"):
        text = labels.get(button.id or "", "")
        button.label = ("✓ " if button is pressed else "  ") + text


class FormScroll(VerticalScroll, can_focus=False):
    """A form's scrolling body: not a tab stop of its own (tab goes field to field; a focused
    field scrolls itself into view)."""


def field_row(label_key: str, widget: Widget, required: bool = False) -> Horizontal:
    label = t(label_key) + (" *" if required else "")
    return Horizontal(
        Label(label, classes="field-label", markup=False), widget, classes="field-row"
    )


def fill_table(table, columns: list[tuple[str, str]], rows: list[tuple[str, list[Text]]]) -> None:
    """Replace a DataTable's columns and rows, with column widths measured in terminal cells
    (CJK characters are two) so the layout is settled at once, not on the next idle."""
    widths = [cell_len(label) for _key, label in columns]
    for _row_key, cells in rows:
        for i, cell in enumerate(cells):
            widths[i] = max(widths[i], cell_len(cell.plain))
    table.clear(columns=True)
    for (key, label), width in zip(columns, widths):
        table.add_column(label, width=width, key=key)
    for row_key, cells in rows:
        table.add_row(*cells, key=row_key)
