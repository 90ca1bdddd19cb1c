"""The school-wide roster in: issue 15's importer (the file read and bounded, the header and the
columns, every row checked, the one matching rule against the school's children) with the
school's extra columns (core/school_roster.py: the mentor, the county's fields).

A new row is a new child of the school with the contacts the row lists; a row that is a child
the school has updates her (roster_update.plan: the school's fields, contacts); the county's
fields a row gives replace hers. A mentor named in the row (帮扶教师: a pairing made on paper)
pairs the child when she has no mentor yet and the name is one teacher's; an unknown name is
kept as a hint and listed. The study buddy column only pre-fills the mentor's choice.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.core import roster as core, roster_header, roster_update
from mentor_tui.core.school_bodies import CHILD_FIELDS, OWNED_FIELDS
from mentor_tui.core.school_roster import SchoolExtras, extend_layout, extras
from mentor_tui.core.school_staff import by_name, fold
from mentor_tui.db import school_docs
from mentor_tui.db.roster_import import Loaded, choose_sheets, open_roster, remember
from mentor_tui.db.school_models import Pairing, SchoolChild, SchoolChildPrivate, SchoolContact
from mentor_tui.db.school_setup import school_id
from mentor_tui.db.school_staff import list_teachers
from mentor_tui.db.serial_retry import retry_serial
from mentor_tui.db.vault import Vault, audit, backup

Progress = Callable[[int, int], object]
_CONTACT_KEYS = ("role", "name", "relationship", "phones", "work_city", "is_primary")


@dataclass
class SchoolRoster:
    """The preview: the roster rows (core/roster.py, matched against the school's children),
    what each row says beyond (county fields, mentor) and the teacher each mentor name is."""

    roster: core.Roster
    extras: list[SchoolExtras]
    mentors: list[str | None]  # per row: the teacher id its mentor column names, if one
    county: dict[str, dict[str, Any]] = field(default_factory=dict)  # child id -> hers now
    paired: set[str] = field(default_factory=set)  # children with a mentor now

    def importable(self, i: int, with_warnings: bool) -> bool:
        """Importing row ``i`` changes something: a new child, an update, a county field the
        school does not have yet, a pairing from the mentor column."""
        row = self.roster.rows[i]
        if row.status in (core.ERROR, core.CHOOSE):
            return False
        if row.warnings and not with_warnings:
            return False
        if row.status in (core.NEW, core.UPDATE):
            return True
        target = row.target or ""
        have = self.county.get(target, {})
        new_county = any(have.get(k) != v for k, v in self.extras[i].county.items())
        return new_county or (self.mentors[i] is not None and target not in self.paired)


@dataclass
class RosterResult:
    children: int  # new children
    updated: int  # children updated
    contacts: int  # new contacts
    paired: int  # pairings made from the mentor column
    unknown_mentors: list[str]  # mentor names no teacher has
    backup: Path | None


def known_children(vault: Vault) -> list[roster_update.Known]:
    """The school's children (those who left too) as the matching rule reads them."""
    sid = school_id(vault)
    with vault.read():
        private = {
            p.id: p for p in SchoolChildPrivate.select().where(SchoolChildPrivate.school_id == sid)
        }
        contacts: dict[str, list[dict[str, Any]]] = {}
        for x in SchoolContact.select().where(SchoolContact.school_id == sid):
            contacts.setdefault(x.child_id, []).append(
                {"id": x.id, **{k: getattr(x, k) for k in _CONTACT_KEYS}}
            )
        out = []
        for c in SchoolChild.select().where(SchoolChild.school_id == sid):
            p = private.get(c.id)
            child = {
                "name": c.name,
                "gender": c.gender,
                "birth_date": c.birth_date,
                "class_name": c.class_name,
                "grade": c.grade,
                "school": c.school,
                "boarding": c.boarding,
                "categories": list(c.categories or []),
                "id_number": p.id_number if p else "",
                "home_address": p.home_address if p else "",
                "home_phone": p.home_phone if p else "",
                "health_notes": p.health_notes if p else "",
                "study_buddy": c.buddy,
            }
            out.append(roster_update.Known(c.id, child, contacts.get(c.id, [])))
        return out


def open_file(vault: Vault, path: Path, encoding: str | None = None) -> Loaded:
    """The file read, its sheets laid out with the school's extra columns mapped."""
    loaded = open_roster(vault, Path(path), encoding)
    loaded.layouts = [extend_layout(lay) for lay in loaded.layouts]
    return loaded


def preview(
    vault: Vault,
    loaded: Loaded,
    today: dt.date,
    sheets: Sequence[str] | None = None,
    overrides: Sequence[tuple[str, str]] = (),
    progress: Progress | None = None,
) -> SchoolRoster:
    chosen = choose_sheets(loaded, sheets)
    if overrides:
        chosen = [extend_layout(lay) for lay in roster_header.apply_overrides(chosen, overrides)]
    roster = core.parse_sheets(
        [(lay, loaded.rows_of(lay.sheet)) for lay in chosen],
        today,
        (lambda done, total: progress(done, total)) if progress else None,
    )
    return _match(vault, roster)


def _match(vault: Vault, roster: core.Roster) -> SchoolRoster:
    roster_update.match_rows(roster, known_children(vault))
    names = by_name({t.id: t.name for t in list_teachers(vault, include_inactive=False)})
    ex, mentors = [], []
    for row in roster.rows:
        e = extras(row)
        row.problems = [p for p in row.problems if p[0] != "roster.warn.school_value"]
        row.problems += e.problems
        ex.append(e)
        hits = names.get(fold(e.mentor), []) if e.mentor else []
        mentors.append(hits[0] if len(hits) == 1 else None)
    county = {cid: dict(d.get("county") or {}) for cid, d in school_docs.docs_of(vault, "child")}
    return SchoolRoster(roster, ex, mentors, county, _active_pairings(vault, school_id(vault)))


def _active_pairings(vault: Vault, sid: str) -> set[str]:
    with vault.read():
        q = Pairing.select(Pairing.child_id).where(
            (Pairing.school_id == sid) & (Pairing.end.is_null())
        )
        return {p.child_id for p in q}


def apply(
    vault: Vault, sr: SchoolRoster, today: dt.date, with_warnings: bool = False
) -> RosterResult:
    """Write the importable rows in one transaction (after an encrypted backup); the matching
    is done again inside it, so a second run adds nobody twice."""
    sid = school_id(vault)
    saved = backup(vault, "school-roster")
    return retry_serial(vault, lambda: _write(vault, sid, sr, today, with_warnings, saved))


def _write(
    vault: Vault,
    sid: str,
    sr: SchoolRoster,
    today: dt.date,
    with_warnings: bool,
    saved: Path,
) -> RosterResult:
    """The rows written (run again whole on a county server's serialization failure)."""
    new_docs: list[tuple[str, str, dict[str, Any]]] = []
    updated = paired = contacts = 0
    unknown: list[str] = []
    now = dt.datetime.now().replace(microsecond=0).isoformat()
    with vault.write():
        sr = _match(vault, sr.roster)
        by_id = {k.id: k for k in known_children(vault)}
        paired_now = _active_pairings(vault, sid)
        for i, row in enumerate(sr.roster.rows):
            if not sr.importable(i, with_warnings):
                continue
            e, mentor = sr.extras[i], sr.mentors[i]
            target = row.target
            if target is None:
                child_id = uuid.uuid4().hex
                fields = {k: _plain(v) for k, v in row.child.items() if k in CHILD_FIELDS}
                hint = e.mentor if mentor is None else ""
                new_docs.append(("child", child_id, _child_doc(fields, e, today, hint)))
                for c in row.contacts:
                    new_docs.append(("contact", uuid.uuid4().hex, _contact_doc(child_id, c)))
                    contacts += 1
            else:
                child_id = target
                contacts += _update(vault, sid, by_id[target], row, e)
                updated += 1
            if mentor is not None and child_id not in paired_now:
                new_docs.append(
                    (
                        "pairing",
                        uuid.uuid4().hex,
                        {
                            "child_id": child_id,
                            "teacher_id": mentor,
                            "start": today.isoformat(),
                            "end": None,
                            "source": "roster",
                            "changed_at": now,
                        },
                    )
                )
                paired_now.add(child_id)
                paired += 1
            elif e.mentor and mentor is None and e.mentor not in unknown:
                unknown.append(e.mentor)
        school_docs.put_new_docs(vault, sid, new_docs)
        remember(vault, sr.roster.layouts)
        n_new = sum(1 for kind, _id, _d in new_docs if kind == "child")
        audit(
            vault,
            "school.roster",
            rows=len(sr.roster.rows),
            imported=n_new,
            updated=updated,
            paired=paired,
        )
    return RosterResult(n_new, updated, contacts, paired, unknown, saved)


def _plain(v: object) -> object:
    return v.isoformat() if isinstance(v, dt.date) else v


def _child_doc(
    fields: dict[str, Any], e: SchoolExtras, today: dt.date, hint: str
) -> dict[str, Any]:
    return {
        "fields": fields,
        "county": dict(e.county),
        "owned": _owned(fields),
        "status": "active",
        "left_on": None,
        "added_on": today.isoformat(),
        "buddy": e.buddy,
        "mentor_hint": hint,
    }


def _owned(fields: dict[str, Any]) -> list[str]:
    """The fields the school owns: those of OWNED_FIELDS its roster gives a value."""
    return sorted(k for k, v in fields.items() if k in OWNED_FIELDS and v not in (None, "", []))


def _contact_doc(child_id: str, c: dict[str, Any]) -> dict[str, Any]:
    return {"child_id": child_id, **{k: _plain(c[k]) for k in _CONTACT_KEYS if k in c}}


def _update(
    vault: Vault, sid: str, known: roster_update.Known, row: core.RosterRow, e: SchoolExtras
) -> int:
    """Update a child of the school from her row (nothing is written when nothing changes);
    returns the contacts added."""
    data = school_docs.get_data(vault, known.id) or {}
    before = json.dumps(data, sort_keys=True, ensure_ascii=False)
    p = roster_update.plan(row, known)
    fields = dict(data.get("fields") or {})
    fields.update({k: _plain(v) for k, v in p.child.items() if k in CHILD_FIELDS})
    data["fields"] = fields
    data["owned"] = sorted({*(data.get("owned") or []), *_owned(fields)})
    data["county"] = {**(data.get("county") or {}), **e.county}
    if e.buddy and not data.get("buddy"):
        data["buddy"] = e.buddy
    if json.dumps(data, sort_keys=True, ensure_ascii=False) != before:
        school_docs.put_doc(vault, "child", known.id, sid, data)
    added = 0
    for contact_id, changes in p.contacts:
        if contact_id is None:
            school_docs.put_doc(
                vault, "contact", uuid.uuid4().hex, sid, _contact_doc(known.id, changes)
            )
            added += 1
        else:
            old = school_docs.get_data(vault, contact_id) or {"child_id": known.id}
            old.update({k: _plain(v) for k, v in changes.items()})
            school_docs.put_doc(vault, "contact", contact_id, sid, old)
    return added
