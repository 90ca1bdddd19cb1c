"""What ``db.flags`` and ``db.flag_absence`` share: rows as ``core.flags`` facts, the teacher's
name, clean text and dates, and the one way a flag record is created or changed (a new version
through ``db.store``, with one more history event). Every function takes an open vault.
"""

from __future__ import annotations

import datetime as dt

from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.flags import REPORT_STEPS, FlagFacts, PlanFacts
from mentor_tui.core.validate import check_date, check_text, clean_text, limit_for
from mentor_tui.db import store
from mentor_tui.db.flag_models import Flag, Plan
from mentor_tui.db.models import Setting
from mentor_tui.db.vault import Vault


def facts(row: Flag) -> FlagFacts:
    return FlagFacts(
        id=row.id,
        child_id=row.child_id,
        category=row.category,
        opened_at=row.opened_at,
        opened_by=row.opened_by or "",
        observed=row.observed or "",
        status=row.status or "open",
        checklist=dict(row.checklist or {}),
        attempts=tuple(row.attempts or ()),
        resolved_reason=row.resolved_reason or "",
        resolved_on=row.resolved_on,
        events=tuple(row.events or ()),
    )


def plan_facts(row: Plan) -> PlanFacts:
    return PlanFacts(
        id=row.id,
        child_id=row.child_id,
        flag_id=row.flag_id,
        goals=row.goals or "",
        measures=row.measures or "",
        who=row.who or "",
        review_on=row.review_on,
        closed_on=row.closed_on,
        reviews=tuple(row.reviews or ()),
    )


def get_flag(vault: Vault, flag_id: str) -> FlagFacts | None:
    with vault.read():
        row = Flag.get_or_none(Flag.id == flag_id)
        return facts(row) if row else None


def need_flag(vault: Vault, flag_id: str) -> FlagFacts:
    flag = get_flag(vault, flag_id)
    if flag is None:
        raise MentorError("err.flag_missing")
    return flag


def need_open_flag(vault: Vault, flag_id: str) -> FlagFacts:
    """The flag, refused when resolved: it takes no more steps, attempts or plans until it is
    reopened (its record is closed; the history says why)."""
    flag = need_flag(vault, flag_id)
    if not flag.is_open:
        raise MentorError("err.flag_resolved_locked")
    return flag


def teacher_name(vault: Vault) -> str:
    with vault.read():
        row = Setting.get_or_none(Setting.id == "teacher_name")
    return str(row.value) if row is not None and row.value else vault.profile.name


def now() -> dt.datetime:
    return dt.datetime.now().replace(second=0, microsecond=0)


def event(
    vault: Vault, type_: str, at: dt.datetime | None = None, **data: object
) -> dict[str, object]:
    return {"at": (at or now()).isoformat(), "by": teacher_name(vault), "type": type_, **data}


def text(value: str, field: str = "note", label_key: str = "flag.field.note") -> str:
    """Typed text, cleaned; refused when it breaks the length rule or cannot be encoded
    (``core.validate``: a note 20,000 characters, a short field 200)."""
    checked = check_text(value or "", field, limit_for("flag", field), label_key)
    return clean_text(checked, multiline=True).strip()


def when(value: str | dt.date | None, field: str = "done_at") -> str:
    """A date or date-time (not in the future) as ISO text; None: now."""
    if value is None or value == "":
        value = now()
    if isinstance(value, str):
        try:
            value = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            raise ValidationError("err.bad_date", field=field, value=value) from None
    limit = dt.datetime.now() + dt.timedelta(days=1)
    moment = value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())
    check_date(moment.date(), field)
    if moment > limit:
        raise ValidationError("err.future_date", field=field)
    if isinstance(value, dt.datetime):
        return value.replace(second=0, microsecond=0).isoformat(timespec="minutes")
    return value.isoformat()


def create_flag(
    vault: Vault,
    child_id: str,
    category: str,
    observed: str,
    at: dt.datetime,
    first_event: dict[str, object],
    record_id: str | None = None,
) -> str:
    """Write the first version of a flag (``record_id``: a deterministic id, else a new one)."""
    return store.put(
        vault,
        "flag",
        {
            "child_id": child_id,
            "category": category,
            "opened_at": at,
            "opened_by": teacher_name(vault),
            "observed": observed,
            "status": "open",
            "checklist": {},
            "attempts": [],
            "resolved_reason": "",
            "resolved_on": None,
            "events": [first_event],
        },
        record_id=record_id,
    )


def update(vault: Vault, flag: FlagFacts, *events: dict[str, object], **fields: object) -> None:
    """A new version of the flag: ``fields`` laid over it, ``events`` appended to its history."""
    store.put(
        vault, "flag", {**fields, "events": list(flag.events) + list(events)}, record_id=flag.id
    )


def reopen(vault: Vault, flag: FlagFacts, *events: dict[str, object]) -> None:
    """Back to ``open`` (``reported`` when a report step is recorded); the reason is cleared."""
    reported = any(s in flag.checklist for s in REPORT_STEPS)
    update(
        vault,
        flag,
        event(vault, "reopened"),
        *events,
        status="reported" if reported else "open",
        resolved_reason="",
        resolved_on=None,
    )
