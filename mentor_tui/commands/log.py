"""``mentor log``: save one check-in from a script. The entry is read from standard input as
JSON — never from the command line, where children's names and notes would land in shell
history:

    {"child": "李明", "kind": "talk", "date": "昨天", "outcome": "done", "text": "…",
     "card": {"place": "教室"}}

With ``--passphrase-stdin`` the first line of standard input is the passphrase.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.vault_access import add_vault_args, open_from_args, stdin_lines
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import NAME_MAX, check_text


def register(sub) -> None:
    p = add_command(sub, "log", "cli.cmd.log")
    add_vault_args(p)
    p.set_defaults(func=cmd_log)


def _read_entry(args: argparse.Namespace) -> dict:
    if getattr(args, "passphrase_stdin", False):
        lines = stdin_lines(args)  # the passphrase first: left for open_from_args
        body = "\n".join(lines[1:])
        del lines[1:]
    else:
        body = sys.stdin.read()
    try:
        data = json.loads(body)
    except ValueError:
        raise MentorError("err.log_json") from None
    if not isinstance(data, dict) or not isinstance(data.get("child"), str):
        raise MentorError("err.log_json")
    return data


def cmd_log(args: argparse.Namespace) -> int:
    from mentor_tui.core.dates import parse_date
    from mentor_tui.db.children import list_children
    from mentor_tui.db.entries import log_entry

    data = _read_entry(args)
    _paths, vault = open_from_args(args)
    with vault:  # a failing close never hides the first error (Vault.__exit__)
        who = check_text(data["child"], "child", NAME_MAX, "cli.ask.child")
        matches = [c for c in list_children(vault) if who in (c.id, c.name)]
        if len(matches) != 1:
            raise ValidationError("err.log_child", field="child", name=who)
        day = parse_date(str(data.get("date") or "今天"), dt.date.today())
        log_entry(
            vault,
            matches[0].id,
            str(data.get("kind", "talk")),
            day,
            outcome=str(data.get("outcome", "done")),
            text=str(data.get("text", "")),
            card=data.get("card") if isinstance(data.get("card"), dict) else None,
            skip_reason=str(data.get("skip_reason", "")),
        )
    print(t("cli.log_saved", date=day.isoformat()))
    return 0
