"""Terms and settings that travel with the vault; local drafts and the audit log."""

from __future__ import annotations

import datetime as dt
import sys
from typing import Any

from mentor_tui.core.errors import MentorError
from mentor_tui.core.terms import TermInfo, check_term
from mentor_tui.core.validate import SHORT_MAX, check_date, check_text
from mentor_tui.db import store
from mentor_tui.db.models import Audit, Draft, Setting, Term
from mentor_tui.db.vault import Vault


def get_setting(vault: Vault, key: str, default: Any = None) -> Any:
    """The setting's JSON value (``default`` when it was never set)."""
    with vault.read():
        row = Setting.get_or_none(Setting.id == key)
        return default if row is None else row.value


SHORT_SETTINGS = ("teacher_name", "school")
SCHOOL_ID_SETTING = "school_id"  # set in a school's vault only: what makes a vault a school's


def holds_a_school(vault: Vault) -> bool:
    """Whether the vault is a school office's (its school id is set)."""
    value = get_setting(vault, SCHOOL_ID_SETTING)
    return isinstance(value, str) and bool(value)


def set_setting(vault: Vault, key: str, value: object) -> None:
    if isinstance(value, str):  # the teacher's name, the school: short fields (the length
        # rule); any other text (a school's policy file) is only checked to be encodable
        check_text(value, key, SHORT_MAX if key in SHORT_SETTINGS else sys.maxsize, "field.setting")
    store.put(vault, "setting", {"value": value}, record_id=key)


def add_term(
    vault: Vault,
    name: str,
    start: dt.date,
    end: dt.date,
    middle: dt.date | None = None,
    breaks: list[list[str]] | None = None,
    term_id: str | None = None,
) -> str:
    check_text(name, "name", SHORT_MAX, "field.term_name")
    for day, field in ((start, "start"), (end, "end"), (middle, "middle")):
        check_date(day, field)
    return store.put(
        vault,
        "term",
        {"name": name, "start": start, "end": end, "middle": middle, "breaks": breaks or []},
        record_id=term_id,
    )


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
    check_term(
        TermInfo(term_id or "", term.name, term.start, term.end, term.middle, term.breaks), others
    )
    return add_term(
        vault,
        term.name.strip(),
        term.start,
        term.end,
        term.middle,
        term.breaks_json(),
        term_id=term_id,
    )


def save_draft(vault: Vault, key: str, data: dict[str, Any]) -> None:
    with vault.write():
        Draft.insert(
            key=key, data=data, updated_at=dt.datetime.now().replace(microsecond=0)
        ).on_conflict_replace().execute()


def get_draft(vault: Vault, key: str) -> dict[str, Any] | None:
    with vault.read():
        row = Draft.get_or_none(Draft.key == key)
        return row.data if row else None


def list_drafts(vault: Vault) -> list[tuple[str, dict[str, Any]]]:
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


# --- the duty policy: a shipped preset (setting ``policy``) or the school's own TOML text
# (setting ``policy_toml``, which wins; read by db/duty_data.py policy_of) ---------------------

POLICY_PRESET = "policy"
POLICY_TOML = "policy_toml"


def policy_source(vault: Vault) -> tuple[str, str]:
    """("file", the school's TOML text) or ("preset", the preset's name)."""
    text = get_setting(vault, POLICY_TOML)
    if text:
        return "file", text
    return "preset", get_setting(vault, POLICY_PRESET, "default") or "default"


def policy_text(vault: Vault) -> str:
    """The TOML text of the policy in force (the school's own, or the preset's file)."""
    from mentor_tui.core.policy import preset_text

    kind, value = policy_source(vault)
    return value if kind == "file" else preset_text(value)


def use_policy_preset(vault: Vault, name: str) -> None:
    """Switch to a shipped preset (unknown names raise ``err.policy_unknown_preset``); the
    school's own text is cleared so the preset is what counts."""
    from mentor_tui.core.policy import load_preset

    load_preset(name)
    with vault.write():
        set_setting(vault, POLICY_PRESET, name)
        set_setting(vault, POLICY_TOML, None)


def set_policy_toml(vault: Vault, text: str) -> None:
    """Store the school's own policy after checking it (core.policy.parse_policy raises
    PolicyError naming line and field; nothing is stored then)."""
    from mentor_tui.core.policy import parse_policy

    parse_policy(text)
    set_setting(vault, POLICY_TOML, text)
