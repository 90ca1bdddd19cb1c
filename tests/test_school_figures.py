"""The figures, defined once (core/school_figures.py; SCHOOL.md "The figures"): an instance
belongs to the month of its due date; expected = due by the report's date plus done early;
done; on time = by the due date; attempts apart. Pure: facts in, rows out."""

from __future__ import annotations

import datetime as dt

from mentor_tui.core.duty_facts import ChildFacts, EntryFact
from mentor_tui.core.policy import load_preset, parse_policy
from mentor_tui.core.school_figures import Figure, by_month, months_of_term, term_figures, totals
from mentor_tui.core.terms import TermInfo

TERM = TermInfo("t1", "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 20))
KID = ChildFacts("c1", "李明", "三年级一班", False, frozenset(), dt.date(2026, 9, 1))
POLICY = parse_policy(
    """
[policy]
id = "t"
[[duty]]
id = "talk"
label = { zh = "谈心", en = "Talk" }
kind = "talk"
cadence = "monthly"
[[duty]]
id = "call"
label = { zh = "家长电话", en = "Call" }
kind = "parent_call"
outcomes = ["done", "attempted_unreachable"]
cadence = "monthly"
due_day = 15
[[duty]]
id = "visit"
label = { zh = "家访", en = "Visit" }
kind = "home_visit"
cadence = "phases"
phases = ["start", "middle", "end"]
"""
)


def _row(rows: list[Figure], duty: str, month: str) -> Figure:
    hits = [f for f in rows if f.duty_id == duty and f.month == month]
    assert len(hits) == 1, (duty, month, rows)
    return hits[0]


def e(kind: str, day: str, outcome: str = "done", child: str = "c1") -> EntryFact:
    return EntryFact(child, kind, outcome, dt.date.fromisoformat(day))


def test_a_month_due_is_expected_and_one_not_yet_due_only_when_done_early():
    rows = term_figures(POLICY, TERM, [KID], [e("talk", "2026-09-10")], dt.date(2026, 10, 20))
    sep = _row(rows, "talk", "2026-09")
    assert (sep.expected, sep.done, sep.on_time, sep.attempts) == (1, 1, 1, 0)
    assert sep.done_dates == (dt.date(2026, 9, 10),)
    # October's talk is due on the 31st: not expected on the 20th, nothing shown
    assert not [f for f in rows if f.duty_id == "talk" and f.month == "2026-10"]
    early = term_figures(
        POLICY,
        TERM,
        [KID],
        [e("talk", "2026-09-10"), e("talk", "2026-10-05")],
        dt.date(2026, 10, 20),
    )
    oct_ = _row(early, "talk", "2026-10")
    assert (oct_.expected, oct_.done, oct_.on_time) == (1, 1, 1)  # done early


def test_late_is_done_but_not_on_time_and_missing_is_overdue():
    # the call is due on the 15th; done on the 20th: done, not on time
    rows = term_figures(
        POLICY, TERM, [KID], [e("parent_call", "2026-09-20")], dt.date(2026, 11, 23)
    )
    sep = _row(rows, "call", "2026-09")
    assert (sep.expected, sep.done, sep.on_time, sep.overdue) == (1, 1, 0, 0)
    oct_ = _row(rows, "call", "2026-10")
    assert (oct_.expected, oct_.done, oct_.on_time, oct_.overdue) == (1, 0, 0, 1)


def test_attempts_are_counted_apart_whatever_the_policy_counts():
    facts = [
        e("parent_call", "2026-09-03", "attempted_unreachable"),
        e("talk", "2026-09-04", "skipped"),
    ]
    rows = term_figures(POLICY, TERM, [KID], facts, dt.date(2026, 10, 1))
    call = _row(rows, "call", "2026-09")
    assert (call.done, call.attempts) == (1, 1)  # this policy lets an unreachable call count
    strict = load_preset("default")
    rows = term_figures(
        strict,
        TERM,
        [KID],
        [e("talk", "2026-09-04", "attempted_unreachable")],
        dt.date(2026, 10, 1),
    )
    talk = _row(rows, "talk", "2026-09")
    assert (talk.expected, talk.done, talk.attempts) == (1, 0, 1)


def test_phase_duties_belong_to_the_month_of_their_due_date_with_their_phase():
    rows = term_figures(POLICY, TERM, [KID], [e("home_visit", "2026-10-08")], dt.date(2026, 11, 23))
    start = [f for f in rows if f.duty_id == "visit" and f.phase == "start"]
    assert len(start) == 1 and start[0].month == "2026-09"  # the start window ends in September
    assert (start[0].expected, start[0].done, start[0].on_time) == (1, 1, 0)  # a late visit
    middle = [f for f in rows if f.duty_id == "visit" and f.phase == "middle"]
    assert middle and middle[0].expected == 1 and middle[0].done == 0


def test_a_child_moved_away_owes_nothing_due_after_and_a_late_pairing_owes_in_proportion():
    gone = ChildFacts(
        "c2", "赵小红", "一班", False, frozenset(), dt.date(2026, 9, 1), dt.date(2026, 10, 10)
    )
    late = ChildFacts("c3", "孙伟", "一班", False, frozenset(), dt.date(2026, 10, 25))
    rows = term_figures(POLICY, TERM, [gone, late], [], dt.date(2026, 11, 23))
    months = {(f.child_id, f.duty_id, f.month) for f in rows}
    assert ("c2", "talk", "2026-09") in months and ("c2", "talk", "2026-10") not in months
    assert ("c3", "talk", "2026-10") not in months  # paired with a week left: less than half
    assert ("c3", "talk", "2026-11") not in months  # due on the 30th, not yet
    assert ("c3", "call", "2026-11") in months  # due on the 15th


def test_by_month_and_totals_are_sums_of_the_rows():
    facts = [e("talk", "2026-09-10"), e("talk", "2026-10-30"), e("parent_call", "2026-09-01")]
    rows = term_figures(POLICY, TERM, [KID], facts, dt.date(2026, 11, 23))
    per = by_month(rows)
    assert per["2026-09"]["c1"]["talk"].done == 1
    total = totals(rows)
    assert total.expected == sum(f.expected for f in rows) and total.done == sum(
        f.done for f in rows
    )
    assert total.rate("done") == 100 * total.done // total.expected
    assert months_of_term(TERM, dt.date(2026, 11, 23)) == ["2026-09", "2026-10", "2026-11"]


def test_nothing_before_the_term_and_entries_after_the_date_ignored():
    assert term_figures(POLICY, TERM, [KID], [], dt.date(2026, 8, 1)) == []
    rows = term_figures(POLICY, TERM, [KID], [e("talk", "2026-09-30")], dt.date(2026, 9, 20))
    assert not [f for f in rows if f.duty_id == "talk"]
