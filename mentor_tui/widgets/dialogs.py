"""Small dialogs every screen may open itself: yes/no, a reason to type, a choice from a list,
a child picked from a searchable list. Each is a ModalScreen whose result the caller handles in
its callback. (They live below the screens so that no screen imports another screen's module.)

The child picker: type to narrow the list the way the dashboard's search does (name, pinyin or
its initials, class: core/search.py), arrows to move, enter to choose, escape to cancel. Each
line shows the class too, so two children of one name in two classes can be told apart."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.i18n import t
from mentor_tui.core.search import matches
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.toggles import TICK_OFF, TICK_ON

NAME_CELLS = 24  # a name longer than this is cut ("…") in a picker's list


def name_cells(kids: list[tuple[str, str, str]]) -> int:
    """The name column of a picker: as wide as the longest name, up to NAME_CELLS."""
    return min(
        max((cell_len(clean_text(name)) for _cid, name, _cls in kids), default=4), NAME_CELLS
    )


class Confirm(AppScreen, ModalScreen[bool]):
    """y confirms; n or escape declines."""

    SCOPE = "confirm"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), id="confirm-question")
            yield Static(Text(t("confirm.hint"), style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ReasonPrompt(AppScreen, ModalScreen[str | None]):
    """A required reason (archive a child...). Enter or F2 accepts, escape cancels."""

    SCOPE = "reason"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, title: str) -> None:
        super().__init__()
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield Input(id="reason", placeholder=t("reason.placeholder"))
            yield Static("", id="reason-error", classes="form-error")
            yield Static(Text(t("reason.hint"), style="dim"))

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.action_accept()

    def action_accept(self) -> None:
        value = clean_text(self.query_one("#reason", Input).value).strip()
        if not value:
            self.query_one("#reason-error", Static).update(Text("! " + t("err.reason_required")))
            return
        self.dismiss(value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceModal(AppScreen, ModalScreen[str | None]):
    """Pick one of ``choices`` (id, label) with the arrows and enter."""

    SCOPE = "choice"
    BINDINGS = keys_for(SCOPE)

    def __init__(
        self, title: str, choices: list[tuple[str, str]], selected: str | None = None
    ) -> None:
        super().__init__()
        self.title_text = title
        self.choices = choices
        self.selected = selected  # the id highlighted first

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            if self.choices:
                yield OptionList(
                    *[Option(plain(label), id=cid) for cid, label in self.choices], id="choices"
                )
            else:
                yield Static(Text(t("choice.none")))

    def on_mount(self) -> None:
        ids = [cid for cid, _label in self.choices]
        if self.selected in ids:
            self.query_one("#choices", OptionList).highlighted = ids.index(self.selected)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChildPicker(AppScreen, ModalScreen[str | None]):
    SCOPE = "child_picker"
    BINDINGS = keys_for(SCOPE)

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
        width = name_cells(self.kids)
        for cid, name, cls in shown:
            label = plain(name, width=width)
            label.append(" " * (width + 2 - cell_len(label.plain)))
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


class ChildrenPicker(AppScreen, ModalScreen[list[str] | None]):
    """Tick the children one check-in is for (a group talk, a visit to siblings): arrows move,
    space ticks or unticks ([x] and [ ]), Enter takes the ticked ones, Esc changes nothing."""

    SCOPE = "children_picker"
    BINDINGS = keys_for(SCOPE)

    def __init__(
        self, title: str, kids: list[tuple[str, str, str]], ticked: list[str] | None = None
    ) -> None:
        """``kids``: (child id, name, class) in the order to list them; ``ticked``: the ids
        ticked at first, in the order they were ticked."""
        super().__init__()
        self.title_text = title
        self.kids = kids
        self.ticked = [cid for cid in ticked or [] if any(k[0] == cid for k in kids)]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.title_text), classes="dialog-title")
            yield OptionList(*[Option(self._label(k), id=k[0]) for k in self.kids], id="choices")
            yield Static(Text(t("picker.children_hint"), style="dim"), id="pick-note")

    def _label(self, kid: tuple[str, str, str]) -> Text:
        cid, name, cls = kid
        width = name_cells(self.kids)
        shown = plain(name, width=width)
        label = Text((TICK_ON if cid in self.ticked else TICK_OFF) + " ")
        label.append_text(shown)
        label.append(" " * (width + 2 - cell_len(shown.plain)))
        label.append_text(plain(cls, style="dim"))
        return label

    def on_mount(self) -> None:
        box = self.query_one("#choices", OptionList)
        if self.kids:
            first = next((i for i, k in enumerate(self.kids) if k[0] in self.ticked), 0)
            box.highlighted = first
        box.focus()

    def action_tick(self) -> None:
        box = self.query_one("#choices", OptionList)
        if box.highlighted is None or not self.kids:
            return
        kid = self.kids[box.highlighted]
        if kid[0] in self.ticked:
            self.ticked.remove(kid[0])
        else:
            self.ticked.append(kid[0])
        box.replace_option_prompt_at_index(box.highlighted, self._label(kid))

    def on_option_list_option_selected(self, _event: OptionList.OptionSelected) -> None:
        self.action_accept()

    def action_accept(self) -> None:
        self.dismiss(list(self.ticked) or None)

    def action_cancel(self) -> None:
        self.dismiss(None)
