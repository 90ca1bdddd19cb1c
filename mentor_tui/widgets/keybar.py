"""The footer: the keys of the current screen, described in the teacher's language.

Binding descriptions are i18n keys (``key.save``); this bar translates them when it draws, so a
language switch needs no new bindings. Keys remapped in config.toml show their new key.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mentor_tui.core.i18n import t


def binding_rows(screen) -> list[tuple[str, str, str]]:
    """(key display, description, binding id) of the screen's active, shown bindings."""
    app = screen.app
    rows, seen = [], set()
    for _key, active in screen.active_bindings.items():
        b = active.binding
        if not b.show or not b.description or not active.enabled:
            continue
        ident = (b.action, b.description)
        if ident in seen:
            continue
        seen.add(ident)
        rows.append((app.get_key_display(b), t(b.description), b.id or ""))
    # the app's own keys (help, lock) first, so they stay visible at 80 columns
    return sorted(rows, key=lambda r: not r[2].startswith("app."))


class KeyBar(Static):
    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _s: self.refresh_keys())
        self.refresh_keys()

    def refresh_keys(self) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for display, desc, _id in binding_rows(self.screen):
            text.append(f" {display} ", style="bold reverse")
            text.append(f" {desc}  ")
        self.update(text)
