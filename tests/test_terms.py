"""The school calendar (core/terms.py): defaults, middle, weeks, phases, breaks."""

from __future__ import annotations

from datetime import date

import pytest

from mentor_tui.core.i18n import get_language, set_language
from mentor_tui.core.terms import (
    TermInfo,
    break_intervals,
    break_label,
    calendar_for,
    default_terms_for,
    in_break,
    last_term_before,
    middle_of,
    phase_of,
    phase_windows,
    school_year_of,
    term_for,
    week_of_term,
)


@pytest.fixture
def english():
    before = get_language()
    set_language("en")
    yield
    set_language(before)


def test_default_terms_for_autumn_date(english) -> None:
    autumn, spring = default_terms_for(date(2025, 10, 15))
    assert (autumn.id, autumn.start, autumn.end) == (
        "2025-autumn",
        date(2025, 9, 1),
        date(2026, 1, 15),
    )
    assert spring.id == "2026-spring"
    assert spring.start == date(2026, 2, 23)  # the last Monday of February 2026
    assert spring.start.weekday() == 0
    assert spring.end == date(2026, 7, 5)
    assert autumn.name == "Autumn term 2025"


def test_default_terms_for_spring_date_is_same_school_year() -> None:
    assert default_terms_for(date(2026, 4, 1)) == default_terms_for(date(2025, 10, 1))


def test_school_year_turns_on_first_of_august() -> None:
    assert school_year_of(date(2026, 7, 31)) == 2025
    assert school_year_of(date(2026, 8, 1)) == 2026


def test_autumn_start_on_a_weekend_moves_to_monday() -> None:
    autumn, _ = default_terms_for(date(2024, 9, 10))  # 1 Sep 2024 is a Sunday
    assert autumn.start == date(2024, 9, 2)


def test_default_breaks_national_holidays_optional() -> None:
    autumn, spring = default_terms_for(date(2025, 9, 1))
    labels = [b[2] for b in autumn.breaks]
    assert "national_day" in labels and "new_year" in labels
    assert (date(2025, 10, 1), date(2025, 10, 7), "national_day") in autumn.breaks
    assert [b[2] for b in spring.breaks] == ["labour_day"]
    plain_autumn, plain_spring = default_terms_for(date(2025, 9, 1), holidays=False)
    assert plain_autumn.breaks == () and plain_spring.breaks == ()


def test_leap_year_last_monday_of_february() -> None:
    _, spring = default_terms_for(date(2027, 10, 1))  # spring 2028, February has 29 days
    assert spring.start == date(2028, 2, 28)


def test_term_for_and_between_terms() -> None:
    terms = default_terms_for(date(2025, 10, 1))
    assert term_for(date(2025, 9, 1), terms).id == "2025-autumn"  # boundary: first day
    assert term_for(date(2026, 1, 15), terms).id == "2025-autumn"  # boundary: last day
    assert term_for(date(2026, 1, 16), terms) is None
    assert term_for(date(2026, 2, 23), terms).id == "2026-spring"
    assert last_term_before(date(2026, 2, 1), terms).id == "2025-autumn"
    assert last_term_before(date(2025, 8, 1), terms) is None


def test_middle_default_is_monday_of_middle_week() -> None:
    autumn, _ = default_terms_for(date(2025, 10, 1))
    middle = middle_of(autumn)
    assert middle == date(2025, 11, 3)
    assert middle.weekday() == 0
    assert week_of_term(middle, autumn) == 10  # BRIEF: around the 9th-10th week


def test_middle_set_by_school_wins() -> None:
    term = TermInfo("t", "T", date(2025, 9, 1), date(2026, 1, 15), middle=date(2025, 11, 12))
    assert middle_of(term) == date(2025, 11, 12)


def test_week_of_term() -> None:
    term = TermInfo("t", "T", date(2025, 9, 3), date(2026, 1, 15))  # starts on a Wednesday
    assert week_of_term(date(2025, 9, 3), term) == 1
    assert week_of_term(date(2025, 9, 7), term) == 1  # Sunday of week 1
    assert week_of_term(date(2025, 9, 8), term) == 2
    assert week_of_term(date(2025, 9, 2), term) is None
    assert week_of_term(date(2026, 1, 16), term) is None


def test_phase_windows_and_phase_of() -> None:
    autumn, _ = default_terms_for(date(2025, 10, 1))
    windows = phase_windows(autumn, 4, 3, 4)
    assert list(windows) == ["start", "middle", "end"]
    assert windows["start"] == (date(2025, 9, 1), date(2025, 9, 28))
    assert windows["middle"] == (date(2025, 10, 27), date(2025, 11, 16))
    assert windows["end"] == (date(2025, 12, 19), date(2026, 1, 15))
    assert phase_of(date(2025, 9, 28), autumn) == "start"
    assert phase_of(date(2025, 9, 29), autumn) is None
    assert phase_of(date(2025, 10, 27), autumn) == "middle"
    assert phase_of(date(2025, 11, 16), autumn) == "middle"
    assert phase_of(date(2025, 12, 18), autumn) is None
    assert phase_of(date(2025, 12, 19), autumn) == "end"
    assert phase_of(date(2026, 1, 16), autumn) is None
    assert phase_of(date(2025, 9, 29), autumn, start_weeks=5) == "start"


def test_phase_windows_never_overlap_in_a_short_term() -> None:
    term = TermInfo("s", "Short", date(2025, 9, 1), date(2025, 10, 12))  # 6 weeks
    windows = phase_windows(term, 4, 3, 4)
    assert windows["start"] == (date(2025, 9, 1), date(2025, 9, 28))
    assert windows["end"] == (date(2025, 9, 29), date(2025, 10, 12))
    assert "middle" not in windows  # squeezed out


def test_in_break() -> None:
    terms = default_terms_for(date(2025, 10, 1))
    assert in_break(date(2025, 10, 3), terms) == "national_day"
    assert in_break(date(2025, 10, 8), terms) is None
    assert in_break(date(2026, 1, 20), terms) == "winter_break"
    assert in_break(date(2026, 7, 20), terms) == "summer_break"
    assert in_break(date(2025, 10, 3), []) is None


def test_break_label_translates_ids_and_keeps_free_text(english) -> None:
    assert break_label("national_day") == "National Day holiday"
    assert break_label("national_day", lang="zh") == "国庆节"
    assert break_label("校运会") == "校运会"


def test_break_intervals_clipped_and_merged() -> None:
    term = TermInfo(
        "t",
        "T",
        date(2025, 9, 1),
        date(2025, 12, 31),
        breaks=(
            (date(2025, 10, 5), date(2025, 10, 9), "b"),
            (date(2025, 10, 1), date(2025, 10, 4), "a"),
            (date(2025, 12, 30), date(2026, 1, 3), "c"),
        ),
    )
    assert break_intervals(term) == [
        (date(2025, 10, 1), date(2025, 10, 9)),
        (date(2025, 12, 30), date(2025, 12, 31)),
    ]


def test_breaks_json_round_trip() -> None:
    autumn, _ = default_terms_for(date(2025, 10, 1))
    again = TermInfo.from_json(
        autumn.id, autumn.name, autumn.start, autumn.end, autumn.middle, autumn.breaks_json()
    )
    assert again == autumn


# --- the calendar the engine uses: stored terms completed by defaults (calendar_for) -----------

AUTUMN_ONLY = TermInfo("t1", "本校秋季学期", date(2025, 9, 1), date(2026, 1, 18))


def test_calendar_adds_the_default_spring_after_a_lone_autumn_term() -> None:
    terms = calendar_for([AUTUMN_ONLY], date(2026, 4, 15))
    spring = term_for(date(2026, 4, 15), terms)
    assert spring is not None and spring.id == "2026-spring"
    assert (spring.start, spring.end) == (date(2026, 2, 23), date(2026, 7, 5))
    assert term_for(date(2025, 11, 3), terms) == AUTUMN_ONLY  # the stored term is kept


def test_calendar_stored_term_wins_where_it_covers_the_date() -> None:
    long_autumn = TermInfo("t1", "秋", date(2025, 9, 1), date(2026, 2, 27))  # past 23 Feb
    terms = calendar_for([long_autumn], date(2026, 4, 15))
    assert term_for(date(2026, 2, 25), terms) == long_autumn
    spring = term_for(date(2026, 4, 15), terms)
    assert spring.start == date(2026, 2, 28)  # clipped to the day after the stored term
    # Inside the stored span nothing is added: a gap between two stored terms is a break.
    spring_own = TermInfo("t2", "春", date(2026, 3, 2), date(2026, 7, 10))
    assert calendar_for([AUTUMN_ONLY, spring_own], date(2026, 2, 1)) == [AUTUMN_ONLY, spring_own]


def test_calendar_before_the_first_stored_term_uses_that_years_defaults() -> None:
    spring_own = TermInfo("t2", "春", date(2026, 3, 2), date(2026, 7, 10))
    terms = calendar_for([spring_own], date(2025, 11, 10))
    autumn = term_for(date(2025, 11, 10), terms)
    assert autumn is not None and autumn.id == "2025-autumn"
    # The default spring (from 23 Feb) overlaps t2: its 7 days before t2 are not a term.
    assert [t.id for t in terms] == ["2025-autumn", "t2"]
    assert calendar_for([], date(2025, 11, 10)) == list(default_terms_for(date(2025, 11, 10)))


def test_one_term_vault_owes_in_spring(vault) -> None:
    """The first-run wizard stores one term; after it ends the spring term is still owed."""
    from mentor_tui.db import children, entries, settings
    from mentor_tui.db.duty_data import compute_view

    settings.add_term(vault, "2025年秋季学期", date(2025, 9, 1), date(2026, 1, 16))
    cid = children.add_child(vault, "李明", added_on=date(2025, 9, 1))
    april = {
        s.duty_id: s for s in compute_view(vault, date(2026, 4, 15)).statuses if s.child_id == cid
    }
    assert april["talk"].status == "due" and april["talk"].term_id == "2026-spring"
    assert not [s for s in april.values() if s.status == "paused"]
    assert (april["talk"].period.start, april["talk"].due_date) == (
        date(2026, 4, 1),
        date(2026, 4, 30),
    )
    entries.log_entry(vault, cid, "talk", date(2026, 4, 10))
    assert {
        s.duty_id: s for s in compute_view(vault, date(2026, 4, 15)).statuses if s.child_id == cid
    }["talk"].status == "done"
    # Between the stored autumn term and the default spring: the winter break.
    feb = [s for s in compute_view(vault, date(2026, 2, 1)).statuses if s.child_id == cid]
    assert {s.status for s in feb} == {"paused"}
