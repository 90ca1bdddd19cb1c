"""Roster import into the vault: read the file, check every row (core.roster), flag children
already in the list, then write the good rows — children and their guardian / parent contacts —
in one transaction after an encrypted backup. The file itself is never changed or copied.

``preview`` and ``apply`` are what the CLI and the TUI call (the TUI from a thread worker).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mentor_tui.core import roster as core
from mentor_tui.core.errors import MentorError
from mentor_tui.core.validate import check_fields
from mentor_tui.db import store
from mentor_tui.db.models import Child, Contact
from mentor_tui.db.vault import Vault, audit, backup


@dataclass
class ImportResult:
    children: int
    contacts: int
    skipped: int
    backup: Path | None


def read_file(path: Path) -> Sequence[Sequence[object]]:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx", ".txt"):
        raise MentorError("err.roster_format")
    try:
        size = path.stat().st_size
        if size > core.MAX_BYTES:
            raise MentorError(
                "err.roster_too_large", rows=core.MAX_ROWS, mb=core.MAX_BYTES // 2**20
            )
        data = path.read_bytes()
    except OSError as exc:
        raise MentorError(
            "err.roster_unreadable", path=str(path), detail=exc.strerror or str(exc)
        ) from None
    if suffix == ".xlsx":
        from mentor_tui.docs_out.roster_xlsx import read_rows

        return read_rows(data, str(path))
    return core.read_csv(data)


GUARDIAN_ROLES = ("grandparent", "relative", "other_guardian")


def _existing(vault: Vault) -> list[dict[str, object]]:
    """The children in the list with what duplicate detection compares: name, date of birth,
    class and the phones of their guardians (primary contacts and guardian roles)."""
    with vault.read():
        phones: dict[str, list[str]] = {}
        query = Contact.select(Contact.child_id, Contact.phones).where(
            Contact.is_primary | Contact.role.in_(GUARDIAN_ROLES)
        )
        for c in query:
            phones.setdefault(c.child_id, []).extend(c.phones or [])
        return [
            {
                "name": c.name,
                "birth_date": c.birth_date,
                "class_name": c.class_name,
                "phones": phones.get(c.id, []),
            }
            for c in Child.select(Child.id, Child.name, Child.birth_date, Child.class_name)
        ]


CHUNK = 500  # records written between progress calls (all in the one transaction)


def preview(
    vault: Vault,
    path: Path,
    today: dt.date | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> core.Roster:
    """Every row of the file with its problems, duplicates of the vault's children flagged.
    ``progress(done, total)``: the rows checked, then the duplicate check."""
    rows = read_file(path)
    total = len(rows) + 1
    roster = core.parse_rows(
        rows,
        today or dt.date.today(),
        (lambda done, _n: progress(done, total)) if progress else None,
    )
    core.mark_duplicates(roster, _existing(vault))
    if progress:
        progress(total, total)
    return roster


def apply(
    vault: Vault,
    roster: core.Roster,
    today: dt.date | None = None,
    progress: Callable[[int, int], object] | None = None,
) -> ImportResult:
    """Import the good rows in one transaction. Duplicates are checked again inside it, so a
    child added since the preview (or a second run) is not added twice. ``progress(done,
    total)``: records written (children, then contacts, in chunks), then the audit line."""
    today = today or dt.date.today()
    saved = backup(vault, "roster-import") if roster.good else None
    with vault.write():
        core.mark_duplicates(roster, _existing(vault))
        good = roster.good
        kids, contacts = [], []
        for row in good:
            check_fields("child", row.child, "child.")  # the length rule (core.validate)
            for c in row.contacts:
                check_fields("contact", c, "contact.")
            cid = store.new_id()
            kids.append((cid, {**row.child, "added_on": today, "status": "active"}))
            contacts += [(store.new_id(), {**c, "child_id": cid}) for c in row.contacts]
        total, done = len(kids) + len(contacts) + 1, 0
        for entity, records in (("child", kids), ("contact", contacts)):
            for i in range(0, len(records), CHUNK):
                part = records[i : i + CHUNK]
                store.put_many(vault, entity, part)
                done += len(part)
                if progress:
                    progress(done, total)
        audit(
            vault,
            "import.roster",
            rows=len(roster.rows),
            imported=len(kids),
            skipped=len(roster.rows) - len(kids),
            contacts=len(contacts),
        )
    if progress:
        progress(total, total)
    return ImportResult(len(kids), len(contacts), len(roster.rows) - len(kids), saved)
