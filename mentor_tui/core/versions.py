"""The version set of ../shared/design/SYNC.md, as pure functions.

A version is an immutable record of one create / edit / delete of a syncable record:
``Version(version_id, record_id, entity, vv, hlc, device_id, deleted, payload, schema)``.

- ``vv`` is a version vector ``{device_id: counter}``.
- ``hlc`` is a hybrid logical clock: ``(wall_ms << 16) | counter``.
- Leaves of a record = its versions that no other version of it dominates.
- Winner = max over leaves of ``(not deleted, hlc, device_id, version_id)``, so an edit beats a
  concurrent delete and every machine picks the same winner.
- A record is in conflict when it has more than one live leaf, or a deleted leaf beside a live one.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

SYNC_ENTITIES = (
    "child",
    "contact",
    "entry",
    "term",
    "setting",
    "flag",
    "plan",
    "absence",
    "school_doc",  # the school office (db/school_models.py)
)

# Clocks and counters are stored in SQLite INTEGER columns (signed 64-bit).
HLC_MAX = (1 << 63) - 1
# A clock more than this far past now is a broken lab clock or a hostile file: its version is
# kept (and shown in the dry-run report), but the local clock never adopts it.
FAR_FUTURE_MS = 10 * 365 * 24 * 3600 * 1000


@dataclass(frozen=True)
class Version:
    version_id: str
    record_id: str
    entity: str
    vv: Mapping[str, int]
    hlc: int
    device_id: str
    deleted: bool
    payload: Mapping[str, object] = field(default_factory=dict)
    schema: int = 1

    def sort_key(self) -> tuple[bool, int, str, str]:
        return (not self.deleted, self.hlc, self.device_id, self.version_id)

    def to_dict(self) -> dict[str, Any]:
        return {
            "version_id": self.version_id,
            "record_id": self.record_id,
            "entity": self.entity,
            "vv": dict(sorted(self.vv.items())),
            "hlc": self.hlc,
            "device_id": self.device_id,
            "deleted": self.deleted,
            "payload": dict(self.payload),
            "schema": self.schema,
        }

    @classmethod
    def from_dict(cls, d: Mapping[str, Any]) -> Version:
        return cls(
            version_id=d["version_id"],
            record_id=d["record_id"],
            entity=d["entity"],
            vv=dict(d["vv"]),
            hlc=int(d["hlc"]),
            device_id=d["device_id"],
            deleted=bool(d["deleted"]),
            payload=dict(d.get("payload") or {}),
            schema=int(d.get("schema", 1)),
        )


# The canonical JSON of a value: sorted keys, no NaN, compact, UTF-8 text (not ASCII-escaped).
# The one encoder of it (the sync payload, its digest, version ids of merged flags); built once,
# since ``json.dumps`` with options builds a new encoder on every call.
canonical_json: Callable[[object], str] = json.JSONEncoder(
    sort_keys=True, ensure_ascii=False, allow_nan=False, separators=(",", ":")
).encode


def dominates(a: Mapping[str, int], b: Mapping[str, int]) -> bool:
    """True when vector ``a`` has seen everything ``b`` has and more (a > b)."""
    ge = all(a.get(k, 0) >= v for k, v in b.items())
    return ge and any(a.get(k, 0) > b.get(k, 0) for k in set(a) | set(b))


def join(vectors: Iterable[Mapping[str, int]]) -> dict[str, int]:
    out: dict[str, int] = {}
    for vec in vectors:
        for k, v in vec.items():
            if v > out.get(k, 0):
                out[k] = v
    return out


def next_vector(leaves: Iterable[Version], device_id: str) -> dict[str, int]:
    """The vector of a new version written on ``device_id`` after all ``leaves``."""
    vec = join(v.vv for v in leaves)
    vec[device_id] = vec.get(device_id, 0) + 1
    return vec


def leaves(versions: Iterable[Version]) -> list[Version]:
    """Versions not dominated by another version of the same record (one record's versions)."""
    vs = list({v.version_id: v for v in versions}.values())
    out = []
    for v in vs:
        if not any(o.version_id != v.version_id and dominates(o.vv, v.vv) for o in vs):
            out.append(v)
    return sorted(out, key=Version.sort_key, reverse=True)


def winner(leaf_versions: Iterable[Version]) -> Version | None:
    ls = list(leaf_versions)
    return max(ls, key=Version.sort_key) if ls else None


def in_conflict(leaf_versions: Iterable[Version]) -> bool:
    ls = list(leaf_versions)
    live = [v for v in ls if not v.deleted]
    return len(live) > 1 or (len(live) >= 1 and len(ls) > len(live))


def hlc_next(last: int, now_ms: int) -> int:
    """Next hybrid logical clock value: never goes backwards, even if the wall clock does.

    Saturates at ``HLC_MAX`` (a clock set thousands of years ahead, or a far-future value seen
    in a sync file) instead of overflowing int64; order between concurrent leaves is only for
    display, the version vectors carry causality.
    """
    candidate = min(max(now_ms, 0) << 16, HLC_MAX)
    return candidate if candidate > last else min(last + 1, HLC_MAX)


def now_ms() -> int:
    return int(time.time() * 1000)


def far_future(hlc: int, now: int) -> bool:
    """True when the clock's wall time is more than ~10 years past ``now`` (ms)."""
    return (hlc >> 16) > max(now, 0) + FAR_FUTURE_MS


def hlc_observe(local: int, remote: int, now: int | None = None) -> int:
    """The local clock after seeing a remote one (so later local edits sort after it).

    A far-future remote clock (:func:`far_future`; year 3000, ``HLC_MAX``) is not adopted:
    it would pin every later local version to that value. ``now`` defaults to the wall clock.
    """
    if far_future(remote, now_ms() if now is None else now):
        return local
    return min(max(local, remote), HLC_MAX)
