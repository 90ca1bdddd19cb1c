"""Ask for a file's path (import a sync file, a roster). Enter accepts an existing file, escape
cancels; the result is a :class:`~pathlib.Path` or None."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.protocol import AppScreen


class PathPrompt(AppScreen, ModalScreen[Path | None]):
    SCOPE = "path"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, title: str, value: str = "") -> None:
        super().__init__()
        self.title_text, self.value = title, value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Input(self.value, id="path", placeholder=t("wire.path.placeholder"))
            yield Static("", id="path-error", classes="form-error")
            yield Static(Text(t("wire.path.hint"), style="dim"))

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        raw = clean_text(event.value).strip().strip("'\"")
        if not raw:
            return
        path = Path(raw).expanduser()
        try:
            ok = path.is_file()
        except OSError:
            ok = False
        if not ok:
            self.query_one("#path-error", Static).update(Text("! " + t("wire.path.missing")))
            return
        self.dismiss(path)

    def action_cancel(self) -> None:
        self.dismiss(None)
