"""Flags on a child, return attempts, absence days and individual plans (seed 001: 强制报告,
控辍保学, 个别教育管理方案 — BRIEF.md "Risks the teacher must act on").

Every change is a new version through ``db.store`` (flags, plans and absences sync like any
record). The rules live in ``core.flags`` and ``core.absence``; this module reads rows into
their facts and writes the results. Every function takes an open vault.
"""

from __future__ import annotations

import datetime as dt

from mentor_tui.core import absence as rules_absence
from mentor_tui.core import flags as rules
from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.flags import FlagFacts, PlanFacts
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text
from mentor_tui.db import store
from mentor_tui.db.flag_models import Absence, Flag, Plan
from mentor_tui.db.models import Child, Setting, Term
from mentor_tui.db.vault import Vault


# --- reading -----------------------------------------------------------------------------
def _facts(row: Flag) -> FlagFacts:
    return FlagFacts(id=row.id, child_id=row.child_id, category=row.category,
                     opened_at=row.opened_at, opened_by=row.opened_by or "",
                     observed=row.observed or "", status=row.status or "open",
                     checklist=dict(row.checklist or {}), attempts=tuple(row.attempts or ()),
                     resolved_reason=row.resolved_reason or "", resolved_on=row.resolved_on,
                     events=tuple(row.events or ()))


def _plan_facts(row: Plan) -> PlanFacts:
    return PlanFacts(id=row.id, child_id=row.child_id, flag_id=row.flag_id,
                     goals=row.goals or "", measures=row.measures or "", who=row.who or "",
                     review_on=row.review_on, closed_on=row.closed_on,
                     reviews=tuple(row.reviews or ()))


def get_flag(vault: Vault, flag_id: str) -> FlagFacts | None:
    with vault.read():
        row = Flag.get_or_none(Flag.id == flag_id)
        return _facts(row) if row else None


def _need_flag(vault: Vault, flag_id: str) -> FlagFacts:
    flag = get_flag(vault, flag_id)
    if flag is None:
        raise MentorError("err.flag_missing")
    return flag


def list_flags(vault: Vault, child_id: str | None = None,
               include_resolved: bool = False) -> list[FlagFacts]:
    """Flags in dashboard order (core.flags.sort_flags)."""
    with vault.read():
        q = Flag.select()
        if child_id:
            q = q.where(Flag.child_id == child_id)
        if not include_resolved:
            q = q.where(Flag.status != "resolved")
        flags = [_facts(r) for r in q]
        counts = plan_counts(vault)
    return rules.sort_flags(flags, counts)


def open_flags(vault: Vault, child_id: str | None = None) -> list[FlagFacts]:
    return list_flags(vault, child_id)


def pinned_flags(vault: Vault) -> list[tuple[FlagFacts, str, int]]:
    """(flag, child name, plan count) of the flags pinned to the top of the dashboard."""
    with vault.read():
        flags = [_facts(r) for r in Flag.select().where(Flag.status != "resolved")]
        counts = plan_counts(vault)
        names = child_names(vault, {f.child_id for f in flags})
    return [(f, names.get(f.child_id, "?"), counts.get(f.id, 0))
            for f in rules.pinned(flags, counts)]


def child_names(vault: Vault, ids: set[str] | None = None) -> dict[str, str]:
    with vault.read():
        q = Child.select(Child.id, Child.name)
        if ids is not None:
            q = q.where(Child.id.in_(list(ids)))
        return {c.id: c.name for c in q}


def find_flag(vault: Vault, prefix: str) -> FlagFacts:
    """A flag by its id or a unique prefix of it."""
    return _by_prefix(vault, Flag, prefix, _facts, "err.flag_missing")


def find_plan(vault: Vault, prefix: str) -> PlanFacts:
    return _by_prefix(vault, Plan, prefix, _plan_facts, "err.plan_missing")


def _by_prefix(vault: Vault, model, prefix: str, conv, missing: str):
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


def teacher_name(vault: Vault) -> str:
    with vault.read():
        row = Setting.get_or_none(Setting.id == "teacher_name")
    return str(row.value) if row is not None and row.value else vault.profile.name


def _now() -> dt.datetime:
    return dt.datetime.now().replace(second=0, microsecond=0)


def _event(vault: Vault, type_: str, at: dt.datetime | None = None, **data) -> dict:
    return {"at": (at or _now()).isoformat(), "by": teacher_name(vault), "type": type_, **data}


def _text(value: str) -> str:
    return clean_text(value or "", multiline=True).strip()


def _when(value, field: str = "done_at") -> str:
    """A date or date-time (not in the future) as ISO text; None: now."""
    if value is None or value == "":
        value = _now()
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError("err.bad_date", field=field, value=value) from None
    limit = dt.datetime.now() + dt.timedelta(days=1)
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    if moment > limit:
        raise ValidationError("err.future_date", field=field)
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    return value.isoformat()


# --- flags ---------------------------------------------------------------------------------
def open_flag(vault: Vault, child_id: str, category: str, observed: str,
              opened_at: dt.datetime | None = None, _auto_days: int = 0) -> str:
    """Raise a flag on a child. ``observed`` (what the teacher saw) is required."""
    if category not in rules.CATEGORIES:
        raise ValidationError("err.flag_bad_category", field="category", value=category)
    observed = _text(observed)
    if not observed and not _auto_days:
        raise ValidationError("err.flag_observed", field="observed")
    at = (opened_at or _now()).replace(second=0, microsecond=0)
    with vault.write():
        if Child.get_or_none(Child.id == child_id) is None:
            raise MentorError("err.flag_child_unknown", value=child_id)
        event = (_event(vault, "auto_opened", at, n=_auto_days) if _auto_days
                 else _event(vault, "opened", at))
        return store.put(vault, "flag", {
            "child_id": child_id, "category": category, "opened_at": at,
            "opened_by": teacher_name(vault), "observed": observed, "status": "open",
            "checklist": {}, "attempts": [], "resolved_reason": "", "resolved_on": None,
            "events": [event]})


def _update(vault: Vault, flag: FlagFacts, event: dict, **fields) -> None:
    events = list(flag.events) + [event]
    store.put(vault, "flag", {**fields, "events": events}, record_id=flag.id)


def record_step(vault: Vault, flag_id: str, step_id: str, to_whom: str,
                done_at: dt.datetime | dt.date | str | None = None, receipt: str = "",
                note: str = "") -> None:
    """Record one checklist step (when, to whom, receipt number, note). Recording it again
    corrects it; the earlier record stays in the flag's history and versions."""
    with vault.write():
        flag = _need_flag(vault, flag_id)
        if not rules.can_record(flag, step_id):
            raise ValidationError("err.flag_bad_step", field="step", value=step_id)
        to_whom = _text(to_whom)
        if not to_whom:
            raise ValidationError("err.flag_step_field", field="to_whom",
                                  label=t("flag.field.to_whom"))
        record = {"done_at": _when(done_at), "to_whom": to_whom, "receipt": _text(receipt),
                  "note": _text(note), "by": teacher_name(vault)}
        cl = {**flag.checklist, step_id: record}
        fields = {"checklist": cl}
        if step_id in rules.REPORT_STEPS and flag.status == "open":
            fields["status"] = "reported"
        _update(vault, flag, _event(vault, "step", step=step_id, to_whom=to_whom,
                                    receipt=record["receipt"]), **fields)


def add_return_attempt(vault: Vault, flag_id: str, outcome: str, on: dt.date | None = None,
                       how: str = "", note: str = "") -> None:
    """One attempt to bring an absent child back (劝返, seed 001 控辍保学)."""
    if outcome not in rules.ATTEMPT_OUTCOMES:
        raise ValidationError("err.bad_choice", field="outcome", value=outcome)
    on = on or dt.date.today()
    if on > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("err.future_date", field="on")
    with vault.write():
        flag = _need_flag(vault, flag_id)
        if rules.regime(flag.category) != "dropout":
            raise ValidationError("err.flag_not_absence", field="outcome")
        attempt = {"on": on.isoformat(), "by": teacher_name(vault), "how": _text(how),
                   "outcome": outcome, "note": _text(note)}
        _update(vault, flag, _event(vault, "attempt", outcome=outcome, how=attempt["how"]),
                attempts=list(flag.attempts) + [attempt])


def resolve_flag(vault: Vault, flag_id: str, reason: str, on: dt.date | None = None) -> None:
    """Close a flag; a reason is required. Steps not recorded are named in the history."""
    reason = _text(reason)
    if not reason:
        raise ValidationError("err.reason_required", field="resolved_reason")
    with vault.write():
        flag = _need_flag(vault, flag_id)
        if not flag.is_open:
            raise MentorError("err.flag_resolved")
        missing = rules.missing_steps(flag, plan_counts(vault).get(flag.id, 0))
        _update(vault, flag, _event(vault, "resolved", reason=reason, missing=missing),
                status="resolved", resolved_reason=reason, resolved_on=on or dt.date.today())


def reopen_flag(vault: Vault, flag_id: str) -> None:
    with vault.write():
        flag = _need_flag(vault, flag_id)
        reported = any(s in flag.checklist for s in rules.REPORT_STEPS)
        _update(vault, flag, _event(vault, "reopened"),
                status="reported" if reported else "open", resolved_reason="",
                resolved_on=None)


def add_note(vault: Vault, flag_id: str, text: str) -> None:
    text = _text(text)
    if not text:
        raise ValidationError("err.flag_observed", field="note")
    with vault.write():
        flag = _need_flag(vault, flag_id)
        _update(vault, flag, _event(vault, "note", text=text))


def flag_absences(vault: Vault, flag_id: str) -> list[Absence]:
    with vault.read():
        return list(Absence.select().where(Absence.flag_id == flag_id).order_by(Absence.day))


# --- absence -------------------------------------------------------------------------------
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


def absences_of(vault: Vault, child_id: str) -> list[Absence]:
    with vault.read():
        return list(Absence.select().where(Absence.child_id == child_id).order_by(Absence.day))


def log_absence(vault: Vault, child_id: str, day: dt.date, reason: str = "",
                note: str = "") -> tuple[str, str | None]:
    """Log a day of absence (``reason`` empty: unexplained). Logging the same day again
    updates it. Two consecutive school days unexplained (core.absence) open an absence flag,
    unless one is open already; the run's days are attached to the open absence flag.
    Returns (absence id, id of the flag opened now or None)."""
    if day > dt.date.today() + dt.timedelta(days=1):
        raise ValidationError("err.future_date", field="day")
    reason, note = _text(reason), _text(note)
    with vault.write():
        if Child.get_or_none(Child.id == child_id) is None:
            raise MentorError("err.flag_child_unknown", value=child_id)
        rows = list(Absence.select().where(Absence.child_id == child_id))
        same = next((r for r in rows if r.day == day), None)
        aid = store.put(vault, "absence", {"child_id": child_id, "day": day, "reason": reason,
                                           "note": note},
                        record_id=same.id if same else None)
        rows = list(Absence.select().where(Absence.child_id == child_id))
        states = rules_absence.day_states((r.day, r.reason) for r in rows)
        run = rules_absence.unexplained_run(day, states, _breaks())
        if len(run) < rules.UNEXPLAINED_DAYS_TO_FLAG:
            return aid, None
        existing = next((f for f in (_facts(r) for r in Flag.select().where(
            (Flag.child_id == child_id) & (Flag.category == "absence")
            & (Flag.status != "resolved")).order_by(Flag.opened_at))), None)
        new_flag = None
        if existing is None:
            new_flag = open_flag(vault, child_id, "absence", "", _auto_days=len(run))
            flag_id = new_flag
        else:
            flag_id = existing.id
            _update(vault, existing, _event(vault, "absence", day=day.isoformat()))
        for r in rows:
            if r.day in run and r.flag_id != flag_id:
                store.put(vault, "absence", {"flag_id": flag_id}, record_id=r.id)
        return aid, new_flag


# --- individual plans ----------------------------------------------------------------------
def plan_counts(vault: Vault) -> dict[str, int]:
    """Plans per flag id."""
    with vault.read():
        out: dict[str, int] = {}
        for p in Plan.select(Plan.flag_id).where(Plan.flag_id.is_null(False)):
            out[p.flag_id] = out.get(p.flag_id, 0) + 1
        return out


def add_plan(vault: Vault, flag_id: str, goals: str, measures: str, who: str,
             review_on: dt.date | None) -> str:
    """An individual education plan (个别教育管理方案, seed 001) for a flagged child."""
    if review_on is None:
        raise ValidationError("err.plan_review_required", field="review_on")
    with vault.write():
        flag = _need_flag(vault, flag_id)
        pid = store.put(vault, "plan", {"child_id": flag.child_id, "flag_id": flag.id,
                                        "goals": _text(goals), "measures": _text(measures),
                                        "who": _text(who), "review_on": review_on,
                                        "closed_on": None, "closed_reason": "", "reviews": []})
        _update(vault, flag, _event(vault, "plan_added", plan_id=pid))
        return pid


def _need_plan(plan_id: str) -> Plan:
    row = Plan.get_or_none(Plan.id == plan_id)
    if row is None:
        raise MentorError("err.plan_missing")
    return row


def review_plan(vault: Vault, plan_id: str, next_review_on: dt.date | None, note: str = "",
                on: dt.date | None = None) -> None:
    """Record a review and set the next review date (None: no further review planned)."""
    with vault.write():
        row = _need_plan(plan_id)
        if row.closed_on is not None:
            raise MentorError("err.plan_closed")
        reviews = list(row.reviews or []) + [{"on": (on or dt.date.today()).isoformat(),
                                              "note": _text(note), "by": teacher_name(vault)}]
        store.put(vault, "plan", {"reviews": reviews, "review_on": next_review_on},
                  record_id=plan_id)


def close_plan(vault: Vault, plan_id: str, reason: str = "", on: dt.date | None = None) -> None:
    with vault.write():
        row = _need_plan(plan_id)
        if row.closed_on is not None:
            raise MentorError("err.plan_closed")
        store.put(vault, "plan", {"closed_on": on or dt.date.today(),
                                  "closed_reason": _text(reason)}, record_id=plan_id)
        flag = get_flag(vault, row.flag_id) if row.flag_id else None
        if flag is not None:
            _update(vault, flag, _event(vault, "plan_closed", plan_id=plan_id))


def plans_of(vault: Vault, child_id: str | None = None, flag_id: str | None = None,
             include_closed: bool = True) -> list[PlanFacts]:
    with vault.read():
        q = Plan.select()
        if child_id:
            q = q.where(Plan.child_id == child_id)
        if flag_id:
            q = q.where(Plan.flag_id == flag_id)
        if not include_closed:
            q = q.where(Plan.closed_on.is_null())
        return [_plan_facts(r) for r in q.order_by(Plan.review_on, Plan.id)]


def plans_due(vault: Vault, today: dt.date) -> list[rules.PlanReviewItem]:
    """Review dates owed, as duty items (core.flags.plan_review_duties)."""
    return rules.plan_review_duties(plans_of(vault, include_closed=False), today)
