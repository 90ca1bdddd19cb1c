"""The school's sheets (issue 19 item 8; palette "导出学校报表", key ``x`` on the overview): the
school ledger (台账), the teacher evaluation (考核) or the county statistics, as print-ready xlsx
or csv (db/school_exports.py), for the term chosen (the current one first; the statistics are
as of today). The file goes to this machine's exports
folder unless F3 picks another (the file picker); F2 writes it in a thread worker and the
dialog says where. The sheets hold figures and the roster's fields, no teacher's notes."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import RadioSet, Select, Static

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, field_row, plain
from mentor_tui.widgets.protocol import AppScreen, SaveFailed
from mentor_tui.widgets.requests import OpenPicker
from mentor_tui.widgets.toggles import Radio, RadioRow

KINDS = ("ledger", "evaluation", "stats")
FORMATS = (("Excel (.xlsx)", "xlsx"), ("CSV (.csv)", "csv"))


class SchoolExportScreen(AppScreen, ModalScreen[None]):
    SCOPE = "school_export"
    BINDINGS = keys_for(SCOPE)

    class Terms(Message):
        def __init__(self, choices: list[tuple[str, str]], current: str) -> None:
            super().__init__()
            self.choices, self.current = choices, current

    class Written(Message):
        def __init__(self, path: Path, rows: int) -> None:
            super().__init__()
            self.path, self.rows = path, rows

    def __init__(self) -> None:
        super().__init__()
        self.folder: Path | None = None  # None: this machine's exports folder
        self.busy = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("school.ui.export_title"), style="bold"), classes="dialog-title")
            with Horizontal(classes="field-row outcome-row"):
                yield Static(t("wire.export.what"), classes="field-label", markup=False)
                with RadioRow(id="school-export-kind", compact=True):
                    for i, kind in enumerate(KINDS):
                        yield Radio(self._labels()[kind], value=i == 0, id=kind)
            yield field_row(
                "wire.export.format",
                Select(
                    FORMATS,
                    value="xlsx",
                    allow_blank=False,
                    id="school-export-format",
                    compact=True,
                ),
            )
            yield field_row(
                "wire.export.term",
                Select([], id="school-export-term", compact=True, prompt="—"),
            )
            yield Static("", id="school-export-folder")
            yield Static("", id="school-export-status")
            yield Static(Text(t("school.ui.export_hint"), style="dim"))

    def _labels(self) -> dict[str, str]:
        return {kind: t(f"school.ui.export.{kind}") for kind in KINDS}

    def on_mount(self) -> None:
        self.on_radio_set_changed()
        self.query_one("#school-export-kind", RadioSet).focus()
        self._load_terms(self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _load_terms(self, today) -> None:
        from mentor_tui.db.reports import resolve_term, term_choices

        vault = self.app.vault
        if vault is None:
            return
        terms = [(term.name, term.id) for term in term_choices(vault, today)]
        self.post_message(self.Terms(terms, resolve_term(vault, None, today).id))

    def on_school_export_screen_terms(self, message: Terms) -> None:
        box = self.query_one("#school-export-term", Select)
        box.set_options([(plain(name), tid) for name, tid in message.choices])
        box.value = message.current

    def on_radio_set_changed(self, _event=None) -> None:
        term = self.query_one("#school-export-term", Select).parent
        if term is not None:
            term.display = self.kind() != "stats"  # the statistics are as of today
        self._where()

    def _where(self) -> None:
        where = str(self.folder) if self.folder is not None else t("export.ui.here")
        self.query_one("#school-export-folder", Static).update(
            plain(t("export.ui.folder", where=where))
        )

    def kind(self) -> str:
        pressed = self.query_one("#school-export-kind", RadioSet).pressed_button
        return pressed.id if pressed is not None and pressed.id in KINDS else KINDS[0]

    def fmt(self) -> str:
        value = self.query_one("#school-export-format", Select).value
        return value if isinstance(value, str) else "xlsx"

    def action_pick_folder(self) -> None:
        def picked(path: Path | None) -> None:
            if path is not None:
                self.folder = path
                self._where()

        self.navigate(OpenPicker("export", str(self.folder or "")), picked)

    def action_export(self) -> None:
        if self.busy:
            return
        self.busy = True
        self.query_one("#school-export-status", Static).update(Text(t("wire.export.working")))
        term = self.query_one("#school-export-term", Select).value
        self._run(self.kind(), self.fmt(), self.folder, term if isinstance(term, str) else None)

    @work(thread=True, group="export", exit_on_error=False)
    def _run(self, kind: str, fmt: str, folder: Path | None, term: str | None) -> None:
        from mentor_tui.db import school_exports as ex

        vault, today, lang = self.app.vault, self.app.today(), get_language()
        if vault is None:
            return
        path = (folder or self.app.paths.exports_dir) / ex.default_name(kind, fmt, today, lang)
        try:
            sheets = ex.export(vault, kind, fmt, path, today, lang, term)
        except MentorError as err:
            self.post_message(SaveFailed(err))
            return
        self.post_message(self.Written(path, sheets.rows))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.busy = False
        self.query_one("#school-export-status", Static).update(error_text(message.error))

    def on_school_export_screen_written(self, message: Written) -> None:
        self.busy = False
        self.query_one("#school-export-status", Static).update(
            plain(t("school.export_done", path=str(message.path), n=message.rows))
        )

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(None)
