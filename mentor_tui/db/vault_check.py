"""The damage check: every page of the vault read and checked, before anything is written on
top of damage (issue 13).

``PRAGMA cipher_integrity_check`` verifies each page's HMAC (SQLCipher), then ``PRAGMA
quick_check`` walks the b-trees. It runs on a connection of its own (read-only), so reads
go on meanwhile; the vault's writes wait for it (``Vault.begin_check`` / ``end_check``). At
unlock the TUI runs it in a worker after the dashboard shows; CLI commands that write run it
before their first write (``open_vault(check=True)``); read-only commands (``due``, exports)
do not. A failed check makes the vault read-only (``Vault.mark_damaged``).

The report names pages and SQLite's findings (table and index names, page numbers), never
content.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlcipher3 import dbapi2 as sqlcipher

if TYPE_CHECKING:
    from mentor_tui.db.vault import Vault

_PAGE = re.compile(r"page (\d+)")
MAX_PROBLEMS = 20  # quick_check stops after this many findings


@dataclass(frozen=True)
class DamageReport:
    """What the damage check (or a failing query) found: the pages whose check failed and
    SQLite's own findings — page numbers and table names, never content."""

    pages: tuple[int, ...] = ()
    problems: tuple[str, ...] = ()


def readonly_uri(path: Path) -> str:
    return f"{path.resolve().as_uri()}?mode=ro"


def connect_readonly(path: Path | str, raw_key: bytes) -> sqlcipher.Connection:
    """A read-only SQLCipher connection of its own (the vault's stays free for reads);
    ``path`` may be given as its :func:`readonly_uri`."""
    uri = path if isinstance(path, str) else readonly_uri(path)
    conn = sqlcipher.connect(uri, uri=True, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute(f"PRAGMA key = \"x'{raw_key.hex()}'\"")
        conn.execute("PRAGMA query_only = 1")
        conn.execute("PRAGMA temp_store = MEMORY")
    except BaseException:
        conn.close()
        raise
    return conn


def full_check(path: Path, raw_key: bytes) -> DamageReport | None:
    """Read every page: None when sound, else what is damaged."""
    try:
        conn = connect_readonly(path, raw_key)
    except sqlcipher.Error as exc:
        return DamageReport(problems=(str(exc),))
    try:
        pages: set[int] = set()
        problems: list[str] = []
        try:
            for (line,) in conn.execute("PRAGMA cipher_integrity_check"):
                problems.append(str(line))
                pages.update(int(n) for n in _PAGE.findall(str(line)))
        except sqlcipher.Error as exc:
            problems.append(str(exc))
        try:
            rows = conn.execute(f"PRAGMA quick_check({MAX_PROBLEMS})").fetchall()
            problems += [
                line for r in rows if r[0] != "ok" for line in str(r[0]).splitlines() if line
            ]
        except sqlcipher.Error as exc:
            problems.append(str(exc))
    finally:
        conn.close()
    if not problems:
        return None
    return DamageReport(pages=tuple(sorted(pages)), problems=tuple(problems))


def run_check(vault: Vault) -> DamageReport | None:
    """The check of an open vault (call :meth:`Vault.begin_check` first, so writes wait):
    its outcome goes to the vault whatever happens."""
    damage: DamageReport | None = None
    try:
        damage = full_check(vault.db_path, vault.raw_key)
    except Exception as exc:  # noqa: BLE001 - an unexpected failure is not taken as "sound"
        damage = DamageReport(problems=(type(exc).__name__,))
    finally:
        vault.end_check(damage)
    return damage
