"""Flags, plans and absences merge through sync like other records (SYNC.md): versions of one
vault are unioned into another and the derived tables recomputed."""

import datetime as dt

import pytest

from mentor_tui.core import flags as F
from mentor_tui.core.syncfile import build_payload, parse_payload
from mentor_tui.db import flags as db
from mentor_tui.db import store
from mentor_tui.db.children import add_child
from mentor_tui.db.vault import create_vault


def exchange(src, dst):
    """Everything ``src`` has, merged into ``dst`` (insert_versions + recompute)."""
    versions = store.all_versions(src)
    with dst.write():
        touched = store.insert_versions(dst, versions)
        store.recompute(touched)
    return touched


@pytest.fixture
def pair(vault, paths, passphrase):
    other = create_vault(paths, "王老师-机房2", passphrase)
    child = add_child(vault, "李小红", added_on=dt.date.today() - dt.timedelta(days=30))
    exchange(vault, other)
    yield vault, other, child
    other.close()


def test_a_flag_opened_on_two_machines_is_not_lost(pair):
    a, b, child = pair
    fa = db.open_flag(a, child, "violence", "A: 脸上有伤")
    fb = db.open_flag(b, child, "missing", "B: 两天没回奶奶家")
    exchange(a, b)
    exchange(b, a)
    for v in (a, b):
        flags = db.open_flags(v)
        assert {f.id for f in flags} == {fa, fb}
        assert {f.observed for f in flags} == {"A: 脸上有伤", "B: 两天没回奶奶家"}
        assert len(db.pinned_flags(v)) == 2
    assert store.conflicts(a) == [] and store.conflicts(b) == []


def test_concurrent_steps_on_one_flag_keep_both_leaves(pair):
    a, b, child = pair
    fid = db.open_flag(a, child, "harm", "手臂骨折")
    exchange(a, b)
    db.record_step(a, fid, "police_report", "派出所", receipt="R1")
    db.record_step(b, fid, "tell_family", "奶奶")
    exchange(a, b)
    exchange(b, a)
    for v in (a, b):
        leaves = store.leaves_of(v, fid)
        assert len(leaves) == 2  # in conflict, shown with a badge; neither side lost
        steps = {s for lv in leaves for s in lv.payload["checklist"]}
        assert steps == {"police_report", "tell_family"}
        assert [h.record_id for h in store.conflicts(v)] == [fid]
    assert db.get_flag(a, fid).checklist == db.get_flag(b, fid).checklist  # same winner


def test_plans_and_absences_travel_and_survive_a_sync_file(pair):
    a, b, child = pair
    fid = db.open_flag(a, child, "conduct", "多次逃课去网吧")
    pid = db.add_plan(a, fid, "按时到校", "每周两次谈心", "王老师", dt.date.today())
    db.log_absence(a, child, dt.date.today(), reason="")
    # Through the real payload builder/parser (the "absence" entity is a known sync entity).
    payload = build_payload(vault_id=a.vault_id, device_id=a.device_id,
                            versions=store.all_versions(a), erasures=[], app_version="t",
                            schema_version=3)
    assert b'"absence"' in payload
    parsed = parse_payload(payload)
    assert parsed.rejected == []
    with b.write():
        store.recompute(store.insert_versions(b, parsed.versions))
    assert [p.id for p in db.plans_of(b)] == [pid]
    assert [x.day for x in db.absences_of(b, child)] == [dt.date.today()]
    assert F.is_complete(db.get_flag(b, fid), plan_count=db.plan_counts(b).get(fid, 0))
    assert db.plans_due(b, dt.date.today())[0].plan_id == pid
