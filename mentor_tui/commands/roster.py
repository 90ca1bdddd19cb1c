"""``mentor import roster FILE.xlsx|.csv``: preview every row with its problems, then import
the good rows in one transaction (``--yes``, or answer the question at a terminal)."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args
from mentor_tui.core.i18n import get_language, t


def register(sub) -> None:
    p = add_command(sub, "import", "cli.cmd.import")
    ps = p.add_subparsers(dest="import_cmd", required=True)
    r = add_command(ps, "roster", "cli.cmd.import.roster")
    add_vault_args(r)
    r.add_argument("file", help=t("cli.opt.import.roster.file"))
    r.add_argument("--yes", action="store_true", help=t("cli.opt.import.roster.yes"))
    r.add_argument("--dry-run", action="store_true", help=t("cli.opt.import.roster.dry_run"))
    r.set_defaults(func=cmd_roster)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def print_preview(roster, lang: str | None = None, stream=None) -> None:
    out = stream or sys.stdout
    if roster.ignored:
        print(t("roster.ignored_columns", lang=lang, names="、".join(roster.ignored)), file=out)
    for row in roster.rows:
        status = t("roster.ok", lang=lang) if row.ok else "；".join(row.messages(lang))
        mark = "✓" if row.ok else "✗"
        print(
            f"{mark} {_pad(t('roster.row', lang=lang, row=row.line), 10)} "
            f"{_pad(row.child.get('name', '')[:20], 20)} "
            f"{_pad(row.child.get('class_name', '')[:12], 12)} {status}",
            file=out,
        )
    print(
        t(
            "roster.summary",
            lang=lang,
            total=len(roster.rows),
            ok=len(roster.good),
            bad=len(roster.bad),
        ),
        file=out,
    )


def _confirmed(args, n: int) -> bool:
    if args.yes:
        return True
    if args.dry_run or getattr(args, "passphrase_stdin", False) or not sys.stdin.isatty():
        return False
    try:
        return input(t("roster.confirm", n=n)).strip().lower() in ("y", "yes", "是", "好")
    except EOFError:
        return False


def cmd_roster(args: argparse.Namespace) -> int:
    from mentor_tui.db import roster_import
    from mentor_tui.docs_out.progress import TextProgress

    today = dt.date.today()
    _paths, vault = open_from_args(args)
    try:
        with TextProgress() as bar:
            roster = roster_import.preview(vault, args.file, today, progress=bar)
        print_preview(roster, get_language())
        if not roster.good:
            print(t("roster.nothing"))
            return 1 if roster.rows else 0
        if not _confirmed(args, len(roster.good)):
            print(t("roster.not_imported"))
            return 0
        with TextProgress() as bar:
            result = roster_import.apply(vault, roster, today, progress=bar)
    finally:
        vault.close()
    print(t("roster.imported", n=result.children, contacts=result.contacts))
    return 0
