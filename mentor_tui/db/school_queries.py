"""What the coordinator sees (issue 19 item 7; SCHOOL.md "What the coordinator sees"): the
school at a glance per teacher and per class, the drill-down to a teacher's children and a
child's duty row, and the lists — children without a mentor, mentors over their load, teachers
not reported for N days, open mandatory reports. Every function returns typed rows, so a screen
only renders them (and sorts them: every field is a sort key).

The figures are sums of the rows the teachers' reports carried (db/school_docs.py projects
them): ``GROUP BY`` over ``school_duty_status`` in portable SQL (no SQLite-only function; the
same queries are meant to run on PostgreSQL, issue 20), each filtered on ``school_id``.
Definitions (docs/school.md "The figures"): for a month, *expected*, *done*, *on time* sum that
month's rows; *overdue* sums expected − done over the rows of that month and the months before
it in the teacher's reported term; a teacher's figures are as of her latest report, whose age
is shown beside them (stale past the school's setting: "not reported" is never read as "not
done").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

from peewee import JOIN, Case, fn

from mentor_tui.core.school_figures import month_key
from mentor_tui.db.school_docs import tuples
from mentor_tui.db.school_models import (
    DutyStatus,
    FlagStatus,
    Pairing,
    SchoolChild,
    SchoolReport,
    SchoolTeacher,
)
from mentor_tui.db.school_setup import school_id, settings
from mentor_tui.db.vault import Vault


@dataclass(frozen=True)
class TeacherLine:
    """One teacher of the overview."""

    teacher_id: str
    name: str
    class_taught: str
    children: int  # paired with her now
    expected: int  # this month (as of her latest report)
    done: int
    on_time: int
    overdue: int  # expected − done, this month and the months before it
    open_flags: int
    open_mandatory: int
    last_report: dt.datetime | None  # when her latest report was generated
    as_of: dt.date | None  # the date its figures are as of
    days_since: int | None  # days since last_report (None: never reported)
    stale: bool  # never reported, or not for more than the school's stale days
    over_load: bool  # more children than the load limit

    def rate(self, part: str) -> int | None:
        if self.expected == 0:
            return None
        return (100 * (self.done if part == "done" else self.on_time)) // self.expected


@dataclass(frozen=True)
class ClassLine:
    class_name: str
    children: int
    expected: int
    done: int
    on_time: int
    overdue: int
    open_flags: int


@dataclass(frozen=True)
class ChildLine:
    """One child in a teacher's drill-down (or the unpaired list)."""

    child_id: str
    name: str
    class_name: str
    gender: str
    expected: int
    done: int
    on_time: int
    overdue: int
    open_flags: int
    current: bool  # paired with this teacher now (else: moved away, her rows kept)


@dataclass(frozen=True)
class DutyCell:
    """One row of a child's duty record: a duty's instances in one month (one phase)."""

    teacher_id: str
    duty_id: str
    label_zh: str
    label_en: str
    period: str
    phase: str
    expected: int
    done: int
    on_time: int
    attempts: int
    first_done: dt.date | None
    last_done: dt.date | None


@dataclass(frozen=True)
class ChildRef:
    child_id: str
    name: str
    class_name: str
    gender: str
    mentor_hint: str  # the roster's 帮扶教师 no teacher has


@dataclass(frozen=True)
class LoadLine:
    teacher_id: str
    name: str
    children: int
    limit: int


@dataclass(frozen=True)
class StaleLine:
    teacher_id: str
    name: str
    last_report: dt.datetime | None
    days_since: int | None


@dataclass(frozen=True)
class MandatoryLine:
    flag_id: str
    teacher_id: str
    teacher_name: str
    child_id: str
    child: str  # the child's name, or the name and class her report gave
    category: str
    status: str
    steps: tuple[str, ...]  # steps recorded: the escalation stage
    opened_on: dt.date
    updated_on: dt.date


def current_month(today: dt.date) -> str:
    return month_key(today)


class MonthSums(NamedTuple):
    """One teacher's, class's or child's duty figures for a month; ``overdue`` counts every
    month up to it."""

    expected: int
    done: int
    on_time: int
    overdue: int


NO_SUMS = MonthSums(0, 0, 0, 0)


def _sums(sid: str, month: str, by: object, join_child: bool = False) -> dict[str, MonthSums]:
    """key -> the figures of ``month``: one GROUP BY."""
    in_month = DutyStatus.period == month
    q = DutyStatus.select(
        by,
        fn.SUM(Case(None, [(in_month, DutyStatus.expected)], 0)).alias("e"),
        fn.SUM(Case(None, [(in_month, DutyStatus.done)], 0)).alias("d"),
        fn.SUM(Case(None, [(in_month, DutyStatus.on_time)], 0)).alias("o"),
        fn.SUM(DutyStatus.expected - DutyStatus.done).alias("late"),
    )
    if join_child:
        q = q.join(
            SchoolChild,
            on=(SchoolChild.id == DutyStatus.child_id) & (SchoolChild.school_id == sid),
        )
    q = q.where((DutyStatus.school_id == sid) & (DutyStatus.period <= month)).group_by(by)
    return {
        str(r[0]): MonthSums(int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
        for r in tuples(q)
    }


def _open_flags(sid: str, by: object, join_child: bool = False) -> dict[str, tuple[int, int]]:
    q = FlagStatus.select(
        by,
        fn.COUNT(FlagStatus.flag_id),
        fn.SUM(Case(None, [(FlagStatus.mandatory == True, 1)], 0)),  # noqa: E712
    )
    if join_child:
        q = q.join(
            SchoolChild,
            on=(SchoolChild.id == FlagStatus.child_id) & (SchoolChild.school_id == sid),
        )
    q = q.where((FlagStatus.school_id == sid) & (FlagStatus.status != "resolved")).group_by(by)
    return {str(r[0]): (int(r[1] or 0), int(r[2] or 0)) for r in tuples(q)}


def _paired_counts(sid: str) -> dict[str, int]:
    q = (
        Pairing.select(Pairing.teacher_id, fn.COUNT(Pairing.id))
        .where((Pairing.school_id == sid) & Pairing.end.is_null())
        .group_by(Pairing.teacher_id)
    )
    return {str(tid): int(n) for tid, n in tuples(q)}


def overview(vault: Vault, month: str, today: dt.date) -> list[TeacherLine]:
    """Each active teacher's line for ``month`` ("YYYY-MM"), by name."""
    sid = school_id(vault)
    conf = settings(vault)
    with vault.read():
        return teacher_lines(sid, month, today, conf.stale_days, conf.load)


def teacher_lines(
    sid: str, month: str, today: dt.date, stale_days: int, load: int
) -> list[TeacherLine]:
    """:func:`overview`'s lines for the school ``sid``, with the models already bound (a
    vault's ``read()``, or the county's: db/county_queries.py)."""
    sums = _sums(sid, month, DutyStatus.teacher_id)
    flags = _open_flags(sid, FlagStatus.teacher_id)
    paired = _paired_counts(sid)
    reports = {r.teacher_id: r for r in SchoolReport.select().where(SchoolReport.school_id == sid)}
    teachers = list(
        SchoolTeacher.select()
        .where((SchoolTeacher.school_id == sid) & (SchoolTeacher.active == True))  # noqa: E712
        .order_by(SchoolTeacher.name, SchoolTeacher.id)
    )
    out = []
    for t in teachers:
        e, d, o, late = sums.get(t.id, NO_SUMS)
        nf, nm = flags.get(t.id, (0, 0))
        rep = reports.get(t.id)
        last = rep.generated_at if rep is not None else None
        days = max(0, (today - last.date()).days) if last is not None else None
        n = paired.get(t.id, 0)
        out.append(
            TeacherLine(
                t.id,
                t.name,
                t.class_taught,
                n,
                e,
                d,
                o,
                late,
                nf,
                nm,
                last,
                rep.as_of if rep is not None else None,
                days,
                days is None or days > stale_days,
                n > load,
            )
        )
    return out


def class_overview(vault: Vault, month: str) -> list[ClassLine]:
    """The same figures per class of the school's children (a child's rows count for her
    class, whoever her mentor was), by class."""
    sid = school_id(vault)
    with vault.read():
        sums = _sums(sid, month, SchoolChild.class_name, join_child=True)
        flags = _open_flags(sid, SchoolChild.class_name, join_child=True)
        q = (
            SchoolChild.select(SchoolChild.class_name, fn.COUNT(SchoolChild.id))
            .where((SchoolChild.school_id == sid) & (SchoolChild.status == "active"))
            .group_by(SchoolChild.class_name)
        )
        kids = {str(c): int(n) for c, n in tuples(q)}
    out = []
    for name in sorted(set(kids) | set(sums)):
        e, d, o, late = sums.get(name, NO_SUMS)
        out.append(ClassLine(name, kids.get(name, 0), e, d, o, late, flags.get(name, (0, 0))[0]))
    return out


def teacher_children(vault: Vault, teacher_id: str, month: str) -> list[ChildLine]:
    """The teacher's children now, then those her reports still carry (moved away), with the
    month's figures of her rows, by class and name."""
    sid = school_id(vault)
    with vault.read():
        return children_lines(sid, teacher_id, month)


def children_lines(sid: str, teacher_id: str, month: str) -> list[ChildLine]:
    """:func:`teacher_children` of the school ``sid``, with the models already bound."""
    now = {
        p.child_id
        for p in Pairing.select(Pairing.child_id).where(
            (Pairing.school_id == sid) & (Pairing.teacher_id == teacher_id) & Pairing.end.is_null()
        )
    }
    mine = DutyStatus.teacher_id == teacher_id
    sums_q = (
        DutyStatus.select(
            DutyStatus.child_id,
            fn.SUM(Case(None, [(DutyStatus.period == month, DutyStatus.expected)], 0)),
            fn.SUM(Case(None, [(DutyStatus.period == month, DutyStatus.done)], 0)),
            fn.SUM(Case(None, [(DutyStatus.period == month, DutyStatus.on_time)], 0)),
            fn.SUM(DutyStatus.expected - DutyStatus.done),
        )
        .where((DutyStatus.school_id == sid) & mine & (DutyStatus.period <= month))
        .group_by(DutyStatus.child_id)
    )
    sums = {str(r[0]): tuple(int(x or 0) for x in r[1:]) for r in tuples(sums_q)}
    fq = (
        FlagStatus.select(FlagStatus.child_id, fn.COUNT(FlagStatus.flag_id))
        .where(
            (FlagStatus.school_id == sid)
            & (FlagStatus.teacher_id == teacher_id)
            & (FlagStatus.status != "resolved")
        )
        .group_by(FlagStatus.child_id)
    )
    flags = {str(c): int(n) for c, n in tuples(fq)}
    ids = now | set(sums)
    kids = list(
        SchoolChild.select().where((SchoolChild.school_id == sid) & SchoolChild.id.in_(list(ids)))
    )
    out = []
    for c in kids:
        e, d, o, late = sums.get(c.id, NO_SUMS)
        out.append(
            ChildLine(
                c.id, c.name, c.class_name, c.gender, e, d, o, late, flags.get(c.id, 0), c.id in now
            )
        )
    return sorted(out, key=lambda x: (not x.current, x.class_name, x.name, x.child_id))


def child_duties(vault: Vault, child_id: str) -> list[DutyCell]:
    """The child's duty record: every row the reports carried for her, by month then duty."""
    sid = school_id(vault)
    with vault.read():
        return duty_cells(sid, child_id)


def duty_cells(sid: str, child_id: str) -> list[DutyCell]:
    """:func:`child_duties` of the school ``sid``, with the models already bound."""
    labels: dict[tuple[str, str], tuple[str, str]] = {}
    for r in SchoolReport.select().where(SchoolReport.school_id == sid):
        for d in r.duties or []:
            labels[(r.teacher_id, str(d.get("id")))] = (
                str(d.get("label_zh") or ""),
                str(d.get("label_en") or ""),
            )
    rows = list(
        DutyStatus.select()
        .where((DutyStatus.school_id == sid) & (DutyStatus.child_id == child_id))
        .order_by(DutyStatus.period, DutyStatus.teacher_id, DutyStatus.duty_id, DutyStatus.phase)
    )
    return [
        DutyCell(
            r.teacher_id,
            r.duty_id,
            *labels.get((r.teacher_id, r.duty_id), (r.duty_id, r.duty_id)),
            r.period,
            r.phase,
            r.expected,
            r.done,
            r.on_time,
            r.attempts,
            r.first_done,
            r.last_done,
        )
        for r in rows
    ]


def unpaired_children(vault: Vault) -> list[ChildRef]:
    """Active children of the roster without a mentor, by class and name."""
    sid = school_id(vault)
    with vault.read():
        q = (
            SchoolChild.select(SchoolChild)
            .join(
                Pairing,
                JOIN.LEFT_OUTER,
                on=(
                    (Pairing.child_id == SchoolChild.id)
                    & (Pairing.school_id == sid)
                    & Pairing.end.is_null()
                ),
            )
            .where(
                (SchoolChild.school_id == sid)
                & (SchoolChild.status == "active")
                & Pairing.id.is_null()
            )
            .order_by(SchoolChild.class_name, SchoolChild.name, SchoolChild.id)
        )
        return [ChildRef(c.id, c.name, c.class_name, c.gender, c.mentor_hint) for c in q]


def mentors_over_load(vault: Vault) -> list[LoadLine]:
    sid = school_id(vault)
    limit = settings(vault).load
    with vault.read():
        paired = _paired_counts(sid)
        teachers = SchoolTeacher.select().where(SchoolTeacher.school_id == sid)
        return [
            LoadLine(t.id, t.name, paired.get(t.id, 0), limit)
            for t in teachers.order_by(SchoolTeacher.name)
            if paired.get(t.id, 0) > limit
        ]


def stale_reporters(vault: Vault, today: dt.date) -> list[StaleLine]:
    """Active teachers whose latest report is older than the school's stale days (or who never
    reported), the longest silent first."""
    lines = [
        StaleLine(t.teacher_id, t.name, t.last_report, t.days_since)
        for t in overview(vault, current_month(today), today)
        if t.stale
    ]
    return sorted(lines, key=lambda x: (x.days_since is not None, -(x.days_since or 0), x.name))


def open_mandatory(vault: Vault) -> list[MandatoryLine]:
    """The mandatory reports (强制报告) not resolved, the oldest first."""
    sid = school_id(vault)
    with vault.read():
        rows = list(
            FlagStatus.select()
            .where(
                (FlagStatus.school_id == sid)
                & (FlagStatus.mandatory == True)  # noqa: E712
                & (FlagStatus.status != "resolved")
            )
            .order_by(FlagStatus.opened_on, FlagStatus.flag_id)
        )
        ids = list({r.child_id for r in rows if r.child_id})
        kids = {
            c.id: c.name
            for c in SchoolChild.select(SchoolChild.id, SchoolChild.name).where(
                (SchoolChild.school_id == sid) & SchoolChild.id.in_(ids)
            )
        }
        names = {
            t.id: t.name
            for t in SchoolTeacher.select(SchoolTeacher.id, SchoolTeacher.name).where(
                SchoolTeacher.school_id == sid
            )
        }
    return [
        MandatoryLine(
            r.flag_id,
            r.teacher_id,
            names.get(r.teacher_id, ""),
            r.child_id,
            kids.get(r.child_id) or r.label,
            r.category,
            r.status,
            tuple(r.steps or ()),
            r.opened_on,
            r.updated_on,
        )
        for r in rows
    ]


def status_json(lines: Iterable[TeacherLine]) -> list[dict[str, object]]:
    """The ``mentor school status --json`` objects (docs/school.md): per teacher ``teacher``,
    ``children``, ``expected``, ``done``, ``on_time``, ``overdue``, ``open_flags``,
    ``last_report`` (ISO date-time or null), and ``teacher_id``, ``stale``."""
    out = []
    for x in lines:
        out.append(
            {
                "teacher": x.name,
                "teacher_id": x.teacher_id,
                "children": x.children,
                "expected": x.expected,
                "done": x.done,
                "on_time": x.on_time,
                "overdue": x.overdue,
                "open_flags": x.open_flags,
                "last_report": x.last_report.isoformat() if x.last_report else None,
                "stale": x.stale,
            }
        )
    return out
