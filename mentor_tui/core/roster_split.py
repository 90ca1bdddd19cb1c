"""Composite roster cells split to the right person. Pure.

Schools put both parents in one cell: names ("父：李强 母：张秀英", "李强/张秀英"), phones
("13800001111/13900002222", in the order of the names, or labelled "父13800001111 母…"), one
work place for both ("广东东莞"), and several support categories in one cell ("贫困；学困").
Each function returns what it could place and, for what it could not, a reason (an i18n key):
a value is never given to a person it may not belong to.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

# A label before a parent's part of a cell: 父 / 父亲 / 爸爸 …, then an optional colon.
_FATHER = ("父亲", "爸爸", "父", "爸")
_MOTHER = ("母亲", "妈妈", "母", "妈")
_LABEL = re.compile(r"(父亲|爸爸|母亲|妈妈|父|爸|母|妈)\s*[:：]?\s*")
# separators between two parts of a cell (names, phones, places)
SEPARATORS = re.compile(r"\s*[/／,，;；、|｜\n]+\s*|\s{1,}")
CATEGORY_SEPARATORS = re.compile(r"[;；、,，/／|｜\s]+")


@dataclass
class Parents:
    """What a composite cell gave each parent; ``problems``: (i18n key, kwargs) warnings."""

    father: str = ""
    mother: str = ""
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKC", text).strip()


def labelled(text: str) -> dict[str, str] | None:
    """{"father": …, "mother": …} from a cell whose parts carry labels ("父：李强 母：张秀英",
    "父亲13800001111，母亲13900002222"); None when the cell has no label at its start."""
    s = _fold(text)
    marks = list(_LABEL.finditer(s))
    if not marks or marks[0].start() != 0:
        return None
    out: dict[str, str] = {}
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(s)
        part = s[m.end() : end].strip(" ,，;；、/／|｜")
        who = "father" if m.group(1) in _FATHER else "mother"
        if part and who not in out:
            out[who] = part
    return out


def parts(text: str) -> list[str]:
    """The unlabelled parts of a cell, split at / , ； 、 | and spaces."""
    return [p for p in SEPARATORS.split(_fold(text)) if p]


def split_names(text: str) -> Parents:
    """Father's and mother's names from one cell: labelled, or two names in that order (the
    order 父母 is written in). One unlabelled name cannot be placed: a warning."""
    got = labelled(text)
    if got is not None:
        return Parents(got.get("father", ""), got.get("mother", ""))
    names = parts(text)
    if len(names) == 2:
        return Parents(names[0], names[1])
    return Parents(problems=[("roster.warn.parents_unclear", {"value": text})])


def split_for_parents(text: str, names: Parents, what: str) -> Parents:
    """Phones or work places for the parents: labelled; or as many parts as there are named
    parents, in the names' order; or one value for both when ``what`` is "work" (one work place
    for both parents). Anything else is a warning naming the cell."""
    got = labelled(text)
    if got is not None:
        return Parents(got.get("father", ""), got.get("mother", ""))
    values = parts(text) if what == "phone" else _work_parts(text)
    who = [p for p in ("father", "mother") if getattr(names, p)]
    if what == "work" and len(values) == 1:
        return Parents(values[0], values[0])
    if len(values) == 2 and len(who) in (0, 2):
        return Parents(values[0], values[1])
    if len(values) == 1 and len(who) == 1:
        one = Parents()
        setattr(one, who[0], values[0])
        return one
    key = "roster.warn.parents_phone_unclear" if what == "phone" else "roster.warn.parents_unclear"
    return Parents(problems=[(key, {"value": text})])


def _work_parts(text: str) -> list[str]:
    """Work places split only at explicit separators (a place may contain a space)."""
    return [p for p in re.split(r"\s*[/／,，;；、|｜\n]+\s*", _fold(text)) if p]


# --- support categories ----------------------------------------------------------------------

# words schools write -> vocab.SUPPORT_CATEGORIES id (compared after folding, lower case)
CATEGORY_WORDS: dict[str, str] = {
    "贫困": "poor",
    "贫困户": "poor",
    "贫困家庭": "poor",
    "建档立卡": "poor",
    "建档立卡户": "poor",
    "低保": "poor",
    "低保户": "poor",
    "特困": "poor",
    "家庭困难": "poor",
    "经济困难": "poor",
    "poor": "poor",
    "poverty": "poor",
    "心理": "psychological",
    "心理问题": "psychological",
    "心理健康": "psychological",
    "心理辅导": "psychological",
    "psychological": "psychological",
    "学困": "learning_difficulty",
    "学困生": "learning_difficulty",
    "学习困难": "learning_difficulty",
    "learningdifficulty": "learning_difficulty",
    "重点": "key_target",
    "重点帮扶": "key_target",
    "重点帮扶对象": "key_target",
    "重点关注": "key_target",
    "重点对象": "key_target",
    "keytarget": "key_target",
}
# words that say only what every child on the roster is (a left-behind child): no category
NO_CATEGORY = ("留守", "留守儿童", "留守学生", "无", "否", "-", "—")


def split_categories(text: str) -> tuple[list[str], list[str]]:
    """(category ids, words not recognised) of a cell like "贫困；学困、重点关注"."""
    ids: list[str] = []
    unknown: list[str] = []
    for word in CATEGORY_SEPARATORS.split(_fold(text)):
        key = word.lower().replace("_", "").replace("-", "")
        if not word or word in NO_CATEGORY:
            continue
        hit = CATEGORY_WORDS.get(key)
        if hit is None:
            unknown.append(word)
        elif hit not in ids:
            ids.append(hit)
    return ids, unknown
