"""The county's view over every school (issue 20 item 3): connected with the county's login
(db/county_schema.py), which reads every school's rows and writes none.

* :func:`overview` — per school: children, mentors, this month's expected / done / on time
  (from the month summaries kept at import: :class:`MonthSummary`, so a roll-up never scans
  every duty row), overdue, teachers whose report is stale, open mandatory reports.
* :func:`overview_from_rows` — the same figures by ``GROUP BY`` over the raw duty rows: what the
  summaries must always equal (a test checks; bench/bench_county.py times both).
* :func:`export_stats` — the county statistics sheet (the national fields) over all schools.
* :func:`school_overview`, :func:`teacher_children`, :func:`child_duties` — the drill-down of
  the county's overview (screens/county_*.py): one school's teachers, a teacher's children, a
  child's duty record, the same typed rows as the school office's own (db/school_queries.py).
  The school's own settings (stale days, load) stay in its vault: the county uses the defaults.

Sealed columns are never read here: the county holds no school's key.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from pathlib import Path

from peewee import Case, InterfaceError, OperationalError, PostgresqlDatabase, fn

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.school_pairing import DEFAULT_LOAD
from mentor_tui.db.county_schema import SCHEMA_VERSION, roles, schema_version
from mentor_tui.db.models import office_database, office_seal
from mentor_tui.db.school_docs import tuples
from mentor_tui.db.school_exports import SchoolSheets, render, stat_child, stats_sheets
from mentor_tui.db.school_models import (
    DutyStatus,
    FlagStatus,
    MonthSummary,
    School,
    SchoolChild,
    SchoolReport,
    SchoolTeacher,
)
from mentor_tui.db.school_queries import (
    NO_SUMS,
    ChildLine,
    DutyCell,
    MonthSums,
    TeacherLine,
    children_lines,
    duty_cells,
    teacher_lines,
)
from mentor_tui.db.school_server import connect
from mentor_tui.paths import write_atomic

DEFAULT_STALE_DAYS = 14
_BIND = threading.RLock()


@dataclass
class County:
    db: PostgresqlDatabase
    role: str

    @contextmanager
    def read(self) -> Iterator[County]:
        """Bind the school tables to the county's server (no key: sealed columns unread).

        A thread without a connection of its own (a TUI worker) opens one for this read and
        closes it after; a connection lost meanwhile is told in one sentence
        (``county.no_connection``), and the next read connects again."""
        with _BIND:
            office_database.initialize(self.db)
            office_seal.key = None
            opened = False
            try:
                if self.db.is_closed():
                    self.db.connect()
                    opened = True
                yield self
            except (OperationalError, InterfaceError) as exc:
                opened = True  # a broken connection is closed: the next read opens anew
                raise MentorError("county.no_connection", reason=_first_line(exc)) from None
            finally:
                office_database.initialize(None)
                if opened:
                    with suppress(Exception):
                        self.db.close()

    def close(self) -> None:
        self.db.close()


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0][:200] if text else type(exc).__name__


def open_county(url: str, ask_password: Callable[[], str] | None = None) -> County:
    """The county's server, logged in with the county's role (``county.not_county_role``
    otherwise: a school's login sees its own school only)."""
    db = connect(url, ask_password)
    try:
        version = schema_version(db)
        if version is None:
            raise MentorError("county.not_county_db")
        if version != SCHEMA_VERSION:
            key = "county.schema_old" if version < SCHEMA_VERSION else "county.schema_new"
            raise MentorError(key, have=version, want=SCHEMA_VERSION)
        role = str(db.execute_sql("SELECT current_user").fetchone()[0])
        want = roles(db).county
        is_super = db.execute_sql(
            "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"
        ).fetchone()[0]
        if role != want and not is_super:
            raise MentorError("county.not_county_role", role=want)
    except BaseException:
        db.close()
        raise
    return County(db, role)


@dataclass(frozen=True)
class SchoolLine:
    school_id: str
    name: str
    children: int  # active children on the roster
    mentors: int  # active teachers
    expected: int  # this month
    done: int
    on_time: int
    overdue: int  # expected − done, this month and the months before it
    stale: int  # active teachers never reported, or not for more than the stale days
    open_mandatory: int  # mandatory reports not resolved

    def to_json(self) -> dict[str, object]:
        return {
            "school": self.name,
            "school_id": self.school_id,
            "children": self.children,
            "mentors": self.mentors,
            "expected": self.expected,
            "done": self.done,
            "on_time": self.on_time,
            "overdue": self.overdue,
            "stale": self.stale,
            "open_mandatory": self.open_mandatory,
        }


def _figures(table: type[MonthSummary] | type[DutyStatus], month: str) -> dict[str, MonthSums]:
    """school id -> the figures of ``month``, summed over ``table``: the month summaries kept
    at import (``MonthSummary``) or the raw duty rows (``DutyStatus``); both have the columns."""
    in_month = table.period == month
    q = (
        table.select(
            table.school_id,
            fn.SUM(Case(None, [(in_month, table.expected)], 0)),
            fn.SUM(Case(None, [(in_month, table.done)], 0)),
            fn.SUM(Case(None, [(in_month, table.on_time)], 0)),
            fn.SUM(table.expected - table.done),
        )
        .where(table.period <= month)
        .group_by(table.school_id)
    )
    return {
        str(r[0]): MonthSums(int(r[1] or 0), int(r[2] or 0), int(r[3] or 0), int(r[4] or 0))
        for r in tuples(q)
    }


def _lines(
    county: County,
    month: str,
    today: dt.date,
    stale_days: int,
    table: type[MonthSummary] | type[DutyStatus],
) -> list[SchoolLine]:
    cutoff = dt.datetime.combine(today - dt.timedelta(days=stale_days), dt.time())
    with county.read():
        names = {str(s): str(n) for s, n in tuples(School.select(School.school_id, School.name))}
        kids = dict(
            tuples(
                SchoolChild.select(SchoolChild.school_id, fn.COUNT(SchoolChild.id))
                .where(SchoolChild.status == "active")
                .group_by(SchoolChild.school_id)
            )
        )
        teachers = SchoolTeacher.select(SchoolTeacher.school_id, fn.COUNT(SchoolTeacher.id)).where(
            SchoolTeacher.active == True  # noqa: E712
        )
        mentors = dict(tuples(teachers.group_by(SchoolTeacher.school_id)))
        fresh = dict(
            tuples(
                SchoolReport.select(SchoolReport.school_id, fn.COUNT(SchoolReport.teacher_id))
                .join(
                    SchoolTeacher,
                    on=(SchoolTeacher.id == SchoolReport.teacher_id)
                    & (SchoolTeacher.school_id == SchoolReport.school_id),
                )
                .where((SchoolTeacher.active == True) & (SchoolReport.generated_at >= cutoff))  # noqa: E712
                .group_by(SchoolReport.school_id)
            )
        )
        mandatory = dict(
            tuples(
                FlagStatus.select(FlagStatus.school_id, fn.COUNT(FlagStatus.flag_id))
                .where((FlagStatus.mandatory == True) & (FlagStatus.status != "resolved"))  # noqa: E712
                .group_by(FlagStatus.school_id)
            )
        )
        sums = _figures(table, month)
    out = []
    for sid in sorted(set(names) | set(sums), key=lambda s: (names.get(s, ""), s)):
        e, d, o, late = sums.get(sid, NO_SUMS)
        n_mentors = int(mentors.get(sid, 0))
        out.append(
            SchoolLine(
                sid,
                names.get(sid, ""),
                int(kids.get(sid, 0)),
                n_mentors,
                e,
                d,
                o,
                late,
                n_mentors - int(fresh.get(sid, 0)),
                int(mandatory.get(sid, 0)),
            )
        )
    return out


def overview(
    county: County, month: str, today: dt.date, stale_days: int = DEFAULT_STALE_DAYS
) -> list[SchoolLine]:
    """Every school's line for ``month`` ("YYYY-MM"), by name; figures from the summaries."""
    return _lines(county, month, today, stale_days, MonthSummary)


def overview_from_rows(
    county: County, month: str, today: dt.date, stale_days: int = DEFAULT_STALE_DAYS
) -> list[SchoolLine]:
    """The same lines with the figures summed over the raw duty rows."""
    return _lines(county, month, today, stale_days, DutyStatus)


def stats(county: County, today: dt.date, lang: str) -> SchoolSheets:
    """The county statistics sheet over every school's active children."""
    with county.read():
        kids = [
            stat_child(c)
            for c in SchoolChild.select().where(SchoolChild.status == "active").iterator()
        ]
    return stats_sheets(kids, t("county.stats_title", lang=lang), today, lang)


def export_stats(county: County, fmt: str, path: Path, today: dt.date, lang: str) -> SchoolSheets:
    sheets = stats(county, today, lang)
    data = render(sheets, fmt)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise MentorError(
            "err.export_write", path=str(path), detail=exc.strerror or str(exc)
        ) from None
    return sheets


# --- the drill-down: one school, as its own office sees it -------------------------------------


def school_overview(
    county: County,
    school_id: str,
    month: str,
    today: dt.date,
    stale_days: int = DEFAULT_STALE_DAYS,
    load: int = DEFAULT_LOAD,
) -> list[TeacherLine]:
    """The school's teachers with the figures its own overview shows (db/school_queries.py),
    for ``month``; stale and over-load by the county's defaults."""
    with county.read():
        return teacher_lines(school_id, month, today, stale_days, load)


def teacher_children(
    county: County, school_id: str, teacher_id: str, month: str
) -> list[ChildLine]:
    """A teacher's children with the month's figures of her rows (as the school sees them)."""
    with county.read():
        return children_lines(school_id, teacher_id, month)


def child_duties(county: County, school_id: str, child_id: str) -> list[DutyCell]:
    """A child's duty record: every row her school's reports carried for her."""
    with county.read():
        return duty_cells(school_id, child_id)


def teacher_names(county: County, school_id: str) -> dict[str, str]:
    """Every teacher of the school (those left too): id -> name."""
    with county.read():
        q = SchoolTeacher.select(SchoolTeacher.id, SchoolTeacher.name).where(
            SchoolTeacher.school_id == school_id
        )
        return {str(i): str(n) for i, n in tuples(q)}
