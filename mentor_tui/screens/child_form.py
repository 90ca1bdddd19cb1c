"""Add or edit a child: every field of the child's file; the name is required, phones and
dates are checked before anything is saved."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Select, Static

from mentor_tui.core import vocab
from mentor_tui.core.dates import parse_date
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text, require_name, validate_phone
from mentor_tui.widgets.common import FormScroll, field_row
from mentor_tui.widgets.forms import FormScreen
from mentor_tui.widgets.requests import OpenChildForm
from mentor_tui.widgets.toggles import Tick

TEXT_FIELDS = (
    "class_name",
    "grade",
    "school",
    "home_phone",
    "home_address",
    "health_notes",
    "interests",
    "personality",
    "study_notes",
    "psych_notes",
    "study_buddy",
    "consent_how",
)
DATE_FIELDS = ("birth_date", "consent_date", "added_on")


class ChildForm(FormScreen):
    """``ChildForm()`` adds a child, ``ChildForm(child)`` edits one; after a lock the app
    reopens it as ``ChildForm(child_id=...)`` and the fields come from the draft."""

    def __init__(self, child=None, child_id: str | None = None) -> None:
        child_id = child.id if child is not None else child_id
        super().__init__(OpenChildForm(child_id), f"form:child:{child_id or 'new'}", child)
        self.child_id = child_id

    @property
    def child(self):
        """The child edited (None when adding, or rebuilt after a lock)."""
        return self.record

    def compose(self) -> ComposeResult:
        get = self.initial
        with Vertical(classes="dialog form-dialog"):
            yield Static(
                Text(t("child.edit_title" if self.child_id else "child.new_title"), style="bold"),
                classes="dialog-title",
            )
            with FormScroll():
                yield field_row(
                    "child.name", Input(get("name") or "", id="name", compact=True), required=True
                )
                yield field_row(
                    "child.gender",
                    Select(
                        [(t(f"gender.{g}"), g) for g in vocab.GENDERS if g],
                        **({"value": get("gender")} if get("gender") else {}),
                        prompt="—",
                        id="gender",
                        compact=True,
                    ),
                )
                for f in ("class_name", "grade", "school"):
                    yield field_row(f"child.{f}", Input(get(f) or "", id=f, compact=True))
                for f in DATE_FIELDS:
                    value = get(f)
                    yield field_row(
                        f"child.{f}",
                        Input(
                            value.isoformat() if value else "",
                            placeholder="2015-09-01",
                            id=f,
                            compact=True,
                        ),
                    )
                for f in TEXT_FIELDS[3:]:
                    yield field_row(f"child.{f}", Input(get(f) or "", id=f, compact=True))
                yield Tick(t("child.boarding"), bool(get("boarding")), id="boarding")
                with Horizontal(classes="checks"):
                    cats = get("categories") or []
                    for cat in vocab.SUPPORT_CATEGORIES:
                        yield Tick(t(f"category.{cat}"), cat in cats, id=f"cat-{cat}")
            yield Static("", id="form-error", classes="form-error")

    def on_mount(self) -> None:
        self.query_one("#name", Input).focus()  # (FormScreen.on_mount offers a draft)

    def collect(self) -> dict:
        today = self.app.today()
        fields: dict = {"name": require_name(self.value("name"))}
        gender = self.query_one("#gender", Select).value
        fields["gender"] = gender if gender in vocab.GENDERS else ""
        for f in TEXT_FIELDS:
            fields[f] = clean_text(self.value(f), multiline=True).strip()
        fields["home_phone"] = validate_phone(fields["home_phone"], "home_phone")
        for f in DATE_FIELDS:
            raw = self.value(f).strip()
            fields[f] = parse_date(raw, today, f) if raw else None
        if fields["added_on"] is None:
            if self.child_id:
                del fields["added_on"]  # editing: left as it was
            else:
                fields["added_on"] = today
        fields["boarding"] = self.query_one("#boarding", Checkbox).value
        fields["categories"] = [
            c for c in vocab.SUPPORT_CATEGORIES if self.query_one(f"#cat-{c}", Checkbox).value
        ]
        return fields

    def write(self, vault, fields: dict) -> str:
        from mentor_tui.db.children import add_child, update_child

        if self.child_id is None:
            return add_child(vault, fields.pop("name"), **fields)
        update_child(vault, self.child_id, **fields)
        return self.child_id
