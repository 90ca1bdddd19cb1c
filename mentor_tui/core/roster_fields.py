"""The fields a roster column can hold, and the header words schools use for each. Pure.

:data:`ALIASES` is one header to one field (``出生年月`` → ``birth_date``). Two-row headers put a
group cell (父亲 / 母亲 / 监护人 / 父母) over sub-columns (姓名 · 电话 · 务工地 · 关系): the group
word and the sub word together name the field (:data:`GROUPS` × :data:`SUBS`), so
``父亲`` over ``电话`` is ``father_phone`` like a one-row ``父亲电话``. Headers are compared after
:func:`header_key`. docs/roster-columns.md lists all of it (a test keeps the two in step).
"""

from __future__ import annotations

import re
import unicodedata

# field -> accepted headers (compared after header_key). Order = the mapping step's order.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "姓名",
        "学生姓名",
        "儿童姓名",
        "留守儿童姓名",
        "幼儿姓名",
        "名字",
        "name",
        "studentname",
        "childname",
        "fullname",
    ),
    "gender": ("性别", "学生性别", "gender", "sex"),
    "birth_date": (
        "出生日期",
        "出生年月日",
        "出生年月",
        "出生时间",
        "生日",
        "birthdate",
        "dateofbirth",
        "dob",
        "birthday",
    ),
    "id_number": (
        "身份证号",
        "身份证号码",
        "身份证",
        "学生身份证号",
        "学生身份证号码",
        "公民身份号码",
        "证件号码",
        "idnumber",
        "idcard",
        "idno",
    ),
    "class_name": ("班级", "所在班级", "年级班级", "就读班级", "class", "classname"),
    "grade": ("年级", "就读年级", "grade"),
    "school": ("学校", "就读学校", "学校名称", "school"),
    "boarding": ("是否寄宿", "寄宿", "住校", "是否住校", "是否寄宿生", "boarding"),
    "home_address": (
        "家庭住址",
        "家庭地址",
        "现住址",
        "住址",
        "地址",
        "address",
        "homeaddress",
    ),
    "home_phone": ("家庭电话", "家庭联系电话", "homephone"),
    "interests": ("兴趣爱好", "爱好", "特长", "interests", "hobbies"),
    "health_notes": ("身体状况", "健康状况", "health"),
    "study_buddy": ("学习帮手", "手拉手小伙伴", "结对伙伴", "studybuddy"),
    "categories": (
        "帮扶类别",
        "帮扶类型",
        "关爱类别",
        "学生类别",
        "特殊类别",
        "困难类型",
        "困难类别",
        "类别",
        "categories",
        "category",
    ),
    "guardian_name": (
        "监护人",
        "监护人姓名",
        "临时监护人",
        "委托监护人",
        "代理监护人",
        "guardian",
        "guardianname",
    ),
    "guardian_relationship": (
        "与监护人关系",
        "监护人关系",
        "监护人与学生关系",
        "监护人与儿童关系",
        "监护人与本人关系",
        "与孩子关系",
        "与学生关系",
        "guardianrelationship",
    ),
    "guardian_phone": (
        "监护人电话",
        "监护人联系电话",
        "监护人手机",
        "联系电话",
        "电话",
        "手机",
        "手机号",
        "手机号码",
        "phone",
        "guardianphone",
        "telephone",
        "mobile",
    ),
    "guardian_work": ("监护人工作单位", "guardianwork"),
    "father_name": ("父亲姓名", "父亲", "father", "fathername"),
    "father_phone": ("父亲电话", "父亲联系电话", "父亲手机", "fatherphone"),
    "father_work": (
        "父亲务工地",
        "父亲务工地点",
        "父亲务工城市",
        "父亲外出务工地",
        "fatherworkcity",
        "fatherworksin",
    ),
    "mother_name": ("母亲姓名", "母亲", "mother", "mothername"),
    "mother_phone": ("母亲电话", "母亲联系电话", "母亲手机", "motherphone"),
    "mother_work": (
        "母亲务工地",
        "母亲务工地点",
        "母亲务工城市",
        "母亲外出务工地",
        "motherworkcity",
        "motherworksin",
    ),
    # composite columns: both parents in one cell (core/roster_split.py)
    "parents_name": ("父母姓名", "父母亲姓名", "家长姓名", "父母", "parentsnames", "parents"),
    "parents_phone": (
        "父母电话",
        "父母联系电话",
        "父母手机",
        "父母亲电话",
        "家长电话",
        "家长联系电话",
        "parentsphones",
    ),
    "parents_work": (
        "父母务工地",
        "父母务工地点",
        "父母外出务工地",
        "父母工作单位",
        "务工地",
        "务工地点",
        "外出务工地",
        "外出务工地点",
        "parentsworkcity",
    ),
}
FIELDS = tuple(ALIASES)
IGNORE = ""  # the field of a column she chose to ignore

# Two-row headers: the group cell's words and the sub-column's words (header_key form).
GROUPS: dict[str, tuple[str, ...]] = {
    "father": ("父亲", "父", "爸爸", "father"),
    "mother": ("母亲", "母", "妈妈", "mother"),
    "guardian": ("监护人", "监护人信息", "临时监护人", "委托监护人", "代理监护人", "guardian"),
    "parents": ("父母", "父母亲", "家长", "父母信息", "家长信息", "parents"),
}
SUBS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "name"),
    "phone": ("电话", "联系电话", "手机", "手机号", "手机号码", "电话号码", "phone", "mobile"),
    "work": (
        "务工地",
        "务工地点",
        "务工城市",
        "外出务工地",
        "工作地",
        "工作地点",
        "工作单位",
        "work",
        "workplace",
        "workcity",
    ),
    "relationship": ("关系", "与学生关系", "与本人关系", "与儿童关系", "relationship"),
}

# Sequence-number columns: never a field, never asked about.
SEQUENCE = ("序号", "编号", "no", "number", "#", "序", "nr")

# The child's fields a roster gives (the rest of a row makes contacts).
CHILD_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "class_name",
    "grade",
    "school",
    "boarding",
    "home_address",
    "home_phone",
    "interests",
    "health_notes",
    "study_buddy",
    "categories",
)
# A re-import updates these (the school's: SCHOOL.md "one writer per field"); the other child
# fields are only filled where her list has nothing.
SCHOOL_FIELDS = ("name", "class_name", "birth_date", "gender", "school", "id_number", "categories")
PHONE_FIELDS = ("home_phone", "guardian_phone", "father_phone", "mother_phone", "parents_phone")
PEOPLE = ("guardian", "father", "mother")

_LOOKUP = {alias: f for f, aliases in ALIASES.items() for alias in aliases}
_SUB_FIELD = {"name": "name", "phone": "phone", "work": "work", "relationship": "relationship"}


def header_key(text: object) -> str:
    """Full-width folded, lower case, without spaces, line breaks, marks and bracketed hints:
    "出生日期（年-月-日）*" -> "出生日期"."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = re.sub(r"[(\[【].*?[)\]】]", "", s)
    return re.sub(r"[\s*:：_\-.#'\"/、·•]+", "", s)


def is_sequence(key: str) -> bool:
    return key in SEQUENCE


def field_for(key: str) -> str | None:
    """The field a header (in header_key form) names, or None. A group word followed by a
    sub word (父亲电话, 监护人与学生关系) names the group's field too."""
    hit = _LOOKUP.get(key)
    if hit is not None:
        return hit
    for group, words in GROUPS.items():
        for word in sorted(words, key=len, reverse=True):
            if key.startswith(word) and len(key) > len(word):
                return combine(group, key[len(word) :])
    return None


def combine(group: str, sub_key: str) -> str | None:
    """The field of sub-column ``sub_key`` (header_key form) under group ``group``."""
    sub = next((s for s, words in SUBS.items() if sub_key in words), None)
    if sub is None:
        return None
    if sub == "relationship":
        # the relationship of a parent is what the parent is: no field; a guardian's is one
        return "guardian_relationship" if group == "guardian" else None
    candidate = f"{group}_{_SUB_FIELD[sub]}"
    return candidate if candidate in ALIASES else None


def group_of(key: str) -> str | None:
    """The group a header cell names (父亲 → father), or None."""
    return next((g for g, words in GROUPS.items() if key in words), None)


# The template's columns (mentor export roster-template): the headers the importer knows best,
# (field, zh header, en header). Each header maps back to its field (a test reads it back).
TEMPLATE: tuple[tuple[str, str, str], ...] = (
    ("", "序号", "No."),
    ("name", "姓名", "Name"),
    ("gender", "性别", "Gender"),
    ("birth_date", "出生日期", "Date of birth"),
    ("id_number", "身份证号", "ID number"),
    ("class_name", "班级", "Class"),
    ("school", "学校", "School"),
    ("boarding", "是否寄宿", "Boarding"),
    ("home_address", "家庭住址", "Home address"),
    ("categories", "帮扶类别", "Categories"),
    ("guardian_name", "监护人姓名", "Guardian name"),
    ("guardian_relationship", "监护人与学生关系", "Guardian relationship"),
    ("guardian_phone", "监护人电话", "Guardian phone"),
    ("father_name", "父亲姓名", "Father name"),
    ("father_phone", "父亲电话", "Father phone"),
    ("father_work", "父亲务工地", "Father work city"),
    ("mother_name", "母亲姓名", "Mother name"),
    ("mother_phone", "母亲电话", "Mother phone"),
    ("mother_work", "母亲务工地", "Mother work city"),
)
# columns kept as text in the template (Excel would turn an 18-digit number into 4.3E+17)
TEXT_COLUMNS = ("id_number", "guardian_phone", "father_phone", "mother_phone", "birth_date")
