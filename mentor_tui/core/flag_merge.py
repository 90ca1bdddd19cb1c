"""Concurrent steps on one risk flag, merged without asking (pure).

A flag's history is append-only by nature: steps recorded (checklist), return attempts, notes
and the events list. When two machines each add to the same flag between syncs, the import
finds two live leaves: a conflict (SYNC.md). Choosing one side would drop the other side's
steps from the flag (a police report's receipt number, a return attempt), so such a conflict
is merged here instead: every step, attempt and event of every side is kept.

Merged only when that loses nothing and decides nothing for the teacher:

- every other field (child, category, who opened it and when, what was observed, the
  resolution) is the same on every side;
- a step recorded on two sides was recorded the same way;
- no side resolved the flag while another did not.

Otherwise the conflict stays listed and she chooses, as for any record.

The merged version is the same on every machine, whatever order files meet in: its vector is
the join of the sides (which dominates each of them, so it is the record's only leaf), its
clock their latest, its device the winner's, and its id a digest of all that and the merged
payload. Merging is associative in content (merging A with the merge of B and C gives what the
merge of A and B merged with C gives), so machines that merged in different groupings write
the very same version, and union keeps one. A join that does not dominate every side (sides
that are themselves such merges, with equal vectors) is not merged: that could only repeat.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import replace
from typing import Any

from mentor_tui.core.versions import Version, canonical_json, dominates, join, winner

MERGED_ENTITIES = ("flag",)
LISTS = {"events": "at", "attempts": "on"}  # append-only lists, and the field they sort by
OWN = ("checklist", "status", *LISTS)  # merged here; every other field must agree


def merge_flag_payloads(payloads: Iterable[Mapping[str, Any]]) -> dict[str, Any] | None:
    """The flag holding every side's steps, attempts and events; None when the sides differ
    in anything else (see the module docstring)."""
    ps = [dict(p) for p in payloads]
    if len(ps) < 2:
        return None
    fields = set().union(*ps)
    for name in fields - set(OWN):
        if len({canonical_json(p.get(name)) for p in ps}) > 1:
            return None
    statuses = {p.get("status") for p in ps}
    if "resolved" in statuses and len(statuses) > 1:
        return None
    checklist: dict[str, object] = {}
    for p in ps:
        for step, value in (p.get("checklist") or {}).items():
            if step in checklist and canonical_json(checklist[step]) != canonical_json(value):
                return None
            checklist[step] = value
    out = {name: ps[0].get(name) for name in fields - set(OWN)}
    out["checklist"] = dict(sorted(checklist.items()))
    for name, by in LISTS.items():
        seen: dict[str, object] = {}
        for p in ps:
            for item in p.get(name) or []:
                seen.setdefault(canonical_json(item), item)
        out[name] = [seen[k] for k in sorted(seen, key=lambda k: (_sort_field(seen[k], by), k))]
    out["status"] = (
        "resolved" if statuses == {"resolved"} else "reported" if "reported" in statuses else "open"
    )
    return out


def _sort_field(item: object, by: str) -> str:
    return str(item.get(by, "")) if isinstance(item, Mapping) else ""


def merged_version(leaf_versions: Iterable[Version]) -> Version | None:
    """The one version that settles a flag's conflict losslessly, or None (not a flag, a
    deleted side, sides that differ in more than what they added)."""
    ls = sorted(leaf_versions, key=lambda v: v.version_id)
    if len(ls) < 2 or any(v.deleted or v.entity not in MERGED_ENTITIES for v in ls):
        return None
    vv = join(v.vv for v in ls)
    if not all(dominates(vv, v.vv) for v in ls):
        return None
    payload = merge_flag_payloads(v.payload for v in ls)
    if payload is None:
        return None
    win = winner(ls)
    if win is None:
        return None  # not reached: ls has two versions
    merged = Version(
        version_id="",  # set below, from the rest
        record_id=win.record_id,
        entity=win.entity,
        vv=vv,
        hlc=max(v.hlc for v in ls),
        device_id=win.device_id,
        deleted=False,
        payload=payload,
        schema=max(v.schema for v in ls),
    )
    content = merged.to_dict()
    del content["version_id"], content["deleted"]
    digest = hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
    return replace(merged, version_id="merged-" + digest[:48])
