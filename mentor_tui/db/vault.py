"""One encrypted vault per teacher profile: create, unlock, lock, migrate, back up.

See ../shared/design/SECURITY.md. The vault is the only holder of the database handle; every
query goes through functions in ``mentor_tui.db`` that take a :class:`Vault`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import secrets
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from filelock import FileLock, Timeout
from peewee import DatabaseError, OperationalError
from sqlcipher3 import dbapi2 as sqlcipher

from mentor_tui.core.errors import MentorError, VaultError
from mentor_tui.db import keyring, migrations
from mentor_tui.db.connection import CipherDatabase, backup_to, is_network_path
from mentor_tui.db.fault_points import fault_point
from mentor_tui.db.models import Audit, LocalState, database, office_database, office_seal
from mentor_tui.db.profiles import LOCK_NAME, PENDING, TEACHER, Profile, add_profile, remove_profile
from mentor_tui.db.vault_check import DamageReport, full_check
from mentor_tui.paths import Paths, ensure_private_dir, fsync_dir, repair_modes, write_atomic

if TYPE_CHECKING:
    from peewee import Database

    from mentor_tui.core.school_seal import ColumnKey
    from mentor_tui.db.sync_keys import SyncKeys


class OfficeServer:
    """Where a school vault's school tables live when not in the vault: a county's PostgreSQL
    (db/school_server.py makes one; the vault only binds it, opens its transactions inside its
    own and closes it)."""

    db: Database
    column_key: ColumnKey
    target: str  # names the server in the projection marks (db/school_docs.py)


def _set_event() -> threading.Event:
    event = threading.Event()
    event.set()
    return event


CHECK_WAIT_SECONDS = 300  # a write waits this long for the damage check at most
DB_NAME = "vault.db"
KEYRING_NAME = keyring.FILE_NAME


@dataclass
class Vault:
    profile: Profile
    dir: Path
    db: CipherDatabase
    raw_key: bytes = field(repr=False)
    lock: FileLock = field(repr=False)
    device_id: str = ""
    vault_id: str = ""
    unclean: bool = False
    mutex: threading.RLock = field(default_factory=threading.RLock, repr=False)
    # The damage check (db/vault_check.py): "unchecked" (writes go ahead, as for read-only
    # CLI commands), "checking" (a write waits for the check), "ok", or "damaged": read-only,
    # every write refused (err.vault_read_only) until the vault is repaired (db/repair.py).
    integrity: str = "unchecked"
    damage: DamageReport | None = field(default=None, repr=False)
    checked: threading.Event = field(default_factory=lambda: _set_event(), repr=False)
    # derived from the passphrase at unlock (roaming.attach_keys), wiped on close; cleared
    # while they are being derived after the dashboard shows (roaming.keys_of waits on it)
    sync_keys: SyncKeys | None = field(default=None, repr=False)
    # a school vault connected to a county server (issue 20): the school tables are there
    office: OfficeServer | None = field(default=None, repr=False)
    keys_ready: threading.Event = field(default_factory=lambda: _set_event(), repr=False)

    @contextmanager
    def read(self) -> Iterator[Vault]:
        """Serialise access (Textual workers are threads) and bind the models to this vault."""
        with self.mutex:
            if self.db.is_closed() and not self.raw_key:
                raise VaultError("err.vault_locked")
            if database.obj is not self.db:
                database.initialize(self.db)
            office = self.office
            office_db = self.db if office is None else office.db
            if office_database.obj is not office_db:
                office_database.initialize(office_db)
            office_seal.key = None if office is None else office.column_key
            try:
                yield self
            except (DatabaseError, sqlcipher.DatabaseError) as exc:
                if not is_damage(exc) or from_server(exc):
                    raise
                self.mark_damaged(DamageReport(problems=(type(exc).__name__,)))
                raise VaultError("err.vault_damaged") from exc

    @contextmanager
    def write(self) -> Iterator[Vault]:
        """One ``BEGIN IMMEDIATE`` write transaction (nested calls become savepoints). While
        the damage check runs, a write waits for it; on a damaged vault it is refused."""
        if not self.checked.wait(CHECK_WAIT_SECONDS):
            raise VaultError("err.vault_check_slow")
        with self.read():
            if self.integrity == "damaged":
                raise VaultError("err.vault_read_only")
            with self.db.atomic("IMMEDIATE"):
                if self.office is None or self.office.db.in_transaction():
                    yield self
                else:
                    # the server's transaction inside the vault's outermost one: it commits
                    # first; a failure of either rolls both back (db/serial_retry.py runs it
                    # again on a serialization failure). Nested writes take no savepoint on
                    # the server (two round trips each): a statement failing there aborts
                    # the whole server transaction anyway.
                    try:
                        with self.office.db.atomic():
                            yield self
                    except Exception as exc:
                        # every office write runs again through db/serial_retry.py; one that
                        # still collides after its tries (or a caller outside it) is told in
                        # one sentence
                        if server_sqlstate(exc) in ("40001", "40P01"):
                            raise MentorError("county.busy") from exc
                        raise

    # --- the damage check's state (db/vault_check.py runs the check) ----------------------
    def begin_check(self) -> None:
        """From now on a write waits until :meth:`end_check`."""
        with self.mutex:
            if self.integrity != "damaged":
                self.integrity = "checking"
                self.checked.clear()

    def end_check(self, damage: DamageReport | None) -> None:
        """The check's outcome: ``None`` (sound) or what is damaged (read-only from now)."""
        if damage is not None:
            self.mark_damaged(damage)
        elif self.integrity == "checking":
            self.integrity = "ok"
        self.checked.set()

    def mark_damaged(self, damage: DamageReport) -> None:
        """Any damage, found by the check or by a failing query: no write happens after it."""
        if self.integrity != "damaged" or self.damage is None:
            self.damage = damage
        self.integrity = "damaged"
        self.checked.set()

    def disconnect(self) -> None:
        """Close the database connection only (the key and the lock stay): a repair replaces
        the file underneath, then :meth:`reconnect`."""
        with self.mutex:
            force_close(self.db)
            if database.obj is self.db:
                database.initialize(None)

    def reconnect(self) -> None:
        """Open the (new) database file again after a repair; sound until checked again."""
        with self.mutex:
            self.db.connect()
            database.initialize(self.db)
            self.integrity, self.damage = "ok", None
            self.checked.set()

    @property
    def db_path(self) -> Path:
        return self.dir / DB_NAME

    def close(self) -> None:
        """Close the connection, drop the key, release the lock (what locking the app does)."""
        with self.mutex:
            try:
                if not self.db.is_closed() and self.raw_key and self.checked.is_set():
                    # A damaged file cannot take the clean flag: it stays "0", so the next
                    # unlock runs quick_check and says so in one sentence.
                    with contextlib.suppress(MentorError), self.write():
                        set_local(self, "clean", "1")
            finally:
                force_close(self.db)
                server = self.office
                if server is not None:
                    with contextlib.suppress(Exception):
                        server.db.close()
                    self.office = None
                if office_database.obj is self.db or (
                    server is not None and office_database.obj is server.db
                ):
                    office_database.initialize(None)
                office_seal.key = None
                self.db.forget_key()
                self.raw_key = b""
                keys = self.sync_keys
                if keys is not None:
                    keys.clear()
                    self.sync_keys = None
                self.keys_ready.set()  # nobody waits for keys of a closed vault
                if database.obj is self.db:
                    database.initialize(None)
                try:
                    self.lock.release()
                except Exception:  # noqa: BLE001 - releasing a lock must never hide the outcome
                    pass
        repair_modes(self.dir)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        """Close; when the body failed, an error of the close never hides the first one."""
        if exc is None:
            self.close()
            return
        try:
            self.close()
        except Exception:  # noqa: BLE001 - the body's error is the one to tell
            pass


_DAMAGE_HINTS = ("malformed", "not a database", "readonly", "disk i/o error", "corrupt")


def is_damage(exc: BaseException) -> bool:
    """A sqlite error that means the file is damaged (SQLITE_CORRUPT/NOTADB are plain
    DatabaseError; SQLCipher turns a failed page HMAC into read-only and I/O errors). Busy and
    locked errors, constraint failures and SQL mistakes are not damage."""
    if type(exc) in (DatabaseError, sqlcipher.DatabaseError):
        return True
    if isinstance(exc, (OperationalError, sqlcipher.OperationalError)):
        msg = str(exc).lower()
        return "locked" not in msg and any(h in msg for h in _DAMAGE_HINTS)
    return False


def _chain(exc: BaseException) -> list[BaseException]:
    """The exception, its causes and contexts, and an exception peewee wrapped in its args."""
    seen: list[BaseException] = []
    todo: list[object] = [exc]
    while todo:
        e = todo.pop()
        if not isinstance(e, BaseException) or any(e is x for x in seen):
            continue
        seen.append(e)
        todo += [e.__cause__, e.__context__, *(e.args[:1] if e.args else ())]
    return seen


def from_server(exc: BaseException) -> bool:
    """An error of a county server's driver (psycopg), never the vault's damage."""
    return any(type(e).__module__.startswith("psycopg") for e in _chain(exc))


def server_sqlstate(exc: BaseException) -> str | None:
    """The SQLSTATE of a county server's error (psycopg's, wrapped by peewee or not)."""
    for e in _chain(exc):
        state = getattr(e, "sqlstate", None)
        if isinstance(state, str):
            return state
    return None


def force_close(db: CipherDatabase) -> None:
    """Close the connection whatever state it is in (an open transaction, a failing close)."""
    try:
        while db.in_transaction():
            db.pop_transaction()
        db.close()
    except Exception:  # noqa: BLE001 - the connection must go even if sqlite complains
        conn = getattr(db._state, "conn", None)
        try:
            if conn is not None:
                conn.close()
        except Exception:  # noqa: BLE001
            pass
        db._state.reset()


def get_local(vault: Vault, key: str, default: str | None = None) -> str | None:
    row = LocalState.get_or_none(LocalState.key == key)
    return row.value if row else default


def set_local(vault: Vault, key: str, value: str) -> None:
    LocalState.insert(key=key, value=value).on_conflict_replace().execute()


def audit(vault: Vault, event: str, **counts: int) -> None:
    """An audit line: the event and counts, never content."""
    Audit.create(at=dt.datetime.now().replace(microsecond=0), event=event, counts=counts)


def acquire_lock(dir_: Path) -> FileLock:
    # thread_local=False: a vault opened in one thread (a TUI worker) may be closed in another.
    lock = FileLock(str(dir_ / LOCK_NAME), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise VaultError("err.vault_in_use") from None
    return lock


# The open vault's page cache (KiB): SQLite's own default, not SQLCipher's 8 MiB. The
# dashboard's query reads each page once, and its pages (decrypted) filled 5 MiB of the
# 8 MiB for 40 children (issue 17, bench/profiles/memory_floor.md); the same query with
# 2 MiB takes as long. A big import widens the cache for its duration (db/sync_read.py
# roomy_cache).
CACHE_KIB = 2000


def _connect(dir_: Path, raw_key: bytes) -> CipherDatabase:
    path = dir_ / DB_NAME
    db = CipherDatabase(
        str(path),
        raw_key,
        journal="delete" if is_network_path(path) else "wal",
        thread_safe=False,
        pragmas={"cache_size": -CACHE_KIB},
    )
    try:
        db.connect()
    except (DatabaseError, OperationalError, sqlcipher.DatabaseError):
        db.forget_key()
        raise VaultError("err.vault_damaged") from None
    database.initialize(db)
    return db


PARTIAL = ".partial"  # a backup being written; renamed to its .db name once complete


def backup(vault: Vault, reason: str) -> Path:
    """An encrypted copy in ``backups/``. It is written under a ``.partial`` name and renamed
    when complete, so a copy cut short (kill -9, power) is never taken for a kept backup;
    :func:`remove_partial_backups` deletes it at the next unlock."""
    bdir = ensure_private_dir(vault.dir / "backups")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = bdir / f"{stamp}-{reason}-{secrets.token_hex(3)}.db"
    partial = dest.with_name(dest.name + PARTIAL)
    try:
        backup_to(vault.db, partial, vault.raw_key, step=lambda: fault_point("backup:mid-copy"))
        partial.replace(dest)
    except BaseException:
        for f in (partial, partial.with_name(partial.name + "-journal")):
            f.unlink(missing_ok=True)
        raise
    repair_modes(bdir)
    return dest


def remove_partial_backups(dir_: Path) -> int:
    """Backups cut short: ``*.partial`` files and their journals, and a ``.db`` with a
    ``-journal`` beside it (a copy interrupted before this naming). Returns how many files
    were removed."""
    bdir = dir_ / "backups"
    if not bdir.is_dir():
        return 0
    doomed: set[Path] = set()
    for f in bdir.iterdir():
        if f.name.endswith((PARTIAL, PARTIAL + "-journal")):
            doomed.add(f)
        elif f.name.endswith(".db-journal"):
            doomed.update({f, f.with_name(f.name.removesuffix("-journal"))})
    for f in doomed:
        with contextlib.suppress(OSError):
            f.unlink(missing_ok=True)
    return len(doomed)


def _open_db(
    profile: Profile,
    dir_: Path,
    raw_key: bytes,
    lock: FileLock,
    event: str | None = None,
    check: bool = False,
) -> Vault:
    damage = full_check(dir_ / DB_NAME, raw_key) if check else None
    if damage is not None:  # found before anything is written on top of it
        raise DamagedVault(damage)
    db = _connect(dir_, raw_key)
    vault = Vault(profile=profile, dir=dir_, db=db, raw_key=raw_key, lock=lock)
    if check:
        vault.integrity = "ok"
    vault.mutex.acquire()
    try:
        version = migrations.current(db)
        if version > migrations.latest():
            raise VaultError("err.vault_too_new")
        if 0 < version < migrations.latest():
            backup(vault, f"before-v{migrations.latest()}")
        migrations.migrate(db)
        vault.unclean = get_local(vault, "clean", "1") != "1"
        if vault.unclean:
            ok = db.execute_sql("PRAGMA quick_check").fetchone()[0]
            if ok != "ok":
                raise VaultError("err.vault_damaged")
        with db.atomic("IMMEDIATE"):
            set_local(vault, "clean", "0")
            if get_local(vault, "device_id") is None:
                set_local(vault, "device_id", uuid.uuid4().hex[:16])
            if get_local(vault, "vault_id") is None:
                set_local(vault, "vault_id", uuid.uuid4().hex)
            if event:  # the audit line in the same commit (one fsync less at every unlock)
                audit(vault, event)
        vault.device_id = get_local(vault, "device_id") or ""
        vault.vault_id = get_local(vault, "vault_id") or ""
    except VaultError:
        _abandon(vault)
        raise
    except (DatabaseError, OperationalError, sqlcipher.DatabaseError):
        _abandon(vault)
        raise VaultError("err.vault_damaged") from None
    finally:
        vault.mutex.release()
    return vault


def _abandon(vault: Vault) -> None:
    vault.db.close()
    vault.db.forget_key()
    database.initialize(None)
    vault.lock.release()


def create_vault(
    paths: Paths, name: str, passphrase: str, pending: bool = False, kind: str = TEACHER
) -> Vault:
    """A new profile with an empty vault, unlocked (``kind``: a teacher's or a school's).
    ``pending``: the profile is not finished until :func:`finish_pending` (the first import on
    a new machine): an attempt cut short (kill -9) is rolled back by the next one of the same
    name (``profiles.add_profile``)."""
    from mentor_tui.core.kdf import check_new_passphrase

    check_new_passphrase(passphrase)
    profile = add_profile(paths, name, kind)
    dir_ = ensure_private_dir(paths.profile_dir(profile.id))
    if pending:
        write_atomic(dir_ / PENDING, b"")
    lock = acquire_lock(dir_)
    try:
        raw = keyring.create(dir_ / KEYRING_NAME, passphrase)
        vault = _open_db(profile, dir_, raw, lock)
    except BaseException:
        lock.release()
        remove_profile(paths, profile.id)
        raise
    with vault.write():
        audit(vault, "create")
    repair_modes(dir_)
    return vault


class DamagedVault(VaultError):
    """The damage check failed at unlock (``open_vault(check=True)``): nothing was written."""

    def __init__(self, damage: DamageReport) -> None:
        super().__init__("err.vault_damaged")
        self.damage = damage


REPAIRED = "vault.db.new"  # a repaired database, complete, not yet in place (db/repair.py)


def finish_repair(dir_: Path) -> None:
    """A repair stopped between its two renames: its complete new database goes in place.
    A new database left beside the old one (cut short before it was complete) is removed."""
    new, db = dir_ / REPAIRED, dir_ / DB_NAME
    if new.exists() and not db.exists():
        new.replace(db)
    elif new.exists():
        new.unlink(missing_ok=True)


def finish_pending(vault: Vault) -> None:
    """The profile created with ``pending`` is complete."""
    (vault.dir / PENDING).unlink(missing_ok=True)
    fsync_dir(vault.dir)


def open_vault(
    paths: Paths,
    profile: Profile,
    passphrase: str,
    check: bool = False,
    early: keyring.EarlyUnwrap | None = None,
) -> Vault:
    """Unlock a profile's vault. Wrong passphrase, damage, a newer schema or another open
    instance each raise a :class:`VaultError` and change nothing. ``check``: run the full
    damage check first (CLI commands that write); on damage :class:`DamagedVault` is raised
    before anything is written. ``early``: the passphrase's Argon2id already run on the ring
    (keyring.unwrap_early, the TUI's unlock), used if the ring read here is the same."""
    dir_ = paths.profile_dir(profile.id)
    if not dir_.exists():
        raise VaultError("err.vault_missing")
    ring = keyring.read(dir_ / KEYRING_NAME)
    lock = acquire_lock(dir_)
    try:
        finish_repair(dir_)  # under the lock: never beside a repair still running
        if not (dir_ / DB_NAME).exists():
            raise VaultError("err.vault_missing")
        if (dir_ / DB_NAME).stat().st_size == 0:  # an empty file would open as a new database
            raise VaultError("err.vault_damaged")
        raw = keyring.unwrap_with(ring, passphrase, early)
        remove_partial_backups(dir_)
        vault = _open_db(profile, dir_, raw, lock, event="unlock", check=check)
    except BaseException:
        if lock.is_locked:
            lock.release()
        raise
    repair_modes(dir_)
    return vault


def change_passphrase(paths: Paths, profile: Profile, old: str, new: str) -> None:
    """Rewrap the key under a new passphrase — refused, with one sentence, while the vault
    is open elsewhere (its lock is held here throughout) or when its database is missing,
    truncated or damaged (a key rewrapped for a file that cannot be read helps nobody, and
    the repair needs the passphrase the teacher knows)."""
    from mentor_tui.core.kdf import check_new_passphrase

    check_new_passphrase(new)
    dir_ = paths.profile_dir(profile.id)
    if not dir_.exists():
        raise VaultError("err.vault_missing")
    ring_path = dir_ / KEYRING_NAME
    ring = keyring.read(ring_path)
    lock = acquire_lock(dir_)
    try:
        db = dir_ / DB_NAME
        if not db.exists():
            raise VaultError("err.passwd_no_database")
        raw = keyring.unwrap(ring, old)
        if db.stat().st_size == 0 or full_check(db, raw) is not None:
            raise VaultError("err.passwd_damaged")
        keyring.rewrap(
            ring_path, raw, new
        )  # records when (a change roams: roaming.adopt_passphrase)
    finally:
        lock.release()


def integrity_check(vault: Vault) -> str:
    with vault.read():
        result: str = vault.db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        return result
