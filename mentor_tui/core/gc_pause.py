"""The one place the cyclic garbage collector is tuned.

Building many small acyclic objects at once (a sync file's versions) triggers generation-0
collections that only walk them: in ``bench/`` those passes cost about a third of a sync parse.
(The duty engine measured no gain from it: bench/compare_base.py, so it does not use it.) :func:`gc_paused` switches the collector off for such a block and restores
the previous state on the way out (also on an exception); nested use is safe.

Use it only where a bench row shows the gain (today: the sync parse, build and apply).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def gc_paused() -> Iterator[None]:
    """No cyclic garbage collection inside the block; the previous state restored after."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()
