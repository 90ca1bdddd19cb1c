"""What the school office's screens share (issue 19): the cells of a figure line (a number, the
last report with its staleness mark, a load over the limit), a name's sort key by pinyin, and
the sortable table of figures (columns declared once with their sort keys). The figures
themselves come from db/school_queries.py; this only draws them.

A mark is never colour alone: a stale report carries ⚠, a load over the limit !, an overdue
count is red and a number."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text

from mentor_tui.core.i18n import t
from mentor_tui.core.search import readings
from mentor_tui.widgets.common import fill_table, plain

NAME_CELLS = 12


def name_key(name: str) -> tuple[str, str]:
    """Sort names as a Chinese reader expects: by pinyin (then as written)."""
    return ("".join(r[0] for r in readings(name)), name)


_NUMERALS = "一二三四五六七八九"
_NUMBER = re.compile(r"\d+|[一二三四五六七八九十]+")


def _numeral(run: str) -> int:
    if run.isdigit():
        return int(run)
    if "十" not in run:
        return int("".join(str(_NUMERALS.index(ch) + 1) for ch in run))
    tens, _ten, ones = run.partition("十")
    return (_NUMERALS.index(tens) + 1 if tens else 1) * 10 + (
        _NUMERALS.index(ones) + 1 if ones else 0
    )


def class_key(name: str) -> str:
    """Sort class names as a school does: 三年级二班 before 三年级十班 before 四年级一班
    (Chinese or Arabic numbers compared as numbers)."""

    def padded(m: re.Match[str]) -> str:
        try:
            return f"{_numeral(m.group()):06d}"
        except ValueError:
            return m.group()

    return _NUMBER.sub(padded, name)


def number(n: int, style: str = "") -> Text:
    return Text(str(n), style=style if n else "", justify="right")


def overdue(n: int) -> Text:
    return number(n, "bold red")


def last_report(days_since: int | None, stale: bool) -> Text:
    """ "3 天前" / "从未汇报", with ⚠ when stale (never reported, or past the school's days)."""
    words = t("school.days_ago", n=days_since) if days_since is not None else t("school.never")
    if stale:
        return Text(words + " ⚠", style="yellow")
    return Text(words)


def load(children: int, over: bool) -> Text:
    if over:
        return Text(f"{children} !", style="bold red", justify="right")
    return Text(str(children), justify="right")


@dataclass(frozen=True)
class Column:
    """A column of a figure table: its key, its label's catalog key, the cell it draws from a
    row, the sort key of a row, and whether sorting by it starts with the largest."""

    key: str
    label: str
    cell: Callable[[Any], Text]
    sort: Callable[[Any], Any]
    descending: bool = True


def name_column(key: str, label: str, get: Callable[[Any], str]) -> Column:
    return Column(
        key, label, lambda r: plain(get(r), width=NAME_CELLS), lambda r: name_key(get(r)), False
    )


def class_column(key: str, label: str, get: Callable[[Any], str]) -> Column:
    return Column(key, label, lambda r: plain(get(r), width=14), lambda r: class_key(get(r)), False)


def figure_column(key: str, field: str, style: str = "") -> Column:
    """A count of the row (``field``), labelled ``school.col.<key>``."""

    def get(row: Any) -> int:
        return int(getattr(row, field))

    return Column(key, f"school.col.{key}", lambda r: number(get(r), style), get)


@dataclass
class SortState:
    """Which column a table is sorted by, and which way (``s`` next column, ``S`` reverse)."""

    index: int = 0
    descending: bool = False

    def next(self, columns: Sequence[Column]) -> None:
        self.index = (self.index + 1) % len(columns)
        self.descending = columns[self.index].descending

    def reverse(self) -> None:
        self.descending = not self.descending

    def order(
        self, rows: Sequence[Any], columns: Sequence[Column], ident: Callable[[Any], str]
    ) -> list[Any]:
        col = columns[min(self.index, len(columns) - 1)]
        # ties keep the name order, whichever way the column goes
        rows = sorted(rows, key=lambda r: ident(r))
        return sorted(rows, key=col.sort, reverse=self.descending)

    def caption(self, columns: Sequence[Column]) -> str:
        col = columns[min(self.index, len(columns) - 1)]
        return t("school.ui.sorted", col=t(col.label), dir="↓" if self.descending else "↑")


def fill(
    table: Any,
    columns: Sequence[Column],
    rows: Sequence[Any],
    key: Callable[[Any], str],
) -> None:
    """Fill a DataTable with ``rows`` (already sorted), widths in terminal cells."""
    fill_table(
        table,
        [(c.key, t(c.label)) for c in columns],
        [(key(r), [c.cell(r) for c in columns]) for r in rows],
    )


# A teacher's line of the overview (db.school_queries.TeacherLine): the school's home and the
# county's view of a school (screens/school_home.py, screens/county_school.py).
TEACHER_COLUMNS = (
    name_column("name", "school.col.teacher", lambda r: r.name),
    Column(
        "children",
        "school.col.children",
        lambda r: load(r.children, r.over_load),
        lambda r: r.children,
    ),
    figure_column("expected", "expected"),
    figure_column("done", "done"),
    figure_column("on_time", "on_time"),
    Column("overdue", "school.col.overdue", lambda r: overdue(r.overdue), lambda r: r.overdue),
    figure_column("open_flags", "open_flags", "yellow"),
    Column(
        "last_report",
        "school.col.last_report",
        lambda r: last_report(r.days_since, r.stale),
        lambda r: r.days_since if r.days_since is not None else 10**6,
    ),
)
