"""The school office at a rural school's size (SCHOOL.md §Sizes; issue 19): 300 children, 50
teachers. Rows: importing the 50 teachers' report files (preview + one transaction), the overview
query beside a hand-written ``GROUP BY`` of the same aggregate, the school ledger xlsx — each with
its time and, in a fresh process, its peak memory. Also one teacher building and sealing her
report.

The 50 report files are sealed and signed exactly as a teacher's app writes them (the same
functions), with a term's figures for her 6 children (7 duties × 5 months) and a flag or two;
they are built here rather than by 50 teacher vaults so the set-up stays short.

    python bench/bench_school.py [--quick]
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

from common import Row, Sample, print_table, timeit

TEACHERS = 50
CHILDREN = 300
TODAY = dt.date(2027, 1, 15)
MONTH = "2027-01"
PASS = "bench-passphrase"
MONTHS = ("2026-09", "2026-10", "2026-11", "2026-12", "2027-01")
DUTIES = (
    "talk",
    "home_visit",
    "parent_call",
    "guardian_contact",
    "child_parent_contact",
    "study_plan",
    "term_summary",
)


def build_school(home: Path) -> dict[str, object]:
    """The school vault with its staff, roster and pairings; returns what the reports need."""
    from mentor_tui.db import school_docs, school_pairing, school_setup, school_staff
    from mentor_tui.db.settings import add_term
    from mentor_tui.paths import prepare

    vault = school_setup.create_school(prepare(), "基准小学", PASS)
    add_term(vault, "2026年秋季学期", dt.date(2026, 9, 1), dt.date(2027, 1, 20), term_id="t-autumn")
    for i in range(TEACHERS):
        school_staff.add_teacher(
            vault, f"教师{i:02d}", "female" if i % 2 else "male", f"{i % 6 + 1}年级{i // 6 + 1}班"
        )
    sid = school_setup.school_id(vault)
    rng = random.Random(19)
    docs = []
    for i in range(CHILDREN):
        docs.append(
            (
                "child",
                f"child{i:04d}",
                {
                    "fields": {
                        "name": f"学生{i:04d}",
                        "gender": "female" if rng.random() < 0.5 else "male",
                        "birth_date": (
                            dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(2500))
                        ).isoformat(),
                        "class_name": f"{i % 6 + 1}年级{i % 8 + 1}班",
                        "id_number": "",
                    },
                    "county": {
                        "stage": "primary",
                        "guardian_type": "grandparents",
                        "health": "healthy",
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
    school_docs.put_new_docs(vault, sid, docs)
    school_pairing.apply_suggestions(vault, school_pairing.suggestions(vault), dt.date(2026, 9, 1))
    pairs = {}
    for child, teacher in school_pairing.current_mentors(vault).items():
        pairs.setdefault(teacher, []).append(child)
    info = school_setup.school_info(vault)
    vault.close()
    return {"school_id": sid, "seal": info.keys.seal, "pairs": pairs}


def write_reports(folder: Path, school: dict[str, object]) -> None:
    from mentor_tui.core.school_bodies import DutyInfo, FigureRow, FlagRow, Report, Seq
    from mentor_tui.core.school_crypto import KeyPair
    from mentor_tui.core.school_packet import REPORT, seal_to_key

    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(7)
    pairs: dict[str, list[str]] = school["pairs"]  # type: ignore[assignment]
    for n, (teacher, kids) in enumerate(sorted(pairs.items())):
        keys = KeyPair.generate()
        figures = []
        for child in kids:
            for duty in DUTIES:
                for month in MONTHS:
                    expected = 1
                    done = 1 if rng.random() < 0.8 else 0
                    on_time = done if rng.random() < 0.8 else 0
                    dates = (dt.date.fromisoformat(month + "-10"),) if done else ()
                    figures.append(
                        FigureRow(
                            child,
                            duty,
                            month,
                            "",
                            expected,
                            done,
                            on_time,
                            int(rng.random() < 0.1),
                            dates,
                        )
                    )
        flags = (
            [
                FlagRow(
                    f"flag-{n}",
                    kids[0],
                    "",
                    "violence",
                    "mandatory_report",
                    "open",
                    dt.date(2026, 11, 3),
                    dt.date(2026, 11, 4),
                    ("tell_leadership",),
                    True,
                )
            ]
            if n % 10 == 0
            else []
        )
        report = Report(
            str(school["school_id"]),
            teacher,
            f"教师{n:02d}",
            keys.public,
            Seq(1000 + n, "benchdevice"),
            dt.datetime(2027, 1, 15, 16, 0),
            TODAY,
            {
                "id": "t-autumn",
                "name": "2026年秋季学期",
                "start": dt.date(2026, 9, 1),
                "end": dt.date(2027, 1, 20),
            },
            tuple(kids),
            tuple(DutyInfo(d, d, d, "monthly") for d in DUTIES),
            tuple(figures),
            tuple(flags),
        )
        data = seal_to_key(
            REPORT,
            str(school["school_id"]),
            teacher,
            str(school["school_id"]),
            school["seal"],
            report.to_json(),
            keys,
        )  # type: ignore[arg-type]
        (folder / f"teacher{n:02d}.mentorreport").write_bytes(data)


# --- what the fresh processes run ----------------------------------------------------------------


def _open():
    from mentor_tui.db.profiles import pick_profile
    from mentor_tui.db.school_setup import open_office
    from mentor_tui.db.vault import open_vault
    from mentor_tui.paths import prepare

    paths = prepare()
    vault = open_vault(paths, pick_profile(paths, None, "school"), PASS)
    open_office(vault)
    return vault


def do_import(folder: str) -> str:
    from mentor_tui.db import school_collect

    vault = _open()
    try:
        verdicts = school_collect.preview_import(vault, [Path(folder)])
        return str(school_collect.apply_import(vault, verdicts).new)
    finally:
        vault.close()


def do_overview(_arg: str) -> str:
    from mentor_tui.db import school_queries

    vault = _open()
    try:
        return str(len(school_queries.overview(vault, MONTH, TODAY)))
    finally:
        vault.close()


def do_ledger(out: str) -> str:
    from mentor_tui.db import school_exports

    vault = _open()
    try:
        return str(school_exports.export(vault, "ledger", "xlsx", Path(out), TODAY, "zh").rows)
    finally:
        vault.close()


CHILD = """
import sys
sys.path.insert(0, {bench!r})
import bench_school
print(getattr(bench_school, sys.argv[1])(sys.argv[2]))
"""
LAUNCHER = """
import json, resource, subprocess, sys
done = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2], sys.argv[3]],
                      capture_output=True, text=True, timeout=600)
print(json.dumps({"out": done.stdout.strip(), "err": done.stderr[-800:],
                  "kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))
"""


def peak_mib(func: str, arg: str, repeat: int, before=None) -> Sample:
    """Peak resident memory of a fresh process running ``func(arg)``, in MiB."""
    here = os.path.dirname(os.path.abspath(__file__))
    values = []
    for _ in range(repeat):
        if before:
            before()
        done = subprocess.run(
            [sys.executable, "-c", LAUNCHER, CHILD.format(bench=here), func, arg],
            capture_output=True,
            text=True,
            check=True,
        )
        got = json.loads(done.stdout)
        if not got["out"]:
            raise RuntimeError(got["err"])
        values.append(got["kb"] / 1024)
    return Sample(values)


def reset_reports(vault) -> None:
    """Forget every imported report (documents, versions, rows), so the import runs again."""
    from mentor_tui.db.models import Head, VersionRow
    from mentor_tui.db.school_models import (
        DutyStatus,
        FlagStatus,
        SchoolDoc,
        SchoolProjected,
        SchoolReport,
    )

    with vault.write():
        for model in (SchoolReport, DutyStatus, FlagStatus):
            model.delete().execute()
        ids = [d.id for d in SchoolDoc.select().where(SchoolDoc.kind == "report")]
        VersionRow.delete().where(VersionRow.record_id.in_(ids)).execute()
        Head.delete().where(Head.record_id.in_(ids)).execute()
        SchoolDoc.delete().where(SchoolDoc.id.in_(ids)).execute()
        SchoolProjected.delete().where(SchoolProjected.doc_id.in_(ids)).execute()


def fresh_reset() -> None:
    vault = _open()
    try:
        reset_reports(vault)
    finally:
        vault.close()


def main(quick: bool = False) -> list[Row]:
    from mentor_tui.core.school_crypto import PublicKeys, verify
    from mentor_tui.core.school_packet import key_for_keys, open_packet, parse, read_file
    from mentor_tui.db import school_collect, school_exports, school_queries
    from mentor_tui.db.school_setup import school_keys

    rep = 2 if quick else 5
    mem = 1 if quick else 3
    rows: list[Row] = []
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        os.environ["MENTOR_HOME"] = str(home / "home")
        os.environ["MENTOR_KDF"] = "fast"
        school = build_school(home)
        folder = home / "reports"
        write_reports(folder, school)
        sid = str(school["school_id"])
        vault = _open()
        keys = school_keys(vault)
        files = sorted(folder.iterdir())

        def import_all() -> None:
            verdicts = school_collect.preview_import(vault, [folder])
            assert school_collect.apply_import(vault, verdicts).new == TEACHERS

        def crypto_only() -> None:
            for f in files:
                sealed = parse(read_file(f))
                opened = open_packet(sealed, key_for_keys(sealed, keys))
                signer = PublicKeys.from_json(opened.body["keys"])
                assert signer is not None and verify(signer.sign, opened.signature, opened.signed)

        rows.append(
            Row(
                f"school import: {TEACHERS} report files ({CHILDREN} children × 7 duties × "
                f"5 months = {CHILDREN * 35:,} figure rows; preview + one transaction)",
                timeit(import_all, repeat=rep, setup=lambda: reset_reports(vault)),
                timeit(crypto_only, repeat=rep),
                "open + verify the same files alone (X25519, AES-GCM, Ed25519)",
            )
        )
        reset_reports(vault)
        import_all()
        rows.append(
            Row(
                f"re-import preview of the same {TEACHERS} files (all already held)",
                timeit(lambda: school_collect.preview_import(vault, [folder]), repeat=rep),
            )
        )
        sql = (
            "SELECT teacher_id, SUM(CASE WHEN period = ? THEN expected ELSE 0 END), "
            "SUM(CASE WHEN period = ? THEN done ELSE 0 END), "
            "SUM(CASE WHEN period = ? THEN on_time ELSE 0 END), SUM(expected - done) "
            "FROM school_duty_status WHERE school_id = ? AND period <= ? GROUP BY teacher_id"
        )

        def peer() -> None:
            with vault.read():
                assert (
                    len(vault.db.execute_sql(sql, (MONTH, MONTH, MONTH, sid, MONTH)).fetchall())
                    == TEACHERS
                )

        row = Row(
            f"overview query: {TEACHERS} teachers, {MONTH} (figures, flags, loads, last reports)",
            timeit(lambda: school_queries.overview(vault, MONTH, TODAY), repeat=rep * 4),
            timeit(peer, repeat=rep * 4),
            "the figures' GROUP BY alone, hand-written SQL",
            target="≤ 50 ms",
        )
        row.met = row.ours.median <= 0.05
        rows.append(row)
        out = home / "ledger.xlsx"
        rows.append(
            Row(
                f"school ledger xlsx: {CHILDREN} children × {len(MONTHS)} months, print-ready, "
                "in memory",
                timeit(
                    lambda: school_exports.export(vault, "ledger", "xlsx", out, TODAY, "zh"),
                    repeat=max(1, rep - 2),
                ),
            )
        )
        vault.close()
        row = Row(
            f"school import peak memory: {TEACHERS} files (fresh process)",
            peak_mib("do_import", str(folder), mem, before=fresh_reset),
            peak_mib("do_overview", "", mem),
            "open the school vault + overview (fresh process)",
            target="≤ 200 MiB",
            unit="MiB",
        )
        row.met = row.ours.median <= 200
        rows.append(row)
        rows.append(
            Row(
                f"school ledger xlsx peak memory: {CHILDREN} children (fresh process)",
                peak_mib("do_ledger", str(out), mem),
                unit="MiB",
            )
        )
    print_table(f"School office ({CHILDREN} children, {TEACHERS} teachers)", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
