import datetime as dt

import pytest
from hypothesis import given, strategies as st

from mentor_tui.core.dates import format_date, parse_date
from mentor_tui.core.errors import ValidationError

FRI = dt.date(2026, 11, 20)  # a Friday


@pytest.mark.parametrize(
    "text,expected",
    [
        ("", FRI),
        ("今天", FRI),
        ("today", FRI),
        ("昨天", dt.date(2026, 11, 19)),
        ("Yesterday", dt.date(2026, 11, 19)),
        ("前天", dt.date(2026, 11, 18)),
        ("大前天", dt.date(2026, 11, 17)),
        ("3天前", dt.date(2026, 11, 17)),
        ("三天前", dt.date(2026, 11, 17)),
        ("2 days ago", dt.date(2026, 11, 18)),
        ("上周三", dt.date(2026, 11, 11)),
        ("上上周一", dt.date(2026, 11, 2)),
        ("本周一", dt.date(2026, 11, 16)),
        ("周一", dt.date(2026, 11, 16)),
        ("星期五", FRI),
        ("礼拜六", dt.date(2026, 11, 14)),
        ("周日", dt.date(2026, 11, 15)),
        ("last wed", dt.date(2026, 11, 11)),
        ("mon", dt.date(2026, 11, 16)),
        ("Thursday", dt.date(2026, 11, 19)),
        ("11-20", FRI),
        ("11/3", dt.date(2026, 11, 3)),
        ("11月20日", FRI),
        ("11月2号", dt.date(2026, 11, 2)),
        ("12-25", dt.date(2025, 12, 25)),  # no year: the most recent one
        ("2026-11-20", FRI),
        ("2026/9/1", dt.date(2026, 9, 1)),
        ("2025年3月5日", dt.date(2025, 3, 5)),
        ("２０２６－１１－２０", FRI),
        (" 昨天 ", dt.date(2026, 11, 19)),
    ],
)
def test_natural_dates(text, expected):
    assert parse_date(text, FRI) == expected


@pytest.mark.parametrize(
    "text",
    ["明天", "tomorrow", "2026-13-01", "2026-02-30", "2/30", "上周八", "abc", "[bold]x", "1120"],
)
def test_rejected(text):
    with pytest.raises(ValidationError) as info:
        parse_date(text, FRI, field="occurred_on")
    assert info.value.key == "err.bad_date"
    assert info.value.field == "occurred_on"


@pytest.mark.parametrize("text", ["2026-11-21", "2027-01-01", "本周六", "this sat"])
def test_never_in_the_future(text):
    with pytest.raises(ValidationError) as info:
        parse_date(text, FRI)
    assert info.value.key == "err.future_date"


@given(
    st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2090, 12, 31)),
    st.integers(min_value=0, max_value=6),
)
def test_weekday_words_are_recent_and_right(today, weekday):
    names = "一二三四五六日"
    got = parse_date(f"周{names[weekday]}", today)
    assert got.weekday() == weekday and 0 <= (today - got).days < 7
    last = parse_date(f"上周{names[weekday]}", today)
    assert last.weekday() == weekday and 1 <= (today - last).days <= 13


@given(st.dates(min_value=dt.date(2001, 1, 1), max_value=dt.date(2090, 12, 31)))
def test_iso_round_trip_and_month_day_not_future(today):
    assert parse_date(today.isoformat(), today) == today
    md = parse_date(f"{today.month}-{today.day}", today)
    assert md == today


def test_format_in_language_style():
    assert format_date(FRI, "zh", weekday=True) == "2026年11月20日 周五"
    assert format_date(FRI, "en", weekday=True) == "Fri 20 Nov 2026"
    assert format_date(FRI, "en", year=False) == "20 Nov"
    assert format_date(None, "zh") == "—"
