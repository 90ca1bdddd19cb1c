"""The duty engine's core: where one child stands with one duty on one date, and children in the
same situation sharing one computation.

:class:`DutyEngine` holds what every child shares on a date: the reference term and each duty's
slots (cadence.DutyPlan). :meth:`DutyEngine.standing` computes one (child, duty) pair the
straightforward way; :meth:`DutyEngine.column` a whole duty's column, once per distinct case
(:class:`ChildClasses`). Used by core/duties.py (``compute_duties``: the statuses on one date)
and core/duty_summary.py (``tallies_on``: the ledger's counts on many dates); the rules are in
core/duties.py's docstring. Pure: no database, no screen.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from mentor_tui.core.cadence import DutyPlan, Period, Slot, add_school_days
from mentor_tui.core.duty_facts import ChildFacts, DutyStatus, EntryIndex, applies
from mentor_tui.core.policy import Duty, Policy
from mentor_tui.core.terms import (
    TermInfo,
    break_label_key,
    calendar_for,
    in_break,
    last_term_before,
    term_for,
)


def reference_term(calendar: Sequence[TermInfo], today: date) -> tuple[TermInfo | None, bool]:
    """(the term to count in, whether ``today`` is inside it): the term containing ``today``,
    else the one that ended last (between terms); ``calendar`` as terms.calendar_for gives it."""
    term = term_for(today, calendar)
    if term is not None:
        return term, True
    return last_term_before(today, calendar), False


@dataclass(slots=True)
class Standing:
    """Where a child stands with a duty, apart from who she is and when she last did it: the
    fields of :class:`DutyStatus` but ``child_id``, ``last_done`` and ``days_since_last``.
    Children in the same situation share one; nothing changes it once built.

    Not frozen, like DutyStatus and for the same reason: a frozen constructor costs 2.5 µs
    against 0.5 µs, and the ledger of a class of 40 builds about a hundred of these for a
    computation of 1.5 ms (bench/compare_base.py, tallies_on at 40 children).
    """

    duty_id: str
    status: str
    period: Period | None
    due_date: date | None = None
    days_left: int | None = None
    done_in_period: int = 0
    required_in_period: int = 0
    done_this_month: int = 0
    required_this_month: int = 0
    done_this_term: int = 0
    required_this_term: int = 0
    required_full_term: int = 0
    term_id: str | None = None

    def status_of(self, child_id: str, last_done: date | None, today: date) -> DutyStatus:
        """The child's :class:`DutyStatus`: this standing with her id and her newest
        qualifying date (``days_since_last`` counted to ``today``)."""
        return DutyStatus(
            child_id,
            self.duty_id,
            self.status,
            self.period,
            self.due_date,
            self.days_left,
            last_done,
            None if last_done is None else (today - last_done).days,
            self.done_in_period,
            self.required_in_period,
            self.done_this_month,
            self.required_this_month,
            self.done_this_term,
            self.required_this_term,
            self.required_full_term,
            self.term_id,
        )


def _classify(days_left: int, warn_days: int) -> str:
    if days_left < 0:
        return "overdue"
    return "due_soon" if days_left <= warn_days else "due"


class DutyEngine:
    """What every child shares on ``today``: the reference term, whether today is inside it,
    each duty's plan, and the break or holiday between terms."""

    def __init__(self, policy: Policy, terms: Sequence[TermInfo], today: date) -> None:
        """``terms``: the stored ones; completed by the computed defaults (terms.calendar_for)."""
        self.policy, self.today = policy, today
        self.terms = calendar_for(terms, today)
        self.ref, self.in_term = reference_term(self.terms, today)
        ref = self.ref
        self.as_of = today if self.in_term or ref is None else ref.end
        self.plans: dict[str, DutyPlan] = {}
        if ref is not None:
            for duty in policy.duties:
                self.plans[duty.id] = DutyPlan(duty, policy, ref, self.as_of, today, self.in_term)
        self.gap_period = None if self.in_term else self._gap_period()
        # date -> started slot, per distinct slot layout (duties of one cadence share one)
        self._slot_maps: dict[tuple[tuple[date, date], ...], dict[date, int]] = {}

    @property
    def counts_from(self) -> date:
        """The first day whose entries can count: the reference term's start (today without
        one). Older entries only tell ``last_done``."""
        return self.ref.start if self.ref is not None else self.today

    def _gap_period(self) -> Period:
        today = self.today
        after = [term for term in self.terms if term.start > today]
        start = self.ref.end + timedelta(days=1) if self.ref is not None else today
        end = min(term.start for term in after) - timedelta(days=1) if after else today
        return Period(start, end, *break_label_key(in_break(today, self.terms) or ""))

    def standing(
        self, child: ChildFacts, duty: Duty, dates: list[date], last_done: date | None
    ) -> Standing:
        """Where ``child`` stands with ``duty``: ``dates`` are her qualifying dates from
        :attr:`counts_from` to today, sorted; ``last_done`` her newest qualifying date."""
        today = self.today
        archived = child.archived_on is not None and child.archived_on <= today
        ref = self.ref
        if archived or child.added_on > today or not applies(duty, child) or ref is None:
            owes = ref is None and not archived and child.added_on <= today and applies(duty, child)
            return Standing(
                duty_id=duty.id,
                status="paused" if owes else "not_applicable",
                period=self.gap_period if owes else None,
                term_id=ref.id if ref else None,
            )
        plan = self.plans[duty.id]
        reqs = plan.reqs(duty, child.added_on, ref.start)
        done_term = req_term = done_month = req_month = 0
        counts: dict[int, int] = {}
        due_this_month = plan.due_this_month
        for i, (first, last) in enumerate(plan.counted):
            req = reqs[i]
            count = 0
            if dates:
                hi = bisect_right(dates, last)
                count = hi - bisect_left(dates, first, 0, hi)
                counts[i] = count
            done = count if count < req else req
            done_term += done
            req_term += req
            if due_this_month[i]:
                done_month += done
                req_month += req
        # In a term every day lies in one slot; no slot at all (a phase that does not fit a very
        # short term) means nothing is owed.
        status = "paused" if not self.in_term else "not_applicable"
        due, period, count, req = None, self.gap_period, 0, 0
        if plan.current is not None:
            slot = plan.slots[plan.current]
            count, req = counts.get(plan.current, 0), reqs[plan.current]
            status, due = self._current(child, duty, plan, slot, count, req, last_done)
            period = slot.period
        return Standing(
            duty.id,
            status,
            period,
            due,
            (due - today).days if due is not None else None,
            min(count, req),
            req,
            done_month,
            req_month,
            done_term,
            req_term,
            sum(reqs),
            ref.id,
        )

    def _current(
        self,
        child: ChildFacts,
        duty: Duty,
        plan: DutyPlan,
        slot: Slot,
        count: int,
        req: int,
        last_done: date | None,
    ) -> tuple[str, date | None]:
        """(status, due date) in the current slot, ``count`` of ``req`` done in it."""
        if slot.paused or req == 0:
            if count >= duty.times:
                return "done", None
            return ("paused" if slot.paused else "not_applicable"), None
        gap_due = None
        if duty.max_gap_days is not None and self.ref is not None:
            anchor = max(child.added_on, self.ref.start)
            if last_done is not None:
                anchor = max(anchor, last_done)
            gap_due = add_school_days(anchor, duty.max_gap_days, plan.breaks)
        if count >= req:
            if gap_due is None or (gap_due - self.today).days > duty.warn_days:
                return "done", None
            return _classify((gap_due - self.today).days, duty.warn_days), gap_due
        due = slot.due if gap_due is None else min(slot.due, gap_due)
        return _classify((due - self.today).days, duty.warn_days), due

    def _slot_index(self, duty: Duty) -> Callable[[date], int | None]:
        """date -> the index of the started slot of ``duty`` it counts for (None: none)."""
        plan = self.plans.get(duty.id)
        layout = tuple(plan.counted) if plan is not None else ()
        found = self._slot_maps.get(layout)
        if found is None:
            found = self._slot_maps[layout] = plan.slot_of() if plan is not None else {}
        return found.get

    def column(
        self, duty: Duty, index: EntryIndex, classes: ChildClasses, *, lasts: bool = True
    ) -> DutyColumn:
        """Every child of ``classes`` with ``duty``: the same standings as :meth:`standing`
        child by child, computed once per distinct case, and (``lasts``) each child's newest
        qualifying date.

        What :meth:`standing` reads of a child is her class (:class:`ChildClasses`), which
        started slot each of her dates falls in and, under a rolling limit (``max_gap_days``)
        only, her newest date. Children sharing all of that share one standing.
        """
        recent, older = index.by_child(duty)
        slot_index = self._slot_index(duty)
        rolling = duty.max_gap_days is not None
        look_older = lasts or rolling  # a date before the term only matters for these
        numbers, example = classes.of(duty)
        shared: dict[tuple[object, ...], Standing] = {}
        out = DutyColumn([], [])
        add_standing, add_last = out.standings.append, out.lasts.append
        for child, number in zip(classes.children, numbers):
            dates = recent.get(child.id)
            last: date | None
            if dates:
                slots, last = tuple(map(slot_index, dates)), dates[-1]
            elif look_older:
                slots, last = (), older.get(child.id)
            else:
                slots, last = (), None
            key = (number, slots, last) if rolling else (number, slots)
            standing = shared.get(key)
            if standing is None:
                standing = shared[key] = self.standing(example[number], duty, dates or [], last)
            add_standing(standing)
            if lasts:
                add_last(last)
        return out


@dataclass(slots=True)
class DutyColumn:
    """One duty for every child of a :class:`ChildClasses`, in the same order."""

    standings: list[Standing]  # shared between children in the same situation
    lasts: list[date | None]  # each child's newest qualifying date (empty when not asked)


class ChildClasses:
    """Children grouped, per duty, by all that :meth:`DutyEngine.standing` reads of a child but
    her dates: archived or not, ``added_on`` (only when after the reference term's start, or
    with no reference term) and whether the duty applies. Grouped once per ``applies_to``;
    ``previous`` (the same children on another date) lends its groups when nothing of that
    differs, as between the month ends of one term."""

    def __init__(
        self, engine: DutyEngine, children: list[ChildFacts], previous: ChildClasses | None = None
    ) -> None:
        today, ref = engine.today, engine.ref
        start = ref.start if ref is not None else None
        self.children = children
        self._facts = [
            (
                c.archived_on is not None and c.archived_on <= today,
                None if start is not None and c.added_on <= start else c.added_on,
            )
            for c in children
        ]
        self._by_rule: dict[str, tuple[list[int], dict[int, ChildFacts]]] = {}
        if (
            previous is not None
            and previous.children is children
            and previous._facts == self._facts
        ):
            self._by_rule = previous._by_rule

    def of(self, duty: Duty) -> tuple[list[int], dict[int, ChildFacts]]:
        """(each child's class number, in order; a child of each class)."""
        found = self._by_rule.get(duty.applies_to)
        if found is None:
            seen: dict[tuple[bool, date | None, bool], int] = {}
            example: dict[int, ChildFacts] = {}
            numbers = []
            for child, (archived, added_on) in zip(self.children, self._facts):
                number = seen.setdefault((archived, added_on, applies(duty, child)), len(seen))
                example.setdefault(number, child)
                numbers.append(number)
            found = self._by_rule[duty.applies_to] = numbers, example
        return found
