"""A county on PostgreSQL (issue 20; SCHOOL.md §Sizes): 300 schools, 8,000 teachers, 48,000
children (6 per teacher), one report file per teacher (8,000 files: 7 duties × 3 months per
child, so 1,008,000 figure rows), imported by the schools' own processes (two at a time: the machine's
two cores) into one county database, and the same files into the embedded school vaults.
Rows: the import (files per second; peak memory of an importer), the county overview from the
summaries kept at import, one school's overview through its own login, the county statistics
sheet — each beside the plain SQL peer (the same aggregate as one hand-written ``GROUP BY``
through psycopg) and the ratio.

    python bench/bench_county.py [--quick] [--url postgresql://admin@host/db]

``--quick``: 30 schools (a tenth). Without ``--url`` a PostgreSQL 16 is started by pgserver in a
temporary folder (the test extra). The schools are built as documents in bulk
(tests/county_support.py) rather than through 300 coordinators' staff sheets and rosters.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import ROOT, Row, Sample, print_table, timeit

sys.path.insert(0, os.path.join(ROOT, "tests"))

SCHOOLS, TEACHERS, CHILDREN = 300, 8000, 50000
DUTIES = ("talk", "home_visit", "parent_call", "guardian_contact", "child_parent_contact",
          "study_plan", "term_summary")  # fmt: skip
MONTHS = ("2026-09", "2026-10", "2026-11")
MONTH = "2026-11"
TODAY = dt.date(2026, 11, 23)
WORKERS = 2

IMPORTER = r"""
import json, resource, sys, time
from pathlib import Path
from mentor_tui.paths import prepare
from mentor_tui.db.profiles import pick_profile
from mentor_tui.db.vault import open_vault
from mentor_tui.db.school_server import attach
from mentor_tui.db.school_setup import open_office
from mentor_tui.db import school_collect
jobs = json.loads(sys.argv[1])
warm = sys.argv[2:] == ["warm"]  # only open each school (its tables brought up to date)
p = prepare()
files = 0
t = 0.0
for name, url, folder in jobs:
    v = open_vault(p, pick_profile(p, name), "bench-passphrase")
    try:
        if url:
            attach(v, url)
        open_office(v)
        if warm:
            continue
        t0 = time.perf_counter()
        s = school_collect.apply_import(v, school_collect.preview_import(v, [Path(folder)]))
        t += time.perf_counter() - t0
        files += s.new
    finally:
        v.close()
def peak_kb():
    # VmHWM on Linux: ru_maxrss survives fork + exec, so a child of a big process (bench/run's
    # run_all.py after the sync benchmarks) would report its parent's size at the fork
    try:
        with open("/proc/self/status", encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"files": files, "seconds": t, "kb": peak_kb()}))
"""


def build(scale: int, admin_url_for, work: Path) -> dict:
    """The county database, the schools' vaults (in MENTOR_HOME) and their report files."""
    import county_support as cs

    from mentor_tui.db import county_schema
    from mentor_tui.db.school_server import connect
    from mentor_tui.paths import prepare

    cs.PASS = "bench-passphrase"
    db = connect(admin_url_for(None))
    county_schema.init(db)
    logins = [county_schema.add_school(db, f"学校{i:03d}") for i in range(scale)]
    db.close()
    paths = prepare()
    schools = []
    t0 = time.perf_counter()
    for i, login in enumerate(logins):
        teachers = TEACHERS // SCHOOLS + (1 if i < TEACHERS % SCHOOLS else 0)
        kids = CHILDREN // TEACHERS  # 6 per teacher: 48,000 children
        url = admin_url_for(login.role)
        b = cs.build_school(paths, f"学校{i:03d}", teachers, kids, url)
        folder = work / "reports" / f"{i:03d}"
        for tid in b.pairs:
            cs.write_report(
                b, cs.report_for(b, tid, 1, 0.8, DUTIES, MONTHS), folder / f"{tid}.mentorreport"
            )
        b.vault.close()
        schools.append((f"学校{i:03d}", url, str(folder)))
        if i % 30 == 29:
            print(f"  built {i + 1} schools in {time.perf_counter() - t0:.0f} s", file=sys.stderr)
    return {"schools": schools, "login": logins[0].role}


def rollbacks(admin_url: str, name: str) -> int:
    """Transactions rolled back in the database so far (a serialization failure is one; the
    importers' statistics reach the server when they exit)."""
    import psycopg

    time.sleep(1.0)
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute("SELECT pg_stat_clear_snapshot()")
        row = conn.execute(
            "SELECT xact_rollback FROM pg_stat_database WHERE datname = %s", (name,)
        ).fetchone()
    return int(row[0]) if row else 0


def run_importers(jobs: list, env: dict, warm: bool = False) -> tuple[float, int, float]:
    """Wall seconds, files, the largest importer's peak memory (MiB). ``warm``: only open
    each school once (nothing imported)."""
    slices = [jobs[i::WORKERS] for i in range(WORKERS)]
    t0 = time.perf_counter()
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", IMPORTER, json.dumps(s), *(["warm"] if warm else [])],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for s in slices
    ]
    outs = [p.communicate() for p in procs]
    wall = time.perf_counter() - t0
    results = []
    for p, (out, err) in zip(procs, outs):
        if p.returncode != 0:
            raise SystemExit(err)
        results.append(json.loads(out.strip().splitlines()[-1]))
    return wall, sum(r["files"] for r in results), max(r["kb"] for r in results) / 1024


def main(quick: bool = False, url: str | None = None) -> list[Row]:
    import psycopg
    from pg_server import PgServer, fresh_database, start

    scale = SCHOOLS // 10 if quick else SCHOOLS
    work = Path(tempfile.mkdtemp(prefix="bench-county-"))
    home = work / "home"
    os.environ.update(MENTOR_HOME=str(home), MENTOR_KDF="fast")
    server = PgServer(url) if url else start()
    rows: list[Row] = []
    try:
        with fresh_database(server) as name:

            def url_for(role):
                return server.url(name, role)

            print(f"building {scale} schools …", file=sys.stderr)
            built = build(scale, url_for, work)
            files = sum(len(os.listdir(f)) for _n, _u, f in built["schools"])
            embedded_home = work / "embedded-home"
            shutil.copytree(home, embedded_home)
            env = {k: v for k, v in os.environ.items() if not k.startswith("MENTOR_")}
            env.update(MENTOR_HOME=str(home), MENTOR_KDF="fast")
            print("importing on PostgreSQL …", file=sys.stderr)
            before = rollbacks(url_for(None), name)
            wall, new, mib = run_importers(built["schools"], env)
            again = rollbacks(url_for(None), name) - before
            rows.append(
                Row(
                    f"import on PostgreSQL: {files:,} report files of {scale} schools, "
                    f"{WORKERS} importers at once ({new:,} new; {again} transactions rolled "
                    "back and run again)",
                    Sample([wall]),
                    target="≤ 120 s" if not quick else "",
                    met=(wall <= 120) if not quick else None,
                    unit="s",
                )
            )
            rows.append(
                Row(
                    f"  files per second (PostgreSQL): {new / wall:.0f}",
                    Sample([wall / max(new, 1)]),
                    unit="ms",
                )
            )
            rows.append(
                Row(
                    "importer peak memory (largest of the two)",
                    Sample([mib]),
                    target="≤ 200 MiB",
                    met=mib <= 200,
                    unit="MiB",
                )
            )
            env_e = dict(env, MENTOR_HOME=str(embedded_home))
            print("importing into the embedded vaults …", file=sys.stderr)
            jobs_e = [(n, "", f) for n, _u, f in built["schools"]]
            # the copies' projection marks name the county server: a first opening without
            # it projects every document into the vault's own tables (what a school working
            # embedded has done long before), so that is done first, untimed
            run_importers(jobs_e, env_e, warm=True)
            wall_e, new_e, _mib = run_importers(jobs_e, env_e)
            rows.append(
                Row(
                    f"import into the embedded school vaults: the same {files:,} files ({new_e:,} new)",
                    Sample([wall_e]),
                    unit="s",
                )
            )
            rows.append(
                Row(
                    f"  files per second (embedded): {new_e / wall_e:.0f}",
                    Sample([wall_e / max(new_e, 1)]),
                    unit="ms",
                )
            )

            from mentor_tui.db import county_queries as cq, school_queries as sq

            county_role = f"{name}_county"
            cty = cq.open_county(url_for(county_role))
            peer_conn = psycopg.connect(url_for(county_role), autocommit=True)
            peer_sql = (
                "SELECT school_id, sum(CASE WHEN period = %s THEN expected ELSE 0 END), "
                "sum(CASE WHEN period = %s THEN done ELSE 0 END), "
                "sum(CASE WHEN period = %s THEN on_time ELSE 0 END), sum(expected - done) "
                "FROM school_duty_status WHERE period <= %s GROUP BY school_id"
            )
            ours = timeit(lambda: cq.overview(cty, MONTH, TODAY), repeat=5)
            peer = timeit(lambda: peer_conn.execute(peer_sql, (MONTH,) * 4).fetchall(), repeat=5)
            rows.append(
                Row(
                    f"county overview ({scale} schools: children, mentors, figures from the "
                    "summaries, stale, mandatory)",
                    ours,
                    peer,
                    "the figures alone: one GROUP BY over the raw duty rows (psycopg)",
                    "≤ 200 ms",
                    ours.median <= 0.2,
                )
            )
            raw = timeit(lambda: cq.overview_from_rows(cty, MONTH, TODAY), repeat=3)
            rows.append(
                Row(
                    "county overview with the figures from the raw rows (no summaries)",
                    raw,
                    peer,
                    "the same peer",
                )
            )
            stats_out = work / "county-stats.xlsx"
            ours = timeit(lambda: cq.export_stats(cty, "xlsx", stats_out, TODAY, "zh"), repeat=3)
            peer = timeit(
                lambda: peer_conn.execute(
                    "SELECT gender, stage, guardian_type, health, boarding, count(*) "
                    "FROM school_child WHERE status = 'active' GROUP BY 1, 2, 3, 4, 5"
                ).fetchall(),
                repeat=3,
            )
            rows.append(
                Row(
                    f"county statistics sheet xlsx ({CHILDREN * scale // SCHOOLS:,} children)",
                    ours,
                    peer,
                    "one GROUP BY of the same fields (psycopg)",
                )
            )
            cty.close()
            peer_conn.close()

            # one school's overview, through its own login (row-level security on)
            from mentor_tui.db.profiles import pick_profile
            from mentor_tui.db.school_server import attach
            from mentor_tui.db.school_setup import open_office, school_id
            from mentor_tui.db.vault import open_vault
            from mentor_tui.paths import prepare

            first, first_url, _f = built["schools"][0]
            p = prepare()
            vault = open_vault(p, pick_profile(p, first), "bench-passphrase")
            attach(vault, first_url)
            open_office(vault)
            sid = school_id(vault)
            school_conn = psycopg.connect(first_url, autocommit=True)
            ours = timeit(lambda: sq.overview(vault, MONTH, TODAY), repeat=10)
            peer = timeit(
                lambda: school_conn.execute(
                    peer_sql.replace("WHERE", "WHERE school_id = %s AND")
                    .replace("GROUP BY school_id", "GROUP BY teacher_id")
                    .replace("SELECT school_id", "SELECT teacher_id"),
                    (MONTH, MONTH, MONTH, sid, MONTH),
                ).fetchall(),
                repeat=10,
            )
            rows.append(
                Row(
                    "one school's overview (its own login, row-level security)",
                    ours,
                    peer,
                    "the figures alone: one GROUP BY (psycopg, same login)",
                    "≤ 50 ms",
                    ours.median <= 0.05,
                )
            )
            school_conn.close()
            vault.close()
    finally:
        if server.stop is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    return rows


if __name__ == "__main__":
    args = sys.argv[1:]
    url = None
    if "--url" in args:
        url = args[args.index("--url") + 1]
    print_table("The county on PostgreSQL (issue 20)", main("--quick" in args, url))
