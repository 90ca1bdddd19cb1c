"""The encrypted vault: create, unlock, wrong passphrase, change passphrase, modes, plaintext
scan, single-instance lock, migrations, damage — each failure one sentence, nothing changed."""

from __future__ import annotations

import datetime as dt
import os
import stat

import pytest

from mentor_tui.core.errors import MentorError, VaultError
from mentor_tui.db import children, entries, migrations, settings
from mentor_tui.db.connection import CipherDatabase
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.vault import (
    DB_NAME,
    KEYRING_NAME,
    change_passphrase,
    create_vault,
    integrity_check,
    open_vault,
)

MARKER = "ZQXMARKER"


def _reopen(paths, passphrase):
    return open_vault(paths, list_profiles(paths)[0], passphrase)


def _fill(vault):
    cid = children.add_child(
        vault, f"李明{MARKER}", class_name="三年级二班", home_address=f"青山村{MARKER}"
    )
    children.add_contact(vault, cid, f"李奶奶{MARKER}", "grandparent", phones=["13812345678"])
    entries.log_entry(
        vault,
        cid,
        "talk",
        dt.date.today(),
        text=f"谈心{MARKER}",
        card={"child_said": f"想妈妈{MARKER}"},
    )
    settings.save_draft(vault, "draft:x", {"text": f"草稿{MARKER}"})
    return cid


def test_create_then_unlock(vault, paths, passphrase):
    cid = _fill(vault)
    vault.close()
    v2 = _reopen(paths, passphrase)
    try:
        assert [c.id for c in children.list_children(v2)] == [cid]
        assert integrity_check(v2) == "ok"
    finally:
        v2.close()


@pytest.mark.parametrize("bad", ["wrong passphrase", "", "x" * 2000, "correct horse 正确 "])
def test_wrong_passphrase_changes_nothing(vault, paths, passphrase, bad):
    _fill(vault)
    vault.close()
    db = paths.profile_dir(list_profiles(paths)[0].id) / DB_NAME
    before = db.read_bytes()
    with pytest.raises(MentorError) as err:
        _reopen(paths, bad)
    assert err.value.key in ("err.wrong_passphrase", "err.passphrase_long")
    assert db.read_bytes() == before
    _reopen(paths, passphrase).close()


def test_nfd_passphrase_equals_nfc(paths):
    import unicodedata

    pw = "café-passphrase"
    create_vault(paths, "NFC", unicodedata.normalize("NFC", pw)).close()
    _reopen(paths, unicodedata.normalize("NFD", pw)).close()


def test_short_passphrase_refused(paths):
    with pytest.raises(MentorError) as err:
        create_vault(paths, "A", "short")
    assert err.value.key == "err.passphrase_short"
    assert list_profiles(paths) == []


def test_change_passphrase(vault, paths, passphrase):
    cid = _fill(vault)
    vault.close()
    prof = list_profiles(paths)[0]
    with pytest.raises(VaultError):
        change_passphrase(paths, prof, "not it at all", "new passphrase 2")
    change_passphrase(paths, prof, passphrase, "new passphrase 2")
    with pytest.raises(VaultError):
        _reopen(paths, passphrase)
    v = _reopen(paths, "new passphrase 2")
    assert children.get_child(v, cid) is not None
    v.close()


@pytest.mark.skipif(os.name != "posix", reason="POSIX modes; Windows relies on the profile ACL")
def test_modes_private_after_create_backup_and_repair(vault, paths):
    from mentor_tui.db.vault import backup
    from mentor_tui.paths import prepare

    _fill(vault)
    backup(vault, "test")
    vault.close()
    kr = paths.profile_dir(list_profiles(paths)[0].id) / KEYRING_NAME
    os.chmod(kr, 0o644)
    prepare()
    for root, _dirs, files in os.walk(paths.data_dir):
        assert stat.S_IMODE(os.stat(root).st_mode) == 0o700, root
        for f in files:
            assert stat.S_IMODE(os.stat(os.path.join(root, f)).st_mode) == 0o600, f


def test_no_plaintext_marker_in_any_file(vault, paths):
    from mentor_tui.db.vault import backup

    _fill(vault)
    backup(vault, "scan")
    # Scan while open (WAL and SHM present) and after close.
    for phase in ("open", "closed"):
        files = [p for p in paths.data_dir.rglob("*") if p.is_file()]
        names = {p.name for p in files}
        assert DB_NAME in names and KEYRING_NAME in names
        if phase == "open":
            assert any(n.endswith("-wal") for n in names)
        for p in files:
            data = p.read_bytes()
            assert MARKER.encode() not in data, p
            assert "李明".encode() not in data, p
        vault.close()


def test_single_instance_lock(vault, paths, passphrase):
    with pytest.raises(VaultError) as err:
        _reopen(paths, passphrase)
    assert err.value.key == "err.vault_in_use"


def test_newer_schema_refused(vault, paths, passphrase):
    with vault.write():
        vault.db.execute_sql(f"PRAGMA user_version = {migrations.latest() + 1}")
    vault.close()
    with pytest.raises(VaultError) as err:
        _reopen(paths, passphrase)
    assert err.value.key == "err.vault_too_new"
    assert "升级" in str(err.value)


# Migration from a real v1 vault: tests/test_foundation_migration.py (tests/vectors/vault_v1).


def test_backup_is_a_readable_encrypted_copy(vault):
    from mentor_tui.db.vault import backup

    cid = _fill(vault)
    dest = backup(vault, "t")
    db = CipherDatabase(str(dest), vault.raw_key, thread_safe=False)
    db.connect()
    assert (
        db.execute_sql("SELECT name FROM child WHERE id = ?", (cid,))
        .fetchone()[0]
        .startswith("李明")
    )
    db.close()


@pytest.mark.parametrize("damage", ["truncate", "garbage", "zero"])
def test_damaged_db_gives_one_sentence(vault, paths, passphrase, damage):
    _fill(vault)
    vault.close()
    db = paths.profile_dir(list_profiles(paths)[0].id) / DB_NAME
    data = db.read_bytes()
    if damage == "truncate":
        db.write_bytes(data[:100])
    elif damage == "garbage":
        db.write_bytes(os.urandom(len(data)))
    else:
        db.write_bytes(b"")
    with pytest.raises(VaultError) as err:
        _reopen(paths, passphrase)
    assert err.value.key == "err.vault_damaged"


def test_missing_keyring(vault, paths, passphrase):
    vault.close()
    (paths.profile_dir(list_profiles(paths)[0].id) / KEYRING_NAME).unlink()
    with pytest.raises(VaultError) as err:
        _reopen(paths, passphrase)
    assert err.value.key == "err.keyring_missing"


def test_damaged_keyring(vault, paths, passphrase):
    vault.close()
    kr = paths.profile_dir(list_profiles(paths)[0].id) / KEYRING_NAME
    kr.write_text('{"kdf": "argon2id", "version": 1, "t": 99, "m": 1, "p": 1}', encoding="utf-8")
    with pytest.raises(MentorError) as err:
        _reopen(paths, passphrase)
    assert err.value.key in ("err.keyring_damaged", "err.kdf_params")


def test_settings_pragmas(vault):
    with vault.read():
        q = vault.db.execute_sql
        assert q("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert q("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        assert q("PRAGMA foreign_keys").fetchone()[0] == 1
        assert q("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_audit_log_has_counts_not_content(vault, paths, passphrase):
    _fill(vault)
    vault.close()
    v = _reopen(paths, passphrase)
    events = [a.event for a in settings.audit_log(v)]
    assert events[:2] == ["create", "unlock"]
    assert all(MARKER not in str(a.counts) for a in settings.audit_log(v))
    v.close()


def test_write_waits_for_another_writer_instead_of_failing(vault):
    """BEGIN IMMEDIATE + busy_timeout: a write while another connection holds the write lock
    waits and then succeeds (a deferred read-then-write would fail at once)."""
    import threading
    import time

    from sqlcipher3 import dbapi2 as sqlcipher

    other = sqlcipher.connect(str(vault.db_path), isolation_level=None)
    other.execute(f"PRAGMA key = \"x'{vault.raw_key.hex()}'\"")
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO local_state (key, value) VALUES ('other', '1')")
    result = {}

    def writer():
        try:
            result["id"] = children.add_child(vault, "等待的孩子")
        except Exception as exc:  # noqa: BLE001
            result["err"] = exc

    th = threading.Thread(target=writer)
    th.start()
    time.sleep(0.3)
    assert th.is_alive()  # blocked on the lock, not failed
    other.execute("COMMIT")
    other.close()
    th.join(10)
    assert "err" not in result
    assert children.get_child(vault, result["id"]).name == "等待的孩子"


def test_lock_released_when_closed_on_another_thread(paths, passphrase):
    """A TUI worker may unlock on one thread and lock on another: the file lock must follow
    the vault, not the thread, or the next unlock says "open in another window"."""
    from concurrent.futures import ThreadPoolExecutor

    create_vault(paths, "线程", passphrase).close()
    prof = list_profiles(paths)[0]
    with ThreadPoolExecutor(max_workers=1) as a, ThreadPoolExecutor(max_workers=1) as b:
        v = a.submit(open_vault, paths, prof, passphrase).result()
        b.submit(v.close).result()
    _reopen(paths, passphrase).close()
