"""What the two packets carry (docs/school.md "Packets"): the handover body (school → teacher)
and the report body (teacher → school), built from plain values and read back with every
field checked. Pure.

Reading is strict: an unknown or missing field, a wrong type, an id that is not an id, a date
that is not a date, a text over its cap or a list over its length is the one sentence
``school.packet_bad`` naming the field; nothing is half-read. Caps follow SCHOOL.md §Sizes with
room to spare (a school of 300 children, a teacher of at most a few dozen).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from mentor_tui.core.errors import MentorError
from mentor_tui.core.school_crypto import PublicKeys

HANDOVER_FORMAT, REPORT_FORMAT = "mentor-handover", "mentor-report"
BODY_VERSION = 1
MAX_CHILDREN = 2000
MAX_CONTACTS = 20  # per child
MAX_FIGURES = 200_000
MAX_FLAGS = 2000
MAX_CARDS = 20_000
MAX_TERMS = 40
MAX_TEXT = 20_000  # a note or a card field (issue 13's length rule)
MAX_SHORT = 200
MAX_POLICY = 200_000
MAX_COUNT = 1_000_000
_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
_MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")
T = TypeVar("T")

# The child's fields a handover carries (the school's card of her; SCHOOL.md "Who owns what").
CHILD_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "class_name",
    "grade",
    "school",
    "boarding",
    "categories",
    "id_number",
    "home_address",
    "home_phone",
    "health_notes",
)
# Of those, the ones the school owns when its roster gives them (SCHOOL.md "Who owns what": the
# register's identity, class, school, categories, boarding): read-only in her app. The others
# (address, home phone, health notes) only fill hers where she has nothing.
OWNED_FIELDS = (
    "name",
    "gender",
    "birth_date",
    "class_name",
    "grade",
    "school",
    "boarding",
    "categories",
    "id_number",
)
CONTACT_FIELDS = ("role", "name", "relationship", "phones", "work_city", "is_primary")
COUNTY_FIELDS = ("stage", "guardian_type", "health", "poverty", "ethnicity")


class BadBody(MentorError):
    def __init__(self, where: str) -> None:
        super().__init__("school.packet_bad", field=where[:80])


# --- checked reading ---------------------------------------------------------------------------


def _obj(
    v: object, where: str, keys: Sequence[str], optional: Sequence[str] = ()
) -> dict[str, Any]:
    if not isinstance(v, dict):
        raise BadBody(where)
    missing = [k for k in keys if k not in v]
    extra = [k for k in v if k not in keys and k not in optional]
    if missing or extra:
        raise BadBody(f"{where}.{(missing or extra)[0]}")
    return v


def _str(v: object, where: str, cap: int = MAX_SHORT) -> str:
    if not isinstance(v, str) or len(v) > cap or "\x00" in v:
        raise BadBody(where)
    return v


def _id(v: object, where: str) -> str:
    if not isinstance(v, str) or not _ID.fullmatch(v):
        raise BadBody(where)
    return v


def _int(v: object, where: str, hi: int = MAX_COUNT) -> int:
    if not isinstance(v, int) or isinstance(v, bool) or not 0 <= v <= hi:
        raise BadBody(where)
    return v


def _bool(v: object, where: str) -> bool:
    if not isinstance(v, bool):
        raise BadBody(where)
    return v


def _date(v: object, where: str) -> dt.date:
    try:
        if isinstance(v, str) and len(v) == 10:
            return dt.date.fromisoformat(v)
    except ValueError:
        pass
    raise BadBody(where)


def _opt_date(v: object, where: str) -> dt.date | None:
    return None if v is None else _date(v, where)


def _datetime(v: object, where: str) -> dt.datetime:
    try:
        if isinstance(v, str) and len(v) <= 40:
            return dt.datetime.fromisoformat(v)
    except ValueError:
        pass
    raise BadBody(where)


def _list(v: object, where: str, cap: int, each: Callable[[object, str], T]) -> list[T]:
    if not isinstance(v, list) or len(v) > cap:
        raise BadBody(where)
    return [each(x, f"{where}[{i}]") for i, x in enumerate(v)]


def _keys(v: object, where: str) -> PublicKeys:
    keys = PublicKeys.from_json(v)
    if keys is None:
        raise BadBody(where)
    return keys


@dataclass(frozen=True, order=True)
class Seq:
    """A packet's sequence: (hybrid clock, device) — ordered, and never equal for two packets
    written on two machines (the device breaks a tie of clocks)."""

    hlc: int
    device: str

    def to_json(self) -> list[object]:
        return [self.hlc, self.device]

    @classmethod
    def read(cls, v: object, where: str = "seq") -> Seq:
        if not isinstance(v, list) or len(v) != 2:
            raise BadBody(where)
        return cls(_int(v[0], where, (1 << 63) - 1), _id(v[1], where))


def _head(v: dict[str, Any], fmt: str) -> None:
    if v.get("format") != fmt:
        raise BadBody("format")
    if not isinstance(v.get("version"), int) or v["version"] > BODY_VERSION:
        raise MentorError("school.packet_too_new")
    if v["version"] != BODY_VERSION:
        raise BadBody("version")


# --- the handover body ---------------------------------------------------------------------------


@dataclass(frozen=True)
class HandoverChild:
    id: str
    fields: dict[str, Any]  # CHILD_FIELDS the school has (dates as dt.date)
    county: dict[str, Any]  # COUNTY_FIELDS (poverty: a list of ids)
    owned: tuple[str, ...]  # the fields the school owns (read-only in her app)
    contacts: tuple[dict[str, Any], ...]  # {"id", *CONTACT_FIELDS}
    paired_on: dt.date
    buddy: str = ""  # the roster's study buddy: only pre-fills hers


@dataclass(frozen=True)
class MovedAway:
    id: str
    name: str
    on: dt.date
    to: str  # the new mentor's name ("" when none yet)


@dataclass(frozen=True)
class Decision:
    """The coordinator's answer to one of her correction requests."""

    id: str
    status: str  # "accepted" / "rejected"
    decided_on: dt.date


@dataclass(frozen=True)
class Handover:
    school_id: str
    school_name: str
    school_keys: PublicKeys
    teacher_id: str
    teacher_name: str
    seq: Seq
    issued_at: dt.datetime
    terms: tuple[dict[str, Any], ...]  # {"id", "name", "start", "end", "middle", "breaks"}
    policy_toml: str  # "" for the shipped default
    cards_requested: bool
    children: tuple[HandoverChild, ...]
    moved_away: tuple[MovedAway, ...] = ()
    decisions: tuple[Decision, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "format": HANDOVER_FORMAT,
            "version": BODY_VERSION,
            "school": {"id": self.school_id, "name": self.school_name},
            "keys": self.school_keys.to_json(),
            "teacher": {"id": self.teacher_id, "name": self.teacher_name},
            "seq": self.seq.to_json(),
            "issued_at": self.issued_at.isoformat(timespec="seconds"),
            "terms": [_term_json(t) for t in self.terms],
            "policy": self.policy_toml,
            "cards_requested": self.cards_requested,
            "children": [_child_json(c) for c in self.children],
            "moved_away": [
                {"id": m.id, "name": m.name, "on": m.on.isoformat(), "to": m.to}
                for m in self.moved_away
            ],
            "decisions": [
                {"id": d.id, "status": d.status, "decided_on": d.decided_on.isoformat()}
                for d in self.decisions
            ],
        }


def _jsonable(v: object) -> object:
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, (list, tuple)):
        return [_jsonable(x) for x in v]
    return v


def _term_json(t: Mapping[str, Any]) -> dict[str, object]:
    return {k: _jsonable(t.get(k)) for k in ("id", "name", "start", "end", "middle", "breaks")}


def _child_json(c: HandoverChild) -> dict[str, object]:
    return {
        "id": c.id,
        "fields": {k: _jsonable(v) for k, v in sorted(c.fields.items())},
        "county": {k: _jsonable(v) for k, v in sorted(c.county.items())},
        "owned": list(c.owned),
        "contacts": [{k: _jsonable(v) for k, v in x.items()} for x in c.contacts],
        "paired_on": c.paired_on.isoformat(),
        "buddy": c.buddy,
    }


def _read_term(v: object, where: str) -> dict[str, Any]:
    d = _obj(v, where, ("id", "name", "start", "end", "middle", "breaks"))
    breaks = _list(
        d["breaks"],
        f"{where}.breaks",
        50,
        lambda b, w: (
            [
                _date(b[0], w).isoformat(),
                _date(b[1], w).isoformat(),
                _str(b[2], w) if len(b) > 2 else "",
            ]
            if isinstance(b, list) and 2 <= len(b) <= 3
            else _fail(w)
        ),
    )
    start, end = _date(d["start"], f"{where}.start"), _date(d["end"], f"{where}.end")
    if end < start:
        raise BadBody(f"{where}.end")
    return {
        "id": _id(d["id"], f"{where}.id"),
        "name": _str(d["name"], f"{where}.name"),
        "start": start,
        "end": end,
        "middle": _opt_date(d["middle"], f"{where}.middle"),
        "breaks": breaks,
    }


def _fail(where: str) -> Any:
    raise BadBody(where)


def _child_field(name: str, v: object, where: str) -> object:
    if name == "birth_date":
        return _opt_date(v, where)
    if name == "boarding":
        return _bool(v, where)
    if name == "categories":
        return _list(v, where, 20, lambda x, w: _id(x, w))
    cap = MAX_TEXT if name in ("home_address", "health_notes") else MAX_SHORT
    return _str(v, where, cap)


def _county_field(name: str, v: object, where: str) -> object:
    if name == "poverty":
        return _list(v, where, 10, lambda x, w: _id(x, w))
    return _str(v, where)


def _read_contact(v: object, where: str) -> dict[str, Any]:
    d = _obj(
        v, where, ("id", "role"), ("name", "relationship", "phones", "work_city", "is_primary")
    )
    out: dict[str, Any] = {"id": _id(d["id"], f"{where}.id"), "role": _id(d["role"], where)}
    for k in ("name", "relationship", "work_city"):
        if k in d:
            out[k] = _str(d[k], f"{where}.{k}")
    if "phones" in d:
        out["phones"] = _list(d["phones"], f"{where}.phones", 10, lambda x, w: _str(x, w, 40))
    if "is_primary" in d:
        out["is_primary"] = _bool(d["is_primary"], f"{where}.is_primary")
    return out


def _read_child(v: object, where: str) -> HandoverChild:
    d = _obj(v, where, ("id", "fields", "county", "owned", "contacts", "paired_on", "buddy"))
    fields_in = _obj(d["fields"], f"{where}.fields", (), CHILD_FIELDS)
    county_in = _obj(d["county"], f"{where}.county", (), COUNTY_FIELDS)
    owned = _list(
        d["owned"],
        f"{where}.owned",
        len(CHILD_FIELDS),
        lambda x, w: x if x in OWNED_FIELDS else _fail(w),
    )
    fields = {k: _child_field(k, x, f"{where}.fields.{k}") for k, x in fields_in.items()}
    name = fields.get("name")
    if not isinstance(name, str) or not name.strip():
        raise BadBody(f"{where}.fields.name")
    return HandoverChild(
        _id(d["id"], f"{where}.id"),
        fields,
        {k: _county_field(k, x, f"{where}.county.{k}") for k, x in county_in.items()},
        tuple(owned),
        tuple(_list(d["contacts"], f"{where}.contacts", MAX_CONTACTS, _read_contact)),
        _date(d["paired_on"], f"{where}.paired_on"),
        _str(d["buddy"], f"{where}.buddy"),
    )


def read_handover(v: object) -> Handover:
    d = _obj(
        v,
        "body",
        (
            "format",
            "version",
            "school",
            "keys",
            "teacher",
            "seq",
            "issued_at",
            "terms",
            "policy",
            "cards_requested",
            "children",
            "moved_away",
            "decisions",
        ),
    )
    _head(d, HANDOVER_FORMAT)
    school = _obj(d["school"], "school", ("id", "name"))
    teacher = _obj(d["teacher"], "teacher", ("id", "name"))
    return Handover(
        _id(school["id"], "school.id"),
        _str(school["name"], "school.name"),
        _keys(d["keys"], "keys"),
        _id(teacher["id"], "teacher.id"),
        _str(teacher["name"], "teacher.name"),
        Seq.read(d["seq"]),
        _datetime(d["issued_at"], "issued_at"),
        tuple(_list(d["terms"], "terms", MAX_TERMS, _read_term)),
        _str(d["policy"], "policy", MAX_POLICY),
        _bool(d["cards_requested"], "cards_requested"),
        tuple(_list(d["children"], "children", MAX_CHILDREN, _read_child)),
        tuple(
            _list(
                d["moved_away"],
                "moved_away",
                MAX_CHILDREN,
                lambda x, w: _moved(_obj(x, w, ("id", "name", "on", "to")), w),
            )
        ),
        tuple(
            _list(
                d["decisions"],
                "decisions",
                MAX_FLAGS,
                lambda x, w: _decision(_obj(x, w, ("id", "status", "decided_on")), w),
            )
        ),
    )


def _moved(d: dict[str, Any], where: str) -> MovedAway:
    return MovedAway(
        _id(d["id"], f"{where}.id"),
        _str(d["name"], f"{where}.name"),
        _date(d["on"], f"{where}.on"),
        _str(d["to"], f"{where}.to"),
    )


def _decision(d: dict[str, Any], where: str) -> Decision:
    if d["status"] not in ("accepted", "rejected"):
        raise BadBody(f"{where}.status")
    return Decision(_id(d["id"], f"{where}.id"), d["status"], _date(d["decided_on"], where))


# --- the report body -----------------------------------------------------------------------------


@dataclass(frozen=True)
class FigureRow:
    """One row of figures (core/school_figures.py Figure, keyed by the school's child id)."""

    child: str
    duty: str
    month: str
    phase: str
    expected: int
    done: int
    on_time: int
    attempts: int
    dates: tuple[dt.date, ...] = ()

    def to_json(self) -> dict[str, object]:
        return {
            "child": self.child,
            "duty": self.duty,
            "month": self.month,
            "phase": self.phase,
            "expected": self.expected,
            "done": self.done,
            "on_time": self.on_time,
            "attempts": self.attempts,
            "dates": [d.isoformat() for d in self.dates],
        }


@dataclass(frozen=True)
class FlagRow:
    """An open risk flag (or a mandatory report of the term, whatever its state)."""

    id: str
    child: str  # the school's child id; "" for a child the school did not hand over
    label: str  # name and class, only for such a child's mandatory report (the school must act)
    category: str
    regime: str
    status: str
    opened_on: dt.date
    updated_on: dt.date
    steps: tuple[str, ...]  # the steps recorded so far (core/flags.ALL_STEPS ids)
    mandatory: bool

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "child": self.child,
            "label": self.label,
            "category": self.category,
            "regime": self.regime,
            "status": self.status,
            "opened_on": self.opened_on.isoformat(),
            "updated_on": self.updated_on.isoformat(),
            "steps": list(self.steps),
            "mandatory": self.mandatory,
        }


@dataclass(frozen=True)
class CorrectionRow:
    id: str
    child: str
    field: str
    current: str
    proposed: str
    reason: str
    requested_on: dt.date

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "child": self.child,
            "field": self.field,
            "current": self.current,
            "proposed": self.proposed,
            "reason": self.reason,
            "requested_on": self.requested_on.isoformat(),
        }


@dataclass(frozen=True)
class CardRow:
    """A record card she chose to send (``--with-cards``, after the preview)."""

    entry: str
    child: str
    kind: str
    date: dt.date
    text: str
    card: dict[str, str]

    def to_json(self) -> dict[str, object]:
        return {
            "entry": self.entry,
            "child": self.child,
            "kind": self.kind,
            "date": self.date.isoformat(),
            "text": self.text,
            "card": dict(sorted(self.card.items())),
        }


@dataclass(frozen=True)
class DutyInfo:
    id: str
    label_zh: str
    label_en: str
    cadence: str

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "label_zh": self.label_zh,
            "label_en": self.label_en,
            "cadence": self.cadence,
        }


@dataclass(frozen=True)
class Report:
    school_id: str
    teacher_id: str
    teacher_name: str
    keys: PublicKeys
    seq: Seq
    generated_at: dt.datetime
    as_of: dt.date
    term: dict[str, Any]  # {"id", "name", "start", "end"}
    children: tuple[str, ...]
    duties: tuple[DutyInfo, ...]
    figures: tuple[FigureRow, ...]
    flags: tuple[FlagRow, ...]
    corrections: tuple[CorrectionRow, ...] = ()
    cards: tuple[CardRow, ...] = field(default=())

    def to_json(self) -> dict[str, object]:
        return {
            "format": REPORT_FORMAT,
            "version": BODY_VERSION,
            "school": self.school_id,
            "teacher": {"id": self.teacher_id, "name": self.teacher_name},
            "keys": self.keys.to_json(),
            "seq": self.seq.to_json(),
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "as_of": self.as_of.isoformat(),
            "term": {k: _jsonable(self.term[k]) for k in ("id", "name", "start", "end")},
            "children": list(self.children),
            "duties": [d.to_json() for d in self.duties],
            "figures": [f.to_json() for f in self.figures],
            "flags": [f.to_json() for f in self.flags],
            "corrections": [c.to_json() for c in self.corrections],
            "cards": [c.to_json() for c in self.cards],
        }


def _figure(v: object, where: str) -> FigureRow:
    d = _obj(
        v,
        where,
        ("child", "duty", "month", "phase", "expected", "done", "on_time", "attempts", "dates"),
    )
    month = _str(d["month"], f"{where}.month", 7)
    if not _MONTH.fullmatch(month):
        raise BadBody(f"{where}.month")
    row = FigureRow(
        _id(d["child"], f"{where}.child"),
        _id(d["duty"], f"{where}.duty"),
        month,
        d["phase"] if d["phase"] in ("", "start", "middle", "end", "term") else _fail(where),
        _int(d["expected"], f"{where}.expected"),
        _int(d["done"], f"{where}.done"),
        _int(d["on_time"], f"{where}.on_time"),
        _int(d["attempts"], f"{where}.attempts"),
        tuple(_list(d["dates"], f"{where}.dates", 62, _date)),
    )
    if row.on_time > row.done or row.done > row.expected:
        raise BadBody(where)
    return row


def _flag(v: object, where: str) -> FlagRow:
    d = _obj(
        v,
        where,
        (
            "id",
            "child",
            "label",
            "category",
            "regime",
            "status",
            "opened_on",
            "updated_on",
            "steps",
            "mandatory",
        ),
    )
    child = d["child"]
    return FlagRow(
        _id(d["id"], f"{where}.id"),
        "" if child == "" else _id(child, f"{where}.child"),
        _str(d["label"], f"{where}.label"),
        _id(d["category"], f"{where}.category"),
        _id(d["regime"], f"{where}.regime"),
        _id(d["status"], f"{where}.status"),
        _date(d["opened_on"], f"{where}.opened_on"),
        _date(d["updated_on"], f"{where}.updated_on"),
        tuple(_list(d["steps"], f"{where}.steps", 20, _id)),
        _bool(d["mandatory"], f"{where}.mandatory"),
    )


def _correction(v: object, where: str) -> CorrectionRow:
    d = _obj(v, where, ("id", "child", "field", "current", "proposed", "reason", "requested_on"))
    name = d["field"]
    if name not in CHILD_FIELDS:
        raise BadBody(f"{where}.field")
    return CorrectionRow(
        _id(d["id"], f"{where}.id"),
        _id(d["child"], f"{where}.child"),
        name,
        _str(d["current"], f"{where}.current", MAX_TEXT),
        _str(d["proposed"], f"{where}.proposed", MAX_TEXT),
        _str(d["reason"], f"{where}.reason", MAX_TEXT),
        _date(d["requested_on"], f"{where}.requested_on"),
    )


def _card(v: object, where: str) -> CardRow:
    d = _obj(v, where, ("entry", "child", "kind", "date", "text", "card"))
    card = d["card"]
    if not isinstance(card, dict) or len(card) > 40:
        raise BadBody(f"{where}.card")
    return CardRow(
        _id(d["entry"], f"{where}.entry"),
        _id(d["child"], f"{where}.child"),
        _id(d["kind"], f"{where}.kind"),
        _date(d["date"], f"{where}.date"),
        _str(d["text"], f"{where}.text", MAX_TEXT),
        {_id(k, f"{where}.card"): _str(x, f"{where}.card.{k}", MAX_TEXT) for k, x in card.items()},
    )


def _duty(v: object, where: str) -> DutyInfo:
    d = _obj(v, where, ("id", "label_zh", "label_en", "cadence"))
    return DutyInfo(
        _id(d["id"], f"{where}.id"),
        _str(d["label_zh"], f"{where}.label_zh"),
        _str(d["label_en"], f"{where}.label_en"),
        _id(d["cadence"], f"{where}.cadence"),
    )


def read_report(v: object) -> Report:
    d = _obj(
        v,
        "body",
        (
            "format",
            "version",
            "school",
            "teacher",
            "keys",
            "seq",
            "generated_at",
            "as_of",
            "term",
            "children",
            "duties",
            "figures",
            "flags",
            "corrections",
            "cards",
        ),
    )
    _head(d, REPORT_FORMAT)
    teacher = _obj(d["teacher"], "teacher", ("id", "name"))
    term = _obj(d["term"], "term", ("id", "name", "start", "end"))
    return Report(
        _id(d["school"], "school"),
        _id(teacher["id"], "teacher.id"),
        _str(teacher["name"], "teacher.name"),
        _keys(d["keys"], "keys"),
        Seq.read(d["seq"]),
        _datetime(d["generated_at"], "generated_at"),
        _date(d["as_of"], "as_of"),
        {
            "id": _id(term["id"], "term.id"),
            "name": _str(term["name"], "term.name"),
            "start": _date(term["start"], "term.start"),
            "end": _date(term["end"], "term.end"),
        },
        tuple(_list(d["children"], "children", MAX_CHILDREN, _id)),
        tuple(_list(d["duties"], "duties", 100, _duty)),
        tuple(_list(d["figures"], "figures", MAX_FIGURES, _figure)),
        tuple(_list(d["flags"], "flags", MAX_FLAGS, _flag)),
        tuple(_list(d["corrections"], "corrections", MAX_FLAGS, _correction)),
        tuple(_list(d["cards"], "cards", MAX_CARDS, _card)),
    )
