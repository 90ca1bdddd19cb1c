"""The first screen on a machine without a profile (issue 14, item 1): two ways in — "我是新老师"
(the wizard) and "从U盘恢复" (restore from the sync file on her stick). The list leaves room
for more ways in (a school profile, another issue). Arrows and enter, or the digit keys. When a
sync file is found on a stick (the one the portable program runs from first), a worker moves the
highlight to the restore after the first frame: enter then restores at once."""

from __future__ import annotations

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
from mentor_tui.widgets.requests import OpenRestore, OpenWizard, ScreenRequest

# (option id, catalog key of its label, catalog key of its line below, the request it opens)
WAYS_IN: tuple[tuple[str, str, str, ScreenRequest], ...] = (
    ("new", "welcome.new", "welcome.new.help", OpenWizard()),
    ("restore", "welcome.restore", "welcome.restore.help", OpenRestore()),
)


class WelcomeScreen(AppScreen, Screen):
    SCOPE = "welcome"
    BINDINGS = keys_for(SCOPE)

    def compose(self) -> ComposeResult:
        with Vertical(id="welcome-box", classes="dialog"):
            yield Static(Text(t("app.name"), style="bold"), classes="dialog-title")
            yield Static(Text(t("welcome.question")))
            yield OptionList(
                *[
                    Option(Text.assemble((f"{n}  {t(label)}", "bold"), "\n   ", t(help_)), id=key)
                    for n, (key, label, help_, _request) in enumerate(WAYS_IN, 1)
                ],
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
        ids = [key for key, *_rest in WAYS_IN]
        self.query_one("#ways", OptionList).highlighted = ids.index("restore")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.action_way(event.option_index + 1)

    def action_way(self, n: int) -> None:
        if 1 <= n <= len(WAYS_IN):
            self.navigate(WAYS_IN[n - 1][3])

    def relocalize(self) -> None:
        self.refresh(recompose=True)
