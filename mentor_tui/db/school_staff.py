"""The school's staff list: the mentors, added one by one or from a staff sheet (name, gender,
class taught; core/school_staff.py reads the sheet), and their keys once they report."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.core import vocab
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.school_crypto import PublicKeys
from mentor_tui.core.school_staff import StaffRow, by_name, fold, read_staff
from mentor_tui.core.validate import clean_text, require_name
from mentor_tui.db import school_docs
from mentor_tui.db.school_models import SchoolTeacher
from mentor_tui.db.school_setup import school_id
from mentor_tui.db.serial_retry import retried
from mentor_tui.db.vault import Vault, audit
from mentor_tui.docs_out.roster_file import read_book

NEW, SAME, UPDATE, ERROR = "new", "same", "update", "error"
NAME_LIMIT = 40


@dataclass(frozen=True)
class Teacher:
    id: str
    name: str
    gender: str
    class_taught: str
    active: bool
    fingerprint: str  # "" until her first report pins her keys
    pinned_on: dt.date | None


def _teacher(row: SchoolTeacher) -> Teacher:
    return Teacher(
        row.id,
        row.name,
        row.gender,
        row.class_taught,
        bool(row.active),
        row.fingerprint,
        row.pinned_on,
    )


def list_teachers(vault: Vault, include_inactive: bool = True) -> list[Teacher]:
    sid = school_id(vault)
    with vault.read():
        q = SchoolTeacher.select().where(SchoolTeacher.school_id == sid)
        if not include_inactive:
            q = q.where(SchoolTeacher.active == True)  # noqa: E712
        return [_teacher(r) for r in q.order_by(SchoolTeacher.name, SchoolTeacher.id)]


def get_teacher(vault: Vault, teacher_id: str) -> Teacher:
    sid = school_id(vault)
    with vault.read():
        row = SchoolTeacher.get_or_none(
            (SchoolTeacher.id == teacher_id) & (SchoolTeacher.school_id == sid)
        )
    if row is None:
        raise MentorError("school.unknown_teacher_id")
    return _teacher(row)


def find_teacher(vault: Vault, name: str) -> Teacher:
    """A teacher by name (spaces and full-width forms ignored) or id."""
    teachers = list_teachers(vault)
    for t in teachers:
        if t.id == name:
            return t
    hits = [t for t in teachers if fold(t.name) == fold(name)]
    if len(hits) == 1:
        return hits[0]
    raise MentorError("school.unknown_teacher", name=name)


def teacher_data(vault: Vault, teacher_id: str) -> dict[str, Any]:
    data = school_docs.get_data(vault, teacher_id)
    if data is None:
        raise MentorError("school.unknown_teacher_id")
    return data


def _check(name: str, gender: str, class_taught: str) -> tuple[str, str, str]:
    name = require_name(name)
    if len(name) > NAME_LIMIT:
        raise ValidationError("school.name_too_long", field="name", n=NAME_LIMIT)
    if gender not in vocab.GENDERS:
        raise ValidationError("err.bad_choice", field="gender", value=gender)
    return name, gender, clean_text(class_taught).strip()[:200]


@retried
def add_teacher(
    vault: Vault, name: str, gender: str = "", class_taught: str = "", on: dt.date | None = None
) -> str:
    """A new mentor of the school; ``school.teacher_exists`` when the name is taken (names
    name the handover files and the roster's 帮扶教师 column)."""
    name, gender, class_taught = _check(name, gender, class_taught)
    sid = school_id(vault)
    if fold(name) in by_name({t.id: t.name for t in list_teachers(vault)}):
        raise MentorError("school.teacher_exists", name=name)
    tid = uuid.uuid4().hex
    with vault.write():
        school_docs.put_doc(
            vault,
            "teacher",
            tid,
            sid,
            {
                "name": name,
                "gender": gender,
                "class_taught": class_taught,
                "active": True,
                "added_on": (on or dt.date.today()).isoformat(),
            },
        )
        audit(vault, "school.teacher_add")
    return tid


@retried
def update_teacher(vault: Vault, /, teacher_id: str, **fields: object) -> None:
    """Change ``name``, ``gender``, ``class_taught`` or ``active`` of a teacher."""
    data = teacher_data(vault, teacher_id)
    for k, v in fields.items():
        if k not in ("name", "gender", "class_taught", "active"):
            raise MentorError("err.unknown_field", field=k)
        data[k] = v
    data["name"], data["gender"], data["class_taught"] = _check(
        str(data.get("name") or ""), str(data.get("gender") or ""), str(data.get("class_taught"))
    )
    school_docs.put_doc(vault, "teacher", teacher_id, school_id(vault), data)


@retried
def pin_keys(vault: Vault, teacher_id: str, keys: PublicKeys, on: dt.date) -> None:
    """Pin (or, by the coordinator's explicit action, re-pin) a teacher's public keys."""
    ((_kind, _tid, data),) = pinned_docs(vault, {teacher_id: keys}, on)
    with vault.write():
        school_docs.put_doc(vault, "teacher", teacher_id, school_id(vault), data)


def pinned_docs(
    vault: Vault, keys: Mapping[str, PublicKeys], on: dt.date
) -> list[tuple[str, str, dict[str, Any]]]:
    """The teacher documents with these keys pinned (``(kind, id, data)`` for
    :func:`school_docs.put_docs`): many teachers' first reports in one import."""
    datas = school_docs.data_of(vault, list(keys))
    docs = []
    for tid, k in keys.items():
        data = datas.get(tid)
        if data is None:
            raise MentorError("school.unknown_teacher_id")
        data["keys"] = k.to_json()
        data["pinned_on"] = on.isoformat()
        docs.append(("teacher", tid, data))
    return docs


def pinned_keys(vault: Vault, teacher_id: str) -> PublicKeys | None:
    return PublicKeys.from_json(teacher_data(vault, teacher_id).get("keys"))


# --- the staff sheet ---------------------------------------------------------------------------


@dataclass
class StaffLine:
    row: StaffRow
    status: str  # NEW / SAME / UPDATE / ERROR
    teacher_id: str | None = None
    changes: list[tuple[str, str, str]] = field(default_factory=list)  # (field, old, new)


@dataclass
class StaffPreview:
    lines: list[StaffLine]

    def count(self, status: str) -> int:
        return sum(1 for x in self.lines if x.status == status)

    @property
    def to_import(self) -> list[StaffLine]:
        return [x for x in self.lines if x.status in (NEW, UPDATE)]


def staff_preview(vault: Vault, path: Path, encoding: str | None = None) -> StaffPreview:
    """Each teacher of the sheet: new, the same as one on the list, an update (gender or class
    the sheet gives that differ), or an error (the row's problems)."""
    book = read_book(Path(path), encoding)
    sheet = next((s for s in book.sheets if s.rows), None)
    if sheet is None:
        raise MentorError("school.staff_no_header")
    rows = read_staff(sheet.rows)
    known = {fold(t.name): t for t in list_teachers(vault)}
    out = []
    for row in rows:
        if row.problems:
            out.append(StaffLine(row, ERROR))
            continue
        have = known.get(fold(row.name))
        if have is None:
            out.append(StaffLine(row, NEW))
            continue
        changes = [
            (name, old, new)
            for name, old, new in (
                ("gender", have.gender, row.gender),
                ("class_taught", have.class_taught, row.class_taught),
            )
            if new and new != old
        ]
        out.append(StaffLine(row, UPDATE if changes else SAME, have.id, changes))
    return StaffPreview(out)


@retried
def apply_staff(vault: Vault, preview: StaffPreview, on: dt.date | None = None) -> tuple[int, int]:
    """Add the new teachers and update the others in one transaction: (added, updated)."""
    added = updated = 0
    with vault.write():
        for line in preview.to_import:
            if line.status == NEW:
                add_teacher(vault, line.row.name, line.row.gender, line.row.class_taught, on)
                added += 1
            elif line.teacher_id is not None:
                update_teacher(vault, line.teacher_id, **{k: new for k, _old, new in line.changes})
                updated += 1
        audit(vault, "school.teachers_import", added=added, updated=updated)
    return added, updated
