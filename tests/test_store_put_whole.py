"""The version store's bulk write of whole records, new or existing (``store.put_whole``, the
school office's import, issue 20): each record gets the version ``put`` with
``merge_existing=False`` would give it — its vector joins every leaf (so a conflict is settled
by it, as a plain write settles one), it is the only leaf and the winner, and the current row
is its fields."""

from __future__ import annotations

from mentor_tui.core.versions import Version, join, leaves
from mentor_tui.db import children, store
from mentor_tui.db.models import Child, Head

ON = "2026-09-01"


def test_put_whole_writes_new_and_existing_records_as_put_would(vault):
    kept = children.add_child(vault, "陈一诺")
    edited = children.add_child(vault, "李明")
    split = children.add_child(vault, "王芳")
    base = store.history(vault, split)[0]
    two = [  # two other machines edited her from the same version: two leaves
        Version(
            f"v-{dev}",
            split,
            "child",
            {**base.vv, dev: 3},
            base.hlc + 5,
            dev,
            False,
            {**base.payload, "interests": dev},
        )
        for dev in ("devA", "devB")
    ]
    with vault.write():
        store.recompute(store.insert_versions(vault, two))
    before = {rid: leaves(store.history(vault, rid)) for rid in (edited, split)}
    assert len(before[split]) == 2  # a conflict, which the whole write settles
    fresh = store.new_id()

    n = store.put_whole(
        vault,
        "child",
        [
            (edited, {"name": "李明明", "class_name": "一班", "added_on": ON}),
            (split, {"name": "王芳", "interests": "画画", "added_on": ON}),
            (fresh, {"name": "赵小红", "added_on": ON}),
            (fresh, {"name": "赵小红", "class_name": "二班", "added_on": ON}),  # the last
        ],
    )

    assert n == 3
    for rid in (edited, split, fresh):
        versions = store.history(vault, rid)
        new = versions[-1]
        assert leaves(versions) == [new]  # the only leaf
        expect = join(v.vv for v in before.get(rid, []))
        expect[vault.device_id] = expect.get(vault.device_id, 0) + 1
        assert new.vv == expect and new.device_id == vault.device_id and not new.deleted
        with vault.read():
            head = Head.get(Head.record_id == rid)
            assert head.winner_id == new.version_id and head.leaf_ids == [new.version_id]
            assert not head.conflict and not head.deleted
    assert store.conflicts(vault) == []
    assert len(store.history(vault, fresh)) == 1
    with vault.read():
        rows = {c.id: c for c in Child.select()}
    assert (rows[edited].name, rows[edited].class_name) == ("李明明", "一班")
    assert (rows[split].interests, rows[fresh].class_name) == ("画画", "二班")
    assert rows[kept].name == "陈一诺" and len(store.history(vault, kept)) == 1
    # the clock moved on: a later plain edit comes after every version written here
    children.update_child(vault, fresh, class_name="三班")
    last = store.history(vault, fresh)
    assert last[-1].hlc > last[0].hlc and last[-1].vv == {vault.device_id: 2}
