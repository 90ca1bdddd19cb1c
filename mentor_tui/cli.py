"""The ``mentor`` command. No arguments: the TUI. Subcommands live in ``mentor_tui.commands``:
each module there defines ``register(subparsers)`` and sets ``func`` on its parsers.

Passphrases are read from the terminal, or from standard input with ``--passphrase-stdin`` —
never from the command line (shell history on shared machines).
"""

from __future__ import annotations

import argparse
import getpass
import importlib
import os
import pkgutil
import sys

from mentor_tui import __version__
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import detect_language, set_language, t
from mentor_tui.winconsole import set_up_console


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


def read_passphrase(
    args: argparse.Namespace, prompt_key: str = "cli.prompt.passphrase", confirm: bool = False
) -> str:
    if getattr(args, "passphrase_stdin", False):
        if not hasattr(args, "_stdin_lines"):
            args._stdin_lines = sys.stdin.read().splitlines()
        if not args._stdin_lines:
            raise MentorError("err.passphrase_empty")
        return args._stdin_lines.pop(0)
    try:
        first = getpass.getpass(t(prompt_key))
        if confirm and getpass.getpass(t("cli.prompt.passphrase_again")) != first:
            raise MentorError("err.passphrase_mismatch")
    except EOFError:
        raise MentorError("err.passphrase_empty") from None
    return first


def add_vault_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--profile", help="teacher profile name (the only one when there is one)")
    p.add_argument(
        "--passphrase-stdin",
        action="store_true",
        help="read the passphrase from standard input (for scripts)",
    )


def open_from_args(args: argparse.Namespace):
    """Prepare paths, pick the profile, read the passphrase, unlock. Returns (paths, vault)."""
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.vault import open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    profile = pick_profile(paths, args.profile)
    return paths, open_vault(paths, profile, read_passphrase(args))


def build_parser() -> argparse.ArgumentParser:
    from mentor_tui import commands

    parser = argparse.ArgumentParser(prog="mentor", description=t("cli.description"))
    parser.add_argument("--version", action="version", version=f"mentor {__version__}")
    parser.add_argument("--profile", help="open this profile in the TUI")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(mod, "register"):
            mod.register(sub)
    return parser


def _run_tui(args: argparse.Namespace) -> int:
    from mentor_tui.app import run

    return run(profile_name=args.profile) or 0


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
