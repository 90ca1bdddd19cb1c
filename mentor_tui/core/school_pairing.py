"""Pairing (结对): which mentor the school suggests for each child. Pure.

The rule, in order (docs/school.md "Pairing"):

1. **Existing pairs are kept** (a child already paired with an active mentor stays with her;
   the pairs made on paper come in with the roster's 帮扶教师 column).
2. A child without a mentor gets, among the active mentors **under their load limit**
   (default :data:`DEFAULT_LOAD`, a school setting), preferably
   a. **her class teacher** — a mentor whose class taught is the child's class (seed 000 and
      002: "由班主任、科任老师与本班留守儿童结帮扶对子");
   b. then **a mentor of the same gender** (seed 000: "在结对子时应尽量让男生与男孩子、女生与
      孩子结对，这样他们之间可能共同话题要多些");
   c. then the mentor with **the lightest load**, then by name.
3. Children are taken in class, name and id order, so the same school gives the same
   suggestions on every machine; with nobody under the limit a child gets none.

Study buddies are not paired here: they stay the mentor's choice (seed 001: "每个留守儿童由
老师牵头确立一名学习帮手"); a roster column may only pre-fill them.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

DEFAULT_LOAD = 6  # children per mentor (SCHOOL.md §Sizes: ~6 a mentor)
MAX_LOAD = 100
KEPT, CLASS_TEACHER, SAME_GENDER, LIGHTEST, NONE = (
    "kept",
    "class_teacher",
    "same_gender",
    "lightest",
    "none",
)
REASONS = (KEPT, CLASS_TEACHER, SAME_GENDER, LIGHTEST, NONE)


def class_key(text: str) -> str:
    """A class name compared loosely: full-width folded, without spaces ("三年级 二班")."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class Mentor:
    id: str
    name: str
    gender: str = ""  # vocab.GENDERS
    class_taught: str = ""
    active: bool = True


@dataclass(frozen=True)
class Pupil:
    id: str
    name: str
    gender: str = ""
    class_name: str = ""
    mentor_id: str | None = None  # her mentor now (an active pairing)


@dataclass(frozen=True)
class Suggestion:
    child_id: str
    teacher_id: str | None
    reason: str  # one of REASONS

    @property
    def is_new(self) -> bool:
        return self.reason not in (KEPT, NONE)


def loads(pupils: Iterable[Pupil], mentors: Iterable[Mentor]) -> dict[str, int]:
    """Each active mentor's number of children now."""
    out = {m.id: 0 for m in mentors if m.active}
    for p in pupils:
        if p.mentor_id in out:
            out[p.mentor_id] += 1
    return out


def over_load(pupils: Sequence[Pupil], mentors: Sequence[Mentor], limit: int) -> list[str]:
    """The active mentors with more children than ``limit`` (pairs made before the limit, or
    by hand), by id."""
    return sorted(tid for tid, n in loads(pupils, mentors).items() if n > limit)


def suggest(
    pupils: Sequence[Pupil], mentors: Sequence[Mentor], limit: int = DEFAULT_LOAD
) -> list[Suggestion]:
    """One suggestion per child, in the order of ``pupils`` (see the module docstring)."""
    active = [m for m in mentors if m.active]
    load = loads(pupils, active)
    out: dict[str, Suggestion] = {}
    waiting = []
    for p in pupils:
        if p.mentor_id in load:
            out[p.id] = Suggestion(p.id, p.mentor_id, KEPT)
        else:
            waiting.append(p)
    waiting.sort(key=lambda p: (class_key(p.class_name), p.name, p.id))
    for p in waiting:
        free = [m for m in active if load[m.id] < limit]
        if not free:
            out[p.id] = Suggestion(p.id, None, NONE)
            continue

        def rank(m: Mentor, p: Pupil = p) -> tuple[int, int, int, str, str]:
            own_class = bool(p.class_name) and class_key(m.class_taught) == class_key(p.class_name)
            same = bool(p.gender) and m.gender == p.gender
            return (0 if own_class else 1, 0 if same else 1, load[m.id], m.name, m.id)

        best = min(free, key=rank)
        r = rank(best)
        reason = CLASS_TEACHER if r[0] == 0 else SAME_GENDER if r[1] == 0 else LIGHTEST
        load[best.id] += 1
        out[p.id] = Suggestion(p.id, best.id, reason)
    return [out[p.id] for p in pupils]
