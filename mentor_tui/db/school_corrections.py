"""The coordinator's side of correction requests: a teacher asks (in her report) to correct a
field the school owns; the coordinator accepts — the school's child is corrected, and her next
handover brings the value with the answer — or rejects, and the answer travels alike."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mentor_tui.core import roster as roster_rules
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.db import school_docs
from mentor_tui.db.school_models import Correction, SchoolChild, SchoolTeacher
from mentor_tui.db.school_setup import school_id
from mentor_tui.db.serial_retry import retried
from mentor_tui.db.vault import Vault, audit

STATUSES = ("pending", "accepted", "rejected")


@dataclass(frozen=True)
class CorrectionLine:
    id: str
    teacher_id: str
    teacher_name: str
    child_id: str
    child_name: str
    field: str
    current: str
    proposed: str
    reason: str
    requested_on: dt.date
    status: str
    decided_on: dt.date | None


def list_corrections(vault: Vault, status: str | None = "pending") -> list[CorrectionLine]:
    sid = school_id(vault)
    with vault.read():
        names = {t.id: t.name for t in SchoolTeacher.select().where(SchoolTeacher.school_id == sid)}
        kids = {c.id: c.name for c in SchoolChild.select().where(SchoolChild.school_id == sid)}
        q = Correction.select().where(Correction.school_id == sid)
        if status is not None:
            q = q.where(Correction.status == status)
        rows = list(q.order_by(Correction.requested_on, Correction.id))
    return [
        CorrectionLine(
            c.id,
            c.teacher_id,
            names.get(c.teacher_id, ""),
            c.child_id,
            kids.get(c.child_id, ""),
            c.field,
            c.current,
            c.proposed,
            c.reason,
            c.requested_on,
            c.status,
            c.decided_on,
        )
        for c in rows
    ]


def find_correction(vault: Vault, prefix: str) -> CorrectionLine:
    """A request by its id or a unique start of it (at least 4 characters)."""
    hits = [c for c in list_corrections(vault, None) if c.id == prefix]
    if not hits and len(prefix) >= 4:
        hits = [c for c in list_corrections(vault, None) if c.id.startswith(prefix)]
    if len(hits) != 1:
        raise MentorError("school.unknown_correction", id=prefix)
    return hits[0]


def _value(field: str, text: str, today: dt.date) -> object:
    """The proposed text read as the roster reads a cell of that field (core/roster.py)."""
    row = roster_rules.check_row(1, {"name": "x", field: text}, today)
    if field == "name":
        return text.strip()
    if field not in row.child or any(p[0] != "roster.warn.unknown_category" for p in row.problems):
        raise ValidationError("school.bad_correction", field=field)
    value = row.child[field]
    return value.isoformat() if isinstance(value, dt.date) else value


@retried
def decide(vault: Vault, request_id: str, accept: bool, on: dt.date | None = None) -> None:
    """Accept (the school's child takes the proposed value) or reject a pending request."""
    on = on or dt.date.today()
    sid = school_id(vault)
    line = find_correction(vault, request_id)
    if line.status != "pending":
        raise MentorError("school.correction_decided")
    with vault.write():
        if accept:
            data = school_docs.get_data(vault, line.child_id)
            if data is None:
                raise MentorError("school.unknown_child")
            fields = dict(data.get("fields") or {})
            fields[line.field] = _value(line.field, line.proposed, on)
            data["fields"] = fields
            data["owned"] = sorted({*(data.get("owned") or []), line.field})
            school_docs.put_doc(vault, "child", line.child_id, sid, data)
        school_docs.put_doc(
            vault,
            "decision",
            school_docs.decision_doc_id(line.id),
            sid,
            {"status": "accepted" if accept else "rejected", "decided_on": on.isoformat()},
        )
        audit(vault, "school.correction", accepted=int(accept))
