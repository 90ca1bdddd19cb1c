"""The school ledger (台账) as plain sheets: one row per child with the contact card's fields, and a
sheet per month with each child's duties expected / done / on time — the figures of
core/school_figures.py, the same the school's roll-up sums, so her ledger and the school's
figures can be compared line by line (issue 19). Pure.

Cells are ``str``, ``int`` or ``datetime.date``; the xlsx and csv writers decide how to store
them and neutralise what a spreadsheet would run as a formula.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core.dates import as_date
from mentor_tui.core.diary_model import (
    CHILD_FIELDS,
    SENSITIVE_CHILD_FIELDS,
    Options,
    notes_for,
    phones_text,
)
from mentor_tui.core.i18n import t
from mentor_tui.core.school_figures import Totals

Cell = str | int | dt.date | None
GUARDIAN_ROLES = ("grandparent", "relative", "other_guardian")
# The contact card's child fields with the name first; the sensitive ones only with
# ``include_sensitive``.
CHILD_COLUMNS = ("name", *CHILD_FIELDS)
SENSITIVE_COLUMNS = SENSITIVE_CHILD_FIELDS
# The people of the card: (header prefix, roles picked from, contact fields). The header of
# field f is docs.ledger.<prefix>_<SUFFIX[f]> (the name column is docs.ledger.<prefix>).
PEOPLE = (
    (
        "guardian",
        GUARDIAN_ROLES,
        ("name", "relationship", "phones", "employer", "occupation", "address", "best_time"),
    ),
    (
        "father",
        ("father",),
        ("name", "phones", "work_city", "employer", "occupation", "address", "best_time"),
    ),
    (
        "mother",
        ("mother",),
        ("name", "phones", "work_city", "employer", "occupation", "address", "best_time"),
    ),
)
SUFFIX = {
    "relationship": "relationship",
    "phones": "phone",
    "work_city": "work",
    "employer": "employer",
    "occupation": "occupation",
    "address": "address",
    "best_time": "best_time",
}


@dataclass
class Sheet:
    name: str
    headers: list[str]
    rows: list[list[Cell]]
    month: tuple[int, int] | None = None


@dataclass
class Ledger:
    lang: str
    title: str
    children: Sheet
    months: list[Sheet]
    notes: list[str] = field(default_factory=list)
    made_on: dt.date | None = None  # the date of the figures (the print's date line)


def _pick(contacts: Sequence[Mapping[str, Any]], roles: Sequence[str]) -> Mapping[str, Any]:
    matching = [c for c in contacts if c.get("role") in roles]
    matching.sort(key=lambda c: (not c.get("is_primary"), roles.index(c.get("role"))))
    return matching[0] if matching else {}


def children_sheet(
    children: Sequence[Mapping[str, Any]],
    contacts: Mapping[str, Sequence[Mapping[str, Any]]],
    opts: Options,
) -> Sheet:
    lang = opts.lang
    child_cols = list(CHILD_COLUMNS) + (list(SENSITIVE_COLUMNS) if opts.include_sensitive else [])
    headers = (
        [t(f"docs.field.{c}", lang=lang) for c in child_cols]
        + [
            t(f"docs.ledger.{p}" if f == "name" else f"docs.ledger.{p}_{SUFFIX[f]}", lang=lang)
            for p, _roles, fields in PEOPLE
            for f in fields
        ]
        + [t("docs.ledger.status", lang=lang)]
    )
    rows: list[list[Cell]] = []
    sep = "、" if lang == "zh" else ", "
    for c in children:
        row: list[Cell] = []
        for col in child_cols:
            v = c.get(col)
            if col == "gender":
                row.append(t(f"gender.{v}", lang=lang) if v else "")
            elif col == "birth_date":
                row.append(as_date(v))
            elif col == "boarding":
                row.append(t("docs.yes" if v else "docs.no", lang=lang))
            elif col == "home_phone":
                row.append(phones_text([v], opts))
            elif col == "categories":
                row.append(sep.join(t(f"category.{x}", lang=lang) for x in v or []))
            else:
                row.append(str(v or ""))
        own = list(contacts.get(str(c.get("id")), []))
        for _prefix, roles, fields in PEOPLE:
            person = _pick(own, roles)
            row += [
                phones_text(person.get("phones"), opts)
                if f == "phones"
                else str(person.get(f) or "")
                for f in fields
            ]
        row.append(t(f"status.{c.get('status') or 'active'}", lang=lang))
        rows.append(row)
    return Sheet(t("docs.ledger.sheet_children", lang=lang), headers, rows)


def month_sheet(
    year: int,
    month: int,
    children: Sequence[Mapping[str, Any]],
    duties: Sequence[tuple[str, str]],
    figures: Mapping[str, Mapping[str, Totals]],
    lang: str,
) -> Sheet:
    """``duties``: (duty id, label) in policy order; ``figures``: child -> duty id -> the month's
    totals (core/school_figures.py by_month). Per duty: expected, done, on time; then the rates."""
    headers = [t("docs.col.child", lang=lang), t("docs.col.class", lang=lang)]
    for _id, label in duties:
        headers += [
            t("docs.col.expected", lang=lang, duty=label),
            t("docs.col.done", lang=lang, duty=label),
            t("docs.col.on_time", lang=lang, duty=label),
        ]
    headers += [t("docs.col.completion", lang=lang), t("docs.col.on_time_rate", lang=lang)]
    rows: list[list[Cell]] = []
    for c in children:
        per = figures.get(str(c.get("id")), {})
        row: list[Cell] = [str(c.get("name") or ""), str(c.get("class_name") or "")]
        total = Totals()
        for d, _label in duties:
            tl = per.get(d)
            if tl is None:
                row += ["", "", ""]
            else:
                row += [tl.expected, tl.done, tl.on_time]
                total = total + tl
        for part in ("done", "on_time"):
            pct = total.rate(part)
            row.append("" if pct is None else f"{pct}%")
        rows.append(row)
    return Sheet(
        t("docs.ledger.month", lang=lang, year=year, month=month), headers, rows, (year, month)
    )


def build_ledger(
    children: Sequence[Mapping[str, Any]],
    contacts: Mapping[str, Sequence[Mapping[str, Any]]],
    duties: Sequence[tuple[str, str]],
    months: Sequence[tuple[int, int, Mapping[str, Mapping[str, Totals]]]],
    opts: Options,
    made_on: dt.date | None = None,
) -> Ledger:
    return Ledger(
        opts.lang,
        t("docs.ledger.title", lang=opts.lang),
        children_sheet(children, contacts, opts),
        [month_sheet(y, m, children, duties, tl, opts.lang) for y, m, tl in months],
        notes_for(opts),
        made_on,
    )
