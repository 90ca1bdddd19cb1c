"""``mentor export diary|ledger|cards|flag|roster-template``: the term diary, the school ledger,
contact cards, one flag's report sheet (the same as ``mentor flag export``), the roster template
(commands/roster.py).

Word and Excel files are password-protected by default (the password is asked like a passphrase, never
taken from the command line; ``--no-password`` opts out). Unencrypted files (Markdown, HTML,
CSV, Excel, unprotected Word) get one warning on stderr; every export is in the audit log.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path

from mentor_tui.commands import flags as flag_cmds, roster as roster_cmds
from mentor_tui.commands.parser import add_command
from mentor_tui.commands.text_input import read_names
from mentor_tui.commands.vault_access import add_vault_args, open_from_args, read_passphrase
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t


def _common(p: argparse.ArgumentParser, sensitive: bool = True) -> None:
    add_vault_args(p, writes=False)
    p.add_argument("--lang", choices=("zh", "en"), default="zh", help=t("cli.opt.export.lang"))
    p.add_argument("--mask-phones", action="store_true", help=t("cli.opt.export.mask_phones"))
    if sensitive:
        p.add_argument(
            "--include-sensitive", action="store_true", help=t("cli.opt.export.include_sensitive")
        )
    p.add_argument("--out", help=t("cli.opt.export.out"))
    p.add_argument("--date", help=t("cli.opt.export.date"))


def _child_args(p: argparse.ArgumentParser) -> None:
    """Which children: ``--child-id ID`` (repeatable), or ``--child``: their names read as
    ``{"children": [...]}`` on standard input, or asked at the terminal — never in argv."""
    p.add_argument("--child", action="store_true", help=t("cli.opt.export.child"))
    p.add_argument(
        "--child-id", dest="child_id", action="append", metavar="ID", help=t("cli.opt.child_id")
    )


def _names(args) -> list[str] | None:
    names = list(args.child_id or [])
    if args.child:
        names += read_names(args)
    return names or None


def register(sub) -> None:
    p = add_command(sub, "export", "cli.cmd.export")
    ps = p.add_subparsers(dest="export_cmd", required=True)

    d = add_command(ps, "diary", "cli.cmd.export.diary")
    _common(d)
    d.add_argument("--term", help=t("cli.opt.export.term"))
    d.add_argument(
        "--format",
        choices=("docx", "md", "html"),
        default="docx",
        help=t("cli.opt.export.format_docx"),
    )
    _child_args(d)
    d.add_argument("--no-password", action="store_true", help=t("cli.opt.export.no_password"))
    d.set_defaults(func=cmd_diary)

    led = add_command(ps, "ledger", "cli.cmd.export.ledger")
    _common(led)
    led.add_argument("--term", help=t("cli.opt.export.term"))
    led.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help=t("cli.opt.export.format_xlsx")
    )
    led.add_argument(
        "--no-password", action="store_true", help=t("cli.opt.export.no_password_xlsx")
    )
    led.set_defaults(func=cmd_ledger)

    c = add_command(ps, "cards", "cli.cmd.export.cards")
    _common(c)
    c.add_argument(
        "--format", choices=("docx", "html"), default="docx", help=t("cli.opt.export.format_docx")
    )
    _child_args(c)
    c.add_argument("--no-password", action="store_true", help=t("cli.opt.export.no_password"))
    c.set_defaults(func=cmd_cards)

    f = add_command(ps, "flag", "cli.cmd.flag.export")
    add_vault_args(f, writes=False)
    flag_cmds.add_export_args(f)
    f.set_defaults(func=flag_cmds.cmd_export)

    roster_cmds.add_template_command(ps)


def _today(args) -> dt.date:
    if not args.date:
        return dt.date.today()
    from mentor_tui.core.validate import parse_iso_date

    day = parse_iso_date(args.date, "date")
    if day is None:
        raise ValidationError("err.bad_date", value=args.date)
    return day


def _options(args):
    from mentor_tui.core.diary_model import Options

    return Options(
        lang=args.lang,
        include_sensitive=bool(getattr(args, "include_sensitive", 0)),
        mask_phones=bool(args.mask_phones),
    )


def _password(args, fmt: str) -> str | None:
    from mentor_tui.docs_out.render_docx import MIN_PASSWORD

    if fmt not in ("docx", "xlsx") or args.no_password:
        return None
    pw = read_passphrase(args, f"export.prompt.{fmt}_password", confirm=True)
    if len(pw) < MIN_PASSWORD:
        raise MentorError("err.export_password_short", n=MIN_PASSWORD)
    return pw


def _report(result, fmt: str) -> None:
    if result.plaintext:
        print(t("export.plaintext_warning", fmt=fmt.upper()), file=sys.stderr)
    for path in result.paths:
        print(t("export.written", path=path))


def cmd_diary(args: argparse.Namespace) -> int:
    from mentor_tui.db import reports
    from mentor_tui.docs_out.progress import TextProgress

    today = _today(args)
    paths, vault = open_from_args(args)
    try:
        term = reports.resolve_term(vault, args.term, today)
        password = _password(args, args.format)
        out = (
            Path(args.out)
            if args.out
            else reports.default_path(paths, "diary", term.name, today, args.format, args.lang)
        )
        with TextProgress() as bar:
            result = reports.export_diary(
                vault,
                out,
                args.format,
                term,
                _options(args),
                today,
                names=_names(args),
                password=password,
                progress=bar,
            )
    finally:
        vault.close()
    _report(result, args.format)
    return 0


def cmd_ledger(args: argparse.Namespace) -> int:
    from mentor_tui.db import reports
    from mentor_tui.docs_out.progress import TextProgress

    today = _today(args)
    paths, vault = open_from_args(args)
    try:
        term = reports.resolve_term(vault, args.term, today)
        password = _password(args, args.format)
        out = (
            Path(args.out)
            if args.out
            else reports.default_path(paths, "ledger", term.name, today, args.format, args.lang)
        )
        with TextProgress() as bar:
            result = reports.export_ledger(
                vault,
                out,
                args.format,
                term,
                _options(args),
                today,
                password=password,
                progress=bar,
            )
    finally:
        vault.close()
    _report(result, args.format)
    return 0


def cmd_cards(args: argparse.Namespace) -> int:
    from mentor_tui.db import reports
    from mentor_tui.docs_out.progress import TextProgress

    today = _today(args)
    paths, vault = open_from_args(args)
    try:
        password = _password(args, args.format)
        out = (
            Path(args.out)
            if args.out
            else reports.default_path(paths, "cards", "", today, args.format, args.lang)
        )
        with TextProgress() as bar:
            result = reports.export_cards(
                vault,
                out,
                args.format,
                _options(args),
                today,
                names=_names(args),
                password=password,
                progress=bar,
            )
    finally:
        vault.close()
    _report(result, args.format)
    return 0
