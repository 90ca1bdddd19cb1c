"""What the screens show, gathered in one call each (run from thread workers only).

Duty marks come from the duty engine (core/duties.py, fed by db/duty_data.py); the dashboard
shows the first three duties of the policy as columns and the most urgent of the others in a
fourth column, so it fits 80 columns whatever the school's policy.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from mentor_tui.core.duty_facts import DutyStatus
from mentor_tui.core.duty_summary import urgency_key
from mentor_tui.core.flags import FlagFacts
from mentor_tui.core.i18n import get_language
from mentor_tui.core.policy import Duty
from mentor_tui.core.terms import TermInfo, default_terms_for, phase_of, term_for, week_of_term
from mentor_tui.db import (
    children as children_db,
    entries as entries_db,
    settings as settings_db,
    store,
)
from mentor_tui.db.duty_data import DutyView, compute_view
from mentor_tui.db.models import Child, Contact, Entry
from mentor_tui.db.vault import Vault

if TYPE_CHECKING:
    from mentor_tui.core.duty_summary import Tally
    from mentor_tui.paths import Paths

COLUMNS = 3


@dataclass(frozen=True)
class DutyMark:
    duty_id: str
    label: str
    status: str  # done / due / due_soon / overdue / paused / not_applicable
    days_left: int | None = None
    due_date: dt.date | None = None
    last_done: dt.date | None = None
    count: int = 1  # for the "others" column: how many duties share this status
    done_term: int = 0  # this term so far: done of required (the child file's card)
    required_term: int = 0


@dataclass(frozen=True)
class TermLine:
    name: str
    week: int | None
    phase: str | None  # start / middle / end / None (in term) ; "break" between terms


@dataclass(frozen=True)
class DashboardRow:
    child_id: str
    name: str
    class_name: str
    marks: tuple[DutyMark, ...]  # one per column, then the others' summary (or None)
    others: DutyMark | None
    last_contact: dt.date | None
    urgency: tuple[tuple[int, int], str, str]  # (worst status rank, days), class, name
    has_draft: bool = False
    archived: bool = False


@dataclass
class Dashboard:
    today: dt.date
    term: TermLine | None
    columns: list[tuple[str, str]]  # (duty id, label)
    rows: list[DashboardRow]
    # db.flags.pinned_flags: the flag banner
    pinned: list[tuple[FlagFacts, str, int]] = field(default_factory=list)
    conflicts: int = 0  # records in conflict after a sync (a badge on the top line)
    unsynced: int = 0  # changes made here since the last export to her stick (a badge too)
    drafts: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    teacher: str = ""
    policy_problem: str = ""  # duty.policy_fallback: the stored policy failed, the default used


@dataclass
class ChildFile:
    child: Child
    contacts: list[Contact]
    entries: list[Entry]
    marks: tuple[DutyMark, ...]
    deleted: list[dict[str, object]]  # {"id", "kind", "occurred_on"} of her deleted entries
    deleted_contacts: list[dict[str, object]] = field(default_factory=list)  # id, name, role
    term_done: int = 0  # this term so far, over all her duties (duty_summary.summarize_child)
    term_required: int = 0
    # group id -> the names of the other children of that group entry (her timeline shows a
    # group check-in as one line, with who else it was for)
    groups: dict[str, list[str]] = field(default_factory=dict)


def _label(duty: Duty) -> str:
    return duty.label_zh if get_language() == "zh" else duty.label_en


def _mark(s: DutyStatus, label: str) -> DutyMark:
    return DutyMark(
        s.duty_id,
        label,
        s.status,
        s.days_left,
        s.due_date,
        s.last_done,
        done_term=s.done_this_term,
        required_term=s.required_this_term,
    )


def _others(statuses: list[DutyStatus], labels: dict[str, str]) -> DutyMark | None:
    if not statuses:
        return None
    worst = min(statuses, key=urgency_key)
    same = sum(1 for s in statuses if s.status == worst.status)
    return DutyMark(
        worst.duty_id,
        labels[worst.duty_id],
        worst.status,
        worst.days_left,
        worst.due_date,
        worst.last_done,
        same,
    )


# --- terms -------------------------------------------------------------------------------


def default_term(today: dt.date) -> TermInfo:
    """The term around ``today`` (or the next one) from the default school calendar."""
    autumn, spring = default_terms_for(today)
    if today <= autumn.end:
        return autumn
    return spring


def term_line(terms: Sequence[TermInfo], today: dt.date) -> TermLine | None:
    term = term_for(today, terms) if terms else None
    if term is None:
        return TermLine("", None, "break") if terms else None
    return TermLine(term.name, week_of_term(today, term), phase_of(today, term))


# --- screens -----------------------------------------------------------------------------


def _unsynced(vault: Vault) -> int:
    from mentor_tui.db.sync_read import unsynced_count

    with vault.read():
        return unsynced_count(vault)


def dashboard(vault: Vault, today: dt.date, include_archived: bool = False) -> Dashboard:
    """The dashboard's rows, most urgent first; with ``include_archived`` the archived children
    follow the others (they owe nothing: every mark is not applicable)."""
    view = compute_view(vault, today)
    kids = children_db.list_children(vault, include_archived=include_archived)
    labels = _labels(view)
    columns = [(d.id, labels[d.id]) for d in view.policy.duties[:COLUMNS]]
    drafts = _quick_drafts(vault)
    rows = _rows(view, kids, labels, entries_db.last_contact_dates(vault), drafts)
    from mentor_tui.db.flags import pinned_flags

    return Dashboard(
        today=today,
        term=term_line(view.terms, today),
        columns=columns,
        rows=rows,
        pinned=pinned_flags(vault),
        conflicts=len(store.conflicts(vault)),
        unsynced=_unsynced(vault),
        drafts=drafts,
        teacher=str(settings_db.get_setting(vault, "teacher_name", "") or ""),
        policy_problem=view.policy_warning(),
    )


def dashboard_row(
    vault: Vault, today: dt.date, child_id: str
) -> tuple[DashboardRow | None, list[tuple[str, dict[str, Any]]]]:
    """One child's dashboard row, as :func:`dashboard` would build it, and the drafts: what a
    save from the dashboard can change (the rest of the list stays as it was). None when she
    is gone (erased, or deleted on another machine)."""
    view = compute_view(vault, today, child_id=child_id)
    child = children_db.get_child(vault, child_id)
    drafts = _quick_drafts(vault)
    if child is None:
        return None, drafts
    rows = _rows(
        view, [child], _labels(view), entries_db.last_contact_dates(vault, child_id), drafts
    )
    return rows[0], drafts


def _quick_drafts(vault: Vault) -> list[tuple[str, dict[str, Any]]]:
    """Quick-entry drafts (r resumes them); a form's draft ("form:…") waits for its form."""
    return [(k, d) for k, d in settings_db.list_drafts(vault) if not k.startswith("form:")]


def _rows(
    view: DutyView,
    kids: Iterable[Child],
    labels: dict[str, str],
    last: dict[str, dt.date],
    drafts: list[tuple[str, dict[str, Any]]],
) -> list[DashboardRow]:
    col_ids = [d.id for d in view.policy.duties[:COLUMNS]]
    by_child: dict[str, list[DutyStatus]] = {}
    for st in view.statuses:
        by_child.setdefault(st.child_id, []).append(st)
    draft_children = {d.get("child_id") for _, d in drafts}
    rows = []
    for c in kids:
        sts = by_child.get(c.id, [])
        by_duty = {s.duty_id: s for s in sts}
        marks = tuple(
            _mark(by_duty[d], labels[d])
            if d in by_duty
            else DutyMark(d, labels[d], "not_applicable")
            for d in col_ids
        )
        others = _others([s for s in sts if s.duty_id not in col_ids], labels)
        worst = min((urgency_key(s)[:2] for s in sts), default=(99, 0))
        rows.append(
            DashboardRow(
                c.id,
                c.name,
                c.class_name,
                marks,
                others,
                last.get(c.id),
                (worst, c.class_name, c.name),
                c.id in draft_children,
                c.status == "archived",
            )
        )
    rows.sort(key=lambda r: (r.archived, r.urgency))
    return rows


def child_file(
    vault: Vault, child_id: str, today: dt.date, kinds: list[str] | None = None
) -> ChildFile:
    from mentor_tui.core.errors import MentorError

    child = children_db.get_child(vault, child_id)
    if child is None:
        raise MentorError("err.record_missing")
    deleted = [
        {
            "id": v.record_id,
            "kind": v.payload.get("kind", ""),
            "occurred_on": v.payload.get("occurred_on", ""),
        }
        for v in store.deleted_records(vault, "entry")
        if v.payload.get("child_id") == child_id
    ]
    marks, term = _child_duties(vault, child_id, today)
    entries = entries_db.entries_for_child(vault, child_id, kinds, limit=None)
    return ChildFile(
        child=child,
        contacts=children_db.contacts_of(vault, child_id),
        entries=entries,
        marks=marks,
        deleted=deleted,
        deleted_contacts=children_db.deleted_contacts(vault, child_id),
        term_done=term.done,
        term_required=term.required,
        groups=_group_names(vault, child_id, [e.group_id for e in entries if e.group_id]),
    )


def _group_names(vault: Vault, child_id: str, group_ids: list[str]) -> dict[str, list[str]]:
    """group id -> the names of the group's other children (a child erased or deleted since
    is left out)."""
    members = entries_db.group_members(vault, group_ids)
    others = {cid for ids in members.values() for cid in ids if cid != child_id}
    names = {cid: c.name for cid in others if (c := children_db.get_child(vault, cid))}
    return {
        gid: [names[cid] for cid in ids if cid in names and cid != child_id]
        for gid, ids in members.items()
    }


def _child_duties(
    vault: Vault, child_id: str, today: dt.date
) -> tuple[tuple[DutyMark, ...], Tally]:
    """Her duty marks (with this term's counts) and her term total."""
    from mentor_tui.core.duty_summary import summarize_child

    view = compute_view(vault, today)
    labels = _labels(view)
    marks = tuple(_mark(s, labels[s.duty_id]) for s in view.statuses if s.child_id == child_id)
    return marks, summarize_child(view.statuses, child_id).term


def _child_marks(vault: Vault, child_id: str, today: dt.date) -> tuple[DutyMark, ...]:
    return _child_duties(vault, child_id, today)[0]


def _labels(view: DutyView) -> dict[str, str]:
    """Labels of the policy's duties and of duties from elsewhere (an individual plan's review,
    issue 7), so every status has one."""
    from mentor_tui.db.duty_data import duty_label

    labels = {d.id: _label(d) for d in view.policy.duties}
    for s in view.statuses:
        if s.duty_id not in labels:
            labels[s.duty_id] = duty_label(view.policy, s.duty_id)
    return labels


def available_presets() -> list[str]:
    """Duty policy presets shipped with the program (``core/presets/*.toml``)."""
    try:
        from importlib.resources import files

        names = sorted(
            f.name[:-5]
            for f in files("mentor_tui.core.presets").iterdir()
            if f.name.endswith(".toml")
        )
    except (ModuleNotFoundError, OSError):
        names = []
    if "default" in names:
        names.remove("default")
        names.insert(0, "default")
    return names or ["default"]


def setup_profile(
    paths: Paths,
    *,
    teacher: str,
    school: str,
    passphrase: str,
    term_name: str,
    term_start: dt.date,
    term_end: dt.date,
    preset: str,
    child_name: str,
    child_class: str,
    today: dt.date,
) -> Vault:
    """The first-run wizard's result: a new profile, its settings, term and first child."""
    from mentor_tui.db.vault import create_vault

    vault = create_vault(paths, teacher, passphrase)
    try:
        settings_db.set_setting(vault, "teacher_name", teacher)
        settings_db.set_setting(vault, "school", school)
        settings_db.set_setting(vault, "policy", preset)
        breaks = [
            [b0.isoformat(), b1.isoformat(), label]
            for b0, b1, label in default_term(term_start).breaks
            if term_start <= b0 and b1 <= term_end
        ]
        settings_db.add_term(vault, term_name, term_start, term_end, breaks=breaks)
        if child_name.strip():
            children_db.add_child(vault, child_name, added_on=today, class_name=child_class)
    except BaseException:
        vault.close()
        raise
    return vault
