"""Choosing a child for a flag or an absence: type to narrow the list the way the dashboard's
search does (name, pinyin or its initials, class: core/search.py), arrows to move, enter to
choose, escape to cancel. Each line shows the class too, so two children of one name in two
classes can be told apart."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.i18n import t
from mentor_tui.core.search import matches
from mentor_tui.screens.base import APP_KEYS
from mentor_tui.widgets.common import plain

NAME_CELLS = 16


class ChildPicker(ModalScreen[str | None]):
    BINDINGS = [
        Binding("escape", "cancel", "key.cancel", id="picker.cancel"),
        Binding("down", "move(1)", show=False),
        Binding("up", "move(-1)", show=False),
        *APP_KEYS,
    ]

    def __init__(self, title: str, kids: list[tuple[str, str, str]]) -> None:
        """``kids``: (child id, name, class) in the order to list them."""
        super().__init__()
        self.title_text = title
        self.kids = kids
        self.choices = [(cid, name) for cid, name, _class in kids]  # what is listed, in order

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Input(placeholder=t("search.placeholder"), id="pick-search")
            yield OptionList(id="choices")
            yield Static("", id="pick-note")

    def on_mount(self) -> None:
        self._fill("")
        self.query_one("#pick-search", Input).focus()

    def _fill(self, query: str) -> None:
        shown = [(cid, name, cls) for cid, name, cls in self.kids if matches(query, name, cls)]
        self.choices = [(cid, name) for cid, name, _cls in shown]
        box = self.query_one("#choices", OptionList)
        box.clear_options()
        for cid, name, cls in shown:
            label = plain(name, width=NAME_CELLS)
            label.append(" " * (NAME_CELLS + 2 - cell_len(label.plain)))
            label.append_text(plain(cls, style="dim"))
            box.add_option(Option(label, id=cid))
        if shown:
            box.highlighted = 0
        note = "" if shown else t("picker.no_match" if query.strip() else "choice.none")
        self.query_one("#pick-note", Static).update(Text(note))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._fill(event.value)

    def action_move(self, step: int) -> None:
        box = self.query_one("#choices", OptionList)
        if box.option_count:
            now = box.highlighted if box.highlighted is not None else -step
            box.highlighted = max(0, min(box.option_count - 1, now + step))

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        box = self.query_one("#choices", OptionList)
        if box.highlighted is not None and box.option_count:
            self.dismiss(box.get_option_at_index(box.highlighted).id)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
