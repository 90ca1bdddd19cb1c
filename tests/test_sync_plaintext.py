"""No plaintext children's data on the stick, in the temp dir or in the vault folder after
exports and imports (in-process and through the real ``mentor sync`` command)."""

from __future__ import annotations

import tempfile

from test_sync_support import MARKER, PASS, mentor, scan, seed

from mentor_tui.db import children
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_files import side_path
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys


def test_no_marker_on_the_stick_in_temp_or_in_the_vaults(paths, vault, tmp_path, monkeypatch):
    tmp = tmp_path / "tmpdir"
    tmp.mkdir()
    monkeypatch.setenv("TMPDIR", str(tmp))
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    stick = tmp_path / "stick"
    stick.mkdir()
    seed(vault, 3)
    first = export_vault(vault, stick, SyncKeys(PASS)).path
    b, _p, _r = import_new_profile(paths, "机器B", first, PASS)
    children.add_child(b, f"张{MARKER}")
    export_vault(b, stick, SyncKeys(PASS))  # pull + push, keeps a .prev
    b.close()
    apply_import(vault, prepare_import(vault, first, SyncKeys(PASS)))
    vault.close()
    r = mentor(
        ["sync", "export", str(stick), "--profile", "王老师", "--passphrase-stdin"],
        paths.data_dir.parent,
        stdin=PASS + "\n",
        env_extra={"TMPDIR": str(tmp)},
    )
    assert r.returncode == 0, r.stderr
    r = mentor(
        ["sync", "import", str(first), "--yes", "--profile", "机器B", "--passphrase-stdin"],
        paths.data_dir.parent,
        stdin=PASS + "\n",
        env_extra={"TMPDIR": str(tmp)},
    )
    assert r.returncode == 0, r.stderr
    assert MARKER not in r.stdout + r.stderr
    assert first.exists() and side_path(first, "prev").exists()
    assert scan(stick) == [] and scan(tmp) == [] and scan(paths.data_dir) == []
    assert scan(paths.config_dir) == []
