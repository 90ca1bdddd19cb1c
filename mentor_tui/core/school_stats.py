"""The county statistics sheet (SCHOOL.md §Sizes: the national fields of the Ministry of Civil
Affairs' 2018 figures): the school's children counted by sex, age band, stage, guardian type,
support category, boarding, health and poverty status. Pure.

Each dimension lists every value of its closed list (a zero is a figure too) and "not given"
(``""``) for children whose register did not say; a child counts once per dimension, except
for support categories and poverty status, where a child may have several (or none).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from mentor_tui.core import school_vocab as sv
from mentor_tui.core.vocab import GENDERS, SUPPORT_CATEGORIES

UNKNOWN = ""
DIMENSIONS = (
    "sex",
    "age_band",
    "stage",
    "guardian_type",
    "category",
    "boarding",
    "health",
    "poverty",
)
MULTI = ("category", "poverty")  # a child may count under several values, or none


@dataclass(frozen=True)
class StatChild:
    gender: str
    birth_date: dt.date | None
    stage: str
    guardian_type: str
    categories: tuple[str, ...]
    boarding: bool | None
    health: str
    poverty: tuple[str, ...]


@dataclass(frozen=True)
class StatLine:
    dimension: str  # one of DIMENSIONS
    value: str  # an id of the dimension's list, "yes"/"no" for boarding, UNKNOWN: not given
    count: int


def _values(dimension: str) -> tuple[str, ...]:
    lists: dict[str, Sequence[str]] = {
        "sex": [g for g in GENDERS if g],
        "age_band": [b for b in sv.AGE_BANDS if b != "unknown"],
        "stage": list(sv.NATIONAL_STAGES),
        "guardian_type": list(sv.GUARDIAN_TYPES),
        "category": list(SUPPORT_CATEGORIES),
        "boarding": ["yes", "no"],
        "health": list(sv.HEALTH),
        "poverty": list(sv.POVERTY),
    }
    return tuple(lists[dimension])


def _of(child: StatChild, dimension: str, on: dt.date) -> tuple[str, ...]:
    if dimension == "sex":
        return (child.gender,)
    if dimension == "age_band":
        band = sv.age_band(child.birth_date, on)
        return (UNKNOWN if band == "unknown" else band,)
    if dimension == "stage":
        return (sv.NATIONAL_STAGE.get(child.stage, UNKNOWN),)
    if dimension == "guardian_type":
        return (child.guardian_type,)
    if dimension == "category":
        return child.categories
    if dimension == "boarding":
        return (UNKNOWN if child.boarding is None else "yes" if child.boarding else "no",)
    if dimension == "health":
        return (child.health,)
    return child.poverty


def county_stats(children: Iterable[StatChild], on: dt.date) -> tuple[int, list[StatLine]]:
    """(the number of children, every dimension's lines in order): each value of the
    dimension's list, then "not given" when any child lacks it (single-valued dimensions)."""
    kids = list(children)
    lines: list[StatLine] = []
    for dim in DIMENSIONS:
        counts: dict[str, int] = {}
        for c in kids:
            for value in _of(c, dim, on):
                counts[value] = counts.get(value, 0) + 1
        known = _values(dim)
        lines += [StatLine(dim, v, counts.get(v, 0)) for v in known]
        if dim not in MULTI:
            other = sum(n for v, n in counts.items() if v not in known)
            if other:
                lines.append(StatLine(dim, UNKNOWN, other))
    return len(kids), lines
