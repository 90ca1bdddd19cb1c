"""Period arithmetic for duty cadences: which periods ("slots") a duty has in a term.

Every slot has a *period* (start..end: a qualifying entry dated in it counts for it), a *due*
date, a *window start* (the nominal beginning, used for children added part-way) and whether it
is *paused* (wholly inside the term's breaks). Slots of one duty never overlap and, together,
cover the whole term, so every school day belongs to exactly one slot.

* ``monthly``: calendar months clipped to the term. A clipped month shorter than 14 days (the
  last days of February when the spring term starts, the first days of July when it ends) is
  merged into the neighbouring month, so nobody owes a talk in a 5-day stub. Due at the end of
  the period, or by ``due_day`` of the month (31 in February means the 28th/29th).
* ``weekly``: Monday-Sunday weeks clipped to the term; stubs of 1-3 days are merged into the
  neighbouring week. Due at the end of the week, or by weekday ``due_day`` (1 = Monday).
* ``phases``: one slot per listed phase; the due date is the end of the phase window
  (:func:`mentor_tui.core.terms.phase_windows`). The period runs from the window start to the
  day before the next listed window (the first slot from the term start), so a late visit still
  counts for the window it missed, and a term summary written early counts.
* ``per_term``: one slot, the whole term, due on its last day.

:class:`DutyPlan` holds one duty's slots in the reference term with what every child shares
(the duty engine builds one per duty and reuses it for all children).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

from mentor_tui.core.i18n import t
from mentor_tui.core.policy import Duty, Policy
from mentor_tui.core.terms import (
    TermInfo,
    break_intervals,
    monday_of,
    phase_windows,
    term_label,
    week_of_term,
)

_DAY = timedelta(days=1)
MONTH_STUB_DAYS = 14  # a clipped month shorter than this is merged into its neighbour
WEEK_STUB_DAYS = 4  # a clipped week shorter than this is merged into its neighbour


@dataclass(frozen=True, slots=True)
class Period:
    """A stretch of days a duty is counted over, with a label for people.

    The label is kept as an i18n ``key`` with its ``args`` (or, with no key, the school's own
    ``text``: a term name, a break typed in) and rendered only when read, in the display
    language: the engine's results are the same whatever the language (a property test).
    """

    start: date
    end: date
    key: str
    args: tuple[tuple[str, object], ...] = ()
    text: str = ""

    @property
    def label(self) -> str:
        return self.label_in()

    def label_in(self, lang: str | None = None) -> str:
        return t(self.key, lang=lang, **dict(self.args)) if self.key else self.text


@dataclass(frozen=True, slots=True)
class Slot:
    period: Period
    window_start: date
    due: date
    paused: bool

    @property
    def start(self) -> date:
        return self.period.start

    @property
    def end(self) -> date:
        return self.period.end


Piece = tuple[date, date, date]  # (start, end, anchor: the month's 1st or the week's Monday)


def _merge_stubs(raw: list[Piece], min_days: int) -> list[Piece]:
    """Merge a too-short first or last (start, end, anchor) piece into its neighbour."""
    pieces = list(raw)
    if len(pieces) > 1 and (pieces[0][1] - pieces[0][0]).days + 1 < min_days:
        pieces[1] = (pieces[0][0], pieces[1][1], pieces[1][2])
        pieces.pop(0)
    if len(pieces) > 1 and (pieces[-1][1] - pieces[-1][0]).days + 1 < min_days:
        pieces[-2] = (pieces[-2][0], pieces[-1][1], pieces[-2][2])
        pieces.pop()
    return pieces


def _months(term: TermInfo) -> list[Piece]:
    raw = []
    anchor = term.start.replace(day=1)
    while anchor <= term.end:
        last = anchor.replace(day=calendar.monthrange(anchor.year, anchor.month)[1])
        raw.append((max(anchor, term.start), min(last, term.end), anchor))
        anchor = last + _DAY
    return _merge_stubs(raw, MONTH_STUB_DAYS)


def _weeks(term: TermInfo) -> list[Piece]:
    raw = []
    anchor = monday_of(term.start)
    while anchor <= term.end:
        raw.append((max(anchor, term.start), min(anchor + 6 * _DAY, term.end), anchor))
        anchor += 7 * _DAY
    return _merge_stubs(raw, WEEK_STUB_DAYS)


def _clip(d: date, lo: date, hi: date) -> date:
    return min(max(d, lo), hi)


def _covered(start: date, end: date, breaks: list[tuple[date, date]]) -> bool:
    """True when every day of start..end lies inside ``breaks`` (sorted, merged)."""
    cursor = start
    for s, e in breaks:
        if s > cursor:
            return False
        if e >= cursor:
            cursor = e + _DAY
            if cursor > end:
                return True
    return cursor > end


def slots_for(duty: Duty, policy: Policy, term: TermInfo) -> list[Slot]:
    """The slots of ``duty`` in ``term``, in date order (labels as keys, see :class:`Period`)."""
    breaks = break_intervals(term) if duty.pause_in_breaks else []
    slots: list[Slot] = []

    def add(period: Period, window_start: date, due: date, cover_end: date) -> None:
        paused = bool(breaks) and _covered(window_start, cover_end, breaks)
        slots.append(Slot(period, window_start, due, paused))

    if duty.cadence == "monthly":
        for s, e, anchor in _months(term):
            due = e
            if duty.due_day is not None:
                last = calendar.monthrange(anchor.year, anchor.month)[1]
                due = _clip(anchor.replace(day=min(duty.due_day, last)), s, e)
            month = (("year", anchor.year), ("month", anchor.month))
            add(Period(s, e, "duty.period.month", month), s, due, e)
    elif duty.cadence == "weekly":
        for s, e, anchor in _weeks(term):
            due = e
            if duty.due_day is not None:
                due = _clip(anchor + (duty.due_day - 1) * _DAY, s, e)
            week = week_of_term(max(anchor, term.start), term) or 1
            add(Period(s, e, "duty.period.week", (("n", week),)), s, due, e)
    elif duty.cadence == "phases":
        windows = phase_windows(term, policy.start_weeks, policy.middle_weeks, policy.end_weeks)
        listed = [(name, *windows[name]) for name in duty.phases if name in windows]
        for i, (name, ws, we) in enumerate(listed):
            start = term.start if i == 0 else ws
            end = listed[i + 1][1] - _DAY if i + 1 < len(listed) else term.end
            add(Period(start, end, f"duty.phase.{name}"), ws, we, we)
    else:  # per_term
        add(Period(term.start, term.end, *term_label(term)), term.start, term.end, term.end)
    return slots


def required_in(slot: Slot, times: int, added_on: date) -> int:
    """How many qualifying entries ``slot`` requires of a child paired on ``added_on``.

    All ``times`` when she was paired by the window start; none in a paused slot or when she
    was paired after the due date; otherwise ``times`` in proportion to the days left from her
    pairing to the due date, rounded half up — so a once-per-period duty is owed when at least
    half of the window remains.
    """
    if slot.paused:
        return 0
    if added_on <= slot.window_start:
        return times
    remaining = (slot.due - added_on).days + 1
    if remaining <= 0:
        return 0
    length = (slot.due - slot.window_start).days + 1
    return (2 * times * remaining + length) // (2 * length)


def add_school_days(start: date, n: int, breaks: list[tuple[date, date]]) -> date:
    """The date ``n`` days after ``start``, not counting days inside ``breaks`` (sorted)."""
    cursor, remaining = start, n
    for s, e in breaks:
        if e <= cursor:
            continue
        if s <= cursor:
            cursor = e
            continue
        available = (s - cursor).days - 1
        if remaining <= available:
            return cursor + remaining * _DAY
        remaining -= available
        cursor = e
    return cursor + remaining * _DAY


class DutyPlan:
    """One duty's slots in the reference term, with what every child shares precomputed."""

    def __init__(
        self, duty: Duty, policy: Policy, ref: TermInfo, as_of: date, today: date, in_term: bool
    ) -> None:
        self.slots = slots_for(duty, policy, ref)
        self.breaks = break_intervals(ref) if duty.pause_in_breaks else []
        month = (today.year, today.month)
        # The slots started by ``as_of`` (the first ones: slots are in date order), each as
        # (first day, last day counted: its end or ``as_of``), and whether it is due in
        # today's calendar month.
        started = [s for s in self.slots if s.period.start <= as_of]
        self.counted = [(s.period.start, min(s.period.end, as_of)) for s in started]
        self.due_this_month = [(s.due.year, s.due.month) == month for s in started]
        self.current: int | None = None  # the slot containing today (in a term)
        if in_term:
            self.current = next(
                (i for i, s in enumerate(self.slots) if s.period.start <= today <= s.period.end),
                None,
            )
        # For children paired by the term start (most of them): what every slot requires.
        self.full_reqs = [0 if s.paused else duty.times for s in self.slots]

    def reqs(self, duty: Duty, added_on: date, term_start: date) -> list[int]:
        if added_on <= term_start:
            return self.full_reqs
        return [required_in(slot, duty.times, added_on) for slot in self.slots]

    def slot_of(self) -> dict[date, int]:
        """Each day a started slot counts (its start .. min(end, as_of)) -> the slot's index."""
        out: dict[date, int] = {}
        for i, (first, last) in enumerate(self.counted):
            day = first
            while day <= last:
                out[day] = i
                day += _DAY
        return out
