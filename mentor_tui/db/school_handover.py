"""Handover packets (学校 → 教师, ``*.mentorhandover``; docs/school.md "Packets"): one per
teacher, with her record, her children (their card data, the county's fields, the contacts the
roster lists), the children moved away from her, the school's terms and duty policy, the answers
to her correction requests, and a sequence; signed by the school.

Sealed to her key once the school holds it (pinned from her first report); until then each
packet gets a fresh one-time pick-up code (core/school_crypto.py new_code), which only the
coordinator's screen shows: it is never written to a file.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentor_tui.core.errors import MentorError
from mentor_tui.core.kdf import default_params
from mentor_tui.core.school_bodies import (
    CHILD_FIELDS,
    COUNTY_FIELDS,
    Decision,
    Handover,
    HandoverChild,
    MovedAway,
    Seq,
)
from mentor_tui.core.school_crypto import new_code
from mentor_tui.core.school_packet import HANDOVER, SUFFIXES, seal_to_key, seal_with_code
from mentor_tui.db import school_docs, store
from mentor_tui.db.school_models import Correction, Pairing, SchoolChild, SchoolContact
from mentor_tui.db.school_setup import school_info, school_keys, settings
from mentor_tui.db.school_staff import Teacher, list_teachers, pinned_keys
from mentor_tui.db.serial_retry import retried
from mentor_tui.db.settings import list_terms, policy_text, term_info
from mentor_tui.db.vault import Vault, audit
from mentor_tui.paths import write_atomic

_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


@dataclass(frozen=True)
class HandoverFile:
    teacher_id: str
    teacher_name: str
    path: Path
    code: str | None  # the fresh pick-up code; None when sealed to her key
    children: int
    moved: int


def file_name(teacher_name: str) -> str:
    return (_UNSAFE_NAME.sub("_", teacher_name).strip("._") or "teacher") + SUFFIXES[HANDOVER]


def _terms(vault: Vault) -> tuple[dict[str, Any], ...]:
    out = []
    for row in list_terms(vault):
        info = term_info(row)
        out.append(
            {
                "id": info.id,
                "name": info.name,
                "start": info.start,
                "end": info.end,
                "middle": info.middle,
                "breaks": info.breaks_json(),
            }
        )
    return tuple(out)


def _contacts(vault: Vault, sid: str, child_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    with vault.read():
        q = SchoolContact.select().where(
            (SchoolContact.school_id == sid) & SchoolContact.child_id.in_(list(child_ids))
        )
        for c in q.order_by(SchoolContact.is_primary.desc(), SchoolContact.role, SchoolContact.id):
            out.setdefault(c.child_id, []).append(
                {
                    "id": c.id,
                    "role": c.role,
                    "name": c.name,
                    "relationship": c.relationship,
                    "phones": list(c.phones or []),
                    "work_city": c.work_city,
                    "is_primary": bool(c.is_primary),
                }
            )
    return out


def _children(vault: Vault, sid: str, teacher_id: str) -> list[HandoverChild]:
    with vault.read():
        pairs = list(
            Pairing.select().where(
                (Pairing.school_id == sid)
                & (Pairing.teacher_id == teacher_id)
                & Pairing.end.is_null()
            )
        )
    contacts = _contacts(vault, sid, [p.child_id for p in pairs])
    out = []
    for p in sorted(pairs, key=lambda p: (p.start, p.child_id)):
        doc = school_docs.get_data(vault, p.child_id)
        if doc is None or doc.get("status") == "left":
            continue
        fields: dict[str, Any] = {}
        for k, v in (doc.get("fields") or {}).items():
            if k in CHILD_FIELDS and v is not None:
                fields[k] = dt.date.fromisoformat(v) if k == "birth_date" and v else v
        out.append(
            HandoverChild(
                p.child_id,
                fields,
                {k: v for k, v in (doc.get("county") or {}).items() if k in COUNTY_FIELDS},
                tuple(k for k in doc.get("owned") or [] if k in CHILD_FIELDS),
                tuple(contacts.get(p.child_id, [])),
                p.start,
                str(doc.get("buddy") or ""),
            )
        )
    return out


def _moved(vault: Vault, sid: str, teacher_id: str, names: dict[str, str]) -> list[MovedAway]:
    with vault.read():
        ended = Pairing.select().where(
            (Pairing.school_id == sid)
            & (Pairing.teacher_id == teacher_id)
            & Pairing.end.is_null(False)
        )
        now = {
            p.child_id: p.teacher_id
            for p in Pairing.select().where((Pairing.school_id == sid) & Pairing.end.is_null())
        }
        kids = {c.id: c.name for c in SchoolChild.select().where(SchoolChild.school_id == sid)}
    latest: dict[str, dt.date] = {}
    for p in ended:
        if now.get(p.child_id) != teacher_id and p.end is not None:
            latest[p.child_id] = max(latest.get(p.child_id, p.end), p.end)
    return [
        MovedAway(
            cid,
            kids.get(cid, ""),
            end + dt.timedelta(days=1),
            names.get(now.get(cid, ""), ""),
        )
        for cid, end in sorted(latest.items())
    ]


def _decisions(vault: Vault, sid: str, teacher_id: str) -> list[Decision]:
    with vault.read():
        q = Correction.select().where(
            (Correction.school_id == sid)
            & (Correction.teacher_id == teacher_id)
            & Correction.status.in_(["accepted", "rejected"])
        )
        return [
            Decision(c.id, c.status, c.decided_on or c.requested_on)
            for c in q.order_by(Correction.id)
        ]


def build_handover(vault: Vault, teacher: Teacher, seq: Seq, now: dt.datetime) -> Handover:
    """The body of ``teacher``'s packet (no sealing)."""
    info = school_info(vault)
    names = {t.id: t.name for t in list_teachers(vault)}
    return Handover(
        info.id,
        info.name,
        info.keys,
        teacher.id,
        teacher.name,
        seq,
        now,
        _terms(vault),
        policy_text(vault),
        settings(vault).cards,
        tuple(_children(vault, info.id, teacher.id)),
        tuple(_moved(vault, info.id, teacher.id, names)),
        tuple(_decisions(vault, info.id, teacher.id)),
    )


@retried
def write_handovers(
    vault: Vault,
    folder: Path,
    teacher_ids: Sequence[str] | None = None,
    now: dt.datetime | None = None,
) -> list[HandoverFile]:
    """A packet per active teacher (or those named) in ``folder``: ``<name>.mentorhandover``,
    replacing an older one there. Returns each file with the fresh code to hand her, if any."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    info = school_info(vault)
    signer = school_keys(vault)
    teachers = [
        t
        for t in list_teachers(vault, include_inactive=False)
        if teacher_ids is None or t.id in teacher_ids
    ]
    if not teachers:
        raise MentorError("school.no_teachers")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise MentorError("err.export_write", path=str(folder), detail=exc.strerror or "") from None
    out = []
    with vault.write():
        for teacher in teachers:
            seq = Seq(store.next_hlc(vault), vault.device_id)
            handover = build_handover(vault, teacher, seq, now)
            body = handover.to_json()
            keys = pinned_keys(vault, teacher.id)
            code: str | None = None
            if keys is not None:
                data = seal_to_key(HANDOVER, info.id, info.id, teacher.id, keys.seal, body, signer)
            else:
                code = new_code()
                data = seal_with_code(
                    HANDOVER, info.id, info.id, teacher.id, code, default_params(), body, signer
                )
            path = folder / file_name(teacher.name)
            try:
                write_atomic(path, data)
            except OSError as exc:
                raise MentorError(
                    "err.export_write", path=str(path), detail=exc.strerror or str(exc)
                ) from None
            out.append(
                HandoverFile(
                    teacher.id,
                    teacher.name,
                    path,
                    code,
                    len(handover.children),
                    len(handover.moved_away),
                )
            )
        audit(
            vault,
            "school.handover",
            teachers=len(out),
            coded=sum(1 for f in out if f.code is not None),
        )
    return out
