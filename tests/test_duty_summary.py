"""Summaries (done/required this month and term) and the dashboard's urgency order."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from mentor_tui.core.duties import compute_duties
from mentor_tui.core.duty_facts import ChildFacts, EntryFact
from mentor_tui.core.duty_summary import summarize_child, summarize_teacher, urgency_key
from mentor_tui.core.policy import load_preset, parse_policy
from mentor_tui.core.terms import TermInfo

D = date
TERMS = (
    TermInfo(
        "2025-autumn",
        "Autumn 2025",
        D(2025, 9, 1),
        D(2026, 1, 15),
        breaks=((D(2025, 10, 1), D(2025, 10, 7), "national_day"),),
    ),
    TermInfo("2026-spring", "Spring 2026", D(2026, 2, 23), D(2026, 7, 5)),
)
DEFAULT = load_preset("default")
CORE = load_preset("core")


def child(cid: str, added: date = D(2025, 8, 20), **kw: object) -> ChildFacts:
    return replace(ChildFacts(cid, cid, "", False, frozenset(), added), **kw)


def entry(day: date, kind: str = "talk", outcome: str = "done", cid: str = "c1") -> EntryFact:
    return EntryFact(cid, kind, outcome, day)


# --- summaries and urgency -----------------------------------------------------------------------


def test_summaries_per_child_and_teacher() -> None:
    kids = [child("a"), child("b", added=D(2025, 11, 25))]
    entries = [
        entry(D(2025, 9, 5), cid="a"),
        entry(D(2025, 11, 5), cid="a"),
        entry(D(2025, 11, 6), "parent_call", cid="a"),
    ]
    statuses = compute_duties(CORE, TERMS, kids, entries, D(2025, 11, 10))
    a = summarize_child(statuses, "a")
    # This month: talk 1/1, parent call 1/1 (the per-term visit is due in January).
    assert (a.month.done, a.month.required) == (2, 2)
    # This term: talk 2/3 (Sep, Oct, Nov), visit 0/1, parent call 1/3.
    assert (a.term.done, a.term.required) == (3, 7)
    assert a.count("done") == 2 and a.count("due") == 1
    b = summarize_child(statuses, "b")
    assert b.count("not_applicable") == 3 and b.term.required == 0
    team = summarize_teacher(statuses)
    assert team.total.term == a.term + b.term
    assert team.by_child["a"] == a
    assert (team.by_duty["talk"].term.done, team.by_duty["talk"].term.required) == (2, 3)
    assert team.total.term.percent == 42 and team.total.term.missing == 4


def test_children_overdue_counts_children_not_duties() -> None:
    statuses = compute_duties(
        DEFAULT,
        TERMS,
        [child("a"), child("b")],
        [entry(D(2025, 9, 5), "home_visit", cid="b"), entry(D(2025, 9, 5), "study_plan", cid="b")],
        D(2025, 10, 20),
    )
    team = summarize_teacher(statuses)
    assert team.by_child["a"].count("overdue") == 2  # start visit and study plan
    assert team.children_overdue == 1


def test_urgency_order() -> None:
    policy = parse_policy("""
[[duty]]
id = "visit"
label = { zh = "家访", en = "Visit" }
kind = "home_visit"
cadence = "phases"
phases = ["start"]
[[duty]]
id = "talk"
label = { zh = "谈心", en = "Talk" }
kind = "talk"
cadence = "monthly"
due_day = 5
[[duty]]
id = "call"
label = { zh = "电话", en = "Call" }
kind = "parent_call"
cadence = "monthly"
""")
    kids = [child("a"), child("b", boarding=True)]
    entries = [entry(D(2025, 10, 20), "parent_call", cid="b")]
    statuses = compute_duties(policy, TERMS, kids, entries, D(2025, 10, 25))
    ordered = [(s.child_id, s.duty_id, s.status) for s in sorted(statuses, key=urgency_key)]
    assert ordered == [
        ("a", "visit", "overdue"),
        ("b", "visit", "overdue"),  # 27 days overdue
        ("a", "talk", "overdue"),
        ("b", "talk", "overdue"),  # 20 days overdue
        ("a", "call", "due_soon"),  # 6 days left
        ("b", "call", "done"),
    ]
