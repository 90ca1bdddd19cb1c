"""This checkout against an older commit, in one run: the same bench rows timed in both trees,
interleaved, so both see the same machine load.

    python bench/compare_base.py BASE [--group duties] [--repeat 5] [--only TEXT] [--base-dir DIR]

BASE (a commit, tag or branch) is checked out into a temporary git worktree (removed at the
end; ``--base-dir`` reuses a checkout instead). One worker process per tree, started with the
same Python, imports that tree's ``mentor_tui`` (it says which file it loaded) and this
checkout's ``bench/bench_<group>.py``, whose ``compare_rows()`` gives ``(name, prepare)``
pairs: ``prepare()`` builds the inputs with the tree's own code and returns the call to time,
so a row may only use names both trees have. The parent asks the workers in turn — every
repeat times each row in both trees, who goes first alternating — and prints per row the
median (min–max) of base and now and the ratio now ÷ base, by the wall clock, by the
process's CPU time (steadier on a shared machine) and for the time spent in the cyclic
garbage collector (to see where ``gc_paused`` pays). A turn is the median of enough calls to
last about 0.2 s. A call is timed with the collection of the young generations it leaves
behind (``gc.collect(1)``, its result still alive), so code that pauses the collector pays
for what it deferred, as its caller would on the next allocation; a full collection runs
before each turn, untimed.

A group for other rows (sync, say) is a ``compare_rows()`` in its bench module. Benchmarks
print; they never assert.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
TURN_SECONDS = 0.2  # a turn repeats a fast call until it lasts about this long
MAX_CALLS = 200
# wall: time.perf_counter, what a user waits; cpu: time.process_time, this process's CPU time
# only, which other people's load on a shared machine disturbs less; gc: the wall time the
# cyclic collector ran inside the call (gc.callbacks), what core/gc_pause.py can save.
CLOCKS = ("wall", "cpu", "gc")


# --- the worker: one tree ----------------------------------------------------------------
def worker(root: str, group: str) -> int:
    """Answer the parent's requests (one JSON line each, on stdin) for the tree at ``root``."""
    answer = sys.stdout  # the protocol; anything the rows print goes to stderr
    sys.stdout = sys.stderr
    sys.path.insert(0, root)
    import mentor_tui

    loaded = os.path.abspath(mentor_tui.__file__ or "")
    if not loaded.startswith(os.path.abspath(root) + os.sep):
        print(f"{root}: mentor_tui was loaded from {loaded}", file=sys.stderr)
        return 1
    sys.path.append(HERE)  # the rows come from this checkout's bench/
    rows = dict(importlib.import_module(f"bench_{group}").compare_rows())
    calls: dict[str, Callable[[], object]] = {}
    collecting = [0.0, 0.0]  # when the running collection started; seconds collected so far

    def collector_clock(phase: str, _info: dict[str, int]) -> None:
        if phase == "start":
            collecting[0] = time.perf_counter()
        else:
            collecting[1] += time.perf_counter() - collecting[0]

    def reply(obj: object) -> None:
        answer.write(json.dumps(obj) + "\n")
        answer.flush()

    reply({"loaded": loaded, "rows": list(rows)})
    for line in sys.stdin:
        ask = json.loads(line)
        name = ask["row"]
        if name not in calls:
            calls[name] = rows[name]()
            calls[name]()  # warm-up
        call, wall, cpu, in_gc = calls[name], [], [], []
        gc.collect()
        gc.callbacks.append(collector_clock)
        for _ in range(ask["calls"]):
            collecting[1] = 0.0
            w0, c0 = time.perf_counter(), time.process_time()
            result = call()
            gc.collect(1)  # the young objects' collection, due soon anyway: see the docstring
            del result  # kept alive until then, as a caller keeps what it asked for
            cpu.append(time.process_time() - c0)
            wall.append(time.perf_counter() - w0)
            in_gc.append(collecting[1])
        gc.callbacks.remove(collector_clock)
        reply({"wall": wall, "cpu": cpu, "gc": in_gc})
    return 0


# --- the parent ----------------------------------------------------------------------------
class Tree:
    def __init__(self, label: str, root: str, group: str) -> None:
        self.label = label
        self.proc = subprocess.Popen(
            [sys.executable, os.path.abspath(__file__), "--worker", root, "--group", group],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            encoding="utf-8",
            cwd=root,
            env={**os.environ, "PYTHONPATH": ""},
        )
        hello = self._read()
        self.loaded, self.rows = hello["loaded"], hello["rows"]

    def _read(self) -> dict:
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline()
        if not line:
            raise SystemExit(f"the {self.label} worker stopped (its error is above)")
        return json.loads(line)

    def time(self, row: str, calls: int) -> dict[str, list[float]]:
        """``calls`` calls of ``row``: their seconds by clock (``wall``, ``cpu``)."""
        assert self.proc.stdin is not None
        self.proc.stdin.write(json.dumps({"row": row, "calls": calls}) + "\n")
        self.proc.stdin.flush()
        return self._read()

    def close(self) -> None:
        if self.proc.stdin is not None:
            self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _fmt(values: list[float]) -> str:
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):.2f} ms ({min(ms):.2f}–{max(ms):.2f})"


def compare(base_root: str, group: str, repeat: int, only: str = "") -> None:
    base = Tree("base", base_root, group)
    now = Tree("now", ROOT, group)
    try:
        print(f"base: {base.loaded}\nnow:  {now.loaded}\n")
        rows = [r for r in now.rows if r in base.rows and only in r]
        calls: dict[str, int] = {}
        for row in rows:  # prepare both, and size a turn on this tree's speed
            base.time(row, 1)
            once = min(now.time(row, 3)["wall"])
            calls[row] = max(1, min(MAX_CALLS, round(TURN_SECONDS / max(once, 1e-6))))
        # row -> (tree, clock) -> the median of each turn
        turns: dict[str, dict[tuple[str, str], list[float]]] = {r: {} for r in rows}
        for i in range(repeat):
            for row in rows:
                for tree in (base, now) if i % 2 == 0 else (now, base):
                    for clock, values in tree.time(row, calls[row]).items():
                        turns[row].setdefault((tree.label, clock), []).append(
                            statistics.median(values)
                        )
    finally:
        base.close()
        now.close()
    print(f"| {group} row | clock | base (median, min–max) | now (median, min–max) | now ÷ base |")
    print("| --- | --- | --- | --- | --- |")
    for row in rows:
        for clock in CLOCKS:
            b, n = turns[row][("base", clock)], turns[row][("now", clock)]
            ratio = statistics.median(n) / max(statistics.median(b), 1e-9)
            what = f"{row} (×{calls[row]} a turn)" if clock == CLOCKS[0] else ""
            print(f"| {what} | {clock} | {_fmt(b)} | {_fmt(n)} | {ratio:.2f} |")
    skipped = sorted(set(now.rows) ^ set(base.rows))
    print(f"\n{repeat} turns a tree, interleaved; not in both trees: {skipped or 'none'}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("base", nargs="?", help="the commit to compare with")
    ap.add_argument("--group", default="duties", help="bench/bench_<group>.py (default duties)")
    ap.add_argument("--repeat", type=int, default=5, help="turns per row and tree (≥ 5)")
    ap.add_argument("--only", default="", help="only the rows whose name contains this")
    ap.add_argument("--base-dir", help="an existing checkout of the base to use instead")
    ap.add_argument("--worker", metavar="ROOT", help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.group)
    if args.base_dir:
        compare(os.path.abspath(args.base_dir), args.group, args.repeat, args.only)
        return 0
    if not args.base:
        ap.error("give a base commit (or --base-dir)")
    commit = subprocess.run(
        ["git", "-C", ROOT, "rev-parse", "--verify", f"{args.base}^{{commit}}"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    where = os.path.join(tempfile.mkdtemp(prefix="mentor-base-"), "tree")
    subprocess.run(
        ["git", "-C", ROOT, "worktree", "add", "--detach", "-q", where, commit], check=True
    )
    try:
        print(f"base {commit[:12]} checked out in {where}")
        compare(where, args.group, args.repeat, args.only)
    finally:
        subprocess.run(["git", "-C", ROOT, "worktree", "remove", "--force", where], check=False)
        os.rmdir(os.path.dirname(where))
    return 0


if __name__ == "__main__":
    sys.exit(main())
