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
from textual.keys import key_to_character
from textual.widgets import Input, Static, TextArea

from mentor_tui.core.i18n import t
from mentor_tui.widgets import actions, textual_words

FIRST, LAST = "app.help", "app.lock"
NAMED_CHARACTERS = {"slash": "/"}  # keys Textual names that type a character


def _order(ident: str) -> int:
    return 0 if ident == FIRST else 2 if ident == LAST else 1


def types_text(key: str) -> bool:
    """Whether ``key`` types a character (a letter, a digit, space, "/", "!"...)."""
    char = NAMED_CHARACTERS.get(key) or key_to_character(key)
    return char is not None and len(char) == 1 and char.isprintable()


def typing(screen) -> bool:
    """Whether the focus is in a text field, where letters and digits are text."""
    return isinstance(screen.focused, (Input, TextArea))


def _active(screen, bar: bool = False) -> list[tuple[str, str, str]]:
    """(key display, description key, binding id) of the keys that work now: the active,
    shown bindings of the screen and of the focused widget, but not those that type a
    character while the focus is in a text field (there they are text). Textual's own
    bindings show only when the app has words for them (widgets/textual_words.py); with
    ``bar``, not the rows kept out of the key bar."""
    app = screen.app
    in_text = typing(screen)
    rows: list[tuple[str, str, str]] = []
    seen: dict[tuple[str, str], int] = {}  # one row per action, its keys joined ("⏎/↓")
    for key, active in screen.active_bindings.items():
        b = active.binding
        if not b.show or not active.enabled:
            continue
        if in_text and not b.priority and types_text(b.key):
            continue
        row = actions.find(b.id or "")
        description = b.description if row is not None else textual_words.key_words(b.action)
        if not description or (bar and row is not None and not row.bar):
            continue
        ident = (b.action, description)
        shown = app.get_key_display(b)
        if ident in seen:
            display, desc, bid = rows[seen[ident]]
            # the bar keeps a control-key stand-in (^j for F2) for F1, which lists them all
            if shown not in display.split("/") and not (bar and key.startswith("ctrl+")):
                rows[seen[ident]] = (f"{display}/{shown}", desc, bid)
            continue
        seen[ident] = len(rows)
        rows.append((shown, description, b.id or ""))
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
    for display, desc, ident in _active(screen, bar=True):
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
        self.watch(self.screen, "focused", lambda _w: self.refresh_keys(), init=False)
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
