"""Her report for the school (palette "给学校报告"; issue 19 item 5): written on demand into the
学校汇报 folder beside her sync file (or this machine's exports folder when no stick is there;
F3 picks another folder). What leaves: her duty figures per child and month, her open risk
flags and the term's mandatory reports, her pending correction requests — never her notes.
The record cards go only when the school asks for them and she ticks the box (off by default):
ticking lists exactly the cards that would leave first. F2 writes (db/school_report.py) in a
thread worker; the dialog then says where, how many mandatory reports went (they always do)
and her key fingerprint."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Static

from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, plain
from mentor_tui.widgets.protocol import AppScreen, SaveFailed
from mentor_tui.widgets.requests import OpenPicker
from mentor_tui.widgets.toggles import Tick


class SchoolReportScreen(AppScreen, ModalScreen[None]):
    SCOPE = "school_report"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    SchoolReportScreen #report-cards-list { height: auto; max-height: 10; }
    """

    class Ready(Message):
        """Her school, where the report goes by default, the cards that could leave."""

        def __init__(self, school: str, cards_requested: bool, folder: Path, cards: list) -> None:
            super().__init__()
            self.school, self.cards_requested = school, cards_requested
            self.folder, self.cards = folder, cards

    class Written(Message):
        def __init__(self, written) -> None:
            super().__init__()
            self.written = written

    def __init__(self, config: Config | None = None) -> None:
        super().__init__()
        self.config = config or Config()
        self.folder: Path | None = None
        self.cards: list = []
        self.ready = False
        self.busy = True

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("school.ui.report_title"), style="bold"), classes="dialog-title")
            yield Static("", id="report-school")
            yield Static(Text(t("school.ui.report_what")), id="report-what")
            yield Tick(t("school.ui.report_cards"), value=False, id="report-cards", compact=True)
            with VerticalScroll(id="report-cards-list"):
                yield Static("", id="report-cards-text")
            yield Static("", id="report-folder")
            yield Static("", id="report-status")
            yield Static(Text(t("school.ui.report_hint"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#report-cards", Checkbox).disabled = True
        self.query_one("#report-cards-list").display = False
        self._load(self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, today) -> None:
        from mentor_tui import roaming
        from mentor_tui.db.reports import resolve_term
        from mentor_tui.db.school_links import links
        from mentor_tui.db.school_member import need_membership
        from mentor_tui.db.school_report import FOLDER_NAME, card_rows, report_folder

        vault = self.app.vault
        if vault is None:
            return
        try:
            member = need_membership(vault)
        except MentorError as err:
            self.post_message(SaveFailed(err))
            return
        try:
            stick = roaming.export_folder(vault, self.config)
        except OSError:
            stick = None
        folder = report_folder(stick) or self.app.paths.exports_dir / FOLDER_NAME
        cards: list = []
        if member.cards_requested:
            term = resolve_term(vault, None, today)
            linked = {cid: str(d["school_child_id"]) for cid, d in links(vault).items()}
            cards = card_rows(vault, term, linked)
        self.post_message(self.Ready(member.school_name, member.cards_requested, folder, cards))

    def on_school_report_screen_ready(self, message: Ready) -> None:
        self.busy, self.ready = False, True
        self.cards = message.cards
        if self.folder is None:
            self.folder = message.folder
        school = plain(t("school.ui.report_to", school=message.school))
        self.query_one("#report-school", Static).update(school)
        box = self.query_one("#report-cards", Checkbox)
        box.disabled = not message.cards_requested
        if not message.cards_requested:
            box.label = t("school.ui.report_cards_not_asked")
        box.focus()
        self._where()
        self.refresh_bindings()

    def _where(self) -> None:
        self.query_one("#report-folder", Static).update(
            plain(t("export.ui.folder", where=str(self.folder or "")))
        )

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        """Ticked: exactly what would leave, listed before anything is written."""
        listing = self.query_one("#report-cards-list")
        listing.display = event.value
        if not event.value:
            return
        text = Text(t("school.cards_preview", n=len(self.cards)), style="bold")
        for c in self.cards:
            label = t(f"kind.{c.kind}")
            text.append(
                f"\n— {c.date.isoformat()} {label if not label.startswith('kind.') else c.kind}"
            )
            if c.text:
                text.append("\n  ")
                text.append_text(plain(c.text))
            for k, v in c.card.items():
                text.append("\n  ")
                text.append_text(plain(f"{t(f'card.{k}')}: {v}"))
        self.query_one("#report-cards-text", Static).update(text)

    def action_pick_folder(self) -> None:
        def picked(path: Path | None) -> None:
            if path is not None:
                self.folder = path
                self._where()

        self.navigate(OpenPicker("export", str(self.folder or "")), picked)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "write":
            return (self.ready and not self.busy) or None
        return True

    def action_write(self) -> None:
        if not self.ready or self.busy or self.folder is None:
            return
        self.busy = True
        self.query_one("#report-status", Static).update(Text(t("school.ui.report_working")))
        with_cards = self.query_one("#report-cards", Checkbox).value
        self._write(self.folder, with_cards, self.app.today())

    @work(thread=True, group="export", exit_on_error=False)
    def _write(self, folder: Path, with_cards: bool, today) -> None:
        from mentor_tui.db.school_report import write_report

        vault = self.app.vault
        if vault is None:
            return
        try:
            written = write_report(vault, folder, today, with_cards)
        except MentorError as err:
            self.post_message(SaveFailed(err))
            return
        self.post_message(self.Written(written))

    def on_save_failed(self, message: SaveFailed) -> None:
        self.busy = False
        self.query_one("#report-status", Static).update(error_text(message.error))
        self.refresh_bindings()

    def on_school_report_screen_written(self, message: Written) -> None:
        self.busy = False
        r = message.written.report
        text = plain(
            t(
                "school.report_written",
                path=str(message.written.path),
                children=len(r.children),
                flags=len(r.flags),
                cards=len(r.cards),
            )
        )
        mandatory = sum(1 for f in r.flags if f.mandatory)
        if mandatory:
            text.append("\n" + t("school.report_mandatory", n=mandatory), style="bold")
        text.append("\n" + t("school.report_fingerprint", fingerprint=r.keys.fingerprint))
        self.query_one("#report-status", Static).update(text)
        self.refresh_bindings()

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(None)
