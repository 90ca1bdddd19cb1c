"""A county's schools built quickly for the PostgreSQL tests and bench/bench_county.py: a school
vault (its tables in the vault or on a county server) with teachers, children with sensitive
fields (marked, so a scan can look for them), contacts and pairings written as documents in
bulk; and report files sealed and signed exactly as a teacher's app writes them (the same
functions), with a term's figures, a mandatory report now and then, a record card and a
correction request carrying marked text."""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field
from pathlib import Path

from mentor_tui.core.school_bodies import (
    CardRow,
    CorrectionRow,
    DutyInfo,
    FigureRow,
    FlagRow,
    Report,
    Seq,
)
from mentor_tui.core.school_crypto import KeyPair
from mentor_tui.core.school_packet import REPORT, seal_to_key
from mentor_tui.db import school_docs, school_setup
from mentor_tui.db.settings import add_term
from mentor_tui.db.vault import Vault

PASS = "correct horse 正确"
MARK = "SECRETMARK"  # in every sensitive field written; never on the server in clear
MONTHS = ("2026-09", "2026-10", "2026-11")
DUTIES = ("talk", "home_visit", "parent_call")
AS_OF = dt.date(2026, 11, 20)


@dataclass
class Built:
    vault: Vault
    school_id: str
    seal: bytes
    pairs: dict[str, list[str]] = field(default_factory=dict)  # teacher id -> child ids
    names: dict[str, str] = field(default_factory=dict)  # teacher id -> name
    keys: dict[str, KeyPair] = field(default_factory=dict)  # a teacher's keys, kept across seqs


def build_school(
    paths, name: str, teachers: int, children_each: int, server: str | None = None
) -> Built:
    """A school vault named ``name``; ``server``: attached to that county server first."""
    vault = school_setup.create_school(paths, name, PASS)
    if server is not None:
        from mentor_tui.db.school_server import attach

        attach(vault, server)
    school_setup.open_office(vault)
    add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 20), term_id="t-autumn")
    info = school_setup.school_info(vault)
    sid = info.id
    b = Built(vault, sid, info.keys.seal)
    docs: list[tuple[str, str, dict[str, object]]] = []
    rng = random.Random(name)
    for i in range(teachers):
        tid = f"{sid[:8]}-t{i:04d}"
        b.names[tid] = f"{name}教师{i:04d}"
        docs.append(
            (
                "teacher",
                tid,
                {
                    "name": b.names[tid],
                    "gender": "female" if i % 2 else "male",
                    "class_taught": f"{i % 6 + 1}年级",
                    "active": True,
                    "added_on": "2026-09-01",
                },
            )
        )
        b.pairs[tid] = []
        for k in range(children_each):
            cid = f"{sid[:8]}-c{i:04d}-{k}"
            b.pairs[tid].append(cid)
            docs.append(
                (
                    "child",
                    cid,
                    {
                        "fields": {
                            "name": f"学生{i:04d}{k}",
                            "gender": "female" if rng.random() < 0.5 else "male",
                            "birth_date": "2015-03-04",
                            "class_name": f"{i % 6 + 1}年级{k + 1}班",
                            "id_number": f"{MARK}-ID-{cid}",
                            "home_address": f"{MARK}-ADDR 村{i}",
                            "home_phone": f"{MARK}-PHONE",
                            "health_notes": f"{MARK}-HEALTH 哮喘",
                        },
                        "county": {
                            "stage": "primary",
                            "guardian_type": "grandparents",
                            "health": "ill" if k == 0 else "healthy",
                            "poverty": ["dibao"] if i % 3 == 0 else [],
                        },
                        "owned": ["name", "gender", "birth_date", "class_name"],
                        "status": "active",
                        "left_on": None,
                        "added_on": "2026-09-01",
                        "buddy": "",
                        "mentor_hint": "",
                    },
                )
            )
            docs.append(
                (
                    "contact",
                    f"{cid}-g",
                    {
                        "child_id": cid,
                        "role": "grandparent",
                        "name": f"{MARK}-CONTACT 奶奶",
                        "relationship": f"{MARK}-REL",
                        "phones": [f"{MARK}-MOBILE"],
                        "work_city": f"{MARK}-CITY",
                        "is_primary": True,
                    },
                )
            )
            docs.append(
                (
                    "pairing",
                    f"{cid}-p",
                    {
                        "child_id": cid,
                        "teacher_id": tid,
                        "start": "2026-09-01",
                        "end": None,
                        "source": "manual",
                        "changed_at": "2026-09-01T08:00:00",
                    },
                )
            )
    school_docs.put_new_docs(vault, sid, docs)
    return b


def report_for(
    b: Built,
    tid: str,
    seq: int,
    done_bias: float = 0.8,
    duties: tuple[str, ...] = DUTIES,
    months: tuple[str, ...] = MONTHS,
) -> Report:
    rng = random.Random(f"{tid}-{seq}")
    keys = b.keys.setdefault(tid, KeyPair.generate())
    kids = b.pairs[tid]
    figures = []
    for child in kids:
        for duty in duties:
            for month in months:
                done = 1 if rng.random() < done_bias else 0
                on_time = done if rng.random() < 0.8 else 0
                dates = (dt.date.fromisoformat(month + "-10"),) if done else ()
                figures.append(
                    FigureRow(
                        child, duty, month, "", 1, done, on_time, int(rng.random() < 0.1), dates
                    )
                )
    n = int(tid.rsplit("t", 1)[-1])
    flags = (
        (
            FlagRow(
                f"flag-{tid}",
                kids[0],
                "",
                "violence",
                "mandatory_report",
                "open",
                dt.date(2026, 11, 3),
                dt.date(2026, 11, 4),
                ("tell_leadership",),
                True,
            ),
        )
        if n % 5 == 0 and kids
        else ()
    )
    cards = (
        (
            CardRow(
                f"card-{tid}",
                kids[0],
                "talk",
                dt.date(2026, 10, 9),
                f"{MARK}-CARD 谈心",
                {"mood": f"{MARK}-MOOD"},
            ),
        )
        if kids
        else ()
    )
    corrections = (
        (
            CorrectionRow(
                f"corr-{tid}",
                kids[0],
                "class_name",
                f"{MARK}-CUR",
                f"{MARK}-NEW",
                f"{MARK}-WHY",
                dt.date(2026, 10, 1),
            ),
        )
        if kids
        else ()
    )
    return Report(
        b.school_id,
        tid,
        b.names[tid],
        keys.public,
        Seq(1000 + seq, "device-" + tid),
        dt.datetime(2026, 11, 20, 16, 0) + dt.timedelta(minutes=seq),
        AS_OF,
        {
            "id": "t-autumn",
            "name": "2026年秋季学期",
            "start": dt.date(2026, 9, 1),
            "end": dt.date(2027, 1, 20),
        },
        tuple(kids),
        tuple(DutyInfo(d, d, d, "monthly") for d in duties),
        tuple(figures),
        flags,
        corrections,
        cards,
    )


def write_report(b: Built, report: Report, path: Path) -> None:
    data = seal_to_key(
        REPORT,
        b.school_id,
        report.teacher_id,
        b.school_id,
        b.seal,
        report.to_json(),
        b.keys[report.teacher_id],
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
