"""The fields the school owns in a teacher's vault (issue 19; db/school_member.py joins): her
link to each child the school handed over says which of the child's fields, and which of the
contacts' fields, are the school's — read-only in her app (one writer per field, SCHOOL.md "Who
owns what"). Called by db/children.py before every edit and by her roster import.

db/school_docs.py (with the school's public-key cryptography it imports, ~2 MiB) loads only
when she has a link: a teacher without a school never needs it (issue 17, the dashboard's
memory; db/children.py imports this module)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mentor_tui.core.errors import ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.roster_match import norm
from mentor_tui.db.models import Child, Contact
from mentor_tui.db.school_models import SchoolDoc
from mentor_tui.db.vault import Vault


def link_id(child_id: str) -> str:
    return f"link-{child_id}"


def links(vault: Vault) -> dict[str, dict[str, Any]]:
    """Her child id -> her link to the school's child (``school_child_id``, ``owned`` …)."""
    from mentor_tui.db import school_docs

    return {data["child_id"]: data for _id, data in school_docs.docs_of(vault, "link")}


def link_data(vault: Vault, child_id: str) -> dict[str, Any] | None:
    """Her link to the school's child, None without one (see the module's note)."""
    with vault.read():
        if not SchoolDoc.select().where(SchoolDoc.id == link_id(child_id)).exists():
            return None
    from mentor_tui.db import school_docs

    return school_docs.get_data(vault, link_id(child_id))


def as_text(value: object) -> str:
    """A field's value as she reads it ("" for nothing)."""
    if value in (None, "", [], False):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return "、".join(map(str, value))
    return str(value)


def same_value(old: object, new: object) -> bool:
    """Whether two values of a field are the same (text compared without spaces and
    full-width forms, lists as sets of text)."""
    if isinstance(old, dt.date) or isinstance(new, dt.date):
        return as_text(old) == as_text(new)
    if isinstance(new, (list, tuple)) or isinstance(old, (list, tuple)):
        a = old if isinstance(old, (list, tuple)) else []
        b = new if isinstance(new, (list, tuple)) else []
        return sorted(map(str, a)) == sorted(map(str, b))
    if isinstance(new, bool) or isinstance(old, bool):
        return bool(old) == bool(new)
    return norm(old) == norm(new)


# --- the fields the school owns ----------------------------------------------------------------


def school_owned(vault: Vault, child_id: str) -> frozenset[str]:
    """The child's fields that are the school's (read-only in her app); empty for a child the
    school did not hand over, or one moved away."""
    data = link_data(vault, child_id)
    if data is None or data.get("status") != "active":
        return frozenset()
    return frozenset(str(x) for x in data.get("owned") or [])


def school_owned_contact(vault: Vault, contact_id: str) -> frozenset[str]:
    """A contact's fields that are the school's (a contact the roster lists)."""
    with vault.read():
        row = Contact.get_or_none(Contact.id == contact_id)
    if row is None:
        return frozenset()
    data = link_data(vault, row.child_id)
    if data is None or data.get("status") != "active":
        return frozenset()
    return frozenset((data.get("contacts") or {}).get(contact_id) or ())


def check_child_edit(vault: Vault, child_id: str, fields: Mapping[str, Any]) -> None:
    """``school.field_read_only`` (naming the field) when ``fields`` would change one the
    school owns; the same value is no change (a form sends every field)."""
    owned = school_owned(vault, child_id)
    if not owned:
        return
    with vault.read():
        row = Child.get_or_none(Child.id == child_id)
    for name, value in fields.items():
        if name in owned and row is not None and not same_value(getattr(row, name), value):
            raise ValidationError(
                "school.field_read_only", field=name, what=t(f"roster.field.{name}")
            )


def check_contact_edit(vault: Vault, contact_id: str, fields: Mapping[str, Any] | None) -> None:
    """As :func:`check_child_edit` for a contact; ``fields`` None: deleting it."""
    owned = school_owned_contact(vault, contact_id)
    if not owned:
        return
    if fields is None:
        raise ValidationError("school.contact_read_only", field="contact")
    with vault.read():
        row = Contact.get_or_none(Contact.id == contact_id)
    for name, value in fields.items():
        if name in owned and row is not None and not same_value(getattr(row, name), value):
            raise ValidationError("school.contact_read_only", field=name)
