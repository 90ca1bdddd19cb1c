"""Opening a SQLCipher database with a raw key and the settings of SECURITY.md."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from peewee import SqliteDatabase
from sqlcipher3 import dbapi2 as sqlcipher


class CipherDatabase(SqliteDatabase):
    """SqliteDatabase on sqlcipher3, keyed with a raw 256-bit key (no SQLCipher PBKDF2).

    ``cipher_log_level`` is silenced before keying, or a wrong key prints SQLCipher errors to
    stderr and garbles the terminal. Every write transaction is ``BEGIN IMMEDIATE``
    (use ``db.atomic("IMMEDIATE")``).
    """

    if TYPE_CHECKING:  # peewee members this subclass works with that its stubs leave out
        _state: Any

        def _add_conn_hooks(self, conn: Any) -> None: ...

    def __init__(
        self, database: str | None, raw_key: bytes, journal: str = "wal", **kwargs: Any
    ) -> None:
        self._raw_key_hex = raw_key.hex()
        self._journal = journal
        self.journal_mode_used: str | None = None
        kwargs.setdefault("check_same_thread", False)
        super().__init__(database, **kwargs)

    def _connect(self) -> Any:  # a sqlcipher3 connection (sqlcipher3 has no types)
        conn = sqlcipher.connect(self.database, isolation_level=None, **self.connect_params)
        try:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute(f"PRAGMA key = \"x'{self._raw_key_hex}'\"")
            # Touch the schema: a wrong key fails here with "file is not a database".
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute("PRAGMA busy_timeout = 5000")
            conn.execute("PRAGMA foreign_keys = ON")
            mode = self._journal
            if mode == "wal":
                got = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
                if str(got).lower() != "wal":
                    mode = "delete"
                    conn.execute("PRAGMA journal_mode = DELETE")
            else:
                conn.execute("PRAGMA journal_mode = DELETE")
            self.journal_mode_used = mode
            conn.execute("PRAGMA synchronous = FULL")
            conn.execute("PRAGMA temp_store = MEMORY")  # no plaintext temp files
            self._add_conn_hooks(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def forget_key(self) -> None:
        self._raw_key_hex = "00" * 32


NETWORK_FSTYPES = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "sshfs",
        "fuse.sshfs",
        "afs",
        "9p",
        "ceph",
        "glusterfs",
        "fuse.glusterfs",
        "davfs",
        "fuse.davfs2",
        "fuse.rclone",
        "ncpfs",
    }
)


def is_network_path(path: Path) -> bool:
    """WAL needs shared memory, which network file systems do not give; there use DELETE.

    UNC paths (``\\\\server\\share``, ``//server/share``) everywhere; on Linux the file system
    type of the path's mount in /proc/mounts; on Windows a mapped network drive
    (GetDriveTypeW == DRIVE_REMOTE — untested, CI is Linux). macOS network mounts are not
    detected: WAL is then tried, and a refused WAL falls back to DELETE in ``_connect``."""
    s = str(path)
    if s.startswith(("\\\\", "//")):
        return True
    try:
        if sys.platform.startswith("linux"):
            return mount_fstype(s) in NETWORK_FSTYPES
        if sys.platform == "win32":
            return _windows_remote_drive(s)
    except (OSError, ValueError):
        pass  # cannot tell: assume local (the WAL result is still checked)
    return False


def _unescape_mount(field: str) -> str:
    # /proc/mounts writes space, tab, newline and backslash as octal escapes (\\040 ...).
    return re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), field)


def mount_fstype(path: str, mounts: str | None = None) -> str:
    """The file system type of the mount holding ``path`` (the longest matching mount point)."""
    if mounts is None:
        with open("/proc/mounts", encoding="utf-8", errors="replace") as f:
            mounts = f.read()
    target = os.path.realpath(path)
    best, fstype = "", ""
    for line in mounts.splitlines():
        parts = line.split()
        if len(parts) < 3:
            continue
        point = _unescape_mount(parts[1])
        inside = target == point or target.startswith(point.rstrip("/") + "/")
        if inside and len(point) >= len(best):
            best, fstype = point, parts[2]
    return fstype


def _windows_remote_drive(path: str) -> bool:  # pragma: no cover - Windows only, untested
    if sys.platform != "win32":  # asked only there; ctypes.windll exists only on Windows
        return False
    import ctypes

    drive = os.path.splitdrive(os.path.abspath(path))[0]
    if not drive:
        return False
    drive_type: int = ctypes.windll.kernel32.GetDriveTypeW(drive + "\\")
    return drive_type == 4  # DRIVE_REMOTE


BACKUP_STEP_PAGES = 256  # pages copied per step of the backup API (1 MiB)


def backup_to(
    db: CipherDatabase, dest: Path, raw_key: bytes, step: Callable[[], None] | None = None
) -> None:
    """Encrypted copy through the SQLite backup API (same key); ``step`` is called between
    steps (the fault tests stop the copy there)."""
    src = db.connection()
    out = sqlcipher.connect(str(dest), isolation_level=None)
    try:
        out.execute("PRAGMA cipher_log_level = NONE")
        out.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
        if step is None:
            src.backup(out)
        else:
            src.backup(out, pages=BACKUP_STEP_PAGES, progress=lambda *_: step())
    finally:
        out.close()
