"""Flags, plans and absences merge through sync like other records (SYNC.md): versions of one
vault are unioned into another and the derived tables recomputed. The absence rule across
machines: real sync files between two machines of one vault, then
``db.flags.reconcile_absence_flags`` as the import runs it."""

import datetime as dt
import itertools

import pytest
from test_sync_support import PASS, version_ids

from mentor_tui.core import flags as F
from mentor_tui.core.absence import absence_flag_id
from mentor_tui.core.syncfile import parse_payload
from mentor_tui.core.syncfile_build import build_payload
from mentor_tui.db import flags as db, store
from mentor_tui.db.children import add_child
from mentor_tui.db.sync_apply import apply_import, import_new_profile
from mentor_tui.db.sync_export import export_vault
from mentor_tui.db.sync_import import prepare_import
from mentor_tui.db.sync_keys import SyncKeys
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
    """The bare union (insert + recompute) keeps both leaves; a real import goes further and
    merges them (test_concurrent_steps_merge_through_real_sync_files)."""
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
    payload = build_payload(
        vault_id=a.vault_id,
        device_id=a.device_id,
        versions=store.all_versions(a),
        erasures=[],
        app_version="t",
        schema_version=3,
    )
    assert b'"absence"' in payload
    parsed = parse_payload(payload)
    assert parsed.rejected == []
    with b.write():
        store.recompute(store.insert_versions(b, parsed.versions))
    assert [p.id for p in db.plans_of(b)] == [pid]
    assert [x.day for x in db.absences_of(b, child)] == [dt.date.today()]
    assert F.is_complete(db.get_flag(b, fid), plan_count=db.plan_counts(b).get(fid, 0))
    assert db.plans_due(b, dt.date.today())[0].plan_id == pid


# --- the absence rule across machines (real sync files) ------------------------------------
def school_days_back(n):
    """The last ``n`` weekdays up to today, oldest first (no term set: weekdays are school
    days)."""
    out, d = [], dt.date.today()
    while len(out) < n:
        if d.weekday() < 5:
            out.append(d)
        d -= dt.timedelta(days=1)
    return sorted(out)


class Sticks:
    """Sync files on fresh stick folders: ``carry(src)`` exports, ``take(dst, path)`` imports
    (the import runs the absence rule itself) and returns the flags it opened; ``sync(src,
    dst)`` is both."""

    def __init__(self, tmp_path):
        self.tmp_path, self.n = tmp_path, itertools.count()

    def carry(self, src):
        folder = self.tmp_path / f"stick{next(self.n)}"
        folder.mkdir()
        return export_vault(src, folder, SyncKeys(PASS)).path

    def take(self, dst, path):
        res = apply_import(dst, prepare_import(dst, path, SyncKeys(PASS)))
        assert ("syncf.absence_flags_opened" in res.notes) == bool(res.absence_flags_opened)
        if res.absence_flags_opened:
            assert "旷课预警" in res.message()
        assert db.reconcile_absence_flags(dst) == 0  # the import left nothing to open
        return res.absence_flags_opened

    def sync(self, src, dst):
        return self.take(dst, self.carry(src))


@pytest.fixture
def machines(paths, vault, tmp_path):
    """Machine A (the ``vault`` fixture) and machine B, made from A's sync file: one vault,
    two devices, one child."""
    sticks = Sticks(tmp_path)
    child = add_child(vault, "李小红", added_on=dt.date.today() - dt.timedelta(days=40))
    b, _preview, _res = import_new_profile(paths, "机房2", sticks.carry(vault), PASS)
    assert b.vault_id == vault.vault_id and b.device_id != vault.device_id
    yield vault, b, child, sticks
    b.close()


def absence_flags(v):
    return [f for f in db.list_flags(v, include_resolved=True) if f.category == "absence"]


def test_day_one_on_a_and_day_two_on_b_raise_the_flag_after_sync(machines):
    a, b, child, sticks = machines
    sync = sticks.sync
    d1, d2 = school_days_back(2)
    assert db.log_absence(a, child, d1)[1] is None
    assert db.log_absence(b, child, d2)[1] is None  # B never saw day 1
    assert absence_flags(a) == absence_flags(b) == []
    assert sync(a, b) == 1  # B now has both days: the rule opens the flag
    assert sync(b, a) == 0  # A receives that flag; nothing more to open
    fid = absence_flag_id(child, d1)
    for v in (a, b):
        [flag] = absence_flags(v)
        assert flag.id == fid and flag.status == "open"
        assert [e["type"] for e in flag.events] == ["auto_opened"]
        assert [x.day for x in db.flag_absences(v, fid)] == [d1, d2]
        assert [f.id for f, _name, _n in db.pinned_flags(v)] == [fid]
        assert store.conflicts(v) == []
    # Idempotent: running the rule again, on either machine, writes nothing.
    before = (version_ids(a), version_ids(b))
    assert db.reconcile_absence_flags(a) == 0 and db.reconcile_absence_flags(b, [child]) == 0
    assert (version_ids(a), version_ids(b)) == before


def test_both_machines_logging_the_second_day_make_one_flag(machines):
    a, b, child, sticks = machines
    sync = sticks.sync
    d1, d2 = school_days_back(2)
    db.log_absence(a, child, d1)
    sync(a, b)
    fa = db.log_absence(a, child, d2)[1]
    fb = db.log_absence(b, child, d2)[1]
    assert fa == fb == absence_flag_id(child, d1)  # each opened it: the same record
    assert sync(a, b) == 0 and sync(b, a) == 0
    for v in (a, b):
        [flag] = absence_flags(v)
        assert flag.id == fa
        # Two creates of one id are two live leaves of one record: a conflict, never a copy.
        leaves = store.leaves_of(v, fa)
        assert len(leaves) == 2 and not any(lv.deleted for lv in leaves)
        assert fa in {h.record_id for h in store.conflicts(v)}
        assert {x.day for x in db.flag_absences(v, fa)} == {d1, d2}
    assert db.get_flag(a, fa) == db.get_flag(b, fa)  # the same winner on both machines
    assert db.reconcile_absence_flags(a) == 0 and db.reconcile_absence_flags(b) == 0


def test_both_machines_running_the_rule_before_syncing_back_make_one_flag(machines):
    a, b, child, sticks = machines
    d1, d2 = school_days_back(2)
    db.log_absence(a, child, d1)
    db.log_absence(b, child, d2)
    from_a, from_b = sticks.carry(a), sticks.carry(b)  # the files cross
    assert sticks.take(b, from_a) == 1 and sticks.take(a, from_b) == 1  # each opens it
    fid = absence_flag_id(child, d1)
    assert sticks.sync(a, b) == 0 and sticks.sync(b, a) == 0
    for v in (a, b):
        assert [f.id for f in absence_flags(v)] == [fid]  # one record, two leaves at most
        assert len(store.leaves_of(v, fid)) == 2
        assert {x.day for x in db.flag_absences(v, fid)} == {d1, d2}
    assert db.get_flag(a, fid) == db.get_flag(b, fid)


def test_a_run_whose_flag_was_resolved_gets_no_second_flag(machines):
    a, b, child, sticks = machines
    sync = sticks.sync
    d1, d2 = school_days_back(2)
    db.log_absence(a, child, d1)
    fid = db.log_absence(a, child, d2)[1]
    db.resolve_flag(a, fid, "已返校，奶奶说前两天生病没请假")
    sync(a, b)
    for v in (a, b):
        assert db.reconcile_absence_flags(v) == 0
        [flag] = absence_flags(v)
        assert flag.id == fid and flag.status == "resolved"


def test_concurrent_steps_merge_through_real_sync_files(machines):
    """A records the police report, B tells the family and logs a return attempt, before
    either syncs: after the files cross, in either order, both machines hold one flag with
    every step, attempt and event, no conflict, and the same versions."""
    a, b, child, sticks = machines
    fid = db.open_flag(a, child, "violence", "手臂有淤青")
    sticks.sync(a, b)
    db.record_step(a, fid, "police_report", "城关派出所", receipt="JX-1")
    db.record_step(b, fid, "tell_family", "奶奶")
    db.add_note(b, fid, "奶奶说孩子这几天住姑姑家")
    from_a, from_b = sticks.carry(a), sticks.carry(b)
    preview = prepare_import(a, from_b, SyncKeys(PASS))
    assert preview.counts()["merged"] == 1 and preview.counts()["conflicts"] == 0
    sticks.take(a, from_b)
    sticks.take(b, from_a)
    for v in (a, b):
        flag = db.get_flag(v, fid)
        assert set(flag.checklist) == {"police_report", "tell_family"}
        assert flag.checklist["police_report"]["receipt"] == "JX-1"
        assert flag.status == "reported"
        assert any("姑姑" in str(e) for e in flag.events)
        assert store.conflicts(v) == [] and len(store.leaves_of(v, fid)) == 1
    assert version_ids(a) == version_ids(b)  # both wrote the same merged version
    again = prepare_import(b, sticks.carry(a), SyncKeys(PASS))
    assert again.plan.rejected == [] and not again.changes_anything  # byte for byte the same
    sticks.sync(a, b)
    sticks.sync(b, a)
    assert version_ids(a) == version_ids(b) and store.conflicts(a) == []  # and it settles


def test_the_same_step_recorded_differently_stays_a_conflict(machines):
    a, b, child, sticks = machines
    fid = db.open_flag(a, child, "harm", "摔伤")
    sticks.sync(a, b)
    db.record_step(a, fid, "police_report", "派出所", receipt="R-A")
    db.record_step(b, fid, "police_report", "派出所", receipt="R-B")
    sticks.sync(b, a)
    assert [h.record_id for h in store.conflicts(a)] == [fid]  # two receipts: her choice
    receipts = {
        lv.payload["checklist"]["police_report"]["receipt"] for lv in store.leaves_of(a, fid)
    }
    assert receipts == {"R-A", "R-B"}


def test_three_machines_merging_in_different_groupings_agree(machines, paths):
    """Police report on A, family told on B, leadership told on C, before any sync. A merges
    (A with B) with C; C merges A with (B with C). Both end with the same single version,
    and after the files go round every machine holds the same versions and no conflict."""
    a, b, child, sticks = machines
    fid = db.open_flag(a, child, "violence", "手臂有淤青")
    sticks.sync(a, b)
    c, _preview, _res = import_new_profile(paths, "机房3", sticks.carry(a), PASS)
    try:
        db.record_step(a, fid, "police_report", "城关派出所", receipt="JX-9")
        db.record_step(b, fid, "tell_family", "奶奶")
        db.record_step(c, fid, "tell_leadership", "张校长")
        from_a, from_b, from_c = sticks.carry(a), sticks.carry(b), sticks.carry(c)
        sticks.take(a, from_b)
        sticks.take(a, from_c)  # (A with B) with C
        sticks.take(c, from_b)
        sticks.take(c, from_a)  # A with (B with C)
        [on_a], [on_c] = store.leaves_of(a, fid), store.leaves_of(c, fid)
        assert on_a == on_c and on_a.version_id.startswith("merged-")
        assert set(db.get_flag(a, fid).checklist) == {
            "police_report",
            "tell_family",
            "tell_leadership",
        }
        for src, dst in itertools.permutations((a, b, c), 2):
            sticks.sync(src, dst)
        assert version_ids(a) == version_ids(b) == version_ids(c)
        assert all(store.conflicts(v) == [] for v in (a, b, c))
        assert db.get_flag(b, fid).checklist == db.get_flag(c, fid).checklist
    finally:
        c.close()
