"""The staff sheet (教师名单): name, gender and class taught of each mentor, read from the rows of
a spreadsheet as docs_out/roster_file.py gives them. Pure.

The header is the first of the top rows with a name column; the columns are found by their
header words (:data:`ALIASES`, compared after roster_fields.header_key). A row without a name
is skipped; a name twice in the sheet, or a gender that is not one, is a problem of that row.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from mentor_tui.core.errors import MentorError
from mentor_tui.core.roster_cells import cell_text
from mentor_tui.core.roster_fields import header_key
from mentor_tui.core.validate import clean_text

HEADER_ROWS = 10
MAX_STAFF = 500
NAME_LIMIT = 40
TEXT_LIMIT = 200
ALIASES: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "教师姓名", "老师姓名", "教师", "帮扶教师", "name", "teacher", "teachername"),
    "gender": ("性别", "gender", "sex"),
    "class_taught": (
        "任教班级",
        "所教班级",
        "班主任班级",
        "所带班级",
        "班级",
        "任课班级",
        "class",
        "classtaught",
    ),
}
_GENDER = {
    "男": "male",
    "男性": "male",
    "m": "male",
    "male": "male",
    "女": "female",
    "女性": "female",
    "f": "female",
    "female": "female",
}
_LOOKUP = {a: f for f, aliases in ALIASES.items() for a in aliases}


@dataclass
class StaffRow:
    line: int  # the row number in the spreadsheet (1-based)
    name: str
    gender: str = ""
    class_taught: str = ""
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def find_columns(rows: Sequence[Sequence[object]]) -> tuple[int, dict[str, int]]:
    """(the header row's index, field -> column index); ``school.staff_no_header`` when no
    top row names a name column."""
    for i, row in enumerate(rows[:HEADER_ROWS]):
        cols: dict[str, int] = {}
        for j, cell in enumerate(row):
            f = _LOOKUP.get(header_key(cell_text(cell)))
            if f is not None and f not in cols:
                cols[f] = j
        if "name" in cols:
            return i, cols
    raise MentorError("school.staff_no_header")


def read_staff(rows: Sequence[Sequence[object]]) -> list[StaffRow]:
    """Every teacher of the sheet, with the problems of each row."""
    head, cols = find_columns(rows)
    out: list[StaffRow] = []
    seen: dict[str, int] = {}
    for i in range(head + 1, len(rows)):
        raw = rows[i]

        def cell(name: str, raw: Sequence[object] = raw) -> str:
            j = cols.get(name)
            return clean_text(cell_text(raw[j])).strip() if j is not None and j < len(raw) else ""

        name = cell("name")
        if not name:
            continue
        row = StaffRow(i + 1, name[:NAME_LIMIT], class_taught=cell("class_taught")[:TEXT_LIMIT])
        if len(name) > NAME_LIMIT:
            row.problems.append(("school.staff.too_long", {"n": NAME_LIMIT}))
        gender = cell("gender")
        if gender:
            g = _GENDER.get(unicodedata.normalize("NFKC", gender).strip().lower())
            if g is None:
                row.problems.append(("school.staff.bad_gender", {"value": gender[:20]}))
            else:
                row.gender = g
        key = fold(name)
        if key in seen:
            row.problems.append(("school.staff.duplicate", {"row": seen[key]}))
        else:
            seen[key] = row.line
        out.append(row)
        if len(out) > MAX_STAFF:
            raise MentorError("school.staff_too_many", n=MAX_STAFF)
    return out


def fold(text: str) -> str:
    """A teacher's name compared loosely: full-width folded, spaces ignored."""
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def by_name(names: Mapping[str, str]) -> dict[str, list[str]]:
    """Folded name -> the ids with that name (``names``: id -> name)."""
    out: dict[str, list[str]] = {}
    for tid, name in names.items():
        out.setdefault(fold(name), []).append(tid)
    return out
