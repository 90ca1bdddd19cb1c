"""Reading a vault's version set fast, for the sync flows (raw SQL: peewee model objects cost
~20 µs each). Call these inside ``vault.read()`` (or ``vault.write()``).

:func:`execute` and :func:`execute_many` are the flows' raw SQL (typed: peewee leaves
``execute_sql`` and ``cursor`` untyped); :data:`dumps` writes JSON exactly as ``JSONField``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple, Protocol

from mentor_tui.core.merge import Erasure
from mentor_tui.core.versions import Version
from mentor_tui.db.models import Erasure as ErasureRow
from mentor_tui.db.vault import Vault, get_local, set_local

CHUNK = 500  # ids per IN (...) query
COLS = "version_id, record_id, entity, vv, hlc, device_id, deleted, payload, schema"
dumps: Callable[[object], str] = json.JSONEncoder(
    ensure_ascii=False, sort_keys=True
).encode  # == JSONField's


class Cursor(Protocol):
    """What the sync flows use of a DB-API cursor."""

    @property
    def rowcount(self) -> int: ...

    def fetchone(self) -> Any: ...

    def fetchall(self) -> list[Any]: ...

    def executemany(self, sql: str, params: Iterable[Sequence[object]], /) -> object: ...


def execute(vault: Vault, sql: str, params: Sequence[object] = ()) -> Cursor:
    """``vault.db.execute_sql(sql, params)``."""
    run: Callable[[str, Sequence[object]], Cursor] = vault.db.execute_sql
    return run(sql, params)


def execute_many(vault: Vault, sql: str, rows: Iterable[Sequence[object]]) -> None:
    """One prepared statement run for every row of ``rows``."""
    cursor: Callable[[], Cursor] = vault.db.cursor
    cursor().executemany(sql, rows)


def _version(row: Sequence[Any]) -> Version:
    vid, rid, ent, vv, hlc, dev, deleted, payload, schema = row
    return Version(
        vid,
        rid,
        ent,
        json.loads(vv),
        hlc,
        dev,
        bool(deleted),
        json.loads(payload) if payload else {},
        schema,
    )


def load_versions(vault: Vault, record_ids: set[str] | None = None) -> list[Version]:
    """Every version (or those of ``record_ids``), as plain values."""
    sql = f'SELECT {COLS} FROM "version"'
    if record_ids is None:
        return [_version(r) for r in execute(vault, sql).fetchall()]
    ids = sorted(record_ids)
    out: list[Version] = []
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        q = f"{sql} WHERE record_id IN ({','.join('?' * len(part))})"
        out.extend(_version(r) for r in execute(vault, q, part).fetchall())
    return out


# Each version as a JSON object in the sync file's key order, its vector and payload as stored
# (canonical since issue 17; older rows in JSONField's spacing). ``+version_id`` sorts in
# memory instead of walking the primary-key index (a page lookup per row).
_VERSION_TEXT = (
    """'{"deleted":' || CASE WHEN deleted THEN 'true' ELSE 'false' END"""
    """ || ',"device_id":' || json_quote(device_id) || ',"entity":' || json_quote(entity)"""
    """ || ',"hlc":' || hlc || ',"payload":' || payload"""
    """ || ',"record_id":' || json_quote(record_id) || ',"schema":' || schema"""
    """ || ',"version_id":' || json_quote(version_id) || ',"vv":' || vv || '}'"""
)
_VERSION_JSON = f'SELECT {_VERSION_TEXT} FROM "version" ORDER BY +version_id'
_HELD = f'SELECT record_id, entity, {_VERSION_TEXT} FROM "version" ORDER BY +version_id'


def versions_json(vault: Vault) -> bytes | None:
    """Every version as one JSON array (UTF-8), sorted by id; None when a row has a NULL
    where a value belongs (the Python path then reads the rows one by one).
    core/sync_wire.fast_build checks and re-encodes them at C speed."""
    texts = [r[0] for r in execute(vault, _VERSION_JSON).fetchall()]
    if None in texts:
        return None
    return ("[" + ",".join(texts) + "]").encode("utf-8", "surrogatepass")


class HeldTexts(NamedTuple):
    """Every version the vault holds, sorted by id, as the sync file would hold it."""

    record_ids: list[str]
    entities: list[str]
    texts: list[bytes | None]  # its text when stored canonically (else it matches nothing)


def held_texts(vault: Vault) -> HeldTexts:
    """:class:`HeldTexts` of every version (for ``core.syncfile.parse_held``)."""
    rows = execute(vault, _HELD).fetchall()
    return HeldTexts(
        [r[0] for r in rows],
        [r[1] for r in rows],
        [None if r[2] is None else r[2].encode("utf-8", "surrogatepass") for r in rows],
    )


def load_erasures(vault: Vault) -> list[Erasure]:
    return [Erasure(e.record_id, e.entity, e.hlc, e.device_id) for e in ErasureRow.select()]


# SQLite's page cache during a big import (KiB): a version, its head and its current row with
# their indexes take about 2 KiB of pages, and inserting 100,000 of them in random key order
# through the default 2 MiB cache re-reads and re-encrypts the same pages again and again
# (7 s instead of 1 s for the entries alone, bench/profiles/). Only what is touched is used;
# the setting and the memory go back after.
CACHE_KIB_PER_ROW = 2
MAX_CACHE_KIB = 256 * 1024


@contextmanager
def roomy_cache(vault: Vault, rows: int) -> Iterator[None]:
    """A page cache big enough for writing ``rows`` versions (bounded), for the block."""
    kib = min(MAX_CACHE_KIB, CACHE_KIB_PER_ROW * rows)
    with vault.read():
        old = int(execute(vault, "PRAGMA cache_size").fetchone()[0])
        wider = kib > (-old if old < 0 else 0)  # a positive setting counts pages: leave it
        if wider and old < 0:
            execute(vault, f"PRAGMA cache_size = {-kib}")
        try:
            yield
        finally:
            if wider and old < 0:
                execute(vault, f"PRAGMA cache_size = {old}")
                execute(vault, "PRAGMA shrink_memory")


def count(vault: Vault, sql: str) -> int:
    """The one number a ``SELECT count(...)`` query returns."""
    return int(execute(vault, sql).fetchone()[0])


def unsynced_count(vault: Vault) -> int:
    """Versions written on this machine since its last successful export (``sync.export_mark``
    is the version table's highest rowid then): the dashboard's "未同步 N 条" and the warning
    on leaving without her stick. Call inside ``vault.read()``."""
    mark = int(get_local(vault, "sync.export_mark") or 0)
    row = execute(
        vault,
        'SELECT count(*) FROM "version" WHERE rowid > ? AND device_id = ?',
        (mark, vault.device_id),
    ).fetchone()
    return int(row[0])


def fingerprint(vault: Vault) -> tuple[int, int, str | None]:
    """Changes when the vault's version set changes (checked between dry run and apply)."""
    return (
        count(vault, 'SELECT count(*) FROM "version"'),
        count(vault, "SELECT count(*) FROM erasure"),
        get_local(vault, "hlc", "0"),
    )


# The last sync file proved to hold nothing this vault lacks and nothing it does not hold:
# "<the file's SHA-256> <held_token>". Written by the import that brought every version of a
# file into an empty vault, and by applying a re-import found to hold nothing new; any other
# import clears it. While the token is unchanged, the vault's version set is the one it was.
HELD_FILE = "sync.held_file"


def held_token(vault: Vault) -> str:
    """The vault's version set and schema, as text (:func:`fingerprint`, the schema version,
    the vault id, the last sync file seen): equal tokens, same versions, erasure markers and
    stored texts (every write of a version moves the clock or the counts)."""
    versions, erasures, hlc = fingerprint(vault)
    schema = count(vault, "PRAGMA user_version")
    # A repair clears the last seen file's SHA-256 (its stick file is merged again): so does
    # it clear the token.
    seen = get_local(vault, "sync.last_seen_sha")
    return f"{versions}:{erasures}:{hlc}:{schema}:{get_local(vault, 'vault_id')}:{seen}"


def held_file_known(vault: Vault, file_sha256: str) -> bool:
    """This file (by its SHA-256) is the one remembered in :data:`HELD_FILE`, and the vault
    has not changed since."""
    mark = get_local(vault, HELD_FILE) or ""
    return mark == f"{file_sha256} {held_token(vault)}"


def remember_held_file(vault: Vault, file_sha256: str | None) -> None:
    """Inside a write: remember this file as held exactly (None: forget any)."""
    value = "" if file_sha256 is None else f"{file_sha256} {held_token(vault)}"
    if (get_local(vault, HELD_FILE) or "") != value:
        set_local(vault, HELD_FILE, value)


def is_empty(vault: Vault) -> bool:
    """No version and no erasure marker: a new vault (it may adopt a file's vault id)."""
    with vault.read():
        return (
            count(vault, 'SELECT count(*) FROM "version"') == 0
            and count(vault, "SELECT count(*) FROM erasure") == 0
        )


def dependants(vault: Vault, child_ids: set[str]) -> set[str]:
    """Records (not children) that name one of ``child_ids`` in any version: one pass."""
    if len(child_ids) <= CHUNK:
        marks = ",".join("?" * len(child_ids))
        rows = execute(
            vault,
            "SELECT DISTINCT record_id FROM \"version\" WHERE entity != 'child' AND "
            f"json_extract(payload, '$.child_id') IN ({marks})",
            sorted(child_ids),
        ).fetchall()
        return {r[0] for r in rows}
    rows = execute(
        vault,
        "SELECT DISTINCT record_id, json_extract(payload, '$.child_id') FROM \"version\" "
        "WHERE entity != 'child'",
    ).fetchall()
    return {rid for rid, link in rows if link in child_ids}


def quarantined(vault: Vault) -> list[str]:
    """Live records whose child is missing (kept, set aside: shown under no child)."""
    with vault.read():
        return [
            r[0]
            for r in execute(
                vault,
                'SELECT h.record_id FROM head h JOIN "version" v ON v.version_id = h.winner_id '
                "WHERE h.entity != 'child' AND h.deleted = 0 "
                "AND json_extract(v.payload, '$.child_id') IS NOT NULL "
                "AND json_extract(v.payload, '$.child_id') != '' "
                "AND json_extract(v.payload, '$.child_id') NOT IN "
                "(SELECT record_id FROM head WHERE entity = 'child')",
            ).fetchall()
        ]
