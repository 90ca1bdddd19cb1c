"""Erase a child for good: every version of the child and of everything naming it is purged,
markers travel, drafts and backups go, nothing readable is left."""

from __future__ import annotations

import datetime as dt

import pytest

from mentor_tui.core.errors import MentorError
from mentor_tui.db import children, entries, store
from mentor_tui.db.erase import erase_child, plan_erase
from mentor_tui.db.models import Head
from mentor_tui.db.settings import audit_log, get_draft, save_draft
from mentor_tui.db.sync_export import SyncKeys, export_vault
from mentor_tui.db.sync_import import import_new_profile
from mentor_tui.db.vault import backup, integrity_check
from test_sync_support import MARKER, PASS, scan, seed


def _flag_for(vault, cid):
    """A flag (and anything else naming the child) when that feature is present."""
    if "flag" not in store.SYNC_MODELS:
        return None
    return store.put(vault, "flag", {"child_id": cid, "category": "dropout_risk",
                                     "opened_at": dt.datetime(2026, 11, 1, 9, 0),
                                     "observed": f"观察 {MARKER}"})


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
    prev = stick / (res.path.name + ".prev")
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
