"""Issue 17, db/sync_import.py: an import computes each record's current-table row per field
kind decided once per model (the rows must be those ``store.row_from_payload`` and each field's
``db_value`` give, for every entity of a real demo vault); the re-import of an unchanged file
is planned without checking its versions again (the same plan as the full dry run)."""

from __future__ import annotations

import datetime as dt
import json

from mentor_tui.core.demo_data import generate
from mentor_tui.core.syncfile import parse_payload
from mentor_tui.db import children, store
from mentor_tui.db.demo import load_into
from mentor_tui.db.fields import JSONField
from mentor_tui.db.sync_apply import apply_import
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import dumps
from mentor_tui.db.vault import create_vault


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
