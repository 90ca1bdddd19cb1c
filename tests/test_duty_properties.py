"""Properties of the duty engine over random policies, calendars, children and entries.

* adding an entry never makes a duty less done;
* the status is a pure function of (policy, entries, date): order and repetition do not matter;
* moving the date forward with no new entries never turns overdue into done;
* invariants: done <= required, the due date and days_left agree, statuses are known.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings, strategies as st

from mentor_tui.core.duties import compute_duties
from mentor_tui.core.duty_facts import STATUSES, ChildFacts, EntryFact
from mentor_tui.core.policy import APPLIES_TO, CADENCES, Duty, Policy, load_preset
from mentor_tui.core.terms import PHASES, TermInfo, default_terms_for
from mentor_tui.core.vocab import OUTCOMES, SUPPORT_CATEGORIES

KINDS = ("talk", "home_visit", "parent_call")
FIRST, LAST = date(2025, 8, 1), date(2027, 8, 31)
RANK = {"overdue": 0, "due_soon": 1, "due": 2, "done": 3}
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

days = st.integers(0, (LAST - FIRST).days).map(lambda n: FIRST + timedelta(days=n))


@st.composite
def duties(draw: st.DrawFn, index: int) -> Duty:
    cadence = draw(st.sampled_from(CADENCES))
    phases: tuple[str, ...] = ()
    if cadence == "phases":
        phases = tuple(p for p in PHASES if p in draw(st.sets(st.sampled_from(PHASES), min_size=1)))
    due_day = None
    if cadence in ("monthly", "weekly") and draw(st.booleans()):
        due_day = draw(st.integers(1, 31 if cadence == "monthly" else 7))
    return Duty(
        id=f"d{index}",
        label_zh="任务",
        label_en="duty",
        kind=draw(st.sampled_from(KINDS)),
        cadence=cadence,
        outcomes=frozenset(draw(st.sets(st.sampled_from(OUTCOMES), min_size=1))),
        times=draw(st.integers(1, 3)),
        phases=phases,
        max_gap_days=draw(st.none() | st.integers(1, 60)),
        due_day=due_day,
        warn_days=draw(st.integers(0, 14)),
        applies_to=draw(st.sampled_from(APPLIES_TO)),
        pause_in_breaks=draw(st.booleans()),
    )


@st.composite
def policies(draw: st.DrawFn) -> Policy:
    if draw(st.booleans()):
        return load_preset(draw(st.sampled_from(("default", "monthly-visit", "core"))))
    n = draw(st.integers(1, 3))
    return Policy(
        "p",
        "策略",
        "policy",
        tuple(draw(duties(i)) for i in range(n)),
        start_weeks=draw(st.integers(0, 6)),
        middle_weeks=draw(st.integers(0, 4)),
        end_weeks=draw(st.integers(0, 6)),
    )


@st.composite
def calendars(draw: st.DrawFn) -> tuple[TermInfo, ...]:
    terms = [*default_terms_for(date(2025, 9, 1)), *default_terms_for(date(2026, 9, 1))]
    if draw(st.booleans()):  # a school's own week off, possibly a whole week
        start = date(2025, 9, 1) + timedelta(days=draw(st.integers(0, 120)))
        length = draw(st.integers(1, 16))
        autumn = terms[0]
        terms[0] = TermInfo(
            autumn.id,
            autumn.name,
            autumn.start,
            autumn.end,
            autumn.middle,
            autumn.breaks + ((start, start + timedelta(days=length), "x"),),
        )
    return tuple(terms)


@st.composite
def children(draw: st.DrawFn) -> list[ChildFacts]:
    out = []
    for i in range(draw(st.integers(1, 3))):
        added = draw(days)
        archived = draw(st.none() | days.filter(lambda d, a=added: d >= a))
        out.append(
            ChildFacts(
                f"c{i}",
                f"孩子{i}",
                "一班",
                draw(st.booleans()),
                frozenset(draw(st.sets(st.sampled_from(SUPPORT_CATEGORIES)))),
                added,
                archived,
            )
        )
    return out


def entries_for(n_children: int) -> st.SearchStrategy[list[EntryFact]]:
    one = st.builds(
        EntryFact,
        st.sampled_from([f"c{i}" for i in range(n_children)]),
        st.sampled_from(KINDS + ("diary",)),
        st.sampled_from(OUTCOMES),
        days,
    )
    return st.lists(one, max_size=40)


@st.composite
def worlds(draw: st.DrawFn):
    kids = draw(children())
    return draw(policies()), draw(calendars()), kids, draw(entries_for(len(kids))), draw(days)


def by_pair(statuses):
    return {(s.child_id, s.duty_id): s for s in statuses}


@SETTINGS
@given(worlds(), st.data())
def test_adding_an_entry_never_makes_a_duty_less_done(world, data) -> None:
    policy, terms, kids, entries, today = world
    extra = data.draw(entries_for(len(kids)))
    before = by_pair(compute_duties(policy, terms, kids, entries, today))
    after = by_pair(compute_duties(policy, terms, kids, entries + extra, today))
    assert before.keys() == after.keys()
    for key, b in before.items():
        a = after[key]
        if b.status in RANK:
            assert a.status in RANK and RANK[a.status] >= RANK[b.status], (key, b, a)
        else:  # paused / not applicable: unchanged, or done by the new entry
            assert a.status in (b.status, "done"), (key, b, a)
        assert a.done_this_term >= b.done_this_term
        assert a.done_this_month >= b.done_this_month
        assert a.done_in_period >= b.done_in_period
        assert (a.required_this_term, a.required_full_term) == (
            b.required_this_term,
            b.required_full_term,
        )
        if b.last_done is not None:
            assert a.last_done is not None and a.last_done >= b.last_done


@SETTINGS
@given(worlds(), st.randoms(use_true_random=False))
def test_status_is_a_pure_function_of_policy_entries_and_date(world, rnd: random.Random) -> None:
    policy, terms, kids, entries, today = world
    first = compute_duties(policy, terms, kids, entries, today)
    assert compute_duties(policy, terms, kids, entries, today) == first  # no hidden state
    shuffled = list(entries)
    rnd.shuffle(shuffled)
    assert compute_duties(policy, terms, kids, shuffled, today) == first
    assert compute_duties(policy, terms, kids, list(reversed(entries)), today) == first
    assert compute_duties(policy, tuple(reversed(terms)), kids, iter(entries), today) == first


@SETTINGS
@given(worlds(), st.integers(1, 400))
def test_moving_the_date_forward_never_turns_overdue_into_done(world, step: int) -> None:
    policy, terms, kids, entries, today = world
    known = [e for e in entries if e.occurred_on <= today]  # nothing new after ``today``
    later = today + timedelta(days=step)
    before = by_pair(compute_duties(policy, terms, kids, known, today))
    after = by_pair(compute_duties(policy, terms, kids, known, later))
    for key, b in before.items():
        if b.status == "overdue":
            assert after[key].status != "done", (key, b, after[key])


@SETTINGS
@given(worlds())
def test_invariants(world) -> None:
    policy, terms, kids, entries, today = world
    statuses = compute_duties(policy, terms, kids, entries, today)
    assert len(statuses) == len(kids) * len(policy.duties)
    for s in statuses:
        assert s.status in STATUSES
        assert 0 <= s.done_this_term <= s.required_this_term <= s.required_full_term
        assert 0 <= s.done_this_month <= s.required_this_month
        assert 0 <= s.done_in_period <= s.required_in_period
        if s.due_date is not None:
            assert s.days_left == (s.due_date - today).days
            assert s.status in ("overdue", "due_soon", "due")
            assert (s.status == "overdue") == (s.days_left < 0)
        else:
            assert s.status in ("done", "paused", "not_applicable")
        if s.period is not None and s.status in RANK:
            assert s.period.start <= today <= s.period.end
        if s.last_done is not None:
            assert s.last_done <= today and s.days_since_last == (today - s.last_done).days


@SETTINGS
@given(worlds(), st.integers(0, 3), st.integers(-3, 3))
def test_fast_path_equals_the_plain_pair_by_pair_computation(world, twins: int, shift: int) -> None:
    """compute_duties shares one computation between children in the same situation; the
    result must equal computing every (child, duty) on its own. ``twins`` copies of the
    children (same facts, new ids, entries moved by ``shift`` days per copy: often the same
    slots, other last dates) make the shared cases actually hit."""
    from dataclasses import fields, replace

    from mentor_tui.core.duties import compute_duties_pairwise
    from mentor_tui.core.duty_facts import DutyStatus

    policy, terms, kids, entries, today = world
    kids = kids + [replace(k, id=f"{k.id}-{n}") for n in range(twins) for k in kids]
    entries = entries + [
        replace(
            e, child_id=f"{e.child_id}-{n}", occurred_on=e.occurred_on + timedelta(days=n * shift)
        )
        for n in range(twins)
        for e in entries
    ]
    fast = compute_duties(policy, terms, kids, entries, today)
    plain = compute_duties_pairwise(policy, terms, kids, entries, today)
    assert fast == plain
    assert [[getattr(s, f.name) for f in fields(DutyStatus)] for s in fast] == [
        [getattr(s, f.name) for f in fields(DutyStatus)] for s in plain
    ]
    assert all(type(s) is DutyStatus for s in fast)
    # Shared computations, but every (child, duty) its own status object.
    assert len({id(s) for s in fast}) == len(fast)


@SETTINGS
@given(worlds(), st.lists(days, min_size=1, max_size=4), st.sampled_from(("month", "term")))
def test_tallies_on_equal_compute_duties_on_each_date(world, dates, scope: str) -> None:
    """The ledger's one pass (tallies_on) says what compute_duties says on each date."""
    from mentor_tui.core.duty_summary import tallies_on

    policy, terms, kids, entries, _today = world
    got = tallies_on(policy, terms, kids, entries, dates, scope)
    assert len(got) == len(dates)
    for day, tallies in zip(dates, got):
        want: dict[str, dict[str, tuple[int, int]]] = {}
        for s in compute_duties(policy, terms, kids, entries, day):
            pair = (
                (s.done_this_month, s.required_this_month)
                if scope == "month"
                else (s.done_this_term, s.required_this_term)
            )
            want.setdefault(s.child_id, {})[s.duty_id] = pair
        assert tallies == want, day


@SETTINGS
@given(worlds(), st.booleans())
def test_statuses_do_not_depend_on_the_display_language(world, stored: bool) -> None:
    """Labels are keys rendered when read (cadence.Period): the same facts give equal statuses
    under zh and en — also with the default terms computed inside the engine (``stored``
    False) — while the labels themselves are in each language."""
    from mentor_tui.core.i18n import set_language

    policy, terms, kids, entries, today = world
    terms = terms if stored else ()
    try:
        set_language("zh")
        zh = compute_duties(policy, terms, kids, entries, today)
        zh_labels = [s.period.label for s in zh if s.period is not None]
        set_language("en")
        en = compute_duties(policy, terms, kids, entries, today)
        assert zh == en
        assert [s.period.label_in("zh") for s in en if s.period is not None] == zh_labels
    finally:
        set_language("zh")


def test_period_labels_render_in_the_language_asked() -> None:
    policy = load_preset("core")
    kid = ChildFacts("c", "小红", "一班", False, frozenset(), date(2025, 8, 20))
    got = {s.duty_id: s.period for s in compute_duties(policy, (), [kid], [], date(2025, 11, 10))}
    assert (got["talk"].label_in("zh"), got["talk"].label_in("en")) == ("2025年11月", "2025-11")
    assert (got["home_visit"].label_in("zh"), got["home_visit"].label_in("en")) == (
        "2025年秋季学期",
        "Autumn term 2025",
    )
    between = compute_duties(policy, (), [kid], [], date(2026, 2, 1))[0].period
    assert (between.label_in("zh"), between.label_in("en")) == ("寒假", "Winter break")
