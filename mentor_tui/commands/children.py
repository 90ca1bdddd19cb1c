"""``mentor children``: the children's ids and classes — what ``--child-id`` takes. Names only
with ``--names`` (a list on the screen, never an argument of another command)."""

from __future__ import annotations

import argparse

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args
from mentor_tui.core.i18n import t


def register(sub) -> None:
    p = add_command(sub, "children", "cli.cmd.children")
    add_vault_args(p, writes=False)
    p.add_argument("--all", action="store_true", help=t("cli.opt.children.all"))
    p.add_argument("--names", action="store_true", help=t("cli.opt.children.names"))
    p.set_defaults(func=cmd_children)


def cmd_children(args: argparse.Namespace) -> int:
    from mentor_tui.db.children import list_children

    _paths, vault = open_from_args(args)
    with vault:
        kids = list_children(vault, include_archived=args.all)
    if not kids:
        print(t("cli.children.none"))
    for c in kids:
        parts = [c.id, c.class_name or "—"]
        if args.all:
            parts.append(t(f"status.{c.status}"))
        if args.names:
            parts.append(c.name)
        print("  ".join(parts))
    return 0
