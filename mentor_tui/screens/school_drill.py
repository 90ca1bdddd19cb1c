"""The school office's drill-downs and lists (issue 19 item 7): a teacher's children with the
month's figures, a child's duty record (every row the reports carried for her), and the lists
— children without a mentor, mentors over their load, teachers not reported for the school's
stale days, open mandatory reports (强制报告) with their stage. Escape goes back.

Read-only views of db/school_queries.py, each loaded in a thread worker. A teacher's children
and a child's duty record also show a school in the county's overview (issue 20): given the
school's id they read the county's server (db/county_queries.py) instead of the vault."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mentor_tui.core.i18n import get_language, t
from mentor_tui.widgets import school_cells as cells
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import fill_table, plain
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, ResumePoint
from mentor_tui.widgets.requests import (
    OpenCountyChild,
    OpenCountyTeacher,
    OpenSchoolChild,
    OpenSchoolTeacher,
)

CHILD_COLUMNS = (
    cells.name_column("name", "school.col.name", lambda r: r.name),
    cells.class_column("class", "school.col.class_name", lambda r: r.class_name),
    cells.figure_column("expected", "expected"),
    cells.figure_column("done", "done"),
    cells.figure_column("on_time", "on_time"),
    cells.Column(
        "overdue", "school.col.overdue", lambda r: cells.overdue(r.overdue), lambda r: r.overdue
    ),
    cells.figure_column("open_flags", "open_flags", "yellow"),
    cells.Column(
        "status",
        "school.col.status",
        lambda r: Text("") if r.current else Text(t("school.ui.moved_away"), style="dim"),
        lambda r: r.current,
    ),
)


class Loaded(Message):
    """A drill-down's rows, read in its worker."""

    def __init__(self, rows: list, extra: object = None) -> None:
        super().__init__()
        self.rows, self.extra = rows, extra


@dataclass(frozen=True)
class SchoolLists:
    """The four lists, as db/school_queries reads them, and the stale threshold in days."""

    unpaired: list
    over_load: list
    stale: list
    mandatory: list
    stale_days: int


class DrillScreen(AppScreen, Screen):
    DEFAULT_CSS = """
    DrillScreen .school-title { height: 1; padding: 0 1; background: $boost; }
    DrillScreen DataTable { height: 1fr; }
    DrillScreen .school-note { height: auto; padding: 0 1; }
    DrillScreen #school-lists { height: 1fr; padding: 0 1; }
    """

    FOCUS = "DataTable"  # what has the focus when the screen opens

    def on_mount(self) -> None:
        self.query_one(self.FOCUS).focus()
        self.reload()

    def reload(self) -> None:
        self._load()

    def _load(self) -> None:
        """Load the screen's rows in a worker and post them up (each screen its own)."""
        raise NotImplementedError

    def action_back(self) -> None:
        self.dismiss(None)

    def relocalize(self) -> None:
        self.refresh(recompose=True)
        self.call_after_refresh(self.reload)


class TeacherChildrenScreen(DrillScreen):
    """A teacher's children (those moved away after, marked), the month's figures; enter opens
    a child's duty record. ``school_id``: a school of the county's server (else the vault's)."""

    SCOPE = "school_teacher"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, teacher_id: str, name: str, month: str, school_id: str = "") -> None:
        super().__init__()
        self.teacher_id, self.name_, self.month = teacher_id, name, month
        self.school_id = school_id
        self.rows: list = []

    def compose(self) -> ComposeResult:
        title = plain(self.name_, width=20, style="bold")
        title.append("  " + t("school.ui.teacher_children", month=self.month))
        yield Static(title, classes="school-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="school-children")
        yield Static("", classes="school-note", id="school-children-note")
        yield KeyBar()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        if self.school_id:
            from mentor_tui.db import county_queries as cq

            county = self.app.county
            if county is not None:
                rows = cq.teacher_children(county, self.school_id, self.teacher_id, self.month)
                self.post_message(Loaded(rows))
            return
        from mentor_tui.db.school_queries import teacher_children

        vault = self.app.vault
        if vault is not None:
            self.post_message(Loaded(teacher_children(vault, self.teacher_id, self.month)))

    def on_loaded(self, message: Loaded) -> None:
        self.rows = message.rows
        cells.fill(self.query_one(DataTable), CHILD_COLUMNS, self.rows, lambda r: r.child_id)
        note = "" if self.rows else t("school.ui.no_children")
        self.query_one("#school-children-note", Static).update(Text(note))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        line = next((r for r in self.rows if r.child_id == event.row_key.value), None)
        if line is None:
            return
        if self.school_id:
            self.navigate(OpenCountyChild(self.school_id, line.child_id, line.name))
        else:
            self.navigate(OpenSchoolChild(line.child_id, line.name))

    def resume_point(self) -> ResumePoint:
        if self.school_id:
            county = OpenCountyTeacher(self.school_id, self.teacher_id, self.name_, self.month)
            return ResumePoint(county)
        return ResumePoint(OpenSchoolTeacher(self.teacher_id, self.name_, self.month))


class ChildDutiesScreen(DrillScreen):
    """A child's duty record: a row per month, duty (and phase) and the teacher who reported
    it: expected, done, on time, unreachable attempts, the last day done."""

    SCOPE = "school_child"
    BINDINGS = keys_for(SCOPE)

    def __init__(self, child_id: str, name: str, school_id: str = "") -> None:
        super().__init__()
        self.child_id, self.name_, self.school_id = child_id, name, school_id

    def compose(self) -> ComposeResult:
        title = plain(self.name_, width=20, style="bold")
        title.append("  " + t("school.ui.child_duties"))
        yield Static(title, classes="school-title")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="school-duties")
        yield Static("", classes="school-note", id="school-duties-note")
        yield KeyBar()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        if self.school_id:
            from mentor_tui.db import county_queries as cq

            county = self.app.county
            if county is not None:
                rows = cq.child_duties(county, self.school_id, self.child_id)
                self.post_message(Loaded(rows, cq.teacher_names(county, self.school_id)))
            return
        from mentor_tui.db.school_queries import child_duties
        from mentor_tui.db.school_staff import list_teachers

        vault = self.app.vault
        if vault is not None:
            names = {x.id: x.name for x in list_teachers(vault)}
            self.post_message(Loaded(child_duties(vault, self.child_id), names))

    def on_loaded(self, message: Loaded) -> None:
        names = message.extra if isinstance(message.extra, dict) else {}
        zh = get_language() == "zh"
        columns = [
            ("month", t("school.ui.col.month")),
            ("duty", t("school.ui.col.duty")),
            ("expected", t("school.col.expected")),
            ("done", t("school.col.done")),
            ("on_time", t("school.col.on_time")),
            ("attempts", t("school.ui.col.attempts")),
            ("last", t("school.ui.col.last_done")),
            ("teacher", t("school.col.teacher")),
        ]
        rows = []
        for i, r in enumerate(message.rows):
            duty = plain(r.label_zh if zh else r.label_en, width=16)
            phase = _phase(r.phase)
            if phase:
                duty.append(f" {phase}", style="dim")
            rows.append(
                (
                    str(i),
                    [
                        Text(r.period),
                        duty,
                        cells.number(r.expected),
                        cells.number(r.done),
                        cells.number(r.on_time),
                        cells.number(r.attempts, "yellow"),
                        Text(r.last_done.isoformat() if r.last_done else "—"),
                        plain(names.get(r.teacher_id, ""), width=cells.NAME_CELLS),
                    ],
                )
            )
        fill_table(self.query_one(DataTable), columns, rows)
        note = "" if rows else t("school.ui.no_duties")
        self.query_one("#school-duties-note", Static).update(Text(note))

    def resume_point(self) -> ResumePoint:
        if self.school_id:
            return ResumePoint(OpenCountyChild(self.school_id, self.child_id, self.name_))
        return ResumePoint(OpenSchoolChild(self.child_id, self.name_))


def _phase(phase: str) -> str:
    if not phase:
        return ""
    if phase == "term":
        return t("school.ui.phase_term")
    label = t(f"phase.{phase}")
    return "" if label.startswith("phase.") else label


class SchoolListsScreen(DrillScreen):
    """The four lists, one section each (an empty one says so)."""

    SCOPE = "school_lists"
    BINDINGS = keys_for(SCOPE)
    FOCUS = "#school-lists"

    def compose(self) -> ComposeResult:
        yield Static(Text(t("school.ui.lists_title"), style="bold"), classes="school-title")
        with VerticalScroll(id="school-lists"):
            yield Static("", id="school-lists-body")
        yield KeyBar()

    def reload(self) -> None:
        self._load(self.app.today())

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, today) -> None:
        from mentor_tui.db import school_queries as q
        from mentor_tui.db.school_setup import settings

        vault = self.app.vault
        if vault is None:
            return
        lists = SchoolLists(
            unpaired=q.unpaired_children(vault),
            over_load=q.mentors_over_load(vault),
            stale=q.stale_reporters(vault, today),
            mandatory=q.open_mandatory(vault),
            stale_days=settings(vault).stale_days,
        )
        self.post_message(Loaded([], lists))

    def on_loaded(self, message: Loaded) -> None:
        lists = message.extra
        assert isinstance(lists, SchoolLists)
        days = lists.stale_days
        body = Text()

        def head(key: str, n: int, **kw: object) -> None:
            if body.plain:
                body.append("\n")
            body.append(t(key, n=n, **kw) + "\n", style="bold")
            if not n:
                body.append("  " + t("school.ui.none") + "\n", style="dim")

        head("school.ui.list_unpaired", len(lists.unpaired))
        for c in lists.unpaired:
            body.append("  ")
            body.append_text(plain(c.class_name, width=14))
            body.append("  ")
            body.append_text(plain(c.name, width=cells.NAME_CELLS))
            if c.mentor_hint:
                body.append("  ")
                body.append_text(plain(t("school.ui.roster_hint", name=c.mentor_hint), style="dim"))
            body.append("\n")
        head("school.ui.list_over_load", len(lists.over_load))
        for o in lists.over_load:
            body.append("  ")
            body.append_text(plain(o.name, width=cells.NAME_CELLS))
            body.append("  " + t("school.ui.load", n=o.children, limit=o.limit) + "\n", style="red")
        head("school.ui.list_stale", len(lists.stale), days=days)
        for s in lists.stale:
            body.append("  ")
            body.append_text(plain(s.name, width=cells.NAME_CELLS))
            body.append("  ")
            body.append_text(cells.last_report(s.days_since, True))
            body.append("\n")
        head("school.ui.list_mandatory", len(lists.mandatory))
        for m in lists.mandatory:
            body.append("  ")
            body.append_text(plain(m.child, width=cells.NAME_CELLS, style="bold"))
            body.append("  " + t(f"flag.cat.{m.category}") + "\n")
            body.append("    ")
            body.append_text(plain(m.teacher_name, width=cells.NAME_CELLS))
            body.append(
                "  "
                + t(
                    "school.ui.mandatory_stage",
                    status=t(f"flag.status.{m.status}"),
                    steps=len(m.steps),
                    last=_step(m.steps),
                    on=m.opened_on.isoformat(),
                )
                + "\n"
            )
        body.rstrip()
        self.query_one("#school-lists-body", Static).update(body)


def _step(steps: tuple[str, ...]) -> str:
    """The last step recorded, in words (a step this app does not know shows as recorded)."""
    if not steps:
        return t("school.ui.no_step")
    label = t(f"flag.step.{steps[-1]}")
    return label if not label.startswith("flag.step.") else steps[-1]
