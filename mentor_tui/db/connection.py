"""Opening a SQLCipher database with a raw key and the settings of SECURITY.md."""

from __future__ import annotations

from pathlib import Path

from peewee import SqliteDatabase
from sqlcipher3 import dbapi2 as sqlcipher


class CipherDatabase(SqliteDatabase):
    """SqliteDatabase on sqlcipher3, keyed with a raw 256-bit key (no SQLCipher PBKDF2).

    ``cipher_log_level`` is silenced before keying, or a wrong key prints SQLCipher errors to
    stderr and garbles the terminal. Every write transaction is ``BEGIN IMMEDIATE``
    (use ``db.atomic("IMMEDIATE")``).
    """

    def __init__(self, database, raw_key: bytes, journal: str = "wal", **kwargs):
        self._raw_key_hex = raw_key.hex()
        self._journal = journal
        self.journal_mode_used = None
        kwargs.setdefault("check_same_thread", False)
        super().__init__(database, **kwargs)

    def _connect(self):
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


def is_network_path(path: Path) -> bool:
    """WAL needs shared memory; on a network share use DELETE (UNC paths on Windows)."""
    s = str(path)
    return s.startswith("\\\\") or s.startswith("//")


def backup_to(db: CipherDatabase, dest: Path, raw_key: bytes) -> None:
    """Encrypted copy through the SQLite backup API (same key)."""
    src = db.connection()
    out = sqlcipher.connect(str(dest), isolation_level=None)
    try:
        out.execute("PRAGMA cipher_log_level = NONE")
        out.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
        src.backup(out)
    finally:
        out.close()
