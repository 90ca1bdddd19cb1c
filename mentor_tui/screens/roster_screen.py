"""Import a class roster, after the mapping step (screens/roster_mapping.py): the preview lists
every row with what importing it does, as plain text with a mark first (✓ new, ↻ update with
each change, = no change, ? her choice, ✗ not imported: its errors; ⚠ before each warning).
y imports the rows without problems, w the rows with warnings too (without their bad values);
m goes back to the mapping step, c chooses for a row that could be a child of her list
(db.roster_import.apply: one transaction after a backup); then a summary. Reading and writing
run in thread workers; the result is True when her list changed."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import DataTable, ProgressBar, Static
from textual.worker import Worker, WorkerState

from mentor_tui.core import roster as core
from mentor_tui.core.i18n import t
from mentor_tui.core.roster_words import status_line, summary
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.columns import Fit
from mentor_tui.widgets.common import fill_table, plain, table_width
from mentor_tui.widgets.dialogs import ChoiceModal
from mentor_tui.widgets.protocol import AppScreen, DataChanged
from mentor_tui.widgets.requests import OpenRosterMapping, OpenRosterPreview

PROGRESS_AFTER = 1.0  # seconds before the progress bar appears
STATUS_MIN = 16  # the status column keeps its mark and first words on a narrow terminal
STYLE = {
    core.NEW: "green",
    core.UPDATE: "cyan",
    core.SAME: "dim",
    core.CHOOSE: "yellow",
    core.ERROR: "yellow",
}


def status_text(row, names=None) -> Text:
    """A row's status as plain text (never markup), a mark first so colour is not the only
    signal."""
    style = "yellow" if row.warnings and row.status != core.ERROR else STYLE[row.status]
    return plain(status_line(row, None, names), style=style)


class RosterScreen(AppScreen, ModalScreen[bool]):
    DEFAULT_CSS = """
    RosterScreen #roster-rows { height: 1fr; }
    RosterScreen #roster-progress { display: none; }
    """
    SCOPE = "roster"
    BINDINGS = keys_for(SCOPE)

    class Previewed(Message):
        def __init__(self, roster, names) -> None:
            super().__init__()
            self.roster, self.names = roster, names

    class Step(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done_, self.total = done, total

    class Applied(Message):
        def __init__(self, result) -> None:
            super().__init__()
            self.result = result

    def __init__(self, path: Path, layouts=None, loaded=None) -> None:
        super().__init__()
        self.path = Path(path)
        self.layouts = layouts
        self.loaded = loaded
        self.roster = None
        self.names: dict[str, str] = {}
        self.result = None
        self.busy = True
        self._bar_timer = None
        self.steps: list[tuple[int, int]] = []  # progress reported by the last job

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide-dialog roster-dialog"):
            yield Static(Text(t("wire.roster.title"), style="bold"), classes="dialog-title")
            yield Static(plain(str(self.path), style="dim"), id="roster-path")
            yield Static(Text(t("wire.roster.reading")), id="roster-summary")
            yield DataTable(cursor_type="row", zebra_stripes=True, id="roster-rows")
            yield ProgressBar(total=100, show_eta=False, id="roster-progress")
            yield Static("", id="roster-hint")

    def on_mount(self) -> None:
        self.query_one("#roster-rows", DataTable).display = False
        self._start_progress()
        self._preview()

    # --- progress (a bar once a job takes over a second) ---------------------------------------
    def _start_progress(self) -> None:
        self.steps = []
        bar = self.query_one("#roster-progress", ProgressBar)
        bar.update(progress=0)
        self._bar_timer = self.set_timer(PROGRESS_AFTER, lambda: setattr(bar, "display", True))

    def _stop_progress(self) -> None:
        if self._bar_timer is not None:
            self._bar_timer.stop()
            self._bar_timer = None
        self.query_one("#roster-progress", ProgressBar).display = False

    def _progress(self, done: int, total: int) -> None:
        """Called from the worker thread."""
        self.post_message(self.Step(done, total))

    def on_roster_screen_step(self, message: Step) -> None:
        self.steps.append((message.done_, message.total))
        if message.total:
            self.query_one("#roster-progress", ProgressBar).update(
                progress=100 * message.done_ / message.total
            )

    # --- the preview ------------------------------------------------------------------------------
    @work(thread=True, group="db", exit_on_error=False)
    def _preview(self) -> None:
        from mentor_tui.db.roster_import import child_names, preview

        vault = self.app.vault
        roster = preview(
            vault,
            self.path,
            self.app.today(),
            progress=self._progress,
            loaded=self.loaded,
            layouts=self.layouts,
        )
        ids = [c for r in roster.rows if r.match for c in r.match.candidates]
        self.post_message(self.Previewed(roster, child_names(vault, ids) if ids else {}))

    @work(thread=True, group="db", exit_on_error=False)
    def _rematch(self) -> None:
        """After a choice: what the rows do now (her choices kept)."""
        from mentor_tui.core.roster_update import match_rows
        from mentor_tui.db.roster_import import known_children

        match_rows(self.roster, known_children(self.app.vault))
        self.post_message(self.Previewed(self.roster, self.names))

    def on_roster_screen_previewed(self, message: Previewed) -> None:
        self.busy = False
        self._stop_progress()
        self.roster = roster = message.roster
        self.names = message.names
        text = Text("\n".join(summary(roster)))
        if roster.ignored:
            text.append("\n")
            text.append_text(plain(t("roster.ignored_columns", names="、".join(roster.ignored))))
        if not roster.to_import(True):
            text.append("\n" + t("roster.nothing"), style="yellow")
        self.query_one("#roster-summary", Static).update(text)
        table = self.query_one("#roster-rows", DataTable)
        self._fill_rows()
        table.display = bool(roster.rows)
        if roster.rows:
            table.focus()
        self._hint()

    def on_resize(self) -> None:
        if self.roster is not None:
            self._fill_rows()

    def _table_width(self) -> int:
        """The table's width; before it was first shown, the dialog's (less a scrollbar)."""
        table = self.query_one("#roster-rows", DataTable)
        if table.size.width:
            return table_width(table)
        dialog = self.query_one(".roster-dialog")
        return max(dialog.size.width - table.styles.scrollbar_size_vertical, 10)

    def _fill_rows(self) -> None:
        """The rows, their columns sized from the terminal's width (widgets/columns.py): names
        and classes whole where they fit; the status line gives way first."""
        roster = self.roster
        table = self.query_one("#roster-rows", DataTable)
        cursor = table.cursor_row
        sheets = roster.several_sheets()
        fill_table(
            table,
            [
                ("row", t("wire.roster.col.row")),
                ("name", t("wire.roster.col.name")),
                ("class", t("roster.col.class")),
                ("status", t("roster.col.status")),
            ],
            [
                (
                    f"{row.sheet}:{row.line}",
                    [
                        plain(f"{row.sheet} {row.line}" if sheets else str(row.line)),
                        plain(row.child.get("name", "")),
                        plain(row.child.get("class_name", "")),
                        status_text(row, self.names),
                    ],
                )
                for row in roster.rows
            ],
            Fit(
                self._table_width(),
                first=("name", "class"),
                give_way=("status",),
                minimum={"status": STATUS_MIN},
            ),
        )
        if roster.rows:
            table.move_cursor(row=min(cursor, len(roster.rows) - 1))

    def _hint(self) -> None:
        roster = self.roster
        can = roster is not None and bool(roster.to_import(True))
        hint = t("wire.roster.hint") if can else t("wire.roster.close_hint")
        if roster is not None and roster.count(core.CHOOSE):
            hint = t("wire.roster.choose_hint") + "\n" + hint
        self.query_one("#roster-hint", Static).update(Text(hint, style="dim"))

    # --- her choices ------------------------------------------------------------------------------
    def _row_under_cursor(self):
        table = self.query_one("#roster-rows", DataTable)
        if self.roster is None or not table.row_count:
            return None
        return self.roster.rows[table.cursor_row]

    def action_choose(self) -> None:
        row = self._row_under_cursor()
        if self.busy or self.result is not None or row is None or row.match is None:
            return
        if not row.match.needs_choice:
            return
        choices = [(cid, self.names.get(cid, cid[:8])) for cid in row.match.candidates]
        choices.append(("new", t("wire.roster.as_new")))

        def chosen(choice: str | None) -> None:
            if choice is None:
                return
            row.choice = core.CHOSEN_NEW if choice == "new" else choice
            self.busy = True
            self._rematch()

        self.app.push_screen(
            ChoiceModal(t("wire.roster.pick_child", row=row.line), choices, row.choice), chosen
        )

    def action_mapping(self) -> None:
        if self.busy or self.result is not None:
            return
        self.navigate(
            OpenRosterMapping(
                str(self.path), self.roster.layouts if self.roster else None, self.loaded
            ),
            self._remapped,
        )

    def _remapped(self, request: OpenRosterPreview | None) -> None:
        if request is None:
            return
        self.layouts, self.loaded = request.layouts, request.loaded
        self.busy = True
        self.query_one("#roster-summary", Static).update(Text(t("wire.roster.reading")))
        self._start_progress()
        self._preview()

    # --- importing --------------------------------------------------------------------------------
    def action_confirm(self, with_warnings: bool = False) -> None:
        if self.busy or self.roster is None or self.result is not None:
            return
        if not self.roster.to_import(with_warnings):
            return
        self.busy = True
        self.query_one("#roster-hint", Static).update(Text(t("wire.roster.importing")))
        self._start_progress()
        self._apply(self.roster, with_warnings)

    @work(thread=True, group="db", exit_on_error=False)
    def _apply(self, roster, with_warnings: bool) -> None:
        from mentor_tui.db.roster_import import apply

        self.post_message(
            self.Applied(
                apply(
                    self.app.vault,
                    roster,
                    self.app.today(),
                    progress=self._progress,
                    with_warnings=with_warnings,
                )
            )
        )

    def on_roster_screen_applied(self, message: Applied) -> None:
        self.busy = False
        self._stop_progress()
        self.result = res = message.result
        text = t("roster.imported", n=res.children, contacts=res.contacts)
        if res.updated:
            text += "\n" + t("roster.updated", n=res.updated)
        self.query_one("#roster-summary", Static).update(Text(text))
        self.query_one("#roster-rows", DataTable).display = False
        self.query_one("#roster-hint", Static).update(
            Text(t("wire.roster.close_hint"), style="dim")
        )
        self.tell_app(DataChanged())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:  # the app shows the sentence; let the user leave
            self.busy = False
            self._stop_progress()

    def _changed(self) -> bool:
        return bool(self.result and (self.result.children or self.result.updated))

    def action_close(self) -> None:
        if not self.busy and (
            self.result is not None or not self.roster or not self.roster.to_import(True)
        ):
            self.dismiss(self._changed())

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(self._changed())
