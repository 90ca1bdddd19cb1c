"""Collecting the teachers' reports (``mentor school import PATH…``): any number of report
files or folders at once, a verdict per file before anything is written, then the new ones
written in one transaction with an audit line.

A file is *new* (a higher sequence than the school holds from that teacher), *the same* (that
very report again), *older* (than the one held, or than another file of hers in the batch), or
*refused* with its reason: not a report, damaged, a later format, for another school, from an
unknown teacher, not sealed for this school, signed by a key that is not hers, her key changed.
So importing is idempotent and order-free: the highest sequence per teacher wins, whatever the
order the files come in, and an older or repeated file changes nothing and says so.

Keys: a teacher's keys are pinned from her first report (its fingerprint shown, to compare with
hers); a report signed with other keys is refused until the coordinator re-pins them
(:func:`repin`) after comparing the fingerprints.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.core.errors import MentorError
from mentor_tui.core.i18n import t
from mentor_tui.core.school_bodies import Report, Seq, read_report
from mentor_tui.core.school_crypto import KeyPair, PublicKeys
from mentor_tui.core.school_packet import (
    REPORT,
    SUFFIXES,
    check_signature,
    key_for_keys,
    open_packet,
    parse,
    read_file,
)
from mentor_tui.db import school_docs
from mentor_tui.db.school_models import SchoolReport, SchoolTeacher
from mentor_tui.db.school_setup import school_id, school_keys
from mentor_tui.db.school_staff import pin_keys, pinned_docs
from mentor_tui.db.serial_retry import retried, retry_serial
from mentor_tui.db.vault import Vault, audit

NEW, SAME, OLDER, REFUSED = "new", "same", "older", "refused"
MAX_FILES = 5000


@dataclass
class Verdict:
    path: Path
    status: str  # NEW / SAME / OLDER / REFUSED
    reason: str = ""  # the i18n key of why (REFUSED, OLDER, SAME)
    args: dict[str, object] = field(default_factory=dict)
    teacher_id: str = ""
    teacher_name: str = ""
    seq: Seq | None = None
    generated_at: dt.datetime | None = None
    children: int = 0
    first_pin: str = ""  # the fingerprint this import pins (her first report)
    body: dict[str, Any] | None = field(default=None, repr=False)
    report: Report | None = field(default=None, repr=False)

    def sentence(self, lang: str | None = None) -> str:
        return t(self.reason, lang=lang, **self.args) if self.reason else ""


@dataclass
class ImportSummary:
    new: int
    same: int
    older: int
    refused: int
    verdicts: list[Verdict]


def packet_files(paths: Sequence[Path]) -> list[Path]:
    """The report files named, and those in the folders named (and their sub-folders)."""
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out += sorted(x for x in p.rglob("*" + SUFFIXES[REPORT]) if x.is_file())
        else:
            out.append(p)
        if len(out) > MAX_FILES:
            raise MentorError("school.too_many_files", n=MAX_FILES)
    if not out:
        raise MentorError("school.no_report_files")
    return list(dict.fromkeys(out))


def _held(vault: Vault, sid: str) -> dict[str, Seq]:
    with vault.read():
        return {
            r.teacher_id: Seq(r.seq_hlc, r.seq_device)
            for r in SchoolReport.select().where(SchoolReport.school_id == sid)
        }


def _teachers(vault: Vault, sid: str) -> dict[str, SchoolTeacher]:
    with vault.read():
        return {t.id: t for t in SchoolTeacher.select().where(SchoolTeacher.school_id == sid)}


def _check(path: Path, sid: str, keys: KeyPair, teachers: dict[str, SchoolTeacher]) -> Verdict:
    """One file's verdict, apart from the sequence (REFUSED, or NEW pending the comparison)."""
    try:
        sealed = parse(read_file(path), REPORT)
        h = sealed.header
        if h.school != sid or h.recipient != sid:
            return Verdict(path, REFUSED, "school.wrong_school")
        teacher = teachers.get(h.sender)
        if teacher is None:
            return Verdict(path, REFUSED, "school.unknown_teacher_report")
        opened = open_packet(sealed, key_for_keys(sealed, keys))
        report = read_report(opened.body)
        if report.school_id != sid or report.teacher_id != h.sender:
            return Verdict(path, REFUSED, "school.packet_bad", {"field": "teacher"})
        pinned = PublicKeys.from_json(teacher.keys)
        first_pin = ""
        if pinned is not None and pinned != report.keys:
            return Verdict(
                path,
                REFUSED,
                "school.key_changed",
                {"name": teacher.name, "old": pinned.fingerprint, "new": report.keys.fingerprint},
                teacher.id,
                teacher.name,
            )
        check_signature(opened, (pinned or report.keys).sign)
        if pinned is None:
            first_pin = report.keys.fingerprint
    except MentorError as err:
        return Verdict(path, REFUSED, err.key, dict(err.kwargs))
    return Verdict(
        path,
        NEW,
        teacher_id=teacher.id,
        teacher_name=teacher.name,
        seq=report.seq,
        generated_at=report.generated_at,
        children=len(report.children),
        first_pin=first_pin,
        body=opened.body,
        report=report,
    )


def _order(verdicts: list[Verdict], held: dict[str, Seq]) -> None:
    """Compare each acceptable file with the report held and with the other files of the same
    teacher: only the highest new one stays NEW."""
    best: dict[str, Verdict] = {}
    for v in verdicts:
        if v.status != NEW or v.seq is None:
            continue
        have = held.get(v.teacher_id)
        if have is not None and v.seq == have:
            v.status, v.reason = SAME, "school.report_same"
        elif have is not None and v.seq < have:
            v.status, v.reason = OLDER, "school.report_older"
        else:
            other = best.get(v.teacher_id)
            if other is None or (other.seq is not None and v.seq > other.seq):
                if other is not None:
                    other.status, other.reason = OLDER, "school.report_older_in_batch"
                best[v.teacher_id] = v
            elif other.seq == v.seq:
                v.status, v.reason = SAME, "school.report_same"
            else:
                v.status, v.reason = OLDER, "school.report_older_in_batch"


def preview_import(vault: Vault, paths: Sequence[Path]) -> list[Verdict]:
    """A verdict per file; nothing is written."""
    sid = school_id(vault)
    teachers = _teachers(vault, sid)
    keys = school_keys(vault)  # read once, not per file
    verdicts = [_check(p, sid, keys, teachers) for p in packet_files(paths)]
    _order(verdicts, _held(vault, sid))
    return verdicts


def apply_import(
    vault: Vault, verdicts: list[Verdict], now: dt.datetime | None = None
) -> ImportSummary:
    """Write the new reports (checked again against what is held inside the transaction, so a
    second import of the same files adds nothing), pin first keys, one audit line."""
    now = (now or dt.datetime.now()).replace(microsecond=0)
    return retry_serial(vault, lambda: _apply(vault, verdicts, now))


APPLY_CHUNK = 100  # reports written and projected together (bounds the rows held at once)


def _apply(vault: Vault, verdicts: list[Verdict], now: dt.datetime) -> ImportSummary:
    sid = school_id(vault)
    with vault.write():
        _order(verdicts, _held(vault, sid))
        new = [
            v for v in verdicts if v.status == NEW and v.body is not None and v.report is not None
        ]
        for i in range(0, len(new), APPLY_CHUNK):
            chunk = new[i : i + APPLY_CHUNK]
            pins = {
                v.teacher_id: v.report.keys for v in chunk if v.first_pin and v.report is not None
            }
            docs = pinned_docs(vault, pins, now.date()) if pins else []
            reports = {}
            for v in chunk:
                assert v.body is not None and v.report is not None
                doc_id = school_docs.report_doc_id(v.teacher_id)
                docs.append(("report", doc_id, {**v.body, "received_at": now.isoformat()}))
                reports[doc_id] = v.report
            school_docs.put_docs(vault, sid, docs, reports)
        counts = {s: sum(1 for v in verdicts if v.status == s) for s in (NEW, SAME, OLDER, REFUSED)}
        audit(vault, "school.import", files=len(verdicts), **counts)
    return ImportSummary(counts[NEW], counts[SAME], counts[OLDER], counts[REFUSED], verdicts)


@retried
def repin(vault: Vault, teacher_id: str, path: Path, fingerprint: str) -> PublicKeys:
    """Re-pin a teacher's keys from one of her reports, once the coordinator typed the
    fingerprint she read on the teacher's screen (``school.fingerprint_mismatch`` otherwise).
    The report must be intact and signed by the keys it carries."""
    sid = school_id(vault)
    sealed = parse(read_file(path), REPORT)
    if sealed.header.school != sid:
        raise MentorError("school.wrong_school")
    if sealed.header.sender != teacher_id:
        raise MentorError("school.repin_other_teacher")
    opened = open_packet(sealed, key_for_keys(sealed, school_keys(vault)))
    report = read_report(opened.body)
    check_signature(opened, report.keys.sign)
    typed = "".join(fingerprint.split()).upper()
    if typed != "".join(report.keys.fingerprint.split()):
        raise MentorError("school.fingerprint_mismatch")
    with vault.write():
        pin_keys(vault, teacher_id, report.keys, dt.date.today())
        audit(vault, "school.repin")
    return report.keys
