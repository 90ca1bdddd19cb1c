"""The school office's home (issue 19 item 7): the school at a glance for this month.

Per teacher: children paired with her, this month's expected / done / on time, overdue, open
flags, days since her last report (⚠ stale: "not reported" is never read as "not done"); ``c``
shows the same figures per class. ``s`` sorts by the next column, ``S`` reverses; enter on a
teacher drills down to her children (and from there to a child's duty row). Below the table, a
line counts the lists (children without a mentor, mentors over their load, teachers not
reported, open mandatory reports); ``l`` opens them, ``p`` the pairing, ``i`` collects reports,
``x`` exports the school's sheets.

The figures are db/school_queries.py's, read in a thread worker; each load first brings the
school tables up to date with documents that came by sync (db/school_setup.open_office), so a
sync import's DataChanged shows what it brought.
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
from mentor_tui.widgets import school_cells as cells
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import plain, row_key_under_cursor
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen
from mentor_tui.widgets.requests import OpenSchoolTeacher


@dataclass(frozen=True)
class Glance:
    """What the home shows: the school's name, the month, the two tables, the lists' sizes."""

    school: str
    month: str
    stale_days: int
    teachers: list  # db.school_queries.TeacherLine
    classes: list  # db.school_queries.ClassLine
    unpaired: int
    over_load: int
    stale: int
    mandatory: int


# a teacher's figures: the columns are shared with the county's view of a school
TEACHER_COLUMNS = cells.TEACHER_COLUMNS
CLASS_COLUMNS = (
    cells.class_column("class", "school.col.class_name", lambda r: r.class_name),
    cells.figure_column("count", "children"),
    cells.figure_column("expected", "expected"),
    cells.figure_column("done", "done"),
    cells.figure_column("on_time", "on_time"),
    cells.Column(
        "overdue", "school.col.overdue", lambda r: cells.overdue(r.overdue), lambda r: r.overdue
    ),
    cells.figure_column("open_flags", "open_flags", "yellow"),
)


class SchoolHomeScreen(AppScreen, Screen):
    SCOPE = "school"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    SchoolHomeScreen #school-top { height: 1; padding: 0 1; background: $boost; }
    SchoolHomeScreen #school-table { height: 1fr; }
    SchoolHomeScreen #school-note { height: auto; padding: 0 1; }
    """

    class Loaded(Message):
        def __init__(self, data: Glance) -> None:
            super().__init__()
            self.data = data

    def __init__(self) -> None:
        super().__init__()
        self.data: Glance | None = None
        self.by_class = False
        self.sorts = {False: cells.SortState(), True: cells.SortState()}

    def compose(self) -> ComposeResult:
        yield Static("", id="school-top")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="school-table")
        yield Static("", id="school-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#school-table", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load(self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, today: dt.date) -> None:
        from mentor_tui.db import school_queries as q
        from mentor_tui.db.school_setup import open_office, settings

        vault = self.app.vault
        if vault is None:
            return
        # every load: documents a sync import brought are projected first (one scan of the
        # heads when nothing changed)
        info = open_office(vault, self.app.paths)
        month = q.current_month(today)
        lines = q.overview(vault, month, today)
        self.post_message(
            self.Loaded(
                Glance(
                    info.name,
                    month,
                    settings(vault).stale_days,
                    lines,
                    q.class_overview(vault, month),
                    len(q.unpaired_children(vault)),
                    len(q.mentors_over_load(vault)),
                    sum(1 for x in lines if x.stale),
                    len(q.open_mandatory(vault)),
                )
            )
        )

    def on_school_home_screen_loaded(self, message: Loaded) -> None:
        self.data = message.data
        self._fill()

    def _columns(self) -> tuple[cells.Column, ...]:
        return CLASS_COLUMNS if self.by_class else TEACHER_COLUMNS

    def _fill(self) -> None:
        data = self.data
        if data is None:
            return
        table = self.query_one("#school-table", DataTable)
        current = self._selected()
        columns = self._columns()
        sort = self.sorts[self.by_class]
        if self.by_class:
            rows = sort.order(data.classes, columns, lambda r: r.class_name)
            cells.fill(table, columns, rows, lambda r: "class:" + r.class_name)
        else:
            rows = sort.order(data.teachers, columns, lambda r: r.name)
            cells.fill(table, columns, rows, lambda r: r.teacher_id)
        top = plain(data.school, width=20, style="bold")
        view = t("school.ui.by_class" if self.by_class else "school.ui.by_teacher")
        top.append(f"  {t('school.ui.month', month=data.month)} · {view} · ")
        top.append(sort.caption(columns), style="dim")
        self.query_one("#school-top", Static).update(top)
        self.query_one("#school-note", Static).update(self._note(data, bool(rows)))
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))

    def _note(self, data: Glance, any_rows: bool) -> Text:
        note = Text()
        if not any_rows:
            note.append(t("school.ui.empty_classes" if self.by_class else "school.ui.empty") + "\n")
        parts = [
            (t("school.ui.n_unpaired", n=data.unpaired), data.unpaired),
            (t("school.ui.n_over_load", n=data.over_load), data.over_load),
            (t("school.ui.n_stale", n=data.stale, days=data.stale_days), data.stale),
            (t("school.ui.n_mandatory", n=data.mandatory), data.mandatory),
        ]
        for i, (words, n) in enumerate(parts):
            if i:
                note.append(" · ")
            note.append(words, style="bold yellow" if n else "dim")
        return note

    def _selected(self) -> str | None:
        return row_key_under_cursor(self, "#school-table")

    # --- keys ---------------------------------------------------------------------------------
    def action_sort(self) -> None:
        self.sorts[self.by_class].next(self._columns())
        self._fill()

    def action_reverse(self) -> None:
        self.sorts[self.by_class].reverse()
        self._fill()

    def action_toggle_classes(self) -> None:
        self.by_class = not self.by_class
        self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if self.by_class or self.data is None:
            return
        line = next((x for x in self.data.teachers if x.teacher_id == event.row_key.value), None)
        if line is not None:
            self.navigate(OpenSchoolTeacher(line.teacher_id, line.name, self.data.month))

    def relocalize(self) -> None:
        self.call_later(self._relocalize)

    async def _relocalize(self) -> None:
        await self.recompose()
        self.query_one("#school-table", DataTable).focus()
        self._fill()
