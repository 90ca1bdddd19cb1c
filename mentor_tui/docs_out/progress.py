"""A text progress bar for long exports and imports on the command line.

Jobs report ``progress(done, total)``; :class:`TextProgress` draws nothing for the first
second (most jobs are done by then), then redraws one line on the stream (stderr) at most ten
times a second. The TUI passes its own callback instead.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from typing import TextIO

DELAY_S = 1.0
WIDTH = 30

# What a long job calls as it advances: ``progress(done, total)``.
Progress = Callable[[int, int], object]


class TextProgress:
    def __init__(
        self,
        stream: TextIO | None = None,
        delay: float = DELAY_S,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.delay = delay
        self.clock = clock
        self.started = clock()
        self.last_draw = 0.0
        self.drawn = False

    def __call__(self, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.drawn and done < total and now - self.last_draw < 0.1:
            return
        self.last_draw = now
        self.drawn = True
        self.stream.write("\r" + bar(done, total))
        self.stream.flush()

    def close(self) -> None:
        """End the bar's line (only if one was drawn)."""
        if self.drawn:
            self.stream.write("\n")
            self.stream.flush()
            self.drawn = False

    def __enter__(self) -> TextProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def bar(done: int, total: int, width: int = WIDTH) -> str:
    total = max(total, 1)
    done = max(0, min(done, total))
    filled = width * done // total
    return f"[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {100 * done // total:3d}%"
