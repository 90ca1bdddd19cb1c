"""Import a sync file into a vault (../shared/design/SYNC.md "Flows", docs/sync-flows.md).

Two steps, so the teacher sees what will happen before anything does:

1. :func:`prepare_import` — every check in order (size cap → magic/version → KDF caps →
   decrypt/authenticate → payload and manifest → vault id), then the dry run
   (:func:`~mentor_tui.core.merge.plan_import`). Reads only; changes nothing.
2. :func:`apply_import` — an encrypted backup, then one ``BEGIN IMMEDIATE`` transaction: purge
   newly erased records, store erasure markers, insert the new versions, rebuild the derived
   rows of the touched records, check the counts **before commit**, write the audit line.

Keys, file reading and fault points live in :mod:`mentor_tui.db.sync_export`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path

from mentor_tui.core.errors import MentorError
from mentor_tui.core.merge import Erasure, ImportPlan, Rejected, by_record, plan_import
from mentor_tui.core.syncfile import SyncPayload, gc_paused, parse_payload
from mentor_tui.core.versions import Version
from mentor_tui.db import store
from mentor_tui.db.fields import JSONField
from mentor_tui.db.models import SYNC_MODELS, Erasure as ErasureRow
from mentor_tui.db.sync_export import SyncKeys, fault_point, read_capped
from mentor_tui.db.vault import Vault, audit, backup, get_local, set_local

KEEP_IMPORT_BACKUPS = 5
CHUNK = 500  # ids per IN (...) query


def open_payload(data: bytes, keys: SyncKeys) -> SyncPayload:
    return parse_payload(keys.open(data))


# --- reading the vault fast (raw SQL: peewee model objects cost ~20 µs each) ---------------
_COLS = "version_id, record_id, entity, vv, hlc, device_id, deleted, payload, schema"


def _version(row: tuple) -> Version:
    vid, rid, ent, vv, hlc, dev, deleted, payload, schema = row
    return Version(vid, rid, ent, json.loads(vv), hlc, dev, bool(deleted),
                   json.loads(payload) if payload else {}, schema)


def load_versions(vault: Vault, record_ids: set[str] | None = None) -> list[Version]:
    """Every version (or those of ``record_ids``), as plain values. Call inside vault.read()."""
    sql = f'SELECT {_COLS} FROM "version"'
    if record_ids is None:
        return [_version(r) for r in vault.db.execute_sql(sql).fetchall()]
    ids, out = sorted(record_ids), []
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        q = f"{sql} WHERE record_id IN ({','.join('?' * len(part))})"
        out.extend(_version(r) for r in vault.db.execute_sql(q, part).fetchall())
    return out


def load_erasures(vault: Vault) -> list[Erasure]:
    return [Erasure(e.record_id, e.entity, e.hlc, e.device_id) for e in ErasureRow.select()]


def _count(vault: Vault, sql: str) -> int:
    return vault.db.execute_sql(sql).fetchone()[0]


def fingerprint(vault: Vault) -> tuple:
    """Changes when the vault's version set changes (checked between dry run and apply)."""
    return (_count(vault, 'SELECT count(*) FROM "version"'),
            _count(vault, "SELECT count(*) FROM erasure"), get_local(vault, "hlc", "0"))


# --- the dry run ---------------------------------------------------------------------------
@dataclass
class ImportPreview:
    """What an import would do; show :meth:`report` and ask before :func:`apply_import`."""

    payload: SyncPayload
    plan: ImportPlan
    file_sha256: str
    fingerprint: tuple
    adopt_vault_id: str | None = None  # an empty vault takes the file's id
    other_vault: bool = False  # merged on purpose (--adopt)

    def counts(self) -> dict[str, int]:
        c = self.plan.counts()
        c["quarantine"] = c.pop("orphans")
        c["versions"] = len(self.plan.versions_to_insert)
        return c

    @property
    def changes_anything(self) -> bool:
        return self.plan.changes_anything or self.adopt_vault_id is not None

    def rejected_lines(self, limit: int = 20) -> list[str]:
        out = []
        for r in self.plan.rejected[:limit]:
            where = r.version_id or r.record_id or (f"#{r.index}" if r.index is not None else "")
            out.append(f"{r.kind} {where}: {r.message()}")
        return out


REPORT_ORDER = ("new", "updated", "unchanged", "conflicts", "deletions", "erasures",
                "erased_skipped", "quarantine", "rejected")


def report_lines(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(i18n key, count) rows of the dry-run report, in a fixed order."""
    key = {"quarantine": "sync.report.orphans"}
    return [(key.get(k, f"sync.report.{k}"), counts.get(k, 0)) for k in REPORT_ORDER]


def is_empty(vault: Vault) -> bool:
    with vault.read():
        return (_count(vault, 'SELECT count(*) FROM "version"') == 0
                and _count(vault, "SELECT count(*) FROM erasure") == 0)


def prepare_import(vault: Vault, path: Path | None, keys: SyncKeys, *, adopt: bool = False,
                   data: bytes | None = None, payload: SyncPayload | None = None,
                   adopt_empty: bool = True) -> ImportPreview:
    """Check the file and plan the import; raises a MentorError (changing nothing) when the
    file cannot be imported. ``data`` (and its parsed ``payload``) skip reading again.
    An empty vault adopts the file's vault id (a new machine) unless ``adopt_empty`` is
    False (the pull of an export, the start-up check: only this vault's own file)."""
    with gc_paused():
        return _prepare(vault, path, keys, adopt, data, payload, adopt_empty)


def _prepare(vault, path, keys, adopt, data, payload, adopt_empty) -> ImportPreview:
    if data is None:
        data = read_capped(Path(path))
    if payload is None:
        payload = open_payload(data, keys)
    adopt_id, other = None, False
    if payload.vault_id != vault.vault_id:
        if adopt_empty and is_empty(vault):
            adopt_id = payload.vault_id
        elif adopt:
            other = True
        else:
            raise MentorError("syncf.other_vault")
    incoming_ids = {v.record_id for v in payload.versions}
    incoming_ids |= {e.record_id for e in payload.erasures}
    with vault.read():
        local = load_versions(vault, None if len(incoming_ids) > 20 * CHUNK else incoming_ids)
        erasures = load_erasures(vault)
        children = [r[0] for r in vault.db.execute_sql(
            "SELECT record_id FROM head WHERE entity = 'child'").fetchall()]
        fp = fingerprint(vault)
    local_by = by_record(local)
    erased_children = {e.record_id for e in list(erasures) + payload.erasures
                       if e.entity == "child"}
    if erased_children:  # records naming an erased child go with it (merge.linked_erasures)
        with vault.read():
            linked = _dependants(vault, erased_children) - set(local_by)
            local_by.update(by_record(load_versions(vault, linked)) if linked else {})
    plan = plan_import(local_by, erasures, payload.versions, payload.erasures,
                       rejected=payload.rejected, local_child_ids=children)
    _reject_unshowable(plan)
    plan.existing = {rid for rid in plan.recompute if rid in local_by}
    return ImportPreview(payload=payload, plan=plan, file_sha256=hashlib.sha256(data).hexdigest(),
                         fingerprint=fp, adopt_vault_id=adopt_id, other_vault=other)


_dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # == JSONField's


def _row_problem(model, rid: str, payload: dict) -> tuple[tuple | None, str | None]:
    """(the current-table row as database values, in ``model._meta.fields`` order, None) or
    (None, the first field that cannot go in)."""
    try:
        row = store.row_from_payload(model, rid, payload)
    except Exception:  # noqa: BLE001 - a malformed date and the like
        return None, next((k for k in payload if k in model._meta.fields), "payload")
    params = []
    for name, f in model._meta.fields.items():
        value = row.get(name)
        try:
            if value is None and not f.null:
                return None, name
            params.append(_dumps(value) if type(f) is JSONField and value is not None
                          else f.db_value(value))
        except Exception:  # noqa: BLE001
            return None, name
    return tuple(params), None


def _reject_unshowable(plan: ImportPlan) -> None:
    """A record whose new winner cannot be shown (a date that is not a date, a required field
    missing) is not imported: its new versions are listed as rejected, the rest goes on."""
    bad: dict[str, str] = {}
    rows: dict[str, tuple] = {}
    for rid in plan.recompute:
        st = plan.states[rid]
        model = SYNC_MODELS.get(st.entity)
        if model is not None and not st.deleted:
            row, problem = _row_problem(model, rid, dict(st.winner.payload))
            if problem:
                bad[rid] = problem
            else:
                rows[rid] = (model, row)
    plan.rows = rows  # reused by write_states
    if not bad:
        return
    for v in plan.versions_to_insert:
        if v.record_id in bad:
            plan.rejected.append(Rejected(kind="version", index=None, version_id=v.version_id,
                                          record_id=v.record_id, reason="sync.reject.bad_field",
                                          field="payload." + bad[v.record_id][:64]))
    plan.versions_to_insert = [v for v in plan.versions_to_insert if v.record_id not in bad]
    plan.recompute = [r for r in plan.recompute if r not in bad]
    for rid in bad:
        plan.states.pop(rid, None)
    for name in ("new_records", "updated_records", "unchanged_records", "conflicts",
                 "deletions", "orphans"):
        setattr(plan, name, [r for r in getattr(plan, name) if r not in bad])


def _dependants(vault: Vault, child_ids: set[str]) -> set[str]:
    """Records (not children) that name one of ``child_ids`` in any version: one pass."""
    if len(child_ids) <= CHUNK:
        marks = ",".join("?" * len(child_ids))
        rows = vault.db.execute_sql(
            "SELECT DISTINCT record_id FROM \"version\" WHERE entity != 'child' AND "
            f"json_extract(payload, '$.child_id') IN ({marks})", sorted(child_ids)).fetchall()
        return {r[0] for r in rows}
    rows = vault.db.execute_sql(
        "SELECT DISTINCT record_id, json_extract(payload, '$.child_id') FROM \"version\" "
        "WHERE entity != 'child'").fetchall()
    return {rid for rid, link in rows if link in child_ids}


# --- applying ------------------------------------------------------------------------------
@dataclass
class ImportResult:
    counts: dict[str, int]
    changed: bool
    backup: Path | None = None
    adopted_vault_id: str | None = None
    versions_before: int = 0
    versions_after: int = 0
    notes: list[str] = field(default_factory=list)


def apply_import(vault: Vault, preview: ImportPreview, event: str = "import") -> ImportResult:
    """Back up, then apply the plan in one transaction with a count check before commit."""
    with gc_paused():
        return _apply(vault, preview, event)


def _apply(vault: Vault, preview: ImportPreview, event: str) -> ImportResult:
    plan, counts = preview.plan, preview.counts()
    if not preview.changes_anything:
        with vault.write():
            set_local(vault, "sync.last_seen_sha", preview.file_sha256)
            audit(vault, f"{event}-nothing-new", **_audit_counts(counts))
        return ImportResult(counts=counts, changed=False)
    with vault.read():
        if fingerprint(vault) != preview.fingerprint:
            raise MentorError("syncf.changed_since_preview")
        dest = backup(vault, "before-import")
    _prune_backups(dest.parent)
    fault_point("import:after-backup")
    with vault.write():
        if fingerprint(vault) != preview.fingerprint:
            raise MentorError("syncf.changed_since_preview")
        before = _count(vault, 'SELECT count(*) FROM "version"')
        purged = 0
        ids = plan.purge_record_ids
        for i in range(0, len(ids), CHUNK):
            part = ids[i:i + CHUNK]
            cur = vault.db.execute_sql(
                f"DELETE FROM \"version\" WHERE record_id IN ({','.join('?' * len(part))})", part)
            purged += cur.rowcount
        for e in plan.new_erasures:
            ErasureRow.insert(**e.to_dict()).on_conflict_replace().execute()
        rows = plan.versions_to_insert
        insert_versions_fast(vault, rows)
        if rows:
            store.observe_hlc(vault, max(v.hlc for v in plan.versions_to_insert))
        store.recompute(plan.purge_record_ids)
        write_states(vault, plan)
        fault_point("import:mid-transaction")
        after = _count(vault, 'SELECT count(*) FROM "version"')
        heads = _count(vault, "SELECT count(*) FROM head")
        records = _count(vault, 'SELECT count(DISTINCT record_id) FROM "version"')
        if after != before - purged + len(rows) or heads != records:
            raise MentorError("syncf.count_mismatch", expected=before - purged + len(rows),
                              got=after)
        if preview.adopt_vault_id:
            set_local(vault, "vault_id", preview.adopt_vault_id)
        set_local(vault, "sync.last_seen_sha", preview.file_sha256)
        set_local(vault, "sync.last_import_at", _now())
        audit(vault, event, **_audit_counts(counts))
        fault_point("import:before-commit")
    if preview.adopt_vault_id:
        vault.vault_id = preview.adopt_vault_id
    fault_point("import:after-commit")
    return ImportResult(counts=counts, changed=True, backup=dest,
                        adopted_vault_id=preview.adopt_vault_id, versions_before=before,
                        versions_after=after)


def insert_versions_fast(vault: Vault, versions: list[Version]) -> None:
    """One prepared INSERT for many versions, JSON written exactly as ``JSONField`` does
    (sorted keys, not ASCII-escaped); the round-trip test compares with ``store`` writes."""
    dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode
    params = [(v.version_id, v.record_id, v.entity, dumps(dict(v.vv)), v.hlc, v.device_id,
               1 if v.deleted else 0, dumps(dict(v.payload)), v.schema) for v in versions]
    vault.db.cursor().executemany(
        f'INSERT INTO "version" ({_COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', params)


def write_states(vault: Vault, plan: ImportPlan) -> None:
    """Heads and current rows of the recomputed records, in bulk, from the plan's after-states
    (the same leaves/winner/conflict functions as ``store.recompute``)."""
    existing = getattr(plan, "existing", None)  # set by prepare_import: records held before
    ids = list(plan.recompute) if existing is None else \
        [r for r in plan.recompute if r in existing]
    tables = [('"head"', "record_id")] + [(f'"{m._meta.table_name}"', "id")
                                          for m in SYNC_MODELS.values()]
    for i in range(0, len(ids), CHUNK):
        part = ids[i:i + CHUNK]
        marks = ",".join("?" * len(part))
        for table, col in tables:
            vault.db.execute_sql(f"DELETE FROM {table} WHERE {col} IN ({marks})", part)
    heads, current, ready = [], {}, {}
    cached = getattr(plan, "rows", {})
    for rid in plan.recompute:
        st = plan.states[rid]
        heads.append((rid, st.entity, st.winner.version_id, _dumps(list(st.leaf_ids)),
                      st.deleted, st.conflict))
        model = SYNC_MODELS.get(st.entity)
        if model is not None and not st.deleted:
            if rid in cached:
                ready.setdefault(model, []).append(cached[rid][1])
            else:
                row = store.row_from_payload(model, rid, st.winner.payload)
                current.setdefault(model, []).append(row)
    vault.db.cursor().executemany(
        'INSERT INTO "head" (record_id, entity, winner_id, leaf_ids, deleted, conflict) '
        "VALUES (?, ?, ?, ?, ?, ?)", heads)
    for model, params in ready.items():
        cols = ", ".join(f'"{f.column_name}"' for f in model._meta.fields.values())
        marks = ", ".join("?" * len(model._meta.fields))
        vault.db.cursor().executemany(
            f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES ({marks})', params)
    for model, rows in current.items():
        store.bulk_insert(vault, model, rows)


def _audit_counts(counts: dict[str, int]) -> dict[str, int]:
    return {k: v for k, v in counts.items() if v}


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat()


def _prune_backups(folder: Path) -> None:
    olds = sorted(folder.glob("*-before-import-*.db"))
    for old in olds[:-KEEP_IMPORT_BACKUPS]:
        try:
            old.unlink()
        except OSError:
            pass


def quarantined(vault: Vault) -> list[str]:
    """Live records whose child is missing (kept, set aside: shown under no child)."""
    with vault.read():
        return [r[0] for r in vault.db.execute_sql(
            "SELECT h.record_id FROM head h JOIN \"version\" v ON v.version_id = h.winner_id "
            "WHERE h.entity != 'child' AND h.deleted = 0 "
            "AND json_extract(v.payload, '$.child_id') IS NOT NULL "
            "AND json_extract(v.payload, '$.child_id') != '' "
            "AND json_extract(v.payload, '$.child_id') NOT IN "
            "(SELECT record_id FROM head WHERE entity = 'child')").fetchall()]


def import_new_profile(paths, name: str, path: Path, passphrase: str,
                       keys: SyncKeys | None = None) -> tuple[Vault, ImportPreview, ImportResult]:
    """First import on a new machine: check the file, then create the profile and its vault
    (same passphrase), adopt the file's vault id and import. Nothing is left behind when any
    step fails. Returns the open vault."""
    import shutil

    from mentor_tui.db.profiles import remove_profile
    from mentor_tui.db.vault import create_vault

    keys = keys or SyncKeys(passphrase)
    data = read_capped(Path(path))
    payload = open_payload(data, keys)
    vault = create_vault(paths, name, passphrase)
    try:
        preview = prepare_import(vault, None, keys, data=data, payload=payload)
        result = apply_import(vault, preview, event="import-new")
    except BaseException:
        vault.close()
        shutil.rmtree(vault.dir, ignore_errors=True)
        remove_profile(paths, vault.profile.id)
        raise
    return vault, preview, result
