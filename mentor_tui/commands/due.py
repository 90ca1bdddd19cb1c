"""``mentor due``: what is due (child names and duty labels only, never notes).

By default what needs doing now: the overdue items and those due in the next
:data:`SOON_DAYS` days, grouped by child (the most urgent child first), with a count of the
rest, so it fits a 24-line screen. ``--upcoming`` lists every due item, one a line;
``--all`` every duty (done and paused too); ``--json`` gives every due item (with ``--all``
every duty) as before, for scripts."""

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
SOON_DAYS = 7  # the default view: overdue, or due within this many days


def register(sub) -> None:
    p = add_command(sub, "due", "cli.cmd.due")
    add_vault_args(p, writes=False)
    p.add_argument("--date", help=t("cli.opt.due.date"))
    p.add_argument("--json", action="store_true", help=t("cli.opt.due.json"))
    p.add_argument("--upcoming", action="store_true", help=t("cli.opt.due.upcoming"))
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
    from mentor_tui.db.duty_data import compute_view

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
    if not (args.all or args.upcoming):
        _print_soon(view, items, names, today)
        return 0
    _print_table(view, items, names, today)
    return 0


def soon(s) -> bool:
    """Overdue, or due within :data:`SOON_DAYS` days."""
    return s.status == "overdue" or (s.days_left is not None and s.days_left <= SOON_DAYS)


def _item(s, label: str) -> str:
    """ "家访 逾期 5 天": a duty's label and when it is due."""
    return f"{label} {_when(s)}".strip()


def _print_soon(view, items: list, names: dict, today: dt.date) -> None:
    """The default: what is overdue or due soon, one line a child (the most urgent child
    first), wrapped between items at the terminal's width; then how many more."""
    import shutil

    from rich.cells import cell_len

    from mentor_tui.db.duty_data import duty_label

    now = [s for s in items if soon(s)]
    rest = len(items) - len(now)
    overdue = sum(1 for s in now if s.status == "overdue")
    date = today.isoformat()
    if not now:
        print(t("due.cli.soon_none", date=date, days=SOON_DAYS))
    else:
        print(
            t(
                "due.cli.soon_title",
                date=date,
                overdue=overdue,
                soon=len(now) - overdue,
                days=SOON_DAYS,
            )
        )
    by_child: dict[str, list] = {}
    for s in now:  # items come most urgent first: so do the children
        by_child.setdefault(s.child_id, []).append(s)
    heads = {
        cid: f"{_safe(names[cid].name)}  {_safe(names[cid].class_name)}".rstrip()
        for cid in by_child
    }
    indent = max((cell_len(h) for h in heads.values()), default=0) + 2
    width = max(shutil.get_terminal_size((80, 24)).columns, indent + 20)
    for child_id, duties in by_child.items():
        line = _pad(heads[child_id], indent)
        used = indent
        for i, s in enumerate(duties):
            item = _item(s, duty_label(view.policy, s.duty_id))
            sep = " · " if i else ""
            if i and used + cell_len(sep + item) > width:
                print(line.rstrip())
                line, used, sep = " " * indent, indent, ""
            line += sep + item
            used += cell_len(sep + item)
        print(line.rstrip())
    if rest:
        print(t("due.cli.rest", n=rest))


def _print_table(view, items: list, names: dict, today: dt.date) -> None:
    """Every item, one a line (``--upcoming``, ``--all``)."""
    from mentor_tui.db.duty_data import duty_label

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
