"""Duty engine benchmarks (issue 3).

- the full due computation (core only) at 40 children × 1 year and 2,000 children × 5 years
  (target ≤ 50 ms for the latter), on terms with their breaks (国庆, 元旦, 劳动节); the
  teacher's summary of those statuses and the ledger's month tallies (``tallies_on``);
- ``mentor due`` beside Taskwarrior's ``task overdue`` on the same number of items, both whole
  processes, measured in the same run (Taskwarrior from Debian's packages; the peer row is
  skipped with a line when it cannot be installed or ``task count status:pending`` after the
  import is not the number of items).

    python bench/bench_duties.py [--quick]

:func:`compare_rows` gives the same workloads at 40 / 400 / 2,000 children to
bench/compare_base.py, which times them against an older commit.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable

from common import Curve, Row, per_unit, print_table, time_process, timeit, write_chart

TODAY = dt.date(2026, 11, 23)


def _term(tid: str, t: dict):
    """A demo term as the vault stores it, with its breaks; the demo data has none, so the
    fixed national holidays inside it are added (as the first-run wizard does), and the engine
    runs its break arithmetic like on a real calendar."""
    from mentor_tui.core.terms import TermInfo, default_terms_for

    breaks = [list(b) for b in t.get("breaks") or []]
    if not breaks:
        breaks = [
            [s.isoformat(), e.isoformat(), label]
            for term in default_terms_for(t["start"])
            for s, e, label in term.breaks
            if t["start"] <= s and e <= t["end"]
        ]
    return TermInfo.from_json(tid, t["name"], t["start"], t["end"], t["middle"], breaks)


def _facts(data):
    from mentor_tui.core.duty_facts import ChildFacts, EntryFact

    kids = [
        ChildFacts(
            cid,
            c["name"],
            c["class_name"],
            c["boarding"],
            frozenset(c["categories"]),
            c["added_on"],
        )
        for cid, c in data.children
    ]
    ents = [
        EntryFact(e["child_id"], e["kind"], e["outcome"], e["occurred_on"]) for _, e in data.entries
    ]
    terms = [_term(tid, t) for tid, t in data.terms]
    assert any(term.breaks for term in terms), "the bench calendar should have breaks"
    return kids, ents, terms


@functools.cache
def _world(n: int, years: int):
    """(policy, terms, children, all entries, this term's entries) for ``n`` children with
    ``years`` of history, generated once per process."""
    from mentor_tui.core.demo_data import generate
    from mentor_tui.core.duties import needed_since
    from mentor_tui.core.policy import load_preset

    policy = load_preset("default")
    kids, ents, terms = _facts(generate(children=n, years=years, seed=1, today=TODAY))
    since = needed_since(policy, terms, TODAY)
    return policy, terms, kids, ents, [e for e in ents if e.occurred_on >= since]


def _month_ends(terms) -> list[dt.date]:
    """The ledger's dates: each month's last day of the term containing TODAY, up to TODAY."""
    term = next(t for t in terms if t.start <= TODAY <= t.end)
    days, day = [], term.start
    while day <= TODAY:
        nxt = (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
        days.append(min(nxt - dt.timedelta(days=1), TODAY, term.end))
        day = nxt
    return days


def _due(n: int, years: int, entries: str = "current") -> Callable[[], object]:
    from mentor_tui.core.duties import compute_duties

    policy, terms, kids, ents, current = _world(n, years)
    passed = current if entries == "current" else ents
    return lambda: compute_duties(policy, terms, kids, passed, TODAY)


def _summary(n: int, years: int) -> Callable[[], object]:
    from mentor_tui.core.duties import compute_duties
    from mentor_tui.core.duty_summary import summarize_teacher

    policy, terms, kids, _ents, current = _world(n, years)
    statuses = compute_duties(policy, terms, kids, current, TODAY)
    return lambda: summarize_teacher(statuses)


def _bare_pass(n: int, years: int) -> Callable[[], object]:
    """The summary's floor on this machine: a bare Python pass over the same statuses (group
    them by child, sum one field) — its cost a child shows what the memory of a bigger list
    adds, whatever the code."""
    from mentor_tui.core.duties import compute_duties

    policy, terms, kids, _ents, current = _world(n, years)
    statuses = compute_duties(policy, terms, kids, current, TODAY)

    def bare() -> int:
        by_child: dict[str, list[object]] = {}
        for s in statuses:
            by_child.setdefault(s.child_id, []).append(s)
        return sum(s.done_this_term for s in statuses)

    return bare


def _ledger(n: int, years: int) -> Callable[[], object]:
    from mentor_tui.core.duty_summary import tallies_on

    policy, terms, kids, _ents, current = _world(n, years)
    days = _month_ends(terms)
    return lambda: tallies_on(policy, terms, kids, current, days, "month")


def compare_rows() -> list[tuple[str, Callable[[], Callable[[], object]]]]:
    """(name, prepare) for bench/compare_base.py: ``prepare()`` builds the inputs with the
    checkout's own mentor_tui and returns the call to time. Only names that old and new trees
    both have (core.duties.compute_duties, core.duty_summary.summarize_teacher and tallies_on,
    core.duty_facts.ChildFacts and EntryFact)."""
    rows: list[tuple[str, Callable[[], Callable[[], object]]]] = []
    for n, years in ((40, 1), (400, 5), (2000, 5)):
        rows += [
            (f"compute_duties {n:,} children × {years} y", functools.partial(_due, n, years)),
            (f"summarize_teacher {n:,} children", functools.partial(_summary, n, years)),
            (f"tallies_on (ledger months) {n:,} children", functools.partial(_ledger, n, years)),
        ]
    return rows


CURVE_SIZES = (40, 400, 2000)
QUICK_SIZES = (40, 200, 400)
CPU = time.process_time  # the curves: this process's CPU time (a shared machine's neighbours)
FLAT = 1.5  # issue 17: the per-child cost within 1.5× from the smallest size to the largest


def core_rows(quick: bool) -> list[Row]:
    """The due computation, the teacher summary and the ledger's month tallies at three sizes
    (× 5 years of history), with the cost a child and one chart per curve."""
    sizes = QUICK_SIZES if quick else CURVE_SIZES
    due, due_all, summary, bare, ledger = [], [], [], [], []
    for n in sizes:
        _world(n, 5)  # generated before any timing
    for n in sizes:
        due.append(timeit(_due(n, 5), repeat=11, clock=CPU))
        due_all.append(timeit(_due(n, 5, "all"), repeat=3, clock=CPU))
        summary.append(timeit(_summary(n, 5), repeat=11, clock=CPU))
        bare.append(timeit(_bare_pass(n, 5), repeat=11, clock=CPU))
        ledger.append(timeit(_ledger(n, 5), repeat=7, clock=CPU))
    rows = []
    curves = []
    for name, title, samples in (
        ("due", "due computation", due),
        ("summary", "teacher summary of the statuses", summary),
        ("ledger_tallies", "ledger tallies (month ends of the term)", ledger),
    ):
        curve = Curve(
            f"duties_{name}",
            f"{title}: cost per child",
            "child",
            list(sizes),
            {title: [s.median for s in samples]},
        )
        curves.append(curve)
        spread = curve.spread(title)
        per = curve.per_unit_us(title)
        growth = max(per) / per[0]  # a fall in the cost a child is fixed cost spread wider
        for n, s, s_all, s_bare in zip(sizes, samples, due_all, bare):
            _policy, _terms, _kids, ents, current = _world(n, 5)
            last = n == sizes[-1]
            target = "—"
            met: bool | None = None
            if last:
                target = f"per child ≤ {FLAT}× the {sizes[0]}'s"
                met = growth <= FLAT
                if name == "due" and n >= 2000:
                    target += ", ≤ 50 ms"
                    met = met and s.median <= 0.050
            what = f"{title} {n:,} children × 5 y, CPU time ({per_unit(s.median, n, 'child')}"
            if last:
                what += f"; ≤ {growth:.2f}× the {sizes[0]}'s, max÷min {spread:.2f}×"
            what += ")"
            if name == "due":
                what = what.replace(
                    " × 5 y, CPU time (",
                    f" × 5 y, {len(current):,} entries this term, breaks, CPU time (",
                )
            peer, peer_name = None, ""
            if name == "due":
                peer, peer_name = s_all, f"same, all {len(ents):,} entries passed"
            elif name == "summary":
                peer = s_bare
                peer_name = (
                    f"bare Python pass over the same statuses "
                    f"({per_unit(s_bare.median, n, 'child')})"
                )
            rows.append(Row(what, s, peer, peer_name, target, met))
    for curve in curves:
        print(f"chart: {write_chart(curve, quick)}")
    return rows


def _task_env(tmp: str, n_items: int) -> dict | None:
    if not shutil.which("task"):
        try:
            subprocess.run(
                ["apt-get", "install", "-y", "-qq", "taskwarrior"],
                check=True,
                capture_output=True,
                timeout=300,
            )
        except (OSError, subprocess.SubprocessError):
            return None
    if not shutil.which("task"):
        return None
    rc = os.path.join(tmp, "taskrc")
    data = os.path.join(tmp, "task")
    os.makedirs(data, exist_ok=True)
    with open(rc, "w", encoding="utf-8") as fh:
        fh.write(f"data.location={data}\nconfirmation=off\nverbose=nothing\n")
    env = {**os.environ, "TASKRC": rc}
    due = (TODAY - dt.timedelta(days=3)).strftime("%Y%m%dT000000Z")
    tasks = [
        {
            "description": f"谈心 孩子{i}",
            "status": "pending",
            "entry": due,
            "due": due,
            "uuid": f"00000000-0000-4000-8000-{i:012d}",
        }
        for i in range(n_items)
    ]
    subprocess.run(
        ["task", "import"],
        input=json.dumps(tasks),
        env=env,
        text=True,
        capture_output=True,
        check=False,
        encoding="utf-8",
    )
    counted = subprocess.run(
        ["task", "count", "status:pending"],
        env=env,
        text=True,
        capture_output=True,
        check=False,
        encoding="utf-8",
    )
    got = counted.stdout.strip()
    if not got.isdigit() or int(got) != n_items:
        print(
            f"Taskwarrior import gave {got or 'no count'} pending tasks, not {n_items}: "
            f"the `task overdue` peer row is skipped ({counted.stderr.strip()[:200]})"
        )
        return None
    return env


def cli_rows(quick: bool) -> list[Row]:
    tmp = tempfile.mkdtemp(prefix="mentor-bench-due-")
    env = {**os.environ, "MENTOR_HOME": tmp, "LANG": "zh_CN.UTF-8"}
    env.pop("MENTOR_KDF", None)
    # default preset = 7 duties per child: ~715 children give ~5,000 due items.
    kids = 100 if quick else 715
    mentor = [sys.executable, "-m", "mentor_tui"]
    subprocess.run(
        mentor + ["demo", "--children", str(kids), "--years", "1", "--no-open"],
        env=env,
        capture_output=True,
        check=True,
    )
    argv = mentor + ["due", "--all", "--passphrase-stdin", "--date", TODAY.isoformat()]
    repeat = 5 if quick else 10
    ours = time_process(argv, repeat=repeat, env=env, stdin="mentor-demo\n")
    fast_env = {**env, "MENTOR_KDF": "fast"}
    n_items = kids * 7
    rows = []
    task_env = _task_env(tmp, n_items)
    peer = time_process(["task", "overdue"], repeat=repeat, env=task_env) if task_env else None
    name = (
        "task overdue"
        if peer
        else "task overdue (Taskwarrior not installable or its import incomplete: skipped)"
    )
    rows.append(
        Row(
            f"`mentor due` whole process, {n_items:,} items (production KDF)",
            ours,
            peer,
            name,
            "≤ peer",
            None if peer is None else ours.median <= peer.median,
            unit="ms",
        )
    )
    # The same with cheap KDF parameters, to show what the unlock costs (informational).
    tmp2 = tempfile.mkdtemp(prefix="mentor-bench-due-fast-")
    fast_env["MENTOR_HOME"] = tmp2
    subprocess.run(
        mentor + ["demo", "--children", str(kids), "--years", "1", "--no-open"],
        env=fast_env,
        capture_output=True,
        check=True,
    )
    fast = time_process(argv, repeat=repeat, env=fast_env, stdin="mentor-demo\n")
    rows.append(
        Row("`mentor due` without the Argon2id cost (MENTOR_KDF=fast)", fast, peer, name, "—")
    )
    return rows


def main(quick: bool = False) -> list[Row]:
    rows = core_rows(quick) + cli_rows(quick)
    print_table("Duty engine", rows)
    return rows


if __name__ == "__main__":
    main(quick="--quick" in sys.argv)
