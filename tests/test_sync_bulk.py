"""Issue 17, db/sync_apply.py: a bulk import (a new machine) builds the secondary indexes after
the rows go in and writes with the rollback journal; afterwards the vault holds exactly what
the source holds, with the same schema, in WAL mode again; and it does so with another
connection open (then the journal mode cannot switch and stays WAL)."""

from __future__ import annotations

import datetime as dt
import os
import signal

import pytest
from test_sync_support import PASS, mentor

from mentor_tui.core.demo_data import generate
from mentor_tui.db import store
from mentor_tui.db.connection import CipherDatabase
from mentor_tui.db.demo import load_into
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_apply import BULK_ROWS, apply_import, is_bulk
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import create_vault, integrity_check, open_vault

_DERIVED = ("head", "child", "contact", "entry", "term", "setting")


def _schema(v):
    return v.db.execute_sql(
        "SELECT type, name, tbl_name, sql FROM sqlite_master ORDER BY type, name"
    ).fetchall()


def _rows(v, table):
    return v.db.execute_sql(f'SELECT * FROM "{table}" ORDER BY 1').fetchall()


def _source(vault, tmp_path, passphrase):
    load_into(vault, generate(children=20, years=1, seed=3, today=dt.date(2026, 11, 20)))
    stick = tmp_path / "stick"
    stick.mkdir()
    return export_vault(vault, stick, SyncKeys(passphrase)).path


def _same_as_source(dst, vault):
    with vault.read():
        want = {t: _rows(vault, t) for t in _DERIVED}
    with dst.read():
        got = {t: _rows(dst, t) for t in _DERIVED}
        assert dst.db.execute_sql("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert store.all_versions(dst) == store.all_versions(vault)
    assert got == want


def test_a_bulk_import_keeps_the_schema_and_the_journal_mode_and_loses_nothing(
    vault, paths, passphrase, tmp_path
):
    path = _source(vault, tmp_path, passphrase)
    dst = create_vault(paths, "新机器", passphrase)
    try:
        schema = _schema(dst)
        preview = prepare_import(dst, path, SyncKeys(passphrase))
        n = len(preview.plan.versions_to_insert)
        assert n >= BULK_ROWS and is_bulk(n, preview.fingerprint[0])
        assert apply_import(dst, preview).changed
        assert _schema(dst) == schema  # every index made again, as it was
        assert dst.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        _same_as_source(dst, vault)
        # the dropped and rebuilt indexes are used again (the query plan names them)
        plan = dst.db.execute_sql(
            'EXPLAIN QUERY PLAN SELECT * FROM "version" WHERE record_id = ?', ("x",)
        ).fetchall()
        assert any("version_record_id" in str(r) for r in plan)
        # and the re-import finds nothing new
        assert not prepare_import(dst, path, SyncKeys(passphrase)).changes_anything
    finally:
        dst.close()


def test_a_bulk_import_with_another_connection_open_stays_in_wal_mode(
    vault, paths, passphrase, tmp_path
):
    path = _source(vault, tmp_path, passphrase)
    dst = create_vault(paths, "新机器", passphrase)
    other = CipherDatabase(str(dst.dir / "vault.db"), dst.raw_key)
    try:
        other.connect()
        assert other.execute_sql("SELECT count(*) FROM head").fetchone()[0] == 0
        assert apply_import(dst, prepare_import(dst, path, SyncKeys(passphrase))).changed
        assert dst.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        _same_as_source(dst, vault)
        assert other.execute_sql("SELECT count(*) FROM head").fetchone()[0] > 0
    finally:
        other.close()
        dst.close()


def test_an_import_into_a_bigger_vault_is_not_a_bulk_one():
    assert not is_bulk(BULK_ROWS - 1, 0)
    assert is_bulk(BULK_ROWS, BULK_ROWS) and not is_bulk(BULK_ROWS, BULK_ROWS + 1)


@pytest.mark.skipif(os.name != "posix", reason="kill -9")
@pytest.mark.parametrize("point", ["import:mid-transaction", "import:before-commit"])
def test_kill_during_a_bulk_import_leaves_the_empty_vault_whole(
    vault, paths, passphrase, tmp_path, point
):
    """kill -9 of a real ``mentor sync import`` inside the bulk transaction (rollback journal,
    indexes dropped): the vault reopens empty, with its schema and in WAL mode, and the
    import then runs to the end."""
    assert passphrase == PASS
    path = _source(vault, tmp_path, passphrase)
    dst = create_vault(paths, "C", passphrase)
    schema = _schema(dst)
    dst.close()
    argv = ["sync", "import", str(path), "--yes", "--profile", "C", "--passphrase-stdin"]
    home = paths.data_dir.parent
    r = mentor(argv, home, stdin=PASS + "\n", env_extra={"MENTOR_FAULT": point})
    assert r.returncode == -signal.SIGKILL
    prof = next(p for p in list_profiles(paths) if p.name == "C")
    again = open_vault(paths, prof, PASS)
    try:
        assert integrity_check(again) == "ok"
        assert _schema(again) == schema
        assert again.db.execute_sql('SELECT count(*) FROM "version"').fetchone()[0] == 0
        assert again.db.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        again.close()
    r = mentor(argv, home, stdin=PASS + "\n")
    assert r.returncode == 0, r.stderr
    done = open_vault(paths, prof, PASS)
    try:
        assert _schema(done) == schema
        _same_as_source(done, vault)
    finally:
        done.close()
