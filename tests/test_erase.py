"""Erase a child for good: every version of the child and of everything naming it is purged,
markers travel, drafts and backups go, nothing readable is left."""

from __future__ import annotations

import datetime as dt

import pytest
from test_sync_support import MARKER, PASS, scan, seed

from mentor_tui.core.errors import MentorError
from mentor_tui.db import children, entries, store
from mentor_tui.db.erase import erase_child, plan_erase
from mentor_tui.db.models import Head
from mentor_tui.db.settings import audit_log, get_draft, save_draft
from mentor_tui.db.sync_apply import import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_files import side_path
from mentor_tui.db.sync_keys import SyncKeys
from mentor_tui.db.vault import backup, integrity_check


def _flag_for(vault, cid):
    """A flag (and anything else naming the child) when that feature is present."""
    if "flag" not in store.SYNC_MODELS:
        return None
    return store.put(
        vault,
        "flag",
        {
            "child_id": cid,
            "category": "dropout_risk",
            "opened_at": dt.datetime(2026, 11, 1, 9, 0),
            "observed": f"观察 {MARKER}",
        },
    )


def test_erase_purges_the_child_and_everything_naming_it(vault):
    keep, gone = seed(vault, 2)
    flag = _flag_for(vault, gone)
    contact = children.contacts_of(vault, gone)[0].id
    entry = entries.entries_for_child(vault, gone)[0].id
    entries.update_entry(vault, entry, text="改过一次")  # more than one version
    save_draft(vault, f"new:{gone}:talk", {"text": f"草稿 {MARKER}"})
    plan = plan_erase(vault, gone)
    assert set(plan.record_ids) >= {gone, contact, entry} | ({flag} if flag else set())
    assert plan.by_entity["child"] == 1
    erase_child(vault, gone)
    all_ids = {v.record_id for v in store.all_versions(vault)}
    assert not all_ids & set(plan.record_ids)
    with vault.read():
        assert not Head.select().where(Head.record_id.in_(plan.record_ids)).count()
    assert children.get_child(vault, gone) is None
    assert get_draft(vault, f"new:{gone}:talk") is None
    assert {e["record_id"] for e in store.all_erasures(vault)} == set(plan.record_ids)
    assert children.get_child(vault, keep) is not None and children.contacts_of(vault, keep)
    assert audit_log(vault)[-1].event == "erase"
    assert audit_log(vault)[-1].counts == {"records": len(plan.record_ids)}
    assert integrity_check(vault) == "ok"


def test_erase_deletes_backups_and_old_copies_on_the_stick(paths, vault, tmp_path):
    gone = seed(vault, 1, marker="清除标记Z9")[0]
    stick = tmp_path / "stick"
    stick.mkdir()
    export_vault(vault, stick, SyncKeys(PASS))
    export_vault(vault, stick, SyncKeys(PASS))  # a .prev that still holds the child
    backup(vault, "manual")
    erase_child(vault, gone)
    assert not list((vault.dir / "backups").iterdir())
    res = export_vault(vault, stick, SyncKeys(PASS))
    prev = side_path(res.path, "prev")
    assert prev.read_bytes() == res.path.read_bytes()  # the old copy is gone too
    other, _p, _r = import_new_profile(paths, "新机器", prev, PASS)
    try:
        assert children.get_child(other, gone) is None
        assert gone in {e["record_id"] for e in store.all_erasures(other)}
    finally:
        other.close()


def test_erasing_a_missing_child_is_refused(vault):
    before = store.all_versions(vault)
    with pytest.raises(MentorError) as err:
        erase_child(vault, "nobody")
    assert err.value.key == "erase.not_found" and store.all_versions(vault) == before


def test_no_plaintext_of_the_erased_child_in_the_vault_files(vault):
    marker = "抹去的名字Q3"
    gone = seed(vault, 1, marker=marker)[0]
    erase_child(vault, gone)
    vault.close()
    assert scan(vault.dir, marker) == []


def _names(vault, child_id) -> list[str]:
    """Records holding a version that names the child (should be none once it is erased)."""
    with vault.read():
        return [
            r[0]
            for r in vault.db.execute_sql(
                'SELECT DISTINCT record_id FROM "version" '
                "WHERE json_extract(payload, '$.child_id') = ?",
                (child_id,),
            ).fetchall()
        ]


def test_old_stick_cannot_bring_back_entries_of_an_erased_child(paths, vault, tmp_path):
    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_import import prepare_import
    from mentor_tui.db.sync_read import quarantined

    marker = "旧U盘标记K5"
    gone, keep = seed(vault, 2, marker=marker)
    stick = tmp_path / "stick"
    stick.mkdir()
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    try:
        # On B, before A erases the child: records A never sees, each naming the child.
        written_on_b = [
            entries.log_entry(b, gone, "talk", dt.date.today(), text=f"B 上写的 {marker}"),
            children.add_contact(b, gone, f"舅舅{marker}", "other_guardian"),
            store.put(
                b, "absence", {"child_id": gone, "day": dt.date.today(), "note": f"缺勤 {marker}"}
            ),
            store.put(b, "plan", {"child_id": gone, "goals": f"目标 {marker}"}),
        ]
        if "flag" in store.SYNC_MODELS:
            written_on_b.append(_flag_for(b, gone))
        old_stick = tmp_path / "old.mentorsync"
        old_stick.write_bytes(export_vault(b, stick, SyncKeys(PASS)).path.read_bytes())
        erase_child(vault, gone)  # A: the guardian's request; A never saw B's records

        preview = prepare_import(vault, old_stick, SyncKeys(PASS))
        counts = preview.counts()
        assert counts["erased_skipped"] >= len(written_on_b)
        assert counts["quarantine"] == 0 and counts["new"] == 0
        assert {e.record_id for e in preview.plan.new_erasures} == set(written_on_b)
        apply_import(vault, preview)
        assert _names(vault, gone) == [] and quarantined(vault) == []
        assert not {v.record_id for v in store.all_versions(vault)} & set(written_on_b)
        assert set(written_on_b) <= {e["record_id"] for e in store.all_erasures(vault)}
        assert children.get_child(vault, keep) is not None
        assert integrity_check(vault) == "ok"
        assert not prepare_import(vault, old_stick, SyncKeys(PASS)).changes_anything

        # B meets A's erasure: its own records naming the child are purged, not set aside.
        preview_b = prepare_import(
            b, export_vault(vault, stick, SyncKeys(PASS)).path, SyncKeys(PASS)
        )
        assert set(written_on_b) <= set(preview_b.plan.purge_record_ids)
        assert preview_b.counts()["quarantine"] == 0
        apply_import(b, preview_b)
        assert _names(b, gone) == [] and quarantined(b) == []
        assert children.get_child(b, gone) is None
        assert integrity_check(b) == "ok"
    finally:
        b.close()


def test_an_imported_erasure_leaves_no_copy_on_the_receiving_machine(paths, vault, tmp_path):
    from test_sync_support import scan_decrypted

    from mentor_tui.db.sync_apply import apply_import
    from mentor_tui.db.sync_import import prepare_import

    marker = "接收方标记W8"
    gone = seed(vault, 1, marker=marker)[0]
    seed(vault, 1, marker="留下的学生")
    stick = tmp_path / "stick"
    stick.mkdir()
    b, _p, _r = import_new_profile(
        paths, "机器B", export_vault(vault, stick, SyncKeys(PASS)).path, PASS
    )
    key = b.raw_key
    try:
        entries.log_entry(b, gone, "talk", dt.date.today(), text=f"B 上的记录 {marker}")
        backup(b, "manual")
        assert scan_decrypted(b.dir, key, marker)  # the scanner does see the child's data
        erase_child(vault, gone)
        preview = prepare_import(b, export_vault(vault, stick, SyncKeys(PASS)).path, SyncKeys(PASS))
        assert preview.plan.purge_record_ids
        res = apply_import(b, preview)
        assert res.backup is None and res.notes == ["syncf.backups_removed"]
        assert not list((b.dir / "backups").iterdir())
        assert integrity_check(b) == "ok"
        assert children.list_children(b)  # the other child stays
    finally:
        b.close()
    assert scan_decrypted(b.dir, key, marker) == []
    assert scan_decrypted(b.dir, key, "留下的学生")  # and is still readable there
