"""Children and their contacts (the child's file, 一人一档: seeds 001, 002, 004)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from mentor_tui.core import idcard, vocab
from mentor_tui.core.errors import ValidationError
from mentor_tui.core.validate import (
    check_date,
    check_fields,
    clean_text,
    require_name,
    validate_phone,
    validate_phones,
)
from mentor_tui.db import store
from mentor_tui.db.models import Child, Contact
from mentor_tui.db.school_links import check_child_edit, check_contact_edit
from mentor_tui.db.vault import Vault


def _check_child(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    check_fields("child", out, "child.")  # the length rule (and no unencodable text)
    for name in ("birth_date", "consent_date", "archived_on", "added_on"):
        if isinstance(out.get(name), dt.date):
            check_date(out[name], name)
    if "name" in out:
        out["name"] = require_name(out["name"])
    if "home_phone" in out:
        out["home_phone"] = validate_phone(out["home_phone"], "home_phone")
    if "categories" in out:
        bad = [c for c in out["categories"] if c not in vocab.SUPPORT_CATEGORIES]
        if bad:
            raise ValidationError("err.bad_choice", field="categories", value=bad[0])
        out["categories"] = sorted(set(out["categories"]))
    if "gender" in out and out["gender"] not in vocab.GENDERS:
        raise ValidationError("err.bad_choice", field="gender", value=out["gender"])
    if out.get("id_number"):
        got = idcard.parse(str(out["id_number"]))
        if got is None or not got.check_ok:
            raise ValidationError("err.bad_id_number", field="id_number")
        out["id_number"] = got.number
    for k, v in list(out.items()):
        if isinstance(v, str) and k not in ("name",):
            out[k] = clean_text(v, multiline=True)
    return out


def add_child(vault: Vault, name: str, added_on: dt.date | None = None, **fields: object) -> str:
    data = _check_child({"name": name, **fields})
    data.setdefault("added_on", added_on or dt.date.today())
    data.setdefault("status", "active")
    return store.put(vault, "child", data)


def update_child(vault: Vault, child_id: str, **fields: object) -> None:
    """Change her child's fields; a field the school owns is read-only (issue 19: she asks the
    school for a correction instead, db/school_member.py)."""
    checked = _check_child(fields)
    check_child_edit(vault, child_id, checked)
    store.put(vault, "child", checked, record_id=child_id, refuse_conflict=True)


def archive_child(vault: Vault, child_id: str, reason: str, on: dt.date | None = None) -> None:
    check_fields("child", {"archived_reason": reason}, "child.")
    check_date(on, "archived_on")
    if not clean_text(reason).strip():
        raise ValidationError("err.reason_required", field="archived_reason")
    store.put(
        vault,
        "child",
        {
            "status": "archived",
            "archived_reason": reason.strip(),
            "archived_on": on or dt.date.today(),
        },
        record_id=child_id,
        refuse_conflict=True,
    )


def unarchive_child(vault: Vault, child_id: str) -> None:
    store.put(
        vault,
        "child",
        {"status": "active", "archived_reason": "", "archived_on": None},
        record_id=child_id,
        refuse_conflict=True,
    )


def get_child(vault: Vault, child_id: str) -> Child | None:
    with vault.read():
        return Child.get_or_none(Child.id == child_id)


def list_children(vault: Vault, include_archived: bool = False) -> list[Child]:
    with vault.read():
        q = Child.select()
        if not include_archived:
            q = q.where(Child.status == "active")
        return list(q.order_by(Child.class_name, Child.name))


def _check_contact(fields: Mapping[str, Any]) -> dict[str, Any]:
    out = dict(fields)
    check_fields("contact", out, "contact.")
    if "name" in out:
        out["name"] = require_name(out["name"], "contact_name")
    if "phones" in out:
        out["phones"] = validate_phones(list(out["phones"]))
    if "role" in out and out["role"] not in vocab.CONTACT_ROLES:
        raise ValidationError("err.bad_choice", field="role", value=out["role"])
    for k, v in list(out.items()):
        if isinstance(v, str):
            out[k] = clean_text(v, multiline=True)
    return out


def add_contact(vault: Vault, child_id: str, name: str, role: str, **fields: object) -> str:
    return store.put(
        vault,
        "contact",
        _check_contact({"child_id": child_id, "name": name, "role": role, **fields}),
    )


def update_contact(vault: Vault, contact_id: str, **fields: object) -> None:
    checked = _check_contact(fields)
    check_contact_edit(vault, contact_id, checked)
    store.put(vault, "contact", checked, record_id=contact_id, refuse_conflict=True)


def delete_contact(vault: Vault, contact_id: str) -> None:
    """A tombstone, like entries: :func:`restore_contact` brings the contact back. A contact
    the school's roster lists is the school's: not deleted."""
    check_contact_edit(vault, contact_id, None)
    store.delete(vault, "contact", contact_id, refuse_conflict=True)


def restore_contact(vault: Vault, contact_id: str) -> None:
    store.restore(vault, "contact", contact_id, refuse_conflict=True)


def deleted_contacts(vault: Vault, child_id: str) -> list[dict[str, object]]:
    """{"id", "name", "role"} of this child's deleted contacts, newest first."""
    return [
        {"id": v.record_id, "name": v.payload.get("name", ""), "role": v.payload.get("role", "")}
        for v in store.deleted_records(vault, "contact")
        if v.payload.get("child_id") == child_id
    ]


def contacts_of(vault: Vault, child_id: str) -> list[Contact]:
    with vault.read():
        return list(
            Contact.select()
            .where(Contact.child_id == child_id)
            .order_by(Contact.is_primary.desc(), Contact.role, Contact.name)
        )
