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
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple, cast

from peewee import DatabaseProxy, Field, Model, PostgresqlDatabase

from mentor_tui.core.school_bodies import Report, Seq, read_report
from mentor_tui.core.school_crypto import PublicKeys
from mentor_tui.db import store
from mentor_tui.db.models import Head
from mentor_tui.db.school_models import (
    Correction,
    DutyStatus,
    FlagStatus,
    MonthSummary,
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
from mentor_tui.db.serial_retry import retry_serial
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

    def write() -> None:
        with vault.write():
            store.put(
                vault,
                ENTITY,
                {"kind": kind, "school_id": school_id, "data": dict(data)},
                record_id=doc_id,
                merge_existing=False,
            )
            project(vault, [doc_id])

    retry_serial(vault, write)
    return doc_id


def put_new_docs(
    vault: Vault, school_id: str, docs: Sequence[tuple[str, str, Mapping[str, Any]]]
) -> int:
    """Write many *new* documents (``(kind, id, data)``; a roster's children and contacts) in
    bulk, and project them, in one transaction."""
    if not docs:
        return 0

    def write() -> None:
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

    retry_serial(vault, write)
    return len(docs)


class Given(NamedTuple):
    """A document the caller has just written, as written: its projection needs no read of it
    (and a report's body, already read and checked, no second reading)."""

    kind: str
    data: Mapping[str, Any]
    report: Report | None = None


def put_docs(
    vault: Vault,
    school_id: str,
    docs: Sequence[tuple[str, str, Mapping[str, Any]]],
    reports: Mapping[str, Report] | None = None,
) -> int:
    """Write a new version of many documents, new or existing (``(kind, id, data)``; an
    import's reports and first pinned keys), and project them, in one transaction: one bulk
    write of the version store, one projection of them all. ``reports``: the reports already
    read from these bodies (by document id), so the projection does not read them again."""
    if not docs:
        return 0
    given = {doc_id: Given(kind, data, (reports or {}).get(doc_id)) for kind, doc_id, data in docs}

    def write() -> None:
        with vault.write():
            store.put_whole(
                vault,
                ENTITY,
                [
                    (doc_id, {"kind": g.kind, "school_id": school_id, "data": dict(g.data)})
                    for doc_id, g in given.items()
                ],
            )
            project(vault, list(given), given, school_id)

    retry_serial(vault, write)
    return len(given)


def tuples(query: Any) -> list[tuple[Any, ...]]:
    """A query's rows as plain tuples (peewee's stubs type ``.tuples()`` rows as models)."""
    return cast("list[tuple[Any, ...]]", list(query.tuples()))


def get_data(vault: Vault, doc_id: str) -> dict[str, Any] | None:
    with vault.read():
        row = SchoolDoc.get_or_none(SchoolDoc.id == doc_id)
        return None if row is None else dict(row.data or {})


def data_of(vault: Vault, doc_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The data of these documents (those that exist), by id: one read per 500."""
    out: dict[str, dict[str, Any]] = {}
    with vault.read():
        for i in range(0, len(doc_ids), 500):
            q = SchoolDoc.select(SchoolDoc.id, SchoolDoc.data).where(
                SchoolDoc.id.in_(list(doc_ids[i : i + 500]))
            )
            out.update((d.id, dict(d.data or {})) for d in q)
    return out


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
UNNEST_CHUNK = 5000  # rows per INSERT … SELECT FROM unnest(…) on PostgreSQL
PG_ARRAYS = {
    "VARCHAR": "text[]",
    "TEXT": "text[]",
    "INT": "integer[]",
    "BIGINT": "bigint[]",
    "BOOL": "boolean[]",
    "DATE": "date[]",
    "DATETIME": "timestamp[]",
}


def insert_chunked(model: type[Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert new rows with one prepared ``INSERT`` run by ``executemany`` in chunks (peewee's
    ``insert_many`` spends most of its time writing SQL); values through each field's
    ``db_value``, the placeholder and quoting the database's own (SQLite or PostgreSQL).

    On PostgreSQL the rows go as one array per column, ``INSERT … SELECT * FROM unnest(…)``:
    one statement for thousands of rows, where ``executemany`` has the server run one insert
    per row (``COPY`` would be cheaper still, but PostgreSQL refuses ``COPY FROM`` into a
    table under row-level security)."""
    if not rows:
        return
    db = model._meta.database
    left, right = str(db.quote)[0], str(db.quote)[-1]  # '""' on SQLite and PostgreSQL
    fields = [model._meta.fields[name] for name in rows[0]]
    cols = ", ".join(f"{left}{f.column_name}{right}" for f in fields)
    table = f"{left}{model._meta.table_name}{right}"
    real = db.obj if isinstance(db, DatabaseProxy) else db  # the office's tables: a proxy
    if isinstance(real, PostgresqlDatabase) and all(f.field_type in PG_ARRAYS for f in fields):
        arrays = ", ".join(f"%b::{PG_ARRAYS[f.field_type]}" for f in fields)
        sql = f"INSERT INTO {table} ({cols}) SELECT * FROM unnest({arrays})"
        for i in range(0, len(rows), UNNEST_CHUNK):
            part = rows[i : i + UNNEST_CHUNK]
            real.cursor().execute(sql, [[f.db_value(r[f.name]) for r in part] for f in fields])
        return
    marks = ", ".join(str(db.param) for _ in fields)
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks})"
    for i in range(0, len(rows), INSERT_CHUNK):
        params = [tuple(f.db_value(r[f.name]) for f in fields) for r in rows[i : i + INSERT_CHUNK]]
        db.cursor().executemany(sql, params)


def _state(head: Head, target: str = "") -> str:
    """The projection mark of a head; ``target`` names a county server (a vault's own tables:
    ""), so switching between the two projects everything again."""
    state = f"{head.winner_id}:{','.join(sorted(head.leaf_ids or []))}:{int(head.deleted)}"
    return f"{target}|{state}" if target else state


def _target(vault: Vault) -> str:
    return "" if vault.office is None else vault.office.target


def catch_up(vault: Vault) -> int:
    """Project every document whose head changed since it was last projected (a sync import, an
    interrupted write); returns how many. Cheap when nothing changed: one scan of the heads."""
    target = _target(vault)
    with vault.read():
        heads = {h.record_id: h for h in Head.select().where(Head.entity == ENTITY)}
        marks = {p.doc_id: p.state for p in SchoolProjected.select()}
    stale = [rid for rid, h in heads.items() if marks.get(rid) != _state(h, target)]
    gone = [rid for rid in marks if rid not in heads]
    if not stale and not gone:
        return 0

    def write() -> None:
        with vault.write():
            project(vault, stale + gone)

    retry_serial(vault, write)
    return len(stale) + len(gone)


ModelRow = tuple[type[Model], dict[str, Any]]  # a row for a table, keyed by its ``id``
PROJECT_CHUNK = 200  # documents projected together (bounds the rows held at once)


def project(
    vault: Vault,
    doc_ids: Iterable[str],
    given: Mapping[str, Given] | None = None,
    given_school: str = "",
) -> None:
    """Project these documents into the school tables (inside the caller's transaction).

    ``given``: documents of school ``given_school`` that the caller has just written in this
    transaction (each its record's only leaf), projected from what was written instead of
    read back. Reports are projected together, a chunk at a time (:func:`_reports`): a few
    statements for the chunk instead of a dozen per report."""
    ids = list(dict.fromkeys(doc_ids))
    for i in range(0, len(ids), PROJECT_CHUNK):
        _project_chunk(vault, ids[i : i + PROJECT_CHUNK], given or {}, given_school)


def _project_chunk(
    vault: Vault, ids: list[str], given: Mapping[str, Given], given_school: str
) -> None:
    target = _target(vault)
    heads = {
        h.record_id: h
        for h in Head.select(Head.record_id, Head.winner_id, Head.leaf_ids, Head.deleted).where(
            Head.record_id.in_(ids)
        )
    }
    unknown = [doc_id for doc_id in ids if doc_id not in given]
    rows = {
        d.id: (d.kind, d.school_id, dict(d.data or {}))
        for d in (SchoolDoc.select().where(SchoolDoc.id.in_(unknown)) if unknown else [])
    }
    reports: list[_ReportIn] = []
    rows_of: dict[type[Model], list[dict[str, Any]]] = {}
    for doc_id in ids:
        head = heads.get(doc_id)
        g = given.get(doc_id)
        if g is not None:
            kind, sid, data = g.kind, given_school, dict(g.data)
        elif doc_id in rows:
            kind, sid, data = rows[doc_id]
        else:
            _drop(doc_id, bool(target))
            continue
        if kind == "report":
            report = g.report if g is not None else None
            if head is not None and len(head.leaf_ids or []) > 1:
                data, report = _highest_report(doc_id, data, head.leaf_ids or []), None
            reports.append(_ReportIn(sid, data, report))
        elif kind == "decision":
            _decision(doc_id, sid, data)
        elif kind in ROW_PROJECTORS:
            for model, row in ROW_PROJECTORS[kind](doc_id, sid, data):
                rows_of.setdefault(model, []).append(row)
    for model, model_rows in rows_of.items():
        upsert(model, model_rows, [model._meta.fields["id"]])
    if reports:
        _reports(reports, on_server=bool(target))
    gone = [doc_id for doc_id in ids if doc_id not in heads]
    if gone:
        SchoolProjected.delete().where(SchoolProjected.doc_id.in_(gone)).execute()
    upsert(
        SchoolProjected,
        [{"doc_id": doc_id, "state": _state(h, target)} for doc_id, h in heads.items()],
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


def _drop(doc_id: str, on_server: bool = False) -> None:
    """A document deleted or erased: its rows go (the kind is unknown by now: try each)."""
    for model in (School, SchoolTeacher, SchoolChild, SchoolChildPrivate, SchoolContact, Pairing):
        model.delete().where(model.id == doc_id).execute()
    if doc_id.startswith("report-"):
        _drop_report(doc_id[len("report-") :], on_server=on_server)


def _school(doc_id: str, school_id: str, d: dict[str, Any]) -> list[ModelRow]:
    rows: list[ModelRow] = []
    keys = PublicKeys.from_json(d.get("keys"))
    rows.append(
        (
            School,
            {
                "id": doc_id,
                "school_id": school_id,
                "name": str(d.get("name") or ""),
                "created_on": _date(d.get("created_on")) or dt.date.today(),
                "seal_public": (d.get("keys") or {}).get("seal", ""),
                "sign_public": (d.get("keys") or {}).get("sign", ""),
                "fingerprint": keys.fingerprint if keys else "",
            },
        )
    )
    return rows


def _teacher(doc_id: str, school_id: str, d: dict[str, Any]) -> list[ModelRow]:
    rows: list[ModelRow] = []
    keys = PublicKeys.from_json(d.get("keys"))
    pending = PublicKeys.from_json(d.get("pending_keys"))
    rows.append(
        (
            SchoolTeacher,
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
            },
        )
    )
    return rows


def _child(doc_id: str, school_id: str, d: dict[str, Any]) -> list[ModelRow]:
    rows: list[ModelRow] = []
    f = dict(d.get("fields") or {})
    county = dict(d.get("county") or {})
    rows.append(
        (
            SchoolChild,
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
            },
        )
    )
    rows.append(
        (
            SchoolChildPrivate,
            {
                "id": doc_id,
                "school_id": school_id,
                **{k: str(f.get(k) or "") for k in PRIVATE_FIELDS},
            },
        )
    )
    return rows


def _contact(doc_id: str, school_id: str, d: dict[str, Any]) -> list[ModelRow]:
    rows: list[ModelRow] = []
    rows.append(
        (
            SchoolContact,
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
            },
        )
    )
    return rows


def _pairing(doc_id: str, school_id: str, d: dict[str, Any]) -> list[ModelRow]:
    rows: list[ModelRow] = []
    rows.append(
        (
            Pairing,
            {
                "id": doc_id,
                "school_id": school_id,
                "child_id": str(d.get("child_id") or ""),
                "teacher_id": str(d.get("teacher_id") or ""),
                "start": _date(d.get("start")) or dt.date.today(),
                "end": _date(d.get("end")),
                "source": str(d.get("source") or "manual"),
                "changed_at": dt.datetime.fromisoformat(str(d.get("changed_at"))),
            },
        )
    )
    return rows


def _drop_report(teacher_id: str, school_id: str | None = None, on_server: bool = False) -> None:
    models: list[Any] = [SchoolReport, DutyStatus, FlagStatus, SchoolCardText]
    for model in models + ([MonthSummary] if on_server else []):
        where = model.teacher_id == teacher_id
        if school_id is not None:
            where &= model.school_id == school_id
        model.delete().where(where).execute()


class _ReportIn(NamedTuple):
    school_id: str
    data: dict[str, Any]
    report: Report | None  # already read from ``data`` (None: read it here)


def _reports(items: Sequence[_ReportIn], on_server: bool = False) -> None:
    """Each teacher's snapshot replaces her rows: figures, flags, cards; her correction
    requests are added (a request already answered keeps its answer). All the reports of
    the chunk together: one delete per table for the teachers held, one bulk insert per
    table, one upsert of the requests.

    ``on_server`` (a county's PostgreSQL, where the coordinator's other machine writes too):
    a report older than the one the server holds changes nothing (the highest sequence per
    teacher wins there as well), and her month summaries are kept (:class:`MonthSummary`),
    summed from the very figure rows written."""
    latest: dict[tuple[str, str], tuple[Report, dict[str, Any]]] = {}
    for item in items:
        body = {k: v for k, v in item.data.items() if k != "received_at"}
        report = item.report or read_report(body)
        key = (item.school_id, report.teacher_id)
        have = latest.get(key)
        if have is None or report.seq >= have[0].seq:
            latest[key] = (report, item.data)
    by_school: dict[str, list[tuple[Report, dict[str, Any]]]] = {}
    for (sid, _tid), pair in latest.items():
        by_school.setdefault(sid, []).append(pair)
    for sid, pairs in by_school.items():
        _school_reports(sid, pairs, on_server)


def _school_reports(
    school_id: str, pairs: list[tuple[Report, dict[str, Any]]], on_server: bool
) -> None:
    tids = [r.teacher_id for r, _d in pairs]
    if on_server:
        held = {
            tid: Seq(hlc, device)
            for tid, hlc, device in tuples(
                SchoolReport.select(
                    SchoolReport.teacher_id, SchoolReport.seq_hlc, SchoolReport.seq_device
                ).where((SchoolReport.school_id == school_id) & (SchoolReport.teacher_id.in_(tids)))
            )
        }
        pairs = [
            (r, d) for r, d in pairs if not (r.teacher_id in held and held[r.teacher_id] > r.seq)
        ]
        drop = [r.teacher_id for r, _d in pairs if r.teacher_id in held]  # none held: no rows
    else:
        drop = [r.teacher_id for r, _d in pairs]
    if drop:
        models: list[Any] = [SchoolReport, DutyStatus, FlagStatus, SchoolCardText]
        for model in models + ([MonthSummary] if on_server else []):
            model.delete().where(
                (model.school_id == school_id) & (model.teacher_id.in_(drop))
            ).execute()
    if not pairs:
        return
    insert_chunked(
        SchoolReport,
        [
            {
                "teacher_id": r.teacher_id,
                "school_id": school_id,
                "seq_hlc": r.seq.hlc,
                "seq_device": r.seq.device,
                "generated_at": r.generated_at,
                "received_at": dt.datetime.fromisoformat(str(d.get("received_at"))),
                "as_of": r.as_of,
                "term_id": r.term["id"],
                "term_name": r.term["name"],
                "children": len(r.children),
                "duties": [x.to_json() for x in r.duties],
            }
            for r, d in pairs
        ],
    )
    insert_chunked(
        DutyStatus,
        [
            {
                "school_id": school_id,
                "teacher_id": r.teacher_id,
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
            for r, _d in pairs
            for f in r.figures
        ],
    )
    insert_chunked(
        FlagStatus,
        [
            {
                "school_id": school_id,
                "flag_id": f.id,
                "teacher_id": r.teacher_id,
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
            for r, _d in pairs
            for f in r.flags
        ],
    )
    insert_chunked(
        SchoolCardText,
        [
            {
                "school_id": school_id,
                "entry_id": c.entry,
                "teacher_id": r.teacher_id,
                "child_id": c.child,
                "kind": c.kind,
                "occurred_on": c.date,
                "text": c.text,
                "card": c.card,
            }
            for r, _d in pairs
            for c in r.cards
        ],
    )
    if on_server:
        insert_chunked(MonthSummary, _summaries(school_id, [r for r, _d in pairs]))
    requests = {
        c.id: {
            "id": c.id,
            "school_id": school_id,
            "teacher_id": r.teacher_id,
            "child_id": c.child,
            "field": c.field,
            "current": c.current,
            "proposed": c.proposed,
            "reason": c.reason,
            "requested_on": c.requested_on,
        }
        for r, _d in pairs
        for c in r.corrections
    }
    upsert(Correction, list(requests.values()), [Correction.id])
    decided = (
        {
            doc.id[len("decision-") :]: dict(doc.data or {})
            for doc in SchoolDoc.select().where(
                SchoolDoc.id.in_([decision_doc_id(cid) for cid in requests])
            )
        }
        if requests
        else {}
    )
    for cid, dec in decided.items():
        _apply_decision(school_id, cid, dec)


def _summaries(school_id: str, reports: Sequence[Report]) -> list[dict[str, Any]]:
    """Each teacher's month summaries: her figure rows just written, summed per month (what
    ``GROUP BY school_id, teacher_id, period`` over them gives; a test checks it is)."""
    sums: dict[tuple[str, str], list[int]] = {}
    for r in reports:
        for f in r.figures:
            s = sums.setdefault((r.teacher_id, f.month), [0, 0, 0, 0])
            s[0] += f.expected
            s[1] += f.done
            s[2] += f.on_time
            s[3] += f.attempts
    return [
        {
            "school_id": school_id,
            "teacher_id": tid,
            "period": period,
            "expected": s[0],
            "done": s[1],
            "on_time": s[2],
            "attempts": s[3],
        }
        for (tid, period), s in sums.items()
    ]


def _apply_decision(school_id: str, request_id: str, d: Mapping[str, Any]) -> None:
    Correction.update(
        status=str(d.get("status") or "pending"), decided_on=_date(d.get("decided_on"))
    ).where((Correction.id == request_id) & (Correction.school_id == school_id)).execute()


def _decision(doc_id: str, school_id: str, d: dict[str, Any]) -> None:
    _apply_decision(school_id, doc_id[len("decision-") :], d)


ROW_PROJECTORS: dict[str, Callable[[str, str, dict[str, Any]], list[ModelRow]]] = {
    "school": _school,
    "teacher": _teacher,
    "child": _child,
    "contact": _contact,
    "pairing": _pairing,
}
"""The kinds whose document is a row (or two) of a table keyed by the document's id: the rows of
a chunk's documents are upserted together, one statement per table (per 900 values)."""
