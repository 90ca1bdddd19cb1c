"""Add or edit a child: every field of the child's file; the name is required, phones and
dates are checked before anything is saved."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Checkbox, Input, Select, Static

from mentor_tui.core import vocab
from mentor_tui.core.dates import parse_date
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text, require_name, validate_phone
from mentor_tui.screens.form_base import FormScreen
from mentor_tui.widgets.common import FormScroll, field_row

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
        super().__init__()
        self.child = child
        self.child_id = child.id if child is not None else child_id
        self.draft_key = f"form:child:{self.child_id or 'new'}"

    def resume_args(self) -> dict:
        return {"type": "child", "child_id": self.child_id}

    def compose(self) -> ComposeResult:
        c = self.child
        get = (lambda f: getattr(c, f)) if c is not None else (lambda f: None)
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
                yield Checkbox(t("child.boarding"), bool(get("boarding")), id="boarding")
                with Horizontal(classes="checks"):
                    cats = get("categories") or []
                    for cat in vocab.SUPPORT_CATEGORIES:
                        yield Checkbox(t(f"category.{cat}"), cat in cats, id=f"cat-{cat}")
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

    def persist(self, fields: dict) -> None:
        self._save(fields)

    @work(thread=True, group="db", exit_on_error=False)
    def _save(self, fields: dict) -> None:
        from mentor_tui.db.children import add_child, update_child

        vault = self.app.vault
        if self.child_id is None:
            name = fields.pop("name")
            record_id = add_child(vault, name, **fields)
        else:
            update_child(vault, self.child_id, **fields)
            record_id = self.child_id
        self.saved(vault, record_id)
