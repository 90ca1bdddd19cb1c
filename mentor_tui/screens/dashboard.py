"""The daily screen: one row per paired child, duty marks, last contact; most urgent first.

Columns take the width there is (names and classes first; widgets/columns.py). ``/`` searches
(the search box's keys show while it has the focus: Enter or ↓ to the list, Esc to clear); a
search in force stays in view, above the list and in the note under it. Space ticks children
(and moves down): t v p g d then log one check-in for all of them, each child her own entry of
one group (issue 16)."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Input, Static

from mentor_tui.core.dates import format_date, format_short
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.search import matches
from mentor_tui.db.ui_queries import Dashboard
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.columns import Fit
from mentor_tui.widgets.common import (
    fill_table,
    mark_text,
    others_text,
    plain,
    row_key_under_cursor,
    table_width,
)
from mentor_tui.widgets.flag_banner import FlagBanner
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, ChildChanged, DashboardShown, DataChanged
from mentor_tui.widgets.requests import OpenChildFile, OpenQuickEntry
from mentor_tui.widgets.toggles import TICK_ON


class SearchBox(Input):
    """The dashboard's search: Enter or ↓ to the list (the search stays), Esc clears it. Its
    keys are in the action table (scope "search"), so the key bar shows them while it has the
    focus."""

    BINDINGS = keys_for("search")


def term_line(data: Dashboard) -> Text:
    lang = get_language()
    parts = [format_date(data.today, lang, weekday=True)]
    if data.term is None:
        parts.append(t("term.none"))
    elif data.term.phase == "break":
        parts.append(t("phase.break"))
    else:
        parts.append(data.term.name)
        if data.term.week:
            parts.append(t("term.week", n=data.term.week))
        if data.term.phase:
            parts.append(t(f"phase.{data.term.phase}"))
    line = Text(" · ".join(parts), style="bold")
    if data.teacher:
        line.append("   ")
        line.append(plain(data.teacher, width=16, style="dim"))
    return line


class DashboardScreen(AppScreen, Screen):
    SCOPE = "dashboard"
    BINDINGS = keys_for(SCOPE)  # t v p g d: the quick-entry keys (widgets/actions.py)

    class Loaded(Message):
        def __init__(self, data: Dashboard) -> None:
            super().__init__()
            self.data = data

    class RowLoaded(Message):
        def __init__(self, child_id: str, row, drafts: list) -> None:
            super().__init__()
            self.child_id, self.row, self.drafts = child_id, row, drafts

    def __init__(self, loaded: Dashboard | None = None) -> None:
        super().__init__()
        self.data: Dashboard | None = None
        self._loaded = loaded  # loaded before the screen was pushed (the app, after unlocking)
        self.query_text = ""
        self.show_archived = False  # `a`: archived children too, after the others
        self.ticked: list[str] = []  # space: the children of one group check-in, in order

    def compose(self) -> ComposeResult:
        yield Static("", id="top-line")
        yield FlagBanner(id="flags")
        box = SearchBox(self.query_text, placeholder=t("search.placeholder"), id="search")
        box.display = bool(self.query_text)  # a search in force stays in view
        yield box
        yield DataTable(cursor_type="row", zebra_stripes=True, id="children")
        yield Static("", id="dashboard-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#children", DataTable).focus()
        loaded, self._loaded = self._loaded, None
        if loaded is not None:
            self.post_message(self.Loaded(loaded))
        else:
            self.reload()

    def _column_labels(self, columns: list[tuple[str, str]]) -> list[tuple[str, str]]:
        labels = [("name", t("col.name")), ("class", t("col.class"))]
        for duty_id, label in columns:
            short = t(f"col.duty.{duty_id}")
            labels.append((duty_id, label if short.startswith("col.") else short))
        return labels + [("others", t("col.others")), ("last", t("col.last_contact"))]

    def reload(self) -> None:
        self._load(self.app.today(), self.show_archived)

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, today, archived: bool) -> None:
        from mentor_tui.db.ui_queries import dashboard

        vault = self.app.vault
        if vault is not None:
            self.post_message(self.Loaded(dashboard(vault, today, include_archived=archived)))

    def reload_child(self, child_id: str) -> None:
        """After a save for one child: only her row is recomputed (a full reload computes every
        child's duties, most of the time between F2 and the repainted row); the list re-sorts."""
        if self.data is None:
            self.reload()
        else:
            self._load_row(self.app.today(), child_id)

    @work(thread=True, group="db", exit_on_error=False)
    def _load_row(self, today, child_id: str) -> None:
        from mentor_tui.db.ui_queries import dashboard_row

        vault = self.app.vault
        if vault is not None:
            self.post_message(self.RowLoaded(child_id, *dashboard_row(vault, today, child_id)))

    def on_dashboard_screen_row_loaded(self, message: RowLoaded) -> None:
        if self.data is None:
            return
        rows = [r for r in self.data.rows if r.child_id != message.child_id]
        if message.row is not None and (self.show_archived or not message.row.archived):
            rows.append(message.row)
        rows.sort(key=lambda r: (r.archived, r.urgency))
        self.data.rows, self.data.drafts = rows, message.drafts
        self._fill()
        self.refresh_bindings()

    def on_dashboard_screen_loaded(self, message: Loaded) -> None:
        first = self.data is None
        self.data = message.data
        self._top_line()
        self.query_one("#flags", FlagBanner).show(self.data.pinned)
        self._fill()
        self.refresh_bindings()
        if first:
            self.call_after_refresh(self.tell_app, DashboardShown())

    def _fill(self) -> None:
        if self.data is None:
            return
        table = self.query_one("#children", DataTable)
        current = self.selected_child_id()
        rows = [r for r in self.data.rows if matches(self.query_text, r.name, r.class_name)]
        known = {r.child_id for r in self.data.rows}
        self.ticked = [cid for cid in self.ticked if cid in known]
        lang = get_language()
        table_rows = []
        for row in rows:
            name = Text(TICK_ON + " ") if row.child_id in self.ticked else Text()
            name.append_text(plain(row.name))
            if row.has_draft:
                name.append(" ✎", style="italic")
            if row.archived:
                name.append(" [" + t("status.archived") + "]", style="dim")
            cells = [name, plain(row.class_name)]
            cells += [mark_text(m.status, m.days_left) for m in row.marks]
            cells.append(others_text(row.others))
            cells.append(Text(format_short(row.last_contact, self.data.today, lang)))
            table_rows.append((row.child_id, cells))
        fit = Fit(table_width(table), first=("name", "class"), optional=("last", "others"))
        fill_table(table, self._column_labels(self.data.columns), table_rows, fit)
        self._note(rows)
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))

    def _note(self, rows: list) -> None:
        """Under the list: a policy problem, the search or the ticks in force, drafts."""
        if self.data is None:
            return
        note = Text()
        if self.data.policy_problem:
            note.append("⚠ " + self.data.policy_problem + "\n", style="bold yellow")
        if self.ticked:
            note.append(TICK_ON + " " + t("dashboard.ticked", n=len(self.ticked)) + "\n")
        if self.query_text:
            note.append("/ ")
            note.append_text(plain(t("dashboard.filter", q=self.query_text)))
            note.append("\n")
        if not rows:
            note.append(t("dashboard.no_match" if self.query_text else "dashboard.empty"))
        elif self.show_archived:
            note.append(t("dashboard.showing_archived"))
        elif self.data.drafts:
            note.append("✎ " + t("dashboard.drafts", n=len(self.data.drafts)))
        note.rstrip()
        self.query_one("#dashboard-note", Static).update(note)

    def on_resize(self) -> None:
        self._top_line()
        self._fill()

    def _top_line(self) -> None:
        """The date, term and teacher, then the badges (conflicts, not synced); on a narrow
        terminal the date and term give way so the badges stay whole."""
        if self.data is None:
            return
        line = term_line(self.data)
        badges = Text()
        if self.data.conflicts:
            badges.append("   ")
            badges.append(t("wire.conflict_badge", n=self.data.conflicts), style="bold yellow")
        if self.data.unsynced:  # until an export to her stick succeeds (issue 14 item 6)
            badges.append("   ")
            badges.append(t("wire.unsynced_badge", n=self.data.unsynced), style="yellow")
        top = self.query_one("#top-line", Static)
        room = (top.size.width or self.app.size.width - 2) - badges.cell_len
        if badges and line.cell_len > room:
            line.truncate(max(room, 1), overflow="ellipsis")
        top.update(line + badges)

    def selected_child(self) -> str | None:
        return self.selected_child_id()

    def selected_child_id(self) -> str | None:
        return row_key_under_cursor(self, "#children")

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action in ("quick", "tick") and self.selected_child_id() is None and not self.ticked:
            return None
        return not (action == "resume_draft" and not (self.data and self.data.drafts))

    def action_quick(self, kind: str) -> None:
        """Log a check-in for the child under the cursor, or for the ticked children (one
        entry each, of one group)."""
        if self.ticked:
            ticked = tuple(self.ticked)

            def after(result: object) -> None:
                if result is not None:  # saved: the ticks have done their work
                    self.ticked = []
                self.tell_app(DataChanged())

            self.navigate(OpenQuickEntry(ticked[0], kind, child_ids=ticked), after)
            return
        child_id = self.selected_child_id()
        if child_id is not None:
            self.navigate(
                OpenQuickEntry(child_id, kind),
                lambda _result: self.tell_app(ChildChanged(child_id)),
            )

    def action_tick(self) -> None:
        """Space: tick (or untick) the child under the cursor and move down."""
        child_id = self.selected_child_id()
        if child_id is None:
            return
        if child_id in self.ticked:
            self.ticked.remove(child_id)
        else:
            self.ticked.append(child_id)
        table = self.query_one("#children", DataTable)
        row = table.cursor_row
        self._fill()
        table.move_cursor(row=min(row + 1, table.row_count - 1))

    def action_resume_draft(self) -> None:
        if self.data and self.data.drafts:
            _key, data = self.data.drafts[0]
            child_id = data.get("child_id") or None
            self.navigate(
                OpenQuickEntry(
                    data.get("child_id", ""),
                    data.get("kind", "talk"),
                    data.get("entry_id"),
                    tuple(data.get("child_ids") or ()) if not data.get("entry_id") else (),
                ),
                lambda _result: self.tell_app(
                    ChildChanged(child_id) if child_id else DataChanged()
                ),
            )

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.navigate(OpenChildFile(event.row_key.value), lambda _r: self.reload())

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        self.set_focus(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_text = event.value
        self._fill()

    def action_to_list(self) -> None:
        """Enter or ↓ in the search box: to the list, the search kept (and shown)."""
        self.set_focus(self.query_one("#children", DataTable))

    def action_clear_search(self) -> None:
        """Esc: clear the search, else the ticks."""
        box = self.query_one("#search", Input)
        if not self.query_text and not box.has_focus and self.ticked:
            self.ticked = []
        box.value = ""
        self.query_text = ""
        box.display = False
        self._fill()
        self.set_focus(self.query_one("#children", DataTable))

    def action_toggle_archived(self) -> None:
        self.show_archived = not self.show_archived
        self.reload()

    def relocalize(self) -> None:
        self.call_later(self._relocalize)

    async def _relocalize(self) -> None:
        await self.recompose()  # the search box comes back with the search in force
        self.set_focus(self.query_one("#children", DataTable))
        self.reload()
