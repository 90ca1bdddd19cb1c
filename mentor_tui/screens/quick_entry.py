"""Log one check-in: the kind's record card, date, outcome, free text. F2 or ctrl+j saves.

What is typed is kept as a draft in the vault (a second after the last keystroke, and when the
app locks), and offered back when the same entry is opened again.
"""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, RadioButton, RadioSet, Static, TextArea

from mentor_tui.core import vocab
from mentor_tui.core.dates import format_date, parse_date
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import FormScroll, error_text, field_row, mark_pressed, plain
from mentor_tui.widgets.dialogs import Confirm
from mentor_tui.widgets.forms import discard_draft_soon
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, Draft, ResumePoint, SaveFailed
from mentor_tui.widgets.requests import OpenQuickEntry

DRAFT_DELAY = 1.0
SAVING_NOTE_AFTER = 0.15  # seconds before "saving…" shows


def contacts_line(contacts: list[tuple[str, str, list[str], str]]) -> Text:
    """ "父亲 李建国 13800138000（广州） · 奶奶 …": each contact as plain text, never markup."""
    line = Text(style="dim")
    for i, (role, name, phones, city) in enumerate(contacts):
        if i:
            line.append(" · ")
        line.append(t(f"role.{role}") + " ")
        line.append_text(plain(name, width=12))
        if phones:
            line.append(" ")
            line.append_text(plain(" / ".join(phones)))
        if city:
            line.append_text(plain(t("entry.contact_city", city=city)))
    return line


def draft_key(child_id: str, kind: str, entry_id: str | None) -> str:
    return f"edit:{entry_id}" if entry_id else f"new:{child_id}:{kind}"


class QuickEntry(AppScreen, ModalScreen[str | None]):
    SCOPE = "entry"
    BINDINGS = keys_for(SCOPE)

    class Loaded(Message):
        def __init__(
            self,
            child_name: str,
            values: dict | None,
            from_draft: bool,
            contacts: list | None = None,
        ) -> None:
            super().__init__()
            self.child_name, self.values, self.from_draft = child_name, values, from_draft
            self.contacts = contacts or []

    class Saved(Message):
        def __init__(self, entry_id: str) -> None:
            super().__init__()
            self.entry_id = entry_id

    def __init__(self, child_id: str, kind: str, entry_id: str | None = None) -> None:
        super().__init__()
        self.child_id, self.kind, self.entry_id = child_id, kind, entry_id
        self.key = draft_key(child_id, kind, entry_id)
        self.fields = vocab.RECORD_CARD_FIELDS.get(kind, ())
        self.ready = False
        self._timer = None
        self._saving_note = None

    # --- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog entry-dialog"):
            yield Static(
                Text(t(f"kind.{self.kind}"), style="bold"), id="entry-title", classes="dialog-title"
            )
            contacts = Static("", id="entry-contacts")
            contacts.display = False  # shown for calls, once loaded
            yield contacts
            with FormScroll(id="entry-form"):
                yield field_row(
                    "entry.date", Input(placeholder=t("entry.date_hint"), id="date", compact=True)
                )
                with Horizontal(classes="field-row outcome-row"):
                    yield Static(t("entry.outcome"), classes="field-label", markup=False)
                    with RadioSet(id="outcome"):
                        for o in vocab.OUTCOMES:
                            yield RadioButton(t(f"outcome.{o}"), value=o == "done", id=o)
                yield field_row("entry.skip_reason", Input(id="skip_reason", compact=True))
                for f in self.fields:
                    yield field_row(f"card.{f}", Input(id=f"card-{f}", compact=True))
                yield Static(t("entry.text"), markup=False, classes="field-label")
                yield TextArea(id="text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="entry-note")
            yield Static("", id="entry-error", classes="form-error")
        yield KeyBar()

    def on_mount(self) -> None:
        self._mark_outcome()
        self.query_one("#text", TextArea).focus()
        self._load()

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db.children import get_child
        from mentor_tui.db.entries import get_entry
        from mentor_tui.db.settings import get_draft

        vault = self.app.vault
        child = get_child(vault, self.child_id)
        if child is None:
            raise MentorError("err.record_missing")
        draft = get_draft(vault, self.key)
        values = None
        if draft is None and self.entry_id:
            e = get_entry(vault, self.entry_id)
            if e is None:
                raise MentorError("err.record_missing")
            values = {
                "date": e.occurred_on.isoformat(),
                "outcome": e.outcome,
                "skip_reason": e.skip_reason,
                "card": dict(e.card or {}),
                "text": e.text,
            }
        contacts = None
        kind = vocab.entry_kind(self.kind)
        if kind is not None and kind.call:  # whom she rings: the numbers at hand
            from mentor_tui.db.children import contacts_of

            parents_first = kind.call == "parents"  # the guardian's call: them first
            contacts = sorted(
                (
                    (c.role, c.name, list(c.phones or []), c.work_city or "")
                    for c in contacts_of(vault, self.child_id)
                ),
                key=lambda c: (c[0] in ("father", "mother")) != parents_first,
            )
        self.post_message(self.Loaded(child.name, draft or values, draft is not None, contacts))

    def on_quick_entry_loaded(self, message: Loaded) -> None:
        title = Text(t(f"kind.{self.kind}") + " · ", style="bold")
        title.append(plain(message.child_name, width=30))
        self.query_one("#entry-title", Static).update(title)
        if message.contacts:
            box = self.query_one("#entry-contacts", Static)
            box.update(contacts_line(message.contacts))
            box.display = True
        if message.values:
            with self.prevent(Input.Changed, TextArea.Changed, RadioSet.Changed):
                self._fill(message.values)
            self._mark_outcome()
        if message.from_draft:
            self.query_one("#entry-note", Static).update(Text("✎ " + t("entry.draft_restored")))
        self.ready = True

    def _fill(self, v: dict) -> None:
        self.query_one("#date", Input).value = str(v.get("date", ""))
        outcome = v.get("outcome", "done")
        if outcome in vocab.OUTCOMES:
            self.query_one(f"#{outcome}", RadioButton).value = True
        self.query_one("#skip_reason", Input).value = str(v.get("skip_reason", ""))
        card = v.get("card") or {}
        for f in self.fields:
            self.query_one(f"#card-{f}", Input).value = str(card.get(f, ""))
        area = self.query_one("#text", TextArea)
        area.text = str(v.get("text", ""))
        area.move_cursor(area.document.end)

    # --- values and drafts --------------------------------------------------------------
    def values(self) -> dict:
        pressed = self.query_one("#outcome", RadioSet).pressed_button
        return {
            "child_id": self.child_id,
            "kind": self.kind,
            "entry_id": self.entry_id,
            "date": self.query_one("#date", Input).value,
            "outcome": pressed.id if pressed is not None else "done",
            "skip_reason": self.query_one("#skip_reason", Input).value,
            "card": {f: self.query_one(f"#card-{f}", Input).value for f in self.fields},
            "text": self.query_one("#text", TextArea).text,
        }

    def has_content(self) -> bool:
        v = self.values()
        return bool(
            v["text"].strip()
            or v["skip_reason"].strip()
            or any(x.strip() for x in v["card"].values())
        )

    def _changed(self) -> None:
        if not self.ready:
            return
        if self._timer is None:
            self._timer = self.set_timer(DRAFT_DELAY, self._flush_draft)
        else:
            self._timer.reset()

    def on_input_changed(self, _event: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._changed()

    def on_radio_set_changed(self, _event: RadioSet.Changed) -> None:
        self._mark_outcome()
        self._changed()

    def _mark_outcome(self) -> None:
        mark_pressed(
            self.query_one("#outcome", RadioSet), {o: t(f"outcome.{o}") for o in vocab.OUTCOMES}
        )

    def _flush_draft(self) -> None:
        self._timer = None
        if self.ready and self.app.vault is not None:
            self._save_draft(self.values())

    @work(thread=True, group="draft", exit_on_error=False)
    def _save_draft(self, values: dict) -> None:
        from mentor_tui.db.settings import save_draft

        vault = self.app.vault
        if vault is not None:
            save_draft(vault, self.key, values)

    def resume_point(self) -> ResumePoint:
        """For locking: what to reopen, and the draft to keep (saved before the vault closes)."""
        draft = None
        if self.ready and (self.has_content() or self.query_one("#date", Input).value):
            draft = Draft(self.key, self.values())
        return ResumePoint(OpenQuickEntry(self.child_id, self.kind, self.entry_id), draft)

    # --- save / cancel ------------------------------------------------------------------
    def action_save(self) -> None:
        if not self.ready:
            return
        v = self.values()
        error = self.query_one("#entry-error", Static)
        try:
            occurred = parse_date(v["date"], self.app.today(), "date")
            if v["outcome"] == "skipped" and not clean_text(v["skip_reason"]).strip():
                raise ValidationError("err.reason_required", field="skip_reason")
        except ValidationError as err:
            error.update(error_text(err))
            if err.field in ("date", "skip_reason"):
                self.query_one(f"#{err.field}").focus()
            return
        # "Saving…" only when the save is slow: repainting the modal at once competes with the
        # save worker for the interpreter (about 6 ms of a 10 ms save, bench/bench_tui.py).
        self._saving_note = self.set_timer(
            SAVING_NOTE_AFTER, lambda: error.update(Text(t("entry.saving")))
        )
        fields = {
            "occurred_on": occurred,
            "outcome": v["outcome"],
            "skip_reason": v["skip_reason"].strip() if v["outcome"] != "done" else "",
            "card": v["card"],
            "text": v["text"],
        }
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.ready = False
        self._save(fields)

    @work(thread=True, group="db", exit_on_error=False)
    def _save(self, fields: dict) -> None:
        from mentor_tui.db.entries import save_entry

        try:
            entry_id = save_entry(
                self.app.vault,
                self.entry_id,
                self.child_id,
                self.kind,
                draft_key=self.key,
                **fields,
            )
        except Exception as err:
            self.post_message(SaveFailed(err))
            raise  # the app's one handler shows the sentence
        self.post_message(self.Saved(entry_id))

    def on_quick_entry_saved(self, message: Saved) -> None:
        when = self.query_one("#date", Input).value
        self.app.notify(
            t("entry.saved", kind=t(f"kind.{self.kind}"))
            + (
                f" · {format_date(parse_date(when, self.app.today()), get_language())}"
                if when.strip()
                else ""
            )
        )
        self.dismiss(message.entry_id)

    def on_save_failed(self, _message: SaveFailed) -> None:
        self.ready = True  # the app shows the error; the text stays for another try
        if self._saving_note is not None:
            self._saving_note.stop()
        self.query_one("#entry-error", Static).update("")

    def action_cancel(self) -> None:
        if not self.ready or not self.has_content():
            self._discard_and_close()
            return

        def answer(discard: bool | None) -> None:
            if discard:
                self._discard_and_close()

        self.app.push_screen(Confirm(t("entry.discard_q")), answer)

    def _discard_and_close(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        self.ready = False
        vault = self.app.vault
        if vault is not None:
            discard_draft_soon(self.app, vault, self.key)
        self.dismiss(None)
