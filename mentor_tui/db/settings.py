"""Terms and settings that travel with the vault; local drafts and the audit log."""

from __future__ import annotations

import datetime as dt

from mentor_tui.core.errors import MentorError
from mentor_tui.core.terms import TermInfo, check_term
from mentor_tui.db import store
from mentor_tui.db.models import Audit, Draft, Setting, Term
from mentor_tui.db.vault import Vault


def get_setting(vault: Vault, key: str, default=None):
    with vault.read():
        row = Setting.get_or_none(Setting.id == key)
        return default if row is None else row.value


def set_setting(vault: Vault, key: str, value) -> None:
    store.put(vault, "setting", {"value": value}, record_id=key)


def add_term(vault: Vault, name: str, start: dt.date, end: dt.date,
             middle: dt.date | None = None, breaks: list | None = None,
             term_id: str | None = None) -> str:
    return store.put(vault, "term", {"name": name, "start": start, "end": end, "middle": middle,
                                     "breaks": breaks or []}, record_id=term_id)


def list_terms(vault: Vault) -> list[Term]:
    with vault.read():
        return list(Term.select().order_by(Term.start))


def term_info(row: Term) -> TermInfo:
    return TermInfo.from_json(row.id, row.name, row.start, row.end, row.middle, row.breaks or [])


def find_term(vault: Vault, spec: str) -> TermInfo:
    """A stored term by its id, a unique start of its id (at least 4 characters) or its exact
    name; ``err.term_not_found`` / ``err.term_ambiguous`` otherwise."""
    terms = [term_info(row) for row in list_terms(vault)]
    spec = spec.strip()
    for term in terms:
        if term.id == spec:
            return term
    hits = [term for term in terms if term.name == spec]
    if not hits and len(spec) >= 4:
        hits = [term for term in terms if term.id.startswith(spec)]
    if len(hits) == 1:
        return hits[0]
    if hits:
        raise MentorError("err.term_ambiguous", spec=spec, n=len(hits))
    raise MentorError("err.term_not_found", spec=spec)


def save_term(vault: Vault, term: TermInfo, term_id: str | None = None) -> str:
    """Check ``term`` against the other stored terms (core.terms.check_term), then write it as
    a new term (``term_id`` None) or a new version of ``term_id``. Returns the id."""
    others = [term_info(row) for row in list_terms(vault)]
    check_term(TermInfo(term_id or "", term.name, term.start, term.end, term.middle,
                        term.breaks), others)
    return add_term(vault, term.name.strip(), term.start, term.end, term.middle,
                    term.breaks_json(), term_id=term_id)


def save_draft(vault: Vault, key: str, data: dict) -> None:
    with vault.write():
        Draft.insert(key=key, data=data, updated_at=dt.datetime.now().replace(microsecond=0)
                     ).on_conflict_replace().execute()


def get_draft(vault: Vault, key: str) -> dict | None:
    with vault.read():
        row = Draft.get_or_none(Draft.key == key)
        return row.data if row else None


def list_drafts(vault: Vault) -> list[tuple[str, dict]]:
    with vault.read():
        return [(d.key, d.data) for d in Draft.select().order_by(Draft.updated_at.desc())]


def discard_draft(vault: Vault, key: str) -> None:
    with vault.write():
        Draft.delete().where(Draft.key == key).execute()


def audit_log(vault: Vault) -> list[Audit]:
    with vault.read():
        return list(Audit.select().order_by(Audit.id))


def record_audit(vault: Vault, event: str, **counts: int) -> None:
    from mentor_tui.db.vault import audit
    with vault.write():
        audit(vault, event, **counts)
