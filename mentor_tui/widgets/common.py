"""Small shared pieces: user text as plain Text, duty marks, labelled form rows."""

from __future__ import annotations

import asyncio

from rich.cells import cell_len
from rich.text import Text
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.widgets import DataTable, Label

from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.columns import Fit, fit_widths

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


async def caught_up(widget: Widget | None, timeout: float = 1.0) -> None:
    """Wait until ``widget`` has handled every key already sent to it.

    Each widget has its own message queue behind the app's: a priority key the app handles
    at once (Enter in the wizard, F2) can overtake letters typed just before it, still queued
    for the field. An action that reads or leaves a field awaits this first, so a quick typist
    loses nothing and nothing lands in the next field too early."""
    if widget is None:
        return
    done = asyncio.get_running_loop().create_future()

    def mark() -> None:
        if not done.done():
            done.set_result(None)

    if not widget.call_later(mark):
        return
    try:
        await asyncio.wait_for(done, timeout)
    except TimeoutError:
        pass


class FormScroll(VerticalScroll, can_focus=False):
    """A form's scrolling body: not a tab stop of its own (tab goes field to field; a focused
    field scrolls itself into view)."""


def field_row(
    label_key: str, widget: Widget, required: bool = False, row_id: str | None = None
) -> Horizontal:
    """A labelled field; the row the focus is in is marked by a bar on its left (app.tcss), so
    the focused field reads without colour. ``required`` adds " *" to the label."""
    label = t(label_key) + (" *" if required else "")
    return Horizontal(
        Label(label, classes="field-label", markup=False), widget, classes="field-row", id=row_id
    )


LABEL_CAP = 16  # a field label's column at most (app.tcss .field-label)
NARROW = 70  # below this many columns the screens carry "-narrow" (MentorApp breakpoints)


def fit_labels(screen: Widget, cap: int = LABEL_CAP) -> None:
    """Size the label column of a form to its longest label (at most ``cap`` cells, one less
    on a narrow terminal): the fields get the rest, and a label wraps only when it must."""
    labels = [w for w in screen.query(".field-label") if not w.has_class("notes-label")]
    if not labels:
        return
    longest = max(cell_len(_label_text(w)) for w in labels)
    if screen.app.size.width < NARROW:
        cap -= 1
    width = min(cap, longest + 1)
    for w in labels:
        w.styles.width = width


def _label_text(widget: Widget) -> str:
    rendered = widget.render()
    return str(getattr(rendered, "plain", rendered))


def cut(cell: Text, width: int) -> Text:
    """``cell`` at most ``width`` cells wide, ending in "…" when it was longer."""
    if cell_len(cell.plain) <= width:
        return cell
    out = cell.copy()
    out.truncate(width, overflow="ellipsis")
    return out


def fill_table(
    table,
    columns: list[tuple[str, str]],
    rows: list[tuple[str, list[Text]]],
    fit: Fit | None = None,
) -> None:
    """Replace a DataTable's columns and rows, with column widths measured in terminal cells
    (CJK characters are two) so the layout is settled at once, not on the next idle. With
    ``fit`` the columns share the width there is (widgets/columns.py): full widths when they
    fit, else optional columns left out and the others shortened, names last."""
    keys = [key for key, _label in columns]
    natural = [cell_len(label) for _key, label in columns]
    for _row_key, cells in rows:
        for i, cell in enumerate(cells):
            natural[i] = max(natural[i], cell_len(cell.plain))
    widths = fit_widths(keys, natural, fit) if fit is not None else dict(zip(keys, natural))
    kept = [i for i, key in enumerate(keys) if key in widths]
    table.clear(columns=True)
    for i in kept:
        key, label = columns[i]
        table.add_column(cut(Text(label), widths[key]), width=widths[key], key=key)
    for row_key, cells in rows:
        table.add_row(*(cut(cells[i], widths[keys[i]]) for i in kept), key=row_key)


def table_width(table) -> int:
    """The cells a DataTable can show its columns in: its width less a vertical scrollbar
    (the screen's width before the first layout)."""
    width = table.size.width or table.app.size.width
    return max(width - table.styles.scrollbar_size_vertical, 10)


def row_key_under_cursor(screen: Widget, selector: str) -> str | None:
    """The key of the row under the cursor of the screen's table ``selector``; None while the
    screen recomposes, when the table is empty, or with no row under the cursor."""
    try:
        table = screen.query_one(selector, DataTable)
    except NoMatches:
        return None
    if table.row_count == 0:
        return None
    try:
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
    except Exception:  # noqa: BLE001 - no row under the cursor
        return None
