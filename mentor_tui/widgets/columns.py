"""Column widths from the space there is (issue 16): a table's columns get their full width when
the terminal has room, names and classes get the space first, and text is cut with "…" only
when it truly does not fit.

:func:`fit_widths` is pure arithmetic on cell widths (CJK characters are two cells); the
dashboard, the child file's tables and the roster import's preview share it through
``widgets.common.fill_table``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

CELL_PADDING = 2  # a DataTable's cell padding, one cell each side
MIN_WIDTH = 4  # a shortened column keeps at least this many cells ("李…" or "三年…")


@dataclass(frozen=True)
class Fit:
    """How a table's columns share ``width`` cells: ``first`` (keys) keep their width longest;
    ``optional`` (keys, least wanted first) are left out when even the shortened table does
    not fit; ``padding``: the cells each column adds around its text."""

    width: int
    first: Sequence[str] = ()
    optional: Sequence[str] = ()
    padding: int = CELL_PADDING
    minimum: dict[str, int] = field(default_factory=dict)


def fit_widths(keys: Sequence[str], natural: Sequence[int], fit: Fit) -> dict[str, int]:
    """The width of each column kept (a key left out is missing from the result).

    1. Every column at its natural width when they all fit.
    2. Else the optional columns are left out, least wanted first, while it does not fit.
    3. Else the other columns shrink, the last first (down to :data:`MIN_WIDTH` or their
       ``minimum``), and only then those in ``first``, the last of them first.
    """
    widths = dict(zip(keys, natural))

    def over() -> int:
        return sum(widths.values()) + fit.padding * len(widths) - fit.width

    if over() <= 0:
        return widths
    for key in fit.optional:
        if over() <= 0:
            break
        widths.pop(key, None)
    later = [k for k in reversed(keys) if k in widths and k not in fit.first]
    early = [k for k in reversed(keys) if k in widths and k in fit.first]
    for key in later + early:
        excess = over()
        if excess <= 0:
            break
        floor = min(widths[key], fit.minimum.get(key, MIN_WIDTH))
        widths[key] = max(floor, widths[key] - excess)
    return widths
