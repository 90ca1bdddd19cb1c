"""Shared benchmark helpers: in-process timing (median of repeats), whole-process timing, and
one table format — what, ours (median, min–max), peer (same), ratio, target, met.

Benchmarks are not tests: they print; they never assert. Machines are noisy, so read ratios
measured in the same run, not absolute times.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
# Subprocesses (`python -m mentor_tui …`) find the checkout even when it is not installed.
os.environ["PYTHONPATH"] = os.pathsep.join(p for p in (ROOT, os.environ.get("PYTHONPATH", "")) if p)


@dataclass
class Sample:
    values: list[float]  # seconds (or MiB for memory rows)

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    def fmt(self, unit: str = "ms") -> str:
        if not self.values:
            return "—"
        k = {"ms": 1000.0, "s": 1.0, "MiB": 1.0}[unit]
        lo, hi = min(self.values) * k, max(self.values) * k
        return f"{self.median * k:.1f} {unit} ({lo:.1f}–{hi:.1f})"


@dataclass
class Row:
    what: str
    ours: Sample
    peer: Sample | None = None
    peer_name: str = ""
    target: str = ""
    met: bool | None = None
    unit: str = "ms"


def timeit(
    fn: Callable[[], object],
    repeat: int = 5,
    warmup: int = 1,
    setup: Callable[[], object] | None = None,
) -> Sample:
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    values = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = time.perf_counter()
        fn()
        values.append(time.perf_counter() - t0)
    return Sample(values)


def time_process(
    argv: list[str], repeat: int = 10, warmup: int = 1, env=None, stdin: str | None = None
) -> Sample:
    values = []
    for i in range(warmup + repeat):
        t0 = time.perf_counter()
        subprocess.run(
            argv,
            env=env,
            input=stdin,
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=False,
        )
        if i >= warmup:
            values.append(time.perf_counter() - t0)
    return Sample(values)


def print_table(title: str, rows: list[Row]) -> None:
    print(f"\n## {title}\n")
    print(
        "| what | ours (median, min–max) | peer | peer (median, min–max) | ratio | target | met |"
    )
    print("| --- | --- | --- | --- | --- | --- | --- |")
    for r in rows:
        ratio = f"{r.ours.median / r.peer.median:.2f}" if r.peer and r.peer.median else "—"
        met = "—" if r.met is None else ("met" if r.met else "NOT met")
        peer = r.peer.fmt(r.unit) if r.peer else "—"
        print(
            f"| {r.what} | {r.ours.fmt(r.unit)} | {r.peer_name or '—'} | {peer} | {ratio} "
            f"| {r.target or '—'} | {met} |"
        )
    sys.stdout.flush()
