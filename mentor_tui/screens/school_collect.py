"""Collecting the teachers' reports (issue 19 item 6): the files picked (a report, or a folder
and every report in it and below) with a verdict per file before anything is written — new
(children, when made; the fingerprint a first report pins), already held, older, or refused
and why — then ``y`` imports the new ones in one transaction (db/school_collect.py: idempotent
and order-free, an audit line). Escape closes (nothing imported unless ``y`` was pressed)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.widgets import school_cells as cells
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, fill_table, plain
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, SaveFailed

MARKS = {
    "new": ("✓", "green"),
    "same": ("=", "dim"),
    "older": ("↓", "yellow"),
    "refused": ("✗", "red"),
}


class SchoolImportScreen(AppScreen, Screen):
    SCOPE = "school_import"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    SchoolImportScreen #collect-top { height: 1; padding: 0 1; background: $boost; }
    SchoolImportScreen #collect-table { height: 1fr; }
    SchoolImportScreen #collect-note { height: auto; max-height: 8; padding: 0 1; }
    """

    class Previewed(Message):
        def __init__(self, verdicts: list) -> None:
            super().__init__()
            self.verdicts = verdicts

    class Imported(Message):
        def __init__(self, summary) -> None:
            super().__init__()
            self.summary = summary

    def __init__(self, paths: tuple[str, ...]) -> None:
        super().__init__()
        self.paths = paths
        self.verdicts: list | None = None
        self.done = False
        self.busy = True

    def compose(self) -> ComposeResult:
        yield Static(Text(t("school.ui.collect_title"), style="bold"), id="collect-top")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="collect-table")
        yield Static(Text(t("school.ui.collect_reading")), id="collect-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#collect-table", DataTable).focus()
        self._preview()

    @work(thread=True, group="db", exit_on_error=False)
    def _preview(self) -> None:
        from pathlib import Path

        from mentor_tui.db.school_collect import preview_import

        vault = self.app.vault
        if vault is None:
            return
        try:
            verdicts = preview_import(vault, [Path(p) for p in self.paths])
        except MentorError as err:  # one sentence under the table, nothing changed
            self.post_message(SaveFailed(err))
            return
        self.post_message(self.Previewed(verdicts))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.busy = False
        self.query_one("#collect-note", Static).update(error_text(message.error))
        self.refresh_bindings()

    def new_count(self) -> int:
        return sum(1 for v in self.verdicts or [] if v.status == "new")

    def on_school_import_screen_previewed(self, message: Previewed) -> None:
        self.busy = False
        self.verdicts = message.verdicts
        columns = [
            ("mark", ""),
            ("file", t("school.ui.col.file")),
            ("teacher", t("school.col.teacher")),
            ("what", t("school.ui.col.verdict")),
        ]
        rows = []
        for i, v in enumerate(self.verdicts):
            mark, style = MARKS.get(v.status, ("?", ""))
            if v.status == "new":
                at = v.generated_at.isoformat(sep=" ", timespec="minutes") if v.generated_at else ""
                what = t("school.import_new", n=v.children, at=at)
                if v.first_pin:
                    what += "；" + t("school.import_first_pin", fingerprint=v.first_pin)
            else:
                what = v.sentence()
            rows.append(
                (
                    str(i),
                    [
                        Text(mark, style=style),
                        plain(v.path.name, width=24),
                        plain(v.teacher_name or "—", width=cells.NAME_CELLS),
                        plain(what, style=style if v.status == "refused" else ""),
                    ],
                )
            )
        fill_table(self.query_one("#collect-table", DataTable), columns, rows)
        n = self.new_count()
        note = t("school.ui.collect_ask", n=n) if n else t("school.import_nothing")
        self.query_one("#collect-note", Static).update(Text(note))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "confirm":
            return (not self.busy and not self.done and self.new_count() > 0) or None
        return True

    def action_confirm(self) -> None:
        if self.busy or self.done or not self.new_count() or self.verdicts is None:
            return
        self.busy = True
        self.query_one("#collect-note", Static).update(Text(t("school.ui.collect_working")))
        self._apply(self.verdicts)

    @work(thread=True, group="db", exit_on_error=False)
    def _apply(self, verdicts: list) -> None:
        from mentor_tui.db.school_collect import apply_import

        vault = self.app.vault
        if vault is None:
            return
        try:
            summary = apply_import(vault, verdicts)
        except MentorError as err:  # one sentence under the table, nothing changed
            self.post_message(SaveFailed(err))
            return
        self.post_message(self.Imported(summary))

    def on_school_import_screen_imported(self, message: Imported) -> None:
        self.busy, self.done = False, True
        s = message.summary
        self.query_one("#collect-note", Static).update(
            Text(t("school.import_done", new=s.new, same=s.same, older=s.older, refused=s.refused))
        )
        self.refresh_bindings()

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.done)
