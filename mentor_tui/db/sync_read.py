"""Reading a vault's version set fast, for the sync flows (raw SQL: peewee model objects cost
~20 µs each). Call these inside ``vault.read()`` (or ``vault.write()``)."""

from __future__ import annotations

import json

from mentor_tui.core.merge import Erasure
from mentor_tui.core.versions import Version
from mentor_tui.db.models import Erasure as ErasureRow
from mentor_tui.db.vault import Vault, get_local

CHUNK = 500  # ids per IN (...) query
COLS = "version_id, record_id, entity, vv, hlc, device_id, deleted, payload, schema"
dumps = json.JSONEncoder(ensure_ascii=False, sort_keys=True).encode  # == JSONField's


def _version(row: tuple) -> Version:
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
        return [_version(r) for r in vault.db.execute_sql(sql).fetchall()]
    ids, out = sorted(record_ids), []
    for i in range(0, len(ids), CHUNK):
        part = ids[i : i + CHUNK]
        q = f"{sql} WHERE record_id IN ({','.join('?' * len(part))})"
        out.extend(_version(r) for r in vault.db.execute_sql(q, part).fetchall())
    return out


def load_erasures(vault: Vault) -> list[Erasure]:
    return [Erasure(e.record_id, e.entity, e.hlc, e.device_id) for e in ErasureRow.select()]


def count(vault: Vault, sql: str) -> int:
    return vault.db.execute_sql(sql).fetchone()[0]


def fingerprint(vault: Vault) -> tuple:
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
        rows = vault.db.execute_sql(
            "SELECT DISTINCT record_id FROM \"version\" WHERE entity != 'child' AND "
            f"json_extract(payload, '$.child_id') IN ({marks})",
            sorted(child_ids),
        ).fetchall()
        return {r[0] for r in rows}
    rows = vault.db.execute_sql(
        "SELECT DISTINCT record_id, json_extract(payload, '$.child_id') FROM \"version\" "
        "WHERE entity != 'child'"
    ).fetchall()
    return {rid for rid, link in rows if link in child_ids}


def quarantined(vault: Vault) -> list[str]:
    """Live records whose child is missing (kept, set aside: shown under no child)."""
    with vault.read():
        return [
            r[0]
            for r in vault.db.execute_sql(
                'SELECT h.record_id FROM head h JOIN "version" v ON v.version_id = h.winner_id '
                "WHERE h.entity != 'child' AND h.deleted = 0 "
                "AND json_extract(v.payload, '$.child_id') IS NOT NULL "
                "AND json_extract(v.payload, '$.child_id') != '' "
                "AND json_extract(v.payload, '$.child_id') NOT IN "
                "(SELECT record_id FROM head WHERE entity = 'child')"
            ).fetchall()
        ]
