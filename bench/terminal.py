"""Time until a program's first screen shows its text in a real terminal: tmux at 80×24
(issue 17, "first frame in a real terminal"). The clock starts just before tmux is asked to
run the command (its server already up) and stops when ``capture-pane`` first shows ``text``;
the screen is polled every 5 ms, so a figure is good to about ±10 ms, and each poll starts a
tmux client that competes with the program for the CPU (the same for ours and the peer).
portable/measure.py does the same for the built folder.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time


def available() -> bool:
    return shutil.which("tmux") is not None


def _tmux(socket: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["tmux", "-L", socket, *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
    )


def first_text_seconds(
    argv: list[str], text: str, env: dict[str, str], timeout: float = 30
) -> float:
    """One launch of ``argv`` in a fresh tmux server: seconds until ``text`` is on screen."""
    socket = f"mentor-bench-{os.getpid()}-{time.monotonic_ns()}"
    started = _tmux(socket, "new-session", "-d", "-s", "m", "-x", "80", "-y", "24", "sleep 300")
    if started.returncode != 0:
        raise RuntimeError(f"tmux new-session failed: {started.stderr}")
    try:
        assigns = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
        command = f"env {assigns} {shlex.join(argv)}"
        t0 = time.perf_counter()
        _tmux(socket, "respawn-pane", "-k", "-t", "m", command)
        while time.perf_counter() - t0 < timeout:
            if text in _tmux(socket, "capture-pane", "-p", "-t", "m").stdout:
                return time.perf_counter() - t0
            time.sleep(0.005)
        raise RuntimeError(f"{text!r} never appeared in {timeout} s")
    finally:
        _tmux(socket, "kill-server")
