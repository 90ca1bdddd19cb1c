"""Small dialogs: yes/no, a reason to type, a choice from a list. Each is a ModalScreen whose
result the caller handles in its callback."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text
from mentor_tui.screens.base import APP_KEYS
from mentor_tui.widgets.common import plain


class Confirm(ModalScreen[bool]):
    """y confirms; n or escape declines."""

    BINDINGS = [
        Binding("y", "answer(True)", "key.yes", id="confirm.yes"),
        Binding("n,escape", "answer(False)", "key.no", id="confirm.no"),
        *APP_KEYS,
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(plain(self.question), id="confirm-question")
            yield Static(Text(t("confirm.hint"), style="dim"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ReasonPrompt(ModalScreen[str | None]):
    """A required reason (archive a child...). Enter or F2 accepts, escape cancels."""

    BINDINGS = [
        Binding("f2", "accept", "key.ok", id="reason.ok", priority=True),
        Binding("escape", "cancel", "key.cancel", id="reason.cancel"),
        *APP_KEYS,
    ]

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


class ChoiceModal(ModalScreen[str | None]):
    """Pick one of ``choices`` (id, label) with the arrows and enter."""

    BINDINGS = [Binding("escape", "cancel", "key.cancel", id="choice.cancel"), *APP_KEYS]

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
