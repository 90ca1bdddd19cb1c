"""Export and import flows on real vaults and real files (../shared/design/SYNC.md "Flows")."""

from __future__ import annotations

import pytest
from test_sync_support import PASS, dump, seed, version_ids

from mentor_tui.core.errors import MentorError
from mentor_tui.core.syncfile_build import build_payload
from mentor_tui.db import children, entries, store
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault, file_name
from mentor_tui.db.sync_files import side_path
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.sync_read import load_erasures, load_versions, quarantined
from mentor_tui.db.vault import create_vault, integrity_check


@pytest.fixture
def stick(tmp_path):
    p = tmp_path / "U盘 stick"
    p.mkdir()
    return p


def _export(vault, stick):
    return export_vault(vault, stick, SyncKeys(PASS))


def _import(vault, path, **kw):
    preview = prepare_import(vault, path, SyncKeys(PASS), **kw)
    return preview, apply_import(vault, preview)


def _second_machine(paths, vault, stick, name="机器B"):
    res = _export(vault, stick)
    other, _preview, _res = import_new_profile(paths, name, res.path, PASS)
    return other


def test_round_trip_into_an_empty_vault_gives_an_identical_database(paths, vault, stick):
    ids = seed(vault, 3)
    children.update_child(vault, ids[0], interests="画画")
    entries.delete_entry(vault, entries.entries_for_child(vault, ids[1])[0].id)
    b = _second_machine(paths, vault, stick)
    children.update_child(b, ids[2], study_buddy="小红")  # concurrent edits: a conflict
    children.update_child(vault, ids[2], study_buddy="小明")
    from mentor_tui.db.erase import erase_child

    erase_child(vault, ids[1])
    _import(vault, _export(b, stick).path)
    assert store.conflicts(vault)
    res = _export(vault, stick)
    c, _preview, result = import_new_profile(paths, "机器C", res.path, PASS)
    try:
        assert dump(c) == dump(vault)
        assert c.vault_id == vault.vault_id and c.device_id != vault.device_id
        assert result.versions_after == len(version_ids(vault))
        assert integrity_check(c) == "ok"
    finally:
        c.close()
        b.close()


def test_import_counts_and_second_import_changes_nothing(paths, vault, stick):
    ids = seed(vault, 2)
    b = _second_machine(paths, vault, stick)
    try:
        cid = children.add_child(b, "新同学")
        children.update_child(b, ids[0], grade="三年级")
        preview, res = _import(vault, _export(b, stick).path)
        c = preview.counts()
        assert c["new"] == 1 and c["updated"] == 1 and c["rejected"] == 0
        assert res.changed and res.backup.exists()
        assert children.get_child(vault, cid).name == "新同学"
        before = dump(vault)
        preview2, res2 = _import(vault, stick / file_name(vault))
        assert not res2.changed and preview2.counts()["new"] == 0
        assert dump(vault) == before
    finally:
        b.close()


def test_pull_before_push_keeps_work_of_a_teacher_who_forgot_to_import(paths, vault, stick):
    seed(vault, 1)
    b = _second_machine(paths, vault, stick)
    try:
        on_a = children.add_child(vault, "在A上添加")
        _export(vault, stick)  # A's work is on the stick
        on_b = children.add_child(b, "在B上添加")  # B never imported it
        res = _export(b, stick)  # pull before push
        assert res.pulled is not None and res.pulled.counts["new"] == 1
        assert children.get_child(b, on_a) is not None
        preview = prepare_import(vault, res.path, SyncKeys(PASS))
        ids = {v.record_id for v in preview.payload.versions}
        assert {on_a, on_b} <= ids
        assert side_path(res.path, "prev").exists()
    finally:
        b.close()


def test_deleted_on_a_untouched_on_b_is_deleted(paths, vault, stick):
    cid = seed(vault, 1)[0]
    b = _second_machine(paths, vault, stick)
    try:
        entry_id = entries.entries_for_child(vault, cid)[0].id
        entries.delete_entry(vault, entry_id)
        preview, _ = _import(b, _export(vault, stick).path)
        assert preview.counts()["deletions"] == 1
        assert entries.get_entry(b, entry_id) is None
        assert not store.conflicts(b)
    finally:
        b.close()


def test_deleted_on_a_edited_on_b_stays_visible_and_flagged(paths, vault, stick):
    cid = seed(vault, 1)[0]
    b = _second_machine(paths, vault, stick)
    try:
        entry_id = entries.entries_for_child(vault, cid)[0].id
        entries.delete_entry(vault, entry_id)
        entries.update_entry(b, entry_id, text="B 改过")
        _import(b, _export(vault, stick).path)
        _import(vault, _export(b, stick).path)
        for v in (vault, b):
            assert entries.get_entry(v, entry_id).text == "B 改过"
            assert entry_id in {h.record_id for h in store.conflicts(v)}
    finally:
        b.close()


def test_losing_leaf_equals_the_original_in_every_field(paths, vault, stick):
    cid = seed(vault, 1)[0]
    b = _second_machine(paths, vault, stick)
    try:
        children.update_child(vault, cid, interests="A 写的", personality="A")
        children.update_child(b, cid, interests="B 写的")
        mine_b = store.leaves_of(b, cid)[0]
        mine_a = store.leaves_of(vault, cid)[0]
        _import(vault, _export(b, stick).path)
        got = {v.version_id: v for v in store.leaves_of(vault, cid)}
        assert got[mine_b.version_id] == mine_b and got[mine_a.version_id] == mine_a
    finally:
        b.close()


def test_erased_on_a_is_gone_everywhere_and_an_old_file_cannot_bring_it_back(
    paths, vault, stick, tmp_path
):
    from mentor_tui.db.erase import erase_child

    cid = seed(vault, 2)[0]
    b = _second_machine(paths, vault, stick)
    old_file = tmp_path / "old.mentorsync"
    old_file.write_bytes((stick / file_name(vault)).read_bytes())
    try:
        children.update_child(b, cid, interests="B 不知道已清除")
        erase_child(vault, cid)
        preview, _ = _import(b, _export(vault, stick).path)
        assert preview.counts()["erasures"] >= 3  # child, contact, entry
        assert children.get_child(b, cid) is None
        assert not any(v.record_id == cid for v in store.all_versions(b))
        preview_old, _res = _import(vault, old_file)
        assert preview_old.counts()["erased_skipped"] > 0
        assert children.get_child(vault, cid) is None
        assert not any(v.record_id == cid for v in store.all_versions(vault))
    finally:
        b.close()


def test_orphans_are_kept_in_quarantine(paths, vault, stick):
    cid = seed(vault, 1)[0]
    entry_id = entries.entries_for_child(vault, cid)[0].id
    with vault.read():
        only_entry = [v for v in load_versions(vault) if v.record_id == entry_id]
    payload = build_payload(
        vault_id="f" * 32,
        device_id="dev",
        versions=only_entry,
        erasures=[],
        app_version="0.1.0",
        schema_version=3,
    )
    f = stick / "orphan.mentorsync"
    f.write_bytes(SyncKeys(PASS).seal(payload))
    other = create_vault(paths, "空档案", PASS)
    try:
        preview, _res = _import(other, f)
        assert preview.counts()["quarantine"] == 1
        assert entries.get_entry(other, entry_id) is not None
        assert quarantined(other) == [entry_id]
    finally:
        other.close()


def test_count_check_rolls_back_before_commit(paths, vault, stick, monkeypatch):
    from mentor_tui.db import sync_apply

    seed(vault, 1)
    b = _second_machine(paths, vault, stick)
    try:
        children.add_child(b, "新同学")
        children.add_child(b, "又一个")
        path = _export(b, stick).path
        before = dump(vault)
        real = sync_apply.insert_versions_fast

        def lossy(v, versions):  # a storage layer that silently drops a row
            real(v, versions[:-1])

        monkeypatch.setattr(sync_apply, "insert_versions_fast", lossy)
        preview = prepare_import(vault, path, SyncKeys(PASS))
        with pytest.raises(MentorError) as err:
            apply_import(vault, preview)
        assert err.value.key == "syncf.count_mismatch"
        assert dump(vault) == before and integrity_check(vault) == "ok"
    finally:
        b.close()


def test_vault_changed_after_preview_is_refused(paths, vault, stick):
    seed(vault, 1)
    b = _second_machine(paths, vault, stick)
    try:
        children.add_child(b, "新同学")
        preview = prepare_import(vault, _export(b, stick).path, SyncKeys(PASS))
        children.add_child(vault, "预览后添加")
        before = dump(vault)
        with pytest.raises(MentorError) as err:
            apply_import(vault, preview)
        assert err.value.key == "syncf.changed_since_preview"
        assert dump(vault) == before
    finally:
        b.close()


def test_another_teachers_file_is_refused_unless_adopted(paths, vault, stick):
    seed(vault, 1)
    other = create_vault(paths, "李老师", PASS)
    try:
        children.add_child(other, "别班学生")
        path = _export(other, stick).path
        before = dump(vault)
        with pytest.raises(MentorError) as err:
            prepare_import(vault, path, SyncKeys(PASS))
        assert err.value.key == "syncf.other_vault"
        assert dump(vault) == before
        preview, res = _import(vault, path, adopt=True)
        assert preview.other_vault and res.counts["new"] == 1
        assert vault.vault_id != other.vault_id
    finally:
        other.close()


def test_keys_without_passphrase_open_only_files_they_know(paths, vault, stick):
    seed(vault, 1)
    keys = SyncKeys(PASS)
    keys.prepare_seal()
    keys.forget_passphrase()
    res = export_vault(vault, stick, keys)  # our own salt: no passphrase needed
    assert res.path.exists()
    foreign = SyncKeys(PASS).seal(
        build_payload(
            vault_id=vault.vault_id,
            device_id="x",
            versions=[],
            erasures=[],
            app_version="0.1.0",
            schema_version=3,
        )
    )
    res.path.write_bytes(foreign)  # sealed elsewhere, another salt
    with pytest.raises(MentorError) as err:
        export_vault(vault, stick, keys)
    assert err.value.key == "syncf.need_passphrase"
    assert res.path.read_bytes() == foreign


def test_erasure_markers_travel_in_the_file(paths, vault, stick):
    from mentor_tui.db.erase import erase_child

    cid = seed(vault, 1)[0]
    erase_child(vault, cid)
    res = _export(vault, stick)
    preview = prepare_import(vault, res.path, SyncKeys(PASS))
    assert cid in {e.record_id for e in preview.payload.erasures}
    with vault.read():
        assert {e.record_id for e in load_erasures(vault)} == {
            e.record_id for e in preview.payload.erasures
        }


def test_an_unplugged_stick_never_becomes_a_file(vault, tmp_path):
    seed(vault, 1)
    mount_point = tmp_path / "media" / "usb"
    mount_point.parent.mkdir()
    with pytest.raises(MentorError) as err:
        export_vault(vault, mount_point, SyncKeys(PASS))
    assert err.value.key == "syncf.folder_missing"
    assert list(mount_point.parent.iterdir()) == []
    named = export_vault(vault, tmp_path / "媒体.mentorsync", SyncKeys(PASS)).path
    assert named == tmp_path / "媒体.mentorsync" and named.exists()


@pytest.mark.parametrize("far", [32503680000000 << 16, (1 << 63) - 1])  # year 3000, the max
def test_far_future_clocks_are_kept_reported_and_never_adopted(paths, vault, stick, far):
    from mentor_tui.core.versions import Version
    from mentor_tui.db.vault import get_local

    seed(vault, 1)
    b = _second_machine(paths, vault, stick)
    try:
        cid = children.add_child(b, "钟表坏了的机器")
        with b.read():
            mine = [v for v in load_versions(b) if v.record_id == cid]
            erasures = load_erasures(b)
            rest = [v for v in load_versions(b) if v.record_id != cid]
    finally:
        b.close()
    broken = [Version(**{**v.__dict__, "hlc": far}) for v in mine]
    payload = build_payload(
        vault_id=vault.vault_id,
        device_id="dev-b",
        versions=rest + broken,
        erasures=erasures,
        app_version="0.1.0",
        schema_version=3,
    )
    f = stick / "坏钟.mentorsync"
    f.write_bytes(SyncKeys(PASS).seal(payload))
    preview = prepare_import(vault, f, SyncKeys(PASS))
    assert preview.counts()["far_future"] == 1 and preview.counts()["new"] == 1
    apply_import(vault, preview)
    assert children.get_child(vault, cid) is not None  # kept as it is
    assert {v.hlc for v in store.history(vault, cid)} == {far}
    with vault.read():
        local = int(get_local(vault, "hlc"))
    assert local < far and (local >> 16) < (32503680000000 // 2)  # not pinned
    other = children.add_child(vault, "之后添加")
    assert store.history(vault, other)[0].hlc < far
