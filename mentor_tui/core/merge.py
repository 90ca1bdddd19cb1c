"""Merging version sets (../shared/design/SYNC.md), as pure functions over plain values.

- :func:`merge_sets` is set union by ``version_id``; :func:`merge_state` adds erasures, which
  purge every version of their record (in both inputs) — so an old copy cannot bring an
  erased record back. Both are commutative, associative and idempotent.
- Erasing a child covers every record that names it (``child_id``) in any version, including
  records written elsewhere before the erasure and never seen by the eraser: a merge that
  holds such a version and the child's marker gives that record a marker of its own
  (:func:`linked_erasures`), so it is purged and blocked like the child.
- :func:`plan_import` is the dry run of an import: what would change, with counts for the
  report, and exactly which versions to insert and which records to purge or recompute. The
  database side applies the plan in one transaction.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core.flag_merge import MERGED_ENTITIES, merged_version
from mentor_tui.core.i18n import t
from mentor_tui.core.versions import (
    Version,
    canonical_json,
    far_future,
    in_conflict,
    leaves,
    now_ms,
)

CHILD_LINK = "child_id"  # payload field of entries, contacts, flags, plans, absences
# The marker a record gets for naming an erased child. Constant (not the child's clock or
# device), so every machine derives the same marker whatever order files meet in.
LINKED_HLC = 0
LINKED_DEVICE = "erased-with-child"


@dataclass(frozen=True)
class Erasure:
    """A record erased for good: ids only, no content."""

    record_id: str
    entity: str
    hlc: int
    device_id: str

    def sort_key(self) -> tuple[int, str, str]:
        return (self.hlc, self.device_id, self.entity)

    def to_dict(self) -> dict[str, Any]:
        return {
            "record_id": self.record_id,
            "entity": self.entity,
            "hlc": self.hlc,
            "device_id": self.device_id,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Erasure:
        return cls(
            record_id=d["record_id"],
            entity=d["entity"],
            hlc=int(d["hlc"]),
            device_id=d["device_id"],
        )


@dataclass(frozen=True)
class Rejected:
    """An item of a sync file that is not imported, and why (an i18n key + the field)."""

    kind: str  # "version" | "erasure"
    index: int | None
    version_id: str | None
    record_id: str | None
    reason: str
    field: str = ""

    def message(self, lang: str | None = None) -> str:
        return t(self.reason, lang=lang, field=self.field)


@dataclass(frozen=True)
class RecordState:
    """What the derived tables hold for one record (the ``head`` row)."""

    record_id: str
    entity: str
    winner: Version
    leaf_ids: tuple[str, ...]
    deleted: bool
    conflict: bool


def record_state(versions: Iterable[Version]) -> RecordState | None:
    """Winner, leaves and conflict flag of one record's versions (None when there are none)."""
    vs = versions if isinstance(versions, (list, tuple)) else list(versions)
    return _state(vs) if vs else None


def _state(vs: Sequence[Version]) -> RecordState:
    """:func:`record_state` of at least one version."""
    if len(vs) == 1:  # the common case: its own leaf and winner, never in conflict
        v = vs[0]
        return RecordState(
            record_id=v.record_id,
            entity=v.entity,
            winner=v,
            leaf_ids=(v.version_id,),
            deleted=v.deleted,
            conflict=False,
        )
    ls = leaves(vs)  # never empty: some version of a non-empty set is not dominated
    win = max(ls, key=Version.sort_key)  # == winner(ls)
    return RecordState(
        record_id=win.record_id,
        entity=win.entity,
        winner=win,
        leaf_ids=tuple(v.version_id for v in ls),
        deleted=win.deleted,
        conflict=in_conflict(ls),
    )


def by_record(versions: Iterable[Version]) -> dict[str, list[Version]]:
    out: dict[str, list[Version]] = defaultdict(list)
    for v in versions:
        out[v.record_id].append(v)
    return dict(out)


def derive_states(versions: Iterable[Version]) -> dict[str, RecordState]:
    return {
        rid: st for rid, vs in by_record(versions).items() if (st := record_state(vs)) is not None
    }


def _pick(a: Version, b: Version) -> Version:
    """Two different versions under one id never occur in valid data (imports reject them);
    should it happen, every machine keeps the same one."""
    if a == b:
        return a
    return min(a, b, key=lambda v: canonical_json(v.to_dict()))


def merge_sets(a: Iterable[Version], b: Iterable[Version]) -> dict[str, Version]:
    """Union by ``version_id``."""
    out: dict[str, Version] = {}
    for v in list(a) + list(b):
        old = out.get(v.version_id)
        out[v.version_id] = v if old is None else _pick(old, v)
    return out


def merge_erasures(a: Iterable[Erasure], b: Iterable[Erasure]) -> dict[str, Erasure]:
    """Union by ``record_id``; two markers for one record keep the latest (deterministic)."""
    out: dict[str, Erasure] = {}
    for e in list(a) + list(b):
        old = out.get(e.record_id)
        out[e.record_id] = e if old is None else max(old, e, key=Erasure.sort_key)
    return out


def child_link(v: Version) -> str | None:
    """The child a (non-child) version names, or None."""
    if v.entity == "child":
        return None
    link = v.payload.get(CHILD_LINK)
    return link if isinstance(link, str) and link else None


def linked_erasures(
    versions: Iterable[Version], erasures: Mapping[str, Erasure]
) -> dict[str, Erasure]:
    """Markers for the records not yet erased that name an erased child in any of
    ``versions`` (ids only; the same marker on every machine)."""
    erased_children = {rid for rid, e in erasures.items() if e.entity == "child"}
    out: dict[str, Erasure] = {}
    if not erased_children:
        return out
    for v in versions:
        if v.record_id in erasures or child_link(v) not in erased_children:
            continue
        e = Erasure(v.record_id, v.entity, LINKED_HLC, LINKED_DEVICE)
        old = out.get(v.record_id)
        out[v.record_id] = e if old is None else max(old, e, key=Erasure.sort_key)
    return out


def merge_state(
    a_versions: Iterable[Version],
    a_erasures: Iterable[Erasure],
    b_versions: Iterable[Version],
    b_erasures: Iterable[Erasure],
) -> tuple[dict[str, Version], dict[str, Erasure]]:
    """Union of two replicas; versions of erased records — and of records naming an erased
    child — are dropped."""
    erasures = merge_erasures(a_erasures, b_erasures)
    union = merge_sets(a_versions, b_versions)
    erasures.update(linked_erasures(union.values(), erasures))
    versions = {vid: v for vid, v in union.items() if v.record_id not in erasures}
    return versions, erasures


@dataclass
class ImportPlan:
    """The dry-run report and the work list of one import."""

    new_records: list[str] = field(default_factory=list)
    updated_records: list[str] = field(default_factory=list)  # the winner changes
    unchanged_records: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)  # touched and in conflict after merge
    auto_merged: list[str] = field(default_factory=list)  # flags merged losslessly (flag_merge)
    deletions: list[str] = field(default_factory=list)  # visible before, deleted after
    purge_record_ids: list[str] = field(default_factory=list)  # local versions to purge
    new_erasures: list[Erasure] = field(default_factory=list)  # markers to store
    erased_skipped: list[Version] = field(default_factory=list)  # blocked resurrections
    orphans: list[str] = field(default_factory=list)  # child_id points at no child
    far_future: list[str] = field(default_factory=list)  # new versions with clocks ~10 y ahead
    rejected: list[Rejected] = field(default_factory=list)
    versions_to_insert: list[Version] = field(default_factory=list)
    recompute: list[str] = field(default_factory=list)  # records whose winner to rebuild
    states: dict[str, RecordState] = field(default_factory=dict)  # after, for `recompute`

    def counts(self) -> dict[str, int]:
        return {
            "new": len(self.new_records),
            "updated": len(self.updated_records),
            "unchanged": len(self.unchanged_records),
            "conflicts": len(self.conflicts),
            "merged": len(self.auto_merged),
            "deletions": len(self.deletions),
            "erasures": len(self.purge_record_ids),
            "erased_skipped": len(self.erased_skipped),
            "orphans": len(self.orphans),
            "far_future": len(self.far_future),
            "rejected": len(self.rejected),
        }

    @property
    def changes_anything(self) -> bool:
        return bool(self.versions_to_insert or self.purge_record_ids or self.new_erasures)


def plan_import(
    local_versions_by_record: Mapping[str, Iterable[Version]],
    local_erasures: Iterable[Erasure],
    incoming_versions: Iterable[Version],
    incoming_erasures: Iterable[Erasure],
    *,
    rejected: Iterable[Rejected] = (),
    local_child_ids: Collection[str] | None = None,
    now: int | None = None,
) -> ImportPlan:
    """Plan merging an incoming file into the vault, without changing anything.

    ``local_versions_by_record`` must hold every local version of every record the file
    touches, and of every record naming a child erased here or in the file (more is fine):
    those are purged too. ``local_child_ids`` lists every child record present in the vault
    (deleted or not), for the orphan check; it defaults to the children found in
    ``local_versions_by_record``.
    ``rejected`` (from :func:`~mentor_tui.core.syncfile.parse_payload`) is carried into the
    report. Versions to insert whose clock is far past ``now`` (ms, default: the wall clock)
    are kept and listed in ``far_future`` (the local clock will not adopt them).
    """
    plan = ImportPlan(rejected=list(rejected))
    local = {rid: list(vs) for rid, vs in local_versions_by_record.items()}
    local_ids = {v.version_id: v for vs in local.values() for v in vs}
    local_entity = {rid: vs[0].entity for rid, vs in local.items() if vs}
    erased_before = {e.record_id: e for e in local_erasures}
    erased_after = merge_erasures(erased_before.values(), incoming_erasures)
    incoming_versions = list(incoming_versions)
    erased_after.update(
        linked_erasures([v for vs in local.values() for v in vs] + incoming_versions, erased_after)
    )

    plan.new_erasures = sorted(
        (e for rid, e in erased_after.items() if erased_before.get(rid) != e),
        key=lambda e: e.record_id,
    )
    plan.purge_record_ids = sorted(e.record_id for e in plan.new_erasures if local.get(e.record_id))

    incoming: dict[str, list[Version]] = defaultdict(list)
    seen: set[str] = set()
    for v in sorted(incoming_versions, key=lambda v: v.version_id):
        if v.version_id in seen:
            continue
        seen.add(v.version_id)
        if v.record_id in erased_after:
            plan.erased_skipped.append(v)
        elif v.version_id in local_ids and local_ids[v.version_id] != v:
            plan.rejected.append(_reject(v, "sync.reject.clash"))
        else:
            incoming[v.record_id].append(v)

    for rid in sorted(incoming):
        vs = incoming[rid]
        entity = local_entity.get(rid) or vs[0].entity
        if any(v.entity != entity for v in vs):
            plan.rejected.extend(_reject(v, "sync.reject.mixed_entity") for v in vs)
            continue
        fresh = [v for v in vs if v.version_id not in local_ids]
        before = record_state(local.get(rid, ()))
        if fresh:
            after = _state(local.get(rid, []) + fresh)
            if after.conflict and entity in MERGED_ENTITIES:  # a flag's steps: keep them all
                merged = merged_version(leaves(local.get(rid, []) + fresh))
                if merged is not None:
                    fresh.append(merged)
                    plan.auto_merged.append(rid)
                    after = _state(local.get(rid, []) + fresh)
            plan.versions_to_insert.extend(fresh)
            plan.recompute.append(rid)
            plan.states[rid] = after
        elif before is not None:  # every version already held: the record is here
            after = before
        else:
            continue  # not reached: a version held here belongs to a record held here
        if before is None:
            plan.new_records.append(rid)
        elif after.winner.version_id != before.winner.version_id:
            plan.updated_records.append(rid)
        else:
            plan.unchanged_records.append(rid)
        if after.conflict:
            plan.conflicts.append(rid)
        if after.deleted and before is not None and not before.deleted:
            plan.deletions.append(rid)

    now = now_ms() if now is None else now
    plan.far_future = sorted(
        v.version_id for v in plan.versions_to_insert if far_future(v.hlc, now)
    )
    if local_child_ids is None:
        local_child_ids = [rid for rid, e in local_entity.items() if e == "child"]
    plan.orphans = _orphans(plan, set(local_child_ids), erased_after)
    return plan


def _orphans(
    plan: ImportPlan, local_children: set[str], erased: Mapping[str, Erasure]
) -> list[str]:
    """Touched records whose live winner names a child that will not exist after the import
    (a child never seen here; a record naming an erased child is erased with it)."""
    children = local_children | {rid for rid, st in plan.states.items() if st.entity == "child"}
    children -= set(erased)
    return sorted(
        rid
        for rid, st in plan.states.items()
        if not st.deleted and (link := child_link(st.winner)) is not None and link not in children
    )


def _reject(v: Version, reason: str) -> Rejected:
    return Rejected(
        kind="version", index=None, version_id=v.version_id, record_id=v.record_id, reason=reason
    )
