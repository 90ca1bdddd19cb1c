"""core.absence: consecutive school days of unexplained absence (seed 001 控辍保学)."""

import datetime as dt

from mentor_tui.core import absence as A

MON = dt.date(2026, 3, 2)  # a Monday
TUE, WED, THU, FRI = (MON + dt.timedelta(days=i) for i in range(1, 5))
NEXT_MON = MON + dt.timedelta(days=7)


def states(*pairs):
    return A.day_states(pairs)


def test_two_unexplained_days_flag_one_does_not():
    assert not A.should_flag(MON, states((MON, "")))
    s = states((MON, ""), (TUE, ""))
    assert A.should_flag(TUE, s) and A.should_flag(MON, s)
    assert A.unexplained_run(TUE, s) == [MON, TUE]


def test_a_day_with_a_reason_does_not_count_and_breaks_the_run():
    assert not A.should_flag(TUE, states((MON, ""), (TUE, "病假")))
    assert not A.should_flag(WED, states((MON, ""), (TUE, "病假"), (WED, "")))


def test_a_school_day_present_breaks_the_run():
    assert not A.should_flag(WED, states((MON, ""), (WED, "")))


def test_weekend_does_not_break_consecutive():
    s = states((FRI, ""), (NEXT_MON, ""))
    assert A.unexplained_run(NEXT_MON, s) == [FRI, NEXT_MON]


def test_breaks_are_skipped_and_a_logged_saturday_is_a_school_day():
    s = states((FRI, ""), (NEXT_MON, ""))
    assert A.is_school_day(NEXT_MON)
    brk = [(MON + dt.timedelta(days=7), MON + dt.timedelta(days=8))]  # Mon-Tue holiday
    s2 = states((FRI, ""), (MON + dt.timedelta(days=9), ""))
    assert A.should_flag(MON + dt.timedelta(days=9), s2, brk)
    assert not A.should_flag(MON + dt.timedelta(days=9), s2)  # without the break Mon is a gap
    sat = FRI + dt.timedelta(days=1)
    s3 = states((FRI, ""), (sat, "事假"), (NEXT_MON, ""))
    assert not A.should_flag(NEXT_MON, s3)  # a logged Saturday with a reason breaks it
    assert A.should_flag(NEXT_MON, s)


def test_any_record_with_a_reason_explains_the_day():
    s = A.day_states([(MON, ""), (MON, "病假"), (TUE, "")])
    assert s == {MON: True, TUE: False}
    assert not A.should_flag(TUE, s)


def test_runs_and_term_gaps():
    s = states((MON, ""), (TUE, ""), (THU, ""))
    assert A.runs(s) == [[MON, TUE], [THU]]
    spans = A.non_school_spans(
        [
            (
                dt.date(2026, 2, 23),
                dt.date(2026, 7, 3),
                [(dt.date(2026, 4, 4), dt.date(2026, 4, 6))],
            ),
            (dt.date(2026, 9, 1), dt.date(2027, 1, 15), []),
        ]
    )
    assert spans == [
        (dt.date(2026, 4, 4), dt.date(2026, 4, 6)),
        (dt.date(2026, 7, 4), dt.date(2026, 8, 31)),
    ]
