"""F1: the keys of the screen underneath, with the binding ids used in config.toml [keymap]."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.protocol import AppScreen


class HelpScreen(AppScreen, ModalScreen[None]):
    SCOPE = "help"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, rows: list[tuple[str, str, str]]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        table = Table(box=None, show_header=True, header_style="bold", expand=False)
        table.add_column(t("help.col.key"), no_wrap=True)
        table.add_column(t("help.col.action"), overflow="fold")  # Chinese has no spaces to wrap at
        table.add_column(t("help.col.id"), style="dim", no_wrap=True)
        for key, desc, ident in self.rows:
            table.add_row(Text(key, style="bold"), Text(desc), Text(ident))
        table.add_row(Text("ctrl+p", style="bold"), Text(t("help.palette")), Text(""))
        table.add_row(Text("ctrl+q", style="bold"), Text(t("help.quit")), Text(""))
        with Vertical(classes="dialog help-dialog"):
            yield Static(Text(t("help.title"), style="bold"), classes="dialog-title")
            with VerticalScroll():
                yield Static(table, id="help-table")
            yield Static(Text(t("help.remap"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
