"""Class rosters (花名册) in: decode, find the header, map columns, check every row. Pure.

The school sends a spreadsheet at term start; :func:`parse_rows` turns its rows (lists of cell
values, from the csv reader here or ``docs_out.roster_xlsx``) into a :class:`Roster` — each row
with the child and contacts it would create and its problems (i18n keys, translated when shown).
:func:`mark_duplicates` flags rows that are already in the teacher's list (same name + date of
birth, or same name + class; with neither, same name + guardian phone; with only a name, a child
of that name) or repeated in the file. docs/roster-columns.md lists the headers.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core.errors import MentorError, ValidationError
from mentor_tui.core.i18n import t
from mentor_tui.core.validate import clean_text, validate_phone

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 5000
HEADER_SEARCH_ROWS = 10
NAME_LIMIT = 40
TEXT_LIMIT = 200

# field -> accepted headers (compared after :func:`header_key`). Order = preview column order.
ALIASES: dict[str, tuple[str, ...]] = {
    "name": (
        "姓名",
        "学生姓名",
        "儿童姓名",
        "留守儿童姓名",
        "名字",
        "name",
        "studentname",
        "childname",
        "fullname",
    ),
    "gender": ("性别", "gender", "sex"),
    "birth_date": ("出生日期", "出生年月日", "生日", "birthdate", "dateofbirth", "dob", "birthday"),
    "class_name": ("班级", "所在班级", "年级班级", "class", "classname"),
    "grade": ("年级", "grade"),
    "school": ("学校", "就读学校", "school"),
    "boarding": ("是否寄宿", "寄宿", "住校", "是否住校", "boarding"),
    "home_address": ("家庭住址", "家庭地址", "住址", "地址", "address", "homeaddress"),
    "home_phone": ("家庭电话", "家庭联系电话", "homephone"),
    "interests": ("兴趣爱好", "爱好", "interests", "hobbies"),
    "health_notes": ("身体状况", "健康状况", "health"),
    "study_buddy": ("学习帮手", "手拉手小伙伴", "结对伙伴", "studybuddy"),
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
        "与孩子关系",
        "与学生关系",
        "关系",
        "relationship",
        "guardianrelationship",
    ),
    "guardian_phone": (
        "监护人电话",
        "监护人联系电话",
        "联系电话",
        "电话",
        "手机",
        "手机号",
        "phone",
        "guardianphone",
        "telephone",
        "mobile",
    ),
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
}
FIELDS = tuple(ALIASES)
PHONE_FIELDS = ("home_phone", "guardian_phone", "father_phone", "mother_phone")
_LOOKUP = {alias: f for f, aliases in ALIASES.items() for alias in aliases}

_GENDER = {
    "男": "male",
    "男生": "male",
    "m": "male",
    "male": "male",
    "boy": "male",
    "女": "female",
    "女生": "female",
    "f": "female",
    "female": "female",
    "girl": "female",
}
_YES = {"是", "寄宿", "住校", "yes", "y", "1", "√", "✓", "true"}
_NO = {"否", "不", "走读", "不寄宿", "no", "n", "0", "×", "✗", "false"}
_DATE_YMD = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?"
    r"(?:[ t]0{1,2}:00(?::00)?)?$"
)
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_PHONE_SPLIT = re.compile(r"[,，;；/、\s]+")


@dataclass
class RosterRow:
    line: int  # the row number the teacher sees in Excel (1-based)
    values: dict[str, str]  # mapped cells, cleaned text
    child: dict[str, Any] = field(default_factory=dict)
    contacts: list[dict[str, Any]] = field(default_factory=list)
    # (i18n key, kwargs)
    problems: list[tuple[str, dict[str, object]]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def messages(self, lang: str | None = None) -> list[str]:
        """The problems in ``lang``; ``field`` and ``reason`` are ids translated here."""
        out = []
        for key, kw in self.problems:
            kw = dict(kw)
            if "field" in kw:
                kw["field"] = t(f"roster.field.{kw['field']}", lang=lang)
            if "reason" in kw:
                kw["reason"] = t(f"roster.dup.{kw['reason']}", lang=lang)
            out.append(t(key, lang=lang, **kw))
        return out


@dataclass
class Roster:
    columns: dict[int, str]  # column index -> field
    ignored: list[str]  # headers not recognised
    header_line: int
    rows: list[RosterRow]

    @property
    def good(self) -> list[RosterRow]:
        return [r for r in self.rows if r.ok]

    @property
    def bad(self) -> list[RosterRow]:
        return [r for r in self.rows if not r.ok]


# --- reading ------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else GBK (read as GB18030, its superset)."""
    if data.startswith(codecs.BOM_UTF8):
        return data[3:].decode("utf-8", errors="strict")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16")
    for enc in ("utf-8", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise MentorError("err.roster_encoding")


def read_csv(data: bytes) -> list[list[str]]:
    if len(data) > MAX_BYTES:
        raise MentorError("err.roster_too_large", rows=MAX_ROWS, mb=MAX_BYTES // 2**20)
    text = decode(data)
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count)
    rows = []
    for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
        rows.append(row)
        if len(rows) > MAX_ROWS + HEADER_SEARCH_ROWS:
            raise MentorError("err.roster_too_large", rows=MAX_ROWS, mb=MAX_BYTES // 2**20)
    return rows


def cell_text(value: object) -> str:
    """A cell from csv or openpyxl as text: dates as ISO, whole floats without ``.0``."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- header -------------------------------------------------------------------------------


def header_key(text: str) -> str:
    """Full-width folded, lower case, without spaces, marks and bracketed hints:
    "出生日期（年-月-日）*" -> "出生日期"."""
    s = unicodedata.normalize("NFKC", str(text)).lower()
    s = re.sub(r"[(\[【].*?[)\]】]", "", s)
    return re.sub(r"[\s*:：_\-.#'\"]+", "", s)


def map_header(cells: Sequence[object]) -> tuple[dict[int, str], list[str]]:
    columns: dict[int, str] = {}
    ignored: list[str] = []
    for i, cell in enumerate(cells):
        raw = cell_text(cell).strip()
        if not raw:
            continue
        f = _LOOKUP.get(header_key(raw))
        if f and f not in columns.values():
            columns[i] = f
        elif header_key(raw) not in ("序号", "编号", "no", "number", "#", ""):
            ignored.append(clean_text(raw)[:40])
    return columns, ignored


def find_header(rows: Sequence[Sequence[object]]) -> int:
    """Index of the header row: the first of the top rows with a name column (a title row like
    "三年级二班留守儿童花名册" above it is skipped)."""
    for i, row in enumerate(rows[:HEADER_SEARCH_ROWS]):
        columns, _ = map_header(row)
        if "name" in columns.values():
            return i
    raise MentorError("err.roster_no_header")


# --- rows ---------------------------------------------------------------------------------


def parse_date(value: str, today: dt.date) -> dt.date | None:
    s = unicodedata.normalize("NFKC", value).strip().lower()
    m = _DATE_YMD.match(s) or _DATE_COMPACT.match(s)
    if not m:
        raise ValueError(value)
    d = dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if d > today or d.year < today.year - 30:
        raise ValueError(value)
    return d


def role_for(relationship: str) -> str:
    r = relationship.strip().lower()
    if r in ("父亲", "爸爸", "父", "father", "dad"):
        return "father"
    if r in ("母亲", "妈妈", "母", "mother", "mom", "mum"):
        return "mother"
    if any(x in r for x in ("爷", "奶", "外公", "外婆", "姥", "祖", "grand")):
        return "grandparent"
    if any(
        x in r
        for x in (
            "叔",
            "伯",
            "姑",
            "舅",
            "姨",
            "婶",
            "哥",
            "姐",
            "兄",
            "亲戚",
            "uncle",
            "aunt",
            "brother",
            "sister",
            "relative",
            "cousin",
        )
    ):
        return "relative"
    return "other_guardian"


def _phones(row: RosterRow, name: str) -> list[str]:
    out = []
    for part in _PHONE_SPLIT.split(row.values.get(name, "")):
        if not part:
            continue
        try:
            out.append(validate_phone(part, name))
        except ValidationError:
            row.problems.append(("roster.problem.bad_phone", {"field": name, "value": part}))
    return out


def check_row(line: int, values: Mapping[str, str], today: dt.date) -> RosterRow:
    row = RosterRow(line, dict(values))
    v = row.values
    for name, text in v.items():
        limit = NAME_LIMIT if name.endswith("name") else TEXT_LIMIT
        if len(text) > limit:
            row.problems.append(("roster.problem.too_long", {"field": name, "n": limit}))
            v[name] = text[:limit]
    child: dict[str, Any] = {"name": v.get("name", "")}
    if not child["name"]:
        row.problems.append(("roster.problem.name_missing", {}))
    for name in (
        "class_name",
        "grade",
        "school",
        "home_address",
        "interests",
        "health_notes",
        "study_buddy",
    ):
        if v.get(name):
            child[name] = v[name]
    if v.get("gender"):
        g = _GENDER.get(v["gender"].strip().lower())
        if g is None:
            row.problems.append(("roster.problem.bad_gender", {"value": v["gender"]}))
        child["gender"] = g or ""
    if v.get("birth_date"):
        try:
            child["birth_date"] = parse_date(v["birth_date"], today)
        except ValueError:
            row.problems.append(("roster.problem.bad_date", {"value": v["birth_date"]}))
    if v.get("boarding"):
        flag = v["boarding"].strip().lower()
        if flag not in _YES and flag not in _NO:
            row.problems.append(("roster.problem.bad_boarding", {"value": v["boarding"]}))
        child["boarding"] = flag in _YES
    home = _phones(row, "home_phone")
    if home:
        child["home_phone"] = home[0]
    row.child = child
    people = (
        ("guardian", v.get("guardian_relationship", "")),
        ("father", "父亲"),
        ("mother", "母亲"),
    )
    for prefix, relationship in people:
        name = v.get(f"{prefix}_name", "")
        phones = _phones(row, f"{prefix}_phone")
        if not (name or phones):
            continue
        role = role_for(relationship) if prefix == "guardian" else prefix
        contact = {
            "role": role,
            "name": name or relationship,
            "relationship": relationship,
            "phones": phones,
            "is_primary": prefix == "guardian",
        }
        if v.get(f"{prefix}_work"):
            contact["work_city"] = v[f"{prefix}_work"]
        row.contacts.append(contact)
    return row


PROGRESS_EVERY = 200  # rows between progress calls


def parse_rows(
    rows: Sequence[Sequence[object]],
    today: dt.date,
    progress: Callable[[int, int], object] | None = None,
) -> Roster:
    """Header found, columns mapped, every non-empty row checked; ``progress(done, total)``
    every few hundred rows."""
    hi = find_header(rows)
    columns, ignored = map_header(rows[hi])
    out = []
    body = rows[hi + 1 :]
    for i, raw in enumerate(body, start=hi + 2):
        values = {}
        for col, name in columns.items():
            text = clean_text(cell_text(raw[col]) if col < len(raw) else "").strip()
            if text:
                values[name] = text
        if values:
            out.append(check_row(i, values, today))
        done = i - hi - 1
        if progress and done % PROGRESS_EVERY == 0 and done < len(body):
            progress(done, len(body))
    if progress:
        progress(len(body), len(body))
    if len(out) > MAX_ROWS:
        raise MentorError("err.roster_too_large", rows=MAX_ROWS, mb=MAX_BYTES // 2**20)
    return Roster(columns, ignored, hi + 1, out)


# --- duplicates ---------------------------------------------------------------------------


def _norm(text: object) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def _phone_key(phone: object) -> str:
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


def _keys(
    name: object, birth: object, class_name: object, phones: Iterable[object] = ()
) -> list[tuple[str, str, str]]:
    """The row's identity: name + date of birth, name + class; with neither, name + guardian
    phone; with no phone either, the name alone (a *possible* duplicate)."""
    n = _norm(name)
    if not n:
        return []
    keys = []
    if birth:
        keys.append(("birth", n, str(birth)[:10]))
    if _norm(class_name):
        keys.append(("class", n, _norm(class_name)))
    if not keys:
        keys = [("phone", n, p) for p in dict.fromkeys(map(_phone_key, phones)) if p]
    return keys or [("name", n, "")]


def _known_keys(
    name: object, birth: object, class_name: object, phones: Iterable[object] = ()
) -> list[tuple[str, str, str]]:
    """Every key a child in the list (or earlier in the file) answers to: its name + date of
    birth / class, its name + each guardian phone, and its name alone."""
    n = _norm(name)
    if not n:
        return []
    keys = [k for k in _keys(n, birth, class_name) if k[0] != "name"]
    keys += [("phone", n, p) for p in dict.fromkeys(map(_phone_key, phones)) if p]
    return keys + [("name", n, "")]


def guardian_phones(row: RosterRow) -> list[str]:
    return [p for c in row.contacts if c.get("is_primary") for p in c.get("phones") or []]


def mark_duplicates(roster: Roster, existing: Iterable[Mapping[str, Any]]) -> None:
    """Flag rows already in the teacher's list (``existing``: child dicts with name,
    birth_date, class_name and ``phones``, its guardians' phones) or repeated earlier in the
    file. Re-importing a file adds nobody."""
    known: set[tuple[str, str, str]] = set()
    for c in existing:
        known.update(
            _known_keys(
                c.get("name"), c.get("birth_date"), c.get("class_name"), c.get("phones") or ()
            )
        )
    seen: dict[tuple[str, str, str], int] = {}
    for row in roster.rows:
        row.problems = [p for p in row.problems if not p[0].startswith("roster.problem.dup")]
        phones = guardian_phones(row)
        keys = _keys(
            row.child.get("name"), row.child.get("birth_date"), row.child.get("class_name"), phones
        )
        hit = next((k for k in keys if k in known), None)
        if hit is not None and hit[0] == "name":
            row.problems.append(("roster.problem.duplicate_name", {}))
        elif hit is not None:
            row.problems.append(("roster.problem.duplicate_existing", {"reason": hit[0]}))
        else:
            earlier = next((k for k in keys if k in seen), None)
            if earlier is not None:
                key = (
                    "roster.problem.duplicate_name_in_file"
                    if earlier[0] == "name"
                    else "roster.problem.duplicate_in_file"
                )
                row.problems.append((key, {"row": seen[earlier]}))
        for k in _known_keys(
            row.child.get("name"), row.child.get("birth_date"), row.child.get("class_name"), phones
        ):
            seen.setdefault(k, row.line)
