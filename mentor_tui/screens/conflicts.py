"""Conflict review: the records in conflict, each side by side field by field; keep one side
(1–4) or pick per field (enter, then ←→ per field, f2 saves). Either writes one resolving
version (``db.conflicts``); the other sides stay in the record's history.

Needs ``app.vault``. Database work runs in thread workers; a MentorError shows in the status
line, anything else reaches the app's one error handler.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen, Screen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.idcard import mask as mask_id
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, plain
from mentor_tui.widgets.protocol import AppScreen, DataChanged

MAX_SIDES = 4
CELL = 28


def field_label(entity: str, name: str) -> str:
    key = f"{entity}.{name}"
    text = t(key)
    return name if text == key else text


def show_value(value: object) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list):
        return "、".join(show_value(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {show_value(v)}" for k, v in value.items())
    return str(value)


def side_header(view, i: int) -> Text:
    side = view.sides[i]
    label = t("conflict.side", n=i + 1)
    if side.deleted:
        label += " " + t("conflict.deleted_side")
    return Text(label, style="bold")


def fill_table(
    table: DataTable, view, picks: dict[str, int] | None = None, only_differing: bool = False
) -> None:
    table.clear(columns=True)
    table.add_column(t("conflict.field"), key="field")
    for i in range(min(len(view.sides), MAX_SIDES)):
        table.add_column(side_header(view, i), key=f"side{i}")
    rows = view.differing() if only_differing else view.fields
    for row in rows:
        cells = []
        for i, value in enumerate(row.values[:MAX_SIDES]):
            chosen = picks is not None and picks.get(row.name, 0) == i
            style = "reverse" if chosen else ("yellow" if row.differs else "")
            shown = mask_id(str(value)) if row.name == "id_number" and value else show_value(value)
            cells.append(plain(("▶ " if chosen else "") + shown, width=CELL, style=style))
        table.add_row(plain(field_label(view.entity, row.name), width=16), *cells, key=row.name)


class ConflictsScreen(AppScreen, Screen):
    SCOPE = "conflicts"
    BINDINGS = keys_for(SCOPE)

    class Loaded(Message):
        def __init__(self, views: list) -> None:
            super().__init__()
            self.views = views

    class Done(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.views: list = []

    def compose(self) -> ComposeResult:
        yield Static(Text(t("conflict.title"), style="bold"), id="conflicts-title")
        yield OptionList(id="conflict-list")
        yield DataTable(id="conflict-fields", cursor_type="row", zebra_stripes=True)
        yield Static("", id="conflicts-status")
        yield Static(Text(t("conflict.hint"), style="dim"), id="conflicts-hint")

    def on_mount(self) -> None:
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, group="db", exclusive=True, exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db.conflicts import list_conflicts

        self.post_message(self.Loaded(list_conflicts(self.app.vault)))

    def on_conflicts_screen_loaded(self, message: Loaded) -> None:
        self.views = message.views
        box = self.query_one("#conflict-list", OptionList)
        box.clear_options()
        for i, v in enumerate(self.views):
            label = Text(f"{t('conflict.entity.' + v.entity)} · ")
            label.append_text(plain(v.title or v.record_id[:8], width=40))
            label.append(f"  ({len(v.sides)})", style="dim")
            box.add_option(Option(label, id=str(i)))
        if self.views:
            box.highlighted = 0
            self._show(0)
            box.focus()
        else:
            self.query_one("#conflict-fields", DataTable).clear(columns=True)
            self.query_one("#conflicts-status", Static).update(Text(t("conflict.none")))

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id is not None:
            self._show(int(event.option.id))

    def _show(self, i: int) -> None:
        if 0 <= i < len(self.views):
            fill_table(self.query_one("#conflict-fields", DataTable), self.views[i])

    @property
    def current(self):
        i = self.query_one("#conflict-list", OptionList).highlighted
        return self.views[i] if i is not None and 0 <= i < len(self.views) else None

    def action_keep(self, side: int) -> None:
        view = self.current
        if view is None or side >= len(view.sides):
            return
        self._resolve(view, keep=view.sides[side].version_id, side=side)

    def action_per_field(self) -> None:
        view = self.current
        if view is not None:
            self.app.push_screen(FieldPicker(view), self._picked)

    def _picked(self, picks: dict[str, int] | None) -> None:
        view = self.current
        if picks is not None and view is not None:
            self._resolve(
                view, choices={name: view.sides[i].version_id for name, i in picks.items()}
            )

    @work(thread=True, group="db", exit_on_error=False)
    def _resolve(
        self, view, keep: str | None = None, side: int = 0, choices: dict | None = None
    ) -> None:
        from mentor_tui.db.conflicts import resolve_fields, resolve_keep

        try:
            if keep is not None:
                resolve_keep(self.app.vault, view.record_id, keep, expected=view.leaf_ids)
                text = t("conflict.kept", n=side + 1)
            else:
                resolve_fields(
                    self.app.vault, view.record_id, choices or {}, expected=view.leaf_ids
                )
                text = t("conflict.resolved")
        except MentorError as err:
            text = error_text(err, prefix="").plain
        self.post_message(self.Done(text))

    def on_conflicts_screen_done(self, message: Done) -> None:
        self.query_one("#conflicts-status", Static).update(Text(message.text))
        self.reload()
        self.tell_app(DataChanged())

    def action_back(self) -> None:
        self.app.pop_screen()


class FieldPicker(AppScreen, ModalScreen[dict | None]):
    """Per field: ↑↓ moves between the differing fields, ←→ or 1–4 picks the side,
    f2 saves (dismisses with ``{field: side index}``), escape cancels."""

    SCOPE = "field_picker"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, view) -> None:
        super().__init__()
        self.view = view
        self.picks = {row.name: 0 for row in view.differing()}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.view.title or self.view.record_id[:8]), classes="dialog-title")
            yield DataTable(id="picker-table", cursor_type="row")
            yield Static(Text(t("conflict.field_hint"), style="dim"))

    def on_mount(self) -> None:
        self._fill()
        self.query_one("#picker-table", DataTable).focus()

    def _fill(self) -> None:
        table = self.query_one("#picker-table", DataTable)
        row = table.cursor_row
        fill_table(table, self.view, self.picks, only_differing=True)
        if row is not None and 0 <= row < table.row_count:
            table.move_cursor(row=row)

    def _field(self) -> str | None:
        names = [r.name for r in self.view.differing()]
        row = self.query_one("#picker-table", DataTable).cursor_row
        return names[row] if row is not None and 0 <= row < len(names) else None

    def action_pick(self, side: int) -> None:
        name = self._field()
        if name is not None and side < min(len(self.view.sides), MAX_SIDES):
            self.picks[name] = side
            self._fill()

    def action_move(self, step: int) -> None:
        name = self._field()
        if name is not None:
            n = min(len(self.view.sides), MAX_SIDES)
            self.picks[name] = (self.picks[name] + step) % n
            self._fill()

    def action_save(self) -> None:
        self.dismiss(dict(self.picks))

    def action_cancel(self) -> None:
        self.dismiss(None)
