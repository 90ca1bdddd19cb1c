"""The county's overview (issue 20 item 3): every school of the county's server for a month.

Per school: children on its roster, mentors, the month's expected / done / on time, overdue,
teachers whose report is stale, open mandatory reports; a totals line below. ``s`` sorts by the
next column, ``S`` reverses, ``[`` and ``]`` change the month; enter opens the school (its
teachers, as its own office sees them: screens/county_school.py). Read-only: nothing here
writes.

The lines are db/county_queries.overview's, read in a thread worker through the app's
``county`` (opened before the TUI started: ``mentor county overview``).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mentor_tui.core.i18n import t
from mentor_tui.core.school_figures import month_key
from mentor_tui.widgets import school_cells as cells
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import row_key_under_cursor
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import OpenCountySchool


def _count(key: str, label: str, style: str = "") -> cells.Column:
    def get(row: object) -> int:
        return int(getattr(row, key))

    return cells.Column(key, label, lambda r: cells.number(get(r), style), get)


# A school's line (db.county_queries.SchoolLine); the figures' columns are the school office's.
SCHOOL_COLUMNS = (
    cells.name_column("name", "county.col.school", lambda r: r.name),
    _count("children", "county.col.children"),
    _count("mentors", "county.col.mentors"),
    cells.figure_column("expected", "expected"),
    cells.figure_column("done", "done"),
    cells.figure_column("on_time", "on_time"),
    cells.Column(
        "overdue", "school.col.overdue", lambda r: cells.overdue(r.overdue), lambda r: r.overdue
    ),
    _count("stale", "county.col.stale", "yellow"),
    _count("open_mandatory", "county.col.mandatory", "bold red"),
)
TOTALS = (
    "children",
    "mentors",
    "expected",
    "done",
    "on_time",
    "overdue",
    "stale",
    "open_mandatory",
)


def shift_month(month: str, by: int) -> str:
    """``"2026-11"`` moved by ``by`` months."""
    year, mon = (int(x) for x in month.split("-"))
    n = year * 12 + mon - 1 + by
    return f"{n // 12:04d}-{n % 12 + 1:02d}"


@dataclass(frozen=True)
class Overview:
    month: str
    schools: list  # db.county_queries.SchoolLine


class CountyHomeScreen(AppScreen, Screen):
    SCOPE = "county"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    CountyHomeScreen #county-top { height: 1; padding: 0 1; background: $boost; }
    CountyHomeScreen #county-table { height: 1fr; }
    CountyHomeScreen #county-note { height: auto; padding: 0 1; }
    """

    class Loaded(Message):
        def __init__(self, data: Overview) -> None:
            super().__init__()
            self.data = data

    def __init__(self, month: str | None = None) -> None:
        super().__init__()
        self.month = month or ""
        self.data: Overview | None = None
        self.sort = cells.SortState()

    def compose(self) -> ComposeResult:
        yield Static("", id="county-top")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="county-table")
        yield Static("", id="county-note")
        yield KeyBar()

    def on_mount(self) -> None:
        if not self.month:
            self.month = month_key(self.app.today())
        self.query_one("#county-table", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.month, self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, month: str, today: dt.date) -> None:
        from mentor_tui.db import county_queries as cq

        county = self.app.county
        if county is None:
            return
        self.post_message(self.Loaded(Overview(month, cq.overview(county, month, today))))

    def on_county_home_screen_loaded(self, message: Loaded) -> None:
        if message.data.month != self.month:
            return  # the month changed meanwhile: its own load follows
        self.data = message.data
        self._fill()

    def _fill(self) -> None:
        data = self.data
        if data is None:
            return
        table = self.query_one("#county-table", DataTable)
        current = self._selected()
        rows = self.sort.order(data.schools, SCHOOL_COLUMNS, lambda r: r.school_id)
        cells.fill(table, SCHOOL_COLUMNS, rows, lambda r: r.school_id)
        top = Text(t("county.ui.title"), style="bold")
        top.append(f"  {t('county.ui.month', month=data.month)} · ")
        top.append(self.sort.caption(SCHOOL_COLUMNS), style="dim")
        self.query_one("#county-top", Static).update(top)
        self.query_one("#county-note", Static).update(self._note(data))
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))

    def _note(self, data: Overview) -> Text:
        if not data.schools:
            return Text(t("county.ui.empty"))
        sums = {k: sum(int(getattr(x, k)) for x in data.schools) for k in TOTALS}
        return Text(t("county.ui.totals", schools=len(data.schools), **sums), style="bold")

    def _selected(self) -> str | None:
        return row_key_under_cursor(self, "#county-table")

    # --- keys ---------------------------------------------------------------------------------
    def action_sort(self) -> None:
        self.sort.next(SCHOOL_COLUMNS)
        self._fill()

    def action_reverse(self) -> None:
        self.sort.reverse()
        self._fill()

    def action_month(self, by: int) -> None:
        self.month = shift_month(self.month, by)
        self.reload()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.data is None:
            return
        line = next((x for x in self.data.schools if x.school_id == event.row_key.value), None)
        if line is not None:
            self.navigate(OpenCountySchool(line.school_id, line.name, self.data.month))

    def relocalize(self) -> None:
        self.call_later(self._relocalize)

    async def _relocalize(self) -> None:
        await self.recompose()
        self.query_one("#county-table", DataTable).focus()
        self._fill()
