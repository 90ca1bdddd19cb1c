"""Every write is inside ``BEGIN IMMEDIATE`` … ``COMMIT``/``ROLLBACK``: a deferred transaction
that reads first and writes later fails at once with SQLITE_BUSY when another process writes,
instead of waiting busy_timeout. SQLite's trace callback sees every statement sent."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from mentor_tui.core.demo_data import generate
from mentor_tui.db import children, entries, erase, settings, store
from mentor_tui.db.demo import load_into

WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE)\b", re.I)


def unguarded_writes(statements: list[str]) -> list[str]:
    """Writes sent outside a ``BEGIN IMMEDIATE`` transaction (and transaction misuse)."""
    bad, state = [], None  # None, "immediate" or "deferred"
    for sql in statements:
        s = " ".join(sql.split()).upper()
        if s.startswith("BEGIN"):
            if state is not None:
                bad.append(f"nested BEGIN: {sql}")
            state = "immediate" if s.startswith("BEGIN IMMEDIATE") else "deferred"
        elif s.startswith("ROLLBACK TO"):
            continue
        elif s.startswith(("COMMIT", "END", "ROLLBACK")):
            state = None
        elif s.startswith("SAVEPOINT") and state is None:
            bad.append(f"savepoint outside a transaction (deferred): {sql}")
        elif WRITE.match(sql) and state != "immediate":
            bad.append(sql)
    return bad


def test_checker_catches_a_bare_write():
    assert unguarded_writes(["INSERT INTO a VALUES (1)"]) == ["INSERT INTO a VALUES (1)"]
    assert unguarded_writes(["BEGIN", "UPDATE a SET x = 1", "COMMIT"]) == ["UPDATE a SET x = 1"]
    assert unguarded_writes(["SAVEPOINT s1", "DELETE FROM a", "RELEASE SAVEPOINT s1"]) != []
    assert (
        unguarded_writes(
            [
                "BEGIN IMMEDIATE",
                "SAVEPOINT s",
                "DELETE FROM a",
                "ROLLBACK TO SAVEPOINT s",
                "INSERT INTO a VALUES (2)",
                "COMMIT",
            ]
        )
        == []
    )


@pytest.fixture
def traced(vault):
    seen: list[str] = []
    with vault.read():
        vault.db.connection().set_trace_callback(seen.append)
    yield vault, seen


def test_every_write_is_begin_immediate(traced):
    vault, seen = traced
    cid = children.add_child(vault, "李明", class_name="三年级二班")
    children.update_child(vault, cid, interests="画画")
    children.archive_child(vault, cid, "转学", dt.date(2026, 11, 1))
    children.unarchive_child(vault, cid)
    kid = children.add_contact(vault, cid, "李奶奶", "grandparent", phones=["13812345678"])
    children.update_contact(vault, kid, best_time="晚上")
    children.delete_contact(vault, kid)
    eid = entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 2), text="谈心")
    entries.update_entry(vault, eid, text="谈心，改过")
    entries.delete_entry(vault, eid)
    entries.restore_entry(vault, eid)
    entries.log_entry(vault, None, "other", dt.date(2026, 11, 3), text="全班讲座")
    settings.set_setting(vault, "school", "青山小学")
    settings.add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 15))
    settings.save_draft(vault, f"draft:{cid}", {"text": "草稿"})
    settings.discard_draft(vault, f"draft:{cid}")
    settings.record_audit(vault, "export", records=3)
    load_into(vault, generate(children=2, years=1, seed=3, today=dt.date(2026, 12, 1)))
    other = children.add_child(vault, "张小红")
    entries.log_entry(vault, other, "diary", dt.date(2026, 11, 4), text="日记")
    erase.erase_child(vault, other)
    assert store.history(vault, cid)
    vault.close()  # the clean flag is a write too

    writes = [s for s in seen if WRITE.match(s)]
    assert len(writes) > 50  # the trace really saw the workload
    assert any('INSERT INTO "version"' in s for s in writes)
    assert any(s.upper().startswith("DELETE") for s in writes)  # erase purged rows
    assert sum(1 for s in seen if s.upper().startswith("BEGIN IMMEDIATE")) >= 20
    assert unguarded_writes(seen) == []


def test_create_unlock_and_migration_writes_are_immediate(paths, monkeypatch, _isolated_home):
    """From the first statement of each connection: create, unlock, and migrating the v1
    fixture (tests/vectors/vault_v1)."""
    import shutil
    from pathlib import Path

    from mentor_tui.db import connection
    from mentor_tui.db.profiles import list_profiles
    from mentor_tui.db.vault import create_vault, open_vault

    seen: list[str] = []
    real = connection.sqlcipher.connect

    def traced_connect(*a, **k):
        conn = real(*a, **k)
        conn.set_trace_callback(seen.append)
        return conn

    monkeypatch.setattr(connection.sqlcipher, "connect", traced_connect)
    fixture = Path(__file__).parent / "vectors" / "vault_v1" / "data"
    shutil.copytree(fixture, _isolated_home / "data", dirs_exist_ok=True)
    v1 = list_profiles(paths)[0]
    open_vault(paths, v1, "v1 fixture 口令").close()  # migrates v1 → latest
    assert any(s.startswith("CREATE TABLE") and "draft" in s for s in seen)
    create_vault(paths, "新老师", "new teacher 口令").close()
    new = next(p for p in list_profiles(paths) if p.name == "新老师")
    open_vault(paths, new, "new teacher 口令").close()
    writes = [s for s in seen if WRITE.match(s)]
    assert any("audit" in s for s in writes) and any("clean" in s for s in writes)
    assert unguarded_writes(seen) == []
