"""Absence days and the rule that turns them into an absence flag (seed 001 冷水江 "控辍保学":
"对学生无故旷课2天以上…"; rules in ``core.absence``, docs/flags.md "Absence").

Two consecutive school days unexplained open an absence flag, unless one is open already (it
collects the new days). The flag opened for a run has a deterministic id
(``core.absence.absence_flag_id``: the child and the run's first day), so two machines that
open it write versions of one record, which sync unions (concurrent ones show as a conflict of
that one flag, never as two flags).

The rule runs when a day is logged here (:func:`log_absence`); days that arrive by sync are
seen by :func:`reconcile_absence_flags`, which the import runs afterwards (also public through
``db.flags``). Every function takes an open vault.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from mentor_tui.core import absence as rules_absence, flags as rules
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.validate import check_date
from mentor_tui.db import store
from mentor_tui.db.flag_common import create_flag, event, facts, now, reopen, text, update
from mentor_tui.db.flag_models import Absence, Flag
from mentor_tui.db.models import Child, Term
from mentor_tui.db.vault import Vault


def _breaks() -> list[tuple[dt.date, dt.date]]:
    terms = []
    for term in Term.select():
        brs = []
        for b in term.breaks or []:
            try:
                brs.append((dt.date.fromisoformat(str(b[0])), dt.date.fromisoformat(str(b[1]))))
            except (ValueError, IndexError, TypeError):
                continue
        terms.append((term.start, term.end, brs))
    return rules_absence.non_school_spans(terms)


def _rows(child_id: str) -> list[Absence]:
    return list(Absence.select().where(Absence.child_id == child_id))


def _states(rows: Iterable[Absence]) -> dict[dt.date, bool]:
    return rules_absence.day_states((r.day, r.reason) for r in rows)


def absences_of(vault: Vault, child_id: str) -> list[Absence]:
    with vault.read():
        return list(Absence.select().where(Absence.child_id == child_id).order_by(Absence.day))


def flag_absences(vault: Vault, flag_id: str) -> list[Absence]:
    with vault.read():
        return list(Absence.select().where(Absence.flag_id == flag_id).order_by(Absence.day))


def _open_absence_flags(child_id: str) -> list[rules.FlagFacts]:
    q = Flag.select().where(
        (Flag.child_id == child_id) & (Flag.category == "absence") & (Flag.status != "resolved")
    )
    return sorted((facts(r) for r in q), key=lambda f: (f.opened_at, f.id))


def _settle(vault: Vault, child_id: str, run: list[dt.date], logged: dt.date | None) -> str | None:
    """Give a run of unexplained days (long enough to flag) its flag, inside a write.

    ``logged``: the day just logged as unexplained (``log_absence``), or None (a day already
    known: re-logged, or arrived by sync). The run goes to an open absence flag holding one of
    its days, else to the child's oldest open absence flag, else to a new flag with the run's
    deterministic id. A resolved flag of the run is reopened only by a newly logged day; with
    ``logged`` None it is left resolved (the teacher closed it). Returns the id of a flag
    opened (or reopened) now, else None.
    """
    in_run = [r for r in _rows(child_id) if r.day in run]
    linked = {r.flag_id for r in in_run if r.flag_id}
    open_flags = _open_absence_flags(child_id)
    target = next((f for f in open_flags if f.id in linked), None) or next(iter(open_flags), None)
    raised = None
    if target is not None:
        target_id = target.id
        days = [logged] if logged else sorted({r.day for r in in_run if r.flag_id != target_id})
        if days:
            update(vault, target, *(event(vault, "absence", day=d.isoformat()) for d in days))
    else:
        target_id = rules_absence.absence_flag_id(child_id, run[0])
        current = Flag.get_or_none(Flag.id == target_id)
        if logged is None and (
            current is not None or Flag.select().where(Flag.id.in_(list(linked))).exists()
        ):
            return None
        if current is None:
            create_flag(
                vault,
                child_id,
                "absence",
                "",
                now(),
                event(vault, "auto_opened", n=len(run)),
                record_id=target_id,
            )
        else:  # the run goes on after its flag was resolved: the child is still not back
            assert logged is not None  # else returned above
            reopen(vault, facts(current), event(vault, "absence", day=logged.isoformat()))
        raised = target_id
    for r in in_run:
        if r.flag_id != target_id:
            store.put(vault, "absence", {"flag_id": target_id}, record_id=r.id)
    return raised


def log_absence(
    vault: Vault, child_id: str, day: dt.date, reason: str = "", note: str = ""
) -> tuple[str, str | None]:
    """Log a day of absence (``reason`` empty: unexplained). Logging the same day again
    updates it (every record of that day, when two machines logged it). Two consecutive school
    days unexplained (core.absence) open an absence flag, unless one is open already; the
    run's days are attached to it. Returns (absence id, id of the flag opened — or reopened,
    when the run of a resolved flag goes on — now, or None)."""
    check_date(day, "day")
    if day > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("err.future_date", field="day")
    reason, note = text(reason, "reason", "absence.reason"), text(note)
    with vault.write():
        if Child.get_or_none(Child.id == child_id) is None:
            raise MentorError("err.flag_child_unknown", value=child_id)
        rows = _rows(child_id)
        was_unexplained = _states(rows).get(day) is False
        same: list[Absence | None] = [r for r in rows if r.day == day] or [None]
        aid = None
        for r in same:
            rid = store.put(
                vault,
                "absence",
                {"child_id": child_id, "day": day, "reason": reason, "note": note},
                record_id=r.id if r else None,
            )
            aid = aid or rid
        assert aid is not None  # one record written at least
        run = rules_absence.unexplained_run(day, _states(_rows(child_id)), _breaks())
        if len(run) < rules.UNEXPLAINED_DAYS_TO_FLAG:
            return aid, None
        return aid, _settle(vault, child_id, run, None if was_unexplained else day)


def reconcile_absence_flags(vault: Vault, child_ids: Iterable[str] | None = None) -> int:
    """Run the absence rule again for these children (None: every child with an absence
    logged) and open the flags missing — after a sync import, when the days of one run were
    logged on different machines. Idempotent: a run that has its flag (open, or resolved by
    the teacher) gets no second one; days of a run are attached to its open flag. Children no
    longer in the vault are skipped. Returns the number of flags opened."""
    opened = 0
    with vault.write():
        if child_ids is None:
            ids = {r.child_id for r in Absence.select(Absence.child_id).distinct()}
        else:
            ids = set(child_ids)
        breaks = _breaks()
        for child_id in sorted(ids):
            if Child.get_or_none(Child.id == child_id) is None:
                continue
            for run in rules_absence.runs(_states(_rows(child_id)), breaks):
                if len(run) >= rules.UNEXPLAINED_DAYS_TO_FLAG and _settle(
                    vault, child_id, run, None
                ):
                    opened += 1
    return opened
