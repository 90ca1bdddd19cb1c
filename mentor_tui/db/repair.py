"""Repairing a damaged vault (issue 13): a new vault from every version that can still be
read through SQL, merged with the teacher's sync file on her stick.

1. **Salvage** (:func:`rebuild`). The damaged file is read on a read-only connection: each
   table by rowid ranges, a range that fails split in two until the failing rows are
   isolated and stepped over; then a primary-key lookup for every version id known from
   elsewhere (the ``head`` table's leaves, the primary-key index, the stick's file). SQLCipher
   keeps a failed page's error on its connection, so the reader opens a fresh connection
   after every failure. Page-level b-tree salvage is out of scope.
2. **Rebuild**: the readable versions, erasure markers, machine-local state, drafts and audit
   lines go into a new database (same key) built beside the old one; the damaged file is kept
   beside it renamed (``vault-damaged-<time>.db``, never deleted) and the new one takes its
   place. Heads and the current tables are derived again from the versions.
3. **Merge the stick's file** (:func:`merge_stick`): the ordinary sync import (its checks,
   its backup, its one transaction), so what the stick has and the vault lost comes back.

The report says how many versions were recovered, how many came from the stick and what
could not be read: ids and kinds where known, rowid ranges otherwise — never content.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlcipher3 import dbapi2 as sqlcipher

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.versions import Version, in_conflict, leaves, winner
from mentor_tui.db import keyring, migrations, store
from mentor_tui.db.connection import CipherDatabase
from mentor_tui.db.fault_points import fault_point
from mentor_tui.db.models import SYNC_MODELS, Erasure, Head, VersionRow, database
from mentor_tui.db.profiles import Profile
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import COLS
from mentor_tui.db.vault import (
    DB_NAME,
    KEYRING_NAME,
    REPAIRED,
    Vault,
    acquire_lock,
    audit,
    finish_repair,
    get_local,
    open_vault,
)
from mentor_tui.db.vault_check import DamageReport, connect_readonly, full_check, readonly_uri
from mentor_tui.paths import Paths, fsync_dir, repair_modes

BUILDING = "vault.db.building"  # the new database while it is being built
# Tables read from the damaged file; head and the current tables are derived again.
SALVAGED = ("version", "erasure", "local_state", "audit", "draft")
VERSION_COLS = COLS.split(", ")  # the version table's columns (db.sync_read)
RANGE = 2_000  # rowids per query while nothing fails
MAX_FAILURES = 5_000  # failed probes before the rest of a table is given up as unreadable
FALLBACK_TOP = 1 << 16  # rowid bound when even max(rowid) cannot be read


@dataclass(frozen=True)
class Unreadable:
    """Something that could not be read: a record version by id (and its kind, when the
    ``head`` table still says it), or a range of rows of a table."""

    table: str
    what: str
    kind: str = ""


@dataclass
class RepairReport:
    recovered: int = 0  # versions read from the damaged file
    from_stick: int = 0  # versions the stick's file added
    stick: str = "none"  # "merged" | "none" (no file given or found) | "failed"
    stick_error: str = ""  # the sentence when the stick's file could not be merged
    unreadable: list[Unreadable] = field(default_factory=list)
    kept_as: Path | None = None  # the damaged file, renamed
    live_records: int = 0

    def lines(self) -> list[str]:
        """What the teacher reads after the repair (CLI and TUI alike): counts and ids."""
        out = [t("repair.done", recovered=self.recovered, live=self.live_records)]
        if self.stick == "merged":
            out.append(t("repair.from_stick", n=self.from_stick))
        elif self.stick == "failed":
            out.append(t("repair.stick_failed", error=self.stick_error))
        else:
            out.append(t("repair.no_stick"))
        if self.unreadable:
            out.append(t("repair.unreadable", n=len(self.unreadable)))
            out += [
                "  " + " · ".join(p for p in (u.table, u.kind, u.what) if p)
                for u in self.unreadable[:50]
            ]
        else:
            out.append(t("repair.all_read"))
        if self.kept_as is not None:
            out.append(t("repair.kept", name=self.kept_as.name))
        return out


# --- reading the damaged file -------------------------------------------------------------
class SalvageReader:
    """Queries on the damaged file; a failed query returns None and the connection is opened
    afresh (SQLCipher keeps a page's error on the connection that met it)."""

    def __init__(self, path: Path, raw_key: bytes) -> None:
        self.uri, self.raw_key = readonly_uri(path), raw_key
        self.failures = 0
        self.conn: Any = None

    def query(self, sql: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]] | None:
        try:
            if self.conn is None:
                self.conn = connect_readonly(self.uri, self.raw_key)
            rows: list[tuple[Any, ...]] = self.conn.execute(sql, params).fetchall()
            return rows
        except sqlcipher.Error:
            self.failures += 1
            self.close()
            return None

    def close(self) -> None:
        if self.conn is not None:
            try:
                self.conn.close()
            except sqlcipher.Error:
                pass
            self.conn = None


def _columns(reader: SalvageReader, table: str) -> list[str]:
    rows = reader.query(f'PRAGMA table_info("{table}")')
    return [str(r[1]) for r in rows or []]


def salvage_rows(
    reader: SalvageReader, table: str, cols: list[str]
) -> Iterator[list[tuple[Any, ...]] | tuple[int, int]]:
    """The readable rows of ``table`` (lists of row tuples, ``cols`` in order), and each range
    of rowids that could not be read (``(first, last)``), by rowid ranges split on failure."""
    top_rows = reader.query(f'SELECT max(rowid) FROM "{table}"')
    if top_rows is None and table == "version":  # the table's right edge is damaged
        top_rows = reader.query(
            'SELECT max(rowid) FROM "version" INDEXED BY sqlite_autoindex_version_1'
        )
    top = top_rows[0][0] if top_rows and top_rows[0][0] is not None else None
    if top_rows is not None and top is None:
        return  # an empty table
    top = int(top) if top is not None else FALLBACK_TOP
    names = ", ".join(f'"{c}"' for c in cols)
    sql = f'SELECT {names} FROM "{table}" WHERE rowid BETWEEN ? AND ?'
    budget = reader.failures + MAX_FAILURES
    for start in range(1, top + 1, RANGE):
        todo = [(start, min(start + RANGE - 1, top))]
        while todo:
            lo, hi = todo.pop()
            if reader.failures >= budget:
                yield (lo, hi)
                continue
            rows = reader.query(sql, (lo, hi))
            if rows is not None:
                if rows:
                    yield rows
            elif lo == hi:
                yield (lo, hi)
            else:
                mid = (lo + hi) // 2
                todo += [(mid + 1, hi), (lo, mid)]  # the lower half first


def _merge_ranges(ranges: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for lo, hi in sorted(ranges):
        if out and lo <= out[-1][1] + 1:
            out[-1] = (out[-1][0], max(hi, out[-1][1]))
        else:
            out.append((lo, hi))
    return out


def _known_version_ids(reader: SalvageReader) -> dict[str, str]:
    """Version id → kind (entity) of every version the ``head`` table names, and version ids
    the primary-key index still lists (kind unknown): what a lookup may still find."""
    known: dict[str, str] = {}
    for part in salvage_rows(reader, "head", ["entity", "winner_id", "leaf_ids"]):
        if isinstance(part, tuple):
            continue
        for entity, winner_id, leaf_ids in part:
            known[str(winner_id)] = str(entity)
            try:
                ids = json.loads(leaf_ids) if isinstance(leaf_ids, str) else []
            except ValueError:
                ids = []
            for vid in ids if isinstance(ids, list) else []:
                known[str(vid)] = str(entity)
    after = ""
    while True:  # the index, in pages, while it reads
        rows = reader.query(
            'SELECT version_id FROM "version" INDEXED BY sqlite_autoindex_version_1 '
            "WHERE version_id > ? ORDER BY version_id LIMIT 1000",
            (after,),
        )
        if not rows:
            break
        for (vid,) in rows:
            known.setdefault(str(vid), "")
        after = str(rows[-1][0])
    return known


# --- building the new database --------------------------------------------------------------
def _insert(db: CipherDatabase, table: str, cols: list[str], rows: list[tuple[Any, ...]]) -> int:
    if not rows:
        return 0
    names = ", ".join(f'"{c}"' for c in cols)
    marks = ", ".join("?" for _ in cols)
    cur = db.cursor()
    cur.executemany(f'INSERT OR IGNORE INTO "{table}" ({names}) VALUES ({marks})', rows)
    return len(rows)


def rebuild(dir_: Path, raw_key: bytes, stick: StickFacts | None = None) -> RepairReport:
    """Salvage the damaged ``vault.db`` into a new one (same key), keep the damaged file
    beside it renamed, and put the new one in place. The caller holds the profile's lock and
    has closed every connection to the file. Heads and current rows are derived afterwards
    (:func:`derive_all`, on the reopened vault)."""
    report = RepairReport()
    stick = stick or StickFacts()
    old, building = dir_ / DB_NAME, dir_ / BUILDING
    for leftover in (building, building.with_name(BUILDING + "-journal")):
        leftover.unlink(missing_ok=True)
    reader = SalvageReader(old, raw_key)
    schema = reader.query("SELECT count(*) FROM sqlite_master")
    new = CipherDatabase(str(building), raw_key, journal="delete", thread_safe=False)
    new.connect()
    try:
        previous = database.obj  # the schema's models are bound through the proxy
        database.initialize(new)
        try:
            migrations.migrate(new)
        finally:
            database.initialize(previous)
        vids: set[str] = set()
        with new.atomic("IMMEDIATE"):
            if schema is None:  # the first page (the schema) is lost: nothing reads by SQL
                report.unreadable.append(Unreadable("sqlite_master", t("repair.whole_file")))
            for table in SALVAGED if schema is not None else ():
                wanted = _columns_of(new, table)
                cols = [c for c in (_columns(reader, table) or wanted) if c in wanted]
                if table == "version":
                    cols = VERSION_COLS
                bad: list[tuple[int, int]] = []
                for part in salvage_rows(reader, table, cols):
                    if isinstance(part, tuple):
                        bad.append(part)
                        continue
                    _insert(new, table, cols, part)
                    if table == "version":
                        vids.update(str(r[0]) for r in part)
                report.unreadable += [
                    Unreadable(table, t("repair.rows", first=lo, last=hi))
                    for lo, hi in _merge_ranges(bad)
                ]
            # primary-key lookups of every version id known from elsewhere
            known = _known_version_ids(reader) if schema is not None else {}
            lookups = set(known) | stick.version_ids if schema is not None else set()
            for vid in sorted(lookups):
                if vid in vids:
                    continue
                rows = reader.query(
                    f'SELECT {COLS} FROM "version" WHERE version_id = ?',
                    (vid,),
                )
                if rows:
                    _insert(new, "version", VERSION_COLS, rows)
                    vids.add(vid)
                elif vid in known and vid not in stick.version_ids:
                    report.unreadable.append(Unreadable("version", vid, known[vid]))
            report.recovered = len(vids)
            _fix_local_state(new, stick.vault_id)
    finally:
        reader.close()
        new.close()
    _put_in_place(dir_, report)
    return report


def _columns_of(db: CipherDatabase, table: str) -> list[str]:
    return [str(r[1]) for r in db.execute_sql(f'PRAGMA table_info("{table}")').fetchall()]


def _fix_local_state(db: CipherDatabase, stick_vault_id: str | None) -> None:
    """The machine-local values a vault needs, where the damaged file lost them (the vault
    id then comes from the stick's file, which is this vault's); the clock never goes back
    behind a salvaged version's."""

    def get(key: str) -> str | None:
        row = db.execute_sql("SELECT value FROM local_state WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(key: str, value: str) -> None:
        db.execute_sql(
            "INSERT OR REPLACE INTO local_state (key, value) VALUES (?, ?)", (key, value)
        )

    if get("device_id") is None:
        put("device_id", uuid.uuid4().hex[:16])
    if get("vault_id") is None:
        put("vault_id", stick_vault_id or uuid.uuid4().hex)
    top = db.execute_sql('SELECT max(hlc) FROM "version"').fetchone()[0] or 0
    put("hlc", str(max(int(get("hlc") or 0), int(top))))
    put("clean", "0")
    put("sync.last_seen_sha", "")  # the stick's file is merged again after a repair


def _put_in_place(dir_: Path, report: RepairReport) -> None:
    """building → vault.db.new (complete) → the damaged file renamed → vault.db."""
    building, new, db = dir_ / BUILDING, dir_ / REPAIRED, dir_ / DB_NAME
    with open(building, "rb+") as fh:
        os.fsync(fh.fileno())
    building.replace(new)
    fsync_dir(dir_)
    fault_point("repair:built")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    kept = dir_ / f"vault-damaged-{stamp}.db"
    n = 1
    while kept.exists():
        n += 1
        kept = dir_ / f"vault-damaged-{stamp}-{n}.db"
    for suffix in ("", "-wal", "-shm"):
        part = db.with_name(db.name + suffix)
        if part.exists():
            part.replace(kept.with_name(kept.name + suffix))
    finish_repair(dir_)
    fsync_dir(dir_)
    repair_modes(dir_)
    report.kept_as = kept


def derive_all(vault: Vault) -> int:
    """Heads and current rows of every record, from its versions (one pass, in bulk); the
    versions of erased records go. Returns the live records. Call on the reopened vault."""
    with vault.write():
        erased = {e.record_id for e in Erasure.select(Erasure.record_id)}
        if erased:
            ids = sorted(erased)
            for i in range(0, len(ids), 500):
                VersionRow.delete().where(VersionRow.record_id.in_(ids[i : i + 500])).execute()
        Head.delete().execute()
        for model in SYNC_MODELS.values():
            model.delete().execute()
        heads: list[dict[str, Any]] = []
        rows: dict[str, list[dict[str, Any]]] = {}
        live = 0
        group: list[Version] = []

        def flush() -> None:
            nonlocal live
            if not group:
                return
            lv = leaves(group)
            w = winner(lv)
            assert w is not None
            heads.append(
                {
                    "record_id": w.record_id,
                    "entity": w.entity,
                    "winner_id": w.version_id,
                    "leaf_ids": [v.version_id for v in lv],
                    "deleted": w.deleted,
                    "conflict": in_conflict(lv),
                }
            )
            model = SYNC_MODELS.get(w.entity)
            if model is not None and not w.deleted:
                rows.setdefault(w.entity, []).append(
                    store.row_from_payload(model, w.record_id, w.payload)
                )
                live += 1
            group.clear()

        query = VersionRow.select().order_by(VersionRow.record_id)
        for row in query.iterator():
            v = store.to_version(row)
            if group and group[0].record_id != v.record_id:
                flush()
            group.append(v)
        flush()
        store.bulk_insert(vault, Head, heads)
        for entity, items in rows.items():
            store.bulk_insert(vault, SYNC_MODELS[entity], items)
        audit(vault, "repair", records=len(heads), live=live)
    return live


# --- the stick's file -----------------------------------------------------------------------
@dataclass(frozen=True)
class StickFacts:
    """What the rebuild needs of the stick's file: its version ids (for the lookups) and its
    vault id (the vault's own, when the damage took it)."""

    version_ids: frozenset[str] = frozenset()
    vault_id: str | None = None


def stick_facts(stick: Path | None, keys: SyncKeys | None) -> StickFacts:
    """Empty when there is no file or it cannot be read (the merge then says why)."""
    if stick is None or keys is None or not stick.exists():
        return StickFacts()
    from mentor_tui.db.sync_files import read_capped
    from mentor_tui.db.sync_import import open_payload

    try:
        payload = open_payload(read_capped(stick), keys)
    except MentorError:
        return StickFacts()
    return StickFacts(frozenset(v.version_id for v in payload.versions), payload.vault_id)


def merge_stick(
    vault: Vault, stick: Path | None, keys: SyncKeys | None, report: RepairReport
) -> None:
    """The ordinary sync import of the stick's file into the rebuilt vault."""
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_import import prepare_import

    if stick is None or keys is None or not stick.exists():
        report.stick = "none"
        return
    try:
        preview = prepare_import(vault, stick, keys)
        report.from_stick = len(preview.plan.versions_to_insert)
        apply_import(vault, preview, event="repair-import")
        report.stick = "merged"
    except MentorError as err:
        report.stick, report.stick_error = "failed", str(err)


def _finish(vault: Vault, stick: Path | None, keys: SyncKeys | None, report: RepairReport) -> None:
    with vault.read():  # the ids the rebuilt file holds (taken from the stick when lost)
        vault.device_id = get_local(vault, "device_id") or vault.device_id
        vault.vault_id = get_local(vault, "vault_id") or vault.vault_id
    derive_all(vault)
    merge_stick(vault, stick, keys, report)
    with vault.read():
        report.live_records = Head.select().where(Head.deleted == False).count()  # noqa: E712


def repair_open(vault: Vault, stick: Path | None, keys: SyncKeys | None) -> RepairReport:
    """Repair the vault the app has open (the TUI's 修复): its connection is closed, the file
    rebuilt underneath, the connection opened again; the lock and the key stay."""
    with vault.mutex:
        vault.disconnect()
        try:
            report = rebuild(vault.dir, vault.raw_key, stick_facts(stick, keys))
        finally:
            vault.reconnect()
    _finish(vault, stick, keys, report)
    return report


def vault_id_of(dir_: Path, raw_key: bytes) -> str | None:
    """The vault id in a (damaged) vault's file, when it can still be read: it names the
    stick's file."""
    reader = SalvageReader(dir_ / DB_NAME, raw_key)
    try:
        rows = reader.query("SELECT value FROM local_state WHERE key = 'vault_id'")
    finally:
        reader.close()
    return str(rows[0][0]) if rows else None


def _unlocked_key(dir_: Path, passphrase: str) -> tuple[FileLock, bytes]:
    if not (dir_ / DB_NAME).exists():
        raise MentorError("err.vault_missing")
    lock = acquire_lock(dir_)
    try:
        return lock, keyring.unwrap(keyring.read(dir_ / KEYRING_NAME), passphrase)
    except BaseException:
        lock.release()
        raise


def check_profile(paths: Paths, profile: Profile, passphrase: str) -> DamageReport | None:
    """``mentor vault check``: the full check, even of a file that no longer opens."""
    dir_ = paths.profile_dir(profile.id)
    lock, raw = _unlocked_key(dir_, passphrase)
    try:
        return full_check(dir_ / DB_NAME, raw)
    finally:
        lock.release()


def repair_profile(
    paths: Paths,
    profile: Profile,
    passphrase: str,
    locate: Callable[[str | None], Path | None],
    keys: SyncKeys | None = None,
) -> RepairReport:
    """Repair a profile's vault from the command line (``mentor vault repair``): it works
    even when the damaged file can no longer be opened. ``locate(vault_id)`` finds the
    stick's file (None when there is none)."""
    dir_ = paths.profile_dir(profile.id)
    keys = keys or SyncKeys(passphrase)
    lock, raw = _unlocked_key(dir_, passphrase)
    try:
        stick = locate(vault_id_of(dir_, raw))
        report = rebuild(dir_, raw, stick_facts(stick, keys))
    finally:
        lock.release()
    vault = open_vault(paths, profile, passphrase)
    with vault:
        _finish(vault, stick, keys, report)
    return report
