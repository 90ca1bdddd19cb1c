"""Report packets (教师 → 学校, ``*.mentorreport``; docs/school.md "Packets"): a snapshot of her
work for the school, sealed to the school's key and signed with hers.

What leaves (and nothing else): for every child the school handed her (those moved away during
the term too) and every month of the term so far, each duty's figures (core/school_figures.py:
expected, done, on time, attempts, the dates done) — the very numbers of her own ledger; her
open risk flags (category, dates, the steps recorded: the escalation stage) and, whatever their
state, the term's mandatory reports (强制报告: the school must act on them, seed 001), a child the
school did not hand over named by name and class only then; her pending correction requests;
her public keys. Her notes and record cards never travel — except, when the school asks for
them and she ticks them (``with_cards``), the record cards of the term, which the preview lists
exactly (:func:`card_rows`).

The sequence is (hybrid clock, device): her report keys and the clock travel with her sync
file, so any lab machine reports as her, and two machines never tie.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mentor_tui.core import flags as flag_rules, vocab
from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.school_bodies import (
    CardRow,
    CorrectionRow,
    DutyInfo,
    FigureRow,
    FlagRow,
    Report,
    Seq,
)
from mentor_tui.core.school_packet import REPORT, SUFFIXES, seal_to_key
from mentor_tui.core.terms import TermInfo
from mentor_tui.db import duty_data, reports, store
from mentor_tui.db.children import get_child
from mentor_tui.db.flags import list_flags
from mentor_tui.db.models import Entry
from mentor_tui.db.school_links import links
from mentor_tui.db.school_member import corrections, membership, my_keys, need_membership
from mentor_tui.db.settings import get_setting, set_setting
from mentor_tui.db.vault import Vault, audit
from mentor_tui.paths import write_atomic

FOLDER_NAME = "学校汇报"  # beside her sync file on the stick
SEQ_SETTING = "school_report_seq"  # her last report's sequence: travels with her sync file
_UNSAFE_NAME = re.compile(r'[\\/:*?"<>|\s\x00-\x1f]+')


@dataclass(frozen=True)
class Written:
    path: Path
    report: Report


def report_file_name(teacher_name: str) -> str:
    return (_UNSAFE_NAME.sub("_", teacher_name).strip("._") or "teacher") + SUFFIXES[REPORT]


def _figures(
    vault: Vault, term: TermInfo, as_of: dt.date, linked: dict[str, str]
) -> list[FigureRow]:
    kids = [c for c in reports.children_for(vault, term.start, term.end) if c["id"] in linked]
    return [
        FigureRow(
            linked[f.child_id],
            f.duty_id,
            f.month,
            f.phase,
            f.expected,
            f.done,
            f.on_time,
            f.attempts,
            f.done_dates,
        )
        for f in reports.figures(vault, term, kids, as_of)
    ]


def _updated(flag: flag_rules.FlagFacts) -> dt.date:
    days = [flag.opened_at.date()]
    for e in flag.events:
        at = str(e.get("at") or "")[:10]
        try:
            days.append(dt.date.fromisoformat(at))
        except ValueError:
            continue
    if flag.resolved_on is not None:
        days.append(flag.resolved_on)
    return max(days)


def _flags(vault: Vault, term: TermInfo, linked: dict[str, str]) -> list[FlagRow]:
    """Open flags of the school's children; the term's mandatory reports of any child."""
    out = []
    for flag in list_flags(vault, include_resolved=True):
        mandatory = flag_rules.regime(flag.category) == "mandatory_report"
        opened = flag.opened_at.date()
        this_term = opened <= term.end and (
            flag.is_open or (flag.resolved_on or opened) >= term.start
        )
        school_child = linked.get(flag.child_id, "")
        if mandatory:
            if not this_term:
                continue
        elif not (flag.is_open and school_child):
            continue
        label = ""
        if not school_child:
            child = get_child(vault, flag.child_id)
            label = " ".join(x for x in ((child.name, child.class_name) if child else ()) if x)
        out.append(
            FlagRow(
                flag.id,
                school_child,
                label,
                flag.category,
                flag_rules.regime(flag.category),
                flag.status,
                opened,
                _updated(flag),
                tuple(s.step_id for s in flag_rules.checklist(flag) if s.done),
                mandatory,
            )
        )
    return out


def card_rows(vault: Vault, term: TermInfo, linked: dict[str, str]) -> list[CardRow]:
    """The record cards of the term that would leave with ``with_cards``: the entries of the
    school's children whose kind has a record card and is not sensitive."""
    kinds = [k.id for k in vocab.KINDS if k.card and not k.sensitive]
    with vault.read():
        q = Entry.select().where(
            (Entry.occurred_on >= term.start)
            & (Entry.occurred_on <= term.end)
            & Entry.kind.in_(kinds)
            & Entry.child_id.in_(list(linked))
        )
        rows = list(q.order_by(Entry.occurred_on, Entry.id))
    return [
        CardRow(
            e.id,
            linked[str(e.child_id)],
            e.kind,
            e.occurred_on,
            e.text or "",
            {str(k): str(v) for k, v in (e.card or {}).items() if v},
        )
        for e in rows
    ]


def build_report(
    vault: Vault,
    today: dt.date | None = None,
    with_cards: bool = False,
    now: dt.datetime | None = None,
) -> Report:
    """Her report as of ``today`` (a new sequence is taken: call inside the write that
    records it, or accept a gap)."""
    today = today or dt.date.today()
    now = (now or dt.datetime.now()).replace(microsecond=0)
    member = need_membership(vault)
    keys = my_keys(vault)
    if keys is None:
        raise MentorError("school.keys_damaged")
    if with_cards and not member.cards_requested:
        raise MentorError("school.cards_not_requested")
    term = reports.resolve_term(vault, None, today)
    as_of = reports.as_of_for(term, today)
    linked = {cid: str(d["school_child_id"]) for cid, d in links(vault).items()}
    policy = duty_data.policy_of(vault)
    pending = [c for c in corrections(vault) if c.status == "pending"]
    with vault.write():
        last = get_setting(vault, SEQ_SETTING)
        seq = Seq(store.next_hlc(vault), vault.device_id)
        if isinstance(last, list) and len(last) == 2 and isinstance(last[0], int):
            # a report written on another machine, its clock ahead of ours: stay after it
            seq = Seq(max(seq.hlc, last[0] + 1), vault.device_id)
    return Report(
        member.school_id,
        member.teacher_id,
        member.teacher_name,
        keys.public,
        seq,
        now,
        as_of,
        {"id": term.id, "name": term.name, "start": term.start, "end": term.end},
        tuple(sorted(set(linked.values()))),
        tuple(DutyInfo(d.id, d.label_zh, d.label_en, d.cadence) for d in policy.duties),
        tuple(_figures(vault, term, as_of, linked)),
        tuple(_flags(vault, term, linked)),
        tuple(
            CorrectionRow(
                c.id, c.school_child_id, c.field, c.current, c.proposed, c.reason, c.requested_on
            )
            for c in pending
        ),
        tuple(card_rows(vault, term, linked)) if with_cards else (),
    )


def seal_report(vault: Vault, report: Report) -> bytes:
    member = need_membership(vault)
    keys = my_keys(vault)
    if keys is None:
        raise MentorError("school.keys_damaged")
    body: dict[str, Any] = report.to_json()
    return seal_to_key(
        REPORT,
        member.school_id,
        member.teacher_id,
        member.school_id,
        member.school_keys.seal,
        body,
        keys,
    )


def write_report(
    vault: Vault,
    folder: Path,
    today: dt.date | None = None,
    with_cards: bool = False,
    now: dt.datetime | None = None,
) -> Written:
    """Build, seal and write her report as ``<her name>.mentorreport`` in ``folder`` (the
    previous one there is replaced: a report is a snapshot), with an audit line."""
    report = build_report(vault, today, with_cards, now)
    data = seal_report(vault, report)
    path = folder / report_file_name(report.teacher_name)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(path, data)
    except OSError as exc:
        raise MentorError(
            "err.export_write", path=str(path), detail=exc.strerror or str(exc)
        ) from None
    with vault.write():
        set_setting(vault, SEQ_SETTING, report.seq.to_json())
        audit(
            vault,
            "school.report",
            children=len(report.children),
            figures=len(report.figures),
            flags=len(report.flags),
            cards=len(report.cards),
        )
    return Written(path, report)


def report_folder(sync_folder: Path | None) -> Path | None:
    """The 学校汇报 folder beside her sync file (None without a sync folder)."""
    return None if sync_folder is None else sync_folder / FOLDER_NAME


def report_on_lock(vault: Vault, sync_folder: Path | None, today: dt.date | None = None) -> str:
    """On lock and quit (for the app to call beside its sync export): her report into the
    学校汇报 folder beside her sync file when she belongs to a school and the stick is there.
    Never raises — locking must go on whatever happens —: "" when there is nothing to do,
    else the sentence saying what was done or what went wrong."""
    try:
        folder = report_folder(sync_folder)
        if folder is None or not folder.parent.is_dir() or membership(vault) is None:
            return ""
        written = write_report(vault, folder, today)
        return t("school.report_on_lock", path=str(written.path))
    except MentorError as err:
        return str(err)
    except Exception as exc:  # noqa: BLE001 - a lab machine must lock whatever happens
        return t("school.report_on_lock_failed", detail=type(exc).__name__)
