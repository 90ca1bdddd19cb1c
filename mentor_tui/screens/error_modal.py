"""One clear sentence when something went wrong (never a traceback).

What she types while it shows is not lost (issue 16): the characters are kept and go into the
field that has the focus once it closes (she was typing her passphrase again, or her notes).
Enter or Esc closes it."""

from __future__ import annotations

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

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
        self.typed: list[str] = []  # characters typed while it shows

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Static(Text("! " + t("error.title"), style="bold"), classes="dialog-title")
            yield Static(error_text(self.message, prefix=""), id="error-message")
            yield Static(Text(t("error.hint"), style="dim"))

    def on_key(self, event: events.Key) -> None:
        character = " " if event.key == "space" else event.character
        if character and (event.is_printable or event.key == "space"):
            self.typed.append(character)
            event.stop()

    def on_paste(self, event: events.Paste) -> None:
        self.typed.append(event.text)
        event.stop()

    def action_close(self) -> None:
        typed, self.typed = "".join(self.typed), []
        app = self.app
        self.dismiss(None)
        if typed:
            app.call_after_refresh(hand_over, app, typed)


def hand_over(app, typed: str) -> None:
    """Type ``typed`` into the field that has the focus now (nothing when none has)."""
    focused = app.screen.focused
    if isinstance(focused, Input):
        focused.insert_text_at_cursor(typed)
    elif isinstance(focused, TextArea):
        focused.insert(typed)
