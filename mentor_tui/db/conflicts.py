"""Conflict review (../shared/design/SYNC.md): records with more than one live leaf, or a delete
concurrent with an edit. Each leaf is a *side*; the teacher keeps one side whole or picks each
field, which writes one new version whose vector joins all leaves — that resolves it. Nothing is
dropped: the losing leaves stay in the record's history.

A resolution is refused (``conflict.stale``) when the leaves changed since they were shown.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from mentor_tui.core.errors import MentorError
from mentor_tui.core.versions import Version, leaves, next_vector
from mentor_tui.db import store
from mentor_tui.db.models import SYNC_MODELS, Head, VersionRow
from mentor_tui.db.vault import Vault, audit

HIDDEN = ("device_id",)  # payload fields not worth a row in the review


@dataclass
class FieldRow:
    name: str
    values: list[object]  # one per side, None when the side lacks the field
    differs: bool


@dataclass
class ConflictView:
    record_id: str
    entity: str
    title: str
    sides: list[Version]  # the leaves, winner first
    fields: list[FieldRow]

    @property
    def leaf_ids(self) -> list[str]:
        return [v.version_id for v in self.sides]

    def differing(self) -> list[FieldRow]:
        return [f for f in self.fields if f.differs]


def _title(entity: str, payload: Mapping[str, object], names: Mapping[str, str]) -> str:
    if entity == "child":
        return str(payload.get("name") or "")
    child = names.get(str(payload.get("child_id") or ""), "")
    what = payload.get("name") or payload.get("occurred_on") or payload.get("day") or ""
    return " · ".join(str(x) for x in (child, what) if x)


def _field_order(entity: str, sides: list[Version]) -> list[str]:
    model = SYNC_MODELS.get(entity)
    known = [n for n in model._meta.fields if n != "id"] if model is not None else []
    extra = sorted({k for v in sides for k in v.payload} - set(known))
    present = {k for v in sides for k in v.payload}
    return [n for n in known + extra if n in present and n not in HIDDEN]


def _view(record_id: str, names: Mapping[str, str]) -> ConflictView | None:
    sides = leaves(store.versions_of(record_id))  # sorted: winner first
    if len(sides) < 2:
        return None
    entity = sides[0].entity
    rows = []
    for name in _field_order(entity, sides):
        values = [v.payload.get(name) for v in sides]
        rows.append(FieldRow(name, values, any(x != values[0] for x in values[1:])))
    return ConflictView(
        record_id=record_id,
        entity=entity,
        title=_title(entity, sides[0].payload, names),
        sides=sides,
        fields=rows,
    )


def _child_names() -> dict[str, str]:
    from mentor_tui.db.models import Child

    return {c.id: c.name for c in Child.select(Child.id, Child.name)}


def list_conflicts(vault: Vault) -> list[ConflictView]:
    """Every record in conflict, children first, then by title."""
    with vault.read():
        names = _child_names()
        views = [
            _view(h.record_id, names) for h in Head.select(Head.record_id).where(Head.conflict)
        ]
    order = {e: i for i, e in enumerate(SYNC_MODELS)}
    return sorted(
        (v for v in views if v is not None),
        key=lambda v: (order.get(v.entity, 99), v.title, v.record_id),
    )


def conflict_view(vault: Vault, record_id: str) -> ConflictView | None:
    with vault.read():
        return _view(record_id, _child_names())


def _write(
    vault: Vault,
    record_id: str,
    payload: Mapping[str, object],
    deleted: bool,
    expected: list[str] | None,
) -> str:
    with vault.write():
        lv = leaves(store.versions_of(record_id))
        if not lv:
            raise MentorError("err.record_missing")
        if expected is not None and sorted(v.version_id for v in lv) != sorted(expected):
            raise MentorError("conflict.stale")
        v = Version(
            version_id=store.new_id(),
            record_id=record_id,
            entity=lv[0].entity,
            vv=next_vector(lv, vault.device_id),
            hlc=store.next_hlc(vault),
            device_id=vault.device_id,
            deleted=deleted,
            payload=dict(payload),
            schema=store.PAYLOAD_SCHEMA,
        )
        VersionRow.insert(**v.to_dict()).execute()
        store.recompute([record_id])
        audit(vault, "resolve", records=1)
    return v.version_id


def resolve_keep(
    vault: Vault, record_id: str, version_id: str, expected: list[str] | None = None
) -> str:
    """Keep one side whole (its payload verbatim, deleted or not); returns the new version id."""
    with vault.read():
        side = next(
            (v for v in leaves(store.versions_of(record_id)) if v.version_id == version_id), None
        )
    if side is None:
        raise MentorError("conflict.stale")
    return _write(vault, record_id, side.payload, side.deleted, expected)


def resolve_fields(
    vault: Vault, record_id: str, choices: Mapping[str, str], expected: list[str] | None = None
) -> str:
    """Pick per field: ``choices`` maps a field name to the version id whose value to keep;
    other fields come from the winner. The result is a live record."""
    with vault.read():
        sides = {v.version_id: v for v in leaves(store.versions_of(record_id))}
    if not sides:
        raise MentorError("err.record_missing")
    base = dict(max(sides.values(), key=Version.sort_key).payload)
    for name, vid in choices.items():
        side = sides.get(vid)
        if side is None:
            raise MentorError("conflict.stale")
        if name in side.payload:
            base[name] = side.payload[name]
        else:
            base.pop(name, None)
    return _write(vault, record_id, base, False, expected)
