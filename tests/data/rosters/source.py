"""The one source of the roster test files (tests/data/rosters): the children, their
guardians and parents, and what a roster that holds some of their facts must give.

make_rosters.py writes each file from these records, the way schools write them; it writes the
children and contacts each file must give from the same records (:func:`expected`), never by
running the importer. Written for the tests: the ID numbers' check characters are computed
here, by the standard's algorithm written again (GB 11643-1999, ISO 7064 MOD 11-2).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

SCHOOL = "青山小学"
CLASS_A, CLASS_B = "三年级一班", "三年级二班"
REGION = "430124"  # 湖南省宁乡市


def check_character(first17: str) -> str:
    weights = [2 ** (17 - i) % 11 for i in range(17)]
    return "10X98765432"[sum(int(d) * w for d, w in zip(first17, weights)) % 11]


def id_number(born: dt.date, seq: int, gender: str, typo: bool = False) -> str:
    """An 18-character number; ``typo``: its check character is wrong."""
    sex_digit = seq % 10
    if (sex_digit % 2 == 1) != (gender == "male"):
        sex_digit = (sex_digit + 1) % 10
    body = f"{REGION}{born:%Y%m%d}{seq // 10:02d}{sex_digit}"
    check = check_character(body)
    if typo:
        check = "10X98765432"[("10X98765432".index(check) + 3) % 11]
    return body + check


@dataclass(frozen=True)
class Person:
    name: str
    phones: tuple[str, ...] = ()
    work: str = ""
    relationship: str = ""  # a guardian's relationship, as the school writes it
    role: str = ""  # the role that relationship means (vocab.CONTACT_ROLES)


@dataclass(frozen=True)
class Kid:
    name: str
    gender: str
    born: dt.date
    class_name: str
    seq: int
    guardian: Person
    father: Person | None = None
    mother: Person | None = None
    boarding: bool = False
    address: str = ""
    categories: tuple[str, ...] = ()  # vocab ids
    category_words: str = ""  # the same, as the school writes them in one cell
    id_typo: bool = False  # the roster's ID number has a wrong check character
    guardian_is_father: bool = False

    @property
    def id_number(self) -> str:
        return id_number(self.born, self.seq, self.gender, self.id_typo)


KIDS: tuple[Kid, ...] = (
    Kid(
        "李小花",
        "female",
        dt.date(2016, 3, 4),
        CLASS_A,
        101,
        Person("李奶奶", ("13812345678",), "", "奶奶", "grandparent"),
        Person("李强", ("13987654321",), "广东深圳"),
        Person("张秀英", ("13600001111",), "广东东莞"),
        boarding=True,
        address="青山镇东村3组",
        categories=("poor",),
        category_words="贫困",
    ),
    Kid(
        "王明",
        "male",
        dt.date(2015, 11, 20),
        CLASS_A,
        112,
        Person("王叔叔", ("0731-84561234",), "", "叔叔", "relative"),
        Person("王建军", ("13700002222",), "浙江义乌"),
        Person("刘芳", ("13500003333",), "浙江义乌"),
        address="青山镇西村1组",
        categories=("key_target", "learning_difficulty"),
        category_words="学困、重点关注",
    ),
    Kid(  # the guardian is the grandmother: her relationship never makes her a parent
        "赵雨",
        "female",
        dt.date(2016, 7, 8),
        CLASS_B,
        124,
        Person("周婆婆", ("13811112222",), "", "外婆", "grandparent"),
        Person("赵刚", ("13922223333",), "广东东莞"),
        Person("周丽", ("13633334444",), "广东东莞"),
        boarding=True,
    ),
    Kid(
        "钱浩",
        "male",
        dt.date(2015, 5, 5),
        CLASS_B,
        135,
        Person("欧阳外公", ("13844445555",), "", "外公", "grandparent"),
        Person("钱伟", ("13955556666",), "上海"),
        Person("欧阳红", ("13566667777",), "江苏苏州"),
        categories=("psychological",),
        category_words="心理问题",
    ),
    Kid(  # the guardian is the father himself
        "孙悦",
        "female",
        dt.date(2016, 1, 15),
        CLASS_A,
        146,
        Person("孙建国", ("13877778888",), "", "父亲", "father"),
        Person("孙建国", ("13877778888",), "湖南长沙"),
        Person("陈静", ("13788889999",), "广东广州"),
        guardian_is_father=True,
    ),
    Kid(  # no father on the roster
        "周杰",
        "male",
        dt.date(2015, 9, 9),
        CLASS_B,
        157,
        Person("周奶奶", ("13899990000",), "", "祖母", "grandparent"),
        None,
        Person("黄梅", ("13699990000",), "福建厦门"),
    ),
    Kid(  # the roster's ID number has a mistyped check character
        "吴桐",
        "female",
        dt.date(2016, 12, 1),
        CLASS_A,
        168,
        Person("吴爷爷", ("13811110000",), "", "爷爷", "grandparent"),
        Person("吴亮", ("13911110000",), "北京"),
        Person("郑燕", ("13611110000",), "北京"),
        id_typo=True,
        categories=("poor", "psychological"),
        category_words="低保/心理辅导",
    ),
    Kid(
        "欧阳一鸣",
        "male",
        dt.date(2015, 2, 28),
        CLASS_B,
        179,
        Person("欧阳奶奶", ("13822223333",), "", "祖孙", "grandparent"),
        Person("欧阳军", ("13933334444",), "广东佛山"),
        Person("李娟", ("13644445555",), "广东佛山"),
        boarding=True,
        address="青山镇南村5组",
    ),
)


# --- what a file must give --------------------------------------------------------------------


@dataclass(frozen=True)
class Facts:
    """Which of a kid's facts a roster file holds (the rest it lacks)."""

    gender: bool = True
    birth: bool = True
    id: bool = False
    class_column: bool = True  # else the class comes from the sheet's name
    school: bool = False
    boarding: bool = False
    address: bool = False
    categories: bool = False
    relationship: bool = True
    guardian_phone: bool = True
    parents: bool = True  # names
    parent_phones: bool = True
    work: bool = True
    kids: tuple[str, ...] = field(default_factory=tuple)  # names; () = every kid


def kids_of(facts: Facts) -> list[Kid]:
    return [k for k in KIDS if not facts.kids or k.name in facts.kids]


def expected(kid: Kid, facts: Facts) -> dict[str, object]:
    """The child and the contacts importing ``kid``'s row (with warnings allowed) gives."""
    child: dict[str, object] = {"name": kid.name, "class_name": kid.class_name}
    if facts.gender:
        child["gender"] = kid.gender
    if facts.birth:
        child["birth_date"] = kid.born.isoformat()
    if facts.id and not kid.id_typo:
        child["id_number"] = kid.id_number
        child.setdefault("gender", kid.gender)
        child.setdefault("birth_date", kid.born.isoformat())
    if facts.school:
        child["school"] = SCHOOL
    if facts.boarding and kid.boarding:
        child["boarding"] = True
    if facts.address and kid.address:
        child["home_address"] = kid.address
    if facts.categories and kid.categories:
        child["categories"] = sorted(kid.categories)
    contacts = []
    g = kid.guardian
    guardian_role = g.role if facts.relationship else "other_guardian"
    merged = kid.guardian_is_father and guardian_role == "father"
    if not merged:
        contacts.append(
            {
                "role": guardian_role,
                "name": g.name,
                "relationship": g.relationship if facts.relationship else "",
                "phones": list(g.phones) if facts.guardian_phone else [],
                "work_city": "",
                "is_primary": True,
            }
        )
    for role, p, word in (("father", kid.father, "父亲"), ("mother", kid.mother, "母亲")):
        if p is None or not (facts.parents or facts.parent_phones):
            continue
        phones = list(p.phones) if facts.parent_phones else []
        if merged and role == "father" and facts.guardian_phone:
            phones = list(dict.fromkeys([*g.phones, *phones]))
        contacts.append(
            {
                "role": role,
                "name": p.name if facts.parents else word,
                "relationship": word,
                "phones": phones,
                "work_city": p.work if facts.work else "",
                "is_primary": merged and role == "father",
            }
        )
    child["contacts"] = sorted(contacts, key=lambda c: (c["role"], c["name"]))
    return child
