"""Her file on the stick (issue 14 items 2, 3, 6, 7): readable names, the .mentor side folder,
old hex-named files found and renamed, her file found by vault id on whichever drive carries it,
the count of unsynced changes, and a passphrase change roaming between two machines."""

from __future__ import annotations

import os

import pytest
from test_sync_support import PASS, seed

from mentor_tui import roaming
from mentor_tui.config import Config
from mentor_tui.core import envelope
from mentor_tui.core.errors import MentorError
from mentor_tui.db import children, keyring
from mentor_tui.db.profiles import list_profiles
from mentor_tui.db.sync_apply import import_new_profile
from mentor_tui.db.sync_export import export_vault, file_name
from mentor_tui.db.sync_files import (
    legacy_name,
    own_file,
    peek_file,
    safe_name,
    side_path,
    sync_files_in,
)
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import KEYRING_NAME, change_passphrase, create_vault, open_vault

NEW = "新的口令 new passphrase 2"


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "U盘 E"
    p.mkdir()
    return p


@pytest.mark.parametrize(
    "name,expected",
    [
        ("王老师", "王老师"),
        ('李/老师:"A"?', "李老师A"),
        ("  王 老师. ", "王 老师"),
        ("CON", "_CON"),
        ("lpt1", "_lpt1"),
        ("...", "mentor"),
        ("a\x00b\tc", "abc"),
        ("长" * 80, "长" * 60),
    ],
)
def test_safe_names_for_fat32_and_ntfs(name, expected):
    assert safe_name(name) == expected


def test_her_file_has_her_name_and_its_lock_and_prev_live_in_dot_mentor(vault, stick):
    seed(vault, 1)
    first = export_vault(vault, stick, SyncKeys(PASS)).path
    assert first == stick / "王老师.mentorsync" == stick / file_name(vault)
    export_vault(vault, stick, SyncKeys(PASS))
    assert sorted(p.name for p in stick.iterdir()) == [".mentor", "王老师.mentorsync"]
    assert side_path(first, "prev").is_file() and side_path(first, "lock").exists()
    found = peek_file(first)
    assert found.info.vault_id == vault.vault_id and found.info.name == "王老师"


def test_another_vaults_file_with_her_name_gets_a_suffix(paths, vault, stick):
    other = create_vault(paths, "王老师.", PASS)  # a namesake: the same file name
    try:
        seed(other, 1)
        theirs = export_vault(other, stick, SyncKeys(PASS)).path
    finally:
        other.close()
    seed(vault, 1)
    ours = export_vault(vault, stick, SyncKeys(PASS)).path
    assert theirs.name == "王老师.mentorsync"
    assert ours.name == f"王老师-{vault.vault_id[:6]}.mentorsync"
    assert own_file(stick, vault.vault_id) == ours
    assert export_vault(vault, stick, SyncKeys(PASS)).path == ours  # found by its header


def test_an_old_hex_named_file_is_found_pulled_and_renamed(paths, vault, stick):
    cid = seed(vault, 1)[0]
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    try:
        added = children.add_child(b, "只在旧文件里")
        path = export_vault(b, stick, SyncKeys(PASS)).path
        keys = SyncKeys(PASS)
        payload = keys.open(path.read_bytes())
    finally:
        b.close()
    for p in list(stick.iterdir()):
        if p.is_dir():
            for q in p.iterdir():
                q.unlink()
            p.rmdir()
        else:
            p.unlink()
    old = stick / legacy_name(vault.vault_id)  # format 1: hex name, .prev and .lock beside
    old.write_bytes(SyncKeys(PASS).seal(payload))  # no HeaderInfo: a format 1 file
    (stick / (old.name + ".prev")).write_bytes(b"old prev")
    (stick / (old.name + ".lock")).write_bytes(b"")
    assert peek_file(old).info is None and own_file(stick, vault.vault_id) == old
    cfg = Config(sync_folder=str(stick))
    assert roaming.find_own(vault, cfg) == old  # found by its old name
    legacy_bytes = old.read_bytes()
    res = export_vault(vault, stick, SyncKeys(PASS))
    assert res.path == stick / "王老师.mentorsync" and res.pulled is not None
    assert children.get_child(vault, added) is not None and children.get_child(vault, cid)
    assert sorted(p.name for p in stick.iterdir()) == [".mentor", "王老师.mentorsync"]
    assert side_path(res.path, "prev").read_bytes() == legacy_bytes  # the old file, kept
    assert roaming.find_own(vault, cfg) == res.path


def test_her_file_is_found_on_whichever_drive_carries_it(vault, tmp_path, monkeypatch):
    e, f = tmp_path / "E盘", tmp_path / "F盘"
    e.mkdir()
    f.mkdir()
    monkeypatch.setenv("MENTOR_DRIVES", os.pathsep.join([str(e), str(f)]))
    cfg = Config()
    seed(vault, 1)
    roaming.attach_keys(vault, PASS, cfg)
    out = roaming.sync_out(vault, cfg)  # no file anywhere yet: the first drive
    assert out.status == "exported" and out.result.path.parent == e
    assert cfg.recent_folders == [str(e)]
    moved = f / out.result.path.name  # tomorrow the stick is F:
    out.result.path.rename(moved)
    children.add_child(vault, "第二天")
    assert roaming.find_own(vault, cfg) == moved
    out = roaming.sync_out(vault, cfg)
    assert out.status == "exported" and out.result.path == moved
    assert not list(e.glob("*.mentorsync"))


def test_unsynced_changes_are_counted_until_an_export(vault, stick):
    cfg = Config()
    seed(vault, 1)
    n = roaming.unsynced(vault)
    assert n >= 3  # a child, a contact, an entry
    out = roaming.sync_out(vault, cfg)  # no stick, nothing pinned
    assert out.status == "off" and str(n) in out.message
    roaming.attach_keys(vault, PASS, Config(sync_folder=str(stick)))
    out = roaming.sync_out(vault, Config(sync_folder=str(stick)))
    assert out.status == "exported" and roaming.unsynced(vault) == 0
    children.add_child(vault, "又一个")
    assert roaming.unsynced(vault) == 1
    out = roaming.sync_out(vault, Config(sync_folder=str(stick / "拔掉了")))
    assert out.status == "absent" and "1" in out.message


def test_a_passphrase_change_roams_and_nothing_is_called_damaged(paths, vault, stick):
    """Machine A changes the passphrase and exports; machine B (old passphrase) recognises the
    file as hers, asks once, rewraps its key: both end on the new passphrase."""
    cfg = Config(sync_folder=str(stick))
    seed(vault, 1)
    path = export_vault(vault, stick, SyncKeys(PASS)).path
    b, _p, _r = import_new_profile(paths, "机器B", path, PASS)
    b_profile = b.profile
    b.close()
    a_profile = vault.profile
    vault.close()
    change_passphrase(paths, a_profile, PASS, NEW)  # on machine A
    a = open_vault(paths, a_profile, NEW)
    try:
        roaming.attach_keys(a, NEW, cfg)
        a_child = children.add_child(a, "A改口令后添加")
        out = roaming.sync_out(a, cfg)
        assert out.status == "exported", out.message
    finally:
        a.close()
    sealed_new = path.read_bytes()

    b = open_vault(paths, b_profile, PASS)  # machine B, the old passphrase
    try:
        roaming.attach_keys(b, PASS, cfg)
        with pytest.raises(MentorError) as err:
            roaming.check_on_start(b, cfg)
        assert err.value.key == "syncf.passphrase_changed"
        out = roaming.sync_out(b, cfg)  # quitting before she answers: nothing renamed
        assert out.status == "failed" and path.read_bytes() == sealed_new
        assert not list(stick.glob("*.damaged-*"))
        with pytest.raises(MentorError) as err:
            roaming.adopt_passphrase(b, "not it at all", cfg)
        assert err.value.key == "sync.wrong_passphrase"
        roaming.adopt_passphrase(b, NEW, cfg)  # asked once
        preview = roaming.check_on_start(b, cfg)
        assert preview is not None and preview.counts()["new"] >= 1
        from mentor_tui.db.sync_apply import apply_import

        apply_import(b, preview)
        assert children.get_child(b, a_child) is not None
        children.add_child(b, "B在新口令下添加")
        out = roaming.sync_out(b, cfg)
        assert out.status == "exported", out.message
    finally:
        b.close()
    assert not list(stick.glob("*.damaged-*"))
    # both machines now open with the new passphrase, and the file is sealed with it
    for profile in (a_profile, b_profile):
        v = open_vault(paths, profile, NEW)
        v.close()
    assert keyring.changed_at(paths.profile_dir(b_profile.id) / KEYRING_NAME) is not None
    SyncKeys(NEW).open(path.read_bytes())
    with pytest.raises(MentorError):
        SyncKeys(PASS).open(path.read_bytes())
    assert envelope.peek_header(path.read_bytes()).info.name == "机器B"  # the last writer's
    assert [p.name for p in list_profiles(paths)] == ["王老师", "机器B"]


def test_the_older_passphrase_only_opens_an_older_file(paths, vault, stick):
    """B changed its passphrase after A's last export: the passphrase she types opens A's
    file for the pull, but B keeps its own newer passphrase."""
    cfg = Config(sync_folder=str(stick))
    seed(vault, 1)
    path = export_vault(vault, stick, SyncKeys(PASS)).path
    b, _p, _r = import_new_profile(paths, "机器B", path, PASS)
    b_profile = b.profile
    b.close()
    children.add_child(vault, "A的新学生")
    export_vault(vault, stick, SyncKeys(PASS))
    change_passphrase(paths, b_profile, PASS, NEW)  # later, on B
    b = open_vault(paths, b_profile, NEW)
    try:
        roaming.attach_keys(b, NEW, cfg)
        roaming.adopt_passphrase(b, PASS, cfg)
        preview = roaming.check_on_start(b, cfg)
        assert preview is not None and preview.counts()["new"] >= 1
    finally:
        b.close()
    b = open_vault(paths, b_profile, NEW)  # still the new one
    b.close()


def test_sync_files_in_lists_newest_first_with_headers(vault, stick):
    seed(vault, 1)
    export_vault(vault, stick, SyncKeys(PASS))
    (stick / "损坏.mentorsync").write_bytes(b"MENTORSY")
    (stick / "not-a-sync.txt").write_bytes(b"x")
    found = sync_files_in(stick)
    assert {f.path.name for f in found} == {"王老师.mentorsync", "损坏.mentorsync"}
    good = next(f for f in found if f.readable)
    assert good.info.vault_id == vault.vault_id
    assert prepare_import(vault, good.path, SyncKeys(PASS)) is not None


def test_a_vault_holding_an_over_long_note_still_exports_and_imports(paths, vault, stick):
    """Issue 13: a note over format 1's 1,000,000-character cap (say an old version kept in the
    version store) never stops an export; the other machine imports it whole. Written through
    the version store directly: local writes get their own length rule elsewhere."""
    import datetime as dt

    from mentor_tui.db import entries, store

    cid = seed(vault, 1)[0]
    eid = entries.log_entry(vault, cid, "talk", dt.date.today(), text="短")
    long_note = "长" * 1_000_001
    with vault.write():  # an over-long version in the store, then shortened again
        store.put(vault, "entry", {"text": long_note}, record_id=eid)
    entries.update_entry(vault, eid, text="改短了")  # the old version stays in the store
    res = export_vault(vault, stick, SyncKeys(PASS))
    b, preview, _r = import_new_profile(paths, "机器B", res.path, PASS)
    try:
        assert preview.plan.rejected == []
        with b.read():
            texts = [v.payload.get("text") for v in store.history(b, eid)]
        assert long_note in texts
    finally:
        b.close()


def test_the_stick_the_portable_program_runs_from_comes_first(vault, tmp_path, monkeypatch):
    """Portable mode (the mentor-portable marker beside the launcher): her file goes to, and is
    found on, the stick the program runs from — no drive detection, nothing configured."""
    stick = tmp_path / "U盘 便携"
    program = stick / "mentor"
    program.mkdir(parents=True)
    (program / "mentor-portable").write_bytes(b"")
    (program / "mentor").write_bytes(b"")
    other = tmp_path / "另一个U盘"
    other.mkdir()
    monkeypatch.setattr("sys.argv", [str(program / "mentor")])
    monkeypatch.setenv("MENTOR_DRIVES", str(other))
    cfg = Config()
    assert roaming.search_folders(cfg)[:2] == [stick, other]
    seed(vault, 1)
    roaming.attach_keys(vault, PASS, cfg)
    out = roaming.sync_out(vault, cfg)
    assert out.status == "exported" and out.result.path.parent == stick
    assert roaming.find_own(vault, cfg) == out.result.path
    assert not list(other.iterdir())
