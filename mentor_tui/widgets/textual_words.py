"""Textual's own words in the teacher's language. Textual (8.2.8, pinned in pyproject.toml)
says some things in English: the command palette's placeholder and "no matches" line, the
theme picker's placeholder, the notice when ctrl+c is pressed outside a text field. ``MentorApp``
calls these instead, and they say it through the i18n layer."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from mentor_tui.core.i18n import t


class Palette(CommandPalette):
    def __init__(self, *args, placeholder_key: str = "palette.placeholder", **kwargs) -> None:
        super().__init__(*args, placeholder=t(placeholder_key), **kwargs)

    def _start_no_matches_countdown(self, search_value: str) -> None:
        """Textual's own, with the line translated (it is English there)."""
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(t("palette.no_matches"), style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)


# Textual's own bindings that show in the key bar and F1, by action: our words for them
# (the others are Textual's defaults, shown nowhere).
TEXTUAL_KEYS = {"dismiss": "key.close_menu"}


def key_words(action: str) -> str:
    """The catalog key describing one of Textual's own bindings, "" to leave it out."""
    return TEXTUAL_KEYS.get(action, "")


def open_palette(app) -> None:
    """``App.action_command_palette`` with :class:`Palette`."""
    if app.use_command_palette and not CommandPalette.is_open(app):
        app.push_screen(Palette(id="--command-palette"))


def open_theme_picker(app) -> None:
    """``App.search_themes`` with :class:`Palette`."""
    from textual.theme import ThemeProvider

    app.push_screen(Palette(providers=[ThemeProvider], placeholder_key="palette.themes"))


def help_quit(app) -> None:
    """``App.action_help_quit`` (ctrl+c outside a text field no longer quits; say which key
    does), with the sentence translated and the key shown as plain text."""
    for _key, active in app.active_bindings.items():
        if active.binding.action in ("quit", "app.quit"):
            app.notify(
                Text(t("app.how_to_quit", keys=app.get_key_display(active.binding))),
                title=t("app.how_to_quit_title"),
            )
            return
