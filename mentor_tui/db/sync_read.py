"""Reading a vault's version set fast, for the sync flows (raw SQL: peewee model objects cost
~20 µs each). Call these inside ``vault.read()`` (or ``vault.write()``).

:func:`execute` and :func:`execute_many` are the flows' raw SQL (typed: peewee leaves
``execute_sql`` and ``cursor`` untyped); :data:`dumps` writes JSON exactly as ``JSONField``.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol

from mentor_tui.core.merge import Erasure
from mentor_tui.core.versions import Version
from mentor_tui.db.models import Erasure as ErasureRow
from mentor_tui.db.vault import Vault, get_local

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


def load_erasures(vault: Vault) -> list[Erasure]:
    return [Erasure(e.record_id, e.entity, e.hlc, e.device_id) for e in ErasureRow.select()]


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
