"""Boundary days of the duty engine (core/duties.py, core/cadence.py): phase edges, the due
day itself, and the window last_done reaches back to."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from mentor_tui.core.duties import ChildFacts, DutyStatus, EntryFact, compute_duties
from mentor_tui.core.i18n import get_language, set_language
from mentor_tui.core.policy import load_preset, parse_policy
from mentor_tui.core.terms import TermInfo

D = date
# The calendar of tests/test_duties.py.
AUTUMN = TermInfo("2025-autumn", "Autumn 2025", D(2025, 9, 1), D(2026, 1, 15),
                  breaks=((D(2025, 10, 1), D(2025, 10, 7), "national_day"),))
SPRING = TermInfo("2026-spring", "Spring 2026", D(2026, 2, 23), D(2026, 7, 5))
TERMS = (AUTUMN, SPRING)
DEFAULT = load_preset("default")


@pytest.fixture(autouse=True)
def english():
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def child(cid: str = "c1", added: date = D(2025, 8, 20), **kw: object) -> ChildFacts:
    return replace(ChildFacts(cid, "小红", "三年级二班", False, frozenset(), added), **kw)


def entry(day: date, kind: str = "talk", outcome: str = "done", cid: str = "c1") -> EntryFact:
    return EntryFact(cid, kind, outcome, day)


def one(policy, duty_id: str, today: date, entries=(), terms=TERMS) -> DutyStatus:
    for s in compute_duties(policy, terms, [child()], list(entries), today):
        if s.duty_id == duty_id:
            return s
    raise AssertionError(duty_id)


def policy_with(duty_toml: str):
    return parse_policy('[[duty]]\nid = "x"\nlabel = { zh = "x", en = "x" }\n' + duty_toml)


def test_phase_boundary_days() -> None:
    # AUTUMN, default phases: 期初 window 1-28 Sep (its period runs to 26 Oct), 期中 window
    # 27 Oct - 16 Nov (the Monday of the middle week is 3 Nov).
    s = one(DEFAULT, "home_visit", D(2025, 9, 28), [entry(D(2025, 9, 28), "home_visit")])
    assert (s.status, s.period.start, s.period.end) == ("done", D(2025, 9, 1), D(2025, 10, 26))
    last_of_start = [entry(D(2025, 10, 26), "home_visit")]
    s = one(DEFAULT, "home_visit", D(2025, 10, 26), last_of_start)
    assert (s.status, s.period.key) == ("done", "duty.phase.start")
    s = one(DEFAULT, "home_visit", D(2025, 11, 1), last_of_start)
    assert (s.status, s.period.key, s.done_this_term, s.required_this_term) == (
        "due", "duty.phase.middle", 1, 2)  # it counted for 期初, not for 期中
    first_of_middle = [entry(D(2025, 10, 27), "home_visit")]
    s = one(DEFAULT, "home_visit", D(2025, 11, 1), first_of_middle)
    assert (s.status, s.period.start, s.done_this_term, s.required_this_term) == (
        "done", D(2025, 10, 27), 1, 2)  # it counted for 期中; 期初 stays missed
    assert one(DEFAULT, "home_visit", D(2025, 10, 26), first_of_middle).status == "overdue"


def test_an_entry_on_the_due_day_is_done_that_day() -> None:
    policy = policy_with('kind = "talk"\ncadence = "monthly"\ndue_day = 25\n')
    assert one(policy, "x", D(2025, 11, 25)).status == "due_soon"
    s = one(policy, "x", D(2025, 11, 25), [entry(D(2025, 11, 25))])
    assert (s.status, s.done_in_period, s.last_done, s.days_since_last) == (
        "done", 1, D(2025, 11, 25), 0)
    weekly = policy_with('kind = "parent_call"\ncadence = "weekly"\ndue_day = 3\n')
    call = [entry(D(2025, 11, 12), "parent_call")]  # Wednesday, the due day
    assert one(weekly, "x", D(2025, 11, 12), call).status == "done"
    assert one(DEFAULT, "home_visit", D(2025, 11, 16),  # the 期中 window's last day
               [entry(D(2025, 11, 16), "home_visit")]).status == "done"


def test_last_done_window_is_the_previous_term() -> None:
    from mentor_tui.core.duties import last_done_window

    assert last_done_window(DEFAULT, TERMS, D(2026, 3, 1)) == (D(2025, 9, 1), D(2026, 2, 23))
    # No term before the stored ones: the default spring of the school year before.
    assert last_done_window(DEFAULT, TERMS, D(2025, 11, 10)) == (D(2025, 2, 24), D(2025, 9, 1))
    assert last_done_window(DEFAULT, TERMS, D(2026, 2, 1)) == (D(2025, 2, 24), D(2025, 9, 1))
    assert last_done_window(DEFAULT, (), D(2025, 8, 10)) is None  # no term yet: nothing owed
