"""Unexplained absence (无故旷课) in school days. Pure.

Seed 001 (../shared/domain/seeds/001_41f2c09e84035b26.txt, 冷水江 "控辍保学"): "对学生无故旷课2天
以上、具体去向明确、学校2次以上劝返未果的，必须报告并启动返校复学程序". Two or more *consecutive school
days* of unexplained absence raise an absence flag (core.flags, category ``absence``).

What "consecutive" means here (docs/flags.md):

* A school day is a Monday–Friday outside the given breaks (term breaks, the gaps between
  terms) — or any day on which an absence was logged (a make-up Saturday, 调休, is a school day
  if the teacher logged the child absent on it).
* Weekends and breaks do not break a run: absent Friday and Monday is two consecutive days.
* A school day with no absence logged means the child was there: it breaks the run.
* A day absent *with* a reason (病假, 事假 …) breaks the run and does not count.
* Several records for one day (two machines, synced): the day is explained if any has a reason.

The flag a run opens has a deterministic id (:func:`absence_flag_id`: child and the run's first
day), so two machines that open it each write a version of *one* record, which sync unions.
Return attempts (劝返) count from the child's last return (:func:`attempts_since_return`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence

_DAY = dt.timedelta(days=1)
# Fixed for good: changing it would give an already opened run's flag a second id.
ABSENCE_FLAG_NAMESPACE = uuid.UUID("6f1d9c3e-2b57-5a44-9e0c-7c1b2d3a4f58")
# A run is searched at most this many calendar days either side (a long holiday is skipped).
_MAX_GAP_DAYS = 62


def day_states(records: Iterable[tuple[dt.date, str]]) -> dict[dt.date, bool]:
    """``(day, reason)`` records → ``{day: explained}`` (explained if any record has a reason)."""
    out: dict[dt.date, bool] = {}
    for day, reason in records:
        out[day] = out.get(day, False) or bool((reason or "").strip())
    return out


def in_breaks(d: dt.date, breaks: Sequence[tuple[dt.date, dt.date]]) -> bool:
    return any(s <= d <= e for s, e in breaks)


def is_school_day(
    d: dt.date,
    breaks: Sequence[tuple[dt.date, dt.date]] = (),
    logged: Mapping[dt.date, bool] | None = None,
) -> bool:
    if logged is not None and d in logged:
        return True
    return d.weekday() < 5 and not in_breaks(d, breaks)


def _walk(
    day: dt.date,
    step: dt.timedelta,
    states: Mapping[dt.date, bool],
    breaks: Sequence[tuple[dt.date, dt.date]],
) -> list[dt.date]:
    out = []
    d = day + step
    for _ in range(_MAX_GAP_DAYS):
        if not is_school_day(d, breaks, states):
            d += step
            continue
        if states.get(d) is False:  # logged, unexplained
            out.append(d)
            d += step
            continue
        break  # present, or absent with a reason
    return out


def unexplained_run(
    day: dt.date, states: Mapping[dt.date, bool], breaks: Sequence[tuple[dt.date, dt.date]] = ()
) -> list[dt.date]:
    """The consecutive school days of unexplained absence that contain ``day``, sorted
    (empty when ``day`` itself is not an unexplained absence)."""
    if states.get(day) is not False:
        return []
    before = _walk(day, -_DAY, states, breaks)
    after = _walk(day, _DAY, states, breaks)
    return sorted(before) + [day] + after


def runs(
    states: Mapping[dt.date, bool], breaks: Sequence[tuple[dt.date, dt.date]] = ()
) -> list[list[dt.date]]:
    """Every run of unexplained days, in date order."""
    seen: set[dt.date] = set()
    out = []
    for d in sorted(states):
        if d in seen or states[d]:
            continue
        run = unexplained_run(d, states, breaks)
        seen.update(run)
        out.append(run)
    return out


def should_flag(
    day: dt.date,
    states: Mapping[dt.date, bool],
    breaks: Sequence[tuple[dt.date, dt.date]] = (),
    threshold: int = 2,
) -> bool:
    """Whether logging ``day`` makes a run of at least ``threshold`` unexplained days."""
    return len(unexplained_run(day, states, breaks)) >= threshold


def non_school_spans(
    terms: Iterable[tuple[dt.date, dt.date, Sequence[tuple[dt.date, dt.date]]]],
) -> list[tuple[dt.date, dt.date]]:
    """Breaks of the given terms ``(start, end, breaks)`` plus the gaps between consecutive
    terms (winter and summer holidays)."""
    items = sorted(terms, key=lambda x: x[0])
    out: list[tuple[dt.date, dt.date]] = []
    for i, (start, end, brs) in enumerate(items):
        out.extend((max(s, start), min(e, end)) for s, e in brs if s <= e)
        if i + 1 < len(items):
            nxt = items[i + 1][0]
            if nxt - end > _DAY:
                out.append((end + _DAY, nxt - _DAY))
    return sorted(out)


def absence_flag_id(child_id: str, first_day: dt.date) -> str:
    """The id of the absence flag opened for the run of ``child_id`` starting ``first_day``
    (UUID 5): every machine that opens it opens the same record."""
    name = f"absence-flag:{child_id}:{first_day.isoformat()}"
    return str(uuid.uuid5(ABSENCE_FLAG_NAMESPACE, name))


def attempts_since_return(
    attempts: Sequence[Mapping[str, object]],
) -> tuple[list[Mapping[str, object]], str | None]:
    """(the attempts of the current episode, the day of the return that ended the one before).

    Seed 001 "学校2次以上劝返未果的，必须报告": the failures that count are those since the child was
    last back. After ``failed, returned, failed`` only the last failure counts. A return that is
    the last attempt closes the current episode (the child is back), so it does not start one.
    """
    items = list(attempts)
    ends = [i for i, a in enumerate(items[:-1]) if a.get("outcome") == "returned"]
    if not ends:
        return items, None
    return items[ends[-1] + 1 :], str(items[ends[-1]].get("on", "")) or None
