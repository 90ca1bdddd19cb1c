"""Merge over version sets: algebraic properties (Hypothesis), a simulation of several lab
machines exchanging files, and the delete/edit/erase cases of SYNC.md."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings, strategies as st

from mentor_tui.core.merge import (
    LINKED_DEVICE,
    Erasure,
    ImportPlan,
    by_record,
    child_link,
    derive_states,
    merge_sets,
    merge_state,
    plan_import,
    record_state,
)
from mentor_tui.core.versions import Version, hlc_next, hlc_observe, leaves, next_vector

DEVICES = ("dev-a", "dev-b", "dev-c")
ENTITY = {"child-1": "child", "child-2": "child", "entry-1": "entry", "contact-1": "contact"}
RECORDS = tuple(ENTITY)
NOW = 1_763_900_000_000  # ms, late 2025
FIVE_YEARS = 5 * 365 * 24 * 3600 * 1000


class Machine:
    """One lab machine: a version set, erasure markers and a clock (a model of the vault)."""

    def __init__(self, device: str) -> None:
        self.device = device
        self.versions: dict[str, Version] = {}
        self.erasures: dict[str, Erasure] = {}
        self.hlc = 0
        self.n = 0

    def of(self, rid: str) -> list[Version]:
        return [v for v in self.versions.values() if v.record_id == rid]

    def write(self, rid: str, now_ms: int, payload: dict, deleted: bool = False):
        if rid in self.erasures:
            return None
        self.hlc = hlc_next(self.hlc, now_ms)
        self.n += 1
        if ENTITY[rid] != "child":
            payload = {**payload, "child_id": "child-1"}
        v = Version(
            version_id=f"{self.device}-{self.n}",
            record_id=rid,
            entity=ENTITY[rid],
            vv=next_vector(leaves(self.of(rid)), self.device),
            hlc=self.hlc,
            device_id=self.device,
            deleted=deleted,
            payload=payload,
        )
        self.versions[v.version_id] = v
        return v

    def erase(self, rid: str, now_ms: int) -> None:
        self.hlc = hlc_next(self.hlc, now_ms)
        for v in self.of(rid):
            del self.versions[v.version_id]
        self.erasures[rid] = Erasure(rid, ENTITY[rid], self.hlc, self.device)

    def plan_from(self, versions, erasures) -> ImportPlan:
        return plan_import(
            by_record(self.versions.values()), self.erasures.values(), versions, erasures
        )

    def import_from(self, other: Machine) -> ImportPlan:
        plan = self.plan_from(list(other.versions.values()), list(other.erasures.values()))
        apply(self, plan)
        return plan

    def state(self):
        return dict(self.versions), dict(self.erasures)


def apply(m: Machine, plan: ImportPlan) -> None:
    """What the database side does with a plan, in one transaction."""
    for rid in plan.purge_record_ids:
        for v in m.of(rid):
            del m.versions[v.version_id]
    for e in plan.new_erasures:
        m.erasures[e.record_id] = e
    for v in plan.versions_to_insert:
        m.versions[v.version_id] = v
        m.hlc = hlc_observe(m.hlc, v.hlc)


ops = st.lists(
    st.tuples(
        st.sampled_from(["edit", "edit", "edit", "delete", "erase", "sync"]),
        st.integers(0, len(DEVICES) - 1),
        st.integers(0, len(RECORDS) - 1),
        st.integers(0, len(DEVICES) - 1),
        st.integers(-FIVE_YEARS, FIVE_YEARS),  # lab clocks jump around
        st.text(max_size=3),
    ),
    max_size=40,
)


def run(script) -> tuple[list[Machine], list[Version]]:
    machines = [Machine(d) for d in DEVICES]
    written: list[Version] = []
    for op, i, r, j, skew, text in script:
        m, rid = machines[i], RECORDS[r]
        if op in ("edit", "delete"):
            v = m.write(rid, NOW + skew, {"text": text}, deleted=op == "delete")
            if v is not None:
                written.append(v)
        elif op == "erase":
            m.erase(rid, NOW + skew)
        else:
            m.import_from(machines[j])
    return machines, written


def names_no_erased_child(versions, erasures) -> bool:
    gone = {rid for rid, e in erasures.items() if e.entity == "child"}
    return not any(child_link(v) in gone for v in versions)


def full_exchange(machines: list[Machine]) -> None:
    for _ in range(2):
        for a in machines:
            for b in machines:
                if a is not b:
                    a.import_from(b)


@st.composite
def pool_subsets(draw, k: int = 3):
    machines, written = run(draw(ops))
    erasures = [e for m in machines for e in m.erasures.values()]
    pick = lambda items: [x for x in items if draw(st.booleans())]  # noqa: E731
    return [(pick(written), pick(erasures)) for _ in range(k)]


# --- algebra -----------------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(pool_subsets())
def test_merge_sets_commutative_associative_idempotent(sets):
    (a, _), (b, _), (c, _) = sets
    ab, ba = merge_sets(a, b), merge_sets(b, a)
    assert ab == ba
    assert derive_states(ab.values()) == derive_states(ba.values())
    left = merge_sets(merge_sets(a, b).values(), c)
    right = merge_sets(a, merge_sets(b, c).values())
    assert left == right
    assert derive_states(left.values()) == derive_states(right.values())
    assert merge_sets(a, a) == {v.version_id: v for v in a}
    assert merge_sets(ab.values(), b) == ab


@settings(max_examples=150, deadline=None)
@given(pool_subsets())
def test_merge_state_with_erasures_is_a_semilattice(sets):
    (a, ea), (b, eb), (c, ec) = sets
    assert merge_state(a, ea, b, eb) == merge_state(b, eb, a, ea)
    ab = merge_state(a, ea, b, eb)
    bc = merge_state(b, eb, c, ec)
    left = merge_state(ab[0].values(), ab[1].values(), c, ec)
    right = merge_state(a, ea, bc[0].values(), bc[1].values())
    assert left == right
    once = merge_state(a, ea, a, ea)
    assert merge_state(once[0].values(), once[1].values(), a, ea) == once
    erased = set(left[1])
    assert not any(v.record_id in erased for v in left[0].values())
    assert names_no_erased_child(left[0].values(), left[1])


@settings(max_examples=100, deadline=None)
@given(pool_subsets(k=1), st.randoms(use_true_random=False))
def test_winner_does_not_depend_on_input_order(sets, rnd):
    ((vs, _),) = sets
    shuffled = list(vs)
    rnd.shuffle(shuffled)
    assert derive_states(vs) == derive_states(shuffled)


@settings(max_examples=150, deadline=None)
@given(pool_subsets(k=2))
def test_applying_a_plan_equals_merge_state(sets):
    (a, ea), (b, eb) = sets
    local_v, local_e = merge_state(a, ea, (), ())
    m = Machine("dev-z")
    m.versions, m.erasures = dict(local_v), dict(local_e)
    plan = m.plan_from(b, eb)
    before = derive_states(m.versions.values())
    apply(m, plan)
    assert m.state() == merge_state(local_v.values(), local_e.values(), b, eb)
    after = derive_states(m.versions.values())
    for rid in plan.recompute:
        assert plan.states[rid] == after[rid]
    incoming = {v.record_id for v in b} - set(m.erasures)
    groups = [set(plan.new_records), set(plan.updated_records), set(plan.unchanged_records)]
    assert set().union(*groups) == incoming and sum(map(len, groups)) == len(incoming)
    for rid in plan.updated_records:
        assert before[rid].winner != after[rid].winner
    for rid in plan.deletions:
        assert not before[rid].deleted and after[rid].deleted
    assert sorted(plan.conflicts) == sorted(r for r in incoming if after[r].conflict)
    assert plan.rejected == []


# --- many machines -----------------------------------------------------------------------


@settings(max_examples=150, deadline=None)
@given(ops)
def test_after_full_exchange_all_machines_agree_and_nothing_is_lost(script):
    machines, written = run(script)
    full_exchange(machines)
    first = machines[0].state()
    for m in machines[1:]:
        assert m.state() == first
        assert derive_states(m.versions.values()) == derive_states(first[0].values())
    versions, erasures = first
    assert names_no_erased_child(versions.values(), erasures)
    for v in written:
        if v.record_id in erasures:
            assert v.version_id not in versions
        else:
            assert versions[v.version_id] == v  # every version ever written, unchanged


# --- the cases of SYNC.md ----------------------------------------------------------------


def two_machines_sharing(rid: str = "child-1"):
    a, b = Machine("dev-a"), Machine("dev-b")
    a.write(rid, NOW, {"name": "小明", "grade": "三年级"})
    b.import_from(a)
    return a, b


@settings(max_examples=100, deadline=None)
@given(
    st.text(max_size=20),
    st.text(max_size=20),
    st.integers(-FIVE_YEARS, FIVE_YEARS),
    st.integers(-FIVE_YEARS, FIVE_YEARS),
)
def test_losing_leaf_equals_the_original_in_every_field(text_a, text_b, skew_a, skew_b):
    a, b = two_machines_sharing()
    va = a.write("child-1", NOW + skew_a, {"name": text_a, "notes": ["a", 1]})
    vb = b.write("child-1", NOW + skew_b, {"name": text_b})
    a.import_from(b)
    b.import_from(a)
    assert a.state() == b.state()
    sa, sb = record_state(a.of("child-1")), record_state(b.of("child-1"))
    assert sa == sb and sa.conflict
    assert set(sa.leaf_ids) == {va.version_id, vb.version_id}
    loser = vb if sa.winner == va else va
    kept = a.versions[loser.version_id]
    assert kept == loser and kept.to_dict() == loser.to_dict()


def test_delete_on_a_untouched_on_b_is_deleted():
    a, b = two_machines_sharing()
    a.write("child-1", NOW + 1000, {"name": "小明"}, deleted=True)
    plan = b.import_from(a)
    assert plan.deletions == ["child-1"] and plan.updated_records == ["child-1"]
    assert plan.conflicts == []
    st_b = record_state(b.of("child-1"))
    assert st_b.deleted and not st_b.conflict


@pytest.mark.parametrize("delete_clock", [NOW + FIVE_YEARS, NOW - FIVE_YEARS])
def test_delete_on_a_edit_on_b_stays_visible_and_flagged(delete_clock):
    a, b = two_machines_sharing()
    a.write("child-1", delete_clock, {"name": "小明"}, deleted=True)
    edit = b.write("child-1", NOW, {"name": "小明", "grade": "四年级"})
    plan_b = b.plan_from(list(a.versions.values()), [])
    assert plan_b.deletions == [] and plan_b.conflicts == ["child-1"]
    assert plan_b.unchanged_records == ["child-1"]
    plan_a = a.import_from(b)
    assert plan_a.updated_records == ["child-1"] and plan_a.conflicts == ["child-1"]
    st_a = record_state(a.of("child-1"))
    assert st_a.winner == edit and not st_a.deleted and st_a.conflict


def test_erased_on_a_is_gone_and_an_old_file_cannot_bring_it_back():
    a, b = two_machines_sharing()
    b.write("child-1", NOW + 5, {"name": "小明", "grade": "四年级"})
    old_stick = (list(b.versions.values()), list(b.erasures.values()))
    b.import_from(a)
    a.erase("child-1", NOW + 10)
    plan = b.import_from(a)
    assert plan.purge_record_ids == ["child-1"] and plan.counts()["erasures"] == 1
    assert b.of("child-1") == [] and "child-1" in b.erasures
    for m in (a, b):
        again = m.plan_from(*old_stick)
        assert again.versions_to_insert == [] and again.new_records == []
        assert len(again.erased_skipped) == 2 and not again.changes_anything
        apply(m, again)
        assert m.of("child-1") == []


def test_orphans_are_reported_not_dropped():
    a, b = Machine("dev-a"), Machine("dev-b")
    entry = a.write("entry-1", NOW, {"text": "家访记录"})  # its child-1 was never written
    plan = b.import_from(a)
    assert plan.orphans == ["entry-1"] and plan.versions_to_insert == [entry]
    a.write("child-1", NOW, {"name": "小明"})
    assert b.import_from(a).orphans == []
    assert plan_import({}, [], [entry], [], local_child_ids=["child-1"]).orphans == []


def test_records_naming_an_erased_child_go_with_it_wherever_they_were_written():
    a, b = two_machines_sharing("child-1")
    entry = b.write("entry-1", NOW + 1, {"text": "B 上写的，A 不知道"})  # names child-1
    old_stick = (list(b.versions.values()), list(b.erasures.values()))
    a.erase("child-1", NOW + 2)  # A never saw the entry: no marker for it
    plan = a.plan_from(*old_stick)
    assert plan.erased_skipped and entry in plan.erased_skipped
    assert plan.versions_to_insert == [] and plan.orphans == [] and plan.new_records == []
    assert [e.record_id for e in plan.new_erasures] == ["entry-1"]
    assert plan.new_erasures[0].device_id == LINKED_DEVICE  # ids only, the same everywhere
    apply(a, plan)
    assert a.of("entry-1") == [] and "entry-1" in a.erasures
    plan_b = b.import_from(a)  # B holds the entry itself: purged, not set aside
    assert sorted(plan_b.purge_record_ids) == ["child-1", "entry-1"] and plan_b.orphans == []
    assert b.state() == a.state() and names_no_erased_child(b.versions.values(), b.erasures)
    assert not a.plan_from(*old_stick).changes_anything


def test_clashing_and_mixed_entity_versions_are_rejected_with_reasons():
    _a, b = two_machines_sharing()
    mine = b.of("child-1")[0]
    forged = Version(**{**mine.__dict__, "payload": {"name": "冒名"}})
    wrong_kind = Version(**{**mine.__dict__, "version_id": "x-1", "entity": "entry"})
    plan = b.plan_from([forged, wrong_kind], [])
    assert sorted(r.reason for r in plan.rejected) == [
        "sync.reject.clash",
        "sync.reject.mixed_entity",
    ]
    assert plan.versions_to_insert == [] and plan.counts()["rejected"] == 2
    assert plan.rejected[0].message("zh") and plan.rejected[0].message("en")


def test_counts_cover_every_category():
    a, b = Machine("dev-a"), Machine("dev-b")
    for rid in ("child-1", "child-2", "contact-1"):
        a.write(rid, NOW, {"name": rid})
    b.import_from(a)
    a.write("child-1", NOW + 1, {"name": "改名"})
    a.write("child-2", NOW + 1, {"name": "x"}, deleted=True)
    a.write("entry-1", NOW, {"text": "新的"})
    assert b.import_from(a).counts() == {
        "new": 1,
        "updated": 2,
        "unchanged": 1,
        "conflicts": 0,
        "merged": 0,
        "deletions": 1,
        "erasures": 0,
        "erased_skipped": 0,
        "orphans": 0,
        "far_future": 0,
        "rejected": 0,
    }


def test_merge_sets_picks_the_same_copy_of_a_clashing_id_in_any_order():
    v = Version("v-1", "child-1", "child", {"d": 1}, 1, "d", False, {"name": "a"})
    w = Version("v-1", "child-1", "child", {"d": 1}, 1, "d", False, {"name": "b"})
    assert merge_sets([v], [w]) == merge_sets([w], [v])
    order = [v, w]
    random.Random(1).shuffle(order)
    assert merge_sets(order, []) == merge_sets([v], [w])


@pytest.mark.parametrize("deleted", [False, True])
def test_single_version_fast_path_equals_the_leaves_computation(deleted):
    from mentor_tui.core.merge import RecordState
    from mentor_tui.core.versions import in_conflict, winner

    v = Version("v1", "r1", "entry", {"dev-a": 1}, 5, "dev-a", deleted, {"child_id": "c"})
    ls = leaves([v])
    slow = RecordState(
        record_id="r1",
        entity="entry",
        winner=winner(ls),
        leaf_ids=tuple(x.version_id for x in ls),
        deleted=winner(ls).deleted,
        conflict=in_conflict(ls),
    )
    assert record_state([v]) == record_state(iter([v])) == record_state((v,)) == slow
