"""A school profile (学校管理 on the first screen; issue 19 item 1): the school's name and a
passphrase typed twice. F2 creates it (db/school_setup.create_school: a vault of profile kind
"school", its key pair and the school's id) in a thread worker and opens the school's overview;
the fingerprint teachers compare when they join is shown there and on every handover sheet.
Escape goes back to the first screen."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, Static

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import require_name
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text, field_row
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, VaultOpened


class SchoolCreateScreen(AppScreen, Screen):
    SCOPE = "school_create"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    SchoolCreateScreen { align: center middle; }
    """

    class Created(Message):
        def __init__(self, vault) -> None:
            super().__init__()
            self.vault = vault

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Text(t("school.ui.create_title"), style="bold"), classes="dialog-title")
            yield Static(Text(t("school.ui.create_help")))
            yield field_row("school.ui.school_name", Input(id="school-name"), required=True)
            yield field_row(
                "wizard.passphrase", Input(password=True, id="school-pass1"), required=True
            )
            yield field_row(
                "wizard.passphrase_again", Input(password=True, id="school-pass2"), required=True
            )
            yield Static(Text(t("wizard.passphrase_hint"), style="dim"))
            yield Static("", id="school-create-error", classes="form-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#school-name", Input).focus()

    def _value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "school-pass2":
            self.action_create()
        else:
            self.focus_next()

    def action_create(self) -> None:
        from mentor_tui.core.kdf import check_new_passphrase

        status = self.query_one("#school-create-error", Static)
        try:
            name = require_name(self._value("school-name"))
            check_new_passphrase(self._value("school-pass1"))
            if self._value("school-pass1") != self._value("school-pass2"):
                raise MentorError("err.passphrase_mismatch")
        except MentorError as err:
            status.update(error_text(err))
            return
        passphrase = self._value("school-pass1")
        for wid in ("school-pass1", "school-pass2"):
            self.query_one(f"#{wid}", Input).value = ""
        status.update(Text(t("wizard.creating")))
        self._create(name, passphrase)

    @work(thread=True, group="db", exit_on_error=False)
    def _create(self, name: str, passphrase: str) -> None:
        from mentor_tui.db.school_setup import create_school

        vault = self.app.vault_call(create_school, self.app.paths, name, passphrase)
        self.app.attach_sync_keys(vault, passphrase)
        self.post_message(self.Created(vault))

    def on_school_create_screen_created(self, message: Created) -> None:
        self.tell_app(VaultOpened(message.vault))

    def on_worker_state_changed(self, event) -> None:
        from textual.worker import WorkerState

        if event.state is WorkerState.ERROR:  # the app shows the message
            self.query_one("#school-create-error", Static).update("")

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.dismiss(None)
