"""TUI benchmarks (issue 4), headless, whole processes timed from outside:

- launch → dashboard interactive (40 children, ~5k entries; cheap KDF so the row measures the
  program, not Argon2id) beside a bare Textual app (Header, Footer, DataTable 40 rows) → first
  frame, same run; target ratio ≤ 1.2;
- save → committed (≤ 10 ms) and save → dashboard repainted (≤ 100 ms), in one process;
- peak RSS of the dashboard process beside the bare app (≤ 60 MiB).

    python bench/bench_tui.py [--quick]
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile

from common import Row, Sample, print_table, time_process

HERE = os.path.dirname(os.path.abspath(__file__))
PASS = "mentor-demo"


def _probe(env, *args) -> dict:
    out = subprocess.run(
        [sys.executable, os.path.join(HERE, "tui_probe.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(quick: bool = False) -> list[Row]:
    tmp = tempfile.mkdtemp(prefix="mentor-bench-tui-")
    env = {**os.environ, "MENTOR_HOME": tmp, "MENTOR_KDF": "fast", "MENTOR_LANG": "zh"}
    # 4 years of the generator: the "5k entries" at least (3 years give ~4.5k).
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mentor_tui",
            "demo",
            "--children",
            "40",
            "--years",
            "4",
            "--no-open",
        ],
        env=env,
        capture_output=True,
        check=True,
    )
    n_entries = _probe(env, "count", PASS)["entries"]
    repeat = 5 if quick else 10
    probe = os.path.join(HERE, "tui_probe.py")
    ours = time_process([sys.executable, probe, "mentor", PASS], repeat=repeat, env=env)
    bare = time_process([sys.executable, probe, "bare"], repeat=repeat, env=env)
    rows = [
        Row(
            f"launch → dashboard interactive, 40 children, {n_entries:,} entries (headless)",
            ours,
            bare,
            "bare Textual app, 40 rows",
            "≤ 1.2 × peer",
            ours.median <= 1.2 * bare.median,
        )
    ]
    saves = _probe(env, "save", PASS, "5" if quick else "12")
    commit = Sample(saves["commit"])
    paint = Sample([v for v in saves["repaint"] if not math.isnan(v)])
    rows.append(
        Row(
            "save (F2) → committed, with its version",
            commit,
            target="≤ 10 ms",
            met=commit.median <= 0.010,
        )
    )
    rows.append(
        Row(
            "save (F2) → dashboard row repainted",
            paint,
            target="≤ 100 ms",
            met=bool(paint.values) and paint.median <= 0.100,
        )
    )
    rss_ours = Sample([_probe(env, "rss", PASS)["rss"] for _ in range(3)])
    rss_bare = Sample([_probe(env, "bare")["rss"] for _ in range(3)])
    rows.append(
        Row(
            "peak RSS (VmHWM), dashboard process (cheap KDF)",
            rss_ours,
            rss_bare,
            "bare Textual app",
            "≤ 60 MiB",
            rss_ours.median <= 60,
            unit="MiB",
        )
    )
    prod = {k: v for k, v in env.items() if k != "MENTOR_KDF"}
    tmp_prod = tempfile.mkdtemp(prefix="mentor-bench-tui-kdf-")
    prod["MENTOR_HOME"] = tmp_prod
    subprocess.run(
        [
            sys.executable,
            "-m",
            "mentor_tui",
            "demo",
            "--children",
            "40",
            "--years",
            "4",
            "--no-open",
        ],
        env=prod,
        capture_output=True,
        check=True,
    )
    got = [_probe(prod, "rss", PASS) for _ in range(3)]
    rows.append(
        Row(
            "RSS after the dashboard shows (VmRSS), production Argon2id (64 MiB)",
            Sample([g["now"] for g in got]),
            rss_bare,
            "bare Textual app (peak)",
            "≤ 60 MiB",
            statistics.median(g["now"] for g in got) <= 60,
            unit="MiB",
        )
    )
    rows.append(
        Row(
            "peak RSS (VmHWM), same runs: Argon2id's 64 MiB is freed after unlock",
            Sample([g["rss"] for g in got]),
            unit="MiB",
        )
    )
    print_table("TUI", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
