"""Import a sync file into a vault, step 2: applying the dry run (../shared/design/SYNC.md
"Flows"): an encrypted backup, then one ``BEGIN IMMEDIATE`` transaction — purge newly erased
records, store erasure markers, insert the new versions, rebuild the derived rows of the
touched records — with a count check **before commit** and an audit line. The plan comes from
:func:`mentor_tui.db.sync_import.prepare_import`; :func:`import_new_profile` (the first import
on a new machine) runs both steps.

An import that purges anything (an erasure from the file, or records naming an erased child)
gets the clean-up of a local erasure (:mod:`mentor_tui.db.erase`): ``secure_delete``, drafts,
a WAL checkpoint, and the vault's backups — the one just taken included — deleted. A full
disk during the backup or the transaction is one sentence (``syncf.vault_disk_full``); SQLite
rolls back, so the vault is as it was."""

from __future__ import annotations

import datetime as dt
import errno
import shutil
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from operator import itemgetter
from pathlib import Path

from peewee import OperationalError

from mentor_tui.core.errors import MentorError
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.i18n import t
from mentor_tui.core.sync_wire import json_text
from mentor_tui.core.versions import Version
from mentor_tui.db import erase, store
from mentor_tui.db.fault_points import fault_point
from mentor_tui.db.flag_absence import reconcile_absence_flags
from mentor_tui.db.models import SYNC_MODELS, Erasure as ErasureRow, SyncModel
from mentor_tui.db.profiles import SCHOOL, remove_profile, set_kind
from mentor_tui.db.settings import holds_a_school
from mentor_tui.db.sync_files import read_capped
from mentor_tui.db.sync_import import ImportPreview, open_payload, prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import (
    CHUNK,
    COLS,
    count,
    dumps,
    execute,
    execute_many,
    fingerprint,
    remember_held_file,
    roomy_cache,
)
from mentor_tui.db.vault import Vault, audit, backup, create_vault, finish_pending, set_local
from mentor_tui.paths import Paths

KEEP_IMPORT_BACKUPS = 5


@dataclass
class ImportResult:
    counts: dict[str, int]
    changed: bool
    backup: Path | None = None
    adopted_vault_id: str | None = None
    versions_before: int = 0
    versions_after: int = 0
    notes: list[str] = field(default_factory=list)  # i18n keys of sentences to show too
    absence_flags_opened: int = 0  # by the absence rule run after the import

    def message(self) -> str:
        """What the teacher reads after the import (CLI and TUI alike)."""
        if not self.changed:
            return t("syncf.nothing_new")
        erased = "syncf.backups_removed" in self.notes
        lines = [
            t("syncf.imported_erased" if erased else "syncf.imported", lang=None, **self.counts)
        ]
        lines += [t(n) for n in self.notes if n != "syncf.backups_removed"]
        return "\n".join(lines)


def apply_import(vault: Vault, preview: ImportPreview, event: str = "import") -> ImportResult:
    """Back up, then apply the plan in one transaction with a count check before commit."""
    with gc_paused():
        return _apply(vault, preview, event)


def _apply(vault: Vault, preview: ImportPreview, event: str) -> ImportResult:
    plan, counts = preview.plan, preview.counts()
    if not preview.changes_anything:
        try:
            with vault.write():
                set_local(vault, "sync.last_seen_sha", preview.file_sha256)
                if _file_is_the_vault(vault, preview):
                    remember_held_file(vault, preview.file_sha256)
                audit(vault, f"{event}-nothing-new", **_audit_counts(counts))
        except Exception as exc:
            if disk_full(exc):
                raise MentorError("syncf.vault_disk_full") from None
            raise
        return ImportResult(counts=counts, changed=False)
    with vault.read():
        if fingerprint(vault) != preview.fingerprint:
            raise MentorError("syncf.changed_since_preview")
    dest = _backup(vault)
    _prune_backups(dest.parent)
    fault_point("import:after-backup")
    ids = plan.purge_record_ids
    if ids:
        erase.secure_delete_on(vault)  # the purged records' pages are zeroed
    try:
        bulk = is_bulk(len(plan.versions_to_insert), preview.fingerprint[0])
        with roomy_cache(vault, len(plan.versions_to_insert)), written_once(vault, bulk):
            before, after = _transaction(vault, preview, event, counts)
    except Exception as exc:
        if disk_full(exc):
            raise MentorError("syncf.vault_disk_full") from None
        raise
    if preview.adopt_vault_id:
        vault.vault_id = preview.adopt_vault_id
    fault_point("import:after-commit")
    notes: list[str] = []
    opened = 0
    backup_path: Path | None = dest
    # Days of one absence run logged on different machines meet only here: run the rule
    # (seed 001, 控辍保学) again for the children whose absence days came in. Its own commit
    # after the import's; deterministic flag ids make it idempotent on every machine.
    absent: set[str] = set()
    for v in plan.versions_to_insert:
        child = v.payload.get("child_id") if v.entity == "absence" else None
        if isinstance(child, str):
            absent.add(child)
    if absent:
        opened = reconcile_absence_flags(vault, absent)
        if opened:
            notes.append("syncf.absence_flags_opened")
    if ids:  # the same clean-up as a local erasure: no copy of the erased records stays
        erase.scrub(vault)
        backup_path, notes = None, ["syncf.backups_removed"]
    return ImportResult(
        counts=counts,
        changed=True,
        backup=backup_path,
        adopted_vault_id=preview.adopt_vault_id,
        versions_before=before,
        versions_after=after,
        notes=notes,
        absence_flags_opened=opened,
    )


def _backup(vault: Vault) -> Path:
    """The encrypted backup before the import; on a full disk the partial copy is removed and
    the teacher is told in one sentence (the vault is untouched)."""
    folder = vault.dir / "backups"
    had = set(folder.iterdir()) if folder.is_dir() else set()
    try:
        with vault.read():
            return backup(vault, "before-import")
    except Exception as exc:
        if not disk_full(exc):
            raise
        for f in (set(folder.iterdir()) - had) if folder.is_dir() else ():
            f.unlink(missing_ok=True)
        raise MentorError("syncf.vault_disk_full") from None


def disk_full(exc: BaseException) -> bool:
    """SQLite's "database or disk is full" (SQLITE_FULL) or ENOSPC/EDQUOT anywhere in the
    chain: SQLite rolls the transaction back itself, so what surfaces is often peewee's
    "cannot rollback - no transaction is active" with the real cause as its context."""
    seen: set[int] = set()
    link: BaseException | None = exc
    while link is not None and id(link) not in seen:
        seen.add(id(link))
        if isinstance(link, OSError) and link.errno in _FULL_ERRNOS:
            return True
        if (
            getattr(link, "sqlite_errorcode", None) == _SQLITE_FULL
            or "database or disk is full" in str(link).lower()
        ):
            return True
        link = link.__cause__ or link.__context__
    return False


_SQLITE_FULL = 13
_FULL_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}


def _transaction(
    vault: Vault, preview: ImportPreview, event: str, counts: dict[str, int]
) -> tuple[int, int]:
    """Purge, store markers, insert, rebuild, count check, audit: one transaction.
    Returns the version counts before and after."""
    plan = preview.plan
    with vault.write():
        if fingerprint(vault) != preview.fingerprint:
            raise MentorError("syncf.changed_since_preview")
        before = count(vault, 'SELECT count(*) FROM "version"')
        purged = 0
        ids = plan.purge_record_ids
        for i in range(0, len(ids), CHUNK):
            part = ids[i : i + CHUNK]
            cur = execute(
                vault,
                f'DELETE FROM "version" WHERE record_id IN ({",".join("?" * len(part))})',
                part,
            )
            purged += cur.rowcount
        if ids:
            erased_children = {e.record_id for e in plan.new_erasures if e.entity == "child"}
            erase.after_purge(vault, ids, erased_children & set(ids))
        for e in plan.new_erasures:
            ErasureRow.insert(**e.to_dict()).on_conflict_replace().execute()
        rows = plan.versions_to_insert
        with indexes_built_after(vault, len(rows), before):
            insert_versions_fast(vault, rows)
            store.observe_hlc(vault, *(v.hlc for v in rows))  # far-future clocks not adopted
            store.recompute(plan.purge_record_ids)
            write_states(vault, preview)
        fault_point("import:mid-transaction")
        after = count(vault, 'SELECT count(*) FROM "version"')
        heads = count(vault, "SELECT count(*) FROM head")
        records = count(vault, 'SELECT count(DISTINCT record_id) FROM "version"')
        if after != before - purged + len(rows) or heads != records:
            raise MentorError(
                "syncf.count_mismatch", expected=before - purged + len(rows), got=after
            )
        if preview.adopt_vault_id:
            set_local(vault, "vault_id", preview.adopt_vault_id)
        set_local(vault, "sync.last_seen_sha", preview.file_sha256)
        remember_held_file(vault, preview.file_sha256 if _brought_all(preview) else None)
        set_local(vault, "sync.last_import_at", _now())
        audit(vault, event, **_audit_counts(counts))
        fault_point("import:before-commit")
    return before, after


# The tables an import writes many rows into. Their secondary indexes are built once after the
# rows go in when the import at least doubles the vault (a new machine): SQLite then sorts
# each index once instead of inserting 100,000 random keys into its B-tree.
_BULK_TABLES = ("version", "head", *(m._meta.table_name for m in SYNC_MODELS.values()))
BULK_ROWS = 256  # below this neither way is measurably faster


def is_bulk(rows: int, held: int) -> bool:
    """An import of ``rows`` new versions into a vault holding ``held`` is a bulk one: many
    rows, at least as many as the vault had (a new machine, a first import)."""
    return rows >= BULK_ROWS and rows >= held


@contextmanager
def written_once(vault: Vault, bulk: bool) -> Iterator[None]:
    """For a bulk import into a vault in WAL mode: the block runs with SQLite's rollback
    journal (``journal_mode = DELETE``, still ``synchronous = FULL``: as atomic and durable,
    the mode a vault on a network drive always uses), and WAL mode comes back after. The new
    pages then go to the vault file once, instead of to the WAL and again to the vault at the
    checkpoint (100,000 versions: ~125 MB written once, not twice). A vault that cannot
    switch (another connection open) stays in WAL mode."""
    if not bulk:
        yield
        return
    with vault.read():
        mode = str(execute(vault, "PRAGMA journal_mode").fetchone()[0]).lower()
        switched = False
        if mode == "wal":
            try:
                got = execute(vault, "PRAGMA journal_mode = DELETE").fetchone()[0]
                switched = str(got).lower() == "delete"
            except OperationalError:
                switched = False
        try:
            yield
        finally:
            if switched:
                # Never fails the import over it (it has committed, or failed for its own
                # reason): a vault left in rollback-journal mode works, and the next opening
                # sets WAL again (connection.CipherDatabase).
                with suppress(OperationalError):
                    execute(vault, "PRAGMA journal_mode = WAL")


@contextmanager
def indexes_built_after(vault: Vault, rows: int, held: int) -> Iterator[None]:
    """Inside the import's transaction of a bulk import (:func:`is_bulk`): drop the secondary
    indexes of the tables written and create them again, as they were (their own SQL from
    ``sqlite_master``), after the block. The same transaction: a failure rolls the drop back
    with the rest."""
    if not is_bulk(rows, held):
        yield
        return
    marks = ",".join("?" * len(_BULK_TABLES))
    found = execute(
        vault,
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND tbl_name IN ({marks}) ORDER BY name",
        _BULK_TABLES,
    ).fetchall()
    for name, _ in found:
        execute(vault, f'DROP INDEX "{name}"')
    yield
    for _, sql in found:
        execute(vault, sql)


def insert_versions_fast(vault: Vault, versions: list[Version]) -> None:
    """One prepared INSERT for many versions, vector and payload written as
    ``CanonicalJSONField`` does, at C speed (``sync_wire.json_text``); the round-trip test
    compares with ``store`` writes."""
    params = sorted(
        (
            v.version_id,
            v.record_id,
            v.entity,
            json_text(v.vv),
            v.hlc,
            v.device_id,
            1 if v.deleted else 0,
            json_text(v.payload),
            v.schema,
        )
        for v in versions
    )  # in key order: each row goes at the end of the primary-key index
    execute_many(
        vault, f'INSERT INTO "version" ({COLS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)', params
    )


def write_states(vault: Vault, preview: ImportPreview) -> None:
    """Heads and current rows of the recomputed records, in bulk, from the plan's after-states
    (the same leaves/winner/conflict functions as ``store.recompute``)."""
    plan = preview.plan
    ids = [r for r in plan.recompute if r in preview.existing]  # rows to replace
    tables = [('"head"', "record_id")] + [
        (f'"{m._meta.table_name}"', "id") for m in SYNC_MODELS.values()
    ]
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        marks = ",".join("?" * len(part))
        for table, col in tables:
            execute(vault, f"DELETE FROM {table} WHERE {col} IN ({marks})", part)
    heads: list[tuple[object, ...]] = []
    current: dict[type[SyncModel], list[dict[str, object]]] = {}
    ready: dict[type[SyncModel], list[tuple[object, ...]]] = {}
    cached = preview.rows
    for rid in plan.recompute:
        st = plan.states[rid]
        leaf_ids = st.leaf_ids
        heads.append(
            (
                rid,
                st.entity,
                st.winner.version_id,
                # == dumps(list(leaf_ids)): a version id is [A-Za-z0-9_-] (checked at parse)
                f'["{leaf_ids[0]}"]' if len(leaf_ids) == 1 else dumps(list(leaf_ids)),
                st.deleted,
                st.conflict,
            )
        )
        model = SYNC_MODELS.get(st.entity)
        if model is not None and not st.deleted:
            if rid in cached:
                ready.setdefault(model, []).append(cached[rid][1])
            else:
                row = store.row_from_payload(model, rid, st.winner.payload)
                current.setdefault(model, []).append(row)
    heads.sort()  # in key order, like the versions (record ids are unique here)
    execute_many(
        vault,
        'INSERT INTO "head" (record_id, entity, winner_id, leaf_ids, deleted, conflict) '
        "VALUES (?, ?, ?, ?, ?, ?)",
        heads,
    )
    for model, params in ready.items():
        params.sort(key=itemgetter(list(model._meta.fields).index("id")))
        cols = ", ".join(f'"{f.column_name}"' for f in model._meta.fields.values())
        marks = ", ".join("?" * len(model._meta.fields))
        execute_many(
            vault, f'INSERT INTO "{model._meta.table_name}" ({cols}) VALUES ({marks})', params
        )
    for model, rows in current.items():
        rows.sort(key=itemgetter("id"))
        store.bulk_insert(vault, model, rows)


def _file_is_the_vault(vault: Vault, preview: ImportPreview) -> bool:
    """A dry run that found nothing new, whose file holds every version and erasure marker
    of the vault (its versions matched byte for byte, as many as the vault's), unchanged
    since: the next dry run of the same file may skip the matching (``HELD_FILE``)."""
    held, fp = preview.payload.held, preview.fingerprint
    return (
        held is not None
        and (len(held), len(preview.payload.erasures)) == fp[:2]
        and fingerprint(vault) == fp
    )


def _brought_all(preview: ImportPreview) -> bool:
    """An import into an empty vault that inserted every version of the file and nothing
    else (nothing rejected, skipped, merged or erased): the vault now holds exactly the
    file's versions, stored canonically (``HELD_FILE``)."""
    plan, payload = preview.plan, preview.payload
    return (
        preview.fingerprint[:2] == (0, 0)
        and not payload.erasures
        and not (plan.rejected or plan.erased_skipped or plan.auto_merged)
        and not (plan.purge_record_ids or plan.new_erasures)
        and len(plan.versions_to_insert) == len(payload.versions)
    )


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


# --- a new machine ------------------------------------------------------------------
def import_new_profile(
    paths: Paths, name: str, path: Path, passphrase: str, keys: SyncKeys | None = None
) -> tuple[Vault, ImportPreview, ImportResult]:
    """First import on a new machine: check the file, then create the profile and its vault
    (same passphrase), adopt the file's vault id and import. Nothing is left behind when any
    step fails. Returns the open vault."""
    keys = keys or SyncKeys(passphrase)
    data = read_capped(Path(path))
    payload = open_payload(data, keys)
    vault = create_vault(paths, name, passphrase, pending=True)  # rolled back if cut short
    try:
        preview = prepare_import(vault, None, keys, data=data, payload=payload)
        result = apply_import(vault, preview, event="import-new")
        finish_pending(vault)
        if holds_a_school(vault) and vault.profile.kind != SCHOOL:
            # a coordinator's school vault restored on a new machine opens as the school's
            set_kind(paths, vault.profile.id, SCHOOL)
            vault.profile = replace(vault.profile, kind=SCHOOL)
    except BaseException:
        vault.close()
        shutil.rmtree(vault.dir, ignore_errors=True)
        remove_profile(paths, vault.profile.id)
        raise
    return vault, preview, result
