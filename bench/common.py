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
    clock: Callable[[], float] = time.perf_counter,
) -> Sample:
    """``clock``: wall time by default; the scaling curves pass ``time.process_time`` (this
    process's CPU time), which the neighbours on a shared machine disturb far less."""
    for _ in range(warmup):
        if setup:
            setup()
        fn()
    values = []
    for _ in range(repeat):
        if setup:
            setup()
        t0 = clock()
        fn()
        values.append(clock() - t0)
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


# --- scaling curves (issue 17): the per-unit cost at three sizes, and a small SVG of it ------
@dataclass
class Curve:
    """One scaled workload: its time at each size, per series (seconds, medians)."""

    name: str  # the chart's file name (bench/charts/<name>.svg)
    title: str
    unit: str  # what a size counts ("child", "version", "row")
    sizes: list[int]
    series: dict[str, list[float]]

    def per_unit_us(self, label: str) -> list[float]:
        return [s / n * 1e6 for s, n in zip(self.series[label], self.sizes)]

    def spread(self, label: str) -> float:
        """Largest ÷ smallest per-unit cost: 1.0 is perfectly linear."""
        per = self.per_unit_us(label)
        return max(per) / min(per) if per and min(per) > 0 else float("inf")


def a_unit(unit: str) -> str:
    return ("an " if unit[:1] in "aeiou" else "a ") + unit


def per_unit(seconds: float, n: int, unit: str) -> str:
    us = seconds / n * 1e6
    return f"{us:.1f} µs {a_unit(unit)}" if us < 1000 else f"{us / 1000:.2f} ms {a_unit(unit)}"


def _plural(unit: str) -> str:
    return {"child": "children", "entry": "entries"}.get(unit, unit + "s")


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def write_chart(curve: Curve, quick: bool) -> str:
    """bench/charts/<name>.svg (``--quick``: bench/charts/quick/<name>.svg): the per-unit
    cost (µs) of each series against the size (log scale), from the figures just measured;
    a flat line is a linear cost. Returns the path relative to the checkout."""
    import math

    w, h, left, right, top, bottom = 480, 260, 56, 150, 30, 40
    pw, ph = w - left - right, h - top - bottom
    per = {label: curve.per_unit_us(label) for label in curve.series}
    ymax = max((v for vs in per.values() for v in vs), default=1.0) * 1.15 or 1.0
    lo, hi = math.log10(min(curve.sizes)), math.log10(max(curve.sizes))
    span = hi - lo or 1.0

    def x(n: int) -> float:
        return left + (math.log10(n) - lo) / span * pw

    def y(v: float) -> float:
        return top + ph - v / ymax * ph

    colours = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" '
        f'viewBox="0 0 {w} {h}" font-family="sans-serif" font-size="11">',
        f'<rect width="{w}" height="{h}" fill="white"/>',
        f'<text x="{left}" y="16" font-size="12" font-weight="bold">{_esc(curve.title)}</text>',
        f'<line x1="{left}" y1="{top + ph}" x2="{left + pw}" y2="{top + ph}" stroke="#444"/>',
        f'<line x1="{left}" y1="{top}" x2="{left}" y2="{top + ph}" stroke="#444"/>',
        f'<text x="{left + pw / 2}" y="{h - 6}" text-anchor="middle">'
        f"{_esc(_plural(curve.unit))} (log scale)</text>",
        f'<text x="12" y="{top + ph / 2}" text-anchor="middle" '
        f'transform="rotate(-90 12 {top + ph / 2})">µs {a_unit(_esc(curve.unit))}</text>',
    ]
    for k in range(5):
        v = ymax * k / 4
        out.append(
            f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" '
            f'stroke="#ddd"/><text x="{left - 4}" y="{y(v) + 4:.1f}" text-anchor="end">'
            f"{v:.3g}</text>"
        )
    for n in curve.sizes:
        out.append(f'<text x="{x(n):.1f}" y="{top + ph + 14}" text-anchor="middle">{n:,}</text>')
    for i, (label, vs) in enumerate(per.items()):
        c = colours[i % len(colours)]
        pts = " ".join(f"{x(n):.1f},{y(v):.1f}" for n, v in zip(curve.sizes, vs))
        out.append(f'<polyline points="{pts}" fill="none" stroke="{c}" stroke-width="2"/>')
        out += [
            f'<circle cx="{x(n):.1f}" cy="{y(v):.1f}" r="3" fill="{c}"/>'
            for n, v in zip(curve.sizes, vs)
        ]
        ly = top + 12 + 16 * i
        out.append(
            f'<line x1="{left + pw + 10}" y1="{ly - 4}" x2="{left + pw + 24}" y2="{ly - 4}" '
            f'stroke="{c}" stroke-width="2"/><text x="{left + pw + 28}" y="{ly}">'
            f"{_esc(label)}</text>"
        )
    out.append("</svg>")
    rel = os.path.join("bench", "charts", *(["quick"] if quick else []), f"{curve.name}.svg")
    path = os.path.join(ROOT, rel)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out) + "\n")
    return rel


FLAT = 1.5  # issue 17: a cost a unit at most 1.5× that of the smallest size


def curve_rows(curve: Curve, samples: list[Sample], what: Callable[[int], str]) -> list[Row]:
    """One row a size of ``curve`` (its single series), with the cost a unit; the largest
    size's row carries the linearity check: its cost a unit, and every other's, at most
    :data:`FLAT` × the smallest size's (a fall is fixed cost spread wider)."""
    (label,) = curve.series
    per = curve.per_unit_us(label)
    growth = max(per) / per[0]
    rows = []
    for i, (n, s) in enumerate(zip(curve.sizes, samples)):
        last = i == len(curve.sizes) - 1
        note = per_unit(s.median, n, curve.unit)
        if last:
            note += (
                f"; ≤ {growth:.2f}× the {curve.sizes[0]:,}'s, max÷min {curve.spread(label):.2f}×"
            )
        rows.append(
            Row(
                f"{what(n)} ({note})",
                s,
                target=f"{a_unit(curve.unit)} ≤ {FLAT}× the {curve.sizes[0]:,}'s" if last else "—",
                met=growth <= FLAT if last else None,
            )
        )
    return rows
