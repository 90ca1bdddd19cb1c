"""Realistic fictional data: Chinese names, guardians away in cities, terms of entries of every
kind. Seeded, so tests and benchmarks always get the same data. Pure (plain dicts).

``generate(children=40, years=2, seed=1, today=...)`` → :class:`DemoData`.

``every_kind=True`` (the demo vault) adds, from a separate random stream so the default output
stays byte-for-byte what golden files and snapshots were made from: the spring term before the
first autumn when fewer than two terms have started (two terms of entries even in autumn),
every entry kind of the registry (``vocab.KINDS``: risk notes, other), skipped contacts with a reason,
unreachable calls, and general notes that name no child.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from dataclasses import dataclass, field
from typing import Any, TypedDict, Unpack

from mentor_tui.core.vocab import ENTRY_KINDS, GENDERS, SUPPORT_CATEGORIES

Record = dict[str, Any]  # a child, contact, entry or term as the vault stores it
Term = tuple[str, dt.date, dt.date]  # name, start, end


class EntryParts(TypedDict, total=False):
    """What an entry may say besides who, what and when (defaults: done, no text, no card)."""

    outcome: str
    text: str
    card: Record
    reason: str  # why it was skipped


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN = [
    "明",
    "芳",
    "伟",
    "娜",
    "强",
    "静",
    "磊",
    "敏",
    "军",
    "洋",
    "勇",
    "艳",
    "杰",
    "娟",
    "涛",
    "超",
    "霞",
    "平",
    "刚",
    "桂英",
    "子涵",
    "欣怡",
    "梓萱",
    "浩然",
    "宇轩",
    "雨桐",
    "俊杰",
    "思彤",
    "一诺",
    "佳怡",
    "子轩",
    "梦琪",
    "博文",
    "诗涵",
    "晨曦",
    "嘉怡",
    "天佑",
    "可欣",
    "文博",
    "雅婷",
]
CITIES = ["广州", "深圳", "东莞", "上海", "杭州", "宁波", "苏州", "北京", "厦门", "温州"]
EMPLOYERS = ["电子厂", "服装厂", "建筑工地", "物流公司", "餐馆", "鞋厂", "家具厂", "快递站"]
CLASSES = ["一年级一班", "二年级一班", "三年级二班", "四年级一班", "五年级二班", "六年级一班"]
INTERESTS = ["画画", "跳绳", "读故事书", "踢足球", "唱歌", "下象棋", "写字", "养小兔子"]
SAID = [
    "说想妈妈了，妈妈过年才回来。",
    "这次数学考得不错，很开心。",
    "和同桌闹了点别扭。",
    "奶奶身体不太好，放学要帮忙做饭。",
    "周末在家看电视，作业没写完。",
    "说爸爸打电话答应暑假接她去城里。",
    "最近晚上睡得晚，上课有点困。",
]
HELP = [
    "鼓励他按时完成作业。",
    "约好每周三中午一起读书。",
    "帮她和同桌和好。",
    "提醒注意用电安全。",
    "和班主任商量安排学习帮手。",
]
SKIP_REASONS = [
    "孩子生病请假在家。",
    "学校组织秋游，改到下周。",
    "孩子随家人去外村走亲戚。",
    "镇上考试周，暂停一次。",
]
RISK = [
    ("课间一个人躲在角落哭，问了不肯说。", "告诉班主任，约好明天再谈，并给奶奶打了电话。"),
    ("手臂上有几处淤青，说是摔的。", "报告学校，按规定记录并联系监护人。"),
    ("连续两天没来上学，家里电话没人接。", "和村干部一起去家里看，孩子在家，已劝返。"),
]
OTHER = [
    "帮孩子领到了爱心企业捐的冬衣。",
    "孩子的学习帮手换成了同班的班长。",
    "陪孩子去镇卫生院复查视力。",
]
GENERAL = [
    "全班开展防溺水安全教育主题班会。",
    "参加镇里留守儿童关爱工作培训。",
    "家长会：外出务工的家长通过视频参加。",
    "和各班主任对一遍留守儿童名单。",
]


@dataclass
class DemoData:
    children: list[tuple[str, Record]] = field(default_factory=list)
    contacts: list[tuple[str, Record]] = field(default_factory=list)
    entries: list[tuple[str, Record]] = field(default_factory=list)
    terms: list[tuple[str, Record]] = field(default_factory=list)


def _uuid(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _phone(rng: random.Random) -> str:
    return "1" + rng.choice("3578") + "".join(rng.choice("0123456789") for _ in range(9))


def school_terms(today: dt.date, years: int) -> list[Term]:
    """Autumn and spring terms of the last ``years`` school years up to the one holding today."""
    first_year = (today.year if today.month >= 8 else today.year - 1) - years + 1
    out = []
    for y in range(first_year, first_year + years):
        out.append((f"{y}年秋季学期", dt.date(y, 9, 1), dt.date(y + 1, 1, 15)))
        out.append((f"{y + 1}年春季学期", dt.date(y + 1, 2, 24), dt.date(y + 1, 7, 5)))
    return out


def _record(
    child_id: str | None,
    kind: str,
    day: dt.date,
    entered: dt.datetime,
    **parts: Unpack[EntryParts],
) -> Record:
    """An entry as the vault stores it."""
    return {
        "child_id": child_id,
        "kind": kind,
        "outcome": parts.get("outcome", "done"),
        "occurred_on": day,
        "entered_at": entered,
        "text": parts.get("text", ""),
        "card": parts.get("card") or {},
        "tags": [],
        "skip_reason": parts.get("reason", ""),
        "device_id": "demo",
    }


def _entry(
    rng: random.Random, child_id: str, kind: str, day: dt.date, entered: dt.datetime
) -> Record:
    """An entry of that kind with a record card a teacher might write."""
    outcome = "done"
    card: Record = {}
    text = ""
    if kind == "talk":
        card = {
            "place": rng.choice(["教室", "操场", "办公室"]),
            "child_said": rng.choice(SAID),
            "help_given": rng.choice(HELP),
        }
    elif kind == "home_visit":
        card = {
            "met_whom": rng.choice(["奶奶", "爷爷", "外婆", "姑姑"]),
            "home_situation": "家里收拾得还算整齐，孩子有自己的书桌。",
            "guardian_views": "希望老师多督促作业。",
        }
    elif kind == "parent_call":
        if rng.random() < 0.15:
            outcome = "attempted_unreachable"
        card = {
            "called_whom": rng.choice(["父亲", "母亲"]),
            "discussed": "孩子最近的学习和身体情况。",
            "parents_will": "每周给孩子打一次视频电话。",
        }
    elif kind == "diary":
        text = rng.choice(SAID) + rng.choice(HELP)
    elif kind == "study_plan":
        card = {
            "time": "每周二、四午休",
            "content": "数学口算和阅读",
            "staged_goals": "期中口算达标",
        }
    elif kind == "term_summary":
        card = {"progress": "成绩稳步提高，性格开朗了些。", "next_term": "继续关注阅读习惯。"}
    return _record(child_id, kind, day, entered, outcome=outcome, text=text, card=card)


def generate(
    children: int = 40,
    years: int = 2,
    seed: int = 1,
    today: dt.date | None = None,
    every_kind: bool = False,
) -> DemoData:
    today = today or dt.date.today()
    rng = random.Random(seed)
    data = DemoData()
    terms = school_terms(today, years)
    if every_kind:
        terms = _with_previous_spring(terms, today)
    for name, start, end in terms:
        mid = start + (end - start) / 2
        middle = mid - dt.timedelta(days=mid.weekday())
        data.terms.append(
            (_uuid(rng), {"name": name, "start": start, "end": end, "middle": middle, "breaks": []})
        )
    start_all = terms[0][1]
    for _ in range(children):
        cid = _uuid(rng)
        gender = rng.choice([g for g in GENDERS if g])
        surname = rng.choice(SURNAMES)
        age = rng.randint(7, 12)
        data.children.append(
            (
                cid,
                {
                    "name": surname + rng.choice(GIVEN),
                    "gender": gender,
                    "birth_date": dt.date(today.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                    "class_name": rng.choice(CLASSES),
                    "school": "青山镇中心小学",
                    "boarding": rng.random() < 0.3,
                    "interests": rng.choice(INTERESTS),
                    "home_address": f"青山镇{rng.choice('东南西北')}村{rng.randint(1, 12)}组",
                    "categories": sorted(rng.sample(list(SUPPORT_CATEGORIES), rng.randint(0, 2))),
                    "personality": rng.choice(["内向、敏感", "活泼好动", "懂事、话不多"]),
                    "status": "active",
                    "added_on": start_all,
                    "consent_date": start_all,
                    "consent_how": "监护人签字",
                },
            )
        )
        father, mother = surname + rng.choice(GIVEN), rng.choice(SURNAMES) + rng.choice(GIVEN)
        for role, cname, rel in (("father", father, "父亲"), ("mother", mother, "母亲")):
            data.contacts.append(
                (
                    _uuid(rng),
                    {
                        "child_id": cid,
                        "role": role,
                        "name": cname,
                        "relationship": rel,
                        "phones": [_phone(rng)],
                        "work_city": rng.choice(CITIES),
                        "employer": rng.choice(EMPLOYERS),
                        "best_time": "晚上八点后",
                    },
                )
            )
        data.contacts.append(
            (
                _uuid(rng),
                {
                    "child_id": cid,
                    "role": "grandparent",
                    "name": surname + rng.choice(["奶奶", "爷爷"]),
                    "relationship": rng.choice(["祖母", "祖父"]),
                    "phones": [_phone(rng)],
                    "is_primary": True,
                    "occupation": "务农",
                },
            )
        )
        for _name, start, end in terms:
            stop = min(end, today)
            if start > stop:
                continue
            month = dt.date(start.year, start.month, 1)
            while month <= stop:
                for kind, prob in (
                    ("talk", 0.9),
                    ("parent_call", 0.85),
                    ("guardian_contact", 0.7),
                    ("child_parent_contact", 0.6),
                    ("diary", 0.5),
                ):
                    if rng.random() < prob:
                        lo = max(month, start)
                        nxt = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
                        hi = min(nxt - dt.timedelta(days=1), stop)
                        if lo > hi:
                            continue
                        day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
                        entered = dt.datetime.combine(day, dt.time(12, rng.randint(0, 59)))
                        entry = (_uuid(rng), _entry(rng, cid, kind, day, entered))
                        if _not_yet(seed, cid, kind, lo, hi, nxt, today):
                            continue
                        data.entries.append(entry)
                month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
            length = (end - start).days
            for kind, frac in (
                ("study_plan", 0.03),
                ("home_visit", 0.05),
                ("home_visit", 0.5),
                ("home_visit", 0.93),
                ("term_summary", 0.97),
            ):
                day = start + dt.timedelta(days=int(length * frac))
                if day <= today and rng.random() < 0.9:
                    entered = dt.datetime.combine(day, dt.time(16, 30))
                    data.entries.append((_uuid(rng), _entry(rng, cid, kind, day, entered)))
    if every_kind:
        _every_kind_pass(data, terms, today, seed)
    return data


def _not_yet(
    seed: int, cid: str, kind: str, lo: dt.date, hi: dt.date, nxt: dt.date, today: dt.date
) -> bool:
    """In the month that holds today only part of it has passed: a contact is made by today
    with that share of the chance (on the 1st few are; without this, every one of this
    month's contacts fell on the 1st). Decided by its own generator, after the main stream's
    draws, so the rest of the data is what it was before this rule."""
    month_end = nxt - dt.timedelta(days=1)
    if hi != today or today >= month_end:
        return False  # a month (or the part of it in a term) that is over
    passed, length = (today - lo).days + 1, (month_end - lo).days + 1
    return random.Random(f"{seed}:{cid}:{kind}:{lo}").random() >= passed / length


def _with_previous_spring(terms: list[Term], today: dt.date) -> list[Term]:
    if sum(1 for _n, start, _e in terms if start <= today) >= 2:
        return terms
    y = terms[0][1].year  # the first autumn; its spring term came before it
    return [(f"{y}年春季学期", dt.date(y, 2, 24), dt.date(y, 7, 5))] + terms


def _every_kind_pass(data: DemoData, terms: list[Term], today: dt.date, seed: int) -> None:
    """Skipped and unreachable contacts, risk notes, other and general notes, then one entry
    of any kind still missing, for the first child. Own random stream (see the docstring)."""
    rng = random.Random(f"mentor-demo-every-kind-{seed}")
    started = [(start, min(end, today)) for _n, start, end in terms if start <= today]
    if not started:
        return

    def add(
        child_id: str | None, kind: str, lo: dt.date, hi: dt.date, **parts: Unpack[EntryParts]
    ) -> None:
        day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
        entered = dt.datetime.combine(day, dt.time(rng.randint(8, 20), rng.randint(0, 59)))
        data.entries.append((_uuid(rng), _record(child_id, kind, day, entered, **parts)))

    for i, (cid, _child) in enumerate(data.children):
        for lo, hi in started:
            if i == 0 or rng.random() < 0.25:
                add(cid, "talk", lo, hi, outcome="skipped", reason=rng.choice(SKIP_REASONS))
            if i == 0 or rng.random() < 0.2:
                add(
                    cid,
                    "parent_call",
                    lo,
                    hi,
                    outcome="attempted_unreachable",
                    text="电话没有打通，晚上再试。",
                    card={"called_whom": rng.choice(["父亲", "母亲"])},
                )
            if i == 0 or rng.random() < 0.1:
                observed, action = rng.choice(RISK)
                add(cid, "risk_note", lo, hi, card={"observed": observed, "action_taken": action})
            if i == 0 or rng.random() < 0.2:
                add(cid, "other", lo, hi, text=rng.choice(OTHER))
    for lo, hi in started:
        for text in rng.sample(GENERAL, 2):
            add(None, "other", lo, hi, text=text)
    if data.children:
        first = data.children[0][0]
        have = {e["kind"] for _id, e in data.entries}
        lo, hi = started[-1]
        for kind in (k for k in ENTRY_KINDS if k not in have):
            day = lo + dt.timedelta(days=rng.randint(0, (hi - lo).days))
            entered = dt.datetime.combine(day, dt.time(17, rng.randint(0, 59)))
            data.entries.append((_uuid(rng), _entry(rng, first, kind, day, entered)))
