"""Shared behaviour of the edit forms (child, contact, the flag forms): F2 saves, escape
cancels, a validation error is shown under the form and focuses its field; nothing is saved
until every field is valid.

A form is opened from a request (widgets/requests.py) and says what it is with it: typed text
survives a lock, because :meth:`FormScreen.resume_point` gives the app that request to reopen and
the fields as a draft, which the app writes to the vault before closing it; the form rebuilt
by the navigation module after unlocking (or the same form opened later, after a crash while
locked) fills itself from that draft. Saving or cancelling drops the draft.

A form implements :meth:`~FormScreen.collect` (the validated fields, on the app's thread) and
:meth:`~FormScreen.write` (the database write, in the saving worker). A failed write is a
typed :class:`~mentor_tui.widgets.protocol.SaveFailed`: its sentence stays beside the fields."""

from __future__ import annotations

from functools import partial
from typing import Any

from rich.text import Text
from textual import work
from textual.app import App
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Select, Static

from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.widgets import actions
from mentor_tui.widgets.actions import keys_for
from mentor_tui.widgets.common import caught_up, error_text, fit_labels
from mentor_tui.widgets.protocol import AppScreen, Draft, ResumePoint, SaveFailed
from mentor_tui.widgets.requests import ScreenRequest


def discard_draft_soon(app: App, vault: Any, key: str) -> None:
    """Drop a draft in a worker of the app (the form closing now is gone before it runs)."""
    from mentor_tui.db.settings import discard_draft

    app.run_worker(partial(discard_draft, vault, key), thread=True, group="db", exit_on_error=False)


FORM_LABEL_CAP = 20  # an edit form's label column at most (its fields are one line each)


def key_of(screen: Any, ident: str) -> str:
    """How the key with binding id ``ident`` shows on ``screen`` (remapped keys included);
    a key the focused field takes as text now (a digit in a text field) shows as declared."""
    for _key, active in screen.active_bindings.items():
        if active.binding.id == ident:
            return str(screen.app.get_key_display(active.binding))
    row = actions.find(ident)
    if row is None or not row.keys:
        return ""
    return str(screen.app.get_key_display(Binding(row.keys.split(",")[0], row.action)))


def field_help(screen: Any) -> list[tuple[str, str]]:
    """F1 in a form: (label, keys) of each field shown, in order. Every field is reached with
    Tab and Shift+Tab (Enter in a one-line field moves on); a field with keys of its own in
    the action table (``Action.field``) lists them too."""
    own: dict[str, list[str]] = {}
    grouped: dict[tuple[str, str], list[str]] = {}  # keys of one group as one item: "1 2 3"
    for row in actions.ACTIONS:
        if row.field and screen.SCOPE in row.where:
            keys = key_of(screen, row.id)
            if not keys:
                continue
            if row.group:
                grouped.setdefault((row.field, row.group), []).append(keys)
            elif keys not in own.setdefault(row.field, []):
                own[row.field].append(keys)
    for (field_id, _group), group_keys in grouped.items():
        own.setdefault(field_id, []).append(" ".join(group_keys))
    rows = []
    for field in screen.query(".field-row"):
        if not shown(field):
            continue
        labels = list(field.query("Label, .field-label"))
        widgets = [w for w in field.query("*") if w.focusable]
        if not labels or not widgets:
            continue
        label = str(labels[0].render()).rstrip()
        keys = own.get(widgets[0].id or "", [])
        rows.append((label, " · ".join([*keys, t("help.tab")])))
    for box in screen.query("Checkbox"):
        if shown(box):
            rows.append((str(box.label), t("help.tab")))
    return rows


def shown(widget: Any) -> bool:
    """Whether ``widget`` and every container around it are displayed."""
    return bool(widget.display) and all(node.display for node in widget.ancestors[:-1])


class FormScreen(AppScreen, ModalScreen[str | None]):
    SCOPE = "form"
    BINDINGS = keys_for(SCOPE)

    class Saved(Message):
        def __init__(self, record_id: str) -> None:
            super().__init__()
            self.record_id = record_id

    class DraftFound(Message):
        def __init__(self, values: dict) -> None:
            super().__init__()
            self.values = values

    def __init__(self, request: ScreenRequest, draft_key: str, record: Any = None) -> None:
        """``request`` reopens this form after a lock; ``draft_key`` is its key in the vault's
        drafts; ``record`` (the child or contact edited) fills the fields at once."""
        super().__init__()
        self.request, self.draft_key, self.record = request, draft_key, record

    def initial(self, name: str) -> Any:
        """A field's value in the record edited (None when adding, or rebuilt after a lock)."""
        return getattr(self.record, name) if self.record is not None else None

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

    def resume_point(self) -> ResumePoint:
        return ResumePoint(self.request, Draft(self.draft_key, self.field_values()))

    def on_mount(self) -> None:
        fit_labels(self, FORM_LABEL_CAP)  # "Best time to call" on one line
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

    def value(self, wid: str) -> str:
        return self.query_one(f"#{wid}", Input).value

    def show_error(self, err: MentorError) -> None:
        self.query_one("#form-error", Static).update(error_text(err))
        field = err.field if isinstance(err, ValidationError) else ""
        if field:
            try:
                self.query_one(f"#{field}").focus()
            except NoMatches:
                pass

    # --- saving -------------------------------------------------------------------------
    def collect(self) -> dict:
        """The validated fields (raise ValidationError); implemented by each form."""
        raise NotImplementedError

    def write(self, vault: Any, fields: dict) -> str:
        """Write ``fields`` (in the saving worker); the id of the record written."""
        raise NotImplementedError

    async def action_save(self) -> None:
        await caught_up(self.focused)  # every key typed before F2 is in the form
        try:
            fields = self.collect()
        except ValidationError as err:
            self.show_error(err)
            return
        self.query_one("#form-error", Static).update(Text(t("form.saving")))
        self._save(fields)

    @work(thread=True, group="db", exit_on_error=False)
    def _save(self, fields: dict) -> None:
        from mentor_tui.db.settings import discard_draft

        vault = self.app.vault
        try:
            record_id = self.write(vault, fields)
            discard_draft(vault, self.draft_key)
        except Exception as err:
            self.post_message(SaveFailed(err))  # the reason, beside the fields
            raise  # and the app's one handler shows it in a modal
        self.post_message(self.Saved(record_id))

    def on_save_failed(self, message: SaveFailed) -> None:
        """ "saving…" gives way to the reason, which stays beside the fields once the modal is
        closed; her typing is kept for another try."""
        if isinstance(message.error, MentorError):
            self.show_error(message.error)
        else:
            self.query_one("#form-error", Static).update("")

    def on_form_screen_saved(self, message: Saved) -> None:
        self.app.notify(t("form.saved"))
        self.dismiss(message.record_id)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.focus_next()

    def field_help(self) -> list[tuple[str, str]]:
        return field_help(self)

    def action_cancel(self) -> None:
        vault = self.app.vault
        if vault is not None:
            discard_draft_soon(self.app, vault, self.draft_key)
        self.dismiss(None)
