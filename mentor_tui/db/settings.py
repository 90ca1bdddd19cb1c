"""Terms and settings that travel with the vault; local drafts and the audit log."""

from __future__ import annotations

import datetime as dt

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
