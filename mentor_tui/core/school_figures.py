"""The figures, defined once (../shared/design/SCHOOL.md "The figures", docs/school.md): for each
child, duty and month of a term, how many duty instances were *expected*, *done* and done *on
time*, with the *attempts* counted apart. Pure.

One function, :func:`term_figures`, feeds all three readers, so they agree line by line: the
teacher's report packet (db/school_report.py), her own ledger's monthly sheets
(db/reports.py ledger) and, through the report, the school's roll-up (db/school_queries.py sums
the rows it received; it never recomputes them).

The rules (seed 001: 目标责任制、考评制度 — the school evaluates on these numbers; seed 002: the
school's summaries):

* A *duty instance* is one slot of the duty in the term (core/cadence.py: a month, a week, a
  phase window, the whole term), owed ``required_in`` times by a child paired part-way. It
  belongs to the month of its **due date** — termly and phase duties too.
* For a report dated ``as_of``: an instance due by ``as_of`` is *expected* (all it requires);
  one not yet due is expected only for what was already done ("done early"), so a month in
  progress never shows work that is not late yet as missing.
* *done*: qualifying entries (the duty's kind, an outcome the policy counts) dated in the
  instance's period and by ``as_of``, capped at what it requires; *on time*: those dated by the
  due date (capped likewise). A late visit counts as done, not on time.
* *attempts*: entries of the duty's kind with the outcome ``attempted_unreachable`` in the
  period (a call nobody answered), counted whether or not the policy lets them count as done.
* A child archived (moved away) on or before an instance's due date owes nothing for it; a
  duty that does not apply to the child (``applies_to``) gives no rows.

The rolling limit (``max_gap_days``) shapes the dashboard's due dates only: the figures count
instances (slots), which the school can compare across teachers.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import NamedTuple

from mentor_tui.core.cadence import Slot, required_in, slots_for
from mentor_tui.core.duty_facts import ChildFacts, EntryFact, applies
from mentor_tui.core.policy import Duty, Policy
from mentor_tui.core.terms import TermInfo

ATTEMPT_OUTCOME = "attempted_unreachable"  # vocab.OUTCOMES: tried, nobody reached
TERM_PHASE = "term"  # the phase of a per_term duty's one instance
MAX_DATES = 62  # dates listed per row (a daily duty's month), the rest only counted


@dataclass(frozen=True, slots=True)
class Figure:
    """One child's instances of one duty due in one month (one phase, for a duty by phases)."""

    child_id: str
    duty_id: str
    month: str  # "YYYY-MM" of the due date
    phase: str  # "start" / "middle" / "end" for a duty by phases, "term" for per_term, else ""
    expected: int
    done: int
    on_time: int
    attempts: int
    done_dates: tuple[date, ...] = ()  # the qualifying dates, oldest first (at most MAX_DATES)

    @property
    def overdue(self) -> int:
        """Expected and not done (past due, by the definition of expected)."""
        return self.expected - self.done


@dataclass(frozen=True, slots=True)
class Totals:
    """Sums of figures: what the school's overview and the evaluation sheet show."""

    expected: int = 0
    done: int = 0
    on_time: int = 0
    attempts: int = 0

    def __add__(self, other: Totals) -> Totals:
        return Totals(
            self.expected + other.expected,
            self.done + other.done,
            self.on_time + other.on_time,
            self.attempts + other.attempts,
        )

    @property
    def overdue(self) -> int:
        return self.expected - self.done

    def rate(self, part: str) -> int | None:
        """Whole percent of ``part`` ("done" or "on_time") of expected; None when nothing is."""
        if self.expected == 0:
            return None
        value = self.done if part == "done" else self.on_time
        return (100 * value) // self.expected


def month_key(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def totals(figures: Iterable[Figure]) -> Totals:
    out = Totals()
    for f in figures:
        out = out + Totals(f.expected, f.done, f.on_time, f.attempts)
    return out


def _phase(duty: Duty, slot_index: int) -> str:
    if duty.cadence == "phases":
        return duty.phases[slot_index] if slot_index < len(duty.phases) else ""
    return TERM_PHASE if duty.cadence == "per_term" else ""


def _dates_by_child(
    entries: Iterable[EntryFact], as_of: date
) -> tuple[dict[tuple[str, str, str, bool], list[date]], dict[tuple[str, str], list[date]]]:
    """(child, kind, outcome, part of a group) -> sorted dates; (child, kind) -> sorted attempt
    dates."""
    done: dict[tuple[str, str, str, bool], list[date]] = {}
    tried: dict[tuple[str, str], list[date]] = {}
    for e in entries:
        if e.occurred_on > as_of:
            continue
        done.setdefault((e.child_id, e.kind, e.outcome, e.group), []).append(e.occurred_on)
        if e.outcome == ATTEMPT_OUTCOME:
            tried.setdefault((e.child_id, e.kind), []).append(e.occurred_on)
    for dates in done.values():
        dates.sort()
    for dates in tried.values():
        dates.sort()
    return done, tried


def _between(dates: list[date], first: date, last: date) -> list[date]:
    return dates[bisect_left(dates, first) : bisect_right(dates, last)]


class Instance(NamedTuple):
    """The figures of one instance of a duty."""

    expected: int
    done: int
    on_time: int
    attempts: int


def _instance(slot: Slot, required: int, dates: list[date], tries: int, as_of: date) -> Instance:
    n = len(dates)
    done = min(n, required)
    if slot.due <= as_of:
        return Instance(required, done, min(bisect_right(dates, slot.due), required), tries)
    return Instance(done, done, done, tries)  # not due yet: only what was done early


def term_figures(
    policy: Policy,
    term: TermInfo,
    children: Sequence[ChildFacts],
    entries: Iterable[EntryFact],
    as_of: date,
) -> list[Figure]:
    """Every (child, duty, month[, phase]) of ``term`` up to ``as_of`` with something expected
    or attempted, in children order, then policy order, then month. ``entries`` may hold other
    children, kinds and dates (they are ignored); ``as_of`` is clamped to the term."""
    as_of = min(as_of, term.end)
    if as_of < term.start:
        return []
    done_dates, tried_dates = _dates_by_child(entries, as_of)
    plans = [(duty, slots_for(duty, policy, term)) for duty in policy.duties]
    out: list[Figure] = []
    for child in children:
        if child.added_on > as_of:
            continue
        for duty, slots in plans:
            if not applies(duty, child):
                continue
            # a group entry counts only where the policy says so (Duty.group_counts)
            grouped = (False, True) if duty.group_counts else (False,)
            qualifying = sorted(
                d
                for outcome in duty.outcomes
                for group in grouped
                for d in done_dates.get((child.id, duty.kind, outcome, group), ())
            )
            tried = tried_dates.get((child.id, duty.kind), [])
            rows: dict[tuple[str, str], list[int]] = {}
            listed: dict[tuple[str, str], list[date]] = {}
            for i, slot in enumerate(slots):
                if slot.period.start > as_of:
                    break
                gone = child.archived_on is not None and child.archived_on <= slot.due
                required = 0 if gone else required_in(slot, duty.times, child.added_on)
                last = min(slot.period.end, as_of)
                dates = _between(qualifying, slot.period.start, last)
                tries = len(_between(tried, slot.period.start, last))
                expected, done, on_time, attempts = _instance(slot, required, dates, tries, as_of)
                if expected == 0 and attempts == 0:
                    continue
                key = (month_key(slot.due), _phase(duty, i))
                acc = rows.setdefault(key, [0, 0, 0, 0])
                acc[0] += expected
                acc[1] += done
                acc[2] += on_time
                acc[3] += attempts
                listed.setdefault(key, []).extend(dates[:required] if required else [])
            for (month, phase), (expected, done, on_time, attempts) in sorted(rows.items()):
                out.append(
                    Figure(
                        child.id,
                        duty.id,
                        month,
                        phase,
                        expected,
                        done,
                        on_time,
                        attempts,
                        tuple(listed[(month, phase)][:MAX_DATES]),
                    )
                )
    return out


def months_of_term(term: TermInfo, as_of: date) -> list[str]:
    """The months ("YYYY-MM") of ``term`` from its start to ``as_of`` (clamped to the term)."""
    last = min(as_of, term.end)
    out: list[str] = []
    year, month = term.start.year, term.start.month
    while (year, month) <= (last.year, last.month):
        out.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def by_month(figures: Iterable[Figure]) -> dict[str, dict[str, dict[str, Totals]]]:
    """month -> child id -> duty id -> totals (phases of one month summed): the ledger's cells."""
    out: dict[str, dict[str, dict[str, Totals]]] = {}
    for f in figures:
        per_duty = out.setdefault(f.month, {}).setdefault(f.child_id, {})
        per_duty[f.duty_id] = per_duty.get(f.duty_id, Totals()) + Totals(
            f.expected, f.done, f.on_time, f.attempts
        )
    return out
