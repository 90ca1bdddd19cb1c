"""Boundary days of the duty engine (core/duties.py, core/cadence.py): phase edges, the due
day itself, and the window last_done reaches back to."""

from __future__ import annotations

# The calendar, the preset and the helpers of tests/test_duties.py (``english`` is its
# autouse fixture: imported, it applies here too).
from test_duties import DEFAULT, TERMS, D, english, entry, one, policy_with  # noqa: F401


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
        "due",
        "duty.phase.middle",
        1,
        2,
    )  # it counted for 期初, not for 期中
    first_of_middle = [entry(D(2025, 10, 27), "home_visit")]
    s = one(DEFAULT, "home_visit", D(2025, 11, 1), first_of_middle)
    assert (s.status, s.period.start, s.done_this_term, s.required_this_term) == (
        "done",
        D(2025, 10, 27),
        1,
        2,
    )  # it counted for 期中; 期初 stays missed
    assert one(DEFAULT, "home_visit", D(2025, 10, 26), first_of_middle).status == "overdue"


def test_an_entry_on_the_due_day_is_done_that_day() -> None:
    policy = policy_with('kind = "talk"\ncadence = "monthly"\ndue_day = 25\n')
    assert one(policy, "x", D(2025, 11, 25)).status == "due_soon"
    s = one(policy, "x", D(2025, 11, 25), [entry(D(2025, 11, 25))])
    assert (s.status, s.done_in_period, s.last_done, s.days_since_last) == (
        "done",
        1,
        D(2025, 11, 25),
        0,
    )
    weekly = policy_with('kind = "parent_call"\ncadence = "weekly"\ndue_day = 3\n')
    call = [entry(D(2025, 11, 12), "parent_call")]  # Wednesday, the due day
    assert one(weekly, "x", D(2025, 11, 12), call).status == "done"
    assert (
        one(
            DEFAULT,
            "home_visit",
            D(2025, 11, 16),  # the 期中 window's last day
            [entry(D(2025, 11, 16), "home_visit")],
        ).status
        == "done"
    )


def test_last_done_window_is_the_previous_term() -> None:
    from mentor_tui.core.duties import last_done_window

    assert last_done_window(DEFAULT, TERMS, D(2026, 3, 1)) == (D(2025, 9, 1), D(2026, 2, 23))
    # No term before the stored ones: the default spring of the school year before.
    assert last_done_window(DEFAULT, TERMS, D(2025, 11, 10)) == (D(2025, 2, 24), D(2025, 9, 1))
    assert last_done_window(DEFAULT, TERMS, D(2026, 2, 1)) == (D(2025, 2, 24), D(2025, 9, 1))
    assert last_done_window(DEFAULT, (), D(2025, 8, 10)) is None  # no term yet: nothing owed
