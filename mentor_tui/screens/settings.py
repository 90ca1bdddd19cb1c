"""Settings kept in config.toml: language, the look (colour, or black and white), the auto-lock
time, a pinned sync folder (picked with F3 in the file picker, or typed; her stick is found
without it) and whether this is a shared computer."""

from __future__ import annotations

from dataclasses import replace

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, RadioSet, Static

from mentor_tui.config import Config
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import caught_up, field_row, fit_labels
from mentor_tui.widgets.forms import field_help
from mentor_tui.widgets.protocol import AppScreen, ResumePoint
from mentor_tui.widgets.requests import OpenPicker, OpenSettings
from mentor_tui.widgets.theme import DEFAULT, MONO, THEMES
from mentor_tui.widgets.toggles import Radio, RadioRow, Tick

SETTINGS_LABEL_CAP = 20  # the label column at most: a label wraps only beyond this


class SettingsScreen(AppScreen, ModalScreen[Config | None]):
    SCOPE = "settings"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, config: Config, typed: dict | None = None) -> None:
        super().__init__()
        self.config = config
        self.typed = typed or {}  # what was typed before a lock (resume_point)

    def compose(self) -> ComposeResult:
        lang = self.typed.get("language") or self.config.language or get_language()
        look = self.typed.get("theme") or (MONO if self.config.theme == MONO else DEFAULT)
        with Vertical(classes="dialog"):
            yield Static(Text(t("settings.title"), style="bold"), classes="dialog-title")
            with Horizontal(classes="field-row"):
                yield Static(t("settings.language"), classes="field-label", markup=False)
                with RadioRow(id="language", compact=True):
                    yield Radio("中文", value=lang == "zh", id="zh")
                    yield Radio("English", value=lang == "en", id="en")
            idle = self.typed.get("idle", str(self.config.idle_minutes))
            folder = self.typed.get("sync_folder", self.config.sync_folder)
            yield field_row("settings.idle", Input(idle, id="idle", type="integer", compact=True))
            yield field_row(
                "wire.settings.sync_folder", Input(folder, id="sync_folder", compact=True)
            )
            with Horizontal(classes="field-row"):
                yield Static(t("settings.theme"), classes="field-label", markup=False)
                with RadioRow(id="theme", compact=True):
                    for name in THEMES:
                        yield Radio(t(f"theme.{name}"), value=look == name, id=name)
            shared = self.typed.get("shared", "1" if self.config.is_shared_pc else "")
            yield Tick(t("shared.question"), value=bool(shared), id="shared")
            yield Static(Text(t("settings.hint"), style="dim"))
            yield Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self.on_resize()
        self.set_focus(self.query_one("#language", RadioSet))

    def on_resize(self) -> None:
        fit_labels(self, SETTINGS_LABEL_CAP)  # "自动锁定（分钟）" on one line

    def _pressed(self, wid: str) -> str:
        pressed = self.query_one(f"#{wid}", RadioSet).pressed_button
        return pressed.id or "" if pressed is not None else ""

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.focus_next()

    def field_help(self) -> list[tuple[str, str]]:
        return field_help(self)

    def resume_point(self) -> ResumePoint:
        """For locking: reopen with what was typed (no child data here: kept in memory)."""
        typed = {
            "language": self._pressed("language"),
            "theme": self._pressed("theme"),
            "idle": self.query_one("#idle", Input).value,
            "sync_folder": self.query_one("#sync_folder", Input).value,
            "shared": "1" if self.query_one("#shared", Tick).value else "",
        }
        return ResumePoint(OpenSettings(typed))

    async def action_save(self) -> None:
        await caught_up(self.focused)  # every key typed before F2 is in the form
        raw = self.query_one("#idle", Input).value.strip()
        if not raw.isdigit() or int(raw) > 24 * 60:
            self.query_one("#form-error", Static).update(Text("! " + t("err.bad_idle")))
            return
        language = self._pressed("language") or self.config.language
        # colour keeps a theme picked in the palette (ctrl+p), black and white is ours
        if self._pressed("theme") == MONO:
            theme = MONO
        else:
            theme = self.config.theme if self.config.theme != MONO else ""
        folder = clean_text(self.query_one("#sync_folder", Input).value).strip()
        shared = "yes" if self.query_one("#shared", Tick).value else "no"
        if shared == "no" and not self.config.shared_pc:
            shared = ""  # never asked, and left unticked: still unknown
        self.dismiss(
            replace(
                self.config,
                language=language,
                theme=theme,
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
