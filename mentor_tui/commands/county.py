"""``mentor county …``: the county's PostgreSQL database (issue 20; docs/school.md "On a county
server"). The administrator prepares it (``init``, ``migrate``) and makes a login per school
(``add-school``: the password shown once); the county reads every school's figures (``status``,
``export stats``; ``overview``: the same in the TUI, school by school) with the county's
login. The password is never taken from the command line:
PGPASSWORD, .pgpass, or asked at the terminal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
from pathlib import Path
from typing import Any

from mentor_tui.commands.parser import add_command
from mentor_tui.commands.school import (
    add_db_arg,
    ask_db_password,
    display_width,
    month_arg,
    pad,
)
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import get_language, t


def register(sub: Any) -> None:
    p = add_command(sub, "county", "cli.cmd.county")
    ps = p.add_subparsers(dest="county_cmd", required=True)

    i = add_command(ps, "init", "cli.cmd.county.init")
    add_db_arg(i)
    i.set_defaults(func=cmd_init)

    m = add_command(ps, "migrate", "cli.cmd.county.migrate")
    add_db_arg(m)
    m.set_defaults(func=cmd_migrate)

    a = add_command(ps, "add-school", "cli.cmd.county.add_school")
    a.add_argument("name", help=t("cli.opt.county.name"))
    add_db_arg(a)
    a.set_defaults(func=cmd_add_school)

    s = add_command(ps, "status", "cli.cmd.county.status")
    add_db_arg(s)
    s.add_argument("--month", metavar="YYYY-MM", help=t("cli.opt.school.status.month"))
    s.add_argument("--json", action="store_true", help=t("cli.opt.school.status.json"))
    s.set_defaults(func=cmd_status)

    o = add_command(ps, "overview", "cli.cmd.county.overview")
    add_db_arg(o)
    o.set_defaults(func=cmd_overview)

    e = add_command(ps, "export", "cli.cmd.county.export")
    add_db_arg(e)
    e.add_argument("kind", choices=("stats",), help=t("cli.opt.county.kind"))
    e.add_argument(
        "--format", choices=("xlsx", "csv"), default="xlsx", help=t("cli.opt.school.export.format")
    )
    e.add_argument("--out", metavar="FILE", help=t("cli.opt.school.export.out"))
    e.add_argument("--lang", choices=("zh", "en"), help=t("cli.opt.export.lang"))
    e.set_defaults(func=cmd_export)


def _url(args: argparse.Namespace) -> str:
    from mentor_tui.db.school_server import db_url

    url = db_url(args.db)
    if url is None:
        raise MentorError("county.needs_db")
    return url


def cmd_init(args: argparse.Namespace) -> int:
    from mentor_tui.db import county_schema
    from mentor_tui.db.school_server import connect

    db = connect(_url(args), ask_db_password)
    try:
        _done, login = county_schema.init(db)
        county_role = county_schema.roles(db).county
    finally:
        db.close()
    print(t("county.initialised", version=county_schema.SCHEMA_VERSION))
    if login is not None:
        print(t("county.login_once", role=login.role, password=login.password))
    else:
        print(t("county.login_exists", role=county_role))
    return 0


def cmd_migrate(args: argparse.Namespace) -> int:
    from mentor_tui.db import county_schema
    from mentor_tui.db.school_server import connect

    db = connect(_url(args), ask_db_password)
    try:
        county_schema.migrate(db)
    finally:
        db.close()
    print(t("county.migrated", version=county_schema.SCHEMA_VERSION))
    return 0


def cmd_add_school(args: argparse.Namespace) -> int:
    from mentor_tui.db import county_schema
    from mentor_tui.db.school_server import connect

    db = connect(_url(args), ask_db_password)
    try:
        login = county_schema.add_school(db, args.name)
    finally:
        db.close()
    print(t("county.school_added", name=args.name.strip(), role=login.role))
    print(t("county.login_once", role=login.role, password=login.password))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from mentor_tui.db import county_queries as cq

    month = month_arg(args.month)
    county = cq.open_county(_url(args), ask_db_password)
    try:
        lines = cq.overview(county, month, dt.date.today())
    finally:
        county.close()
    if args.json:
        print(json.dumps([x.to_json() for x in lines], ensure_ascii=False, indent=1))
        return 0
    print(
        t(
            "county.status_head",
            month=month,
            schools=len(lines),
            children=sum(x.children for x in lines),
            mentors=sum(x.mentors for x in lines),
        )
    )
    head = t("county.status_cols").split("|")
    table = [
        [
            x.name,
            str(x.children),
            str(x.mentors),
            str(x.expected),
            str(x.done),
            str(x.on_time),
            str(x.stale),
            str(x.open_mandatory),
        ]
        for x in lines
    ]
    widths = [max(display_width(r[i]) for r in [head, *table]) for i in range(len(head))]
    for r in [head, *table]:
        print(" ".join(pad(c, w) for c, w in zip(r, widths)).rstrip())
    return 0


def cmd_overview(args: argparse.Namespace) -> int:
    """The TUI on the county's overview: connected (and the password asked) at the terminal
    first, so a refused login is one sentence here, before any screen."""
    from mentor_tui.db import county_queries as cq

    county = cq.open_county(_url(args), ask_db_password)
    from mentor_tui.app import run_county

    return run_county(county)


def cmd_export(args: argparse.Namespace) -> int:
    from mentor_tui.db import county_queries as cq
    from mentor_tui.db.school_exports import default_name
    from mentor_tui.paths import prepare

    lang = args.lang or get_language()
    today = dt.date.today()
    county = cq.open_county(_url(args), ask_db_password)
    try:
        path = (
            Path(args.out)
            if args.out
            else prepare().exports_dir
            / ("county-" + default_name("stats", args.format, today, lang))
        )
        cq.export_stats(county, args.format, path, today, lang)
    finally:
        county.close()
    print(t("county.stats_written", path=str(path)))
    return 0
