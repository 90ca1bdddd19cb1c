"""The footer: the keys of the current screen, described in the teacher's language.

Binding descriptions are i18n keys (``key.save``); this bar translates them when it draws, so a
language switch needs no new bindings. Keys remapped in config.toml show their new key.

The bar must fit 80 columns in both languages, so it is compact: F1 (which lists every key)
comes first, then the screen's keys in the order the screen declares them (most important
first), the lock key last. What else it shows comes from the action table
(widgets/actions.py), by binding id: a row's short label when it has one, and the keys of one
group as one item (the quick-entry keys: ``t v p g d 记录``).
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from mentor_tui.core.i18n import t
from mentor_tui.widgets import actions

FIRST, LAST = "app.help", "app.lock"


def _order(ident: str) -> int:
    return 0 if ident == FIRST else 2 if ident == LAST else 1


def _active(screen) -> list[tuple[str, str, str]]:
    """(key display, description key, binding id) of the screen's active, shown bindings."""
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
        rows.append((app.get_key_display(b), b.description, b.id or ""))
    return sorted(rows, key=lambda r: _order(r[2]))  # stable: the screen's order in between


def binding_rows(screen) -> list[tuple[str, str, str]]:
    """(key display, description, binding id) of every active key: what F1 lists."""
    return [(display, t(desc), ident) for display, desc, ident in _active(screen)]


def short_label(desc: str, ident: str) -> str:
    """The row's short label (``key.short.*``) when it has one, else the description."""
    row = actions.find(ident)
    return t(row.short) if row is not None and row.short else t(desc)


def bar_items(screen) -> list[tuple[str, str]]:
    """(keys, label) as the bar shows them: short labels, a group's keys as one item (labelled
    ``key.short.<group>``) where its first key stands."""
    items: list[tuple[list[str], str]] = []
    groups: dict[str, list[str]] = {}
    for display, desc, ident in _active(screen):
        row = actions.find(ident)
        if row is None or not row.group:
            items.append(([display], short_label(desc, ident)))
        elif row.group in groups:
            groups[row.group].append(display)
        else:
            groups[row.group] = [display]
            items.append((groups[row.group], t(f"key.short.{row.group}")))
    return [(" ".join(keys), label) for keys, label in items]


class KeyBar(Static):
    """One line of keys; when they do not fit the terminal's width (the child file at 80
    columns has twelve) a second line, broken between items, never inside one, so no key is
    cut off or separated from its label."""

    DEFAULT_CSS = """
    KeyBar { dock: bottom; height: 1; background: $footer-background; color: $footer-foreground; }
    """

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, lambda _s: self.refresh_keys())
        self.refresh_keys()

    def on_resize(self, _event) -> None:
        self.refresh_keys()

    def refresh_keys(self) -> None:
        width = self.size.width or self.app.size.width
        lines = [Text(no_wrap=True, overflow="ellipsis")]
        for keys, label in bar_items(self.screen):
            item = Text()
            item.append(f" {keys} ", style="bold reverse")
            item.append(f"{label} ")
            if lines[-1].cell_len and lines[-1].cell_len + item.cell_len > width:
                lines.append(Text(no_wrap=True, overflow="ellipsis"))
            lines[-1].append_text(item)
        if self.styles.height is None or self.styles.height.value != len(lines):
            self.styles.height = len(lines)
        self.update(Text("\n").join(lines))
