"""Helpers shared by the sync tests (no tests here): database dumps, seeding, plaintext scans,
running the real ``mentor`` command in a subprocess."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from mentor_tui.db import children, entries
from mentor_tui.db.models import SYNC_MODELS

PASS = "correct horse 正确"
MARKER = "秘密标记XQ7"  # written into children's data; must never be found in plaintext
ROOT = Path(__file__).resolve().parents[1]
SYNCED_TABLES = ("version", "head", "erasure")


def dump(vault) -> dict[str, list[tuple]]:
    """Every synced table (versions, heads, erasures and the derived current tables)."""
    out = {}
    with vault.read():
        tables = list(SYNCED_TABLES) + [m._meta.table_name for m in SYNC_MODELS.values()]
        for table in tables:
            out[table] = sorted(
                vault.db.execute_sql(f'SELECT * FROM "{table}"').fetchall(), key=repr
            )
    return out


def version_ids(vault) -> set[str]:
    with vault.read():
        return {r[0] for r in vault.db.execute_sql('SELECT version_id FROM "version"')}


def seed(vault, n_children: int = 2, marker: str = MARKER) -> list[str]:
    """Children with a contact and an entry each; returns the child ids."""
    ids = []
    for i in range(n_children):
        cid = children.add_child(vault, f"李{marker}{i}", class_name="三年级二班")
        children.add_contact(vault, cid, f"王{marker}", "grandparent", phones=["13800138000"])
        entries.log_entry(
            vault, cid, "talk", dt.date.today() - dt.timedelta(days=i), text=f"谈心 {marker}"
        )
        ids.append(cid)
    return ids


def scan(folder: Path, marker: str = MARKER) -> list[str]:
    """Files under ``folder`` whose bytes hold the marker (UTF-8 or UTF-16)."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    hits = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(dirpath) / name
            try:
                data = p.read_bytes()
            except OSError:
                continue
            if any(n in data for n in needles):
                hits.append(str(p))
    return hits


def mentor(
    args: list[str],
    home: Path,
    stdin: str = "",
    env_extra: dict | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
    env.update(
        {
            "MENTOR_HOME": str(home),
            "MENTOR_KDF": "fast",
            "MENTOR_LANG": "en",
            "PYTHONPATH": str(ROOT),
        }
    )
    env.update(env_extra or {})
    return subprocess.run(
        [sys.executable, "-m", "mentor_tui", *args],
        input=stdin,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=timeout,
    )


# SQLCipher 4 defaults: 4096-byte pages, each ending in a 16-byte IV and a 64-byte HMAC
# (reserve 80); page 1 starts with the 16-byte salt. WAL: 32-byte header, 24-byte frame headers.
PAGE, RESERVE, WAL_HEADER, FRAME_HEADER = 4096, 80, 32, 24


def _decrypt_page(page: bytes, key: bytes, first: bool) -> bytes:
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    iv = page[PAGE - RESERVE : PAGE - RESERVE + 16]
    dec = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    plain = dec.update(page[16 if first else 0 : PAGE - RESERVE]) + dec.finalize()
    if first:  # bytes 16-17 of a SQLite header: the page size — proves the key is right
        assert plain[:2] == PAGE.to_bytes(2, "big"), "not a SQLCipher 4 page / wrong key"
    return plain


def decrypted_pages(path: Path, key: bytes) -> list[bytes]:
    """Every page of a SQLCipher database or WAL file, decrypted — free pages included, so
    a deleted row that was not zeroed (no ``secure_delete``) is still found."""
    data = path.read_bytes()
    if path.name.endswith("-wal"):
        out, off = [], WAL_HEADER
        while off + FRAME_HEADER + PAGE <= len(data):
            pgno = int.from_bytes(data[off : off + 4], "big")
            out.append(
                _decrypt_page(data[off + FRAME_HEADER : off + FRAME_HEADER + PAGE], key, pgno == 1)
            )
            off += FRAME_HEADER + PAGE
        return out
    return [
        _decrypt_page(data[off : off + PAGE], key, off == 0)
        for off in range(0, len(data) - PAGE + 1, PAGE)
    ]


def scan_decrypted(folder: Path, key: bytes, marker: str = MARKER) -> list[str]:
    """Files under ``folder`` holding the marker in plaintext: databases and WALs decrypted
    with the vault key (page by page), every other file as it is."""
    needles = [marker.encode("utf-8"), marker.encode("utf-16-le")]
    hits = []
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            p = Path(dirpath) / name
            if p.stat().st_size == 0:
                continue
            if name.endswith((".db", ".db-wal")):
                chunks = decrypted_pages(p, key)
            else:
                chunks = [p.read_bytes()]
            if any(n in c for c in chunks for n in needles):
                hits.append(str(p))
    return hits
