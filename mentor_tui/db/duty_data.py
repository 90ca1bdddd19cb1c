"""Feeding the duty engine (core/duties.py) from the vault: the policy, the terms, the children
and only the entries that can matter today: those from ``needed_since`` (a range search of the
covering index ``entry_due_scan`` (occurred_on, child_id, kind, outcome), db/entries.py
duty_facts_query; the entries of groups from their own small index), plus the newest counting
entry per (child, kind, outcome, group or not) in the term before
(``last_done_window``, the same index) so ``last_done`` survives a term start. Due items are
computed, never stored (SYNC.md: the Taskwarrior duplicate-recurrence bug)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mentor_tui.core.duties import compute_duties, last_done_window, needed_since
from mentor_tui.core.duty_facts import ChildFacts, DutyStatus
from mentor_tui.core.errors import MentorError
from mentor_tui.core.flags import with_plan_reviews
from mentor_tui.core.i18n import t
from mentor_tui.core.policy import Policy, load_preset, parse_policy
from mentor_tui.core.terms import TermInfo
from mentor_tui.db.entries import duty_facts_since, last_done_before
from mentor_tui.db.flags import plans_of
from mentor_tui.db.models import Child
from mentor_tui.db.settings import list_terms, policy_source, term_info
from mentor_tui.db.vault import Vault

DEFAULT_PRESET = "default"


@dataclass(frozen=True)
class DutyView:
    policy: Policy
    terms: list[TermInfo]
    children: list[ChildFacts]
    statuses: list[DutyStatus]
    today: dt.date
    policy_problem: MentorError | None = None  # the stored policy failed: the default is used

    def policy_warning(self) -> str:
        """The one sentence saying the default policy stands in, and why ("" when it does not)."""
        problem = self.policy_problem
        return t("duty.policy_fallback", reason=str(problem)) if problem is not None else ""


def policy_of(vault: Vault) -> Policy:
    """The school's own policy text (setting ``policy_toml``) or a shipped preset (``policy``);
    see db/settings.py policy_source and ``mentor policy``."""
    kind, value = policy_source(vault)
    return parse_policy(value) if kind == "file" else load_preset(value or DEFAULT_PRESET)


def policy_in_force(vault: Vault) -> tuple[Policy, MentorError | None]:
    """:func:`policy_of`, or, when the stored policy cannot be used (text from a newer version
    or damaged, arrived by sync; a preset this version lacks), the default preset and why, so
    the teacher still sees her children and what is due, with a warning. Documents for the
    school (db/reports.py) use :func:`policy_of` and refuse instead."""
    try:
        return policy_of(vault), None
    except MentorError as err:
        return load_preset(DEFAULT_PRESET), err


def term_infos(vault: Vault) -> list[TermInfo]:
    return [term_info(row) for row in list_terms(vault)]


def child_facts(vault: Vault, child_id: str | None = None) -> list[ChildFacts]:
    """Every child (archived too), or one, as the engine sees her: only the columns it reads
    (a whole row of a child is about twenty fields, half of them JSON)."""
    cols = (
        Child.id,
        Child.name,
        Child.class_name,
        Child.boarding,
        Child.categories,
        Child.added_on,
        Child.archived_on,
        Child.status,
    )
    with vault.read():
        q = Child.select(*cols)
        if child_id is not None:
            q = q.where(Child.id == child_id)
        rows = list(q.order_by(Child.class_name, Child.name).namedtuples().iterator())
    return [
        ChildFacts(
            id=r.id,
            name=r.name,
            class_name=r.class_name,
            boarding=bool(r.boarding),
            categories=frozenset(r.categories or ()),
            added_on=r.added_on,
            # an archived child without the date owes nothing, whatever the date
            archived_on=r.archived_on or (dt.date.min if r.status == "archived" else None),
        )
        for r in rows
    ]


def compute_view(
    vault: Vault, today: dt.date | None = None, child_id: str | None = None
) -> DutyView:
    """Every child's duty statuses today, or one child's (``child_id``: the same statuses as
    hers in the whole view, from her entries only; the dashboard after a save)."""
    today = today or dt.date.today()
    policy, problem = policy_in_force(vault)
    terms = term_infos(vault)
    kids = child_facts(vault, child_id)
    since = needed_since(policy, terms, today)
    facts = duty_facts_since(vault, since, child_id)
    # The newest counting entry before the term start, for last_done on a term's first days.
    window = last_done_window(policy, terms, today)
    if window is not None:
        facts += last_done_before(
            vault,
            *window,
            kinds={duty.kind for duty in policy.duties},
            outcomes={o for duty in policy.duties for o in duty.outcomes},
            child_id=child_id,
        )
    statuses = compute_duties(policy, terms, kids, facts, today)
    # Individual education plans (issue 7): each open plan's review date is owed like a duty.
    statuses = with_plan_reviews(statuses, plans_of(vault, child_id, include_closed=False), today)
    return DutyView(policy, terms, kids, statuses, today, problem)


def duty_label(policy: Policy, duty_id: str, lang: str | None = None) -> str:
    """A duty's label: the policy's own, or the i18n key ``duty.<id>`` for duties that come
    from elsewhere (``plan_review``)."""
    try:
        return policy.duty(duty_id).label(lang)
    except KeyError:
        return t(f"duty.{duty_id}", lang=lang)
