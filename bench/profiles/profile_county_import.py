"""Where an importer's time goes (issue 20): a few schools of bench/bench_county.py's county
(27 teachers, 27 report files each), each imported as the bench's importers do it — open the
vault, attach it to the county's PostgreSQL, open the office, preview, import, close — once
under cProfile, the PostgreSQL run and the embedded run (their copies opened once first, as
the bench does). Writes county-import.txt next to this file.

    python bench/profiles/profile_county_import.py [schools]     # default 6
"""

from __future__ import annotations

import cProfile
import io
import os
import pstats
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))
work = Path(tempfile.mkdtemp(prefix="county-prof-"))
os.environ.update(MENTOR_HOME=str(work / "home"), MENTOR_KDF="fast")

import bench_county  # noqa: E402 - after the path
from pg_server import fresh_database, start  # noqa: E402 - after the path

from mentor_tui.db import school_collect  # noqa: E402 - after the path
from mentor_tui.db.profiles import pick_profile  # noqa: E402 - after the path
from mentor_tui.db.school_server import attach  # noqa: E402 - after the path
from mentor_tui.db.school_setup import open_office  # noqa: E402 - after the path
from mentor_tui.db.vault import open_vault  # noqa: E402 - after the path
from mentor_tui.paths import prepare  # noqa: E402 - after the path


def run(jobs: list, profiler: cProfile.Profile | None) -> tuple[int, float]:
    """Import each school's folder; (files, seconds)."""
    p = prepare()
    files, seconds = 0, 0.0
    for name, url, folder in jobs:
        t0 = time.perf_counter()
        if profiler is not None:
            profiler.enable()
        v = open_vault(p, pick_profile(p, name), "bench-passphrase")
        try:
            if url:
                attach(v, url)
            open_office(v)
            if profiler is None:
                continue
            verdicts = school_collect.preview_import(v, [Path(folder)])
            files += school_collect.apply_import(v, verdicts).new
        finally:
            v.close()
            if profiler is not None:
                profiler.disable()
            seconds += time.perf_counter() - t0
    return files, seconds


def main(schools: int) -> None:
    server = start()
    out = io.StringIO()
    load = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    out.write(
        f"# cProfile of the county import (issue 20), {schools} schools x 27 report files, "
        f"each school opened, attached, previewed, imported, closed as bench_county's importers "
        f"do; {time.strftime('%Y-%m-%d')}, shared 2-core machine ({load}). Absolute times are "
        "inflated by the profiler and the load, most for code of many small calls (reading a "
        "report's body: 2–4 ms a file profiled, 0.8–1.1 ms unprofiled), least for the server's "
        "time (psycopg's wait).\n\n"
    )
    try:
        with fresh_database(server) as name:
            built = bench_county.build(schools, lambda role: server.url(name, role), work)
            embedded = work / "embedded-home"
            shutil.copytree(work / "home", embedded)
            pg_jobs = built["schools"]
            emb_jobs = [(n, "", f) for n, _u, f in pg_jobs]
            for label, home, jobs in (("PostgreSQL", work / "home", pg_jobs), ("embedded", embedded, emb_jobs)):  # fmt: skip
                os.environ["MENTOR_HOME"] = str(home)
                if label == "embedded":
                    run(jobs, None)  # the copies' marks name the server: project once, untimed
                profiler = cProfile.Profile()
                files, seconds = run(jobs, profiler)
                out.write(
                    f"## {label}: {files} files in {seconds:.2f} s under the profiler "
                    f"({1000 * seconds / max(files, 1):.1f} ms a file)\n\n"
                )
                stats = pstats.Stats(profiler, stream=out)
                stats.sort_stats("cumulative").print_stats(40)
                stats.sort_stats("tottime").print_stats(25)
    finally:
        if server.stop is not None:
            server.stop()
        shutil.rmtree(work, ignore_errors=True)
    text = out.getvalue().replace(str(ROOT) + "/", "").replace(sys.prefix, "<venv>")
    (HERE / "county-import.txt").write_text(text, encoding="utf-8")
    print(text[:2000])


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 6)
