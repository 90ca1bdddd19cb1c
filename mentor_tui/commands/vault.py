"""``mentor vault check`` and ``mentor vault repair``: the damage check and the repair of the
TUI's damage screen, from the command line (``db/vault_check.py``, ``db/repair.py``). Both
work even when the damaged file no longer opens."""

from __future__ import annotations

import argparse
from pathlib import Path

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, read_passphrase
from mentor_tui.core.i18n import t

EXIT_DAMAGED = 3


def register(sub) -> None:
    p = add_command(sub, "vault", "cli.cmd.vault")
    ps = p.add_subparsers(dest="vault_cmd", required=True)
    q = add_command(ps, "check", "cli.cmd.vault.check")
    add_vault_args(q, writes=False)
    q.set_defaults(func=cmd_check)
    q = add_command(ps, "repair", "cli.cmd.vault.repair")
    add_vault_args(q, writes=False)
    q.add_argument("--from", dest="from_file", metavar="FILE", help=t("cli.opt.vault.repair.from"))
    q.add_argument("--no-stick", action="store_true", help=t("cli.opt.vault.repair.no_stick"))
    q.set_defaults(func=cmd_repair)


def _profile(args: argparse.Namespace):
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.paths import prepare

    paths = prepare()
    return paths, pick_profile(paths, args.profile)


def cmd_check(args: argparse.Namespace) -> int:
    from mentor_tui.db.repair import check_profile

    paths, profile = _profile(args)
    damage = check_profile(paths, profile, read_passphrase(args))
    if damage is None:
        print(t("vault.check.ok"))
        return 0
    print(t("vault.check.damaged", n=len(damage.problems)))
    if damage.pages:
        print(t("vault.check.pages", pages=", ".join(str(p) for p in damage.pages)))
    return EXIT_DAMAGED


def _locator(args: argparse.Namespace, paths):
    """Where the stick's file is: ``--from FILE``; else this vault's file (by the vault id in its
    header) on whichever stick or folder carries it (roaming's search: the portable stick, the
    pinned folder, removable drives, the last folders used); when the vault id could not be
    read, the only sync file there is."""
    from mentor_tui import roaming
    from mentor_tui.config import load_config
    from mentor_tui.db.sync_files import own_file, sync_files_in

    def locate(vault_id: str | None) -> Path | None:
        if args.no_stick:
            return None
        if args.from_file:
            return Path(args.from_file)
        folders = roaming.search_folders(load_config(paths.config_file))
        if vault_id:
            for folder in folders:
                own = own_file(folder, vault_id)
                if own is not None:
                    return own
            return None
        found = [f.path for folder in folders for f in sync_files_in(folder)]
        return found[0] if len(found) == 1 else None

    return locate


def cmd_repair(args: argparse.Namespace) -> int:
    from mentor_tui.db.repair import repair_profile

    paths, profile = _profile(args)
    passphrase = read_passphrase(args)
    print(t("repair.running"))
    report = repair_profile(paths, profile, passphrase, _locator(args, paths))
    for line in report.lines():
        print(line)
    return 0
