"""Set-up for the school office's TUI tests and snapshots: a school vault whose teachers took
their handovers and one of them reported (a mandatory report among her flags), all closed
again — real vaults, the same functions the CLI calls, fixed dates throughout."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from school_support import join, make_school

from mentor_tui.db import children, entries, flags, school_collect, school_pairing, school_report

TODAY = dt.date(2026, 11, 23)
REPORTED_AT = dt.datetime(2026, 11, 23, 16, 0)


@dataclass
class Office:
    school_id: str
    teachers: dict[str, str]  # name -> id
    reports: Path  # the folder of 李强's report, not imported yet
    li_ming: str  # the school's id of 李明 (王芳's)
    zhao: str  # the school's id of 赵小红 (李强's, or unpaired)


def build_office(paths, tmp: Path, unpair_zhao: bool = False, li_reports: bool = True) -> Office:
    """城关小学: 王芳 (李明) reported on 23 Nov with a mandatory report among her flags; 李强
    (赵小红) wrote a report that is left in ``reports`` for the import; every vault closed."""
    s = make_school(paths, tmp)
    files = s.handovers()
    wang = join(paths, "王芳", files["王芳"])
    li = join(paths, "李强", files["李强"])
    try:
        kid = children.list_children(wang)[0]
        entries.log_entry(wang, kid.id, "talk", dt.date(2026, 11, 2))
        entries.log_entry(
            wang, kid.id, "parent_call", dt.date(2026, 11, 5), outcome="attempted_unreachable"
        )
        entries.log_entry(wang, kid.id, "home_visit", dt.date(2026, 10, 10))
        flags.open_flag(wang, kid.id, "violence", "手臂有淤青", dt.datetime(2026, 11, 10, 9, 0))
        folder = tmp / "wang-stick"
        school_report.write_report(wang, folder, TODAY, now=REPORTED_AT)
        school_collect.apply_import(s.vault, school_collect.preview_import(s.vault, [folder]))
        zhao = children.list_children(li)[0]
        entries.log_entry(li, zhao.id, "talk", dt.date(2026, 11, 3))
        reports = tmp / "li-stick"
        if li_reports:
            school_report.write_report(li, reports, TODAY, now=REPORTED_AT)
        ids = {c.name: c.id for c in _school_children(s.vault)}
        if unpair_zhao:
            school_pairing.set_pairing(s.vault, ids["赵小红"], None, dt.date(2026, 11, 1))
        from mentor_tui.db.school_setup import school_id

        return Office(school_id(s.vault), dict(s.teachers), reports, ids["李明"], ids["赵小红"])
    finally:
        wang.close()
        li.close()
        s.vault.close()


def _school_children(vault):
    from mentor_tui.db.school_models import SchoolChild

    with vault.read():
        return list(SchoolChild.select())
