"""An import computes each record's current-table row per field kind decided once per model
(issue 17, db/sync_import.py); the rows must be those ``store.row_from_payload`` and each
field's ``db_value`` give, for every entity of a real demo vault."""

from __future__ import annotations

import datetime as dt

from mentor_tui.core.demo_data import generate
from mentor_tui.db import store
from mentor_tui.db.demo import load_into
from mentor_tui.db.fields import JSONField
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
