"""Concurrent steps on one risk flag (core/flag_merge.py): merged without asking when that
loses nothing and decides nothing; otherwise the conflict stays for the teacher. Pure rules,
then two real machines exchanging real sync files, in both orders."""

from __future__ import annotations

import itertools

from hypothesis import given, settings, strategies as st

from mentor_tui.core.flag_merge import merge_flag_payloads, merged_version
from mentor_tui.core.versions import Version, canonical_json, dominates

BASE = {
    "child_id": "c1",
    "category": "harm",
    "opened_at": "2026-11-20T08:00",
    "opened_by": "王老师",
    "observed": "手臂骨折",
    "status": "open",
    "checklist": {},
    "attempts": [],
    "resolved_reason": "",
    "resolved_on": None,
    "events": [{"at": "2026-11-20T08:00", "by": "王老师", "type": "opened"}],
}


def side(**changes) -> dict:
    out = {**BASE, **changes}
    for name in ("events", "attempts"):
        out[name] = BASE[name] + changes.get(name, [])
    out["checklist"] = {**BASE["checklist"], **changes.get("checklist", {})}
    return out


POLICE = {"done_at": "2026-11-20T09:00", "to_whom": "派出所", "receipt": "R1", "by": "王老师"}
FAMILY = {"done_at": "2026-11-20T10:00", "to_whom": "奶奶", "by": "王老师"}
A = side(
    status="reported",
    checklist={"police_report": POLICE},
    events=[{"at": "2026-11-20T09:00", "by": "王老师", "type": "step", "step": "police_report"}],
)
B = side(
    checklist={"tell_family": FAMILY},
    events=[{"at": "2026-11-20T10:00", "by": "王老师", "type": "step", "step": "tell_family"}],
)


def test_steps_from_both_sides_are_kept_in_any_order():
    merged = merge_flag_payloads([A, B])
    assert merged == merge_flag_payloads([B, A])
    assert merged["checklist"] == {"police_report": POLICE, "tell_family": FAMILY}
    assert [e["type"] for e in merged["events"]] == ["opened", "step", "step"]
    assert [e.get("step") for e in merged["events"]][1:] == ["police_report", "tell_family"]
    assert merged["status"] == "reported"  # a report was made on one side
    assert {k: merged[k] for k in ("observed", "opened_at", "child_id")} == {
        k: BASE[k] for k in ("observed", "opened_at", "child_id")
    }


def test_anything_else_that_differs_is_left_to_the_teacher():
    assert merge_flag_payloads([A, side(observed="手臂骨折，脸上有伤")]) is None
    other_receipt = side(checklist={"police_report": {**POLICE, "receipt": "R2"}})
    assert merge_flag_payloads([A, other_receipt]) is None
    resolved = side(status="resolved", resolved_reason="已移交", resolved_on="2026-11-21")
    assert merge_flag_payloads([A, resolved]) is None
    assert merge_flag_payloads([A]) is None


def _v(vid: str, vv: dict, payload: dict, hlc: int, device: str) -> Version:
    return Version(vid, "f1", "flag", vv, hlc, device, False, payload)


def test_the_merged_version_is_the_same_everywhere_and_dominates_every_side():
    va = _v("a1", {"devA": 2, "devB": 1}, A, 10, "devA")
    vb = _v("b1", {"devA": 1, "devB": 2}, B, 20, "devB")
    outs = [merged_version(p) for p in itertools.permutations([va, vb])]
    assert outs[0] is not None and all(o == outs[0] for o in outs)
    m = outs[0]
    assert dominates(m.vv, va.vv) and dominates(m.vv, vb.vv)
    assert m.device_id in m.vv and m.hlc == 20 and m.version_id.startswith("merged-")
    dead = Version("b2", "f1", "flag", vb.vv, 30, "devB", True, B)
    assert merged_version([va, dead]) is None  # a delete beside an edit is the teacher's call
    entry = Version("e1", "f1", "entry", va.vv, 10, "devA", False, A)
    assert merged_version([entry, vb]) is None


STEPS = ("police_report", "tell_leadership", "tell_family", "dropout_report")


@given(
    st.lists(st.tuples(st.sampled_from(STEPS), st.integers(0, 3)), max_size=8),
    st.permutations(range(3)),
)
@settings(max_examples=60, deadline=None)
def test_merging_is_order_free_and_keeps_every_addition(additions, order):
    """Three sides, each adding some steps (a step always recorded the same way) and a note:
    the merge holds every addition and does not depend on the order of the sides."""
    sides = [side(), side(), side()]
    for step, k in additions:
        s = sides[k % 3]
        s["checklist"][step] = {"done_at": f"2026-11-2{STEPS.index(step)}", "to_whom": step}
        s["events"].append({"at": f"2026-11-2{k % 3}T10:00", "type": "note", "n": k})
    merged = merge_flag_payloads(sides)
    assert merged == merge_flag_payloads([sides[i] for i in order])
    assert set(merged["checklist"]) == {step for step, _ in additions}
    expected = {canonical_json(e) for s in sides for e in s["events"]}
    assert {canonical_json(e) for e in merged["events"]} == expected


def test_merging_in_any_grouping_writes_the_same_version():
    """Three machines, three steps: (A with B) with C and A with (B with C) give one version,
    so machines that merged in different orders converge instead of adding merges forever."""
    tell = side(
        checklist={"tell_leadership": {"done_at": "2026-11-20T11:00", "to_whom": "校长"}},
        events=[{"at": "2026-11-20T11:00", "type": "step", "step": "tell_leadership"}],
    )
    va = _v("a1", {"devA": 2, "devB": 1, "devC": 1}, A, 10, "devA")
    vb = _v("b1", {"devA": 1, "devB": 2, "devC": 1}, B, 20, "devB")
    vc = _v("c1", {"devA": 1, "devB": 1, "devC": 2}, tell, 15, "devC")
    left = merged_version([merged_version([va, vb]), vc])
    right = merged_version([va, merged_version([vb, vc])])
    assert left is not None and left == right == merged_version([va, vb, vc])
    assert set(left.payload["checklist"]) == {"police_report", "tell_family", "tell_leadership"}
    twin = Version(
        "other-id", left.record_id, "flag", left.vv, left.hlc, left.device_id, False, left.payload
    )
    assert merged_version([left, twin]) is None  # equal vectors: nothing a merge could add
