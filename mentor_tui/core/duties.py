"""The duty engine: what does the mentor owe which child, on a given date.

Pure: facts in, statuses out; nothing is stored (due items are always computed, so sync can
never duplicate them — SYNC.md). ``compute_duties(policy, terms, children, entries, today)``
returns one :class:`DutyStatus` per (child, duty), in children order then policy order.

Semantics (docs/policy.md has the teacher-facing version):

* Only entries dated on or before ``today`` whose kind is the duty's kind and whose outcome is in
  the duty's ``outcomes`` count. An entry counts for the slot (cadence.py) its date falls in;
  the first and last day of a period are inside it.
* **Current slot** = the slot containing ``today``. With ``n`` counted entries against ``r``
  required: ``done`` when ``n >= r``; otherwise the due date is the slot's due date (earlier if
  the rolling limit says so) and the status is ``overdue`` past it, ``due_soon`` when at most
  ``warn_days`` are left (the due day itself: 0 days left), else ``due``.
* **Rolling limit** (``max_gap_days``): the next entry is due ``max_gap_days`` school days (in-term
  breaks do not count when ``pause_in_breaks``) after the latest of: the last qualifying entry,
  the pairing date, the term start — the clock restarts every term. It can make an unmet slot
  due earlier, and a met slot ``due_soon``/``overdue`` again once the gap runs out.
* ``paused``: the current slot lies wholly inside in-term breaks, or ``today`` is between terms
  (winter / summer break). Between terms the term counts are those of the term that just ended.
* ``not_applicable``: the child is archived (``archived_on <= today``), not yet paired
  (``added_on > today``), outside the duty's ``applies_to``, or paired too late to owe the
  current slot (cadence.required_in). An archived child owes nothing, for any period. A
  paused or not-owed slot that has its entries anyway shows ``done``.
* A child paired part-way owes nothing for slots whose due date is before her pairing; the slot
  she was paired in is owed in proportion to the time left (cadence.required_in).
* Counts: ``required_this_term`` sums what the slots that have started by ``today`` require;
  ``done_this_term`` sums, over the same slots, the entries counted up to what each requires
  (three talks in September do not make up for October). ``*_this_month``: the same over the
  slots due in today's calendar month. ``required_full_term``: all slots of the term.
* Terms: the stored ones, completed by the computed defaults when ``today`` lies past (or
  before) every stored term, or when there are none (terms.calendar_for).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from mentor_tui.core.cadence import DutyPlan, Period, Slot, add_school_days
from mentor_tui.core.duty_facts import (
    ChildFacts,
    DutyStatus,
    EntryFact,
    EntryIndex as _Index,
    applies,
    make_status as _make_status,
)
from mentor_tui.core.duty_summary import (
    Summary,
    Tally,
    TeacherSummary,
    summarize_child,
    summarize_teacher,
    urgency_key,
)
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.policy import Duty, Policy
from mentor_tui.core.terms import (
    TermInfo,
    break_label_key,
    calendar_for,
    in_break,
    last_term_before,
    term_for,
)

STATUSES = ("overdue", "due_soon", "due", "done", "paused", "not_applicable")
__all__ = [
    "STATUSES",
    "ChildFacts",
    "DutyStatus",
    "EntryFact",
    "Period",
    "Summary",
    "Tally",
    "TeacherSummary",
    "applies",
    "compute_duties",
    "last_done_window",
    "needed_since",
    "summarize_child",
    "summarize_teacher",
    "urgency_key",
]


def _reference_term(terms: Sequence[TermInfo], today: date) -> tuple[TermInfo | None, bool]:
    """(the term to count in, whether today is inside it)."""
    term = term_for(today, terms)
    if term is not None:
        return term, True
    return last_term_before(today, terms), False


def _terms_or_default(terms: Sequence[TermInfo], today: date) -> list[TermInfo]:
    return calendar_for(terms, today)


def needed_since(policy: Policy, terms: Sequence[TermInfo], today: date) -> date:
    """The earliest ``occurred_on`` that can change what :func:`compute_duties` says for today.

    The start of the current term (between terms: of the term that just ended; before any term:
    ``today``). Older entries only feed ``last_done``/``days_since_last``: a caller that wants
    those beyond the term can add the newest older entry per (child, kind, outcome).
    ``policy`` is taken so a future cadence that looks further back can widen the answer.
    """
    del policy  # every current cadence, and the rolling limit, restart at the term start
    ref, _ = _reference_term(_terms_or_default(terms, today), today)
    return ref.start if ref is not None else today


LOOKBACK_DAYS = 183  # last_done_window without a known previous term: about one term


def last_done_window(
    policy: Policy, terms: Sequence[TermInfo], today: date
) -> tuple[date, date] | None:
    """(since, before): where to look for the newest qualifying entry older than
    :func:`needed_since` (``before``), so ``last_done`` does not go blank when a term starts.

    ``since`` is the start of the previous term (the one before the reference term, defaults
    filling in as in terms.calendar_for), else ``before`` - LOOKBACK_DAYS: one term's worth of
    a range scan, not the whole history. None when there is no reference term (nothing owed).
    """
    ref, _ = _reference_term(_terms_or_default(terms, today), today)
    if ref is None:
        return None
    lookback = ref.start - timedelta(days=LOOKBACK_DAYS)
    previous = last_term_before(
        ref.start, calendar_for(terms, ref.start - timedelta(days=1))
    ) or last_term_before(ref.start, calendar_for(terms, lookback))
    since = previous.start if previous is not None else lookback
    return since, needed_since(policy, terms, today)


def _classify(days_left: int, warn_days: int) -> str:
    if days_left < 0:
        return "overdue"
    return "due_soon" if days_left <= warn_days else "due"


class _Engine:
    def __init__(self, policy: Policy, terms: list[TermInfo], today: date) -> None:
        self.policy, self.terms, self.today = policy, terms, today
        self.ref, self.in_term = _reference_term(terms, today)
        ref = self.ref
        self.as_of = today if self.in_term or ref is None else ref.end
        self.plans: dict[str, DutyPlan] = {}
        if ref is not None:
            for duty in policy.duties:
                self.plans[duty.id] = DutyPlan(duty, policy, ref, self.as_of, today, self.in_term)
        self.gap_period = None if self.in_term else self._gap_period()

    def _gap_period(self) -> Period:
        today = self.today
        after = [term for term in self.terms if term.start > today]
        start = self.ref.end + timedelta(days=1) if self.ref is not None else today
        end = min(term.start for term in after) - timedelta(days=1) if after else today
        return Period(start, end, *break_label_key(in_break(today, self.terms) or ""))

    def rest(
        self, child: ChildFacts, duty: Duty, dates: list[date], last_done: date | None
    ) -> tuple:
        """The straightforward computation: every field of the status but ``child_id``."""
        today = self.today
        since_last = (today - last_done).days if last_done is not None else None
        archived = child.archived_on is not None and child.archived_on <= today
        ref = self.ref
        if archived or child.added_on > today or not applies(duty, child) or ref is None:
            owes = ref is None and not archived and child.added_on <= today and applies(duty, child)
            return (
                duty.id,
                "paused" if owes else "not_applicable",
                self.gap_period if owes else None,
                None,
                None,
                last_done,
                since_last,
                0,
                0,
                0,
                0,
                0,
                0,
                0,
                ref.id if ref else None,
            )
        plan = self.plans[duty.id]
        reqs = plan.reqs(duty, child.added_on, ref.start)
        done_term = req_term = done_month = req_month = 0
        counts: dict[int, int] = {}
        for i, first, last, this_month in plan.started:
            req = reqs[i]
            count = 0
            if dates:
                hi = bisect_right(dates, last)
                count = hi - bisect_left(dates, first, 0, hi)
                counts[i] = count
            done = count if count < req else req
            done_term += done
            req_term += req
            if this_month:
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
        return (
            duty.id,
            status,
            period,
            due,
            (due - today).days if due is not None else None,
            last_done,
            since_last,
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


def _classes(engine: _Engine, children: list[ChildFacts]):
    """``classes_of(duty)`` -> (each child's class number, a child of each class). A class is
    (archived, added_on if after the term start, applies): all that ``rest`` reads of a child."""
    today, ref = engine.today, engine.ref
    start = ref.start if ref is not None else None
    facts = [
        (
            c.archived_on is not None and c.archived_on <= today,
            None if start is not None and c.added_on <= start else c.added_on,
        )
        for c in children
    ]
    by_rule: dict[str, tuple[list[int], dict[int, ChildFacts]]] = {}

    def classes_of(duty: Duty) -> tuple[list[int], dict[int, ChildFacts]]:
        if duty.applies_to not in by_rule:
            seen: dict[tuple, int] = {}
            example: dict[int, ChildFacts] = {}
            kinds = []
            for c, f in zip(children, facts):
                kind = seen.setdefault((*f, applies(duty, c)), len(seen))
                example.setdefault(kind, c)
                kinds.append(kind)
            by_rule[duty.applies_to] = kinds, example
        return by_rule[duty.applies_to]

    return classes_of


def _slot_get(engine: _Engine, duty: Duty):
    plan = engine.plans.get(duty.id)
    return (plan.slot_of() if plan is not None else {}).get


def _fast(
    engine: _Engine, policy: Policy, index: _Index, children: list[ChildFacts]
) -> list[DutyStatus]:
    """The same statuses as ``engine.rest`` child by child, computed once per distinct case.

    What ``rest`` reads of a child is: archived or not, ``added_on`` (only when after the term
    start, or with no reference term), whether the duty applies (together: her "class"), and,
    of her dates, which started slot each falls in and the newest (``last_done``). Children
    sharing all of that get the same fields. Unless the duty has a rolling limit, ``last_done``
    only feeds the two ``*last*`` fields, so a second cache skips ``rest`` for a new last date.
    """
    today = engine.today
    ids, classes_of = [c.id for c in children], _classes(engine, children)
    make, columns = _make_status, []
    for duty in policy.duties:
        gid = index.group[(duty.kind, duty.outcomes)]
        recent, older = index.recent[gid], index.older[gid]
        slot_get = _slot_get(engine, duty)
        with_last = duty.max_gap_days is not None
        kinds, example = classes_of(duty)
        cache: dict[tuple, tuple] = {}
        shared: dict[tuple, tuple] = {}
        column = []
        append = column.append
        for cid, kind in zip(ids, kinds):
            dates = recent.get(cid)
            if dates:
                last = dates[-1]
                key = (kind, tuple(map(slot_get, dates)), last)
            else:
                last = older.get(cid)
                key = (kind, (), last)
            rest = cache.get(key)
            if rest is None:
                part = key if with_last else key[:2]
                rest = shared.get(part)
                if rest is None:
                    rest = shared[part] = engine.rest(example[kind], duty, dates or [], last)
                rest = cache[key] = (
                    rest[:5] + (last, None if last is None else (today - last).days) + rest[7:]
                )
            append(make(cid, rest))
        columns.append(column)
    return [status for row in zip(*columns) for status in row]


def _prepare(
    policy: Policy, terms: Sequence[TermInfo], entries: Iterable[EntryFact], today: date
) -> tuple[_Engine, _Index]:
    engine = _Engine(policy, _terms_or_default(terms, today), today)
    since = engine.ref.start if engine.ref is not None else today
    return engine, _Index(policy, entries, today, since)


def _compute_plain(
    policy: Policy,
    terms: Sequence[TermInfo],
    children: Iterable[ChildFacts],
    entries: Iterable[EntryFact],
    today: date,
) -> list[DutyStatus]:
    """compute_duties the straightforward way, pair by pair (the tests compare the two)."""
    engine, index = _prepare(policy, terms, entries, today)
    return [
        DutyStatus(child.id, *engine.rest(child, duty, *index.dates(child.id, duty)))
        for child in children
        for duty in policy.duties
    ]


def compute_duties(
    policy: Policy,
    terms: Sequence[TermInfo],
    children: Iterable[ChildFacts],
    entries: Iterable[EntryFact],
    today: date,
) -> list[DutyStatus]:
    """One :class:`DutyStatus` per (child, duty) as of ``today`` (see the module docstring).

    Entries may come in any order and may include other children, kinds and future dates; for
    speed pass only those from :func:`needed_since` on. Designed for 2,000 children and half a
    million entries: entries are grouped once, then each (child, duty) maps its few dates to
    slots, and children in the same situation share one computation (:func:`_fast`).
    """
    with gc_paused():  # ~15,000 new objects, none cyclic: collections would only walk them
        engine, index = _prepare(policy, terms, entries, today)
        return _fast(engine, policy, index, list(children))
