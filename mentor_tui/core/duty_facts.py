"""The duty engine's inputs and outputs, and the grouping of entries it works from.

:class:`ChildFacts` and :class:`EntryFact` are what ``compute_duties`` (core/duties.py) reads;
:class:`DutyStatus` is what it returns, one per (child, duty), its ``status`` one of
:data:`STATUSES`. :class:`EntryIndex` groups the qualifying entry dates once per (kind, outcome
set) of the policy. Pure: no database, no screen.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from mentor_tui.core.cadence import Period
from mentor_tui.core.policy import Duty, Policy


@dataclass(frozen=True, slots=True)
class ChildFacts:
    """What the engine needs to know about a child."""

    id: str
    name: str
    class_name: str
    boarding: bool
    categories: frozenset[str]
    added_on: date
    archived_on: date | None = None


@dataclass(frozen=True, slots=True)
class EntryFact:
    """One journal entry, reduced to what duties look at. ``group``: one child's entry of a
    check-in logged once for several children (its payload's ``group_id``); it counts only for
    the duties whose policy says so (``Duty.group_counts``)."""

    child_id: str
    kind: str
    outcome: str
    occurred_on: date
    group: bool = False


# What a DutyStatus says, most urgent first (the dashboard's order, duty_summary.urgency_key).
STATUSES = ("overdue", "due_soon", "due", "done", "paused", "not_applicable")


@dataclass(slots=True)
class DutyStatus:
    """Where one child stands with one duty on one date. ``days_left`` < 0: days overdue.

    Not frozen, unlike the other records here, for speed: a frozen dataclass's ``__init__``
    sets each of the 16 fields through ``object.__setattr__``, about 2.5 µs a status against
    0.2 µs; the engine builds one per (child, duty), 14,000 for 2,000 children, where frozen
    would add some 30 ms to a computation budgeted at 50 ms (bench/bench_duties.py). Nothing
    changes a status once the engine has built it.
    """

    child_id: str
    duty_id: str
    status: str
    period: Period | None
    due_date: date | None
    days_left: int | None
    last_done: date | None
    days_since_last: int | None
    done_in_period: int
    required_in_period: int
    done_this_month: int
    required_this_month: int
    done_this_term: int
    required_this_term: int
    required_full_term: int
    term_id: str | None


def applies(duty: Duty, child: ChildFacts) -> bool:
    """Whether ``duty.applies_to`` selects ``child``."""
    rule = duty.applies_to
    if rule == "all":
        return True
    if rule == "boarding":
        return child.boarding
    if rule == "non_boarding":
        return not child.boarding
    return rule.startswith("category:") and rule[len("category:") :] in child.categories


def _key(duty: Duty) -> tuple[str, frozenset[str], bool]:
    return (duty.kind, duty.outcomes, duty.group_counts)


class EntryIndex:
    """Qualifying entry dates per (child, kind, outcome set, whether group entries count),
    grouped once, sorted.

    The hot loop over (possibly half a million) entries does two dict lookups per entry and no
    tuple building: each distinct (kind, outcome set, group rule) of the policy is a numbered
    group holding ``child_id -> dates``; a group entry goes only to the groups whose duties
    count group entries. Entries before ``since`` only keep the newest date (for last_done).
    """

    def __init__(
        self, policy: Policy, entries: Iterable[EntryFact], today: date, since: date
    ) -> None:
        self.group: dict[tuple[str, frozenset[str], bool], int] = {}
        accept: dict[str, dict[str, tuple[int, ...]]] = {}
        accept_group: dict[tuple[str, str], tuple[int, ...]] = {}  # (kind, outcome) -> gids
        for duty in policy.duties:
            key = _key(duty)
            if key not in self.group:
                gid = self.group[key] = len(self.group)
                by_outcome = accept.setdefault(duty.kind, {})
                for outcome in duty.outcomes:
                    by_outcome[outcome] = by_outcome.get(outcome, ()) + (gid,)
                    if duty.group_counts:
                        pair = (duty.kind, outcome)
                        accept_group[pair] = accept_group.get(pair, ()) + (gid,)
        self.recent: list[dict[str, list[date]]] = [{} for _ in self.group]
        self.older: list[dict[str, date]] = [{} for _ in self.group]
        recent, older = self.recent, self.older
        for e in entries:
            outcomes = accept.get(e.kind)
            if outcomes is None:
                continue
            gids = outcomes.get(e.outcome)
            if gids is None:
                continue
            if e.group:
                gids = accept_group.get((e.kind, e.outcome), ())
            d = e.occurred_on
            if d > today:
                continue
            cid = e.child_id
            if d >= since:
                for gid in gids:
                    bucket = recent[gid].get(cid)
                    if bucket is None:
                        recent[gid][cid] = [d]
                    else:
                        bucket.append(d)
            else:
                for gid in gids:
                    newest = older[gid].get(cid)
                    if newest is None or newest < d:
                        older[gid][cid] = d
        for buckets in recent:
            for bucket in buckets.values():
                bucket.sort()

    def by_child(self, duty: Duty) -> tuple[dict[str, list[date]], dict[str, date]]:
        """For ``duty``'s (kind, outcome set): child id -> her sorted dates from ``since`` on,
        and child id -> her newest date before ``since``."""
        gid = self.group[_key(duty)]
        return self.recent[gid], self.older[gid]

    def dates(self, child_id: str, duty: Duty) -> tuple[list[date], date | None]:
        """One child's dates from ``since`` on (sorted) and her newest qualifying date."""
        recent, older = self.by_child(duty)
        dates = recent.get(child_id)
        if dates:
            return dates, dates[-1]
        return [], older.get(child_id)
