"""Which child of her list each roster row is, and what importing it changes there. Pure.

:func:`match_rows` applies the one matching rule (core/roster_match.py) to every row: against
the rows above it in the file (the same child twice is an error on the later row) and against
the children in her list (a row that is one of them updates that child; one that could be
several, she chooses). :func:`plan` says what an update writes, as :class:`Plan`:

- the school's fields (roster_fields.SCHOOL_FIELDS: name, class, birth date, sex, school, ID
  number) take the roster's value when it gives one; support categories are added to hers,
  never removed; every other field is filled only where her list has nothing;
- the contacts the roster lists are matched to hers (a parent by role, the guardian by name):
  a name, work place or relationship the roster gives is updated, a number it gives and she
  lacks is added (her numbers are kept); a contact she does not have is added;
- nothing else is touched: her notes, the contacts she added, what a roster has no column for.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from mentor_tui.core import idcard
from mentor_tui.core.roster import Change, Roster, RosterRow, placeholder_name
from mentor_tui.core.roster_fields import SCHOOL_FIELDS
from mentor_tui.core.roster_match import Identity, Index, identity, match, norm, phone_key

GUARDIAN_ROLES = ("grandparent", "relative", "other_guardian")
FILL_FIELDS = (
    "grade",
    "boarding",
    "home_address",
    "home_phone",
    "interests",
    "health_notes",
    "study_buddy",
)
CONTACT_FIELDS = ("name", "phones", "work_city", "relationship")


@dataclass(frozen=True)
class Known:
    """A child of her list as the import compares it: the child's fields and her contacts
    (each with its ``id``)."""

    id: str
    child: Mapping[str, Any]
    contacts: Sequence[Mapping[str, Any]] = ()


def guardian_phones(contacts: Sequence[Mapping[str, Any]]) -> list[str]:
    """The phones the matching rule compares: of the primary contact and the guardians."""
    return [
        p
        for c in contacts
        if c.get("is_primary") or c.get("role") in GUARDIAN_ROLES
        for p in c.get("phones") or []
    ]


def known_identity(k: Known) -> Identity:
    c = k.child
    return identity(
        c.get("name"),
        c.get("id_number"),
        c.get("birth_date"),
        c.get("class_name"),
        guardian_phones(k.contacts),
    )


def row_identity(row: RosterRow) -> Identity:
    c = row.child
    return identity(
        c.get("name"),
        c.get("id_number"),
        c.get("birth_date"),
        c.get("class_name"),
        guardian_phones(row.contacts),
    )


_DUP_KEYS = (
    "roster.problem.duplicate_in_file",
    "roster.problem.duplicate_name_in_file",
)


def match_rows(roster: Roster, known: Sequence[Known]) -> None:
    """Set each row's ``match`` (and its ``changes`` when it is one child of her list), and
    flag a row that is the same child as a row above it. Run again after a write: her choices
    (``row.choice``) are kept while they still name a candidate."""
    index = Index({k.id: known_identity(k) for k in known})
    by_id = {k.id: k for k in known}
    earlier = Index({})
    rows_by_key: dict[str, RosterRow] = {}
    for i, row in enumerate(roster.rows):
        row.problems = [p for p in row.problems if p[0] not in _DUP_KEYS]
        row.match, row.changes = None, []
        if not row.child.get("name"):
            continue
        who = row_identity(row)
        same = match(who, earlier)
        if same.child_id is not None:
            _dup(row, rows_by_key[same.child_id], "roster.problem.duplicate_in_file")
            continue
        if same.candidates:
            _dup(row, rows_by_key[same.candidates[0]], "roster.problem.duplicate_name_in_file")
            continue
        key = str(i)
        earlier.add(key, who)
        rows_by_key[key] = row
        row.match = match(who, index)
        if row.choice is not None and row.choice not in (*row.match.candidates, ""):
            row.choice = None
        target = row.target
        if target is not None:
            row.changes = plan(row, by_id[target]).changes


def _dup(row: RosterRow, first: RosterRow, key: str) -> None:
    args: dict[str, object] = {"row": first.line}
    if first.sheet != row.sheet:
        args["sheet"] = first.sheet
        key += "_sheet"
    row.problems.append((key, args))


# --- what an update writes -------------------------------------------------------------------


@dataclass
class Plan:
    """``child``: the fields to put on the child; ``contacts``: (contact id, or None for a new
    contact, the fields to put); ``changes``: the same, as she reads it in the preview."""

    child: dict[str, Any] = field(default_factory=dict)
    contacts: list[tuple[str | None, dict[str, Any]]] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)


def _text(value: object) -> str:
    if value in (None, "", [], False):
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "、".join(map(str, value))
    return str(value)


def _shown(name: str, value: object) -> str:
    return idcard.mask(str(value)) if name == "id_number" and value else _text(value)


def _differs(old: object, new: object) -> bool:
    if isinstance(new, str):
        return norm(old) != norm(new)
    return old != new


def plan(row: RosterRow, known: Known) -> Plan:
    """What importing ``row`` writes to ``known`` (the child it was matched to)."""
    out = Plan()
    mine = known.child
    for name in SCHOOL_FIELDS:
        new = row.child.get(name)
        if name == "categories" or new in (None, ""):
            continue
        old = mine.get(name)
        if name == "id_number" and old and idcard.same(str(old), str(new)):
            continue
        if _differs(old, new):
            out.child[name] = new
            out.changes.append(Change(name, _shown(name, old), _shown(name, new)))
    added = [
        c for c in row.child.get("categories") or [] if c not in (mine.get("categories") or [])
    ]
    if added:
        cats = sorted({*(mine.get("categories") or []), *added})
        out.child["categories"] = cats
        out.changes.append(Change("categories", _text(mine.get("categories")), _text(cats)))
    for name in FILL_FIELDS:
        new = row.child.get(name)
        if new not in (None, "", False) and not mine.get(name):
            out.child[name] = new
            out.changes.append(Change(name, "", _text(new)))
    taken: set[str] = set()
    has_primary = any(c.get("is_primary") for c in known.contacts)
    for rc in row.contacts:
        theirs = _find(rc, known.contacts, taken)
        if theirs is None:
            fields = {k: v for k, v in rc.items() if k != "is_primary"}
            fields["is_primary"] = bool(rc.get("is_primary")) and not has_primary
            out.contacts.append((None, fields))
            out.changes.append(Change(f"{rc['role']}.new", "", _person(rc)))
            continue
        taken.add(str(theirs["id"]))
        fields = _contact_update(rc, theirs, out.changes)
        if fields:
            out.contacts.append((str(theirs["id"]), fields))
    return out


def _person(c: Mapping[str, Any]) -> str:
    return " ".join(x for x in (str(c.get("name") or ""), _text(c.get("phones"))) if x)


def _find(
    rc: Mapping[str, Any], contacts: Sequence[Mapping[str, Any]], taken: set[str]
) -> Mapping[str, Any] | None:
    """Her contact the roster's contact is: a parent by role (by name when she has two), the
    guardian by name, else by a phone number in common."""
    free = [c for c in contacts if str(c.get("id")) not in taken]
    named = (
        []
        if placeholder_name(rc)
        else [c for c in free if norm(c.get("name")) == norm(rc.get("name"))]
    )
    if rc["role"] in ("father", "mother"):
        same_role = [c for c in free if c.get("role") == rc["role"]]
        by_name = [c for c in same_role if c in named]
        if by_name:
            return by_name[0]
        return same_role[0] if len(same_role) == 1 else None
    if named:
        return named[0]
    numbers = {phone_key(p) for p in rc.get("phones") or []}
    return next((c for c in free if numbers & {phone_key(p) for p in c.get("phones") or []}), None)


def _contact_update(
    rc: Mapping[str, Any], theirs: Mapping[str, Any], changes: list[Change]
) -> dict[str, Any]:
    role = rc["role"]
    fields: dict[str, Any] = {}
    if rc.get("name") and not placeholder_name(rc) and _differs(theirs.get("name"), rc["name"]):
        fields["name"] = rc["name"]
    have = {phone_key(p) for p in theirs.get("phones") or []}
    new_numbers = [p for p in rc.get("phones") or [] if phone_key(p) not in have]
    if new_numbers:
        fields["phones"] = [*(theirs.get("phones") or []), *new_numbers]
    if rc.get("work_city") and _differs(theirs.get("work_city"), rc["work_city"]):
        fields["work_city"] = rc["work_city"]
    relationship = rc.get("relationship")
    guardian = role not in ("father", "mother")
    if guardian and relationship and _differs(theirs.get("relationship"), relationship):
        fields["relationship"] = relationship
        if theirs.get("role") in GUARDIAN_ROLES:
            fields["role"] = role
    for name in CONTACT_FIELDS:
        if name in fields:
            changes.append(Change(f"{role}.{name}", _text(theirs.get(name)), _text(fields[name])))
    return fields
