"""Pairing (结对) in the school vault: the suggestions of core/school_pairing.py on the school's
children and mentors, applying them, changing one pair by hand, and the dated history.

Every change is a new dated pairing: the child's current pairing gets its last day, the new one
starts on the day of the change; nothing is overwritten (the history is the pairing rows).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from mentor_tui.core.errors import MentorError
from mentor_tui.core.school_pairing import Mentor, Pupil, Suggestion, suggest
from mentor_tui.db import school_docs
from mentor_tui.db.school_models import Pairing, SchoolChild, SchoolTeacher
from mentor_tui.db.school_setup import school_id, settings
from mentor_tui.db.serial_retry import retried
from mentor_tui.db.vault import Vault, audit


@dataclass(frozen=True)
class PairingSuggestion:
    child_id: str
    child_name: str
    class_name: str
    gender: str
    teacher_id: str | None
    teacher_name: str
    reason: str  # core/school_pairing.REASONS

    @property
    def is_new(self) -> bool:
        return Suggestion(self.child_id, self.teacher_id, self.reason).is_new


@dataclass(frozen=True)
class PairingEntry:
    id: str
    child_id: str
    teacher_id: str
    teacher_name: str
    start: dt.date
    end: dt.date | None
    source: str  # roster / suggested / manual
    changed_at: dt.datetime


def current_mentors(vault: Vault) -> dict[str, str]:
    """child id -> the teacher id of her current pairing."""
    sid = school_id(vault)
    with vault.read():
        q = Pairing.select(Pairing.child_id, Pairing.teacher_id).where(
            (Pairing.school_id == sid) & Pairing.end.is_null()
        )
        return {p.child_id: p.teacher_id for p in q}


def pupils_and_mentors(vault: Vault) -> tuple[list[Pupil], list[Mentor]]:
    sid = school_id(vault)
    mentors_now = current_mentors(vault)
    with vault.read():
        kids = SchoolChild.select().where(
            (SchoolChild.school_id == sid) & (SchoolChild.status == "active")
        )
        pupils = [
            Pupil(c.id, c.name, c.gender, c.class_name, mentors_now.get(c.id))
            for c in kids.order_by(SchoolChild.class_name, SchoolChild.name, SchoolChild.id)
        ]
        teachers = SchoolTeacher.select().where(SchoolTeacher.school_id == sid)
        mentors = [
            Mentor(t.id, t.name, t.gender, t.class_taught, bool(t.active))
            for t in teachers.order_by(SchoolTeacher.name, SchoolTeacher.id)
        ]
    return pupils, mentors


def suggestions(vault: Vault) -> list[PairingSuggestion]:
    """One line per active child: kept, suggested (and why), or none available."""
    pupils, mentors = pupils_and_mentors(vault)
    names = {m.id: m.name for m in mentors}
    by_id = {p.id: p for p in pupils}
    out = []
    for s in suggest(pupils, mentors, settings(vault).load):
        p = by_id[s.child_id]
        out.append(
            PairingSuggestion(
                p.id,
                p.name,
                p.class_name,
                p.gender,
                s.teacher_id,
                names.get(s.teacher_id or "", ""),
                s.reason,
            )
        )
    return out


def _pairing_doc(
    child_id: str, teacher_id: str, start: dt.date, source: str, now: dt.datetime
) -> dict[str, object]:
    return {
        "child_id": child_id,
        "teacher_id": teacher_id,
        "start": start.isoformat(),
        "end": None,
        "source": source,
        "changed_at": now.isoformat(),
    }


@retried
def set_pairing(
    vault: Vault,
    child_id: str,
    teacher_id: str | None,
    on: dt.date | None = None,
    source: str = "manual",
) -> None:
    """Pair the child with ``teacher_id`` from ``on`` (None: no mentor from then): her current
    pairing, if another, ends the day before (or on its first day)."""
    on = on or dt.date.today()
    sid = school_id(vault)
    now = dt.datetime.now().replace(microsecond=0)
    with vault.write():
        child = SchoolChild.get_or_none(
            (SchoolChild.id == child_id) & (SchoolChild.school_id == sid)
        )
        if child is None:
            raise MentorError("school.unknown_child")
        if teacher_id is not None:
            t = SchoolTeacher.get_or_none(
                (SchoolTeacher.id == teacher_id) & (SchoolTeacher.school_id == sid)
            )
            if t is None or not t.active:
                raise MentorError("school.unknown_teacher_id")
        current = Pairing.get_or_none(
            (Pairing.school_id == sid) & (Pairing.child_id == child_id) & Pairing.end.is_null()
        )
        if current is not None and current.teacher_id == teacher_id:
            return
        if current is not None:
            data = school_docs.get_data(vault, current.id) or {}
            last = max(current.start, on - dt.timedelta(days=1))
            data.update({"end": last.isoformat(), "changed_at": now.isoformat()})
            school_docs.put_doc(vault, "pairing", current.id, sid, data)
        if teacher_id is not None:
            school_docs.put_doc(
                vault,
                "pairing",
                uuid.uuid4().hex,
                sid,
                _pairing_doc(child_id, teacher_id, on, source, now),
            )


@retried
def apply_suggestions(
    vault: Vault, lines: Sequence[PairingSuggestion], on: dt.date | None = None
) -> int:
    """Pair each child of ``lines`` that has a new suggestion (what the coordinator accepted
    or changed); returns how many, in one transaction with an audit line."""
    n = 0
    with vault.write():
        for line in lines:
            if line.is_new and line.teacher_id is not None:
                set_pairing(vault, line.child_id, line.teacher_id, on, "suggested")
                n += 1
        audit(vault, "school.pair", paired=n)
    return n


def history(vault: Vault, child_id: str) -> list[PairingEntry]:
    """The child's pairings, oldest first."""
    sid = school_id(vault)
    with vault.read():
        names = {
            t.id: t.name
            for t in SchoolTeacher.select(SchoolTeacher.id, SchoolTeacher.name).where(
                SchoolTeacher.school_id == sid
            )
        }
        rows = Pairing.select().where((Pairing.school_id == sid) & (Pairing.child_id == child_id))
        return [
            PairingEntry(
                p.id,
                p.child_id,
                p.teacher_id,
                names.get(p.teacher_id, ""),
                p.start,
                p.end,
                p.source,
                p.changed_at,
            )
            for p in rows.order_by(Pairing.start, Pairing.changed_at, Pairing.id)
        ]


@retried
def child_left(vault: Vault, child_id: str, on: dt.date | None = None) -> None:
    """The child left the school: her status, and her pairing ends."""
    on = on or dt.date.today()
    sid = school_id(vault)
    with vault.write():
        set_pairing(vault, child_id, None, on)
        data = school_docs.get_data(vault, child_id)
        if data is None:
            raise MentorError("school.unknown_child")
        data.update({"status": "left", "left_on": on.isoformat()})
        school_docs.put_doc(vault, "child", child_id, sid, data)
