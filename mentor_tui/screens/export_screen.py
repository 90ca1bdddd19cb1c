"""Export a document (palette "export"): the term diary, the school ledger or contact cards.

Pick what, the format, the term, all children or the one under the dashboard's cursor;
sensitive notes are off by default; phones may be masked. Word and Excel files are protected by
default: a password (typed twice, never shown) is required unless "no password" is ticked;
plaintext formats (CSV, Markdown, HTML, and unprotected Word or Excel) show one warning line.
The files go to her stick when one is there (a 帮扶文档 folder on it), else to this machine's
exports folder; F3 picks another folder in the file picker. The export runs in a thread worker
(db.reports), with a progress bar once it takes more than about a second, and the dialog then
says where the file was written.
"""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, ProgressBar, RadioSet, Select, Static
from textual.worker import Worker, WorkerState

from mentor_tui.config import Config
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import caught_up, field_row, fit_labels, plain
from mentor_tui.widgets.forms import field_help
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import OpenPicker
from mentor_tui.widgets.toggles import Radio, RadioRow, Tick

KINDS = ("diary", "ledger", "cards")
FORMAT_LABELS = {
    "docx": "Word (.docx)",
    "md": "Markdown (.md)",
    "html": "HTML (.html)",
    "xlsx": "Excel (.xlsx)",
    "csv": "CSV (.csv)",
}
PROGRESS_AFTER = 1.0  # seconds before the progress bar appears
PROTECTED = ("docx", "xlsx")  # password-protected by default (OOXML, ECMA-376 Agile)
ALL = "__all__"  # the child choice meaning every child


def formats_of(kind: str) -> tuple[str, ...]:
    from mentor_tui.db.reports import CARD_FORMATS, DIARY_FORMATS, LEDGER_FORMATS

    return {"diary": DIARY_FORMATS, "ledger": LEDGER_FORMATS, "cards": CARD_FORMATS}[kind]


class ExportScreen(AppScreen, ModalScreen[None]):
    DEFAULT_CSS = """
    ExportScreen .export-dialog { height: 100%; max-height: 30; }
    ExportScreen #export-form { height: 1fr; }
    ExportScreen #export-progress { display: none; }
    ExportScreen #export-warning { color: $text-warning; }
    """
    SCOPE = "export"
    BINDINGS = keys_for(SCOPE)

    class Terms(Message):
        def __init__(
            self,
            choices: list[tuple[str, str]],
            current: str,
            child: tuple[str, str] | None = None,
            folder: Path | None = None,
        ) -> None:
            super().__init__()
            self.choices, self.current, self.child = choices, current, child
            self.folder = folder

    class Step(Message):
        def __init__(self, done: int, total: int) -> None:
            super().__init__()
            self.done_, self.total = done, total

    class Done(Message):
        def __init__(self, result) -> None:
            super().__init__()
            self.result = result

    def __init__(self, child_id: str | None = None, config: Config | None = None) -> None:
        """``child_id``: the child selected below the dialog (offered beside "all");
        ``config``: where her stick may be (documents go there by default)."""
        super().__init__()
        self.child_id = child_id
        self.config = config or Config()
        self.folder: Path | None = None  # None: this machine's exports folder
        self.kind = "diary"
        self.busy = False
        self._bar_timer = None
        self.last_result = None  # reports.ExportResult of the last export
        self.child: tuple[str, str] | None = None  # (id, name) of the selected child

    def compose(self) -> ComposeResult:
        labels = self._kind_labels()
        with Vertical(classes="dialog export-dialog"):
            yield Static(Text(t("wire.export.title"), style="bold"), classes="dialog-title")
            with VerticalScroll(id="export-form"):
                with Horizontal(classes="field-row"):
                    yield Static(t("wire.export.what"), classes="field-label", markup=False)
                    with RadioRow(id="export-kind", compact=True):
                        for kind in KINDS:
                            yield Radio(labels[kind], value=kind == self.kind, id=kind)
                yield field_row(
                    "wire.export.format",
                    Select(
                        self._format_options(),
                        value=formats_of(self.kind)[0],
                        allow_blank=False,
                        id="export-format",
                        compact=True,
                    ),
                )
                yield field_row(
                    "wire.export.term", Select([], id="export-term", compact=True, prompt="—")
                )
                yield field_row(
                    "export.ui.children",
                    Select(
                        [(t("export.ui.all_children"), ALL)],
                        value=ALL,
                        allow_blank=False,
                        id="export-child",
                        compact=True,
                    ),
                )
                yield Tick(t("wire.export.sensitive"), value=False, id="export-sensitive")
                yield Tick(t("wire.export.mask"), value=False, id="export-mask")
                yield field_row(
                    "wire.export.password", Input(password=True, id="export-pw1", compact=True)
                )
                yield field_row(
                    "wire.export.password_again",
                    Input(password=True, id="export-pw2", compact=True),
                )
                yield Tick(t("export.ui.no_password"), value=False, id="export-nopw")
            yield Static("", id="export-folder")
            yield Static("", id="export-warning")
            yield ProgressBar(total=100, show_eta=False, id="export-progress")
            yield Static("", id="export-status")
            yield Static(Text(t("wire.export.hint"), style="dim"))

    def _kind_labels(self) -> dict[str, str]:
        return {kind: t(f"wire.export.{kind}") for kind in KINDS}

    def _format_options(self) -> list[tuple[str, str]]:
        return [(FORMAT_LABELS[f], f) for f in formats_of(self.kind)]

    def on_mount(self) -> None:
        self.on_radio_set_changed()
        fit_labels(self)
        self.set_focus(self.query_one("#export-kind", RadioSet))
        self._load_terms(self.child_id)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.focus_next()

    def field_help(self) -> list[tuple[str, str]]:
        return field_help(self)

    @work(thread=True, group="db", exit_on_error=False)
    def _load_terms(self, child_id: str | None) -> None:
        from mentor_tui.db import reports
        from mentor_tui.db.children import get_child

        vault, today = self.app.vault, self.app.today()
        if vault is None:
            return
        terms = reports.term_choices(vault, today)
        current = reports.resolve_term(vault, None, today)
        kid = get_child(vault, child_id) if child_id else None
        self.post_message(
            self.Terms(
                [(term.name, term.id) for term in terms],
                current.id,
                (kid.id, kid.name) if kid is not None else None,
                _stick_documents(vault, self.config),
            )
        )

    def on_export_screen_terms(self, message: Terms) -> None:
        box = self.query_one("#export-term", Select)
        box.set_options([(plain(name), tid) for name, tid in message.choices])
        box.value = message.current
        self.child = message.child
        if self.folder is None:
            self.folder = message.folder
        if message.child is not None:
            self.query_one("#export-child", Select).set_options(
                [(t("export.ui.all_children"), ALL), (plain(message.child[1]), message.child[0])]
            )
        self._sync_form()

    # --- the form follows the choices ------------------------------------------------------
    def on_radio_set_changed(self, _event=None) -> None:
        kinds = self.query_one("#export-kind", RadioSet)
        pressed = kinds.pressed_button
        kind = pressed.id if pressed is not None and pressed.id in KINDS else "diary"
        if kind != self.kind:
            self.kind = kind
            fmt = self.query_one("#export-format", Select)
            fmt.set_options(self._format_options())
            fmt.value = formats_of(kind)[0]
        self.query_one("#export-term", Select).parent.display = kind != "cards"
        self._sync_form()

    def on_checkbox_changed(self, _event: Checkbox.Changed) -> None:
        self._sync_form()

    def on_select_changed(self, _event: Select.Changed) -> None:
        self._sync_form()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._sync_form()

    def fmt(self) -> str:
        value = self.query_one("#export-format", Select).value
        return value if isinstance(value, str) else formats_of(self.kind)[0]

    def no_password(self) -> bool:
        return self.query_one("#export-nopw", Checkbox).value

    def _sync_form(self) -> None:
        office = self.fmt() in PROTECTED
        protect = office and not self.no_password()
        for wid in ("#export-pw1", "#export-pw2"):
            self.query_one(wid, Input).parent.display = protect
        self.query_one("#export-nopw", Checkbox).display = office
        self.query_one("#export-child", Select).parent.display = (
            self.kind != "ledger" and self.child is not None
        )
        warning = ""
        if not office:
            warning = t("export.plaintext_warning", fmt=self.fmt().upper())
        elif not protect:
            warning = t("export.plaintext_warning", fmt="Word" if self.fmt() == "docx" else "Excel")
        self.query_one("#export-warning", Static).update(Text(warning))
        where = str(self.folder) if self.folder is not None else t("export.ui.here")
        self.query_one("#export-folder", Static).update(plain(t("export.ui.folder", where=where)))

    def action_pick_folder(self) -> None:
        """F3: where the documents go, in the file picker."""

        def picked(path: Path | None) -> None:
            if path is not None:
                self.folder = path
                self._sync_form()

        start = str(self.folder) if self.folder is not None else ""
        self.navigate(OpenPicker("export", start), picked)

    # --- run -------------------------------------------------------------------------------
    def _status(self, text: str | Text) -> None:
        self.query_one("#export-status", Static).update(
            text if isinstance(text, Text) else Text(text)
        )

    def _password(self) -> str | None:
        from mentor_tui.docs_out.render_docx import MIN_PASSWORD

        if self.fmt() not in PROTECTED or self.no_password():
            return None
        pw1 = self.query_one("#export-pw1", Input).value
        pw2 = self.query_one("#export-pw2", Input).value
        if not pw1:
            raise MentorError("err.export_password_required")
        if pw1 != pw2:
            raise MentorError("err.export_password_mismatch")
        if len(pw1) < MIN_PASSWORD:
            raise MentorError("err.export_password_short", n=MIN_PASSWORD)
        return pw1

    def names(self) -> list[str] | None:
        """``None`` for every child, else the selected child's id (diary and cards only)."""
        value = self.query_one("#export-child", Select).value
        if self.kind == "ledger" or not isinstance(value, str) or value == ALL:
            return None
        return [value]

    async def action_export(self) -> None:
        from mentor_tui.core.diary_model import Options

        await caught_up(self.focused)  # every key typed before F2 is in the form
        if self.busy:
            return
        try:
            password = self._password()
        except MentorError as err:
            self._status(Text("! " + str(err)))
            return
        term = self.query_one("#export-term", Select).value
        names = self.names()
        # The id's first characters, not the name: a protected Word file on a stick must not
        # carry the child's name in its file name.
        label = names[0][:8] if names else ""
        job = {
            "kind": self.kind,
            "fmt": self.fmt(),
            "password": password,
            "names": names,
            "label": label,
            "folder": self.folder,
            "term": term if isinstance(term, str) else None,
            "opts": Options(
                lang=get_language(),
                include_sensitive=self.query_one("#export-sensitive", Checkbox).value,
                mask_phones=self.query_one("#export-mask", Checkbox).value,
            ),
        }
        for wid in ("#export-pw1", "#export-pw2"):
            self.query_one(wid, Input).value = ""
        self.busy = True
        self._status(t("wire.export.working"))
        bar = self.query_one("#export-progress", ProgressBar)
        bar.update(progress=0)
        self._bar_timer = self.set_timer(PROGRESS_AFTER, lambda: setattr(bar, "display", True))
        self._run(job)

    @work(thread=True, group="export", exit_on_error=False)
    def _run(self, job: dict) -> None:
        from mentor_tui.db import reports

        vault, today, kind, fmt = self.app.vault, self.app.today(), job["kind"], job["fmt"]
        if vault is None:
            return
        opts = job["opts"]

        def progress(done: int, total: int) -> None:
            self.post_message(self.Step(done, total))

        names, label, folder = job["names"], job["label"], job["folder"]
        per_child = {"names": names, "password": job["password"], "progress": progress}
        if kind == "cards":
            out = reports.default_path(self.app.paths, kind, label, today, fmt, opts.lang, folder)
            res = reports.export_cards(vault, out, fmt, opts, today, **per_child)
        else:
            term = reports.resolve_term(vault, job["term"], today)
            out = reports.default_path(
                self.app.paths,
                kind,
                "-".join(x for x in (term.name, label) if x),
                today,
                fmt,
                opts.lang,
                folder,
            )
            if kind == "diary":
                res = reports.export_diary(vault, out, fmt, term, opts, today, **per_child)
            else:
                res = reports.export_ledger(
                    vault, out, fmt, term, opts, today, progress=progress, password=job["password"]
                )
        self.post_message(self.Done(res))

    def on_export_screen_step(self, message: Step) -> None:
        if message.total:
            self.query_one("#export-progress", ProgressBar).update(
                progress=100 * message.done_ / message.total
            )

    def _finish(self) -> None:
        self.busy = False
        if self._bar_timer is not None:
            self._bar_timer.stop()
            self._bar_timer = None
        self.query_one("#export-progress", ProgressBar).display = False

    def on_export_screen_done(self, message: Done) -> None:
        self._finish()
        res = message.result
        text = Text(t("wire.export.done", n=res.children) + "\n")
        for path in res.paths:
            text.append_text(plain(t("export.written", path=path)))
            text.append("\n")
        self.last_result = res
        self._status(text)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if (
            event.state in (WorkerState.ERROR, WorkerState.CANCELLED)
            and event.worker.group == "export"
        ):
            self._finish()
            self._status("")

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(None)


def _stick_documents(vault, config: Config) -> Path | None:
    """Her stick's documents folder (created on the first export), or None when no stick is
    there: the documents then stay in this machine's exports folder."""
    from mentor_tui.roaming import export_folder

    try:
        stick = export_folder(vault, config)
    except OSError:
        return None
    return stick / t("export.ui.stick_folder") if stick is not None else None
