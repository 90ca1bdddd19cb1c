"""The duty engine (core/duties.py, core/cadence.py): one test per rule of the docstrings."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date

import pytest

from mentor_tui.core.duties import compute_duties, needed_since
from mentor_tui.core.duty_facts import ChildFacts, DutyStatus, EntryFact
from mentor_tui.core.i18n import get_language, set_language
from mentor_tui.core.policy import load_preset, parse_policy
from mentor_tui.core.terms import TermInfo

D = date
AUTUMN = TermInfo(
    "2025-autumn",
    "Autumn 2025",
    D(2025, 9, 1),
    D(2026, 1, 15),
    breaks=((D(2025, 10, 1), D(2025, 10, 7), "national_day"),),
)
SPRING = TermInfo("2026-spring", "Spring 2026", D(2026, 2, 23), D(2026, 7, 5))
TERMS = (AUTUMN, SPRING)
DEFAULT = load_preset("default")
CORE = load_preset("core")
WEEKLY = load_preset("monthly-visit")


@pytest.fixture(autouse=True)
def english():
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def child(cid: str = "c1", added: date = D(2025, 8, 20), **kw: object) -> ChildFacts:
    base = ChildFacts(cid, "小红", "三年级二班", False, frozenset(), added)
    return replace(base, **kw)


def entry(day: date, kind: str = "talk", outcome: str = "done", cid: str = "c1") -> EntryFact:
    return EntryFact(cid, kind, outcome, day)


def one(
    policy, duty_id: str, today: date, entries=(), kid: ChildFacts | None = None, terms=TERMS
) -> DutyStatus:
    kid = kid or child()
    for s in compute_duties(policy, terms, [kid], list(entries), today):
        if s.duty_id == duty_id:
            return s
    raise AssertionError(duty_id)


def policy_with(duty_toml: str):
    return parse_policy('[[duty]]\nid = "x"\nlabel = { zh = "x", en = "x" }\n' + duty_toml)


# --- monthly -------------------------------------------------------------------------------------


def test_monthly_due_then_due_soon_then_done() -> None:
    s = one(DEFAULT, "talk", D(2025, 11, 10))
    assert (s.status, s.due_date, s.days_left) == ("due", D(2025, 11, 30), 20)
    assert (s.period.start, s.period.end, s.period.label) == (
        D(2025, 11, 1),
        D(2025, 11, 30),
        "2025-11",
    )
    assert one(DEFAULT, "talk", D(2025, 11, 23)).status == "due_soon"  # 7 days left
    assert one(DEFAULT, "talk", D(2025, 11, 22)).status == "due"  # 8 days left
    s = one(DEFAULT, "talk", D(2025, 11, 23), [entry(D(2025, 11, 12))])
    assert (s.status, s.due_date, s.days_left, s.last_done) == ("done", None, None, D(2025, 11, 12))
    assert s.days_since_last == 11


def test_monthly_due_day_makes_it_overdue() -> None:
    policy = policy_with('kind = "talk"\ncadence = "monthly"\ndue_day = 25\n')
    s = one(policy, "x", D(2025, 11, 26))
    assert (s.status, s.due_date, s.days_left) == ("overdue", D(2025, 11, 25), -1)
    s = one(policy, "x", D(2025, 11, 25))
    assert (s.status, s.days_left) == ("due_soon", 0)  # due today
    assert one(policy, "x", D(2025, 11, 26), [entry(D(2025, 11, 26))]).status == "done"


def test_month_end_31st_belongs_to_its_month() -> None:
    on_31 = [entry(D(2025, 10, 31))]
    assert one(DEFAULT, "talk", D(2025, 10, 31), on_31).status == "done"
    s = one(DEFAULT, "talk", D(2025, 11, 1), on_31)
    assert s.status == "due" and s.period.start == D(2025, 11, 1)
    assert (s.done_this_term, s.required_this_term) == (1, 3)  # Sep, Oct, Nov so far


def test_february_due_day_31_is_last_day_of_february() -> None:
    term = TermInfo("y", "Calendar year", D(2026, 1, 1), D(2028, 12, 31))
    policy = policy_with('kind = "talk"\ncadence = "monthly"\ndue_day = 31\n')
    s = one(policy, "x", D(2026, 2, 10), terms=[term])
    assert s.due_date == D(2026, 2, 28)
    assert one(policy, "x", D(2028, 2, 10), terms=[term]).due_date == D(2028, 2, 29)
    assert one(policy, "x", D(2026, 4, 10), terms=[term]).due_date == D(2026, 4, 30)
    assert one(policy, "x", D(2026, 3, 1), terms=[term]).period.start == D(2026, 3, 1)


def test_short_month_stubs_merge_into_the_neighbour_month() -> None:
    # Spring starts Monday 23 Feb: 23-28 Feb is one period with March.
    s = one(DEFAULT, "talk", D(2026, 2, 24), [entry(D(2026, 2, 23))])
    assert (s.period.start, s.period.end, s.period.label) == (
        D(2026, 2, 23),
        D(2026, 3, 31),
        "2026-03",
    )
    assert s.status == "done"
    assert one(DEFAULT, "talk", D(2026, 3, 20), [entry(D(2026, 2, 23))]).status == "done"
    # 1-5 July joins June; 1-15 January is long enough to stand alone.
    assert one(DEFAULT, "talk", D(2026, 7, 2)).period.start == D(2026, 6, 1)
    january = one(DEFAULT, "talk", D(2026, 1, 5)).period
    assert (january.start, january.end) == (D(2026, 1, 1), D(2026, 1, 15))


# --- weekly --------------------------------------------------------------------------------------


def test_weekly_parent_call() -> None:
    wed = D(2025, 11, 12)
    s = one(WEEKLY, "parent_call", wed)
    assert (s.period.start, s.period.end) == (D(2025, 11, 10), D(2025, 11, 16))
    assert (s.status, s.days_left) == ("due", 4)
    assert one(WEEKLY, "parent_call", D(2025, 11, 14)).status == "due_soon"  # 2 days left
    monday_call = [entry(D(2025, 11, 10), "parent_call")]
    assert one(WEEKLY, "parent_call", D(2025, 11, 16), monday_call).status == "done"
    s = one(WEEKLY, "parent_call", D(2025, 11, 17), monday_call)
    assert s.status == "due" and s.period.label == "Week 12"


def test_weekly_due_day_is_a_weekday() -> None:
    policy = policy_with('kind = "parent_call"\ncadence = "weekly"\ndue_day = 3\nwarn_days = 0\n')
    assert one(policy, "x", D(2025, 11, 12)).status == "due_soon"  # Wednesday, due today
    s = one(policy, "x", D(2025, 11, 13))
    assert (s.status, s.due_date, s.days_left) == ("overdue", D(2025, 11, 12), -1)


# --- term phases ---------------------------------------------------------------------------------


def test_home_visit_phase_windows() -> None:
    s = one(DEFAULT, "home_visit", D(2025, 9, 20))
    assert (s.status, s.due_date, s.period.label) == ("due", D(2025, 9, 28), "Term start")
    assert one(DEFAULT, "home_visit", D(2025, 9, 21)).status == "due_soon"
    s = one(DEFAULT, "home_visit", D(2025, 9, 29))
    assert (s.status, s.days_left) == ("overdue", -1)
    late = [entry(D(2025, 10, 10), "home_visit")]
    assert one(DEFAULT, "home_visit", D(2025, 10, 10), late).status == "done"  # late but done
    s = one(DEFAULT, "home_visit", D(2025, 10, 27), late)
    assert (s.status, s.period.label, s.due_date) == ("due", "Mid-term", D(2025, 11, 16))
    assert (s.done_this_term, s.required_this_term, s.required_full_term) == (1, 2, 3)
    s = one(DEFAULT, "home_visit", D(2025, 12, 19), late)
    assert s.period.label == "Term end" and s.status == "due"


def test_visit_before_middle_window_does_not_count_for_it() -> None:
    early = [entry(D(2025, 9, 10), "home_visit"), entry(D(2025, 10, 20), "home_visit")]
    s = one(DEFAULT, "home_visit", D(2025, 11, 17), early)
    assert s.status == "overdue" and s.period.label == "Mid-term"
    assert s.done_this_term == 1


def test_term_summary_due_at_term_end() -> None:
    s = one(DEFAULT, "term_summary", D(2025, 10, 15))
    assert (s.status, s.due_date) == ("due", D(2026, 1, 15))
    assert one(DEFAULT, "term_summary", D(2026, 1, 1)).status == "due_soon"  # warn 14 days
    done = [entry(D(2026, 1, 15), "term_summary")]  # on the last day of term
    assert one(DEFAULT, "term_summary", D(2026, 1, 15), done).status == "done"


def test_study_plan_at_term_start() -> None:
    s = one(DEFAULT, "study_plan", D(2025, 9, 29))
    assert (s.status, s.due_date) == ("overdue", D(2025, 9, 28))
    plan = [entry(D(2025, 9, 5), "study_plan")]
    assert one(DEFAULT, "study_plan", D(2025, 12, 1), plan).status == "done"


# --- N times per term ----------------------------------------------------------------------------


def test_per_term_home_visit() -> None:
    s = one(CORE, "home_visit", D(2025, 10, 15))
    assert (s.status, s.due_date, s.period.label) == ("due", D(2026, 1, 15), "Autumn 2025")
    assert one(CORE, "home_visit", D(2026, 1, 2)).status == "due_soon"
    visit = [entry(D(2025, 9, 1), "home_visit")]  # the first day of term counts
    s = one(CORE, "home_visit", D(2025, 10, 15), visit)
    assert (s.status, s.done_this_term, s.required_this_term) == ("done", 1, 1)


def test_per_term_times_two() -> None:
    policy = policy_with('kind = "talk"\ncadence = "per_term"\ntimes = 2\n')
    s = one(policy, "x", D(2025, 12, 1), [entry(D(2025, 9, 3))])
    assert (s.status, s.done_in_period, s.required_in_period) == ("due", 1, 2)
    two = [entry(D(2025, 9, 3)), entry(D(2025, 11, 3))]
    assert one(policy, "x", D(2025, 12, 1), two).status == "done"


# --- breaks --------------------------------------------------------------------------------------


def test_week_wholly_in_a_break_is_paused() -> None:
    term = replace(AUTUMN, breaks=((D(2025, 10, 6), D(2025, 10, 12), "sports"),))
    s = one(WEEKLY, "parent_call", D(2025, 10, 8), terms=[term])
    assert s.status == "paused"
    assert (s.required_in_period, s.due_date) == (0, None)
    # The monthly talk of October is not paused by a one-week break.
    assert one(WEEKLY, "talk", D(2025, 10, 8), terms=[term]).status == "due"


def test_pause_in_breaks_false_keeps_it_owed() -> None:
    term = replace(AUTUMN, breaks=((D(2025, 10, 6), D(2025, 10, 12), "sports"),))
    policy = policy_with('kind = "parent_call"\ncadence = "weekly"\npause_in_breaks = false\n')
    assert one(policy, "x", D(2025, 10, 8), terms=[term]).status == "due"


def test_between_terms_is_paused_with_last_term_counts() -> None:
    talks = [entry(D(2025, m, 10)) for m in (9, 10, 11, 12)]
    s = one(DEFAULT, "talk", D(2026, 2, 1), talks)
    assert s.status == "paused" and s.due_date is None
    assert s.period.label == "Winter break"
    assert (s.period.start, s.period.end) == (D(2026, 1, 16), D(2026, 2, 22))
    assert (s.done_this_term, s.required_this_term) == (4, 5)  # January was missed
    assert s.term_id == "2025-autumn"


# --- entries: backdated, boundary, future, kinds, outcomes ---------------------------------------


def test_backdated_entry_counts_for_the_month_it_happened() -> None:
    late_entry = [entry(D(2025, 10, 20))]  # typed in on 10 November
    s = one(DEFAULT, "talk", D(2025, 11, 10), late_entry)
    assert s.status == "due"
    assert s.done_this_term == 1  # October
    assert one(DEFAULT, "talk", D(2025, 10, 25), late_entry).status == "done"


def test_boundary_days_and_future_entries() -> None:
    assert one(DEFAULT, "talk", D(2025, 11, 30), [entry(D(2025, 11, 1))]).status == "done"
    assert one(DEFAULT, "talk", D(2025, 11, 30), [entry(D(2025, 11, 30))]).status == "done"
    tomorrow = [entry(D(2025, 11, 21))]
    assert one(DEFAULT, "talk", D(2025, 11, 20), tomorrow).status == "due"


def test_other_kinds_and_children_do_not_count() -> None:
    noise = [entry(D(2025, 11, 5), "diary"), entry(D(2025, 11, 5), cid="c2")]
    assert one(DEFAULT, "talk", D(2025, 11, 10), noise).status == "due"


def test_outcomes_that_count_and_that_do_not() -> None:
    tried = [entry(D(2025, 11, 5), "parent_call", "attempted_unreachable")]
    assert one(DEFAULT, "parent_call", D(2025, 11, 10), tried).status == "done"
    assert one(CORE, "parent_call", D(2025, 11, 10), tried).status == "due"
    skipped = [entry(D(2025, 11, 5), "parent_call", "skipped")]
    assert one(DEFAULT, "parent_call", D(2025, 11, 10), skipped).status == "due"
    assert one(DEFAULT, "parent_call", D(2025, 11, 10), skipped).last_done is None


def test_extra_entries_in_one_month_do_not_make_up_for_another() -> None:
    september = [entry(D(2025, 9, d)) for d in (2, 9, 16)]
    s = one(DEFAULT, "talk", D(2025, 10, 20), september)
    assert (s.done_this_term, s.required_this_term) == (1, 2)


# --- children: added mid-term, archived, applies_to -----------------------------------------------


def test_child_added_mid_term_owes_nothing_before() -> None:
    kid = child(added=D(2025, 11, 3))
    s = one(DEFAULT, "talk", D(2025, 11, 10), kid=kid)
    assert s.status == "due"  # 28 of 30 days of November remain
    assert (s.required_this_term, s.required_full_term) == (1, 3)  # Nov, Dec, Jan
    visit = one(DEFAULT, "home_visit", D(2025, 11, 10), kid=kid)
    # 14 of the 21 days of the mid-term window remain: owed, and due 16 Nov.
    assert (visit.status, visit.due_date) == ("due_soon", D(2025, 11, 16))
    assert visit.required_full_term == 2  # middle and end


def test_child_added_late_in_a_period_owes_it_only_if_half_remains() -> None:
    late = child(added=D(2025, 11, 20))  # 11 of 30 days left
    s = one(DEFAULT, "talk", D(2025, 11, 22), kid=late)
    assert (s.status, s.required_in_period, s.required_this_term) == ("not_applicable", 0, 0)
    assert (
        one(DEFAULT, "talk", D(2025, 11, 22), [entry(D(2025, 11, 21))], kid=late).status == "done"
    )
    assert one(DEFAULT, "talk", D(2025, 12, 1), kid=late).status == "due"
    half = child(added=D(2025, 11, 16))  # 15 of 30 days left
    assert one(DEFAULT, "talk", D(2025, 11, 22), kid=half).status == "due"


def test_per_term_times_prorated_for_a_late_child() -> None:
    policy = policy_with('kind = "talk"\ncadence = "per_term"\ntimes = 4\n')
    kid = child(added=D(2025, 11, 8))  # 69 of 137 days left: 4 * 69/137 = 2.01
    s = one(policy, "x", D(2025, 11, 10), kid=kid)
    assert s.required_in_period == 2


def test_child_not_yet_paired_owes_nothing() -> None:
    s = one(DEFAULT, "talk", D(2025, 11, 10), kid=child(added=D(2025, 11, 11)))
    assert (s.status, s.required_this_term) == ("not_applicable", 0)


def test_archived_child_owes_nothing() -> None:
    gone = child(archived_on=D(2025, 10, 15))
    for s in compute_duties(DEFAULT, TERMS, [gone], [], D(2025, 11, 10)):
        assert s.status == "not_applicable", s.duty_id
        assert (s.required_this_term, s.required_full_term, s.due_date) == (0, 0, None)
    # Archived later than the date asked about: she still owed it then.
    later = child(archived_on=D(2025, 12, 1))
    assert one(DEFAULT, "talk", D(2025, 11, 10), kid=later).status == "due"


def test_applies_to_boarding_and_category() -> None:
    policy = policy_with('kind = "talk"\ncadence = "monthly"\napplies_to = "boarding"\n')
    assert one(policy, "x", D(2025, 11, 10)).status == "not_applicable"
    assert one(policy, "x", D(2025, 11, 10), kid=child(boarding=True)).status == "due"
    policy = policy_with('kind = "talk"\ncadence = "monthly"\napplies_to = "category:poor"\n')
    assert one(policy, "x", D(2025, 11, 10)).status == "not_applicable"
    poor = child(categories=frozenset({"poor"}))
    assert one(policy, "x", D(2025, 11, 10), kid=poor).status == "due"
    policy = policy_with('kind = "talk"\ncadence = "monthly"\napplies_to = "non_boarding"\n')
    assert one(policy, "x", D(2025, 11, 10), kid=child(boarding=True)).status == "not_applicable"


# --- rolling limit -------------------------------------------------------------------------------


def test_rolling_limit_makes_it_due_sooner() -> None:
    policy = policy_with('kind = "talk"\ncadence = "monthly"\nmax_gap_days = 20\n')
    talk = [entry(D(2025, 11, 3))]
    s = one(policy, "x", D(2025, 11, 20), talk)  # November is done, the gap runs out 23 Nov
    assert (s.status, s.due_date) == ("due_soon", D(2025, 11, 23))
    s = one(policy, "x", D(2025, 11, 24), talk)
    assert (s.status, s.days_left) == ("overdue", -1)
    s = one(policy, "x", D(2025, 12, 2), talk)  # December: due 23 Nov, not 31 Dec
    assert (s.status, s.due_date) == ("overdue", D(2025, 11, 23))


def test_rolling_limit_skips_breaks_and_restarts_each_term() -> None:
    policy = policy_with('kind = "talk"\ncadence = "monthly"\nmax_gap_days = 20\n')
    s = one(policy, "x", D(2025, 10, 10), [entry(D(2025, 9, 25))])
    assert s.due_date == D(2025, 10, 22)  # 20 days plus the 7 days of 国庆
    s = one(policy, "x", D(2026, 3, 2), [entry(D(2026, 1, 5))])
    assert s.due_date == D(2026, 3, 15)  # the clock restarts on 23 Feb


# --- shape ---------------------------------------------------------------------------------------


def test_one_status_per_child_and_duty_in_order() -> None:
    kids = [child("a"), child("b")]
    statuses = compute_duties(DEFAULT, TERMS, kids, [], D(2025, 11, 10))
    assert [(s.child_id, s.duty_id) for s in statuses] == [
        (k.id, d.id) for k in kids for d in DEFAULT.duties
    ]


def test_empty_terms_fall_back_to_defaults() -> None:
    s = one(DEFAULT, "talk", D(2025, 11, 10), terms=())
    assert s.term_id == "2025-autumn" and s.status == "due"


def test_needed_since_is_the_reference_term_start() -> None:
    assert needed_since(DEFAULT, TERMS, D(2025, 11, 10)) == D(2025, 9, 1)
    assert needed_since(DEFAULT, TERMS, D(2026, 2, 1)) == D(2025, 9, 1)
    assert needed_since(DEFAULT, TERMS, D(2026, 3, 1)) == D(2026, 2, 23)
    assert needed_since(DEFAULT, TERMS, D(2025, 8, 1)) == D(2025, 8, 1)


def test_entries_before_needed_since_only_feed_last_done() -> None:
    old = [entry(D(2025, 6, 1))]
    s = one(DEFAULT, "talk", D(2025, 11, 10), old)
    assert (s.last_done, s.done_this_term) == (D(2025, 6, 1), 0)


def test_engine_is_pure() -> None:
    code = (
        "import sys, mentor_tui.core.duties, mentor_tui.core.policy; "
        "bad = [m for m in ('textual', 'peewee', 'playhouse', 'sqlcipher3') "
        "if m in sys.modules]; print(','.join(bad))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_children_in_the_same_situation_each_get_their_own_answer() -> None:
    """compute_duties shares work between children with the same slots filled; what differs
    between them (id, last date, a rolling limit running from it) stays per child."""
    policy = policy_with('kind = "talk"\ncadence = "monthly"\nmax_gap_days = 20\n')
    kids = [child("a"), child("b"), child("c"), child("d", added=D(2025, 11, 5))]
    talks = [
        entry(D(2025, 11, 3), cid="a"),
        entry(D(2025, 11, 12), cid="b"),
        entry(D(2025, 11, 3), cid="c"),
    ]
    got = compute_duties(policy, TERMS, kids, talks, D(2025, 11, 20))
    assert [s.child_id for s in got] == ["a", "b", "c", "d"]
    assert [(s.status, s.due_date, s.last_done) for s in got] == [
        ("due_soon", D(2025, 11, 23), D(2025, 11, 3)),
        ("done", None, D(2025, 11, 12)),
        ("due_soon", D(2025, 11, 23), D(2025, 11, 3)),
        ("due_soon", D(2025, 11, 25), None),
    ]
    assert got[0] == replace(got[2], child_id="a")
    monthly = policy_with('kind = "talk"\ncadence = "monthly"\n')
    got = compute_duties(monthly, TERMS, kids[:2], talks[:2], D(2025, 11, 20))
    assert [(s.status, s.last_done, s.days_since_last) for s in got] == [
        ("done", D(2025, 11, 3), 17),
        ("done", D(2025, 11, 12), 8),
    ]
