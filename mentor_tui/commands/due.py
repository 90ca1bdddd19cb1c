"""``mentor due``: today's due list (child names and duty labels only, never notes)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t

SHOWN = ("overdue", "due_soon", "due")


def register(sub) -> None:
    p = add_command(sub, "due", "cli.cmd.due")
    add_vault_args(p, writes=False)
    p.add_argument("--date", help=t("cli.opt.due.date"))
    p.add_argument("--json", action="store_true", help=t("cli.opt.due.json"))
    p.add_argument("--all", action="store_true", help=t("cli.opt.due.all"))
    p.set_defaults(func=cmd_due)


def _pad(text: str, width: int) -> str:
    from rich.cells import cell_len

    return text + " " * max(width - cell_len(text), 0)


def _safe(text: str) -> str:
    """No control or bidi characters reach the terminal (a name from an old sync file)."""
    from mentor_tui.core.validate import clean_text

    return clean_text(text)


def _when(s) -> str:
    if s.days_left is None:
        return ""
    if s.days_left < 0:
        return t("due.cli.overdue_days", n=-s.days_left)
    if s.days_left == 0:
        return t("due.cli.today")
    return t("due.cli.in_days", n=s.days_left)


def cmd_due(args: argparse.Namespace) -> int:
    from mentor_tui.core.duty_summary import urgency_key
    from mentor_tui.core.validate import parse_iso_date
    from mentor_tui.db.duty_data import compute_view, duty_label

    today = dt.date.today()
    if args.date:
        today = parse_iso_date(args.date, "date")
        if today is None:
            raise ValidationError("err.bad_date", value=args.date)
    _paths, vault = open_from_args(args)
    try:
        view = compute_view(vault, today)
    finally:
        vault.close()
    if view.policy_problem is not None:
        print(view.policy_warning(), file=sys.stderr)
    names = {c.id: c for c in view.children}
    items = sorted((s for s in view.statuses if args.all or s.status in SHOWN), key=urgency_key)
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "child_id": s.child_id,
                        "child": names[s.child_id].name,
                        "class": names[s.child_id].class_name,
                        "duty": s.duty_id,
                        "status": s.status,
                        "due_date": s.due_date.isoformat() if s.due_date else None,
                        "days_left": s.days_left,
                        "last_done": s.last_done.isoformat() if s.last_done else None,
                    }
                    for s in items
                ],
                ensure_ascii=False,
                indent=1,
            )
        )
        return 0
    if not items:
        print(t("due.cli.nothing", date=today.isoformat()))
        return 0
    rows = [
        (
            _safe(names[s.child_id].name),
            _safe(names[s.child_id].class_name),
            duty_label(view.policy, s.duty_id),
            t(f"duty.status.{s.status}"),
            _when(s),
        )
        for s in items
    ]
    header = (
        t("due.cli.child"),
        t("due.cli.class"),
        t("due.cli.duty"),
        t("due.cli.status"),
        t("due.cli.when"),
    )
    from rich.cells import cell_len

    widths = [max(cell_len(r[i]) for r in rows + [header]) for i in range(len(header))]
    print(t("due.cli.title", date=today.isoformat(), n=len(items)))
    for r in [header] + rows:
        print("  ".join(_pad(c, w) for c, w in zip(r, widths)).rstrip())
    return 0
