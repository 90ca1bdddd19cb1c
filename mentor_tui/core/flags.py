"""Flags on a child: the risks a mentor must act on, their checklists and clocks. Pure.

The rules come from seed 001 (../shared/domain/seeds/001_41f2c09e84035b26.txt), BRIEF.md
"Risks the teacher must act on":

* 冷水江 "建立强制报告机制" (mandatory report, 强制报告): "任何时间、任何地点发现留守儿童脱离监护
  单独居住或失踪、监护人丧失监护能力或不履行监护责任、疑似遭受家庭暴力、疑似遭受意外伤害或不法侵害等
  情况，应在第一时间向公安机关报告" → categories ``missing``, ``guardian_failing``, ``violence``,
  ``harm``; regime ``mandatory_report``.
* 冷水江 "控辍保学" (dropout control): "对学生无故旷课2天以上、具体去向明确、学校2次以上劝返未果的，
  必须报告并启动返校复学程序；对去向不明的，及时报告公安部门" → category ``absence``; regime
  ``dropout``: two return attempts (劝返), then the report; whereabouts unknown → the police.
* "对少数学习严重滑坡、人格发展不健全、道德发展失范、涉嫌违法的“留守儿童”要制定个别教育管理方案"
  → categories ``study_collapse``, ``conduct``; regime ``individual_plan``.
* 三官桥 "建立留守儿童突发事件的应急机制 … 立即告知“留守儿童”的监护人和在外务工的家长" and
  "要及时报告给校领导和留守儿童监护人" → the ``tell_leadership`` and ``tell_family`` steps of a
  mandatory report, and regime ``inform`` for ``psych_crisis`` and ``bullying``.

*Statutory* regimes (``mandatory_report``, ``dropout``) pin an open flag to the top of the
dashboard until every required step is recorded (:func:`pinned`).

A flag's checklist is stored as ``{step_id: {done_at, to_whom, receipt, note, by}}``; return
attempts as a list of ``{on, by, how, outcome, note}``; the teacher-facing history as a list of
events ``{at, by, type, ...}``. Wording of categories and steps: ``core/catalog/flags.py``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from mentor_tui.core.absence import attempts_since_return
from mentor_tui.core.i18n import t

if TYPE_CHECKING:
    from mentor_tui.core.duty_facts import DutyStatus

CATEGORIES = (
    "missing",
    "guardian_failing",
    "violence",
    "harm",
    "absence",
    "psych_crisis",
    "bullying",
    "study_collapse",
    "conduct",
    "other",
)
REGIMES = ("mandatory_report", "dropout", "individual_plan", "inform", "none")
CATEGORY_REGIME = {
    "missing": "mandatory_report",
    "guardian_failing": "mandatory_report",
    "violence": "mandatory_report",
    "harm": "mandatory_report",
    "absence": "dropout",
    "psych_crisis": "inform",
    "bullying": "inform",
    "study_collapse": "individual_plan",
    "conduct": "individual_plan",
    "other": "none",
}
STATUTORY_REGIMES = ("mandatory_report", "dropout")
STATUSES = ("open", "reported", "resolved")
ATTEMPT_OUTCOMES = ("failed", "returned", "unknown_whereabouts")

# Steps the teacher records by hand (the others are derived: attempts, plans).
RECORDED_STEPS = ("police_report", "tell_leadership", "tell_family", "dropout_report")
ALL_STEPS = (
    "police_report",
    "tell_leadership",
    "tell_family",
    "return_attempt_1",
    "return_attempt_2",
    "dropout_report",
    "individual_plan",
)
# The fields a recorded step asks for; those in REQUIRED_STEP_FIELDS must not be empty.
STEP_FIELDS = {
    "police_report": ("done_at", "to_whom", "receipt", "note"),
    "tell_leadership": ("done_at", "to_whom", "note"),
    "tell_family": ("done_at", "to_whom", "note"),
    "dropout_report": ("done_at", "to_whom", "receipt", "note"),
}
REQUIRED_STEP_FIELDS = ("done_at", "to_whom")
# Steps the teacher may record per regime (required ones and optional ones).
RECORDABLE = {
    "mandatory_report": ("police_report", "tell_leadership", "tell_family"),
    "dropout": ("dropout_report", "police_report", "tell_leadership", "tell_family"),
    "individual_plan": ("tell_leadership", "tell_family"),
    "inform": ("tell_leadership", "tell_family"),
    "none": ("police_report", "tell_leadership", "tell_family"),
}
# Steps that mean "reported": recording one moves an open flag to status "reported".
REPORT_STEPS = ("police_report", "dropout_report")
UNEXPLAINED_DAYS_TO_FLAG = 2  # 001: 无故旷课2天以上
FAILED_ATTEMPTS_TO_REPORT = 2  # 001: 学校2次以上劝返未果的，必须报告
PLAN_REVIEW_DUTY = "plan_review"
PLAN_REVIEW_WARN_DAYS = 7


def regime(category: str) -> str:
    return CATEGORY_REGIME.get(category, "none")


def is_statutory(category: str) -> bool:
    return regime(category) in STATUTORY_REGIMES


@dataclass(frozen=True)
class FlagFacts:
    """One flag as the rules see it (mirrors ``db.flag_models.Flag``)."""

    id: str
    child_id: str
    category: str
    opened_at: dt.datetime
    opened_by: str = ""
    observed: str = ""
    status: str = "open"
    checklist: Mapping[str, Mapping[str, str]] = field(default_factory=dict)
    attempts: Sequence[Mapping[str, str]] = ()
    resolved_reason: str = ""
    resolved_on: dt.date | None = None
    events: Sequence[Mapping[str, object]] = ()

    @property
    def is_open(self) -> bool:
        return self.status != "resolved"


@dataclass(frozen=True)
class PlanFacts:
    """An individual education plan (个别教育管理方案, seed 001) (mirrors ``Plan``)."""

    id: str
    child_id: str
    flag_id: str | None
    goals: str = ""
    measures: str = ""
    who: str = ""
    review_on: dt.date | None = None
    closed_on: dt.date | None = None
    reviews: Sequence[Mapping[str, str]] = ()

    def is_open(self, today: dt.date) -> bool:
        return self.closed_on is None or self.closed_on > today


@dataclass(frozen=True)
class StepState:
    step_id: str
    required: bool
    done: bool
    record: Mapping[str, object] | None = None


# --- checklist -------------------------------------------------------------------------------
class AttemptCounts(NamedTuple):
    """What a dropout's return attempts came to."""

    attempts: int
    failed: int
    returned: bool
    whereabouts_unknown: bool


def attempt_counts(attempts: Iterable[Mapping[str, object]]) -> AttemptCounts:
    items = list(attempts)
    outcomes = [str(a.get("outcome", "")) for a in items]
    return AttemptCounts(
        len(items),
        outcomes.count("failed"),
        "returned" in outcomes,
        "unknown_whereabouts" in outcomes,
    )


def _recorded(
    flag: FlagFacts, step_id: str, after: str | None = None
) -> Mapping[str, object] | None:
    """The step's record; with ``after`` (a day) only one made later (a report made before the
    child's last return belongs to the episode that return closed)."""
    rec = flag.checklist.get(step_id)
    if not rec or not rec.get("done_at"):
        return None
    return rec if after is None or str(rec["done_at"])[:10] > after else None


def checklist(flag: FlagFacts, plan_count: int = 0) -> list[StepState]:
    """The flag's steps in order, each required or not (yet) and done or not.

    Steps that are neither required nor done (a police report on an absence whose child's
    whereabouts are known) are left out.
    """
    reg = regime(flag.category)
    steps: list[StepState] = []

    def add(
        step_id: str,
        required: bool,
        done: bool | None = None,
        record: Mapping[str, object] | None = None,
        after: str | None = None,
    ) -> None:
        rec = record if record is not None else _recorded(flag, step_id, after)
        is_done = bool(rec) if done is None else done
        if required or is_done:
            steps.append(StepState(step_id, required, is_done, rec))

    if reg == "mandatory_report":
        for step in ("police_report", "tell_leadership", "tell_family"):
            add(step, True)
    elif reg == "dropout":
        # Only the attempts since the child was last back count (failed, returned, failed: one).
        atts, back_on = attempts_since_return(flag.attempts)
        n, failed, returned, unknown = attempt_counts(atts)
        add("return_attempt_1", True, n >= 1, atts[0] if n >= 1 else None)
        add(
            "return_attempt_2",
            n >= 2 or not (returned or unknown),
            n >= 2,
            atts[1] if n >= 2 else None,
        )
        add("dropout_report", failed >= FAILED_ATTEMPTS_TO_REPORT, after=back_on)
        add("police_report", unknown, after=back_on)
    elif reg == "individual_plan":
        add("individual_plan", True, plan_count > 0, {} if plan_count > 0 else None)
    elif reg == "inform":
        for step in ("tell_leadership", "tell_family"):
            add(step, True)
    listed = {s.step_id for s in steps}
    for step in RECORDABLE[reg]:  # optional steps the teacher recorded anyway
        if step not in listed:
            add(step, False)
    return steps


def progress(steps: Sequence[StepState]) -> tuple[int, int]:
    """(required steps done, required steps)."""
    req = [s for s in steps if s.required]
    return sum(1 for s in req if s.done), len(req)


def is_complete(flag: FlagFacts, plan_count: int = 0) -> bool:
    done, req = progress(checklist(flag, plan_count))
    return done == req


def missing_steps(flag: FlagFacts, plan_count: int = 0) -> list[str]:
    return [s.step_id for s in checklist(flag, plan_count) if s.required and not s.done]


def needs_report(flag: FlagFacts) -> bool:
    """True when a report is required and not yet recorded: any open mandatory-report flag
    without its police report; an absence after two failed return attempts (or with the
    child's whereabouts unknown) without its report."""
    if not flag.is_open:
        return False
    return any(s in REPORT_STEPS for s in missing_steps(flag))


def can_record(flag: FlagFacts, step_id: str) -> bool:
    """Whether the teacher may record ``step_id`` on this flag (required or optional)."""
    return step_id in RECORDABLE[regime(flag.category)]


# --- clock and dashboard order ---------------------------------------------------------------
def age(flag: FlagFacts, now: dt.datetime) -> tuple[int, int]:
    """(whole days, whole hours) since the flag was opened (never negative)."""
    secs = max(int((now - flag.opened_at).total_seconds()), 0)
    return secs // 86400, secs // 3600


def age_text(flag: FlagFacts, now: dt.datetime, lang: str | None = None) -> str:
    days, hours = age(flag, now)
    if days >= 1:
        return t("flag.age_days", lang=lang, n=days)
    return t("flag.age_hours", lang=lang, n=hours)


def pinned(
    flags: Iterable[FlagFacts], plan_counts: Mapping[str, int] | None = None
) -> list[FlagFacts]:
    """Open statutory flags with a required step not yet recorded: the top of the dashboard.
    Mandatory reports first, then dropout flags; needing a report first; oldest first."""
    counts = plan_counts or {}
    out = [
        f
        for f in flags
        if f.is_open and is_statutory(f.category) and not is_complete(f, counts.get(f.id, 0))
    ]
    return sorted(
        out,
        key=lambda f: (
            STATUTORY_REGIMES.index(regime(f.category)),
            not needs_report(f),
            f.opened_at,
            f.id,
        ),
    )


def sort_flags(
    flags: Iterable[FlagFacts], plan_counts: Mapping[str, int] | None = None
) -> list[FlagFacts]:
    """The flag list: pinned flags, then other open flags (newest first), then resolved."""
    items = list(flags)
    top = pinned(items, plan_counts)
    ids = {f.id for f in top}
    rest_open = sorted(
        (f for f in items if f.is_open and f.id not in ids),
        key=lambda f: (f.opened_at, f.id),
        reverse=True,
    )
    closed = sorted(
        (f for f in items if not f.is_open),
        key=lambda f: (f.resolved_on or dt.date.min, f.opened_at, f.id),
        reverse=True,
    )
    return top + rest_open + closed


def banner_line(
    flag: FlagFacts, child_name: str, now: dt.datetime, plan_count: int = 0, lang: str | None = None
) -> str:
    """ "⚠ 强制报告 · 王小明 · 疑似遭受家庭暴力 · 已开 3 天 · 2/3 步" — text marks, no colour needed."""
    done, req = progress(checklist(flag, plan_count))
    parts = [
        t(f"flag.regime.{regime(flag.category)}", lang=lang),
        child_name,
        t(f"flag.cat.{flag.category}", lang=lang),
        age_text(flag, now, lang),
        t("flag.steps_progress", lang=lang, done=done, total=req),
    ]
    if needs_report(flag):
        parts.append(t("flag.needs_report", lang=lang))
    return "⚠ " + " · ".join(parts)


# --- individual plans as duties --------------------------------------------------------------
@dataclass(frozen=True)
class PlanReviewItem:
    """A plan review date as a duty (shaped like ``core.duties.DutyStatus``)."""

    child_id: str
    duty_id: str
    status: str
    due_date: dt.date
    days_left: int
    plan_id: str
    flag_id: str | None


def plan_review_duties(
    plans: Iterable[PlanFacts], today: dt.date, warn_days: int = PLAN_REVIEW_WARN_DAYS
) -> list[PlanReviewItem]:
    """One item per open plan with a review date: ``overdue`` past it, ``due_soon`` within
    ``warn_days`` (the day itself: 0 days left), else ``due``. A closed plan owes nothing."""
    out = []
    for p in plans:
        if not p.is_open(today) or p.review_on is None:
            continue
        left = (p.review_on - today).days
        status = "overdue" if left < 0 else "due_soon" if left <= warn_days else "due"
        out.append(
            PlanReviewItem(p.child_id, PLAN_REVIEW_DUTY, status, p.review_on, left, p.id, p.flag_id)
        )
    return sorted(out, key=lambda i: (i.days_left, i.child_id, i.plan_id))


def as_duty_statuses(items: Iterable[PlanReviewItem]) -> list[DutyStatus]:
    """Adapt plan review items to ``core.duties.DutyStatus`` (one review owed, none done; the
    term and month tallies stay 0 so the policy's statistics are unchanged)."""
    from mentor_tui.core.duty_facts import DutyStatus

    return [
        DutyStatus(
            child_id=i.child_id,
            duty_id=i.duty_id,
            status=i.status,
            period=None,
            due_date=i.due_date,
            days_left=i.days_left,
            last_done=None,
            days_since_last=None,
            done_in_period=0,
            required_in_period=1,
            done_this_month=0,
            required_this_month=0,
            done_this_term=0,
            required_this_term=0,
            required_full_term=0,
            term_id=None,
        )
        for i in items
    ]


def with_plan_reviews(
    statuses: Iterable[DutyStatus], plans: Iterable[PlanFacts], today: dt.date
) -> list[DutyStatus]:
    """``compute_duties(...)`` output plus one status per plan review owed."""
    return list(statuses) + as_duty_statuses(plan_review_duties(plans, today))


def parse_review_date(text: str, today: dt.date) -> dt.date | None:
    """A plan review date: ``YYYY-MM-DD`` or ``+N`` (N days from today); empty: None."""
    from mentor_tui.core.validate import parse_iso_date

    value = (text or "").strip()
    if value.startswith("+") and value[1:].isdigit():
        return today + dt.timedelta(days=int(value[1:]))
    return parse_iso_date(value, "review_on")


# --- words for people (the flag screen, the report sheet) -----------------------------------
def step_line(step: StepState, lang: str | None = None) -> str:
    """ "[✓] 第一时间向公安机关报告 — 2026-03-02T10:00 · 城关派出所 · 回执号 JX-1"."""
    mark = t("flag.step.done" if step.done else "flag.step.todo", lang=lang)
    text = f"{mark} {t(f'flag.step.{step.step_id}', lang=lang)}"
    if not step.required:
        text += " " + t("flag.step.optional", lang=lang)
    rec = step.record or {}
    details = []
    if rec.get("done_at") or rec.get("on"):
        details.append(str(rec.get("done_at") or rec.get("on")).replace("T", " "))
    if rec.get("to_whom"):
        details.append(str(rec["to_whom"]))
    if rec.get("how"):
        details.append(str(rec["how"]))
    if rec.get("outcome"):
        details.append(t(f"flag.attempt.{rec['outcome']}", lang=lang))
    if rec.get("receipt"):
        details.append(f"{t('flag.field.receipt', lang=lang)} {rec['receipt']}")
    if rec.get("note"):
        details.append(str(rec["note"]))
    return text + (" — " + " · ".join(details) if details else "")


def attempt_line(a: Mapping[str, object], lang: str | None = None) -> str:
    """ "2026-03-03 · 劝返未果 · 家访 · 王老师 · 奶奶说孩子去了广州"."""
    parts = [
        a.get("on", ""),
        t(f"flag.attempt.{a.get('outcome')}", lang=lang),
        a.get("how", ""),
        a.get("by", ""),
        a.get("note", ""),
    ]
    return " · ".join(str(x) for x in parts if x)


def event_line(ev: Mapping[str, object], lang: str | None = None) -> str:
    """One history event: "2026-03-02 10:00 王老师：记录：第一时间向公安机关报告"."""
    kind = str(ev.get("type", ""))
    if kind == "step":
        what = t("flag.event.step", lang=lang, step=t(f"flag.step.{ev.get('step')}", lang=lang))
        extra = [str(ev[k]) for k in ("to_whom", "receipt") if ev.get(k)]
        what += (" (" + ", ".join(extra) + ")") if extra else ""
    elif kind == "attempt":
        what = t(
            "flag.event.attempt",
            lang=lang,
            outcome=t(f"flag.attempt.{ev.get('outcome')}", lang=lang),
        )
        what += f" ({ev['how']})" if ev.get("how") else ""
    elif kind in ("auto_opened", "absence", "resolved", "note"):
        what = t(
            f"flag.event.{kind}",
            lang=lang,
            n=ev.get("n", ""),
            day=ev.get("day", ""),
            reason=ev.get("reason", ""),
            text=ev.get("text", ""),
        )
    else:
        what = t(f"flag.event.{kind}", lang=lang)
    when = str(ev.get("at", "")).replace("T", " ")[:16]
    return f"{when} {ev.get('by', '')}: {what}"


def observed_text(flag: FlagFacts, lang: str | None = None) -> str:
    """What was observed; for a flag the app opened itself, the rule that opened it."""
    if flag.observed:
        return flag.observed
    auto = next((e for e in flag.events if e.get("type") == "auto_opened"), None)
    return t("flag.event.auto_opened", lang=lang, n=auto.get("n", "")) if auto else ""
