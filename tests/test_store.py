"""The version store: every create/update/delete writes a version; current rows equal the
winners; tombstones are recoverable; erasure purges; concurrent leaves are conflicts."""

from __future__ import annotations

import datetime as dt

import pytest

from mentor_tui.core.errors import MentorError
from mentor_tui.core.versions import Version, leaves, winner
from mentor_tui.db import children, entries, store
from mentor_tui.db.conflicts import resolve_keep
from mentor_tui.db.models import Child, Entry, Head


def _current_equals_winners(vault):
    with vault.read():
        for head in Head.select():
            vs = store.versions_of(head.record_id)
            w = winner(leaves(vs))
            assert head.winner_id == w.version_id
            model = store.SYNC_MODELS[head.entity]
            row = model.get_or_none(model.id == head.record_id)
            if w.deleted:
                assert row is None
            else:
                expect = store.row_from_payload(model, head.record_id, w.payload)
                got = {f: getattr(row, f) for f in expect}
                assert got == expect


def test_create_update_delete_restore_write_versions(vault):
    cid = children.add_child(vault, "张小花", class_name="二年级一班")
    children.update_child(vault, cid, class_name="三年级一班", interests="画画")
    eid = entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 2), text="第一次")
    entries.update_entry(vault, eid, text="改过的")
    entries.delete_entry(vault, eid)
    assert entries.get_entry(vault, eid) is None
    entries.restore_entry(vault, eid)
    assert entries.get_entry(vault, eid).text == "改过的"
    hist = store.history(vault, eid)
    assert [v.deleted for v in hist] == [False, False, True, False]
    assert hist[0].payload["text"] == "第一次"  # the old text remains in its history
    vectors = [v.vv[vault.device_id] for v in hist]
    assert vectors == [1, 2, 3, 4]
    c = children.get_child(vault, cid)
    assert (c.class_name, c.interests, c.name) == ("三年级一班", "画画", "张小花")
    _current_equals_winners(vault)


def test_concurrent_versions_make_a_conflict_and_edit_beats_delete(vault):
    cid = children.add_child(vault, "陈一诺")
    base = store.history(vault, cid)[0]
    # Two other machines edit / delete concurrently from the same base.
    a = Version(
        "va",
        cid,
        "child",
        {**base.vv, "devA": 1},
        base.hlc + 10,
        "devA",
        False,
        {**base.payload, "interests": "跳绳"},
    )
    b = Version(
        "vb", cid, "child", {**base.vv, "devB": 1}, base.hlc + 99, "devB", True, dict(base.payload)
    )
    with vault.write():
        touched = store.insert_versions(vault, [a, b])
        store.recompute(touched)
    assert children.get_child(vault, cid).interests == "跳绳"  # the edit wins
    assert [h.record_id for h in store.conflicts(vault)] == [cid]
    # A plain edit would settle it unseen, so it is refused; choosing a side joins both leaves.
    with pytest.raises(MentorError) as err:
        children.update_child(vault, cid, interests="跳绳和画画")
    assert err.value.key == "err.record_in_conflict"
    resolve_keep(vault, cid, "va")
    assert store.conflicts(vault) == []
    assert len(store.leaves_of(vault, cid)) == 1
    _current_equals_winners(vault)


def test_insert_versions_is_idempotent(vault):
    cid = children.add_child(vault, "刘洋")
    vs = store.all_versions(vault)
    with vault.write():
        assert store.insert_versions(vault, vs) == set()
    assert len(store.all_versions(vault)) == len(vs)
    assert children.get_child(vault, cid) is not None


def test_erase_purges_and_blocks_resurrection(vault):
    cid = children.add_child(vault, "要删除的孩子")
    eid = entries.log_entry(vault, cid, "talk", dt.date(2026, 11, 3), text="内容")
    old = [v for v in store.all_versions(vault) if v.record_id in (cid, eid)]
    store.erase(vault, "child", [cid, eid])
    assert children.get_child(vault, cid) is None
    assert [v for v in store.all_versions(vault) if v.record_id in (cid, eid)] == []
    assert {e["record_id"] for e in store.all_erasures(vault)} == {cid, eid}
    with vault.write():  # an old stick brings the versions back: they are refused
        assert store.insert_versions(vault, old) == set()
    with vault.read():
        assert Child.get_or_none(Child.id == cid) is None
        assert Entry.get_or_none(Entry.id == eid) is None


def test_put_many_bulk_matches_single_path(vault):
    rows = [
        (store.new_id(), {"name": f"孩子{i}", "added_on": dt.date(2026, 9, 1)}) for i in range(50)
    ]
    assert store.put_many(vault, "child", rows) == 50
    assert len(children.list_children(vault)) == 50
    _current_equals_winners(vault)
    # An edit after a bulk insert continues the vector.
    children.update_child(vault, rows[0][0], class_name="一班")
    assert store.history(vault, rows[0][0])[-1].vv == {vault.device_id: 2}


def test_due_query_uses_the_index(vault):
    with vault.read():
        plan = vault.db.execute_sql(
            "EXPLAIN QUERY PLAN SELECT child_id, kind, outcome, occurred_on FROM entry "
            "WHERE child_id = ? AND kind = ? AND occurred_on >= ?",
            ("a", "talk", "2026-09-01"),
        ).fetchall()
    text = " ".join(str(r[-1]) for r in plan)
    assert "USING INDEX" in text and "entry_child_id_kind_occurred_on" in text
