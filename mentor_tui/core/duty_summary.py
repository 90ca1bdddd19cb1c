"""Summaries of duty statuses for the dashboard and exports, and the dashboard's urgency order.

Re-exported by :mod:`mentor_tui.core.duties`; works on the :class:`DutyStatus` list that
``compute_duties`` returns, so one computation feeds the list, the per-child line and the
teacher's totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from mentor_tui.core.gc_pause import gc_paused

if TYPE_CHECKING:
    from mentor_tui.core.duties import DutyStatus

# Dashboard order: what needs doing first.
URGENCY = ("overdue", "due_soon", "due", "done", "paused", "not_applicable")
_RANK = {status: i for i, status in enumerate(URGENCY)}


def urgency_key(s: DutyStatus) -> tuple[int, int, date, str, str]:
    """Sort key: overdue first (most overdue first), then due soon (fewest days left first),
    then due, done, paused, not applicable; ties by due date, duty id, child id."""
    days = s.days_left if s.days_left is not None else 1 << 30
    return (_RANK.get(s.status, len(URGENCY)), days, s.due_date or date.max, s.duty_id, s.child_id)


@dataclass(frozen=True)
class Tally:
    """``done`` of ``required`` (done never exceeds required)."""

    done: int = 0
    required: int = 0

    def __add__(self, other: Tally) -> Tally:
        return Tally(self.done + other.done, self.required + other.required)

    @property
    def missing(self) -> int:
        return self.required - self.done

    @property
    def percent(self) -> int | None:
        """Whole percent done, None when nothing is required."""
        return None if self.required == 0 else (100 * self.done) // self.required


@dataclass(frozen=True)
class Summary:
    """Done/required this month and this term, and how many (child, duty) pairs per status."""

    month: Tally = Tally()
    term: Tally = Tally()
    statuses: dict[str, int] = field(default_factory=dict)

    def count(self, status: str) -> int:
        return self.statuses.get(status, 0)


@dataclass(frozen=True)
class TeacherSummary:
    """The teacher's totals, and the same broken down per child and per duty."""

    total: Summary
    by_child: dict[str, Summary]
    by_duty: dict[str, Summary]

    @property
    def children_overdue(self) -> int:
        """How many children have at least one overdue duty."""
        return sum(1 for s in self.by_child.values() if s.count("overdue"))


def _summarize(statuses: Iterable[DutyStatus]) -> Summary:
    month_done = month_req = term_done = term_req = 0
    counts: dict[str, int] = {}
    for s in statuses:
        month_done += s.done_this_month
        month_req += s.required_this_month
        term_done += s.done_this_term
        term_req += s.required_this_term
        counts[s.status] = counts.get(s.status, 0) + 1
    return Summary(Tally(month_done, month_req), Tally(term_done, term_req), counts)


def summarize_child(statuses: Iterable[DutyStatus], child_id: str) -> Summary:
    """One child's line: done/required this month and term over all her duties."""
    return _summarize(s for s in statuses if s.child_id == child_id)


def summarize_teacher(statuses: Iterable[DutyStatus]) -> TeacherSummary:
    """All the teacher's children: totals, per child and per duty (insertion order kept)."""
    items = list(statuses)
    by_child: dict[str, list[DutyStatus]] = {}
    by_duty: dict[str, list[DutyStatus]] = {}
    for s in items:
        by_child.setdefault(s.child_id, []).append(s)
        by_duty.setdefault(s.duty_id, []).append(s)
    return TeacherSummary(
        _summarize(items),
        {k: _summarize(v) for k, v in by_child.items()},
        {k: _summarize(v) for k, v in by_duty.items()},
    )


def tallies_on(
    policy, terms, children, entries, days, scope: str = "month"
) -> list[dict[str, dict[str, tuple[int, int]]]]:
    """Per date in ``days``: child id -> duty id -> (done, required) this month (``scope``
    ``month``) or this term, exactly what ``compute_duties`` on that date says in
    ``done/required_this_month`` (``_this_term``), from one pass over ``entries``.

    For the ledger (a month each): entries are grouped once; per date and duty, children in
    the same situation (class, and the started slot of each of their dates) share one answer.
    """
    kids, days = list(children), list(days)
    if not days:
        return []
    with gc_paused():  # as in compute_duties: many small acyclic objects
        return _tallies_on(policy, terms, kids, entries, days, scope)


def _tallies_on(policy, terms, kids, entries, days, scope):
    from mentor_tui.core.duties import _classes, _Engine, _Index, _slot_get, _terms_or_default

    engines = [_Engine(policy, _terms_or_default(terms, day), day) for day in days]
    since = min(e.ref.start if e.ref is not None else e.today for e in engines)
    index = _Index(policy, entries, max(days), since)  # a date's slots ignore the others' days
    lo = 9 if scope == "month" else 11  # done_this_month in engine.rest (child_id left out)
    out = []
    for engine in engines:
        result: dict[str, dict[str, tuple[int, int]]] = {}
        classes_of = _classes(engine, kids)
        for duty in policy.duties:
            recent = index.recent[index.group[(duty.kind, duty.outcomes)]]
            slot_get = _slot_get(engine, duty)
            kinds, example = classes_of(duty)
            cache: dict[tuple, tuple[int, int]] = {}
            for child, kind in zip(kids, kinds):
                dates = recent.get(child.id)
                key = (kind, tuple(map(slot_get, dates)) if dates else ())
                hit = cache.get(key)
                if hit is None:  # tallies never depend on last_done
                    rest = engine.rest(example[kind], duty, dates or [], None)
                    hit = cache[key] = (rest[lo], rest[lo + 1])
                per = result.setdefault(child.id, {})
                d0, r0 = per.get(duty.id, (0, 0))
                per[duty.id] = (d0 + hit[0], r0 + hit[1])
        out.append(result)
    return out
