"""USB roaming: keys derived at unlock (passphrase dropped), the start-up offer, export on
quit/lock when the stick is there, and the last success time."""

from __future__ import annotations

import pytest
from test_sync_support import PASS

from mentor_tui import roaming
from mentor_tui.config import Config
from mentor_tui.db import children
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault, file_name
from mentor_tui.db.sync_keys import SyncKeys


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "U盘"
    p.mkdir()
    return p


def test_keys_are_derived_at_unlock_and_the_passphrase_dropped(vault, stick):
    cfg = Config(sync_folder=str(stick))
    foreign = export_vault(vault, stick, SyncKeys(PASS)).path  # sealed "elsewhere"
    keys = roaming.attach_keys(vault, PASS, cfg)
    assert not keys.has_passphrase and roaming.keys_of(vault) is keys
    children.add_child(vault, "新同学")
    foreign.write_bytes(foreign.read_bytes())
    out = roaming.sync_out(vault, cfg)  # opens the learned file, seals with own salt
    assert out.status == "exported", out.message
    out = roaming.sync_out(vault, cfg)  # and again, its own file now
    assert out.status == "exported"
    roaming.on_lock(vault, cfg)
    assert roaming.keys_of(vault) is None and keys._keys == {}


def test_start_offers_only_newer_work(paths, vault, stick):
    cfg = Config(sync_folder=str(stick))
    assert roaming.check_on_start(vault, Config()) is None  # no folder set
    assert roaming.check_on_start(vault, Config(sync_folder=str(stick / "gone"))) is None
    children.add_child(vault, "李明")
    path = export_vault(vault, stick, SyncKeys(PASS)).path
    keys = roaming.attach_keys(vault, PASS, cfg)
    assert roaming.check_on_start(vault, cfg, keys) is None  # our own file
    b, _p, _r = import_new_profile(paths, "机器B", path, PASS)
    try:
        children.add_child(b, "在B上添加")
        export_vault(b, stick, SyncKeys(PASS))
    finally:
        b.close()
    preview = roaming.check_on_start(vault, cfg, SyncKeys(PASS))
    assert preview is not None and preview.counts()["new"] == 1
    apply_import(vault, preview)
    assert roaming.check_on_start(vault, cfg, SyncKeys(PASS)) is None


def test_quit_and_lock_export_when_present_and_say_when_last_succeeded(vault, stick):
    children.add_child(vault, "李明")
    assert roaming.sync_out(vault, Config()).status == "off"
    cfg = Config(sync_folder=str(stick))
    roaming.attach_keys(vault, PASS, cfg)
    assert roaming.last_export(vault) is None
    out = roaming.sync_out(vault, cfg)
    assert out.status == "exported" and (stick / file_name(vault)).exists()
    when = roaming.last_export(vault)
    assert when and when in out.message
    unplugged = Config(sync_folder=str(stick.parent / "not-plugged-in"))
    out = roaming.on_quit(vault, unplugged)
    assert out.status == "absent" and when in out.message
    assert roaming.keys_of(vault) is None


def test_failure_on_quit_never_raises_and_keeps_the_old_file(paths, vault, stick):
    cfg = Config(sync_folder=str(stick))
    other = __import__("mentor_tui.db.vault", fromlist=["x"]).create_vault(paths, "李老师", PASS)
    try:
        children.add_child(other, "别人的学生")
        theirs = export_vault(other, stick, SyncKeys(PASS)).path
    finally:
        other.close()
    # Another teacher's file under our name, in format 1 (its header does not say whose it is:
    # a format 2 file of another vault is left alone and ours gets another name).
    ours = stick / file_name(vault)
    ours.write_bytes(SyncKeys(PASS).seal(SyncKeys(PASS).open(theirs.read_bytes())))
    theirs.unlink()
    data = ours.read_bytes()
    roaming.attach_keys(vault, PASS, cfg)
    out = roaming.on_lock(vault, cfg)
    assert out.status == "failed" and out.message
    assert ours.read_bytes() == data


def test_status_rows(vault, stick):
    cfg = Config(sync_folder=str(stick))
    rows = dict(roaming.status(vault, cfg))
    assert len(rows) == 6 and str(stick) in next(iter(rows.values()))
    roaming.attach_keys(vault, PASS, cfg)
    roaming.sync_out(vault, cfg)
    rows = roaming.status(vault, cfg)
    assert any(str(stick / file_name(vault)) == value for _label, value in rows)


def test_closing_the_vault_drops_its_sync_keys(vault, stick):
    keys = roaming.attach_keys(vault, PASS, Config(sync_folder=str(stick)))
    assert keys._keys
    vault.close()
    assert roaming.keys_of(vault) is None and keys._keys == {} and keys._own is None
    vault.close()  # twice is harmless


def test_reimport_of_the_same_file_writes_nothing(vault, stick, paths):
    from mentor_tui.db.sync_import import prepare_import

    children.add_child(vault, "小红")
    path = export_vault(vault, stick, SyncKeys(PASS)).path
    with vault.read():
        before = [
            vault.db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("version", "head", "child", "erasure")
        ]
    preview = prepare_import(vault, path, SyncKeys(PASS))
    assert not preview.changes_anything and preview.plan.versions_to_insert == []
    assert apply_import(vault, preview).changed is False
    with vault.read():
        after = [
            vault.db.execute_sql(f'SELECT count(*) FROM "{t}"').fetchone()[0]
            for t in ("version", "head", "child", "erasure")
        ]
    assert after == before


def test_a_wiped_machine_is_offered_the_only_file_on_the_stick(paths, vault, stick):
    from mentor_tui.db.vault import create_vault

    cfg = Config(sync_folder=str(stick))
    cid = children.add_child(vault, "李明")
    theirs = export_vault(vault, stick, SyncKeys(PASS)).path
    fresh = create_vault(paths, "重装后", PASS)  # the lab machine was wiped: a new vault id
    try:
        assert fresh.vault_id != vault.vault_id
        assert roaming.start_file(fresh, cfg) == theirs
        roaming.attach_keys(fresh, PASS, cfg)  # learns that file's key; passphrase dropped
        preview = roaming.check_on_start(fresh, cfg)
        assert preview is not None and preview.adopt_vault_id == vault.vault_id
        assert preview.counts()["new"] == 1
        apply_import(fresh, preview)
        assert fresh.vault_id == vault.vault_id and children.get_child(fresh, cid)
        assert roaming.start_file(fresh, cfg) == theirs  # now its own file, by name
        assert roaming.check_on_start(fresh, cfg) is None
        out = roaming.sync_out(fresh, cfg)
        assert out.status == "exported" and out.result.path == theirs
    finally:
        fresh.close()


def test_the_only_file_is_offered_only_to_an_empty_vault_and_only_when_alone(paths, vault, stick):
    from mentor_tui.db.vault import create_vault

    cfg = Config(sync_folder=str(stick))
    children.add_child(vault, "李明")
    export_vault(vault, stick, SyncKeys(PASS))
    other = create_vault(paths, "有数据的档案", PASS)
    try:
        children.add_child(other, "别的学生")  # not empty: never offered another vault's file
        assert roaming.start_file(other, cfg) is None
        assert roaming.check_on_start(other, cfg, SyncKeys(PASS)) is None
    finally:
        other.close()
    (stick / "another-teacher.mentorsync").write_bytes(b"x")
    (stick / "something.mentorsync.prev").write_bytes(b"x")
    empty = create_vault(paths, "空档案", PASS)
    try:
        assert roaming.start_file(empty, cfg) is None  # two candidates: none is guessed
        (stick / "another-teacher.mentorsync").unlink()
        assert roaming.start_file(empty, cfg) == stick / file_name(vault)
    finally:
        empty.close()
