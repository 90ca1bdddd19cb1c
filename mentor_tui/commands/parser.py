"""The argparse pieces every subcommand is built with, speaking the teacher's language.

Help texts come from the catalog (``mentor_tui/core/catalog/cli_help.py``): ``cli.cmd.<path>``
for a subcommand, ``cli.opt.<path>.<option>`` for an option. The language is set before the
parser is built (``mentor_tui.cli.main``), so ``t()`` here already answers in it. argparse's own
headings ("usage:", "options:") and its parse errors stay in English.
"""

from __future__ import annotations

import argparse
import unicodedata
from typing import Any

from mentor_tui.core.i18n import get_language, t

_NO_LINE_START = "，。、；：！？）》」』’”"
_NO_LINE_END = "（《「『‘“"


def _is_wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def _cells(text: str) -> int:
    return sum(2 if _is_wide(ch) else 1 for ch in text)


def wrap_cells(text: str, width: int) -> list[str]:
    """Greedy wrapping by terminal cells (a Chinese character takes two). A line breaks at a
    space or between two Chinese characters — never before closing punctuation nor after an
    opening one, and never inside a run without spaces such as ``清明:2026-04-04``."""
    units: list[tuple[bool, str]] = []  # (a space before it, text that is never broken)
    unit, spaced, prev = "", False, ""
    for ch in text:
        if ch.isspace():
            if unit:
                units.append((spaced, unit))
                unit = ""
            spaced = True
        else:
            breakable = bool(unit) and _is_wide(prev) and _is_wide(ch)
            if breakable and ch not in _NO_LINE_START and prev not in _NO_LINE_END:
                units.append((spaced, unit))
                unit, spaced = "", False
            unit += ch
        prev = ch
    if unit:
        units.append((spaced, unit))
    lines: list[str] = []
    line = ""
    for spaced_before, piece in units:
        joined = line + (" " if spaced_before and line else "") + piece
        if line and _cells(joined) > width:
            lines.append(line)
            line = piece
        else:
            line = joined
    if line:
        lines.append(line)
    return lines


class CellWidthHelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, wrapping texts with Chinese in them by display width (argparse
    counts characters, so a Chinese line would run twice as wide as the terminal)."""

    def _split_lines(self, text: str, width: int) -> list[str]:
        if any(_is_wide(ch) for ch in text):
            return wrap_cells(text, width)
        return super()._split_lines(text, width)

    def _fill_text(self, text: str, width: int, indent: str) -> str:
        if any(_is_wide(ch) for ch in text):
            return "\n".join(indent + line for line in wrap_cells(text, width - len(indent)))
        return super()._fill_text(text, width, indent)


class MentorParser(argparse.ArgumentParser):
    """An ``ArgumentParser`` whose ``-h/--help`` line is translated and whose help wraps by
    display width. Subparsers inherit the class (argparse builds them with the parent's type);
    the formatter is passed on here, as argparse does not."""

    def __init__(self, *args: Any, add_help: bool = True, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", CellWidthHelpFormatter)
        kwargs["add_help"] = False  # our own -h below, its help translated
        super().__init__(*args, **kwargs)
        if add_help:
            self.add_argument(
                "-h", "--help", action="help", default=argparse.SUPPRESS, help=t("cli.opt.help")
            )


def add_command(sub: Any, name: str, help_key: str) -> argparse.ArgumentParser:
    """``sub.add_parser(name)`` with the catalog text ``help_key`` as its line in the parent's
    list and as the description of its own ``--help``."""
    text = t(help_key)
    parser: argparse.ArgumentParser = sub.add_parser(name, help=text, description=text)
    return parser


def choices_text(label_prefix: str, choices: tuple[str, ...]) -> str:
    """``id (label)`` for each choice, labels from the catalog (``label_prefix + id``): what an
    English id on the command line means, in the teacher's language."""
    if get_language() == "zh":
        return " ".join(f"{c}（{t(label_prefix + c)}）" for c in choices)
    return "; ".join(f"{c} ({t(label_prefix + c)})" for c in choices)
