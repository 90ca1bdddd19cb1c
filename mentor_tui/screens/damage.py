"""The one screen after damage is found (issue 13): what is damaged, and 修复.

The vault is read-only from the moment the damage is found (``Vault.mark_damaged``): nothing
is written on top of it. 修复 rebuilds the vault from every version still readable through SQL,
merged with the stick's sync file (``db/repair.py``), in a worker; the report (counts, ids and
kinds, never content) is shown here, and every screen reloads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Static

from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.protocol import AppScreen, DataChanged

if TYPE_CHECKING:
    from mentor_tui.db.repair import RepairReport
    from mentor_tui.db.sync_keys import SyncKeys
    from mentor_tui.db.vault_check import DamageReport

SHOWN_PROBLEMS = 3


def damage_text(damage: DamageReport | None) -> str:
    """What was found, in one line: the failed pages and SQLite's first findings."""
    if damage is None:
        return ""
    parts = []
    if damage.pages:
        parts.append(t("damage.pages", pages=", ".join(str(p) for p in damage.pages[:10])))
    parts += [p for p in damage.problems if "page" not in p.lower()][:SHOWN_PROBLEMS]
    return t("damage.what", what="; ".join(parts or damage.problems[:SHOWN_PROBLEMS]))


class DamageScreen(AppScreen, ModalScreen[bool]):
    """``stick``/``keys``: the stick's sync file (None when absent) and the keys to open it."""

    SCOPE = "damage"
    BINDINGS = keys_for(SCOPE)

    class Repaired(Message):
        def __init__(self, report: RepairReport) -> None:
            super().__init__()
            self.report = report

    def __init__(
        self, damage: DamageReport | None, stick: Path | None, keys: SyncKeys | None
    ) -> None:
        super().__init__()
        self.damage, self.stick, self.keys = damage, stick, keys
        self.busy = self.done = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Static(Text("! " + t("damage.title"), style="bold"), classes="dialog-title")
            with VerticalScroll():
                yield Static(Text(t("damage.body")), id="damage-body")
                yield Static(Text(damage_text(self.damage), style="dim"), id="damage-what")
                yield Static("", id="damage-status")

    def action_repair(self) -> None:
        if self.busy or self.done:
            return
        self.busy = True
        self.query_one("#damage-status", Static).update(Text(t("damage.repairing")))
        self._repair()

    @work(thread=True, group="repair", exit_on_error=False)
    def _repair(self) -> None:
        from mentor_tui.db.repair import repair_open

        try:
            report = repair_open(self.app.vault, self.stick, self.keys)
        finally:
            self.busy = False
        self.post_message(self.Repaired(report))

    def on_damage_screen_repaired(self, message: Repaired) -> None:
        self.done = True
        self.query_one("#damage-status", Static).update(Text("\n".join(message.report.lines())))
        self.tell_app(DataChanged())

    def action_close(self) -> None:
        if not self.busy:
            self.dismiss(self.done)
