"""F1: the keys of the screen underneath, with the binding ids used in config.toml [keymap]; in a
form, first its fields in order with the keys that reach each one."""

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

    def __init__(
        self, rows: list[tuple[str, str, str]], fields: list[tuple[str, str]] | None = None
    ) -> None:
        """``rows``: (key, description, binding id) of the keys that work; ``fields``: (label,
        keys) of a form's fields."""
        super().__init__()
        self.rows = rows
        self.fields = fields or []

    def compose(self) -> ComposeResult:
        fields = None
        if self.fields:
            fields = Table(box=None, show_header=True, header_style="bold", expand=False)
            fields.add_column(t("help.col.field"), no_wrap=True)
            fields.add_column(t("help.col.field_keys"), overflow="fold")
            for label, keys in self.fields:
                fields.add_row(Text(label), Text(keys, style="bold"))
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
                if fields is not None:
                    yield Static(fields, id="help-fields")
                    yield Static("")
                yield Static(table, id="help-table")
            yield Static(Text(t("help.remap"), style="dim"))

    def action_close(self) -> None:
        self.dismiss(None)
