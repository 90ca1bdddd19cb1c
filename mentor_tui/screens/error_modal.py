"""One clear sentence when something went wrong (never a traceback)."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import error_text
from mentor_tui.widgets.protocol import AppScreen


class ErrorModal(AppScreen, ModalScreen[None]):
    SCOPE = "error"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, message: str) -> None:
        super().__init__()
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Static(Text("! " + t("error.title"), style="bold"), classes="dialog-title")
            yield Static(error_text(self.message, prefix=""), id="error-message")
            yield Static(Text(t("error.hint"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
