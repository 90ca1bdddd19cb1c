"""Flags on a child, return attempts, absence days and individual plans (seed 001: 强制报告,
控辍保学, 个别教育管理方案 — BRIEF.md "Risks the teacher must act on").

Every change is a new version through ``db.store`` (flags, plans and absences sync like any
record). The rules live in ``core.flags`` and ``core.absence``; this module reads rows into
their facts and writes the results. Absence days and the rule that opens absence flags are in
``db.flag_absence`` (re-exported here, with :func:`reconcile_absence_flags` for the sync import);
shared helpers in ``db.flag_common``. Every function takes an open vault.

A resolved flag takes no more steps, return attempts or plans (``err.flag_resolved_locked``)
until it is reopened; only a resolved flag can be reopened.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TypeVar

from mentor_tui.core import flags as rules
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.flags import FlagFacts, PlanFacts
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import check_date
from mentor_tui.db import flag_common as fc, store

# Public here too: absence days and the rule (db.flag_absence), reading helpers (flag_common).
from mentor_tui.db.flag_absence import (
    absences_of as absences_of,
    flag_absences as flag_absences,
    log_absence as log_absence,
    reconcile_absence_flags as reconcile_absence_flags,
)
from mentor_tui.db.flag_common import get_flag as get_flag, teacher_name
from mentor_tui.db.flag_models import Flag, Plan
from mentor_tui.db.models import Child
from mentor_tui.db.vault import Vault


# --- reading -----------------------------------------------------------------------------
def list_flags(
    vault: Vault, child_id: str | None = None, include_resolved: bool = False
) -> list[FlagFacts]:
    """Flags in dashboard order (core.flags.sort_flags)."""
    with vault.read():
        q = Flag.select()
        if child_id:
            q = q.where(Flag.child_id == child_id)
        if not include_resolved:
            q = q.where(Flag.status != "resolved")
        flags = [fc.facts(r) for r in q]
        counts = plan_counts(vault)
    return rules.sort_flags(flags, counts)


def open_flags(vault: Vault, child_id: str | None = None) -> list[FlagFacts]:
    return list_flags(vault, child_id)


def pinned_flags(vault: Vault) -> list[tuple[FlagFacts, str, int]]:
    """(flag, child name, plan count) of the flags pinned to the top of the dashboard."""
    with vault.read():
        flags = [fc.facts(r) for r in Flag.select().where(Flag.status != "resolved")]
        counts = plan_counts(vault)
        names = child_names(vault, {f.child_id for f in flags})
    return [
        (f, names.get(f.child_id, "?"), counts.get(f.id, 0)) for f in rules.pinned(flags, counts)
    ]


def child_names(vault: Vault, ids: set[str] | None = None) -> dict[str, str]:
    with vault.read():
        q = Child.select(Child.id, Child.name)
        if ids is not None:
            q = q.where(Child.id.in_(list(ids)))
        return {c.id: c.name for c in q}


def find_flag(vault: Vault, prefix: str) -> FlagFacts:
    """A flag by its id or a unique prefix of it."""
    return _by_prefix(vault, Flag, prefix, fc.facts, "err.flag_missing")


def find_plan(vault: Vault, prefix: str) -> PlanFacts:
    return _by_prefix(vault, Plan, prefix, fc.plan_facts, "err.plan_missing")


_Row = TypeVar("_Row", Flag, Plan)
_Facts = TypeVar("_Facts")


def _by_prefix(
    vault: Vault, model: type[_Row], prefix: str, conv: Callable[[_Row], _Facts], missing: str
) -> _Facts:
    prefix = (prefix or "").strip().lower()
    if not prefix:
        raise MentorError(missing)
    with vault.read():
        rows = list(model.select().where(model.id.startswith(prefix)).limit(2))
    exact = [r for r in rows if r.id == prefix]
    if exact:
        return conv(exact[0])
    if not rows:
        raise MentorError(missing)
    if len(rows) > 1:
        raise MentorError("err.flag_ambiguous", value=prefix)
    return conv(rows[0])


# --- flags ---------------------------------------------------------------------------------
def open_flag(
    vault: Vault, child_id: str, category: str, observed: str, opened_at: dt.datetime | None = None
) -> str:
    """Raise a flag on a child. ``observed`` (what the teacher saw) is required. (Absence
    flags the rule opens itself: ``db.flag_absence``.)"""
    if category not in rules.CATEGORIES:
        raise ValidationError("err.flag_bad_category", field="category", value=category)
    observed = fc.text(observed, "observed", "flag.field.observed")
    if not observed:
        raise ValidationError("err.flag_observed", field="observed")
    at = (opened_at or fc.now()).replace(second=0, microsecond=0)
    with vault.write():
        if Child.get_or_none(Child.id == child_id) is None:
            raise MentorError("err.flag_child_unknown", value=child_id)
        return fc.create_flag(
            vault, child_id, category, observed, at, fc.event(vault, "opened", at)
        )


def record_step(
    vault: Vault,
    flag_id: str,
    step_id: str,
    to_whom: str,
    done_at: dt.datetime | dt.date | str | None = None,
    receipt: str = "",
    note: str = "",
) -> None:
    """Record one checklist step (when, to whom, receipt number, note). Recording it again
    corrects it; the earlier record stays in the flag's history and versions. Refused on a
    resolved flag."""
    with vault.write():
        flag = fc.need_open_flag(vault, flag_id)
        if not rules.can_record(flag, step_id):
            raise ValidationError("err.flag_bad_step", field="step", value=step_id)
        to_whom = fc.text(to_whom, "to_whom", "flag.field.to_whom")
        if not to_whom:
            raise ValidationError(
                "err.flag_step_field", field="to_whom", label=t("flag.field.to_whom")
            )
        record = {
            "done_at": fc.when(done_at),
            "to_whom": to_whom,
            "receipt": fc.text(receipt, "receipt", "flag.field.receipt"),
            "note": fc.text(note),
            "by": teacher_name(vault),
        }
        fields: dict[str, object] = {"checklist": {**flag.checklist, step_id: record}}
        if step_id in rules.REPORT_STEPS and flag.status == "open":
            fields["status"] = "reported"
        fc.update(
            vault,
            flag,
            fc.event(vault, "step", step=step_id, to_whom=to_whom, receipt=record["receipt"]),
            **fields,
        )


def add_return_attempt(
    vault: Vault,
    flag_id: str,
    outcome: str,
    on: dt.date | None = None,
    how: str = "",
    note: str = "",
) -> None:
    """One attempt to bring an absent child back (劝返, seed 001 控辍保学). Refused on a
    resolved flag."""
    if outcome not in rules.ATTEMPT_OUTCOMES:
        raise ValidationError("err.bad_choice", field="outcome", value=outcome)
    on = check_date(on, "on") or dt.date.today()
    if on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("err.future_date", field="on")
    with vault.write():
        flag = fc.need_open_flag(vault, flag_id)
        if rules.regime(flag.category) != "dropout":
            raise ValidationError("err.flag_not_absence", field="outcome")
        attempt = {
            "on": on.isoformat(),
            "by": teacher_name(vault),
            "how": fc.text(how, "how", "flag.field.how"),
            "outcome": outcome,
            "note": fc.text(note),
        }
        fc.update(
            vault,
            flag,
            fc.event(vault, "attempt", outcome=outcome, how=attempt["how"]),
            attempts=list(flag.attempts) + [attempt],
        )


def resolve_flag(vault: Vault, flag_id: str, reason: str, on: dt.date | None = None) -> None:
    """Close a flag; a reason is required. Steps not recorded are named in the history."""
    reason = fc.text(reason, "resolved_reason", "flag.field.resolved_reason")
    if not reason:
        raise ValidationError("err.reason_required", field="resolved_reason")
    with vault.write():
        flag = fc.need_flag(vault, flag_id)
        if not flag.is_open:
            raise MentorError("err.flag_resolved")
        missing = rules.missing_steps(flag, plan_counts(vault).get(flag.id, 0))
        fc.update(
            vault,
            flag,
            fc.event(vault, "resolved", reason=reason, missing=missing),
            status="resolved",
            resolved_reason=reason,
            resolved_on=on or dt.date.today(),
        )


def reopen_flag(vault: Vault, flag_id: str) -> None:
    """Reopen a resolved flag; an open one is refused (``err.flag_not_resolved``)."""
    with vault.write():
        flag = fc.need_flag(vault, flag_id)
        if flag.is_open:
            raise MentorError("err.flag_not_resolved")
        fc.reopen(vault, flag)


def add_note(vault: Vault, flag_id: str, text: str) -> None:
    text = fc.text(text)
    if not text:
        raise ValidationError("err.flag_observed", field="note")
    with vault.write():
        flag = fc.need_flag(vault, flag_id)
        fc.update(vault, flag, fc.event(vault, "note", text=text))


# --- individual plans ----------------------------------------------------------------------
def plan_counts(vault: Vault) -> dict[str, int]:
    """Plans per flag id."""
    with vault.read():
        out: dict[str, int] = {}
        for p in Plan.select(Plan.flag_id).where(Plan.flag_id.is_null(False)):
            assert p.flag_id is not None  # by the query
            out[p.flag_id] = out.get(p.flag_id, 0) + 1
        return out


def add_plan(
    vault: Vault, flag_id: str, goals: str, measures: str, who: str, review_on: dt.date | None
) -> str:
    """An individual education plan (个别教育管理方案, seed 001) for a flagged child. Refused
    on a resolved flag."""
    if review_on is None:
        raise ValidationError("err.plan_review_required", field="review_on")
    check_date(review_on, "review_on")
    with vault.write():
        flag = fc.need_open_flag(vault, flag_id)
        pid = store.put(
            vault,
            "plan",
            {
                "child_id": flag.child_id,
                "flag_id": flag.id,
                "goals": fc.text(goals, "goals", "plan.field.goals"),
                "measures": fc.text(measures, "measures", "plan.field.measures"),
                "who": fc.text(who, "who", "plan.field.who"),
                "review_on": review_on,
                "closed_on": None,
                "closed_reason": "",
                "reviews": [],
            },
        )
        fc.update(vault, flag, fc.event(vault, "plan_added", plan_id=pid))
        return pid


def _need_plan(plan_id: str) -> Plan:
    row = Plan.get_or_none(Plan.id == plan_id)
    if row is None:
        raise MentorError("err.plan_missing")
    return row


def review_plan(
    vault: Vault,
    plan_id: str,
    next_review_on: dt.date | None,
    note: str = "",
    on: dt.date | None = None,
) -> None:
    """Record a review and set the next review date (None: no further review planned)."""
    with vault.write():
        check_date(next_review_on, "review_on")
        check_date(on, "on")
        row = _need_plan(plan_id)
        if row.closed_on is not None:
            raise MentorError("err.plan_closed")
        reviews = list(row.reviews or []) + [
            {
                "on": (on or dt.date.today()).isoformat(),
                "note": fc.text(note),
                "by": teacher_name(vault),
            }
        ]
        store.put(
            vault, "plan", {"reviews": reviews, "review_on": next_review_on}, record_id=plan_id
        )


def close_plan(vault: Vault, plan_id: str, reason: str = "", on: dt.date | None = None) -> None:
    with vault.write():
        row = _need_plan(plan_id)
        if row.closed_on is not None:
            raise MentorError("err.plan_closed")
        store.put(
            vault,
            "plan",
            {
                "closed_on": on or dt.date.today(),
                "closed_reason": fc.text(reason, "closed_reason", "flag.field.resolved_reason"),
            },
            record_id=plan_id,
        )
        flag = get_flag(vault, row.flag_id) if row.flag_id else None
        if flag is not None:
            fc.update(vault, flag, fc.event(vault, "plan_closed", plan_id=plan_id))


def plans_of(
    vault: Vault,
    child_id: str | None = None,
    flag_id: str | None = None,
    include_closed: bool = True,
) -> list[PlanFacts]:
    with vault.read():
        q = Plan.select()
        if child_id:
            q = q.where(Plan.child_id == child_id)
        if flag_id:
            q = q.where(Plan.flag_id == flag_id)
        if not include_closed:
            q = q.where(Plan.closed_on.is_null())
        return [fc.plan_facts(r) for r in q.order_by(Plan.review_on, Plan.id)]


def plans_due(vault: Vault, today: dt.date) -> list[rules.PlanReviewItem]:
    """Review dates owed, as duty items (core.flags.plan_review_duties)."""
    return rules.plan_review_duties(plans_of(vault, include_closed=False), today)
