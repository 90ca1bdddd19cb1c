"""The version store of ../shared/design/SYNC.md.

Every create, edit and delete of a syncable record writes an immutable version; the current
tables are rebuilt from the winning leaf in the same transaction. Delete is a tombstone version
(it carries the last payload, so restore is one more version). Erasure purges every version and
leaves a marker with ids only.

All functions take an open :class:`~mentor_tui.db.vault.Vault` and open their own
``BEGIN IMMEDIATE`` transaction (a savepoint when called inside one).
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from peewee import DateField, DateTimeField, Model

from mentor_tui.core.dates import as_date
from mentor_tui.core.errors import MentorError
from mentor_tui.core.versions import (
    Version,
    far_future,
    hlc_next,
    hlc_observe,
    in_conflict,
    leaves,
    next_vector,
    winner,
)
from mentor_tui.db.fields import to_jsonable
from mentor_tui.db.models import SYNC_MODELS, Erasure, Head, SyncModel, VersionRow
from mentor_tui.db.vault import Vault, get_local, set_local

PAYLOAD_SCHEMA = 1


def new_id() -> str:
    return str(uuid.uuid4())


def _model(entity: str) -> type[SyncModel]:
    try:
        return SYNC_MODELS[entity]
    except KeyError:
        raise MentorError("err.unknown_entity", entity=entity) from None


def next_hlc(vault: Vault, count: int = 1) -> int:
    """Reserve ``count`` consecutive clock values; returns the first."""
    last = int(get_local(vault, "hlc", "0") or 0)
    first = hlc_next(last, int(time.time() * 1000))
    set_local(vault, "hlc", str(first + count - 1))
    return first


def observe_hlc(vault: Vault, *remote: int) -> None:
    """The local clock after seeing remote clocks; far-future ones are never adopted
    (``versions.hlc_observe``)."""
    now = int(time.time() * 1000)
    sane = max((r for r in remote if not far_future(r, now)), default=None)
    if sane is None:
        return
    last = int(get_local(vault, "hlc", "0") or 0)
    seen = hlc_observe(last, sane, now)
    if seen > last:
        set_local(vault, "hlc", str(seen))


def to_version(row: VersionRow) -> Version:
    return Version(
        version_id=row.version_id,
        record_id=row.record_id,
        entity=row.entity,
        vv=row.vv,
        hlc=row.hlc,
        device_id=row.device_id,
        deleted=bool(row.deleted),
        payload=row.payload or {},
        schema=row.schema,
    )


def _version_row(v: Version) -> dict[str, Any]:
    return {
        "version_id": v.version_id,
        "record_id": v.record_id,
        "entity": v.entity,
        "vv": dict(v.vv),
        "hlc": v.hlc,
        "device_id": v.device_id,
        "deleted": v.deleted,
        "payload": dict(v.payload),
        "schema": v.schema,
    }


def normalize_payload(entity: str, fields: Mapping[str, object]) -> dict[str, Any]:
    """Known fields only (unknown names are a programming error), dates as ISO text."""
    model = _model(entity)
    known = model._meta.fields
    out = {}
    for name, value in fields.items():
        if name == "id" or name not in known:
            raise MentorError("err.unknown_field", field=name)
        out[name] = to_jsonable(value)
    return out


def row_from_payload(
    model: type[SyncModel], record_id: str, payload: Mapping[str, Any]
) -> dict[str, Any]:
    row: dict[str, Any] = {"id": record_id}
    for name, f in model._meta.fields.items():
        if name == "id":
            continue
        if name in payload:
            value = payload[name]
            if isinstance(f, DateTimeField) and isinstance(value, str):
                value = dt.datetime.fromisoformat(value)
            elif isinstance(f, DateField):
                value = as_date(value)
        else:
            value = f.default() if callable(f.default) else f.default
        row[name] = value
    return row


def versions_of(record_id: str) -> list[Version]:
    return [to_version(r) for r in VersionRow.select().where(VersionRow.record_id == record_id)]


def recompute(record_ids: Iterable[str]) -> None:
    """Rebuild heads and current rows of these records from their versions (inside a tx)."""
    for rid in set(record_ids):
        vs = versions_of(rid)
        if not vs:
            Head.delete().where(Head.record_id == rid).execute()
            for model in SYNC_MODELS.values():
                model.delete().where(model.id == rid).execute()
            continue
        lv = leaves(vs)
        w = winner(lv)
        assert w is not None  # versions there, so leaves there, so a winner
        model = _model(w.entity)
        Head.insert(
            record_id=rid,
            entity=w.entity,
            winner_id=w.version_id,
            leaf_ids=[v.version_id for v in lv],
            deleted=w.deleted,
            conflict=in_conflict(lv),
        ).on_conflict_replace().execute()
        if w.deleted:
            model.delete().where(model.id == rid).execute()
        else:
            model.insert(**row_from_payload(model, rid, w.payload)).on_conflict_replace().execute()


def put(
    vault: Vault,
    entity: str,
    fields: Mapping[str, object],
    record_id: str | None = None,
    deleted: bool = False,
    merge_existing: bool = True,
    refuse_conflict: bool = False,
) -> str:
    """Create or edit a record. ``fields`` may be partial: with ``merge_existing`` they are laid
    over the current winner's payload. Returns the record id.

    A new version's vector joins every leaf, and SYNC.md makes such a write the resolution of a
    conflict. So a teacher's plain edit (``refuse_conflict``) of a record in conflict is refused
    with ``err.record_in_conflict``: otherwise the losing side's changes would vanish from the
    record without her ever having seen them. She chooses in the conflict screen first."""
    payload = normalize_payload(entity, fields)
    with vault.write():
        rid = record_id or new_id()
        existing = versions_of(rid)
        lv = leaves(existing)
        if refuse_conflict and in_conflict(lv):
            raise MentorError("err.record_in_conflict")
        if existing and merge_existing:
            won = winner(lv)
            assert won is not None  # versions there, so leaves there, so a winner
            base = dict(won.payload)
            base.update(payload)
            payload = base
        v = Version(
            version_id=new_id(),
            record_id=rid,
            entity=entity,
            vv=next_vector(lv, vault.device_id),
            hlc=next_hlc(vault),
            device_id=vault.device_id,
            deleted=deleted,
            payload=payload,
            schema=PAYLOAD_SCHEMA,
        )
        VersionRow.insert(**_version_row(v)).execute()
        recompute([rid])
    return rid


def delete(vault: Vault, entity: str, record_id: str, refuse_conflict: bool = False) -> None:
    """Tombstone: recoverable with :func:`restore`."""
    put(vault, entity, {}, record_id=record_id, deleted=True, refuse_conflict=refuse_conflict)


def restore(vault: Vault, entity: str, record_id: str, refuse_conflict: bool = False) -> None:
    with vault.write():
        lv = leaves(versions_of(record_id))
        if not lv:
            raise MentorError("err.record_missing")
        put(vault, entity, {}, record_id=record_id, deleted=False, refuse_conflict=refuse_conflict)


def history(vault: Vault, record_id: str) -> list[Version]:
    with vault.read():
        return sorted(versions_of(record_id), key=lambda v: (v.hlc, v.version_id))


def deleted_records(vault: Vault, entity: str) -> list[Version]:
    """Tombstoned records of an entity, newest first, each as its winning (deleted) version."""
    with vault.read():
        heads = Head.select().where((Head.entity == entity) & (Head.deleted == True))  # noqa: E712
        rows = VersionRow.select().where(VersionRow.version_id.in_([h.winner_id for h in heads]))
        return sorted((to_version(r) for r in rows), key=lambda v: -v.hlc)


def put_many(vault: Vault, entity: str, records: Iterable[tuple[str, Mapping[str, object]]]) -> int:
    """Bulk create of new records (demo, roster import, benchmarks): one transaction,
    ``insert_many`` for versions, heads and current rows."""
    model = _model(entity)
    items = [(rid, normalize_payload(entity, f)) for rid, f in records]
    with vault.write():
        first = next_hlc(vault, len(items))
        vrows, heads, cur = [], [], []
        for i, (rid, payload) in enumerate(items):
            vid = new_id()
            vrows.append(
                {
                    "version_id": vid,
                    "record_id": rid,
                    "entity": entity,
                    "vv": {vault.device_id: 1},
                    "hlc": first + i,
                    "device_id": vault.device_id,
                    "deleted": False,
                    "payload": payload,
                    "schema": PAYLOAD_SCHEMA,
                }
            )
            heads.append(_sole_head(rid, entity, vid))
            cur.append(row_from_payload(model, rid, payload))
        for table, rows in ((VersionRow, vrows), (Head, heads), (model, cur)):
            bulk_insert(vault, table, rows)
    return len(items)


def put_whole(
    vault: Vault, entity: str, records: Iterable[tuple[str, Mapping[str, object]]]
) -> int:
    """A new version of each record, new or existing, its fields whole: what :func:`put` with
    ``merge_existing=False`` does for one record, in bulk (the school office's import, issue
    20). One read of the records' vectors (not their payloads), one bulk insert each of the
    versions, heads and current rows. Each new version joins every leaf, so it is the record's
    only leaf and its winner. A record named twice takes the last fields given."""
    model = _model(entity)
    items = list({rid: normalize_payload(entity, f) for rid, f in records}.items())
    if not items:
        return 0
    with vault.write():
        ids = [rid for rid, _payload in items]
        known: dict[str, list[Version]] = {}
        for i in range(0, len(ids), 500):
            q = VersionRow.select(
                VersionRow.version_id, VersionRow.record_id, VersionRow.vv, VersionRow.hlc
            ).where(VersionRow.record_id.in_(ids[i : i + 500]))
            for r in q:
                known.setdefault(r.record_id, []).append(
                    Version(
                        version_id=r.version_id,
                        record_id=r.record_id,
                        entity=entity,
                        vv=r.vv or {},
                        hlc=r.hlc,
                        device_id="",
                        deleted=False,
                    )
                )
        first = next_hlc(vault, len(items))
        vrows, heads, cur = [], [], []
        for i, (rid, payload) in enumerate(items):
            vid = new_id()
            vv = next_vector(leaves(known.get(rid, [])), vault.device_id)
            vrows.append(
                _version_row(
                    Version(
                        version_id=vid,
                        record_id=rid,
                        entity=entity,
                        vv=vv,
                        hlc=first + i,
                        device_id=vault.device_id,
                        deleted=False,
                        payload=payload,
                        schema=PAYLOAD_SCHEMA,
                    )
                )
            )
            heads.append(_sole_head(rid, entity, vid))
            cur.append(row_from_payload(model, rid, payload))
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            Head.delete().where(Head.record_id.in_(part)).execute()
            model.delete().where(model.id.in_(part)).execute()
        for table, rows in ((VersionRow, vrows), (Head, heads), (model, cur)):
            bulk_insert(vault, table, rows)
    return len(items)


def _sole_head(record_id: str, entity: str, version_id: str) -> dict[str, Any]:
    """The head row of a record whose one leaf, and so its winner, is ``version_id``."""
    return {
        "record_id": record_id,
        "entity": entity,
        "winner_id": version_id,
        "leaf_ids": [version_id],
        "deleted": False,
        "conflict": False,
    }


def bulk_insert(vault: Vault, model: type[Model], rows: list[dict[str, Any]]) -> None:
    """One prepared INSERT run with ``executemany`` (peewee's insert_many spends most of its
    time generating SQL). Values go through each field's ``db_value``."""
    if not rows:
        return
    fields = [model._meta.fields[name] for name in rows[0]]
    cols = ", ".join(f'"{f.column_name}"' for f in fields)
    marks = ", ".join("?" for _ in fields)
    sql = f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES ({marks})'
    params = [tuple(f.db_value(r[f.name]) for f in fields) for r in rows]
    vault.db.cursor().executemany(sql, params)


def insert_versions(vault: Vault, versions: Iterable[Version]) -> set[str]:
    """Union incoming versions (sync import); returns touched record ids. Versions already
    present or of erased records are skipped. Call inside ``vault.write()`` and then
    :func:`recompute` the returned ids."""
    touched: set[str] = set()
    erased = {e.record_id for e in Erasure.select(Erasure.record_id)}
    rows = []
    for v in versions:
        if v.record_id in erased:
            continue
        if VersionRow.get_or_none(VersionRow.version_id == v.version_id) is not None:
            continue
        rows.append(_version_row(v))
        touched.add(v.record_id)
        observe_hlc(vault, v.hlc)
    bulk_insert(vault, VersionRow, rows)
    return touched


def erase(vault: Vault, entity: str, record_ids: Iterable[str]) -> int:
    """Purge every version of these records for good and leave erasure markers (ids only)."""
    ids = list(dict.fromkeys(record_ids))
    with vault.write():
        hlc = next_hlc(vault)
        for rid in ids:
            ent = Head.get_or_none(Head.record_id == rid)
            VersionRow.delete().where(VersionRow.record_id == rid).execute()
            Erasure.insert(
                record_id=rid,
                entity=ent.entity if ent else entity,
                hlc=hlc,
                device_id=vault.device_id,
            ).on_conflict_ignore().execute()
        recompute(ids)
    return len(ids)


def conflicts(vault: Vault) -> list[Head]:
    with vault.read():
        return list(Head.select().where(Head.conflict == True))  # noqa: E712


def leaves_of(vault: Vault, record_id: str) -> list[Version]:
    with vault.read():
        return leaves(versions_of(record_id))


def all_versions(vault: Vault) -> list[Version]:
    with vault.read():
        return [to_version(r) for r in VersionRow.select().order_by(VersionRow.version_id)]


def all_erasures(vault: Vault) -> list[dict[str, Any]]:
    with vault.read():
        return [
            {"record_id": e.record_id, "entity": e.entity, "hlc": e.hlc, "device_id": e.device_id}
            for e in Erasure.select().order_by(Erasure.record_id)
        ]
