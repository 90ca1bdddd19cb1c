"""One school in the county's overview (issue 20 item 3): its teachers with the figures its own
office shows (the same TeacherLine and columns as screens/school_home.py), read from the
county's server with the county's login. ``s``/``S`` sort; enter opens a teacher's children
(the school office's drill-down, on the server's rows); escape goes back. Read-only.

A school's own settings (the days after which a report is stale, the load limit) stay in its
coordinator's vault: the county marks them by the defaults, and says so below the table.
"""

from __future__ import annotations

import datetime as dt

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mentor_tui.core.i18n import t
from mentor_tui.widgets import school_cells as cells
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import OpenCountyTeacher

COLUMNS = cells.TEACHER_COLUMNS


class CountySchoolScreen(AppScreen, Screen):
    SCOPE = "county_school"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    CountySchoolScreen #county-school-top { height: 1; padding: 0 1; background: $boost; }
    CountySchoolScreen #county-school-table { height: 1fr; }
    CountySchoolScreen #county-school-note { height: auto; padding: 0 1; }
    """

    class Loaded(Message):
        def __init__(self, teachers: list, stale_days: int) -> None:
            super().__init__()
            self.teachers, self.stale_days = teachers, stale_days

    def __init__(self, school_id: str, name: str, month: str) -> None:
        super().__init__()
        self.school_id, self.name_, self.month = school_id, name, month
        self.teachers: list = []  # db.school_queries.TeacherLine
        self.stale_days = 0
        self.loaded = False
        self.sort = cells.SortState()

    def compose(self) -> ComposeResult:
        yield Static("", id="county-school-top")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="county-school-table")
        yield Static("", id="county-school-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#county-school-table", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, today: dt.date) -> None:
        from mentor_tui.db import county_queries as cq

        county = self.app.county
        if county is None:
            return
        lines = cq.school_overview(county, self.school_id, self.month, today)
        self.post_message(self.Loaded(lines, cq.DEFAULT_STALE_DAYS))

    def on_county_school_screen_loaded(self, message: Loaded) -> None:
        self.teachers, self.stale_days, self.loaded = message.teachers, message.stale_days, True
        self._fill()

    def _fill(self) -> None:
        table = self.query_one("#county-school-table", DataTable)
        rows = self.sort.order(self.teachers, COLUMNS, lambda r: r.name)
        cells.fill(table, COLUMNS, rows, lambda r: r.teacher_id)
        top = plain(self.name_, width=20, style="bold")
        top.append(f"  {t('county.ui.month', month=self.month)} · ")
        top.append(self.sort.caption(COLUMNS), style="dim")
        self.query_one("#county-school-top", Static).update(top)
        note = Text()
        if self.loaded and not rows:
            note.append(t("county.ui.no_teachers") + "\n")
        stale = sum(1 for x in self.teachers if x.stale)
        mandatory = sum(x.open_mandatory for x in self.teachers)
        note.append(
            t("school.ui.n_stale", n=stale, days=self.stale_days), "bold yellow" if stale else "dim"
        )
        note.append(" · ")
        note.append(t("school.ui.n_mandatory", n=mandatory), "bold yellow" if mandatory else "dim")
        note.append("\n" + t("county.ui.defaults", days=self.stale_days), "dim")
        self.query_one("#county-school-note", Static).update(note)

    # --- keys ---------------------------------------------------------------------------------
    def action_sort(self) -> None:
        self.sort.next(COLUMNS)
        self._fill()

    def action_reverse(self) -> None:
        self.sort.reverse()
        self._fill()

    def action_back(self) -> None:
        self.dismiss(None)

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        line = next((x for x in self.teachers if x.teacher_id == event.row_key.value), None)
        if line is not None:
            self.navigate(OpenCountyTeacher(self.school_id, line.teacher_id, line.name, self.month))

    def relocalize(self) -> None:
        self.refresh(recompose=True)
        self.call_after_refresh(self._fill)
