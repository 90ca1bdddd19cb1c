"""The school documents (db/school_models.py SchoolDoc) and the school tables projected from
them.

What the coordinator writes is a document, a syncable record of the version store, so it travels
between her machines with the sync file like a teacher's records; the tables the queries read
are projected from the documents here, in the same transaction, with upserts
(``on_conflict``: portable to PostgreSQL, never SQLite's ``REPLACE``) and chunked bulk inserts.
A sync import brings documents without projecting them: :func:`catch_up` (run when a school
vault is opened for the school office, and after a sync import) projects every document whose
head changed since.

Document kinds and their ``data`` (dates as ISO text):

* ``school`` (id: the school's id): ``name``, ``created_on``, ``keys`` (public, base64).
* ``teacher``: ``name``, ``gender``, ``class_taught``, ``active``, ``added_on``, and once her
  first report is in ``keys`` (public), ``pinned_on``; ``pending_keys`` when a report came
  signed by another key.
* ``child``: ``fields`` (school_bodies.CHILD_FIELDS), ``county`` (COUNTY_FIELDS), ``owned``,
  ``status``, ``left_on``, ``added_on``, ``buddy``, ``mentor_hint``.
* ``contact``: ``child_id`` and the contact's fields.
* ``pairing``: ``child_id``, ``teacher_id``, ``start``, ``end``, ``source``, ``changed_at``.
* ``report`` (id ``report-<teacher id>``): the report body as read (school_bodies.Report's
  JSON) and ``received_at``. Two machines that accepted different reports of one teacher leave
  two leaves: the highest sequence is shown, whichever leaf the store calls the winner.
* ``decision`` (id ``decision-<request id>``): ``status``, ``decided_on``.

In a teacher's vault (db/school_member.py): ``link`` (id ``link-<child id>``) and
``correction``; nothing is projected there.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast

from peewee import Field, Model

from mentor_tui.core.school_bodies import Seq, read_report
from mentor_tui.core.school_crypto import PublicKeys
from mentor_tui.db import store
from mentor_tui.db.models import Head
from mentor_tui.db.school_models import (
    Correction,
    DutyStatus,
    FlagStatus,
    Pairing,
    School,
    SchoolCardText,
    SchoolChild,
    SchoolChildPrivate,
    SchoolContact,
    SchoolDoc,
    SchoolProjected,
    SchoolReport,
    SchoolTeacher,
)
from mentor_tui.db.vault import Vault

ENTITY = SchoolDoc.ENTITY
SCHOOL_KINDS = ("school", "teacher", "child", "contact", "pairing", "report", "decision")
MAX_VARIABLES = 900  # bound parameters per statement (old SQLite builds allow 999)
PRIVATE_FIELDS = ("id_number", "home_address", "home_phone", "health_notes")


def report_doc_id(teacher_id: str) -> str:
    return f"report-{teacher_id}"


def decision_doc_id(request_id: str) -> str:
    return f"decision-{request_id}"


# --- writing documents -------------------------------------------------------------------------


def put_doc(vault: Vault, kind: str, doc_id: str, school_id: str, data: Mapping[str, Any]) -> str:
    """Write one document (a new version of it) and project it, in one transaction."""
    with vault.write():
        store.put(
            vault,
            ENTITY,
            {"kind": kind, "school_id": school_id, "data": dict(data)},
            record_id=doc_id,
            merge_existing=False,
        )
        project(vault, [doc_id])
    return doc_id


def put_new_docs(
    vault: Vault, school_id: str, docs: Sequence[tuple[str, str, Mapping[str, Any]]]
) -> int:
    """Write many *new* documents (``(kind, id, data)``; a roster's children and contacts) in
    bulk, and project them, in one transaction."""
    if not docs:
        return 0
    with vault.write():
        store.put_many(
            vault,
            ENTITY,
            [
                (doc_id, {"kind": kind, "school_id": school_id, "data": dict(data)})
                for kind, doc_id, data in docs
            ],
        )
        project(vault, [doc_id for _kind, doc_id, _data in docs])
    return len(docs)


def tuples(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type ``.tuples()`` rows as models)."""
    return cast("list[tuple[Any, ...]]", list(query.tuples()))


def get_data(vault: Vault, doc_id: str) -> dict[str, Any] | None:
    with vault.read():
        row = SchoolDoc.get_or_none(SchoolDoc.id == doc_id)
        return None if row is None else dict(row.data or {})


def docs_of(vault: Vault, kind: str) -> list[tuple[str, dict[str, Any]]]:
    """(id, data) of every live document of ``kind``."""
    with vault.read():
        return [
            (d.id, dict(d.data or {}))
            for d in SchoolDoc.select().where(SchoolDoc.kind == kind).order_by(SchoolDoc.id)
        ]


# --- projecting --------------------------------------------------------------------------------


def upsert(model: type[Model], rows: Sequence[Mapping[str, Any]], key: Sequence[Field]) -> None:
    """Insert ``rows`` or update the rows with the same ``key``: ``INSERT … ON CONFLICT (key) DO
    UPDATE`` in chunks (SQLite 3.24+, PostgreSQL 9.5+)."""
    if not rows:
        return
    names = list(rows[0])
    key_names = {f.name for f in key}
    preserve = [model._meta.fields[n] for n in names if n not in key_names]
    size = max(1, MAX_VARIABLES // max(1, len(names)))
    for i in range(0, len(rows), size):
        q = model.insert_many(list(rows[i : i + size]))
        if preserve:
            q = q.on_conflict(conflict_target=list(key), preserve=preserve)
        else:
            q = q.on_conflict_ignore()
        q.execute()


INSERT_CHUNK = 500  # rows per executemany


def insert_chunked(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert new rows with one prepared ``INSERT`` run by ``executemany`` in chunks (peewee's
    ``insert_many`` spends most of its time writing SQL); values through each field's
    ``db_value``, the placeholder and quoting the database's own (SQLite or PostgreSQL)."""
    if not rows:
        return
    db = model._meta.database
    left, right = str(db.quote)[0], str(db.quote)[-1]  # '""' on SQLite and PostgreSQL
    fields = [model._meta.fields[name] for name in rows[0]]
    cols = ", ".join(f"{left}{f.column_name}{right}" for f in fields)
    marks = ", ".join(str(db.param) for _ in fields)
    table = f"{left}{model._meta.table_name}{right}"
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    for i in range(0, len(rows), INSERT_CHUNK):
        params = [tuple(f.db_value(r[f.name]) for f in fields) for r in rows[i : i + INSERT_CHUNK]]
        db.cursor().executemany(sql, params)


def _state(head: Head) -> str:
    return f"{head.winner_id}:{','.join(sorted(head.leaf_ids or []))}:{int(head.deleted)}"


def catch_up(vault: Vault) -> int:
    """Project every document whose head changed since it was last projected (a sync import, an
    interrupted write); returns how many. Cheap when nothing changed: one scan of the heads."""
    with vault.read():
        heads = {h.record_id: h for h in Head.select().where(Head.entity == ENTITY)}
        marks = {p.doc_id: p.state for p in SchoolProjected.select()}
    stale = [rid for rid, h in heads.items() if marks.get(rid) != _state(h)]
    gone = [rid for rid in marks if rid not in heads]
    if not stale and not gone:
        return 0
    with vault.write():
        project(vault, stale + gone)
    return len(stale) + len(gone)


def project(vault: Vault, doc_ids: Iterable[str]) -> None:
    """Project these documents into the school tables (inside the caller's transaction)."""
    ids = list(dict.fromkeys(doc_ids))
    heads = {h.record_id: h for h in Head.select().where(Head.record_id.in_(ids))} if ids else {}
    rows = {d.id: d for d in SchoolDoc.select().where(SchoolDoc.id.in_(ids))} if ids else {}
    for doc_id in ids:
        head = heads.get(doc_id)
        doc = rows.get(doc_id)
        if doc is None:
            _drop(doc_id)
        elif doc.kind in SCHOOL_KINDS:
            data = dict(doc.data or {})
            if doc.kind == "report" and head is not None and len(head.leaf_ids or []) > 1:
                data = _highest_report(doc_id, data, head.leaf_ids or [])
            PROJECTORS[doc.kind](doc.id, doc.school_id, data)
        if head is None:
            SchoolProjected.delete().where(SchoolProjected.doc_id == doc_id).execute()
        else:
            upsert(
                SchoolProjected,
                [{"doc_id": doc_id, "state": _state(head)}],
                [SchoolProjected.doc_id],
            )


def _highest_report(doc_id: str, data: dict[str, Any], leaf_ids: Iterable[str]) -> dict[str, Any]:
    """Of the record's leaves (two machines accepted different reports), the report with the
    highest sequence."""
    best, best_seq = data, _seq(data)
    leaves = set(leaf_ids)
    for v in store.versions_of(doc_id):
        payload = v.payload.get("data")
        if v.deleted or v.version_id not in leaves or not isinstance(payload, dict):
            continue
        candidate = dict(payload)
        seq = _seq(candidate)
        if best_seq is None or (seq is not None and seq > best_seq):
            best, best_seq = candidate, seq
    return best


def _seq(data: Mapping[str, Any]) -> Seq | None:
    try:
        return Seq.read(data.get("seq"))
    except Exception:  # noqa: BLE001 - a damaged document has no sequence
        return None


def _date(v: object) -> dt.date | None:
    return dt.date.fromisoformat(v) if isinstance(v, str) and v else None


def _drop(doc_id: str) -> None:
    """A document deleted or erased: its rows go (the kind is unknown by now: try each)."""
    for model in (School, SchoolTeacher, SchoolChild, SchoolChildPrivate, SchoolContact, Pairing):
        model.delete().where(model.id == doc_id).execute()
    if doc_id.startswith("report-"):
        _drop_report(doc_id[len("report-") :])


def _school(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    keys = PublicKeys.from_json(d.get("keys"))
    upsert(
        School,
        [
            {
                "id": doc_id,
                "school_id": school_id,
                "name": str(d.get("name") or ""),
                "created_on": _date(d.get("created_on")) or dt.date.today(),
                "seal_public": (d.get("keys") or {}).get("seal", ""),
                "sign_public": (d.get("keys") or {}).get("sign", ""),
                "fingerprint": keys.fingerprint if keys else "",
            }
        ],
        [School.id],
    )


def _teacher(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    keys = PublicKeys.from_json(d.get("keys"))
    pending = PublicKeys.from_json(d.get("pending_keys"))
    upsert(
        SchoolTeacher,
        [
            {
                "id": doc_id,
                "school_id": school_id,
                "name": str(d.get("name") or ""),
                "gender": str(d.get("gender") or ""),
                "class_taught": str(d.get("class_taught") or ""),
                "active": bool(d.get("active", True)),
                "added_on": _date(d.get("added_on")) or dt.date.today(),
                "keys": d.get("keys") if keys else None,
                "fingerprint": keys.fingerprint if keys else "",
                "pinned_on": _date(d.get("pinned_on")),
                "pending_keys": d.get("pending_keys") if pending else None,
                "pending_fingerprint": pending.fingerprint if pending else "",
            }
        ],
        [SchoolTeacher.id],
    )


def _child(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    f = dict(d.get("fields") or {})
    county = dict(d.get("county") or {})
    upsert(
        SchoolChild,
        [
            {
                "id": doc_id,
                "school_id": school_id,
                "name": str(f.get("name") or ""),
                "gender": str(f.get("gender") or ""),
                "birth_date": _date(f.get("birth_date")),
                "class_name": str(f.get("class_name") or ""),
                "grade": str(f.get("grade") or ""),
                "school": str(f.get("school") or ""),
                "boarding": f.get("boarding") if isinstance(f.get("boarding"), bool) else None,
                "categories": list(f.get("categories") or []),
                "stage": str(county.get("stage") or ""),
                "guardian_type": str(county.get("guardian_type") or ""),
                "health": str(county.get("health") or ""),
                "poverty": list(county.get("poverty") or []),
                "ethnicity": str(county.get("ethnicity") or ""),
                "status": str(d.get("status") or "active"),
                "left_on": _date(d.get("left_on")),
                "added_on": _date(d.get("added_on")) or dt.date.today(),
                "buddy": str(d.get("buddy") or ""),
                "mentor_hint": str(d.get("mentor_hint") or ""),
                "owned": list(d.get("owned") or []),
            }
        ],
        [SchoolChild.id],
    )
    upsert(
        SchoolChildPrivate,
        [
            {
                "id": doc_id,
                "school_id": school_id,
                **{k: str(f.get(k) or "") for k in PRIVATE_FIELDS},
            }
        ],
        [SchoolChildPrivate.id],
    )


def _contact(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    upsert(
        SchoolContact,
        [
            {
                "id": doc_id,
                "school_id": school_id,
                "child_id": str(d.get("child_id") or ""),
                "role": str(d.get("role") or "other_guardian"),
                "name": str(d.get("name") or ""),
                "relationship": str(d.get("relationship") or ""),
                "phones": list(d.get("phones") or []),
                "work_city": str(d.get("work_city") or ""),
                "is_primary": bool(d.get("is_primary")),
            }
        ],
        [SchoolContact.id],
    )


def _pairing(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    upsert(
        Pairing,
        [
            {
                "id": doc_id,
                "school_id": school_id,
                "child_id": str(d.get("child_id") or ""),
                "teacher_id": str(d.get("teacher_id") or ""),
                "start": _date(d.get("start")) or dt.date.today(),
                "end": _date(d.get("end")),
                "source": str(d.get("source") or "manual"),
                "changed_at": dt.datetime.fromisoformat(str(d.get("changed_at"))),
            }
        ],
        [Pairing.id],
    )


def _drop_report(teacher_id: str, school_id: str | None = None) -> None:
    for model in (SchoolReport, DutyStatus, FlagStatus, SchoolCardText):
        where = model.teacher_id == teacher_id
        if school_id is not None:
            where &= model.school_id == school_id
        model.delete().where(where).execute()


def _report(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    """The teacher's snapshot replaces her rows: figures, flags, cards; her correction
    requests are added (a request already answered keeps its answer)."""
    body = {k: v for k, v in d.items() if k != "received_at"}
    report = read_report(body)
    tid = report.teacher_id
    _drop_report(tid, school_id)
    SchoolReport.insert(
        teacher_id=tid,
        school_id=school_id,
        seq_hlc=report.seq.hlc,
        seq_device=report.seq.device,
        generated_at=report.generated_at,
        received_at=dt.datetime.fromisoformat(str(d.get("received_at"))),
        as_of=report.as_of,
        term_id=report.term["id"],
        term_name=report.term["name"],
        children=len(report.children),
        duties=[x.to_json() for x in report.duties],
    ).execute()
    insert_chunked(
        DutyStatus,
        [
            {
                "school_id": school_id,
                "teacher_id": tid,
                "child_id": f.child,
                "duty_id": f.duty,
                "period": f.month,
                "phase": f.phase,
                "expected": f.expected,
                "done": f.done,
                "on_time": f.on_time,
                "attempts": f.attempts,
                "first_done": f.dates[0] if f.dates else None,
                "last_done": f.dates[-1] if f.dates else None,
            }
            for f in report.figures
        ],
    )
    insert_chunked(
        FlagStatus,
        [
            {
                "school_id": school_id,
                "flag_id": f.id,
                "teacher_id": tid,
                "child_id": f.child,
                "label": f.label,
                "category": f.category,
                "regime": f.regime,
                "mandatory": f.mandatory,
                "status": f.status,
                "opened_on": f.opened_on,
                "updated_on": f.updated_on,
                "steps": list(f.steps),
            }
            for f in report.flags
        ],
    )
    insert_chunked(
        SchoolCardText,
        [
            {
                "school_id": school_id,
                "entry_id": c.entry,
                "teacher_id": tid,
                "child_id": c.child,
                "kind": c.kind,
                "occurred_on": c.date,
                "text": c.text,
                "card": c.card,
            }
            for c in report.cards
        ],
    )
    decided = {
        doc.id[len("decision-") :]: dict(doc.data or {})
        for doc in SchoolDoc.select().where(
            SchoolDoc.id.in_([decision_doc_id(c.id) for c in report.corrections])
        )
    }
    upsert(
        Correction,
        [
            {
                "id": c.id,
                "school_id": school_id,
                "teacher_id": tid,
                "child_id": c.child,
                "field": c.field,
                "current": c.current,
                "proposed": c.proposed,
                "reason": c.reason,
                "requested_on": c.requested_on,
            }
            for c in report.corrections
        ],
        [Correction.id],
    )
    for cid, dec in decided.items():
        _apply_decision(school_id, cid, dec)


def _apply_decision(school_id: str, request_id: str, d: Mapping[str, Any]) -> None:
    Correction.update(
        status=str(d.get("status") or "pending"), decided_on=_date(d.get("decided_on"))
    ).where((Correction.id == request_id) & (Correction.school_id == school_id)).execute()


def _decision(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    _apply_decision(school_id, doc_id[len("decision-") :], d)


PROJECTORS = {
    "school": _school,
    "teacher": _teacher,
    "child": _child,
    "contact": _contact,
    "pairing": _pairing,
    "report": _report,
    "decision": _decision,
}
