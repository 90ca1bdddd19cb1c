"""The first screen on a machine without a profile (issue 14, item 1): three ways in — "我是新老师"
(the wizard), "从U盘恢复" (restore from the sync file on her stick) and "学校管理" (a school
profile for the coordinator, issue 19). Arrows and enter, or the digit keys. When a
sync file is found on a stick (the one the portable program runs from first), a worker moves the
highlight to the restore after the first frame: enter then restores at once."""

from __future__ import annotations

from typing import NamedTuple

from rich.console import Group
from rich.padding import Padding
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, UnlockShown
from mentor_tui.widgets.requests import OpenRestore, OpenSchoolCreate, OpenWizard, ScreenRequest


class WayIn(NamedTuple):
    """One way in: its option id, the catalog keys of its label and of the line below it, and
    the screen it opens."""

    key: str
    label: str
    help: str
    request: ScreenRequest


WAYS_IN: tuple[WayIn, ...] = (
    WayIn("new", "welcome.new", "welcome.new.help", OpenWizard()),
    WayIn("restore", "welcome.restore", "welcome.restore.help", OpenRestore()),
    WayIn("school", "welcome.school", "welcome.school.help", OpenSchoolCreate()),
)


def way_prompt(n: int, way: WayIn) -> Group:
    """The option's text: its number and label in bold, the help below, indented under the
    label (a wrapped help line stays indented rather than starting at column 0)."""
    return Group(
        Text(f"{n}  {t(way.label)}", style="bold"),
        Padding(Text(t(way.help)), (0, 0, 0, 3)),
    )


class WelcomeScreen(AppScreen, Screen):
    SCOPE = "welcome"
    BINDINGS = keys_for(SCOPE)

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box", classes="dialog"):
            yield Static(Text(t("app.name"), style="bold"), classes="dialog-title")
            yield Static(Text(t("welcome.question")))
            yield OptionList(
                *[Option(way_prompt(n, way), id=way.key) for n, way in enumerate(WAYS_IN, 1)],
                id="ways",
            )
        yield KeyBar()

    def __init__(self, config=None) -> None:
        super().__init__()
        self.config = config

    def on_mount(self) -> None:
        self.query_one("#ways", OptionList).focus()
        self.call_after_refresh(self.tell_app, UnlockShown())  # preload while she reads
        if self.config is not None:
            self.call_after_refresh(self._look_for_her_stick)

    @work(thread=True, group="welcome", exit_on_error=False)
    def _look_for_her_stick(self) -> None:
        from mentor_tui.roaming import restore_candidates

        if restore_candidates(self.config):
            self.app.call_from_thread(self._offer_restore)

    def _offer_restore(self) -> None:
        ids = [way.key for way in WAYS_IN]
        self.query_one("#ways", OptionList).highlighted = ids.index("restore")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_way(event.option_index + 1)

    def action_way(self, n: int) -> None:
        if 1 <= n <= len(WAYS_IN):
            self.navigate(WAYS_IN[n - 1].request)

    def relocalize(self) -> None:
        self.refresh(recompose=True)
