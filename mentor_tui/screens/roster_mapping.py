"""The roster's mapping step (issue 15), before the row preview: the file's sheets with their row
counts (space picks; default every sheet with a header row), and every column of the chosen
sheets with its header, three sample values and the field it is imported as. ←/→ change the
highlighted column's field, Enter lists the fields to pick from; a column with data that is
imported as nothing stays listed, and the note under the table names such columns. F2 goes on
to the preview; the result is the :class:`OpenRosterPreview` request for it (None: cancelled).
The file is read in a thread worker (db.roster_import.open_roster: with the mapping she chose
for the same headers before)."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, SelectionList, Static
from textual.widgets.selection_list import Selection

from mentor_tui.core.i18n import t
from mentor_tui.core.roster_fields import FIELDS, IGNORE
from mentor_tui.core.roster_header import CHOSEN, REMEMBERED, Layout, letters
from mentor_tui.core.roster_words import field_label
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.columns import Fit
from mentor_tui.widgets.common import fill_table, plain, table_width
from mentor_tui.widgets.dialogs import ChoiceModal
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import OpenRosterPreview
from mentor_tui.widgets.toggles import TickList

CHOICES = (IGNORE, *FIELDS)  # what ←/→ step through


class RosterMappingScreen(AppScreen, ModalScreen[OpenRosterPreview | None]):
    DEFAULT_CSS = """
    RosterMappingScreen .roster-dialog { height: 100%; max-height: 34; }
    RosterMappingScreen #rmap-sheets { height: auto; max-height: 6; }
    RosterMappingScreen #rmap-columns { height: 1fr; }
    """
    SCOPE = "roster_map"
    BINDINGS = keys_for(SCOPE)

    class Loaded(Message):
        def __init__(self, loaded) -> None:
            super().__init__()
            self.loaded = loaded

    def __init__(self, path: Path, layouts=None, loaded=None) -> None:
        """``layouts``: her mapping so far (reopened from the preview), else the file's."""
        super().__init__()
        self.path = Path(path)
        self.loaded = loaded
        self.layouts: list[Layout] = list(layouts) if layouts else []
        self.picked: set[str] = {lay.sheet for lay in self.layouts}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog roster-dialog"):
            yield Static(Text(t("wire.rmap.title"), style="bold"), classes="dialog-title")
            yield Static(plain(str(self.path), style="dim"), id="rmap-path")
            yield Static(Text(t("wire.roster.reading")), id="rmap-summary")
            yield Static(Text(t("wire.rmap.sheets")), id="rmap-sheets-label")
            yield TickList(id="rmap-sheets")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="rmap-columns")
            yield Static("", id="rmap-note")
            yield Static(Text(t("wire.rmap.hint"), style="dim"), id="rmap-hint")

    def on_mount(self) -> None:
        self.query_one("#rmap-sheets-label").display = False
        self.query_one("#rmap-sheets").display = False
        if self.loaded is not None:
            self._show(self.loaded)
        else:
            self._load()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db.roster_import import open_roster

        self.post_message(self.Loaded(open_roster(self.app.vault, self.path)))

    def on_roster_mapping_screen_loaded(self, message: Loaded) -> None:
        self._show(message.loaded)

    def _show(self, loaded) -> None:
        self.loaded = loaded
        mine = {lay.sheet: lay for lay in self.layouts}
        self.layouts = [mine.get(lay.sheet, lay) for lay in loaded.layouts]
        if not self.picked:
            self.picked = {lay.sheet for lay in self.layouts}
        self.query_one("#rmap-summary", Static).update(Text(""))
        several = len(self.layouts) > 1
        sheets = self.query_one("#rmap-sheets", SelectionList)
        self.query_one("#rmap-sheets-label").display = several
        sheets.display = several
        sheets.clear_options()
        for lay in self.layouts:
            label = t("roster.sheet_rows", name=lay.sheet, n=lay.row_count)
            sheets.add_option(Selection(plain(label), lay.sheet, lay.sheet in self.picked))
        if several:
            sheets.highlighted = 0
        self._fill()
        self.query_one("#rmap-columns", DataTable).focus()

    # --- the table -------------------------------------------------------------------------------
    def shown_layouts(self) -> list[Layout]:
        """One layout per header set among the picked sheets (sheets with the same headers
        share their mapping)."""
        seen: dict[str, Layout] = {}
        for lay in self.layouts:
            if lay.sheet in self.picked and lay.signature not in seen:
                seen[lay.signature] = lay
        return list(seen.values())

    def _cell_field(self, c) -> Text:
        text = plain(field_label(c.field))
        if c.how == CHOSEN:
            text.append(" " + t("roster.map.chosen"), style="dim")
        elif c.how == REMEMBERED:
            text.append(" " + t("roster.map.remembered"), style="dim")
        if not c.field and c.has_data and not c.sequence:
            text.stylize("yellow")
            text = Text("⚠ ", style="yellow") + text
        return text

    def on_resize(self) -> None:
        table = self.query_one("#rmap-columns", DataTable)
        if self.layouts and table.row_count:
            row = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self._fill(keep=row)

    def _table_width(self) -> int:
        """The table's width; before it was first shown, the dialog's (less a scrollbar)."""
        table = self.query_one("#rmap-columns", DataTable)
        if table.size.width:
            return table_width(table)
        dialog = self.query_one(".roster-dialog")
        return max(dialog.size.width - table.styles.scrollbar_size_vertical, 10)

    def _fill(self, keep: str | None = None) -> None:
        table = self.query_one("#rmap-columns", DataTable)
        rows = []
        for lay in self.shown_layouts():
            for c in lay.columns:
                if c.sequence:
                    continue
                rows.append(
                    (
                        f"{lay.signature}:{c.index}",
                        [
                            Text(letters(c.index)),
                            plain(c.header or "—"),
                            plain(" | ".join(c.samples), style="dim"),
                            self._cell_field(c),
                        ],
                    )
                )
        fill_table(
            table,
            [
                ("col", t("wire.rmap.col.column")),
                ("header", t("wire.rmap.col.header")),
                ("samples", t("wire.rmap.col.samples")),
                ("field", t("wire.rmap.col.field")),
            ],
            rows,
            # the headers and fields whole where they fit; the samples give way first
            Fit(self._table_width(), first=("header", "field"), give_way=("samples",)),
        )
        if keep is not None:
            keys = [key for key, _cells in rows]
            if keep in keys:
                table.move_cursor(row=keys.index(keep))
        self._note()

    def _current(self) -> tuple[Layout, int] | None:
        table = self.query_one("#rmap-columns", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value or ""
        signature, _sep, index = key.partition(":")
        lay = next((x for x in self.layouts if x.signature == signature), None)
        return (lay, int(index)) if lay is not None else None

    def _note(self) -> None:
        parts = []
        unmapped = [
            c.header or letters(c.index)
            for lay in self.shown_layouts()
            for c in lay.unmapped_with_data()
        ]
        if unmapped:
            parts.append(t("wire.rmap.unmapped", names="、".join(unmapped)))
        current = self._current()
        if current is not None:
            lay, index = current
            column = next(c for c in lay.columns if c.index == index)
            if column.question:
                parts.append("⚠ " + t(column.question))
        self.query_one("#rmap-note", Static).update(plain("\n".join(parts), style="yellow"))

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self._note()

    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_pick_field()

    # --- her changes -------------------------------------------------------------------------------
    def set_field(self, field: str) -> None:
        """Map the highlighted column to ``field`` in every picked sheet of the same headers."""
        current = self._current()
        if current is None:
            return
        lay, index = current
        self.layouts = [
            x.with_fields({index: field}, CHOSEN) if x.signature == lay.signature else x
            for x in self.layouts
        ]
        self._fill(keep=f"{lay.signature}:{index}")

    def action_step_field(self, step: int) -> None:
        current = self._current()
        if current is None:
            return
        lay, index = current
        now = next(c.field for c in lay.columns if c.index == index)
        self.set_field(CHOICES[(CHOICES.index(now) + step) % len(CHOICES)])

    def action_pick_field(self) -> None:
        current = self._current()
        if current is None:
            return
        lay, index = current
        column = next(c for c in lay.columns if c.index == index)
        choices = [(f or "ignore", field_label(f)) for f in CHOICES]

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.set_field("" if choice == "ignore" else choice)

        self.app.push_screen(
            ChoiceModal(
                t("wire.rmap.pick_field", header=column.header or letters(index)),
                choices,
                column.field or "ignore",
            ),
            picked,
        )

    def on_selection_list_selected_changed(self, event: SelectionList.SelectedChanged) -> None:
        self.picked = set(event.selection_list.selected)
        self._fill()

    def action_go(self) -> None:
        if self.loaded is None:
            return
        chosen = [lay for lay in self.layouts if lay.sheet in self.picked]
        if not chosen:
            self.query_one("#rmap-note", Static).update(
                Text(t("wire.rmap.no_sheet"), style="yellow")
            )
            return
        self.dismiss(OpenRosterPreview(str(self.path), tuple(chosen), self.loaded))

    def action_cancel(self) -> None:
        self.dismiss(None)
