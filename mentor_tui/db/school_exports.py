"""The school's sheets (issue 19 item 8): the school ledger (台账: one row per child with her
mentor, and a sheet per month with each duty's expected / done / on time), the teacher
evaluation (考核: per teacher, the term's expected / done / on-time and their rates), and the
county statistics (the national fields: SCHOOL.md §Sizes). Print-ready xlsx
(docs_out/print_sheet.py) or csv; an audit line per export.

The numbers are the figures the teachers' reports carried (core/school_figures.py), summed by
``GROUP BY`` in the database; a child moved between mentors has her rows from both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from peewee import fn

from mentor_tui.core import school_stats
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.school_figures import Totals, months_of_term
from mentor_tui.core.terms import TermInfo
from mentor_tui.db.reports import resolve_term
from mentor_tui.db.school_docs import tuples
from mentor_tui.db.school_models import (
    DutyStatus,
    FlagStatus,
    Pairing,
    SchoolChild,
    SchoolReport,
    SchoolTeacher,
)
from mentor_tui.db.school_queries import overview
from mentor_tui.db.school_setup import school_id, school_info
from mentor_tui.db.serial_retry import retry_serial
from mentor_tui.db.vault import Vault, audit
from mentor_tui.docs_out.ledger_model import Cell, Sheet
from mentor_tui.paths import write_atomic

KINDS = ("ledger", "evaluation", "stats")
FORMATS = ("xlsx", "csv")


@dataclass(frozen=True)
class SchoolSheets:
    """What an export writes: a title, the line under it, the sheets."""

    kind: str
    title: str
    subtitle: str
    sheets: list[Sheet]
    rows: int  # children or teachers in it (the audit line's count)


def _label(lang: str, zh_en: tuple[str, str]) -> str:
    return zh_en[0] if lang == "zh" else zh_en[1]


def _duty_labels(sid: str, lang: str) -> list[tuple[str, str]]:
    seen: dict[str, tuple[str, str]] = {}
    for r in (
        SchoolReport.select().where(SchoolReport.school_id == sid).order_by(SchoolReport.teacher_id)
    ):
        for d in r.duties or []:
            seen.setdefault(
                str(d.get("id")), (str(d.get("label_zh") or ""), str(d.get("label_en") or ""))
            )
    return [(k, _label(lang, v) or k) for k, v in seen.items()]


def _mentors(sid: str) -> dict[str, tuple[str, dt.date]]:
    names = {t.id: t.name for t in SchoolTeacher.select().where(SchoolTeacher.school_id == sid)}
    return {
        p.child_id: (names.get(p.teacher_id, ""), p.start)
        for p in Pairing.select().where((Pairing.school_id == sid) & Pairing.end.is_null())
    }


def _rate(total: Totals, part: str) -> str:
    pct = total.rate(part)
    return "" if pct is None else f"{pct}%"


def ledger(vault: Vault, term: TermInfo, today: dt.date, lang: str) -> SchoolSheets:
    sid = school_id(vault)
    info = school_info(vault)
    months = months_of_term(term, min(today, term.end))
    with vault.read():
        duties = _duty_labels(sid, lang)
        mentors = _mentors(sid)
        kids = list(
            SchoolChild.select()
            .where(SchoolChild.school_id == sid)
            .order_by(SchoolChild.class_name, SchoolChild.name, SchoolChild.id)
        )
        q = (
            DutyStatus.select(
                DutyStatus.child_id,
                DutyStatus.duty_id,
                DutyStatus.period,
                fn.SUM(DutyStatus.expected),
                fn.SUM(DutyStatus.done),
                fn.SUM(DutyStatus.on_time),
            )
            .where((DutyStatus.school_id == sid) & DutyStatus.period.in_(months))
            .group_by(DutyStatus.child_id, DutyStatus.duty_id, DutyStatus.period)
        )
        cells: dict[tuple[str, str, str], Totals] = {
            (str(c), str(d), str(p)): Totals(int(e or 0), int(n or 0), int(o or 0))
            for c, d, p, e, n, o in tuples(q)
        }
    children_head = [
        t(f"school.col.{c}", lang=lang)
        for c in (
            "name",
            "gender",
            "birth_date",
            "class_name",
            "stage",
            "guardian_type",
            "categories",
            "boarding",
            "health",
            "poverty",
            "ethnicity",
            "mentor",
            "paired_on",
            "status",
        )
    ]
    sep = "、" if lang == "zh" else ", "
    rows: list[list[Cell]] = []
    for c in kids:
        mentor, since = mentors.get(c.id, ("", None))
        rows.append(
            [
                c.name,
                t(f"gender.{c.gender}", lang=lang) if c.gender else "",
                c.birth_date,
                c.class_name,
                t(f"stage.{c.stage}", lang=lang) if c.stage else "",
                t(f"guardian_type.{c.guardian_type}", lang=lang) if c.guardian_type else "",
                sep.join(t(f"category.{x}", lang=lang) for x in c.categories or []),
                "" if c.boarding is None else t("docs.yes" if c.boarding else "docs.no", lang=lang),
                t(f"health.{c.health}", lang=lang) if c.health else "",
                sep.join(t(f"poverty.{x}", lang=lang) for x in c.poverty or []),
                c.ethnicity,
                mentor,
                since,
                t(f"school.child_status.{c.status}", lang=lang),
            ]
        )
    sheets = [Sheet(t("docs.ledger.sheet_children", lang=lang), children_head, rows)]
    for month in months:
        head = [
            t("docs.col.child", lang=lang),
            t("docs.col.class", lang=lang),
            t("school.col.mentor", lang=lang),
        ]
        for _id, label in duties:
            head += [
                t("docs.col.expected", lang=lang, duty=label),
                t("docs.col.done", lang=lang, duty=label),
                t("docs.col.on_time", lang=lang, duty=label),
            ]
        head += [t("docs.col.completion", lang=lang), t("docs.col.on_time_rate", lang=lang)]
        mrows: list[list[Cell]] = []
        for c in kids:
            row: list[Cell] = [c.name, c.class_name, mentors.get(c.id, ("", None))[0]]
            total = Totals()
            any_cell = False
            for duty_id, _label in duties:
                tl = cells.get((c.id, duty_id, month))
                if tl is None:
                    row += ["", "", ""]
                else:
                    row += [tl.expected, tl.done, tl.on_time]
                    total, any_cell = total + tl, True
            if not any_cell and c.status != "active":
                continue
            row += [_rate(total, "done"), _rate(total, "on_time")]
            mrows.append(row)
        year, mon = int(month[:4]), int(month[5:])
        sheets.append(
            Sheet(t("docs.ledger.month", lang=lang, year=year, month=mon), head, mrows, (year, mon))
        )
    return SchoolSheets(
        "ledger",
        t("school.sheet.ledger_title", lang=lang, school=info.name),
        _subtitle(term, today, lang),
        sheets,
        len(kids),
    )


def _subtitle(term: TermInfo, today: dt.date, lang: str) -> str:
    return t("school.sheet.subtitle", lang=lang, term=term.name, date=today.isoformat())


def evaluation(vault: Vault, term: TermInfo, today: dt.date, lang: str) -> SchoolSheets:
    """Per teacher, the term's months up to today: expected, done, on time and their rates."""
    sid = school_id(vault)
    info = school_info(vault)
    months = months_of_term(term, min(today, term.end))
    with vault.read():
        q = (
            DutyStatus.select(
                DutyStatus.teacher_id,
                fn.SUM(DutyStatus.expected),
                fn.SUM(DutyStatus.done),
                fn.SUM(DutyStatus.on_time),
                fn.SUM(DutyStatus.attempts),
            )
            .where((DutyStatus.school_id == sid) & DutyStatus.period.in_(months))
            .group_by(DutyStatus.teacher_id)
        )
        sums = {
            str(tid): Totals(int(e or 0), int(d or 0), int(o or 0), int(a or 0))
            for tid, e, d, o, a in tuples(q)
        }
        fq = (
            FlagStatus.select(FlagStatus.teacher_id, fn.COUNT(FlagStatus.flag_id))
            .where((FlagStatus.school_id == sid) & (FlagStatus.status != "resolved"))
            .group_by(FlagStatus.teacher_id)
        )
        flags = {str(tid): int(n) for tid, n in tuples(fq)}
    lines = overview(vault, months[-1] if months else today.strftime("%Y-%m"), today)
    head = [
        t(f"school.col.{c}", lang=lang)
        for c in (
            "teacher",
            "class_taught",
            "children",
            "expected",
            "done",
            "on_time",
            "done_rate",
            "on_time_rate",
            "attempts",
            "open_flags",
            "last_report",
            "stale",
        )
    ]
    rows: list[list[Cell]] = []
    for x in lines:
        tl = sums.get(x.teacher_id, Totals())
        rows.append(
            [
                x.name,
                x.class_taught,
                x.children,
                tl.expected,
                tl.done,
                tl.on_time,
                _rate(tl, "done"),
                _rate(tl, "on_time"),
                tl.attempts,
                flags.get(x.teacher_id, 0),
                x.last_report.date() if x.last_report else "",
                t("docs.yes" if x.stale else "docs.no", lang=lang),
            ]
        )
    return SchoolSheets(
        "evaluation",
        t("school.sheet.evaluation_title", lang=lang, school=info.name),
        _subtitle(term, today, lang),
        [Sheet(t("school.sheet.evaluation", lang=lang), head, rows)],
        len(rows),
    )


def stat_child(c: SchoolChild) -> school_stats.StatChild:
    """A child of the roster as the county statistics count her."""
    return school_stats.StatChild(
        c.gender,
        c.birth_date,
        c.stage,
        c.guardian_type,
        tuple(c.categories or ()),
        c.boarding,
        c.health,
        tuple(c.poverty or ()),
    )


def stats(vault: Vault, today: dt.date, lang: str) -> SchoolSheets:
    """The county statistics of the school's active children on ``today``."""
    sid = school_id(vault)
    info = school_info(vault)
    with vault.read():
        kids = [
            stat_child(c)
            for c in SchoolChild.select().where(
                (SchoolChild.school_id == sid) & (SchoolChild.status == "active")
            )
        ]
    return stats_sheets(
        kids, t("school.sheet.stats_title", lang=lang, school=info.name), today, lang
    )


def stats_sheets(
    kids: Sequence[school_stats.StatChild], title: str, today: dt.date, lang: str
) -> SchoolSheets:
    """The statistics sheet of these children (a school's, or a county's over all schools)."""
    total, lines = school_stats.county_stats(kids, today)
    head = [t(f"school.col.{c}", lang=lang) for c in ("dimension", "value", "count")]
    rows: list[list[Cell]] = [[t("school.stats.total", lang=lang), "", total]]
    for line in lines:
        rows.append(
            [
                t(f"school.stats.{line.dimension}", lang=lang),
                _value_label(line.dimension, line.value, lang),
                line.count,
            ]
        )
    return SchoolSheets(
        "stats",
        title,
        t("school.sheet.stats_subtitle", lang=lang, date=today.isoformat()),
        [Sheet(t("school.sheet.stats", lang=lang), head, rows)],
        total,
    )


def _value_label(dimension: str, value: str, lang: str) -> str:
    if value == school_stats.UNKNOWN:
        return t("school.stats.not_given", lang=lang)
    prefix = {
        "sex": "gender",
        "age_band": "age_band",
        "stage": "national_stage",
        "guardian_type": "guardian_type",
        "category": "category",
        "health": "health",
        "poverty": "poverty",
    }.get(dimension)
    if prefix is None:  # boarding
        return t("docs.yes" if value == "yes" else "docs.no", lang=lang)
    return t(f"{prefix}.{value}", lang=lang)


def build(
    vault: Vault, kind: str, today: dt.date, lang: str, term_spec: str | None = None
) -> SchoolSheets:
    if kind == "stats":
        return stats(vault, today, lang)
    term = resolve_term(vault, term_spec, today)
    return (
        ledger(vault, term, today, lang)
        if kind == "ledger"
        else evaluation(vault, term, today, lang)
    )


def render(sheets: SchoolSheets, fmt: str) -> bytes:
    """The file's bytes: a print-ready workbook, or one CSV table (the month sheets of the
    ledger in one table, the month first)."""
    if fmt == "xlsx":
        from mentor_tui.docs_out import print_sheet

        return print_sheet.render(print_sheet.Book(sheets.title, sheets.subtitle, sheets.sheets))
    from mentor_tui.docs_out.ledger_csv import render_rows

    if sheets.kind == "ledger":
        months = sheets.sheets[1:]
        if not months:
            return render_rows(sheets.sheets[0].headers, sheets.sheets[0].rows)
        return render_rows(
            [t("docs.col.month"), *months[0].headers],
            [[s.name, *r] for s in months for r in s.rows],
        )
    sheet = sheets.sheets[0]
    return render_rows(sheet.headers, sheet.rows)


def export(
    vault: Vault,
    kind: str,
    fmt: str,
    path: Path,
    today: dt.date,
    lang: str,
    term_spec: str | None = None,
) -> SchoolSheets:
    if kind not in KINDS or fmt not in FORMATS:
        raise MentorError("school.bad_export", kind=kind, fmt=fmt)
    sheets = build(vault, kind, today, lang, term_spec)
    data = render(sheets, fmt)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise MentorError(
            "err.export_write", path=str(path), detail=exc.strerror or str(exc)
        ) from None

    def note() -> None:
        with vault.write():
            audit(vault, f"school.export.{kind}.{fmt}", rows=sheets.rows)

    retry_serial(vault, note)
    return sheets


def default_name(kind: str, fmt: str, today: dt.date, lang: str) -> str:
    return f"{t(f'school.file.{kind}', lang=lang)}-{today.isoformat()}.{fmt}"


def months_for(vault: Vault, term_spec: str | None, today: dt.date) -> Sequence[str]:
    term = resolve_term(vault, term_spec, today)
    return months_of_term(term, min(today, term.end))
