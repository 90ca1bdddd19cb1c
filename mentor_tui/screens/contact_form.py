"""Add or edit a parent or guardian of a child (every field of the contact card)."""

from __future__ import annotations

import re

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Select, Static

from mentor_tui.core import vocab
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text, require_name, validate_phones
from mentor_tui.screens.form_base import FormScreen
from mentor_tui.widgets.common import FormScroll, field_row

TEXT_FIELDS = (
    "relationship",
    "wechat",
    "work_city",
    "employer",
    "address",
    "occupation",
    "best_time",
    "reachability",
)


def split_phones(value: str) -> list[str]:
    return [p for p in re.split(r"[,，;；/、]+", value or "") if p.strip()]


class ContactForm(FormScreen):
    """``ContactForm(child_id)`` adds a contact, ``ContactForm(child_id, contact)`` edits one;
    after a lock the app reopens it with ``contact_id`` and the fields come from the draft."""

    def __init__(self, child_id: str, contact=None, contact_id: str | None = None) -> None:
        super().__init__()
        self.child_id = child_id
        self.contact = contact
        self.contact_id = contact.id if contact is not None else contact_id
        self.draft_key = f"form:contact:{self.contact_id or 'new:' + child_id}"

    def resume_args(self) -> dict:
        return {"type": "contact", "child_id": self.child_id, "contact_id": self.contact_id}

    def compose(self) -> ComposeResult:
        c = self.contact
        get = (lambda f: getattr(c, f)) if c is not None else (lambda f: None)
        with Vertical(classes="dialog form-dialog"):
            yield Static(
                Text(
                    t("contact.edit_title" if self.contact_id else "contact.new_title"),
                    style="bold",
                ),
                classes="dialog-title",
            )
            with FormScroll():
                yield field_row(
                    "contact.name",
                    Input(get("name") or "", id="contact_name", compact=True),
                    required=True,
                )
                yield field_row(
                    "contact.role",
                    Select(
                        [(t(f"role.{r}"), r) for r in vocab.CONTACT_ROLES],
                        value=get("role") or "other_guardian",
                        allow_blank=False,
                        id="role",
                        compact=True,
                    ),
                )
                yield field_row(
                    "contact.phones",
                    Input(
                        ", ".join(get("phones") or []),
                        placeholder="13800138000",
                        id="phones",
                        compact=True,
                    ),
                )
                for f in TEXT_FIELDS:
                    yield field_row(f"contact.{f}", Input(get(f) or "", id=f, compact=True))
                yield Checkbox(t("contact.is_primary"), bool(get("is_primary")), id="is_primary")
            yield Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self.query_one("#contact_name", Input).focus()

    def collect(self) -> dict:
        fields: dict = {
            "name": require_name(self.value("contact_name"), "contact_name"),
            "role": str(self.query_one("#role", Select).value),
            "phones": validate_phones(split_phones(self.value("phones")), "phones"),
        }
        for f in TEXT_FIELDS:
            fields[f] = clean_text(self.value(f), multiline=True).strip()
        fields["is_primary"] = self.query_one("#is_primary", Checkbox).value
        return fields

    def persist(self, fields: dict) -> None:
        self._save(fields)

    @work(thread=True, group="db", exit_on_error=False)
    def _save(self, fields: dict) -> None:
        from mentor_tui.db.children import add_contact, update_contact

        vault = self.app.vault
        if self.contact_id is None:
            name, role = fields.pop("name"), fields.pop("role")
            record_id = add_contact(vault, self.child_id, name, role, **fields)
        else:
            update_contact(vault, self.contact_id, **fields)
            record_id = self.contact_id
        self.saved(vault, record_id)
