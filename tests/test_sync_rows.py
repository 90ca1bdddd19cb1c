"""Issue 17, db/sync_import.py: an import computes each record's current-table row per field
kind decided once per model (the rows must be those ``store.row_from_payload`` and each field's
``db_value`` give, for every entity of a real demo vault); the re-import of an unchanged file
is planned without checking its versions again (the same plan as the full dry run)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from mentor_tui.core.demo_data import generate
from mentor_tui.core.syncfile import parse_known, parse_payload
from mentor_tui.db import children, store
from mentor_tui.db.demo import load_into
from mentor_tui.db.fields import JSONField
from mentor_tui.db.sync_apply import apply_import
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import HELD_FILE, dumps, held_file_known
from mentor_tui.db.vault import create_vault, get_local, set_local


def _old_row(model, rid, payload) -> tuple[object, ...]:
    row = store.row_from_payload(model, rid, payload)
    return tuple(
        None
        if row.get(name) is None
        else dumps(row[name])
        if type(f) is JSONField
        else f.db_value(row[name])
        for name, f in model._meta.fields.items()
    )


def test_import_rows_equal_the_store_way(vault, paths, passphrase, tmp_path):
    load_into(vault, generate(children=4, years=1, seed=5, today=dt.date(2026, 11, 20)))
    stick = tmp_path / "stick"
    stick.mkdir()
    res = export_vault(vault, stick, SyncKeys(passphrase))
    dst = create_vault(paths, "新机器", passphrase)
    try:
        preview = prepare_import(dst, res.path, SyncKeys(passphrase))
    finally:
        dst.close()
    plan = preview.plan
    assert len(preview.rows) > 50
    entities = set()
    for rid, (model, row) in preview.rows.items():
        winner = plan.states[rid].winner
        entities.add(winner.entity)
        assert row == _old_row(model, rid, dict(winner.payload)), rid
    assert {"child", "contact", "entry", "term"} <= entities


def _pair(vault, paths, passphrase, tmp_path):
    """A demo vault, its file, and a second machine that imported it."""
    load_into(vault, generate(children=3, years=1, seed=8, today=dt.date(2026, 11, 20)))
    stick = tmp_path / "stick"
    stick.mkdir(exist_ok=True)
    res = export_vault(vault, stick, SyncKeys(passphrase))
    dst = create_vault(paths, "机器B", passphrase)
    apply_import(dst, prepare_import(dst, res.path, SyncKeys(passphrase)))
    return res.path, dst


def _full(vault, path, passphrase):
    """The dry run by the full reader (a parsed payload skips the held path)."""
    keys = SyncKeys(passphrase)
    data = path.read_bytes()
    return prepare_import(vault, path, keys, data=data, payload=parse_payload(keys.open(data)))


def test_reimport_of_an_unchanged_file_reports_what_the_full_dry_run_reports(
    vault, paths, passphrase, tmp_path
):
    path, dst = _pair(vault, paths, passphrase, tmp_path)
    try:
        again = prepare_import(dst, path, SyncKeys(passphrase))
        full = _full(dst, path, passphrase)
        assert again.payload.held is not None and full.payload.held is None
        assert not again.changes_anything and not full.changes_anything
        assert again.plan == full.plan
        assert again.counts() == full.counts() and again.counts()["unchanged"] > 20
        assert again.payload.versions == full.payload.versions
        assert (again.file_sha256, again.fingerprint) == (full.file_sha256, full.fingerprint)
        before = dst.db.execute_sql('SELECT count(*) FROM "version"').fetchone()[0]
        assert not apply_import(dst, again).changed
        assert dst.db.execute_sql('SELECT count(*) FROM "version"').fetchone()[0] == before
    finally:
        dst.close()


def test_a_file_with_anything_new_or_not_held_byte_for_byte_takes_the_full_dry_run(
    vault, paths, passphrase, tmp_path
):
    path, dst = _pair(vault, paths, passphrase, tmp_path)
    try:
        # a row stored in the spacing written before issue 17: equal value, other bytes
        vid, payload = dst.db.execute_sql(
            'SELECT version_id, payload FROM "version" ORDER BY version_id LIMIT 1'
        ).fetchone()
        spaced = json.dumps(json.loads(payload), ensure_ascii=False, sort_keys=True)
        assert spaced != payload
        with dst.write():
            dst.db.execute_sql(
                'UPDATE "version" SET payload = ? WHERE version_id = ?', (spaced, vid)
            )
            set_local(dst, HELD_FILE, "")  # a vault of before: no file remembered as held
        again = prepare_import(dst, path, SyncKeys(passphrase))
        assert again.payload.held is None
        assert again.plan == _full(dst, path, passphrase).plan and not again.changes_anything
        # something new in the file: the full dry run, which finds it
        children.add_child(vault, "新来的孩子")
        newer = export_vault(vault, path.parent, SyncKeys(passphrase)).path
        preview = prepare_import(dst, newer, SyncKeys(passphrase))
        assert preview.payload.held is None and preview.counts()["new"] == 1
    finally:
        dst.close()


def _known(dst, path) -> bool:
    with dst.read():
        return held_file_known(dst, hashlib.sha256(path.read_bytes()).hexdigest())


def test_the_file_an_empty_vault_imported_whole_is_known_until_the_vault_changes(
    vault, paths, passphrase, tmp_path
):
    """After importing every version of a file into an empty vault, the vault remembers the
    file (its SHA-256 and the vault's state): its re-import skips matching the versions one
    by one and reports what the full dry run reports. Any change to the vault forgets it."""
    path, dst = _pair(vault, paths, passphrase, tmp_path)
    try:
        assert _known(dst, path)
        again = prepare_import(dst, path, SyncKeys(passphrase))
        full = _full(dst, path, passphrase)
        assert again.payload.held == list(range(len(full.payload.versions)))
        assert again.plan == full.plan and not again.changes_anything
        assert again.counts() == full.counts() and again.counts()["unchanged"] > 20
        assert again.payload.versions == full.payload.versions
        assert (again.file_sha256, again.fingerprint) == (full.file_sha256, full.fingerprint)
        assert not apply_import(dst, again).changed and _known(dst, path)
        # a local change: the file is no longer known; the held path, same report as the full
        children.add_child(dst, "本机新增")
        assert not _known(dst, path)
        again = prepare_import(dst, path, SyncKeys(passphrase))
        assert again.payload.held is not None
        assert again.plan == _full(dst, path, passphrase).plan and not again.changes_anything
        # and applying that dry run does not remember it (the vault holds more than the file)
        apply_import(dst, again)
        assert not _known(dst, path)
    finally:
        dst.close()


def test_a_known_file_changed_by_a_byte_or_a_vault_that_changed_is_not_known(
    vault, paths, passphrase, tmp_path
):
    path, dst = _pair(vault, paths, passphrase, tmp_path)
    try:
        assert _known(dst, path)
        # the same versions sealed again (a new salt): other bytes, not the file remembered
        (tmp_path / "stick2").mkdir()
        other = export_vault(vault, tmp_path / "stick2", SyncKeys(passphrase)).path
        assert not _known(dst, other)
        again = prepare_import(dst, other, SyncKeys(passphrase))
        assert not again.changes_anything and again.plan == _full(dst, other, passphrase).plan
        # an erasure on this machine changes the vault: forgotten, and the full dry run runs
        rid = next(iter(again.plan.unchanged_records))
        store.erase(dst, "entry", [rid])
        assert not _known(dst, path)
        preview = prepare_import(dst, path, SyncKeys(passphrase))
        assert preview.payload.held is None and preview.counts()["erased_skipped"] >= 1
    finally:
        dst.close()


def test_an_import_that_did_not_bring_the_whole_file_remembers_nothing(
    vault, paths, passphrase, tmp_path
):
    load_into(vault, generate(children=2, years=1, seed=8, today=dt.date(2026, 11, 20)))
    stick = tmp_path / "stick"
    stick.mkdir()
    path = export_vault(vault, stick, SyncKeys(passphrase)).path
    dst = create_vault(paths, "机器B", passphrase)
    try:
        children.add_child(dst, "本机的孩子")  # not empty: the vault holds more than the file
        preview = prepare_import(dst, path, SyncKeys(passphrase), adopt=True)
        assert apply_import(dst, preview).changed
        with dst.read():
            assert not get_local(dst, HELD_FILE)
        assert not _known(dst, path)
    finally:
        dst.close()


def test_a_known_file_is_still_checked_against_the_vaults_counts(
    vault, paths, passphrase, tmp_path
):
    path, dst = _pair(vault, paths, passphrase, tmp_path)
    try:
        plain = SyncKeys(passphrase).open(path.read_bytes())
        n = dst.db.execute_sql('SELECT count(*) FROM "version"').fetchone()[0]
        got = parse_known(plain, n, 0)
        assert got is not None and got.held == list(range(n))
        assert got.versions == parse_payload(plain).versions
        assert parse_known(plain, n - 1, 0) is None and parse_known(plain, n, 1) is None
        # a byte of the versions changed (the manifest's SHA-256 no longer holds)
        i = plain.index(b'"hlc":') + 6
        bumped = plain[:i] + (b"2" if plain[i : i + 1] != b"2" else b"3") + plain[i + 1 :]
        assert parse_known(bumped, n, 0) is None
    finally:
        dst.close()
