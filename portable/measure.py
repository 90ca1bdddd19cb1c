"""Start time of the built folder: launch → the first screen's text drawn, in tmux at 80×24,
headless, with an empty data folder (so the first screen is the new-teacher / restore choice).

"Cold" is as cold as this machine allows without touching anyone else's cache: before each
cold run every file of the built folder is evicted from the page cache
(``posix_fadvise(POSIX_FADV_DONTNEED)``), and ``fincore`` (util-linux), when present, confirms
how much of it is still resident. Not dropped: the host's cache under a virtual machine's disk,
the kernel's dentry and inode caches, and the system libraries that running processes keep
mapped (libc, libm …; PyInstaller bundles libpython and the rest). ``/proc/sys/vm/drop_caches``
is left alone: it empties the cache of every user of a shared machine.

The clock starts just before tmux is asked to run the launcher (the tmux server is already up)
and stops when ``capture-pane`` first shows the wizard's text; the screen is polled every
10 ms, so a figure is good to about ±15 ms.
"""

from __future__ import annotations

import os
import shlex
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

FIRST_SCREEN = "我是新老师"  # the first screen (issue 14: new teacher or restore), in Chinese


def evict(folder: Path) -> int | None:
    """Drop the folder's files from the page cache; returns the bytes still resident (None when
    that cannot be read here)."""
    files = [p for p in folder.rglob("*") if p.is_file()]
    for path in files:
        fd = os.open(path, os.O_RDONLY)
        try:
            os.fsync(fd)  # a page still dirty (the build just wrote it) is not dropped
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
    return resident(files)


def evict_when_closed(folder: Path, tries: int = 20) -> int | None:
    """Evict; while the last run's process is still letting go of its mappings (tmux was just
    killed), some pages stay: wait a little and evict again."""
    left = evict(folder)
    while left and tries:
        time.sleep(0.2)
        left, tries = evict(folder), tries - 1
    return left


def resident(files: list[Path]) -> int | None:
    fincore = shutil.which("fincore")
    if not fincore or not files:
        return None
    done = subprocess.run(
        [fincore, "--bytes", "--noheadings", "--output", "RES", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return None
    return sum(int(x) for x in done.stdout.split() if x.isdigit())


def _tmux(tmux: str, socket: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [tmux, "-L", socket, *args], capture_output=True, text=True, encoding="utf-8", check=False
    )


def first_screen_seconds(launcher: Path, home: Path, tag: str, timeout: float = 60.0) -> float:
    """One launch in a fresh tmux server; seconds until FIRST_SCREEN is on screen."""
    tmux = shutil.which("tmux")
    if tmux is None:
        raise SystemExit("measuring the start time needs tmux")
    socket = f"mentor-portable-{os.getpid()}-{tag}"
    env = f"MENTOR_HOME={shlex.quote(str(home))} MENTOR_LANG=zh LANG=zh_CN.UTF-8"
    started = _tmux(
        tmux, socket, "new-session", "-d", "-s", "m", "-x", "80", "-y", "24", "sleep 300"
    )
    if started.returncode != 0:
        raise SystemExit(f"tmux new-session failed: {started.stderr}")
    try:
        t0 = time.perf_counter()
        _tmux(
            tmux, socket, "respawn-pane", "-k", "-t", "m", f"env {env} {shlex.quote(str(launcher))}"
        )
        deadline = t0 + timeout
        while time.perf_counter() < deadline:
            if FIRST_SCREEN in _tmux(tmux, socket, "capture-pane", "-p", "-t", "m").stdout:
                return time.perf_counter() - t0
            time.sleep(0.01)
        screen = _tmux(tmux, socket, "capture-pane", "-p", "-t", "m").stdout
        raise SystemExit(f"the first screen never appeared; the screen was:\n{screen}")
    finally:
        _tmux(tmux, socket, "kill-server")


def start_times(launcher: Path, work: Path, runs: int = 3) -> dict:
    """``runs`` cold launches (the folder evicted before each), then ``runs`` warm ones."""
    if not sys.platform.startswith("linux"):
        print("start time: measured on Linux only (tmux and posix_fadvise)")
        return {}
    folder = launcher.parent
    load = [round(x, 2) for x in os.getloadavg()]  # a shared machine: say how busy it was
    cold, warm, left = [], [], []
    for i in range(runs):
        home = work / f"cold-{i}"
        left.append(evict_when_closed(folder))
        cold.append(first_screen_seconds(launcher, home, f"c{i}"))
    for i in range(runs):
        warm.append(first_screen_seconds(launcher, work / f"warm-{i}", f"w{i}"))
    # the same command installed by pip into this environment, warm, for comparison
    script = Path(sys.executable).with_name("mentor.exe" if os.name == "nt" else "mentor")
    venv = [
        first_screen_seconds(script, work / f"venv-{i}", f"v{i}")
        for i in range(runs if script.exists() else 0)
    ]
    resident_after = [x for x in left if x is not None]
    stats = {
        "cold_median_s": round(statistics.median(cold), 3),
        "cold_s": [round(x, 3) for x in cold],
        "warm_median_s": round(statistics.median(warm), 3),
        "warm_s": [round(x, 3) for x in warm],
        "venv_warm_median_s": round(statistics.median(venv), 3) if venv else None,
        "venv_warm_s": [round(x, 3) for x in venv],
        "resident_bytes_before_cold": resident_after,
        "load_average_1_5_15_min": load,
        "what": "launch → the wizard's first text drawn, tmux 80×24, empty MENTOR_HOME",
    }
    note = (
        f" ({max(resident_after) / 1e6:.1f} MB of the folder still cached)"
        if resident_after
        else ""
    )
    print(
        f"start time (launch → first screen, tmux 80×24): cold {stats['cold_median_s']:.2f} s"
        f"{note}, warm {stats['warm_median_s']:.2f} s"
        + (f"; pip-installed mentor warm {stats['venv_warm_median_s']:.2f} s" if venv else "")
        + f" (medians of {runs}; load {load[0]})"
    )
    return stats
