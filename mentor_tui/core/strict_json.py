"""Strict JSON reading, for the sync file's envelope header and payload (docs/sync-format.md):
what Python's ``json`` accepts quietly is an error here. Pure.

- an object with a key twice (``json`` keeps the last one: two readers could disagree);
- ``NaN``, ``Infinity`` and ``-Infinity`` (not JSON at all);
- with ``finite_numbers``, a number that overflows a float (``1e999`` reads as infinity).
"""

from __future__ import annotations

import json
import math
from typing import NoReturn


def strict_loads(text: str, *, finite_numbers: bool = True) -> object:
    """``json.loads(text)`` with the refusals above; a ``ValueError`` (or ``RecursionError``
    for absurd nesting) when ``text`` is not such JSON."""
    return json.loads(
        text,
        object_pairs_hook=_unique_keys,
        parse_constant=_no_constant,
        parse_float=_finite if finite_numbers else None,
    )


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise ValueError("duplicate key")
    return out


def _no_constant(_: str) -> NoReturn:
    raise ValueError("NaN or Infinity")


def _finite(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("non-finite number")
    return value
