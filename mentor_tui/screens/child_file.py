"""A child's file: the contact card, duty status, the timeline (newest first, filter by kind);
edit the child and contacts, archive, edit / delete / restore entries.

Tables take the width there is (widgets/columns.py); the card's grid has two columns of fields
on a wide terminal, one on a narrow one; the duty summary is never cut (it wraps). A check-in
logged for several children shows as one line in each child's timeline, marked as a group,
with who else it was for under it."""

from __future__ import annotations

from functools import partial

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from mentor_tui.core import vocab
from mentor_tui.core.dates import format_short, parse_date
from mentor_tui.core.i18n import get_language, t
from mentor_tui.db.ui_queries import ChildFile
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.child_card import child_card, duty_line
from mentor_tui.widgets.columns import Fit
from mentor_tui.widgets.common import NARROW, fill_table, plain, table_width
from mentor_tui.widgets.dialogs import ChoiceModal, Confirm, ReasonPrompt
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import (
    AppScreen,
    ChildChanged,
    ChildErased,
    DataChanged,
    ResumePoint,
)
from mentor_tui.widgets.requests import (
    OpenChildFile,
    OpenChildForm,
    OpenContactForm,
    OpenEraseChild,
    OpenFlags,
    OpenQuickEntry,
)

FILTERS = (None, *vocab.ENTRY_KINDS)  # f: all, or one kind


class ChildFileScreen(AppScreen, Screen):
    SCOPE = "child"
    BINDINGS = keys_for(SCOPE)

    class Loaded(Message):
        def __init__(self, data: ChildFile) -> None:
            super().__init__()
            self.data = data

    def __init__(self, child_id: str) -> None:
        super().__init__()
        self.child_id = child_id
        self.data: ChildFile | None = None
        self.filter_index = 0
        self.erasing = False  # the erase dialog is open: the child may be gone at any moment

    def compose(self) -> ComposeResult:
        yield Static("", id="child-title")
        with VerticalScroll(id="card-scroll"):
            yield Static("", id="card")
        yield Static("", id="duties")
        yield DataTable(cursor_type="row", id="contacts")
        yield Static("", id="timeline-head")
        yield DataTable(cursor_type="row", zebra_stripes=True, id="timeline")
        yield Static("", id="entry-detail")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#timeline", DataTable).focus()
        self.reload()

    def reload(self) -> None:
        if self.erasing:
            return
        kind = FILTERS[self.filter_index]
        self._load(self.app.today(), [kind] if kind else None)

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self, today, kinds) -> None:
        from mentor_tui.db.ui_queries import child_file

        vault = self.app.vault
        if vault is not None:
            self.post_message(self.Loaded(child_file(vault, self.child_id, today, kinds)))

    def on_child_file_screen_loaded(self, message: Loaded) -> None:
        self.data = d = message.data
        title = plain(d.child.name, width=40, style="bold")
        if d.child.class_name:
            title.append("  ")
            title.append(plain(d.child.class_name, width=20))
        if d.child.status == "archived":
            title.append("  [" + t("status.archived") + "]", style="reverse")
        self.query_one("#child-title", Static).update(title)
        self._fill_card()
        self.query_one("#duties", Static).update(duty_line(d.marks, d.term_done, d.term_required))
        self._fill_contacts()
        self._fill_timeline()
        self.refresh_bindings()

    def on_resize(self) -> None:
        if self.data is not None:
            self._fill_card()
            self._fill_contacts()
            self._fill_timeline()

    def _fill_card(self) -> None:
        d = self.data
        if d is not None:
            wide = self.app.size.width >= NARROW
            self.query_one("#card", Static).update(child_card(d.child, d.contacts, wide))

    def _fill_contacts(self) -> None:
        d = self.data
        table = self.query_one("#contacts", DataTable)
        fill_table(
            table,
            [(k, t(f"contact.{k}")) for k in ("role", "name", "phones", "work_city")],
            [
                (
                    c.id,
                    [
                        Text(t(f"role.{c.role}")),
                        plain(c.name),
                        plain(" / ".join(c.phones)),
                        plain(c.work_city),
                    ],
                )
                for c in (d.contacts if d else [])
            ],
            Fit(table_width(table), first=("name", "phones")),
        )

    def _fill_timeline(self) -> None:
        d = self.data
        kind = FILTERS[self.filter_index]
        shown = t(f"kind.{kind}") if kind else t("timeline.all")
        head = Text(t("timeline.title") + " · " + t("timeline.filter_is", kind=shown), style="bold")
        if d and d.deleted:
            head.append("   " + t("timeline.deleted", n=len(d.deleted)), style="dim")
        if d and d.deleted_contacts:
            head.append(
                "   " + t("timeline.deleted_contacts", n=len(d.deleted_contacts)), style="dim"
            )
        self.query_one("#timeline-head", Static).update(head)
        table = self.query_one("#timeline", DataTable)
        lang = get_language()
        rows = []
        for e in d.entries if d else []:
            outcome = Text(t(f"outcome.{e.outcome}"), style="" if e.outcome == "done" else "yellow")
            snippet = " ".join((e.text or " ".join((e.card or {}).values())).split())
            what = Text(t(f"kind.{e.kind}"))
            if e.group_id:  # one check-in for several children: one line, marked
                others = len(d.groups.get(e.group_id, [])) if d else 0
                what.append(" · " + t("timeline.group", n=others + 1), style="bold")
            rows.append(
                (
                    e.id,
                    [
                        Text(format_short(e.occurred_on, self.app.today(), lang)),
                        what,
                        outcome,
                        plain(snippet),
                    ],
                )
            )
        fill_table(
            table,
            [(k, t(f"timeline.{k}")) for k in ("date", "kind", "outcome", "text")],
            rows,
            Fit(table_width(table), first=("date", "kind", "outcome")),
        )
        self._show_detail()

    def _show_detail(self) -> None:
        detail = self.query_one("#entry-detail", Static)
        entry = self.selected_entry()
        if entry is None:
            detail.update(
                Text(
                    t("timeline.empty") if not (self.data and self.data.entries) else "",
                    style="dim",
                )
            )
            return
        text = Text()
        for f in vocab.RECORD_CARD_FIELDS.get(entry.kind, ()):
            if (entry.card or {}).get(f):
                text.append(t("label.colon", label=t(f"card.{f}")), style="bold")
                text.append(plain(entry.card[f]))
                text.append("  ")
        if entry.skip_reason:
            text.append(t("label.colon", label=t("entry.skip_reason")), style="bold")
            text.append(plain(entry.skip_reason))
            text.append("  ")
        if entry.group_id and self.data is not None:
            text.append(t("timeline.group_with"), style="bold")
            text.append_text(plain("、".join(self.data.groups.get(entry.group_id, []))))
            text.append("  ")
        text.append(plain(entry.text))
        detail.update(text)

    def selected_entry(self):
        table = self.query_one("#timeline", DataTable)
        if not self.data or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((e for e in self.data.entries if e.id == key), None)

    def selected_contact(self):
        table = self.query_one("#contacts", DataTable)
        if not self.data or table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return next((c for c in self.data.contacts if c.id == key), None)

    def on_data_table_row_highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == "timeline":
            self._show_detail()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.id == "timeline":
            entry = self.selected_entry()
            if entry is not None:
                self.navigate(
                    OpenQuickEntry(self.child_id, entry.kind, entry.id), self._after_entry
                )
        else:
            contact = self.selected_contact()
            if contact is not None:
                self.navigate(
                    OpenContactForm(self.child_id, contact.id, record=contact), self.data_changed
                )

    # --- actions ------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if self.data is None and action not in ("back", "filter"):
            return None
        return True

    def action_back(self) -> None:
        self.dismiss(None)

    def action_quick(self, kind: str) -> None:
        self.navigate(OpenQuickEntry(self.child_id, kind), self._after_entry)

    def _after_entry(self, _result=None) -> None:
        self.tell_app(ChildChanged(self.child_id))

    def action_filter(self) -> None:
        """Pick the kind to show (every kind of entry, or all)."""
        choices = [(k or "all", t(f"kind.{k}") if k else t("timeline.all")) for k in FILTERS]

        def picked(choice: str | None) -> None:
            if choice is not None:
                self.filter_index = FILTERS.index(None if choice == "all" else choice)
                self.reload()

        current = FILTERS[self.filter_index] or "all"
        self.app.push_screen(ChoiceModal(t("timeline.pick_filter"), choices, current), picked)

    def action_edit_child(self) -> None:
        self.navigate(OpenChildForm(self.child_id, record=self.data.child), self.data_changed)

    def action_add_contact(self) -> None:
        self.navigate(OpenContactForm(self.child_id), self.data_changed)

    def _run(self, func, *args) -> None:
        """Database work on the app (it outlives this screen), then every screen reloads."""
        app = self.app
        vault = app.vault

        def job() -> None:
            func(vault, *args)
            app.post_message(DataChanged())

        app.run_worker(job, thread=True, group="db", exit_on_error=False)

    def action_delete(self) -> None:
        from mentor_tui.db.children import delete_contact
        from mentor_tui.db.entries import delete_entry

        if self.focused is self.query_one("#contacts", DataTable):
            target, func, question = self.selected_contact(), delete_contact, "contact.delete_q"
        else:
            target, func, question = self.selected_entry(), delete_entry, "entry.delete_q"
        if target is None:
            return
        self.app.push_screen(
            Confirm(t(question)), lambda yes: self._run(func, target.id) if yes else None
        )

    def action_restore(self) -> None:
        """Deleted entries and contacts of this child: pick one to bring back."""
        from mentor_tui.db.children import restore_contact
        from mentor_tui.db.entries import restore_entry

        lang = get_language()
        choices = []
        for d in self.data.deleted:
            when = d["occurred_on"] or ""
            try:
                when = format_short(parse_date(when, self.app.today()), self.app.today(), lang)
            except Exception:  # noqa: BLE001 - show the stored text as it is
                pass
            choices.append((f"entry:{d['id']}", f"{when}  {t('kind.' + d['kind'])}"))
        for c in self.data.deleted_contacts:
            role = t(f"role.{c['role']}") if c["role"] else ""
            choices.append((f"contact:{c['id']}", f"{t('restore.contact')}  {role}  {c['name']}"))
        restore = {"entry": restore_entry, "contact": restore_contact}

        def picked(choice: str | None) -> None:
            if choice:
                entity, record_id = choice.split(":", 1)
                self._run(restore[entity], record_id)

        self.app.push_screen(ChoiceModal(t("restore.title"), choices), picked)

    def action_archive(self) -> None:
        from mentor_tui.db.children import archive_child, unarchive_child

        if self.data.child.status == "archived":
            self.app.push_screen(
                Confirm(t("child.unarchive_q")),
                lambda yes: self._run(unarchive_child, self.child_id) if yes else None,
            )
            return

        def done(reason: str | None) -> None:
            if reason:
                self._run(partial(archive_child, on=self.app.today()), self.child_id, reason)
                self.app.notify(t("child.archived"))

        self.app.push_screen(ReasonPrompt(t("child.archive_q")), done)

    def action_flags(self) -> None:
        self.navigate(OpenFlags(self.child_id), self.data_changed)

    def action_erase_child(self) -> None:
        def done(erased: bool | None) -> None:
            self.erasing = bool(erased)  # gone: this screen never loads again
            if erased:
                self.tell_app(ChildErased())

        self.erasing = True
        self.navigate(OpenEraseChild(self.child_id), done)

    def resume_point(self) -> ResumePoint:
        return ResumePoint(OpenChildFile(self.child_id))

    def child_in_view(self) -> str:
        return self.child_id

    def relocalize(self) -> None:
        self.call_later(self._relocalize)

    async def _relocalize(self) -> None:
        await self.recompose()
        self.reload()
