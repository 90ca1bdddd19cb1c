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
from mentor_tui.db.models import Audit, LocalState, database
from mentor_tui.db.profiles import TEACHER, Profile, add_profile, remove_profile
from mentor_tui.paths import Paths, ensure_private_dir, repair_modes

if TYPE_CHECKING:
    from mentor_tui.db.sync_keys import SyncKeys

DB_NAME = "vault.db"
KEYRING_NAME = "keyring.json"
LOCK_NAME = "vault.lock"


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
    # derived from the passphrase at unlock (roaming.attach_keys), wiped on close
    sync_keys: SyncKeys | None = field(default=None, repr=False)

    @contextmanager
    def read(self) -> Iterator[Vault]:
        """Serialise access (Textual workers are threads) and bind the models to this vault."""
        with self.mutex:
            if self.db.is_closed() and not self.raw_key:
                raise VaultError("err.vault_locked")
            if database.obj is not self.db:
                database.initialize(self.db)
            try:
                yield self
            except (DatabaseError, sqlcipher.DatabaseError) as exc:
                if not is_damage(exc):
                    raise
                raise VaultError("err.vault_damaged") from exc

    @contextmanager
    def write(self) -> Iterator[Vault]:
        """One ``BEGIN IMMEDIATE`` write transaction (nested calls become savepoints)."""
        with self.read(), self.db.atomic("IMMEDIATE"):
            yield self

    @property
    def db_path(self) -> Path:
        return self.dir / DB_NAME

    def close(self) -> None:
        """Close the connection, drop the key, release the lock (what locking the app does)."""
        with self.mutex:
            try:
                if not self.db.is_closed() and self.raw_key:
                    # A damaged file cannot take the clean flag: it stays "0", so the next
                    # unlock runs quick_check and says so in one sentence.
                    with contextlib.suppress(MentorError), self.write():
                        set_local(self, "clean", "1")
            finally:
                _force_close(self.db)
                self.db.forget_key()
                self.raw_key = b""
                keys = self.sync_keys
                if keys is not None:
                    keys.clear()
                    self.sync_keys = None
                if database.obj is self.db:
                    database.initialize(None)
                try:
                    self.lock.release()
                except Exception:  # noqa: BLE001 - releasing a lock must never hide the outcome
                    pass
        repair_modes(self.dir)

    def __enter__(self) -> Vault:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


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


def _force_close(db: CipherDatabase) -> None:
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


def _acquire(dir_: Path) -> FileLock:
    # thread_local=False: a vault opened in one thread (a TUI worker) may be closed in another.
    lock = FileLock(str(dir_ / LOCK_NAME), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise VaultError("err.vault_in_use") from None
    return lock


def _connect(dir_: Path, raw_key: bytes) -> CipherDatabase:
    path = dir_ / DB_NAME
    db = CipherDatabase(
        str(path), raw_key, journal="delete" if is_network_path(path) else "wal", thread_safe=False
    )
    try:
        db.connect()
    except (DatabaseError, OperationalError, sqlcipher.DatabaseError):
        db.forget_key()
        raise VaultError("err.vault_damaged") from None
    database.initialize(db)
    return db


def backup(vault: Vault, reason: str) -> Path:
    bdir = ensure_private_dir(vault.dir / "backups")
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = bdir / f"{stamp}-{reason}-{secrets.token_hex(3)}.db"
    backup_to(vault.db, dest, vault.raw_key)
    repair_modes(bdir)
    return dest


def _open_db(
    profile: Profile, dir_: Path, raw_key: bytes, lock: FileLock, event: str | None = None
) -> Vault:
    db = _connect(dir_, raw_key)
    vault = Vault(profile=profile, dir=dir_, db=db, raw_key=raw_key, lock=lock)
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


def create_vault(paths: Paths, name: str, passphrase: str, kind: str = TEACHER) -> Vault:
    """A new profile with an empty vault, unlocked (``kind``: a teacher's or a school's)."""
    from mentor_tui.core.kdf import check_new_passphrase

    check_new_passphrase(passphrase)
    profile = add_profile(paths, name, kind)
    dir_ = ensure_private_dir(paths.profile_dir(profile.id))
    lock = _acquire(dir_)
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


def open_vault(paths: Paths, profile: Profile, passphrase: str) -> Vault:
    """Unlock a profile's vault. Wrong passphrase, damage, a newer schema or another open
    instance each raise a :class:`VaultError` and change nothing."""
    dir_ = paths.profile_dir(profile.id)
    if not dir_.exists():
        raise VaultError("err.vault_missing")
    ring = keyring.read(dir_ / KEYRING_NAME)
    if not (dir_ / DB_NAME).exists():
        raise VaultError("err.vault_missing")
    if (dir_ / DB_NAME).stat().st_size == 0:  # an empty file would open as a new database
        raise VaultError("err.vault_damaged")
    lock = _acquire(dir_)
    try:
        raw = keyring.unwrap(ring, passphrase)
        vault = _open_db(profile, dir_, raw, lock, event="unlock")
    except BaseException:
        if lock.is_locked:
            lock.release()
        raise
    repair_modes(dir_)
    return vault


def change_passphrase(paths: Paths, profile: Profile, old: str, new: str) -> None:
    keyring.change_passphrase(paths.profile_dir(profile.id) / KEYRING_NAME, old, new)


def integrity_check(vault: Vault) -> str:
    with vault.read():
        result: str = vault.db.execute_sql("PRAGMA integrity_check").fetchone()[0]
        return result
