"""Class rosters (花名册) in: every row of every chosen sheet checked into the child and the
contacts it gives. Pure.

The file is read elsewhere (``docs_out.roster_file``: rows of cell values per sheet); the header
and the columns come from core/roster_header.py (the mapping step), composite cells are split by
core/roster_split.py, ID numbers read by core/idcard.py. :func:`check_row` turns one row's
values (field -> text) into a :class:`RosterRow`: the child, the contacts, and its problems —
errors (no name, a duplicate: the row is not imported) and warnings (a bad optional value: the
row may be imported without it, when she chooses so). Which child of her list a row is, and
what importing it would change, is core/roster_update.py. docs/roster-columns.md tells it all.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core import idcard, roster_split
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.roster_cells import cell_text
from mentor_tui.core.roster_fields import ALIASES, FIELDS, PHONE_FIELDS, header_key
from mentor_tui.core.roster_header import HEADER_SEARCH_ROWS, Layout, layout
from mentor_tui.core.roster_match import Match
from mentor_tui.core.validate import clean_text, validate_phone

__all__ = ["ALIASES", "FIELDS", "HEADER_SEARCH_ROWS", "PHONE_FIELDS", "cell_text", "header_key"]

MAX_BYTES = 10 * 1024 * 1024  # the file on disk
MAX_UNPACKED = 50 * 1024 * 1024  # every part of a workbook, unpacked, together
MAX_ROWS = 5000
MAX_COLUMNS = 100
NAME_LIMIT = 40
TEXT_LIMIT = 200
PROGRESS_EVERY = 200  # rows between progress calls

Problem = tuple[str, dict[str, object]]  # (i18n key, its arguments)
# Bad optional values: the row can be imported without them (⚠). Every other problem is an
# error: the row is not imported.
WARNINGS = frozenset(
    {
        "roster.problem.bad_date",
        "roster.problem.bad_phone",
        "roster.problem.bad_gender",
        "roster.problem.bad_boarding",
    }
)

# row status (what importing the row does)
NEW, UPDATE, SAME, CHOOSE, ERROR = "new", "update", "same", "choose", "error"
CHOSEN_NEW = ""  # her choice for a row that could be a child of her list: a new child

_GENDER = {
    "男": "male",
    "男生": "male",
    "男孩": "male",
    "m": "male",
    "male": "male",
    "boy": "male",
    "女": "female",
    "女生": "female",
    "女孩": "female",
    "f": "female",
    "female": "female",
    "girl": "female",
}
_YES = {"是", "寄宿", "住校", "寄宿生", "yes", "y", "1", "√", "✓", "true"}
_NO = {"否", "不", "走读", "不寄宿", "走读生", "no", "n", "0", "×", "✗", "false"}
_DATE_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[ t]0{1,2}:00(?::00)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PHONE_SPLIT = re.compile(r"[,，;；/、\s]+")


def is_warning(key: str) -> bool:
    return key in WARNINGS or key.startswith("roster.warn.")


@dataclass
class RosterRow:
    line: int  # the row number she sees in the spreadsheet (1-based)
    values: dict[str, str]  # mapped cells, cleaned text
    sheet: str = ""
    child: dict[str, Any] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # which child of her list the row is (core/roster_update.py), what it would change there
    match: Match | None = None
    changes: list[Change] = field(default_factory=list)
    choice: str | None = None  # her choice when the match needs one: a child id or CHOSEN_NEW

    @property
    def ok(self) -> bool:
        """No problem at all."""
        return not self.problems

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if not is_warning(p[0])]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if is_warning(p[0])]

    @property
    def target(self) -> str | None:
        """The child of her list this row updates (None: a new child, or not decided)."""
        if self.match is None:
            return None
        if self.match.child_id is not None:
            return self.match.child_id
        return self.choice or None

    @property
    def status(self) -> str:
        if self.errors:
            return ERROR
        if self.match is not None and self.match.needs_choice and self.choice is None:
            return CHOOSE
        if self.target is None:
            return NEW
        return UPDATE if self.changes else SAME

    def importable(self, with_warnings: bool) -> bool:
        """Importing it does something, and she allowed it (warnings only when asked)."""
        return self.status in (NEW, UPDATE) and (with_warnings or not self.warnings)

    def messages(self, lang: str | None = None) -> list[str]:
        """The problems in ``lang``; ``field`` and ``reason`` are ids translated here."""
        out = []
        for key, kw in self.problems:
            kw = dict(kw)
            if "field" in kw:
                kw["field"] = t(f"roster.field.{kw['field']}", lang=lang)
            if "reason" in kw:
                kw["reason"] = t(f"roster.dup.{kw['reason']}", lang=lang)
            out.append(t(key, lang=lang, **kw))
        return out


@dataclass(frozen=True)
class Change:
    """One change importing a row makes to her list: ``what`` is a child field, or a contact's
    ("father.phones"); ``old`` and ``new`` as text ("" for nothing)."""

    what: str
    old: str
    new: str


@dataclass
class Roster:
    layouts: list[Layout]
    rows: list[RosterRow]

    @property
    def header_line(self) -> int:
        """The (last) header row of the first sheet, 1-based."""
        return self.layouts[0].data_start if self.layouts else 0

    @property
    def ignored(self) -> list[str]:
        """Headers of columns mapped to nothing (sequence-number columns aside)."""
        return [
            c.header
            for lay in self.layouts
            for c in lay.columns
            if c.header and not c.field and not c.sequence
        ]

    @property
    def good(self) -> list[RosterRow]:
        """Rows importing without a warning."""
        return [r for r in self.rows if r.importable(False)]

    @property
    def bad(self) -> list[RosterRow]:
        return [r for r in self.rows if r.problems]

    def to_import(self, with_warnings: bool) -> list[RosterRow]:
        return [r for r in self.rows if r.importable(with_warnings)]

    def count(self, status: str) -> int:
        return sum(1 for r in self.rows if r.status == status)

    @property
    def warned(self) -> list[RosterRow]:
        """Rows that import only with warnings allowed."""
        return [r for r in self.rows if r.status in (NEW, UPDATE) and r.warnings]

    def several_sheets(self) -> bool:
        return len({r.sheet for r in self.rows}) > 1


def row_label(row: RosterRow, lang: str | None = None, sheets: bool = False) -> str:
    """ "第 5 行", or "一班 第 5 行" when rows come from several sheets."""
    label = t("roster.row", lang=lang, row=row.line)
    return f"{row.sheet} {label}" if sheets and row.sheet else label


# --- one row ---------------------------------------------------------------------------------


def parse_date(value: str, today: dt.date) -> dt.date:
    """A full date (2016-03-04, 2016/3/4, 2016.3.4, 2016年3月4日, 20160304), not in the future,
    at most 30 years ago; ValueError otherwise (a year and month alone included)."""
    s = unicodedata.normalize("NFKC", value).strip().lower()
    m = _DATE_YMD.match(s) or _DATE_COMPACT.match(s)
    if not m:
        raise ValueError(value)
    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if d > today or d.year < today.year - 30:
        raise ValueError(value)
    return d


_GRAND = ("爷", "奶", "外公", "外婆", "姥", "祖", "孙", "grand")
_RELATIVE = (
    "叔",
    "伯",
    "姑",
    "舅",
    "姨",
    "婶",
    "哥",
    "姐",
    "兄",
    "侄",
    "甥",
    "亲戚",
    "uncle",
    "aunt",
    "brother",
    "sister",
    "relative",
    "cousin",
    "nephew",
    "niece",
)


def role_for(relationship: str) -> str:
    """The guardian's role from a relationship cell, which schools write from either side:
    祖母 / 奶奶 or 祖孙 / 孙女 → grandparent; 叔叔 / 侄子 → relative; 父亲 / 父女 → father."""
    r = unicodedata.normalize("NFKC", relationship).strip().lower()
    if r in ("父亲", "爸爸", "父", "father", "dad", "父子", "父女"):
        return "father"
    if r in ("母亲", "妈妈", "母", "mother", "mom", "mum", "母子", "母女"):
        return "mother"
    if any(x in r for x in _GRAND):
        return "grandparent"
    if any(x in r for x in _RELATIVE):
        return "relative"
    return "other_guardian"


def _phones(row: RosterRow, name: str, text: str | None = None) -> list[str]:
    out = []
    for part in _PHONE_SPLIT.split(row.values.get(name, "") if text is None else text):
        if not part:
            continue
        try:
            out.append(validate_phone(part, name))
        except ValidationError:
            row.problems.append(("roster.problem.bad_phone", {"field": name, "value": part}))
    return out


def _limits(row: RosterRow) -> None:
    v = row.values
    for name, text in v.items():
        limit = NAME_LIMIT if name.endswith("name") and name != "class_name" else TEXT_LIMIT
        if len(text) > limit:
            row.problems.append(("roster.problem.too_long", {"field": name, "n": limit}))
            v[name] = text[:limit]


def _child(row: RosterRow, today: dt.date) -> dict[str, Any]:
    v = row.values
    child: dict[str, Any] = {"name": v.get("name", "")}
    if not child["name"]:
        row.problems.append(("roster.problem.name_missing", {}))
    for name in (
        "class_name",
        "grade",
        "school",
        "home_address",
        "interests",
        "health_notes",
        "study_buddy",
    ):
        if v.get(name):
            child[name] = v[name]
    if v.get("gender"):
        g = _GENDER.get(unicodedata.normalize("NFKC", v["gender"]).strip().lower())
        if g is None:
            row.problems.append(("roster.problem.bad_gender", {"value": v["gender"]}))
        else:
            child["gender"] = g
    if v.get("birth_date"):
        try:
            child["birth_date"] = parse_date(v["birth_date"], today)
        except ValueError:
            row.problems.append(("roster.problem.bad_date", {"value": v["birth_date"]}))
    if v.get("boarding"):
        flag = v["boarding"].strip().lower()
        if flag in _YES or flag in _NO:
            child["boarding"] = flag in _YES
        else:
            row.problems.append(("roster.problem.bad_boarding", {"value": v["boarding"]}))
    home = _phones(row, "home_phone")
    if home:
        child["home_phone"] = home[0]
    if v.get("categories"):
        ids, unknown = roster_split.split_categories(v["categories"])
        if ids:
            child["categories"] = sorted(ids)
        for word in unknown:
            row.problems.append(("roster.warn.unknown_category", {"value": word}))
    if v.get("id_number"):
        _id_number(row, child, v["id_number"], today)
    return child


def _id_number(row: RosterRow, child: dict[str, Any], text: str, today: dt.date) -> None:
    """Kept when it is a real number; gives the birth date and sex when no column did; a bad
    check character, or a disagreement with those columns, is a warning."""
    got = idcard.parse(text)
    if got is None or got.birth_date > today:
        row.problems.append(("roster.warn.bad_id", {"value": idcard.mask(text)}))
        return
    if not got.check_ok:
        row.problems.append(("roster.warn.id_check", {"value": idcard.mask(text)}))
        return
    child["id_number"] = got.number
    if "birth_date" not in child and not row.values.get("birth_date"):
        child["birth_date"] = got.birth_date
    elif child.get("birth_date") and child["birth_date"] != got.birth_date:
        row.problems.append(("roster.warn.id_birth", {"value": got.birth_date.isoformat()}))
    if "gender" not in child and not row.values.get("gender"):
        child["gender"] = got.gender
    elif child.get("gender") and child["gender"] != got.gender:
        row.problems.append(("roster.warn.id_gender", {"value": t(f"gender.{got.gender}")}))


def _parents(row: RosterRow) -> dict[str, dict[str, Any]]:
    """Father's and mother's name, phones and work place, from their own columns and from the
    composite 父母 columns (which never overrule a parent's own column)."""
    v = row.values
    names = roster_split.Parents(v.get("father_name", ""), v.get("mother_name", ""))
    if v.get("parents_name"):
        split = roster_split.split_names(v["parents_name"])
        names.father = names.father or split.father
        names.mother = names.mother or split.mother
        row.problems.extend(split.problems)
    out: dict[str, dict[str, Any]] = {}
    for who in ("father", "mother"):
        phones = _phones(row, f"{who}_phone")
        out[who] = {"name": getattr(names, who), "phones": phones, "work": v.get(f"{who}_work", "")}
    for what, column in (("phone", "parents_phone"), ("work", "parents_work")):
        if not v.get(column):
            continue
        split = roster_split.split_for_parents(v[column], names, what)
        row.problems.extend(split.problems)
        for who in ("father", "mother"):
            value = getattr(split, who)
            if not value:
                continue
            if what == "phone" and not out[who]["phones"]:
                out[who]["phones"] = _phones(row, column, value)
            elif what == "work" and not out[who]["work"]:
                out[who]["work"] = value
    return out


def _contacts(row: RosterRow) -> list[dict[str, Any]]:
    """The guardian (the primary contact; the relationship column describes the guardian and
    no one else), then the father and the mother. A guardian who is a parent (监护人 李强,
    relationship 父亲, father 李强) is one contact: the parent, marked primary."""
    v = row.values
    parents = _parents(row)
    relationship = v.get("guardian_relationship", "")
    guardian = {
        "name": v.get("guardian_name", ""),
        "phones": _phones(row, "guardian_phone"),
        "work": v.get("guardian_work", ""),
    }
    role = role_for(relationship) if relationship else "other_guardian"
    primary_parent = ""
    if role in ("father", "mother") and (guardian["name"] or guardian["phones"]):
        parent = parents[role]
        if not parent["name"] or parent["name"] == guardian["name"] or not guardian["name"]:
            primary_parent = role
            parent["name"] = parent["name"] or guardian["name"]
            parent["phones"] = list(dict.fromkeys([*guardian["phones"], *parent["phones"]]))
            parent["work"] = parent["work"] or guardian["work"]
        else:
            row.problems.append(
                ("roster.warn.guardian_parent", {"value": guardian["name"], "role": role})
            )
            role = "other_guardian"
    contacts: list[dict[str, Any]] = []
    if not primary_parent and (guardian["name"] or guardian["phones"]):
        contacts.append(_contact(role, guardian, relationship, True))
    for who in ("father", "mother"):
        p = parents[who]
        if p["name"] or p["phones"]:
            contacts.append(_contact(who, p, t(f"role.{who}", lang="zh"), who == primary_parent))
    return contacts


def placeholder_name(contact: Mapping[str, Any]) -> bool:
    """The contact's name was not in the roster: it is its relationship or role's word."""
    name = contact.get("name")
    return name in (contact.get("relationship"), t(f"role.{contact.get('role')}", lang="zh"))


def _contact(
    role: str, person: Mapping[str, Any], relationship: str, primary: bool
) -> dict[str, Any]:
    contact: dict[str, Any] = {
        "role": role,
        "name": person["name"] or relationship or t(f"role.{role}", lang="zh"),
        "relationship": relationship,
        "phones": list(person["phones"]),
        "is_primary": primary,
    }
    if person.get("work"):
        contact["work_city"] = person["work"]
    return contact


def check_row(line: int, values: Mapping[str, str], today: dt.date, sheet: str = "") -> RosterRow:
    """One row's child, contacts and problems."""
    row = RosterRow(line, dict(values), sheet)
    _limits(row)
    row.child = _child(row, today)
    row.contacts = _contacts(row)
    return row


# --- sheets ----------------------------------------------------------------------------------


def sheet_rows(
    lay: Layout,
    rows: Sequence[Sequence[object]],
    today: dt.date,
    start: int | None = None,
    stop: int | None = None,
) -> list[RosterRow]:
    """Every non-empty data row of a sheet (from ``start`` to ``stop``), checked with the
    layout's mapping. Rows get the sheet's class when no column is mapped to the class."""
    mapping = lay.mapping()
    default_class = "" if "class_name" in mapping.values() else lay.class_from_sheet
    out = []
    first = lay.data_start if start is None else start
    for i in range(first, len(rows) if stop is None else stop):
        raw = rows[i]
        values = {}
        for col, name in mapping.items():
            text = clean_text(cell_text(raw[col]) if col < len(raw) else "").strip()
            if text:
                values[name] = text
        if not values:
            continue
        if default_class:
            values["class_name"] = default_class
        out.append(check_row(i + 1, values, today, lay.sheet))
    return out


def parse_sheets(
    sheets: Sequence[tuple[Layout, Sequence[Sequence[object]]]],
    today: dt.date,
    progress: Callable[[int, int], object] | None = None,
) -> Roster:
    """The rows of the chosen sheets, each read with its layout; ``progress(done, total)``
    every few hundred rows."""
    total = sum(max(len(rows) - lay.data_start, 0) for lay, rows in sheets)
    out: list[RosterRow] = []
    done = 0
    for lay, rows in sheets:
        for start in range(lay.data_start, len(rows), PROGRESS_EVERY):
            stop = min(start + PROGRESS_EVERY, len(rows))
            out += sheet_rows(lay, rows, today, start, stop)
            done += stop - start
            if progress and done < total:
                progress(done, total)
    if progress:
        progress(total, total)
    if len(out) > MAX_ROWS:
        raise MentorError("err.roster_too_many_rows", rows=MAX_ROWS)
    return Roster([lay for lay, _rows in sheets], out)


def parse_rows(
    rows: Sequence[Sequence[object]],
    today: dt.date,
    progress: Callable[[int, int], object] | None = None,
) -> Roster:
    """One sheet of rows with its automatic mapping (tests and the simplest callers)."""
    return parse_sheets([(layout("", rows), rows)], today, progress)
