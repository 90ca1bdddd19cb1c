"""Pairing (结对, issue 19 item 3): a line per active child — her mentor kept, or the suggested
one and why (her class teacher, a mentor of the same gender, the lightest load; none when every
mentor is at the load limit: core/school_pairing.py).

``a`` applies every new suggestion (after a yes); ``e`` or enter pairs the child under the
cursor by hand (a mentor from the list with her load, or no mentor); ``h`` shows the child's
dated pairing history. Every change is a new dated pairing (db/school_pairing.py): nothing is
overwritten."""

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
from mentor_tui.widgets.common import fill_table, plain, row_key_under_cursor
from mentor_tui.widgets.dialogs import ChoiceModal, Confirm
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, DataChanged, ResumePoint
from mentor_tui.widgets.requests import OpenSchoolPairing

NO_MENTOR = "__none__"


@dataclass(frozen=True)
class PairingData:
    lines: list  # db.school_pairing.PairingSuggestion
    mentors: list[tuple[str, str]]  # (teacher id, name) of the active teachers
    loads: dict[str, int]  # teacher id -> children paired with her now
    limit: int


class PairingScreen(AppScreen, Screen):
    SCOPE = "school_pairing"
    BINDINGS = keys_for(SCOPE)
    DEFAULT_CSS = """
    PairingScreen #pair-top { height: 1; padding: 0 1; background: $boost; }
    PairingScreen #pair-table { height: 1fr; }
    PairingScreen #pair-note { height: auto; max-height: 8; padding: 0 1; }
    """

    class Loaded(Message):
        def __init__(self, data: PairingData) -> None:
            super().__init__()
            self.data = data

    class History(Message):
        def __init__(self, name: str, entries: list) -> None:
            super().__init__()
            self.name, self.entries = name, entries

    class Done(Message):
        def __init__(self, text: str) -> None:
            super().__init__()
            self.text = text

    def __init__(self) -> None:
        super().__init__()
        self.data: PairingData | None = None
        self.said = ""  # what the last change did (kept under the table after reloading)

    def compose(self) -> ComposeResult:
        yield Static(Text(t("school.ui.pairing_title"), style="bold"), id="pair-top")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="pair-table")
        yield Static("", id="pair-note")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#pair-table", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        self._load()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db import school_pairing as pairing
        from mentor_tui.db.school_setup import settings
        from mentor_tui.db.school_staff import list_teachers

        vault = self.app.vault
        if vault is None:
            return
        lines = pairing.suggestions(vault)
        loads: dict[str, int] = {}
        for tid in pairing.current_mentors(vault).values():
            loads[tid] = loads.get(tid, 0) + 1
        mentors = [(x.id, x.name) for x in list_teachers(vault, include_inactive=False)]
        self.post_message(self.Loaded(PairingData(lines, mentors, loads, settings(vault).load)))

    def on_pairing_screen_loaded(self, message: Loaded) -> None:
        self.data = data = message.data
        table = self.query_one("#pair-table", DataTable)
        current = self._selected()
        columns = [
            ("class", t("school.col.class_name")),
            ("name", t("school.col.name")),
            ("gender", t("school.col.gender")),
            ("mentor", t("school.col.mentor")),
            ("reason", t("school.ui.col.reason")),
        ]
        rows = []
        for x in data.lines:
            mentor = plain(x.teacher_name or "—", width=cells.NAME_CELLS)
            reason = Text(t(f"school.reason.{x.reason}"))
            if x.is_new:
                mentor.stylize("bold green")
                reason = Text("+ " + reason.plain, style="green")
            elif x.reason == "none":
                reason.stylize("yellow")
            rows.append(
                (
                    x.child_id,
                    [
                        plain(x.class_name, width=14),
                        plain(x.child_name, width=cells.NAME_CELLS),
                        Text(t(f"gender.{x.gender}") if x.gender else "—"),
                        mentor,
                        reason,
                    ],
                )
            )
        fill_table(table, columns, rows)
        if current is not None and current in table.rows:
            table.move_cursor(row=table.get_row_index(current))
        new = sum(1 for x in data.lines if x.is_new)
        top = Text(t("school.ui.pairing_title"), style="bold")
        top.append(
            "  "
            + t(
                "school.pair_summary",
                new=new,
                kept=sum(1 for x in data.lines if x.reason == "kept"),
                none=sum(1 for x in data.lines if x.reason == "none"),
            )
        )
        self.query_one("#pair-top", Static).update(top)
        note = self.said or (t("school.ui.pairing_hint") if new else "")
        if not data.lines:
            note = t("school.ui.no_roster")
        self.query_one("#pair-note", Static).update(Text(note))
        self.refresh_bindings()

    def _selected(self) -> str | None:
        return row_key_under_cursor(self, "#pair-table")

    def _line(self):
        cid = self._selected()
        if self.data is None or cid is None:
            return None
        return next((x for x in self.data.lines if x.child_id == cid), None)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "apply":
            return bool(self.data and any(x.is_new for x in self.data.lines)) or None
        if action in ("set_mentor", "history"):
            return self._line() is not None or None
        return True

    def on_data_table_row_highlighted(self, _event: DataTable.RowHighlighted) -> None:
        self.refresh_bindings()

    # --- apply the suggestions ------------------------------------------------------------------
    def action_apply(self) -> None:
        if self.data is None:
            return
        lines = [x for x in self.data.lines if x.is_new]
        if not lines:
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._apply(lines, self.app.today())

        self.app.push_screen(Confirm(t("school.ui.apply_confirm", n=len(lines))), answered)

    @work(thread=True, group="db", exit_on_error=False)
    def _apply(self, lines: list, today: dt.date) -> None:
        from mentor_tui.db.school_pairing import apply_suggestions

        vault = self.app.vault
        if vault is not None:
            n = apply_suggestions(vault, lines, today)
            self.post_message(self.Done(t("school.pair_done", n=n)))

    def on_pairing_screen_done(self, message: Done) -> None:
        self.said = message.text
        self.tell_app(DataChanged())  # this list and the overview behind it reload

    # --- by hand -------------------------------------------------------------------------------
    def on_data_table_row_selected(self, _event: DataTable.RowSelected) -> None:
        self.action_set_mentor()

    def action_set_mentor(self) -> None:
        line, data = self._line(), self.data
        if line is None or data is None:
            return
        choices = [
            (tid, f"{name}  {t('school.ui.load', n=data.loads.get(tid, 0), limit=data.limit)}")
            for tid, name in data.mentors
        ]
        choices.append((NO_MENTOR, t("school.ui.no_mentor")))
        title = t("school.ui.pick_mentor", name=line.child_name)

        def chosen(tid: str | None) -> None:
            if tid is not None:
                self._set(line.child_id, None if tid == NO_MENTOR else tid, self.app.today())

        self.app.push_screen(ChoiceModal(title, choices, line.teacher_id), chosen)

    @work(thread=True, group="db", exit_on_error=False)
    def _set(self, child_id: str, teacher_id: str | None, today: dt.date) -> None:
        from mentor_tui.db.school_pairing import set_pairing

        vault = self.app.vault
        if vault is not None:
            set_pairing(vault, child_id, teacher_id, today)
            self.post_message(self.Done(t("school.ui.paired_by_hand")))

    # --- history -------------------------------------------------------------------------------
    def action_history(self) -> None:
        line = self._line()
        if line is not None:
            self._history(line.child_id, line.child_name)

    @work(thread=True, group="db", exit_on_error=False)
    def _history(self, child_id: str, name: str) -> None:
        from mentor_tui.db.school_pairing import history

        vault = self.app.vault
        if vault is not None:
            self.post_message(self.History(name, history(vault, child_id)))

    def on_pairing_screen_history(self, message: History) -> None:
        text = plain(message.name, style="bold")
        text.append("  " + t("school.ui.history_title"))
        if not message.entries:
            text.append("\n  " + t("school.ui.history_none"), style="dim")
        for e in message.entries:
            until = e.end.isoformat() if e.end else t("school.ui.until_now")
            text.append(f"\n  {e.start.isoformat()} – {until}  ")
            text.append_text(plain(e.teacher_name or "—", width=cells.NAME_CELLS))
            text.append("  " + t(f"school.ui.source.{e.source}"), style="dim")
        self.said = ""
        self.query_one("#pair-note", Static).update(text)

    def action_back(self) -> None:
        self.dismiss(None)

    def resume_point(self) -> ResumePoint:
        return ResumePoint(OpenSchoolPairing())

    def relocalize(self) -> None:
        self.refresh(recompose=True)
        self.call_after_refresh(self.reload)
