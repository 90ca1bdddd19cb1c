"""Settings kept in config.toml: language, the auto-lock time, a pinned sync folder (picked with
F3 in the file picker, or typed; her stick is found without it) and whether this is a shared
computer."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, RadioButton, RadioSet, Static

from mentor_tui.config import Config
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import field_row, mark_pressed
from mentor_tui.widgets.protocol import AppScreen, ResumePoint
from mentor_tui.widgets.requests import OpenPicker, OpenSettings


class SettingsScreen(AppScreen, ModalScreen[Config | None]):
    SCOPE = "settings"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, config: Config, typed: dict | None = None) -> None:
        super().__init__()
        self.config = config
        self.typed = typed or {}  # what was typed before a lock (resume_point)

    def compose(self) -> ComposeResult:
        lang = self.typed.get("language") or self.config.language or get_language()
        with Vertical(classes="dialog"):
            yield Static(Text(t("settings.title"), style="bold"), classes="dialog-title")
            with Horizontal(classes="field-row outcome-row"):
                yield Static(t("settings.language"), classes="field-label", markup=False)
                with RadioSet(id="language"):
                    yield RadioButton("中文", value=lang == "zh", id="zh")
                    yield RadioButton("English", value=lang == "en", id="en")
            idle = self.typed.get("idle", str(self.config.idle_minutes))
            folder = self.typed.get("sync_folder", self.config.sync_folder)
            yield field_row("settings.idle", Input(idle, id="idle", type="integer", compact=True))
            yield field_row(
                "wire.settings.sync_folder", Input(folder, id="sync_folder", compact=True)
            )
            shared = self.typed.get("shared", "1" if self.config.is_shared_pc else "")
            yield Checkbox(t("shared.question"), value=bool(shared), id="shared", compact=True)
            yield Static(Text(t("settings.hint"), style="dim"))
            yield Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self.on_radio_set_changed()
        self.query_one("#language", RadioSet).focus()

    def on_radio_set_changed(self, _event=None) -> None:
        mark_pressed(self.query_one("#language", RadioSet), {"zh": "中文", "en": "English"})

    def resume_point(self) -> ResumePoint:
        """For locking: reopen with what was typed (no child data here: kept in memory)."""
        pressed = self.query_one("#language", RadioSet).pressed_button
        typed = {
            "language": pressed.id if pressed is not None else "",
            "idle": self.query_one("#idle", Input).value,
            "sync_folder": self.query_one("#sync_folder", Input).value,
            "shared": "1" if self.query_one("#shared", Checkbox).value else "",
        }
        return ResumePoint(OpenSettings(typed))

    def action_save(self) -> None:
        raw = self.query_one("#idle", Input).value.strip()
        if not raw.isdigit() or int(raw) > 24 * 60:
            self.query_one("#form-error", Static).update(Text("! " + t("err.bad_idle")))
            return
        pressed = self.query_one("#language", RadioSet).pressed_button
        language = pressed.id if pressed is not None else self.config.language
        folder = clean_text(self.query_one("#sync_folder", Input).value).strip()
        shared = "yes" if self.query_one("#shared", Checkbox).value else "no"
        if shared == "no" and not self.config.shared_pc:
            shared = ""  # never asked, and left unticked: still unknown
        self.dismiss(
            replace(
                self.config,
                language=language,
                idle_minutes=int(raw),
                sync_folder=folder,
                shared_pc=shared,
            )
        )

    def action_pick_folder(self) -> None:
        """F3: pick the sync folder in the file picker."""
        start = self.query_one("#sync_folder", Input).value

        def picked(path) -> None:
            if path is not None:
                self.query_one("#sync_folder", Input).value = str(path)

        self.navigate(OpenPicker("sync_folder", start), picked)

    def action_cancel(self) -> None:
        self.dismiss(None)
