"""The school-wide roster: issue 15's roster reading (core/roster.py, the one matching rule)
with the columns only a school's register has. Pure.

The extra columns (:data:`ALIASES`): the mentor (帮扶教师: pairings already made on paper), and
the county's fields — stage (学段), guardian type, health (患病 / 残疾), poverty status (建档立卡 /
低保 / 特困), ethnicity (民族) — kept as the child's school-owned fields; a teacher never fills
them. The study buddy column (学习帮手) is the teacher import's own field: here it only pre-fills
the mentor's choice (seed 001: "由老师牵头确立一名学习帮手").

Where the register has no column for a county field, it is read from what the row does say:
the stage from the class name (三年级二班 → 小学), the guardian type from the guardian's
relationship (奶奶 → 祖辈监护), the health from the health column's words (身体状况).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from mentor_tui.core import school_vocab as sv
from mentor_tui.core.roster import RosterRow
from mentor_tui.core.roster_fields import header_key
from mentor_tui.core.roster_header import AUTO, Layout

ALIASES: dict[str, tuple[str, ...]] = {
    "mentor": (
        "帮扶教师",
        "结对教师",
        "帮扶老师",
        "结对老师",
        "代理家长",
        "结对帮扶教师",
        "帮扶责任人",
        "mentor",
        "mentorteacher",
    ),
    "stage": ("学段", "就读学段", "学习阶段", "stage"),
    "guardian_type": ("监护类型", "监护情况", "监护方式", "监护人类型", "guardiantype"),
    "health_status": (
        "残疾或患病",
        "是否残疾",
        "是否患病",
        "患病残疾情况",
        "残疾情况",
        "健康类别",
        "healthstatus",
    ),
    "poverty": (
        "贫困类型",
        "贫困情况",
        "家庭经济状况",
        "是否建档立卡",
        "建档立卡",
        "资助类型",
        "poverty",
    ),
    "ethnicity": ("民族", "ethnicity"),
}
FIELDS = tuple(ALIASES)
_LOOKUP = {header_key(a): f for f, aliases in ALIASES.items() for a in aliases}


def extend_layout(lay: Layout) -> Layout:
    """``lay`` with the school's extra columns mapped (those the teacher's import left
    unmapped), each field to its first column."""
    taken = {c.field for c in lay.columns if c.field}
    cols = list(lay.columns)
    for i, c in enumerate(cols):
        f = _LOOKUP.get(c.key)
        if f is not None and not c.field and f not in taken:
            cols[i] = replace(c, field=f, how=AUTO, question="")
            taken.add(f)
    return replace(lay, columns=cols)


@dataclass
class SchoolExtras:
    """What a row says beyond the teacher's roster: the county's fields and the mentor."""

    county: dict[str, Any] = field(default_factory=dict)
    mentor: str = ""
    buddy: str = ""
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def extras(row: RosterRow) -> SchoolExtras:
    """The county's fields, the mentor's name and the study buddy of one checked row; a value
    that cannot be read is a warning (``roster.warn.school_value``), the row imports without it."""
    v: Mapping[str, str] = row.values
    out = SchoolExtras(mentor=v.get("mentor", ""), buddy=str(row.child.get("study_buddy") or ""))
    for name, column in (("stage", "stage"), ("guardian_type", "guardian_type")):
        text = v.get(column, "")
        value = sv.read_value(name, text) if text else None
        if text and value is None:
            out.problems.append(("roster.warn.school_value", {"field": column, "value": text}))
        if value:
            out.county[name] = value
    if "stage" not in out.county:
        guess = sv.stage_from_class(
            str(row.child.get("class_name") or row.child.get("grade") or "")
        )
        if guess:
            out.county["stage"] = guess
    if "guardian_type" not in out.county:
        primary = next((c for c in row.contacts if c.get("is_primary")), None)
        guess = sv.guardian_type_for_role(str(primary.get("role"))) if primary else None
        if guess:
            out.county["guardian_type"] = guess
    health_text = v.get("health_status", "")
    health = sv.read_value("health", health_text) if health_text else None
    if health_text and health is None:
        out.problems.append(
            ("roster.warn.school_value", {"field": "health_status", "value": health_text})
        )
    if health is None and v.get("health_notes"):
        health = sv.read_value("health", v["health_notes"])
    if health:
        out.county["health"] = health
    if v.get("poverty"):
        ids, unread = sv.read_poverty(v["poverty"])
        if unread:
            out.problems.append(
                ("roster.warn.school_value", {"field": "poverty", "value": v["poverty"]})
            )
        out.county["poverty"] = ids
    if v.get("ethnicity"):
        out.county["ethnicity"] = v["ethnicity"]
    return out
