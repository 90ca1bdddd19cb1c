"""Shared behaviour of the edit forms: F2 saves, escape cancels, a validation error is shown
under the form and focuses its field; nothing is saved until every field is valid."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from mentor_tui.screens.base import APP_KEYS, ErrorsToApp
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.widgets.common import error_text


class FormScreen(ErrorsToApp, ModalScreen[str | None]):
    BINDINGS = [Binding("f2,ctrl+j", "save", "key.save", id="form.save", priority=True),
                Binding("escape", "cancel", "key.cancel", id="form.cancel"), *APP_KEYS]

    class Saved(Message):
        def __init__(self, record_id: str) -> None:
            super().__init__()
            self.record_id = record_id

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

    def on_form_screen_saved(self, message: Saved) -> None:
        self.app.notify(t("form.saved"))
        self.dismiss(message.record_id)

    def on_input_submitted(self, _event: Input.Submitted) -> None:
        self.focus_next()

    def action_cancel(self) -> None:
        self.dismiss(None)
