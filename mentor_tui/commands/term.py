"""``mentor term``: the school calendar outside the first-run wizard (list, add, set, defaults).

Terms are syncable records (db/settings.py save_term -> db/store.py); each edit is checked by
core/terms.py check_term (end after start, middle and breaks inside, no overlap).
"""

from __future__ import annotations

import argparse
import datetime as dt

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t


def register(sub) -> None:
    p = add_command(sub, "term", "cli.cmd.term")
    ps = p.add_subparsers(dest="term_cmd", required=True)
    q = add_command(ps, "list", "cli.cmd.term.list")
    add_vault_args(q)
    q.set_defaults(func=cmd_list)
    q = add_command(ps, "add", "cli.cmd.term.add")
    add_vault_args(q)
    q.add_argument("name", help=t("cli.opt.term.add.name"))
    q.add_argument("--start", required=True, help=t("cli.opt.term.start"))
    q.add_argument("--end", required=True, help=t("cli.opt.term.end"))
    q.add_argument("--middle", help=t("cli.opt.term.add.middle"))
    q.add_argument(
        "--break", dest="breaks", action="append", default=None, help=t("cli.opt.term.add.break")
    )
    q.set_defaults(func=cmd_add)
    q = add_command(ps, "set", "cli.cmd.term.set")
    add_vault_args(q)
    q.add_argument("term", metavar="ID-or-NAME", help=t("cli.opt.term.set.term"))
    q.add_argument("--name", help=t("cli.opt.term.set.name"))
    q.add_argument("--start", help=t("cli.opt.term.start"))
    q.add_argument("--end", help=t("cli.opt.term.end"))
    q.add_argument("--middle", help=t("cli.opt.term.set.middle"))
    q.add_argument(
        "--break", dest="breaks", action="append", default=None, help=t("cli.opt.term.set.break")
    )
    q.add_argument(
        "--add-break",
        dest="add_breaks",
        action="append",
        default=None,
        help=t("cli.opt.term.set.add_break"),
    )
    q.add_argument("--no-breaks", action="store_true", help=t("cli.opt.term.set.no_breaks"))
    q.set_defaults(func=cmd_set)
    q = add_command(ps, "defaults", "cli.cmd.term.defaults")
    add_vault_args(q)
    q.add_argument("--date", help=t("cli.opt.term.defaults.date"))
    q.set_defaults(func=cmd_defaults)


def _date(value: str, field: str) -> dt.date:
    from mentor_tui.core.validate import parse_iso_date

    day = parse_iso_date(value, field)
    if day is None:
        raise ValidationError("err.bad_date", field=field, value=value)
    return day


def _middle(value: str | None) -> dt.date | None:
    return None if value is None or value.strip().lower() == "auto" else _date(value, "middle")


def _breaks(specs: list[str] | None) -> tuple:
    from mentor_tui.core.terms import parse_break

    return tuple(parse_break(spec) for spec in specs or ())


def _with_vault(args: argparse.Namespace, work):
    _paths, vault = open_from_args(args)
    try:
        return work(vault)
    finally:
        vault.close()


def _print_term(term) -> None:
    from mentor_tui.core.terms import break_label, middle_of

    print(
        t(
            "term.cli.row",
            name=term.name,
            start=term.start.isoformat(),
            end=term.end.isoformat(),
            middle=middle_of(term).isoformat(),
            auto="" if term.middle is not None else t("term.cli.auto_middle"),
            id=term.id,
        )
    )
    for s, e, label in term.breaks:
        print(
            t("term.cli.break_row", name=break_label(label), start=s.isoformat(), end=e.isoformat())
        )


def cmd_list(args: argparse.Namespace) -> int:
    from mentor_tui.db.settings import list_terms, term_info

    terms = _with_vault(args, lambda v: [term_info(row) for row in list_terms(v)])
    if not terms:
        print(t("term.cli.none"))
    for term in terms:
        _print_term(term)
    return 0


def cmd_add(args: argparse.Namespace) -> int:
    from mentor_tui.core.terms import TermInfo
    from mentor_tui.core.validate import require_name
    from mentor_tui.db.settings import save_term

    term = TermInfo(
        "",
        require_name(args.name),
        _date(args.start, "start"),
        _date(args.end, "end"),
        _middle(args.middle),
        _breaks(args.breaks),
    )
    _with_vault(args, lambda v: save_term(v, term))
    print(
        t("term.cli.added", name=term.name, start=term.start.isoformat(), end=term.end.isoformat())
    )
    return 0


def cmd_set(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from mentor_tui.core.validate import require_name
    from mentor_tui.db.settings import find_term, save_term

    changes: dict = {}
    if args.name is not None:
        changes["name"] = require_name(args.name)
    if args.start is not None:
        changes["start"] = _date(args.start, "start")
    if args.end is not None:
        changes["end"] = _date(args.end, "end")
    if args.middle is not None:
        changes["middle"] = _middle(args.middle)
    replaced = () if args.no_breaks else _breaks(args.breaks) if args.breaks else None
    added = _breaks(args.add_breaks)
    if not changes and replaced is None and not added:
        raise MentorError("err.term_nothing_to_set")

    def work(vault):
        term = find_term(vault, args.term)
        breaks = term.breaks if replaced is None else replaced
        new = replace(term, **changes, breaks=tuple(breaks) + added)
        save_term(vault, new, term_id=term.id)
        return new

    new = _with_vault(args, work)
    print(
        t("term.cli.updated", name=new.name, start=new.start.isoformat(), end=new.end.isoformat())
    )
    return 0


def cmd_defaults(args: argparse.Namespace) -> int:
    from mentor_tui.core.terms import default_terms_for
    from mentor_tui.db.settings import list_terms, save_term, term_info

    day = _date(args.date, "date") if args.date else dt.date.today()

    def work(vault):
        out = []
        for term in default_terms_for(day):
            stored = [term_info(row) for row in list_terms(vault)]
            clash = next((o for o in stored if o.start <= term.end and term.start <= o.end), None)
            if clash is None:
                save_term(vault, term)
            out.append((term, clash))
        return out

    for term, clash in _with_vault(args, work):
        if clash is None:
            print(
                t(
                    "term.cli.added",
                    name=term.name,
                    start=term.start.isoformat(),
                    end=term.end.isoformat(),
                )
            )
        else:
            print(t("term.cli.skipped", name=term.name, other=clash.name))
    return 0
