"""The one rule that decides which child a record is: a roster row against the children in her
list (roster import), and later a child in the school's handover packet. Pure.

Two records (:class:`Identity`) are compared step by step; the first step both sides can take
decides (:func:`compare`):

1. **ID number**, when both have one: the same number (15- and 18-character forms alike) is the
   same child, whatever the names say; different numbers are different children.
2. Otherwise the **names** must be the same (spaces and full-width forms ignored); then
3. **date of birth**, when both have one: equal or not decides;
4. else **class**, when both have one (spaces and full-width forms ignored);
5. else the **guardian's phone**, when both have one: any number in common decides
   (``+86``, spaces and dashes ignored);
6. else only the name agrees: it *could* be the same child, and nothing can tell.

Against a list (:func:`match`): exactly one child decided the same is that child (names that
only could match do not stand in its way); several decided the same, or none decided but some
could, and she chooses (``candidates``); nobody: a new child.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from mentor_tui.core.idcard import to_18

ID, BIRTH, CLASS, PHONE, NAME = "id", "birth", "class", "phone", "name"
RULES = (ID, BIRTH, CLASS, PHONE, NAME)


def norm(text: object) -> str:
    """Full-width folded, without spaces: "三年级 二班" == "三年级二班"."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or "")))


def phone_key(phone: object) -> str:
    """Digits only, a leading 86 country code dropped."""
    digits = re.sub(r"\D", "", str(phone or ""))
    return digits[2:] if len(digits) == 13 and digits.startswith("86") else digits


@dataclass(frozen=True)
class Identity:
    """What the rule reads of a child. Build it with :func:`identity`."""

    name: str
    id_number: str = ""  # 18-character form
    birth_date: dt.date | None = None
    class_name: str = ""
    phones: frozenset[str] = frozenset()  # the guardian's phones, as phone_key


def identity(
    name: object,
    id_number: object = "",
    birth_date: dt.date | None = None,
    class_name: object = "",
    phones: Iterable[object] = (),
) -> Identity:
    return Identity(
        norm(name),
        to_18(str(id_number or "")),
        birth_date,
        norm(class_name),
        frozenset(p for p in map(phone_key, phones) if p),
    )


@dataclass(frozen=True)
class Verdict:
    """``same``: True (the same child), False (another child) or None (only the name agrees:
    it could be). ``rule``: the step that decided (one of :data:`RULES`)."""

    same: bool | None
    rule: str


def compare(a: Identity, b: Identity) -> Verdict:
    if a.id_number and b.id_number:
        return Verdict(a.id_number == b.id_number, ID)
    if not a.name or a.name != b.name:
        return Verdict(False, NAME)
    if a.birth_date and b.birth_date:
        return Verdict(a.birth_date == b.birth_date, BIRTH)
    if a.class_name and b.class_name:
        return Verdict(a.class_name == b.class_name, CLASS)
    if a.phones and b.phones:
        return Verdict(bool(a.phones & b.phones), PHONE)
    return Verdict(None, NAME)


@dataclass(frozen=True)
class Match:
    """``child_id``: the one child the record is (``rule`` says how it was decided); or None
    with ``candidates``: the children she chooses from (a new child is always a choice too);
    or None and no candidates: a new child."""

    child_id: str | None = None
    rule: str = ""
    candidates: tuple[str, ...] = ()

    @property
    def is_new(self) -> bool:
        return self.child_id is None and not self.candidates

    @property
    def needs_choice(self) -> bool:
        return bool(self.candidates)


class Index:
    """The children of a list, looked up by ID number and by name (so matching a roster of
    thousands of rows against hundreds of children compares only those that can match)."""

    def __init__(self, children: Mapping[str, Identity]) -> None:
        self.children = dict(children)
        self.by_id: dict[str, list[str]] = {}
        self.by_name: dict[str, list[str]] = {}
        for cid, who in self.children.items():
            self.add(cid, who)

    def add(self, cid: str, who: Identity) -> None:
        self.children[cid] = who
        if who.id_number:
            self.by_id.setdefault(who.id_number, []).append(cid)
        self.by_name.setdefault(who.name, []).append(cid)

    def near(self, who: Identity) -> list[str]:
        ids = self.by_id.get(who.id_number, []) if who.id_number else []
        return list(dict.fromkeys([*ids, *self.by_name.get(who.name, [])]))


def match(who: Identity, children: Mapping[str, Identity] | Index) -> Match:
    """Which child of ``children`` (id -> Identity) ``who`` is, by :func:`compare`."""
    index = children if isinstance(children, Index) else Index(children)
    sure: list[tuple[str, str]] = []
    could: list[str] = []
    for cid in index.near(who):
        verdict = compare(who, index.children[cid])
        if verdict.same:
            sure.append((cid, verdict.rule))
        elif verdict.same is None:
            could.append(cid)
    if len(sure) == 1:
        return Match(sure[0][0], sure[0][1])
    if sure:
        return Match(candidates=tuple(cid for cid, _rule in sure))
    if could:
        return Match(rule=NAME, candidates=tuple(could))
    return Match()
