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
    """How a table's columns share ``width`` cells: ``first`` (keys) keep their width longest,
    but one far longer than the rest gives way first down to its ``soft`` width (a name of
    300 characters must not push the duty marks off the screen); ``optional`` (keys, least
    wanted first) are left out when the shortened table still does not fit; ``give_way``
    (keys: long free text, such as a status sentence) shorten, down to their ``minimum``,
    before any column of ``first`` does; ``padding``: the cells each column adds around its
    text."""

    width: int
    first: Sequence[str] = ()
    optional: Sequence[str] = ()
    give_way: Sequence[str] = ()
    padding: int = CELL_PADDING
    soft: dict[str, int] = field(default_factory=dict)
    minimum: dict[str, int] = field(default_factory=dict)


SOFT_WIDTH = 24  # a column in ``first`` wider than this gives way before the others
FIRST_FLOOR = 10  # ... and on a narrow terminal down to this ("三年级一班"), before the others


def fit_widths(keys: Sequence[str], natural: Sequence[int], fit: Fit) -> dict[str, int]:
    """The width of each column kept (a key left out is missing from the result).

    1. Every column at its natural width when they all fit.
    2. Else a column of ``first`` wider than its soft width (:data:`SOFT_WIDTH`) shortens to it,
       and the ``give_way`` columns shorten, the last first.
    3. Then the columns of ``first`` shorten to :data:`FIRST_FLOOR` (a class cut is still
       read, a duty mark cut is not, a column left out not at all), the last of them first.
    4. Then the optional columns are left out, least wanted first, while it does not fit.
    5. Then the other columns shrink, the last first (down to :data:`MIN_WIDTH` or their
       ``minimum``), and only then those in ``first``, the last of them first.
    6. Room left over goes back to the columns of ``first`` that were shortened.
    """
    widths = dict(zip(keys, natural))
    full = dict(widths)

    def over() -> int:
        return sum(widths.values()) + fit.padding * len(widths) - fit.width

    if over() <= 0:
        return widths
    for key in fit.first:
        soft = fit.soft.get(key, SOFT_WIDTH)
        if key in widths and widths[key] > soft:
            widths[key] = soft
    for key in reversed(fit.give_way):
        excess = over()
        if excess <= 0:
            break
        floor = min(widths[key], fit.minimum.get(key, MIN_WIDTH))
        widths[key] = max(floor, widths[key] - excess)
    for key in reversed(fit.first):  # a long class or name yields before a column goes
        excess = over()
        if excess <= 0:
            break
        if key in widths and widths[key] > FIRST_FLOOR:
            widths[key] = max(FIRST_FLOOR, widths[key] - excess)
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
    for key in fit.first:
        spare = -over()
        if spare <= 0:
            break
        if key in widths and widths[key] < full[key]:
            widths[key] = min(full[key], widths[key] + spare)
    return widths
