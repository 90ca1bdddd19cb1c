"""Concurrent coordinators on one county database (issue 20 item 4): four processes import 50
report files each at once — schools B and C, and school A from two machines (a copy of her
vault: her second machine), whose batches overlap and carry newer reports of 25 teachers on one
side. Nothing is lost or duplicated, nobody deadlocks (a serialization failure is run again),
the highest sequence per teacher wins, and the summaries equal the raw rows."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import psycopg
from county_support import PASS, build_school, report_for, write_report

from mentor_tui.db import county_schema
from mentor_tui.db.school_server import connect

CHILD = """
import sys
from pathlib import Path
from mentor_tui.paths import prepare
from mentor_tui.db.profiles import pick_profile
from mentor_tui.db.vault import open_vault
from mentor_tui.db.school_server import attach
from mentor_tui.db.school_setup import open_office
from mentor_tui.db import school_collect
name, url, folder, password = sys.argv[1:5]
p = prepare()
v = open_vault(p, pick_profile(p, name), password)
try:
    attach(v, url)
    open_office(v)
    verdicts = school_collect.preview_import(v, [Path(folder)])
    s = school_collect.apply_import(v, verdicts)
    print(s.new, s.same, s.older, s.refused)
finally:
    v.close()
"""


def test_four_importers_at_once_lose_nothing_and_duplicate_nothing(pg_db, paths, tmp_path):
    server, name = pg_db
    db = connect(server.url(name))
    county_schema.init(db)
    logins = {s: county_schema.add_school(db, s) for s in ("甲校", "乙校", "丙校")}
    db.close()
    urls = {s: server.url(name, login.role) for s, login in logins.items()}
    built = {
        s: build_school(paths, s, n, 1, urls[s])
        for s, n in (("甲校", 75), ("乙校", 50), ("丙校", 50))
    }
    a = built["甲校"]
    teachers = sorted(a.pairs)
    expect: dict[str, dict[str, int]] = {s: {} for s in built}  # teacher -> the seq that must win
    for tid in teachers[:50]:
        write_report(a, report_for(a, tid, 1), tmp_path / "a1" / f"{tid}.mentorreport")
        expect["甲校"][tid] = 1
    for tid in teachers[25:50]:
        write_report(a, report_for(a, tid, 2, 0.5), tmp_path / "a2" / f"{tid}.mentorreport")
        expect["甲校"][tid] = 2
    for tid in teachers[50:]:
        write_report(a, report_for(a, tid, 1), tmp_path / "a2" / f"{tid}.mentorreport")
        expect["甲校"][tid] = 1
    for s in ("乙校", "丙校"):
        for tid in built[s].pairs:
            write_report(
                built[s], report_for(built[s], tid, 1), tmp_path / s / f"{tid}.mentorreport"
            )
            expect[s][tid] = 1
    for b in built.values():
        b.vault.close()
    home = os.environ["MENTOR_HOME"]
    second = tmp_path / "second-machine"
    shutil.copytree(home, second)  # her second machine: the same school vault
    runs = [
        ("甲校", home, tmp_path / "a1"),
        ("甲校", str(second), tmp_path / "a2"),
        ("乙校", home, tmp_path / "乙校"),
        ("丙校", home, tmp_path / "丙校"),
    ]
    procs = []
    for school, h, folder in runs:
        assert len(list(folder.iterdir())) == 50
        env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
        env.update(MENTOR_HOME=h, MENTOR_KDF="fast")
        procs.append(
            subprocess.Popen(
                [sys.executable, "-c", CHILD, school, urls[school], str(folder), PASS],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
        )
    outs = [p.communicate(timeout=300) for p in procs]
    for p, (_out, err) in zip(procs, outs):
        assert p.returncode == 0, err
    news = [int(out.split()[0]) for out, _err in outs]
    assert news[2:] == [50, 50] and 75 <= news[0] + news[1] <= 100

    with psycopg.connect(server.url(name)) as conn:
        for s, b in built.items():
            held = dict(
                conn.execute(
                    "SELECT teacher_id, seq_hlc FROM school_report WHERE school_id = %s",
                    (b.school_id,),
                ).fetchall()
            )
            assert held == {tid: 1000 + seq for tid, seq in expect[s].items()}
            rows = sorted(
                conn.execute(
                    "SELECT teacher_id, child_id, duty_id, period, expected, done, on_time, "
                    "attempts FROM school_duty_status WHERE school_id = %s",
                    (b.school_id,),
                ).fetchall()
            )
            want = sorted(
                (tid, f.child, f.duty, f.month, f.expected, f.done, f.on_time, f.attempts)
                for tid, seq in expect[s].items()
                for f in report_for(b, tid, seq, 0.5 if seq == 2 else 0.8).figures
            )
            assert rows == want
        diff = conn.execute(
            "SELECT count(*) FROM ((SELECT school_id, teacher_id, period, sum(expected), "
            "sum(done), sum(on_time), sum(attempts) FROM school_duty_status GROUP BY 1, 2, 3) "
            "EXCEPT (SELECT school_id, teacher_id, period, expected, done, on_time, attempts "
            "FROM school_month_summary)) d"
        ).fetchone()[0]
        summaries = conn.execute("SELECT count(*) FROM school_month_summary").fetchone()[0]
    assert diff == 0 and summaries == 175 * 3
