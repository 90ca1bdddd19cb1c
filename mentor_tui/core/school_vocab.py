"""The county's closed lists, declared once (SCHOOL.md §Sizes: the national fields of the
Ministry of Civil Affairs' 2018 figures and the 2016 survey): school stage (学段), guardian type,
health, poverty status and the age bands, with their zh/en labels and the words a school's
register writes for each. Pure.

Stored ids never change (they travel in handover packets and sit in the school's tables). The
i18n catalog takes its labels from here (core/catalog/school.py: ``stage.<id>``,
``guardian_type.<id>``, ``health.<id>``, ``poverty.<id>``, ``age_band.<id>``).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterator

from mentor_tui.core.vocab import Choice, Ids, Label

STAGE_CHOICES: tuple[Choice, ...] = (
    Choice("preschool", Label("学前", "Preschool")),
    Choice("primary", Label("小学", "Primary")),
    Choice("junior", Label("初中", "Junior secondary")),
    Choice("senior", Label("高中", "Senior secondary")),
)
# The national statistics' three stages (学前 / 义务教育 / 高中): primary and junior are both
# compulsory schooling.
NATIONAL_STAGE = {
    "preschool": "preschool",
    "primary": "compulsory",
    "junior": "compulsory",
    "senior": "high_school",
}
NATIONAL_STAGE_CHOICES: tuple[Choice, ...] = (
    Choice("preschool", Label("学前教育", "Preschool")),
    Choice("compulsory", Label("义务教育", "Compulsory")),
    Choice("high_school", Label("高中阶段", "High school")),
)
GUARDIAN_TYPE_CHOICES: tuple[Choice, ...] = (
    Choice("grandparents", Label("祖辈监护", "Grandparents")),
    Choice("relatives", Label("亲友监护", "Relatives or friends")),
    Choice("one_parent", Label("父母一方监护", "One parent")),
    Choice("none", Label("无人监护", "No guardian")),
)
HEALTH_CHOICES: tuple[Choice, ...] = (
    Choice("healthy", Label("健康", "Healthy")),
    Choice("ill", Label("患病", "Ill")),
    Choice("disabled", Label("残疾", "Disabled")),
)
POVERTY_CHOICES: tuple[Choice, ...] = (
    Choice("registered", Label("建档立卡", "Registered poor household")),
    Choice("dibao", Label("低保", "Minimum living allowance")),
    Choice("tekun", Label("特困", "Extreme hardship")),
)
AGE_BAND_CHOICES: tuple[Choice, ...] = (
    Choice("0-5", Label("0—5岁", "0–5")),
    Choice("6-13", Label("6—13岁", "6–13")),
    Choice("14-16", Label("14—16岁", "14–16")),
    Choice("17+", Label("17岁及以上", "17 and over")),
    Choice("unknown", Label("出生日期不详", "Birth date unknown")),
)

STAGES = Ids(lambda: STAGE_CHOICES)
NATIONAL_STAGES = Ids(lambda: NATIONAL_STAGE_CHOICES)
GUARDIAN_TYPES = Ids(lambda: GUARDIAN_TYPE_CHOICES)
HEALTH = Ids(lambda: HEALTH_CHOICES)
POVERTY = Ids(lambda: POVERTY_CHOICES)
AGE_BANDS = Ids(lambda: AGE_BAND_CHOICES)

# The words of a register's cells for each value (compared after NFKC, lower case, no spaces);
# a cell is read by the first id whose word it contains.
_WORDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "stage": (
        ("preschool", ("学前", "幼儿园", "幼儿", "preschool", "kindergarten")),
        ("junior", ("初中", "初级中学", "七年级", "八年级", "九年级", "初一", "初二", "初三")),
        ("senior", ("高中", "中职", "职高", "高一", "高二", "高三", "senior")),
        ("primary", ("小学", "年级", "primary")),
    ),
    "guardian_type": (
        ("none", ("无人", "自我监护", "单独居住", "none")),
        ("grandparents", ("祖", "爷", "奶", "外公", "外婆", "姥", "隔代", "grand")),
        ("one_parent", ("父亲", "母亲", "父母一方", "单亲", "parent")),
        ("relatives", ("亲", "友", "叔", "伯", "姑", "舅", "姨", "委托", "relative", "friend")),
    ),
    "health": (
        ("disabled", ("残疾", "残障", "disab")),
        ("ill", ("患病", "疾病", "病", "患", "ill", "sick")),
        ("healthy", ("健康", "良好", "正常", "healthy", "good")),
    ),
    "poverty": (
        ("registered", ("建档立卡", "建档", "registered")),
        ("dibao", ("低保", "dibao")),
        ("tekun", ("特困", "五保", "tekun")),
    ),
}
_NONE_WORDS = ("无", "否", "没有", "none", "no", "-", "—", "/")


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "").lower())


def read_value(field: str, text: str) -> str | None:
    """The id a register's cell means for ``field`` (stage, guardian_type, health), or None."""
    key = _key(text)
    if not key:
        return None
    for value, words in _WORDS[field]:
        if any(w in key for w in words):
            return value
    return None


def read_poverty(text: str) -> tuple[list[str], bool]:
    """(the poverty ids a cell names, whether it said anything this cannot read). A cell
    saying "无" / "否" names none."""
    key = _key(text)
    if not key or key in _NONE_WORDS:
        return [], False
    found = [value for value, words in _WORDS["poverty"] if any(w in key for w in words)]
    return found, not found


def stage_from_class(class_name: str) -> str | None:
    """The stage a class name tells ("三年级二班" → primary, "初一" → junior), or None."""
    return read_value("stage", class_name)


def guardian_type_for_role(role: str) -> str | None:
    """A guardian type from the primary contact's role (vocab.CONTACT_ROLES)."""
    return {
        "grandparent": "grandparents",
        "relative": "relatives",
        "other_guardian": "relatives",
        "father": "one_parent",
        "mother": "one_parent",
    }.get(role)


def age_band(birth: dt.date | None, on: dt.date) -> str:
    """The national age band of a child born on ``birth`` on the date ``on``."""
    if birth is None or birth > on:
        return "unknown"
    age = on.year - birth.year - ((on.month, on.day) < (birth.month, birth.day))
    if age <= 5:
        return "0-5"
    if age <= 13:
        return "6-13"
    return "14-16" if age <= 16 else "17+"


def labels() -> Iterator[tuple[str, Label]]:
    """Every label declared here with its i18n key (the catalog is made of these)."""
    for prefix, choices in (
        ("stage", STAGE_CHOICES),
        ("national_stage", NATIONAL_STAGE_CHOICES),
        ("guardian_type", GUARDIAN_TYPE_CHOICES),
        ("health", HEALTH_CHOICES),
        ("poverty", POVERTY_CHOICES),
        ("age_band", AGE_BAND_CHOICES),
    ):
        for c in choices:
            yield f"{prefix}.{c.id}", c.label
