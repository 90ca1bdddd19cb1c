"""Where a sheet's header is and which field each column holds (the mapping step's content).
Pure.

The header is the first of the top rows with a name column; title rows above it are skipped. A
header may take two rows: a group cell (父亲 / 母亲 / 监护人 / 父母, merged across its
sub-columns, or written once with empty cells after it) over sub-columns (姓名 · 电话 · 务工地 ·
关系), and cells merged down both rows for the rest (姓名, 性别…). Each column becomes a
:class:`Column`: its header as she reads it, three sample values, and the field it maps to (from
the header words, core/roster_fields.py; from a mapping remembered for the same headers; or
from her choice). A column with data that maps to nothing stays listed, never silently dropped.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from mentor_tui.core import roster_fields as rf
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.idcard import mask as mask_id
from mentor_tui.core.roster_cells import cell_text
from mentor_tui.core.validate import clean_text

HEADER_SEARCH_ROWS = 15
SAMPLES = 3
Merged = Sequence[tuple[tuple[int, int], tuple[int, int]]]
# how a column got its field
AUTO, REMEMBERED, CHOSEN, NONE = "auto", "remembered", "chosen", ""
# a relationship column that does not say whose it is
BARE_RELATIONSHIP = ("关系", "relationship", "与学生关系", "与孩子关系", "与本人关系", "与儿童关系")


@dataclass(frozen=True)
class Column:
    index: int  # 0-based column in the sheet
    header: str  # as shown: "父亲 · 电话" for a two-row header
    key: str  # header_key of the header (group and sub joined)
    samples: tuple[str, ...]
    has_data: bool
    field: str = rf.IGNORE
    how: str = NONE  # AUTO / REMEMBERED / CHOSEN / NONE
    question: str = ""  # an i18n key when the column's meaning is unclear: she is asked

    @property
    def sequence(self) -> bool:
        return rf.is_sequence(self.key)


@dataclass
class Layout:
    """One sheet's header and columns. ``header_rows``: 0-based indices of its header rows;
    data starts on the row after the last."""

    sheet: str
    header_rows: tuple[int, ...]
    columns: list[Column]
    row_count: int  # data rows with anything in them
    class_from_sheet: str = ""  # the class rows get when no column is mapped to the class
    notes: list[str] = field(default_factory=list)

    @property
    def data_start(self) -> int:
        return self.header_rows[-1] + 1

    @property
    def signature(self) -> str:
        """Names the header set: the same headers in the same order, the same signature (the
        remembered mapping's key; the header words are hashed, not stored)."""
        text = "\x1f".join(c.key for c in self.columns)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()[:24]

    def mapping(self) -> dict[int, str]:
        """column index -> field, for the mapped columns."""
        return {c.index: c.field for c in self.columns if c.field}

    def unmapped_with_data(self) -> list[Column]:
        return [c for c in self.columns if not c.field and c.has_data and not c.sequence]

    def with_fields(self, fields: Mapping[int, str], how: str) -> Layout:
        """This layout with the columns in ``fields`` (index -> field, "" to ignore) mapped so;
        a field taken by another column is taken from it (one column a field)."""
        cols = list(self.columns)
        for index, f in fields.items():
            if f and f not in rf.FIELDS:
                continue
            for i, c in enumerate(cols):
                if c.index == index:
                    cols[i] = replace(c, field=f, how=how if f else CHOSEN, question="")
                elif f and c.field == f:
                    cols[i] = replace(c, field=rf.IGNORE, how=CHOSEN)
        return replace(self, columns=cols)


# --- the header ------------------------------------------------------------------------------


def _text(row: Sequence[object], j: int) -> str:
    return clean_text(cell_text(row[j]) if j < len(row) else "").strip()


def _filled(rows: Sequence[Sequence[object]], top: int, merged: Merged | None) -> list[list[str]]:
    """The two rows from ``top`` as text, merged cells' value copied into every cell they
    cover (so a group cell covers its sub-columns, a cell merged down covers both rows)."""
    width = max((len(r) for r in rows[top : top + 2]), default=0)
    grid = [
        [_text(rows[r], j) if r < len(rows) else "" for j in range(width)] for r in (top, top + 1)
    ]
    for (r0, c0), (r1, c1) in merged or ():
        if r0 > top + 1 or r1 < top or r0 >= len(rows) or c0 >= width:
            continue
        value = _text(rows[r0], c0)
        for r in range(max(r0, top), min(r1, top + 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                grid[r - top][c] = value
    return grid


def _two_row(
    rows: Sequence[Sequence[object]], top: int, merged: Merged | None
) -> list[tuple[str, str, str | None]]:
    """(header shown, key, field) per column of a two-row header starting at ``top``."""
    upper, lower = _filled(rows, top, merged)
    out: list[tuple[str, str, str | None]] = []
    carried = ""
    for j, (t_text, s_text) in enumerate(zip(upper, lower)):
        t_key, s_key = rf.header_key(t_text), rf.header_key(s_text)
        if t_text:
            carried = t_text if rf.group_of(t_key) else ""
        elif merged is None and s_text and carried:
            # a group cell written once, the cells after it left empty (csv, ods)
            t_text, t_key = carried, rf.header_key(carried)
        if not t_text and merged is None and not s_text and j:
            carried = ""
        group = rf.group_of(t_key) if t_text else None
        if s_text and t_key != s_key and group:
            # 父亲 over 电话; a sub-column that names its own field (家长 over 父亲电话) too
            f = rf.combine(group, s_key) or rf.field_for(s_key)
            out.append((f"{t_text} · {s_text}", t_key + s_key, f))
        elif s_text and t_key != s_key:
            out.append((s_text, s_key, rf.field_for(s_key)))  # a section title over it
        else:
            text = t_text or s_text
            out.append((text, rf.header_key(text), rf.field_for(rf.header_key(text))))
    return out


def _one_row(row: Sequence[object]) -> list[tuple[str, str, str | None]]:
    out: list[tuple[str, str, str | None]] = []
    for j in range(len(row)):
        text = _text(row, j)
        key = rf.header_key(text)
        out.append((text, key, rf.field_for(key) if text else None))
    return out


def _score(cells: list[tuple[str, str, str | None]]) -> int:
    return len({f for _h, _k, f in cells if f})


def _has_name(cells: list[tuple[str, str, str | None]]) -> bool:
    return any(f == "name" for _h, _k, f in cells)


def find_header(
    rows: Sequence[Sequence[object]], merged: Merged | None = None
) -> tuple[tuple[int, ...], list[tuple[str, str, str | None]]]:
    """(header row indices, per column (shown, key, field)). The header is near the first of
    the top rows that names a name column, alone or with the row below: of that row and the
    next, read alone or each with the row below, the reading that names the most fields wins
    (fewer rows, then the earlier, on a tie). So a title row is skipped, merged across the
    sheet or not, and a two-row header is read as one."""
    last = min(HEADER_SEARCH_ROWS, len(rows))
    for i in range(last):
        readings: list[tuple[tuple[int, ...], list[tuple[str, str, str | None]]]] = [
            ((i,), _one_row(rows[i]))
        ]
        if i + 1 < len(rows):
            readings.append(((i, i + 1), _two_row(rows, i, merged)))
        if not any(_has_name(cells) for _rows, cells in readings):
            continue
        if i + 1 < len(rows):
            readings.append(((i + 1,), _one_row(rows[i + 1])))
        if i + 2 < len(rows):
            readings.append(((i + 1, i + 2), _two_row(rows, i + 1, merged)))
        named = [(r, cells) for r, cells in readings if _has_name(cells)]
        return max(named, key=lambda rc: (_score(rc[1]), -len(rc[0]), -rc[0][0]))
    raise MentorError("err.roster_no_header")


# --- the columns -----------------------------------------------------------------------------

_ID_RUN = re.compile(r"\d{17}[\dXx]|\d{15}")


def _masked(text: str) -> str:
    """A sample with any ID number in it masked (a 学籍号 holds one too): samples are shown."""
    return _ID_RUN.sub(lambda m: mask_id(m.group(0)), text)


def _default_class(sheet: str, several: bool) -> str:
    """The sheet's name as the class, in a workbook of one sheet per class (never a default
    name like Sheet1 / 工作表1)."""
    key = rf.header_key(sheet)
    if not several or not key or key.rstrip("0123456789") in ("sheet", "工作表", "表", "sheet页"):
        return ""
    return clean_text(sheet).strip()[:40]


def layout(
    sheet: str,
    rows: Sequence[Sequence[object]],
    merged: Merged | None = None,
    several: bool = False,
) -> Layout:
    """The header, the columns with samples and their automatic fields, and the data rows
    counted. Ambiguity: a second column for a field already taken is left unmapped; a bare
    relationship column (关系, 与学生关系) with no guardian column is asked about."""
    header_rows, cells = find_header(rows, merged)
    start = header_rows[-1] + 1
    body = rows[start:]
    width = max([len(cells), *(len(r) for r in body)]) if body else len(cells)
    samples: list[list[str]] = [[] for _ in range(width)]
    has_data = [False] * width
    count = 0
    for raw in body:
        any_value = False
        for j in range(min(len(raw), width)):
            text = _text(raw, j)
            if text:
                any_value = has_data[j] = True
                if len(samples[j]) < SAMPLES:
                    samples[j].append(_masked(text[:40]))
        count += any_value
    taken: set[str] = set()
    columns: list[Column] = []
    has_guardian = any(f == "guardian_name" for _h, _k, f in cells)
    for j in range(width):
        shown, key, f = cells[j] if j < len(cells) else ("", "", None)
        question = ""
        if key in BARE_RELATIONSHIP and f in (None, "guardian_relationship"):
            # whose relationship? the guardian's when the sheet names a guardian; else ask
            f = "guardian_relationship" if has_guardian else None
            question = "" if has_guardian else "roster.map.ask_relationship"
        if f in taken:
            f, question = None, "roster.map.ask_second"
        if f:
            taken.add(f)
        columns.append(
            Column(
                j,
                shown[:60],
                key,
                tuple(samples[j]),
                has_data[j],
                f or rf.IGNORE,
                AUTO if f else NONE,
                question,
            )
        )
    while columns and not columns[-1].header and not columns[-1].has_data:
        columns.pop()
    return Layout(sheet, header_rows, columns, count, _default_class(sheet, several))


# --- her choices from the command line (--map HEADER=FIELD) ------------------------------------


def field_named(text: str) -> str:
    """The field a name means: its id (father_phone), its label in either language (父亲电话,
    Father's phone), or 忽略 / ignore for none. ``err.roster_map_field`` otherwise."""
    key = rf.header_key(text)
    if key in ("忽略", "ignore", "none", "不导入", ""):
        return rf.IGNORE
    for f in rf.FIELDS:
        names = (f, t(f"roster.field.{f}", lang="zh"), t(f"roster.field.{f}", lang="en"))
        if key in {rf.header_key(n) for n in names}:
            return f
    hit = rf.field_for(key)
    if hit is not None:
        return hit
    raise MentorError("err.roster_map_field", field=text, choices=", ".join(rf.FIELDS))


def apply_overrides(layouts: Sequence[Layout], pairs: Sequence[tuple[str, str]]) -> list[Layout]:
    """Each (header, field) pair maps the columns of that header (as shown, or its words
    folded like any header; a column letter A, B… too) to the field, in every sheet.
    ``err.roster_map_header`` when no sheet has such a column."""
    out = list(layouts)
    for header, name in pairs:
        f = field_named(name)
        key = rf.header_key(header)
        hit = False
        for i, lay in enumerate(out):
            cols = [
                c.index
                for c in lay.columns
                if key in (c.key, rf.header_key(c.header)) or key == letters(c.index).lower()
            ]
            if cols:
                hit = True
                out[i] = lay.with_fields({cols[0]: f}, CHOSEN)
        if not hit:
            raise MentorError("err.roster_map_header", header=header)
    return out


def letters(index: int) -> str:
    """A column's letters as a spreadsheet shows them: 0 -> A, 26 -> AA."""
    out = ""
    n = index + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out
