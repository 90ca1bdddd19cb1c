"""Half-done work cleans up (issue 13, item 5): a backup cut short is removed at the next
unlock and never counted among the kept backups; an interrupted ``--new-profile`` import is
rolled back by the next attempt; ``mentor passwd`` refuses while the vault is open elsewhere
or when its database is missing, truncated or damaged."""

from __future__ import annotations

import io
import os
import signal

import pytest
from test_sync_support import PASS, mentor, seed

from mentor_tui import cli
from mentor_tui.core.i18n import t
from mentor_tui.db import children
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_apply import KEEP_IMPORT_BACKUPS, apply_import
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import DB_NAME, KEYRING_NAME, backup, create_vault, open_vault

posix_only = pytest.mark.skipif(os.name != "posix", reason="kill -9 semantics")


@posix_only
def test_a_kill_during_the_import_backup_leaves_nothing_counted(paths, vault, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    seed(vault, 3)
    file = export_vault(vault, stick, SyncKeys(PASS)).path
    vault.close()
    b_home = tmp_path / "b"
    r = mentor(
        ["sync", "import", str(file), "--new-profile", "B", "--passphrase-stdin"],
        b_home,
        stdin=PASS + "\n",
    )
    assert r.returncode == 0, r.stderr
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    children.add_child(v, "新同学")
    file = export_vault(v, stick, SyncKeys(PASS)).path
    v.close()
    backups = next((b_home / "data").rglob("backups"))
    before = {p.name for p in backups.iterdir()}
    r = mentor(
        ["sync", "import", str(file), "--yes", "--profile", "B", "--passphrase-stdin"],
        b_home,
        stdin=PASS + "\n",
        env_extra={"MENTOR_FAULT": "backup:mid-copy"},
    )
    assert r.returncode == -signal.SIGKILL
    torn = {p.name for p in backups.iterdir()} - before
    assert torn and all(".partial" in n for n in torn)  # never a *.db a prune would count
    r = mentor(["due", "--profile", "B", "--passphrase-stdin"], b_home, stdin=PASS + "\n")
    assert r.returncode == 0, r.stderr
    assert {p.name for p in backups.iterdir()} == before  # removed at the next unlock


def test_old_style_partial_backups_are_removed_and_not_kept(paths, vault):
    """A partial ``*-before-import-*.db`` with its ``-journal`` (cut short before backups were
    written under a .partial name): removed at the next unlock, never one of the kept five."""
    folder = vault.dir / "backups"
    kept = [backup(vault, "before-import") for _ in range(KEEP_IMPORT_BACKUPS)]
    torn = folder / "29991231-235959-before-import-abcdef.db"
    torn.write_bytes(b"half a copy")
    torn.with_name(torn.name + "-journal").write_bytes(b"journal")
    vault.close()
    v = open_vault(paths, list_profiles(paths)[0], PASS)
    try:
        names = sorted(p.name for p in folder.iterdir())
        assert names == sorted(p.name for p in kept)
    finally:
        v.close()


@posix_only
def test_an_interrupted_new_profile_import_is_rolled_back_by_the_retry(paths, vault, tmp_path):
    stick = tmp_path / "stick"
    stick.mkdir()
    seed(vault, 2)
    file = export_vault(vault, stick, SyncKeys(PASS)).path
    vault.close()
    home = tmp_path / "other"
    argv = ["sync", "import", str(file), "--new-profile", "新老师", "--passphrase-stdin"]
    r = mentor(argv, home, stdin=PASS + "\n", env_extra={"MENTOR_FAULT": "import:mid-transaction"})
    assert r.returncode == -signal.SIGKILL
    r = mentor(argv, home, stdin=PASS + "\n")
    assert r.returncode == 0, r.stderr  # not "a profile named 新老师 already exists"
    r = mentor(["profile", "list"], home)
    assert r.stdout.split() == ["新老师"]
    r = mentor(["due", "--all", "--json", "--passphrase-stdin"], home, stdin=PASS + "\n")
    assert r.returncode == 0 and "李" in r.stdout


def test_a_finished_profile_is_never_rolled_back(paths, vault):
    from mentor_tui.core.errors import VaultError

    with pytest.raises(VaultError) as err:
        create_vault(paths, "王老师", PASS)
    assert err.value.key == "err.profile_exists"
    assert len(list_profiles(paths)) == 1


def _passwd(monkeypatch, capsys, old=PASS, new="新的口令 new-pass"):
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{old}\n{new}\n{new}\n"))
    monkeypatch.setenv("MENTOR_LANG", "zh")
    code = cli.main(["passwd", "--passphrase-stdin"])
    return code, capsys.readouterr()


@pytest.mark.parametrize("case", ["open", "missing", "truncated", "damaged"])
def test_passwd_refuses(paths, monkeypatch, capsys, case):
    v = create_vault(paths, "王老师", PASS)
    children.add_child(v, "李明", health_notes="体弱" * 500)
    db = v.dir / DB_NAME
    holder = v if case == "open" else None
    if holder is None:
        v.close()
    if case == "missing":
        db.unlink()
    elif case == "truncated":
        db.write_bytes(db.read_bytes()[: 4096 + 100])
    elif case == "damaged":
        data = bytearray(db.read_bytes())
        data[3 * 4096 + 300 : 3 * 4096 + 316] = bytes(16)
        db.write_bytes(bytes(data))
    ring = (v.dir / KEYRING_NAME).read_bytes()
    try:
        code, out = _passwd(monkeypatch, capsys)
    finally:
        if holder is not None:
            holder.close()
    key = {
        "open": "err.vault_in_use",
        "missing": "err.passwd_no_database",
        "truncated": "err.passwd_damaged",
        "damaged": "err.passwd_damaged",
    }[case]
    assert code != 0 and out.err.splitlines() == [t(key)]
    assert (v.dir / KEYRING_NAME).read_bytes() == ring  # the key was not rewrapped


def test_passwd_still_works_on_a_sound_vault(paths, monkeypatch, capsys):
    create_vault(paths, "王老师", PASS).close()
    code, out = _passwd(monkeypatch, capsys)
    assert code == 0, out.err
    open_vault(paths, list_profiles(paths)[0], "新的口令 new-pass").close()


def test_prepare_and_apply_still_back_up(paths, vault, tmp_path):
    stick = tmp_path / "s"
    stick.mkdir()
    seed(vault, 1)
    file = export_vault(vault, stick, SyncKeys(PASS)).path
    other = create_vault(paths, "B", PASS)
    try:
        res = apply_import(other, prepare_import(other, file, SyncKeys(PASS), adopt_empty=True))
        assert res.backup is not None and res.backup.name.endswith(".db")
    finally:
        other.close()
