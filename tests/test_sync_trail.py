"""What an import and an export leave behind: the backup taken before an import (it opens and
holds exactly the pre-import state), the audit lines with counts, and the progress stages."""

from __future__ import annotations

from sqlcipher3 import dbapi2 as sqlcipher
from test_sync_support import PASS, SYNCED_TABLES, dump, seed

from mentor_tui.db import children
from mentor_tui.db.settings import audit_log
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys


def _other_machine_file(paths, vault, stick, n_new: int = 2):
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    try:
        for i in range(n_new):
            children.add_child(b, f"B 的新同学{i}")
        return export_vault(b, stick, SyncKeys(PASS)).path
    finally:
        b.close()


def _dump_file(path, key: bytes, tables) -> dict:
    con = sqlcipher.connect(str(path), isolation_level=None)
    try:
        con.execute("PRAGMA cipher_log_level = NONE")
        con.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return {t: sorted(con.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr) for t in tables}
    finally:
        con.close()


def test_the_backup_before_import_opens_and_equals_the_pre_import_state(paths, vault, tmp_path):
    seed(vault, 2)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = _other_machine_file(paths, vault, stick)
    before = dump(vault)
    res = apply_import(vault, prepare_import(vault, path, SyncKeys(PASS)))
    assert res.changed and res.backup is not None and res.backup.exists()
    assert dump(vault) != before
    assert _dump_file(res.backup, vault.raw_key, before) == before
    assert set(SYNCED_TABLES) <= set(before)


def test_audit_lines_for_import_and_export_carry_counts_only(paths, vault, tmp_path):
    seed(vault, 1)
    stick = tmp_path / "stick"
    stick.mkdir()
    path = _other_machine_file(paths, vault, stick, n_new=2)
    preview = prepare_import(vault, path, SyncKeys(PASS))
    apply_import(vault, preview)
    line = audit_log(vault)[-1]
    assert line.event == "import"
    assert line.counts == {k: v for k, v in preview.counts().items() if v}
    assert line.counts["new"] == 2 and line.counts["versions"] == 2
    apply_import(vault, prepare_import(vault, path, SyncKeys(PASS)))  # nothing new now
    assert audit_log(vault)[-1].event == "import-nothing-new"
    res = export_vault(vault, stick, SyncKeys(PASS))
    line = audit_log(vault)[-1]
    assert line.event == "export"
    assert line.counts == {"versions": res.versions, "erasures": res.erasures}
    assert all(isinstance(v, int) for v in line.counts.values())


def test_progress_stages_come_in_order_and_reach_the_total(paths, vault, tmp_path):
    seed(vault, 2)
    stick = tmp_path / "stick"
    stick.mkdir()
    _other_machine_file(paths, vault, stick, n_new=1)  # the stick's file is B's: a pull first
    seen: list[tuple[str, int, int]] = []
    res = export_vault(vault, stick, SyncKeys(PASS), progress=lambda *a: seen.append(a))
    stages = list(dict.fromkeys(s for s, _d, _t in seen))
    assert stages == ["pull", "read", "encode", "seal", "write", "verify", "done"]
    writes = [(d, t) for s, d, t in seen if s == "write"]
    assert writes[-1] == (res.size, res.size)
    assert [d for d, _t in writes] == sorted(d for d, _t in writes)
    assert seen[-1] == ("done", 1, 1)
    encode = next(x for x in seen if x[0] == "encode")
    assert encode[2] == res.versions
    seen.clear()
    export_vault(vault, stick, SyncKeys(PASS), progress=lambda *a: seen.append(a))
    assert "pull" not in {s for s, _d, _t in seen}  # our own file: nothing to pull
