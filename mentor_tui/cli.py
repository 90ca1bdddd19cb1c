"""The ``mentor`` command. No arguments: the TUI. Subcommands live in ``mentor_tui.commands``:
each module there defines ``register(subparsers)`` and sets ``func`` on its parsers; what they
share (the vault arguments, reading a passphrase, the translated parser) lives there too
(``commands/vault_access.py``, ``commands/parser.py``) — commands never import this module.

The language is chosen first (config, then ``MENTOR_LANG`` or the locale), so the messages and
every ``--help`` text come out in it.

``mentor`` alone (or ``mentor --profile NAME``) starts the TUI without building the parser:
building it imports every command module, tens of milliseconds before the first frame
(issue 17). Anything else goes through the whole parser.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING

from mentor_tui import __version__
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import detect_language, set_language, t
from mentor_tui.winconsole import set_up_console

if TYPE_CHECKING:
    import argparse


def _utf8_streams() -> bool:
    """Make stdout/stderr UTF-8 so Chinese never crashes printing; False when the locale was
    not UTF-8 (the teacher is told once)."""
    ok = True
    for stream in (sys.stdout, sys.stderr):
        enc = (getattr(stream, "encoding", "") or "").lower().replace("-", "")
        if enc != "utf8":
            ok = False
            try:
                stream.reconfigure(encoding="utf-8", errors="replace")
            except (AttributeError, ValueError):
                pass
    return ok


def build_parser() -> argparse.ArgumentParser:
    """The whole parser, help texts in the current language (call :func:`set_language` first)."""
    import importlib
    import pkgutil

    from mentor_tui import commands
    from mentor_tui.commands.parser import MentorParser

    parser = MentorParser(prog="mentor", description=t("cli.description"))
    parser.add_argument(
        "--version", action="version", version=f"mentor {__version__}", help=t("cli.opt.version")
    )
    parser.add_argument("--profile", help=t("cli.opt.profile"))
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(mod, "register"):
            mod.register(sub)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    return _start_tui(args.profile)


def _start_tui(profile: str | None) -> int:
    from mentor_tui.app import run

    return run(profile_name=profile) or 0


def _tui_only(argv: list[str]) -> tuple[bool, str | None]:
    """(True, profile) when ``argv`` only starts the TUI: nothing, ``--profile NAME`` or
    ``--profile=NAME``; (False, None) for everything else (the parser decides)."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] == "--profile" and not argv[1].startswith("-"):
        return True, argv[1]
    if len(argv) == 1 and argv[0].startswith("--profile=") and len(argv[0]) > len("--profile="):
        return True, argv[0].removeprefix("--profile=")
    return False, None


def _configured_language() -> str | None:
    try:
        from mentor_tui.config import load_config

        cfg = load_config()
        return cfg.get("language") if isinstance(cfg, dict) else getattr(cfg, "language", None)
    except Exception:  # noqa: BLE001 - a broken config falls back to the locale
        return None


def main(argv: list[str] | None = None) -> int:
    if set_up_console(argv):  # Windows: started again in Windows Terminal (winconsole.py)
        return 0
    utf8 = _utf8_streams()
    set_language(_configured_language() or detect_language())
    if not utf8:
        print(t("err.encoding"), file=sys.stderr)
    try:
        tui, profile = _tui_only(sys.argv[1:] if argv is None else argv)
        if tui:
            return _start_tui(profile)
        args = build_parser().parse_args(argv)
        func = getattr(args, "func", None) or _run_tui
        return int(func(args) or 0)
    except MentorError as err:
        print(str(err), file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:  # `mentor due | head`: the reader left; not an error
        try:
            # stays open to the end of the process: later prints must not fail
            sys.stdout = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
        except OSError:
            pass
        return 0
    except KeyboardInterrupt:
        print(t("err.interrupted"), file=sys.stderr)
        return 130
    except Exception as err:
        if os.environ.get("MENTOR_DEBUG"):
            raise
        print(f"{t('err.unexpected')} ({type(err).__name__})", file=sys.stderr)
        return 1
