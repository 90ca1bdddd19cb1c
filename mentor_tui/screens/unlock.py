"""Start and lock screen: profile names only, then the passphrase.

Nothing about children is on this screen, so it is also the opaque screen shown when locked.

No key she types is lost (issue 16): the passphrase field stays enabled while the passphrase
is checked (what she types then lands in it, hidden; it is dropped with the screen when the
vault opens), and what she types while the wrong-passphrase message shows goes into the field
once the message closes (screens/error_modal.py).
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option
from textual.worker import Worker, WorkerState

from mentor_tui.core.i18n import t
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, UnlockShown, VaultOpened
from mentor_tui.widgets.requests import OpenWelcome


def profile_label(profile, style: str = "") -> Text:
    """A profile's name; a school office's marked as one (issue 19)."""
    label = plain(profile.name, style=style)
    if profile.kind == "school":
        label.append("  " + t("school.ui.profile_mark"), style="dim")
    return label


class UnlockScreen(AppScreen, Screen):
    SCOPE = "unlock"
    BINDINGS = keys_for(SCOPE)

    class Unlocked(Message):
        def __init__(self, vault) -> None:
            super().__init__()
            self.vault = vault

    def __init__(self, profiles: list, selected: str | None = None, locked: bool = False) -> None:
        super().__init__()
        self.profiles = list(profiles)
        self.locked = locked
        self.working = False  # a passphrase is being checked
        names = [p.name for p in self.profiles]
        self.index = names.index(selected) if selected in names else 0

    def compose(self) -> ComposeResult:
        with Vertical(id="unlock-box", classes="dialog"):
            yield Static(Text(t("app.name"), style="bold"), classes="dialog-title")
            if self.locked:
                yield Static(Text("🔒 " + t("unlock.locked")), id="locked-note")
            if len(self.profiles) > 1:
                yield Static(t("unlock.pick_profile"), markup=False)
                yield OptionList(
                    *[Option(profile_label(p), id=str(i)) for i, p in enumerate(self.profiles)],
                    id="profiles",
                )
            else:
                yield Static(profile_label(self.profiles[0], "bold"), id="profile-name")
            yield Static(t("unlock.passphrase"), markup=False)
            yield Input(password=True, id="passphrase")
            yield Static("", id="unlock-status")
        yield KeyBar()

    def on_mount(self) -> None:
        if len(self.profiles) > 1:
            self.query_one("#profiles", OptionList).highlighted = self.index
        self.query_one("#passphrase", Input).focus()
        self.call_after_refresh(self.tell_app, UnlockShown())

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self.index = int(event.option.id or 0)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.index = int(event.option.id or 0)
        self.query_one("#passphrase", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if self.working:
            return  # the first attempt is still being checked; what she typed stays
        passphrase = event.value
        event.input.value = ""
        if not passphrase:
            return
        self.working = True
        self.query_one("#unlock-status", Static).update(Text(t("unlock.working")))
        self._unlock(self.profiles[self.index], passphrase)

    @work(thread=True, group="db", exit_on_error=False)
    def _unlock(self, profile, passphrase: str) -> None:
        self.app.wait_closed()
        early = self.app.unwrap_early(profile, passphrase)  # Argon2id while db.vault imports
        from mentor_tui.db.vault import open_vault

        vault = self.app.vault_call(
            open_vault, self.app.paths, profile, passphrase, early=early.result()
        )
        self.app.attach_sync_keys(vault, passphrase)
        self.post_message(self.Unlocked(vault))

    def on_unlock_screen_unlocked(self, message: Unlocked) -> None:
        self.tell_app(VaultOpened(message.vault))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
            self.working = False
            self.set_focus(self.query_one("#passphrase", Input))
            self.query_one("#unlock-status", Static).update("")

    def action_new_profile(self) -> None:
        """Another teacher on this machine: the first screen's choice (new, or restore from
        her stick — without unlocking anyone else's vault)."""
        self.navigate(OpenWelcome())

    def relocalize(self) -> None:
        self.refresh(recompose=True)
