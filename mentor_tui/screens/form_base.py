"""Shared behaviour of the edit forms: F2 saves, escape cancels, a validation error is shown
under the form and focuses its field; nothing is saved until every field is valid.

Typed text survives a lock: :meth:`FormScreen.resume_info` gives the app what to reopen and the
fields as a draft, which the app writes to the vault before closing it; the reopened form (or
the same form opened later, after a crash while locked) fills itself from that draft. Saving or
cancelling drops the draft."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static

from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.screens.base import APP_KEYS, ErrorsToApp
from mentor_tui.widgets.common import error_text


class FormScreen(ErrorsToApp, ModalScreen[str | None]):
    BINDINGS = [
        Binding("f2,ctrl+j", "save", "key.save", id="form.save", priority=True),
        Binding("escape", "cancel", "key.cancel", id="form.cancel"),
        *APP_KEYS,
    ]

    class Saved(Message):
        def __init__(self, record_id: str) -> None:
            super().__init__()
            self.record_id = record_id

    class DraftFound(Message):
        def __init__(self, values: dict) -> None:
            super().__init__()
            self.values = values

    draft_key = ""  # each form's key in the vault's drafts (set in __init__); "" = none

    def resume_args(self) -> dict | None:
        """What the app needs to reopen this form after unlocking (:func:`resume_form`);
        None: a form the app does not reopen (it is closed by the lock)."""
        return None

    # --- what was typed, over a lock --------------------------------------------------
    def field_values(self) -> dict:
        out: dict = {}
        for w in self.query("Input, Select, Checkbox"):
            if not w.id:
                continue
            if isinstance(w, Select):
                out[w.id] = None if w.is_blank() else w.value
            else:
                out[w.id] = w.value
        return out

    def fill_values(self, values: dict) -> None:
        for w in self.query("Input, Select, Checkbox"):
            if w.id not in values:
                continue
            value = values[w.id]
            if isinstance(w, Select):
                if value is None:
                    w.clear()
                else:
                    w.value = value
            elif isinstance(w, Checkbox):
                w.value = bool(value)
            else:
                w.value = str(value or "")

    def resume_info(self) -> dict | None:
        args = self.resume_args()
        if args is None or not self.draft_key:
            return None
        return {"form": args, "draft": (self.draft_key, self.field_values())}

    def on_mount(self) -> None:
        if self.draft_key:
            self._load_draft()

    @work(thread=True, group="db", exit_on_error=False)
    def _load_draft(self) -> None:
        from mentor_tui.db.settings import get_draft

        vault = self.app.vault
        values = get_draft(vault, self.draft_key) if vault is not None else None
        if values:
            self.post_message(self.DraftFound(values))

    def on_form_screen_draft_found(self, message: DraftFound) -> None:
        self.fill_values(message.values)
        self.query_one("#form-error", Static).update(Text("✎ " + t("entry.draft_restored")))

    def saved(self, vault, record_id: str) -> None:
        """From the saving worker, once written: drop the draft, close the form."""
        from mentor_tui.db.settings import discard_draft

        if self.draft_key:
            discard_draft(vault, self.draft_key)
        self.post_message(self.Saved(record_id))

    def value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def show_error(self, err: MentorError) -> None:
        self.query_one("#form-error", Static).update(error_text(err))
        field = getattr(err, "field", "")
        if field:
            try:
                self.query_one(f"#{field}").focus()
            except NoMatches:
                pass

    def collect(self) -> dict:
        """The validated fields (raise ValidationError); implemented by each form."""
        raise NotImplementedError

    def action_save(self) -> None:
        try:
            fields = self.collect()
        except ValidationError as err:
            self.show_error(err)
            return
        self.query_one("#form-error", Static).update(Text(t("form.saving")))
        self.persist(fields)

    def persist(self, fields: dict) -> None:
        raise NotImplementedError

    def on_worker_state_changed(self, event) -> None:
        """A failed save (the app shows the modal too): "saving…" gives way to the reason, which
        stays beside the fields once the modal is closed; her typing is kept for another try."""
        from textual.worker import WorkerState

        if event.state is WorkerState.ERROR and event.worker.name == "_save":
            err = event.worker.error
            if isinstance(err, MentorError):
                self.show_error(err)
            else:
                self.query_one("#form-error", Static).update("")

    def on_form_screen_saved(self, message: Saved) -> None:
        self.app.notify(t("form.saved"))
        self.dismiss(message.record_id)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.focus_next()

    def action_cancel(self) -> None:
        vault = self.app.vault
        if vault is not None and self.draft_key:  # on the app: this screen goes at once
            from functools import partial

            from mentor_tui.db.settings import discard_draft

            self.app.run_worker(
                partial(discard_draft, vault, self.draft_key),
                thread=True,
                group="db",
                exit_on_error=False,
            )
        self.dismiss(None)


def resume_form(args: dict) -> FormScreen:
    """The child, contact or flag form open when the app locked, from its ``resume_args`` (its
    fields come from the draft the lock saved; MentorApp reopens it after unlocking)."""
    from mentor_tui.screens.child_form import ChildForm
    from mentor_tui.screens.contact_form import ContactForm

    if str(args.get("type", "")).startswith("flag:"):
        from mentor_tui.screens.flag_form import resume_form as resume_flag_form

        return resume_flag_form(args)
    if args.get("type") == "contact":
        return ContactForm(args["child_id"], contact_id=args.get("contact_id"))
    return ChildForm(child_id=args.get("child_id"))
