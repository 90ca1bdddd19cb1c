"""Add or edit a parent or guardian of a child (every field of the contact card)."""

from __future__ import annotations

import re

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Checkbox, Input, Select, Static

from mentor_tui.core import vocab
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text, require_name, validate_phones
from mentor_tui.widgets.common import FormScroll, field_row
from mentor_tui.widgets.forms import FormScreen
from mentor_tui.widgets.requests import OpenContactForm
from mentor_tui.widgets.toggles import Tick

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
        contact_id = contact.id if contact is not None else contact_id
        super().__init__(
            OpenContactForm(child_id, contact_id),
            f"form:contact:{contact_id or 'new:' + child_id}",
            contact,
        )
        self.child_id, self.contact_id = child_id, contact_id

    @property
    def contact(self):
        """The contact edited (None when adding, or rebuilt after a lock)."""
        return self.record

    def compose(self) -> ComposeResult:
        get = self.initial
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
                yield Tick(t("contact.is_primary"), bool(get("is_primary")), id="is_primary")
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

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.children import add_contact, update_contact

        if self.contact_id is None:
            name, role = fields.pop("name"), fields.pop("role")
            return add_contact(vault, self.child_id, name, role, **fields)
        update_contact(vault, self.contact_id, **fields)
        return self.contact_id
