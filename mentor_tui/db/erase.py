"""Erase a child for good (a guardian's request, PIPL Art. 47; 儿童个人信息网络保护规定 Art. 20).

Every version of the child and of every record that names the child (contacts, entries, flags,
plans, absences — any payload whose ``child_id`` is the child, in any version) is purged, and
an erasure marker (ids only) is stored; the marker travels in later sync files, so an old
stick cannot bring the child back (../shared/design/SYNC.md).

Beyond the version store: drafts typed for the child are deleted, freed pages are zeroed
(``secure_delete``), the WAL is checkpointed, the vault's own backups (which still hold the
child) are deleted, and the next export also replaces the stick's ``.prev`` copy.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mentor_tui.core.errors import MentorError
from mentor_tui.db import store
from mentor_tui.db.models import Draft, Head, VersionRow
from mentor_tui.db.vault import Vault, audit, set_local


@dataclass
class ErasePlan:
    child_id: str
    name: str
    record_ids: list[str]  # the child first, then its dependants
    by_entity: dict[str, int]


def dependants(vault: Vault, child_id: str) -> list[str]:
    """Records that name the child in any of their versions (call inside vault.read())."""
    rows = vault.db.execute_sql(
        'SELECT DISTINCT record_id FROM "version" '
        "WHERE json_extract(payload, '$.child_id') = ? AND record_id != ?",
        (child_id, child_id),
    ).fetchall()
    return sorted(r[0] for r in rows)


def plan_erase(vault: Vault, child_id: str) -> ErasePlan:
    """What :func:`erase_child` would remove (for the confirmation)."""
    with vault.read():
        head = Head.get_or_none((Head.record_id == child_id) & (Head.entity == "child"))
        if head is None:
            raise MentorError("erase.not_found")
        winner = VersionRow.get_or_none(VersionRow.version_id == head.winner_id)
        name = str((winner.payload or {}).get("name", "")) if winner else ""
        ids = [child_id] + dependants(vault, child_id)
        by_entity: dict[str, int] = {}
        for h in Head.select(Head.entity).where(Head.record_id.in_(ids)):
            by_entity[h.entity] = by_entity.get(h.entity, 0) + 1
    return ErasePlan(child_id=child_id, name=name, record_ids=ids, by_entity=by_entity)


def erase_child(vault: Vault, child_id: str, purge_backups: bool = True) -> ErasePlan:
    """Purge the child and its dependants, leave markers; returns what was erased."""
    plan = plan_erase(vault, child_id)
    secure_delete_on(vault)
    with vault.write():
        store.erase(vault, "child", plan.record_ids)
        after_purge(vault, plan.record_ids, [child_id])
        audit(vault, "erase", records=len(plan.record_ids))
    scrub(vault, purge_backups)
    return plan


# --- shared with an import that purges (db/sync_apply.py) -----------------------------------
def secure_delete_on(vault: Vault) -> None:
    """Freed pages are zeroed from now on (call before the purge)."""
    with vault.read():
        vault.db.execute_sql("PRAGMA secure_delete = ON")


def after_purge(vault: Vault, record_ids: Iterable[str], child_ids: Iterable[str]) -> None:
    """Inside the purging transaction: drafts typed for these records (or naming these
    children) go, and the next export also replaces the stick's ``.prev`` copy."""
    ids, children = set(record_ids), set(child_ids)
    for d in Draft.select(Draft.key, Draft.data):
        text = str(d.data)
        if any(part in ids for part in d.key.split(":")) or any(c in text for c in children):
            Draft.delete().where(Draft.key == d.key).execute()
    set_local(vault, "sync.erased_since_export", "1")


def scrub(vault: Vault, purge_backups: bool = True) -> None:
    """After the purge committed: the WAL is checkpointed (no old page stays in it) and the
    vault's own backups, which still hold the erased records, are deleted."""
    with vault.read():
        vault.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    if purge_backups:
        _purge_backups(vault.dir / "backups")


def _purge_backups(folder: Path) -> None:
    if not folder.is_dir():
        return
    for f in folder.iterdir():
        try:
            f.unlink()
        except OSError:
            pass
