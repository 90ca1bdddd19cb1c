"""The duty engine: what does the mentor owe which child, on a given date.

Pure: facts in, statuses out; nothing is stored (due items are always computed, so sync can
never duplicate them — SYNC.md). ``compute_duties(policy, terms, children, entries, today)``
returns one :class:`~mentor_tui.core.duty_facts.DutyStatus` per (child, duty), in children
order then policy order. The inputs and outputs are in core/duty_facts.py, the computation of
one date in core/duty_engine.py, summaries of the statuses in core/duty_summary.py.

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

from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from mentor_tui.core.duty_engine import ChildClasses, DutyEngine, reference_term
from mentor_tui.core.duty_facts import ChildFacts, DutyStatus, EntryFact, EntryIndex
from mentor_tui.core.gc_pause import gc_paused
from mentor_tui.core.policy import Policy
from mentor_tui.core.terms import TermInfo, calendar_for, last_term_before


def needed_since(policy: Policy, terms: Sequence[TermInfo], today: date) -> date:
    """The earliest ``occurred_on`` that can change what :func:`compute_duties` says for today.

    The start of the current term (between terms: of the term that just ended; before any term:
    ``today``). Older entries only feed ``last_done``/``days_since_last``: a caller that wants
    those beyond the term can add the newest older entry per (child, kind, outcome).
    ``policy`` is taken so a future cadence that looks further back can widen the answer.
    """
    del policy  # every current cadence, and the rolling limit, restart at the term start
    ref, _ = reference_term(calendar_for(terms, today), today)
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
    ref, _ = reference_term(calendar_for(terms, today), today)
    if ref is None:
        return None
    lookback = ref.start - timedelta(days=LOOKBACK_DAYS)
    previous = last_term_before(
        ref.start, calendar_for(terms, ref.start - timedelta(days=1))
    ) or last_term_before(ref.start, calendar_for(terms, lookback))
    since = previous.start if previous is not None else lookback
    return since, needed_since(policy, terms, today)


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
    slots, and children in the same situation share one computation
    (duty_engine.DutyEngine.column). The cyclic garbage collector is paused for the call
    (core/gc_pause.py; nothing here makes a cycle): the statuses and the index it builds are
    many small objects, and the collections they set off scan them again and again, more at
    2,000 children than at 40 (issue 17: CPU time a child, median of 21, alternating in one
    process: 27.7 µs at 2,000 with the collector against 21.4 µs paused; 19.5 / 18.7 µs at
    40).
    """
    with gc_paused():
        engine = DutyEngine(policy, terms, today)
        index = EntryIndex(policy, entries, today, engine.counts_from)
        classes = ChildClasses(engine, list(children))
        ids = [child.id for child in classes.children]
        columns = []
        for duty in policy.duties:
            column = engine.column(duty, index, classes)
            columns.append(
                [
                    standing.status_of(cid, last, today)
                    for cid, standing, last in zip(ids, column.standings, column.lasts)
                ]
            )
        return [status for row in zip(*columns) for status in row]


def compute_duties_pairwise(
    policy: Policy,
    terms: Sequence[TermInfo],
    children: Iterable[ChildFacts],
    entries: Iterable[EntryFact],
    today: date,
) -> list[DutyStatus]:
    """:func:`compute_duties` the straightforward way, every (child, duty) pair on its own: the
    reference the shared computation is tested against (tests/test_duty_properties.py)."""
    engine = DutyEngine(policy, terms, today)
    index = EntryIndex(policy, entries, today, engine.counts_from)
    out = []
    for child in children:
        for duty in policy.duties:
            dates, last = index.dates(child.id, duty)
            out.append(engine.standing(child, duty, dates, last).status_of(child.id, last, today))
    return out
