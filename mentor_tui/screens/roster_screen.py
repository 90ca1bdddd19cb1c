"""Import a class roster (palette "import roster…", after the path prompt): the preview lists
every row with its status (✓ can be imported, or ✗ and its problems, as plain text), y imports the good rows (db.roster_import.apply: one transaction after a
backup), then a summary. Reading and writing run in thread workers; the result is True when
children were added."""

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

from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import fill_table, plain
from mentor_tui.widgets.protocol import AppScreen, DataChanged

PROGRESS_AFTER = 1.0  # seconds before the progress bar appears


def status_text(row) -> Text:
    """A row's status as plain text (never markup), a mark first so colour is not the only
    signal: "✓ 可导入" or "✗ " and its problems."""
    if row.ok:
        return plain("✓ " + t("roster.ok"), style="green")
    return plain("✗ " + "；".join(row.messages()), width=70, style="yellow")


class RosterScreen(AppScreen, ModalScreen[bool]):
    DEFAULT_CSS = """
    RosterScreen .roster-dialog { height: 100%; max-height: 28; }
    RosterScreen #roster-rows { height: 1fr; }
    RosterScreen #roster-progress { display: none; }
    """
    SCOPE = "roster"
    BINDINGS = keys_for(SCOPE)

    class Previewed(Message):
        def __init__(self, roster) -> None:
            super().__init__()
            self.roster = roster

    class Step(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done_, self.total = done, total

    class Applied(Message):
        def __init__(self, result) -> None:
            super().__init__()
            self.result = result

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
        self.roster = None
        self.result = None
        self.busy = True
        self._bar_timer = None
        self.steps: list[tuple[int, int]] = []  # progress reported by the last job

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog roster-dialog"):
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

    @work(thread=True, group="db", exit_on_error=False)
    def _preview(self) -> None:
        from mentor_tui.db.roster_import import preview

        self.post_message(
            self.Previewed(
                preview(self.app.vault, self.path, self.app.today(), progress=self._progress)
            )
        )

    def on_roster_screen_previewed(self, message: Previewed) -> None:
        self.busy = False
        self._stop_progress()
        self.roster = roster = message.roster
        text = Text(
            t("roster.summary", total=len(roster.rows), ok=len(roster.good), bad=len(roster.bad))
        )
        if roster.ignored:
            text.append("\n")
            text.append_text(plain(t("roster.ignored_columns", names="、".join(roster.ignored))))
        if not roster.bad:
            text.append("\n" + t("wire.roster.no_problems"))
        if not roster.good:
            text.append("\n" + t("roster.nothing"), style="yellow")
        self.query_one("#roster-summary", Static).update(text)
        table = self.query_one("#roster-rows", DataTable)
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
                    str(row.line),
                    [
                        Text(str(row.line)),
                        plain(row.child.get("name", ""), width=16),
                        plain(row.child.get("class_name", ""), width=10),
                        status_text(row),
                    ],
                )
                for row in roster.rows
            ],
        )
        table.display = bool(roster.rows)
        if roster.rows:
            table.focus()
        hint = t("wire.roster.hint") if roster.good else t("wire.roster.close_hint")
        self.query_one("#roster-hint", Static).update(Text(hint, style="dim"))

    def action_confirm(self) -> None:
        if self.busy or self.roster is None or not self.roster.good or self.result is not None:
            return
        self.busy = True
        self._bar_timer = None
        self.steps: list[tuple[int, int]] = []  # progress reported by the last job
        self.query_one("#roster-hint", Static).update(Text(t("wire.roster.importing")))
        self._start_progress()
        self._apply(self.roster)

    @work(thread=True, group="db", exit_on_error=False)
    def _apply(self, roster) -> None:
        from mentor_tui.db.roster_import import apply

        self.post_message(
            self.Applied(apply(self.app.vault, roster, self.app.today(), progress=self._progress))
        )

    def on_roster_screen_applied(self, message: Applied) -> None:
        self.busy = False
        self._stop_progress()
        self.result = res = message.result
        self.query_one("#roster-summary", Static).update(
            Text(t("roster.imported", n=res.children, contacts=res.contacts))
        )
        self.query_one("#roster-rows", DataTable).display = False
        self.query_one("#roster-hint", Static).update(
            Text(t("wire.roster.close_hint"), style="dim")
        )
        self.tell_app(DataChanged())

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state is WorkerState.ERROR:  # the app shows the sentence; let the user leave
            self.busy = False
            self._stop_progress()

    def action_close(self) -> None:
        if not self.busy and (self.result is not None or not (self.roster and self.roster.good)):
            self.dismiss(bool(self.result and self.result.children))

    def action_cancel(self) -> None:
        if not self.busy:
            self.dismiss(bool(self.result and self.result.children))
