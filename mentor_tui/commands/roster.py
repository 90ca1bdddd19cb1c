"""``mentor import roster FILE [--sheet NAME]… [--map HEADER=FIELD]… [--with-warnings]
[--encoding ENC] [--dry-run] [--yes]``: print the sheets and the mapping of every column, then
every row with what importing it does (new child, update, no change, her choice, error) and its
warnings; import (``--yes``, or answer the question at a terminal) the rows without problems, or
with ``--with-warnings`` the rows with warnings too. Without ``--yes`` on a non-terminal it only
previews.

``mentor export roster-template [--lang zh|en] [--out FILE]``: the template, no vault needed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import unicodedata
from pathlib import Path

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t


def register(sub) -> None:
    p = add_command(sub, "import", "cli.cmd.import")
    ps = p.add_subparsers(dest="import_cmd", required=True)
    r = add_command(ps, "roster", "cli.cmd.import.roster")
    add_vault_args(r)
    r.add_argument("file", help=t("cli.opt.import.roster.file"))
    r.add_argument(
        "--sheet", action="append", metavar="NAME", help=t("cli.opt.import.roster.sheet")
    )
    r.add_argument(
        "--map", action="append", metavar="HEADER=FIELD", help=t("cli.opt.import.roster.map")
    )
    r.add_argument(
        "--with-warnings", action="store_true", help=t("cli.opt.import.roster.with_warnings")
    )
    r.add_argument("--encoding", metavar="ENC", help=t("cli.opt.import.roster.encoding"))
    r.add_argument("--yes", action="store_true", help=t("cli.opt.import.roster.yes"))
    r.add_argument("--dry-run", action="store_true", help=t("cli.opt.import.roster.dry_run"))
    r.set_defaults(func=cmd_roster)


def add_template_command(ps) -> None:
    """``export roster-template`` (registered by commands/export.py among the exports)."""
    p = add_command(ps, "roster-template", "cli.cmd.export.roster_template")
    p.add_argument(
        "--lang",
        choices=("zh", "en"),
        default=None,
        help=t("cli.opt.export.roster_template.lang"),
    )
    p.add_argument("--out", help=t("cli.opt.export.roster_template.out"))
    p.set_defaults(func=cmd_template)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(width - _width(text), 0)


def parse_maps(items: list[str] | None) -> list[tuple[str, str]]:
    out = []
    for item in items or []:
        header, sep, field = item.partition("=")
        if not sep or not header.strip():
            raise MentorError("err.roster_map_syntax")
        out.append((header.strip(), field.strip()))
    return out


def print_layouts(loaded, layouts, lang: str | None = None, stream=None) -> None:
    """The encoding, the sheets with their row counts, and each chosen sheet's columns."""
    from mentor_tui.core.roster_words import mapping_lines

    out = stream or sys.stdout
    if loaded.book.encoding:
        print(t("roster.encoding", lang=lang, encoding=loaded.book.encoding), file=out)
    if len(loaded.layouts) > 1:
        sheets = "、".join(
            t("roster.sheet_rows", lang=lang, name=lay.sheet, n=lay.row_count)
            for lay in loaded.layouts
        )
        print(t("roster.sheets", lang=lang, sheets=sheets), file=out)
    if loaded.no_header:
        print(t("roster.sheets_no_header", lang=lang, sheets="、".join(loaded.no_header)), file=out)
    for lay in layouts:
        for line in mapping_lines(lay, lang):
            print(line, file=out)


def print_preview(roster, lang: str | None = None, stream=None, names=None) -> None:
    from mentor_tui.core import roster as core
    from mentor_tui.core.roster_words import status_line, summary

    out = stream or sys.stdout
    sheets = roster.several_sheets()
    for row in roster.rows:
        status = status_line(row, lang, names)
        if row.status == core.CHOOSE:
            status += "；" + t("roster.match.cli_choose", lang=lang)
        label = core.row_label(row, lang, sheets)
        print(
            f"{_pad(label, 16 if sheets else 10)} "
            f"{_pad(row.child.get('name', '')[:20], 20)} "
            f"{_pad(row.child.get('class_name', '')[:12], 12)} {status}",
            file=out,
        )
    for line in summary(roster, lang):
        print(line, file=out)


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
    lang = get_language()
    overrides = parse_maps(args.map)
    _paths, vault = open_from_args(args)
    try:
        loaded = roster_import.open_roster(vault, Path(args.file), args.encoding)
        layouts = roster_import.choose_sheets(loaded, args.sheet)
        if overrides:
            from mentor_tui.core.roster_header import apply_overrides

            layouts = apply_overrides(layouts, overrides)
        print_layouts(loaded, layouts, lang)
        with TextProgress() as bar:
            roster = roster_import.preview(
                vault, loaded.path, today, progress=bar, loaded=loaded, layouts=layouts
            )
        candidates = [c for r in roster.rows if r.match for c in r.match.candidates]
        names = roster_import.child_names(vault, candidates) if candidates else {}
        print_preview(roster, lang, names=names)
        rows = roster.to_import(args.with_warnings)
        left = 0 if args.with_warnings else len(roster.warned)
        if not rows:
            print(t("roster.nothing"))
            if left:
                print(t("roster.warned_left", n=left))
            return 1 if roster.rows else 0
        if not _confirmed(args, len(rows)):
            print(t("roster.not_imported"))
            return 0
        with TextProgress() as bar:
            result = roster_import.apply(
                vault, roster, today, progress=bar, with_warnings=args.with_warnings
            )
    finally:
        vault.close()
    print(t("roster.imported", n=result.children, contacts=result.contacts))
    if result.updated:
        print(t("roster.updated", n=result.updated))
    if left:
        print(t("roster.warned_left", n=left))
    return 0


def cmd_template(args: argparse.Namespace) -> int:
    from mentor_tui.docs_out.roster_template import render

    lang = args.lang or get_language()
    default = "花名册模板.xlsx" if lang == "zh" else "roster-template.xlsx"
    path = Path(args.out or default)
    try:
        path.write_bytes(render(lang))
    except OSError as exc:
        raise MentorError(
            "err.export_write", path=str(path), detail=exc.strerror or str(exc)
        ) from None
    print(t("roster.template_written", path=str(path)))
    return 0
