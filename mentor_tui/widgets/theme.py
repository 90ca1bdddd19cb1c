"""The monochrome theme: black and white, for a screen without colour (``NO_COLOR``, a
projector, a grey-scale laptop). Everything the app says by colour it also says by a glyph or a
word (marks carry words, radios ● ○, check boxes [x] [ ], the focused field a bar on its left);
this theme keeps contrast high where Textual's colours would fade to the same grey.

Chosen in Settings (config.toml ``theme``), and always when ``NO_COLOR`` is set.
"""

from __future__ import annotations

from textual.theme import Theme

MONO = "mentor-mono"
DEFAULT = "textual-dark"
THEMES = (DEFAULT, MONO)  # what Settings offers

MONO_THEME = Theme(
    name=MONO,
    primary="#ffffff",
    secondary="#c0c0c0",
    accent="#ffffff",
    warning="#ffffff",
    error="#ffffff",
    success="#ffffff",
    foreground="#ffffff",
    background="#000000",
    surface="#000000",
    panel="#000000",
    boost="#202020",
    dark=True,
    variables={
        "block-cursor-background": "#ffffff",
        "block-cursor-foreground": "#000000",
        "block-cursor-text-style": "bold",
        "block-cursor-blurred-background": "#606060",
        "block-cursor-blurred-foreground": "#ffffff",
        "block-hover-background": "#303030",
        "border": "#ffffff",
        "border-blurred": "#808080",
        "footer-background": "#000000",
        "footer-foreground": "#ffffff",
        "footer-key-foreground": "#ffffff",
        "input-selection-background": "#808080",
        "input-cursor-background": "#ffffff",
        "input-cursor-foreground": "#000000",
        "scrollbar": "#808080",
        "scrollbar-background": "#000000",
        "text-muted": "#c0c0c0",
        "text-disabled": "#808080",
        "text-error": "#ffffff",
        "text-warning": "#ffffff",
        "text-success": "#ffffff",
        "datatable-header-background": "#000000",
    },
)


def theme_for(configured: str, no_color: bool, available: object) -> str:
    """The theme to show: monochrome under ``NO_COLOR``, else the configured one when the app
    has it, else the default."""
    if no_color:
        return MONO
    return configured if configured and configured in available else DEFAULT  # type: ignore[operator]
