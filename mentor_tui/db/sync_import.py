"""Import a sync file into a vault, step 1: the dry run (../shared/design/SYNC.md "Flows",
docs/sync-flows.md).

Two steps, so the teacher sees what will happen before anything does:

1. :func:`prepare_import` (here) — every check in order (size cap → magic/version → KDF caps →
   decrypt/authenticate → payload and manifest → vault id), then the dry run
   (:func:`~mentor_tui.core.merge.plan_import`). Reads only; changes nothing.
2. ``apply_import`` (:mod:`mentor_tui.db.sync_apply`) — an encrypted backup, then one
   ``BEGIN IMMEDIATE`` transaction with a count check before commit. The first import on a
   new machine (``import_new_profile``) lives there too.

What the flows share has one home each: keys in :mod:`mentor_tui.db.sync_keys`, reading the
file within its cap in :mod:`mentor_tui.db.sync_files`, reading the vault fast in
:mod:`mentor_tui.db.sync_read`, fault points in :mod:`mentor_tui.db.fault_points`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NamedTuple

from peewee import CharField, DateField, DateTimeField, Field, TextField

from mentor_tui.core.dates import as_date
from mentor_tui.core.errors import MentorError
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.merge import Erasure, ImportPlan, Rejected, by_record, plan_import
from mentor_tui.core.syncfile import SyncPayload, parse_held, parse_known, parse_payload
from mentor_tui.db.fields import JSONField
from mentor_tui.db.models import SYNC_MODELS, SyncModel
from mentor_tui.db.sync_files import read_capped
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import (
    CHUNK,
    dependants,
    dumps,
    execute,
    fingerprint,
    held_file_known,
    held_texts,
    is_empty,
    load_erasures,
    load_versions,
)
from mentor_tui.db.vault import Vault

# A record's current-table row, ready to insert: its model and the database values of its
# fields in ``model._meta.fields`` order.
ReadyRow = tuple[type[SyncModel], tuple[object, ...]]


def open_payload(data: bytes, keys: SyncKeys) -> SyncPayload:
    return parse_payload(keys.open(data))


# --- the dry run ---------------------------------------------------------------------------
@dataclass
class ImportPreview:
    """What an import would do; show :meth:`report` and ask before :func:`apply_import`."""

    payload: SyncPayload
    plan: ImportPlan
    file_sha256: str
    fingerprint: tuple[int, int, str | None]
    # For apply_import: the recomputed records held here before (their rows are replaced), and
    # the rows computed while checking that each new winner can be shown (record id → row).
    existing: set[str]
    rows: dict[str, ReadyRow]
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
        out: list[str] = []
        for r in self.plan.rejected[:limit]:
            where = r.version_id or r.record_id or (f"#{r.index}" if r.index is not None else "")
            out.append(f"{r.kind} {where}: {r.message()}")
        return out


REPORT_ORDER = (
    "new",
    "updated",
    "unchanged",
    "conflicts",
    "merged",
    "deletions",
    "erasures",
    "erased_skipped",
    "quarantine",
    "far_future",
    "rejected",
)


def report_lines(counts: dict[str, int]) -> list[tuple[str, int]]:
    """(i18n key, count) rows of the dry-run report, in a fixed order."""
    key = {"quarantine": "sync.report.orphans"}
    return [(key.get(k, f"sync.report.{k}"), counts.get(k, 0)) for k in REPORT_ORDER]


def prepare_import(
    vault: Vault,
    path: Path | None,
    keys: SyncKeys,
    *,
    adopt: bool = False,
    data: bytes | None = None,
    payload: SyncPayload | None = None,
    adopt_empty: bool = True,
) -> ImportPreview:
    """Check the file and plan the import; raises a MentorError (changing nothing) when the
    file cannot be imported. ``data`` (and its parsed ``payload``) skip reading again.
    An empty vault adopts the file's vault id (a new machine) unless ``adopt_empty`` is
    False (the pull of an export, the start-up check: only this vault's own file)."""
    with gc_paused():
        return _prepare(vault, path, keys, adopt, data, payload, adopt_empty)


def _prepare(
    vault: Vault,
    path: Path | None,
    keys: SyncKeys,
    adopt: bool,
    data: bytes | None,
    payload: SyncPayload | None,
    adopt_empty: bool,
) -> ImportPreview:
    if data is None:
        if path is None:
            raise ValueError("prepare_import needs a path or the file's data")
        data = read_capped(Path(path))
    if payload is None:
        plain = keys.open(data)
        unchanged = _known_file(vault, data, plain) or _nothing_new(vault, data, plain)
        if unchanged is not None:
            return unchanged
        payload = parse_payload(plain)
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
        children = [
            r[0]
            for r in execute(vault, "SELECT record_id FROM head WHERE entity = 'child'").fetchall()
        ]
        fp = fingerprint(vault)
        local_by = by_record(local)
        erased_children = {e.record_id for e in erasures + payload.erasures if e.entity == "child"}
        if erased_children:  # records naming an erased child go with it (linked_erasures)
            linked = dependants(vault, erased_children) - set(local_by)
            local_by.update(by_record(load_versions(vault, linked)) if linked else {})
    plan = plan_import(
        local_by,
        erasures,
        payload.versions,
        payload.erasures,
        rejected=payload.rejected,
        local_child_ids=children,
    )
    rows = _reject_unshowable(plan)
    return ImportPreview(
        payload=payload,
        plan=plan,
        file_sha256=hashlib.sha256(data).hexdigest(),
        fingerprint=fp,
        adopt_vault_id=adopt_id,
        other_vault=other,
        existing={rid for rid in plan.recompute if rid in local_by},
        rows=rows,
    )


def _known_file(vault: Vault, data: bytes, plain: bytes) -> ImportPreview | None:
    """The dry run of the file this vault last found to hold exactly its versions
    (``sync_read.HELD_FILE``: the file's SHA-256 and the vault's state then, unchanged since):
    what :func:`_nothing_new` would report, without reading and matching the vault's
    versions one by one. The file is still authenticated in full (the caller opened it) and
    its manifest checked against the vault (the versions' and markers' counts, its counts per
    entity adding up, the versions' SHA-256). None in any other case."""
    sha = hashlib.sha256(data).hexdigest()
    with vault.read():
        if not held_file_known(vault, sha):
            return None
        erasures = load_erasures(vault)
        fp = fingerprint(vault)
        payload = parse_known(plain, fp[0], len(erasures))
        if payload is None or payload.vault_id != vault.vault_id:
            return None
        if sorted(payload.erasures, key=_ERASURE_KEY) != sorted(erasures, key=_ERASURE_KEY):
            return None
        record_ids = sorted(r[0] for r in execute(vault, "SELECT record_id FROM head").fetchall())
        in_conflict = {
            r[0] for r in execute(vault, "SELECT record_id FROM head WHERE conflict").fetchall()
        }
    plan = ImportPlan(
        unchanged_records=record_ids, conflicts=[r for r in record_ids if r in in_conflict]
    )
    return ImportPreview(
        payload=payload, plan=plan, file_sha256=sha, fingerprint=fp, existing=set(), rows={}
    )


def _ERASURE_KEY(e: Erasure) -> str:
    return e.record_id


def _nothing_new(vault: Vault, data: bytes, plain: bytes) -> ImportPreview | None:
    """The dry run of a file with nothing new for this vault, without decoding a version: its
    own vault's file whose versions are all held here byte for byte
    (``core.syncfile.parse_held``) and whose erasure markers are all held here. The report is
    what ``plan_import`` gives such a file — every record it touches unchanged, those in
    conflict named (the head table's state of them) — and applying it writes nothing.
    None in every other case (a record of two entities, a held version of an erased record,
    a record naming an erased child), and the full dry run runs."""
    with vault.read():
        held = held_texts(vault)
        if not held.texts:
            return None
        payload = parse_held(plain, held.texts, held.entities)
        if payload is None or payload.held is None or payload.vault_id != vault.vault_id:
            return None
        mine = {e.record_id: e for e in load_erasures(vault)}
        if any(mine.get(e.record_id) != e for e in payload.erasures):
            return None
        entity_of: dict[str, str] = {}
        for rid, entity in zip(held.record_ids, held.entities):
            if entity_of.setdefault(rid, entity) != entity:
                return None
        record_ids = sorted({held.record_ids[i] for i in payload.held})
        if mine.keys() & set(record_ids):
            return None
        erased_children = {rid for rid, e in mine.items() if e.entity == "child"}
        if erased_children and dependants(vault, erased_children) - mine.keys():
            return None
        in_conflict = {
            r[0] for r in execute(vault, "SELECT record_id FROM head WHERE conflict").fetchall()
        }
        fp = fingerprint(vault)
    plan = ImportPlan(
        unchanged_records=record_ids, conflicts=[r for r in record_ids if r in in_conflict]
    )
    return ImportPreview(
        payload=payload,
        plan=plan,
        file_sha256=hashlib.sha256(data).hexdigest(),
        fingerprint=fp,
        existing=set(),
        rows={},
    )


_PLAIN, _DATETIME, _DATE = 0, 1, 2
_EMPTY_JSON: dict[type, str] = {list: "[]", dict: "{}"}  # == dumps([]) and dumps({})


class _FieldSpec(NamedTuple):
    name: str
    kind: int  # _PLAIN, _DATETIME (ISO text parsed), _DATE (core.dates.as_date)
    default: object  # a value, or a callable giving one
    null: bool
    to_db: Callable[[object], object] | None  # None: the value goes in as it is (see _spec)
    json: bool  # JSONField: written with sync_read.dumps


def _spec(name: str, f: Field) -> _FieldSpec:
    kind = (
        _DATETIME if isinstance(f, DateTimeField) else _DATE if isinstance(f, DateField) else _PLAIN
    )
    # A text field's db_value returns a str unchanged: skip the call for str values.
    plain_text = isinstance(f, (CharField, TextField)) and type(f).db_value is CharField.db_value
    return _FieldSpec(
        name, kind, f.default, f.null, None if plain_text else f.db_value, type(f) is JSONField
    )


_SPECS: dict[type[SyncModel], list[_FieldSpec]] = {}


def _specs(model: type[SyncModel]) -> list[_FieldSpec]:
    specs = _SPECS.get(model)
    if specs is None or len(specs) != len(model._meta.fields):
        specs = _SPECS[model] = [_spec(n, f) for n, f in model._meta.fields.items()]
    return specs


def _row_problem(
    model: type[SyncModel], rid: str, payload: Mapping[str, Any]
) -> tuple[tuple[object, ...] | None, str | None]:
    """(the current-table row as database values, in ``model._meta.fields`` order, None) or
    (None, the first field that cannot go in). The values of ``store.row_from_payload`` and
    each field's ``db_value``, with the per-field work decided once per model (it runs for
    every record an import brings: tests/test_sync_rows.py compares both ways)."""
    specs = _specs(model)
    values: list[object] = []
    try:
        for spec in specs:
            name = spec.name
            if name == "id":
                value: object = rid
            elif name in payload:
                value = payload[name]
                if spec.kind == _DATETIME:
                    if isinstance(value, str):
                        value = dt.datetime.fromisoformat(value)
                elif spec.kind == _DATE:
                    value = as_date(value)
            else:
                default = spec.default
                value = default() if callable(default) else default
            values.append(value)
    except Exception:  # noqa: BLE001 - a malformed date and the like
        return None, next((k for k in payload if k in model._meta.fields), "payload")
    params: list[object] = []
    for spec, value in zip(specs, values):
        if value is None:
            if not spec.null:
                return None, spec.name
            params.append(None)
            continue
        try:
            if spec.json:  # most are empty (an entry's tags, many cards): "[]" / "{}" as dumps
                empty = _EMPTY_JSON.get(type(value)) if not value else None
                params.append(empty if empty is not None else dumps(value))
            elif spec.to_db is None and type(value) is str:
                params.append(value)
            else:
                to_db = spec.to_db or model._meta.fields[spec.name].db_value
                params.append(to_db(value))
        except Exception:  # noqa: BLE001
            return None, spec.name
    return tuple(params), None


def _reject_unshowable(plan: ImportPlan) -> dict[str, ReadyRow]:
    """A record whose new winner cannot be shown (a date that is not a date, a required field
    missing) is not imported: its new versions are listed as rejected, the rest goes on.
    Returns the rows of the others, computed on the way (reused by ``write_states``)."""
    bad: dict[str, str] = {}
    rows: dict[str, ReadyRow] = {}
    for rid in plan.recompute:
        st = plan.states[rid]
        model = SYNC_MODELS.get(st.entity)
        if model is not None and not st.deleted:
            row, problem = _row_problem(model, rid, dict(st.winner.payload))
            if row is not None:
                rows[rid] = (model, row)
            else:
                bad[rid] = problem or "payload"
    if not bad:
        return rows
    for v in plan.versions_to_insert:
        if v.record_id in bad:
            plan.rejected.append(
                Rejected(
                    kind="version",
                    index=None,
                    version_id=v.version_id,
                    record_id=v.record_id,
                    reason="sync.reject.bad_field",
                    field="payload." + bad[v.record_id][:64],
                )
            )
    plan.versions_to_insert = [v for v in plan.versions_to_insert if v.record_id not in bad]
    kept = {v.version_id for v in plan.versions_to_insert}
    plan.far_future = [vid for vid in plan.far_future if vid in kept]
    plan.recompute = [r for r in plan.recompute if r not in bad]
    for rid in bad:
        plan.states.pop(rid, None)
    for name in (
        "new_records",
        "updated_records",
        "unchanged_records",
        "conflicts",
        "deletions",
        "orphans",
    ):
        setattr(plan, name, [r for r in getattr(plan, name) if r not in bad])
    return rows
