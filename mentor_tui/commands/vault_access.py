"""How a subcommand reaches the teacher's vault: the shared ``--profile`` and
``--passphrase-stdin`` arguments, reading a passphrase, and unlocking the profile.

A passphrase is read from the terminal, or from standard input with ``--passphrase-stdin`` —
never from the command line (shell history on shared machines). Standard input is read once
per command: its first line is the passphrase, what follows belongs to the command (a JSON
entry, the answer to a question); :func:`stdin_lines` hands out what is left.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from typing import TYPE_CHECKING

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t

if TYPE_CHECKING:
    from mentor_tui.db.vault import Vault
    from mentor_tui.paths import Paths


def add_passphrase_stdin_arg(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--passphrase-stdin", action="store_true", help=t("cli.opt.vault.passphrase_stdin")
    )


def add_vault_args(p: argparse.ArgumentParser, writes: bool = True) -> None:
    """``--profile NAME`` and ``--passphrase-stdin``: every command that opens a vault.
    ``writes``: the command writes, so the vault's damage check runs before it does
    (``db/vault_check.py``); read-only commands (``due``, exports) pass False."""
    p.add_argument("--profile", help=t("cli.opt.vault.profile"))
    add_passphrase_stdin_arg(p)
    p.set_defaults(vault_check=writes)


def stdin_lines(args: argparse.Namespace) -> list[str]:
    """The lines of standard input not used yet (read once, on the first call); callers take
    what they use off the front of the returned list."""
    lines: list[str] | None = getattr(args, "_stdin_lines", None)
    if lines is None:
        lines = sys.stdin.read().splitlines()
        args._stdin_lines = lines
    return lines


def read_passphrase(
    args: argparse.Namespace, prompt_key: str = "cli.prompt.passphrase", confirm: bool = False
) -> str:
    """The next line of standard input with ``--passphrase-stdin``; else asked at the terminal
    (twice with ``confirm``)."""
    if getattr(args, "passphrase_stdin", False):
        lines = stdin_lines(args)
        if not lines:
            raise MentorError("err.passphrase_empty")
        return lines.pop(0)
    try:
        first = getpass.getpass(t(prompt_key))
        if confirm and getpass.getpass(t("cli.prompt.passphrase_again")) != first:
            raise MentorError("err.passphrase_mismatch")
    except EOFError:
        raise MentorError("err.passphrase_empty") from None
    return first


def open_with_passphrase(args: argparse.Namespace) -> tuple[Paths, Vault, str]:
    """Prepare paths, pick the profile, read the passphrase, unlock: (paths, vault, passphrase)
    for a command that needs the passphrase again (the sync file's keys)."""
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.vault import DamagedVault, open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    profile = pick_profile(paths, args.profile)
    passphrase = read_passphrase(args)
    try:
        vault = open_vault(paths, profile, passphrase, check=getattr(args, "vault_check", False))
    except DamagedVault:
        raise MentorError("err.vault_damaged_found") from None
    return paths, vault, passphrase


def open_from_args(args: argparse.Namespace) -> tuple[Paths, Vault]:
    """Prepare paths, pick the profile, read the passphrase, unlock: (paths, vault)."""
    paths, vault, _passphrase = open_with_passphrase(args)
    return paths, vault
