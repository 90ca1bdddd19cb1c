"""Log one check-in: date, outcome, the kind's record card, free text. F2 or ctrl+j saves.

The form is in the order she fills it (issue 16). Date and outcome stay at the top, never
scrolled away; for a call (the kinds with ``call`` in the registry) the focus starts on the
outcome, then who was reached, then the card; for the others on the card's first field, then
the notes, the outcome left at done. Keys 1-3 choose the outcome whenever the focus is not in a
text field (there digits are text): ``p``, ``2``, F2 logs an unreachable parent call. The
reason field shows only for an outcome that has one, and says whether it is required. F3, F4
and F5 go to the date, the outcome and the notes; F1 lists every field with its keys.

One check-in may be for several children (a group talk, a home visit to siblings): each child
gets her own entry linked by a group id (db/entries.py save_group); F6 changes who is in it,
and opening any of the entries edits them all together.

Record-card fields suggest her own earlier words for that field, most recent first (→ takes a
suggestion); they are read from the vault in a worker and kept in memory only.

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
from textual.suggester import SuggestFromList
from textual.widgets import Input, Label, RadioSet, Static, TextArea

from mentor_tui.core import vocab
from mentor_tui.core.dates import format_date, parse_date
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import get_language, t
from mentor_tui.core.validate import clean_text
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import (
    NARROW,
    FormScroll,
    caught_up,
    error_text,
    field_row,
    fit_labels,
    plain,
)
from mentor_tui.widgets.dialogs import ChildrenPicker, Confirm
from mentor_tui.widgets.forms import discard_draft_soon, field_help, key_of
from mentor_tui.widgets.keybar import KeyBar
from mentor_tui.widgets.protocol import AppScreen, Draft, ResumePoint, SaveFailed
from mentor_tui.widgets.requests import OpenQuickEntry
from mentor_tui.widgets.toggles import Radio, RadioRow

DRAFT_DELAY = 1.0
SAVING_NOTE_AFTER = 0.15  # seconds before "saving…" shows
REASON_REQUIRED = ("skipped",)  # outcomes whose reason must be given (db/entries.py checks it)
NAME_CELLS = 30


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


def draft_key(
    child_id: str, kind: str, entry_id: str | None, child_ids: tuple[str, ...] = ()
) -> str:
    if entry_id:
        return f"edit:{entry_id}"
    if len(child_ids) > 1:
        return f"new:group:{kind}:" + "+".join(sorted(child_ids))
    return f"new:{child_id}:{kind}"


def outcome_label(outcome: str, index: int, keys: bool = True) -> str:
    """ "1 已完成": the key that chooses it (when there is room), then its label."""
    label = t(f"outcome.{outcome}")
    return f"{index + 1} {label}" if keys else label


def reason_label(outcome: str) -> str:
    """The reason's label: " *" when it is required."""
    return t("entry.skip_reason") + (" *" if outcome in REASON_REQUIRED else "")


def reason_hint(outcome: str) -> str:
    """What the empty reason field says: required or not, for this outcome."""
    return t("entry.reason_required" if outcome in REASON_REQUIRED else "entry.reason_optional")


class QuickEntry(AppScreen, ModalScreen[str | None]):
    SCOPE = "entry"
    BINDINGS = keys_for(SCOPE)

    class Loaded(Message):
        def __init__(
            self,
            names: dict[str, str],
            values: dict | None,
            from_draft: bool,
            contacts: list | None = None,
            phrases: dict[str, list[str]] | None = None,
            group: tuple[str, list[str]] | None = None,
        ) -> None:
            super().__init__()
            self.names, self.values, self.from_draft = names, values, from_draft
            self.contacts = contacts or []
            self.phrases = phrases or {}
            self.group = group  # (group id, its children) when editing a group entry

    class Saved(Message):
        def __init__(self, entry_id: str, count: int) -> None:
            super().__init__()
            self.entry_id, self.count = entry_id, count

    def __init__(
        self,
        child_id: str,
        kind: str,
        entry_id: str | None = None,
        child_ids: tuple[str, ...] = (),
    ) -> None:
        super().__init__()
        self.child_id, self.kind, self.entry_id = child_id, kind, entry_id
        self.child_ids: list[str] = list(dict.fromkeys(child_ids or (child_id,)))
        self.group_id: str | None = None  # the group edited (an entry of a group was opened)
        self.names: dict[str, str] = {}
        self.key = draft_key(child_id, kind, entry_id, tuple(self.child_ids))
        self.fields = vocab.RECORD_CARD_FIELDS.get(kind, ())
        entry_kind = vocab.entry_kind(kind)
        self.call = bool(entry_kind is not None and entry_kind.call)
        self.ready = False
        self._timer = None
        self._saving_note = None

    @property
    def group(self) -> bool:
        """A check-in for several children (or an entry of a group, being edited)."""
        return len(self.child_ids) > 1 or self.group_id is not None

    # --- layout -------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog entry-dialog"):
            yield Static(
                Text(t(f"kind.{self.kind}"), style="bold"), id="entry-title", classes="dialog-title"
            )
            children = Static("", id="entry-children")
            children.display = self.group
            yield children
            contacts = Static("", id="entry-contacts")
            contacts.display = False  # shown for calls, once loaded
            yield contacts
            # date and outcome first, never scrolled away (60x20 shows them)
            yield field_row(
                "entry.date",
                Input(placeholder=t("entry.date_hint"), id="date", compact=True),
                row_id="row-date",
            )
            with Horizontal(classes="field-row", id="row-outcome"):
                yield Static(t("entry.outcome"), classes="field-label", markup=False)
                with RadioRow(id="outcome", compact=True):
                    for i, o in enumerate(vocab.OUTCOMES):
                        yield Radio(outcome_label(o, i), value=o == "done", id=o)
            with Horizontal(classes="field-row", id="row-reason"):
                yield Label(reason_label("skipped"), id="reason-label", classes="field-label")
                yield Input(id="skip_reason", compact=True)
            with FormScroll(id="entry-form"):
                for f in self.fields:
                    yield field_row(f"card.{f}", Input(id=f"card-{f}", compact=True))
                with Vertical(classes="field-row notes-row"):
                    yield Label(t("entry.text"), classes="field-label notes-label", markup=False)
                    yield TextArea(id="text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="entry-note")
            yield Static("", id="entry-error", classes="form-error")
        yield KeyBar()

    def say(self, wid: str, text: Text | str) -> None:
        """Show a note or an error under the form (its line is there only while it says
        something: a short terminal keeps the lines for the fields)."""
        box = self.query_one(f"#{wid}", Static)
        box.update(text)
        box.display = bool(str(text))

    def on_mount(self) -> None:
        self.say("entry-note", "")
        self.say("entry-error", "")
        self._show_reason()
        self._fit()
        self.set_focus(self.query_one(self.first_field()))
        self._load()

    def on_resize(self) -> None:
        self._fit()

    def _fit(self) -> None:
        """Labels as wide as the longest, and the outcome keys 1 2 3 beside their words
        when the terminal has room for them."""
        keys = self.app.size.width >= NARROW
        for i, button in enumerate(self.query_one("#outcome", RadioRow).query(Radio)):
            button.label = outcome_label(button.id or "", i, keys)
        fit_labels(self)

    def first_field(self) -> str:
        """Where the focus starts: a call at its outcome, the others at the card's first field
        (the notes, for a kind without a card)."""
        if self.call:
            return "#outcome"
        return f"#card-{self.fields[0]}" if self.fields else "#text"

    @work(thread=True, group="db", exit_on_error=False)
    def _load(self) -> None:
        from mentor_tui.db.children import get_child
        from mentor_tui.db.entries import card_phrases, get_entry, group_entries
        from mentor_tui.db.settings import get_draft

        vault = self.app.vault
        draft = get_draft(vault, self.key)
        values, group = None, None
        child_ids = list(self.child_ids)
        if self.entry_id:
            e = get_entry(vault, self.entry_id)
            if e is None:
                raise MentorError("err.record_missing")
            if e.group_id:
                members = [m.child_id for m in group_entries(vault, e.group_id) if m.child_id]
                child_ids = list(dict.fromkeys([self.child_id, *members]))
                group = (e.group_id, child_ids)
            if draft is None:
                values = {
                    "date": e.occurred_on.isoformat(),
                    "outcome": e.outcome,
                    "skip_reason": e.skip_reason,
                    "card": dict(e.card or {}),
                    "text": e.text,
                }
        if draft is not None and draft.get("child_ids"):
            child_ids = [c for c in draft["child_ids"] if isinstance(c, str)] or child_ids
        names = {}
        for cid in child_ids:
            child = get_child(vault, cid)
            if child is not None:
                names[cid] = child.name
        if self.child_id not in names:
            raise MentorError("err.record_missing")
        contacts = None
        kind = vocab.entry_kind(self.kind)
        if kind is not None and kind.call and len(names) == 1:  # whom she rings: the numbers
            from mentor_tui.db.children import contacts_of

            parents_first = kind.call == "parents"  # the guardian's call: them first
            contacts = sorted(
                (
                    (c.role, c.name, list(c.phones or []), c.work_city or "")
                    for c in contacts_of(vault, self.child_id)
                ),
                key=lambda c: (c[0] in ("father", "mother")) != parents_first,
            )
        phrases = card_phrases(vault, self.kind)
        if contacts and self.fields:  # who was reached: her contacts first
            whom = [f"{t(f'role.{c[0]}')} {clean_text(c[1])}".strip() for c in contacts]
            phrases[self.fields[0]] = list(dict.fromkeys(whom + phrases[self.fields[0]]))
        self.post_message(
            self.Loaded(names, draft or values, draft is not None, contacts, phrases, group)
        )

    def on_quick_entry_loaded(self, message: Loaded) -> None:
        if message.group is not None:
            self.group_id = message.group[0]
        self.child_ids = [c for c in self.child_ids if c in message.names] or [self.child_id]
        for cid in message.names:
            if cid not in self.child_ids:
                self.child_ids.append(cid)
        self.names = dict(message.names)
        self._show_children()
        if message.contacts:
            box = self.query_one("#entry-contacts", Static)
            box.update(contacts_line(message.contacts))
            box.display = True
        for f in self.fields:
            phrases = message.phrases.get(f) or []
            if phrases:
                self.query_one(f"#card-{f}", Input).suggester = SuggestFromList(
                    phrases, case_sensitive=False
                )
        if message.values:
            with self.prevent(Input.Changed, TextArea.Changed, RadioSet.Changed):
                self._fill(message.values)
            self._show_reason()
        if message.from_draft:
            self.say("entry-note", Text("✎ " + t("entry.draft_restored")))
        self.ready = True

    def _show_children(self) -> None:
        """The title (the kind and the child, or the group's size) and, for a group, who is in
        it."""
        title = Text(t(f"kind.{self.kind}") + " · ", style="bold")
        box = self.query_one("#entry-children", Static)
        if self.group:
            title.append(t("entry.group", n=len(self.child_ids)))
            line = Text(t("label.colon", label=t("entry.group_children")), style="bold")
            for i, cid in enumerate(self.child_ids):
                if i:
                    line.append("、")
                line.append_text(plain(self.names.get(cid, "?"), width=12))
            line.append("  " + t("entry.group_change"), style="dim")
            box.update(line)
            box.display = True
        else:
            title.append_text(plain(self.names.get(self.child_id, ""), width=NAME_CELLS))
            box.display = False
        self.query_one("#entry-title", Static).update(title)

    def _fill(self, v: dict) -> None:
        self.query_one("#date", Input).value = str(v.get("date", ""))
        outcome = v.get("outcome", "done")
        if outcome in vocab.OUTCOMES:
            self.query_one("#outcome", RadioRow).choose(outcome)
        self.query_one("#skip_reason", Input).value = str(v.get("skip_reason", ""))
        card = v.get("card") or {}
        for f in self.fields:
            self.query_one(f"#card-{f}", Input).value = str(card.get(f, ""))
        area = self.query_one("#text", TextArea)
        area.text = str(v.get("text", ""))
        area.move_cursor(area.document.end)

    # --- values and drafts --------------------------------------------------------------
    def outcome(self) -> str:
        pressed = self.query_one("#outcome", RadioSet).pressed_button
        return pressed.id if pressed is not None and pressed.id else "done"

    def values(self) -> dict:
        out = {
            "child_id": self.child_id,
            "kind": self.kind,
            "entry_id": self.entry_id,
            "date": self.query_one("#date", Input).value,
            "outcome": self.outcome(),
            "skip_reason": self.query_one("#skip_reason", Input).value,
            "card": {f: self.query_one(f"#card-{f}", Input).value for f in self.fields},
            "text": self.query_one("#text", TextArea).text,
        }
        if self.group:
            out["child_ids"] = list(self.child_ids)
        return out

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

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.focus_next()

    def on_text_area_changed(self, _event: TextArea.Changed) -> None:
        self._changed()

    def on_radio_set_changed(self, _event: RadioSet.Changed) -> None:
        self._show_reason()
        self._changed()

    def _show_reason(self) -> None:
        """The reason only for an outcome that has one, saying whether it is required."""
        outcome = self.outcome()
        row = self.query_one("#row-reason")
        row.display = outcome != "done"
        self.query_one("#reason-label", Label).update(reason_label(outcome))
        self.query_one("#skip_reason", Input).placeholder = reason_hint(outcome)

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
        reopen = OpenQuickEntry(
            self.child_id,
            self.kind,
            self.entry_id,
            tuple(self.child_ids) if self.group and not self.entry_id else (),
        )
        return ResumePoint(reopen, draft)

    # --- keys ---------------------------------------------------------------------------
    def check_action(self, action: str, parameters: tuple) -> bool | None:
        if action == "outcome" and isinstance(self.focused, (Input, TextArea)):
            return None  # digits typed in a text field are text (the keys stay listed in F1)
        return True

    def action_outcome(self, index: int) -> None:
        self.query_one("#outcome", RadioRow).press(index)

    async def action_goto(self, wid: str) -> None:
        """F3 F4 F5: to the date, the outcome, the notes (at once, so what she types next
        lands there; what she typed before stays where it was typed)."""
        await caught_up(self.focused)
        self.set_focus(self.query_one(f"#{wid}"))

    def field_help(self) -> list[tuple[str, str]]:
        """F1: every field with the keys that reach it, and who the check-in is for (F6)."""
        return [
            *field_help(self),
            (t("entry.group_children"), key_of(self, "entry.children")),
            (t("help.suggest"), "→"),
        ]

    def action_children(self) -> None:
        """F6: who the check-in is for (several children: one entry each, as a group)."""
        if not self.ready:
            return
        vault = self.app.vault

        def job() -> None:
            from mentor_tui.db.children import list_children

            kids = [(c.id, c.name, c.class_name) for c in list_children(vault)]
            self.app.call_from_thread(self._pick_children, kids)

        self.run_worker(job, thread=True, group="db", exit_on_error=False)

    def _pick_children(self, kids: list[tuple[str, str, str]]) -> None:
        def picked(ids: list[str] | None) -> None:
            if not ids:
                return
            self.names.update({cid: name for cid, name, _cls in kids if cid in ids})
            if self.child_id not in ids:
                self.child_id = ids[0]
            self.child_ids = list(ids)
            self._show_children()
            self._changed()

        self.app.push_screen(
            ChildrenPicker(t("entry.pick_children"), kids, ticked=self.child_ids), picked
        )

    # --- save / cancel ------------------------------------------------------------------
    async def action_save(self) -> None:
        await caught_up(self.focused)  # every key typed before F2 is in the form
        if not self.ready:
            return
        v = self.values()
        try:
            occurred = parse_date(v["date"], self.app.today(), "date")
            if v["outcome"] in REASON_REQUIRED and not clean_text(v["skip_reason"]).strip():
                raise ValidationError("err.reason_required", field="skip_reason")
        except ValidationError as err:
            self.say("entry-error", error_text(err))
            if err.field in ("date", "skip_reason"):
                self.set_focus(self.query_one(f"#{err.field}"))
            return
        # "Saving…" only when the save is slow: repainting the modal at once competes with the
        # save worker for the interpreter (about 6 ms of a 10 ms save, bench/bench_tui.py).
        self._saving_note = self.set_timer(
            SAVING_NOTE_AFTER, lambda: self.say("entry-error", Text(t("entry.saving")))
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
        self._save(fields, list(self.child_ids) if self.group else None)

    @work(thread=True, group="db", exit_on_error=False)
    def _save(self, fields: dict, group: list[str] | None) -> None:
        from mentor_tui.db.entries import save_entry, save_group

        try:
            if group is not None:
                saved = save_group(
                    self.app.vault, self.group_id, group, self.kind, draft_key=self.key, **fields
                )
                count = len(group)
            else:
                saved = save_entry(
                    self.app.vault,
                    self.entry_id,
                    self.child_id,
                    self.kind,
                    draft_key=self.key,
                    **fields,
                )
                count = 1
        except Exception as err:
            self.post_message(SaveFailed(err))
            raise  # the app's one handler shows the sentence
        self.post_message(self.Saved(saved, count))

    def on_quick_entry_saved(self, message: Saved) -> None:
        when = self.query_one("#date", Input).value
        kind = t(f"kind.{self.kind}")
        said = (
            t("entry.group_saved", kind=kind, n=message.count)
            if message.count > 1
            else t("entry.saved", kind=kind)
        )
        self.app.notify(
            said
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
        self.say("entry-error", "")

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
