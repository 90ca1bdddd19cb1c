"""Run every benchmark module and print one table (issue 8). Used by ``bench/run``.

Each module ``bench/bench_*.py`` exposes ``main(quick) -> list[Row]``. A module that fails is
reported as a line, and the rest still run. ``--write`` puts the table into BENCHMARKS.md.
"""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import platform
import sys
import time
import traceback
from contextlib import redirect_stdout

from common import ROOT, print_table

ORDER = [
    "bench_foundation",
    "bench_duties",
    "bench_save",
    "bench_tui",
    "bench_sync",
    "bench_documents",
    "bench_roster",
    "bench_vault_check",
    "bench_school",
]


def machine() -> str:
    mem = ""
    try:
        with open("/proc/meminfo", encoding="utf-8") as fh:
            kib = int(fh.readline().split()[1])
            mem = f", {kib / 1024 / 1024:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores{mem}, "
        f"Python {platform.python_version()}"
    )


def main() -> int:
    quick = "--quick" in sys.argv
    write = "--write" in sys.argv
    here = os.path.dirname(os.path.abspath(__file__))
    rows, notes = [], []
    for name in ORDER:
        if not os.path.exists(os.path.join(here, f"{name}.py")):
            notes.append(f"- {name}: not present yet, skipped")
            continue
        print(f"running {name} …", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        buf = io.StringIO()
        try:
            with redirect_stdout(buf):
                got = importlib.import_module(name).main(quick=quick)
            rows.extend(got)
        except Exception as exc:  # noqa: BLE001 - report and go on with the others
            notes.append(f"- {name}: failed ({type(exc).__name__}: {exc})")
            traceback.print_exc(file=sys.stderr)
        print(f"  {name}: {time.perf_counter() - t0:.0f} s", file=sys.stderr, flush=True)
    out = io.StringIO()
    with redirect_stdout(out):
        print_table("All benchmarks" + (" (--quick)" if quick else ""), rows)
        if notes:
            print("\n" + "\n".join(notes))
    table = out.getvalue()
    print(table)
    if write:
        path = os.path.join(ROOT, "BENCHMARKS.md")
        with open(path, encoding="utf-8") as fh:
            text = fh.read()
        start, end = "<!-- bench:start -->", "<!-- bench:end -->"
        head, _, rest = text.partition(start)
        _, _, tail = rest.partition(end)
        stamp = (
            f"Run on {dt.date.today().isoformat()} — {machine()} — "
            f"`bench/run{' --quick' if quick else ''}`\n"
        )
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(head + start + "\n" + stamp + table + "\n" + end + tail)
    return 0


if __name__ == "__main__":
    sys.exit(main())
