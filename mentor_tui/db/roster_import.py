"""Roster import into the vault: read the file (docs_out.roster_file), find each sheet's header
and columns (core.roster_header; a mapping she fixed for the same headers is remembered in the
vault, so it travels with her sync file), check every row (core.roster), find which child of
her list each row is (core.roster_update, by the one matching rule), then write: new children
with their contacts, and the updates of the children she has, in one transaction after an
encrypted backup. The file itself is never changed or copied.

``open_roster`` (sheets and columns: the mapping step), ``preview`` and ``apply`` are what the
CLI and the TUI call (the TUI from thread workers).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mentor_tui.core import roster as core, roster_header, roster_update
from mentor_tui.core.errors import MentorError
from mentor_tui.core.roster_fields import FIELDS
from mentor_tui.core.validate import check_fields
from mentor_tui.db import store
from mentor_tui.db.models import Child, Contact, Setting
from mentor_tui.db.school_links import school_owned
from mentor_tui.db.vault import Vault, audit, backup
from mentor_tui.docs_out.roster_file import Book, read_book

MAPPING_PREFIX = "roster_mapping:"  # + a header set's signature: {column index: field}
CHUNK = 500  # records written between progress calls (all in the one transaction)
Progress = Callable[[int, int], object]


@dataclass
class ImportResult:
    children: int  # new children
    contacts: int  # new contacts (of new children and of children updated)
    skipped: int  # rows not imported (errors, warnings not allowed, no change, no choice)
    backup: Path | None
    updated: int = 0  # children of her list updated


@dataclass
class Loaded:
    """A file read and laid out: ``layouts`` for the sheets with a header row (the mapping
    step's content, remembered mappings applied), ``no_header``: the other sheets' names."""

    path: Path
    book: Book
    layouts: list[roster_header.Layout]
    no_header: list[str] = field(default_factory=list)

    def rows_of(self, sheet: str) -> Sequence[Sequence[object]]:
        return next(s.rows for s in self.book.sheets if s.name == sheet)


# --- reading and the mapping -----------------------------------------------------------------


def open_roster(vault: Vault | None, path: Path, encoding: str | None = None) -> Loaded:
    """Read the file and lay out every sheet that has a header row; with a vault, the mapping
    she fixed for the same headers before is applied."""
    book = read_book(Path(path), encoding)
    sheets_with_rows = [s for s in book.sheets if s.rows]
    several = len(sheets_with_rows) > 1
    layouts, no_header = [], []
    for sheet in book.sheets:
        try:
            lay = roster_header.layout(sheet.name, sheet.rows, sheet.merged, several)
        except MentorError as exc:
            if exc.key != "err.roster_no_header":
                raise
            no_header.append(sheet.name)
            continue
        layouts.append(lay)
    if not layouts:
        raise MentorError("err.roster_no_header")
    if vault is not None:
        layouts = [remembered(vault, lay) for lay in layouts]
    return Loaded(Path(path), book, layouts, no_header)


def _mapping_key(lay: roster_header.Layout) -> str:
    return MAPPING_PREFIX + lay.signature


def remembered(vault: Vault, lay: roster_header.Layout) -> roster_header.Layout:
    """The layout with the mapping she chose for these headers before, if any."""
    with vault.read():
        row = Setting.get_or_none(Setting.id == _mapping_key(lay))
        saved = row.value if row is not None else None
    if not isinstance(saved, dict):
        return lay
    fields = {
        int(k): v
        for k, v in saved.items()
        if str(k).isdigit() and isinstance(v, str) and (v == "" or v in FIELDS)
    }
    return lay.with_fields(fields, roster_header.REMEMBERED)


def remember(vault: Vault, layouts: Sequence[roster_header.Layout]) -> None:
    """Keep the mapping of each header set she changed (a setting: it syncs with her)."""
    for lay in layouts:
        if any(c.how in (roster_header.CHOSEN, roster_header.REMEMBERED) for c in lay.columns):
            value = {str(c.index): c.field for c in lay.columns}
            store.put(vault, "setting", {"value": value}, record_id=_mapping_key(lay))


# --- the children of her list ----------------------------------------------------------------

_CHILD_COLUMNS = (
    "name",
    "birth_date",
    "class_name",
    "id_number",
    "gender",
    "school",
    "categories",
    *roster_update.FILL_FIELDS,
)
_CONTACT_COLUMNS = ("name", "role", "phones", "work_city", "relationship", "is_primary")


def known_children(vault: Vault) -> list[roster_update.Known]:
    """Every child of her list (archived too: a child back on a roster is not added twice)
    with what matching and updating read."""
    with vault.read():
        contacts: dict[str, list[dict[str, Any]]] = {}
        for c in Contact.select():
            contacts.setdefault(c.child_id, []).append(
                {"id": c.id, **{k: getattr(c, k) for k in _CONTACT_COLUMNS}}
            )
        return [
            roster_update.Known(
                c.id, {k: getattr(c, k) for k in _CHILD_COLUMNS}, contacts.get(c.id, [])
            )
            for c in Child.select()
        ]


def child_names(vault: Vault, ids: Sequence[str]) -> dict[str, str]:
    """id -> "name（class）" of the children a row could be (her choice's words)."""
    with vault.read():
        query = Child.select(Child.id, Child.name, Child.class_name, Child.birth_date)
        return {
            c.id: "　".join(
                x
                for x in (c.name, c.class_name, c.birth_date.isoformat() if c.birth_date else "")
                if x
            )
            for c in query.where(Child.id.in_(list(ids)))
        }


# --- preview and import ----------------------------------------------------------------------


def choose_sheets(loaded: Loaded, names: Sequence[str] | None) -> list[roster_header.Layout]:
    """The layouts of the sheets named (default: every sheet with a header row)."""
    if not names:
        return list(loaded.layouts)
    by_name = {lay.sheet: lay for lay in loaded.layouts}
    out = []
    for name in names:
        if name not in by_name:
            choices = "、".join(by_name)
            raise MentorError("err.roster_no_sheet", name=name, choices=choices)
        out.append(by_name[name])
    return out


def preview(
    vault: Vault,
    path: Path,
    today: dt.date | None = None,
    progress: Progress | None = None,
    *,
    sheets: Sequence[str] | None = None,
    overrides: Sequence[tuple[str, str]] = (),
    encoding: str | None = None,
    loaded: Loaded | None = None,
    layouts: Sequence[roster_header.Layout] | None = None,
) -> core.Roster:
    """Every row of the chosen sheets with its problems and what importing it would do (new
    child, update of a child of her list, no change, her choice). ``overrides``: (header,
    field) pairs (the CLI's --map); ``layouts``: the mapping step's result."""
    loaded = loaded or open_roster(vault, path, encoding)
    chosen = list(layouts) if layouts is not None else choose_sheets(loaded, sheets)
    if overrides:
        chosen = roster_header.apply_overrides(chosen, overrides)
    parts = [(lay, loaded.rows_of(lay.sheet)) for lay in chosen]
    total = sum(len(rows) for _lay, rows in parts) + 1
    roster = core.parse_sheets(
        parts,
        today or dt.date.today(),
        (lambda done, _n: progress(done, total)) if progress else None,
    )
    roster_update.match_rows(roster, known_children(vault))
    _keep_school_fields(vault, roster)
    if progress:
        progress(total, total)
    return roster


def _keep_school_fields(vault: Vault, roster: core.Roster) -> None:
    """A child her school handed over keeps the school's values of the fields it owns (one
    writer per field, issue 19): her roster does not change them, nor says it would."""
    for row in roster.rows:
        if row.target is not None:
            owned = school_owned(vault, row.target)
            if owned:
                row.changes = [c for c in row.changes if c.what not in owned]


def _new_records(
    rows: Sequence[core.RosterRow], today: dt.date
) -> tuple[list[tuple[str, dict[str, Any]]], list[tuple[str, dict[str, Any]]]]:
    kids, contacts = [], []
    for row in rows:
        cid = store.new_id()
        kids.append((cid, {**row.child, "added_on": today, "status": "active"}))
        contacts += [(store.new_id(), {**c, "child_id": cid}) for c in row.contacts]
    return kids, contacts


def apply(
    vault: Vault,
    roster: core.Roster,
    today: dt.date | None = None,
    progress: Progress | None = None,
    with_warnings: bool = False,
) -> ImportResult:
    """Import the rows that do something: new children (with their contacts) and the updates
    of children of her list, in one transaction. The matching is done again inside it, so a
    child added since the preview (or a second run) is not added twice. Rows with warnings
    only with ``with_warnings`` (without their bad values). The mapping she changed is
    remembered. ``progress(done, total)``: records written, then the audit line."""
    today = today or dt.date.today()
    saved = backup(vault, "roster-import") if roster.to_import(with_warnings) else None
    with vault.write():
        known = known_children(vault)
        roster_update.match_rows(roster, known)
        _keep_school_fields(vault, roster)
        rows = roster.to_import(with_warnings)
        for row in rows:  # the length rule (core.validate) on what the file gives
            check_fields("child", row.child, "child.")
            for c in row.contacts:
                check_fields("contact", c, "contact.")
        by_id = {k.id: k for k in known}
        new_rows = [r for r in rows if r.target is None]
        kids, contacts = _new_records(new_rows, today)
        updates = [
            (r.target, roster_update.plan(r, by_id[r.target])) for r in rows if r.target is not None
        ]
        added_contacts = len(contacts) + sum(
            1 for _cid, p in updates for contact_id, _f in p.contacts if contact_id is None
        )
        total, done = len(kids) + len(contacts) + len(updates) + 1, 0
        for entity, records in (("child", kids), ("contact", contacts)):
            for i in range(0, len(records), CHUNK):
                part = records[i : i + CHUNK]
                store.put_many(vault, entity, part)
                done += len(part)
                if progress:
                    progress(done, total)
        for child_id, p in updates:
            _write_update(vault, child_id, p)
            done += 1
            if progress and done % CHUNK == 0:
                progress(done, total)
        remember(vault, roster.layouts)
        audit(
            vault,
            "import.roster",
            rows=len(roster.rows),
            imported=len(kids),
            updated=len(updates),
            skipped=len(roster.rows) - len(rows),
            contacts=added_contacts,
        )
    if progress:
        progress(total, total)
    return ImportResult(
        len(kids), added_contacts, len(roster.rows) - len(rows), saved, len(updates)
    )


def _write_update(vault: Vault, child_id: str | None, p: roster_update.Plan) -> None:
    assert child_id is not None
    owned = school_owned(vault, child_id)
    p.child = {k: v for k, v in p.child.items() if k not in owned}
    if p.child:
        store.put(vault, "child", p.child, record_id=child_id, refuse_conflict=True)
    for contact_id, fields in p.contacts:
        if contact_id is None:
            store.put(vault, "contact", {**fields, "child_id": child_id})
        else:
            store.put(vault, "contact", fields, record_id=contact_id, refuse_conflict=True)
